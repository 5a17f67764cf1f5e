// Statistics per day, list, camera or action: a chart, the table, and a CSV export.
import { api, qs } from '../api.js';
import { t, fmtNumber, fmtMoney, fmtPercent, isoDay, fmtDayKey, fmtDayKeyShort, timeZone } from '../i18n.js';
import { h, clear, field, select, section, table, message, busy, downloadText } from '../dom.js';
import { barChart } from '../charts.js';

const COLUMNS = ['scanned', 'hits', 'open', 'hitRate', 'stopped', 'checked', 'finesPaid', 'amountCollected', 'arrests',
  'seizures', 'notStopped', 'misreads', 'misreadRate'];

export async function render(main, app) {
  const by = select('by', ['day', 'list', 'camera', 'action'].map((b) => [b, t(`stats.by.${b}`)]), 'day');
  by.id = 'stats-by';
  const from = h('input', { type: 'date', name: 'from', value: isoDay(Date.now() - 13 * 86400_000), id: 'stats-from' });
  const to = h('input', { type: 'date', name: 'to', value: isoDay(Date.now()), id: 'stats-to' });
  const submit = h('button', { type: 'submit' }, t('stats.show'));
  const csvBtn = h('button', { type: 'button', class: 'secondary', id: 'stats-csv' }, t('common.csv'));
  const out = h('div', { id: 'stats-out' });
  const form = h('form', { class: 'card', id: 'stats-form' },
    h('div', { class: 'form-grid' }, field(t('stats.groupBy'), by), field(t('stats.from'), from, t('stats.daysIn', { zone: timeZone() })), field(t('stats.to'), to)),
    h('div', { class: 'actions-row' }, submit, csvBtn));
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.stats'))), form, out);

  let names = {};
  let rows = [];
  async function labels() {
    if (by.value === 'list') names = Object.fromEntries((await api('/api/v1/lists').catch(() => [])).map((l) => [String(l.id), l.name]));
    else if (by.value === 'action' && app.can('MANAGE_ACTIONS')) names = Object.fromEntries((await api('/api/v1/actions').catch(() => [])).map((a) => [String(a.id), a.name]));
    else names = {};
  }
  const label = (key) => (by.value === 'day' ? fmtDayKey(key) : names[key] ? `${names[key]} (${key})` : key);

  async function load() {
    clear(out);
    try {
      await labels();
      rows = await api('/api/v1/stats' + qs({ by: by.value, from: from.value, to: to.value }));
    } catch (e) {
      out.append(message('error', e.message));
      return;
    }
    if (by.value === 'day') {
      // every day of the period, also those without reads, so that the chart shows time evenly
      const have = new Set(rows.map((r) => r.key));
      // day keys are calendar days (on the organisation's clock): step through them as such
      for (let d = new Date(from.value + 'T12:00:00Z'); d.toISOString().slice(0, 10) <= to.value && rows.length < 400; d = new Date(+d + 86400_000)) {
        const key = d.toISOString().slice(0, 10);
        if (!have.has(key)) rows.push(Object.fromEntries([['key', key], ...COLUMNS.map((c) => [c, 0])]));
      }
      rows.sort((a, b) => a.key.localeCompare(b.key));
    }
    else rows.sort((a, b) => b.hits - a.hits || b.scanned - a.scanned);
    const chart = section(t('stats.chart'));
    out.append(chart);
    if (rows.length) {
      barChart(chart, { labels: rows.map((r) => (by.value === 'day' ? fmtDayKeyShort(r.key) : label(r.key))), series: [{ name: t('stats.hits'), values: rows.map((r) => r.hits) },
        { name: t('stats.stopped'), values: rows.map((r) => r.stopped), alt: true }], title: t('stats.chart') });
    } else chart.append(h('p', { class: 'empty' }, t('stats.none')));
    out.append(section(t('stats.table'), table([
      { label: t(`stats.by.${by.value}`), value: (r) => label(r.key) },
      { label: t('stats.scanned'), value: (r) => fmtNumber(r.scanned), class: 'num' },
      { label: t('stats.hits'), value: (r) => fmtNumber(r.hits), class: 'num' },
      { label: t('stats.open'), value: (r) => fmtNumber(r.open), class: 'num' },
      { label: t('stats.hitRate'), value: (r) => fmtPercent(r.hitRate), class: 'num' },
      { label: t('stats.stopped'), value: (r) => fmtNumber(r.stopped), class: 'num' },
      { label: t('stats.finesPaid'), value: (r) => fmtNumber(r.finesPaid), class: 'num' },
      { label: t('stats.amount'), value: (r) => fmtMoney(r.amountCollected), class: 'num' },
      { label: t('stats.arrests'), value: (r) => fmtNumber(r.arrests), class: 'num' },
      { label: t('stats.seizures'), value: (r) => fmtNumber(r.seizures), class: 'num' },
      { label: t('stats.misreads'), value: (r) => fmtNumber(r.misreads), class: 'num' },
    ], rows.filter((r) => r.scanned || r.hits), { empty: t('stats.none') })));
  }

  csvBtn.addEventListener('click', () => {
    const esc = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    const lines = [[by.value, 'name', ...COLUMNS].join(',')];
    for (const r of rows) lines.push([r.key, names[r.key] || '', ...COLUMNS.map((c) => r[c] ?? '')].map(esc).join(','));
    downloadText(lines.join('\n') + '\n', `openanpr-stats-${by.value}-${from.value}-${to.value}.csv`);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(submit, load());
  });
  await load();
}
