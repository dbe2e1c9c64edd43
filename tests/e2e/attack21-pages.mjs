// Hostile pages for the twenty-first attack on the upload guard, aimed at
// c369227: objects that may still be framed with no DOM change are asked at
// every animation frame of their window (insertions.js askWaiting,
// realms.js askEachFrame), any attribute of an object or embed set by a
// wrapped route asks it again, nodes wrapped calls put in are never where
// the parser is. Served by server.mjs at /attack21-…; tests:
// attack21.test.mjs.

import { grabbedPickerPage, objectGrabScript } from './uploads.mjs';
import { ev, ignored, pollClosed, watchObject } from './attack18-pages.mjs';
import { detectionPage, listen } from './attack19-pages.mjs';
import { pollNew } from './attack20-pages.mjs';

const STYLE = 'style="width:10px;height:10px"';

// (Ways kept for ATTACK21_EXPLORE but never run as tests: rbcontrol, rbpoll,
// nbcontrollayout, rbclassid, rbstyle, dnpoll, dnlookup, vhlayout, offlayout,
// embedsrcattr, embedsrcpoll, paramnameprop, paramemptyvalue, rafyieldlong,
// chainall…/chainembed…; rblookupdata, rbcontroldata once each.)
const WAYS = ['control', 'rbcontrol', 'rbpoll', 'rblayout', 'rblookup', 'nbcontrollayout', 'rbclassid', 'rbstyle', 'dnlayout', 'dnpoll', 'dnlookup', 'vhlayout', 'offlayout', 'rblookupdata', 'rbcontroldata', 'embedsrc', 'embedsrcattr', 'embedsrcpoll', 'paramname', 'paramnameprop', 'paramemptyvalue', 'closedlayout', 'rafyield', 'rafyieldlong', 'mcyield', 'typesetce'];

const grabbing = objectGrabScript(`
    if (via === 'embedsrc' || via === 'embedsrcattr' || via === 'embedsrcpoll') {
      // An <embed> with neither src nor type (no layout object at all: Chromium's LayoutObjectIsNeeded), given a src.
      const o = document.getElementById('o');
      note(via + ': frames before ' + window.length);
      if (via === 'embedsrcattr') o.setAttribute('src', '/attack21-blank?ea'); else o.src = '/attack21-blank?es';
      note(via + ': src set, frames ' + window.length);
      if (via === 'embedsrcpoll') { pollNew(via); return; }
      for (let i = 0; i < 5 && !window.grabbed; i++) {
        o.anything;
        if (window.length) { note(via + ': framed at lookup ' + i); grab(window[0], 'lookup ' + i + ' at ' + via); }
      }
      if (!window.grabbed) pollNew(via);
      return;
    }
    if (via.startsWith('param')) {
      // An <object type=text/html> with no data whose <param> gives no address yet; the param changed (not an object's attribute).
      const o = document.getElementById('o');
      const p = o.querySelector('param');
      note(via + ': frames before ' + window.length);
      if (via === 'paramname') p.setAttribute('name', 'src');
      else if (via === 'paramnameprop') p.name = 'movie';
      else if (via === 'paramemptyvalue') p.value = '/attack21-blank?pv';
      note(via + ': param changed, frames ' + window.length);
      for (let i = 0; i < 5 && !window.grabbed; i++) {
        o.anything;
        if (window.length) { note(via + ': framed at lookup ' + i); grab(window[0], 'lookup ' + i + ' at ' + via); }
      }
      if (!window.grabbed) pollNew(via);
      return;
    }
    if (via.startsWith('chain')) {
      // The outer object given a classid: its fallback shows the next, whose classid shows the next… down to #o.
      document.getElementById('a').setAttribute('classid', 'clsid:x');
      const o = document.getElementById('o');
      for (let i = 0; i < 30 && !window.grabbed; i++) {
        if (via.includes('all')) { for (const e of document.querySelectorAll('object, embed')) e.anything; } else o.anything;
        const w = objectWindow(o);
        if (w) { note(via + ': framed at lookup ' + i); grab(w, 'lookup ' + i + ' at ' + via); }
      }
      note(via + ': frames ' + window.length);
      if (!window.grabbed) pollNew(via);
      return;
    }`) + pollNew;

/** Objects each with a classid (showing its fallback), `depth` deep, around `inner`; the outermost #a framed at first. */
const chain = (depth, inner) => {
  let html = inner;
  for (let i = depth; i > 0; i--) html = `<object classid="clsid:x" type="text/html" data="/attack21-blank?c${i}" ${STYLE}>${html}</object>`;
  return `<object id="a" type="text/html" data="/attack21-blank?a" ${STYLE} ${ev}>${html}</object>`;
};
const INNER_OBJECT = `<object id="o" type="text/html" data="/attack21-blank?o" ${STYLE} ${ev}></object>`;
const INNER_EMBED = `<embed id="o" type="text/html" src="/attack21-blank?o" ${STYLE} ${ev}>`;

/** `html` as the value of a double-quoted attribute. */
const attr = (html) => html.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * A child document (a srcdoc frame of the page's HTML, same origin) whose
 * head holds a render-blocking async script the server answers 4 s later
 * (`block`): Chromium renders nothing of it (no animation frame, no
 * rendering update) until then; its parser and its timers run. Its poll (every turn of a
 * MessageChannel) lays it out (`layout`: offsetWidth, no object lookup),
 * looks #o up once closed (`lookup`), and hands any new window to the
 * tab's grab. Then `body`.
 */
const child = ({ block, layout = false, lookup = false, body }) => `<!doctype html><html><head>${block ? '<script async blocking="render" src="/attack21-slow"></script>' : ''}<script>
  const note = (s) => parent.notes.push('child: ' + s);
  let rafs = 0;
  const tick = () => { rafs++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  (() => {
    const t0 = Date.now();
    const ch = new MessageChannel();
    let turns = 0;
    const trace = [];
    window.trace = trace;
    ch.port1.onmessage = () => {
      turns++;
      ${layout ? 'document.documentElement.offsetWidth;' : ''}
      const closed = document.documentElement.hasAttribute('data-closed');
      if (turns < 40) trace.push(turns + '@' + (Date.now() - t0) + (closed ? 'c' : '') + (document.getElementById('o') ? 'o' : '') + document.readyState[0] + window.length);
      ${lookup ? "if (closed && document.getElementById('o')) document.getElementById('o').anything;" : ''}
      if (window.length > 0) {
        note(trace.join(' '));
        note('a new window after ' + turns + ' turns, ' + (Date.now() - t0) + ' ms, rafs ' + rafs + ', closed ' + closed + ', readyState ' + document.readyState);
        parent.grab(window[0], 'child poll, rafs ' + rafs);
        return;
      }
      if (Date.now() < t0 + 10000) ch.port2.postMessage(0);
      else note('poll ended after ' + turns + ' turns, rafs ' + rafs + ', frames ' + window.length);
    };
    ch.port2.postMessage(0);
  })();
</script></head><body>${body}`;

// attack19's typesethtml object: an image object made text/html by its own script while open, closed, then ignored end tags.
const typeSetHtml = (n, data = '/attack21-blank') => `<object id="o" type="image/gif" data="${data}" ${STYLE} ${ev}>x<script>document.getElementById('o').type = 'text/html'; note('type set, frames ' + window.length + ', rafs ' + rafs)</script></object><html data-closed>${ignored(n)}`;

function childMarkup(via) {
  return {
    // Not blocked: the animation-frame asks should win (the control of the mechanism).
    rbcontrol: child({ block: false, layout: true, body: typeSetHtml(1200000) }),
    nbcontrollayout: child({ block: false, layout: true, body: typeSetHtml(1200000) }),
    // Blocked: only a poll of window.length (nothing lays it out).
    rbpoll: child({ block: true, body: typeSetHtml(1200000) }),
    // Blocked: the poll lays the document out at every turn (offsetWidth: Chromium's own plugin update task).
    rblayout: child({ block: true, layout: true, body: typeSetHtml(1200000) }),
    // Blocked: the poll looks #o up once closed (attack19's typesethtmlyield, no animation frame to race).
    rblookup: child({ block: true, lookup: true, body: typeSetHtml(1200000) }),
    // rblookup with the object's address a data: URL (its load needs no answer from the sleeping server).
    rblookupdata: child({ block: true, lookup: true, body: typeSetHtml(1200000, 'data:text/html,a') }),
    // Its control, not blocked (the animation-frame asks run).
    rbcontroldata: child({ block: false, lookup: true, body: typeSetHtml(1200000, 'data:text/html,a') }),
    // Blocked: an object with a classid (fallback shown), its classid taken away by an inline script while the parser goes on.
    rbclassid: child({ block: true, layout: true, body: `<object id="o" classid="clsid:x" type="text/html" data="/attack21-blank?c" ${STYLE} ${ev}></object><script>document.getElementById('o').removeAttribute('classid'); note('classid removed, frames ' + window.length)</script><html data-closed>${ignored(1200000)}` }),
    // Blocked: a display:none object (CSSOM, no attribute) shown by its style while the parser goes on.
    rbstyle: child({ block: true, layout: true, body: `<object id="o" type="text/html" data="/attack21-blank?s" style="display:none;width:10px;height:10px" ${ev}></object><script>document.getElementById('o').style.display = 'inline'; note('shown, frames ' + window.length)</script><html data-closed>${ignored(1200000)}` }),
  }[via];
}

// A poll on every turn started before the object: once <html data-closed> is seen, it lays the page out (offsetWidth, no lookup of #o)
// at every turn and takes any new window; rafs counted.
const pollClosedLayout = (what) => `<script>
  (() => {
    const t0 = Date.now();
    const ch = new MessageChannel();
    let turns = 0, rafs = 0, seen = 0;
    const tick = () => { rafs++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    ch.port1.onmessage = () => {
      turns++;
      if (document.documentElement.hasAttribute('data-closed')) {
        if (!seen) seen = rafs + 1;
        document.documentElement.offsetWidth;
        if (window.length > 0) { note('${what}: a new window after ' + turns + ' turns, rafs since closed ' + (rafs + 1 - seen) + ', readyState ' + document.readyState); grab(window[0], 'polled: ${what}'); return; }
      }
      if (Date.now() < t0 + 20000 && !window.grabbed) ch.port2.postMessage(0);
    };
    ch.port2.postMessage(0);
  })();
</script>`;

// The page's own animation-frame callback, registered before the object (and so before any of
// Silbato's, in every frame: each registers the next as it runs): once <html data-closed> is seen,
// #o is looked up there (lookup), or only a new window taken.
const rafClosed = (what, lookup = true) => `<script>
  (() => {
    let frames = 0, seen = 0;
    const t0 = Date.now();
    const tick = () => {
      frames++;
      if (document.getElementById('o') && document.documentElement.hasAttribute('data-closed')) {
        if (!seen) { seen = frames; note('${what}: closed seen at animation frame ' + frames + ', ' + (Date.now() - t0) + ' ms, frames ' + window.length + ', readyState ' + document.readyState); }
        ${lookup ? `document.getElementById('o').anything; const w = objectWindow(document.getElementById('o')); if (w) { note('${what}: framed by the lookup at animation frame ' + frames + ' (' + (frames - seen) + ' after closed), ' + (Date.now() - t0) + ' ms'); grab(w, 'raf lookup at ${what}'); return; }` : `if (window.length > 0) { grab(window[0], 'raf: a new window, ${what}'); return; }`}
      }
      if (Date.now() < t0 + 20000 && !window.grabbed) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })();
</script>`;
const TYPESET = (n) => `<object id="o" type="image/gif" data="/attack21-blank" ${STYLE} ${ev}>x<script>document.getElementById('o').type = 'text/html'; note('type set, frames ' + window.length)</script></object><html data-closed>${ignored(n)}`;

function parserMarkup(via) {
  // A custom element right after the typeset object: the parser runs its constructor as it makes it (no record, no observer call before).
  if (via === 'typesetce') return `<script>customElements.define('x-look', grabClass('typesetce'))</script><object id="o" type="image/gif" data="/attack21-blank" ${STYLE} ${ev}>x<script>document.getElementById('o').type = 'text/html'; note('type set, frames ' + window.length)</script></object><x-look></x-look><p>after</p>`;
  if (via === 'mcyield') return `${pollClosed(via)}${TYPESET(300000)}`;
  if (via === 'rafyield') return `${rafClosed(via)}${TYPESET(300000)}`;
  if (via === 'rafyieldlong') return `${rafClosed(via)}${TYPESET(1200000)}`;
  if (via === 'closedlayout') return `${pollClosedLayout(via)}<object id="o" type="image/gif" data="/attack21-blank" ${STYLE} ${ev}>x<script>document.getElementById('o').type = 'text/html'; note('type set, frames ' + window.length)</script></object><html data-closed>${ignored(300000)}`;
  if (via === 'paramname' || via === 'paramnameprop') return `<object id="o" ${STYLE} ${ev}><param name="x" value="/attack21-blank?pn"></object>`;
  if (via === 'paramemptyvalue') return `<object id="o" ${STYLE} ${ev}><param name="src" value=""></object>`;
  if (via.startsWith('embedsrc')) return `<embed id="o" ${STYLE} ${ev}>`;
  const m = /^chain(all)?(embed)?(\d+)$/.exec(via);
  if (m) return chain(Number(m[3]), m[2] ? INNER_EMBED : INNER_OBJECT);
  const base = via.replace(/^(dn|vh|off)/, 'rb');
  const c = childMarkup(base);
  // The child frame shown, display:none (dn…), visibility:hidden (vh…), or far off-screen (off…).
  const look = via.startsWith('dn') ? 'display:none' : via.startsWith('vh') ? 'visibility:hidden;width:200px;height:100px' : via.startsWith('off') ? 'position:absolute;left:-10000px;top:-10000px;width:200px;height:100px' : 'width:200px;height:100px';
  if (c) return `<iframe id="child" style="${look}" srcdoc="${attr(c)}"></iframe>`;
  return '';
}

function picker(query) {
  const asked = query.get('via') ?? '';
  const via = WAYS.includes(asked) || /^chain(all)?(embed)?\d$/.test(asked) ? asked : 'control';
  return grabbedPickerPage({ grabbing, via, early: parserMarkup(via) });
}

const PROBE_HTML = {
  // #po open; its inline script moves <p id=m> after it with moveBefore (a wrapped call whose node is not
  // marked put by a call): the observer takes #m as where the parser is, #po as closed (its error not hidden).
  movebefore: `${watchObject}<p id="m">m</p><object id="po" type="text/html" data="/attack21-blank" ${listen}>x<script>document.body.moveBefore(document.getElementById('m'), null)</script></object><p>after</p>`,
  // The control: the same with a wrapped append (putByCalls: not where the parser is).
  appendmove: `${watchObject}<p id="m">m</p><object id="po" type="text/html" data="/attack21-blank" ${listen}>x<script>document.body.append(document.getElementById('m'))</script></object><p>after</p>`,
};

export const DETECTION_PROBES = Object.keys(PROBE_HTML);

export function attack21Page(path, query) {
  if (path === '/attack21-picker') return picker(query);
  if (path === '/attack21-detect') return detectionPage(PROBE_HTML, query);
  if (path === '/attack21-blank') return '<p>a page</p>';
  // A render-blocking script that comes late: the test server (one thread)
  // answers it after 4 s, asleep meanwhile (no CPU).
  if (path === '/attack21-slow') {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 4000);
    return '';
  }
  return undefined;
}
