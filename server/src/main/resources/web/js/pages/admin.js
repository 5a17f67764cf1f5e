// Administration: organisations, users, cameras, sharing agreements and retention, each shown to those allowed.
import { api, qs } from '../api.js';
import { t, tOpt, fmtDateTime, fmtAgo, toLocalInput, fromLocalInput } from '../i18n.js';
import { h, clear, field, select, table, message, busy } from '../dom.js';
import { healthBadge } from '../cameras.js';
import { policyTable, policyForm } from './audit.js';
import { placesCard } from './profiles.js';

const ROLES = ['OFFICER', 'ANALYST', 'LIST_MANAGER', 'PRIVACY_OFFICER', 'ADMINISTRATOR', 'ZONE_MANAGER', 'ENFORCEMENT_OFFICER'];
const KINDS = ['POLICE', 'NATIONAL', 'MUNICIPALITY', 'AGENCY', 'OTHER'];

export async function render(main, app, [tab]) {
  const tabs = [];
  if (app.can('MANAGE_ORGANISATIONS') || app.can('MANAGE_USERS')) tabs.push(['organisations', organisations]);
  if (app.can('MANAGE_USERS')) tabs.push(['users', users]);
  if (app.can('MANAGE_CAMERAS')) tabs.push(['cameras', cameras]);
  if (app.can('MANAGE_SHARING')) tabs.push(['sharing', sharing]);
  if (app.can('MANAGE_RETENTION')) tabs.push(['retention', retention]);
  const current = tabs.find((x) => x[0] === tab) || tabs[0];
  const panel = h('div', { role: 'tabpanel', id: 'admin-panel', 'aria-labelledby': `admin-tab-${current[0]}` });
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.admin'))),
    h('nav', { class: 'tabs', 'aria-label': t('admin.sections') }, tabs.map(([key]) =>
      h('a', { href: `#/admin/${key}`, id: `admin-tab-${key}`, class: 'button secondary', 'aria-current': key === current[0] ? 'page' : null }, t(`admin.${key}`)))),
    panel);
  await current[1](panel, app);
}

function refresh(app, tab) {
  return () => app.navigate(`#/admin/${tab}`);
}

async function organisations(panel, app) {
  const orgs = await api('/api/v1/organisations');
  panel.append(h('section', { class: 'card', 'aria-labelledby': 'org-h' }, h('h2', { id: 'org-h' }, t('admin.organisations')),
    table([
      { label: t('admin.code'), value: (o) => o.code },
      { label: t('admin.name'), value: (o) => o.name },
      { label: t('admin.kind'), value: (o) => tOpt(`kind.${o.kind}`, o.kind) },
      { label: t('admin.timeZone'), value: (o) => o.timeZone || '' },
    ], orgs)));
  if (!app.can('MANAGE_ORGANISATIONS')) return;
  const code = h('input', { name: 'code', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9_-]{1,39}' });
  const name = h('input', { name: 'name', required: true });
  const kind = select('kind', KINDS.map((k) => [k, tOpt(`kind.${k}`, k)]), 'POLICE');
  const timeZone = h('input', { name: 'timeZone', value: 'Europe/Amsterdam', autocomplete: 'off', spellcheck: 'false' });
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, t('common.save'));
  const form = h('form', { class: 'card' }, h('h2', t('admin.newOrganisation')),
    h('div', { class: 'form-grid' }, field(t('admin.code'), code), field(t('admin.name'), name), field(t('admin.kind'), kind),
      field(t('admin.timeZone'), timeZone, t('admin.timeZoneHint'))),
    h('div', { class: 'actions-row' }, submit), out);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(submit, api('/api/v1/organisations', { method: 'POST', json: { code: code.value.trim(), name: name.value.trim(), kind: kind.value, timeZone: timeZone.value.trim() || null } })
      .then(refresh(app, 'organisations')).catch((err) => out.replaceChildren(message('error', err.message))));
  });
  panel.append(form);
}

function roleChecks(selected = []) {
  return h('div', { class: 'checks' }, ROLES.map((r) => h('label', h('input', { type: 'checkbox', name: 'roles', value: r, checked: selected.includes(r) }), tOpt(`role.${r}`, r))));
}

async function users(panel, app) {
  const [list, orgs] = await Promise.all([api('/api/v1/users'), api('/api/v1/organisations').catch(() => [])]);
  const out = h('div', { 'aria-live': 'polite' });
  panel.append(h('section', { class: 'card', 'aria-labelledby': 'users-h' }, h('h2', { id: 'users-h' }, t('admin.users')), out,
    table([
      { label: t('login.username'), value: (u) => u.username },
      { label: t('admin.displayName'), value: (u) => u.displayName },
      { label: t('camera.organisation'), value: (u) => u.organisation },
      { label: t('admin.roles'), value: (u) => [...u.roles].map((r) => tOpt(`role.${r}`, r)).join(', ') },
      {
        label: t('admin.state'),
        value: (u) => (u.disabled ? h('span', { class: 'badge off' }, t('admin.disabled'))
          : u.lockedUntil && new Date(u.lockedUntil) > new Date() ? h('span', { class: 'badge error' }, t('admin.locked'))
            : h('span', { class: 'badge ok' }, t('admin.active'))),
      },
      {
        label: t('common.actions'),
        value: (u) => {
          const row = h('div', { class: 'actions-row' });
          const act = (label, body) => {
            const b = h('button', { type: 'button', class: 'secondary' }, label);
            b.addEventListener('click', () => busy(b, api(`/api/v1/users/${u.id}`, { method: 'PUT', json: body })
              .then(refresh(app, 'users')).catch((err) => out.replaceChildren(message('error', err.message)))));
            return b;
          };
          if (u.lockedUntil && new Date(u.lockedUntil) > new Date()) row.append(act(t('admin.unlock'), { unlock: true }));
          row.append(u.disabled ? act(t('admin.enable'), { disabled: false }) : act(t('admin.disable'), { disabled: true }));
          return row;
        },
      },
    ], list)));
  const f = {
    username: h('input', { name: 'username', required: true, autocomplete: 'off' }),
    displayName: h('input', { name: 'displayName', required: true }),
    organisation: app.me.organisation
      ? h('input', { name: 'organisation', value: app.me.organisation, readonly: true })
      : select('organisation', orgs.map((o) => [o.code, o.name]), ''),
    password: h('input', { name: 'password', type: 'password', required: true, minlength: '10', autocomplete: 'new-password' }),
  };
  const roles = roleChecks(['OFFICER']);
  const result = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, t('common.create'));
  const form = h('form', { class: 'card', id: 'user-form' }, h('h2', t('admin.newUser')),
    h('div', { class: 'form-grid' }, field(t('login.username'), f.username), field(t('admin.displayName'), f.displayName),
      field(t('camera.organisation'), f.organisation), field(t('login.password'), f.password, t('admin.passwordHint'))),
    h('fieldset', h('legend', t('admin.roles')), roles),
    h('div', { class: 'actions-row' }, submit), result);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const rs = [...roles.querySelectorAll('input:checked')].map((x) => x.value);
    busy(submit, api('/api/v1/users', { method: 'POST', json: { username: f.username.value.trim(), displayName: f.displayName.value.trim(),
      organisation: f.organisation.value, roles: rs, password: f.password.value } })
      .then(refresh(app, 'users')).catch((err) => result.replaceChildren(message('error', err.message))));
  });
  panel.append(form);
}

async function cameras(panel, app) {
  const list = await api('/api/v1/cameras');
  const out = h('div', { 'aria-live': 'polite' });
  const formBox = h('div');
  panel.append(h('section', { class: 'card', 'aria-labelledby': 'cams-h' }, h('h2', { id: 'cams-h' }, t('admin.cameras')), out,
    table([
      { label: t('camera.id'), value: (c) => c.id },
      { label: t('camera.name'), value: (c) => c.name },
      { label: t('camera.organisation'), value: (c) => c.organisation },
      { label: t('camera.status'), value: (c) => healthBadge(c) },
      { label: t('camera.lastRead'), value: (c) => fmtAgo(c.lastReadAt) },
      {
        label: t('common.actions'),
        value: (c) => {
          const edit = h('button', { type: 'button', class: 'secondary' }, t('common.edit'));
          edit.addEventListener('click', () => {
            clear(formBox).append(cameraForm(app, c));
            formBox.querySelector('input, select')?.focus();
          });
          const del = h('button', { type: 'button', class: 'secondary' }, t('common.delete'));
          del.addEventListener('click', () => {
            if (!confirm(t('admin.confirmDelete', { id: c.id }))) return;
            busy(del, api(`/api/v1/cameras/${encodeURIComponent(c.id)}`, { method: 'DELETE' })
              .then(refresh(app, 'cameras')).catch((err) => out.replaceChildren(message('error', err.message))));
          });
          return h('div', { class: 'actions-row' }, edit, del);
        },
      },
    ], list)), formBox);
  formBox.append(cameraForm(app, null));
  // What kind of place each camera watches: the tags pattern profiles name.
  panel.append(await placesCard(list));
}

function cameraForm(app, cam) {
  const c = cam || { status: 'ACTIVE', type: 'FIXED', organisation: app.me.organisation || '' };
  const f = {
    id: h('input', { name: 'id', required: true, value: c.id || '', readonly: !!cam }),
    name: h('input', { name: 'name', required: true, value: c.name || '' }),
    type: select('type', [['FIXED', tOpt('camera.type.FIXED', 'FIXED')], ['MOBILE', tOpt('camera.type.MOBILE', 'MOBILE')]], c.type),
    lat: h('input', { name: 'lat', type: 'number', step: 'any', required: true, value: c.lat ?? '' }),
    lon: h('input', { name: 'lon', type: 'number', step: 'any', required: true, value: c.lon ?? '' }),
    heading: h('input', { name: 'heading', type: 'number', min: '0', max: '359', step: 'any', value: c.heading ?? '' }),
    direction: h('input', { name: 'direction', value: c.direction || '' }),
    lane: h('input', { name: 'lane', value: c.lane || '' }),
    organisation: h('input', { name: 'organisation', required: true, value: c.organisation || '', readonly: !!app.me.organisation }),
    status: select('status', ['ACTIVE', 'INACTIVE', 'MAINTENANCE'].map((s) => [s, tOpt(`camera.status.${s}`, s)]), c.status),
  };
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, t('common.save'));
  const form = h('form', { class: 'card', id: 'camera-form' }, h('h2', cam ? t('admin.editCamera', { id: cam.id }) : t('admin.newCamera')),
    h('div', { class: 'form-grid' }, field(t('camera.id'), f.id), field(t('camera.name'), f.name), field(t('camera.type'), f.type),
      field(t('camera.lat'), f.lat), field(t('camera.lon'), f.lon), field(t('camera.heading'), f.heading), field(t('camera.direction'), f.direction),
      field(t('camera.lane'), f.lane), field(t('camera.organisation'), f.organisation), field(t('camera.status'), f.status)),
    h('div', { class: 'actions-row' }, submit), out);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const num = (x) => (x.value === '' ? null : Number(x.value));
    const body = { id: f.id.value.trim(), name: f.name.value.trim(), type: f.type.value, lat: num(f.lat), lon: num(f.lon),
      heading: num(f.heading), direction: f.direction.value || null, lane: f.lane.value || null,
      organisation: f.organisation.value.trim(), status: f.status.value };
    busy(submit, api(cam ? `/api/v1/cameras/${encodeURIComponent(cam.id)}` : '/api/v1/cameras', { method: cam ? 'PUT' : 'POST', json: body })
      .then(refresh(app, 'cameras')).catch((err) => out.replaceChildren(message('error', err.message))));
  });
  return form;
}

async function sharing(panel, app) {
  const [list, orgs, cams] = await Promise.all([api('/api/v1/sharing'), api('/api/v1/organisations').catch(() => []), api('/api/v1/cameras').catch(() => [])]);
  const out = h('div', { 'aria-live': 'polite' });
  panel.append(h('section', { class: 'card', 'aria-labelledby': 'share-h' }, h('h2', { id: 'share-h' }, t('admin.sharing')), out,
    table([
      { label: t('admin.from'), value: (a) => a.fromOrganisation },
      { label: t('admin.to'), value: (a) => a.toOrganisation },
      { label: t('admin.purpose'), value: (a) => tOpt(`sharing.${a.purpose}`, a.purpose) },
      { label: t('search.window'), value: (a) => `${fmtDateTime(a.from)} – ${fmtDateTime(a.until)}` },
      { label: t('actions.cameras'), value: (a) => a.cameras.join(', ') },
      { label: t('admin.reason'), value: (a) => a.reason },
      { label: t('search.status'), value: (a) => h('span', { class: `badge ${{ ACTIVE: 'ok', PLANNED: 'info', EXPIRED: 'off', REVOKED: 'error' }[a.status] || 'off'}` }, tOpt(`sharing.status.${a.status}`, a.status)) },
      {
        label: t('common.actions'),
        value: (a) => {
          if (a.status === 'REVOKED' || a.status === 'EXPIRED') return '';
          const b = h('button', { type: 'button', class: 'secondary', 'data-revoke': a.id }, t('admin.revoke'));
          b.addEventListener('click', () => busy(b, api(`/api/v1/sharing/${a.id}/revoke`, { method: 'POST' })
            .then(refresh(app, 'sharing')).catch((err) => out.replaceChildren(message('error', err.message)))));
          return b;
        },
      },
    ], list, { empty: t('admin.noSharing') })));
  const own = cams.filter((c) => !app.me.organisation || c.organisation === app.me.organisation);
  const to = select('toOrganisation', orgs.filter((o) => o.code !== app.me.organisation).map((o) => [o.code, o.name]), '');
  const purpose = select('purpose', [['HITS', tOpt('sharing.HITS', 'HITS')], ['PASSAGES', tOpt('sharing.PASSAGES', 'PASSAGES')]], 'HITS');
  const from = h('input', { type: 'datetime-local', name: 'from', value: toLocalInput(Date.now()), required: true });
  const until = h('input', { type: 'datetime-local', name: 'until', value: toLocalInput(Date.now() + 30 * 86400_000), required: true });
  const reason = h('input', { name: 'reason', required: true });
  const camChecks = h('div', { class: 'checks' }, own.map((c) => h('label', h('input', { type: 'checkbox', name: 'cameras', value: c.id }), `${c.id} — ${c.name}`)));
  const result = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, t('common.create'));
  const form = h('form', { class: 'card', id: 'sharing-form' }, h('h2', t('admin.newSharing')),
    h('div', { class: 'form-grid' }, field(t('admin.to'), to), field(t('admin.purpose'), purpose), field(t('admin.from'), from),
      field(t('admin.until'), until), h('div', { class: 'wide' }, field(t('admin.reason'), reason))),
    h('fieldset', h('legend', t('actions.cameras')), camChecks),
    h('div', { class: 'actions-row' }, submit), result);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const cameras = [...camChecks.querySelectorAll('input:checked')].map((x) => x.value);
    busy(submit, api('/api/v1/sharing', { method: 'POST', json: { toOrganisation: to.value, purpose: purpose.value,
      from: fromLocalInput(from.value), until: fromLocalInput(until.value), reason: reason.value.trim(), cameras } })
      .then(refresh(app, 'sharing')).catch((err) => result.replaceChildren(message('error', err.message))));
  });
  panel.append(form);
}

async function retention(panel, app) {
  const policies = await api('/api/v1/retention/policies');
  panel.append(h('section', { class: 'card', 'aria-labelledby': 'ret-h' }, h('h2', { id: 'ret-h' }, t('admin.retention')),
    h('p', { class: 'hint' }, t('admin.retentionHint')), policyTable(policies), policyForm(app, refresh(app, 'retention'))));
}
