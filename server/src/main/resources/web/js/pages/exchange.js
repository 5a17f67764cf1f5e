// Cross-border exchange: the organisation's exchange agreements with authorities abroad (an administrator keeps them),
// sending hits or list entries as an exchange document, taking in a document received, and what was exchanged.
import { api, qs } from '../api.js';
import { t, fmtDateTime } from '../i18n.js';
import { h, clear, field, section, table, message, busy, plate, select, downloadText } from '../dom.js';

export async function render(main, app) {
  const admin = app.can('MANAGE_SHARING');
  const sendsEntries = app.can('MANAGE_LISTS');
  const sendsHits = sendsEntries && app.can('VIEW_HITS');
  const [agreements, documents, lists, hits] = await Promise.all([
    api('/api/v1/exchange/agreements'),
    app.can('VIEW_HITS') || app.can('VIEW_LISTS') ? api('/api/v1/exchange/documents') : [],
    sendsEntries ? api('/api/v1/lists') : [],
    sendsHits ? api('/api/v1/hits' + qs({ limit: 30 })).catch(() => []) : []]);
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.exchange'))), h('p', { class: 'hint' }, t('exchange.intro')));

  main.append(section(t('exchange.agreements'),
    table([
      { label: t('exchange.partner'), value: (a) => `${a.partnerName} (${a.partnerAuthority}, ${a.partnerCountry})` },
      { label: t('exchange.ownAuthority'), value: (a) => a.ownAuthority },
      { label: t('exchange.direction'), value: (a) => t(`exchange.dir.${a.direction}`) },
      { label: t('exchange.kinds'), value: (a) => a.kinds.map((k) => t(`exchange.kind.${k}`)).join(', ') },
      { label: t('exchange.legalBasis'), value: (a) => a.legalBasis },
      { label: t('exchange.valid'), value: (a) => `${fmtDateTime(a.from)} – ${fmtDateTime(a.until)}` },
      { label: t('exchange.status'), value: (a) => h('span', { class: a.status === 'ACTIVE' ? 'badge ok' : 'badge warn' }, t(`exchange.st.${a.status}`)) },
      { label: t('exchange.signed'), value: (a) => (a.signed ? t('exchange.signedYes') : t('exchange.signedNo')) },
      { label: '', value: (a) => (admin && a.status !== 'REVOKED' && a.status !== 'EXPIRED' ? revokeButton(a) : '') },
    ], agreements, { empty: t('exchange.noAgreements') }),
    admin ? agreementForm() : ''));

  const sendable = agreements.filter((a) => a.status === 'ACTIVE' && a.direction !== 'RECEIVE');
  if (sendsHits || sendsEntries) main.append(section(t('exchange.send'), sendForm(sendable)));
  if (sendsHits || sendsEntries) main.append(section(t('exchange.receive'), receiveForm()));

  main.append(section(t('exchange.documents'), table([
    { label: t('exchange.at'), value: (d) => fmtDateTime(d.at) },
    { label: t('exchange.way'), value: (d) => t(`exchange.way.${d.direction}`) },
    { label: t('exchange.kind'), value: (d) => t(`exchange.kind.${d.kind}`) },
    { label: t('exchange.partner'), value: (d) => (d.direction === 'SENT' ? d.recipient : d.sender) },
    { label: t('exchange.legalBasis'), value: (d) => d.legalBasis },
    { label: t('exchange.items'), value: (d) => String(d.items), class: 'num' },
    { label: t('exchange.by'), value: (d) => d.by },
    { label: '', value: (d) => showButton(d) },
  ], documents, { empty: t('exchange.noDocuments') }), h('div', { id: 'exchange-view', 'aria-live': 'polite' })));

  function reload() {
    clear(main);
    return render(main, app);
  }

  function agreementForm() {
    const f = {
      partnerName: h('input', { name: 'partnerName', required: true, id: 'exchange-partner-name', placeholder: 'Federale Gerechtelijke Politie Antwerpen' }),
      partnerAuthority: h('input', { name: 'partnerAuthority', required: true, id: 'exchange-partner', placeholder: 'BE-FGP-ANTWERPEN' }),
      partnerCountry: h('input', { name: 'partnerCountry', required: true, id: 'exchange-partner-country', placeholder: 'BE', maxlength: 2 }),
      ownAuthority: h('input', { name: 'ownAuthority', required: true, id: 'exchange-own', placeholder: 'NL-POLITIE-LE' }),
      ownCountry: h('input', { name: 'ownCountry', required: true, id: 'exchange-own-country', value: 'NL', maxlength: 2 }),
      direction: select('direction', ['SEND', 'RECEIVE', 'BOTH'].map((d) => [d, t(`exchange.dir.${d}`)]), 'BOTH'),
      hits: h('input', { type: 'checkbox', id: 'exchange-kind-hits', checked: true }),
      entries: h('input', { type: 'checkbox', id: 'exchange-kind-entries' }),
      legalBasis: h('input', { name: 'legalBasis', required: true, id: 'exchange-basis', placeholder: 'Benelux-politieverdrag 2018, art. 17' }),
      until: h('input', { name: 'until', type: 'date', required: true, id: 'exchange-until' }),
      sharedKey: h('input', { name: 'sharedKey', id: 'exchange-key', autocomplete: 'off', placeholder: 'openssl rand -base64 32' }),
    };
    f.direction.id = 'exchange-direction';
    const out = h('div', { 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit' }, t('exchange.addAgreement'));
    const form = h('form', { class: 'card', id: 'exchange-agreement' }, h('div', { class: 'form-grid' },
      field(t('exchange.partnerName'), f.partnerName), field(t('exchange.partnerAuthority'), f.partnerAuthority, t('exchange.authorityHint')),
      field(t('exchange.partnerCountry'), f.partnerCountry), field(t('exchange.ownAuthority'), f.ownAuthority),
      field(t('exchange.ownCountry'), f.ownCountry), field(t('exchange.direction'), f.direction),
      field(t('exchange.kind.HITS'), f.hits), field(t('exchange.kind.LIST_ENTRIES'), f.entries),
      field(t('exchange.legalBasis'), f.legalBasis), field(t('exchange.until'), f.until),
      field(t('exchange.sharedKey'), f.sharedKey, t('exchange.sharedKeyHint'))),
    h('div', { class: 'actions-row' }, submit), out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const kinds = [f.hits.checked ? 'HITS' : null, f.entries.checked ? 'LIST_ENTRIES' : null].filter(Boolean);
      busy(submit, api('/api/v1/exchange/agreements', { method: 'POST', json: {
        partnerName: f.partnerName.value, partnerAuthority: f.partnerAuthority.value.trim().toUpperCase(),
        partnerCountry: f.partnerCountry.value.trim().toUpperCase(), ownAuthority: f.ownAuthority.value.trim().toUpperCase(),
        ownCountry: f.ownCountry.value.trim().toUpperCase(), direction: f.direction.value, kinds, legalBasis: f.legalBasis.value,
        until: f.until.value ? new Date(f.until.value + 'T00:00:00Z').toISOString() : null, sharedKey: f.sharedKey.value || null } })
        .then(reload).catch((err) => { clear(out).append(message('error', err.message)); }));
    });
    return form;
  }

  function revokeButton(a) {
    const b = h('button', { type: 'button', class: 'secondary', 'data-revoke': a.id }, t('exchange.revoke'));
    b.addEventListener('click', () => busy(b, api(`/api/v1/exchange/agreements/${a.id}/revoke`, { method: 'POST', json: {} }).then(reload)));
    return b;
  }

  function sendForm(sendable) {
    if (!sendable.length) return h('p', { class: 'empty' }, t('exchange.noSendable'));
    const agreement = select('agreementId', sendable.map((a) => [a.id, `${a.partnerName} (${a.partnerAuthority}) · ${a.legalBasis}`]));
    agreement.id = 'exchange-send-agreement';
    const kinds = [sendsHits ? 'HITS' : null, sendsEntries ? 'LIST_ENTRIES' : null].filter(Boolean);
    const kind = select('kind', kinds.map((k) => [k, t(`exchange.kind.${k}`)]));
    kind.id = 'exchange-send-kind';
    const purpose = h('input', { name: 'purpose', required: true, id: 'exchange-send-purpose' });
    const reference = h('input', { name: 'reference', id: 'exchange-send-reference' });
    const hitBoxes = hits.map((x) => h('label', { class: 'check' }, h('input', { type: 'checkbox', value: x.id, 'data-hit': x.id }), ' ',
      plate(x.plate, x.country, x.display), ` ${fmtDateTime(x.time)} · ${x.camera} · ${x.listName}`));
    const hitPart = h('div', { id: 'exchange-send-hits' }, hitBoxes.length ? hitBoxes : h('p', { class: 'empty' }, t('exchange.noHits')));
    const list = select('listId', lists.map((l) => [l.id, `${l.name} (${l.id})`]));
    list.id = 'exchange-send-list';
    const plates = h('input', { name: 'plates', id: 'exchange-send-plates', placeholder: '1ABC234, 2DEF345' });
    const entryPart = h('div', { class: 'form-grid', hidden: true }, field(t('exchange.list'), list), field(t('exchange.plates'), plates, t('exchange.platesHint')));
    kind.addEventListener('change', () => { hitPart.hidden = kind.value !== 'HITS'; entryPart.hidden = kind.value === 'HITS'; });
    if (kind.value !== 'HITS') { hitPart.hidden = true; entryPart.hidden = false; }
    const out = h('div', { 'aria-live': 'polite', id: 'exchange-send-out' });
    const submit = h('button', { type: 'submit' }, t('exchange.makeDocument'));
    const form = h('form', { class: 'card', id: 'exchange-send' }, h('div', { class: 'form-grid' },
      field(t('exchange.agreement'), agreement), field(t('exchange.kind'), kind), field(t('exchange.purpose'), purpose),
      field(t('exchange.reference'), reference)), hitPart, entryPart, h('div', { class: 'actions-row' }, submit), out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const json = { agreementId: Number(agreement.value), kind: kind.value, purpose: purpose.value, reference: reference.value || null };
      if (kind.value === 'HITS') json.hitIds = [...hitPart.querySelectorAll('input[data-hit]:checked')].map((c) => c.value);
      else {
        json.listId = Number(list.value);
        json.plates = plates.value.split(/[\s,;]+/).filter(Boolean);
      }
      busy(submit, api('/api/v1/exchange/exports', { method: 'POST', json }).then((doc) => {
        const text = JSON.stringify(doc, null, 2);
        const save = h('button', { type: 'button', class: 'secondary' }, t('exchange.download'));
        save.addEventListener('click', () => downloadText(text, `exchange-${doc.id}.json`, 'application/json'));
        clear(out).append(message('ok', t('exchange.made', { partner: doc.recipient.authority })), save,
          h('pre', { id: 'exchange-doc', class: 'code' }, text));
      }).catch((err) => { clear(out).append(message('error', err.message)); }));
    });
    return form;
  }

  function receiveForm() {
    const file = h('input', { type: 'file', accept: 'application/json,.json', id: 'exchange-receive-file' });
    const text = h('textarea', { id: 'exchange-receive-text', rows: 6, spellcheck: false });
    file.addEventListener('change', () => { if (file.files[0]) file.files[0].text().then((s) => { text.value = s; }); });
    const list = select('listId', [['', '—'], ...lists.map((l) => [l.id, `${l.name} (${l.id})`])]);
    list.id = 'exchange-receive-list';
    const out = h('div', { 'aria-live': 'polite', id: 'exchange-receive-out' });
    const submit = h('button', { type: 'submit' }, t('exchange.takeIn'));
    const form = h('form', { class: 'card', id: 'exchange-receive' }, h('div', { class: 'form-grid' },
      field(t('exchange.file'), file), field(t('exchange.paste'), text), sendsEntries ? field(t('exchange.intoList'), list, t('exchange.intoListHint')) : ''),
    h('div', { class: 'actions-row' }, submit), out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      busy(submit, api('/api/v1/exchange/imports' + qs({ listId: list.value }), { method: 'POST', body: text.value, contentType: 'application/json' })
        .then((r) => {
          clear(out).append(message('ok', t('exchange.takenIn', { items: r.items, sender: r.sender })));
          setTimeout(reload, 1500);
        })
        .catch((err) => { clear(out).append(message('error', err.message)); }));
    });
    return form;
  }

  function showButton(d) {
    const b = h('button', { type: 'button', class: 'secondary', 'data-document': d.id }, t('exchange.show'));
    b.addEventListener('click', () => busy(b, api(`/api/v1/exchange/documents/${d.id}`).then((doc) => {
      const view = document.getElementById('exchange-view');
      clear(view).append(h('h3', `${t(`exchange.way.${d.direction}`)} · ${doc.legalBasis}`),
        doc.hits ? table([
          { label: t('exchange.plate'), value: (x) => plate(x.plate, x.country) },
          { label: t('exchange.time'), value: (x) => fmtDateTime(x.time) },
          { label: t('exchange.camera'), value: (x) => x.camera },
          { label: t('exchange.list'), value: (x) => x.listName },
          { label: t('exchange.reason'), value: (x) => x.reason || '' },
        ], doc.hits) : table([
          { label: t('exchange.plate'), value: (x) => plate(x.plate, x.country) },
          { label: t('exchange.reason'), value: (x) => x.reason || '' },
        ], doc.entries || []));
    })));
    return b;
  }
}
