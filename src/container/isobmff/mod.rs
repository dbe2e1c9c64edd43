//! ISO base media files (ISO/IEC 14496-12): MP4, QuickTime MOV and 3GP
//! videos, and HEIF images (ISO/IEC 23008-12: HEIC, AVIF).
//!
//! Cleaning never moves a byte: every metadata box is turned into a `free`
//! box with its payload zeroed, timestamps are zeroed in place, metadata
//! tracks (GPS telemetry, timecode, text) become `free` boxes and their
//! samples are zeroed in `mdat`, and a HEIF `meta` box is rebuilt at its
//! original size without the Exif, XMP, thumbnail, depth and gain-map items
//! (padded with a `free` box). Since no offset changes, `stco`, `co64` and
//! `iloc` stay valid without rewriting, and a 2 GB video is cleaned by
//! reading only its box headers and its `moov`. Boxes after the last one
//! kept (Samsung's motion-photo `mpvd`, vendor trailers) are cut off.
//!
//! Allowlists decide what stays: the `ftyp`, media data, the picture and
//! sound tracks with their sample tables and colour and orientation
//! information (`colr`, `nclx`/ICC, `irot`, `imir`, the track matrix), and
//! for HEIF the primary image with its tiles and alpha plane. In `mdat`,
//! every byte that no kept track or item references is zeroed too.

use std::ops::Range;

use crate::container::{Container, Depth};
use crate::error::{Error, ErrorKind, Result};
use crate::payload::{quicktime, xmp};
use crate::plan::CleanPlan;
use crate::report::Format;
use crate::reveal::{Collector, Reveal};
use crate::source::{Patches, Source};

mod boxes;
mod heif;
mod samples;
#[cfg(test)]
pub(crate) mod tests;

use boxes::{header, is_full_box_meta, BoxHdr, Mem};
use heif::Heif;
use samples::sample_chunks;

/// Boxes nested deeper than this are not media a device wrote.
pub const MAX_DEPTH: usize = 32;
/// Boxes visited per file.
pub const MAX_BOXES: usize = 1 << 20;
/// Largest `moov` or `meta` box read into memory.
pub const MAX_HEADER_BOX: u64 = 64 << 20;
/// Samples per track whose byte ranges are computed.
pub const MAX_SAMPLES: u64 = 20_000_000;
/// Items per HEIF file.
pub const MAX_ITEMS: usize = 65_536;
/// Bytes of one metadata item or telemetry sample read to report what it holds.
const MAX_ITEM_READ: u64 = 16 << 20;

const XMP_UUID: [u8; 16] = [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC];

/// Whole-file analysis: findings into `cx`, edits into `patches`.
struct Walk<'s, 'c, 'g> {
    src: &'s dyn Source,
    cx: &'c mut Collector<'g>,
    f: Format,
    patches: Patches,
    boxes: usize,
    /// Media ranges that must survive byte for byte.
    kept: Vec<Range<u64>>,
    /// Metadata ranges in `mdat` to zero.
    dropped: Vec<Range<u64>>,
    /// Whether every sample in every `mdat` is accounted for (not fragmented).
    mdat_fully_indexed: bool,
}

pub struct Analysis {
    pub format: Format,
    pub patches: Patches,
    /// Length of the cleaned file (trailers after the last kept box are cut).
    pub output_len: u64,
}

/// Detect the format from `ftyp` (or, for old QuickTime files, the first box).
pub fn sniff(head: &[u8]) -> Option<Format> {
    let typ = head.get(4..8)?;
    if typ == b"ftyp" {
        // ISO/IEC 14496-12 §4.3: major brand and minor version make at least 16 bytes.
        let size = u32::from_be_bytes(head.get(..4)?.try_into().ok()?) as usize;
        if size < 16 {
            return None;
        }
        let major = head.get(8..12)?;
        let compat = head.get(16..size.min(head.len())).unwrap_or(&[]);
        let has = |b: &[u8]| major == b || compat.chunks_exact(4).any(|c| c == b);
        return Some(match major {
            b"qt  " => Format::Mov,
            // iTunes audio, audiobooks and protected audio; Apple voice memos.
            b"M4A " | b"M4B " | b"M4P " | b"F4A " | b"F4B " => Format::M4a,
            b"crx " => return None, // Canon raw: not cleaned
            m if m.starts_with(b"3g") => Format::ThreeGp,
            b"avif" | b"avis" => Format::Avif,
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" | b"mif2" => {
                if has(b"avif") && !has(b"heic") {
                    Format::Avif
                } else {
                    Format::Heic
                }
            }
            _ if has(b"heic") || has(b"mif1") => Format::Heic,
            _ if has(b"avif") => Format::Avif,
            _ => Format::Mp4,
        });
    }
    // QuickTime files from before ftyp: a plausible first atom.
    let size = u32::from_be_bytes(head.get(..4)?.try_into().ok()?);
    match typ {
        b"moov" | b"mdat" | b"wide" | b"free" | b"skip" | b"pnot" if size >= 8 => Some(Format::Mov),
        _ => None,
    }
}

impl<'s, 'c, 'g> Walk<'s, 'c, 'g> {
    fn count_box(&mut self, at: u64) -> Result<()> {
        self.boxes += 1;
        if self.boxes > MAX_BOXES {
            return Err(Error::limit(self.f, at, "more boxes than any real file has"));
        }
        Ok(())
    }

    fn children(&mut self, mem: &Mem, from: u64, to: u64, depth: usize) -> Result<Vec<BoxHdr>> {
        if depth > MAX_DEPTH {
            return Err(Error::limit(self.f, from, "boxes nested deeper than any real file"));
        }
        let mut out = Vec::new();
        let mut pos = from;
        while pos < to {
            self.count_box(pos)?;
            let h = header(mem, pos, to, self.f)?;
            pos = h.end;
            out.push(h);
        }
        Ok(out)
    }

    /// Turn a box into `free` and zero its payload (offsets stay where they were).
    fn neutralise(&mut self, h: &BoxHdr) -> Result<()> {
        // The type always follows the 32-bit size field (a 64-bit size comes after the type).
        self.patches.bytes(h.start + 4, b"free".to_vec())?;
        // A uuid box keeps its 16-byte user type inside the (now free) payload: zero it too.
        let zero_from = if h.uuid.is_some() { h.payload - 16 } else { h.payload };
        self.patches.zeros(zero_from, h.end - zero_from)
    }

    fn load(&self, h: &BoxHdr) -> Result<Vec<u8>> {
        let len = h.end - h.start;
        if len > MAX_HEADER_BOX {
            return Err(Error::limit(self.f, h.start, format!("a '{}' box of {len} bytes, larger than Silbato reads", h.name())));
        }
        Ok(self.src.read(h.start, len)?.into_owned())
    }

    fn run(mut self) -> Result<Analysis> {
        let len = self.src.len();
        let mut tops: Vec<BoxHdr> = Vec::new();
        let mut pos = 0u64;
        let mut trailer_at = None;
        while pos < len {
            self.count_box(pos)?;
            match header(self.src, pos, len, self.f) {
                Ok(h) => {
                    pos = h.end;
                    tops.push(h);
                }
                Err(e) if e.kind == ErrorKind::NeedBytes => return Err(e),
                Err(e) => {
                    // Something that is not a box after the boxes is a trailer;
                    // a box that claims more bytes than the file has is a cut file.
                    let head = self.src.read(pos, (len - pos).min(8))?;
                    let looks_like_box = head.len() == 8 && head[4..8].iter().all(|b| b.is_ascii_alphanumeric() || *b == b' ' || *b == 0xA9);
                    if tops.is_empty() || looks_like_box {
                        return Err(e);
                    }
                    trailer_at = Some(pos);
                    break;
                }
            }
        }
        let mut keep_end = 0u64;
        let mut dropped_tops = Vec::new();
        let mut mdats = Vec::new();
        for h in &tops {
            let keep = match &h.typ {
                b"ftyp" | b"free" | b"skip" | b"wide" | b"sidx" | b"styp" | b"ssix" | b"mfra" | b"pdin" | b"pnot" => true,
                b"mdat" => {
                    mdats.push(*h);
                    true
                }
                b"moov" => {
                    let data = self.load(h)?;
                    let mem = Mem { data: &data, base: h.start };
                    self.moov(&mem, h)?;
                    true
                }
                b"moof" => {
                    let data = self.load(h)?;
                    let mem = Mem { data: &data, base: h.start };
                    self.moof(&mem, h)?;
                    self.mdat_fully_indexed = false;
                    true
                }
                b"meta" => {
                    let data = self.load(h)?;
                    let mem = Mem { data: &data, base: h.start };
                    self.top_meta(&mem, h)?
                }
                _ => {
                    self.report_dropped_top(h)?;
                    false
                }
            };
            if keep {
                keep_end = h.end;
            } else {
                dropped_tops.push(*h);
            }
        }
        for h in dropped_tops.iter().filter(|h| h.end <= keep_end) {
            self.neutralise(h)?;
        }
        if let Some(at) = trailer_at {
            self.cx.add(Reveal::Trailer, "Trailer", format!("{} bytes after the last box", len - at));
        }
        self.zero_metadata_in(&mdats)?;
        Ok(Analysis { format: self.f, patches: self.patches, output_len: keep_end })
    }

    fn report_dropped_top(&mut self, h: &BoxHdr) -> Result<()> {
        let size = h.end - h.start;
        match (&h.typ, h.uuid) {
            (b"uuid", Some(u)) if u == XMP_UUID => {
                let data = self.load(h)?;
                xmp::scan(data.get((h.payload - h.start) as usize..).unwrap_or(&[]), self.cx);
            }
            (b"mpvd", _) => self.cx.add(Reveal::AppendedVideo, "Samsung:MotionPhotoVideo", format!("{size} bytes")),
            (b"sefd", _) => {
                self.cx.add(Reveal::Trailer, "Samsung:TrailerData", format!("{size} bytes"));
                if size <= MAX_ITEM_READ {
                    let data = self.src.read(h.start, size)?.into_owned();
                    crate::payload::samsung::scan_sef(&data, self.cx);
                }
            }
            (b"prft", _) => self.cx.add(Reveal::CaptureTime, "ProducerReferenceTime", "wall-clock time of recording"),
            _ => self.cx.add(Reveal::UnknownData, format!("Box:{}", h.name()), format!("{size} bytes")),
        }
        Ok(())
    }

    /// Zero what `mdat` holds for dropped tracks and items, and, when every
    /// sample is indexed, every byte no kept track or item uses.
    fn zero_metadata_in(&mut self, mdats: &[BoxHdr]) -> Result<()> {
        let mut kept = std::mem::take(&mut self.kept);
        kept.sort_by_key(|r| r.start);
        let kept = merge(kept);
        let dropped = merge({
            let mut d = std::mem::take(&mut self.dropped);
            d.sort_by_key(|r| r.start);
            d
        });
        for d in &dropped {
            let i = kept.partition_point(|k| k.end <= d.start);
            if kept.get(i).is_some_and(|k| k.start < d.end) {
                return Err(Error::malformed(self.f, d.start, "metadata shares bytes with the picture or sound"));
            }
        }
        for d in &dropped {
            let end = d.end.min(self.src.len());
            if d.start < end {
                self.patches.zeros(d.start, end - d.start)?;
            }
        }
        if self.mdat_fully_indexed && !kept.is_empty() {
            for m in mdats {
                // Gaps between kept ranges inside this mdat's payload.
                let mut at = m.payload;
                for k in kept.iter().filter(|k| k.end > m.payload && k.start < m.end) {
                    if k.start > at {
                        self.zero_gap(at, k.start)?;
                    }
                    at = at.max(k.end);
                }
                if at < m.end {
                    self.zero_gap(at, m.end)?;
                }
            }
        }
        Ok(())
    }

    fn zero_gap(&mut self, from: u64, to: u64) -> Result<()> {
        // Gaps already zeroed (dropped data) merge; nothing else is patched inside mdat.
        self.patches.zeros(from, to - from)
    }

    // ---- movies -------------------------------------------------------

    fn times(&mut self, mem: &Mem, h: &BoxHdr, what: &str) -> Result<()> {
        let p = mem.bytes(h.payload_range());
        let version = *p.first().ok_or_else(|| Error::malformed(self.f, h.start, format!("empty '{}' box", h.name())))?;
        let (width, at) = if version == 1 { (8usize, 4usize) } else { (4, 4) };
        if p.len() < at + 2 * width {
            return Err(Error::malformed(self.f, h.start, format!("'{}' box too short", h.name())));
        }
        let read = |o: usize| p[o..o + width].iter().fold(0u64, |a, &b| (a << 8) | u64::from(b));
        let (created, modified) = (read(at), read(at + width));
        if created != 0 {
            self.cx.add(Reveal::CaptureTime, format!("{what}CreateDate"), mac_time(created));
        }
        if modified != 0 && modified != created {
            self.cx.add(Reveal::OtherTime, format!("{what}ModifyDate"), mac_time(modified));
        }
        self.patches.zeros(h.payload + at as u64, 2 * width as u64)
    }

    /// Zero a handler's name (a vendor or software string; players do not need it).
    fn hdlr_name(&mut self, mem: &Mem, h: &BoxHdr) -> Result<()> {
        let p = mem.bytes(h.payload_range());
        if p.len() > 24 && p[24..].iter().any(|&b| b != 0) {
            self.patches.zeros(h.payload + 24, p.len() as u64 - 24)?;
        }
        Ok(())
    }

    fn moov(&mut self, mem: &Mem, moov: &BoxHdr) -> Result<()> {
        for c in self.children(mem, moov.payload, moov.end, 1)? {
            match &c.typ {
                b"mvhd" => self.times(mem, &c, "")?,
                b"trak" => self.trak(mem, &c)?,
                b"mvex" | b"iods" | b"free" | b"skip" | b"wide" => {}
                b"cmov" => return Err(Error::unsupported(Some(self.f), "compressed movie headers (cmov)")),
                _ => {
                    self.report_metadata_box(mem, &c);
                    self.neutralise(&c)?;
                }
            }
        }
        Ok(())
    }

    /// Say what a `udta`, `meta`, `uuid` or unknown box held.
    fn report_metadata_box(&mut self, mem: &Mem, c: &BoxHdr) {
        let p = mem.bytes(c.payload_range());
        match (&c.typ, c.uuid) {
            (b"udta", _) => quicktime::scan_udta(p, self.cx),
            (b"meta", _) => quicktime::scan_meta(p, self.cx),
            (b"uuid", Some(u)) if u == XMP_UUID => xmp::scan(p, self.cx),
            (b"free" | b"skip" | b"wide", _) => {}
            _ => self.cx.add(Reveal::UnknownData, format!("Box:{}", c.name()), format!("{} bytes", c.end - c.start)),
        }
    }

    fn find(&mut self, mem: &Mem, parent: &BoxHdr, path: &[&[u8; 4]], depth: usize) -> Result<Option<BoxHdr>> {
        let Some((first, rest)) = path.split_first() else { return Ok(Some(*parent)) };
        let kids = self.children(mem, parent.payload, parent.end, depth)?;
        match kids.iter().find(|k| &k.typ == *first) {
            Some(k) => self.find(mem, k, rest, depth + 1),
            None => Ok(None),
        }
    }

    fn trak(&mut self, mem: &Mem, trak: &BoxHdr) -> Result<()> {
        let hdlr = self.find(mem, trak, &[b"mdia", b"hdlr"], 2)?;
        let handler: [u8; 4] = hdlr.and_then(|h| mem.bytes(h.payload_range()).get(8..12).and_then(|s| s.try_into().ok())).unwrap_or(*b"????");
        let stbl = self.find(mem, trak, &[b"mdia", b"minf", b"stbl"], 2)?;
        let entry = match stbl {
            Some(s) => self.sample_entry(mem, &s)?,
            None => None,
        };
        let keep = matches!(&handler, b"vide" | b"soun");
        // Apple's FairPlay sample entries hold the buyer's name and account
        // (`sinf/schi/name`, `user`) inside the description players need.
        if keep && entry.as_ref().is_some_and(|(t, _)| matches!(t, b"drms" | b"drmi" | b"p608")) {
            return Err(Error::unsupported(
                Some(self.f),
                "a copy-protected iTunes file, whose protection names the buyer; it cannot be cleaned without breaking it",
            ));
        }
        let chunks = match stbl {
            Some(s) => sample_chunks(mem, &s, self.f)?,
            None => Vec::new(),
        };
        if keep {
            self.kept.extend(chunks);
            self.keep_trak(mem, trak, entry.as_ref())?;
            return Ok(());
        }
        let entry_type = entry.map(|(t, _)| t).unwrap_or(*b"????");
        let label = String::from_utf8_lossy(&entry_type).trim().to_string();
        match (&handler, &entry_type) {
            (_, b"gpmd") => {
                self.cx.add(Reveal::TelemetryTrack, "Track:GoProMetadata", "GPMF telemetry (GPS, serial numbers)");
                if let Some(first) = chunks.first() {
                    let len = (first.end - first.start).min(MAX_ITEM_READ);
                    if first.start + len <= self.src.len() {
                        let sample = self.src.read(first.start, len)?.into_owned();
                        quicktime::scan_gpmf(&sample, self.cx);
                    }
                }
            }
            (_, b"fdsc") => {
                self.cx.add(Reveal::TelemetryTrack, "Track:GoProDescription", "camera description (serial numbers)");
                if let Some(first) = chunks.first() {
                    let len = (first.end - first.start).min(MAX_ITEM_READ);
                    if first.start + len <= self.src.len() {
                        let sample = self.src.read(first.start, len)?.into_owned();
                        quicktime::scan_gopro_fdsc(&sample, self.cx);
                    }
                }
            }
            (_, b"camm") => self.cx.add(Reveal::TelemetryTrack, "Track:CameraMotion", "camera motion and position"),
            (_, b"mebx") => {
                self.cx.add(Reveal::TelemetryTrack, "Track:TimedMetadata", "timed metadata (for example detected faces, still-image time)")
            }
            (b"meta", _) => self.cx.add(Reveal::TelemetryTrack, "Track:Metadata", format!("timed metadata ({label})")),
            (b"tmcd", _) => self.cx.add(Reveal::CaptureTime, "Track:Timecode", "time of day of the recording"),
            (b"text" | b"sbtl" | b"subt" | b"clcp", _) => {
                self.cx.add(Reveal::Caption, "Track:Text", "a text or subtitle track (drones write flight data and GPS here)")
            }
            _ => self.cx.add(Reveal::UnknownData, format!("Track:{}", String::from_utf8_lossy(&handler)), format!("a '{label}' track")),
        }
        self.dropped.extend(chunks);
        self.neutralise(trak)
    }

    /// The first sample entry in `stsd`: its type and absolute range.
    fn sample_entry(&mut self, mem: &Mem, stbl: &BoxHdr) -> Result<Option<([u8; 4], BoxHdr)>> {
        let Some(stsd) = self.find(mem, stbl, &[b"stsd"], 5)? else { return Ok(None) };
        let from = stsd.payload + 8; // FullBox header and entry count
        if from >= stsd.end {
            return Ok(None);
        }
        let entries = self.children(mem, from, stsd.end, 6)?;
        Ok(entries.first().map(|e| (e.typ, *e)))
    }

    fn keep_trak(&mut self, mem: &Mem, trak: &BoxHdr, entry: Option<&([u8; 4], BoxHdr)>) -> Result<()> {
        for c in self.children(mem, trak.payload, trak.end, 2)? {
            match &c.typ {
                b"tkhd" => self.times(mem, &c, "Track")?,
                b"mdia" => {
                    for m in self.children(mem, c.payload, c.end, 3)? {
                        match &m.typ {
                            b"mdhd" => self.times(mem, &m, "Media")?,
                            b"hdlr" => self.hdlr_name(mem, &m)?,
                            b"minf" => {
                                for i in self.children(mem, m.payload, m.end, 4)? {
                                    match &i.typ {
                                        b"hdlr" => self.hdlr_name(mem, &i)?,
                                        b"udta" | b"meta" | b"uuid" => {
                                            self.report_metadata_box(mem, &i);
                                            self.neutralise(&i)?;
                                        }
                                        _ => {}
                                    }
                                }
                            }
                            b"elng" | b"free" | b"skip" => {}
                            _ => {
                                self.report_metadata_box(mem, &m);
                                self.neutralise(&m)?;
                            }
                        }
                    }
                }
                b"tref" | b"edts" | b"tapt" | b"clip" | b"matt" | b"load" | b"imap" | b"txas" | b"free" | b"skip" | b"wide" => {}
                _ => {
                    self.report_metadata_box(mem, &c);
                    self.neutralise(&c)?;
                }
            }
        }
        // A visual sample entry names its encoder in a 32-byte compressorname
        // field (ISO/IEC 14496-12 §12.1.3): software and device hints.
        if let Some((_, e)) = entry {
            let at = e.payload + 42;
            let p = mem.bytes(e.payload_range());
            if p.len() >= 74 && is_visual(&e.typ) && p[42..74].iter().any(|&b| b != 0) {
                let name = p.get(43..43 + (p[42] as usize).min(31)).unwrap_or(&[]);
                self.cx.add_text(Reveal::Software, "CompressorName", &String::from_utf8_lossy(name));
                self.patches.zeros(at, 32)?;
            }
        }
        Ok(())
    }

    fn moof(&mut self, mem: &Mem, moof: &BoxHdr) -> Result<()> {
        for c in self.children(mem, moof.payload, moof.end, 1)? {
            match &c.typ {
                b"mfhd" | b"traf" | b"free" | b"skip" => {}
                _ => {
                    self.report_metadata_box(mem, &c);
                    self.neutralise(&c)?;
                }
            }
        }
        Ok(())
    }

    // ---- HEIF images --------------------------------------------------

    /// A top-level `meta`: HEIF's item structure (handler `pict`) is
    /// rebuilt; any other is metadata and dropped.
    fn top_meta(&mut self, mem: &Mem, meta: &BoxHdr) -> Result<bool> {
        let p = mem.bytes(meta.payload_range());
        let full = is_full_box_meta(p);
        let first = meta.payload + if full { 4 } else { 0 };
        let kids = self.children(mem, first, meta.end, 1)?;
        let handler = kids.iter().find(|k| &k.typ == b"hdlr").and_then(|h| mem.bytes(h.payload_range()).get(8..12).map(|s| s.to_vec()));
        if handler.as_deref() != Some(b"pict") || !full {
            self.report_metadata_box(mem, meta);
            return Ok(false);
        }
        let heif = Heif::parse(self, mem, &kids)?;
        heif.clean(self, mem, meta, &kids)?;
        Ok(true)
    }
}

fn is_visual(t: &[u8; 4]) -> bool {
    matches!(
        t,
        b"avc1"
            | b"avc3"
            | b"hvc1"
            | b"hev1"
            | b"mp4v"
            | b"av01"
            | b"vp08"
            | b"vp09"
            | b"dvh1"
            | b"dvhe"
            | b"jpeg"
            | b"mjpa"
            | b"mjpb"
            | b"apcn"
            | b"apch"
            | b"apcs"
            | b"apco"
            | b"ap4h"
            | b"s263"
            | b"h263"
            | b"encv"
    )
}

fn merge(ranges: Vec<Range<u64>>) -> Vec<Range<u64>> {
    let mut out: Vec<Range<u64>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        if r.start >= r.end {
            continue;
        }
        match out.last_mut() {
            Some(l) if r.start <= l.end => l.end = l.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Seconds since 1904-01-01 (QuickTime epoch) as a UTC date.
fn mac_time(secs: u64) -> String {
    let unix = secs as i64 - 2_082_844_800;
    let days = unix.div_euclid(86_400);
    let rem = unix.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// MP4, MOV, 3GP, HEIC and AVIF: one box structure, read by range.
pub struct IsoMedia;

impl Container for IsoMedia {
    const FORMATS: &'static [Format] = &[Format::Heic, Format::Avif, Format::Mp4, Format::Mov, Format::ThreeGp, Format::M4a];

    fn sniff(head: &[u8]) -> Option<Format> {
        sniff(head)
    }

    fn inspect(src: &dyn Source, format: Format, cx: &mut Collector, _depth: Depth) -> Result<()> {
        analyze(src, format, cx).map(|_| ())
    }

    /// Same-length patches, turned into a plan that copies the media data
    /// from the original (never loaded).
    fn plan_clean(src: &dyn Source, format: Format, cx: &mut Collector) -> Result<CleanPlan> {
        let a = analyze(src, format, cx)?;
        a.patches.to_plan(src.len(), a.output_len)
    }
}

/// Analyse an ISO media file: report into `cx`, return the edits.
pub fn analyze(src: &dyn Source, format: Format, cx: &mut Collector) -> Result<Analysis> {
    let w = Walk { src, cx, f: format, patches: Patches::default(), boxes: 0, kept: Vec::new(), dropped: Vec::new(), mdat_fully_indexed: true };
    w.run()
}
