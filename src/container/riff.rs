//! WebP in its RIFF container (Google's "WebP Container Specification", RFC
//! 9649 §2): simple lossy (VP8), simple lossless (VP8L) and extended (VP8X)
//! files, including animations (ANIM, ANMF frames).
//!
//! Cleaning copies the bitstream chunks (VP8, VP8L, ALPH), the ICC profile
//! and the animation chunks; drops EXIF, XMP and unknown chunks (inside
//! frames too); writes a fresh VP8X whose flags match what is left and a new
//! RIFF size. An orientation-only EXIF takes the old EXIF's place.

use std::ops::Range;

use crate::container::{whole, Container, Depth};
use crate::error::{Error, Result};
use crate::payload::{exif, xmp};
use crate::plan::{CleanPlan, PlanBuilder};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};
use crate::source::Source;

pub struct WebP;

const F: Format = Format::WebP;
const MAX_CHUNKS: usize = 1 << 20;

const FLAG_ANIMATION: u8 = 0x02;
#[allow(dead_code)] // never set: XMP is always dropped
const FLAG_XMP: u8 = 0x04;
const FLAG_EXIF: u8 = 0x08;
const FLAG_ALPHA: u8 = 0x10;
const FLAG_ICC: u8 = 0x20;

#[derive(Clone, Debug)]
struct Chunk {
    fourcc: [u8; 4],
    /// Header, data and padding byte.
    range: Range<usize>,
    data: Range<usize>,
}

/// Chunks between `start` and `end`, each padded to an even size.
fn chunks(input: &[u8], start: usize, end: usize) -> Result<Vec<Chunk>> {
    let mut out = Vec::new();
    let mut pos = start;
    while pos < end {
        if out.len() >= MAX_CHUNKS {
            return Err(Error::limit(F, pos as u64, "more chunks than any real image has"));
        }
        let head = input.get(pos..pos + 8).filter(|_| pos + 8 <= end).ok_or_else(|| Error::truncated(F, pos as u64, "chunk header"))?;
        let fourcc = [head[0], head[1], head[2], head[3]];
        let size = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        let data = pos + 8..pos.checked_add(8 + size).ok_or_else(|| Error::malformed(F, pos as u64, "chunk size"))?;
        let padded = data.end + (size & 1);
        if padded > end {
            return Err(Error::truncated(
                F,
                pos as u64,
                format!("chunk {} of {size} bytes runs past the end of its container", String::from_utf8_lossy(&fourcc)),
            ));
        }
        out.push(Chunk { fourcc, range: pos..padded, data });
        pos = padded;
    }
    Ok(out)
}

struct Walk {
    chunks: Vec<Chunk>,
    /// End of the RIFF container; anything after is trailer.
    end: usize,
}

fn walk(input: &[u8]) -> Result<Walk> {
    if input.get(..4) != Some(b"RIFF") || input.get(8..12) != Some(b"WEBP") {
        return Err(Error::malformed(F, 0, "not a RIFF WEBP file"));
    }
    let size = u32::from_le_bytes([input[4], input[5], input[6], input[7]]) as usize;
    let end = 8usize.checked_add(size).ok_or_else(|| Error::malformed(F, 4, "RIFF size"))?;
    if end > input.len() {
        return Err(Error::truncated(F, 4, format!("the RIFF container declares {size} bytes; the file is shorter")));
    }
    let chunks = chunks(input, 12, end)?;
    match chunks.first().map(|c| &c.fourcc) {
        Some(b"VP8 " | b"VP8L" | b"VP8X") => {}
        _ => return Err(Error::malformed(F, 12, "the first chunk is not VP8, VP8L or VP8X")),
    }
    Ok(Walk { chunks, end })
}

fn is_image_data(fourcc: &[u8; 4]) -> bool {
    matches!(fourcc, b"VP8 " | b"VP8L" | b"ALPH")
}

fn name(fourcc: &[u8; 4]) -> String {
    String::from_utf8_lossy(fourcc).trim().to_string()
}

fn report(input: &[u8], w: &Walk, cx: &mut Collector) -> Option<u16> {
    let mut orientation = None;
    for c in &w.chunks {
        let data = &input[c.data.clone()];
        match &c.fourcc {
            b"EXIF" => match exif::scan(data, c.data.start as u64, F, cx) {
                Ok(s) => orientation = orientation.or(s.orientation),
                Err(e) => cx.warn(format!("WebP: EXIF could not be read ({e}); it is removed all the same")),
            },
            b"XMP " => xmp::scan(data, cx),
            b"VP8X" | b"ICCP" | b"ANIM" => {}
            b"ANMF" => {
                if let Ok(inner) = chunks(input, c.data.start.saturating_add(16).min(c.data.end), c.data.end) {
                    for i in inner.iter().filter(|i| !is_image_data(&i.fourcc)) {
                        cx.add(Reveal::UnknownData, format!("WebP:ANMF/{}", name(&i.fourcc)), format!("{} bytes", i.data.len()));
                    }
                }
            }
            f if is_image_data(f) => {}
            f => cx.add(Reveal::UnknownData, format!("WebP:{}", name(f)), format!("{} bytes", data.len())),
        }
    }
    let trailer = input.len() - w.end;
    if trailer > 0 {
        cx.add(Reveal::Trailer, "Trailer", format!("{trailer} bytes after the end of the image"));
    }
    orientation
}

fn chunk_bytes(fourcc: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = fourcc.to_vec();
    c.extend_from_slice(&(data.len() as u32).to_le_bytes());
    c.extend_from_slice(data);
    if data.len() % 2 == 1 {
        c.push(0);
    }
    c
}

/// One piece of the output, in order.
enum Part {
    Copy(Range<usize>),
    Bytes(Vec<u8>),
}

impl Part {
    fn len(&self) -> usize {
        match self {
            Part::Copy(r) => r.len(),
            Part::Bytes(b) => b.len(),
        }
    }
}

impl Container for WebP {
    const FORMATS: &'static [Format] = &[F];

    fn sniff(head: &[u8]) -> Option<Format> {
        (head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP").then_some(F)
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
        let orientation = report(input, &w, cx).filter(|&o| o != 1);
        let extended = w.chunks.first().is_some_and(|c| &c.fourcc == b"VP8X");
        let mut parts: Vec<Part> = Vec::new();
        let mut flags = 0u8;
        let mut vp8x_at = None;
        let mut wrote_exif = false;
        for c in &w.chunks {
            match &c.fourcc {
                b"VP8X" if c.range.start == 12 => {
                    let d = &input[c.data.clone()];
                    if d.len() < 10 {
                        return Err(Error::malformed(F, c.range.start as u64, "VP8X chunk shorter than 10 bytes"));
                    }
                    flags |= d[0] & (FLAG_ALPHA | FLAG_ANIMATION);
                    vp8x_at = Some((parts.len(), c.data.clone()));
                    // Placeholder, rebuilt once we know which flags still hold.
                    parts.push(Part::Bytes(Vec::new()));
                }
                b"ICCP" => {
                    flags |= FLAG_ICC;
                    parts.push(Part::Copy(c.range.clone()));
                }
                b"EXIF" => {
                    if let (Some(o), true, false) = (orientation, extended, wrote_exif) {
                        flags |= FLAG_EXIF;
                        wrote_exif = true;
                        parts.push(Part::Bytes(chunk_bytes(b"EXIF", &exif::minimal_tiff(o))));
                    }
                }
                b"ANIM" => parts.push(Part::Copy(c.range.clone())),
                b"ANMF" => {
                    let header_end = c.data.start + 16;
                    if header_end > c.data.end {
                        return Err(Error::malformed(F, c.range.start as u64, "ANMF frame header shorter than 16 bytes"));
                    }
                    let inner = chunks(input, header_end, c.data.end)?;
                    if inner.iter().all(|i| is_image_data(&i.fourcc)) {
                        parts.push(Part::Copy(c.range.clone()));
                    } else {
                        let kept: Vec<_> = inner.iter().filter(|i| is_image_data(&i.fourcc)).collect();
                        let size = 16 + kept.iter().map(|i| i.range.len()).sum::<usize>();
                        let mut head = b"ANMF".to_vec();
                        head.extend_from_slice(&(size as u32).to_le_bytes());
                        head.extend_from_slice(&input[c.data.start..header_end]);
                        parts.push(Part::Bytes(head));
                        parts.extend(kept.iter().map(|i| Part::Copy(i.range.clone())));
                    }
                }
                f if is_image_data(f) => parts.push(Part::Copy(c.range.clone())),
                _ => {}
            }
        }
        if let Some((i, data)) = vp8x_at {
            let d = &input[data];
            let mut payload = vec![flags, 0, 0, 0];
            payload.extend_from_slice(&d[4..10]); // canvas width-1 and height-1, 24 bits each
            parts[i] = Part::Bytes(chunk_bytes(b"VP8X", &payload));
        }
        let riff_size = 4 + parts.iter().map(Part::len).sum::<usize>();
        let riff_size = u32::try_from(riff_size).map_err(|_| Error::limit(F, 0, "the cleaned file would exceed 4 GB"))?;
        let mut plan = PlanBuilder::new(input.len() as u64);
        let mut head = b"RIFF".to_vec();
        head.extend_from_slice(&riff_size.to_le_bytes());
        head.extend_from_slice(b"WEBP");
        plan.insert(&head);
        for p in parts {
            match p {
                Part::Copy(r) => plan.copy_range(r)?,
                Part::Bytes(b) => plan.insert(&b),
            }
        }
        Ok(plan.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Category;
    use crate::reveal::Options;

    fn riff(chunks: &[Vec<u8>]) -> Vec<u8> {
        let body: Vec<u8> = chunks.concat();
        let mut f = b"RIFF".to_vec();
        f.extend_from_slice(&((body.len() + 4) as u32).to_le_bytes());
        f.extend_from_slice(b"WEBP");
        f.extend(body);
        f
    }

    fn sample() -> Vec<u8> {
        let xmp = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description xmlns:dc='http://purl.org/dc/elements/1.1/' dc:creator='Ana'/></rdf:RDF></x:xmpmeta>";
        riff(&[
            chunk_bytes(b"VP8X", &[FLAG_ICC | FLAG_EXIF | FLAG_XMP | FLAG_ALPHA, 0, 0, 0, 9, 0, 0, 9, 0, 0]),
            chunk_bytes(b"ICCP", b"icc-profile"),
            chunk_bytes(b"ALPH", b"alpha"),
            chunk_bytes(b"VP8L", b"\x2fpixels"),
            chunk_bytes(b"EXIF", &crate::payload::exif::tests::sample_tiff()),
            chunk_bytes(b"XMP ", xmp),
            chunk_bytes(b"ZZZZ", b"x"),
        ])
    }

    fn plan(input: &[u8]) -> (Result<CleanPlan>, crate::report::Report) {
        let mut cx = Collector::new(Options::default(), F);
        let r = WebP::plan_clean(&input, F, &mut cx);
        (r, cx.finish())
    }

    #[test]
    fn rebuilds_vp8x_flags_and_riff_size() {
        let input = sample();
        let (p, removed) = plan(&input);
        let out = p.unwrap().apply(&input).unwrap();
        assert!(removed.findings.iter().any(|f| f.category == Category::Location));
        assert!(removed.findings.iter().any(|f| f.tag == "XMP-dc:creator"));
        assert!(removed.findings.iter().any(|f| f.tag == "WebP:ZZZZ"));
        let w = walk(&out).unwrap();
        assert_eq!(w.end, out.len());
        let kinds: Vec<_> = w.chunks.iter().map(|c| name(&c.fourcc)).collect();
        assert_eq!(kinds, ["VP8X", "ICCP", "ALPH", "VP8L", "EXIF"]);
        assert_eq!(out[20], FLAG_ICC | FLAG_EXIF | FLAG_ALPHA);
        let mut cx = Collector::new(Options::default(), F);
        assert_eq!(report(&out, &w, &mut cx), Some(6));
        assert!(cx.finish().findings.is_empty());
        assert_eq!(plan(&out).0.unwrap().apply(&out).unwrap(), out);
    }

    #[test]
    fn unknown_chunks_inside_frames_are_dropped() {
        let mut frame = vec![0u8; 16];
        frame.extend(chunk_bytes(b"VP8L", b"\x2fp"));
        frame.extend(chunk_bytes(b"SPY!", b"secret"));
        let input =
            riff(&[chunk_bytes(b"VP8X", &[FLAG_ANIMATION, 0, 0, 0, 0, 0, 0, 0, 0, 0]), chunk_bytes(b"ANIM", &[0; 6]), chunk_bytes(b"ANMF", &frame)]);
        let (p, removed) = plan(&input);
        let out = p.unwrap().apply(&input).unwrap();
        assert!(removed.findings.iter().any(|f| f.tag == "WebP:ANMF/SPY!"));
        assert!(!out.windows(6).any(|w| w == b"secret"));
        let w = walk(&out).unwrap();
        let inner = chunks(&out, w.chunks[2].data.start + 16, w.chunks[2].data.end).unwrap();
        assert_eq!(inner.len(), 1);
    }

    #[test]
    fn every_prefix_is_an_error() {
        let input = sample();
        for cut in 0..input.len() {
            assert!(plan(&input[..cut]).0.is_err(), "cut {cut}");
        }
    }
}
