// Leaflet (from the WebJar, served by the server at /webjars/) with either the configured tile server or, offline,
// a bundled outline of the Netherlands and Belgium (/static/geo/nl-be.json, Natural Earth, public domain) with the
// stored road networks drawn on it as thin grey lines.
import { h } from './dom.js';
import { t } from './i18n.js';

const LEAFLET_JS = '/webjars/leaflet/1.9.4/dist/leaflet.js';
let loading = null;
let outline = null;

export function loadLeaflet() {
  if (window.L) return Promise.resolve(window.L);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = h('script', { src: LEAFLET_JS });
      s.addEventListener('load', () => resolve(window.L));
      s.addEventListener('error', () => reject(new Error('Leaflet could not be loaded')));
      document.head.append(s);
    });
  }
  return loading;
}

// The stored road networks' roads (GET /api/v1/road-networks/base-layer), drawn under everything when there is no
// tile server. The server lets the browser keep the answer for five minutes per session (Cache-Control private,
// Vary: Cookie), so moving between pages does not fetch it again; a map waits for it no longer than it takes.
async function roadData() {
  try {
    const res = await fetch('/api/v1/road-networks/base-layer', {
      headers: { 'X-Requested-With': 'openanpr', Accept: 'application/json' }, credentials: 'same-origin',
    });
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

const ROAD_WEIGHT = { motorway: 2.5, trunk: 2.2, primary: 2, secondary: 1.6, tertiary: 1.3 };

function addRoads(L, map, el, data) {
  if (!data || !data.features || !data.features.length) return;
  const pane = map.createPane('roads');
  pane.style.zIndex = 250; // above the outline (200), below every overlay (400) and marker
  pane.style.pointerEvents = 'none';
  L.geoJSON(data, {
    pane: 'roads',
    renderer: L.canvas({ pane: 'roads' }),
    interactive: false,
    style: (f) => ({ color: '#8d949c', weight: ROAD_WEIGHT[(f.properties.highway || '').replace('_link', '')] || 1, opacity: 0.9 }),
  }).addTo(map);
  el.dataset.roads = String(data.features.length);
}

async function outlineData() {
  if (!outline) outline = fetch('/static/geo/nl-be.json').then((r) => r.json());
  return outline;
}

/** A map in el, centred on the given points (or the Netherlands), with tiles or the offline outline. */
export async function createMap(el, config, { points = [], zoom = 11 } = {}) {
  const L = await loadLeaflet();
  const map = L.map(el, { zoomControl: true, attributionControl: true, preferCanvas: false });
  map.attributionControl.setPrefix('Leaflet');
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { maxZoom: 19, attribution: config.tileAttribution || '' }).addTo(map);
  } else {
    el.classList.add('offline');
    const data = await outlineData();
    map.createPane('outline').style.zIndex = 200; // where tiles would be: under the roads and every overlay
    L.geoJSON(data, {
      pane: 'outline',
      interactive: false,
      style: () => ({ color: '#5b6b7d', weight: 1.5, fillColor: '#f4f1e6', fillOpacity: 1 }),
    }).addTo(map);
    map.attributionControl.addAttribution(t('map.outlineAttribution'));
    addRoads(L, map, el, await roadData());
  }
  if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom: zoom + 2 });
  else map.setView([52.1, 5.2], 7);
  return { L, map };
}

const COMPASS = { N: 0, NE: 45, E: 90, SE: 135, S: 180, SW: 225, W: 270, NW: 315 };

/** The direction a camera looks in, in degrees from north, or null. */
export function headingOf(camera) {
  if (camera.heading !== null && camera.heading !== undefined) return Number(camera.heading);
  const d = camera.direction && COMPASS[String(camera.direction).toUpperCase()];
  return d === undefined ? null : d;
}

/** A point metres away from lat/lon in the given direction. */
export function offset(lat, lon, headingDeg, metres) {
  const r = (headingDeg * Math.PI) / 180;
  const dLat = (Math.cos(r) * metres) / 111_320;
  const dLon = (Math.sin(r) * metres) / (111_320 * Math.cos((lat * Math.PI) / 180));
  return [lat + dLat, lon + dLon];
}
