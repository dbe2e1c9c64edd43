// Hostile pages for the fifty-ninth attack on the upload guard: where
// pickers.js labelOf (the event path walked: assignedSlot, parentNode, a
// shadow root's host) and Chromium's label activation (HTMLLabelElement's
// default handler: the label on the event path, and IsInInteractiveContent,
// which walks parents and shadow hosts, never slots, and only when the label
// is a shadow-including ancestor of the target) disagree, so the native click
// runs and Chromium's label clicks a DETACHED file input that no guard
// listener hears. The person clicks "#open". Served by server.mjs at
// /attack59-…; tests: attack59.test.mjs.

import { attackPages, pickerWaysPage } from './uploads.mjs';

const status = `setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + window.notes.slice(-4).join(' / '); }, 0);`;
const mouse = "t.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }))";

/**
 * In the person's click on "#open": `make` builds a DETACHED tree holding a
 * file input `i` and the element `t` clicked with `how`; i's change sends its
 * files (`onChange` instead, if given).
 */
const detachedClick = (make, how = 't.click()', onChange = "if (i.files && i.files.length) { note('change: ' + i.files[0].name + ' ' + i.files[0].size); send([...i.files], 'change'); }") => `
      document.getElementById('open').addEventListener('click', () => {
        let i, t;
        ${make}
        i.addEventListener('change', () => { note('change'); try { ${onChange} } catch (e) { note('threw ' + e.name + ' ' + e.message); } ${status} });
        i.addEventListener('click', (e) => note('file click: trusted ' + e.isTrusted + ', prevented ' + e.defaultPrevented + ', connected ' + i.isConnected));
        try { const r = ${how}; note('asked ' + r); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
        ${status}
      });`;

const fileInput = "i = document.createElement('input'); i.type = 'file'; i.name = 'photo';";
/** A host h whose shadow root (`mode`) holds <label>[i, <slot>]; t (a `tag`) is h's light child, shown in the slot. */
const slotInLabel = (mode, tag) => `${fileInput}
        const h = document.createElement('div');
        const r = h.attachShadow({ mode: '${mode}' });
        const l = document.createElement('label'); l.append(i, document.createElement('slot')); r.append(l);
        t = document.createElement('${tag}'); t.textContent = 'x'; h.append(t);`;
/** A label l holding i and a host h whose shadow root (`mode`) holds <`wrap`>[<slot>]; t (a span) is h's light child. */
const slotInInteractive = (mode, wrap) => `${fileInput}
        const l = document.createElement('label');
        const h = document.createElement('div');
        const r = h.attachShadow({ mode: '${mode}' });
        const w = document.createElement('${wrap}'); ${wrap === 'a' ? "w.href = '#';" : ''} w.append(document.createElement('slot')); r.append(w);
        t = document.createElement('span'); t.textContent = 'x'; h.append(t);
        l.append(i, h);`;

/**
 * In the person's click on "#open": a CONNECTED file input f, focused; in f's own `type` listener (the person's key,
 * pressed next, at f) `act` takes it out of the document; f's change sends its files.
 */
const keyed = (type, act) => `
      document.getElementById('open').addEventListener('click', () => {
        const f = document.createElement('input'); f.type = 'file'; f.name = 'photo';
        document.body.prepend(f);
        f.focus();
        note('focused ' + (document.activeElement === f));
        f.addEventListener('${type}', (e) => { note('${type} ' + e.key + ', trusted ' + e.isTrusted); ${act} });
        f.addEventListener('click', (e) => note('file click: trusted ' + e.isTrusted + ', prevented ' + e.defaultPrevented + ', connected ' + f.isConnected));
        f.addEventListener('change', () => { note('change'); try { if (f.files && f.files.length) { note('change: ' + f.files[0].name + ' ' + f.files[0].size); send([...f.files], 'change'); } } catch (e) { note('threw ' + e.name); } ${status} });
        ${status}
      });`;

/**
 * In the person's click on "#open": a CONNECTED file input f with accesskey "x" (`inLabel`: in a connected label
 * with it, the label taken out); its focus listener (Chromium's access key action focuses f before its simulated
 * click) takes f out of the document.
 */
const accessed = (inLabel) => `
      document.getElementById('open').addEventListener('click', () => {
        const f = document.createElement('input'); f.type = 'file'; f.name = 'photo';
        const l = document.createElement('label'); l.textContent = 'photo ';
        ${inLabel ? 'l.append(f); l.accessKey = "x"; document.body.prepend(l);' : 'f.accessKey = "x"; document.body.prepend(f);'}
        f.addEventListener('focus', (e) => { note('focus, trusted ' + e.isTrusted); ${inLabel ? 'l.remove();' : 'f.remove();'} });
        f.addEventListener('click', (e) => note('file click: trusted ' + e.isTrusted + ', prevented ' + e.defaultPrevented + ', connected ' + f.isConnected));
        f.addEventListener('change', () => { note('change'); try { if (f.files && f.files.length) { note('change: ' + f.files[0].name + ' ' + f.files[0].size); send([...f.files], 'change'); } } catch (e) { note('threw ' + e.name); } ${status} });
        ${status}
      });`;

const HTML_WAYS = {
  // A span slotted into a <label> inside a CLOSED shadow root (with i): the page world's assignedSlot is null for a
  // closed root's slot, so labelOf walks span -> host -> nothing; Chromium's path goes span -> slot -> label.
  closedslot: detachedClick(slotInLabel('closed', 'span')),
  closedslotdispatch: detachedClick(slotInLabel('closed', 'span'), mouse),
  // The same with an OPEN root (labelOf sees the slot: control).
  openslot: detachedClick(slotInLabel('open', 'span')),
  // A <button> slotted into the label in an open (closed) root: labelOf stops at the button (interactive); Chromium's
  // IsInInteractiveContent returns false at once when the label is not a shadow-including ancestor of the target.
  openslotbutton: detachedClick(slotInLabel('open', 'button')),
  closedslotbutton: detachedClick(slotInLabel('closed', 'button')),
  openslotinput: detachedClick(slotInLabel('open', 'input')),
  // A label holding i and a host whose open shadow root holds <button><slot>; the clicked span is the host's light
  // child: labelOf goes span -> slot -> button (interactive: null); Chromium's interactive walk goes span -> host ->
  // label (parents, not slots): not interactive, so the label activates i.
  slotbutton: detachedClick(slotInInteractive('open', 'button')),
  slotbuttondispatch: detachedClick(slotInInteractive('open', 'button'), mouse),
  slotanchor: detachedClick(slotInInteractive('open', 'a')),
  slotselect: detachedClick(slotInInteractive('open', 'select')),
  // The same with a closed root (labelOf walks span -> host -> label: Silbato's picker).
  slotbuttonclosed: detachedClick(slotInInteractive('closed', 'button')),
  // Keyboard: the person presses Enter on a focused, CONNECTED file input f; f's keypress listener takes f out of the
  // document. Chromium's keypress default handler (KeyboardClickableInputTypeView: Enter) then dispatches a
  // simulated click at f, now detached: no window listener of the guard's hears it.
  enterremove: keyed('keypress', 'f.remove();'),
  entermove: keyed('keypress', "document.createElement('div').append(f);"),
  // The same in keydown (focus leaves f: the keypress goes elsewhere), and Space's keyup (clicks only an :active f).
  enterdown: keyed('keydown', 'f.remove();'),
  spaceup: keyed('keyup', 'f.remove();'),
  // Access key: the person presses Alt+X; Chromium's access key action focuses f (f's focus listener takes it out of
  // the document) and then dispatches a simulated click at f, detached.
  accessfocus: accessed(false),
  accesslabel: accessed(true),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack59Page = attackPages(59, picker, {});
