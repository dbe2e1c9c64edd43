//! MPEG audio files (MP3, and MP2: ISO/IEC 11172-3 and 13818-3 layers II
//! and III) with their tags: ID3v2 tags before the first frame (ID3v2.2,
//! v2.3, v2.4), and APE, Lyrics3, an appended ID3v2.4 and ID3v1 after the
//! last.
//!
//! Cleaning keeps the frames and nothing else: the output is one copy of
//! the input from the first frame to the end of the audio. The first frame
//! is found by its header and confirmed by the next header where the frame
//! length says it is (so a stray `FF Fx` in junk is not taken for audio);
//! the Xing/LAME frame that some encoders put first is audio data and kept.

use std::ops::Range;

use crate::container::audio::{refuse_damaged_tags, strip_trailing_tags, Reads};
use crate::container::{Container, Depth};
use crate::error::{Error, Result};
use crate::payload::id3;
use crate::plan::{CleanPlan, PlanBuilder};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};
use crate::source::Source;

pub struct Mp3;

const F: Format = Format::Mp3;

/// ID3v2 tags one after another at the start (some taggers add a new one
/// in front of the old).
pub const MAX_LEADING_TAGS: usize = 16;
/// Bytes searched after the tags for the first frame (zero padding, junk).
pub const MAX_JUNK: u64 = 64 << 10;

/// An MPEG audio frame header (ISO/IEC 11172-3 §2.4.1.3; MPEG-2 and the
/// unofficial MPEG-2.5 use the same layout with their own tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FrameHeader {
    /// 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5.
    version: u8,
    /// 1, 2 or 3.
    layer: u8,
    sample_rate: u32,
    /// Bytes in the frame, header included; 0 for free-format bit rates.
    len: u64,
}

fn frame_header(b: &[u8]) -> Option<FrameHeader> {
    let b = b.get(..4)?;
    if b[0] != 0xFF || b[1] & 0xE0 != 0xE0 {
        return None;
    }
    let version = (b[1] >> 3) & 3;
    let layer = match (b[1] >> 1) & 3 {
        3 => 1,
        2 => 2,
        1 => 3,
        _ => return None, // 00 is reserved (and is how AAC's ADTS headers look)
    };
    let bitrate_index = (b[2] >> 4) as usize;
    let rate_index = ((b[2] >> 2) & 3) as usize;
    if version == 1 || bitrate_index == 15 || rate_index == 3 || b[3] & 3 == 2 {
        return None;
    }
    let padding = u64::from((b[2] >> 1) & 1);
    let mpeg1 = version == 3;
    let kbps: &[u16; 15] = match (mpeg1, layer) {
        (true, 1) => &[0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
        (true, 2) => &[0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
        (true, _) => &[0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
        (false, 1) => &[0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
        (false, _) => &[0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    };
    let rates: [u32; 3] = match version {
        3 => [44100, 48000, 32000],
        2 => [22050, 24000, 16000],
        _ => [11025, 12000, 8000],
    };
    let sample_rate = rates[rate_index];
    let bitrate = u64::from(kbps[bitrate_index]) * 1000;
    let sr = u64::from(sample_rate);
    let len = match layer {
        1 => (12 * bitrate / sr + padding) * 4,
        2 => 144 * bitrate / sr + padding,
        _ if mpeg1 => 144 * bitrate / sr + padding,
        _ => 72 * bitrate / sr + padding,
    };
    Some(FrameHeader { version, layer, sample_rate, len })
}

/// Is this a frame header the file can start with (and be recognised by)?
/// Layers II and III with a stated bit rate: layer I and free-format
/// streams are too rare to tell from other bytes that start with `FF F`.
fn is_first_frame(b: &[u8]) -> bool {
    frame_header(b).is_some_and(|h| h.layer != 1 && h.len > 0)
}

/// What the file holds: findings into `cx`, and the range of the frames.
fn walk(src: &dyn Source, cx: &mut Collector) -> Result<Range<u64>> {
    let mut r = Reads::new(src, F);
    let len = r.len();
    let mut pos = 0u64;
    let mut tags = 0usize;
    loop {
        pos = skip_zeros(&mut r, pos)?;
        let head = r.up_to(pos, 10, "ID3v2 header")?;
        let Some(h) = id3::Header::parse(head) else { break };
        tags += 1;
        if tags > MAX_LEADING_TAGS {
            return Err(Error::limit(F, pos, "more ID3 tags in front of the audio than any real file has"));
        }
        let total = h.total_len();
        if pos + total > len {
            return Err(Error::truncated(F, pos, format!("an ID3v2 tag of {total} bytes runs past the end of the file")));
        }
        match r.payload(pos, total, "ID3v2 tag")? {
            Some(tag) => id3::scan_v2(&tag, cx),
            None => cx.add(Reveal::UnknownData, "ID3v2", format!("a tag of {total} bytes")),
        }
        pos += total;
    }
    let audio_end = strip_trailing_tags(&mut r, F, pos, len, cx)?;
    let first = first_frame(&mut r, pos, audio_end)?;
    refuse_damaged_tags(&mut r, F, first, audio_end)?;
    if first > pos {
        let junk = r.get(pos, first - pos, "junk")?;
        if junk.iter().any(|&b| b != 0) {
            cx.add(Reveal::UnknownData, "MPEG:Junk", format!("{} bytes before the first audio frame", first - pos));
        }
    }
    Ok(first..audio_end)
}

/// Skip zero bytes (padding after a tag) up to `MAX_JUNK`.
fn skip_zeros(r: &mut Reads, from: u64) -> Result<u64> {
    let mut pos = from;
    while pos < r.len() && pos - from < MAX_JUNK {
        let window = r.up_to(pos, MAX_JUNK - (pos - from), "audio")?;
        match window.iter().position(|&b| b != 0) {
            Some(i) => return Ok(pos + i as u64),
            None => pos += window.len() as u64,
        }
    }
    Ok(pos)
}

/// The first frame at or after `from`: a header whose next frame starts
/// with a header of the same stream, or that ends exactly at `end`.
fn first_frame(r: &mut Reads, from: u64, end: u64) -> Result<u64> {
    if from >= end {
        return Err(Error::malformed(F, from, "no audio after the tags"));
    }
    let span = (end - from).min(MAX_JUNK);
    let window = r.get(from, span, "audio")?.to_vec();
    if window.starts_with(b"fLaC") {
        return Err(Error::unsupported(Some(F), "a FLAC file with an ID3 tag in front, which Silbato does not clean yet"));
    }
    if window.len() >= 2 && window[0] == 0xFF && window[1] & 0xF6 == 0xF0 {
        return Err(Error::unsupported(Some(F), "an AAC stream (ADTS) with an ID3 tag, which Silbato does not clean yet"));
    }
    for i in memchr::memchr_iter(0xFF, &window) {
        let at = from + i as u64;
        let Some(h) = window.get(i..i + 4).and_then(frame_header) else { continue };
        if h.len == 0 || h.layer == 1 {
            if at == from {
                let what = if h.len == 0 { "free-format MPEG audio" } else { "MPEG layer I audio" };
                return Err(Error::unsupported(Some(F), format!("{what}, which Silbato does not clean yet")));
            }
            continue;
        }
        let next = at + h.len;
        let same = |n: FrameHeader| n.version == h.version && n.layer == h.layer && n.sample_rate == h.sample_rate;
        // The next header is usually in the window already; only the last candidates need a read.
        let in_window = usize::try_from(next - from).ok().and_then(|o| window.get(o..o.checked_add(4)?));
        let chained = next == end
            || match in_window {
                Some(b) => frame_header(b).is_some_and(same),
                None => next + 4 <= end && frame_header(r.get(next, 4, "frame header")?).is_some_and(same),
            };
        if chained {
            return Ok(at);
        }
    }
    Err(Error::malformed(F, from, "no MPEG audio frame where the audio should start"))
}

impl Container for Mp3 {
    const FORMATS: &'static [Format] = &[F];

    fn sniff(head: &[u8]) -> Option<Format> {
        (id3::Header::parse(head).is_some() || is_first_frame(head)).then_some(F)
    }

    fn inspect(src: &dyn Source, _: Format, cx: &mut Collector, _depth: Depth) -> Result<()> {
        walk(src, cx).map(|_| ())
    }

    fn plan_clean(src: &dyn Source, _: Format, cx: &mut Collector) -> Result<CleanPlan> {
        let audio = walk(src, cx)?;
        let mut plan = PlanBuilder::new(src.len());
        plan.copy(audio.start, audio.end)?;
        Ok(plan.finish())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::container::audio::tests::plan_by_ranges;
    use crate::payload::id3::tests::{frame, tag, text};
    use crate::report::Category;
    use crate::reveal::Options;

    /// `n` MPEG-1 layer III frames at 128 kbps, 44.1 kHz (417 bytes each).
    pub fn frames(n: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for i in 0..n {
            let mut f = vec![0xFF, 0xFB, 0x90, 0x64];
            f.extend((0..413).map(|j| ((i * 31 + j * 7) % 251) as u8));
            out.extend(f);
        }
        out
    }

    pub fn sample() -> Vec<u8> {
        let mut apic = vec![0];
        apic.extend_from_slice(b"image/jpeg\0\x03\0");
        apic.extend(crate::container::jpeg::tests::sample());
        let mut file = tag(4, &[text(b"TPE1", "Ana Example"), text(b"TIT2", "Lake St"), frame(b"APIC", &apic)], 64);
        file.extend(frames(6));
        file.extend(crate::payload::ape::build(&[("Comment", b"meet at 7", 0)]));
        let mut v1 = vec![0u8; 128];
        v1[..3].copy_from_slice(b"TAG");
        v1[33..36].copy_from_slice(b"Ana");
        file.extend(v1);
        file
    }

    fn plan(input: &[u8]) -> (Result<CleanPlan>, crate::report::Report) {
        let mut cx = Collector::new(Options::default(), F);
        let r = Mp3::plan_clean(&input, F, &mut cx);
        (r, cx.finish())
    }

    #[test]
    fn keeps_the_frames_and_nothing_else() {
        let input = sample();
        let cleaned = crate::clean(&input, &Options::default()).unwrap();
        assert_eq!(cleaned.output, frames(6));
        let cats: Vec<Category> = cleaned.removed.findings.iter().map(|f| f.category).collect();
        for c in [Category::Person, Category::Text, Category::Embedded, Category::Location] {
            assert!(cats.contains(&c), "{c:?}: {:#?}", cleaned.removed.findings);
        }
        assert!(cleaned.removed.findings.iter().any(|f| f.tag == "APE:Comment"));
        assert!(cleaned.removed.findings.iter().any(|f| f.tag == "ID3v1:Artist"));
        let again = crate::clean(&cleaned.output, &Options::default()).unwrap();
        assert_eq!(again.output, cleaned.output);
        assert!(again.removed.findings.is_empty());
        // By ranges: the same plan, and not the whole file read for a long one.
        let mut long = tag(3, &[text(b"TPE1", "Ana")], 0);
        long.extend(frames(2000));
        let (p, loaded) = plan_by_ranges(&long);
        assert_eq!(p.unwrap().plan, crate::plan_clean(&long, &Options::default()).unwrap().plan);
        assert!(loaded < long.len() as u64 / 3, "{loaded} of {}", long.len());
    }

    #[test]
    fn junk_and_padding_before_the_first_frame() {
        // Zero padding after the tag, beyond its declared size: dropped silently.
        let mut input = tag(3, &[text(b"TPE1", "Ana")], 0);
        input.extend_from_slice(&[0; 300]);
        input.extend(frames(3));
        let c = crate::clean(&input, &Options::default()).unwrap();
        assert_eq!(c.output, frames(3));
        // Junk with a false sync (FF FB) that the next header does not confirm.
        let mut input = tag(3, &[text(b"TPE1", "Ana")], 0);
        input.extend_from_slice(b"junk\xFF\xFB\x90\x64junk");
        input.extend(frames(3));
        let c = crate::clean(&input, &Options::default()).unwrap();
        assert_eq!(c.output, frames(3));
        assert!(c.removed.findings.iter().any(|f| f.tag == "MPEG:Junk"));
        // Two tags in front.
        let mut input = tag(4, &[text(b"TPE1", "Ana")], 0);
        input.extend(tag(3, &[text(b"TCOM", "Luis")], 10));
        input.extend(frames(2));
        let c = crate::clean(&input, &Options::default()).unwrap();
        assert!(c.removed.findings.iter().any(|f| f.tag == "ID3:TCOM"));
        assert_eq!(c.output, frames(2));
    }

    #[test]
    fn other_streams_behind_an_id3_tag_are_refused() {
        for body in [&b"fLaC\0\0\0\x22"[..], b"\xFF\xF1\x50\x80\x02\x1F\xFC", b"not audio at all"] {
            let mut input = tag(3, &[text(b"TPE1", "Ana")], 0);
            input.extend_from_slice(body);
            assert!(plan(&input).0.is_err());
        }
        // A file of nothing but a tag.
        assert!(plan(&tag(3, &[text(b"TPE1", "Ana")], 0)).0.is_err());
    }

    #[test]
    fn sniffs_tags_and_frames_but_not_text() {
        assert_eq!(Mp3::sniff(b"ID3\x04\0\0\0\0\0\x10"), Some(F));
        assert_eq!(Mp3::sniff(&frames(1)), Some(F));
        assert_eq!(Mp3::sniff(b"\xFF\xFEH\0e\0l\0l\0o\0"), None, "UTF-16 text");
        assert_eq!(Mp3::sniff(b"\xFF\xD8\xFF\xE0"), None, "JPEG");
        assert_eq!(Mp3::sniff(b"ID3\x04\0\0\x80\0\0\0"), None, "not synchsafe");
    }

    #[test]
    fn every_prefix_is_an_error_or_clean() {
        let input = sample();
        let full = crate::clean(&input, &Options::default()).unwrap().output;
        for cut in 0..input.len() {
            // A cut inside the frames is a shorter MP3 (frames are independent);
            // what it must never be is a panic or output with metadata.
            if let Ok(c) = crate::clean(&input[..cut], &Options::default()) {
                assert!(full.starts_with(&c.output) || crate::inspect(&c.output, &Options::default()).unwrap().findings.is_empty(), "cut {cut}");
            }
            let _ = plan(&input[..cut]);
        }
        // Cut inside the leading tag: always an error.
        for cut in 0..(input.len() - frames(6).len() - 200) {
            assert!(plan(&input[..cut]).0.is_err(), "cut {cut}");
        }
    }
}

#[cfg(test)]
mod limits {
    use super::*;
    use crate::payload::id3::tests::{tag, text};
    use crate::reveal::Options;
    use crate::ErrorKind;

    #[test]
    fn max_leading_tags_and_trailing_tags() {
        let mut input = Vec::new();
        for _ in 0..=MAX_LEADING_TAGS {
            input.extend(tag(3, &[text(b"TPE1", "Ana")], 0));
        }
        input.extend(tests::frames(2));
        assert_eq!(crate::clean(&input, &Options::default()).unwrap_err().kind, ErrorKind::LimitExceeded);
        let mut input = tests::frames(2);
        let mut v1 = vec![0u8; 128];
        v1[..3].copy_from_slice(b"TAG");
        for _ in 0..=crate::container::audio::MAX_TRAILING_TAGS {
            input.extend_from_slice(&v1);
        }
        assert_eq!(crate::clean(&input, &Options::default()).unwrap_err().kind, ErrorKind::LimitExceeded);
    }

    #[test]
    fn junk_beyond_max_junk_is_not_searched() {
        let mut input = tag(3, &[text(b"TPE1", "Ana")], 0);
        input.extend(std::iter::repeat_n(0x55u8, MAX_JUNK as usize));
        input.extend(tests::frames(3));
        assert_eq!(crate::clean(&input, &Options::default()).unwrap_err().kind, ErrorKind::Malformed);
    }
}
