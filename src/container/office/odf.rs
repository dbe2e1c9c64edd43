//! OpenDocument packages (OASIS ODF 1.3 Part 2; ISO/IEC 26300): a stored
//! `mimetype` first (§3.3), `META-INF/manifest.xml` listing every file
//! (§3.2), the document in `content.xml` and `styles.xml`, and around it
//! `meta.xml` (§3.4: author, dates, editing time and cycles, template),
//! `settings.xml` (printer, revision ids), a thumbnail, pictures, embedded
//! objects (`Object N/`, each a document of its own) and macros.
//!
//! Kept: the mimetype, the manifest (rewritten to list what is kept), the
//! content and styles of the document and its objects (filtered: comments
//! §5.4 and tracked changes §5.5 go, the body already reads as the changes
//! left it, so dropping the change records accepts them), settings
//! without printer, database and revision ids, and pictures and media
//! cleaned by their containers. Everything else is reported and removed.

use std::collections::HashSet;

use super::xml::{self, Attr, Element, Frame, Rules, Verdict};
use super::zip::Archive;
use super::{Decisions, Treatment};
use crate::error::{Error, Result};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};

const PREFIX: &str = "application/vnd.oasis.opendocument.";
const KINDS: &[(&str, Format)] = &[("text", Format::Odt), ("spreadsheet", Format::Ods), ("presentation", Format::Odp)];

const OFFICE: &[&str] = &["urn:oasis:names:tc:opendocument:xmlns:office:1.0"];
const OOO: &[&str] = &["http://openoffice.org/2009/office"];
const TEXT: &[&str] = &["urn:oasis:names:tc:opendocument:xmlns:text:1.0"];
const TABLE: &[&str] = &["urn:oasis:names:tc:opendocument:xmlns:table:1.0"];
const DC: &[&str] = &["http://purl.org/dc/elements/1.1/"];
const META: &[&str] = &["urn:oasis:names:tc:opendocument:xmlns:meta:1.0"];
const CONFIG: &[&str] = &["urn:oasis:names:tc:opendocument:xmlns:config:1.0"];
const MANIFEST: &[&str] = &["urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"];
const XLINK: &[&str] = &["http://www.w3.org/1999/xlink"];

/// From what `sniff` sees of the `mimetype` entry (its first bytes only:
/// with 64 bytes of file, the kind is cut off and `kind` reads it).
pub(super) fn sniff(data: &[u8]) -> Option<Format> {
    let p = PREFIX.as_bytes();
    let n = data.len().min(p.len());
    if n < 12 || data.get(..n) != p.get(..n) {
        return None;
    }
    let rest = data.get(p.len()..).unwrap_or(&[]);
    if rest.is_empty() {
        return Some(Format::Odt);
    }
    KINDS.iter().find(|(k, _)| rest.starts_with(k.as_bytes()) || k.as_bytes().starts_with(rest)).map(|(_, f)| *f)
}

/// The package's format, from its `mimetype` entry.
pub(super) fn kind(archive: &Archive, sniffed: Format) -> Result<Format> {
    let e = archive.find("mimetype").ok_or_else(|| Error::malformed(sniffed, 0, "an OpenDocument package without its mimetype"))?;
    let m = archive.contents(e)?;
    let m = std::str::from_utf8(&m).map_err(|_| Error::malformed(sniffed, e.data.start as u64, "the mimetype is not text"))?;
    let sub = m.strip_prefix(PREFIX).ok_or_else(|| Error::unsupported(Some(sniffed), format!("a package of type {m}")))?;
    KINDS.iter().find(|(k, _)| *k == sub).map(|(_, f)| *f).ok_or_else(|| {
        let what = if sub.ends_with("-template") {
            "an OpenDocument template; save it as a document and try again".to_string()
        } else {
            format!("an OpenDocument {sub}")
        };
        Error::unsupported(Some(sniffed), what)
    })
}

/// One `manifest:file-entry`.
#[derive(Debug)]
struct FileEntry {
    path: String,
    media_type: String,
    encrypted: bool,
}

/// Reads the manifest's file entries.
struct ReadManifest {
    entries: Vec<FileEntry>,
}

impl Rules for ReadManifest {
    fn element(&mut self, el: &Element, _: &[Frame], _: &mut Collector) -> Result<Verdict> {
        if el.is(MANIFEST, "file-entry") {
            self.entries.push(FileEntry {
                path: el.attr(MANIFEST, "full-path").unwrap_or("").to_string(),
                media_type: el.attr(MANIFEST, "media-type").unwrap_or("").to_string(),
                encrypted: false,
            });
        } else if el.is(MANIFEST, "encryption-data") {
            if let Some(last) = self.entries.last_mut() {
                last.encrypted = true;
            }
        }
        Ok(Verdict::Keep)
    }
}

const MANIFEST_PATH: &str = "META-INF/manifest.xml";

/// The treatments of an OpenDocument package's entries, and what they reveal.
pub(super) fn decide<'r>(archive: &'r Archive<'r>, format: Format, cx: &mut Collector, write: bool) -> Result<Decisions<'r>> {
    let m = archive.find(MANIFEST_PATH).ok_or_else(|| Error::malformed(format, 0, "an OpenDocument package without its manifest"))?;
    let mut manifest = ReadManifest { entries: Vec::new() };
    xml::filter(&archive.contents(m)?, MANIFEST_PATH, format, &mut manifest, &mut Collector::new(Default::default(), format), false)?;
    if manifest.entries.iter().any(|e| e.encrypted) {
        return Err(Error::unsupported(Some(format), "the document is protected by a password; save it without one and try again"));
    }
    // The document and the objects inside it (charts, formulas): folders that are documents.
    let documents: HashSet<String> = manifest
        .entries
        .iter()
        .filter(|e| e.path.ends_with('/') && e.media_type.starts_with(PREFIX))
        .map(|e| e.path.clone())
        .chain([String::new()])
        .collect();
    let media_type = |name: &str| manifest.entries.iter().find(|e| e.path == name).map(|e| e.media_type.as_str()).unwrap_or("");
    let mut treatments = Vec::with_capacity(archive.entries.len());
    let mut first = None;
    let mut kept: HashSet<String> = HashSet::new();
    let mut macros = false;
    for (i, e) in archive.entries.iter().enumerate() {
        let name = e.name.as_str();
        let (dir, file) = name.rsplit_once('/').map_or(("", name), |(d, f)| (d, f));
        let dir_slash = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let in_document = documents.contains(&dir_slash);
        let mt = media_type(name);
        let t = if name == "mimetype" {
            first = Some(i);
            Treatment::New(archive.contents(e)?.into_owned())
        } else if name == MANIFEST_PATH || e.is_dir() {
            // The manifest is rebuilt below, once what is kept is known.
            Treatment::Drop
        } else if in_document && matches!(file, "content.xml" | "styles.xml") {
            Treatment::Xml(Box::new(Markup::new(format, write)))
        } else if in_document && file == "settings.xml" {
            Treatment::Xml(Box::new(Settings::default()))
        } else if in_document && file == "meta.xml" {
            xml::filter(&archive.contents(e)?, name, format, &mut MetaScan { user_field: None }, cx, false)?;
            Treatment::Drop
        } else if name.starts_with("Thumbnails/") {
            cx.add(Reveal::DocumentPreview, name, "a picture of the first page");
            Treatment::Drop
        } else if name.starts_with("META-INF/") && name.contains("signatures") {
            cx.add(Reveal::Signature, name, "a digital signature");
            Treatment::Drop
        } else if ["Basic/", "Scripts/", "Dialogs/"].iter().any(|p| name.starts_with(p)) {
            if !macros {
                cx.add(Reveal::Macros, name, "macros");
                macros = true;
            }
            Treatment::Drop
        } else if name == "manifest.rdf" {
            // RDF about the package's own parts; anything it says in words is reported.
            xml::filter(&archive.contents(e)?, name, format, &mut RdfScan, cx, false)?;
            Treatment::Drop
        } else if name.starts_with("Configurations2/") {
            if e.size > 0 {
                cx.add(Reveal::UnknownData, name, "settings of the program's menus and toolbars");
            }
            Treatment::Drop
        } else if mt.starts_with("image/")
            || mt.starts_with("video/")
            || mt.starts_with("audio/")
            || name.starts_with("Pictures/")
            || name.starts_with("media/")
        {
            Treatment::Media
        } else {
            let what = if name.starts_with("ObjectReplacements/") { "a preview of an embedded object" } else { "a file Silbato does not know" };
            cx.add(Reveal::UnknownData, name, format!("{what} ({} bytes)", e.size));
            Treatment::Drop
        };
        if !matches!(t, Treatment::Drop) {
            kept.insert(name.to_string());
        }
        treatments.push(t);
    }
    // The manifest lists only what is kept (and the folders of kept documents).
    if let Some(i) = archive.entries.iter().position(|e| e.name == MANIFEST_PATH) {
        kept.insert(MANIFEST_PATH.to_string());
        let keep: HashSet<String> = manifest
            .entries
            .iter()
            .map(|f| f.path.clone())
            .filter(|p| p == "/" || kept.contains(p) || p.ends_with('/') && documents.contains(p) && kept.iter().any(|k| k.starts_with(p.as_str())))
            .collect();
        if let Some(t) = treatments.get_mut(i) {
            *t = Treatment::Xml(Box::new(ManifestRules { keep }));
        }
    }
    Ok(Decisions { treatments, first })
}

/// The manifest without the entries of removed files.
struct ManifestRules {
    keep: HashSet<String>,
}

impl Rules for ManifestRules {
    fn element(&mut self, el: &Element, _: &[Frame], _: &mut Collector) -> Result<Verdict> {
        if el.is(MANIFEST, "file-entry") && !el.attr(MANIFEST, "full-path").is_some_and(|p| self.keep.contains(p)) {
            return Ok(Verdict::Drop);
        }
        Ok(Verdict::Keep)
    }
}

/// `meta.xml` (ODF 1.3 Part 3 §4.3), removed whole: what it says.
struct MetaScan {
    user_field: Option<String>,
}

impl Rules for MetaScan {
    fn element(&mut self, el: &Element, _: &[Frame], cx: &mut Collector) -> Result<Verdict> {
        if el.is(META, "template") {
            let href = el.attr(XLINK, "href").unwrap_or("");
            let reveal = if href.contains('/') || href.contains('\\') { Reveal::FilePath } else { Reveal::Template };
            cx.add_text(reveal, "meta:template", href);
            cx.add_text(Reveal::OtherTime, "meta:template@meta:date", el.attr(META, "date").unwrap_or(""));
        }
        if el.is(META, "user-defined") {
            self.user_field = el.attr(META, "name").map(str::to_string);
        }
        if el.is(META, "auto-reload") {
            cx.add_text(Reveal::FilePath, "meta:auto-reload", el.attr(XLINK, "href").unwrap_or(""));
        }
        Ok(Verdict::Keep)
    }

    fn capture(&self, el: &Element, path: &[Frame]) -> bool {
        path.last().is_some_and(|p| p.is(OFFICE, "meta")) && !el.is(META, "document-statistic")
    }

    fn captured(&mut self, f: &Frame, _: &[Frame], text: String, cx: &mut Collector) -> Result<()> {
        use Reveal::*;
        let tag = format!("{}:{}", if DC.contains(&f.ns.as_str()) { "dc" } else { "meta" }, f.local);
        let reveal = match f.local.as_str() {
            "initial-creator" | "creator" | "printed-by" => PersonName,
            "creation-date" | "date" | "print-date" => OtherTime,
            "editing-duration" | "editing-cycles" => EditingStats,
            "generator" => Software,
            "title" | "subject" | "description" | "keyword" => Caption,
            "user-defined" => {
                let name = self.user_field.take().unwrap_or_default();
                cx.add_text(super::ooxml::custom_property_reveal(&name), format!("meta:user-defined:{name}"), &text);
                return Ok(());
            }
            "language" | "template" | "document-statistic" | "auto-reload" | "hyperlink-behaviour" => return Ok(()),
            _ => Caption,
        };
        if reveal == EditingStats && matches!(text.trim(), "1" | "PT0S" | "P0D") {
            return Ok(());
        }
        cx.add_text(reveal, tag, &text);
        Ok(())
    }
}

/// `manifest.rdf`: only its literals say anything.
struct RdfScan;

impl Rules for RdfScan {
    fn element(&mut self, _: &Element, _: &[Frame], _: &mut Collector) -> Result<Verdict> {
        Ok(Verdict::Keep)
    }
    fn capture(&self, _: &Element, path: &[Frame]) -> bool {
        path.len() == 2
    }
    fn captured(&mut self, f: &Frame, _: &[Frame], text: String, cx: &mut Collector) -> Result<()> {
        cx.add_text(Reveal::Caption, format!("manifest.rdf:{}", f.local), &text);
        Ok(())
    }
}

/// Settings (ODF 1.3 Part 3 §3.10) that name a printer, a database or an
/// editing session; the rest (view and layout settings) stays, since
/// compatibility options change how the document is laid out.
const SETTINGS_GONE: &[(&str, Reveal)] = &[
    ("PrinterName", Reveal::Printer),
    ("PrinterSetup", Reveal::Printer),
    ("PrintFaxName", Reveal::Printer),
    ("Rsid", Reveal::RevisionId),
    ("RsidRoot", Reveal::RevisionId),
    ("CurrentDatabaseDataSource", Reveal::FilePath),
    ("CurrentDatabaseCommand", Reveal::Caption),
    ("CurrentDatabaseCommandType", Reveal::Caption),
    ("EmbeddedDatabaseName", Reveal::FilePath),
];

#[derive(Default)]
struct Settings {
    /// The item being read, when it is one that goes.
    item: Option<(&'static str, Reveal)>,
}

impl Rules for Settings {
    fn element(&mut self, el: &Element, _: &[Frame], _: &mut Collector) -> Result<Verdict> {
        let name = el.attr(CONFIG, "name").unwrap_or("");
        self.item = None;
        if el.is(CONFIG, "config-item") {
            if let Some(&(n, r)) = SETTINGS_GONE.iter().find(|(n, _)| *n == name) {
                self.item = Some((n, r));
                return Ok(Verdict::Drop);
            }
        }
        Ok(Verdict::Keep)
    }
    fn capture(&self, _: &Element, _: &[Frame]) -> bool {
        self.item.is_some()
    }
    fn captured(&mut self, _: &Frame, _: &[Frame], text: String, cx: &mut Collector) -> Result<()> {
        if let Some((name, reveal)) = self.item.take() {
            let value =
                if reveal == Reveal::Printer && name == "PrinterSetup" && !text.trim().is_empty() { "printer driver settings" } else { text.trim() };
            cx.add_text(reveal, format!("config:{name}"), value);
        }
        Ok(())
    }
}

/// The document's markup (content.xml, styles.xml).
struct Markup {
    format: Format,
    write: bool,
    changes: bool,
    comments: bool,
}

impl Markup {
    fn new(format: Format, write: bool) -> Self {
        Markup { format, write, changes: false, comments: false }
    }
}

fn in_any(path: &[Frame], ns: &[&str], local: &[&str]) -> bool {
    path.iter().any(|f| ns.contains(&f.ns.as_str()) && local.contains(&f.local.as_str()))
}

impl Rules for Markup {
    fn element(&mut self, el: &Element, path: &[Frame], cx: &mut Collector) -> Result<Verdict> {
        let _ = (self.format, self.write);
        if el.is(OFFICE, "annotation") || el.is(OOO, "annotation") {
            if !self.comments {
                self.comments = true;
            }
            return Ok(Verdict::Drop);
        }
        if el.is(OFFICE, "annotation-end") {
            return Ok(Verdict::Drop);
        }
        if el.is(TEXT, "tracked-changes") || el.is(TABLE, "tracked-changes") {
            if !self.changes {
                self.changes = true;
                cx.add(
                    Reveal::TrackedChange,
                    format!("{}:tracked-changes", if TEXT.contains(&el.ns.as_str()) { "text" } else { "table" }),
                    "tracked changes, accepted",
                );
            }
            return Ok(Verdict::Drop);
        }
        if el.is(TEXT, "change") || el.is(TEXT, "change-start") || el.is(TEXT, "change-end") {
            return Ok(Verdict::Drop);
        }
        // A name or date anywhere else in the body (the change records and comments hold them).
        if (el.is(DC, "creator") || el.is(DC, "date")) && !path.last().is_some_and(|p| p.dropped) {
            return Ok(Verdict::Drop);
        }
        let _ = path;
        Ok(Verdict::Keep)
    }

    fn attribute(&mut self, _: &Element, a: &Attr, path: &[Frame], cx: &mut Collector) -> bool {
        if path.last().is_some_and(|p| p.dropped) {
            return true;
        }
        if OOO.contains(&a.ns.as_str()) && matches!(a.local.as_str(), "rsid" | "paragraph-rsid") {
            cx.add(Reveal::RevisionId, "officeooo:rsid", "editing session ids");
            return false;
        }
        if XLINK.contains(&a.ns.as_str()) && a.local == "href" && is_local_path(&a.value) {
            cx.add_text(Reveal::FilePath, "xlink:href", &a.value);
            return false;
        }
        true
    }

    fn capture(&self, el: &Element, path: &[Frame]) -> bool {
        el.is(DC, "creator")
            || el.is(DC, "date")
            || el.is(META, "creator-initials")
            || el.is(TEXT, "p") && in_any(path, OFFICE, &["annotation"])
            || el.is(TEXT, "p") && in_any(path, OOO, &["annotation"])
    }

    fn captured(&mut self, f: &Frame, _: &[Frame], text: String, cx: &mut Collector) -> Result<()> {
        let reveal = match f.local.as_str() {
            "creator" | "creator-initials" => Reveal::PersonName,
            "date" => Reveal::OtherTime,
            _ => Reveal::Comment,
        };
        let tag = match reveal {
            Reveal::Comment => "office:annotation".to_string(),
            _ if DC.contains(&f.ns.as_str()) => format!("dc:{}", f.local),
            _ => format!("meta:{}", f.local),
        };
        cx.add_text(reveal, tag, &text);
        Ok(())
    }
}

/// A link to a file on the author's computer or network.
fn is_local_path(href: &str) -> bool {
    let h = href.trim();
    let lower = h.to_ascii_lowercase();
    lower.starts_with("file:")
        || h.starts_with('/')
        || h.starts_with("\\\\")
        || h.as_bytes().get(1..3) == Some(b":\\")
        || h.as_bytes().get(1..3) == Some(b":/")
}
