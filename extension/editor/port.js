// How the editor pages (editor.html for a photo, video.html for a video) get
// their work: the upload guard opens the page in a frame inside a closed
// shadow root, with a random token in its URL, and hands it a MessagePort
// with that token. Only a message from the frame's parent carrying the token
// is taken; each request on the port (channel `editor`, js/messages.js) is
// answered once with what `handle` resolves to.
//
// The frame lies in the page, and a page can draw over it (even in the top
// layer) and let the person's clicks through to it (`pointer-events: none`)
// to make them remove boxes and save. So the editor takes a click, a drag or
// a key only while its open dialog has been visible and unobscured for
// ARM_MS (IntersectionObserver v2 in Chromium; elsewhere, shown for ARM_MS),
// as the notice's buttons that release an original do. Leaving (Cancel,
// Stop, Escape) always works: it changes nothing.
import { isMessage } from '../../js/messages.js';

/** How long the editor must have been visible and unobscured before it takes input. */
export const ARM_MS = 800;
const HAS_VISIBILITY = typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;
/** What may always be pressed: leaving changes nothing. */
const LEAVE = '.fe-cancel, .cancel-video';

export function serveEditor(handle) {
  guardInput();
  const token = location.hash.slice(1);
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || !event.data || event.data.silbato !== token || !token || !event.ports[0]) return;
    const port = event.ports[0];
    port.onmessage = async ({ data }) => {
      if (!isMessage('editor', data)) return;
      port.postMessage(await handle(data));
    };
    port.postMessage({ type: 'hello' });
  });
}

/** Input reaches the editor only while its open dialog is seen (see above). */
function guardInput() {
  // Per dialog: since when it has been visible without a break (null: not now).
  const since = new Map();
  const watch = HAS_VISIBILITY
    ? new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            if (!e.isVisible) since.set(e.target, null);
            else if (since.get(e.target) == null) since.set(e.target, performance.now());
          }
        },
        { trackVisibility: true, delay: 100 },
      )
    : null;
  const seeDialogs = () => {
    for (const d of document.querySelectorAll('dialog')) {
      if (since.has(d)) continue;
      since.set(d, HAS_VISIBILITY ? null : performance.now());
      watch?.observe(d);
    }
  };
  new MutationObserver(seeDialogs).observe(document.documentElement, { childList: true, subtree: true });
  const seen = () => {
    const open = [...document.querySelectorAll('dialog[open]')].pop();
    const from = open ? since.get(open) : null;
    return from != null && performance.now() - from >= ARM_MS;
  };
  const stop = (e) => {
    if (e.type === 'keydown' && (e.key === 'Escape' || e.key === 'Tab')) return;
    if (e.target instanceof Element && e.target.closest(LEAVE)) return;
    if (seen()) return;
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  for (const type of ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'click', 'dblclick', 'keydown', 'keypress', 'keyup']) {
    window.addEventListener(type, stop, true);
  }
}
