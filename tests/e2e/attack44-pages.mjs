// Hostile pages for the forty-fourth attack on the upload guard: a label's
// activation that pickers.js does not make itself (a click that is not a
// MouseEvent; the person's own click on a label the page then takes out of
// the document), so Chromium's label activation clicks a file control where
// no guard listener hears it. The person clicks "#open". Served by
// server.mjs at /attack44-…; tests: attack44.test.mjs.

import { attackPages, pickerWaysPage } from './uploads.mjs';

const status = `setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + window.notes.slice(-4).join(' / '); }, 0);`;
const sendOnChange = (v) => `${v}.addEventListener('change', () => { if (${v}.files && ${v}.files.length) { note('change: ' + ${v}.files[0].name + ' ' + ${v}.files[0].size + ', connected ' + ${v}.isConnected); send([...${v}.files], 'change'); } });`;

/** In the person's click on "#open": a DETACHED label holding an input i (`file`: a file input; else a text input made one in its own click), the label sent `how`. */
const labelEvent = (how, file = true) => `
      document.getElementById('open').addEventListener('click', () => {
        const l = document.createElement('label');
        const i = document.createElement('input');
        ${file ? "i.type = 'file';" : ''}
        l.append(i);
        ${sendOnChange('i')}
        i.addEventListener('click', (e) => { ${file ? '' : "i.type = 'file';"} note('i click: type ' + i.type + ', trusted ' + e.isTrusted + ', prevented ' + e.defaultPrevented + ', activation ' + navigator.userActivation.isActive); });
        try { const r = ${how}; note('asked ' + r); } catch (e) { note('threw ' + e.name); }
        ${status}
      });`;

/** The person's target: a CONNECTED <label id=open> holding an input (`inner`); `onLabelClick` in the label's click listener. */
const trustedLabel = (inner, onLabelClick) => `
      const b0 = document.getElementById('open');
      b0.id = 'open0';
      const l = document.createElement('label');
      l.id = 'open';
      l.textContent = 'attach here';
      l.style.cssText = 'display: block; width: 300px; height: 40px; background: #ddd;';
      ${inner}
      ${sendOnChange('i')}
      i.addEventListener('click', (e) => note('i click: type ' + i.type + ', trusted ' + e.isTrusted + ', connected ' + i.isConnected + ', prevented ' + e.defaultPrevented));
      document.body.prepend(l);
      l.addEventListener('click', (e) => {
        if (e.target !== l) return;
        ${onLabelClick}
        note('label click: control ' + (l.control && l.control.type) + ', connected ' + l.isConnected);
        ${status}
      });`;
const fileInside = "const i = document.createElement('input'); i.type = 'file'; i.style.display = 'none'; l.append(i);";
const textInside = "const i = document.createElement('input'); i.style.cssText = 'width: 20px;'; l.append(i);";

/** In the person's click: a DETACHED label holding a file input i and `make` (an element x, and `t`, the one clicked with `how`). */
const labelInner = (make, how = 't.click();') => `
      document.getElementById('open').addEventListener('click', () => {
        const l = document.createElement('label');
        const i = document.createElement('input');
        i.type = 'file';
        ${make}
        l.append(i, x);
        ${sendOnChange('i')}
        i.addEventListener('click', (e) => note('file click: trusted ' + e.isTrusted + ', prevented ' + e.defaultPrevented + ', activation ' + navigator.userActivation.isActive));
        try { const r = ${how}; note('asked ' + r); } catch (e) { note('threw ' + e.name); }
        ${status}
      });`;
const mouse = "t.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }))";
const deep = "const x = document.createElement('span'); let t = x; for (let k = 0; k < 70; k++) { const c = document.createElement('span'); t.append(c); t = c; }";
const shadow = "const x = document.createElement('span'); const t = document.createElement('span'); t.textContent = 'x'; x.attachShadow({ mode: 'open' }).append(t);";

const HTML_WAYS = {
  // A detached label holding a file input, sent a plain Event('click'): the dispatchEvent wrapper takes a click that
  // is not a MouseEvent for one that activates nothing, and runs it natively.
  labelevent: labelEvent("l.dispatchEvent(new Event('click', { bubbles: true, cancelable: true }))"),
  // The same with a UIEvent, and a CustomEvent.
  labeluievent: labelEvent("l.dispatchEvent(new UIEvent('click', { bubbles: true, cancelable: true }))"),
  labelcustomevent: labelEvent("l.dispatchEvent(new CustomEvent('click', { bubbles: true, cancelable: true }))"),
  // labelevent with a text input made a file input in its own click.
  labeleventtext: labelEvent("l.dispatchEvent(new Event('click', { bubbles: true, cancelable: true }))", false),
  // The person clicks a connected label holding a hidden file input; its listener takes the label (with its control) out.
  trustedlabelout: trustedLabel(fileInside, 'l.remove();'),
  // The same, the label moved into a detached div.
  trustedlabelmove: trustedLabel(fileInside, "document.createElement('div').append(l);"),
  // The person clicks a connected label holding a text input; the label's listener makes it a file input and takes the label out.
  trustedlabeltext: trustedLabel(textInside, "i.type = 'file'; l.remove();"),
  // The person clicks a <span> inside a connected label holding a hidden file input; the label's listener takes the label out.
  trustedspanout: trustedLabel(fileInside + " const sp = document.createElement('span'); sp.textContent = 'photo'; sp.style.cssText = 'display: block; width: 300px; height: 40px;'; l.textContent = ''; l.append(sp, i);", 'l.remove();').replace('if (e.target !== l) return;', ''),
  // A connected <div> holding a label for=x and the file input x (elsewhere in the div); the label's listener takes the div out.
  trustedforout: trustedLabel("const i = document.createElement('input'); i.type = 'file'; i.id = 'x44'; i.style.display = 'none'; l.htmlFor = 'x44'; const d = document.createElement('div'); document.body.prepend(d); d.append(i);", "d.prepend(l); d.remove();"),
  // The label (with its control) moved into a connected same-origin about:blank frame's document.
  trustedlabelframe: trustedLabel(fileInside + " const fr = document.createElement('iframe'); document.body.append(fr);", "fr.contentDocument.body.append(l);"),
  // The label moved into a document with no browsing context (createHTMLDocument).
  trustedlabeldoc: trustedLabel(fileInside, "document.implementation.createHTMLDocument('').body.append(l);"),
  // The label moved into a <template>'s content.
  trustedlabeltemplate: trustedLabel(fileInside, "document.createElement('template').content.append(l);"),
  // The label moved into a CLOSED shadow root of a connected host (connected, but the window sees only the host).
  trustedlabelclosed: trustedLabel(fileInside + " const h = document.createElement('div'); document.body.append(h); const r = h.attachShadow({ mode: 'closed' });", "r.append(l);"),
  // A span 70 deep inside a detached label (pickers.js labelOf stops at depth 64), click() / a dispatched click.
  labeldeep: labelInner(deep),
  labeldeepdispatch: labelInner(deep, mouse),
  // A span inside an open shadow root whose host is inside a detached label (labelOf walks parentNode, which stops at the root).
  labelshadow: labelInner(shadow),
  labelshadowdispatch: labelInner(shadow, mouse),
  // A text input x inside the label (interactive: the native click runs) made hidden in its own click listener (then not interactive for Chromium's label activation).
  hiddenswitch: labelInner("const x = document.createElement('input'); const t = x; x.addEventListener('click', () => { x.type = 'hidden'; });"),
  hiddenswitchdispatch: labelInner("const x = document.createElement('input'); const t = x; x.addEventListener('click', () => { x.type = 'hidden'; });", mouse),
  // An <a href> inside the label whose href is removed in its own click listener.
  anchorunhref: labelInner("const x = document.createElement('a'); x.href = '#'; x.textContent = 'x'; const t = x; x.addEventListener('click', (e) => { e.preventDefault(); x.removeAttribute('href'); });"),
  // The same without preventDefault (a cancelled click activates no label).
  anchorunhref2: labelInner("const x = document.createElement('a'); x.href = '#'; x.textContent = 'x'; const t = x; x.addEventListener('click', () => { x.removeAttribute('href'); });"),
  // A <video controls> inside the label whose controls are removed in its own click listener.
  videounctrl: labelInner("const x = document.createElement('video'); x.controls = true; const t = x; x.addEventListener('click', () => { x.controls = false; });"),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack44Page = attackPages(44, picker, {});
