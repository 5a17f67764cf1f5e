// Reference lists: the lists, and per list its entries, versions, where it is switched on, and uploads.
import { api, qs } from '../api.js';
import { t, tOpt, fmtDateTime, fmtNumber, fmtMoney, fmtDate } from '../i18n.js';
import { h, clear, field, select, section, table, message, plate, busy } from '../dom.js';
import { profileManageCard } from './profiles.js';

export const CATEGORIES = ['UNPAID_FINES', 'STOLEN_VEHICLE', 'STOLEN_PLATE', 'ARREST_WARRANT', 'AREA_BAN', 'DRIVING_BAN',
  'UNINSURED', 'NO_MOT', 'TAX_DEBT', 'OBSERVE', 'OTHER'];

export async function render(main, app, [id]) {
  if (id) return detail(main, app, Number(id));
  const lists = await api('/api/v1/lists');
  const manage = app.can('MANAGE_LISTS');
  const formBox = h('div');
  const newBtn = manage ? h('button', { type: 'button', id: 'new-list', 'aria-expanded': 'false' }, t('lists.new')) : null;
  if (newBtn) {
    newBtn.addEventListener('click', () => {
      const open = !formBox.childElementCount;
      clear(formBox);
      newBtn.setAttribute('aria-expanded', String(open));
      if (open) formBox.append(createForm(app));
    });
  }
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.lists')), h('div', { class: 'actions-row' }, newBtn)), formBox,
    section(t('lists.all'), table([
      { label: t('lists.name'), value: (l) => h('a', { href: `#/lists/${l.id}`, 'data-list': l.id }, l.name) },
      { label: t('lists.category'), value: (l) => tOpt(`category.${l.category}`, l.category) },
      { label: t('camera.organisation'), value: (l) => l.organisation },
      { label: t('lists.entries'), value: (l) => fmtNumber(l.entries), class: 'num' },
      { label: t('lists.version'), value: (l) => String(l.version), class: 'num' },
      { label: t('hit.priority'), value: (l) => String(l.priority), class: 'num' },
      { label: t('lists.match'), value: (l) => (l.fuzzy ? t('lists.fuzzy') : t('lists.exact')) },
    ], lists, { empty: t('lists.none') })));
  // Pattern profiles are kept like lists, as data with a purpose and legal basis (their rules name the camera places an
  // administrator tags on the cameras tab).
  if (manage) main.append(await profileManageCard(app));
}

function createForm(app) {
  const f = {
    name: h('input', { name: 'name', required: true }),
    category: select('category', CATEGORIES.map((c) => [c, tOpt(`category.${c}`, c)]), 'UNPAID_FINES'),
    purpose: h('input', { name: 'purpose', required: true }),
    legalBasis: h('input', { name: 'legalBasis', required: true }),
    source: h('input', { name: 'source', required: true }),
    organisation: h('input', { name: 'organisation', required: true, value: app.me.organisation || '' }),
    priority: h('input', { name: 'priority', type: 'number', min: '0', max: '100', value: '50' }),
    hitRetentionDays: h('input', { name: 'hitRetentionDays', type: 'number', min: '1', max: '28', value: '28' }),
    instruction: h('input', { name: 'instruction' }),
    fuzzy: h('input', { type: 'checkbox', name: 'fuzzy' }),
    historicalSearch: h('input', { type: 'checkbox', name: 'historicalSearch' }),
  };
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, t('common.create'));
  const form = h('form', { class: 'card', id: 'list-form' },
    h('h2', t('lists.new')),
    h('div', { class: 'form-grid' },
      field(t('lists.name'), f.name), field(t('lists.category'), f.category), field(t('lists.purpose'), f.purpose),
      field(t('lists.legalBasis'), f.legalBasis), field(t('lists.source'), f.source), field(t('camera.organisation'), f.organisation),
      field(t('hit.priority'), f.priority), field(t('lists.retention'), f.hitRetentionDays),
      h('div', { class: 'wide' }, field(t('hit.instruction'), f.instruction, t('lists.instructionHint'))),
      field(t('lists.fuzzyLong'), f.fuzzy), field(t('lists.historical'), f.historicalSearch)),
    h('div', { class: 'actions-row' }, submit), out);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(submit, (async () => {
      try {
        const created = await api('/api/v1/lists', { method: 'POST', json: {
          name: f.name.value, category: f.category.value, purpose: f.purpose.value, legalBasis: f.legalBasis.value,
          source: f.source.value || null, organisation: f.organisation.value, priority: Number(f.priority.value),
          hitRetentionDays: Number(f.hitRetentionDays.value), instruction: f.instruction.value || null,
          fuzzy: f.fuzzy.checked, historicalSearch: f.historicalSearch.checked } });
        app.navigate(`#/lists/${created.id}`);
      } catch (err) {
        out.replaceChildren(message('error', err.message));
      }
    })());
  });
  return form;
}

async function detail(main, app, id) {
  const list = await api(`/api/v1/lists/${id}`);
  const manage = app.can('MANAGE_LISTS');
  main.append(h('p', h('a', { href: '#/lists' }, `← ${t('lists.back')}`)),
    h('div', { class: 'page-head' }, h('h1', { id: 'list-title' }, list.name),
      h('span', { class: 'badge info' }, tOpt(`category.${list.category}`, list.category)),
      // entries and their export are for those who manage the list (the server answers others 403)
      manage ? h('div', { class: 'actions-row' }, h('a', { class: 'button secondary', href: `/api/v1/lists/${id}/export`, download: `list-${id}.csv` }, t('lists.export'))) : null));
  const entryCount = h('dd', { id: 'list-entry-count' }, `${fmtNumber(list.entries)} (${t('lists.version')} ${list.version})`);
  main.append(h('section', { class: 'card', 'aria-label': t('lists.about') }, h('dl', { class: 'facts' },
    h('dt', t('lists.purpose')), h('dd', list.purpose),
    h('dt', t('lists.legalBasis')), h('dd', list.legalBasis),
    h('dt', t('camera.organisation')), h('dd', list.organisation),
    h('dt', t('lists.source')), h('dd', list.source || '–'),
    h('dt', t('hit.instruction')), h('dd', list.instruction),
    h('dt', t('hit.priority')), h('dd', String(list.priority)),
    h('dt', t('lists.match')), h('dd', list.fuzzy ? t('lists.fuzzy') : t('lists.exact')),
    h('dt', t('lists.retention')), h('dd', t('common.days', { n: list.hitRetentionDays })),
    h('dt', t('lists.entries')), entryCount)));

  const tabs = [['versions', t('lists.versions')], ['activations', t('lists.activations')]];
  if (manage) tabs.unshift(['entries', t('lists.entries')]);
  if (manage) tabs.push(['upload', t('lists.upload')]);
  const panel = h('div', { role: 'tabpanel', id: 'list-tabpanel', tabindex: '0' });
  const bar = h('div', { class: 'tabs', role: 'tablist', 'aria-label': list.name });
  const buttons = tabs.map(([key, label]) => {
    const b = h('button', { type: 'button', role: 'tab', id: `tab-${key}`, 'aria-controls': 'list-tabpanel', 'aria-selected': 'false' }, label);
    b.addEventListener('click', () => open(key));
    b.addEventListener('keydown', (e) => {
      const i = tabs.findIndex((x) => x[0] === key);
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length][0];
        open(next);
        bar.querySelector(`#tab-${next}`).focus();
      }
    });
    return b;
  });
  bar.append(...buttons);
  main.append(h('section', { class: 'card', 'aria-label': t('lists.details') }, bar, panel));

  async function open(key) {
    for (const b of buttons) {
      const sel = b.id === `tab-${key}`;
      b.setAttribute('aria-selected', String(sel));
      b.tabIndex = sel ? 0 : -1;
    }
    panel.setAttribute('aria-labelledby', `tab-${key}`);
    clear(panel);
    try {
      if (key === 'entries') await entries();
      if (key === 'versions') await versions();
      if (key === 'activations') await activations();
      if (key === 'upload') upload();
    } catch (e) {
      panel.append(message('error', e.message));
    }
  }

  async function entries() {
    const q = h('input', { name: 'q', id: 'entry-search', autocomplete: 'off' });
    const res = h('div', { 'aria-live': 'polite' });
    const search = async () => {
      const rows = await api(`/api/v1/lists/${id}/entries` + qs({ plate: q.value.trim(), limit: 200 }));
      clear(res).append(table([
        { label: t('hit.plate'), value: (e) => plate(e.plate, e.country, e.display) },
        { label: t('hit.country'), value: (e) => e.country },
        { label: t('hit.reason'), value: (e) => e.reason },
        { label: t('hit.amount'), value: (e) => (e.amount != null ? fmtMoney(e.amount) : ''), class: 'num' },
        { label: t('lists.validUntil'), value: (e) => (e.validUntil ? fmtDate(e.validUntil) : '') },
        { label: t('lists.addedIn'), value: (e) => String(e.addedIn), class: 'num' },
      ], rows, { empty: t('lists.noEntries') }));
    };
    let timer = null;
    q.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    panel.append(h('form', { onsubmit: (e) => { e.preventDefault(); search(); } },
      h('div', { class: 'form-grid' }, field(t('lists.searchEntries'), q, t('lists.searchHint')))), res);
    await search();
  }

  async function versions() {
    const rows = await api(`/api/v1/lists/${id}/versions`);
    panel.append(table([
      { label: t('lists.version'), value: (v) => String(v.version), class: 'num' },
      { label: t('lists.kind'), value: (v) => tOpt(`lists.kind.${v.kind}`, v.kind) },
      { label: t('lists.added'), value: (v) => fmtNumber(v.added), class: 'num' },
      { label: t('lists.removed'), value: (v) => fmtNumber(v.removed), class: 'num' },
      { label: t('lists.total'), value: (v) => fmtNumber(v.total), class: 'num' },
      { label: t('lists.importedBy'), value: (v) => v.importedBy },
      { label: t('lists.importedAt'), value: (v) => fmtDateTime(v.importedAt) },
    ], rows.slice().reverse(), { empty: t('lists.noVersions') }));
  }

  async function activations() {
    const rows = await api(`/api/v1/lists/${id}/activations`);
    panel.append(table([
      { label: t('lists.scope'), value: (a) => tOpt(`scope.${a.scope}`, a.scope) },
      { label: t('lists.target'), value: (a) => a.target },
      manage ? {
        label: t('common.actions'),
        value: (a) => h('button', {
          type: 'button', class: 'secondary',
          onclick: (e) => busy(e.currentTarget, api(`/api/v1/lists/${id}/activations`, { method: 'DELETE', json: { scope: a.scope, target: a.target } })
            .then(() => open('activations')).catch((err) => panel.append(message('error', err.message)))),
        }, t('lists.switchOff')),
      } : null,
    ].filter(Boolean), rows, { empty: t('lists.notActive') }));
    if (!manage) return;
    const [cameras, groups] = await Promise.all([api('/api/v1/cameras').catch(() => []), api('/api/v1/camera-groups').catch(() => [])]);
    const own = cameras.filter((c) => c.organisation === list.organisation);
    const scope = select('scope', ['CAMERA', 'GROUP', 'REGION'].map((s) => [s, tOpt(`scope.${s}`, s)]), 'CAMERA');
    const target = h('select', { name: 'target' });
    const fill = () => {
      const opts = scope.value === 'CAMERA' ? own.map((c) => [c.id, `${c.id} — ${c.name}`])
        : scope.value === 'GROUP' ? groups.filter((g) => g.organisation === list.organisation).map((g) => [g.code, g.name])
          : [[list.organisation, list.organisation]];
      target.replaceChildren(...opts.map(([v, l]) => h('option', { value: v }, l)));
    };
    scope.addEventListener('change', fill);
    fill();
    const out = h('div', { 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit' }, t('lists.switchOn'));
    const form = h('form', h('h3', t('lists.switchOnTitle')),
      h('div', { class: 'form-grid' }, field(t('lists.scope'), scope), field(t('lists.target'), target)),
      h('div', { class: 'actions-row' }, submit), out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      busy(submit, api(`/api/v1/lists/${id}/activations`, { method: 'POST', json: { scope: scope.value, target: target.value } })
        .then(() => open('activations')).catch((err) => out.replaceChildren(message('error', err.message))));
    });
    panel.append(form);
  }

  function upload() {
    const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv,application/json', required: true, id: 'upload-file' });
    const mode = select('mode', [['replace', t('lists.mode.replace')], ['add', t('lists.mode.add')], ['remove', t('lists.mode.remove')]], 'replace');
    const out = h('div', { 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit' }, t('lists.uploadSubmit'));
    const form = h('form', { id: 'upload-form' },
      h('p', { class: 'hint' }, t('lists.uploadHint')),
      h('div', { class: 'form-grid' }, field(t('lists.file'), file), field(t('lists.mode'), mode)),
      h('div', { class: 'actions-row' }, submit), out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const fl = file.files[0];
      if (!fl) {
        out.replaceChildren(message('error', t('lists.chooseFile')));
        return;
      }
      busy(submit, (async () => {
        try {
          const json = fl.name.endsWith('.json') || fl.type === 'application/json';
          const r = await api(`/api/v1/lists/${id}/entries` + qs({ mode: mode.value }), {
            method: 'POST', body: await fl.text(), contentType: json ? 'application/json' : 'text/csv' });
          const v = r.version;
          entryCount.textContent = `${fmtNumber(v.total)} (${t('lists.version')} ${v.version})`;
          out.replaceChildren(message('ok', t('lists.uploaded', { version: v.version, added: v.added, removed: v.removed, total: v.total })),
            r.historicalHits ? message('info', t('lists.historicalHits', { n: JSON.stringify(r.historicalHits) })) : '');
        } catch (err) {
          const problems = err.body && err.body.problems;
          out.replaceChildren(message('error', err.message),
            problems ? h('ul', problems.slice(0, 50).map((p) => h('li', typeof p === 'string' ? p : JSON.stringify(p)))) : '');
        }
      })());
    });
    panel.append(form);
  }

  open(tabs[0][0]);
}
