// The upload guard: runs in every frame at document_start, before any page
// script, and stands between a person's files and the page. No original
// reaches the page without a trusted, deliberate choice by the person:
// - Picks: when a file input is about to open the browser's picker (a click,
//   a label, a key, `click()` from any realm, a dispatched click, even on an
//   input never put in the document or inside a closed shadow root, or
//   `showPicker()`), the guard cancels it and opens its own picker
//   (own-picker.js): the files land in the guard's input, not the page's.
// - Files that reach a page's input some other way (a drop onto it, an
//   automation tool) are taken out in the same event that brings them,
//   before any page script runs, by the first listener of the window.
// - Drops and pastes are caught at the window in the capture phase.
// Each file is then cleaned by the cleaner frame (cleaner-client.js), and
// the page gets the cleaned copies, or the originals the person chose to
// attach through an armed button (notice.js). A second pick replaces the
// first, as in the browser; a check that never ends leaves its files out.
//
// Only trusted events (and clicks made while the person's activation is
// live) are acted on; the guard's own re-dispatched events are recognised
// and let through. Text comes from locales/; nothing is built from page
// strings except file names, always shown as generated content (notice.js `say`).
import { t } from '../../js/ext.js';
import { modeFor, watchSettings } from '../settings.js';
import { check, handOver, summary } from './check.js';
import * as cleaner from './cleaner-client.js';
import { offerFaces } from './faces-offer.js';
import { listen, orderLost } from './listeners.js';
import { isOurHost, ui } from './notice.js';
import { pickFor } from './own-picker.js';

// Elements are told by what they are, not by `instanceof`: an element of a
// frame's first document (a realm no content script runs in, which the guard
// also listens in) is of another realm's classes.
const isElement = (n) => n !== null && typeof n === 'object' && n.nodeType === Node.ELEMENT_NODE;
const isFileInput = (n) => isElement(n) && n.localName === 'input' && n.namespaceURI === 'http://www.w3.org/1999/xhtml' && n.type === 'file';

/**
 * Is the person's activation live (their click or key is being handled)? In
 * the window of `node`'s document when given (the browser asks that window
 * before it opens a picker for an input: a popup's or a frame's).
 */
function userActive(node) {
  let nav = navigator;
  try {
    const win = node && node.ownerDocument && node.ownerDocument.defaultView;
    if (win) nav = win.navigator;
  } catch {
    // Keep this window's.
  }
  return !nav.userActivation || nav.userActivation.isActive;
}

/** The inside of a closed shadow root, which content scripts may open (Chromium: chrome.dom; Firefox: the element). */
function closedRootOf(el) {
  if (!isElement(el)) return null;
  try {
    const dom = globalThis.chrome && globalThis.chrome.dom;
    if (dom && typeof dom.openOrClosedShadowRoot === 'function') return dom.openOrClosedShadowRoot(el) || null;
    return el.openOrClosedShadowRoot || null;
  } catch {
    return null;
  }
}

/**
 * The file inputs in the shadow trees of `host` (open or closed, and those
 * nested in them), or null when `host` has none to look in, or more than
 * LOOK_AT_MOST elements (then nothing is vouched for: the page world takes
 * the files out).
 */
const LOOK_AT_MOST = 200000;
function fileInputsInside(host) {
  const root = isElement(host) ? closedRootOf(host) || host.shadowRoot : null;
  if (!root) return null;
  const found = [];
  const roots = [root];
  let seen = 0;
  for (let i = 0; i < roots.length; i++) {
    const all = roots[i].querySelectorAll('*');
    seen += all.length;
    if (seen > LOOK_AT_MOST) return null;
    for (const el of all) {
      if (isFileInput(el)) found.push(el);
      const inner = closedRootOf(el) || el.shadowRoot;
      if (inner) roots.push(inner);
    }
  }
  return found;
}

const FILE_INPUTS = 'input[type=file i]';

/** What `refs` (WeakRefs) still hold, the gone ones taken out of it. */
function alive(refs) {
  const held = [];
  for (let i = refs.length - 1; i >= 0; i--) {
    const it = refs[i].deref();
    if (it) held.push(it);
    else refs.splice(i, 1);
  }
  return held;
}

/**
 * The documents of the same-origin windows of the tab that `doc` is in,
 * from its topmost same-origin ancestor down, and of `windows` (popups the
 * page opened, first documents the guard listens in) and theirs: each
 * window's frames (`<embed>`s' too), and frames in shadow roots `roots`.
 * At most MAX_DOCUMENTS.
 */
const MAX_DOCUMENTS = 1000;
function sameOriginDocuments(doc, roots, windows) {
  const docs = [];
  const add = (d) => {
    if (d && d.nodeType === Node.DOCUMENT_NODE && !docs.includes(d) && docs.length < MAX_DOCUMENTS) docs.push(d);
  };
  const documentOf = (w) => {
    try {
      return w ? w.document : null;
    } catch {
      return null;
    }
  };
  let top = doc;
  try {
    for (let w = doc.defaultView, k = 0; w && w.parent !== w && k < MAX_DOCUMENTS; k++) {
      const up = documentOf(w.parent);
      if (!up) break;
      top = up;
      w = w.parent;
    }
  } catch {
    // Another origin above: the climb stops there.
  }
  add(top);
  add(doc);
  for (const w of windows) add(documentOf(w));
  for (let k = 0; k < docs.length; k++) {
    const w = docs[k].defaultView;
    const n = w ? w.length : 0;
    for (let i = 0; i < n; i++) add(documentOf(w[i]));
    for (const f of docs[k].querySelectorAll('iframe, frame, object')) add(f.contentDocument);
    if (k === 0) for (const r of roots) for (const f of r.querySelectorAll('iframe, frame, object')) add(f.contentDocument);
  }
  return docs;
}

/**
 * Install the guard (once per frame, at document_start); `channel` is the
 * isolated world's end of page-channel.js. Returns `watchRealm(doc)`, which
 * puts the guard's listeners (back) in the window of `doc`, a frame's first
 * document the page world wrapped.
 */
export function startGuard(channel, { ownFiles = new Set() } = {}) {
  const { settings, loaded: settingsLoaded } = watchSettings();
  const modeHere = () => modeFor(settings, location.hostname);

  // ---- Events the guard dispatches itself ----
  const ours = new WeakSet();
  function fire(target, event) {
    ours.add(event);
    target.dispatchEvent(event);
    return event;
  }
  // ---- Files the page may read (file-barrier.js) ----
  // `ownFiles`: the files the guard handed over and the page's own (set by
  // it, told by the page world), shared by the guards of the tab's
  // same-origin frames (content.js): a frame's realm may be wrapped by two
  // copies of the page world, each asking its own guard.
  // A file is known by what it says of itself (file-barrier.js says why).
  const describe = (f) => `${f.name}\u0000${f.size}\u0000${f.lastModified}\u0000${f.type}`;
  const isOwn = (files) => files.every((f) => ownFiles.has(describe(f)));
  channel.on('files-own', (_, courier) => {
    if (isFileInput(courier)) for (const f of courier.files || []) ownFiles.add(describe(f));
  });
  function setFiles(input, files) {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(f);
    input.files = dt.files;
    for (const f of input.files) ownFiles.add(describe(f));
  }
  /** Files in `input` the guard does not vouch for: taken as a pick, out at once. */
  function takeUnknown(input) {
    const files = Array.from(input.files || []);
    if (files.length && !isOwn(files)) intake(input, files);
  }
  function fireInputAndChange(input) {
    fire(input, new Event('input', { bubbles: true, composed: true }));
    fire(input, new Event('change', { bubbles: true }));
  }

  // ---- Reaching for a file: the cleaner starts then (never before the person acts) ----
  function warmUp(e) {
    // Trusted and made by the person: a page's own focus() gives a trusted focusin, so focus does not count.
    if (!e.isTrusted) return;
    const el = e.composedPath()[0];
    const label = isElement(el) ? el.closest('label') : null;
    const hasFiles = e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
    if (isFileInput(el) || (label && isFileInput(label.control)) || hasFiles) cleaner.start().catch(() => {});
  }
  listen('window', 'pointerdown', warmUp, true);
  listen('window', 'keydown', warmUp, true);
  listen('window', 'dragenter', warmUp, true);

  // ---- Closed shadow roots: listen inside them ----
  const watchedRoots = new WeakSet();
  function watchRoot(host) {
    if (isOurHost(host)) return;
    const root = closedRootOf(host);
    if (!root || watchedRoots.has(root)) return;
    watchedRoots.add(root);
    root.addEventListener('click', onClick, true);
    root.addEventListener('keydown', onKey, true);
    root.addEventListener('keypress', onKey, true);
    root.addEventListener('keyup', onKey, true);
    root.addEventListener('input', onFileEvent, true);
    root.addEventListener('change', onFileEvent, true);
    root.addEventListener('drop', onDrop, true);
    root.addEventListener('paste', onPaste, true);
    listenInRoot(root);
  }
  /** Forms submitted in shadow root `root` (open or closed), of any document: their submit and formdata events. */
  const submitRoots = new WeakSet();
  /** Every shadow root met (held weakly): where an undo may put a file input back (onHistory). */
  const rootsMet = [];
  function listenInRoot(root) {
    if (!root || submitRoots.has(root) || (root.host && isOurHost(root.host))) return;
    submitRoots.add(root);
    rootsMet.push(new WeakRef(root));
    root.addEventListener('submit', onSubmit, true);
    root.addEventListener('formdata', onFormData, true);
  }
  channel.on('closed-root', (_, host) => watchRoot(host));
  /**
   * An event's first target as this listener sees it. When that is the host
   * of a closed shadow root (the real target is inside), the guard starts
   * listening inside the root, in time for this very event to reach it there.
   */
  function firstTarget(e) {
    const first = e.composedPath()[0];
    if (isElement(first) && first.shadowRoot === null) watchRoot(first);
    return first;
  }

  // ---- Picks: the browser's picker is replaced by the guard's own ----
  const handled = new WeakSet();
  function interceptPick(input, e) {
    if (!isFileInput(input) || input.matches(':disabled')) return false;
    if (e) {
      if (handled.has(e) || ours.has(e)) return true;
      handled.add(e);
      // A click the browser would not open a picker for is left alone.
      if (!e.isTrusted && !userActive(input)) return false;
      e.preventDefault();
    }
    cleaner.start().catch(() => {});
    return pickFor(
      input,
      (files) => intake(input, files),
      () => fire(input, new Event('cancel', { bubbles: false })),
    );
  }
  function onClick(e) {
    const target = firstTarget(e);
    if (isFileInput(target)) interceptPick(target, e);
  }
  listen('window', 'click', onClick, true);
  // A key whose default action clicks an element (Enter's keypress and
  // Space's keyup on the focused one; an access key's keydown on the
  // element that has it, or a label's control): the page's own listeners,
  // which run before that click, may make it a file input or take it out
  // of the document, where no window listener of the guard's hears the
  // click and the browser's own chooser fills it (attacks 59 and 60). So
  // each element the key may click listens itself from then on: a trusted
  // click on a file input there is taken as a pick (interceptPick, once per
  // event). A key the page cancels clicks nothing and opens nothing, as
  // without Silbato.
  function onKey(e) {
    if (!e.isTrusted) return;
    const activating = (e.type === 'keypress' && e.key === 'Enter') || (e.type === 'keyup' && e.key === ' ');
    const targets = activating ? [firstTarget(e)] : e.type === 'keydown' && e.altKey && typeof e.key === 'string' && e.key.length === 1 ? accessKeyTargets(e.key) : [];
    // (Left on: the key's click may come in a later task, as an access key's does, and any trusted click on a file
    // input is the guard's to take. The same listener twice is one.)
    for (const el of targets) if (isElement(el)) el.addEventListener('click', onKeyClick, true);
  }
  function onKeyClick(e) {
    const target = e.composedPath()[0];
    if (e.isTrusted && isFileInput(target)) interceptPick(target, e);
  }
  /** The elements an access key `key` may click in this document, and the controls of labels among them. */
  function accessKeyTargets(key) {
    const found = [];
    const lower = key.toLowerCase();
    for (const el of document.querySelectorAll('[accesskey]')) {
      if ((el.getAttribute('accesskey') || '').toLowerCase().split(/\s+/).indexOf(lower) < 0) continue;
      found.push(el);
      if (el.localName === 'label' && el.control) found.push(el.control);
    }
    return found;
  }
  listen('window', 'keydown', onKey, true);
  listen('window', 'keypress', onKey, true);
  listen('window', 'keyup', onKey, true);
  // click(), a dispatched click or showPicker() on a file input (perhaps not
  // in the document, or inside a closed root): the page world asks for our
  // picker instead of the browser's (answering false says it is open).
  // Answered whenever Silbato would pick: a pick it fails to open is the person's to try again, never the
  // browser's own picker (an unanswered ask reads as no guard there: attack41's XML pages).
  channel.on('file-pick', (_, input) => {
    if (!isFileInput(input) || !userActive(input) || input.matches(':disabled')) return undefined;
    try {
      interceptPick(input, null);
    } catch {
      // Nothing opens.
    }
    return false;
  });

  // Files the page world found where the page reads them, in an input no
  // one handed them to (the browser's own picker, opened some way the guard
  // did not see, on an input whose events never reach the window). An
  // input in a shadow tree arrives as the tree's host: each file input
  // inside is looked at. Answered (false) once every input looked at holds
  // nothing the guard does not vouch for; unanswered, the page world takes
  // the files out.
  channel.on('files-found', (_, node) => {
    const inputs = isFileInput(node) ? [node] : fileInputsInside(node);
    if (!inputs) return undefined;
    for (const input of inputs) takeUnknown(input);
    return false;
  });

  // ---- Files that reach a page's input some other way ----
  /** Per input: which pick is the latest (a newer one replaces an older one still being checked). */
  const generation = new WeakMap();
  const busy = new Map();
  function intake(input, files) {
    const gen = (generation.get(input) || 0) + 1;
    generation.set(input, gen);
    // Nothing of an earlier pick stays while this one is checked, as a new pick replaces the old in the browser.
    setFiles(input, []);
    const job = guard(files, {
      undo: true,
      current: () => generation.get(input) === gen,
      deliver(list) {
        if (generation.get(input) !== gen) return false;
        setFiles(input, input.multiple || input.hasAttribute('webkitdirectory') ? list : list.slice(0, 1));
        fireInputAndChange(input);
        return true;
      },
    })
      .catch(() => {})
      .finally(() => {
        if (busy.get(input) === job) busy.delete(input);
      });
    busy.set(input, job);
  }
  function onFileEvent(e) {
    if (!e.isTrusted || ours.has(e)) return;
    const input = firstTarget(e);
    if (!isFileInput(input)) {
      if (e.type === 'input') onHistory(e, input);
      return;
    }
    const files = Array.from(input.files || []);
    if (!files.length) return;
    e.stopImmediatePropagation();
    intake(input, files);
  }
  /**
   * An edit undone or redone (the page's execCommand, or the person's own
   * Ctrl+Z) puts back the very nodes an earlier edit took out, which no
   * insertion the page world surveys puts in: a file input among them that
   * the browser's own picker filled while it was out (attacks 50, 51) is
   * taken as a pick here, before any listener of the page's hears the edit
   * (its input event: this is the window's first listener). Looked for in
   * the whole document and every shadow root met, not only under the event's
   * target: an undo puts nodes back into the parent they left, wherever that
   * now is, and names the editing host it recorded (attack 52's moveparent);
   * by selector, with no bound to pass (attack 52's manyelements).
   */
  function onHistory(e, target) {
    if (e.inputType !== 'historyUndo' && e.inputType !== 'historyRedo') return;
    const doc = target && (target.nodeType === Node.DOCUMENT_NODE ? target : target.ownerDocument);
    if (!doc) return;
    const roots = alive(rootsMet);
    const windows = alive(windowsMet).filter((win) => !win.closed);
    // The parent left may be in another same-origin document of the tab now (attack 52's moveframe), or of a
    // popup (attack 53's popup), or an <embed>'s (embedframe).
    const places = [...sameOriginDocuments(doc, roots, windows), ...roots];
    for (const place of places) for (const input of place.querySelectorAll(FILE_INPUTS)) if (isFileInput(input)) takeUnknown(input);
  }
  listen('window', 'input', onFileEvent, true);
  listen('window', 'change', onFileEvent, true);

  // ---- Drops and pastes ----
  function onDrop(e) {
    if (!e.isTrusted || ours.has(e) || handled.has(e)) return;
    const files = Array.from((e.dataTransfer && e.dataTransfer.files) || []);
    if (!files.length) return;
    handled.add(e);
    e.preventDefault();
    e.stopImmediatePropagation();
    let target = firstTarget(e);
    // Dropped onto Silbato's notice: meant for what lies under it.
    if (isOurHost(target)) target = document.elementsFromPoint(e.clientX, e.clientY).find((el) => !isOurHost(el)) || document.body;
    const init = {
      bubbles: true,
      cancelable: true,
      composed: true,
      clientX: e.clientX,
      clientY: e.clientY,
      screenX: e.screenX,
      screenY: e.screenY,
      ctrlKey: e.ctrlKey,
      shiftKey: e.shiftKey,
      altKey: e.altKey,
      metaKey: e.metaKey,
    };
    if (isFileInput(target)) {
      intake(target, files);
      return;
    }
    guard(files, {
      undo: false,
      current: () => true,
      deliver(list) {
        const dt = new DataTransfer();
        for (const f of list) dt.items.add(f);
        fire(target, new DragEvent('drop', { ...init, dataTransfer: dt }));
        return true;
      },
    }).catch(() => {});
  }

  function onPaste(e) {
    if (!e.isTrusted || ours.has(e) || handled.has(e)) return;
    const data = e.clipboardData;
    const files = Array.from((data && data.files) || []);
    if (!files.length) return;
    handled.add(e);
    e.preventDefault();
    e.stopImmediatePropagation();
    const target = firstTarget(e);
    const text = {};
    for (const type of data.types) if (type !== 'Files') text[type] = data.getData(type);
    guard(files, {
      undo: false,
      current: () => true,
      deliver(list) {
        const dt = new DataTransfer();
        for (const [type, value] of Object.entries(text)) dt.setData(type, value);
        for (const f of list) dt.items.add(f);
        const ev = fire(target, new ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true, clipboardData: dt }));
        if (!ev.defaultPrevented) insertPasted(target, list).catch(() => {});
        return true;
      },
    }).catch(() => {});
  }

  /** What the browser would have done with a pasted image in an editable element. */
  async function insertPasted(target, files) {
    const editable = isElement(target) && target.isContentEditable ? target : null;
    if (!editable) return;
    editable.focus();
    for (const f of files) {
      if (!f.type.startsWith('image/')) continue;
      const url = await new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result);
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(f);
      });
      document.execCommand('insertImage', false, url);
    }
  }

  listen('window', 'drop', onDrop, true);
  listen('window', 'paste', onPaste, true);

  /**
   * A form submitted natively: files in it the guard does not vouch for are
   * taken as a pick (file-barrier.js says how they get there); a form
   * submitted while its files are being checked waits for them. A submit
   * event does not leave a shadow tree: listened for in each (listenInRoot).
   */
  function onSubmit(e) {
    const form = e.composedPath()[0];
    if (!isElement(form) || form.localName !== 'form') return;
    for (const el of Array.from(form.elements)) if (isFileInput(el)) takeUnknown(el);
    const pending = [...busy.entries()].filter(([input]) => input.form === form);
    if (!pending.length) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const submitter = e.submitter || undefined;
    Promise.allSettled(pending.map(([, job]) => job)).then(() => form.requestSubmit(submitter));
  }
  listen('window', 'submit', onSubmit, true);

  /**
   * What a form is about to send (or hand to `new FormData`), made after
   * every submit listener: a submit listener may have moved an input with
   * files the guard never saw into the form after onSubmit looked (attack
   * 47). Each such file goes as an empty file input's would, and its input
   * is taken as a pick. First of all listeners (the window's capture, or a
   * shadow root's: listenInRoot), so no page listener reads them before.
   * Files that came from elsewhere (a form-associated custom element's
   * value) are the page's own, and are left.
   */
  function onFormData(e) {
    const data = e.formData;
    const form = e.composedPath()[0];
    if (!data || !isElement(form) || form.localName !== 'form') return;
    const unknown = new Set();
    for (const el of Array.from(form.elements)) {
      if (!isFileInput(el)) continue;
      const files = Array.from(el.files || []);
      for (const f of files) if (!isOwn([f])) unknown.add(describe(f));
    }
    if (!unknown.size) return;
    for (const el of Array.from(form.elements)) if (isFileInput(el)) takeUnknown(el);
    const entries = Array.from(data.entries());
    for (const name of new Set(entries.map(([name]) => name))) data.delete(name);
    for (const [name, value] of entries) {
      const withheld = typeof value !== 'string' && unknown.has(describe(value));
      data.append(name, withheld ? new File([], '', { type: 'application/octet-stream' }) : value);
    }
  }
  listen('window', 'formdata', onFormData, true);

  // ---- Realms no content script runs in ----
  // A frame's first, empty document (realms.js): the page world wraps its
  // built-ins as it is connected, before the page can use it, and asks the
  // guard to listen there as in its own window: a person can click an input
  // in it, drop or paste into it. Asked again when that document is reopened.
  const REALM_LISTENERS = [
    ['pointerdown', warmUp],
    ['keydown', warmUp],
    ['dragenter', warmUp],
    ['click', onClick],
    ['keydown', onKey],
    ['keypress', onKey],
    ['keyup', onKey],
    ['input', onFileEvent],
    ['change', onFileEvent],
    ['drop', onDrop],
    ['paste', onPaste],
    ['submit', onSubmit],
  ];
  /** Windows of the tab's other documents (held weakly): where an undo may put a file input back (onHistory). */
  const windowsMet = [];
  // A popup the page opened (realms.js, told by the page world).
  channel.on('popup', (_, win) => {
    if (win) windowsMet.push(new WeakRef(win));
  });
  function watchRealm(doc) {
    const win = doc && doc.defaultView;
    if (!win || win === window) return false;
    windowsMet.push(new WeakRef(win));
    for (const [type, fn] of REALM_LISTENERS) win.addEventListener(type, fn, true);
    return true;
  }

  /**
   * Check `files`, decide with the person where needed, and hand the page
   * what it should get through `how.deliver(list)` (false once a newer pick
   * replaced this one). `how.undo` says whether the originals can replace
   * the cleaned files afterwards (file inputs).
   */
  async function guard(files, how) {
    await settingsLoaded;
    const mode = modeHere();
    const card = ui.card();
    card.working(files.length === 1 ? t('working', [files[0].name]) : t('workingMany', [String(files.length)]));
    const results = await Promise.all(files.map((f) => check(f)));
    if (!how.current()) return card.close();
    await handOver(results, settings.keepNames);

    let useOriginals = false;
    const revealing = results.filter((r) => r.kind === 'cleaned');
    // Town names arrive after the plan; wait a little for them, never for long.
    const named = () => Promise.race([Promise.all(revealing.map((r) => r.named)), new Promise((r) => setTimeout(r, 3000))]);
    if (mode === 'ask' && revealing.length) {
      await named();
      const lines = revealing.map((r) => t('askReveals', [summary(r.removed), r.file.name]));
      const choice = await card.ask(t('askTitle'), lines, [
        ['clean', t('cleanAndAttach')],
        ['cancel', t('cancel')],
        ['original', t('attachOriginal'), true],
      ]);
      if (choice === 'cancel') {
        card.info([t('cancelled')]);
        return;
      }
      useOriginals = choice === 'original';
    }

    const failed = results.filter((r) => r.kind === 'failed');
    let attachFailed = false;
    if (failed.length) {
      const lines = failed.map((r) => t('failedBody', [r.file.name, r.reason]));
      // Leaving the file out comes first: it is what Enter, Space and focus choose.
      attachFailed = (await card.ask(t('failedTitle'), lines, [['leave', t('leaveOut')], ['attach', t('attachAnyway'), true]])) === 'attach';
    }
    if (!how.current()) return card.close();

    const delivered = [];
    for (const r of results) {
      if (r.kind === 'failed' && !attachFailed) continue;
      delivered.push(r.cleaned && !useOriginals ? r.cleaned : r.file);
    }
    if (delivered.length && !how.deliver(delivered)) return card.close();
    await named();

    const lines = [];
    for (const r of results) {
      if (r.kind === 'cleaned') lines.push(useOriginals ? t('undone', [r.file.name]) : t('removedFrom', [summary(r.removed), r.file.name]));
      else if (r.kind === 'clean') lines.push(t('nothingIn', [r.file.name]));
      else if (r.kind === 'document') lines.push(t('docNote', [r.file.name]));
      else if (r.kind === 'other') lines.push(t('otherNote', [r.file.name]));
      else if (r.kind === 'failed') lines.push(attachFailed ? t('attachedAsIs', [r.file.name]) : t('leftOut', [r.file.name]));
      // A damaged photo that could be cleaned: what happened and what was kept.
      if (r.damage && !useOriginals) lines.push(t('damagedKept', [r.file.name, r.damage.message]));
    }
    // A document replaced under the guard may have let a page listener see the files first: say so.
    if (orderLost()) lines.push(t('orderLost'));
    // Cleaning never changes what can be seen: every photo gets the reminder, however it was attached.
    const photos = results.filter((r) => (r.kind !== 'failed' || attachFailed) && /^image\//.test(r.file.type));
    if (photos.length) lines.push(t('stillVisible'));
    // A notice that warns stays until it is closed; only a plain "removed from a video" one closes itself.
    const warns = photos.length > 0 || lines.length > results.filter((r) => r.kind === 'cleaned').length;
    const undoable = how.undo && !useOriginals && revealing.length > 0;
    const originals = results.filter((r) => r.kind !== 'failed' || attachFailed).map((r) => r.file);
    let undone = false;
    const undo = undoable
      ? [
          t('undo'),
          () => {
            if (!how.deliver(originals)) return;
            undone = true;
            card.info(revealing.map((r) => t('undone', [r.file.name])));
          },
        ]
      : null;
    card.info(lines, undo, [], warns);
    if (how.undo && settings.faceChecks) {
      await offerFaces(results, delivered, how, card, lines, () => (undone ? null : undo), () => !undone && how.current());
    }
  }

  /**
   * The page made a frame before Silbato could wrap it, so no file chooser
   * can open here any more (realms.js): said once, and it stays.
   */
  let toldLocked = false;
  function lockedDown() {
    if (toldLocked) return;
    toldLocked = true;
    ui.card().info([t('lockedDown')], null, [], true);
  }

  return { watchRealm, lockedDown, listenInRoot };
}
