//! Office Open XML packages (ECMA-376 Part 2, Open Packaging Conventions):
//! parts named in `[Content_Types].xml` and linked by relationships from
//! `_rels/.rels`. Parts are judged by content type and relationship type,
//! never by file name, and kept only when reached through relationships
//! from kept parts and of a type on the allowlist (`classify`).
//!
//! Within kept parts the markup is the document itself, so it is kept but
//! for what identifies (ECMA-376 Part 1): tracked changes (§17.13.5) are
//! accepted, comment anchors (§17.13.4) and revision ids (§17.13.1 rsids,
//! w14:paraId, p14:creationId, a16:creationId, xr:uid) removed, settings
//! that name templates, data sources and document ids dropped, Excel's
//! saved path and revision pointer dropped.

use std::collections::{HashMap, HashSet};

use super::xml::{self, Attr, Element, Frame, Rules, Verdict};
use super::zip::Archive;
use super::{Decisions, Treatment};
use crate::error::{Error, Result};
use crate::report::Format;
use crate::reveal::{Collector, Reveal};

const CONTENT_TYPES: &str = "[Content_Types].xml";

const W: &[&str] = &["http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main"];
const W14: &str = "http://schemas.microsoft.com/office/word/2010/wordml";
const W15: &str = "http://schemas.microsoft.com/office/word/2012/wordml";
const M: &[&str] = &["http://schemas.openxmlformats.org/officeDocument/2006/math", "http://purl.oclc.org/ooxml/officeDocument/math"];
const R: &[&str] =
    &["http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships"];
const S: &[&str] = &["http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"];
const P: &[&str] = &["http://schemas.openxmlformats.org/presentationml/2006/main", "http://purl.oclc.org/ooxml/presentationml/main"];
const MC: &[&str] = &["http://schemas.openxmlformats.org/markup-compatibility/2006"];
const P14: &str = "http://schemas.microsoft.com/office/powerpoint/2010/main";
const P188: &str = "http://schemas.microsoft.com/office/powerpoint/2018/8/main";
const A16: &str = "http://schemas.microsoft.com/office/drawing/2014/main";
const X15AC: &str = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac";
const REL_NS: &[&str] = &["http://schemas.openxmlformats.org/package/2006/relationships"];
const CT_NS: &[&str] = &["http://schemas.openxmlformats.org/package/2006/content-types"];

/// Excel's revision namespaces (xr, xr2, … xr16): ids of co-authoring.
fn is_revision_ns(ns: &str) -> bool {
    ns.starts_with("http://schemas.microsoft.com/office/spreadsheetml/20") && ns.contains("/revision")
}

/// The guess from the first entry's name; `kind` reads the package.
pub(super) fn sniff(first: &[u8]) -> Option<Format> {
    let starts = |p: &[u8]| first.starts_with(p) || p.starts_with(first) && first.len() >= 4;
    if starts(b"word/") {
        Some(Format::Docx)
    } else if starts(b"xl/") {
        Some(Format::Xlsx)
    } else if starts(b"ppt/") {
        Some(Format::Pptx)
    } else if [&b"[Content_Types].xml"[..], b"_rels/", b"docProps/", b"customXml/"].iter().any(|p| starts(p)) {
        Some(Format::Docx)
    } else {
        None
    }
}

const WORD_MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const SHEET_MAIN: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
const SLIDES_MAIN: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml";

/// The package's format, from the content type of its main part.
pub(super) fn kind(archive: &Archive, sniffed: Format) -> Result<Format> {
    let pkg = Package::read(archive, sniffed)?;
    let main = pkg.main().ok_or_else(|| Error::unsupported(Some(sniffed), "a ZIP archive that is not an office document (no main part)"))?;
    match pkg.content_type(&main).as_deref() {
        Some(WORD_MAIN) => Ok(Format::Docx),
        Some(SHEET_MAIN) => Ok(Format::Xlsx),
        Some(SLIDES_MAIN) => Ok(Format::Pptx),
        Some(ct) if ct.contains("macroenabled") => {
            Err(Error::unsupported(Some(sniffed), "a document with macros (DOCM, XLSM, PPTM); save it without macros and try again"))
        }
        Some(ct) if ct.contains("template") || ct.contains("slideshow") => {
            Err(Error::unsupported(Some(sniffed), "an Office template or slide show; save it as a document and try again"))
        }
        Some(ct) => Err(Error::unsupported(Some(sniffed), format!("an Office package of type {ct}"))),
        None => Err(Error::malformed(sniffed, 0, format!("the main part {main} has no content type"))),
    }
}

/// A relationship (ECMA-376 Part 2 §9.3).
#[derive(Clone, Debug)]
struct Rel {
    id: String,
    /// The last segment of the type URI (`officeDocument`, `image`, `comments`).
    kind: String,
    target: String,
    external: bool,
    /// The part it points to (an entry name), when internal.
    part: Option<String>,
}

struct Package {
    /// Extension → content type; part name (lowercase, no leading slash) → content type.
    defaults: HashMap<String, String>,
    overrides: HashMap<String, String>,
    /// Source part ("" for the package) → its relationships.
    rels: HashMap<String, Vec<Rel>>,
    /// Entry names, lowercased → index.
    names: HashMap<String, usize>,
}

/// The part a relationships part describes: `word/_rels/document.xml.rels`
/// → `word/document.xml`; `_rels/.rels` → the package ("").
fn rels_source(name: &str) -> Option<String> {
    let (dir, file) = name.rsplit_once('/').map_or(("", name), |(d, f)| (d, f));
    let file = file.strip_suffix(".rels")?;
    let dir = if dir == "_rels" { "" } else { dir.strip_suffix("/_rels")? };
    Some(if dir.is_empty() { file.to_string() } else { format!("{dir}/{file}") }).map(|s| if s == "." || s.is_empty() { String::new() } else { s })
}

/// Resolve a relative target against its source part (RFC 3986 §5.2 as OPC uses it).
fn resolve(source: &str, target: &str) -> String {
    let target = target.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_decode(target);
    let mut parts: Vec<&str> = if let Some(abs) = decoded.strip_prefix('/') {
        return normalise(abs.split('/').collect());
    } else {
        source.rsplit_once('/').map(|(d, _)| d.split('/').collect()).unwrap_or_default()
    };
    parts.extend(decoded.split('/'));
    normalise(parts)
}

fn normalise(parts: Vec<&str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for p in parts {
        match p {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            p => out.push(p),
        }
    }
    out.join("/")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if let Some(v) = b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads `[Content_Types].xml` or a `.rels` part: just the attributes of its elements.
struct Collect<'c> {
    ns: &'static [&'static str],
    items: &'c mut Vec<Vec<(String, String)>>,
}

impl Rules for Collect<'_> {
    fn element(&mut self, el: &Element, _: &[Frame], _: &mut Collector) -> Result<Verdict> {
        if self.ns.contains(&el.ns.as_str()) {
            let mut v: Vec<(String, String)> = el.attrs.iter().filter(|a| a.ns.is_empty()).map(|a| (a.local.clone(), a.value.clone())).collect();
            v.push(("#element".into(), el.local.clone()));
            self.items.push(v);
        }
        Ok(Verdict::Keep)
    }
}

fn get<'v>(item: &'v [(String, String)], key: &str) -> Option<&'v str> {
    item.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

impl Package {
    fn read(archive: &Archive, format: Format) -> Result<Package> {
        let mut quiet = Collector::new(Default::default(), format);
        let names: HashMap<String, usize> = archive.entries.iter().enumerate().map(|(i, e)| (e.name.to_ascii_lowercase(), i)).collect();
        let ct = archive
            .find(CONTENT_TYPES)
            .ok_or_else(|| Error::unsupported(Some(format), "a ZIP archive that is not an office document (no [Content_Types].xml)"))?;
        let mut items = Vec::new();
        xml::filter(&archive.contents(ct)?, CONTENT_TYPES, format, &mut Collect { ns: CT_NS, items: &mut items }, &mut quiet, false)?;
        let mut defaults = HashMap::new();
        let mut overrides = HashMap::new();
        for it in &items {
            let ct = get(it, "ContentType").map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
            match (get(it, "#element"), ct) {
                (Some("Default"), Some(ct)) => {
                    if let Some(ext) = get(it, "Extension") {
                        defaults.insert(ext.to_ascii_lowercase(), ct);
                    }
                }
                (Some("Override"), Some(ct)) => {
                    if let Some(name) = get(it, "PartName") {
                        overrides.insert(percent_decode(name.trim_start_matches('/')).to_ascii_lowercase(), ct);
                    }
                }
                _ => {}
            }
        }
        let mut rels = HashMap::new();
        for e in &archive.entries {
            let Some(source) = rels_source(&e.name) else { continue };
            let mut items = Vec::new();
            xml::filter(&archive.contents(e)?, &e.name, format, &mut Collect { ns: REL_NS, items: &mut items }, &mut quiet, false)?;
            let list: Vec<Rel> = items
                .iter()
                .filter(|it| get(it, "#element") == Some("Relationship"))
                .map(|it| {
                    let target = get(it, "Target").unwrap_or("").to_string();
                    let external = get(it, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External"));
                    let part = (!external).then(|| resolve(&source, &target));
                    Rel {
                        id: get(it, "Id").unwrap_or("").to_string(),
                        kind: get(it, "Type").unwrap_or("").rsplit('/').next().unwrap_or("").to_string(),
                        target,
                        external,
                        part,
                    }
                })
                .collect();
            rels.insert(source, list);
        }
        Ok(Package { defaults, overrides, rels, names })
    }

    /// The main part: the package's `officeDocument` relationship.
    fn main(&self) -> Option<String> {
        self.rels.get("")?.iter().find(|r| r.kind == "officeDocument" && !r.external).and_then(|r| r.part.clone())
    }

    fn content_type(&self, part: &str) -> Option<String> {
        let key = part.to_ascii_lowercase();
        if let Some(ct) = self.overrides.get(&key) {
            return Some(ct.clone());
        }
        let ext = key.rsplit_once('.').map(|(_, e)| e)?;
        self.defaults.get(ext).cloned()
    }

    fn entry(&self, part: &str) -> Option<usize> {
        self.names.get(&part.to_ascii_lowercase()).copied()
    }
}

/// How a part is treated, from its content type and how it is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Kept; its markup filtered.
    Markup,
    Media,
    Package,
    /// Removed, reported by reading it (properties, comments, people).
    Scan(Scan),
    /// Removed, reported as one finding.
    Gone(Reveal),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scan {
    Properties,
    Comments,
}

const OD: &str = "application/vnd.openxmlformats-officedocument.";

/// Content types kept with their markup filtered: the document's text,
/// styles, numbering, sheets, slides, drawings, charts, diagrams, themes.
const MARKUP: &[&str] = &[
    "wordprocessingml.document.main+xml",
    "wordprocessingml.styles+xml",
    "wordprocessingml.numbering+xml",
    "wordprocessingml.settings+xml",
    "wordprocessingml.websettings+xml",
    "wordprocessingml.fonttable+xml",
    "wordprocessingml.footnotes+xml",
    "wordprocessingml.endnotes+xml",
    "wordprocessingml.header+xml",
    "wordprocessingml.footer+xml",
    "spreadsheetml.sheet.main+xml",
    "spreadsheetml.worksheet+xml",
    "spreadsheetml.chartsheet+xml",
    "spreadsheetml.dialogsheet+xml",
    "spreadsheetml.styles+xml",
    "spreadsheetml.sharedstrings+xml",
    "spreadsheetml.calcchain+xml",
    "spreadsheetml.table+xml",
    "spreadsheetml.tablesinglecells+xml",
    "spreadsheetml.pivottable+xml",
    "spreadsheetml.pivotcachedefinition+xml",
    "spreadsheetml.pivotcacherecords+xml",
    "spreadsheetml.sheetmetadata+xml",
    "spreadsheetml.volatiledependencies+xml",
    "spreadsheetml.querytable+xml",
    "presentationml.presentation.main+xml",
    "presentationml.slide+xml",
    "presentationml.slidelayout+xml",
    "presentationml.slidemaster+xml",
    "presentationml.notesslide+xml",
    "presentationml.notesmaster+xml",
    "presentationml.handoutmaster+xml",
    "presentationml.presprops+xml",
    "presentationml.viewprops+xml",
    "presentationml.tablestyles+xml",
    "theme+xml",
    "themeoverride+xml",
    "drawing+xml",
    "drawingml.chart+xml",
    "drawingml.chartshapes+xml",
    "drawingml.diagramdata+xml",
    "drawingml.diagramlayout+xml",
    "drawingml.diagramstyle+xml",
    "drawingml.diagramcolors+xml",
    "vmldrawing",
];

/// Microsoft's own content types for kept parts.
const MS_MARKUP: &[&str] = &[
    "application/vnd.ms-word.styleswitheffects+xml",
    "application/vnd.ms-office.drawingml.diagramdrawing+xml",
    "application/vnd.ms-office.chartstyle+xml",
    "application/vnd.ms-office.chartcolorstyle+xml",
];

fn classify(rel: &Rel, ct: &str) -> Kind {
    use Reveal::*;
    // Some parts are known by how they are reached, whatever their type.
    match rel.kind.as_str() {
        "thumbnail" => return Kind::Gone(DocumentPreview),
        "customXml" | "customXmlProps" => return Kind::Gone(UnknownData),
        "origin" | "signature" => return Kind::Gone(Signature),
        "printerSettings" => return Kind::Gone(Printer),
        "glossaryDocument" => return Kind::Gone(Caption),
        "vbaProject" | "wordVbaData" => return Kind::Gone(Macros),
        _ => {}
    }
    if let Some(t) = ct.strip_prefix(OD) {
        if MARKUP.contains(&t) {
            return Kind::Markup;
        }
        return match t {
            "extended-properties+xml" | "custom-properties+xml" => Kind::Scan(Scan::Properties),
            "wordprocessingml.comments+xml"
            | "wordprocessingml.commentsextended+xml"
            | "wordprocessingml.commentsids+xml"
            | "wordprocessingml.commentsextensible+xml"
            | "wordprocessingml.people+xml"
            | "spreadsheetml.comments+xml"
            | "presentationml.comments+xml"
            | "presentationml.commentauthors+xml" => Kind::Scan(Scan::Comments),
            "spreadsheetml.revisionheaders+xml" | "spreadsheetml.revisionlog+xml" | "spreadsheetml.usernames+xml" => Kind::Gone(TrackedChange),
            "spreadsheetml.printersettings" | "presentationml.printersettings" | "wordprocessingml.printersettings" => Kind::Gone(Printer),
            "presentationml.tags+xml" | "spreadsheetml.externallink+xml" | "spreadsheetml.connections+xml" => Kind::Gone(UnknownData),
            "spreadsheetml.sheet" | "wordprocessingml.document" | "presentationml.presentation" => Kind::Package,
            "customxmlproperties+xml" => Kind::Gone(UnknownData),
            _ => Kind::Gone(UnknownData),
        };
    }
    if MS_MARKUP.contains(&ct) {
        return Kind::Markup;
    }
    match ct {
        "application/vnd.openxmlformats-package.core-properties+xml" => Kind::Scan(Scan::Properties),
        "application/vnd.ms-excel.threadedcomments+xml" | "application/vnd.ms-excel.person+xml" => Kind::Scan(Scan::Comments),
        "application/vnd.ms-powerpoint.comments+xml" | "application/vnd.ms-powerpoint.authors+xml" => Kind::Scan(Scan::Comments),
        "application/vnd.ms-powerpoint.revisioninfo+xml" => Kind::Gone(RevisionId),
        "application/vnd.ms-office.classificationlabels+xml" => Kind::Gone(RevisionId),
        "application/vnd.openxmlformats-package.digital-signature-origin"
        | "application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml" => Kind::Gone(Signature),
        "application/vnd.ms-office.vbaproject" => Kind::Gone(Macros),
        "application/vnd.oasis.opendocument.text"
        | "application/vnd.oasis.opendocument.spreadsheet"
        | "application/vnd.oasis.opendocument.presentation" => Kind::Package,
        ct if ct.starts_with("image/") || ct.starts_with("video/") || ct.starts_with("audio/") => Kind::Media,
        _ if matches!(rel.kind.as_str(), "image" | "video" | "audio" | "media") => Kind::Media,
        _ => Kind::Gone(UnknownData),
    }
}

/// A target outside the package that names a place on a computer or a network share.
fn is_local_path(target: &str) -> bool {
    let t = target.trim();
    let lower = t.to_ascii_lowercase();
    lower.starts_with("file:")
        || t.starts_with('/')
        || t.starts_with("\\\\")
        || t.as_bytes().get(1..3) == Some(b":\\")
        || t.as_bytes().get(1..3) == Some(b":/")
        || !lower.contains(':') && (t.contains('\\') || t.contains('/'))
}

/// The treatments of an OOXML package's entries, and what they reveal.
pub(super) fn decide<'r>(archive: &'r Archive<'r>, format: Format, cx: &mut Collector, write: bool) -> Result<Decisions<'r>> {
    let pkg = Package::read(archive, format)?;
    let n = archive.entries.len();
    let mut kinds: Vec<Option<Kind>> = vec![None; n];
    // Relationships left out, by source part: their ids, so that markup can drop its references.
    let mut gone_rels: HashMap<String, HashSet<String>> = HashMap::new();
    let mut queue: Vec<String> = vec![String::new()];
    let mut seen: HashSet<String> = HashSet::new();
    // Parts reached only from removed parts are removed with them, silently.
    let mut under_removed: Vec<String> = Vec::new();
    while let Some(source) = queue.pop() {
        if !seen.insert(source.to_ascii_lowercase()) {
            continue;
        }
        let Some(list) = pkg.rels.get(&source) else { continue };
        let has_comments = list.iter().any(|r| r.kind == "comments");
        for rel in list {
            let gone = gone_rels.entry(source.clone()).or_default();
            if rel.external {
                match rel.kind.as_str() {
                    // Links the author put in the text are the document's content.
                    "hyperlink" => {}
                    _ if is_local_path(&rel.target) => {
                        cx.add_text(Reveal::FilePath, format!("{}:{}", rel_tag(&source), rel.kind), &rel.target);
                        gone.insert(rel.id.clone());
                    }
                    "attachedTemplate" => {
                        cx.add_text(Reveal::Template, format!("{}:{}", rel_tag(&source), rel.kind), &rel.target);
                        gone.insert(rel.id.clone());
                    }
                    _ => {}
                }
                continue;
            }
            let Some(part) = rel.part.as_deref() else { continue };
            let Some(i) = pkg.entry(part) else {
                // A relationship to nothing: left as it is (it reveals no more than its name).
                continue;
            };
            // An Excel comment's box lives in the sheet's VML drawing: it goes with the comment.
            if has_comments && rel.kind == "vmlDrawing" && format == Format::Xlsx {
                gone.insert(rel.id.clone());
                under_removed.push(part.to_string());
                continue;
            }
            let Some(name) = archive.entries.get(i).map(|e| &e.name) else { continue };
            let kind = match kinds.get(i).copied().flatten() {
                Some(k) => k,
                None => {
                    let ct = pkg.content_type(part).unwrap_or_default();
                    let k = classify(rel, &ct);
                    if let Some(slot) = kinds.get_mut(i) {
                        *slot = Some(k);
                    }
                    report_removed(archive, i, k, format, cx)?;
                    if k == Kind::Markup {
                        queue.push(name.clone());
                    }
                    k
                }
            };
            if !matches!(kind, Kind::Markup | Kind::Media | Kind::Package) {
                gone.insert(rel.id.clone());
                under_removed.push(name.clone());
            }
        }
    }
    // Everything below a removed part goes with it.
    while let Some(part) = under_removed.pop() {
        if let Some(list) = pkg.rels.get(&part) {
            for rel in list.iter().filter(|r| !r.external) {
                let slot = rel.part.as_deref().and_then(|p| pkg.entry(p)).and_then(|i| Some((kinds.get_mut(i)?, archive.entries.get(i)?)));
                if let Some((slot @ None, e)) = slot {
                    *slot = Some(Kind::Gone(Reveal::UnknownData));
                    under_removed.push(e.name.clone());
                }
            }
        }
        if let Some(slot @ None) = pkg.entry(&part).and_then(|i| kinds.get_mut(i)) {
            *slot = Some(Kind::Gone(Reveal::UnknownData));
        }
    }
    let kept = |name: &str| {
        pkg.entry(name).and_then(|i| kinds.get(i).copied().flatten()).is_some_and(|k| matches!(k, Kind::Markup | Kind::Media | Kind::Package))
    };
    let mut treatments: Vec<Treatment> = Vec::with_capacity(n);
    let mut first = None;
    let mut removed_parts: HashSet<String> = HashSet::new();
    for (e, kind) in archive.entries.iter().zip(&kinds) {
        if !kind.is_some_and(|k| matches!(k, Kind::Markup | Kind::Media | Kind::Package)) {
            removed_parts.insert(e.name.to_ascii_lowercase());
        }
    }
    for (i, (e, kind)) in archive.entries.iter().zip(kinds.iter().copied()).enumerate() {
        let t = if e.name == CONTENT_TYPES {
            first = Some(i);
            Treatment::Xml(Box::new(ContentTypes { removed: removed_parts.clone() }))
        } else if let Some(source) = rels_source(&e.name) {
            if source.is_empty() || kept(&source) {
                let gone = gone_rels.remove(&source).unwrap_or_default();
                Treatment::Xml(Box::new(Relationships { gone }))
            } else {
                Treatment::Drop
            }
        } else {
            match kind {
                Some(Kind::Markup) => {
                    let gone = gone_rels.get(&e.name).cloned().unwrap_or_default();
                    let settings = pkg.content_type(&e.name).is_some_and(|c| c.ends_with("wordprocessingml.settings+xml"));
                    Treatment::Xml(Box::new(Markup::new(gone, settings, format, write)))
                }
                Some(Kind::Media) => Treatment::Media,
                Some(Kind::Package) => Treatment::Package,
                Some(_) => Treatment::Drop,
                None if e.is_dir() => Treatment::Drop,
                None => {
                    // Nothing leads to it: left over, or hidden.
                    cx.add(Reveal::UnknownData, e.name.clone(), format!("{} bytes that no part of the document uses", e.size));
                    Treatment::Drop
                }
            }
        };
        treatments.push(t);
    }
    Ok(Decisions { treatments, first })
}

fn rel_tag(source: &str) -> &str {
    if source.is_empty() {
        "package"
    } else {
        source
    }
}

/// Report a part that is removed.
fn report_removed(archive: &Archive, i: usize, kind: Kind, format: Format, cx: &mut Collector) -> Result<()> {
    let Some(e) = archive.entries.get(i) else { return Ok(()) };
    match kind {
        Kind::Scan(scan) => {
            let contents = archive.contents(e)?;
            xml::filter(&contents, &e.name, format, &mut PropertyScan { scan, comments: 0, property: None }, cx, false)?;
        }
        Kind::Gone(reveal) => {
            let what = match reveal {
                Reveal::DocumentPreview => "a picture of the first page".to_string(),
                Reveal::Printer => "printer settings".to_string(),
                Reveal::Signature => "a digital signature".to_string(),
                Reveal::Macros => "macros".to_string(),
                Reveal::Caption => "building blocks (AutoText)".to_string(),
                Reveal::RevisionId => "revision and label ids".to_string(),
                Reveal::TrackedChange => "a shared workbook's change history".to_string(),
                _ => format!("{} bytes", e.size),
            };
            cx.add(reveal, e.name.clone(), what);
        }
        _ => {}
    }
    Ok(())
}

/// Reads a removed properties, comments or people part for what it names.
struct PropertyScan {
    scan: Scan,
    comments: usize,
    /// The custom property being read (`docProps/custom.xml`).
    property: Option<String>,
}

impl Rules for PropertyScan {
    fn element(&mut self, el: &Element, _: &[Frame], cx: &mut Collector) -> Result<Verdict> {
        for a in &el.attrs {
            let tag = || format!("{}@{}", el.local, a.local);
            match a.local.as_str() {
                "author" | "initials" | "displayName" => cx.add_text(Reveal::PersonName, tag(), &a.value),
                "name" if matches!(el.local.as_str(), "cmAuthor" | "author" | "person") => cx.add_text(Reveal::PersonName, tag(), &a.value),
                "userId" => cx.add_text(Reveal::Contact, tag(), &a.value),
                "date" | "dt" | "dT" | "created" | "dateUtc" => cx.add_text(Reveal::OtherTime, tag(), &a.value),
                _ => {}
            }
        }
        if el.local == "property" {
            self.property = el.attr(&[""], "name").map(str::to_string);
        }
        if self.scan == Scan::Comments && matches!(el.local.as_str(), "comment" | "cm" | "threadedComment") {
            self.comments += 1;
        }
        Ok(Verdict::Keep)
    }

    fn capture(&self, el: &Element, path: &[Frame]) -> bool {
        match self.scan {
            Scan::Properties => path.len() == 1 || el.local == "property",
            Scan::Comments => matches!(el.local.as_str(), "comment" | "cm" | "threadedComment" | "author"),
        }
    }

    fn captured(&mut self, f: &Frame, path: &[Frame], text: String, cx: &mut Collector) -> Result<()> {
        use Reveal::*;
        let text = text.trim();
        if self.scan == Scan::Comments {
            let reveal = if f.local == "author" { PersonName } else { Comment };
            cx.add_text(reveal, format!("{}:{}", path.first().map_or("", |r| r.local.as_str()), f.local), text);
            return Ok(());
        }
        if f.local == "property" {
            let name = self.property.take().unwrap_or_default();
            cx.add_text(custom_property_reveal(&name), format!("custom:{name}"), text);
            return Ok(());
        }
        // The prefixes exiftool and Office use for these namespaces.
        let prefix = match f.ns.as_str() {
            "http://purl.org/dc/elements/1.1/" => "dc:",
            "http://purl.org/dc/terms/" => "dcterms:",
            "http://schemas.openxmlformats.org/package/2006/metadata/core-properties" => "cp:",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" => "app:",
            _ => "",
        };
        let tag = format!("{prefix}{}", f.local);
        let reveal = match f.local.as_str() {
            "creator" | "lastModifiedBy" | "Manager" => PersonName,
            "Company" => Organization,
            "title" | "subject" | "description" | "keywords" | "category" | "contentStatus" | "version" => Caption,
            "created" | "modified" | "lastPrinted" => OtherTime,
            "revision" | "TotalTime" => EditingStats,
            "Application" | "AppVersion" => Software,
            "identifier" => UniqueId,
            "Template" if is_local_path(text) => FilePath,
            "Template" => Template,
            "HyperlinkBase" => FilePath,
            _ => return Ok(()),
        };
        if reveal == EditingStats && text == "0" {
            return Ok(());
        }
        cx.add_text(reveal, tag, text);
        Ok(())
    }

    fn release(&mut self, _: &Frame, _: &[Frame], _: &mut Collector) -> Result<bool> {
        Ok(true)
    }
}

/// Custom properties (`docProps/custom.xml`): each one named by whoever set it.
pub(super) fn custom_property_reveal(name: &str) -> Reveal {
    let n = name.to_ascii_lowercase();
    if n.contains("mail") {
        Reveal::Contact
    } else if ["author", "owner", "creator", "manager", "editor", "name", "user"].iter().any(|w| n.contains(w)) {
        Reveal::PersonName
    } else {
        Reveal::Caption
    }
}

/// `[Content_Types].xml` without the overrides of removed parts.
struct ContentTypes {
    removed: HashSet<String>,
}

impl Rules for ContentTypes {
    fn element(&mut self, el: &Element, _: &[Frame], _: &mut Collector) -> Result<Verdict> {
        if el.is(CT_NS, "Override") {
            let part = el.attr(&[""], "PartName").map(|p| percent_decode(p.trim_start_matches('/')).to_ascii_lowercase());
            if part.is_some_and(|p| self.removed.contains(&p)) {
                return Ok(Verdict::Drop);
            }
        }
        Ok(Verdict::Keep)
    }
}

/// A `.rels` part without the relationships to removed parts and local paths.
struct Relationships {
    gone: HashSet<String>,
}

impl Rules for Relationships {
    fn element(&mut self, el: &Element, _: &[Frame], _: &mut Collector) -> Result<Verdict> {
        if el.is(REL_NS, "Relationship") && el.attr(&[""], "Id").is_some_and(|id| self.gone.contains(id)) {
            return Ok(Verdict::Drop);
        }
        Ok(Verdict::Keep)
    }
}

/// A paragraph or table row held until its end: accepting tracked changes
/// may remove it whole.
#[derive(Debug, Default)]
struct Held {
    /// A deleted paragraph mark (§17.13.5.15) or deleted row (§17.13.5.14).
    deleted: bool,
    /// Something a reader sees is left in it.
    content: bool,
}

/// The markup of a kept part, any of the three vocabularies.
struct Markup {
    /// Relationship ids of this part that were removed.
    gone: HashSet<String>,
    settings: bool,
    format: Format,
    /// Cleaning (refusals are errors) or inspecting (they are warnings).
    write: bool,
    held: Vec<Held>,
    changes: usize,
}

impl Markup {
    fn new(gone: HashSet<String>, settings: bool, format: Format, write: bool) -> Self {
        Markup { gone, settings, format, write, held: Vec::new(), changes: 0 }
    }

    /// A tracked change: count it, report who and when.
    fn change(&mut self, el: &Element, cx: &mut Collector) {
        self.changes += 1;
        if self.changes == 1 {
            cx.add(Reveal::TrackedChange, "w:ins/w:del", "tracked changes, accepted");
        }
        if let Some(a) = el.attr(W, "author") {
            cx.add_text(Reveal::PersonName, "w:author", a);
        }
        if let Some(d) = el.attr(W, "date") {
            cx.add_text(Reveal::OtherTime, "w:date", d);
        }
    }

    /// Changes that cannot be accepted without changing how the document
    /// reads: cleaning refuses the file, inspecting says so.
    fn refuse(&self, what: &str, cx: &mut Collector) -> Result<()> {
        let message = format!(
            "the document has tracked changes that cannot be accepted without changing how it reads ({what}); \
             accept or reject all changes in your word processor, save, and try again"
        );
        if self.write {
            return Err(Error::unsupported(Some(self.format), message));
        }
        cx.warn(format!("{}: {message}", self.format.display_name()));
        Ok(())
    }
}

/// Elements that change nothing a reader sees: a paragraph holding only
/// these after its changes are accepted is empty.
const NOT_CONTENT: &[&str] = &["pPr", "r", "rPr", "bookmarkStart", "bookmarkEnd", "proofErr", "lastRenderedPageBreak", "permStart", "permEnd"];

impl Rules for Markup {
    fn element(&mut self, el: &Element, path: &[Frame], cx: &mut Collector) -> Result<Verdict> {
        let parent = path.last();
        let parent_is = |ns: &[&str], l: &str| parent.is_some_and(|p| p.is(ns, l));
        let in_dropped = parent.is_some_and(|p| p.dropped);
        let ns = el.ns.as_str();
        let local = el.local.as_str();
        let verdict = if W.contains(&ns) {
            match local {
                // Run-level changes (§17.13.5): accept insertions and moves in, drop deletions and moves out.
                "ins" | "moveTo" if parent_is(W, "rPr") || parent_is(W, "trPr") || parent_is(M, "ctrlPr") || parent_is(W, "numPr") => {
                    self.change(el, cx);
                    Verdict::Drop
                }
                "del" | "moveFrom" if parent_is(W, "rPr") && path.iter().rev().nth(1).is_some_and(|g| g.is(W, "pPr")) => {
                    self.change(el, cx);
                    if let Some(h) = self.held.last_mut() {
                        h.deleted = true;
                    }
                    Verdict::Drop
                }
                "del" if parent_is(W, "trPr") => {
                    self.change(el, cx);
                    if let Some(h) = self.held.last_mut() {
                        h.deleted = true;
                    }
                    Verdict::Drop
                }
                "del" | "moveFrom" if parent_is(W, "rPr") || parent_is(M, "ctrlPr") || parent_is(W, "numPr") => {
                    self.change(el, cx);
                    Verdict::Drop
                }
                "ins" | "moveTo" => {
                    self.change(el, cx);
                    Verdict::Unwrap
                }
                "del" | "moveFrom" => {
                    self.change(el, cx);
                    Verdict::Drop
                }
                "rPrChange" | "pPrChange" | "sectPrChange" | "tblPrChange" | "tblPrExChange" | "tblGridChange" | "trPrChange" | "tcPrChange"
                | "numberingChange" => {
                    self.change(el, cx);
                    Verdict::Drop
                }
                "moveFromRangeStart"
                | "moveFromRangeEnd"
                | "moveToRangeStart"
                | "moveToRangeEnd"
                | "customXmlInsRangeStart"
                | "customXmlInsRangeEnd"
                | "customXmlDelRangeStart"
                | "customXmlDelRangeEnd"
                | "customXmlMoveFromRangeStart"
                | "customXmlMoveFromRangeEnd"
                | "customXmlMoveToRangeStart"
                | "customXmlMoveToRangeEnd" => {
                    self.change(el, cx);
                    Verdict::Drop
                }
                "cellIns" | "cellDel" | "cellMerge" if !in_dropped => {
                    self.refuse("an inserted, deleted or merged table cell", cx)?;
                    Verdict::Drop
                }
                "delText" | "delInstrText" => Verdict::Drop,
                // Comment anchors (§17.13.4): the comments themselves are removed.
                "commentRangeStart" | "commentRangeEnd" | "commentReference" => Verdict::Drop,
                // Editing permissions name the people allowed to edit (§17.13.7).
                "permStart" | "permEnd" => {
                    if let Some(ed) = el.attr(W, "ed") {
                        cx.add_text(Reveal::PersonName, "w:permStart@w:ed", ed);
                    }
                    Verdict::Drop
                }
                "rsids" if self.settings => {
                    cx.add(Reveal::RevisionId, "w:rsids", "editing session ids");
                    Verdict::Drop
                }
                "attachedTemplate" | "mailMerge" | "docVars" | "saveThroughXslt" if self.settings => {
                    if local == "docVars" {
                        cx.add(Reveal::Caption, "w:docVars", "document variables");
                    }
                    if local == "mailMerge" {
                        cx.add(Reveal::FilePath, "w:mailMerge", "a mail merge data source");
                    }
                    Verdict::Drop
                }
                "p" | "tr" if !in_dropped => {
                    self.held.push(Held::default());
                    Verdict::Hold
                }
                _ => Verdict::Keep,
            }
        } else if (ns == W14 || ns == W15) && local == "docId" {
            cx.add_text(
                Reveal::RevisionId,
                format!("w{}:docId", if ns == W14 { "14" } else { "15" }),
                el.attr(&[W14, W15], "val").unwrap_or("a document id"),
            );
            Verdict::Drop
        } else if ns == P14 && local == "creationId" || ns == A16 && matches!(local, "creationId" | "rowId" | "colId") {
            cx.add(Reveal::RevisionId, format!("{}:{local}", if ns == P14 { "p14" } else { "a16" }), "shape and slide ids");
            Verdict::Drop
        } else if ns == P188 && local == "commentRel" || P.contains(&ns) && local == "custDataLst" {
            Verdict::Drop
        } else if ns == X15AC && local == "absPath" {
            cx.add_text(Reveal::FilePath, "x15ac:absPath", el.attr(&[""], "url").unwrap_or(""));
            Verdict::Drop
        } else if is_revision_ns(ns) && local == "revisionPtr" {
            cx.add_text(Reveal::RevisionId, "xr:revisionPtr", el.attr(&[""], "documentId").unwrap_or("a revision id"));
            Verdict::Drop
        } else if S.contains(&ns) && matches!(local, "legacyDrawing" | "legacyDrawingHF") && el.attr(R, "id").is_some_and(|id| self.gone.contains(id))
        {
            Verdict::Drop
        } else if local == "ext" && parent.is_some_and(|p| p.local == "extLst") {
            // An extension left empty by what was dropped inside it goes too.
            Verdict::Hold
        } else if MC.contains(&ns) && local == "AlternateContent" {
            Verdict::Hold
        } else {
            Verdict::Keep
        };
        // Whether a held paragraph still shows something.
        if !in_dropped && matches!(verdict, Verdict::Keep | Verdict::Unwrap) && !(W.contains(&ns) && NOT_CONTENT.contains(&local)) {
            let in_props = path.iter().any(|f| W.contains(&f.ns.as_str()) && matches!(f.local.as_str(), "pPr" | "rPr" | "trPr" | "tblPr"));
            if !in_props {
                if let Some(h) = self.held.last_mut() {
                    h.content = true;
                }
            }
        }
        Ok(verdict)
    }

    fn attribute(&mut self, el: &Element, a: &Attr, path: &[Frame], cx: &mut Collector) -> bool {
        let ns = a.ns.as_str();
        let local = a.local.as_str();
        if path.last().is_some_and(|p| p.dropped) {
            return true;
        }
        if W.contains(&ns) && local.starts_with("rsid") {
            cx.add(Reveal::RevisionId, "w:rsid", "editing session ids");
            return false;
        }
        if ns == W14 && matches!(local, "paraId" | "textId") {
            cx.add(Reveal::RevisionId, "w14:paraId", "paragraph ids");
            return false;
        }
        if is_revision_ns(ns) && local == "uid" {
            cx.add(Reveal::RevisionId, "xr:uid", "revision ids");
            return false;
        }
        if R.contains(&ns) && self.gone.contains(&a.value) {
            return false;
        }
        if S.contains(&el.ns.as_str()) {
            match (el.local.as_str(), local) {
                ("fileSharing", "userName") => {
                    cx.add_text(Reveal::PersonName, "fileSharing@userName", &a.value);
                    return false;
                }
                ("fileVersion", "codeName") => {
                    cx.add_text(Reveal::RevisionId, "fileVersion@codeName", &a.value);
                    return false;
                }
                ("pivotCacheDefinition", "refreshedBy") => {
                    cx.add_text(Reveal::PersonName, "pivotCacheDefinition@refreshedBy", &a.value);
                    return false;
                }
                ("pivotCacheDefinition", "refreshedDate" | "refreshedDateIso") => {
                    cx.add_text(Reveal::OtherTime, "pivotCacheDefinition@refreshedDate", &a.value);
                    return false;
                }
                _ => {}
            }
        }
        // Names and dates on anything else that carries them (ECMA-376's tracked-change attributes).
        if W.contains(&ns) && matches!(local, "author" | "initials") {
            cx.add_text(Reveal::PersonName, format!("w:{local}"), &a.value);
            return false;
        }
        if W.contains(&ns) && local == "date" {
            cx.add_text(Reveal::OtherTime, "w:date", &a.value);
            return false;
        }
        true
    }

    fn release(&mut self, f: &Frame, _: &[Frame], cx: &mut Collector) -> Result<bool> {
        if f.local == "ext" {
            return Ok(f.kept_children > 0);
        }
        if f.local == "AlternateContent" {
            return Ok(f.kept_descendants > f.kept_children);
        }
        let Some(h) = self.held.pop() else { return Ok(true) };
        if !h.deleted {
            // A paragraph inside that shows something shows in its parent too.
            if h.content {
                if let Some(outer) = self.held.last_mut() {
                    outer.content = true;
                }
            }
            return Ok(true);
        }
        if f.local == "tr" {
            // Accepting a deleted row removes it.
            return Ok(false);
        }
        if h.content {
            // Its text would join the next paragraph's: not something to guess at.
            self.refuse("a deleted paragraph break", cx)?;
        }
        Ok(false)
    }
}
