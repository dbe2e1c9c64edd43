//! EXIF, which is a TIFF structure (CIPA DC-008 / TIFF 6.0): IFD0, the Exif,
//! GPS and Interop IFDs, IFD1 with the thumbnail, and the maker notes of the
//! makers whose layout is public (Apple, Canon, Nikon, Panasonic, Fujifilm).
//!
//! Reading reports findings and the orientation. Writing only ever produces
//! a fresh minimal EXIF holding Orientation, never an edited copy of the
//! original, so nothing we did not choose can survive.

use crate::bytes::{c_string, sub, Endian};
use crate::error::{Error, Result};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};

/// More entries than any camera writes; bounds work on hostile input.
pub const MAX_IFD_ENTRIES: usize = 2048;
/// IFDs visited per EXIF block, across chains and sub-IFDs (loops end here too).
pub const MAX_IFDS: usize = 64;

/// What cleaning needs to keep from the EXIF it removes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExifSummary {
    /// TIFF Orientation (1–8), when present and valid.
    pub orientation: Option<u16>,
}

// The spec's names (IFD0, SubIFD).
#[allow(clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ifd {
    Ifd0,
    Exif,
    Gps,
    Interop,
    /// IFD1 and later: thumbnails and previews.
    Next(u8),
    SubIfd,
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    tag: u16,
    typ: u16,
    count: u32,
    /// Offset of the value bytes in the TIFF data.
    at: usize,
    len: usize,
}

struct Tiff<'a> {
    data: &'a [u8],
    endian: Endian,
    /// Absolute file offset of `data[0]`, for messages.
    base: u64,
    format: Format,
}

fn type_size(typ: u16) -> Option<usize> {
    Some(match typ {
        1 | 2 | 6 | 7 => 1,
        3 | 8 => 2,
        4 | 9 | 11 | 13 => 4,
        5 | 10 | 12 => 8,
        _ => return None,
    })
}

impl<'a> Tiff<'a> {
    fn parse_header(data: &'a [u8], base: u64, format: Format) -> Result<(Self, usize)> {
        let endian = match sub(data, 0, 2) {
            Some(b"II") => Endian::Little,
            Some(b"MM") => Endian::Big,
            Some(_) => return Err(Error::malformed(format, base, "EXIF does not start with a TIFF byte-order mark")),
            None => return Err(Error::truncated(format, base, "EXIF header")),
        };
        let t = Tiff { data, endian, base, format };
        let magic = t.u16(2).ok_or_else(|| Error::truncated(format, base, "EXIF header"))?;
        if magic != 42 {
            return Err(Error::malformed(format, base + 2, "EXIF TIFF magic is not 42"));
        }
        let ifd0 = t.u32(4).ok_or_else(|| Error::truncated(format, base + 4, "EXIF header"))? as usize;
        Ok((t, ifd0))
    }

    fn u16(&self, at: usize) -> Option<u16> {
        let b = sub(self.data, at, 2)?;
        Some(self.endian.u16([b[0], b[1]]))
    }

    fn u32(&self, at: usize) -> Option<u32> {
        let b = sub(self.data, at, 4)?;
        Some(self.endian.u32([b[0], b[1], b[2], b[3]]))
    }

    fn err_at(&self, at: usize, what: &'static str) -> Error {
        Error::malformed(self.format, self.base.saturating_add(at as u64), what)
    }

    /// Entries of the IFD at `at` and the offset of the next IFD (0 = none).
    fn read_ifd(&self, at: usize, value_base: usize) -> Result<(Vec<Entry>, usize)> {
        let n = self.u16(at).ok_or_else(|| self.err_at(at, "IFD entry count past the end of the EXIF block"))? as usize;
        if n > MAX_IFD_ENTRIES {
            return Err(Error::limit(self.format, self.base + at as u64, "an EXIF directory declares too many entries"));
        }
        let mut entries = Vec::with_capacity(n);
        for i in 0..n {
            let e = at + 2 + i * 12;
            let (Some(tag), Some(typ), Some(count)) = (self.u16(e), self.u16(e + 2), self.u32(e + 4)) else {
                return Err(self.err_at(e, "IFD entry past the end of the EXIF block"));
            };
            let Some(size) = type_size(typ) else { continue };
            let Some(len) = size.checked_mul(count as usize) else { continue };
            let at = if len <= 4 {
                e + 8
            } else {
                match self.u32(e + 8).and_then(|o| (o as usize).checked_add(value_base)) {
                    Some(o) => o,
                    None => continue,
                }
            };
            if sub(self.data, at, len).is_none() {
                // A value pointing outside the block: skip it; the block is dropped anyway.
                continue;
            }
            entries.push(Entry { tag, typ, count, at, len });
        }
        let next_at = at + 2 + n * 12;
        let next = self.u32(next_at).unwrap_or(0) as usize;
        Ok((entries, next))
    }

    fn bytes(&self, e: &Entry) -> &'a [u8] {
        sub(self.data, e.at, e.len).unwrap_or(&[])
    }

    fn uint(&self, e: &Entry, i: usize) -> Option<u32> {
        match e.typ {
            1 | 7 => self.bytes(e).get(i).map(|&b| u32::from(b)),
            3 => self.u16(e.at + i * 2).map(u32::from),
            4 | 13 => self.u32(e.at + i * 4),
            _ => None,
        }
    }

    fn rational(&self, e: &Entry, i: usize) -> Option<f64> {
        let n = self.u32(e.at + i * 8)?;
        let d = self.u32(e.at + i * 8 + 4)?;
        match e.typ {
            5 => (d != 0).then(|| f64::from(n) / f64::from(d)),
            10 => (d != 0).then(|| f64::from(n as i32) / f64::from(d as i32)),
            _ => None,
        }
    }

    /// A readable rendering of any value.
    fn value(&self, e: &Entry) -> String {
        let count = (e.count as usize).min(64);
        match e.typ {
            2 => c_string(self.bytes(e)),
            1 | 7 => {
                let b = self.bytes(e);
                if b.iter().all(|&c| c == 0 || c.is_ascii_graphic() || c == b' ') && b.iter().any(|&c| c != 0) {
                    c_string(b)
                } else {
                    format!("{} bytes", b.len())
                }
            }
            3 | 4 | 13 => join((0..count).filter_map(|i| self.uint(e, i)).map(|v| v.to_string())),
            8 => join((0..count).filter_map(|i| self.u16(e.at + i * 2)).map(|v| (v as i16).to_string())),
            9 => join((0..count).filter_map(|i| self.u32(e.at + i * 4)).map(|v| (v as i32).to_string())),
            5 | 10 => join((0..count).filter_map(|i| self.rational(e, i)).map(trim_float)),
            _ => format!("{} bytes", e.len),
        }
    }
}

fn join(it: impl Iterator<Item = String>) -> String {
    it.collect::<Vec<_>>().join(" ")
}

fn trim_float(v: f64) -> String {
    let s = format!("{v:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Windows XP tags are UCS-2 little-endian, whatever the TIFF byte order.
fn ucs2(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).take_while(|&u| u != 0).collect();
    String::from_utf16_lossy(&units)
}

/// EXIF UserComment: an 8-byte character code, then the text.
fn user_comment(bytes: &[u8]) -> String {
    let (code, text) = bytes.split_at(bytes.len().min(8));
    if code.starts_with(b"UNICODE") {
        let units: Vec<u16> = text.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).take_while(|&u| u != 0).collect();
        String::from_utf16_lossy(&units)
    } else {
        c_string(text)
    }
}

/// TIFF and Exif IFD tags that reveal something. GPS tags have their own table.
const TAGS: &[(u16, &str, Reveal)] = &[
    (0x010D, "DocumentName", Reveal::Caption),
    (0x010E, "ImageDescription", Reveal::Caption),
    (0x010F, "Make", Reveal::DeviceModel),
    (0x0110, "Model", Reveal::DeviceModel),
    (0x0131, "Software", Reveal::Software),
    (0x0132, "ModifyDate", Reveal::OtherTime),
    (0x013B, "Artist", Reveal::PersonName),
    (0x013C, "HostComputer", Reveal::DeviceModel),
    (0x8298, "Copyright", Reveal::PersonName),
    (0x9003, "DateTimeOriginal", Reveal::CaptureTime),
    (0x9004, "CreateDate", Reveal::CaptureTime),
    (0x9010, "OffsetTime", Reveal::TimeZone),
    (0x9011, "OffsetTimeOriginal", Reveal::TimeZone),
    (0x9012, "OffsetTimeDigitized", Reveal::TimeZone),
    (0x882A, "TimeZoneOffset", Reveal::TimeZone),
    (0x9286, "UserComment", Reveal::Caption),
    (0x9C9B, "XPTitle", Reveal::Caption),
    (0x9C9C, "XPComment", Reveal::Caption),
    (0x9C9D, "XPAuthor", Reveal::PersonName),
    (0x9C9E, "XPKeywords", Reveal::Caption),
    (0x9C9F, "XPSubject", Reveal::Caption),
    (0xA420, "ImageUniqueID", Reveal::UniqueId),
    (0xA430, "OwnerName", Reveal::PersonName),
    (0xA431, "SerialNumber", Reveal::DeviceSerial),
    (0xA433, "LensMake", Reveal::DeviceModel),
    (0xA434, "LensModel", Reveal::DeviceModel),
    (0xA435, "LensSerialNumber", Reveal::DeviceSerial),
    (0xA436, "ImageTitle", Reveal::Caption),
    (0xA437, "Photographer", Reveal::PersonName),
    (0xA438, "ImageEditor", Reveal::PersonName),
    (0xA439, "CameraFirmware", Reveal::Software),
    (0xA43A, "RAWDevelopingSoftware", Reveal::Software),
    (0xA43B, "ImageEditingSoftware", Reveal::Software),
    (0xA43C, "MetadataEditingSoftware", Reveal::Software),
    (0xC614, "UniqueCameraModel", Reveal::DeviceModel),
    (0xC62F, "CameraSerialNumber", Reveal::DeviceSerial),
    (0xC65D, "RawDataUniqueID", Reveal::UniqueId),
    (0xC68B, "OriginalRawFileName", Reveal::Caption),
];

/// Tag names as ImageMagick writes them into PNG text (`exif:Make`).
pub fn reveal_for_name(name: &str) -> Option<Reveal> {
    if name.starts_with("GPS") {
        return Some(if name.contains("Date") || name.contains("Time") { Reveal::CaptureTime } else { Reveal::GpsDetail });
    }
    TAGS.iter().find(|(_, n, _)| *n == name).map(|(_, _, r)| *r)
}

const GPS_TAGS: &[(u16, &str, Reveal)] = &[
    (0x0006, "GPSAltitude", Reveal::GpsDetail),
    (0x0007, "GPSTimeStamp", Reveal::CaptureTime),
    (0x0008, "GPSSatellites", Reveal::GpsDetail),
    (0x000B, "GPSDOP", Reveal::GpsDetail),
    (0x000D, "GPSSpeed", Reveal::GpsDetail),
    (0x000F, "GPSTrack", Reveal::GpsDetail),
    (0x0011, "GPSImgDirection", Reveal::GpsDetail),
    (0x0018, "GPSDestBearing", Reveal::GpsDetail),
    (0x001A, "GPSDestDistance", Reveal::GpsDetail),
    (0x001B, "GPSProcessingMethod", Reveal::GpsDetail),
    (0x001C, "GPSAreaInformation", Reveal::PlaceName),
    (0x001D, "GPSDateStamp", Reveal::CaptureTime),
    (0x001F, "GPSHPositioningError", Reveal::GpsDetail),
];

/// Read an EXIF block (the TIFF structure, with or without the `Exif\0\0`
/// prefix), report what it reveals and return what cleaning must keep.
/// Damage inside the block becomes a warning; only a block we cannot start
/// to read is an error.
pub fn scan(block: &[u8], base: u64, format: Format, cx: &mut Collector) -> Result<ExifSummary> {
    let (data, base) = match block.strip_prefix(b"Exif\0\0") {
        Some(rest) => (rest, base + 6),
        None => (block, base),
    };
    let (t, ifd0) = Tiff::parse_header(data, base, format)?;
    let mut summary = ExifSummary::default();
    let mut make = String::new();
    let mut queue = vec![(ifd0, Ifd::Ifd0)];
    let mut visited: Vec<usize> = Vec::new();
    let mut gps: Vec<Entry> = Vec::new();

    while let Some((at, kind)) = queue.pop() {
        if at == 0 || visited.contains(&at) {
            continue;
        }
        if visited.len() >= MAX_IFDS {
            cx.warn("EXIF: too many directories; the rest was not read (it is removed all the same)");
            break;
        }
        visited.push(at);
        let (entries, next) = match t.read_ifd(at, 0) {
            Ok(x) => x,
            Err(e) => {
                cx.warn(format!("EXIF: a directory could not be read ({e}); it is removed all the same"));
                continue;
            }
        };
        match kind {
            Ifd::Ifd0 => queue.push((next, Ifd::Next(1))),
            Ifd::Next(n) => queue.push((next, Ifd::Next(n.saturating_add(1)))),
            _ => {}
        }
        if let Ifd::Next(n) = kind {
            let size = entries.iter().find(|e| e.tag == 0x0202).and_then(|e| t.uint(e, 0));
            let value = match size {
                Some(s) => format!("JPEG preview, {s} bytes"),
                None => "preview image".to_string(),
            };
            cx.add(Reveal::Thumbnail, if n == 1 { "ThumbnailImage".to_string() } else { format!("IFD{n}:PreviewImage") }, value);
        }
        for e in &entries {
            match (kind, e.tag) {
                (Ifd::Gps, _) => gps.push(*e),
                (_, 0x8769) => queue.extend(t.uint(e, 0).map(|o| (o as usize, Ifd::Exif))),
                (_, 0x8825) => queue.extend(t.uint(e, 0).map(|o| (o as usize, Ifd::Gps))),
                (_, 0xA005) => queue.extend(t.uint(e, 0).map(|o| (o as usize, Ifd::Interop))),
                (_, 0x014A) => {
                    for i in 0..(e.count as usize).min(16) {
                        queue.extend(t.uint(e, i).map(|o| (o as usize, Ifd::SubIfd)));
                    }
                }
                (Ifd::Interop, _) => {}
                (Ifd::SubIfd, 0x0111 | 0x0201) => cx.add(Reveal::HiddenImage, "SubIFD:PreviewImage", "preview image"),
                (Ifd::Ifd0, 0x0112) => {
                    summary.orientation = t.uint(e, 0).and_then(|o| u16::try_from(o).ok()).filter(|o| (1..=8).contains(o));
                }
                (_, 0x927C) => maker_note(&t, e, &make, cx),
                (_, 0x83BB) => crate::payload::iptc::scan_iim(t.bytes(e), cx),
                (_, 0x02BC) => crate::payload::xmp::scan(t.bytes(e), cx),
                (_, tag) => {
                    let Some((_, name, reveal)) = TAGS.iter().find(|(id, _, _)| *id == tag) else { continue };
                    let value = match tag {
                        0x9C9B..=0x9C9F => ucs2(t.bytes(e)),
                        0x9286 => user_comment(t.bytes(e)),
                        _ => t.value(e),
                    };
                    if tag == 0x010F {
                        make = value.clone();
                    }
                    cx.add_text(*reveal, *name, &value);
                }
            }
        }
    }
    report_gps(&t, &gps, cx);
    Ok(summary)
}

fn report_gps(t: &Tiff, gps: &[Entry], cx: &mut Collector) {
    let find = |tag: u16| gps.iter().find(|e| e.tag == tag);
    let degrees = |tag: u16, ref_tag: u16| -> Option<f64> {
        let e = find(tag)?;
        let d = t.rational(e, 0)?;
        let m = t.rational(e, 1).unwrap_or(0.0);
        let s = t.rational(e, 2).unwrap_or(0.0);
        let v = d + m / 60.0 + s / 3600.0;
        let r = find(ref_tag).map(|r| t.bytes(r).first().copied().unwrap_or(b'N')).unwrap_or(b'N');
        Some(if r == b'S' || r == b'W' { -v } else { v })
    };
    for (lat_tag, lon_tag, name) in [(0x0002, 0x0004, "GPSPosition"), (0x0014, 0x0016, "GPSDestPosition")] {
        match (degrees(lat_tag, lat_tag - 1), degrees(lon_tag, lon_tag - 1)) {
            (Some(lat), Some(lon)) => cx.add_position(name, lat, lon),
            (Some(v), None) | (None, Some(v)) => cx.add(Reveal::GpsDetail, name, format!("{v:.6} (half a position)")),
            (None, None) => {
                if find(lat_tag).is_some() || find(lon_tag).is_some() {
                    cx.add(Reveal::GpsDetail, name, "unreadable position");
                }
            }
        }
    }
    for e in gps {
        if let Some((_, name, reveal)) = GPS_TAGS.iter().find(|(id, _, _)| *id == e.tag) {
            let value = if e.tag == 0x001B || e.tag == 0x001C { user_comment(t.bytes(e)) } else { t.value(e) };
            cx.add_text(*reveal, *name, &value);
        }
    }
}

/// Maker-note layouts we can read: where the IFD starts, what offsets are
/// relative to, and the byte order (ExifTool's MakerNotes.pm documents these).
fn maker_note(t: &Tiff, e: &Entry, make: &str, cx: &mut Collector) {
    let note = t.bytes(e);
    let ident = note.iter().take(12).take_while(|b| b.is_ascii_alphanumeric() || **b == b' ').map(|&b| b as char).collect::<String>();
    let label = if ident.trim().len() >= 3 { ident.trim().to_string() } else { make.to_string() };
    cx.add(Reveal::MakerNote, "MakerNote", format!("{label} maker notes, {} bytes", note.len()));

    // (IFD offset inside the note, base for value offsets, own byte order, tag table)
    #[allow(clippy::type_complexity)] // one tuple per maker, read once below
    let layout: Option<(usize, Base, Option<Endian>, &[(u16, &str, Reveal)])> = if note.starts_with(b"Apple iOS\0") {
        Some((14, Base::Note(0), Some(Endian::Big), APPLE))
    } else if note.starts_with(b"Nikon\0\x02") {
        // A TIFF header of its own at +10.
        let endian = if sub(note, 10, 2) == Some(b"II") { Endian::Little } else { Endian::Big };
        let ifd = sub(note, 14, 4).map(|b| endian.u32([b[0], b[1], b[2], b[3]]) as usize).unwrap_or(8);
        Some((ifd.saturating_add(10), Base::Note(10), Some(endian), NIKON))
    } else if note.starts_with(b"Panasonic\0") {
        Some((12, Base::Tiff, None, PANASONIC))
    } else if note.starts_with(b"FUJIFILM") {
        let ifd = sub(note, 8, 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize).unwrap_or(12);
        Some((ifd, Base::Note(0), Some(Endian::Little), FUJIFILM))
    } else if make.starts_with("Canon") {
        Some((0, Base::Tiff, None, CANON))
    } else {
        None
    };
    let Some((ifd_at, base, endian, table)) = layout else { return };
    let note_start = e.at;
    let (data, value_base, ifd_abs) = match base {
        // Offsets relative to the outer TIFF header: read in place.
        Base::Tiff => (t.data, 0usize, note_start.saturating_add(ifd_at)),
        Base::Note(origin) => {
            let Some(d) = t.data.get(note_start.saturating_add(origin)..) else { return };
            (d, 0usize, ifd_at.saturating_sub(origin))
        }
    };
    let inner = Tiff {
        data,
        endian: endian.unwrap_or(t.endian),
        base: t.base + if let Base::Note(o) = base { (note_start + o) as u64 } else { 0 },
        format: t.format,
    };
    let Ok((entries, _)) = inner.read_ifd(ifd_abs, value_base) else { return };
    for me in entries {
        if let Some((_, name, reveal)) = table.iter().find(|(id, _, _)| *id == me.tag) {
            let value = if *reveal == Reveal::UniqueId && (me.typ == 7 || me.typ == 1) && me.len == 16 {
                inner.bytes(&me).iter().map(|b| format!("{b:02x}")).collect()
            } else {
                inner.value(&me)
            };
            cx.add_text(*reveal, format!("MakerNotes:{name}"), &value);
        }
    }
}

#[derive(Clone, Copy)]
enum Base {
    Tiff,
    Note(usize),
}

const APPLE: &[(u16, &str, Reveal)] = &[
    (0x000B, "BurstUUID", Reveal::UniqueId),
    (0x0011, "ContentIdentifier", Reveal::UniqueId),
    (0x0015, "ImageUniqueID", Reveal::UniqueId),
    (0x0020, "ImageCaptureRequestID", Reveal::UniqueId),
    (0x002B, "PhotoIdentifier", Reveal::UniqueId),
];
const CANON: &[(u16, &str, Reveal)] = &[
    (0x0007, "FirmwareVersion", Reveal::Software),
    (0x0009, "OwnerName", Reveal::PersonName),
    (0x000C, "SerialNumber", Reveal::DeviceSerial),
    (0x0028, "ImageUniqueID", Reveal::UniqueId),
    (0x0095, "LensModel", Reveal::DeviceModel),
    (0x0096, "InternalSerialNumber", Reveal::DeviceSerial),
];
const NIKON: &[(u16, &str, Reveal)] =
    &[(0x001D, "SerialNumber", Reveal::DeviceSerial), (0x00A0, "SerialNumber", Reveal::DeviceSerial), (0x00A7, "ShutterCount", Reveal::DeviceSerial)];
const PANASONIC: &[(u16, &str, Reveal)] = &[
    (0x0025, "InternalSerialNumber", Reveal::DeviceSerial),
    (0x0052, "LensSerialNumber", Reveal::DeviceSerial),
    (0x0067, "BabyName", Reveal::PersonName),
    (0x006D, "City", Reveal::PlaceName),
    (0x006F, "Landmark", Reveal::PlaceName),
    (0x0080, "City2", Reveal::PlaceName),
];
const FUJIFILM: &[(u16, &str, Reveal)] = &[(0x0010, "InternalSerialNumber", Reveal::DeviceSerial)];

/// One image listed in a Multi-Picture Format index (CIPA DC-007).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MpImage {
    /// Image attribute: type code in the low 24 bits (0x030000 primary,
    /// 0x010001/0x010002 preview, 0x020002 disparity, 0 for gain maps).
    pub attribute: u32,
    pub size: u32,
    /// Offset from the MPF TIFF header; 0 for the primary image.
    pub offset: u32,
}

/// The MP Entry list of an MPF block (the APP2 payload after `MPF\0`).
pub fn mpf_images(block: &[u8], base: u64, format: Format) -> Result<Vec<MpImage>> {
    let (t, ifd0) = Tiff::parse_header(block, base, format)?;
    let (entries, _) = t.read_ifd(ifd0, 0)?;
    let Some(list) = entries.iter().find(|e| e.tag == 0xB002) else { return Ok(Vec::new()) };
    let n = list.len / 16;
    let mut out = Vec::with_capacity(n.min(64));
    for i in 0..n.min(64) {
        let at = list.at + i * 16;
        let (Some(attribute), Some(size), Some(offset)) = (t.u32(at), t.u32(at + 4), t.u32(at + 8)) else { break };
        out.push(MpImage { attribute, size, offset });
    }
    Ok(out)
}

/// A fresh EXIF block (TIFF structure, without the `Exif\0\0` prefix) that
/// holds only the orientation: what a viewer needs to show the photo upright.
pub fn minimal_tiff(orientation: u16) -> Vec<u8> {
    let mut out = Vec::with_capacity(26);
    out.extend_from_slice(b"MM\0\x2a\0\0\0\x08"); // big-endian TIFF, IFD0 at 8
    out.extend_from_slice(&1u16.to_be_bytes()); // one entry
    out.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    out.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    out.extend_from_slice(&1u32.to_be_bytes()); // count 1
    out.extend_from_slice(&orientation.to_be_bytes());
    out.extend_from_slice(&[0, 0]); // value padding
    out.extend_from_slice(&0u32.to_be_bytes()); // no IFD1
    out
}

#[cfg(test)]
#[allow(clippy::field_reassign_with_default)] // fixtures read best one IFD at a time
pub(crate) mod tests {
    use super::*;
    use crate::report::Category;
    use crate::reveal::Options;

    /// A small big-endian EXIF block for tests: IFD0 with Make, Orientation
    /// and Artist, an Exif IFD with a serial number, a GPS IFD, and IFD1.
    pub fn sample_tiff() -> Vec<u8> {
        let mut b = TiffBuilder::default();
        b.ifd0 = vec![(0x010F, 2, b"Canon\0".to_vec()), (0x0112, 3, 6u16.to_be_bytes().to_vec()), (0x013B, 2, b"Ana Example\0".to_vec())];
        b.exif = vec![(0xA431, 2, b"SN-12345\0".to_vec()), (0x9003, 2, b"2026:01:02 03:04:05\0".to_vec())];
        b.gps = vec![
            (0x0001, 2, b"N\0".to_vec()),
            (0x0002, 5, rationals(&[(44, 1), (58, 1), (4080, 100)])),
            (0x0003, 2, b"W\0".to_vec()),
            (0x0004, 5, rationals(&[(93, 1), (15, 1), (5400, 100)])),
        ];
        b.ifd1 = vec![(0x0201, 4, 0u32.to_be_bytes().to_vec()), (0x0202, 4, 0u32.to_be_bytes().to_vec())];
        b.build()
    }

    pub fn rationals(v: &[(u32, u32)]) -> Vec<u8> {
        v.iter().flat_map(|(n, d)| n.to_be_bytes().into_iter().chain(d.to_be_bytes())).collect()
    }

    /// Lays out IFDs in order with values after each; big-endian.
    #[derive(Default)]
    pub struct TiffBuilder {
        pub ifd0: Vec<(u16, u16, Vec<u8>)>,
        pub exif: Vec<(u16, u16, Vec<u8>)>,
        pub gps: Vec<(u16, u16, Vec<u8>)>,
        pub ifd1: Vec<(u16, u16, Vec<u8>)>,
    }

    impl TiffBuilder {
        pub fn build(&self) -> Vec<u8> {
            let mut out = b"MM\0\x2a\0\0\0\x08".to_vec();
            let mut ifd0 = self.ifd0.clone();
            if !self.exif.is_empty() {
                ifd0.push((0x8769, 4, vec![0; 4]));
            }
            if !self.gps.is_empty() {
                ifd0.push((0x8825, 4, vec![0; 4]));
            }
            let ifd0_at = 8;
            let ifd0_end = write_ifd(&mut out, &ifd0);
            let patch = |out: &mut Vec<u8>, tag: u16, value: usize| {
                let n = u16::from_be_bytes([out[ifd0_at], out[ifd0_at + 1]]) as usize;
                for i in 0..n {
                    let e = ifd0_at + 2 + i * 12;
                    if u16::from_be_bytes([out[e], out[e + 1]]) == tag {
                        out[e + 8..e + 12].copy_from_slice(&(value as u32).to_be_bytes());
                    }
                }
            };
            if !self.exif.is_empty() {
                let at = out.len();
                patch(&mut out, 0x8769, at);
                write_ifd(&mut out, &self.exif);
            }
            if !self.gps.is_empty() {
                let at = out.len();
                patch(&mut out, 0x8825, at);
                write_ifd(&mut out, &self.gps);
            }
            if !self.ifd1.is_empty() {
                let at = out.len() as u32;
                out[ifd0_end - 4..ifd0_end].copy_from_slice(&at.to_be_bytes());
                write_ifd(&mut out, &self.ifd1);
            }
            out
        }
    }

    /// Writes an IFD at the end of `out`, values right after it; returns the
    /// end of the IFD itself (just past the next-IFD pointer).
    fn write_ifd(out: &mut Vec<u8>, entries: &[(u16, u16, Vec<u8>)]) -> usize {
        let start = out.len();
        let table_end = start + 2 + entries.len() * 12 + 4;
        let mut values = Vec::new();
        out.extend_from_slice(&(entries.len() as u16).to_be_bytes());
        for (tag, typ, data) in entries {
            let size = type_size(*typ).unwrap();
            out.extend_from_slice(&tag.to_be_bytes());
            out.extend_from_slice(&typ.to_be_bytes());
            out.extend_from_slice(&((data.len() / size) as u32).to_be_bytes());
            if data.len() <= 4 {
                let mut v = data.clone();
                v.resize(4, 0);
                out.extend_from_slice(&v);
            } else {
                out.extend_from_slice(&((table_end + values.len()) as u32).to_be_bytes());
                values.extend_from_slice(data);
                if values.len() % 2 == 1 {
                    values.push(0);
                }
            }
        }
        out.extend_from_slice(&0u32.to_be_bytes());
        out.extend_from_slice(&values);
        table_end
    }

    fn read(block: &[u8]) -> (Result<ExifSummary>, crate::report::Report) {
        let mut cx = Collector::new(Options::default(), Format::Jpeg);
        let r = scan(block, 0, Format::Jpeg, &mut cx);
        (r, cx.finish())
    }

    #[test]
    fn finds_position_serial_owner_thumbnail_and_orientation() {
        let (summary, report) = read(&sample_tiff());
        assert_eq!(summary.unwrap().orientation, Some(6));
        let get = |tag: &str| report.findings.iter().find(|f| f.tag == tag).unwrap_or_else(|| panic!("{tag}: {report:#?}"));
        let pos = get("GPSPosition");
        assert_eq!(pos.category, Category::Location);
        assert_eq!(pos.value, "44.978000, -93.265000");
        assert_eq!(get("SerialNumber").category, Category::Serial);
        assert_eq!(get("Artist").value, "Ana Example");
        assert_eq!(get("ThumbnailImage").category, Category::Embedded);
        assert_eq!(get("DateTimeOriginal").category, Category::Timestamp);
        assert_eq!(get("Make").category, Category::Device);
    }

    #[test]
    fn every_prefix_is_an_error_or_a_partial_report_never_a_panic() {
        let t = sample_tiff();
        for cut in 0..t.len() {
            let _ = read(&t[..cut]);
        }
        let mut exif = b"Exif\0\0".to_vec();
        exif.extend_from_slice(&t);
        assert_eq!(read(&exif).0.unwrap().orientation, Some(6));
    }

    #[test]
    fn ifd_loops_end() {
        // IFD0 whose next-IFD pointer points at itself, and an Exif pointer to itself.
        let mut t = b"MM\0\x2a\0\0\0\x08".to_vec();
        t.extend_from_slice(&1u16.to_be_bytes());
        t.extend_from_slice(&[0x87, 0x69, 0, 4, 0, 0, 0, 1, 0, 0, 0, 8]);
        t.extend_from_slice(&8u32.to_be_bytes());
        let (r, _) = read(&t);
        assert!(r.is_ok());
    }

    #[test]
    fn huge_counts_are_limits_not_allocations() {
        let mut t = b"II\x2a\0\x08\0\0\0".to_vec();
        t.extend_from_slice(&0xFFFFu16.to_le_bytes());
        let mut cx = Collector::new(Options::default(), Format::Jpeg);
        scan(&t, 0, Format::Jpeg, &mut cx).unwrap();
        assert!(!cx.finish().warnings.is_empty());
        // A value count that would overflow: skipped.
        let mut t = b"II\x2a\0\x08\0\0\0".to_vec();
        t.extend_from_slice(&1u16.to_le_bytes());
        t.extend_from_slice(&[0x3B, 0x01, 2, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]);
        t.extend_from_slice(&[0; 4]);
        assert!(read(&t).0.is_ok());
    }

    #[test]
    fn minimal_tiff_holds_only_orientation() {
        let t = minimal_tiff(8);
        let (summary, report) = read(&t);
        assert_eq!(summary.unwrap().orientation, Some(8));
        assert!(report.findings.is_empty(), "{report:#?}");
    }

    #[test]
    fn apple_maker_note_ids_are_unique_ids() {
        let mut note = b"Apple iOS\0\0\x01MM".to_vec();
        note.extend_from_slice(&1u16.to_be_bytes());
        let uuid = b"FFCBAC24-E547-4BBC-AF47-38B1A3D845E3\0";
        note.extend_from_slice(&[0x00, 0x11, 0, 2]);
        note.extend_from_slice(&(uuid.len() as u32).to_be_bytes());
        note.extend_from_slice(&((14 + 2 + 12 + 4) as u32).to_be_bytes());
        note.extend_from_slice(&0u32.to_be_bytes());
        note.extend_from_slice(uuid);
        let mut b = TiffBuilder::default();
        b.ifd0 = vec![(0x010F, 2, b"Apple\0".to_vec())];
        b.exif = vec![(0x927C, 7, note)];
        let (_, report) = read(&b.build());
        assert!(report.findings.iter().any(|f| f.tag == "MakerNotes:ContentIdentifier" && f.value.starts_with("FFCBAC24")), "{report:#?}");
    }
}
