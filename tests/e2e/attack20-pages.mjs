// Hostile pages for the twentieth attack on the upload guard, aimed at the
// changes after attack 19: an object's `data`/`type` or an embed's
// `src`/`type` set by any wrapped route asks it again (realms.js
// slotAttributeName), hideOwnError, an <embed> never judged open. What
// else makes Chromium (re)consider an object or embed: `classid`, an
// embed's legacy `code`, `<param>` addresses. Served by server.mjs at
// /attack20-…; tests: attack20.test.mjs.

import { grabbedPickerPage, objectGrabScript } from './uploads.mjs';
import { ev, ignored, watchObject } from './attack18-pages.mjs';
import { detectionPage, listen } from './attack19-pages.mjs';

const STYLE = 'style="width:10px;height:10px"';

const WAYS = ['control', 'classidremove', 'classidempty', 'classidpoll', 'classidset', 'embedcode', 'embedcodepoll', 'paramclosed', 'paramopen', 'paramvalue', 'classidattr', 'classidtoggle', 'classidparse', 'classidnamed', 'classidnode', 'classidappend', 'classidouter', 'classidouterpoll', 'declareremove', 'classidouter2', 'classidouterembed', 'classidouterembed2'];

// A poll on every turn for a window beyond the `had` there were, for 10 s (`lookup`: #o looked up at each turn first).
export const pollNew = `
  function pollNew(what, had = window.length, lookup = false) {
    const t0 = Date.now();
    const ch = new MessageChannel();
    let turns = 0;
    ch.port1.onmessage = () => {
      turns++;
      if (lookup) document.getElementById('o').anything;
      if (window.length > had) { note(what + ': a new window after ' + turns + ' turns, ' + (Date.now() - t0) + ' ms'); grab(window[window.length - 1], 'polled: ' + what); return; }
      if (Date.now() < t0 + 10000 && !window.grabbed) ch.port2.postMessage(0);
      else note('poll ended after ' + turns + ' turns, frames ' + window.length);
    };
    ch.port2.postMessage(0);
  }`;
const grabbing = objectGrabScript(`
    if (via === 'classidappend') {
      // Made and appended by the page (a wrapped insertion: asked as it goes in, fallback shown, no frame).
      const a = document.createElement('object');
      a.id = 'o';
      a.setAttribute('classid', 'clsid:x');
      a.type = 'text/html';
      a.data = '/attack20-blank?append';
      a.style.cssText = 'width:10px;height:10px';
      document.body.append(a);
      note(via + ': appended, frames ' + window.length);
      a.removeAttribute('classid');
      lookupGrab(via);
      return;
    }
    const o = document.getElementById('o');
    if (!o) return;
    note(via + ': frames before ' + window.length + ', o.contentWindow ' + !!o.contentWindow);
    const had = window.length;
    if (via === 'classidremove') { o.removeAttribute('classid'); lookupGrab(via); return; }
    if (via === 'classidempty') { o.setAttribute('classid', ''); lookupGrab(via); return; }
    if (via === 'classidattr') { o.getAttributeNode('classid').value = ''; lookupGrab(via); return; }
    if (via === 'classidtoggle') { o.toggleAttribute('classid'); lookupGrab(via); return; }
    if (via === 'classidpoll') { o.removeAttribute('classid'); pollNew(via, had); return; }
    if (via === 'classidset') { o.setAttribute('classid', 'clsid:x'); note('classid set: ' + window.length); o.removeAttribute('classid'); lookupGrab(via); return; }
    if (via === 'embedcode') { o.setAttribute('code', '/attack20-blank?code'); lookupGrab(via); return; }
    if (via === 'embedcodepoll') { o.setAttribute('code', '/attack20-blank?codepoll'); pollNew(via, had); return; }
    if (via === 'paramclosed') { lookupGrab(via); if (!window.grabbed) pollNew(via, had); return; }
    if (via === 'paramvalue') { o.querySelector('param').setAttribute('value', '/attack20-blank?pv2'); lookupGrab(via); if (!window.grabbed) pollNew(via, had); return; }
    if (via === 'classidparse') { lookupGrab(via); return; }
    if (via === 'classidouter') { document.getElementById('outer').setAttribute('classid', 'clsid:x'); lookupGrab(via); return; }
    if (via === 'classidouterpoll') { document.getElementById('outer').setAttribute('classid', 'clsid:x'); pollNew(via, 0, true); return; }
    if (via === 'declareremove') { o.removeAttribute('declare'); lookupGrab(via); return; }
    if (via === 'classidouter2') { document.getElementById('outer').setAttribute('classid', 'clsid:x'); o.anything; note('after one lookup: ' + window.length); lookupGrab(via); return; }
    if (via === 'classidouterembed') { document.getElementById('outer').setAttribute('classid', 'clsid:x'); lookupGrab(via); return; }
    if (via === 'classidouterembed2') { document.getElementById('outer').setAttribute('classid', 'clsid:x'); o.anything; note('after one lookup: ' + window.length); lookupGrab(via); return; }
    if (via === 'classidnamed') { o.attributes.removeNamedItem('classid'); lookupGrab(via); return; }
    if (via === 'classidnode') { const a = document.createAttribute('classid'); o.setAttributeNode(a); lookupGrab(via); return; }`) + pollNew;

const HTML_OBJECT = `type="text/html" data="/attack20-blank?o" ${STYLE} ${ev}`;

function parserMarkup(via) {
  return {
    // A text/html object of a page's address with a classid (Chromium shows its fallback, no frame), closed.
    classidremove: `<object id="o" classid="clsid:x" ${HTML_OBJECT}></object>`,
    classidempty: `<object id="o" classid="clsid:x" ${HTML_OBJECT}></object>`,
    classidattr: `<object id="o" classid="clsid:x" ${HTML_OBJECT}></object>`,
    classidtoggle: `<object id="o" classid="clsid:x" ${HTML_OBJECT}></object>`,
    // An object framed at once (wrapped), holding a second one in its fallback (not rendered, no frame); the outer one given a classid.
    classidouter: `<object id="outer" ${HTML_OBJECT}><object id="o" type="text/html" data="/attack20-blank?inner" ${STYLE}></object></object>`,
    classidouterpoll: `<object id="outer" ${HTML_OBJECT}><object id="o" type="text/html" data="/attack20-blank?inner" ${STYLE}></object></object>`,
    // An object with the old `declare` attribute (HTML 4: declared, not shown), taken away.
    declareremove: `<object id="o" declare ${HTML_OBJECT}></object>`,
    classidouter2: `<object id="outer" ${HTML_OBJECT}><object id="o" type="text/html" data="/attack20-blank?inner2" ${STYLE}></object></object>`,
    // The same with an <embed> inside (an embed in an object not showing its fallback gets no layout, no frame).
    classidouterembed: `<object id="outer" ${HTML_OBJECT}><embed id="o" type="text/html" src="/attack20-blank?embed" ${STYLE}></object>`,
    classidouterembed2: `<object id="outer" ${HTML_OBJECT}><embed id="o" type="text/html" src="/attack20-blank?embed2" ${STYLE}></object>`,
    classidnamed: `<object id="o" classid="clsid:x" ${HTML_OBJECT}></object>`,
    classidnode: `<object id="o" classid="clsid:x" ${HTML_OBJECT}></object>`,
    classidpoll: `<object id="o" classid="clsid:x" ${HTML_OBJECT}></object>`,
    // The same with no classid at first (framed at once, wrapped): set then taken away.
    classidset: `<object id="o" ${HTML_OBJECT}></object>`,
    // A classid object, for the look of it (no change).
    classidparse: `<object id="o" classid="clsid:x" ${HTML_OBJECT}></object>`,
    // An <embed> of text/html with no src; its legacy `code` attribute set after.
    embedcode: `<embed id="o" type="text/html" ${STYLE} ${ev}>`,
    embedcodepoll: `<embed id="o" type="text/html" ${STYLE} ${ev}>`,
    // An object whose address is only a <param name=src> (no data: mayHaveFrame says none).
    paramclosed: `<object id="o" type="text/html" ${STYLE} ${ev}><param name="src" value="/attack20-blank?p"></object>`,
    paramvalue: `<object id="o" type="text/html" ${STYLE} ${ev}><param name="src" value="/attack20-blank?pv"></object>`,
    // The same open across an inline script, closed, then the parser yields among ignored tokens; polled from the start.
    paramopen: `<script>pollNew('paramopen')</script><object id="o" type="text/html" ${STYLE} ${ev}><param name="src" value="/attack20-blank?po">x<script>note('inside: frames ' + window.length)</script></object><html data-closed>${ignored(1200000)}`,
  }[via] ?? '';
}

function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  return grabbedPickerPage({ grabbing, via, early: parserMarkup(via) });
}

// The page's own lookup of a second object it appends from inside #po (open): does #po's `error` come inside it?
const appendLookup = (lookup) => `<script>
  const q = document.createElement('object');
  q.type = 'text/html';
  q.data = '/attack20-blank?q';
  q.style.cssText = 'width:10px;height:10px';
  document.body.append(q);
  window.inLookup = true;
  ${lookup ? 'q.anything;' : 'void 0;'}
  window.inLookup = false;
</script>`;
const listenLookup = `onerror="events.push(window.inLookup ? 'error in the page lookup' : 'error')" onload="events.push('load')"`;
const PROBE_HTML = {
  // A plain closed object of a page's address, nothing else.
  plainobject: `${watchObject}<object id="po" type="text/html" data="/attack20-blank" ${listen}></object><p>after</p>`,
  // hideOwnError: #po open (judged so by the observer call before the script), the page appends a second object (Silbato's lookup of it
  // lays the page out: #po's error inside it, hidden), then looks that one up itself.
  appendlookup: `${watchObject}<object id="po" type="text/html" data="/attack20-blank" ${listenLookup}>x${appendLookup(true)}</object><p>after</p>`,
  appendonly: `${watchObject}<object id="po" type="text/html" data="/attack20-blank" ${listenLookup}>x${appendLookup(false)}</object><p>after</p>`,
};

export const DETECTION_PROBES = Object.keys(PROBE_HTML);

export function attack20Page(path, query) {
  if (path === '/attack20-picker') return picker(query);
  if (path === '/attack20-detect') return detectionPage(PROBE_HTML, query);
  if (path === '/attack20-blank') return '<p>a page</p>';
  return undefined;
}
