// Page world: every same-origin realm the page can reach is wrapped before
// the page can use it. Chromium runs no content script in the first, empty
// document of a frame that is about to load something (a `srcdoc` or an
// address, perhaps one that never answers, or stopped with `stop()`) or of
// a popup; yet that document is the page's own origin, and its built-ins
// (showPicker, click, fetch…) and its visible inputs work as anywhere else.
// Such a realm comes to exist only when a frame element is connected to a
// document, so it is wrapped then, before the page's next statement:
// - a frame put in by a script: every DOM function that can connect one
//   (appendChild, append, innerHTML, insertAdjacentHTML, document.write,
//   Range.insertNode…) is wrapped in every realm wrapped here, and after it
//   returns the tab's frames are walked and any new same-origin realm is
//   wrapped;
// - a frame put in by the document's parser: a MutationObserver walks the
//   frames too; its callback runs at the microtask checkpoint the parser
//   makes before it runs any script, so before the page can touch the frame
//   (an <object>'s or <embed>'s, which Chromium would make in a later task,
//   is made then: insertions.js's makeObjectFrame);
// - and, as a safety net, whenever the page reads a frame's window or
//   document (contentWindow, contentDocument) or opens a popup.
// The walk reaches every frame of the tab, through other origins' frames
// (their `length` and `[i]` are readable from any origin), so a frame made
// with one realm's functions in another realm's document is found too.
// Wrapping a realm is `arm` (page-world.js); whether a copy of Silbato's
// page-world script already runs there is `claim`'s answer (typed-watch.js).
// Every built-in used here was taken before any page script ran.
import { askWaiting, callVouching, filledGoing, madeBySilbato, movingGoing, mayBeImage, vouchingNow, waitingWindows, putByCall, withholdMoved, defineGuarded, hideOwnError, holdsSlot, insertGuarded, makeEveryObjectFrame, makeEverySlottedObjectFrame, makeObjectFrames, makeObjectFramesIn, makeSlottedObjectFrames, makeTakenObjectFrames, objectChildrenChanged, markupGuarded, markupHoldsSlot, surroundGuarded, writeGuarded } from './insertions.js';
import { withholdInserted } from './file-barrier.js';
import { getOwnPropertyDescriptor, push } from './intrinsics.js';
import { realmTools } from './natives.js';
import { beingClicked } from './pickers.js';

const { apply, getPrototypeOf } = Reflect;
const WeakSet_ = WeakSet;
const { toLowerCase } = String.prototype;
// A number as the browser converts an index to one (ToNumber, which refuses a BigInt).
const toNumber = Math.max;
const { add: setAdd, delete: setDelete, has: setHas } = WeakSet.prototype;
const windowGetter = (name) => {
  const d = getOwnPropertyDescriptor(globalThis, name) || getOwnPropertyDescriptor(Object.getPrototypeOf(globalThis), name);
  return d && d.get;
};
const lengthOf = windowGetter('length');
const topOf = windowGetter('top');
const documentOf = windowGetter('document');
const closedOf = windowGetter('closed');
const frameElementOf = windowGetter('frameElement');
const localNameOf = getterIn(Element.prototype, 'localName');
const ownerDocumentOf = getterIn(Node.prototype, 'ownerDocument');
// (An HTML input in any document: in an XML one, createElement makes a plain Element, and showPicker would throw: attack41.)
const nativeCreateElementNS = Document.prototype.createElementNS;
const nativeShowPicker = HTMLInputElement.prototype.showPicker;
const ownDocument = document;
const NativeObserver = MutationObserver;
const requestFrame = requestAnimationFrame;
const WeakMap_ = WeakMap;
const { delete: mapDelete, get: mapGet, set: mapSet } = WeakMap.prototype;
const dateNow = Date.now;
/** After this long, Silbato's animation-frame callback is taken as cancelled by the page and asked for again. */
const FRAME_STALE_MS = 250;
const observe = MutationObserver.prototype.observe;
/**
 * The most windows walked at once (a page cannot make the walk endless).
 * Chromium gives a page at most 1000 frames, so the tab's own tree, walked
 * first, always fits; popups' and wrapped realms' trees share the rest.
 */
const MAX_FRAMES = 4096;
/** Popups kept to walk (the most recent ones). */
const MAX_POPUPS = 16;

/** Add `win` to `list`, dropping the oldest beyond `max` (no array methods: a page may replace them). */
function keep(list, win, max) {
  if (list.length >= max) {
    for (let i = 1; i < list.length; i++) list[i - 1] = list[i];
    list.length--;
  }
  push(list, win);
}

/** The getter of `name` on `proto` or the nearest prototype it inherits from that has one (undefined if none: reading with it throws, and is caught). */
function getterIn(proto, name) {
  for (let p = proto; p; p = getPrototypeOf(p)) {
    const d = getOwnPropertyDescriptor(p, name);
    if (d) return d.get;
  }
  return undefined;
}

/** A native getter's value, or `fallback` when it throws (another origin's window). */
function read(getter, target, fallback) {
  try {
    return apply(getter, target, []);
  } catch {
    return fallback;
  }
}

/**
 * Start watching this realm's frames. `claim(doc, sure)`: true when the
 * realm of `doc` is left to wrap from here (`sure`: known to have no
 * page-world script: 'sandboxed', said by its own isolated world, or
 * 'shadow', a frame in a shadow tree the isolated world handed over; false
 * when found by the walk); `arm(win, sure)`: wrap that realm (which
 * calls `hook(win)` back); `late(atPress)`: a frame the page made first was
 * found here (at the person's press, or not), `locked()`: has another copy
 * of the group locked down (the lockdown, below)? `groupDocuments()`: the
 * documents of the group's copies now. Returns `{ reach, hook,
 * sweep, listen, lockDown }`.
 */
export function watchRealms({ claim, arm, late = () => {}, locked = () => false, groupDocuments = () => [], popup = () => {} }) {
  /** Documents wrapped from here. */
  const armed = new WeakSet_();
  /** Documents claimed whose wrapping failed: tried again when next seen. */
  const pending = new WeakSet_();
  /** Windows of another origin: not wrapped, but walked through. */
  const foreign = new WeakSet_();
  /** Popups this realm or a wrapped one opened (their frames are walked too). */
  const popups = [];
  /**
   * The windows of realms wrapped here, walked from too: `window.length` and
   * `window[i]` leave out frames inside shadow trees, so a wrapped realm in
   * one (reached through its frame element) would hide the frames in it.
   */
  const wrapped = [];
  /**
   * The most wrapped realms walked from (the most recent ones; closed ones
   * are dropped as each walk starts, so a page cannot push a live one out
   * with frames it makes and removes: attack10's walkwrapped).
   */
  const MAX_WRAPPED = 4096;
  let walking = false;

  // ---- Failing closed: a frame made by the page's own lookup ----
  // An <object> Chromium took for an image whose answer is a page makes its
  // frame at the next lookup of it, with no DOM change and no event
  // (docs/threat-model.md); a page that looks it up on every turn makes it
  // before Silbato can, and can keep the built-ins of its first document
  // (a showPicker no one wrapped). Such a frame is known when Silbato first
  // sees it: a same-origin window of an object or embed Chromium may have
  // taken for an image (insertions.js's mayBeImage) not made inside
  // Silbato's own lookup or a call it vouches for (madeBySilbato). From then on, for
  // the rest of the page's life, every frame of the tab (`late()` tells the
  // others, through the background) spends the person's activation first,
  // at every key and pointer press, before any page listener hears of it:
  // no file chooser can open, the page's or Silbato's. Drops still reach
  // the guard. The isolated world tells the person.
  /** Windows already looked at once. */
  const vouched = new WeakSet_();
  let lockedDown = false;
  function vouch(win) {
    // (A walk inside Silbato's own lookup or a vouching call: judged at the next.)
    if (apply(setHas, vouched, [win]) || vouchingNow()) return;
    const host = read(frameElementOf, win, null);
    if (!host) return apply(setAdd, vouched, [win]);
    // Only for objects in documents watched from here (another frame's
    // copy of this script makes and vouches for its own).
    const hostDoc = read(ownerDocumentOf, host, null);
    if (hostDoc !== ownDocument && !apply(setHas, armed, [hostDoc])) return undefined;
    apply(setAdd, vouched, [win]);
    const name = read(localNameOf, host, '');
    if ((name === 'object' || name === 'embed') && mayBeImage(host) && !madeBySilbato(win)) lockDown(true);
    return undefined;
  }
  /** Spend the person's activation from now on; `found`: here, so the other frames are told. */
  function lockDown(found) {
    if (lockedDown) return;
    lockedDown = true;
    if (found) late(pressing);
  }
  /** The events that give the page the person's activation and are walked at; and those only spent at. */
  const ACTIVATING = { __proto__: null, pointerdown: true, mousedown: true, keydown: true };
  const ACTIVATING_ONLY = ['pointerup', 'touchend'];
  /** A press: the walk, then the activation spent in lockdown. */
  function press(event) {
    pressing = event.isTrusted === true;
    try {
      sweep();
    } finally {
      pressing = false;
      apply(spend, this, [event]);
    }
  }
  /**
   * A frame connected inside a wrapped call with nothing holding it
   * (insertions.js unheldFrames), or put into a node a running call is to
   * put in (filledGoing; `doc`: that node's document): lock down, and spend
   * the activation the person may have given this very moment (the call
   * made in their click's listener: a picker the page opens later in it
   * throws; attack33's blurinclick). In every window of the group, and in
   * `doc`'s: a popup is a page of its own, with an activation of its own,
   * and the page may fill the opener's nodes through the popup's copy, or
   * the popup's through the opener's (attack40's popupkept).
   */
  function unheld(doc) {
    lockDown(true);
    spendIn(ownDocument);
    if (doc && doc !== ownDocument) spendIn(doc);
    let others = [];
    try {
      others = groupDocuments();
    } catch {
      // Only those.
    }
    for (let i = 0; i < others.length; i++) if (others[i] !== ownDocument && others[i] !== doc) spendIn(others[i]);
  }
  /** Take the activation of `doc`'s window: a text input's native showPicker does (a page's picker then throws). */
  function spendIn(doc) {
    try {
      apply(nativeShowPicker, apply(nativeCreateElementNS, doc, ['http://www.w3.org/1999/xhtml', 'input']), []);
    } catch {
      // No activation to spend.
    }
  }
  /** Is the walk of a person's press running? (A lockdown found then is told at once.) */
  let pressing = false;
  /** At a key or pointer press by the person, in lockdown: a text input's native showPicker takes the activation (a page's picker then throws). */
  function spend(event) {
    if (event.isTrusted !== true || !(lockedDown || locked())) return;
    // An input of the window pressed in (a popup has an activation of its own).
    spendIn(read(documentOf, this, null) || ownDocument);
  }

  /** Wrap the realm of `win` if it is of this origin and nothing of Silbato watches it yet. */
  function reach(win, sure = false) {
    if (!win || win === globalThis || apply(setHas, foreign, [win])) return;
    const doc = read(documentOf, win, null);
    if (!doc) {
      apply(setAdd, foreign, [win]);
      return;
    }
    vouch(win);
    if (apply(setHas, armed, [doc])) return;
    if (!apply(setHas, pending, [doc])) {
      if (!claim(doc, sure)) return;
      apply(setAdd, pending, [doc]);
    }
    try {
      arm(win, sure);
      apply(setAdd, armed, [doc]);
      apply(setDelete, pending, [doc]);
      keep(wrapped, win, MAX_WRAPPED);
    } catch {
      // Left pending: wrapped again the next time it is seen.
    }
  }

  /** Walk every frame of the tab (and of the popups), wrapping the new realms. */
  function sweep() {
    if (walking) return;
    walking = true;
    try {
      // Each window once, the tab's own tree first (taken last off the
      // stack), then the popups', then the wrapped realms' (frames in
      // shadow trees): a page that fills one wrapped realm with frames
      // cannot spend the walk there and keep it from the top (attack9's
      // walk… ways).
      const stack = [];
      let open = 0;
      for (let i = 0; i < wrapped.length; i++) {
        if (read(closedOf, wrapped[i], true)) continue;
        wrapped[open++] = wrapped[i];
        push(stack, wrapped[i]);
      }
      wrapped.length = open;
      for (let i = 0; i < popups.length; i++) if (!read(closedOf, popups[i], true)) push(stack, popups[i]);
      // This copy's own window may be gone: in Firefox a discarded frame's
      // copy still has wrappers in the top's realm (copies there share no
      // group: tests/firefox/frames.test.mjs). It has no top, and is walked
      // from itself.
      push(stack, read(topOf, globalThis, null) || globalThis);
      const visited = new WeakSet_();
      let seen = 0;
      while (stack.length && seen < MAX_FRAMES) {
        const w = stack[stack.length - 1];
        stack.length--;
        if (!w || apply(setHas, visited, [w])) continue;
        apply(setAdd, visited, [w]);
        seen++;
        reach(w);
        const n = read(lengthOf, w, 0);
        for (let i = 0; i < n && i < MAX_FRAMES; i++) {
          let child = null;
          try {
            child = w[i];
          } catch {
            // Gone while walking.
          }
          if (child) push(stack, child);
        }
      }
    } catch {
      // Silbato's own fault (a window gone between two reads): never thrown
      // into the page's call that set the walk off; the next walk goes on.
    } finally {
      walking = false;
    }
  }

  /** A popup opened from a realm of this tab: wrapped, and walked from now on. */
  function opened(win) {
    if (!win) return;
    popup(win);
    keep(popups, win, MAX_POPUPS);
    reach(win);
    sweep();
  }

  /** Wrap the functions of realm `win` that can connect a frame or hand over a realm. */
  function hook(win) {
    const tools0 = realmTools(win);
    const { wrapAccessor, wrapMethod } = tools0;
    // Frames of the objects a call sets or puts in are vouched for as Silbato's (the lockdown, below).
    const callNative = (native, self, args) => callVouching(tools0.callNative, native, self, args);
    // The insertion runs its page code (scripts, custom elements) before
    // any frame it connects: insertions.js.
    const FIRST_ONLY = { __proto__: null, appendChild: true, insertBefore: true, replaceChild: true, insertNode: true, add: true };
    // Typed arguments (an option, an element) go in themselves.
    const FIXED = { __proto__: null, add: true, insertAdjacentElement: true };
    // Nodes put beside the one called on (which may be among them), into its parent.
    const BESIDE = { __proto__: null, before: true, after: true, replaceWith: true };
    // insertAdjacentElement too, but for 'afterbegin' and 'beforeend' (into it): a position
    // that is no text is converted by the browser alone, and taken as beside (the one node
    // that goes into itself in one and beside itself in the other is the element called on:
    // surveyed either way; attack31's adjacentself).
    const INTO = { __proto__: null, afterbegin: true, beforeend: true };
    const beside = (name, args) =>
      BESIDE[name] === true || (name === 'insertAdjacentElement' && !(typeof args[0] === 'string' && INTO[apply(toLowerCase, args[0], [])] === true));
    // A <slot> inserted may take objects that were not rendered: `slotted` (below).
    // `unheld`: a frame connected inside a wrapped call with nothing holding it (insertions.js unheldFrames).
    // `withhold`: file inputs about to be inserted (file-barrier.js withholdInserted).
    const tools = { __proto__: null, callNative, sweep, reach, slotted: null, unheld, withhold: (inputs, hosts) => withholdInserted(win, inputs, hosts) };
    // Markup: parsed first when it holds a frame and a custom element.
    const MARKUP = { __proto__: null, insertAdjacentHTML: 'adjacent', setHTMLUnsafe: 'unsafe' };
    // document.write: the markup written in pieces at its frames.
    let write = null;
    const after = (native, name) =>
      name === 'write' || name === 'writeln'
        ? ({
            [name](...args) {
              return writeGuarded(native, this, args, tools, write);
            },
          })[name]
        : MARKUP[name]
        ? ({
            [name](...args) {
              const slots = markupHoldsSlot(MARKUP[name] === 'adjacent' ? args[1] : args[0]);
              const left = MARKUP[name] === 'unsafe' ? slotsEmptied(this) : null;
              const parent = MARKUP[name] === 'adjacent' ? parentOfNode(this) : null;
              try {
                return markupGuarded(MARKUP[name], native, this, args, tools);
              } finally {
                try {
                  if (slots) slotted(this);
                  if (left) slotsLeft([left]);
                } finally {
                  touched(this);
                  touched(parent);
                }
              }
            },
          })[name]
        : ({
            [name](...given) {
              const args = convertedArgs(name, given);
              const left = slotsLeaving(name, this, args);
              const besideThis = beside(name, args);
              const parent = besideThis ? parentOfNode(this) : this;
              try {
                return name === 'surroundContents' ? surroundGuarded(native, this, args, tools) : insertGuarded(native, this, args, tools, FIRST_ONLY[name] === true, FIXED[name] === true, true, besideThis);
              } finally {
                try {
                  if (left) slotsLeft(left);
                } finally {
                  touched(parent);
                }
              }
            },
          })[name];
    // A <slot> put into a shadow tree takes objects that were not rendered
    // (insertions.js): their frames made, and walked.
    const parentNodeOf = getterIn(win.Node.prototype, 'parentNode');
    const parentOfNode = (n) => {
      try {
        return apply(parentNodeOf, n, []);
      } catch {
        return null;
      }
    };
    const rootNodeOf = win.Node.prototype.getRootNode;
    const nodeTypeOf = getterIn(win.Node.prototype, 'nodeType');
    /** Is `n` in a shadow tree (its root a document fragment, and not itself)? */
    const inShadowTree = (n) => {
      try {
        const root = apply(rootNodeOf, n, []);
        return apply(nodeTypeOf, root, []) === 11;
      } catch {
        return false;
      }
    };
    const localNameOf = getterIn(win.Element.prototype, 'localName');
    /** `n`'s local name, '' if it is not an element. */
    const nameOf = (n) => {
      try {
        return apply(localNameOf, n, []);
      } catch {
        return '';
      }
    };
    const isSlot = (n) => nameOf(n) === 'slot';
    // An input made a file input while a click is dispatched at it: the
    // browser reads the type again as the click's activation runs, after
    // every listener, and would open its own picker (pickers.js; attack42's
    // typeswitch… ways). Its type goes back as the call that changed it
    // returns.
    const inputTypeOf = getterIn(win.HTMLInputElement.prototype, 'type');
    const namespaceOf = getterIn(win.Element.prototype, 'namespaceURI');
    const { getAttribute: nativeGetAttribute, setAttribute: nativeSetAttribute, removeAttribute: nativeRemoveAttribute } = win.Element.prototype;
    /** An HTML input's `type` attribute before a call that may make it a file input (undefined: no such input, or one already). */
    const typeWas = (el) => {
      if (nameOf(el) !== 'input' || read(namespaceOf, el, null) !== 'http://www.w3.org/1999/xhtml' || read(inputTypeOf, el, '') === 'file') return undefined;
      try {
        return apply(nativeGetAttribute, el, ['type']);
      } catch {
        return undefined;
      }
    };
    /** After that call: a file input now, and a click being dispatched at it: the type it had (`was`), back. */
    const typeKept = (el, was) => {
      if (was === undefined || read(inputTypeOf, el, '') !== 'file' || !beingClicked(el)) return;
      if (was === null) apply(nativeRemoveAttribute, el, ['type']);
      else apply(nativeSetAttribute, el, ['type', was]);
    };
    wrapAccessor(win.HTMLInputElement.prototype, 'type', 'set', (native) =>
      getOwnPropertyDescriptor(
        {
          set type(value) {
            const was = typeWas(this);
            try {
              return callNative(native, this, arguments);
            } finally {
              if (was !== undefined) typeKept(this, was);
            }
          },
        },
        'type',
      ).set,
    );
    /** Does attribute call `name` with `args` on `self` change what a slot takes (an element's `slot`, a slot's `name`)? */
    const slotAttribute = (self, args, name) => {
      // An Attr node set or removed: its name, read natively (attack12's slotsetattrnode, slotremoveattrnode).
      if (name === 'setAttributeNode' || name === 'setAttributeNodeNS' || name === 'removeAttributeNode') return slotAttributeName(self, attrName(args[0]));
      const attr = name === 'setAttributeNS' || name === 'removeAttributeNS' ? args[1] : args[0];
      // A name the browser converts itself (page code, not run here): it may be either (attack12's slotattrnameobj).
      if (typeof attr !== 'string') return true;
      return slotAttributeName(self, attr);
    };
    const attrNameOf = getterIn(win.Attr.prototype, 'localName');
    /** The name of Attr `attr`, '' if it is not one. */
    const attrName = (attr) => {
      try {
        return apply(attrNameOf, attr, []);
      } catch {
        return '';
      }
    };
    /**
     * Is attribute `attr` (a name) of `self` one that says what a slot
     * takes, or any of an `<object>`'s or `<embed>`'s? Those say whether and
     * what it shows: its address, its type (Chromium looks at it again once
     * either changes, even one left frameless while open, and a page's
     * lookup would make its frame: attack19's datasetyield), a `classid`
     * (an object with one shows its fallback, frameless, until it is taken
     * away: attack20's classid… ways), and others Chromium may read; an
     * object's change may show its fallback, and the objects in it.
     */
    const slotAttributeName = (self, attr) => {
      const element = nameOf(self);
      if (element === 'object' || element === 'embed') return true;
      const lower = apply(toLowerCase, attr, []);
      return lower === 'slot' || (lower === 'name' && element === 'slot');
    };
    // What a shadow tree's slots take also changes as a <slot> leaves it
    // (taken out, emptied away, moved elsewhere, its text replaced): the
    // slots left take what it took (attack11's slotreplacechildren,
    // slotinnerhtml, slotouterempty, slotreplacechild, slotrangedelete,
    // slotmoveout). Each call that can take a node out looks, before it
    // runs, for a <slot> leaving a shadow tree, and frames what the slots
    // there take as it returns. A value the browser converts (an object's
    // toString) runs page code inside the call, after that look: then the
    // tree is looked at again as it returns, whatever it held before
    // (attack12's slotreentrant). Editing (execCommand, a Selection's
    // deleteFromDocument) looks at every shadow tree of the document as it
    // returns. (A style change that shows a hidden slot, or a person's own
    // editing, remain: the same class as an object shown by a style
    // change, docs/threat-model.md.)
    /** The parent `node` leaves, when that leaves a shadow tree without a <slot> it is or holds; else null. */
    const slotLeaving = (node) => {
      const parent = parentOfNode(node);
      return parent && inShadowTree(parent) && holdsSlot(node) ? parent : null;
    };
    /** `self`, when emptying it (its children replaced) takes a <slot> out of a shadow tree; else null. */
    const slotsEmptied = (self) => (inShadowTree(self) && holdsSlot(self) ? self : null);
    /** Does `value` run page code as the browser converts it (an object, a function)? */
    const converts = (value) => value !== null && (typeof value === 'object' || typeof value === 'function');
    // The browser converts a call's arguments that are no nodes (text, a
    // position, an index) before it looks at the tree, and the page's code
    // runs then (a toString, a valueOf) and may change the tree: a call
    // judged refused would not be, a node surveyed empty would hold a frame
    // (attack 32). So they are converted here first, once each, in the
    // browser's order and no further than it goes (its count of arguments
    // checked first; a Symbol, or an option that is none, stops it), and the
    // browser is handed what they gave. Never vouched for (tools0's
    // callNative): a frame the page makes in its toString is the page's.
    const TEXT_ARGS = { __proto__: null, append: true, prepend: true, replaceChildren: true, before: true, after: true, replaceWith: true };
    const optionIndexOf = win.HTMLOptionElement && getterIn(win.HTMLOptionElement.prototype, 'index');
    const optgroupLabelOf = win.HTMLOptGroupElement && getterIn(win.HTMLOptGroupElement.prototype, 'label');
    const htmlTitleOf = win.HTMLElement && getterIn(win.HTMLElement.prototype, 'title');
    // A TrustedScript goes to the browser as it is (it takes its text itself, never its toString: attack33's trustedscript).
    const trustedScriptText = win.TrustedScript && win.TrustedScript.prototype.toString;
    const is = (getter, node) => {
      try {
        apply(getter, node, []);
        return true;
      } catch {
        return false;
      }
    };
    // Text as the browser converts it, with no frame of a built-in of the language in the stack of
    // an error the page's toString throws (String would add "at String"): a text node's data.
    const createTextNode = win.Document.prototype.createTextNode;
    const dataOf = getterIn(win.CharacterData.prototype, 'data');
    const textDocument = win.document;
    const convertedArgs = (name, given) => {
      const args = [];
      for (let i = 0; i < given.length; i++) push(args, given[i]);
      const text = (i) => {
        args[i] = apply(dataOf, tools0.callNative(createTextNode, textDocument, [args[i]]), []);
      };
      if (TEXT_ARGS[name] === true) {
        for (let i = 0; i < args.length && typeof args[i] !== 'symbol'; i++) {
          if (converts(args[i]) && !read(nodeTypeOf, args[i], 0) && !(trustedScriptText && is(trustedScriptText, args[i]))) text(i);
        }
      } else if (name === 'insertAdjacentElement') {
        if (args.length >= 2 && converts(args[0])) text(0);
      } else if (name === 'add') {
        const option = args.length >= 1 && (is(optionIndexOf, args[0]) || is(optgroupLabelOf, args[0]));
        if (option && args.length >= 2 && converts(args[1]) && !is(htmlTitleOf, args[1])) args[1] = tools0.callNative(toNumber, undefined, [args[1]]);
      }
      return args;
    };
    /** `self`, in a shadow tree, when page code runs inside a call that empties it (`value` converted): looked at as it returns; else what `slotsEmptied` says. */
    const emptiedWith = (self, value) => (converts(value) && inShadowTree(self) ? self : slotsEmptied(self));
    /** Every shadow tree of the document: a place of `slotsLeft`. */
    const EVERYWHERE = { __proto__: null };
    const commonAncestorOf = win.Range && getterIn(win.Range.prototype, 'commonAncestorContainer');
    // (On an interface between Range and AbstractRange in Chromium 156.)
    const startContainerOf = win.Range && getterIn(win.Range.prototype, 'startContainer');
    /** Range `range`'s node nearest its start (or `range` itself, if it is not a Range). */
    const rangeNode = (range, get) => {
      try {
        return apply(get, range, []);
      } catch {
        return range;
      }
    };
    /** Where insertion `name` on `self` with `args` takes a <slot> out of a shadow tree (moved, replaced, emptied): those places, or null. */
    const slotsLeaving = (name, self, args) => {
      const places = [];
      const add = (place) => {
        if (place) push(places, place);
      };
      const inserted = FIRST_ONLY[name] === true ? 1 : args.length;
      let converted = false;
      for (let i = 0; i < inserted && i < args.length; i++) {
        add(slotLeaving(args[i]));
        if (converts(args[i]) && !read(nodeTypeOf, args[i], 0)) converted = true;
      }
      if (name === 'replaceChildren' || name === 'setHTML') add(converted || converts(args[0]) ? emptiedWith(self, args[0]) : slotsEmptied(self));
      else if (name === 'replaceChild') add(slotLeaving(args[1]));
      else if (name === 'replaceWith') {
        const parent = parentOfNode(self);
        add(converted && parent && inShadowTree(parent) ? parent : slotLeaving(self));
      } else if (name === 'surroundContents') add(slotsEmptied(rangeNode(self, commonAncestorOf)));
      else if (name === 'execCommand') add(EVERYWHERE);
      return places.length ? places : null;
    };
    /** After slots left `places`: what the slots of their shadow trees take (all of them for EVERYWHERE), framed; walked. */
    const slotsLeft = (places) => {
      try {
        for (let i = 0; i < places.length; i++) {
          if (places[i] === EVERYWHERE) makeEverySlottedObjectFrame(read(documentOf, win, null));
          else makeSlottedObjectFrames(places[i]);
        }
      } finally {
        sweep();
      }
    };
    /** After `self`'s `slot` or a slot's `name` changed: the objects slots take in its tree, and itself, framed; walked. */
    const reslotted = (self) => {
      try {
        // What it holds, and what slots in it take (attack13's nestedslot, nestedspanattr).
        makeTakenObjectFrames(self);
        // An object whose change shows its fallback (a classid given): the
        // objects in it are laid out by the first lookups, and framed by a
        // second (attack20's classidouter2, classidouterembed2).
        if (nameOf(self) === 'object') makeTakenObjectFrames(self);
        if (isSlot(self)) makeSlottedObjectFrames(self);
      } catch {
        // Nothing more to frame.
      }
    };
    /** After a <slot> went into `self` (an element, a fragment, or a Range: at its start): what its tree's slots take, framed; walked. */
    const slotted = (self) => {
      if (makeSlottedObjectFrames(rangeNode(self, startContainerOf))) sweep();
    };
    tools.slotted = slotted;
    /** After a wrapped call changed `parent`'s children: an <object> looks at its content again, so its frame is made now, and walked (attack13's overflow). */
    const touched = (parent) => {
      if (!parent || nameOf(parent) !== 'object') return;
      try {
        objectChildrenChanged(parent);
      } finally {
        sweep();
      }
    };
    const methods = [
      [win.Node, ['appendChild', 'insertBefore', 'replaceChild']],
      [win.Element, ['append', 'prepend', 'before', 'after', 'replaceWith', 'replaceChildren', 'insertAdjacentElement', 'insertAdjacentHTML', 'setHTMLUnsafe', 'setHTML']],
      [win.Document, ['append', 'prepend', 'replaceChildren', 'write', 'writeln', 'execCommand']],
      // A shadow root's own (its host may be connected).
      [win.DocumentFragment, ['append', 'prepend', 'replaceChildren']],
      [win.ShadowRoot, ['setHTMLUnsafe', 'setHTML']],
      [win.CharacterData, ['before', 'after', 'replaceWith']],
      [win.DocumentType, ['before', 'after', 'replaceWith']],
      [win.Range, ['insertNode', 'surroundContents']],
      // An option may hold anything, a frame too.
      [win.HTMLSelectElement, ['add']],
      [win.HTMLOptionsCollection, ['add']],
    ];
    for (let m = 0; m < methods.length; m++) {
      const C = methods[m][0];
      const names = methods[m][1];
      const proto = C && C.prototype;
      for (let i = 0; proto && i < names.length; i++) {
        const native = wrapMethod(proto, names[i], (n) => after(n, names[i]));
        if (C === win.Document && names[i] === 'write') write = native;
      }
    }
    const setters = [
      [win.Element, ['innerHTML', 'outerHTML']],
      [win.ShadowRoot, ['innerHTML']],
      [win.Document, ['body']],
      // A caption or table section set on a table may hold a frame.
      [win.HTMLTableElement, ['caption', 'tHead', 'tFoot']],
    ];
    for (let s = 0; s < setters.length; s++) {
      const C = setters[s][0];
      const names = setters[s][1];
      const proto = C && C.prototype;
      for (let i = 0; proto && i < names.length; i++) {
        wrapAccessor(proto, names[i], 'set', (native) =>
          getOwnPropertyDescriptor(
            {
              set x(value) {
                if (names[i] === 'innerHTML') {
                  const slots = markupHoldsSlot(value);
                  const left = emptiedWith(this, value);
                  try {
                    markupGuarded('inner', native, this, [value], tools);
                  } finally {
                    try {
                      if (slots) slotted(this);
                      if (left) slotsLeft([left]);
                    } finally {
                      touched(this);
                    }
                  }
                } else if (names[i] === 'outerHTML') {
                  // The element is replaced: slots in the markup take their objects in its parent's tree, and so do the slots left there.
                  const left = converts(value) ? parentOfNode(this) : slotLeaving(this);
                  const parent = left || (markupHoldsSlot(value) ? parentOfNode(this) : null);
                  const outer = parentOfNode(this);
                  try {
                    markupGuarded('outer', native, this, [value], tools);
                  } finally {
                    try {
                      if (parent) slotsLeft([parent]);
                    } finally {
                      touched(outer);
                    }
                  }
                }
                // A node (a body, a caption, a table section): it cannot be stood in for. (null takes the old one out: attack12's slotcaptionnull.)
                else {
                  const left = slotsEmptied(this);
                  try {
                    insertGuarded(native, this, [value], tools, true, true);
                  } finally {
                    if (left) slotsLeft([left]);
                  }
                }
              },
            },
            'x',
          ).set,
        );
      }
    }
    // moveBefore keeps a frame's document (no new realm, nothing held), but
    // an <object> or <embed> it moves out of a hidden container gets its
    // frame: made and walked as the call returns. A file input it moves
    // where it is drawn (out of a select's option, or of a <selectedcontent>
    // copy Chromium made, whose files the original's are: attack 57) has its
    // unknown files held back first, as an insertion's.
    const moving = [win.Element, win.Document, win.DocumentFragment];
    for (let m = 0; m < moving.length; m++) {
      wrapMethod(moving[m] && moving[m].prototype, 'moveBefore', (native) =>
        ({
          moveBefore(...args) {
            // Not a node: the browser's own TypeError, nothing of Silbato's in its way (attack 57's movebeforenull).
            const node = args.length && read(nodeTypeOf, args[0], 0) ? args[0] : null;
            if (!node) return callNative(native, this, args);
            const slots = holdsSlot(node);
            // A slot moved out leaves the slots of its tree to take what it took (attack11's slotmoveout).
            const left = slots ? slotLeaving(node) : null;
            // Not where the parser is (attack21's movebefore).
            putByCall(node);
            // Moved while another call's native call runs: a node it is still to put in stays so, and a frame moved into one locks down (attack35's movebeforefill).
            movingGoing([node]);
            withholdMoved(node, tools);
            try {
              return callNative(native, this, args);
            } finally {
              try {
                filledGoing([node], tools);
                makeObjectFramesIn(node);
                // A slot moved in takes what it was assigned (attack10's slotmovebefore).
                if (slots) makeSlottedObjectFrames(this);
                if (left) makeSlottedObjectFrames(left);
              } finally {
                sweep();
              }
            }
          },
        }).moveBefore,
      );
    }
    /** Method `name` of `proto` made to walk as it returns, `then(self, args, result)` first (objects framed). */
    const walkAfterCall = (proto, name, then = null) =>
      wrapMethod(proto, name, (native) =>
        ({
          [name](...args) {
            let result;
            try {
              result = callNative(native, this, args);
              return result;
            } finally {
              try {
                if (then) then(this, args, result);
              } finally {
                sweep();
              }
            }
          },
        })[name],
      );
    /** The setter of `name` of `proto` made to walk as it returns, `then(self)` first. */
    const walkAfterSet = (proto, name, then = null) =>
      wrapAccessor(proto, name, 'set', (native) =>
        getOwnPropertyDescriptor(
          {
            set x(value) {
              try {
                // As called (no argument is the browser's TypeError: attack12's setternoargs).
                callNative(native, this, arguments);
              } finally {
                try {
                  if (then) then(this);
                } finally {
                  sweep();
                }
              }
            },
          },
          'x',
        ).set,
      );
    /** Each of `list` ([constructor, names]), wrapped by `wrap`. */
    const eachMember = (list, wrap) => {
      for (let c = 0; c < list.length; c++) {
        const proto = list[c][0] && list[c][0].prototype;
        for (let i = 0; proto && i < list[c][1].length; i++) wrap(proto, list[c][1][i]);
      }
    };
    // A customizable <select> copies the chosen option's content (a frame
    // in it too) into its <selectedcontent> as the choice changes: walked
    // as the call returns (also when an option's default, or the number
    // of options, is set; a form reset chooses again too).
    eachMember(
      [
        [win.HTMLSelectElement, ['selectedIndex', 'value', 'length']],
        [win.HTMLOptionElement, ['selected', 'defaultSelected']],
        [win.HTMLOptionsCollection, ['length']],
      ],
      (proto, name) => walkAfterSet(proto, name),
    );
    walkAfterCall(win.HTMLFormElement && win.HTMLFormElement.prototype, 'reset');
    // A slot assigned objects that were not rendered: their frames made.
    walkAfterCall(win.HTMLSlotElement && win.HTMLSlotElement.prototype, 'assign', (self, args) => {
      // (A slot assigned, or an element holding one: what they take too, attack13's assignslot, assignspan.)
      for (let i = 0; i < args.length; i++) makeTakenObjectFrames(args[i]);
    });
    // The same copy, when an option's `selected` attribute or default
    // changes, or an option leaves its select: walked as the call returns
    // when it was made on an option (or took one out). (A custom element in
    // the copy runs its constructor inside the call, before this: a gap,
    // docs/threat-model.md.)
    const isOption = (n) => {
      const name = nameOf(n);
      return name === 'option' || name === 'optgroup' || name === 'select';
    };
    const onOptions = [
      [win.Element, ['setAttribute', 'setAttributeNS', 'removeAttribute', 'removeAttributeNS', 'toggleAttribute', 'setAttributeNode', 'setAttributeNodeNS', 'removeAttributeNode', 'remove']],
      [win.Node, ['removeChild']],
      [win.HTMLSelectElement, ['remove']],
      [win.HTMLOptionsCollection, ['remove']],
    ];
    for (let c = 0; c < onOptions.length; c++) {
      const C = onOptions[c][0];
      const proto = C && C.prototype;
      const names = onOptions[c][1];
      for (let i = 0; proto && i < names.length; i++) {
        const name = names[i];
        // removeChild: the node taken out; a select's or a collection's remove: always.
        const concerns = (self, args) => (C === win.Node ? isOption(args[0]) : C === win.Element ? isOption(self) : true);
        // A slot taken out: another slot may take what it had (attack10's slotremove).
        const removing = name === 'remove' || name === 'removeChild';
        wrapMethod(proto, name, (native) =>
          ({
            [name](...args) {
              const was = C === win.Element && !removing ? typeWas(this) : undefined;
              try {
                const gone = removing ? (name === 'remove' ? this : args[0]) : null;
                const slotParent = gone ? slotLeaving(gone) : null;
                // A child of an <object> taken out (attack13's overflow).
                const objectParent = gone && !slotParent ? parentOfNode(gone) : null;
                if (objectParent && nameOf(objectParent) === 'object') {
                  try {
                    return callNative(native, this, args);
                  } finally {
                    touched(objectParent);
                  }
                }
                // An element's `slot`, or a slot's `name`, changed: what the slots take changes (attack10's slotattr, slotname).
                const slotting = !removing && C === win.Element && slotAttribute(this, args, name);
                if (!slotParent && !slotting && !concerns(this, args)) return callNative(native, this, args);
                try {
                  return callNative(native, this, args);
                } finally {
                  try {
                    if (slotParent) makeSlottedObjectFrames(slotParent);
                    if (slotting) reslotted(this);
                  } finally {
                    sweep();
                  }
                }
              } finally {
                if (was !== undefined) typeKept(this, was);
              }
            },
          })[name],
        );
      }
    }
    // An Attr's value set itself (attack11's slotattrvalue, slotnamevalue).
    const ownerOf = getterIn(win.Attr.prototype, 'ownerElement');
    const ownerOfAttr = (attr) => read(ownerOf, attr, null);
    const attrValueOf = getterIn(win.Attr.prototype, 'value');
    const attrDocumentOf = getterIn(win.Node.prototype, 'ownerDocument');
    /** After Attr `attr`'s value changed (or it was set on its element): if it says what a slot takes, its element reslotted. */
    const attrChanged = (attr) => {
      let owner = null;
      try {
        owner = apply(ownerOf, attr, []);
      } catch {
        return;
      }
      if (owner && slotAttributeName(owner, attrName(attr))) reslotted(owner);
    };
    // An element's attributes set through its NamedNodeMap: an option's
    // (attack10's scnameditem) walked always (rare calls); a `slot`, or a
    // slot's `name` (attack11's slotnameditem), frames what slots take: the
    // Attr set has its element after the call; one removed has none, so
    // every shadow tree of its document is looked at (the map may come
    // from any realm: attack12's slotcrossmap, slotcrossmapremove).
    eachMember([[win.NamedNodeMap, ['setNamedItem', 'setNamedItemNS', 'removeNamedItem', 'removeNamedItemNS']]], (proto, name) =>
      walkAfterCall(proto, name, (self, args, result) => {
        if (name === 'setNamedItem' || name === 'setNamedItemNS') {
          // An input's type set so: the Attr it replaced (`result`) had the type before.
          const owner = attrName(args[0]) === 'type' ? ownerOfAttr(args[0]) : null;
          if (owner) typeKept(owner, result ? read(attrValueOf, result, null) : null);
          return attrChanged(args[0]);
        }
        const removed = attrName(result);
        const doc = read(attrDocumentOf, result, null);
        if (removed === 'slot' || removed === 'name') makeEverySlottedObjectFrame(doc);
        // Any attribute taken away (an object's or embed's address, type or
        // classid: attack20's classidnamed): which element had it, the
        // Attr no longer says. Twice, as reslotted asks an object's.
        makeEveryObjectFrame(doc);
        makeEveryObjectFrame(doc);
      }),
    );
    const ATTRIBUTE = 2;
    /** The setter of `name` of `proto` wrapped: a slot's Attr value, or a node's text that takes out a <slot> (`leaves`: the node itself goes), framed as it returns. */
    const textSetter = (proto, name, leaves) =>
      wrapAccessor(proto, name, 'set', (native) =>
        getOwnPropertyDescriptor(
          {
            set x(value) {
              const isAttr = read(nodeTypeOf, this, 0) === ATTRIBUTE;
              // An input's `type` Attr set: its element's type before.
              const typed = isAttr && attrName(this) === 'type' ? ownerOfAttr(this) : null;
              const was = typed ? typeWas(typed) : undefined;
              const parent = leaves && converts(value) ? parentOfNode(this) : null;
              const left = isAttr ? null : leaves ? (parent && inShadowTree(parent) ? parent : slotLeaving(this)) : emptiedWith(this, value);
              if (!isAttr && !left) {
                if (nameOf(this) !== 'object') return callNative(native, this, arguments);
                try {
                  return callNative(native, this, arguments);
                } finally {
                  touched(this);
                }
              }
              try {
                callNative(native, this, arguments);
              } finally {
                if (was !== undefined) typeKept(typed, was);
                if (isAttr) {
                  try {
                    attrChanged(this);
                  } finally {
                    sweep();
                  }
                } else slotsLeft([left]);
              }
            },
          },
          'x',
        ).set,
      );
    textSetter(win.Attr.prototype, 'value', false);
    textSetter(win.Node.prototype, 'nodeValue', false);
    textSetter(win.Node.prototype, 'textContent', false);
    textSetter(win.HTMLElement.prototype, 'innerText', false);
    textSetter(win.HTMLElement.prototype, 'outerText', true);
    // Elements whose text setter replaces all their children (attack12's slottitletext, slotanchortext).
    const TEXTS = [
      [win.HTMLTitleElement, 'text'],
      [win.HTMLAnchorElement, 'text'],
      [win.HTMLScriptElement, 'text'],
      [win.HTMLOptionElement, 'text'],
      [win.HTMLTextAreaElement, 'defaultValue'],
      [win.HTMLOutputElement, 'defaultValue'],
    ];
    for (let t = 0; t < TEXTS.length; t++) if (TEXTS[t][0]) textSetter(TEXTS[t][0].prototype, TEXTS[t][1], false);
    // A Range's contents taken out, and a node adopted by another document (taken out of its tree).
    const leavingCall = (proto, name, where) =>
      wrapMethod(proto, name, (native) =>
        ({
          [name](...args) {
            const left = where(this, args);
            if (!left) return callNative(native, this, args);
            try {
              return callNative(native, this, args);
            } finally {
              slotsLeft([left]);
            }
          },
        })[name],
      );
    const rangeLeaving = (self) => slotsEmptied(rangeNode(self, commonAncestorOf));
    if (win.Range) {
      leavingCall(win.Range.prototype, 'deleteContents', rangeLeaving);
      leavingCall(win.Range.prototype, 'extractContents', rangeLeaving);
    }
    leavingCall(win.Document.prototype, 'adoptNode', (self, args) => slotLeaving(args[0]));
    // A table's parts taken out (attack12's slotdeletecaption, slotdeleterow): anything in the table may go.
    const TABLE_PARTS = [
      [win.HTMLTableElement, ['deleteCaption', 'deleteTHead', 'deleteTFoot', 'deleteRow']],
      [win.HTMLTableSectionElement, ['deleteRow']],
      [win.HTMLTableRowElement, ['deleteCell']],
    ];
    eachMember(TABLE_PARTS, (proto, name) => leavingCall(proto, name, slotsEmptied));
    // A selection's contents deleted (attack12's slotselectiondelete): anywhere, shadow trees too.
    leavingCall(win.Selection && win.Selection.prototype, 'deleteFromDocument', () => EVERYWHERE);
    // What slots take, changed through the `slot` and a slot's `name`
    // properties; what an object or embed shows, through any of the
    // attributes their own properties set (as slotAttributeName).
    eachMember(
      [
        [win.Element, ['slot']],
        [win.HTMLSlotElement, ['name']],
        [win.HTMLObjectElement, ['data', 'type', 'name', 'useMap', 'width', 'height', 'align', 'archive', 'border', 'codeBase', 'codeType', 'declare', 'hspace', 'standby', 'vspace']],
        [win.HTMLEmbedElement, ['src', 'type', 'name', 'width', 'height', 'align']],
      ],
      (proto, name) => walkAfterSet(proto, name, reslotted),
    );
    // A customized built-in frame runs its own reactions as it is
    // connected: such a definition is refused (insertions.js).
    const registry = win.CustomElementRegistry && win.CustomElementRegistry.prototype;
    const DOMException_ = win.DOMException;
    const refuse = () => new DOMException_("Failed to execute 'define' on 'CustomElementRegistry': customized built-in frames are not supported.", 'NotSupportedError');
    wrapMethod(registry, 'define', (native) =>
      ({
        define(...args) {
          return defineGuarded(native, this, args, tools, refuse);
        },
      }).define,
    );
    // Reading a frame's window or document, and opening a popup: the realm
    // handed over is wrapped before the page gets it.
    const defaultView = getterIn(win.Document.prototype, 'defaultView');
    const frames = [win.HTMLIFrameElement, win.HTMLFrameElement, win.HTMLObjectElement];
    for (let f = 0; f < frames.length; f++) {
      const proto = frames[f] && frames[f].prototype;
      const d = proto && getOwnPropertyDescriptor(proto, 'contentDocument');
      const docOfFrame = d && d.get;
      if (!docOfFrame) continue;
      const names = ['contentWindow', 'contentDocument'];
      for (let i = 0; i < names.length; i++) {
        const name = names[i];
        wrapAccessor(proto, name, 'get', (native) =>
          getOwnPropertyDescriptor(
            {
              get x() {
                const result = callNative(native, this, []);
                try {
                  // Its document: null for another origin's frame (nothing thrown, nothing to wrap).
                  const doc = name === 'contentDocument' ? result : result && apply(docOfFrame, this, []);
                  if (doc) reach(apply(defaultView, doc, []));
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
    // A popup opened with an address keeps its first, empty document until
    // the address loads: the page can use it in the meantime.
    wrapMethod(win, 'open', (native) =>
      ({
        open(...args) {
          const result = callNative(native, this, args);
          try {
            opened(result);
          } catch {
            // Watching never breaks the page.
          }
          return result;
        },
      }).open,
    );
    // document.open's three-argument form is window.open.
    wrapMethod(win.Document.prototype, 'open', (native) =>
      ({
        open(...args) {
          const result = callNative(native, this, args);
          if (args.length >= 3) {
            try {
              opened(result);
            } catch {
              // Watching never breaks the page.
            }
          }
          return result;
        },
      }).open,
    );
    // The listeners that walk (the person's click or key, events fired
    // inside DOM calls, the parser stopping).
    listen(win);
    // Frames the parser puts in (this realm's own document, or one a page
    // wrote into a wrapped realm): walked before the next script runs.
    try {
      const doc = read(documentOf, win, null);
      // An <object>/<embed> the parser put in has its frame made first.
      // (The observer passes itself second: not a document whose parser stopped.)
      if (doc) apply(observe, new NativeObserver((records) => parsed(records)), [doc, { __proto__: null, childList: true, subtree: true }]);
    } catch {
      // No observer: the wrapped functions still walk.
    }
  }

  /** Records of nodes the parser (or a function not wrapped) put in: objects' frames made, then the walk. */
  function parsed(records, stoppedIn = null) {
    try {
      makeObjectFrames(records, stoppedIn);
    } finally {
      sweep();
      askEachFrame();
    }
  }
  // While objects wait that Chromium may frame in a task of its own
  // (insertions.js's askWaiting), they are asked at every animation frame
  // of each window holding one, before its rendering update lays it out.
  // Only then: requestAnimationFrame is not wrapped to put Silbato's
  // callback ahead of a page's, since every callback takes the next number
  // of the document's count and a page that asks for its own would read one
  // number skipped on any page (attack22's rafid); nor do the events an
  // update fires before its callbacks (scroll, resize, animation and
  // transition events) ask first, since a listener for them on every page
  // shows in the time a page's own such events take to dispatch
  // (attack23's frametiming). A page's callback asked for before Silbato's,
  // or its listener for those events, runs first (attack21's rafyield,
  // attack22's waanim: the class of a lookup made by page code before
  // Silbato's next ask).
  // A page can cancel Silbato's callback by its number (attack22's
  // rafcancel): one asked for more than FRAME_STALE_MS ago is asked for
  // again, so the asks go on all the same.
  const framePending = new WeakMap_();
  const askAtNextFrame = (win) => {
    const asked = apply(mapGet, framePending, [win]);
    const t = dateNow();
    if (asked !== undefined && t - asked < FRAME_STALE_MS) return;
    apply(mapSet, framePending, [win, t]);
    try {
      apply(requestFrame, win, [() => eachFrame(win)]);
    } catch {
      // Not a window, or gone: its objects are asked as before.
      apply(mapDelete, framePending, [win]);
    }
  };
  const askEachFrame = () => {
    const wins = waitingWindows();
    for (let i = 0; i < wins.length; i++) askAtNextFrame(wins[i]);
  };
  const askNow = () => {
    if (!waitingWindows().length) return;
    try {
      askWaiting();
    } finally {
      sweep();
    }
  };
  const eachFrame = (win) => {
    apply(mapDelete, framePending, [win]);
    try {
      askNow();
    } finally {
      askEachFrame();
    }
  };

  // The parser closes what it still has open when it stops, with no DOM
  // change: an <object> it had open (its last markup, or one written and
  // never closed) has its frame made then (attack9's objectlast,
  // dwobjectopen), before the frame's own task comes; so has every object
  // of the document seen open before (attack10's objectnest).
  // Heard on the window, capturing, added before any page script of the
  // tab's own realm (a page's listener there cannot stop it first:
  // attack13's cefirstrsstop), and only from the browser (a page's own
  // event, dispatched while the parser still has an object open, would
  // have it asked too early and forgotten: attack13's fakers).
  const parserStopped = function (event) {
    if (event.isTrusted !== true) return;
    parsed([], read(documentOf, this, null));
  };

  /**
   * The listeners that walk, on `win` and its document: added as the realm
   * is hooked, and again when document.open() erased them (the same
   * functions: adding them twice adds nothing).
   */
  function listen(win) {
    const addListener = win.EventTarget.prototype.addEventListener;
    // The person's click or key: the tab's frames are walked before any
    // page listener hears of it (a frame whose document was made with no
    // DOM change, an <object> shown by a style change, is found then at the
    // latest). And the events a DOM call fires inside itself, after it has
    // connected a frame and before it returns (execCommand's `input`, focus
    // leaving what it removes): walked before any page listener hears of them.
    const INPUT_EVENTS = ['pointerdown', 'mousedown', 'touchstart', 'keydown', 'click', 'dragenter', 'drop', 'paste', 'input', 'focusin', 'focusout', 'focus', 'blur'];
    // Those of them that give the page the person's activation walk and
    // then, in lockdown, spend it (the walk may find a late frame at this
    // very press); so do the two that give it and are not walked at
    // (pointerup, touchend: a touch's activation).
    for (let i = 0; i < INPUT_EVENTS.length; i++) {
      try {
        apply(addListener, win, [INPUT_EVENTS[i], ACTIVATING[INPUT_EVENTS[i]] === true ? press : sweep, true]);
      } catch {
        // Not a window that takes listeners: the other ways still walk.
      }
    }
    for (let i = 0; i < ACTIVATING_ONLY.length; i++) {
      try {
        apply(addListener, win, [ACTIVATING_ONLY[i], spend, true]);
      } catch {
        // Not a window that takes listeners.
      }
    }
    // The `error` an object still open fires inside Silbato's own lookup of it.
    try {
      apply(addListener, win, ['error', hideOwnError, true]);
    } catch {
      // Not a window that takes listeners.
    }
    // A frame with no address fires `load` as it is connected, perhaps
    // inside a call that connected another frame just before: walked first.
    try {
      const doc = read(documentOf, win, null);
      if (doc) apply(addListener, doc, ['load', sweep, true]);
      apply(addListener, win, ['readystatechange', parserStopped, true]);
    } catch {
      // Gone: nothing to listen to.
    }
  }

  return { reach, hook, sweep, listen, lockDown: () => lockDown(false) };
}
