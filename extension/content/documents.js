// Page world: tell the upload guard (isolated world) about documents it
// could otherwise lose, as they happen:
// - `document.open()`, and `document.write()`/`writeln()` on a document that
//   has finished loading (which open it first), erase every listener of the
//   document and its window. The guard is told between the erasing and the
//   writing, so its listeners are back before anything written runs.
// - closed shadow roots: their inputs' events are retargeted or never leave
//   the root, so the guard is told of each one and listens inside it (and
//   insertions.js looks in them for frames).
import { rememberShadowRoot } from './insertions.js';
import { getOwnPropertyDescriptor } from './intrinsics.js';
import { realmTools } from './natives.js';

const { apply } = Reflect;
const WRITES = ['write', 'writeln'];
/** Documents a script opened (through any realm's wrapped open): still 'loading' as they are written, never by the network's parser. */
const scriptOpened = new WeakSet();
const { add: setAdd, has: setHas } = WeakSet.prototype;

/**
 * Wrap document.open/write/writeln and attachShadow of the realm `win` (this
 * one, or a same-origin frame's where no page-world script runs); `channel`
 * is the page world's end of page-channel.js; `reopened(doc)` is told when
 * a document was opened again here (its listeners, and the page world's
 * own, were erased).
 */
export function watchDocuments(channel, win = globalThis, reopened = () => {}) {
  const { callNative, natives, wrapMethod } = realmTools(win);
  const rootMode = getOwnPropertyDescriptor(win.ShadowRoot.prototype, 'mode').get;
  /** Is `node` a document (read natively: no page code runs)? */
  const isDocument = (node) => {
    try {
      apply(natives.readyState, node, []);
      return true;
    } catch {
      return false;
    }
  };
  const opened = {
    open(...args) {
      // Not a document: the browser's own error.
      if (!isDocument(this)) return callNative(nativeOpen, this, args);
      // Another frame's document reopened through this realm's function: its
      // own guard reopens it itself and puts its listeners back at once
      // (answering false), since this frame may be gone when open() returns.
      if (args.length < 3 && !channel.send('document-opening', { node: this })) return this;
      const result = callNative(nativeOpen, this, args);
      // Only a document being reopened (not window.open's three-argument form) erases listeners.
      if (args.length < 3) {
        apply(setAdd, scriptOpened, [this]);
        channel.send('document-opened', { node: this });
        try {
          reopened(this);
        } catch {
          // Its walks on clicks are lost; the wrapped functions still walk.
        }
      }
      return result;
    },
  }.open;
  const nativeOpen = wrapMethod(win.Document.prototype, 'open', () => opened);
  // (Index loops: a page may have replaced the array iterator by the time a frame's realm is wrapped.)
  for (let i = 0; i < WRITES.length; i++) {
    const name = WRITES[i];
    wrapMethod(win.Document.prototype, name, (native) => ({
      [name](...text) {
        // A document no parser is writing into is opened first, as the
        // browser would do itself: here (with Silbato's own open, not one a
        // page may have replaced), so that the guard hears of it.
        const loaded = isDocument(this) && apply(natives.readyState, this, []) !== 'loading';
        if (nativeOpen && loaded) {
          try {
            apply(opened, this, []);
          } catch {
            // Refused (an XML document, a write inside a custom element's
            // constructor): write refuses it too, and its own error is thrown.
          }
        }
        const result = callNative(native, this, text);
        // Shadow roots it declared (a document written after load, or one a
        // script opened, still 'loading' as it is written: attack 55's
        // openwrite): see below.
        if (loaded || apply(setHas, scriptOpened, [this])) channel.send('shadow-scan', { node: this });
        return result;
      },
    })[name]);
  }
  // Shadow roots made by the browser, not by attachShadow: a clone of a host
  // whose root is clonable, a declarative root parsed by setHTMLUnsafe,
  // parseHTMLUnsafe, setHTML or parseHTML (and one brought from another
  // document by adoptNode). The isolated world is told at once, before the page can
  // use them (its observer would hear of them only once the page's code has
  // run): the guard listens in each before the page can (guard.js
  // listenInRoot: a form's submit event does not leave its shadow tree).
  const scanned = (self, make) => (native) => make((that, args) => {
    const result = callNative(native, that, args);
    channel.send('shadow-scan', { node: self === 'result' ? result : that });
    return result;
  });
  const CLONES = [
    [win.Node && win.Node.prototype, 'cloneNode', 'result'],
    [win.Document && win.Document.prototype, 'importNode', 'result'],
    [win.Range && win.Range.prototype, 'cloneContents', 'result'],
    [win.Range && win.Range.prototype, 'extractContents', 'result'],
    [win.Element && win.Element.prototype, 'setHTMLUnsafe', 'this'],
    [win.ShadowRoot && win.ShadowRoot.prototype, 'setHTMLUnsafe', 'this'],
    [win.Document, 'parseHTMLUnsafe', 'result'],
    // The Sanitizer API's parsers keep declarative roots too (attack 54).
    [win.Element && win.Element.prototype, 'setHTML', 'this'],
    [win.ShadowRoot && win.ShadowRoot.prototype, 'setHTML', 'this'],
    [win.Document, 'parseHTML', 'result'],
    // A node adopted from another document (a frame's, a popup's) brings
    // the closed roots that document's parser made, told, if at all, only
    // to that document's own worlds (attack 55's srcdoc, blob).
    [win.Document && win.Document.prototype, 'adoptNode', 'result'],
  ];
  // (An index loop, no destructuring: a page may have replaced the array iterator by the time a frame's realm is wrapped.)
  for (let i = 0; i < CLONES.length; i++) {
    const proto = CLONES[i][0];
    const name = CLONES[i][1];
    const self = CLONES[i][2];
    if (!proto) continue;
    wrapMethod(proto, name, scanned(self, (call) => ({
      [name](...args) {
        return call(this, args);
      },
    })[name]));
  }
  wrapMethod(win.Element.prototype, 'attachShadow', (native) => ({
    attachShadow(...args) {
      const root = callNative(native, this, args);
      rememberShadowRoot(this, root);
      // Whether it is closed, read from the root itself (the page's init object is not read again).
      if (root && apply(rootMode, root, []) === 'closed') channel.send('closed-root', { node: this });
      // Its frames (which the walk does not see) watched by the isolated world.
      if (root) channel.send('shadow-root', { node: this });
      return root;
    },
  }).attachShadow);
}
