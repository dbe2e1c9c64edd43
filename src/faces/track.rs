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
//! - a face missed on a searched frame (turned away, blurred) joins its
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
    /// For faces searched every `step` frames: a face is held for two
    /// searches before and after (so one missed search never uncovers it),
    /// and bridged over four.
    pub fn for_step(step: u64) -> Timing {
        let step = step.max(1);
        Timing { bridge: 4 * step, lead: 2 * step, hold: 2 * step }
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
    /// most one box, the best overlapping pairs first; the others start
    /// tracks.
    pub fn add(&mut self, frame: u64, boxes: &[Region]) {
        let mut pairs = Vec::new();
        for (oi, &ti) in self.open.iter().enumerate() {
            let Some(last) = self.tracks.get(ti).and_then(|t| t.points.last()) else { continue };
            if frame.saturating_sub(last.frame) > self.bridge || last.frame >= frame {
                continue;
            }
            let (expected, reach) = self.tracks.get(ti).map_or((last.region, 1.0), |t| expected(t, frame));
            for (bi, &b) in boxes.iter().enumerate() {
                if same_face(expected, b, reach) {
                    pairs.push((oi, bi, overlap(expected, b)));
                }
            }
        }
        pairs.sort_by(|a, b| b.2.total_cmp(&a.2));
        let mut taken_track = vec![false; self.open.len()];
        let mut taken_box = vec![false; boxes.len()];
        for (oi, bi, _) in pairs {
            let (Some(track_taken), Some(box_taken), Some(&region)) = (taken_track.get(oi), taken_box.get(bi), boxes.get(bi)) else { continue };
            if *track_taken || *box_taken {
                continue;
            }
            taken_track[oi] = true;
            taken_box[bi] = true;
            if let Some(track) = self.open.get(oi).and_then(|&ti| self.tracks.get_mut(ti)) {
                track.points.push(Sighting { frame, region });
            }
        }
        for (&region, taken) in boxes.iter().zip(taken_box) {
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
        assert_eq!(t.boxes(0), vec![wide(8, 42)], "covered from two searches before, where it came from too");
        assert_eq!(t.boxes(8), vec![r(12, 10, 40)]);
        assert_eq!(t.boxes(20), vec![wide(14, 44)], "held two searches after, where it was going too");
        assert!(t.boxes(21).is_empty());
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
