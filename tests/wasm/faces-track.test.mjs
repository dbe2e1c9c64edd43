// The tracker that turns faces found on one frame in every few into a box
// on every frame (js/faces-track.js) and the review's plan on top of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { assign, boxesByFrame, linkTracks, overlap } from '../../js/faces-track.js';
import { planBoxes } from '../../js/faces-video-review.js';
import { frameAt, withCrowd } from '../../js/video-faces.js';

const box = (x, y, side = 40) => ({ x, y, width: side, height: side });

test('a face found at frames 10 and 14 is covered at 11, 12 and 13, where it was in between', () => {
  const tracks = linkTracks([
    { frame: 10, boxes: [box(100, 100)] },
    { frame: 14, boxes: [box(120, 100)] },
  ]);
  assert.equal(tracks.length, 1);
  const frames = boxesByFrame(tracks, 20);
  for (const f of [10, 11, 12, 13, 14]) assert.equal(frames[f].length, 1, `frame ${f}`);
  assert.deepEqual(frames[11][0], { x: 105, y: 100, width: 40, height: 40, track: 1 });
  assert.deepEqual(frames[12][0], { x: 110, y: 100, width: 40, height: 40, track: 1 });
  assert.deepEqual(frames[13][0], { x: 115, y: 100, width: 40, height: 40, track: 1 });
  assert.equal(frames[9].length, 0);
  assert.equal(frames[15].length, 0);
});

test('a box is held for `hold` frames after the face is last seen and `lead` frames before it is first seen', () => {
  const tracks = linkTracks([
    { frame: 0, boxes: [] },
    { frame: 5, boxes: [box(10, 10)] },
    { frame: 10, boxes: [] },
  ]);
  const frames = boxesByFrame(tracks, 20, { lead: 4, hold: 3 });
  const covered = frames.map((b, f) => (b.length ? f : -1)).filter((f) => f >= 0);
  assert.deepEqual(covered, [1, 2, 3, 4, 5, 6, 7, 8]);
});

test('a face missed on one searched frame stays one track within the bridge', () => {
  const tracks = linkTracks(
    [
      { frame: 0, boxes: [box(0, 0)] },
      { frame: 5, boxes: [] },
      { frame: 10, boxes: [box(20, 0)] },
    ],
    { bridge: 15 },
  );
  assert.equal(tracks.length, 1);
  const frames = boxesByFrame(tracks, 11);
  assert.ok(frames.every((b) => b.length === 1));
  assert.equal(frames[5][0].x, 10);
  // Beyond the bridge it is a new face.
  assert.equal(linkTracks([{ frame: 0, boxes: [box(0, 0)] }, { frame: 30, boxes: [box(0, 0)] }], { bridge: 15 }).length, 2);
});

test('two faces moving past each other keep their own tracks', () => {
  const tracks = linkTracks([
    { frame: 0, boxes: [box(0, 0), box(300, 0)] },
    { frame: 5, boxes: [box(310, 5), box(10, 5)] },
  ]);
  assert.equal(tracks.length, 2);
  const [a, b] = tracks;
  assert.equal(a.points[1].box.x, 10);
  assert.equal(b.points[1].box.x, 310);
});

test('faces far apart or of very different size are not linked', () => {
  assert.equal(linkTracks([{ frame: 0, boxes: [box(0, 0)] }, { frame: 5, boxes: [box(500, 500)] }]).length, 2);
  assert.equal(linkTracks([{ frame: 0, boxes: [box(0, 0, 20)] }, { frame: 5, boxes: [box(0, 0, 200)] }]).length, 2);
});

test('a removed track covers nothing; a track ending with a box the person added is held to the end', () => {
  const found = {
    frames: 30,
    step: 5,
    searched: [0, 5, 10, 15, 20, 25].map((frame) => ({ frame, boxes: frame === 10 ? [box(200, 200)] : [] })),
  };
  const none = planBoxes(found);
  assert.equal(none.tracks.length, 1);
  assert.equal(planBoxes(found, { removed: new Set([none.tracks[0].id]) }).boxes.flat().length, 0);
  const added = planBoxes(found, { added: [{ frame: 5, box: box(0, 0) }] });
  const manual = added.tracks.find((t) => t.points[0].manual);
  const covered = added.boxes.map((b, f) => (b.some((x) => x.track === manual.id) ? f : -1)).filter((f) => f >= 0);
  assert.equal(covered[covered.length - 1], 29);
});

test('a box added on a face the detector sees later follows it', () => {
  const found = {
    frames: 20,
    step: 5,
    searched: [0, 5, 10, 15].map((frame) => ({ frame, boxes: frame >= 10 ? [box(100 + frame * 4, 100)] : [] })),
  };
  const plan = planBoxes(found, { added: [{ frame: 5, box: box(125, 100) }] });
  assert.equal(plan.tracks.length, 1);
  assert.equal(plan.boxes[15][0].x, 160);
});

test('overlap and frameAt', () => {
  assert.equal(overlap(box(0, 0), box(0, 0)), 1);
  assert.equal(overlap(box(0, 0), box(100, 100)), 0);
  const ts = [0, 1 / 30, 2 / 30, 3 / 30];
  assert.equal(frameAt(ts, 0), 0);
  assert.equal(frameAt(ts, 2 / 30), 2);
  assert.equal(frameAt(ts, 2.5 / 30), 2);
  assert.equal(frameAt(ts, 10), 3);
});

test('a face moving more than its width between searches is one track, and neighbours standing still stay two', () => {
  // 56 px faces moving 63 px to the left every 8 frames (a panned video).
  const moving = Array.from({ length: 12 }, (_, k) => ({ frame: 8 * k, boxes: [box(1000 - 63 * k, 500, 56)] }));
  assert.equal(linkTracks(moving, { bridge: 32 }).length, 1);
  const pair = Array.from({ length: 5 }, (_, k) => ({ frame: 8 * k, boxes: [box(100, 100), box(150, 100)] }));
  const tracks = linkTracks(pair, { bridge: 32 });
  assert.equal(tracks.length, 2);
  for (const t of tracks) assert.ok(t.points.every((p) => p.box.x === t.points[0].box.x));
});

test("neighbours moving together keep their tracks when one's box lands where the other was (the same as the CLI's tracker)", () => {
  // Two faces of a group 80 px apart, panned 63 px between searches.
  const right = { x: 1422, y: 626, width: 106, height: 116 };
  const left = { x: 1342, y: 652, width: 96, height: 106 };
  const right2 = { x: 1366, y: 638, width: 96, height: 105 };
  const left2 = { x: 1282, y: 654, width: 94, height: 103 };
  assert.ok(overlap(left, right2) > overlap(right, right2), 'the trap is set');
  const tracks = linkTracks([{ frame: 0, boxes: [right, left] }, { frame: 8, boxes: [left2, right2] }], { bridge: 24 });
  assert.equal(tracks.length, 2);
  assert.deepEqual(tracks[0].points.map((p) => p.box), [right, right2]);
  assert.deepEqual(tracks[1].points.map((p) => p.box), [left, left2]);
});

test('the assignment is the cheapest in all, not the greediest', () => {
  assert.deepEqual(assign([[1, 2], [2, 10]], 2), [1, 0]);
  assert.deepEqual(assign([[5, 1, 9]], 3), [1]);
  assert.deepEqual(assign([], 3), []);
});

test('withCrowd adds the crowd search\'s faces that the scaled-down search did not find, once', () => {
  const big = { x: 100, y: 100, width: 80, height: 80 };
  const small = { x: 400, y: 50, width: 24, height: 24 };
  // The same face found by both (a little apart), and one inside a box found already.
  const again = { x: 104, y: 98, width: 78, height: 82 };
  const inside = { x: 120, y: 120, width: 30, height: 30 };
  assert.deepEqual(withCrowd([big], [again, small, inside]), [big, small]);
  assert.deepEqual(withCrowd([], [small]), [small]);
  assert.deepEqual(withCrowd([big], []), [big]);
});
