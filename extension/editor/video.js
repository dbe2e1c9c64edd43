// Faces in a video attached through a file input, as an extension page: the
// upload guard shows it full-screen in a frame inside a closed shadow root
// when someone chooses "Cover faces in the video…" (faces-offer.js). The
// same steps as the offline page's (js/video-faces.js,
// js/faces-video-review.js): faces are looked for on a few frames a second in
// faces workers (one per core, editor/faces-worker.js), the person reviews
// them, and the covered video is encoded here. Progress with the time left,
// and a Stop button, throughout. The answer is the new video, which the
// guard has the cleaner plan and verify like any file before the page gets
// it. The page sees nothing of this.
//
// The messages are in js/messages.js (channels `editor`, `editorAnswer`).
import { h } from '../../js/dom.js';
import { asSilbatoError } from '../../js/errors.js';
import { lang, plural, t } from '../../js/ext.js';
import { facesInWorker } from '../../js/faces.js';
import { reviewVideoFaces, reviewWords } from '../../js/faces-video-review.js';
import { coverVideo, findVideoFaces } from '../../js/video-faces.js';
import { serveEditor } from './port.js';

document.documentElement.lang = lang;

/** One faces worker per core (two at most) for one video's search; `close()` stops them (their memory goes with them). */
function detectors() {
  const n = Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1));
  const workers = Array.from({ length: n }, () => facesInWorker(new URL('./faces-worker.js', import.meta.url)));
  let turn = 0;
  return {
    detect: (blob) => workers[turn++ % n].detect(blob),
    crowd: (blob) => workers[turn++ % n].crowd(blob),
    concurrency: n,
    close: () => workers.forEach((w) => w.close()),
  };
}

/** The dialog that shows how far the work has got, with Stop (also Escape). */
function progressDialog(abort) {
  const status = h('p', { class: 'fe-count', role: 'status', 'aria-live': 'polite' });
  const bar = h('progress', { class: 'video-progress', max: '1', value: '0' });
  bar.style.width = '100%';
  const stop = h('button', { type: 'button', class: 'cancel-video' }, t('pageVideoCancel'));
  stop.addEventListener('click', () => abort.abort());
  const dialog = h('dialog', { class: 'fe vw', 'aria-labelledby': 'vw-title' }, h('h2', { id: 'vw-title' }, t('videoWorkTitle')), status, bar, h('div', { class: 'fe-actions' }, stop));
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    abort.abort();
  });
  let shown = 0;
  return {
    open() {
      if (!dialog.isConnected) document.body.append(dialog);
      if (!dialog.open) dialog.showModal();
      stop.focus();
    },
    close() {
      if (dialog.open) dialog.close();
      dialog.remove();
    },
    show(phase, { done = 0, of = 0, secondsLeft = null } = {}, force = false) {
      if (!force && performance.now() - shown < 250) return;
      shown = performance.now();
      bar.max = String(of || 1);
      bar.value = String(Math.min(done, of || 1));
      const left = secondsLeft != null ? ` ${plural('pageTimeLeft', secondsLeft)}` : '';
      // Before the first frame is read, how many there are is not known yet.
      if (!of) status.textContent = t('videoWorkOpening');
      else status.textContent = t(phase === 'covering' ? 'pageVideoCovering' : 'pageVideoFinding', [String(done), String(of)]) + left;
    },
  };
}

/** Find, review, cover: the answer for the guard (js/messages.js, `editorAnswer`). */
async function coverFaces(file) {
  const abort = new AbortController();
  const { signal } = abort;
  const work = progressDialog(abort);
  work.show('finding', {}, true);
  work.open();
  try {
    const searching = detectors();
    let found;
    try {
      found = await findVideoFaces(file, { ...searching, signal, progress: (p) => work.show('finding', p) });
    } finally {
      searching.close();
    }
    work.close();
    const answer = await reviewVideoFaces({ found, hasSound: found.hasSound, t: reviewWords(t, plural) });
    if (!answer) return { type: 'cancelled' };
    const faces = new Set(answer.boxes.flat().map((b) => b.track)).size;
    // Nothing to cover and the sound kept: the attached video stays as it is.
    if (!faces && answer.keepSound) return { type: 'cancelled' };
    work.show('covering', { done: 0, of: found.frames }, true);
    work.open();
    const { blob, sound } = await coverVideo(file, answer.boxes, { timestamps: found.timestamps, keepSound: answer.keepSound, bitrate: found.bitrate, signal, progress: (p) => work.show('covering', p) });
    return { type: 'video', file: blob, faces, sound };
  } catch (e) {
    if (e && e.name === 'AbortError') return { type: 'cancelled' };
    if (e && e.codec) return { type: 'failed', why: 'codec' };
    if (e && e.sound) return { type: 'failed', why: 'sound' };
    return { type: 'failed', why: 'error', error: asSilbatoError(e).toReport() };
  } finally {
    work.close();
  }
}

serveEditor((data) => (data.type === 'video' ? coverFaces(data.file) : { type: 'cancelled' }));
