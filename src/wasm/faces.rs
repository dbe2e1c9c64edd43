//! Faces (the `silbato_faces` package only): the models are handed in when
//! a photo is first checked for faces; detection runs pass by pass.

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{thrown, to_js, JsResult};
use crate::faces::{Cover, Detector, Faces, Redacted, Region, Search};
use crate::Error;

thread_local! {
    static FACES: RefCell<Option<Detector>> = const { RefCell::new(None) };
}

/// Load SeetaFace's face model (`face-model.bin`, shipped as a data file and
/// fetched by the caller only when faces are wanted).
#[wasm_bindgen(js_name = setFaceModel)]
pub fn set_face_model(model: &[u8]) -> JsResult<()> {
    let detector = Detector::from_model(model).map_err(|e| thrown(&e))?;
    FACES.with(|f| *f.borrow_mut() = Some(detector));
    Ok(())
}

/// Also run BlazeFace (`blazeface.onnx`, shipped beside `face-model.bin`)
/// in every search: it finds about half of masked faces, which SeetaFace
/// misses. Call after `setFaceModel`.
#[wasm_bindgen(js_name = setBlazeFaceModel)]
pub fn set_blazeface_model(model: &[u8]) -> JsResult<()> {
    with_detector(|detector| detector.add_blazeface(model).map_err(|e| thrown(&e)))
}

/// `f` with the loaded detector, or an error saying `setFaceModel` comes first.
fn with_detector<T>(f: impl FnOnce(&mut Detector) -> JsResult<T>) -> JsResult<T> {
    FACES.with(|cell| match cell.borrow_mut().as_mut() {
        Some(detector) => f(detector),
        None => Err(thrown(&Error::invalid_argument("setFaceModel was not called"))),
    })
}

/// The faces in a photo: `{width, height, faces: [{region: {x, y, width,
/// height}, score}], covering: [{x, y, width, height}]}` in the upright
/// photo's pixels; `covering` are the regions to cover (each face's box
/// widened for hair and ears).
#[wasm_bindgen(js_name = detectFaces)]
pub fn detect_faces(input: &[u8]) -> JsResult {
    with_detector(|detector| found(&detector.detect(input).map_err(|e| thrown(&e))?))
}

/// A photo being searched for faces one pass at a time, so a page can show
/// the faces found so far and how far the search has got: the first pass
/// (the whole photo, scaled down) finds the larger faces quickly; the others
/// search tiles for small faces.
#[wasm_bindgen]
pub struct FaceSearch {
    search: Search,
}

#[wasm_bindgen]
impl FaceSearch {
    /// Decode a photo (JPEG, PNG or WebP) and turn it upright.
    #[wasm_bindgen(constructor)]
    pub fn new(input: &[u8]) -> JsResult<FaceSearch> {
        let search = FACES.with(|f| match f.borrow().as_ref() {
            Some(detector) => detector.search(input),
            None => Search::new(input),
        });
        Ok(FaceSearch { search: search.map_err(|e| thrown(&e))? })
    }

    /// A photo to search with the crowd passes alone (faces of 24 to about
    /// 90 pixels): a video frame at full size, searched once a second.
    pub fn crowd(input: &[u8]) -> JsResult<FaceSearch> {
        Ok(FaceSearch { search: Search::crowd_only(input).map_err(|e| thrown(&e))? })
    }

    /// How many passes the search has.
    #[wasm_bindgen(getter)]
    pub fn passes(&self) -> usize {
        self.search.passes().len()
    }

    /// How many have run.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> usize {
        self.search.done()
    }

    /// Run the next pass; `true` while more remain.
    #[wasm_bindgen(js_name = runNext)]
    pub fn run_next(&mut self) -> JsResult<bool> {
        with_detector(|detector| Ok(self.search.run_next(detector)))
    }

    /// The faces found so far, as `detectFaces` gives them.
    #[wasm_bindgen(getter)]
    pub fn found(&self) -> JsResult {
        found(&self.search.faces())
    }
}

/// Faces with the regions that cover them.
fn found(faces: &Faces) -> JsResult {
    #[derive(Serialize)]
    struct Out<'a> {
        #[serde(flatten)]
        found: &'a Faces,
        covering: Vec<Region>,
    }
    to_js(&Out { covering: faces.covering(), found: faces })
}

/// Cover `regions` (`[{x, y, width, height}]`, upright pixels) of a JPEG,
/// PNG or WebP photo: `style` "fill" (solid) or "pixelate" (with noise from
/// `seed`; pass a fresh random number). Returns `{output, info}`: the new
/// file, cleaned and verified, and `{format, width, height, covered}`.
#[wasm_bindgen(js_name = redactRegions)]
pub fn redact_regions(input: &[u8], regions: JsValue, style: &str, seed: u64) -> JsResult {
    #[derive(Serialize)]
    struct Out<'a> {
        #[serde(serialize_with = "crate::plan::as_bytes")]
        output: &'a [u8],
        info: &'a Redacted,
    }
    let regions: Vec<Region> = serde_wasm_bindgen::from_value(regions)
        .map_err(|e| thrown(&Error::invalid_argument(format!("regions are not [{{x, y, width, height}}] ({e})"))))?;
    let cover = match style {
        "fill" => Cover::Fill,
        "pixelate" => Cover::Pixelate { seed },
        other => return Err(thrown(&Error::invalid_argument(format!("no cover style {other:?} (fill or pixelate)")))),
    };
    let done = crate::faces::redact(input, &regions, cover).map_err(|e| thrown(&e))?;
    to_js(&Out { output: &done.output, info: &done })
}
