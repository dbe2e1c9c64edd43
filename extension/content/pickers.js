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
// - a click on a label (or inside one) whose control is a file input is a
//   pick of that input (the label's activation clicks it inside the call,
//   where no listener of the guard's hears a detached one: attack42's
//   labelfile); a disabled file input's dispatched click is cancelled (a
//   listener could enable it before the activation reads it:
//   disabledswitch);
// - an input made a file input while a click is dispatched at it: the
//   browser reads the type again as the click's activation runs, after every
//   listener, so the picker would be the browser's. Which inputs are being
//   clicked now is kept here (`beingClicked`); realms.js's attribute and
//   `type` wrappers put the type back (attack42's typeswitch… ways).
// Every built-in used here was taken before any page script ran (natives.js).
import { push } from './intrinsics.js';
import { realmTools } from './natives.js';

const { apply } = Reflect;
const getterOf = (proto, name) => Reflect.getOwnPropertyDescriptor(proto, name).get;
const eventPhaseOf = getterOf(Event.prototype, 'eventPhase');
const { composedPath } = Event.prototype;
const labelControlOf = getterOf(HTMLLabelElement.prototype, 'control');
const localNameOf = getterOf(Element.prototype, 'localName');
const namespaceOf = getterOf(Element.prototype, 'namespaceURI');
const parentOf = getterOf(Node.prototype, 'parentNode');
const disabledOf = getterOf(HTMLInputElement.prototype, 'disabled');
const addListener = EventTarget.prototype.addEventListener;
const read = (getter, self, fallback) => {
  try {
    return apply(getter, self, []);
  } catch {
    return fallback;
  }
};
const htmlName = (n) => (read(namespaceOf, n, null) === 'http://www.w3.org/1999/xhtml' ? read(localNameOf, n, '') : '');
/** Elements a click on which is never a label's (interactive content: it keeps its own activation). */
const OWN_ACTIVATION = { __proto__: null, input: true, button: true, select: true, textarea: true, a: true };
/** The label a click on `el` activates: `el`, or the nearest label it is in (null: none). */
function labelOf(el) {
  const name = htmlName(el);
  if (name === 'label') return el;
  if (OWN_ACTIVATION[name] === true) return null;
  let n = read(parentOf, el, null);
  for (let depth = 0; n && depth < 64; depth++, n = read(parentOf, n, null)) if (htmlName(n) === 'label') return n;
  return null;
}
const controlOf = (el) => {
  const label = labelOf(el);
  return label ? read(labelControlOf, label, null) : null;
};

/** The inputs a wrapped click runs the native call for now (each, and a label's control). */
const clicking = [];
/** The latest click events seen at the windows (capture, before any page listener). */
const RECENT = 8;
const recentClicks = [];
let recentAt = 0;
function recordClick(event) {
  recentClicks[recentAt] = event;
  recentAt = (recentAt + 1) % RECENT;
}
/** Mark what a click on `el` may activate (it, a label's control); how many were pushed. */
function markClicking(el) {
  push(clicking, el);
  const control = controlOf(el);
  if (!control) return 1;
  push(clicking, control);
  return 2;
}
/** Is a click being dispatched now at `input` (or at a label whose control it is)? */
export function beingClicked(input) {
  for (let i = 0; i < clicking.length; i++) if (clicking[i] === input) return true;
  for (let i = 0; i < recentClicks.length; i++) {
    const event = recentClicks[i];
    if (!event || read(eventPhaseOf, event, 0) === 0) continue;
    let path;
    try {
      path = apply(composedPath, event, []);
    } catch {
      continue;
    }
    for (let k = 0; k < path.length; k++) {
      if (path[k] === input) return true;
      if (htmlName(path[k]) === 'label' && read(labelControlOf, path[k], null) === input) return true;
    }
  }
  return false;
}
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
  /** The file input a click on `el` opens: itself, or a label's control (null: none). */
  const fileInputOf = (el) => {
    if (isFileInput(el)) return el;
    const control = controlOf(el);
    return control && isFileInput(control) ? control : null;
  };
  /** Is the file input `input` disabled now? */
  const disabled = (input) => read(disabledOf, input, false) === true;
  try {
    apply(addListener, win, ['click', recordClick, true]);
  } catch {
    // Not a window that takes listeners.
  }
  /** A click event the page can still hear, cancelled before it is sent, so the browser opens nothing. */
  const cancelledClick = (init) => {
    const click = new natives.MouseEvent('click', init);
    apply(preventDefault, click, []);
    return click;
  };

  wrapMethod(win.HTMLElement.prototype, 'click', (native) => ({
    click() {
      const input = fileInputOf(this);
      // (A disabled input's own click() opens nothing; a label's would click its control, which a listener may enable.)
      const refused = input !== null && (disabled(input) ? input !== this : guardPicks(input));
      if (!refused) {
        const marked = markClicking(this);
        try {
          return callNative(native, this, []);
        } finally {
          clicking.length -= marked;
        }
      }
      apply(natives.dispatch, this, [cancelledClick({ __proto__: null, bubbles: true, cancelable: true, composed: true })]);
      return undefined;
    },
  }).click);
  wrapMethod(win.EventTarget.prototype, 'dispatchEvent', (native) => ({
    dispatchEvent(...args) {
      // Called as it came unless it is a click on a file input or a label of one (a wrong call throws what the browser throws); a disabled one's is cancelled.
      const event = args[0];
      const isClick = args.length >= 1 && eventType(event) === 'click';
      const input = isClick ? fileInputOf(this) : null;
      if (input === null || (!disabled(input) && !guardPicks(input))) {
        if (!isClick) return callNative(native, this, args);
        const marked = markClicking(this);
        try {
          return callNative(native, this, args);
        } finally {
          clicking.length -= marked;
        }
      }
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
