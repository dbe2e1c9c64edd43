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
    /// A picture or file attached to a recording (cover art, a photo, a
    /// document), which can carry its own metadata.
    Attachment,
    /// Notes a program wrote for playback (loudness, tempo, track number,
    /// markers): harmless alone, but they hint at the programs used.
    TechnicalNote,
    /// Something we do not recognise; removed because unknown is unsafe.
    UnknownData,
    // Documents (Office Open XML, OpenDocument).
    /// Comments on a document (their authors are `PersonName`).
    Comment,
    /// Tracked changes: inserted and deleted text, changed formatting.
    TrackedChange,
    /// Editing-session identifiers (Word's rsids, LibreOffice's), paragraph and shape ids.
    RevisionId,
    /// How many times a document was saved, how long it was edited.
    EditingStats,
    /// A company or organisation name (a document's Company property).
    Organization,
    /// A path on the author's computer (a template, a linked file, a data source).
    FilePath,
    /// The template a document was made from, by name only.
    Template,
    /// A picture of a document's first page kept inside it.
    DocumentPreview,
    /// The printer a document was set up for, with its driver settings.
    Printer,
    /// A digital signature and its certificate.
    Signature,
    /// Macros (scripts) stored in a document.
    Macros,
    // Documents (PDF).
    /// Objects of earlier revisions or left unused, still inside the file.
    EarlierVersion,
    /// A file attached inside a document.
    AttachedFile,
    /// JavaScript, or an action that opens files or sends data.
    Script,
    /// Text a document keeps but does not show (hidden form values).
    HiddenText,
    /// A program's private data (PDF page-piece dictionaries).
    AppData,
    /// The file is encrypted: it cannot be read, so it cannot be cleaned.
    Encrypted,
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
            Software | EditHistory | TechnicalNote => Category::Software,
            Thumbnail | HiddenImage | AppendedVideo | Trailer | ContentCredentials | Attachment | UnknownData => Category::Embedded,
            Caption => Category::Text,
            Comment | TrackedChange | Template => Category::Text,
            RevisionId => Category::UniqueId,
            EditingStats => Category::Timestamp,
            Organization | FilePath | Signature => Category::Person,
            DocumentPreview | Macros => Category::Embedded,
            Printer => Category::Device,
            EarlierVersion | AttachedFile | Script | AppData | Encrypted => Category::Embedded,
            HiddenText => Category::Text,
        }
    }

    pub fn severity(self) -> Severity {
        use Reveal::*;
        match self {
            GpsPosition | DeviceSerial | PersonName | Contact | PeopleTagged | UniqueId | Thumbnail | AppendedVideo | HiddenImage
            | ContentCredentials | TelemetryTrack | Attachment => Severity::High,
            GpsDetail | PlaceName | DeviceModel | CaptureTime | TimeZone | MakerNote | Trailer | Caption | EditHistory => Severity::Medium,
            OtherTime | Software | TechnicalNote | UnknownData => Severity::Low,
            Organization | FilePath | Signature | RevisionId | DocumentPreview => Severity::High,
            Comment | TrackedChange | Printer | Macros => Severity::Medium,
            EditingStats | Template => Severity::Low,
            EarlierVersion | AttachedFile | Encrypted => Severity::High,
            Script | HiddenText | AppData => Severity::Medium,
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
            (Attachment, Lang::En) => "A picture or file attached to the recording (such as cover art or a photo), which can carry its own hidden details.",
            (Attachment, Lang::Es) => "Una imagen o un archivo adjunto a la grabación (como una portada o una foto), que puede llevar sus propios datos ocultos.",
            (TechnicalNote, Lang::En) => "Technical notes a program wrote (volume levels, tempo, track number or markers), which hint at the programs used.",
            (TechnicalNote, Lang::Es) => "Notas técnicas que escribió un programa (niveles de volumen, tempo, número de pista o marcas), que dan pistas sobre los programas usados.",
            (UnknownData, Lang::En) => "Data Silbato does not recognise; it is removed to be on the safe side.",
            (UnknownData, Lang::Es) => "Datos que Silbato no reconoce; se quitan por precaución.",
            (Comment, Lang::En) => "Comments written on the document, with the names of the people who wrote them.",
            (Comment, Lang::Es) => "Comentarios escritos en el documento, con los nombres de quienes los escribieron.",
            (TrackedChange, Lang::En) => "Tracked changes: text that was added or deleted, and who did it and when. The document is kept as it reads now.",
            (TrackedChange, Lang::Es) => "Control de cambios: texto que se agregó o se borró, quién lo hizo y cuándo. El documento queda tal como se lee ahora.",
            (RevisionId, Lang::En) => "Identifiers of each editing session, which can match this document to other copies and versions of it.",
            (RevisionId, Lang::Es) => "Identificadores de cada sesión de edición, que pueden relacionar este documento con otras copias y versiones.",
            (EditingStats, Lang::En) => "How many times the document was saved and how long it was edited.",
            (EditingStats, Lang::Es) => "Cuántas veces se guardó el documento y cuánto tiempo se editó.",
            (Organization, Lang::En) => "The name of a company or organization, which can point to where the author works.",
            (Organization, Lang::Es) => "El nombre de una empresa u organización, que puede indicar dónde trabaja el autor.",
            (FilePath, Lang::En) => "A file or folder on the author's computer; such paths often include the person's user name.",
            (FilePath, Lang::Es) => "Un archivo o una carpeta de la computadora del autor; estas rutas suelen incluir su nombre de usuario.",
            (Template, Lang::En) => "The name of the template the document was made from.",
            (Template, Lang::Es) => "El nombre de la plantilla con la que se hizo el documento.",
            (DocumentPreview, Lang::En) => "A hidden picture of the first page, which can show the document as it was when it was last saved.",
            (DocumentPreview, Lang::Es) => "Una imagen oculta de la primera página, que puede mostrar el documento como estaba la última vez que se guardó.",
            (Printer, Lang::En) => "The printer the document was set up for, which can point to an office or a computer.",
            (Printer, Lang::Es) => "La impresora para la que se preparó el documento, que puede indicar una oficina o una computadora.",
            (Signature, Lang::En) => "A digital signature, whose certificate names the person who signed.",
            (Signature, Lang::Es) => "Una firma digital, cuyo certificado nombra a la persona que firmó.",
            (Macros, Lang::En) => "Macros (small programs) stored in the document.",
            (Macros, Lang::Es) => "Macros (pequeños programas) guardadas en el documento.",
            (EarlierVersion, Lang::En) => "Earlier versions of the document kept inside the file, which can still show text, names or dates that were later changed or deleted.",
            (EarlierVersion, Lang::Es) => "Versiones anteriores del documento guardadas dentro del archivo, que todavía pueden mostrar textos, nombres o fechas que luego se cambiaron o se borraron.",
            (AttachedFile, Lang::En) => "A file attached inside the document, with its own name and contents; Silbato cannot check it, so it is removed.",
            (AttachedFile, Lang::Es) => "Un archivo adjunto dentro del documento, con su propio nombre y contenido; Silbato no puede revisarlo, así que se quita.",
            (Script, Lang::En) => "A script or an action that runs when the document is opened or clicked (it can open other files or web pages); it is removed.",
            (Script, Lang::Es) => "Un pequeño programa o una acción que se ejecuta al abrir el documento o al hacer clic (puede abrir otros archivos o páginas web); se quita.",
            (HiddenText, Lang::En) => "Text kept in the document that readers do not see (for example a hidden form field), which anyone can still read with the right program.",
            (HiddenText, Lang::Es) => "Texto guardado en el documento que no se ve al leerlo (por ejemplo, un campo de formulario oculto), que cualquiera puede leer con el programa adecuado.",
            (AppData, Lang::En) => "Private data of the program that made the document, which can hold an editable copy of it or details of the computer it was made on.",
            (AppData, Lang::Es) => "Datos privados del programa que creó el documento, que pueden guardar una copia editable o detalles de la computadora donde se hizo.",
            (Encrypted, Lang::En) => "The document is locked with a password (encrypted), so Silbato cannot see everything it holds or clean it. Remove the password in the program that made it, then try again.",
            (Encrypted, Lang::Es) => "El documento está protegido con contraseña (cifrado), así que Silbato no puede ver todo lo que contiene ni limpiarlo. Quita la contraseña en el programa que lo creó y vuelve a intentarlo.",
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

    /// A collector for a file embedded in this one (a photo inside a
    /// document), speaking the same language.
    pub fn nested(&self, format: crate::report::Format) -> Collector<'g> {
        Collector::new(self.opts, format)
    }

    /// Take over what an embedded file revealed, each tag prefixed with
    /// where the file sits (`word/media/image1.jpeg: GPSPosition`).
    pub fn absorb(&mut self, inner: Collector<'g>, within: &str) {
        for mut f in inner.report.findings {
            f.tag = format!("{within}: {}", f.tag);
            if !self.report.findings.contains(&f) {
                self.report.findings.push(f);
            }
        }
        for w in inner.report.warnings {
            self.warn(format!("{within}: {w}"));
        }
    }

    /// As [`Collector::absorb`], from a finished report, its tags prefixed
    /// `Image:GPSPosition` (PDF's style; an empty prefix keeps them as they are).
    pub fn absorb_report(&mut self, inner: Report, prefix: &str) {
        for f in inner.findings {
            let tag = if prefix.is_empty() { f.tag } else { format!("{prefix}:{}", f.tag) };
            let finding = Finding { tag, ..f };
            if !self.report.findings.contains(&finding) {
                self.report.findings.push(finding);
            }
        }
        for w in inner.warnings {
            self.warn(if prefix.is_empty() { w } else { format!("{prefix}: {w}") });
        }
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
            Attachment,
            TechnicalNote,
            UnknownData,
            Comment,
            TrackedChange,
            RevisionId,
            EditingStats,
            Organization,
            FilePath,
            Template,
            DocumentPreview,
            Printer,
            Signature,
            Macros,
            EarlierVersion,
            AttachedFile,
            Script,
            HiddenText,
            AppData,
            Encrypted,
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
