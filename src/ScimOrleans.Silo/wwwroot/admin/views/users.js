// Users of the tenant with status, kind and effective roles; filter and paging.
import { get, path } from '../api.js';
import { h, attempt, badge, chips, table } from '../ui.js';

export const title = 'Users';

const PageSize = 50;
const state = { filter: '', kind: 'all', startIndex: 1 };

export async function render({ tenant }) {
  const results = h('div', { id: 'users-results' });
  const filter = h('input', { id: 'users-filter', type: 'search', value: state.filter, placeholder: 'e.g. ada or active eq false', spellcheck: 'false', 'aria-describedby': 'users-filter-hint' });
  const kind = h('select', { id: 'users-kind', value: state.kind },
    h('option', { value: 'all' }, 'All kinds'),
    h('option', { value: 'dashboard' }, 'Dashboard users'),
    h('option', { value: 'learner' }, 'Learners'));

  const load = async (startIndex) => {
    state.startIndex = startIndex;
    const query = new URLSearchParams({ kind: state.kind, startIndex: String(startIndex), count: String(PageSize) });
    if (state.filter) query.set('filter', scimFilter(state.filter));
    results.setAttribute('aria-busy', 'true');
    const page = await attempt(() => get(`${path`/tenants/${tenant}/users`}?${query}`));
    results.removeAttribute('aria-busy');
    if (page) results.replaceChildren(...draw(page, startIndex, load));
    return page;
  };

  const form = h('form', { class: 'card', role: 'search', 'aria-label': 'Filter users' },
    h('div', { class: 'row' },
      h('label', { for: 'users-filter' }, 'Filter'), filter,
      h('label', { for: 'users-kind' }, 'Kind'), kind,
      h('button', { type: 'submit' }, 'Search')),
    h('p', { class: 'hint', id: 'users-filter-hint' }, 'A word searches user and display names; anything else is used as a SCIM filter, e.g. userName sw "a" or active eq false.'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.filter = filter.value.trim();
    state.kind = kind.value;
    load(1);
  });

  const first = await load(state.startIndex);
  if (!first && state.startIndex !== 1) await load(1);

  return h('div', null,
    h('h1', { tabindex: '-1' }, 'Users'),
    h('p', { class: 'lede' }, 'Users provisioned into this tenant. Deactivated users are kept and shown as inactive; their roles are suspended.'),
    form,
    h('section', { class: 'card', 'aria-label': 'Users' }, results));
}

/** A single word searches names; anything longer is taken as a SCIM filter. */
function scimFilter(text) {
  if (/\s/.test(text) || text.includes('"')) return text;
  const quoted = JSON.stringify(text);
  return `userName co ${quoted} or displayName co ${quoted}`;
}

function draw(page, startIndex, load) {
  const users = page.users ?? page.resources ?? [];
  const total = page.totalResults ?? users.length;
  const rows = users.map((u) => h('tr', null,
    h('th', { scope: 'row' }, u.userName),
    h('td', null, u.displayName ?? ''),
    h('td', null, u.active === false ? badge('Inactive', 'inactive') : badge('Active', 'active')),
    h('td', null, u.kind ?? ''),
    h('td', null, chips(u.roles), u.rolesSuspended ? h('div', { class: 'hint' }, 'Suspended while inactive') : null),
    h('td', null, chips((u.groups ?? []).map((g) => (typeof g === 'string' ? g : g.display ?? g.displayName ?? g.value))))));
  const last = Math.min(startIndex + users.length - 1, total);
  const summary = users.length ? `Users ${startIndex} to ${last} of ${total}` : `No users (${total} in total)`;
  return [
    table(summary, ['User name', 'Display name', 'Status', 'Kind', 'Roles', 'Groups'], rows, 'No users match.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', disabled: startIndex <= 1, onclick: () => load(Math.max(1, startIndex - PageSize)) }, 'Previous'),
      h('button', { type: 'button', class: 'secondary', disabled: last >= total, onclick: () => load(startIndex + PageSize) }, 'Next')),
  ];
}
