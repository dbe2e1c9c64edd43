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
import { barrierChannel, barrierFiles } from './file-barrier.js';
import { holdPickers } from './pickers.js';
import { watchRealms } from './realms.js';
import { closedHostTold, shareGoing, shareMade, shareScan } from './insertions.js';
import { watchTyping } from './typed-watch.js';

const channel = pageEnd();
watchFingerprinting(channel);
const typing = watchTyping(channel);
shareMade(typing.madeByGroup);
shareGoing(typing.goingByGroup);
holdPickers(channel, globalThis);
barrierChannel(channel);
barrierFiles(globalThis);
// A document opened again loses every listener, the walk's too: put back.
const defaultViewOf = Object.getOwnPropertyDescriptor(Document.prototype, 'defaultView').get;
const relisten = (doc) => {
  const win = Reflect.apply(defaultViewOf, doc, []);
  if (win) realms.listen(win);
};
watchDocuments(channel, globalThis, relisten);

// Same-origin realms where this script does not run, which the page can
// still reach and use: a frame sandboxed without scripts, and the first
// empty document of a `srcdoc` or addressed frame or popup (Chromium runs
// no script in it, and a page can use it until its document arrives, or for
// ever if the address never answers). Each is wrapped from here, with this
// realm's guard hooks and typed-text watch, before the page can use it
// (realms.js says how each is found): the sandboxed one when its isolated
// world asks, as the frame appears; a first document as its frame is
// connected. The isolated world's upload guard is asked to listen in a
// first document too (its own is never run there). Realms where a copy of
// this script runs are left to it (typed-watch.js knows them: its group).
const { apply } = Reflect;
const documentOf = Object.getOwnPropertyDescriptor(globalThis, 'document').get;
const nativeWindowOf = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow').get;
const realms = watchRealms({
  claim: (doc, sure) => typing.claim(doc, sure),
  // A frame the page made before Silbato could wrap it: every frame of the
  // tab fails closed (realms.js), told through the isolated world.
  late: (atPress) => {
    typing.lockGroup();
    channel.send('late-frame', { detail: atPress ? 'press' : '' });
  },
  // A copy of the same-origin group locked down (another frame's, before this document was made).
  locked: () => typing.groupLocked(),
  groupDocuments: () => typing.groupDocuments(),
  // A popup opened: the guard looks there too when an edit is undone (guard.js onHistory).
  popup: (win) => channel.send('popup', { node: win }),
  // What fails here throws, and the realm is wrapped again when next seen;
  // the typed-text watch last, on its own (it must not wrap twice). Each of
  // the three guard steps is taken even if one before it failed (a frame's
  // insertions then still walk: attack 27), and the first failure thrown.
  arm(win, sure) {
    let failed = null;
    const step = (fn) => {
      try {
        fn();
      } catch (e) {
        if (!failed) failed = { e };
      }
    };
    step(() => holdPickers(channel, win));
    // Where the isolated worlds share nothing (Firefox), a realm claimed here
    // only in doubt may have a copy, and a guard, of its own: two barriers
    // asking two guards that each take the other's cleaned copy for
    // unknown files would hand them back and forth for ever. Its own copy's
    // barrier stands there; a realm sure to have none gets this one's.
    if (!typing.unshared() || sure) step(() => barrierFiles(win));
    step(() => watchDocuments(channel, win, relisten));
    step(() => realms.hook(win));
    if (failed) throw failed.e;
    // A sandboxed frame has its own isolated world and guard; a first
    // document (in a shadow tree or not) has neither.
    if (sure !== 'sandboxed') channel.send('guard-realm', { node: apply(documentOf, win, []) });
    try {
      typing.armRealm(win);
    } catch {
      // The upload guard holds there; only the typed-text watch is missing.
    }
  },
});
realms.hook(globalThis);
// A frame element, or its window (a frame in a shadow tree: an element
// would reach this world as its host, retargeted, so its window is sent).
// `arm-realm`: a sandboxed frame asking (it has an isolated world of its
// own); `arm-shadow-realm`: the isolated world handing over the window of a
// frame in a shadow tree (its first document has no isolated world).
const armFrom = (sure) => (_, frame) => {
  let win = null;
  try {
    win = frame && apply(nativeWindowOf, frame, []);
  } catch {
    win = frame;
  }
  try {
    realms.reach(win, sure);
  } catch {
    // Not of this origin after all: the page cannot reach it either.
  }
};
// This document opened again by the isolated world (asked from another frame).
channel.on('document-reopened', (_, doc) => relisten(doc));
// A closed shadow root this world did not see made (insertions.js closedHostTold).
channel.on('closed-host', (_, host) => closedHostTold(host, false));
channel.on('closed-host-within', (_, host) => closedHostTold(host, true));
shareScan((node) => channel.send('shadow-scan', { node }));
channel.on('arm-realm', armFrom('sandboxed'));
channel.on('arm-shadow-realm', armFrom('shadow'));
channel.on('lockdown', () => {
  realms.lockDown();
  typing.lockGroup();
});
