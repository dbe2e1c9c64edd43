// Settings, kept in extension storage on this device only: clean
// automatically or ask first, globally and per site; looking for faces in
// attached photos; the typing checks; and
// the never-publish list (storage.local, never storage.sync).
const api = globalThis.browser ?? globalThis.chrome;
const t = (key, subs) => api.i18n.getMessage(key, subs) || key;

for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
document.documentElement.lang = t('lang') === 'es' ? 'es' : 'en';

const state = { mode: 'auto', sites: {}, faceChecks: true, typingChecks: true, pasteClean: true, copyClean: true, neverPublish: [] };
/** As the core reads it (src/text/fold.rs): at most 500 entries of 200 bytes. */
const MAX_ENTRIES = 500;
const MAX_ENTRY = 200;
const status = document.getElementById('status');

async function load() {
  const v = await api.storage.local.get(['mode', 'sites', 'faceChecks', 'typingChecks', 'pasteClean', 'copyClean', 'neverPublish']);
  if (v.mode === 'auto' || v.mode === 'ask') state.mode = v.mode;
  if (v.sites && typeof v.sites === 'object') state.sites = v.sites;
  if (typeof v.faceChecks === 'boolean') state.faceChecks = v.faceChecks;
  if (typeof v.typingChecks === 'boolean') state.typingChecks = v.typingChecks;
  if (typeof v.pasteClean === 'boolean') state.pasteClean = v.pasteClean;
  if (typeof v.copyClean === 'boolean') state.copyClean = v.copyClean;
  if (Array.isArray(v.neverPublish)) state.neverPublish = v.neverPublish.map(String);
  render();
  document.getElementById('never-list').value = state.neverPublish.join('\n');
  document.body.dataset.loaded = 'true';
}

async function save() {
  await api.storage.local.set({
    mode: state.mode,
    sites: state.sites,
    faceChecks: state.faceChecks,
    typingChecks: state.typingChecks,
    pasteClean: state.pasteClean,
    copyClean: state.copyClean,
    neverPublish: state.neverPublish,
  });
  status.textContent = t('optionsSaved');
}

function render() {
  for (const r of document.querySelectorAll('input[name=mode]')) r.checked = r.value === state.mode;
  for (const name of ['typingChecks', 'pasteClean', 'copyClean']) document.querySelector(`#typing input[name=${name}]`).checked = state[name];
  document.querySelector('#faces input[name=faceChecks]').checked = state.faceChecks;
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
  if (e.target.name !== 'faceChecks') return;
  state.faceChecks = e.target.checked;
  await save();
});

document.getElementById('never').addEventListener('submit', async (e) => {
  e.preventDefault();
  const lines = document.getElementById('never-list').value.split('\n').map((l) => l.trim()).filter((l) => l.length >= 2);
  state.neverPublish = [...new Set(lines)].slice(0, MAX_ENTRIES).map((l) => l.slice(0, MAX_ENTRY));
  await save();
  status.textContent = t('optionsNeverSaved', [String(state.neverPublish.length)]);
});

load();
