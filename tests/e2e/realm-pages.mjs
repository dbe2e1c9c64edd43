// Pages that reach a frame's first, empty document (a realm Chromium runs no
// content script in) and use it to get a photo past the upload guard: its
// showPicker on an input never put in any document, an input a person clicks
// in it, a drop into it. Served by server.mjs at /realm-…; every page uploads
// whatever file reaches it to /upload, so the tests judge the bytes the
// server received. Tests: realms.test.mjs.

import { js, sendScript as send } from './uploads.mjs';

/**
 * The ways to a first document, each in the task that made its frame (or,
 * for `parser`, a frame the document's own HTML holds, reached from the next
 * script), each returning that realm's window:
 * - frames: `window.frames[i]` (no function stands between the page and it);
 * - getter: a first document's own contentWindow getter, on a second frame;
 * - nested: a frame made inside a first document;
 * - regexp, iterator, objectproto: contentWindow read while the page's
 *   RegExp.prototype.exec throws / its array iterator throws / getters on
 *   Object.prototype throw (Silbato wraps the realm in that moment);
 * - innerhtml: a frame made by an innerHTML setter, reached as frames[i];
 * - write: a frame written into the document with document.write;
 * - foreignappend: a frame put in with a first document's appendChild;
 * - popup: a popup opened from a first document, stopped before its address loads;
 * - parser: a srcdoc frame in the page's own HTML, reached from the next inline script.
 */
const WAYS = ['frames', 'getter', 'nested', 'regexp', 'iterator', 'objectproto', 'innerhtml', 'write', 'foreignappend', 'popup', 'parser'];

const firstDocumentHelpers = `
  const firstDocument = (parent) => {
    const d = parent || document;
    const f = d.createElement('iframe');
    f.srcdoc = '<p>x</p>';
    f.style.display = 'none';
    d.body.append(f);
    return f;
  };
  const last = () => window.frames[window.frames.length - 1];
  const poisoned = (what, f) => {
    const saved = {};
    if (what === 'regexp') { saved.exec = RegExp.prototype.exec; RegExp.prototype.exec = function () { throw new Error('no'); }; }
    if (what === 'iterator') { saved.it = Array.prototype[Symbol.iterator]; Array.prototype[Symbol.iterator] = function () { throw new Error('no'); }; }
    if (what === 'objectproto') {
      for (const k of ['get', 'set', 'value', 'writable', 'enumerable', 'configurable', 'childList', 'subtree'])
        Object.defineProperty(Object.prototype, k, { __proto__: null, get() { throw new Error('no'); }, configurable: true });
    }
    try {
      return f.contentWindow;
    } finally {
      if (saved.exec) RegExp.prototype.exec = saved.exec;
      if (saved.it) Array.prototype[Symbol.iterator] = saved.it;
      if (what === 'objectproto') for (const k of ['get', 'set', 'value', 'writable', 'enumerable', 'configurable', 'childList', 'subtree']) delete Object.prototype[k];
    }
  };
  function reachFirstDocument(via) {
    if (via === 'frames') { firstDocument(); return last(); }
    if (via === 'getter') {
      const w1 = firstDocument().contentWindow;
      return Object.getOwnPropertyDescriptor(w1.HTMLIFrameElement.prototype, 'contentWindow').get.call(firstDocument());
    }
    if (via === 'nested') { const w1 = firstDocument().contentWindow; return firstDocument(w1.document).contentWindow; }
    if (via === 'regexp' || via === 'iterator' || via === 'objectproto') return poisoned(via, firstDocument());
    if (via === 'innerhtml') {
      const box = document.createElement('div');
      document.body.append(box);
      box.innerHTML = '<iframe srcdoc="<p>x</p>" style="display:none"></iframe>';
      return last();
    }
    if (via === 'write') { document.write('<iframe srcdoc="<p>x</p>" style="display:none"></iframe>'); return last(); }
    if (via === 'foreignappend') {
      const w1 = window.frames[0];
      const f = document.createElement('iframe');
      f.srcdoc = '<p>x</p>';
      w1.Node.prototype.appendChild.call(document.body, f);
      return last();
    }
    if (via === 'popup') {
      const w1 = window.frames[0];
      const pop = w1.open('/px/never.gif', 'pop', 'width=300,height=200');
      pop.stop();
      return pop;
    }
    return window.frames[0];
  }`;

/** On the person's click, a never-attached input opened with the showPicker of a first document reached `via`. */
function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'frames';
  // parser and foreignappend need a frame from the start (the first for
  // parser: in the page's HTML, reached by the next script); write runs while
  // the document is still being parsed.
  const early = via === 'parser' || via === 'foreignappend' || via === 'popup'
    ? `<iframe srcdoc="<p>x</p>" style="display:none"></iframe><script>window.early = window.frames[0]; window.early.stop();</script>`
    : '';
  return `<button id="open">attach a photo</button><p id="status"></p>${early}<script>${send}
  ${firstDocumentHelpers}
  (() => {
    const via = ${js(via)};
    // The realm is reached at once (the page's own script); the picker on the person's click.
    let w = via === 'parser' ? window.early : via === 'write' ? reachFirstDocument('write') : null;
    document.getElementById('open').onclick = () => {
      // Opening a popup takes the person's activation: the picker comes with their next click.
      if (!w && via === 'popup') {
        w = reachFirstDocument(via);
        document.getElementById('status').textContent = 'opened';
        return;
      }
      if (!w) w = reachFirstDocument(via);
      // Keep it from loading, so the first document stays for good.
      try { w.stop(); } catch {}
      const input = document.createElement('input');
      input.type = 'file';
      input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
      try {
        w.HTMLInputElement.prototype.showPicker.call(input);
        document.getElementById('status').textContent = 'asked';
      } catch (e) {
        document.getElementById('status').textContent = 'threw ' + e.name;
      }
      // The other ways to open it, from that realm: its click(), and a dispatched click.
      window.again = () => w.HTMLElement.prototype.click.call(input);
      window.dispatched = () => w.EventTarget.prototype.dispatchEvent.call(input, new w.MouseEvent('click'));
    };
  })();
</script>`;
}

/**
 * A visible frame kept at its first document (its address never loads: the
 * page stops it), with a file input and a drop zone the page writes into it
 * and reads from: the person clicks the input, or drops a photo on the zone.
 */
const visible = (query) => `<p id="status"></p><iframe id="f" src="/px/slow.gif" style="width:400px;height:200px;border:1px solid"></iframe><script>${send}
  const f = document.getElementById('f');
  const w = f.contentWindow;
  w.stop();
  const d = w.document;
  d.body.innerHTML = '<input type="file" id="file"><div id="zone" style="width:300px;height:120px;background:#eee">drop here</div>';
  const input = d.getElementById('file');
  input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
  d.getElementById('zone').addEventListener('dragover', (e) => e.preventDefault());
  d.getElementById('zone').addEventListener('drop', (e) => { e.preventDefault(); if (e.dataTransfer.files.length) send([...e.dataTransfer.files], 'drop'); });
  // spend: the page spends the person's activation in the click (a popup), before Silbato's picker opens.
  if (${JSON.stringify(query.get('spend') === '1')}) input.addEventListener('click', () => { w.open('about:blank'); }, true);
  window.ready = true;
</script>`;

/**
 * /realm-objects: the page's own <object>s in its HTML, each holding a
 * nested <object> whose content is a custom element and text (the parser
 * stops before making the custom element, with both objects open): `deep`
 * the outer object's last child the nested object, `flat` text after it.
 * Silbato asks for frames then; an object open at that moment gets its
 * frame only if looked at again once closed (insertions.js's askAgain).
 */
const objects = () => `<script>customElements.define('x-nested', class extends HTMLElement {});</script>
<object id="deep" type="text/html" data="/realm-visible?deep" style="width:50px;height:50px"><object type="text/html" data="/realm-visible?fallback"><x-nested></x-nested>fallback</object></object>
<object id="flat" type="text/html" data="/realm-visible?flat" style="width:50px;height:50px"><object type="text/html" data="/realm-visible?fallback"><x-nested></x-nested></object>fallback</object>
<script>window.ready = true;</script>`;

/** The page at `path` (one of /realm-…), or undefined. */
export function realmPage(path, query) {
  if (path === '/realm-picker') return picker(query);
  if (path === '/realm-visible') return visible(query);
  if (path === '/realm-objects') return objects();
  return undefined;
}

export { WAYS };
