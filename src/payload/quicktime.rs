//! QuickTime and MP4 metadata: `udta` entries (`©xyz`, `©mak`, 3GPP `loci`,
//! `auth`, GoPro's `FIRM`/`CAME`/`MUID`…), `meta` boxes with `keys` + `ilst`
//! (Apple's `com.apple.quicktime.*` keys) or iTunes-style `ilst`, and GoPro
//! GPMF telemetry (gopro/gpmf-parser's KLV format). Reading only: cleaning
//! turns these boxes into `free` boxes whatever they hold.

use crate::bytes::{sub, Reader};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};

/// Children of a box payload: (type, payload). Damaged lists stop early.
pub fn child_boxes(data: &[u8]) -> Vec<([u8; 4], &[u8])> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while let Some(h) = sub(data, pos, 8) {
        let size = u32::from_be_bytes([h[0], h[1], h[2], h[3]]) as usize;
        let typ = [h[4], h[5], h[6], h[7]];
        let (header, size) = match size {
            0 => (8, data.len() - pos),
            1 => match sub(data, pos + 8, 8) {
                Some(l) => (16, u64::from_be_bytes([l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7]]) as usize),
                None => break,
            },
            n => (8, n),
        };
        if size < header || pos.checked_add(size).is_none_or(|e| e > data.len()) || out.len() > 10_000 {
            break;
        }
        out.push((typ, &data[pos + header..pos + size]));
        pos += size;
    }
    out
}

fn fourcc(t: &[u8; 4]) -> String {
    t.iter()
        .map(|&b| {
            if b == 0xA9 {
                '©'
            } else if b.is_ascii_graphic() {
                b as char
            } else {
                '?'
            }
        })
        .collect()
}

/// ISO 6709 position: "+44.9618-093.2710+256.000/", also ±DDMM.MM and ±DDMMSS.S forms.
pub fn parse_iso6709(s: &str) -> Option<(f64, f64)> {
    let s = s.trim().trim_end_matches('/');
    let mut parts = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if (c == '+' || c == '-') && !cur.is_empty() {
            parts.push(std::mem::take(&mut cur));
        }
        if c == '+' || c == '-' || c == '.' || c.is_ascii_digit() {
            cur.push(c);
        } else {
            break;
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    let angle = |p: &str, deg_digits: usize| -> Option<f64> {
        let sign = if p.starts_with('-') { -1.0 } else { 1.0 };
        let body = p.trim_start_matches(['+', '-']);
        let int_len = body.find('.').unwrap_or(body.len());
        let v: f64 = body.parse().ok()?;
        let d = match int_len.checked_sub(deg_digits)? {
            0 => v,
            2 => (v / 100.0).trunc() + (v % 100.0) / 60.0,
            4 => (v / 10000.0).trunc() + ((v / 100.0).trunc() % 100.0) / 60.0 + (v % 100.0) / 3600.0,
            _ => return None,
        };
        Some(sign * d)
    };
    let lat = angle(parts.first()?, 2)?;
    let lon = angle(parts.get(1)?, 3)?;
    Some((lat, lon))
}

/// A QuickTime text entry in `udta` (`©xyz`, `©mak`…): u16 length, u16 language, text.
fn qt_text(data: &[u8]) -> String {
    if data.len() >= 4 {
        let len = u16::from_be_bytes([data[0], data[1]]) as usize;
        if let Some(t) = sub(data, 4, len) {
            return String::from_utf8_lossy(t).trim_end_matches('\0').to_string();
        }
    }
    // MP4 files sometimes carry a `data` box here instead.
    ilst_value(data).unwrap_or_else(|| String::from_utf8_lossy(data).trim_matches('\0').to_string())
}

/// 3GPP TS 26.244 string box: FullBox header, u16 language, string (UTF-8 or UTF-16 with BOM).
fn gpp_text(data: &[u8]) -> String {
    let s = data.get(6..).unwrap_or(&[]);
    decode_string(s)
}

fn decode_string(s: &[u8]) -> String {
    if s.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = s[2..].chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).take_while(|&u| u != 0).collect();
        String::from_utf16_lossy(&units)
    } else {
        let end = memchr::memchr(0, s).unwrap_or(s.len());
        String::from_utf8_lossy(&s[..end]).into_owned()
    }
}

/// 3GPP `loci`: FullBox, language, name, role, longitude, latitude, altitude (16.16 fixed), body, notes.
fn loci(data: &[u8], cx: &mut Collector) {
    let Some(rest) = data.get(6..) else { return };
    let name_end = memchr::memchr(0, rest).unwrap_or(rest.len());
    let name = String::from_utf8_lossy(&rest[..name_end]).into_owned();
    let fixed = |at: usize| sub(rest, at, 4).map(|b| f64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]])) / 65536.0);
    let at = name_end + 2; // NUL, role
    match (fixed(at + 4), fixed(at)) {
        (Some(lat), Some(lon)) => cx.add_position("UserData:LocationInformation", lat, lon),
        _ => cx.add(Reveal::GpsDetail, "UserData:LocationInformation", "unreadable position"),
    }
    cx.add_text(Reveal::PlaceName, "UserData:LocationName", &name);
}

/// What a `udta` child reveals, by its four-character code.
fn udta_reveal(t: &[u8; 4]) -> Option<(Reveal, &'static str)> {
    Some(match t {
        b"\xA9mak" | b"\xA9mod" => (Reveal::DeviceModel, "make or model"),
        b"\xA9swr" | b"\xA9too" | b"\xA9enc" | b"FIRM" => (Reveal::Software, "software"),
        b"\xA9day" => (Reveal::CaptureTime, "date"),
        b"\xA9nam" | b"\xA9des" | b"\xA9cmt" | b"\xA9inf" | b"\xA9key" | b"\xA9lyr" | b"desc" | b"ldes" | b"name" | b"titl" | b"dscp" | b"kywd"
        | b"albm" | b"gnre" | b"clsf" | b"\xA9alb" | b"\xA9gen" | b"\xA9grp" | b"\xA9wrk" | b"\xA9mvn" | b"tvsh" | b"sonm" | b"soal" => {
            (Reveal::Caption, "text")
        }
        // Apple Voice Memos keep the transcript of the recording in a track's udta.
        b"tsrp" => (Reveal::Caption, "transcript"),
        b"\xA9ART" | b"\xA9aut" | b"\xA9wrt" | b"\xA9prd" | b"\xA9dir" | b"\xA9src" | b"\xA9com" | b"\xA9cpy" | b"\xA9prf" | b"\xA9req" | b"auth"
        | b"perf" | b"cprt" | b"aART" | b"ownr" | b"soar" | b"soaa" | b"soco" => (Reveal::PersonName, "name"),
        // The iTunes Store account that bought the file.
        b"apID" => (Reveal::Contact, "account"),
        b"purd" => (Reveal::OtherTime, "purchase date"),
        b"cnID" | b"atID" | b"plID" | b"geID" | b"sfID" | b"xid " => (Reveal::UniqueId, "store id"),
        b"trkn" | b"disk" | b"tmpo" | b"cpil" | b"pgap" | b"rtng" | b"stik" => (Reveal::TechnicalNote, "playback"),
        b"LENS" | b"CAME" | b"\xA9mdl" | b"SNUM" => (Reveal::DeviceSerial, "serial"),
        b"MUID" | b"GUMI" => (Reveal::UniqueId, "id"),
        _ => return None,
    })
}

/// Report a `udta` box's children.
pub fn scan_udta(data: &[u8], cx: &mut Collector) {
    for (t, payload) in child_boxes(data) {
        let tag = format!("UserData:{}", fourcc(&t));
        match &t {
            b"\xA9xyz" => {
                let text = qt_text(payload);
                match parse_iso6709(&text) {
                    Some((lat, lon)) => cx.add_position("UserData:GPSCoordinates", lat, lon),
                    None => cx.add_text(Reveal::GpsDetail, tag, &text),
                }
            }
            b"loci" => loci(payload, cx),
            b"meta" => scan_meta(payload, cx),
            b"XMP_" => crate::payload::xmp::scan(payload, cx),
            b"GPMF" => scan_gpmf(payload, cx),
            b"free" | b"skip" | b"wide" => {}
            b"CAME" | b"MUID" | b"GUMI" | b"LENS" if payload.iter().any(|&b| !b.is_ascii_graphic() && b != 0 && b != b' ') => {
                let (r, _) = udta_reveal(&t).unwrap_or((Reveal::UnknownData, ""));
                let hex: String = payload.iter().take(16).map(|b| format!("{b:02x}")).collect();
                cx.add(r, tag, hex);
            }
            _ => match udta_reveal(&t) {
                Some((r, _)) => {
                    let text = if matches!(&t, b"titl" | b"dscp" | b"auth" | b"perf" | b"cprt" | b"albm" | b"gnre" | b"kywd" | b"clsf") {
                        gpp_text(payload)
                    } else {
                        qt_text(payload)
                    };
                    cx.add_text(r, tag, &text);
                }
                None => cx.add(Reveal::UnknownData, tag, format!("{} bytes", payload.len())),
            },
        }
    }
}

/// The value of an `ilst` item: its first `data` box (type, locale, value).
fn ilst_value(item: &[u8]) -> Option<String> {
    let (_, data) = child_boxes(item).into_iter().find(|(t, _)| t == b"data")?;
    let typ = u32::from_be_bytes(data.get(..4)?.try_into().ok()?) & 0x00FF_FFFF;
    let value = data.get(8..)?;
    Some(match typ {
        1 | 4 => String::from_utf8_lossy(value).into_owned(),
        2 | 5 => {
            let units: Vec<u16> = value.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16_lossy(&units)
        }
        21 | 22 => value.iter().fold(0i64, |a, &b| (a << 8) | i64::from(b)).to_string(),
        23 if value.len() == 4 => f32::from_be_bytes([value[0], value[1], value[2], value[3]]).to_string(),
        24 if value.len() == 8 => f64::from_be_bytes(value.try_into().ok()?).to_string(),
        _ => format!("{} bytes", value.len()),
    })
}

/// Apple's metadata keys (`moov/meta` with handler `mdta`) by name.
fn key_reveal(key: &str) -> Reveal {
    let k = key.to_ascii_lowercase();
    if k.ends_with("location.iso6709") {
        Reveal::GpsPosition
    } else if k.contains("location") {
        if k.contains("name") || k.contains("note") {
            Reveal::PlaceName
        } else {
            Reveal::GpsDetail
        }
    } else if k.contains("serial") {
        Reveal::DeviceSerial
    } else if k.contains("identifier") || k.contains("uuid") || k.contains("signature") {
        if k.ends_with("camera.identifier") {
            Reveal::DeviceModel
        } else {
            Reveal::UniqueId
        }
    } else if k.ends_with(".make") || k.ends_with(".model") || k.contains("camera") || k.contains("lens") {
        Reveal::DeviceModel
    } else if k.ends_with(".software") || k.contains("version") || k.ends_with(".encoder") {
        Reveal::Software
    } else if k.contains("creationdate") || k.ends_with(".date") || k.contains("capture.time") {
        Reveal::CaptureTime
    } else if ["author", "artist", "copyright", "publisher", "producer", "director", "owner"].iter().any(|w| k.contains(w)) {
        Reveal::PersonName
    } else if ["title", "description", "comment", "keywords", "displayname", "information", "album", "genre"].iter().any(|w| k.contains(w)) {
        Reveal::Caption
    } else {
        Reveal::UnknownData
    }
}

/// A `meta` box (QuickTime: no FullBox header; MP4: with one): `keys` + `ilst`, or iTunes `ilst`.
pub fn scan_meta(data: &[u8], cx: &mut Collector) {
    // MP4's meta is a FullBox; QuickTime's is not. A FullBox starts with 4 bytes whose second half is not a box type.
    let body = if data.get(4..8).is_some_and(|t| t == b"hdlr" || t == b"keys" || t == b"ilst") { data } else { data.get(4..).unwrap_or(&[]) };
    let kids = child_boxes(body);
    let mut keys: Vec<String> = Vec::new();
    if let Some((_, k)) = kids.iter().find(|(t, _)| t == b"keys") {
        let mut r = Reader::new(k, Format::Mp4);
        let _ = r.skip(4, "keys header");
        let count = r.u32_be("key count").unwrap_or(0).min(4096);
        for _ in 0..count {
            let Ok(size) = r.u32_be("key size") else { break };
            let Ok(body) = r.take((size as usize).saturating_sub(4), "key") else { break };
            keys.push(String::from_utf8_lossy(body.get(4..).unwrap_or(&[])).into_owned());
        }
    }
    for (t, payload) in &kids {
        match t {
            b"ilst" => {
                for (item, value) in child_boxes(payload) {
                    let idx = u32::from_be_bytes(item) as usize;
                    let text = ilst_value(value).unwrap_or_default();
                    if let Some(key) = keys.get(idx.wrapping_sub(1)).filter(|_| !keys.is_empty()) {
                        let tag = format!("Keys:{}", key.rsplit('.').next().unwrap_or(key));
                        match key_reveal(key) {
                            Reveal::GpsPosition => match parse_iso6709(&text) {
                                Some((lat, lon)) => cx.add_position("Keys:GPSCoordinates", lat, lon),
                                None => cx.add_text(Reveal::GpsDetail, tag, &text),
                            },
                            Reveal::UnknownData => cx.add(Reveal::UnknownData, format!("Keys:{key}"), shorten_key_value(&text)),
                            r => cx.add_text(r, tag, &text),
                        }
                    } else if &item == b"covr" {
                        // Cover art: each `data` box holds a picture (type 13 JPEG, 14 PNG).
                        for (_, d) in child_boxes(value).into_iter().filter(|(t, _)| t == b"data") {
                            crate::payload::audio_tags::scan_picture("ItemList:CoverArt", "cover art", d.get(8..).unwrap_or(&[]), cx);
                        }
                    } else if &item == b"----" {
                        // iTunes free-form item: `mean` (a reverse domain), `name`, `data`.
                        let name = child_boxes(value)
                            .into_iter()
                            .find(|(t, _)| t == b"name")
                            .map(|(_, n)| String::from_utf8_lossy(n.get(4..).unwrap_or(&[])).into_owned())
                            .unwrap_or_default();
                        crate::payload::audio_tags::add_keyed(cx, format!("ItemList:{name}"), &name, &text);
                    } else {
                        let tag = format!("ItemList:{}", fourcc(&item));
                        match udta_reveal(&item) {
                            Some((r, _)) => cx.add_text(r, tag, &text),
                            None if &item == b"\xA9xyz" => match parse_iso6709(&text) {
                                Some((lat, lon)) => cx.add_position("ItemList:GPSCoordinates", lat, lon),
                                None => cx.add_text(Reveal::GpsDetail, tag, &text),
                            },
                            None => cx.add(Reveal::UnknownData, tag, shorten_key_value(&text)),
                        }
                    }
                }
            }
            b"XMP_" => crate::payload::xmp::scan(payload, cx),
            _ => {}
        }
    }
}

fn shorten_key_value(s: &str) -> String {
    if s.is_empty() {
        "present".to_string()
    } else {
        s.to_string()
    }
}

/// GoPro GPMF (KLV: four-character key, type, struct size, repeat, data padded
/// to 4 bytes; type 0 nests). Reports the camera serial, model and the first
/// GPS fix (GPS5/GPS9 scaled by SCAL).
pub fn scan_gpmf(data: &[u8], cx: &mut Collector) {
    let mut state = GpmfState::default();
    gpmf_walk(data, 0, &mut state, cx);
    if let Some((lat, lon)) = state.fix {
        cx.add_position("GoPro:GPSTrack", lat, lon);
    }
}

#[derive(Default)]
struct GpmfState {
    scal: Vec<f64>,
    /// TYPE of the stream: one character per field of a complex ('?') record.
    types: Vec<u8>,
    fix: Option<(f64, f64)>,
    nodes: usize,
}

/// Size of one GPMF field type (gpmf-parser's GPMF_SizeofType).
fn gpmf_type_size(t: u8) -> Option<usize> {
    Some(match t {
        b'b' | b'B' | b'c' => 1,
        b's' | b'S' => 2,
        b'l' | b'L' | b'f' | b'F' | b'q' => 4,
        b'd' | b'j' | b'J' | b'Q' => 8,
        b'G' | b'U' => 16,
        _ => return None,
    })
}

/// The first record of a complex GPS stream (GPRI raw fix, GLPI position):
/// its first two 32-bit integer fields, scaled, are latitude and longitude.
fn complex_fix(value: &[u8], st: &GpmfState) -> Option<(f64, f64)> {
    let mut at = 0usize;
    let mut ints = Vec::new();
    for (i, &t) in st.types.iter().enumerate() {
        let size = gpmf_type_size(t)?;
        let field = value.get(at..at + size)?;
        if t == b'l' {
            let v = f64::from(i32::from_be_bytes([field[0], field[1], field[2], field[3]]));
            let scale = st.scal.get(i).or(st.scal.first()).copied().filter(|s| *s != 0.0).unwrap_or(1.0);
            ints.push(v / scale);
            if ints.len() == 2 {
                break;
            }
        }
        at += size;
    }
    match ints.as_slice() {
        [lat, lon] if lat.abs() <= 90.0 && lon.abs() <= 180.0 && (*lat != 0.0 || *lon != 0.0) => Some((*lat, *lon)),
        _ => None,
    }
}

/// GoPro's `fdsc` track sample: firmware, serial numbers and model as
/// fixed fields of text; report the text runs that look like them.
pub fn scan_gopro_fdsc(sample: &[u8], cx: &mut Collector) {
    let runs = sample.split(|b| !(b.is_ascii_alphanumeric() || *b == b'.' || *b == b' ')).filter(|r| r.len() >= 6);
    for run in runs.take(64) {
        let text = String::from_utf8_lossy(run).trim().to_string();
        let digits = text.chars().filter(char::is_ascii_digit).count();
        if text.starts_with("HERO") || text.starts_with("MAX") {
            cx.add_text(Reveal::DeviceModel, "GoPro:Model", &text);
        } else if text.starts_with("HD") && text.contains('.') {
            cx.add_text(Reveal::Software, "GoPro:FirmwareVersion", &text);
        } else if text.len() >= 10 && digits >= 6 && !text.contains(' ') && !text.contains('.') && text != "GPRO" {
            cx.add_text(Reveal::DeviceSerial, "GoPro:SerialNumber", &text);
        }
    }
}

fn gpmf_walk(data: &[u8], depth: usize, st: &mut GpmfState, cx: &mut Collector) {
    if depth > 8 {
        return;
    }
    let mut pos = 0usize;
    while let Some(h) = sub(data, pos, 8) {
        st.nodes += 1;
        if st.nodes > 100_000 {
            return;
        }
        let key = [h[0], h[1], h[2], h[3]];
        let typ = h[4];
        let size = h[5] as usize;
        let repeat = u16::from_be_bytes([h[6], h[7]]) as usize;
        let len = size * repeat;
        let padded = (len + 3) & !3;
        let Some(value) = sub(data, pos + 8, len) else { return };
        let text = || String::from_utf8_lossy(value).trim_matches(['\0', ' ']).to_string();
        match (&key, typ) {
            (_, 0) => gpmf_walk(value, depth + 1, st, cx),
            (b"CASN", _) => cx.add_text(Reveal::DeviceSerial, "GoPro:CameraSerialNumber", &text()),
            (b"MINF", _) => cx.add_text(Reveal::DeviceModel, "GoPro:Model", &text()),
            (b"DVNM", _) => cx.add_text(Reveal::DeviceModel, "GoPro:DeviceName", &text()),
            (b"GPSU", _) => cx.add_text(Reveal::CaptureTime, "GoPro:GPSDateTime", &text()),
            (b"TYPE", b'c') => st.types = value.to_vec(),
            (b"GPRI" | b"GLPI", b'?') if st.fix.is_none() => st.fix = complex_fix(value, st),
            (b"SCAL", b's' | b'S' | b'l' | b'L' | b'f') => {
                st.scal = value
                    .chunks_exact(size.max(1))
                    .map(|c| match (typ, c) {
                        (b's', [a, b]) => f64::from(i16::from_be_bytes([*a, *b])),
                        (b'S', [a, b]) => f64::from(u16::from_be_bytes([*a, *b])),
                        (b'l', [a, b, c, d]) => f64::from(i32::from_be_bytes([*a, *b, *c, *d])),
                        (b'L', [a, b, c, d]) => f64::from(u32::from_be_bytes([*a, *b, *c, *d])),
                        (b'f', [a, b, c, d]) => f64::from(f32::from_be_bytes([*a, *b, *c, *d])),
                        _ => 1.0,
                    })
                    .collect();
            }
            (b"GPS5" | b"GPS9", b'l') if st.fix.is_none() && len >= 8 => {
                let v = |i: usize| i32::from_be_bytes([value[i], value[i + 1], value[i + 2], value[i + 3]]);
                let s = |i: usize| st.scal.get(i).copied().filter(|s| *s != 0.0).unwrap_or(1.0);
                let (lat, lon) = (f64::from(v(0)) / s(0), f64::from(v(4)) / s(1));
                if lat != 0.0 || lon != 0.0 {
                    st.fix = Some((lat, lon));
                }
            }
            _ => {}
        }
        pos += 8 + padded;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Category;
    use crate::reveal::Options;

    fn cx() -> Collector<'static> {
        Collector::new(Options::default(), Format::Mp4)
    }

    pub fn boxed(t: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut b = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(t);
        b.extend_from_slice(payload);
        b
    }

    #[test]
    fn iso6709_forms() {
        assert_eq!(parse_iso6709("+44.9618-093.2710+256.000/"), Some((44.9618, -93.271)));
        let (lat, lon) = parse_iso6709("+4458.0-09316.0/").unwrap();
        assert!((lat - 44.9666).abs() < 1e-3 && (lon + 93.2666).abs() < 1e-3);
        assert_eq!(parse_iso6709("garbage"), None);
        assert_eq!(parse_iso6709(""), None);
    }

    #[test]
    fn udta_entries() {
        let mut xyz = vec![0, 18, 0x15, 0xC7];
        xyz.extend_from_slice(b"+44.9618-093.2710/");
        let mut auth = vec![0, 0, 0, 0, 0x15, 0xC7];
        auth.extend_from_slice(b"Ana\0");
        let udta = [boxed(b"\xA9xyz", &xyz), boxed(b"auth", &auth), boxed(b"MUID", &[0xAB; 32])].concat();
        let mut c = cx();
        scan_udta(&udta, &mut c);
        let r = c.finish();
        assert!(r.findings.iter().any(|f| f.tag == "UserData:GPSCoordinates" && f.category == Category::Location));
        assert!(r.findings.iter().any(|f| f.tag == "UserData:auth" && f.value == "Ana"));
        assert!(r.findings.iter().any(|f| f.tag == "UserData:MUID" && f.category == Category::UniqueId));
        for cut in 0..udta.len() {
            scan_udta(&udta[..cut], &mut cx());
        }
    }

    #[test]
    fn apple_keys() {
        let key = |name: &str| {
            let mut k = ((name.len() + 8) as u32).to_be_bytes().to_vec();
            k.extend_from_slice(b"mdta");
            k.extend_from_slice(name.as_bytes());
            k
        };
        let keys = boxed(
            b"keys",
            &[&[0, 0, 0, 0, 0, 0, 0, 2][..], &key("com.apple.quicktime.location.ISO6709"), &key("com.apple.quicktime.content.identifier")].concat(),
        );
        let data = |s: &str| boxed(b"data", &[&[0, 0, 0, 1, 0, 0, 0, 0][..], s.as_bytes()].concat());
        let ilst = boxed(
            b"ilst",
            &[boxed(&1u32.to_be_bytes(), &data("+44.9618-093.2710+256.000/")), boxed(&2u32.to_be_bytes(), &data("ABCD-1234"))].concat(),
        );
        let meta = [boxed(b"hdlr", &[0; 24]), keys, ilst].concat();
        let mut c = cx();
        scan_meta(&meta, &mut c);
        let r = c.finish();
        assert!(r.findings.iter().any(|f| f.tag == "Keys:GPSCoordinates"), "{r:#?}");
        assert!(r.findings.iter().any(|f| f.tag == "Keys:identifier" && f.category == Category::UniqueId), "{r:#?}");
    }

    #[test]
    fn gpmf_serial_and_fix() {
        let klv = |k: &[u8; 4], t: u8, size: u8, rep: u16, v: &[u8]| {
            let mut b = k.to_vec();
            b.push(t);
            b.push(size);
            b.extend_from_slice(&rep.to_be_bytes());
            b.extend_from_slice(v);
            while !b.len().is_multiple_of(4) {
                b.push(0);
            }
            b
        };
        let scal = [10_000_000i32, 10_000_000].iter().flat_map(|v| v.to_be_bytes()).collect::<Vec<_>>();
        let gps = [449_618_000i32, -932_710_000, 250, 0, 0].iter().flat_map(|v| v.to_be_bytes()).collect::<Vec<_>>();
        let strm = [klv(b"SCAL", b'l', 4, 2, &scal), klv(b"GPS5", b'l', 20, 1, &gps)].concat();
        let devc = [klv(b"CASN", b'c', 1, 8, b"C3221324"), klv(b"STRM", 0, 1, strm.len() as u16, &strm)].concat();
        let data = klv(b"DEVC", 0, 1, devc.len() as u16, &devc);
        let mut c = cx();
        scan_gpmf(&data, &mut c);
        let r = c.finish();
        assert!(r.findings.iter().any(|f| f.tag == "GoPro:CameraSerialNumber" && f.value == "C3221324"), "{r:#?}");
        assert!(r.findings.iter().any(|f| f.tag == "GoPro:GPSTrack" && f.value == "44.961800, -93.271000"), "{r:#?}");
        for cut in 0..data.len() {
            scan_gpmf(&data[..cut], &mut cx());
        }
    }
}
