// The admin JSON API (/admin/v1), authenticated with the operator key kept in sessionStorage.
const KeyName = 'scimAdmin.key';

export class ApiError extends Error {
  constructor(status, detail, body) {
    super(detail);
    this.status = status;
    this.body = body;
  }
}

export const session = {
  get key() { return sessionStorage.getItem(KeyName); },
  set key(value) {
    if (value) sessionStorage.setItem(KeyName, value);
    else sessionStorage.removeItem(KeyName);
  },
};

let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

/** Path segments are encoded here: pass them as arguments after the template's parts. */
export function path(strings, ...values) {
  return strings.reduce((out, part, i) => out + part + (i < values.length ? encodeURIComponent(values[i]) : ''), '');
}

export async function api(method, url, body, key = session.key) {
  const headers = { Accept: 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`/admin/v1${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'The service could not be reached.', null);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) {
    const detail = data?.detail || data?.title || `${response.status} ${response.statusText}`.trim();
    const error = new ApiError(response.status, detail, data);
    if (response.status === 401 && key === session.key) onUnauthorized(error);
    throw error;
  }
  return data;
}

export const get = (url) => api('GET', url);
export const post = (url, body) => api('POST', url, body);
export const put = (url, body) => api('PUT', url, body);
export const del = (url) => api('DELETE', url);
