// Page world: every way a page can open a file picker goes through the
// upload guard. The guard's own listeners (isolated world) see the clicks
// that reach the window; these wrappers tell it about the rest, before the
// browser acts:
// - `click()` (from any prototype) or a dispatched click event on a file
//   input, which may not even be in the document (uploaders often create an
//   input, click it and never attach it: its events never reach the window);
// - `showPicker()`, which opens the picker without any event;
// - inputs inside closed shadow roots, whose events the window never sees
//   from the inside: the guard is told of each closed root (documents.js);
// - the File System Access pickers (`showOpenFilePicker`,
//   `showDirectoryPicker`), which hand the page files no guard can see: they
//   are removed, and pages fall back to a file input, as they do in
//   browsers without them.
// Told of a click, the guard cancels the browser's picker and opens its own,
// so that an original never enters the page's input (extension/content/guard.js).
import { wrapMethod } from './natives.js';

const { apply } = Reflect;
const isFileInput = (n) => n instanceof HTMLInputElement && n.type === 'file';

/** Wrap the picker-opening paths; `channel` is the page world's end of page-channel.js. */
export function holdPickers(channel) {
  // A click on a file input, however made: the guard listens on the input itself first.
  const tell = (input) => {
    if (isFileInput(input)) channel.send('file-click', { node: input });
  };
  wrapMethod(HTMLElement.prototype, 'click', (native) => ({
    click() {
      tell(this);
      return apply(native, this, []);
    },
  }).click);
  wrapMethod(EventTarget.prototype, 'dispatchEvent', (native) => ({
    dispatchEvent(event) {
      if (event instanceof Event && event.type === 'click') tell(this);
      return apply(native, this, [event]);
    },
  }).dispatchEvent);
  // showPicker fires no event: the guard opens its own picker instead, or, if
  // it is not there, the browser's opens.
  wrapMethod(HTMLInputElement.prototype, 'showPicker', (native) => ({
    showPicker() {
      if (isFileInput(this) && !channel.send('file-pick', { node: this })) return undefined;
      return apply(native, this, []);
    },
  }).showPicker);
  for (const name of ['showOpenFilePicker', 'showDirectoryPicker']) {
    if (name in globalThis) delete globalThis[name];
  }
}
