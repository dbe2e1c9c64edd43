// Background (a module service worker in Chromium, an event page in Firefox).
// It sets the defaults on install, checks text for the typing guard with the
// core (wasm), and serves the "Copy clean link" context menu. It never
// touches files: the upload guard cleans them in the page's cleaner frame.
//
// Messages from our content scripts (one union, checked by isRequest):
//   { type: 'scan-text', text, lang }  → { findings: [...] }  (UTF-16 offsets)
//   { type: 'clean-link', url, lang }  → the LinkReport of `silbato link --json`
// Messages from the popup (an extension page):
//   { type: 'page-warm', lang }               → {} once the core and tracker table are loaded
//   { type: 'page-match', hosts, links, lang } → { matches, sites, links }: the
//      tracker table's answer and the registrable domain (tldts) per host, and
//      the LinkReports of links with something to remove
// Messages to a content script:
//   { type: 'copy', text, report }     → it copies `text` and says what was removed
import init, * as core from './core/silbato.js';
import { getDomain } from './vendor/tldts.js';

const api = globalThis.browser ?? globalThis.chrome;
const t = (key, subs) => api.i18n.getMessage(key, subs) || key;
const lang = () => (t('lang') === 'es' ? 'es' : 'en');

/** Longest text accepted from a page (characters); the core reads at most 1 MB anyway. */
const MAX_TEXT = 1 << 20;

export const DEFAULTS = { mode: 'auto', sites: {}, typingChecks: true, pasteClean: true, neverPublish: [] };

// ---- The core, loaded on first use, with the never-publish list ----
let ready = null;
function loadCore() {
  ready ??= init({ module_or_path: api.runtime.getURL('core/silbato_bg.wasm') }).then(async () => {
    const { neverPublish } = await api.storage.local.get('neverPublish');
    core.setNeverPublish(Array.isArray(neverPublish) ? neverPublish.map(String) : []);
  });
  return ready;
}

api.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !changes.neverPublish || !ready) return;
  const list = changes.neverPublish.newValue;
  ready.then(() => core.setNeverPublish(Array.isArray(list) ? list.map(String) : []));
});

// ---- The tracker table, for the popup (data under its own licence, loaded at run time) ----
let trackers = null;
function loadTrackers() {
  trackers ??= loadCore()
    .then(() => fetch(api.runtime.getURL('data/trackers.json')))
    .then((r) => r.text())
    .then((table) => core.setTrackers(table));
  trackers.catch(() => {
    trackers = null;
  });
  return trackers;
}

const strings = (list, max, len) => Array.isArray(list) && list.length <= max && list.every((s) => typeof s === 'string' && s.length <= len);

// ---- Messages from content scripts and the popup ----
function isRequest(m) {
  if (!m || typeof m !== 'object' || typeof m.lang !== 'string') return false;
  if (m.type === 'page-warm') return true;
  if (m.type === 'page-match') return strings(m.hosts, 5001, 253) && strings(m.links, 2000, 4096);
  if (m.type === 'scan-text') return typeof m.text === 'string' && m.text.length <= MAX_TEXT;
  if (m.type === 'clean-link') return typeof m.url === 'string' && m.url.length <= 64 * 1024;
  return false;
}

async function answer(m) {
  if (m.type === 'page-warm' || m.type === 'page-match') {
    await loadTrackers();
    if (m.type === 'page-warm') return {};
    const links = [];
    for (const href of m.links) {
      const report = JSON.parse(core.cleanLink(href, m.lang));
      if (report.removed.length || report.warnings.length) links.push(report);
    }
    const sites = m.hosts.map((h) => getDomain(h, { allowPrivateDomains: true }));
    return { matches: JSON.parse(core.matchHosts(m.hosts)), sites, links };
  }
  await loadCore();
  if (m.type === 'scan-text') return JSON.parse(core.scanText(m.text, m.lang));
  return JSON.parse(core.cleanLink(m.url, m.lang));
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== api.runtime.id || !isRequest(message)) return false;
  answer(message).then(sendResponse, (e) => sendResponse({ error: String(e && e.message ? e.message : e) }));
  return true;
});

// ---- "Copy clean link" ----
const MENU_LINK = 'silbato-copy-clean-link';
const MENU_PAGE = 'silbato-copy-clean-page';

function createMenus() {
  const menus = api.contextMenus ?? api.menus;
  menus.removeAll(() => {
    menus.create({ id: MENU_LINK, title: t('menuCopyCleanLink'), contexts: ['link'] });
    menus.create({ id: MENU_PAGE, title: t('menuCopyCleanPage'), contexts: ['page'] });
  });
}

async function onMenuClick(info, tab) {
  const url = info.menuItemId === MENU_LINK ? info.linkUrl : info.pageUrl || (tab && tab.url);
  if (!url || !tab || tab.id === undefined) return;
  await loadCore();
  const report = JSON.parse(core.cleanLink(url, lang()));
  await api.tabs.sendMessage(tab.id, { type: 'copy', text: report.output, report }, { frameId: info.frameId ?? 0 });
}

(api.contextMenus ?? api.menus).onClicked.addListener((info, tab) => {
  onMenuClick(info, tab).catch(() => {});
});
// For the end-to-end tests, which cannot click a browser menu.
globalThis.silbatoMenuClick = onMenuClick;

api.runtime.onInstalled.addListener(async () => {
  const stored = await api.storage.local.get(Object.keys(DEFAULTS));
  const missing = {};
  for (const [key, value] of Object.entries(DEFAULTS)) if (stored[key] === undefined) missing[key] = value;
  if (stored.mode !== 'auto' && stored.mode !== 'ask') missing.mode = 'auto';
  if (Object.keys(missing).length) await api.storage.local.set(missing);
  createMenus();
});
api.runtime.onStartup.addListener(createMenus);
