//! Videos and HEIF images made by the tests (ffmpeg, heif-enc, exiftool),
//! cleaned by Silbato, checked by independent readers: exiftool (with -ee,
//! which reads telemetry tracks) finds no location, serial, person or unique
//! id; ffmpeg's per-stream packet hashes are equal for every kept stream;
//! libheif decodes identical pixels; colour profile and rotation are kept.
//! The command-line tool, which streams the file from ranges, writes the
//! same bytes as the in-memory clean.

mod common;

use std::path::Path;

use common::*;
use silbato::Options;

fn check_iso(f: &Fixture, dir: &Path) {
    let input = std::fs::read(&f.path).unwrap();
    let report = silbato::inspect(&input, &Options::default()).unwrap_or_else(|e| panic!("{}: {e}", f.name));
    for want in &f.expect {
        assert!(report.findings.iter().any(|x| x.category.as_str() == *want), "{}: inspect did not report {want}: {:#?}", f.name, report.findings);
    }
    assert!(!leaks(&f.path).is_empty(), "{}: fixture carries nothing", f.name);
    if let Err(problem) = iso_check(&f.path, dir) {
        panic!("{}: {problem}", f.name);
    }
}

#[test]
fn videos_and_heif_made_with_ffmpeg_heif_enc_and_exiftool() {
    for tool in ["exiftool", "ffmpeg", "heif-enc", "heif-convert"] {
        require(tool);
    }
    let dir = tempfile::tempdir().unwrap();
    let fixtures = make_iso_fixtures(dir.path());
    assert!(fixtures.len() >= 6);
    for f in &fixtures {
        check_iso(f, dir.path());
    }
}

#[test]
fn truncated_videos_are_errors_not_panics() {
    require("ffmpeg");
    let dir = tempfile::tempdir().unwrap();
    for f in make_iso_fixtures(dir.path()) {
        let input = std::fs::read(&f.path).unwrap();
        for cut in (0..input.len()).step_by(7) {
            let _ = silbato::inspect(&input[..cut], &Options::default());
            if let Ok(c) = silbato::clean(&input[..cut], &Options::default()) {
                assert!(silbato::inspect(&c.output, &Options::default()).unwrap().findings.is_empty(), "{} cut {cut}", f.name);
            }
        }
    }
}
