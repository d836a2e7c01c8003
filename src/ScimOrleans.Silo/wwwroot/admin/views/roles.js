// Role mapping (Skilljar): the tenant's role catalogue and which IdP groups grant which role.
import { get, put, path } from '../api.js';
import { h, announce, attempt, showError } from '../ui.js';

export const title = 'Role mapping';

let rowIds = 0;

export async function render({ tenant, rerender }) {
  const data = await get(path`/tenants/${tenant}/roles`);
  const roles = [...(data.roles ?? [])];
  const mappingBody = h('tbody');
  const roleList = h('ul', { class: 'chips', id: 'role-list', 'aria-label': 'Roles' });

  const roleOptions = (selected) => [
    h('option', { value: '' }, 'Choose a role'),
    ...roles.map((r) => h('option', { value: r, selected: r === selected }, r)),
  ];
  const refreshSelects = () => {
    for (const select of mappingBody.querySelectorAll('select')) {
      const value = select.value;
      select.replaceChildren(...roleOptions(value));
      select.value = roles.includes(value) ? value : '';
    }
  };
  const drawRoles = () => {
    roleList.replaceChildren(...roles.map((r) => h('li', { class: 'chip' }, r, ' ',
      h('button', { type: 'button', class: 'link', 'aria-label': `Remove role ${r}`, onclick: () => {
        roles.splice(roles.indexOf(r), 1);
        drawRoles();
        refreshSelects();
        newRole.focus();
      } }, '×'))));
    if (!roles.length) roleList.append(h('li', { class: 'hint' }, 'No roles yet.'));
  };

  const mappingRow = (m) => {
    const id = ++rowIds;
    const tr = h('tr', null,
      h('td', null, h('input', { name: 'group', value: m.group ?? '', 'aria-label': `Group of mapping ${id}`, placeholder: 'IdP group displayName or externalId' })),
      h('td', null, h('select', { name: 'role', 'aria-label': `Role of mapping ${id}` }, roleOptions(m.role))),
      h('td', null, h('button', { type: 'button', class: 'link', 'aria-label': `Remove mapping ${m.group || id}`, onclick: () => tr.remove() }, 'Remove')));
    return tr;
  };

  const newRole = h('input', { id: 'new-role', placeholder: 'e.g. global-admin', spellcheck: 'false' });
  const addRole = () => {
    const value = newRole.value.trim();
    if (!value || roles.includes(value)) return;
    roles.push(value);
    newRole.value = '';
    drawRoles();
    refreshSelects();
    announce(`Role ${value} added; save to keep it`);
  };
  newRole.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      addRole();
    }
  });

  drawRoles();
  (data.mappings ?? []).forEach((m) => mappingBody.append(mappingRow(m)));

  const form = h('form', { class: 'stack' },
    h('section', { class: 'card', 'aria-labelledby': 'roles-title' },
      h('h2', { id: 'roles-title' }, 'Roles'),
      roleList,
      h('label', { for: 'new-role' }, 'New role'),
      h('div', { class: 'row' }, newRole, h('button', { type: 'button', class: 'secondary', onclick: addRole }, 'Add role'))),
    h('section', { class: 'card', 'aria-labelledby': 'mappings-title' },
      h('h2', { id: 'mappings-title' }, 'Group to role mappings'),
      h('p', { class: 'hint' }, 'Members of the group get the role at once; removed from the group, they lose it.'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'edit-table' },
        h('caption', { class: 'visually-hidden' }, 'Mappings'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'IdP group'), h('th', { scope: 'col' }, 'Role'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        mappingBody)),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => {
          const tr = mappingRow({});
          mappingBody.append(tr);
          tr.querySelector('input').focus();
        } }, 'Add mapping'),
        h('button', { type: 'submit' }, 'Save roles and mappings'))));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const mappings = [...mappingBody.rows].map((tr) => ({
      group: tr.querySelector('[name="group"]').value.trim(),
      role: tr.querySelector('[name="role"]').value,
    })).filter((m) => m.group || m.role);
    const incomplete = mappings.find((m) => !m.group || !m.role);
    if (incomplete) {
      showError('Every mapping needs a group and a role.');
      return;
    }
    const saved = await attempt(() => put(path`/tenants/${tenant}/roles`, { roles, mappings }));
    if (saved !== undefined) {
      announce('Roles and mappings saved');
      rerender();
    }
  });

  return h('div', null,
    h('h1', { tabindex: '-1' }, 'Role mapping'),
    h('p', { class: 'lede' }, 'Map identity provider groups to roles, so that permissions follow group membership.'),
    form);
}
