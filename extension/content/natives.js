// Wrapping the page's built-in functions without being seen doing it (page
// world only). A page that prints a wrapped function (`click.toString()`)
// must read `function click() { [native code] }`, as it would without
// Silbato: a site that can tell who runs Silbato learns something about
// them. So every wrapper is registered here with the function it stands
// for, and `Function.prototype.toString` (itself wrapped the same way)
// prints the native one for it.
//
// Frames of the same origin are separate realms with their own built-ins,
// each wrapped by its own copy of this script (Chromium injects it into new
// frames at once); a page can call one realm's toString on another realm's
// wrapper, so each realm asks the others it can reach for their wrappers too.

const { apply, defineProperty, getOwnPropertyDescriptor } = Reflect;
const nativeToString = Function.prototype.toString;
/** Wrapper → the native function it stands for, in this realm. */
const stands = new WeakMap();
/** A key only this script knows (its realms share Symbol.for's registry, the page does not know the name). */
const KEY = Symbol.for(`silbato-natives-${'6f1c2a9e'}`);

/** The native function `fn` stands for, looking in this realm and the reachable ones. */
function nativeOf(fn) {
  // Two watchers may wrap the same built-in (addEventListener): a wrapper
  // then stands for another wrapper, which stands for the native one.
  for (let i = 0; i < 8 && stands.has(fn); i++) fn = stands.get(fn);
  for (const w of [globalThis.parent, globalThis.top, globalThis.opener]) {
    try {
      if (!w || w === globalThis) continue;
      const other = apply(w.Function.prototype.toString, KEY, []);
      if (!other || typeof other.get !== 'function') continue;
      for (let i = 0; i < 8 && other.has(fn); i++) fn = other.get(fn);
    } catch {
      // Another origin, or a realm without Silbato: nothing to ask.
    }
  }
  return fn;
}

/** Is `v` our key (as a primitive, or boxed when a sloppy-mode caller passes it)? */
function isKey(v) {
  if (v === KEY) return true;
  try {
    return typeof v === 'object' && v !== null && Symbol.prototype.valueOf.call(v) === KEY;
  } catch {
    return false;
  }
}

const toStringWrapper = {
  toString() {
    // The side door other realms use to reach this realm's registry.
    if (isKey(this)) return stands;
    return apply(nativeToString, nativeOf(this), []);
  },
}.toString;
stands.set(toStringWrapper, nativeToString);
defineProperty(Function.prototype, 'toString', { ...getOwnPropertyDescriptor(Function.prototype, 'toString'), value: toStringWrapper });

/** Give `wrapper` the name and length of `native` and have it print as `native`. */
export function disguise(wrapper, native) {
  defineProperty(wrapper, 'name', { value: native.name, configurable: true });
  defineProperty(wrapper, 'length', { value: native.length, configurable: true });
  stands.set(wrapper, native);
  return wrapper;
}

/**
 * Replace method `name` of `proto` by `make(native)` (a function made with
 * method syntax, so that, like a native method, it has no `prototype` and
 * cannot be constructed), keeping the property's shape.
 */
export function wrapMethod(proto, name, make) {
  const d = proto && getOwnPropertyDescriptor(proto, name);
  if (!d || typeof d.value !== 'function') return null;
  const native = d.value;
  defineProperty(proto, name, { ...d, value: disguise(make(native), native) });
  return native;
}

/** Replace accessor `name`'s `get` or `set` of `proto` the same way. */
export function wrapAccessor(proto, name, which, make) {
  const d = proto && getOwnPropertyDescriptor(proto, name);
  if (!d || typeof d[which] !== 'function') return null;
  const native = d[which];
  defineProperty(proto, name, { ...d, [which]: disguise(make(native), native) });
  return native;
}
