//! FLAC files (the FLAC format specification, RFC 9639 §8: the `fLaC`
//! marker, metadata blocks, then frames).
//!
//! Cleaning keeps what decoding and seeking need, `STREAMINFO` and the
//! `SEEKTABLE` (whose offsets count from the first frame, so they stay
//! valid), with block headers rewritten for the new last-block flag, and
//! copies the frames byte for byte. Vorbis comments, pictures, application
//! blocks (among them `riff` foreign metadata: a WAV file's chunks), cue
//! sheets, padding and unknown blocks are dropped, and so are ID3 and APE
//! tags appended after the frames.

use std::ops::Range;

use crate::container::audio::{refuse_damaged_tags, strip_trailing_tags, Reads};
use crate::container::{Container, Depth};
use crate::error::{Error, Result};
use crate::payload::audio_tags::{flac_picture, scan_picture};
use crate::payload::vorbis;
use crate::plan::{CleanPlan, PlanBuilder};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};
use crate::source::Source;

pub struct Flac;

const F: Format = Format::Flac;

/// Metadata blocks per file (RFC 9639 sets no limit; real files have a few).
pub const MAX_BLOCKS: usize = 4096;

const STREAMINFO: u8 = 0;
pub(crate) const PADDING: u8 = 1;
const APPLICATION: u8 = 2;
const SEEKTABLE: u8 = 3;
pub(crate) const VORBIS_COMMENT: u8 = 4;
const CUESHEET: u8 = 5;
const PICTURE: u8 = 6;

struct Walk {
    /// Bodies (without the 4-byte headers) of the blocks kept.
    streaminfo: Range<u64>,
    seektable: Option<Range<u64>>,
    audio: Range<u64>,
}

fn walk(src: &dyn Source, cx: &mut Collector) -> Result<Walk> {
    let mut r = Reads::new(src, F);
    let len = r.len();
    if r.get(0, 4, "fLaC marker")? != b"fLaC" {
        return Err(Error::malformed(F, 0, "not a FLAC file"));
    }
    let mut pos = 4u64;
    let mut streaminfo = None;
    let mut seektable = None;
    for i in 0.. {
        if i >= MAX_BLOCKS {
            return Err(Error::limit(F, pos, "more metadata blocks than any real file has"));
        }
        let h = r.get(pos, 4, "metadata block header")?;
        let last = h[0] & 0x80 != 0;
        let typ = h[0] & 0x7F;
        let size = u64::from(u32::from_be_bytes([0, h[1], h[2], h[3]]));
        let body = pos + 4..pos + 4 + size;
        if body.end > len {
            return Err(Error::truncated(F, pos, format!("a metadata block of {size} bytes runs past the end of the file")));
        }
        match typ {
            // RFC 9639 §8.2: STREAMINFO is the first block, 34 bytes.
            STREAMINFO if i == 0 && size == 34 => streaminfo = Some(body.clone()),
            _ if i == 0 => return Err(Error::malformed(F, pos, "the first metadata block is not a 34-byte STREAMINFO")),
            STREAMINFO => return Err(Error::malformed(F, pos, "a second STREAMINFO block")),
            SEEKTABLE if size % 18 != 0 => return Err(Error::malformed(F, pos, "a seek table whose size is not a multiple of 18")),
            SEEKTABLE if seektable.is_none() => seektable = Some(body.clone()),
            SEEKTABLE => cx.add(Reveal::TechnicalNote, "FLAC:SeekTable", "a second seek table"),
            127 => return Err(Error::malformed(F, pos, "an invalid metadata block type")),
            _ => report_block(&mut r, typ, body.clone(), cx)?,
        }
        pos = body.end;
        if last {
            break;
        }
    }
    // RFC 9639 §9.1: every frame starts with the 14-bit sync code 0b11111111111110.
    let sync = r.get(pos, 2, "first frame")?;
    if sync[0] != 0xFF || sync[1] & 0xFE != 0xF8 {
        return Err(Error::malformed(F, pos, "the audio does not start with a FLAC frame"));
    }
    let end = strip_trailing_tags(&mut r, F, pos, len, cx)?;
    refuse_damaged_tags(&mut r, F, pos, end)?;
    let streaminfo = streaminfo.ok_or_else(|| Error::malformed(F, 4, "no STREAMINFO block"))?;
    Ok(Walk { streaminfo, seektable, audio: pos..end })
}

/// Say what a dropped block holds.
fn report_block(r: &mut Reads, typ: u8, body: Range<u64>, cx: &mut Collector) -> Result<()> {
    let size = body.end - body.start;
    match r.payload(body.start, size, "metadata block")? {
        Some(data) => report_block_bytes(typ, &data, cx),
        None => cx.add(Reveal::UnknownData, format!("FLAC:Block{typ}"), format!("{size} bytes")),
    }
    Ok(())
}

/// Say what a metadata block holds (also for FLAC in Ogg, one block a packet).
pub(crate) fn report_block_bytes(typ: u8, data: &[u8], cx: &mut Collector) {
    let size = data.len();
    match typ {
        PADDING => {
            if data.iter().any(|&b| b != 0) {
                cx.add(Reveal::UnknownData, "FLAC:Padding", format!("padding that holds {size} bytes of data"));
            }
        }
        APPLICATION => {
            let id = String::from_utf8_lossy(data.get(..4).unwrap_or(&[])).into_owned();
            let what = match id.as_str() {
                "riff" | "aiff" | "w64 " => "the original file's chunks (foreign metadata)",
                _ => "a program's private data",
            };
            cx.add(Reveal::UnknownData, format!("FLAC:Application:{id}"), format!("{what}, {size} bytes"));
        }
        VORBIS_COMMENT => {
            vorbis::scan(data, "Vorbis", cx);
        }
        SEEKTABLE => cx.add(Reveal::TechnicalNote, "FLAC:SeekTable", format!("{size} bytes")),
        CUESHEET => {
            // RFC 9639 §8.7: a 128-byte media catalog number, then tracks (with their ISRCs).
            let mcn = crate::payload::audio_tags::decode_latin1_trim(data.get(..128).unwrap_or(&[]));
            cx.add_text(Reveal::UniqueId, "FLAC:CueSheet:MediaCatalogNumber", &mcn);
            cx.add(Reveal::TechnicalNote, "FLAC:CueSheet", "a track list");
        }
        PICTURE => match flac_picture(data) {
            Some((mime, _, picture)) => scan_picture("FLAC:Picture", &mime, picture, cx),
            None => cx.add(Reveal::Attachment, "FLAC:Picture", "a picture that could not be read"),
        },
        _ => cx.add(Reveal::UnknownData, format!("FLAC:Block{typ}"), format!("{size} bytes")),
    }
}

pub(crate) fn block_header(typ: u8, last: bool, size: u64) -> [u8; 4] {
    let s = (size as u32).to_be_bytes();
    [typ | if last { 0x80 } else { 0 }, s[1], s[2], s[3]]
}

impl Container for Flac {
    const FORMATS: &'static [Format] = &[F];

    fn sniff(head: &[u8]) -> Option<Format> {
        (head.get(..4) == Some(b"fLaC")).then_some(F)
    }

    fn inspect(src: &dyn Source, _: Format, cx: &mut Collector, _depth: Depth) -> Result<()> {
        walk(src, cx).map(|_| ())
    }

    fn plan_clean(src: &dyn Source, _: Format, cx: &mut Collector) -> Result<CleanPlan> {
        let w = walk(src, cx)?;
        let mut plan = PlanBuilder::new(src.len());
        plan.copy(0, 4)?;
        plan.insert(&block_header(STREAMINFO, w.seektable.is_none(), w.streaminfo.end - w.streaminfo.start));
        plan.copy(w.streaminfo.start, w.streaminfo.end)?;
        if let Some(s) = &w.seektable {
            plan.insert(&block_header(SEEKTABLE, true, s.end - s.start));
            plan.copy(s.start, s.end)?;
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

    fn block(typ: u8, last: bool, body: &[u8]) -> Vec<u8> {
        let mut b = block_header(typ, last, body.len() as u64).to_vec();
        b.extend_from_slice(body);
        b
    }

    fn frames() -> Vec<u8> {
        let mut f = vec![0xFF, 0xF8, 0x69, 0x08, 0x00, 0x00, 0x5E];
        f.extend((0..500).map(|i| (i * 13 % 256) as u8));
        f
    }

    fn sample() -> Vec<u8> {
        let jpeg = crate::container::jpeg::tests::sample();
        let mut pic = 3u32.to_be_bytes().to_vec();
        pic.extend_from_slice(&10u32.to_be_bytes());
        pic.extend_from_slice(b"image/jpeg");
        pic.extend_from_slice(&[0; 20]);
        pic.extend_from_slice(&(jpeg.len() as u32).to_be_bytes());
        pic.extend(jpeg);
        let mut f = b"fLaC".to_vec();
        f.extend(block(STREAMINFO, false, &[7; 34]));
        f.extend(block(VORBIS_COMMENT, false, &vorbis::build("reference libFLAC 1.4.3", &["ARTIST=Ana Example", "TITLE=March"])));
        f.extend(block(SEEKTABLE, false, &[0; 18]));
        f.extend(block(PICTURE, false, &pic));
        f.extend(block(APPLICATION, false, b"riffLIST...."));
        f.extend(block(PADDING, true, &[0; 64]));
        f.extend(frames());
        f
    }

    #[test]
    fn keeps_streaminfo_seektable_and_frames() {
        let input = sample();
        let c = crate::clean(&input, &Options::default()).unwrap();
        let mut want = b"fLaC".to_vec();
        want.extend(block(STREAMINFO, false, &[7; 34]));
        want.extend(block(SEEKTABLE, true, &[0; 18]));
        want.extend(frames());
        assert_eq!(c.output, want);
        let cats: Vec<Category> = c.removed.findings.iter().map(|f| f.category).collect();
        for cat in [Category::Person, Category::Embedded, Category::Location, Category::Software] {
            assert!(cats.contains(&cat), "{cat:?}: {:#?}", c.removed.findings);
        }
        assert!(c.removed.findings.iter().any(|f| f.tag == "FLAC:Application:riff"));
        assert_eq!(crate::clean(&c.output, &Options::default()).unwrap().output, c.output);
        let (p, _) = plan_by_ranges(&input);
        assert_eq!(p.unwrap().plan, crate::plan_clean(&input, &Options::default()).unwrap().plan);
    }

    #[test]
    fn max_blocks() {
        let mut f = b"fLaC".to_vec();
        f.extend(block(STREAMINFO, false, &[7; 34]));
        for _ in 0..MAX_BLOCKS {
            f.extend(block(PADDING, false, &[]));
        }
        f.extend(block(PADDING, true, &[]));
        f.extend(frames());
        assert_eq!(crate::clean(&f, &Options::default()).unwrap_err().kind, crate::ErrorKind::LimitExceeded);
    }

    #[test]
    fn every_prefix_into_the_metadata_is_an_error() {
        let input = sample();
        let audio_at = input.len() - frames().len();
        for cut in 0..audio_at + 2 {
            let mut cx = Collector::new(Options::default(), F);
            assert!(Flac::plan_clean(&&input[..cut], F, &mut cx).is_err(), "cut {cut}");
        }
        for cut in audio_at..input.len() {
            let _ = crate::clean(&input[..cut], &Options::default());
        }
    }
}
