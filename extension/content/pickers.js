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
// - a click on a label (or inside one, but for interactive content) is
//   cancelled, and the label's activation made here once the page's
//   listeners have heard it: its control as it is then is a pick when it is
//   a file input (the browser's activation would click it inside the call,
//   where no listener of the guard's hears a detached one, and reads the
//   control only then: attack42's labelfile, attack43's labelswapfile); a
//   disabled file input's dispatched click is cancelled (a listener could
//   enable it before the activation reads it: disabledswitch);
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
const { matches, hasAttribute } = Element.prototype;
const inputTypeOf = getterOf(HTMLInputElement.prototype, 'type');
const { getRootNode } = Node.prototype;
const hostOf = getterOf(ShadowRoot.prototype, 'host');
const assignedSlotOf = getterOf(Element.prototype, 'assignedSlot');
const textSlotOf = getterOf(Text.prototype, 'assignedSlot');
const nodeTypeOf = getterOf(Node.prototype, 'nodeType');
const nativeClick = HTMLElement.prototype.click;
const addListener = EventTarget.prototype.addEventListener;
const { has: weakHas, add: weakAdd } = WeakSet.prototype;
const read = (getter, self, fallback) => {
  try {
    return apply(getter, self, []);
  } catch {
    return fallback;
  }
};
const htmlName = (n) => (read(namespaceOf, n, null) === 'http://www.w3.org/1999/xhtml' ? read(localNameOf, n, '') : '');
const has = (el, name) => {
  try {
    return apply(hasAttribute, el, [name]) === true;
  } catch {
    return false;
  }
};
/**
 * Interactive content, whose own activation a click on it keeps (a label it
 * is in activates nothing), as Chromium counts it; anything else inside a
 * label is taken as the label's (when in doubt, Silbato's picker opens
 * where the browser's would not: attack43's labelhidden, labelanchor).
 */
function interactive(n) {
  const name = htmlName(n);
  if (name === 'button' || name === 'select' || name === 'textarea' || name === 'iframe' || name === 'embed' || name === 'label') return true;
  if (name === 'input') return read(inputTypeOf, n, '') !== 'hidden';
  if (name === 'a') return has(n, 'href');
  if (name === 'img' || name === 'object') return has(n, 'usemap');
  if (name === 'audio' || name === 'video') return has(n, 'controls');
  return false;
}
/**
 * The label a click on `el` activates: `el`, or the nearest label on its
 * event path (through the slot it is shown in, and out of a shadow root to
 * its host) with no interactive content between (null: none). No bound:
 * Chromium's activation has none, and a walk given up let its own picker
 * fill a detached input unseen (attack 44's labeldeep, 70 deep, and
 * labelshadow, a span in a shadow root whose host is in the label).
 */
function labelOf(el) {
  for (let n = el; n; n = pathParent(n)) {
    if (htmlName(n) === 'label') return n;
    if (interactive(n)) return null;
  }
  return null;
}
/** The node after `n` on an event's path: its slot, its parent, or a shadow root's host. */
function pathParent(n) {
  const type = read(nodeTypeOf, n, 0);
  const slot = type === 1 ? read(assignedSlotOf, n, null) : type === 3 ? read(textSlotOf, n, null) : null;
  if (slot) return slot;
  const parent = read(parentOf, n, null);
  if (parent) return parent;
  return type === 11 ? read(hostOf, n, null) : null;
}
/**
 * Is `n` an element? (What is not, a window or a document a page dispatches
 * clicks at in a loop, is remembered: the native getter's TypeError is slow.)
 */
const notElements = new WeakSet();
function isElement(n) {
  if ((typeof n !== 'object' && typeof n !== 'function') || n === null) return false;
  if (apply(weakHas, notElements, [n])) return false;
  try {
    apply(localNameOf, n, []);
    return true;
  } catch {
    apply(weakAdd, notElements, [n]);
    return false;
  }
}
/** Is the form control `input` disabled now (itself, or by a disabled fieldset)? */
const disabled = (input) => {
  try {
    return apply(matches, input, [':disabled']) === true;
  } catch {
    return false;
  }
};

/** The elements a wrapped click runs the native call for now. */
const clicking = [];
/**
 * The click events seen at the windows (capture, before any page listener)
 * still being dispatched: each one finished (eventPhase 0) is dropped as the
 * next comes, so however many a page dispatches inside the person's click,
 * that one stays (attack43's ringflush).
 */
const dispatching = [];
function recordClick(event) {
  // (One event object dispatched again is kept once: a page may dispatch the same click in a loop.)
  let kept = 0;
  for (let i = 0; i < dispatching.length; i++) if (dispatching[i] !== event && read(eventPhaseOf, dispatching[i], 0) !== 0) dispatching[kept++] = dispatching[i];
  dispatching.length = kept;
  push(dispatching, event);
}
/**
 * Is a click being dispatched now at `input`, or at a label whose control
 * it is? A click inside a shadow tree is seen from the window at its host
 * (a closed one's nodes are left out of the path): one at any host `input`
 * is in counts (attack43's closedswitch).
 */
export function beingClicked(input) {
  const mine = [input];
  for (let root = read(getRootNode, input, null), depth = 0; root && depth < 32; depth++) {
    const host = read(hostOf, root, null);
    if (!host) break;
    push(mine, host);
    root = read(getRootNode, host, null);
  }
  for (let i = 0; i < clicking.length; i++) for (let m = 0; m < mine.length; m++) if (clicking[i] === mine[m]) return true;
  for (let i = 0; i < dispatching.length; i++) {
    const event = dispatching[i];
    if (read(eventPhaseOf, event, 0) === 0) continue;
    let path;
    try {
      path = apply(composedPath, event, []);
    } catch {
      continue;
    }
    for (let k = 0; k < path.length; k++) {
      for (let m = 0; m < mine.length; m++) if (path[k] === mine[m]) return true;
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

  /**
   * A label's activation, made here once the page's listeners have heard
   * its (cancelled) click: its control as it is now (a listener may have
   * changed it: attack43's labelswapfile) is a pick when it is a file input,
   * and is clicked otherwise (a type it is given in that click goes back:
   * realms.js).
   */
  const activate = (label) => {
    const control = read(labelControlOf, label, null);
    if (!control || disabled(control)) return;
    if (isFileInput(control) && guardPicks(control)) return;
    push(clicking, control);
    try {
      apply(nativeClick, control, []);
    } finally {
      clicking.length--;
    }
  };
  /** Is `event` a MouseEvent (a click that is not one activates nothing)? */
  const isMouse = (event) => {
    try {
      apply(getters[0], event, []);
      return true;
    } catch {
      return false;
    }
  };

  wrapMethod(win.HTMLElement.prototype, 'click', (native) => ({
    click() {
      // A file input's pick is the guard's (a disabled one's own click() opens nothing); a label's activation is made here.
      const fileInput = isFileInput(this);
      const label = fileInput || !isElement(this) ? null : labelOf(this);
      if ((fileInput && !disabled(this) && guardPicks(this)) || label !== null) {
        apply(natives.dispatch, this, [cancelledClick({ __proto__: null, bubbles: true, cancelable: true, composed: true })]);
        if (label !== null) activate(label);
        return undefined;
      }
      push(clicking, this);
      try {
        return callNative(native, this, []);
      } finally {
        clicking.length--;
      }
    },
  }).click);
  wrapMethod(win.EventTarget.prototype, 'dispatchEvent', (native) => ({
    dispatchEvent(...args) {
      // Called as it came unless it is a click on a file input (a disabled one's is cancelled: a listener could
      // enable it before the browser's activation reads it) or one a label activates (a wrong call throws what
      // the browser throws).
      const event = args[0];
      if (args.length < 1 || eventType(event) !== 'click') return callNative(native, this, args);
      // (Each check that throws for what it is not is made once: a page may dispatch clicks at its window in a loop.)
      const fileInput = isElement(this) && isFileInput(this);
      const label = fileInput || !isElement(this) ? null : labelOf(this);
      if ((fileInput && (disabled(this) || guardPicks(this))) || (label !== null && isMouse(event))) {
        // The page's own event cannot be stopped from opening the browser's
        // picker if it is not cancelable: a cancelled copy goes instead.
        apply(native, this, [cancelledClick(mouseInit(event))]);
        if (!fileInput) activate(label);
        return false;
      }
      push(clicking, this);
      try {
        return callNative(native, this, args);
      } finally {
        clicking.length--;
      }
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
