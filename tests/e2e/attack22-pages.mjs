// Hostile pages for the twenty-second attack on the upload guard, aimed at
// b01370d (every realm's requestAnimationFrame wrapped so that Silbato's
// per-frame ask, realms.js askFirst / eachFrame / askNow, is asked for
// before the page's callback; scroll, resize, animation and transition
// events ask first too) and 22c57fc (an open object of an image's type
// kept but not asked at the observer call). Served by server.mjs at
// /attack22-…; tests: attack22.test.mjs.

import { grabbedPickerPage, objectGrabScript, probeScript } from './uploads.mjs';
import { ev, ignored } from './attack18-pages.mjs';
import { pollNew } from './attack20-pages.mjs';

const STYLE = 'style="width:10px;height:10px"';

const WAYS = ['control', 'rafcancel', 'rafcancelonly', 'waanim', 'waanimpromise', 'rafnocancel', 'imagepage', 'imagepagegif', 'imagepagechild'];

const grabbing = objectGrabScript('') + pollNew;

// attack19's typesethtml object: an image object made text/html by its own script while open, closed, then ignored end tags.
const TYPESET = (n) => `<object id="o" type="image/gif" data="/attack22-blank" ${STYLE} ${ev}>x<script>document.getElementById('o').type = 'text/html'; note('type set, frames ' + window.length)</script></object><html data-closed>${ignored(n)}`;

// What the page's early callback does once <html data-closed> is seen: #o looked up, its window taken.
const lookClosed = (what, where) => `
      if (document.getElementById('o') && document.documentElement.hasAttribute('data-closed')) {
        if (!seen) { seen = frames; note('${what}: closed seen at ${where} ' + frames + ', ' + (Date.now() - t0) + ' ms, frames ' + window.length + ', readyState ' + document.readyState); }
        document.getElementById('o').anything;
        const w = objectWindow(document.getElementById('o'));
        if (w) { note('${what}: framed by the lookup at ${where} ' + frames + ' (' + (frames - seen) + ' after closed), ' + (Date.now() - t0) + ' ms'); grab(w, '${where} lookup at ${what}'); return; }
      }`;

// A poll on every turn (a MessageChannel), started before the object, that looks #o up once closed.
export const turnPoll = (what) => `<script>
  (() => {
    let frames = 0, seen = 0;
    const t0 = Date.now();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      frames++;${lookClosed(what, 'turn')}
      if (Date.now() < t0 + 20000 && !window.grabbed) ch.port2.postMessage(0);
      else if (!window.grabbed) note('${what}: poll ended, frames ' + window.length);
    };
    ch.port2.postMessage(0);
  })();
</script>`;

// The page's own animation-frame loop, started before the object. `cancel`: its first request cancels the
// id just below its own (Silbato's per-frame ask, asked for first by the wrapper: realms.js askFirst; ids
// are consecutive in a document), which leaves framePending holding the window for good.
const rafLoop = (what, { cancel }) => `<script>
  (() => {
    let frames = 0, seen = 0;
    const t0 = Date.now();
    const tick = () => {
      frames++;${lookClosed(what, 'animation frame')}
      if (Date.now() < t0 + 20000 && !window.grabbed) requestAnimationFrame(tick);
    };
    const id = requestAnimationFrame(tick);
    window.firstId = id;
    ${cancel ? 'if (id > 1) { for (let i = 1; i < id; i++) cancelAnimationFrame(i); }' : ''}
    note('${what}: first id ' + id);
  })();
</script>`;

// A cancel only (no loop of the page's): Silbato's per-frame ask cancelled; the page then polls a MessageChannel (attack19's typesethtmlyield).
const cancelOnly = (what) => `<script>
  (() => {
    const id = requestAnimationFrame(() => {});
    for (let i = 1; i <= id; i++) cancelAnimationFrame(i);
    note('${what}: cancelled up to ' + id);
  })();
</script>${turnPoll(what)}`;

// A Web Animations loop: each animation's finish (event or promise) is sent in the rendering update's
// "update animations and send events" step, before any animation-frame callback, on an Animation object
// (not the window's scroll/resize/animation*/transition* events Silbato listens to).
const animLoop = (what, promise) => `<script>
  (() => {
    let frames = 0, seen = 0;
    const t0 = Date.now();
    const step = () => {
      frames++;${lookClosed(what, 'animation finish')}
      if (Date.now() < t0 + 20000 && !window.grabbed) start();
    };
    const start = () => {
      const a = document.documentElement.animate([{ opacity: 1 }, { opacity: 1 }], { duration: 1 });
      ${promise ? 'a.finished.then(step);' : 'a.onfinish = step;'}
    };
    start();
  })();
</script>`;

// No script of the object's own, no change to it: an <object> Chromium takes for an image (its type, or an
// image's name at the end of its address) whose address answers a page. Once the answer comes (a network
// task), Chromium takes the answer's type and makes the object a frame's at the next lookup.
const IMAGE_PAGE = {
  imagepage: `<object id="o" type="image/gif" data="/attack22-blank" ${STYLE} ${ev}></object><html data-closed>`,
  imagepagegif: `<object id="o" data="/attack22-page.gif" ${STYLE} ${ev}></object><html data-closed>`,
  imagepagechild: `<object id="o" type="image/gif" data="/attack22-blank" ${STYLE} ${ev}>x</object><html data-closed>`,
};

function parserMarkup(via) {
  if (IMAGE_PAGE[via]) return `${turnPoll(via)}${IMAGE_PAGE[via]}`;
  if (via === 'rafcancel') return `${rafLoop(via, { cancel: true })}${TYPESET(300000)}`;
  if (via === 'rafnocancel') return `${rafLoop(via, { cancel: false })}${TYPESET(300000)}`;
  if (via === 'rafcancelonly') return `${cancelOnly(via)}${TYPESET(300000)}`;
  if (via === 'waanim') return `${animLoop(via, false)}${TYPESET(300000)}`;
  if (via === 'waanimpromise') return `${animLoop(via, true)}${TYPESET(300000)}`;
  return '';
}

function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  return grabbedPickerPage({ grabbing, via, early: parserMarkup(via) });
}

// Detection probes: page code only, no action of the person, no object.
const PROBES = {
  // The ids the page's first requests get (a fresh document starts at 1, consecutive).
  rafid: `
    const ids = [requestAnimationFrame(() => {}), requestAnimationFrame(() => {}), requestAnimationFrame(() => {})];
    return ids;`,
  // A loop of five frames: each callback asks for the next.
  rafloop: `
    const ids = [];
    await new Promise((done) => { const tick = () => { if (ids.length === 5) return done(); ids.push(requestAnimationFrame(tick)); }; ids.push(requestAnimationFrame(tick)); });
    return ids;`,
  // webkitRequestAnimationFrame shares the counter.
  webkitid: `
    return [webkitRequestAnimationFrame(() => {}), requestAnimationFrame(() => {})];`,
  // Cancelling the id below the page's first one, then counting frames that run a callback the page did not ask for: none can be seen; the ids only.
  cancelbelow: `
    const id = requestAnimationFrame(() => {});
    cancelAnimationFrame(id - 1);
    return id;`,
  // The look of the wrapper: toString, name, length, descriptor, prototype.
  rafshape: `
    const out = {};
    for (const n of ['requestAnimationFrame', 'webkitRequestAnimationFrame', 'cancelAnimationFrame']) {
      const f = window[n];
      const d = Object.getOwnPropertyDescriptor(window, n);
      out[n] = [Function.prototype.toString.call(f), String(f), f.name, f.length, typeof d.value, d.writable, d.enumerable, d.configurable, 'prototype' in f, Object.getOwnPropertyNames(f).join(), Object.getPrototypeOf(f) === Function.prototype];
    }
    let e1; try { new requestAnimationFrame(() => {}); } catch (e) { e1 = e.name + ': ' + e.message; }
    let e2; try { requestAnimationFrame.call({}, () => {}); } catch (e) { e2 = e.name + ': ' + e.message; }
    let e3; try { requestAnimationFrame(5); } catch (e) { e3 = e.name + ': ' + e.message; }
    out.errors = [e1, e2, e3];
    return out;`,
  // The timestamp each callback gets, relative: two callbacks of one frame get the same.
  raftime: `
    const t = await new Promise((done) => { const got = []; requestAnimationFrame((a) => got.push(a)); requestAnimationFrame((b) => { got.push(b); done(got[0] === got[1]); }); });
    return t;`,
};

export const DETECTION_PROBES = Object.keys(PROBES);

export function attack22Page(path, query) {
  if (path === '/attack22-picker') return picker(query);
  if (path === '/attack22-detect') {
    const p = PROBES[query.get('probe')];
    return `<p id="status"></p>${probeScript(p ?? 'return null;')}`;
  }
  if (path === '/attack22-blank' || path === '/attack22-page.gif') return '<p>a page</p>';
  return undefined;
}
