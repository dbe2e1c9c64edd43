//! PDFs built by hand, object by object, with correct cross-reference tables.

use super::*;
use crate::error::ErrorKind;
use crate::report::{Category, Report};
use crate::reveal::Options;
use crate::source::Sparse;
use lopdf::Object;

/// A PDF whose object `i + 1` is `bodies[i]` (object 1 the catalog), with
/// `trailer` added to the trailer dictionary.
pub(crate) fn build(bodies: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = vec![];
    for (i, b) in bodies.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(b);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", bodies.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(format!("trailer\n<</Size {}/Root 1 0 R{trailer}>>\nstartxref\n{xref}\n%%EOF\n", bodies.len() + 1).as_bytes());
    out
}

/// An incremental update (§7.5.6) of `base` replacing or adding objects.
pub(crate) fn update(base: &[u8], objects: &[(u32, Vec<u8>)], size: u32, trailer: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(base);
    let prev: usize = text.rsplit("startxref").next().and_then(|t| t.split_whitespace().next()).and_then(|n| n.parse().ok()).unwrap();
    let mut out = base.to_vec();
    let mut offsets = vec![];
    for (n, body) in objects {
        offsets.push((*n, out.len()));
        out.extend(format!("{n} 0 obj\n").as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(b"xref\n");
    for (n, o) in offsets {
        out.extend(format!("{n} 1\n{o:010} 00000 n \n").as_bytes());
    }
    out.extend(format!("trailer\n<</Size {size}/Root 1 0 R/Prev {prev}{trailer}>>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    out
}

pub(crate) fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<<{dict}/Length {}>>stream\n", data.len()).into_bytes();
    s.extend(data);
    s.extend(b"\nendstream");
    s
}

fn o(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

const XMP: &str = "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\
<rdf:Description xmlns:dc='http://purl.org/dc/elements/1.1/' xmlns:xmpMM='http://ns.adobe.com/xap/1.0/mm/' xmpMM:DocumentID='uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427'>\
<dc:creator><rdf:Seq><rdf:li>Maria Lopez</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>";

const CONTENT: &[u8] = b"BT /F1 24 Tf 20 100 Td (Hello) Tj ET q 50 0 0 50 100 20 cm /Im1 Do Q";

/// A one-page document with something of every kind: Info, XMP for the
/// document and for the page, page-piece data, a comment with its author,
/// a script, an attached file, a hidden form field and a shown one, a photo
/// with its GPS position, a link, a launch action, and a file ID.
pub(crate) fn sample() -> Vec<u8> {
    let jpeg = crate::container::jpeg::tests::sample();
    build(
        &[
            o("<</Type/Catalog/Pages 2 0 R/Metadata 6 0 R/Names<</JavaScript<</Names[(a) 8 0 R]>>/EmbeddedFiles<</Names[(notes.txt) 9 0 R]>>/Dests<<>>>>\
/OpenAction 8 0 R/AcroForm<</Fields[11 0 R 12 0 R]/DA(/Helv 0 Tf 0 g)>>/PieceInfo<</Illustrator<</Private 16 0 R>>>>/Lang(es-MX)>>"),
            o("<</Type/Pages/Kids[3 0 R]/Count 1>>"),
            o("<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>/XObject<</Im1 13 0 R>>>>\
/Annots[7 0 R 12 0 R 14 0 R 17 0 R 18 0 R]/LastModified(D:20240131094500-05'00')/Metadata 19 0 R/Thumb 20 0 R>>"),
            stream("", CONTENT),
            o("<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"),
            stream("/Type/Metadata/Subtype/XML", XMP.as_bytes()),
            o("<</Type/Annot/Subtype/Text/Rect[10 10 30 30]/Contents(Bring water)/T(Maria Lopez)/M(D:20240131094500Z)/NM(8F2E0E36-4B2C-4E0B-9B5C-0A1B2C3D4E5F)/P 3 0 R>>"),
            o("<</S/JavaScript/JS(app.alert\\('hi'\\);)>>"),
            o("<</Type/Filespec/F(notes.txt)/UF(notes.txt)/EF<</F 10 0 R>>>>"),
            stream("/Type/EmbeddedFile", b"the plan for Saturday"),
            o("<</FT/Tx/T(ssn)/V(123-45-6789)>>"),
            o("<</Type/Annot/Subtype/Widget/FT/Tx/T(name)/V(Shown value)/DV(Old default)/Rect[0 0 100 20]/P 3 0 R/F 4>>"),
            stream("/Type/XObject/Subtype/Image/Width 1/Height 1/ColorSpace/DeviceGray/BitsPerComponent 8/Filter/DCTDecode", &jpeg),
            o("<</Type/Annot/Subtype/FileAttachment/Rect[40 40 50 50]/FS 9 0 R/T(Maria Lopez)>>"),
            o("<</Author(Maria Lopez)/Producer(Microsoft Word)/CreationDate(D:20240131094500-05'00')/Company(Vecinos Unidos)/Title(Plan)>>"),
            stream("", b"editable copy"),
            o("<</Type/Annot/Subtype/Link/Rect[60 60 90 70]/A<</S/URI/URI(https://example.org/)>>>>"),
            o("<</Type/Annot/Subtype/Link/Rect[60 80 90 90]/A<</S/Launch/F(C:\\\\Users\\\\maria\\\\run.exe)>>>>"),
            stream("/Type/Metadata/Subtype/XML", XMP.replace("Maria Lopez", "Page Author").as_bytes()),
            stream("/Width 1/Height 1/ColorSpace/DeviceGray/BitsPerComponent 8", b"\x80"),
        ],
        "/Info 15 0 R/ID[<00112233445566778899AABBCCDDEEFF><00112233445566778899AABBCCDDEEFF>]",
    )
}

fn inspect(input: &[u8]) -> Result<Report> {
    let mut cx = Collector::new(Options::default(), F);
    Pdf::inspect(&input, F, &mut cx, Depth::Full)?;
    Ok(cx.finish())
}

fn tags(r: &Report) -> Vec<&str> {
    r.findings.iter().map(|f| f.tag.as_str()).collect()
}

fn has(r: &Report, tag: &str, value: &str) -> bool {
    r.findings.iter().any(|f| f.tag == tag && f.value.contains(value))
}

#[test]
fn inspect_names_everything_the_sample_reveals() {
    let r = inspect(&sample()).unwrap();
    for (tag, value) in [
        ("PDF:Author", "Maria Lopez"),
        ("PDF:Company", "Vecinos Unidos"),
        ("PDF:Producer", "Microsoft Word"),
        ("PDF:CreationDate", "2024-01-31 09:45:00 -05:00"),
        ("PDF:Title", "Plan"),
        ("PDF:ID", "00112233"),
        ("XMP-dc:creator", "Maria Lopez"),
        ("XMP-dc:creator", "Page Author"),
        ("XMP-xmpMM:DocumentID", "uuid:1b4e28ba"),
        ("PDF:PieceInfo", "Illustrator"),
        ("PDF:LastModified", "2024-01-31"),
        ("PDF:AnnotationAuthor", "Maria Lopez"),
        ("PDF:Annotation/M", "2024-01-31"),
        ("PDF:Annotation/NM", "8F2E0E36"),
        ("PDF:JavaScript", "app.alert"),
        ("PDF:EmbeddedFile", "notes.txt"),
        ("PDF:FormField", "ssn: 123-45-6789"),
        ("PDF:FormField", "name (default): Old default"),
        ("PDF:Action", "Launch C:\\Users\\maria\\run.exe"),
        ("PDF:Thumbnail", ""),
        ("Image:Comment", "secret meeting"),
        ("Image:Trailer", ""),
    ] {
        assert!(has(&r, tag, value), "{tag} {value} not in {:#?}", tags(&r));
    }
    // The photo's position is a location of the document.
    assert!(r.findings.iter().any(|f| f.category == Category::Location && f.tag.starts_with("Image:")), "{:#?}", tags(&r));
    // What the page shows is not reported: the link, the comment's text, the font.
    for f in &r.findings {
        assert!(!["example.org", "Bring water", "Helvetica", "Shown value"].iter().any(|v| f.value.contains(v)), "{f:?}");
    }
}

/// The whole pipeline: plan, verify, apply.
fn cleaned(input: &[u8]) -> (Vec<u8>, Report) {
    let planned = crate::plan_clean(input, &Options::default()).unwrap();
    (planned.plan.apply(input).unwrap(), planned.removed)
}

#[test]
fn cleaning_keeps_the_page_and_drops_the_rest() {
    let input = sample();
    let (out, removed) = cleaned(&input);
    assert!(removed.blocking().count() > 10);
    let after = inspect(&out).unwrap();
    assert!(after.findings.is_empty() && after.warnings.is_empty(), "{after:#?}");
    let text = String::from_utf8_lossy(&out);
    for gone in [
        "Maria",
        "maria",
        "Vecinos",
        "Microsoft",
        "app.alert",
        "the plan for Saturday",
        "123-45-6789",
        "Old default",
        "editable copy",
        "Page Author",
        "secret meeting",
        "8F2E0E36",
        "00112233",
    ] {
        assert!(!text.contains(gone), "{gone} left in\n{text}");
    }
    // What the page shows stays, byte for byte.
    for kept in ["Bring water", "https://example.org/", "Shown value", "Helvetica", "es-MX", "/Helv 0 Tf 0 g"] {
        assert!(text.contains(kept), "{kept} lost in\n{text}");
    }
    assert!(out.windows(CONTENT.len()).any(|w| w == CONTENT));
    // The photo's coded data is copied unchanged; its metadata is gone.
    let scan = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD9];
    assert!(out.windows(scan.len()).any(|w| w == scan));
    assert!(!text.contains("TRAILER-DATA"));
    // One revision, a fresh ID derived from the content.
    assert_eq!(text.matches("%%EOF").count(), 1);
    assert_eq!(text.matches("startxref").count(), 1);
    let doc = lopdf::Document::load_mem(&out).unwrap();
    assert!(!doc.trailer.has(b"Info"));
    assert_eq!(doc.get_pages().len(), 1);
    // Cleaning a cleaned file changes nothing.
    let (again, removed) = cleaned(&out);
    assert_eq!(again, out);
    assert!(removed.findings.is_empty(), "{removed:#?}");
}

#[test]
fn a_cleaned_file_changed_afterwards_shows_its_id_again() {
    let (mut out, _) = cleaned(&sample());
    let at = memchr::memmem::find(&out, b"Bring water").unwrap();
    out[at] = b'R';
    let r = inspect(&out).unwrap();
    assert_eq!(tags(&r), ["PDF:ID"]);
}

#[test]
fn earlier_revisions_are_reported_and_gone() {
    let base = build(
        &[
            o("<</Type/Catalog/Pages 2 0 R>>"),
            o("<</Type/Pages/Kids[3 0 R]/Count 1>>"),
            o("<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>"),
            o("<</Author(Maria Lopez)>>"),
        ],
        "/Info 4 0 R",
    );
    // The update drops the author from Info: exiftool's way of "deleting" it.
    let updated = update(&base, &[(4, o("<</Producer(exiftool)>>"))], 5, "/Info 4 0 R");
    let r = inspect(&updated).unwrap();
    assert!(has(&r, "PDF:Revisions", "saved again once"), "{:#?}", tags(&r));
    assert!(!has(&r, "PDF:Author", "Maria"));
    let (out, _) = cleaned(&updated);
    assert!(!String::from_utf8_lossy(&out).contains("Maria"));
    assert!(inspect(&out).unwrap().findings.is_empty());
}

#[test]
fn unused_objects_and_data_after_the_end_are_reported_and_gone() {
    let mut input = build(
        &[
            o("<</Type/Catalog/Pages 2 0 R>>"),
            o("<</Type/Pages/Kids[]/Count 0>>"),
            o("(a deleted page by Maria)"),
            o("<</Type/Pages/Kids[]/Count 0>>"),
        ],
        "",
    );
    input.extend(b"appended secrets");
    let r = inspect(&input).unwrap();
    assert!(has(&r, "PDF:UnusedObjects", "2 objects"), "{:#?}", r.findings);
    assert!(has(&r, "PDF:Trailer", "17 bytes"), "{:#?}", r.findings);
    let (out, _) = cleaned(&input);
    let text = String::from_utf8_lossy(&out);
    assert!(!text.contains("Maria") && !text.contains("appended"), "{text}");
}

#[test]
fn junk_before_the_header_is_sniffed_and_dropped() {
    let mut input = b"MACBINARY maria.pdf\n".to_vec();
    input.extend(build(&[o("<</Type/Catalog/Pages 2 0 R>>"), o("<</Type/Pages/Kids[]/Count 0>>")], ""));
    assert_eq!(crate::sniff(&input), Some(F));
    let r = inspect(&input).unwrap();
    assert!(has(&r, "PDF:BeforeHeader", "20 bytes"), "{:#?}", tags(&r));
    let (out, _) = cleaned(&input);
    assert!(out.starts_with(b"%PDF-1.7\n"));
}

#[test]
fn encrypted_documents_are_reported_and_refused() {
    let input = build(
        &[o("<</Type/Catalog/Pages 2 0 R>>"), o("<</Type/Pages/Kids[]/Count 0>>"), o("<</Filter/Standard/V 1/R 2/O<0000000000000000000000000000000000000000000000000000000000000000>/U<0000000000000000000000000000000000000000000000000000000000000000>/P -4>>")],
        "/Encrypt 3 0 R/ID[<00112233445566778899AABBCCDDEEFF><00112233445566778899AABBCCDDEEFF>]",
    );
    let r = inspect(&input).unwrap();
    assert!(r.findings.iter().any(|f| f.tag == "PDF:Encrypt" && f.category == Category::Embedded), "{r:#?}");
    let e = crate::plan_clean(&input, &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert!(e.to_string().contains("password"), "{e}");
}

#[test]
fn hidden_widgets_hide_their_values_and_signatures_name_the_signer() {
    let input = build(
        &[
            o("<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[4 0 R 5 0 R 6 0 R]/SigFlags 3/XFA 7 0 R>>>>"),
            o("<</Type/Pages/Kids[3 0 R]/Count 1>>"),
            o("<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]/Annots[4 0 R 5 0 R 6 0 R]>>"),
            o("<</Type/Annot/Subtype/Widget/FT/Tx/T(hidden)/V(a hidden note)/Rect[0 0 5 5]/F 2>>"),
            o("<</Type/Annot/Subtype/Widget/FT/Tx/T(zero)/V(zero sized)/Rect[0 0 0 0]>>"),
            o("<</Type/Annot/Subtype/Widget/FT/Sig/T(sig)/V<</Type/Sig/Name(Maria Lopez)/ByteRange[0 1 2 3]/Contents<00>>>/Rect[0 0 5 5]>>"),
            stream("", b"<xdp:xdp>Maria</xdp:xdp>"),
        ],
        "",
    );
    let r = inspect(&input).unwrap();
    for (tag, value) in
        [("PDF:FormField", "hidden: a hidden note"), ("PDF:FormField", "zero: zero sized"), ("PDF:Signature", "Maria Lopez"), ("PDF:XFA", "XFA")]
    {
        assert!(has(&r, tag, value), "{tag} {value} not in {:#?}", tags(&r));
    }
    let (out, _) = cleaned(&input);
    let text = String::from_utf8_lossy(&out);
    assert!(!text.contains("hidden note") && !text.contains("Maria") && !text.contains("SigFlags"), "{text}");
    assert!(text.contains("(hidden)"), "field names stay: {text}");
}

#[test]
fn a_jpeg_under_another_filter_is_stored_as_the_jpeg_alone() {
    let jpeg = crate::container::jpeg::tests::sample();
    let deflated = miniz_oxide::deflate::compress_to_vec_zlib(&jpeg, 6);
    let input = build(
        &[
            o("<</Type/Catalog/Pages 2 0 R>>"),
            o("<</Type/Pages/Kids[3 0 R]/Count 1>>"),
            o("<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]/Resources<</XObject<</I 4 0 R>>>>>>"),
            stream("/Subtype/Image/Width 1/Height 1/ColorSpace/DeviceGray/BitsPerComponent 8/Filter[/FlateDecode/DCTDecode]/DecodeParms[null<</ColorTransform 0>>]", &deflated),
        ],
        "",
    );
    let r = inspect(&input).unwrap();
    assert!(r.findings.iter().any(|f| f.category == Category::Location), "{:#?}", tags(&r));
    let (out, _) = cleaned(&input);
    let doc = lopdf::Document::load_mem(&out).unwrap();
    let image = doc.objects.values().find_map(|o| o.as_stream().ok().filter(|s| s.dict.has(b"Width"))).unwrap();
    assert_eq!(image.dict.get(b"Filter").unwrap().as_name().unwrap(), b"DCTDecode");
    assert_eq!(image.dict.get(b"DecodeParms").unwrap().as_dict().unwrap().get(b"ColorTransform").unwrap().as_i64().unwrap(), 0);
    assert!(image.content.starts_with(&[0xFF, 0xD8]) && image.content.ends_with(&[0xFF, 0xD9]));
}

#[test]
fn a_damaged_embedded_photo_stops_cleaning() {
    let input = build(
        &[
            o("<</Type/Catalog/Pages 2 0 R>>"),
            o("<</Type/Pages/Kids[3 0 R]/Count 1>>"),
            o("<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]/Resources<</XObject<</I 4 0 R>>>>>>"),
            stream("/Subtype/Image/Width 1/Height 1/ColorSpace/DeviceGray/BitsPerComponent 8/Filter/DCTDecode", b"\xFF\xD8\xFF\xE1\x00\x10Exif"),
        ],
        "",
    );
    let r = inspect(&input).unwrap();
    assert!(r.warnings.iter().any(|w| w.contains("object 4")), "{r:#?}");
    let e = crate::plan_clean(&input, &Options::default()).unwrap_err();
    assert!(e.to_string().contains("object 4"), "{e}");
}

#[test]
fn every_prefix_is_an_error_never_a_panic() {
    let input = sample();
    for cut in 0..input.len() - 1 {
        let part = &input[..cut];
        assert!(crate::plan_clean(part, &Options::default()).is_err(), "cut at {cut}");
        let _ = inspect(part);
    }
}

#[test]
fn a_file_without_its_end_is_truncated_and_one_without_xref_is_refused() {
    let input = sample();
    let e = inspect(&input[..input.len() - 7]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    // A table that does not match the objects: lopdf rebuilds it by scanning,
    // which cannot tell old objects from current ones.
    let broken = String::from_utf8_lossy(&input).replace("xref\n0 21", "xref\n0 2").into_bytes();
    assert!(crate::plan_clean(&broken, &Options::default()).is_err());
}

#[test]
fn the_size_limit_is_checked_before_reading() {
    let big = Sparse::new(MAX_PDF + 1);
    let mut cx = Collector::new(Options::default(), F);
    let e = Pdf::inspect(&big, F, &mut cx, Depth::Full).unwrap_err();
    assert_eq!(e.kind, ErrorKind::LimitExceeded);
}

#[test]
fn reference_cycles_and_name_tree_loops_end() {
    let input = build(
        &[
            o("<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles 3 0 R>>/Foo 4 0 R>>"),
            o("<</Type/Pages/Kids[]/Count 0>>"),
            o("<</Kids[3 0 R 3 0 R]>>"),
            o("5 0 R"),
            o("4 0 R"),
        ],
        "",
    );
    let r = inspect(&input).unwrap();
    assert!(has(&r, "PDF:Catalog/Foo", "object 4"), "{:#?}", tags(&r));
    let (out, _) = cleaned(&input);
    assert!(inspect(&out).unwrap().findings.is_empty());
}

#[test]
fn deep_nesting_and_escape_heavy_strings_are_bounded() {
    let mut deep = Object::Integer(1);
    for _ in 0..scrub::MAX_DEPTH + 2 {
        deep = Object::Array(vec![deep]);
    }
    let e = write::write("1.7", vec![((1, 0), deep)]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::LimitExceeded);
    let parens = ")".repeat(scrub::MAX_ESCAPES + 1);
    let out = write::write("1.7", vec![((1, 0), Object::String(parens.into_bytes(), lopdf::StringFormat::Literal))]).unwrap();
    assert!(String::from_utf8_lossy(&out).contains("<292929"));
}

#[test]
fn a_metadata_bomb_is_not_inflated_past_the_limit() {
    let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; MAX_DECODED + 1], 9);
    let input = build(
        &[
            o("<</Type/Catalog/Pages 2 0 R/Metadata 3 0 R>>"),
            o("<</Type/Pages/Kids[]/Count 0>>"),
            stream("/Type/Metadata/Subtype/XML/Filter/FlateDecode", &bomb),
        ],
        "",
    );
    let r = inspect(&input).unwrap();
    assert!(has(&r, "PDF:XMP", "bytes of XMP"), "{r:#?}");
    assert!(r.warnings.iter().any(|w| w.contains("could not be decoded")), "{r:#?}");
}

#[test]
fn a_dictionary_of_many_entries_is_read_in_one_pass_and_reported_in_part() {
    let keys: String = (0..20_000).map(|i| format!("/K{i} {i}")).collect();
    let input = build(&[o(&format!("<</Type/Catalog/Pages 2 0 R{keys}>>")), o("<</Type/Pages/Kids[]/Count 0>>")], "");
    let r = inspect(&input).unwrap();
    assert_eq!(r.findings.len(), MAX_FINDINGS);
    assert!(r.warnings.iter().any(|w| w.contains("more than")), "{:?}", r.warnings);
    let (out, _) = cleaned(&input);
    assert!(!String::from_utf8_lossy(&out).contains("/K19999"));
}
