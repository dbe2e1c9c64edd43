//! PNG (ISO/IEC 15948, PNG 3rd edition; APNG): a signature and chunks of
//! length, type, data and CRC.
//!
//! Cleaning copies only the chunks rendering needs (an allowlist) and
//! drops every other ancillary chunk: text of all three kinds, eXIf, tIME,
//! and whatever we do not know. An unknown *critical* chunk means a PNG we
//! cannot render faithfully without understanding, so the file is refused.
//! When eXIf held an orientation, a fresh orientation-only eXIf takes its
//! place. Bytes after IEND are dropped.

use std::ops::Range;

use crate::bytes::latin1;
use crate::container::{whole, Container, Depth};
use crate::error::{Error, Result};
use crate::payload::{exif, iptc, xmp};
use crate::plan::{CleanPlan, PlanBuilder};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};
use crate::source::Source;

pub struct Png;

const F: Format = Format::Png;
const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
/// Chunks per file; 100 MB of 8 KB IDAT chunks is ~12,000.
const MAX_CHUNKS: usize = 1 << 20;
/// Text decompressed per chunk to read it; beyond this it is cut (and removed anyway).
const MAX_TEXT: usize = 1 << 20;

/// Chunks a viewer needs to show the image as it was (allowlist).
const RENDERING: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD", b"pHYs", b"cICP", b"mDCv", b"cLLi", b"acTL",
    b"fcTL", b"fdAT",
];

struct Chunk {
    kind: [u8; 4],
    range: Range<usize>,
    data: Range<usize>,
}

struct Walk {
    chunks: Vec<Chunk>,
    /// End of IEND; anything after is trailer.
    end: usize,
}

fn walk(input: &[u8]) -> Result<Walk> {
    if input.get(..8) != Some(SIGNATURE) {
        return Err(Error::malformed(F, 0, "does not start with the PNG signature"));
    }
    let mut pos = 8usize;
    let mut chunks = Vec::new();
    loop {
        if chunks.len() >= MAX_CHUNKS {
            return Err(Error::limit(F, pos as u64, "more chunks than any real image has"));
        }
        let head = input.get(pos..pos + 8).ok_or_else(|| Error::truncated(F, pos as u64, "the image has no IEND chunk"))?;
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = [head[4], head[5], head[6], head[7]];
        if len > 0x7FFF_FFFF {
            return Err(Error::malformed(F, pos as u64, "chunk length above 2^31-1"));
        }
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(Error::malformed(F, pos as u64 + 4, "chunk type is not four letters"));
        }
        let end = pos + 12 + len;
        if end > input.len() {
            return Err(Error::truncated(
                F,
                pos as u64,
                format!("chunk {} of {len} bytes runs past the end of the file", String::from_utf8_lossy(&kind)),
            ));
        }
        if chunks.is_empty() && &kind != b"IHDR" {
            return Err(Error::malformed(F, pos as u64, "the first chunk is not IHDR"));
        }
        chunks.push(Chunk { kind, range: pos..end, data: pos + 8..pos + 8 + len });
        pos = end;
        if &kind == b"IEND" {
            return Ok(Walk { chunks, end });
        }
    }
}

fn is_critical(kind: &[u8; 4]) -> bool {
    kind[0].is_ascii_uppercase()
}

/// Inflate zlib data up to `MAX_TEXT`; a cut or damaged stream gives what was read.
fn inflate(data: &[u8], cx: &mut Collector) -> Vec<u8> {
    match miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, MAX_TEXT) {
        Ok(v) => v,
        Err(e) => {
            cx.warn("PNG: compressed text could not be read in full (it is removed all the same)");
            e.output
        }
    }
}

fn text_reveal(keyword: &str) -> Reveal {
    let k = keyword.to_ascii_lowercase();
    if let Some(name) = keyword.strip_prefix("exif:") {
        return exif::reveal_for_name(name).unwrap_or(Reveal::Caption);
    }
    match k.as_str() {
        "author" | "artist" | "copyright" | "creator" | "owner" => Reveal::PersonName,
        "creation time" | "date:create" | "date:modify" | "date:timestamp" | "create-date" | "modify-date" => Reveal::OtherTime,
        "software" => Reveal::Software,
        "source" | "make" | "model" => Reveal::DeviceModel,
        _ => Reveal::Caption,
    }
}

/// ImageMagick's "Raw profile type NAME": "\nNAME\n   LENGTH\nHEX…".
fn raw_profile(text: &str) -> Option<Vec<u8>> {
    let mut lines = text.trim_start().splitn(3, '\n');
    let _name = lines.next()?;
    let len: usize = lines.next()?.trim().parse().ok()?;
    let hex: Vec<u8> = lines.next()?.bytes().filter(u8::is_ascii_hexdigit).collect();
    let mut out = Vec::with_capacity(len.min(hex.len() / 2));
    for pair in hex.chunks_exact(2).take(len) {
        let s = std::str::from_utf8(pair).ok()?;
        out.push(u8::from_str_radix(s, 16).ok()?);
    }
    Some(out)
}

fn text_chunk(keyword: &str, text: &str, cx: &mut Collector) {
    let tag = format!("PNG:{keyword}");
    match keyword {
        "XML:com.adobe.xmp" => xmp::scan(text.as_bytes(), cx),
        k if k.starts_with("Raw profile type ") => {
            let Some(bytes) = raw_profile(text) else {
                cx.add(Reveal::UnknownData, tag, "unreadable profile");
                return;
            };
            match &k["Raw profile type ".len()..] {
                "exif" | "APP1" => {
                    if let Err(e) = exif::scan(&bytes, 0, F, cx) {
                        cx.warn(format!("PNG: EXIF in a text profile could not be read ({e}); it is removed all the same"));
                    }
                }
                "iptc" | "8bim" => {
                    if bytes.starts_with(b"8BIM") {
                        iptc::scan_resources(&bytes, cx)
                    } else {
                        iptc::scan_iim(&bytes, cx)
                    }
                }
                "xmp" => xmp::scan(&bytes, cx),
                _ => cx.add(Reveal::UnknownData, tag, format!("{} bytes", bytes.len())),
            }
        }
        _ => cx.add_text(text_reveal(keyword), tag, text),
    }
}

/// Report one chunk; return the orientation when it is an eXIf holding one.
fn inspect_chunk(input: &[u8], chunk: &Chunk, cx: &mut Collector) -> Option<u16> {
    let data = &input[chunk.data.clone()];
    let name = String::from_utf8_lossy(&chunk.kind).into_owned();
    match &chunk.kind {
        b"tEXt" => {
            let (keyword, text) = split_nul(data);
            text_chunk(&latin1(keyword), &latin1(text), cx);
        }
        b"zTXt" => {
            let (keyword, rest) = split_nul(data);
            let text = inflate(rest.get(1..).unwrap_or(&[]), cx);
            text_chunk(&latin1(keyword), &latin1(&text), cx);
        }
        b"iTXt" => {
            let (keyword, rest) = split_nul(data);
            let compressed = rest.first() == Some(&1);
            let rest = rest.get(2..).unwrap_or(&[]);
            let (_lang, rest) = split_nul(rest);
            let (_translated, text) = split_nul(rest);
            let text = if compressed { inflate(text, cx) } else { text.to_vec() };
            text_chunk(&String::from_utf8_lossy(keyword), &String::from_utf8_lossy(&text), cx);
        }
        b"eXIf" => match exif::scan(data, chunk.data.start as u64, F, cx) {
            Ok(s) => return s.orientation,
            Err(e) => cx.warn(format!("PNG: EXIF could not be read ({e}); it is removed, and the rotation may be lost")),
        },
        b"tIME" if data.len() == 7 => {
            let year = u16::from_be_bytes([data[0], data[1]]);
            let v = format!("{year:04}-{:02}-{:02} {:02}:{:02}:{:02}", data[2], data[3], data[4], data[5], data[6]);
            cx.add(Reveal::OtherTime, "PNG:tIME", v);
        }
        b"caBX" => cx.add(Reveal::ContentCredentials, "PNG:caBX", format!("{} bytes", data.len())),
        k if RENDERING.contains(&k) => {}
        k if is_critical(k) => cx.warn(format!("PNG: unknown critical chunk {name}; Silbato cannot clean this image")),
        _ => {
            let v = if data.is_empty() { "empty".to_string() } else { format!("{} bytes", data.len()) };
            cx.add(Reveal::UnknownData, format!("PNG:{name}"), v);
        }
    }
    None
}

fn split_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match memchr::memchr(0, data) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

fn report(input: &[u8], w: &Walk, cx: &mut Collector) -> Option<u16> {
    let mut orientation = None;
    for chunk in &w.chunks {
        if let Some(o) = inspect_chunk(input, chunk, cx) {
            orientation.get_or_insert(o);
        }
    }
    let trailer = &input[w.end..];
    if !trailer.is_empty() {
        cx.add(Reveal::Trailer, "Trailer", format!("{} bytes after the end of the image", trailer.len()));
    }
    orientation
}

/// A complete eXIf chunk holding only the orientation.
fn exif_chunk(orientation: u16) -> Vec<u8> {
    let tiff = exif::minimal_tiff(orientation);
    let mut chunk = (tiff.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(b"eXIf");
    chunk.extend_from_slice(&tiff);
    let crc = crc32fast::hash(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    chunk
}

impl Container for Png {
    const FORMATS: &'static [Format] = &[F];

    fn sniff(head: &[u8]) -> Option<Format> {
        (head.starts_with(SIGNATURE)).then_some(F)
    }

    fn inspect(src: &dyn Source, _: Format, cx: &mut Collector, _depth: Depth) -> Result<()> {
        let input = whole(src, F)?;
        let input: &[u8] = &input;
        let w = walk(input)?;
        report(input, &w, cx);
        Ok(())
    }

    fn plan_clean(src: &dyn Source, _: Format, cx: &mut Collector) -> Result<CleanPlan> {
        let input = whole(src, F)?;
        let input: &[u8] = &input;
        let w = walk(input)?;
        report(input, &w, cx);
        let mut plan = PlanBuilder::new(input.len() as u64);
        plan.copy(0, 8)?;
        let mut wrote_exif = false;
        for chunk in &w.chunks {
            if RENDERING.contains(&&chunk.kind) {
                plan.copy_range(chunk.range.clone())?;
            } else if &chunk.kind == b"eXIf" {
                // Keep the rotation where the original eXIf was, so viewers that
                // only honour eXIf before the image data still see it.
                let o = exif::scan(&input[chunk.data.clone()], 0, F, &mut Collector::new(Default::default(), F)).ok().and_then(|s| s.orientation);
                if let Some(o) = o.filter(|&o| o != 1) {
                    if !wrote_exif {
                        plan.insert(&exif_chunk(o));
                        wrote_exif = true;
                    }
                }
            } else if is_critical(&chunk.kind) {
                return Err(Error::unsupported(
                    Some(F),
                    format!("unknown critical chunk {} at byte {}", String::from_utf8_lossy(&chunk.kind), chunk.range.start),
                ));
            }
        }
        Ok(plan.finish())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::Category;
    use crate::reveal::Options;

    pub fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        let crc = crc32fast::hash(&c[4..]);
        c.extend_from_slice(&crc.to_be_bytes());
        c
    }

    pub fn sample() -> Vec<u8> {
        let mut f = SIGNATURE.to_vec();
        f.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
        f.extend(chunk(b"tEXt", b"Author\0Ana Example"));
        let z = miniz_oxide::deflate::compress_to_vec_zlib(b"a caption", 6);
        f.extend(chunk(b"zTXt", &[b"Description\0\0".as_slice(), &z].concat()));
        f.extend(chunk(b"eXIf", &crate::payload::exif::tests::sample_tiff()));
        f.extend(chunk(b"iCCP", b"ICC\0\0xx"));
        f.extend(chunk(b"tIME", &[7, 234, 1, 2, 3, 4, 5]));
        f.extend(chunk(b"prVt", b"private"));
        f.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1]));
        f.extend(chunk(b"IEND", &[]));
        f.extend_from_slice(b"after");
        f
    }

    fn plan(input: &[u8]) -> (Result<CleanPlan>, crate::report::Report) {
        let mut cx = Collector::new(Options::default(), F);
        let r = Png::plan_clean(&input, F, &mut cx);
        (r, cx.finish())
    }

    #[test]
    fn keeps_rendering_chunks_and_orientation() {
        let input = sample();
        let (p, removed) = plan(&input);
        let out = p.unwrap().apply(&input).unwrap();
        for (tag, cat) in [
            ("PNG:Author", Category::Person),
            ("PNG:Description", Category::Text),
            ("GPSPosition", Category::Location),
            ("PNG:tIME", Category::Timestamp),
            ("PNG:prVt", Category::Embedded),
            ("Trailer", Category::Embedded),
        ] {
            assert!(removed.findings.iter().any(|f| f.tag == tag && f.category == cat), "{tag} in {removed:#?}");
        }
        let w = walk(&out).unwrap();
        let kinds: Vec<_> = w.chunks.iter().map(|c| String::from_utf8_lossy(&c.kind).into_owned()).collect();
        assert_eq!(kinds, ["IHDR", "eXIf", "iCCP", "IDAT", "IEND"]);
        let mut cx = Collector::new(Options::default(), F);
        assert_eq!(report(&out, &w, &mut cx), Some(6));
        assert!(cx.finish().findings.is_empty());
        let (p2, _) = plan(&out);
        assert_eq!(p2.unwrap().apply(&out).unwrap(), out, "cleaning twice changes nothing");
    }

    #[test]
    fn every_prefix_is_an_error() {
        let input = sample();
        let iend = input.len() - 5;
        for cut in 0..iend {
            assert!(plan(&input[..cut]).0.is_err(), "cut {cut}");
        }
    }

    #[test]
    fn unknown_critical_chunks_are_refused() {
        let mut f = SIGNATURE.to_vec();
        f.extend(chunk(b"IHDR", &[0; 13]));
        f.extend(chunk(b"CgBI", &[0; 4]));
        f.extend(chunk(b"IEND", &[]));
        assert_eq!(plan(&f).0.unwrap_err().kind, crate::error::ErrorKind::Unsupported);
    }

    #[test]
    fn zip_bombs_in_text_are_cut() {
        let big = vec![b'a'; 8 << 20];
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&big, 9);
        assert!(z.len() < 64 << 10);
        let mut f = SIGNATURE.to_vec();
        f.extend(chunk(b"IHDR", &[0; 13]));
        f.extend(chunk(b"zTXt", &[b"Comment\0\0".as_slice(), &z].concat()));
        f.extend(chunk(b"IEND", &[]));
        let (p, r) = plan(&f);
        assert!(p.is_ok());
        assert!(!r.warnings.is_empty());
    }

    #[test]
    fn imagemagick_raw_profiles_are_read() {
        let tiff = crate::payload::exif::tests::sample_tiff();
        let hex: String = tiff.iter().map(|b| format!("{b:02x}")).collect();
        let text = format!("\nexif\n{:8}\n{hex}\n", tiff.len());
        let mut cx = Collector::new(Options::default(), F);
        text_chunk("Raw profile type exif", &text, &mut cx);
        assert!(cx.findings().iter().any(|f| f.tag == "SerialNumber"));
    }
}
