//! The extended test over real files from many cameras and phones in
//! `../shared/corpus/` (see its MANIFEST.tsv). Runs when the folder exists
//! and says it was skipped when it does not. For every JPEG, PNG, WebP, GIF,
//! HEIC, AVIF, MP4, MOV, 3GP, MP3, M4A, WAV, FLAC, Ogg and Opus: no panic; our inspector names every blocking
//! category exiftool finds; cleaning succeeds and exiftool (-ee) finds nothing
//! left in the blocking categories; decoded pixels (libheif for HEIF), the
//! packets of every kept stream and the decoded audio (ffmpeg), orientation
//! and ICC profile are unchanged (for a damaged photo that is still cleaned,
//! the rows kept before the damage); cleaning twice changes nothing. Office
//! documents (DOCX, ODT) must also print the same text in LibreOffice
//! (tracked changes accepted); for every PDF, the checks of
//! `common::pdf_check` (poppler draws the pages and extracts the text as
//! before, exiftool finds nothing even after `-PDF-update:all=`). Every other
//! file must give a typed error, never a panic or a silent pass.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use silbato::{ErrorKind, Options};

/// Files we cannot clean yet, and why. The test fails when one starts to
/// pass, so this list stays true.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

/// Documents with tracked changes: cleaning accepts them, so the text of
/// the cleaned document is the original's (as LibreOffice prints it, with
/// the changes shown) without the text they deleted.
const ACCEPTED_DELETIONS: &[(&str, &str)] = &[("mat2__tests__data__revision.docx", "I'm a text document : please love me.")];

/// An office document: cleaned, it reveals nothing to us or to exiftool,
/// cleans to itself, and LibreOffice prints the same text from it.
fn document_check(path: &Path, name: &str, dir: &Path) -> Result<(), String> {
    let opts = Options::default();
    let input = std::fs::read(path).unwrap();
    let cleaned = silbato::clean(&input, &opts).map_err(|e| format!("clean: {e}"))?;
    let again = silbato::inspect(&cleaned.output, &opts).map_err(|e| format!("inspect cleaned: {e}"))?;
    if !again.findings.is_empty() {
        return Err(format!("the cleaned document still reveals {:?}", again.findings));
    }
    if silbato::clean(&cleaned.output, &opts).map_err(|e| format!("second clean: {e}"))?.output != cleaned.output {
        return Err("cleaning twice changed the file".into());
    }
    let work = dir.join(format!("{name}.d"));
    std::fs::create_dir_all(work.join("clean")).unwrap();
    let ext = path.extension().unwrap().to_string_lossy().into_owned();
    std::fs::copy(path, work.join(format!("original.{ext}"))).unwrap();
    std::fs::write(work.join(format!("clean/original.{ext}")), &cleaned.output).unwrap();
    let left = leaks(&work.join(format!("clean/original.{ext}")));
    if !left.is_empty() {
        return Err(format!("exiftool still finds {left:?}"));
    }
    soffice(&work, &["--convert-to", "pdf", &format!("original.{ext}")]);
    soffice(&work, &["--convert-to", "pdf", "--outdir", "clean", &format!("clean/original.{ext}")]);
    let mut want = pdf_words(&work.join("original.pdf"));
    if let Some((_, deleted)) = ACCEPTED_DELETIONS.iter().find(|(n, _)| *n == name) {
        want = want.replace(deleted, "").split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let got = pdf_words(&work.join("clean/original.pdf"));
    if got != want {
        return Err(format!("LibreOffice prints other text after cleaning:\n  want {want:?}\n  got  {got:?}"));
    }
    Ok(())
}

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
    require("soffice");
    require("pdftotext");
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
            // Recordings (M4A included): exiftool, packet hashes, decoded audio.
            if silbato::sniff(&input).is_some_and(|f| f.info().media == silbato::report::Media::Audio) {
                return audio_check(&path, out_dir.path());
            }
            if silbato::sniff(&input).is_some_and(|f| f.is_iso_media()) {
                return iso_check(&path, out_dir.path());
            }
            // PDFs: pages drawn and text extracted by poppler, exiftool with and without its updates.
            if silbato::sniff(&input) == Some(silbato::Format::Pdf) {
                return pdf_check(&path, out_dir.path());
            }
            if silbato::identify(&input).is_ok_and(|f| f.info().media == silbato::report::Media::Document) {
                return document_check(&path, &name, out_dir.path());
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
                let after = decode_frames(&cleaned.output);
                if cleaned.removed.damage.is_none() && before != after {
                    return Err("pixels changed".into());
                }
            }
            // A damaged photo keeps its image data up to the damage: the rows kept
            // whole decode as a browser shows them in the damaged file (libjpeg-turbo,
            // Chromium's decoder). A progressive one keeps its finished scans, and
            // cannot be compared row by row.
            if let Some(kept) = cleaned.removed.damage.as_ref().and_then(|d| d.kept) {
                let (Some(b), Some(a)) = (djpeg_rows(&input), djpeg_rows(&cleaned.output)) else {
                    return Err("djpeg cannot decode the damaged photo or its cleaned copy".into());
                };
                let n = b.0 * kept as usize;
                if b.1.get(..n) != a.1.get(..n) {
                    return Err(format!("the {kept} rows kept of a damaged photo differ from what a browser shows"));
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
    println!("corpus: {cleaned_count} photos, videos, documents and recordings cleaned and checked");
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Every video of the corpus through `silbato redact --faces`: it plays
/// with as many frames as the original, upright (the original's rotation
/// applied to the pixels), with the original's sound, and exiftool finds
/// nothing identifying in it (GoPro's telemetry, a track of GPS, is gone).
#[test]
fn corpus_videos_with_faces_covered() {
    let Some(dir) = corpus_dir() else {
        println!("corpus: ../shared/corpus is missing; skipped");
        return;
    };
    common::require("ffmpeg");
    let videos: Vec<PathBuf> = files(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| ["mp4", "mov", "3gp", "m4v"].iter().any(|v| e.eq_ignore_ascii_case(v))))
        .collect();
    let probe = |p: &Path| -> Vec<serde_json::Value> {
        let out = std::process::Command::new("ffprobe")
            .args([
                "-v",
                "error",
                "-count_frames",
                "-show_entries",
                "stream=codec_type,width,height,nb_read_frames:stream_side_data=rotation",
                "-of",
                "json",
            ])
            .arg(p)
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["streams"].as_array().cloned().unwrap_or_default()
    };
    let out = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    for path in &videos {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let run =
            std::process::Command::new(common::cli()).args(["redact", "--faces", "--json", "--out"]).arg(out.path()).arg(path).output().unwrap();
        if !run.status.success() {
            problems.push(format!("{name}: {}", String::from_utf8_lossy(&run.stdout)));
            continue;
        }
        let covered = out.path().join(&name);
        let (before, after) = (probe(path), probe(&covered));
        let video = |s: &[serde_json::Value]| s.iter().find(|s| s["codec_type"] == "video").cloned().unwrap_or_default();
        let (v0, v1) = (video(&before), video(&after));
        let turned = v0["side_data_list"].as_array().and_then(|l| l.iter().find_map(|d| d["rotation"].as_i64())).unwrap_or(0).abs() % 180 == 90;
        let upright = if turned { (v0["height"].clone(), v0["width"].clone()) } else { (v0["width"].clone(), v0["height"].clone()) };
        if (v1["width"].clone(), v1["height"].clone()) != upright || v1["nb_read_frames"] != v0["nb_read_frames"] {
            problems.push(format!("{name}: {v0} became {v1}"));
        }
        let sounds = |s: &[serde_json::Value]| s.iter().filter(|s| s["codec_type"] == "audio").count();
        if sounds(&before) != sounds(&after) {
            problems.push(format!("{name}: {} sound tracks became {}", sounds(&before), sounds(&after)));
        }
        let leaks = common::leaks(&covered);
        if !leaks.is_empty() {
            problems.push(format!("{name}: {leaks:?}"));
        }
    }
    println!("corpus: {} videos covered and checked", videos.len());
    assert!(problems.is_empty(), "{problems:#?}");
}
