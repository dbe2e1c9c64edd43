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
// its mutation records. Markup strings that hold a frame are parsed first
// and inserted the same way (markupGuarded).
//
// Not covered (docs/threat-model.md): document.write and execCommand's
// markup, setHTMLUnsafe's declared shadow roots, a customized built-in
// frame's own reactions, indexed setters (`select[i] = option`), and an
// <object>/<embed> of a document, whose frame Chromium makes in a later
// task of its own (forcing a layout right after the insertion did not make
// it reliably, measured).

const { apply, getOwnPropertyDescriptor, getPrototypeOf } = Reflect;
// (A getter missing in this browser is left undefined: reading with it fails, and is caught.)
const getter = (proto, name) => {
  const d = proto && getOwnPropertyDescriptor(proto, name);
  return d && d.get;
};
const nodeTypeOf = getter(Node.prototype, 'nodeType');
const parentOf = getter(Node.prototype, 'parentNode');
const firstChildOf = getter(Node.prototype, 'firstChild');
const documentOf = getter(Node.prototype, 'ownerDocument');
const localNameOf = getter(Element.prototype, 'localName');
const namespaceOf = getter(Element.prototype, 'namespaceURI');
const shadowRootOf = getter(Element.prototype, 'shadowRoot');
const hasAttribute = Element.prototype.hasAttribute;
const replaceChild = Node.prototype.replaceChild;
const createTextNode = Document.prototype.createTextNode;
const createElementNS = Document.prototype.createElementNS;
const { indexOf } = String.prototype;
const Error_ = Error;
const String_ = String;
const { exec } = RegExp.prototype;
const isConnectedOf = getter(Node.prototype, 'isConnected');
const hostOf = getter(ShadowRoot.prototype, 'host');
const implementationOf = getter(Document.prototype, 'implementation');
const createHTMLDocument = DOMImplementation.prototype.createHTMLDocument;
const bodyOf = getter(Document.prototype, 'body');
const createRange = Document.prototype.createRange;
const selectNodeContents = Range.prototype.selectNodeContents;
const createContextualFragment = Range.prototype.createContextualFragment;
const nodeListLength = getter(NodeList.prototype, 'length');
const nodeListItem = NodeList.prototype.item;
const appendChild = Node.prototype.appendChild;
const TrustedHTML_ = globalThis.TrustedHTML;
const startOf = getter(AbstractRange.prototype, 'startContainer');
const endOf = getter(AbstractRange.prototype, 'endContainer');
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
const { add: setAdd, has: setHas } = WeakSet.prototype;
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

/** Closed shadow roots made by `attachShadow` in a wrapped realm, by host (open ones are read from the host). */
const closedRoots = new WeakMap_();

/** Remember `root`, the shadow root `attachShadow` gave `host`. */
export function rememberShadowRoot(host, root) {
  apply(mapSet, closedRoots, [host, root]);
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
 * ones remembered here): its frames, and the outermost elements in it that
 * run page code as they are connected (`code`: scripts, custom elements,
 * customized built-ins told by `is` or their prototype). Null when it holds
 * no frame.
 */
function survey(nodes) {
  // Where to look: each node inserted and every shadow root in it (a walk
  // of its elements, the one cost every insertion pays).
  const roots = [];
  const addRoots = (el) => {
    const shadow = read(shadowRootOf, el, null) || apply(mapGet, closedRoots, [el]);
    if (shadow) {
      roots[roots.length] = shadow;
      eachOf(apply(fragmentQueryAll, shadow, ['*']), addRoots);
    }
  };
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const type = read(nodeTypeOf, node, 0);
    if (type !== ELEMENT && type !== FRAGMENT) continue;
    roots[roots.length] = node;
    if (type === ELEMENT) addRoots(node);
    eachOf(apply(type === ELEMENT ? elementQueryAll : fragmentQueryAll, node, ['*']), addRoots);
  }
  // The frames (most insertions hold none, and end here).
  const frames = [];
  for (let r = 0; r < roots.length; r++) {
    const root = roots[r];
    const isElement = read(nodeTypeOf, root, 0) === ELEMENT;
    if (isElement && isFrame(root)) frames[frames.length] = root;
    eachOf(apply(isElement ? elementQueryAll : fragmentQueryAll, root, [FRAME_SELECTOR]), (el) => {
      if (isFrame(el)) frames[frames.length] = el;
    });
  }
  if (!frames.length) return null;
  // The outermost elements that run code, in tree order within each root.
  const code = [];
  const plain = new WeakMap_();
  /** Code elements listed, and everything inside them (not listed again). */
  const within = new WeakSet_();
  const consider = (el) => {
    const parent = read(parentOf, el, null);
    if (parent && apply(setHas, within, [parent])) apply(setAdd, within, [el]);
    else if (!isFrame(el) && runsCode(el, plain)) {
      code[code.length] = el;
      apply(setAdd, within, [el]);
    }
  };
  for (let r = 0; r < roots.length; r++) {
    const root = roots[r];
    const isElement = read(nodeTypeOf, root, 0) === ELEMENT;
    if (isElement) consider(root);
    eachOf(apply(isElement ? elementQueryAll : fragmentQueryAll, root, ['*']), consider);
  }
  return { frames, code };
}

/** Is a node other than text partly in `range` (an inclusive ancestor of one of its ends only)? */
function partlyIn(range) {
  const start = read(startOf, range, null);
  const end = read(endOf, range, null);
  if (start === end) return false;
  const ancestors = (n) => {
    const list = [];
    for (; n; n = read(parentOf, n, null)) list[list.length] = n;
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
  if (read(nodeTypeOf, newParent, 0) !== ELEMENT || partlyIn(range) || !survey([newParent])) return insertGuarded(native, range, args, tools, true);
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

/**
 * Call `native` (an insertion of realm tools `callNative`) on `self` with
 * `args` so that every frame it connects is wrapped before any page code
 * can reach it: `sweep` walks the tab's frames, `reach(win)` wraps one.
 * `firstOnly`: only the first argument is inserted (appendChild,
 * insertBefore, replaceChild, Range's insertNode…; the others are where, or
 * what is replaced, and are left alone); `fixedArgs`: an argument cannot be
 * stood in for (a setter's value, typed); `holdCode`: false when the
 * insertion is one of the put-backs here. Returns what the native call
 * returns.
 */
export function insertGuarded(native, self, args, tools, firstOnly, fixedArgs = false, holdCode = true) {
  const { callNative, sweep, reach } = tools;
  const nodes = [];
  const inserted = firstOnly ? (args.length ? 1 : 0) : args.length;
  for (let i = 0; i < inserted; i++) if (read(nodeTypeOf, args[i], 0)) nodes[nodes.length] = args[i];
  const found = nodes.length ? survey(nodes) : null;
  if (!found) {
    try {
      return callNative(native, self, args);
    } finally {
      sweep();
    }
  }
  // Held back: every frame (the call runs whatever page code it runs, its
  // own and what it sets off elsewhere, with no new realm to reach), then
  // the code elements it holds (scripts, custom elements: put back after
  // the frames, they find them there, as they would have).
  const held = [];
  const { frames } = found;
  for (let f = 0; f < frames.length; f++) held[held.length] = frames[f];
  if (holdCode) for (let c = 0; c < found.code.length; c++) held[held.length] = found.code[c];
  const stands = [];
  const called = [];
  for (let i = 0; i < args.length; i++) called[i] = args[i];
  /** Each held node back where it was (nothing was inserted). */
  const putBack = () => {
    for (let h = stands.length - 1; h >= 0; h--) {
      const parent = read(parentOf, stands[h], null);
      if (parent) apply(replaceChild, parent, [held[h], stands[h]]);
    }
  };
  try {
    for (let h = 0; h < held.length; h++) {
      const node = held[h];
      const stand = apply(createTextNode, apply(documentOf, node, []), ['']);
      let inArgs = false;
      for (let i = 0; i < inserted; i++) {
        if (called[i] === node) {
          if (fixedArgs) throw new Error_();
          called[i] = stand;
          inArgs = true;
        }
      }
      if (!inArgs) {
        const parent = read(parentOf, node, null);
        if (!parent) throw new Error_();
        apply(replaceChild, parent, [stand, node]);
      }
      stands[h] = stand;
    }
  } catch {
    // Not taken apart after all: inserted as it came.
    putBack();
    try {
      return callNative(native, self, args);
    } finally {
      sweep();
    }
  }
  let result;
  try {
    result = callNative(native, self, called);
  } catch (e) {
    putBack();
    throw e;
  }
  sweep();
  for (let h = 0; h < held.length; h++) if (result === stands[h]) result = held[h];
  // The frames, one at a time, each wrapped before the next; a frame's own
  // children (fallback content, which may run code) after it. A stand-in
  // the page's code removed leaves its node out, as it would have removed
  // the node.
  for (let f = 0; f < frames.length; f++) {
    const parent = read(parentOf, stands[f], null);
    if (!parent) continue;
    const frame = frames[f];
    let children = null;
    if (read(firstChildOf, frame, null)) {
      children = apply(createDocumentFragment, apply(documentOf, frame, []), []);
      for (let c = read(firstChildOf, frame, null); c; c = read(firstChildOf, frame, null)) apply(appendChild, children, [c]);
    }
    try {
      apply(replaceChild, parent, [frame, stands[f]]);
    } finally {
      const win = windowOfFrame(frame);
      if (win) reach(win);
      sweep();
    }
    if (children) insertGuarded(appendChild, frame, [children], tools, true);
  }
  // Then the code, in tree order, its own frames held while it runs.
  for (let h = frames.length; h < held.length; h++) {
    const parent = read(parentOf, stands[h], null);
    if (parent) insertGuarded(replaceChild, parent, [held[h], stands[h]], tools, true, false, false);
  }
  return result;
}

// Markup strings (innerHTML, outerHTML, insertAdjacentHTML, setHTMLUnsafe)
// connect what they parse in one go too, and page code runs inside that
// call (the reactions of custom elements in the markup or in what it
// replaces, a second frame's `load`). When the markup holds a frame and
// goes into a connected tree, it is parsed first into a fragment in its
// context (Range.createContextualFragment, with its scripts made inert as
// markup's are, by connecting them once in a document with no browsing
// context), and that fragment is inserted as above.
const FRAME_TAG = /<\s*(?:iframe|frame|object|embed)[\s/>]/i;
const DECLARED_ROOT = /shadowrootmode/i;
const matches = (re, text) => apply(exec, re, [text]) !== null;

/** A document with no browsing context, where scripts are made inert (one per document). */
const inertDocs = new WeakMap_();
function inertBodyFor(doc) {
  let body = apply(mapGet, inertDocs, [doc]);
  if (!body) {
    const inert = apply(createHTMLDocument, apply(implementationOf, doc, []), ['']);
    body = apply(bodyOf, inert, []);
    apply(mapSet, inertDocs, [doc, body]);
  }
  return body;
}

/** Markup as the setter would read it: a string, or null when it must go to the browser as it is (TrustedHTML). */
function markupText(value, nullIsEmpty) {
  if (typeof value === 'string') return value;
  if (value === null && nullIsEmpty) return '';
  if (TrustedHTML_ && value !== null && typeof value === 'object') {
    try {
      for (let p = getPrototypeOf(value); p; p = getPrototypeOf(p)) if (p === TrustedHTML_.prototype) return null;
    } catch {
      return null;
    }
  }
  return String_(value);
}

/**
 * Set markup through a wrapped setter or method: `kind` 'inner'
 * (innerHTML), 'unsafe' (setHTMLUnsafe), 'outer' (outerHTML) or 'adjacent'
 * (insertAdjacentHTML).
 */
export function markupGuarded(kind, native, self, args, tools) {
  const { callNative, sweep } = tools;
  const at = kind === 'adjacent' ? 1 : 0;
  const called = [];
  for (let i = 0; i < args.length; i++) called[i] = args[i];
  const plain = () => {
    try {
      return callNative(native, self, called);
    } finally {
      sweep();
    }
  };
  // setHTMLUnsafe's options (a sanitizer) are the browser's to apply.
  if (called.length <= at || (kind === 'unsafe' && called.length > 1)) return plain();
  // Read once (a page's toString runs once, as without Silbato).
  const text = markupText(called[at], kind === 'inner' || kind === 'outer');
  if (text === null) return plain();
  called[at] = text;
  if (!matches(FRAME_TAG, text) || matches(DECLARED_ROOT, text)) return plain();
  let fragment;
  let put;
  try {
    if (!read(isConnectedOf, self, false)) return plain();
    const isRoot = read(nodeTypeOf, self, 0) === FRAGMENT;
    const elementOf = (n) => (read(nodeTypeOf, n, 0) === FRAGMENT ? read(hostOf, n, null) : read(nodeTypeOf, n, 0) === ELEMENT ? n : null);
    let context;
    let where;
    if (kind === 'inner' || kind === 'unsafe') {
      context = isRoot ? read(hostOf, self, null) : self;
      if (read(localNameOf, self, '') === 'template') return plain();
      where = isRoot ? 'root' : 'element';
    } else {
      where = kind === 'outer' ? 'outer' : apply(toLowerCase, String_(called[0]), []);
      const parent = read(parentOf, self, null);
      if (where === 'outer' || where === 'beforebegin' || where === 'afterend') context = parent && elementOf(parent);
      else if (where === 'afterbegin' || where === 'beforeend') context = self;
      else return plain();
    }
    const method = PUT[where];
    put = (f) => insertGuarded(method, self, [f], tools, false);
    if (!context) return plain();
    const doc = apply(documentOf, self, []);
    const range = apply(createRange, doc, []);
    apply(selectNodeContents, range, [context]);
    fragment = apply(createContextualFragment, range, [text]);
    // Markup's scripts never run: each is connected once where scripts are
    // disabled, which marks it as started, and put back.
    const scripts = apply(fragmentQueryAll, fragment, ['script']);
    const n = apply(nodeListLength, scripts, []);
    if (n) {
      const inert = inertBodyFor(doc);
      for (let i = 0; i < n; i++) {
        const script = apply(nodeListItem, scripts, [i]);
        const stand = apply(createTextNode, doc, ['']);
        apply(replaceChild, apply(parentOf, script, []), [stand, script]);
        apply(appendChild, inert, [script]);
        apply(replaceChild, apply(parentOf, stand, []), [script, stand]);
      }
    }
  } catch {
    return plain();
  }
  put(fragment);
  return undefined;
}

// document.write hands its markup to the parser, which connects a frame
// and runs the scripts after it inside the one call. Written in pieces
// instead, each ending just after a frame's start tag (the parser takes
// markup written in pieces exactly as if written at once), the realms are
// wrapped between the pieces, before the parser reads on.
const FRAME_START = /<\s*(?:iframe|frame|object|embed)(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/gi;
const { slice } = String.prototype;

/** document.write / writeln (`native`) on `self` with `args`, the markup written in pieces at its frames. */
export function writeGuarded(native, self, args, tools, write) {
  const { callNative, sweep } = tools;
  let text = '';
  for (let i = 0; i < args.length; i++) {
    if (typeof args[i] !== 'string') text = null;
    if (text === null) break;
    text += args[i];
  }
  if (text === null || !matches(FRAME_TAG, text)) {
    try {
      return callNative(native, self, args);
    } finally {
      sweep();
    }
  }
  // The ends of the frames' start tags.
  const cuts = [];
  FRAME_START.lastIndex = 0;
  for (let m = apply(exec, FRAME_START, [text]); m !== null; m = apply(exec, FRAME_START, [text])) cuts[cuts.length] = FRAME_START.lastIndex;
  let from = 0;
  for (let c = 0; c < cuts.length; c++) {
    try {
      callNative(write, self, [apply(slice, text, [from, cuts[c]])]);
    } finally {
      sweep();
    }
    from = cuts[c];
  }
  try {
    // The rest (writeln's line end with it).
    return callNative(native, self, [apply(slice, text, [from])]);
  } finally {
    sweep();
  }
}
