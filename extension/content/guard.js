// The upload guard: runs in every frame at document_start, before any page
// script, and stands between a person's files and the page. It catches the
// files of <input type=file> (input and change events), of drops and of
// pastes in the capture phase at the window, so the page sees none of them;
// has each one cleaned by the cleaner frame; and hands the page only what
// it should receive: cleaned copies, or originals the person chose to attach.
// It then says, in plain words, what was removed from which file.
//
// Only trusted events (real user actions) are intercepted, and the guard's
// own re-dispatched events are recognised and let through. Text comes from
// _locales; nothing is built from page-provided strings except file names,
// always set with textContent.
import { api, lang, t } from '../../js/ext.js';
import { isMessage } from '../../js/messages.js';
import { planToFile } from '../../js/plan.js';
import { modeFor, watchSettings } from '../settings.js';
import * as cleaner from './cleaner-client.js';
import { shadowHost, ui } from './notice.js';

/** Install the guard's listeners (once per frame, at document_start). */
export function startGuard() {
  // ---- Settings: clean automatically or ask first, globally and per site ----
  const { settings, loaded: settingsLoaded } = watchSettings();
  const modeHere = () => modeFor(settings, location.hostname);

  // ---- Events the guard dispatches itself ----
  const ours = new WeakSet();
  function fire(target, event) {
    ours.add(event);
    target.dispatchEvent(event);
    return event;
  }
  function setFiles(input, files) {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(f);
    input.files = dt.files;
  }
  function fireInputAndChange(input) {
    fire(input, new Event('input', { bubbles: true, composed: true }));
    fire(input, new Event('change', { bubbles: true }));
  }

  // ---- The face editor: an extension page shown over the whole page ----
  /** Resolves with the editor's answer: { type: 'regions', regions, style } | { type: 'cancelled' }. */
  function openEditor(file, found) {
    return new Promise((resolve) => {
      const token = crypto.randomUUID();
      const url = api.runtime.getURL('editor/editor.html');
      const css = ':host { all: initial !important; position: fixed !important; inset: 0 !important; z-index: 2147483647 !important; display: block !important; } iframe { border: 0; width: 100%; height: 100%; display: block; }';
      const { host, root } = shadowHost('silbato-editor', css);
      host.style.cssText = 'all: initial !important; position: fixed !important; inset: 0 !important; z-index: 2147483647 !important; display: block !important;';
      const iframe = document.createElement('iframe');
      iframe.src = `${url}#${token}`;
      iframe.title = t('editorTitle');
      root.append(iframe);
      const before = document.activeElement;
      const finish = (answer) => {
        // Hidden at once, removed a moment later: tearing the frame down while
        // the click that closed it is still being delivered can stall input.
        host.style.cssText = 'display: none !important;';
        setTimeout(() => host.remove(), 200);
        if (before && typeof before.focus === 'function') before.focus();
        resolve(answer);
      };
      iframe.addEventListener(
        'load',
        () => {
          const channel = new MessageChannel();
          channel.port1.onmessage = ({ data: raw }) => {
            const data = raw && typeof raw === 'object' ? structuredClone(raw) : null;
            if (!isMessage('editorAnswer', data)) return;
            if (data.type === 'hello') {
              channel.port1.postMessage({ type: 'edit', file, found });
              iframe.focus();
              return;
            }
            finish(data);
          };
          iframe.contentWindow.postMessage({ silbato: token }, new URL(url).origin, [channel.port2]);
        },
        { once: true },
      );
      (document.documentElement || document.body || document).appendChild(host);
    });
  }

  // Start the cleaner as soon as someone reaches for a file, so it is ready when they pick one.
  function warmUp(e) {
    const el = e.composedPath ? e.composedPath()[0] : e.target;
    const isFileInput = (n) => n instanceof HTMLInputElement && n.type === 'file';
    const label = el instanceof Element ? el.closest('label') : null;
    const hasFiles = e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
    if (isFileInput(el) || (label && isFileInput(label.control)) || hasFiles) cleaner.start().catch(() => {});
  }
  window.addEventListener('pointerdown', warmUp, true);
  window.addEventListener('focusin', warmUp, true);
  window.addEventListener('dragenter', warmUp, true);
  // A page that has a file input will likely be given files: start the
  // cleaner once the page is idle (pages without one pay nothing).
  function warmIfUploader() {
    if (document.querySelector('input[type=file]')) {
      const warm = () => cleaner.start().catch(() => {});
      if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(warm, { timeout: 2000 });
      else setTimeout(warm, 200);
      return true;
    }
    return false;
  }
  document.addEventListener(
    'DOMContentLoaded',
    () => {
      if (warmIfUploader()) return;
      let pending = false;
      const watch = new MutationObserver(() => {
        if (pending) return;
        pending = true;
        setTimeout(() => {
          pending = false;
          if (warmIfUploader()) watch.disconnect();
        }, 500);
      });
      watch.observe(document.documentElement, { childList: true, subtree: true });
      setTimeout(() => watch.disconnect(), 60000);
    },
    { once: true },
  );

  // ---- What a file becomes ----
  const DOCUMENT = /\.(pdf|docx?|xlsx?|pptx?|od[tsp]|rtf|epub|pages|numbers|key|zip|mp3|m4a|flac|ogg|wav|aac)$/i;
  const MEDIA = /\.(jpe?g|png|gif|webp|hei[cf]|avif|tiff?|dng|cr[23w]|nef|arw|orf|rw2|raf|jxl|bmp|mp4|m4v|mov|3gp|mkv|webm|avi|mts|m2ts)$/i;
  function reasonFor(error) {
    switch (error && error.kind) {
      case 'unsupported':
        return t('reasonUnsupported');
      case 'truncated':
      case 'malformed':
        return t('reasonDamaged');
      case 'limit_exceeded':
        return t('reasonTooLarge');
      case 'unverified':
        return t('reasonUnverified');
      default:
        return t('reasonUnknown');
    }
  }

  async function check(file) {
    if (file.size === 0) return { file, kind: 'other' };
    try {
      const { plan, named } = await cleaner.plan(file);
      const removed = plan.removed.findings;
      if (!removed.length) return { file, kind: 'clean' };
      return { file, kind: 'cleaned', cleaned: planToFile(plan, file, file.name), removed, named };
    } catch (error) {
      if (error && error.kind === 'unsupported' && !MEDIA.test(file.name) && !/^(image|video)\//.test(file.type)) {
        return { file, kind: DOCUMENT.test(file.name) || /pdf|officedocument|msword|opendocument|zip|audio/.test(file.type) ? 'document' : 'other' };
      }
      return { file, kind: 'failed', reason: reasonFor(error) };
    }
  }

  /** "the exact location, about 2 km from Minneapolis, the camera's serial number and names of people". */
  function summary(removed) {
    const has = (cat) => removed.some((f) => f.category === cat);
    const out = [];
    if (has('location')) {
      const fix = removed.find((f) => f.category === 'location' && f.position && f.position.place);
      const exact = removed.some((f) => f.category === 'location' && f.severity === 'high' && !f.tag.startsWith('Track:'));
      const track = removed.some((f) => f.category === 'location' && f.tag.startsWith('Track:'));
      if (fix) out.push(t('phraseLocationNear', [fix.position.place]));
      else if (exact) out.push(t('phraseLocation'));
      else if (track) out.push(t('phraseTelemetry'));
      else out.push(t('phrasePlace'));
    }
    const rest = [
      ['serial', 'phraseSerial'],
      ['person', 'phrasePerson'],
      ['unique_id', 'phraseUniqueId'],
      ['embedded', 'phraseEmbedded'],
      ['device', 'phraseDevice'],
      ['timestamp', 'phraseTimestamp'],
      ['text', 'phraseText'],
      ['software', 'phraseSoftware'],
    ];
    for (const [cat, key] of rest) if (has(cat)) out.push(t(key));
    const shown = out.length > 3 ? [...out.slice(0, 3), t('andMore')] : out;
    return new Intl.ListFormat(lang, { type: 'conjunction' }).format(shown);
  }

  /**
   * Check `files`, decide with the person where needed, and hand the page
   * what it should get through `how.deliver(list)`. `how.undo` says whether
   * the originals can replace the cleaned files afterwards (file inputs).
   */
  async function guard(files, how) {
    await settingsLoaded;
    const mode = modeHere();
    const card = ui.card();
    card.working(files.length === 1 ? t('working', [files[0].name]) : t('workingMany', [String(files.length)]));
    const results = await Promise.all(files.map(check));

    let useOriginals = false;
    const revealing = results.filter((r) => r.kind === 'cleaned');
    // Town names arrive after the plan; wait a little for them, never for long.
    const named = () => Promise.race([Promise.all(revealing.map((r) => r.named)), new Promise((r) => setTimeout(r, 3000))]);
    if (mode === 'ask' && revealing.length) {
      await named();
      const lines = revealing.map((r) => t('askReveals', [summary(r.removed), r.file.name]));
      const choice = await card.ask(t('askTitle'), lines, [
        ['clean', t('cleanAndAttach')],
        ['original', t('attachOriginal')],
        ['cancel', t('cancel')],
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
      attachFailed = (await card.ask(t('failedTitle'), lines, [['attach', t('attachAnyway')], ['leave', t('leaveOut')]])) === 'attach';
    }

    const delivered = [];
    for (const r of results) {
      if (r.kind === 'failed' && !attachFailed) continue;
      delivered.push(r.kind === 'cleaned' && !useOriginals ? r.cleaned : r.file);
    }
    if (delivered.length) how.deliver(delivered);
    await named();

    const lines = [];
    for (const r of results) {
      if (r.kind === 'cleaned') lines.push(useOriginals ? t('undone', [r.file.name]) : t('removedFrom', [summary(r.removed), r.file.name]));
      else if (r.kind === 'clean') lines.push(t('nothingIn', [r.file.name]));
      else if (r.kind === 'document') lines.push(t('docNote', [r.file.name]));
      else if (r.kind === 'other') lines.push(t('otherNote', [r.file.name]));
      else if (r.kind === 'failed' && !attachFailed) lines.push(t('leftOut', [r.file.name]));
    }
    const undoable = how.undo && !useOriginals && revealing.length > 0;
    const originals = results.filter((r) => r.kind !== 'failed' || attachFailed).map((r) => r.file);
    let undone = false;
    const undo = undoable ? [t('undo'), () => {
      undone = true;
      how.deliver(originals);
      card.info(revealing.map((r) => t('undone', [r.file.name])));
    }] : null;
    card.info(lines, undo);
    if (how.undo && settings.faceChecks) await offerFaces(results, delivered, how, card, lines, () => (undone ? null : undo), () => !undone);
  }

  // ---- Faces in the photos just attached ----
  const FACE_PHOTO = /^image\/(jpeg|png|webp)$/;

  /**
   * Look for faces in the photos handed to a file input (after the fact: it
   * takes a moment, and the cleaned files are already attached), and offer
   * to cover them in the editor. Only for file inputs, whose files can be
   * replaced; a drop or a paste cannot be taken back. `undo()` is the undo
   * action while it applies; `stillAttached()` turns false once it was used.
   */
  async function offerFaces(results, delivered, how, card, lines, undo, stillAttached) {
    const current = delivered.slice();
    const seen = [];
    const photos = results
      .map((r) => ({ r, given: r.kind === 'cleaned' && current.includes(r.cleaned) ? r.cleaned : r.kind === 'clean' && current.includes(r.file) ? r.file : null }))
      .filter(({ r, given }) => given && FACE_PHOTO.test(r.file.type));
    // Say that faces are being looked for (a few seconds for a large photo),
    // so nobody posts thinking the check is over.
    if (photos.length) card.info([...lines, t('facesLooking')], undo());
    for (const { r, given } of photos) {
      try {
        const found = await cleaner.faces(r.file);
        if (found && Array.isArray(found.faces) && found.faces.length) seen.push({ r, given, found });
      } catch {
        // Faces could not be looked for in this photo; what was attached stands.
      }
    }
    const offer = () => {
      // Once the person put the originals back, what was attached is theirs to keep.
      if (!stillAttached()) return;
      const next = seen[0];
      const more = next ? [[t('coverFaces'), () => cover(next), true]] : [];
      const said = seen.map(({ r, found }) => t('facesSeen', [String(found.faces.length), r.file.name]));
      card.info([...lines, ...said], undo(), more);
    };
    let editing = false;
    const cover = async ({ r, given, found }) => {
      if (editing) return;
      editing = true;
      const answer = await openEditor(r.file, found);
      try {
        if (answer.type !== 'regions' || !Array.isArray(answer.regions) || !stillAttached()) return;
        const done = await cleaner.cover(r.file, answer.regions, answer.style === 'pixelate' ? 'pixelate' : 'fill');
        if (!stillAttached() || !(done.bytes instanceof Uint8Array)) return;
        const png = done.format === 'png';
        const name = png ? `${r.file.name.replace(/\.[^.]*$/, '')}.png` : r.file.name;
        const file = new File([done.bytes], name, { type: png ? 'image/png' : 'image/jpeg', lastModified: Date.now() });
        const i = current.indexOf(given);
        if (i >= 0) current[i] = file;
        how.deliver(current);
        seen.shift();
        lines.push(t('facesCovered', [String(Array.isArray(done.covered) ? done.covered.length : 0), r.file.name]));
      } catch (error) {
        seen.shift();
        lines.push(t('facesNotCovered', [r.file.name, reasonFor(error)]));
      } finally {
        editing = false;
        offer();
      }
    };
    if (seen.length) offer();
    else if (photos.length && stillAttached()) card.info([...lines, t('facesNone')], undo());
  }

  // ---- Interception ----
  const busy = new Map();

  function onFileEvent(e) {
    if (!e.isTrusted || ours.has(e)) return;
    const input = e.composedPath()[0];
    if (!(input instanceof HTMLInputElement) || input.type !== 'file') return;
    if (busy.has(input)) {
      e.stopImmediatePropagation();
      return;
    }
    const files = Array.from(input.files || []);
    if (!files.length) return;
    e.stopImmediatePropagation();
    setFiles(input, []); // the page sees nothing until the guard hands the files over
    const job = guard(files, {
      undo: true,
      deliver(list) {
        setFiles(input, list);
        fireInputAndChange(input);
        if (input.hasAttribute('data-silbato-detached')) {
          // Opened while detached (see main-world.js): detach it again.
          const holder = input.parentNode;
          input.removeAttribute('data-silbato-detached');
          input.remove();
          if (holder && holder.localName === 'silbato-holder' && !holder.firstChild) holder.remove();
        }
      },
    })
      .catch(() => {})
      .finally(() => busy.delete(input));
    busy.set(input, job);
  }

  function onDrop(e) {
    if (!e.isTrusted || ours.has(e)) return;
    const files = Array.from((e.dataTransfer && e.dataTransfer.files) || []);
    if (!files.length) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const target = e.composedPath()[0];
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
    const input = target instanceof HTMLInputElement && target.type === 'file' ? target : null;
    guard(files, {
      undo: !!input,
      deliver(list) {
        if (input) {
          setFiles(input, input.multiple ? list : list.slice(0, 1));
          fireInputAndChange(input);
          return;
        }
        const dt = new DataTransfer();
        for (const f of list) dt.items.add(f);
        fire(target, new DragEvent('drop', { ...init, dataTransfer: dt }));
      },
    }).catch(() => {});
  }

  function onPaste(e) {
    if (!e.isTrusted || ours.has(e)) return;
    const data = e.clipboardData;
    const files = Array.from((data && data.files) || []);
    if (!files.length) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const target = e.composedPath()[0];
    const text = {};
    for (const type of data.types) if (type !== 'Files') text[type] = data.getData(type);
    guard(files, {
      undo: false,
      deliver(list) {
        const dt = new DataTransfer();
        for (const [type, value] of Object.entries(text)) dt.setData(type, value);
        for (const f of list) dt.items.add(f);
        const ev = fire(target, new ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true, clipboardData: dt }));
        if (!ev.defaultPrevented) insertPasted(target, list).catch(() => {});
      },
    }).catch(() => {});
  }

  /** What the browser would have done with a pasted image in an editable element. */
  async function insertPasted(target, files) {
    const editable = target instanceof Element && target.isContentEditable ? target : null;
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

  /** A form submitted while its files are being checked waits for them. */
  function onSubmit(e) {
    const form = e.target;
    const pending = [...busy.entries()].filter(([input]) => input.form === form);
    if (!pending.length) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const submitter = e.submitter || undefined;
    Promise.allSettled(pending.map(([, job]) => job)).then(() => form.requestSubmit(submitter));
  }

  window.addEventListener('input', onFileEvent, true);
  window.addEventListener('change', onFileEvent, true);
  window.addEventListener('drop', onDrop, true);
  window.addEventListener('paste', onPaste, true);
  window.addEventListener('submit', onSubmit, true);
}
