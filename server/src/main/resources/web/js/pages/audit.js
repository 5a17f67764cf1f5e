// The privacy officer's page: search requests waiting for approval, standing approvals for scheduled profile runs, the audit log, and the retention report
// with the regimes per organisation and camera.
import { api, qs } from '../api.js';
import { t, tOpt, fmtDateTime, fmtNumber, fromLocalInput, timeZone } from '../i18n.js';
import { h, clear, field, select, section, table, message, busy } from '../dom.js';
import { requestTable } from './search.js';
import { sceneArea, sceneShape } from './stakeout.js';
import { createMap } from '../leaflet.js';

const AUDIT_ACTIONS = ['PASSAGE_SEARCH', 'SEARCH_REQUEST', 'SEARCH_DECISION', 'HIT_VIEW', 'LIST_IMPORT', 'EXPORT', 'LOGIN',
  'SHARING_CHANGE', 'ADMIN', 'CHANGE', 'AUDIT_VIEW', 'PASSAGE_VIEW', 'LIST_VIEW', 'PROBE_REFUSED', 'IMAGE_RECOGNITION', 'EXCHANGE'];

export async function render(main, app) {
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.audit'))));
  const parts = [];
  if (app.can('APPROVE_SEARCHES')) parts.push(approvals(app), standingApprovals(app));
  if (app.can('VIEW_AUDIT')) parts.push(auditLog(app));
  if (app.can('MANAGE_RETENTION')) parts.push(retention(app));
  for (const p of await Promise.all(parts)) main.append(p);
}

async function approvals(app) {
  const box = section(t('audit.approvals'));
  box.id = 'approvals';
  const body = h('div', { 'aria-live': 'polite' });
  const status = select('status', [['PENDING', t('request.PENDING')], ['', t('audit.allRequests')]], 'PENDING');
  status.id = 'approval-status';
  const areas = h('div', { id: 'stakeout-areas', 'aria-live': 'polite' });
  box.append(h('div', { class: 'form-grid' }, field(t('search.status'), status)), body, areas);
  async function load() {
    const [list, stakeouts] = await Promise.all([api('/api/v1/search-requests' + qs({ status: status.value })),
      api('/api/v1/investigations/stakeout/requests').catch(() => [])]);
    const isStakeout = new Set(stakeouts.map((s) => s.id));
    clear(areas);
    clear(body).append(requestTable(list, {
      empty: t('audit.noPending'),
      action: (r) => {
        // a stakeout's areas and windows, on a map and as text, before deciding
        const show = isStakeout.has(r.id) ? h('button', { type: 'button', class: 'secondary', 'data-stakeout-areas': r.id,
          onclick: (e) => busy(e.currentTarget, showAreas(app, r.id, areas).catch((err) => clear(areas).append(message('error', err.message)))) },
        t('audit.showAreas')) : null;
        if (r.status !== 'PENDING') return h('div', { class: 'actions-row' }, r.decidedBy ? `${r.decidedBy}${r.decisionNote ? ': ' + r.decisionNote : ''}` : '', show);
        const note = h('input', { name: 'note', 'aria-label': t('audit.decisionNote', { id: r.id }), placeholder: t('audit.note') });
        const decide = (approve) => (e) => busy(e.currentTarget, api(`/api/v1/search-requests/${r.id}/${approve ? 'approve' : 'reject'}`,
          { method: 'POST', json: { note: note.value || null } })
          .then(() => { app.announce(t(approve ? 'audit.approved' : 'audit.rejected', { id: r.id })); return load(); })
          .catch((err) => body.prepend(message('error', err.message))));
        return h('div', { class: 'actions-row' }, show, note,
          h('button', { type: 'button', 'data-approve': r.id, onclick: decide(true) }, t('audit.approve')),
          h('button', { type: 'button', class: 'danger', 'data-reject': r.id, onclick: decide(false) }, t('audit.reject')));
      },
    }));
  }
  status.addEventListener('change', load);
  await load();
  return box;
}

const SCENE_COLOURS = ['#c0392b', '#1f6fb2', '#7b3fa0', '#1e8449', '#b9770e'];

/** A stakeout request's scenes: each area as text (centre and radius, or the corners) with its window, and on a map. */
async function showAreas(app, id, box) {
  const r = await api(`/api/v1/investigations/stakeout/requests/${id}`);
  const coord = (lat, lon) => `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
  const items = r.scenes.map((s, i) => {
    const label = s.label ? ` '${s.label}'` : '';
    const when = `${fmtDateTime(s.from)} – ${fmtDateTime(s.to)}`;
    const text = s.centre
      ? t('audit.sceneCircle', { n: i + 1, label, radius: fmtNumber(s.radiusMetres), centre: coord(s.centre.lat, s.centre.lon), when })
      : t('audit.scenePolygon', { n: i + 1, label, corners: s.corners.map(([lat, lon]) => `(${coord(lat, lon)})`).join(' '), when,
        holes: s.holes ? ' ' + t('audit.sceneHoles', { n: s.holes }) : '' });
    return h('li', { 'data-scene': String(i) }, h('span', { class: 'swatch', 'aria-hidden': 'true' }, '■ '), text);
  });
  items.forEach((li, i) => { li.firstChild.style.color = SCENE_COLOURS[i % SCENE_COLOURS.length]; });
  const mapEl = h('div', { class: 'map', id: 'stakeout-areas-map', role: 'region', 'aria-label': t('audit.areasMap', { id }) });
  clear(box).append(h('h3', t('audit.stakeoutAreas', { id, by: r.requestedBy })),
    h('p', t('audit.stakeoutScenes', { min: r.minScenes, n: r.scenes.length, margin: r.marginMinutes })),
    h('ol', { class: 'scene-list' }, items), mapEl);
  const shapes = r.scenes.map((s) => sceneArea(s.area));
  const points = r.scenes.flatMap((s) => (s.centre ? [[s.centre.lat, s.centre.lon]] : s.corners));
  const { L, map } = await createMap(mapEl, app.config, { points, zoom: 14 });
  shapes.forEach((s, i) => sceneShape(L, s, SCENE_COLOURS[i % SCENE_COLOURS.length]).addTo(map));
  mapEl.dataset.scenes = String(shapes.length);
  mapEl.scrollIntoView({ block: 'nearest' });
}

/**
 * Standing approvals ("staande toestemming") for scheduled profile runs: a pending one is approved for at most 28 days
 * or refused; an approved one can be revoked at any time, and then never runs again.
 */
async function standingApprovals(app) {
  const box = section(t('schedule.approvals'));
  box.id = 'standing-approvals';
  const body = h('div', { 'aria-live': 'polite' });
  box.append(h('p', { class: 'hint' }, t('schedule.approvalsHint')), body);
  async function load() {
    const list = await api('/api/v1/profile-schedules');
    const decide = (s, verb, json) => (e) => busy(e.currentTarget, api(`/api/v1/profile-schedules/${s.id}/${verb}`, { method: 'POST', json })
      .then(() => { app.announce(t(`schedule.${verb}d`, { id: s.id })); return load(); })
      .catch((err) => body.prepend(message('error', err.message))));
    clear(body).append(table([
      { label: '#', value: (s) => String(s.id), class: 'num' },
      { label: t('investigations.profile'), value: (s) => s.profileName },
      { label: t('search.requestedBy'), value: (s) => s.requestedBy },
      { label: t('schedule.every'), value: (s) => `${t(`schedule.${s.every}`)} · ${t('schedule.windowShort', { n: s.windowHours })} · ${t('schedule.daysShort', { n: s.days })}` },
      { label: t('search.legalBasis'), value: (s) => `${s.caseNumber} · ${tOpt(`offence.${s.offence}`, s.offence)} · ${s.purpose}` },
      { label: t('search.status'), value: (s) => t(`schedule.status.${s.status}`) + (s.validUntil ? ` (${t('schedule.until', { at: fmtDateTime(s.validUntil) })})` : '') },
      { label: t('audit.decision'), value: (s) => {
        const note = h('input', { name: 'note', 'aria-label': t('schedule.note', { id: s.id }), placeholder: t('audit.note') });
        if (s.status === 'PENDING') {
          const days = h('input', { name: 'days', type: 'number', min: '1', max: '28', value: String(s.days), 'aria-label': t('schedule.approveDays', { id: s.id }) });
          return h('div', { class: 'actions-row' }, days, note,
            h('button', { type: 'button', 'data-approve-schedule': s.id, onclick: (e) => decide(s, 'approve', { days: Number(days.value), note: note.value || null })(e) }, t('audit.approve')),
            h('button', { type: 'button', class: 'danger', 'data-refuse-schedule': s.id, onclick: (e) => decide(s, 'refuse', { note: note.value || null })(e) }, t('schedule.refuse')));
        }
        if (s.status === 'APPROVED')
          return h('div', { class: 'actions-row' }, note,
            h('button', { type: 'button', class: 'danger', 'data-revoke-schedule': s.id, onclick: (e) => decide(s, 'revoke', { note: note.value || null })(e) }, t('schedule.revoke')));
        return [s.decidedBy, s.revokedBy].filter(Boolean).join(' · ') + (s.decisionNote ? ': ' + s.decisionNote : '');
      } },
    ], list, { empty: t('schedule.noneToDecide'), onRow: (tr, s) => { tr.dataset.schedule = String(s.id); } }));
  }
  await load();
  return box;
}

async function auditLog() {
  const box = section(t('audit.log'));
  box.id = 'audit-log';
  const actor = h('input', { name: 'actor', autocomplete: 'off' });
  const action = select('action', [['', t('audit.anyAction')], ...AUDIT_ACTIONS.map((a) => [a, tOpt(`audit.action.${a}`, a)])], '');
  const from = h('input', { type: 'datetime-local', name: 'from' });
  const to = h('input', { type: 'datetime-local', name: 'to' });
  const submit = h('button', { type: 'submit' }, t('audit.filter'));
  const exportLink = h('a', { class: 'button secondary', href: '/api/v1/audit/export', download: 'audit-log.csv' }, t('audit.export'));
  const body = h('div');
  const form = h('form', h('div', { class: 'form-grid' }, field(t('audit.actor'), actor), field(t('audit.action'), action),
    field(t('stats.from'), from, t('common.timesIn', { zone: timeZone() })), field(t('stats.to'), to)), h('div', { class: 'actions-row' }, submit, exportLink));
  box.append(form, body);
  async function load() {
    const params = { actor: actor.value.trim(), action: action.value, from: fromLocalInput(from.value), to: fromLocalInput(to.value) };
    exportLink.href = '/api/v1/audit/export' + qs(params);
    let rows;
    try {
      rows = await api('/api/v1/audit' + qs({ ...params, limit: 200 }));
    } catch (e) {
      clear(body).append(message('error', e.message));
      return;
    }
    clear(body).append(table([
      { label: '#', value: (r) => String(r.seq), class: 'num' },
      { label: t('audit.at'), value: (r) => fmtDateTime(r.at), class: 'nowrap' },
      { label: t('audit.actor'), value: (r) => r.actor },
      { label: t('camera.organisation'), value: (r) => r.organisation },
      { label: t('audit.action'), value: (r) => tOpt(`audit.action.${r.action}`, r.action) },
      { label: t('audit.target'), value: (r) => r.target },
      { label: t('search.legalBasis'), value: (r) => [r.legalBasis, r.caseNumber].filter(Boolean).join(' · ') },
      { label: t('search.purpose'), value: (r) => r.purpose },
      { label: t('audit.results'), value: (r) => (r.resultCount == null ? '' : fmtNumber(r.resultCount)), class: 'num' },
    ], rows, { empty: t('audit.none') }));
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(submit, load());
  });
  await load();
  return box;
}

async function retention(app) {
  const box = section(t('audit.retention'));
  box.id = 'retention';
  const body = h('div', { 'aria-live': 'polite' });
  box.append(body);
  async function load() {
    const [report, policies] = await Promise.all([api('/api/v1/retention/report'), api('/api/v1/retention/policies')]);
    const purge = h('button', { type: 'button', class: 'secondary', id: 'purge-now' }, t('audit.purgeNow'));
    purge.addEventListener('click', () => busy(purge, api('/api/v1/retention/purge', { method: 'POST' })
      .then(() => load()).catch((e) => body.prepend(message('error', e.message)))));
    clear(body).append(
      message(report.ok ? 'ok' : 'error', report.ok ? t('audit.retentionOk', { time: fmtDateTime(report.at) }) : t('audit.retentionViolation')),
      h('div', { class: 'actions-row' }, purge),
      h('h3', t('audit.checks')),
      table([
        { label: t('audit.subject'), value: (c) => c.subject },
        { label: t('audit.limit'), value: (c) => c.limit },
        { label: t('audit.found'), value: (c) => c.found },
        { label: t('audit.result'), value: (c) => h('span', { class: `badge ${c.ok ? 'ok' : 'error'}` }, c.ok ? t('audit.ok') : t('audit.violation')) },
      ], report.checks),
      h('h3', t('audit.purges')),
      table([
        { label: t('audit.at'), value: (p) => fmtDateTime(p.ranAt) },
        { label: t('audit.what'), value: (p) => p.what },
        { label: t('audit.period'), value: (p) => `${p.periodFrom ? fmtDateTime(p.periodFrom) : '…'} – ${fmtDateTime(p.periodTo)}` },
        { label: t('audit.rows'), value: (p) => fmtNumber(p.rows), class: 'num' },
      ], report.recentPurges, { empty: t('audit.noPurges') }),
      h('h3', t('audit.policies')),
      policyTable(policies),
      policyForm(app, load));
  }
  await load();
  return box;
}

export function policyTable(policies) {
  return table([
    { label: t('lists.scope'), value: (p) => tOpt(`scope.${p.scope}`, p.scope) },
    { label: t('lists.target'), value: (p) => p.target },
    { label: t('audit.regime'), value: (p) => tOpt(`regime.${p.regime}`, p.regime) },
    { label: t('audit.days'), value: (p) => String(p.days), class: 'num' },
  ], policies, { empty: t('audit.noPolicies') });
}

export function policyForm(app, reload) {
  const scope = select('scope', [['ORGANISATION', tOpt('scope.ORGANISATION', 'ORGANISATION')], ['CAMERA', tOpt('scope.CAMERA', 'CAMERA')]], 'ORGANISATION');
  const target = h('input', { name: 'target', required: true, value: app.me.organisation || '' });
  const regime = select('regime', [['ALL_PASSAGES', t('regime.ALL_PASSAGES')], ['HITS_ONLY', t('regime.HITS_ONLY')]], 'ALL_PASSAGES');
  const days = h('input', { type: 'number', name: 'days', min: '1', max: '28', value: '28', required: true });
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, t('audit.setPolicy'));
  const form = h('form', { id: 'policy-form' }, h('h3', t('audit.setPolicy')),
    h('div', { class: 'form-grid' }, field(t('lists.scope'), scope), field(t('lists.target'), target, t('audit.targetHint')),
      field(t('audit.regime'), regime), field(t('audit.days'), days)),
    h('div', { class: 'actions-row' }, submit), out);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(submit, api('/api/v1/retention/policies', { method: 'PUT', json: { scope: scope.value, target: target.value.trim(), regime: regime.value, days: Number(days.value) } })
      .then(() => reload()).catch((err) => out.replaceChildren(message('error', err.message))));
  });
  return form;
}
