//! The types that cross to the command line and to JavaScript: what a file
//! reveals (`Finding`s in a `Report`), what went wrong (`ErrorReport`) and
//! how to build the cleaned file (`PlanReport`). This is the only wire
//! format: the CLI prints these as JSON lines, the wasm layer hands them to
//! JavaScript as plain objects. Their JSON shape is documented in README.md
//! and must not change without a note there.

use serde::Serialize;

use crate::error::{Error, ErrorKind};
use crate::plan::Op;

/// The containers Silbato reads, named as people say them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Png,
    WebP,
    Gif,
    /// HEIF images: iPhone and Samsung HEIC, HEIF.
    Heic,
    Avif,
    Mp4,
    Mov,
    #[serde(rename = "3gp")]
    ThreeGp,
    Pdf,
    // Office Open XML (ECMA-376) and OpenDocument (ISO/IEC 26300): ZIP packages of XML.
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
    // Audio (src/container/audio/, and M4A in isobmff).
    Mp3,
    /// MPEG-4 audio: AAC or ALAC in an ISO media file, Apple voice memos.
    M4a,
    Wav,
    Flac,
    /// Ogg Vorbis, Speex and FLAC.
    Ogg,
    /// Ogg Opus (WhatsApp and Telegram voice notes).
    Opus,
}

/// What a format is to the people who use it: its names, its MIME type,
/// the file name extensions it goes by, and what kind of file it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormatInfo {
    /// The name in JSON and on the command line (`jpeg`).
    pub name: &'static str,
    /// The name people say (`JPEG`).
    pub display: &'static str,
    pub mime: &'static str,
    pub extensions: &'static [&'static str],
    pub media: Media,
}

/// What kind of file a format holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Media {
    Photo,
    Video,
    /// Recordings (MP3, M4A, WAV, FLAC, Ogg, Opus).
    Audio,
    /// Documents (PDF, word-processor documents, spreadsheets and presentations): shown with an icon, not a preview.
    Document,
}

impl Format {
    /// Every format, in the order of `CONTAINERS`.
    pub const ALL: &'static [Format] = &[
        Format::Jpeg,
        Format::Png,
        Format::WebP,
        Format::Gif,
        Format::Heic,
        Format::Avif,
        Format::Mp4,
        Format::Mov,
        Format::ThreeGp,
        Format::Pdf,
        // Office documents.
        Format::Docx,
        Format::Xlsx,
        Format::Pptx,
        Format::Odt,
        Format::Ods,
        Format::Odp,
        // Audio: M4A is ISO media; the others are in src/container/audio/.
        Format::M4a,
        Format::Mp3,
        Format::Wav,
        Format::Flac,
        Format::Ogg,
        Format::Opus,
    ];

    /// Everything about a format in one place.
    pub const fn info(self) -> FormatInfo {
        use Media::{Audio, Document, Photo, Video};
        let (name, display, mime, extensions, media): (_, _, _, &'static [&'static str], _) = match self {
            Format::Jpeg => ("jpeg", "JPEG", "image/jpeg", &["jpg", "jpeg", "jpe", "jfif"], Photo),
            Format::Png => ("png", "PNG", "image/png", &["png"], Photo),
            Format::WebP => ("webp", "WebP", "image/webp", &["webp"], Photo),
            Format::Gif => ("gif", "GIF", "image/gif", &["gif"], Photo),
            Format::Heic => ("heic", "HEIC", "image/heic", &["heic", "heif", "hif"], Photo),
            Format::Avif => ("avif", "AVIF", "image/avif", &["avif"], Photo),
            Format::Mp4 => ("mp4", "MP4", "video/mp4", &["mp4", "m4v"], Video),
            Format::Mov => ("mov", "MOV", "video/quicktime", &["mov", "qt"], Video),
            Format::ThreeGp => ("3gp", "3GP", "video/3gpp", &["3gp", "3g2"], Video),
            Format::Pdf => ("pdf", "PDF", "application/pdf", &["pdf"], Document),
            // Office documents.
            Format::Docx => ("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", &["docx"], Document),
            Format::Xlsx => ("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &["xlsx"], Document),
            Format::Pptx => ("pptx", "PPTX", "application/vnd.openxmlformats-officedocument.presentationml.presentation", &["pptx"], Document),
            Format::Odt => ("odt", "ODT", "application/vnd.oasis.opendocument.text", &["odt"], Document),
            Format::Ods => ("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet", &["ods"], Document),
            Format::Odp => ("odp", "ODP", "application/vnd.oasis.opendocument.presentation", &["odp"], Document),
            // Audio. Browsers also say audio/x-m4a, audio/mp3, audio/x-wav, audio/wave, audio/x-flac
            // and audio/opus for these; the type here is the registered one.
            Format::M4a => ("m4a", "M4A", "audio/mp4", &["m4a", "m4b", "m4r"], Audio),
            Format::Mp3 => ("mp3", "MP3", "audio/mpeg", &["mp3", "mp2", "mpga"], Audio),
            Format::Wav => ("wav", "WAV", "audio/wav", &["wav", "wave", "bwf"], Audio),
            Format::Flac => ("flac", "FLAC", "audio/flac", &["flac"], Audio),
            Format::Ogg => ("ogg", "Ogg", "audio/ogg", &["ogg", "oga", "spx"], Audio),
            // RFC 7845 §9: Ogg Opus files are audio/ogg.
            Format::Opus => ("opus", "Opus", "audio/ogg", &["opus"], Audio),
        };
        FormatInfo { name, display, mime, extensions, media }
    }

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        self.info().name
    }

    /// The format named `name` in JSON and on the command line (`jpeg`, `3gp`).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.as_str() == name)
    }

    /// ISO base media files (ISO/IEC 14496-12): read from ranges, patched in place.
    pub fn is_iso_media(self) -> bool {
        <crate::container::isobmff::IsoMedia as crate::container::Container>::FORMATS.contains(&self)
    }

    pub fn display_name(self) -> &'static str {
        self.info().display
    }

    pub fn mime_type(self) -> &'static str {
        self.info().mime
    }
}

/// What kind of thing a finding reveals. Exactly this list, in this spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Location,
    Serial,
    Person,
    UniqueId,
    Device,
    Timestamp,
    Software,
    /// Thumbnails, previews, hidden images, appended videos, trailers.
    Embedded,
    /// Captions, comments, titles, keywords.
    Text,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Location => "location",
            Category::Serial => "serial",
            Category::Person => "person",
            Category::UniqueId => "unique_id",
            Category::Device => "device",
            Category::Timestamp => "timestamp",
            Category::Software => "software",
            Category::Embedded => "embedded",
            Category::Text => "text",
        }
    }

    /// Categories that must never survive cleaning: if the cleaned output
    /// still shows one, the core refuses to return it.
    pub fn blocks_output(self) -> bool {
        matches!(self, Category::Location | Category::Serial | Category::Person | Category::UniqueId | Category::Embedded)
    }

    pub const ALL: [Category; 9] = [
        Category::Location,
        Category::Serial,
        Category::Person,
        Category::UniqueId,
        Category::Device,
        Category::Timestamp,
        Category::Software,
        Category::Embedded,
        Category::Text,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    // Declared from most to least serious so that sorting puts the worst first.
    High,
    Medium,
    Low,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// One thing a file reveals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub category: Category,
    /// The field's own name as the format spells it (`GPSLatitude`, `dc:creator`, `tEXt:Author`).
    pub tag: String,
    /// A readable value (decimal degrees, not rationals); may be shortened.
    pub value: String,
    pub severity: Severity,
    /// One plain sentence a non-technical person understands.
    pub message: String,
    /// For a GPS position: the numbers, and the nearest town when the
    /// gazetteer was loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// A position in decimal degrees (WGS 84), as cameras write it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Position {
    pub lat: f64,
    pub lon: f64,
    /// "about 2 km from Minneapolis", in the report's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

/// What `inspect` found in one file.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub format: Option<Format>,
    pub findings: Vec<Finding>,
    /// Parts that could not be read; they are removed by cleaning all the same.
    pub warnings: Vec<String>,
    /// The file is damaged after its headers, and cleaning keeps the image
    /// data up to the damage (absent for a sound file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub damage: Option<Damage>,
}

/// A file damaged in or after its image data, which browsers still show:
/// where the damage starts and what cleaning keeps. Files whose headers are
/// damaged are refused instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Damage {
    pub what: DamageKind,
    /// Where the kept image data ends in the original; everything from here on is dropped.
    pub offset: u64,
    /// Bytes dropped, from `offset` to the end of the file.
    pub dropped: u64,
    /// The picture's height in rows.
    pub rows: u32,
    /// Rows of the picture kept whole, when that can be said (sequential
    /// JPEGs); a progressive JPEG keeps its complete scans, which cover
    /// every row at a lower quality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept: Option<u32>,
    /// The whole picture is kept: only bytes after it were dropped.
    pub complete: bool,
    /// What happened and what was kept, in plain words, in the report's language.
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DamageKind {
    /// The file ends before its image data does (no end-of-image marker).
    CutShort,
    /// Bytes that are not part of the image where a marker should be.
    Junk,
}

impl Report {
    pub fn new(format: Format) -> Self {
        Report { format: Some(format), findings: Vec::new(), warnings: Vec::new(), damage: None }
    }

    /// Findings that would stop a cleaned file from being handed over.
    pub fn blocking(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.category.blocks_output())
    }

    /// Worst first, then by category, keeping the order found within each.
    pub fn sort(&mut self) {
        self.findings.sort_by_key(|f| (f.severity, f.category));
    }
}

/// An error as the CLI prints it and JavaScript receives it: what kind of
/// problem, in which format, where, and a sentence (English, technical:
/// pages and the CLI say it to people by `kind`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorReport {
    pub kind: ErrorKind,
    pub format: Option<Format>,
    pub offset: Option<u64>,
    pub message: String,
}

impl From<Error> for ErrorReport {
    fn from(e: Error) -> Self {
        ErrorReport::from(&e)
    }
}

impl From<&Error> for ErrorReport {
    fn from(e: &Error) -> Self {
        ErrorReport { kind: e.kind, format: e.format, offset: e.offset, message: e.to_string() }
    }
}

/// A verified plan as it crosses to JavaScript, once: the operations that
/// build the cleaned file from slices of the original, and what it removes.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanReport<'a> {
    pub format: Format,
    pub mime: &'static str,
    pub output_length: u64,
    /// `{copy: {start, end}}`, `{insert: bytes}` or `{zeros: length}`, in output order.
    pub ops: &'a [Op],
    pub removed: &'a Report,
}
