// Hostile pages for the eleventh attack on the upload guard (issue 15): more
// ways for a page to reach a frame's first, empty document (a realm no
// content script runs in) before Silbato's page world wraps it, aimed at
// what changed last: slots (what a slot takes changed in ways other than
// the wrapped calls), the parser's last <object> taken as closed only when
// empty, customizable <select>s choosing again without a wrapped call;
// and ways to tell Silbato is there with no action of the person. Served
// by server.mjs at /attack11-…; every page uploads whatever file reaches it
// to /upload, so the tests judge the bytes the server received. Tests:
// attack11.test.mjs.

import { grabbedPickerPage, grabScript, probeScript } from './uploads.mjs';

/**
 * The ways tried, each leaving in `window.grabbed` the first document's
 * window and in `window.grabbedPicker` its showPicker (window.how says
 * where it was taken). Each is described where it is made, below.
 */
const WAYS = [
  'control',
  // the page's HTML: a closed <object> with content, then a custom element
  'parserobjectfallback', 'parserobjectspace', 'parserobjectcontrol',
  // slots
  'slotattrvalue', 'slotnameditem', 'slotnamevalue', 'slotreplacechildren', 'slotinnerhtml',
  'slotmoveout', 'slotreplacechild', 'slotrangeinsert', 'slotrangedelete', 'slotouterempty', 'slotcontrol',
  // customizable select
  'scdivremove', 'screset', 'scindexnull', 'sccontrol',
];

const grabbing = `
  ${grabScript}
  const grab0 = window.grab;
  window.grab = (w, how) => { if (w && !window.grabbed) { window.how = how || '?'; grab0(w); } };
  window.notes = [];
  const note = (s) => window.notes.push(String(s));
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
  // A customizable <select> (a <button> holding <selectedcontent>); options made by \`fill(sel)\`.
  function customSelect(fill) {
    const sel = document.createElement('select');
    sel.style.cssText = 'appearance: base-select';
    const b = document.createElement('button');
    b.append(document.createElement('selectedcontent'));
    sel.append(b);
    fill(sel);
    return sel;
  }
  function option(text, ...content) {
    const o = document.createElement('option');
    o.textContent = text;
    for (const n of content) o.append(n);
    return o;
  }
  // After \`change()\` (no wrapped call made a frame), the newest realm, if new, is taken at once.
  function afterChange(change, what) {
    const had = window.length;
    const prev = last();
    const prevDoc = prev && prev.document;
    change();
    note(what + ': frames right after the call ' + window.length);
    // If the browser copies later (at a style or layout update), the page asks for that update at once.
    document.body.offsetHeight;
    window.cloned = window.length - had;
    const w = last();
    note(what + ': frames ' + had + ' -> ' + window.length + ', newest realm new: ' + !!(w && w.document !== prevDoc));
    if (w && w.document !== prevDoc) grab(w, what);
    else {
      window.how = 'no new realm after ' + what;
      // The copy made later (a task of the browser's own): the page polls for it on every turn.
      const until = Date.now() + 3000;
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        const x = last();
        if (x && x.document !== prevDoc) grab(x, 'polled: a new realm after ' + what);
        else if (Date.now() < until) ch.port2.postMessage(0);
        else note('poll gave up');
      };
      ch.port2.postMessage(0);
    }
  }
  function connect(via) {
    const before = window.length;
    window.framesBefore = before;
    if (via === 'control') {
      document.body.append(frame());
      grab(last(), 'after append');
    } else if (via.startsWith('slot')) {
      // An <object> of an HTML address, child of a shadow host, that no
      // slot takes (not rendered: no frame); then a slot takes it in a way
      // none of Silbato's slot wrappers see, and a property is looked up
      // on it (Chromium makes its frame), and window[i] read.
      const host = document.createElement('div');
      document.body.append(host);
      const root = host.attachShadow({ mode: 'open' });
      const named = ['slotattrvalue', 'slotnameditem', 'slotnamevalue', 'slotcontrol'].includes(via);
      // Named ways: the root has only <slot name="b">, the object's slot is "a".
      // The others: a default slot hidden in a display:none div comes first (it takes the object), a second default slot after it.
      if (named) root.innerHTML = '<slot name="b"></slot>';
      else if (via === 'slotrangeinsert') root.innerHTML = '<span></span>';
      else root.innerHTML = '<div id="hide" style="display:none"><slot id="hidden"></slot></div><slot id="shown"></slot>';
      const o = document.createElement('object');
      o.type = 'text/html';
      o.data = '/px/never.gif';
      o.style.cssText = 'width:10px;height:10px';
      if (named) o.slot = 'a';
      host.append(o);
      setTimeout(() => {
        if (window.length > before) { window.how = 'the object had a frame while not slotted'; return; }
        const hide = root.getElementById('hide');
        const hidden = root.getElementById('hidden');
        if (via === 'slotattrvalue') {
          // The object's existing slot Attr given a new value (Attr's value setter).
          o.getAttributeNode('slot').value = 'b';
        } else if (via === 'slotnameditem') {
          // A new slot Attr set through the object's NamedNodeMap (which only walks; nothing framed).
          const a = document.createAttribute('slot');
          a.value = 'b';
          o.attributes.setNamedItem(a);
        } else if (via === 'slotnamevalue') {
          // The slot's name Attr given the object's slot name.
          root.querySelector('slot').getAttributeNode('name').value = 'a';
        } else if (via === 'slotcontrol') {
          o.slot = 'b';
        } else if (via === 'slotreplacechildren') {
          // The hiding div emptied with replaceChildren() (no node inserted: no slot in the arguments).
          hide.replaceChildren();
        } else if (via === 'slotinnerhtml') {
          // The hiding div emptied with innerHTML = '' (no <slot> in the markup).
          hide.innerHTML = '';
        } else if (via === 'slotmoveout') {
          // The hidden slot moved out of the shadow tree with moveBefore (the slots of the destination are looked at, not the root it left).
          document.body.moveBefore(hidden, null);
        } else if (via === 'slotreplacechild') {
          // The hidden slot replaced by an <i> with replaceChild (the node inserted holds no slot).
          hide.replaceChild(document.createElement('i'), hidden);
        } else if (via === 'slotrangeinsert') {
          // A <slot> put into the root with Range.insertNode (the wrapper's self is a Range, not a node of the tree).
          const r = document.createRange();
          r.setStart(root, 0);
          r.setEnd(root, 0);
          r.insertNode(document.createElement('slot'));
        } else if (via === 'slotrangedelete') {
          // The hidden slot deleted with Range.deleteContents (not wrapped).
          const r = document.createRange();
          r.selectNode(hidden);
          r.deleteContents();
        } else if (via === 'slotouterempty') {
          // The hidden slot replaced by nothing with outerHTML = '' (no <slot> in the markup).
          hidden.outerHTML = '';
        }
        note('assigned: ' + !!o.assignedSlot + ', frames before lookup ' + window.length);
        o.anything;
        if (window.length > before) grab(last(), 'lookup after ' + via);
        else window.how = 'no frame after ' + via;
      }, 50);
    } else if (via === 'scdivremove' || via === 'sccontrol') {
      // A customizable <select> whose chosen option sits in a <div> (the
      // new content model lets options sit in divs); its second option
      // holds a frame. The div taken out with remove() (Element.remove
      // walks only when called on an option, optgroup or select): the
      // browser chooses the second option and clones it, frame and all,
      // into <selectedcontent>. (sccontrol: the chosen option itself removed.)
      const f = frame();
      let first;
      let wrapDiv;
      const sel = customSelect((s) => {
        wrapDiv = document.createElement('div');
        first = option('a');
        wrapDiv.append(first);
        s.append(wrapDiv, option('b', f));
      });
      document.body.append(sel);
      sel.selectedIndex = 0;
      note('options ' + sel.options.length + ', selected ' + sel.selectedIndex);
      afterChange(() => (via === 'sccontrol' ? first.remove() : wrapDiv.remove()), 'the clone in <selectedcontent> after ' + via);
    } else if (via === 'screset') {
      // A customizable <select> in a form; its second option holds a frame
      // and is the default (selected attribute), the first chosen now. A
      // reset button's click() (not form.reset()): the form is reset by the
      // button's activation, after the click listeners (Silbato's walk
      // runs before it): the browser chooses the default again and clones it.
      const form = document.createElement('form');
      const sel = customSelect((s) => {
        const b = option('b', frame());
        b.setAttribute('selected', '');
        s.append(option('a'), b);
      });
      const reset = document.createElement('button');
      reset.type = 'reset';
      reset.textContent = 'r';
      form.append(sel, reset);
      document.body.append(form);
      sel.selectedIndex = 0;
      note('selected ' + sel.selectedIndex);
      afterChange(() => reset.click(), 'the clone in <selectedcontent> after a reset button\\'s click()');
    } else if (via === 'scindexnull') {
      // The chosen option removed with the options collection's indexed
      // setter (options[0] = null), which no script can wrap: the second
      // option (holding a frame) is chosen and cloned.
      const sel = customSelect((s) => s.append(option('a'), option('b', frame())));
      document.body.append(sel);
      sel.selectedIndex = 0;
      afterChange(() => { sel.options[0] = null; }, 'the clone in <selectedcontent> after options[0] = null');
    } else {
      note(via + ': done by the page\\'s HTML, frames now ' + window.length);
    }
  }`;

/** On the person's click, a never-attached input opened with the showPicker of a first document reached `via`. */
function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  let early = '';
  // The page's HTML: a closed <object> holding fallback content, then a
  // custom element whose connectedCallback looks a property up on the
  // object. The parser's last node when it stops for the custom element
  // is inside the object (its fallback), so Silbato keeps it as still
  // open and asks for no frame.
  if (via === 'parserobjectfallback') early = '<script>defineLookup()</script><object type="text/html" data="/px/never.gif" style="width:10px;height:10px"><span>fallback</span></object><x-lookup></x-lookup>';
  // The same with only a space in the object.
  else if (via === 'parserobjectspace') early = '<script>defineLookup()</script><object type="text/html" data="/px/never.gif" style="width:10px;height:10px"> </object><x-lookup></x-lookup>';
  // The control: an empty object (attack10's parserobjectce, withstood since).
  else if (via === 'parserobjectcontrol') early = '<script>defineLookup()</script><object type="text/html" data="/px/never.gif" style="width:10px;height:10px"></object><x-lookup></x-lookup>';
  return grabbedPickerPage({ grabbing, via, early });
}

/**
 * Detection pages: each runs a probe with no action of the person and
 * leaves its findings in window.result (a JSON-able value); the test
 * compares it with the same page in Chromium without the extension.
 */
const PROBES = {
  // An <object> slotted by setting its slot attribute: a frame at once (Silbato makes it) or in a later task (Chromium)?
  slotnow: `
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<slot name="b"></slot>';
    const o = document.createElement('object');
    o.type = 'text/html'; o.data = '/px/never.gif'; o.style.cssText = 'width:10px;height:10px'; o.slot = 'a';
    host.append(o);
    await new Promise((r) => setTimeout(r, 100));
    const before = window.length;
    o.setAttribute('slot', 'b');
    const atOnce = window.length - before;
    await new Promise((r) => setTimeout(r, 300));
    return { before, atOnce, later: window.length - before };`,
  // The page's HTML: an <object> whose first content is a custom element
  // (the parser stops for it with the empty object as its last node):
  // does the object get its frame?
  objectcefirst: `
    await new Promise((r) => (document.readyState === 'complete' ? r() : window.addEventListener('load', r)));
    await new Promise((r) => setTimeout(r, 500));
    const o = document.getElementById('ocf');
    return { frames: window.length, objectWindow: !!o.contentWindow };`,
  // Frames made by a NamedNodeMap call on an element with no frame: a walk, no DOM change (timing aside, nothing).
  namednoop: `
    const seen = [];
    const mo = new MutationObserver((rs) => { for (const r of rs) seen.push(r.type + ' ' + (r.attributeName || '') + ' ' + r.addedNodes.length); });
    const d = document.createElement('div'); document.body.append(d);
    mo.observe(document.body, { childList: true, subtree: true, attributes: true });
    const a = document.createAttribute('title'); a.value = 'x';
    d.attributes.setNamedItem(a);
    d.attributes.removeNamedItem('title');
    await new Promise((r) => setTimeout(r, 0));
    return seen;`,
};

const PROBE_HTML = {
  objectcefirst: '<script>customElements.define("x-first", class extends HTMLElement {})</script><object id="ocf" type="text/html" data="/px/never.gif" style="width:10px;height:10px"><x-first></x-first></object>',
};

function detect(query) {
  const name = query.get('probe');
  const probe = PROBES[name] ?? 'return null;';
  return `<p id="status"></p>${PROBE_HTML[name] ?? ''}${probeScript(probe)}`;
}

export const DETECTION_PROBES = Object.keys(PROBES);

export function attack11Page(path, query) {
  if (path === '/attack11-picker') return picker(query);
  if (path === '/attack11-detect') return detect(query);
  return undefined;
}
