// Leaflet (from the WebJar, served by the server at /webjars/) with either the configured tile server or, offline,
// a bundled outline of the Netherlands and Belgium (/static/geo/nl-be.json, Natural Earth, public domain).
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
    L.geoJSON(data, {
      interactive: false,
      style: () => ({ color: '#5b6b7d', weight: 1.5, fillColor: '#f4f1e6', fillOpacity: 1 }),
    }).addTo(map);
    map.attributionControl.addAttribution(t('map.outlineAttribution'));
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
