// Hostile pages for the twenty-fifth attack on the upload guard: the
// lockdown (realms.js "Failing closed"): once Silbato sees a same-origin
// object/embed frame it did not make, it spends the person's activation at
// every trusted pointerdown/mousedown/keydown/pointerup/touchend, in its
// first capture listener of each window it wrapped, with a text input's
// native showPicker. Each picker way here grabs a first document's
// showPicker as the lockdown test's hostile page does (an object of no type
// whose address ends in .gif and answers a page, looked up every turn), and
// then tries to get an activation the lockdown does not spend, or to keep
// Silbato from ever seeing the frame. Ordinary pages (false alarms) and
// detection probes too. Served by server.mjs at /attack25-…; tests:
// attack25.test.mjs.

import { grabScript, probeScript, sendScript } from './uploads.mjs';

// The object's frame, made by the page's own lookup (a MessageChannel turn
// poll), its first document's showPicker kept (grabScript: stopped first).
// `then` runs right after the grab, in the same task; `size` is the object's style.
const poll = (then = '', size = 'width:10px;height:10px') => `
  window.notes = [];
  const note = (s) => window.notes.push(String(s));
  const o = document.createElement('object');
  o.id = 'o';
  o.data = '/attack25-page.gif';
  o.setAttribute('style', '${size}');
  document.body.append(o);
  const ch = new MessageChannel();
  let turns = 0;
  ch.port1.onmessage = () => {
    o.anything;
    for (let i = 0; i < window.length; i++) { try { if (window[i].frameElement === o) { grab(window[i]); note('grabbed at turn ' + turns); const w = window[i]; ${then} } } catch (e) { note('then threw ' + e); } }
    if (!window.grabbed && turns++ < 50000) ch.port2.postMessage(0); else window.ready = true;
  };
  ch.port2.postMessage(0);`;

// A file input in no document, opened with the kept showPicker; its pick is sent.
const openKept = `
  window.openKept = (doc = document) => {
    if (!window.grabbed) { document.getElementById('status').textContent = 'no realm'; return; }
    const input = doc.createElement('input');
    input.type = 'file';
    input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
    try {
      window.grabbedPicker.call(input);
      document.getElementById('status').textContent = 'asked';
    } catch (e) {
      document.getElementById('status').textContent = 'threw ' + e.name;
    }
  };`;

// The object put in and left alone (its answer comes, no lookup of the page's), then after `wait` ms looked up by
// page code inside a call Silbato wraps and vouches for (insertions.js callVouching: frames whose element is the
// call's `this`, or inside it or its arguments, are taken as Silbato's own): `call` makes that call; the page code
// it runs is `launder()` (o looked up, its frame's first document grabbed).
const launder = (call, wait = 300) => `
  window.notes = [];
  const note = (s) => window.notes.push(String(s));
  const box = document.createElement('div');
  const o = document.createElement('object');
  o.id = 'o';
  o.data = '/attack25-page.gif';
  o.setAttribute('style', 'width:10px;height:10px');
  box.append(o);
  document.body.append(box);
  function launder(what) {
    const had = window.length;
    o.anything;
    for (let i = 0; i < window.length; i++) { try { if (window[i].frameElement === o) { grab(window[i]); note(what + ': grabbed, frames before ' + had + ', after ' + window.length); } } catch (e) { note('threw ' + e); } }
  }
  setTimeout(() => { note('frames before the call ' + window.length); ${call}; window.ready = true; }, ${wait});`;

const head = `<p id="status"></p><script>${sendScript}${grabScript}${openKept}</script>`;

const PICKER = {
  // The lockdown test's hostile page: the top's button opens the kept showPicker (locked down: no picker).
  control: `<button id="open">attach a photo</button>${head}<script>${poll()}
    document.getElementById('open').onclick = () => openKept();</script>`,
  // The frame taken out of the page in the task that made it (before any walk of Silbato's): the top's button opens
  // the kept showPicker (of a realm now detached) on an input of the top document.
  detach: `<button id="open">attach a photo</button>${head}<script>${poll('o.remove(); note("removed, frames " + window.length);')}
    document.getElementById('open').onclick = () => openKept();</script>`,
  // The same, the object taken out by an ancestor's textContent (not wrapped).
  detachtext: `<button id="open">attach a photo</button>${head}<div id="box"></div><script>${poll('document.getElementById("box").textContent = ""; note("emptied, frames " + window.length);').replace('document.body.append(o)', 'document.getElementById("box").append(o)')}
    document.getElementById('open').onclick = () => openKept();</script>`,
  // "attach a photo" is a sandboxed (cross-origin) frame: the press happens there. Silbato's copy there spends with a
  // text input's showPicker, which throws SecurityError in a cross-origin frame before any activation check; the
  // activation goes to the top as well (an ancestor), told by a message.
  sandbox: `${head}<iframe id="open" sandbox="allow-scripts" style="width:200px;height:60px;border:0" srcdoc="<button style='width:100%;height:100%'>attach a photo</button><script>addEventListener('pointerdown', () => parent.postMessage('press', '*'), true)</script>"></iframe>
    <script>${poll()}
    addEventListener('message', (e) => { if (e.data === 'press') openKept(); });</script>`,
  // The same, the frame with no script at all: the top hears its own window's blur as focus moves into it.
  sandboxblur: `${head}<iframe id="open" sandbox="" style="width:200px;height:60px;border:0" srcdoc="<button style='width:100%;height:100%'>attach a photo</button>"></iframe>
    <script>${poll()}
    addEventListener('blur', () => openKept());</script>`,
  // "attach a photo" inside the page-made frame's first document, written there with its own (never wrapped)
  // functions, with the page's own capture listener on that window, registered before Silbato ever wraps it.
  inframe: `${head}<script>${poll(`w.document.body.innerHTML = "<button style='width:100%;height:100%'>attach a photo</button>"; w.addEventListener('pointerdown', () => openKept(), true);`, 'width:200px;height:60px;border:0').replace("o.id = 'o'", "o.id = 'open'")}</script>`,
  // The same, then a wrapped call of the page's (an append) walks and locks down before the person clicks: Silbato's
  // spending listener is added to that window after the page's.
  inframelocked: `${head}<script>${poll(`w.document.body.innerHTML = "<button style='width:100%;height:100%'>attach a photo</button>"; w.addEventListener('pointerdown', () => openKept(), true); setTimeout(() => document.body.append(document.createElement('i')), 100);`, 'width:200px;height:60px;border:0').replace("o.id = 'o'", "o.id = 'open'")}</script>`,
  // "attach a photo" in a frame of another origin (plain.test, mapped to this server), not sandboxed: Silbato's copy
  // there is told to lock down, and spends with a text input's showPicker (SecurityError in a cross-origin frame).
  crossorigin: `${head}<iframe id="open" style="width:200px;height:60px;border:0"></iframe>
    <script>document.getElementById('open').src = 'http://plain.test:' + location.port + '/attack25-press';
    ${poll()}
    addEventListener('message', (e) => { if (e.data === 'press') openKept(); });</script>`,
  // The same, the message sent at the click (not the pointerdown).
  crossoriginclick: `${head}<iframe id="open" style="width:200px;height:60px;border:0"></iframe>
    <script>document.getElementById('open').src = 'http://plain.test:' + location.port + '/attack25-press?at=click';
    ${poll()}
    addEventListener('message', (e) => { if (e.data === 'press') openKept(); });</script>`,
  // Why (not a way): in the plain.test frame at the press, after Silbato's listener: is the activation still there, and
  // what does a text input's showPicker throw there (Silbato's spend)? Noted in the top, with the top's activation.
  xoreason: `${head}<iframe id="open" style="width:200px;height:60px;border:0"></iframe>
    <script>document.getElementById('open').src = 'http://plain.test:' + location.port + '/attack25-press?at=reason';
    ${poll()}
    addEventListener('message', (e) => { note('frame: ' + e.data + '; top active ' + navigator.userActivation.isActive); document.getElementById('status').textContent = 'frame: ' + e.data + '; top active ' + navigator.userActivation.isActive; });</script>`,
  // Laundering: a custom element put into the box holding the object (box.append(ce)); its connectedCallback looks the
  // object up inside the wrapped append.
  launderappend: `<button id="open">attach a photo</button>${head}<script>
    customElements.define('x-launder', class extends HTMLElement { connectedCallback() { if (!window.grabbed) launder('connected'); } });
    ${launder("box.append(document.createElement('x-launder'))")}
    document.getElementById('open').onclick = () => openKept();</script>`,
  // A custom element holding the object, an observed attribute set (wrapped setAttribute): its
  // attributeChangedCallback looks the object up.
  launderattr: `<button id="open">attach a photo</button>${head}<script>
    customElements.define('x-box', class extends HTMLElement { static get observedAttributes() { return ['go']; } attributeChangedCallback() { if (!window.grabbed) launder('attribute'); } });
    ${launder("box.setAttribute('go', '1')").replace("document.createElement('div')", "document.createElement('x-box')")}
    document.getElementById('open').onclick = () => openKept();</script>`,
  // The same, the object itself the call's `this`, the page code a mutation... (an attribute of its own set: no page
  // code runs inside; o looked up right after, in the same task).
  launderafter: `<button id="open">attach a photo</button>${head}<script>
    ${launder("o.setAttribute('title', 'x'); launder('after setAttribute')")}
    document.getElementById('open').onclick = () => openKept();</script>`,
  // Laundering at every turn: the page's poll (a MessageChannel) looks the object up only inside a wrapped call Silbato
  // vouches for: x-box (holding the object) gets an observed attribute set each turn, its attributeChangedCallback
  // looks the object up; the frame made there is taken for Silbato's own.
  launderpoll: `<button id="open">attach a photo</button>${head}<script>
    customElements.define('x-box', class extends HTMLElement { static get observedAttributes() { return ['go']; } attributeChangedCallback() { if (!window.grabbed) launder('attribute'); } });
    ${launder('', 0).replace("document.createElement('div')", "document.createElement('x-box')").replace(/setTimeout[^\n]*/, `const ch = new MessageChannel();
    let turns = 0;
    ch.port1.onmessage = () => {
      box.setAttribute('go', String(turns));
      if (!window.grabbed && turns++ < 50000) ch.port2.postMessage(0); else { note('turns ' + turns); window.ready = true; }
    };
    ch.port2.postMessage(0);`)}
    document.getElementById('open').onclick = () => openKept();</script>`,
  // The same with box.append of a custom element (connectedCallback) each turn.
  launderpollappend: `<button id="open">attach a photo</button>${head}<script>
    customElements.define('x-launder', class extends HTMLElement { connectedCallback() { if (!window.grabbed) launder('connected'); } });
    ${launder('', 0).replace(/setTimeout[^\n]*/, `const ch = new MessageChannel();
    let turns = 0;
    ch.port1.onmessage = () => {
      box.append(document.createElement('x-launder'));
      if (!window.grabbed && turns++ < 50000) ch.port2.postMessage(0); else { note('turns ' + turns); window.ready = true; }
    };
    ch.port2.postMessage(0);`)}
    document.getElementById('open').onclick = () => openKept();</script>`,
  // A popup of this origin (opened with no gesture: the test's Chromium blocks no popups; a real page opens it at an
  // earlier press), holding "attach a photo": the press there is spent, if at all, by a text input of the opener's
  // document (realms.js spend's ownDocument), which has no activation; the popup's own copy is never told to lock
  // down (the background tells the opener's tab only). The kept showPicker is called on an input of the popup's document.
  popup: `${head}<script>${poll()}
    window.pop = open('/attack25-popup', 'pop', 'width=400,height=300');
    note('popup ' + (window.pop ? 'opened' : 'blocked'));</script>`,
  // A same-origin frame loaded after the lockdown: the page makes the object's frame (its poll), appends an element
  // (Silbato walks and locks down, the background tells the tab's frames then), and 1 s later puts in a frame of its
  // own address holding "attach a photo": Silbato's copy there starts after the message, unlocked, and claims the
  // realm (the top's copy does not wrap it, so adds no spending listener): its click calls the top's openKept.
  lateframe: `${head}<script>${poll('setTimeout(() => document.body.append(document.createElement("i")), 50);')}
    setTimeout(() => { const f = document.createElement('iframe'); f.id = 'open'; f.src = '/attack25-same'; f.setAttribute('style', 'width:200px;height:60px;border:0'); document.body.append(f); }, 1000);</script>`,
  // The same, the frame put in at once (before the lockdown), then navigated to the same page 1 s later.
  latenav: `${head}<iframe id="open" src="/attack25-inner" style="width:200px;height:60px;border:0"></iframe><script>${poll('setTimeout(() => document.body.append(document.createElement("i")), 50);')}
    setTimeout(() => { document.getElementById('open').contentWindow.location = '/attack25-same'; }, 1000);</script>`,
  // The same, the input made in that frame's document.
  inframedoc: `${head}<script>${poll(`w.document.body.innerHTML = "<button style='width:100%;height:100%'>attach a photo</button>"; w.addEventListener('pointerdown', () => openKept(w.document), true);`, 'width:200px;height:60px;border:0').replace("o.id = 'o'", "o.id = 'open'")}</script>`,
};

/** The page for `path`, or undefined. */
export function attack25Page(path, query) {
  if (path === '/attack25-page.gif') return '<p>not an image</p>';
  if (path === '/attack25-press' && query.get('at') === 'reason') {
    return `<button style="width:100%;height:100%">attach a photo</button><script>addEventListener('pointerdown', () => {
      const before = navigator.userActivation.isActive;
      let threw = 'nothing';
      try { document.createElement('input').showPicker(); } catch (e) { threw = e.name; }
      parent.postMessage('active ' + before + ', a text input showPicker threw ' + threw + ', active after ' + navigator.userActivation.isActive, '*');
    }, true)</script>`;
  }
  if (path === '/attack25-press') return `<button style="width:100%;height:100%">attach a photo</button><script>addEventListener('${query.get('at') === 'click' ? 'click' : 'pointerdown'}', () => parent.postMessage('press', '*'), true)</script>`;
  if (path === '/attack25-popup') {
    return `<p id="status"></p><button id="open">attach a photo</button><script>
      document.getElementById('open').onclick = () => {
        const input = document.createElement('input');
        input.type = 'file';
        input.addEventListener('change', async () => {
          const body = new FormData();
          for (const f of input.files) body.append('photo', f, f.name);
          const r = await fetch('/upload', { method: 'POST', body });
          document.getElementById('status').textContent = 'change ' + (await r.text());
        });
        try { opener.grabbedPicker.call(input); document.getElementById('status').textContent = 'asked'; } catch (e) { document.getElementById('status').textContent = 'threw ' + e.name; }
      };</script>`;
  }
  if (path === '/attack25-same') return `<button style="width:100%;height:100%">attach a photo</button><script>addEventListener('pointerdown', () => { parent.document.getElementById('status').textContent = 'pressed'; parent.openKept(); }, true);</script>`;
  if (path === '/attack25-inner') return '<p>an ordinary page in an object</p>';
  if (path === '/attack25-picker') return PICKER[query.get('via')] ?? `${head}<button id="open">attach a photo</button>`;
  if (path === '/attack25-ordinary') return ORDINARY[query.get('page')];
  if (path === '/attack25-detect') {
    const p = PROBES[query.get('probe')];
    if (!p) return `<p id="status"></p>${probeScript('return null;')}`;
    return `<p id="status"></p>${p.markup ?? ''}${probeScript(p.probe)}`;
  }
  return undefined;
}

export const PICKER_WAYS = Object.keys(PICKER);

// Ordinary pages: objects or embeds of their own, and a file input #f whose picks are sent. window.shown once done.
const input = `<p id="status"></p><input type="file" id="f"><script>${sendScript}
  document.getElementById('f').onchange = (e) => send([...e.target.files], 'change');
  const later = (ms, fn) => setTimeout(() => { fn(); setTimeout(() => { window.shown = true; }, 300); }, ms);
</script>`;
const INNER = '/attack25-inner';
// A one-page PDF saying "hello" (its xref offsets computed), as the string pdf.
const PDF = `
  const parts = ['%PDF-1.4\\n', '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\\n', '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\\n',
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\\n',
    '4 0 obj<</Length 35>>stream\\nBT /F1 24 Tf 20 100 Td (hello) Tj ET\\nendstream endobj\\n', '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\\n'];
  let pdf = '';
  const offsets = [];
  for (const x of parts) { if (pdf) offsets.push(pdf.length); pdf += x; }
  const xref = pdf.length;
  pdf += 'xref\\n0 6\\n0000000000 65535 f \\n' + offsets.map((o) => String(o).padStart(10, '0') + ' 00000 n \\n').join('') + 'trailer<</Size 6/Root 1 0 R>>\\nstartxref\\n' + xref + '\\n%%EOF';`;
const ORDINARY = {
  // An object meant for an image whose address answers a page (a soft 404, a sign-in page), in markup, visible:
  // Chromium makes its frame in a task of its own.
  imagehtml: `${input}<object data="/attack25-page.gif" width="40" height="40"></object><script>later(500, () => {});</script>`,
  // The same with an image type.
  imagetypehtml: `${input}<object type="image/png" data="/attack25-page.gif" width="40" height="40"></object><script>later(500, () => {});</script>`,
  // An object in a declarative shadow root (server-rendered web component).
  dsd: `${input}<div><template shadowrootmode="open"><object data="${INNER}" width="200" height="80"></object></template></div><script>later(300, () => {});</script>`,
  // The same, closed.
  dsdclosed: `${input}<div><template shadowrootmode="closed"><object data="${INNER}" width="200" height="80"></object></template></div><script>later(300, () => {});</script>`,
  // An embed in a declarative shadow root.
  dsdembed: `${input}<div><template shadowrootmode="open"><embed src="${INNER}" width="200" height="80"></template></div><script>later(300, () => {});</script>`,
  // An object in a closed <details>, opened later by script (details.open = true).
  details: `${input}<details id="d"><summary>more</summary><object data="${INNER}" width="200" height="80"></object></details>
    <script>later(300, () => { document.getElementById('d').open = true; });</script>`,
  // An object in hidden=until-found content, revealed by script.
  untilfound: `${input}<div id="d" hidden="until-found"><object data="${INNER}" width="200" height="80"></object></div>
    <script>later(300, () => { document.getElementById('d').hidden = false; });</script>`,
  // A zero-size object in a hidden panel, shown.
  zerosize: `${input}<div id="panel" style="display:none"><object data="${INNER}" width="0" height="0"></object></div>
    <script>later(300, () => { document.getElementById('panel').style.display = 'block'; });</script>`,
  // An object in a closed <dialog>, shown with show().
  dialog: `${input}<dialog id="d"><object data="${INNER}" width="200" height="80"></object></dialog>
    <script>later(300, () => { document.getElementById('d').show(); });</script>`,
  // An object in a popover, shown with showPopover().
  popover: `${input}<div id="d" popover><object data="${INNER}" width="200" height="80"></object></div>
    <script>later(300, () => { document.getElementById('d').showPopover(); setTimeout(() => document.getElementById('d').hidePopover(), 200); });</script>`,
  // An object hidden, repointed while hidden (.data), then shown.
  hiddenrepoint: `${input}<object id="o" style="display:none" data="${INNER}" width="200" height="80"></object>
    <script>later(300, () => { const o = document.getElementById('o'); o.data = '${INNER}?b'; o.style.display = ''; });</script>`,
  // An object shown, hidden, then shown again with another address.
  toggle: `${input}<object id="o" data="${INNER}" width="200" height="80"></object>
    <script>later(300, () => { const o = document.getElementById('o'); o.style.display = 'none'; setTimeout(() => { o.data = '${INNER}?c'; o.style.display = ''; }, 200); });</script>`,
  // A panel shown by a style change, its height read at once (a forced reflow, as before a transition starts).
  reflow: `${input}<div id="panel" style="display:none"><object data="${INNER}" width="200" height="80"></object></div>
    <script>later(300, () => { const d = document.getElementById('panel'); d.style.display = 'block'; d.offsetHeight; });</script>`,
  // The same, an SVG image object (an image's answer: never a frame) and getBoundingClientRect.
  reflowrect: `${input}<div id="panel" style="display:none"><object data="${INNER}" width="200" height="80"></object></div>
    <script>later(300, () => { const d = document.getElementById('panel'); d.style.display = 'block'; d.getBoundingClientRect(); });</script>`,
  // A closed dialog opened with showModal() (then closed).
  modal: `${input}<dialog id="d"><object data="${INNER}" width="200" height="80"></object><button>ok</button></dialog>
    <script>later(300, () => { const d = document.getElementById('d'); d.showModal(); setTimeout(() => d.close(), 200); });</script>`,
  // A PDF the page made (a blob: address) shown in an <embed type=application/pdf>, as PDF previews are.
  pdfembed: `${input}<div id="box"></div><script>${PDF}
    later(200, () => { const e = document.createElement('embed'); e.type = 'application/pdf'; e.src = URL.createObjectURL(new Blob([pdf], { type: 'application/pdf' })); e.width = 300; e.height = 200; document.getElementById('box').append(e); });</script>`,
  // The same in an <object>.
  pdfobject: `${input}<div id="box"></div><script>${PDF}
    later(200, () => { const e = document.createElement('object'); e.type = 'application/pdf'; e.data = URL.createObjectURL(new Blob([pdf], { type: 'application/pdf' })); e.width = 300; e.height = 200; document.getElementById('box').append(e); });</script>`,
  // An object (framed) moved from a same-origin frame's document into the top one.
  adopt: `${input}<iframe id="fr" srcdoc="<object id=o data=${INNER} width=100 height=50></object>"></iframe>
    <script>document.getElementById('fr').onload = () => later(300, () => { document.body.append(document.getElementById('fr').contentDocument.getElementById('o')); });</script>`,
  // An object repointed by setAttribute after it loaded.
  setattr: `${input}<object id="o" data="${INNER}" width="200" height="80"></object>
    <script>later(400, () => { document.getElementById('o').setAttribute('data', '${INNER}?d'); });</script>`,
  // A panel shown by a style change, and its object's contentDocument read at once (is it loaded yet?).
  showread: `${input}<div id="panel" style="display:none"><object id="o" data="${INNER}" width="200" height="80"></object></div>
    <script>later(300, () => { document.getElementById('panel').style.display = 'block'; if (!document.getElementById('o').contentDocument) document.getElementById('status').textContent = 'loading'; });</script>`,
  // An object in SVG foreignObject.
  foreign: `${input}<svg width="220" height="100"><foreignObject width="220" height="100"><object data="${INNER}" width="200" height="80"></object></foreignObject></svg><script>later(300, () => {});</script>`,
  // An object with content-visibility: auto, far down the page, scrolled to by script.
  cvauto: `${input}<div style="height:3000px"></div><div id="d" style="content-visibility:auto"><object data="${INNER}" width="200" height="80"></object></div>
    <script>later(300, () => { document.getElementById('d').scrollIntoView(); setTimeout(() => scrollTo(0, 0), 300); });</script>`,
  // An object in a shadow root made by script (attachShadow; innerHTML of the root).
  shadowscript: `${input}<div id="h"></div><script>later(200, () => { const r = document.getElementById('h').attachShadow({ mode: 'open' }); r.innerHTML = '<object data="${INNER}" width="200" height="80"></object>'; });</script>`,
  // An object slotted into a shadow root with a <slot>, the slot added later.
  slotlater: `${input}<div id="h"><object data="${INNER}" width="200" height="80"></object></div><script>const r = document.getElementById('h').attachShadow({ mode: 'open' });
    later(300, () => { r.innerHTML = '<slot></slot>'; });</script>`,
  // A web component that makes its own frame when connected (an embed player): connectedCallback appends an iframe.
  ceiframe: `${input}<div id="box"></div><script>customElements.define('x-player', class extends HTMLElement { connectedCallback() { if (!this.firstChild) { const f = document.createElement('iframe'); f.src = '${INNER}'; this.append(f); } } });
    later(200, () => { document.getElementById('box').append(document.createElement('x-player')); });</script>`,
  // The same component, moved to another place in the page after it made its frame (a list re-sorted).
  ceiframemove: `${input}<div id="box"></div><div id="other"></div><script>customElements.define('x-player', class extends HTMLElement { connectedCallback() { if (!this.querySelector('iframe')) { const f = document.createElement('iframe'); f.src = '${INNER}'; this.append(f); } } });
    later(200, () => { const p = document.createElement('x-player'); document.getElementById('box').append(p); setTimeout(() => document.getElementById('other').appendChild(p), 100); });</script>`,
  // The same component writing its frame as markup (innerHTML) when connected.
  ceiframehtml: `${input}<div id="box"></div><script>customElements.define('x-player', class extends HTMLElement { connectedCallback() { this.innerHTML = '<iframe src="${INNER}"></iframe>'; } });
    later(200, () => { document.getElementById('box').replaceChildren(document.createElement('x-player')); });</script>`,
  // The ceiframehtml component (its frame written as markup each time it is connected), rendered again in place: the
  // view's render() puts the same cached element back with replaceChildren (it is already the box's only child).
  // (Attack 35: fine, as filledGoing's "put back where it was" might have made it a false alarm: the custom element is
  // held as code and put back after the native call, its callback run in that put-back, its place then "null".)
  cererender: `${input}<div id="box"></div><script>customElements.define('x-player', class extends HTMLElement { connectedCallback() { this.innerHTML = '<iframe src="${INNER}"></iframe>'; } });
    const p = document.createElement('x-player'); const render = () => document.getElementById('box').replaceChildren(p);
    later(200, render); later(400, render);</script>`,
  // A component that drops its frame when disconnected and makes it again when connected (an embed player that cleans
  // up), in a list re-sorted by appending its items again in order (the last item stays where it was).
  ceresort: `${input}<ul id="list"></ul><script>customElements.define('x-clip', class extends HTMLElement {
      connectedCallback() { const f = document.createElement('iframe'); f.src = '${INNER}'; this.append(f); }
      disconnectedCallback() { this.replaceChildren(); } });
    const items = [1, 2].map(() => document.createElement('x-clip'));
    later(200, () => document.getElementById('list').append(...items));
    later(400, () => { for (const i of items) document.getElementById('list').append(i); });</script>`,
  // A field that, when it loses focus as its panel is replaced, fills the next panel (with a preview frame) before it goes in.
  blurpreview: `${input}<div id="box"><input id="t"></div><script>const next = document.createElement('div');
    document.getElementById('t').addEventListener('blur', () => { const f = document.createElement('iframe'); f.src = '${INNER}'; next.append(f); });
    later(200, () => { document.getElementById('t').focus(); document.getElementById('box').replaceChildren(next); });</script>`,
  // An object whose element is given a slot name matching the root's slot later (.slot property).
  slotname: `${input}<div id="h"><object id="o" slot="x" data="${INNER}" width="200" height="80"></object></div><script>const r = document.getElementById('h').attachShadow({ mode: 'open' }); r.innerHTML = '<slot name="y"></slot>';
    later(300, () => { document.getElementById('o').slot = 'y'; });</script>`,
};
/** The ordinary pages with objects (false-alarm checks of the lockdown), by name. */
export const ORDINARY_PAGES = Object.keys(ORDINARY);

// Detection probes: page code only.
const timing = (types) => `
    const time = (type, n) => { const e = new Event(type); const t = performance.now(); for (let i = 0; i < n; i++) dispatchEvent(e); return performance.now() - t; };
    const types = ${JSON.stringify(types)};
    const best = {};
    for (const t of [...types, 'silbatonone']) best[t] = Infinity;
    for (let round = 0; round < 10; round++) for (const t of [...types, 'silbatonone']) best[t] = Math.min(best[t], time(t, 20000));
    const out = {};
    for (const t of types) out[t] = best[t] / best.silbatonone > 3;
    window.ratios = Object.fromEntries(Object.entries(best).map(([k, v]) => [k, +(v / best.silbatonone).toFixed(2)]));
    console.log(JSON.stringify(window.ratios));
    return out;`;
const loaded = `
    await new Promise((r) => (document.readyState === 'complete' ? r() : addEventListener('load', r)));
    await new Promise((r) => setTimeout(r, 500));`;
const PROBES = {
  // A hostile page with no action of the person: its poll makes an object's frame, then a wrapped call (an append)
  // makes Silbato walk and lock down; does an element the page never made appear (the lockdown notice)?
  noticeprobe: {
    probe: `
    const o = document.createElement('object');
    o.data = '/attack25-page.gif';
    o.style.width = o.style.height = '10px';
    document.body.append(o);
    const mine = new Set(document.querySelectorAll('*'));
    await new Promise((done) => { const ch = new MessageChannel(); let n = 0; ch.port1.onmessage = () => { o.anything; if (window.length || n++ > 50000) done(); else ch.port2.postMessage(0); }; ch.port2.postMessage(0); });
    document.body.append(document.createElement('i'));
    await new Promise((r) => setTimeout(r, 1500));
    return [...document.querySelectorAll('*')].filter((e) => !mine.has(e) && e.localName !== 'i').map((e) => e.localName);`,
  },
  // The lockdown's new window listeners (pointerup, touchend): dispatching a synthetic one costs more than a type nobody hears.
  spendtiming: { probe: timing(['pointerup', 'touchend']) },
  // A hidden object (a page's address) shown by a style change: the frames in the page's own ResizeObserver callback
  // (created after Silbato's), in the rendering update that laid it out. Silbato's ResizeObserver (insertions.js
  // watchShown) looks it up first, which makes its frame then; Chromium makes it in a task after.
  roframe: {
    markup: `<object id="o" style="display:none" data="${INNER}" width="200" height="80"></object>`,
    probe: `${loaded}
    const o = document.getElementById('o');
    const had = window.length;
    return await new Promise((done) => {
      const ro = new ResizeObserver(() => { ro.disconnect(); done({ had, inCallback: window.length }); });
      ro.observe(o);
      o.style.display = '';
    });`,
  },
  // The same, looked at in a task posted from the page's animation-frame callback after the style change.
  rotask: {
    markup: `<object id="o" style="display:none" data="${INNER}" width="200" height="80"></object>`,
    probe: `${loaded}
    const o = document.getElementById('o');
    const had = window.length;
    o.style.display = '';
    return await new Promise((done) => requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = () => done({ had, nextTurn: window.length }); ch.port2.postMessage(0); }));`,
  },
};
