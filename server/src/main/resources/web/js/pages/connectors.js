// Connectors: the feeds cameras and ALPR software already send (OpenALPR/Rekor, Plate Recognizer, Hikvision, Frigate,
// generic MQTT). The administrator creates one (its token shown once), maps the vendor's cameras to ours (reads of an
// unknown camera are held until then), and sees what came in, the last errors and the payloads that could not be read;
// and imports historical reads from a CSV file, as a job whose progress and refused lines the page shows; and registers
// the client certificate of the connector's equipment (mutual TLS), after which its token is refused.
import { api } from '../api.js';
import { t, tOpt, fmtDateTime, fmtNumber, fmtAgo } from '../i18n.js';
import { h, clear, field, select, section, table, message, figure, busy } from '../dom.js';

const KINDS = ['OPENALPR', 'PLATE_RECOGNIZER', 'HIKVISION', 'BLUE_IRIS', 'FRIGATE', 'GENERIC_MQTT'];
const MQTT = new Set(['FRIGATE', 'GENERIC_MQTT']);

function health(c) {
  if (c.link) {
    const ok = c.link.startsWith('connected');
    return h('span', { class: `badge ${ok ? 'ok' : 'error'}`, title: c.link }, ok ? t('connectors.connected') : t('connectors.disconnected'));
  }
  if (!c.stats.lastPayloadAt) return h('span', { class: 'badge off' }, t('connectors.waiting'));
  return h('span', { class: `badge ${c.stats.lastErrors.length ? 'warn' : 'ok'}` }, `${t('connectors.lastPayload')} ${fmtAgo(c.stats.lastPayloadAt)}`);
}

export async function render(main, app, [id]) {
  if (id) return detail(main, app, decodeURIComponent(id));
  const connectors = await api('/api/v1/connectors');
  const formBox = h('div');
  const newBtn = h('button', { type: 'button', id: 'new-connector', 'aria-expanded': 'false' }, t('connectors.new'));
  newBtn.addEventListener('click', async () => {
    const open = !formBox.childElementCount;
    clear(formBox);
    newBtn.setAttribute('aria-expanded', String(open));
    if (open) formBox.append(await createForm(app));
  });
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.connectors')), h('div', { class: 'actions-row' }, newBtn)),
    h('p', { class: 'hint' }, t('connectors.intro')), formBox,
    section(t('connectors.all'), table([
      { label: t('connectors.id'), value: (c) => h('a', { href: `#/connectors/${encodeURIComponent(c.id)}`, 'data-connector': c.id }, c.id) },
      { label: t('connectors.kind'), value: (c) => tOpt(`connectors.kind.${c.kind}`, c.kind) },
      { label: t('connectors.name'), value: (c) => c.name },
      { label: t('connectors.status'), value: health },
      { label: t('connectors.accepted'), value: (c) => fmtNumber(c.stats.accepted), class: 'num' },
      { label: t('connectors.held'), value: (c) => fmtNumber(c.stats.held), class: 'num' },
      { label: t('connectors.unreadable'), value: (c) => fmtNumber(c.stats.unreadable), class: 'num' },
      { label: t('connectors.unmapped'), value: (c) => (c.unmappedCameras ? h('span', { class: 'badge warn' }, String(c.unmappedCameras)) : '0'), class: 'num' },
    ], connectors, { empty: t('connectors.none') })));
  main.append(await feedsSection(app));
}

/** Hits out: the control rooms' feeds and what could not be delivered to them (dead letters), sent again on request. */
async function feedsSection(app) {
  const feeds = await api('/api/v1/hit-feeds');
  const box = h('div', { id: 'hit-feeds' });
  const formBox = h('div');
  const newBtn = h('button', { type: 'button', id: 'new-feed', class: 'secondary', 'aria-expanded': 'false' }, t('connectors.newFeed'));
  newBtn.addEventListener('click', () => {
    const open = !formBox.childElementCount;
    clear(formBox);
    newBtn.setAttribute('aria-expanded', String(open));
    if (open) formBox.append(feedForm(app));
  });
  const rows = [];
  for (const f of feeds) {
    const dead = await api(`/api/v1/hit-feeds/${f.id}/deliveries?state=DEAD`);
    rows.push({ f, dead });
  }
  box.append(table([
    { label: t('connectors.feedName'), value: (r) => r.f.name },
    { label: t('connectors.kind'), value: (r) => r.f.kind },
    { label: t('connectors.feedTarget'), value: (r) => h('code', r.f.kind === 'MQTT' ? `${r.f.target} ${r.f.topic}` : r.f.target) },
    { label: t('connectors.feedHealth'), value: (r) => (r.f.healthEvents ? t('connectors.feedHealthOn') : t('connectors.feedHealthOff')) },
    { label: t('connectors.deadLetters'), value: (r) => (r.dead.length ? h('span', { class: 'badge error' }, String(r.dead.length)) : '0'), class: 'num' },
  ], rows, { empty: t('connectors.noFeeds') }));
  const dead = rows.flatMap((r) => r.dead.map((d) => ({ ...d, feed: r.f })));
  if (dead.length) {
    const out = h('div', { 'aria-live': 'polite' });
    box.append(h('h3', t('connectors.deadLetters')), out, table([
      { label: t('connectors.feedName'), value: (d) => d.feed.name },
      { label: t('connectors.received'), value: (d) => fmtDateTime(d.createdAt) },
      { label: t('connectors.attempts'), value: (d) => String(d.attempts), class: 'num' },
      { label: t('connectors.reason'), value: (d) => d.lastError },
      { label: '', value: (d) => {
        const b = h('button', { type: 'button', class: 'secondary', 'data-retry': d.id }, t('connectors.retry'));
        b.addEventListener('click', () => busy(b, api(`/api/v1/hit-feeds/${d.feed.id}/deliveries/${d.id}/retry`, { method: 'POST' })
          .then(() => { out.replaceChildren(message('ok', t('connectors.retried'))); b.closest('tr').remove(); })
          .catch((err) => out.replaceChildren(message('error', err.message)))));
        return b;
      } },
    ], dead));
  }
  return section(t('connectors.feeds'), h('p', { class: 'hint' }, t('connectors.feedsHint')),
    h('div', { class: 'actions-row' }, newBtn), formBox, box);
}

const FEED_KINDS = ['WEBHOOK', 'MQTT', 'EMAIL', 'SYSLOG'];
const FEED_TARGET_HINT = { WEBHOOK: 'https://meldkamer.example/anpr', MQTT: 'tcp://broker:1883',
  EMAIL: 'smtp://user:password@mail.example:587?from=anpr@example.nl&starttls=true', SYSLOG: 'tls://siem.example:6514?facility=local0' };

/** A new control-room feed: where hits (and, if asked, camera health changes) go; its signing secret shown once. */
function feedForm(app) {
  const f = {
    name: h('input', { name: 'name', required: true }),
    kind: select('kind', FEED_KINDS.map((k) => [k, tOpt(`connectors.feedKind.${k}`, k)]), 'WEBHOOK'),
    target: h('input', { name: 'target', required: true, placeholder: FEED_TARGET_HINT.WEBHOOK }),
    topic: h('input', { name: 'topic', placeholder: 'control/anpr/hits' }),
    recipients: h('input', { name: 'recipients', placeholder: 'meldkamer@example.nl' }),
    healthEvents: h('input', { type: 'checkbox', name: 'healthEvents', id: 'feed-health' }),
    caCertificate: h('textarea', { name: 'caCertificate', rows: 4, placeholder: '-----BEGIN CERTIFICATE-----' }),
  };
  const topicField = field(t('connectors.topic'), f.topic);
  const recipientsField = field(t('connectors.feedRecipients'), f.recipients);
  const caField = field(t('connectors.feedCa'), f.caCertificate, t('connectors.feedCaHint'));
  const sync = () => {
    f.target.placeholder = FEED_TARGET_HINT[f.kind.value];
    topicField.hidden = f.kind.value !== 'MQTT';
    recipientsField.hidden = f.kind.value !== 'EMAIL';
    caField.hidden = f.kind.value !== 'SYSLOG';
  };
  f.kind.addEventListener('change', sync);
  sync();
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, t('common.create'));
  const form = h('form', { class: 'card', id: 'feed-form' }, h('h3', t('connectors.newFeed')),
    h('div', { class: 'form-grid' }, field(t('connectors.feedName'), f.name), field(t('connectors.kind'), f.kind),
      field(t('connectors.feedTarget'), f.target), topicField, recipientsField, caField),
    h('p', h('label', { for: 'feed-health' }, f.healthEvents, ' ', t('connectors.feedHealthHint'))),
    h('div', { class: 'actions-row' }, submit), out);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(submit, api('/api/v1/hit-feeds', { method: 'POST', json: {
      name: f.name.value, kind: f.kind.value, target: f.target.value, organisation: app.me.organisation || undefined,
      topic: f.kind.value === 'MQTT' ? f.topic.value : undefined, recipients: f.kind.value === 'EMAIL' ? f.recipients.value : undefined,
      caCertificate: f.kind.value === 'SYSLOG' && f.caCertificate.value.trim() ? f.caCertificate.value : undefined,
      healthEvents: f.healthEvents.checked } })
      .then((r) => out.replaceChildren(h('div', { class: 'msg ok', role: 'status', id: 'feed-created' },
        h('p', t('connectors.feedCreated', { name: r.feed.name })), h('p', t('connectors.feedSecretOnce')),
        h('code', { id: 'feed-secret', class: 'token' }, r.secret))))
      .catch((err) => out.replaceChildren(message('error', err.message))));
  });
  return form;
}

async function createForm(app) {
  const cameras = await api('/api/v1/cameras');
  const org = app.me.organisation;
  const own = cameras.filter((c) => !org || c.organisation === org);
  const f = {
    id: h('input', { name: 'id', required: true, pattern: '[a-z0-9][a-z0-9._\\-]{1,63}', id: 'connector-id' }),
    kind: select('kind', KINDS.map((k) => [k, tOpt(`connectors.kind.${k}`, k)]), 'OPENALPR'),
    name: h('input', { name: 'name' }),
    organisation: h('input', { name: 'organisation', value: org || own[0]?.organisation || '', readonly: !!org, required: true }),
    camera: select('camera', [['', t('connectors.mapPerCamera')], ...own.map((c) => [c.id, `${c.id} — ${c.name}`])], ''),
    broker: h('input', { name: 'broker', placeholder: 'tcp://broker:1883' }),
    topic: h('input', { name: 'topic', placeholder: 'frigate/events,frigate/tracked_object_update' }),
  };
  const mqttBox = h('div', { class: 'form-grid', hidden: true }, field(t('connectors.broker'), f.broker), field(t('connectors.topic'), f.topic));
  f.kind.addEventListener('change', () => { mqttBox.hidden = !MQTT.has(f.kind.value); });
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, t('connectors.create'));
  const form = h('form', { class: 'card', id: 'connector-form' }, h('h2', t('connectors.new')),
    h('div', { class: 'form-grid' }, field(t('connectors.id'), f.id, t('connectors.idHint')), field(t('connectors.kind'), f.kind),
      field(t('connectors.name'), f.name), field(t('camera.organisation'), f.organisation), field(t('connectors.fixedCamera'), f.camera, t('connectors.fixedCameraHint'))),
    mqttBox, h('div', { class: 'actions-row' }, submit), out);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const settings = {};
    if (MQTT.has(f.kind.value)) {
      settings.broker = f.broker.value;
      if (f.topic.value) settings.topic = f.topic.value;
    }
    busy(submit, api('/api/v1/connectors', { method: 'POST', json: {
      id: f.id.value, kind: f.kind.value, name: f.name.value, organisation: f.organisation.value, camera: f.camera.value || null, settings } })
      .then((r) => {
        const c = r.connector;
        out.replaceChildren(h('div', { class: 'msg ok', role: 'status', id: 'connector-created' },
          h('p', t('connectors.created', { id: c.id })),
          c.ingestPath ? h('p', t('connectors.postTo'), ' ', h('code', `${location.origin}${c.ingestPath}`)) : null,
          h('p', t('connectors.tokenOnce')), h('code', { id: 'connector-token', class: 'token' }, r.token),
          h('p', h('a', { href: `#/connectors/${encodeURIComponent(c.id)}` }, t('connectors.open')))));
      })
      .catch((err) => out.replaceChildren(message('error', err.message))));
  });
  return form;
}

async function detail(main, app, id) {
  const [c, cams, rejected, cameras] = await Promise.all([api(`/api/v1/connectors/${encodeURIComponent(id)}`),
    api(`/api/v1/connectors/${encodeURIComponent(id)}/cameras`), api(`/api/v1/connectors/${encodeURIComponent(id)}/rejected`),
    api('/api/v1/cameras')]);
  const own = cameras.filter((x) => x.organisation === c.organisation);
  const s = c.stats;
  main.append(h('p', h('a', { href: '#/connectors' }, `← ${t('connectors.back')}`)),
    h('div', { class: 'page-head' }, h('h1', { id: 'connector-title' }, c.id), health(c)),
    h('dl', { class: 'facts' },
      h('dt', t('connectors.kind')), h('dd', tOpt(`connectors.kind.${c.kind}`, c.kind)),
      h('dt', t('connectors.name')), h('dd', c.name),
      h('dt', t('camera.organisation')), h('dd', c.organisation),
      c.ingestPath ? [h('dt', t('connectors.postTo')), h('dd', h('code', `${location.origin}${c.ingestPath}`))] : null,
      c.link ? [h('dt', t('connectors.link')), h('dd', { id: 'connector-link' }, c.link)] : null,
      c.camera ? [h('dt', t('connectors.fixedCamera')), h('dd', c.camera)] : null),
    h('div', { class: 'figures' }, figure(t('connectors.payloads'), fmtNumber(s.payloads)), figure(t('connectors.accepted'), fmtNumber(s.accepted)),
      figure(t('connectors.duplicates'), fmtNumber(s.duplicates)), figure(t('connectors.held'), fmtNumber(s.held)),
      figure(t('connectors.rejectedReads'), fmtNumber(s.rejected)), figure(t('connectors.unreadable'), fmtNumber(s.unreadable)),
      figure(t('connectors.skipped'), fmtNumber(s.skipped)), figure(t('connectors.heartbeats'), fmtNumber(s.heartbeats))),
    h('p', { class: 'hint' }, t('connectors.sinceStart')));
  // MQTT and folder connectors have no equipment connection to take a certificate from.
  if (c.ingestPath) main.append(certificateSection(c, app));

  const out = h('div', { 'aria-live': 'polite', id: 'mapping-result' });
  const unknown = cams.seen.filter((x) => !x.camera);
  main.append(section(t('connectors.unknownCameras'), h('p', { class: 'hint' }, t('connectors.unknownHint')), out,
    h('div', { id: 'unknown-cameras' }, table([
      { label: t('connectors.vendorCamera'), value: (x) => h('code', x.vendorCamera) },
      { label: t('connectors.vendorName'), value: (x) => x.vendorName },
      { label: t('connectors.firstSeen'), value: (x) => fmtDateTime(x.firstSeen) },
      { label: t('connectors.heldReads'), value: (x) => fmtNumber(x.held), class: 'num' },
      { label: t('connectors.mapTo'), value: (x) => mapControl(c, x, own, out) },
    ], unknown, { empty: t('connectors.noUnknown') }))));
  const mapped = cams.seen.filter((x) => x.camera);
  main.append(section(t('connectors.mappedCameras'), table([
    { label: t('connectors.vendorCamera'), value: (x) => h('code', x.vendorCamera) },
    { label: t('connectors.camera'), value: (x) => x.camera },
    { label: t('connectors.reads'), value: (x) => fmtNumber(x.reads), class: 'num' },
    { label: t('connectors.lastSeen'), value: (x) => fmtDateTime(x.lastSeen) },
    { label: t('connectors.lastHeartbeat'), value: (x) => (x.lastHeartbeat ? fmtDateTime(x.lastHeartbeat) : '') },
    { label: t('connectors.streaming'), value: (x) => (x.streaming == null ? '' : h('span', { class: `badge ${x.streaming ? 'ok' : 'error'}` }, x.streaming ? t('connectors.yes') : t('connectors.no'))) },
  ], mapped, { empty: t('connectors.noMapped') })));
  main.append(section(t('connectors.lastErrors'), h('div', { id: 'last-errors' }, s.lastErrors.length
    ? h('ul', s.lastErrors.map((e) => h('li', h('time', fmtDateTime(e.at)), ' — ', e.error))) : h('p', { class: 'empty' }, t('connectors.noErrors')))));
  main.append(section(t('connectors.rejected'), h('p', { class: 'hint' }, t('connectors.rejectedHint')), h('div', { id: 'rejected-payloads' }, table([
    { label: t('connectors.received'), value: (r) => fmtDateTime(r.receivedAt) },
    { label: t('connectors.reason'), value: (r) => r.reason },
    { label: t('connectors.size'), value: (r) => fmtNumber(r.size), class: 'num' },
    { label: '', value: (r) => h('a', { href: `/api/v1/connectors/${encodeURIComponent(c.id)}/rejected/${r.id}`, download: `rejected-${c.id}-${r.id}` }, t('connectors.download')) },
  ], rejected, { empty: t('connectors.noRejected') }))));
  main.append(await importsSection(c));
}

/**
 * The equipment's client certificate (mutual TLS). Registered, the connector takes deliveries only over the server's
 * equipment port from equipment presenting exactly this certificate, and its token is refused; removed, the token
 * works again. Without one: a PEM to paste; with one: its fingerprint, subject and expiry, and a button to remove it.
 */
function certificateSection(c, app) {
  const base = `/api/v1/connectors/${encodeURIComponent(c.id)}/certificate`;
  const out = h('div', { 'aria-live': 'polite', id: 'certificate-result' });
  const box = h('div', { id: 'connector-certificate' });
  const registered = (cert) => {
    const remove = h('button', { type: 'button', class: 'secondary', id: 'certificate-remove' }, t('connectors.certRemove'));
    remove.addEventListener('click', () => {
      if (!window.confirm(t('connectors.certRemoveConfirm', { id: c.id }))) return;
      busy(remove, api(base, { method: 'DELETE' })
        .then(() => {
          out.replaceChildren(message('ok', t('connectors.certRemoved')));
          show(null);
        })
        .catch((err) => out.replaceChildren(message('error', err.message))));
    });
    const left = Date.parse(cert.notAfter) - Date.now();
    const expired = left < 0;
    // A month ahead: time to get the equipment's new certificate and register it before deliveries stop.
    const soon = !expired && left < 30 * 24 * 3600 * 1000;
    return [h('p', h('span', { class: 'badge ok', id: 'certificate-state' }, t('connectors.certActive'))),
      h('dl', { class: 'facts' },
        h('dt', t('connectors.certFingerprint')), h('dd', h('code', { id: 'certificate-sha256' }, cert.sha256)),
        h('dt', t('connectors.certSubject')), h('dd', { id: 'certificate-subject' }, cert.subject),
        h('dt', t('connectors.certNotAfter')), h('dd', { id: 'certificate-not-after' }, h('time', { datetime: cert.notAfter }, fmtDateTime(cert.notAfter)),
          expired ? [' ', h('span', { class: 'badge error' }, t('connectors.certExpired'))] : null,
          soon ? [' ', h('span', { class: 'badge warn' }, t('connectors.certExpiresSoon'))] : null)),
      equipmentAddress(), h('div', { class: 'actions-row' }, remove)];
  };
  // Where the equipment delivers now: the server's equipment port, or a warning that it has none.
  const equipmentAddress = () => {
    const port = app.config && app.config.equipmentPort;
    if (!port) return h('div', { id: 'certificate-no-port' }, message('warn', t('connectors.certNoPort')));
    return h('p', t('connectors.certPostTo'), ' ', h('code', { id: 'certificate-post-to' }, `https://${location.hostname}:${port}${c.ingestPath}`));
  };
  const pasteForm = () => {
    const pem = h('textarea', { name: 'certificate', id: 'certificate-pem', rows: 8, required: true, spellcheck: 'false',
      autocomplete: 'off', placeholder: '-----BEGIN CERTIFICATE-----' });
    const submit = h('button', { type: 'submit' }, t('connectors.certRegister'));
    const form = h('form', { id: 'certificate-form' }, field(t('connectors.certPem'), pem, t('connectors.certPemHint')),
      h('div', { class: 'actions-row' }, submit));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!pem.value.trim()) return;
      busy(submit, api(base, { method: 'PUT', json: { certificate: pem.value } })
        .then((view) => {
          out.replaceChildren(message('ok', t('connectors.certRegistered', { id: c.id })));
          show(view.certificate);
        })
        .catch((err) => out.replaceChildren(message('error', err.message))));
    });
    return form;
  };
  const show = (cert) => box.replaceChildren(...[cert ? registered(cert) : pasteForm()].flat());
  show(c.certificate);
  return section(t('connectors.cert'), h('p', { class: 'hint' }, t('connectors.certHint')), out, box);
}

const UNFINISHED = new Set(['QUEUED', 'RUNNING']);

/**
 * Historical reads from a CSV file: uploaded as a job that runs on the server; the jobs with their progress, refreshed
 * while one runs, and per job the refused lines with their number and reason.
 */
async function importsSection(c) {
  const base = `/api/v1/connectors/${encodeURIComponent(c.id)}/imports`;
  const list = h('div', { id: 'csv-imports' });
  const detailBox = h('div', { id: 'csv-import-detail', 'aria-live': 'polite' });
  const out = h('div', { 'aria-live': 'polite', id: 'csv-import-result' });
  const file = h('input', { type: 'file', id: 'csv-import-file', accept: '.csv,text/csv,text/plain', required: true });
  const submit = h('button', { type: 'submit' }, t('connectors.importUpload'));
  let timer = null;

  const showRefused = async (job) => {
    const j = await api(`${base}/${job.id}`);
    detailBox.replaceChildren(h('h3', t('connectors.importRefusedOf', { name: j.fileName || `#${j.id}` })),
      h('p', { class: 'hint' }, j.refused > j.refusedLines.length
        ? t('connectors.importRefusedFirst', { shown: fmtNumber(j.refusedLines.length), total: fmtNumber(j.refused) })
        : t('connectors.importRefusedAll', { total: fmtNumber(j.refused) })),
      table([
        { label: t('connectors.importLine'), value: (r) => String(r.line), class: 'num' },
        { label: t('connectors.reason'), value: (r) => r.reason },
      ], j.refusedLines, { empty: t('connectors.importNoRefused') }));
  };
  const progress = (j) => {
    const pct = j.lines ? Math.floor((100 * j.linesRead) / j.lines) : 100;
    return h('span', { class: 'import-progress' }, h('progress', { max: String(j.lines || 1), value: String(j.linesRead), 'aria-label': t('connectors.importProgress') }),
      ` ${fmtNumber(j.linesRead)} / ${fmtNumber(j.lines)} (${pct} %)`);
  };
  // A job stopped by its administrator: the reads it delivered stay; posting the file again starts it over.
  const cancelButton = (j) => {
    const b = h('button', { type: 'button', class: 'secondary', 'data-cancel-import': j.id }, t('connectors.importCancel'));
    b.addEventListener('click', () => {
      if (!window.confirm(t('connectors.importCancelConfirm', { name: j.fileName || `#${j.id}` }))) return;
      busy(b, api(`${base}/${j.id}/cancel`, { method: 'POST' })
        .then((done) => {
          out.replaceChildren(message('ok', t('connectors.importCancelled', { name: done.fileName || `#${done.id}`,
            read: fmtNumber(done.linesRead), lines: fmtNumber(done.lines) })));
          return load();
        })
        .catch((err) => out.replaceChildren(message('error', err.message))));
    });
    return b;
  };
  const load = async () => {
    if (timer) clearTimeout(timer);
    const jobs = await api(base);
    list.replaceChildren(table([
      { label: t('connectors.importFile'), value: (j) => h('span', { title: `SHA-256 ${j.sha256}` }, j.fileName || `#${j.id}`) },
      { label: t('connectors.importStarted'), value: (j) => fmtDateTime(j.createdAt) },
      { label: t('connectors.status'), value: (j) => h('span', { class: `badge ${j.state === 'DONE' ? 'ok' : j.state === 'FAILED' ? 'error' : 'warn'}`, 'data-import-state': j.state,
        title: j.error || (j.cancelledBy ? t('connectors.importCancelledBy', { who: j.cancelledBy }) : '') },
        tOpt(`connectors.importState.${j.state}`, j.state)) },
      { label: t('connectors.importProgress'), value: progress },
      { label: t('connectors.accepted'), value: (j) => fmtNumber(j.accepted), class: 'num' },
      { label: t('connectors.duplicates'), value: (j) => fmtNumber(j.duplicates), class: 'num' },
      { label: t('connectors.held'), value: (j) => fmtNumber(j.held), class: 'num' },
      { label: t('connectors.importRefused'), value: (j) => {
        if (!j.refused) return '0';
        const b = h('button', { type: 'button', class: 'secondary', 'data-refused': j.id }, fmtNumber(j.refused));
        b.setAttribute('aria-label', t('connectors.importShowRefused', { n: j.refused }));
        b.addEventListener('click', () => busy(b, showRefused(j).catch((err) => detailBox.replaceChildren(message('error', err.message)))));
        return b;
      }, class: 'num' },
      { label: '', value: (j) => UNFINISHED.has(j.state) ? cancelButton(j) : '' },
    ], jobs, { empty: t('connectors.importNone') }));
    // Refreshed while a job runs, as long as this page is shown.
    if (jobs.some((j) => UNFINISHED.has(j.state))) timer = setTimeout(() => { if (list.isConnected) load().catch(() => {}); }, 1000);
  };
  const form = h('form', { id: 'csv-import-form' }, h('div', { class: 'form-grid' }, field(t('connectors.importChoose'), file)),
    h('div', { class: 'actions-row' }, submit));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = file.files[0];
    if (!f) return;
    busy(submit, api(`${base}?name=${encodeURIComponent(f.name.slice(0, 200))}`, { method: 'POST', body: f, contentType: 'text/csv', raw: true })
      .then(async (res) => {
        // 202: a new job; 200: the same file was imported before, its job is shown instead of a second import.
        const j = await res.json();
        out.replaceChildren(message('ok', t(res.status === 200 ? 'connectors.importKnown' : 'connectors.importQueued', { name: j.fileName || `#${j.id}`, lines: fmtNumber(j.lines) })));
        form.reset();
        return load();
      })
      .catch((err) => out.replaceChildren(message('error', err.message))));
  });
  await load();
  return section(t('connectors.imports'), h('p', { class: 'hint' }, t('connectors.importsHint')), form, out, list, detailBox);
}

function mapControl(c, seen, own, out) {
  const s = select('camera', [['', t('connectors.choose')], ...own.map((x) => [x.id, `${x.id} — ${x.name}`])], '');
  s.setAttribute('aria-label', t('connectors.mapTo') + ' ' + seen.vendorCamera);
  s.dataset.vendorCamera = seen.vendorCamera;
  const b = h('button', { type: 'button', class: 'secondary', 'data-map': seen.vendorCamera }, t('connectors.map'));
  b.addEventListener('click', () => {
    if (!s.value) return;
    busy(b, api(`/api/v1/connectors/${encodeURIComponent(c.id)}/cameras`, { method: 'PUT', json: { vendorCamera: seen.vendorCamera, camera: s.value } })
      .then((r) => {
        out.replaceChildren(message('ok', t('connectors.mapped', { vendor: r.vendorCamera, camera: r.camera, accepted: r.replayed.accepted })));
        b.closest('tr').remove();
      })
      .catch((err) => out.replaceChildren(message('error', err.message))));
  });
  return h('span', { class: 'actions-row' }, s, b);
}
