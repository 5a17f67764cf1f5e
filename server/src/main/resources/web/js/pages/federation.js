// Hit-list federation: the lists this organisation publishes to other nodes (and which version each subscriber
// runs), the subscriber nodes (peers) and their tokens, the lists it takes from other nodes, and the hits regions
// sent back up.
import { api } from '../api.js';
import { t, fmtDateTime } from '../i18n.js';
import { h, clear, field, section, table, message, busy, plate } from '../dom.js';

export async function render(main, app) {
  const manage = app.can('MANAGE_LISTS');
  const [publications, peers, subscriptions, lists] = await Promise.all([
    api('/api/v1/federation/publications'), api('/api/v1/federation/peers'), api('/api/v1/federation/subscriptions'),
    api('/api/v1/lists')]);
  const hits = app.can('VIEW_HITS') ? await api('/api/v1/federation/hits').catch(() => []) : [];
  const regions = app.can('VIEW_STATS') ? await api('/api/v1/federation/passages/regions').catch(() => []) : [];
  const listName = Object.fromEntries(lists.map((l) => [String(l.id), l.name]));
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.federation'))), h('p', { class: 'hint' }, t('federation.intro')));

  main.append(section(t('federation.publications'),
    table([
      { label: t('federation.list'), value: (p) => `${p.name} (${p.listId})` },
      { label: t('federation.version'), value: (p) => String(p.version), class: 'num' },
      { label: t('federation.subscribers'), value: (p) => (p.subscribers.length
        ? p.subscribers.map((s) => `${t('federation.runs', { name: s.name, version: s.version, at: fmtDateTime(s.reportedAt) })} · ${
          t(s.transport === 'kafka' ? 'federation.transportShortKafka' : 'federation.transportShortHttp')}`).join('; ')
        : t('federation.noSubscribers')) },
    ], publications, { empty: t('federation.noPublications') }),
    manage ? publishForm(lists.filter((l) => !publications.some((p) => p.listId === l.id) && !String(l.source || '').startsWith('federation:'))) : ''));

  main.append(section(t('federation.peers'),
    table([
      { label: t('federation.peerName'), value: (p) => p.name },
      { label: t('camera.organisation'), value: (p) => p.organisation },
      { label: t('federation.created'), value: (p) => fmtDateTime(p.createdAt) },
      { label: t('federation.status'), value: (p) => (p.revokedAt ? t('federation.revoked') : t('federation.active')) },
    ], peers, { empty: t('federation.noPeers') }),
    manage ? peerForm() : ''));

  main.append(section(t('federation.subscriptions'),
    table([
      { label: t('federation.list'), value: (s) => `${listName[String(s.localListId)] || s.localListId}` },
      { label: t('federation.publisher'), value: (s) => `${s.publisherUrl} · ${t('federation.remoteList')} ${s.remoteListId}` },
      { label: t('federation.transport'), value: (s) => (s.transport === 'kafka'
        ? t('federation.transportKafka', { topic: s.kafkaTopic || '' }) : t('federation.transportHttp')) },
      { label: t('federation.version'), value: (s) => String(s.version), class: 'num' },
      { label: t('federation.lastSync'), value: (s) => (s.lastSyncAt ? fmtDateTime(s.lastSyncAt) : '—') },
      { label: t('federation.lastError'), value: (s) => (s.lastError ? h('span', { class: 'badge warn' }, s.lastError) : t('federation.ok')) },
      { label: '', value: (s) => (manage ? syncButton(s) : '') },
    ], subscriptions, { empty: t('federation.noSubscriptions') }),
    manage ? subscribeForm() : ''));

  if (app.can('VIEW_HITS')) {
    main.append(section(t('federation.hits'), table([
      { label: t('federation.time'), value: (x) => fmtDateTime(x.time) },
      { label: t('federation.region'), value: (x) => `${x.region} (${x.peer})` },
      { label: t('federation.plate'), value: (x) => plate(x.plate, x.country, x.hit?.display) },
      { label: t('federation.camera'), value: (x) => x.camera },
      { label: t('federation.list'), value: (x) => (x.listId == null
        ? t('federation.sharedHit', { list: x.hit?.listName || '' }) : listName[String(x.listId)] || String(x.listId)) },
    ], hits, { empty: t('federation.noHits') })));
  }

  if (app.can('VIEW_STATS')) {
    main.append(section(t('federation.sharedPassages'), h('p', { class: 'hint' }, t('federation.sharedPassagesHint')), table([
      { label: t('federation.region'), value: (r) => `${r.region} (${r.peer})` },
      { label: t('federation.passages'), value: (r) => String(r.passages), class: 'num' },
      { label: t('federation.observed'), value: (r) => `${fmtDateTime(r.first)} – ${fmtDateTime(r.last)}` },
      { label: t('federation.lastSync'), value: (r) => fmtDateTime(r.lastReceived) },
    ], regions, { empty: t('federation.noSharedPassages') })));
  }

  function reload() {
    clear(main);
    return render(main, app);
  }

  function publishForm(candidates) {
    const sel = h('select', { name: 'listId', id: 'federation-publish-list' },
      ...candidates.map((l) => h('option', { value: l.id }, `${l.name} (${l.id})`)));
    const out = h('div', { 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit' }, t('federation.publish'));
    const form = h('form', { class: 'card', id: 'federation-publish' }, h('div', { class: 'form-grid' }, field(t('federation.list'), sel)),
      h('div', { class: 'actions-row' }, submit), out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      busy(submit, api('/api/v1/federation/publications', { method: 'POST', json: { listId: Number(sel.value) } })
        .then(reload).catch((err) => { clear(out).append(message('error', err.message)); }));
    });
    return candidates.length ? form : '';
  }

  function peerForm() {
    const name = h('input', { name: 'name', required: true, id: 'federation-peer-name' });
    const out = h('div', { 'aria-live': 'polite', id: 'federation-peer-out' });
    const submit = h('button', { type: 'submit' }, t('federation.addPeer'));
    const form = h('form', { class: 'card', id: 'federation-peer' }, h('div', { class: 'form-grid' }, field(t('federation.peerName'), name, t('federation.peerHint'))),
      h('div', { class: 'actions-row' }, submit), out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      busy(submit, api('/api/v1/federation/peers', { method: 'POST', json: { name: name.value } })
        .then((p) => { clear(out).append(message('ok', t('federation.tokenOnce')), h('code', { id: 'federation-peer-token' }, p.token)); })
        .catch((err) => { clear(out).append(message('error', err.message)); }));
    });
    return form;
  }

  function subscribeForm() {
    const f = {
      publisherUrl: h('input', { name: 'publisherUrl', type: 'url', required: true, id: 'federation-sub-url', placeholder: 'https://' }),
      token: h('input', { name: 'token', required: true, id: 'federation-sub-token', autocomplete: 'off' }),
      remoteListId: h('input', { name: 'remoteListId', type: 'number', min: 1, required: true, id: 'federation-sub-list' }),
      transport: h('select', { name: 'transport', id: 'federation-sub-transport' },
        h('option', { value: 'http' }, t('federation.transportHttp')), h('option', { value: 'kafka' }, t('federation.transportShortKafka'))),
    };
    const out = h('div', { 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit' }, t('federation.subscribe'));
    const form = h('form', { class: 'card', id: 'federation-subscribe' }, h('div', { class: 'form-grid' },
      field(t('federation.publisher'), f.publisherUrl), field(t('federation.token'), f.token), field(t('federation.remoteList'), f.remoteListId),
      field(t('federation.transport'), f.transport, t('federation.transportHint'))),
      h('div', { class: 'actions-row' }, submit), out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      busy(submit, api('/api/v1/federation/subscriptions', { method: 'POST',
        json: { publisherUrl: f.publisherUrl.value, token: f.token.value, remoteListId: Number(f.remoteListId.value),
          transport: f.transport.value } })
        .then(reload).catch((err) => { clear(out).append(message('error', err.message)); }));
    });
    return form;
  }

  function syncButton(s) {
    const b = h('button', { type: 'button', class: 'secondary', 'data-sync': s.id }, t('federation.sync'));
    b.addEventListener('click', () => busy(b, api(`/api/v1/federation/subscriptions/${s.id}/sync`, { method: 'POST', json: {} }).then(reload)));
    return b;
  }
}
