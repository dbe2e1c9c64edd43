//! The ZIP archive under every office document (APPNOTE.TXT 6.3.10, as
//! ISO/IEC 21320-1 restricts it for documents): read strictly from the
//! central directory, written afresh with fixed times and no extra fields.
//!
//! Reading trusts nothing the two copies of a header disagree on: the local
//! header must name the same entry with the same method, entries may not
//! overlap or share a name, and every byte of compressed data must be
//! consumed by its deflate stream and match its size and CRC-32. Writing
//! never copies a header: the cleaned file holds no times, comments, extra
//! fields or data descriptors of the original, only entry data (copied as
//! compressed bytes when it is unchanged, so a large picture costs nothing).

use std::borrow::Cow;
use std::ops::Range;

use crate::error::{Error, Result};
use crate::plan::{CleanPlan, Op, PlanBuilder};
use crate::report::Format;

/// Entries per archive: a large presentation has a few thousand.
pub const MAX_ENTRIES: usize = 20_000;
/// Uncompressed size of one entry (a video inside a presentation).
pub const MAX_ENTRY_SIZE: u64 = 256 << 20;
/// Uncompressed size of all entries together: what a ZIP bomb would blow past.
pub const MAX_TOTAL_SIZE: u64 = 1 << 30;

const LOCAL: &[u8; 4] = b"PK\x03\x04";
const CENTRAL: &[u8; 4] = b"PK\x01\x02";
const END: &[u8; 4] = b"PK\x05\x06";
const END64: &[u8; 4] = b"PK\x06\x06";
const LOCATOR64: &[u8; 4] = b"PK\x06\x07";

pub const STORED: u16 = 0;
pub const DEFLATED: u16 = 8;

/// General purpose flags (APPNOTE 4.4.4).
const FLAG_ENCRYPTED: u16 = 1;
const FLAG_STRONG_ENCRYPTION: u16 = 1 << 6;
const FLAG_UTF8: u16 = 1 << 11;
const FLAG_MASKED: u16 = 1 << 13;

/// 1980-01-01 00:00, the earliest time a ZIP can hold: every entry gets it.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// Both, as `Entry::dos_time` holds them.
pub const FIXED_TIME: u32 = (DOS_DATE as u32) << 16 | DOS_TIME as u32;

/// An MS-DOS date and time (APPNOTE 4.4.6) as `YYYY-MM-DD hh:mm:ss`.
pub fn dos_time_text(t: u32) -> String {
    let (date, time) = (t >> 16, t & 0xFFFF);
    format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", 1980 + (date >> 9), (date >> 5) & 15, date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2)
}

/// One entry, as the central directory and its local header agree on it.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The name as stored (bytes), and as text for matching.
    pub raw_name: Vec<u8>,
    pub name: String,
    pub utf8: bool,
    pub method: u16,
    pub crc: u32,
    pub size: u64,
    /// The compressed data, in the archive.
    pub data: Range<usize>,
    /// Where the local header starts (entries are kept in this order).
    pub header: usize,
    /// Bytes of per-entry comment and extra fields: dropped by rewriting.
    pub comment_len: usize,
    pub extra_len: usize,
    /// MS-DOS date (high half) and time (low half) of the entry.
    pub dos_time: u32,
}

impl Entry {
    pub fn is_dir(&self) -> bool {
        self.name.ends_with('/')
    }
}

/// A ZIP archive in memory.
#[derive(Debug)]
pub struct Archive<'a> {
    pub bytes: &'a [u8],
    /// In the order of their local headers.
    pub entries: Vec<Entry>,
    /// The archive comment (dropped by rewriting).
    pub comment: Range<usize>,
    /// Bytes after the end record (dropped by rewriting).
    pub trailer: Range<usize>,
    format: Format,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at.checked_add(8)?)?.try_into().ok()?))
}

fn to_usize(v: u64, f: Format, at: usize, what: &'static str) -> Result<usize> {
    usize::try_from(v).map_err(|_| Error::limit(f, at as u64, what))
}

/// Does this look like the start of a ZIP archive (a local file header)?
pub fn is_zip(head: &[u8]) -> bool {
    head.starts_with(LOCAL)
}

/// The name of the first entry, from a local header at the start of `head`
/// (what `sniff` sees), and where its data starts.
pub fn first_name(head: &[u8]) -> Option<(&[u8], usize)> {
    if !is_zip(head) {
        return None;
    }
    let name_len = usize::from(u16_at(head, 26)?);
    let extra_len = usize::from(u16_at(head, 28)?);
    let end = 30 + name_len;
    // The name may run past what sniff is given: what is there is enough to guess.
    let name = head.get(30..end.min(head.len()))?;
    Some((name, end + extra_len))
}

impl<'a> Archive<'a> {
    pub fn read(bytes: &'a [u8], format: Format) -> Result<Archive<'a>> {
        let f = format;
        let (end_at, end_len) = find_end(bytes, f)?;
        let end = bytes.get(end_at..).unwrap_or(&[]);
        let disk = u16_at(end, 4).unwrap_or(1);
        let cd_disk = u16_at(end, 6).unwrap_or(1);
        let mut count = u64::from(u16_at(end, 10).unwrap_or(0));
        let mut cd_size = u64::from(u32_at(end, 12).unwrap_or(0));
        let mut cd_offset = u64::from(u32_at(end, 16).unwrap_or(0));
        let comment = end_at + 22..end_at + end_len;
        // Where the central directory must end: the Zip64 end record, or the end record.
        let mut cd_end = end_at;
        if count == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
            let loc = end_at.checked_sub(20).ok_or_else(|| Error::malformed(f, end_at as u64, "a Zip64 archive without its locator"))?;
            if bytes.get(loc..loc + 4) != Some(LOCATOR64) {
                return Err(Error::malformed(f, loc as u64, "a Zip64 archive without its locator"));
            }
            let at = to_usize(u64_at(bytes, loc + 8).unwrap_or(u64::MAX), f, loc, "a Zip64 end record beyond memory")?;
            if at.checked_add(56).is_none_or(|e| e > loc) || bytes.get(at..at + 4) != Some(END64) {
                return Err(Error::malformed(f, at as u64, "the Zip64 end record is not where its locator says"));
            }
            if u32_at(bytes, at + 16) != Some(0) || u32_at(bytes, at + 20) != Some(0) {
                return Err(Error::unsupported(Some(f), "an archive split over several disks"));
            }
            count = u64_at(bytes, at + 32).unwrap_or(0);
            cd_size = u64_at(bytes, at + 40).unwrap_or(0);
            cd_offset = u64_at(bytes, at + 48).unwrap_or(0);
            cd_end = at;
        } else if disk != 0 || cd_disk != 0 {
            return Err(Error::unsupported(Some(f), "an archive split over several disks"));
        }
        if count > MAX_ENTRIES as u64 {
            return Err(Error::limit(f, end_at as u64, format!("{count} entries; Silbato reads documents of up to {MAX_ENTRIES}")));
        }
        let cd_start = to_usize(cd_offset, f, end_at, "central directory beyond memory")?;
        let cd_len = to_usize(cd_size, f, end_at, "central directory beyond memory")?;
        // Nothing may hide between the directory and its end record.
        if cd_start.checked_add(cd_len) != Some(cd_end) {
            return Err(Error::malformed(f, cd_start as u64, "the central directory is not where the end record says"));
        }
        let mut entries = Vec::with_capacity(count as usize);
        let mut pos = cd_start;
        let mut total = 0u64;
        for _ in 0..count {
            let e = central_entry(bytes, pos, f)?;
            pos = e.1;
            total = total.saturating_add(e.0.size);
            if total > MAX_TOTAL_SIZE {
                return Err(Error::limit(f, pos as u64, format!("more than {} MB once uncompressed", MAX_TOTAL_SIZE >> 20)));
            }
            entries.push(e.0);
        }
        if pos != cd_end {
            return Err(Error::malformed(f, pos as u64, "the central directory holds more than its entries"));
        }
        entries.sort_by_key(|e| e.header);
        // Entries in file order may not overlap each other or the directory,
        // and no two may share a name (readers would disagree on which counts).
        let mut names: Vec<&[u8]> = entries.iter().map(|e| e.raw_name.as_slice()).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1]) {
            return Err(Error::malformed(f, cd_start as u64, "two entries have the same name"));
        }
        for pair in entries.windows(2) {
            if pair[0].data.end > pair[1].header {
                return Err(Error::malformed(f, pair[1].header as u64, "entries overlap"));
            }
        }
        if entries.last().is_some_and(|e| e.data.end > cd_start) {
            return Err(Error::malformed(f, cd_start as u64, "an entry runs into the central directory"));
        }
        let trailer = end_at + end_len..bytes.len();
        Ok(Archive { bytes, entries, comment, trailer, format })
    }

    pub fn find(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// The uncompressed bytes of an entry, checked against its size and CRC-32.
    pub fn contents(&self, e: &Entry) -> Result<Cow<'a, [u8]>> {
        let f = self.format;
        let data = self.bytes.get(e.data.clone()).ok_or_else(|| Error::truncated(f, e.data.start as u64, "entry data"))?;
        let out: Cow<'a, [u8]> = match e.method {
            STORED => Cow::Borrowed(data),
            DEFLATED => Cow::Owned(inflate_exact(data, e.size, f, e.data.start)?),
            m => return Err(Error::unsupported(Some(f), format!("{}: compression method {m}", e.name))),
        };
        if out.len() as u64 != e.size {
            return Err(Error::malformed(f, e.data.start as u64, format!("{}: not the size the directory gives", e.name)));
        }
        if crc32fast::hash(&out) != e.crc {
            return Err(Error::malformed(f, e.data.start as u64, format!("{}: the checksum does not match", e.name)));
        }
        Ok(out)
    }
}

/// The end of central directory record: the last one whose comment ends the
/// file exactly, or else the last one at all (what follows is a trailer).
/// Returns its offset and its length with the comment.
fn find_end(b: &[u8], f: Format) -> Result<(usize, usize)> {
    let lowest = b.len().saturating_sub(22 + 0xFFFF);
    let mut loose = None;
    let mut at = b.len().checked_sub(22).ok_or_else(|| Error::truncated(f, b.len() as u64, "no end of central directory"))?;
    loop {
        if b.get(at..at + 4) == Some(END) {
            let len = 22 + usize::from(u16_at(b, at + 20).unwrap_or(0));
            if at + len == b.len() {
                return Ok((at, len));
            }
            if at + len < b.len() && loose.is_none() {
                loose = Some((at, len));
            }
        }
        if at == lowest {
            break;
        }
        at -= 1;
    }
    loose.ok_or_else(|| Error::truncated(f, b.len() as u64, "no end of central directory: the archive is cut short or not a ZIP"))
}

/// One central directory header at `pos`, checked against its local header.
/// Returns the entry and where the next header starts.
fn central_entry(b: &[u8], pos: usize, f: Format) -> Result<(Entry, usize)> {
    let head = b.get(pos..pos + 46).ok_or_else(|| Error::truncated(f, pos as u64, "central directory header"))?;
    if &head[..4] != CENTRAL {
        return Err(Error::malformed(f, pos as u64, "not a central directory header"));
    }
    let flags = u16_at(head, 8).unwrap_or(0);
    let method = u16_at(head, 10).unwrap_or(0);
    let crc = u32_at(head, 16).unwrap_or(0);
    let dos_time = u32::from(u16_at(head, 14).unwrap_or(0)) << 16 | u32::from(u16_at(head, 12).unwrap_or(0));
    let mut csize = u64::from(u32_at(head, 20).unwrap_or(0));
    let mut size = u64::from(u32_at(head, 24).unwrap_or(0));
    let name_len = usize::from(u16_at(head, 28).unwrap_or(0));
    let extra_len = usize::from(u16_at(head, 30).unwrap_or(0));
    let comment_len = usize::from(u16_at(head, 32).unwrap_or(0));
    let disk = u16_at(head, 34).unwrap_or(0);
    let mut offset = u64::from(u32_at(head, 42).unwrap_or(0));
    let name_at = pos + 46;
    let raw_name = b.get(name_at..name_at + name_len).ok_or_else(|| Error::truncated(f, name_at as u64, "entry name"))?;
    let extra = b.get(name_at + name_len..name_at + name_len + extra_len).ok_or_else(|| Error::truncated(f, name_at as u64, "extra field"))?;
    let next = name_at + name_len + extra_len + comment_len;
    if next > b.len() {
        return Err(Error::truncated(f, name_at as u64, "entry comment"));
    }
    let utf8 = flags & FLAG_UTF8 != 0;
    let name = match std::str::from_utf8(raw_name) {
        Ok(s) => s.to_string(),
        Err(_) if utf8 => return Err(Error::malformed(f, name_at as u64, "an entry name that is not UTF-8")),
        Err(_) => crate::bytes::latin1(raw_name),
    };
    if flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED) != 0 {
        return Err(Error::unsupported(Some(f), format!("{name} is encrypted (the document is protected by a password)")));
    }
    // Zip64 extended information (APPNOTE 4.5.3): only the fields that overflowed, in order.
    if size == 0xFFFF_FFFF || csize == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
        let mut fields = zip64_field(extra).ok_or_else(|| Error::malformed(f, name_at as u64, "Zip64 sizes missing"))?.chunks_exact(8);
        let mut next64 = |v: &mut u64| -> Result<()> {
            if *v == 0xFFFF_FFFF {
                let c = fields.next().ok_or_else(|| Error::malformed(f, name_at as u64, "Zip64 sizes missing"))?;
                *v = u64::from_le_bytes(c.try_into().unwrap_or([0xFF; 8]));
            }
            Ok(())
        };
        next64(&mut size)?;
        next64(&mut csize)?;
        next64(&mut offset)?;
    }
    if disk != 0 && disk != 0xFFFF {
        return Err(Error::unsupported(Some(f), "an archive split over several disks"));
    }
    if size > MAX_ENTRY_SIZE {
        return Err(Error::limit(f, name_at as u64, format!("{name} is {} MB uncompressed; the limit is {} MB", size >> 20, MAX_ENTRY_SIZE >> 20)));
    }
    if method == STORED && csize != size {
        return Err(Error::malformed(f, name_at as u64, format!("{name}: stored with two different sizes")));
    }
    // The local header: same name, same method; its data follows its own name and extra field.
    let header = to_usize(offset, f, pos, "entry beyond memory")?;
    let local = b.get(header..header.saturating_add(30)).ok_or_else(|| Error::truncated(f, header as u64, "local header"))?;
    if &local[..4] != LOCAL {
        return Err(Error::malformed(f, header as u64, format!("{name}: no local header where the directory says")));
    }
    let l_method = u16_at(local, 8).unwrap_or(0);
    let l_name_len = usize::from(u16_at(local, 26).unwrap_or(0));
    let l_extra_len = usize::from(u16_at(local, 28).unwrap_or(0));
    if l_method != method || b.get(header + 30..header + 30 + l_name_len) != Some(raw_name) {
        return Err(Error::malformed(f, header as u64, format!("{name}: the local header disagrees with the directory")));
    }
    let start = header + 30 + l_name_len + l_extra_len;
    let len = to_usize(csize, f, pos, "entry beyond memory")?;
    let end = start.checked_add(len).filter(|&e| e <= b.len()).ok_or_else(|| Error::truncated(f, start as u64, format!("{name}: data cut short")))?;
    let entry = Entry {
        raw_name: raw_name.to_vec(),
        name,
        utf8,
        method,
        crc,
        size,
        data: start..end,
        header,
        comment_len,
        extra_len: extra_len.max(l_extra_len),
        dos_time,
    };
    Ok((entry, next))
}

/// The payload of the Zip64 extra field (header ID 0x0001), if present.
fn zip64_field(mut extra: &[u8]) -> Option<&[u8]> {
    while extra.len() >= 4 {
        let id = u16_at(extra, 0)?;
        let len = usize::from(u16_at(extra, 2)?);
        let body = extra.get(4..4 + len)?;
        if id == 1 {
            return Some(body);
        }
        extra = extra.get(4 + len..)?;
    }
    None
}

/// Raw deflate that must produce exactly `size` bytes and consume all of `data`.
fn inflate_exact(data: &[u8], size: u64, f: Format, at: usize) -> Result<Vec<u8>> {
    use miniz_oxide::inflate::stream::{inflate, InflateState};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};
    let size = to_usize(size, f, at, "entry beyond memory")?;
    // One byte more than declared, to notice a stream that is longer.
    let mut out = vec![0u8; size + 1];
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    let r = inflate(&mut state, data, &mut out, MZFlush::Finish);
    match r.status {
        Ok(MZStatus::StreamEnd) if r.bytes_written == size && r.bytes_consumed == data.len() => {
            out.truncate(size);
            Ok(out)
        }
        Ok(MZStatus::StreamEnd) if r.bytes_consumed != data.len() => Err(Error::malformed(f, at as u64, "data after the end of a compressed entry")),
        _ if r.bytes_written > size => Err(Error::malformed(f, at as u64, "an entry larger than the directory says")),
        _ => Err(Error::malformed(f, at as u64, "compressed data is damaged or cut short")),
    }
}

/// Deflate level for rewritten XML: miniz's default, the usual balance.
const LEVEL: u8 = 6;

/// Where the bytes of one written entry come from.
pub enum Data<'p> {
    /// New contents, compressed here (XML) or stored (already compressed media).
    New { bytes: Vec<u8>, compress: bool },
    /// An unchanged entry: its compressed bytes are copied from the input.
    Unchanged(&'p Entry),
    /// Contents built by a plan over a stored entry's bytes in the input
    /// (a cleaned picture): copied ranges of the input and inserted bytes.
    Planned { within: &'p Entry, plan: CleanPlan },
}

/// Writes a new archive as a plan over the input: headers are inserted,
/// unchanged data is copied.
pub struct Writer<'a> {
    input: &'a [u8],
    plan: PlanBuilder,
    offset: u64,
    central: Vec<u8>,
    count: u64,
    format: Format,
}

impl<'a> Writer<'a> {
    pub fn new(input: &'a [u8], format: Format) -> Self {
        Writer { input, plan: PlanBuilder::new(input.len() as u64), offset: 0, central: Vec::new(), count: 0, format }
    }

    /// Add an entry (in input order, so copied ranges only go forwards).
    pub fn add(&mut self, raw_name: &[u8], utf8: bool, data: Data<'_>) -> Result<()> {
        let (method, crc, size, csize) = match &data {
            Data::New { bytes, compress } => {
                let crc = crc32fast::hash(bytes);
                if *compress {
                    let packed = miniz_oxide::deflate::compress_to_vec(bytes, LEVEL);
                    let sizes = (DEFLATED, crc, bytes.len() as u64, packed.len() as u64);
                    self.header(raw_name, utf8, sizes)?;
                    self.plan.insert(&packed);
                    return self.advance(sizes.3);
                }
                (STORED, crc, bytes.len() as u64, bytes.len() as u64)
            }
            Data::Unchanged(e) => (e.method, e.crc, e.size, (e.data.end - e.data.start) as u64),
            Data::Planned { within, plan } => {
                let mut h = crc32fast::Hasher::new();
                for op in plan.ops() {
                    match op {
                        Op::Copy { start, end } => {
                            let (s, e) = (within.data.start as u64 + start, within.data.start as u64 + end);
                            h.update(self.input.get(s as usize..e as usize).ok_or_else(|| Error::invalid_argument("copy outside the entry"))?)
                        }
                        Op::Insert(b) => h.update(b),
                        Op::Zeros(n) => {
                            for _ in 0..*n / 4096 {
                                h.update(&[0; 4096]);
                            }
                            h.update(&vec![0; (*n % 4096) as usize]);
                        }
                    }
                }
                (STORED, h.finalize(), plan.output_len(), plan.output_len())
            }
        };
        self.header(raw_name, utf8, (method, crc, size, csize))?;
        match data {
            Data::New { bytes, .. } => self.plan.insert(&bytes),
            Data::Unchanged(e) => self.plan.copy_range(e.data.clone())?,
            Data::Planned { within, plan } => {
                let base = within.data.start as u64;
                for op in plan.ops() {
                    match op {
                        Op::Copy { start, end } => self.plan.copy(base + start, base + end)?,
                        Op::Insert(b) => self.plan.insert(b),
                        Op::Zeros(n) => self.plan.zeros(*n),
                    }
                }
            }
        }
        self.advance(csize)
    }

    fn advance(&mut self, n: u64) -> Result<()> {
        self.offset = self.offset.checked_add(n).ok_or_else(|| Error::limit(self.format, 0, "output too large"))?;
        Ok(())
    }

    /// A local header and its central directory twin, with nothing but the
    /// name, method, sizes and checksum (APPNOTE 4.3.7, 4.3.12).
    fn header(&mut self, name: &[u8], utf8: bool, (method, crc, size, csize): (u16, u32, u64, u64)) -> Result<()> {
        let f = self.format;
        let too_big = |_| Error::limit(f, 0, "the cleaned document would need Zip64, which Silbato does not write");
        let (size32, csize32, offset32) =
            (u32::try_from(size).map_err(too_big)?, u32::try_from(csize).map_err(too_big)?, u32::try_from(self.offset).map_err(too_big)?);
        let name_len = u16::try_from(name.len()).map_err(|_| Error::limit(f, 0, "an entry name longer than a ZIP allows"))?;
        if size32 == u32::MAX || csize32 == u32::MAX || offset32 == u32::MAX {
            return Err(Error::limit(f, 0, "the cleaned document would need Zip64, which Silbato does not write"));
        }
        let version: u16 = if method == DEFLATED { 20 } else { 10 };
        let flags: u16 = if utf8 { FLAG_UTF8 } else { 0 };
        let mut local = Vec::with_capacity(30 + name.len());
        local.extend_from_slice(LOCAL);
        for v in [version, flags, method, DOS_TIME, DOS_DATE] {
            local.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, csize32, size32] {
            local.extend_from_slice(&v.to_le_bytes());
        }
        local.extend_from_slice(&name_len.to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes());
        local.extend_from_slice(name);
        let c = &mut self.central;
        c.extend_from_slice(CENTRAL);
        // Version made by: 2.0 on MS-DOS (attributes mean nothing then).
        for v in [20u16, version, flags, method, DOS_TIME, DOS_DATE] {
            c.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, csize32, size32] {
            c.extend_from_slice(&v.to_le_bytes());
        }
        // Name length, extra length, comment length, disk, internal attributes.
        for v in [name_len, 0, 0, 0, 0] {
            c.extend_from_slice(&v.to_le_bytes());
        }
        c.extend_from_slice(&0u32.to_le_bytes());
        c.extend_from_slice(&offset32.to_le_bytes());
        c.extend_from_slice(name);
        self.plan.insert(&local);
        self.count += 1;
        self.advance(local.len() as u64)
    }

    /// The central directory and end record; the plan of the whole archive.
    pub fn finish(mut self) -> Result<CleanPlan> {
        let f = self.format;
        let too_big = || Error::limit(f, 0, "the cleaned document would need Zip64, which Silbato does not write");
        let count = u16::try_from(self.count).ok().filter(|&c| c != u16::MAX).ok_or_else(too_big)?;
        let cd_size = u32::try_from(self.central.len()).map_err(|_| too_big())?;
        let cd_offset = u32::try_from(self.offset).ok().filter(|&o| o != u32::MAX).ok_or_else(too_big)?;
        let mut end = Vec::with_capacity(22);
        end.extend_from_slice(END);
        for v in [0u16, 0, count, count] {
            end.extend_from_slice(&v.to_le_bytes());
        }
        end.extend_from_slice(&cd_size.to_le_bytes());
        end.extend_from_slice(&cd_offset.to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        let central = std::mem::take(&mut self.central);
        self.plan.insert(&central);
        self.plan.insert(&end);
        Ok(self.plan.finish())
    }
}
