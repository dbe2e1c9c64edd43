// The content scripts' entry in the page's own (MAIN) world, every frame,
// at document_start, before any page script: the fingerprinting watch, the
// watch on typed text leaving the page and on session recorders, and
// the hooks that keep every file picker and every replaced document within
// the upload guard's reach. The build bundles this file and what it imports
// into one classic script. Nothing here can reach the extension's API; it
// talks to the isolated world only through the private channel.
import { watchDocuments } from './documents.js';
import { callNative, wrapAccessor, wrapMethod } from './natives.js';
import { watchFingerprinting } from './fingerprint.js';
import { pageEnd } from './page-channel.js';
import { holdPickers } from './pickers.js';
import { watchTyping } from './typed-watch.js';

const channel = pageEnd();
watchFingerprinting(channel);
const typing = watchTyping(channel);
holdPickers(channel, globalThis);
watchDocuments(channel, globalThis);

// Same-origin realms where this script does not run, which the page can
// still reach and use: a frame sandboxed without scripts, and the first
// empty document of a `srcdoc` or addressed frame or popup (Chromium runs
// no script in it, and a page can use it until its document arrives). They
// are wrapped from here, with this realm's guard and typed-text watch: the
// sandboxed one when its isolated-world guard asks, as the frame appears;
// any of them when the page reaches it through a frame element or
// `window.open`. One reached only as `window.frames[i]` or `window[name]`
// is not (no function stands between the page and it). Realms
// where a copy of this script runs are left to it (typed-watch.js knows
// them: its group).
const { apply } = Reflect;
function arm(win) {
  holdPickers(channel, win);
  watchDocuments(channel, win);
  typing.armRealm(win);
}
const nativeWindowOf = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow').get;
channel.on('arm-realm', (_, frame) => {
  try {
    const win = frame && apply(nativeWindowOf, frame, []);
    if (!win || win === window || !typing.claim(win.document, true)) return;
    arm(win);
  } catch {
    // Not of this origin after all: the page cannot reach it either.
  }
});
/** The page reached `win` through a frame element: wrap its realm if nothing watches it. */
function reached(win) {
  try {
    if (!win || win === window || !typing.claim(win.document, false)) return;
    arm(win);
  } catch {
    // Another origin: the page cannot use its built-ins.
  }
}
// A popup opened with an address keeps its first, empty document until the
// address loads: the page can use it in the meantime.
wrapMethod(globalThis, 'open', (native) => ({
  open(...args) {
    const result = callNative(native, this, args);
    reached(result);
    return result;
  },
}).open);
const defaultView = Object.getOwnPropertyDescriptor(Document.prototype, 'defaultView').get;
for (const C of [globalThis.HTMLIFrameElement, globalThis.HTMLFrameElement, globalThis.HTMLObjectElement]) {
  const proto = C && C.prototype;
  const d = proto && Object.getOwnPropertyDescriptor(proto, 'contentDocument');
  const documentOf = d && d.get;
  if (!documentOf) continue;
  for (const name of ['contentWindow', 'contentDocument']) {
    wrapAccessor(proto, name, 'get', (native) =>
      Object.getOwnPropertyDescriptor(
        {
          get x() {
            const result = callNative(native, this, []);
            try {
              // Its document: null for another origin's frame (nothing thrown, nothing to wrap).
              const doc = name === 'contentDocument' ? result : result && apply(documentOf, this, []);
              if (doc) reached(apply(defaultView, doc, []));
            } catch {
              // Watching never breaks the page.
            }
            return result;
          },
        },
        'x',
      ).get,
    );
  }
}
