// The review of a video's faces before anything is encoded, in the same
// dialog style as the photo editor (js/face-editor.js, whose classes it
// reuses): the searched frames on a timeline (marks where faces were found),
// stepping from one frame with faces to the next, each frame shown with the
// boxes that will cover it. The person removes a false box (its whole
// track: it is the same thing on every frame), adds a box that follows
// forward (it joins the face's track where the detector sees it, and is
// held to the end otherwise), and chooses whether to keep the sound.
// It covers nothing and sends nothing; js/video-faces.js does the work.
import { h } from './dom.js';
import { boxesByFrame, linkTracks } from './faces-track.js';

/**
 * The words (`videoReview…` keys): t(key, subs).
 */
export function reviewWords(t, plural) {
  return {
    title: t('videoReviewTitle'),
    hint: t('videoReviewHint'),
    frame: (i, n, faces) => `${t('videoReviewFrame', [String(i), String(n)])} · ${plural('videoReviewFaces', faces)}`,
    previous: t('videoReviewPrevious'),
    next: t('videoReviewNext'),
    timeline: t('videoReviewTimeline'),
    remove: t('videoReviewRemove'),
    addBox: t('editorAddBox'),
    box: (i, n) => t('videoReviewBox', [String(i), String(n)]),
    removeSound: t('videoReviewRemoveSound'),
    save: t('videoReviewSave'),
    cancel: t('editorCancel'),
    why: t('editorWhy'),
  };
}

/** The tracks and boxes for `found` with the person's edits so far. */
export function planBoxes(found, { added = [], removed = new Set() } = {}) {
  const sightings = found.searched.map((s) => ({ frame: s.frame, boxes: [...s.boxes, ...added.filter((a) => a.frame === s.frame).map((a) => ({ ...a.box, manual: true }))] }));
  // The same timing as the CLI's (src/faces/track.rs, Timing::for_step):
  // bridged over six searches, held three before and after, since a face
  // turned or blurred is often missed on several searches in a row.
  const tracks = linkTracks(sightings, { bridge: found.step * 6 });
  const margin = found.step * 3;
  return { tracks, boxes: boxesByFrame(tracks, found.frames, { lead: margin, hold: margin, removed }) };
}

/**
 * Open the review. Resolves to { added, removed, keepSound } or null when
 * cancelled. `hasSound` says whether the video has a sound track.
 */
export async function reviewVideoFaces({ found, hasSound, t, parent = document.body }) {
  const { width: W, height: H, searched } = found;
  const added = [];
  const removed = new Set();
  let plan = planBoxes(found, { added, removed });
  let at = Math.max(0, searched.findIndex((s) => s.boxes.length));
  let selected = null;

  const img = h('img', { class: 'fe-photo', alt: '' });
  const layer = h('div', { class: 'fe-boxes' });
  const stage = h('div', { class: 'fe-stage' }, img, layer);
  stage.style.aspectRatio = `${W} / ${H}`;
  stage.style.width = `min(100%, calc(52vh * ${W / H}))`;
  const where = h('p', { class: 'fe-count', role: 'status', 'aria-live': 'polite' });
  const slider = h('input', { type: 'range', min: '0', max: String(Math.max(0, searched.length - 1)), value: String(at), class: 'vr-slider', 'aria-label': t.timeline });
  const marks = h('div', { class: 'vr-marks', 'aria-hidden': 'true' });
  const previous = h('button', { type: 'button', class: 'vr-previous' }, t.previous);
  const next = h('button', { type: 'button', class: 'vr-next' }, t.next);
  const remove = h('button', { type: 'button', class: 'vr-remove' }, t.remove);
  const add = h('button', { type: 'button', class: 'fe-add' }, t.addBox);
  const noSound = h('input', { type: 'checkbox', class: 'vr-no-sound' });
  const save = h('button', { type: 'button', class: 'primary fe-save' }, t.save);
  const cancel = h('button', { type: 'button', class: 'fe-cancel' }, t.cancel);
  const dialog = h(
    'dialog',
    { class: 'fe vr', 'aria-labelledby': 'vr-title' },
    h('h2', { id: 'vr-title' }, t.title),
    h('p', { class: 'fe-hint' }, t.hint),
    stage,
    where,
    h('div', { class: 'vr-timeline' }, marks, slider),
    h('div', { class: 'fe-tools' }, previous, next, add, remove),
    hasSound ? h('p', {}, h('label', {}, noSound, ' ', t.removeSound)) : '',
    h('p', { class: 'fe-why' }, t.why),
    h('div', { class: 'fe-actions' }, save, cancel),
  );

  const urls = new Map();
  const urlOf = (s) => {
    if (!urls.has(s.frame)) urls.set(s.frame, URL.createObjectURL(s.preview));
    return urls.get(s.frame);
  };
  const drawMarks = () => {
    marks.replaceChildren(
      ...searched.map((s, i) => {
        const m = h('span', { class: plan.boxes[s.frame].length ? 'vr-mark faces' : 'vr-mark' });
        m.style.left = `${(100 * i) / Math.max(1, searched.length - 1)}%`;
        return m;
      }),
    );
  };
  const show = (focusTrack) => {
    const s = searched[at];
    if (!s) return;
    img.src = urlOf(s);
    slider.value = String(at);
    const boxes = plan.boxes[s.frame];
    where.textContent = t.frame(at + 1, searched.length, boxes.length);
    layer.replaceChildren(
      ...boxes.map((b, i) => {
        const el = h('div', { class: `fe-box${b.track === selected ? ' selected' : ''}`, tabindex: '0', role: 'button', 'aria-pressed': String(b.track === selected), 'aria-label': t.box(i + 1, boxes.length), 'data-track': String(b.track) });
        el.style.left = `${(100 * b.x) / W}%`;
        el.style.top = `${(100 * b.y) / H}%`;
        el.style.width = `${(100 * b.width) / W}%`;
        el.style.height = `${(100 * b.height) / H}%`;
        return el;
      }),
    );
    remove.disabled = selected == null || !boxes.some((b) => b.track === selected);
    if (focusTrack != null) layer.querySelector(`[data-track="${focusTrack}"]`)?.focus();
  };
  const replan = () => {
    plan = planBoxes(found, { added, removed });
    drawMarks();
  };
  const step = (d) => {
    for (let i = at + d; i >= 0 && i < searched.length; i += d) {
      if (plan.boxes[searched[i].frame].length) {
        at = i;
        return show();
      }
    }
  };
  previous.addEventListener('click', () => step(-1));
  next.addEventListener('click', () => step(1));
  slider.addEventListener('input', () => {
    at = Number(slider.value);
    show();
  });
  layer.addEventListener('click', (e) => {
    const el = e.target.closest('.fe-box');
    if (!el) return;
    selected = Number(el.dataset.track);
    show(selected);
  });
  const removeSelected = () => {
    if (selected == null) return;
    // A box the person added is taken back; a box the detector found is removed with its track.
    const track = plan.tracks.find((tr) => tr.id === selected);
    if (track && track.points.every((p) => p.manual)) {
      for (const p of track.points) {
        const i = added.findIndex((a) => a.frame === p.frame && a.box.x === p.box.x && a.box.y === p.box.y);
        if (i >= 0) added.splice(i, 1);
      }
    } else {
      removed.add(selected);
    }
    selected = null;
    replan();
    show();
  };
  remove.addEventListener('click', removeSelected);
  layer.addEventListener('keydown', (e) => {
    if (!e.target.closest('.fe-box')) return;
    if (e.key === 'Delete' || e.key === 'Backspace') {
      selected = Number(e.target.dataset.track);
      removeSelected();
      e.preventDefault();
    } else if (e.key === 'Enter' || e.key === ' ') {
      selected = Number(e.target.dataset.track);
      show(selected);
      e.preventDefault();
    }
  });
  // A new box: drawn by dragging on the frame, or put in the middle by the button.
  const addBox = (box) => {
    const b = { x: Math.max(0, Math.round(box.x)), y: Math.max(0, Math.round(box.y)), width: Math.round(box.width), height: Math.round(box.height) };
    b.width = Math.min(W - b.x, Math.max(8, b.width));
    b.height = Math.min(H - b.y, Math.max(8, b.height));
    added.push({ frame: searched[at].frame, box: b });
    replan();
    const track = plan.tracks.find((tr) => tr.points.some((p) => p.frame === searched[at].frame && p.manual && p.box.x === b.x && p.box.y === b.y));
    selected = track ? track.id : null;
    show(selected);
  };
  add.addEventListener('click', () => {
    const side = Math.round(Math.min(W, H) / 5);
    addBox({ x: (W - side) / 2, y: (H - side) / 2, width: side, height: side });
  });
  const toFrame = (e) => {
    const r = stage.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * W, y: ((e.clientY - r.top) / r.height) * H };
  };
  let drag = null;
  stage.addEventListener('pointerdown', (e) => {
    if (e.target.closest('.fe-box')) return;
    drag = toFrame(e);
    stage.setPointerCapture(e.pointerId);
    e.preventDefault();
  });
  stage.addEventListener('pointerup', (e) => {
    if (!drag) return;
    const p = toFrame(e);
    const box = { x: Math.min(p.x, drag.x), y: Math.min(p.y, drag.y), width: Math.abs(p.x - drag.x), height: Math.abs(p.y - drag.y) };
    drag = null;
    if (box.width >= 8 && box.height >= 8) addBox(box);
  });
  stage.addEventListener('pointercancel', () => {
    drag = null;
  });

  drawMarks();
  show();
  parent.append(dialog);
  dialog.showModal();
  const answer = await new Promise((resolve) => {
    save.addEventListener('click', () => resolve({ added, removed, keepSound: !noSound.checked, boxes: plan.boxes }));
    cancel.addEventListener('click', () => resolve(null));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      resolve(null);
    });
  });
  dialog.close();
  dialog.remove();
  for (const url of urls.values()) URL.revokeObjectURL(url);
  return answer;
}
