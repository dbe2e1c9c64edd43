//! Office documents written by real programs, cleaned and checked by
//! others: LibreOffice (headless) writes ODT, ODS, ODP, DOCX, XLSX and PPTX
//! from flat OpenDocument with an author, dates, editing time and cycles,
//! a template path, a custom property, comments with authors, tracked
//! changes, revision ids, a printer and a photo with GPS; a DOCX is also
//! built here the way Word writes one (company, people, printer settings,
//! thumbnail, rsids, Excel-like paths are in the unit tests). Each is
//! cleaned; then exiftool (with libarchive-zip-perl) must find nothing but
//! the file itself, `unzip -t` must find the archive sound, the cleaned
//! document must reveal nothing to our inspector at full depth, cleaning
//! twice must change nothing, and LibreOffice must open it and convert it
//! to PDF with the text of the original as it reads (changes accepted).
//! LibreOffice runs once per format for the fixtures and twice for all the
//! PDFs: it is slow on two cores.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;
use silbato::{Category, Options};

const META: &str = r#"<office:meta><meta:initial-creator>Ana Example</meta:initial-creator><dc:creator>Bea Example</dc:creator><meta:creation-date>2026-03-01T09:00:00</meta:creation-date><dc:date>2026-03-02T10:00:00</dc:date><meta:editing-cycles>7</meta:editing-cycles><meta:editing-duration>PT1H33M</meta:editing-duration><dc:title>Rapid response shifts</dc:title><dc:subject>Tenants</dc:subject><meta:keyword>eviction watch</meta:keyword><meta:template xlink:type="simple" xlink:actuate="onRequest" xlink:title="Minutes" xlink:href="file:///home/ana/Templates/Minutes.ott" meta:date="2026-01-01T00:00:00"/><meta:user-defined meta:name="Organizer">Carla Example</meta:user-defined></office:meta>"#;

const SETTINGS: &str = r#"<office:settings><config:config-item-set config:name="ooo:configuration-settings"><config:config-item config:name="PrinterName" config:type="string">HP-Office-3rd-floor</config:config-item><config:config-item config:name="RsidRoot" config:type="int">1234567</config:config-item><config:config-item config:name="Rsid" config:type="int">1234568</config:config-item></config:config-item-set></office:settings>"#;

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:officeooo="http://openoffice.org/2009/office" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0""#;

fn flat(kind: &str, styles: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.{kind}">{META}{SETTINGS}{styles}<office:body>{body}</office:body></office:document>"#
    )
}

/// A text with a deletion, an insertion, a comment and a photo; with
/// `changes: false`, the same text as it reads with the changes accepted.
fn text_document(photo_base64: Option<&str>, changes: bool) -> String {
    let styles = r#"<office:automatic-styles><style:style style:name="P1" style:family="paragraph"><style:text-properties officeooo:rsid="0012d687" officeooo:paragraph-rsid="0012d687"/></style:style></office:automatic-styles>"#;
    let (tracked, del, ins_start, ins_end, comment) = if changes {
        (
            r#"<text:tracked-changes><text:changed-region xml:id="ct1" text:id="ct1"><text:deletion><office:change-info><dc:creator>Ana Example</dc:creator><dc:date>2026-03-01T10:00:00</dc:date></office:change-info><text:p>eleven </text:p></text:deletion></text:changed-region><text:changed-region xml:id="ct2" text:id="ct2"><text:insertion><office:change-info><dc:creator>Ana Example</dc:creator><dc:date>2026-03-01T10:00:01</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes>"#,
            r#"<text:change text:change-id="ct1"/>"#,
            r#"<text:change-start text:change-id="ct2"/>"#,
            r#"<text:change-end text:change-id="ct2"/>"#,
            r#"<office:annotation><dc:creator>Bea Example</dc:creator><dc:date>2026-03-02T09:00:00</dc:date><text:p>Is this safe?</text:p></office:annotation>"#,
        )
    } else {
        ("", "", "", "", "")
    };
    let photo = photo_base64.map(|b| format!(r#"<text:p><draw:frame draw:name="photo" text:anchor-type="as-char" svg:width="2cm" svg:height="1.5cm"><draw:image><office:binary-data>{b}</office:binary-data></draw:image></draw:frame></text:p>"#)).unwrap_or_default();
    let body = format!(
        r#"<office:text>{tracked}<text:p text:style-name="P1">Meet at {del}{ins_start}noon {ins_end}at the corner.{comment}</text:p><text:p>Bring water and a charged phone.</text:p>{photo}</office:text>"#
    );
    flat("text", styles, &body)
}

fn spreadsheet() -> String {
    let body = r#"<office:spreadsheet><table:table table:name="Shifts"><table:table-row><table:table-cell office:value-type="string"><text:p>Monday</text:p><office:annotation><dc:creator>Bea Example</dc:creator><dc:date>2026-03-02T09:00:00</dc:date><text:p>Call first</text:p></office:annotation></table:table-cell><table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>Tuesday</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="5"><text:p>5</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>"#;
    flat("spreadsheet", "", body)
}

fn presentation() -> String {
    let styles = r#"<office:automatic-styles><style:page-layout style:name="PM1"><style:page-layout-properties fo:page-width="28cm" fo:page-height="15.75cm"/></style:page-layout></office:automatic-styles><office:master-styles><style:master-page style:name="Default" style:page-layout-name="PM1"/></office:master-styles>"#;
    let body = r#"<office:presentation><draw:page draw:name="page1" draw:master-page-name="Default"><draw:frame svg:width="20cm" svg:height="3cm" svg:x="2cm" svg:y="2cm"><draw:text-box><text:p>March on Saturday at ten</text:p></draw:text-box></draw:frame><officeooo:annotation svg:x="1cm" svg:y="1cm" svg:width="1cm" svg:height="1cm"><dc:creator>Bea Example</dc:creator><dc:date>2026-03-02T09:00:00</dc:date><text:p>Check the route</text:p></officeooo:annotation></draw:page></office:presentation>"#;
    flat("presentation", styles, body)
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(A[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

struct Doc {
    path: PathBuf,
    /// The flat document whose PDF text the cleaned one must match.
    expected: &'static str,
    /// Categories our inspector must find in the original.
    expect: &'static [Category],
}

#[test]
fn libreoffice_documents_are_cleaned_and_still_open_with_the_same_text() {
    for tool in ["exiftool", "soffice", "pdftotext", "unzip"] {
        require(tool);
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // A photo with GPS, a serial and an owner, for the text documents.
    let photo = dir.join("photo.jpg");
    std::fs::write(&photo, encode_jpeg(&picture(64, 48, 5), 85)).unwrap();
    exiftool_write(
        &photo,
        &[
            "-GPSLatitude=44.9618",
            "-GPSLatitudeRef=N",
            "-GPSLongitude=93.2710",
            "-GPSLongitudeRef=W",
            "-SerialNumber=F2LXK9Q1",
            "-OwnerName=Ana Example",
        ],
    );
    let photo64 = base64(&std::fs::read(&photo).unwrap());
    std::fs::write(dir.join("text.fodt"), text_document(Some(&photo64), true)).unwrap();
    std::fs::write(dir.join("expected-text.fodt"), text_document(Some(&photo64), false)).unwrap();
    std::fs::write(dir.join("sheet.fods"), spreadsheet()).unwrap();
    std::fs::write(dir.join("slides.fodp"), presentation()).unwrap();
    for (to, from) in
        [("odt", "text.fodt"), ("docx", "text.fodt"), ("ods", "sheet.fods"), ("xlsx", "sheet.fods"), ("odp", "slides.fodp"), ("pptx", "slides.fodp")]
    {
        soffice(dir, &["--convert-to", to, from]);
    }
    use Category::*;
    let docs = [
        Doc { path: dir.join("text.odt"), expected: "expected-text", expect: &[Person, UniqueId, Location, Serial, Embedded, Text] },
        Doc { path: dir.join("text.docx"), expected: "expected-text", expect: &[Person, Location, Serial, Text] },
        Doc { path: dir.join("sheet.ods"), expected: "sheet", expect: &[Person, Embedded, Text] },
        Doc { path: dir.join("sheet.xlsx"), expected: "sheet", expect: &[Person, Text] },
        Doc { path: dir.join("slides.odp"), expected: "slides", expect: &[Person, Embedded, Text] },
        Doc { path: dir.join("slides.pptx"), expected: "slides", expect: &[Person, Text] },
    ];
    let clean_dir = dir.join("clean");
    std::fs::create_dir_all(&clean_dir).unwrap();
    let opts = Options::default();
    let mut problems = Vec::new();
    let mut cleaned_paths = Vec::new();
    for d in &docs {
        let name = d.path.file_name().unwrap().to_string_lossy().into_owned();
        let input = std::fs::read(&d.path).unwrap();
        let report = silbato::inspect(&input, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        for c in d.expect {
            if !report.findings.iter().any(|f| f.category == *c) {
                problems.push(format!("{name}: inspect misses {c:?}: {:#?}", report.findings));
            }
        }
        // exiftool sees the author in the original: the check below means something.
        let before = exiftool_tags(&d.path);
        if !before.keys().any(|k| k.contains("Creator") || k.contains("Author")) {
            problems.push(format!("{name}: exiftool finds no author in the original (is libarchive-zip-perl installed?)"));
        }
        let cleaned = match silbato::clean(&input, &opts) {
            Ok(c) => c,
            Err(e) => {
                problems.push(format!("{name}: clean: {e}"));
                continue;
            }
        };
        // Verified by the core; read again at full depth.
        let again = silbato::inspect(&cleaned.output, &opts).unwrap();
        if !again.findings.is_empty() {
            problems.push(format!("{name}: cleaned file still reveals {:?}", again.findings));
        }
        let twice = silbato::clean(&cleaned.output, &opts).unwrap();
        if twice.output != cleaned.output {
            problems.push(format!("{name}: cleaning twice changed the file"));
        }
        // The names differ from the fixtures' so that their PDFs do not collide.
        let out = clean_dir.join(format!("cleaned-{}", name.replace('.', "-"))).with_extension(d.path.extension().unwrap());
        std::fs::write(&out, &cleaned.output).unwrap();
        let left: Vec<String> = exiftool_tags(&out)
            .into_iter()
            .filter(|(k, v)| {
                let group = k.split(':').next().unwrap_or("");
                let neutral = matches!(group, "SourceFile" | "ExifTool" | "System" | "File")
                    || group == "ZIP"
                        && (k.ends_with("ZipModifyDate") && v.as_str().is_some_and(|s| s.starts_with("1980:01:01")) || !k.ends_with("Date"));
                !neutral
            })
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        if !left.is_empty() {
            problems.push(format!("{name}: exiftool still finds {left:?}"));
        }
        let unzip = Command::new("unzip").arg("-tq").arg(&out).output().unwrap();
        if !unzip.status.success() {
            problems.push(format!("{name}: unzip -t: {}", String::from_utf8_lossy(&unzip.stdout)));
        }
        cleaned_paths.push((out, d.expected));
    }
    // Every PDF in two runs of LibreOffice: the expected texts, then the cleaned documents.
    soffice(dir, &["--convert-to", "pdf", "expected-text.fodt", "sheet.fods", "slides.fodp"]);
    let mut args: Vec<String> = vec!["--convert-to".into(), "pdf".into(), "--outdir".into(), clean_dir.display().to_string()];
    args.extend(cleaned_paths.iter().map(|(p, _)| p.display().to_string()));
    soffice(dir, &args.iter().map(String::as_str).collect::<Vec<_>>());
    for (out, expected) in &cleaned_paths {
        let want = pdf_words(&dir.join(format!("{expected}.pdf")));
        let pdf = out.with_extension("pdf");
        if !pdf.exists() {
            problems.push(format!("{}: LibreOffice could not convert the cleaned document", out.display()));
            continue;
        }
        let got = pdf_words(&pdf);
        if got != want || got.is_empty() {
            problems.push(format!("{}: text differs after cleaning:\n  want {want:?}\n  got  {got:?}", out.display()));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_cli_inspects_and_cleans_documents() {
    require("soffice");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("notes.fodt"), text_document(None, true)).unwrap();
    soffice(dir, &["--convert-to", "docx", "notes.fodt"]);
    let docx = dir.join("notes.docx");
    let out = Command::new(cli()).args(["inspect", "--json"]).arg(&docx).output().unwrap();
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line.contains("\"format\":\"docx\"") && line.contains("Ana Example"), "{line}");
    let out = Command::new(cli()).args(["clean", "--out"]).arg(dir.join("out")).arg(&docx).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let cleaned = std::fs::read(dir.join("out/notes.docx")).unwrap();
    assert!(silbato::inspect(&cleaned, &Options::default()).unwrap().findings.is_empty());
}
