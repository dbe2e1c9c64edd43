//! Ogg audio (RFC 3533 pages) with one logical stream of Vorbis (Vorbis I
//! specification §4.2, §A), Opus (RFC 7845), Speex (Speex manual §7) or
//! FLAC (the FLAC-to-Ogg mapping, RFC 9639 §10.1).
//!
//! Tags live in the second header packet (a Vorbis comment list, with
//! pictures as base64 fields); it is replaced by an empty list. The header
//! pages after the first are rebuilt around it with fresh CRCs (RFC 3533
//! §6), and the rest is copied byte for byte.
//!
//! Page sequence numbers: every page carries one, and the audio pages'
//! checksums cover it, so renumbering them would mean rewriting (and
//! reading) every page of the file. Instead the new header packets are laid
//! over exactly as many pages as the old ones took, with the same sequence
//! numbers; when the new packets are too short to give each page a lacing
//! value, the comment packet is padded with zero bytes after its list
//! (ignored by decoders; RFC 7845 §5.2 names them padding; FLAC gets a
//! PADDING block instead). Audio pages then keep their numbers and
//! checksums and are never read.

use std::ops::Range;

use crate::container::audio::flac::{block_header, report_block_bytes, PADDING, VORBIS_COMMENT};
use crate::container::audio::{strip_trailing_tags, Reads, MAX_META_READ};
use crate::container::{Container, Depth};
use crate::error::{Error, Result};
use crate::payload::vorbis;
use crate::plan::{CleanPlan, PlanBuilder};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};
use crate::source::Source;

pub struct Ogg;

/// Header pages after the first (a 16 MB comment with cover art takes 258).
pub const MAX_HEADER_PAGES: usize = 1024;
/// Header packets of an Ogg FLAC stream.
pub const MAX_HEADER_PACKETS: usize = 256;
/// The largest page: 27-byte header, 255 lacing values, 255 × 255 bytes.
const MAX_PAGE: u64 = 27 + 255 + 255 * 255;

const FLAG_CONTINUED: u8 = 1;
const FLAG_BOS: u8 = 2;
const FLAG_EOS: u8 = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Codec {
    Vorbis,
    Opus,
    Speex,
    Flac,
}

impl Codec {
    fn of(id: &[u8]) -> Option<Codec> {
        if id.starts_with(b"\x01vorbis") {
            Some(Codec::Vorbis)
        } else if id.starts_with(b"OpusHead") {
            Some(Codec::Opus)
        } else if id.starts_with(b"Speex   ") {
            Some(Codec::Speex)
        } else if id.starts_with(b"\x7FFLAC") {
            Some(Codec::Flac)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            Codec::Vorbis => "Vorbis",
            Codec::Opus => "Opus",
            Codec::Speex => "Speex",
            Codec::Flac => "FLAC",
        }
    }
}

// ---- pages ---------------------------------------------------------------

/// RFC 3533 §6: CRC-32 with polynomial 0x04C11DB7, no reflection, initial
/// value 0, over the whole page with its checksum field zeroed.
const CRC_TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut r = (i as u32) << 24;
        let mut j = 0;
        while j < 8 {
            r = if r & 0x8000_0000 != 0 { (r << 1) ^ 0x04C1_1DB7 } else { r << 1 };
            j += 1;
        }
        t[i] = r;
        i += 1;
    }
    t
};

fn crc(page: &[u8]) -> u32 {
    page.iter().enumerate().fold(0u32, |c, (i, &b)| {
        let b = if (22..26).contains(&i) { 0 } else { b };
        (c << 8) ^ CRC_TABLE[((c >> 24) as u8 ^ b) as usize]
    })
}

/// One page, whole.
struct Page {
    start: u64,
    bytes: Vec<u8>,
}

impl Page {
    fn flags(&self) -> u8 {
        self.bytes[5]
    }
    fn serial(&self) -> u32 {
        u32::from_le_bytes([self.bytes[14], self.bytes[15], self.bytes[16], self.bytes[17]])
    }
    fn seq(&self) -> u32 {
        u32::from_le_bytes([self.bytes[18], self.bytes[19], self.bytes[20], self.bytes[21]])
    }
    fn lacing(&self) -> &[u8] {
        &self.bytes[27..27 + self.bytes[26] as usize]
    }
    fn body(&self) -> &[u8] {
        &self.bytes[27 + self.bytes[26] as usize..]
    }
    fn end(&self) -> u64 {
        self.start + self.bytes.len() as u64
    }
}

/// The length a page at the start of `b` declares (header, lacing, body).
fn declared_len(b: &[u8]) -> Option<usize> {
    if b.get(..5)? != b"OggS\0" {
        return None;
    }
    let n = *b.get(26)? as usize;
    Some(27 + n + b.get(27..27 + n)?.iter().map(|&l| l as usize).sum::<usize>())
}

/// The length of the page at the start of `b`, if one is there whole with a
/// correct checksum.
fn page_len(b: &[u8]) -> Option<usize> {
    let len = declared_len(b)?;
    let page = b.get(..len)?;
    (crc(page) == u32::from_le_bytes([page[22], page[23], page[24], page[25]])).then_some(len)
}

/// Where in `tail` the last page starts: the latest `OggS` whose page ends
/// exactly at the end with a good checksum. Only a few candidates that
/// reach the end are checksummed, so a tail full of `OggS` costs little.
fn last_page(tail: &[u8]) -> Option<usize> {
    memchr::memmem::rfind_iter(tail, b"OggS")
        .filter(|&i| declared_len(&tail[i..]) == Some(tail.len() - i))
        .take(16)
        .find(|&i| page_len(&tail[i..]).is_some())
}

fn read_page(r: &mut Reads, f: Format, at: u64) -> Result<Page> {
    let h = r.get(at, 27, "page header")?;
    if &h[..4] != b"OggS" || h[4] != 0 {
        return Err(Error::malformed(f, at, "not an Ogg page where one should be"));
    }
    let n = u64::from(h[26]);
    let body: u64 = r.get(at + 27, n, "lacing values")?.iter().map(|&l| u64::from(l)).sum();
    let bytes = r.get(at, 27 + n + body, "page")?.to_vec();
    if crc(&bytes) != u32::from_le_bytes([bytes[22], bytes[23], bytes[24], bytes[25]]) {
        return Err(Error::malformed(f, at, "a page whose checksum is wrong"));
    }
    Ok(Page { start: at, bytes })
}

// ---- the walk ------------------------------------------------------------

struct Walk {
    codec: Codec,
    serial: u32,
    /// The first page as it is, or rebuilt (Ogg FLAC counts its header packets there).
    page0: Range<u64>,
    /// Sequence numbers, granule positions and flags of the header pages after the first.
    header_pages: Vec<(u32, u8)>,
    /// The header packets after the first, as they are (the comment packet
    /// is replaced): Vorbis's setup packet, Ogg FLAC's blocks.
    packets: Vec<Vec<u8>>,
    /// Where the audio pages start and end.
    audio: Range<u64>,
    first_page: Vec<u8>,
}

fn walk(src: &dyn Source, f: Format, cx: &mut Collector) -> Result<Walk> {
    let mut r = Reads::new(src, f);
    let len = r.len();
    let p0 = read_page(&mut r, f, 0)?;
    let lacing = p0.lacing();
    // RFC 7845 §3, Vorbis I §A.2: the first page holds the identification header alone.
    let one_packet = lacing.last().is_some_and(|&l| l < 255) && lacing.iter().rev().skip(1).all(|&l| l == 255);
    if p0.flags() & (FLAG_BOS | FLAG_CONTINUED) != FLAG_BOS || !one_packet {
        return Err(Error::malformed(f, 0, "the first page does not hold exactly the stream's first header"));
    }
    let id = p0.body().to_vec();
    let codec = Codec::of(&id).ok_or_else(|| Error::unsupported(Some(f), "an Ogg stream that is not Vorbis, Opus, Speex or FLAC audio"))?;
    let serial = p0.serial();
    // How many header packets, the first included.
    let mut needed = match codec {
        Codec::Vorbis => 3,
        Codec::Opus => 2,
        Codec::Speex => {
            let extra = id.get(76..80).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).unwrap_or(0);
            if extra != 0 {
                return Err(Error::unsupported(Some(f), "a Speex stream with extra headers, which Silbato does not clean yet"));
            }
            2
        }
        // RFC 9639 §10.1: 0x7F "FLAC", version, the number of header packets that follow (0: unknown), "fLaC", STREAMINFO.
        Codec::Flac => {
            if id.len() < 51 || &id[9..13] != b"fLaC" {
                return Err(Error::malformed(f, 0, "an Ogg FLAC header that is too short"));
            }
            match u16::from_be_bytes([id[7], id[8]]) {
                0 => usize::MAX,
                n => 1 + usize::from(n),
            }
        }
    };
    let mut packets: Vec<Vec<u8>> = vec![id];
    let mut cur: Vec<u8> = Vec::new();
    let mut header_pages = Vec::new();
    let mut total = 0u64;
    let mut pos = p0.end();
    while packets.len() < needed {
        if header_pages.len() >= MAX_HEADER_PAGES {
            return Err(Error::limit(f, pos, "more header pages than any real file has"));
        }
        let p = read_page(&mut r, f, pos)?;
        if p.serial() != serial || p.flags() & FLAG_BOS != 0 {
            return Err(Error::unsupported(
                Some(f),
                "an Ogg file with several streams (a video, or recordings chained together), which Silbato does not clean yet",
            ));
        }
        if (p.flags() & FLAG_CONTINUED != 0) == cur.is_empty() {
            return Err(Error::malformed(f, pos, "a page whose continuation flag does not match the packets"));
        }
        total += p.body().len() as u64;
        if total > MAX_META_READ {
            return Err(Error::limit(f, pos, format!("header packets larger than {} MB", MAX_META_READ >> 20)));
        }
        let mut at = 0usize;
        let lacing = p.lacing().to_vec();
        for (i, &l) in lacing.iter().enumerate() {
            cur.extend_from_slice(p.body().get(at..at + l as usize).unwrap_or(&[]));
            at += l as usize;
            if l < 255 {
                let packet = std::mem::take(&mut cur);
                if codec == Codec::Flac && packets.len() >= MAX_HEADER_PACKETS {
                    return Err(Error::limit(f, pos, "more header packets than any real file has"));
                }
                // Ogg FLAC with an unknown count: the block with the last-block flag ends the headers.
                if codec == Codec::Flac && needed == usize::MAX && packet.first().is_some_and(|b| b & 0x80 != 0) {
                    needed = packets.len() + 1;
                }
                packets.push(packet);
                if packets.len() == needed && i + 1 != lacing.len() {
                    return Err(Error::unsupported(Some(f), "audio that starts on a header page, which Silbato does not clean yet"));
                }
            }
        }
        header_pages.push((p.seq(), p.flags()));
        pos = p.end();
    }
    report(codec, &packets, f, cx)?;
    // The end: tags some programs append, then the last page, which must end the file.
    let end = strip_trailing_tags(&mut r, f, pos, len, cx)?;
    if end > pos {
        let span = (end - pos).min(MAX_PAGE);
        let tail = r.get(end - span, span, "last page")?.to_vec();
        let Some(i) = last_page(&tail) else {
            return Err(Error::malformed(f, end - span, "the file does not end with a whole Ogg page"));
        };
        let serial_at = &tail[i + 14..i + 18];
        if u32::from_le_bytes([serial_at[0], serial_at[1], serial_at[2], serial_at[3]]) != serial {
            return Err(Error::unsupported(
                Some(f),
                "an Ogg file with several streams (a video, or recordings chained together), which Silbato does not clean yet",
            ));
        }
    }
    packets.remove(0);
    Ok(Walk { codec, serial, page0: 0..p0.end(), header_pages, packets, audio: pos..end, first_page: p0.bytes })
}

/// Say what the header packets hold.
fn report(codec: Codec, packets: &[Vec<u8>], f: Format, cx: &mut Collector) -> Result<()> {
    let comment = packets.get(1).map(Vec::as_slice).unwrap_or(&[]);
    let name = codec.name();
    match codec {
        Codec::Vorbis => {
            let list = comment.strip_prefix(b"\x03vorbis").ok_or_else(|| Error::malformed(f, 0, "the second Vorbis header is not the comments"))?;
            vorbis::scan(list, name, cx);
            if !packets.get(2).is_some_and(|p| p.starts_with(b"\x05vorbis")) {
                return Err(Error::malformed(f, 0, "the third Vorbis header is not the setup"));
            }
        }
        Codec::Opus => {
            let list = comment.strip_prefix(b"OpusTags").ok_or_else(|| Error::malformed(f, 0, "the second Opus header is not the tags"))?;
            let used = vorbis::scan(list, name, cx);
            // RFC 7845 §5.2: data after the list whose first byte has its low bit set is meant to be kept.
            if list.get(used).is_some_and(|b| b & 1 == 1) {
                cx.add(Reveal::UnknownData, "Opus:ExtraData", format!("{} bytes after the tags", list.len() - used));
            }
        }
        Codec::Speex => {
            vorbis::scan(comment, name, cx);
        }
        Codec::Flac => {
            // RFC 9639 §10.1: the first block after STREAMINFO is the comments.
            if comment.first().map(|b| b & 0x7F) != Some(VORBIS_COMMENT) {
                return Err(Error::malformed(f, 0, "the second Ogg FLAC header is not the comments"));
            }
            for block in packets.get(1..).unwrap_or(&[]) {
                let typ = block.first().map_or(127, |b| b & 0x7F);
                if typ == 0 || typ == 127 {
                    return Err(Error::malformed(f, 0, "an invalid metadata block in the headers"));
                }
                report_block_bytes(typ, block.get(4..).unwrap_or(&[]), cx);
            }
        }
    }
    Ok(())
}

/// Lacing values of a packet (RFC 3533 §5): 255 for each full segment, then the rest (possibly 0).
fn lacing_of(len: usize) -> impl Iterator<Item = u8> {
    std::iter::repeat_n(255u8, len / 255).chain(std::iter::once((len % 255) as u8))
}

/// The new header packets after the first, padded so that they fill `pages` pages.
fn new_packets(w: &Walk) -> Vec<Vec<u8>> {
    let empty_list = [0u8; 8];
    let mut out: Vec<Vec<u8>> = match w.codec {
        Codec::Vorbis => vec![[&b"\x03vorbis"[..], &empty_list, &[1]].concat(), w.packets.get(1).cloned().unwrap_or_default()],
        Codec::Opus => vec![[&b"OpusTags"[..], &empty_list].concat()],
        Codec::Speex => vec![empty_list.to_vec()],
        Codec::Flac => {
            let mut c = block_header(VORBIS_COMMENT, true, 8).to_vec();
            c.extend_from_slice(&empty_list);
            vec![c]
        }
    };
    let segments: usize = out.iter().map(|p| p.len() / 255 + 1).sum();
    let missing = w.header_pages.len().saturating_sub(segments);
    if missing > 0 {
        if w.codec == Codec::Flac {
            // A PADDING block as its own packet, which then ends the headers.
            if let Some(c) = out.first_mut() {
                c[0] &= 0x7F;
            }
            let size = missing * 255;
            let mut p = block_header(PADDING, true, size as u64 - 4).to_vec();
            p.resize(size, 0);
            out.push(p);
        } else if let Some(c) = out.first_mut() {
            c.resize(c.len() + missing * 255, 0);
        }
    }
    out
}

/// Lay `packets` over pages with these sequence numbers and flags.
fn pages(w: &Walk, packets: &[Vec<u8>]) -> Result<Vec<u8>> {
    let lacing: Vec<u8> = packets.iter().flat_map(|p| lacing_of(p.len())).collect();
    let n = w.header_pages.len();
    if n == 0 || lacing.len() < n || lacing.len() > 255 * n {
        return Err(Error::invalid_argument("the new headers do not fit the old header pages"));
    }
    let data: Vec<u8> = packets.concat();
    let (base, extra) = (lacing.len() / n, lacing.len() % n);
    let mut out = Vec::new();
    let (mut seg, mut at) = (0usize, 0usize);
    let mut continued = false;
    for (i, &(seq, old_flags)) in w.header_pages.iter().enumerate() {
        let count = base + usize::from(i < extra);
        let lv = &lacing[seg..seg + count];
        let body_len: usize = lv.iter().map(|&l| l as usize).sum();
        let ends_packet = lv.iter().any(|&l| l < 255);
        // Opus headers carry granule position 0 (RFC 7845 §3); elsewhere a page
        // on which no packet ends has -1 (RFC 3533 §6).
        let granule = if ends_packet || w.codec == Codec::Opus { 0u64 } else { u64::MAX };
        let mut flags = if continued { FLAG_CONTINUED } else { 0 };
        if i + 1 == n {
            flags |= old_flags & FLAG_EOS;
        }
        let mut page = b"OggS\0".to_vec();
        page.push(flags);
        page.extend_from_slice(&granule.to_le_bytes());
        page.extend_from_slice(&w.serial.to_le_bytes());
        page.extend_from_slice(&seq.to_le_bytes());
        page.extend_from_slice(&[0; 4]);
        page.push(count as u8);
        page.extend_from_slice(lv);
        page.extend_from_slice(&data[at..at + body_len]);
        let c = crc(&page);
        page[22..26].copy_from_slice(&c.to_le_bytes());
        out.extend(page);
        continued = lv.last() == Some(&255);
        seg += count;
        at += body_len;
    }
    Ok(out)
}

impl Container for Ogg {
    const FORMATS: &'static [Format] = &[Format::Ogg, Format::Opus];

    fn sniff(head: &[u8]) -> Option<Format> {
        if head.get(..5) != Some(b"OggS\0") || head.get(5).is_none_or(|f| f & FLAG_BOS == 0) {
            return None;
        }
        let first = head.get(27 + *head.get(26)? as usize..)?;
        match Codec::of(first)? {
            Codec::Opus => Some(Format::Opus),
            _ => Some(Format::Ogg),
        }
    }

    fn inspect(src: &dyn Source, format: Format, cx: &mut Collector, _depth: Depth) -> Result<()> {
        walk(src, format, cx).map(|_| ())
    }

    fn plan_clean(src: &dyn Source, format: Format, cx: &mut Collector) -> Result<CleanPlan> {
        let w = walk(src, format, cx)?;
        let mut plan = PlanBuilder::new(src.len());
        if w.codec == Codec::Flac {
            // The first page says how many header packets follow: count them anew.
            let mut p0 = w.first_page.clone();
            let body = 27 + p0[26] as usize;
            let count = new_packets(&w).len() as u16;
            p0[body + 7..body + 9].copy_from_slice(&count.to_be_bytes());
            let c = crc(&p0);
            p0[22..26].copy_from_slice(&c.to_le_bytes());
            plan.insert(&p0);
        } else {
            plan.copy(w.page0.start, w.page0.end)?;
        }
        if !w.header_pages.is_empty() {
            plan.insert(&pages(&w, &new_packets(&w))?);
        }
        plan.copy(w.audio.start, w.audio.end)?;
        Ok(plan.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::audio::tests::plan_by_ranges;
    use crate::report::Category;
    use crate::reveal::Options;

    /// Pages of one stream from packets, `per_page` packets a page, as a muxer would.
    fn stream(packets: &[Vec<u8>], serial: u32, first_seq: u32, bos: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut seq = first_seq;
        for (k, p) in packets.iter().enumerate() {
            let lv: Vec<u8> = lacing_of(p.len()).collect();
            let mut seg = 0;
            let mut at = 0;
            let mut first = true;
            while seg < lv.len() {
                let count = (lv.len() - seg).min(255);
                let slice = &lv[seg..seg + count];
                let body: usize = slice.iter().map(|&l| l as usize).sum();
                let mut flags = if first { 0 } else { FLAG_CONTINUED };
                if bos && k == 0 {
                    flags |= FLAG_BOS;
                }
                let mut page = b"OggS\0".to_vec();
                page.push(flags);
                page.extend_from_slice(&(if slice.last() == Some(&255) { u64::MAX } else { k as u64 * 960 }).to_le_bytes());
                page.extend_from_slice(&serial.to_le_bytes());
                page.extend_from_slice(&seq.to_le_bytes());
                page.extend_from_slice(&[0; 4]);
                page.push(count as u8);
                page.extend_from_slice(slice);
                page.extend_from_slice(&p[at..at + body]);
                let c = crc(&page);
                page[22..26].copy_from_slice(&c.to_le_bytes());
                out.extend(page);
                seq += 1;
                seg += count;
                at += body;
                first = false;
            }
        }
        out
    }

    fn opus(comment_fields: &[&str], picture_bytes: usize) -> (Vec<u8>, Vec<u8>) {
        let head = b"OpusHead\x01\x01\x38\x01\x80\xBB\0\0\0\0\0".to_vec();
        let mut fields: Vec<String> = comment_fields.iter().map(|s| s.to_string()).collect();
        fields.push(format!("COMMENT={}", "x".repeat(picture_bytes)));
        let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
        let tags = [&b"OpusTags"[..], &vorbis::build("libopus 1.4", &refs)].concat();
        let audio_packets: Vec<Vec<u8>> = (0..5).map(|i| vec![0xFC, i as u8, 1, 2, 3]).collect();
        let headers = [stream(&[head], 7, 0, true), stream(&[tags], 7, 1, false)].concat();
        let seq = 1 + (picture_bytes / 65025) as u32 + 1;
        let audio = stream(&audio_packets, 7, seq, false);
        (headers, audio)
    }

    #[test]
    fn opus_tags_are_emptied_and_audio_pages_kept() {
        let (headers, audio) = opus(&["ARTIST=Ana Example", "LOCATION=Lake Street"], 10);
        let input = [headers.clone(), audio.clone()].concat();
        assert_eq!(crate::sniff(&input), Some(Format::Opus));
        let c = crate::clean(&input, &Options::default()).unwrap();
        assert!(c.removed.findings.iter().any(|f| f.tag == "Opus:ARTIST" && f.category == Category::Person));
        assert!(c.output.ends_with(&audio));
        assert!(c.output.starts_with(&headers[..47]));
        assert!(c.output.len() < input.len());
        assert_eq!(crate::clean(&c.output, &Options::default()).unwrap().output, c.output);
        let (p, _) = plan_by_ranges(&input);
        assert_eq!(p.unwrap().plan, crate::plan_clean(&input, &Options::default()).unwrap().plan);
    }

    #[test]
    fn a_comment_over_many_pages_keeps_the_page_count() {
        // A 200 KB comment (cover art) spans four pages; the empty one is padded over four.
        let (headers, audio) = opus(&["ARTIST=Ana"], 200_000);
        let input = [headers, audio.clone()].concat();
        let c = crate::clean(&input, &Options::default()).unwrap();
        assert!(c.output.ends_with(&audio));
        let mut r_pages = Vec::new();
        let mut at = 0;
        while at < c.output.len() {
            let n = page_len(&c.output[at..]).expect("every page reads back with a good checksum");
            r_pages.push(u32::from_le_bytes(c.output[at + 18..at + 22].try_into().unwrap()));
            at += n;
        }
        let want: Vec<u32> = (0..r_pages.len() as u32).collect();
        assert_eq!(r_pages, want, "sequence numbers run on without a gap");
    }

    #[test]
    fn vorbis_setup_is_kept_and_several_streams_refused() {
        let id = [&b"\x01vorbis"[..], &[0; 23]].concat();
        let comment = [&b"\x03vorbis"[..], &vorbis::build("Xiph.Org libVorbis", &["TITLE=Meeting"]), &[1]].concat();
        let setup = [&b"\x05vorbis"[..], &vec![0x42; 3000]].concat();
        let mut input = stream(std::slice::from_ref(&id), 9, 0, true);
        // Comment and setup share pages, as libvorbis writes them.
        let both = stream(&[comment, setup.clone()], 9, 1, false);
        input.extend(both);
        let audio = stream(&[vec![1, 2, 3], vec![4, 5]], 9, 4, false);
        input.extend(audio.clone());
        let c = crate::clean(&input, &Options::default()).unwrap();
        assert!(c.removed.findings.iter().any(|f| f.tag == "Vorbis:TITLE"));
        assert!(c.output.ends_with(&audio));
        assert!(memchr::memmem::find(&c.output, &setup[..200]).is_some());
        // A second stream's first page after ours: refused.
        let mut two = stream(&[id], 9, 0, true);
        two.extend(stream(&[b"\x80theora".to_vec()], 10, 0, true));
        assert_eq!(crate::clean(&two, &Options::default()).unwrap_err().kind, crate::ErrorKind::Unsupported);
    }

    #[test]
    fn every_prefix_is_an_error() {
        let (headers, audio) = opus(&["ARTIST=Ana"], 10);
        let input = [headers, audio].concat();
        let page_ends: Vec<usize> = {
            let mut v = Vec::new();
            let mut at = 0;
            while at < input.len() {
                at += page_len(&input[at..]).unwrap();
                v.push(at);
            }
            v
        };
        for cut in 0..input.len() {
            let mut cx = Collector::new(Options::default(), Format::Opus);
            let r = Ogg::plan_clean(&&input[..cut], Format::Opus, &mut cx);
            // Cut between pages after the headers it is a shorter file (or headers alone); anywhere else an error.
            assert_eq!(r.is_ok(), page_ends[1..].contains(&cut), "cut {cut}");
        }
    }
}

#[cfg(test)]
mod hostile {
    use super::*;

    #[test]
    fn max_header_pages() {
        // An Opus comment header continued over more pages than any file has.
        let head = b"OpusHead\x01\x01\x38\x01\x80\xBB\0\0\0\0\0";
        let page = |flags: u8, seq: u32, lacing: &[u8], body: &[u8]| {
            let mut p = b"OggS\0".to_vec();
            p.push(flags);
            p.extend_from_slice(&u64::MAX.to_le_bytes());
            p.extend_from_slice(&7u32.to_le_bytes());
            p.extend_from_slice(&seq.to_le_bytes());
            p.extend_from_slice(&[0; 4]);
            p.push(lacing.len() as u8);
            p.extend_from_slice(lacing);
            p.extend_from_slice(body);
            let c = crc(&p);
            p[22..26].copy_from_slice(&c.to_le_bytes());
            p
        };
        let mut input = page(FLAG_BOS, 0, &[head.len() as u8], head);
        let body = [&b"OpusTags"[..], &[0x41; 247]].concat();
        input.extend(page(0, 1, &[255], &body));
        for seq in 2..(MAX_HEADER_PAGES as u32 + 3) {
            input.extend(page(FLAG_CONTINUED, seq, &[255], &[0x41; 255]));
        }
        assert_eq!(crate::clean(&input, &crate::Options::default()).unwrap_err().kind, crate::ErrorKind::LimitExceeded);
    }

    #[test]
    fn a_tail_full_of_capture_patterns_is_cheap_and_refused() {
        // Every position claims a page reaching the end; none has a good checksum.
        let mut tail = Vec::new();
        while tail.len() < 60_000 {
            tail.extend_from_slice(b"OggS\0\0");
        }
        assert_eq!(last_page(&tail), None);
    }
}
