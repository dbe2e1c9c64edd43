//! The thin JavaScript layer: converts types, nothing else. Reports cross as
//! JSON text (the same shape as the CLI's `--json`); plans cross as a small
//! object whose copy ranges JavaScript turns into `File.slice()` parts, so a
//! large file never has to be copied into wasm memory to be assembled.

use std::sync::OnceLock;

use wasm_bindgen::prelude::*;

use crate::{Error, Gazetteer, Lang, Op, Options, Planned, Report, Sparse, Step};

static GAZETTEER: OnceLock<Gazetteer<'static>> = OnceLock::new();

fn options(lang: &str) -> Options<'static> {
    Options { lang: Lang::from_tag(lang), gazetteer: GAZETTEER.get().copied() }
}

/// Errors reach JavaScript as `Error` objects whose message starts with the
/// kind (`unsupported: …`); `www/silbato.js` splits it into `err.kind`.
fn js_error(e: Error) -> JsError {
    JsError::new(&format!("{}: {e}", e.kind.as_str()))
}

#[derive(serde::Serialize)]
struct ErrorJson {
    kind: &'static str,
    message: String,
}

/// A finding as JavaScript sees it: the CLI's five fields, plus, for a
/// position, `place` ("about 2 km from Minneapolis") for short sentences.
#[derive(serde::Serialize)]
struct FindingJson<'a> {
    #[serde(flatten)]
    finding: &'a crate::Finding,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<String>,
}

#[derive(serde::Serialize)]
struct ReportJson<'a> {
    format: Option<&'static str>,
    findings: Vec<FindingJson<'a>>,
    warnings: &'a [String],
    error: Option<ErrorJson>,
}

fn place_of(f: &crate::Finding, lang: Lang) -> Option<String> {
    if f.category != crate::Category::Location {
        return None;
    }
    near(&f.value, lang)
}

/// "44.961800, -93.271000" → "about 2 km from Minneapolis", with the gazetteer.
fn near(value: &str, lang: Lang) -> Option<String> {
    let (lat, lon) = value.split_once(", ")?;
    let (lat, lon): (f64, f64) = (lat.trim().parse().ok()?, lon.split_whitespace().next()?.parse().ok()?);
    GAZETTEER.get()?.nearest(lat, lon).map(|p| p.describe_short(lang))
}

/// The short place for a position finding's value, once the gazetteer is
/// loaded (the cleaner answers first and names towns after).
#[wasm_bindgen(js_name = placeNear)]
pub fn place_near(value: &str, lang: &str) -> Option<String> {
    near(value, Lang::from_tag(lang))
}

fn report_json(report: &Report, error: Option<Error>) -> String {
    report_json_in(report, error, Lang::En)
}

fn report_json_in(report: &Report, error: Option<Error>, lang: Lang) -> String {
    let json = ReportJson {
        format: report.format.map(|f| f.as_str()),
        findings: report.findings.iter().map(|f| FindingJson { finding: f, place: place_of(f, lang) }).collect(),
        warnings: &report.warnings,
        error: error.map(|e| ErrorJson { kind: e.kind.as_str(), message: e.to_string() }),
    };
    serde_json::to_string(&json).unwrap_or_default()
}

/// Load the offline gazetteer (`gazetteer.bin`) so locations name the
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

/// The format judged from the first bytes ("jpeg", "png", "webp", "gif"), or undefined.
#[wasm_bindgen]
pub fn sniff(head: &[u8]) -> Option<String> {
    crate::sniff(head).map(|f| f.as_str().to_string())
}

/// What the file reveals, as JSON: {format, findings, warnings, error}.
/// Never throws: a file that cannot be read has `error` set.
#[wasm_bindgen]
pub fn inspect(bytes: &[u8], lang: &str, quick: bool) -> String {
    let depth = if quick { crate::Depth::Headers } else { crate::Depth::Full };
    let l = Lang::from_tag(lang);
    match crate::inspect_with(bytes, &options(lang), depth) {
        Ok(r) => report_json_in(&r, None, l),
        Err(e) => report_json_in(&Report::default(), Some(e), l),
    }
}

/// A verified edit plan. Operation `i` is either a copy of
/// `[copyStart(i), copyEnd(i))` from the original or `insertBytes(i)`.
#[wasm_bindgen]
pub struct Plan {
    inner: Planned,
    lang: Lang,
}

#[wasm_bindgen]
impl Plan {
    #[wasm_bindgen(getter)]
    pub fn format(&self) -> String {
        self.inner.format.as_str().to_string()
    }

    #[wasm_bindgen(getter, js_name = mimeType)]
    pub fn mime_type(&self) -> String {
        self.inner.format.mime_type().to_string()
    }

    #[wasm_bindgen(getter, js_name = opCount)]
    pub fn op_count(&self) -> usize {
        self.inner.plan.ops().len()
    }

    #[wasm_bindgen(js_name = isCopy)]
    pub fn is_copy(&self, i: usize) -> bool {
        matches!(self.inner.plan.ops().get(i), Some(Op::Copy { .. }))
    }

    /// 0: copy a range of the original, 1: insert bytes, 2: write zeros.
    #[wasm_bindgen(js_name = opKind)]
    pub fn op_kind(&self, i: usize) -> u8 {
        match self.inner.plan.ops().get(i) {
            Some(Op::Copy { .. }) | None => 0,
            Some(Op::Insert(_)) => 1,
            Some(Op::Zeros(_)) => 2,
        }
    }

    #[wasm_bindgen(js_name = zerosLength)]
    pub fn zeros_length(&self, i: usize) -> f64 {
        match self.inner.plan.ops().get(i) {
            Some(Op::Zeros(n)) => *n as f64,
            _ => 0.0,
        }
    }

    /// Offsets are returned as numbers (exact up to 2^53 bytes).
    #[wasm_bindgen(js_name = copyStart)]
    pub fn copy_start(&self, i: usize) -> f64 {
        match self.inner.plan.ops().get(i) {
            Some(Op::Copy { start, .. }) => *start as f64,
            _ => -1.0,
        }
    }

    #[wasm_bindgen(js_name = copyEnd)]
    pub fn copy_end(&self, i: usize) -> f64 {
        match self.inner.plan.ops().get(i) {
            Some(Op::Copy { end, .. }) => *end as f64,
            _ => -1.0,
        }
    }

    #[wasm_bindgen(js_name = insertBytes)]
    pub fn insert_bytes(&self, i: usize) -> Vec<u8> {
        match self.inner.plan.ops().get(i) {
            Some(Op::Insert(b)) => b.clone(),
            _ => Vec::new(),
        }
    }

    #[wasm_bindgen(getter, js_name = outputLength)]
    pub fn output_length(&self) -> f64 {
        self.inner.plan.output_len() as f64
    }

    /// What cleaning removes, as the same JSON as `inspect`.
    #[wasm_bindgen(js_name = removedJson)]
    pub fn removed_json(&self) -> String {
        report_json_in(&self.inner.removed, None, self.lang)
    }
}

/// Plan the cleaning of a file held in memory. Throws when the file cannot
/// be cleaned or the result cannot be verified.
#[wasm_bindgen(js_name = planClean)]
pub fn plan_clean(bytes: &[u8], lang: &str) -> Result<Plan, JsError> {
    crate::plan_clean(bytes, &options(lang)).map(|inner| Plan { inner, lang: Lang::from_tag(lang) }).map_err(js_error)
}

/// A cleaned file built inside wasm.
#[wasm_bindgen]
pub struct Cleaned {
    output: Vec<u8>,
    removed: String,
}

#[wasm_bindgen]
impl Cleaned {
    /// The cleaned bytes (moved out: call once).
    #[wasm_bindgen(js_name = takeOutput)]
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.output)
    }

    #[wasm_bindgen(js_name = removedJson)]
    pub fn removed_json(&self) -> String {
        self.removed.clone()
    }
}

/// Clean a file held in memory and verify the result.
#[wasm_bindgen]
pub fn clean(bytes: &[u8], lang: &str) -> Result<Cleaned, JsError> {
    let c = crate::clean(bytes, &options(lang)).map_err(js_error)?;
    Ok(Cleaned { removed: report_json_in(&c.removed, None, Lang::from_tag(lang)), output: c.output })
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

    #[wasm_bindgen(js_name = planClean)]
    pub fn plan_clean(&mut self, lang: &str) -> Result<Option<Plan>, JsError> {
        match crate::plan_clean_source(&self.inner, &options(lang)).map_err(js_error)? {
            Step::Done(inner) => {
                self.need = None;
                Ok(Some(Plan { inner, lang: Lang::from_tag(lang) }))
            }
            Step::Need { start, len } => {
                self.need = Some((start, len));
                Ok(None)
            }
        }
    }

    /// The report as JSON, or undefined while bytes are needed.
    pub fn inspect(&mut self, lang: &str, quick: bool) -> Option<String> {
        let depth = if quick { crate::Depth::Headers } else { crate::Depth::Full };
        match crate::inspect_source_with(&self.inner, &options(lang), depth) {
            Ok(Step::Done(r)) => {
                self.need = None;
                Some(report_json_in(&r, None, Lang::from_tag(lang)))
            }
            Ok(Step::Need { start, len }) => {
                self.need = Some((start, len));
                None
            }
            Err(e) => Some(report_json(&Report::default(), Some(e))),
        }
    }
}

// ---- Share links and personal details in text ----

thread_local! {
    static NEVER_PUBLISH: std::cell::RefCell<Vec<crate::text::Term>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// One cleaned link as JSON: the shape of `silbato link --json`.
#[wasm_bindgen(js_name = cleanLink)]
pub fn clean_link(url: &str, lang: &str) -> String {
    serde_json::to_string(&crate::url::clean_link(url, Lang::from_tag(lang))).unwrap_or_default()
}

/// Keep the person's never-publish list for `scanText` (it never leaves this
/// memory and the extension's local storage). Returns how many entries are used.
#[wasm_bindgen(js_name = setNeverPublish)]
pub fn set_never_publish(entries: Vec<String>) -> usize {
    let terms = crate::text::Term::list(&entries);
    let n = terms.len();
    NEVER_PUBLISH.with(|list| *list.borrow_mut() = terms);
    n
}

/// What `text` would reveal, as JSON `{"findings":[…]}` in the shape of
/// `silbato text --json`, with `start`/`end` in UTF-16 code units (JavaScript
/// string indices) instead of UTF-8 bytes.
#[wasm_bindgen(js_name = scanText)]
pub fn scan_text(text: &str, lang: &str) -> String {
    let options = crate::text::TextOptions { lang: Lang::from_tag(lang), never_publish: NEVER_PUBLISH.with(|list| list.borrow().clone()) };
    let mut findings = crate::text::scan(text, &options);
    let mut offsets: Vec<usize> = findings.iter().flat_map(|f| [f.start, f.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let utf16 = utf16_offsets(text, &offsets);
    let convert = |byte: usize| offsets.binary_search(&byte).ok().map_or(0, |i| utf16[i]);
    for f in &mut findings {
        f.start = convert(f.start);
        f.end = convert(f.end);
    }
    serde_json::to_string(&serde_json::json!({ "findings": findings })).unwrap_or_default()
}

/// UTF-16 positions of sorted byte offsets, in one pass over the text.
fn utf16_offsets(text: &str, sorted: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(sorted.len());
    let mut units = 0;
    let mut next = sorted.iter().peekable();
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), '\0'))) {
        while next.peek().is_some_and(|&&b| b <= i) {
            next.next();
            out.push(units);
        }
        units += c.len_utf16();
    }
    out
}

thread_local! {
    static TRACKERS: std::cell::RefCell<Option<crate::trackers::TrackerTable>> = const { std::cell::RefCell::new(None) };
}

/// Load the tracker table (`trackers.json`, built by scripts/build-trackers.mjs
/// from a CC BY-NC-SA database and shipped as separate data). Returns the
/// number of domains it lists.
#[wasm_bindgen(js_name = setTrackers)]
pub fn set_trackers(json: &[u8]) -> Result<usize, JsError> {
    let table = crate::trackers::TrackerTable::from_json_bytes(json).map_err(js_error)?;
    let n = table.domain_count();
    TRACKERS.with(|t| *t.borrow_mut() = Some(table));
    Ok(n)
}

/// Who is behind each host: JSON array, one entry per host, `null` when the
/// host is not listed, else `{"domain","tracker","category","category_name",
/// "company","country"}`. Hosts are URL host names (punycode, no port).
#[wasm_bindgen(js_name = matchHosts)]
pub fn match_hosts(hosts: Vec<String>) -> Result<String, JsError> {
    TRACKERS.with(|t| {
        let t = t.borrow();
        let table = t.as_ref().ok_or_else(|| JsError::new("invalid_argument: setTrackers was not called"))?;
        let matches: Vec<_> = hosts.iter().map(|h| table.lookup(h)).collect();
        serde_json::to_string(&matches).map_err(|e| JsError::new(&e.to_string()))
    })
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

// ---- Faces: the model is handed in only when a photo is checked for faces ----

#[cfg(feature = "faces")]
thread_local! {
    static FACES: std::cell::RefCell<Option<crate::faces::Detector>> = const { std::cell::RefCell::new(None) };
}

/// Load SeetaFace's face model (`face-model.bin`, shipped as a data file and
/// fetched by the caller only when faces are wanted).
#[cfg(feature = "faces")]
#[wasm_bindgen(js_name = setFaceModel)]
pub fn set_face_model(model: &[u8]) -> Result<(), JsError> {
    let detector = crate::faces::Detector::from_model(model).map_err(js_error)?;
    FACES.with(|f| *f.borrow_mut() = Some(detector));
    Ok(())
}

/// Also run BlazeFace (`blazeface.onnx`, shipped beside `face-model.bin`)
/// in every search: it finds about half of masked faces, which SeetaFace
/// misses. Call after `setFaceModel`.
#[cfg(feature = "faces")]
#[wasm_bindgen(js_name = setBlazeFaceModel)]
pub fn set_blazeface_model(model: &[u8]) -> Result<(), JsError> {
    with_detector(|detector| detector.add_blazeface(model).map_err(js_error))
}

/// `f` with the loaded detector, or an error saying `setFaceModel` comes first.
#[cfg(feature = "faces")]
fn with_detector<T>(f: impl FnOnce(&mut crate::faces::Detector) -> Result<T, JsError>) -> Result<T, JsError> {
    FACES.with(|cell| match cell.borrow_mut().as_mut() {
        Some(detector) => f(detector),
        None => Err(JsError::new("invalid_argument: setFaceModel was not called")),
    })
}

/// The faces in a photo: JSON `{"width","height","faces":[{"region":{"x","y","width","height"},"score"}],"covering":[{"x","y","width","height"}]}`
/// in the upright photo's pixels; `covering` are the regions to cover (each
/// face's box widened for hair and ears).
#[cfg(feature = "faces")]
#[wasm_bindgen(js_name = detectFaces)]
pub fn detect_faces(input: &[u8]) -> Result<String, JsError> {
    with_detector(|detector| faces_json(&detector.detect(input).map_err(js_error)?))
}

/// A photo being searched for faces one pass at a time, so a page can show
/// the faces found so far and how far the search has got: the first pass
/// (the whole photo, scaled down) finds the larger faces quickly; the others
/// search tiles for small faces.
#[cfg(feature = "faces")]
#[wasm_bindgen]
pub struct FaceSearch {
    search: crate::faces::Search,
}

#[cfg(feature = "faces")]
#[wasm_bindgen]
impl FaceSearch {
    /// Decode a photo (JPEG, PNG or WebP) and turn it upright.
    #[wasm_bindgen(constructor)]
    pub fn new(input: &[u8]) -> Result<FaceSearch, JsError> {
        let search = FACES.with(|f| match f.borrow().as_ref() {
            Some(detector) => detector.search(input),
            None => crate::faces::Search::new(input),
        });
        Ok(FaceSearch { search: search.map_err(js_error)? })
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
    pub fn run_next(&mut self) -> Result<bool, JsError> {
        with_detector(|detector| Ok(self.search.run_next(detector)))
    }

    /// The faces found so far, as `detectFaces` gives them.
    #[wasm_bindgen(getter)]
    pub fn json(&self) -> Result<String, JsError> {
        faces_json(&self.search.faces())
    }
}

/// `detectFaces`'s JSON for faces found.
#[cfg(feature = "faces")]
fn faces_json(found: &crate::faces::Faces) -> Result<String, JsError> {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        #[serde(flatten)]
        found: &'a crate::faces::Faces,
        covering: Vec<crate::faces::Region>,
    }
    serde_json::to_string(&Out { covering: found.covering(), found }).map_err(|e| JsError::new(&e.to_string()))
}

/// Cover `regions` (JSON `[{"x","y","width","height"}]`, upright pixels) of a
/// JPEG, PNG or WebP photo: `style` "fill" (solid) or "pixelate" (with noise
/// from `seed`; pass a fresh random number). Returns the new file, cleaned
/// and verified; `redactedJson` says its format, size and the regions covered.
#[cfg(feature = "faces")]
#[wasm_bindgen(js_name = redactRegions)]
pub fn redact_regions(input: &[u8], regions: &str, style: &str, seed: u64) -> Result<Redacted, JsError> {
    let regions: Vec<crate::faces::Region> =
        serde_json::from_str(regions).map_err(|e| JsError::new(&format!("invalid_argument: regions are not [{{x,y,width,height}}] ({e})")))?;
    let cover = match style {
        "fill" => crate::faces::Cover::Fill,
        "pixelate" => crate::faces::Cover::Pixelate { seed },
        other => return Err(JsError::new(&format!("invalid_argument: no cover style {other:?} (fill or pixelate)"))),
    };
    let done = crate::faces::redact(input, &regions, cover).map_err(js_error)?;
    Ok(Redacted { json: serde_json::to_string(&done).unwrap_or_default(), output: Some(done.output) })
}

/// A covered photo: take its bytes once.
#[cfg(feature = "faces")]
#[wasm_bindgen]
pub struct Redacted {
    json: String,
    output: Option<Vec<u8>>,
}

#[cfg(feature = "faces")]
#[wasm_bindgen]
impl Redacted {
    #[wasm_bindgen(js_name = takeOutput)]
    pub fn take_output(&mut self) -> Vec<u8> {
        self.output.take().unwrap_or_default()
    }

    /// `{"format","width","height","covered":[…]}`
    #[wasm_bindgen(getter)]
    pub fn json(&self) -> String {
        self.json.clone()
    }
}
