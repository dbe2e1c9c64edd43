// Wrapping the page's built-in functions without being seen doing it (page
// world only). A page that prints a wrapped function (`click.toString()`)
// must read exactly what it reads without Silbato: a site that can tell who
// runs Silbato learns something about them. So every wrapper is registered
// here with the function it stands for, and `Function.prototype.toString`
// (itself wrapped the same way) prints the native one for it.
//
// Frames of the same origin are separate realms with their own built-ins,
// each wrapped by its own copy of this script (Chromium injects it into new
// frames at once). A page can call one realm's toString on another realm's
// wrapper: every copy makes the same wrappers, so a function whose source is
// one of those texts is another copy's wrapper, and prints as the native it
// is named after. Nothing else of the function is read (no prototype, no
// proxy trap a page could count).
//
// Everything Silbato's page-world code calls is taken here, at
// document_start, before any page script runs: a page that replaces a
// built-in later changes nothing Silbato does.

import { getOwnPropertyDescriptor } from './intrinsics.js';

const { apply, construct, defineProperty, deleteProperty, getPrototypeOf, isExtensible, setPrototypeOf } = Reflect;
// Every other built-in this file calls, taken now: a realm is also wrapped
// later (a frame's first document, when the page reaches it), and by then
// the page may have replaced anything it can reach (RegExp.prototype.exec,
// WeakMap.prototype.has, Object.prototype getters…). Wrapping must neither
// fail nor be observable then.
const freeze = Object.freeze;
const WeakMap_ = WeakMap;
const { get: mapGet, has: mapHas, set: mapSet } = WeakMap.prototype;
const { includes, indexOf, slice, startsWith } = String.prototype;
const hasOwn = Object.prototype.hasOwnProperty;
const FIELDS = freeze(['value', 'get', 'set', 'writable', 'enumerable', 'configurable']);
/**
 * The descriptor `d` with field `field` set to `value`, as an object with no
 * prototype: a page's getters on Object.prototype are never read as
 * descriptor fields. (Index loops: a page may replace the array iterator.)
 */
const own = (d, field, value) => {
  const out = { __proto__: null };
  for (let i = 0; i < FIELDS.length; i++) if (apply(hasOwn, d, [FIELDS[i]])) out[FIELDS[i]] = d[FIELDS[i]];
  out[field] = value;
  return out;
};
/** A realm's document → its tools (a document, not a window: a window keeps its identity across navigations, a realm does not). */
const realms = new WeakMap_();
/**
 * Wrapper → the native function it stands for, for every realm this copy of
 * the script wraps: a wrapper made here for another realm (natives of a
 * frame where no copy runs) is printed right by this realm's toString too.
 */
const stands = new WeakMap_();
const stood = (fn) => apply(mapHas, stands, [fn]);
/** Native → the wrapper that stands for it (the last made): the frame an error it throws is cut at (`scrub`). */
const wrapperOf = new WeakMap_();
/**
 * Native → the interface whose prototype it was taken from ('Element',
 * 'Node', 'Window'…), as the browser's own messages name it.
 */
const interfaceOf = new WeakMap_();
/**
 * Errors a scrub has handled (thrown by a deeper wrapped call, and through
 * page code since, perhaps) → how: their frames taken again (RECAPTURED,
 * left alone since), or their text cut (CUT, never recaptured since).
 */
const scrubbed = new WeakMap_();
const RECAPTURED = 1;
const CUT = 2;
/** The source texts of every wrapper made here (every copy of this script makes the same ones): text → true. */
const wrapperTexts = { __proto__: null };
/** How deep `print` is: two copies of this script asking each other to print the same function never recurse for ever. */
let printing = 0;

/** This script's own address, as stack traces name it (read once, at document_start, before any page script). */
const OWN_SCRIPT = (() => {
  const stack = String(new Error().stack || '');
  const m = /((?:chrome|moz|safari-web)-extension:\/\/[^/\s]+\/[^:\s)]+)/.exec(stack);
  return m ? m[1] : null;
})();

/**
 * The tools for one realm (`win`, a window of this origin): its built-ins
 * taken now, its toString wrapped, and the wrappers registered with it.
 * This realm's, at document_start; a frame's where Silbato's page-world
 * script cannot run (a same-origin frame sandboxed without scripts), when
 * the frame appears (page-world.js).
 */
export function realmTools(win) {
  const key = win.document;
  if (apply(mapHas, realms, [key])) return apply(mapGet, realms, [key]);
  const { Error, Event, EventTarget, HTMLInputElement, Document } = win;
  const Function = win.Function;
  const nativeToString = Function.prototype.toString;

  /** The built-ins Silbato's page-world code uses, as they were before any page script. */
  const natives = freeze({
    apply,
    dispatch: EventTarget.prototype.dispatchEvent,
    addListener: EventTarget.prototype.addEventListener,
    MouseEvent: win.MouseEvent,
    CustomEvent: win.CustomEvent,
    Event: win.Event,
    inputType: getOwnPropertyDescriptor(HTMLInputElement.prototype, 'type').get,
    eventType: getOwnPropertyDescriptor(Event.prototype, 'type').get,
    readyState: getOwnPropertyDescriptor(Document.prototype, 'readyState').get,
  });

  // V8 keeps an error's frames when it is made and writes its `stack` text
  // when first read (with the page's Error.prepareStackTrace and function
  // names of that moment). Error.captureStackTrace(e, w) takes the frames
  // again, from below wrapper `w`, and leaves the text to be written as
  // late: the browser's own error then ends up as it would without Silbato.
  const captureStackTrace = Error.captureStackTrace;
  const isError = Error.isError;
  /** V8's getter of an error's own `stack` (every error of the realm has the same one); undefined elsewhere (Firefox). */
  const v8Stack = (() => {
    const d = getOwnPropertyDescriptor(new Error(), 'stack');
    return d && d.get;
  })();
  const domException = win.DOMException && win.DOMException.prototype;
  const domMessage = domException && getOwnPropertyDescriptor(domException, 'message');
  // Where V8 looks for Error.prepareStackTrace and Error.stackTraceLimit: Error and its prototypes.
  const functionProto = getPrototypeOf(Error);
  const objectProto = getPrototypeOf(functionProto);
  const formatterAtStart = getOwnPropertyDescriptor(Error, 'prepareStackTrace');
  /** A function never called: a stack taken "from below" it has no frames. */
  const nowhere = () => undefined;
  /**
   * Does V8 write stacks with its own formatter now? Read without running
   * anything of the page's: Error's prototypes must be the ones it started
   * with (a proxy there is never asked), and none may hold a formatter.
   */
  function plainFormatting() {
    if (!startingChain()) return false;
    // The first one found is the one V8 takes: a getter runs; a function formats (unless it was there before the page).
    const chain = [Error, functionProto, objectProto];
    for (let i = 0; i < chain.length; i++) {
      const d = getOwnPropertyDescriptor(chain[i], 'prepareStackTrace');
      if (!d) continue;
      if (d.get || d.set) return false;
      return typeof d.value !== 'function' || (i === 0 && !!formatterAtStart && d.value === formatterAtStart.value);
    }
    return true;
  }
  /** Are Error's prototypes the ones it started with? (Otherwise V8's lookups may reach a page's proxy.) */
  function startingChain() {
    return getPrototypeOf(Error) === functionProto && getPrototypeOf(functionProto) === objectProto;
  }
  /**
   * `look()` run with V8's own formatter standing in for the page's: an own
   * `Error.prepareStackTrace` of undefined for the moment, then Error's own
   * property as it was (redefined, never deleted and added again: the order
   * of Error's keys stays). No page code runs in between, so the page never
   * sees it; false, and nothing done, where Error will not take it (the
   * page made its property fixed, or Error not extensible).
   */
  function formattedPlainly(look) {
    const had = getOwnPropertyDescriptor(Error, 'prepareStackTrace');
    if (had ? !had.configurable && !(apply(hasOwn, had, ['value']) && had.writable) : !isExtensible(Error)) return false;
    const plain = had && !had.configurable ? { __proto__: null, value: undefined } : { __proto__: null, value: undefined, writable: true, enumerable: false, configurable: true };
    defineProperty(Error, 'prepareStackTrace', plain);
    try {
      return look();
    } finally {
      if (had) defineProperty(Error, 'prepareStackTrace', had);
      else deleteProperty(Error, 'prepareStackTrace');
    }
  }
  /**
   * How many frames V8 keeps (Error.stackTraceLimit as V8 reads it: a data
   * property up the chain, none past a proxy; anything else keeps none).
   * Error's prototypes are looked at only when they are the ones it started
   * with (asking a page's proxy would run its trap).
   */
  function frameLimit() {
    const chain = startingChain() ? [Error, functionProto, objectProto] : [Error];
    for (let i = 0; i < chain.length; i++) {
      const d = getOwnPropertyDescriptor(chain[i], 'stackTraceLimit');
      if (d) return typeof d.value === 'number' && d.value > 0 ? d.value : 0;
    }
    return 0;
  }
  /**
   * The message of error `e`, read with no getter or proxy trap of the
   * page's run: a DOMException's by its own getter (which refuses any other
   * object: its prototypes are never walked, attack30's protoproxy), any
   * other error's own `message`.
   */
  function messageOf(e) {
    if (domMessage && domMessage.get) {
      try {
        return apply(domMessage.get, e, []);
      } catch {
        // Not a DOMException.
      }
    }
    const d = getOwnPropertyDescriptor(e, 'message');
    return d && typeof d.value === 'string' ? d.value : '';
  }
  /**
   * Did the browser make `e` in this call to `fn`, not the page's code that
   * the call ran? Its own wording, naming `fn` ("Failed to execute 'append'
   * on 'Element'", "Failed to set the 'innerHTML' property"): a browser's
   * error made elsewhere and rethrown by the page's code inside the call
   * names another (attack30's rethrown).
   */
  const browsersOwn = (e, fn) => {
    const m = messageOf(e);
    if (apply(startsWith, m, ['Illegal '])) return true;
    if (!apply(startsWith, m, ['Failed to '])) return false;
    const d = fn ? getOwnPropertyDescriptor(fn, 'name') : null;
    let name = d && typeof d.value === 'string' ? d.value : '';
    if (apply(startsWith, name, ['get ']) || apply(startsWith, name, ['set '])) name = apply(slice, name, [4]);
    if (name === '') return false;
    // The interface too, where it is known: FormData's append, called by the page's code inside Element's, is not it (attack31's namedinside).
    const on = apply(mapGet, interfaceOf, [fn]);
    if (!on) return apply(includes, m, [`'${name}'`]);
    return (
      apply(startsWith, m, [`Failed to execute '${name}' on '${on}'`]) ||
      apply(startsWith, m, [`Failed to set the '${name}' property on '${on}'`]) ||
      apply(startsWith, m, [`Failed to read the '${name}' property from '${on}'`])
    );
  };
  // V8 writes a stack with the formatter of the realm its object was made
  // in: the probe is made in this realm (`win`), whose formatter was looked
  // at, not in the realm of the copy that wraps it (a frame's first
  // document wrapped from the top: attack 29).
  const WinObject = win.Object;
  /** The stack V8 writes for frames below function `f` now ('' when there are none); V8's own formatter only. */
  function framesBelow(f) {
    const probe = construct(WinObject, []);
    setPrototypeOf(probe, null);
    apply(captureStackTrace, Error, [probe, f]);
    const d = getOwnPropertyDescriptor(probe, 'stack');
    const text = d && d.get ? apply(d.get, probe, []) : d && d.value;
    if (typeof text !== 'string') return '';
    const at = apply(indexOf, text, ['\n']);
    return at < 0 ? '' : apply(slice, text, [at + 1]);
  }
  /** Does `text` (lines of frames) name any frame that is not this script's? */
  function namesOthers(text) {
    for (let from = 0; from < text.length; ) {
      const at = apply(indexOf, text, ['\n', from]);
      const end = at < 0 ? text.length : at;
      if (!apply(includes, apply(slice, text, [from, end]), [OWN_SCRIPT])) return true;
      from = end + 1;
    }
    return false;
  }
  /** `text` without the lines that name this script (no array method: a page may replace them, or Array[Symbol.species]). */
  function withoutOwnLines(text) {
    let out = '';
    let first = true;
    for (let from = 0; from <= text.length; ) {
      const at = apply(indexOf, text, ['\n', from]);
      const end = at < 0 ? text.length : at;
      const line = apply(slice, text, [from, end]);
      if (!apply(includes, line, [OWN_SCRIPT])) {
        out += (first ? '' : '\n') + line;
        first = false;
      }
      from = end + 1;
    }
    return out;
  }
  /**
   * The browser's own error `e` (V8) its frames again: those the browser
   * would have kept, below the wrapper of `fn` (or none, when only
   * Silbato's frames are below it: a wrapper called by the browser itself,
   * from a timer or as a listener), the text still to be written. False
   * when that cannot be told: `fn`'s wrapper is not being run (a native
   * called inside another wrapper), or Silbato's frames are below it too
   * (a wrapped call inside a wrapped call): the text is then cut instead.
   */
  function recapture(e, fn) {
    if (!captureStackTrace) return false;
    let w = fn && apply(mapGet, wrapperOf, [fn]);
    // A wrapper that stands for a wrapper (two watches wrap the same built-in): cut below the outer one.
    for (let i = 0; w && i < 8; i++) {
      const below = framesBelow(w);
      if (!below) {
        // Nothing below w: w is not being run, or nothing of the page's is (callNative, this, always is).
        if (namesOthers(framesBelow(callNative))) return false;
        apply(captureStackTrace, Error, [e, nowhere]);
        return true;
      }
      if (!apply(includes, below, [OWN_SCRIPT])) {
        apply(captureStackTrace, Error, [e, w]);
        return true;
      }
      w = apply(mapGet, wrapperOf, [w]);
    }
    return false;
  }

  /**
   * An error thrown by a built-in through one of our wrappers carries the
   * wrapper's frames in its stack, naming this script: they are taken out,
   * as long as frames are kept at all. The browser's own error (V8) has its
   * frames taken again (`recapture`), also when the page formats stacks
   * itself (its formatter, called when the page reads the stack, is then
   * given the frames it would get without Silbato). An error of the page's
   * thrown through the call has the lines of this script taken out of its
   * text, unless the page formats stacks itself (its formatter sees every
   * frame: nothing can be done). Nothing else the page throws is read (not
   * a real error, a proxy, its own `stack` accessor).
   */
  function scrub(e, fn) {
    try {
      if (!OWN_SCRIPT || typeof e !== 'object' || e === null) return e;
      if (isError && !apply(isError, Error, [e])) return e;
      const own = getOwnPropertyDescriptor(e, 'stack');
      if (own && own.get) {
        if (own.get !== v8Stack || !frameLimit()) return e;
        // Handled already by a deeper wrapped call's scrub (two wrappers for one built-in; or the page's code
        // caught and rethrew it): frames taken again have none of Silbato's, and a cut text is cut again.
        const handled = apply(mapGet, scrubbed, [e]);
        if (handled === RECAPTURED) return e;
        const fresh = handled === undefined && browsersOwn(e, fn);
        if (!plainFormatting()) {
          // Where the wrapper is is asked with V8's own formatter (asking would otherwise run the page's).
          if (fresh && formattedPlainly(() => recapture(e, fn))) apply(mapSet, scrubbed, [e, RECAPTURED]);
          return e;
        }
        if (fresh && recapture(e, fn)) {
          apply(mapSet, scrubbed, [e, RECAPTURED]);
          return e;
        }
        apply(mapSet, scrubbed, [e, CUT]);
        const stack = apply(own.get, e, []);
        if (typeof stack === 'string' && apply(includes, stack, [OWN_SCRIPT]) && own.set) apply(own.set, e, [withoutOwnLines(stack)]);
        return e;
      }
      // Elsewhere (Firefox: the stack is Error.prototype's accessor), as it reads.
      if (!plainFormatting()) return e;
      const stack = e.stack;
      if (typeof stack === 'string' && apply(includes, stack, [OWN_SCRIPT])) e.stack = withoutOwnLines(stack);
    } catch {
      // Leave it as it is.
    }
    return e;
  }

  /** Call a native function for a wrapper: its result, or its error without our frames. */
  function callNative(fn, self, args) {
    try {
      return apply(fn, self, args);
    } catch (e) {
      throw scrub(e, fn);
    }
  }

  /** Construct with a native constructor for a wrapper: the object, or its error without our frames. */
  function constructNative(fn, args, newTarget) {
    try {
      return construct(fn, args, newTarget);
    } catch (e) {
      throw scrub(e, fn);
    }
  }

  /** Is `n` a file input? (The native `type` getter: a page cannot spoof it with its own.) */
  function isFileInput(n) {
    try {
      return apply(natives.inputType, n, []) === 'file';
    } catch {
      return false;
    }
  }

  /** The type of an event, read natively. */
  function eventType(event) {
    try {
      return apply(natives.eventType, event, []);
    } catch {
      return '';
    }
  }

  /** Print `fn` as its own realm would: the native text for a wrapper. */
  function print(fn) {
    // No helper function here: a stack of an error thrown through toString
    // keeps as many of the page's frames as without Silbato.
    if (printing > 4) return callNative(nativeToString, fn, []);
    printing++;
    try {
      if (stood(fn)) {
        // Two watchers may wrap the same built-in (addEventListener: the
        // fingerprinting watch, then the typed text watch): a wrapper then
        // stands for another wrapper, which stands for the native one.
        let native = apply(mapGet, stands, [fn]);
        for (let i = 0; i < 8 && stood(native); i++) native = apply(mapGet, stands, [native]);
        return callNative(nativeToString, native, []);
      }
      // Another copy's wrapper (a same-origin frame's Silbato, or a realm it
      // wrapped): its text is one of the wrapper texts every copy shares, and
      // it prints as the native it took its name from. Told apart by its
      // text alone: nothing of the page (a prototype's getter, a proxy's
      // trap) is read for any other function.
      const text = callNative(nativeToString, fn, []);
      if (typeof text === 'string' && apply(hasOwn, wrapperTexts, [text])) {
        const name = getOwnPropertyDescriptor(fn, 'name');
        return `function ${name && typeof name.value === 'string' ? name.value : ''}() { [native code] }`;
      }
      return text;
    } finally {
      printing--;
    }
  }

  const toStringWrapper = {
    toString() {
      return print(this);
    },
  }.toString;
  apply(mapSet, stands, [toStringWrapper, nativeToString]);
  apply(mapSet, wrapperOf, [nativeToString, toStringWrapper]);
  wrapperTexts[apply(nativeToString, toStringWrapper, [])] = true;
  if (getPrototypeOf(toStringWrapper) !== getPrototypeOf(nativeToString)) setPrototypeOf(toStringWrapper, getPrototypeOf(nativeToString));
  defineProperty(Function.prototype, 'toString', own(getOwnPropertyDescriptor(Function.prototype, 'toString'), 'value', toStringWrapper));

  /**
   * Give `wrapper` the name, length and prototype of `native` (a wrapper made
   * here for another realm is that realm's function, as its native was) and
   * have it print as `native`.
   */
  function disguise(wrapper, native) {
    const proto = getPrototypeOf(native);
    if (getPrototypeOf(wrapper) !== proto) setPrototypeOf(wrapper, proto);
    defineProperty(wrapper, 'name', { __proto__: null, value: native.name, configurable: true });
    defineProperty(wrapper, 'length', { __proto__: null, value: native.length, configurable: true });
    apply(mapSet, stands, [wrapper, native]);
    apply(mapSet, wrapperOf, [native, wrapper]);
    wrapperTexts[apply(nativeToString, wrapper, [])] = true;
    return wrapper;
  }

  /** The name of the interface `proto` is the prototype of ('' when it cannot be told). */
  function interfaceName(proto) {
    const c = getOwnPropertyDescriptor(proto, 'constructor');
    const n = c && typeof c.value === 'function' ? getOwnPropertyDescriptor(c.value, 'name') : null;
    return n && typeof n.value === 'string' ? n.value : '';
  }

  /**
   * Replace method `name` of `proto` by `make(native)` (a function made with
   * method syntax, so that, like a native method, it has no `prototype` and
   * cannot be constructed), keeping the property's shape.
   */
  function wrapMethod(proto, name, make) {
    const d = proto && getOwnPropertyDescriptor(proto, name);
    if (!d || typeof d.value !== 'function') return null;
    const native = d.value;
    apply(mapSet, interfaceOf, [native, interfaceName(proto)]);
    defineProperty(proto, name, own(d, 'value', disguise(make(native), native)));
    return native;
  }

  /** Replace accessor `name`'s `get` or `set` of `proto` the same way. */
  function wrapAccessor(proto, name, which, make) {
    const d = proto && getOwnPropertyDescriptor(proto, name);
    if (!d || typeof d[which] !== 'function') return null;
    const native = d[which];
    apply(mapSet, interfaceOf, [native, interfaceName(proto)]);
    defineProperty(proto, name, own(d, which, disguise(make(native), native)));
    return native;
  }

  const tools = freeze({ natives, isFileInput, eventType, callNative, constructNative, disguise, wrapMethod, wrapAccessor });
  apply(mapSet, realms, [key, tools]);
  return tools;
}

/** This realm's tools. */
export const { natives, isFileInput, eventType, callNative, disguise, wrapMethod, wrapAccessor } = realmTools(globalThis);
