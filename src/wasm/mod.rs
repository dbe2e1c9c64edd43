//! The thin JavaScript layer: converts types, nothing else. Every answer is
//! one of the core's serialisable types (`report.rs`, `url/`, `text/`,
//! `trackers.rs`, `faces/`) handed over as a plain JavaScript object by
//! serde-wasm-bindgen (bytes as `Uint8Array`); every failure is thrown as an
//! `ErrorReport` object, `{kind, format, offset, message}`. JavaScript never
//! parses a string from here. `js/core.js` is the only JavaScript that calls
//! this package (and `js/faces.js` the faces package).
//!
//! Files: `files.rs`; links and text: `text.rs`; tracker hosts:
//! `trackers.rs`; faces: `faces.rs` (feature `faces`).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::report::{Category, ErrorReport, Format};
use crate::Error;

mod files;
mod text;
mod trackers;

#[cfg(feature = "faces")]
mod faces;

/// What every exported function returns: a value, or a thrown `ErrorReport`.
type JsResult<T = JsValue> = Result<T, JsValue>;

/// A core value as a plain JavaScript object.
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsResult {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true))
        .map_err(|e| thrown(&Error::invalid_argument(format!("an answer could not be handed to JavaScript ({e})"))))
}

/// A core error as the object JavaScript catches.
fn thrown(e: &Error) -> JsValue {
    ErrorReport::from(e).serialize(&serde_wasm_bindgen::Serializer::new()).unwrap_or_else(|_| JsValue::from_str(&e.to_string()))
}

/// The formats Silbato reads: `[{name, display, mime, extensions, media}]`.
#[wasm_bindgen]
pub fn formats() -> JsResult {
    to_js(&Format::ALL.iter().map(|f| f.info()).collect::<Vec<_>>())
}

/// The categories of findings, worst first: `[{name, blocking}]`, where
/// `blocking` means a cleaned file must never show it.
#[wasm_bindgen]
pub fn categories() -> JsResult {
    #[derive(Serialize)]
    struct Out {
        name: &'static str,
        blocking: bool,
    }
    to_js(&Category::ALL.iter().map(|c| Out { name: c.as_str(), blocking: c.blocks_output() }).collect::<Vec<_>>())
}

/// The core's size limits in bytes: `{inMemory}` (the largest file read
/// whole, for photos; videos are read by range) and `{read}` (the largest
/// single read the core asks for).
#[wasm_bindgen]
pub fn limits() -> JsResult {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Out {
        in_memory: u64,
        read: u64,
    }
    to_js(&Out { in_memory: crate::container::MAX_IN_MEMORY, read: crate::source::MAX_READ })
}
