// Camera health, shared by the dashboard and the map: a camera is healthy when it is active and has read a plate
// in the last 15 minutes.
import { t, tOpt } from './i18n.js';
import { h } from './dom.js';

export const SILENT_AFTER_MS = 15 * 60 * 1000;

/** The health monitor's states that need someone's attention (see /api/v1/camera-health). */
export const MONITOR_FLAGGED = ['SILENT', 'LOW', 'CLOCK', 'DEGRADED'];

export function health(camera) {
  if (camera.status === 'INACTIVE') return 'off';
  if (camera.status === 'MAINTENANCE') return 'maint';
  if (camera.monitor && MONITOR_FLAGGED.includes(camera.monitor.state)) return 'warn';
  if (!camera.lastReadAt || Date.now() - new Date(camera.lastReadAt).getTime() > SILENT_AFTER_MS) return 'warn';
  return 'ok';
}

export const HEALTH_COLOUR = { ok: '#1f9d3a', warn: '#e8a100', off: '#8d96a3', maint: '#2f6fd6' };

export function healthBadge(camera) {
  const hs = health(camera);
  const cls = { ok: 'ok', warn: 'warn', off: 'off', maint: 'info' }[hs];
  const m = camera.monitor;
  if (hs === 'warn' && m && MONITOR_FLAGGED.includes(m.state)) {
    return h('span', { class: `badge ${cls}`, title: m.reason, 'data-health': m.state }, t(`map.health.${m.state}`));
  }
  return h('span', { class: `badge ${cls}` }, t(`camera.health.${hs}`));
}

export function healthLegend() {
  return h('ul', { class: 'map-legend', 'aria-label': t('map.legend') },
    ['ok', 'warn', 'maint', 'off'].map((k) => h('li', { class: `dot-${k}` }, tOpt(`map.legend.${k}`, t(`camera.health.${k}`)))));
}
