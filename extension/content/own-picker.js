// Silbato's own file picker. When a page's file input is about to open the
// browser's picker (a click, a label, a key, `click()`, `showPicker()`), the
// guard cancels it and opens this one instead, an input inside the notice's
// closed shadow root: the files the person picks land here, never in the
// page's input, and the page only ever receives what the guard hands it.
// Whatever the order of the page's listeners, a document replaced under the
// guard, or a second pick while the first is still being checked.
import { html } from '../../js/dom.js';
import { t } from '../../js/ext.js';
import { ui } from './notice.js';

/** What the page's input asks for, copied onto ours. */
const COPIED = ['accept', 'multiple', 'webkitdirectory', 'capture'];

let input = null;
/** The pick in progress: { onFiles(files), onCancel() }. */
let pending = null;

function ensure() {
  if (input) {
    ui.mount(input);
    return input;
  }
  input = html('input');
  input.type = 'file';
  input.tabIndex = -1;
  input.setAttribute('aria-hidden', 'true');
  input.style.cssText = 'display: none !important;';
  // `input` is composed and would reach the page (as an event on the
  // notice): stop it here. `change` and `cancel` never leave the shadow root.
  input.addEventListener('input', (e) => e.stopPropagation());
  input.addEventListener('change', () => {
    const files = Array.from(input.files || []);
    const p = pending;
    pending = null;
    input.value = '';
    if (p && files.length) p.onFiles(files);
    else if (p) p.onCancel();
  });
  input.addEventListener('cancel', () => {
    const p = pending;
    pending = null;
    if (p) p.onCancel();
  });
  ui.mount(input);
  return input;
}

/**
 * Chromium refuses, about one time in ten, a picker our window opens inside
 * a click the person made in another frame (its browser side has not yet
 * heard of that frame's activation, which reaches it over another channel),
 * and the click's activation is spent. Opened a moment later, it always
 * opens. Meanwhile a page that spends the activation keeps its input empty.
 */
const FROM_ANOTHER_FRAME_AFTER_MS = 50;

/**
 * Open the browser's picker on our input, configured as `pageInput` is.
 * Must run while the page has the person's activation (inside their click).
 * Returns false when the browser would not open it.
 */
export function pickFor(pageInput, onFiles, onCancel) {
  const ours = ensure();
  for (const name of COPIED) {
    if (pageInput.hasAttribute(name)) ours.setAttribute(name, pageInput.getAttribute(name));
    else ours.removeAttribute(name);
  }
  const pick = { onFiles, onCancel };
  pending = pick;
  const open = () => {
    if (pending !== pick) return;
    try {
      ours.click();
    } catch {
      pending = null;
      onCancel();
    }
  };
  if (windowOf(pageInput) === window) {
    try {
      ours.click();
    } catch {
      // Never the browser's own picker instead (attack41's XML pages): nothing is attached, and the person is told.
      pending = null;
      onCancel();
      ui.card().info([t('pickerFailed')]);
    }
    return true;
  }
  setTimeout(open, FROM_ANOTHER_FRAME_AFTER_MS);
  return true;
}

function windowOf(node) {
  try {
    return node.ownerDocument.defaultView;
  } catch {
    return null;
  }
}
