// Small DOM helpers: element building (text only, never HTML), announcements, dialogs, dates.

/** h('td', { class: 'num' }, 'text', child): properties that exist on the element are set as properties. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  let value;
  for (const [name, v] of Object.entries(props ?? {})) {
    if (v == null || v === false) continue;
    if (name === 'class') el.className = v;
    else if (name === 'value') value = v;
    else if (name.startsWith('on') && typeof v === 'function') el.addEventListener(name.slice(2), v);
    else if (typeof v === 'boolean' && name in el) el[name] = v;
    else el.setAttribute(name, v === true ? '' : String(v));
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  if (value !== undefined) el.value = value;
  return el;
}

const $ = (id) => document.getElementById(id);
let toastTimer;

/** A polite announcement for screen readers, also shown briefly on screen. */
export function announce(message) {
  const status = $('status');
  status.textContent = '';
  requestAnimationFrame(() => { status.textContent = message; });
  const toast = $('toast');
  toast.textContent = message;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, 4000);
}

export function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = !message;
}

export const clearError = () => showError('');

/** Runs an action, showing its failure (the API's problem detail) in the alert region. */
export async function attempt(action) {
  clearError();
  try {
    return await action();
  } catch (error) {
    if (error?.status !== 401) showError(error?.message ?? String(error));
    return undefined;
  }
}

/** The Confirm/Cancel dialog; resolves true when confirmed. */
export function confirmDialog({ title, message, confirmLabel = 'Confirm', danger = true }) {
  const dialog = $('confirm-dialog');
  $('confirm-title').textContent = title;
  $('confirm-message').textContent = message;
  const ok = $('confirm-ok');
  ok.textContent = confirmLabel;
  ok.className = danger ? 'danger' : '';
  dialog.returnValue = '';
  const opener = document.activeElement;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(dialog.returnValue === 'confirm');
    }, { once: true });
    dialog.showModal();
  });
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function when(iso, { empty = '—', withTime = true } = {}) {
  if (!iso) return h('span', { class: 'hint' }, empty);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return h('time', { datetime: iso, title: date.toISOString() }, (withTime ? dateTime : dateOnly).format(date));
}

export async function copyText(text, label = 'Copied to the clipboard') {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = h('textarea', { 'aria-hidden': 'true', class: 'offscreen' });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  announce(label);
}

export function badge(text, kind = text) {
  return h('span', { class: `badge ${kind}` }, text);
}

export function chips(values) {
  if (!values?.length) return h('span', { class: 'hint' }, '—');
  return h('span', { class: 'chips' }, values.map((v) => h('span', { class: 'chip' }, v)));
}

/** A table with a caption, a header row and body rows (or an empty-state row). */
export function table(caption, headers, rows, emptyText, { hideCaption = false } = {}) {
  const body = rows.length
    ? rows
    : [h('tr', null, h('td', { class: 'empty', colspan: headers.length }, emptyText))];
  return h('div', { class: 'table-wrap' },
    h('table', null,
      h('caption', { class: hideCaption ? 'visually-hidden' : null }, caption),
      h('thead', null, h('tr', null, headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, body)));
}
