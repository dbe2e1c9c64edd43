// Hostile pages for the twenty-sixth attack on the upload guard: (A) making
// the walk (realms.js sweep, which now swallows what it throws) stop before
// it reaches a new frame, on purpose, so that a first document's showPicker
// stays the browser's own; (B) telling Silbato is there from errors thrown
// through wrapped functions (insertions.js callVouching, natives.js scrub).
// Served by server.mjs at /attack26-…; tests: attack26.test.mjs.

import { attackPages, pickerWaysPage } from './uploads.mjs';

// (A) The walk's own lists are array literals of the page's realm, grown by
// assignment at their length (`stack[stack.length] = w`, keep()'s
// `list[list.length] = win`, insertGuarded's `nodes[nodes.length] = …`):
// an accessor the page puts on Array.prototype (or Object.prototype) at
// index 0 is called instead of an own item being made. Each way installs one,
// appends a hidden frame (never answering: its first document stays), takes
// its window as window[i] (no wrapped getter), then takes the accessor away.
const trap = (on, set) => `
      Object.defineProperty(${on}, '0', { get() { return undefined; }, set: ${set}, configurable: true });
      try {
        document.body.append(frame());
        grab(last(), '${on} 0 set');
      } finally {
        delete ${on}[0];
      }`;
// Accessors at indices 0 to 63 of \`on\` that drop every value, around \`body\` (which connects a frame); the last frame taken.
const dropAll = (on, body, how) => `
      for (let i = 0; i < 64; i++) Object.defineProperty(${on}, String(i), { get() { return undefined; }, set(v) {}, configurable: true });
      try {
        ${body}
        grab(window[window.length - 1], '${how}');
      } finally {
        for (let i = 0; i < 64; i++) delete ${on}[i];
      }`;
const WAYS = {
  // Every item at 0 dropped (the walk's stack stays empty: nothing walked).
  arrdrop: trap('Array.prototype', 'function (v) {}'),
  // Every item at 0 refused with an error (the walk's catch swallows it).
  arrthrow: trap('Array.prototype', "function (v) { throw new Error('no'); }"),
  // Only windows dropped; anything else kept as an own item (the page's own arrays work on).
  arrdropwin: trap('Array.prototype', "function (v) { if (v && v.window === v) return; Object.defineProperty(this, '0', { value: v, writable: true, enumerable: true, configurable: true }); }"),
  // The same one level up: Object.prototype (arrays inherit it too).
  objdrop: trap('Object.prototype', 'function (v) {}'),
  // A frame put in by innerHTML (markupGuarded) while windows are dropped.
  arrdropinner: `
      Object.defineProperty(Array.prototype, '0', { get() { return undefined; }, set(v) { if (v && v.window === v) return; Object.defineProperty(this, '0', { value: v, writable: true, enumerable: true, configurable: true }); }, configurable: true });
      try {
        const box = document.createElement('div');
        document.body.append(box);
        box.innerHTML = '<iframe src="/px/never.gif" style="display:none"></iframe>';
        grab(last(), 'innerHTML, windows dropped');
      } finally {
        delete Array.prototype[0];
      }`,
  // The whole class: accessors dropping every value at indices 0 to 63 of
  // Array.prototype (arrdropall) or Object.prototype (objdropall), with a
  // frame already there (items past 0 are reached), the second appended.
  arrdropall: dropAll('Array.prototype', 'document.body.append(frame()); document.body.append(frame());', 'append, all indices dropped'),
  objdropall: dropAll('Object.prototype', 'document.body.append(frame()); document.body.append(frame());', 'append, all indices dropped on Object.prototype'),
  objdropinner: dropAll('Object.prototype', `const box = document.createElement('div');
        document.body.append(box);
        box.innerHTML = '<iframe src="/px/never.gif" style="display:none"></iframe>';`, 'innerHTML, all indices dropped on Object.prototype'),
  // Every array, Map, WeakMap and WeakSet method, the array iterator and
  // Function.prototype's call, apply and bind made to throw while a frame is
  // appended (Silbato must call only what it took at the start).
  methodsgone: `
      const saved = [];
      const spoil = (o, k) => { const d = Object.getOwnPropertyDescriptor(o, k); if (d && d.configurable) { saved[saved.length] = [o, k, d]; Object.defineProperty(o, k, { value: function () { throw new Error('spoiled'); }, writable: true, configurable: true }); } };
      const A = ['push', 'pop', 'shift', 'unshift', 'splice', 'slice', 'concat', 'indexOf', 'lastIndexOf', 'includes', 'map', 'filter', 'forEach', 'some', 'every', 'find', 'findIndex', 'reduce', 'join', 'reverse', 'sort', 'fill', 'flat', 'at', 'entries', 'keys', 'values', Symbol.iterator];
      const targets = [[Array.prototype, A], [Map.prototype, ['get', 'set', 'has', 'delete', 'forEach', Symbol.iterator]], [WeakMap.prototype, ['get', 'set', 'has', 'delete']], [WeakSet.prototype, ['add', 'has', 'delete']], [Set.prototype, ['add', 'has', 'delete', Symbol.iterator]]];
      const restore = () => { for (let i = saved.length - 1; i >= 0; i--) Reflect.defineProperty(saved[i][0], saved[i][1], saved[i][2]); };
      for (let t = 0; t < targets.length; t++) for (let j = 0; j < targets[t][1].length; j++) spoil(targets[t][0], targets[t][1][j]);
      const { call, apply, bind } = Function.prototype;
      const f0 = frame();
      const defineProperty = Reflect.defineProperty;
      defineProperty(Function.prototype, 'call', { value: function () { throw new Error('spoiled'); }, writable: true, configurable: true });
      defineProperty(Function.prototype, 'apply', { value: function () { throw new Error('spoiled'); }, writable: true, configurable: true });
      defineProperty(Function.prototype, 'bind', { value: function () { throw new Error('spoiled'); }, writable: true, configurable: true });
      let w = null;
      try {
        document.body.append(f0);
        w = window[window.length - 1];
      } finally {
        defineProperty(Function.prototype, 'call', { value: call, writable: true, configurable: true });
        defineProperty(Function.prototype, 'apply', { value: apply, writable: true, configurable: true });
        defineProperty(Function.prototype, 'bind', { value: bind, writable: true, configurable: true });
        restore();
      }
      grab(w, 'append, methods spoiled');`,
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

// (B) Errors thrown through wrapped functions, with no action of the person.
// Each `throwing` is a statement that throws through a wrapped built-in (or a
// native setter/getter called on the wrong thing).
const THROWING = {
  setattr: "document.createElement('div').setAttribute('a b', 'x')",
  appendbad: 'document.createElement(\'div\').append(document)',
  appendchildbad: 'document.createElement(\'div\').appendChild(document)',
  insertbeforeref: "document.createElement('div').insertBefore(document.createElement('i'), document.createElement('b'))",
  innerhtmlwrong: "Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML').set.call({}, '<i></i>')",
  contentwindowwrong: "Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow').get.call({})",
  rangeinsert: "document.createRange().insertNode(document)",
  adjacentbad: "document.body.insertAdjacentHTML('nowhere', '<i></i>')",
  // The page's own error, thrown from a toString Silbato's wrapper makes the browser call.
  ownerror: "document.createElement('div').setAttribute({ toString() { throw new Error('page'); } }, 'x')",
};
const frames = (s) => `String(${s}).split('\\n').map((l) => l.replace(/\\(.*\\)/, '').replace(/https?:\\S+/g, '').trim())`;
const PROBES = {};
for (const [name, stmt] of Object.entries(THROWING)) {
  // The stack, shallow: its lines, with each frame's name (addresses taken out).
  PROBES[`shape${name}`] = `
    function pageCaller() { ${stmt}; }
    try { pageCaller(); return 'no error'; } catch (e) { return { name: e.name, message: e.message, frames: ${frames('e.stack')} }; }`;
  // The stack is formatted when first read: a function renamed after the catch is named so without Silbato.
  PROBES[`lazyname${name}`] = `
    function pageCaller() { ${stmt}; }
    let e;
    try { pageCaller(); return 'no error'; } catch (x) { e = x; }
    Object.defineProperty(pageCaller, 'name', { value: 'renamedLater' });
    return /renamedLater/.test(String(e.stack)) ? 'named when read' : /pageCaller/.test(String(e.stack)) ? 'named at the throw' : 'neither';`;
  // A formatter the page puts in after the catch, before its first read of the stack.
  PROBES[`lateformat${name}`] = `
    let e;
    try { ${stmt}; return 'no error'; } catch (x) { e = x; }
    const was = Error.prepareStackTrace;
    Error.prepareStackTrace = () => 'page formatted';
    try { return String(e.stack); } finally { Error.prepareStackTrace = was; }`;
  // The stack property itself: own, data or accessor, writable.
  PROBES[`desc${name}`] = `
    try { ${stmt}; return 'no error'; } catch (e) {
      const d = Object.getOwnPropertyDescriptor(e, 'stack');
      return d ? { keys: Object.keys(d).sort(), get: typeof d.get, value: typeof d.value, enumerable: d.enumerable, configurable: d.configurable } : 'not own';
    }`;
}
// A thrown object with a getter for `stack` (and for `constructor`, `name`, `message`): is anything read from it on its way out?
PROBES.thrownreads = `
  const reads = [];
  const thrown = {};
  for (const k of ['stack', 'message', 'name', 'constructor', 'then', 'toString']) Object.defineProperty(thrown, k, { get() { reads.push(k); return undefined; } });
  const calls = {
    setAttribute: () => document.createElement('div').setAttribute({ toString() { throw thrown; } }, 'x'),
    append: () => document.createElement('div').append({ toString() { throw thrown; } }),
    insertAdjacentHTML: () => document.body.insertAdjacentHTML('beforeend', { toString() { throw thrown; } }),
    innerHTML: () => { document.createElement('div').innerHTML = { toString() { throw thrown; } }; },
    insertBefore: () => document.createElement('div').insertBefore(document.createElement('i'), { get x() { throw thrown; } }),
    open: () => window.open({ toString() { throw thrown; } }),
  };
  const out = {};
  for (const [k, f] of Object.entries(calls)) { reads.length = 0; try { f(); out[k] = 'no error'; } catch (e) { out[k] = (e === thrown) + ':' + reads.join(','); } }
  return out;`;
// A Proxy thrown: any trap called on its way out.
PROBES.thrownproxy = `
  const traps = [];
  const handler = {};
  for (const t of ['get', 'has', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'ownKeys', 'defineProperty', 'set']) handler[t] = (...a) => { traps.push(t + ':' + String(a[1])); return Reflect[t](...a); };
  const thrown = new Proxy({}, handler);
  try { document.createElement('div').setAttribute({ toString() { throw thrown; } }, 'x'); } catch (e) { return { same: e === thrown, traps }; }
  return 'no error';`;
// A page Error whose stack the page made an own accessor: read (or set) on its way out?
PROBES.ownstackaccessor = `
  const seen = [];
  const thrown = new Error('page');
  Object.defineProperty(thrown, 'stack', { get() { seen.push('get'); return 'x chrome-extension://a/b.js y'; }, set(v) { seen.push('set'); }, configurable: true });
  try { document.createElement('div').setAttribute({ toString() { throw thrown; } }, 'x'); } catch (e) { return { same: e === thrown, seen, stack: e.stack }; }
  return 'no error';`;
// A frozen page Error carrying a stack that names an extension: changed on its way out?
PROBES.frozenstack = `
  const thrown = new Error('page');
  thrown.stack = 'Error: page\\n    at x (chrome-extension://abc/content/page-world.js:1:1)\\n    at y (https://a/b.js:1:1)';
  try { document.createElement('div').setAttribute({ toString() { throw thrown; } }, 'x'); } catch (e) { return String(e.stack).split('\\n').length; }
  return 'no error';`;

// The browser's own error thrown 14 calls deep (past Error.stackTraceLimit's 10 frames), and with the limit set to 3:
// the same frames, and as many, as without Silbato (a wrapper's frame must not take one of the page's places).
for (const name of ['setattr', 'appendbad', 'innerhtmlwrong', 'adjacentbad']) {
  PROBES[`deep${name}`] = `
    function down(n) { if (n === 0) { ${THROWING[name]}; return 'no error'; } return down(n - 1); }
    try { return down(14); } catch (e) { return { frames: ${frames('e.stack')} }; }`;
  PROBES[`limit${name}`] = `
    const was = Error.stackTraceLimit;
    Error.stackTraceLimit = 3;
    function down(n) { if (n === 0) { ${THROWING[name]}; return 'no error'; } return down(n - 1); }
    try { return down(5); } catch (e) { return { frames: ${frames('e.stack')} }; } finally { Error.stackTraceLimit = was; }`;
}
// The page's own error worded as the browser's, thrown from a toString the call converts: its frames above the
// wrapper (toString's) kept?
PROBES.mimicerror = `
  function pageCaller() { document.createElement('div').setAttribute({ toString() { throw new TypeError("Failed to execute 'setAttribute' on 'Element': page"); } }, 'x'); }
  try { pageCaller(); return 'no error'; } catch (e) { return { frames: ${frames('e.stack')} }; }`;

export const DETECTION_PROBES = Object.keys(PROBES);

export const attack26Page = attackPages(26, picker, PROBES);
