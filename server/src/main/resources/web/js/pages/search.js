// Plate search with its legal basis. A search over the legal threshold (older than 7 days, a window longer than
// 7 days, fuzzy over more than 24 hours, or without a plate) needs a privacy officer's approval first: the page
// files the request and, once approved, runs the search with it.
import { api, qs } from '../api.js';
import { lawfulSearch, approvalPanel as lawfulApprovalPanel } from '../lawful.js';
import { t, fmtDateTime, fmtTime, fmtNumber, toLocalInput, fromLocalInput, tOpt, timeZone } from '../i18n.js';
import { h, clear, field, select, section, table, message, plate, busy } from '../dom.js';
import { timeline } from '../charts.js';
import { createMap } from '../leaflet.js';

export const OFFENCES = ['ART67_CRIME', 'TERRORISM', 'FUGITIVE', 'MISSING_PERSON', 'OTHER_SERIOUS'];
const DAY = 86400_000;

/** The same thresholds the server applies, so the user learns before searching that approval is needed. */
export function thresholdReasons(q, now = Date.now()) {
  const reasons = [];
  const from = q.from ? new Date(q.from).getTime() : now - DAY;
  const to = q.to ? new Date(q.to).getTime() : now;
  if (!q.plate) reasons.push(t('search.reason.noPlate'));
  if (now - from > 7 * DAY) reasons.push(t('search.reason.old'));
  if (to - from > 7 * DAY) reasons.push(t('search.reason.long'));
  if (q.fuzzy && to - from > DAY) reasons.push(t('search.reason.fuzzy'));
  return reasons;
}

export async function render(main, app) {
  const cameras = app.can('VIEW_CAMERAS') ? await api('/api/v1/cameras').catch(() => []) : [];
  const camById = Object.fromEntries(cameras.map((c) => [c.id, c]));
  const now = Date.now();

  const f = {
    plate: h('input', { name: 'plate', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', id: 'search-plate' }),
    fuzzy: h('input', { name: 'fuzzy', type: 'checkbox', id: 'search-fuzzy' }),
    camera: select('camera', [['', t('search.allCameras')], ...cameras.map((c) => [c.id, `${c.id} — ${c.name}`])], ''),
    from: h('input', { name: 'from', type: 'datetime-local', value: toLocalInput(now - DAY), id: 'search-from' }),
    to: h('input', { name: 'to', type: 'datetime-local', value: toLocalInput(now + 60_000), id: 'search-to' }),
    caseNumber: h('input', { name: 'caseNumber', required: true, id: 'search-case', placeholder: 'PL0900-2026123456', autocomplete: 'off' }),
    offence: select('offence', [['', t('search.chooseOffence')], ...OFFENCES.map((o) => [o, t(`offence.${o}`)])], ''),
    purpose: h('textarea', { name: 'purpose', required: true, minlength: '10', id: 'search-purpose', rows: '2' }),
  };
  f.camera.id = 'search-camera';
  f.offence.id = 'search-offence';
  f.offence.required = true;

  const out = h('div', { id: 'search-results', 'aria-live': 'polite' });
  const requests = h('div', { id: 'search-requests' });
  const submit = h('button', { type: 'submit', id: 'search-submit' }, t('search.submit'));

  const form = h('form', { id: 'search-form', novalidate: true },
    h('div', { class: 'form-grid' },
      field(t('search.plate'), f.plate, t('search.plateHint')),
      field(t('search.camera'), f.camera),
      field(t('search.from'), f.from, t('common.timesIn', { zone: timeZone() })),
      field(t('search.to'), f.to),
      field(t('search.fuzzy'), f.fuzzy)),
    h('fieldset', h('legend', t('search.legalBasis')),
      h('p', { class: 'hint' }, t('search.legalHint')),
      h('div', { class: 'form-grid' },
        field(t('search.caseNumber'), f.caseNumber, t('search.caseHint')),
        field(t('search.offence'), f.offence),
        h('div', { class: 'wide' }, field(t('search.purpose'), f.purpose, t('search.purposeHint'))))),
    h('div', { class: 'actions-row' }, submit));

  main.append(h('div', { class: 'page-head' }, h('h1', t('page.search'))),
    h('section', { class: 'card', 'aria-label': t('page.search') }, form), out, requests);

  function query() {
    return {
      plate: f.plate.value.trim(),
      fuzzy: f.fuzzy.checked,
      camera: f.camera.value,
      from: fromLocalInput(f.from.value),
      to: fromLocalInput(f.to.value),
      caseNumber: f.caseNumber.value.trim(),
      offence: f.offence.value,
      purpose: f.purpose.value.trim(),
    };
  }

  function validate(q) {
    const problems = [];
    if (!q.caseNumber) problems.push(t('search.needCase'));
    if (!q.offence) problems.push(t('search.needOffence'));
    if (q.purpose.length < 10) problems.push(t('search.needPurpose'));
    if (q.from && q.to && new Date(q.from) >= new Date(q.to)) problems.push(t('search.badWindow'));
    if (q.fuzzy && !q.plate) problems.push(t('search.fuzzyNeedsPlate'));
    return problems;
  }

  async function run(q, approval) {
    clear(out);
    const params = { plate: q.plate, fuzzy: q.fuzzy ? 'true' : '', camera: q.camera, from: q.from, to: q.to,
      caseNumber: q.caseNumber, offence: q.offence, purpose: q.purpose, order: 'asc', limit: 500, approval };
    const page = await lawfulSearch('/api/v1/passages', params, out, (reasons) => approvalPanel(q, reasons));
    if (page) results(q, page, params);
  }

  function approvalPanel(q, reasons) {
    clear(out).append(lawfulApprovalPanel(reasons, { id: 'request-approval', body: {
      plate: q.plate || null, fuzzy: q.fuzzy, camera: q.camera || null, from: q.from || null, to: q.to || null,
      caseNumber: q.caseNumber, offence: q.offence, purpose: q.purpose },
      filed: (r) => { loadRequests(); return t('search.requested', { id: r.id }); } }));
    out.querySelector('h2').scrollIntoView({ block: 'nearest' });
  }

  async function results(q, page, params) {
    const passages = page.passages;
    const csv = '/api/v1/passages' + qs({ ...params, format: 'csv', limit: 10000 });
    const box = h('section', { class: 'card', 'aria-labelledby': 'res-h' },
      h('div', { class: 'page-head' }, h('h2', { id: 'res-h' }, t('search.results', { n: passages.length })),
        passages.length ? h('div', { class: 'actions-row' }, h('a', { class: 'button secondary', href: csv, download: 'passages.csv' }, t('common.csv'))) : null),
      page.next ? message('info', t('search.more')) : null);
    out.append(box);
    if (!passages.length) {
      box.append(h('p', { class: 'empty', id: 'no-passages' }, t('search.none')));
      return;
    }
    const tl = h('div', { class: 'timeline', id: 'passage-timeline' });
    const mapEl = h('div', { class: 'map small', id: 'passage-map', role: 'region', 'aria-label': t('search.mapTitle') });
    box.append(h('h3', t('search.timeline')), tl, h('h3', t('search.mapTitle')), mapEl, h('h3', t('search.list')),
      table([
        { label: t('hit.time'), value: (p) => fmtDateTime(p.time) },
        { label: t('camera.id'), value: (p) => (camById[p.camera] ? `${p.camera} — ${camById[p.camera].name}` : p.camera) },
        { label: t('hit.plate'), value: (p) => plate(p.plate, p.country, p.display) },
        { label: t('hit.country'), value: (p) => p.country },
        { label: t('hit.confidenceCol'), value: (p) => `${fmtNumber(p.confidence * 100)}%`, class: 'num' },
        { label: t('vehicle.label'), value: vehicleText },
        { label: t('search.images'), value: (p) => (p.hasImages ? h('a', { href: `/api/v1/passages/${p.id}/images/plate`, target: '_blank', rel: 'noopener' }, t('search.image')) : '') },
      ], passages, { onRow: (tr, p) => { tr.dataset.passage = p.id; } }));
    timeline(tl, {
      items: passages.map((p) => ({ t: p.time, lane: p.camera, title: `${fmtDateTime(p.time)} · ${p.camera} · ${p.display || p.plate}` })),
      title: t('search.timeline'),
      label: (x) => {
        const span = new Date(passages[passages.length - 1].time) - new Date(passages[0].time);
        return span > DAY ? fmtDateTime(new Date(x)).slice(0, 10) : fmtTime(new Date(x)).slice(0, 5);
      },
    });
    const pts = passages.map((p) => {
      const c = camById[p.camera];
      const lat = p.lat ?? c?.lat;
      const lon = p.lon ?? c?.lon;
      return lat != null && lon != null ? { p, ll: [lat, lon] } : null;
    }).filter(Boolean);
    const { L, map } = await createMap(mapEl, app.config, { points: pts.map((x) => x.ll), zoom: 12 });
    // a route only makes sense for one vehicle; a search without a plate shows where passages were
    if (q.plate && pts.length > 1) L.polyline(pts.map((x) => x.ll), { color: '#1d4fa0', weight: 3, opacity: 0.7, dashArray: '6 6' }).addTo(map);
    pts.forEach((x, i) => {
      const last = !!q.plate && i === pts.length - 1;
      L.circleMarker(x.ll, { radius: last ? 9 : 7, color: '#111', weight: 2, fillColor: last ? '#d1495b' : '#f7c600', fillOpacity: 1 })
        .bindTooltip(h('span', `${i + 1}. ${fmtDateTime(x.p.time)} · ${x.p.camera}`)).addTo(map);
    });
    cleanupMaps.push(() => map.remove());
  }

  const cleanupMaps = [];
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = query();
    const problems = validate(q);
    if (problems.length) {
      clear(out).append(h('div', { role: 'alert', class: 'msg error' }, h('ul', problems.map((p) => h('li', p)))));
      return;
    }
    cleanupMaps.splice(0).forEach((fn) => fn());
    const reasons = thresholdReasons(q);
    if (reasons.length) {
      approvalPanel(q, reasons);
      return;
    }
    busy(submit, run(q));
  });

  async function loadRequests() {
    let list;
    try {
      list = await api('/api/v1/search-requests');
    } catch (e) {
      return; // not there (yet), or not allowed: the page still searches
    }
    // The server shows a requester only their own requests (an approver their organisation's).
    clear(requests).append(section(t('search.myRequests'), requestTable(list, {
      action: (r) => (r.status === 'APPROVED' ? h('button', {
        type: 'button', class: 'secondary', 'data-request': r.id,
        onclick: (e) => {
          const q = { plate: r.scope.plate || '', fuzzy: !!r.scope.fuzzy, camera: r.scope.camera || '', from: r.scope.from,
            to: r.scope.to, caseNumber: r.legalBasis.caseNumber, offence: r.legalBasis.offence, purpose: r.legalBasis.purpose };
          cleanupMaps.splice(0).forEach((fn) => fn());
          busy(e.currentTarget, run(q, r.id));
        },
      }, t('search.runApproved')) : (r.decisionNote || '')),
    })));
  }
  loadRequests();

  f.plate.focus();
  return () => cleanupMaps.splice(0).forEach((fn) => fn());
}

/** Search requests as a table; shared with the privacy page, which adds approve and reject. */
export function requestTable(list, { action, empty } = {}) {
  return table([
    { label: '#', value: (r) => String(r.id) },
    { label: t('search.requestedBy'), value: (r) => `${r.requestedBy} · ${fmtDateTime(r.createdAt)}` },
    { label: t('search.plate'), value: (r) => (r.scope.plate ? plate(r.scope.plate) : t('search.anyPlate')) },
    { label: t('search.window'), value: (r) => `${fmtDateTime(r.scope.from)} – ${fmtDateTime(r.scope.to)}${r.scope.fuzzy ? ' · ' + t('search.fuzzyShort') : ''}${r.scope.camera ? ' · ' + r.scope.camera : ''}` },
    { label: t('search.legalBasis'), value: (r) => `${r.legalBasis.caseNumber} · ${t(`offence.${r.legalBasis.offence}`)} · ${r.legalBasis.purpose}` },
    { label: t('search.reasons'), value: (r) => (r.reasons || []).join('; ') },
    { label: t('search.status'), value: (r) => h('span', { class: `badge ${{ PENDING: 'warn', APPROVED: 'ok', REJECTED: 'error' }[r.status] || 'off'}` }, tOpt(`request.${r.status}`, r.status)) },
    action ? { label: t('common.actions'), value: action } : null,
  ].filter(Boolean), list, { empty: empty || t('search.noRequests') });
}

/** What the camera said about the vehicle, in the reader's language: "VOLKSWAGEN CADDY · wit · bestelauto · naderend · 88 km/h". */
export function vehicleText(p) {
  const parts = [];
  const name = [p.make, p.model].filter(Boolean).join(' ');
  if (name) parts.push(name);
  if (p.colour) parts.push(tOpt(`vehicle.colour.${p.colour}`, p.colour));
  if (p.vehicleType) parts.push(tOpt(`vehicle.type.${p.vehicleType}`, p.vehicleType));
  if (p.direction) parts.push(t(`vehicle.direction.${p.direction}`));
  else if (p.heading != null) parts.push(`${p.heading}°`);
  if (p.speed != null) parts.push(`${fmtNumber(p.speed)} km/h`);
  return parts.join(' · ');
}
