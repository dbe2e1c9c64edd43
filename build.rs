//! Embeds the offline gazetteer in the command-line tool when it has been
//! built (`make` runs scripts/build-gazetteer.mjs first). Without it the
//! tool still works; locations are then given as coordinates.

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let src = Path::new("build/gazetteer.bin");
    println!("cargo:rerun-if-changed=build/gazetteer.bin");
    let bytes = std::fs::read(src).unwrap_or_default();
    if bytes.is_empty() {
        println!("cargo:warning=build/gazetteer.bin is missing: run `make` to name towns in reports");
    }
    std::fs::write(Path::new(&out).join("gazetteer.bin"), bytes).expect("write OUT_DIR/gazetteer.bin");
}
