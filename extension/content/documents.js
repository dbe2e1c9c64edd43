// Page world: tell the upload guard (isolated world) about documents it
// could otherwise lose, as they happen:
// - `document.open()`, and `document.write()`/`writeln()` on a document that
//   has finished loading (which open it first), erase every listener of the
//   document and its window. The guard is told between the erasing and the
//   writing, so its listeners are back before anything written runs.
// - closed shadow roots: their inputs' events are retargeted or never leave
//   the root, so the guard is told of each one and listens inside it.
import { wrapMethod } from './natives.js';

const { apply } = Reflect;

/** Wrap document.open/write/writeln and attachShadow; `channel` is the page world's end of page-channel.js. */
export function watchDocuments(channel) {
  const open = wrapMethod(Document.prototype, 'open', (native) => ({
    open(...args) {
      const result = apply(native, this, args);
      // Only a document being reopened (not window.open's three-argument form) erases listeners.
      if (args.length < 3) channel.send('document-opened', { node: this });
      return result;
    },
  }).open);
  for (const name of ['write', 'writeln']) {
    wrapMethod(Document.prototype, name, (native) => ({
      [name](...text) {
        // A document no parser is writing into is opened first, as the
        // browser would do itself: here, so that the guard hears of it.
        if (open && this.readyState !== 'loading') this.open();
        return apply(native, this, text);
      },
    })[name]);
  }
  wrapMethod(Element.prototype, 'attachShadow', (native) => ({
    attachShadow(init) {
      const root = apply(native, this, [init]);
      if (init && init.mode === 'closed') channel.send('closed-root', { node: this });
      return root;
    },
  }).attachShadow);
}
