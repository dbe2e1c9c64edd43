// Faces in a video are looked for on one frame in every few (the detector
// costs far more than decoding); this turns those sightings into a box for
// every frame, so that a face is covered in each frame it appears in:
//   - the same face seen on two searched frames is one track, and its box
//     moves in a straight line between them (found at 10 and 14: covered at
//     11, 12 and 13, where it was in between);
//   - a track is held for `hold` frames after it was last seen, over both
//     where it was and where it was going at its last speed, and likewise
//     for `lead` frames before it was first seen (it may have come in since
//     the previous search, or the detector may have missed it once);
//   - a face missed on one searched frame (turned away, blurred) joins its
//     track again if it is seen within `bridge` frames;
//   - boxes the person adds (`manual`) join the nearest track like any
//     sighting, and a track ending with one is held to the end of the video
//     (nobody has to add it again on every frame);
//   - tracks the person removed (`removed`, by id) cover nothing.
// Pure and synchronous: the page calls it again after each edit.

/** How far two boxes overlap (intersection over union, 0…1). */
export function overlap(a, b) {
  const x = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const y = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = x * y;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Whether box `b` is plausibly the face expected at `a` a few frames later:
 * they overlap, or `b`'s centre is within `reach` faces' widths of `a`'s and
 * neither is more than twice the other's size.
 */
function sameFace(a, b, reach) {
  if (overlap(a, b) > 0.1) return true;
  const side = reach * Math.max(a.width, a.height, b.width, b.height);
  const dx = a.x + a.width / 2 - (b.x + b.width / 2);
  const dy = a.y + a.height / 2 - (b.y + b.height / 2);
  const ratio = Math.max(a.width, b.width) / Math.max(1, Math.min(a.width, b.width));
  return Math.hypot(dx, dy) < side && ratio < 2;
}

/** A pairing that cannot be (never chosen: leaving the track unseen costs less). */
const NOT_THIS_ONE = 1e6;
/** A track not seen on this frame: more than any pairing `sameFace` allows. */
const NOT_SEEN = 2;

/** How far apart two boxes' centres are, in sides of the larger. */
function distance(a, b) {
  const side = Math.max(1, a.width, a.height, b.width, b.height);
  return Math.hypot(a.x + a.width / 2 - (b.x + b.width / 2), a.y + a.height / 2 - (b.y + b.height / 2)) / side;
}

/**
 * Each row's column in the assignment of rows to distinct columns (at least
 * as many as rows) with the least total cost: the Hungarian method in its
 * potentials form, as src/faces/track.rs has it.
 */
export function assign(cost, columns) {
  const n = cost.length;
  const m = Math.max(columns, n);
  const at = (i, j) => cost[i - 1]?.[j - 1] ?? NOT_THIS_ONE;
  const u = new Array(n + 1).fill(0);
  const v = new Array(m + 1).fill(0);
  const owner = new Array(m + 1).fill(0);
  const way = new Array(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    owner[0] = i;
    let j0 = 0;
    const least = new Array(m + 1).fill(Infinity);
    const used = new Array(m + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = owner[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const reduced = at(i0, j) - u[i0] - v[j];
        if (reduced < least[j]) {
          least[j] = reduced;
          way[j] = j0;
        }
        if (least[j] < delta) {
          delta = least[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[owner[j]] += delta;
          v[j] -= delta;
        } else least[j] -= delta;
      }
      j0 = j1;
    } while (owner[j0] !== 0);
    while (j0 !== 0) {
      const j1 = way[j0];
      owner[j0] = owner[j1];
      j0 = j1;
    }
  }
  const column = new Array(n).fill(-1);
  for (let j = 1; j <= m; j++) if (owner[j]) column[owner[j] - 1] = j - 1;
  return column;
}

/**
 * Where a track's face is expected on `frame`, and how far from there it may
 * be: moved on at the speed of its last two sightings, within a face's
 * width; or, seen once, where it was, within one and a half (a face in a
 * panned video moves about its own width between searches). The same rule
 * as the CLI's (src/faces/track.rs).
 */
function expected(track, frame) {
  const n = track.points.length;
  const b = track.points[n - 1];
  const a = track.points[n - 2];
  if (a && b.frame > a.frame && frame > b.frame) return { at: lerp(a.box, b.box, 1 + (frame - b.frame) / (b.frame - a.frame)), reach: 1 };
  return { at: b.box, reach: 1.5 };
}

/**
 * Link sightings into tracks. `sightings` is [{ frame, boxes: [{x, y,
 * width, height, manual?}] }] for each searched frame (frames with no face
 * too), in any order. Returns [{ id, points: [{ frame, box, manual }] }],
 * ids stable for the same input.
 */
export function linkTracks(sightings, { bridge = 15 } = {}) {
  const tracks = [];
  const open = [];
  for (const { frame, boxes } of [...sightings].sort((a, b) => a.frame - b.frame)) {
    // Each open track takes at most one box of this frame: the pairing with
    // the least distance in all, so neighbours moving together keep their
    // own tracks even when one's box lands nearer the other's last place.
    const rows = [];
    const cost = [];
    for (const track of open) {
      const last = track.points[track.points.length - 1];
      if (frame - last.frame > bridge || last.frame === frame) continue;
      const { at, reach } = expected(track, frame);
      rows.push(track);
      cost.push([...boxes.map((box) => (sameFace(at, box, reach) ? distance(at, box) : NOT_THIS_ONE)), ...open.map(() => NOT_SEEN)]);
    }
    const takenBox = new Set();
    assign(cost, boxes.length + open.length).forEach((col, r) => {
      if (col >= boxes.length || cost[r][col] >= NOT_THIS_ONE || takenBox.has(col)) return;
      takenBox.add(col);
      rows[r].points.push({ frame, box: boxes[col], manual: Boolean(boxes[col].manual) });
    });
    for (const [bi, box] of boxes.entries()) {
      if (takenBox.has(bi)) continue;
      const track = { id: tracks.length + 1, points: [{ frame, box, manual: Boolean(box.manual) }] };
      tracks.push(track);
      open.push(track);
    }
    // Tracks not seen for longer than `bridge` frames are closed.
    for (let i = open.length - 1; i >= 0; i--) if (frame - open[i].points[open[i].points.length - 1].frame > bridge) open.splice(i, 1);
  }
  return tracks;
}

/** The smallest box holding both. */
const union = (a, b) => {
  const x = Math.max(0, Math.min(a.x, b.x));
  const y = Math.max(0, Math.min(a.y, b.y));
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
};
const round = (b) => ({ x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) });
const lerp = (a, b, k) => ({
  x: a.x + (b.x - a.x) * k,
  y: a.y + (b.y - a.y) * k,
  width: a.width + (b.width - a.width) * k,
  height: a.height + (b.height - a.height) * k,
});

/**
 * The boxes to cover on each frame: an array of `frames` arrays of
 * { x, y, width, height, track }. `lead` and `hold` in frames (use at least
 * the search step for both); `removed` is a Set of track ids.
 */
export function boxesByFrame(tracks, frames, { lead = 0, hold = 0, removed = new Set() } = {}) {
  const out = Array.from({ length: frames }, () => []);
  const put = (frame, box, track) => {
    if (frame >= 0 && frame < frames) out[frame].push({ ...round(box), track });
  };
  for (const track of tracks) {
    if (removed.has(track.id)) continue;
    const { points } = track;
    const first = points[0];
    const last = points[points.length - 1];
    // Before it was first seen and after it was last seen: the box also
    // covers where it was coming from and where it was going at its speed.
    const second = points[1];
    const before = points[points.length - 2];
    const coming = (f) => (second && second.frame > first.frame ? union(first.box, lerp(first.box, second.box, (f - first.frame) / (second.frame - first.frame))) : first.box);
    const going = (f) => (before && last.frame > before.frame ? union(last.box, lerp(before.box, last.box, 1 + (f - last.frame) / (last.frame - before.frame))) : last.box);
    for (let f = first.frame - lead; f < first.frame; f++) put(f, coming(f), track.id);
    for (let i = 0; i < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      put(a.frame, a.box, track.id);
      if (b) for (let f = a.frame + 1; f < b.frame; f++) put(f, lerp(a.box, b.box, (f - a.frame) / (b.frame - a.frame)), track.id);
    }
    const until = last.manual ? frames - 1 : last.frame + hold;
    for (let f = last.frame + 1; f <= until; f++) put(f, last.manual ? last.box : going(f), track.id);
  }
  return out;
}

/** Grow a box by `k` of its size on each side (faces' boxes leave hair and ears out), kept inside the frame. */
export function grow(box, k, width, height) {
  const x = Math.max(0, box.x - box.width * k);
  const y = Math.max(0, box.y - box.height * k);
  return {
    x,
    y,
    width: Math.min(width, box.x + box.width * (1 + k)) - x,
    height: Math.min(height, box.y + box.height * (1 + k)) - y,
  };
}
