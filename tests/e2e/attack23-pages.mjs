// Hostile pages for the twenty-third attack on the upload guard: the extent
// of attack22's imagepage class (an object or embed Chromium first takes for
// an image whose address answers something else, framed at a lookup once
// the answer came, with no DOM change and no event), and detection of
// Silbato on ordinary pages (its window listeners, its animation-frame
// requests). Served by server.mjs at /attack23-…; tests: attack23.test.mjs.
// (server.mjs serves what attack23Page returns as text/html only, and has no
// redirect: other answers' types are made as blob: addresses by the page.)

import { grabbedPickerPage, objectGrabScript, probeScript } from './uploads.mjs';
import { ev, ignored } from './attack18-pages.mjs';
import { pollNew } from './attack20-pages.mjs';
import { turnPoll } from './attack22-pages.mjs';

const STYLE = 'style="width:10px;height:10px"';

const grabbing = objectGrabScript('') + pollNew;

// Parser markup, no script of the object's own and no change to it.
const PARSED = {
  // <embed> of an image's type, its address answering a page.
  embedgif: `<embed id="o" type="image/gif" src="/attack23-blank" ${STYLE} ${ev}><html data-closed>`,
  // <embed> with no type, its address ending in .gif, answering a page.
  embedgifname: `<embed id="o" src="/attack23-page.gif" ${STYLE} ${ev}><html data-closed>`,
  // <object type=image/png>, its address a page (the control of the class on this machine, attack22's imagepage with png).
  imagepagepng: `<object id="o" type="image/png" data="/attack23-blank" ${STYLE} ${ev}></object><html data-closed>`,
  // A data: address answering a page in an image-typed object (its document is of an opaque origin).
  datahtml: `<object id="o" type="image/gif" data="data:text/html,<p>a data page</p>" ${STYLE} ${ev}></object><html data-closed>`,
  // The same, with a long run of ignored end tags after (the parser yields among them).
  imagepageyield: `<object id="o" type="image/gif" data="/attack23-blank" ${STYLE} ${ev}></object><html data-closed>${ignored(100000)}`,
};

// Made by page script (createElement, attributes while disconnected, then a wrapped append), then left alone while the page polls.
// `blob`: the answer is a blob: address of that type (same origin), made here.
const MADE = {
  createappend: { type: 'image/gif', data: "'/attack23-blank'" },
  createappendgif: { type: null, data: "'/attack23-page.gif'" },
  createembed: { tag: 'embed', type: 'image/gif', data: "'/attack23-blank'" },
  blobhtml: { type: 'image/gif', blob: 'text/html' },
  blobplain: { type: 'image/gif', blob: 'text/plain' },
  blobjson: { type: 'image/gif', blob: 'application/json' },
  blobxml: { type: 'image/gif', blob: 'text/xml' },
  blobxhtml: { type: 'image/gif', blob: 'application/xhtml+xml' },
  blobsvg: { type: 'image/png', blob: 'image/svg+xml' },
  blobembedplain: { tag: 'embed', type: 'image/gif', blob: 'text/plain' },
  dataplain: { type: 'image/gif', data: "'data:text/plain,a data text'" },
};
const BLOB_BODY = {
  'text/html': '<p>a blob page</p>',
  'text/plain': 'a blob text',
  'application/json': '{"a":1}',
  'text/xml': '<a>blob</a>',
  'application/xhtml+xml': '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>',
  'image/svg+xml': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>',
};

function madeMarkup(via) {
  const m = MADE[via];
  const tag = m.tag ?? 'object';
  const data = m.blob ? `URL.createObjectURL(new Blob([${JSON.stringify(BLOB_BODY[m.blob])}], { type: ${JSON.stringify(m.blob)} }))` : m.data;
  return `<script>
  (() => {
    const o = document.createElement('${tag}');
    o.id = 'o';
    ${m.type ? `o.setAttribute('type', '${m.type}');` : ''}
    o.setAttribute('${tag === 'embed' ? 'src' : 'data'}', ${data});
    o.setAttribute('style', 'width:10px;height:10px');
    o.onerror = () => note('object error');
    o.onload = () => note('object load');
    document.body.append(o);
    note('${via}: appended, frames ' + window.length);
  })();
</script>${turnPoll(via)}<html data-closed>`;
}

const WAYS = ['control', ...Object.keys(PARSED), ...Object.keys(MADE)];

function parserMarkup(via) {
  if (PARSED[via]) return `${turnPoll(via)}${PARSED[via]}`;
  if (MADE[via]) return madeMarkup(via);
  return '';
}

function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  return grabbedPickerPage({ grabbing, via, early: parserMarkup(via) });
}

// Detection probes: page code only, no action of the person.
const rafSteps = `
    const loop = (n) => new Promise((done) => { const ids = []; const tick = () => { if (ids.length === n) return done(ids); ids.push(requestAnimationFrame(tick)); }; ids.push(requestAnimationFrame(tick)); });`;
const loaded = `
    await new Promise((r) => (document.readyState === 'complete' ? r() : addEventListener('load', r)));
    await new Promise((r) => setTimeout(r, 500));`;
// Dispatch cost of each event type on window against an event type nobody listens to (interleaved, the least of rounds).
const timing = (types) => `
    const time = (type, n) => { const e = new Event(type); const t = performance.now(); for (let i = 0; i < n; i++) dispatchEvent(e); return performance.now() - t; };
    const types = ${JSON.stringify(types)};
    const best = {};
    for (const t of [...types, 'silbatonone']) best[t] = Infinity;
    for (let round = 0; round < 10; round++) for (const t of [...types, 'silbatonone']) best[t] = Math.min(best[t], time(t, 20000));
    const out = {};
    // (A listener costs 6 to 22 times a dispatch no one hears; the clock's steps alone make up to 2 times.)
    for (const t of types) out[t] = best[t] / best.silbatonone > 3;
    window.ratios = Object.fromEntries(Object.entries(best).map(([k, v]) => [k, +(v / best.silbatonone).toFixed(2)]));
    console.log(JSON.stringify(window.ratios));
    return out;`;
const FRAME_EVENTS = ['scroll', 'resize', 'animationstart', 'animationiteration', 'animationend', 'animationcancel', 'transitionrun', 'transitionstart', 'transitionend', 'transitioncancel'];
const OTHER_EVENTS = ['pointerdown', 'mousedown', 'touchstart', 'keydown', 'click', 'dragenter', 'drop', 'paste', 'input', 'focusin', 'focusout', 'focus', 'blur', 'error', 'readystatechange'];
const PROBES = {
  // A page with no object: its first three requests (a fresh document starts at 1).
  rafid: { probe: 'return [requestAnimationFrame(() => {}), requestAnimationFrame(() => {}), requestAnimationFrame(() => {})];' },
  // A page with one ordinary text/html object, probed as soon as the script after it runs.
  objectrafnow: {
    markup: `<object id="o" type="text/html" data="/attack23-blank" ${STYLE}></object>`,
    probe: `${rafSteps}
    return await loop(6);`,
  },
  // The same once it loaded (and 500 ms later): the first id, and whether a later loop's ids are consecutive.
  objectrafloaded: {
    markup: `<object id="o" type="text/html" data="/attack23-blank" ${STYLE}></object>`,
    probe: `${rafSteps}${loaded}
    const ids = await loop(8);
    return { frames: window.length, first: ids[0], steps: ids.slice(1).map((x, i) => x - ids[i]) };`,
  },
  // A loop started before the parser reaches the object (an ordinary page's loop), over the object's load.
  objectraflong: {
    early: true,
    markup: `<object id="o" type="text/html" data="/attack23-blank" ${STYLE}></object>`,
    probe: `${rafSteps}
    const ids = await loop(40);
    return { first: ids[0], steps: [...new Set(ids.slice(1).map((x, i) => x - ids[i]))] };`,
  },
  // An ordinary image shown by an <object type=image/gif> (it waits for nothing): loop after load.
  imageobjectraf: {
    markup: `<object id="o" type="image/gif" data="/px/a.gif" ${STYLE}></object>`,
    probe: `${rafSteps}${loaded}
    const ids = await loop(8);
    return { first: ids[0], steps: ids.slice(1).map((x, i) => x - ids[i]) };`,
  },
  // An ordinary image object, probed right after it.
  imageobjectrafnow: {
    markup: `<object id="o" type="image/gif" data="/px/a.gif" ${STYLE}></object>`,
    probe: `${rafSteps}
    return await loop(6);`,
  },
  // The cost of dispatching each of Silbato's frame events (askNow listeners) to window, against one nobody hears.
  frametiming: { probe: timing(FRAME_EVENTS) },
  // The same for the input events (sweep), error (hideOwnError), readystatechange (parserStopped).
  inputtiming: { probe: timing(OTHER_EVENTS) },
  // Order and phase: a page's capturing and bubbling window listeners see the event as usual; stopImmediatePropagation in a
  // page's first capturing listener (after Silbato's) stops the rest; returns what the page can see.
  phases: {
    probe: `
    const seen = [];
    for (const t of ['scroll', 'transitionend', 'click', 'focus', 'error', 'readystatechange', 'silbatonone']) {
      addEventListener(t, (e) => { seen.push(t + ':c' + e.eventPhase + (e.cancelBubble ? 'x' : '') + (e.defaultPrevented ? 'p' : '')); }, true);
      addEventListener(t, (e) => { seen.push(t + ':b' + e.eventPhase); }, false);
      const e = new Event(t, { bubbles: true, cancelable: true });
      const ok = document.body.dispatchEvent(e);
      seen.push(t + ':' + ok + e.eventPhase + e.defaultPrevented + e.cancelBubble + e.returnValue);
    }
    return seen;`,
  },
  // A trusted scroll and a CSS transition/animation on an ordinary page, heard by the page's listeners: what they see, in which frame.
  realevents: {
    markup: '<style>#t{transition:opacity 1ms;opacity:1}#t.x{opacity:0}@keyframes k{from{opacity:1}to{opacity:.5}}#a{animation:k 1ms 2}</style><div id="t">t</div><div id="a">a</div><div style="height:5000px"></div>',
    probe: `
    const seen = [];
    for (const t of ['scroll', 'transitionrun', 'transitionstart', 'transitionend', 'animationstart', 'animationiteration', 'animationend']) addEventListener(t, (e) => seen.push(t + ':' + e.eventPhase + e.isTrusted), true);
    ${loaded}
    document.getElementById('t').classList.add('x');
    scrollTo(0, 100);
    const id = requestAnimationFrame(() => {});
    await new Promise((r) => setTimeout(r, 500));
    return { seen: seen.sort(), rafAfter: requestAnimationFrame(() => {}) - id };`,
  },
};

// The same animation-frame counts inside an ordinary same-origin frame (/attack23-inner), whose document's count only its
// own code and Silbato's take from (the test's waitForFunction polls the top document's animation frames).
const INNER = {
  // No object: the first id and steps of a loop, once loaded and 500 ms later.
  none: { probe: `${rafSteps}${loaded}
    const ids = await loop(8);
    return { first: ids[0], steps: ids.slice(1).map((x, i) => x - ids[i]) };` },
  // One ordinary text/html object: the same, once it loaded.
  objloaded: { markup: `<object id="o" type="text/html" data="/attack23-blank" ${STYLE}></object>`, probe: `${rafSteps}${loaded}
    const ids = await loop(8);
    return { frames: window.length, first: ids[0], steps: ids.slice(1).map((x, i) => x - ids[i]) };` },
  // The script right after the object: a six-frame loop.
  objnow: { markup: `<object id="o" type="text/html" data="/attack23-blank" ${STYLE}></object>`, probe: `${rafSteps}
    return await loop(6);` },
  // A loop started before the parser reaches the object, over its load (40 frames).
  objlong: { early: true, markup: `<object id="o" type="text/html" data="/attack23-blank" ${STYLE}></object>`, probe: `${rafSteps}
    const ids = await loop(40);
    return { first: ids[0], steps: ids.slice(1).map((x, i) => x - ids[i]).join('') };` },
  // An ordinary image shown by an <object type=image/gif>, once loaded.
  imageobj: { markup: `<object id="o" type="image/gif" data="/px/a.gif" ${STYLE}></object>`, probe: `${rafSteps}${loaded}
    const ids = await loop(8);
    return { first: ids[0], steps: ids.slice(1).map((x, i) => x - ids[i]) };` },
  // An ordinary image object, the script right after it.
  imageobjnow: { markup: `<object id="o" type="image/gif" data="/px/a.gif" ${STYLE}></object>`, probe: `${rafSteps}
    return await loop(6);` },
};
for (const name of Object.keys(INNER)) {
  PROBES[`inner${name}`] = {
    markup: `<iframe src="/attack23-inner?probe=${name}"></iframe>`,
    probe: 'return await new Promise((r) => addEventListener("message", (e) => r(e.data)));',
  };
}
PROBES.frameratios = { probe: timing(FRAME_EVENTS).replace('return out;', 'return window.ratios;') };

export const DETECTION_PROBES = Object.keys(PROBES);

export function attack23Page(path, query) {
  if (path === '/attack23-picker') return picker(query);
  if (path === '/attack23-detect') {
    const p = PROBES[query.get('probe')];
    if (!p) return `<p id="status"></p>${probeScript('return null;')}`;
    if (p.early) return `<p id="status"></p>${probeScript(p.probe)}${p.markup ?? ''}`;
    return `<p id="status"></p>${p.markup ?? ''}${probeScript(p.probe)}`;
  }
  if (path === '/attack23-inner') {
    const p = INNER[query.get('probe')];
    if (!p) return '';
    const script = `<script>(async () => { let r; try { r = await (async () => { ${p.probe} })(); } catch (e) { r = 'threw ' + e.name; } parent.postMessage(r, '*'); })();</script>`;
    return p.early ? `${script}${p.markup ?? ''}` : `${p.markup ?? ''}${script}`;
  }
  if (path === '/attack23-blank' || path === '/attack23-page.gif') return '<p>a page</p>';
  return undefined;
}
