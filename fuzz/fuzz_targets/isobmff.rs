//! ISO boxes: the input follows an `ftyp` (so the fuzzer spends its time in
//! box parsing), the brand chosen by the first byte. Planned both in memory
//! and through the range protocol; both must agree, and a returned plan must
//! give a file that reads back clean.
#![no_main]

use libfuzzer_sys::fuzz_target;
use silbato::{Options, Sparse, Step};

fuzz_target!(|data: &[u8]| {
    let Some((&brand, rest)) = data.split_first() else { return };
    let brand: &[u8; 4] = match brand % 4 {
        0 => b"isom",
        1 => b"qt  ",
        2 => b"heic",
        _ => b"avif",
    };
    let mut input = vec![0, 0, 0, 16, b'f', b't', b'y', b'p'];
    input.extend_from_slice(brand);
    input.extend_from_slice(&[0, 0, 0, 0]);
    input.extend_from_slice(rest);
    let opts = Options::default();
    let _ = silbato::inspect(&input, &opts);
    let whole = silbato::plan_clean(&input, &opts);
    let mut sparse = Sparse::new(input.len() as u64);
    let ranged = loop {
        match silbato::plan_clean_source(&sparse, &opts) {
            Ok(Step::Need { start, len }) => sparse.insert(start, input[start as usize..(start + len) as usize].to_vec()),
            Ok(Step::Done(p)) => break Ok(p),
            Err(e) => break Err(e),
        }
    };
    match (whole, ranged) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.plan, b.plan, "plans differ between memory and ranges");
            let out = a.plan.apply(&input).expect("plan applies");
            let again = silbato::inspect(&out, &opts).expect("cleaned output reads back");
            assert!(again.findings.is_empty(), "cleaned output still reveals {:?}", again.findings);
        }
        (Err(a), Err(b)) => assert_eq!(a.kind, b.kind),
        (a, b) => panic!("memory and ranges disagree: {:?} vs {:?}", a.map(|p| p.format), b.map(|p| p.format)),
    }
});
