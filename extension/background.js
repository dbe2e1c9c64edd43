// Background (a module service worker in Chromium, an event page in Firefox).
// It sets the defaults on install, checks text for the typing guard with the
// core (wasm), cleans the page's links for the popup, names who received
// typed text for the typing guard (the tracker table, tldts), and serves the
// "Copy clean link" context menu. It never touches files: the upload guard
// cleans them in the page's cleaner frame.
//
// The messages it answers and sends are in js/messages.js (channels
// `background` and `tab`).

// tldts (MIT) names a host's registrable domain from the Public Suffix List:
// its own published bundle, kept as it is (its licence ships beside it).
import { getDomain } from 'tldts/dist/index.esm.min.js';
import { categories, cleanLink, loadCore, scanText, setNeverPublish } from '../js/core.js';
import { api, lang, t } from '../js/ext.js';
import { isMessage } from '../js/messages.js';
import { openTrackerTable } from '../js/tracker-table.js';
import { DEFAULTS, withDefaults } from './settings.js';

// ---- The core, loaded on first use, with the never-publish list ----
let ready = null;
function startCore() {
  ready ??= loadCore(api.runtime.getURL('core/silbato_bg.wasm')).then(async () => {
    setNeverPublish(withDefaults(await api.storage.local.get('neverPublish')).neverPublish);
  });
  return ready;
}

api.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !changes.neverPublish || !ready) return;
  const list = changes.neverPublish.newValue;
  ready.then(() => setNeverPublish(withDefaults({ neverPublish: list }).neverPublish));
});

// ---- The tracker table (data under its own licence, loaded at run time) ----
// Its binary form, read in place (js/tracker-table.js): naming the party that
// received typed text needs no wasm and no parsing.
let trackers = null;
function loadTrackers() {
  trackers ??= fetch(api.runtime.getURL('data/trackers.bin'))
    .then((r) => r.arrayBuffer())
    .then(openTrackerTable);
  trackers.catch(() => {
    trackers = null;
  });
  return trackers;
}

/** A host's registrable domain and the company behind it (null when the table does not list it). */
function whoIs(table, host) {
  const h = String(host).toLowerCase().slice(0, 253);
  const m = table.lookup(h);
  return { host: h, site: getDomain(h, { allowPrivateDomains: true }) || h, company: m ? m.company || m.tracker : null };
}

// ---- Messages from content scripts and the popup ----
async function answer(m) {
  if (m.type === 'who') {
    // For the typing guard's marker: who received what was typed (rules.js judges).
    const table = await loadTrackers();
    return { page: whoIs(table, m.page), hosts: m.hosts.slice(0, 50).map((h) => whoIs(table, h)) };
  }
  if (m.type === 'page-links') {
    // The popup draws everything else itself; link cleaning needs the core,
    // compiled while the tab gathers its links.
    const [hrefs] = await Promise.all([api.tabs.sendMessage(m.tab, { type: 'page-links' }, { frameId: 0 }), startCore()]);
    const links = [];
    for (const href of (Array.isArray(hrefs) ? hrefs : []).slice(0, 2000)) {
      if (typeof href !== 'string' || href.length > 4096) continue;
      const report = cleanLink(href, m.lang);
      if (report.removed.length || report.warnings.length) links.push(report);
    }
    const blocking = categories().filter((c) => c.blocking).map((c) => c.name);
    return { links, blocking, noticeRemoved: noticeRemoved.has(m.tab) };
  }
  await startCore();
  if (m.type === 'scan-text') return scanText(m.text, m.lang);
  return cleanLink(m.url, m.lang);
}

// Tabs whose page took Silbato's notice away (until they navigate). Tabs are
// followed only while there is one: a listener registered at the start would
// wake the background at every navigation of every tab.
const noticeRemoved = new Set();
/** Tabs whose page made a frame before Silbato could wrap it (until they navigate). */
const lockedDown = new Set();
function forgetOnNavigation(tabId, change) {
  if (change.status !== 'loading') return;
  const had = noticeRemoved.delete(tabId);
  if (lockedDown.delete(tabId) || had) api.action.setBadgeText({ tabId, text: '' });
  if (!noticeRemoved.size && !lockedDown.size) api.tabs.onUpdated.removeListener(forgetOnNavigation);
}
/** Mark tab `tabId` in `set` with a red badge saying `title`, until it navigates. */
function flagTab(set, tabId, title) {
  set.add(tabId);
  if (!api.tabs.onUpdated.hasListener(forgetOnNavigation)) api.tabs.onUpdated.addListener(forgetOnNavigation);
  api.action.setBadgeBackgroundColor({ tabId, color: '#d93f2b' });
  api.action.setBadgeText({ tabId, text: '!' });
  api.action.setTitle({ tabId, title });
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== api.runtime.id || !isMessage('background', message)) return false;
  if (message.type === 'notice-removed') {
    const tabId = sender.tab && sender.tab.id;
    if (tabId === undefined) return false;
    flagTab(noticeRemoved, tabId, t('noticeRemovedTitle'));
    return false;
  }
  if (message.type === 'late-frame') {
    // One frame found a frame the page made before Silbato could wrap it:
    // every frame of the tab fails closed (content/realms.js).
    const tabId = sender.tab && sender.tab.id;
    if (tabId === undefined) return false;
    Promise.resolve(api.tabs.sendMessage(tabId, { type: 'lockdown', atPress: message.atPress === true })).catch(() => {});
    flagTab(lockedDown, tabId, t('lockedDownTitle'));
    return false;
  }
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
  await startCore();
  const report = cleanLink(url, lang);
  await api.tabs.sendMessage(tab.id, { type: 'copy', text: report.output, report }, { frameId: info.frameId ?? 0 });
}

(api.contextMenus ?? api.menus).onClicked.addListener((info, tab) => {
  onMenuClick(info, tab).catch(() => {});
});
// For the end-to-end tests, which cannot click a browser menu.
globalThis.silbatoMenuClick = onMenuClick;

api.runtime.onInstalled.addListener(async () => {
  // Settings missing or malformed get their defaults; the rest stay.
  const stored = await api.storage.local.get(Object.keys(DEFAULTS));
  const fixed = withDefaults(stored);
  const missing = Object.fromEntries(Object.entries(fixed).filter(([key, value]) => stored[key] === undefined || (typeof value !== 'object' && stored[key] !== value)));
  if (Object.keys(missing).length) await api.storage.local.set(missing);
  createMenus();
});
api.runtime.onStartup.addListener(createMenus);
