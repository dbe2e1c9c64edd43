// Hostile pages for the fifteenth attack on the upload guard (issue 15):
// more ways for a page to reach a frame's first, empty document (a realm
// no content script runs in) before Silbato's page world wraps it, aimed at
// what changed last: the `definitions` gate of insertions.js's
// makeObjectFrames (an <object> the parser may still have open is asked at
// once only if a custom element was defined through a wrapped define),
// MAX_OPEN (stillOpen keeps 64), and ways to tell Silbato is there with no
// action of the person. Served by server.mjs at /attack15-…; every page
// uploads whatever file reaches it to /upload, so the tests judge the bytes
// the server received. Tests: attack15.test.mjs.

import { childObjectScript, grabbedPickerPage, objectGrabScript, probeScript } from './uploads.mjs';

const OBJECT = 'type="text/html" data="/px/never.gif" style="width:10px;height:10px"';

/** The ways tried, each leaving in `window.grabbed` a first document's window (window.how says where it was taken). */
const WAYS = [
  'control',
  // a custom element defined in the tab's registry with ANOTHER realm's define (its own Silbato, its own `definitions`)
  'foreigndefine', 'foreigndefinectl',
  // the same across documents: a frame's own parser, x-grab defined in its registry with the TAB's define (the frame's Silbato never hears of it)
  'childparentdefine', 'childowndefine',
  // more than MAX_OPEN (64) <object>s open around the one that matters
  'nest64', 'nest1', 'nestmath64', 'nestmath1', 'nestcontents64',
  // page code the parser runs synchronously: an about:blank <iframe>'s load
  'iframeload',
];

const grabbing = objectGrabScript();

const open = 'x<script>note("inside: frames " + window.length)</script>';

/** The markup of the parser ways: the page's own HTML before the connect script. */
function parserMarkup(via) {
  // An about:blank <iframe> (Silbato's own scripts run in it: its own page
  // world, its own `definitions`), its CustomElementRegistry's define called
  // on THIS window's registry: the tab's Silbato never hears of it.
  const foreign = `<iframe id="child" style="display:none"></iframe><script>
    note('child frames ' + window.length);
    window[0].CustomElementRegistry.prototype.define.call(customElements, 'x-grab', grabClass(${JSON.stringify(via)}));
  </script>`;
  const nest = (n) => '<object>'.repeat(n) + `<object id="o" ${OBJECT}>${open}</object><script>lookupGrab(${JSON.stringify(via)})</script>` + '</object>'.repeat(n);
  const nestMath = (n) => '<math>' + '<object>'.repeat(n) + `<mtext><object id="o" ${OBJECT}>${open}</object><script>lookupGrab(${JSON.stringify(via)})</script></mtext>` + '</object>'.repeat(n) + '</math>';
  return {
    // x-grab defined with the child's define: the object (its last node the
    // inline script's text) is not asked while open (definitions false in
    // the tab's page world); closed; the custom element's constructor (no
    // node added since the observer's last call) looks it up.
    foreigndefine: `${foreign}<object id="o" ${OBJECT} onerror="note('object error')" onload="note('object load')">${open}</object><x-grab></x-grab>`,
    // The control: defined with the tab's own (wrapped) define.
    foreigndefinectl: `<iframe id="child" style="display:none"></iframe><script>customElements.define('x-grab', grabClass(${JSON.stringify(via)}))</script><object id="o" ${OBJECT}>${open}</object><x-grab></x-grab>`,
    // A same-origin frame with an address (its own Silbato page world, its
    // own \`definitions\`): its HTML is childPage's.
    childparentdefine: '<iframe id="child" src="/attack15-child?define=parent" style="width:40px;height:40px"></iframe>',
    childowndefine: '<iframe id="child" src="/attack15-child?define=own" style="width:40px;height:40px"></iframe>',
    // 64 <object>s with no address (their fallback content shown) around
    // the object, open while the parser reaches the script after it.
    nest64: nest(64),
    // 64 MathML <object>s (foreign elements named "object": querySelectorAll
    // finds them, makeObjectFrames keeps them in stillOpen; their content is
    // rendered), the HTML object inside an <mtext>.
    nestmath64: nestMath(64),
    nestmath1: nestMath(1),
    // 64 HTML <object>s with no address styled display: contents.
    nestcontents64: '<object style="display:contents">'.repeat(64) + `<object id="o" ${OBJECT}>${open}</object><script>lookupGrab(${JSON.stringify(via)})</script>` + '</object>'.repeat(64),
    nest1: nest(1),
    // The object, closed, then an about:blank <iframe> the parser inserts:
    // its synchronous load runs the page's onload.
    iframeload: `<object id="o" ${OBJECT}>${open}</object><iframe id="f" style="display:none" onload="if (!window.ifl) { window.ifl = 1; lookupGrab('iframeload') }"></iframe>`,
  }[via] ?? '';
}

/**
 * The frame of the child… ways: x-grab defined in its own registry with
 * the parent's define (\`parent\`: the parent's Silbato sets its own
 * \`definitions\`, the frame's stays false) or its own (\`own\`, the
 * control); then an <object> whose last node, as the frame's observer last
 * runs, is an inline script's text (asked while open only if the frame's
 * \`definitions\`), closed, and x-grab: its constructor looks the object up
 * and hands the first document it made to the parent (parent.grab).
 */
function childPage(query) {
  const how = query.get('define') === 'parent' ? 'parent.CustomElementRegistry.prototype.define.call(customElements, ' : 'customElements.define(';
  return `<script>
    const note = (s) => parent.notes.push('child: ' + s);${childObjectScript('parent', "the child frame\\'s lookup at", how, OBJECT)}`;
}

/** On the person's click, a never-attached input opened with the showPicker of a first document reached `via`. */
function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  return grabbedPickerPage({ grabbing, via, early: parserMarkup(via) });
}

/**
 * Detection pages: each runs a probe with no action of the person and
 * leaves its findings in window.result; the test compares it with the same
 * page in Chromium without the extension.
 */
const PROBES = {
  // An <object> with no address (fallback content: a common "no plugin"
  // widget) holding an inline script: the page's MutationObserver on it,
  // records by the load and a while after.
  commentrecords: `
    await new Promise((r) => (document.readyState === 'complete' ? r() : window.addEventListener('load', r)));
    await new Promise((r) => setTimeout(r, 500));
    return { records: window.records, frames: window.length };`,
};
PROBES.commentrecordsimg = PROBES.commentrecords;

const watchObject = `<script>window.records = []; new MutationObserver((rs) => { for (const r of rs) window.records.push(r.target.id + ':+' + [...r.addedNodes].map((n) => n.nodeName).join(',') + '-' + [...r.removedNodes].map((n) => n.nodeName).join(',')); }).observe(document, { childList: true, subtree: true })</script>`;

const PROBE_HTML = {
  commentrecords: `${watchObject}<object id="po">fallback<script>window.inside = 1</script></object><p>after</p>`,
  commentrecordsimg: `${watchObject}<object id="po" type="image/gif" data="/px/never.gif">fallback<script>window.inside = 1</script></object><p>after</p>`,
};

function detect(query) {
  const name = query.get('probe');
  const probe = PROBES[name] ?? 'return null;';
  const html = PROBE_HTML[name] ?? '';
  return `<p id="status"></p>${html}${probeScript(probe)}`;
}

export const DETECTION_PROBES = Object.keys(PROBES);

export function attack15Page(path, query) {
  if (path === '/attack15-picker') return picker(query);
  if (path === '/attack15-detect') return detect(query);
  if (path === '/attack15-child') return childPage(query);
  return undefined;
}
