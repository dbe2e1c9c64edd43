//! Any bytes: planning must return, and a plan that is returned must apply
//! to exactly its input and give a file that reveals nothing when read again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use silbato::Options;

fuzz_target!(|data: &[u8]| {
    let opts = Options::default();
    if let Ok(planned) = silbato::plan_clean(data, &opts) {
        let out = planned.plan.apply(data).expect("a verified plan applies to its input");
        let again = silbato::inspect(&out, &opts).expect("cleaned output reads back");
        assert!(again.findings.is_empty(), "cleaned output still reveals {:?}", again.findings);
        let twice = silbato::clean(&out, &opts).expect("cleaned output cleans again");
        assert_eq!(twice.output, out, "cleaning twice changes the file");
    }
});
