// Hostile pages for the fifth attack on the upload guard (issue 15), aimed
// at insertions.js: page code that still runs after a frame is connected and
// before realms.js's walk wraps its first document, by paths insertions.js's
// survey does not look at, and ways to keep the walk from reaching a first
// document at all. Served by server.mjs at /attack5-…; every page uploads
// whatever file reaches it to /upload, so the tests judge the bytes the
// server received. Tests: attack5.test.mjs.

import { grabbedPickerPage, grabScript, js, sendScript as send } from './uploads.mjs';

/**
 * The ways tried, each leaving in `window.grabbed` a first document's window
 * and in `window.grabbedPicker` its showPicker, taken synchronously (the
 * frame's address answers at once, so `stop()` keeps the first document):
 *
 * Page code run by the removal of what an insertion replaces (insertions.js
 * surveys only the nodes inserted; a custom element's disconnectedCallback
 * is a reaction run when the native call returns, after the frame is
 * connected, before the walk):
 * - replacechild: `parent.replaceChild(frame, customElement)`;
 * - replacewith: `customElement.replaceWith(frame)`;
 * - replacechildren: `box.replaceChildren(frame)`, box holding a custom element;
 * - innerhtml: `box.innerHTML = '<iframe …>'`, box holding a custom element
 *   (the markup holds no code: only the frame);
 * - surround: `range.surroundContents(frame)` around a connected custom
 *   element (moved into the frame element: disconnected and connected);
 *
 * Setters realms.js wraps with a walk only, not with insertGuarded:
 * - bodysetter: `document.body = newBody`, newBody holding a frame and a
 *   custom element after it;
 * - caption: `table.caption = caption`, the caption holding a frame and a
 *   custom element;
 *
 * DOM functions realms.js does not wrap (the frame is found by the
 * MutationObserver at the next microtask, but the page reads it at once):
 * - selectadd: `select.add(option)`, the option holding a frame;
 * - optionsadd: `select.options.add(option)`;
 * - selectindex: `select[0] = option` (the indexed setter);
 *
 * Code insertions.js's survey does not count as code:
 * - isbefore: a customized built-in made with `createElement('div', {is})`
 *   before its definition (no `is` attribute, HTMLDivElement's prototype),
 *   upgraded as it is connected beside a frame;
 * - protoreset: a defined customized built-in (`new XDiv()`, no `is`
 *   attribute) whose prototype the page set back to HTMLDivElement's;
 * - face: a form-associated custom element already in the document, its
 *   `form` attribute naming the id of a <form> inserted with the frame:
 *   its formAssociatedCallback runs as the insertion returns;
 * - svgload: an <svg onload> inserted after the frame;
 * - aboutblankshadow: after the frame, a second frame with
 *   src="about:blank" (it has a src, so not "tangled") in an open shadow
 *   root: its synchronous `load` does not leave the shadow root (not
 *   composed), so the document's capture listener that walks never hears it;
 * - aboutblank: the same second frame in the document (the control: the
 *   document's capture listener walks first);
 * - emptysrcshadow: the same with src="";
 * - jssrc: a second frame with src="javascript:…" that reads the first;
 * - huge: a frame, more than 100000 nodes, and a script, in one appendChild
 *   (past MAX_NODES the survey gives up and the insertion goes as it came);
 * - tangledchild: a frame holding a custom element as a child, and a later
 *   frame with no src (tangled: the frames are held back and put back with
 *   their subtrees, the custom element's reactions run inside that put-back
 *   replaceChild, before the walk after it);
 *
 * Keeping the walk from reaching a first document at all:
 * - manyframes: a frame X (window[0], wrapped as it is connected), then
 *   900 more frames (Chromium makes at most 1000 in a page), then a frame
 *   put into X's first document with X's wrapped appendChild: the walk
 *   stops after MAX_FRAMES (1024) windows, the 256 most recently wrapped
 *   first, then the top's frames from the last index (Chromium numbers
 *   frames in the order they were made), so X and the new frame in it are
 *   never reached; read as X[0];
 * - wrappedlimit: a frame in a closed shadow root (reached with
 *   contentWindow: wrapped, remembered among the wrapped realms walked
 *   from), then 300 frames wrapped after it (MAX_WRAPPED is 256: it is
 *   dropped), then a frame put into its first document with its wrapped
 *   appendChild: no walk reaches it; read as first[0].
 */
const WAYS = [
  'replacechild', 'replacewith', 'replacechildren', 'innerhtml', 'surround',
  'bodysetter', 'caption',
  'selectadd', 'optionsadd', 'selectindex',
  'isbefore', 'protoreset', 'face', 'svgload', 'aboutblankshadow', 'aboutblank', 'emptysrcshadow', 'jssrc', 'huge', 'tangledchild',
  'manyframes', 'wrappedlimit',
];

const grabbing = `
  ${grabScript}
  const onDisconnect = (name, fn) => customElements.define(name, class extends HTMLElement { disconnectedCallback() { fn(); } });
  const onConnect = (name, fn) => customElements.define(name, class extends HTMLElement { connectedCallback() { fn(); } });
  function connect(via) {
    const before = window.length;
    if (via === 'replacechild' || via === 'replacewith') {
      onDisconnect('x-gone', () => grab(window[before]));
      const old = document.createElement('x-gone');
      document.body.append(old);
      if (via === 'replacechild') document.body.replaceChild(frame(), old);
      else old.replaceWith(frame());
    } else if (via === 'replacechildren' || via === 'innerhtml') {
      onDisconnect('x-gone', () => grab(window[before]));
      const box = document.createElement('div');
      box.append(document.createElement('x-gone'));
      document.body.append(box);
      if (via === 'replacechildren') box.replaceChildren(frame());
      else box.innerHTML = '<iframe src="/px/never.gif" style="display:none"></iframe>';
    } else if (via === 'surround') {
      onDisconnect('x-moved', () => grab(window[before]));
      const x = document.createElement('x-moved');
      document.body.append(x);
      const range = document.createRange();
      range.selectNode(x);
      range.surroundContents(frame());
    } else if (via === 'bodysetter') {
      onConnect('x-grab', () => grab(window[before]));
      const nb = document.createElement('body');
      nb.append(document.getElementById('open'), document.getElementById('status'), frame(), document.createElement('x-grab'));
      document.body = nb;
    } else if (via === 'caption') {
      onConnect('x-grab', () => grab(window[before]));
      const table = document.createElement('table');
      document.body.append(table);
      const cap = document.createElement('caption');
      cap.append(frame(), document.createElement('x-grab'));
      table.caption = cap;
    } else if (via === 'selectadd' || via === 'optionsadd' || via === 'selectindex') {
      const sel = document.createElement('select');
      document.body.append(sel);
      const opt = document.createElement('option');
      opt.append(frame());
      if (via === 'selectadd') sel.add(opt);
      else if (via === 'optionsadd') sel.options.add(opt);
      else sel[0] = opt;
      if (window.length > before) grab(window[before]);
    } else if (via === 'isbefore') {
      const el = document.createElement('div', { is: 'x-late' });
      customElements.define('x-late', class extends HTMLDivElement { connectedCallback() { grab(window[before]); } }, { extends: 'div' });
      const box = document.createElement('div');
      box.append(frame(), el);
      document.body.appendChild(box);
    } else if (via === 'protoreset') {
      class XDiv extends HTMLDivElement { connectedCallback() { grab(window[before]); } }
      customElements.define('x-div', XDiv, { extends: 'div' });
      const el = new XDiv();
      Object.setPrototypeOf(el, HTMLDivElement.prototype);
      const box = document.createElement('div');
      box.append(frame(), el);
      document.body.appendChild(box);
    } else if (via === 'face') {
      customElements.define('x-face', class extends HTMLElement {
        static formAssociated = true;
        formAssociatedCallback(form) { if (form) grab(window[before]); }
      });
      const face = document.createElement('x-face');
      face.setAttribute('form', 'late-form');
      document.body.append(face);
      const box = document.createElement('div');
      const form = document.createElement('form');
      form.id = 'late-form';
      box.append(frame(), form);
      document.body.appendChild(box);
    } else if (via === 'svgload') {
      const box = document.createElement('div');
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('onload', 'grab(window[' + before + '])');
      box.append(frame(), svg);
      document.body.appendChild(box);
    } else if (via === 'aboutblankshadow' || via === 'aboutblank' || via === 'emptysrcshadow') {
      const box = document.createElement('div');
      const second = document.createElement('iframe');
      second.src = via === 'emptysrcshadow' ? '' : 'about:blank';
      second.style.display = 'none';
      second.onload = () => grab(window[before]);
      if (via === 'aboutblank') box.append(frame(), second);
      else {
        const host = document.createElement('div');
        host.attachShadow({ mode: 'open' }).append(second);
        box.append(frame(), host);
      }
      document.body.appendChild(box);
    } else if (via === 'jssrc') {
      const box = document.createElement('div');
      const second = document.createElement('iframe');
      second.src = 'javascript:parent.grab(parent[' + before + ']),""';
      second.style.display = 'none';
      box.append(frame(), second);
      document.body.appendChild(box);
    } else if (via === 'huge') {
      const box = document.createElement('div');
      const filler = document.createElement('div');
      for (let i = 0; i < 100010; i++) filler.appendChild(document.createTextNode(''));
      const s = document.createElement('script');
      s.textContent = 'grab(window[' + before + '])';
      box.append(frame(), filler, s);
      document.body.appendChild(box);
    } else if (via === 'tangledchild') {
      onConnect('x-grab', () => grab(window[before]));
      const box = document.createElement('div');
      const a = frame();
      a.appendChild(document.createElement('x-grab'));
      const second = document.createElement('iframe');
      second.style.display = 'none';
      box.append(a, second);
      document.body.appendChild(box);
    } else if (via === 'manyframes') {
      const x = frame();
      document.body.append(x);
      const xw = window[before];
      xw.stop();
      const filler = document.createElement('div');
      const list = [];
      for (let i = 0; i < 900; i++) list.push(frame());
      filler.append(...list);
      document.body.append(filler);
      for (let i = 0; i < window.length; i++) { try { window[i].stop(); } catch {} }
      const g = xw.document.createElement('iframe');
      g.src = '/px/never.gif';
      xw.document.body.appendChild(g);
      grab(xw[0]);
    } else if (via === 'wrappedlimit') {
      const host = document.createElement('div');
      document.body.append(host);
      const f = frame();
      host.attachShadow({ mode: 'closed' }).append(f);
      const a = f.contentWindow;
      a.stop();
      const filler = document.createElement('div');
      const list = [];
      for (let i = 0; i < 300; i++) list.push(frame());
      filler.append(...list);
      document.body.append(filler);
      for (let i = 0; i < window.length; i++) { try { window[i].stop(); } catch {} }
      const g = a.document.createElement('iframe');
      g.src = '/px/never.gif';
      a.document.body.appendChild(g);
      grab(a[0]);
    }
  }`;

/** On the person's click, a never-attached input opened with the showPicker of a first document reached `via`. */
function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'replacechild';
  return grabbedPickerPage({
    grabbing,
    via,
    // Whether the realm was taken in the task that connected the frame.
    after: 'window.grabbedAtOnce = !!window.grabbed;',
  });
}

/**
 * A popup opened with `document.open(url, name, features)` (the three-argument
 * form is window.open, but through Document.prototype.open, which
 * documents.js wraps and hands to the native without telling realms.js's
 * `opened`: the popup is never walked). The first click opens it and keeps
 * its first document's showPicker; if Chromium spent the click's activation
 * on the popup, the person's next click on the button calls it.
 */
const docopen = `<button id="open">attach a photo</button><p id="status"></p><script>${send}
  window.ready = true;
  document.getElementById('open').onclick = () => {
    if (!window.grabbed) {
      const w = document.open('/px/never.gif', '_blank', 'width=300,height=200');
      if (!w) { document.getElementById('status').textContent = 'no popup'; return; }
      try { w.stop(); } catch {}
      window.grabbed = w;
      window.grabbedPicker = w.HTMLInputElement.prototype.showPicker;
    }
    const input = document.createElement('input');
    input.type = 'file';
    input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
    try {
      window.grabbedPicker.call(input);
      document.getElementById('status').textContent = 'asked';
    } catch (e) {
      document.getElementById('status').textContent = 'threw ' + e.name;
    }
  };
</script>`;

/**
 * Without any user action: an appendChild of a frame and two scripts. Without
 * Silbato, both scripts are connected before the first runs; with it, the
 * second is still held back (an empty text node stands in its place) when
 * the first runs. The first script reads whether the second is connected,
 * and the page's MutationObserver counts empty text nodes among the records.
 */
const detect = `<p id="status"></p><script>
  const f = document.createElement('iframe');
  f.src = '/px/never.gif';
  f.style.display = 'none';
  const s1 = document.createElement('script');
  s1.textContent = 'window.secondConnected = document.getElementById("s2") !== null';
  const s2 = document.createElement('script');
  s2.id = 's2';
  s2.textContent = '';
  let empty = 0;
  new MutationObserver((records) => {
    for (const r of records) for (const n of [...r.addedNodes, ...r.removedNodes]) if (n.nodeType === 3 && n.data === '') empty++;
  }).observe(document.body, { childList: true, subtree: true });
  const box = document.createElement('div');
  box.append(f, s1, s2);
  document.body.appendChild(box);
  queueMicrotask(() => setTimeout(() => {
    window.result = { secondConnected: window.secondConnected, emptyTextRecords: empty };
    document.getElementById('status').textContent = JSON.stringify(window.result);
  }, 0));
</script>`;

/** The page at `path` (one of /attack5-…), or undefined. */
export function attack5Page(path, query) {
  if (path === '/attack5-picker') return picker(query);
  if (path === '/attack5-docopen') return docopen;
  if (path === '/attack5-detect') return detect;
  return undefined;
}

export { WAYS };
