//! JPEG (ITU-T T.81, JFIF, Exif 2.32 §4.5, CIPA DC-007 MPF): a list of marker
//! segments, the entropy-coded scans, and whatever follows end-of-image.
//!
//! Cleaning keeps the coding tables, frame headers and scans byte for byte,
//! the ICC profile segments as they are, and rebuilds three tiny segments
//! from values alone: JFIF (density, no thumbnail), EXIF (orientation only)
//! and Adobe APP14 (the colour transform). Every other segment, and all
//! bytes after the primary image's end-of-image marker, are dropped.
//!
//! A file damaged after its first scan header (cut short, or junk where a
//! marker should be) keeps its image data up to the damage and gains the
//! end-of-image marker viewers need; `entropy.rs` finds where a damaged
//! sequential scan's last whole MCU ends. Damage before that is refused.

mod entropy;

use std::borrow::Cow;
use std::ops::Range;

use crate::container::{whole, Container, Depth, MAX_IN_MEMORY};
use crate::error::{Error, ErrorKind, Result};
use crate::payload::{exif, iptc, xmp};
use crate::plan::{CleanPlan, PlanBuilder};
use crate::report::{Damage, DamageKind, Format};
use crate::reveal::{Collector, Reveal};
use crate::source::Source;

pub struct Jpeg;

const F: Format = Format::Jpeg;
const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const APP0: u8 = 0xE0;
const APP14: u8 = 0xEE;
const COM: u8 = 0xFE;

/// Segments per file; real files have tens, progressive ones a few hundred.
const MAX_SEGMENTS: usize = 65_536;
/// Extended XMP assembled per file, on top of the input's own size.
const MAX_EXTENDED_XMP: usize = 64 << 20;
/// The first read of a file's headers at header depth: a photo's EXIF (with
/// its thumbnail), ICC profile and XMP fit in it, a cleaned photo's headers in
/// a fraction; larger headers are read in windows twice as large.
const HEADER_WINDOW: u64 = 64 << 10;

const EXIF_ID: &[u8] = b"Exif\0\0";
const XMP_ID: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const EXT_XMP_ID: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
const ICC_ID: &[u8] = b"ICC_PROFILE\0";
const MPF_ID: &[u8] = b"MPF\0";
const PHOTOSHOP_ID: &[u8] = b"Photoshop 3.0\0";

#[derive(Clone, Debug)]
struct Segment {
    marker: u8,
    /// From the 0xFF of the marker to the end of the segment (for SOS, to
    /// the end of the entropy-coded data that follows it).
    range: Range<usize>,
    payload: Range<usize>,
}

/// What the cleaned file must carry over.
#[derive(Debug, Default)]
struct Keep {
    orientation: Option<u16>,
    /// Version, units, x density, y density of the JFIF header.
    jfif: Option<[u8; 7]>,
    mpf_images: usize,
}

/// Where the structure broke after the first scan header: the walk stops
/// there, and cleaning keeps the image data before it.
#[derive(Clone, Debug)]
struct Break {
    /// The first byte that is not part of a sound structure.
    at: usize,
    /// The file ended there (rather than holding junk).
    cut_short: bool,
    /// What the walk found, returned as the error when nothing can be kept.
    error: Error,
}

/// Walks marker segments. `end_of_image` is the range of the EOI marker
/// once found; everything after it is trailer.
struct Walk<'a> {
    input: &'a [u8],
    pos: usize,
    segments: Vec<Segment>,
    seen_sos: bool,
    end_of_image: Option<Range<usize>>,
    damage: Option<Break>,
}

impl<'a> Walk<'a> {
    fn new(input: &'a [u8]) -> Result<Self> {
        if input.get(..2) != Some(&[0xFF, SOI]) {
            return Err(Error::malformed(F, 0, "does not start with a JPEG start-of-image marker"));
        }
        Ok(Walk { input, pos: 2, segments: Vec::new(), seen_sos: false, end_of_image: None, damage: None })
    }

    /// Read segments until end-of-image, or until the first scan when
    /// `stop_at_scan` (headers only: microseconds, whatever the file size).
    /// Damage once the first scan header is read ends the walk and is kept
    /// in `damage`; damage before it is an error.
    fn run(&mut self, stop_at_scan: bool) -> Result<()> {
        while self.end_of_image.is_none() {
            if stop_at_scan && self.seen_sos {
                return Ok(());
            }
            if self.segments.len() >= MAX_SEGMENTS {
                return Err(Error::limit(F, self.pos as u64, "more marker segments than any real photo has"));
            }
            match self.step(stop_at_scan) {
                Ok(()) => {}
                Err(e) if self.seen_sos && matches!(e.kind, ErrorKind::Truncated | ErrorKind::Malformed) => {
                    let cut_short = e.kind == ErrorKind::Truncated;
                    self.damage = Some(Break { at: self.pos, cut_short, error: e });
                    return Ok(());
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Read one marker (and its segment, and a scan's data).
    fn step(&mut self, stop_at_scan: bool) -> Result<()> {
        let input = self.input;
        let mut p = self.pos;
        match input.get(p) {
            Some(0xFF) => {}
            Some(_) => return Err(Error::malformed(F, p as u64, "expected a marker")),
            None => return Err(Error::truncated(F, p as u64, "the image has no end-of-image marker")),
        }
        // Any number of 0xFF fill bytes may precede a marker (T.81 B.1.1.2).
        while input.get(p + 1) == Some(&0xFF) {
            p += 1;
        }
        let marker = *input.get(p + 1).ok_or_else(|| Error::truncated(F, p as u64, "marker"))?;
        match marker {
            EOI if self.seen_sos => {
                self.end_of_image = Some(self.pos..p + 2);
                Ok(())
            }
            EOI => Err(Error::malformed(F, p as u64, "end-of-image before any image data")),
            SOI => Err(Error::malformed(F, p as u64, "a second start-of-image marker")),
            0x00 | 0x01 | 0xD0..=0xD7 => Err(Error::malformed(F, p as u64, "a stand-alone marker outside image data")),
            // Reserved codes (T.81 Table B.1) are not markers: once image data
            // has begun they are junk where a marker should be.
            0x02..=0xBF if self.seen_sos => Err(Error::malformed(F, p as u64, format!("junk where a marker should be (0x{marker:02X})"))),
            _ => {
                let len_bytes = input.get(p + 2..p + 4).ok_or_else(|| Error::truncated(F, p as u64 + 2, "segment length"))?;
                let len = u16::from_be_bytes([len_bytes[0], len_bytes[1]]) as usize;
                if len < 2 {
                    return Err(Error::malformed(F, p as u64 + 2, "segment length below 2"));
                }
                let end = p + 2 + len;
                if end > input.len() {
                    return Err(Error::truncated(F, p as u64, format!("a segment of {len} bytes runs past the end of the file")));
                }
                let payload = p + 4..end;
                let end = if marker == SOS {
                    self.seen_sos = true;
                    if stop_at_scan {
                        self.segments.push(Segment { marker, range: self.pos..end, payload });
                        return Ok(());
                    }
                    match scan_end(input, end) {
                        Ok(e) => e,
                        Err(e) => {
                            // The file ends inside this scan's data: keep what there is.
                            self.segments.push(Segment { marker, range: self.pos..input.len(), payload });
                            self.pos = input.len();
                            return Err(e);
                        }
                    }
                } else {
                    end
                };
                self.segments.push(Segment { marker, range: self.pos..end, payload });
                self.pos = end;
                Ok(())
            }
        }
    }
}

/// The position of the marker that ends entropy-coded data starting at
/// `from`: the first 0xFF not followed by a stuffed 0x00 or a restart marker.
///
/// Checked a block at a time for an 0xFF followed by anything but 0x00
/// (a loop the compiler turns into vector instructions), then byte by byte
/// in the rare block that has one: in compressed data about one byte in 256
/// is 0xFF, nearly always stuffed, and stopping a `memchr` at each of them
/// cost more than twice as much (issue 17's benchmark,
/// scripts/bench-cli-batch.sh).
fn scan_end(input: &[u8], from: usize) -> Result<usize> {
    const BLOCK: usize = 64;
    let mut at = from;
    while let (Some(a), Some(b)) = (block::<BLOCK>(input, at), block::<BLOCK>(input, at + 1)) {
        let mut marker = false;
        for k in 0..BLOCK {
            marker |= (a[k] == 0xFF) & (b[k] != 0x00);
        }
        if marker {
            for k in 0..BLOCK {
                if a[k] == 0xFF && !matches!(b[k], 0x00 | 0xD0..=0xD7) {
                    return Ok(at + k);
                }
            }
        }
        at += BLOCK;
    }
    // The last bytes, where a block and the byte after it no longer fit.
    let rest = input.get(at..).unwrap_or(&[]);
    for j in memchr::memchr_iter(0xFF, rest) {
        let p = at + j;
        match input.get(p + 1) {
            Some(0x00 | 0xD0..=0xD7) => continue,
            Some(_) => return Ok(p),
            None => return Err(Error::truncated(F, p as u64, "the image data has no end-of-image marker")),
        }
    }
    Err(Error::truncated(F, input.len() as u64, "the image data has no end-of-image marker"))
}

/// `N` bytes of `input` at `at`, if there are that many.
fn block<const N: usize>(input: &[u8], at: usize) -> Option<&[u8; N]> {
    input.get(at..at.checked_add(N)?)?.try_into().ok()
}

/// At header depth, the file's bytes up to the end of its first scan header,
/// read by range: the rest of a JPEG that ends at its end-of-image marker is
/// image data, which header depth does not read, so neither is it loaded
/// (verifying a cleaned photo through a `PlanView` then copies its headers,
/// not its image data). `None` when the file is to be read whole as before:
/// something follows the image, it is larger than Silbato reads, or its
/// headers are not a plain list of segments (the whole walk says what is
/// wrong).
fn headers(src: &dyn Source) -> Result<Option<Cow<'_, [u8]>>> {
    let len = src.len();
    if len > MAX_IN_MEMORY {
        return Ok(None);
    }
    let mut window = len.min(HEADER_WINDOW);
    loop {
        let head = src.read(0, window)?;
        match first_scan_end(&head) {
            HeaderEnd::At(end) => {
                // Up to the scan header is what a walk that stops there reads; the end is read apart.
                let ends_at_eoi = len >= 2 && src.read(len - 2, 2)?.as_ref() == [0xFF, EOI];
                if !ends_at_eoi {
                    return Ok(None);
                }
                return Ok(Some(match head {
                    Cow::Borrowed(b) => Cow::Borrowed(b.get(..end).unwrap_or(b)),
                    Cow::Owned(mut v) => {
                        v.truncate(end);
                        Cow::Owned(v)
                    }
                }));
            }
            HeaderEnd::Beyond if window < len => window = len.min(window.saturating_mul(2)),
            HeaderEnd::Beyond | HeaderEnd::Other => return Ok(None),
        }
    }
}

/// Where the first scan header ends in `head` (the first bytes of a file).
enum HeaderEnd {
    At(usize),
    /// Past the end of `head`: more of the file is needed.
    Beyond,
    /// Not a plain list of segments up to a scan header.
    Other,
}

/// The same steps as `Walk::step` up to the first scan header, on a prefix
/// that may end anywhere.
fn first_scan_end(head: &[u8]) -> HeaderEnd {
    if head.get(..2) != Some(&[0xFF, SOI]) {
        return HeaderEnd::Other;
    }
    let mut p = 2;
    for _ in 0..MAX_SEGMENTS {
        match head.get(p) {
            Some(0xFF) => {}
            Some(_) => return HeaderEnd::Other,
            None => return HeaderEnd::Beyond,
        }
        while head.get(p + 1) == Some(&0xFF) {
            p += 1;
        }
        let marker = match head.get(p + 1).copied() {
            None => return HeaderEnd::Beyond,
            Some(SOI | EOI | 0x00 | 0x01 | 0xD0..=0xD7) => return HeaderEnd::Other,
            Some(m) => m,
        };
        let Some(&[hi, lo]) = head.get(p + 2..p + 4) else { return HeaderEnd::Beyond };
        let len = u16::from_be_bytes([hi, lo]) as usize;
        if len < 2 {
            return HeaderEnd::Other;
        }
        let end = p + 2 + len;
        if end > head.len() {
            return HeaderEnd::Beyond;
        }
        if marker == SOS {
            return HeaderEnd::At(end);
        }
        p = end;
    }
    HeaderEnd::Other
}

fn starts(payload: &[u8], id: &[u8]) -> bool {
    payload.len() >= id.len() && &payload[..id.len()] == id
}

/// Collects extended XMP parts (XMP spec part 3 §1.1.3.1) by GUID.
#[derive(Default)]
struct ExtendedXmp {
    guid: Vec<u8>,
    full_len: usize,
    parts: Vec<(usize, Range<usize>)>,
}

/// Report what one segment reveals and note what cleaning keeps.
fn inspect_segment(input: &[u8], seg: &Segment, keep: &mut Keep, ext: &mut ExtendedXmp, cx: &mut Collector) -> Result<()> {
    let payload = &input[seg.payload.clone()];
    let at = seg.payload.start as u64;
    match seg.marker {
        APP0 if starts(payload, b"JFIF\0") => {
            if payload.len() < 14 {
                return Err(Error::malformed(F, at, "JFIF header too short"));
            }
            let mut v = [0u8; 7];
            v.copy_from_slice(&payload[5..12]);
            keep.jfif.get_or_insert(v);
            let (w, h) = (payload[12] as usize, payload[13] as usize);
            if w * h > 0 {
                cx.add(Reveal::Thumbnail, "JFIF:ThumbnailImage", format!("{w}x{h} pixels"));
            }
        }
        APP0 if starts(payload, b"JFXX\0") => cx.add(Reveal::Thumbnail, "JFXX:ThumbnailImage", format!("{} bytes", payload.len())),
        0xE1 if starts(payload, EXIF_ID) => match exif::scan(payload, at, F, cx) {
            Ok(s) => {
                if keep.orientation.is_none() {
                    keep.orientation = s.orientation;
                }
            }
            Err(e) => cx.warn(format!("EXIF could not be read ({e}); it is removed, and the photo's rotation may be lost")),
        },
        0xE1 if starts(payload, XMP_ID) => xmp::scan(&payload[XMP_ID.len()..], cx),
        0xE1 if starts(payload, EXT_XMP_ID) => {
            let rest = &payload[EXT_XMP_ID.len()..];
            if rest.len() < 40 {
                cx.warn("extended XMP part too short (it is removed all the same)");
                return Ok(());
            }
            let guid = &rest[..32];
            let full = u32::from_be_bytes([rest[32], rest[33], rest[34], rest[35]]) as usize;
            let offset = u32::from_be_bytes([rest[36], rest[37], rest[38], rest[39]]) as usize;
            if ext.guid.is_empty() {
                ext.guid = guid.to_vec();
                ext.full_len = full;
            }
            if ext.guid == guid {
                let start = seg.payload.start + EXT_XMP_ID.len() + 40;
                ext.parts.push((offset, start..seg.payload.end));
            }
        }
        0xE2 if starts(payload, ICC_ID) => {} // kept as it is
        0xE2 if starts(payload, MPF_ID) => match exif::mpf_images(&payload[MPF_ID.len()..], at + 4, F) {
            Ok(images) => {
                for (i, img) in images.iter().enumerate().skip(1) {
                    keep.mpf_images += 1;
                    let kind = match img.attribute & 0x00FF_FFFF {
                        0x010001 | 0x010002 => "preview",
                        0x020002 => "depth or disparity map",
                        0x020001 | 0x020003 => "other view",
                        _ => "hidden image (for example an HDR gain map)",
                    };
                    cx.add(Reveal::HiddenImage, format!("MPF:MPImage{}", i + 1), format!("{kind}, {} bytes", img.size));
                }
            }
            Err(e) => cx.warn(format!("the multi-picture index could not be read ({e}); it is removed all the same")),
        },
        0xED if starts(payload, PHOTOSHOP_ID) => iptc::scan_resources(&payload[PHOTOSHOP_ID.len()..], cx),
        APP14 if starts(payload, b"Adobe") && payload.len() >= 12 => {}
        0xEB if starts(payload, b"JP") => cx.add(Reveal::ContentCredentials, "APP11:JUMBF", format!("{} bytes", payload.len())),
        COM => {
            let text = String::from_utf8_lossy(payload);
            cx.add_text(Reveal::Caption, "Comment", &text);
        }
        m @ 0xE0..=0xEF => {
            let ident: String = payload.iter().take(16).take_while(|b| b.is_ascii_graphic() || **b == b' ').map(|&b| b as char).collect();
            let tag = format!("APP{}:{}", m - 0xE0, if ident.is_empty() { "unknown" } else { ident.trim() });
            let reveal = match (m, ident.as_str()) {
                (0xEC, i) if i.starts_with("Ducky") || i.starts_with("PictureInfo") => Reveal::Caption,
                _ => Reveal::UnknownData,
            };
            cx.add(reveal, tag, format!("{} bytes", payload.len()));
        }
        _ => {}
    }
    Ok(())
}

/// What to do with a segment when cleaning.
enum Action {
    Copy,
    /// Replace by the rebuilt Adobe segment.
    Adobe(u8),
    Drop,
}

fn action(input: &[u8], seg: &Segment) -> Result<Action> {
    let payload = &input[seg.payload.clone()];
    Ok(match seg.marker {
        // Frame headers (SOF0–15 except DHT, JPG and DAC), tables, scans: image data.
        0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => Action::Copy,
        0xC4 | 0xCC | 0xDB | 0xDC | 0xDD | 0xDE | 0xDF | SOS => Action::Copy,
        // JPEG-LS frame header and parameters (ITU-T T.87).
        0xF7 | 0xF8 => Action::Copy,
        0xE2 if starts(payload, ICC_ID) => Action::Copy,
        APP14 if starts(payload, b"Adobe") && payload.len() >= 12 => Action::Adobe(payload[11]),
        0xE0..=0xEF | COM => Action::Drop,
        0xC8 | 0xF0..=0xFD => {
            return Err(Error::unsupported(Some(F), format!("JPEG extension marker 0x{:02X} at byte {}", seg.marker, seg.range.start)))
        }
        _ => return Err(Error::malformed(F, seg.range.start as u64, format!("unknown marker 0x{:02X}", seg.marker))),
    })
}

fn classify_trailer(trailer: &[u8], keep: &Keep, cx: &mut Collector) {
    if trailer.is_empty() {
        return;
    }
    let n = trailer.len();
    if trailer.iter().all(|&b| b == 0) {
        cx.add(Reveal::Trailer, "Trailer", format!("{n} bytes of zero padding"));
    } else if trailer.starts_with(&[0xFF, SOI]) {
        if keep.mpf_images == 0 {
            cx.add(Reveal::HiddenImage, "Trailer:JPEG", format!("{n} bytes after the photo"));
        }
    } else if memchr::memmem::find(&trailer[..n.min(64)], b"ftyp").is_some() {
        cx.add(Reveal::AppendedVideo, "Trailer:MP4", format!("{n} bytes"));
    } else if trailer.ends_with(b"SEFT") {
        cx.add(Reveal::Trailer, "Trailer:Samsung", format!("{n} bytes of Samsung data (SEFT)"));
        crate::payload::samsung::scan_sef(trailer, cx);
    } else {
        cx.add(Reveal::Trailer, "Trailer", format!("{n} bytes"));
    }
}

/// How much of a damaged file cleaning keeps: everything before `cut` (the
/// scan the damage ended is cut there), then an end-of-image marker.
struct Repair {
    cut: usize,
    damage: Damage,
}

/// What a damaged file keeps. Scans finished before the damage are kept as
/// they are (their data ends at a marker, as in a sound file). The scan the
/// damage ended is decoded up to its last whole MCU when it is sequential
/// (what phones and cameras write), so that only bytes a decoder used are
/// kept; any other kind of scan (progressive) is dropped whole, since where
/// its data ends cannot be proven. Nothing of the picture kept, or tables
/// that cannot be read: refused with the damage as the error.
fn repair(input: &[u8], walk: &Walk, brk: &Break) -> Result<Repair> {
    repair_in(input, walk, brk).map_err(|_| brk.error.clone())
}

fn repair_in(input: &[u8], walk: &Walk, brk: &Break) -> Result<Repair> {
    let mut frame: Option<entropy::Frame> = None;
    let mut tables = entropy::Tables::default();
    // For each component, the coefficients finished scans brought to full precision.
    let mut coverage: Vec<u64> = Vec::new();
    let mut cut = brk.at;
    let mut kept_rows = None;
    let mut ran_out = true;
    let last = walk.segments.len().checked_sub(1);
    for (i, seg) in walk.segments.iter().enumerate() {
        let payload = input.get(seg.payload.clone()).unwrap_or(&[]);
        let at = seg.payload.start as u64;
        match seg.marker {
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF if frame.is_none() => {
                let f = entropy::Frame::parse(seg.marker, payload, at)?;
                coverage = vec![0; f.component_count()];
                frame = Some(f);
            }
            0xC4 => tables.define_huffman(payload, at)?,
            0xDD => tables.define_restart_interval(payload),
            SOS => {
                let f = frame.as_ref().ok_or_else(|| brk.error.clone())?;
                let scan = entropy::Scan::parse(payload, f, at)?;
                let mut finished = true;
                if Some(i) == last && seg.range.end == brk.at {
                    // The scan the damage ended.
                    finished = false;
                    cut = seg.range.start;
                    if f.is_sequential_huffman() && scan.ss == 0 && scan.se == 63 {
                        let d = entropy::decode_sequential(input, seg.payload.end, seg.range.end, f, &tables, &scan)?;
                        if d.mcus > 0 {
                            cut = d.end;
                            kept_rows = d.rows;
                            ran_out = d.ran_out;
                            finished = d.mcus == d.total;
                        }
                    }
                }
                if finished {
                    for c in scan.component_indexes() {
                        if let Some(m) = coverage.get_mut(c) {
                            *m |= scan.final_coefficients();
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let first_scan = walk.segments.iter().find(|s| s.marker == SOS).map(|s| s.payload.end);
    let (Some(f), Some(first_scan)) = (frame, first_scan) else { return Err(brk.error.clone()) };
    if cut <= first_scan {
        return Err(brk.error.clone());
    }
    let complete = !coverage.is_empty() && coverage.iter().all(|&m| m == u64::MAX);
    let dropped = input.len().saturating_sub(cut) as u64;
    let what = if brk.cut_short && ran_out && !(complete && dropped > 0) { DamageKind::CutShort } else { DamageKind::Junk };
    let kept = if complete { Some(f.height as u32) } else { kept_rows };
    let damage = Damage { what, offset: cut as u64, dropped, rows: f.height as u32, kept, complete, message: String::new() };
    Ok(Repair { cut, damage })
}

/// Walk, report every segment, and report the trailer; for a damaged file,
/// say what cleaning keeps. With `headers_only`, the walk stops at the first
/// scan header (the caller knows nothing follows the image).
fn read<'a>(input: &'a [u8], headers_only: bool, cx: &mut Collector) -> Result<(Walk<'a>, Keep, Option<Repair>)> {
    let mut walk = Walk::new(input)?;
    walk.run(headers_only)?;
    let mut keep = Keep::default();
    let mut ext = ExtendedXmp::default();
    for seg in &walk.segments {
        inspect_segment(input, seg, &mut keep, &mut ext, cx)?;
    }
    if !ext.parts.is_empty() {
        let mut parts = ext.parts.clone();
        parts.sort_by_key(|(o, _)| *o);
        let limit = ext.full_len.min(input.len()).min(MAX_EXTENDED_XMP);
        let mut joined = Vec::with_capacity(limit);
        for (_, r) in parts {
            if joined.len() + r.len() > limit {
                cx.warn("extended XMP is larger than it declares (it is removed all the same)");
                break;
            }
            joined.extend_from_slice(&input[r]);
        }
        xmp::scan(&joined, cx);
    }
    if let Some(eoi) = &walk.end_of_image {
        classify_trailer(&input[eoi.end..], &keep, cx);
    }
    let repair = match &walk.damage {
        Some(brk) => {
            let r = repair(input, &walk, brk)?;
            if r.damage.complete {
                // What follows a whole picture is reported as a trailer would be (a motion photo's video).
                classify_trailer(input.get(r.cut..).unwrap_or(&[]), &keep, cx);
            }
            cx.damaged(r.damage.clone());
            Some(r)
        }
        None => None,
    };
    Ok((walk, keep, repair))
}

impl Container for Jpeg {
    const FORMATS: &'static [Format] = &[F];

    fn sniff(head: &[u8]) -> Option<Format> {
        (head.starts_with(&[0xFF, SOI, 0xFF])).then_some(F)
    }

    fn inspect(src: &dyn Source, _: Format, cx: &mut Collector, depth: Depth) -> Result<()> {
        if depth == Depth::Headers {
            if let Some(head) = headers(src)? {
                return read(&head, true, cx).map(|_| ());
            }
        }
        let input = whole(src, F)?;
        let input: &[u8] = &input;
        // Headers only when the file ends the way a lone JPEG ends; otherwise
        // something follows the image and we must find exactly where it starts.
        let headers_only = depth == Depth::Headers && input.ends_with(&[0xFF, EOI]);
        read(input, headers_only, cx).map(|_| ())
    }

    fn plan_clean(src: &dyn Source, _: Format, cx: &mut Collector) -> Result<CleanPlan> {
        let input = whole(src, F)?;
        let input: &[u8] = &input;
        let (walk, keep, repair) = read(input, false, cx)?;
        // A damaged file ends where its kept image data does, with the marker viewers need.
        let cut = repair.as_ref().map_or(input.len(), |r| r.cut);
        let eoi = match (&walk.end_of_image, &repair) {
            (Some(eoi), _) => Some(eoi.clone()),
            (None, Some(_)) => None,
            (None, None) => return Err(Error::truncated(F, input.len() as u64, "no end-of-image marker")),
        };
        let mut plan = PlanBuilder::new(input.len() as u64);
        plan.insert(&[0xFF, SOI]);
        if let Some(j) = keep.jfif {
            // JFIF 1.02 header with the same version, units and density, no thumbnail.
            let mut seg = vec![0xFF, APP0, 0, 16];
            seg.extend_from_slice(b"JFIF\0");
            seg.extend_from_slice(&j);
            seg.extend_from_slice(&[0, 0]);
            plan.insert(&seg);
        }
        if let Some(o) = keep.orientation.filter(|&o| o != 1) {
            let tiff = exif::minimal_tiff(o);
            let len = (2 + EXIF_ID.len() + tiff.len()) as u16;
            let mut seg = vec![0xFF, 0xE1];
            seg.extend_from_slice(&len.to_be_bytes());
            seg.extend_from_slice(EXIF_ID);
            seg.extend_from_slice(&tiff);
            plan.insert(&seg);
        }
        for seg in walk.segments.iter().filter(|s| s.range.start < cut) {
            match action(input, seg)? {
                Action::Copy => plan.copy_range(seg.range.start..seg.range.end.min(cut))?,
                Action::Adobe(transform) => {
                    // DCT encode version 100, no flags, the original colour transform.
                    let mut s = vec![0xFF, APP14, 0, 14];
                    s.extend_from_slice(b"Adobe\0\x64\0\0\0\0");
                    s.push(transform);
                    plan.insert(&s);
                }
                Action::Drop => {}
            }
        }
        match eoi {
            Some(eoi) => plan.copy_range(eoi)?,
            None => plan.insert(&[0xFF, EOI]),
        }
        Ok(plan.finish())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::Category;
    use crate::reveal::Options;

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    /// A structurally valid baseline JPEG (not decodable pixels) with EXIF,
    /// XMP, a comment, ICC, and a trailer.
    pub fn sample() -> Vec<u8> {
        let mut f = vec![0xFF, SOI];
        f.extend(segment(0xE1, &[EXIF_ID, &crate::payload::exif::tests::sample_tiff()].concat()));
        f.extend(segment(0xE2, b"ICC_PROFILE\0\x01\x01fakeprofile"));
        f.extend(segment(0xE1, &[XMP_ID, b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description xmlns:dc='http://purl.org/dc/elements/1.1/' dc:rights='Ana'/></rdf:RDF></x:xmpmeta>"].concat()));
        f.extend(segment(COM, b"secret meeting"));
        f.extend(segment(0xDB, &[0u8; 65]));
        f.extend(segment(0xC0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
        f.extend(segment(SOS, &[1, 1, 0, 0, 63, 0]));
        f.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        f.extend_from_slice(&[0xFF, EOI]);
        f.extend_from_slice(b"TRAILER-DATA");
        f
    }

    fn plan(input: &[u8]) -> (Result<CleanPlan>, crate::report::Report) {
        let mut cx = Collector::new(Options::default(), F);
        let r = Jpeg::plan_clean(&input, F, &mut cx);
        (r, cx.finish())
    }

    #[test]
    fn cleaning_keeps_image_data_icc_and_orientation_only() {
        let input = sample();
        let (p, removed) = plan(&input);
        let out = p.unwrap().apply(&input).unwrap();
        for cat in [Category::Location, Category::Serial, Category::Person, Category::Text, Category::Embedded] {
            assert!(removed.findings.iter().any(|f| f.category == cat), "{cat:?} in {removed:#?}");
        }
        assert!(removed.findings.iter().any(|f| f.tag == "Trailer"));
        // Output: SOI, orientation-only EXIF, ICC, DQT, SOF, SOS+data, EOI.
        let mut cx = Collector::new(Options::default(), F);
        Jpeg::inspect(&&out[..], F, &mut cx, Depth::Full).unwrap();
        assert!(cx.finish().findings.is_empty());
        assert!(out.windows(11).any(|w| w == b"ICC_PROFILE"));
        assert!(out.ends_with(&[0x56, 0xFF, EOI]));
        let mut cx = Collector::new(Options::default(), F);
        let (w, keep, _) = read(&out, false, &mut cx).unwrap();
        assert_eq!(keep.orientation, Some(6));
        assert_eq!(w.segments.len(), 5);
        // Cleaning a cleaned file changes nothing.
        let (p2, _) = plan(&out);
        assert_eq!(p2.unwrap().apply(&out).unwrap(), out);
    }

    #[test]
    fn every_prefix_is_an_error_never_a_panic() {
        let input = sample();
        let eoi = input.len() - b"TRAILER-DATA".len();
        for cut in 0..eoi {
            let (r, _) = plan(&input[..cut]);
            assert!(r.is_err(), "cut at {cut}");
            let mut cx = Collector::new(Options::default(), F);
            let _ = Jpeg::inspect(&&input[..cut][..], F, &mut cx, Depth::Headers);
        }
    }

    #[test]
    fn headers_mode_finds_trailers_when_the_file_does_not_end_at_eoi() {
        let input = sample();
        let mut cx = Collector::new(Options::default(), F);
        Jpeg::inspect(&&input[..], F, &mut cx, Depth::Headers).unwrap();
        assert!(cx.finish().findings.iter().any(|f| f.tag == "Trailer"));
    }

    #[test]
    fn hostile_lengths_and_markers_are_typed_errors() {
        use crate::error::ErrorKind;
        let cases: &[(&[u8], ErrorKind)] = &[
            (&[0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0x00], ErrorKind::Truncated),
            (&[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01], ErrorKind::Malformed),
            (&[0xFF, 0xD8, 0xFF, 0xD9], ErrorKind::Malformed),
            (&[0xFF, 0xD8, 0xFF, 0xD8], ErrorKind::Malformed),
            (&[0xFF, 0xD8, 0x00], ErrorKind::Malformed),
            (&[0xFF, 0xD8, 0xFF, 0xC8, 0x00, 0x02, 0xFF, 0xDA, 0, 2, 0xFF, 0xD9], ErrorKind::Unsupported),
        ];
        for (input, kind) in cases {
            assert_eq!(plan(input).0.unwrap_err().kind, *kind, "{input:02X?}");
        }
    }

    /// A decodable 16x32 grey JPEG: one-code Huffman tables (DC category 0,
    /// AC end-of-block), so each 8x8 block is two zero bits; 8 blocks, two
    /// bytes of image data, MCU rows of 8 lines.
    fn tiny() -> (Vec<u8>, usize) {
        let mut f = vec![0xFF, SOI];
        f.extend(segment(0xE1, &[EXIF_ID, &crate::payload::exif::tests::sample_tiff()].concat()));
        f.extend(segment(0xDB, &[0u8; 65]));
        f.extend(segment(0xC0, &[8, 0, 32, 0, 16, 1, 1, 0x11, 0]));
        f.extend(segment(0xC4, &[[0x00, 1].as_slice(), &[0; 15], &[0], &[0x10, 1], &[0; 15], &[0x00]].concat()));
        f.extend(segment(SOS, &[1, 1, 0x00, 0, 63, 0]));
        let start = f.len();
        f.extend_from_slice(&[0x00, 0x00, 0xFF, EOI]);
        (f, start)
    }

    fn damage_of(input: &[u8]) -> (Vec<u8>, crate::report::Damage) {
        let (p, removed) = plan(input);
        let out = p.unwrap().apply(input).unwrap();
        (out, removed.damage.unwrap())
    }

    #[test]
    fn a_cut_scan_keeps_its_whole_mcus_and_gains_an_end_marker() {
        use crate::report::DamageKind;
        let (f, start) = tiny();
        let (p, removed) = plan(&f);
        assert!(p.unwrap().apply(&f).unwrap().ends_with(&[0, 0, 0xFF, EOI]));
        assert!(removed.damage.is_none());
        // One byte of two: four blocks, two MCU rows of 8 lines.
        let (out, d) = damage_of(&f[..start + 1]);
        assert_eq!((d.what, d.offset, d.dropped, d.rows, d.kept, d.complete), (DamageKind::CutShort, start as u64 + 1, 0, 32, Some(16), false));
        assert!(out.ends_with(&[0, 0xFF, EOI]));
        // The end marker alone missing: the whole picture.
        let (_, d) = damage_of(&f[..start + 2]);
        assert_eq!((d.what, d.kept, d.complete), (DamageKind::CutShort, Some(32), true));
        // Junk after one byte: what follows it goes.
        let junk = [&f[..start + 1], &[0xFF, 0x02, 0, 0, 0xFF, EOI]].concat();
        let (_, d) = damage_of(&junk);
        assert_eq!((d.what, d.offset, d.dropped, d.kept), (DamageKind::Junk, start as u64 + 1, 6, Some(16)));
        // Text after the whole picture, where the end marker should be.
        let text = [&f[..start + 2], b"Ana Example, 44.96 -93.27"].concat();
        let (out, d) = damage_of(&text);
        assert_eq!((d.what, d.complete, d.dropped), (DamageKind::Junk, true, 25));
        assert!(!out.windows(3).any(|w| w == b"Ana"));
        // No image data at all: nothing to keep, refused as cut short.
        assert_eq!(plan(&f[..start]).0.unwrap_err().kind, crate::error::ErrorKind::Truncated);
        // A reserved code where a header marker should be: refused, not repaired.
        let mut bad = f.clone();
        let dqt = f.windows(2).position(|w| w == [0xFF, 0xDB]).unwrap();
        bad[dqt + 1] = 0x45;
        assert!(plan(&bad).0.is_err());
    }

    #[test]
    fn every_prefix_of_a_decodable_jpeg_is_an_error_or_a_verified_plan() {
        let (f, start) = tiny();
        for cut in 0..f.len() {
            let input = &f[..cut];
            match crate::plan_clean(input, &Options::default()) {
                Ok(p) => {
                    assert!(cut > start, "cut at {cut}");
                    let out = p.plan.apply(input).unwrap();
                    assert!(crate::inspect(&out, &Options::default()).unwrap().findings.is_empty());
                }
                Err(e) => assert!(cut <= start, "cut at {cut}: {e}"),
            }
        }
    }

    #[test]
    fn fill_bytes_and_restart_markers_inside_scans() {
        let mut f = vec![0xFF, SOI];
        f.extend(segment(0xDB, &[0u8; 65]));
        f.extend(segment(SOS, &[1, 1, 0, 0, 63, 0]));
        f.extend_from_slice(&[1, 0xFF, 0xD7, 2, 0xFF, 0x00, 0xFF, 0xFF, 0xFF, EOI]);
        let (p, _) = plan(&f);
        assert_eq!(p.unwrap().apply(&f).unwrap(), f);
    }

    /// A source that counts the bytes read from it.
    struct Counted<'a>(&'a [u8], std::cell::Cell<u64>);

    impl Source for Counted<'_> {
        fn len(&self) -> u64 {
            self.0.len() as u64
        }

        fn read(&self, start: u64, len: u64) -> Result<Cow<'_, [u8]>> {
            self.1.set(self.1.get() + len);
            (&self.0).read(start, len)
        }
    }

    /// `sample()`'s headers with three comments of 60 KB (more than the
    /// first window) and 1 MB of image data before its end-of-image marker.
    fn large() -> Vec<u8> {
        let input = sample();
        let sos = input.windows(2).position(|w| w == [0xFF, SOS]).unwrap();
        let mut f = input[..sos].to_vec();
        for c in [b'a', b'b', b'c'] {
            f.extend(segment(COM, &vec![c; 60_000]));
        }
        f.extend(segment(SOS, &[1, 1, 0, 0, 63, 0]));
        f.extend((0..1 << 20).map(|i| (i % 251) as u8));
        f.extend_from_slice(&[0xFF, EOI]);
        f
    }

    fn report(src: &dyn Source, depth: Depth) -> Result<crate::report::Report> {
        let mut cx = Collector::new(Options::default(), F);
        Jpeg::inspect(src, F, &mut cx, depth)?;
        Ok(cx.finish())
    }

    #[test]
    fn header_depth_reads_the_headers_and_the_end_not_the_image_data() {
        let f = large();
        let counted = Counted(&f, Default::default());
        let quick = report(&counted, Depth::Headers).unwrap();
        // Windows of 64, 128 and 256 KB: the headers, read again as the window grows, and not the image data.
        assert!(counted.1.get() < f.len() as u64 / 2, "read {} of {} bytes", counted.1.get(), f.len());
        // What the whole file read at header depth says, and at full depth.
        let mut cx = Collector::new(Options::default(), F);
        read(&f, true, &mut cx).unwrap();
        assert_eq!(quick, cx.finish());
        assert_eq!(quick, report(&&f[..], Depth::Full).unwrap());
        assert_eq!(quick.findings.iter().filter(|x| x.tag == "Comment").count(), 4);
    }

    #[test]
    fn header_depth_on_a_file_loaded_by_range_loads_only_its_headers() {
        let f = large();
        let mut sparse = crate::source::Sparse::new(f.len() as u64);
        let quick = loop {
            match report(&sparse, Depth::Headers) {
                Err(e) if e.kind == ErrorKind::NeedBytes => {
                    let (start, len) = e.needed.unwrap();
                    sparse.insert(start, f[start as usize..(start + len) as usize].to_vec());
                }
                r => break r.unwrap(),
            }
        };
        assert!(sparse.loaded() < 300_000, "loaded {} of {} bytes", sparse.loaded(), f.len());
        assert_eq!(quick, report(&&f[..], Depth::Full).unwrap());
    }

    #[test]
    fn header_depth_reads_by_range_exactly_what_a_whole_read_says() {
        // Every prefix and every byte changed (to 0xFF, to 0x00): the same
        // report or the same error as the whole file read at header depth.
        let (tiny, _) = tiny();
        for f in [sample(), tiny] {
            let mut cases: Vec<Vec<u8>> = (0..=f.len()).map(|cut| f[..cut].to_vec()).collect();
            for i in 0..f.len() {
                for b in [0xFF, 0x00] {
                    let mut g = f.clone();
                    g[i] = b;
                    cases.push(g);
                }
            }
            for g in cases {
                let by_range = report(&Counted(&g, Default::default()), Depth::Headers);
                let whole: Result<crate::report::Report> = (|| {
                    let mut cx = Collector::new(Options::default(), F);
                    read(&g, g.ends_with(&[0xFF, EOI]), &mut cx)?;
                    Ok(cx.finish())
                })();
                assert_eq!(format!("{by_range:?}"), format!("{whole:?}"), "{g:02X?}");
            }
        }
    }

    #[test]
    fn verifying_a_cleaned_photo_reads_its_headers_not_its_image_data() {
        let f = large();
        let counted = Counted(&f, Default::default());
        let planned = crate::plan_clean_source(&counted, &Options::default()).unwrap();
        let crate::Step::Done(planned) = planned else { panic!("a whole file asked for more") };
        // Planning reads the file once (the walk to the end of the image data); verifying, its new headers.
        let read = counted.1.get();
        assert!(read < f.len() as u64 + 100_000, "read {read} bytes of {}", f.len());
        let out = planned.plan.apply(&f).unwrap();
        assert!(report(&&out[..], Depth::Full).unwrap().findings.is_empty());
    }

    /// The first 0xFF not followed by 0x00 or a restart marker, byte by byte.
    fn scan_end_plainly(input: &[u8], from: usize) -> Option<usize> {
        (from..input.len()).find(|&p| input[p] == 0xFF && !matches!(input.get(p + 1), Some(0x00 | 0xD0..=0xD7)))
    }

    #[test]
    fn the_end_of_image_data_is_found_in_blocks_as_byte_by_byte() {
        // Stuffed bytes, restart markers and fill bytes at every place in and
        // across blocks, and the end in every block and in the last bytes.
        let mut data: Vec<u8> = (0..300u32).map(|i| (i * 7 % 255) as u8).collect();
        for (i, pair) in [[0xFF, 0x00], [0xFF, 0xD3], [0xFF, 0x00], [0xFF, 0xD7]].iter().cycle().take(40).enumerate() {
            let at = i * 7 % 298;
            data[at..at + 2].copy_from_slice(pair);
        }
        for end in 0..data.len() {
            for marker in [[0xFF, EOI], [0xFF, 0xFF], [0xFF, 0xC4]] {
                let mut d = data.clone();
                d.truncate(end);
                d.extend_from_slice(&marker);
                d.extend((0..70).map(|i| i as u8));
                for from in [0, 1, 5, 63, 64, 65] {
                    let found = scan_end(&d, from).ok();
                    assert_eq!(found, scan_end_plainly(&d, from), "end {end}, from {from}");
                }
            }
            // No marker at all, or an 0xFF as the very last byte: cut short.
            let d = &data[..end];
            assert!(scan_end(d, 0).is_err() || scan_end_plainly(d, 0).is_some());
            assert_eq!(scan_end(d, 0).ok(), scan_end_plainly(d, 0).filter(|&p| p + 1 < d.len()));
        }
    }
}
