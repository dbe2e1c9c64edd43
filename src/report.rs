//! The types that cross to the command line and to JavaScript: what a file
//! reveals (`Finding`s in a `Report`). This is the only wire format; its JSON
//! shape is documented in README.md and must not change without a note there.

use serde::Serialize;

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
}

impl Format {
    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::WebP => "webp",
            Format::Gif => "gif",
            Format::Heic => "heic",
            Format::Avif => "avif",
            Format::Mp4 => "mp4",
            Format::Mov => "mov",
            Format::ThreeGp => "3gp",
        }
    }

    /// ISO base media files (ISO/IEC 14496-12): read from ranges, patched in place.
    pub fn is_iso_media(self) -> bool {
        matches!(self, Format::Heic | Format::Avif | Format::Mp4 | Format::Mov | Format::ThreeGp)
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::WebP => "WebP",
            Format::Gif => "GIF",
            Format::Heic => "HEIC",
            Format::Avif => "AVIF",
            Format::Mp4 => "MP4",
            Format::Mov => "MOV",
            Format::ThreeGp => "3GP",
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::WebP => "image/webp",
            Format::Gif => "image/gif",
            Format::Heic => "image/heic",
            Format::Avif => "image/avif",
            Format::Mp4 => "video/mp4",
            Format::Mov => "video/quicktime",
            Format::ThreeGp => "video/3gpp",
        }
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
}

/// What `inspect` found in one file.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub format: Option<Format>,
    pub findings: Vec<Finding>,
    /// Parts that could not be read; they are removed by cleaning all the same.
    pub warnings: Vec<String>,
}

impl Report {
    pub fn new(format: Format) -> Self {
        Report { format: Some(format), findings: Vec::new(), warnings: Vec::new() }
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
