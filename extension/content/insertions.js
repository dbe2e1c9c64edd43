// Page code that runs inside one DOM insertion (page world only). When a
// frame element is connected, its first, empty document (a realm no content
// script runs in: realms.js) exists at once, and realms.js wraps it when the
// inserting call returns. But one call can also run page code after the
// frame is connected and before it returns: a script element inserted with
// the frame runs then, and so do the reactions of custom elements (their
// constructors, when upgraded, and connectedCallback: after everything is
// inserted, wherever they are in the tree), and a second frame's
// synchronous `load`. That code could take the new realm's native
// showPicker before it is wrapped, and open a picker Silbato never sees.
//
// So when the nodes a wrapped call inserts hold a frame and elements that
// run page code, those elements are taken out first (an empty text node
// stands in for each), the call inserts the rest (the frames: no page code
// runs), the new realms are wrapped, and then each element is put back in
// its stand-in's place, in tree order (its code runs, and finds the frames
// there, as it would have). When a frame is inside such an element, or a
// later frame has no address, it is the other way round: the frames are
// held back and put back one at a time, each realm wrapped before the
// next. What the page can see of it is the order in which those nodes are
// connected and the stand-ins among its mutation records.
//
// Not covered (docs/threat-model.md): markup strings (innerHTML,
// document.write…) whose custom elements or scripts run as they are parsed,
// a customized built-in frame's own reactions, and frames in closed shadow
// roots that were declared in markup; and an <object>/<embed> of a
// document, whose frame Chromium makes in a later task of its own (forcing
// a layout right after the insertion did not make it reliably, measured).

const { apply, getOwnPropertyDescriptor, getPrototypeOf } = Reflect;
const getter = (proto, name) => getOwnPropertyDescriptor(proto, name).get;
const nodeTypeOf = getter(Node.prototype, 'nodeType');
const parentOf = getter(Node.prototype, 'parentNode');
const firstChildOf = getter(Node.prototype, 'firstChild');
const nextSiblingOf = getter(Node.prototype, 'nextSibling');
const documentOf = getter(Node.prototype, 'ownerDocument');
const localNameOf = getter(Element.prototype, 'localName');
const namespaceOf = getter(Element.prototype, 'namespaceURI');
const shadowRootOf = getter(Element.prototype, 'shadowRoot');
const hasAttribute = Element.prototype.hasAttribute;
const replaceChild = Node.prototype.replaceChild;
const createTextNode = Document.prototype.createTextNode;
const createElementNS = Document.prototype.createElementNS;
const { indexOf } = String.prototype;
const WeakMap_ = WeakMap;
const { get: mapGet, set: mapSet } = WeakMap.prototype;

const HTML = 'http://www.w3.org/1999/xhtml';
const ELEMENT = 1;
const FRAGMENT = 11;
/** The most nodes looked through in one insertion: past it the insertion goes as it came. */
const MAX_NODES = 100000;

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
 * What an insertion of `nodes` holds (tree order, through open shadow roots
 * and closed ones remembered here): its frames; the outermost elements that
 * run page code as they are connected (`code`); and whether a frame is
 * inside one of those, or a later frame has no address (it loads at once,
 * and its `load` is page code). Null when it holds no frame.
 */
function survey(nodes) {
  const frames = [];
  const code = [];
  let tangled = false;
  let seen = 0;
  const plain = new WeakMap_();
  for (let i = 0; i < nodes.length; i++) {
    // Pairs: a node, and whether it is inside an element that runs code.
    const stack = [nodes[i], false];
    while (stack.length) {
      let inside = stack[stack.length - 1];
      const n = stack[stack.length - 2];
      stack.length -= 2;
      if (++seen > MAX_NODES) return null;
      const type = read(nodeTypeOf, n, 0);
      if (type === ELEMENT) {
        if (isFrame(n)) {
          frames[frames.length] = n;
          if (inside || (frames.length > 1 && !apply(hasAttribute, n, ['src']))) tangled = true;
        } else if (!inside && runsCode(n, plain)) {
          code[code.length] = n;
          inside = true;
        }
        const root = read(shadowRootOf, n, null) || apply(mapGet, closedRoots, [n]);
        if (root) {
          stack[stack.length] = root;
          stack[stack.length] = inside;
        }
      } else if (type !== FRAGMENT) continue;
      // Children pushed last first, so that they are taken in tree order.
      const children = [];
      for (let c = read(firstChildOf, n, null); c; c = read(nextSiblingOf, c, null)) children[children.length] = c;
      for (let c = children.length - 1; c >= 0; c--) {
        stack[stack.length] = children[c];
        stack[stack.length] = inside;
      }
    }
  }
  return frames.length ? { frames, code, tangled } : null;
}

/**
 * Call `native` (an insertion of realm tools `callNative`) on `self` with
 * `args` so that every frame it connects is wrapped (`sweep`) before any
 * page code can reach it. `firstOnly`: only the first argument is inserted
 * (appendChild, insertBefore, replaceChild, Range's insertNode…; the others
 * are where, or what is replaced, and are left alone). Returns what the
 * native call returns.
 */
export function insertGuarded(native, self, args, callNative, sweep, firstOnly) {
  const nodes = [];
  const inserted = firstOnly ? (args.length ? 1 : 0) : args.length;
  for (let i = 0; i < inserted; i++) if (read(nodeTypeOf, args[i], 0)) nodes[nodes.length] = args[i];
  const found = nodes.length ? survey(nodes) : null;
  if (!found || (!found.code.length && !found.tangled)) {
    try {
      return callNative(native, self, args);
    } finally {
      sweep();
    }
  }
  // What is held back: the page code, connected after the frames (as it
  // would be) once they are wrapped; or, when a frame is inside that code,
  // the frames, connected after the code.
  const held = found.tangled ? found.frames : found.code;
  const stands = [];
  const called = [];
  for (let i = 0; i < args.length; i++) called[i] = args[i];
  /** Each held node back where it was (nothing was inserted). */
  const putBack = () => {
    for (let f = 0; f < stands.length; f++) {
      const parent = read(parentOf, stands[f], null);
      if (parent) apply(replaceChild, parent, [held[f], stands[f]]);
    }
  };
  try {
    for (let f = 0; f < held.length; f++) {
      const node = held[f];
      const stand = apply(createTextNode, apply(documentOf, node, []), ['']);
      let inArgs = false;
      for (let i = 0; i < inserted; i++) {
        if (called[i] === node) {
          called[i] = stand;
          inArgs = true;
        }
      }
      if (!inArgs) apply(replaceChild, apply(parentOf, node, []), [stand, node]);
      stands[f] = stand;
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
  // One at a time, in tree order, the realms wrapped after each. A
  // stand-in the page's code removed leaves its node out, as it would have
  // removed the node.
  for (let f = 0; f < held.length; f++) {
    if (result === stands[f]) result = held[f];
    const parent = read(parentOf, stands[f], null);
    if (!parent) continue;
    try {
      apply(replaceChild, parent, [held[f], stands[f]]);
    } finally {
      sweep();
    }
  }
  return result;
}
