//! What audio tags say, shared by the tag formats that name fields with
//! free-form keys (Vorbis comments, APE items, ID3 `TXXX`, WAV `INFO`) and
//! the pictures they carry (ID3 `APIC`, FLAC `PICTURE`, APE cover art): a
//! picture is itself inspected, so the GPS position of an attached phone
//! photo is named too.

use crate::report::Media;
use crate::reveal::{Collector, Reveal};

/// ISO 8859-1 up to the first NUL, trimmed.
pub fn decode_latin1_trim(bytes: &[u8]) -> String {
    let end = memchr::memchr(0, bytes).unwrap_or(bytes.len());
    bytes.get(..end).unwrap_or(bytes).iter().map(|&b| b as char).collect::<String>().trim().to_string()
}

/// UTF-8 when it is, ISO 8859-1 otherwise (WAV and APE text in the wild is both), up to a NUL, trimmed.
pub fn decode_text(bytes: &[u8]) -> String {
    let end = memchr::memchr(0, bytes).unwrap_or(bytes.len());
    let bytes = bytes.get(..end).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.trim().to_string(),
        Err(_) => decode_latin1_trim(bytes),
    }
}

/// What a field named by a free-form key reveals (`ARTIST`, `Record Location`,
/// `REPLAYGAIN_TRACK_GAIN`, `MusicBrainz Album Id`…). Text is the default:
/// a key we do not know still holds words someone wrote.
pub fn key_reveal(key: &str) -> Reveal {
    let k: String = key.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| k.contains(w));
    if has(&["latitude", "longitude", "gps", "coordinates", "iso6709", "geotag"]) {
        Reveal::GpsDetail
    } else if has(&["location", "place", "city", "country", "address", "region", "venue"]) {
        Reveal::PlaceName
    } else if has(&["email", "website", "url", "www", "contact", "phone"]) {
        Reveal::Contact
    } else if has(&["musicbrainz", "acoustid", "uuid", "guid", "uniqueid", "asin", "barcode", "catalog", "isrc", "upc", "discid"]) {
        Reveal::UniqueId
    } else if has(&["replaygain", "r128", "itunsmpb", "itunnorm", "itunpgap", "bpm", "tempo", "tracknumber", "tracktotal", "totaltracks"])
        || matches!(
            k.as_str(),
            "track" | "disc" | "discnumber" | "disctotal" | "totaldiscs" | "key" | "initialkey" | "language" | "compilation" | "rating" | "length"
        )
    {
        Reveal::TechnicalNote
    } else if has(&["encoder", "software", "vendor", "encodingsettings", "encodersettings", "tool"]) && !has(&["encodedby"]) {
        Reveal::Software
    } else if has(&[
        "artist",
        "performer",
        "composer",
        "lyricist",
        "conductor",
        "author",
        "copyright",
        "publisher",
        "organization",
        "organisation",
        "label",
        "encodedby",
        "owner",
        "producer",
        "writer",
        "arranger",
        "remixer",
        "engineer",
        "mixer",
        "director",
        "originator",
        "creator",
        "technician",
        "commissioned",
        "person",
    ]) && !has(&["title", "filename"])
    {
        Reveal::PersonName
    } else if has(&["date", "year", "creationtime"]) && !has(&["update"]) {
        if has(&["original", "release", "tagging", "encoding"]) {
            Reveal::OtherTime
        } else {
            Reveal::CaptureTime
        }
    } else if has(&["time"]) {
        Reveal::OtherTime
    } else {
        Reveal::Caption
    }
}

/// Report `value` under `tag` as `key` says; a position written as numbers
/// (`44.96, -93.27`, ISO 6709) becomes a position on the map.
pub fn add_keyed(cx: &mut Collector, tag: String, key: &str, value: &str) {
    let reveal = key_reveal(key);
    if matches!(reveal, Reveal::GpsDetail | Reveal::PlaceName) {
        if let Some((lat, lon)) = parse_position(value) {
            cx.add_position(tag, lat, lon);
            return;
        }
    }
    cx.add_text(reveal, tag, value);
}

/// `44.9618, -93.2710`, `44.9618 -93.2710` or ISO 6709 (`+44.9618-093.2710/`).
pub fn parse_position(s: &str) -> Option<(f64, f64)> {
    if let Some(p) = crate::payload::quicktime::parse_iso6709(s).filter(|_| s.trim_start().starts_with(['+', '-'])) {
        return Some(p);
    }
    let mut nums = s.split([',', ' ', ';']).filter(|p| !p.is_empty()).map(str::parse::<f64>);
    match (nums.next(), nums.next()) {
        (Some(Ok(lat)), Some(Ok(lon))) if lat.abs() <= 90.0 && lon.abs() <= 180.0 => Some((lat, lon)),
        _ => None,
    }
}

/// A picture or file attached to a recording: reported as an attachment,
/// and when it is a photo Silbato reads, its own findings (an iPhone photo
/// used as cover art carries the place it was taken) are reported too.
pub fn scan_picture(tag: &str, label: &str, data: &[u8], cx: &mut Collector) {
    let label = if label.is_empty() { "a picture" } else { label };
    cx.add(Reveal::Attachment, tag, format!("{label}, {} bytes", data.len()));
    let Some(format) = crate::sniff(data) else { return };
    // Only photos: an audio file inside an audio file is not read again (no recursion).
    if format.info().media != Media::Photo {
        return;
    }
    if let Some(entry) = crate::container::for_format(format) {
        if let Err(e) = (entry.inspect)(&data, format, cx, crate::container::Depth::Headers) {
            cx.warn(format!("{tag}: the attached {} could not be read ({e}); it is removed all the same", format.display_name()));
        }
    }
}

/// FLAC's `PICTURE` block (FLAC format §METADATA_BLOCK_PICTURE), also found
/// base64-encoded in Vorbis comments: type, MIME type, description, size,
/// then the picture. Returns (MIME type, description, picture).
pub fn flac_picture(b: &[u8]) -> Option<(String, String, &[u8])> {
    let u32_at = |at: usize| b.get(at..at + 4).map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as usize);
    let mime_len = u32_at(4)?;
    let mime = b.get(8..8usize.checked_add(mime_len)?)?;
    let at = 8 + mime_len;
    let desc_len = u32_at(at)?;
    let desc = b.get(at + 4..(at + 4).checked_add(desc_len)?)?;
    let at = at + 4 + desc_len + 16; // width, height, depth, colours
    let len = u32_at(at)?;
    let data = b.get(at + 4..).map(|d| d.get(..len).unwrap_or(d))?;
    Some((decode_text(mime), String::from_utf8_lossy(desc).trim().to_string(), data))
}

/// Standard base64 (RFC 4648 §4), padding optional, whitespace skipped;
/// `None` on any other character.
pub fn base64_decode(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for &c in s {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            b'\r' | b'\n' | b' ' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_named_by_what_they_reveal() {
        assert_eq!(key_reveal("ARTIST"), Reveal::PersonName);
        assert_eq!(key_reveal("Album Artist"), Reveal::PersonName);
        assert_eq!(key_reveal("TITLE"), Reveal::Caption);
        assert_eq!(key_reveal("ALBUM"), Reveal::Caption);
        assert_eq!(key_reveal("Record Location"), Reveal::PlaceName);
        assert_eq!(key_reveal("REPLAYGAIN_TRACK_GAIN"), Reveal::TechnicalNote);
        assert_eq!(key_reveal("MusicBrainz Album Id"), Reveal::UniqueId);
        assert_eq!(key_reveal("ENCODER"), Reveal::Software);
        assert_eq!(key_reveal("ENCODED-BY"), Reveal::PersonName);
        assert_eq!(key_reveal("DATE"), Reveal::CaptureTime);
        assert_eq!(key_reveal("KEYWORDS"), Reveal::Caption);
        assert_eq!(key_reveal("creation_time"), Reveal::CaptureTime);
    }

    #[test]
    fn positions_and_base64() {
        assert_eq!(parse_position("44.5, -93.25"), Some((44.5, -93.25)));
        assert_eq!(parse_position("+44.5-093.25/"), Some((44.5, -93.25)));
        assert_eq!(parse_position("Lake Street"), None);
        assert_eq!(base64_decode(b"QW5h").unwrap(), b"Ana");
        assert_eq!(base64_decode(b"QW5hIQ==").unwrap(), b"Ana!");
        assert!(base64_decode(b"QW*h").is_none());
    }
}
