//! What the text chunks of WAV files say: `LIST/INFO` (RIFF Multimedia
//! Programming Interface 1991, §3-9 "INFO list chunk"), `LIST/adtl` labels
//! and notes, the old `LIST/exif` of digital recorders, Broadcast Wave's
//! `bext` (EBU Tech 3285), `iXML` production notes (iXML specification
//! 2.x, with `LOCATION_GPS`), `cart` (AES46), GUANO (`guan`, bat
//! recorders, with a position) and `DISP`. Reading only: cleaning drops
//! these chunks whole.

use quick_xml::events::Event;

use crate::payload::audio_tags::{add_keyed, decode_text, parse_position, scan_picture};
use crate::reveal::{Collector, Reveal};

/// XML events read from one `iXML` or `axml` chunk.
const MAX_XML_EVENTS: usize = 100_000;
/// Sub-chunks read from one `LIST`.
const MAX_LIST_ITEMS: usize = 4096;

/// The sub-chunks of a `LIST` body after its 4-byte type: (id, data).
fn list_items(body: &[u8]) -> Vec<([u8; 4], &[u8])> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while let Some(h) = body.get(at..at + 8) {
        if out.len() >= MAX_LIST_ITEMS {
            break;
        }
        let id = [h[0], h[1], h[2], h[3]];
        let len = u32::from_le_bytes([h[4], h[5], h[6], h[7]]) as usize;
        let data = body.get(at + 8..).map(|d| d.get(..len).unwrap_or(d)).unwrap_or(&[]);
        out.push((id, data));
        at = at.saturating_add(8).saturating_add(len).saturating_add(len & 1);
    }
    out
}

fn fourcc(id: &[u8; 4]) -> String {
    id.iter().map(|&b| if b.is_ascii_graphic() || b == b' ' { b as char } else { '?' }).collect::<String>().trim().to_string()
}

/// What an `INFO` field holds (the RIFF specification's list, and what
/// recorders and editors add).
fn info_reveal(id: &[u8; 4]) -> Reveal {
    match id {
        b"IART" | b"ICOP" | b"IENG" | b"ITCH" | b"ISRC" | b"ICMS" | b"IWRI" | b"IPRO" | b"IEDT" | b"ICNM" | b"IPUB" | b"ISTR" | b"IMUS" => {
            Reveal::PersonName
        }
        b"ICRD" | b"IDIT" | b"YEAR" => Reveal::CaptureTime,
        b"ISFT" | b"IENC" => Reveal::Software,
        b"IARL" | b"ICNT" | b"ILOC" => Reveal::PlaceName,
        b"ITRK" | b"IPRT" | b"ILNG" | b"IFRM" | b"IRTD" | b"IBPM" | b"ISHP" | b"IDIM" | b"IDPI" | b"ILGT" | b"IPLT" => Reveal::TechnicalNote,
        b"ISMP" => Reveal::OtherTime,
        _ => Reveal::Caption,
    }
}

/// Report a `LIST` chunk's body (its type, then sub-chunks).
pub fn scan_list(body: &[u8], cx: &mut Collector) {
    let kind = body.get(..4).map(|k| fourcc(&[k[0], k[1], k[2], k[3]])).unwrap_or_default();
    let items = list_items(body.get(4..).unwrap_or(&[]));
    match kind.as_str() {
        "INFO" => {
            for (id, data) in items {
                cx.add_text(info_reveal(&id), format!("RIFF:INFO:{}", fourcc(&id)), &decode_text(data));
            }
        }
        "adtl" => {
            for (id, data) in items {
                // Labels and notes start with a cue point id; ltxt has 20 bytes of fields first.
                let text = match &id {
                    b"ltxt" => data.get(20..).unwrap_or(&[]),
                    _ => data.get(4..).unwrap_or(&[]),
                };
                cx.add_text(Reveal::Caption, format!("RIFF:adtl:{}", fourcc(&id)), &decode_text(text));
            }
        }
        "exif" => {
            for (id, data) in items {
                let reveal = match &id {
                    b"ecor" | b"emdl" => Reveal::DeviceModel,
                    b"emnt" => Reveal::MakerNote,
                    b"etim" => Reveal::CaptureTime,
                    b"ever" => Reveal::Software,
                    _ => Reveal::Caption,
                };
                cx.add_text(reveal, format!("RIFF:exif:{}", fourcc(&id)), &decode_text(data));
            }
        }
        _ => cx.add(Reveal::UnknownData, format!("RIFF:LIST:{kind}"), format!("{} bytes", body.len())),
    }
}

/// Report a Broadcast Wave `bext` chunk (EBU Tech 3285 §2.3): description,
/// originator, its reference (a unique id), origination date and time, the
/// time of day in samples, a SMPTE UMID, loudness, and the coding history.
pub fn scan_bext(b: &[u8], cx: &mut Collector) {
    let text = |from: usize, len: usize| decode_text(b.get(from..from + len).unwrap_or(&[]));
    cx.add_text(Reveal::Caption, "RIFF:bext:Description", &text(0, 256));
    cx.add_text(Reveal::PersonName, "RIFF:bext:Originator", &text(256, 32));
    cx.add_text(Reveal::UniqueId, "RIFF:bext:OriginatorReference", &text(288, 32));
    let date = format!("{} {}", text(320, 10), text(330, 8));
    cx.add_text(Reveal::CaptureTime, "RIFF:bext:OriginationDateTime", &date);
    if let Some(t) = b.get(338..346).filter(|t| t.iter().any(|&x| x != 0)) {
        let samples = u64::from_le_bytes([t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]]);
        cx.add(Reveal::CaptureTime, "RIFF:bext:TimeReference", format!("{samples} samples after midnight"));
    }
    if let Some(umid) = b.get(348..412).filter(|u| u.iter().any(|&x| x != 0)) {
        let hex: String = umid.iter().take(32).map(|x| format!("{x:02x}")).collect();
        cx.add(Reveal::UniqueId, "RIFF:bext:UMID", hex);
    }
    cx.add_text(Reveal::EditHistory, "RIFF:bext:CodingHistory", &decode_text(b.get(602..).unwrap_or(&[])));
}

/// Report an `iXML` chunk: production notes from field recorders (project,
/// scene, take, notes, a file id, and since iXML 2.0 the place).
pub fn scan_ixml(b: &[u8], cx: &mut Collector) {
    cx.add(Reveal::Caption, "RIFF:iXML", format!("production notes, {} bytes", b.len()));
    let text = String::from_utf8_lossy(b);
    let mut reader = quick_xml::Reader::from_str(&text);
    reader.config_mut().check_end_names = false;
    let mut element = String::new();
    let mut value = String::new();
    for _ in 0..MAX_XML_EVENTS {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                element = e.local_name().as_ref().to_string();
                value.clear();
            }
            Ok(Event::Text(t)) => value.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) => value.push_str(&t.into_inner()),
            Ok(Event::End(_)) => {
                let v = std::mem::take(&mut value);
                let v = v.trim();
                if !v.is_empty() && !element.is_empty() {
                    ixml_value(&element, v, cx);
                }
                element.clear();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(_) => {
                cx.warn("iXML: the XML is damaged; it was read in part (it is removed all the same)");
                break;
            }
        }
    }
}

fn ixml_value(element: &str, value: &str, cx: &mut Collector) {
    let tag = format!("iXML:{element}");
    match element {
        "LOCATION_GPS" => match parse_position(value) {
            Some((lat, lon)) => cx.add_position(tag, lat, lon),
            None => cx.add_text(Reveal::GpsDetail, tag, value),
        },
        "LOCATION_ALTITUDE" => cx.add_text(Reveal::GpsDetail, tag, value),
        "LOCATION_NAME" | "LOCATION_TYPE" => cx.add_text(Reveal::PlaceName, tag, value),
        "FILE_UID" | "BWF_ORIGINATOR_REFERENCE" | "BWF_UMID" => cx.add_text(Reveal::UniqueId, tag, value),
        "BWF_ORIGINATOR" => cx.add_text(Reveal::PersonName, tag, value),
        "BWF_ORIGINATION_DATE" | "BWF_ORIGINATION_TIME" | "LOCATION_TIME" => cx.add_text(Reveal::CaptureTime, tag, value),
        "PROJECT" | "SCENE" | "TAKE" | "TAPE" | "NOTE" | "USER" | "BWF_DESCRIPTION" | "NAME" => cx.add_text(Reveal::Caption, tag, value),
        _ => {}
    }
}

/// Report a GUANO block (`guan`): `Key: value` lines, among them
/// `Loc Position` (latitude and longitude) and the recorder's serial.
pub fn scan_guano(b: &[u8], cx: &mut Collector) {
    for line in String::from_utf8_lossy(b).lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        let (key, value) = (key.trim(), value.trim());
        let tag = format!("GUANO:{key}");
        if key.contains("Serial") {
            cx.add_text(Reveal::DeviceSerial, tag, value);
        } else if key == "Make" || key == "Model" {
            cx.add_text(Reveal::DeviceModel, tag, value);
        } else if key == "Loc Position" {
            match parse_position(value) {
                Some((lat, lon)) => cx.add_position(tag, lat, lon),
                None => cx.add_text(Reveal::GpsDetail, tag, value),
            }
        } else if key == "GUANO|Version" {
            continue;
        } else {
            add_keyed(cx, tag, key, value);
        }
    }
}

/// Report a `DISP` chunk: a clipboard type (1 text, 8 a bitmap…) and data.
pub fn scan_disp(b: &[u8], cx: &mut Collector) {
    let kind = b.get(..4).map(|k| u32::from_le_bytes([k[0], k[1], k[2], k[3]])).unwrap_or(0);
    let data = b.get(4..).unwrap_or(&[]);
    match kind {
        1 | 7 => cx.add_text(Reveal::Caption, "RIFF:DISP", &decode_text(data)),
        _ => scan_picture("RIFF:DISP", "a picture to display", data, cx),
    }
}

/// Report a `cart` chunk (AES46-2002): title, artist, cut and client ids,
/// dates, the producing program, free text.
pub fn scan_cart(b: &[u8], cx: &mut Collector) {
    let text = |from: usize, len: usize| decode_text(b.get(from..from + len).unwrap_or(&[]));
    cx.add_text(Reveal::Caption, "RIFF:cart:Title", &text(4, 64));
    cx.add_text(Reveal::PersonName, "RIFF:cart:Artist", &text(68, 64));
    cx.add_text(Reveal::UniqueId, "RIFF:cart:CutID", &text(132, 64));
    cx.add_text(Reveal::PersonName, "RIFF:cart:ClientID", &text(196, 64));
    cx.add_text(Reveal::CaptureTime, "RIFF:cart:StartDate", &text(452, 10));
    cx.add_text(Reveal::Software, "RIFF:cart:ProducerAppID", &text(488, 64));
    cx.add_text(Reveal::Caption, "RIFF:cart:UserDef", &text(616, 64));
    cx.add_text(Reveal::Caption, "RIFF:cart:TagText", &text(2048, b.len().saturating_sub(2048)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Category, Format};
    use crate::reveal::Options;

    fn report(f: impl FnOnce(&mut Collector)) -> crate::report::Report {
        let mut cx = Collector::new(Options::default(), Format::Wav);
        f(&mut cx);
        cx.finish()
    }

    #[test]
    fn info_bext_ixml_and_guano() {
        let mut list = b"INFO".to_vec();
        for (id, v) in [(b"IART", &b"Ana Example\0"[..]), (b"ICMT", b"at the march\0"), (b"ISFT", b"Lavf60\0")] {
            list.extend_from_slice(id);
            list.extend_from_slice(&(v.len() as u32).to_le_bytes());
            list.extend_from_slice(v);
        }
        let r = report(|cx| scan_list(&list, cx));
        assert!(r.findings.iter().any(|f| f.tag == "RIFF:INFO:IART" && f.category == Category::Person));
        assert!(r.findings.iter().any(|f| f.tag == "RIFF:INFO:ICMT" && f.category == Category::Text));

        let mut bext = vec![0u8; 602];
        bext[256..259].copy_from_slice(b"Ana");
        bext[288..296].copy_from_slice(b"USABC123");
        bext[320..330].copy_from_slice(b"2026-03-08");
        bext[348] = 7;
        bext.extend_from_slice(b"A=PCM,F=48000,W=24,T=Zoom H5\r\n");
        let r = report(|cx| scan_bext(&bext, cx));
        for t in ["RIFF:bext:Originator", "RIFF:bext:OriginatorReference", "RIFF:bext:UMID", "RIFF:bext:CodingHistory"] {
            assert!(r.findings.iter().any(|f| f.tag == t), "{t}: {:#?}", r.findings);
        }

        let xml = b"<?xml version='1.0'?><BWFXML><PROJECT>Oak St</PROJECT><FILE_UID>ABC123</FILE_UID><LOCATION><LOCATION_GPS>44.96, -93.27</LOCATION_GPS></LOCATION></BWFXML>";
        let r = report(|cx| scan_ixml(xml, cx));
        assert!(r.findings.iter().any(|f| f.category == Category::Location));
        assert!(r.findings.iter().any(|f| f.tag == "iXML:FILE_UID" && f.category == Category::UniqueId));

        let r = report(|cx| scan_guano(b"GUANO|Version: 1.0\nLoc Position: 44.96 -93.27\nSerial: 123\n", cx));
        assert!(r.findings.iter().any(|f| f.category == Category::Location));
        assert!(r.findings.iter().any(|f| f.category == Category::Serial));
        for cut in 0..xml.len() {
            let _ = report(|cx| scan_ixml(&xml[..cut], cx));
        }
    }
}
