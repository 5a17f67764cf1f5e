// A passage search, or an analysis that is one in law, as the pages run it: the answer, or null once the page was
// shown why not — the approval panel when a second person must approve first, else the error.
import { api, qs, ApiError } from './api.js';
import { message } from './dom.js';

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
