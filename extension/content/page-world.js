// The content scripts' entry in the page's own (MAIN) world, every frame,
// at document_start, before any page script: the fingerprinting watch, the
// watch on typed text leaving the page and on session recorders, and
// the hooks that keep every file picker and every replaced document within
// the upload guard's reach. The build bundles this file and what it imports
// into one classic script. Nothing here can reach the extension's API; it
// talks to the isolated world only through the private channel.
import { watchDocuments } from './documents.js';
import { watchFingerprinting } from './fingerprint.js';
import { pageEnd } from './page-channel.js';
import { holdPickers } from './pickers.js';
import { watchTyping } from './typed-watch.js';

const channel = pageEnd();
watchFingerprinting(channel);
watchTyping(channel);
holdPickers(channel);
watchDocuments(channel);

// A same-origin frame where this script cannot run (sandboxed without
// scripts: the page can still reach its built-ins and use them here): its
// isolated-world guard asks, through ours, as the frame appears, and its
// realm's picker paths and documents are wrapped from here.
const armed = new WeakSet();
channel.on('arm-realm', (_, frame) => {
  try {
    const win = frame && frame.contentWindow;
    if (!win || armed.has(win) || win === window) return;
    armed.add(win);
    holdPickers(channel, win);
    watchDocuments(channel, win);
  } catch {
    // Not of this origin after all: the page cannot reach it either.
  }
});
