// Small hand-written SVG charts: no library, no canvas, no inline styles (colours come from app.css classes).
// Each chart is drawn at the container's pixel width so that text stays readable on a phone, and redrawn on resize.
import { h, svg, clear } from './dom.js';
import { fmtNumber } from './i18n.js';

/** Four even steps from 0 to at least v; whole-number steps when the data are counts. */
function scale(v, integer) {
  const raw = Math.max(v, integer ? 4 : 0.0001) / 4;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  let step = 10 * p;
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * p >= raw && (!integer || Number.isInteger(m * p))) {
      step = m * p;
      break;
    }
  }
  return { max: step * 4, digits: step < 1 ? Math.min(2, Math.ceil(-Math.log10(step))) : 0 };
}

function responsive(container, draw) {
  let last = 0;
  const redraw = () => {
    const w = Math.max(260, Math.floor(container.clientWidth || 600));
    if (w === last) return;
    last = w;
    clear(container);
    container.append(draw(w));
  };
  redraw();
  if (typeof ResizeObserver !== 'undefined') {
    const ro = new ResizeObserver(() => redraw());
    ro.observe(container);
  }
}

/**
 * Bars per label; one or two series side by side.
 * spec: {labels: [..], series: [{name, values, alt}], title, height, format}
 */
export function barChart(container, spec) {
  const height = spec.height || 220;
  const legend = spec.series.length > 1 ? h('ul', { class: 'legend' }, spec.series.map((s) =>
    h('li', h('span', { class: ['swatch', s.alt ? 'alt' : null], 'aria-hidden': 'true' }), s.name))) : null;
  const box = h('div');
  container.append(box);
  if (legend) container.append(legend);
  responsive(box, (width) => {
    const pad = { l: 44, r: 8, t: 10, b: 34 };
    const n = spec.labels.length || 1;
    const { max, digits } = scale(Math.max(0, ...spec.series.flatMap((s) => s.values)), spec.integer !== false);
    const plotW = width - pad.l - pad.r;
    const plotH = height - pad.t - pad.b;
    const slot = plotW / n;
    const barW = Math.max(1, Math.min(36, (slot * 0.8) / spec.series.length));
    const inset = (slot - barW * spec.series.length) / 2;
    const root = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': spec.title || '' });
    root.append(svg('title', { text: spec.title || '' }));
    for (let i = 0; i <= 4; i++) {
      const y = pad.t + plotH - (plotH * i) / 4;
      root.append(svg('line', { class: 'grid-line', x1: pad.l, x2: width - pad.r, y1: y, y2: y }));
      root.append(svg('text', { x: pad.l - 6, y: y + 4, 'text-anchor': 'end', text: fmtNumber((max * i) / 4, digits) }));
    }
    root.append(svg('line', { class: 'axis', x1: pad.l, x2: width - pad.r, y1: pad.t + plotH, y2: pad.t + plotH }));
    // at most ~ one label per 56 px
    const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotW / 56))));
    spec.labels.forEach((label, i) => {
      spec.series.forEach((s, j) => {
        const v = s.values[i] || 0;
        const bh = (plotH * v) / max;
        const x = pad.l + slot * i + inset + barW * j;
        const rect = svg('rect', { class: ['bar', s.alt ? 'alt' : ''].join(' ').trim(), x, y: pad.t + plotH - bh, width: barW, height: Math.max(0, bh) });
        rect.append(svg('title', { text: `${label} — ${s.name}: ${fmtNumber(v)}` }));
        root.append(rect);
      });
      if (i % every === 0) {
        root.append(svg('text', { x: pad.l + slot * i + slot / 2, y: height - pad.b + 16, 'text-anchor': 'middle', text: shorten(label, Math.max(4, Math.floor((slot * every) / 7))) }));
      }
    });
    return root;
  });
}

/**
 * A line over time. spec: {points: [{t: Date|ms, v}], title, height, label: t => string, alt}
 */
export function lineChart(container, spec) {
  const height = spec.height || 180;
  const box = h('div');
  container.append(box);
  responsive(box, (width) => {
    const pad = { l: 44, r: 10, t: 10, b: 28 };
    const pts = spec.points.map((p) => ({ t: +p.t, v: p.v }));
    const plotW = width - pad.l - pad.r;
    const plotH = height - pad.t - pad.b;
    const root = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': spec.title || '' });
    root.append(svg('title', { text: spec.title || '' }));
    const { max, digits } = scale(Math.max(0, ...pts.map((p) => p.v)), !!spec.integer);
    for (let i = 0; i <= 4; i++) {
      const y = pad.t + plotH - (plotH * i) / 4;
      root.append(svg('line', { class: 'grid-line', x1: pad.l, x2: width - pad.r, y1: y, y2: y }));
      root.append(svg('text', { x: pad.l - 6, y: y + 4, 'text-anchor': 'end', text: fmtNumber((max * i) / 4, digits) }));
    }
    if (pts.length) {
      const t0 = Math.min(...pts.map((p) => p.t));
      const t1 = Math.max(...pts.map((p) => p.t));
      const span = Math.max(1, t1 - t0);
      const x = (tt) => pad.l + (plotW * (tt - t0)) / span;
      const y = (v) => pad.t + plotH - (plotH * v) / max;
      const d = pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
      root.append(svg('path', { class: 'area', d: `${d} L${x(pts[pts.length - 1].t)},${pad.t + plotH} L${x(pts[0].t)},${pad.t + plotH} Z` }));
      root.append(svg('path', { class: spec.alt ? 'line alt' : 'line', d }));
      const ticks = Math.max(2, Math.min(6, Math.floor(plotW / 90)));
      for (let i = 0; i < ticks; i++) {
        const tt = t0 + (span * i) / (ticks - 1);
        root.append(svg('text', { x: x(tt), y: height - 8, 'text-anchor': i === 0 ? 'start' : i === ticks - 1 ? 'end' : 'middle', text: spec.label ? spec.label(tt) : '' }));
      }
    }
    root.append(svg('line', { class: 'axis', x1: pad.l, x2: width - pad.r, y1: pad.t + plotH, y2: pad.t + plotH }));
    return root;
  });
}

/**
 * Passages on a time axis, one lane per camera. spec: {items: [{t, lane, title}], title, label: t => string}
 */
export function timeline(container, spec) {
  const lanes = [...new Set(spec.items.map((i) => i.lane))];
  const laneH = 30;
  const box = h('div', { class: 'timeline-wrap' });
  container.append(box);
  responsive(box, (width) => {
    const labelW = Math.min(150, Math.floor(width * 0.3));
    const pad = { l: labelW + 8, r: 14, t: 8, b: 28 };
    const height = pad.t + pad.b + Math.max(1, lanes.length) * laneH;
    const plotW = width - pad.l - pad.r;
    const root = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': spec.title || '' });
    root.append(svg('title', { text: spec.title || '' }));
    const ts = spec.items.map((i) => +new Date(i.t));
    const t0 = Math.min(...ts);
    const t1 = Math.max(...ts);
    const span = Math.max(60_000, t1 - t0);
    const start = t0 - span * 0.03;
    const full = span * 1.06;
    const x = (tt) => pad.l + (plotW * (tt - start)) / full;
    lanes.forEach((lane, i) => {
      const y = pad.t + i * laneH + laneH / 2;
      root.append(svg('line', { class: 'lane', x1: pad.l, x2: width - pad.r, y1: y, y2: y }));
      root.append(svg('text', { x: 4, y: y + 4, text: shorten(lane, Math.floor(labelW / 7)) }));
    });
    spec.items.forEach((item) => {
      const y = pad.t + lanes.indexOf(item.lane) * laneH + laneH / 2;
      const c = svg('circle', { class: 'dot', cx: x(+new Date(item.t)), cy: y, r: 5 });
      c.append(svg('title', { text: item.title }));
      root.append(c);
    });
    const ticks = Math.max(2, Math.min(5, Math.floor(plotW / 110)));
    for (let i = 0; i < ticks; i++) {
      const tt = start + (full * i) / (ticks - 1);
      root.append(svg('text', { x: x(tt), y: height - 8, 'text-anchor': i === 0 ? 'start' : i === ticks - 1 ? 'end' : 'middle', text: spec.label(tt) }));
    }
    root.append(svg('line', { class: 'axis', x1: pad.l, x2: width - pad.r, y1: height - pad.b, y2: height - pad.b }));
    return root;
  });
}

function shorten(s, n) {
  s = String(s);
  return s.length > n ? s.slice(0, Math.max(1, n - 1)) + '…' : s;
}
