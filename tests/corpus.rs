//! The extended test over real files from many cameras and phones in
//! `../shared/corpus/` (see its MANIFEST.tsv). Runs when the folder exists
//! and says it was skipped when it does not. For every JPEG, PNG, WebP, GIF,
//! HEIC, AVIF, MP4, MOV and 3GP: no panic; our inspector names every blocking
//! category exiftool finds; cleaning succeeds and exiftool (-ee) finds nothing
//! left in the blocking categories; decoded pixels (libheif for HEIF), the
//! packets of every kept stream (ffmpeg), orientation and ICC profile are
//! unchanged; for every PDF, the checks of `common::pdf_check` (poppler draws
//! the pages and extracts the text as before, exiftool finds nothing even
//! after `-PDF-update:all=`); cleaning twice changes nothing. Every other file must give a
//! typed error, never a panic or a silent pass.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use silbato::{ErrorKind, Options};

/// Files we cannot clean yet, and why. The test fails when one starts to
/// pass, so this list stays true.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.join("MANIFEST.tsv").exists().then_some(dir)
}

/// file name → the blocking categories exiftool found (MANIFEST.tsv column
/// `blocking_categories`, with `unique-id` spelled as our `unique_id`).
fn manifest(dir: &Path) -> std::collections::HashMap<String, Vec<String>> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = header.iter().position(|h| *h == "blocking_categories").unwrap();
    lines
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            let cats = cells.get(col)?.split(',').filter(|c| *c != "-" && !c.is_empty()).map(|c| c.replace('-', "_")).collect();
            Some((cells[0].to_string(), cats))
        })
        .collect()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && !p.file_name().is_some_and(|n| n == "MANIFEST.tsv" || n == "README.md"))
        .collect();
    v.sort();
    v
}

#[test]
fn corpus() {
    let Some(dir) = corpus_dir() else {
        println!("corpus test skipped: ../shared/corpus not found");
        return;
    };
    require("exiftool");
    let out_dir = tempfile::tempdir().unwrap();
    let opts = Options::default();
    let mut problems = Vec::new();
    let mut cleaned_count = 0;
    let manifest = manifest(&dir);
    for path in files(&dir) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let input = std::fs::read(&path).unwrap();
        let known = KNOWN_FAILURES.iter().find(|(n, _)| *n == name);
        if silbato::sniff(&input).is_none() {
            let e = silbato::inspect(&input, &opts).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Unsupported, "{name}");
            assert!(silbato::clean(&input, &opts).is_err(), "{name}: an unsupported file must never pass");
            continue;
        }
        let result = (|| -> Result<(), String> {
            let report = silbato::inspect(&input, &opts).map_err(|e| format!("inspect: {e}"))?;
            // exiftool found nothing in a blocking category that our inspector missed.
            for cat in manifest.get(&name).into_iter().flatten() {
                if !report.findings.iter().any(|f| f.category.as_str() == cat) {
                    return Err(format!("inspect misses {cat}, which exiftool reports"));
                }
            }
            if silbato::sniff(&input).is_some_and(|f| f.is_iso_media()) {
                return iso_check(&path, out_dir.path());
            }
            // PDFs: pages drawn and text extracted by poppler, exiftool with and without its updates.
            if silbato::sniff(&input) == Some(silbato::Format::Pdf) {
                return pdf_check(&path, out_dir.path());
            }
            let cleaned = silbato::clean(&input, &opts).map_err(|e| format!("clean: {e}"))?;
            let out = out_dir.path().join(&name);
            std::fs::write(&out, &cleaned.output).unwrap();
            let left = leaks(&out);
            if !left.is_empty() {
                return Err(format!("exiftool still finds {left:?}"));
            }
            let before = std::panic::catch_unwind(|| decode_frames(&input));
            if let Ok(before) = before {
                if before != decode_frames(&cleaned.output) {
                    return Err("pixels changed".into());
                }
            }
            // Absent, 0 and 1 all display upright.
            let shown = |o: Option<i64>| o.filter(|o| (2..=8).contains(o)).unwrap_or(1);
            if shown(orientation(&out)) != shown(orientation(&path)) {
                return Err(format!("orientation {:?} became {:?}", orientation(&path), orientation(&out)));
            }
            if icc_profile(&out) != icc_profile(&path) {
                return Err("ICC profile changed".into());
            }
            let again = silbato::clean(&cleaned.output, &opts).map_err(|e| format!("second clean: {e}"))?;
            if again.output != cleaned.output {
                return Err("cleaning twice changed the file".into());
            }
            Ok(())
        })();
        match (result, known) {
            (Ok(()), None) => cleaned_count += 1,
            (Ok(()), Some(_)) => problems.push(format!("{name} is listed as a known failure but now passes: update KNOWN_FAILURES")),
            (Err(e), None) => problems.push(format!("{name}: {e}")),
            (Err(_), Some(_)) => {}
        }
    }
    println!("corpus: {cleaned_count} photos, videos and documents cleaned and checked");
    assert!(problems.is_empty(), "{problems:#?}");
}
