// Hostile pages for the twenty-eighth attack on the upload guard: the scrub
// of errors thrown through a wrapped function (natives.js: the browser's own
// error has its frames taken again from below the wrapper with
// Error.captureStackTrace after a probe, `running(w)`; any other real error
// has its stack read at once and Silbato's lines filtered out), turned
// against Silbato by the page: odd Error.stackTraceLimit values, formatters
// the page puts where V8 looks them up, wrappers called from below
// (promises, timers, listeners, Reflect.apply…), the same wrapper twice on
// the stack; and the page's built-ins and getters counted while frames go in.
// A page that can tell Silbato is there (B), or keep a first document's
// native showPicker (A). Served by server.mjs at /attack28-…; tests:
// attack28.test.mjs.

import { attackPages, pickerWaysPage } from './uploads.mjs';

// (A) Each way appends a hidden frame (never answering) and tries to keep a
// first document's native showPicker (grab). `wrapped(f)`: V8's "is not a
// constructor" message writes a wrapper's own source text (known).
const helpers = `
      const wrapped = (f) => { try { Reflect.construct(f, []); return 'constructs'; } catch (e) { return !/native code/.test(String(e.message)); } };
      const says = (w) => w ? 'showPicker ' + (wrapped(w.HTMLInputElement.prototype.showPicker) ? 'wrapped' : 'NATIVE') + ', appendChild ' + (wrapped(w.Node.prototype.appendChild) ? 'wrapped' : 'NATIVE') : 'no window';`;
const WAYS = {
  // A formatter the page puts on Function.prototype (V8 looks Error.prepareStackTrace up through Error's
  // prototype chain; scrub checks only Error's own property): called inside scrub (running's probe) while a
  // wrapped call throws. From there, inside Silbato's catch, the page appends a frame and reaches its realm.
  formatterinside: `
      ${helpers}
      let done = false;
      Function.prototype.prepareStackTrace = function (e, frames) {
        if (!done && Object.getPrototypeOf(e) === null) {
          done = true;
          try {
            document.body.append(frame());
            const b = last();
            note('from the formatter, b: ' + says(b));
            if (b && !wrapped(b.HTMLInputElement.prototype.showPicker)) grab(b, 'from the page formatter inside scrub');
          } catch (x) { note('formatter: ' + x); }
        }
        return String(e) + frames.map((f) => '\\n    at ' + f).join('');
      };
      try { document.createElement('div').setAttribute('a b', 'x'); } catch (e) { note('threw ' + e.name); }
      delete Function.prototype.prepareStackTrace;
      note('formatter ran: ' + done);`,
  // Error.stackTraceLimit 0 while a frame is appended by a wrapped call that then meets a throwing wrapped call
  // in the frame's synchronous load (a frame with no address): the scrub's eager path inside the insertion.
  limitzeroload: `
      ${helpers}
      const f = document.createElement('iframe');
      f.style.display = 'none';
      f.addEventListener('load', () => {
        try { f.contentDocument.createElement('div').setAttribute('a b', 'x'); } catch (e) { note('load: threw ' + e.name); }
        const b = f.contentWindow;
        note('in load, b: ' + says(b));
        if (b && !wrapped(b.HTMLInputElement.prototype.showPicker)) grab(b, 'in the frame\\'s synchronous load');
      });
      const lim = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try { document.body.append(f); } finally { Error.stackTraceLimit = lim; }
      const b = f.contentWindow;
      note('after, b: ' + says(b));
      if (b && !wrapped(b.HTMLInputElement.prototype.showPicker)) grab(b, 'after the append');`,
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

// (B) Telling Silbato is there, with no action of the person. Two wrapped calls that throw the browser's own
// error (DOMExceptions "Failed to execute …").
const throwing = `
      try { document.createElement('div').setAttribute('a b', 'x'); } catch (e) {}
      try { document.createElement('div').append(document); } catch (e) {}`;
/** The error a wrapped setAttribute throws, caught; its stack not read. */
const caught = "(() => { try { document.createElement('div').setAttribute('a b', 'x'); } catch (e) { return e; } })()";
/** Read `e.stack` with a formatter the page sets only now (without Silbato, V8 formats when first read). */
const lateRead = `
      const lateRead = (e) => { Error.prepareStackTrace = (x, frames) => 'late:' + frames.length; try { return String(e && e.stack); } finally { delete Error.prepareStackTrace; } };`;
/** A getter counting its reads under `key` of `o` (returns undefined), and the way back. */
const getterCount = `
      const reads = [];
      const undo = [];
      const watch = (o, key, label) => {
        const d = Object.getOwnPropertyDescriptor(o, key);
        undo.push(() => { if (d) Object.defineProperty(o, key, d); else delete o[key]; });
        Object.defineProperty(o, key, { __proto__: null, get() { reads.push(label); return d ? (d.get ? d.get.call(this) : d.value) : undefined; }, set(v) {}, configurable: true });
      };
      const unwatch = () => { for (let i = undo.length - 1; i >= 0; i--) undo[i](); };`;

// Methods and getters of the common built-ins and DOM prototypes (and getters added for well-known symbols and
// names V8 or Silbato might look up), counted while frames are put in by append, innerHTML, insertAdjacentHTML, a
// first document's write, replaceWith, Range.insertNode, setHTMLUnsafe, moveBefore, attachShadow + innerHTML, and
// then `throws` runs.
const builtinReads = (throws) => `
      const counts = {};
      const saved = [];
      const R = Reflect.apply;
      const GOPD = Object.getOwnPropertyDescriptor;
      const DP = Object.defineProperty;
      const OK = Reflect.ownKeys;
      let on = false;
      const bump = (name) => { if (on) { on = false; counts[name] = (counts[name] || 0) + 1; on = true; } };
      const count = (o, where) => {
        if (!o) return;
        const keys = OK(o);
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          if (k === 'constructor' && typeof o === 'function') continue;
          const d = GOPD(o, k);
          if (!d.configurable) continue;
          const name = where + '.' + String(k);
          if (typeof d.value === 'function') {
            if (k === 'constructor') continue;
            const fn = d.value;
            saved.push([o, k, d]);
            DP(o, k, { __proto__: null, value: { [fn.name || 'f'](...a) { bump(name); return new.target ? Reflect.construct(fn, a, new.target) : R(fn, this, a); } }[fn.name || 'f'], writable: d.writable, enumerable: d.enumerable, configurable: true });
          } else if (d.get) {
            const g = d.get;
            const s = d.set;
            saved.push([o, k, d]);
            DP(o, k, { __proto__: null, get() { bump(name + ' get'); return R(g, this, []); }, set: s ? function (v) { bump(name + ' set'); return R(s, this, [v]); } : undefined, enumerable: d.enumerable, configurable: true });
          }
        }
      };
      const add = (o, k, where) => {
        if (Object.prototype.hasOwnProperty.call(o, k)) return;
        saved.push([o, k, null]);
        DP(o, k, { __proto__: null, get() { bump(where + ' added get'); return undefined; }, set(v) {}, configurable: true });
      };
      const AIP = Object.getPrototypeOf([][Symbol.iterator]());
      const places = [[String.prototype, 'String.prototype'], [RegExp.prototype, 'RegExp.prototype'], [Array.prototype, 'Array.prototype'], [Object.prototype, 'Object.prototype'],
        [Function.prototype, 'Function.prototype'], [Map.prototype, 'Map.prototype'], [WeakMap.prototype, 'WeakMap.prototype'], [Set.prototype, 'Set.prototype'],
        [WeakSet.prototype, 'WeakSet.prototype'], [Promise.prototype, 'Promise.prototype'], [Symbol.prototype, 'Symbol.prototype'], [Number.prototype, 'Number.prototype'],
        [Error.prototype, 'Error.prototype'], [AIP, 'ArrayIterator'], [Object.getPrototypeOf(AIP), 'Iterator.prototype'], [Object.getPrototypeOf(Uint8Array.prototype), 'TypedArray.prototype'],
        [Object, 'Object'], [Array, 'Array'], [JSON, 'JSON'], [Math, 'Math'], [String, 'String'], [Promise, 'Promise'], [Symbol, 'Symbol'], [Error, 'Error'],
        [Node.prototype, 'Node.prototype'], [Element.prototype, 'Element.prototype'], [HTMLElement.prototype, 'HTMLElement.prototype'],
        [HTMLIFrameElement.prototype, 'HTMLIFrameElement.prototype'], [Document.prototype, 'Document.prototype'], [DocumentFragment.prototype, 'DocumentFragment.prototype'],
        [ShadowRoot.prototype, 'ShadowRoot.prototype'], [Range.prototype, 'Range.prototype'], [EventTarget.prototype, 'EventTarget.prototype'], [Event.prototype, 'Event.prototype'],
        [MutationObserver.prototype, 'MutationObserver.prototype'], [MutationRecord.prototype, 'MutationRecord.prototype'], [NodeList.prototype, 'NodeList.prototype'],
        [HTMLCollection.prototype, 'HTMLCollection.prototype'], [CharacterData.prototype, 'CharacterData.prototype'], [HTMLTemplateElement.prototype, 'HTMLTemplateElement.prototype'],
        [HTMLObjectElement.prototype, 'HTMLObjectElement.prototype'], [HTMLEmbedElement.prototype, 'HTMLEmbedElement.prototype'], [HTMLInputElement.prototype, 'HTMLInputElement.prototype'],
        [DOMException.prototype, 'DOMException.prototype'], [CustomElementRegistry.prototype, 'CustomElementRegistry.prototype']];
      const frameHTML = '<iframe src="/px/never.gif" style="display:none"></iframe>';
      const mk = () => { const f = document.createElement('iframe'); f.src = '/px/never.gif'; f.style.display = 'none'; return f; };
      const fs = []; for (let i = 0; i < 6; i++) fs.push(mk());
      const box = document.createElement('div'); document.body.append(box);
      const host = document.createElement('div'); document.body.append(host);
      const root = host.attachShadow({ mode: 'open' });
      const spare = document.createElement('span'); box.append(spare);
      const range = document.createRange(); range.selectNodeContents(box);
      const moveHere = document.createElement('div'); document.body.append(moveHere);
      for (const [o, w] of places) count(o, w);
      add(Object.prototype, Symbol.toPrimitive, 'Object.prototype[Symbol.toPrimitive]');
      add(Object.prototype, Symbol.toStringTag, 'Object.prototype[Symbol.toStringTag]');
      add(Object.prototype, Symbol.split, 'Object.prototype[Symbol.split]');
      add(String.prototype, Symbol.split, 'String.prototype[Symbol.split]');
      add(Array.prototype, Symbol.isConcatSpreadable, 'Array.prototype[Symbol.isConcatSpreadable]');
      add(Object.prototype, 'then', 'Object.prototype.then');
      add(Object.prototype, 'prepareStackTrace', 'Object.prototype.prepareStackTrace');
      add(Object.prototype, 'stack', 'Object.prototype.stack');
      add(Object.prototype, 'message', 'Object.prototype.message');
      add(Object.prototype, 'name', 'Object.prototype.name');
      add(Object.prototype, 'handleEvent', 'Object.prototype.handleEvent');
      let frames = 0;
      on = true;
      try {
        document.body.append(fs[0]);
        box.innerHTML = frameHTML;
        box.insertAdjacentHTML('beforeend', frameHTML);
        const w = window[0];
        try { w.stop(); } catch {}
        w.document.write(frameHTML);
        w.document.close();
        spare.replaceWith(fs[1]);
        range.insertNode(fs[2]);
        if (box.setHTMLUnsafe) box.setHTMLUnsafe(frameHTML);
        if (moveHere.moveBefore) { box.append(fs[3]); try { moveHere.moveBefore(fs[3], null); } catch {} }
        root.innerHTML = frameHTML;
        ${throws}
        frames = window.length;
      } finally {
        on = false;
        for (let i = saved.length - 1; i >= 0; i--) { const [o, k, d] = saved[i]; if (d) DP(o, k, d); else delete o[k]; }
      }
      return Object.keys(counts).sort().map((k) => k + ':' + counts[k]).join(',') + ' frames ' + frames;`;

const PROBES = {
  // A getter for prepareStackTrace on Function.prototype (V8 looks it up from Error, through its prototype chain):
  // is it read while wrapped calls throw, the stacks never read?
  fnprotoprepare: `${getterCount}
      watch(Function.prototype, 'prepareStackTrace', 'Function.prototype');
      try { ${throwing} } finally { unwatch(); }
      return reads.join(',');`,
  // The same on Object.prototype.
  objprotoprepare: `${getterCount}
      watch(Object.prototype, 'prepareStackTrace', 'Object.prototype');
      try { ${throwing} } finally { unwatch(); }
      return reads.join(',');`,
  // A formatter (a data property) on Function.prototype: with what is it called, while a wrapped call throws and
  // its stack is then read?
  fnprotoformatter: `
      const calls = [];
      Function.prototype.prepareStackTrace = function (e, frames) {
        calls.push((Object.getPrototypeOf(e) === null ? 'no-prototype object' : e instanceof Error || e instanceof DOMException ? 'error' : 'other') + ' ' + frames.length + ' frames ' + frames.map((f) => String(f.getFileName()).replace(/^(\\w+-extension):.*/, '$1')).join(' '));
        return 'formatted';
      };
      try {
        const e = ${caught};
        calls.push('caught');
        calls.push('read ' + e.stack);
      } finally { delete Function.prototype.prepareStackTrace; }
      return calls.join(' | ');`,
  // A formatter on Function.prototype while the wrapped call throws: Error's own keys (and their order) after;
  // then one fixed on Error (writable, not configurable): what it is given, and its descriptor after.
  formatterkeys: `
      const calls = [];
      const fmt = function (e, frames) {
        calls.push(frames.length + ' frames ' + frames.map((f) => String(f.getFileName()).replace(/^(\\w+-extension):.*/, '$1')).join(' '));
        return 'formatted';
      };
      const out = [];
      const keys = () => Reflect.ownKeys(Error).map(String).join(',');
      const before = keys();
      Function.prototype.prepareStackTrace = fmt;
      try {
        const e = ${caught};
        out.push('keys ' + (keys() === before ? 'same' : keys()));
        out.push('read ' + e.stack);
      } finally { delete Function.prototype.prepareStackTrace; }
      Object.defineProperty(Error, 'prepareStackTrace', { value: fmt, writable: true, configurable: false, enumerable: true });
      const e2 = ${caught};
      out.push('keys ' + keys());
      out.push(JSON.stringify(Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace'), (k, v) => (typeof v === 'function' ? (v === fmt ? 'fmt' : 'other') : v)));
      out.push('read ' + e2.stack);
      return calls.join(' | ') + ' || ' + out.join(' | ');`,
  // A formatter on a frozen Error (it cannot be stood in for): what it is given.
  formatterfrozen: `
      const calls = [];
      Error.prepareStackTrace = function (e, frames) {
        calls.push(frames.length + ' frames ' + frames.map((f) => String(f.getFileName()).replace(/^(\\w+-extension):.*/, '$1')).join(' '));
        return 'formatted';
      };
      Object.freeze(Error);
      const e = ${caught};
      const read = String(e.stack);
      return calls.join(' | ') + ' || read ' + read;`,
  // Error.prototype.prepareStackTrace (not where V8 looks): read?
  errprotoprepare: `${getterCount}
      watch(Error.prototype, 'prepareStackTrace', 'Error.prototype');
      try { ${throwing} } finally { unwatch(); }
      return reads.join(',');`,
  // Error.stackTraceLimit 0, -1 or NaN while the wrapped call throws; the stack read later with a formatter set
  // only then (and a getter on DOMException.prototype.name counting the header's reads before that).
  limitzero: `${lateRead}
      const out = [];
      for (const v of [0, -1, NaN]) {
        const lim = Error.stackTraceLimit;
        const nd = Object.getOwnPropertyDescriptor(DOMException.prototype, 'name');
        let names = 0;
        Object.defineProperty(DOMException.prototype, 'name', { __proto__: null, get() { names++; return nd.get.call(this); }, configurable: true, enumerable: nd.enumerable });
        let e;
        try { Error.stackTraceLimit = v; e = ${caught}; } finally { Error.stackTraceLimit = lim; }
        const before = names;
        Object.defineProperty(DOMException.prototype, 'name', nd);
        out.push(String(v) + ': names read ' + before + ', ' + lateRead(e));
      }
      return out.join(' | ');`,
  // Other odd limits: huge, a string, an accessor (counted), deleted; the stack read later as above, and as is.
  limitodd: `${lateRead}
      const out = [];
      const sd = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
      const ways = {
        huge: () => { Error.stackTraceLimit = 1e9; },
        string: () => { Error.stackTraceLimit = '10'; },
        accessor: () => { Object.defineProperty(Error, 'stackTraceLimit', { __proto__: null, get() { out.push('limit read'); return 10; }, set(v) {}, configurable: true }); },
        deleted: () => { delete Error.stackTraceLimit; },
        one: () => { Error.stackTraceLimit = 1; },
      };
      for (const [k, set] of Object.entries(ways)) {
        let e;
        try { set(); e = ${caught}; } finally { Object.defineProperty(Error, 'stackTraceLimit', sd); }
        const e2 = ${caught};
        out.push(k + ': ' + lateRead(e) + ' / ' + String(e2.stack).split('\\n').length);
        let e3;
        try { set(); e3 = ${caught}; } finally { Object.defineProperty(Error, 'stackTraceLimit', sd); }
        out.push(k + ' as is: ' + String(e3.stack));
      }
      return out.join(' | ');`,
  // Error.prepareStackTrace given a value that formats nothing (undefined, null, a number, a string), on Error and on
  // Function.prototype: the stacks of the browser's own errors and of a toString's, read later and as they are.
  preparenotfn: `${lateRead}
      const out = [];
      const values = { undef: undefined, nul: null, num: 5, str: 'x' };
      for (const [k, v] of Object.entries(values)) {
        for (const [where, on] of [['error', Error], ['fnproto', Function.prototype]]) {
          let e;
          let t;
          try {
            on.prepareStackTrace = v;
            e = ${caught};
            try { Function.prototype.toString.call({}); } catch (x) { t = x; }
            out.push(k + ' ' + where + ': ' + String(e.stack) + ' / ' + String(t.stack));
          } finally { delete on.prepareStackTrace; }
          out.push(k + ' ' + where + ' later: ' + lateRead(e));
        }
      }
      return out.join(' | ');`,
  // The wrapper called with nothing of the page's below it: a promise reaction (Illegal invocation); its stack
  // read later with a formatter set only then, and as is.
  bottompromise: `${lateRead}
      const e = await Promise.resolve('x').then(Element.prototype.setAttribute).catch((x) => x);
      const e2 = await Promise.resolve('x').then(Element.prototype.setAttribute).catch((x) => x);
      return lateRead(e) + ' | ' + e2.stack;`,
  // The same from a timer (a bound wrapper), reported to window's error event.
  bottomtimeout: `${lateRead}
      const div = document.createElement('div');
      const errs = [];
      const on = (ev) => { errs.push(ev.error); ev.preventDefault(); };
      window.addEventListener('error', on);
      setTimeout(Element.prototype.setAttribute.bind(div, 'a b', 'x'));
      setTimeout(Element.prototype.setAttribute.bind(div, 'a b', 'x'));
      await new Promise((r) => setTimeout(r, 100));
      window.removeEventListener('error', on);
      return lateRead(errs[0]) + ' | ' + (errs[1] && errs[1].stack);`,
  // The wrapper itself a listener, called by the (wrapped) dispatchEvent: the browser's error is reported.
  listenerwrapper: `
      const div = document.createElement('div');
      const errs = [];
      const on = (ev) => { errs.push(ev.error); ev.preventDefault(); };
      window.addEventListener('error', on);
      div.addEventListener('x', Element.prototype.setAttribute);
      div.dispatchEvent(new Event('x'));
      window.removeEventListener('error', on);
      return String(errs[0] && errs[0].stack).replace(/chrome-extension:\\/\\/[a-z]+/g, 'chrome-extension://ID');`,
  // The wrapper not at the top: Reflect.apply, Function.prototype.call.call, bound, a proxy's apply trap, a
  // builtin calling it (map, Array.from, forEach), a getter that is it. Every stack text.
  indirect: `
      const sa = Element.prototype.setAttribute;
      const div = document.createElement('div');
      const out = [];
      const t = (k, f) => { try { f(); out.push(k + ': returned'); } catch (e) { out.push(k + ': ' + e.stack); } };
      t('Reflect.apply', () => Reflect.apply(sa, div, ['a b', 'x']));
      t('call.call', () => Function.prototype.call.call(sa, div, 'a b', 'x'));
      t('apply', () => sa.apply(div, ['a b', 'x']));
      t('bound', () => sa.bind(div)('a b', 'x'));
      t('bound twice', () => sa.bind(div).bind(null, 'a b')('x'));
      t('proxy', () => new Proxy(sa, { apply: (f, th, a) => Reflect.apply(f, th, a) }).call(div, 'a b', 'x'));
      t('proxy no trap', () => new Proxy(sa, {}).call(div, 'a b', 'x'));
      t('map', () => ['a b'].map(sa, div));
      t('forEach', () => ['a b'].forEach(sa, div));
      t('Array.from', () => Array.from(['a b'], sa, div));
      t('getter', () => { const o = {}; Object.defineProperty(o, 'g', { get: sa }); return o.g; });
      t('illegal', () => sa('a', 'b'));
      t('eval', () => eval('div.setAttribute("a b", "x")'));
      t('new Function', () => new Function('d', 'd.setAttribute("a b", "x")')(div));
      t('sort', () => [1, 2].sort(sa.bind(div, 'a b')));
      return out.join(' || ');`,
  // The same wrapper twice on the stack (append, from a toString it converts): the inner call's error caught in the
  // page's toString; the outer error when the inner is not caught.
  recursion: `
      const div = document.createElement('div');
      let inner = '';
      try { div.append({ toString() { try { div.append(document); } catch (e) { inner = e.stack; } return 'x'; } }); } catch (e) { inner += ' / outer threw ' + e; }
      let outer = '';
      try { div.append({ toString() { div.append(document); return 'x'; } }); } catch (e) { outer = e.stack; }
      return (inner + ' || ' + outer).replace(/chrome-extension:\\/\\/[a-z]+/g, 'chrome-extension://ID');`,
  // The browser's own error made inside a page callback that a wrapped call runs (no wrapped call in between).
  innerbrowsers: `
      const div = document.createElement('div');
      let s = '';
      try { div.append({ toString() { null.x; } }); } catch (e) { s = e.stack; }
      let s2 = '';
      try { div.append({ toString() { JSON.parse('{'); } }); } catch (e) { s2 = e.stack; }
      return (s + ' || ' + s2).replace(/chrome-extension:\\/\\/[a-z]+/g, 'chrome-extension://ID');`,
  // After the catch: the stack's descriptor, set, taken again by the page's own Error.captureStackTrace.
  afterwards: `
      const out = [];
      const e = ${caught};
      const d = Object.getOwnPropertyDescriptor(e, 'stack');
      out.push(Reflect.ownKeys(e).map(String).join(','));
      out.push(d ? Object.keys(d).join(',') + ' ' + typeof d.get + ' ' + typeof d.set + ' ' + d.enumerable + d.configurable + ' ' + (d.get && d.get.name) : 'none');
      out.push(e.stack);
      e.stack = 'set';
      out.push(e.stack, JSON.stringify(Object.getOwnPropertyDescriptor(e, 'stack')));
      const e2 = ${caught};
      Error.captureStackTrace(e2);
      out.push(e2.stack);
      const e3 = ${caught};
      const got = e3.stack;
      Error.captureStackTrace(e3, Element.prototype.setAttribute);
      out.push(got === e3.stack, e3.stack);
      const e4 = ${caught};
      out.push(Object.isFrozen(e4), Object.isExtensible(e4), Object.getOwnPropertyNames(e4).join(','));
      return out.join(' || ');`,
  // Error.captureStackTrace and Error.isError replaced or deleted before the throw: called? stack as without?
  capturereplaced: `
      const out = [];
      const cd = Object.getOwnPropertyDescriptor(Error, 'captureStackTrace');
      const id = Object.getOwnPropertyDescriptor(Error, 'isError');
      let calls = 0;
      try {
        Error.captureStackTrace = function (...a) { calls++; return Reflect.apply(cd.value, this, a); };
        if (id) Error.isError = function (...a) { calls++; return Reflect.apply(id.value, this, a); };
        const e = ${caught};
        out.push('replaced: calls ' + calls + ' ' + e.stack);
        delete Error.captureStackTrace;
        delete Error.isError;
        const e2 = ${caught};
        out.push('deleted: ' + e2.stack);
      } finally {
        Object.defineProperty(Error, 'captureStackTrace', cd);
        if (id) Object.defineProperty(Error, 'isError', id);
      }
      return out.join(' || ');`,
  // Getters for the lookups of the built-ins scrub calls on what it reads of the page's own error thrown through
  // a wrapped call (split, filter, join, includes): Array.prototype.constructor, Array[Symbol.species],
  // Symbol.split on String.prototype and Object.prototype, Symbol.isConcatSpreadable, Symbol.match.
  speciesreads: `${getterCount}
      watch(Array.prototype, 'constructor', 'Array.prototype.constructor');
      watch(Array, Symbol.species, 'Array[Symbol.species]');
      watch(String.prototype, Symbol.split, 'String.prototype[Symbol.split]');
      watch(Object.prototype, Symbol.split, 'Object.prototype[Symbol.split]');
      watch(String.prototype, Symbol.match, 'String.prototype[Symbol.match]');
      watch(Object.prototype, Symbol.match, 'Object.prototype[Symbol.match]');
      watch(Array.prototype, Symbol.isConcatSpreadable, 'Array.prototype[Symbol.isConcatSpreadable]');
      watch(Object.prototype, Symbol.toPrimitive, 'Object.prototype[Symbol.toPrimitive]');
      try {
        try { document.createElement('div').append({ toString() { throw new Error('own'); } }); } catch (e) {}
        try { document.createElement('div').setAttribute({ toString() { throw new TypeError('own'); } }, 'x'); } catch (e) {}
      } finally { unwatch(); }
      return reads.join(',');`,
  // A species of the page's (Array[Symbol.species] a class whose instances take no properties): what the page's
  // own error's stack reads after going through a wrapped call.
  speciesstack: `
      const sd = Object.getOwnPropertyDescriptor(Array, Symbol.species);
      class Frozen { constructor() { return Object.preventExtensions({}); } }
      Object.defineProperty(Array, Symbol.species, { __proto__: null, get() { return Frozen; }, configurable: true });
      let s = '';
      try {
        try { document.createElement('div').append({ toString() { throw new Error('own'); } }); } catch (e) { s = e.stack; }
      } finally { Object.defineProperty(Array, Symbol.species, sd); }
      return s.replace(/chrome-extension:\\/\\/[a-z]+/g, 'chrome-extension://ID');`,
  // Frames put in only (every insertion below), the built-ins counted.
  insertreads: builtinReads(''),
  // The same, and wrapped calls that throw: the browser's own errors, and the page's own error from a toString.
  builtinreads: builtinReads(`${throwing}
        try { document.createElement('div').append({ toString() { throw new Error('own'); } }); } catch (e) {}`),
};

export const DETECTION_PROBES = Object.keys(PROBES);

export const attack28Page = attackPages(28, picker, PROBES);
