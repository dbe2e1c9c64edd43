// The phone's share sheet, both ways. In: the installed page is a Web Share
// Target (manifest.webmanifest `share_target`); the service worker (sw.js)
// receives the shared files and opens ./index.html?share, and the page asks
// it for them in a message, so they never touch the network or any storage.
// On: navigator.share({ files }) sends the cleaned copies to the app people
// post with, where the browser can share files (checked with
// navigator.canShare); elsewhere downloading stays.

/** How long the page waits for the service worker to hand over a share before saying nothing came. */
const SHARE_WAIT_MS = 30000;

/** Was this page opened by a share (./index.html?share)? */
export const openedByShare = () => new URLSearchParams(location.search).has('share');

/**
 * The files shared to Silbato, from the service worker; [] if nothing came
 * (shared long ago, or the worker was restarted). The `?share` is taken out
 * of the address so that a reload does not ask again.
 */
export async function sharedFiles() {
  history.replaceState(null, '', location.pathname);
  if (!('serviceWorker' in navigator)) return [];
  const sw = navigator.serviceWorker;
  const answer = new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), SHARE_WAIT_MS);
    sw.addEventListener('message', function onMessage(e) {
      if (e.data?.type !== 'silbato-shared') return;
      sw.removeEventListener('message', onMessage);
      clearTimeout(timer);
      const files = Array.isArray(e.data.files) ? e.data.files.filter((f) => f instanceof File) : [];
      resolve(files);
    });
  });
  sw.startMessages();
  const registration = await sw.ready;
  (sw.controller || registration.active)?.postMessage({ type: 'silbato-share-ready' });
  return answer;
}

/** Can this browser share files at all? (Chromium on Android, Safari, Chromium on Windows and ChromeOS; not desktop Linux or Firefox.) */
export function canShareFiles() {
  if (typeof navigator.share !== 'function' || typeof navigator.canShare !== 'function') return false;
  try {
    return navigator.canShare({ files: [new File([new Uint8Array(1)], 'photo.jpg', { type: 'image/jpeg' })] });
  } catch {
    return false;
  }
}

/**
 * Share `files` on; 'shared', 'cancelled' (the person closed the sheet) or
 * 'failed' (this browser refuses these files: too many, or a type it does
 * not share).
 */
export async function shareOn(files) {
  try {
    if (!files.length || !navigator.canShare({ files })) return 'failed';
    await navigator.share({ files });
    return 'shared';
  } catch (e) {
    return e?.name === 'AbortError' ? 'cancelled' : 'failed';
  }
}
