// Hostile pages for the tenth attack on the upload guard (issue 15): more
// ways for a page to reach a frame's first, empty document (a realm no
// content script runs in) before Silbato's page world wraps it, aimed at
// what changed last: document.write cut after every ">" from a frame's
// tag, objects the parser had open made at readystatechange, the walk
// (each window once, the tab's tree first), comment stand-ins, slots, the
// option/select attribute wrappers; and ways to tell Silbato is there with
// no action of the person. Served by server.mjs at /attack10-…; every page
// uploads whatever file reaches it to /upload, so the tests judge the
// bytes the server received. Tests: attack10.test.mjs.

import { grabbedPickerPage, grabScript, openGrabbedScript, probeScript, sendScript as send } from './uploads.mjs';

/**
 * The ways tried, each leaving in `window.grabbed` the first document's
 * window and in `window.grabbedPicker` its showPicker (window.how says
 * where it was taken). Each is described where it is made, below.
 */
const WAYS = [
  'control',
  // document.write
  'dwformid', 'dwadoption', 'dwadoptiona', 'dwadoptioncontrol',
  // objects the parser had open
  'dwopenobject', 'dwopenobjectclosed',
  // the walk
  'walkwrapped', 'walkwrappedcontrol',
  // slots
  'slotattr', 'slotname', 'slotremove', 'slotmovebefore', 'slotouter', 'slotcontrol',
  // customizable select
  'scnameditem', 'scattrvalue', 'sctext',
  // the page's HTML
  'parserformid', 'parserobjectce', 'parseriframece',
  // an XHTML page in a frame
  'xhtmlframe', 'xhtmlobjectframe', 'xhtmllateframe',
];

const grabbing = `
  ${grabScript}
  const grab0 = window.grab;
  window.grab = (w, how) => { if (w && !window.grabbed) { window.how = how || '?'; grab0(w); } };
  window.notes = [];
  const note = (s) => window.notes.push(String(s));
  // A customizable <select> (a <button> holding <selectedcontent>) with a
  // plain first option and a second whose content is \`content\` (nodes).
  function customSelect(content, { button = true, selected = false } = {}) {
    const sel = document.createElement('select');
    const b = document.createElement('button');
    if (button) b.append(document.createElement('selectedcontent'));
    const a = document.createElement('option');
    a.textContent = 'a';
    const o = document.createElement('option');
    o.textContent = 'b';
    for (const n of content) o.append(n);
    if (selected) o.setAttribute('selected', '');
    sel.append(b, a, o);
    return { sel, button: b, a, o };
  }
  // A stopped frame (its first document wrapped by Silbato, through the contentWindow safety net), and its document.
  function stoppedFrame(parent = document.body) {
    const f = frame();
    parent.append(f);
    const w = f.contentWindow;
    w.stop();
    return { f, w, d: w.document };
  }
  // Poll \`test\` on every turn (a MessageChannel) for 10 s; \`then\` when it holds.
  function poll(test, then, what) {
    const until = Date.now() + 10000;
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      const r = test();
      if (r) then(r);
      else if (Date.now() < until) ch.port2.postMessage(0);
      else { window.how = 'poll gave up: ' + what; note('poll gave up: ' + what); }
    };
    ch.port2.postMessage(0);
  }
  // A form-associated custom element: its formAssociatedCallback reads the newest frame.
  function defineFace() {
    if (customElements.get('x-face')) return;
    customElements.define('x-face', class extends HTMLElement {
      static formAssociated = true;
      formAssociatedCallback(form) {
        const n = window.length;
        note('formAssociatedCallback(' + (form ? form.localName + '#' + form.id : form) + ') sees ' + n + ' frames (armed ' + !!window.armedFace + ')');
        if (window.armedFace && n > window.framesBefore) grab(last(), 'formAssociatedCallback inside the frame\\'s insertion');
      }
    });
  }
  // A form-associated custom element whose form attribute names "f", and a form#f, appended to the body (after the parser's current element).
  function faceAndForm() {
    defineFace();
    const face = document.createElement('x-face');
    face.setAttribute('form', 'f');
    const form = document.createElement('form');
    form.id = 'f';
    document.body.append(face, form);
    window.framesBefore = window.length;
    window.armedFace = true;
  }
  // A custom element whose connectedCallback looks a property up on the page's last <object> (Chromium makes its frame then) and reads the newest frame.
  function defineLookup() {
    customElements.define('x-lookup', class extends HTMLElement {
      connectedCallback() {
        const o = document.querySelector('object');
        if (o) o.anything;
        note('x-lookup connected, frames ' + window.length);
        if (window.length > 0) grab(last(), 'x-lookup connectedCallback during the parse');
      }
    });
  }
  function connect(via) {
    const before = window.length;
    window.framesBefore = before;
    if (via === 'control') {
      document.body.append(frame());
      grab(last(), 'after append');
    } else if (via === 'dwformid') {
      // document.write of a frame whose id is "f", while the parser is in
      // div#wrap (so the frame comes before form#f in tree order): the
      // form-associated element whose form attribute names "f" loses its
      // form owner as the frame goes in, and its formAssociatedCallback
      // runs inside the write of that piece (document.write is
      // [CEReactions]), before Silbato's walk after the piece.
      faceAndForm();
      document.write('<iframe id="f" src="/px/never.gif" style="display:none"></iframe>');
      window.cloned = window.length - before;
    } else if (via === 'dwadoption' || via === 'dwadoptiona' || via === 'dwadoptioncontrol') {
      // The page's HTML left a frame inside <p> inside <b> (or <a>), both
      // open (walked by the MutationObserver before this script). A write
      // with no frame tag in it, or in the tail of the last write (no cut
      // at all): "</b>" (or a new "<a>") runs the adoption agency
      // algorithm, which takes the <p> out and puts it back elsewhere: the
      // frame gets a new first document, and the script written next runs
      // inside the same write.
      const old = last();
      window.oldDoc = old && old.document;
      const head = via === 'dwadoptiona' ? '<a href="#y">y</a>' : via === 'dwadoptioncontrol' ? '<i>no adoption</i>' : '</b>';
      document.write(head + '<script>(() => { const w = window[window.length - 1]; note("written script: same document " + (w && w.document === window.oldDoc) + ", frames " + window.length); if (w && w.document !== window.oldDoc) grab(w, "written script after the adoption agency moved the frame"); })()<\\/script>');
      // If the moved frame gets its window only later (no DOM change then), the page polls for it.
      poll(() => { const w = window.length && window[window.length - 1]; return w && w.document !== window.oldDoc && w; }, (w) => grab(w, 'polled: the frame moved by the adoption agency, its new window'), 'no new window');
    } else if (via === 'dwopenobject' || via === 'dwopenobjectclosed') {
      // A stopped frame's first document (wrapped) is opened (which erases
      // its listeners, Silbato's readystatechange too), given an <object>'s
      // start tag never closed in the markup, and closed: the parser closes
      // the <object> with no DOM change and no readystatechange listener
      // of Silbato left; Chromium makes its frame in a later task.
      // The outer frame shown (an object in a document with no layout gets no frame).
      const { f, w, d } = stoppedFrame();
      f.style.cssText = 'display:block;width:40px;height:40px';
      window.outer = w;
      d.open();
      d.write('<!doctype html><body><object type="text/html" data="/px/never.gif" style="width:10px;height:10px">' + (via === 'dwopenobjectclosed' ? '</object>' : ''));
      d.close();
      note('frames in the opened document at once: ' + w.length);
      poll(() => w.length > 0 && w[0], (x) => grab(x, 'polled: the object in a reopened first document'), 'no frame');
    } else if (via === 'walkwrapped' || via === 'walkwrappedcontrol') {
      // A stopped frame S in a closed shadow root (wrapped, and kept in
      // Silbato's list of wrapped realms: the walk cannot reach it from the
      // top, window[i] leaves out frames in shadow trees). Then 300 more
      // realms wrapped (frames appended and removed): S falls out of the
      // list (256 kept). A frame written into S's document is found only by
      // the walk (document.write), which no longer visits S.
      const host = document.createElement('div');
      document.body.append(host);
      const root = host.attachShadow({ mode: 'closed' });
      const S = stoppedFrame(root);
      if (via === 'walkwrapped') {
        const t0 = Date.now();
        for (let i = 0; i < 300; i++) { const g = frame(); document.body.append(g); g.contentWindow; g.remove(); }
        note('300 realms wrapped in ' + (Date.now() - t0) + ' ms');
      }
      S.d.open();
      S.d.write('<!doctype html><body><iframe src="/px/never.gif"></iframe>');
      S.d.close();
      note('frames in S after the write: ' + S.w.length);
      grab(S.w[S.w.length - 1], 'a frame written into a wrapped realm in a shadow tree' + (via === 'walkwrapped' ? ', after 300 more realms were wrapped' : ''));
    } else if (via.startsWith('slot')) {
      // An <object> child of a shadow host that no slot takes (not
      // rendered: no frame); then a slot takes it in a way that is neither
      // slot.assign nor an insertion of a <slot> (the object's slot
      // attribute, the slot's name, a hiding slot removed, a slot moved in
      // with moveBefore, outerHTML), and a property is looked up on it.
      const host = document.createElement('div');
      document.body.append(host);
      const root = host.attachShadow({ mode: 'open', slotAssignment: via === 'slotmovebefore' ? 'manual' : 'named' });
      let slot = null;
      let out = null;
      if (via === 'slotattr' || via === 'slotcontrol') root.innerHTML = '<slot name="b"></slot>';
      else if (via === 'slotname') root.innerHTML = '<slot name="b"></slot>';
      else if (via === 'slotremove') root.innerHTML = '<div style="display:none"><slot></slot></div><slot></slot>';
      else if (via === 'slotouter') root.innerHTML = '<span></span>';
      else if (via === 'slotmovebefore') { slot = document.createElement('slot'); out = document.createElement('div'); document.body.append(out); out.append(slot); }
      const o = document.createElement('object');
      o.type = 'text/html';
      o.data = '/px/never.gif';
      o.style.cssText = 'width:10px;height:10px';
      if (via === 'slotattr' || via === 'slotname' || via === 'slotcontrol') o.slot = 'a';
      host.append(o);
      setTimeout(() => {
        if (window.length > before) { window.how = 'the object had a frame while not slotted'; return; }
        if (via === 'slotattr') o.setAttribute('slot', 'b');
        else if (via === 'slotname') root.querySelector('slot').name = 'a';
        else if (via === 'slotremove') root.querySelector('div').remove();
        else if (via === 'slotouter') root.querySelector('span').outerHTML = '<slot></slot>';
        else if (via === 'slotmovebefore') { slot.assign(o); root.moveBefore(slot, null); }
        else if (via === 'slotcontrol') { const s = document.createElement('slot'); s.name = 'a'; root.append(s); }
        note('assigned: ' + !!o.assignedSlot);
        o.anything;
        if (window.length > before) grab(last(), 'lookup after ' + via);
        else window.how = 'no frame after ' + via;
      }, 50);
    } else if (via === 'scnameditem' || via === 'scattrvalue' || via === 'sctext') {
      const { sel, a, o } = customSelect([frame()], { selected: via === 'scattrvalue' });
      document.body.append(sel);
      if (via === 'scattrvalue') sel.selectedIndex = 0;
      if (via === 'sctext') sel.selectedIndex = 1;
      const had = window.length;
      const prev = last();
      const prevDoc = prev && prev.document;
      if (via === 'scnameditem') o.attributes.setNamedItem(document.createAttribute('selected'));
      else if (via === 'scattrvalue') o.getAttributeNode('selected').value = 'selected';
      else o.firstChild.data = 'changed';
      window.cloned = window.length - had;
      const w = last();
      note(via + ': frames ' + had + ' -> ' + window.length + ', newest realm new: ' + !!(w && w.document !== prevDoc) + ', selected ' + sel.selectedIndex);
      if (w && w.document !== prevDoc) grab(w, 'the clone in <selectedcontent> after ' + via);
    } else if (via === 'xhtmlframe' || via === 'xhtmlobjectframe' || via === 'xhtmllateframe') {
      // An XHTML page (the XML parser) in a frame: its next script takes the
      // frame its markup put in before it, and hands it here.
      const f = document.createElement('iframe');
      f.src = '/attack10-xhtml?via=' + via.replace('frame', '');
      f.style.cssText = 'width:60px;height:60px';
      document.body.append(f);
    } else if (via === 'parserformid') {
      // Done by the page's HTML (early): see picker().
      note('parserformid: frames now ' + window.length);
    }
  }`;

/** On the person's click, a never-attached input opened with the showPicker of a first document reached `via`. */
function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  let early = '';
  // The connect script runs inside div#wrap: written markup goes there, before what is appended to the body.
  if (via === 'dwformid') early = '<div id="wrap">';
  // A frame inside <p> inside <b> (<a>), left open; the connect script runs inside the <p>.
  else if (via === 'dwadoption' || via === 'dwadoptioncontrol') early = '<b>b<p>p<iframe src="/px/never.gif" style="display:none"></iframe>';
  else if (via === 'dwadoptiona') early = '<a href="#x">a<p>p<iframe src="/px/never.gif" style="display:none"></iframe>';
  // The page's HTML: a frame with id "f" parsed while form#f (appended by a script) comes after it.
  // The page's HTML: a closed <object> then a custom element, whose connectedCallback looks a property up on the object.
  else if (via === 'parserobjectce') early = '<script>defineLookup()</script><object type="text/html" data="/px/never.gif" style="width:10px;height:10px"></object><x-lookup></x-lookup>';
  // The control: a frame then the custom element (its creation makes a microtask checkpoint: the walk runs first).
  else if (via === 'parseriframece') early = '<script>defineLookup()</script><iframe src="/px/never.gif" style="display:none"></iframe><x-lookup></x-lookup>';
  else if (via === 'parserformid') early = '<div id="wrap"><script>faceAndForm()</script><iframe id="f" src="/px/never.gif" style="display:none"></iframe><script>note("next script sees " + window.length)</script></div>';
  return grabbedPickerPage({ grabbing, via, early });
}

/**
 * /attack10-objectnest: an <object> of an HTML address holding 70 nested
 * <object>s and a script, the page's last markup. Silbato's
 * MutationObserver keeps the <object>s the parser has open (the last node
 * added is inside them) in a list of at most 64, emptied when full: the
 * outer one is dropped, and never made by Silbato; Chromium makes its frame
 * once the parser closes it, and a script polling window.length takes its
 * first document. (objectnestcontrol: 3 nested objects.)
 */
function objectNest(query) {
  const control = query.get('via') === 'objectnestcontrol';
  const n = control ? 3 : 70;
  return `<button id="open">attach a photo</button><p id="status"></p><script>${grabbing}</script><script>${send}
  window.ready = true;
  ${openGrabbedScript}
  poll(() => window.length > 0, () => grab(last(), 'polled: the outer <object>\\'s frame'), 'no frame');
</script><object type="text/html" data="/px/never.gif" style="width:10px;height:10px">${'<object>'.repeat(n)}<script>window.lcOpen = window.length</script>${'</object>'.repeat(n)}</object>`;
}

/**
 * /attack10-xhtml (served as application/xhtml+xml: the XML parser): a frame
 * in the page's markup, read by the next script. Does the XML parser run
 * the MutationObserver's callback (a microtask checkpoint) before it runs a
 * script, as the HTML parser does?
 */
function xhtml(query) {
  const via = ['xhtmlobject', 'xhtmllate'].includes(query.get('via')) ? query.get('via') : 'xhtml';
  const frameMarkup = via === 'xhtmlobject'
    ? '<object type="text/html" data="/px/never.gif" style="width:10px;height:10px"></object>'
    : '<iframe src="/px/never.gif" style="display:none"></iframe>';
  const script = (s) => `<script>//<![CDATA[\n${s}\n//]]></script>`;
  const body = `<button id="open">attach a photo</button><p id="status"></p>${script(grabbing)}${script(send)}${frameMarkup}${script(`note('next script sees ' + window.length);
  // In a frame of an HTML page (the test's file chooser is set there): the realm handed to the top window.
  const give = (w, how) => (window !== top ? top.grab(w, how) : grab(w, how));
  if ('${via}' === 'xhtmllate') setTimeout(() => give(window[window.length - 1], 'a task later, in an XHTML page (the control)'), 0);
  else give(window[window.length - 1], 'the next script of an XHTML page (${via})');
  window.ready = true; ${openGrabbedScript}`)}`;
  return `<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><title>/attack10-xhtml</title></head><body>${body}</body></html>`;
}

/**
 * Detection pages: each runs a probe with no action of the person and
 * leaves its findings in window.result (a JSON-able value); the test
 * compares it with the same page in Chromium without the extension.
 */
const PROBES = {
  // document.write of a frame and text with ">" in it: the text nodes the parser makes.
  dwtextsplit: `
    document.write('<iframe style="display:none"></iframe><p id="q">a>b>c</p>');
    const q = document.getElementById('q');
    return { nodes: q.childNodes.length, text: q.textContent };`,
  // document.write of a frame and text, observed: the mutation records.
  dwrecords: `
    const seen = [];
    const mo = new MutationObserver((rs) => { for (const r of rs) seen.push(r.type + ' ' + r.addedNodes.length + '+' + r.removedNodes.length); });
    mo.observe(document.body, { childList: true, subtree: true, characterData: true });
    document.write('<iframe style="display:none"></iframe><p>a>b</p><i>c</i>');
    await new Promise((r) => setTimeout(r, 0));
    return seen;`,
  // A frame with an id appended, attributes observed: the id taken off and put back?
  idrecords: `
    const seen = [];
    const mo = new MutationObserver((rs) => { for (const r of rs) seen.push(r.type + ' ' + (r.attributeName || '') + ' ' + r.addedNodes.length); });
    mo.observe(document.body, { childList: true, subtree: true, attributes: true, attributeOldValue: true });
    const f = document.createElement('iframe'); f.id = 'fid'; f.style.display = 'none';
    document.body.append(f);
    await new Promise((r) => setTimeout(r, 0));
    return seen;`,
  // A written script's previous sibling (the frame written before it).
  writecurrentscript: `
    window.cs = [];
    document.write('<iframe style="display:none"></iframe><script>window.cs.push(String(document.currentScript && document.currentScript.previousSibling && document.currentScript.previousSibling.localName))<\\/script>');
    return window.cs;`,
  // The readystatechange listeners: does a page's listener see the same events, in the same order?
  readystate: `
    const log = [];
    document.addEventListener('readystatechange', (e) => log.push(document.readyState + ' ' + e.eventPhase), true);
    await new Promise((r) => window.addEventListener('load', r));
    return log;`,
  // define with options whose extends is read: how many times, and what the page's getter sees as its receiver.
  defineoptions: `
    const log = [];
    const options = { get extends() { log.push('extends read, this is options: ' + (this === options)); return undefined; } };
    try { customElements.define('x-opts', class extends HTMLElement {}, options); log.push('defined'); } catch (e) { log.push('threw ' + e.name); }
    return log;`,
};

function detect(query) {
  const probe = PROBES[query.get('probe')] ?? 'return null;';
  return `<p id="status"></p>${probeScript(probe)}`;
}

export const DETECTION_PROBES = Object.keys(PROBES);

export function attack10Page(path, query) {
  if (path === '/attack10-picker') return picker(query);
  if (path === '/attack10-detect') return detect(query);
  if (path === '/attack10-objectnest') return objectNest(query);
  return undefined;
}

/** Pages served as they are, with their own type (not wrapped in an HTML document): { type, body }. */
export function attack10Raw(path, query) {
  if (path === '/attack10-xhtml') return { type: 'application/xhtml+xml; charset=utf-8', body: xhtml(query) };
  return undefined;
}
