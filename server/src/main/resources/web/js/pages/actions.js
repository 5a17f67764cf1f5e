// Enforcement actions: plan one (place, window, team, cameras, lists), follow its figures live, print its report.
import { api } from '../api.js';
import { t, tOpt, fmtDateTime, fmtNumber, fmtMoney, fmtPercent, toLocalInput, fromLocalInput, fmtTime, timeZone } from '../i18n.js';
import { h, clear, field, section, table, message, figure, busy, plate } from '../dom.js';

const STATUS_BADGE = { PLANNED: 'info', RUNNING: 'ok', ENDED: 'off' };

function statusBadge(s) {
  return h('span', { class: `badge ${STATUS_BADGE[s] || 'off'}` }, tOpt(`action.status.${s}`, s));
}

export async function render(main, app, [id]) {
  if (id) return detail(main, app, Number(id));
  const actions = await api('/api/v1/actions');
  const formBox = h('div');
  const planBtn = h('button', { type: 'button', id: 'plan-action', 'aria-expanded': 'false' }, t('actions.plan'));
  planBtn.addEventListener('click', async () => {
    const open = !formBox.childElementCount;
    clear(formBox);
    planBtn.setAttribute('aria-expanded', String(open));
    if (open) formBox.append(await planForm(app));
  });
  const order = { RUNNING: 0, PLANNED: 1, ENDED: 2 };
  actions.sort((a, b) => (order[a.status] - order[b.status]) || String(b.startsAt).localeCompare(String(a.startsAt)));
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.actions')), h('div', { class: 'actions-row' }, planBtn)), formBox,
    section(t('actions.all'), table([
      { label: t('actions.name'), value: (a) => h('a', { href: `#/actions/${a.id}`, 'data-action-id': a.id }, a.name) },
      { label: t('actions.status'), value: (a) => statusBadge(a.status) },
      { label: t('actions.place'), value: (a) => a.place },
      { label: t('actions.window'), value: (a) => `${fmtDateTime(a.startsAt)} – ${fmtDateTime(a.endsAt)}` },
      { label: t('actions.team'), value: (a) => a.team },
      { label: t('actions.cameras'), value: (a) => String(a.cameras.length), class: 'num' },
      { label: t('actions.lists'), value: (a) => String(a.lists.length), class: 'num' },
    ], actions, { empty: t('actions.none') })));
}

async function planForm(app) {
  const [cameras, lists] = await Promise.all([api('/api/v1/cameras'), api('/api/v1/lists')]);
  const org = app.me.organisation;
  const ownCams = cameras.filter((c) => !org || c.organisation === org || app.me.roles?.includes('SYSTEM'));
  const ownLists = lists.filter((l) => !org || l.organisation === org || app.me.roles?.includes('SYSTEM'));
  const now = Date.now();
  const f = {
    name: h('input', { name: 'name', required: true, id: 'action-name' }),
    place: h('input', { name: 'place', required: true, id: 'action-place' }),
    team: h('input', { name: 'team', required: true, id: 'action-team' }),
    organisation: h('input', { name: 'organisation', required: true, value: org || ownCams[0]?.organisation || '', readonly: !!org }),
    startsAt: h('input', { type: 'datetime-local', name: 'startsAt', value: toLocalInput(now), required: true }),
    endsAt: h('input', { type: 'datetime-local', name: 'endsAt', value: toLocalInput(now + 2 * 3600_000), required: true }),
  };
  const camBoxes = ownCams.map((c) => h('label', h('input', { type: 'checkbox', name: 'cameras', value: c.id }), `${c.id} — ${c.name}`));
  const listBoxes = ownLists.map((l) => h('label', h('input', { type: 'checkbox', name: 'lists', value: l.id }), l.name));
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, t('actions.create'));
  const form = h('form', { class: 'card', id: 'action-form' }, h('h2', t('actions.plan')),
    h('div', { class: 'form-grid' }, field(t('actions.name'), f.name), field(t('actions.place'), f.place), field(t('actions.team'), f.team, t('actions.teamHint')),
      field(t('camera.organisation'), f.organisation), field(t('actions.startsAt'), f.startsAt, t('common.timesIn', { zone: timeZone() })), field(t('actions.endsAt'), f.endsAt)),
    h('fieldset', h('legend', t('actions.cameras')), h('div', { class: 'checks' }, camBoxes.length ? camBoxes : t('dash.noCameras'))),
    h('fieldset', h('legend', t('actions.lists')), h('div', { class: 'checks' }, listBoxes.length ? listBoxes : t('lists.none'))),
    h('div', { class: 'actions-row' }, submit), out);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const cams = [...form.querySelectorAll('input[name=cameras]:checked')].map((x) => x.value);
    const ls = [...form.querySelectorAll('input[name=lists]:checked')].map((x) => Number(x.value));
    const first = ownCams.find((c) => c.id === cams[0]);
    busy(submit, api('/api/v1/actions', { method: 'POST', json: {
      name: f.name.value, organisation: f.organisation.value, place: f.place.value, team: f.team.value,
      startsAt: fromLocalInput(f.startsAt.value), endsAt: fromLocalInput(f.endsAt.value), cameras: cams, lists: ls,
      lat: first ? first.lat : null, lon: first ? first.lon : null } })
      .then((a) => app.navigate(`#/actions/${a.id}`))
      .catch((err) => out.replaceChildren(message('error', err.message))));
  });
  return form;
}

async function detail(main, app, id) {
  const head = h('div');
  const body = h('div', { 'aria-live': 'off' });
  main.append(h('p', h('a', { href: '#/actions' }, `← ${t('actions.back')}`)), head, body);

  async function load() {
    const r = await api(`/api/v1/actions/${id}/report`);
    const a = r.action;
    const tot = r.totals && r.totals.length ? r.totals[0] : null;
    clear(head).append(h('div', { class: 'page-head' }, h('h1', a.name), statusBadge(r.status),
      h('div', { class: 'actions-row' },
        h('a', { class: 'button secondary', href: `/api/v1/actions/${id}/report?format=html`, target: '_blank', rel: 'noopener' }, t('actions.printReport')),
        h('a', { class: 'button secondary', href: `/api/v1/actions/${id}/report?format=csv`, download: `action-${id}.csv` }, t('common.csv')))),
    h('p', { class: 'muted' }, `${a.place} · ${fmtDateTime(a.startsAt)} – ${fmtDateTime(a.endsAt)} · ${t('actions.team')}: ${a.team}`));
    clear(body).append(
      h('div', { class: 'figures', id: 'action-figures' },
        figure(t('stats.scanned'), fmtNumber(tot ? tot.scanned : 0)),
        figure(t('stats.hits'), fmtNumber(tot ? tot.hits : 0), tot ? fmtPercent(tot.hitRate) : null),
        figure(t('stats.open'), fmtNumber(tot ? tot.open : 0)),
        figure(t('stats.stopped'), fmtNumber(tot ? tot.stopped : 0)),
        figure(t('stats.finesPaid'), fmtNumber(tot ? tot.finesPaid : 0), tot ? fmtMoney(tot.amountCollected) : null),
        figure(t('stats.arrests'), fmtNumber(tot ? tot.arrests : 0))),
      h('div', { class: 'grid' },
        section(t('actions.perCamera'), statsTable(r.perCamera)),
        section(t('actions.perList'), statsTable(r.perList.map((row) => ({ ...row, key: (r.lists.find((l) => String(l.id) === row.key) || {}).name || row.key }))))),
      section(t('actions.hits'), table([
        { label: t('hit.time'), value: (x) => fmtTime(x.time) },
        { label: t('hit.plate'), value: (x) => plate(x.plate, x.country, x.display) },
        { label: t('hit.list'), value: (x) => x.listName },
        { label: t('camera.id'), value: (x) => x.camera },
        { label: t('hit.outcome'), value: (x) => (x.outcome ? t(`outcome.${x.outcome}`) : h('span', { class: 'badge warn' }, t('hit.open'))) },
      ], r.hits, { empty: t('dash.noHits') })),
      h('p', { class: 'muted' }, t('common.updated', { time: fmtTime(new Date()) })));
    return r.status;
  }

  const status = await load();
  const timer = status === 'ENDED' ? null : setInterval(() => load().catch(() => {}), 10_000);
  return () => clearInterval(timer);
}

export function statsTable(rows) {
  return table([
    { label: t('stats.key'), value: (r) => r.key },
    { label: t('stats.scanned'), value: (r) => fmtNumber(r.scanned), class: 'num' },
    { label: t('stats.hits'), value: (r) => fmtNumber(r.hits), class: 'num' },
    { label: t('stats.stopped'), value: (r) => fmtNumber(r.stopped), class: 'num' },
    { label: t('stats.finesPaid'), value: (r) => fmtNumber(r.finesPaid), class: 'num' },
    { label: t('stats.amount'), value: (r) => fmtMoney(r.amountCollected), class: 'num' },
    { label: t('stats.arrests'), value: (r) => fmtNumber(r.arrests), class: 'num' },
  ], rows || []);
}
