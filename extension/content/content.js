// The content scripts' one entry (the isolated world, every frame, at
// document_start, before any page script): the upload guard, the typing
// guard with the watch on typed text leaving the page, and, in the top
// frame, the page scan the popup asks for. The build
// bundles this file and what it imports into one classic script.
import { api } from '../../js/ext.js';
import { isMessage } from '../../js/messages.js';
import { startBeforeTyping } from './before-typing.js';
import { startCopyClean } from './copy-clean.js';
import { startGuard } from './guard.js';
import { ensureListening, keepListening } from './listeners.js';
import { isolatedEnd } from './page-channel.js';
import { watchShadowFrames } from './shadow-frames.js';
import { startScan } from './scan.js';
import { startTyping } from './typing.js';

/** Where each frame's guard can be asked to put its listeners back (isolated world only). */
const ENSURE = '__silbatoEnsureListening';
/** Where a frame's parent guard can be asked to wrap that frame's realm (see page-world.js). */
const ARM = '__silbatoArmRealm';
/** Where a frame's isolated world keeps the node of its typed-text watch group (see typed-watch.js). */
const GROUP = '__silbatoTypedGroup';
/** Where each frame's guard can be asked to reopen its own document itself (see documents.js). */
const REOPEN = '__silbatoReopen';
// On the group's node: the files the group's guards vouch for.
const OWN_FILES = '__silbatoOwnFiles';

// Without the extension's API (a context where it is not given), do nothing.
if (api && api.runtime && api.runtime.id) {
  // In Chromium the page world, first in the manifest, has run by now wherever it runs.
  const channel = isolatedEnd({ late: !api.runtime.getURL('').startsWith('chrome-extension:') });
  keepListening();
  // The page world says when a document is being replaced, before anything
  // written runs: this one, or another same-origin frame's, reopened through
  // this realm's functions. The isolated worlds of same-origin frames share
  // what they put on each other's window (the page sees none of it), so the
  // other frame's guard is reached through its window.
  window[ENSURE] = () => ensureListening(true);
  // A frame whose page world never joined (a same-origin frame sandboxed
  // without scripts, where none runs) asks its parent's page world to wrap
  // this realm's built-ins, which the page can reach from outside.
  window[ARM] = (frame) => channel.send('arm-realm', { node: frame });
  // Frames in shadow trees, which the page world's walk cannot see; the
  // guard listens in their first documents too (`arm-shadow-realm`).
  // Every shadow root it sees is also listened in by the guard, once started
  // (a form's submit event does not leave its shadow tree: guard.js onSubmit).
  // The page world is told of each closed root's host (it cannot open one
  // it did not see made: a file input inside is then looked at by the
  // guard as the host is inserted, insertions.js closedHostTold); a host in
  // a shadow tree reaches it as the outermost host ('closed-host-within').
  const rootsSeen = [];
  let onRoot = (root) => rootsSeen.push(root);
  const toldClosed = new WeakSet();
  const tellClosed = (root) => {
    if (root.mode !== 'closed' || toldClosed.has(root)) return;
    toldClosed.add(root);
    const host = root.host;
    const outer = host.getRootNode();
    const within = outer !== host && outer.nodeType === Node.DOCUMENT_FRAGMENT_NODE && 'host' in outer;
    channel.send(within ? 'closed-host-within' : 'closed-host', { node: host });
  };
  const shadows = watchShadowFrames(
    (frame) => channel.send('arm-shadow-realm', { node: frame.contentWindow }),
    (root) => {
      tellClosed(root);
      onRoot(root);
    },
  );
  channel.on('shadow-root', (_, host) => shadows.watchHost(host));
  channel.on('shadow-scan', (_, node) => shadows.scan(node));
  if (!channel.joined() && window !== window.parent) {
    try {
      const parent = window.parent;
      // This window, not its frame element (which a shadow tree would retarget to its host).
      if (parent && typeof parent[ARM] === 'function') parent[ARM](window);
    } catch {
      // Another origin: the page cannot reach this realm either.
    }
  }
  // The typed-text watches of the tab's same-origin realms form a group
  // (typed-watch.js): every frame hands its page world the same private
  // node, its nearest same-origin ancestor's (through cross-origin frames
  // too), or its opener's for a popup, or a new one.
  let group = null;
  try {
    let w = window;
    for (let i = 0; i < 16 && !group; i++) {
      const up = w !== w.parent ? w.parent : w.opener;
      if (!up || up === w) break;
      w = up;
      try {
        group = w[GROUP] || null;
      } catch {
        // Another origin: look further up.
      }
    }
  } catch {
    // No way up: a group of its own.
  }
  window[GROUP] = group || document.createElement('silbato-group');
  // In Firefox each frame's content script is a sandbox of its own: what one
  // puts on a window (window[GROUP]) no other frame's finds, so no group is
  // ever shared there, and the page world is told (typed-watch.js claim).
  const unshared = chrome.runtime.getURL('').startsWith('moz-extension:');
  const sendGroup = () => {
    if (unshared) channel.send('group-unshared', {});
    channel.send('group', { node: window[GROUP] });
  };
  channel.on('group?', sendGroup);
  if (channel.joined()) sendGroup();
  const nativeOpen = Document.prototype.open;
  window[REOPEN] = () => {
    Reflect.apply(nativeOpen, document, []);
    ensureListening(true);
    // The page world's own listeners were erased too.
    channel.send('document-reopened', { node: document });
    return true;
  };
  channel.on('document-opening', (_, doc) => {
    if (!doc || doc === document) return undefined;
    try {
      const other = doc.defaultView;
      if (other && typeof other[REOPEN] === 'function' && other[REOPEN]()) return false;
    } catch {
      // Another origin: its own guard hears of it from its own realm.
    }
    return undefined;
  });
  let guard = null;
  channel.on('document-opened', (_, doc) => {
    if (doc === document) return ensureListening(true);
    try {
      const other = doc && doc.defaultView;
      if (other && typeof other[ENSURE] === 'function') other[ENSURE]();
      // A first document the guard listens in from here (it has no guard of its own).
      else if (guard) guard.watchRealm(doc);
    } catch {
      // Another origin: its own guard hears of it from its own realm.
    }
  });
  // The files the page may read, shared by the guards of the group (guard.js, file-barrier.js).
  const shared = window[GROUP];
  if (!shared[OWN_FILES]) shared[OWN_FILES] = new Set();
  guard = startGuard(channel, { ownFiles: shared[OWN_FILES] });
  onRoot = guard.listenInRoot;
  for (const root of rootsSeen.splice(0)) guard.listenInRoot(root);
  // A first document the page world wrapped: the guard listens in its
  // window, and its shadow trees are watched from here (it has no isolated
  // world of its own).
  channel.on('guard-realm', (_, doc) => {
    guard.watchRealm(doc);
    try {
      shadows.watchDocument(doc);
    } catch {
      // Gone, or another origin after all.
    }
  });
  // A frame the page made before Silbato could wrap it (realms.js): every
  // frame of the tab fails closed, and the top one says so.
  channel.on('late-frame', (detail) => {
    Promise.resolve(api.runtime.sendMessage({ type: 'late-frame', atPress: detail === 'press' })).catch(() => {});
  });
  // The notice waits for the person's press (found at one, it comes at
  // once): shown before, it would tell a page that made such a frame on
  // purpose that Silbato is there (attack25's noticeprobe); the toolbar's
  // badge says it at once.
  let lockedDown = false;
  const tellAtPress = (event) => {
    if (!event.isTrusted) return;
    for (const type of ['pointerdown', 'keydown']) window.removeEventListener(type, tellAtPress, true);
    guard.lockedDown();
  };
  api.runtime.onMessage.addListener((message) => {
    if (!isMessage('tab', message) || message.type !== 'lockdown' || lockedDown) return false;
    lockedDown = true;
    channel.send('lockdown');
    if (window.top !== window) return false;
    if (message.atPress) guard.lockedDown();
    else for (const type of ['pointerdown', 'keydown']) window.addEventListener(type, tellAtPress, true);
    return false;
  });
  const watch = startBeforeTyping(channel);
  const typing = startTyping(watch);
  startCopyClean();
  if (window.top === window) startScan(channel, watch, typing);
}
