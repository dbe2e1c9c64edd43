// Page world: every way a page can open a file picker goes through the
// upload guard. The guard's own listeners (isolated world) see the clicks
// that reach the window; these wrappers handle the rest before the browser
// acts:
// - `click()` (from any prototype of this realm) or a dispatched click on a
//   file input, which may not even be in the document (uploaders often
//   create an input, click it and never attach it: its events never reach
//   the window), and `showPicker()`, which opens the picker with no event:
//   the wrapper asks the guard to open its own picker for that input, and
//   the browser's is never asked for. The page still sees its click event,
//   already cancelled.
// - inputs inside closed shadow roots, whose events the window never sees
//   from the inside: the guard is told of each closed root (documents.js);
// - the File System Access pickers (`showOpenFilePicker`,
//   `showDirectoryPicker`), which hand the page files no guard can see: they
//   are removed, and pages fall back to a file input, as they do in
//   browsers without them.
// Every built-in used here was taken before any page script ran (natives.js).
import { realmTools } from './natives.js';

const { apply } = Reflect;
/** Picker APIs removed from every realm. */
const GONE = ['showOpenFilePicker', 'showDirectoryPicker'];
/** The members of a page's click copied onto the cancelled one, read with the native getters (a page's own getters are never called). */
const COPIED = ['clientX', 'clientY', 'screenX', 'screenY', 'ctrlKey', 'shiftKey', 'altKey', 'metaKey'];
const getters = COPIED.map((name) => Reflect.getOwnPropertyDescriptor(MouseEvent.prototype, name).get);
function mouseInit(e) {
  const init = { __proto__: null, bubbles: true, cancelable: true, composed: true };
  for (let i = 0; i < COPIED.length; i++) {
    try {
      init[COPIED[i]] = apply(getters[i], e, []);
    } catch {
      // Not a mouse event: left at its default.
    }
  }
  return init;
}

/**
 * Wrap the picker-opening paths of the realm `win` (this one, or a
 * same-origin frame's where no page-world script runs); `channel` is the page
 * world's end of page-channel.js.
 */
export function holdPickers(channel, win = globalThis) {
  const { callNative, eventType, isFileInput, natives, wrapMethod } = realmTools(win);
  const preventDefault = win.Event.prototype.preventDefault;
  /** Ask the guard to open its own picker for `input`; false when it is not there to do so. */
  const guardPicks = (input) => !channel.send('file-pick', { node: input });
  /** A click event the page can still hear, cancelled before it is sent, so the browser opens nothing. */
  const cancelledClick = (init) => {
    const click = new natives.MouseEvent('click', init);
    apply(preventDefault, click, []);
    return click;
  };

  wrapMethod(win.HTMLElement.prototype, 'click', (native) => ({
    click() {
      if (!isFileInput(this) || !guardPicks(this)) return callNative(native, this, []);
      apply(natives.dispatch, this, [cancelledClick({ __proto__: null, bubbles: true, cancelable: true, composed: true })]);
      return undefined;
    },
  }).click);
  wrapMethod(win.EventTarget.prototype, 'dispatchEvent', (native) => ({
    dispatchEvent(...args) {
      // Called as it came unless it is a click on a file input (a wrong call throws what the browser throws).
      const event = args[0];
      if (args.length < 1 || eventType(event) !== 'click' || !isFileInput(this) || !guardPicks(this)) return callNative(native, this, args);
      // The page's own event cannot be stopped from opening the browser's
      // picker if it is not cancelable: a cancelled copy goes instead.
      apply(native, this, [cancelledClick(mouseInit(event))]);
      return false;
    },
  }).dispatchEvent);
  wrapMethod(win.HTMLInputElement.prototype, 'showPicker', (native) => ({
    showPicker() {
      if (isFileInput(this) && guardPicks(this)) return undefined;
      return callNative(native, this, []);
    },
  }).showPicker);
  // (An index loop: a page may have replaced the array iterator by the time a frame's realm is wrapped.)
  for (let i = 0; i < GONE.length; i++) if (GONE[i] in win) delete win[GONE[i]];
}
