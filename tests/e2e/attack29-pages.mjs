// Hostile pages for the twenty-ninth attack on the upload guard: the scrub of
// errors thrown through a wrapped function (natives.js `scrub`, `recapture`,
// `framesBelow`, `plainFormatting`, `frameLimit`, `browsersOwn`) seen from
// the page across realms: a same-origin frame's wrapped functions called from
// the top and the top's from inside the frame, Error.stackTraceLimit and
// formatters set in one realm and not the other, realms Silbato's copy does
// not run in (a frame's first document, a frame sandboxed without scripts,
// wrapped by the top's copy), the error's shape (type, header, `stack`
// descriptor, frozen or sealed before the stack is read) for every wrapped
// built-in the brief names, and wrapped calls from a MutationObserver
// callback. A page that can tell Silbato is there with no action of the
// person. Served by server.mjs at /attack29-…; tests: attack29.test.mjs.

import { normStack, probeScript } from './uploads.mjs';

const norm = normStack;

/** A getter counting the reads of `prepareStackTrace` on `o` (a formatter that is none: undefined). */
const countReads = `
      const reads = [];
      const watchPrepare = (o, label) => {
        Object.defineProperty(o, 'prepareStackTrace', { __proto__: null, get() { reads.push(label); return undefined; }, set(v) {}, configurable: true });
        return () => { delete o.prepareStackTrace; };
      };`;

/**
 * A formatter on Error of the top realm, recording what it is called with
 * (file names of the frames, the extension's reduced to its scheme).
 */
const recordFormatter = `
      const calls = [];
      const setFormatter = (E) => {
        E.prepareStackTrace = function (e, frames) {
          calls.push((Object.getPrototypeOf(e) === null ? 'no-prototype object' : 'error') + ' ' + frames.length + ' frames ' + frames.map((f) => String(f.getFileName()).replace(/^(\\w+-extension):.*/, '$1').replace(/^http.*/, 'page')).join(' '));
          return 'formatted';
        };
        return () => { delete E.prepareStackTrace; };
      };`;

/** A frame whose first document is used at once (no copy of Silbato's runs there: the top's wraps it). */
const firstDocument = `
      const f = document.createElement('iframe');
      f.srcdoc = '<p>later</p>';
      document.body.append(f);
      const fw = f.contentWindow;`;

/** A frame sandboxed without scripts (the top's copy wraps it when the frame's isolated world asks). */
const sandboxed = `
      const f = document.createElement('iframe');
      f.setAttribute('sandbox', 'allow-same-origin');
      f.srcdoc = '<p>sandboxed</p>';
      const loaded = new Promise((r) => f.addEventListener('load', r, { once: true }));
      document.body.append(f);
      await loaded;
      await new Promise((r) => setTimeout(r, 300));
      const fw = f.contentWindow;`;

/** A frame with its own copy of Silbato (about:blank, no address). */
const ownCopy = `
      const f = document.createElement('iframe');
      document.body.append(f);
      const fw = f.contentWindow;`;

/** The other realm's wrapped setAttribute throwing the browser's own error, caught in the top. */
const frameThrows = `
      const frameThrow = () => { try { fw.document.createElement('div').setAttribute('a b', 'x'); return 'returned'; } catch (e) { return e; } };`;

const PROBES = {
  // The top's Error.prepareStackTrace a counting getter; a frame's first document's wrapped setAttribute (wrapped
  // by the top's copy) throws the browser's error, its stack never read. Is the top's formatter looked up?
  firstdocreads: `${countReads}${firstDocument}${frameThrows}
      const undo = watchPrepare(Error, 'top Error');
      let e;
      try { e = frameThrow(); e = frameThrow(); } finally { undo(); }
      return (e && e.name) + ': ' + reads.join(',');`,
  // The same, with a formatter of the top's (a data property): what it is called with.
  firstdocformatter: `${recordFormatter}${firstDocument}${frameThrows}
      const undo = setFormatter(Error);
      let e;
      try { e = frameThrow(); calls.push('caught ' + e.name); } finally { undo(); }
      return calls.join(' | ');`,
  // The same in a frame sandboxed without scripts.
  sandboxreads: `${countReads}${sandboxed}${frameThrows}
      const undo = watchPrepare(Error, 'top Error');
      let e;
      try { e = frameThrow(); e = frameThrow(); } finally { undo(); }
      return (e && e.name) + ': ' + reads.join(',');`,
  sandboxformatter: `${recordFormatter}${sandboxed}${frameThrows}
      const undo = setFormatter(Error);
      let e;
      try { e = frameThrow(); calls.push('caught ' + e.name); } finally { undo(); }
      return calls.join(' | ');`,
  // The same with a frame of Silbato's own copy (about:blank): the probe is the frame's.
  owncopyreads: `${countReads}${ownCopy}${frameThrows}
      const undo = watchPrepare(Error, 'top Error');
      let e;
      try { e = frameThrow(); e = frameThrow(); } finally { undo(); }
      return (e && e.name) + ': ' + reads.join(',');`,
  // Across realms with a frame of its own copy: the top's wrapped call made from the frame's code, the frame's from
  // the top's, Error.stackTraceLimit different in each (frame 2, top 10; frame 10, top 1; frame 0), the stacks read
  // at once, and later with a formatter set in each realm only then.
  crossrealm: `${norm}${ownCopy}
      fw.eval('window.callTop = (d) => { try { d.setAttribute("a b", "x"); } catch (e) { return e; } }; window.callOwn = () => { try { document.createElement("div").setAttribute("a b", "x"); } catch (e) { return e; } }; window.viaTop = (f) => f();');
      const out = [];
      const topDiv = document.createElement('div');
      const callFrame = () => { try { fw.document.createElement('div').setAttribute('a b', 'x'); } catch (e) { return e; } };
      const callFrameOnTop = () => { try { fw.Element.prototype.setAttribute.call(topDiv, 'a b', 'x'); } catch (e) { return e; } };
      const callTopOnFrame = () => { try { Element.prototype.setAttribute.call(fw.document.createElement('div'), 'a b', 'x'); } catch (e) { return e; } };
      const ways = { callTop: () => fw.callTop(topDiv), callOwn: () => fw.callOwn(), callFrame, callFrameOnTop, callTopOnFrame, viaTop: () => fw.viaTop(callFrame) };
      const limits = [[10, 2], [1, 10], [10, 0], [0, 10], [undefined, 3]];
      for (const [top, frame] of limits) {
        for (const [k, w] of Object.entries(ways)) {
          const lt = Error.stackTraceLimit, lf = fw.Error.stackTraceLimit;
          let e;
          try { if (top === undefined) delete Error.stackTraceLimit; else Error.stackTraceLimit = top; fw.Error.stackTraceLimit = frame; e = w(); } finally { Error.stackTraceLimit = lt; fw.Error.stackTraceLimit = lf; }
          out.push(top + '/' + frame + ' ' + k + ': ' + (e instanceof DOMException ? 'top ' : e instanceof fw.DOMException ? 'frame ' : '?') + norm(e.stack));
          let e2;
          try { Error.stackTraceLimit = top === undefined ? 10 : top; fw.Error.stackTraceLimit = frame; e2 = w(); } finally { Error.stackTraceLimit = lt; fw.Error.stackTraceLimit = lf; }
          Error.prepareStackTrace = (x, fr) => 'top:' + fr.length + ':' + fr.map((f) => f.getFunctionName()).join(',');
          fw.Error.prepareStackTrace = (x, fr) => 'frame:' + fr.length + ':' + fr.map((f) => f.getFunctionName()).join(',');
          try { out.push('late ' + k + ': ' + norm(e2.stack)); } finally { delete Error.prepareStackTrace; delete fw.Error.prepareStackTrace; }
        }
      }
      return out.join(' || ');`,
  // Formatter set in one realm only while the other's wrapped call throws (read later, and at once).
  crossformatter: `${norm}${ownCopy}${recordFormatter}
      fw.eval('window.callTop = (d) => { try { d.setAttribute("a b", "x"); } catch (e) { return e; } };');
      const topDiv = document.createElement('div');
      const out = [];
      let undo = setFormatter(fw.Error);
      try {
        const e = (() => { try { fw.document.createElement('div').setAttribute('a b', 'x'); } catch (x) { return x; } })();
        calls.push('frame error read ' + norm(e.stack));
        const e2 = fw.callTop(topDiv);
        calls.push('top error from frame read ' + norm(e2.stack));
      } finally { undo(); }
      undo = setFormatter(Error);
      try {
        const e = (() => { try { fw.document.createElement('div').setAttribute('a b', 'x'); } catch (x) { return x; } })();
        calls.push('frame error, top formatter, read ' + norm(e.stack));
        const e2 = fw.callTop(topDiv);
        calls.push('top error from frame read ' + norm(e2.stack));
      } finally { undo(); }
      return calls.join(' | ');`,
  // Every wrapped built-in the brief names made to throw: the error's realm, type, name, message, own keys, the
  // `stack` descriptor's shape, the stack (frozen, sealed, or as is, before it is read; set after).
  shapes: `${norm}
      const out = [];
      const div = () => document.createElement('div');
      const xml = document.implementation.createDocument(null, 'x');
      const f = document.createElement('iframe');
      document.body.append(f);
      const input = document.createElement('input');
      input.type = 'file';
      const calls = {
        setAttribute: () => div().setAttribute('a b', 'x'),
        append: () => div().append(document),
        appendChild: () => div().appendChild('x'),
        insertBefore: () => div().insertBefore(div(), div()),
        innerHTML: () => { document.createElement('template').innerHTML = 1; Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML').set.call(document, 'x'); },
        innerHTMLillegal: () => Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML').set.call({}, 'x'),
        insertAdjacentHTML: () => div().insertAdjacentHTML('nowhere', 'x'),
        insertAdjacentHTMLnoparent: () => div().insertAdjacentHTML('beforebegin', 'x'),
        dispatchEvent: () => div().dispatchEvent(null),
        dispatchEventtwice: () => { const ev = new Event('x'); div().addEventListener('x', () => div().dispatchEvent(ev)); const d = div(); d.addEventListener('x', () => d.dispatchEvent(ev)); d.dispatchEvent(ev); },
        addEventListener: () => div().addEventListener('x'),
        click: () => HTMLElement.prototype.click.call({}),
        showPicker: () => input.showPicker(),
        showPickerillegal: () => HTMLInputElement.prototype.showPicker.call(div()),
        write: () => Document.prototype.write.call(div(), 'x'),
        open: () => xml.open(),
        attachShadow: () => { const d = div(); d.attachShadow({ mode: 'open' }); d.attachShadow({ mode: 'open' }); },
        attachShadowbad: () => document.createElement('input').attachShadow({ mode: 'open' }),
        define: () => customElements.define('nodash', class extends HTMLElement {}),
        contentWindow: () => Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow').get.call(div()),
        fetch: () => fetch.call({}, '/'),
        xhropen: () => new XMLHttpRequest().open('bad method', '/'),
        xhrsend: () => new XMLHttpRequest().send(),
        sendBeacon: () => navigator.sendBeacon('http://[bad'),
        sendBeaconillegal: () => Navigator.prototype.sendBeacon.call({}, '/'),
        websocket: () => { const ws = new WebSocket('ws://127.0.0.1:1/'); try { ws.send('x'); } finally { ws.close(); } },
      };
      const shape = (e) => {
        if (!(e instanceof Object)) return typeof e + ' ' + String(e);
        const d = Object.getOwnPropertyDescriptor(e, 'stack');
        return [e instanceof DOMException ? 'DOMException' : e instanceof TypeError ? 'TypeError' : e instanceof SyntaxError ? 'SyntaxError' : e instanceof Error ? 'Error' : 'other', e.name, e.message, Reflect.ownKeys(e).map(String).join(','),
          d ? Object.keys(d).join(',') + ' ' + (d.get && d.get.name) + ' ' + d.enumerable + d.configurable : 'no own stack', Error.isError ? Error.isError(e) : ''].join(' ; ');
      };
      for (const [k, c] of Object.entries(calls)) {
        let e = null, e2 = null, e3 = null;
        try { c(); } catch (x) { e = x; }
        try { c(); } catch (x) { e2 = x; }
        try { c(); } catch (x) { e3 = x; }
        if (e === null) { out.push(k + ': returned'); continue; }
        out.push(k + ': ' + shape(e) + ' ; ' + norm(e.stack));
        try { Object.freeze(e2); out.push(k + ' frozen: ' + norm(e2.stack) + ' ; ' + Object.isFrozen(e2)); } catch (x) { out.push(k + ' frozen threw ' + x); }
        try { Object.seal(e3); e3.stack = 'set'; out.push(k + ' sealed: ' + norm(e3.stack) + ' ; ' + JSON.stringify(Object.getOwnPropertyDescriptor(e3, 'stack'))); } catch (x) { out.push(k + ' sealed threw ' + x); }
      }
      return out.join(' || ');`,
  // The top's formatter throws while a first document's (or a sandboxed frame's) wrapped setAttribute throws the
  // browser's error; the error's stack read after, with no formatter anywhere.
  firstdocthrow: `${norm}${firstDocument}${frameThrows}
      Error.prepareStackTrace = () => { throw new Error('no'); };
      let e;
      try { e = frameThrow(); } finally { delete Error.prepareStackTrace; }
      return e.name + ': ' + norm(e.stack);`,
  sandboxthrow: `${norm}${sandboxed}${frameThrows}
      Error.prepareStackTrace = () => { throw new Error('no'); };
      let e;
      try { e = frameThrow(); } finally { delete Error.prepareStackTrace; }
      return e.name + ': ' + norm(e.stack);`,
  // document.write and writeln where the browser refuses them (an XML document; a custom element's constructor,
  // where dynamic markup insertion throws): the message and the stack.
  writerefused: `${norm}
      const out = [];
      const xml = document.implementation.createDocument(null, 'x');
      for (const name of ['write', 'writeln']) {
        try { xml[name]('x'); out.push(name + ': returned'); } catch (e) { out.push(name + ' xml: ' + e.name + ' ' + norm(e.stack)); }
      }
      const html = document.implementation.createHTMLDocument('');
      class WritesInside extends HTMLElement {
        constructor() {
          super();
          try { document.write('x'); out.push('ctor write: returned'); } catch (e) { out.push('ctor write: ' + e.name + ' ' + e.message); }
        }
      }
      customElements.define('writes-inside', WritesInside);
      document.body.insertAdjacentHTML('beforeend', '<writes-inside></writes-inside>');
      try { html.write.call(document.createElement('div'), 'x'); } catch (e) { out.push('illegal: ' + e.name + ' ' + e.message); }
      return out.join(' || ');`,
  // Markup refused by an XML document (innerHTML, outerHTML, insertAdjacentHTML, createContextualFragment): the
  // browser's error's frames.
  xmlmarkup: `${norm}
      const out = [];
      const xml = document.implementation.createDocument('http://www.w3.org/1999/xhtml', 'html');
      const el = xml.documentElement.appendChild(xml.createElementNS('http://www.w3.org/1999/xhtml', 'div'));
      const ways = {
        innerHTML: function inner() { el.innerHTML = '<a'; },
        outerHTML: function outer() { el.outerHTML = '<a'; },
        insertAdjacentHTML: function adjacent() { el.insertAdjacentHTML('beforeend', '<a'); },
        createContextualFragment: function fragment() { const r = xml.createRange(); r.selectNodeContents(el); r.createContextualFragment('<a'); },
        setHTMLUnsafe: function unsafe() { el.setHTMLUnsafe('<a'); },
        htmlOuterNoParent: function htmlOuter() { document.createElement('div').outerHTML = 'x'; },
        htmlOuterFragment: function htmlOuterFragment() { document.createDocumentFragment().appendChild(document.createElement('div')).outerHTML = 'x'; },
        textContentLater: function noThrow() { Object.getOwnPropertyDescriptor(Node.prototype, 'textContent').set.call(1, 'x'); },
      };
      for (const [k, w] of Object.entries(ways)) {
        try { w(); out.push(k + ': returned'); } catch (e) { out.push(k + ': ' + e.name + ' ' + norm(e.stack)); }
      }
      return out.join(' || ');`,
  // Wrapped calls that throw from a MutationObserver callback (the browser calls the page: a microtask), and from
  // a promise reaction and queueMicrotask; read at once and with a formatter set later.
  observer: `${norm}
      const out = [];
      const late = (e) => { Error.prepareStackTrace = (x, fr) => 'late:' + fr.length + ':' + fr.map((f) => f.getFunctionName()).join(','); try { return String(e.stack); } finally { delete Error.prepareStackTrace; } };
      const target = document.createElement('div');
      const done = new Promise((r) => {
        new MutationObserver(function observed() {
          let e, e2;
          try { document.createElement('div').setAttribute('a b', 'x'); } catch (x) { e = x; }
          try { document.createElement('div').append(document); } catch (x) { e2 = x; }
          out.push('observer: ' + norm(e.stack) + ' / ' + late(e2));
          r();
        }).observe(target, { attributes: true });
      });
      target.setAttribute('x', '1');
      await done;
      await new Promise((r) => queueMicrotask(function micro() {
        let e, e2;
        try { document.createElement('div').setAttribute('a b', 'x'); } catch (x) { e = x; }
        try { document.createElement('div').append(document); } catch (x) { e2 = x; }
        out.push('microtask: ' + norm(e.stack) + ' / ' + late(e2));
        r();
      }));
      // A MutationObserver's callback that is the wrapper itself (nothing of the page's below it): reported.
      const errs = [];
      const on = (ev) => { errs.push(ev.error); ev.preventDefault(); };
      window.addEventListener('error', on);
      const t2 = document.createElement('div');
      new MutationObserver(Element.prototype.setAttribute).observe(t2, { attributes: true });
      t2.setAttribute('y', '1');
      await new Promise((r) => setTimeout(r, 50));
      window.removeEventListener('error', on);
      out.push('observer wrapper: ' + errs.length + ' ' + (errs[0] && norm(errs[0].stack)));
      return out.join(' || ');`,
};

export const DETECTION_PROBES = Object.keys(PROBES);

export function attack29Page(path, query) {
  if (path === '/attack29-detect') {
    const p = PROBES[query.get('probe')];
    return `<p id="status"></p>${probeScript(p ?? 'return null;')}`;
  }
  return undefined;
}
