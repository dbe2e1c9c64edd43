// Background (a service worker in Chromium, an event page in Firefox): it
// only sets the defaults on install. The upload guard runs in the page's
// content script and in the cleaner frame; nothing here touches files.
const api = globalThis.browser ?? globalThis.chrome;

api.runtime.onInstalled.addListener(async () => {
  const { mode } = await api.storage.local.get('mode');
  if (mode !== 'auto' && mode !== 'ask') {
    await api.storage.local.set({ mode: 'auto', sites: {} });
  }
});
