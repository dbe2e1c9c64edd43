//! ID3 tags (id3.org: ID3v2.2, ID3v2.3.0, ID3v2.4.0 structure and frames;
//! ID3v1 and v1.1): what their frames say about the person who made or
//! tagged a recording. MP3 files carry them at the start (v2) and the end
//! (v1, and v2.4's appended tag); WAV files in an `id3 ` chunk. Reading only:
//! cleaning drops whole tags.

use std::borrow::Cow;

use crate::payload::audio_tags::{decode_latin1_trim, key_reveal, scan_picture};
use crate::reveal::{Collector, Reveal};

/// Frames read per tag (a real tag has tens; a hostile one could claim millions).
pub const MAX_FRAMES: usize = 4096;
/// Nesting of chapter frames (`CHAP`, `CTOC`) that hold frames of their own.
pub const MAX_NESTING: usize = 4;
/// Largest decompressed frame (ID3v2.3 §3.3.1 zlib compression).
pub const MAX_INFLATED: usize = 16 << 20;

/// The 10-byte ID3v2 header: version and the size of what follows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub major: u8,
    pub flags: u8,
    /// Bytes after the header (frames, padding), excluding a v2.4 footer.
    pub size: u32,
}

impl Header {
    /// `ID3`, a version of 2 to 4, and a synchsafe size (ID3v2.4 §3.1).
    /// `None` when these bytes are not an ID3v2 header.
    pub fn parse(b: &[u8]) -> Option<Header> {
        let b = b.get(..10)?;
        if &b[..3] != b"ID3" || !(2..=4).contains(&b[3]) || b[4] == 0xFF || b[6..10].iter().any(|&x| x >= 0x80) {
            return None;
        }
        Some(Header { major: b[3], flags: b[5], size: synchsafe(&b[6..10]) })
    }

    /// The whole tag: header, body and (ID3v2.4 §3.4) a 10-byte footer.
    pub fn total_len(&self) -> u64 {
        let footer = if self.major == 4 && self.flags & 0x10 != 0 { 10 } else { 0 };
        10 + u64::from(self.size) + footer
    }
}

/// The 10-byte footer of an ID3v2.4 tag (`3DI`), which lets a tag appended
/// to the end of a file be found from the end (ID3v2.4 §3.4, §5).
pub fn footer_total_len(b: &[u8]) -> Option<u64> {
    let b = b.get(..10)?;
    if &b[..3] != b"3DI" || b[3] != 4 || b[6..10].iter().any(|&x| x >= 0x80) {
        return None;
    }
    Some(20 + u64::from(synchsafe(&b[6..10])))
}

fn synchsafe(b: &[u8]) -> u32 {
    b.iter().fold(0u32, |a, &x| (a << 7) | u32::from(x & 0x7F))
}

/// Undo unsynchronisation (ID3v2.4 §6.1): every `FF 00` becomes `FF`.
fn resync(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut prev = 0u8;
    for &b in data {
        if !(prev == 0xFF && b == 0) {
            out.push(b);
        }
        prev = b;
    }
    out
}

/// Report what an ID3v2 tag (header included) holds. Damage inside the tag
/// is a warning: the tag is removed whole whatever it holds.
pub fn scan_v2(tag: &[u8], cx: &mut Collector) {
    let Some(h) = Header::parse(tag) else {
        cx.warn("ID3v2: the tag header could not be read; it is removed all the same");
        return;
    };
    let end = (10 + h.size as usize).min(tag.len());
    let body = tag.get(10..end).unwrap_or(&[]);
    if h.major == 2 && h.flags & 0x40 != 0 {
        // ID3v2.2 §3.1: a compression scheme that was never defined.
        cx.add(Reveal::UnknownData, "ID3v2.2", format!("a compressed tag of {} bytes", body.len()));
        return;
    }
    // ID3v2.3 §3.1: one unsynchronisation flag for the whole tag. In v2.4 the
    // same flag means every frame is unsynchronised (§6.1), done per frame.
    let body: Cow<[u8]> = if h.major < 4 && h.flags & 0x80 != 0 { Cow::Owned(resync(body)) } else { Cow::Borrowed(body) };
    let mut at = 0usize;
    if h.major >= 3 && h.flags & 0x40 != 0 {
        // The extended header: its size excludes itself in v2.3 and includes itself (synchsafe) in v2.4.
        let Some(s) = body.get(..4) else { return cx.warn("ID3v2: the extended header is cut short") };
        at = if h.major == 3 { 4 + u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as usize } else { synchsafe(s) as usize };
    }
    let mut frames = 0usize;
    scan_frames(body.get(at..).unwrap_or(&[]), h.major, h.flags & 0x80 != 0, cx, 0, &mut frames);
}

/// Walk frames until the padding (a zero byte where an identifier should be).
fn scan_frames(data: &[u8], major: u8, tag_unsync: bool, cx: &mut Collector, depth: usize, frames: &mut usize) {
    let header_len = if major == 2 { 6 } else { 10 };
    let mut at = 0usize;
    while let Some(head) = data.get(at..at + header_len) {
        if head[0] == 0 {
            return; // padding
        }
        *frames += 1;
        if *frames > MAX_FRAMES {
            cx.warn(format!("ID3v2: more than {MAX_FRAMES} frames; the rest are removed unread"));
            return;
        }
        let id_len = if major == 2 { 3 } else { 4 };
        let id = &head[..id_len];
        if !id.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            cx.warn("ID3v2: a frame identifier could not be read; the rest of the tag is removed unread");
            return;
        }
        let id = String::from_utf8_lossy(id).into_owned();
        let size = match major {
            2 => u32::from_be_bytes([0, head[3], head[4], head[5]]) as usize,
            3 => u32::from_be_bytes([head[4], head[5], head[6], head[7]]) as usize,
            _ => v24_frame_size(data, at),
        };
        let flags = if major == 2 { 0 } else { u16::from_be_bytes([head[8], head[9]]) };
        let start = at + header_len;
        let Some(content) = start.checked_add(size).and_then(|end| data.get(start..end)) else {
            cx.warn(format!("ID3v2: frame {id} runs past the end of the tag"));
            // What can be read of it is still worth reporting.
            frame(&id, major, data.get(start..).unwrap_or(&[]), cx, depth, frames);
            return;
        };
        match frame_content(content, major, flags, tag_unsync) {
            Ok(c) => frame(&id, major, &c, cx, depth, frames),
            Err(why) => cx.add(Reveal::UnknownData, format!("ID3:{id}"), format!("{why}, {size} bytes")),
        }
        at = start + size;
    }
}

/// ID3v2.4 frame sizes are synchsafe (§4.1), but iTunes wrote plain 32-bit
/// sizes for years; taggers accept whichever lands on the next frame.
fn v24_frame_size(data: &[u8], at: usize) -> usize {
    let Some(b) = data.get(at + 4..at + 8) else { return 0 };
    let safe = synchsafe(b) as usize;
    let plain = u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize;
    if safe == plain || b.iter().any(|&x| x >= 0x80) {
        return plain;
    }
    let lands = |size: usize| {
        let next = at + 10 + size;
        next == data.len() || data.get(next).is_some_and(|&c| c == 0 || c.is_ascii_uppercase())
    };
    if lands(safe) || !lands(plain) {
        safe
    } else {
        plain
    }
}

/// A frame's content with its format flags undone: the extra header bytes
/// skipped, unsynchronisation reversed, zlib compression inflated.
fn frame_content(content: &[u8], major: u8, flags: u16, tag_unsync: bool) -> Result<Cow<'_, [u8]>, &'static str> {
    let (compressed, encrypted, skip, unsync) = match major {
        // ID3v2.3 §3.3.1: compression adds the decompressed size, encryption a method byte, grouping an id byte.
        3 => {
            let c = flags & 0x0080 != 0;
            let e = flags & 0x0040 != 0;
            let g = flags & 0x0020 != 0;
            (c, e, 4 * usize::from(c) + usize::from(e) + usize::from(g), false)
        }
        // ID3v2.4 §4.1.2: grouping, compression, encryption, unsynchronisation, data length indicator.
        4 => {
            let g = flags & 0x0040 != 0;
            let dli = flags & 0x0001 != 0;
            (flags & 0x0008 != 0, flags & 0x0004 != 0, usize::from(g) + 4 * usize::from(dli), flags & 0x0002 != 0 || tag_unsync)
        }
        _ => (false, false, 0, false),
    };
    if encrypted {
        return Err("an encrypted frame");
    }
    let body = content.get(skip..).ok_or("a frame shorter than its own header")?;
    let body: Cow<[u8]> = if unsync { Cow::Owned(resync(body)) } else { Cow::Borrowed(body) };
    if compressed {
        let inflated =
            miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&body, MAX_INFLATED).map_err(|_| "a compressed frame that does not inflate")?;
        return Ok(Cow::Owned(inflated));
    }
    Ok(body)
}

/// ID3v2.2 three-character identifiers by their v2.3 names (ID3v2.3 appendix).
fn v22_name(id: &str) -> Option<&'static str> {
    Some(match id {
        "BUF" => "RBUF",
        "CNT" => "PCNT",
        "COM" => "COMM",
        "CRA" => "AENC",
        "ETC" => "ETCO",
        "EQU" => "EQUA",
        "GEO" => "GEOB",
        "IPL" => "IPLS",
        "LNK" => "LINK",
        "MCI" => "MCDI",
        "MLL" => "MLLT",
        "PIC" => "APIC",
        "POP" => "POPM",
        "REV" => "RVRB",
        "RVA" => "RVAD",
        "SLT" => "SYLT",
        "STC" => "SYTC",
        "TAL" => "TALB",
        "TBP" => "TBPM",
        "TCM" => "TCOM",
        "TCO" => "TCON",
        "TCR" => "TCOP",
        "TDA" => "TDAT",
        "TDY" => "TDLY",
        "TEN" => "TENC",
        "TFT" => "TFLT",
        "TIM" => "TIME",
        "TKE" => "TKEY",
        "TLA" => "TLAN",
        "TLE" => "TLEN",
        "TMT" => "TMED",
        "TOA" => "TOPE",
        "TOF" => "TOFN",
        "TOL" => "TOLY",
        "TOR" => "TORY",
        "TOT" => "TOAL",
        "TP1" => "TPE1",
        "TP2" => "TPE2",
        "TP3" => "TPE3",
        "TP4" => "TPE4",
        "TPA" => "TPOS",
        "TPB" => "TPUB",
        "TRC" => "TSRC",
        "TRD" => "TRDA",
        "TRK" => "TRCK",
        "TSI" => "TSIZ",
        "TSS" => "TSSE",
        "TT1" => "TIT1",
        "TT2" => "TIT2",
        "TT3" => "TIT3",
        "TXT" => "TEXT",
        "TXX" => "TXXX",
        "TYE" => "TYER",
        "UFI" => "UFID",
        "ULT" => "USLT",
        "WAF" => "WOAF",
        "WAR" => "WOAR",
        "WAS" => "WOAS",
        "WCM" => "WCOM",
        "WCP" => "WCOP",
        "WPB" => "WPUB",
        "WXX" => "WXXX",
        _ => return None,
    })
}

/// What a text frame (`T???`) holds, by its identifier (ID3v2.4 frames §4.2).
fn text_reveal(id: &str) -> Reveal {
    match id {
        "TPE1" | "TPE2" | "TPE3" | "TPE4" | "TCOM" | "TEXT" | "TOLY" | "TOPE" | "TENC" | "TCOP" | "TPUB" | "TOWN" | "TRSO" | "TSOP" | "TSO2"
        | "TSOC" | "TMCL" | "TIPL" | "TPRO" => Reveal::PersonName,
        "TDRC" | "TYER" | "TDAT" | "TIME" | "TRDA" => Reveal::CaptureTime,
        "TDEN" | "TDTG" | "TDOR" | "TORY" | "TDRL" => Reveal::OtherTime,
        "TSSE" => Reveal::Software,
        "TRCK" | "TPOS" | "TBPM" | "TLEN" | "TKEY" | "TLAN" | "TFLT" | "TMED" | "TDLY" | "TSIZ" | "TCMP" => Reveal::TechnicalNote,
        "TGID" => Reveal::UniqueId,
        _ => Reveal::Caption,
    }
}

/// Text in one of ID3v2's four encodings (§4): ISO-8859-1, UTF-16 with a
/// byte order mark, UTF-16BE, UTF-8. Several values (v2.4) are joined.
fn decode(encoding: u8, bytes: &[u8]) -> String {
    let text = match encoding {
        1 | 2 => {
            let (bytes, big) = match bytes {
                [0xFF, 0xFE, rest @ ..] => (rest, false),
                [0xFE, 0xFF, rest @ ..] => (rest, true),
                _ => (bytes, encoding == 2),
            };
            let units: Vec<u16> =
                bytes.chunks_exact(2).map(|c| if big { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) }).collect();
            String::from_utf16_lossy(&units).replace('\u{FEFF}', "")
        }
        3 => String::from_utf8_lossy(bytes).into_owned(),
        _ => bytes.iter().map(|&b| b as char).collect(),
    };
    let parts: Vec<&str> = text.split('\0').map(str::trim).filter(|p| !p.is_empty()).collect();
    parts.join("; ")
}

/// Split `bytes` at the end of one encoded string (a NUL, or two for UTF-16).
fn split_string(encoding: u8, bytes: &[u8]) -> (&[u8], &[u8]) {
    if matches!(encoding, 1 | 2) {
        let mut i = 0;
        while i + 1 < bytes.len() {
            if bytes[i] == 0 && bytes[i + 1] == 0 {
                return (&bytes[..i], &bytes[i + 2..]);
            }
            i += 2;
        }
        (bytes, &[])
    } else {
        match memchr::memchr(0, bytes) {
            Some(i) => (&bytes[..i], &bytes[i + 1..]),
            None => (bytes, &[]),
        }
    }
}

/// One frame: what it reveals, by its identifier (ID3v2.4 frames §4).
fn frame(raw_id: &str, major: u8, data: &[u8], cx: &mut Collector, depth: usize, frames: &mut usize) {
    let id = if major == 2 { v22_name(raw_id).unwrap_or(raw_id) } else { raw_id };
    let tag = format!("ID3:{id}");
    let enc = data.first().copied().unwrap_or(0);
    let rest = data.get(1..).unwrap_or(&[]);
    match id {
        "TXXX" => {
            let (desc, value) = split_string(enc, rest);
            let desc = decode(enc, desc);
            let value = decode(enc, value);
            let reveal = key_reveal(&desc);
            cx.add_text(reveal, format!("ID3:TXXX:{desc}"), &value);
        }
        t if t.starts_with('T') => cx.add_text(text_reveal(t), tag, &decode(enc, rest)),
        "WXXX" => {
            let (_, url) = split_string(enc, rest);
            cx.add_text(Reveal::Contact, tag, &decode_latin1_trim(url));
        }
        w if w.starts_with('W') => cx.add_text(Reveal::Contact, tag, &decode_latin1_trim(data)),
        "COMM" | "USLT" => {
            // Encoding, language (3 bytes), short description, text.
            let (desc, text) = split_string(enc, rest.get(3..).unwrap_or(&[]));
            let desc = decode(enc, desc);
            let text = decode(enc, text);
            let reveal = if id == "COMM" && desc.to_ascii_lowercase().starts_with("itun") { Reveal::TechnicalNote } else { Reveal::Caption };
            let tag = if desc.is_empty() { tag } else { format!("{tag}:{desc}") };
            cx.add_text(reveal, tag, &text);
        }
        "SYLT" => cx.add(Reveal::Caption, tag, "synchronised lyrics or text"),
        "APIC" => {
            // v2.2: encoding, 3-byte image format, type, description, data.
            // v2.3+: encoding, MIME type (NUL-terminated), type, description, data.
            let (mime, after) = if major == 2 {
                (decode_latin1_trim(rest.get(..3).unwrap_or(&[])), rest.get(3..).unwrap_or(&[]))
            } else {
                let (m, a) = split_string(0, rest);
                (decode_latin1_trim(m), a)
            };
            let (_, picture) = split_string(enc, after.get(1..).unwrap_or(&[]));
            scan_picture(&tag, &mime, picture, cx);
        }
        "GEOB" => {
            let (mime, after) = split_string(0, rest);
            let (name, after) = split_string(enc, after);
            let (_, object) = split_string(enc, after);
            let name = decode(enc, name);
            let mime = decode_latin1_trim(mime);
            let label = if name.is_empty() { mime } else { format!("{name} ({mime})") };
            scan_picture(&format!("{tag}:{label}"), &label, object, cx);
        }
        "PRIV" => {
            let (owner, body) = split_string(0, data);
            let owner = decode_latin1_trim(owner);
            let o = owner.to_ascii_lowercase();
            let tag = format!("ID3:PRIV:{owner}");
            if o == "xmp" {
                crate::payload::xmp::scan(body, cx);
            } else if o.contains("uniquefileidentifier") || o.contains("contentid") || o.contains("collectionid") || o.contains("amazon") {
                cx.add(Reveal::UniqueId, tag, format!("{} bytes", body.len()));
            } else if o.contains("averagelevel") || o.contains("peakvalue") || o.contains("transportstreamtimestamp") {
                cx.add(Reveal::TechnicalNote, tag, format!("{} bytes", body.len()));
            } else {
                cx.add(Reveal::UnknownData, tag, format!("private data, {} bytes", body.len()));
            }
        }
        "UFID" => {
            let (owner, id_bytes) = split_string(0, data);
            let value: String = if id_bytes.iter().all(|b| b.is_ascii_graphic()) {
                String::from_utf8_lossy(id_bytes).into_owned()
            } else {
                id_bytes.iter().take(32).map(|b| format!("{b:02x}")).collect()
            };
            cx.add(Reveal::UniqueId, format!("ID3:UFID:{}", decode_latin1_trim(owner)), value);
        }
        "POPM" => {
            // An e-mail address, a rating, a play counter.
            let (email, _) = split_string(0, data);
            let email = decode_latin1_trim(email);
            if email.is_empty() {
                cx.add(Reveal::TechnicalNote, tag, "rating and play count");
            } else {
                cx.add(Reveal::Contact, tag, email);
            }
        }
        "MCDI" => cx.add(Reveal::UniqueId, tag, "the table of contents of the CD it came from"),
        "IPLS" => cx.add_text(Reveal::PersonName, tag, &decode(enc, rest)),
        "OWNE" | "COMR" | "USER" => cx.add_text(Reveal::Caption, tag, &decode(enc, rest)),
        "LINK" => cx.add_text(Reveal::Contact, tag, &decode_latin1_trim(data.get(4..).unwrap_or(&[]))),
        "PCNT" | "RVA2" | "RVAD" | "EQU2" | "EQUA" | "RVRB" | "ETCO" | "MLLT" | "SYTC" | "ASPI" | "SEEK" | "RBUF" | "POSS" => {
            cx.add(Reveal::TechnicalNote, tag, format!("{} bytes", data.len()))
        }
        "CHAP" | "CTOC" => {
            // ID3v2 Chapter Frame Addendum: an element id, then (CHAP) times
            // and offsets or (CTOC) flags and child ids, then frames of their own.
            let (element, after) = split_string(0, data);
            cx.add_text(Reveal::Caption, tag, &format!("chapter {}", decode_latin1_trim(element)));
            let sub = if id == "CHAP" {
                after.get(16..)
            } else {
                after.get(2..).map(|mut a| {
                    let count = after.get(1).copied().unwrap_or(0);
                    for _ in 0..count {
                        a = split_string(0, a).1;
                    }
                    a
                })
            };
            if depth < MAX_NESTING {
                scan_frames(sub.unwrap_or(&[]), major, false, cx, depth + 1, frames);
            }
        }
        _ => cx.add(Reveal::UnknownData, tag, format!("{} bytes", data.len())),
    }
}

/// Report an ID3v1 tag (the last 128 bytes of a file, starting `TAG`):
/// title, artist, album, year, comment, v1.1 track number, genre.
pub fn scan_v1(tag: &[u8], cx: &mut Collector) {
    let field = |from: usize, len: usize| decode_latin1_trim(tag.get(from..from + len).unwrap_or(&[]));
    cx.add_text(Reveal::Caption, "ID3v1:Title", &field(3, 30));
    cx.add_text(Reveal::PersonName, "ID3v1:Artist", &field(33, 30));
    cx.add_text(Reveal::Caption, "ID3v1:Album", &field(63, 30));
    cx.add_text(Reveal::CaptureTime, "ID3v1:Year", &field(93, 4));
    // ID3v1.1: a zero byte before the last comment byte makes that byte the track number.
    let v11 = tag.get(125) == Some(&0) && tag.get(126).is_some_and(|&t| t != 0);
    cx.add_text(Reveal::Caption, "ID3v1:Comment", &field(97, if v11 { 28 } else { 30 }));
    if v11 {
        cx.add(Reveal::TechnicalNote, "ID3v1:Track", tag.get(126).map(|t| t.to_string()).unwrap_or_default());
    }
    if let Some(&g) = tag.get(127).filter(|&&g| g != 0 && g != 0xFF) {
        cx.add(Reveal::TechnicalNote, "ID3v1:Genre", format!("genre {g}"));
    }
}

/// Report an "enhanced" ID3v1 tag (`TAG+`, 227 bytes before `TAG`): longer
/// title, artist and album, a genre and start and end times.
pub fn scan_v1_extended(tag: &[u8], cx: &mut Collector) {
    let field = |from: usize, len: usize| decode_latin1_trim(tag.get(from..from + len).unwrap_or(&[]));
    cx.add_text(Reveal::Caption, "ID3v1+:Title", &field(4, 60));
    cx.add_text(Reveal::PersonName, "ID3v1+:Artist", &field(64, 60));
    cx.add_text(Reveal::Caption, "ID3v1+:Album", &field(124, 60));
    cx.add_text(Reveal::Caption, "ID3v1+:Genre", &field(185, 30));
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::{Category, Format};
    use crate::reveal::Options;

    /// An ID3v2 frame: v2.3/v2.4 header (plain size; tests keep frames under 128 bytes for v2.4).
    pub fn frame(id: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut f = id.to_vec();
        f.extend_from_slice(&(body.len() as u32).to_be_bytes());
        f.extend_from_slice(&[0, 0]);
        f.extend_from_slice(body);
        f
    }

    pub fn text(id: &[u8; 4], s: &str) -> Vec<u8> {
        let mut b = vec![3];
        b.extend_from_slice(s.as_bytes());
        frame(id, &b)
    }

    /// A whole ID3v2 tag of `major` with these frames and `padding` zero bytes.
    pub fn tag(major: u8, frames: &[Vec<u8>], padding: usize) -> Vec<u8> {
        let body: Vec<u8> = frames.concat().into_iter().chain(std::iter::repeat_n(0, padding)).collect();
        let n = body.len() as u32;
        let mut t = vec![b'I', b'D', b'3', major, 0, 0];
        t.extend_from_slice(&[(n >> 21) as u8 & 0x7F, (n >> 14) as u8 & 0x7F, (n >> 7) as u8 & 0x7F, n as u8 & 0x7F]);
        t.extend(body);
        t
    }

    fn scan(tag: &[u8]) -> crate::report::Report {
        let mut cx = Collector::new(Options::default(), Format::Mp3);
        scan_v2(tag, &mut cx);
        cx.finish()
    }

    #[test]
    fn text_comment_private_and_picture_frames_are_named() {
        let mut apic = vec![0];
        apic.extend_from_slice(b"image/jpeg\0\x03cover\0");
        apic.extend_from_slice(&crate::container::jpeg::tests::sample());
        let mut comm = vec![0];
        comm.extend_from_slice(b"eng\0meet at the church at 7");
        let t = tag(
            3,
            &[
                text(b"TPE1", "Ana Example"),
                text(b"TIT2", "Recording at Lake St"),
                text(b"TSSE", "Lavf60"),
                frame(b"COMM", &comm),
                frame(b"PRIV", b"WM/UniqueFileIdentifier\0\x01\x02"),
                frame(b"APIC", &apic),
                frame(b"XYZ1", b"?"),
            ],
            32,
        );
        let r = scan(&t);
        let has = |tag: &str, cat: Category| r.findings.iter().any(|f| f.tag == tag && f.category == cat);
        assert!(has("ID3:TPE1", Category::Person), "{:#?}", r.findings);
        assert!(has("ID3:TIT2", Category::Text));
        assert!(has("ID3:TSSE", Category::Software));
        assert!(has("ID3:COMM", Category::Text));
        assert!(has("ID3:PRIV:WM/UniqueFileIdentifier", Category::UniqueId));
        assert!(has("ID3:APIC", Category::Embedded));
        assert!(has("ID3:XYZ1", Category::Embedded));
        // The attached photo's own GPS position is named too.
        assert!(r.findings.iter().any(|f| f.category == Category::Location), "{:#?}", r.findings);
    }

    #[test]
    fn v22_unsync_v24_sizes_and_compression() {
        // ID3v2.2: three-character frames.
        let mut t = vec![b'I', b'D', b'3', 2, 0, 0, 0, 0, 0, 20];
        t.extend_from_slice(b"TP1\0\0\x05\0Ana!");
        t.extend_from_slice(&[0; 9]);
        assert!(scan(&t).findings.iter().any(|f| f.tag == "ID3:TPE1" && f.value == "Ana!"));

        // ID3v2.3 with the whole tag unsynchronised: FF 00 inside becomes FF.
        let mut body = text(b"TPE1", "Ana\u{ff}");
        let raw = body.clone();
        body = Vec::new();
        for (i, &b) in raw.iter().enumerate() {
            body.push(b);
            if b == 0xFF && i + 1 < raw.len() {
                body.push(0);
            }
        }
        let mut t = tag(3, &[body], 0);
        t[5] = 0x80;
        let r = scan(&t);
        assert!(r.findings.iter().any(|f| f.tag == "ID3:TPE1"), "{:#?}", r);

        // ID3v2.4 written with a plain 32-bit size of 200 (iTunes): still read.
        let long = "x".repeat(199);
        let mut f = text(b"TIT2", &long);
        f[4..8].copy_from_slice(&200u32.to_be_bytes());
        let r = scan(&tag(4, &[f, text(b"TPE1", "Ana")], 4));
        assert!(r.findings.iter().any(|f| f.tag == "ID3:TPE1"), "{:#?}", r);

        // ID3v2.4 with a zlib-compressed frame and a data length indicator.
        let plain = b"\x03Ana Example";
        let z = miniz_oxide::deflate::compress_to_vec_zlib(plain, 6);
        let mut body = (plain.len() as u32).to_be_bytes().to_vec();
        body.extend(z);
        let mut f = frame(b"TPE1", &body);
        f[9] = 0x08 | 0x01;
        let r = scan(&tag(4, &[f], 0));
        assert!(r.findings.iter().any(|f| f.tag == "ID3:TPE1" && f.value == "Ana Example"), "{:#?}", r);

        // Encrypted: named as unknown, never decoded.
        let mut f = frame(b"TPE1", b"\x01secret");
        f[9] = 0x04;
        assert!(scan(&tag(4, &[f], 0)).findings.iter().any(|f| f.tag == "ID3:TPE1" && f.category == Category::Embedded));
    }

    #[test]
    fn utf16_and_chapters() {
        let mut b = vec![1, 0xFF, 0xFE];
        for u in "Ana".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let mut chap = b"ch1\0".to_vec();
        chap.extend_from_slice(&[0; 16]);
        chap.extend(text(b"TIT2", "At the clinic"));
        let r = scan(&tag(3, &[frame(b"TPE1", &b), frame(b"CHAP", &chap)], 0));
        assert!(r.findings.iter().any(|f| f.tag == "ID3:TPE1" && f.value == "Ana"));
        assert!(r.findings.iter().any(|f| f.tag == "ID3:TIT2" && f.value == "At the clinic"), "{:#?}", r);
    }

    #[test]
    fn v1_fields() {
        let mut t = vec![0u8; 128];
        t[..3].copy_from_slice(b"TAG");
        t[3..8].copy_from_slice(b"Title");
        t[33..36].copy_from_slice(b"Ana");
        t[93..97].copy_from_slice(b"2026");
        t[126] = 7;
        t[127] = 0xFF;
        let mut cx = Collector::new(Options::default(), Format::Mp3);
        scan_v1(&t, &mut cx);
        let r = cx.finish();
        let tags: Vec<&str> = r.findings.iter().map(|f| f.tag.as_str()).collect();
        for want in ["ID3v1:Title", "ID3v1:Artist", "ID3v1:Year", "ID3v1:Track"] {
            assert!(tags.contains(&want), "{tags:?}");
        }
        assert!(!tags.contains(&"ID3v1:Genre"));
    }

    #[test]
    fn every_prefix_of_a_tag_reads_without_panic() {
        let mut apic = vec![0];
        apic.extend_from_slice(b"image/png\0\x03\0\x89PNG");
        let t = tag(4, &[text(b"TPE1", "Ana"), frame(b"APIC", &apic), frame(b"CTOC", b"toc\0\x03\x02a\0b\0")], 8);
        for cut in 0..t.len() {
            let _ = scan(&t[..cut]);
            let _ = Header::parse(&t[..cut]);
        }
    }
}
