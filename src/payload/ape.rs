//! APE tags (APEv1 and APEv2, as Monkey's Audio, foobar2000 and MP3Gain
//! write them at the end of MP3 files) and Lyrics3 blocks (v1 and v2, the
//! 1990s lyrics tags before an ID3v1 tag). Reading only: cleaning drops them
//! whole.

use crate::payload::audio_tags::{add_keyed, decode_text, scan_picture};
use crate::reveal::{Collector, Reveal};

/// The 32-byte APE footer (and header): `APETAGEX`, version, size of the
/// items and footer, item count, flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApeFooter {
    pub version: u32,
    /// Items plus footer, excluding the optional header.
    pub size: u32,
    pub items: u32,
    pub flags: u32,
}

impl ApeFooter {
    pub fn parse(b: &[u8]) -> Option<ApeFooter> {
        let b = b.get(..32)?;
        if &b[..8] != b"APETAGEX" {
            return None;
        }
        let u = |at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
        Some(ApeFooter { version: u(8), size: u(12), items: u(16), flags: u(20) })
    }

    /// Header, items and footer.
    pub fn total_len(&self) -> u64 {
        u64::from(self.size) + if self.flags & 0x8000_0000 != 0 { 32 } else { 0 }
    }
}

/// Report an APE tag's items (`items` excludes header and footer): value
/// size, flags, key, NUL, value (APEv2 specification, "APE Tag Item").
pub fn scan(items: &[u8], count: u32, cx: &mut Collector) {
    let mut at = 0usize;
    for _ in 0..count {
        let Some(h) = items.get(at..at + 8) else { break };
        let len = u32::from_le_bytes([h[0], h[1], h[2], h[3]]) as usize;
        let flags = u32::from_le_bytes([h[4], h[5], h[6], h[7]]);
        let key_start = at + 8;
        let Some(key_len) = items.get(key_start..).and_then(|k| memchr::memchr(0, k)) else { break };
        let key = String::from_utf8_lossy(&items[key_start..key_start + key_len]).into_owned();
        let value_start = key_start + key_len + 1;
        let Some(value) = value_start.checked_add(len).and_then(|end| items.get(value_start..end)) else {
            cx.warn("APE: an item runs past the end of the tag");
            break;
        };
        at = value_start + len;
        let tag = format!("APE:{key}");
        // Bits 1-2: 0 text, 1 binary, 2 a link to an external resource.
        match (flags >> 1) & 3 {
            1 => {
                if key.to_ascii_lowercase().starts_with("cover art") {
                    // The file name, a NUL, then the picture.
                    let name_end = memchr::memchr(0, value).map_or(0, |i| i + 1);
                    scan_picture(&tag, &decode_text(value), value.get(name_end..).unwrap_or(&[]), cx);
                } else {
                    cx.add(Reveal::UnknownData, tag, format!("{} bytes of binary data", value.len()));
                }
            }
            2 => cx.add_text(Reveal::Contact, tag, &decode_text(value)),
            _ => add_keyed(cx, tag, &key, &String::from_utf8_lossy(value).replace('\0', "; ")),
        }
    }
}

/// Report a Lyrics3 v2 block (`LYRICSBEGIN`, fields of a 3-letter id and a
/// 5-digit size, then a 6-digit size and `LYRICS200`) or a v1 block
/// (`LYRICSBEGIN` … `LYRICSEND`, the lyrics alone).
pub fn scan_lyrics3(block: &[u8], cx: &mut Collector) {
    let Some(body) = block.strip_prefix(b"LYRICSBEGIN") else { return };
    if let Some(lyrics) = body.strip_suffix(b"LYRICSEND") {
        cx.add_text(Reveal::Caption, "Lyrics3:Lyrics", &decode_text(lyrics));
        return;
    }
    let body = body.get(..body.len().saturating_sub(15)).unwrap_or(&[]);
    let mut at = 0usize;
    while let Some(h) = body.get(at..at + 8) {
        let id = String::from_utf8_lossy(&h[..3]).into_owned();
        let Some(len) = std::str::from_utf8(&h[3..8]).ok().and_then(|s| s.parse::<usize>().ok()) else { break };
        let value = body.get(at + 8..at + 8 + len).unwrap_or(&[]);
        at += 8 + len;
        let reveal = match id.as_str() {
            "AUT" | "EAR" => Reveal::PersonName,
            "IND" => Reveal::TechnicalNote,
            _ => Reveal::Caption,
        };
        if id == "IND" {
            cx.add(reveal, format!("Lyrics3:{id}"), "indications");
        } else {
            cx.add_text(reveal, format!("Lyrics3:{id}"), &decode_text(value));
        }
    }
}

/// An APEv2 tag with these text items, header and footer (tests and fixtures).
#[cfg(test)]
pub fn build(items: &[(&str, &[u8], u32)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (key, value, flags) in items {
        body.extend_from_slice(&(value.len() as u32).to_le_bytes());
        body.extend_from_slice(&flags.to_le_bytes());
        body.extend_from_slice(key.as_bytes());
        body.push(0);
        body.extend_from_slice(value);
    }
    let size = body.len() as u32 + 32;
    let block = |flags: u32| {
        let mut b = b"APETAGEX".to_vec();
        for v in [2000, size, items.len() as u32, flags] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&[0; 8]);
        b
    };
    let mut t = block(0xA000_0000);
    t.extend(body);
    t.extend(block(0x8000_0000));
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Category, Format};
    use crate::reveal::Options;

    #[test]
    fn ape_items_and_lyrics3() {
        let mut cover = b"cover.jpg\0".to_vec();
        cover.extend(crate::container::jpeg::tests::sample());
        let t = build(&[("Artist", b"Ana Example", 0), ("Cover Art (Front)", &cover, 2), ("Related", b"https://example.org", 4)]);
        let f = ApeFooter::parse(&t[t.len() - 32..]).unwrap();
        assert_eq!(f.total_len(), t.len() as u64);
        let mut cx = Collector::new(Options::default(), Format::Mp3);
        scan(&t[32..t.len() - 32], f.items, &mut cx);
        let r = cx.finish();
        assert!(r.findings.iter().any(|x| x.tag == "APE:Artist" && x.category == Category::Person));
        assert!(r.findings.iter().any(|x| x.tag == "APE:Cover Art (Front)" && x.category == Category::Embedded));
        assert!(r.findings.iter().any(|x| x.category == Category::Location), "the cover's GPS: {:#?}", r.findings);
        assert!(r.findings.iter().any(|x| x.tag == "APE:Related" && x.category == Category::Person));

        let mut cx = Collector::new(Options::default(), Format::Mp3);
        scan_lyrics3(b"LYRICSBEGININD00002\x31\x31AUT00003Ana000032LYRICS200", &mut cx);
        assert!(cx.finish().findings.iter().any(|x| x.tag == "Lyrics3:AUT" && x.value == "Ana"));
        for cut in 0..t.len() {
            let mut cx = Collector::new(Options::default(), Format::Mp3);
            scan(&t[..cut], 3, &mut cx);
        }
    }
}
