//! Any bytes as a photo whose faces are covered: covering must return an
//! error or a new photo that reads back clean, never crash, hang or
//! allocate without bound (the decoder's limits). Also any bytes as a photo
//! searched for faces: decoded grey and upright, its passes planned.
#![no_main]

use libfuzzer_sys::fuzz_target;
use silbato::faces::{redact, Cover, Region};
use silbato::Options;

fuzz_target!(|data: &[u8]| {
    if let Ok(search) = silbato::faces::Search::new(data) {
        assert!(!search.passes().is_empty());
    }
    let regions = [Region { x: 3, y: 5, width: 40, height: 30 }];
    for cover in [Cover::Fill, Cover::Pixelate { seed: 7 }] {
        if let Ok(done) = redact(data, &regions, cover) {
            let again = silbato::inspect(&done.output, &Options::default()).expect("a covered photo reads back");
            assert!(again.findings.is_empty(), "a covered photo still reveals {:?}", again.findings);
        }
    }
});
