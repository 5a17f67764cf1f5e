// Live hits: the open hits, and every new one pushed over Server-Sent Events without a reload, with the list's
// instruction, the plate image, a sound and visual alarm, and the acknowledge and outcome controls. Clone alerts
// (one plate where one vehicle cannot have been) come over the same stream as `clone` events and are shown apart,
// with both sightings and the speed the journey would need; the last day's are loaded when the page opens.
import { api, qs } from '../api.js';
import { t, tOpt, fmtTime, fmtDateTime, fmtNumber, fmtMoney } from '../i18n.js';
import { h, append, clear, field, select, message, plate, busy } from '../dom.js';

/** A hit's plate as written on it. */
const shown = (hit) => hit.display || hit.plate;
/** Cards kept on the page: a shift of alerts must not grow it without end. The oldest, closed ones first, go. */
const MAX_CARDS = 200;
/** Clone alerts kept on the page, the newest; the investigations page lists them all. */
const MAX_CLONES = 20;
const DAY = 86400_000;
const OUTCOMES = ['STOPPED_CHECKED', 'FINE_PAID', 'ARREST', 'VEHICLE_SEIZED', 'NOT_STOPPED', 'MISREAD'];
const SOUND_KEY = 'anpr.sound';

let audio = null;
function beep() {
  try {
    audio = audio || new AudioContext();
    const now = audio.currentTime;
    for (let i = 0; i < 3; i++) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'square';
      osc.frequency.value = i % 2 ? 660 : 880;
      gain.gain.setValueAtTime(0.15, now + i * 0.22);
      gain.gain.exponentialRampToValueAtTime(0.001, now + i * 0.22 + 0.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.22);
      osc.stop(now + i * 0.22 + 0.2);
    }
  } catch (e) {
    // no audio device: the visual alarm remains
  }
}

export async function render(main, app) {
  const canHandle = app.can('HANDLE_HITS');
  const conn = h('span', { class: 'conn badge off', role: 'status' }, t('live.connecting'));
  let soundOn = localStorage.getItem(SOUND_KEY) === '1';
  const soundBtn = h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(soundOn), id: 'sound-toggle' });
  const setSoundLabel = () => { soundBtn.textContent = soundOn ? t('live.soundOn') : t('live.soundOff'); };
  setSoundLabel();
  soundBtn.addEventListener('click', () => {
    soundOn = !soundOn;
    localStorage.setItem(SOUND_KEY, soundOn ? '1' : '0');
    soundBtn.setAttribute('aria-pressed', String(soundOn));
    setSoundLabel();
    if (soundOn) beep();
  });
  const filter = select('status', [['open', t('live.showOpen')], ['', t('live.showAll')]], 'open');
  filter.id = 'live-filter';
  const banner = h('div', { class: 'alarm-banner', hidden: true, id: 'alarm' });
  const list = h('div', { class: 'hits', id: 'hits' });
  const count = h('span', { class: 'muted', id: 'hit-count' });
  const cloneList = h('div', { class: 'hits', id: 'clone-alerts' });
  const cloneBox = h('section', { id: 'clones', 'aria-labelledby': 'clones-h', hidden: true },
    h('div', { class: 'page-head' }, h('h2', { id: 'clones-h' }, t('live.clones')),
      h('a', { href: '#/investigations/clones', id: 'clones-all' }, t('live.cloneList'))),
    cloneList);

  main.append(
    h('div', { class: 'page-head' }, h('h1', t('page.live')), conn,
      h('div', { class: 'actions-row' }, h('label', { for: 'live-filter', class: 'sr-only' }, t('live.filter')), filter, soundBtn)),
    banner, cloneBox, count, list);

  const cards = new Map();

  function updateCount() {
    const open = [...cards.values()].filter((c) => !c.classList.contains('closed')).length;
    count.textContent = t('live.count', { open, shown: cards.size });
    if (!cards.size && !list.querySelector('.empty')) list.append(h('p', { class: 'empty' }, t('live.none')));
    if (cards.size) list.querySelector('.empty')?.remove();
  }

  function card(hit, plateImage) {
    const closed = !!hit.outcome;
    const el = h('article', {
      class: ['hit', hit.priority >= 80 ? 'prio-high' : null, closed ? 'closed' : null],
      'data-hit-id': hit.id, 'data-plate': hit.plate, 'aria-labelledby': `hit-${hit.id}-h`,
    });
    const img = plateImage
      ? h('img', { src: `data:image/jpeg;base64,${plateImage}`, alt: t('hit.plateImageAlt', { plate: shown(hit) }) })
      : hit.hasImages ? h('img', { src: `/api/v1/hits/${hit.id}/images/plate`, alt: t('hit.plateImageAlt', { plate: shown(hit) }), loading: 'lazy' }) : null;
    append(el, [
      h('div', { class: 'hit-head' },
        h('h2', { id: `hit-${hit.id}-h`, class: 'sr-only' }, t('live.hitFor', { plate: shown(hit), list: hit.listName })),
        plate(hit.plate, hit.country, hit.display),
        h('span', { class: 'hit-list' }, hit.listName),
        h('span', { class: 'badge info' }, tOpt(`category.${hit.category}`, hit.category)),
        hit.matchKind === 'FUZZY' ? h('span', { class: 'badge warn', title: t('hit.fuzzyTitle') }, t('hit.fuzzy', { plate: hit.entryDisplay || hit.entryPlate })) : null,
        hit.historical ? h('span', { class: 'badge off' }, t('hit.historical')) : null),
      h('p', { class: 'hit-meta' }, `${fmtDateTime(hit.time)} · ${t('hit.camera')} ${hit.camera} · ${hit.country || '?'} · ${t('hit.confidence')} ${fmtNumber(hit.confidence * 100)}%`),
      h('p', { class: 'instruction' }, h('span', { class: 'sr-only' }, `${t('hit.instruction')}: `), hit.instruction),
      h('dl', { class: 'facts' },
        hit.entryReason ? [h('dt', t('hit.reason')), h('dd', hit.entryReason)] : null,
        hit.entryAmount != null ? [h('dt', t('hit.amount')), h('dd', fmtMoney(hit.entryAmount))] : null,
        [h('dt', t('hit.priority')), h('dd', String(hit.priority))]),
      img || hit.hasImages ? h('div', { class: 'hit-images' }, img,
        hit.hasOverview ? h('a', { href: `/api/v1/hits/${hit.id}/images/overview`, target: '_blank', rel: 'noopener' }, t('hit.overview')) : null) : null,
      status(hit)]);
    return el;
  }

  function status(hit) {
    const box = h('div', { class: 'hit-status' });
    if (hit.outcome) {
      box.append(h('p', h('span', { class: 'badge ok' }, t(`outcome.${hit.outcome}`)), ' ',
        h('span', { class: 'muted' }, t('hit.outcomeBy', { who: hit.outcomeBy || '?', time: fmtTime(hit.outcomeAt) })),
        hit.outcomeAmount != null ? ` · ${fmtMoney(hit.outcomeAmount)}` : '', hit.outcomeNote ? ` · ${hit.outcomeNote}` : ''));
      return box;
    }
    if (hit.acknowledgedBy) {
      box.append(h('p', { class: 'muted' }, t('hit.acknowledgedBy', { who: hit.acknowledgedBy, time: fmtTime(hit.acknowledgedAt) })));
    }
    if (!canHandle) return box;
    const row = h('div', { class: 'actions-row' });
    if (!hit.acknowledgedBy) {
      const ack = h('button', { type: 'button', class: 'secondary', 'data-action': 'acknowledge' }, t('hit.acknowledge'));
      ack.addEventListener('click', () => busy(ack, act(hit.id, () => api(`/api/v1/hits/${hit.id}/acknowledge`, { method: 'POST' }))));
      row.append(ack);
    }
    box.append(row, outcomeForm(hit));
    return box;
  }

  function outcomeForm(hit) {
    const outcome = select('outcome', [['', t('hit.chooseOutcome')], ...OUTCOMES.map((o) => [o, t(`outcome.${o}`)])], '');
    outcome.required = true;
    const amount = h('input', { name: 'amount', type: 'number', min: '0', step: '0.01', inputmode: 'decimal', value: hit.entryAmount ?? '' });
    const note = h('input', { name: 'note', maxlength: '500' });
    const amountField = field(t('hit.amountPaid'), amount);
    amountField.hidden = true;
    const err = h('div', { 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit' }, t('hit.record'));
    outcome.addEventListener('change', () => {
      amountField.hidden = outcome.value !== 'FINE_PAID';
      amount.required = outcome.value === 'FINE_PAID';
      note.required = outcome.value === 'NOT_STOPPED';
    });
    const form = h('form', { class: 'outcome-form', 'data-form': 'outcome' },
      h('div', { class: 'form-grid' }, field(t('hit.outcome'), outcome), amountField, field(t('hit.note'), note, t('hit.noteHint'))),
      h('div', { class: 'actions-row' }, submit), err);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      err.replaceChildren();
      const body = { outcome: outcome.value, note: note.value || null };
      if (outcome.value === 'FINE_PAID') body.amount = Number(amount.value);
      busy(submit, act(hit.id, () => api(`/api/v1/hits/${hit.id}/outcome`, { method: 'POST', json: body }), err));
    });
    return form;
  }

  async function act(id, call, errBox) {
    try {
      const updated = await call();
      const old = cards.get(id);
      const fresh = card(updated);
      cards.set(id, fresh);
      old.replaceWith(fresh);
      app.announce(updated.outcome ? t('hit.recorded', { plate: shown(updated) }) : t('hit.acknowledged', { plate: shown(updated) }));
      fresh.querySelector('button, select')?.focus();
      updateCount();
    } catch (e) {
      const box = errBox || cards.get(id);
      box.append(message('error', e.message));
    }
  }

  function add(hit, plateImage, isNew) {
    if (cards.has(hit.id)) return; // a hit sent again after a reconnect is shown once
    const el = card(hit, plateImage);
    cards.set(hit.id, el);
    if (isNew) {
      el.classList.add('new');
      list.prepend(el);
    } else list.append(el);
    trim();
    updateCount();
  }

  /** Keeps at most MAX_CARDS: drops the oldest closed hits first, then the oldest; the page is no archive. */
  function trim() {
    while (cards.size > MAX_CARDS) {
      const all = [...list.querySelectorAll('article.hit')];
      const victim = all.reverse().find((el) => el.classList.contains('closed')) || all[0];
      cards.delete(victim.dataset.hitId);
      victim.remove();
    }
  }

  const clones = new Map();
  const sighting = (e) => `${fmtDateTime(e.time)} · ${t('hit.camera')} ${e.camera}${e.vehicle ? ` · ${e.vehicle}` : ''}`;

  /** A clone alert: the plate, both sightings, and what makes them one plate on two vehicles. */
  function cloneCard(s) {
    const shownPlate = s.display || s.plate;
    const speed = s.neededKmh != null
      ? t('live.cloneSpeed', { kmh: fmtNumber(s.neededKmh), km: fmtNumber(s.metres / 1000, 1), min: fmtNumber(s.seconds / 60) })
      : null;
    return h('article', { class: ['hit', 'clone-alert', 'prio-high'], 'data-clone-id': s.id, 'data-plate': s.plate, 'aria-labelledby': `clone-${s.id}-h` },
      h('div', { class: 'hit-head' },
        h('h3', { id: `clone-${s.id}-h`, class: 'sr-only' }, t('live.cloneFor', { plate: shownPlate })),
        plate(s.plate, s.country, s.display),
        h('span', { class: 'badge error' }, t('live.clone')),
        ...s.reasons.map((r) => h('span', { class: 'badge warn' }, t(`investigations.reason.${r}`)))),
      speed ? h('p', { class: 'instruction clone-speed' }, speed) : null,
      h('dl', { class: 'facts' },
        h('dt', t('investigations.first')), h('dd', { class: 'clone-first' }, sighting(s.first)),
        h('dt', t('investigations.second')), h('dd', { class: 'clone-second' }, sighting(s.second)),
        s.description ? [h('dt', t('investigations.evidence')), h('dd', s.description)] : null,
        s.calculation ? [h('dt', t('live.cloneCalculation')), h('dd', s.calculation)] : null));
  }

  function addClone(s, isNew) {
    if (clones.has(s.id)) return; // sent again after a reconnect, or loaded and then pushed: shown once
    const el = cloneCard(s);
    clones.set(s.id, el);
    if (isNew) {
      el.classList.add('new');
      cloneList.prepend(el);
    } else cloneList.append(el);
    while (clones.size > MAX_CLONES) {
      const oldest = cloneList.lastElementChild;
      clones.delete(Number(oldest.dataset.cloneId));
      oldest.remove();
    }
    cloneBox.hidden = false;
  }

  async function loadClones() {
    try {
      const recent = await api('/api/v1/investigations/clones' + qs({ from: new Date(Date.now() - DAY).toISOString(), limit: MAX_CLONES }));
      for (const s of recent) addClone(s, false);
    } catch (e) {
      cloneBox.hidden = false;
      cloneBox.append(message('error', e.message));
    }
  }

  async function loadList() {
    const hits = await api('/api/v1/hits' + qs({ status: filter.value, limit: 60 }));
    cards.clear();
    clear(list);
    for (const hit of hits) add(hit, null, false);
    updateCount();
  }
  filter.addEventListener('change', loadList);
  await Promise.all([loadList(), loadClones()]);

  let source = null;
  let retry = null;
  let closed = false;
  // The id of the last alert received (a hit's, or a clone alert's "clone-17"). The browser sends it (Last-Event-ID) when it reconnects by itself; a new
  // EventSource after a closed one names it in the URL, so the server sends the hits missed meanwhile.
  let lastEventId = null;
  function connect() {
    source = new EventSource('/api/v1/alerts/stream' + qs({ lastEventId }), { withCredentials: true });
    source.addEventListener('open', () => {
      conn.textContent = t('live.connected');
      conn.className = 'conn badge ok';
    });
    source.addEventListener('hit', (ev) => {
      if (ev.lastEventId) lastEventId = ev.lastEventId;
      const alert = JSON.parse(ev.data);
      const hit = alert.hit;
      add(hit, alert.plateImageBase64, true);
      banner.hidden = false;
      banner.textContent = t('live.alarm', { plate: shown(hit), list: hit.listName, camera: hit.camera });
      banner.classList.remove('flash');
      void banner.offsetWidth; // restart the animation
      banner.classList.add('flash');
      app.announce(t('live.alarm', { plate: shown(hit), list: hit.listName, camera: hit.camera }) + '. ' + hit.instruction);
      if (soundOn) beep();
    });
    source.addEventListener('clone', (ev) => {
      if (ev.lastEventId) lastEventId = ev.lastEventId;
      const s = JSON.parse(ev.data);
      addClone(s, true);
      const text = t('live.cloneAlarm', { plate: s.display || s.plate, first: s.first.camera, second: s.second.camera });
      banner.hidden = false;
      banner.textContent = text;
      banner.classList.remove('flash');
      void banner.offsetWidth; // restart the animation
      banner.classList.add('flash');
      app.announce(text);
      if (soundOn) beep();
    });
    source.addEventListener('error', () => {
      if (closed) return;
      conn.textContent = t('live.reconnecting');
      conn.className = 'conn badge warn';
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        retry = setTimeout(connect, 5000);
      }
    });
  }
  connect();

  return () => {
    closed = true;
    clearTimeout(retry);
    if (source) source.close();
  };
}
