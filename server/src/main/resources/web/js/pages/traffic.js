// Traffic statistics for analysts: passages per camera per hour or day, distinct vehicles and the foreign share, repeat
// visitors and the origin-destination matrix between camera groups. Aggregate only (no plate is ever shown); counts of
// 1 to 4 vehicles come back suppressed (null) and are shown as "<5". Each statistic reads every vehicle's passages, so
// it runs under a legal basis and is in the audit log; a window reaching back or spanning more than 7 days needs approval.
import { api, qs } from '../api.js';
import { lawfulSearch, approvalPanel } from '../lawful.js';
import { t, fmtNumber, fmtPercent, toLocalInput, fromLocalInput, timeZone } from '../i18n.js';
import { h, clear, field, select, section, table, message, busy } from '../dom.js';
import { barChart } from '../charts.js';
import { OFFENCES } from './search.js';

const API = '/api/v1/investigations/statistics/';
const DAY = 86400_000;

export async function render(main, app) {
  const now = Date.now();
  const f = {
    from: h('input', { name: 'from', type: 'datetime-local', id: 'traffic-from', value: toLocalInput(now - DAY) }),
    to: h('input', { name: 'to', type: 'datetime-local', id: 'traffic-to', value: toLocalInput(now + 60_000) }),
    by: select('by', [['hour', t('traffic.by.hour')], ['day', t('traffic.by.day')]], 'hour'),
    per: select('per', ['camera', 'group', 'all'].map((p) => [p, t(`traffic.per.${p}`)]), 'camera'),
    count: select('count', [['days', t('traffic.count.days')], ['passages', t('traffic.count.passages')]], 'days'),
    min: h('input', { name: 'min', type: 'number', id: 'traffic-min', min: '2', max: '10000', value: '2' }),
    gap: h('input', { name: 'maxGapMinutes', type: 'number', id: 'traffic-gap', min: '1', max: '1440', value: '120' }),
    caseNumber: h('input', { name: 'caseNumber', id: 'traffic-case', placeholder: 'PL0900-2026123456', autocomplete: 'off' }),
    offence: select('offence', [['', t('search.chooseOffence')], ...OFFENCES.map((o) => [o, t(`offence.${o}`)])], ''),
    purpose: h('textarea', { name: 'purpose', id: 'traffic-purpose', rows: '2' }),
    approval: h('input', { name: 'approval', type: 'number', id: 'traffic-approval', min: '1' }),
  };
  f.by.id = 'traffic-by';
  f.per.id = 'traffic-per';
  f.count.id = 'traffic-count';
  f.offence.id = 'traffic-offence';
  // the caller's camera groups, for the origin-destination matrix and repeat visitors per group
  const groups = app.can('VIEW_LISTS') ? await api('/api/v1/camera-groups').catch(() => []) : [];
  const groupBoxes = groups.map((g) => h('input', { type: 'checkbox', name: 'groups', value: g.code, checked: true, id: `traffic-group-${g.code}` }));
  const groupField = h('fieldset', { id: 'traffic-groups' }, h('legend', t('traffic.groups')),
    groups.length ? groups.map((g, i) => h('label', { class: 'check' }, groupBoxes[i], ` ${g.name} (${g.code}, ${t('traffic.cameraCount', { n: g.cameras.length })})`))
      : h('p', { class: 'hint' }, t('traffic.noGroups')));
  const submit = h('button', { type: 'submit', id: 'traffic-submit' }, t('traffic.run'));
  const out = h('div', { id: 'traffic-results', 'aria-live': 'polite' });
  const form = h('form', { id: 'traffic-form', class: 'card', novalidate: true },
    h('p', { class: 'hint' }, t('traffic.hint')),
    h('div', { class: 'form-grid' },
      field(t('search.from'), f.from, t('common.timesIn', { zone: timeZone() })),
      field(t('search.to'), f.to, t('traffic.windowHint')),
      field(t('traffic.byLabel'), f.by),
      field(t('traffic.perLabel'), f.per),
      field(t('traffic.countLabel'), f.count),
      field(t('traffic.min'), f.min),
      field(t('traffic.gap'), f.gap, t('traffic.gapHint'))),
    groupField,
    h('fieldset', h('legend', t('search.legalBasis')),
      h('p', { class: 'hint' }, t('traffic.legalHint')),
      h('div', { class: 'form-grid' },
        field(t('search.caseNumber'), f.caseNumber, t('search.caseHint')),
        field(t('search.offence'), f.offence),
        h('div', { class: 'wide' }, field(t('search.purpose'), f.purpose, t('search.purposeHint'))),
        field(t('investigations.approvalNumber'), f.approval, t('investigations.approvalNumberHint')))),
    h('div', { class: 'actions-row' }, submit));
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.traffic'))), form, out);

  function base() {
    return { from: fromLocalInput(f.from.value), to: fromLocalInput(f.to.value), caseNumber: f.caseNumber.value.trim(),
      offence: f.offence.value, purpose: f.purpose.value.trim(), approval: f.approval.value.trim() };
  }

  async function run() {
    clear(out);
    const q = base();
    const chosen = groupBoxes.filter((b) => b.checked).map((b) => b.value).join(',');
    const asks = {
      passages: { by: f.by.value },
      vehicles: {},
      'repeat-visitors': { per: f.per.value, count: f.count.value, min: f.min.value, groups: f.per.value === 'group' ? chosen : undefined },
      'origin-destination': { groups: chosen, maxGapMinutes: f.gap.value },
    };
    // the first answers for the legal basis (or asks for approval); the others run once it is accepted
    const first = await lawfulSearch(API + 'passages', { ...q, ...asks.passages }, out, (reasons) => out.append(approvalPanel(reasons, {
      id: 'traffic-request-approval', body: { from: q.from || null, to: q.to || null, caseNumber: q.caseNumber, offence: q.offence, purpose: q.purpose },
      filed: (r) => {
        f.approval.value = String(r.id);
        return t('traffic.requested', { id: r.id });
      } })));
    if (!first) return;
    out.append(h('p', { class: 'hint', id: 'traffic-suppressed' }, t('traffic.suppressedHint', { n: first.minVehicles })));
    if (first.hitsOnlyCameras && first.hitsOnlyCameras.length)
      out.append(message('warn', t('traffic.hitsOnly', { cameras: first.hitsOnlyCameras.join(', ') })));
    showPassages(first, { ...q, ...asks.passages });
    const rest = ['vehicles', 'repeat-visitors'];
    if (groups.length >= 2) rest.push('origin-destination');
    const answers = await Promise.all(rest.map((name) => api(API + name + qs({ ...q, ...asks[name] })).then((a) => [name, a], (e) => [name, e])));
    for (const [name, a] of answers) {
      const params = { ...q, ...asks[name] };
      if (a instanceof Error) out.append(section(t(`traffic.title.${name}`), message('error', a.message)));
      else if (name === 'vehicles') showVehicles(a, params);
      else if (name === 'repeat-visitors') showRepeat(a, params);
      else showMatrix(a, params);
    }
    if (groups.length < 2) out.append(section(t('traffic.title.origin-destination'), h('p', { class: 'empty' }, t('traffic.noGroups'))));
    if (app.can('VIEW_STATS')) out.append(h('p', { class: 'hint' }, t('traffic.scannedHint'), ' ', h('a', { href: '#/stats' }, t('page.stats'))));
  }

  function card(name, params, ...children) {
    const csv = h('a', { class: 'button secondary', href: API + name + qs({ ...params, format: 'csv' }), download: `${name}.csv`, id: `traffic-csv-${name}` }, t('common.csv'));
    const s = section(t(`traffic.title.${name}`), ...children);
    s.id = `traffic-${name}`;
    s.querySelector('h2').after(h('div', { class: 'actions-row' }, csv));
    out.append(s);
    return s;
  }

  function showPassages(a, params) {
    const chart = h('div', { id: 'traffic-chart' });
    const hourly = a.by === 'hour';
    const columns = [
      { label: t('traffic.camera'), value: (r) => r.camera },
      { label: hourly ? t('traffic.hour') : t('traffic.day'), value: (r) => local(r.start) },
      { label: t('traffic.passages'), value: (r) => fmtNumber(r.passages), class: 'num' },
    ];
    if (!hourly) columns.push({ label: t('traffic.vehicles'), value: (r) => count(r.vehicles), class: 'num' });
    card('passages', params, chart, table(columns, a.rows, { empty: t('traffic.none') }));
    if (a.totals.length) barChart(chart, { labels: a.totals.map((x) => (hourly ? x.start.slice(11, 16) : x.start.slice(5))),
      series: [{ name: t('traffic.passages'), values: a.totals.map((x) => x.passages) }], title: t('traffic.chart') });
  }

  function showVehicles(a, params) {
    const rows = a.total ? [...a.rows, { ...a.total, camera: t('traffic.allCameras') }] : a.rows;
    card('vehicles', params, h('p', { class: 'hint' }, t('traffic.homeCountry', { country: a.homeCountry })), table([
      { label: t('traffic.camera'), value: (r) => r.camera },
      { label: t('traffic.passages'), value: (r) => fmtNumber(r.passages), class: 'num' },
      { label: t('traffic.vehicles'), value: (r) => count(r.vehicles), class: 'num' },
      { label: t('traffic.domestic'), value: (r) => count(r.domestic), class: 'num' },
      { label: t('traffic.foreign'), value: (r) => count(r.foreign), class: 'num' },
      { label: t('traffic.unknownCountry'), value: (r) => count(r.unknownCountry), class: 'num' },
      { label: t('traffic.foreignShare'), value: (r) => share(r.foreignShare), class: 'num' },
    ], a.total && a.total.passages ? rows : [], { empty: t('traffic.none') }));
  }

  function showRepeat(a, params) {
    card('repeat-visitors', params, h('p', { class: 'hint' }, t(`traffic.repeatRule.${a.count}`, { n: a.min })), table([
      { label: t(`traffic.per.${a.per}`), value: (r) => (a.per === 'all' ? t('traffic.allCameras') : r[a.per]) },
      { label: t('traffic.vehicles'), value: (r) => count(r.vehicles), class: 'num' },
      { label: t('traffic.repeatVisitors'), value: (r) => count(r.repeatVisitors), class: 'num' },
      { label: t('traffic.repeatShare'), value: (r) => share(r.repeatShare), class: 'num' },
    ], a.rows, { empty: t('traffic.none') }));
  }

  // the matrix: origins down, destinations across; an empty cell is no trip at all
  function showMatrix(a, params) {
    const codes = a.groups.map((g) => g.code);
    const cell = new Map(a.cells.map((c) => [`${c.origin}>${c.destination}`, c]));
    const rows = codes.map((o) => ({ origin: o }));
    card('origin-destination', params, h('p', { class: 'hint' }, t('traffic.matrixHint', { gap: a.maxGapMinutes })), table([
      { label: t('traffic.originDestination'), value: (r) => r.origin },
      ...codes.map((d) => ({ label: d, class: 'num', value: (r) => {
        const c = cell.get(`${r.origin}>${d}`);
        return r.origin === d ? '' : c ? count(c.trips) : '0';
      } })),
    ], rows, { empty: t('traffic.none') }));
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(submit, run());
  });
}

/** A suppressed count (1 to 4 vehicles) shows as "<5" and says why on hover. */
function count(n) {
  return n === null || n === undefined ? h('span', { class: 'suppressed', title: t('traffic.suppressedTitle') }, '<5') : fmtNumber(n);
}

function share(x) {
  return x === null || x === undefined ? '–' : fmtPercent(x);
}

/** A local hour with its offset ("2026-10-25T02:00+01:00") or a day, as the server counted it. */
function local(start) {
  return start.length > 10 ? `${start.slice(0, 10)} ${start.slice(11, 16)} (${start.slice(16) === 'Z' ? '+00:00' : start.slice(16)})` : start;
}
