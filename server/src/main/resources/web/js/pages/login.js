import { t, tOpt } from '../i18n.js';
import { h, field, message, busy } from '../dom.js';

const ROLE_ORDER = ['OFFICER', 'ANALYST', 'LIST_MANAGER', 'PRIVACY_OFFICER', 'ADMINISTRATOR', 'ZONE_MANAGER', 'ENFORCEMENT_OFFICER'];

export function render(main, app) {
  const status = h('div', { 'aria-live': 'polite' });
  const user = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'big', id: 'login-submit' }, t('login.submit'));

  async function attempt(username, password, button) {
    status.replaceChildren();
    try {
      await busy(button, app.login(username, password));
    } catch (e) {
      const key = { 401: 'login.bad', 423: 'login.locked', 429: 'login.tooMany' }[e.status];
      status.replaceChildren(message('error', key ? `${t(key)}${e.message ? ' — ' + e.message : ''}` : e.message));
    }
  }

  const form = h('form', {
    id: 'login-form',
    onsubmit: (e) => {
      e.preventDefault();
      attempt(user.value.trim(), pass.value, submit);
    },
  }, field(t('login.username'), user), field(t('login.password'), pass), h('div', { class: 'actions-row' }, submit));

  const demo = [];
  const demoUsers = (app.config.demoUsers || []).slice()
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
  if (demoUsers.length) {
    demo.push(h('section', { class: 'card', 'aria-labelledby': 'demo-h' },
      h('h2', { id: 'demo-h' }, t('login.demoTitle')),
      h('p', { class: 'muted' }, t('login.demoText')),
      h('div', { class: 'demo-users' }, demoUsers.map((u) => {
        const b = h('button', { type: 'button', class: 'secondary', 'data-role': u.role, 'data-username': u.username },
          t('login.as', { role: tOpt(`role.${u.role}`, u.role) }), h('span', { class: 'muted' }, ` (${u.username})`));
        b.addEventListener('click', () => attempt(u.username, u.password, b));
        return b;
      }))));
  }

  main.append(h('div', { class: 'login' },
    h('h1', t('login.title')),
    h('p', { class: 'muted' }, t('login.intro')),
    h('section', { class: 'card', 'aria-label': t('login.title') }, form, status),
    demo));
  (demoUsers.length ? main.querySelector('.demo-users button') : user).focus();
}
