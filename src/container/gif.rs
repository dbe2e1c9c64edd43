//! GIF (GIF89a specification, 1990; XMP spec part 3 §1.1.2 for XMP in GIF):
//! a screen descriptor, then images and extensions made of sub-blocks, then
//! a trailer byte.
//!
//! Cleaning copies the header, colour tables, images, graphic-control and
//! plain-text extensions, the looping extension (NETSCAPE2.0 / ANIMEXTS1.0)
//! and an ICC profile extension; it drops comments, XMP and every other
//! application extension, and whatever follows the trailer.

use std::ops::Range;

use crate::container::{whole, Container, Depth};
use crate::error::{Error, Result};
use crate::payload::{iptc, xmp};
use crate::plan::{CleanPlan, PlanBuilder};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};
use crate::source::Source;

pub struct Gif;

const F: Format = Format::Gif;
const MAX_BLOCKS: usize = 1 << 20;
/// Bytes gathered from sub-blocks to read a comment or profile.
const MAX_GATHER: usize = 4 << 20;

enum Block {
    /// Image descriptor, colour table and image data: always kept.
    Image(Range<usize>),
    Extension {
        label: u8,
        app: Option<[u8; 11]>,
        range: Range<usize>,
        data: Range<usize>,
    },
}

struct Walk {
    /// Header, screen descriptor and global colour table.
    head: Range<usize>,
    blocks: Vec<Block>,
    /// The trailer byte 0x3B.
    trailer: Range<usize>,
}

/// Skip sub-blocks starting at `pos`; return the position after the terminator.
fn sub_blocks(input: &[u8], mut pos: usize) -> Result<usize> {
    loop {
        let size = *input.get(pos).ok_or_else(|| Error::truncated(F, pos as u64, "data sub-block"))? as usize;
        pos += 1;
        if size == 0 {
            return Ok(pos);
        }
        pos += size;
        if pos > input.len() {
            return Err(Error::truncated(F, pos as u64, "a data sub-block runs past the end of the file"));
        }
    }
}

/// The payload of sub-blocks from `range`, without the length bytes.
fn gather(input: &[u8], range: Range<usize>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut pos = range.start;
    while let Some(&size) = input.get(pos) {
        if size == 0 || pos >= range.end || out.len() >= MAX_GATHER {
            break;
        }
        let Some(data) = input.get(pos + 1..pos + 1 + size as usize) else { break };
        out.extend_from_slice(data);
        pos += 1 + size as usize;
    }
    out
}

fn walk(input: &[u8]) -> Result<Walk> {
    match input.get(..6) {
        Some(b"GIF87a" | b"GIF89a") => {}
        _ => return Err(Error::malformed(F, 0, "not a GIF87a or GIF89a file")),
    }
    let lsd = input.get(6..13).ok_or_else(|| Error::truncated(F, 6, "logical screen descriptor"))?;
    let mut pos = 13;
    if lsd[4] & 0x80 != 0 {
        pos += 3 << ((lsd[4] & 7) + 1);
    }
    if pos > input.len() {
        return Err(Error::truncated(F, 13, "global colour table"));
    }
    let head = 0..pos;
    let mut blocks = Vec::new();
    loop {
        if blocks.len() >= MAX_BLOCKS {
            return Err(Error::limit(F, pos as u64, "more blocks than any real image has"));
        }
        let start = pos;
        match input.get(pos) {
            Some(0x3B) => return Ok(Walk { head, blocks, trailer: pos..pos + 1 }),
            Some(0x2C) => {
                let d = input.get(pos..pos + 10).ok_or_else(|| Error::truncated(F, pos as u64, "image descriptor"))?;
                pos += 10;
                if d[9] & 0x80 != 0 {
                    pos += 3 << ((d[9] & 7) + 1);
                }
                // LZW minimum code size, then the image data sub-blocks.
                if input.get(pos).is_none() {
                    return Err(Error::truncated(F, pos as u64, "image data"));
                }
                pos = sub_blocks(input, pos + 1)?;
                blocks.push(Block::Image(start..pos));
            }
            Some(0x21) => {
                let label = *input.get(pos + 1).ok_or_else(|| Error::truncated(F, pos as u64, "extension label"))?;
                let data_start = pos + 2;
                let app = if label == 0xFF && input.get(data_start) == Some(&11) {
                    input.get(data_start + 1..data_start + 12).map(|s| {
                        let mut a = [0u8; 11];
                        a.copy_from_slice(s);
                        a
                    })
                } else {
                    None
                };
                pos = sub_blocks(input, data_start)?;
                blocks.push(Block::Extension { label, app, range: start..pos, data: data_start..pos });
            }
            Some(b) => return Err(Error::malformed(F, pos as u64, format!("unexpected block type 0x{b:02X}"))),
            None => return Err(Error::truncated(F, pos as u64, "the image has no trailer byte")),
        }
    }
}

fn keep_extension(label: u8, app: Option<&[u8; 11]>) -> bool {
    match label {
        0xF9 | 0x01 => true, // graphic control, plain text: rendering
        0xFF => matches!(app, Some(b"NETSCAPE2.0" | b"ANIMEXTS1.0" | b"ICCRGBG1012")),
        _ => false,
    }
}

fn report(input: &[u8], w: &Walk, cx: &mut Collector) {
    for b in &w.blocks {
        let Block::Extension { label, app, range, data } = b else { continue };
        if keep_extension(*label, app.as_ref()) {
            continue;
        }
        match (label, app.as_ref()) {
            (0xFE, _) => {
                let text = gather(input, data.clone());
                cx.add_text(Reveal::Caption, "Comment", &String::from_utf8_lossy(&text));
            }
            // XMP is stored raw, its bytes doubling as sub-block lengths.
            (0xFF, Some(b"XMP DataXMP")) => xmp::scan(&input[data.start + 12..range.end], cx),
            (0xFF, Some(b"MGK8BIM0000")) => iptc::scan_resources(&gather(input, data.start + 12..data.end), cx),
            (0xFF, Some(b"MGKIPTC0000")) => iptc::scan_iim(&gather(input, data.start + 12..data.end), cx),
            (0xFF, Some(id)) => cx.add(Reveal::UnknownData, format!("GIF:{}", String::from_utf8_lossy(id)), format!("{} bytes", range.len())),
            _ => cx.add(Reveal::UnknownData, format!("GIF:Extension{label:02X}"), format!("{} bytes", range.len())),
        }
    }
    let after = input.len() - w.trailer.end;
    if after > 0 {
        cx.add(Reveal::Trailer, "Trailer", format!("{after} bytes after the end of the image"));
    }
}

impl Container for Gif {
    const FORMATS: &'static [Format] = &[F];

    fn sniff(head: &[u8]) -> Option<Format> {
        (head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a")).then_some(F)
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
        plan.copy_range(w.head.clone())?;
        for b in &w.blocks {
            match b {
                Block::Image(r) => plan.copy_range(r.clone())?,
                Block::Extension { label, app, range, .. } if keep_extension(*label, app.as_ref()) => plan.copy_range(range.clone())?,
                Block::Extension { .. } => {}
            }
        }
        plan.copy_range(w.trailer.clone())?;
        Ok(plan.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Category;
    use crate::reveal::Options;

    fn sample() -> Vec<u8> {
        let mut f = b"GIF89a".to_vec();
        f.extend_from_slice(&[1, 0, 1, 0, 0x80, 0, 0]); // 1x1, global table of 2 colours
        f.extend_from_slice(&[0, 0, 0, 255, 255, 255]);
        f.extend_from_slice(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00"); // loop forever
        f.extend_from_slice(b"\x21\xFE\x0Dsecret place\x00\x00");
        // XMP: raw packet then the 258-byte magic trailer.
        f.extend_from_slice(b"\x21\xFF\x0BXMP DataXMP");
        f.extend_from_slice(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description xmlns:tiff='http://ns.adobe.com/tiff/1.0/' tiff:Artist='Ana'/></rdf:RDF></x:xmpmeta>");
        f.push(1);
        f.extend((0..=255u8).rev());
        f.push(0);
        f.extend_from_slice(b"\x21\xF9\x04\x04\x0A\x00\x00\x00"); // graphic control
        f.extend_from_slice(&[0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0]);
        f.push(0x3B);
        f
    }

    fn plan(input: &[u8]) -> (Result<CleanPlan>, crate::report::Report) {
        let mut cx = Collector::new(Options::default(), F);
        let r = Gif::plan_clean(&input, F, &mut cx);
        (r, cx.finish())
    }

    #[test]
    fn drops_comments_and_xmp_keeps_looping() {
        let input = sample();
        let (p, removed) = plan(&input);
        let out = p.unwrap().apply(&input).unwrap();
        assert!(removed.findings.iter().any(|f| f.tag == "Comment" && f.value == "secret place"), "{removed:#?}");
        assert!(removed.findings.iter().any(|f| f.tag == "XMP-tiff:Artist" && f.category == Category::Person));
        assert!(out.windows(11).any(|w| w == b"NETSCAPE2.0"));
        assert!(!out.windows(6).any(|w| w == b"secret"));
        assert!(!out.windows(3).any(|w| w == b"XMP"));
        let mut cx = Collector::new(Options::default(), F);
        Gif::inspect(&&out[..], F, &mut cx, Depth::Full).unwrap();
        assert!(cx.finish().findings.is_empty());
        assert_eq!(plan(&out).0.unwrap().apply(&out).unwrap(), out);
    }

    #[test]
    fn every_prefix_is_an_error() {
        let input = sample();
        for cut in 0..input.len() {
            assert!(plan(&input[..cut]).0.is_err(), "cut {cut}");
        }
    }
}
