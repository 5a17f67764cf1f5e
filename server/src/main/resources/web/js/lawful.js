// A passage search, or an analysis that is one in law, as the pages run it: the answer, or null once the page was
// shown why not — the approval panel when a second person must approve first, else the error.
import { api, qs, ApiError } from './api.js';
import { h, message, busy } from './dom.js';
import { t } from './i18n.js';

export async function lawfulSearch(path, params, out, askApproval) {
  try {
    return await api(path + qs(params));
  } catch (e) {
    if (e instanceof ApiError && e.status === 403 && e.body && e.body.approvalRequired) {
      askApproval(e.body.reasons || [e.message]);
      return null;
    }
    out.append(message('error', e.message));
    return null;
  }
}

// The panel shown instead of an answer when a second person must approve first: the reasons, and a button that files
// the search request (`body`); `filed(request)` says what was filed and may do more (fill in its number, reload a list).
export function approvalPanel(reasons, { id, body, filed }) {
  const note = h('div', { 'aria-live': 'polite' });
  const btn = h('button', { type: 'button', id }, t('search.requestApproval'));
  btn.addEventListener('click', () => busy(btn, (async () => {
    try {
      const r = await api('/api/v1/search-requests', { method: 'POST', json: body });
      note.replaceChildren(message('ok', filed(r)));
      btn.remove();
    } catch (e) {
      note.replaceChildren(message('error', e.message));
    }
  })()));
  return h('section', { class: 'card', 'aria-labelledby': id + '-h' }, h('h2', { id: id + '-h' }, t('search.approvalNeeded')),
    h('ul', reasons.map((r) => h('li', r))), h('p', t('search.approvalText')), h('div', { class: 'actions-row' }, btn), note);
}
