// Hostile pages for the seventh attack on the upload guard (issue 15), aimed
// broadly: a frame's or popup's new window reached before Silbato's scripts
// run in it (listeners put ahead of the guard's, a native showPicker
// taken); the private channel's handshake overheard or asked for, and the
// typed-text watch's group reached through it to keep a realm unwrapped;
// realms made from javascript: addresses and XSLT; names, dates and folder
// paths of what arrives; a form submitted natively while its file is
// checked; drops of folders read through the entries API; and the shape of
// wrapped built-ins compared with a browser without Silbato. Served by
// server.mjs at /attack7-…; every page uploads whatever file reaches it to
// /upload, so the tests judge the bytes the server received. Tests:
// attack7.test.mjs.

import { grabScript, js, openGrabbedScript, sendScript as send } from './uploads.mjs';

/**
 * Detection without any user action, through the private channel's
 * handshake (page-channel.js): the isolated world listens on `document`
 * for 'silbato-channel-ask' until its page world joins, or until
 * DOMContentLoaded. In a frame sandboxed without scripts but with
 * allow-same-origin, no page-world script runs (so it never joins), and
 * the parent can reach the frame's document. The parent listens there for
 * the offer and asks: if Silbato answers, the page has the channel's secret
 * and node (and knows Silbato is there).
 * - `via=blank`: a sandboxed frame with no address (its only document);
 * - `via=big`: a sandboxed frame loading a large document (/attack7-big),
 *   asked while it is still being parsed;
 * - `via=self`: the page asks in its own document (the control: its page
 *   world joined at once);
 * - `via=early`: no sandbox: an ordinary frame of the page's origin
 *   loading /attack7-big, whose new document the parent listens on the
 *   moment it sees it (polled on every turn of a MessageChannel), before
 *   Silbato's scripts run there: the page overhears the whole handshake
 *   (the ask, the offer's secret, the node).
 */
function channelAsk(query) {
  const via = ['blank', 'big', 'self', 'early'].includes(query.get('via')) ? query.get('via') : 'blank';
  return `<p id="status"></p><script>
  const result = { via: ${js(via)}, asked: 0, offers: [], nodes: [], states: [] };
  function ask(doc) {
    result.asked++;
    result.states.push(doc.readyState + ' ' + doc.URL.slice(0, 40));
    doc.addEventListener('silbato-channel-offer', (e) => result.offers.push(typeof e.detail === 'string' ? e.detail.length : String(e.detail)), true);
    doc.addEventListener('silbato-channel-node', (e) => result.nodes.push(e.relatedTarget ? e.relatedTarget.localName : null), true);
    doc.dispatchEvent(new Event('silbato-channel-ask'));
  }
  const done = () => {
    window.result = result;
    document.getElementById('status').textContent = JSON.stringify(result);
  };
  if (result.via === 'early') {
    // Frames of the page's own origin, not sandboxed: each new document is
    // listened on the moment the parent sees it (polled on every turn of a
    // MessageChannel), perhaps before Silbato's scripts run there; the
    // handshake's own events are then heard. Tried with up to 20 frames,
    // one at a time.
    result.heard = [];
    const tick = new MessageChannel();
    let f = null, listened = null, tries = 0, until = 0;
    const next = () => {
      if (f) f.remove();
      if (result.heard.length || tries >= 20) return done();
      tries++;
      f = document.createElement('iframe');
      f.src = '/attack7-big?' + tries;
      document.body.append(f);
      until = Date.now() + 10000;
      tick.port2.postMessage(0);
    };
    tick.port1.onmessage = () => {
      const d = f.contentDocument;
      if (d && d !== listened && d.URL.includes('/attack7-big')) {
        listened = d;
        result.states.push(d.readyState + ' root ' + !!d.documentElement);
        for (const type of ['silbato-channel-ask', 'silbato-channel-offer', 'silbato-channel-node']) {
          d.addEventListener(type, (e) => result.heard.push(type + (typeof e.detail === 'string' ? ' ' + e.detail.length : '') + (e.relatedTarget ? ' ' + e.relatedTarget.localName : '')), true);
        }
      }
      if ((d && d.URL.includes('/attack7-big') && (d.documentElement || d.readyState !== 'loading')) || Date.now() > until) return setTimeout(next, 50);
      tick.port2.postMessage(0);
    };
    next();
  } else if (result.via === 'self') {
    ask(document);
    done();
  } else {
    const f = document.createElement('iframe');
    f.setAttribute('sandbox', 'allow-same-origin');
    if (result.via === 'big') f.src = '/attack7-big';
    document.body.append(f);
    if (result.via === 'blank') {
      ask(f.contentDocument);
      setTimeout(() => { ask(f.contentDocument); done(); }, 300);
    } else {
      // Poll until the big document has committed, and ask while it is parsed.
      const until = Date.now() + 10000;
      const poll = () => {
        const d = f.contentDocument;
        if (d && d.URL.endsWith('/attack7-big') && d.readyState === 'loading') {
          // Asked on every turn while it is parsed (its isolated world may not have run yet when first seen).
          ask(d);
          if (result.offers.length) return setTimeout(done, 300);
        }
        if (d && d.URL.endsWith('/attack7-big') && d.readyState !== 'loading') return done();
        if (Date.now() > until) return done();
        setTimeout(poll, 0);
      };
      poll();
    }
  }
</script>`;
}

/** A large document, parsed over many tasks (for channelAsk's `big`). */
const big = `<p>big</p>${'<div>filler filler filler filler filler filler filler filler</div>\n'.repeat(120000)}`;

/**
 * The shape of built-ins Silbato wraps (or might), as a page reads it
 * without any user action. The test compares it with a browser without
 * Silbato: any difference tells a page Silbato is there.
 */
const probe = `<p id="status"></p><script>
  const r = {};
  const fns = {
    click: HTMLElement.prototype.click,
    dispatchEvent: EventTarget.prototype.dispatchEvent,
    addEventListener: EventTarget.prototype.addEventListener,
    showPicker: HTMLInputElement.prototype.showPicker,
    open: Document.prototype.open,
    write: Document.prototype.write,
    attachShadow: Element.prototype.attachShadow,
    appendChild: Node.prototype.appendChild,
    insertBefore: Node.prototype.insertBefore,
    append: Element.prototype.append,
    setAttribute: Element.prototype.setAttribute,
    fetch: window.fetch,
    xhrOpen: XMLHttpRequest.prototype.open,
    xhrSend: XMLHttpRequest.prototype.send,
    sendBeacon: Navigator.prototype.sendBeacon,
    observe: MutationObserver.prototype.observe,
    toString: Function.prototype.toString,
    innerHTML: Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML').set,
    contentWindow: Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow').get,
    windowOpen: window.open,
    insertAdjacentHTML: Element.prototype.insertAdjacentHTML,
    requestSubmit: HTMLFormElement.prototype.requestSubmit,
  };
  const attempt = (f) => { try { const v = f(); return typeof v === 'function' ? 'fn' : typeof v === 'object' && v !== null ? 'obj' : String(v); } catch (e) { return e.name + ': ' + e.message; } };
  for (const [k, f] of Object.entries(fns)) {
    r[k] = {
      str: Function.prototype.toString.call(f),
      name: f.name, length: f.length,
      keys: Reflect.ownKeys(f).map(String).join(','),
      proto: Object.getPrototypeOf(f) === Function.prototype,
      caller: attempt(() => f.caller),
      args: attempt(() => f.arguments),
      construct: attempt(() => Reflect.construct(f, [])),
      newTarget: attempt(() => Reflect.construct(function () {}, [], f)),
      badThis: attempt(() => Reflect.apply(f, {}, [])),
      badThisNull: attempt(() => Reflect.apply(f, null, [])),
      noArgs: k === 'fetch' || k === 'windowOpen' || k === 'toString' || k === 'contentWindow' ? '' : attempt(() => Reflect.apply(f, k === 'sendBeacon' ? navigator : k === 'observe' ? new MutationObserver(() => {}) : k.startsWith('xhr') ? new XMLHttpRequest() : k === 'requestSubmit' ? document.createElement('form') : k === 'open' || k === 'write' ? document.implementation.createHTMLDocument('') : document.createElement('div'), [])),
      extendsIt: attempt(() => { class X extends f {} return X; }),
      callSite: attempt(() => new f()),
      bound: Function.prototype.toString.call(f.bind(null)),
      proxied: attempt(() => Function.prototype.toString.call(new Proxy(f, {}))),
    };
  }
  // Argument conversion: how many times a page's toString or getter is read.
  const counted = () => { let n = 0; return { o: { toString() { n++; return 'x'; } }, n: () => n }; };
  { const c = counted(); try { document.createElement('div').setAttribute(c.o, 'y'); } catch {} r.setAttributeReads = c.n(); }
  { const c = counted(); try { document.createElement('div').insertAdjacentHTML(c.o, '<b></b>'); } catch (e) { r.adjacentErr = e.name; } r.adjacentReads = c.n(); }
  { const c = counted(); try { document.createElement('div').innerHTML = c.o; } catch {} r.innerReads = c.n(); }
  { let n = 0; const init = { get body() { n++; return 'b'; }, method: 'POST' }; fetch('/px/a.gif', init).catch(() => {}); r.fetchBodyReads = n; }
  { let n = 0; const opts = { get capture() { n++; return false; } }; document.addEventListener('x', () => {}, opts); r.listenerReads = n; }
  { let n = 0; const opts = { get childList() { n++; return true; } }; new MutationObserver(() => {}).observe(document.createElement('div'), opts); r.observeReads = n; }
  { let n = 0; const init = { get mode() { n++; return 'open'; } }; document.createElement('div').attachShadow(init); r.shadowReads = n; }
  // Getters on Object.prototype read by anything Silbato does when the page acts.
  const seen = [];
  for (const key of ['bubbles', 'cancelable', 'composed', 'detail', 'relatedTarget', 'view', 'clientX', 'signal', 'once', 'passive']) {
    Object.defineProperty(Object.prototype, key, { configurable: true, get() { seen.push(key); return undefined; } });
  }
  try {
    document.createElement('div').attachShadow({ mode: 'closed' });
    document.open(); document.close();
  } catch {}
  try {
    const f = document.createElement('iframe'); document.body.append(f); f.contentWindow; f.remove();
    const i = document.createElement('input'); i.type = 'file'; i.click(); i.showPicker && (() => { try { i.showPicker(); } catch {} })();
  } catch {}
  for (const key of ['bubbles', 'cancelable', 'composed', 'detail', 'relatedTarget', 'view', 'clientX', 'signal', 'once', 'passive']) delete Object.prototype[key];
  r.protoGetters = seen.join(',');
  r.fsPickers = 'showOpenFilePicker' in window;
  r.stackLimit = (() => { const was = Error.stackTraceLimit; Error.stackTraceLimit = 3; try { document.createElement('div').appendChild(null); } catch (e) { Error.stackTraceLimit = was; return e.stack.split('\\n').length; } Error.stackTraceLimit = was; return 'no error'; })();
  window.result = r;
  document.getElementById('status').textContent = 'done';
</script>`;

/**
 * A realm made from a javascript: address: the frame's document is
 * replaced by the string the address evaluates to (a new document, in the
 * page's origin). Does Silbato's guard run there? The person clicks the
 * input #f in that frame and picks the sample; the parent listens for its
 * change and sends what it holds.
 * - `via=attr`: `<iframe src="javascript:…">` in the page's markup;
 * - `via=set`: a frame appended with no address, then `src = 'javascript:…'`;
 * - `via=location`: a frame appended, then its `contentWindow.location = 'javascript:…'`.
 */
function jsUrl(query) {
  const via = ['attr', 'set', 'location'].includes(query.get('via')) ? query.get('via') : 'attr';
  const inner = `<!doctype html><body style="margin:0"><input type="file" id="f" style="width:300px;height:60px"></body>`;
  const address = `javascript:${encodeURIComponent(JSON.stringify(inner))}`;
  return `<p id="status"></p>
  ${via === 'attr' ? `<iframe id="fr" style="width:400px;height:120px" src="${address.replace(/"/g, '&quot;')}"></iframe>` : ''}
  <script>${send}
  const via = ${js(via)};
  const ADDRESS = ${js(address)};
  let f = document.getElementById('fr');
  if (!f) {
    f = document.createElement('iframe');
    f.id = 'fr';
    f.style.cssText = 'width:400px;height:120px';
    document.body.append(f);
    if (via === 'set') f.src = ADDRESS;
    else f.contentWindow.location = ADDRESS;
  }
  const wire = () => {
    const d = f.contentDocument;
    const input = d && d.getElementById('f');
    if (!input || input.wired) return false;
    input.wired = true;
    input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
    d.defaultView.addEventListener('change', (e) => { const t = e.target; if (t !== input && t.files && t.files.length) send([...t.files], 'window change'); }, true);
    return true;
  };
  const until = Date.now() + 5000;
  (function poll() { if (wire()) { window.ready = true; return; } if (Date.now() < until) setTimeout(poll, 20); else document.getElementById('status').textContent = 'no input'; })();
</script>`;
}

/**
 * XSLT: a same-origin blob: XML document with an xml-stylesheet that
 * turns it into an HTML page holding a file input and a script that sends
 * what it gets. The transformed document replaces the one Chromium ran
 * Silbato's scripts in: are they run again? The person clicks #f.
 */
const xslt = `<p id="status"></p><script>${send}
  window.send = send;
  const XSL = '<?xml version="1.0"?><xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
    + '<xsl:output method="html"/><xsl:template match="/"><html><body style="margin:0"><input type="file" id="f" style="margin-top:200px;width:300px;height:60px"/>'
    + '<script>document.getElementById("f").addEventListener("change", (e) => { if (e.target.files.length) parent.send([...e.target.files], "xslt change"); });</' + 'script>'
    + '</body></html></xsl:template></xsl:stylesheet>';
  const xslUrl = URL.createObjectURL(new Blob([XSL], { type: 'application/xslt+xml' }));
  const XML = '<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="' + xslUrl + '"?><root/>';
  const f = document.createElement('iframe');
  f.id = 'fr';
  f.style.cssText = 'width:500px;height:320px';
  f.src = URL.createObjectURL(new Blob([XML], { type: 'application/xml' }));
  document.body.append(f);
  const until = Date.now() + 8000;
  (function poll() {
    let input = null;
    try { input = f.contentDocument && f.contentDocument.getElementById('f'); } catch {}
    if (input) { window.ready = true; document.getElementById('status').textContent = 'xslt ' + (typeof XSLTProcessor); return; }
    if (Date.now() < until) setTimeout(poll, 50); else { window.ready = true; document.getElementById('status').textContent = 'no xslt input (' + typeof XSLTProcessor + ')'; }
  })();
</script>`;

/**
 * What arrives of a file's name and date: a plain input (#f, multiple) and
 * a folder input (#dir, webkitdirectory); the page sends the files and
 * keeps their names, lastModified and webkitRelativePath (the server's
 * multipart carries the name only).
 */
const named = `<input type="file" id="f" multiple><input type="file" id="dir" webkitdirectory><p id="status"></p><script>${send}
  window.got = [];
  document.addEventListener('change', (e) => {
    const files = [...e.target.files];
    for (const x of files) window.got.push({ name: x.name, lastModified: x.lastModified, type: x.type, relative: x.webkitRelativePath });
    send(files, 'change');
  });
</script>`;

/**
 * A drop zone that reads everything the drop's entries reach: for each
 * item, `webkitGetAsEntry()` (a folder is walked with its readers),
 * `getAsFile()`, and `getAsFileSystemHandle()`; then `files`. All of it is
 * sent. The person drops a folder holding the sample (or the sample itself).
 */
const dropEntries = `<div id="zone" style="width:400px;height:300px;border:3px dashed #888">Drop here</div><p id="status"></p><script>${send}
  window.got = [];
  const zone = document.getElementById('zone');
  zone.addEventListener('dragover', (e) => e.preventDefault());
  const walk = (entry) => new Promise((resolve) => {
    if (!entry) return resolve([]);
    if (entry.isFile) return entry.file((f) => resolve([f]), () => resolve([]));
    const reader = entry.createReader();
    const out = [];
    const more = () => reader.readEntries(async (list) => {
      if (!list.length) return resolve(out);
      for (const e of list) out.push(...(await walk(e)));
      more();
    }, () => resolve(out));
    more();
  });
  zone.addEventListener('drop', async (e) => {
    e.preventDefault();
    const dt = e.dataTransfer;
    const items = [...dt.items];
    const entries = items.map((i) => { try { return i.webkitGetAsEntry(); } catch { return null; } });
    const asFiles = items.map((i) => { try { return i.getAsFile(); } catch { return null; } });
    const handles = items.map((i) => { try { return i.getAsFileSystemHandle ? i.getAsFileSystemHandle() : null; } catch { return null; } });
    const files = [...dt.files];
    window.got.push({ trusted: e.isTrusted, items: items.map((i) => i.kind + ' ' + i.type), entries: entries.map((x) => x ? (x.isDirectory ? 'dir ' : 'file ') + x.name : null), files: files.map((f) => f.name + ' ' + f.size) });
    const found = [];
    for (const entry of entries) found.push(...(await walk(entry)));
    for (const h of handles) {
      try {
        const handle = await h;
        if (handle && handle.kind === 'file') found.push(await handle.getFile());
        if (handle && handle.kind === 'directory') for await (const v of handle.values()) if (v.kind === 'file') found.push(await v.getFile());
      } catch {}
    }
    for (const f of asFiles) if (f && f.size) found.push(f);
    for (const f of files) if (f.size) found.push(f);
    window.got.push({ found: found.map((f) => f.name + ' ' + f.size) });
    if (found.length) send(found, 'drop');
  }, true);
</script>`;

/**
 * From the handshake to the original. The page takes the channel of a
 * sandboxed frame's isolated world as channelAsk's `big` does, asks it for
 * the typed-text watch's group ('group?': it answers with the group's node,
 * shared by the tab's same-origin realms), and reads the group object the
 * top page world keeps on that node (`silbatoTypedGroup`, a page-world
 * object: the page can change it). The page world's `claim(doc)` (which
 * realms.js asks before wrapping a frame's first document) reads
 * `group.docs`: the page puts a getter there that takes the newest frame's
 * first document (its native showPicker, `grab`) and adds that document to
 * the set, so that it counts as watched already and is never wrapped. On
 * the person's click, a never-attached input is opened with that native
 * showPicker (openGrabbedScript).
 * - `via=group`: as above;
 * - `via=groupearly`: the channel of an ordinary (not sandboxed) frame of
 *   the page's origin, overheard: channelAsk's `early`;
 * - `via=control`: no channel taken: a frame appended as the getter would
 *   have seen it (the harness's control).
 */
function group(query) {
  const via = ['group', 'groupearly', 'control'].includes(query.get('via')) ? query.get('via') : 'group';
  return `<button id="open">attach a photo</button><p id="status"></p><script>${send}
  ${grabScript}
  const via = ${js(via)};
  window.steps = [];
  const say = (s) => { window.steps.push(s); document.getElementById('status').textContent = window.steps.join('; '); };
  // A sandboxed frame's channel, asked for while its document is parsed.
  function takeSandboxed() {
    return new Promise((resolve, reject) => {
      const f = document.createElement('iframe');
      f.setAttribute('sandbox', 'allow-same-origin');
      f.src = '/attack7-big';
      f.style.cssText = 'width:10px;height:10px;border:0';
      document.body.append(f);
      const until = Date.now() + 10000;
      const poll = () => {
        const d = f.contentDocument;
        // Asked again on every turn while the document is parsed (its
        // isolated world may not have run yet when it is first seen).
        if (d && d.URL.endsWith('/attack7-big') && d.readyState === 'loading') {
          let secret = null, node = null;
          const a = (e) => { secret = e.detail; };
          const b = (e) => { node = e.relatedTarget; };
          d.addEventListener('silbato-channel-offer', a, true);
          d.addEventListener('silbato-channel-node', b, true);
          d.dispatchEvent(new Event('silbato-channel-ask'));
          d.removeEventListener('silbato-channel-offer', a, true);
          d.removeEventListener('silbato-channel-node', b, true);
          if (secret && node) return resolve({ secret, node });
        }
        if (d && d.URL.endsWith('/attack7-big') && d.readyState !== 'loading') return reject(new Error('no offer while parsed'));
        if (Date.now() > until) return reject(new Error('never parsed'));
        setTimeout(poll, 0);
      };
      poll();
    });
  }
  // An ordinary frame's channel: its new document listened on before
  // Silbato's scripts run there, and the handshake overheard.
  function takeEarly() {
    return new Promise((resolve, reject) => {
      const tick = new MessageChannel();
      let f = null, listened = null, tries = 0, until = 0, secret = null, node = null;
      const next = () => {
        if (secret && node) return resolve({ secret, node });
        if (f) f.remove();
        if (tries >= 20) return reject(new Error('never early'));
        tries++;
        f = document.createElement('iframe');
        f.src = '/attack7-big?' + tries;
        f.style.cssText = 'width:10px;height:10px;border:0';
        document.body.append(f);
        until = Date.now() + 10000;
        tick.port2.postMessage(0);
      };
      tick.port1.onmessage = () => {
        const d = f.contentDocument;
        if (d && d !== listened && d.URL.includes('/attack7-big')) {
          listened = d;
          d.addEventListener('silbato-channel-offer', (e) => { secret = e.detail; }, true);
          d.addEventListener('silbato-channel-node', (e) => { node = e.relatedTarget; }, true);
        }
        if ((d && d.URL.includes('/attack7-big') && (d.documentElement || d.readyState !== 'loading')) || Date.now() > until) return setTimeout(next, 50);
        tick.port2.postMessage(0);
      };
      next();
    });
  }
  (async () => {
    try {
      if (via !== 'control') {
        const { secret, node } = await (via === 'group' ? takeSandboxed() : takeEarly());
        say('channel taken');
        let groupNode = null;
        node.addEventListener(secret + ':group', (e) => { groupNode = e.relatedTarget; });
        node.dispatchEvent(new CustomEvent(secret + ':group?', { detail: '', cancelable: true }));
        if (!groupNode) throw new Error('no group node');
        const g = groupNode.silbatoTypedGroup;
        if (!g || !g.docs) throw new Error('no group');
        say('group of ' + g.n);
        const docs = g.docs;
        const add = WeakSet.prototype.add;
        Object.defineProperty(g, 'docs', {
          configurable: true,
          get() {
            const w = last();
            try {
              if (w && w.location.href === 'about:blank' && !window.grabbed) {
                grab(w);
                add.call(docs, w.document);
              }
            } catch {}
            return docs;
          },
        });
      }
      document.body.append(frame());
      say('frame appended');
      // Taken by the getter and still the same function after the append:
      // the realm was never wrapped (in the control it is taken only now).
      window.neverWrapped = !!window.grabbed && window.grabbed.HTMLInputElement.prototype.showPicker === window.grabbedPicker;
      if (!window.grabbed) grab(last());
      say('taken before the append returned ' + window.neverWrapped);
    } catch (e) {
      window.connectError = String(e);
      say('error ' + e);
    }
    window.ready = true;
  })();
  ${openGrabbedScript}
</script>`;
}

/** A frame's document with a file input and a drop zone, and some filler (for `early`). */
const inner = `<input type="file" id="f" style="display:block;width:300px;height:80px"><div id="zone" style="width:400px;height:150px;border:3px dashed #888">Drop here</div>${'<div>filler</div>\n'.repeat(2000)}`;

/**
 * Listeners before Silbato's: an ordinary frame of the page's own origin;
 * the parent polls `window[0].document` (the window's own getter, not a
 * frame element's wrapped contentDocument) on every turn of a
 * MessageChannel and, once it sees the frame's new document before it has
 * a root element (before Silbato's scripts ran there), adds its own
 * capture listeners to the frame's window: they come before the guard's,
 * which Silbato adds at document_start. Tried with up to 20 documents.
 * - `next` (the attack): the frame first loads /attack7-inner?0, then is
 *   sent to /attack7-inner?1 (…?2, …), which gets a new window of its own;
 * - `first` (the control): the frame's first address is watched for; its
 *   window is the one of its first, empty document, which Silbato's guard
 *   already listens in (realms.js: the parent wrapped it when it was
 *   connected), so the guard's listeners come first there.
 * Then, `via`:
 * - `drop`: the person drops the sample onto the frame: the parent's drop
 *   listener (dragover cancelled) sends dataTransfer.files and stops the
 *   event;
 * - `click`: the person clicks the input #f in the frame: the parent's
 *   click listener stops the event there (the guard never hears of it, and
 *   the browser opens its own picker); its change listener sends the
 *   input's files and stops the event;
 * - `picker`: nothing is listened for; the parent takes the new realm's
 *   HTMLInputElement.prototype.showPicker as it sees the document, before
 *   Silbato's page-world script wraps it there, and on the person's click
 *   of #open (in the parent) opens a never-attached input with it
 *   (openGrabbedScript).
 */
function early(query) {
  const via = ['drop', 'click', 'picker'].includes(query.get('via')) ? query.get('via') : 'drop';
  const how = ['next', 'first'].includes(query.get('how')) ? query.get('how') : 'next';
  return `<button id="open">attach a photo</button><p id="status"></p><script>${send}
  const via = ${js(via)};
  const how = ${js(how)};
  window.tries = 0;
  const say = (s) => { document.getElementById('status').textContent = s; };
  const tick = new MessageChannel();
  let f = null, seen = null, until = 0;
  function wire(w) {
    if (via === 'picker') {
      // The new realm's own showPicker, taken before Silbato's page-world
      // script wraps it there.
      window.grabbed = w;
      window.grabbedPicker = w.HTMLInputElement.prototype.showPicker;
      return;
    }
    w.addEventListener('dragover', (e) => e.preventDefault(), true);
    w.addEventListener('drop', (e) => {
      e.preventDefault();
      e.stopImmediatePropagation();
      const files = [...e.dataTransfer.files];
      if (files.length) send(files, 'drop');
    }, true);
    w.addEventListener('click', (e) => {
      const t = e.target;
      if (t && t.localName === 'input' && t.type === 'file') e.stopImmediatePropagation();
    }, true);
    for (const type of ['input', 'change']) {
      w.addEventListener(type, (e) => {
        const t = e.target;
        if (!t || !t.files || !t.files.length) return;
        e.stopImmediatePropagation();
        if (type === 'change') send([...t.files], 'change');
      }, true);
    }
  }
  const address = () => '/attack7-inner?' + window.tries;
  const next = () => {
    if (window.early) { window.ready = true; return say('listening first (' + window.tries + ' documents)'); }
    if (window.tries >= 20) { window.ready = true; return say('never early'); }
    window.tries++;
    if (how === 'first') {
      if (f) f.remove();
      f = document.createElement('iframe');
      f.id = 'fr';
      f.style.cssText = 'width:500px;height:300px';
      f.src = address();
      document.body.append(f);
    } else {
      f.src = address();
    }
    until = Date.now() + 10000;
    tick.port2.postMessage(0);
  };
  tick.port1.onmessage = () => {
    const w = window[0];
    let d = null;
    try { d = w && w.document; } catch {}
    const ours = d && d.URL.endsWith(address());
    if (ours && d !== seen) {
      seen = d;
      if (!d.documentElement) { wire(w); window.early = true; }
    }
    if ((ours && (d.documentElement || d.readyState !== 'loading')) || Date.now() > until) {
      // The person acts on a loaded page.
      const loaded = () => (seen && seen.readyState === 'complete') || Date.now() > until ? next() : setTimeout(loaded, 50);
      return loaded();
    }
    tick.port2.postMessage(0);
  };
  if (how === 'first') next();
  else {
    f = document.createElement('iframe');
    f.id = 'fr';
    f.style.cssText = 'width:500px;height:300px';
    f.src = '/attack7-inner?0';
    f.addEventListener('load', () => { if (!window.tries) next(); });
    document.body.append(f);
  }
  ${openGrabbedScript}
</script>`;
}

/**
 * The same with a popup: on the person's click of #pop, the page opens
 * /attack7-inner?0 in a popup, and once it has loaded sends it to
 * /attack7-inner?1, whose new window it watches for as `early` does; it
 * takes that realm's showPicker before Silbato's page-world script wraps
 * it. On the person's click of #open, a never-attached input is opened with
 * it.
 */
const popup = `<button id="pop">open the editor</button> <button id="open">attach a photo</button><p id="status"></p><script>${send}
  window.tries = 0;
  const say = (s) => { document.getElementById('status').textContent = s; };
  const tick = new MessageChannel();
  let w = null, seen = null, until = 0;
  const address = () => '/attack7-inner?' + window.tries;
  const next = () => {
    if (window.grabbed) { window.ready = true; return say('taken (' + window.tries + ' documents)'); }
    if (window.tries >= 20) { window.ready = true; return say('never early'); }
    window.tries++;
    w.location.href = address();
    until = Date.now() + 10000;
    tick.port2.postMessage(0);
  };
  tick.port1.onmessage = () => {
    let d = null;
    try { d = w.document; } catch {}
    const ours = d && d.URL.endsWith(address());
    if (ours && d !== seen) {
      seen = d;
      if (!d.documentElement) {
        window.grabbed = w;
        window.grabbedPicker = w.HTMLInputElement.prototype.showPicker;
      }
    }
    if ((ours && (d.documentElement || d.readyState !== 'loading')) || Date.now() > until) {
      const loaded = () => (seen && seen.readyState === 'complete') || Date.now() > until ? next() : setTimeout(loaded, 50);
      return loaded();
    }
    tick.port2.postMessage(0);
  };
  document.getElementById('pop').onclick = () => {
    w = window.open('/attack7-inner?0', 'editor', 'popup,width=400,height=300');
    const first = () => {
      let ok = false;
      try { ok = w.document.URL.endsWith('/attack7-inner?0') && w.document.readyState === 'complete'; } catch {}
      if (ok) next(); else setTimeout(first, 50);
    };
    first();
  };
  ${openGrabbedScript}
</script>`;

/**
 * A form submitted natively while its file is being checked: the page's
 * form (multipart, to /upload, in a named frame so the page stays) holds
 * the input #f; from the person's click on, the page calls form.submit()
 * every 30 ms for 3 s (form.submit() fires no submit event, so the guard's
 * wait for checks does not apply) and, on change, once more.
 */
const formSubmit = `<iframe name="sink" style="display:none"></iframe>
  <form id="form" method="post" action="/upload" enctype="multipart/form-data" target="sink"><input type="file" name="photo" id="f"></form>
  <p id="status"></p><script>
  const form = document.getElementById('form');
  window.submits = 0;
  document.getElementById('f').addEventListener('click', () => {
    const until = Date.now() + 3000;
    const again = () => { window.submits++; form.submit(); if (Date.now() < until) setTimeout(again, 30); };
    setTimeout(again, 30);
  });
  document.getElementById('f').addEventListener('change', () => { window.submits++; form.submit(); });
</script>`;

/** The page at `path` (one of /attack7-…), or undefined. */
export function attack7Page(path, query) {
  if (path === '/attack7-ask') return channelAsk(query);
  if (path === '/attack7-big') return big;
  if (path === '/attack7-inner') return inner;
  if (path === '/attack7-early') return early(query);
  if (path === '/attack7-popup') return popup;
  if (path === '/attack7-group') return group(query);
  if (path === '/attack7-probe') return probe;
  if (path === '/attack7-jsurl') return jsUrl(query);
  if (path === '/attack7-xslt') return xslt;
  if (path === '/attack7-named') return named;
  if (path === '/attack7-form') return formSubmit;
  if (path === '/attack7-drop') return dropEntries;
  return undefined;
}
