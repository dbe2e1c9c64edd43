// The face editor, shared by the offline page and the extension: shows a
// photo upright with a box over each face found, and lets the person add,
// move, resize and remove boxes and paint over anything else (a tattoo, a
// street sign, a licence plate), by mouse, touch and keyboard. It returns
// the regions to cover, in the upright photo's pixels; the core covers them
// (redactRegions). It never covers anything itself and sends nothing.
//
// Keyboard: Tab reaches each box; arrows move it, Shift+arrows resize it,
// Delete or Backspace removes it; "Add a box" puts a new one in the middle.
// Escape cancels.
import { h } from './dom.js';

/** Painted cells are this fraction of the photo's long side. */
const BRUSH = 0.03;
const MAX_REGIONS = 4000;

/**
 * The editor's words from the message files (the `editor…` keys):
 * `t(key, subs)` and `plural(key, n, subs)` of js/i18n.js; `saveKey` names
 * the save button (the page saves, the extension attaches).
 */
export function editorWords(t, plural, saveKey) {
  return {
    title: t('editorTitle'),
    hint: t('editorHint'),
    photo: t('editorPhoto'),
    addBox: t('editorAddBox'),
    paint: t('editorPaint'),
    style: t('editorStyle'),
    fill: t('editorFill'),
    pixelate: t('editorPixelate'),
    save: t(saveKey),
    cancel: t('editorCancel'),
    why: t('editorWhy'),
    box: (i, n) => t('editorBox', [String(i), String(n)]),
    count: (n, painted) => plural(painted ? 'editorCountPainted' : 'editorCount', n),
  };
}

/**
 * Open the editor. `found` is the core's answer ({ width, height, covering }).
 * `t` holds the words (`editorWords`). Resolves to
 * { regions, style: 'fill' | 'pixelate' }, or null when cancelled.
 */
export async function editFaces({ file, found, t, parent = document.body }) {
  const { width: W, height: H } = found;
  const boxes = found.covering.map((r) => ({ ...r }));
  const cell = Math.max(4, Math.round(Math.max(W, H) * BRUSH));
  const painted = new Set(); // "col,row" of painted cells
  let painting = false;

  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
  const canvas = h('canvas', { class: 'fe-photo', width: Math.round(bitmap.width * scale), height: Math.round(bitmap.height * scale), role: 'img', 'aria-label': t.photo });
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const paintLayer = h('canvas', { class: 'fe-paint', width: canvas.width, height: canvas.height, 'aria-hidden': 'true' });
  const layer = h('div', { class: 'fe-boxes' });
  const stage = h('div', { class: 'fe-stage' }, canvas, paintLayer, layer);
  stage.style.aspectRatio = `${W} / ${H}`;
  // As wide as the dialog, unless that makes it taller than 62 % of the screen.
  stage.style.width = `min(100%, calc(62vh * ${W / H}))`;

  const count = h('p', { class: 'fe-count', role: 'status', 'aria-live': 'polite' });
  const paintButton = h('button', { type: 'button', 'aria-pressed': 'false', class: 'fe-paint-toggle' }, t.paint);
  const addButton = h('button', { type: 'button', class: 'fe-add' }, t.addBox);
  const fill = h('input', { type: 'radio', name: 'fe-style', value: 'fill', checked: true });
  const pixelate = h('input', { type: 'radio', name: 'fe-style', value: 'pixelate' });
  const save = h('button', { type: 'button', class: 'primary fe-save' }, t.save);
  const cancel = h('button', { type: 'button', class: 'fe-cancel' }, t.cancel);
  const dialog = h(
    'dialog',
    { class: 'fe', 'aria-labelledby': 'fe-title' },
    h('h2', { id: 'fe-title' }, t.title),
    h('p', { class: 'fe-hint' }, t.hint),
    stage,
    count,
    h('div', { class: 'fe-tools' }, addButton, paintButton, h('fieldset', { class: 'fe-style' }, h('legend', {}, t.style), h('label', {}, fill, ' ', t.fill), h('label', {}, pixelate, ' ', t.pixelate))),
    h('p', { class: 'fe-why' }, t.why),
    h('div', { class: 'fe-actions' }, save, cancel),
  );

  const clampBox = (b) => {
    b.width = Math.max(8, Math.min(W, Math.round(b.width)));
    b.height = Math.max(8, Math.min(H, Math.round(b.height)));
    b.x = Math.max(0, Math.min(W - b.width, Math.round(b.x)));
    b.y = Math.max(0, Math.min(H - b.height, Math.round(b.y)));
  };
  const place = (el, b) => {
    el.style.left = `${(100 * b.x) / W}%`;
    el.style.top = `${(100 * b.y) / H}%`;
    el.style.width = `${(100 * b.width) / W}%`;
    el.style.height = `${(100 * b.height) / H}%`;
  };
  const drawBoxes = (focusIndex) => {
    const els = boxes.map((b, i) => {
      const el = h('div', { class: 'fe-box', tabindex: '0', role: 'button', 'aria-label': t.box(i + 1, boxes.length), 'data-index': String(i) }, h('span', { class: 'fe-handle', 'aria-hidden': 'true' }));
      place(el, b);
      return el;
    });
    layer.replaceChildren(...els);
    count.textContent = t.count(boxes.length, painted.size > 0);
    if (focusIndex != null && els[focusIndex]) els[focusIndex].focus();
  };
  const drawPaint = () => {
    const cx = paintLayer.getContext('2d');
    cx.clearRect(0, 0, paintLayer.width, paintLayer.height);
    cx.fillStyle = 'rgba(0, 0, 0, 0.85)';
    const k = paintLayer.width / W;
    for (const key of painted) {
      const [c, r] = key.split(',').map(Number);
      cx.fillRect(c * cell * k, r * cell * k, Math.ceil(cell * k), Math.ceil(cell * k));
    }
  };

  // Pointer: move a box, resize it by its corner, or paint.
  const toPhoto = (e) => {
    const r = stage.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * W, y: ((e.clientY - r.top) / r.height) * H };
  };
  let drag = null;
  const paintAt = (p) => {
    const half = cell; // the brush covers the cell under the pointer and its neighbours
    for (let y = p.y - half; y <= p.y + half; y += cell) {
      for (let x = p.x - half; x <= p.x + half; x += cell) {
        if (x < 0 || y < 0 || x >= W || y >= H) continue;
        painted.add(`${Math.floor(x / cell)},${Math.floor(y / cell)}`);
      }
    }
  };
  stage.addEventListener('pointerdown', (e) => {
    const p = toPhoto(e);
    const boxEl = e.target.closest('.fe-box');
    if (painting) {
      drag = { kind: 'paint' };
      paintAt(p);
      drawPaint();
    } else if (boxEl) {
      const i = Number(boxEl.dataset.index);
      drag = { kind: e.target.classList.contains('fe-handle') ? 'resize' : 'move', i, start: p, box: { ...boxes[i] }, el: boxEl };
      boxEl.focus();
    } else {
      return;
    }
    e.preventDefault();
    stage.setPointerCapture(e.pointerId);
  });
  stage.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const p = toPhoto(e);
    if (drag.kind === 'paint') {
      paintAt(p);
      drawPaint();
      return;
    }
    const b = boxes[drag.i];
    if (drag.kind === 'move') {
      b.x = drag.box.x + (p.x - drag.start.x);
      b.y = drag.box.y + (p.y - drag.start.y);
    } else {
      b.width = drag.box.width + (p.x - drag.start.x);
      b.height = drag.box.height + (p.y - drag.start.y);
    }
    clampBox(b);
    place(drag.el, b);
  });
  const endDrag = () => {
    if (drag && drag.kind === 'paint') count.textContent = t.count(boxes.length, painted.size > 0);
    drag = null;
  };
  stage.addEventListener('pointerup', endDrag);
  stage.addEventListener('pointercancel', endDrag);

  // Keyboard on a box.
  layer.addEventListener('keydown', (e) => {
    const el = e.target.closest('.fe-box');
    if (!el) return;
    const i = Number(el.dataset.index);
    const b = boxes[i];
    const step = Math.max(1, Math.round(Math.max(W, H) / 100)) * (e.altKey ? 0.2 : 1);
    const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
    if (d) {
      if (e.shiftKey) {
        b.width += d[0];
        b.height += d[1];
      } else {
        b.x += d[0];
        b.y += d[1];
      }
      clampBox(b);
      place(el, b);
      e.preventDefault();
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      boxes.splice(i, 1);
      drawBoxes(Math.min(i, boxes.length - 1));
      if (!boxes.length) addButton.focus();
      e.preventDefault();
    }
  });
  addButton.addEventListener('click', () => {
    const side = Math.round(Math.min(W, H) / 5);
    boxes.push({ x: Math.round((W - side) / 2), y: Math.round((H - side) / 2), width: side, height: side });
    drawBoxes(boxes.length - 1);
  });
  paintButton.addEventListener('click', () => {
    painting = !painting;
    paintButton.setAttribute('aria-pressed', String(painting));
    stage.classList.toggle('painting', painting);
  });

  drawBoxes();
  parent.append(dialog);
  dialog.showModal();
  const answer = await new Promise((resolve) => {
    save.addEventListener('click', () => resolve({ regions: regions(), style: pixelate.checked ? 'pixelate' : 'fill' }));
    cancel.addEventListener('click', () => resolve(null));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      resolve(null);
    });
  });
  dialog.close();
  dialog.remove();
  return answer;

  /** Boxes, then painted cells merged into runs along each row. */
  function regions() {
    const out = boxes.map((b) => ({ x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) }));
    const rows = new Map();
    for (const key of painted) {
      const [c, r] = key.split(',').map(Number);
      if (!rows.has(r)) rows.set(r, []);
      rows.get(r).push(c);
    }
    for (const [r, cols] of rows) {
      cols.sort((a, b) => a - b);
      let start = cols[0];
      for (let i = 1; i <= cols.length; i++) {
        if (i < cols.length && cols[i] === cols[i - 1] + 1) continue;
        const end = cols[i - 1];
        out.push({ x: start * cell, y: r * cell, width: Math.min(W - start * cell, (end - start + 1) * cell), height: Math.min(H - r * cell, cell) });
        if (i < cols.length) start = cols[i];
      }
    }
    return out.slice(0, MAX_REGIONS);
  }
}
