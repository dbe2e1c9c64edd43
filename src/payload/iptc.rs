//! Photoshop image resources ("8BIM" blocks, the payload of JPEG APP13) and
//! the IPTC-IIM records they carry (IPTC IIM 4.2, record 2 "application").

use crate::bytes::{latin1, sub, Reader};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};

/// Resources read per block; more is hostile.
const MAX_RESOURCES: usize = 4096;
const MAX_DATASETS: usize = 8192;

/// Read a Photoshop resource block (without the "Photoshop 3.0\0" header).
pub fn scan_resources(data: &[u8], cx: &mut Collector) {
    let mut r = Reader::new(data, Format::Jpeg);
    let mut seen = 0usize;
    while r.remaining() >= 12 {
        seen += 1;
        if seen > MAX_RESOURCES {
            cx.warn("Photoshop data: too many resources; the rest was not read (it is removed all the same)");
            return;
        }
        let Ok(sig) = r.array::<4>("resource signature") else { return };
        if &sig != b"8BIM" && &sig != b"PHUT" && &sig != b"AgHg" && &sig != b"DCSR" {
            cx.warn("Photoshop data: damaged resource list (it is removed all the same)");
            return;
        }
        let Ok(id) = r.u16_be("resource id") else { return };
        // Pascal string name, padded to an even length including the length byte.
        let Ok(name_len) = r.u8("resource name") else { return };
        let pad = if name_len % 2 == 0 { 1 } else { 0 };
        if r.skip(name_len as usize + pad, "resource name").is_err() {
            return;
        }
        let Ok(size) = r.u32_be("resource size") else { return };
        let Ok(body) = r.take(size as usize, "resource data") else {
            cx.warn("Photoshop data: a resource runs past the end (it is removed all the same)");
            return;
        };
        if size % 2 == 1 {
            let _ = r.skip(1, "padding");
        }
        match id {
            0x0404 => scan_iim(body, cx),
            0x0409 | 0x040C => cx.add(Reveal::Thumbnail, "Photoshop:PhotoshopThumbnail", format!("{} bytes", body.len())),
            0x0422 | 0x0423 => {
                let _ = crate::payload::exif::scan(body, 0, Format::Jpeg, cx);
            }
            0x0424 => crate::payload::xmp::scan(body, cx),
            0x040B | 0x041E => cx.add_text(Reveal::Caption, "Photoshop:URL", &latin1(body)),
            0x0421 => cx.add(Reveal::Software, "Photoshop:VersionInfo", "Photoshop"),
            0x0425 | 0x0414 | 0x041A => {} // digests, id seeds, slices: nothing a person wrote
            _ => {}
        }
    }
}

/// IIM datasets: record:dataset → what it reveals.
const DATASETS: &[(u8, u8, &str, Reveal)] = &[
    (2, 5, "ObjectName", Reveal::Caption),
    (2, 25, "Keywords", Reveal::Caption),
    (2, 40, "SpecialInstructions", Reveal::Caption),
    (2, 55, "DateCreated", Reveal::CaptureTime),
    (2, 60, "TimeCreated", Reveal::CaptureTime),
    (2, 62, "DigitalCreationDate", Reveal::CaptureTime),
    (2, 63, "DigitalCreationTime", Reveal::CaptureTime),
    (2, 65, "OriginatingProgram", Reveal::Software),
    (2, 80, "By-line", Reveal::PersonName),
    (2, 85, "By-lineTitle", Reveal::PersonName),
    (2, 90, "City", Reveal::PlaceName),
    (2, 92, "Sub-location", Reveal::PlaceName),
    (2, 95, "Province-State", Reveal::PlaceName),
    (2, 100, "Country-PrimaryLocationCode", Reveal::PlaceName),
    (2, 101, "Country-PrimaryLocationName", Reveal::PlaceName),
    (2, 103, "OriginalTransmissionReference", Reveal::UniqueId),
    (2, 105, "Headline", Reveal::Caption),
    (2, 110, "Credit", Reveal::PersonName),
    (2, 115, "Source", Reveal::PersonName),
    (2, 116, "CopyrightNotice", Reveal::PersonName),
    (2, 118, "Contact", Reveal::Contact),
    (2, 120, "Caption-Abstract", Reveal::Caption),
    (2, 122, "Writer-Editor", Reveal::PersonName),
];

/// Read IPTC-IIM datasets: 0x1C, record, dataset, 2-byte length (or an
/// extended length), data.
pub fn scan_iim(data: &[u8], cx: &mut Collector) {
    let mut r = Reader::new(data, Format::Jpeg);
    let mut utf8 = false;
    let mut count = 0usize;
    let mut other = 0usize;
    while r.remaining() >= 5 {
        count += 1;
        if count > MAX_DATASETS {
            break;
        }
        let Ok(marker) = r.u8("tag marker") else { break };
        if marker != 0x1C {
            // Padding after the last dataset is common; anything else ends the read.
            break;
        }
        let (Ok(record), Ok(dataset), Ok(len)) = (r.u8("record"), r.u8("dataset"), r.u16_be("length")) else { break };
        let len = if len & 0x8000 != 0 {
            // Extended dataset: the low 15 bits give how many bytes hold the length.
            let n = (len & 0x7FFF) as usize;
            let Ok(bytes) = r.take(n, "extended length") else { break };
            if n > 4 {
                break;
            }
            bytes.iter().fold(0usize, |acc, &b| (acc << 8) | b as usize)
        } else {
            len as usize
        };
        let Ok(value) = r.take(len, "dataset") else {
            cx.warn("IPTC: a field runs past the end (it is removed all the same)");
            break;
        };
        if record == 1 && dataset == 90 {
            // Coded character set: ESC % G means UTF-8.
            utf8 = sub(value, 0, 3) == Some(b"\x1b%G");
            continue;
        }
        let text = if utf8 { String::from_utf8_lossy(value).into_owned() } else { decode_guess(value) };
        match DATASETS.iter().find(|(rec, ds, _, _)| *rec == record && *ds == dataset) {
            Some((_, _, name, reveal)) => cx.add_text(*reveal, format!("IPTC:{name}"), &text),
            None if record == 2 && dataset != 0 => other += 1,
            None => {}
        }
    }
    if other > 0 {
        cx.add(Reveal::Caption, "IPTC", format!("{other} other IPTC fields"));
    }
}

/// IIM without a declared character set: UTF-8 when it is valid, else Latin-1.
fn decode_guess(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => latin1(bytes),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::Category;
    use crate::reveal::Options;

    pub fn iim(fields: &[(u8, u8, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (rec, ds, v) in fields {
            out.extend_from_slice(&[0x1C, *rec, *ds]);
            out.extend_from_slice(&(v.len() as u16).to_be_bytes());
            out.extend_from_slice(v);
        }
        out
    }

    pub fn resources(iim: &[u8]) -> Vec<u8> {
        let mut out = b"8BIM\x04\x04\0\0".to_vec();
        out.extend_from_slice(&(iim.len() as u32).to_be_bytes());
        out.extend_from_slice(iim);
        if iim.len() % 2 == 1 {
            out.push(0);
        }
        out
    }

    #[test]
    fn reads_byline_city_and_caption() {
        let data =
            resources(&iim(&[(1, 90, b"\x1b%G"), (2, 80, "José Example".as_bytes()), (2, 90, b"Minneapolis"), (2, 120, b"March on Lake Street")]));
        let mut cx = Collector::new(Options::default(), Format::Jpeg);
        scan_resources(&data, &mut cx);
        let report = cx.finish();
        let by = report.findings.iter().find(|f| f.tag == "IPTC:By-line").unwrap();
        assert_eq!(by.value, "José Example");
        assert_eq!(by.category, Category::Person);
        assert!(report.findings.iter().any(|f| f.tag == "IPTC:City" && f.category == Category::Location));
        for cut in 0..data.len() {
            let mut cx = Collector::new(Options::default(), Format::Jpeg);
            scan_resources(&data[..cut], &mut cx);
        }
    }
}
