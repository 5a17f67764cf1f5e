// The back office API, called with the session cookie (HttpOnly, set by POST /api/v1/session). Every call carries
// X-Requested-With, which the server demands of cookie-authenticated changes (a CSRF guard).

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.reason || body.error)) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

let unauthorizedHandler = null;
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

export async function api(path, { method = 'GET', json, body, contentType, raw = false } = {}) {
  const headers = { 'X-Requested-With': 'openanpr', Accept: 'application/json' };
  let payload = body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(json);
  } else if (contentType) headers['Content-Type'] = contentType;
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) {
    let b;
    try {
      b = await res.json();
    } catch {
      b = { reason: res.statusText };
    }
    if (res.status === 401 && unauthorizedHandler && !path.startsWith('/api/v1/session')) unauthorizedHandler();
    throw new ApiError(res.status, b);
  }
  if (raw) return res;
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
}

/** Builds a query string from an object, leaving out empty values. */
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? '?' + s : '';
}
