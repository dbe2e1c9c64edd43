//! WAV files (RIFF `WAVE`: Microsoft/IBM RIFF specification 1991 §3; RF64
//! and BW64 for files over 4 GB: EBU Tech 3306, ITU-R BS.2088 §3).
//!
//! Cleaning keeps what playing needs, `fmt `, `fact` and `data`, copied
//! byte for byte in their order, under a new RIFF header (and, for RF64, a
//! `ds64` chunk rebuilt with the new size). Every other chunk is dropped:
//! `LIST/INFO`, Broadcast Wave `bext`, `iXML`, `axml`, XMP (`_PMX`), ID3
//! (`id3 `), `cart`, GUANO, cue points and labels, and any chunk we do not
//! know. Bytes after the RIFF data are cut.

use crate::container::audio::{strip_trailing_tags, Reads};
use crate::container::{Container, Depth};
use crate::error::{Error, Result};
use crate::payload::{id3, wave, xmp};
use crate::plan::{CleanPlan, PlanBuilder};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};
use crate::source::Source;

pub struct Wav;

const F: Format = Format::Wav;

/// Chunks per file (a real one has a handful).
pub const MAX_CHUNKS: usize = 1 << 16;

/// A kept chunk: where its header starts, its declared size, whether its
/// padding byte is in the file (writers often leave out the last one).
#[derive(Clone, Copy, Debug)]
struct Kept {
    start: u64,
    size: u64,
    has_pad: bool,
}

struct Walk {
    /// `RIFF`, `RF64` or `BW64`.
    id: [u8; 4],
    /// For RF64: the data size and sample count from `ds64`.
    ds64: Option<(u64, u64)>,
    kept: Vec<Kept>,
}

fn walk(src: &dyn Source, cx: &mut Collector) -> Result<Walk> {
    let mut r = Reads::new(src, F);
    let len = r.len();
    let head = r.get(0, 12, "RIFF header")?;
    let id = [head[0], head[1], head[2], head[3]];
    let size32 = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
    if !matches!(&id, b"RIFF" | b"RF64" | b"BW64") || &head[8..12] != b"WAVE" {
        return Err(Error::malformed(F, 0, "not a RIFF WAVE file"));
    }
    let mut pos = 12u64;
    let mut ds64 = None;
    let mut table: Vec<([u8; 4], u64)> = Vec::new();
    let riff_size = if &id == b"RIFF" {
        u64::from(size32)
    } else {
        // EBU Tech 3306 §3: ds64 comes first and holds the 64-bit sizes.
        let h = r.get(12, 8, "ds64 header")?;
        let ds_len = u64::from(u32::from_le_bytes([h[4], h[5], h[6], h[7]]));
        if &h[..4] != b"ds64" || ds_len < 28 {
            return Err(Error::malformed(F, 12, "an RF64 file without its ds64 chunk"));
        }
        let d = r.get(20, 28, "ds64")?;
        let u64_at = |at: usize| u64::from_le_bytes([d[at], d[at + 1], d[at + 2], d[at + 3], d[at + 4], d[at + 5], d[at + 6], d[at + 7]]);
        let (riff, data, samples) = (u64_at(0), u64_at(8), u64_at(16));
        let entries = u32::from_le_bytes([d[24], d[25], d[26], d[27]]) as u64;
        if 28 + entries.saturating_mul(12) > ds_len {
            return Err(Error::malformed(F, 20, "the ds64 table is larger than its chunk"));
        }
        for i in 0..entries.min(MAX_CHUNKS as u64) {
            let e = r.get(48 + i * 12, 12, "ds64 table")?;
            table.push(([e[0], e[1], e[2], e[3]], u64::from_le_bytes([e[4], e[5], e[6], e[7], e[8], e[9], e[10], e[11]])));
        }
        ds64 = Some((data, samples));
        pos = 20 + ds_len + (ds_len & 1);
        riff
    };
    let riff_end = riff_size.checked_add(8).ok_or_else(|| Error::malformed(F, 4, "RIFF size"))?;
    if riff_end > len {
        return Err(Error::truncated(F, 4, format!("the RIFF data declares {riff_size} bytes; the file is shorter")));
    }
    if riff_end < pos {
        return Err(Error::malformed(F, 4, "a RIFF size smaller than its own header"));
    }
    let mut kept = Vec::new();
    let (mut fmt, mut data) = (false, false);
    let mut chunks = 0usize;
    while pos < riff_end {
        if riff_end - pos < 8 {
            // A few stray bytes at the end of the RIFF data: harmless when zero.
            if r.get(pos, riff_end - pos, "chunk header")?.iter().any(|&b| b != 0) {
                return Err(Error::malformed(F, pos, "bytes after the last chunk that are not a chunk"));
            }
            break;
        }
        chunks += 1;
        if chunks > MAX_CHUNKS {
            return Err(Error::limit(F, pos, "more chunks than any real recording has"));
        }
        let h = r.get(pos, 8, "chunk header")?;
        let cid = [h[0], h[1], h[2], h[3]];
        let size32 = u32::from_le_bytes([h[4], h[5], h[6], h[7]]);
        let size = match (ds64, size32) {
            (Some((data_size, _)), u32::MAX) if &cid == b"data" => data_size,
            (Some(_), u32::MAX) => table
                .iter()
                .find(|(t, _)| *t == cid)
                .map(|&(_, s)| s)
                .ok_or_else(|| Error::malformed(F, pos, "a chunk whose size is in a ds64 table it is missing from"))?,
            _ => u64::from(size32),
        };
        let name = String::from_utf8_lossy(&cid).trim().to_string();
        let body = pos + 8;
        let end = body
            .checked_add(size)
            .filter(|&e| e <= riff_end)
            .ok_or_else(|| Error::truncated(F, pos, format!("the '{name}' chunk of {size} bytes runs past the end of the RIFF data")))?;
        // The padding byte of an odd chunk: writers often leave out the last one.
        let has_pad = size & 1 == 1 && end < riff_end;
        match &cid {
            b"fmt " => {
                if size < 16 || data {
                    return Err(Error::malformed(F, pos, "a format chunk that is too short or comes after the audio"));
                }
                if fmt {
                    return Err(Error::malformed(F, pos, "two format chunks"));
                }
                fmt = true;
                kept.push(Kept { start: pos, size, has_pad });
            }
            b"data" => {
                if data {
                    return Err(Error::unsupported(Some(F), "a WAV file with two data chunks, which Silbato does not clean yet"));
                }
                data = true;
                kept.push(Kept { start: pos, size, has_pad });
            }
            b"fact" => kept.push(Kept { start: pos, size, has_pad }),
            // A dropped chunk may have had its size in the ds64 table: the rebuilt ds64 has no table.
            _ => report_chunk(&mut r, &cid, body, size, cx)?,
        }
        pos = end + u64::from(has_pad);
    }
    if !fmt || !data {
        return Err(Error::malformed(F, 12, "a WAV file without its format or its audio"));
    }
    if kept.iter().any(|k| k.size > u64::from(u32::MAX - 1)) && ds64.is_none() {
        return Err(Error::malformed(F, 12, "a chunk larger than RIFF sizes allow"));
    }
    if riff_end < len {
        let tags_end = strip_trailing_tags(&mut r, F, riff_end, len, cx)?;
        if tags_end > riff_end {
            let rest = r.up_to(riff_end, tags_end - riff_end, "trailer")?;
            if rest.iter().any(|&b| b != 0) {
                // Some taggers append an ID3 chunk after the RIFF data.
                if let (Some(b"id3 " | b"ID3 "), Some(tag)) = (rest.get(..4), rest.get(8..)) {
                    id3::scan_v2(tag, cx);
                }
                cx.add(Reveal::Trailer, "Trailer", format!("{} bytes after the end of the audio", tags_end - riff_end));
            }
        }
    }
    Ok(Walk { id, ds64, kept })
}

/// Say what a dropped chunk holds.
fn report_chunk(r: &mut Reads, cid: &[u8; 4], at: u64, size: u64, cx: &mut Collector) -> Result<()> {
    let name = String::from_utf8_lossy(cid).trim().to_string();
    let Some(data) = r.payload(at, size, "chunk")? else {
        cx.add(Reveal::UnknownData, format!("RIFF:{name}"), format!("{size} bytes"));
        return Ok(());
    };
    match cid {
        b"LIST" => wave::scan_list(&data, cx),
        b"bext" => wave::scan_bext(&data, cx),
        b"iXML" => wave::scan_ixml(&data, cx),
        b"axml" => cx.add(Reveal::Caption, "RIFF:axml", format!("XML metadata, {size} bytes")),
        b"_PMX" => xmp::scan(&data, cx),
        b"id3 " | b"ID3 " => id3::scan_v2(&data, cx),
        b"cart" => wave::scan_cart(&data, cx),
        b"guan" => wave::scan_guano(&data, cx),
        b"DISP" => wave::scan_disp(&data, cx),
        b"umid" => cx.add(Reveal::UniqueId, "RIFF:umid", "a SMPTE unique material identifier"),
        // Padding: nothing to say when it is zeros.
        b"JUNK" | b"junk" | b"PAD " | b"pad " | b"FLLR" | b"filr" | b"free" => {
            if data.iter().any(|&b| b != 0) {
                cx.add(Reveal::UnknownData, format!("RIFF:{name}"), format!("padding that holds {size} bytes of data"));
            }
        }
        b"cue " | b"plst" | b"smpl" | b"inst" | b"acid" | b"PEAK" | b"levl" | b"regn" | b"minf" | b"elm1" | b"ovwf" | b"SyLp" | b"MD5 " | b"ResU"
        | b"afsp" => cx.add(Reveal::TechnicalNote, format!("RIFF:{name}"), format!("{size} bytes")),
        _ => cx.add(Reveal::UnknownData, format!("RIFF:{name}"), format!("{size} bytes")),
    }
    Ok(())
}

impl Container for Wav {
    const FORMATS: &'static [Format] = &[F];

    fn sniff(head: &[u8]) -> Option<Format> {
        (matches!(head.get(..4), Some(b"RIFF" | b"RF64" | b"BW64")) && head.get(8..12) == Some(b"WAVE")).then_some(F)
    }

    fn inspect(src: &dyn Source, _: Format, cx: &mut Collector, _depth: Depth) -> Result<()> {
        walk(src, cx).map(|_| ())
    }

    fn plan_clean(src: &dyn Source, _: Format, cx: &mut Collector) -> Result<CleanPlan> {
        let w = walk(src, cx)?;
        let chunks_len: u64 = w.kept.iter().map(|k| 8 + k.size + (k.size & 1)).sum();
        let ds64_len = if w.ds64.is_some() { 8 + 28 } else { 0 };
        let riff_size = 4 + ds64_len + chunks_len;
        let mut plan = PlanBuilder::new(src.len());
        let mut head = w.id.to_vec();
        match w.ds64 {
            Some((data_size, samples)) => {
                head.extend_from_slice(&u32::MAX.to_le_bytes());
                head.extend_from_slice(b"WAVEds64");
                head.extend_from_slice(&28u32.to_le_bytes());
                for v in [riff_size, data_size, samples] {
                    head.extend_from_slice(&v.to_le_bytes());
                }
                head.extend_from_slice(&0u32.to_le_bytes());
            }
            None => {
                let size = u32::try_from(riff_size).map_err(|_| Error::limit(F, 4, "the cleaned file would exceed 4 GB"))?;
                head.extend_from_slice(&size.to_le_bytes());
                head.extend_from_slice(b"WAVE");
            }
        }
        plan.insert(&head);
        for k in &w.kept {
            let end = k.start + 8 + k.size;
            plan.copy(k.start, end)?;
            if k.size & 1 == 1 {
                if k.has_pad {
                    plan.copy(end, end + 1)?;
                } else {
                    plan.insert(&[0]);
                }
            }
        }
        Ok(plan.finish())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::container::audio::tests::plan_by_ranges;
    use crate::report::Category;
    use crate::reveal::Options;

    pub fn chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = id.to_vec();
        c.extend_from_slice(&(data.len() as u32).to_le_bytes());
        c.extend_from_slice(data);
        if data.len() % 2 == 1 {
            c.push(0);
        }
        c
    }

    pub fn riff(chunks: &[Vec<u8>]) -> Vec<u8> {
        let body: Vec<u8> = chunks.concat();
        let mut f = b"RIFF".to_vec();
        f.extend_from_slice(&((body.len() + 4) as u32).to_le_bytes());
        f.extend_from_slice(b"WAVE");
        f.extend(body);
        f
    }

    pub fn fmt() -> Vec<u8> {
        // PCM, mono, 8000 Hz, 16000 bytes/s, block 2, 16 bits.
        chunk(b"fmt ", &[1, 0, 1, 0, 0x40, 0x1F, 0, 0, 0x80, 0x3E, 0, 0, 2, 0, 16, 0])
    }

    pub fn samples(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 37 % 256) as u8).collect()
    }

    pub fn sample() -> Vec<u8> {
        let mut info = b"INFO".to_vec();
        info.extend(chunk(b"IART", b"Ana Example\0"));
        info.extend(chunk(b"ICMT", b"at the march\0"));
        let mut bext = vec![0u8; 602];
        bext[256..259].copy_from_slice(b"Ana");
        riff(&[
            fmt(),
            chunk(b"LIST", &info),
            chunk(b"bext", &bext),
            chunk(b"iXML", b"<BWFXML><LOCATION_GPS>44.96, -93.27</LOCATION_GPS></BWFXML>"),
            chunk(b"fact", &[0x10, 0, 0, 0]),
            chunk(b"data", &samples(401)),
            chunk(b"id3 ", &crate::payload::id3::tests::tag(3, &[crate::payload::id3::tests::text(b"TPE1", "Ana")], 0)),
            chunk(b"JUNK", &[0; 10]),
        ])
    }

    fn plan(input: &[u8]) -> (Result<CleanPlan>, crate::report::Report) {
        let mut cx = Collector::new(Options::default(), F);
        let r = Wav::plan_clean(&input, F, &mut cx);
        (r, cx.finish())
    }

    #[test]
    fn keeps_format_fact_and_data() {
        let input = sample();
        let c = crate::clean(&input, &Options::default()).unwrap();
        assert_eq!(c.output, riff(&[fmt(), chunk(b"fact", &[0x10, 0, 0, 0]), chunk(b"data", &samples(401))]));
        let tags: Vec<&str> = c.removed.findings.iter().map(|f| f.tag.as_str()).collect();
        for t in ["RIFF:INFO:IART", "RIFF:bext:Originator", "ID3:TPE1"] {
            assert!(tags.contains(&t), "{t}: {tags:?}");
        }
        assert!(c.removed.findings.iter().any(|f| f.category == Category::Location));
        let again = crate::clean(&c.output, &Options::default()).unwrap();
        assert_eq!(again.output, c.output);
        let (p, _) = plan_by_ranges(&input);
        assert_eq!(p.unwrap().plan, crate::plan_clean(&input, &Options::default()).unwrap().plan);
    }

    #[test]
    fn a_long_recording_is_read_by_its_ends() {
        let mut info = b"INFO".to_vec();
        info.extend(chunk(b"IART", b"Ana\0"));
        let input = riff(&[fmt(), chunk(b"data", &samples(3_000_000)), chunk(b"LIST", &info)]);
        let (p, loaded) = plan_by_ranges(&input);
        assert!(p.unwrap().removed.findings.iter().any(|f| f.tag == "RIFF:INFO:IART"));
        assert!(loaded < 300_000, "{loaded}");
    }

    #[test]
    fn missing_last_pad_byte_and_trailers() {
        // An odd data chunk at the end without its padding byte: kept, padded in the output.
        let mut input = riff(&[fmt(), chunk(b"data", &samples(5))]);
        input.pop();
        let size = (input.len() - 8) as u32;
        input[4..8].copy_from_slice(&size.to_le_bytes());
        let c = crate::clean(&input, &Options::default()).unwrap();
        assert_eq!(c.output, riff(&[fmt(), chunk(b"data", &samples(5))]));
        // Bytes after the RIFF data: a trailer, cut.
        let mut input = riff(&[fmt(), chunk(b"data", &samples(6))]);
        input.extend_from_slice(b"secret notes");
        let c = crate::clean(&input, &Options::default()).unwrap();
        assert!(c.removed.findings.iter().any(|f| f.tag == "Trailer"));
        assert_eq!(c.output, riff(&[fmt(), chunk(b"data", &samples(6))]));
    }

    #[test]
    fn rf64_gets_a_new_ds64() {
        let data = samples(100);
        let mut body = b"WAVE".to_vec();
        let mut ds = Vec::new();
        let riff_size = 4 + 36 + 24 + 8 + 100 + 8 + 12;
        for v in [riff_size as u64, 100, 50] {
            ds.extend_from_slice(&v.to_le_bytes());
        }
        ds.extend_from_slice(&0u32.to_le_bytes());
        body.extend(chunk(b"ds64", &ds));
        body.extend(fmt());
        body.extend_from_slice(b"data");
        body.extend_from_slice(&u32::MAX.to_le_bytes());
        body.extend_from_slice(&data);
        body.extend(chunk(b"ICMT", b"notes here\0\0"));
        let mut input = b"RF64".to_vec();
        input.extend_from_slice(&u32::MAX.to_le_bytes());
        input.extend(body);
        let c = crate::clean(&input, &Options::default()).unwrap();
        assert!(c.removed.findings.iter().any(|f| f.tag == "RIFF:ICMT"));
        assert_eq!(&c.output[..4], b"RF64");
        let riff = u64::from_le_bytes(c.output[20..28].try_into().unwrap());
        assert_eq!(riff, c.output.len() as u64 - 8);
        assert!(c.output.ends_with(&data));
    }

    #[test]
    fn every_prefix_is_an_error() {
        let input = sample();
        for cut in 0..input.len() {
            assert!(plan(&input[..cut]).0.is_err(), "cut {cut}");
        }
    }
}

#[cfg(test)]
mod limits {
    use super::tests::*;
    use super::*;
    use crate::reveal::Options;
    use crate::ErrorKind;

    #[test]
    fn max_chunks() {
        let mut chunks = vec![fmt()];
        chunks.extend(std::iter::repeat_n(chunk(b"cue ", &[]), MAX_CHUNKS));
        chunks.push(chunk(b"data", &samples(4)));
        assert_eq!(crate::clean(&riff(&chunks), &Options::default()).unwrap_err().kind, ErrorKind::LimitExceeded);
    }
}
