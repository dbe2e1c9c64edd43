// The popup's first script: a classic script at the top of <head>, so that
// everything the check needs is asked for before the stylesheet, the modules
// and the body are read (every millisecond here is one the person waits):
// - the page's scan, straight from its content script;
// - the tracker table, from the extension's own files (read in place by
//   js/tracker-table.js: no core, no parsing);
// - the page's links, cleaned by the background with the core (the only part
//   that needs wasm: when Chromium has stopped the background, it starts
//   and compiles the core meanwhile, and the links are drawn when they come).
// popup.js picks the answers up from globalThis.silbatoCheck.
'use strict';
{
  const api = globalThis.browser ?? globalThis.chrome;
  performance.mark('popup-start');
  const q = new URLSearchParams(location.search).get('tab');
  const tab = q && /^\d+$/.test(q) ? Promise.resolve(Number(q)) : api.tabs.query({ active: true, currentWindow: true }).then(([t]) => (t ? t.id : null));
  const lang = api.i18n.getMessage('lang') === 'es' ? 'es' : 'en';
  const mark = (name) => (answer) => (performance.mark(name), answer);
  const scan = tab.then((id) => (id == null ? null : api.tabs.sendMessage(id, { type: 'page-scan' }, { frameId: 0 }))).then(mark('scanned'));
  const links = tab.then((id) => (id == null ? null : api.runtime.sendMessage({ type: 'page-links', tab: id, lang }))).then(mark('links'));
  const table = fetch(api.runtime.getURL('data/trackers.bin')).then((r) => r.arrayBuffer());
  for (const p of [scan, links, table]) p.catch(() => {});
  globalThis.silbatoCheck = { tab, scan, links, table };
}
