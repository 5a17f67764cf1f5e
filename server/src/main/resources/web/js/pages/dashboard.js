import { api, qs } from '../api.js';
import { t, fmtNumber, fmtAgo, fmtTime, isoDay, fmtDayKeyShort, startOfDay } from '../i18n.js';
import { h, clear, figure, section, table, plate, message } from '../dom.js';
import { barChart, lineChart } from '../charts.js';
import { health, healthBadge } from '../cameras.js';

const REFRESH_MS = 30_000;

export async function render(main, app) {
  const figs = h('div', { class: 'figures', id: 'dash-figures' });
  const charts = h('div', { class: 'grid' });
  const lower = h('div', { class: 'grid' });
  const updated = h('span', { class: 'muted', 'aria-live': 'off' });
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.dashboard')), updated), figs, charts, lower);

  async function load() {
    const now = new Date();
    const midnight = startOfDay(now); // the organisation's, as its statistics count days
    const jobs = {};
    if (app.can('VIEW_CAMERAS')) jobs.cameras = api('/api/v1/cameras');
    if (app.can('VIEW_STATS')) {
      jobs.recent = api('/api/v1/passages/stats' + qs({ from: new Date(now - 5 * 60_000).toISOString(), to: now.toISOString() }));
      jobs.hour = api('/api/v1/passages/stats' + qs({ from: new Date(now - 3600_000).toISOString(), to: now.toISOString() }));
      // reads per 5 minutes over the last hour, for the chart
      jobs.series = Promise.all(Array.from({ length: 12 }, (_, i) => {
        const to = new Date(now - (11 - i) * 5 * 60_000);
        const from = new Date(to - 5 * 60_000);
        return api('/api/v1/passages/stats' + qs({ from: from.toISOString(), to: to.toISOString() }))
          .then((r) => ({ t: to, v: r.cameras.reduce((s, c) => s + c.reads, 0) / 5 }));
      }));
    }
    if (app.can('VIEW_HITS')) {
      // counts only (not a view of anyone's hit); the few latest hits are shown, and that view is audited
      jobs.summary = api('/api/v1/hits/summary' + qs({ from: midnight.toISOString() }));
      jobs.latest = api('/api/v1/hits' + qs({ limit: 8 }));
    }
    if (app.can('VIEW_STATS')) {
      const from = new Date(now - 13 * 86400_000);
      jobs.days = api('/api/v1/stats' + qs({ by: 'day', from: isoDay(from), to: isoDay(now) }));
    }
    const keys = Object.keys(jobs);
    const settled = await Promise.allSettled(Object.values(jobs));
    const r = {};
    keys.forEach((k, i) => { r[k] = settled[i].status === 'fulfilled' ? settled[i].value : null; });
    return r;
  }

  function draw(r) {
    clear(figs);
    clear(charts);
    clear(lower);
    if (r.recent) {
      const reads = r.recent.cameras.reduce((s, c) => s + c.reads, 0);
      figs.append(figure(t('dash.readsPerMinute'), fmtNumber(reads / 5, 1), t('dash.last5min')));
    }
    if (r.summary) {
      figs.append(figure(t('dash.hitsToday'), fmtNumber(r.summary.since)));
      const f = figure(t('dash.openHits'), fmtNumber(r.summary.open));
      if (r.summary.open) f.classList.add('alert');
      figs.append(f);
    }
    if (r.cameras) {
      const ok = r.cameras.filter((c) => health(c) === 'ok').length;
      const silent = r.cameras.filter((c) => health(c) === 'warn').length;
      const f = figure(t('dash.camerasHealthy'), `${ok} / ${r.cameras.length}`, t('dash.silent', { n: silent }));
      f.classList.add(silent ? 'alert' : 'good');
      figs.append(f);
    }
    if (!figs.childElementCount) figs.append(message('info', t('dash.nothing')));

    if (r.series) {
      const c = section(t('dash.readsChart'));
      charts.append(c);
      lineChart(c, { points: r.series, title: t('dash.readsChart'), label: (x) => fmtTime(new Date(x)).slice(0, 5) });
    }
    if (r.days) {
      const days = [];
      for (let i = 13; i >= 0; i--) days.push(isoDay(new Date(Date.now() - i * 86400_000)));
      const byDay = Object.fromEntries(r.days.map((d) => [d.key, d]));
      const c = section(t('dash.hitsChart'));
      charts.append(c);
      barChart(c, {
        labels: days.map((d) => fmtDayKeyShort(d)),
        series: [{ name: t('stats.hits'), values: days.map((d) => (byDay[d] ? byDay[d].hits : 0)) }],
        title: t('dash.hitsChart'),
      });
    } else if (r.summary) {
      const hours = Array.from({ length: 24 }, (_, i) => i);
      const counts = hours.map((hr) => r.summary.perHour.filter((x) => new Date(x.hour).getHours() === hr)
        .reduce((sum, x) => sum + x.hits, 0));
      const c = section(t('dash.hitsPerHour'));
      charts.append(c);
      barChart(c, { labels: hours.map((x) => String(x).padStart(2, '0')), series: [{ name: t('stats.hits'), values: counts }], title: t('dash.hitsPerHour') });
    }

    if (r.cameras) {
      const reads = Object.fromEntries((r.hour ? r.hour.cameras : []).map((c) => [c.camera, c.reads]));
      const cams = r.cameras.slice().sort((a, b) => ['warn', 'maint', 'off', 'ok'].indexOf(health(a)) - ['warn', 'maint', 'off', 'ok'].indexOf(health(b)) || a.id.localeCompare(b.id));
      lower.append(section(t('dash.cameraHealth'), table([
        { label: t('camera.id'), value: (c) => c.id },
        { label: t('camera.name'), value: (c) => c.name },
        { label: t('camera.status'), value: (c) => healthBadge(c) },
        { label: t('dash.readsHour'), value: (c) => fmtNumber(reads[c.id] || 0), class: 'num' },
        { label: t('camera.lastRead'), value: (c) => fmtAgo(c.lastReadAt) },
      ], cams, { empty: t('dash.noCameras') })));
    }
    if (r.latest) {
      const latest = r.latest;
      lower.append(section(t('dash.latestHits'), table([
        { label: t('hit.time'), value: (x) => fmtTime(x.time) },
        { label: t('hit.plate'), value: (x) => plate(x.plate, x.country, x.display) },
        { label: t('hit.list'), value: (x) => x.listName },
        { label: t('camera.id'), value: (x) => x.camera },
        { label: t('hit.status'), value: (x) => (x.outcome ? t(`outcome.${x.outcome}`) : h('span', { class: 'badge warn' }, t('hit.open'))) },
      ], latest, { empty: t('dash.noHits') }),
      app.can('VIEW_HITS') ? h('p', h('a', { href: '#/live' }, t('dash.toLive'))) : null));
    }
    updated.textContent = t('common.updated', { time: fmtTime(new Date()) });
  }

  draw(await load());
  let stopped = false;
  const timer = setInterval(async () => {
    const r = await load();
    if (!stopped) draw(r);
  }, REFRESH_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
