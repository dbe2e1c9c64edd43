// Hostile pages for the forty-seventh attack on the upload guard: the read
// barrier (extension/content/file-barrier.js) and the guard's look at native
// submissions (guard.js onSubmit). Chromium's own picker is opened as in
// attack 44/45/46's labeldeep (a span 70 deep inside a DETACHED label holding a
// file input i, clicked in the person's click on "#open"); i's change listener
// then gets the files out some way the barrier misses.
// Served by server.mjs at /attack47-…; tests: attack47.test.mjs.

import { attackPages, browsersOwnPick, pickerWaysPage } from './uploads.mjs';

/** attack 44's labeldeep (uploads.mjs browsersOwnPick). */
const deepPick = (onChange, before = '') => browsersOwnPick(onChange, { before });
const sink = "const fr = document.createElement('iframe'); fr.name = 'sink47'; fr.style.display = 'none'; document.body.append(fr);";
const formAttrs = (action) => `f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = '${action}'; f.target = 'sink47';`;
const onFormdata = (why) => `f.addEventListener('formdata', (e) => { const v = e.formData.get('photo'); note('${why} formdata: ' + (v && v.name) + ' ' + (v && v.size)); if (v && v.size && !window.once47) { window.once47 = 1; send([v], '${why}'); } });`;
/** A connected light-DOM form f with a submit button b, whose own submit listener (after the guard's) moves i in. */
const lateMove = (action, why, listen, click = 'b.click();') => deepPick(`${sink}
        const f = document.createElement('form'); ${formAttrs(action)}
        const b = document.createElement('button'); b.type = 'submit'; f.append(b); document.body.append(f);
        f.addEventListener('submit', () => { note('submit: moving i in'); f.prepend(i); });
        ${listen}
        ${click}`);

const HTML_WAYS = {
  // The guard looks at the form's file inputs in its window capture listener (onSubmit); the page's own submit
  // listener on the form runs later, and moves i in before Chromium builds the entry list: formdata gets i's file.
  submitmove: lateMove('/px/never.gif', 'submitmove', onFormdata('submitmove')),
  // The same, posted natively to /upload (multipart) into a hidden frame.
  submitmovepost: lateMove('/upload', 'submitmovepost', ''),
  // The same with requestSubmit() (the barrier's wrapper looks before the submit event; the page's listener after).
  submitmovereq: lateMove('/px/never.gif', 'submitmovereq', onFormdata('submitmovereq'), 'f.requestSubmit();'),
  // i's files never read; the formdata event of the form moves nothing in (entry list already built): control.
  formdatamove: deepPick(`${sink}
        const f = document.createElement('form'); ${formAttrs('/px/never.gif')}
        const b = document.createElement('button'); b.type = 'submit'; f.append(i, b); document.body.append(f);
        ${onFormdata('formdatamove')}
        b.click();`),
  // document.open() in i's change listener erases the window's listeners (the guard's submit listener among them?);
  // i then moved into a written form and posted natively to /upload.
  docopen: deepPick(`
        document.open(); document.write('<!doctype html><p id=status>reopened</p><iframe name=sink47 style=display:none></iframe><form method=post enctype=multipart/form-data action=/upload target=sink47><button type=submit>go</button></form>'); document.close();
        const f = document.querySelector('form'); f.prepend(i);
        note('docopen: form ' + !!f);
        f.querySelector('button').click();`),
  // A same-origin frame sandboxed without scripts (no page world there; forms allowed); i moved into its form,
  // posted natively to /upload.
  sandboxform: deepPick(`
        const d2 = window.sb47.contentDocument;
        note('sandbox doc ' + !!d2);
        const f = d2.querySelector('form'); f.prepend(d2.adoptNode(i));
        f.querySelector('button').click();`, `const sb = document.createElement('iframe'); sb.setAttribute('sandbox', 'allow-same-origin allow-forms');
      sb.srcdoc = '<form method=post enctype=multipart/form-data action=/upload><button type=submit>go</button></form>'; document.body.append(sb); window.sb47 = sb;`),
  // Whether the picker filled i, without reading it: i required, then :valid / validity (one bit, no name).
  validity: deepPick(`i.required = true; note('valid ' + i.matches(':valid') + ' missing ' + i.validity.valueMissing);
        send([new File(['validity leak: has file ' + i.matches(':valid')], 'validity-' + i.matches(':valid') + '.txt', { type: 'text/plain' })], 'validity');`),
  // submitmove with the form inside an open shadow root made by attachShadow (the guard's root listener, capture,
  // looks first; the page's listener on the form moves i in after).
  submitmoveshadow: deepPick(`${sink}
        const h = document.createElement('div'); document.body.append(h);
        const r = h.attachShadow({ mode: 'open' }); r.innerHTML = '<form><button type=submit>go</button></form>';
        const f = r.querySelector('form'); ${formAttrs('/px/never.gif')}
        f.addEventListener('submit', () => { note('submit: moving i in'); f.prepend(i); });
        ${onFormdata('submitmoveshadow')}
        r.querySelector('button').click();`),
  // i read inside a closed root nested in a closed root nested in a detached host (files-found arrives as the outer
  // host; fileInputsInside must find i through both closed roots), then uploaded.
  nestedclosed: deepPick(`const h1 = document.createElement('div'); const r1 = h1.attachShadow({ mode: 'closed' });
        const h2 = document.createElement('div'); r1.append(h2); const r2 = h2.attachShadow({ mode: 'closed' });
        const h3 = document.createElement('div'); r2.append(h3); const r3 = h3.attachShadow({ mode: 'closed' });
        r3.append(i); note('nested read ' + i.files.length); if (i.files.length) send([...i.files], 'nestedclosed');
        setTimeout(() => { note('later ' + i.files.length + ' ' + (i.files[0] && i.files[0].name)); if (i.files.length && !window.once47) { window.once47 = 1; send([...i.files], 'nestedclosed later'); } }, 3000);`),
  // Detecting Silbato without a user action: stacks through the wrapped FormData and getters, their source text.
  detect: deepPick('', `try { new FormData(5); } catch (e) { note('fd stack: ' + String(e.stack).split('\\n').slice(0, 4).join(' ~ ')); }
      try { Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'files').get.call(document.body); } catch (e) { note('get stack: ' + String(e.stack).split('\\n').slice(0, 4).join(' ~ ')); }
      try { class F extends FormData { constructor(x) { super(x); } } new F(5); } catch (e) { note('sub stack: ' + String(e.stack).split('\\n').slice(0, 4).join(' ~ ')); }
      note('src ' + Function.prototype.toString.call(FormData) + ' / ' + Function.prototype.toString.call(Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').get) + ' len ' + FormData.length);
      const fi = document.createElement('input'); fi.type = 'file'; const dt = new DataTransfer(); dt.items.add(new File(['a'], 'a.txt')); fi.files = dt.files; note('own kept ' + fi.files.length + ' same ' + (fi.files === fi.files));`),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
/** Telling Silbato is there with no action of the person (detectionProbes: the same probe with and without). */
const PROBES = {
  // The message of the TypeError a bad argument to FormData throws.
  fdmessage: "try { new FormData(5); return 'no throw'; } catch (e) { return e.message; }",
  // The first line of that error's stack (V8 writes it when the stack is captured).
  fdstack: "try { new FormData(5); return 'no throw'; } catch (e) { return String(e.stack).split('\\n')[0]; }",
  fdsubstack: "try { class F extends FormData {} new F(5); return 'no throw'; } catch (e) { return String(e.stack).split('\\n')[0]; }",
  filessetstack: "try { const i = document.createElement('input'); i.type = 'file'; i.files = 5; return 'no throw'; } catch (e) { return String(e.stack).split('\\n')[0]; }",
  // The same through a subclass, and through Reflect.construct.
  fdsubmessage: "try { class F extends FormData {} new F(5); return 'no throw'; } catch (e) { return e.message; }",
  // A bad `files` set (not a FileList): the wrapped setter's message.
  filessetmessage: "try { const i = document.createElement('input'); i.type = 'file'; i.files = 5; return 'no throw'; } catch (e) { return e.message; }",
  // The getter on a non-input.
  filesgetmessage: "try { Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'files').get.call(document.body); return 'no throw'; } catch (e) { return e.message; }",
  // submit() on a non-form.
  submitmessage: "try { HTMLFormElement.prototype.submit.call(document.body); return 'no throw'; } catch (e) { return e.message; }",
};
export const attack47Page = attackPages(47, picker, PROBES);
