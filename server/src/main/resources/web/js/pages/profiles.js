// Pattern profiles on the investigations page: the organisation's profiles (a rule and its numbers, kept as data by a
// list manager) and running a switched-on one over a period. A run reads every vehicle at the tagged places: it always
// needs an approved search request, filed from here; the approved request's number runs it. Below it, scheduled runs:
// a profile that runs hourly or daily under a standing approval a privacy officer gives for at most 28 days.
import { api, qs } from '../api.js';
import { lawfulSearch, approvalPanel as lawfulApprovalPanel } from '../lawful.js';
import { t, fmtDateTime, fmtNumber, toLocalInput, fromLocalInput, timeZone } from '../i18n.js';
import { h, clear, field, select, table, message, plate, busy } from '../dom.js';
import { OFFENCES } from './search.js';

const DAY = 86400_000;
/** The select's value for the untargeted convoy, run from the same form: it also reads every vehicle. */
const PAIRS = 'pairs';

export async function profileCard(main) {
  let profiles;
  try {
    profiles = await api('/api/v1/profiles');
  } catch (e) {
    main.append(message('error', e.message));
    return;
  }
  const now = Date.now();
  const active = profiles.filter((p) => p.active);
  const f = {
    profile: select('profile', [...active.map((p) => [String(p.id), p.name]), [PAIRS, t('investigations.convoyPairs')]],
      active.length ? String(active[0].id) : PAIRS),
    window: h('input', { name: 'windowSeconds', type: 'number', id: 'pairs-window', min: '1', max: '3600', value: '120' }),
    minCameras: h('input', { name: 'minCameras', type: 'number', id: 'pairs-cameras', min: '2', max: '50', value: '3' }),
    from: h('input', { name: 'from', type: 'datetime-local', id: 'profile-from', value: toLocalInput(now - 7 * DAY) }),
    to: h('input', { name: 'to', type: 'datetime-local', id: 'profile-to', value: toLocalInput(now + 60_000) }),
    caseNumber: h('input', { name: 'caseNumber', id: 'profile-case', placeholder: 'PL0900-2026123456', autocomplete: 'off' }),
    offence: select('offence', [['', t('search.chooseOffence')], ...OFFENCES.map((o) => [o, t(`offence.${o}`)])], ''),
    purpose: h('textarea', { name: 'purpose', id: 'profile-purpose', rows: '2' }),
    approval: h('input', { name: 'approval', id: 'profile-approval', inputmode: 'numeric', autocomplete: 'off' }),
  };
  f.profile.id = 'profile-select';
  f.offence.id = 'profile-offence';
  const submit = h('button', { type: 'submit', id: 'profile-submit' }, t('investigations.runProfile'));
  const out = h('div', { id: 'profile-results', 'aria-live': 'polite' });
  const form = h('form', { id: 'profile-form', novalidate: true },
    h('div', { class: 'form-grid' },
      field(t('investigations.profile'), f.profile),
      field(t('search.from'), f.from, t('common.timesIn', { zone: timeZone() })),
      field(t('search.to'), f.to),
      field(t('investigations.approvalNumber'), f.approval, t('investigations.approvalNumberHint')),
      field(t('investigations.pairsWindow'), f.window, t('investigations.pairsHint')),
      field(t('investigations.pairsCameras'), f.minCameras)),
    h('fieldset', h('legend', t('search.legalBasis')),
      h('div', { class: 'form-grid' },
        field(t('search.caseNumber'), f.caseNumber, t('search.caseHint')),
        field(t('search.offence'), f.offence),
        h('div', { class: 'wide' }, field(t('search.purpose'), f.purpose, t('search.purposeHint'))))),
    h('div', { class: 'actions-row' }, submit));
  main.append(h('section', { class: 'card', 'aria-labelledby': 'profiles-h', id: 'profiles' },
    h('h2', { id: 'profiles-h' }, t('investigations.profiles')),
    h('p', { class: 'hint' }, t('investigations.profilesHint')),
    table([
      { label: t('investigations.profile'), value: (p) => p.name },
      { label: t('investigations.rule'), value: (p) => ruleText(p.definition) },
      { label: t('investigations.purpose'), value: (p) => p.purpose },
      { label: t('investigations.active'), value: (p) => t(p.active ? 'investigations.on' : 'investigations.off') },
    ], profiles, { empty: t('investigations.noProfiles'), onRow: (tr, p) => { tr.dataset.profile = String(p.id); } }),
    form), out);
  main.append(await scheduleCard(active));

  function query() {
    return { from: fromLocalInput(f.from.value), to: fromLocalInput(f.to.value), caseNumber: f.caseNumber.value.trim(),
      offence: f.offence.value, purpose: f.purpose.value.trim(), approval: f.approval.value.trim() || undefined };
  }

  function approvalPanel(q, reasons) {
    out.append(lawfulApprovalPanel(reasons, { id: 'profile-request-approval', body: { from: q.from || null, to: q.to || null,
      caseNumber: q.caseNumber, offence: q.offence, purpose: q.purpose },
      filed: (r) => { f.approval.value = String(r.id); return t('investigations.profileRequested', { id: r.id }); } }));
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = query();
    const problems = [];
    if (!q.caseNumber) problems.push(t('search.needCase'));
    if (!q.offence) problems.push(t('search.needOffence'));
    if (q.purpose.length < 10) problems.push(t('search.needPurpose'));
    if (problems.length) {
      clear(out).append(h('div', { role: 'alert', class: 'msg error' }, h('ul', problems.map((p) => h('li', p)))));
      return;
    }
    clear(out);
    // a run reads every vehicle at the tagged places: the server always asks for an approval, so ask before
    if (!q.approval) {
      approvalPanel(q, [t('investigations.profileNeedsApproval')]);
      return;
    }
    if (f.profile.value === PAIRS) {
      busy(submit, pairs({ ...q, windowSeconds: f.window.value, minCameras: f.minCameras.value }));
      return;
    }
    busy(submit, (async () => {
      const path = `/api/v1/profiles/${f.profile.value}/run`;
      const res = await lawfulSearch(path, q, out, (reasons) => approvalPanel(q, reasons));
      if (!res) return;
      out.append(h('section', { class: 'card', 'aria-labelledby': 'profile-res-h' },
        h('div', { class: 'page-head' },
          h('h2', { id: 'profile-res-h' }, t('investigations.candidates', { n: res.candidatesFound, passages: fmtNumber(res.passagesExamined) })),
          res.candidates.length ? h('div', { class: 'actions-row' },
            h('a', { class: 'button secondary', href: path + qs({ ...q, format: 'csv' }), download: 'profile.csv', id: 'profile-csv' }, t('common.csv'))) : null),
        table([
          { label: t('search.plate'), value: (c) => plate(c.display) },
          { label: t('investigations.score'), value: (c) => fmtNumber(c.score, 2), class: 'num' },
          { label: t('investigations.why'), value: (c) => c.reason },
          { label: t('investigations.evidence'), value: (c) => h('ul', c.passages.map((p) => h('li', `${fmtDateTime(p.time)} · ${p.place} (${p.camera})`))) },
        ], res.candidates, { empty: t('investigations.noCandidates'), onRow: (tr) => { tr.dataset.candidate = '1'; } })));
    })());
  });

  async function pairs(q) {
    const path = '/api/v1/investigations/convoy';
    const res = await lawfulSearch(path, q, out, (reasons) => approvalPanel(q, reasons));
    if (!res) return;
    out.append(h('section', { class: 'card', 'aria-labelledby': 'pairs-res-h' },
      h('div', { class: 'page-head' },
        h('h2', { id: 'pairs-res-h' }, t('investigations.pairsFound', { n: res.pairsFound, passages: fmtNumber(res.passagesExamined) })),
        res.pairs.length ? h('div', { class: 'actions-row' },
          h('a', { class: 'button secondary', href: path + qs({ ...q, format: 'csv' }), download: 'convoy-pairs.csv', id: 'pairs-csv' }, t('common.csv'))) : null),
      table([
        { label: t('search.plate'), value: (p) => plate(p.plateDisplay) },
        { label: t('investigations.companion'), value: (p) => plate(p.companionDisplay) },
        { label: t('investigations.cameras'), value: (p) => fmtNumber(p.cameras), class: 'num' },
        { label: t('investigations.meanGap'), value: (p) => `${fmtNumber(p.meanGapSeconds)} s`, class: 'num' },
        { label: t('investigations.evidence'), value: (p) => h('ul', p.evidence.map((e) => h('li',
          `${e.camera} · ${fmtDateTime(e.plateTime)} · ${e.gapSeconds > 0 ? '+' : ''}${e.gapSeconds} s`))) },
      ], res.pairs, { empty: t('investigations.noPairs'), onRow: (tr) => { tr.dataset.pair = '1'; } })));
  }
}

function ruleText(d) {
  if (d.rule === 'distinctPlaces')
    return t('investigations.rule.distinctPlaces', { n: d.minPlaces, tags: d.placeTags.join(', '), hours: d.withinHours, stay: d.maxStayMinutes });
  if (d.rule === 'repeatedNights')
    return t('investigations.rule.repeatedNights', { n: d.minNights, days: d.periodDays || 7, tags: d.placeTags.join(', '),
      from: d.hours.from, to: d.hours.to, sightings: d.minSightingsPerNight || 1 });
  if (d.rule === 'firstSeen')
    return t('investigations.rule.firstSeen', { tags: d.placeTags.join(', '), from: d.hours.from, to: d.hours.to, days: d.lookBackDays || 28 });
  return d.rule;
}

/**
 * "Scheduled runs": the analyst's own standing approvals (asked, approved, refused, revoked or expired), the form to ask
 * for one, and each schedule's latest run with its candidates. The maintenance schedule runs them on the server.
 */
export async function scheduleCard(active) {
  const box = h('section', { class: 'card', 'aria-labelledby': 'schedules-h', id: 'schedules' },
    h('h2', { id: 'schedules-h' }, t('schedule.title')),
    h('p', { class: 'hint' }, t('schedule.hint')));
  const list = h('div', { id: 'schedule-list', 'aria-live': 'polite' });
  const runs = h('div', { id: 'schedule-runs', 'aria-live': 'polite' });
  const f = {
    profile: select('profile', active.map((p) => [String(p.id), p.name]), active.length ? String(active[0].id) : ''),
    every: select('every', [['daily', t('schedule.daily')], ['hourly', t('schedule.hourly')]], 'daily'),
    windowHours: h('input', { name: 'windowHours', type: 'number', min: '1', max: '744', value: '24' }),
    days: h('input', { name: 'days', type: 'number', min: '1', max: '28', value: '28' }),
    caseNumber: h('input', { name: 'caseNumber', placeholder: 'PL0900-2026123456', autocomplete: 'off' }),
    offence: select('offence', [['', t('search.chooseOffence')], ...OFFENCES.map((o) => [o, t(`offence.${o}`)])], ''),
    purpose: h('textarea', { name: 'purpose', rows: '2' }),
  };
  f.profile.id = 'schedule-profile';
  f.every.id = 'schedule-every';
  f.windowHours.id = 'schedule-window';
  f.days.id = 'schedule-days';
  f.caseNumber.id = 'schedule-case';
  f.offence.id = 'schedule-offence';
  f.purpose.id = 'schedule-purpose';
  const submit = h('button', { type: 'submit', id: 'schedule-submit', disabled: !active.length }, t('schedule.ask'));
  const out = h('div', { 'aria-live': 'polite' });
  const form = h('form', { id: 'schedule-form', novalidate: true },
    h('div', { class: 'form-grid' },
      field(t('investigations.profile'), f.profile),
      field(t('schedule.every'), f.every),
      field(t('schedule.window'), f.windowHours, t('schedule.windowHint')),
      field(t('schedule.days'), f.days, t('schedule.daysHint'))),
    h('fieldset', h('legend', t('search.legalBasis')),
      h('div', { class: 'form-grid' },
        field(t('search.caseNumber'), f.caseNumber, t('search.caseHint')),
        field(t('search.offence'), f.offence),
        h('div', { class: 'wide' }, field(t('search.purpose'), f.purpose, t('search.purposeHint'))))),
    h('div', { class: 'actions-row' }, submit), out);
  box.append(list, form, runs);

  async function load() {
    let rows;
    try {
      rows = await api('/api/v1/profile-schedules');
    } catch (e) {
      clear(list).append(message('error', e.message));
      return;
    }
    clear(list).append(table([
      { label: '#', value: (s) => String(s.id), class: 'num' },
      { label: t('investigations.profile'), value: (s) => s.profileName },
      { label: t('schedule.every'), value: (s) => t(`schedule.${s.every}`) + ' · ' + t('schedule.windowShort', { n: s.windowHours }) },
      { label: t('search.status'), value: (s) => t(`schedule.status.${s.status}`) },
      { label: t('schedule.validUntil'), value: (s) => (s.validUntil ? fmtDateTime(s.validUntil) : '') },
      { label: t('schedule.nextRun'), value: (s) => (s.nextRunAt ? fmtDateTime(s.nextRunAt) : '') },
      { label: t('schedule.runs'), value: (s) => h('button', { type: 'button', class: 'secondary', 'data-runs': s.id,
        onclick: (e) => busy(e.currentTarget, showRuns(s)) }, t('schedule.showRuns')) },
    ], rows, { empty: t('schedule.none'), onRow: (tr, s) => { tr.dataset.schedule = String(s.id); } }));
  }

  async function showRuns(s) {
    clear(runs);
    let rs;
    try {
      rs = await api(`/api/v1/profile-schedules/${s.id}/runs` + qs({ limit: 10 }));
    } catch (e) {
      runs.append(message('error', e.message));
      return;
    }
    if (!rs.length) {
      runs.append(message('info', t('schedule.noRuns', { id: s.id })));
      return;
    }
    const last = rs[0];
    runs.append(h('h3', t('schedule.lastRun', { id: s.id, at: fmtDateTime(last.ranAt), n: last.candidatesFound, passages: fmtNumber(last.passagesExamined) })),
      table([
        { label: t('search.plate'), value: (c) => plate(c.display) },
        { label: t('investigations.score'), value: (c) => fmtNumber(c.score, 2), class: 'num' },
        { label: t('investigations.why'), value: (c) => c.reason },
        { label: t('investigations.evidence'), value: (c) => h('ul', c.passages.map((p) => h('li', `${fmtDateTime(p.time)} · ${p.place} (${p.camera})`))) },
      ], last.candidates, { empty: t('investigations.noCandidates'), onRow: (tr) => { tr.dataset.scheduledCandidate = '1'; } }),
      rs.length > 1 ? h('p', { class: 'hint' }, t('schedule.earlier', { runs: rs.slice(1).map((r) => `${fmtDateTime(r.ranAt)}: ${r.candidatesFound}`).join(' · ') })) : null);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = { every: f.every.value, windowHours: Number(f.windowHours.value), days: Number(f.days.value),
      caseNumber: f.caseNumber.value.trim(), offence: f.offence.value, purpose: f.purpose.value.trim() };
    const problems = [];
    if (!body.caseNumber) problems.push(t('search.needCase'));
    if (!body.offence) problems.push(t('search.needOffence'));
    if (body.purpose.length < 10) problems.push(t('search.needPurpose'));
    if (problems.length) {
      clear(out).append(h('div', { role: 'alert', class: 'msg error' }, h('ul', problems.map((p) => h('li', p)))));
      return;
    }
    busy(submit, api(`/api/v1/profiles/${f.profile.value}/schedules`, { method: 'POST', json: body })
      .then((s) => { clear(out).append(message('ok', t('schedule.asked', { id: s.id }))); return load(); })
      .catch((err) => clear(out).append(message('error', err.message))));
  });
  await load();
  return box;
}

/** A starting definition per rule, for the list manager to adjust: the rules are data, checked by the server. */
const TEMPLATES = {
  distinctPlaces: { rule: 'distinctPlaces', placeTags: ['carpool', 'parking'], minPlaces: 3, withinHours: 6, maxStayMinutes: 30 },
  repeatedNights: { rule: 'repeatedNights', placeTags: ['border'], hours: { from: '22:00', to: '05:00' }, minNights: 3, periodDays: 7 },
  firstSeen: { rule: 'firstSeen', placeTags: ['residential'], hours: { from: '01:00', to: '05:00' }, lookBackDays: 28 },
};

/**
 * "Manage profiles", on the lists page for a list manager: the organisation's profiles with switching on and off and
 * removing, and a form for a new one (a rule as JSON, started from a template, with its purpose and legal basis).
 */
export async function profileManageCard(app) {
  const box = h('section', { class: 'card', 'aria-labelledby': 'profile-manage-h', id: 'profile-manage' },
    h('h2', { id: 'profile-manage-h' }, t('profileAdmin.title')), h('p', { class: 'hint' }, t('profileAdmin.hint')));
  const list = h('div', { id: 'profile-manage-list', 'aria-live': 'polite' });
  const out = h('div', { 'aria-live': 'polite' });
  const f = {
    name: h('input', { name: 'name', id: 'profile-new-name', maxlength: '200' }),
    purpose: h('input', { name: 'purpose', id: 'profile-new-purpose', maxlength: '2000' }),
    legalBasis: h('input', { name: 'legalBasis', id: 'profile-new-basis', maxlength: '2000' }),
    template: select('template', Object.keys(TEMPLATES).map((k) => [k, t(`profileAdmin.template.${k}`)]), 'distinctPlaces'),
    definition: h('textarea', { name: 'definition', id: 'profile-new-definition', rows: '6', spellcheck: 'false' }),
    active: h('input', { type: 'checkbox', name: 'active', id: 'profile-new-active' }),
  };
  f.template.id = 'profile-new-template';
  const fill = () => { f.definition.value = JSON.stringify(TEMPLATES[f.template.value], null, 2); };
  f.template.addEventListener('change', fill);
  fill();
  const submit = h('button', { type: 'submit', id: 'profile-new-submit' }, t('common.create'));
  const form = h('form', { id: 'profile-new-form', novalidate: true },
    h('div', { class: 'form-grid' },
      field(t('investigations.profile'), f.name), field(t('lists.purpose'), f.purpose), field(t('lists.legalBasis'), f.legalBasis),
      field(t('profileAdmin.template'), f.template, t('profileAdmin.templateHint')),
      h('div', { class: 'wide' }, field(t('profileAdmin.definition'), f.definition, t('profileAdmin.definitionHint'))),
      field(t('profileAdmin.activeNow'), f.active)),
    h('div', { class: 'actions-row' }, submit), out);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clear(out);
    let definition;
    try {
      definition = JSON.parse(f.definition.value);
    } catch {
      out.append(message('error', t('profileAdmin.notJson')));
      return;
    }
    const body = { name: f.name.value.trim(), purpose: f.purpose.value.trim(), legalBasis: f.legalBasis.value.trim(), definition,
      active: f.active.checked, organisation: app.me.organisation || undefined };
    busy(submit, api('/api/v1/profiles', { method: 'POST', json: body })
      .then((p) => { out.append(message('ok', t('profileAdmin.created', { name: p.name }))); f.name.value = ''; return load(); })
      .catch((err) => out.append(message('error', err.message))));
  });
  box.append(list, h('h3', t('profileAdmin.new')), form);

  async function load() {
    clear(list);
    let profiles;
    try {
      profiles = await api('/api/v1/profiles');
    } catch (e) {
      list.append(message('error', e.message));
      return;
    }
    list.append(table([
      { label: t('investigations.profile'), value: (p) => p.name },
      { label: t('investigations.rule'), value: (p) => ruleText(p.definition) },
      { label: t('lists.legalBasis'), value: (p) => p.legalBasis },
      { label: t('investigations.active'), value: (p) => {
        const toggle = h('button', { type: 'button', class: 'secondary', 'data-toggle': String(p.id) },
          t(p.active ? 'profileAdmin.switchOff' : 'profileAdmin.switchOn'));
        toggle.addEventListener('click', () => busy(toggle, api(`/api/v1/profiles/${p.id}/active`, { method: 'PUT', json: { active: !p.active } })
          .then(load).catch((err) => list.append(message('error', err.message)))));
        return h('span', t(p.active ? 'investigations.on' : 'investigations.off'), ' ', toggle);
      } },
      { label: '', value: (p) => {
        const remove = h('button', { type: 'button', class: 'secondary', 'data-remove': String(p.id) }, t('profileAdmin.remove'));
        remove.addEventListener('click', () => {
          if (!window.confirm(t('profileAdmin.confirmRemove', { name: p.name }))) return;
          busy(remove, api(`/api/v1/profiles/${p.id}`, { method: 'DELETE' }).then(load)
            .catch((err) => list.append(message('error', err.message))));
        });
        return remove;
      } },
    ], profiles, { empty: t('investigations.noProfiles'), onRow: (tr, p) => { tr.dataset.profile = String(p.id); } }));
  }
  await load();
  return box;
}

/**
 * "Camera places", for whoever manages the organisation's cameras: which kind of place a camera watches (a carpool
 * area, a car park, a border crossing), as the tags the profiles' rules name.
 */
export async function placesCard(cameras) {
  const box = h('section', { class: 'card', 'aria-labelledby': 'places-h', id: 'camera-places' },
    h('h2', { id: 'places-h' }, t('places.title')), h('p', { class: 'hint' }, t('places.hint')));
  const list = h('div', { id: 'places-list', 'aria-live': 'polite' });
  const out = h('div', { 'aria-live': 'polite' });
  const f = {
    camera: select('camera', cameras.map((c) => [c.id, `${c.id} · ${c.name}`]), cameras.length ? cameras[0].id : ''),
    place: h('input', { name: 'place', id: 'place-name', maxlength: '200' }),
    tags: h('input', { name: 'tags', id: 'place-tags', placeholder: 'carpool, parking' }),
  };
  f.camera.id = 'place-camera';
  const submit = h('button', { type: 'submit', id: 'place-submit', disabled: !cameras.length }, t('places.save'));
  const form = h('form', { id: 'place-form', novalidate: true },
    h('div', { class: 'form-grid' }, field(t('places.camera'), f.camera), field(t('places.place'), f.place),
      field(t('places.tags'), f.tags, t('places.tagsHint'))),
    h('div', { class: 'actions-row' }, submit), out);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clear(out);
    const tags = f.tags.value.split(',').map((s) => s.trim()).filter(Boolean);
    busy(submit, api(`/api/v1/camera-places/${encodeURIComponent(f.camera.value.trim())}`, { method: 'PUT',
      json: { place: f.place.value.trim(), tags } })
      .then(() => { out.append(message('ok', t('places.saved'))); return load(); })
      .catch((err) => out.append(message('error', err.message))));
  });
  box.append(list, form);

  async function load() {
    clear(list);
    let places;
    try {
      places = await api('/api/v1/camera-places');
    } catch (e) {
      list.append(message('error', e.message));
      return;
    }
    list.append(table([
      { label: t('places.camera'), value: (p) => p.camera },
      { label: t('places.place'), value: (p) => p.place },
      { label: t('places.tags'), value: (p) => p.tags.join(', ') },
      { label: '', value: (p) => {
        const remove = h('button', { type: 'button', class: 'secondary', 'data-unplace': p.camera }, t('profileAdmin.remove'));
        remove.addEventListener('click', () => busy(remove, api(`/api/v1/camera-places/${encodeURIComponent(p.camera)}`, { method: 'DELETE' })
          .then(load).catch((err) => list.append(message('error', err.message)))));
        return remove;
      } },
    ], places, { empty: t('places.none'), onRow: (tr, p) => { tr.dataset.place = p.camera; } }));
  }
  await load();
  return box;
}
