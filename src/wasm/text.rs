//! Share links and personal details in a post.

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{to_js, JsResult};
use crate::text::{Term, TextFinding, TextOptions};
use crate::Lang;

thread_local! {
    static NEVER_PUBLISH: RefCell<Vec<Term>> = const { RefCell::new(Vec::new()) };
}

/// One cleaned link: the `LinkReport` of `silbato link --json`.
#[wasm_bindgen(js_name = cleanLink)]
pub fn clean_link(url: &str, lang: &str) -> JsResult {
    to_js(&crate::url::clean_link(url, Lang::from_tag(lang)))
}

/// Keep the person's never-publish list for `scanText` (it never leaves this
/// memory and the extension's local storage). Returns how many entries are used.
#[wasm_bindgen(js_name = setNeverPublish)]
pub fn set_never_publish(entries: Vec<String>) -> usize {
    let terms = Term::list(&entries);
    let n = terms.len();
    NEVER_PUBLISH.with(|list| *list.borrow_mut() = terms);
    n
}

/// What `text` would reveal: `{findings}` in the shape of `silbato text
/// --json`, with `start`/`end` in UTF-16 code units (JavaScript string
/// indices) instead of UTF-8 bytes.
#[wasm_bindgen(js_name = scanText)]
pub fn scan_text(text: &str, lang: &str) -> JsResult {
    #[derive(Serialize)]
    struct Out {
        findings: Vec<TextFinding>,
    }
    let options = TextOptions { lang: Lang::from_tag(lang), never_publish: NEVER_PUBLISH.with(|list| list.borrow().clone()) };
    let mut findings = crate::text::scan(text, &options);
    let mut offsets: Vec<usize> = findings.iter().flat_map(|f| [f.start, f.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let utf16 = utf16_offsets(text, &offsets);
    let convert = |byte: usize| offsets.binary_search(&byte).ok().and_then(|i| utf16.get(i).copied()).unwrap_or(0);
    for f in &mut findings {
        f.start = convert(f.start);
        f.end = convert(f.end);
    }
    to_js(&Out { findings })
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
