//! Who is behind a host: the tracker table, loaded at run time (its licence
//! is not ours, so it is data beside the code, never compiled in).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::{thrown, to_js, JsResult};
use crate::trackers::TrackerTable;
use crate::Error;

thread_local! {
    static TRACKERS: RefCell<Option<TrackerTable>> = const { RefCell::new(None) };
}

/// Load the tracker table: its binary form (`trackers.bin`) or its JSON
/// (`trackers.json`, built by scripts/build-trackers.mjs). Returns the number
/// of domains it lists.
#[wasm_bindgen(js_name = setTrackers)]
pub fn set_trackers(bytes: &[u8]) -> JsResult<usize> {
    let table = TrackerTable::from_any_bytes(bytes).map_err(|e| thrown(&e))?;
    let n = table.domain_count();
    TRACKERS.with(|t| *t.borrow_mut() = Some(table));
    Ok(n)
}

/// The binary form of a table given as JSON (what the extension ships and
/// `js/tracker-table.js` reads; written by scripts/build-extension.mjs).
#[wasm_bindgen(js_name = trackerTableBytes)]
pub fn tracker_table_bytes(json: &[u8]) -> JsResult<Vec<u8>> {
    TrackerTable::from_json_bytes(json).map(|t| t.to_bytes()).map_err(|e| thrown(&e))
}

/// Who is behind each host: one entry per host, `null` when the host is not
/// listed, else `{domain, tracker, category, category_name, company,
/// country}`. Hosts are URL host names (punycode, no port).
#[wasm_bindgen(js_name = matchHosts)]
pub fn match_hosts(hosts: Vec<String>) -> JsResult {
    TRACKERS.with(|t| {
        let t = t.borrow();
        let table = t.as_ref().ok_or_else(|| thrown(&Error::invalid_argument("setTrackers was not called")))?;
        to_js(&hosts.iter().map(|h| table.lookup(h)).collect::<Vec<_>>())
    })
}
