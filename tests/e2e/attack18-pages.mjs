// Hostile pages for the eighteenth attack on the upload guard: the
// parser's open/closed judgement of <object>s made live (550d67f: only a
// real readystatechange is a stop), objects judged open that the parser has
// in fact closed, objects judged closed that it still has open (records of
// another document, a timer's node), and what stays in stillOpen/unframed
// while no observer call comes. Served by server.mjs at /attack18-…;
// tests: attack18.test.mjs.

import { grabbedPickerPage, objectGrabScript, probeScript } from './uploads.mjs';

const OBJECT = 'type="text/html" data="/px/never.gif" style="width:10px;height:10px"';

const WAYS = ['control', 'yieldclosed', 'yieldclosedx', 'yieldclosedpoll', 'yieldclosedsmall'];

const grabbing = objectGrabScript();

const ev = `onerror="note('object error')" onload="note('object load')"`;

// Ignored tokens (no DOM change, no record, the parser yielding among them).
const ignored = (n) => '</x>'.repeat(n);

/**
 * A poll on every turn (a MessageChannel) started before the object: once
 * the parser has put `data-closed` on <html> (a start tag <html> in body,
 * an attribute change only, no childList record), the object is closed;
 * the page looks it up (`lookup`) or only waits for a new window.
 */
const pollClosed = (what, lookup = true) => `<script>
  (() => {
    const t0 = Date.now();
    const ch = new MessageChannel();
    let turns = 0;
    ch.port1.onmessage = () => {
      turns++;
      const o = document.getElementById('o');
      if (o && document.documentElement.hasAttribute('data-closed')) {
        note('${what}: closed seen after ' + turns + ' turns, ' + (Date.now() - t0) + ' ms, frames ' + window.length + ', readyState ' + document.readyState);
        ${lookup ? `lookupGrab('${what}'); return;` : `if (window.length > 0) { grab(window[0], 'polled: a new window, ${what}'); return; }`}
      }
      if (Date.now() < t0 + 20000 && !window.grabbed) ch.port2.postMessage(0);
      else note('poll ended after ' + turns + ' turns');
    };
    ch.port2.postMessage(0);
  })();
</script>`;

function parserMarkup(via) {
  return {
    // An empty <object> (it is the last node added: judged open and kept),
    // closed at once; then <html data-closed> and ignored end tags only:
    // no record, so no observer call while the page's poll runs.
    yieldclosed: `${pollClosed('yieldclosed')}<object id="o" ${OBJECT} ${ev}></object><html data-closed>${ignored(300000)}`,
    // The same with a text child "x" (the last node, inside the object).
    yieldclosedx: `${pollClosed('yieldclosedx')}<object id="o" ${OBJECT} ${ev}>x</object><html data-closed>${ignored(300000)}`,
    // The page only polls for a new window (Chromium makes the frame in a task of its own).
    yieldclosedpoll: `${pollClosed('yieldclosedpoll', false)}<object id="o" ${OBJECT} ${ev}>x</object><html data-closed>${ignored(300000)}`,
    // Fewer ignored tokens (the control of timing).
    yieldclosedsmall: `${pollClosed('yieldclosedsmall')}<object id="o" ${OBJECT} ${ev}>x</object><html data-closed>${ignored(20000)}`,
  }[via] ?? '';
}

function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  return grabbedPickerPage({ grabbing, via, early: parserMarkup(via) });
}

const watchObject = `<script>window.records = []; window.events = []; new MutationObserver((rs) => { for (const r of rs) window.records.push(r.type + ':' + (r.target.id || r.target.nodeName) + ':+' + [...r.addedNodes].map((n) => n.nodeName).join(',') + '-' + [...r.removedNodes].map((n) => n.nodeName).join(',')); }).observe(document, { childList: true, subtree: true })</script>`;
const settle = `
    await new Promise((r) => (document.readyState === 'complete' ? r() : window.addEventListener('load', r)));
    await new Promise((r) => setTimeout(r, 800));`;
const result = `${settle}
    const o = document.getElementById('po');
    return { events: window.events, records: window.records.filter((r) => r.includes(':po:')), frames: window.length, framed: !!o.contentDocument };`;
const listen = `onerror="events.push('error')" onload="events.push('load')"`;
const PROBE_HTML = {};

function detect(query) {
  const name = query.get('probe');
  const html = PROBE_HTML[name] ?? '';
  return `<p id="status"></p>${html}${probeScript(PROBE_HTML[name] ? result : 'return null;')}`;
}

export const DETECTION_PROBES = Object.keys(PROBE_HTML);

export function attack18Page(path, query) {
  if (path === '/attack18-picker') return picker(query);
  if (path === '/attack18-detect') return detect(query);
  if (path === '/attack18-blank') return '<p>a page</p>';
  return undefined;
}

export { watchObject, listen };
