//! Where metadata sits: one module per container format, each behind the
//! same small trait, and the one table (`CONTAINERS`) that lists them. A new
//! format is its module, one line in that table, its `Format` arm (with the
//! names and type people see, in `report.rs`), and its tests.

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::plan::CleanPlan;
use crate::report::Format;
use crate::reveal::Collector;
use crate::source::Source;

pub mod audio;
pub mod gif;
pub mod isobmff;
pub mod jpeg;
pub mod office;
pub mod pdf;
pub mod png;
pub mod riff;

/// How many leading bytes `sniff` is given (ISO media need their `ftyp`).
pub const SNIFF_LEN: u64 = 64;

/// Largest file a container reads whole into memory (photos; videos are
/// read by range whatever their size). The same limit everywhere: the CLI,
/// the extension and the page.
pub const MAX_IN_MEMORY: u64 = 256 << 20;

/// How much of a file `inspect` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// Headers only where the format allows it (a JPEG that ends at its
    /// end-of-image marker is read up to its first scan): microseconds,
    /// whatever the size. Used on hot paths and to verify cleaned output.
    Headers,
    /// Every structure, including the exact end of a JPEG's image data, so
    /// that anything appended after the image is found.
    Full,
}

/// One container module. Files are given as a `Source`: a module that needs
/// the whole file calls [`whole`]; one that can work from ranges (ISO media)
/// reads only what it needs, and the caller loads it on demand.
pub trait Container {
    /// The formats this module reads (one for most; ISO media serve five).
    const FORMATS: &'static [Format];

    /// Which of `FORMATS` the first bytes (up to `SNIFF_LEN`) say the file is.
    fn sniff(head: &[u8]) -> Option<Format>;

    /// Which of `FORMATS` the file is, for containers whose first bytes name
    /// only a family: an office document is a ZIP whose directory, at the
    /// end, says whether it holds a text, a sheet or a presentation. Most
    /// containers know from `sniff` alone.
    fn identify(_src: &dyn Source, sniffed: Format) -> Result<Format> {
        Ok(sniffed)
    }

    /// Report what the file reveals into `cx`. Structural damage is an
    /// error; damage inside a metadata payload is a warning.
    fn inspect(src: &dyn Source, format: Format, cx: &mut Collector, depth: Depth) -> Result<()>;

    /// Plan the cleaned file: keep only what is known to be safe. Also
    /// reports into `cx` everything the plan drops. Fails closed.
    fn plan_clean(src: &dyn Source, format: Format, cx: &mut Collector) -> Result<CleanPlan>;
}

/// A registered container, as plain functions (the table below).
pub struct Entry {
    pub formats: &'static [Format],
    pub sniff: fn(&[u8]) -> Option<Format>,
    pub identify: fn(&dyn Source, Format) -> Result<Format>,
    pub inspect: fn(&dyn Source, Format, &mut Collector, Depth) -> Result<()>,
    pub plan_clean: fn(&dyn Source, Format, &mut Collector) -> Result<CleanPlan>,
}

const fn entry<C: Container>() -> Entry {
    Entry { formats: C::FORMATS, sniff: C::sniff, identify: C::identify, inspect: C::inspect, plan_clean: C::plan_clean }
}

/// Every container Silbato reads, in the order they are sniffed.
pub const CONTAINERS: &[Entry] = &[
    entry::<jpeg::Jpeg>(),
    entry::<png::Png>(),
    entry::<riff::WebP>(),
    entry::<gif::Gif>(),
    entry::<isobmff::IsoMedia>(),
    entry::<pdf::Pdf>(),
    entry::<office::Office>(),
    // Audio (M4A is ISO media, above).
    entry::<audio::mp3::Mp3>(),
    entry::<audio::wav::Wav>(),
    entry::<audio::flac::Flac>(),
    entry::<audio::ogg::Ogg>(),
];

/// The container that reads `format`.
pub fn for_format(format: Format) -> Option<&'static Entry> {
    CONTAINERS.iter().find(|e| e.formats.contains(&format))
}

/// The format of a file from its first bytes.
pub fn sniff(head: &[u8]) -> Option<Format> {
    CONTAINERS.iter().find_map(|e| (e.sniff)(head))
}

/// The format of a file: sniffed from its first bytes, then made exact by
/// its container where the first bytes name only a family.
pub fn identify(src: &dyn Source, head: &[u8]) -> Option<Result<Format>> {
    let sniffed = sniff(head)?;
    Some(for_format(sniffed).map_or(Ok(sniffed), |e| (e.identify)(src, sniffed)))
}

/// The whole file, for containers that read it in memory; refused above
/// `MAX_IN_MEMORY` before anything is loaded.
pub fn whole<'a>(src: &'a dyn Source, format: Format) -> Result<Cow<'a, [u8]>> {
    whole_up_to(src, format, MAX_IN_MEMORY)
}

/// As [`whole`], with a limit of the container's own.
pub fn whole_up_to<'a>(src: &'a dyn Source, format: Format, limit: u64) -> Result<Cow<'a, [u8]>> {
    if src.len() > limit {
        return Err(Error::limit(
            format,
            0,
            format!("a {} file of {} MB; Silbato reads such files whole, up to {} MB", format.display_name(), src.len() >> 20, limit >> 20),
        ));
    }
    src.read(0, src.len())
}
