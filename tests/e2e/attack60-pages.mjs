// Hostile pages for the sixtieth attack on the upload guard: the person's keys
// on an element that is not a file input when the guard's first keypress /
// keyup listener (guard.js onKey) looks at it, but is one when Chromium's
// default action clicks it, by then taken out of the document; and keys in a
// frame's first document. The person clicks "#open", then presses a key.
// Served by server.mjs at /attack60-…; tests: attack60.test.mjs.

import { attackPages, pickerWaysPage } from './uploads.mjs';

const status = `setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + window.notes.slice(-4).join(' / '); }, 0);`;

/** f's listeners: its own click noted, its change sends its files (or only a note with its name: `nameOnly`). */
const listeners = (nameOnly = false) => `
        f.addEventListener('click', (e) => note('file click: trusted ' + e.isTrusted + ', prevented ' + e.defaultPrevented + ', connected ' + f.isConnected + ', type ' + f.type));
        f.addEventListener('change', () => { note('change'); try { if (f.files && f.files.length) { note('change: ' + f.files[0].name + ' ' + f.files[0].size);
          ${nameOnly ? "send([new File([f.files[0].name], 'leak-' + f.files[0].name + '.txt', { type: 'text/plain' })], 'name');" : "send([...f.files], 'change');"} } } catch (e) { note('threw ' + e.name + ' ' + e.message); } ${status} });`;

/**
 * In the person's click on "#open": a CONNECTED input f of type `type`, focused; in f's own `event` listener (the
 * person's key, pressed next) `act` runs (e.g. f becomes a file input and is taken out).
 */
const switched = (type, event, act, nameOnly = false, extra = '') => `
      document.getElementById('open').addEventListener('click', () => {
        const f = document.createElement('input'); f.type = '${type}'; f.name = 'photo';
        document.body.prepend(f);
        f.focus();
        note('focused ' + (document.activeElement === f));
        f.addEventListener('keydown', (e) => note('keydown ' + e.key));
        f.addEventListener('${event}', (e) => { note('${event} ' + e.key + ', trusted ' + e.isTrusted + ', prevented ' + e.defaultPrevented); try { ${act} } catch (err) { note('threw ' + err.name); } note('now ' + f.type + ' connected ' + f.isConnected); });
        ${extra || listeners(nameOnly)}
        ${status}
      });`;

/** The same inside a new same-origin frame's first document (about:blank, synchronous): f there, focused. */
const framed = (type, event, act) => `
      document.getElementById('open').addEventListener('click', () => {
        const fr = document.createElement('iframe'); document.body.prepend(fr);
        const d = fr.contentDocument;
        note('frame mode ' + d.compatMode);
        const f = d.createElement('input'); f.type = '${type}'; f.name = 'photo';
        d.body.append(f);
        fr.focus(); f.focus();
        note('focused ' + (d.activeElement === f));
        f.addEventListener('${event}', (e) => { note('${event} ' + e.key + ', trusted ' + e.isTrusted); try { ${act} } catch (err) { note('threw ' + err.name); } note('now ' + f.type + ' connected ' + f.isConnected); });
        ${listeners()}
        ${status}
      });`;

/**
 * In the person's click on "#open": a CONNECTED file input f with accesskey "x" (`inLabel`: on a connected label
 * holding f); f's focus listener (Chromium's access key action focuses f before its simulated click) runs `act`.
 */
const accessed = (inLabel, act) => `
      document.getElementById('open').addEventListener('click', () => {
        const f = document.createElement('input'); f.type = 'file'; f.name = 'photo';
        const l = document.createElement('label'); l.textContent = 'photo ';
        ${inLabel ? 'l.append(f); l.accessKey = "x"; document.body.prepend(l);' : 'f.accessKey = "x"; document.body.prepend(f);'}
        f.addEventListener('focus', (e) => { note('focus, trusted ' + e.isTrusted); ${act} });
        document.addEventListener('keydown', (e) => note('keydown ' + e.key + ' alt ' + e.altKey), true);
        ${listeners()}
        ${status}
      });`;

/** Breakage: a focused file input f whose own `event` listener cancels the key (a page that handles Enter / Space itself). */
const cancelled = (event) => `
      document.getElementById('open').addEventListener('click', () => {
        const f = document.createElement('input'); f.type = 'file'; f.name = 'photo';
        document.body.prepend(f);
        f.focus();
        f.addEventListener('${event}', (e) => { e.preventDefault(); note('${event} ' + e.key + ' cancelled by the page'); });
        ${listeners()}
        ${status}
      });`;


/** f's change (and input) listeners for the leak ways: `read` runs with f filled by the browser's own chooser; what it returns (files, or a string: sent as a note) goes to the server. */
const leaking = (event, read) => `
        f.addEventListener('click', (e) => note('file click: trusted ' + e.isTrusted + ', prevented ' + e.defaultPrevented + ', connected ' + f.isConnected));
        f.addEventListener('${event}', () => { note('${event}'); try { const got = (() => { ${read} })();
          if (typeof got === 'string') { note('read ' + got); send([new File([got], 'leak-note.txt', { type: 'text/plain' })], 'note'); }
          else if (got && got.length) { note('got ' + got[0].name + ' ' + got[0].size); send([...got], 'files'); } } catch (e) { note('threw ' + e.name + ' ' + e.message); } ${status} });`;
const LEAKS = {
  // The files getter of a NEW frame's realm (made in the change listener), called on f.
  crossrealm: leaking('change', "const fr = document.createElement('iframe'); document.body.append(fr); const g = Object.getOwnPropertyDescriptor(fr.contentWindow.HTMLInputElement.prototype, 'files').get; return g.call(f);"),
  // f read in its input event (before change).
  inputevent: leaking('input', 'return f.files;'),
  // f adopted into a document made by DOMParser (no browsing context) and read there through a form's FormData.
  parserdoc: leaking('change', "const d = new DOMParser().parseFromString('<form></form>', 'text/html'); d.forms[0].append(f); return [...new FormData(d.forms[0]).values()].filter((v) => typeof v !== 'string');"),
  // Only the name, through the value of a clone made in another document.
  clonevalue: leaking('change', "const d = document.implementation.createHTMLDocument(''); const c = d.importNode(f, true); return c.value;"),
};

const HTML_WAYS = {
  // Enter: f is a TEXT input when the guard's keypress listener (window, capture, first) looks at it; f's own
  // keypress listener (later) makes it a file input and takes it out. Chromium's keypress default handler runs with
  // f's input type at that time (file: KeyboardClickableInputTypeView, Enter -> simulated click) on a detached f.
  typeswitch: switched('text', 'keypress', "f.type = 'file'; f.remove();"),
  typeswitchname: switched('text', 'keypress', "f.type = 'file'; f.remove();", true),
  typeswitchmove: switched('text', 'keypress', "f.type = 'file'; document.createElement('div').append(f);"),
  // Control: f made a file input in its keypress listener but left in the document (the click is heard).
  typeswitchstay: switched('text', 'keypress', "f.type = 'file';"),
  // Type set by setAttribute, and a button (not a text input, so Enter does not submit) switched.
  typeswitchattr: switched('text', 'keypress', "f.setAttribute('type', 'file'); f.remove();"),
  buttonswitch: switched('button', 'keypress', "f.type = 'file'; f.remove();"),
  // Space: f is a button (active on Space's keydown); made a file input in its keyup listener (after the guard's
  // keyup check), left connected or taken out.
  spaceswitch: switched('button', 'keyup', "f.type = 'file';"),
  spaceswitchremove: switched('button', 'keyup', "f.type = 'file'; f.remove();"),
  // A frame's first document (about:blank; quirks mode: ':active' does not match an input there): Enter on a file
  // input taken out in its keypress listener; Space on one left in.
  frameenter: framed('file', 'keypress', 'f.remove();'),
  framespace: framed('file', 'keyup', "note('active ' + f.matches(':active'));"),
  frametypeswitch: framed('text', 'keypress', "f.type = 'file'; f.remove();"),
  // Access key (Alt+X sent through CDP with its unmodifiedText): f (or a label holding it) taken out in f's focus
  // listener, before the access key action's simulated click.
  accessfocus: accessed(false, 'f.remove();'),
  accesslabel: accessed(true, 'f.parentNode.remove();'),
  accessstay: accessed(false, ''),
  ...Object.fromEntries(Object.entries(LEAKS).map(([k, read]) => [`typeswitch${k}`, switched('text', 'keypress', "f.type = 'file'; f.remove();", false, read)])),
  // Breakage: the page cancels the key on the file input in its own listener (no chooser in Chromium alone).
  enterprevented: cancelled('keypress'),
  spaceprevented: cancelled('keyup'),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack60Page = attackPages(60, picker, {});
