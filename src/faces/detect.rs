//! Finding faces: the SeetaFace frontal detector (crate `rustface`, a
//! funnel-structured cascade; BSD-2-Clause, model included in the crate and
//! shipped as a data file). It finds frontal and slightly turned faces; it
//! misses faces in profile, which is why every tool that uses it also lets
//! the person add boxes by hand. docs/faces.md has the measurements.
//!
//! Large photos are searched on a copy scaled down to [`SEARCH_SIDE`]
//! pixels on the long side, and boxes are mapped back.

use image::imageops::FilterType;
use serde::Serialize;

use super::{decode_upright, FaceBox, Region};
use crate::{Error, Result};

/// The long side of the copy that is searched (pixels).
pub const SEARCH_SIDE: u32 = 1600;
/// The smallest face searched for, in the searched copy's pixels.
pub const MIN_FACE: u32 = 20;
/// SeetaFace's score threshold (its authors' default is 2.0).
pub const SCORE_THRESHOLD: f64 = 2.0;
/// The model is about 1.2 MB; anything much larger is not it.
const MAX_MODEL: usize = 8 << 20;

/// A loaded face model, ready to search photos.
pub struct Detector {
    inner: Box<dyn rustface::Detector>,
}

impl std::fmt::Debug for Detector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Detector")
    }
}

/// The faces in one photo: the upright photo's size and a box per face.
#[derive(Clone, Debug, Serialize)]
pub struct Faces {
    pub width: u32,
    pub height: u32,
    pub faces: Vec<FaceBox>,
}

impl Faces {
    /// The regions to cover: each face's box widened for hair and ears.
    pub fn covering(&self) -> Vec<Region> {
        self.faces.iter().filter_map(|f| f.covering(self.width, self.height)).collect()
    }
}

impl Detector {
    /// Load SeetaFace's model (`seeta_fd_frontal_v1.0.bin`, as shipped by the
    /// `rustface` crate).
    pub fn from_model(model: &[u8]) -> Result<Detector> {
        if model.len() > MAX_MODEL || model.len() < 1024 {
            return Err(Error::invalid_argument(format!("a face model of {} bytes is not SeetaFace's", model.len())));
        }
        // The model reader panics on some malformed files; the model is our
        // own data file, but a damaged copy must not take the tool down.
        let read = std::panic::catch_unwind(|| rustface::read_model(std::io::Cursor::new(model)));
        let model = match read {
            Ok(Ok(m)) => m,
            _ => return Err(Error::invalid_argument("the face model cannot be read")),
        };
        let mut inner = rustface::create_detector_with_model(model);
        inner.set_min_face_size(MIN_FACE);
        inner.set_score_thresh(SCORE_THRESHOLD);
        inner.set_pyramid_scale_factor(0.8);
        inner.set_slide_window_step(4, 4);
        Ok(Detector { inner })
    }

    /// The faces in a photo (JPEG, PNG or WebP), in its upright pixels.
    pub fn detect(&mut self, input: &[u8]) -> Result<Faces> {
        let upright = decode_upright(input)?;
        let gray = upright.image.to_luma8();
        let (width, height) = gray.dimensions();
        Ok(Faces { width, height, faces: self.detect_gray(&gray) })
    }

    /// The faces in a grey image, searched at most [`SEARCH_SIDE`] pixels wide.
    pub fn detect_gray(&mut self, gray: &image::GrayImage) -> Vec<FaceBox> {
        let (w, h) = gray.dimensions();
        let long = w.max(h);
        let scale = if long > SEARCH_SIDE { long as f64 / SEARCH_SIDE as f64 } else { 1.0 };
        let small;
        let searched = if scale > 1.0 {
            let (sw, sh) = (((w as f64 / scale).round() as u32).max(1), ((h as f64 / scale).round() as u32).max(1));
            small = image::imageops::resize(gray, sw, sh, FilterType::Triangle);
            &small
        } else {
            gray
        };
        let (sw, sh) = searched.dimensions();
        if sw < MIN_FACE + 4 || sh < MIN_FACE + 4 {
            return Vec::new();
        }
        let found = self.inner.detect(&rustface::ImageData::new(searched.as_raw(), sw, sh));
        let mut faces: Vec<FaceBox> = found
            .iter()
            .filter_map(|f| {
                let b = f.bbox();
                let x = (b.x().max(0) as f64 * scale) as u32;
                let y = (b.y().max(0) as f64 * scale) as u32;
                let region = Region { x, y, width: (b.width() as f64 * scale).ceil() as u32, height: (b.height() as f64 * scale).ceil() as u32 };
                region.clipped(w, h).map(|region| FaceBox { region, score: f.score() })
            })
            .collect();
        faces.sort_by(|a, b| (a.region.y, a.region.x).cmp(&(b.region.y, b.region.x)));
        faces
    }
}
