//! Vorbis comments (Vorbis I specification §5.2: a vendor string and a list
//! of `KEY=value` fields), the tag format of FLAC, Ogg Vorbis, Opus and
//! Speex, with pictures as base64 `METADATA_BLOCK_PICTURE` fields.

use crate::payload::audio_tags::{add_keyed, base64_decode, flac_picture, scan_picture};
use crate::reveal::{Collector, Reveal};

/// Report a comment list; `prefix` names the format in the tags (`Vorbis`).
/// Returns how many bytes the list took, so that what follows it (Opus
/// allows more data after the list, RFC 7845 §5.2) can be named too.
/// Damage stops the reading with a warning: the list is removed whole.
pub fn scan(data: &[u8], prefix: &str, cx: &mut Collector) -> usize {
    let u32_at = |at: usize| data.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize);
    let Some(vendor_len) = u32_at(0) else {
        cx.warn(format!("{prefix}: the comment list is cut short"));
        return data.len();
    };
    let Some(vendor) = data.get(4..4usize.saturating_add(vendor_len)) else {
        cx.warn(format!("{prefix}: the vendor string runs past the end"));
        return data.len();
    };
    cx.add_text(Reveal::Software, format!("{prefix}:Vendor"), &String::from_utf8_lossy(vendor));
    let mut at = 4 + vendor_len;
    let Some(count) = u32_at(at) else {
        cx.warn(format!("{prefix}: the comment list is cut short"));
        return data.len();
    };
    at += 4;
    // Each field takes at least its 4-byte length, so the data bounds the loop.
    for _ in 0..count {
        let Some(len) = u32_at(at) else {
            cx.warn(format!("{prefix}: the comment list is cut short"));
            return data.len();
        };
        let Some(field) = data.get(at + 4..(at + 4).saturating_add(len)) else {
            cx.warn(format!("{prefix}: a comment runs past the end of the list"));
            return data.len();
        };
        at += 4 + len;
        comment(field, prefix, cx);
    }
    at
}

fn comment(field: &[u8], prefix: &str, cx: &mut Collector) {
    let eq = memchr::memchr(b'=', field).unwrap_or(field.len());
    let key = String::from_utf8_lossy(&field[..eq]).trim().to_string();
    let value = field.get(eq + 1..).unwrap_or(&[]);
    let tag = format!("{prefix}:{key}");
    match key.to_ascii_uppercase().as_str() {
        "METADATA_BLOCK_PICTURE" => match base64_decode(value).as_deref().and_then(flac_picture) {
            Some((mime, _, picture)) => scan_picture(&tag, &mime, picture, cx),
            None => cx.add(Reveal::Attachment, tag, "a picture that could not be read"),
        },
        // The older, unofficial way: the picture itself in base64.
        "COVERART" => match base64_decode(value) {
            Some(picture) => scan_picture(&tag, "", &picture, cx),
            None => cx.add(Reveal::Attachment, tag, "a picture that could not be read"),
        },
        _ => add_keyed(cx, tag, &key, &String::from_utf8_lossy(value)),
    }
}

/// A comment list with these fields (for tests and fixtures).
#[cfg(test)]
pub fn build(vendor: &str, fields: &[&str]) -> Vec<u8> {
    let mut b = (vendor.len() as u32).to_le_bytes().to_vec();
    b.extend_from_slice(vendor.as_bytes());
    b.extend_from_slice(&(fields.len() as u32).to_le_bytes());
    for f in fields {
        b.extend_from_slice(&(f.len() as u32).to_le_bytes());
        b.extend_from_slice(f.as_bytes());
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Category, Format};
    use crate::reveal::Options;

    #[test]
    fn fields_and_pictures_are_named() {
        let jpeg = crate::container::jpeg::tests::sample();
        let mut block = 3u32.to_be_bytes().to_vec();
        block.extend_from_slice(&10u32.to_be_bytes());
        block.extend_from_slice(b"image/jpeg");
        block.extend_from_slice(&0u32.to_be_bytes());
        block.extend_from_slice(&[0; 16]);
        block.extend_from_slice(&(jpeg.len() as u32).to_be_bytes());
        block.extend_from_slice(&jpeg);
        let b64 = base64_encode(&block);
        let pic = format!("METADATA_BLOCK_PICTURE={b64}");
        let list = build("libVorbis", &["ARTIST=Ana Example", "LOCATION=Lake Street", "GPS=44.96, -93.27", &pic]);
        let mut cx = Collector::new(Options::default(), Format::Ogg);
        assert_eq!(scan(&list, "Vorbis", &mut cx), list.len());
        let r = cx.finish();
        let has = |tag: &str, cat: Category| r.findings.iter().any(|f| f.tag == tag && f.category == cat);
        assert!(has("Vorbis:Vendor", Category::Software));
        assert!(has("Vorbis:ARTIST", Category::Person));
        assert!(has("Vorbis:LOCATION", Category::Location));
        assert!(has("Vorbis:GPS", Category::Location));
        assert!(has("Vorbis:METADATA_BLOCK_PICTURE", Category::Embedded), "{:#?}", r.findings);
        for cut in 0..list.len() {
            let mut cx = Collector::new(Options::default(), Format::Ogg);
            scan(&list[..cut], "Vorbis", &mut cx);
        }
    }

    fn base64_encode(b: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for c in b.chunks(3) {
            let n = (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
            for i in 0..4 {
                if i <= c.len() {
                    s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    s.push('=');
                }
            }
        }
        s
    }
}
