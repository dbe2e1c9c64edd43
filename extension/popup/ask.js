// The popup's first script: a classic script at the top of <head>, so that
// everything the check needs is asked for before the stylesheet, the modules
// and the body are read (every millisecond here is one the person waits):
// - the page's scan, straight from its content script;
// - the tracker table, from the extension's own files (read in place by
//   js/tracker-table.js: no core, no parsing);
// - and, as a function popup.js calls once the check is drawn, the page's
//   links cleaned by the background with the core (the only part that needs
//   wasm: when Chromium has stopped the background, starting it and
//   compiling the core would compete with the first drawing for the
//   processor; measured, asking after drawing gave the check sooner and the
//   links about as soon).
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
  // Asked once the check is drawn (popup.js): waking the background and
  // compiling the core would compete with drawing it for the processor.
  const links = () => tab.then((id) => (id == null ? null : api.runtime.sendMessage({ type: 'page-links', tab: id, lang }))).then(mark('links'));
  const table = fetch(api.runtime.getURL('data/trackers.bin')).then((r) => r.arrayBuffer());
  for (const p of [scan, table]) p.catch(() => {});
  globalThis.silbatoCheck = { tab, scan, links, table };
}
