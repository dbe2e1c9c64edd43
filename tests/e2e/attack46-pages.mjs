// Hostile pages for the forty-sixth attack on the upload guard: the read
// barrier (extension/content/file-barrier.js) and the guard's look at native
// submissions (guard.js onSubmit, listenInRoot). Chromium's own picker is
// opened as in attack 44/45's labeldeep (a span 70 deep inside a DETACHED
// label holding a file input i, clicked in the person's click on "#open");
// i's change listener then gets the files out some way the barrier misses.
// Served by server.mjs at /attack46-…; tests: attack46.test.mjs.

import { attackPages, browsersOwnPick, pickerWaysPage } from './uploads.mjs';

/** attack 44's labeldeep (uploads.mjs browsersOwnPick). */
const deepPick = (onChange, before = '') => browsersOwnPick(onChange, { before });
const sink = "const fr = document.createElement('iframe'); fr.name = 'sink46'; fr.style.display = 'none'; document.body.append(fr);";
const formAttrs = (action) => `f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = '${action}'; f.target = 'sink46';`;
const onFormdata = (why) => `f.addEventListener('formdata', (e) => { const v = e.formData.get('photo'); note('${why} formdata: ' + (v && v.name) + ' ' + (v && v.size)); if (v && v.size && !window.once46) { window.once46 = 1; send([v], '${why}'); } });`;
/** i moved into form f inside shadow root `r` (got by `getRoot`, which never calls attachShadow on a connected host), submitted by its button. */
const unseenRootForm = (getRoot, action, why, listen = onFormdata(why)) => deepPick(`${sink}
        ${getRoot}
        const f = r.querySelector('form'); ${formAttrs(action)}
        const b = r.querySelector('button');
        f.prepend(i);
        ${listen}
        note('${why}: root ' + (r instanceof ShadowRoot) + ', host connected ' + r.host.isConnected);
        b.click();`);

const HTML_WAYS = {
  // A clonable open shadow root: the clone of its host gets its own root from cloneNode (no attachShadow: the page
  // world says nothing); the clone is connected and its form's button clicked at once, before the isolated world's
  // MutationObserver tells the guard of the root (listenInRoot).
  clonedroot: unseenRootForm(`const h0 = document.createElement('div');
        h0.attachShadow({ mode: 'open', clonable: true }).innerHTML = '<form><button type=submit>go</button></form>';
        const h = h0.cloneNode(true); document.body.append(h); const r = h.shadowRoot;`, '/px/never.gif', 'clonedroot'),
  // The same, posted natively to /upload: the server gets what the form held.
  clonedrootpost: unseenRootForm(`const h0 = document.createElement('div');
        h0.attachShadow({ mode: 'open', clonable: true }).innerHTML = '<form><button type=submit>go</button></form>';
        const h = h0.cloneNode(true); document.body.append(h); const r = h.shadowRoot;`, '/upload', 'clonedrootpost', "f.addEventListener('submit', () => note('submit'));"),
  // A declarative shadow root made by setHTMLUnsafe on a connected element (the parser attaches it: no attachShadow).
  dsdroot: unseenRootForm(`const d = document.createElement('div'); document.body.append(d);
        d.setHTMLUnsafe('<div><template shadowrootmode="open"><form><button type=submit>go</button></form></template></div>');
        const r = d.firstElementChild.shadowRoot;`, '/px/never.gif', 'dsdroot'),
  // A declarative shadow root parsed into another document (Document.parseHTMLUnsafe), its host adopted into this one.
  parsedroot: unseenRootForm(`const doc = Document.parseHTMLUnsafe('<div id=h><template shadowrootmode="open"><form><button type=submit>go</button></form></template></div>');
        const h = doc.getElementById('h'); document.body.append(h); const r = h.shadowRoot;`, '/px/never.gif', 'parsedroot'),
  // A root made by attachShadow (told to the guard at once): control.
  attachedroot: unseenRootForm(`const h = document.createElement('div'); document.body.append(h);
        const r = h.attachShadow({ mode: 'open' }); r.innerHTML = '<form><button type=submit>go</button></form>';`, '/px/never.gif', 'attachedroot'),
  // The clonable root's clone left to the MutationObserver first (a task later): control for clonedroot's timing.
  clonedrootlate: deepPick(`${sink}
        const h0 = document.createElement('div');
        h0.attachShadow({ mode: 'open', clonable: true }).innerHTML = '<form><button type=submit>go</button></form>';
        const h = h0.cloneNode(true); document.body.append(h); const r = h.shadowRoot;
        const f = r.querySelector('form'); ${formAttrs('/px/never.gif')}
        f.prepend(i);
        ${onFormdata('clonedrootlate')}
        setTimeout(() => r.querySelector('button').click(), 50);`),
  // clonedrootlate with a capture submit listener of the page's on the cloned root, added before the host is
  // connected (so before the guard's, added when the MutationObserver tells it of the root): it calls
  // stopImmediatePropagation(), which does not stop the submission; the button is clicked 50 ms later.
  clonedrootstop: deepPick(`${sink}
        const h0 = document.createElement('div');
        h0.attachShadow({ mode: 'open', clonable: true }).innerHTML = '<form><button type=submit>go</button></form>';
        const h = h0.cloneNode(true); const r = h.shadowRoot;
        r.addEventListener('submit', (e) => { note('stopped'); e.stopImmediatePropagation(); }, true);
        document.body.append(h);
        const f = r.querySelector('form'); ${formAttrs('/px/never.gif')}
        f.prepend(i);
        ${onFormdata('clonedrootstop')}
        setTimeout(() => r.querySelector('button').click(), 50);`),
  // The same with a root made by attachShadow (the guard listens in it at once, before the page's listener): control.
  attachedrootstop: deepPick(`${sink}
        const h = document.createElement('div'); const r = h.attachShadow({ mode: 'open' });
        r.innerHTML = '<form><button type=submit>go</button></form>';
        r.addEventListener('submit', (e) => { note('stopped'); e.stopImmediatePropagation(); }, true);
        document.body.append(h);
        const f = r.querySelector('form'); ${formAttrs('/px/never.gif')}
        f.prepend(i);
        ${onFormdata('attachedrootstop')}
        setTimeout(() => r.querySelector('button').click(), 50);`),
  // i moved into a light-DOM form in a same-origin about:blank frame's first document, made in the change
  // listener, and submitted by its button at once (the frame's window listeners: the guard's watchRealm).
  frameform: deepPick(`${sink}
        const fr2 = document.createElement('iframe'); document.body.append(fr2);
        const d2 = fr2.contentDocument;
        const f = d2.createElement('form'); ${formAttrs('/px/never.gif')}
        const b = d2.createElement('button'); b.type = 'submit'; f.append(i, b); d2.body.append(f);
        ${onFormdata('frameform')}
        b.click();`),
  // The same in a popup's about:blank document (window.open in the person's click).
  popupform: deepPick(`const w = window.pop46;
        note('popup ' + !!w);
        const d2 = w.document;
        const f = d2.createElement('form'); f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = location.origin + '/px/never.gif';
        const b = d2.createElement('button'); b.type = 'submit'; f.append(i, b); d2.body.append(f);
        ${onFormdata('popupform')}
        b.click();`, "document.getElementById('open').addEventListener('click', () => { window.pop46 = window.open('about:blank', 'pop46', 'popup,width=200,height=200'); });"),
  // A light-DOM form with method=get submitted by its button (the name would be in the address): control (window listener).
  getform: deepPick(`${sink}
        const f = document.createElement('form'); f.method = 'get'; f.action = '/px/never.gif'; f.target = 'sink46';
        const b = document.createElement('button'); b.type = 'submit'; f.append(i, b); document.body.append(f);
        ${onFormdata('getform')}
        b.click();`),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack46Page = attackPages(46, picker, {});
