// Background (a module service worker in Chromium, an event page in Firefox).
// It sets the defaults on install, checks text for the typing guard with the
// core (wasm), and serves the "Copy clean link" context menu. It never
// touches files: the upload guard cleans them in the page's cleaner frame.
//
// Messages from our content scripts (one union, checked by isRequest):
//   { type: 'scan-text', text, lang }  → { findings: [...] }  (UTF-16 offsets)
//   { type: 'clean-link', url, lang }  → the LinkReport of `silbato link --json`
// Messages from the popup (an extension page):
//   { type: 'page-check', tab, lang } → { scan: { url, resources, fingerprint }, matches, sites, links, note }:
//      the tab's own scan (from its content script, scan.js), the tracker
//      table's answer and the registrable domain (tldts) per host (the page's
//      own host last), the LinkReports of links with something to remove, and
//      the site note (data/sites.json) when the page is on a platform it covers
// Messages to a content script:
//   { type: 'copy', text, report }     → it copies `text` and says what was removed
import init, * as core from './core/silbato.js';
import { getDomain } from './vendor/tldts.js';
import { siteNoteFor } from './popup/rules.js';

const api = globalThis.browser ?? globalThis.chrome;
const t = (key, subs) => api.i18n.getMessage(key, subs) || key;
const lang = () => (t('lang') === 'es' ? 'es' : 'en');

/** Longest text accepted from a page (characters); the core reads at most 1 MB anyway. */
const MAX_TEXT = 1 << 20;

export const DEFAULTS = { mode: 'auto', sites: {}, faceChecks: true, typingChecks: true, pasteClean: true, copyClean: true, neverPublish: [] };

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
  // The file is read while the core compiles; the core parses the bytes.
  trackers ??= Promise.all([loadCore(), fetch(api.runtime.getURL('data/trackers.json')).then((r) => r.arrayBuffer())])
    .then(([, table]) => core.setTrackers(new Uint8Array(table)));
  trackers.catch(() => {
    trackers = null;
  });
  return trackers;
}

// ---- The site notes, for the popup (kept here so the popup fetches nothing) ----
let siteNotes = null;
function loadSiteNotes() {
  siteNotes ??= fetch(api.runtime.getURL('data/sites.json'))
    .then((r) => r.json())
    .then((data) => (Array.isArray(data.sites) ? data.sites : []));
  siteNotes.catch(() => {
    siteNotes = null;
  });
  return siteNotes;
}

// ---- Messages from content scripts and the popup ----
function isRequest(m) {
  if (!m || typeof m !== 'object' || typeof m.lang !== 'string') return false;
  if (m.type === 'page-check') return Number.isInteger(m.tab) && m.tab >= 0;
  if (m.type === 'scan-text') return typeof m.text === 'string' && m.text.length <= MAX_TEXT;
  if (m.type === 'clean-link') return typeof m.url === 'string' && m.url.length <= 64 * 1024;
  return false;
}

async function answer(m) {
  if (m.type === 'page-check') {
    const [scan, , notes] = await Promise.all([api.tabs.sendMessage(m.tab, { type: 'page-scan' }, { frameId: 0 }), loadTrackers(), loadSiteNotes().catch(() => [])]);
    if (!scan || typeof scan.url !== 'string' || !Array.isArray(scan.resources) || !Array.isArray(scan.links)) return { error: 'no scan' };
    const hosts = scan.resources.filter((r) => r && typeof r.host === 'string').slice(0, 5000).map((r) => r.host.slice(0, 253));
    let pageHost = '';
    try {
      pageHost = new URL(scan.url).hostname.slice(0, 253);
    } catch {
      // an odd page address: no first party
    }
    const names = [...hosts, pageHost];
    const links = [];
    for (const href of scan.links.slice(0, 2000)) {
      if (typeof href !== 'string' || href.length > 4096) continue;
      const report = JSON.parse(core.cleanLink(href, m.lang));
      if (report.removed.length || report.warnings.length) links.push(report);
    }
    const sites = names.map((h) => getDomain(h, { allowPrivateDomains: true }));
    // The popup needs the page's own links only as LinkReports.
    const { url, resources, fingerprint } = scan;
    return { scan: { url, resources, fingerprint }, matches: JSON.parse(core.matchHosts(names)), sites, links, note: siteNoteFor(pageHost, notes) };
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
