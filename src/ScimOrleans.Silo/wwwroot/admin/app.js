// The admin page: sign-in, tenant choice and hash routing between the views.
import { get, post, api, session, whenUnauthorized, ApiError } from './api.js';
import { h, announce, attempt, showError, clearError } from './ui.js';
import * as provisioning from './views/provisioning.js';
import * as attributes from './views/attributes.js';
import * as roles from './views/roles.js';
import * as users from './views/users.js';
import * as activity from './views/activity.js';

const routes = { provisioning, attributes, roles, users, activity };
const DefaultRoute = 'provisioning';
const TenantKey = 'scimAdmin.tenant';
const $ = (id) => document.getElementById(id);

let tenants = [];
let renderCount = 0;

const tenant = {
  get id() { return sessionStorage.getItem(TenantKey); },
  set id(value) {
    if (value) sessionStorage.setItem(TenantKey, value);
    else sessionStorage.removeItem(TenantKey);
  },
};

function show(screen) {
  const signedIn = screen !== 'sign-in';
  $('sign-in').hidden = screen !== 'sign-in';
  $('tenants').hidden = screen !== 'tenants';
  $('view').hidden = screen !== 'view';
  $('nav').hidden = screen !== 'view';
  $('session').hidden = !signedIn;
  $('tenant-select').parentElement.querySelectorAll('label, select').forEach((el) => { el.hidden = screen !== 'view'; });
  $('switch-tenant').hidden = screen !== 'view';
}

function showSignIn(message) {
  session.key = null;
  tenant.id = null;
  $('view').replaceChildren();
  show('sign-in');
  showError(message ?? '');
  document.title = 'Sign in · ScimOrleans admin';
  $('admin-key').value = '';
  $('admin-key').focus();
}

function fillTenants() {
  const select = $('tenant-select');
  select.replaceChildren(...tenants.map((t) => h('option', { value: t.id }, t.id)));
  if (tenant.id) select.value = tenant.id;
  $('tenant-list').replaceChildren(...tenants.map((t) =>
    h('li', null, h('button', { type: 'button', class: 'secondary', onclick: () => selectTenant(t.id) }, t.id))));
  if (!tenants.length) $('tenant-list').append(h('li', { class: 'hint' }, 'No tenants yet: create the first one below.'));
}

async function loadTenants() {
  const list = await attempt(() => get('/tenants'));
  if (!list) return false;
  tenants = [...list].sort((a, b) => a.id.localeCompare(b.id));
  fillTenants();
  return true;
}

function showTenantChooser() {
  tenant.id = null;
  $('view').replaceChildren();
  show('tenants');
  document.title = 'Tenants · ScimOrleans admin';
  fillTenants();
  const first = $('tenant-list').querySelector('button') ?? $('new-tenant-id');
  first.focus();
}

function selectTenant(id) {
  tenant.id = id;
  $('tenant-select').value = id;
  clearError();
  show('view');
  if (!location.hash.startsWith('#/')) history.replaceState(null, '', `#/${DefaultRoute}`);
  render({ focus: true });
}

async function enter() {
  if (!(await loadTenants())) return;
  if (tenant.id && tenants.some((t) => t.id === tenant.id)) selectTenant(tenant.id);
  else showTenantChooser();
}

function currentRoute() {
  const name = location.hash.replace(/^#\//, '').split(/[/?]/)[0];
  return routes[name] ? name : DefaultRoute;
}

async function render({ focus = false } = {}) {
  if (!session.key || !tenant.id) return;
  const name = currentRoute();
  const view = routes[name];
  const count = ++renderCount;
  for (const link of $('nav').querySelectorAll('a')) {
    if (link.getAttribute('href') === `#/${name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${view.title} · ${tenant.id} · ScimOrleans admin`;
  const container = $('view');
  container.setAttribute('aria-busy', 'true');
  let element;
  try {
    element = await view.render({ tenant: tenant.id, rerender: () => render() });
  } catch (error) {
    if (count !== renderCount) return;
    if (error instanceof ApiError && error.status === 401) return;
    if (error instanceof ApiError && error.status === 404) {
      showError(`Tenant '${tenant.id}' was not found.`);
      await loadTenants();
      showTenantChooser();
      return;
    }
    element = h('p', null, 'This view could not be loaded.');
    showError(error?.message ?? String(error));
  }
  if (count !== renderCount) return;
  container.removeAttribute('aria-busy');
  container.replaceChildren(element);
  if (focus) container.querySelector('h1')?.focus();
}

function wire() {
  whenUnauthorized(() => showSignIn('The admin key was not accepted: sign in again.'));

  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = $('admin-key').value.trim();
    if (!key) return;
    clearError();
    try {
      await api('GET', '/tenants', undefined, key);
    } catch (error) {
      showError(error.status === 401 || error.status === 403 ? 'That admin key was not accepted.' : error.message);
      $('admin-key').focus();
      return;
    }
    session.key = key;
    $('admin-key').value = '';
    announce('Signed in');
    await enter();
  });

  $('sign-out').addEventListener('click', () => {
    showSignIn();
    announce('Signed out');
  });

  $('switch-tenant').addEventListener('click', async () => {
    await loadTenants();
    showTenantChooser();
  });

  $('tenant-select').addEventListener('change', (event) => selectTenant(event.target.value));

  $('create-tenant-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('new-tenant-id');
    const id = input.value.trim();
    if (!input.checkValidity()) {
      showError('A tenant id is 1 to 63 lower-case letters, digits and inner hyphens, e.g. acme.');
      input.focus();
      return;
    }
    const created = await attempt(() => post('/tenants', { id }));
    if (!created) {
      input.focus();
      return;
    }
    input.value = '';
    announce(`Tenant ${created.id ?? id} created`);
    await loadTenants();
    selectTenant(created.id ?? id);
  });

  window.addEventListener('hashchange', () => {
    clearError();
    render({ focus: true });
  });
}

wire();
if (session.key) enter();
else showSignIn();

