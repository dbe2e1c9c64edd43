// Hostile pages for the sixth attack on the upload guard (issue 15), aimed
// at insertions.js's own ways out: where it hands a call to the browser as
// it came (markup it does not parse first, a held node it cannot stand in
// for, a call that throws), page code run inside its put-backs, and frames
// its survey cannot see. Served by server.mjs at /attack6-…; every page
// uploads whatever file reaches it to /upload, so the tests judge the
// bytes the server received. Tests: attack6.test.mjs.

import { grabbedPickerPage, grabScript, js } from './uploads.mjs';

/**
 * The ways tried, each leaving in `window.grabbed` a first document's window
 * and in `window.grabbedPicker` its showPicker, taken synchronously (the
 * frame's address answers at once, so `stop()` keeps the first document).
 * In each, `x-grab` is a custom element whose connectedCallback reads
 * `window[i]`, the new frame's window, natively:
 *
 * Markup that markupGuarded hands to the browser as it came (plain()):
 * - unsafeopts: `box.setHTMLUnsafe(markup, {})`, the frame and x-grab in it
 *   (any second argument: "a sanitizer, the browser's to apply");
 * - shadowword: `box.innerHTML = markup` where the word "shadowrootmode"
 *   appears in an attribute value (innerHTML declares no shadow root);
 * - trusted: `box.innerHTML = policy.createHTML(markup)` (a TrustedHTML
 *   object from a Trusted Types policy, no CSP needed);
 * - faketrusted: `box.innerHTML = Object.create(TrustedHTML.prototype,
 *   {toString})` (not a TrustedHTML: the browser stringifies it);
 * - adjacentflip: `box.insertAdjacentHTML(where, markup)`, `where` an
 *   object whose toString says 'nowhere' the first time (Silbato's read)
 *   and 'beforeend' the second (the browser's);
 * - svgtemplate: innerHTML of an SVG-namespace <template> element (a
 *   localName of 'template', so not parsed first) in an <svg> in the body;
 *   the markup's <div> breaks out into HTML, so the iframe is an HTML one;
 *
 * A held node insertGuarded cannot stand in for (a setter's value) makes
 * it insert everything as it came:
 * - bodyproto: `document.body = newBody`, newBody's prototype set to
 *   HTMLElement.prototype (counted as code: held; it is the setter's value:
 *   thrown, caught, inserted as it came), holding the frame and x-grab;
 * - captionproto: the same with `table.caption = caption`;
 *
 * A call that throws, or page code run while the nodes are held:
 * - nativethrow: a connected box holding a frame; `box.appendChild(box)`
 *   (HierarchyRequestError): the frame is taken out, the native call
 *   throws, and putBack() puts the frame back in its connected box (a new
 *   first document) with no walk; the page reads window[i] in its catch;
 * - holdthrow: a connected box [frame, x-trip, x-y] moved into the body: as
 *   x-trip is taken out (stood in for) its disconnectedCallback removes
 *   x-y (an undefined custom element, held too), which then has no parent:
 *   insertGuarded throws to itself, puts back, and inserts as it came; x-trip's
 *   connectedCallback then runs inside that native call after the frame;
 * - faceid: a form-associated custom element with form="dup", a <form
 *   id="dup"> after it; `body.prepend(frame)` with the frame's id "dup":
 *   as the frame is put back (a native replaceChild) it becomes the element
 *   with id "dup", the form owner is reset to none, and the element's
 *   formAssociatedCallback runs as that replaceChild returns, before
 *   reach(win);
 *
 * Frames the survey cannot see:
 * - closedmove: `Document.parseHTMLUnsafe` of a div holding a declared
 *   closed shadow root with the frame and x-in; the div appended with the
 *   wrapped append (the closed root is not one Silbato remembers, so the
 *   frame is not held, and the walk does not see frames in shadow trees);
 *   x-in's connectedCallback finds the frame through getRootNode() and moves
 *   it into the body with `moveBefore` (not wrapped; it keeps the frame's
 *   document): the frame is now window[i];
 * - xhtmlprefix: in a same-origin blob: XHTML frame (Silbato's scripts run
 *   there), `el.innerHTML = '<h:iframe xmlns:h="…xhtml" …/><x-grab …/>'`:
 *   the prefixed tag is not what FRAME_TAG looks for.
 *
 * - control: `box.append(frame, x-grab)` on a connected box, the plain
 *   case insertGuarded holds back (the harness's control).
 */
const WAYS = [
  'unsafeopts', 'shadowword', 'trusted', 'faketrusted', 'adjacentflip', 'svgtemplate',
  'bodyproto', 'captionproto',
  'nativethrow', 'holdthrow', 'faceid',
  'closedmove', 'xhtmlprefix',
  'control',
];

const FRAME = '<iframe src="/px/never.gif" style="display:none"></iframe>';

const grabbing = `
  const FRAME = ${js(FRAME)};
  ${grabScript}
  const onConnect = (name, fn) => customElements.define(name, class extends HTMLElement { connectedCallback() { fn(this); } });
  const connected = () => { const box = document.createElement('div'); document.body.append(box); return box; };
  function connect(via) {
    const before = window.length;
    const grabNew = () => grab(window[before]);
    if (via === 'control') {
      onConnect('x-grab', grabNew);
      connected().append(frame(), document.createElement('x-grab'));
    } else if (via === 'unsafeopts') {
      onConnect('x-grab', grabNew);
      connected().setHTMLUnsafe(FRAME + '<x-grab></x-grab>', {});
    } else if (via === 'shadowword') {
      onConnect('x-grab', grabNew);
      connected().innerHTML = FRAME + '<x-grab title="shadowrootmode"></x-grab>';
    } else if (via === 'trusted') {
      onConnect('x-grab', grabNew);
      const policy = trustedTypes.createPolicy('attack6', { createHTML: (s) => s });
      connected().innerHTML = policy.createHTML(FRAME + '<x-grab></x-grab>');
    } else if (via === 'faketrusted') {
      onConnect('x-grab', grabNew);
      connected().innerHTML = Object.create(TrustedHTML.prototype, { toString: { value: () => FRAME + '<x-grab></x-grab>' } });
    } else if (via === 'adjacentflip') {
      onConnect('x-grab', grabNew);
      let n = 0;
      connected().insertAdjacentHTML({ toString: () => (n++ ? 'beforeend' : 'nowhere') }, FRAME + '<x-grab></x-grab>');
    } else if (via === 'svgtemplate') {
      onConnect('x-grab', grabNew);
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      const t = document.createElementNS('http://www.w3.org/2000/svg', 'template');
      svg.append(t);
      connected().append(svg);
      t.innerHTML = '<div>' + FRAME + '<x-grab></x-grab></div>';
    } else if (via === 'bodyproto') {
      onConnect('x-grab', grabNew);
      const nb = document.createElement('body');
      nb.append(document.getElementById('open'), document.getElementById('status'), frame(), document.createElement('x-grab'));
      Object.setPrototypeOf(nb, HTMLElement.prototype);
      document.body = nb;
    } else if (via === 'captionproto') {
      onConnect('x-grab', grabNew);
      const table = document.createElement('table');
      document.body.append(table);
      const cap = document.createElement('caption');
      cap.append(frame(), document.createElement('x-grab'));
      Object.setPrototypeOf(cap, HTMLElement.prototype);
      table.caption = cap;
    } else if (via === 'nativethrow') {
      const box = connected();
      box.append(frame());
      try { box.appendChild(box); } catch (e) { window.thrown = e.name; }
      grab(window[before]);
    } else if (via === 'holdthrow') {
      let go = false;
      let y = null;
      customElements.define('x-trip', class extends HTMLElement {
        disconnectedCallback() { if (go && y) y.remove(); }
        connectedCallback() { if (go) grab(window[before]); }
      });
      const holder = connected();
      const box = document.createElement('div');
      y = document.createElement('x-y');
      box.append(frame(), document.createElement('x-trip'), y);
      holder.append(box);
      go = true;
      document.body.appendChild(box);
    } else if (via === 'faceid') {
      let go = false;
      customElements.define('x-face', class extends HTMLElement {
        static formAssociated = true;
        formAssociatedCallback() { if (go) grab(window[before]); }
      });
      const face = document.createElement('x-face');
      face.setAttribute('form', 'dup');
      document.body.append(face);
      const form = document.createElement('form');
      form.id = 'dup';
      document.body.append(form);
      go = true;
      const f = frame();
      f.id = 'dup';
      document.body.prepend(f);
    } else if (via === 'closedmove') {
      onConnect('x-in', (el) => {
        try {
          const f = el.getRootNode().querySelector('iframe');
          window.closedInfo = [String(el.getRootNode()), String(f), window.length];
          document.body.moveBefore(f, null);
          window.closedInfo.push(window.length);
          grab(window[before]);
        } catch (e) { window.connectError = String(e); }
      });
      const doc = Document.parseHTMLUnsafe('<div id="h"><template shadowrootmode="closed">' + FRAME + '<x-in></x-in></template></div>');
      connected().append(doc.getElementById('h'));
    } else if (via === 'xhtmlprefix') {
      // Done in the blob: frame's own script (below); the top page waits for it.
      return new Promise((resolve) => {
        const xhtml = '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><div id="box"></div><script>//<![CDATA[\\n'
          + 'customElements.define("x-grab", class extends HTMLElement { connectedCallback() { parent.grab(window[0]); } });\\n'
          + 'document.getElementById("box").innerHTML = \\'<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="' + location.origin + '/px/never.gif"></h:iframe><x-grab xmlns="http://www.w3.org/1999/xhtml"></x-grab>\\';\\n'
          + 'parent.postMessage("xhtml-done", "*");\\n//]]><\\/script></body></html>';
        const url = URL.createObjectURL(new Blob([xhtml], { type: 'application/xhtml+xml' }));
        addEventListener('message', (e) => { if (e.data === 'xhtml-done') resolve(); });
        const f = document.createElement('iframe');
        f.style.display = 'none';
        f.src = url;
        document.body.append(f);
      });
    }
  }`;

/** On the person's click, a never-attached input opened with the showPicker of a first document reached `via`. */
function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'nativethrow';
  return grabbedPickerPage({
    grabbing,
    via,
    awaited: true,
    // Whether the realm was taken before Silbato wrapped it (its showPicker
    // is another function now; without Silbato it stays the same).
    after: 'window.takenBeforeWrap = !!window.grabbed && window.grabbed.HTMLInputElement.prototype.showPicker !== window.grabbedPicker;',
  });
}

/**
 * Without any user action: whether a page can tell Silbato is there.
 * - adjacentelement: `body.insertAdjacentElement('beforeend', iframe)`
 *   (without Silbato: the iframe is inserted and returned);
 * - leftover: `d.appendChild(f)` where d is inside the frame f (a
 *   HierarchyRequestError without Silbato, and nothing changes): whether
 *   d is left with a child.
 */
const detect = `<p id="status"></p><script>
  const result = {};
  try {
    const f = document.createElement('iframe');
    f.src = '/px/never.gif';
    f.style.display = 'none';
    const r = document.body.insertAdjacentElement('beforeend', f);
    result.adjacentElement = r === f && f.isConnected ? 'inserted' : 'returned ' + String(r);
  } catch (e) {
    result.adjacentElement = 'threw ' + e.name;
  }
  try {
    const f = document.createElement('iframe');
    const d = document.createElement('div');
    f.appendChild(d);
    try { d.appendChild(f); result.leftoverCall = 'no error'; } catch (e) { result.leftoverCall = 'threw ' + e.name; }
    result.leftoverChildren = d.childNodes.length;
  } catch (e) {
    result.leftoverCall = 'setup threw ' + e.name;
  }
  window.result = result;
  document.getElementById('status').textContent = JSON.stringify(result);
</script>`;

/** The page at `path` (one of /attack6-…), or undefined. */
export function attack6Page(path, query) {
  if (path === '/attack6-picker') return picker(query);
  if (path === '/attack6-detect') return detect;
  return undefined;
}

export { WAYS };
