// Hostile pages for the twenty-seventh attack on the upload guard: the page
// tampers with JavaScript built-ins before or while it makes a new frame, so
// that Silbato's page-world code (which runs in the page's own realm)
// misbehaves and leaves the new realm unwrapped (A), or shows itself (B).
// Served by server.mjs at /attack27-…; tests: attack27.test.mjs.

import { attackPages, pickerWaysPage } from './uploads.mjs';

// (A) Each way appends a hidden frame (never answering), and tries to keep a
// first document's native showPicker (grab). `wrapped(f)` tells a wrapper
// from a native function by V8's "is not a constructor" message, which
// writes a wrapper's own source text (docs/threat-model.md: known).
const helpers = `
      const wrapped = (f) => { try { Reflect.construct(f, []); return 'constructs'; } catch (e) { return !/native code/.test(String(e.message)); } };
      const says = (w) => w ? 'showPicker ' + (wrapped(w.HTMLInputElement.prototype.showPicker) ? 'wrapped' : 'NATIVE') + ', appendChild ' + (wrapped(w.Node.prototype.appendChild) ? 'wrapped' : 'NATIVE') : 'no window';
      // A frame put into realm b's first document with b's own appendChild (native when b was never hooked).
      const inside = (b, how) => {
        try { b.stop(); } catch {}
        const doc = b.document;
        const c = doc.createElement('iframe');
        c.src = '/px/never.gif';
        c.style.display = 'none';
        (doc.body || doc.documentElement).appendChild(c);
        const w = b[b.length - 1];
        note('frame in b: ' + says(w));
        if (w && !wrapped(w.HTMLInputElement.prototype.showPicker)) grab(w, how);
      };`;
// Array.prototype[Symbol.iterator] (or the array iterator's next) replaced by
// one that throws, around an append: Silbato's arm (page-world.js) runs
// holdPickers (pickers.js), whose `for…of` over an array literal asks the
// page's iterator after showPicker, click and dispatchEvent are wrapped.
const iterThrow = (install, restore) => `
      ${helpers}
      ${install}
      let b = null;
      try {
        document.body.append(frame());
        b = last();
      } catch (e) {
        note('append threw ' + e);
      } finally {
        ${restore}
      }
      note('b: ' + says(b));
      if (b && !wrapped(b.HTMLInputElement.prototype.showPicker)) grab(b, 'b itself');
      else if (b) inside(b, 'a frame in b, made with b\\'s own appendChild');`;
const ITER = "const it = Array.prototype[Symbol.iterator]; Object.defineProperty(Array.prototype, Symbol.iterator, { value: function () { throw new Error('no iterator'); }, writable: true, configurable: true });";
const ITER_BACK = 'Object.defineProperty(Array.prototype, Symbol.iterator, { value: it, writable: true, configurable: true });';
const NEXT = "const AIP = Object.getPrototypeOf([][Symbol.iterator]()); const nx = AIP.next; Object.defineProperty(AIP, 'next', { value: function () { throw new Error('no next'); }, writable: true, configurable: true });";
const NEXT_BACK = "Object.defineProperty(AIP, 'next', { value: nx, writable: true, configurable: true });";
// Stack overflow: the append called at depths near the stack's end, so that
// Silbato's own code (inside the call) throws RangeError partway; a frame
// left connected with a native showPicker is kept.
const deep = (call) => `
      ${helpers}
      // The depth rec reaches before the stack ends, measured again before each try (its frames, as tiered now).
      let doIt = false;
      let f = null;
      let threw = '';
      const leaf = () => { if (!doIt) return; try { ${call} } catch (e) { threw = e.name; } };
      const rec = (n) => { if (n <= 0) return leaf(); return rec(n - 1); };
      const reaches = (n) => { try { rec(n); return true; } catch { return false; } };
      const measure = () => {
        let lo = 0;
        let hi = 100000;
        while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (reaches(mid)) lo = mid; else hi = mid; }
        return lo;
      };
      for (let i = 0; i < 5; i++) measure();
      note('max depth ' + measure());
      let tried = 0;
      const results = {};
      // One try at max-off: what it left (a frame, wrapped or not); a native showPicker kept.
      const attempt = (off) => {
        const max = measure();
        f = frame();
        const had = window.length;
        threw = '';
        doIt = true;
        try { rec(max - off); } catch (e) { threw = threw || 'outer ' + e.name; }
        doIt = false;
        tried++;
        const w = window.length > had ? window[window.length - 1] : null;
        const r = (threw || 'ok') + ':' + (w ? (wrapped(w.HTMLInputElement.prototype.showPicker) ? 'W' : 'N') + (wrapped(w.Node.prototype.appendChild) ? 'w' : 'n') : '-');
        results[r] = (results[r] || 0) + 1;
        if (w && !wrapped(w.HTMLInputElement.prototype.showPicker)) grab(w, 'overflow at max-' + off + ' (' + (threw || 'nothing thrown') + ')');
        else if (w && !wrapped(w.Node.prototype.appendChild)) { try { inside(w, 'a frame in an unhooked realm made at max-' + off + ' (' + (threw || 'nothing thrown') + ')'); } catch (e) { note('inside threw ' + e); } }
        if (!window.grabbed && f.parentNode) f.parentNode.removeChild(f);
        if (!window.grabbed && window.box) window.box.replaceChildren();
        return !!w;
      };
      // Coarse: the first slack at which the frame goes in; then every slack just below it.
      let first = -1;
      for (let off = 0; off < 6000 && !window.grabbed; off += 25) if (attempt(off)) { first = off; break; }
      note('a frame first went in at max-' + first);
      for (let off = Math.max(0, first - 30); first >= 0 && off <= first + 5 && !window.grabbed; off++) attempt(off);
      note('tried ' + tried + ': ' + JSON.stringify(results));`;
const WAYS = {
  // holdPickers' for…of throws: arm stops after showPicker; the realm is left pending, its insertions native.
  iterthrow: iterThrow(ITER, ITER_BACK),
  // The same through %ArrayIteratorPrototype%.next.
  nextthrow: iterThrow(NEXT, NEXT_BACK),
  // The same, the frame put in by innerHTML.
  iterthrowinner: iterThrow(ITER, ITER_BACK).replace('document.body.append(frame());', "const box = document.createElement('div'); document.body.append(box); box.innerHTML = '<iframe src=\"/px/never.gif\" style=\"display:none\"></iframe>';"),
  // The iterator throws only from its second call: holdPickers' for…of runs through, and documents.js's
  // (watchDocuments, after open is wrapped, before write and attachShadow) throws; arm stops there.
  iterthrowsecond: iterThrow("const it = Array.prototype[Symbol.iterator]; let asked = 0; Object.defineProperty(Array.prototype, Symbol.iterator, { value: function () { if (++asked >= 2) throw new Error('no iterator'); return it.call(this); }, writable: true, configurable: true });", ITER_BACK),
  // Nothing thrown: the page's iterator, asked first inside holdPickers (arm's first step, before realms.hook),
  // puts a frame into the new realm with that realm's own appendChild (not hooked yet) and keeps its showPicker
  // there and then; arm then runs to its end.
  iterreenter: iterThrow("const it = Array.prototype[Symbol.iterator]; let once = false; Object.defineProperty(Array.prototype, Symbol.iterator, { value: function () { if (!once) { once = true; try { const b = last(); note('in the iterator, b: ' + says(b)); inside(b, 'a frame in b made from the page\\'s iterator, inside arm'); } catch (e) { note('in the iterator: ' + e); } } return it.call(this); }, writable: true, configurable: true });", ITER_BACK),
  // Object.getOwnPropertyDescriptor (the page's global) made to throw: watchDocuments (documents.js) calls it as
  // arm wraps a new realm, after holdPickers and before realms.hook.
  gopdthrow: iterThrow("const gopd = Object.getOwnPropertyDescriptor; Object.defineProperty(Object, 'getOwnPropertyDescriptor', { value: function () { throw new Error('no descriptors'); }, writable: true, configurable: true });", "Object.defineProperty(Object, 'getOwnPropertyDescriptor', { value: gopd, writable: true, configurable: true });"),
  // Nothing thrown: the page's Object.getOwnPropertyDescriptor, called by watchDocuments inside arm (before
  // realms.hook), puts a frame into the new realm with its own appendChild and keeps its showPicker.
  gopdreenter: iterThrow("const gopd = Object.getOwnPropertyDescriptor; let once = false; Object.defineProperty(Object, 'getOwnPropertyDescriptor', { value: function (...a) { if (!once) { once = true; try { inside(last(), 'a frame in b made from the page\\'s getOwnPropertyDescriptor, inside arm'); } catch (e) { note('in gOPD: ' + e); } } return Reflect.apply(gopd, this, a); }, writable: true, configurable: true });", "Object.defineProperty(Object, 'getOwnPropertyDescriptor', { value: gopd, writable: true, configurable: true });"),
  // Near the end of the stack: append.
  deepappend: deep('document.body.append(f);'),
  // Near the end of the stack: innerHTML of a connected div (markupGuarded).
  deepinner: deep("(window.box || (window.box = document.body.appendChild(document.createElement('div')))).innerHTML = '<iframe src=\"/px/never.gif\" style=\"display:none\"></iframe>';"),
  // Near the end of the stack: appendChild.
  deepappendchild: deep('document.body.appendChild(f);'),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

// (B) Telling Silbato is there, with no action of the person.
const frameAppend = "const f = document.createElement('iframe'); f.src = '/px/never.gif'; f.style.display = 'none'; document.body.append(f);";
const PROBES = {
  // Is the page's array iterator asked while a frame is appended?
  iterator: `
    const it = Array.prototype[Symbol.iterator];
    let calls = 0;
    Object.defineProperty(Array.prototype, Symbol.iterator, { value: function () { calls++; return it.call(this); }, writable: true, configurable: true });
    try { ${frameAppend} } finally { Object.defineProperty(Array.prototype, Symbol.iterator, { value: it, writable: true, configurable: true }); }
    return calls;`,
  // The array iterator's next, the same.
  iteratornext: `
    const AIP = Object.getPrototypeOf([][Symbol.iterator]());
    const nx = AIP.next;
    let calls = 0;
    Object.defineProperty(AIP, 'next', { value: function () { calls++; return nx.call(this); }, writable: true, configurable: true });
    try { ${frameAppend} } finally { Object.defineProperty(AIP, 'next', { value: nx, writable: true, configurable: true }); }
    return calls;`,
  // A getter on Object.prototype for 'get', 'set' and 'value' while the page formats stacks (Error.prepareStackTrace, a data property) and a wrapped call throws.
  descriptorreads: `
    const reads = [];
    for (const k of ['get', 'set', 'value', 'writable']) Object.defineProperty(Object.prototype, k, { __proto__: null, get() { reads.push(k); return undefined; }, configurable: true });
    Error.prepareStackTrace = (e, frames) => 'formatted';
    try {
      try { document.createElement('div').setAttribute('a b', 'x'); } catch (e) {}
    } finally {
      for (const k of ['get', 'set', 'value', 'writable']) delete Object.prototype[k];
      delete Error.prepareStackTrace;
    }
    return reads.join(',');`,
  // An object with Symbol.toPrimitive as insertAdjacentHTML's position and markup (a frame's): how often is each converted?
  toprimitive: `
    const seen = [];
    const as = (what, v) => ({ [Symbol.toPrimitive](hint) { seen.push(what + ':' + hint); return v; } });
    document.body.insertAdjacentHTML(as('where', 'beforeend'), as('markup', '<iframe src="/px/never.gif" style="display:none"></iframe>'));
    return seen.join(',') + ' frames ' + window.length;`,
  // Every method of String, RegExp, Array (not the iterator: above), Object, Function, Map, WeakMap, Set, WeakSet and
  // Promise prototypes, and Object's, Array's, JSON's and Math's statics, counted while frames are put in (append,
  // innerHTML, insertAdjacentHTML, document.write into a frame's first document) and a wrapped call throws.
  builtinreads: `
    const counts = {};
    const saved = [];
    const R = Reflect.apply;
    const count = (o, where) => {
      for (const k of Reflect.ownKeys(o)) {
        if (k === Symbol.iterator || k === 'constructor' || k === 'toString' && o === Function.prototype) continue;
        const d = Object.getOwnPropertyDescriptor(o, k);
        if (!d.configurable || typeof d.value !== 'function') continue;
        const fn = d.value;
        const name = where + '.' + String(k);
        saved.push([o, k, d]);
        Object.defineProperty(o, k, { __proto__: null, value: function (...a) { if (on) counts[name] = (counts[name] || 0) + 1; return new.target ? Reflect.construct(fn, a, new.target) : R(fn, this, a); }, writable: true, configurable: true });
      }
    };
    const places = [[String.prototype, 'String.prototype'], [RegExp.prototype, 'RegExp.prototype'], [Array.prototype, 'Array.prototype'], [Object.prototype, 'Object.prototype'], [Function.prototype, 'Function.prototype'], [Map.prototype, 'Map.prototype'], [WeakMap.prototype, 'WeakMap.prototype'], [Set.prototype, 'Set.prototype'], [WeakSet.prototype, 'WeakSet.prototype'], [Promise.prototype, 'Promise.prototype'], [Object, 'Object'], [Array, 'Array'], [JSON, 'JSON'], [Math, 'Math'], [String, 'String'], [Promise, 'Promise']];
    const frameHTML = '<iframe src="/px/never.gif" style="display:none"></iframe>';
    const f0 = document.createElement('iframe'); f0.src = '/px/never.gif'; f0.style.display = 'none';
    const box = document.createElement('div'); document.body.append(box);
    let on = false;
    for (const [o, w] of places) count(o, w);
    on = true;
    try {
      document.body.append(f0);
      box.innerHTML = frameHTML;
      box.insertAdjacentHTML('beforeend', frameHTML);
      const w = window[0];
      try { w.stop(); } catch {}
      w.document.write(frameHTML);
      w.document.close();
      try { document.createElement('div').setAttribute('a b', 'x'); } catch (e) {}
    } finally {
      on = false;
      for (let i = saved.length - 1; i >= 0; i--) Object.defineProperty(saved[i][0], saved[i][1], saved[i][2]);
    }
    return Object.keys(counts).sort().map((k) => k + ':' + counts[k]).join(',') + ' frames ' + window.length;`,
  // Error.prepareStackTrace made an accessor: is it read while a wrapped call throws (the stack never read)?
  preparegetter: `
    let reads = 0;
    Object.defineProperty(Error, 'prepareStackTrace', { __proto__: null, get() { reads++; return undefined; }, set(v) {}, configurable: true });
    try {
      try { document.createElement('div').setAttribute('a b', 'x'); } catch (e) {}
      try { document.createElement('div').append(document); } catch (e) {}
    } finally {
      delete Error.prepareStackTrace;
    }
    return reads;`,
  // The same getters while a frame is appended (no stack formatting).
  appendreads: `
    const reads = [];
    const keys = ['get', 'set', 'value', 'writable', 'enumerable', 'configurable', 'then', 'constructor', 'length', 'detail', 'bubbles', 'cancelable', 'composed', 'relatedTarget', 'childList', 'subtree', 'capture', 'once', 'passive', 'signal'];
    for (const k of keys) Object.defineProperty(Object.prototype, k, { __proto__: null, get() { reads.push(k); return undefined; }, set(v) {}, configurable: true });
    try { ${frameAppend} } finally { for (const k of keys) delete Object.prototype[k]; }
    return reads.join(',');`,
};

export const DETECTION_PROBES = Object.keys(PROBES);

export const attack27Page = attackPages(27, picker, PROBES);
