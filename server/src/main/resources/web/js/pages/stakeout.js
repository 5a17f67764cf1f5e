// Witness statements: every vehicle in an area drawn on the map (circle or polygon) in a window, at one scene or at m of
// n scenes, and partial plates (? one unknown character, * any). Both are "every vehicle" searches in law: legal basis,
// and for a stakeout always a privacy officer's approval, bound to the areas and windows it was filed for.
import { api, qs, ApiError } from '../api.js';
import { lawfulSearch, approvalPanel as lawfulApprovalPanel } from '../lawful.js';
import { t, tOpt, fmtDateTime, fmtNumber, toLocalInput, fromLocalInput, timeZone } from '../i18n.js';
import { h, clear, field, select, table, message, plate, busy, downloadText } from '../dom.js';
import { createMap } from '../leaflet.js';
import { OFFENCES } from './search.js';

const HOUR = 3600_000;
const SCENE_COLOURS = ['#1d4fa0', '#d1495b', '#2a9d8f', '#e9a100', '#7b4fa0', '#5b6b7d', '#c05b00', '#00798c', '#8d6a9f', '#3d5a80'];

export async function render(main, app) {
  const cleanups = [];
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.stakeout'))));
  const legal = legalFields();
  main.append(h('section', { class: 'card', 'aria-labelledby': 'stakeout-legal-h' },
    h('h2', { id: 'stakeout-legal-h' }, t('search.legalBasis')), h('p', { class: 'hint' }, t('stakeout.legalHint')), legal.fieldset));
  await stakeoutCard(main, app, legal, cleanups);
  partialCard(main, legal);
  return () => cleanups.splice(0).forEach((fn) => fn());
}

function legalFields() {
  const f = {
    caseNumber: h('input', { name: 'caseNumber', id: 'stakeout-case', placeholder: 'PL0900-2026123456', autocomplete: 'off' }),
    offence: select('offence', [['', t('search.chooseOffence')], ...OFFENCES.map((o) => [o, t(`offence.${o}`)])], ''),
    purpose: h('textarea', { name: 'purpose', id: 'stakeout-purpose', rows: '2' }),
  };
  f.offence.id = 'stakeout-offence';
  const fieldset = h('div', { class: 'form-grid' },
    field(t('search.caseNumber'), f.caseNumber, t('search.caseHint')),
    field(t('search.offence'), f.offence),
    h('div', { class: 'wide' }, field(t('search.purpose'), f.purpose, t('search.purposeHint'))));
  return {
    fieldset,
    value: () => ({ caseNumber: f.caseNumber.value.trim(), offence: f.offence.value, purpose: f.purpose.value.trim() }),
    problems() {
      const v = this.value();
      const p = [];
      if (!v.caseNumber) p.push(t('search.needCase'));
      if (!v.offence) p.push(t('search.needOffence'));
      if (v.purpose.length < 10) p.push(t('search.needPurpose'));
      return p;
    },
  };
}

function problemsBox(out, problems) {
  clear(out).append(h('div', { role: 'alert', class: 'msg error' }, h('ul', problems.map((p) => h('li', p)))));
}

async function stakeoutCard(main, app, legal, cleanups) {
  const now = Date.now();
  const f = {
    label: h('input', { name: 'label', id: 'stakeout-label', autocomplete: 'off', maxlength: '100' }),
    from: h('input', { name: 'from', type: 'datetime-local', id: 'stakeout-from', value: toLocalInput(now - 2 * HOUR) }),
    to: h('input', { name: 'to', type: 'datetime-local', id: 'stakeout-to', value: toLocalInput(now + 60_000) }),
    radius: h('input', { name: 'radius', type: 'number', id: 'stakeout-radius', min: '10', max: '3000', value: '300' }),
    min: h('input', { name: 'minScenes', type: 'number', id: 'stakeout-min', min: '1', max: '10', value: '1' }),
    margin: h('input', { name: 'marginMinutes', type: 'number', id: 'stakeout-margin', min: '0', max: '15', value: '0' }),
  };
  const tool = (id, key) => h('button', { type: 'button', class: 'secondary', id, 'aria-pressed': 'false' }, t(key));
  const circleBtn = tool('stakeout-draw-circle', 'stakeout.drawCircle');
  const polygonBtn = tool('stakeout-draw-polygon', 'stakeout.drawPolygon');
  const finishBtn = h('button', { type: 'button', class: 'secondary', id: 'stakeout-finish', disabled: true }, t('stakeout.finish'));
  const clearBtn = h('button', { type: 'button', class: 'secondary', id: 'stakeout-clear' }, t('stakeout.clear'));
  const addBtn = h('button', { type: 'button', class: 'secondary', id: 'stakeout-add' }, t('stakeout.addScene'));
  const runBtn = h('button', { type: 'submit', id: 'stakeout-submit' }, t('stakeout.run'));
  const status = h('p', { class: 'hint', id: 'stakeout-drawn', 'aria-live': 'polite' }, t('stakeout.nothingDrawn'));
  const scenesBox = h('div', { id: 'stakeout-scenes' });
  const mapEl = h('div', { class: 'map', id: 'stakeout-map', role: 'region', 'aria-label': t('stakeout.mapTitle') });
  const out = h('div', { id: 'stakeout-results', 'aria-live': 'polite' });
  const form = h('form', { id: 'stakeout-form', novalidate: true },
    h('p', { class: 'hint' }, t('stakeout.drawHint')),
    h('div', { class: 'actions-row' }, circleBtn, polygonBtn, finishBtn, clearBtn),
    mapEl, status,
    h('div', { class: 'form-grid' },
      field(t('stakeout.radius'), f.radius, t('stakeout.radiusHint')),
      field(t('stakeout.label'), f.label, t('stakeout.labelHint')),
      field(t('search.from'), f.from, t('common.timesIn', { zone: timeZone() })),
      field(t('search.to'), f.to, t('stakeout.windowHint'))),
    h('div', { class: 'actions-row' }, addBtn),
    scenesBox,
    h('div', { class: 'form-grid' },
      field(t('stakeout.minScenes'), f.min, t('stakeout.minScenesHint')),
      field(t('stakeout.margin'), f.margin, t('stakeout.marginHint'))),
    h('div', { class: 'actions-row' }, runBtn));
  const requestsBox = h('div', { id: 'stakeout-requests' });
  main.append(h('section', { class: 'card', 'aria-labelledby': 'stakeout-h' },
    h('h2', { id: 'stakeout-h' }, t('stakeout.title')), h('p', { class: 'hint' }, t('stakeout.hint')), form),
  h('section', { class: 'card', 'aria-labelledby': 'stakeout-req-h' }, h('h2', { id: 'stakeout-req-h' }, t('stakeout.requests')), requestsBox),
  out);

  let cameras = [];
  if (app.can('VIEW_CAMERAS')) {
    try {
      cameras = await api('/api/v1/cameras');
    } catch {
      cameras = [];
    }
  }
  const { L, map } = await createMap(mapEl, app.config, { points: cameras.map((c) => [c.lat, c.lon]), zoom: 12 });
  cleanups.push(() => map.remove());
  for (const c of cameras) {
    // Not interactive: a click on a camera is a click on the map, where the analyst is drawing.
    const m = L.circleMarker([c.lat, c.lon], { radius: 5, color: '#111', weight: 1, fillColor: '#fff', fillOpacity: 1, interactive: false }).addTo(map);
    const el = m.getElement && m.getElement();
    if (el) el.setAttribute('data-camera', c.id);
  }
  const resultLayer = L.layerGroup().addTo(map);
  const scenes = [];
  const sceneLayers = L.layerGroup().addTo(map);
  let mode = null;
  let drawn = null; // { kind: 'circle', lat, lon, radius } | { kind: 'polygon', points: [[lat, lon]...], closed }
  let shape = null;

  function setMode(m) {
    mode = m;
    circleBtn.setAttribute('aria-pressed', String(m === 'circle'));
    polygonBtn.setAttribute('aria-pressed', String(m === 'polygon'));
    finishBtn.disabled = m !== 'polygon';
    if (m) map.doubleClickZoom.disable();
    else map.doubleClickZoom.enable();
    mapEl.classList.toggle('drawing', !!m);
  }

  function redraw() {
    if (shape) shape.remove();
    shape = null;
    if (!drawn) {
      status.textContent = t('stakeout.nothingDrawn');
      return;
    }
    const style = { color: '#d1495b', weight: 2, fillOpacity: 0.15, interactive: false };
    if (drawn.kind === 'circle') {
      shape = L.circle([drawn.lat, drawn.lon], { ...style, radius: drawn.radius }).addTo(map);
      status.textContent = t('stakeout.circleDrawn', { radius: fmtNumber(drawn.radius), n: camerasIn(drawn).length });
    } else if (drawn.points.length) {
      shape = (drawn.closed ? L.polygon(drawn.points, style) : L.polyline(drawn.points, { ...style, dashArray: '4 6' })).addTo(map);
      status.textContent = drawn.closed ? t('stakeout.polygonDrawn', { n: drawn.points.length, cameras: camerasIn(drawn).length })
        : t('stakeout.polygonOpen', { n: drawn.points.length });
    }
  }

  function camerasIn(d) {
    if (d.kind === 'circle') return cameras.filter((c) => L.latLng(c.lat, c.lon).distanceTo([d.lat, d.lon]) <= d.radius);
    return cameras.filter((c) => inside([c.lat, c.lon], d.points));
  }

  map.on('click', (e) => {
    if (mode === 'circle') {
      if (!drawn || drawn.kind !== 'circle' || drawn.placed) {
        drawn = { kind: 'circle', lat: e.latlng.lat, lon: e.latlng.lng, radius: Number(f.radius.value) || 300, placed: false };
      } else {
        drawn.radius = Math.max(10, Math.round(map.distance([drawn.lat, drawn.lon], e.latlng)));
        f.radius.value = String(drawn.radius);
        drawn.placed = true;
        setMode(null);
      }
      redraw();
    } else if (mode === 'polygon') {
      if (!drawn || drawn.kind !== 'polygon' || drawn.closed) drawn = { kind: 'polygon', points: [], closed: false };
      drawn.points.push([e.latlng.lat, e.latlng.lng]);
      redraw();
    }
  });
  f.radius.addEventListener('input', () => {
    if (drawn && drawn.kind === 'circle') {
      drawn.radius = Number(f.radius.value) || drawn.radius;
      redraw();
    }
  });
  circleBtn.addEventListener('click', () => { drawn = null; redraw(); setMode('circle'); });
  polygonBtn.addEventListener('click', () => { drawn = null; redraw(); setMode('polygon'); });
  finishBtn.addEventListener('click', () => {
    if (drawn && drawn.kind === 'polygon' && drawn.points.length >= 3) {
      drawn.closed = true;
      setMode(null);
      redraw();
    } else status.textContent = t('stakeout.needThree');
  });
  clearBtn.addEventListener('click', () => {
    drawn = null;
    setMode(null);
    redraw();
    scenes.splice(0);
    showScenes();
  });

  function areaOf(d) {
    if (d.kind === 'circle') return { circle: { lat: d.lat, lon: d.lon, radiusMetres: d.radius } };
    const ring = d.points.map(([lat, lon]) => [lon, lat]);
    ring.push(ring[0]);
    return { polygon: { type: 'Polygon', coordinates: [ring] } };
  }

  function currentScene() {
    if (!drawn || (drawn.kind === 'polygon' && !drawn.closed)) return null;
    return { label: f.label.value.trim() || null, ...areaOf(drawn), from: fromLocalInput(f.from.value), to: fromLocalInput(f.to.value) };
  }

  function showScenes() {
    sceneLayers.clearLayers();
    scenes.forEach((s, i) => sceneLayers.addLayer(sceneShape(L, s, SCENE_COLOURS[i % SCENE_COLOURS.length])));
    f.min.max = String(Math.max(1, scenes.length));
    if (Number(f.min.value) > Math.max(1, scenes.length)) f.min.value = String(Math.max(1, scenes.length));
    clear(scenesBox).append(scenes.length ? table([
      { label: '#', value: (s) => String(scenes.indexOf(s) + 1), class: 'num' },
      { label: t('stakeout.label'), value: (s) => s.label || '' },
      { label: t('stakeout.area'), value: (s) => describeArea(s) },
      { label: t('search.from'), value: (s) => fmtDateTime(s.from) },
      { label: t('search.to'), value: (s) => fmtDateTime(s.to) },
    ], scenes, { onRow: (tr) => { tr.dataset.scene = '1'; } }) : h('p', { class: 'hint' }, t('stakeout.noScenes')));
  }
  showScenes();

  addBtn.addEventListener('click', () => {
    const s = currentScene();
    if (!s) {
      status.textContent = t('stakeout.drawFirst');
      return;
    }
    if (scenes.length >= 10) {
      status.textContent = t('stakeout.tooManyScenes');
      return;
    }
    scenes.push(s);
    drawn = null;
    redraw();
    f.label.value = '';
    showScenes();
  });

  function body() {
    const list = scenes.length ? [...scenes] : [currentScene()].filter(Boolean);
    return { scenes: list, minScenes: Math.min(Number(f.min.value) || 1, list.length || 1), marginMinutes: Number(f.margin.value) || 0 };
  }

  async function run(b, params) {
    resultLayer.clearLayers();
    clear(out);
    try {
      const res = await api('/api/v1/investigations/stakeout' + qs(params), { method: 'POST', json: b });
      show(res, b, params);
    } catch (e) {
      if (e instanceof ApiError && e.status === 403 && e.body && e.body.approvalRequired && !params.approval) approvalPanel(b, params, e.body.reasons || [e.message]);
      else out.append(message('error', e.message));
    }
  }

  function approvalPanel(b, params, reasons) {
    const note = h('div', { 'aria-live': 'polite' });
    const btn = h('button', { type: 'button', id: 'stakeout-request-approval' }, t('search.requestApproval'));
    btn.addEventListener('click', () => busy(btn, (async () => {
      try {
        const r = await api('/api/v1/investigations/stakeout/requests' + qs(params), { method: 'POST', json: b });
        note.replaceChildren(message('ok', t('stakeout.requested', { id: r.id })));
        btn.remove();
        await loadRequests();
      } catch (e) {
        note.replaceChildren(message('error', e.message));
      }
    })()));
    out.append(h('section', { class: 'card' }, h('h2', t('search.approvalNeeded')), h('ul', reasons.map((r) => h('li', r))),
      h('p', t('stakeout.approvalText')), h('div', { class: 'actions-row' }, btn), note));
  }

  function show(res, b, params) {
    const exportAs = (format, filename, type, id) => {
      const btn = h('button', { type: 'button', class: 'secondary', id }, t(format === 'csv' ? 'common.csv' : 'investigations.geojson'));
      btn.addEventListener('click', () => busy(btn, api('/api/v1/investigations/stakeout' + qs({ ...params, format }), { method: 'POST', json: b })
        .then((text) => downloadText(typeof text === 'string' ? text : JSON.stringify(text), filename, type))
        .catch((e) => box.append(message('error', e.message)))));
      return btn;
    };
    const box = h('section', { class: 'card', 'aria-labelledby': 'stakeout-res-h' },
      h('div', { class: 'page-head' },
        h('h2', { id: 'stakeout-res-h' }, t('stakeout.summary', { n: res.vehiclesFound, m: res.minScenes, scenes: res.scenes.length, passages: res.passagesRead })),
        res.vehicles.length ? h('div', { class: 'actions-row' }, exportAs('csv', 'stakeout.csv', 'text/csv', 'stakeout-csv'),
          exportAs('geojson', 'stakeout.geojson', 'application/geo+json', 'stakeout-geojson')) : null),
      h('p', { class: 'hint' }, res.scenes.map((s) => t('stakeout.sceneCameras', { i: s.index + 1, n: s.cameras.length, list: s.cameras.join(', ') })).join(' · ')),
      res.truncated ? message('info', t('search.more')) : null,
      table([
        { label: t('hit.plate'), value: (v) => plate(v.plate, null, v.display) },
        { label: t('stakeout.scenesPresent'), value: (v) => `${v.sceneCount} (${v.scenes.map((i) => i + 1).join(', ')})`, class: 'num' },
        { label: t('stakeout.passages'), value: (v) => String(v.passages), class: 'num' },
        { label: t('investigations.evidence'), value: (v) => v.evidence.map((e) => `${e.scene + 1}: ${e.camera} ${fmtDateTime(e.time)}${e.inMargin ? ' ' + t('stakeout.inMargin') : ''}`).join(' · ') },
      ], res.vehicles, { empty: t('stakeout.none'), onRow: (tr, v) => { tr.dataset.vehicle = v.plate; } }));
    out.append(box);
    const byCamera = new Map(cameras.map((c) => [c.id, c]));
    res.scenes.forEach((s, i) => resultLayer.addLayer(sceneShape(L, sceneArea(s.area), SCENE_COLOURS[i % SCENE_COLOURS.length])));
    for (const v of res.vehicles.slice(0, 200)) {
      for (const e of v.evidence) {
        const c = byCamera.get(e.camera);
        if (c) resultLayer.addLayer(L.circleMarker([c.lat, c.lon], { radius: 7, color: '#111', weight: 1, fillColor: '#f7c600', fillOpacity: 1 })
          .bindTooltip(`${v.display} · ${e.camera} · ${fmtDateTime(e.time)}`));
      }
    }
  }

  async function loadRequests() {
    let mine = [];
    try {
      mine = await api('/api/v1/investigations/stakeout/requests');
    } catch (e) {
      clear(requestsBox).append(message('error', e.message));
      return;
    }
    clear(requestsBox).append(table([
      { label: '#', value: (r) => String(r.id), class: 'num' },
      { label: t('stakeout.status'), value: (r) => t(`stakeout.status.${r.status}`) },
      { label: t('search.caseNumber'), value: (r) => r.caseNumber },
      { label: t('stakeout.scenes'), value: (r) => r.scenes.map((s, i) => `${i + 1}. ${s.label ? s.label + ': ' : ''}${fmtDateTime(s.from)} – ${fmtDateTime(s.to)}`).join(' · ') },
      { label: '', value: (r) => (r.status === 'APPROVED' ? h('button', { type: 'button', 'data-run': r.id, onclick: (e) => busy(e.currentTarget, runApproved(r)) }, t('stakeout.runApproved')) : '') },
    ], mine, { empty: t('stakeout.noRequests') }));
  }

  function runApproved(r) {
    const b = { scenes: r.scenes.map((s) => ({ label: s.label, ...sceneArea(s.area), from: s.from, to: s.to })), minScenes: r.minScenes, marginMinutes: r.marginMinutes };
    return run(b, { caseNumber: r.caseNumber, offence: r.offence, purpose: r.purpose, approval: r.id });
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const b = body();
    const problems = legal.problems();
    if (!b.scenes.length) problems.unshift(t('stakeout.drawFirst'));
    if (problems.length) {
      problemsBox(out, problems);
      return;
    }
    busy(runBtn, run(b, legal.value()));
  });
  await loadRequests();
}

/** A scene's area as the request body has it, from the GeoJSON the server returns (a circle is a Point with a radius). */
/** A scene's stored area (GeoJSON, a circle as a Point with radius) in the form the map draws. */
export function sceneArea(area) {
  if (area.type === 'Point') return { circle: { lat: area.coordinates[1], lon: area.coordinates[0], radiusMetres: area.radius } };
  return { polygon: area };
}

export function sceneShape(L, s, colour) {
  const style = { color: colour, weight: 2, fillOpacity: 0.08, interactive: false };
  if (s.circle) return L.circle([s.circle.lat, s.circle.lon], { ...style, radius: s.circle.radiusMetres });
  const g = s.polygon.type === 'Feature' ? s.polygon.geometry : s.polygon;
  return L.polygon(g.coordinates.map((ring) => ring.map(([lon, lat]) => [lat, lon])), style);
}

function describeArea(s) {
  if (s.circle) return t('stakeout.circleOf', { radius: fmtNumber(s.circle.radiusMetres) });
  return t('stakeout.polygonOf', { n: s.polygon.coordinates[0].length - 1 });
}

/** Ray casting, for the camera count shown while drawing; the server decides with JTS. */
function inside([lat, lon], points) {
  let hit = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [yi, xi] = points[i];
    const [yj, xj] = points[j];
    if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

function partialCard(main, legal) {
  const now = Date.now();
  const f = {
    plate: h('input', { name: 'plate', id: 'partial-plate', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', placeholder: 'XG*7' }),
    make: h('input', { name: 'make', id: 'partial-make', autocomplete: 'off' }),
    colour: h('input', { name: 'colour', id: 'partial-colour', autocomplete: 'off' }),
    type: h('input', { name: 'vehicleType', id: 'partial-type', autocomplete: 'off' }),
    // the last 24 hours exactly: longer needs approval
    from: h('input', { name: 'from', type: 'datetime-local', id: 'partial-from', value: toLocalInput(now + 60_000 - 24 * HOUR) }),
    to: h('input', { name: 'to', type: 'datetime-local', id: 'partial-to', value: toLocalInput(now + 60_000) }),
    approval: h('input', { name: 'approval', type: 'number', id: 'partial-approval', min: '1' }),
  };
  const submit = h('button', { type: 'submit', id: 'partial-submit' }, t('stakeout.partialRun'));
  const out = h('div', { id: 'partial-results', 'aria-live': 'polite' });
  const form = h('form', { id: 'partial-form', novalidate: true },
    h('div', { class: 'form-grid' },
      field(t('stakeout.partialPlate'), f.plate, t('stakeout.partialHint')),
      field(t('stakeout.make'), f.make),
      field(t('stakeout.colour'), f.colour),
      field(t('stakeout.vehicleType'), f.type),
      field(t('search.from'), f.from, t('common.timesIn', { zone: timeZone() })),
      field(t('search.to'), f.to),
      field(t('stakeout.approval'), f.approval, t('stakeout.approvalHint'))),
    h('div', { class: 'actions-row' }, submit));
  main.append(h('section', { class: 'card', 'aria-labelledby': 'partial-h' },
    h('h2', { id: 'partial-h' }, t('stakeout.partialTitle')), h('p', { class: 'hint' }, t('stakeout.partialIntro')), form), out);

  function params() {
    return { plate: f.plate.value.trim(), make: f.make.value.trim(), colour: f.colour.value.trim(), vehicleType: f.type.value.trim(),
      from: fromLocalInput(f.from.value), to: fromLocalInput(f.to.value), approval: f.approval.value.trim(), ...legal.value() };
  }

  function approvalPanel(p, reasons) {
    out.append(lawfulApprovalPanel(reasons, { id: 'partial-request-approval', body: { plate: p.plate, from: p.from || null,
      to: p.to || null, caseNumber: p.caseNumber, offence: p.offence, purpose: p.purpose },
      filed: (r) => t('stakeout.partialRequested', { id: r.id }) }));
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = params();
    const problems = legal.problems();
    if (!p.plate) problems.unshift(t('stakeout.needPattern'));
    if (problems.length) {
      problemsBox(out, problems);
      return;
    }
    busy(submit, (async () => {
      clear(out);
      const res = await lawfulSearch('/api/v1/investigations/partial-plates', p, out, (reasons) => approvalPanel(p, reasons));
      if (!res) return;
      const csv = '/api/v1/investigations/partial-plates' + qs({ ...p, format: 'csv' });
      const geo = '/api/v1/investigations/partial-plates' + qs({ ...p, format: 'geojson' });
      out.append(h('section', { class: 'card', 'aria-labelledby': 'partial-res-h' },
        h('div', { class: 'page-head' }, h('h2', { id: 'partial-res-h' }, t('stakeout.partialSummary', { n: res.plates.length, pattern: res.pattern })),
          res.plates.length ? h('div', { class: 'actions-row' },
            h('a', { class: 'button secondary', href: csv, download: 'partial-plate.csv', id: 'partial-csv' }, t('common.csv')),
            h('a', { class: 'button secondary', href: geo, download: 'partial-plate.geojson', id: 'partial-geojson' }, t('investigations.geojson'))) : null),
        res.truncated ? message('info', t('search.more')) : null,
        table([
          { label: t('hit.plate'), value: (x) => plate(x.plate, x.country, x.display) },
          { label: t('stakeout.passages'), value: (x) => String(x.passages), class: 'num' },
          { label: t('stakeout.firstLast'), value: (x) => `${fmtDateTime(x.firstSeen)} – ${fmtDateTime(x.lastSeen)}` },
          { label: t('stakeout.cameras'), value: (x) => x.cameras.join(', ') },
          { label: t('stakeout.description'), value: (x) => [...x.makes, ...x.colours.map((c) => tOpt(`vehicle.colour.${c}`, c)), ...x.vehicleTypes.map((v) => tOpt(`vehicle.type.${v}`, v))].join(' · ') },
        ], res.plates, { empty: t('search.none'), onRow: (tr, x) => { tr.dataset.partial = x.plate; } })));
    })());
  });
}
