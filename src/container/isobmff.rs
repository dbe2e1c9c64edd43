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

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use crate::error::{Error, ErrorKind, Result};
use crate::payload::{exif, quicktime, xmp};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};
use crate::source::{Patches, Source};

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

#[derive(Clone, Copy, Debug)]
struct BoxHdr {
    typ: [u8; 4],
    start: u64,
    payload: u64,
    end: u64,
    uuid: Option<[u8; 16]>,
}

impl BoxHdr {
    fn payload_range(&self) -> Range<u64> {
        self.payload..self.end
    }
    fn name(&self) -> String {
        self.typ.iter().map(|&b| if b == 0xA9 { '©' } else if b.is_ascii_graphic() || b == b' ' { b as char } else { '?' }).collect()
    }
}

/// A box header at `pos` inside a parent ending at `limit` (ISO/IEC 14496-12 §4.2):
/// size 1 means a 64-bit size follows, size 0 means "to the end of the parent".
fn header(src: &dyn Source, pos: u64, limit: u64, f: Format) -> Result<BoxHdr> {
    if limit.saturating_sub(pos) < 8 {
        return Err(Error::truncated(f, pos, "box header"));
    }
    let h = src.read(pos, 8)?;
    let size32 = u32::from_be_bytes([h[0], h[1], h[2], h[3]]);
    let typ = [h[4], h[5], h[6], h[7]];
    let (mut header_len, size) = match size32 {
        0 => (8u64, limit - pos),
        1 => {
            if limit - pos < 16 {
                return Err(Error::truncated(f, pos, "64-bit box size"));
            }
            let l = src.read(pos + 8, 8)?;
            (16, u64::from_be_bytes([l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7]]))
        }
        n => (8, u64::from(n)),
    };
    let name = || typ.iter().map(|&b| if b.is_ascii_graphic() { b as char } else { '?' }).collect::<String>();
    if size < header_len {
        return Err(Error::malformed(f, pos, format!("box '{}' declares a size of {size} bytes, smaller than its header", name())));
    }
    let end = pos.checked_add(size).ok_or_else(|| Error::malformed(f, pos, "box size overflows"))?;
    if end > limit {
        return Err(Error::truncated(f, pos, format!("box '{}' of {size} bytes runs past the end of its container", name())));
    }
    let mut uuid = None;
    if &typ == b"uuid" {
        if end - pos < header_len + 16 {
            return Err(Error::malformed(f, pos, "uuid box shorter than its user type"));
        }
        let u = src.read(pos + header_len, 16)?;
        let mut a = [0u8; 16];
        a.copy_from_slice(&u);
        uuid = Some(a);
        header_len += 16;
    }
    Ok(BoxHdr { typ, start: pos, payload: pos + header_len, end, uuid })
}

/// A box loaded in memory (`moov`, `meta`), read at absolute file offsets.
struct Mem<'a> {
    data: &'a [u8],
    base: u64,
}

impl Source for Mem<'_> {
    fn len(&self) -> u64 {
        self.base + self.data.len() as u64
    }
    fn read(&self, start: u64, len: u64) -> Result<Cow<'_, [u8]>> {
        let from = start.checked_sub(self.base).and_then(|s| usize::try_from(s).ok());
        let got = from.and_then(|s| self.data.get(s..s.checked_add(len as usize)?));
        got.map(Cow::Borrowed).ok_or_else(|| Error::invalid_argument("read outside a loaded box"))
    }
}

impl Mem<'_> {
    fn bytes(&self, r: Range<u64>) -> &[u8] {
        let s = (r.start - self.base) as usize;
        let e = (r.end - self.base) as usize;
        self.data.get(s..e).unwrap_or(&[])
    }
}

fn is_full_box_meta(payload: &[u8]) -> bool {
    // ISO `meta` is a FullBox; QuickTime's `meta` is not. A QuickTime meta's
    // first child header puts a box type (`hdlr`, `keys`) at bytes 4..8.
    !matches!(payload.get(4..8), Some(b"hdlr" | b"keys" | b"ilst" | b"free"))
}

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
        let major = head.get(8..12)?;
        let compat = head.get(16..).unwrap_or(&[]);
        let has = |b: &[u8]| major == b || compat.chunks_exact(4).any(|c| c == b);
        return Some(match major {
            b"qt  " => Format::Mov,
            b"crx " => return None, // Canon raw: not cleaned
            m if m.starts_with(b"3g") => Format::ThreeGp,
            b"avif" | b"avis" => Format::Avif,
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" | b"mif2" => {
                if has(b"avif") && !has(b"heic") { Format::Avif } else { Format::Heic }
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
        let handler: [u8; 4] = hdlr
            .and_then(|h| mem.bytes(h.payload_range()).get(8..12).and_then(|s| s.try_into().ok()))
            .unwrap_or(*b"????");
        let stbl = self.find(mem, trak, &[b"mdia", b"minf", b"stbl"], 2)?;
        let entry = match stbl {
            Some(s) => self.sample_entry(mem, &s)?,
            None => None,
        };
        let keep = matches!(&handler, b"vide" | b"soun");
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
            (_, b"mebx") => self.cx.add(Reveal::TelemetryTrack, "Track:TimedMetadata", "timed metadata (for example detected faces, still-image time)"),
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
        b"avc1" | b"avc3" | b"hvc1" | b"hev1" | b"mp4v" | b"av01" | b"vp08" | b"vp09" | b"dvh1" | b"dvhe" | b"jpeg" | b"mjpa" | b"mjpb"
            | b"apcn" | b"apch" | b"apcs" | b"apco" | b"ap4h" | b"s263" | b"h263" | b"encv"
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

/// Byte ranges of a track's chunks, from `stsz`/`stz2`, `stsc` and `stco`/`co64`.
fn sample_chunks(mem: &Mem, stbl: &BoxHdr, f: Format) -> Result<Vec<Range<u64>>> {
    let mut sizes: Option<(u32, Vec<u32>, u64)> = None; // (constant size, sizes, count)
    let mut stsc: Vec<(u32, u32)> = Vec::new();
    let mut offsets: Vec<u64> = Vec::new();
    let mut pos = stbl.payload;
    let bad = |at: u64, what: &'static str| Error::malformed(f, at, what);
    while pos < stbl.end {
        let h = header(mem, pos, stbl.end, f)?;
        pos = h.end;
        let p = mem.bytes(h.payload_range());
        let u32_at = |o: usize| p.get(o..o + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
        match &h.typ {
            b"stsz" => {
                let size = u32_at(4).ok_or_else(|| bad(h.start, "stsz too short"))?;
                let count = u32_at(8).ok_or_else(|| bad(h.start, "stsz too short"))?;
                if u64::from(count) > MAX_SAMPLES {
                    return Err(Error::limit(f, h.start, "more samples than Silbato indexes"));
                }
                let list = if size == 0 {
                    if p.len() < 12 + count as usize * 4 {
                        return Err(bad(h.start, "stsz lists fewer sizes than it counts"));
                    }
                    (0..count as usize).filter_map(|i| u32_at(12 + i * 4)).collect()
                } else {
                    Vec::new()
                };
                sizes = Some((size, list, u64::from(count)));
            }
            b"stz2" => {
                let field = *p.get(7).ok_or_else(|| bad(h.start, "stz2 too short"))?;
                let count = u32_at(8).ok_or_else(|| bad(h.start, "stz2 too short"))? as usize;
                if count as u64 > MAX_SAMPLES {
                    return Err(Error::limit(f, h.start, "more samples than Silbato indexes"));
                }
                let data = p.get(12..).unwrap_or(&[]);
                let list: Vec<u32> = match field {
                    4 => (0..count).filter_map(|i| data.get(i / 2).map(|b| u32::from(if i % 2 == 0 { b >> 4 } else { b & 15 }))).collect(),
                    8 => data.iter().take(count).map(|&b| u32::from(b)).collect(),
                    16 => data.chunks_exact(2).take(count).map(|c| u32::from(u16::from_be_bytes([c[0], c[1]]))).collect(),
                    _ => return Err(bad(h.start, "stz2 field size is not 4, 8 or 16")),
                };
                if list.len() != count {
                    return Err(bad(h.start, "stz2 lists fewer sizes than it counts"));
                }
                sizes = Some((0, list, count as u64));
            }
            b"stsc" => {
                let n = u32_at(4).ok_or_else(|| bad(h.start, "stsc too short"))? as usize;
                if p.len() < 8 + n.saturating_mul(12) {
                    return Err(bad(h.start, "stsc lists fewer entries than it counts"));
                }
                stsc = (0..n).filter_map(|i| Some((u32_at(8 + i * 12)?, u32_at(12 + i * 12)?))).collect();
            }
            b"stco" | b"co64" => {
                let n = u32_at(4).ok_or_else(|| bad(h.start, "chunk offsets too short"))? as usize;
                let w = if &h.typ == b"co64" { 8 } else { 4 };
                if p.len() < 8 + n.saturating_mul(w) {
                    return Err(bad(h.start, "chunk offset table lists fewer entries than it counts"));
                }
                offsets = (0..n)
                    .map(|i| p[8 + i * w..8 + (i + 1) * w].iter().fold(0u64, |a, &b| (a << 8) | u64::from(b)))
                    .collect();
            }
            _ => {}
        }
    }
    let Some((constant, list, count)) = sizes else { return Ok(Vec::new()) };
    let mut ranges = Vec::with_capacity(offsets.len());
    let mut sample = 0u64;
    for (ci, &off) in offsets.iter().enumerate() {
        let chunk = ci as u64 + 1;
        // The last stsc run whose first_chunk ≤ this chunk.
        let spc = stsc.iter().rev().find(|(first, _)| u64::from(*first) <= chunk).map(|(_, n)| u64::from(*n)).unwrap_or(0);
        let mut bytes = 0u64;
        for _ in 0..spc {
            if sample >= count {
                break;
            }
            bytes += if constant != 0 { u64::from(constant) } else { u64::from(list.get(sample as usize).copied().unwrap_or(0)) };
            sample += 1;
        }
        if bytes > 0 {
            ranges.push(off..off.saturating_add(bytes));
        }
    }
    Ok(ranges)
}

// ---- HEIF ----------------------------------------------------------------

#[derive(Clone, Debug)]
struct Item {
    id: u32,
    typ: [u8; 4],
    content_type: String,
    /// The whole `infe` box, copied verbatim when the item is kept.
    infe: Range<u64>,
}

#[derive(Clone, Debug)]
struct Location {
    id: u32,
    method: u8,
    /// (file or idat offset, length); length 0 means "to the end".
    extents: Vec<(u64, u64)>,
    /// The entry's bytes in `iloc`, copied verbatim when kept.
    raw: Range<u64>,
}

#[derive(Clone, Debug)]
struct Reference {
    typ: [u8; 4],
    from: u32,
    to: Vec<u32>,
}

struct Heif {
    primary: u32,
    items: Vec<Item>,
    locations: HashMap<u32, Location>,
    refs: Vec<Reference>,
    iref_version: u8,
    /// Per item, the raw `ipma` entry bytes and its property indices.
    ipma: Vec<(u32, Range<u64>, Vec<u16>)>,
    ipma_header: Option<(BoxHdr, Vec<u8>)>,
    /// Property boxes in `ipco`, 1-based by position.
    properties: Vec<BoxHdr>,
    iloc_head: Option<(BoxHdr, Vec<u8>, u8)>,
    iinf_version: Option<u8>,
    idat: Option<BoxHdr>,
}

/// Properties a decoder needs to show the primary image as it was.
const KEPT_PROPERTIES: &[&[u8; 4]] = &[
    b"hvcC", b"av1C", b"vvcC", b"jpgC", b"ispe", b"colr", b"pixi", b"irot", b"imir", b"clap", b"pasp", b"auxC", b"rloc",
    b"lsel", b"a1op", b"a1lx", b"clli", b"mdcv", b"cclv", b"amve", b"iscl", b"free", b"skip", b"uncC", b"cmpd",
];

fn be(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |a, &b| (a << 8) | u64::from(b))
}

impl Heif {
    fn parse(w: &mut Walk, mem: &Mem, kids: &[BoxHdr]) -> Result<Heif> {
        let f = w.f;
        let mut heif = Heif {
            primary: 0,
            items: Vec::new(),
            locations: HashMap::new(),
            refs: Vec::new(),
            iref_version: 0,
            ipma: Vec::new(),
            ipma_header: None,
            properties: Vec::new(),
            iloc_head: None,
            iinf_version: None,
            idat: None,
        };
        let mut have_pitm = false;
        for k in kids {
            let p = mem.bytes(k.payload_range());
            let mut r = crate::bytes::Reader::with_base(p, k.payload, f);
            match &k.typ {
                b"pitm" => {
                    let v = r.u8("pitm version")?;
                    r.skip(3, "pitm flags")?;
                    heif.primary = if v == 0 { u32::from(r.u16_be("primary item")?) } else { r.u32_be("primary item")? };
                    have_pitm = true;
                }
                b"iinf" => {
                    let v = r.u8("iinf version")?;
                    r.skip(3, "iinf flags")?;
                    heif.iinf_version = Some(v);
                    let n = if v == 0 { u64::from(r.u16_be("item count")?) } else { u64::from(r.u32_be("item count")?) };
                    if n as usize > MAX_ITEMS {
                        return Err(Error::limit(f, k.start, "more items than Silbato reads"));
                    }
                    let start = k.payload + r.pos() as u64;
                    for e in w.children(mem, start, k.end, 3)? {
                        if &e.typ == b"infe" {
                            heif.items.push(parse_infe(mem, &e, f)?);
                        }
                    }
                }
                b"iloc" => {
                    let v = r.u8("iloc version")?;
                    r.skip(3, "iloc flags")?;
                    let a = r.u8("iloc sizes")?;
                    let b = r.u8("iloc sizes")?;
                    let (off_size, len_size, base_size) = ((a >> 4) as usize, (a & 15) as usize, (b >> 4) as usize);
                    let idx_size = if v >= 1 { (b & 15) as usize } else { 0 };
                    for s in [off_size, len_size, base_size, idx_size] {
                        if !matches!(s, 0 | 4 | 8) {
                            return Err(Error::malformed(f, k.payload + 4, "iloc field size is not 0, 4 or 8"));
                        }
                    }
                    let count = if v < 2 { u64::from(r.u16_be("item count")?) } else { u64::from(r.u32_be("item count")?) };
                    if count as usize > MAX_ITEMS {
                        return Err(Error::limit(f, k.start, "more item locations than Silbato reads"));
                    }
                    heif.iloc_head = Some((*k, p[..r.pos()].to_vec(), v));
                    for _ in 0..count {
                        let entry_start = k.payload + r.pos() as u64;
                        let id = if v < 2 { u32::from(r.u16_be("item id")?) } else { r.u32_be("item id")? };
                        let method = if v >= 1 { (r.u16_be("construction method")? & 15) as u8 } else { 0 };
                        r.skip(2, "data reference index")?;
                        let base = be(r.take(base_size, "base offset")?);
                        let n = r.u16_be("extent count")?;
                        let mut extents = Vec::with_capacity(n as usize);
                        for _ in 0..n {
                            r.skip(idx_size, "extent index")?;
                            let off = be(r.take(off_size, "extent offset")?);
                            let len = be(r.take(len_size, "extent length")?);
                            let start = base.checked_add(off).ok_or_else(|| Error::malformed(f, entry_start, "extent offset overflows"))?;
                            extents.push((start, len));
                        }
                        let raw = entry_start..k.payload + r.pos() as u64;
                        heif.locations.insert(id, Location { id, method, extents, raw });
                    }
                }
                b"iref" => {
                    let v = r.u8("iref version")?;
                    r.skip(3, "iref flags")?;
                    heif.iref_version = v;
                    let start = k.payload + 4;
                    for rb in w.children(mem, start, k.end, 3)? {
                        let rp = mem.bytes(rb.payload_range());
                        let mut rr = crate::bytes::Reader::with_base(rp, rb.payload, f);
                        let id = |rr: &mut crate::bytes::Reader| -> Result<u32> { if v == 0 { Ok(u32::from(rr.u16_be("item id")?)) } else { rr.u32_be("item id") } };
                        let from = id(&mut rr)?;
                        let n = rr.u16_be("reference count")?;
                        let to = (0..n).map(|_| id(&mut rr)).collect::<Result<Vec<_>>>()?;
                        heif.refs.push(Reference { typ: rb.typ, from, to });
                    }
                }
                b"iprp" => {
                    for c in w.children(mem, k.payload, k.end, 3)? {
                        match &c.typ {
                            b"ipco" => heif.properties = w.children(mem, c.payload, c.end, 4)?,
                            b"ipma" => {
                                let cp = mem.bytes(c.payload_range());
                                let mut rr = crate::bytes::Reader::with_base(cp, c.payload, f);
                                let v = rr.u8("ipma version")?;
                                let flags = rr.array::<3>("ipma flags")?;
                                let wide = flags[2] & 1 != 0;
                                let n = rr.u32_be("ipma entry count")?;
                                if n as usize > MAX_ITEMS {
                                    return Err(Error::limit(f, c.start, "more property associations than Silbato reads"));
                                }
                                heif.ipma_header = Some((c, cp[..4].to_vec()));
                                for _ in 0..n {
                                    let s = c.payload + rr.pos() as u64;
                                    let id = if v < 1 { u32::from(rr.u16_be("item id")?) } else { rr.u32_be("item id")? };
                                    let m = rr.u8("association count")?;
                                    let mut props = Vec::with_capacity(m as usize);
                                    for _ in 0..m {
                                        props.push(if wide { rr.u16_be("property")? & 0x7FFF } else { u16::from(rr.u8("property")? & 0x7F) });
                                    }
                                    heif.ipma.push((id, s..c.payload + rr.pos() as u64, props));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                b"idat" => heif.idat = Some(*k),
                _ => {}
            }
        }
        if !have_pitm {
            return Err(Error::malformed(f, kids.first().map_or(0, |k| k.start), "HEIF without a primary item (pitm)"));
        }
        if !heif.items.iter().any(|i| i.id == heif.primary) {
            return Err(Error::malformed(f, 0, "the primary item is not described in iinf"));
        }
        Ok(heif)
    }

    fn aux_type(&self, mem: &Mem, id: u32) -> Option<String> {
        let (_, _, props) = self.ipma.iter().find(|(i, _, _)| *i == id)?;
        props.iter().find_map(|&p| {
            let b = self.properties.get((p as usize).checked_sub(1)?)?;
            (&b.typ == b"auxC").then(|| {
                let d = mem.bytes(b.payload_range());
                let s = d.get(4..).unwrap_or(&[]);
                String::from_utf8_lossy(&s[..memchr::memchr(0, s).unwrap_or(s.len())]).into_owned()
            })
        })
    }

    /// The primary image and what it is built from: tiles (`dimg`) and its alpha plane.
    fn keep_set(&self, mem: &Mem, f: Format) -> Result<BTreeSet<u32>> {
        // A derived image made from itself, directly or not, cannot be shown: refuse it.
        let mut on_path = Vec::new();
        self.check_loops(self.primary, &mut on_path, f)?;
        let mut keep = BTreeSet::from([self.primary]);
        loop {
            let before = keep.len();
            for r in &self.refs {
                match &r.typ {
                    b"dimg" if keep.contains(&r.from) => keep.extend(r.to.iter().copied()),
                    b"auxl" if r.to.iter().any(|t| keep.contains(t)) => {
                        let aux = self.aux_type(mem, r.from).unwrap_or_default();
                        if aux.contains("alpha") || aux.ends_with("auxid:1") {
                            keep.insert(r.from);
                        }
                    }
                    _ => {}
                }
            }
            if keep.len() == before || keep.len() > MAX_ITEMS {
                break;
            }
        }
        Ok(keep)
    }

    fn check_loops(&self, id: u32, path: &mut Vec<u32>, f: Format) -> Result<()> {
        if path.contains(&id) {
            return Err(Error::malformed(f, 0, "image items reference each other in a loop"));
        }
        if path.len() > MAX_DEPTH {
            return Err(Error::limit(f, 0, "derived images nested too deep"));
        }
        path.push(id);
        for r in self.refs.iter().filter(|r| &r.typ == b"dimg" && r.from == id) {
            for &t in &r.to {
                self.check_loops(t, path, f)?;
            }
        }
        path.pop();
        Ok(())
    }

    /// Bytes of an item (for reading Exif and XMP), at most `MAX_ITEM_READ`.
    fn item_data(&self, w: &Walk, mem: &Mem, id: u32) -> Result<Option<Vec<u8>>> {
        let Some(loc) = self.locations.get(&id) else { return Ok(None) };
        let mut out = Vec::new();
        for &(off, len) in &loc.extents {
            let total = out.len() as u64;
            match loc.method {
                0 => {
                    let len = if len == 0 { w.src.len().saturating_sub(off) } else { len };
                    let len = len.min(MAX_ITEM_READ.saturating_sub(total));
                    if off.checked_add(len).is_none_or(|e| e > w.src.len()) {
                        return Err(Error::truncated(w.f, off, "an item's data lies past the end of the file"));
                    }
                    out.extend_from_slice(&w.src.read(off, len)?);
                }
                1 => {
                    let Some(idat) = self.idat else { return Ok(None) };
                    let d = mem.bytes(idat.payload_range());
                    let len = if len == 0 { (d.len() as u64).saturating_sub(off) } else { len };
                    let part = d.get(off as usize..(off + len) as usize).ok_or_else(|| Error::malformed(w.f, idat.start, "item data outside idat"))?;
                    out.extend_from_slice(part);
                }
                _ => return Ok(None),
            }
        }
        Ok(Some(out))
    }

    fn report(&self, w: &mut Walk, mem: &Mem, keep: &BTreeSet<u32>) -> Result<()> {
        let referred = |typ: &[u8; 4], id: u32| self.refs.iter().any(|r| &r.typ == typ && r.from == id);
        for item in self.items.iter().filter(|i| !keep.contains(&i.id)) {
            let id = item.id;
            match &item.typ {
                b"Exif" => {
                    if let Some(d) = self.item_data(w, mem, id)? {
                        // A 4-byte offset to the TIFF header, then (usually) "Exif\0\0" and TIFF.
                        let skip = d.get(..4).map_or(0, |b| be(b) as usize);
                        let tiff = d.get(4 + skip..).or_else(|| d.get(4..)).unwrap_or(&[]);
                        if let Err(e) = exif::scan(tiff, 0, w.f, w.cx) {
                            w.cx.warn(format!("EXIF could not be read ({e}); it is removed all the same"));
                        }
                    }
                }
                b"mime" if item.content_type.contains("rdf+xml") || item.content_type.contains("xmp") => {
                    if let Some(d) = self.item_data(w, mem, id)? {
                        xmp::scan(&d, w.cx);
                    }
                }
                _ if referred(b"thmb", id) => w.cx.add(Reveal::Thumbnail, "HEIF:ThumbnailImage", format!("item {id}")),
                _ if referred(b"auxl", id) => {
                    let aux = self.aux_type(mem, id).unwrap_or_default();
                    let what = if aux.contains("gainmap") || aux.contains("hdrgainmap") {
                        "HDR gain map"
                    } else if aux.contains("depth") || aux.ends_with("auxid:2") {
                        "depth map"
                    } else {
                        "auxiliary image"
                    };
                    w.cx.add(Reveal::HiddenImage, "HEIF:AuxiliaryImage", format!("{what} (item {id})"));
                }
                b"tmap" => w.cx.add(Reveal::HiddenImage, "HEIF:GainMap", format!("HDR gain map (item {id})")),
                b"hvc1" | b"av01" | b"grid" | b"iovl" | b"iden" | b"jpeg" | b"hvt1" | b"vvc1" | b"unci" | b"j2k1" => {
                    // Tiles of a dropped image were reported with it.
                    if !self.refs.iter().any(|r| &r.typ == b"dimg" && r.to.contains(&id) && !keep.contains(&r.from)) {
                        w.cx.add(Reveal::HiddenImage, "HEIF:OtherImage", format!("item {id} ({})", String::from_utf8_lossy(&item.typ)));
                    }
                }
                _ => w.cx.add(Reveal::UnknownData, format!("HEIF:{}", String::from_utf8_lossy(&item.typ).trim()), format!("item {id}")),
            }
        }
        for p in &self.properties {
            if &p.typ == b"udes" {
                let d = mem.bytes(p.payload_range());
                let text: String = String::from_utf8_lossy(d.get(4..).unwrap_or(&[])).split('\0').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("; ");
                w.cx.add_text(Reveal::Caption, "HEIF:UserDescription", &text);
            }
        }
        Ok(())
    }

    /// Rebuild `meta` at its original size without the dropped items.
    fn clean(&self, w: &mut Walk, mem: &Mem, meta: &BoxHdr, kids: &[BoxHdr]) -> Result<()> {
        let f = w.f;
        let keep = self.keep_set(mem, f)?;
        self.report(w, mem, &keep)?;

        // Data: kept items' extents must survive; dropped items' are zeroed.
        let mut idat_zero: Vec<Range<u64>> = Vec::new();
        for loc in self.locations.values() {
            let kept = keep.contains(&loc.id);
            for &(off, len) in &loc.extents {
                let len = if len == 0 { w.src.len().saturating_sub(off) } else { len };
                let r = off..off.saturating_add(len);
                match (loc.method, kept) {
                    (0, true) => w.kept.push(r),
                    (0, false) => w.dropped.push(r),
                    (1, false) => idat_zero.push(r),
                    _ => {}
                }
            }
        }

        let mut out: Vec<u8> = mem.bytes(meta.payload..meta.payload + 4).to_vec();
        let boxed = |typ: &[u8; 4], body: &[u8]| {
            let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
            b.extend_from_slice(typ);
            b.extend_from_slice(body);
            b
        };
        let mut hdlr_at = None;
        for k in kids {
            let whole = mem.bytes(k.start..k.end);
            match &k.typ {
                b"hdlr" => {
                    hdlr_at = Some(out.len());
                    let mut b = whole.to_vec();
                    let name_from = (k.payload - k.start) as usize + 24;
                    if b.len() > name_from {
                        b[name_from..].fill(0);
                    }
                    out.extend_from_slice(&b);
                }
                b"pitm" | b"dinf" => out.extend_from_slice(whole),
                b"idat" => {
                    let mut b = whole.to_vec();
                    let base = (k.payload - k.start) as usize;
                    for r in &idat_zero {
                        let s = base.saturating_add(r.start as usize).min(b.len());
                        let e = base.saturating_add(r.end as usize).min(b.len());
                        b[s..e].fill(0);
                    }
                    out.extend_from_slice(&b);
                }
                b"iinf" => {
                    let v = self.iinf_version.unwrap_or(0);
                    let kept: Vec<&Item> = self.items.iter().filter(|i| keep.contains(&i.id)).collect();
                    let mut body = vec![v, 0, 0, 0];
                    if v == 0 {
                        body.extend_from_slice(&(kept.len() as u16).to_be_bytes());
                    } else {
                        body.extend_from_slice(&(kept.len() as u32).to_be_bytes());
                    }
                    for i in kept {
                        body.extend_from_slice(mem.bytes(i.infe.clone()));
                    }
                    out.extend_from_slice(&boxed(b"iinf", &body));
                }
                b"iloc" => {
                    let Some((_, head, v)) = &self.iloc_head else { continue };
                    let mut locs: Vec<&Location> = self.locations.values().filter(|l| keep.contains(&l.id)).collect();
                    locs.sort_by_key(|l| l.raw.start);
                    let mut body = head[..head.len() - if *v < 2 { 2 } else { 4 }].to_vec();
                    if *v < 2 {
                        body.extend_from_slice(&(locs.len() as u16).to_be_bytes());
                    } else {
                        body.extend_from_slice(&(locs.len() as u32).to_be_bytes());
                    }
                    for l in locs {
                        body.extend_from_slice(mem.bytes(l.raw.clone()));
                    }
                    out.extend_from_slice(&boxed(b"iloc", &body));
                }
                b"iref" => {
                    let v = self.iref_version;
                    let mut body = vec![v, 0, 0, 0];
                    for r in &self.refs {
                        let to: Vec<u32> = r.to.iter().copied().filter(|t| keep.contains(t)).collect();
                        if !keep.contains(&r.from) || to.is_empty() {
                            continue;
                        }
                        let mut rb = Vec::new();
                        let id = |x: u32, rb: &mut Vec<u8>| if v == 0 { rb.extend_from_slice(&(x as u16).to_be_bytes()) } else { rb.extend_from_slice(&x.to_be_bytes()) };
                        id(r.from, &mut rb);
                        rb.extend_from_slice(&(to.len() as u16).to_be_bytes());
                        for t in to {
                            id(t, &mut rb);
                        }
                        body.extend_from_slice(&boxed(&r.typ, &rb));
                    }
                    out.extend_from_slice(&boxed(b"iref", &body));
                }
                b"iprp" => {
                    let mut body = Vec::new();
                    for c in w.children(mem, k.payload, k.end, 3)? {
                        match &c.typ {
                            b"ipco" => {
                                let mut b = mem.bytes(c.start..c.end).to_vec();
                                // Properties of kept items only: a dropped thumbnail's size or a
                                // depth map's type would otherwise linger, unattached.
                                let used: BTreeSet<u16> = self
                                    .ipma
                                    .iter()
                                    .filter(|(id, _, _)| keep.contains(id))
                                    .flat_map(|(_, _, props)| props.iter().copied())
                                    .collect();
                                for (i, p) in self.properties.iter().enumerate() {
                                    let allowed = KEPT_PROPERTIES.contains(&&p.typ);
                                    if !allowed || !used.contains(&(i as u16 + 1)) {
                                        if !allowed && &p.typ != b"udes" {
                                            w.cx.add(Reveal::UnknownData, format!("HEIF:{}", p.name()), "item property");
                                        }
                                        let s = (p.start - c.start) as usize;
                                        let e = (p.end - c.start) as usize;
                                        // Keep the size field (the index of every later property depends on position).
                                        b[s + 4..s + 8].copy_from_slice(b"free");
                                        b[s + 8..e].fill(0);
                                    }
                                }
                                body.extend_from_slice(&b);
                            }
                            b"ipma" => {
                                let Some((_, head)) = &self.ipma_header else { continue };
                                let kept: Vec<_> = self.ipma.iter().filter(|(id, _, _)| keep.contains(id)).collect();
                                let mut b = head.clone();
                                b.extend_from_slice(&(kept.len() as u32).to_be_bytes());
                                for (_, raw, _) in kept {
                                    b.extend_from_slice(mem.bytes(raw.clone()));
                                }
                                body.extend_from_slice(&boxed(b"ipma", &b));
                            }
                            _ => {}
                        }
                    }
                    out.extend_from_slice(&boxed(b"iprp", &body));
                }
                _ => {
                    w.report_metadata_box(mem, k);
                }
            }
        }
        let old = (meta.end - meta.payload) as usize;
        if out.len() > old {
            return Err(Error::invalid_argument("the rebuilt HEIF meta box is larger than the original"));
        }
        let gap = old - out.len();
        if gap >= 8 {
            out.extend_from_slice(&boxed(b"free", &vec![0; gap - 8]));
        } else if gap > 0 {
            // Too small for a box: lengthen hdlr, whose name ends at its first NUL.
            let at = hdlr_at.ok_or_else(|| Error::malformed(f, meta.start, "HEIF meta without hdlr"))?;
            let size = u32::from_be_bytes([out[at], out[at + 1], out[at + 2], out[at + 3]]) as usize;
            out[at..at + 4].copy_from_slice(&((size + gap) as u32).to_be_bytes());
            let insert_at = at + size;
            out.splice(insert_at..insert_at, std::iter::repeat(0).take(gap));
        }
        w.patches.bytes(meta.payload, out)
    }
}

fn parse_infe(mem: &Mem, e: &BoxHdr, f: Format) -> Result<Item> {
    let p = mem.bytes(e.payload_range());
    let mut r = crate::bytes::Reader::with_base(p, e.payload, f);
    let v = r.u8("infe version")?;
    r.skip(3, "infe flags")?;
    let id = if v >= 3 { r.u32_be("item id")? } else { u32::from(r.u16_be("item id")?) };
    r.skip(2, "protection index")?;
    let typ = if v >= 2 { r.array::<4>("item type")? } else { *b"mime" };
    let rest = r.rest();
    let mut strings = rest.split(|&b| b == 0).map(|s| String::from_utf8_lossy(s).into_owned());
    let _name = strings.next();
    let content_type = if &typ == b"mime" || v < 2 { strings.next().unwrap_or_default() } else { String::new() };
    Ok(Item { id, typ, content_type, infe: e.start..e.end })
}

/// Analyse an ISO media file: report into `cx`, return the edits.
pub fn analyze(src: &dyn Source, format: Format, cx: &mut Collector) -> Result<Analysis> {
    let w = Walk {
        src,
        cx,
        f: format,
        patches: Patches::default(),
        boxes: 0,
        kept: Vec::new(),
        dropped: Vec::new(),
        mdat_fully_indexed: true,
    };
    w.run()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::Category;
    use crate::reveal::Options;
    use crate::source::Patched;

    pub fn boxed(t: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut b = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(t);
        b.extend_from_slice(payload);
        b
    }

    fn full(v: u8, body: &[u8]) -> Vec<u8> {
        [&[v, 0, 0, 0][..], body].concat()
    }

    /// A small movie: ftyp, mdat with a video sample and a GPMF sample, moov
    /// at the end with a video track, a GPMF track and udta with ©xyz.
    pub fn movie() -> Vec<u8> {
        let ftyp = boxed(b"ftyp", b"isom\0\0\x02\0isomiso2mp41");
        let video = vec![0x11u8; 40];
        let gpmf = {
            let mut g = b"DEVC\0\x01\0\x10CASN\x63\x01\0\x08C3221324".to_vec();
            g.resize(24, 0);
            g
        };
        let mdat_payload = [video.clone(), gpmf.clone()].concat();
        let mdat = boxed(b"mdat", &mdat_payload);
        let mdat_data = (ftyp.len() + 8) as u32;
        let track = |handler: &[u8; 4], entry: &[u8; 4], size: u32, off: u32, times: u32| {
            let tkhd = boxed(b"tkhd", &full(0, &[&times.to_be_bytes()[..], &times.to_be_bytes(), &[0; 72]].concat()));
            let mdhd = boxed(b"mdhd", &full(0, &[&times.to_be_bytes()[..], &times.to_be_bytes(), &[0; 12]].concat()));
            let hdlr = boxed(b"hdlr", &full(0, &[&[0u8; 4][..], handler, &[0; 12], b"Core Media\0"].concat()));
            let mut entry_body = vec![0u8; 78];
            entry_body[42] = 6;
            entry_body[43..49].copy_from_slice(b"Encodr");
            let stsd = boxed(b"stsd", &full(0, &[&1u32.to_be_bytes()[..], &boxed(entry, &entry_body)].concat()));
            let stsz = boxed(b"stsz", &full(0, &[&0u32.to_be_bytes()[..], &1u32.to_be_bytes(), &size.to_be_bytes()].concat()));
            let stsc = boxed(b"stsc", &full(0, &[&1u32.to_be_bytes()[..], &1u32.to_be_bytes(), &1u32.to_be_bytes(), &1u32.to_be_bytes()].concat()));
            let stco = boxed(b"stco", &full(0, &[&1u32.to_be_bytes()[..], &off.to_be_bytes()].concat()));
            let stbl = boxed(b"stbl", &[stsd, stsz, stsc, stco].concat());
            let minf = boxed(b"minf", &stbl);
            let mdia = boxed(b"mdia", &[mdhd, hdlr, minf].concat());
            boxed(b"trak", &[tkhd, mdia].concat())
        };
        let when = 3_855_000_000u32; // 2026
        let mvhd = boxed(b"mvhd", &full(0, &[&when.to_be_bytes()[..], &when.to_be_bytes(), &[0; 92]].concat()));
        let mut xyz = vec![0, 18, 0x15, 0xC7];
        xyz.extend_from_slice(b"+44.9618-093.2710/");
        let udta = boxed(b"udta", &boxed(b"\xA9xyz", &xyz));
        let moov = boxed(
            b"moov",
            &[
                mvhd,
                track(b"vide", b"avc1", video.len() as u32, mdat_data, when),
                track(b"meta", b"gpmd", gpmf.len() as u32, mdat_data + video.len() as u32, when),
                udta,
            ]
            .concat(),
        );
        [ftyp, mdat, moov].concat()
    }

    fn clean(input: &[u8]) -> (Vec<u8>, crate::report::Report) {
        let mut cx = Collector::new(Options::default(), Format::Mp4);
        let a = analyze(&input, Format::Mp4, &mut cx).unwrap();
        let out = a.patches.to_plan(input.len() as u64, a.output_len).unwrap().apply(input).unwrap();
        let view = Patched { base: &input, patches: &a.patches, len: a.output_len };
        assert_eq!(view.read(0, a.output_len).unwrap().as_ref(), out.as_slice());
        (out, cx.finish())
    }

    #[test]
    fn movie_metadata_is_neutralised_in_place() {
        let input = movie();
        let (out, removed) = clean(&input);
        assert_eq!(out.len(), input.len(), "no byte moves");
        for (tag, cat) in [
            ("UserData:GPSCoordinates", Category::Location),
            ("Track:GoProMetadata", Category::Location),
            ("GoPro:CameraSerialNumber", Category::Serial),
            ("CreateDate", Category::Timestamp),
            ("CompressorName", Category::Software),
        ] {
            assert!(removed.findings.iter().any(|f| f.tag == tag && f.category == cat), "{tag}: {removed:#?}");
        }
        assert!(!out.windows(8).any(|w| w == b"C3221324"), "the GPMF sample in mdat is zeroed");
        assert!(out.windows(40).any(|w| w == [0x11; 40]), "the video sample is untouched");
        assert!(!out.windows(10).any(|w| w == b"Core Media"));
        let mut cx = Collector::new(Options::default(), Format::Mp4);
        analyze(&out.as_slice(), Format::Mp4, &mut cx).unwrap();
        assert!(cx.finish().findings.is_empty());
        assert_eq!(clean(&out).0, out, "cleaning twice changes nothing");
    }

    #[test]
    fn every_prefix_is_an_error_or_a_clean_result() {
        let input = movie();
        for cut in 0..input.len() {
            let mut cx = Collector::new(Options::default(), Format::Mp4);
            let _ = analyze(&&input[..cut], Format::Mp4, &mut cx);
        }
    }

    #[test]
    fn hostile_boxes_are_typed_errors() {
        let f = Format::Mp4;
        let ftyp = boxed(b"ftyp", b"isom\0\0\0\0");
        let run = |tail: &[u8]| {
            let input = [ftyp.as_slice(), tail].concat();
            let mut cx = Collector::new(Options::default(), f);
            analyze(&input.as_slice(), f, &mut cx).map(|_| ())
        };
        // Size past the end.
        assert_eq!(run(&[0, 0, 1, 0, b'm', b'o', b'o', b'v']).unwrap_err().kind, ErrorKind::Truncated);
        // Size smaller than the header.
        assert_eq!(run(&[0, 0, 0, 4, b'm', b'o', b'o', b'v']).unwrap_err().kind, ErrorKind::Malformed);
        // 64-bit size past the end.
        assert_eq!(run(&[0, 0, 0, 1, b'm', b'd', b'a', b't', 0xFF, 0, 0, 0, 0, 0, 0, 0]).unwrap_err().kind, ErrorKind::Truncated);
        // Size 0: to the end of the file.
        assert!(run(&[0, 0, 0, 0, b'm', b'd', b'a', b't', 1, 2, 3]).is_ok());
        // 100 nested boxes.
        let mut nested = boxed(b"free", &[]);
        for _ in 0..100 {
            nested = boxed(b"trak", &nested);
        }
        let deep = boxed(b"moov", &nested);
        let e = run(&deep);
        assert!(e.is_ok() || matches!(e.unwrap_err().kind, ErrorKind::LimitExceeded | ErrorKind::Malformed));
        let deep_meta = {
            let mut inner = boxed(b"free", &[]);
            for _ in 0..100 {
                inner = boxed(b"iprp", &inner);
            }
            inner
        };
        let _ = run(&boxed(b"meta", &full(0, &[boxed(b"hdlr", &full(0, b"\0\0\0\0pict\0\0\0\0\0\0\0\0\0\0\0\0\0")), deep_meta].concat())));
    }

    #[test]
    fn mac_times_read_as_dates() {
        assert_eq!(mac_time(2_082_844_800), "1970-01-01 00:00:00 UTC");
        assert_eq!(mac_time(3_855_000_000), "2026-02-27 01:20:00 UTC");
    }
}
