// The tenant's provisioning activity log, newest first, with "Older" paging.
import { get, path } from '../api.js';
import { h, attempt, badge, when, table } from '../ui.js';

export const title = 'Activity log';

const PageSize = 50;

export async function render({ tenant }) {
  const results = h('div', { id: 'activity-results' });
  const pages = [];

  const load = async (before) => {
    const query = new URLSearchParams({ count: String(PageSize) });
    if (before != null) query.set('before', String(before));
    results.setAttribute('aria-busy', 'true');
    const page = await attempt(() => get(`${path`/tenants/${tenant}/activity`}?${query}`));
    results.removeAttribute('aria-busy');
    if (!page) return;
    pages.push(before);
    results.replaceChildren(...draw(page, pages.length > 1, load, () => {
      pages.pop();
      const previous = pages.pop();
      load(previous);
    }));
  };
  await load(undefined);

  return h('div', null,
    h('h1', { tabindex: '-1' }, 'Activity log'),
    h('p', { class: 'lede' }, 'Every provisioning change an identity provider made: when, with which token, what and with which outcome. Sensitive values are masked.'),
    h('div', { class: 'actions start' },
      h('button', { type: 'button', class: 'secondary', onclick: () => { pages.length = 0; load(undefined); } }, 'Newest')),
    h('section', { class: 'card', 'aria-label': 'Activity entries' }, results));
}

function draw(page, hasNewer, load, newer) {
  const entries = page.entries ?? [];
  const rows = entries.map((e) => h('tr', null,
    h('td', null, when(e.time)),
    h('td', null, e.tokenName ?? h('span', { class: 'hint' }, '—')),
    h('td', null, e.operation ?? ''),
    h('td', null, e.resourceType ?? '', e.resourceId ? h('div', { class: 'hint mono' }, e.resourceId) : null),
    h('td', null, outcome(e.status)),
    h('td', null,
      e.scimType ? h('div', null, h('code', null, e.scimType)) : null,
      e.detail ? h('div', null, e.detail) : null,
      changes(e.changes))));
  return [
    table(entries.length ? `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, newest first` : 'No entries', ['Time', 'Token', 'Operation', 'Resource', 'Outcome', 'Details'], rows, 'No activity recorded yet.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', disabled: !hasNewer, onclick: newer }, 'Newer'),
      h('button', { type: 'button', class: 'secondary', disabled: page.nextBefore == null, onclick: () => load(page.nextBefore) }, 'Older')),
  ];
}

function outcome(status) {
  if (status == null) return '';
  const n = Number(status);
  if (Number.isFinite(n)) return badge(String(n), n < 400 ? 'active' : 'revoked');
  const s = String(status);
  return badge(s, /^(ok|success|succeeded)$/i.test(s) ? 'active' : /fail|error|denied|reject/i.test(s) ? 'revoked' : '');
}

function changes(list) {
  if (!list || (Array.isArray(list) && !list.length)) return null;
  const items = Array.isArray(list) ? list : Object.entries(list).map(([k, v]) => ({ attribute: k, value: v }));
  return h('ul', { class: 'urn-list' }, items.map((c) => h('li', null,
    typeof c === 'string' ? c : describe(c))));
}

function describe(change) {
  const name = change.attribute ?? change.path ?? change.name;
  if (!name) return JSON.stringify(change);
  const op = change.op ? `${change.op} ` : '';
  const value = change.value !== undefined ? `: ${typeof change.value === 'string' ? change.value : JSON.stringify(change.value)}` : '';
  return `${op}${name}${value}`;
}
