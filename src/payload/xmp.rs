//! XMP (ISO 16684-1): RDF/XML packets in JPEG APP1, PNG iTXt, WebP, GIF and
//! Photoshop resources. Properties are matched by namespace URI, not by
//! prefix, since a packet may bind any prefix. Nothing is ever written back:
//! cleaning drops XMP whole.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::reveal::{Collector, Reveal};

/// Nesting deeper than this is not XMP a camera or editor wrote.
const MAX_DEPTH: usize = 128;
/// XML events read per packet (a packet of a few MB has far fewer).
const MAX_EVENTS: usize = 1_000_000;

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const EXIF: &str = "http://ns.adobe.com/exif/1.0/";
const EXIF_EX: &str = "http://cipa.jp/exif/1.0/";
const AUX: &str = "http://ns.adobe.com/exif/1.0/aux/";
const TIFF: &str = "http://ns.adobe.com/tiff/1.0/";
const XMP: &str = "http://ns.adobe.com/xap/1.0/";
const XMP_MM: &str = "http://ns.adobe.com/xap/1.0/mm/";
const XMP_RIGHTS: &str = "http://ns.adobe.com/xap/1.0/rights/";
const ST_REF: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceRef#";
const ST_EVT: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const PHOTOSHOP: &str = "http://ns.adobe.com/photoshop/1.0/";
const IPTC_CORE: &str = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/";
const IPTC_EXT: &str = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
const MWG_RS: &str = "http://www.metadataworkinggroup.com/schemas/regions/";
const MP_REG: &str = "http://ns.microsoft.com/photo/1.2/t/Region#";
const MS_PHOTO: &str = "http://ns.microsoft.com/photo/1.0/";
const G_CAMERA: &str = "http://ns.google.com/photos/1.0/camera/";
const G_CONTAINER: &str = "http://ns.google.com/photos/1.0/container/";
const G_DEPTH: &str = "http://ns.google.com/photos/1.0/depthmap/";
const G_IMAGE: &str = "http://ns.google.com/photos/1.0/image/";
const DJI: &str = "http://www.dji.com/drone-dji/1.0/";
const CRS: &str = "http://ns.adobe.com/camera-raw-settings/1.0/";
const LR: &str = "http://ns.adobe.com/lightroom/1.0/";
const XMP_DM: &str = "http://ns.adobe.com/xmp/1.0/DynamicMedia/";
const XMP_G_IMG: &str = "http://ns.adobe.com/xap/1.0/g/img/";
const PLUS: &str = "http://ns.useplus.org/ldf/xmp/1.0/";
const DIGIKAM: &str = "http://www.digikam.org/ns/1.0/";
const APPLE_FI: &str = "http://ns.apple.com/faceinfo/1.0/";
const HDR_GM: &str = "http://ns.adobe.com/hdr-gain-map/1.0/";

/// Known properties: (namespace, local name, what it reveals).
const PROPERTIES: &[(&str, &str, Reveal)] = &[
    (EXIF, "GPSAltitude", Reveal::GpsDetail),
    (EXIF, "GPSImgDirection", Reveal::GpsDetail),
    (EXIF, "GPSSpeed", Reveal::GpsDetail),
    (EXIF, "GPSTrack", Reveal::GpsDetail),
    (EXIF, "GPSAreaInformation", Reveal::PlaceName),
    (EXIF, "GPSProcessingMethod", Reveal::GpsDetail),
    (EXIF, "GPSHPositioningError", Reveal::GpsDetail),
    (EXIF, "GPSTimeStamp", Reveal::CaptureTime),
    (EXIF, "DateTimeOriginal", Reveal::CaptureTime),
    (EXIF, "DateTimeDigitized", Reveal::CaptureTime),
    (EXIF, "UserComment", Reveal::Caption),
    (EXIF, "ImageUniqueID", Reveal::UniqueId),
    (EXIF, "CameraOwnerName", Reveal::PersonName),
    (EXIF, "BodySerialNumber", Reveal::DeviceSerial),
    (EXIF_EX, "BodySerialNumber", Reveal::DeviceSerial),
    (EXIF_EX, "LensSerialNumber", Reveal::DeviceSerial),
    (EXIF_EX, "CameraOwnerName", Reveal::PersonName),
    (EXIF_EX, "ImageUniqueID", Reveal::UniqueId),
    (EXIF_EX, "LensMake", Reveal::DeviceModel),
    (EXIF_EX, "LensModel", Reveal::DeviceModel),
    (EXIF_EX, "Photographer", Reveal::PersonName),
    (EXIF_EX, "ImageEditor", Reveal::PersonName),
    (AUX, "SerialNumber", Reveal::DeviceSerial),
    (AUX, "LensSerialNumber", Reveal::DeviceSerial),
    (AUX, "OwnerName", Reveal::PersonName),
    (AUX, "Lens", Reveal::DeviceModel),
    (AUX, "ImageNumber", Reveal::UniqueId),
    (TIFF, "Make", Reveal::DeviceModel),
    (TIFF, "Model", Reveal::DeviceModel),
    (TIFF, "Software", Reveal::Software),
    (TIFF, "Artist", Reveal::PersonName),
    (TIFF, "Copyright", Reveal::PersonName),
    (TIFF, "ImageDescription", Reveal::Caption),
    (TIFF, "DateTime", Reveal::OtherTime),
    (XMP, "CreatorTool", Reveal::Software),
    (XMP, "CreateDate", Reveal::CaptureTime),
    (XMP, "ModifyDate", Reveal::OtherTime),
    (XMP, "MetadataDate", Reveal::OtherTime),
    (XMP, "Identifier", Reveal::UniqueId),
    (XMP, "Nickname", Reveal::Caption),
    (XMP, "Label", Reveal::Caption),
    (XMP, "Thumbnails", Reveal::Thumbnail),
    (XMP_G_IMG, "image", Reveal::Thumbnail),
    (XMP_MM, "DocumentID", Reveal::UniqueId),
    (XMP_MM, "InstanceID", Reveal::UniqueId),
    (XMP_MM, "OriginalDocumentID", Reveal::UniqueId),
    (XMP_MM, "PreservedFileName", Reveal::Caption),
    (XMP_MM, "History", Reveal::EditHistory),
    (XMP_MM, "Ingredients", Reveal::EditHistory),
    (XMP_MM, "Pantry", Reveal::EditHistory),
    (ST_REF, "documentID", Reveal::UniqueId),
    (ST_REF, "instanceID", Reveal::UniqueId),
    (ST_REF, "originalDocumentID", Reveal::UniqueId),
    (ST_REF, "filePath", Reveal::Caption),
    (ST_EVT, "instanceID", Reveal::UniqueId),
    (ST_EVT, "softwareAgent", Reveal::Software),
    (ST_EVT, "when", Reveal::OtherTime),
    (XMP_RIGHTS, "Owner", Reveal::PersonName),
    (XMP_RIGHTS, "UsageTerms", Reveal::Caption),
    (XMP_RIGHTS, "WebStatement", Reveal::Contact),
    (DC, "creator", Reveal::PersonName),
    (DC, "rights", Reveal::PersonName),
    (DC, "contributor", Reveal::PersonName),
    (DC, "publisher", Reveal::PersonName),
    (DC, "title", Reveal::Caption),
    (DC, "description", Reveal::Caption),
    (DC, "subject", Reveal::Caption),
    (DC, "source", Reveal::Caption),
    (DC, "identifier", Reveal::UniqueId),
    (PHOTOSHOP, "City", Reveal::PlaceName),
    (PHOTOSHOP, "State", Reveal::PlaceName),
    (PHOTOSHOP, "Country", Reveal::PlaceName),
    (PHOTOSHOP, "Credit", Reveal::PersonName),
    (PHOTOSHOP, "AuthorsPosition", Reveal::PersonName),
    (PHOTOSHOP, "CaptionWriter", Reveal::PersonName),
    (PHOTOSHOP, "Source", Reveal::PersonName),
    (PHOTOSHOP, "DateCreated", Reveal::CaptureTime),
    (PHOTOSHOP, "Headline", Reveal::Caption),
    (PHOTOSHOP, "Instructions", Reveal::Caption),
    (PHOTOSHOP, "TransmissionReference", Reveal::UniqueId),
    (PHOTOSHOP, "History", Reveal::EditHistory),
    (PHOTOSHOP, "DocumentAncestors", Reveal::UniqueId),
    (IPTC_CORE, "Location", Reveal::PlaceName),
    (IPTC_CORE, "CountryCode", Reveal::PlaceName),
    (IPTC_CORE, "CiAdrExtadr", Reveal::Contact),
    (IPTC_CORE, "CiAdrCity", Reveal::Contact),
    (IPTC_CORE, "CiAdrRegion", Reveal::Contact),
    (IPTC_CORE, "CiAdrPcode", Reveal::Contact),
    (IPTC_CORE, "CiAdrCtry", Reveal::Contact),
    (IPTC_CORE, "CiTelWork", Reveal::Contact),
    (IPTC_CORE, "CiEmailWork", Reveal::Contact),
    (IPTC_CORE, "CiUrlWork", Reveal::Contact),
    (IPTC_EXT, "PersonInImage", Reveal::PeopleTagged),
    (IPTC_EXT, "PersonInImageName", Reveal::PeopleTagged),
    (IPTC_EXT, "City", Reveal::PlaceName),
    (IPTC_EXT, "Sublocation", Reveal::PlaceName),
    (IPTC_EXT, "ProvinceState", Reveal::PlaceName),
    (IPTC_EXT, "CountryName", Reveal::PlaceName),
    (IPTC_EXT, "CountryCode", Reveal::PlaceName),
    (IPTC_EXT, "LocationName", Reveal::PlaceName),
    (IPTC_EXT, "LocationId", Reveal::PlaceName),
    (IPTC_EXT, "AOCreator", Reveal::PersonName),
    (IPTC_EXT, "Event", Reveal::Caption),
    (MWG_RS, "Name", Reveal::PeopleTagged),
    (MP_REG, "PersonDisplayName", Reveal::PeopleTagged),
    (MP_REG, "PersonEmailDigest", Reveal::PeopleTagged),
    (MP_REG, "PersonLiveIdCID", Reveal::PeopleTagged),
    (MS_PHOTO, "CameraSerialNumber", Reveal::DeviceSerial),
    (MS_PHOTO, "LastKeywordXMP", Reveal::Caption),
    (MS_PHOTO, "DateAcquired", Reveal::OtherTime),
    (APPLE_FI, "Regions", Reveal::PeopleTagged),
    (G_CAMERA, "MicroVideo", Reveal::AppendedVideo),
    (G_CAMERA, "MotionPhoto", Reveal::AppendedVideo),
    (G_CAMERA, "BurstID", Reveal::UniqueId),
    (G_CONTAINER, "Directory", Reveal::HiddenImage),
    (G_DEPTH, "Data", Reveal::HiddenImage),
    (G_DEPTH, "Confidence", Reveal::HiddenImage),
    (G_IMAGE, "Data", Reveal::HiddenImage),
    (HDR_GM, "Version", Reveal::HiddenImage),
    (DJI, "CameraSerialNumber", Reveal::DeviceSerial),
    (DJI, "DroneSerialNumber", Reveal::DeviceSerial),
    (DJI, "SerialNumber", Reveal::DeviceSerial),
    (DJI, "AbsoluteAltitude", Reveal::GpsDetail),
    (DJI, "RelativeAltitude", Reveal::GpsDetail),
    (DJI, "FlightYawDegree", Reveal::GpsDetail),
    (DJI, "GimbalYawDegree", Reveal::GpsDetail),
    (DJI, "FlightXSpeed", Reveal::GpsDetail),
    (DJI, "FlightYSpeed", Reveal::GpsDetail),
    (DJI, "FlightZSpeed", Reveal::GpsDetail),
    (DJI, "RtkFlag", Reveal::GpsDetail),
    (DJI, "RtkStdLon", Reveal::GpsDetail),
    (DJI, "RtkStdLat", Reveal::GpsDetail),
    (CRS, "RawFileName", Reveal::Caption),
    (LR, "hierarchicalSubject", Reveal::Caption),
    (XMP_DM, "artist", Reveal::PersonName),
    (XMP_DM, "composer", Reveal::PersonName),
    (XMP_DM, "shotLocation", Reveal::PlaceName),
    (XMP_DM, "location", Reveal::PlaceName),
    (PLUS, "ImageCreatorName", Reveal::PersonName),
    (PLUS, "CopyrightOwnerName", Reveal::PersonName),
    (PLUS, "LicensorName", Reveal::PersonName),
    (PLUS, "LicensorEmail", Reveal::Contact),
    (PLUS, "LicensorTelephone1", Reveal::Contact),
    (DIGIKAM, "TagsList", Reveal::Caption),
];

/// Coordinates, gathered over the whole packet and reported as one position.
const LATITUDES: &[(&str, &str)] = &[(EXIF, "GPSLatitude"), (DJI, "GpsLatitude"), (EXIF, "GPSDestLatitude")];
const LONGITUDES: &[(&str, &str)] = &[(EXIF, "GPSLongitude"), (DJI, "GpsLongitude"), (DJI, "GpsLongtitude"), (EXIF, "GPSDestLongitude")];

fn lookup(ns: &str, local: &str) -> Option<Reveal> {
    PROPERTIES.iter().find(|(n, l, _)| *n == ns && *l == local).map(|(_, _, r)| *r)
}

fn is_coordinate(ns: &str, local: &str) -> Option<bool> {
    if LATITUDES.iter().any(|(n, l)| *n == ns && *l == local) {
        Some(true)
    } else if LONGITUDES.iter().any(|(n, l)| *n == ns && *l == local) {
        Some(false)
    } else {
        None
    }
}

/// The `prefix:name` shown in findings: the usual prefix for the namespace.
fn tag_name(ns: &str, local: &str) -> String {
    let prefix = match ns {
        EXIF => "exif",
        EXIF_EX => "exifEX",
        AUX => "aux",
        TIFF => "tiff",
        XMP => "xmp",
        XMP_MM => "xmpMM",
        XMP_RIGHTS => "xmpRights",
        ST_REF => "stRef",
        ST_EVT => "stEvt",
        DC => "dc",
        PHOTOSHOP => "photoshop",
        IPTC_CORE => "Iptc4xmpCore",
        IPTC_EXT => "Iptc4xmpExt",
        MWG_RS => "mwg-rs",
        MP_REG => "MPReg",
        MS_PHOTO => "MicrosoftPhoto",
        G_CAMERA => "GCamera",
        G_CONTAINER => "Container",
        G_DEPTH => "GDepth",
        G_IMAGE => "GImage",
        DJI => "drone-dji",
        CRS => "crs",
        LR => "lr",
        XMP_DM => "xmpDM",
        XMP_G_IMG => "xmpGImg",
        PLUS => "plus",
        DIGIKAM => "digiKam",
        APPLE_FI => "apple-fi",
        HDR_GM => "hdrgm",
        _ => "XMP",
    };
    format!("XMP-{prefix}:{local}")
}

/// A property whose text is being gathered from its descendants.
struct Capture {
    depth: usize,
    ns: String,
    local: String,
    text: String,
    /// An element boundary was crossed since the last text: separate values.
    boundary: bool,
}

/// Report what an XMP packet reveals. Damage becomes a warning; the packet
/// is removed by cleaning whatever it holds.
pub fn scan(bytes: &[u8], cx: &mut Collector) {
    let text = String::from_utf8_lossy(packet(bytes));
    let mut reader = NsReader::from_str(&text);
    reader.config_mut().check_end_names = false;

    let mut depth = 0usize;
    let mut captures: Vec<Capture> = Vec::new();
    let mut lat: Option<f64> = None;
    let mut lon: Option<f64> = None;
    let mut unknown = 0usize;
    // Depth of the innermost rdf:Description: its children are properties.
    let mut description_depths: Vec<usize> = Vec::new();

    for _ in 0..MAX_EVENTS {
        let (resolved, event) = match reader.read_resolved_event() {
            Ok((r, e)) => (ns_of(&r), e),
            Err(_) => {
                cx.warn("XMP: the metadata text is damaged; it was read in part (it is removed all the same)");
                break;
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                mark_boundary(&mut captures);
                let is_empty = matches!(event, Event::Empty(_));
                let local = e.local_name().as_ref().to_string();
                let ns = resolved.unwrap_or_default();
                depth += 1;
                if depth > MAX_DEPTH {
                    cx.warn("XMP: nested too deeply; the rest was not read (it is removed all the same)");
                    break;
                }
                let parent_is_description = description_depths.last() == Some(&(depth - 1));
                if ns == RDF && local == "Description" {
                    description_depths.push(depth);
                }
                // Attributes hold simple properties (rdf:Description shorthand) and struct fields.
                let mut resource = None;
                for attr in e.attributes().flatten() {
                    let (ares, alocal) = reader.resolver().resolve_attribute(attr.key);
                    let Some(ans) = ns_of(&ares) else { continue };
                    let alocal = alocal.as_ref().to_string();
                    let value =
                        attr.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| v.into_owned()).unwrap_or_else(|_| attr.value.to_string());
                    if ans == RDF {
                        if alocal == "resource" {
                            resource = Some(value);
                        }
                        continue;
                    }
                    if ans == "http://www.w3.org/2000/xmlns/" || ans == "adobe:ns:meta/" {
                        continue;
                    }
                    property(&ans, &alocal, &value, cx, &mut lat, &mut lon, &mut unknown, true);
                }
                if ns != RDF && !ns.is_empty() {
                    let known = lookup(&ns, &local).is_some() || is_coordinate(&ns, &local).is_some();
                    if known {
                        let text = resource.unwrap_or_default();
                        if is_empty {
                            property(&ns, &local, &text, cx, &mut lat, &mut lon, &mut unknown, false);
                        } else {
                            captures.push(Capture { depth, ns, local, text, boundary: false });
                        }
                    } else if parent_is_description && ns != "adobe:ns:meta/" {
                        unknown += 1;
                    }
                }
                if is_empty {
                    if description_depths.last() == Some(&depth) {
                        description_depths.pop();
                    }
                    depth -= 1;
                }
            }
            Event::Text(t) => append(&mut captures, &t.xml10_content()),
            Event::CData(t) => append(&mut captures, &t.into_inner()),
            Event::GeneralRef(r) => {
                let name = r.into_inner();
                let c = match name.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    n => n
                        .strip_prefix("#x")
                        .map(|h| u32::from_str_radix(h, 16))
                        .or_else(|| n.strip_prefix('#').map(|d| d.parse()))
                        .and_then(|r| r.ok())
                        .and_then(char::from_u32),
                };
                if let Some(c) = c {
                    append(&mut captures, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::End(_) => {
                mark_boundary(&mut captures);
                if let Some(c) = captures.last() {
                    if c.depth == depth {
                        if let Some(c) = captures.pop() {
                            property(&c.ns, &c.local, &c.text, cx, &mut lat, &mut lon, &mut unknown, false);
                        }
                    }
                }
                if description_depths.last() == Some(&depth) {
                    description_depths.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for c in captures.drain(..).rev() {
        property(&c.ns, &c.local, &c.text, cx, &mut lat, &mut lon, &mut unknown, false);
    }
    match (lat, lon) {
        (Some(lat), Some(lon)) => cx.add_position("XMP:GPSPosition", lat, lon),
        (Some(v), None) | (None, Some(v)) => cx.add(Reveal::GpsDetail, "XMP:GPSPosition", format!("{v:.6} (half a position)")),
        (None, None) => {}
    }
    if unknown > 0 {
        cx.add(Reveal::UnknownData, "XMP", format!("{unknown} other XMP fields"));
    }
}

fn ns_of(r: &ResolveResult) -> Option<String> {
    match r {
        ResolveResult::Bound(ns) => Some(ns.as_ref().to_string()),
        _ => None,
    }
}

/// Add text to every open capture; values of separate elements (the items
/// of an rdf:Seq) are joined with "; ", pieces of one value are not.
fn append(captures: &mut [Capture], text: &str) {
    if text.trim().is_empty() {
        return;
    }
    for c in captures.iter_mut() {
        if c.text.len() > 4096 {
            continue;
        }
        if c.boundary && !c.text.trim().is_empty() {
            c.text.push_str("; ");
        }
        c.boundary = false;
        c.text.push_str(text);
    }
}

fn mark_boundary(captures: &mut [Capture]) {
    for c in captures.iter_mut() {
        c.boundary = true;
    }
}

#[allow(clippy::too_many_arguments)]
fn property(
    ns: &str,
    local: &str,
    value: &str,
    cx: &mut Collector,
    lat: &mut Option<f64>,
    lon: &mut Option<f64>,
    unknown: &mut usize,
    counts_unknown: bool,
) {
    if let Some(is_lat) = is_coordinate(ns, local) {
        let v = parse_coordinate(value);
        match (is_lat, v) {
            (true, Some(v)) => *lat = lat.or(Some(v)),
            (false, Some(v)) => *lon = lon.or(Some(v)),
            (_, None) => cx.add_text(Reveal::GpsDetail, tag_name(ns, local), value),
        }
        return;
    }
    match lookup(ns, local) {
        Some(reveal @ (Reveal::EditHistory | Reveal::HiddenImage | Reveal::AppendedVideo | Reveal::Thumbnail)) => {
            // Structures and binary data: say what it is, not the base64 or the nested text.
            let value = if value.len() > 80 { format!("{} bytes of data", value.len()) } else { value.to_string() };
            if reveal == Reveal::AppendedVideo && (value.trim() == "0" || value.trim().eq_ignore_ascii_case("false")) {
                return;
            }
            cx.add(reveal, tag_name(ns, local), if value.is_empty() { "present".to_string() } else { value });
        }
        Some(reveal) => cx.add_text(reveal, tag_name(ns, local), value),
        None if counts_unknown => *unknown += 1,
        None => {}
    }
}

/// XMP GPS coordinates: "44,58.668N", "44,58,40.08N", or a plain decimal.
pub fn parse_coordinate(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(v) = s.parse::<f64>() {
        return Some(v);
    }
    let last = s.chars().last()?;
    let sign = match last.to_ascii_uppercase() {
        'N' | 'E' => 1.0,
        'S' | 'W' => -1.0,
        _ => return None,
    };
    let body = &s[..s.len() - last.len_utf8()];
    let parts: Vec<f64> = body.split(',').map(|p| p.trim().parse::<f64>()).collect::<Result<_, _>>().ok()?;
    let v = match parts.as_slice() {
        [d] => *d,
        [d, m] => d + m / 60.0,
        [d, m, s] => d + m / 60.0 + s / 3600.0,
        _ => return None,
    };
    Some(sign * v)
}

/// The XML part of a packet: from `<x:xmpmeta` (or `<rdf:RDF`) to its end.
/// GIF's XMP carries a binary "magic trailer" after the packet; other
/// carriers pad with spaces.
fn packet(bytes: &[u8]) -> &[u8] {
    let start = memchr::memmem::find(bytes, b"<x:xmpmeta")
        .or_else(|| memchr::memmem::find(bytes, b"<rdf:RDF"))
        .or_else(|| memchr::memchr(b'<', bytes))
        .unwrap_or(0);
    let rest = bytes.get(start..).unwrap_or(&[]);
    let end = memchr::memmem::rfind(rest, b"</x:xmpmeta>")
        .map(|e| e + "</x:xmpmeta>".len())
        .or_else(|| memchr::memmem::rfind(rest, b"</rdf:RDF>").map(|e| e + "</rdf:RDF>".len()))
        .unwrap_or(rest.len());
    rest.get(..end).unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Category, Format};
    use crate::reveal::Options;

    pub const SAMPLE: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:d="http://purl.org/dc/elements/1.1/"
 xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
 exif:GPSLatitude="44,58.68N" exif:GPSLongitude="93,15.9W" aux:SerialNumber="XMP-SN-42"
 xmpMM:DocumentID="xmp.did:1234" custom:Thing="x" xmlns:custom="urn:custom">
 <d:creator><rdf:Seq><rdf:li>Ana &amp; Luis</rdf:li></rdf:Seq></d:creator>
 <xmpMM:History><rdf:Seq><rdf:li stEvt:action="saved" stEvt:softwareAgent="Editor 1.0" stEvt:instanceID="xmp.iid:9"/></rdf:Seq></xmpMM:History>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"#;

    fn read(bytes: &[u8]) -> crate::report::Report {
        let mut cx = Collector::new(Options::default(), Format::Jpeg);
        scan(bytes, &mut cx);
        cx.finish()
    }

    #[test]
    fn finds_properties_by_namespace_not_prefix() {
        let r = read(SAMPLE.as_bytes());
        let get = |tag: &str| r.findings.iter().find(|f| f.tag == tag).unwrap_or_else(|| panic!("{tag}: {r:#?}"));
        assert_eq!(get("XMP-dc:creator").value, "Ana & Luis");
        assert_eq!(get("XMP-dc:creator").category, Category::Person);
        assert_eq!(get("XMP-aux:SerialNumber").category, Category::Serial);
        assert_eq!(get("XMP-xmpMM:DocumentID").category, Category::UniqueId);
        assert_eq!(get("XMP-stEvt:instanceID").category, Category::UniqueId);
        assert_eq!(get("XMP-xmpMM:History").category, Category::Software);
        let pos = get("XMP:GPSPosition");
        assert_eq!(pos.value, "44.978000, -93.265000");
        assert!(r.findings.iter().any(|f| f.tag == "XMP"), "the unknown custom:Thing is counted");
    }

    #[test]
    fn damaged_or_cut_packets_never_panic() {
        let b = SAMPLE.as_bytes();
        for cut in 0..b.len() {
            let _ = read(&b[..cut]);
        }
        let deep = "<a>".repeat(10_000);
        let r = read(deep.as_bytes());
        assert!(!r.warnings.is_empty());
    }

    #[test]
    fn coordinates() {
        assert_eq!(parse_coordinate("44,58.68N"), Some(44.978));
        assert!((parse_coordinate("93,15,54W").unwrap() + 93.265).abs() < 1e-9);
        assert_eq!(parse_coordinate("-3.5"), Some(-3.5));
        assert_eq!(parse_coordinate("x"), None);
        assert_eq!(parse_coordinate(""), None);
    }
}
