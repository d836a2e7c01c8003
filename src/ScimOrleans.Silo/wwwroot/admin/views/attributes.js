// Custom user attributes: the tenant's schema extension (Skillcast "user attributes").
import { get, put, path, ApiError } from '../api.js';
import { h, announce, attempt, confirmDialog, showError, clearError, copyText } from '../ui.js';

export const title = 'Custom attributes';

const Types = ['string', 'boolean', 'integer', 'decimal', 'dateTime'];
let rowIds = 0;

export async function render({ tenant, rerender }) {
  const data = await get(path`/tenants/${tenant}/attributes`);
  const body = h('tbody');
  const urn = h('input', { id: 'attr-urn', name: 'schemaUrn', value: data.schemaUrn ?? '', placeholder: 'urn:scim:skillcast:User', spellcheck: 'false', 'aria-describedby': 'attr-urn-hint' });
  (data.attributes ?? []).forEach((a) => body.append(row(a)));
  const addButton = h('button', { type: 'button', class: 'secondary', onclick: () => {
    const added = row({ name: '', type: 'string', multiValued: false, required: false, canonicalValues: [] });
    body.append(added);
    added.querySelector('input').focus();
  } }, 'Add attribute');

  const form = h('form', { class: 'card stack', 'aria-labelledby': 'attr-form-title' },
    h('h2', { id: 'attr-form-title' }, 'Schema extension'),
    h('label', { for: 'attr-urn' }, 'Schema URN'),
    urn,
    h('p', { class: 'hint', id: 'attr-urn-hint' }, 'Identity providers address an attribute as URN:name, e.g. urn:scim:skillcast:User:Division.'),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'edit-table' },
        h('caption', { class: 'visually-hidden' }, 'Attributes'),
        h('thead', null, h('tr', null,
          ['Name', 'Type', 'Multi-valued', 'Required', 'Canonical values', 'Description'].map((t) => h('th', { scope: 'col' }, t)),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        body)),
    h('div', { class: 'actions' }, addButton, h('button', { type: 'submit' }, 'Save attributes')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const attributes = [...body.rows].map(read).filter((a) => a.name);
    const schemaUrn = urn.value.trim();
    if (attributes.length && !schemaUrn) {
      showError('Enter the schema URN the attributes belong to.');
      urn.focus();
      return;
    }
    const next = { schemaUrn: schemaUrn || null, attributes };
    clearError();
    try {
      await put(path`/tenants/${tenant}/attributes`, next);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 409) {
        if (error?.status !== 401) showError(error.message);
        return;
      }
      const purge = await confirmDialog({
        title: 'Delete stored values?',
        message: `${error.message.split(/(?<=\.)\s/)[0]} Saving anyway deletes the stored values of the removed or changed attributes from every user. This cannot be undone.`,
        confirmLabel: 'Delete values and save',
      });
      if (!purge) return;
      const saved = await attempt(() => put(`${path`/tenants/${tenant}/attributes`}?purge=true`, next));
      if (saved === undefined) return;
    }
    announce('Custom attributes saved');
    rerender();
  });

  const names = (data.attributes ?? []).map((a) => `${data.schemaUrn}:${a.name}`);
  const list = h('section', { class: 'card', 'aria-labelledby': 'attr-target-title' },
    h('h2', { id: 'attr-target-title' }, 'Target attribute names for your identity provider'),
    names.length
      ? h('ul', { class: 'urn-list', id: 'attr-target-list' }, names.map((n) => h('li', null,
        h('code', null, n), ' ',
        h('button', { type: 'button', class: 'secondary', 'aria-label': `Copy ${n}`, onclick: () => copyText(n, `${n} copied`) }, 'Copy'))))
      : h('p', { class: 'hint' }, 'No custom attributes yet.'));

  return h('div', null,
    h('h1', { tabindex: '-1' }, 'Custom attributes'),
    h('p', { class: 'lede' }, 'Extra user attributes your identity provider may send, e.g. a division for audience groups or reporting. The names must match the target attributes configured in the identity provider.'),
    form,
    list);
}

function row(a) {
  const id = ++rowIds;
  const label = (what) => `${what} of attribute ${id}`;
  const tr = h('tr', { 'data-row': String(id) },
    h('td', null, h('input', { name: 'name', value: a.name ?? '', 'aria-label': label('Name'), required: true, spellcheck: 'false' })),
    h('td', null, h('select', { name: 'type', 'aria-label': label('Type'), value: a.type ?? 'string' }, Types.map((t) => h('option', { value: t }, t)))),
    h('td', null, h('input', { type: 'checkbox', name: 'multiValued', 'aria-label': label('Multi-valued'), checked: !!a.multiValued })),
    h('td', null, h('input', { type: 'checkbox', name: 'required', 'aria-label': label('Required'), checked: !!a.required })),
    h('td', null, h('input', { name: 'canonicalValues', 'aria-label': label('Canonical values (comma separated)'), value: (a.canonicalValues ?? []).join(', '), placeholder: 'any' })),
    h('td', null, h('input', { name: 'description', 'aria-label': label('Description'), value: a.description ?? '' })),
    h('td', null, h('button', { type: 'button', class: 'link', 'aria-label': `Remove attribute ${a.name || id}`, onclick: () => {
      const next = tr.nextElementSibling ?? tr.previousElementSibling;
      tr.remove();
      (next?.querySelector('input') ?? document.querySelector('#attr-urn'))?.focus();
    } }, 'Remove')));
  return tr;
}

function read(tr) {
  const field = (name) => tr.querySelector(`[name="${name}"]`);
  const canonical = field('canonicalValues').value.split(',').map((v) => v.trim()).filter(Boolean);
  const description = field('description').value.trim();
  return {
    name: field('name').value.trim(),
    type: field('type').value,
    multiValued: field('multiValued').checked,
    required: field('required').checked,
    canonicalValues: canonical,
    description: description || null,
  };
}
