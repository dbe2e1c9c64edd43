// Hostile pages for the eighteenth attack on the upload guard: the
// parser's open/closed judgement of <object>s made live (550d67f: only a
// real readystatechange is a stop), objects judged open that the parser has
// in fact closed, objects judged closed that it still has open (records of
// another document, a timer's node), and what stays in stillOpen/unframed
// while no observer call comes. Served by server.mjs at /attack18-…;
// tests: attack18.test.mjs.

import { grabbedPickerPage, objectGrabScript, probeScript } from './uploads.mjs';

const OBJECT = 'type="text/html" data="/px/never.gif" style="width:10px;height:10px"';

const WAYS = ['control', 'yieldclosed', 'yieldclosedx', 'yieldclosedpoll', 'yieldclosedsmall', 'slotmillion', 'slotsmall'];

const grabbing = objectGrabScript(`
    if (via === 'slotmillion' || via === 'slotsmall') {
      // A shadow host whose root's only slot is named "zzz"; its light
      // children: object #o (slot="a", first) and then many <i slot="a">.
      // Nothing is rendered until the slot is renamed "a": then it takes
      // #o and every <i>, #o first.
      const many = via === 'slotmillion' ? (1 << 20) + 16 : 16;
      const host = document.createElement('div');
      document.body.append(host);
      const root = host.attachShadow({ mode: 'open' });
      root.innerHTML = '<slot name="zzz"></slot>';
      const t0 = Date.now();
      host.innerHTML = '<i slot="a"></i>'.repeat(many);
      const o = document.createElement('object');
      o.id = 'o';
      o.type = 'text/html';
      o.data = '/px/never.gif';
      o.style.cssText = 'width:10px;height:10px';
      o.slot = 'a';
      o.onerror = () => note('object error');
      host.prepend(o);
      note('built in ' + (Date.now() - t0) + ' ms, frames ' + window.length);
      const t1 = Date.now();
      root.querySelector('slot').name = 'a';
      note('renamed in ' + (Date.now() - t1) + ' ms, frames ' + window.length + ', taken ' + root.querySelector('slot').assignedElements().length);
      lookupGrab(via);
      return;
    }`);

export const ev = `onerror="note('object error')" onload="note('object load')"`;

// Ignored tokens (no DOM change, no record, the parser yielding among them).
export const ignored = (n) => '</x>'.repeat(n);

/**
 * A poll on every turn (a MessageChannel) started before the object: once
 * the parser has put `data-closed` on <html> (a start tag <html> in body,
 * an attribute change only, no childList record), the object is closed;
 * the page looks it up (`lookup`) or only waits for a new window.
 */
export const pollClosed = (what, lookup = true) => `<script>
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

export const watchObject = `<script>window.records = []; window.events = []; new MutationObserver((rs) => { for (const r of rs) window.records.push(r.type + ':' + (r.target.id || r.target.nodeName) + ':+' + [...r.addedNodes].map((n) => n.nodeName).join(',') + '-' + [...r.removedNodes].map((n) => n.nodeName).join(',')); }).observe(document, { childList: true, subtree: true })</script>`;
export const settle = `
    await new Promise((r) => (document.readyState === 'complete' ? r() : window.addEventListener('load', r)));
    await new Promise((r) => setTimeout(r, 800));`;
const result = `${settle}
    const o = document.getElementById('po');
    return { events: window.events, records: window.records.filter((r) => r.includes(':po:')), frames: window.length, framed: !!o.contentDocument, stray: window.strayAt !== undefined };`;
const listen = `onerror="events.push('error')" onload="events.push('load')"`;
// Once, on a turn while the parser has #po open (between its slices of
// ignored end tags), a <meta> is put into the head of \`doc\` (a wrapped
// insertion, but a record: Silbato's observer then sees it last).
const strayWhileOpen = (doc) => `<script>
  (() => {
    const ch = new MessageChannel();
    const t0 = Date.now();
    ch.port1.onmessage = () => {
      if (document.getElementById('po') && !document.documentElement.hasAttribute('data-closed')) {
        (${doc}).head.appendChild(document.createElement('meta'));
        window.strayAt = Date.now() - t0;
        return;
      }
      if (Date.now() < t0 + 20000) ch.port2.postMessage(0);
    };
    ch.port2.postMessage(0);
  })();
</script>`;
// A frame's first document, stopped (realms.js wraps it from the page world: its observer is the tab's).
const firstDocument = `<iframe id="fd" src="/px/never.gif" style="display:none"></iframe><script>window.fdw = window[0]; window.fdw.stop()</script>`;
const PROBE_HTML = {
  // An object showing a page, its fallback text then ignored end tags (the parser yields inside it, no script in it); a timer's node in the head meanwhile.
  yieldstray: `${watchObject}${strayWhileOpen('document')}<object id="po" data="/attack18-blank" type="text/html" ${listen}>fallback${ignored(200000)}</object><html data-closed><p>after</p>`,
  // The same, the parser adding more text to the object afterwards (merged).
  yieldstrayy: `${watchObject}${strayWhileOpen('document')}<object id="po" data="/attack18-blank" type="text/html" ${listen}>fallback${ignored(200000)} more</object><html data-closed><p>after</p>`,
  // The node put into another document (a frame's first document, wrapped by the tab's page world).
  yieldstraydoc: `${watchObject}${firstDocument}${strayWhileOpen('window.fdw.document')}<object id="po" data="/attack18-blank" type="text/html" ${listen}>fallback${ignored(200000)}</object><html data-closed><p>after</p>`,
  // The control: no stray node.
  yieldnostray: `${watchObject}<object id="po" data="/attack18-blank" type="text/html" ${listen}>fallback${ignored(200000)}</object><html data-closed><p>after</p>`,
};

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

