// Hostile pages for the eighth attack on the upload guard (issue 15): more
// ways for a page to reach a frame's first, empty document (a realm no
// content script runs in) before Silbato's page world wraps it, aimed at
// what changed last: <object>/<embed> frames made at once (makeObjectFrame),
// customized built-in frame definitions (defineGuarded), the events walked
// before page listeners, and document.write written in pieces
// (writeGuarded). Served by server.mjs at /attack8-…; every page uploads
// whatever file reaches it to /upload, so the tests judge the bytes the
// server received. Tests: attack8.test.mjs.

import { grabbedPickerPage, grabScript, openGrabbedScript, sendScript as send } from './uploads.mjs';

/**
 * The ways tried, each leaving in `window.grabbed` the first document's
 * window and in `window.grabbedPicker` its showPicker (window.how says
 * where it was taken):
 * - control: a frame appended, window[i] read right after (wrapped by then);
 * - winload: a frame with no address appended; its `load`, fired inside the
 *   put-back that connects it, heard by a capture listener on the WINDOW
 *   (ahead of Silbato's capture listener on the document), which reads it
 *   as window[i];
 * - winloadparser: the page's HTML: a frame, then a frame with no address;
 *   the window's capture `load` listener reads window[0] as the parser
 *   inserts the second (before the MutationObserver's microtask);
 * - objectblank: an <object> of about:blank appended, its load heard on the
 *   window in capture;
 * - objectblankparser: the page's HTML: a frame, then an <object> of
 *   about:blank; the window's capture `load` listener reads window[0]
 *   (made inside the MutationObserver's makeObjectFrames, before its sweep?);
 * - docwriteobj: document.write of a frame and a script given as a String
 *   object (writeGuarded writes anything not a primitive string at once);
 * - docwriteslash: document.write of `<iframe/src=…/style=…>` and a script
 *   (the parser takes `/` between attributes; the cutting pattern does not,
 *   so the whole markup is written at once);
 * - docwritesplit: document.write('<ifr') then document.write('ame …>' +
 *   script): neither piece holds a frame's tag by itself;
 * - docwriteobject: document.write of an <object> of an HTML address and a
 *   script that looks up a property on it (Chromium makes its frame then),
 *   inside the same write: writeGuarded walks after the <object>'s start
 *   tag, but makes no <object> frame;
 * - ceproxyext: customElements.define(name, C, options) where options is a
 *   Proxy: it has no own 'extends' to Silbato's descriptor reading, and
 *   answers 'iframe' to the browser's Get;
 * - ceproxyctor: C a Proxy of the class, whose first `prototype` read
 *   (Silbato's) answers a decoy object, the browser's the real prototype;
 * - ceproxyproto: C.prototype a Proxy whose defineProperty trap says yes
 *   and keeps nothing (the browser reads the page's own callback);
 * - cenonconfig: connectedCallback an own non-configurable (writable)
 *   property of an otherwise ordinary prototype (not frozen);
 * - ceupgrade: an `<iframe is=x-up>` made in a template's content (no
 *   registry: not upgraded), appended to the page: the upgrade (the class's
 *   constructor, not a wrapped callback) runs as it is connected;
 * - objectdata: an <object> with no data appended (no frame), its data set
 *   in a later task (no DOM insertion), a property looked up at once;
 * - embeddata: the same with an <embed>'s src;
 * - objecttype: an <object> of an HTML address with a type no one handles
 *   (fallback, no frame), its type set to text/html later;
 * - objectfallback: an <object> whose address answers 404 (fallback content
 *   shown later) with an <object> of an HTML address inside: the inner one
 *   gets its frame when the outer falls back, with no DOM change; polled;
 * - dsdload: the page's HTML: a frame, then a declarative (open) shadow
 *   root with a frame with no address whose onload reads window[0] (a load
 *   in a shadow tree never reaches a listener on the document);
 * - dsdjsurl / dsdopenjsurl: the page's HTML: a closed / open declarative
 *   shadow root holding a frame whose javascript: address (evaluating to
 *   undefined, so no new document) runs in its first document's realm and
 *   hands that window to the parent (frames in shadow trees are not in
 *   window[i]: Silbato's walk does not see them);
 * - shadowjsurl / openshadowjsurl: the same put in with setHTMLUnsafe;
 * - parsejsurl: the same from Document.parseHTMLUnsafe, adopted, appended;
 * - cloneshadow: the same frame in a closed, clonable shadow root made with
 *   attachShadow (not connected), its host cloned and the clone appended;
 * - shadowexec: the same frame put with execCommand('insertHTML') into a
 *   contenteditable inside a shadow root;
 * - jsurl: the same frame in the document (the control);
 * - objectlateclose: an <object> in the page's HTML with a script inside
 *   (the MutationObserver sees it while the parser still has it open), a
 *   property looked up after the parser closed it;
 * - cegetter: a getter for disconnectedCallback up the prototype chain,
 *   run by Silbato's own reading of the callbacks, puts the page's own
 *   connectedCallback back over Silbato's stand-in;
 * - selfreplace / selfafter / selftext: anchor.replaceWith(anchor, frame,
 *   script) / anchor.after(anchor, frame, script) / the same on a text
 *   node: a node that holds the target (itself) makes Silbato's wrapper
 *   hand the call to the browser as it is (it would throw… but does not);
 * - selectedcontent: a customizable <select> (a <button> holding
 *   <selectedcontent>) whose second option holds a frame; selectedIndex set
 *   to 1: the browser clones the option's content, frame and all, into
 *   <selectedcontent> itself, a new frame connected by no DOM call;
 * - cedisconnect: a customized built-in frame whose disconnectedCallback
 *   (not wrapped) reads window[i], moved with append (out, then in again
 *   with a new first document; the reactions run once it is in);
 * - deepchain: 60 frames nested in one another (Silbato's walk starts from
 *   its wrapped realms, most recent first, and stops at 1024 windows), then
 *   a frame in the page's HTML read by the next script;
 * - movebefore: an <object> in a hidden container moved with moveBefore
 *   (not wrapped) into a shown one, a property looked up at once.
 */
const WAYS = ['control', 'winload', 'winloadparser', 'objectblank', 'objectblankparser', 'dsdload', 'dsdjsurl', 'dsdopenjsurl', 'shadowjsurl', 'openshadowjsurl', 'parsejsurl', 'cloneshadow', 'shadowexec', 'jsurl', 'objectlateclose', 'cegetter', 'cedisconnect', 'deepchain', 'selfreplace', 'selfafter', 'selftext', 'selectedcontent', 'docwriteobj', 'docwriteslash', 'docwritesplit', 'docwriteobject', 'ceproxyext', 'ceproxyctor', 'ceproxyproto', 'cenonconfig', 'ceupgrade', 'objectdata', 'embeddata', 'objecttype', 'objectfallback', 'movebefore'];

const grabbing = `
  const FRAME = '<iframe src="/px/never.gif" style="display:none"></iframe>';
  // A frame whose javascript: address runs in its first document's realm (no new document: it evaluates to undefined).
  const JSFRAME = '<iframe style="display:none" src="javascript:void parent.grab(window, &quot;javascript: in the frame&quot;)"></iframe>';
  const GRAB = '<script>grab(window[window.length - 1], "written script")<\\/script>';
  ${grabScript}
  const grab0 = window.grab;
  window.grab = (w, how) => { if (w && !window.grabbed) { window.how = how || '?'; grab0(w); } };
  const poll = (before, how, until = Date.now() + 10000) => {
    if (window.length > before) grab(last(), how);
    else if (Date.now() < until) setTimeout(() => poll(before, how, until), 0);
    else window.how = 'poll gave up (window.length ' + window.length + ')';
  };
  const ceClass = (how) => class extends HTMLIFrameElement { connectedCallback() { grab(last(), how); } };
  const ceFrame = (name) => {
    const f = document.createElement('iframe', { is: name });
    f.src = '/px/never.gif';
    f.style.display = 'none';
    document.body.append(f);
  };
  // A chain of n frames, each in the previous one's first document (each
  // wrapped as it goes in, and kept in Silbato's list of wrapped realms).
  function chain(n) {
    let d = document;
    for (let i = 0; i < n; i++) {
      const f = d.createElement('iframe');
      f.style.display = 'none';
      d.body.append(f);
      d = f.contentDocument;
    }
    window.manyMade = n;
  }
  function connect(via) {
    const before = window.length;
    if (via === 'control') {
      document.body.append(frame());
      grab(last(), 'after append');
    } else if (via === 'winload') {
      addEventListener('load', (e) => { if (e.target && e.target.localName === 'iframe') grab(last(), 'window capture load'); }, true);
      const f = document.createElement('iframe');
      f.style.display = 'none';
      document.body.append(f);
    } else if (via === 'objectblank') {
      addEventListener('load', (e) => { if (e.target && e.target.localName === 'object') grab(last(), 'window capture load'); }, true);
      const o = document.createElement('object');
      o.type = 'text/html';
      o.data = 'about:blank';
      o.style.cssText = 'width:10px;height:10px';
      document.body.append(o);
    } else if (via === 'docwriteobj') {
      document.write(new String(FRAME + GRAB));
    } else if (via === 'docwriteslash') {
      document.write('<iframe/src="/px/never.gif"/style="display:none"></iframe>' + GRAB);
    } else if (via === 'docwritesplit') {
      document.write('<ifr');
      document.write('ame src="/px/never.gif" style="display:none"></iframe>' + GRAB);
    } else if (via === 'docwriteobject') {
      document.write('<object id="wo" type="text/html" data="/px/never.gif" style="width:10px;height:10px"></object><script>document.getElementById("wo").anything; grab(window[window.length - 1], "written script after lookup")<\\/script>');
    } else if (via === 'ceproxyext') {
      const options = new Proxy({}, {
        get: (t, k) => (k === 'extends' ? 'iframe' : undefined),
        getOwnPropertyDescriptor: () => undefined,
        getPrototypeOf: () => null,
      });
      customElements.define('x-pext', ceClass('connectedCallback (proxy options)'), options);
      ceFrame('x-pext');
    } else if (via === 'ceproxyctor') {
      const C = ceClass('connectedCallback (proxy constructor)');
      let reads = 0;
      const P = new Proxy(C, { get: (t, k, r) => (k === 'prototype' && reads++ === 0 ? { decoy: true } : Reflect.get(t, k, r)) });
      customElements.define('x-pctor', P, { extends: 'iframe' });
      window.prototypeReads = reads;
      ceFrame('x-pctor');
    } else if (via === 'ceproxyproto') {
      function C() { return Reflect.construct(HTMLIFrameElement, [], new.target); }
      const real = Object.create(HTMLIFrameElement.prototype);
      real.connectedCallback = function () { grab(last(), 'connectedCallback (proxy prototype)'); };
      C.prototype = new Proxy(real, { defineProperty: () => true, deleteProperty: () => true });
      Object.setPrototypeOf(C, HTMLIFrameElement);
      customElements.define('x-pproto', C, { extends: 'iframe' });
      ceFrame('x-pproto');
    } else if (via === 'cenonconfig') {
      const C = class extends HTMLIFrameElement {};
      Object.defineProperty(C.prototype, 'connectedCallback', { value() { grab(last(), 'connectedCallback (non-configurable)'); }, writable: true, enumerable: false, configurable: false });
      customElements.define('x-nonconf', C, { extends: 'iframe' });
      ceFrame('x-nonconf');
    } else if (via === 'cedisconnect') {
      // disconnectedCallback is not among the callbacks Silbato puts its
      // realm-reaching in front of: a connected frame moved with append is
      // taken out (a disconnectedCallback) and put in again (a new first
      // document), and both reactions run once it is in, the disconnected
      // one first.
      let armed = false;
      customElements.define('x-dis', class extends HTMLIFrameElement { disconnectedCallback() { if (armed) grab(last(), 'disconnectedCallback of a frame moved with append'); } }, { extends: 'iframe' });
      const f = document.createElement('iframe', { is: 'x-dis' });
      f.src = '/px/never.gif';
      f.style.display = 'none';
      document.body.append(f, document.createElement('p'));
      armed = true;
      document.body.append(f);
    } else if (via === 'ceupgrade') {
      customElements.define('x-up', class extends HTMLIFrameElement { constructor() { super(); grab(last(), 'constructor (upgrade)'); } }, { extends: 'iframe' });
      const t = document.createElement('template');
      t.innerHTML = '<iframe is="x-up" src="/px/never.gif" style="display:none"></iframe>';
      document.body.append(t.content);
    } else if (via === 'objectdata' || via === 'embeddata') {
      const o = document.createElement(via.slice(0, -4));
      o.style.cssText = 'width:10px;height:10px';
      document.body.append(o);
      setTimeout(() => {
        o.type = 'text/html';
        if (via === 'objectdata') o.data = '/px/never.gif'; else o.src = '/px/never.gif';
        o.anything;
        if (window.length > before) grab(last(), 'lookup after data set');
        else poll(before, 'polled after data set');
      }, 50);
    } else if (via === 'objecttype') {
      const o = document.createElement('object');
      o.type = 'application/x-silbato-nothing';
      o.data = '/px/never.gif';
      o.style.cssText = 'width:10px;height:10px';
      document.body.append(o);
      setTimeout(() => {
        o.type = 'text/html';
        o.anything;
        if (window.length > before) grab(last(), 'lookup after type set');
        else poll(before, 'polled after type set');
      }, 50);
    } else if (via === 'objectfallback') {
      const box = document.createElement('div');
      box.innerHTML = '<object data="/attack8-missing" style="width:10px;height:10px"><object id="inner" type="text/html" data="/px/never.gif" style="width:10px;height:10px"></object></object>';
      document.body.append(box);
      // Without Silbato, the outer object's own frame (its 404 page) comes first, the inner's with the fallback, later.
      window.outerFrames = window.length - before;
      if (window.length > before + 1) grab(last(), 'inner object, at once');
      else {
        // Each turn, a property of the inner one is looked up (Chromium makes its frame then, once it is rendered).
        const inner = document.getElementById('inner');
        const until = Date.now() + 10000;
        const look = () => {
          inner.anything;
          if (window.length > before + 1) grab(last(), 'inner object, looked up once the outer fell back');
          else if (Date.now() < until) setTimeout(look, 0);
          else window.how = 'poll gave up (window.length ' + window.length + ')';
        };
        look();
      }
    } else if (via === 'shadowjsurl' || via === 'openshadowjsurl') {
      const box = document.createElement('div');
      document.body.append(box);
      box.setHTMLUnsafe('<div><template shadowrootmode="' + (via === 'shadowjsurl' ? 'closed' : 'open') + '">' + JSFRAME + '</template></div>');
    } else if (via === 'cloneshadow') {
      // A closed shadow root made clonable with attachShadow (remembered by
      // Silbato), its host cloned: the clone's closed root is the browser's
      // own making (never remembered); the clone is appended.
      const host = document.createElement('div');
      const root = host.attachShadow({ mode: 'closed', clonable: true });
      const t = document.createElement('template');
      t.innerHTML = JSFRAME;
      root.append(t.content);
      document.body.append(host.cloneNode(true));
    } else if (via === 'parsejsurl') {
      const doc = Document.parseHTMLUnsafe('<div><template shadowrootmode="closed">' + JSFRAME + '</template></div>');
      document.body.append(document.adoptNode(doc.body.firstChild));
    } else if (via === 'shadowexec') {
      const host = document.createElement('div');
      document.body.append(host);
      const ed = document.createElement('div');
      ed.contentEditable = 'true';
      ed.textContent = 'x';
      host.attachShadow({ mode: 'open' }).append(ed);
      ed.focus();
      document.execCommand('insertHTML', false, JSFRAME);
      window.inShadow = ed.querySelectorAll('iframe').length;
    } else if (via === 'cegetter') {
      const C = class extends HTMLIFrameElement {};
      const raw = function () { grab(last(), 'connectedCallback (put back by a getter Silbato read)'); };
      // Silbato reads each callback in turn; reading disconnectedCallback (on
      // the parent prototype, a getter) puts the page's own connectedCallback
      // back over the stand-in Silbato just put on C.prototype.
      const Parent = Object.getPrototypeOf(C.prototype);
      const Mid = Object.create(Parent, { disconnectedCallback: { get() { if (defining) Object.defineProperty(C.prototype, 'connectedCallback', { value: raw, writable: true, configurable: true }); return undefined; }, configurable: true } });
      Object.setPrototypeOf(C.prototype, Mid);
      C.prototype.connectedCallback = raw;
      let defining = true;
      customElements.define('x-getter', C, { extends: 'iframe' });
      defining = false;
      ceFrame('x-getter');
    } else if (via === 'selfreplace' || via === 'selfafter' || via === 'selftext') {
      // Silbato's wrapper lets the browser have the call as it is when a
      // node inserted holds the target (the browser then throws): a node
      // that is its own target does, yet the browser takes it.
      const anchor = via === 'selftext' ? document.createTextNode('') : document.createElement('span');
      document.body.append(anchor);
      const s = document.createElement('script');
      s.textContent = 'grab(last(), "script inserted with the frame (' + via + ')")';
      if (via === 'selfafter') anchor.after(anchor, frame(), s);
      else if (via === 'selftext') anchor.after(anchor, frame(), s);
      else anchor.replaceWith(anchor, frame(), s);
    } else if (via === 'selectedcontent') {
      // A customizable <select>: the browser clones the selected option's
      // content into <selectedcontent> itself, as the selection changes.
      const sel = document.createElement('select');
      const button = document.createElement('button');
      button.append(document.createElement('selectedcontent'));
      const a = document.createElement('option');
      a.textContent = 'a';
      const b = document.createElement('option');
      b.append(frame());
      sel.append(button, a, b);
      document.body.append(sel);
      const had = window.length;
      sel.selectedIndex = 1;
      window.cloned = window.length - had;
      if (window.length > had) grab(last(), 'the clone in <selectedcontent>, read at once');
    } else if (via === 'jsurl') {
      const box = document.createElement('div');
      box.innerHTML = JSFRAME;
      document.body.append(box);
    } else if (via === 'movebefore') {
      const hidden = document.createElement('div');
      hidden.style.display = 'none';
      const shown = document.createElement('div');
      const o = document.createElement('object');
      o.type = 'text/html';
      o.data = '/px/never.gif';
      o.style.cssText = 'width:10px;height:10px';
      hidden.append(o);
      document.body.append(hidden, shown);
      setTimeout(() => {
        if (window.length > before) { window.how = 'object had a frame while hidden'; return; }
        shown.moveBefore(o, null);
        o.anything;
        if (window.length > before) grab(last(), 'lookup after moveBefore');
        else poll(before, 'polled after moveBefore');
      }, 50);
    }
  }`;

/** On the person's click, a never-attached input opened with the showPicker of a first document reached `via`. */
function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  const early = via === 'winloadparser'
    ? '<script>addEventListener("load", (e) => { if (e.target && e.target.localName === "iframe") grab(window[0], "window capture load (parser)"); }, true)</script><iframe src="/px/never.gif" style="display:none"></iframe><iframe style="display:none"></iframe>'
    : via === 'objectblankparser'
    ? '<script>addEventListener("load", (e) => { if (e.target && e.target.localName === "object") grab(window[0], "window capture load (parser object)"); }, true)</script><iframe src="/px/never.gif" style="display:none"></iframe><object type="text/html" data="about:blank" style="width:10px;height:10px"></object>'
    : via === 'dsdjsurl'
    ? '<div><template shadowrootmode="closed"><iframe style="display:none" src="javascript:void parent.grab(window, &quot;javascript: in the frame (parser)&quot;)"></iframe></template></div>'
    : via === 'dsdopenjsurl'
    ? '<div><template shadowrootmode="open"><iframe style="display:none" src="javascript:void parent.grab(window, &quot;javascript: in the frame (parser, open)&quot;)"></iframe></template></div>'
    : via === 'objectlateclose'
    ? '<object id="lc" type="text/html" data="/px/never.gif" style="width:10px;height:10px"><script>window.lcOpen = window.length</script></object><script>document.getElementById("lc").anything; if (window.length > 0) grab(last(), "lookup after the parser closed the object"); else poll(0, "polled after the parser closed the object")</script>'
    : via === 'deepchain'
    ? '<script>chain(60)</script><iframe src="/px/never.gif" style="display:none"></iframe><script>window.lateIndex = window.length - 1; grab(window[window.length - 1], "frame number " + window.length + ", read as the next script runs")</script>'
    : via === 'dsdload'
    ? '<iframe src="/px/never.gif" style="display:none"></iframe><div><template shadowrootmode="open"><iframe style="display:none" onload="grab(window[0], &quot;shadow frame onload (parser)&quot;)"></iframe></template></div>'
    : '';
  return grabbedPickerPage({ grabbing, early, via });
}

/**
 * A Document Picture-in-Picture window (`documentPictureInPicture
 * .requestWindow()`, on the person's first click): a new window of the
 * page's origin, at its first, empty document, that the page opens with
 * no call Silbato wraps. Its native showPicker is taken at once; the
 * person's second click ("attach a photo") opens it on a never-attached
 * input.
 */
const pip = `<button id="pip">watch in a small window</button><button id="open">attach a photo</button><p id="status"></p><script>${grabScript}
  const grab0 = window.grab;
  window.grab = (w, how) => { if (w && !window.grabbed) { window.how = how || '?'; grab0(w); } };
</script><script>${send}
  window.ready = true;
  document.getElementById('pip').onclick = async () => {
    if (!('documentPictureInPicture' in window)) { window.how = 'no documentPictureInPicture'; return; }
    try {
      const w = await documentPictureInPicture.requestWindow({ width: 200, height: 200 });
      grab(w, 'a Document Picture-in-Picture window');
    } catch (e) {
      window.how = 'requestWindow threw ' + e.name + ': ' + e.message;
    }
  };
  ${openGrabbedScript}
</script>`;

export function attack8Page(path, query) {
  if (path === '/attack8-picker') return picker(query);
  if (path === '/attack8-pip') return pip;
  return undefined;
}
