// Hostile pages for the nineteenth attack on the upload guard, aimed at
// 1bf9711/da4cdaf: every HTML <object> the observer sees open with a
// `data` address that is not an image's is asked then (mayHaveFrame), the
// `error` of Silbato's own lookup stopped at the window (hideOwnError).
// What mayHaveFrame leaves unasked: an <embed> (its address is `src`, not
// `data`), an <object> whose `data` or `type` a script sets while it is
// open (an attribute change, no wrapper, no childList record). Served by
// server.mjs at /attack19-…; tests: attack19.test.mjs.

import { grabbedPickerPage, objectGrabScript, probeScript } from './uploads.mjs';
import { ev, ignored, pollClosed, settle, watchObject } from './attack18-pages.mjs';

const STYLE = 'style="width:10px;height:10px"';
const OBJECT = `type="text/html" data="/px/never.gif" ${STYLE}`;

const WAYS = ['control', 'yieldclosedx', 'embedyield', 'embedyieldsmall', 'datasetyield', 'typesetyield', 'nodataclosed', 'imagetypeclosed', 'embedscript', 'nodatayield', 'emptydatayield', 'typesethtmlyield', 'typeremoveyield', 'typesethtmlpoll', 'notypepoll', 'notypehtmlpoll', 'typesethtmllayout'];

// A poll on every turn for a new window (Chromium makes an object's frame in a task of its own once it knows the type), for 10 s.
const pollWindow = `
  function pollWindow(what) {
    const t0 = Date.now();
    const ch = new MessageChannel();
    let turns = 0;
    ch.port1.onmessage = () => {
      turns++;
      if (what.endsWith('layout')) document.documentElement.getBoundingClientRect();
      if (window.length > 0) { note(what + ': a window after ' + turns + ' turns, ' + (Date.now() - t0) + ' ms'); grab(window[0], 'polled: ' + what); return; }
      if (Date.now() < t0 + 10000) ch.port2.postMessage(0);
      else note('poll ended after ' + turns + ' turns');
    };
    ch.port2.postMessage(0);
  }`;
const grabbing = objectGrabScript(`
    if (via === 'notypepoll') {
      // An <object> of a page's address with no type, appended (wrapped): Chromium knows no type until the answer comes.
      const o = document.createElement('object');
      o.id = 'o';
      o.data = '/attack19-blank?' + Math.random();
      o.style.cssText = 'width:10px;height:10px';
      o.onload = () => note('object load');
      document.body.append(o);
      note('appended, frames ' + window.length);
      pollWindow(via);
      return;
    }`) + pollWindow;

// The embed's own lookup (lookupGrab reads #o: an <embed> is as good).
function parserMarkup(via) {
  return {
    // attack18's yieldclosedx (closed since 1bf9711: the control).
    yieldclosedx: `${pollClosed('yieldclosedx')}<object id="o" ${OBJECT} ${ev}>x</object><html data-closed>${ignored(300000)}`,
    // An <embed> (void: it is the last node added, "open"), then only ignored tokens.
    embedyield: `${pollClosed('embedyield')}<embed id="o" type="text/html" src="/px/never.gif" ${STYLE} ${ev}><html data-closed>${ignored(300000)}`,
    embedyieldsmall: `${pollClosed('embedyieldsmall')}<embed id="o" type="text/html" src="/px/never.gif" ${STYLE} ${ev}><html data-closed>${ignored(20000)}`,
    // An <object> with no data while the observer sees it open; its inline script sets data; closed, ignored tokens.
    datasetyield: `${pollClosed('datasetyield')}<object id="o" type="text/html" ${STYLE} ${ev}>x<script>document.getElementById('o').data = '/px/never.gif'; note('data set, frames ' + window.length)</script></object><html data-closed>${ignored(300000)}`,
    // An <object> of an image type while seen open; its inline script makes it text/html.
    typesetyield: `${pollClosed('typesetyield')}<object id="o" type="image/gif" data="/px/never.gif" ${STYLE} ${ev}>x<script>document.getElementById('o').type = 'text/html'; note('type set, frames ' + window.length)</script></object><html data-closed>${ignored(300000)}`,
    // A text/html <object> with no data (or an empty one) at all, then only ignored tokens.
    nodatayield: `${pollClosed('nodatayield')}<object id="o" type="text/html" ${STYLE} ${ev}>x</object><html data-closed>${ignored(300000)}`,
    emptydatayield: `${pollClosed('emptydatayield')}<object id="o" type="text/html" data="" ${STYLE} ${ev}>x</object><html data-closed>${ignored(300000)}`,
    // typesetyield with an address that answers a page (the image type kept it unasked while open).
    typesethtmlyield: `${pollClosed('typesethtmlyield')}<object id="o" type="image/gif" data="/attack19-blank" ${STYLE} ${ev}>x<script>document.getElementById('o').type = 'text/html'; note('type set, frames ' + window.length)</script></object><html data-closed>${ignored(300000)}`,
    // The same, the page polling for a new window from the start (more ignored tokens: the frame comes ~70 ms on).
    typesethtmlpoll: `<script>pollWindow('typesethtmlpoll')</script><object id="o" type="image/gif" data="/attack19-blank" ${STYLE} ${ev}>x<script>document.getElementById('o').type = 'text/html'; note('type set, frames ' + window.length)</script></object><html data-closed>${ignored(1200000)}`,
    // The same, the poll laying the page out at every turn (no animation frame needed for Chromium's own task).
    typesethtmllayout: `<script>pollWindow('typesethtmllayout')</script><object id="o" type="image/gif" data="/attack19-blank" ${STYLE} ${ev}>x<script>document.getElementById('o').type = 'text/html'; note('type set, frames ' + window.length)</script></object><html data-closed>${ignored(1200000)}`,
    // An <object> of the page's HTML with a page's address and no type, the page polling for a new window.
    notypehtmlpoll: `<script>pollWindow('notypehtmlpoll')</script><object id="o" data="/attack19-blank?x" ${STYLE} ${ev}></object><p>after</p>`,
    // The same, the type attribute taken out (Chromium goes by the address).
    typeremoveyield: `${pollClosed('typeremoveyield')}<object id="o" type="image/gif" data="/attack19-blank" ${STYLE} ${ev}>x<script>document.getElementById('o').removeAttribute('type'); note('type removed, frames ' + window.length)</script></object><html data-closed>${ignored(300000)}`,
    // A closed <object> with no data (askAgain forgets it: mayHaveFrame false); the next script sets data and looks it up.
    nodataclosed: `<object id="o" type="text/html" ${STYLE} ${ev}></object><script>document.getElementById('o').data = '/px/never.gif'; lookupGrab('nodataclosed')</script>`,
    // A closed <object> showing an image; the next script makes it text/html and looks it up.
    imagetypeclosed: `<object id="o" type="image/gif" data="/px/never.gif" ${STYLE} ${ev}></object><script>document.getElementById('o').type = 'text/html'; lookupGrab('imagetypeclosed')</script>`,
    // An <embed> then a script right after (the observer call before it sees the script last: the embed judged closed and asked).
    embedscript: `<embed id="o" type="text/html" src="/px/never.gif" ${STYLE} ${ev}><script>lookupGrab('embedscript')</script>`,
  }[via] ?? '';
}

function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  return grabbedPickerPage({ grabbing, via, early: parserMarkup(via) });
}

/** A detection probe's answer: #po's events and records once settled, and whether it has a frame. */
export const result = `${settle}
    const o = document.getElementById('po');
    return { events: window.events, records: window.records.filter((r) => r.includes(':po:')), frames: window.length, framed: !!(o.contentDocument || o.getSVGDocument?.()) };`;
/** Event attributes that note #po's `error` and `load`. */
export const listen = `onerror="events.push('error')" onload="events.push('load')"`;
const PROBE_HTML = {
  // An object whose inline fallback script sets its data while open (no frame asked before: no data).
  dataset: `${watchObject}<object id="po" type="text/html" ${listen}>x<script>document.getElementById('po').data = '/attack19-blank'</script></object><p>after</p>`,
  // An object of an image type made text/html while open.
  typeset: `${watchObject}<object id="po" type="image/gif" data="/attack19-blank" ${listen}>x<script>document.getElementById('po').type = 'text/html'</script></object><p>after</p>`,
  // Objects whose load fails at once (an unhandled type, a bad address, a blocked scheme), in the page's HTML and appended:
  // an `error` Chromium fires inside Silbato's own lookup of a closed object is stopped too (hideOwnError)?
  badtype: `${watchObject}<object id="po" type="application/x-silbato-nothing" data="/attack19-blank" ${listen}></object><p>after</p>`,
  badurl: `${watchObject}<object id="po" type="text/html" data="http://[::1" ${listen}></object><p>after</p>`,
  jsurl: `${watchObject}<object id="po" type="text/html" data="javascript:0" ${listen}></object><p>after</p>`,
  badtypeappend: `${watchObject}<script>{ const o = document.createElement('object'); o.id = 'po'; o.type = 'application/x-silbato-nothing'; o.data = '/attack19-blank'; o.onerror = () => events.push('error'); o.onload = () => events.push('load'); document.body.append(o); }</script><p>after</p>`,
  badurlappend: `${watchObject}<script>{ const o = document.createElement('object'); o.id = 'po'; o.type = 'text/html'; o.data = 'http://[::1'; o.onerror = () => events.push('error'); o.onload = () => events.push('load'); document.body.append(o); }</script><p>after</p>`,
  embedbad: `${watchObject}<embed id="po" type="application/x-silbato-nothing" src="/attack19-blank" ${listen}><p>after</p>`,
  // The control: an object with data and an inline script (asked open, its `error` stopped).
  scriptin: `${watchObject}<object id="po" type="text/html" data="/attack19-blank" ${listen}>x<script>void 0</script></object><p>after</p>`,
};

/** The detection page of probe `query.get('probe')` among `probes` (name → markup): its markup, then `result`. */
export function detectionPage(probes, query) {
  const name = query.get('probe');
  const html = probes[name] ?? '';
  return `<p id="status"></p>${html}${probeScript(probes[name] ? result : 'return null;')}`;
}

export const DETECTION_PROBES = Object.keys(PROBE_HTML);

export function attack19Page(path, query) {
  if (path === '/attack19-picker') return picker(query);
  if (path === '/attack19-detect') return detectionPage(PROBE_HTML, query);
  if (path === '/attack19-blank') return '<p>a page</p>';
  return undefined;
}
