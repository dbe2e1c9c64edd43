// Settings, kept in extension storage on this device only: clean
// automatically or ask first, globally and per site.
const api = globalThis.browser ?? globalThis.chrome;
const t = (key, subs) => api.i18n.getMessage(key, subs) || key;

for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
document.documentElement.lang = t('lang') === 'es' ? 'es' : 'en';

const state = { mode: 'auto', sites: {} };
const status = document.getElementById('status');

async function load() {
  const v = await api.storage.local.get(['mode', 'sites']);
  if (v.mode === 'auto' || v.mode === 'ask') state.mode = v.mode;
  if (v.sites && typeof v.sites === 'object') state.sites = v.sites;
  render();
}

async function save() {
  await api.storage.local.set({ mode: state.mode, sites: state.sites });
  status.textContent = t('optionsSaved');
}

function render() {
  for (const r of document.querySelectorAll('input[name=mode]')) r.checked = r.value === state.mode;
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

load();
