// Hostile pages for the twenty-fourth attack: telling Silbato is there on an
// ordinary page nobody typed in, by page code only. (1) The typing marker's
// window scroll/resize listeners (typing.js ensure: added only once the
// marker first shows): the cost of dispatching synthetic scroll/resize
// events at window, document and an element (capture passes window) against
// a type nobody hears. (2) Silbato's animation-frame requests (realms.js
// askAtNextFrame, only while objects wait): a page's synchronous first
// requestAnimationFrame() numbers with no object, an <img>, an <iframe>, a
// <video>. Served by server.mjs at /attack24-…; tests: attack24.test.mjs.

import { probeScript } from './uploads.mjs';

const STYLE = 'style="width:10px;height:10px"';

// Dispatch cost of each event type at `target` against a type nobody listens to (interleaved, the least of rounds).
// `init` is the Event's init (bubbles, …). A difference counts only above 3 times (the clock's steps alone make up to 2).
const timing = (types, target, init = {}) => `
    const target = ${target};
    const time = (type, n) => { const e = new Event(type, ${JSON.stringify(init)}); const t = performance.now(); for (let i = 0; i < n; i++) target.dispatchEvent(e); return performance.now() - t; };
    const types = ${JSON.stringify(types)};
    const best = {};
    for (const t of [...types, 'silbatonone']) best[t] = Infinity;
    for (let round = 0; round < 10; round++) for (const t of [...types, 'silbatonone']) best[t] = Math.min(best[t], time(t, 20000));
    const out = {};
    for (const t of types) out[t] = best[t] / best.silbatonone > 3;
    window.ratios = Object.fromEntries(Object.entries(best).map(([k, v]) => [k, +(v / best.silbatonone).toFixed(2)]));
    console.log(JSON.stringify(window.ratios));
    return out;`;

const SR = ['scroll', 'resize'];
const DIV = '<div id="d" style="height:20px;overflow:auto"><div style="height:200px"></div></div>';
// Three synchronous requests, numbers only (the callbacks never matter).
const rafNow = 'return [requestAnimationFrame(() => {}), requestAnimationFrame(() => {}), requestAnimationFrame(() => {})];';
const loaded = `
    await new Promise((r) => (document.readyState === 'complete' ? r() : addEventListener('load', r)));
    await new Promise((r) => setTimeout(r, 500));`;

const MARKUP = {
  none: '',
  img: `<img id="i" src="/px/a.gif" ${STYLE}>`,
  iframe: `<iframe src="/attack24-blank" ${STYLE}></iframe>`,
  video: `<video src="/attack24-novideo.webm" ${STYLE}></video>`,
  all: `<img src="/px/a.gif" ${STYLE}><iframe src="/attack24-blank" ${STYLE}></iframe><video src="/attack24-novideo.webm" ${STYLE}></video><audio src="/attack24-noaudio.ogg"></audio><picture><img src="/px/a.gif" ${STYLE}></picture><svg ${STYLE}><image href="/px/a.gif"/></svg>`,
};

const PROBES = {
  // (1) The typing marker's listeners, before anyone typed.
  wintiming: { probe: timing(SR, 'window') },
  doctiming: { probe: timing(SR, 'document') },
  doctimingbubbles: { probe: timing(SR, 'document', { bubbles: true }) },
  elemtiming: { markup: DIV, probe: timing(SR, "document.getElementById('d')") },
  elemtimingbubbles: { markup: DIV, probe: timing(SR, "document.getElementById('d')", { bubbles: true, cancelable: true }) },
  // After load and 500 ms (anything Silbato adds late).
  wintimingloaded: { markup: DIV, probe: `${loaded}${timing(SR, 'window')}` },
  elemtimingloaded: { markup: DIV, probe: `${loaded}${timing(SR, "document.getElementById('d')")}` },
  // The method's control: a type Silbato listens for on every page (typing.js's click listener): must tell.
  controltiming: { probe: timing(['click'], 'window') },
};
// (2) Synchronous animation-frame numbers, at the top document right after the markup (before the harness polls).
for (const [name, markup] of Object.entries(MARKUP)) PROBES[`raf${name}`] = { markup, probe: rafNow };
// The same inside an ordinary same-origin frame (only its own code and Silbato's take from its count): right after the
// markup, and once loaded (500 ms later), still synchronous.
const INNER = {};
for (const [name, markup] of Object.entries(MARKUP)) {
  INNER[`${name}now`] = { markup, probe: rafNow };
  INNER[`${name}loaded`] = { markup, probe: `${loaded}${rafNow}` };
}
for (const name of Object.keys(INNER)) {
  PROBES[`inner${name}`] = {
    markup: `<iframe src="/attack24-inner?probe=${name}"></iframe>`,
    probe: 'return await new Promise((r) => addEventListener("message", (e) => r(e.data)));',
  };
}

export const DETECTION_PROBES = Object.keys(PROBES);

export function attack24Page(path, query) {
  if (path === '/attack24-detect') {
    const p = PROBES[query.get('probe')];
    if (!p) return `<p id="status"></p>${probeScript('return null;')}`;
    return `<p id="status"></p>${p.markup ?? ''}${probeScript(p.probe)}`;
  }
  if (path === '/attack24-inner') {
    const p = INNER[query.get('probe')];
    if (!p) return '';
    return `${p.markup ?? ''}<script>(async () => { let r; try { r = await (async () => { ${p.probe} })(); } catch (e) { r = 'threw ' + e.name; } parent.postMessage(r, '*'); })();</script>`;
  }
  if (path === '/attack24-blank') return '<p>a page</p>';
  return undefined;
}
