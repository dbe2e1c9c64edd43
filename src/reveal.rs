//! What a field reveals, in plain words. Parsers say *what* they found
//! (`Reveal::DeviceSerial`, with the tag and value); this module decides the
//! category, the severity and the sentence shown to people, in English and
//! Spanish, so that every format speaks with one voice.

use crate::geo::{Gazetteer, Place};
use crate::report::{Category, Damage, DamageKind, Finding, Position, Report, Severity};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Es,
}

impl Lang {
    /// `es`, `es-MX`, `es_AR.UTF-8` → Spanish; anything else → English.
    pub fn from_tag(tag: &str) -> Lang {
        let t = tag.trim().to_ascii_lowercase();
        if t == "es" || t.starts_with("es-") || t.starts_with("es_") || t.starts_with("es.") {
            Lang::Es
        } else {
            Lang::En
        }
    }
}

/// What a piece of metadata tells about the person who made the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reveal {
    /// Coordinates of where it was taken (or of a destination).
    GpsPosition,
    /// Altitude, direction, speed, accuracy, satellites: more about where.
    GpsDetail,
    /// A written place name: city, street, country, sublocation.
    PlaceName,
    DeviceSerial,
    /// Owner, author, artist, photographer, copyright holder, editor.
    PersonName,
    /// Address, phone, email or web address of the author.
    Contact,
    /// People named in face regions or "person in image".
    PeopleTagged,
    UniqueId,
    DeviceModel,
    CaptureTime,
    TimeZone,
    OtherTime,
    Software,
    EditHistory,
    Thumbnail,
    HiddenImage,
    AppendedVideo,
    Trailer,
    MakerNote,
    /// A timed metadata track: GPS fixes, motion, faces, recorded with the video.
    TelemetryTrack,
    ContentCredentials,
    Caption,
    /// Something we do not recognise; removed because unknown is unsafe.
    UnknownData,
}

impl Reveal {
    pub fn category(self) -> Category {
        use Reveal::*;
        match self {
            GpsPosition | GpsDetail | PlaceName | TelemetryTrack => Category::Location,
            DeviceSerial => Category::Serial,
            PersonName | Contact | PeopleTagged => Category::Person,
            UniqueId => Category::UniqueId,
            DeviceModel | MakerNote => Category::Device,
            CaptureTime | TimeZone | OtherTime => Category::Timestamp,
            Software | EditHistory => Category::Software,
            Thumbnail | HiddenImage | AppendedVideo | Trailer | ContentCredentials | UnknownData => Category::Embedded,
            Caption => Category::Text,
        }
    }

    pub fn severity(self) -> Severity {
        use Reveal::*;
        match self {
            GpsPosition | DeviceSerial | PersonName | Contact | PeopleTagged | UniqueId | Thumbnail | AppendedVideo | HiddenImage
            | ContentCredentials | TelemetryTrack => Severity::High,
            GpsDetail | PlaceName | DeviceModel | CaptureTime | TimeZone | MakerNote | Trailer | Caption | EditHistory => Severity::Medium,
            OtherTime | Software | UnknownData => Severity::Low,
        }
    }

    fn message(self, lang: Lang) -> &'static str {
        use Reveal::*;
        match (self, lang) {
            (GpsPosition, Lang::En) => "The exact location where this was taken.",
            (GpsPosition, Lang::Es) => "La ubicación exacta donde se tomó.",
            (GpsDetail, Lang::En) => "More about where this was taken (altitude, direction, speed or accuracy of the position).",
            (GpsDetail, Lang::Es) => "Más datos sobre dónde se tomó (altitud, dirección, velocidad o precisión de la posición).",
            (PlaceName, Lang::En) => "A place name written into the file (a city, street or country).",
            (PlaceName, Lang::Es) => "Un nombre de lugar escrito en el archivo (una ciudad, calle o país).",
            (DeviceSerial, Lang::En) => "The serial number of the camera or lens, which can tie this file to its owner and to everything else recorded with it.",
            (DeviceSerial, Lang::Es) => "El número de serie de la cámara o del lente, que puede vincular este archivo con su dueño y con todo lo demás grabado con ella.",
            (PersonName, Lang::En) => "A person's name: the owner, author, photographer or copyright holder.",
            (PersonName, Lang::Es) => "El nombre de una persona: el dueño, autor, fotógrafo o titular de los derechos.",
            (Contact, Lang::En) => "The author's contact details (address, phone, email or website).",
            (Contact, Lang::Es) => "Los datos de contacto del autor (dirección, teléfono, correo o sitio web).",
            (PeopleTagged, Lang::En) => "The names of people tagged in the picture.",
            (PeopleTagged, Lang::Es) => "Los nombres de las personas etiquetadas en la imagen.",
            (UniqueId, Lang::En) => "A unique identifier that can match this copy to the original on the phone or camera, or to other copies.",
            (UniqueId, Lang::Es) => "Un identificador único que puede relacionar esta copia con el original en el teléfono o la cámara, o con otras copias.",
            (DeviceModel, Lang::En) => "The make and model of the camera, phone or lens.",
            (DeviceModel, Lang::Es) => "La marca y el modelo de la cámara, el teléfono o el lente.",
            (CaptureTime, Lang::En) => "The date and time it was taken or recorded.",
            (CaptureTime, Lang::Es) => "La fecha y la hora en que se tomó o se grabó.",
            (TimeZone, Lang::En) => "The time zone of the device, which hints at the region.",
            (TimeZone, Lang::Es) => "La zona horaria del dispositivo, que da una pista de la región.",
            (OtherTime, Lang::En) => "When the file was created, changed or edited.",
            (OtherTime, Lang::Es) => "Cuándo se creó, cambió o editó el archivo.",
            (Software, Lang::En) => "The program or phone system version that made or edited the file.",
            (Software, Lang::Es) => "El programa o la versión del sistema del teléfono que creó o editó el archivo.",
            (EditHistory, Lang::En) => "The editing history: which programs changed the file and when.",
            (EditHistory, Lang::Es) => "El historial de edición: qué programas cambiaron el archivo y cuándo.",
            (Thumbnail, Lang::En) => "A hidden small preview of the photo, which can show it as it was before cropping or editing.",
            (Thumbnail, Lang::Es) => "Una vista previa pequeña y oculta de la foto, que puede mostrarla como era antes de recortarla o editarla.",
            (HiddenImage, Lang::En) => "Another image hidden in the file (a preview, the distance data portrait mode uses, or a second version of the photo for HDR screens).",
            (HiddenImage, Lang::Es) => "Otra imagen oculta en el archivo (una vista previa, los datos de distancia del modo retrato o una segunda versión de la foto para pantallas HDR).",
            (AppendedVideo, Lang::En) => "A short video hidden in the photo (a motion photo), which can show and sound more than the picture.",
            (AppendedVideo, Lang::Es) => "Un video corto oculto en la foto (foto en movimiento), que puede mostrar y hacer oír más que la imagen.",
            (Trailer, Lang::En) => "Extra data after the end of the image that viewers do not show.",
            (Trailer, Lang::Es) => "Datos adicionales después del final de la imagen que los visores no muestran.",
            (MakerNote, Lang::En) => "The camera maker's private data, which often holds serial numbers and settings.",
            (MakerNote, Lang::Es) => "Datos privados del fabricante de la cámara, que a menudo incluyen números de serie y la configuración de la cámara.",
            (TelemetryTrack, Lang::En) => "A track of sensor data recorded with the video (GPS positions, motion), which can trace where the camera went.",
            (TelemetryTrack, Lang::Es) => "Una pista de datos de sensores grabada con el video (posiciones GPS, movimiento), que puede trazar por dónde pasó la cámara.",
            (ContentCredentials, Lang::En) => "Content Credentials (C2PA): a signed record that can name the creator, the device and the edits, with a preview.",
            (ContentCredentials, Lang::Es) => "Credenciales de contenido (C2PA): un registro firmado que puede nombrar al autor, el dispositivo y las ediciones, con una vista previa.",
            (Caption, Lang::En) => "Text attached to the file (a caption, title, comment or keywords), which can name people or places.",
            (Caption, Lang::Es) => "Texto adjunto al archivo (un pie de foto, título, comentario o palabras clave), que puede nombrar personas o lugares.",
            (UnknownData, Lang::En) => "Data Silbato does not recognise; it is removed to be on the safe side.",
            (UnknownData, Lang::Es) => "Datos que Silbato no reconoce; se quitan por precaución.",
        }
    }
}

/// Options that shape a report: the language of messages and the offline
/// gazetteer used to name the nearest town.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'g> {
    pub lang: Lang,
    pub gazetteer: Option<Gazetteer<'g>>,
}

/// Longest value kept in a finding, in characters; long captions and base64
/// blobs are shortened so reports stay readable.
const MAX_VALUE_CHARS: usize = 160;

/// Collects findings and warnings while a file is read.
#[derive(Debug)]
pub struct Collector<'g> {
    opts: Options<'g>,
    report: Report,
}

impl<'g> Collector<'g> {
    pub fn new(opts: Options<'g>, format: crate::report::Format) -> Self {
        Collector { opts, report: Report::new(format) }
    }

    pub fn lang(&self) -> Lang {
        self.opts.lang
    }

    pub fn add(&mut self, reveal: Reveal, tag: impl Into<String>, value: impl AsRef<str>) {
        let value = shorten(value.as_ref());
        let message = reveal.message(self.opts.lang).to_string();
        self.push(reveal, tag.into(), value, message);
    }

    /// A value that is empty, all spaces or all zeros reveals nothing (a
    /// serial of `0000000`, a blank artist): skip it, as exiftool's
    /// privacy classification in the corpus manifest does.
    pub fn add_text(&mut self, reveal: Reveal, tag: impl Into<String>, value: &str) {
        if is_blank(value) {
            return;
        }
        self.add(reveal, tag, value);
    }

    /// A position in decimal degrees, named after the nearest town.
    pub fn add_position(&mut self, tag: impl Into<String>, lat: f64, lon: f64) {
        let tag = tag.into();
        if !(lat.is_finite() && lon.is_finite()) || lat.abs() > 90.0 || lon.abs() > 180.0 {
            self.add(Reveal::GpsDetail, tag, format!("{lat}, {lon} (not a valid position)"));
            return;
        }
        let value = format!("{lat:.6}, {lon:.6}");
        if lat == 0.0 && lon == 0.0 {
            // Cameras write 0,0 when they had no fix; it reveals nothing but is still removed.
            self.add(Reveal::GpsDetail, tag, format!("{value} (no position fix)"));
            return;
        }
        let place = self.opts.gazetteer.and_then(|g| g.nearest(lat, lon));
        let message = position_message(self.opts.lang, lat, lon, place.as_ref());
        let position = Position { lat, lon, place: place.map(|p| p.describe_short(self.opts.lang)) };
        self.push_with(Reveal::GpsPosition, tag, value, message, Some(position));
    }

    pub fn warn(&mut self, warning: impl Into<String>) {
        let w = warning.into();
        if !self.report.warnings.contains(&w) {
            self.report.warnings.push(w);
        }
    }

    /// The file is damaged after its headers; the message is written here.
    pub fn damaged(&mut self, damage: Damage) {
        let message = damage_message(self.opts.lang, &damage);
        self.report.damage = Some(Damage { message, ..damage });
    }

    pub fn findings(&self) -> &[Finding] {
        &self.report.findings
    }

    pub fn finish(mut self) -> Report {
        self.report.sort();
        self.report
    }

    fn push(&mut self, reveal: Reveal, tag: String, value: String, message: String) {
        self.push_with(reveal, tag, value, message, None);
    }

    fn push_with(&mut self, reveal: Reveal, tag: String, value: String, message: String, position: Option<Position>) {
        let finding = Finding { category: reveal.category(), tag, value, severity: reveal.severity(), message, position };
        if !self.report.findings.contains(&finding) {
            self.report.findings.push(finding);
        }
    }
}

pub fn is_blank(value: &str) -> bool {
    value.chars().all(|c| c.is_whitespace() || c == '0' || c == '\0' || c == '-' || c == ':' || c == '.')
}

fn shorten(value: &str) -> String {
    let clean: String = value.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let clean = clean.trim();
    if clean.chars().count() <= MAX_VALUE_CHARS {
        return clean.to_string();
    }
    let mut out: String = clean.chars().take(MAX_VALUE_CHARS).collect();
    out.push('…');
    out
}

/// "1 byte", "2 bytes" (the same word in both languages).
fn bytes(n: u64) -> String {
    if n == 1 {
        "1 byte".into()
    } else {
        format!("{n} bytes")
    }
}

/// What a damaged file's cleaned copy keeps, as the notice says it.
pub fn damage_message(lang: Lang, d: &Damage) -> String {
    let (rows, at, dropped) = (d.rows, d.offset, bytes(d.dropped));
    match (d.what, d.complete, d.kept, lang) {
        (DamageKind::CutShort, true, _, Lang::En) if d.dropped == 0 => {
            "The file lacks the marker that ends a photo, but the whole picture is there. The cleaned copy keeps it and adds the marker.".into()
        }
        (DamageKind::CutShort, true, _, Lang::Es) if d.dropped == 0 => {
            "Al archivo le falta la marca que cierra una foto, pero la imagen está completa. La copia limpia la conserva y agrega la marca.".into()
        }
        (_, true, _, Lang::En) => format!(
            "The file is damaged after the end of the picture ({dropped} that are not part of it). The cleaned copy keeps the whole picture and drops those bytes."
        ),
        (_, true, _, Lang::Es) => format!(
            "El archivo está dañado después del final de la imagen ({dropped} que no forman parte de ella). La copia limpia conserva la imagen completa y quita esos bytes."
        ),
        (DamageKind::CutShort, false, Some(kept), Lang::En) => format!(
            "The file is cut short: only {kept} of the picture's {rows} rows are in it. The cleaned copy keeps those rows; the rest stays grey, as in a browser."
        ),
        (DamageKind::CutShort, false, Some(kept), Lang::Es) => format!(
            "El archivo está cortado: solo tiene {kept} de las {rows} filas de la imagen. La copia limpia conserva esas filas; el resto queda gris, como en un navegador."
        ),
        (DamageKind::Junk, false, Some(kept), Lang::En) => format!(
            "The file is damaged at byte {at}: only {kept} of the picture's {rows} rows can be read. The cleaned copy keeps those rows and drops the rest ({dropped}); what is missing stays grey, as in a browser."
        ),
        (DamageKind::Junk, false, Some(kept), Lang::Es) => format!(
            "El archivo está dañado en el byte {at}: solo se pueden leer {kept} de las {rows} filas de la imagen. La copia limpia conserva esas filas y quita el resto ({dropped}); lo que falta queda gris, como en un navegador."
        ),
        (DamageKind::CutShort, false, None, Lang::En) => {
            "The file is cut short. The cleaned copy keeps the part of the picture that is there, which may look blurry or unfinished, as in a browser.".into()
        }
        (DamageKind::CutShort, false, None, Lang::Es) => {
            "El archivo está cortado. La copia limpia conserva la parte de la imagen que sí está, que puede verse borrosa o incompleta, como en un navegador.".into()
        }
        (DamageKind::Junk, false, None, Lang::En) => format!(
            "The file is damaged at byte {at}. The cleaned copy keeps the part of the picture before the damage, which may look blurry or unfinished, and drops the rest ({dropped})."
        ),
        (DamageKind::Junk, false, None, Lang::Es) => format!(
            "El archivo está dañado en el byte {at}. La copia limpia conserva la parte de la imagen anterior al daño, que puede verse borrosa o incompleta, y quita el resto ({dropped})."
        ),
    }
}

/// "Taken about 2 km from Minneapolis, Minnesota (exact coordinates: 44.96180, -93.27100)."
/// The town comes first: it is what a reader understands at once.
pub fn position_message(lang: Lang, lat: f64, lon: f64, place: Option<&Place>) -> String {
    match (place, lang) {
        (Some(p), Lang::En) => format!("Taken {} (exact coordinates: {lat:.5}, {lon:.5}).", p.describe(lang)),
        (Some(p), Lang::Es) => format!("Se tomó {} (coordenadas exactas: {lat:.5}, {lon:.5}).", p.describe(lang)),
        (None, Lang::En) => format!("Taken at an exact location anyone can find on a map (coordinates: {lat:.5}, {lon:.5})."),
        (None, Lang::Es) => format!("Se tomó en una ubicación exacta que cualquiera puede encontrar en un mapa (coordenadas: {lat:.5}, {lon:.5})."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Format;

    #[test]
    fn every_reveal_has_both_languages_and_a_sentence() {
        use Reveal::*;
        for r in [
            GpsPosition,
            GpsDetail,
            PlaceName,
            DeviceSerial,
            PersonName,
            Contact,
            PeopleTagged,
            UniqueId,
            DeviceModel,
            CaptureTime,
            TimeZone,
            OtherTime,
            Software,
            EditHistory,
            Thumbnail,
            HiddenImage,
            AppendedVideo,
            Trailer,
            MakerNote,
            TelemetryTrack,
            ContentCredentials,
            Caption,
            UnknownData,
        ] {
            assert!(!r.message(Lang::En).is_empty());
            assert_ne!(r.message(Lang::En), r.message(Lang::Es));
        }
    }

    #[test]
    fn blank_values_are_not_findings() {
        let mut c = Collector::new(Options::default(), Format::Jpeg);
        c.add_text(Reveal::DeviceSerial, "SerialNumber", "0000000000");
        c.add_text(Reveal::PersonName, "Artist", "   ");
        assert!(c.findings().is_empty());
        c.add_text(Reveal::DeviceSerial, "SerialNumber", "A1B2");
        assert_eq!(c.findings().len(), 1);
    }

    #[test]
    fn positions_without_gazetteer_give_coordinates() {
        let mut c = Collector::new(Options { lang: Lang::Es, gazetteer: None }, Format::Jpeg);
        c.add_position("GPSPosition", 44.9778, -93.265);
        let f = &c.findings()[0];
        assert_eq!(f.category, Category::Location);
        assert_eq!(f.value, "44.977800, -93.265000");
        assert!(f.message.starts_with("Se tomó en una ubicación exacta"), "{}", f.message);
    }

    #[test]
    fn lang_tags() {
        assert_eq!(Lang::from_tag("es_MX.UTF-8"), Lang::Es);
        assert_eq!(Lang::from_tag("es"), Lang::Es);
        assert_eq!(Lang::from_tag("en_US"), Lang::En);
        assert_eq!(Lang::from_tag("est"), Lang::En);
    }
}
