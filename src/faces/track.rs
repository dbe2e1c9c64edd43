//! Faces in a video: sightings on the searched frames linked into tracks,
//! and the boxes to cover on every frame.
//!
//! Faces are looked for on one frame in every few (the detector costs far
//! more than decoding). This turns those sightings into a box for every
//! frame, so that a face is covered in each frame it appears in:
//! - the same face seen on two searched frames is one track, and its box
//!   moves in a straight line between them (found at 10 and 14: covered at
//!   11, 12 and 13, where it was in between);
//! - a track is held for `hold` frames after it was last seen, over both
//!   where it was and where it was going at its last speed, and likewise
//!   for `lead` frames before it was first seen (it may have come in since
//!   the previous search, or the detector may have missed it once);
//! - a face missed on searched frames (turned away, blurred) joins its
//!   track again if it is seen within `bridge` frames, and is covered on the
//!   frames between.
//!
//! The same rules as the offline page's `js/faces-track.js` (which also
//! takes the person's own boxes and removals); the CLI uses this one.

use super::Region;

/// A face's box on one frame, in the upright frame's pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sighting {
    pub frame: u64,
    pub region: Region,
}

/// One face followed from frame to frame: its sightings, in frame order.
#[derive(Clone, Debug, PartialEq)]
pub struct Track {
    pub points: Vec<Sighting>,
}

/// How tracks are made and held, in frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    /// A face missed for at most this many frames stays the same track.
    pub bridge: u64,
    /// Covered this many frames before it was first seen.
    pub lead: u64,
    /// Covered this many frames after it was last seen.
    pub hold: u64,
}

impl Timing {
    /// For faces searched every `step` frames: a face is held for three
    /// searches before and after, and bridged over six (about 0.75 s and
    /// 1.5 s at four searches a second): in a phone video a face turned or
    /// blurred is often missed on several searches in a row, and covering
    /// a place a moment too long costs less than uncovering a face.
    pub fn for_step(step: u64) -> Timing {
        let step = step.max(1);
        Timing { bridge: 6 * step, lead: 3 * step, hold: 3 * step }
    }
}

/// How far two boxes overlap (intersection over union, 0…1).
pub fn overlap(a: Region, b: Region) -> f64 {
    let x = a.x.saturating_add(a.width).min(b.x.saturating_add(b.width)).saturating_sub(a.x.max(b.x));
    let y = a.y.saturating_add(a.height).min(b.y.saturating_add(b.height)).saturating_sub(a.y.max(b.y));
    let inter = f64::from(x) * f64::from(y);
    let union = f64::from(a.width) * f64::from(a.height) + f64::from(b.width) * f64::from(b.height) - inter;
    if union > 0.0 {
        inter / union
    } else {
        0.0
    }
}

/// Whether box `b` is plausibly the face expected at `a` a few frames
/// later: they overlap, or `b`'s centre is within `reach` faces' widths of
/// `a`'s and neither is more than twice the other's size.
fn same_face(a: Region, b: Region, reach: f64) -> bool {
    if overlap(a, b) > 0.1 {
        return true;
    }
    let side = reach * f64::from(a.width.max(a.height).max(b.width).max(b.height));
    let centre = |r: Region| (f64::from(r.x) + f64::from(r.width) / 2.0, f64::from(r.y) + f64::from(r.height) / 2.0);
    let ((ax, ay), (bx, by)) = (centre(a), centre(b));
    let ratio = f64::from(a.width.max(b.width)) / f64::from(a.width.min(b.width).max(1));
    (ax - bx).hypot(ay - by) < side && ratio < 2.0
}

/// Where a track's face is expected on `frame`, and how far from there it
/// may be: moved on at the speed of its last two sightings, within a face's
/// width; or, seen once, where it was, within one and a half (a face in a
/// panned video moves about its own width between searches).
fn expected(track: &Track, frame: u64) -> (Region, f64) {
    match track.points.as_slice() {
        [.., a, b] if b.frame > a.frame && frame > b.frame => {
            (lerp(a.region, b.region, 1.0 + (frame - b.frame) as f64 / (b.frame - a.frame) as f64), 1.0)
        }
        [.., last] => (last.region, 1.5),
        [] => (Region { x: 0, y: 0, width: 0, height: 0 }, 0.0),
    }
}

/// The cost of pairing a track with a box that cannot be its face (never chosen:
/// leaving the track unseen costs less).
const NOT_THIS_ONE: f64 = 1e6;
/// The cost of a track not seen on this frame: more than any pairing allowed
/// (`same_face` allows centres at most one and a half sides apart).
const NOT_SEEN: f64 = 2.0;

/// How far apart two boxes' centres are, in sides of the larger.
fn distance(a: Region, b: Region) -> f64 {
    let side = f64::from(a.width.max(a.height).max(b.width).max(b.height).max(1));
    let centre = |r: Region| (f64::from(r.x) + f64::from(r.width) / 2.0, f64::from(r.y) + f64::from(r.height) / 2.0);
    let ((ax, ay), (bx, by)) = (centre(a), centre(b));
    (ax - bx).hypot(ay - by) / side
}

/// Each row's column in the assignment of rows to distinct columns
/// (`columns` at least the number of rows) with the least total cost: the
/// Hungarian method in its potentials form (Kuhn, Munkres; as in
/// e-maxx.ru's "assignment problem"), O(rows² × columns).
fn assign(cost: &[Vec<f64>], columns: usize) -> Vec<usize> {
    let (n, m) = (cost.len(), columns.max(cost.len()));
    let at = |i: usize, j: usize| cost.get(i.wrapping_sub(1)).and_then(|r| r.get(j.wrapping_sub(1))).copied().unwrap_or(NOT_THIS_ONE);
    let (mut u, mut v) = (vec![0.0; n + 1], vec![0.0; m + 1]);
    // owner[j]: the row (from 1) holding column j (from 1); 0 for none.
    let (mut owner, mut way) = (vec![0usize; m + 1], vec![0usize; m + 1]);
    for i in 1..=n {
        owner[0] = i;
        let mut j0 = 0;
        let mut least = vec![f64::INFINITY; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = owner[j0];
            let (mut delta, mut j1) = (f64::INFINITY, 0);
            for j in 1..=m {
                if !used[j] {
                    let reduced = at(i0, j) - u[i0] - v[j];
                    if reduced < least[j] {
                        least[j] = reduced;
                        way[j] = j0;
                    }
                    if least[j] < delta {
                        delta = least[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[owner[j]] += delta;
                    v[j] -= delta;
                } else {
                    least[j] -= delta;
                }
            }
            j0 = j1;
            if owner[j0] == 0 {
                break;
            }
        }
        while j0 != 0 {
            let j1 = way[j0];
            owner[j0] = owner[j1];
            j0 = j1;
        }
    }
    let mut column = vec![usize::MAX; n];
    for (j, &row) in owner.iter().enumerate().skip(1) {
        if let Some(c) = row.checked_sub(1).and_then(|r| column.get_mut(r)) {
            *c = j - 1;
        }
    }
    column
}

/// Tracks being built from the searched frames, given in frame order.
#[derive(Debug, Default)]
pub struct Tracker {
    tracks: Vec<Track>,
    /// Indexes into `tracks` of those that may still continue.
    open: Vec<usize>,
    bridge: u64,
}

impl Tracker {
    pub fn new(timing: Timing) -> Tracker {
        Tracker { tracks: Vec::new(), open: Vec::new(), bridge: timing.bridge }
    }

    /// The boxes found on `frame` (after every earlier searched frame; a
    /// frame with no face too, so tracks close). Each open track takes at
    /// most one box: the pairing with the least distance in all (between
    /// where each track's face is expected and the box it takes), so that
    /// neighbours moving together keep their own tracks even when one's box
    /// lands nearer the other's last place; the other boxes start tracks.
    pub fn add(&mut self, frame: u64, boxes: &[Region]) {
        let mut rows = Vec::new();
        let mut cost = Vec::new();
        for &ti in &self.open {
            let Some(track) = self.tracks.get(ti) else { continue };
            let Some(last) = track.points.last() else { continue };
            if frame.saturating_sub(last.frame) > self.bridge || last.frame >= frame {
                continue;
            }
            let (at, reach) = expected(track, frame);
            // A box is a column; one column per track more, "not seen".
            let mut row: Vec<f64> = boxes.iter().map(|&b| if same_face(at, b, reach) { distance(at, b) } else { NOT_THIS_ONE }).collect();
            row.extend(std::iter::repeat_n(NOT_SEEN, self.open.len()));
            rows.push(ti);
            cost.push(row);
        }
        let mut taken = vec![false; boxes.len()];
        for ((ti, row), col) in rows.into_iter().zip(&cost).zip(assign(&cost, boxes.len() + self.open.len())) {
            let (Some(&region), Some(t)) = (boxes.get(col), taken.get_mut(col)) else { continue };
            if row.get(col).is_some_and(|&c| c < NOT_THIS_ONE) && !*t {
                *t = true;
                if let Some(track) = self.tracks.get_mut(ti) {
                    track.points.push(Sighting { frame, region });
                }
            }
        }
        for (&region, taken) in boxes.iter().zip(taken) {
            if !taken {
                self.open.push(self.tracks.len());
                self.tracks.push(Track { points: vec![Sighting { frame, region }] });
            }
        }
        // Tracks not seen for longer than `bridge` frames are closed.
        let (tracks, bridge) = (&self.tracks, self.bridge);
        self.open.retain(|&ti| tracks.get(ti).and_then(|t| t.points.last()).is_some_and(|last| frame.saturating_sub(last.frame) <= bridge));
    }

    pub fn tracks(self) -> Vec<Track> {
        self.tracks
    }
}

/// The boxes to cover on any frame of a video of `frames` frames.
#[derive(Clone, Debug)]
pub struct Timeline {
    tracks: Vec<Track>,
    lead: u64,
    hold: u64,
    frames: u64,
}

impl Timeline {
    pub fn new(tracks: Vec<Track>, timing: Timing, frames: u64) -> Timeline {
        Timeline { tracks, lead: timing.lead, hold: timing.hold, frames }
    }

    pub fn tracks(&self) -> &[Track] {
        &self.tracks
    }

    /// The faces' boxes on `frame`: one per track that covers it, moved in
    /// a straight line between sightings, held before the first and after
    /// the last.
    pub fn boxes(&self, frame: u64) -> Vec<Region> {
        let mut out = Vec::new();
        if frame >= self.frames {
            return out;
        }
        for track in &self.tracks {
            let (Some(first), Some(last)) = (track.points.first(), track.points.last()) else { continue };
            if frame + self.lead < first.frame || frame > last.frame.saturating_add(self.hold) {
                continue;
            }
            let at = if frame <= first.frame {
                // Before it was first seen: where it was, and where it was coming from.
                match track.points.get(1) {
                    Some(next) if next.frame > first.frame && frame < first.frame => {
                        union(first.region, lerp(first.region, next.region, -((first.frame - frame) as f64) / (next.frame - first.frame) as f64))
                    }
                    _ => first.region,
                }
            } else if frame >= last.frame {
                // After it was last seen: where it was, and where it was going.
                match track.points.len().checked_sub(2).and_then(|i| track.points.get(i)) {
                    Some(before) if last.frame > before.frame && frame > last.frame => {
                        union(last.region, lerp(before.region, last.region, 1.0 + (frame - last.frame) as f64 / (last.frame - before.frame) as f64))
                    }
                    _ => last.region,
                }
            } else {
                // The sightings on either side (points are in frame order).
                let i = track.points.partition_point(|p| p.frame <= frame);
                match (track.points.get(i.wrapping_sub(1)), track.points.get(i)) {
                    (Some(a), Some(b)) if a.frame == frame || b.frame == a.frame => a.region,
                    (Some(a), Some(b)) => lerp(a.region, b.region, (frame - a.frame) as f64 / (b.frame - a.frame) as f64),
                    (Some(a), None) => a.region,
                    _ => first.region,
                }
            };
            out.push(at);
        }
        out
    }
}

/// The smallest box holding both.
fn union(a: Region, b: Region) -> Region {
    let (x, y) = (a.x.min(b.x), a.y.min(b.y));
    let x1 = a.x.saturating_add(a.width).max(b.x.saturating_add(b.width));
    let y1 = a.y.saturating_add(a.height).max(b.y.saturating_add(b.height));
    Region { x, y, width: x1 - x, height: y1 - y }
}

fn lerp(a: Region, b: Region, k: f64) -> Region {
    let mix = |p: u32, q: u32| (f64::from(p) + (f64::from(q) - f64::from(p)) * k).round().max(0.0) as u32;
    Region { x: mix(a.x, b.x), y: mix(a.y, b.y), width: mix(a.width, b.width), height: mix(a.height, b.height) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: u32, y: u32, side: u32) -> Region {
        Region { x, y, width: side, height: side }
    }

    fn timeline(sightings: &[(u64, Vec<Region>)], timing: Timing, frames: u64) -> Timeline {
        let mut tracker = Tracker::new(timing);
        for (frame, boxes) in sightings {
            tracker.add(*frame, boxes);
        }
        Timeline::new(tracker.tracks(), timing, frames)
    }

    #[test]
    fn a_face_found_at_10_and_14_is_covered_in_between_where_it_was() {
        let t = timeline(&[(10, vec![r(100, 100, 50)]), (14, vec![r(140, 100, 50)])], Timing { bridge: 8, lead: 0, hold: 0 }, 30);
        assert_eq!(t.tracks().len(), 1);
        assert_eq!(t.boxes(12), vec![r(120, 100, 50)]);
        assert_eq!(t.boxes(11), vec![r(110, 100, 50)]);
        assert!(t.boxes(9).is_empty() && t.boxes(15).is_empty());
    }

    #[test]
    fn held_before_and_after_and_bridged_over_a_missed_search() {
        let timing = Timing::for_step(4);
        let t = timeline(&[(0, vec![]), (4, vec![r(10, 10, 40)]), (8, vec![]), (12, vec![r(14, 10, 40)]), (16, vec![]), (40, vec![])], timing, 60);
        assert_eq!(t.tracks().len(), 1, "the missed search at 8 does not split the face");
        let wide = |x, width| Region { x, y: 10, width, height: 40 };
        assert_eq!(t.boxes(0), vec![wide(8, 42)], "covered before it was first seen, where it came from too");
        assert_eq!(t.boxes(8), vec![r(12, 10, 40)]);
        assert_eq!(t.boxes(24), vec![wide(14, 46)], "held three searches after, where it was going too");
        assert!(t.boxes(25).is_empty());
        assert!(t.boxes(60).is_empty(), "no frame past the end");
    }

    #[test]
    fn a_held_box_also_covers_where_the_face_was_going() {
        let t = timeline(&[(8, vec![r(100, 0, 40)]), (16, vec![r(140, 0, 40)])], Timing { bridge: 16, lead: 8, hold: 8 }, 40);
        assert_eq!(t.boxes(20), vec![Region { x: 140, y: 0, width: 60, height: 40 }], "from 140 to where it would be, 160");
        assert_eq!(t.boxes(4), vec![Region { x: 80, y: 0, width: 60, height: 40 }], "from where it came, 80, to 100");
        assert_eq!(t.boxes(12), vec![r(120, 0, 40)]);
    }

    #[test]
    fn two_faces_stay_two_tracks_and_far_boxes_start_new_ones() {
        let t = timeline(
            &[(0, vec![r(0, 0, 40), r(400, 0, 40)]), (5, vec![r(405, 0, 40), r(5, 0, 40)]), (10, vec![r(800, 300, 40)])],
            Timing { bridge: 20, lead: 0, hold: 0 },
            20,
        );
        assert_eq!(t.tracks().len(), 3);
        assert_eq!(t.tracks()[0].points.len(), 2);
        assert_eq!(t.tracks()[0].points[1].region, r(5, 0, 40));
        assert_eq!(t.boxes(5).len(), 2);
    }

    #[test]
    fn a_face_moving_more_than_its_width_between_searches_is_one_track_and_neighbours_stay_two() {
        // 56 px faces moving 63 px to the left every 8 frames (a panned video).
        let moving: Vec<(u64, Vec<Region>)> = (0..12).map(|k| (8 * k, vec![r(1000 - 63 * k as u32, 500, 56)])).collect();
        let t = timeline(&moving, Timing::for_step(8), 96);
        assert_eq!(t.tracks().len(), 1);
        assert_eq!(t.boxes(4), vec![r(969, 500, 56)], "halfway, rounded");
        // Two faces side by side, 50 px apart, still: two tracks.
        let pair: Vec<(u64, Vec<Region>)> = (0..5).map(|k| (8 * k, vec![r(100, 100, 40), r(150, 100, 40)])).collect();
        let t = timeline(&pair, Timing::for_step(8), 40);
        assert_eq!(t.tracks().len(), 2);
        assert!(t.tracks().iter().all(|tr| tr.points.iter().all(|p| p.region == tr.points[0].region)));
    }

    #[test]
    fn neighbours_moving_together_keep_their_tracks_when_one_lands_where_the_other_was() {
        // Two faces of a group 80 px apart, the video panned 63 px between searches:
        // the right one's new box overlaps the left one's old box more than its own.
        let (right, left) = (Region { x: 1422, y: 626, width: 106, height: 116 }, Region { x: 1342, y: 652, width: 96, height: 106 });
        let (right2, left2) = (Region { x: 1366, y: 638, width: 96, height: 105 }, Region { x: 1282, y: 654, width: 94, height: 103 });
        assert!(overlap(left, right2) > overlap(right, right2), "the trap is set");
        let t = timeline(&[(0, vec![right, left]), (8, vec![left2, right2])], Timing::for_step(8), 16);
        assert_eq!(t.tracks().len(), 2);
        assert_eq!(t.tracks()[0].points.iter().map(|p| p.region).collect::<Vec<_>>(), vec![right, right2]);
        assert_eq!(t.tracks()[1].points.iter().map(|p| p.region).collect::<Vec<_>>(), vec![left, left2]);
    }

    #[test]
    fn the_assignment_is_the_cheapest_in_all() {
        // Greedy would take 0-0 (cost 1) and leave 1-1 (cost 10): 11. Best: 0-1 and 1-0, 2 + 2.
        assert_eq!(assign(&[vec![1.0, 2.0], vec![2.0, 10.0]], 2), vec![1, 0]);
        assert_eq!(assign(&[vec![5.0, 1.0, 9.0]], 3), vec![1]);
        assert_eq!(assign(&[], 3), Vec::<usize>::new());
        // More rows than columns is never asked; it still gives each row a column of its own.
        let three = assign(&[vec![1.0], vec![1.0], vec![1.0]], 1);
        assert_eq!(three.len(), 3);
    }

    #[test]
    fn a_face_not_seen_for_longer_than_the_bridge_is_a_new_track() {
        let t = timeline(&[(0, vec![r(0, 0, 40)]), (100, vec![r(0, 0, 40)])], Timing { bridge: 10, lead: 0, hold: 0 }, 200);
        assert_eq!(t.tracks().len(), 2);
        assert!(t.boxes(50).is_empty());
    }

    #[test]
    fn overlap_is_intersection_over_union() {
        assert_eq!(overlap(r(0, 0, 10), r(0, 0, 10)), 1.0);
        assert_eq!(overlap(r(0, 0, 10), r(20, 20, 10)), 0.0);
        assert!((overlap(r(0, 0, 10), r(5, 0, 10)) - 50.0 / 150.0).abs() < 1e-9);
        assert_eq!(overlap(r(0, 0, 0), r(0, 0, 0)), 0.0);
    }
}
