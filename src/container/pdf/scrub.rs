//! The walk over a PDF's current objects, from the catalog (ISO 32000-1 §7.7).
//! What a dictionary keeps depends on what it is: the catalog, page-tree
//! nodes, annotations, form fields, actions, outline items, the name
//! dictionary, the interactive form and image and form XObjects keep only
//! the entries their tables in the standard list (allowlists); every other
//! dictionary (fonts, colour spaces, resources) loses the entries that carry
//! metadata anywhere (§14.3 metadata streams, §14.5 page-piece data, §14.1
//! modification dates, §7.11.4 embedded files, §12.6.3 trigger events, and
//! pdfTeX's `PTEX.` entries). Only objects reached from what is kept are
//! written, so whatever hung from a dropped entry goes with it.
//!
//! Everything dropped is reported; inspecting and cleaning run this same
//! walk, so a report names exactly what cleaning removes.

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::{Mode, F, MAX_DECODED, MAX_FINDINGS};
use crate::container::jpeg::Jpeg;
use crate::container::Container;
use crate::error::{Error, Result};
use crate::payload::xmp;
use crate::report::Format;
use crate::reveal::{Collector, Reveal};

/// Direct objects nested deeper than this are refused (lopdf stops at 100).
pub const MAX_DEPTH: usize = 128;
/// References followed to reach an object (`5 0 obj 6 0 R endobj` chains).
const MAX_HOPS: usize = 16;
/// Name-tree nodes read to list attached files and scripts (§7.9.6).
const MAX_NAME_TREE_NODES: usize = 10_000;

/// Where a reference was found, which says what the object is when it does
/// not say so itself (annotations, actions and fields may omit `/Type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hint {
    Generic,
    Catalog,
    PageNode,
    Annot,
    Action,
    Field,
    Outline,
    Names,
    AcroForm,
    /// A resource dictionary's `/XObject` entry: every value is an XObject.
    XObjects,
    XObject,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Catalog,
    PageNode,
    Annot,
    Action,
    Field,
    Outline,
    Names,
    AcroForm,
    Image,
    Form,
    /// An XMP stream (§14.3.2): never kept, wherever it is referenced.
    Metadata,
    /// The data of an attached file (§7.11.4): never kept.
    EmbeddedFile,
    Generic,
}

const ANNOT_SUBTYPES: &[&[u8]] = &[
    b"Text",
    b"Link",
    b"FreeText",
    b"Line",
    b"Square",
    b"Circle",
    b"Polygon",
    b"PolyLine",
    b"Highlight",
    b"Underline",
    b"Squiggly",
    b"StrikeOut",
    b"Stamp",
    b"Caret",
    b"Ink",
    b"Popup",
    b"FileAttachment",
    b"Sound",
    b"Movie",
    b"Widget",
    b"Screen",
    b"PrinterMark",
    b"TrapNet",
    b"Watermark",
    b"3D",
    b"Redact",
    b"Projection",
    b"RichMedia",
];

/// Annotations removed whole: they carry a file or media Silbato cannot check.
const DROPPED_ANNOTS: &[&[u8]] = &[b"FileAttachment", b"Sound", b"Movie", b"Screen", b"RichMedia", b"3D"];

/// Catalog entries kept (Table 28, and 2.0's Table 29).
const CATALOG: &[&[u8]] = &[
    b"Type",
    b"Version",
    b"Extensions",
    b"Pages",
    b"PageLabels",
    b"Names",
    b"Dests",
    b"ViewerPreferences",
    b"PageLayout",
    b"PageMode",
    b"Outlines",
    b"Threads",
    b"OpenAction",
    b"AcroForm",
    b"StructTreeRoot",
    b"MarkInfo",
    b"Lang",
    b"OutputIntents",
    b"OCProperties",
    b"Requirements",
];

/// Page and page-tree node entries kept (Tables 29 and 30).
const PAGE_NODE: &[&[u8]] = &[
    b"Type",
    b"Parent",
    b"Kids",
    b"Count",
    b"Resources",
    b"MediaBox",
    b"CropBox",
    b"BleedBox",
    b"TrimBox",
    b"ArtBox",
    b"BoxColorInfo",
    b"Contents",
    b"Rotate",
    b"Group",
    b"B",
    b"Dur",
    b"Trans",
    b"Annots",
    b"StructParents",
    b"PZ",
    b"SeparationInfo",
    b"Tabs",
    b"UserUnit",
    b"VP",
    b"OutputIntents",
];

/// Annotation entries kept, for every subtype (Tables 164 to 191): what
/// draws the annotation and links it. Not kept: `/T` (the author of a
/// comment), `/M` and `/CreationDate`, `/NM` (its unique name).
const ANNOT: &[&[u8]] = &[
    b"Type",
    b"Subtype",
    b"Rect",
    b"Contents",
    b"P",
    b"F",
    b"AP",
    b"AS",
    b"Border",
    b"C",
    b"StructParent",
    b"OC",
    b"ca",
    b"CA",
    b"BM",
    b"Lang",
    b"Popup",
    b"RC",
    b"IRT",
    b"Subj",
    b"RT",
    b"IT",
    b"Open",
    b"Name",
    b"State",
    b"StateModel",
    b"Dest",
    b"H",
    b"PA",
    b"QuadPoints",
    b"BS",
    b"A",
    b"DA",
    b"Q",
    b"DS",
    b"CL",
    b"BE",
    b"RD",
    b"LE",
    b"L",
    b"LL",
    b"LLE",
    b"Cap",
    b"LLO",
    b"CP",
    b"Measure",
    b"CO",
    b"IC",
    b"Vertices",
    b"Path",
    b"Sy",
    b"InkList",
    b"Parent",
    b"MK",
    b"RO",
    b"OverlayText",
    b"Repeat",
    b"FixedPrint",
    b"MN",
    b"Version",
    b"AnnotStates",
    b"FontFauxing",
];

/// Form field entries kept (Tables 220, 222, 226, 228, 229). `/T` is the
/// field's name here, which forms need; `/V` and `/DV` are checked apart.
const FIELD: &[&[u8]] =
    &[b"FT", b"Parent", b"Kids", b"T", b"TU", b"TM", b"Ff", b"V", b"DV", b"DA", b"Q", b"DS", b"RV", b"Opt", b"TI", b"I", b"MaxLen"];

/// Actions kept: moving within the document, following a link, showing and
/// hiding parts. Scripts, launching files, opening other documents,
/// importing and submitting data, and media are removed.
const ACTIONS: &[&[u8]] = &[b"GoTo", b"URI", b"Named", b"Thread", b"SetOCGState", b"Hide", b"ResetForm", b"Trans"];
const ACTION: &[&[u8]] =
    &[b"Type", b"S", b"Next", b"D", b"SD", b"URI", b"IsMap", b"N", b"B", b"State", b"PreserveRB", b"T", b"H", b"Fields", b"Flags", b"Trans"];

const OUTLINE: &[&[u8]] = &[b"Type", b"Title", b"Parent", b"Prev", b"Next", b"First", b"Last", b"Count", b"Dest", b"A", b"SE", b"C", b"F"];

/// The name dictionary (Table 31): destinations, appearances, named pages.
const NAMES: &[&[u8]] = &[b"Dests", b"AP", b"Pages"];

/// The interactive form (Table 218), without XFA and signature flags.
const ACROFORM: &[&[u8]] = &[b"Fields", b"NeedAppearances", b"CO", b"DR", b"DA", b"Q"];

/// Stream entries every stream keeps (Table 5, without external files).
const STREAM: &[&[u8]] = &[b"Length", b"Filter", b"DecodeParms", b"DL"];

/// Image XObject entries (Table 89).
const IMAGE: &[&[u8]] = &[
    b"Type",
    b"Subtype",
    b"Width",
    b"Height",
    b"ColorSpace",
    b"BitsPerComponent",
    b"Intent",
    b"ImageMask",
    b"Mask",
    b"Decode",
    b"Interpolate",
    b"Alternates",
    b"SMask",
    b"SMaskInData",
    b"Name",
    b"StructParent",
    b"OC",
    b"Measure",
    b"PtData",
];

/// Form XObject entries (Table 95), without `/Ref` (a page of another file).
const FORM: &[&[u8]] = &[
    b"Type",
    b"Subtype",
    b"FormType",
    b"BBox",
    b"Matrix",
    b"Resources",
    b"Group",
    b"StructParent",
    b"StructParents",
    b"OC",
    b"Name",
    b"Measure",
    b"PtData",
];

fn name<'o>(d: &'o Dictionary, key: &[u8]) -> Option<&'o [u8]> {
    d.get(key).ok().and_then(|o| o.as_name().ok())
}

fn kind(d: &Dictionary, is_stream: bool, hint: Hint) -> Kind {
    let subtype = name(d, b"Subtype");
    match name(d, b"Type") {
        Some(b"Catalog") => return Kind::Catalog,
        Some(b"Pages" | b"Page") => return Kind::PageNode,
        Some(b"Metadata") if is_stream => return Kind::Metadata,
        Some(b"EmbeddedFile") if is_stream => return Kind::EmbeddedFile,
        Some(b"Action") => return Kind::Action,
        Some(b"Annot") => return Kind::Annot,
        _ => {}
    }
    if is_stream {
        match subtype {
            Some(b"Image") => return Kind::Image,
            Some(b"Form") => return Kind::Form,
            Some(b"XML") => return Kind::Metadata,
            _ => {}
        }
    }
    if subtype.is_some_and(|s| ANNOT_SUBTYPES.contains(&s)) && d.has(b"Rect") {
        return Kind::Annot;
    }
    match hint {
        Hint::Catalog => Kind::Catalog,
        Hint::PageNode => Kind::PageNode,
        Hint::Annot => Kind::Annot,
        Hint::Action if d.has(b"S") => Kind::Action,
        Hint::Field => Kind::Field,
        Hint::Outline => Kind::Outline,
        Hint::Names => Kind::Names,
        Hint::AcroForm => Kind::AcroForm,
        _ => Kind::Generic,
    }
}

/// What the values under `key` of a dictionary of `kind` are.
fn child_hint(kind: Kind, widget: bool, key: &[u8]) -> Hint {
    match (kind, key) {
        (_, b"A" | b"PA" | b"OpenAction") | (Kind::Action, b"Next") => Hint::Action,
        (_, b"XObject") => Hint::XObjects,
        (Kind::Catalog, b"Pages") | (Kind::PageNode, b"Kids") => Hint::PageNode,
        (Kind::Catalog, b"Names") => Hint::Names,
        (Kind::Catalog, b"AcroForm") => Hint::AcroForm,
        (Kind::Catalog, b"Outlines") | (Kind::Outline, b"First" | b"Last" | b"Next" | b"Prev" | b"Parent") => Hint::Outline,
        (Kind::PageNode, b"Annots") | (Kind::Annot, b"Popup" | b"IRT") => Hint::Annot,
        (Kind::Annot, b"Parent") if widget => Hint::Field,
        (Kind::Annot, b"Parent") => Hint::Annot,
        (Kind::AcroForm, b"Fields") | (Kind::Field, b"Kids" | b"Parent") => Hint::Field,
        (Kind::Annot, b"Kids") if widget => Hint::Field,
        _ => Hint::Generic,
    }
}

/// Follow references to an object, in `objects` and then in `kept`.
fn follow<'o>(objects: &'o BTreeMap<ObjectId, Object>, kept: Option<&'o BTreeMap<ObjectId, Object>>, mut o: &'o Object) -> Option<&'o Object> {
    for _ in 0..MAX_HOPS {
        match o {
            Object::Reference(id) => o = objects.get(id).or_else(|| kept.and_then(|k| k.get(id)))?,
            other => return Some(other),
        }
    }
    None
}

/// An object with its references followed, among the file's objects.
pub(super) fn resolve<'o>(objects: &'o BTreeMap<ObjectId, Object>, o: &'o Object) -> Option<&'o Object> {
    follow(objects, None, o)
}

/// A readable value for a report.
pub(super) fn describe(o: &Object) -> String {
    match o {
        Object::String(..) => text(o),
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        Object::Integer(i) => i.to_string(),
        Object::Real(r) => r.to_string(),
        Object::Boolean(b) => b.to_string(),
        Object::Array(a) => format!("{} items", a.len()),
        Object::Dictionary(d) => format!("{} entries", d.len()),
        Object::Stream(s) => format!("{} bytes", s.content.len()),
        Object::Reference(id) => format!("object {}", id.0),
        Object::Null => String::new(),
    }
}

/// A text string (§7.9.2.2: PDFDocEncoding, or UTF-16BE/UTF-8 with a byte
/// order mark), dates made readable.
fn text(o: &Object) -> String {
    let s = lopdf::decode_text_string(o).unwrap_or_else(|_| o.as_str().map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default());
    date(&s).unwrap_or(s)
}

/// `D:20240131094500-05'00'` (§7.9.4) → `2024-01-31 09:45:00 -05:00`.
fn date(s: &str) -> Option<String> {
    let d = s.trim().strip_prefix("D:")?;
    let digits: String = d.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() < 4 {
        return None;
    }
    let part = |from: usize, to: usize| digits.get(from..to);
    let mut out = part(0, 4)?.to_string();
    for (sep, from) in [("-", 4), ("-", 6), (" ", 8), (":", 10), (":", 12)] {
        match part(from, from + 2) {
            Some(p) => {
                out.push_str(sep);
                out.push_str(p);
            }
            None => break,
        }
    }
    let zone: String = d.get(digits.len()..).unwrap_or("").chars().filter(|c| *c != '\'').collect();
    match zone.as_str() {
        "" => {}
        z if z.starts_with('Z') => out.push_str(" UTC"),
        z if z.len() == 5 => out.push_str(&format!(" {}:{}", z.get(..3)?, z.get(3..)?)),
        z => out.push_str(&format!(" {z}")),
    }
    Some(out)
}

fn looks_like_guid(s: &str) -> bool {
    let t = s.trim().trim_start_matches(['{', '(']).trim_end_matches(['}', ')']);
    let groups: Vec<&str> = t.split('-').collect();
    groups.len() == 5 && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The document information dictionary (§14.3.3) and dictionaries like it
/// (pdfTeX's `PTEX.InfoDict`, an article thread's `/I`): every entry goes.
pub(super) fn report_info(info: &Dictionary, group: &str, cx: &mut Collector) {
    for (key, value) in info.iter() {
        if cx.findings().len() >= MAX_FINDINGS {
            cx.warn(format!("PDF: more than {MAX_FINDINGS} things found; the rest are removed without being listed"));
            return;
        }
        let value = text(value);
        let key = String::from_utf8_lossy(key);
        let reveal = match key.as_ref() {
            "Author" | "Company" | "Manager" | "LastModifiedBy" | "Owner" => Reveal::PersonName,
            "Creator" | "Producer" => Reveal::Software,
            "CreationDate" | "ModDate" | "SourceModified" => Reveal::OtherTime,
            "Title" | "Subject" | "Keywords" => Reveal::Caption,
            "Trapped" => continue,
            _ if looks_like_guid(&value) => Reveal::UniqueId,
            _ if value.starts_with("D:") || date(&value).is_some() => Reveal::OtherTime,
            _ => Reveal::Caption,
        };
        cx.add_text(reveal, format!("{group}:{key}"), &value);
    }
}

/// Ways a literal string's escapes cost the writer time (it escapes each
/// unbalanced parenthesis with a linear search): such strings are written
/// in hexadecimal instead.
pub(super) const MAX_ESCAPES: usize = 64;

pub(super) struct Walk<'c, 'g> {
    objects: BTreeMap<ObjectId, Object>,
    /// Objects the cross-reference table lists as in use.
    listed: BTreeSet<u32>,
    mode: Mode,
    cx: &'c mut Collector<'g>,
    queue: VecDeque<(ObjectId, Hint)>,
    queued: HashSet<ObjectId>,
    kept: BTreeMap<ObjectId, Object>,
    order: Vec<ObjectId>,
    /// Listed, used, but unreadable: cleaning would lose part of the document.
    unreadable: Vec<ObjectId>,
}

impl<'c, 'g> Walk<'c, 'g> {
    pub(super) fn new(objects: BTreeMap<ObjectId, Object>, listed: BTreeSet<u32>, mode: Mode, cx: &'c mut Collector<'g>) -> Self {
        Walk {
            objects,
            listed,
            mode,
            cx,
            queue: VecDeque::new(),
            queued: HashSet::new(),
            kept: BTreeMap::new(),
            order: Vec::new(),
            unreadable: Vec::new(),
        }
    }

    pub(super) fn run(&mut self, root: ObjectId) -> Result<()> {
        if !matches!(self.objects.get(&root), Some(Object::Dictionary(_))) {
            return Err(Error::malformed(F, 0, "the catalog could not be read"));
        }
        self.enqueue(root, Hint::Catalog);
        while let Some((id, hint)) = self.queue.pop_front() {
            let Some(mut obj) = self.objects.remove(&id) else { continue };
            self.object(id, &mut obj, hint)?;
            self.kept.insert(id, obj);
            self.order.push(id);
        }
        Ok(())
    }

    /// The kept objects, in the order they were reached (the catalog first).
    pub(super) fn finish(mut self) -> Result<Vec<(ObjectId, Object)>> {
        if let Some(id) = self.unreadable.first() {
            let what = format!("object {} is used by the document but could not be read", id.0);
            if self.mode == Mode::Clean {
                return Err(Error::malformed(F, 0, what));
            }
            self.cx.warn(format!("PDF: {what}"));
        }
        let kept = &mut self.kept;
        Ok(self.order.iter().filter_map(|id| kept.remove(id).map(|o| (*id, o))).collect())
    }

    fn enqueue(&mut self, id: ObjectId, hint: Hint) {
        if !self.queued.insert(id) {
            return;
        }
        if self.objects.contains_key(&id) {
            self.queue.push_back((id, hint));
        } else if self.listed.contains(&id.0) {
            self.unreadable.push(id);
        }
        // Otherwise a reference to a free or absent object: null (§7.3.10), and written as such.
    }

    fn get<'a>(&'a self, o: &'a Object) -> Option<&'a Object> {
        follow(&self.objects, Some(&self.kept), o)
    }

    fn object(&mut self, id: ObjectId, obj: &mut Object, hint: Hint) -> Result<()> {
        let Object::Stream(s) = obj else { return self.value(obj, hint, 0) };
        let kind = kind(&s.dict, true, hint);
        match kind {
            Kind::Metadata => {
                self.xmp(s);
                *obj = Object::Null;
                return Ok(());
            }
            Kind::EmbeddedFile => {
                self.add(Reveal::AttachedFile, "PDF:EmbeddedFile", format!("{} bytes", s.content.len()));
                *obj = Object::Null;
                return Ok(());
            }
            _ => {}
        }
        for key in [&b"F"[..], b"FFilter", b"FDecodeParms"] {
            if let Some(v) = remove(&mut s.dict, key) {
                if key == b"F" {
                    self.add(Reveal::UnknownData, "PDF:ExternalStream", describe(&v));
                }
            }
        }
        if kind == Kind::Image {
            self.image(id, s)?;
        }
        self.dict(&mut s.dict, kind, true, 0)
    }

    fn value(&mut self, v: &mut Object, hint: Hint, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(Error::limit(F, 0, format!("objects nested more than {MAX_DEPTH} deep")));
        }
        match v {
            Object::Reference(id) => self.enqueue(*id, hint),
            Object::Dictionary(d) if hint == Hint::XObjects => {
                for (_, x) in d.iter_mut() {
                    self.value(x, Hint::XObject, depth + 1)?;
                }
            }
            Object::Dictionary(d) => {
                let k = kind(d, false, hint);
                self.dict(d, k, false, depth)?;
            }
            Object::Array(a) => {
                match hint {
                    Hint::Annot => a.retain(|x| self.keep_annot(x)),
                    Hint::Action => a.retain(|x| self.keep_action(x)),
                    _ => {}
                }
                for x in a.iter_mut() {
                    self.value(x, hint, depth + 1)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn dict(&mut self, d: &mut Dictionary, kind: Kind, is_stream: bool, depth: usize) -> Result<()> {
        self.everywhere(d)?;
        let widget = kind == Kind::Annot && name(d, b"Subtype") == Some(b"Widget");
        let stream_keys = if is_stream { STREAM } else { &[] };
        match kind {
            Kind::Catalog => self.allow(d, &[CATALOG], "Catalog"),
            Kind::PageNode => self.allow(d, &[PAGE_NODE], "Page"),
            Kind::Annot if widget => {
                self.field(d);
                self.allow(d, &[ANNOT, FIELD], "Widget");
            }
            Kind::Annot => {
                if let Some(author) = remove(d, b"T") {
                    self.add_text(Reveal::PersonName, "PDF:AnnotationAuthor", &text(&author));
                }
                self.allow(d, &[ANNOT], "Annotation");
            }
            Kind::Field => {
                self.field(d);
                self.allow(d, &[FIELD], "Field");
            }
            Kind::Action => {
                if let Err((reveal, tag, what)) = self.action_verdict(d) {
                    // Reached where no key said it was an action: keep an empty shell.
                    self.add(reveal, tag, what);
                    d.as_hashmap_mut().retain(|k, _| k == b"Type");
                }
                self.allow(d, &[ACTION], "Action");
            }
            Kind::Outline => self.allow(d, &[OUTLINE], "Outline"),
            Kind::Names => self.names(d),
            Kind::AcroForm => {
                if let Some(xfa) = remove(d, b"XFA") {
                    self.add(Reveal::HiddenText, "PDF:XFA", format!("an XFA form ({})", describe(&xfa)));
                }
                remove(d, b"SigFlags");
                self.allow(d, &[ACROFORM], "AcroForm");
            }
            Kind::Image => {
                if let Some(id) = remove(d, b"ID") {
                    self.add(Reveal::UniqueId, "PDF:Image/ID", describe(&id));
                }
                self.allow(d, &[IMAGE, stream_keys], "Image");
            }
            Kind::Form => {
                if let Some(r) = remove(d, b"Ref") {
                    self.add(Reveal::Caption, "PDF:Form/Ref", format!("a page of another file ({})", describe(&r)));
                }
                self.allow(d, &[FORM, stream_keys], "Form");
            }
            Kind::Metadata | Kind::EmbeddedFile | Kind::Generic => {}
        }
        // Actions under the keys that hold them (§12.6.2): only the allowed kinds stay.
        for key in [&b"A"[..], b"PA", b"OpenAction", b"Next"] {
            if key == b"Next" && kind != Kind::Action {
                continue;
            }
            let verdict = match d.get(key).ok().and_then(|v| self.get(v)) {
                Some(Object::Dictionary(a)) if a.has(b"S") => self.action_verdict(a),
                _ => Ok(()),
            };
            if let Err((reveal, tag, what)) = verdict {
                remove(d, key);
                self.add(reveal, tag, what);
            }
        }
        for (key, v) in d.iter_mut() {
            let hint = child_hint(kind, widget, key);
            self.value(v, hint, depth + 1)?;
        }
        Ok(())
    }

    /// Entries removed from every dictionary, whatever it is.
    fn everywhere(&mut self, d: &mut Dictionary) -> Result<()> {
        if let Some(m) = remove(d, b"Metadata") {
            match self.get(&m) {
                Some(Object::Stream(s)) => {
                    let s = s.clone();
                    self.xmp(&s);
                }
                _ => self.add(Reveal::UnknownData, "PDF:Metadata", describe(&m)),
            }
        }
        if let Some(p) = remove(d, b"PieceInfo") {
            let apps = match self.get(&p) {
                Some(Object::Dictionary(p)) => p.iter().map(|(k, _)| String::from_utf8_lossy(k).into_owned()).collect::<Vec<_>>().join(", "),
                _ => describe(&p),
            };
            self.add(Reveal::AppData, "PDF:PieceInfo", apps);
        }
        if let Some(m) = remove(d, b"LastModified") {
            self.add_text(Reveal::OtherTime, "PDF:LastModified", &text(&m));
        }
        if let Some(aa) = remove(d, b"AA") {
            let what = match self.get(&aa) {
                Some(Object::Dictionary(t)) => self.triggers(t),
                _ => describe(&aa),
            };
            self.add(Reveal::Script, "PDF:AdditionalActions", what);
        }
        if let Some(js) = remove(d, b"JS") {
            let code = self.get(&js).map(|c| self.script(c)).unwrap_or_default();
            self.add(Reveal::Script, "PDF:JavaScript", code);
        }
        for key in [&b"AF"[..], b"EF", b"RF"] {
            if let Some(af) = remove(d, key) {
                let what = match (key, self.get(&af)) {
                    (b"EF", _) => filespec_name(d),
                    (_, Some(Object::Array(a))) => format!("{} files", a.len()),
                    _ => describe(&af),
                };
                self.add(Reveal::AttachedFile, "PDF:EmbeddedFile", what);
            }
        }
        if let Some(opi) = remove(d, b"OPI") {
            self.add(Reveal::Caption, "PDF:OPI", format!("the path of the original image ({})", describe(&opi)));
        }
        if let Some(thumb) = remove(d, b"Thumb") {
            self.add(Reveal::Thumbnail, "PDF:Thumbnail", describe(&thumb));
        }
        if name(d, b"Type") == Some(b"Thread") {
            if let Some(i) = remove(d, b"I") {
                if let Some(Object::Dictionary(i)) = self.get(&i) {
                    report_info(&i.clone(), "PDF:Thread", self.cx);
                }
            }
        }
        // pdfTeX and LuaTeX record where an included PDF came from (§14.11.6
        // second-class names): its path, its page, its own Info dictionary.
        for (key, v) in take(d, |k| k.starts_with(b"PTEX.")) {
            match key.as_slice() {
                b"PTEX.InfoDict" => {
                    if let Some(Object::Dictionary(i)) = self.get(&v) {
                        report_info(&i.clone(), "PDF:PTEX", self.cx);
                    }
                }
                b"PTEX.FileName" => self.add_text(Reveal::Caption, "PDF:PTEX.FileName", &text(&v)),
                _ => {}
            }
        }
        Ok(())
    }

    /// Drop every entry not in `lists`, reporting each (in one pass: a
    /// dictionary may hold any number of entries).
    fn allow(&mut self, d: &mut Dictionary, lists: &[&[&[u8]]], context: &str) {
        let dropped = take(d, |k| !lists.iter().any(|l| l.contains(&k)));
        for (key, v) in dropped {
            let tag = format!("PDF:{context}/{}", String::from_utf8_lossy(&key));
            match key.as_slice() {
                b"M" | b"CreationDate" => self.add_text(Reveal::OtherTime, tag, &text(&v)),
                b"NM" => self.add_text(Reveal::UniqueId, tag, &text(&v)),
                b"ID" => self.add(Reveal::UniqueId, tag, describe(&v)),
                b"Collection" => self.add(Reveal::AttachedFile, tag, "a portfolio of attached files"),
                b"DSS" | b"Perms" | b"Lock" | b"SV" => self.add(Reveal::PersonName, tag, "digital signature data"),
                b"SpiderInfo" | b"URI" => self.add(Reveal::Caption, tag, describe(&v)),
                // Flags that follow what was removed (XFA rendering, signatures).
                b"NeedsRendering" => {}
                _ => self.add(Reveal::UnknownData, tag, describe(&v)),
            }
        }
    }

    /// Report a finding, up to `MAX_FINDINGS` for the document.
    fn add(&mut self, reveal: Reveal, tag: impl Into<String>, value: impl AsRef<str>) {
        if self.room() {
            self.cx.add(reveal, tag, value);
        }
    }

    fn add_text(&mut self, reveal: Reveal, tag: impl Into<String>, value: &str) {
        if self.room() {
            self.cx.add_text(reveal, tag, value);
        }
    }

    fn room(&mut self) -> bool {
        if self.cx.findings().len() < MAX_FINDINGS {
            return true;
        }
        self.cx.warn(format!("PDF: more than {MAX_FINDINGS} things found; the rest are removed without being listed"));
        false
    }

    /// A form field or widget (§12.7.3): values that no visible widget shows
    /// are hidden text; a signature's value names the signer.
    fn field(&mut self, d: &mut Dictionary) {
        let label = d.get(b"T").map(text).unwrap_or_default();
        let value = d.get(b"V").ok().and_then(|v| self.get(v)).cloned();
        if let Some(Object::Dictionary(sig)) = &value {
            if sig.has(b"ByteRange") || name(sig, b"Type") == Some(b"Sig") {
                let signer = sig.get(b"Name").map(text).unwrap_or_else(|_| "a digital signature".to_string());
                self.add(Reveal::PersonName, "PDF:Signature", signer);
                remove(d, b"V");
                return;
            }
        }
        let shown = self.shown(d);
        let textual = |o: &Option<Object>| match o {
            Some(Object::String(..)) => true,
            Some(Object::Array(a)) => a.iter().any(|x| matches!(x, Object::String(..))),
            Some(Object::Stream(_)) => true,
            _ => false,
        };
        let show = |o: &Object| match o {
            Object::Array(a) => a.iter().map(text).collect::<Vec<_>>().join("; "),
            Object::Stream(s) => String::from_utf8_lossy(&s.content).into_owned(),
            o => text(o),
        };
        if !shown && textual(&value) {
            for key in [&b"V"[..], b"RV"] {
                if let Some(v) = remove(d, key) {
                    let v = self.get(&v).map(show).unwrap_or_default();
                    self.add_text(Reveal::HiddenText, "PDF:FormField", &format!("{label}: {v}"));
                }
            }
        }
        let default = d.get(b"DV").ok().and_then(|v| self.get(v)).cloned();
        if textual(&default) && (!shown || default != value) {
            remove(d, b"DV");
            let v = default.as_ref().map(show).unwrap_or_default();
            self.add_text(Reveal::HiddenText, "PDF:FormField", &format!("{label} (default): {v}"));
        }
    }

    /// Does a widget of this field show its value: not hidden (annotation
    /// flags Hidden 2, NoView 32, Table 165) and not of zero size?
    fn shown(&self, d: &Dictionary) -> bool {
        let visible = |w: &Dictionary| {
            let flags = w.get(b"F").and_then(|f| f.as_i64()).unwrap_or(0);
            let rect: Vec<f32> =
                w.get(b"Rect").and_then(|r| r.as_array()).map(|a| a.iter().filter_map(|n| n.as_float().ok()).collect()).unwrap_or_default();
            let sized = matches!(rect.as_slice(), [x1, y1, x2, y2] if (x2 - x1).abs() > 0.0 && (y2 - y1).abs() > 0.0);
            name(w, b"Subtype") == Some(b"Widget") && flags & (2 | 32) == 0 && sized
        };
        if visible(d) {
            return true;
        }
        let kids = d.get(b"Kids").ok().and_then(|k| self.get(k)).and_then(|k| k.as_array().ok());
        kids.into_iter().flatten().filter_map(|k| self.get(k)).any(|k| matches!(k, Object::Dictionary(w) if visible(w)))
    }

    /// The name dictionary: scripts and attached files are named in name trees.
    fn names(&mut self, d: &mut Dictionary) {
        if let Some(js) = remove(d, b"JavaScript") {
            let scripts = self.name_tree(&js);
            let first =
                scripts.first().and_then(|s| self.get(s)).and_then(|a| a.as_dict().ok()).and_then(|a| a.get(b"JS").ok()).and_then(|c| self.get(c));
            let code = first.map(|c| self.script(c)).unwrap_or_default();
            self.add(Reveal::Script, "PDF:JavaScript", format!("{} scripts: {code}", scripts.len()));
        }
        if let Some(files) = remove(d, b"EmbeddedFiles") {
            let specs = self.name_tree(&files);
            if specs.is_empty() {
                self.add(Reveal::AttachedFile, "PDF:EmbeddedFile", "an empty list of attached files");
            }
            for spec in specs {
                let what = match self.get(&spec) {
                    Some(Object::Dictionary(f)) => filespec_name(f),
                    _ => describe(&spec),
                };
                self.add(Reveal::AttachedFile, "PDF:EmbeddedFile", what);
            }
        }
        self.allow(d, &[NAMES], "Names");
    }

    /// The values of a name tree (§7.9.6), as far as the limits allow.
    fn name_tree(&self, root: &Object) -> Vec<Object> {
        let mut out = Vec::new();
        let mut stack = vec![(root.clone(), 0usize)];
        let mut nodes = 0;
        while let Some((node, depth)) = stack.pop() {
            nodes += 1;
            if nodes > MAX_NAME_TREE_NODES || depth > MAX_DEPTH {
                break;
            }
            let Some(Object::Dictionary(n)) = self.get(&node) else { continue };
            if let Some(Object::Array(pairs)) = n.get(b"Names").ok().and_then(|p| self.get(p)) {
                out.extend(pairs.iter().skip(1).step_by(2).cloned());
            }
            if let Some(Object::Array(kids)) = n.get(b"Kids").ok().and_then(|k| self.get(k)) {
                stack.extend(kids.iter().map(|k| (k.clone(), depth + 1)));
            }
        }
        out
    }

    /// Is this action one that stays? Else what to report.
    fn action_verdict(&self, a: &Dictionary) -> std::result::Result<(), (Reveal, &'static str, String)> {
        let Some(kind) = name(a, b"S") else { return Ok(()) };
        if ACTIONS.contains(&kind) {
            return Ok(());
        }
        let kind_text = String::from_utf8_lossy(kind).into_owned();
        if kind == b"JavaScript" {
            let code = a.get(b"JS").ok().and_then(|c| self.get(c)).map(|c| self.script(c)).unwrap_or_default();
            return Err((Reveal::Script, "PDF:JavaScript", code));
        }
        let target = [&b"F"[..], b"URL", b"Win", b"Unix", b"Mac"].iter().find_map(|k| a.get(k).ok()).and_then(|t| self.get(t));
        let target = match target {
            Some(Object::Dictionary(f)) => filespec_name(f),
            Some(t) => describe(t),
            None => String::new(),
        };
        Err((Reveal::Script, "PDF:Action", format!("{kind_text} {target}").trim().to_string()))
    }

    fn keep_action(&mut self, x: &Object) -> bool {
        let verdict = match self.get(x) {
            Some(Object::Dictionary(a)) => self.action_verdict(a),
            _ => Ok(()),
        };
        match verdict {
            Ok(()) => true,
            Err((reveal, tag, what)) => {
                self.add(reveal, tag, what);
                false
            }
        }
    }

    fn keep_annot(&mut self, x: &Object) -> bool {
        let Some(Object::Dictionary(a)) = self.get(x) else { return true };
        let Some(subtype) = name(a, b"Subtype").filter(|s| DROPPED_ANNOTS.contains(s)) else { return true };
        let finding = if subtype == b"FileAttachment" {
            let file = a.get(b"FS").ok().and_then(|f| self.get(f));
            let what = match file {
                Some(Object::Dictionary(f)) => filespec_name(f),
                _ => "an attached file".to_string(),
            };
            (Reveal::AttachedFile, "PDF:EmbeddedFile".to_string(), what)
        } else {
            let subtype = String::from_utf8_lossy(subtype);
            (Reveal::UnknownData, format!("PDF:Annotation/{subtype}"), format!("a {subtype} annotation (sound, video or 3D)"))
        };
        self.add(finding.0, finding.1, finding.2);
        false
    }

    /// Which events an additional-actions dictionary (§12.6.3) reacts to.
    fn triggers(&self, t: &Dictionary) -> String {
        let kinds: Vec<String> = t
            .iter()
            .filter_map(|(_, a)| self.get(a))
            .filter_map(|a| a.as_dict().ok())
            .filter_map(|a| name(a, b"S"))
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect();
        format!("{} actions ({})", t.len(), kinds.join(", "))
    }

    /// The start of a script (a text string or a stream, §12.6.4.16).
    fn script(&self, code: &Object) -> String {
        match code {
            Object::Stream(s) => {
                let bytes = s.decompressed_content_with_limit(MAX_DECODED).unwrap_or_default();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            other => text(other),
        }
    }

    /// An XMP stream, wherever it hangs: what it says, or that it was there.
    fn xmp(&mut self, s: &Stream) {
        let packet = if s.dict.has(b"Filter") { s.decompressed_content_with_limit(MAX_DECODED).ok() } else { Some(s.content.clone()) };
        let mut inner = self.cx.nested(F);
        match packet {
            Some(p) => xmp::scan(&p, &mut inner),
            None => inner.warn("XMP: the metadata could not be decoded (it is removed all the same)"),
        }
        let inner = inner.finish();
        if inner.findings.is_empty() {
            self.add(Reveal::UnknownData, "PDF:XMP", format!("{} bytes of XMP metadata", s.content.len()));
        }
        if self.room() {
            self.cx.absorb_report(inner, "");
        }
    }

    /// An image: a JPEG (DCTDecode, §7.4.8) is cleaned by the JPEG core, its
    /// coded data copied unchanged. Filters before DCTDecode are undone, so
    /// the image is stored as the JPEG alone.
    fn image(&mut self, id: ObjectId, s: &mut Stream) -> Result<()> {
        let filters: Vec<Vec<u8>> = s.filters().map(|f| f.into_iter().map(<[u8]>::to_vec).collect()).unwrap_or_default();
        let Some((last, before)) = filters.split_last() else { return Ok(()) };
        if last.as_slice() != b"DCTDecode" && last.as_slice() != b"DCT" {
            return Ok(());
        }
        let context =
            |e: Error| Error { format: Some(F), offset: None, detail: format!("an image in the document (object {}) {}", id.0, e).into(), ..e };
        let params = match s.dict.get(b"DecodeParms") {
            Ok(Object::Array(p)) => p.get(before.len()).cloned(),
            Ok(p) if before.is_empty() => Some(p.clone()),
            _ => None,
        };
        let jpeg = if before.is_empty() {
            None
        } else {
            let mut outer = s.dict.clone();
            outer.set("Filter", Object::Array(before.iter().map(|f| Object::Name(f.clone())).collect()));
            if let Ok(Object::Array(p)) = s.dict.get(b"DecodeParms") {
                outer.set("DecodeParms", Object::Array(p.iter().take(before.len()).cloned().collect()));
            }
            let outer = Stream { dict: outer, content: s.content.clone(), allows_compression: false, start_position: None };
            Some(outer.decompressed_content_with_limit(MAX_DECODED).map_err(|e| Error::malformed(F, 0, format!("object {}: {e}", id.0)))?)
        };
        let bytes: &[u8] = jpeg.as_deref().unwrap_or(&s.content);
        let mut inner = self.cx.nested(Format::Jpeg);
        let cleaned = match self.mode {
            Mode::Inspect(depth) => {
                if let Err(e) = Jpeg::inspect(&bytes, Format::Jpeg, &mut inner, depth) {
                    self.cx.warn(format!("PDF: an image (object {}) could not be read ({e})", id.0));
                }
                None
            }
            Mode::Clean => {
                let plan = Jpeg::plan_clean(&bytes, Format::Jpeg, &mut inner).map_err(context)?;
                Some(plan.apply(bytes).map_err(context)?)
            }
        };
        if self.room() {
            self.cx.absorb_report(inner.finish(), "Image");
        }
        if let Some(out) = cleaned {
            s.dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
            match params {
                Some(p @ (Object::Dictionary(_) | Object::Reference(_))) => s.dict.set("DecodeParms", p),
                _ => {
                    remove(&mut s.dict, b"DecodeParms");
                }
            }
            s.content = out;
        }
        Ok(())
    }
}

/// Remove `key`, keeping the order of the other entries.
fn remove(d: &mut Dictionary, key: &[u8]) -> Option<Object> {
    d.as_hashmap_mut().shift_remove(key)
}

/// Remove every entry whose key `drop` picks, in one pass, keeping the
/// order of the others.
fn take(d: &mut Dictionary, drop: impl Fn(&[u8]) -> bool) -> Vec<(Vec<u8>, Object)> {
    let mut taken = Vec::new();
    d.as_hashmap_mut().retain(|k, v| {
        if drop(k) {
            taken.push((k.clone(), std::mem::replace(v, Object::Null)));
            return false;
        }
        true
    });
    taken
}

/// The name of a file specification (§7.11.3): its Unicode name, else its path.
fn filespec_name(f: &Dictionary) -> String {
    [&b"UF"[..], b"F", b"DOS", b"Unix", b"Mac"].iter().find_map(|k| f.get(k).ok()).map(text).unwrap_or_else(|| "an attached file".to_string())
}

/// Dates and GUIDs of the Info dictionary are read as such.
#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn dates_read_as_dates() {
        assert_eq!(date("D:20240131094500-05'00'").as_deref(), Some("2024-01-31 09:45:00 -05:00"));
        assert_eq!(date("D:2024").as_deref(), Some("2024"));
        assert_eq!(date("D:20240131094500Z").as_deref(), Some("2024-01-31 09:45:00 UTC"));
        assert_eq!(date("D:20230410074654Z07'46'").as_deref(), Some("2023-04-10 07:46:54 UTC"));
        assert_eq!(date("Tuesday"), None);
        assert!(looks_like_guid("{8F2E0E36-4B2C-4E0B-9B5C-0A1B2C3D4E5F}"));
        assert!(!looks_like_guid("Maria"));
    }
}
