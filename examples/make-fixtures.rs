//! Writes the test fixtures (images, videos and recordings made here, tagged by exiftool and ffmpeg) into a
//! folder, for the JavaScript tests and for looking at by hand:
//! `cargo run --example make-fixtures -- build/fixtures`.

#[path = "../tests/common/mod.rs"]
mod common;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "build/fixtures".into());
    let dir = std::path::Path::new(&dir);
    for f in common::make_fixtures(dir)
        .into_iter()
        .chain(common::make_iso_fixtures(dir))
        .chain(common::make_audio_fixtures(dir))
        .chain(common::make_pdf_fixtures(dir))
    {
        println!("{}", f.path.display());
    }
    for p in common::make_damaged_fixtures(dir).into_iter().chain(common::make_document_fixtures(dir)) {
        println!("{}", p.display());
    }
}
