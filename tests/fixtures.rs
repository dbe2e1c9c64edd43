//! Images the tests make, with real tags written by exiftool, cleaned by
//! Silbato and checked by an independent reader: exiftool finds no
//! location, serial, person, unique id or embedded image; the `image` crate
//! decodes identical pixels; orientation and ICC profile are unchanged;
//! cleaning twice changes nothing.

mod common;

use std::path::Path;

use common::*;
use silbato::{Category, Options};

fn opts() -> Options<'static> {
    Options::default()
}

fn check(f: &Fixture, dir: &Path) {
    let input = std::fs::read(&f.path).unwrap();

    // Our own inspector sees what was written.
    let report = silbato::inspect(&input, &opts()).unwrap_or_else(|e| panic!("{}: {e}", f.name));
    for want in &f.expect {
        assert!(report.findings.iter().any(|x| x.category.as_str() == *want), "{}: inspect did not report {want}: {:#?}", f.name, report.findings);
    }
    // exiftool sees leaks in the original (or the fixture is not testing anything).
    assert!(!leaks(&f.path).is_empty(), "{}: fixture carries nothing", f.name);

    let cleaned = silbato::clean(&input, &opts()).unwrap_or_else(|e| panic!("{}: {e}", f.name));
    let out = dir.join(format!("clean-{}", f.path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&out, &cleaned.output).unwrap();

    let left = leaks(&out);
    assert!(left.is_empty(), "{}: exiftool still finds {left:#?}", f.name);
    let warnings = exiftool_warnings(&out);
    assert!(warnings.is_empty(), "{}: exiftool warns about the cleaned file: {warnings:?}", f.name);
    assert!(decode_frames(&input) == decode_frames(&cleaned.output), "{}: pixels changed", f.name);
    if cleaned.format == silbato::Format::WebP {
        // libwebp's own validator checks chunk sizes, VP8X flags and frame
        // layout. exiftool, adding VP8X, leaves the alpha flag unset over
        // alpha data, which webpinfo rejects; Silbato keeps flags that
        // change how decoders render (the `image` crate honours that one),
        // so the cleaned file must pass whenever the original passes.
        let valid = |p: &Path| std::process::Command::new("webpinfo").arg("-quiet").arg(p).status().unwrap().success();
        assert!(valid(&out) || !valid(&f.path), "{}: webpinfo rejects the cleaned file", f.name);
    }
    assert_eq!(orientation(&out), f.orientation.map(i64::from), "{}: orientation", f.name);
    assert_eq!(orientation(&out), orientation(&f.path), "{}: orientation differs from the original", f.name);
    assert_eq!(icc_profile(&out), icc_profile(&f.path), "{}: ICC profile changed", f.name);

    // What was removed covers what exiftool saw, category by category.
    for cat in ["location", "serial", "person", "unique_id"] {
        let exiftool_saw = exiftool_tags(&f.path).keys().any(|k| classify(k) == Some(cat));
        let we_removed = cleaned.removed.findings.iter().any(|x| x.category.as_str() == cat);
        assert!(!exiftool_saw || we_removed, "{}: exiftool saw {cat} that our report does not name", f.name);
    }

    let again = silbato::clean(&cleaned.output, &opts()).unwrap();
    assert_eq!(again.output, cleaned.output, "{}: cleaning twice changed the file", f.name);
    assert!(silbato::inspect(&cleaned.output, &opts()).unwrap().findings.is_empty());

    // The plan, applied by a caller, gives the same bytes.
    let planned = silbato::plan_clean(&input, &opts()).unwrap();
    assert_eq!(planned.plan.apply(&input).unwrap(), cleaned.output);
    assert!(planned.removed.blocking().all(|x| x.category != Category::Device));
}

#[test]
fn fixtures_made_with_exiftool_are_cleaned_and_pass_an_independent_check() {
    for tool in ["exiftool", "cwebp", "img2webp", "jpegtran", "webpinfo"] {
        require(tool);
    }
    let dir = tempfile::tempdir().unwrap();
    let fixtures = make_fixtures(dir.path());
    assert!(fixtures.len() >= 10);
    for f in &fixtures {
        check(f, dir.path());
    }
}

#[test]
fn truncated_fixtures_are_errors_not_panics() {
    require("exiftool");
    let dir = tempfile::tempdir().unwrap();
    for f in make_fixtures(dir.path()) {
        let input = std::fs::read(&f.path).unwrap();
        // Every prefix for the first 4 KiB (headers), then coarser steps.
        let cuts = (0..input.len().min(4096)).chain((4096..input.len()).step_by(97));
        for cut in cuts {
            let r = silbato::clean(&input[..cut], &opts());
            if let Ok(c) = r {
                // A cut that lands after the image (in a trailer) still cleans, and cleanly.
                assert!(silbato::inspect(&c.output, &opts()).unwrap().findings.is_empty(), "{} cut at {cut}", f.name);
            }
            let _ = silbato::inspect(&input[..cut], &opts());
        }
    }
}
