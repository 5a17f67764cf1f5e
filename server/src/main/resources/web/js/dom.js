// Small DOM helpers. Everything is built with createElement and textContent: no HTML strings, so no inline
// styles or scripts reach the page (the Content-Security-Policy forbids them) and no data is ever parsed as HTML.
import { t } from './i18n.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value' && 'value' in el) el.value = v;
    else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'hidden' || k === 'multiple' || k === 'required') {
      el[k] = !!v;
    } else el.setAttribute(k, v === true ? '' : String(v));
  }
}

/** Appends children, skipping null, undefined and false (the DOM's own append would show them as text). */
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** h('button', {class: 'x', onclick: f}, 'text', child...) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs instanceof Node || typeof attrs !== 'object' || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = null;
  }
  apply(el, attrs);
  append(el, children);
  return el;
}

export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let idSeq = 0;
export function uid(prefix = 'f') {
  return `${prefix}-${++idSeq}`;
}

/** A labelled form field: label + control (+ optional hint), ids wired for screen readers. */
export function field(label, control, hint) {
  const id = control.id || uid();
  control.id = id;
  const parts = [h('label', { for: id }, label), control];
  if (hint) {
    const hid = id + '-hint';
    control.setAttribute('aria-describedby', hid);
    parts.push(h('small', { id: hid, class: 'hint' }, hint));
  }
  return h('div', { class: control.type === 'checkbox' ? 'field check' : 'field' }, parts);
}

export function select(name, options, value) {
  const s = h('select', { name });
  for (const o of options) {
    const [v, label] = Array.isArray(o) ? o : [o, o];
    s.append(h('option', { value: v, selected: String(v) === String(value ?? '') }, label));
  }
  return s;
}

/**
 * A table that turns into stacked cards on a phone: every cell carries its column name in data-label, which the
 * stylesheet shows before the value at narrow widths.
 * columns: [{label, value: row => string|Node, class}]
 */
export function table(columns, rows, { caption, empty, rowClass, onRow } = {}) {
  if (!rows.length) return h('p', { class: 'empty' }, empty || t('common.none'));
  const thead = h('thead', h('tr', columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label))));
  const tbody = h('tbody', rows.map((r) => {
    const tr = h('tr', { class: rowClass ? rowClass(r) : null },
      columns.map((c) => {
        const v = c.value(r);
        return h('td', { 'data-label': c.label, class: c.class }, v === null || v === undefined || v === '' ? '–' : v);
      }));
    if (onRow) onRow(tr, r);
    return tr;
  }));
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'data' }, caption ? h('caption', caption) : null, thead, tbody));
}

export function section(title, ...children) {
  const id = uid('s');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), children);
}

/** A message box; kind is info, ok, warn or error. Errors are announced to screen readers. */
export function message(kind, text) {
  return h('p', { class: `msg ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** A big number with its label, for dashboards. */
export function figure(label, value, extra) {
  return h('div', { class: 'figure' }, h('span', { class: 'figure-value' }, value), h('span', { class: 'figure-label' }, label),
    extra ? h('span', { class: 'figure-extra' }, extra) : null);
}

/** A plate label, written as on the plate ({@code display} from the API: 12-BDF-3); the stored text when there is none. */
export function plate(text, country, display) {
  return h('span', { class: ['plate', country && country !== 'NL' ? 'plate-foreign' : null], 'data-plate-text': text }, display || text);
}

export function downloadLink(label, href, filename) {
  return h('a', { class: 'button secondary', href, download: filename || '' }, label);
}

/** Offers text as a file download without a server round trip (allowed by the CSP: a blob: URL). */
export function downloadText(text, filename, type = 'text/csv') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 1000);
}

export function busy(button, promise) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  return Promise.resolve(promise).finally(() => {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  });
}
