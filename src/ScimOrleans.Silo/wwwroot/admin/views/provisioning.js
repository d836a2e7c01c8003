// Settings -> SCIM Provisioning: base URL, tokens (generate once, revoke), provisioning options.
import { get, post, put, del, path } from '../api.js';
import { h, announce, attempt, confirmDialog, copyText, when, badge, table } from '../ui.js';

export const title = 'SCIM Provisioning';

const $ = (id) => document.getElementById(id);
let dialogWired = false;
let afterDialog = () => {};

export async function render({ tenant }) {
  const [info, tokens] = await Promise.all([
    get(path`/tenants/${tenant}`),
    get(path`/tenants/${tenant}/tokens`),
  ]);
  const settings = info.settings ?? await get(path`/tenants/${tenant}/settings`);
  wireDialog();

  const tokenSection = h('section', { class: 'card', 'aria-labelledby': 'tokens-title' });
  const reloadTokens = async () => {
    const fresh = await attempt(() => get(path`/tenants/${tenant}/tokens`));
    if (fresh) tokenSection.replaceChildren(...tokenCard(tenant, fresh, reloadTokens, settings));
  };
  tokenSection.append(...tokenCard(tenant, tokens, reloadTokens, settings));

  return h('div', null,
    h('h1', { tabindex: '-1' }, 'SCIM Provisioning'),
    h('p', { class: 'lede' }, 'Connect an identity provider (Okta, Microsoft Entra ID, OneLogin or any SCIM 2.0 client): paste the base URL and a token into its SCIM application.'),
    baseUrlCard(info),
    tokenSection,
    optionsCard(tenant, settings));
}

function absolute(url) {
  if (!url) return '';
  return url.startsWith('/') ? `${location.origin}${url}` : url;
}

function baseUrlCard(info) {
  const url = absolute(info.scimBaseUrl);
  return h('section', { class: 'card', 'aria-labelledby': 'base-url-title' },
    h('h2', { id: 'base-url-title' }, 'SCIM base URL'),
    h('label', { for: 'scim-base-url', class: 'visually-hidden' }, 'SCIM base URL'),
    h('div', { class: 'copy-row' },
      h('input', { id: 'scim-base-url', readonly: true, value: url, spellcheck: 'false', 'aria-describedby': 'base-url-hint', onfocus: (e) => e.target.select() }),
      h('button', { type: 'button', class: 'secondary', 'aria-label': 'Copy SCIM base URL', onclick: () => copyText(url, 'SCIM base URL copied') }, 'Copy')),
    h('p', { class: 'hint', id: 'base-url-hint' }, 'Enter this as the Tenant URL or SCIM base URL in your identity provider, with a token from below as the secret token.'));
}

function tokenCard(tenant, tokens, reload, settings) {
  const sorted = [...tokens].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  const rows = sorted.map((t) => h('tr', null,
    h('th', { scope: 'row' }, t.name, t.domain ? h('div', { class: 'hint' }, `Domain: ${t.domain}`) : null),
    h('td', null, when(t.createdAt)),
    h('td', null, when(t.expiresAt, { empty: 'Never' })),
    h('td', null, when(t.lastUsedAt, { empty: 'Never' })),
    h('td', { class: 'num' }, String(t.useCount ?? 0)),
    h('td', null, badge(statusText(t.status), String(t.status).toLowerCase()),
      t.status === 'revoked' && t.revokedAt ? h('div', { class: 'hint' }, when(t.revokedAt)) : null),
    h('td', null, String(t.status).toLowerCase() === 'active'
      ? h('button', { type: 'button', class: 'link', 'aria-label': `Revoke ${t.name}`, onclick: () => revoke(tenant, t, reload) }, 'Revoke')
      : null)));
  return [
    h('div', { class: 'card-head' },
      h('h2', { id: 'tokens-title' }, 'Tokens'),
      h('button', { type: 'button', id: 'generate-token', onclick: () => openDialog(tenant, reload, settings) }, 'Generate Token')),
    h('p', { class: 'hint' }, 'Several tokens may be live at once, e.g. one for a staging and one for a production identity provider.'),
    table('SCIM tokens of this tenant', ['Name', 'Created', 'Expires', 'Last used', 'Uses', 'Status', h('span', { class: 'visually-hidden' }, 'Actions')],
      rows, 'No tokens yet. Generate one to connect your identity provider.', { hideCaption: true }),
  ];
}

function statusText(status) {
  const s = String(status ?? '').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

async function revoke(tenant, token, reload) {
  const confirmed = await confirmDialog({
    title: 'Revoke token?',
    message: `Revoking "${token.name}" stops all provisioning with it immediately. Users already provisioned stay as they are; your identity provider needs a new token to continue.`,
    confirmLabel: 'Confirm',
  });
  if (!confirmed) return;
  const done = await attempt(async () => { await del(path`/tenants/${tenant}/tokens/${token.id}`); return true; });
  if (done) {
    announce(`Token ${token.name} revoked`);
    await reload();
  }
}

function openDialog(tenant, reload, settings) {
  const dialog = $('token-dialog');
  const form = $('token-form');
  form.reset();
  form.hidden = false;
  $('token-result').hidden = true;
  $('token-value').value = '';
  $('token-form-error').textContent = '';
  $('token-date-field').hidden = true;
  $('token-generate').disabled = false;
  const max = settings?.maxTokenLifetimeDays;
  for (const option of $('token-expiry').options) {
    option.disabled = max > 0 && option.value !== 'custom' && Number(option.value) > max;
  }
  const today = new Date();
  $('token-date').min = isoDate(addDays(today, 1));
  if (max > 0) $('token-date').max = isoDate(addDays(today, max));
  dialog.dataset.tenant = tenant;
  afterDialog = reload;
  dialog.showModal();
  $('token-name').focus();
}

function addDays(date, days) {
  const d = new Date(date);
  d.setDate(d.getDate() + days);
  return d;
}

function isoDate(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function wireDialog() {
  if (dialogWired) return;
  dialogWired = true;
  const dialog = $('token-dialog');
  const form = $('token-form');
  const error = $('token-form-error');

  $('token-expiry').addEventListener('change', (e) => {
    $('token-date-field').hidden = e.target.value !== 'custom';
  });
  dialog.querySelector('[data-close]').addEventListener('click', () => dialog.close());
  $('token-done').addEventListener('click', () => dialog.close());
  $('token-copy').addEventListener('click', () => copyText($('token-value').value, 'Token copied to the clipboard'));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const name = $('token-name').value.trim();
    if (!name) {
      error.textContent = 'Enter a token name.';
      $('token-name').focus();
      return;
    }
    const body = { name, domain: $('token-domain').value.trim() || null };
    const expiry = $('token-expiry').value;
    if (expiry === 'custom') {
      const date = $('token-date').value;
      if (!date) {
        error.textContent = 'Choose the expiry date.';
        $('token-date').focus();
        return;
      }
      body.expiresAt = date;
    } else {
      body.expiresInDays = Number(expiry);
    }
    $('token-generate').disabled = true;
    try {
      const created = await post(path`/tenants/${dialog.dataset.tenant}/tokens`, body);
      form.hidden = true;
      $('token-result').hidden = false;
      $('token-value').value = created.token;
      $('token-value').focus();
      $('token-value').select();
      announce(`Token ${created.name} generated. Copy it now: it won't be shown again.`);
    } catch (e) {
      error.textContent = e.message;
      $('token-generate').disabled = false;
    }
  });

  // However the dialog closes (Done, Cancel, Escape), the secret leaves the page for good.
  dialog.addEventListener('close', () => {
    const wasShown = !$('token-result').hidden;
    $('token-value').value = '';
    $('token-result').hidden = true;
    form.hidden = false;
    form.reset();
    $('generate-token')?.focus();
    if (wasShown) afterDialog();
  });
}

function optionsCard(tenant, settings) {
  const groups = h('input', { type: 'checkbox', id: 'opt-groups', name: 'groupsEnabled', checked: settings.groupsEnabled !== false });
  const policy = String(settings.duplicateUserPolicy ?? 'Reject');
  const reject = h('input', { type: 'radio', name: 'duplicateUserPolicy', id: 'opt-dup-reject', value: 'Reject', checked: policy.toLowerCase() === 'reject' });
  const reactivate = h('input', { type: 'radio', name: 'duplicateUserPolicy', id: 'opt-dup-reactivate', value: 'Reactivate', checked: policy.toLowerCase() === 'reactivate' });
  const kind = h('select', { id: 'opt-kind', name: 'scimUserKind', value: settings.scimUserKind ?? 'dashboard' },
    h('option', { value: 'dashboard' }, 'Dashboard users'),
    h('option', { value: 'learner' }, 'Learners'));
  const retention = h('input', { type: 'number', id: 'opt-retention', min: '1', max: '3650', required: true, value: String(settings.activityRetentionDays ?? 90) });
  const lifetime = h('input', { type: 'number', id: 'opt-lifetime', min: '1', max: '3650', required: true, value: String(settings.maxTokenLifetimeDays ?? 365) });

  const form = h('form', { class: 'stack', 'aria-labelledby': 'options-title' },
    h('h2', { id: 'options-title' }, 'Provisioning options'),
    h('fieldset', null,
      h('legend', null, 'Group provisioning'),
      h('label', { class: 'check', for: 'opt-groups' }, groups,
        h('span', null, 'Provision groups', h('span', { class: 'hint block' }, 'Off: /Groups answers 403 and is left out of /ResourceTypes (as when group provisioning is disabled in Entra ID).')))),
    h('fieldset', null,
      h('legend', null, 'When an IdP creates a user that already exists'),
      h('label', { class: 'check', for: 'opt-dup-reject' }, reject, h('span', null, 'Reject with 409 (RFC 7644)')),
      h('label', { class: 'check', for: 'opt-dup-reactivate' }, reactivate, h('span', null, 'Reactivate and update the existing account'))),
    h('div', { class: 'settings-grid' },
      h('div', { class: 'stack' }, h('label', { for: 'opt-kind' }, 'Users SCIM manages'), kind),
      h('div', { class: 'stack' }, h('label', { for: 'opt-retention' }, 'Activity retention (days)'), retention),
      h('div', { class: 'stack' }, h('label', { for: 'opt-lifetime' }, 'Longest token lifetime (days)'), lifetime)),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save options')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const next = {
      ...settings,
      groupsEnabled: groups.checked,
      duplicateUserPolicy: reactivate.checked ? 'Reactivate' : 'Reject',
      scimUserKind: kind.value,
      activityRetentionDays: Number(retention.value),
      maxTokenLifetimeDays: Number(lifetime.value),
    };
    const saved = await attempt(() => put(path`/tenants/${tenant}/settings`, next));
    if (saved !== undefined) {
      Object.assign(settings, saved ?? next);
      announce('Provisioning options saved');
    }
  });
  return h('section', { class: 'card' }, form);
}
