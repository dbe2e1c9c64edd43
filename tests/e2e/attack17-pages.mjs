// Hostile pages for the seventeenth attack on the upload guard: an <object>
// judged closed (a stray record) while the parser still has it open, whose
// children then change with no childList record naming it: text the parser
// merges into a text node already there (a characterData record only), or
// nodes added to an element inside the object. Served by server.mjs at
// /attack17-…; tests: attack17.test.mjs.

import { grabbedPickerPage, objectGrabScript, probeScript } from './uploads.mjs';

const OBJECT = 'type="text/html" data="/px/never.gif" style="width:10px;height:10px"';

const WAYS = ['control', 'mergey', 'mergeyce', 'mergenostray', 'divy', 'mergeywrite', 'yieldmerge'];

const grabbing = objectGrabScript();


const ev = `onerror="note('object error')" onload="note('object load')"`;
// Inside the object: a note, a <meta> put into the head (the observer's next
// call sees it last: the object judged closed, asked while open), and the
// script taking itself out, so that the object's last child is the text "x".
const strayGone = 'x<script>note("inside: frames " + window.length); document.head.appendChild(document.createElement("meta")); document.currentScript.remove()</script>';
const gone = 'x<script>note("inside: frames " + window.length); document.currentScript.remove()</script>';

function parserMarkup(via) {
  return {
    // The parser's "y" merged into "x" (characterData only), then closed; the page's next script looks it up.
    mergey: `<object id="o" ${OBJECT} ${ev}>${strayGone}y</object><script>lookupGrab('mergey')</script>`,
    // The same with x-grab defined (the gate open) and <x-grab> after </object>.
    mergeyce: `<script>customElements.define('x-grab', grabClass('mergeyce'))</script><object id="o" ${OBJECT} ${ev}>${strayGone}y</object><x-grab></x-grab>`,
    // No stray node: the object stays kept (control of the merge).
    mergenostray: `<object id="o" ${OBJECT} ${ev}>${gone}y</object><script>lookupGrab('mergenostray')</script>`,
    // The parser's "y" added to a <div> inside the object, not the object itself.
    divy: `<object id="o" ${OBJECT} ${ev}><div>x<script>note("inside: frames " + window.length); document.head.appendChild(document.createElement("meta"))</script>y</div></object><script>lookupGrab('divy')</script>`,
    // The merge made by document.write from the inline script after the stray node.
    mergeywrite: `<object id="o" ${OBJECT} ${ev}>x<script>note("inside: frames " + window.length); document.head.appendChild(document.createElement("meta")); document.currentScript.remove(); document.write("y")</script></object><script>lookupGrab('mergeywrite')</script>`,
    // No script inside: text, then many ignored end tags (tokens with no DOM
    // change, the parser yielding among them), more text merged into the
    // same text node, and so on: observer calls whose only records are
    // characterData ones (no node added: the object judged closed while
    // open), later merges making Chromium look at it again.
    yieldmerge: `<object id="o" ${OBJECT} ${ev}>` + ('t' + '</x>'.repeat(20000)).repeat(60) + `</object><script>lookupGrab('yieldmerge')</script>`,
  }[via] ?? '';
}

function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  return grabbedPickerPage({ grabbing, via, early: parserMarkup(via) });
}

const watchObject = `<script>window.records = []; window.events = []; new MutationObserver((rs) => { for (const r of rs) window.records.push(r.type + ':' + (r.target.id || r.target.nodeName) + ':+' + [...r.addedNodes].map((n) => n.nodeName).join(',') + '-' + [...r.removedNodes].map((n) => n.nodeName).join(',')); }).observe(document, { childList: true, subtree: true, characterData: true })</script>`;
const settle = `
    await new Promise((r) => (document.readyState === 'complete' ? r() : window.addEventListener('load', r)));
    await new Promise((r) => setTimeout(r, 800));`;
const result = `${settle}
    const o = document.getElementById('po');
    return { events: window.events, records: window.records, frames: window.length, framed: !!o.contentDocument };`;
const listen = `onerror="events.push('error')" onload="events.push('load')"`;
const PROBE_HTML = {
  // An object whose fallback script puts a style in the head and takes itself out; the parser merges more fallback text.
  mergeopen: `${watchObject}<object id="po" data="/attack17-blank" type="text/html" ${listen}>fallback<script>document.head.appendChild(document.createElement('style')); document.currentScript.remove()</script> more</object><p>after</p>`,
  // Only the fallback script taking itself out (no node put elsewhere).
  selfremove: `${watchObject}<object id="po" data="/attack17-blank" type="text/html" ${listen}>fallback<script>document.currentScript.remove()</script> more</object><p>after</p>`,
  // The fallback text in a <div>, a style put in the head.
  divopen: `${watchObject}<object id="po" data="/attack17-blank" type="text/html" ${listen}><div>fallback<script>document.head.appendChild(document.createElement('style'))</script> more</div></object><p>after</p>`,
};

function detect(query) {
  const name = query.get('probe');
  const html = PROBE_HTML[name] ?? '';
  return `<p id="status"></p>${html}${probeScript(PROBE_HTML[name] ? result : 'return null;')}`;
}

export const DETECTION_PROBES = Object.keys(PROBE_HTML);

export function attack17Page(path, query) {
  if (path === '/attack17-picker') return picker(query);
  if (path === '/attack17-detect') return detect(query);
  if (path === '/attack17-blank') return '<p>a page</p>';
  return undefined;
}
