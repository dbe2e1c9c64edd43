// Hostile pages for the thirteenth attack on the upload guard (issue 15):
// more ways for a page to reach a frame's first, empty document (a realm
// no content script runs in) before Silbato's page world wraps it, aimed at
// what changed last (dfdda6f, 14cd355): the parser's <object>s seen open
// and asked for again once closed (insertions.js's makeObjectFrames,
// stillOpen, askedOpen, askAgain, realms.js's parserStopped at
// readystatechange), and the slot wrappers (what a slot takes changed
// through nested shadow trees); and ways to tell Silbato is there with no
// action of the person. Served by server.mjs at /attack13-…; every page
// uploads whatever file reaches it to /upload, so the tests judge the bytes
// the server received. Tests: attack13.test.mjs.

import { grabbedPickerPage, grabScript, openGrabbedScript, probeScript, sendScript as send } from './uploads.mjs';

/**
 * The ways tried, each leaving in `window.grabbed` the first document's
 * window and in `window.grabbedPicker` its showPicker (window.how says
 * where it was taken). Each is described where it is made, below.
 */
const WAYS = [
  'control',
  // the page's HTML: an <object> the parser has open
  'parsercontrol', 'cefirst', 'cefirstpoll', 'cefirstrsstop', 'dwcefirst', 'fakers', 'openmove', 'openload',
  // the parser stopping (readystatechange)
  'objectlast', 'rsstop',
  // more objects open at once than Silbato keeps (MAX_OPEN 64)
  'overflow', 'overflowcontrol',
  // slots of nested shadow trees
  'nestedslotcontrol', 'nestedslot', 'nestedslotattr', 'nestedspanattr', 'nestedname', 'nestedinsert', 'assignslot', 'assignspan',
];

const OBJECT = 'type="text/html" data="/px/never.gif" style="width:10px;height:10px"';

const grabbing = `
  ${grabScript}
  const grab0 = window.grab;
  window.grab = (w, how) => { if (w && !window.grabbed) { window.how = how || '?'; grab0(w); } };
  window.notes = [];
  const note = (s) => window.notes.push(String(s));
  // A custom element that does nothing: the parser stops for it (a microtask checkpoint) before it is made.
  function defineCe() {
    customElements.define('x-ce', class extends HTMLElement {});
  }
  // The object #o (the page's HTML, closed by now): a property looked up
  // on it (Chromium makes its frame), and, if that made none, a child put
  // in and taken out first (\`revive\`), then window[i] read.
  function lookupGrab(what, revive = true) {
    const o = document.getElementById('o');
    const had = window.length;
    o.anything;
    // (o.contentWindow is read only after the grab: Silbato's getter wraps the realm it hands over.)
    note(what + ': frames before ' + had + ', after a lookup ' + window.length);
    if (window.length > had) { grab(last(), 'lookup after ' + what); note('the window of the object is the one taken: ' + (o.contentWindow === window.grabbed)); return; }
    // A frame Silbato made already (wrapped, if it works): taken all the same, to show the harness reaches it.
    if (window.length > 0) { grab(last(), 'the frame that was there before the lookup, ' + what); note('the window of the object is the one taken: ' + (o.contentWindow === window.grabbed)); return; }
    if (!revive) { window.how = 'no frame after ' + what; return; }
    const t = document.createTextNode('');
    o.appendChild(t);
    t.remove();
    o.anything;
    note(what + ': after a child in and out and a lookup ' + window.length);
    if (window.length > had) { grab(last(), 'lookup after a child in and out, ' + what); note('the window of the object is the one taken: ' + (o.contentWindow === window.grabbed)); }
    else window.how = 'no frame after ' + what;
  }
  // Every turn (a MessageChannel), a realm not seen before is taken.
  function pollNew(what, ms = 4000) {
    const docs = [];
    for (let i = 0; i < window.length; i++) { try { docs.push(window[i].document); } catch {} }
    const t0 = Date.now();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      for (let i = 0; i < window.length; i++) {
        try {
          const w = window[i];
          if (!docs.includes(w.document)) { note('new realm at ' + i + ' after ' + (Date.now() - t0) + ' ms, readyState ' + document.readyState); grab(w, 'polled: ' + what); return; }
        } catch {}
      }
      if (Date.now() < t0 + ms) ch.port2.postMessage(0);
      else window.how = 'no new realm (' + what + ', frames ' + window.length + ')';
    };
    ch.port2.postMessage(0);
  }
  // A shadow host holding the object as a light child, whose root holds a
  // second host: \`inner\` its light markup (in the first root), \`deeper\`
  // its own root's markup. The object is not rendered until the way's call.
  function nested(inner, deeper, manual = false) {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<div id="host2">' + inner + '</div>';
    const root2 = root.getElementById('host2').attachShadow({ mode: 'open', slotAssignment: manual ? 'manual' : 'named' });
    root2.innerHTML = deeper;
    const o = document.createElement('object');
    o.type = 'text/html';
    o.data = '/px/never.gif';
    o.style.cssText = 'width:10px;height:10px';
    host.append(o);
    return { o, root, root2 };
  }
  function connect(via) {
    const before = window.length;
    window.framesBefore = before;
    if (via === 'control') {
      document.body.append(frame());
      grab(last(), 'after append');
      return;
    }
    if (via === 'dwcefirst') {
      // The markup of cefirst written with document.write (pieces end at each </object>).
      defineCe();
      document.write('<object id="o" ${OBJECT}><x-ce></x-ce></object><script>lookupGrab("dwcefirst")<\\/script>');
      return;
    }
    if (via.startsWith('nested') || via.startsWith('assign')) {
      let s;
      if (via === 'nestedslotcontrol' || via === 'nestedslotattr') {
        // The control: the inner <slot> (which takes the object) is itself
        // host2's child, slot "x"; host2's root has only <slot name="y">.
        s = nested('<slot id="inner" slot="x"></slot>', '<slot name="y"></slot>');
      } else if (via === 'nestedname') {
        // The span's slot is "y" already; host2's root holds only <slot name="z">.
        s = nested('<span id="span" slot="y"><slot id="inner"></slot></span>', '<slot id="z" name="z"></slot>');
      } else if (via === 'nestedinsert') {
        // The span's slot is "y"; host2's root holds no slot at all.
        s = nested('<span id="span" slot="y"><slot id="inner"></slot></span>', '<b>no slot</b>');
      } else if (via === 'nestedslot' || via === 'nestedspanattr') {
        // The inner <slot> sits in a <span slot="x">, host2's child.
        s = nested('<span id="span" slot="x"><slot id="inner"></slot></span>', '<slot name="y"></slot>');
      } else if (via === 'assignslot') {
        // host2's root assigns by hand: its <slot id="y"> takes nothing yet; the inner <slot> is host2's child.
        s = nested('<slot id="inner"></slot>', '<slot id="y"></slot>', true);
      } else {
        // The same, the inner <slot> inside a <span>.
        s = nested('<span id="span"><slot id="inner"></slot></span>', '<slot id="y"></slot>', true);
      }
      const { o, root, root2 } = s;
      setTimeout(() => {
        if (window.length > before) { window.how = 'the object had a frame while not rendered'; return; }
        const $ = (id) => root.getElementById(id);
        if (via === 'nestedslotcontrol') $('inner').slot = 'y';
        else if (via === 'nestedslotattr') $('inner').setAttribute('slot', 'y');
        else if (via === 'nestedslot') $('span').slot = 'y';
        else if (via === 'nestedspanattr') $('span').setAttribute('slot', 'y');
        else if (via === 'nestedname') root2.getElementById('z').name = 'y';
        else if (via === 'nestedinsert') { const y = document.createElement('slot'); y.name = 'y'; root2.append(y); }
        else if (via === 'assignslot') root2.getElementById('y').assign($('inner'));
        else root2.getElementById('y').assign($('span'));
        note('frames right after the call ' + window.length + ', the object flattened into ' + (o.assignedSlot ? o.assignedSlot.id : 'none'));
        o.anything;
        if (window.length > before) grab(last(), 'lookup after ' + via);
        else window.how = 'no frame after ' + via;
      }, 50);
      return;
    }
    note(via + ': frames at the connect script ' + window.length);
  }`;

/**
 * The markup of the parser ways: the page's own HTML before the connect
 * script (`early`), or at its very end, after everything (`tail`).
 */
function parserMarkup(via) {
  const early = {
    // The control: a script inside the open object (Silbato's observer sees it open), text after, closed; a script after it looks it up.
    parsercontrol: `<object id="o" ${OBJECT}><script>note("inside: frames " + window.length)</script>x</object><script>lookupGrab("parsercontrol")</script>`,
    // The object's first content is a custom element: the parser stops for it (Silbato's observer runs) with the EMPTY object as its last node.
    cefirst: `<script>defineCe()</script><object id="o" ${OBJECT}><x-ce></x-ce></object><script>lookupGrab("cefirst")</script>`,
    // The same, the page only polling for a new realm (Chromium makes the frame in a task of its own).
    cefirstpoll: `<script>defineCe(); pollNew("the object whose first content is a custom element")</script><object id="o" ${OBJECT}><x-ce></x-ce></object>`,
    // The same, with a capture listener on the window stopping every readystatechange before Silbato's on the document.
    cefirstrsstop: `<script>addEventListener("readystatechange", (e) => e.stopImmediatePropagation(), true); defineCe(); pollNew("the object whose first content is a custom element, readystatechange stopped")</script><object id="o" ${OBJECT}><x-ce></x-ce></object>`,
    // A script inside the open object fires a readystatechange of its own at the document; then more content; closed; looked up.
    fakers: `<object id="o" ${OBJECT}><script>note("inside: frames " + window.length); document.dispatchEvent(new Event("readystatechange"))</script><p>x</p></object><script>lookupGrab("fakers")</script>`,
    // A script inside the open object takes it out of the document (into a detached div); closed; put back with append, looked up.
    openmove: `<object id="o" ${OBJECT}><script>window.holder = document.createElement("div"); holder.append(document.getElementById("o"))</script><p>x</p></object><script>document.body.append(holder.firstChild); lookupGrab("openmove")</script>`,
    // The control of openload: a script inside the open object (Silbato sees it open), text, closed; a frame with no address right after it, whose load fires as the parser puts it in, and its onload looks the object up (a child put in and out first if it has no frame).
    openload: `<object id="o" ${OBJECT}><script>note("inside: frames " + window.length)</script>x</object><iframe style="display:none" onload="if (!window.loadSeen) { window.loadSeen = 1; lookupGrab('openload') }"></iframe>`,
  }[via];
  const nest = (n) => `<object id="o" ${OBJECT}>${'<object>'.repeat(n)}<script>note("inside " + ${n} + " objects: frames " + window.length)</script>${'</object>'.repeat(n)}</object><script>lookupGrab("${n} nested objects")</script><p>more of the page</p>`;
  const tail = {
    // The page's last markup an <object> never closed (attack9's objectlast): the parser closes it as it stops; the page polls.
    objectlast: `<script>pollNew("the object the parser had open as it stopped")</script><object id="o" ${OBJECT}>`,
    // The same, the page's capture listener on the window stopping every readystatechange before it reaches the document.
    rsstop: `<script>addEventListener("readystatechange", (e) => e.stopImmediatePropagation(), true); pollNew("the object the parser had open as it stopped, readystatechange stopped")</script><object id="o" ${OBJECT}>`,
    // 70 nested objects (Silbato keeps 64 seen open, then forgets them all): the outer one closed, a script after it (the parser not stopped yet).
    overflow: nest(70),
    overflowcontrol: nest(3),
  }[via];
  return { early: early ?? '', tail: tail ?? '' };
}

/** On the person's click, a never-attached input opened with the showPicker of a first document reached `via`. */
function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  const { early, tail } = parserMarkup(via);
  if (!tail) return grabbedPickerPage({ grabbing, via, early });
  return `<button id="open">attach a photo</button><p id="status"></p><script>${grabbing}</script><script>${send}
  window.ready = true;
  ${openGrabbedScript}
</script>${tail}`;
}

/**
 * Detection pages: each runs a probe with no action of the person and
 * leaves its findings in window.result (a JSON-able value); the test
 * compares it with the same page in Chromium without the extension.
 */
const PROBES = {
  // The page's MutationObserver on an <object> of its HTML seen open (a script inside it): the records it sees by the load.
  openrecords: `
    await new Promise((r) => (document.readyState === 'complete' ? r() : window.addEventListener('load', r)));
    await new Promise((r) => setTimeout(r, 300));
    return { records: window.seen, frames: window.length };`,
  // A readystatechange of the page's own, fired inside an open <object>: the frames then and later.
  fakers: `
    await new Promise((r) => setTimeout(r, 500));
    return { inside: window.inside, afterClose: window.afterClose, later: window.length, seen: window.seen };`,
  // An <embed> in the page's HTML, then a custom element whose constructor counts the frames (the parser stops for it).
  embedce: `
    await new Promise((r) => setTimeout(r, 300));
    return { atCe: window.atCe, later: window.length };`,
  // An <object> whose first content is a custom element (the parser stops for it with the empty object as its last node): frames then, after it closes, and later.
  cefirst: `
    await new Promise((r) => setTimeout(r, 500));
    return { atCe: window.atCe, afterClose: window.afterClose, later: window.length, objectWindow: !!document.getElementById('po').contentWindow };`,
  // Timing alone: 100,000 textContent sets on a div in a shadow tree against
  // 100,000 nodeValue sets on a text node (a setter Silbato leaves alone):
  // the ratio, and whether it is above 10.
  textcost: `
    await new Promise((r) => setTimeout(r, 200));
    const host = document.createElement('div'); document.body.append(host);
    const d = document.createElement('div'); host.attachShadow({ mode: 'open' }).append(d);
    const t = document.createTextNode('k'); document.body.append(t);
    const time = (f) => { const s = performance.now(); for (let i = 0; i < 100000; i++) f(i); return performance.now() - s; };
    time((i) => { d.textContent = 'w' + i; }); time((i) => { t.nodeValue = 'w' + i; });
    const text = time((i) => { d.textContent = 'x' + i; });
    const value = time((i) => { t.nodeValue = 'x' + i; });
    window.ratio = Math.round(text / value);
    console.log('textcost', Math.round(text), Math.round(value));
    return { above10: text / value > 10 };`,
  // readystatechange stopped at the window: an <object> the parser had open as it stopped (the page's last markup).
  rsstoplast: `
    await new Promise((r) => setTimeout(r, 0));
    const atScript = window.length;
    await new Promise((r) => (document.readyState === 'complete' ? r() : window.addEventListener('load', r)));
    await new Promise((r) => setTimeout(r, 300));
    return { atScript, later: window.length };`,
};

const OBSERVE = '<script>window.seen = []; new MutationObserver((rs) => { for (const r of rs) for (const n of [...r.addedNodes, ...r.removedNodes]) if (n.nodeType === 8) window.seen.push((r.addedNodes.length ? "added" : "removed") + " a comment in " + r.target.localName); }).observe(document, { childList: true, subtree: true });</script>';

const PROBE_HTML = {
  openrecords: `${OBSERVE}<object id="po" ${OBJECT}><script>window.inside = window.length</script>fallback</object><script>window.afterClose = window.length</script>`,
  fakers: `${OBSERVE}<object id="po" ${OBJECT}><script>window.inside = window.length; document.dispatchEvent(new Event("readystatechange"))</script>fallback</object><script>window.afterClose = window.length</script>`,
  cefirst: `<script>customElements.define("x-count", class extends HTMLElement { constructor() { super(); window.atCe = window.length; } })</script><object id="po" ${OBJECT}><x-count></x-count></object><script>window.afterClose = window.length</script>`,
  embedce: `<script>customElements.define("x-count", class extends HTMLElement { constructor() { super(); window.atCe = window.length; } })</script><embed ${OBJECT.replace('data=', 'src=')}><x-count></x-count>`,
};

/** Markup after the probe's script (the page's last). */
const PROBE_TAIL = {
  rsstoplast: `<object id="po" ${OBJECT}>`,
};
const PROBE_FIRST = {
  rsstoplast: '<script>addEventListener("readystatechange", (e) => e.stopImmediatePropagation(), true)</script>',
};

function detect(query) {
  const name = query.get('probe');
  const probe = PROBES[name] ?? 'return null;';
  return `<p id="status"></p>${PROBE_FIRST[name] ?? ''}${PROBE_HTML[name] ?? ''}${probeScript(probe)}${PROBE_TAIL[name] ?? ''}`;
}

export const DETECTION_PROBES = Object.keys(PROBES);

export function attack13Page(path, query) {
  if (path === '/attack13-picker') return picker(query);
  if (path === '/attack13-detect') return detect(query);
  return undefined;
}
