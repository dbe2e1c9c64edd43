//! One streaming XML filter for every part of an office document, with
//! `quick-xml`: a vocabulary's `Rules` decide each element (keep it, drop it
//! with everything inside, unwrap it keeping its children, or hold it until
//! its end to decide) and each attribute, and see the text of the elements
//! they ask to capture. Inspecting and cleaning run the same walk, so what
//! inspection reports is exactly what cleaning removes.
//!
//! What is kept is written back as it was read (names, attribute values and
//! text stay escaped as they were); comments and processing instructions
//! are dropped; a document type declaration is refused (ECMA-376 Part 2
//! §8.1.4 and ODF 1.3 Part 2 §3.16 forbid them in packages).

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::error::{Error, Result};
use crate::report::Format;
use crate::reveal::Collector;

/// Elements nested deeper than this are not a document a program wrote
/// (a table inside a table costs four levels).
pub const MAX_DEPTH: usize = 512;

/// What happens to an element and its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Keep,
    /// The element and all it holds.
    Drop,
    /// The tags go, the content stays (an accepted insertion).
    Unwrap,
    /// Kept aside until its end, when `Rules::release` decides.
    Hold,
}

/// An attribute as read: resolved name, and the value unescaped.
#[derive(Debug)]
pub struct Attr {
    pub ns: String,
    pub local: String,
    pub value: String,
    raw_key: String,
    raw_value: String,
}

/// An element as the rules see it.
#[derive(Debug)]
pub struct Element {
    pub ns: String,
    pub local: String,
    pub attrs: Vec<Attr>,
}

impl Element {
    pub fn is(&self, ns: &[&str], local: &str) -> bool {
        self.local == local && ns.contains(&self.ns.as_str())
    }

    /// An attribute's value by namespace (any of `ns`; "" for none) and local name.
    pub fn attr(&self, ns: &[&str], local: &str) -> Option<&str> {
        self.attrs.iter().find(|a| a.local == local && ns.contains(&a.ns.as_str())).map(|a| a.value.as_str())
    }
}

/// An ancestor of the element being decided.
#[derive(Debug)]
pub struct Frame {
    pub ns: String,
    pub local: String,
    pub verdict: Verdict,
    /// Inside an element that is dropped (this one or an ancestor).
    pub dropped: bool,
    raw_name: String,
    capture: Option<String>,
    /// Elements written inside it: direct children, and all descendants.
    pub kept_children: usize,
    pub kept_descendants: usize,
}

impl Frame {
    pub fn is(&self, ns: &[&str], local: &str) -> bool {
        self.local == local && ns.contains(&self.ns.as_str())
    }
}

pub trait Rules {
    /// Decide an element; `path` holds its ancestors, outermost first.
    fn element(&mut self, el: &Element, path: &[Frame], cx: &mut Collector) -> Result<Verdict>;

    /// Keep an attribute of a kept element? (Report it when not.)
    fn attribute(&mut self, _el: &Element, _attr: &Attr, _path: &[Frame], _cx: &mut Collector) -> bool {
        true
    }

    /// Gather the text inside this element for `captured`?
    fn capture(&self, _el: &Element, _path: &[Frame]) -> bool {
        false
    }

    /// The text of a captured element, at its end.
    fn captured(&mut self, _frame: &Frame, _path: &[Frame], _text: String, _cx: &mut Collector) -> Result<()> {
        Ok(())
    }

    /// A held element has ended: write it (true) or leave it out (false).
    fn release(&mut self, _frame: &Frame, _path: &[Frame], _cx: &mut Collector) -> Result<bool> {
        Ok(true)
    }
}

/// The result of filtering a part.
pub struct Filtered {
    /// The part as cleaned (when asked for).
    pub output: Option<Vec<u8>>,
    /// Something was left out: the output differs from the input.
    pub changed: bool,
}

/// Walk `bytes` (one XML part, named `part` in errors) with `rules`,
/// writing the kept parts when `write`.
pub fn filter(bytes: &[u8], part: &str, format: Format, rules: &mut dyn Rules, cx: &mut Collector, write: bool) -> Result<Filtered> {
    let bad = |what: String| Error::malformed(format, 0, format!("{part}: {what}"));
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    if body.starts_with(b"\xFE\xFF") || body.starts_with(b"\xFF\xFE") || body.get(1) == Some(&0) {
        return Err(Error::unsupported(Some(format), format!("{part}: XML in UTF-16")));
    }
    let text = std::str::from_utf8(body).map_err(|e| bad(format!("not UTF-8 text ({e})")))?;
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = true;

    let mut outs: Vec<Vec<u8>> = vec![Vec::with_capacity(if write { bytes.len() } else { 0 })];
    if bom && write {
        outs[0].extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut path: Vec<Frame> = Vec::new();
    let mut changed = false;
    // Frames whose `kept_descendants` count (held ones), by index in `path`.
    let mut held: Vec<usize> = Vec::new();

    loop {
        let (resolved, event) = reader.read_resolved_event().map_err(|e| bad(format!("damaged XML ({e})")))?;
        let ns = match resolved {
            ResolveResult::Bound(n) => n.as_ref().to_string(),
            _ => String::new(),
        };
        let dropped = path.last().is_some_and(|f| f.dropped);
        let writing = write && !dropped;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if path.len() >= MAX_DEPTH {
                    return Err(Error::limit(format, 0, format!("{part}: elements nested more than {MAX_DEPTH} deep")));
                }
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = a.map_err(|e| bad(format!("damaged attribute ({e})")))?;
                    let (res, local) = reader.resolver().resolve_attribute(a.key);
                    let ans = match res {
                        ResolveResult::Bound(n) => n.as_ref().to_string(),
                        _ => String::new(),
                    };
                    let raw_value = a.value.to_string();
                    let value = unescape(&raw_value);
                    attrs.push(Attr { ns: ans, local: local.as_ref().to_string(), value, raw_key: a.key.as_ref().to_string(), raw_value });
                }
                let el = Element { ns, local: e.local_name().as_ref().to_string(), attrs };
                let verdict = rules.element(&el, &path, cx)?;
                let capture = rules.capture(&el, &path).then(String::new);
                let mut kept_attrs = Vec::with_capacity(el.attrs.len());
                let mut all_kept = true;
                for a in &el.attrs {
                    // Namespace declarations always stay: kept names may need them.
                    let keep = a.raw_key == "xmlns" || a.raw_key.starts_with("xmlns:") || rules.attribute(&el, a, &path, cx);
                    all_kept &= keep;
                    if keep {
                        kept_attrs.push(a);
                    }
                }
                let this_dropped = dropped || verdict == Verdict::Drop;
                if write && !dropped && verdict != Verdict::Keep && verdict != Verdict::Hold {
                    changed = true;
                }
                let raw_name = e.name().as_ref().to_string();
                if writing && (verdict == Verdict::Keep || verdict == Verdict::Hold) {
                    if !all_kept {
                        changed = true;
                    }
                    if verdict == Verdict::Hold {
                        outs.push(Vec::new());
                    }
                    let out = outs.last_mut().ok_or_else(|| bad("unbalanced".into()))?;
                    out.push(b'<');
                    if all_kept {
                        out.extend_from_slice(e.as_ref().as_bytes());
                    } else {
                        out.extend_from_slice(raw_name.as_bytes());
                        for a in &kept_attrs {
                            out.push(b' ');
                            out.extend_from_slice(a.raw_key.as_bytes());
                            out.extend_from_slice(b"=\"");
                            // A value read from single quotes may hold a double quote.
                            out.extend_from_slice(a.raw_value.replace('"', "&quot;").as_bytes());
                            out.push(b'"');
                        }
                    }
                    if empty && verdict != Verdict::Hold {
                        out.extend_from_slice(b"/>");
                    } else {
                        out.push(b'>');
                    }
                    if let Some(parent) = path.last_mut() {
                        parent.kept_children += 1;
                    }
                    for &i in &held {
                        if let Some(h) = path.get_mut(i) {
                            h.kept_descendants += 1;
                        }
                    }
                }
                let frame =
                    Frame { ns: el.ns, local: el.local, verdict, dropped: this_dropped, raw_name, capture, kept_children: 0, kept_descendants: 0 };
                if verdict == Verdict::Hold && writing {
                    held.push(path.len());
                }
                path.push(frame);
                if empty {
                    end(&mut path, &mut outs, &mut held, rules, cx, write, &mut changed, true)?;
                }
            }
            Event::End(_) => end(&mut path, &mut outs, &mut held, rules, cx, write, &mut changed, false)?,
            Event::Text(t) => {
                let raw: &str = t.as_ref();
                if path.iter().any(|f| f.capture.is_some()) {
                    let s = unescape(raw);
                    for f in path.iter_mut() {
                        if let Some(c) = f.capture.as_mut() {
                            c.push_str(&s);
                        }
                    }
                }
                if writing && path.last().is_none_or(|f| f.verdict != Verdict::Drop) {
                    if let Some(out) = outs.last_mut() {
                        out.extend_from_slice(raw.as_bytes());
                    }
                }
            }
            Event::GeneralRef(r) => {
                let name: &str = r.as_ref();
                if path.iter().any(|f| f.capture.is_some()) {
                    let s = unescape(&format!("&{name};"));
                    for f in path.iter_mut() {
                        if let Some(c) = f.capture.as_mut() {
                            c.push_str(&s);
                        }
                    }
                }
                if writing {
                    if let Some(out) = outs.last_mut() {
                        out.push(b'&');
                        out.extend_from_slice(name.as_bytes());
                        out.push(b';');
                    }
                }
            }
            Event::CData(t) => {
                let raw: &str = t.as_ref();
                for f in path.iter_mut() {
                    if let Some(c) = f.capture.as_mut() {
                        c.push_str(raw);
                    }
                }
                if writing {
                    if let Some(out) = outs.last_mut() {
                        out.extend_from_slice(b"<![CDATA[");
                        out.extend_from_slice(raw.as_bytes());
                        out.extend_from_slice(b"]]>");
                    }
                }
            }
            Event::Decl(d) => {
                if write {
                    if let Some(out) = outs.last_mut() {
                        out.extend_from_slice(b"<?");
                        out.extend_from_slice(d.as_ref().as_bytes());
                        out.extend_from_slice(b"?>");
                    }
                }
            }
            // Not shown to anyone, and free text: gone.
            Event::Comment(_) | Event::PI(_) => changed = true,
            Event::DocType(_) => return Err(bad("a document type declaration, which packages may not hold".into())),
            Event::Eof => break,
        }
    }
    if !path.is_empty() {
        return Err(Error::truncated(format, 0, format!("{part}: the XML ends inside an element")));
    }
    let output = if write { outs.pop() } else { None };
    Ok(Filtered { output, changed })
}

/// Close the innermost element: write its end tag, hand over captured
/// text, settle a held element.
#[allow(clippy::too_many_arguments)]
fn end(
    path: &mut Vec<Frame>,
    outs: &mut Vec<Vec<u8>>,
    held: &mut Vec<usize>,
    rules: &mut dyn Rules,
    cx: &mut Collector,
    write: bool,
    changed: &mut bool,
    empty: bool,
) -> Result<()> {
    let Some(mut frame) = path.pop() else { return Ok(()) };
    let parent_dropped = path.last().is_some_and(|f| f.dropped);
    let writing = write && !parent_dropped;
    if let Some(text) = frame.capture.take() {
        rules.captured(&frame, path, text, cx)?;
    }
    match frame.verdict {
        Verdict::Keep if writing && !empty => {
            if let Some(out) = outs.last_mut() {
                out.extend_from_slice(b"</");
                out.extend_from_slice(frame.raw_name.as_bytes());
                out.push(b'>');
            }
        }
        Verdict::Hold if writing => {
            held.pop();
            // Held elements are written as a start tag, even when empty: close them the long way.
            let mut inner = outs.pop().unwrap_or_default();
            inner.extend_from_slice(b"</");
            inner.extend_from_slice(frame.raw_name.as_bytes());
            inner.push(b'>');
            if rules.release(&frame, path, cx)? {
                if let Some(out) = outs.last_mut() {
                    out.extend_from_slice(&inner);
                }
            } else {
                *changed = true;
                // It was counted as written: take it back from its parent.
                if let Some(parent) = path.last_mut() {
                    parent.kept_children = parent.kept_children.saturating_sub(1);
                }
                for &i in held.iter() {
                    if let Some(h) = path.get_mut(i) {
                        h.kept_descendants = h.kept_descendants.saturating_sub(1 + frame.kept_descendants);
                    }
                }
            }
        }
        Verdict::Hold => {
            rules.release(&frame, path, cx)?;
        }
        _ => {}
    }
    Ok(())
}

/// XML text or attribute value with its five entities and character
/// references resolved; anything else is left as written.
pub fn unescape(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(semi) = tail.find(';').filter(|&s| s <= 12) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let name = &tail[1..semi];
        let c = match name {
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
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&tail[..=semi]),
        }
        rest = &tail[semi + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reveal::Options;

    struct DropB;
    impl Rules for DropB {
        fn element(&mut self, el: &Element, _: &[Frame], _: &mut Collector) -> Result<Verdict> {
            Ok(match el.local.as_str() {
                "b" => Verdict::Drop,
                "u" => Verdict::Unwrap,
                "h" => Verdict::Hold,
                _ => Verdict::Keep,
            })
        }
        fn attribute(&mut self, _: &Element, a: &Attr, _: &[Frame], _: &mut Collector) -> bool {
            a.local != "secret"
        }
        fn release(&mut self, f: &Frame, _: &[Frame], _: &mut Collector) -> Result<bool> {
            Ok(f.kept_descendants > 0)
        }
    }

    fn run(xml: &str) -> Result<(String, bool)> {
        let mut cx = Collector::new(Options::default(), Format::Docx);
        let r = filter(xml.as_bytes(), "t.xml", Format::Docx, &mut DropB, &mut cx, true)?;
        Ok((String::from_utf8(r.output.unwrap()).unwrap(), r.changed))
    }

    #[test]
    fn keeps_what_it_does_not_drop_byte_for_byte() {
        let xml = "<?xml version=\"1.0\"?>\n<a x='1' y=\"&amp;&quot;\"><c>t&lt;&#x41;<![CDATA[<z>]]></c><e/></a>";
        assert_eq!(run(xml).unwrap(), (xml.to_string(), false));
    }

    #[test]
    fn drops_unwraps_holds_and_rewrites_attributes() {
        let (out, changed) = run("<a><!-- note --><b k='v'>gone<c/></b><u>kept</u><h><b/></h><h><c/></h><c secret='1' q='say \"hi\"'/></a>").unwrap();
        assert!(changed);
        assert_eq!(out, "<a>kept<h><c/></h><c q=\"say &quot;hi&quot;\"/></a>");
    }

    #[test]
    fn refuses_damage_and_document_types() {
        assert!(run("<a><b></a>").is_err());
        assert!(run("<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>").is_err());
        assert!(run("<a>").is_err());
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert_eq!(run(&deep).unwrap_err().kind, crate::ErrorKind::LimitExceeded);
    }

    #[test]
    fn unescapes() {
        assert_eq!(unescape("a&amp;b&#233;&#x41;&bogus;&"), "a&bé A&bogus;&".replace(' ', ""));
    }
}
