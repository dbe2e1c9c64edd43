// Hostile pages for the twelfth attack on the upload guard (issue 15): more
// ways for a page to reach a frame's first, empty document (a realm no
// content script runs in) before Silbato's page world wraps it, aimed at
// what changed last (0b8f714): the slot wrappers (what a slot takes changed
// by attribute calls given an Attr or a name that is not a string, by a
// NamedNodeMap taken through another realm's getter, by a <slot> that
// replaces the node called on, by calls that take a <slot> out and are not
// wrapped, by page code run inside a wrapped setter); and ways to tell
// Silbato is there with no action of the person. Served by server.mjs at
// /attack12-…; every page uploads whatever file reaches it to /upload, so
// the tests judge the bytes the server received. Tests: attack12.test.mjs.

import { grabbedPickerPage, grabScript, probeScript } from './uploads.mjs';

/**
 * The ways tried, each leaving in `window.grabbed` the first document's
 * window and in `window.grabbedPicker` its showPicker (window.how says
 * where it was taken). Each is described where it is made, below.
 */
const WAYS = [
  'control',
  // an element's `slot` attribute changed (the object's root: <slot name="b">, the object's slot "a")
  'slotcontrol', 'slotsetattrnode', 'slotsetattrnodens', 'slotattrnameobj', 'slotcrossmap',
  // the object's slot attribute taken away (the root: a default slot only)
  'slotremoveattrnode', 'slotremovecontrol', 'slotcrossmapremove',
  // a <slot> put in by a call whose `this` leaves the tree, or by editing (the root: no slot)
  'slotreplacewith', 'slottextreplacewith', 'slotexecinsert', 'slotinsertcontrol',
  // a hidden <slot> taken out by calls not wrapped for slots (the root: a hidden default slot, then a shown one)
  'hidecontrol', 'slotselectiondelete', 'slottitletext', 'slotanchortext', 'slotoutputvalue',
  'slotdeletecaption', 'slotcaptionnull', 'slotdeleterow', 'slotreentrant', 'slotreentrantinner',
  // not a slot: an <object> in a closed <details>, shown by opening it
  'detailsopen',
  // not a slot: an <object> in another <object>'s fallback content, shown as the outer one falls back
  'fallback404', 'fallbacktype', 'fallbackparser',
];

const NAMED = ['slotcontrol', 'slotsetattrnode', 'slotsetattrnodens', 'slotattrnameobj', 'slotcrossmap'];
const DEFAULTONLY = ['slotremoveattrnode', 'slotremovecontrol', 'slotcrossmapremove'];
const NOSLOT = ['slotreplacewith', 'slottextreplacewith', 'slotexecinsert', 'slotinsertcontrol'];

const grabbing = `
  ${grabScript}
  const grab0 = window.grab;
  window.grab = (w, how) => { if (w && !window.grabbed) { window.how = how || '?'; grab0(w); } };
  window.notes = [];
  const note = (s) => window.notes.push(String(s));
  const NAMED = ${JSON.stringify(NAMED)};
  const DEFAULTONLY = ${JSON.stringify(DEFAULTONLY)};
  const NOSLOT = ${JSON.stringify(NOSLOT)};
  // The hidden container of the hidden default slot: a display:none element
  // of the kind the way's call empties (or a <title>, never rendered).
  function hiddenRoot(root, via) {
    const hidden = document.createElement('slot');
    hidden.id = 'hidden';
    const tag = { slottitletext: 'title', slotanchortext: 'a', slotoutputvalue: 'output' }[via] || 'div';
    const hide = document.createElement(tag);
    hide.id = 'hide';
    if (tag !== 'title') hide.style.display = 'none';
    hide.append(hidden);
    let top = hide;
    if (via === 'slotdeletecaption' || via === 'slotcaptionnull') {
      const table = document.createElement('table');
      table.id = 'table';
      const cap = document.createElement('caption');
      cap.style.display = 'none';
      cap.append(hidden);
      table.append(cap);
      top = table;
    } else if (via === 'slotdeleterow') {
      const table = document.createElement('table');
      table.id = 'table';
      const tr = table.insertRow();
      tr.style.display = 'none';
      tr.insertCell().append(hidden);
      top = table;
    }
    root.append(top);
    if (via === 'slotreentrant' || via === 'slotreentrantinner') {
      const other = document.createElement('span');
      other.id = 'other';
      other.style.display = 'none';
      root.append(other);
    }
    const shown = document.createElement('slot');
    shown.id = 'shown';
    root.append(shown);
  }
  function connect(via) {
    const before = window.length;
    window.framesBefore = before;
    if (via === 'control') {
      document.body.append(frame());
      grab(last(), 'after append');
      return;
    }
    // A same-origin frame (wrapped by Silbato: its realm's built-ins are Silbato's wrappers) for the cross-realm ways.
    let helper = null;
    if (via === 'slotcrossmap' || via === 'slotcrossmapremove') {
      helper = document.createElement('iframe');
      helper.style.display = 'none';
      document.body.append(helper);
      window.helperCount = window.length;
    }
    const start = window.length;
    if (via === 'detailsopen') {
      // An <object> of an HTML address in a closed <details> (its content not rendered: no frame?); then details.open = true (no wrapped call), a property looked up on it, window[i] read.
      const d = document.createElement('details');
      d.append(document.createElement('summary'));
      const o = document.createElement('object');
      o.type = 'text/html';
      o.data = '/px/never.gif';
      o.style.cssText = 'width:10px;height:10px';
      d.append(o);
      document.body.append(d);
      setTimeout(() => {
        note('frames before open ' + window.length);
        if (window.length > start) { window.how = 'the object had a frame in a closed details'; return; }
        d.open = true;
        o.anything;
        if (window.length > start) grab(last(), 'lookup after details.open');
        else window.how = 'no frame after details.open';
      }, 50);
      return;
    }
    if (via === 'fallbackparser') {
      // The page's HTML (below): an outer <object> of an address that fails
      // (a 404) holding an inner <object> of an HTML address. No call of the
      // page: it only polls, on every turn, for a realm it has not seen.
      const outer = document.getElementById('outer');
      const inner = document.getElementById('inner');
      const docs = [];
      for (let i = 0; i < window.length; i++) { try { docs.push(window[i].document); } catch {} }
      note('frames at the first script ' + window.length);
      const t0 = Date.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        for (let i = 0; i < window.length; i++) {
          try {
            const w = window[i];
            if (!docs.includes(w.document)) { note('new realm at ' + i + ' of ' + window.length + ' after ' + (Date.now() - t0) + ' ms'); grab(w, 'polled: a new realm as the outer object of the page HTML fell back'); note('its address ' + w.location.href + ', inner object: ' + (inner.contentWindow === w) + ', outer object: ' + (outer.contentWindow === w)); return; }
          } catch {}
        }
        if (Date.now() < t0 + 4000) ch.port2.postMessage(0);
        else window.how = 'no new realm (frames ' + window.length + ')';
      };
      ch.port2.postMessage(0);
      return;
    }
    if (via === 'fallback404' || via === 'fallbacktype') {
      // An <object> of an HTML address inside an outer <object>'s fallback
      // content (the outer one loading an address that never answers: its
      // fallback not rendered, the inner one gets no frame). Then the outer
      // one's data (or type) is changed with its setter (not wrapped): it
      // falls back, the inner one is rendered and gets its frame from
      // Chromium in a task of its own, with no DOM change. The page polls
      // on every turn for a new realm.
      const outer = document.createElement('object');
      outer.type = 'text/html';
      outer.data = '/px/never.gif';
      outer.style.cssText = 'width:20px;height:20px';
      const inner = document.createElement('object');
      inner.type = 'text/html';
      inner.data = '/px/never.gif';
      inner.style.cssText = 'width:10px;height:10px';
      outer.append(inner);
      document.body.append(outer);
      setTimeout(() => {
        const had = window.length;
        const docs = [];
        for (let i = 0; i < window.length; i++) { try { docs.push(window[i].document); } catch {} }
        note('frames before the change ' + had + ', inner window ' + !!inner.contentWindow);
        if (via === 'fallback404') outer.data = '/attack12-nothing-here';
        else outer.type = 'application/x-silbato-nothing';
        const until = Date.now() + 3000;
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          for (let i = 0; i < window.length; i++) {
            let w = null;
            try { w = window[i]; if (!docs.includes(w.document)) { note('new realm at ' + i + ' of ' + window.length + ' after ' + (Date.now() - until + 3000) + ' ms'); grab(w, 'polled: a new realm after the outer object fell back (' + via + ')'); note('its address ' + w.location.href + ', inner object: ' + (inner.contentWindow === w) + ', outer object: ' + (outer.contentWindow === w)); return; } } catch {}
          }
          if (Date.now() < until) ch.port2.postMessage(0);
          else { window.how = 'no new realm after ' + via + ' (frames ' + window.length + ')'; }
        };
        ch.port2.postMessage(0);
      }, 100);
      return;
    }
    // An <object> of an HTML address, child of a shadow host, that no slot
    // of its root takes (not rendered: no frame); then a slot takes it in
    // the way's fashion, a property is looked up on it (Chromium makes its
    // frame), and window[i] read.
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    if (NAMED.includes(via)) root.innerHTML = '<slot name="b"></slot>';
    else if (DEFAULTONLY.includes(via)) root.innerHTML = '<slot></slot>';
    else if (via === 'slotexecinsert') root.innerHTML = '<div id="ed" contenteditable="true">xy</div>';
    else if (NOSLOT.includes(via)) root.innerHTML = '<span id="x">x</span>';
    else hiddenRoot(root, via);
    const o = document.createElement('object');
    o.type = 'text/html';
    o.data = '/px/never.gif';
    o.style.cssText = 'width:10px;height:10px';
    if (NAMED.includes(via) || DEFAULTONLY.includes(via)) o.slot = 'a';
    host.append(o);
    setTimeout(() => {
      if (window.length > start) { window.how = 'the object had a frame while not slotted'; return; }
      const $ = (id) => root.getElementById(id);
      const hidden = $('hidden');
      if (via === 'slotcontrol') {
        // attack10's slotattr: setAttribute('slot', name) (withstood).
        o.setAttribute('slot', 'b');
      } else if (via === 'slotsetattrnode') {
        // A slot Attr set with setAttributeNode: the wrapper, given an Attr, looks only at whether the element is IN a shadow tree or is a slot (the object is in the light tree).
        const a = document.createAttribute('slot');
        a.value = 'b';
        o.setAttributeNode(a);
      } else if (via === 'slotsetattrnodens') {
        const a = document.createAttributeNS(null, 'slot');
        a.value = 'b';
        o.setAttributeNodeNS(a);
      } else if (via === 'slotattrnameobj') {
        // The name given as an object that turns into "slot" (the browser converts it; the wrapper sees no string).
        o.setAttribute({ toString: () => 'slot' }, 'b');
      } else if (via === 'slotcrossmap') {
        // The object's NamedNodeMap taken with ANOTHER realm's attributes getter (the helper frame's, itself Silbato's wrapper, which remembers the map in its own realm's table), set with this realm's setNamedItem (whose table does not know the map).
        const get = Object.getOwnPropertyDescriptor(helper.contentWindow.Element.prototype, 'attributes').get;
        const map = get.call(o);
        const a = document.createAttribute('slot');
        a.value = 'b';
        NamedNodeMap.prototype.setNamedItem.call(map, a);
      } else if (via === 'slotcrossmapremove') {
        // The same, removing (the root: a default slot only): the object's slot Attr ("a") removed with this realm's removeNamedItem on the map the helper's getter gave: the default slot takes it.
        const get = Object.getOwnPropertyDescriptor(helper.contentWindow.Element.prototype, 'attributes').get;
        const map = get.call(o);
        NamedNodeMap.prototype.removeNamedItem.call(map, 'slot');
      } else if (via === 'slotremoveattrnode') {
        // The object's slot Attr ("a") removed with removeAttributeNode: the default slot takes it.
        o.removeAttributeNode(o.getAttributeNode('slot'));
      } else if (via === 'slotremovecontrol') {
        o.removeAttribute('slot');
      } else if (via === 'slotreplacewith') {
        // The root's only element replaced by a new <slot> with replaceWith: the wrapper frames what the slots of \`this\`'s tree take, and \`this\` has just left it.
        $('x').replaceWith(document.createElement('slot'));
      } else if (via === 'slottextreplacewith') {
        // The same, called on the span's text node (CharacterData.replaceWith).
        $('x').firstChild.replaceWith(document.createElement('slot'));
      } else if (via === 'slotinsertcontrol') {
        $('x').after(document.createElement('slot'));
      } else if (via === 'slotexecinsert') {
        // A <slot> typed into the root's contenteditable with execCommand('insertHTML').
        const ed = $('ed');
        ed.focus();
        const sel = document.getSelection();
        sel.collapse(ed.firstChild, 1);
        note('exec: ' + document.execCommand('insertHTML', false, '<slot></slot>') + ', slots in root ' + root.querySelectorAll('slot').length);
      } else if (via === 'hidecontrol') {
        hidden.remove();
      } else if (via === 'slotselectiondelete') {
        // A selection around the hidden slot, deleted with Selection.deleteFromDocument (not wrapped).
        const sel = document.getSelection();
        sel.removeAllRanges();
        sel.setBaseAndExtent($('hide'), 0, $('hide'), 1);
        note('selection ' + sel.rangeCount + ' ' + sel.type);
        sel.deleteFromDocument();
      } else if (via === 'slottitletext') {
        // A <title> in the root holds the hidden slot (never rendered); title.text = '' empties it (HTMLTitleElement's text setter, not wrapped).
        $('hide').text = '';
      } else if (via === 'slotanchortext') {
        // A hidden <a> holds it; a.text = '' (HTMLAnchorElement's text setter).
        $('hide').text = '';
      } else if (via === 'slotoutputvalue') {
        // A hidden <output> holds it; output.value = '' (replaces its children).
        $('hide').value = '';
      } else if (via === 'slotdeletecaption') {
        // A hidden <caption> holds it; table.deleteCaption().
        $('table').deleteCaption();
      } else if (via === 'slotcaptionnull') {
        // The same with table.caption = null (a wrapped setter, given no node).
        $('table').caption = null;
      } else if (via === 'slotdeleterow') {
        // A hidden row's cell holds it; table.deleteRow(0).
        $('table').deleteRow(0);
      } else if (via === 'slotreentrant') {
        // other.textContent = value, \`other\` holding no slot as the wrapper looks; the value's toString (run by the browser inside the setter) moves the hidden slot into \`other\` (a wrapped move: framed, still hidden); the setter then empties \`other\`, taking the slot out.
        const other = $('other');
        other.textContent = { toString() { other.append(hidden); return ''; } };
      } else if (via === 'slotreentrantinner') {
        // The same with innerHTML.
        const other = $('other');
        other.innerHTML = { toString() { other.append(hidden); return ''; } };
      }
      const framesNow = window.length;
      note('frames right after the call ' + framesNow + ', assigned: ' + (o.assignedSlot ? o.assignedSlot.id || o.assignedSlot.name || 'a slot' : 'none'));
      o.anything;
      if (window.length > start) grab(last(), 'lookup after ' + via);
      else window.how = 'no frame after ' + via;
    }, 50);
  }`;

/** On the person's click, a never-attached input opened with the showPicker of a first document reached `via`. */
function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  const early = via === 'fallbackparser' ? '<object id="outer" type="text/html" data="/attack12-nothing-here" style="width:20px;height:20px"><object id="inner" type="text/html" data="/px/never.gif" style="width:10px;height:10px"></object></object>' : '';
  return grabbedPickerPage({ grabbing, via, early });
}

/**
 * Detection pages: each runs a probe with no action of the person and
 * leaves its findings in window.result (a JSON-able value); the test
 * compares it with the same page in Chromium without the extension.
 */
const PROBES = {
  // A wrapped setter called with no argument (Blink's own throws "1 argument required").
  setternoargs: `
    const out = {};
    const tries = [
      ['Node.textContent', Node.prototype, 'textContent', () => { const d = document.createElement('div'); d.textContent = 'k'; return d; }, (d) => d.textContent],
      ['HTMLElement.innerText', HTMLElement.prototype, 'innerText', () => { const d = document.createElement('div'); d.textContent = 'k'; return d; }, (d) => d.textContent],
      ['Node.nodeValue', Node.prototype, 'nodeValue', () => document.createTextNode('k'), (d) => d.data],
      ['Attr.value', Attr.prototype, 'value', () => { const a = document.createAttribute('title'); a.value = 'k'; return a; }, (d) => d.value],
      ['Element.slot', Element.prototype, 'slot', () => { const d = document.createElement('div'); d.slot = 'k'; return d; }, (d) => d.getAttribute('slot')],
      ['HTMLSlotElement.name', HTMLSlotElement.prototype, 'name', () => { const d = document.createElement('slot'); d.name = 'k'; return d; }, (d) => d.getAttribute('name')],
      ['Element.innerHTML', Element.prototype, 'innerHTML', () => { const d = document.createElement('div'); d.textContent = 'k'; return d; }, (d) => d.innerHTML],
      ['HTMLElement.outerText', HTMLElement.prototype, 'outerText', () => { const p = document.createElement('div'); const d = document.createElement('b'); p.append(d); return d; }, (d) => d.parentNode ? d.parentNode.textContent : 'gone'],
      ['HTMLSelectElement.selectedIndex', HTMLSelectElement.prototype, 'selectedIndex', () => { const d = document.createElement('select'); d.append(new Option('a'), new Option('b')); d.selectedIndex = 1; return d; }, (d) => d.selectedIndex],
      ['HTMLSelectElement.value', HTMLSelectElement.prototype, 'value', () => { const d = document.createElement('select'); d.append(new Option('a'), new Option('b')); d.selectedIndex = 1; return d; }, (d) => d.selectedIndex],
      ['HTMLSelectElement.length', HTMLSelectElement.prototype, 'length', () => { const d = document.createElement('select'); d.append(new Option('a'), new Option('b')); return d; }, (d) => d.length],
      ['HTMLOptionElement.selected', HTMLOptionElement.prototype, 'selected', () => new Option('a'), (d) => d.selected],
      ['HTMLOptionElement.defaultSelected', HTMLOptionElement.prototype, 'defaultSelected', () => new Option('a', 'a', true), (d) => d.defaultSelected],
      ['HTMLOptionsCollection.length', HTMLOptionsCollection.prototype, 'length', () => { const d = document.createElement('select'); d.append(new Option('a'), new Option('b')); return d.options; }, (d) => d.length],
      ['HTMLTableElement.caption', HTMLTableElement.prototype, 'caption', () => { const d = document.createElement('table'); d.createCaption(); return d; }, (d) => !!d.caption],
      ['ShadowRoot.innerHTML', ShadowRoot.prototype, 'innerHTML', () => { const r = document.createElement('div').attachShadow({ mode: 'open' }); r.textContent = 'k'; return r; }, (d) => d.innerHTML],
    ];
    for (const [name, proto, prop, make, look] of tries) {
      const n = make();
      try {
        Reflect.apply(Object.getOwnPropertyDescriptor(proto, prop).set, n, []);
        out[name] = 'no throw, now ' + JSON.stringify(look(n));
      } catch (e) {
        out[name] = 'threw ' + e.name + ': ' + e.message;
      }
    }
    return out;`,
  // Does a slot attribute change on a connected <object> (with no frame to make) flush style? A transition starts only if the style was computed between the two opacity values.
  flushslot: `
    const o = document.createElement('object');
    document.body.append(o);
    o.offsetHeight;
    const res = {};
    const tries = {
      slotprop: () => { o.slot = 'x1'; },
      setattr: () => { o.setAttribute('slot', 'x2'); },
      attrvalue: () => { o.getAttributeNode('slot').value = 'x3'; },
      none: () => {},
    };
    for (const [name, change] of Object.entries(tries)) {
      const d = document.createElement('div');
      d.style.cssText = 'width:10px;height:10px;transition:opacity 10s linear;opacity:0';
      document.body.append(d);
      change();
      d.style.opacity = '1';
      res[name] = d.getAnimations().length;
    }
    return res;`,
  // The parser's still-open <object>: inside it, a script reads window.length and the object's window (Chromium makes no frame for an open object).
  parseropen: `
    await new Promise((r) => setTimeout(r, 300));
    return { inside: window.inside, afterClose: window.afterClose, later: window.length };`,
  // A NamedNodeMap reached through the attributes getter, with a wrong this and cross-realm: its errors' names and messages.
  attrsthis: `
    const get = Object.getOwnPropertyDescriptor(Element.prototype, 'attributes').get;
    const out = {};
    for (const [k, t] of [['obj', {}], ['text', document.createTextNode('x')], ['undef', undefined]]) {
      try { get.call(t); out[k] = 'no throw'; } catch (e) { out[k] = e.name + ': ' + e.message; }
    }
    out.name = get.name; out.length = get.length; out.same = document.body.attributes === document.body.attributes;
    const set = NamedNodeMap.prototype.setNamedItem;
    try { set.call(document.body.attributes, null); out.nul = 'no throw'; } catch (e) { out.nul = e.name + ': ' + e.message; }
    try { set.call({}, document.createAttribute('x')); out.wrongthis = 'no throw'; } catch (e) { out.wrongthis = e.name + ': ' + e.message; }
    return out;`,
};

const PROBE_HTML = {
  parseropen: '<object id="po" type="text/html" data="/px/never.gif" style="width:10px;height:10px"><script>window.inside = { frames: window.length, win: !!document.getElementById("po").contentWindow };</script></object><script>window.afterClose = window.length;</script>',
};

function detect(query) {
  const name = query.get('probe');
  const probe = PROBES[name] ?? 'return null;';
  return `<p id="status"></p>${PROBE_HTML[name] ?? ''}${probeScript(probe)}`;
}

export const DETECTION_PROBES = Object.keys(PROBES);

export function attack12Page(path, query) {
  if (path === '/attack12-picker') return picker(query);
  if (path === '/attack12-detect') return detect(query);
  return undefined;
}
