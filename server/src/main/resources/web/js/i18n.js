// Dutch and English. The language is the one chosen in the header (kept in localStorage), else the browser's
// (navigator.language starting with "nl"), else English. <html lang> follows it.
import { nl } from './i18n-nl.js';
import { en } from './i18n-en.js';

export const LANGUAGES = { nl: 'Nederlands', en: 'English' };
const DICTS = { nl, en };
const KEY = 'anpr.lang';

let current = initial();

function initial() {
  const stored = localStorage.getItem(KEY);
  if (stored && DICTS[stored]) return stored;
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  for (const l of langs) {
    const code = String(l).toLowerCase().slice(0, 2);
    if (DICTS[code]) return code;
  }
  return 'en';
}

export function lang() {
  return current;
}

export function setLang(code) {
  if (!DICTS[code]) return;
  current = code;
  localStorage.setItem(KEY, code);
}

/** t('hits.count', {n: 3}) — {name} placeholders; falls back to English, then to the key itself. */
export function t(key, vars) {
  let s = DICTS[current][key] ?? en[key];
  if (s === undefined) {
    console.warn('missing translation', key);
    s = key;
  }
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined ? m : String(vars[k])));
  return s;
}

/** A translation if there is one (enum values such as list categories), else the raw value. */
export function tOpt(key, fallback) {
  return DICTS[current][key] ?? en[key] ?? fallback;
}

/** Sets the texts that live in index.html (data-i18n, data-i18n-aria-label) and <html lang>. */
export function applyStatic(root = document) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}

function locale() {
  return current === 'nl' ? 'nl-NL' : 'en-GB';
}

const TZ = 'Europe/Amsterdam';

export function fmtDateTime(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'medium', timeZone: TZ }).format(new Date(iso));
}

export function fmtTime(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), { timeStyle: 'medium', timeZone: TZ }).format(new Date(iso));
}

export function fmtDate(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: TZ }).format(new Date(iso));
}

export function fmtDayShort(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', timeZone: TZ }).format(new Date(iso));
}

export function fmtNumber(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}

export function fmtPercent(fraction) {
  if (fraction === null || fraction === undefined) return '–';
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 2 }).format(fraction);
}

export function fmtMoney(n) {
  if (n === null || n === undefined) return '–';
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR' }).format(n);
}

/** "3 min ago" style. */
export function fmtAgo(iso) {
  if (!iso) return t('common.never');
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  if (Math.abs(s) < 60) return rtf.format(-s, 'second');
  if (Math.abs(s) < 3600) return rtf.format(-Math.round(s / 60), 'minute');
  if (Math.abs(s) < 86400) return rtf.format(-Math.round(s / 3600), 'hour');
  return rtf.format(-Math.round(s / 86400), 'day');
}

/** Value for an <input type="datetime-local"> in the user's time zone. */
export function toLocalInput(date) {
  const d = new Date(date);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** ISO-8601 instant from an <input type="datetime-local"> value (browser time zone). */
export function fromLocalInput(value) {
  if (!value) return '';
  return new Date(value).toISOString();
}

export function isoDay(date) {
  const d = new Date(date);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
