// Zones: a municipality's zero-emission, environmental and pedestrian zones on the map with their rules; per zone the
// council's figures, the review queue (the BOA's second observation), exemptions (ontheffingen) and fines with appeals.
import { api, qs } from '../api.js';
import { t, tOpt, fmtDateTime, fmtDate, fmtNumber, fmtMoney, fmtPercent } from '../i18n.js';
import { h, clear, field, select, section, table, message, figure, busy, plate, downloadText } from '../dom.js';
import { createMap } from '../leaflet.js';

const OUTCOME_BADGE = { REVIEW: 'warn', CONFIRMED: 'ok', REJECTED: 'off' };
const EXEMPTION_KINDS = ['DISABLED_BADGE', 'MARKET_VENDOR', 'CARE_PROVIDER', 'EMERGENCY_SERVICES', 'DAY_PASS', 'HYBRID_ELECTRIC_MODE', 'OTHER'];
const REJECT_REASONS = ['MISREAD', 'NOT_VISIBLE', 'EXEMPT', 'FOREIGN', 'OTHER'];

/** The zone's polygon(s) as Leaflet lat/lon rings (GeoJSON is lon/lat). */
function rings(area) {
  const polys = area.type === 'MultiPolygon' ? area.coordinates : [area.coordinates];
  return polys.map((p) => p.map((ring) => ring.map(([lon, lat]) => [lat, lon])));
}

async function zoneMap(el, app, zones, cameras, onPick) {
  const points = zones.flatMap((z) => rings(z.area).flat(2));
  const { L, map } = await createMap(el, app.config, { points, zoom: 12 });
  for (const z of zones) {
    const layer = L.polygon(rings(z.area), { color: '#0b5d1e', weight: 3, fillColor: '#2e8b57', fillOpacity: 0.2 }).addTo(map);
    layer.bindTooltip(h('span', z.name));
    if (onPick) layer.on('click', () => onPick(z));
    const path = layer.getElement();
    if (path) path.setAttribute('data-zone', z.id);
    for (const id of z.cameras) {
      const c = cameras.find((x) => x.id === id);
      if (!c) continue;
      const m = L.circleMarker([c.lat, c.lon], { radius: 7, color: '#1b1b1b', weight: 2, fillColor: '#ffb000', fillOpacity: 1 }).addTo(map);
      m.bindTooltip(h('span', `${c.id} — ${c.name}`));
      m.getElement()?.setAttribute('data-zone-camera', c.id);
    }
  }
  return map;
}

export async function render(main, app, [id]) {
  if (id) return detail(main, app, Number(id));
  const [zones, cameras] = await Promise.all([api('/api/v1/zones'), api('/api/v1/cameras').catch(() => [])]);
  const mapEl = h('div', { class: 'map', id: 'zone-map', role: 'region', 'aria-label': t('zones.map') });
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.zones')), h('span', { class: 'muted' }, t('zones.count', { n: zones.length }))),
    h('p', { class: 'muted' }, t('zones.intro')), mapEl,
    section(t('zones.all'), table([
      { label: t('zones.name'), value: (z) => h('a', { href: `#/zones/${z.id}`, 'data-zone-id': z.id }, z.name) },
      { label: t('zones.kind'), value: (z) => tOpt(`zones.kind.${z.kind}`, z.kind) },
      { label: t('zones.mode'), value: (z) => tOpt(`zones.mode.${z.mode}`, z.mode) },
      { label: t('zones.cameras'), value: (z) => String(z.cameras.length), class: 'num' },
      { label: t('zones.tolerance'), value: (z) => (z.policy.toleranceUntil ? fmtDate(z.policy.toleranceUntil) : '–') },
      { label: t('zones.trafficDecision'), value: (z) => z.trafficDecision },
    ], zones, { empty: t('zones.none') })));
  const map = await zoneMap(mapEl, app, zones, cameras, (z) => app.navigate(`#/zones/${z.id}`));
  return () => map.remove();
}

function rulesList(z) {
  return h('ul', { class: 'rules', id: 'zone-rules' }, z.rules.map((r) => h('li',
    h('strong', r.name), ' — ',
    r.categories.length ? t('zones.ruleCategories', { c: r.categories.join(', ') }) : t('zones.ruleEveryVehicle'),
    r.fuels.length ? ` · ${r.fuels.join(', ')}` : '',
    ` · ${t('zones.ruleFrom', { d: fmtDate(r.from) })}`,
    r.windows.length ? ` · ${r.windows.map((w) => `${(w.days || []).join(',') || t('zones.everyDay')} ${w.from}–${w.to}`).join('; ')}` : '',
    r.allowances.length ? h('ul', r.allowances.map((a) => h('li', [
      a.zeroEmission ? t('zones.allowZE') : null,
      a.minEuroClass != null ? t('zones.allowEuro', { n: a.minEuroClass }) : null,
      a.firstAdmissionBefore ? t('zones.allowBefore', { d: fmtDate(a.firstAdmissionBefore) }) : null,
      a.until ? t('zones.allowUntil', { d: fmtDate(a.until) }) : null,
    ].filter(Boolean).join(', ')))) : h('div', { class: 'muted' }, t('zones.noAllowance')))));
}

async function detail(main, app, id) {
  const [z, cameras] = await Promise.all([api(`/api/v1/zones/${id}`), api('/api/v1/cameras').catch(() => [])]);
  const mapEl = h('div', { class: 'map', id: 'zone-map', role: 'region', 'aria-label': t('zones.map') });
  const figuresBox = h('div', { id: 'zone-figures' });
  const queueBox = h('div', { id: 'zone-queue', 'aria-live': 'polite' });
  const exemptBox = h('div', { id: 'zone-exemptions' });
  const finesBox = h('div', { id: 'zone-fines' });
  main.append(h('p', h('a', { href: '#/zones' }, `← ${t('zones.back')}`)),
    h('div', { class: 'page-head' }, h('h1', { id: 'zone-title' }, z.name), h('span', { class: 'badge info' }, tOpt(`zones.kind.${z.kind}`, z.kind))),
    h('div', { class: 'grid-2' }, mapEl, h('section', { class: 'card' }, h('h2', t('zones.rules')),
      h('dl', { class: 'facts' },
        h('dt', t('zones.mode')), h('dd', tOpt(`zones.mode.${z.mode}`, z.mode)),
        h('dt', t('zones.trafficDecision')), h('dd', z.trafficDecision),
        h('dt', t('zones.tolerance')), h('dd', z.policy.toleranceUntil ? fmtDate(z.policy.toleranceUntil) : '–'),
        h('dt', t('zones.chain')), h('dd', t('zones.chainText', { days: z.policy.recidivistTermDays,
          amounts: z.policy.fineAmounts.map((a) => fmtMoney(a)).join(' → '), warning: z.policy.warningFirst ? t('zones.warningFirst') : '' })),
        h('dt', t('zones.keep')), h('dd', t('zones.keepHours', { n: z.keepCompliantHours }))),
      rulesList(z))),
    figuresBox, queueBox, exemptBox, finesBox);
  const map = await zoneMap(mapEl, app, [z], cameras, null);

  async function figures() {
    const f = await api(`/api/v1/zones/${id}/figures`);
    clear(figuresBox).append(section(t('zones.figures'), h('div', { class: 'figures' },
      figure(t('zones.entries'), fmtNumber(f.entries)),
      figure(t('zones.violations'), fmtNumber(f.violations)),
      figure(t('zones.warnings'), fmtNumber(f.warnings)),
      figure(t('zones.fines'), fmtNumber(f.fines)),
      figure(t('zones.exemptionsUsed'), fmtNumber(f.exemptionsUsed)),
      figure(t('zones.inReview'), fmtNumber(f.inReview)),
      figure(t('zones.misreadRate'), fmtPercent(f.misreadRate)),
      figure(t('zones.finesPaid'), fmtNumber(f.finesPaid)),
      figure(t('zones.appealsUpheld'), `${fmtNumber(f.appealsUpheld)} / ${fmtNumber(f.appeals)}`))));
  }

  async function queue() {
    if (!app.can('REVIEW_ZONE_CASES')) return;
    const cases = await api(`/api/v1/zones/${id}/cases` + qs({ status: 'REVIEW', limit: 100 }));
    const list = h('div', { class: 'cases' }, cases.length ? cases.map(reviewCard) : h('p', { class: 'empty' }, t('zones.queueEmpty')));
    clear(queueBox).append(section(t('zones.queue', { n: cases.length }), h('p', { class: 'muted' }, t('zones.queueHint')), list));
  }

  function reviewCard(k) {
    const out = h('div', { 'aria-live': 'polite' });
    const corrected = h('input', { name: 'plate', placeholder: k.plate, autocomplete: 'off', 'aria-label': t('zones.correctedPlate') });
    const reason = select('reason', REJECT_REASONS.map((r) => [r, tOpt(`zones.reject.${r}`, r)]), 'MISREAD');
    reason.setAttribute('aria-label', t('zones.rejectReason'));
    const confirm = h('button', { type: 'button', 'data-confirm': k.id }, t('zones.confirm'));
    const reject = h('button', { type: 'button', class: 'secondary', 'data-reject': k.id }, t('zones.rejectButton'));
    const card = h('article', { class: 'card case', 'data-case': k.id },
      h('h3', plate(k.plate, k.country), ' ', h('span', { class: 'badge warn' }, tOpt(`zones.reason.${k.reason}`, k.reason))),
      h('p', { class: 'muted' }, `${fmtDateTime(k.observedAt)} · ${k.cameraId} · ${t('zones.passagesThatDay', { n: k.passages })}`,
        k.rule ? ` · ${k.rule}` : '', k.vehicle && k.vehicle.found ? ` · ${[k.vehicle.category, (k.vehicle.fuels || []).join('+'),
          k.vehicle.euroClass != null ? 'Euro ' + k.vehicle.euroClass : null, k.vehicle.make].filter(Boolean).join(' · ')}` : ''),
      h('div', { class: 'case-images' },
        k.plateImage ? h('img', { src: `/api/v1/zone-cases/${k.id}/images/plate`, alt: t('zones.plateImage'), loading: 'lazy' }) : null,
        k.overviewImage ? h('img', { src: `/api/v1/zone-cases/${k.id}/images/overview`, alt: t('zones.overviewImage'), loading: 'lazy' }) : null),
      h('div', { class: 'form-grid' }, field(t('zones.correctedPlate'), corrected, t('zones.correctedHint')), field(t('zones.rejectReason'), reason)),
      h('div', { class: 'actions-row' }, confirm, reject), out);
    confirm.addEventListener('click', () => busy(confirm, api(`/api/v1/zone-cases/${k.id}/confirm`, { method: 'POST',
      json: corrected.value.trim() ? { plate: corrected.value.trim() } : {} })
      .then((r) => decided(`${t('zones.confirmed')}: ${r.result}`))
      .catch((e) => out.replaceChildren(message('error', e.message)))));
    reject.addEventListener('click', () => busy(reject, api(`/api/v1/zone-cases/${k.id}/reject`, { method: 'POST', json: { reason: reason.value } })
      .then(() => decided(t('zones.rejected')))
      .catch((e) => out.replaceChildren(message('error', e.message)))));
    // A decided card keeps its answer where the reviewer clicked; the queue is not redrawn under their hands (a
    // second decision made meanwhile would lose its answer), only the figures and fines that the decision changed.
    function decided(text) {
      out.replaceChildren(message('ok', text));
      card.classList.add('decided');
      card.querySelector('.actions-row').remove();
      for (const b of card.querySelectorAll('input, select')) b.disabled = true;
      settle(figures(), fines());
    }
    return card;
  }

  async function exemptions() {
    if (!app.can('MANAGE_EXEMPTIONS')) return;
    const list = await api(`/api/v1/zones/${id}/exemptions`);
    const f = {
      plate: h('input', { name: 'plate', required: true, autocomplete: 'off' }),
      kind: select('kind', EXEMPTION_KINDS.map((k) => [k, tOpt(`zones.exemption.${k}`, k)]), 'DAY_PASS'),
      validFrom: h('input', { type: 'date', name: 'validFrom', required: true }),
      validUntil: h('input', { type: 'date', name: 'validUntil', required: true }),
      applicant: h('input', { name: 'applicant' }),
    };
    const out = h('div', { 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit' }, t('zones.apply'));
    const form = h('form', { id: 'exemption-form', class: 'form-grid' }, field(t('zones.plate'), f.plate), field(t('zones.exemptionKind'), f.kind),
      field(t('zones.validFrom'), f.validFrom), field(t('zones.validUntil'), f.validUntil), field(t('zones.applicant'), f.applicant),
      h('div', { class: 'actions-row' }, submit));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      busy(submit, api(`/api/v1/zones/${id}/exemptions`, { method: 'POST', json: { plate: f.plate.value, kind: f.kind.value,
        validFrom: f.validFrom.value, validUntil: f.validUntil.value, applicant: f.applicant.value } })
        .then(() => exemptions()).catch((err) => out.replaceChildren(message('error', err.message))));
    });
    const decide = (x, verb) => api(`/api/v1/exemptions/${x.id}/${verb}`, { method: 'POST', json: {} }).then(() => exemptions())
      .catch((err) => out.replaceChildren(message('error', err.message)));
    clear(exemptBox).append(section(t('zones.exemptions'), table([
      { label: t('zones.plate'), value: (x) => plate(x.plate) },
      { label: t('zones.exemptionKind'), value: (x) => tOpt(`zones.exemption.${x.kind}`, x.kind) },
      { label: t('zones.valid'), value: (x) => `${fmtDate(x.validFrom)} – ${fmtDate(x.validUntil)}` },
      { label: t('zones.applicant'), value: (x) => x.applicant },
      { label: t('zones.status'), value: (x) => h('span', { class: `badge ${x.status === 'APPROVED' ? 'ok' : x.status === 'REFUSED' ? 'off' : 'warn'}` }, tOpt(`zones.exemptionStatus.${x.status}`, x.status)) },
      { label: t('common.actions'), value: (x) => (x.status === 'APPLIED' ? h('span', { class: 'actions-row' },
        h('button', { type: 'button', 'data-approve': x.id, onclick: () => decide(x, 'approve') }, t('zones.approve')),
        h('button', { type: 'button', class: 'secondary', 'data-refuse': x.id, onclick: () => decide(x, 'refuse') }, t('zones.refuse'))) : '') },
    ], list, { empty: t('zones.noExemptions'), onRow: (tr, x) => { tr.dataset.exemption = x.id; } }), h('h3', t('zones.apply')), form, out));
  }

  async function fines() {
    if (!app.can('MANAGE_ZONES')) return;
    const list = await api(`/api/v1/zones/${id}/cases` + qs({ sanction: 'FINE', limit: 500 }));
    const exportBtn = h('button', { type: 'button', id: 'export-fines' }, t('zones.exportFines'));
    const out = h('div', { 'aria-live': 'polite' });
    exportBtn.addEventListener('click', () => busy(exportBtn, api(`/api/v1/zones/${id}/fines/export`, { method: 'POST' })
      .then((csv) => { downloadText(csv, `fines-zone-${id}.csv`); out.replaceChildren(message('ok', t('zones.exported', { n: Math.max(0, csv.trim().split('\n').length - 1) }))); })
      .catch((e) => out.replaceChildren(message('error', e.message)))));
    const appeal = (k, value) => api(`/api/v1/zone-cases/${k.id}/appeal`, { method: 'POST', json: { appeal: value } }).then(() => fines())
      .catch((e) => out.replaceChildren(message('error', e.message)));
    clear(finesBox).append(section(t('zones.finesTitle'), h('div', { class: 'actions-row' }, exportBtn), out, table([
      { label: t('zones.plate'), value: (k) => plate(k.plate, k.country) },
      { label: t('zones.day'), value: (k) => fmtDate(k.day) },
      { label: t('zones.amount'), value: (k) => fmtMoney(k.amount), class: 'num' },
      { label: t('zones.fineNumber'), value: (k) => String(k.fineOrdinal), class: 'num' },
      { label: t('zones.reviewer'), value: (k) => k.reviewer },
      { label: t('zones.exported'), value: (k) => (k.exportedAt ? fmtDateTime(k.exportedAt) : '–') },
      { label: t('zones.appeal'), value: (k) => {
        const s = select('appeal', ['NONE', 'LODGED', 'UPHELD', 'DISMISSED'].map((a) => [a, tOpt(`zones.appeal.${a}`, a)]), k.appeal);
        s.setAttribute('aria-label', t('zones.appeal'));
        s.addEventListener('change', () => appeal(k, s.value));
        return s;
      } },
      { label: t('zones.evidence'), value: (k) => h('span', {},
        h('a', { href: `/api/v1/zone-cases/${k.id}/evidence?format=pdf`, download: `evidence-${k.id}.pdf` }, t('zones.evidencePdf')), ' · ',
        h('a', { href: `/api/v1/zone-cases/${k.id}/evidence`, download: `evidence-${k.id}.zip` }, t('zones.evidenceZip'))) },
    ], list, { empty: t('zones.noFines') })));
  }

  /** Waits for the parts being loaded; a part that fails shows its error and leaves the others drawn. */
  function settle(...parts) {
    return Promise.all(parts.map((p) => p.catch((e) => main.append(message('error', e.message)))));
  }

  async function refresh() {
    await settle(figures(), queue(), exemptions(), fines());
  }
  await refresh();
  return () => map.remove();
}
