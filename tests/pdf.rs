//! PDFs made by Ghostscript, qpdf and exiftool, and by hand, cleaned and
//! checked by independent readers (see `common::pdf_check`): exiftool,
//! `exiftool -PDF-update:all=`, qpdf --check, poppler's pdftoppm and
//! pdftotext.

mod common;

use common::*;
use silbato::{Category, ErrorKind, Options};

fn fixtures() -> (tempfile::TempDir, Vec<Fixture>) {
    for tool in ["gs", "qpdf", "exiftool", "pdftoppm", "pdftotext"] {
        require(tool);
    }
    let dir = tempfile::tempdir().unwrap();
    let fixtures = make_pdf_fixtures(dir.path());
    (dir, fixtures)
}

#[test]
fn pdf_fixtures_are_reported_cleaned_and_read_back_the_same() {
    let (dir, fixtures) = fixtures();
    let opts = Options::default();
    let mut problems = Vec::new();
    for f in &fixtures {
        let input = std::fs::read(&f.path).unwrap();
        let report = silbato::inspect(&input, &opts).unwrap_or_else(|e| panic!("{}: {e}", f.name));
        for cat in &f.expect {
            if !report.findings.iter().any(|x| x.category.as_str() == *cat) {
                problems.push(format!("{}: inspect misses {cat}: {:#?}", f.name, report.findings));
            }
        }
        if f.name == "pdf-encrypted" {
            continue;
        }
        if let Err(e) = pdf_check(&f.path, dir.path()) {
            problems.push(format!("{}: {e}", f.name));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn exiftool_updates_keep_the_old_author_and_cleaning_does_not() {
    let (dir, fixtures) = fixtures();
    let updated = fixtures.iter().find(|f| f.name == "pdf-updated").unwrap();
    // The fixture means something: undoing exiftool's update brings back the first author.
    let undone = dir.path().join("undone.pdf");
    std::fs::copy(&updated.path, &undone).unwrap();
    exiftool_write(&undone, &["-PDF-update:all="]);
    assert!(exiftool_tags(&undone).get("PDF:Author").is_some_and(|a| a == "Maria Lopez"), "{:?}", exiftool_tags(&undone));
    let input = std::fs::read(&updated.path).unwrap();
    let report = silbato::inspect(&input, &Options::default()).unwrap();
    assert!(report.findings.iter().any(|f| f.tag == "PDF:Revisions"), "{report:#?}");
    let cleaned = silbato::clean(&input, &Options::default()).unwrap();
    let text = String::from_utf8_lossy(&cleaned.output);
    assert!(!text.contains("Maria") && !text.contains("Ana Example"), "{text}");
}

#[test]
fn the_photo_inside_is_cleaned_and_its_image_data_kept() {
    let (_dir, fixtures) = fixtures();
    let full = fixtures.iter().find(|f| f.name == "pdf-full").unwrap();
    let input = std::fs::read(&full.path).unwrap();
    let cleaned = silbato::clean(&input, &Options::default()).unwrap();
    let gps = cleaned.removed.findings.iter().find(|f| f.category == Category::Location).unwrap();
    assert!(gps.tag.starts_with("Image:"), "{gps:?}");
    // The JPEG's entropy-coded data (from its first scan to its end) is in the cleaned file as it was.
    let photo = std::fs::read(full.path.with_file_name("pdf-photo.jpg")).unwrap();
    let sos = photo.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    let scan = &photo[sos..];
    assert!(cleaned.output.windows(scan.len()).any(|w| w == scan));
    for gone in ["Ana Example", "F2LXK9Q1", "Maria", "612-555-0199", "Garcia", "app.alert", "editable copy"] {
        assert!(!String::from_utf8_lossy(&cleaned.output).contains(gone), "{gone}");
    }
}

#[test]
fn encrypted_pdfs_are_reported_and_refused_in_plain_words() {
    let (_dir, fixtures) = fixtures();
    let locked = fixtures.iter().find(|f| f.name == "pdf-encrypted").unwrap();
    let input = std::fs::read(&locked.path).unwrap();
    let report = silbato::inspect(&input, &Options { lang: silbato::Lang::Es, gazetteer: None }).unwrap();
    let f = report.findings.iter().find(|f| f.tag == "PDF:Encrypt").unwrap();
    assert!(f.message.contains("contraseña"), "{f:?}");
    let e = silbato::clean(&input, &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert!(e.to_string().contains("password"), "{e}");
}

#[test]
fn the_cli_inspects_and_cleans_a_pdf() {
    let (dir, fixtures) = fixtures();
    let full = fixtures.iter().find(|f| f.name == "pdf-full").unwrap();
    let o = std::process::Command::new(cli()).arg("inspect").arg(&full.path).output().unwrap();
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.contains("(PDF)") && said.contains("Maria Lopez"), "{said}");
    let out = dir.path().join("cli-out");
    let o = std::process::Command::new(cli()).args(["clean", "--out"]).arg(&out).arg(&full.path).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cleaned = out.join("pdf-full.pdf");
    assert!(pdf_metadata(&cleaned).is_empty(), "{:?}", pdf_metadata(&cleaned));
}
