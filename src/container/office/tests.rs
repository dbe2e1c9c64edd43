//! Office documents built by hand: the ZIP byte by byte, the XML as text.

use super::*;
use crate::report::Category;
use crate::reveal::Options;
use crate::ErrorKind;

/// A ZIP as Word or LibreOffice would write it: a time on every entry, an
/// extended-timestamp extra field, deflate for XML.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let deflate = !name.ends_with(".jpeg") && *name != "mimetype";
        let packed = if deflate { miniz_oxide::deflate::compress_to_vec(data, 6) } else { data.to_vec() };
        let extra: &[u8] = if *name == "mimetype" { b"" } else { b"UT\x05\x00\x01\x10\x20\x30\x40" };
        let offset = out.len() as u32;
        let mut h = Vec::new();
        h.extend_from_slice(&[20, 0, 0, 0, if deflate { 8 } else { 0 }, 0]);
        h.extend_from_slice(&[0x20, 0x6A, 0x58, 0x5A]); // 2025-02-24 13:17:00
        h.extend_from_slice(&crc32fast::hash(data).to_le_bytes());
        h.extend_from_slice(&(packed.len() as u32).to_le_bytes());
        h.extend_from_slice(&(data.len() as u32).to_le_bytes());
        h.extend_from_slice(&(name.len() as u16).to_le_bytes());
        h.extend_from_slice(&(extra.len() as u16).to_le_bytes());
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&h);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(extra);
        out.extend_from_slice(&packed);
        central.extend_from_slice(b"PK\x01\x02\x14\x03");
        central.extend_from_slice(&h);
        central.extend_from_slice(&[0; 6]);
        central.extend_from_slice(&[0, 0, 0xA4, 0x81]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
        central.extend_from_slice(extra);
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const CT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2011/relationships/people" Target="people.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.jpeg"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>"#;

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn document(body: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#)
}

/// Tracked changes, a comment, rsids and paragraph ids around the text
/// "Meet at noon. Bring water."
const BODY: &str = r#"<w:p w:rsidR="00A1B2C3" w14:paraId="1A2B3C4D"><w:r><w:t xml:space="preserve">Meet at </w:t></w:r><w:del w:id="1" w:author="Ana Example" w:date="2026-03-01T10:00:00Z"><w:r><w:delText>eleven</w:delText></w:r></w:del><w:ins w:id="2" w:author="Ana Example" w:date="2026-03-01T10:00:00Z"><w:r><w:t>noon</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve"> Bring water.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p><w:p><w:pPr><w:rPr><w:del w:id="3" w:author="Ana Example" w:date="2026-03-01T10:00:00Z"/></w:rPr></w:pPr><w:del w:id="4" w:author="Ana Example" w:date="2026-03-01T10:00:00Z"><w:r><w:delText>A whole paragraph deleted.</w:delText></w:r></w:del></w:p><w:p><w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:embed="rId4"/></w:drawing></w:r></w:p>"#;

fn settings() -> String {
    format!(
        r#"<w:settings {W_NS}><w:zoom w:percent="100"/><w:attachedTemplate r:id="rId1"/><w:rsids><w:rsidRoot w:val="00A1B2C3"/><w:rsid w:val="00A1B2C3"/></w:rsids><w14:docId w14:val="5D41402A"/></w:settings>"#
    )
}

pub fn docx() -> Vec<u8> {
    docx_with(BODY)
}

fn docx_with(body: &str) -> Vec<u8> {
    let doc = document(body);
    let settings = settings();
    let settings_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="file:///C:/Users/ana/AppData/Roaming/Microsoft/Templates/Normal.dotm" TargetMode="External"/></Relationships>"#;
    let comments = format!(
        r#"<w:comments {W_NS}><w:comment w:id="0" w:author="Bea Example" w:initials="BE" w:date="2026-03-02T09:00:00Z"><w:p><w:r><w:t>Is this safe?</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let people = r#"<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="Bea Example"><w15:presenceInfo w15:providerId="AD" w15:userId="S::bea@example.org::1234"/></w15:person></w15:people>"#;
    let core = r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:creator>Ana Example</dc:creator><cp:lastModifiedBy>Bea Example</cp:lastModifiedBy><cp:revision>7</cp:revision><dcterms:created>2026-03-01T09:00:00Z</dcterms:created><dc:title>Shifts</dc:title></cp:coreProperties>"#;
    let app = r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Normal.dotm</Template><TotalTime>93</TotalTime><Company>Example Tenants Union</Company><Manager>Carla Example</Manager><Application>Microsoft Office Word</Application></Properties>"#;
    let custom = r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="OwnerEmail"><vt:lpwstr>ana@example.org</vt:lpwstr></property></Properties>"#;
    let photo = crate::container::jpeg::tests::sample();
    zip(&[
        ("[Content_Types].xml", CT.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
        ("docProps/app.xml", app.as_bytes()),
        ("docProps/custom.xml", custom.as_bytes()),
        ("docProps/thumbnail.jpeg", &photo),
        ("word/_rels/document.xml.rels", DOC_RELS.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
        ("word/settings.xml", settings.as_bytes()),
        ("word/_rels/settings.xml.rels", settings_rels.as_bytes()),
        ("word/comments.xml", comments.as_bytes()),
        ("word/people.xml", people.as_bytes()),
        ("word/media/image1.jpeg", &photo),
        ("leftover.bin", b"hidden"),
    ])
}

fn categories(bytes: &[u8]) -> Vec<Category> {
    let r = crate::inspect(bytes, &Options::default()).unwrap();
    r.findings.iter().map(|f| f.category).collect()
}

fn entry_text(zip_bytes: &[u8], name: &str) -> String {
    let a = Archive::read(zip_bytes, Format::Docx).unwrap();
    let e = a.find(name).unwrap_or_else(|| panic!("{name} missing"));
    String::from_utf8(a.contents(e).unwrap().into_owned()).unwrap()
}

#[test]
fn docx_reveals_its_people_ids_comments_changes_and_the_photo_location() {
    let input = docx();
    assert_eq!(crate::identify(&input).unwrap(), Format::Docx);
    let report = crate::inspect(&input, &Options::default()).unwrap();
    let has = |tag: &str, value: &str| report.findings.iter().any(|f| f.tag.contains(tag) && f.value.contains(value));
    assert!(has("creator", "Ana Example"), "{report:#?}");
    assert!(has("lastModifiedBy", "Bea Example"));
    assert!(has("Company", "Example Tenants Union"));
    assert!(has("Manager", "Carla Example"));
    assert!(has("custom:OwnerEmail", "ana@example.org"));
    assert!(has("w:author", "Ana Example"));
    assert!(has("author", "Bea Example"));
    assert!(has("comment", "Is this safe?"));
    assert!(has("userId", "bea@example.org"));
    assert!(has("attachedTemplate", "C:/Users/ana"));
    assert!(has("w:rsid", ""));
    assert!(has("w14:docId", "5D41402A"));
    assert!(has("docProps/thumbnail.jpeg", ""));
    assert!(has("leftover.bin", ""));
    assert!(has("ZIP:ModifyDate", "2025"));
    let cats = categories(&input);
    for c in [Category::Person, Category::UniqueId, Category::Location, Category::Embedded, Category::Text] {
        assert!(cats.contains(&c), "{c:?} missing: {report:#?}");
    }
    assert!(report.findings.iter().any(|f| f.category == Category::Location && f.tag.starts_with("word/media/image1.jpeg: ")));
}

#[test]
fn docx_cleaned_keeps_the_text_as_it_reads_and_nothing_else() {
    let input = docx();
    let cleaned = crate::clean(&input, &Options::default()).unwrap();
    let out = &cleaned.output;
    // Read back in full, not only as verification does.
    let again = crate::inspect_with(out, &Options::default(), Depth::Full).unwrap();
    assert!(again.findings.is_empty(), "{again:#?}");
    let a = Archive::read(out, Format::Docx).unwrap();
    let names: Vec<&str> = a.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/_rels/document.xml.rels",
            "word/document.xml",
            "word/settings.xml",
            "word/_rels/settings.xml.rels",
            "word/media/image1.jpeg"
        ]
    );
    for e in &a.entries {
        assert_eq!(e.dos_time, zip::FIXED_TIME);
        assert_eq!(e.extra_len, 0);
    }
    let doc = entry_text(out, "word/document.xml");
    let text: String =
        doc.split("<w:t").skip(1).filter_map(|s| s.split_once('>').and_then(|(_, t)| t.split_once("</w:t>")).map(|(t, _)| t)).collect();
    assert_eq!(text, "Meet at noon. Bring water.");
    for gone in ["rsid", "paraId", "w:del", "w:ins", "comment", "Ana", "A whole paragraph"] {
        assert!(!doc.contains(gone), "{gone} left in {doc}");
    }
    assert!(doc.contains(r#"r:embed="rId4""#));
    let settings = entry_text(out, "word/settings.xml");
    assert!(!settings.contains("rsid") && !settings.contains("docId") && !settings.contains("attachedTemplate"), "{settings}");
    assert!(!entry_text(out, "word/_rels/settings.xml.rels").contains("Users"));
    let rels = entry_text(out, "word/_rels/document.xml.rels");
    assert!(!rels.contains("comments") && !rels.contains("people") && rels.contains("hyperlink") && rels.contains("image1"), "{rels}");
    let ct = entry_text(out, "[Content_Types].xml");
    assert!(!ct.contains("comments") && !ct.contains("core-properties") && ct.contains("document.main"), "{ct}");
    // The photo went through the JPEG container.
    let photo = a.contents(a.find("word/media/image1.jpeg").unwrap()).unwrap();
    assert_eq!(photo.as_ref(), crate::clean(&crate::container::jpeg::tests::sample(), &Options::default()).unwrap().output);
    // Cleaning twice changes nothing.
    let twice = crate::clean(out, &Options::default()).unwrap();
    assert_eq!(&twice.output, out);
    assert!(twice.removed.findings.is_empty());
}

#[test]
fn a_stored_photo_is_planned_as_copies_of_the_input() {
    let input = docx();
    let planned = crate::plan_clean(&input, &Options::default()).unwrap();
    let copied =
        |plan: &crate::CleanPlan| -> u64 { plan.ops().iter().map(|op| if let crate::Op::Copy { start, end } = op { end - start } else { 0 }).sum() };
    let photo = crate::plan_clean(&crate::container::jpeg::tests::sample(), &Options::default()).unwrap();
    assert!(copied(&photo.plan) > 0);
    assert!(copied(&planned.plan) >= copied(&photo.plan), "the photo's kept ranges are copied from the document, not rebuilt");
    assert_eq!(planned.plan.apply(&input).unwrap(), crate::clean(&input, &Options::default()).unwrap().output);
}

#[test]
fn a_deleted_paragraph_break_with_text_left_is_refused_when_cleaning_and_warned_when_inspecting() {
    let body = r#"<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z"/></w:rPr></w:pPr><w:r><w:t>joins the next</w:t></w:r></w:p><w:p><w:r><w:t>next</w:t></w:r></w:p>"#;
    let input = docx_with(body);
    let e = crate::clean(&input, &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert!(e.to_string().contains("deleted paragraph break"), "{e}");
    let r = crate::inspect(&input, &Options::default()).unwrap();
    assert!(r.warnings.iter().any(|w| w.contains("tracked changes")), "{r:#?}");
}

#[test]
fn a_deleted_table_row_goes_when_its_change_is_accepted() {
    let body = r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>stays</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:trPr><w:del w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z"/></w:trPr><w:tc><w:p><w:del w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>row</w:delText></w:r></w:del></w:p></w:tc></w:tr></w:tbl><w:p/>"#;
    let out = crate::clean(&docx_with(body), &Options::default()).unwrap().output;
    let doc = entry_text(&out, "word/document.xml");
    assert_eq!(doc.matches("<w:tr>").count(), 1, "{doc}");
    assert!(doc.contains("stays") && !doc.contains("row"));
}

#[test]
fn every_prefix_of_a_document_is_an_error_not_a_panic() {
    for input in [docx(), odt()] {
        for n in 0..input.len() {
            let cut = &input[..n];
            assert!(crate::clean(cut, &Options::default()).is_err(), "prefix {n}");
            let _ = crate::inspect(cut, &Options::default());
        }
    }
}

fn odt() -> Vec<u8> {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/><manifest:file-entry manifest:full-path="Pictures/photo.jpeg" manifest:media-type="image/jpeg"/></manifest:manifest>"#;
    let content = r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:officeooo="http://openoffice.org/2009/office"><office:automatic-styles><style:style style:name="P1"><style:text-properties officeooo:rsid="0012ab34"/></style:style></office:automatic-styles><office:body><office:text><text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>Ana Example</dc:creator><dc:date>2026-03-01T10:00:00</dc:date></office:change-info><text:p>eleven</text:p></text:deletion></text:changed-region></text:tracked-changes><text:p text:style-name="P1">Meet at <text:change text:change-id="ct1"/>noon.<office:annotation><dc:creator>Bea Example</dc:creator><dc:date>2026-03-02T09:00:00</dc:date><text:p>Is this safe?</text:p></office:annotation> Bring water.</text:p></office:text></office:body></office:document-content>"#;
    let meta = r#"<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><meta:initial-creator>Ana Example</meta:initial-creator><meta:editing-cycles>4</meta:editing-cycles><meta:editing-duration>PT1H2M</meta:editing-duration><meta:user-defined meta:name="Organizer">Carla Example</meta:user-defined></office:meta></office:document-meta>"#;
    let settings = r#"<office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"><office:settings><config:config-item-set config:name="ooo:configuration-settings"><config:config-item config:name="PrinterName" config:type="string">HP-Office-3rd-floor</config:config-item><config:config-item config:name="Rsid" config:type="int">981978</config:config-item><config:config-item config:name="AddParaTableSpacing" config:type="boolean">true</config:config-item></config:config-item-set></office:settings></office:document-settings>"#;
    let photo = crate::container::jpeg::tests::sample();
    zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", content.as_bytes()),
        ("meta.xml", meta.as_bytes()),
        ("settings.xml", settings.as_bytes()),
        ("Thumbnails/thumbnail.png", b"\x89PNG not really"),
        ("Pictures/photo.jpeg", &photo),
        ("META-INF/manifest.xml", manifest.as_bytes()),
    ])
}

#[test]
fn odt_is_cleaned_with_its_changes_accepted_and_its_manifest_rewritten() {
    let input = odt();
    assert_eq!(Office::sniff(&input[..64]), Some(Format::Odt));
    assert_eq!(crate::identify(&input).unwrap(), Format::Odt);
    let report = crate::inspect(&input, &Options::default()).unwrap();
    let has = |tag: &str, value: &str| report.findings.iter().any(|f| f.tag.contains(tag) && f.value.contains(value));
    assert!(has("meta:initial-creator", "Ana Example"), "{report:#?}");
    assert!(has("dc:creator", "Bea Example"));
    assert!(has("office:annotation", "Is this safe?"));
    assert!(has("meta:user-defined:Organizer", "Carla Example"));
    assert!(has("config:PrinterName", "HP-Office"));
    assert!(has("config:Rsid", "981978"));
    assert!(has("officeooo:rsid", ""));
    assert!(has("tracked-changes", ""));
    assert!(has("Thumbnails/thumbnail.png", ""));
    assert!(report.findings.iter().any(|f| f.category == Category::Location && f.tag.starts_with("Pictures/photo.jpeg: ")));
    let out = crate::clean(&input, &Options::default()).unwrap().output;
    assert!(crate::inspect(&out, &Options::default()).unwrap().findings.is_empty());
    let a = Archive::read(&out, Format::Odt).unwrap();
    assert_eq!(a.entries[0].name, "mimetype");
    assert_eq!(a.entries[0].method, zip::STORED);
    let content = String::from_utf8(a.contents(a.find("content.xml").unwrap()).unwrap().into_owned()).unwrap();
    assert!(content.contains("<text:p text:style-name=\"P1\">Meet at noon. Bring water.</text:p>"), "{content}");
    let manifest = String::from_utf8(a.contents(a.find("META-INF/manifest.xml").unwrap()).unwrap().into_owned()).unwrap();
    assert!(!manifest.contains("meta.xml") && !manifest.contains("Thumbnails") && manifest.contains("Pictures/photo.jpeg"), "{manifest}");
    let settings = String::from_utf8(a.contents(a.find("settings.xml").unwrap()).unwrap().into_owned()).unwrap();
    assert!(!settings.contains("HP-Office") && !settings.contains("Rsid") && settings.contains("AddParaTableSpacing"));
    assert_eq!(crate::clean(&out, &Options::default()).unwrap().output, out);
}

#[test]
fn sniffing_guesses_the_family_and_identify_reads_the_kind() {
    let ods = zip(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")]);
    assert_eq!(Office::sniff(&ods), Some(Format::Ods));
    assert_eq!(Office::sniff(&ods[..64]), Some(Format::Odt), "cut off at 64 bytes: the family only");
    let graphics = zip(&[("mimetype", b"application/vnd.oasis.opendocument.graphics")]);
    assert_eq!(Office::sniff(&graphics), None);
    assert_eq!(Office::sniff(&zip(&[("readme.txt", b"hi")])), None);
    assert_eq!(Office::sniff(&zip(&[("xl/workbook.xml", b"<a/>")])), Some(Format::Xlsx));
    // A macro-enabled document is named and refused.
    let ct = CT.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    );
    let docm2 = zip(&[("[Content_Types].xml", ct.as_bytes()), ("_rels/.rels", RELS.as_bytes()), ("word/document.xml", document("").as_bytes())]);
    let e = crate::identify(&docm2).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert!(e.to_string().contains("macros"), "{e}");
}

#[test]
fn the_zip_reader_refuses_what_readers_would_disagree_on() {
    let good = zip(&[("[Content_Types].xml", b"<a/>"), ("b.xml", b"<b/>")]);
    Archive::read(&good, Format::Docx).unwrap();
    // Two entries of one name.
    let dup = zip(&[("a.xml", b"<a/>"), ("a.xml", b"<b/>")]);
    assert_eq!(Archive::read(&dup, Format::Docx).unwrap_err().kind, ErrorKind::Malformed);
    // The local header names another file than the directory.
    let mut other = good.clone();
    let at = other.windows(5).position(|w| w == b"b.xml").unwrap();
    other[at] = b'c';
    assert_eq!(Archive::read(&other, Format::Docx).unwrap_err().kind, ErrorKind::Malformed);
    // Encrypted entries are named.
    let mut enc = good.clone();
    let cd = enc.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    enc[cd + 8] |= 1;
    assert_eq!(Archive::read(&enc, Format::Docx).unwrap_err().kind, ErrorKind::Unsupported);
    // A wrong checksum.
    let a = Archive::read(&good, Format::Docx).unwrap();
    let mut bad = good.clone();
    let e = &a.entries[1];
    bad[e.data.start] ^= 0xFF;
    let b = Archive::read(&bad, Format::Docx).unwrap();
    assert!(b.contents(&b.entries[1]).is_err());
    // Bytes after the end are a trailer, reported and dropped.
    let mut tail = docx();
    tail.extend_from_slice(b"appended");
    let r = crate::inspect(&tail, &Options::default()).unwrap();
    assert!(r.findings.iter().any(|f| f.tag == "ZIP:Trailer"), "{r:#?}");
    let out = crate::clean(&tail, &Options::default()).unwrap().output;
    assert!(!out.ends_with(b"appended"));
}

#[test]
fn limits_are_named_and_enforced() {
    // More entries than MAX_ENTRIES, as the end record says.
    let mut many = zip(&[("a.xml", b"<a/>")]);
    let end = many.len() - 22;
    let n = (zip::MAX_ENTRIES + 1) as u16;
    many[end + 8..end + 10].copy_from_slice(&n.to_le_bytes());
    many[end + 10..end + 12].copy_from_slice(&n.to_le_bytes());
    assert_eq!(Archive::read(&many, Format::Docx).unwrap_err().kind, ErrorKind::LimitExceeded);
    // An entry claiming more than MAX_ENTRY_SIZE once inflated.
    let mut big = zip(&[("a.xml", b"<a/>")]);
    let cd = big.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    big[cd + 24..cd + 28].copy_from_slice(&((zip::MAX_ENTRY_SIZE + 1) as u32).to_le_bytes());
    assert_eq!(Archive::read(&big, Format::Docx).unwrap_err().kind, ErrorKind::LimitExceeded);
    // Entries that together pass MAX_TOTAL_SIZE (a ZIP bomb's shape).
    let names: Vec<String> = (0..5).map(|i| format!("{i}.xml")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"<a/>"[..])).collect();
    let mut bomb = zip(&entries);
    let mut at = 0;
    while let Some(p) = bomb[at..].windows(4).position(|w| w == b"PK\x01\x02") {
        let cd = at + p;
        bomb[cd + 24..cd + 28].copy_from_slice(&((zip::MAX_ENTRY_SIZE) as u32).to_le_bytes());
        at = cd + 4;
    }
    assert_eq!(Archive::read(&bomb, Format::Docx).unwrap_err().kind, ErrorKind::LimitExceeded);
    const { assert!(MAX_NESTING >= 1 && MAX_DOCUMENT == crate::container::MAX_IN_MEMORY) };
}

#[test]
fn documents_inside_documents_are_cleaned_up_to_max_nesting() {
    // A DOCX holding a DOCX holding a DOCX…: the deepest ones are removed.
    let mut inner = docx();
    for _ in 0..=MAX_NESTING {
        let ct = CT.replace(
            "</Types>",
            r#"<Default Extension="docx" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document"/></Types>"#,
        );
        let rels = DOC_RELS.replace("</Relationships>", r#"<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" Target="embeddings/inner.docx"/></Relationships>"#);
        inner = zip(&[
            ("[Content_Types].xml", ct.as_bytes()),
            ("_rels/.rels", RELS.as_bytes()),
            ("word/_rels/document.xml.rels", rels.as_bytes()),
            ("word/document.xml", document("<w:p><w:r><w:t>outer</w:t></w:r></w:p>").as_bytes()),
            ("word/embeddings/inner.docx", &inner),
        ]);
    }
    let r = crate::inspect(&inner, &Options::default()).unwrap();
    assert!(r.findings.iter().any(|f| f.tag.starts_with("word/embeddings/inner.docx: word/embeddings/inner.docx: ")), "{r:#?}");
    let out = crate::clean(&inner, &Options::default()).unwrap().output;
    assert!(crate::inspect(&out, &Options::default()).unwrap().findings.is_empty());
}
