//! Audio files: MP3 (`mp3.rs`), WAV (`wav.rs`), FLAC (`flac.rs`) and Ogg
//! Vorbis, Opus, Speex and FLAC (`ogg.rs`). M4A is ISO media (`isobmff/`).
//!
//! Their metadata sits at the start (ID3v2, RIFF chunks before `data`, FLAC
//! metadata blocks, Ogg header pages) and at the end (APE, Lyrics3, ID3v1,
//! chunks after `data`), so each is planned from a few ranges read through
//! the `Source` and the audio between is copied byte for byte, never
//! loaded: an hour-long recording costs the same as a short one.

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::payload::{ape, id3};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};
use crate::source::Source;

pub mod flac;
pub mod mp3;
pub mod ogg;
pub mod wav;

/// Bytes read at once when walking headers, so that a file's start and
/// end come in one request each rather than one per header.
pub const WINDOW: u64 = 64 << 10;
/// Largest metadata structure read to report what it holds (a tag, a
/// chunk, a picture); larger ones are named by size and dropped unread.
pub const MAX_META_READ: u64 = 16 << 20;
/// Tags recognised one after another at the end of a file.
pub const MAX_TRAILING_TAGS: usize = 8;
/// Lyrics3 v1 blocks are at most this long (11 + 5100 + 9 bytes).
const LYRICS3_V1_MAX: u64 = 5120;

/// Reads a `Source` through a window: a header read loads `WINDOW` bytes
/// around it, so the next headers are usually already there.
pub(crate) struct Reads<'s> {
    src: &'s dyn Source,
    f: Format,
    at: u64,
    buf: Cow<'s, [u8]>,
}

impl<'s> Reads<'s> {
    pub fn new(src: &'s dyn Source, f: Format) -> Self {
        Reads { src, f, at: 0, buf: Cow::Borrowed(&[]) }
    }

    pub fn len(&self) -> u64 {
        self.src.len()
    }

    /// `len` bytes at `at`; `Truncated` when the file ends first.
    pub fn get(&mut self, at: u64, len: u64, what: &'static str) -> Result<&[u8]> {
        let end = at.checked_add(len).filter(|&e| e <= self.src.len()).ok_or_else(|| Error::truncated(self.f, at, what))?;
        let held = at >= self.at && end <= self.at + self.buf.len() as u64;
        if !held {
            let want = len.max(WINDOW.min(self.src.len() - at));
            self.buf = self.src.read(at, want)?;
            self.at = at;
        }
        let from = (at - self.at) as usize;
        self.buf.get(from..from + len as usize).ok_or_else(|| Error::truncated(self.f, at, what))
    }

    /// As `get`, but only the bytes up to the end of the file.
    pub fn up_to(&mut self, at: u64, len: u64, what: &'static str) -> Result<&[u8]> {
        let len = len.min(self.src.len().saturating_sub(at));
        self.get(at, len, what)
    }

    /// A metadata structure of `len` bytes, owned, or `None` above
    /// `MAX_META_READ` (the caller names it by size).
    pub fn payload(&mut self, at: u64, len: u64, what: &'static str) -> Result<Option<Vec<u8>>> {
        if len > MAX_META_READ {
            return Ok(None);
        }
        Ok(Some(self.get(at, len, what)?.to_vec()))
    }
}

/// Tags appended to the audio, found from the end of `start..end` one after
/// another (ID3v1 and its `TAG+` extension, APEv1/v2, Lyrics3 v1/v2, an
/// appended ID3v2.4 tag), reported into `cx`. Returns where the audio ends.
pub(crate) fn strip_trailing_tags(r: &mut Reads, f: Format, start: u64, mut end: u64, cx: &mut Collector) -> Result<u64> {
    for _ in 0..MAX_TRAILING_TAGS {
        let room = end - start;
        if room >= 128 && r.get(end - 128, 3, "ID3v1")? == b"TAG" {
            let tag = r.get(end - 128, 128, "ID3v1")?.to_vec();
            id3::scan_v1(&tag, cx);
            end -= 128;
            if end - start >= 227 && r.get(end - 227, 4, "ID3v1+")? == b"TAG+" {
                let ext = r.get(end - 227, 227, "ID3v1+")?.to_vec();
                id3::scan_v1_extended(&ext, cx);
                end -= 227;
            }
            continue;
        }
        if room >= 32 {
            if let Some(footer) = ape::ApeFooter::parse(r.get(end - 32, 32, "APE footer")?) {
                let total = footer.total_len();
                if total < 32 || total > room {
                    return Err(Error::malformed(f, end - 32, format!("an APE tag of {total} bytes does not fit before its footer")));
                }
                let items_at = end - u64::from(footer.size);
                match r.payload(items_at, u64::from(footer.size) - 32, "APE items")? {
                    Some(items) => ape::scan(&items, footer.items, cx),
                    None => cx.add(Reveal::UnknownData, "APE", format!("a tag of {total} bytes")),
                }
                end -= total;
                continue;
            }
        }
        if room >= 15 + 11 && r.get(end - 9, 9, "Lyrics3")? == b"LYRICS200" {
            let digits = r.get(end - 15, 6, "Lyrics3 size")?;
            let size = std::str::from_utf8(digits).ok().and_then(|s| s.parse::<u64>().ok());
            let total = size.map(|s| s + 15).filter(|&t| t <= room);
            let Some(total) = total else { return Err(Error::malformed(f, end - 15, "a Lyrics3 size that does not fit")) };
            let block = r.get(end - total, total, "Lyrics3")?.to_vec();
            if !block.starts_with(b"LYRICSBEGIN") {
                return Err(Error::malformed(f, end - total, "a Lyrics3 block without its start"));
            }
            ape::scan_lyrics3(&block, cx);
            end -= total;
            continue;
        }
        if room >= 20 && r.get(end - 9, 9, "Lyrics3")? == b"LYRICSEND" {
            // Lyrics3 v1 has no size: find its start in the last 5120 bytes.
            let span = room.min(LYRICS3_V1_MAX);
            let window = r.get(end - span, span, "Lyrics3")?.to_vec();
            let Some(at) = memchr::memmem::rfind(&window, b"LYRICSBEGIN") else {
                return Err(Error::malformed(f, end - 9, "a Lyrics3 block without its start"));
            };
            ape::scan_lyrics3(&window[at..], cx);
            end -= span - at as u64;
            continue;
        }
        if room >= 20 {
            if let Some(total) = id3::footer_total_len(r.get(end - 10, 10, "ID3v2 footer")?) {
                if total > room {
                    return Err(Error::malformed(f, end - 10, "an appended ID3v2 tag that does not fit"));
                }
                match r.payload(end - total, total, "ID3v2")? {
                    Some(tag) => id3::scan_v2(&tag, cx),
                    None => cx.add(Reveal::UnknownData, "ID3v2", format!("an appended tag of {total} bytes")),
                }
                end -= total;
                continue;
            }
        }
        return Ok(end);
    }
    Err(Error::limit(f, end, "more tags after the audio than any real file has"))
}

/// Refuse a file whose audio ends in what looks like a damaged tag (an APE
/// or Lyrics3 signature, or `TAG` in the last 128 bytes): the frames in
/// between are copied unread, so a tag cut short would be copied as audio.
/// Random audio holds these bytes there about once in 100,000 files.
pub(crate) fn refuse_damaged_tags(r: &mut Reads, f: Format, start: u64, end: u64) -> Result<()> {
    let span = (end - start).min(WINDOW);
    let tail = r.get(end - span, span, "audio")?;
    for magic in [&b"APETAGEX"[..], b"LYRICSBEGIN", b"LYRICS200", b"LYRICSEND"] {
        if let Some(at) = memchr::memmem::find(tail, magic) {
            return Err(Error::malformed(f, end - span + at as u64, "a damaged tag after the audio"));
        }
    }
    let last = tail.get(tail.len().saturating_sub(128)..).unwrap_or(&[]);
    if let Some(at) = memchr::memmem::find(last, b"TAG") {
        return Err(Error::malformed(f, end - last.len() as u64 + at as u64, "what looks like an ID3v1 tag cut short after the audio"));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::reveal::Options;

    /// Plan through the range protocol, loading only what the core asks for.
    pub fn plan_by_ranges(bytes: &[u8]) -> (crate::Result<crate::Planned>, u64) {
        let mut sparse = crate::Sparse::new(bytes.len() as u64);
        for _ in 0..1000 {
            match crate::plan_clean_source(&sparse, &Options::default()) {
                Ok(crate::Step::Done(p)) => return (Ok(p), sparse.loaded()),
                Ok(crate::Step::Need { start, len }) => sparse.insert(start, bytes[start as usize..(start + len) as usize].to_vec()),
                Err(e) => return (Err(e), sparse.loaded()),
            }
        }
        panic!("too many reads");
    }

    #[test]
    fn trailing_tags_in_any_order() {
        let audio = vec![0x55u8; 1000];
        let mut file = audio.clone();
        file.extend(ape::build(&[("Artist", b"Ana", 0)]));
        file.extend_from_slice(b"LYRICSBEGINAUT00003Ana000022LYRICS200");
        let mut v1 = vec![0u8; 128];
        v1[..3].copy_from_slice(b"TAG");
        v1[33..36].copy_from_slice(b"Ana");
        file.extend(v1);
        let slice = file.as_slice();
        let mut r = Reads::new(&slice, Format::Mp3);
        let mut cx = Collector::new(Options::default(), Format::Mp3);
        let end = strip_trailing_tags(&mut r, Format::Mp3, 0, file.len() as u64, &mut cx).unwrap();
        assert_eq!(end, audio.len() as u64);
        let tags: Vec<String> = cx.finish().findings.iter().map(|f| f.tag.clone()).collect();
        for t in ["APE:Artist", "Lyrics3:AUT", "ID3v1:Artist"] {
            assert!(tags.iter().any(|x| x == t), "{t}: {tags:?}");
        }
        // A tag claiming more than there is: an error, not a guess.
        let mut bad = audio.clone();
        let mut t = ape::build(&[("Artist", b"Ana", 0)]);
        let n = t.len();
        t[n - 20..n - 16].copy_from_slice(&5000u32.to_le_bytes());
        bad.extend(t);
        let slice = bad.as_slice();
        let mut r = Reads::new(&slice, Format::Mp3);
        let mut cx = Collector::new(Options::default(), Format::Mp3);
        assert!(strip_trailing_tags(&mut r, Format::Mp3, 0, bad.len() as u64, &mut cx).is_err());
    }
}
