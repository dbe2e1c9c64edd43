//! Silbato's core: say what a file would reveal, and remove it without
//! touching a pixel. Pure Rust, no IO, no web crates: callers hand in bytes
//! and get back a `Report`, or a `CleanPlan` (ranges of the input to keep,
//! bytes to insert) that they apply however suits them.
//!
//! Entry points: [`inspect`], [`plan_clean`], [`clean`]. See ARCHITECTURE.md.

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod bytes;
pub mod container;
pub mod error;
#[cfg(feature = "faces")]
pub mod faces;
pub mod geo;
pub mod names;
pub mod payload;
pub mod plan;
pub mod report;
pub mod reveal;
pub mod source;
pub mod text;
pub mod trackers;
pub mod url;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use container::Depth;
pub use error::{Error, ErrorKind, Result};
pub use geo::{Gazetteer, Place};
pub use plan::{CleanPlan, Op};
pub use report::{Category, Finding, Format, Report, Severity};
pub use reveal::{Lang, Options};
pub use source::{Patches, PlanView, Source, Sparse};

use container::{Entry, SNIFF_LEN};
use reveal::Collector;

/// The format of `input`, judged from its first bytes only (for an office
/// document, a first guess: [`identify`] reads which kind it is).
pub fn sniff(input: &[u8]) -> Option<Format> {
    container::sniff(input.get(..input.len().min(SNIFF_LEN as usize)).unwrap_or(input))
}

/// The format of `input`, or an `Unsupported` error naming what it looks like.
pub fn identify(input: &[u8]) -> Result<Format> {
    identify_from(&input, input.get(..input.len().min(SNIFF_LEN as usize)).unwrap_or(input))
}

/// The format of `src` (whose first bytes are `head`): sniffed, then made
/// exact by the container (an office document's kind is in its ZIP directory).
fn identify_from(src: &dyn Source, head: &[u8]) -> Result<Format> {
    container::identify(src, head).unwrap_or_else(|| Err(Error::unsupported(None, describe_unsupported(head))))
}

/// A plain description of files we recognise but do not clean yet.
fn describe_unsupported(input: &[u8]) -> String {
    let h = |n: usize| input.get(..n).unwrap_or(&[]);
    let kind = if input.is_empty() {
        "the file is empty"
    } else if h(4) == b"PK\x03\x04" {
        "this is a ZIP archive, not a document Silbato cleans (DOCX, XLSX, PPTX, ODT, ODS, ODP)"
    } else if h(8) == b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" {
        "this looks like an older Office document (DOC, XLS, PPT) or one protected by a password, which Silbato does not clean; save it as DOCX, XLSX or PPTX without a password"
    } else if input.get(4..8) == Some(b"ftyp") && input.get(8..12) == Some(b"crx ") {
        "this looks like a Canon camera raw file (CR3), which Silbato does not clean yet"
    } else if h(4) == b"II*\0" || h(4) == b"MM\0*" {
        "this looks like a TIFF image or a camera raw file, which Silbato does not clean yet"
    } else if h(4) == b"OggS" {
        "this looks like an Ogg file with a video or a kind of audio Silbato does not clean yet (it cleans Vorbis, Opus, Speex and FLAC)"
    } else if h(4) == b"FORM" && matches!(input.get(8..12), Some(b"AIFF" | b"AIFC")) {
        "this looks like an AIFF recording, which Silbato does not clean yet"
    } else if h(5) == b"#!AMR" || (h(2) == b"\xFF\xF1" || h(2) == b"\xFF\xF9") {
        "this looks like an AMR or AAC recording without a container, which Silbato does not clean yet"
    } else if h(4) == b"\x1A\x45\xDF\xA3" || (h(4) == b"RIFF" && input.get(8..12) == Some(b"AVI ")) {
        "this looks like a video, which Silbato does not clean yet"
    } else if h(2) == b"\xFF\x0A" || h(12) == b"\0\0\0\x0CJXL \r\n\x87\n" {
        "this looks like a JPEG XL image, which Silbato does not clean yet"
    } else if h(2) == b"\xFF\xD8" {
        "this starts like a JPEG but is damaged right at the start"
    } else {
        "Silbato reads JPEG, PNG, WebP, GIF, HEIC and AVIF images, MP4, MOV and 3GP videos, PDF, DOCX, XLSX, PPTX, ODT, ODS and ODP documents, and MP3, M4A, WAV, FLAC, Ogg and Opus recordings, and this is none of them"
    };
    kind.to_string()
}

fn container(format: Format) -> Result<&'static Entry> {
    container::for_format(format).ok_or_else(|| Error::unsupported(Some(format), "no container reads this format"))
}

/// What `input` reveals, reading every structure (a JPEG's image data is
/// walked to find exactly where the image ends and what follows it).
pub fn inspect(input: &[u8], opts: &Options) -> Result<Report> {
    inspect_with(input, opts, Depth::Full)
}

/// As [`inspect`], choosing how deep to read.
pub fn inspect_with(input: &[u8], opts: &Options, depth: Depth) -> Result<Report> {
    let format = identify(input)?;
    let mut cx = Collector::new(*opts, format);
    (container(format)?.inspect)(&input, format, &mut cx, depth)?;
    Ok(cx.finish())
}

/// A verified edit plan and what it removes.
#[derive(Clone, Debug)]
pub struct Planned {
    pub format: Format,
    pub plan: CleanPlan,
    /// Everything the original revealed; the cleaned file reveals none of
    /// the blocking categories (checked).
    pub removed: Report,
}

impl Planned {
    /// The plan as it crosses to JavaScript.
    pub fn report(&self) -> report::PlanReport<'_> {
        report::PlanReport {
            format: self.format,
            mime: self.format.mime_type(),
            output_length: self.plan.output_len(),
            ops: self.plan.ops(),
            removed: &self.removed,
        }
    }
}

/// A cleaned file in memory and what was removed.
#[derive(Clone, Debug)]
pub struct Cleaned {
    pub format: Format,
    pub output: Vec<u8>,
    pub removed: Report,
}

/// Plan the cleaning of `input` and check the plan: the output it describes
/// is inspected again; if it still reveals anything, this fails with
/// `ErrorKind::Unverified` and no plan is returned.
pub fn plan_clean(input: &[u8], opts: &Options) -> Result<Planned> {
    match plan_clean_source(&input, opts)? {
        Step::Done(planned) => Ok(planned),
        // A whole file in memory never lacks bytes.
        Step::Need { .. } => Err(Error::invalid_argument("the file in memory was asked for more bytes")),
    }
}

/// Clean `input` in memory: plan, apply, and verify the result.
pub fn clean(input: &[u8], opts: &Options) -> Result<Cleaned> {
    let Planned { format, plan, removed } = plan_unverified(&input, opts)?;
    let output = plan.apply(input)?;
    verify(format, &output.as_slice())?;
    Ok(Cleaned { format, output, removed })
}

/// Inspect a cleaned file as a stranger would: it must be the same format,
/// parse without error, and reveal nothing at all. `output` is usually a
/// [`PlanView`], so a video is checked without building it.
///
/// Photos are read at header depth: a JPEG's entropy-coded image data is a
/// verbatim copy of ranges the plan had just walked exactly on the input (a
/// second walk of identical bytes cannot find anything new), and reading it
/// again would double the cost of cleaning a photo. Tests and the fuzzer
/// read cleaned output at full depth.
fn verify(format: Format, output: &dyn Source) -> Result<()> {
    let unverified = |detail: String| Error::unverified(format, detail);
    let head = output.read(0, output.len().min(SNIFF_LEN))?;
    match container::identify(output, &head) {
        Some(Ok(f)) if f == format => {}
        Some(Err(e)) if e.kind == ErrorKind::NeedBytes => return Err(e),
        _ => return Err(unverified("the cleaned file is not recognisable as the same format".into())),
    }
    let mut cx = Collector::new(Options::default(), format);
    match (container(format)?.inspect)(output, format, &mut cx, Depth::Headers) {
        Err(e) if e.kind == ErrorKind::NeedBytes => return Err(e),
        Err(e) => return Err(unverified(format!("the cleaned file does not read back ({e})"))),
        Ok(()) => {}
    }
    let left = cx.finish();
    let blocking: Vec<&str> = left.blocking().map(|f| f.tag.as_str()).collect();
    if !blocking.is_empty() {
        return Err(unverified(format!("the cleaned file still holds {}", blocking.join(", "))));
    }
    // Whatever else remains would be a bug in a planner: say so rather than hide it.
    if let Some(f) = left.findings.first() {
        return Err(unverified(format!("the cleaned file still holds {}", f.tag)));
    }
    Ok(())
}

/// The answer of the `*_source` entry points: done, or the bytes to load first.
#[derive(Clone, Debug)]
pub enum Step<T> {
    /// Load `len` bytes at `start` into the `Sparse` and ask again.
    Need {
        start: u64,
        len: u64,
    },
    Done(T),
}

fn step<T>(r: Result<T>) -> Result<Step<T>> {
    match r {
        Ok(v) => Ok(Step::Done(v)),
        Err(e) if e.kind == ErrorKind::NeedBytes => {
            let (start, len) = e.needed.unwrap_or((0, 0));
            Ok(Step::Need { start, len })
        }
        Err(e) => Err(e),
    }
}

fn identify_in(src: &dyn Source) -> Result<Format> {
    identify_from(src, &src.read(0, src.len().min(SNIFF_LEN))?)
}

/// The format of a partly loaded file (needs its first 64 bytes).
pub fn identify_source(src: &dyn Source) -> Result<Step<Format>> {
    step(identify_in(src))
}

/// As [`inspect`], for a file that is loaded piece by piece: ISO media read
/// only their box headers, `moov` and `meta`; photos need the whole file.
pub fn inspect_source(src: &dyn Source, opts: &Options) -> Result<Step<Report>> {
    inspect_source_with(src, opts, Depth::Full)
}

/// As [`inspect_source`], choosing how deep to read photos.
pub fn inspect_source_with(src: &dyn Source, opts: &Options, depth: Depth) -> Result<Step<Report>> {
    step((|| {
        let format = identify_in(src)?;
        let mut cx = Collector::new(*opts, format);
        (container(format)?.inspect)(src, format, &mut cx, depth)?;
        Ok(cx.finish())
    })())
}

/// As [`plan_clean`], for a file that is loaded piece by piece. A video's
/// plan copies the media data from the original (never loaded) and is
/// verified by inspecting the cleaned file as a view over the original.
pub fn plan_clean_source(src: &dyn Source, opts: &Options) -> Result<Step<Planned>> {
    step((|| {
        let planned = plan_unverified(src, opts)?;
        verify(planned.format, &PlanView::new(src, &planned.plan)?)?;
        Ok(planned)
    })())
}

/// The container's plan and what it removes, before verification.
fn plan_unverified(src: &dyn Source, opts: &Options) -> Result<Planned> {
    let format = identify_in(src)?;
    let mut cx = Collector::new(*opts, format);
    let plan = (container(format)?.plan_clean)(src, format, &mut cx)?;
    Ok(Planned { format, plan, removed: cx.finish() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_formats_are_named() {
        assert_eq!(identify(b"%PDF-1.7 ...").unwrap(), Format::Pdf);
        assert!(identify(b"").unwrap_err().to_string().contains("empty"));
        assert_eq!(identify(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic").unwrap(), Format::Heic);
        assert!(identify(b"\0\0\0\x18ftypcrx \0\0\0\0").unwrap_err().to_string().contains("raw"));
    }

    #[test]
    fn clean_verifies_and_reports_what_it_removed() {
        let input = container::jpeg::tests::sample();
        let cleaned = clean(&input, &Options::default()).unwrap();
        assert!(cleaned.removed.blocking().count() >= 4);
        let again = clean(&cleaned.output, &Options::default()).unwrap();
        assert_eq!(again.output, cleaned.output);
        assert!(again.removed.findings.is_empty());
        let planned = plan_clean(&input, &Options::default()).unwrap();
        assert_eq!(planned.plan.apply(&input).unwrap(), cleaned.output);
    }
}
