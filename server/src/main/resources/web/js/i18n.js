// Dutch and English. The language is the one chosen in the header (kept in localStorage), else the browser's
// (navigator.language starting with "nl"), else English. <html lang> follows it.
import { nl } from './i18n-nl.js';
import { en } from './i18n-en.js';

export const LANGUAGES = { nl: 'Nederlands', en: 'English' };
const DICTS = { nl, en };
const KEY = 'anpr.lang';

let current = initial();
rememberForServer();

/** The server renders some pages itself (the printed action report): it reads the choice from this cookie. */
function rememberForServer() {
  document.cookie = `anpr_lang=${current}; path=/; SameSite=Lax; max-age=31536000`;
}

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
  rememberForServer();
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

// Times are shown and typed on the clock of the user's organisation (GET /api/v1/me: timeZone), whatever the
// browser's own zone: the statistics count days on that clock too. Europe/Amsterdam until it is known.
let TZ = 'Europe/Amsterdam';

export function setTimeZone(zone) {
  if (!zone) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    TZ = zone;
  } catch (e) {
    console.warn('unknown time zone', zone);
  }
}

export function timeZone() {
  return TZ;
}

/** The fields of an instant on the organisation's clock, as strings ('2026', '03', '09', '07', '05', '00'). */
function wall(date) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hourCycle: 'h23', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(date));
  const o = {};
  for (const p of parts) o[p.type] = p.value;
  return o;
}

/** How far the organisation's clock is ahead of UTC at an instant, in ms. */
function offsetAt(ms) {
  const w = wall(ms);
  return Date.UTC(+w.year, +w.month - 1, +w.day, +w.hour, +w.minute, +w.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant at which the organisation's clock shows this date and time (twice corrected, for DST changes). */
function fromWall(y, mo, d, h, mi) {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const first = asUtc - offsetAt(asUtc);
  return new Date(asUtc - offsetAt(first));
}

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

/** A day key of the statistics ('2026-11-24', a day on the organisation's clock) as a date, without shifting it. */
export function fmtDayKey(key) {
  if (!key) return '';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(key + 'T12:00:00Z'));
}

/** A day key as day and short month, without shifting it. */
export function fmtDayKeyShort(key) {
  if (!key) return '';
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(key + 'T12:00:00Z'));
}

/** Value for an <input type="datetime-local">: the instant on the organisation's clock, as the page shows times. */
export function toLocalInput(date) {
  const w = wall(date);
  return `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}`;
}

/** ISO-8601 instant from an <input type="datetime-local"> value, read on the organisation's clock. */
export function fromLocalInput(value) {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return new Date(value).toISOString();
  return fromWall(+m[1], +m[2], +m[3], +m[4], +m[5]).toISOString();
}

/** The day an instant falls on, on the organisation's clock ('2026-11-24'): the statistics' days. */
export function isoDay(date) {
  const w = wall(date);
  return `${w.year}-${w.month}-${w.day}`;
}

/** The instant the organisation's day of {@code date} began (its midnight, not the browser's). */
export function startOfDay(date) {
  const w = wall(date);
  return fromWall(+w.year, +w.month, +w.day, 0, 0);
}
