//! Any bytes: inspect at both depths must return, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use silbato::{Depth, Options};

fuzz_target!(|data: &[u8]| {
    let opts = Options::default();
    let _ = silbato::inspect_with(data, &opts, Depth::Headers);
    let _ = silbato::inspect_with(data, &opts, Depth::Full);
});
