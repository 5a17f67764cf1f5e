// Camera map: every camera the user may see, coloured by health, with a line for the direction it looks in.
// Clicking a camera (or its row in the table, for keyboard users) shows its figures.
import { api, qs } from '../api.js';
import { t, fmtAgo, fmtNumber, fmtDateTime, tOpt, startOfDay } from '../i18n.js';
import { h, clear, section, table, message, field } from '../dom.js';
import { createMap, headingOf, offset } from '../leaflet.js';
import { health, healthBadge, healthLegend, HEALTH_COLOUR } from '../cameras.js';

const COVERAGE_COLOUR = { blind: '#c62828', overlap: '#ef6c00', covered: '#2e7d32' };

/**
 * The coverage of a stored road network: where roads cross its boundary, each direction coloured (blind spot red,
 * watched twice or more orange, watched once green), and the lists: blind spots, the planning ranking (where one new
 * camera closes the most traffic), overlaps and coverage per organisation.
 */
function coverageSection(L, map, networks) {
  const layer = L.layerGroup().addTo(map);
  const out = h('div', { id: 'coverage-report', 'aria-live': 'polite' });
  const select = h('select', { id: 'coverage-network' },
    networks.map((n) => h('option', { value: n.id }, `${n.name} (${n.organisation}, ${t('coverage.roads', { n: n.roads })})`)));
  const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'];
  const dir = (c) => `${t(c.entering ? 'coverage.in' : 'coverage.out')} (${t('coverage.heading.' + COMPASS[Math.round(c.heading / 45) % 8])})`;
  const where = (c) => h('button', { type: 'button', class: 'secondary', onclick: () => map.setView([c.lat, c.lon], Math.max(map.getZoom(), 14)) },
    `${c.lat.toFixed(4)}, ${c.lon.toFixed(4)}`);
  async function load() {
    clear(out).append(h('p', { class: 'muted' }, t('coverage.loading')));
    let r;
    try {
      r = await api('/api/v1/coverage' + qs({ network: select.value }));
    } catch (e) {
      clear(out).append(message('error', e.message));
      return;
    }
    layer.clearLayers();
    layer.addLayer(L.geoJSON(r.boundary, { style: () => ({ color: '#37474f', weight: 2, dashArray: '6 4', fill: false }), interactive: false }));
    for (const c of r.crossings) {
      const kind = c.cameras.length === 0 ? 'blind' : c.cameras.length > 1 ? 'overlap' : 'covered';
      const m = L.circleMarker([c.lat, c.lon], { radius: kind === 'blind' ? 9 : 7, color: '#1b1b1b', weight: 1.5, fillColor: COVERAGE_COLOUR[kind], fillOpacity: 0.95 });
      m.bindTooltip(h('span', `${c.road} · ${dir(c)} · ${t('coverage.kind.' + kind)}${c.cameras.length ? ' · ' + c.cameras.join(', ') : ''}`));
      layer.addLayer(m);
      const el = m.getElement && m.getElement();
      if (el) el.setAttribute('data-coverage', kind);
    }
    clear(out).append(
      h('p', { id: 'coverage-summary' }, t('coverage.summary', { roads: r.roads, crossing: r.crossingRoads, crossings: r.crossings.length, blind: r.blindSpots.length, overlaps: r.overlaps.length })),
      h('ul', { class: 'legend' }, ['blind', 'overlap', 'covered'].map((k) => h('li',
        h('span', { class: `swatch coverage-${k}` }), t('coverage.kind.' + k)))),
      h('h3', t('coverage.blindSpots')),
      r.blindSpots.length
        ? h('ul', { id: 'coverage-blind' }, r.blindSpots.map((c) => h('li', { 'data-road': c.road, 'data-direction': c.direction },
          h('strong', c.road), ` (${c.highway || '–'}) · ${dir(c)} · `, where(c))))
        : h('p', { class: 'muted', id: 'coverage-blind' }, t('coverage.noBlindSpots')),
      h('h3', t('coverage.planning')),
      r.planning.length
        ? h('ol', { id: 'coverage-planning' }, r.planning.map((s) => h('li', { 'data-road': s.road },
          h('strong', s.road), ` · ${r.blindSpots.filter((b) => b.road === s.road && b.lat === s.lat && b.lon === s.lon).map(dir).join(' + ')} · ${t('coverage.weight', { w: fmtNumber(s.weight) })} · `, where(s))))
        : h('p', { class: 'muted' }, t('coverage.noPlanning')),
      h('h3', t('coverage.overlaps')),
      r.overlaps.length
        ? h('ul', { id: 'coverage-overlaps' }, r.overlaps.map((c) => h('li', h('strong', c.road), ` · ${dir(c)} · ${c.cameras.join(', ')}`)))
        : h('p', { class: 'muted' }, t('coverage.noOverlaps')),
      h('h3', t('coverage.perOrganisation')),
      table([
        { label: t('camera.organisation'), value: (o) => o.organisation },
        { label: t('coverage.covered'), value: (o) => `${o.covered} / ${o.crossings}` },
        { label: t('coverage.share'), value: (o) => `${fmtNumber(o.share * 100, 0)}%` },
      ], r.perOrganisation, { empty: t('coverage.noCameras') }));
  }
  const button = h('button', { type: 'button', id: 'coverage-show', onclick: load }, t('coverage.show'));
  return section(t('coverage.title'), h('p', { class: 'muted' }, t('coverage.hint')),
    h('p', h('label', { for: 'coverage-network' }, t('coverage.network')), ' ', select, ' ', button), out);
}

/**
 * For the camera administrator: upload a road network (two GeoJSON files exported from OpenStreetMap, or an .osm.pbf
 * extract as downloaded), delete one.
 */
function networkManagement(app, networks) {
  const name = h('input', { type: 'text', id: 'network-name', required: true, maxlength: 200 });
  const boundary = h('input', { type: 'file', id: 'network-boundary', accept: '.geojson,.json,application/geo+json,application/json', required: true });
  const roads = h('input', { type: 'file', id: 'network-roads', accept: '.geojson,.json,application/geo+json,application/json', required: true });
  const shared = h('input', { type: 'checkbox', id: 'network-shared' });
  const out = h('div', { id: 'network-out', 'aria-live': 'polite' });
  const readJson = async (input, what) => {
    try {
      return JSON.parse(await input.files[0].text());
    } catch (e) {
      throw new Error(t('coverage.notJson', { what }));
    }
  };
  const form = h('form', { id: 'network-form' },
    h('p', { class: 'hint' }, t('coverage.uploadHint')),
    h('div', { class: 'form-grid' }, field(t('coverage.name'), name), field(t('coverage.boundaryFile'), boundary), field(t('coverage.roadsFile'), roads)),
    h('p', h('label', shared, ' ', t('coverage.shared'))),
    h('div', { class: 'actions-row' }, h('button', { type: 'submit', id: 'network-upload' }, t('coverage.upload'))), out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(out);
    try {
      const body = { name: name.value, shared: shared.checked, boundary: await readJson(boundary, t('coverage.boundaryFile')), roads: await readJson(roads, t('coverage.roadsFile')) };
      const n = await api('/api/v1/road-networks', { method: 'POST', json: body });
      app.announce(t('coverage.uploaded', { name: n.name, n: n.roads }));
      app.navigate('#/map');
    } catch (e) {
      out.append(message('error', e.message));
    }
  });
  // Or an OpenStreetMap extract as it is downloaded (.osm.pbf): the server takes its main roads, and as boundary the
  // outline of the administrative boundary named here (else the extract's box).
  const pbfName = h('input', { type: 'text', id: 'pbf-name', required: true, maxlength: 200 });
  const pbfBoundary = h('input', { type: 'text', id: 'pbf-boundary', maxlength: 200, placeholder: t('coverage.pbfBoundaryExample') });
  const pbfFile = h('input', { type: 'file', id: 'pbf-file', accept: '.pbf,.osm.pbf,application/octet-stream', required: true });
  const pbfShared = h('input', { type: 'checkbox', id: 'pbf-shared' });
  const pbfOut = h('div', { id: 'pbf-out', 'aria-live': 'polite' });
  const pbfForm = h('form', { id: 'pbf-form' },
    h('h3', t('coverage.pbfTitle')), h('p', { class: 'hint' }, t('coverage.pbfHint')),
    h('div', { class: 'form-grid' }, field(t('coverage.name'), pbfName), field(t('coverage.pbfFile'), pbfFile),
      field(t('coverage.pbfBoundary'), pbfBoundary)),
    h('p', h('label', pbfShared, ' ', t('coverage.shared'))),
    h('div', { class: 'actions-row' }, h('button', { type: 'submit', id: 'pbf-upload' }, t('coverage.upload'))), pbfOut);
  pbfForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(pbfOut);
    try {
      const q = new URLSearchParams({ name: pbfName.value, shared: String(pbfShared.checked) });
      if (pbfBoundary.value.trim()) q.set('boundary', pbfBoundary.value.trim());
      const n = await api(`/api/v1/road-networks/osm-pbf?${q}`, { method: 'POST', body: pbfFile.files[0], contentType: 'application/octet-stream' });
      app.announce(t('coverage.uploaded', { name: n.name, n: n.roads }));
      app.navigate('#/map');
    } catch (e) {
      pbfOut.append(message('error', e.message));
    }
  });
  const mine = networks.filter((n) => n.organisation === app.me.organisation);
  const list = mine.length ? h('ul', { id: 'network-list' }, mine.map((n) => h('li', `${n.name} (${t('coverage.roads', { n: n.roads })}${n.shared ? ', ' + t('coverage.isShared') : ''}) `,
    h('button', { type: 'button', class: 'secondary', 'data-network': n.id, onclick: async () => {
      if (!window.confirm(t('coverage.deleteConfirm', { name: n.name }))) return;
      try {
        await api(`/api/v1/road-networks/${n.id}`, { method: 'DELETE' });
        app.navigate('#/map');
      } catch (e) {
        out.append(message('error', e.message));
      }
    } }, t('coverage.delete'))))) : null;
  return h('details', { id: 'network-manage' }, h('summary', t('coverage.manage')), list, form, pbfForm);
}

export async function render(main, app) {
  const cameras = await api('/api/v1/cameras');
  // The health monitor's judgement (silent, low, clock off, degraded) colours the cameras where it has one.
  const monitored = await api('/api/v1/camera-health').catch(() => []);
  const byCamera = new Map(monitored.map((s) => [s.camera, s]));
  for (const c of cameras) c.monitor = byCamera.get(c.id) || null;
  const mapEl = h('div', { class: 'map', id: 'camera-map', role: 'region', 'aria-label': t('map.title') });
  const panel = h('section', { class: 'card camera-panel', id: 'camera-panel', 'aria-live': 'polite', 'aria-labelledby': 'panel-h' },
    h('h2', { id: 'panel-h' }, t('map.pick')), h('p', { class: 'muted' }, t('map.pickHint')));
  const listBox = h('div');
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.map')), h('span', { class: 'muted' }, t('map.count', { n: cameras.length }))),
    healthLegend(),
    h('div', { class: 'grid-2' }, h('div', mapEl), panel), listBox);

  const located = cameras.filter((c) => c.lat != null && c.lon != null);
  const { L, map } = await createMap(mapEl, app.config, { points: located.map((c) => [c.lat, c.lon]), zoom: 10 });
  const markers = new Map();
  let selected = null;

  // Direction arrows are a fixed number of screen pixels long, so they are redrawn at every zoom.
  const arrows = L.layerGroup().addTo(map);
  function drawArrows() {
    arrows.clearLayers();
    const metresPerPixel = (lat) => (156543.03 * Math.cos((lat * Math.PI) / 180)) / Math.pow(2, map.getZoom());
    for (const c of located) {
      const heading = headingOf(c);
      if (heading === null) continue;
      const colour = HEALTH_COLOUR[health(c)];
      const m = metresPerPixel(c.lat);
      const tip = offset(c.lat, c.lon, heading, 30 * m);
      const left = offset(tip[0], tip[1], heading + 150, 13 * m);
      const right = offset(tip[0], tip[1], heading - 150, 13 * m);
      arrows.addLayer(L.polyline([[c.lat, c.lon], tip], { color: '#1b1b1b', weight: 6, opacity: 0.8, interactive: false }));
      arrows.addLayer(L.polyline([[c.lat, c.lon], tip], { color: colour, weight: 3, opacity: 1, interactive: false }));
      arrows.addLayer(L.polygon([tip, left, right], { color: '#1b1b1b', fillColor: colour, fillOpacity: 1, weight: 1, interactive: false }));
    }
    for (const mk of markers.values()) mk.bringToFront();
  }

  for (const c of located) {
    const colour = HEALTH_COLOUR[health(c)];
    const m = L.circleMarker([c.lat, c.lon], { radius: 9, color: '#1b1b1b', weight: 2, fillColor: colour, fillOpacity: 1 }).addTo(map);
    m.bindTooltip(h('span', `${c.id} — ${c.name}`));
    m.on('click', () => show(c));
    const el = m.getElement();
    if (el) {
      el.setAttribute('data-camera', c.id);
      el.setAttribute('aria-label', `${c.id} ${c.name}`);
    }
    markers.set(c.id, m);
  }
  drawArrows();
  map.on('zoomend', drawArrows);

  async function show(c) {
    if (selected) markers.get(selected)?.setStyle({ weight: 2, color: '#1b1b1b' });
    selected = c.id;
    markers.get(c.id)?.setStyle({ weight: 4, color: '#000' });
    markers.get(c.id)?.bringToFront();
    for (const tr of listBox.querySelectorAll('tr')) tr.classList.toggle('selected', tr.dataset.camera === c.id);
    clear(panel).append(h('h2', { id: 'panel-h' }, `${c.id} — ${c.name}`), h('p', healthBadge(c)));
    const now = new Date();
    const midnight = startOfDay(now);
    const [reads, hits] = await Promise.all([
      app.can('VIEW_STATS') ? api('/api/v1/passages/stats' + qs({ from: new Date(now - 3600_000).toISOString(), to: now.toISOString() })).catch(() => null) : null,
      app.can('VIEW_HITS') ? api('/api/v1/hits' + qs({ camera: c.id, from: midnight.toISOString(), limit: 1000 })).catch(() => null) : null,
    ]);
    if (selected !== c.id) return;
    const r = reads && reads.cameras.find((x) => x.camera === c.id);
    panel.append(h('dl', { class: 'facts', id: 'camera-facts' },
      reads ? [h('dt', t('map.readsHour')), h('dd', fmtNumber(r ? r.reads : 0))] : null,
      reads ? [h('dt', t('map.readsPerMinute')), h('dd', fmtNumber(r ? r.reads / 60 : 0, 1))] : null,
      hits ? [h('dt', t('dash.hitsToday')), h('dd', fmtNumber(hits.length))] : null,
      hits ? [h('dt', t('dash.openHits')), h('dd', fmtNumber(hits.filter((x) => !x.outcome).length))] : null,
      h('dt', t('camera.lastRead')), h('dd', c.lastReadAt ? `${fmtAgo(c.lastReadAt)} (${fmtDateTime(c.lastReadAt)})` : t('common.never')),
      h('dt', t('camera.type')), h('dd', tOpt(`camera.type.${c.type}`, c.type || '–')),
      h('dt', t('camera.direction')), h('dd', [c.direction, c.heading != null ? `${c.heading}°` : null].filter(Boolean).join(' · ') || '–'),
      h('dt', t('camera.lane')), h('dd', c.lane || '–'),
      h('dt', t('camera.organisation')), h('dd', c.organisation),
      h('dt', t('camera.position')), h('dd', `${c.lat.toFixed(5)}, ${c.lon.toFixed(5)}`)));
    const history = await api(`/api/v1/camera-health/${encodeURIComponent(c.id)}`).catch(() => null);
    if (selected !== c.id || !history) return;
    panel.append(h('h3', t('map.healthHistory')), h('ul', { class: 'health-history', id: 'camera-health-history' },
      history.history.length
        ? history.history.slice(0, 6).map((e) => h('li', { 'data-state': e.state },
          h('strong', t(`map.health.${e.state}`)), ` · ${fmtDateTime(e.at)} · ${e.reason}`))
        : h('li', { class: 'muted' }, t('map.healthNone'))));
  }

  listBox.append(section(t('map.list'), table([
    { label: t('camera.id'), value: (c) => c.id },
    { label: t('camera.name'), value: (c) => c.name },
    { label: t('camera.status'), value: (c) => healthBadge(c) },
    { label: t('camera.lastRead'), value: (c) => fmtAgo(c.lastReadAt) },
    {
      label: t('common.actions'),
      value: (c) => h('button', {
        type: 'button', class: 'secondary', 'data-camera': c.id,
        onclick: () => {
          if (c.lat != null) map.setView([c.lat, c.lon], Math.max(map.getZoom(), 13));
          show(c);
          panel.scrollIntoView({ block: 'nearest' });
        },
      }, t('map.show', { id: c.id })),
    },
  ], cameras, {
    empty: t('dash.noCameras'),
    onRow: (tr, c) => { tr.dataset.camera = c.id; },
  })));
  if (!cameras.length) panel.append(message('info', t('dash.noCameras')));

  const networks = await api('/api/v1/road-networks').catch(() => []);
  if (networks.length || app.can('MANAGE_CAMERAS')) {
    const cover = networks.length ? coverageSection(L, map, networks) : section(t('coverage.title'), h('p', { class: 'muted' }, t('coverage.none')));
    if (app.can('MANAGE_CAMERAS')) cover.append(networkManagement(app, networks));
    listBox.append(cover);
  }

  const onResize = () => map.invalidateSize();
  window.addEventListener('resize', onResize);
  return () => {
    window.removeEventListener('resize', onResize);
    map.remove();
  };
}
