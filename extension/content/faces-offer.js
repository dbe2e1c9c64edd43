// Faces in the photos and videos just attached through a file input. Photos
// are searched after the cleaned files are handed over (it takes a moment)
// and offered for covering in the face editor; videos are offered at once
// (a search takes minutes) and searched, reviewed and covered in the video
// editor. Both editors are extension pages shown over the whole page in
// their own closed shadow root (messages: js/messages.js, `editor`).
import { html } from '../../js/dom.js';
import { randomId } from '../../js/random.js';
import { api, ownOrigin, plural, sandboxedHere, t } from '../../js/ext.js';
import { isMessage } from '../../js/messages.js';
import { planToFile } from '../../js/plan.js';
import { reasonFor } from './check.js';
import * as cleaner from './cleaner-client.js';
import { forgetHost, shadowHost } from './notice.js';

/** How often the editor's host is checked for a page's tampering. */
const WATCH_MS = 250;

/**
 * Show the editor `page` (editor/editor.html, editor/video.html) and hand it
 * `request`. Resolves with its answer (js/messages.js, `editorAnswer`), or
 * { type: 'cancelled' } once the page tampers with the editor: removes or
 * moves its host, sets an attribute on it (`inert`) or makes the root
 * element inert, or has its frame load again (which would leave a dead
 * frame over everything). The person is never left under an editor they
 * cannot use or leave.
 */
export function openEditor(page, request) {
  // No frame of ours in a sandboxed document (js/ext.js sandboxedHere).
  if (sandboxedHere()) return Promise.resolve({ type: 'cancelled' });
  return new Promise((resolve) => {
    const token = randomId();
    const url = api.runtime.getURL(page);
    const css = ':host { all: initial !important; position: fixed !important; inset: 0 !important; z-index: 2147483647 !important; display: block !important; } iframe { border: 0; width: 100%; height: 100%; display: block; }';
    const { host, root } = shadowHost('silbato-editor', css);
    const style = 'all: initial !important; position: fixed !important; inset: 0 !important; z-index: 2147483647 !important; display: block !important;';
    host.style.cssText = style;
    const placed = host.getAttribute('style');
    const iframe = html('iframe');
    iframe.src = `${url}#${token}`;
    iframe.title = t('editorTitle');
    root.append(iframe);
    const before = document.activeElement;
    let watch = null;
    let done = false;
    const finish = (answer) => {
      if (done) return;
      done = true;
      clearInterval(watch);
      // Hidden at once from inside its closed root (whose !important rules
      // win over anything outside), removed a moment later: tearing the
      // frame down while the click that closed it is still being delivered
      // can stall input. Then no longer one of ours: put back by a page, it
      // is the page's, and the notice fights it.
      root.append(Object.assign(html('style'), { textContent: ':host { display: none !important; }' }));
      setTimeout(() => {
        host.remove();
        forgetHost(host);
      }, 200);
      if (before && typeof before.focus === 'function') before.focus();
      resolve(answer);
    };
    let loads = 0;
    iframe.addEventListener('load', () => {
      // Loaded again (the page took the host out and put it back): the work was handed to the first load only.
      if (++loads > 1) return finish({ type: 'cancelled' });
      const channel = new MessageChannel();
      channel.port1.onmessage = ({ data: raw }) => {
        const data = raw && typeof raw === 'object' ? structuredClone(raw) : null;
        if (!isMessage('editorAnswer', data)) return;
        if (data.type === 'hello') {
          channel.port1.postMessage(request);
          iframe.focus();
          return;
        }
        finish(data);
      };
      iframe.contentWindow.postMessage({ silbato: token }, ownOrigin(), [channel.port2]);
    });
    (document.documentElement || document.body || document).appendChild(host);
    const tampered = () =>
      !host.isConnected ||
      host.parentNode !== document.documentElement ||
      host.getAttributeNames().some((name) => name !== 'style') ||
      host.getAttribute('style') !== placed ||
      document.documentElement.inert;
    watch = setInterval(() => {
      if (tampered()) finish({ type: 'cancelled' });
    }, WATCH_MS);
  });
}

const FACE_PHOTO = /^image\/(jpeg|png|webp)$/;
/** Videos whose faces the video editor covers (the core's format names). */
const FACE_VIDEO = new Set(['mp4', 'mov', '3gp']);

/**
 * Look for faces in the photos handed to a file input (after the fact: it
 * takes a moment, and the cleaned files are already attached), and offer
 * to cover them in the editor; offer the videos' faces at once. Only for
 * file inputs, whose files can be replaced; a drop or a paste cannot be
 * taken back. `undo()` is the undo action while it applies;
 * `stillAttached()` turns false once it was used.
 */
export async function offerFaces(results, delivered, how, card, lines, undo, stillAttached) {
  const current = delivered.slice();
  const seen = [];
  // Photos whose face search did not run or failed: said as such, never as "no faces".
  const failed = [];
  const given = (r) => (r.cleaned && current.includes(r.cleaned) ? r.cleaned : null);
  const photos = results.map((r) => ({ r, given: given(r) })).filter(({ r, given }) => given && FACE_PHOTO.test(r.file.type));
  const videos = results.map((r) => ({ r, given: given(r) })).filter(({ r, given }) => given && FACE_VIDEO.has(r.format));
  if (!photos.length && !videos.length) return;
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
  const noFaces = photos.length > 0 && !seen.length && failed.length < photos.length;
  const offer = () => {
    // Once the person put the originals back, what was attached is theirs to keep.
    if (!stillAttached()) return;
    const next = seen[0];
    const more = next ? [[t('coverFaces'), () => cover(next), true]] : [];
    for (const v of videos) more.push([t('coverVideoFaces', [v.r.file.name]), () => coverVideo(v), more.length === 0]);
    const said = seen.map(({ r, found }) => plural('facesSeen', found.faces.length, [r.file.name]));
    const notSearched = failed.map((r) => t('facesFailed', [r.file.name]));
    const unseen = videos.map(({ r }) => t('videoFacesOffer', [r.file.name]));
    card.info([...lines, ...said, ...notSearched, ...(noFaces ? [t('facesNone')] : []), ...unseen], undo(), more, true);
  };
  /** Put `file` where `was` is among what the page was given, and give it the list again. */
  const replace = (was, file) => {
    const i = current.indexOf(was);
    if (i >= 0) current[i] = file;
    return how.deliver(current);
  };
  let editing = false;
  const cover = async ({ r, given, found }) => {
    if (editing) return;
    editing = true;
    const answer = await openEditor('editor/editor.html', { type: 'edit', file: r.file, found });
    try {
      if (answer.type !== 'regions' || !Array.isArray(answer.regions) || !stillAttached()) return;
      const done = await cleaner.cover(r.file, answer.regions, answer.style === 'pixelate' ? 'pixelate' : 'fill');
      if (!stillAttached() || !(done.bytes instanceof Uint8Array)) return;
      const png = done.format === 'png';
      // The name the page was given for this photo (a neutral one, unless names are kept).
      const name = png ? `${given.name.replace(/\.[^.]*$/, '')}.png` : given.name;
      const file = new File([done.bytes], name, { type: png ? 'image/png' : 'image/jpeg', lastModified: Date.now() });
      replace(given, file);
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
  // A video: found, reviewed and encoded anew in the video editor; the new
  // video is then cleaned and verified by the core like any file before the
  // page gets it in place of the one attached.
  const coverVideo = async (v) => {
    if (editing) return;
    editing = true;
    const { r } = v;
    const drop = () => videos.splice(videos.indexOf(v), 1);
    try {
      const answer = await openEditor('editor/video.html', { type: 'video', file: r.file });
      if (!stillAttached()) return;
      if (answer.type === 'failed') {
        // A sound that cannot be copied may be removed on another try; the rest will not change.
        if (answer.why !== 'sound') drop();
        const why = answer.why === 'error' ? t('videoNotCovered', [r.file.name, reasonFor(answer.error)]) : t(answer.why === 'codec' ? 'videoCodec' : 'videoSound', [r.file.name]);
        lines.push(why);
        return;
      }
      if (answer.type !== 'video') return;
      // The name the page was given for this video (a neutral one, unless names are kept), as an MP4.
      const name = `${v.given.name.replace(/\.[^.]*$/, '')}.mp4`;
      const made = new File([answer.file], name, { type: 'video/mp4' });
      const { plan } = await cleaner.plan(made);
      if (!stillAttached()) return;
      const file = planToFile(plan, made, name);
      if (!replace(v.given, file)) return;
      v.given = file;
      drop();
      const sound = { kept: 'pageVideoSoundKept', removed: 'pageVideoSoundRemoved' }[answer.sound];
      lines.push(answer.faces ? [plural('videoFacesCovered', answer.faces, [r.file.name]), ...(sound ? [t(sound)] : [])].join(' ') : t('videoSoundOnly', [r.file.name]));
    } catch (error) {
      drop();
      lines.push(t('videoNotCovered', [r.file.name, reasonFor(error)]));
    } finally {
      editing = false;
      offer();
    }
  };
  offer();
}
