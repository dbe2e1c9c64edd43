// The popup's first script: a classic script at the top of <head>, so the
// page check is asked for before the stylesheet, the modules and the body
// are read (every millisecond here is one the person waits). popup.js picks
// the answer up from globalThis.silbatoCheck.
'use strict';
{
  const api = globalThis.browser ?? globalThis.chrome;
  performance.mark('popup-start');
  const q = new URLSearchParams(location.search).get('tab');
  const tab = q && /^\d+$/.test(q) ? Promise.resolve(Number(q)) : api.tabs.query({ active: true, currentWindow: true }).then(([t]) => (t ? t.id : null));
  const lang = api.i18n.getMessage('lang') === 'es' ? 'es' : 'en';
  const check = tab.then((id) => (id == null ? null : api.runtime.sendMessage({ type: 'page-check', tab: id, lang }))).then((a) => (performance.mark('answered'), a));
  check.catch(() => {});
  globalThis.silbatoCheck = { tab, check };
}
