// Page code that runs inside one DOM insertion (page world only). When a
// frame element is connected, its first, empty document (a realm no content
// script runs in: realms.js) exists at once, and realms.js wraps it when the
// inserting call returns. But one call can also run page code after the
// frame is connected and before it returns: a script inserted with the
// frame, the reactions of custom elements (connectedCallback after every
// node is inserted, an upgrade's constructor, the disconnectedCallback of
// what the call removes, a formAssociatedCallback elsewhere), a second
// frame's synchronous `load`. That code could take the new realm's native
// showPicker before it is wrapped, and open a picker Silbato never sees;
// and not all of it can be told from the nodes.
//
// So every frame a wrapped call would connect is taken out first (an empty
// text node stands in for each), together with the elements known to run
// code (scripts, custom elements); the call inserts the rest, and whatever
// page code it runs finds no new realm. Then each frame is put back in its
// stand-in's place on its own (its children after it) and its realm
// wrapped before the next, and then the code elements, in tree order: they
// find the frames there, as they would have. What the page can see of it
// is the order in which those nodes are connected and the stand-ins among
// its mutation records. Markup that may hold a frame is parsed by the
// browser into a detached element first and inserted the same way
// (markupGuarded); document.write is written in pieces (writeGuarded).
//
// An <object>/<embed> of a document gets its frame from Chromium in a
// later task of its own; it is made at once as the element goes back in
// (makeObjectFrame), and wrapped then.
//
// A customized built-in frame's definition is refused (defineGuarded).
//
// Frames in shadow trees the survey cannot see (declarative or cloned
// closed roots) are handed to the page world by the isolated world
// (shadow-frames.js).
//
// Not covered (docs/threat-model.md): the indexed setter `select[i] =
// option` (for a frame, and for a file input the browser's own chooser
// filled: a customizable select draws an option's content, attack 58), and
// an <object>/<embed> inserted while not rendered (display: none) and shown
// later by a style change (its frame comes with no DOM change).

import { getOwnPropertyDescriptor, push } from './intrinsics.js';

const { apply, getPrototypeOf } = Reflect;
// (A getter missing in this browser is left undefined: reading with it fails, and is caught.)
// Looked for up the prototype chain (browsers differ in where they define some).
const getter = (proto, name) => {
  for (let p = proto; p; p = getPrototypeOf(p)) {
    const d = getOwnPropertyDescriptor(p, name);
    if (d) return d.get;
  }
  return undefined;
};
const nodeTypeOf = getter(Node.prototype, 'nodeType');
const parentOf = getter(Node.prototype, 'parentNode');
const firstChildOf = getter(Node.prototype, 'firstChild');
const firstElementOf = getter(Element.prototype, 'firstElementChild');
const fragmentFirstElementOf = getter(DocumentFragment.prototype, 'firstElementChild');
const documentOf = getter(Node.prototype, 'ownerDocument');
const localNameOf = getter(Element.prototype, 'localName');
const namespaceOf = getter(Element.prototype, 'namespaceURI');
const shadowRootOf = getter(Element.prototype, 'shadowRoot');
const { hasAttribute, getAttribute, setAttribute, removeAttribute } = Element.prototype;
const { contains } = Node.prototype;
const replaceChild = Node.prototype.replaceChild;
const createComment = Document.prototype.createComment;
const createElementNS = Document.prototype.createElementNS;
const { indexOf, lastIndexOf } = String.prototype;
const Error_ = Error;
const String_ = String;
const { exec } = RegExp.prototype;
const isConnectedOf = getter(Node.prototype, 'isConnected');
const nodeListLength = getter(NodeList.prototype, 'length');
const nodeListItem = NodeList.prototype.item;
const appendChild = Node.prototype.appendChild;
const startOf = getter(Range.prototype, 'startContainer');
const endOf = getter(Range.prototype, 'endContainer');
const extractContents = Range.prototype.extractContents;
const insertNode = Range.prototype.insertNode;
const selectNode = Range.prototype.selectNode;
const elementReplaceChildren = Element.prototype.replaceChildren;
const elementQueryAll = Element.prototype.querySelectorAll;
const fragmentQueryAll = DocumentFragment.prototype.querySelectorAll;
const createDocumentFragment = Document.prototype.createDocumentFragment;
const iframeWindow = getter(HTMLIFrameElement.prototype, 'contentWindow');
const frameWindow = getter(HTMLFrameElement.prototype, 'contentWindow');
const objectWindow = getter(HTMLObjectElement.prototype, 'contentWindow');
const WeakSet_ = WeakSet;
const { add: setAdd, delete: setDelete, has: setHas } = WeakSet.prototype;
const { toLowerCase } = String.prototype;
/** The insertions markup is put in with (any realm's nodes: these are the browser's own). */
const PUT = {
  __proto__: null,
  element: Element.prototype.replaceChildren,
  root: DocumentFragment.prototype.replaceChildren,
  outer: Element.prototype.replaceWith,
  beforebegin: Element.prototype.before,
  afterend: Element.prototype.after,
  afterbegin: Element.prototype.prepend,
  beforeend: Element.prototype.append,
};
const WeakMap_ = WeakMap;
const { get: mapGet, set: mapSet } = WeakMap.prototype;

const HTML = 'http://www.w3.org/1999/xhtml';
const ELEMENT = 1;
const TEXT = 3;
const FRAGMENT = 11;
const DOCUMENT = 9;

/** Closed shadow roots made by `attachShadow` in a wrapped realm, by host (open ones are read from the host). */
const closedRoots = new WeakMap_();

/** Remember `root`, the shadow root `attachShadow` gave `host`. */
export function rememberShadowRoot(host, root) {
  apply(mapSet, closedRoots, [host, root]);
}

/**
 * Hosts of closed shadow roots this world did not see made (declared in
 * markup, cloned with their host), told by the isolated world, which can
 * open them (content.js): what an insertion of one holds (a file input)
 * is asked of the guard (`hosts` below). `within`: the root is in another
 * shadow tree, and `host` is the outermost host, told for all within it.
 */
const unseenClosed = new WeakSet_();
export function closedHostTold(host, within) {
  if (!within && apply(mapGet, closedRoots, [host])) return;
  apply(setAdd, unseenClosed, [host]);
}

/**
 * A node of another document, adopted as it is inserted: the closed roots
 * that document's parser made (a frame's srcdoc, a popup's write) were
 * told, if at all, to that document's own worlds. The isolated world here
 * is asked to look through it first (page-world.js `shareScan`: the answer,
 * closedHostTold, comes back within the call), so the survey knows them
 * (attack 55). Nodes of the document they go into cost a read each.
 */
let scanOf = null;
export function shareScan(fn) {
  scanOf = fn;
}
function scanForeign(nodes, at) {
  if (!scanOf) return;
  const doc = read(nodeTypeOf, at, 0) === DOCUMENT ? at : read(documentOf, at, null);
  for (let i = 0; i < nodes.length; i++) {
    if (read(documentOf, nodes[i], null) === doc) continue;
    try {
      scanOf(nodes[i]);
    } catch {
      // The survey goes on with what it knows.
    }
  }
}

const read = (get, node, fallback) => {
  try {
    return apply(get, node, []);
  } catch {
    return fallback;
  }
};

const FRAMES = { __proto__: null, iframe: true, frame: true, object: true, embed: true };

const FRAME_SELECTOR = 'iframe, frame, object, embed';
/**
 * Frames, the slots that may take objects that were not rendered (below),
 * and file inputs (a file the browser's own picker put in one is drawn by
 * name once it is connected: file-barrier.js withholdInserted).
 */
const LOOKED_FOR = 'iframe, frame, object, embed, slot, input[type=file i]';

/** Call `fn` with each node of NodeList `list`. */
function eachOf(list, fn) {
  const n = apply(nodeListLength, list, []);
  for (let i = 0; i < n; i++) fn(apply(nodeListItem, list, [i]));
}

/** Is `el` a frame element (HTML's iframe, frame, object, embed)? */
const isFrame = (el) => FRAMES[read(localNameOf, el, '')] === true && read(namespaceOf, el, null) === HTML;

/**
 * Can `el`'s connection run page code: a script, a custom element (its
 * name has a dash), or a customized built-in (`is`, or a prototype that is
 * not its tag's own)? `plain` caches a tag's own prototype per document.
 */
function runsCode(el, plain) {
  const name = read(localNameOf, el, '');
  if (name === 'script' || apply(indexOf, name, ['-']) >= 0) return true;
  try {
    if (apply(hasAttribute, el, ['is'])) return true;
    const doc = apply(documentOf, el, []);
    const ns = read(namespaceOf, el, null);
    let tags = apply(mapGet, plain, [doc]);
    if (!tags) {
      tags = { __proto__: null };
      apply(mapSet, plain, [doc, tags]);
    }
    const key = `${ns} ${name}`;
    if (!(key in tags)) tags[key] = getPrototypeOf(apply(createElementNS, doc, [ns, name]));
    return getPrototypeOf(el) !== tags[key];
  } catch {
    return true;
  }
}

/**
 * What an insertion of `nodes` holds (through open shadow roots and closed
 * ones remembered here): its frames; whether it holds a <slot> (`slots`);
 * its inputs that may be file inputs (`inputs`); and, when it holds a frame, the outermost elements in it that run page
 * code as they are connected (`code`: scripts, custom elements, customized
 * built-ins told by `is` or their prototype).
 */
function survey(nodes) {
  const { frames, slots, inputs, hosts, roots } = framesIn(nodes);
  if (!frames.length) return { frames, code: [], slots, inputs, hosts };
  // The outermost elements that run code, in tree order within each root.
  const code = [];
  const plain = new WeakMap_();
  /** Code elements listed, and everything inside them (not listed again). */
  const within = new WeakSet_();
  const consider = (el) => {
    const parent = read(parentOf, el, null);
    if (parent && apply(setHas, within, [parent])) apply(setAdd, within, [el]);
    else if (!isFrame(el) && runsCode(el, plain)) {
      push(code, el);
      apply(setAdd, within, [el]);
    }
  };
  for (let r = 0; r < roots.length; r++) {
    const root = roots[r];
    const isElement = read(nodeTypeOf, root, 0) === ELEMENT;
    if (isElement) consider(root);
    eachOf(apply(isElement ? elementQueryAll : fragmentQueryAll, root, ['*']), consider);
  }
  return { frames, code, slots, inputs, hosts };
}

/**
 * Before `node` is moved (moveBefore, which no survey sees): the unknown
 * files of the file inputs in it, and in the closed trees it holds, held
 * back as an insertion's are (tools.withhold).
 */
export function withholdMoved(node, tools) {
  if (!tools.withhold) return;
  const { inputs, hosts } = framesIn([node]);
  if (inputs.length || hosts.length) tools.withhold(inputs, hosts);
}

/** Is `node` in a shadow tree within one of `unseenClosed`'s hosts (taken out of it by the insertion)? */
function withinUnseen(node) {
  let at = node;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const root = read(rootNodeOf, at, null);
    if (!root || root === at || read(nodeTypeOf, root, 0) !== FRAGMENT) return false;
    const host = read(hostOf, root, null);
    if (!host) return false;
    if (apply(setHas, unseenClosed, [host])) return true;
    at = host;
  }
  return true;
}

/**
 * The frames in `nodes` and the shadow trees within, whether a slot is
 * among them, their file inputs, where they were looked for, and the
 * `hosts` (of unseenClosed, or a node taken out of one) whose closed trees
 * were not.
 */
function framesIn(nodes) {
  // Where to look: each node inserted and every shadow root in it (a walk
  // of its elements, the one cost every insertion pays).
  const roots = [];
  const hosts = [];
  const addRoots = (el) => {
    if (apply(setHas, unseenClosed, [el])) push(hosts, el);
    const shadow = read(shadowRootOf, el, null) || apply(mapGet, closedRoots, [el]);
    if (shadow) {
      push(roots, shadow);
      eachOf(apply(fragmentQueryAll, shadow, ['*']), addRoots);
    }
  };
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const type = read(nodeTypeOf, node, 0);
    if (type !== ELEMENT && type !== FRAGMENT) continue;
    push(roots, node);
    if (withinUnseen(node)) push(hosts, node);
    if (type === ELEMENT) addRoots(node);
    eachOf(apply(type === ELEMENT ? elementQueryAll : fragmentQueryAll, node, ['*']), addRoots);
  }
  // The frames, slots and file inputs (most insertions hold none, and end here).
  const frames = [];
  const inputs = [];
  let slots = false;
  const sort = (el) => {
    if (isFrame(el)) push(frames, el);
    else {
      const name = read(localNameOf, el, '');
      if (name === 'input') push(inputs, el);
      else if (name === 'slot') slots = true;
    }
  };
  for (let r = 0; r < roots.length; r++) {
    const root = roots[r];
    const isElement = read(nodeTypeOf, root, 0) === ELEMENT;
    if (isElement) sort(root);
    eachOf(apply(isElement ? elementQueryAll : fragmentQueryAll, root, [LOOKED_FOR]), sort);
  }
  return { frames, slots, inputs, hosts, roots };
}

/** Is a node other than text partly in `range` (an inclusive ancestor of one of its ends only)? */
function partlyIn(range) {
  const start = read(startOf, range, null);
  const end = read(endOf, range, null);
  if (start === end) return false;
  const ancestors = (n) => {
    const list = [];
    for (; n; n = read(parentOf, n, null)) push(list, n);
    return list;
  };
  const a = ancestors(start);
  const b = ancestors(end);
  const has = (list, n) => {
    for (let i = 0; i < list.length; i++) if (list[i] === n) return true;
    return false;
  };
  for (let i = 0; i < a.length; i++) if (!has(b, a[i]) && read(nodeTypeOf, a[i], 0) !== TEXT) return true;
  for (let i = 0; i < b.length; i++) if (!has(a, b[i]) && read(nodeTypeOf, b[i], 0) !== TEXT) return true;
  return false;
}

/**
 * Range.surroundContents(newParent) around what may run code as it is
 * taken out, when `newParent` holds a frame: done in its steps (extract,
 * insert, append), each guarded, so that no frame is connected while that
 * code runs.
 */
export function surroundGuarded(native, range, args, tools) {
  const newParent = args[0];
  // What the browser refuses (not an element, a non-text node partly in
  // the range) it refuses itself.
  if (read(nodeTypeOf, newParent, 0) !== ELEMENT || partlyIn(range) || !survey([newParent]).frames.length) return insertGuarded(native, range, args, tools, true);
  const { callNative } = tools;
  const contents = callNative(extractContents, range, []);
  if (read(firstChildOf, newParent, null)) insertGuarded(elementReplaceChildren, newParent, [], tools, false);
  insertGuarded(insertNode, range, [newParent], tools, true);
  insertGuarded(appendChild, newParent, [contents], tools, true);
  callNative(selectNode, range, [newParent]);
  return undefined;
}

/** The window of frame element `frame`, or null (an <embed>, or not made yet). */
function windowOfFrame(frame) {
  const name = read(localNameOf, frame, '');
  const get = name === 'iframe' ? iframeWindow : name === 'frame' ? frameWindow : name === 'object' ? objectWindow : null;
  return get ? read(get, frame, null) : null;
}

/** Would inserting `nodes` under `self` (or beside it) put a node inside itself? The browser then throws, changing nothing. */
function intoItself(nodes, self, range, besideSelf) {
  // Into `self` (append, insertBefore…), or beside it into its parent
  // (before, after, replaceWith, which take `self` itself among their nodes).
  const targets = range ? [read(startOf, range, null)] : besideSelf ? [read(parentOf, self, null)] : [self];
  for (let t = 0; t < targets.length; t++) {
    if (!targets[t]) continue;
    for (let i = 0; i < nodes.length; i++) {
      try {
        if (apply(contains, nodes[i], [targets[t]])) return true;
      } catch {
        // Not nodes: the browser throws for them itself.
        return true;
      }
    }
  }
  return false;
}

/** A property name no page can have put on an element (its own property would answer first). */
const UNGUESSED = `p${Math.random()}`.replace('.', '');

/**
 * Make the frame of `<object>`/`<embed>` `el` now, if it is to have one.
 * Chromium makes it in a task of its own once the element is connected and
 * rendered, or at once when a script looks up a property on the element
 * itself (its plugin bindings lay the page out first): a property's own
 * descriptor does that without looking further up its prototype chain,
 * where a page could be waiting (measured, Chromium 156).
 */
export function makeObjectFrame(el) {
  // Seen open and not yet framed: asking may leave it frameless (askAgain looks again).
  if (apply(setHas, askedOpen, [el])) apply(setAdd, askedNow, [el]);
  lookUp(el);
  openAsked();
}

/** Has lookUp looked since makeObjectFrames began? */
let looked = false;

/**
 * makeObjectFrame's lookup alone. Chromium then lays the page out and
 * looks at every object that waits for its frame, the open ones too, which
 * are then left frameless (attack10's objectnest: asking the inner objects
 * of an open one left the outer one frameless).
 */
function lookUp(el) {
  const name = read(localNameOf, el, '');
  if ((name !== 'object' && name !== 'embed') || read(namespaceOf, el, null) !== HTML) return;
  looked = true;
  seenAsImage(el);
  const outer = asking;
  asking = el;
  const own = read(objectWindow, el, null);
  // Every frame made inside this lookup is Silbato's.
  const win = read(defaultViewOf, read(documentOf, el, null), null);
  const before = framesBefore(win);
  vouching++;
  try {
    getOwnPropertyDescriptor(el, UNGUESSED);
  } catch {
    // Not made: nothing to reach.
  } finally {
    vouching--;
    framesAfter(win, before, made);
    asking = outer;
    const framed = own ? null : read(objectWindow, el, null);
    if (framed) made(framed);
  }
}

/**
 * The windows of object and embed frames made inside Silbato's own
 * lookups. Any other such frame was made by a lookup of the page's own
 * before Silbato could wrap its first document (docs/threat-model.md: an
 * object Chromium took for an image whose answer was a page), so realms.js
 * fails closed when it finds one.
 */
const madeHere = new WeakSet_();
/** The same, shared with the copies of this script in the tab's other same-origin frames (typed-watch.js's group), once known. */
let madeByGroup = () => null;
/** Set where the group's shared set is asked for (page-world.js). */
export function shareMade(fn) {
  madeByGroup = fn;
}
function made(win) {
  apply(setAdd, madeHere, [win]);
  try {
    const shared = madeByGroup();
    if (shared) apply(setAdd, shared, [win]);
  } catch {
    // Known here only.
  }
}
/** How deep Silbato's own lookups and vouching calls are now (a walk inside one, at a `load` it fires, judges nothing yet). */
let vouching = 0;
/** Is a frame made now perhaps Silbato's, not yet known? */
export const vouchingNow = () => vouching > 0;
/** Was frame window `win` made inside one of Silbato's own lookups? */
export function madeBySilbato(win) {
  if (apply(setHas, madeHere, [win])) return true;
  try {
    const shared = madeByGroup();
    return shared ? apply(setHas, shared, [win]) === true : false;
  } catch {
    return false;
  }
}

/**
 * `call(native, self, args)` (a wrapped function's native call), vouching
 * for the object and embed frames it makes of `self` itself or of the nodes
 * in `args` or inside them: an object's address set, an element put in.
 * (Only those: page code the call runs, a custom element's reaction, may
 * look up another object, even one inside `self`, whose frame stays the
 * page's: attack25's launderpoll.)
 */
export function callVouching(call, native, self, args) {
  // The native call is made here, not in a helper function: every frame
  // between the page's call and the built-in takes the place of one of the
  // page's in the stack of an error it throws (Error.stackTraceLimit;
  // attack2's stacks, attack9's defineext).
  const doc = read(documentOf, self, null) || self;
  const win = read(defaultViewOf, doc, null);
  if (!win) return call(native, self, args);
  const before = framesBefore(win);
  vouching++;
  try {
    return call(native, self, args);
  } finally {
    vouching--;
    framesAfter(win, before, (f) => {
      const host = read(frameElementOf, f, null);
      if (host && (host === self || someHolds(args, host))) made(f);
    });
  }
}

/**
 * The frame windows of `win` now, to tell the new ones after Silbato's
 * lookup or a wrapped call (`framesAfter`). Null when there are none or no
 * window. (Hot: every wrapped call; a window with no frames lists nothing.)
 */
function framesBefore(win) {
  if (!win || !read(windowLength, win, 0)) return null;
  const before = new WeakSet_();
  eachFrameOf(win, (f) => apply(setAdd, before, [f]));
  return before;
}
/** `onNew(frame)` for each frame window of `win` not in `before`. */
function framesAfter(win, before, onNew) {
  if (!win) return;
  eachFrameOf(win, (f) => {
    if (!before || !apply(setHas, before, [f])) onNew(f);
  });
}
/** Is `host` node `n` or inside it? */
function holds(n, host) {
  if (n === host) return true;
  try {
    return read(nodeTypeOf, n, 0) !== 0 && apply(contains, n, [host]) === true;
  } catch {
    return false;
  }
}
function someHolds(args, host) {
  for (let i = 0; i < args.length && i < 64; i++) if (holds(args[i], host)) return true;
  return false;
}
/** The getter of a window's `name` (on the window or its prototype). */
const windowGetter = (name) => {
  const d = getOwnPropertyDescriptor(globalThis, name) || getOwnPropertyDescriptor(getPrototypeOf(globalThis), name);
  return d && d.get;
};
const frameElementOf = windowGetter('frameElement');
const windowLength = windowGetter('length');

/**
 * Objects and embeds Chromium may have taken for an image when Silbato saw
 * them (an image's type, or none and an address ending in an image's
 * name): the only ones whose frame a page can make with no change Silbato
 * sees (docs/threat-model.md), so the only ones realms.js's lockdown
 * judges. (A page's object of a document or an SVG, shown by a style
 * change and framed by Chromium's layout, is an ordinary page's as often.)
 */
const imageSeen = new WeakSet_();
function seenAsImage(el) {
  if (looksLikeImage(el)) apply(setAdd, imageSeen, [el]);
}
/** Might Chromium have taken object or embed `el` for an image, now or when Silbato saw it? */
export function mayBeImage(el) {
  return apply(setHas, imageSeen, [el]) || looksLikeImage(el);
}
const RASTER_NAME = /\.(?:gif|png|jpe?g|jfif|pjpeg|pjp|webp|avif|apng|bmp|ico|cur|tiff?|xbm)(?:[?#]|$)/i;
const SVG_TYPE = /^\s*image\/svg\+xml/i;
function looksLikeImage(el) {
  try {
    const type = apply(getAttribute, el, ['type']);
    if (type !== null && type !== '') return matches(IMAGE_TYPE, type) && !matches(SVG_TYPE, type);
    const data = apply(getAttribute, el, [read(localNameOf, el, '') === 'embed' ? 'src' : 'data']);
    return data !== null && matches(RASTER_NAME, data);
  } catch {
    return false;
  }
}

/** Call `fn` with each frame window of `win` (none for another origin's or none). */
function eachFrameOf(win, fn) {
  const n = win ? read(windowLength, win, 0) : 0;
  for (let i = 0; i < n && i < MAX_LISTED; i++) {
    let f = null;
    try {
      f = win[i];
    } catch {
      // Gone while looking.
    }
    if (f) fn(f);
  }
}
/** Chromium gives a page at most 1000 frames. */
const MAX_LISTED = 1024;

/** The object lookUp is looking up now, if any. */
let asking = null;
const eventTargetOf = getter(Event.prototype, 'target');
const { stopImmediatePropagation } = Event.prototype;

/**
 * Every wrapped window's capturing `error` listener, added before any page
 * script's (realms.js's listen): the `error` Chromium fires at an object
 * the parser still has open, inside Silbato's own lookup (of it or of any
 * object: Chromium then looks at every one waiting; measured, Chromium 156:
 * dispatched before the lookup returns), is Silbato's doing, and no page
 * listener hears it (attack14's requests… probes).
 */
export function hideOwnError(event) {
  if (asking !== null && event.isTrusted === true && apply(setHas, openNow, [read(eventTargetOf, event, null)])) apply(stopImmediatePropagation, event, []);
}
/**
 * The objects the last observer call judged open. Only their `error` is
 * hidden: a closed object whose load fails at once (an unknown type, a bad
 * address) fires its own inside Silbato's lookup, and the page hears it
 * (attack19's badtype, badurl, jsurl).
 */
let openNow = new WeakSet_();

const addedOf = getter(MutationRecord.prototype, 'addedNodes');
const targetOf = getter(MutationRecord.prototype, 'target');
const OBJECT_SELECTOR = 'object, embed';

/**
 * The frames of the `<object>`s and `<embed>`s in `records` (a
 * MutationObserver's, of nodes put in by the parser or by a DOM function
 * not wrapped) made now, before the page's next script: walked with the
 * rest once this returns. `stoppedIn`: the document whose parser has just
 * stopped (every object of it seen open is closed now).
 */
export function makeObjectFrames(records, stoppedIn = null) {
  const n = records.length;
  looked = false;
  // The parser's last node: an <object> holding it may still be open.
  let lastAdded = null;
  // (One taken out again, such as askAgain's empty comment, is not where
  // the parser is; nor is one a wrapped call put in: putByCalls.)
  for (let r = 0; r < n; r++) {
    const added = read(addedOf, records[r], null);
    const k = added ? apply(nodeListLength, added, []) : 0;
    for (let i = k - 1; i >= 0; i--) {
      const node = apply(nodeListItem, added, [i]);
      if (read(isConnectedOf, node, false) && !apply(setHas, putByCalls, [node])) {
        lastAdded = node;
        break;
      }
    }
  }
  // Each object's frame is asked for now. One that holds the last node, or
  // is it (empty, maybe only its start tag parsed: attack13's cefirst), may
  // still be open: Chromium makes no frame for it then, fires `error`, and
  // leaves it frameless for good unless its children change later
  // (measured, Chromium 156: attack10's objectnest, attack14's requests…),
  // as it does itself when it lays the page out while its parser yields
  // inside the object (attack18's yieldnostray). It is asked all the same
  // (at every observer call while open: Chromium looks again at one whose
  // children changed since, attack14's inlinece), remembered, and asked
  // again once seen closed, or as the parser stops (askAgain). Left
  // unasked, it could be closed with no observer call after: the parser
  // yields among tokens that change no child list (ignored end tags) and a
  // page's timer makes and reads its frame (attack18's yieldclosed…), or
  // makes a custom element right after it and runs its callbacks
  // (attack10's parserobjectce, attack14's srcscriptce…), or a script in it
  // runs and the parser then closes it and yields. One with no address
  // yet is asked too: its script can give it one (attack19's
  // datasetyield). One of an image's type is kept but not asked: asked
  // open, then made a page's type by its script, any lookup framed it once
  // closed, a page's too before Silbato's next ask (attack19's
  // typesethtmlyield, typeremoveyield: rarer so, still open); the wrapped setter that changes
  // its type asks it then (realms.js slotAttributeName), and so does every
  // animation frame while it waits. More than MAX_OPEN open at once
  // (only HTML objects count: attack15's nestmath64) are not kept: asked
  // again as the parser stops.
  // Only nodes taken out (a page's script removing one, perhaps itself,
  // from an open object): nothing tells where the parser is, and nothing
  // is judged closed (attack17's mergenostray).
  if (lastAdded === null && !stoppedIn) return;
  // (An <embed> is void: never open, attack19's embedyield.)
  const isOpen = (el) => lastAdded !== null && read(localNameOf, el, '') === 'object' && apply(contains, el, [lastAdded]);
  const keptNow = new WeakSet_();
  openNow = keptNow;
  const make = (el) => {
    // Not an HTML object (MathML's or SVG's <object>, which the selector
    // matches too): no frame, and no room taken among the open ones
    // (attack15's nestmath64).
    if (read(namespaceOf, el, null) !== HTML) return;
    if (isOpen(el)) {
      // (Once a call: the walk of each added ancestor finds it again.)
      if (apply(setHas, keptNow, [el])) return;
      apply(setAdd, keptNow, [el]);
      apply(setAdd, askedOpen, [el]);
      if (stillOpen.length < MAX_OPEN) push(stillOpen, el);
      // (One of an image's type: kept, not asked.)
      const type = apply(getAttribute, el, ['type']);
      if (type !== null && matches(IMAGE_TYPE, type)) return seenAsImage(el);
    }
    makeObjectFrame(el);
  };
  const waiting = [];
  for (let i = 0; i < stillOpen.length; i++) push(waiting, stillOpen[i]);
  stillOpen.length = 0;
  // And those judged closed before that still have no frame (and could
  // have one): the judgement may have been wrong (a node the page's script
  // put elsewhere came last), and Chromium looks at such an object again
  // once its children change, text merged into its text too, which no
  // record here shows (attack17's mergey). Until the parser stops.
  for (let i = 0; i < unframed.length; i++) push(waiting, unframed[i]);
  unframed.length = 0;
  unframedSet = new WeakSet_();
  // And those seen open before that have no frame yet and whose children
  // the parser changed since: Chromium looks at such an object again, and
  // a lookup of the page's would make its frame now. One Silbato took as
  // closed while a node the page's script added elsewhere was the last
  // (attack16's strayrecord) is asked again here, before the next script.
  // (Children still there: the empty comment askAgain puts in and takes
  // out is not a change to look again for.)
  for (let r = 0; r < n; r++) {
    const target = read(targetOf, records[r], null);
    if (target === null || !apply(setHas, askedOpen, [target]) || read(objectWindow, target, null)) continue;
    const added = read(addedOf, records[r], null);
    const k = added ? apply(nodeListLength, added, []) : 0;
    for (let i = 0; i < k; i++) {
      if (read(parentOf, apply(nodeListItem, added, [i]), null) === target) {
        push(waiting, target);
        break;
      }
    }
  }
  const done = new WeakSet_();
  for (let i = 0; i < waiting.length; i++) {
    const el = waiting[i];
    if (apply(setHas, done, [el])) continue;
    apply(setAdd, done, [el]);
    if (!read(isConnectedOf, el, false)) continue;
    if (isOpen(el) && !stoppedIn) make(el);
    else askAgain(el);
  }
  for (let r = 0; r < n; r++) {
    const added = read(addedOf, records[r], null);
    if (added) eachOf(added, (node) => makeObjectFramesIn(node, make));
  }
  // The parser stopped: every object of the document seen open (the list
  // above keeps only the latest) is closed now.
  if (stoppedIn) {
    try {
      eachOf(apply(documentQueryAll, stoppedIn, ['object']), (el) => {
        if (apply(setHas, askedOpen, [el])) askAgain(el);
        apply(setDelete, askedNow, [el]);
      });
    } catch {
      // Not a document: nothing more.
    }
    // Its parser will change them no more.
    let kept = 0;
    for (let i = 0; i < unframed.length; i++) {
      const el = unframed[i];
      if (read(documentOf, el, null) !== stoppedIn) unframed[kept++] = el;
      else apply(setDelete, unframedSet, [el]);
    }
    unframed.length = kept;
  }
  // Asked while these were open: each may be frameless now.
  if (looked) openAsked();
}

/**
 * The objects that may still get a frame with no wrapped call and no
 * observer call before it, asked now; are any still waiting? Called at each
 * animation frame while any wait (realms.js), before the rendering update
 * lays the page out: Chromium then makes the frame of an object whose
 * parser closed it since it was last seen in a task of its own, which a
 * page's timer reads while the parser yields among tokens that change no
 * child list (attack19's typesethtmlpoll: an image object made text/html
 * by its own script while open). Asked here, such a frame is made inside
 * Silbato's lookup and walked as it returns; one still open is left as
 * Chromium's own layout would leave it.
 */
export function askWaiting() {
  const ask = (list) => {
    for (let i = 0; i < list.length; i++) {
      const el = list[i];
      if (read(isConnectedOf, el, false) && !read(objectWindow, el, null)) makeObjectFrame(el);
    }
  };
  ask(stillOpen);
  ask(unframed);
}

/** The windows whose documents hold objects askWaiting would ask (each once). */
export function waitingWindows() {
  const wins = [];
  const seen = new WeakSet_();
  const add = (list) => {
    for (let i = 0; i < list.length; i++) {
      const el = list[i];
      if (!read(isConnectedOf, el, false) || read(objectWindow, el, null)) continue;
      const win = read(defaultViewOf, read(documentOf, el, null), null);
      if (win === null || apply(setHas, seen, [win])) continue;
      apply(setAdd, seen, [win]);
      push(wins, win);
    }
  };
  add(stillOpen);
  add(unframed);
  return wins;
}
const defaultViewOf = getter(Document.prototype, 'defaultView');

/** `<object>`s the parser had not closed when last seen (the most kept; any more are asked at once). */
const stillOpen = [];
// Open at once: the chain of objects the parser is inside, at most 512 deep
// (Chromium's parser puts deeper elements beside the 512th), in the few
// documents being parsed at once.
const MAX_OPEN = 1024;
/** Every `<object>` seen open when frames were asked for (weakly held: no bound needed). */
const askedOpen = new WeakSet_();
/**
 * Those of them that were open when Silbato asked for a frame (theirs or
 * any other object's), which can leave them frameless: the empty comment
 * is for them (askAgain), until the parser stops.
 */
const askedNow = new WeakSet_();
/** Every object kept open now counted as asked while open. */
function openAsked() {
  for (let i = 0; i < stillOpen.length; i++) apply(setAdd, askedNow, [stillOpen[i]]);
}
const removeChild = Node.prototype.removeChild;

/**
 * Object `el`, seen open earlier and closed now, asked for its frame again;
 * if it has none and was open when Silbato asked (askedNow), an empty comment
 * is put in and taken out first, which makes Chromium look at it again (the
 * page's MutationObserver can see those two records: docs/threat-model.md).
 * One that was not (an object with no address, or showing an image) gets
 * no comment: attack15's commentrecords.
 */
function askAgain(el) {
  if (read(namespaceOf, el, null) !== HTML) return apply(setDelete, askedOpen, [el]);
  lookUp(el);
  // (One that cannot have a frame gets no comment: attack15's commentrecords.)
  if (!read(objectWindow, el, null) && apply(setHas, askedNow, [el]) && mayHaveFrame(el)) {
    try {
      const c = apply(createComment, read(documentOf, el, null), ['']);
      apply(appendChild, el, [c]);
      apply(removeChild, el, [c]);
    } catch {
      // Not looked at again: asked all the same.
    }
    // Once for each time it was asked open (its records call this again).
    apply(setDelete, askedNow, [el]);
    lookUp(el);
  }
  // Kept while it has no frame (one that shows an image, or none yet): asked again as the parser stops.
  if (read(objectWindow, el, null)) apply(setDelete, askedOpen, [el]);
  else if (mayHaveFrame(el) && !apply(setHas, unframedSet, [el])) {
    apply(setAdd, unframedSet, [el]);
    push(unframed, el);
  }
}

/** Objects askAgain left frameless that could have a frame: asked at every observer call until their parser stops. */
const unframed = [];
let unframedSet = new WeakSet_();

/** Could object `el` have a frame (an address, not an image's)? One with none never has (attack15's commentrecords). */
function mayHaveFrame(el) {
  const data = apply(getAttribute, el, [read(localNameOf, el, '') === 'embed' ? 'src' : 'data']);
  if (data === null || data === '') return false;
  const type = apply(getAttribute, el, ['type']);
  return type === null || !matches(IMAGE_TYPE, type);
}
const IMAGE_TYPE = /^\s*image\//i;

/** The frames of `node` and of the `<object>`s and `<embed>`s in it, if it is a connected element, made now (with `make`). */
export function makeObjectFramesIn(node, make = makeObjectFrame) {
  if (read(nodeTypeOf, node, 0) !== ELEMENT || !read(isConnectedOf, node, false)) return;
  const name = read(localNameOf, node, '');
  if (name === 'object' || name === 'embed') make(node);
  if (read(firstChildOf, node, null)) eachOf(apply(elementQueryAll, node, [OBJECT_SELECTOR]), make);
}

// An <object> or <embed> a shadow root's <slot> does not take is not
// rendered and has no frame; a slot that takes it later (one put into the
// root, or `slot.assign`) shows it with no insertion of it, and a property
// looked up on it makes its frame (attack9's slotassign, slotappend). Such
// objects get their frames as the call that slots them returns.
const assignedElementsOf = HTMLSlotElement.prototype.assignedElements;
const rootNodeOf = Node.prototype.getRootNode;
const FLATTEN = { __proto__: null, flatten: true };
const SLOT_TAG = /<\s*slot[\s/>]/i;

/** Does `node` (an element or fragment about to be moved or removed) hold a <slot>? (An insertion's survey tells it.) */
export function holdsSlot(node) {
  const type = read(nodeTypeOf, node, 0);
  if (type === ELEMENT && read(localNameOf, node, '') === 'slot') return true;
  // (Text alone holds no slot: most text setters end here.)
  if ((type !== ELEMENT && type !== FRAGMENT) || !read(type === ELEMENT ? firstElementOf : fragmentFirstElementOf, node, null)) return false;
  try {
    return read(nodeListLength, apply(type === ELEMENT ? elementQueryAll : fragmentQueryAll, node, ['slot']), 0) > 0;
  } catch {
    return false;
  }
}

/** Does markup `value` (a string) hold a <slot>'s start tag? */
export const markupHoldsSlot = (value) => typeof value === 'string' && matches(SLOT_TAG, value);

/** Every shadow root of document `doc`'s trees (open ones, and closed ones remembered here), or null if it is not a document. */
function shadowRootsIn(doc) {
  const roots = [];
  const addRoots = (el) => {
    const shadow = read(shadowRootOf, el, null) || apply(mapGet, closedRoots, [el]);
    if (shadow) {
      push(roots, shadow);
      eachOf(apply(fragmentQueryAll, shadow, ['*']), addRoots);
    }
  };
  try {
    eachOf(apply(documentQueryAll, doc, ['*']), addRoots);
  } catch {
    return null;
  }
  return roots;
}

/** The objects the <slot>s of every shadow tree of document `doc` take, their frames made now. */
export function makeEverySlottedObjectFrame(doc) {
  const roots = shadowRootsIn(doc);
  if (roots) for (let i = 0; i < roots.length; i++) makeSlottedObjectFrames(roots[i]);
}

/** Every `<object>`/`<embed>` of document `doc` and of its shadow trees asked for its frame now. */
export function makeEveryObjectFrame(doc) {
  const roots = shadowRootsIn(doc);
  if (!roots) return;
  eachOf(apply(documentQueryAll, doc, [OBJECT_SELECTOR]), makeObjectFrame);
  for (let i = 0; i < roots.length; i++) eachOf(apply(fragmentQueryAll, roots[i], [OBJECT_SELECTOR]), makeObjectFrame);
}

/** The objects every <slot> of the shadow tree `self` is in takes, their frames made now; true if it is in one. */
export function makeSlottedObjectFrames(self) {
  let root = null;
  try {
    root = apply(rootNodeOf, self, []);
  } catch {
    return false;
  }
  if (read(nodeTypeOf, root, 0) !== FRAGMENT || root === self) {
    if (read(nodeTypeOf, self, 0) !== FRAGMENT) return false;
    root = self;
  }
  try {
    eachOf(apply(fragmentQueryAll, root, ['slot']), (slot) => makeTakenObjectFrames(slot));
  } catch {
    // Not a shadow root: no slots take anything.
  }
  return true;
}

/**
 * The most elements `makeTakenObjectFrames` follows at once (5000 slotted
 * elements before the one that matters spent a cap of 4096: attack14's
 * wideslot). Past it, every object of the document and of its shadow
 * trees is asked instead, whatever slot takes it: a page that fills the
 * walk with more elements than that, the object last, gains nothing
 * (attack18's slotmillion).
 */
const MAX_TAKEN = 1 << 20;

/**
 * The frames of the objects in `node` and of those its <slot>s take (it
 * too, if it is one), following the slots in what they take (a slot in
 * an element another slot takes: attack13's nested… ways), made now.
 */
export function makeTakenObjectFrames(node) {
  const stack = [node];
  const seen = new WeakSet_();
  let n = 0;
  while (stack.length && n < MAX_TAKEN) {
    const el = stack[stack.length - 1];
    stack.length--;
    if (apply(setHas, seen, [el])) continue;
    apply(setAdd, seen, [el]);
    n++;
    makeObjectFramesIn(el);
    const slots = [];
    if (read(nodeTypeOf, el, 0) !== ELEMENT) continue;
    if (read(localNameOf, el, '') === 'slot') slots[0] = el;
    if (read(firstElementOf, el, null)) eachOf(apply(elementQueryAll, el, ['slot']), (slot) => push(slots, slot));
    for (let i = 0; i < slots.length; i++) {
      let taken = [];
      try {
        taken = apply(assignedElementsOf, slots[i], [FLATTEN]);
      } catch {
        // Not a slot after all.
      }
      for (let t = 0; t < taken.length; t++) push(stack, taken[t]);
    }
  }
  if (stack.length) makeEveryObjectFrame(read(documentOf, node, null));
}

/** After a wrapped call changed `parent`'s children: an <object> looks at its content again then, so its frame is asked for now (attack13's overflow). */
export function objectChildrenChanged(parent) {
  if (read(localNameOf, parent, '') === 'object') makeObjectFrame(parent);
}

/** Frame `frame`, connected just now: its realm wrapped (an <object>'s or <embed>'s made first), the tab's frames walked. */
function reachFrame(frame, tools) {
  makeObjectFrame(frame);
  const win = windowOfFrame(frame);
  if (win) tools.reach(win);
}

/**
 * Call `native` (an insertion of realm tools `callNative`) on `self` with
 * `args` so that every frame it connects is wrapped before any page code
 * can reach it: `sweep` walks the tab's frames, `reach(win)` wraps one.
 * `firstOnly`: only the first argument is inserted (appendChild,
 * insertBefore, replaceChild, Range's insertNode…; the others are where, or
 * what is replaced, and are left alone); `fixedArgs`: an argument is typed
 * (an option, an element, a setter's value) and goes in itself, never a
 * stand-in; `holdCode`: false when the insertion is one of the put-backs
 * here; `besideSelf`: the nodes go beside `self`, into its parent (before,
 * after, replaceWith, insertAdjacentElement but at 'afterbegin' and
 * 'beforeend'). When what is inserted holds a <slot>, `slotted(self)` of
 * `tools` (if any) runs last: the slot may take objects that were not
 * rendered. Returns what the native call returns.
 */
export function insertGuarded(native, self, args, tools, firstOnly, fixedArgs = false, holdCode = true, besideSelf = false) {
  const nodes = [];
  const inserted = firstOnly ? (args.length ? 1 : 0) : args.length;
  for (let i = 0; i < inserted; i++) {
    if (!read(nodeTypeOf, args[i], 0)) continue;
    push(nodes, args[i]);
    putByCall(args[i]);
  }
  const isRange = read(startOf, self, null) !== null;
  if (nodes.length) scanForeign(nodes, isRange ? read(startOf, self, null) : self);
  const found = nodes.length && !intoItself(nodes, self, isRange ? self : null, besideSelf) ? survey(nodes) : null;
  // A file input holding files no one handed over is emptied before it can be drawn (tools.withhold).
  if (found && (found.inputs.length || found.hosts.length) && tools.withhold) tools.withhold(found.inputs, found.hosts);
  // Where the slots go: beside `self`, into its parent as it is now (`self` may leave: attack12's slotreplacewith).
  const place = found && found.slots && besideSelf ? read(parentOf, self, null) || self : self;
  const looked = tools.unheld && nodes.length ? whatGoesIn(nodes) : null;
  // (Surveyed: every frame there is held. Not: a call the browser refuses, whose frames keep their windows.)
  const windows = looked ? (found ? { frames: [], windows: [] } : windowsNow(looked)) : null;
  if (anyGoing()) {
    if (looked) movingGoing(looked);
    else if (!nodes.length) everyGoingMoved();
  }
  try {
    return insertSurveyed(found, native, self, args, tools, inserted, fixedArgs, holdCode, looked ? placesOf(looked, nodes, intoOf(self, isRange, besideSelf)) : null);
  } finally {
    try {
      if (looked) {
        filledGoing(looked, tools);
        unheldFrames(looked, found, windows, tools);
      }
    } finally {
      if (found && found.slots && tools.slotted) tools.slotted(place);
    }
  }
}

/**
 * The nodes of the wrapped insertions whose native call runs now (outermost
 * first), each with where it was as the call came in (its parent): page
 * code the browser runs inside such a call (a focused element's `blur` as
 * the call takes it out, a removed frame's `pagehide`; attack 33) may fill
 * one of them, already surveyed, before the browser puts it in.
 */
const going = [];

/**
 * The same stack, shared with the copies of this script in the tab's other
 * same-origin frames (typed-watch.js's group), once known: page code inside
 * one copy's native call can fill a node it is to put in through another
 * frame's copy (its wrapped append, in a child frame whose window is its
 * own: attack38's crossfreshchange). Calls are made in order across them
 * (one thread), so each copy pushes its entries where it looks first.
 */
let goingOfGroup = () => null;
let groupGoing = null;
/** Set where the group's stack is asked for (page-world.js). */
export function shareGoing(fn) {
  goingOfGroup = fn;
}
function sharedGoing() {
  if (groupGoing === null) {
    try {
      groupGoing = goingOfGroup() || null;
    } catch {
      // Not known yet.
    }
  }
  return groupGoing;
}
/** The stack a native call's entry goes on. */
const stackNow = () => sharedGoing() || going;
/** Does a native call run now, of this copy or another's of the group? */
function anyGoing() {
  if (going.length) return true;
  const shared = sharedGoing();
  return shared !== null && shared.length > 0;
}
/** The outermost native call running now (its entry; null: none). */
function outermostGoing() {
  if (going.length) return going[0];
  const shared = sharedGoing();
  return shared !== null && shared.length > 0 ? shared[0] : null;
}
/** Is `fn(entry)` true for some entry running now, this copy's or the group's? (One the group's list cannot be read for counts.) */
function someGoing(fn) {
  for (let g = 0; g < going.length; g++) if (fn(going[g])) return true;
  const shared = sharedGoing();
  if (shared === null) return false;
  try {
    for (let g = 0; g < shared.length; g++) if (fn(shared[g])) return true;
  } catch {
    return true;
  }
  return false;
}

/**
 * What goes in (`looked`) and the fragments given (`nodes`': the browser
 * takes a fragment's children only when it inserts them, so a child page
 * code adds before that goes in too: attack34's fragmentreplacechild),
 * with the parent of each now, and `into`: where the call puts them (null:
 * not known).
 */
function placesOf(looked, nodes, into) {
  const all = [];
  for (let i = 0; i < looked.length; i++) push(all, looked[i]);
  for (let i = 0; i < nodes.length; i++) if (read(nodeTypeOf, nodes[i], 0) === FRAGMENT) push(all, nodes[i]);
  const parents = [];
  const moved = [];
  for (let i = 0; i < all.length; i++) {
    push(parents, read(parentOf, all[i], null));
    push(moved, false);
  }
  return { looked: all, parents, moved, into };
}

/**
 * Is node `i` of going entry `entry` still to go in? Yes, unless it was
 * elsewhere as the call came in and is now where the call puts it
 * (`into`): the browser takes a node from its old place before it removes
 * what it replaces, so where it was says nothing (attack35's appendhome).
 * One already there as the call came in stays to go in until the call
 * returns: page code can make it look put in (attack36's nextgone), and it
 * may run at events Silbato does not hear or in another copy's window
 * (attack37's changefirst, pagehideotherarm). (Silbato's own put-back of a
 * held code element takes it out first, putCodeBack: a custom element
 * moved in its own list makes its frame again as it is connected, after
 * it is in, attack25's ceresort.) So does one a wrapped call moved while
 * the native call ran (`moved`: the page may have put it where it goes, to
 * fill it there), and every one once a wrapped call that moves nodes it
 * was not given (execCommand) ran.
 */
function stillGoing(entry, i) {
  if (entry.moved[i] || entry.into === null || entry.parents[i] === entry.into) return true;
  return read(parentOf, entry.looked[i], null) !== entry.into;
}

/**
 * Is `node` in (or in a shadow tree in) a node that a native call running
 * now is still to put in (`stillGoing`)? A tree deeper than can be walked
 * is taken to be.
 */
function inGoing(node) {
  let depth = 0;
  for (let n = node; n; depth++) {
    if (depth >= MAX_DEPTH) return true;
    const at = n;
    if (
      someGoing((entry) => {
        for (let i = 0; i < entry.looked.length; i++) if (entry.looked[i] === at && stillGoing(entry, i)) return true;
        return false;
      })
    )
      return true;
    n = read(parentOf, n, null) || (read(nodeTypeOf, n, 0) === FRAGMENT ? read(hostOf, n, null) : null);
  }
  return false;
}
const MAX_DEPTH = 4096;
const hostOf = getter(ShadowRoot.prototype, 'host');

/**
 * A wrapped call made while another's native call runs moves `nodes`:
 * those still to go in stay so, wherever they go (attack35's fills of a
 * node moved first).
 */
export function movingGoing(nodes) {
  someGoing((entry) => {
    for (let i = 0; i < entry.looked.length; i++) {
      for (let k = 0; k < nodes.length; k++) if (entry.looked[i] === nodes[k] && stillGoing(entry, i)) entry.moved[i] = true;
    }
    return false;
  });
}

/** A wrapped call that may move nodes it is not given (execCommand's editing: attack36's outdent) runs while another's native call runs: every node still to go in stays so. */
function everyGoingMoved() {
  someGoing((entry) => {
    for (let i = 0; i < entry.looked.length; i++) if (stillGoing(entry, i)) entry.moved[i] = true;
    return false;
  });
}

/**
 * After a wrapped call made while another's native call runs: did it put a
 * frame into a node that call is still to put in (`inGoing`)? That frame
 * would be connected by the browser, unheld, and page code (a custom
 * element's callback, at the end of that call) could reach its first
 * document before Silbato looks again (attack33's blurinclickopen): the
 * page locks down now, and the person's activation of this moment is spent
 * (`tools.unheld`), before the browser connects it. `nodes`: what the call
 * put in (or the node it wrote markup into).
 */
export function filledGoing(nodes, tools) {
  if (!tools.unheld || !anyGoing()) return;
  for (let i = 0; i < nodes.length; i++) {
    if (nodes[i] && inGoing(nodes[i]) && framesIn([nodes[i]]).frames.length) {
      tools.unheld(read(documentOf, nodes[i], null));
      return;
    }
  }
}

/** Where an insertion on `self` puts its nodes: `self`, its parent (beside it), a range's start (a text's parent); null if not known. */
function intoOf(self, isRange, besideSelf) {
  if (!isRange) return besideSelf ? read(parentOf, self, null) : self;
  const start = read(startOf, self, null);
  const type = read(nodeTypeOf, start, 0);
  return type === ELEMENT || type === FRAGMENT || type === DOCUMENT ? start : read(parentOf, start, null);
}

/** The nodes a call puts in: each node given, a fragment's children for it. */
function whatGoesIn(nodes) {
  const out = [];
  for (let i = 0; i < nodes.length; i++) {
    if (read(nodeTypeOf, nodes[i], 0) !== FRAGMENT) push(out, nodes[i]);
    else for (let c = read(firstChildOf, nodes[i], null); c; c = read(nextSiblingOf, c, null)) push(out, c);
  }
  return out;
}

/** The frames in `looked` and their windows now (null for none). */
function windowsNow(looked) {
  const { frames } = framesIn(looked);
  const windows = [];
  for (let f = 0; f < frames.length; f++) push(windows, windowOfFrame(frames[f]));
  return { frames, windows };
}

/**
 * After a wrapped insertion: a connected frame in what it put in, not held
 * by it, with a window it did not have before the call, was connected
 * while the browser ran the call with no hold: the page's code run inside
 * it (by the removals the call made: a `blur` of a focused element taken
 * out, a removed frame's `pagehide`; attack 33) put it there after the
 * survey. The page's code may have reached its first document before
 * Silbato did: `tools.unheld()` fails closed (the lockdown: no picker
 * opens from then on).
 */
function unheldFrames(looked, found, before, tools) {
  const { frames } = framesIn(looked);
  for (let f = 0; f < frames.length; f++) {
    const frame = frames[f];
    let known = false;
    for (let g = 0; found && g < found.frames.length; g++) if (found.frames[g] === frame) known = true;
    for (let g = 0; !known && g < before.frames.length; g++) if (before.frames[g] === frame && before.windows[g] === windowOfFrame(frame)) known = true;
    // Put in by a wrapped call inside this one (a custom element's connectedCallback), and reached as it went in.
    if (!known && windowOfFrame(frame) !== null && apply(mapGet, reachedAt, [frame]) === windowOfFrame(frame)) known = true;
    if (!known && read(isConnectedOf, frame, false) && windowOfFrame(frame)) {
      tools.unheld(read(documentOf, frame, null));
      return;
    }
  }
}

/**
 * Nodes a wrapped call put in (or a fragment's children, which go in for
 * it), and the frames and code it held back and put in again: not the
 * parser's, so never where the observer takes the parser to be
 * (makeObjectFrames: an <object> a page's script appended is not one the
 * parser has open, attack19's badtypeappend).
 */
const putByCalls = new WeakSet_();
const nextSiblingOf = getter(Node.prototype, 'nextSibling');
export function putByCall(node) {
  const type = read(nodeTypeOf, node, 0);
  if (!type) return undefined;
  if (type !== FRAGMENT) return apply(setAdd, putByCalls, [node]);
  for (let c = read(firstChildOf, node, null); c; c = read(nextSiblingOf, c, null)) apply(setAdd, putByCalls, [c]);
}

/**
 * Each frame put back here, and the window it was reached with then
 * (unheldFrames: one connected by a wrapped call inside another); null for
 * one put back twice inside one outermost native call (`reachedIn`: its entry): it may
 * have had a window no one reached in between, the page's to keep
 * (attack35's appendheldreappend).
 */
const reachedAt = new WeakMap_();
const reachedIn = new WeakMap_();

/**
 * Held frame `frame` back in `parent` for its stand-in `stand`, reached at
 * once: its own children (fallback content, which may run code) go back
 * after it, and its id too (a new id can hand a form-associated custom
 * element elsewhere its form, and run its callback).
 */
function putFrameBack(frame, parent, stand, tools) {
  let children = null;
  if (read(firstChildOf, frame, null)) {
    children = apply(createDocumentFragment, apply(documentOf, frame, []), []);
    for (let c = read(firstChildOf, frame, null); c; c = read(firstChildOf, frame, null)) apply(appendChild, children, [c]);
  }
  const id = apply(getAttribute, frame, ['id']);
  if (id !== null) apply(removeAttribute, frame, ['id']);
  try {
    apply(replaceChild, parent, [frame, stand]);
  } finally {
    reachFrame(frame, tools);
    const outer = outermostGoing();
    const twice = outer !== null && apply(mapGet, reachedIn, [frame]) === outer;
    apply(mapSet, reachedAt, [frame, twice ? null : windowOfFrame(frame)]);
    apply(mapSet, reachedIn, [frame, outer]);
    tools.sweep();
    if (id !== null) apply(setAttribute, frame, ['id', id]);
  }
  if (children) insertGuarded(appendChild, frame, [children], tools, true);
}

/**
 * Held code element `node` back in its stand-in `stand`'s place, guarded.
 * One the call was given stayed where it was (a stand-in went in for it):
 * it is taken out first, so the page code its leaving runs (a focused
 * element's `blur`, a `disconnectedCallback`) runs before Silbato looks at
 * it, never inside the call that puts it in, where it could fill it while
 * it seems put in already (attack38's putbackfill).
 */
function putCodeBack(node, stand, tools) {
  // A stand-in nowhere (the call refused, its argument's never went in): the node stays where it is.
  if (!read(parentOf, stand, null)) return;
  const was = read(parentOf, node, null);
  if (was) apply(removeChild, was, [node]);
  const parent = read(parentOf, stand, null);
  if (parent) insertGuarded(replaceChild, parent, [node, stand], tools, true, false, false);
}

/** insertGuarded's call, `found` being what the `inserted` first arguments hold (null: nothing to survey), `places` what it puts in and where each was (`going` while the browser runs it). */
function insertSurveyed(found, native, self, args, tools, inserted, fixedArgs, holdCode, places) {
  const { callNative, sweep } = tools;
  // Its nodes are `going` from here until the native call returns (null:
  // none looked at): while Silbato takes held nodes out too, which runs
  // page code (a disconnectedCallback, a blur, a held frame's pagehide)
  // that could fill one of them (attack39's hold… ways).
  const stack = places ? stackNow() : null;
  if (stack) push(stack, places);
  let gone = false;
  const arrived = () => {
    if (stack && !gone) {
      gone = true;
      stack.length--;
    }
  };
  if (!found || !found.frames.length) {
    try {
      return callNative(native, self, args);
    } finally {
      arrived();
      sweep();
    }
  }
  // Held back: every frame (the call runs whatever page code it runs, its
  // own and what it sets off elsewhere, with no new realm to reach), then
  // the code elements it holds (scripts, custom elements: put back after
  // the frames, they find them there, as they would have). A typed
  // argument goes in itself.
  const held = [];
  const { frames } = found;
  const isArg = (node) => {
    for (let i = 0; i < inserted; i++) if (args[i] === node) return true;
    return false;
  };
  for (let f = 0; f < frames.length; f++) push(held, frames[f]);
  if (holdCode) for (let c = 0; c < found.code.length; c++) push(held, found.code[c]);
  for (let h = 0; h < held.length; h++) putByCall(held[h]);
  /** Frames that go in themselves (typed arguments): reached once the call returns. */
  const asThey = [];
  const stands = [];
  const called = [];
  for (let i = 0; i < args.length; i++) push(called, args[i]);
  /**
   * Each held node back where it was (nothing was inserted), as the call
   * that succeeds puts them: each frame reached before its children and its
   * id go back, then the code (a custom element in a frame's fallback must
   * not find it unwrapped: attack30's putbackce).
   */
  const putBack = () => {
    for (let h = 0; h < stands.length && h < frames.length; h++) {
      const parent = stands[h] && read(parentOf, stands[h], null);
      if (parent) putFrameBack(held[h], parent, stands[h], tools);
    }
    for (let h = frames.length; h < stands.length; h++) if (stands[h]) putCodeBack(held[h], stands[h], tools);
  };
  try {
    for (let h = 0; h < held.length; h++) {
      const node = held[h];
      push(stands, null);
      if (fixedArgs && isArg(node)) {
        if (h < frames.length) push(asThey, node);
        continue;
      }
      // Page code run by an earlier hold (a disconnectedCallback) may have taken it out already.
      const parent = read(parentOf, node, null);
      if (!parent && !isArg(node)) continue;
      // A comment: it may stand wherever the node stood, a document's child too.
      const stand = apply(createComment, apply(documentOf, node, []), ['']);
      let inArgs = false;
      for (let i = 0; i < inserted; i++) {
        if (called[i] === node) {
          called[i] = stand;
          inArgs = true;
        }
      }
      if (!inArgs) apply(replaceChild, parent, [stand, node]);
      stands[h] = stand;
    }
  } catch (e) {
    // Not taken apart after all (page code run by a take-out, a
    // disconnectedCallback, moved what was still to hold): back as it was,
    // and the call refused with that error, never made with its frames
    // unheld (attack9's catchpath).
    arrived();
    putBack();
    throw e;
  }
  let result;
  try {
    result = callNative(native, self, called);
  } catch (e) {
    arrived();
    putBack();
    throw e;
  } finally {
    arrived();
    for (let f = 0; f < asThey.length; f++) reachFrame(asThey[f], tools);
  }
  sweep();
  for (let h = 0; h < held.length; h++) if (stands[h] && result === stands[h]) result = held[h];
  // The frames, one at a time, each wrapped before the next (putFrameBack).
  // A stand-in the page's code removed leaves its node out, as it would
  // have removed the node.
  for (let f = 0; f < frames.length; f++) {
    const parent = stands[f] && read(parentOf, stands[f], null);
    if (parent) putFrameBack(frames[f], parent, stands[f], tools);
  }
  // Then the code, in tree order, its own frames held while it runs.
  for (let h = frames.length; h < held.length; h++) if (stands[h]) putCodeBack(held[h], stands[h], tools);
  return result;
}

// Markup (innerHTML, outerHTML, insertAdjacentHTML, setHTMLUnsafe) is
// connected in one go too, and page code runs inside that call (the
// reactions of custom elements in the markup or in what it replaces, a
// second frame's `load`). When it may hold a frame and goes into a
// connected tree, the browser parses it into a detached element of the
// same kind as its context (every option, TrustedHTML and script rule
// applies as it would; the page's value is read once, by the browser), and
// what it made is inserted as above.
const FRAME_TAG = /<\s*(?:[^\s<>/:]+:)?(?:iframe|frame|object|embed)/i;
const matches = (re, text) => apply(exec, re, [text]) !== null;
const elementInnerHTML = getOwnPropertyDescriptor(Element.prototype, 'innerHTML').set;
const elementSetHTMLUnsafe = Element.prototype.setHTMLUnsafe;
const createElement = Document.prototype.createElement;

/**
 * Set markup through a wrapped setter or method: `kind` 'inner'
 * (innerHTML), 'unsafe' (setHTMLUnsafe), 'outer' (outerHTML) or 'adjacent'
 * (insertAdjacentHTML).
 */
export function markupGuarded(kind, native, self, args, tools) {
  const { callNative, sweep } = tools;
  const at = kind === 'adjacent' ? 1 : 0;
  const called = [];
  for (let i = 0; i < args.length; i++) push(called, args[i]);
  // Written into a node another native call is still to put in (filledGoing): where the markup goes.
  const into = anyGoing() ? [self, read(parentOf, self, null)] : null;
  const plain = () => {
    try {
      return callNative(native, self, called);
    } finally {
      sweep();
      if (into) filledGoing(into, tools);
    }
  };
  if (called.length <= at) return plain();
  // insertAdjacentHTML's position, read once: the browser is given what was read.
  let where = null;
  if (kind === 'adjacent') {
    where = apply(toLowerCase, String_(called[0]), []);
    called[0] = where;
  }
  // Markup with no frame's tag in it makes no frame.
  const value = called[at];
  if ((typeof value === 'string' && !matches(FRAME_TAG, value)) || !read(isConnectedOf, self, false)) return plain();
  const doc = read(documentOf, self, null);
  const isRoot = read(nodeTypeOf, self, 0) === FRAGMENT;
  // The context the markup is parsed in (a shadow root's or fragment's: a body's), and where what it makes goes.
  const elementOf = (n) => (read(nodeTypeOf, n, 0) === ELEMENT ? n : n && read(nodeTypeOf, n, 0) === FRAGMENT ? BODY : null);
  const BODY = {};
  let context;
  let put;
  if (kind === 'inner' || kind === 'unsafe') {
    // An HTML <template>'s markup goes to its content, never connected.
    if (!isRoot && read(localNameOf, self, '') === 'template' && read(namespaceOf, self, null) === HTML) return plain();
    context = isRoot ? BODY : self;
    put = isRoot ? PUT.root : PUT.element;
  } else if (kind === 'outer' || where === 'beforebegin' || where === 'afterend') {
    context = elementOf(read(parentOf, self, null));
    put = PUT[kind === 'outer' ? 'outer' : where];
  } else if (where === 'afterbegin' || where === 'beforeend') {
    context = self;
    put = PUT[where];
  }
  // No context: the browser throws (or has nothing to do), as it would.
  if (!context || !doc || (kind === 'unsafe' && isRoot && !elementSetHTMLUnsafe)) return plain();
  let holder;
  try {
    if (context === BODY) holder = apply(createElement, doc, ['body']);
    else {
      const ns = read(namespaceOf, context, null);
      const name = read(localNameOf, context, '');
      // A custom element's context is parsed as a div's (nothing of the page's is built for it).
      holder = apply(createElementNS, doc, [ns, ns === HTML && apply(indexOf, name, ['-']) >= 0 ? 'div' : name]);
    }
  } catch {
    return plain();
  }
  // Parsed by the browser into the holder; what it throws (a policy, bad XML) reaches the page as it would.
  const ownElement = !isRoot && kind !== 'outer';
  if (kind === 'inner') callNative(ownElement ? native : elementInnerHTML, holder, [value]);
  else if (kind === 'unsafe') callNative(ownElement ? native : elementSetHTMLUnsafe, holder, called);
  else if (kind === 'adjacent') callNative(native, holder, ['beforeend', value]);
  else {
    const inner = apply(createElement, doc, ['span']);
    apply(appendChild, holder, [inner]);
    callNative(native, inner, [value]);
  }
  const made = apply(createDocumentFragment, doc, []);
  for (let c = read(firstChildOf, holder, null); c; c = read(firstChildOf, holder, null)) apply(appendChild, made, [c]);
  insertGuarded(put, self, [made], tools, false);
  return undefined;
}

// document.write hands its markup to the parser, which connects a frame
// and runs the scripts after it inside the one call. Written in pieces
// instead, each ending just after a frame's start tag or an </object> (the
// parser takes markup written in pieces exactly as if written at once),
// the realms are wrapped between the pieces, before the parser reads on,
// an <object>'s or <embed>'s made first. The tags are found as the HTML
// tokenizer finds them (any separator, quotes only around values), in the
// text of every write since the last "<" of the one before (a tag may be
// split across writes); what the page passes is turned into text once,
// here, as the browser would, and that text is written. The tokenizer here
// does not know the parser's state (a comment, a <textarea>'s text, another
// tag's attribute): a page can make it misread where a real frame tag ends
// (attack9's dw… ways). So the text is also cut after every ">" from the
// first place a frame's tag could begin: every start tag ends at a ">", and
// a cut too many costs only a walk.
const { slice, charCodeAt: codeAt } = String.prototype;
const OBJECTS_TAG = /<\s*\/?\s*(?:object|embed)/i;
const WRITE_TAG = /<\s*\/?\s*(?:iframe|frame|object|embed)/i;
const OBJECT_START = /^<object[\s/>]/;
const OBJECT_END = /^<\/object[\s/>]/;
const EMBED_START = /^<embed[\s/>]/;
const currentScriptOf = getter(Document.prototype, 'currentScript');

const documentQueryAll = Document.prototype.querySelectorAll;
const trustedTypes_ = globalThis.trustedTypes;
const isHTML = trustedTypes_ && trustedTypes_.isHTML;
const trustedText = typeof TrustedHTML === 'function' ? TrustedHTML.prototype.toString : null;
/** What each document was last left with: the text from the last "<" of everything written so far (`tail`), and how many written <object>s are open (`depth`). */
const unfinished = new WeakMap_();

const isSpace = (c) => c === 9 || c === 10 || c === 12 || c === 13 || c === 32;
const isLetter = (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Where, in `text`, the parser has read a frame's start tag or an
 * </object> end tag: the index just after each one's ">" (a tag not yet
 * ended is not counted).
 */
function frameCuts(text) {
  const cuts = [];
  const n = text.length;
  for (let i = apply(indexOf, text, ['<']); i >= 0 && i < n; i = apply(indexOf, text, ['<', i + 1])) {
    let j = i + 1;
    const closing = j < n && apply(codeAt, text, [j]) === 47;
    if (closing) j++;
    if (j >= n || !isLetter(apply(codeAt, text, [j]))) continue;
    const nameStart = j;
    while (j < n) {
      const c = apply(codeAt, text, [j]);
      if (isSpace(c) || c === 47 || c === 62) break;
      j++;
    }
    const name = apply(toLowerCase, apply(slice, text, [nameStart, j]), []);
    if (closing ? name !== 'object' : FRAMES[name] !== true) continue;
    // The attributes, as the tokenizer reads them, to the tag's ">".
    let end = -1;
    while (j < n) {
      let c = apply(codeAt, text, [j]);
      if (isSpace(c) || c === 47) {
        j++;
        continue;
      }
      if (c === 62) {
        end = j + 1;
        break;
      }
      // A name (its first character may be "="), up to a separator, ">" or "=".
      j++;
      while (j < n) {
        c = apply(codeAt, text, [j]);
        if (isSpace(c) || c === 47 || c === 62 || c === 61) break;
        j++;
      }
      while (j < n && isSpace(apply(codeAt, text, [j]))) j++;
      if (j >= n || apply(codeAt, text, [j]) !== 61) continue;
      // A value: quoted, or up to a space or ">".
      j++;
      while (j < n && isSpace(apply(codeAt, text, [j]))) j++;
      if (j >= n) break;
      c = apply(codeAt, text, [j]);
      if (c === 34 || c === 39) {
        const close = apply(indexOf, text, [c === 34 ? '"' : "'", j + 1]);
        if (close < 0) {
          j = n;
          break;
        }
        j = close + 1;
      } else if (c !== 62) {
        while (j < n) {
          c = apply(codeAt, text, [j]);
          if (isSpace(c) || c === 62) break;
          j++;
        }
      }
    }
    if (end < 0) break;
    push(cuts, end);
    i = end - 1;
  }
  return cuts;
}

/** The text of document.write's argument `value`, as the browser takes it (a TrustedHTML's own text, anything else turned to a string once). */
function writtenText(value) {
  if (typeof value === 'string') return value;
  try {
    if (isHTML && trustedText && apply(isHTML, trustedTypes_, [value])) return apply(trustedText, value, []);
  } catch {
    // Not one: a string, as below.
  }
  return `${value}`;
}

/** document.write / writeln (`native`) on `self` with `args`, the markup written in pieces at its frames. */
export function writeGuarded(native, self, args, tools, write) {
  const { callNative, sweep } = tools;
  // As the browser takes them: plain strings are written as they came, anything else as its text, read once.
  let plain = true;
  for (let i = 0; i < args.length; i++) if (typeof args[i] !== 'string') plain = false;
  let text = '';
  const given = [];
  for (let i = 0; i < args.length; i++) {
    push(given, plain ? args[i] : writtenText(args[i]));
    text += given[i];
  }
  // What the parser was last left with: a tag may have begun there.
  let state = null;
  try {
    state = apply(mapGet, unfinished, [self]);
    if (!state) {
      state = { __proto__: null, tail: '', depth: 0 };
      apply(mapSet, unfinished, [self, state]);
    }
  } catch {
    // Not a document: the browser throws for it.
    state = { __proto__: null, tail: '', depth: 0 };
  }
  const before = state.tail;
  const all = before + text;
  const last = apply(lastIndexOf, all, ['<']);
  state.tail = last >= 0 ? apply(slice, all, [last]) : '';
  // Read both in what was left before and on its own (what was left may be
  // stale, after document.open): every cut either finds is made.
  const shifted = [];
  const joined = matches(WRITE_TAG, all) ? frameCuts(all) : [];
  for (let c = 0; c < joined.length; c++) if (joined[c] > before.length) push(shifted, joined[c] - before.length);
  const alone = matches(WRITE_TAG, text) ? frameCuts(text) : [];
  // Both ascending: merged, each cut once. These are where tags end as
  // read here (an <object>'s, an </object>'s: `tagEnds`).
  const tagCuts = [];
  for (let a = 0, b = 0; a < shifted.length || b < alone.length; ) {
    const next = b >= alone.length || (a < shifted.length && shifted[a] <= alone[b]) ? shifted[a++] : alone[b++];
    if (!tagCuts.length || tagCuts[tagCuts.length - 1] !== next) push(tagCuts, next);
  }
  const tagEnds = { __proto__: null };
  for (let c = 0; c < tagCuts.length; c++) tagEnds[tagCuts[c]] = true;
  // And after every ">" from the first place a frame's tag could begin.
  const cuts = [];
  const mention = apply(exec, WRITE_TAG, [all]);
  if (mention !== null) {
    const start = mention.index > before.length ? mention.index - before.length : 0;
    let t = 0;
    for (let k = apply(indexOf, text, ['>', start]); k >= 0; k = apply(indexOf, text, ['>', k + 1])) {
      while (t < tagCuts.length && tagCuts[t] <= k + 1) push(cuts, tagCuts[t++]);
      if (!cuts.length || cuts[cuts.length - 1] !== k + 1) push(cuts, k + 1);
    }
    while (t < tagCuts.length) push(cuts, tagCuts[t++]);
  }
  const objects = cuts.length > 0 && matches(OBJECTS_TAG, all);
  // How many written <object>s the parser has open: their frames are asked
  // for only once it has closed them all (asked for while open, one never
  // comes), and never for one holding the script that writes.
  let depth = state.depth;
  const running = read(currentScriptOf, self, null);
  const afterPiece = (at) => {
    if (objects && at > 0 && tagEnds[at] === true) {
      // The tag that ends there (perhaps begun in an earlier write).
      const end = before.length + at;
      const lt = apply(lastIndexOf, all, ['<', end - 1]);
      const tag = lt >= 0 ? apply(toLowerCase, apply(slice, all, [lt, end]), []) : '';
      const closing = matches(OBJECT_END, tag);
      if (matches(OBJECT_START, tag)) depth++;
      else if (closing && depth > 0) depth--;
      if ((closing || matches(EMBED_START, tag)) && depth === 0) {
        try {
          eachOf(apply(documentQueryAll, self, [OBJECT_SELECTOR]), (el) => {
            if (!running || !apply(contains, el, [running])) makeObjectFrame(el);
          });
        } catch {
          // Not a document: nothing was written.
        }
      }
    }
    sweep();
  };
  if (!cuts.length) {
    try {
      return callNative(native, self, plain ? args : given);
    } finally {
      sweep();
    }
  }
  let from = 0;
  try {
    for (let c = 0; c < cuts.length; c++) {
      try {
        callNative(write, self, [apply(slice, text, [from, cuts[c]])]);
      } finally {
        afterPiece(cuts[c]);
      }
      from = cuts[c];
    }
    // The rest (writeln's line end with it).
    return callNative(native, self, [apply(slice, text, [from])]);
  } finally {
    afterPiece(0);
    state.depth = depth;
  }
}

// A customized built-in frame (`<iframe is=…>`, a definition that extends
// iframe, frame, object or embed) runs its own reactions as it is
// connected: its connectedCallback (or an upgrade's constructor) comes at
// the end of the very call that put it back above, after its realm exists
// and before that call returns, and a moved one's disconnectedCallback
// after it is back in. Standing in for its callbacks on its prototype was
// tried and given up (a page's proxies, getters and non-configurable
// properties undo it: attack 8). Such a definition is refused, as browsers
// without customized built-ins refuse them; every other definition goes to
// the browser as it came. The browser itself converts the name and reads
// the options, in its order: it is handed options whose `extends` getter
// reads the page's once (the page's getter or toString runs once, inside
// the browser's call, so its errors and their stacks are the browser's:
// attack9's definesymbol, defineext) and refuses a frame there.
const NOT_OBJECT = { __proto__: null, undefined: true, boolean: true, number: true, string: true, symbol: true, bigint: true };

/** customElements.define (`native`) on registry `self` with `args`; `refuse()` makes the error for a frame's definition. */
export function defineGuarded(native, self, args, tools, refuse) {
  const { callNative } = tools;
  const options = args[2];
  // A constructor that is not a function, or no options: the browser's own answer (it reads nothing more).
  if (typeof args[1] !== 'function' || options === null || NOT_OBJECT[typeof options] === true) return callNative(native, self, args);
  const given = {
    __proto__: null,
    get extends() {
      const value = options.extends;
      // Text, or what turns into text (converted once, here); anything else the browser converts or refuses itself.
      const text = typeof value === 'string' ? value : value !== null && NOT_OBJECT[typeof value] !== true ? `${value}` : null;
      if (text !== null && FRAMES[text] === true) throw refuse();
      return text !== null ? text : value;
    },
  };
  const called = [];
  for (let i = 0; i < args.length; i++) push(called, args[i]);
  called[2] = given; // args[2] is the options object: an own item already (an assignment to a new index would reach a page setter)
  return callNative(native, self, called);
}
