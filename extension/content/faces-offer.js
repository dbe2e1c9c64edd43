// Faces in the photos just attached through a file input: looked for after
// the cleaned files are handed over (it takes a moment), and offered for
// covering in the face editor, an extension page shown over the whole page
// in its own closed shadow root (messages: js/messages.js, `editor`).
import { randomId } from '../../js/random.js';
import { api, ownOrigin, plural, t } from '../../js/ext.js';
import { isMessage } from '../../js/messages.js';
import { reasonFor } from './check.js';
import * as cleaner from './cleaner-client.js';
import { shadowHost } from './notice.js';

/** Resolves with the editor's answer: { type: 'regions', regions, style } | { type: 'cancelled' }. */
export function openEditor(file, found) {
  return new Promise((resolve) => {
    const token = randomId();
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
        iframe.contentWindow.postMessage({ silbato: token }, ownOrigin(), [channel.port2]);
      },
      { once: true },
    );
    (document.documentElement || document.body || document).appendChild(host);
  });
}

const FACE_PHOTO = /^image\/(jpeg|png|webp)$/;

/**
 * Look for faces in the photos handed to a file input (after the fact: it
 * takes a moment, and the cleaned files are already attached), and offer
 * to cover them in the editor. Only for file inputs, whose files can be
 * replaced; a drop or a paste cannot be taken back. `undo()` is the undo
 * action while it applies; `stillAttached()` turns false once it was used.
 */
export async function offerFaces(results, delivered, how, card, lines, undo, stillAttached) {
  const current = delivered.slice();
  const seen = [];
  // Photos whose face search did not run or failed: said as such, never as "no faces".
  const failed = [];
  const photos = results
    .map((r) => ({ r, given: r.cleaned && current.includes(r.cleaned) ? r.cleaned : null }))
    .filter(({ r, given }) => given && FACE_PHOTO.test(r.file.type));
  // Say that faces are being looked for (a few seconds for a large photo),
  // so nobody posts thinking the check is over.
  if (photos.length) card.info([...lines, t('facesLooking')], undo(), [], true);
  for (const { r, given } of photos) {
    try {
      const found = await cleaner.faces(r.file);
      if (!found || !Array.isArray(found.faces)) failed.push(r);
      else if (found.faces.length) seen.push({ r, given, found });
    } catch {
      // Faces could not be looked for in this photo; what was attached stands, and the notice says so.
      failed.push(r);
    }
  }
  const notSearched = () => failed.map((r) => t('facesFailed', [r.file.name]));
  const offer = () => {
    // Once the person put the originals back, what was attached is theirs to keep.
    if (!stillAttached()) return;
    const next = seen[0];
    const more = next ? [[t('coverFaces'), () => cover(next), true]] : [];
    const said = seen.map(({ r, found }) => plural('facesSeen', found.faces.length, [r.file.name]));
    card.info([...lines, ...said, ...notSearched()], undo(), more, true);
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
      // The name the page was given for this photo (a neutral one, unless names are kept).
      const name = png ? `${given.name.replace(/\.[^.]*$/, '')}.png` : given.name;
      const file = new File([done.bytes], name, { type: png ? 'image/png' : 'image/jpeg', lastModified: Date.now() });
      const i = current.indexOf(given);
      if (i >= 0) current[i] = file;
      how.deliver(current);
      seen.shift();
      lines.push(plural('facesCovered', Array.isArray(done.covered) ? done.covered.length : 0, [r.file.name]));
    } catch (error) {
      seen.shift();
      lines.push(t('facesNotCovered', [r.file.name, reasonFor(error)]));
    } finally {
      editing = false;
      offer();
    }
  };
  if (seen.length) offer();
  else if (photos.length && stillAttached()) card.info([...lines, ...notSearched(), ...(failed.length < photos.length ? [t('facesNone')] : [])], undo(), [], true);
}
