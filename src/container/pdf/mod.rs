//! PDF (ISO 32000-1 and -2): a header, indirect objects, and one
//! cross-reference section and trailer per revision (§7.5). lopdf reads the
//! file into its current objects; `scrub.rs` walks them from the catalog and
//! keeps what each kind of dictionary is known to need; `write.rs` writes the
//! kept objects as a new file with one revision, so nothing of an earlier
//! revision, no unused object and nothing after the end survives.
//!
//! The cleaned file's `/ID` (§14.4) is the 128-bit XXH3 hash of everything
//! it holds before its cross-reference table: fresh, derived only from what
//! the file shows (so it needs no secrecy, and no source of randomness, which
//! the core does not have), the same each time the same document is cleaned,
//! and checkable, so inspecting a cleaned file can tell it from an ID that a
//! program made from the time, the path or the computer.

mod scrub;
#[cfg(test)]
mod tests;
mod write;

use crate::container::{whole_up_to, Container, Depth};
use crate::error::{Error, Result};
use crate::plan::{CleanPlan, PlanBuilder};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};
use crate::source::Source;

pub struct Pdf;

const F: Format = Format::Pdf;

/// Largest PDF read whole. The file, its objects and the cleaned copy are
/// in memory at once (about three times the file, a fourth while the copy is
/// verified): 128 MB keeps that under half a gigabyte on a phone, and
/// flyers, memos and scanned reports are far smaller.
pub const MAX_PDF: u64 = 128 << 20;

/// Largest stream decoded to be read: an object stream, an XMP packet, a
/// JPEG image under another filter.
pub const MAX_DECODED: usize = 64 << 20;

/// Findings one document reports; past this, a warning says the rest are
/// removed unlisted (a file can hold a million commented annotations, and
/// a report is for people).
pub const MAX_FINDINGS: usize = 1000;

/// How far into the file the `%PDF-` header may start (§7.5.2 asks for the
/// very start; readers accept a little junk before it, and so do we, as the
/// whole sniffing window).
const HEADER_WINDOW: usize = crate::container::SNIFF_LEN as usize;

/// The `%%EOF` marker must sit in the last kilobyte (readers look no further).
const EOF_WINDOW: usize = 1024;

/// What the walk does with what it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Inspect(Depth),
    Clean,
}

fn header_offset(head: &[u8]) -> Option<usize> {
    memchr::memmem::find(head.get(..head.len().min(HEADER_WINDOW)).unwrap_or(head), b"%PDF-")
}

impl Container for Pdf {
    const FORMATS: &'static [Format] = &[F];

    fn sniff(head: &[u8]) -> Option<Format> {
        header_offset(head).map(|_| F)
    }

    fn inspect(src: &dyn Source, _: Format, cx: &mut Collector, depth: Depth) -> Result<()> {
        let input = whole_up_to(src, F, MAX_PDF)?;
        read(&input, Mode::Inspect(depth), cx).map(|_| ())
    }

    fn plan_clean(src: &dyn Source, _: Format, cx: &mut Collector) -> Result<CleanPlan> {
        let input = whole_up_to(src, F, MAX_PDF)?;
        let output = read(&input, Mode::Clean, cx)?.ok_or_else(|| Error::invalid_argument("the PDF writer produced nothing"))?;
        let mut plan = PlanBuilder::new(input.len() as u64);
        plan.insert(&output);
        Ok(plan.finish())
    }
}

/// Read the file, report what it reveals and, when cleaning, write the new file.
fn read(input: &[u8], mode: Mode, cx: &mut Collector) -> Result<Option<Vec<u8>>> {
    let start = header_offset(input).ok_or_else(|| Error::malformed(F, 0, "no %PDF- header"))?;
    if start > 0 {
        cx.add(Reveal::UnknownData, "PDF:BeforeHeader", format!("{start} bytes before the document"));
    }
    let body = input.get(start..).unwrap_or(&[]);
    let end = end_of_file(body).ok_or_else(|| Error::truncated(F, input.len() as u64, "the document has no %%EOF marker at its end"))?;
    let after = body.get(end..).unwrap_or(&[]);
    if after.iter().any(|b| !b.is_ascii_whitespace() && *b != 0) {
        cx.add(Reveal::UnknownData, "PDF:Trailer", format!("{} bytes after the end of the document", after.len()));
    }

    let options = lopdf::LoadOptions { max_decompressed_size: Some(MAX_DECODED), ..lopdf::LoadOptions::default() };
    let doc = lopdf::Document::load_mem_with_options(body, options)
        .map_err(|e| Error::malformed(F, start as u64, format!("the document structure could not be read ({e})")))?;

    let encrypted = doc.trailer.has(b"Encrypt") || doc.encryption_state.is_some();
    if encrypted {
        cx.add(Reveal::Encrypted, "PDF:Encrypt", "encrypted");
        if mode == Mode::Clean {
            return Err(Error::unsupported(
                Some(F),
                "the PDF is locked with a password (encrypted): Silbato cannot read everything inside it, so it cannot clean it. \
                 Remove the password in the program that made it, then try again",
            ));
        }
    }
    match doc.xref_recovery {
        None => {}
        Some(lopdf::xref::XrefRecovery::OffsetCorrected) => cx.warn("PDF: a cross-reference offset was wrong and was corrected"),
        // Rebuilt by scanning (or a repair this code does not know yet).
        Some(_) => {
            let what = "the cross-reference table is damaged, so which version of each part is current cannot be told";
            if mode == Mode::Clean {
                return Err(Error::malformed(F, doc.xref_start as u64 + start as u64, what));
            }
            cx.warn(format!("PDF: {what}; the document was read by scanning it"));
        }
    }
    let revisions = doc.revision_count();
    if revisions > 1 {
        let what = match revisions - 1 {
            1 => "saved again once; the earlier version is still in the file".to_string(),
            n => format!("saved again {n} times; the earlier versions are still in the file"),
        };
        cx.add(Reveal::EarlierVersion, "PDF:Revisions", what);
    }
    trailer(&doc, body, cx);
    let unused = unused_objects(&doc);
    if unused > 0 {
        cx.add(Reveal::EarlierVersion, "PDF:UnusedObjects", format!("{unused} objects the document no longer uses"));
    }
    let root =
        doc.trailer.get(b"Root").and_then(|r| r.as_reference()).map_err(|_| Error::malformed(F, start as u64, "the trailer names no catalog"))?;
    if encrypted && !matches!(doc.objects.get(&root), Some(lopdf::Object::Dictionary(_))) {
        // Nothing could be decrypted (a password is needed to open it): nothing more to report.
        return Ok(None);
    }
    let version = doc.version.clone();
    let known: std::collections::BTreeSet<u32> = doc
        .reference_table
        .entries
        .iter()
        .filter(|(_, e)| matches!(e, lopdf::xref::XrefEntry::Normal { .. } | lopdf::xref::XrefEntry::Compressed { .. }))
        .map(|(n, _)| *n)
        .collect();
    let mut walk = scrub::Walk::new(doc.objects, known, mode, cx);
    walk.run(root)?;
    let kept = walk.finish()?;
    match mode {
        Mode::Clean => write::write(&version, kept).map(Some),
        Mode::Inspect(_) => Ok(None),
    }
}

/// Where the document ends: just after its last `%%EOF`, which must be in
/// the last kilobyte.
fn end_of_file(body: &[u8]) -> Option<usize> {
    let from = body.len().saturating_sub(EOF_WINDOW);
    let tail = body.get(from..)?;
    memchr::memmem::rfind(tail, b"%%EOF").map(|p| from + p + 5)
}

/// The trailer (§7.5.5): the document information dictionary, the file
/// identifiers and any key we do not know.
fn trailer(doc: &lopdf::Document, body: &[u8], cx: &mut Collector) {
    for (key, value) in doc.trailer.iter().take(MAX_FINDINGS) {
        match key.as_slice() {
            // Structure, including what a cross-reference stream's dictionary adds (§7.5.8.2).
            b"Size" | b"Root" | b"Prev" | b"XRefStm" | b"Encrypt" | b"Type" | b"W" | b"Index" | b"Filter" | b"DecodeParms" | b"Length" | b"DL" => {}
            b"Info" => {
                let info = scrub::resolve(&doc.objects, value).and_then(|o| o.as_dict().ok());
                if let Some(info) = info {
                    scrub::report_info(info, "PDF", cx);
                }
            }
            b"ID" => {
                if !sealed(doc, body) {
                    let first = value.as_array().ok().and_then(|a| a.first()).and_then(|s| s.as_str().ok()).map(hex).unwrap_or_default();
                    cx.add_text(Reveal::UniqueId, "PDF:ID", &first);
                }
            }
            b"DocChecksum" => cx.add(Reveal::UniqueId, "PDF:DocChecksum", scrub::describe(value)),
            other => cx.add(Reveal::UnknownData, format!("PDF:Trailer/{}", String::from_utf8_lossy(other)), scrub::describe(value)),
        }
    }
}

/// Is the file's `/ID` the one Silbato writes: both halves the hash of the
/// file up to its (only) cross-reference section?
fn sealed(doc: &lopdf::Document, body: &[u8]) -> bool {
    let Ok(ids) = doc.trailer.get(b"ID").and_then(|o| o.as_array()) else { return false };
    let Some(head) = body.get(..doc.xref_start) else { return false };
    if doc.xref_section_count != 1 || ids.len() != 2 {
        return false;
    }
    let digest = id_of(head);
    ids.iter().all(|id| id.as_str().ok() == Some(digest.as_slice()))
}

/// The `/ID` of a cleaned file whose bytes before the cross-reference table are `head`.
pub(crate) fn id_of(head: &[u8]) -> [u8; 16] {
    xxhash_rust::xxh3::xxh3_128(head).to_be_bytes()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Objects the file holds that nothing reaches from the trailer: left over
/// from editing (a deleted page, an old Info). The structures a reader
/// regenerates (object and cross-reference streams, linearization hints)
/// are not counted.
fn unused_objects(doc: &lopdf::Document) -> usize {
    use lopdf::Object;
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<&Object> = doc.trailer.iter().map(|(_, v)| v).collect();
    while let Some(o) = stack.pop() {
        match o {
            Object::Reference(id) if seen.insert(*id) => stack.extend(doc.objects.get(id)),
            Object::Array(a) => stack.extend(a.iter()),
            Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v)),
            Object::Stream(s) => stack.extend(s.dict.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    let hints: Vec<u64> = doc.linearization.iter().flat_map(|l| l.hint_streams.iter().map(|(offset, _)| *offset)).collect();
    let is_hint = |id: &lopdf::ObjectId| match doc.reference_table.entries.get(&id.0) {
        Some(lopdf::xref::XrefEntry::Normal { offset, .. }) => hints.contains(&u64::from(*offset)),
        _ => false,
    };
    let structural = |o: &Object| matches!(o.type_name(), Ok(b"ObjStm" | b"XRef")) || matches!(o, Object::Dictionary(d) if d.has(b"Linearized"));
    doc.objects.iter().filter(|(id, o)| !seen.contains(id) && !structural(o) && !is_hint(id) && !hint_like(doc, o)).count()
}

/// Linearized files may also keep their hint stream where `/H` does not
/// quite point (writers disagree on whether the offset counts the object
/// header): a stream with no `/Type` and the shared-object table `/S`.
fn hint_like(doc: &lopdf::Document, o: &lopdf::Object) -> bool {
    doc.linearization.is_some() && matches!(o, lopdf::Object::Stream(s) if !s.dict.has(b"Type") && s.dict.has(b"S"))
}
