// Hostile pages for the thirtieth attack on the upload guard: the scrub of
// errors thrown through a wrapped function (natives.js `scrub`, `messageOf`,
// `browsersOwn`, `startingChain`, `recapture`, `frameLimit`) turned against
// Silbato once more: a Proxy the page puts in an error's prototype chain
// (Error.prototype's or TypeError.prototype's prototype, where no formatter
// is looked for, but where `messageOf` walks), a Proxy in Error's own chain
// (where V8 looks the formatter up; scrub then leaves the error alone), a
// genuine browser error made earlier and rethrown through a wrapped call,
// and Error.stackTraceLimit values V8 reads as a number of its own
// (fractions, -0, a Number object, a BigInt, past 2^31, on a prototype).
// A page that can tell Silbato is there (B), or keep a first document's
// native showPicker (A). Served by server.mjs at /attack30-…; tests:
// attack30.test.mjs.

import { attackPages, normStack, pickerWaysPage } from './uploads.mjs';

// (A) Each way appends a hidden frame (never answering) and tries to keep a
// first document's native showPicker (grab). `wrapped(f)`: V8's "is not a
// constructor" message writes a wrapper's own source text (known).
const helpers = `
      const wrapped = (f) => { try { Reflect.construct(f, []); return 'constructs'; } catch (e) { return !/native code/.test(String(e.message)); } };
      const says = (w) => w ? 'showPicker ' + (wrapped(w.HTMLInputElement.prototype.showPicker) ? 'wrapped' : 'NATIVE') + ', appendChild ' + (wrapped(w.Node.prototype.appendChild) ? 'wrapped' : 'NATIVE') : 'no window';
      // Error.prototype's prototype a Proxy of Object.prototype whose getPrototypeOf trap runs \`inTrap\` once (scrub's
      // messageOf walks an error's prototypes; nothing of V8's or the browser's does while an error is thrown).
      const trapOnce = (inTrap) => {
        const was = Object.getPrototypeOf(Error.prototype);
        let armed = true;
        Object.setPrototypeOf(Error.prototype, new Proxy(was, { getPrototypeOf(t) { if (armed) { armed = false; try { inTrap(); } catch (x) { note('trap: ' + x); } } return Reflect.getPrototypeOf(t); } }));
        return () => { armed = false; Object.setPrototypeOf(Error.prototype, was); };
      };`;
const WAYS = {
  // The trap appends a frame, from inside scrub (a wrapped appendChild throwing a TypeError), and takes its realm.
  prototrap: `
      ${helpers}
      const undo = trapOnce(() => {
        document.body.append(frame());
        const b = last();
        note('from the trap, b: ' + says(b));
        if (b && !wrapped(b.HTMLInputElement.prototype.showPicker)) grab(b, 'from the page trap inside scrub');
      });
      try { document.createElement('div').appendChild('x'); } catch (e) { note('threw ' + e.name); } finally { undo(); }`,
  // A detached <div> holds a frame whose own child is a custom element. A wrapped replaceChild takes the <div>
  // (its frame held out, a comment in its place) and the browser refuses the call (a TypeError: the second
  // argument is no node). From the trap inside scrub the page puts the <div> (now holding only the comment) in the
  // document; Silbato then puts the frame back where the comment is, with the browser's replaceChild: the frame
  // is connected, and its child's connectedCallback runs inside that call, before Silbato reaches the frame.
  trapputback: `
      ${helpers}
      const box = document.createElement('div');
      const f = frame();
      let seen = false;
      customElements.define('x-grab-thirty', class extends HTMLElement {
        connectedCallback() {
          if (seen || !f.isConnected) return;
          seen = true;
          const b = last();
          note('connectedCallback, b: ' + says(b));
          if (b && !wrapped(b.HTMLInputElement.prototype.showPicker)) grab(b, 'in the connectedCallback of the frame\\'s child, put back by Silbato');
        }
      });
      f.appendChild(document.createElement('x-grab-thirty'));
      box.appendChild(f);
      const host = document.createElement('div');
      document.body.append(host);
      host.append(document.createElement('span'));
      const undo = trapOnce(() => { document.body.append(box); note('trap: box connected ' + box.isConnected + ', holds ' + box.childNodes.length + ' ' + (box.firstChild && box.firstChild.nodeName)); });
      try { host.replaceChild(box, 'x'); } catch (e) { note('threw ' + e.name + ' ' + e.message); } finally { undo(); }
      note('after: frame connected ' + f.isConnected + ', seen ' + seen);
      if (!window.grabbed && f.isConnected) { const b = last(); note('after, b: ' + says(b)); }`,
  // The same without the trap: the <div> is in the document from the start (the frame and its child connected);
  // held out and put back when the browser refuses replaceChild.
  putbackce: `
      ${helpers}
      const box = document.createElement('div');
      document.body.append(box);
      const f = frame();
      let seen = 0;
      customElements.define('x-back-thirty', class extends HTMLElement {
        connectedCallback() {
          if (!f.isConnected || ++seen < 2) return;
          const b = last();
          note('connectedCallback ' + seen + ', b: ' + says(b));
          if (b && !wrapped(b.HTMLInputElement.prototype.showPicker)) grab(b, 'in the connectedCallback of the frame\\'s child, put back by Silbato');
        }
      });
      f.appendChild(document.createElement('x-back-thirty'));
      box.appendChild(f);
      const host = document.createElement('div');
      document.body.append(host);
      host.append(document.createElement('span'));
      try { host.replaceChild(box, 'x'); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
      note('after: frame connected ' + f.isConnected + ', connected callbacks ' + seen);`,
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

// (B) Telling Silbato is there, with no action of the person.
const norm = normStack;
/** Wrapped calls that throw: the browser's TypeErrors (a wrong argument; an illegal receiver), its DOMException, the page's own error. */
const calls = `
      const calls = {
        typeerror: function typeerror() { document.createElement('div').appendChild('x'); },
        illegal: function illegal() { Element.prototype.setAttribute.call({}, 'a', 'b'); },
        domexception: function domexception() { document.createElement('div').setAttribute('a b', 'x'); },
        own: function own() { document.createElement('div').append({ toString() { throw new Error('own'); } }); },
      };
      const caught = (f) => { try { f(); return null; } catch (e) { return e; } };`;

const PROBES = {
  // An ordinary call the browser refuses, given a custom element (connected elsewhere, holding a frame): where the
  // element is after (Silbato holds it and its frame while the call runs, and puts back only what it took out), its
  // callbacks, the error, the frames.
  refusedheld: `
      const seen = [];
      customElements.define('x-refused-thirty', class extends HTMLElement {
        connectedCallback() { seen.push('connected ' + (this.parentNode && this.parentNode.id)); }
        disconnectedCallback() { seen.push('disconnected'); }
      });
      const home = document.createElement('div');
      home.id = 'home';
      const box = document.createElement('div');
      box.id = 'box';
      document.body.append(home, box);
      const x = document.createElement('x-refused-thirty');
      x.append(document.createElement('iframe'));
      home.append(x);
      const frames = window.length;
      let error = null;
      try { box.replaceChild(x, document.createElement('i')); } catch (e) { error = e.name; }
      return [error, 'x in ' + (x.parentNode && x.parentNode.id), 'connected ' + x.isConnected, 'frame in x ' + !!x.querySelector('iframe'), 'frames ' + frames + ' -> ' + window.length, seen.join(', ')].join(' | ');`,
  // A Proxy (of Object.prototype) as Error.prototype's prototype, then (of Error.prototype) as TypeError.prototype's:
  // its getPrototypeOf trap counted while each wrapped call throws, the stacks never read.
  protoproxy: `${calls}
      const out = [];
      for (const [where, o] of [['Error.prototype', Error.prototype], ['TypeError.prototype', TypeError.prototype]]) {
        const was = Object.getPrototypeOf(o);
        const traps = [];
        let on = true;
        Object.setPrototypeOf(o, new Proxy(was, { getPrototypeOf(t) { if (on) traps.push(1); return Reflect.getPrototypeOf(t); } }));
        try {
          for (const [k, f] of Object.entries(calls)) {
            traps.length = 0;
            const e = caught(f);
            out.push(where + ' ' + k + ': ' + (e && e.name) + ', traps ' + traps.length);
          }
        } finally { on = false; Object.setPrototypeOf(o, was); }
      }
      return out.join(' | ');`,
  // The same trap throwing (only while the wrapped call throws): the error's stack, read after.
  protoproxythrow: `${norm}${calls}
      const out = [];
      const was = Object.getPrototypeOf(Error.prototype);
      let on = false;
      Object.setPrototypeOf(Error.prototype, new Proxy(was, { getPrototypeOf(t) { if (on) throw new Error('trap'); return Reflect.getPrototypeOf(t); } }));
      try {
        for (const [k, f] of Object.entries(calls)) {
          on = true;
          let e;
          try { e = caught(f); } finally { on = false; }
          out.push(k + ': ' + (e && e.name) + ' ' + norm(e && e.stack));
        }
      } finally { Object.setPrototypeOf(Error.prototype, was); }
      return out.join(' | ');`,
  // A Proxy with no trap (of Function.prototype) as Error's own prototype while the wrapped call throws (V8 looks
  // Error.prepareStackTrace up through it, and finds none); the same as Function.prototype's prototype. The stacks
  // read after, with Error's chain as it was, and (the first) while the proxy is there.
  chainproxy: `${norm}${calls}
      const out = [];
      for (const [where, o] of [['Error', Error], ['Function.prototype', Function.prototype]]) {
        const was = Object.getPrototypeOf(o);
        for (const [k, f] of Object.entries(calls)) {
          let e, e2, s2;
          Object.setPrototypeOf(o, new Proxy(was, {}));
          try { e = caught(f); e2 = caught(f); s2 = e2 && e2.stack; } finally { Object.setPrototypeOf(o, was); }
          out.push(where + ' ' + k + ': ' + (e && e.name) + ' ' + norm(e && e.stack) + ' / at once ' + norm(s2));
        }
      }
      return out.join(' | ');`,
  // A genuine browser error made earlier (by a native Silbato does not wrap, querySelector, and by a wrapped
  // setAttribute; one with its stack read before) rethrown from a toString a wrapped call converts, elsewhere:
  // the stack read after the second catch.
  rethrown: `${norm}
      const out = [];
      function madeHere(k) {
        if (k === 'query') { try { document.querySelector('<<'); } catch (e) { return e; } }
        try { document.createElement('div').setAttribute('a b', 'x'); } catch (e) { return e; }
      }
      function throwAgain(e, how) {
        if (how === 'append') document.createElement('div').append({ toString() { throw e; } });
        else document.createElement('div').setAttribute({ toString() { throw e; } }, 'x');
      }
      for (const k of ['query', 'wrapped', 'readfirst']) {
        for (const how of ['append', 'setAttribute']) {
          const e = madeHere(k);
          const first = k === 'readfirst' ? norm(e.stack) : '';
          let again;
          try { throwAgain(e, how); } catch (x) { again = x; }
          out.push(k + ' ' + how + ': same ' + (again === e) + ' ' + norm(e.stack) + (first ? ' / read first ' + (first === norm(e.stack)) : ''));
        }
      }
      return out.join(' | ');`,
  // Error.stackTraceLimit values V8 turns into a number of frames of its own (its integer part, none below 0;
  // only a number counts), on Error, and (3) on Function.prototype or Object.prototype with Error's deleted: the
  // stacks read at once and later with a formatter set only then.
  limitnumbers: `${norm}${calls}
      const out = [];
      const sd = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
      const late = (e) => { Error.prepareStackTrace = (x, fr) => 'late:' + fr.length + ':' + fr.map((c) => c.getFunctionName()).join(','); try { return String(e && e.stack); } finally { delete Error.prepareStackTrace; } };
      const ways = {
        half: () => { Error.stackTraceLimit = 0.5; },
        oneandhalf: () => { Error.stackTraceLimit = 1.5; },
        minuszero: () => { Error.stackTraceLimit = -0; },
        numberobject: () => { Error.stackTraceLimit = new Number(3); },
        bigint: () => { Error.stackTraceLimit = 3n; },
        huge: () => { Error.stackTraceLimit = 2 ** 40; },
        infinity: () => { Error.stackTraceLimit = Infinity; },
        onfnproto: () => { delete Error.stackTraceLimit; Function.prototype.stackTraceLimit = 3; },
        onobjproto: () => { delete Error.stackTraceLimit; Object.prototype.stackTraceLimit = 3; },
      };
      const back = () => { Object.defineProperty(Error, 'stackTraceLimit', sd); delete Function.prototype.stackTraceLimit; delete Object.prototype.stackTraceLimit; };
      for (const [w, set] of Object.entries(ways)) {
        for (const k of ['typeerror', 'domexception']) {
          let e, e2;
          try { set(); e = caught(calls[k]); e2 = caught(calls[k]); } finally { back(); }
          out.push(w + ' ' + k + ': ' + norm(e && e.stack) + ' / ' + late(e2));
        }
      }
      return out.join(' | ');`,
  // Formatters and Error.stackTraceLimit changed by page code the wrapped call runs (a toString it converts) before
  // the browser throws: a formatter set there (on Error, on Function.prototype), one removed there, the limit set
  // to 1 or 0 there (and back after). What the formatter is given, and the stacks read after.
  formatterinsidecall: `${norm}
      const out = [];
      const fmt = (e, frames) => 'fmt ' + frames.length + ' ' + frames.map((f) => String(f.getFileName()).replace(/^(\\w+-extension):.*/, '$1').replace(/^http.*/, 'page') + ':' + f.getFunctionName()).join(' ');
      const lim = Error.stackTraceLimit;
      const inside = {
        seterror: [() => {}, () => { Error.prepareStackTrace = fmt; }, () => { delete Error.prepareStackTrace; }],
        setfnproto: [() => {}, () => { Function.prototype.prepareStackTrace = fmt; }, () => { delete Function.prototype.prepareStackTrace; }],
        removed: [() => { Error.prepareStackTrace = fmt; }, () => { delete Error.prepareStackTrace; }, () => { delete Error.prepareStackTrace; }],
        limitone: [() => {}, () => { Error.stackTraceLimit = 1; }, () => { Error.stackTraceLimit = lim; }],
        limitzero: [() => {}, () => { Error.stackTraceLimit = 0; }, () => { Error.stackTraceLimit = lim; }],
      };
      for (const [k, [before, during, back]] of Object.entries(inside)) {
        for (const how of ['setAttribute', 'append']) {
          let e;
          before();
          try {
            if (how === 'append') document.createElement('div').append({ toString() { during(); return 'x'; } }, document);
            else document.createElement('div').setAttribute({ toString() { during(); return 'a b'; } }, 'x');
          } catch (x) { e = x; }
          let s;
          try { s = norm(e && e.stack); } finally { back(); }
          out.push(k + ' ' + how + ': ' + (e && e.name) + ' ' + s + ' / after ' + norm(e && e.stack));
        }
      }
      return out.join(' | ');`,
};

// The same two with the browser's own errors only (the page's own error thrown through the call, `own`, is the
// class docs/threat-model.md names: its text is cut, or left alone while a proxy stands in Error's chain).
for (const probe of ['protoproxythrow', 'chainproxy']) PROBES[`${probe}browser`] = PROBES[probe].replace(calls, `${calls}\n      delete calls.own;`);

export const DETECTION_PROBES = Object.keys(PROBES);

export const attack30Page = attackPages(30, picker, PROBES);
