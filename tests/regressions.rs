//! Inputs that once broke something (most found by `make fuzz`), replayed
//! on every run: each must give a result or a typed error, never a panic,
//! and anything cleaned must read back clean.

use silbato::{Depth, Options};

#[test]
fn regressions_replay_without_panic() {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/regressions"));
    let opts = Options::default();
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "bin") {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        let _ = silbato::inspect_with(&data, &opts, Depth::Headers);
        let _ = silbato::inspect(&data, &opts);
        if let Ok(c) = silbato::clean(&data, &opts) {
            let again = silbato::inspect(&c.output, &opts).unwrap();
            assert!(again.findings.is_empty(), "{}: {:?}", path.display(), again.findings);
        }
        n += 1;
    }
    println!("{n} regression inputs replayed");
}
