// Hostile pages for the fourteenth attack on the upload guard (issue 15):
// more ways for a page to reach a frame's first, empty document (a realm
// no content script runs in) before Silbato's page world wraps it, aimed at
// what changed last (a3b717f): the parser's <object>s holding its last
// node (insertions.js's makeObjectFrames: `isOpen`, `atScript`, stillOpen,
// askedOpen, askAgain), realms.js's `touched` (a wrapped call that changes
// an <object>'s children asks for its frame), parserStopped heard on the
// window, and makeTakenObjectFrames; and ways to tell Silbato is there
// with no action of the person. Served by server.mjs at /attack14-…;
// every page uploads whatever file reaches it to /upload, so the tests
// judge the bytes the server received. Tests: attack14.test.mjs.

import { grabbedPickerPage, grabScript, probeScript } from './uploads.mjs';

const OBJECT = 'type="text/html" data="/px/never.gif" style="width:10px;height:10px"';

/**
 * The ways tried, each leaving in `window.grabbed` the first document's
 * window and in `window.grabbedPicker` its showPicker (window.how says
 * where it was taken). Each is described where its markup is made, below.
 */
const WAYS = [
  'control',
  // a "script" as the parser's last node inside an <object> closed by now, then a custom element (a microtask checkpoint)
  'srcscriptce', 'textplaince', 'mathscriptce', 'svgscriptce', 'asyncce', 'modulece', 'dwsrcscriptce', 'srcscriptnext', 'srcscripttimer', 'templatece', 'noscriptce',
  // an <object> asked while open (frameless until its children change), closed, a custom element after: its children changed by means that do not `touch` it
  'inlinece', 'opence', 'opencedata', 'opencesplit', 'openceadopt', 'opencerange', 'opencemove', 'opencesel', 'opencedataattr', 'opencestyle',
  // a slot taking more elements than followed (MAX_TAKEN)
  'wideslot', 'wideslotcontrol',
];

const grabbing = `
  ${grabScript}
  const grab0 = window.grab;
  window.grab = (w, how) => { if (w && !window.grabbed) { window.how = how || '?'; grab0(w); } };
  window.notes = [];
  const note = (s) => window.notes.push(String(s));
  // The object #o: looked up (Chromium makes its frame), and, if that made
  // none, its children changed \`how\` (revive) and looked up again; then
  // window[i] read (never o.contentWindow before the grab: Silbato's getter
  // wraps the realm it hands over).
  function revive(o, how) {
    if (how === 'wrapped') { const t = document.createTextNode(''); o.appendChild(t); t.remove(); return; }
    const text = [...o.childNodes].find((n) => n.nodeType === 3);
    if (how === 'data') { text.data = text.data + 'y'; return; }
    if (how === 'split') { text.splitText(0); return; }
    if (how === 'adopt') { document.adoptNode(text); return; }
    if (how === 'range') { const r = document.createRange(); r.selectNode(text); r.deleteContents(); return; }
    if (how === 'move') { const t = document.createTextNode('m'); document.body.append(t); o.moveBefore(t, null); return; }
    if (how === 'selection') { const r = document.createRange(); r.selectNodeContents(text); const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r); sel.deleteFromDocument(); return; }
    if (how === 'attr') { o.setAttribute('data', '/px/never.gif?again'); return; }
    if (how === 'style') { o.style.display = 'none'; o.offsetWidth; o.style.display = ''; return; }
    throw new Error('no revive ' + how);
  }
  function lookupGrab(what, how = 'wrapped') {
    const o = document.getElementById('o');
    const had = window.length;
    o.anything;
    note(what + ': frames before ' + had + ', after a lookup ' + window.length);
    if (window.length > had) { grab(last(), 'lookup after ' + what); return; }
    if (window.length > 0) { grab(last(), 'the frame that was there before the lookup, ' + what); return; }
    if (!how) { window.how = 'no frame after ' + what; return; }
    revive(o, how);
    o.anything;
    note(what + ': after revive ' + how + ' and a lookup ' + window.length);
    if (window.length > had) grab(last(), 'lookup after revive ' + how + ', ' + what);
    else window.how = 'no frame after ' + what + ' and revive ' + how;
  }
  // A custom element whose constructor runs lookupGrab (the parser stops
  // for it, a microtask checkpoint, before it is made).
  function defineGrab(what, how) {
    customElements.define('x-grab', class extends HTMLElement { constructor() { super(); if (!window.ceSeen) { window.ceSeen = 1; lookupGrab(what, how); } } });
  }
  function connect(via) {
    const before = window.length;
    window.framesBefore = before;
    if (via === 'control') {
      document.body.append(frame());
      grab(last(), 'after append');
      return;
    }
    if (via === 'dwsrcscriptce') {
      defineGrab('dwsrcscriptce');
      document.write('<object id="o" ${OBJECT}><script src="data:text/javascript,"><\\/script></object><x-grab></x-grab>');
      return;
    }
    if (via === 'wideslot' || via === 'wideslotcontrol') {
      // host1's light child the object; host1's root holds host2 whose
      // light children are <span slot="y"> holding the <slot> that takes
      // the object, then (wideslot) 5000 <i slot="y">; host2's root holds
      // <slot id=z name="z">, renamed "y": what z takes (flattened) is the
      // span, then the <i>s, walked from the last (makeTakenObjectFrames
      // follows at most MAX_TAKEN, 4096).
      const host = document.createElement('div');
      document.body.append(host);
      const root = host.attachShadow({ mode: 'open' });
      root.innerHTML = '<div id="host2"><span id="span" slot="y"><slot id="inner"></slot></span>' + (via === 'wideslot' ? '<i slot="y"></i>'.repeat(5000) : '') + '</div>';
      const root2 = root.getElementById('host2').attachShadow({ mode: 'open' });
      root2.innerHTML = '<slot id="z" name="z"></slot>';
      const o = document.createElement('object');
      o.type = 'text/html'; o.data = '/px/never.gif'; o.style.cssText = 'width:10px;height:10px';
      host.append(o);
      setTimeout(() => {
        if (window.length > before) { window.how = 'the object had a frame while not rendered'; return; }
        root2.getElementById('z').name = 'y';
        note('frames right after the call ' + window.length + ', the object flattened into ' + (o.assignedSlot ? o.assignedSlot.id : 'none'));
        o.anything;
        if (window.length > before) grab(last(), 'lookup after ' + via);
        else window.how = 'no frame after ' + via;
      }, 50);
      return;
    }
    note(via + ': frames at the connect script ' + window.length);
  }`;

/** The markup of the parser ways: the page's own HTML before the connect script. */
function parserMarkup(via) {
  const ce = (markup, how = 'wrapped') => `<script>defineGrab(${JSON.stringify(via)}, ${JSON.stringify(how)})</script><object id="o" ${OBJECT}>${markup}</object><x-grab></x-grab>`;
  const inline = '<script>note("inside: frames " + window.length)</script>x';
  const open = 'x<script>note("inside: frames " + window.length)</script>';
  return {
    // A parser-blocking <script src> (empty: the parser's last node) inside the object; closed; a custom element.
    srcscriptce: ce('<script src="data:text/javascript,"></script>'),
    // A script that is not run (type text/plain), empty.
    textplaince: ce('<script type="text/plain"></script>'),
    // A MathML element whose localName is "script".
    mathscriptce: ce('<math><script></script></math>'),
    // An SVG <script>, empty.
    svgscriptce: ce('<svg><script></script></svg>'),
    // An async script (never blocks the parser).
    asyncce: ce('<script async src="data:text/javascript,"></script>'),
    // An empty inline module script (deferred).
    modulece: ce('<script type="module"></script>'),
    // A <script> inside a <template> (its content is another document: the template is the last node seen).
    templatece: ce('<template><script></script></template>'),
    // A <script> inside a <noscript> (raw text while scripting is on).
    noscriptce: ce('<noscript><script></script></noscript>'),
    // The control: a script after the object instead of a custom element (a new node: the observer runs).
    srcscriptnext: `<object id="o" ${OBJECT}><script src="data:text/javascript,"></script></object><script>lookupGrab("srcscriptnext")</script>`,
    // The same object as srcscriptce, then nothing the parser adds for a while: the page polls with a timer.
    srcscripttimer: `<script>window.t0 = setInterval(() => { const o = document.getElementById('o'); if (o && !window.tried && o.nextSibling) { window.tried = 1; clearInterval(window.t0); lookupGrab("srcscripttimer") } }, 0)</script><object id="o" ${OBJECT}><script src="data:text/javascript,"></script></object>`,
    // An inline script inside the object (its text the last node: the object asked while open), text, closed, a custom element.
    inlinece: ce(inline, 'wrapped'),
    // Text, then an inline script, the object's last content (its text the
    // parser's last node as the observer runs: the object asked while open);
    // closed; a custom element (no node added since: the observer does not
    // run). The object, frameless, is revived by changing its children:
    // with a wrapped call (the control), or by means that do not `touch` it.
    opence: ce(open, 'wrapped'),
    opencedata: ce(open, 'data'),
    opencesplit: ce(open, 'split'),
    openceadopt: ce(open, 'adopt'),
    opencerange: ce(open, 'range'),
    opencemove: ce(open, 'move'),
    opencesel: ce(open, 'selection'),
    opencedataattr: ce(open, 'attr'),
    opencestyle: ce(open, 'style'),
  }[via] ?? '';
}

/** On the person's click, a never-attached input opened with the showPicker of a first document reached `via`. */
function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  return grabbedPickerPage({ grabbing, via, early: parserMarkup(via) });
}

/** Requests for /attack14-count, by key (a page's object's address). */
const counts = new Map();

/**
 * Detection pages: each runs a probe with no action of the person and
 * leaves its findings in window.result; the test compares it with the same
 * page in Chromium without the extension.
 */
const PROBES = {
  // An <object> holding an empty <script src>, then a custom element counting frames.
  srcscriptce: `
    await new Promise((r) => setTimeout(r, 500));
    return { atCe: window.atCe, later: window.length };`,
  // An <object> of the page's HTML with a script inside and fallback text,
  // its address a page of this server: how many times it was asked for,
  // and the object's load/error events, by the load and a while after.
  requests: `
    await new Promise((r) => (document.readyState === 'complete' ? r() : window.addEventListener('load', r)));
    await new Promise((r) => setTimeout(r, 1500));
    const t = await (await fetch('/attack14-counted?k=' + window.key)).text();
    return { requests: Number(/count=(\\d+)/.exec(t)[1]), events: window.events, frames: window.length };`,
  // The same, the object's children changed by the page's own wrapped calls after it loaded.
  touchedrequests: `
    await new Promise((r) => (document.readyState === 'complete' ? r() : window.addEventListener('load', r)));
    await new Promise((r) => setTimeout(r, 500));
    const o = document.getElementById('po');
    o.append('more fallback'); o.textContent = 'other fallback'; o.lastChild.remove();
    await new Promise((r) => setTimeout(r, 1500));
    const t = await (await fetch('/attack14-counted?k=' + window.key)).text();
    return { requests: Number(/count=(\\d+)/.exec(t)[1]), events: window.events, frames: window.length };`,
};

// The same page, the object holding only fallback text, nothing at all, or an empty <script src>.
PROBES.requestsplain = PROBES.requests;
PROBES.requestsempty = PROBES.requests;
PROBES.requestssrc = PROBES.requests;
PROBES.requestsonly = PROBES.requests;
PROBES.requeststext = PROBES.requests;

const KEY = () => `k${Math.random()}`.replace('.', '');
const counted = (key, inside = '<script>window.inside = window.length</script>fallback') => `<script>window.key = "${key}"; window.events = []</script><object id="po" type="text/html" data="/attack14-count?k=${key}" style="width:10px;height:10px" onload="events.push('load')" onerror="events.push('error')">${inside}</object>`;

const PROBE_HTML = {
  srcscriptce: `<script>customElements.define("x-count", class extends HTMLElement { constructor() { super(); window.atCe = window.length; } })</script><object id="po" ${OBJECT}><script src="data:text/javascript,"></script></object><x-count></x-count>`,
  requests: () => counted(KEY()),
  touchedrequests: () => counted(KEY()),
  requestsplain: () => counted(KEY(), 'fallback'),
  requestsempty: () => counted(KEY(), ''),
  requestssrc: () => counted(KEY(), '<script src="data:text/javascript,"></script>'),
  requestsonly: () => counted(KEY(), '<script>window.inside = window.length</script>'),
  requeststext: () => counted(KEY(), 'fallback<script>window.inside = window.length</script>'),
};

function detect(query) {
  const name = query.get('probe');
  const probe = PROBES[name] ?? 'return null;';
  const html = typeof PROBE_HTML[name] === 'function' ? PROBE_HTML[name]() : PROBE_HTML[name] ?? '';
  return `<p id="status"></p>${html}${probeScript(probe)}`;
}

export const DETECTION_PROBES = Object.keys(PROBES);

export function attack14Page(path, query) {
  if (path === '/attack14-picker') return picker(query);
  if (path === '/attack14-detect') return detect(query);
  if (path === '/attack14-count') {
    const k = query.get('k') ?? '';
    counts.set(k, (counts.get(k) ?? 0) + 1);
    return '<p>the object\'s page</p>';
  }
  if (path === '/attack14-counted') return `count=${counts.get(query.get('k') ?? '') ?? 0}`;
  return undefined;
}
