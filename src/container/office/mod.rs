//! Office documents: Office Open XML (ECMA-376 / ISO/IEC 29500: DOCX, XLSX,
//! PPTX) and OpenDocument (OASIS ODF 1.3 / ISO/IEC 26300: ODT, ODS, ODP),
//! both ZIP packages of XML parts and media.
//!
//! The package is rewritten (`zip.rs`): each entry is kept only when its
//! kind is known (an allowlist of part types, `ooxml.rs` and `odf.rs`),
//! its XML filtered (`xml.rs`) to drop what identifies (properties,
//! comments, tracked changes, revision ids, printer settings, paths), its
//! pictures and videos cleaned by their own containers, an embedded
//! document cleaned by this one; anything else is reported and removed.
//! Documents are read whole, up to `MAX_DOCUMENT`.

use std::borrow::Cow;

use crate::container::{whole_up_to, Container, Depth};
use crate::error::{Error, ErrorKind, Result};
use crate::plan::CleanPlan;
use crate::report::Format;
use crate::reveal::{Collector, Reveal};
use crate::source::Source;

mod odf;
mod ooxml;
pub mod xml;
pub mod zip;

#[cfg(test)]
mod tests;

use zip::{Archive, Data, Writer};

pub struct Office;

/// Largest document read (it is read whole): the core's in-memory limit.
pub const MAX_DOCUMENT: u64 = crate::container::MAX_IN_MEMORY;
/// Documents inside documents (a chart's workbook inside a presentation)
/// are cleaned to this depth; deeper ones are removed.
pub const MAX_NESTING: usize = 2;

const OOXML: [Format; 3] = [Format::Docx, Format::Xlsx, Format::Pptx];

/// What happens to one entry of the package.
pub(crate) enum Treatment<'r> {
    /// XML filtered by these rules; copied as it was when nothing is left out.
    Xml(Box<dyn xml::Rules + 'r>),
    /// New contents written by the family (a rebuilt manifest).
    New(Vec<u8>),
    /// A picture, video or sound, cleaned by its container.
    Media,
    /// An office document inside this one.
    Package,
    /// Left out (already reported, or reporting nothing: a directory).
    Drop,
}

/// A family's decisions for a package: one treatment per entry (in the
/// archive's order), and the entry that must come first in the output.
pub(crate) struct Decisions<'r> {
    pub treatments: Vec<Treatment<'r>>,
    /// Written first whatever its place in the input (`[Content_Types].xml`,
    /// `mimetype`), so that the cleaned file sniffs as what it is.
    pub first: Option<usize>,
}

impl Container for Office {
    const FORMATS: &'static [Format] = &[Format::Docx, Format::Xlsx, Format::Pptx, Format::Odt, Format::Ods, Format::Odp];

    fn sniff(head: &[u8]) -> Option<Format> {
        let (name, data_at) = zip::first_name(head)?;
        if name == b"mimetype" {
            return odf::sniff(head.get(data_at..).unwrap_or(&[]));
        }
        ooxml::sniff(name)
    }

    fn identify(src: &dyn Source, sniffed: Format) -> Result<Format> {
        let bytes = whole_up_to(src, sniffed, MAX_DOCUMENT)?;
        let archive = Archive::read(&bytes, sniffed)?;
        kind(&archive, sniffed)
    }

    fn inspect(src: &dyn Source, format: Format, cx: &mut Collector, depth: Depth) -> Result<()> {
        let bytes = whole_up_to(src, format, MAX_DOCUMENT)?;
        walk(&bytes, format, cx, depth, 0, false).map(|_| ())
    }

    fn plan_clean(src: &dyn Source, format: Format, cx: &mut Collector) -> Result<CleanPlan> {
        let bytes = whole_up_to(src, format, MAX_DOCUMENT)?;
        walk(&bytes, format, cx, Depth::Full, 0, true)?.ok_or_else(|| Error::invalid_argument("no plan was made"))
    }
}

/// The exact format of an archive sniffed as `sniffed`.
fn kind(archive: &Archive, sniffed: Format) -> Result<Format> {
    if OOXML.contains(&sniffed) {
        ooxml::kind(archive, sniffed)
    } else {
        odf::kind(archive, sniffed)
    }
}

/// Read a package, report what it reveals, and (when `write`) plan the
/// cleaned package.
fn walk(bytes: &[u8], format: Format, cx: &mut Collector, depth: Depth, nesting: usize, write: bool) -> Result<Option<CleanPlan>> {
    let archive = Archive::read(bytes, format)?;
    let exact = kind(&archive, format)?;
    if exact != format {
        return Err(Error::malformed(format, 0, format!("the package holds a {}, not a {}", exact.display_name(), format.display_name())));
    }
    report_archive(&archive, cx);
    let decisions = if OOXML.contains(&format) { ooxml::decide(&archive, format, cx, write)? } else { odf::decide(&archive, format, cx, write)? };
    let mut writer = write.then(|| Writer::new(bytes, format));
    let order = output_order(&archive, decisions.first);
    let mut treatments: Vec<Option<Treatment>> = decisions.treatments.into_iter().map(Some).collect();
    for i in order {
        let (Some(entry), Some(treatment)) = (archive.entries.get(i), treatments.get_mut(i).and_then(Option::take)) else { continue };
        let data = match treatment {
            Treatment::Drop => None,
            Treatment::New(b) => Some(Data::New { compress: entry.name != "mimetype", bytes: b }),
            Treatment::Xml(mut rules) => {
                let contents = archive.contents(entry)?;
                let filtered = xml::filter(&contents, &entry.name, format, rules.as_mut(), cx, write)?;
                match filtered.output {
                    Some(out) if filtered.changed => Some(Data::New { bytes: out, compress: true }),
                    _ => Some(Data::Unchanged(entry)),
                }
            }
            Treatment::Media => media(&archive, entry, format, cx, depth, write)?,
            Treatment::Package => package(&archive, entry, format, cx, depth, nesting, write)?,
        };
        if let (Some(w), Some(data)) = (writer.as_mut(), data) {
            w.add(&entry.raw_name, entry.utf8, data)?;
        }
    }
    writer.map(Writer::finish).transpose()
}

/// The first entry the family names, then the rest in the input's order
/// (copied ranges then only move forwards).
fn output_order(archive: &Archive, first: Option<usize>) -> Vec<usize> {
    let mut order: Vec<usize> = first.into_iter().collect();
    order.extend((0..archive.entries.len()).filter(|i| Some(*i) != first));
    order
}

/// What the ZIP itself carries: comments, extra fields (times, user ids),
/// the times of its entries, bytes after its end.
fn report_archive(archive: &Archive, cx: &mut Collector) {
    if !archive.comment.is_empty() {
        let text = String::from_utf8_lossy(archive.bytes.get(archive.comment.clone()).unwrap_or(&[])).into_owned();
        cx.add_text(Reveal::Caption, "ZIP:Comment", &text);
    }
    if !archive.trailer.is_empty() {
        cx.add(Reveal::Trailer, "ZIP:Trailer", format!("{} bytes", archive.trailer.len()));
    }
    let comments = archive.entries.iter().filter(|e| e.comment_len > 0).count();
    if comments > 0 {
        cx.add(Reveal::Caption, "ZIP:FileComment", format!("{comments} entries with comments"));
    }
    let extras = archive.entries.iter().filter(|e| e.extra_len > 0).count();
    if extras > 0 {
        cx.add(Reveal::OtherTime, "ZIP:ExtraField", format!("{extras} entries with extra fields (times, user ids)"));
    }
    if let Some(latest) = archive.entries.iter().map(|e| e.dos_time).filter(|&t| t != zip::FIXED_TIME).max() {
        cx.add(Reveal::OtherTime, "ZIP:ModifyDate", zip::dos_time_text(latest));
    }
}

/// A picture, video or sound: cleaned by the container that reads it, its
/// findings reported under its name. One no container reads is removed.
fn media<'a>(archive: &'a Archive, entry: &'a zip::Entry, format: Format, cx: &mut Collector, depth: Depth, write: bool) -> Result<Option<Data<'a>>> {
    let contents = archive.contents(entry)?;
    let sniffed = crate::container::sniff(contents.get(..64).unwrap_or(&contents)).filter(|f| !Office::FORMATS.contains(f));
    let Some(inner) = sniffed.and_then(|f| crate::container::for_format(f).map(|c| (f, c))) else {
        cx.add(Reveal::UnknownData, entry.name.clone(), format!("a file of {} bytes that Silbato cannot check", contents.len()));
        return Ok(None);
    };
    let (media_format, c) = inner;
    let mut sub = cx.nested(media_format);
    let slice: &[u8] = &contents;
    let wrap = |e: Error| Error { detail: Cow::Owned(format!("{}: {}", entry.name, e)), format: Some(format), ..e };
    let result = if write {
        let plan = (c.plan_clean)(&slice, media_format, &mut sub).map_err(wrap)?;
        cx.absorb(sub, &entry.name);
        if plan.is_identity() {
            Some(Data::Unchanged(entry))
        } else if matches!(contents, Cow::Borrowed(_)) {
            // A stored entry: the plan's copies are ranges of the input.
            Some(Data::Planned { within: entry, plan })
        } else {
            Some(Data::New { bytes: plan.apply(slice)?, compress: false })
        }
    } else {
        (c.inspect)(&slice, media_format, &mut sub, depth).map_err(wrap)?;
        cx.absorb(sub, &entry.name);
        None
    };
    Ok(result)
}

/// An office document inside this one (a chart's data): cleaned by this
/// container, up to `MAX_NESTING` deep; deeper, or of a kind we do not
/// read, it is removed.
fn package<'a>(
    archive: &'a Archive,
    entry: &'a zip::Entry,
    format: Format,
    cx: &mut Collector,
    depth: Depth,
    nesting: usize,
    write: bool,
) -> Result<Option<Data<'a>>> {
    let contents = archive.contents(entry)?;
    let inner = Office::sniff(contents.get(..64).unwrap_or(&contents)).map(|f| Archive::read(&contents, f).and_then(|a| kind(&a, f)));
    let inner = match inner {
        Some(Ok(f)) if nesting < MAX_NESTING => f,
        Some(Err(e)) if e.kind != ErrorKind::Unsupported => {
            return Err(Error { detail: Cow::Owned(format!("{}: {}", entry.name, e)), format: Some(format), ..e })
        }
        _ => {
            cx.add(Reveal::UnknownData, entry.name.clone(), format!("an embedded file of {} bytes that Silbato cannot check", contents.len()));
            return Ok(None);
        }
    };
    let mut sub = cx.nested(inner);
    let plan = walk(&contents, inner, &mut sub, depth, nesting + 1, write)?;
    cx.absorb(sub, &entry.name);
    match plan {
        Some(plan) => Ok(Some(Data::New { bytes: plan.apply(&contents)?, compress: false })),
        None => Ok(None),
    }
}
