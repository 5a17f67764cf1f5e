// Plate recognition: upload a photo, see the plates OpenANPR reads in it, their boxes drawn on the image, and the
// ranked candidates. The image goes to POST /api/v1/recognize and is not stored (the recognition is audited).
import { api } from '../api.js';
import { t, fmtPercent } from '../i18n.js';
import { h, clear, field, section, table, message, busy, plate } from '../dom.js';

export async function render(main) {
  const file = h('input', { type: 'file', name: 'image', id: 'recognize-file', accept: 'image/jpeg,image/png,image/bmp,image/gif,image/webp', required: true });
  const submit = h('button', { type: 'submit', id: 'recognize-submit' }, t('recognize.read'));
  const out = h('div', { id: 'recognize-out', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'recognize-form' },
    h('p', t('recognize.intro')),
    h('div', { class: 'form-grid' }, field(t('recognize.image'), file, t('recognize.imageHint'))),
    h('div', { class: 'actions-row' }, submit));
  main.append(h('div', { class: 'page-head' }, h('h1', t('page.recognize'))), form, out);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = file.files[0];
    if (!chosen) return;
    busy(submit, show(chosen));
  });

  async function show(chosen) {
    clear(out);
    let result;
    try {
      result = await api('/api/v1/recognize?candidates=10', { method: 'POST', body: chosen, contentType: chosen.type || 'application/octet-stream' });
    } catch (err) {
      out.append(message('error', err.message));
      return;
    }
    const best = result.plate;
    out.append(best
      ? message('ok', t('recognize.found', { plate: best.display, confidence: fmtPercent(best.confidence) }))
      : message('warn', t('recognize.none')));
    const canvas = h('canvas', { id: 'recognize-canvas', class: 'recognize-canvas', role: 'img',
      'aria-label': best ? t('recognize.canvasLabel', { plate: best.display }) : t('recognize.none') });
    out.append(section(t('recognize.picture'), canvas,
      h('p', { class: 'hint' }, t('recognize.timing', { width: result.width, height: result.height, boxes: result.textBoxes, millis: Math.round(result.millis) }))));
    draw(canvas, chosen, result.plates);
    out.append(section(t('recognize.candidates'), table([
      { label: '#', value: (c) => String(result.candidates.indexOf(c) + 1), class: 'num' },
      { label: t('recognize.plate'), value: (c) => plate(c.plate, c.country, c.display) },
      { label: t('recognize.country'), value: (c) => c.country || '' },
      { label: t('recognize.format'), value: (c) => (c.format === 'generic' ? t('recognize.generic') : c.format) },
      { label: t('recognize.confidence'), value: (c) => fmtPercent(c.confidence), class: 'num' },
      { label: t('recognize.box'), value: (c) => `${c.box.x}, ${c.box.y}, ${c.box.w}×${c.box.h}` },
    ], result.candidates, { empty: t('recognize.none'), rowClass: (c) => (best && c.plate === best.plate ? 'recognize-best' : null) })));
  }
}

/** The image on a canvas, with each plate's box drawn over it (a canvas, as the page may set no inline styles). */
function draw(canvas, blob, plates) {
  const img = new Image();
  const url = URL.createObjectURL(blob);
  img.onload = () => {
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    g.lineWidth = Math.max(2, img.naturalWidth / 300);
    g.font = `bold ${Math.max(14, img.naturalWidth / 40)}px sans-serif`;
    plates.forEach((p, i) => {
      g.strokeStyle = i === 0 ? '#00c853' : '#ffab00';
      g.strokeRect(p.box.x, p.box.y, p.box.w, p.box.h);
      g.fillStyle = g.strokeStyle;
      g.fillText(p.display, p.box.x, Math.max(16, p.box.y - 6));
    });
    URL.revokeObjectURL(url);
    canvas.dataset.drawn = String(plates.length);
  };
  img.src = url;
}
