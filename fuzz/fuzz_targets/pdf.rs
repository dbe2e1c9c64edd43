//! PDF: the input is read as a document (a `%PDF-` header is added when it
//! lacks one, so the fuzzer spends its time in lopdf's reader and the walk).
//! A returned plan must give a file that reads back clean, and cleaning that
//! file again must change nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use silbato::{Depth, Options};

fuzz_target!(|data: &[u8]| {
    let mut input = Vec::with_capacity(data.len() + 9);
    if !data.starts_with(b"%PDF-") {
        input.extend_from_slice(b"%PDF-1.7\n");
    }
    input.extend_from_slice(data);
    let opts = Options::default();
    let _ = silbato::inspect_with(&input, &opts, Depth::Headers);
    let _ = silbato::inspect(&input, &opts);
    if let Ok(planned) = silbato::plan_clean(&input, &opts) {
        let out = planned.plan.apply(&input).expect("plan applies");
        let again = silbato::inspect(&out, &opts).expect("cleaned output reads back");
        assert!(again.findings.is_empty(), "cleaned output still reveals {:?}", again.findings);
        let twice = silbato::clean(&out, &opts).expect("a cleaned file cleans again");
        assert_eq!(twice.output, out, "cleaning twice changed the file");
    }
});
