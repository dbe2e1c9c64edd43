//! Files: inspect, plan, clean, in memory or read by range (`FileSource`).

use std::sync::OnceLock;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{thrown, to_js, JsResult};
use crate::{Error, Format, Gazetteer, Lang, Options, Report, Sparse, Step};

static GAZETTEER: OnceLock<Gazetteer<'static>> = OnceLock::new();

fn options(lang: &str) -> Options<'static> {
    Options { lang: Lang::from_tag(lang), gazetteer: GAZETTEER.get().copied() }
}

/// Load the offline gazetteer (`gazetteer.bin`) so positions name the
/// nearest town. Returns false if the bytes are not a gazetteer. Once set,
/// it stays for the life of the module.
#[wasm_bindgen(js_name = setGazetteer)]
pub fn set_gazetteer(bytes: Vec<u8>) -> bool {
    if GAZETTEER.get().is_some() {
        return true;
    }
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    match Gazetteer::from_bytes(bytes) {
        Some(g) => GAZETTEER.set(g).is_ok(),
        None => false,
    }
}

/// "about 2 km from Minneapolis" for a position, once the gazetteer is
/// loaded (the cleaner answers first and names towns after).
#[wasm_bindgen(js_name = placeNear)]
pub fn place_near(lat: f64, lon: f64, lang: &str) -> Option<String> {
    GAZETTEER.get()?.nearest(lat, lon).map(|p| p.describe_short(Lang::from_tag(lang)))
}

/// The format judged from the first bytes (`jpeg`, `mp4`…), or undefined.
#[wasm_bindgen]
pub fn sniff(head: &[u8]) -> Option<String> {
    crate::sniff(head).map(|f| f.as_str().to_string())
}

fn depth(quick: bool) -> crate::Depth {
    if quick {
        crate::Depth::Headers
    } else {
        crate::Depth::Full
    }
}

/// What a file in memory reveals: a `Report`.
#[wasm_bindgen]
pub fn inspect(bytes: &[u8], lang: &str, quick: bool) -> JsResult {
    crate::inspect_with(bytes, &options(lang), depth(quick)).map_err(|e| thrown(&e)).and_then(|r| to_js(&r))
}

/// A verified plan for a file in memory: a `PlanReport`.
#[wasm_bindgen(js_name = planClean)]
pub fn plan_clean(bytes: &[u8], lang: &str) -> JsResult {
    crate::plan_clean(bytes, &options(lang)).map_err(|e| thrown(&e)).and_then(|p| to_js(&p.report()))
}

/// A file cleaned in memory: `{format, output, removed}`.
#[wasm_bindgen]
pub fn clean(bytes: &[u8], lang: &str) -> JsResult {
    #[derive(Serialize)]
    struct Out {
        format: crate::Format,
        #[serde(serialize_with = "crate::plan::as_bytes")]
        output: Vec<u8>,
        removed: Report,
    }
    let c = crate::clean(bytes, &options(lang)).map_err(|e| thrown(&e))?;
    to_js(&Out { format: c.format, output: c.output, removed: c.removed })
}

/// A file read piece by piece (a video of any size): add the ranges the core
/// asks for until it answers. `planClean` and `inspect` return `undefined`
/// while they need bytes; `needStart` and `needLength` then say which.
#[wasm_bindgen(js_name = FileSource)]
pub struct FileSource {
    inner: Sparse,
    need: Option<(u64, u64)>,
}

#[wasm_bindgen(js_class = FileSource)]
impl FileSource {
    #[wasm_bindgen(constructor)]
    pub fn new(length: f64) -> FileSource {
        FileSource { inner: Sparse::new(length.max(0.0) as u64), need: None }
    }

    /// Bytes read at `start` (a `Uint8Array` from `file.slice(start, end)`).
    pub fn add(&mut self, start: f64, bytes: Vec<u8>) {
        self.inner.insert(start.max(0.0) as u64, bytes);
    }

    #[wasm_bindgen(getter, js_name = needStart)]
    pub fn need_start(&self) -> f64 {
        self.need.map_or(-1.0, |(s, _)| s as f64)
    }

    #[wasm_bindgen(getter, js_name = needLength)]
    pub fn need_length(&self) -> f64 {
        self.need.map_or(0.0, |(_, l)| l as f64)
    }

    /// Bytes held so far (to show a big video is never loaded whole).
    #[wasm_bindgen(getter)]
    pub fn loaded(&self) -> f64 {
        self.inner.loaded() as f64
    }

    fn answer<T>(&mut self, step: crate::Result<Step<T>>, done: impl FnOnce(T) -> JsResult) -> JsResult {
        match step.map_err(|e| thrown(&e))? {
            Step::Done(v) => {
                self.need = None;
                done(v)
            }
            Step::Need { start, len } => {
                self.need = Some((start, len));
                Ok(JsValue::UNDEFINED)
            }
        }
    }

    /// A `PlanReport`, or undefined while bytes are needed.
    #[wasm_bindgen(js_name = planClean)]
    pub fn plan_clean(&mut self, lang: &str) -> JsResult {
        let step = crate::plan_clean_source(&self.inner, &options(lang));
        self.answer(step, |p| to_js(&p.report()))
    }

    /// A `Report`, or undefined while bytes are needed.
    pub fn inspect(&mut self, lang: &str, quick: bool) -> JsResult {
        let step = crate::inspect_source_with(&self.inner, &options(lang), depth(quick));
        self.answer(step, |r| to_js(&r))
    }
}

/// What a file's name reveals: `Finding[]` (the date and time to the second
/// and the app that wrote it, a person's name or a street), in `lang`.
#[wasm_bindgen(js_name = inspectName)]
pub fn inspect_name(name: &str, lang: &str) -> JsResult {
    to_js(&crate::names::inspect_name(name, Lang::from_tag(lang)))
}

/// The neutral name of the `index`-th cleaned file of `format` (`jpeg`, `mp4`…)
/// in a run: `photo.jpg`, `photo-2.jpg`, `video.mp4`.
#[wasm_bindgen(js_name = neutralName)]
pub fn neutral_name(format: &str, index: u32) -> JsResult<String> {
    let f = Format::from_name(format).ok_or_else(|| thrown(&Error::invalid_argument(format!("no format is named {format:?}"))))?;
    Ok(crate::names::neutral_name(f, index))
}

/// CRC-32 (the zip and PNG checksum) of `bytes`, continuing from `previous`
/// (0 to start). The offline page checksums cleaned files for its zip with
/// this: several times faster than CRC-32 in JavaScript.
#[wasm_bindgen]
pub fn crc32(previous: u32, bytes: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new_with_initial(previous);
    hasher.update(bytes);
    hasher.finalize()
}
