//! Any text: link cleaning and the personal-detail scanner must return,
//! never panic or hang, and findings must point at character boundaries.
//! The first line is used as a never-publish list (entries split on `|`).
//! The same text also goes through the tracker table: as a table (it must
//! load or be refused) and word by word as host names a page could report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

use silbato::text::{scan, Term, TextOptions};
use silbato::trackers::TrackerTable;

const TABLE: &str = r#"{"source":"fuzz","categories":[{"key":"advertising","name":"Advertising"}],
  "companies":[{"name":"Meta","country":"US","privacy_policy":null}],
  "trackers":[{"name":"Facebook","category":0,"company":0}],
  "domains":{"facebook.net":0,"xn--bcher-kva.example":0,"a.b.c":0}}"#;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (list, body) = text.split_once('\n').unwrap_or(("", &text));
    let never: Vec<String> = list.split('|').map(str::to_string).collect();
    let options = TextOptions { never_publish: Term::list(&never), ..Default::default() };
    for f in scan(body, &options) {
        assert!(f.start <= f.end && body.is_char_boundary(f.start) && body.is_char_boundary(f.end));
    }
    static TRACKERS: OnceLock<TrackerTable> = OnceLock::new();
    let table = TRACKERS.get_or_init(|| TrackerTable::from_json(TABLE).expect("the fuzz table loads"));
    for word in text.split(|c: char| c.is_whitespace() || c == '/').take(10_000) {
        if let Some(m) = table.lookup(word) {
            let host = word.trim_end_matches('.').to_ascii_lowercase();
            assert!(host == m.domain || host.ends_with(&format!(".{}", m.domain)), "a match is the host or one of its parents");
        }
    }
    let _ = TrackerTable::from_json(&text);
    for range in silbato::url::find_links(body) {
        let report = silbato::url::clean_link(&body[range], Default::default());
        let again = silbato::url::clean_link(&report.output, Default::default());
        assert!(again.removed.is_empty() || !report.unwrapped.is_empty() || report.unwrapped.len() == 4, "cleaning twice removes nothing more");
    }
});
