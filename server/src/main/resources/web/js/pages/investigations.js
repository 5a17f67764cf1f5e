// Investigations: the route of a plate on the map with a time slider (a passage search in law: legal basis, threshold,
// approval), and section speed control (trajectcontrole) violations with their CSV and printable report.
import { api, qs } from '../api.js';
import { lawfulSearch, approvalPanel as lawfulApprovalPanel } from '../lawful.js';
import { t, fmtDateTime, fmtNumber, toLocalInput, fromLocalInput, timeZone } from '../i18n.js';
import { h, clear, field, select, section, table, message, plate, busy } from '../dom.js';
import { createMap } from '../leaflet.js';
import { OFFENCES } from './search.js';
import { profileCard } from './profiles.js';

const DAY = 86400_000;

export async function render(main, app, rest = []) {
  const cleanups = [];
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.investigations'))));
  if (app.can('SEARCH_PASSAGES')) routeCard(main, app, cleanups);
  if (app.can('VIEW_HITS')) await Promise.all([sectionCard(main), cloneCard(main)]);
  // #/investigations/clones: the live page's link from a clone alert to the suspects list
  if (rest[0] === 'clones') document.getElementById('clones')?.scrollIntoView();
  if (app.can('SEARCH_PASSAGES')) await profileCard(main);
  return () => cleanups.splice(0).forEach((fn) => fn());
}

function routeCard(main, app, cleanups) {
  const now = Date.now();
  const f = {
    plate: h('input', { name: 'plate', id: 'route-plate', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false' }),
    from: h('input', { name: 'from', type: 'datetime-local', id: 'route-from', value: toLocalInput(now - DAY) }),
    to: h('input', { name: 'to', type: 'datetime-local', id: 'route-to', value: toLocalInput(now + 60_000) }),
    gap: h('input', { name: 'gapMinutes', type: 'number', id: 'route-gap', min: '1', max: '10080', value: '30' }),
    window: h('input', { name: 'windowSeconds', type: 'number', id: 'convoy-window', min: '1', max: '3600', value: '120' }),
    minCameras: h('input', { name: 'minCameras', type: 'number', id: 'convoy-min-cameras', min: '2', max: '50', value: '2' }),
    caseNumber: h('input', { name: 'caseNumber', id: 'route-case', placeholder: 'PL0900-2026123456', autocomplete: 'off' }),
    offence: select('offence', [['', t('search.chooseOffence')], ...OFFENCES.map((o) => [o, t(`offence.${o}`)])], ''),
    purpose: h('textarea', { name: 'purpose', id: 'route-purpose', rows: '2' }),
  };
  f.offence.id = 'route-offence';
  const submit = h('button', { type: 'submit', id: 'route-submit' }, t('investigations.showRoute'));
  const convoyButton = h('button', { type: 'button', class: 'secondary', id: 'convoy-submit' }, t('investigations.showConvoy'));
  const out = h('div', { id: 'route-results', 'aria-live': 'polite' });
  const form = h('form', { id: 'route-form', novalidate: true },
    h('div', { class: 'form-grid' },
      field(t('search.plate'), f.plate),
      field(t('search.from'), f.from, t('common.timesIn', { zone: timeZone() })),
      field(t('search.to'), f.to),
      field(t('investigations.gap'), f.gap, t('investigations.gapHint')),
      field(t('investigations.convoyWindow'), f.window, t('investigations.convoyWindowHint')),
      field(t('investigations.convoyMinCameras'), f.minCameras, t('investigations.convoyMinCamerasHint'))),
    h('fieldset', h('legend', t('search.legalBasis')),
      h('p', { class: 'hint' }, t('search.legalHint')),
      h('div', { class: 'form-grid' },
        field(t('search.caseNumber'), f.caseNumber, t('search.caseHint')),
        field(t('search.offence'), f.offence),
        h('div', { class: 'wide' }, field(t('search.purpose'), f.purpose, t('search.purposeHint'))))),
    h('div', { class: 'actions-row' }, submit, convoyButton));
  main.append(h('section', { class: 'card', 'aria-labelledby': 'route-h' }, h('h2', { id: 'route-h' }, t('investigations.route')),
    h('p', { class: 'hint' }, t('investigations.routeHint')), form), out);

  function query() {
    return { plate: f.plate.value.trim(), from: fromLocalInput(f.from.value), to: fromLocalInput(f.to.value),
      gapMinutes: f.gap.value, windowSeconds: f.window.value, minCameras: f.minCameras.value,
      caseNumber: f.caseNumber.value.trim(), offence: f.offence.value, purpose: f.purpose.value.trim() };
  }

  async function run(q, approval) {
    cleanups.splice(0).forEach((fn) => fn());
    clear(out);
    const params = { ...q, approval };
    const fc = await lawfulSearch('/api/v1/investigations/route', params, out, (reasons) => approvalPanel(q, reasons));
    if (fc) await show(fc, params);
  }

  function approvalPanel(q, reasons) {
    out.append(lawfulApprovalPanel(reasons, { id: 'route-request-approval', body: { plate: q.plate, from: q.from || null,
      to: q.to || null, caseNumber: q.caseNumber, offence: q.offence, purpose: q.purpose },
      filed: (r) => t('search.requested', { id: r.id }) }));
  }

  async function show(fc, params) {
    const s = fc.properties;
    const passages = fc.features.filter((x) => x.properties.kind === 'passage');
    const gaps = fc.features.filter((x) => x.properties.kind === 'gap');
    const csv = '/api/v1/investigations/route' + qs({ ...params, format: 'csv' });
    const geojson = '/api/v1/investigations/route' + qs(params);
    const box = h('section', { class: 'card', 'aria-labelledby': 'route-res-h' },
      h('div', { class: 'page-head' }, h('h2', { id: 'route-res-h' }, t('investigations.routeSummary', { n: s.passages, legs: s.legs, gaps: s.gaps })),
        s.passages ? h('div', { class: 'actions-row' },
          h('a', { class: 'button secondary', href: csv, download: 'route.csv', id: 'route-csv' }, t('common.csv')),
          h('a', { class: 'button secondary', href: geojson, download: 'route.geojson', id: 'route-geojson' }, t('investigations.geojson'))) : null),
      s.truncated ? message('info', t('search.more')) : null);
    out.append(box);
    if (!passages.length) {
      box.append(h('p', { class: 'empty', id: 'route-none' }, t('search.none')));
      return;
    }
    const located = passages.filter((p) => p.geometry);
    const mapEl = h('div', { class: 'map small', id: 'route-map', role: 'region', 'aria-label': t('search.mapTitle') });
    const slider = h('input', { type: 'range', id: 'route-slider', min: '0', max: String(passages.length - 1), value: '0', step: '1',
      'aria-label': t('investigations.slider') });
    const now = h('output', { id: 'route-now', for: 'route-slider' });
    box.append(mapEl, h('div', { class: 'form-grid' }, field(t('investigations.slider'), slider), now));
    const { L, map } = await createMap(mapEl, app.config, { points: located.map((p) => [p.geometry.coordinates[1], p.geometry.coordinates[0]]), zoom: 12 });
    cleanups.push(() => map.remove());
    for (const x of fc.features) {
      if (!x.geometry || x.geometry.type !== 'LineString') continue;
      const ll = x.geometry.coordinates.map((c) => [c[1], c[0]]);
      if (x.properties.kind === 'leg') L.polyline(ll, { color: '#1d4fa0', weight: 4, opacity: 0.8 }).addTo(map);
      else L.polyline(ll, { color: '#d1495b', weight: 2, opacity: 0.8, dashArray: '4 8' })
        .bindTooltip(t('investigations.gapTip', { time: fmtNumber(x.properties.unseenSeconds / 60), from: x.properties.fromCamera, to: x.properties.toCamera })).addTo(map);
    }
    located.forEach((p) => {
      L.circleMarker([p.geometry.coordinates[1], p.geometry.coordinates[0]], { radius: 6, color: '#111', weight: 1, fillColor: '#f7c600', fillOpacity: 1 })
        .bindTooltip(h('span', `${p.properties.index + 1}. ${fmtDateTime(p.properties.time)} · ${p.properties.camera}`)).addTo(map);
    });
    const here = L.circleMarker([0, 0], { radius: 10, color: '#d1495b', weight: 3, fillOpacity: 0 });
    function move() {
      const p = passages[Number(slider.value)];
      now.textContent = `${p.properties.index + 1}/${passages.length} · ${fmtDateTime(p.properties.time)} · ${p.properties.camera}`;
      if (p.geometry) here.setLatLng([p.geometry.coordinates[1], p.geometry.coordinates[0]]).addTo(map);
      else here.remove();
    }
    slider.addEventListener('input', move);
    move();
    if (gaps.length) {
      box.append(h('h3', t('investigations.gaps')), table([
        { label: t('investigations.lastSeen'), value: (g) => `${fmtDateTime(g.properties.from)} · ${g.properties.fromCamera}` },
        { label: t('investigations.nextSeen'), value: (g) => `${fmtDateTime(g.properties.to)} · ${g.properties.toCamera}` },
        { label: t('investigations.unseen'), value: (g) => `${fmtNumber(g.properties.unseenSeconds / 60)} min`, class: 'num' },
        { label: t('investigations.apart'), value: (g) => (g.properties.metres == null ? '' : `${fmtNumber(g.properties.metres / 1000, 1)} km`), class: 'num' },
      ], gaps, { onRow: (tr) => { tr.dataset.gap = '1'; } }));
    }
  }

  function problemsOf(q) {
    const problems = [];
    if (!q.plate) problems.push(t('investigations.needPlate'));
    if (!q.caseNumber) problems.push(t('search.needCase'));
    if (!q.offence) problems.push(t('search.needOffence'));
    if (q.purpose.length < 10) problems.push(t('search.needPurpose'));
    return problems;
  }

  async function convoy(q) {
    cleanups.splice(0).forEach((fn) => fn());
    clear(out);
    const params = { plate: q.plate, from: q.from, to: q.to, windowSeconds: q.windowSeconds, minCameras: q.minCameras,
      caseNumber: q.caseNumber, offence: q.offence, purpose: q.purpose };
    const res = await lawfulSearch('/api/v1/investigations/convoy', params, out, (reasons) => approvalPanel(q, reasons));
    if (!res) return;
    const csv = '/api/v1/investigations/convoy' + qs({ ...params, format: 'csv' });
    out.append(h('section', { class: 'card', 'aria-labelledby': 'convoy-h' },
      h('div', { class: 'page-head' }, h('h2', { id: 'convoy-h' }, t('investigations.convoySummary', { n: res.companionsFound, passages: res.targetPassages })),
        h('div', { class: 'actions-row' }, h('a', { class: 'button secondary', href: csv, download: 'convoy.csv', id: 'convoy-csv' }, t('common.csv')))),
      h('p', { class: 'hint', id: 'convoy-hint' }, t('investigations.convoyHint', { k: res.minCameras ?? q.minCameras, seconds: res.windowSeconds ?? q.windowSeconds })),
      table([
        { label: t('hit.plate'), value: (c) => plate(c.plate, null, c.display) },
        { label: t('investigations.cameras'), value: (c) => String(c.cameras), class: 'num' },
        { label: t('investigations.meanGap'), value: (c) => `${fmtNumber(c.meanGapSeconds)} s`, class: 'num' },
        { label: t('investigations.leadFollow'), value: (c) => t('investigations.leadsFollows', { leads: c.leads, follows: c.follows }) },
        { label: t('investigations.evidence'), value: (c) => c.evidence.map((e) => `${e.camera} ${fmtDateTime(e.companionTime)} (${e.gapSeconds > 0 ? '+' : ''}${e.gapSeconds} s)`).join(' · ') },
      ], res.companions, { empty: t('investigations.noCompanions'), onRow: (tr, c) => { tr.dataset.companion = c.plate; } })));
  }

  convoyButton.addEventListener('click', () => {
    const q = query();
    const problems = problemsOf(q);
    if (problems.length) {
      clear(out).append(h('div', { role: 'alert', class: 'msg error' }, h('ul', problems.map((p) => h('li', p)))));
      return;
    }
    busy(convoyButton, convoy(q));
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = query();
    const problems = problemsOf(q);
    if (problems.length) {
      clear(out).append(h('div', { role: 'alert', class: 'msg error' }, h('ul', problems.map((p) => h('li', p)))));
      return;
    }
    busy(submit, run(q));
  });
}

async function sectionCard(main) {
  const box = h('section', { class: 'card', id: 'sections', 'aria-labelledby': 'sections-h' },
    h('div', { class: 'page-head' }, h('h2', { id: 'sections-h' }, t('investigations.sections')),
      h('div', { class: 'actions-row' },
        h('a', { class: 'button secondary', href: '/api/v1/sections/violations?format=csv', download: 'section-violations.csv', id: 'violations-csv' }, t('common.csv')),
        h('a', { class: 'button secondary', href: '/api/v1/sections/violations?format=html', target: '_blank', rel: 'noopener', id: 'violations-report' }, t('investigations.report')))),
    h('p', { class: 'hint' }, t('investigations.sectionsHint')));
  main.append(box);
  let sections = [];
  let violations = [];
  try {
    [sections, violations] = await Promise.all([api('/api/v1/sections').catch(() => []), api('/api/v1/sections/violations')]);
  } catch (e) {
    box.append(message('error', e.message));
    return;
  }
  box.append(table([
    { label: t('investigations.section'), value: (s) => s.name },
    { label: t('investigations.cameras'), value: (s) => `${s.entryCamera} → ${s.exitCamera}` },
    { label: t('investigations.distance'), value: (s) => `${fmtNumber(s.distanceMetres)} m`, class: 'num' },
    { label: t('investigations.limit'), value: (s) => `${s.limitKmh} km/h`, class: 'num' },
  ], sections, { empty: t('investigations.noSections') }),
  h('h3', t('investigations.violations', { n: violations.length })),
  table([
    { label: t('hit.time'), value: (v) => fmtDateTime(v.exit.time) },
    { label: t('investigations.section'), value: (v) => v.sectionName },
    { label: t('hit.plate'), value: (v) => plate(v.plate, v.country, v.display) },
    { label: t('investigations.measured'), value: (v) => `${fmtNumber(v.measuredKmh, 1)} km/h`, class: 'num' },
    { label: t('investigations.corrected'), value: (v) => `${v.correctedKmh} km/h`, class: 'num' },
    { label: t('investigations.limit'), value: (v) => `${v.limitKmh} km/h`, class: 'num' },
    { label: t('investigations.clock'), value: (v) => (v.clockSuspect ? h('span', { class: 'badge warn' }, t('investigations.clockSuspect')) : h('span', { class: 'badge ok' }, t('investigations.clockOk'))) },
  ], violations, { empty: t('investigations.noViolations'), onRow: (tr, v) => { tr.dataset.violation = v.id; } }));
}

async function cloneCard(main) {
  const box = h('section', { class: 'card', id: 'clones', 'aria-labelledby': 'clones-h' },
    h('div', { class: 'page-head' }, h('h2', { id: 'clones-h' }, t('investigations.clones')),
      h('div', { class: 'actions-row' },
        h('a', { class: 'button secondary', href: '/api/v1/investigations/clones?format=csv', download: 'clone-suspects.csv', id: 'clones-csv' }, t('common.csv')))),
    h('p', { class: 'hint' }, t('investigations.clonesHint')));
  main.append(box);
  let suspects;
  try {
    suspects = await api('/api/v1/investigations/clones');
  } catch (e) {
    box.append(message('error', e.message));
    return;
  }
  const end = (e) => `${fmtDateTime(e.time)} · ${e.camera}${e.vehicle ? ' · ' + e.vehicle : ''}`;
  box.append(table([
    { label: t('hit.plate'), value: (s) => plate(s.plate, s.country, s.display) },
    { label: t('investigations.why'), value: (s) => s.reasons.map((r) => t(`investigations.reason.${r}`)).join(', ') },
    { label: t('investigations.first'), value: (s) => end(s.first) },
    { label: t('investigations.second'), value: (s) => end(s.second) },
    { label: t('investigations.evidence'), value: (s) => [s.neededKmh != null ? `${fmtNumber(s.metres / 1000, 1)} km · ${fmtNumber(s.seconds / 60)} min · ${fmtNumber(s.neededKmh)} km/h` : '', s.description || ''].filter(Boolean).join(' · ') },
  ], suspects, { empty: t('investigations.noClones'), onRow: (tr, s) => { tr.dataset.clone = s.id; } }));
}
