// The single-page application: session, menu, hash router. Each page is an ES module under pages/, loaded when
// first opened; the menu shows only the pages the user's permissions allow (the server enforces them anyway).
import { api, ApiError, onUnauthorized } from './api.js';
import { t, lang, setLang, applyStatic, LANGUAGES, setTimeZone } from './i18n.js';
import { h, clear, message } from './dom.js';

export const PAGES = [
  { id: 'dashboard', any: [] },
  { id: 'live', any: ['VIEW_HITS'] },
  { id: 'map', any: ['VIEW_CAMERAS'] },
  { id: 'search', any: ['SEARCH_PASSAGES'] },
  { id: 'investigations', any: ['SEARCH_PASSAGES', 'VIEW_HITS'] },
  { id: 'stakeout', any: ['SEARCH_PASSAGES'] },
  { id: 'traffic', any: ['SEARCH_PASSAGES'] },
  { id: 'lists', any: ['VIEW_LISTS'] },
  { id: 'actions', any: ['MANAGE_ACTIONS'] },
  { id: 'stats', any: ['VIEW_STATS'] },
  { id: 'recognize', any: ['RECOGNIZE_IMAGES'] },
  { id: 'zones', any: ['VIEW_ZONES'] },
  { id: 'audit', any: ['VIEW_AUDIT', 'APPROVE_SEARCHES', 'MANAGE_RETENTION'] },
  { id: 'admin', any: ['MANAGE_USERS', 'MANAGE_SHARING', 'MANAGE_ORGANISATIONS', 'MANAGE_CAMERAS'] },
  { id: 'federation', any: ['MANAGE_LISTS'] },
  { id: 'exchange', any: ['MANAGE_SHARING', 'MANAGE_LISTS'] },
  { id: 'connectors', any: ['MANAGE_CAMERAS'] },
];

const SESSION_FLAG = 'anpr.session';

/** What every page gets: the user, the server's public configuration, and permission checks. */
export const app = {
  me: null,
  config: { tileUrl: null, tileAttribution: '', demo: false, demoUsers: [] },
  can(permission) {
    return !!this.me && (this.me.permissions || []).includes(permission);
  },
  canAny(list) {
    return list.length === 0 || list.some((p) => this.can(p));
  },
  announce(text) {
    const a = document.getElementById('announcer');
    a.textContent = '';
    // a fresh text node after a tick, so that the same text twice is announced twice
    setTimeout(() => { a.textContent = text; }, 50);
  },
  navigate(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
  async login(username, password) {
    const res = await api('/api/v1/session', { method: 'POST', json: { username, password } });
    localStorage.setItem(SESSION_FLAG, '1');
    this.me = res && res.user ? res.user : await api('/api/v1/me');
    showShell();
    if (!location.hash || location.hash === '#/login') location.hash = '#/dashboard';
    else route();
  },
  async logout() {
    try {
      await api('/api/v1/session', { method: 'DELETE' });
    } catch (e) {
      // the session may already be gone; the page forgets it either way
    }
    signedOut();
  },
};

let cleanup = null;
let renderSeq = 0;

function signedOut() {
  localStorage.removeItem(SESSION_FLAG);
  app.me = null;
  runCleanup();
  document.body.classList.add('anon');
  clear(document.querySelector('#nav ul'));
  document.getElementById('who').textContent = '';
  if (location.hash !== '#/login') history.replaceState(null, '', '#/login');
  route();
}

function runCleanup() {
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      console.warn('page cleanup failed', e);
    }
  }
  cleanup = null;
}

function allowedPages() {
  return PAGES.filter((p) => app.canAny(p.any));
}

function showShell() {
  document.body.classList.remove('anon');
  const ul = clear(document.querySelector('#nav ul'));
  for (const p of allowedPages()) {
    ul.append(h('li', h('a', { href: `#/${p.id}`, id: `nav-${p.id}`, 'data-page': p.id }, t(`page.${p.id}`))));
  }
  const me = app.me;
  if (me) setTimeZone(me.timeZone); // times shown and typed on the organisation's clock
  document.getElementById('who').textContent = me
    ? `${me.displayName || me.username}${me.organisationName || me.organisation ? ' · ' + (me.organisationName || me.organisation) : ''}`
    : '';
}

async function route() {
  const seq = ++renderSeq;
  const main = document.getElementById('main');
  const hash = location.hash.replace(/^#\/?/, '');
  const [pageId, ...rest] = hash.split('/');
  runCleanup();
  closeMenu();
  if (!app.me) {
    const mod = await import('./pages/login.js');
    if (seq !== renderSeq) return;
    clear(main);
    document.title = `${t('page.login')} — OpenANPR`;
    cleanup = mod.render(main, app) || null;
    return;
  }
  const allowed = allowedPages();
  let page = allowed.find((p) => p.id === pageId);
  if (!page) {
    page = allowed[0];
    history.replaceState(null, '', `#/${page.id}`);
  }
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === page.id) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${t(`page.${page.id}`)} — OpenANPR`;
  let mod;
  try {
    mod = await import(`./pages/${page.id}.js`);
  } catch (e) {
    console.warn(e);
    clear(main).append(message('error', t('common.loadFailed')));
    return;
  }
  if (seq !== renderSeq) return;
  clear(main);
  main.dataset.page = page.id;
  try {
    const c = await mod.render(main, app, rest);
    if (seq === renderSeq) cleanup = c || null;
    else if (typeof c === 'function') c();
  } catch (e) {
    if (seq !== renderSeq) return;
    if (e instanceof ApiError && e.status === 401) return;
    console.warn(e);
    main.append(message('error', `${t('common.loadFailed')}: ${e.message}`));
  }
}

function closeMenu() {
  const toggle = document.getElementById('menu-toggle');
  toggle.setAttribute('aria-expanded', 'false');
  document.getElementById('nav').classList.remove('open');
}

function setupChrome() {
  const langSelect = document.getElementById('lang');
  for (const [code, name] of Object.entries(LANGUAGES)) langSelect.append(h('option', { value: code, lang: code }, name));
  langSelect.value = lang();
  langSelect.addEventListener('change', () => {
    setLang(langSelect.value);
    applyStatic();
    if (app.me) showShell();
    route();
  });
  document.getElementById('logout').addEventListener('click', () => app.logout());
  const toggle = document.getElementById('menu-toggle');
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    document.getElementById('nav').classList.toggle('open', open);
  });
  // The skip link must not change the hash: that is the router's.
  document.getElementById('skip').addEventListener('click', (e) => {
    e.preventDefault();
    document.getElementById('main').focus();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeMenu();
  });
  applyStatic();
}

async function start() {
  setupChrome();
  onUnauthorized(() => {
    if (app.me) signedOut();
  });
  try {
    app.config = Object.assign(app.config, await api('/api/v1/config'));
  } catch (e) {
    console.warn('no /api/v1/config', e);
  }
  if (localStorage.getItem(SESSION_FLAG)) {
    try {
      app.me = await api('/api/v1/me');
    } catch (e) {
      localStorage.removeItem(SESSION_FLAG);
    }
  }
  if (app.me) showShell();
  else document.body.classList.add('anon');
  window.addEventListener('hashchange', route);
  await route();
  document.body.classList.add('ready');
}

start();
