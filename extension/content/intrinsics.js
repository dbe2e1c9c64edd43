// The JavaScript built-ins the page-world watches call while the page runs
// (typed-watch.js, typed-match.js, stack.js and the fingerprinting report),
// taken when this script starts, before any page script. A page may replace
// any prototype's method, getter or iterator (Map.prototype.size,
// Array.prototype[Symbol.iterator], RegExp.prototype.exec, JSON.stringify,
// a getter on Object.prototype): it must neither see Silbato call them nor
// change what Silbato reports. So what runs later calls only what is taken
// here, with Reflect.apply; it never spreads, destructures or iterates with
// `for…of` (each asks the page's iterator), never reads a missing property
// of an object whose prototype the page controls (its own records have no
// prototype), and writes new array items with defineProperty (an assignment
// would reach a setter the page put on Array.prototype).
//
// Pure (no DOM): the Node tests load it with typed-match.js.

const { apply, defineProperty, ownKeys } = Reflect;
export { apply, defineProperty, ownKeys };
const reflectDescriptor = Reflect.getOwnPropertyDescriptor;
const setPrototypeOf = Reflect.setPrototypeOf;
/**
 * Reflect.getOwnPropertyDescriptor, its answer without a prototype: a field
 * the descriptor lacks (`get` of a data property, `value` of an accessor)
 * reads as undefined, never through a getter the page put on
 * Object.prototype.
 */
export function getOwnPropertyDescriptor(o, key) {
  const d = reflectDescriptor(o, key);
  if (d) setPrototypeOf(d, null);
  return d;
}
export const hasOwn = Object.hasOwn;

const getterOf = (proto, name) => getOwnPropertyDescriptor(proto, name).get;
/** `fn` (a method or getter) as a function of its receiver and arguments, called with Reflect.apply. */
const uncurry = (fn) => (self, ...args) => apply(fn, self, args);

// ---- Lists: plain arrays, read by index, grown with defineProperty ----
export const isArray = Array.isArray;
/** Append `value` to the array `list` (no setter of the page's runs). */
export function push(list, value) {
  // The descriptor has no prototype: a `get` or `set` on Object.prototype would be read as part of it.
  defineProperty(list, list.length, { __proto__: null, value, writable: true, enumerable: true, configurable: true });
}
/** Whether `list` holds `value` (===). */
export function has(list, value) {
  for (let i = 0; i < list.length; i++) if (list[i] === value) return true;
  return false;
}

// ---- Maps, weak maps and weak sets ----
const Map_ = Map;
const WeakMap_ = WeakMap;
const WeakSet_ = WeakSet;
export const newMap = () => new Map_();
export const newWeakMap = () => new WeakMap_();
export const newWeakSet = () => new WeakSet_();
export const mapGet = uncurry(Map.prototype.get);
export const mapSet = uncurry(Map.prototype.set);
export const mapHas = uncurry(Map.prototype.has);
export const mapDelete = uncurry(Map.prototype.delete);
/** Calls `fn(value, key)` for each entry, in insertion order (forEach asks no iterator). */
export const mapForEach = uncurry(Map.prototype.forEach);
export const mapSize = uncurry(getterOf(Map.prototype, 'size'));
export const weakGet = uncurry(WeakMap.prototype.get);
export const weakSet = uncurry(WeakMap.prototype.set);
export const weakHas = uncurry(WeakMap.prototype.has);
export const weakSetHas = uncurry(WeakSet.prototype.has);
export const weakSetAdd = uncurry(WeakSet.prototype.add);

// ---- Strings and regular expressions ----
// Only methods that look nothing up on their arguments (no Symbol.split,
// Symbol.replace, Symbol.match: those reach RegExp.prototype) and, for
// regular expressions, exec itself (test, replace, split and matchAll call
// whatever `exec` the page put on RegExp.prototype).
export const indexOf = uncurry(String.prototype.indexOf);
export const slice = uncurry(String.prototype.slice);
export const trim = uncurry(String.prototype.trim);
export const toLowerCase = uncurry(String.prototype.toLowerCase);
export const charCodeAt = uncurry(String.prototype.charCodeAt);
export const startsWith = uncurry(String.prototype.startsWith);
export const fromCharCode = String.fromCharCode;
export const exec = uncurry(RegExp.prototype.exec);
/** Whether `re` matches `s` (a regular expression without the g or y flag). */
export const test = (re, s) => exec(re, s) !== null;
/** `s` split at each `sep` (a string), into a plain array. */
export function splitAt(s, sep) {
  const out = [];
  let from = 0;
  for (;;) {
    const at = indexOf(s, sep, from);
    if (at < 0) break;
    push(out, slice(s, from, at));
    from = at + sep.length;
  }
  push(out, slice(s, from));
  return out;
}
/**
 * `s` with each match of `re` (a global regular expression) replaced by
 * `fn(match)` (String.prototype.replace, without the page's RegExp methods).
 */
export function replaceAll(s, re, fn) {
  re.lastIndex = 0;
  let out = '';
  let from = 0;
  for (let m = exec(re, s); m !== null; m = exec(re, s)) {
    out += slice(s, from, m.index) + fn(m);
    from = m.index + m[0].length;
    if (m[0].length === 0) re.lastIndex++;
  }
  return out + slice(s, from);
}

// ---- Numbers and bytes ----
export const { min, max, floor, abs } = Math;
export const parseInt_ = parseInt;
export const Bytes = Uint8Array;
const decoder = new TextDecoder('utf-8');
const decodeNative = TextDecoder.prototype.decode;
const encoder = new TextEncoder();
const encodeNative = TextEncoder.prototype.encode;
/** UTF-8 bytes (a Uint8Array) as text. */
export const utf8Decode = (bytes) => apply(decodeNative, decoder, [bytes]);
/** Text as UTF-8 bytes (a Uint8Array). */
export const utf8Encode = (text) => apply(encodeNative, encoder, [text]);

// ---- JSON: written by hand for what the watches report ----
const JSON_ = JSON;
const stringify = JSON.stringify;
/**
 * `value` as JSON text: null, booleans, finite numbers, strings, arrays and
 * objects of Silbato's own records (own string keys; undefined and
 * functions left out). JSON.stringify would ask every object for a
 * `toJSON` (on Object.prototype, for the page to answer); it is used here
 * for strings only, where it asks nothing.
 */
export function toJson(value) {
  if (value === null) return 'null';
  const type = typeof value;
  if (type === 'boolean') return value ? 'true' : 'false';
  if (type === 'number') return value === value && value !== Infinity && value !== -Infinity ? '' + value : 'null';
  if (type === 'string') return apply(stringify, JSON_, [value]);
  if (type !== 'object') return 'null';
  let out = '';
  if (isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      out += (i ? ',' : '') + (v === undefined || typeof v === 'function' ? 'null' : toJson(v));
    }
    return '[' + out + ']';
  }
  const keys = ownKeys(value);
  let n = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (typeof k !== 'string') continue;
    // Silbato's own records hold data properties only.
    const v = value[k];
    if (v === undefined || typeof v === 'function') continue;
    out += (n++ ? ',' : '') + apply(stringify, JSON_, [k]) + ':' + toJson(v);
  }
  return '{' + out + '}';
}
