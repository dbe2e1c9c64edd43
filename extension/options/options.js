// Settings, kept in extension storage on this device only: clean
// automatically or ask first, globally and per site; looking for faces in
// attached photos; the typing checks; and
// the never-publish list (storage.local, never storage.sync). What they are
// and their defaults: ../settings.js.
import { api, lang, t } from '../../js/ext.js';
import { DEFAULTS, MAX_NEVER_ENTRIES, MAX_NEVER_ENTRY, withDefaults } from '../settings.js';

for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
document.documentElement.lang = lang;

const state = withDefaults({});
const status = document.getElementById('status');

async function load() {
  Object.assign(state, withDefaults(await api.storage.local.get(Object.keys(DEFAULTS))));
  render();
  document.getElementById('never-list').value = state.neverPublish.join('\n');
  document.body.dataset.loaded = 'true';
}

async function save() {
  await api.storage.local.set({ ...state });
  status.textContent = t('optionsSaved');
}

function render() {
  for (const r of document.querySelectorAll('input[name=mode]')) r.checked = r.value === state.mode;
  for (const name of ['typingChecks', 'pasteClean', 'copyClean']) document.querySelector(`#typing input[name=${name}]`).checked = state[name];
  document.querySelector('#faces input[name=faceChecks]').checked = state.faceChecks;
  document.querySelector('#faces input[name=keepNames]').checked = state.keepNames;
  const list = document.getElementById('sites');
  list.replaceChildren();
  const hosts = Object.keys(state.sites).sort();
  if (!hosts.length) {
    const li = document.createElement('li');
    li.textContent = t('optionsNoSites');
    list.append(li);
  }
  for (const host of hosts) {
    const li = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = host;
    const mode = document.createElement('span');
    mode.textContent = ` — ${t(state.sites[host] === 'ask' ? 'optionsModeAsk' : 'optionsModeAuto')}`;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = t('optionsSiteRemove', [host]);
    remove.addEventListener('click', async () => {
      delete state.sites[host];
      render();
      await save();
    });
    li.append(name, mode, remove);
    list.append(li);
  }
}

document.getElementById('mode').addEventListener('change', async (e) => {
  if (e.target.name !== 'mode') return;
  state.mode = e.target.value === 'ask' ? 'ask' : 'auto';
  await save();
});

document.getElementById('add').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = document.getElementById('host');
  const error = document.getElementById('error');
  let host = input.value.trim().toLowerCase();
  try {
    if (host.includes('/')) host = new URL(host.includes('://') ? host : `https://${host}`).hostname;
  } catch {
    host = '';
  }
  if (!/^[a-z0-9.-]+\.[a-z0-9-]+$/.test(host) && host !== 'localhost') {
    error.textContent = t('optionsSiteInvalid');
    input.setAttribute('aria-invalid', 'true');
    return;
  }
  error.textContent = '';
  input.removeAttribute('aria-invalid');
  state.sites[host] = document.getElementById('site-mode').value === 'auto' ? 'auto' : 'ask';
  input.value = '';
  render();
  await save();
});

document.getElementById('typing').addEventListener('change', async (e) => {
  if (!['typingChecks', 'pasteClean', 'copyClean'].includes(e.target.name)) return;
  state[e.target.name] = e.target.checked;
  await save();
});

document.getElementById('faces').addEventListener('change', async (e) => {
  if (e.target.name !== 'faceChecks' && e.target.name !== 'keepNames') return;
  state[e.target.name] = e.target.checked;
  await save();
});

document.getElementById('never').addEventListener('submit', async (e) => {
  e.preventDefault();
  const lines = document.getElementById('never-list').value.split('\n').map((l) => l.trim()).filter((l) => l.length >= 2);
  state.neverPublish = [...new Set(lines)].slice(0, MAX_NEVER_ENTRIES).map((l) => l.slice(0, MAX_NEVER_ENTRY));
  await save();
  status.textContent = t('optionsNeverSaved', [String(state.neverPublish.length)]);
});

load();
