//! HEIF images (ISO/IEC 23008-12 §9: HEIC, AVIF): the `meta` box with its
//! items, their locations (`iloc`), properties (`iprp`) and references
//! (`iref`). Cleaning rebuilds `meta` at its original size with only the
//! primary image, its tiles and alpha plane, padded with a `free` box.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use super::boxes::{BoxHdr, Mem};
use super::{Walk, MAX_DEPTH, MAX_ITEMS, MAX_ITEM_READ};
use crate::error::{Error, Result};
use crate::payload::{exif, xmp};
use crate::report::Format;
use crate::reveal::Reveal;

#[derive(Clone, Debug)]
pub(super) struct Item {
    pub(super) id: u32,
    pub(super) typ: [u8; 4],
    pub(super) content_type: String,
    /// The whole `infe` box, copied verbatim when the item is kept.
    pub(super) infe: Range<u64>,
}

#[derive(Clone, Debug)]
pub(super) struct Location {
    pub(super) id: u32,
    pub(super) method: u8,
    /// (file or idat offset, length); length 0 means "to the end".
    pub(super) extents: Vec<(u64, u64)>,
    /// The entry's bytes in `iloc`, copied verbatim when kept.
    pub(super) raw: Range<u64>,
}

#[derive(Clone, Debug)]
pub(super) struct Reference {
    pub(super) typ: [u8; 4],
    pub(super) from: u32,
    pub(super) to: Vec<u32>,
}

pub(super) struct Heif {
    pub(super) primary: u32,
    pub(super) items: Vec<Item>,
    pub(super) locations: HashMap<u32, Location>,
    pub(super) refs: Vec<Reference>,
    pub(super) iref_version: u8,
    /// Per item, the raw `ipma` entry bytes and its property indices.
    pub(super) ipma: Vec<(u32, Range<u64>, Vec<u16>)>,
    pub(super) ipma_header: Option<(BoxHdr, Vec<u8>)>,
    /// Property boxes in `ipco`, 1-based by position.
    pub(super) properties: Vec<BoxHdr>,
    pub(super) iloc_head: Option<(BoxHdr, Vec<u8>, u8)>,
    pub(super) iinf_version: Option<u8>,
    pub(super) idat: Option<BoxHdr>,
}

/// Properties a decoder needs to show the primary image as it was.
pub(super) const KEPT_PROPERTIES: &[&[u8; 4]] = &[
    b"hvcC", b"av1C", b"vvcC", b"jpgC", b"ispe", b"colr", b"pixi", b"irot", b"imir", b"clap", b"pasp", b"auxC", b"rloc", b"lsel", b"a1op", b"a1lx",
    b"clli", b"mdcv", b"cclv", b"amve", b"iscl", b"free", b"skip", b"uncC", b"cmpd",
];

pub(super) fn be(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |a, &b| (a << 8) | u64::from(b))
}

impl Heif {
    pub(super) fn parse(w: &mut Walk, mem: &Mem, kids: &[BoxHdr]) -> Result<Heif> {
        let f = w.f;
        let mut heif = Heif {
            primary: 0,
            items: Vec::new(),
            locations: HashMap::new(),
            refs: Vec::new(),
            iref_version: 0,
            ipma: Vec::new(),
            ipma_header: None,
            properties: Vec::new(),
            iloc_head: None,
            iinf_version: None,
            idat: None,
        };
        let mut have_pitm = false;
        for k in kids {
            let p = mem.bytes(k.payload_range());
            let mut r = crate::bytes::Reader::with_base(p, k.payload, f);
            match &k.typ {
                b"pitm" => {
                    let v = r.u8("pitm version")?;
                    r.skip(3, "pitm flags")?;
                    heif.primary = if v == 0 { u32::from(r.u16_be("primary item")?) } else { r.u32_be("primary item")? };
                    have_pitm = true;
                }
                b"iinf" => {
                    let v = r.u8("iinf version")?;
                    r.skip(3, "iinf flags")?;
                    heif.iinf_version = Some(v);
                    let n = if v == 0 { u64::from(r.u16_be("item count")?) } else { u64::from(r.u32_be("item count")?) };
                    if n as usize > MAX_ITEMS {
                        return Err(Error::limit(f, k.start, "more items than Silbato reads"));
                    }
                    let start = k.payload + r.pos() as u64;
                    for e in w.children(mem, start, k.end, 3)? {
                        if &e.typ == b"infe" {
                            heif.items.push(parse_infe(mem, &e, f)?);
                        }
                    }
                }
                b"iloc" => {
                    let v = r.u8("iloc version")?;
                    r.skip(3, "iloc flags")?;
                    let a = r.u8("iloc sizes")?;
                    let b = r.u8("iloc sizes")?;
                    let (off_size, len_size, base_size) = ((a >> 4) as usize, (a & 15) as usize, (b >> 4) as usize);
                    let idx_size = if v >= 1 { (b & 15) as usize } else { 0 };
                    for s in [off_size, len_size, base_size, idx_size] {
                        if !matches!(s, 0 | 4 | 8) {
                            return Err(Error::malformed(f, k.payload + 4, "iloc field size is not 0, 4 or 8"));
                        }
                    }
                    let count = if v < 2 { u64::from(r.u16_be("item count")?) } else { u64::from(r.u32_be("item count")?) };
                    if count as usize > MAX_ITEMS {
                        return Err(Error::limit(f, k.start, "more item locations than Silbato reads"));
                    }
                    heif.iloc_head = Some((*k, p[..r.pos()].to_vec(), v));
                    for _ in 0..count {
                        let entry_start = k.payload + r.pos() as u64;
                        let id = if v < 2 { u32::from(r.u16_be("item id")?) } else { r.u32_be("item id")? };
                        let method = if v >= 1 { (r.u16_be("construction method")? & 15) as u8 } else { 0 };
                        r.skip(2, "data reference index")?;
                        let base = be(r.take(base_size, "base offset")?);
                        let n = r.u16_be("extent count")?;
                        let mut extents = Vec::with_capacity(n as usize);
                        for _ in 0..n {
                            r.skip(idx_size, "extent index")?;
                            let off = be(r.take(off_size, "extent offset")?);
                            let len = be(r.take(len_size, "extent length")?);
                            let start = base.checked_add(off).ok_or_else(|| Error::malformed(f, entry_start, "extent offset overflows"))?;
                            extents.push((start, len));
                        }
                        let raw = entry_start..k.payload + r.pos() as u64;
                        heif.locations.insert(id, Location { id, method, extents, raw });
                    }
                }
                b"iref" => {
                    let v = r.u8("iref version")?;
                    r.skip(3, "iref flags")?;
                    heif.iref_version = v;
                    let start = k.payload + 4;
                    for rb in w.children(mem, start, k.end, 3)? {
                        let rp = mem.bytes(rb.payload_range());
                        let mut rr = crate::bytes::Reader::with_base(rp, rb.payload, f);
                        let id = |rr: &mut crate::bytes::Reader| -> Result<u32> {
                            if v == 0 {
                                Ok(u32::from(rr.u16_be("item id")?))
                            } else {
                                rr.u32_be("item id")
                            }
                        };
                        let from = id(&mut rr)?;
                        let n = rr.u16_be("reference count")?;
                        let to = (0..n).map(|_| id(&mut rr)).collect::<Result<Vec<_>>>()?;
                        heif.refs.push(Reference { typ: rb.typ, from, to });
                    }
                }
                b"iprp" => {
                    for c in w.children(mem, k.payload, k.end, 3)? {
                        match &c.typ {
                            b"ipco" => heif.properties = w.children(mem, c.payload, c.end, 4)?,
                            b"ipma" => {
                                let cp = mem.bytes(c.payload_range());
                                let mut rr = crate::bytes::Reader::with_base(cp, c.payload, f);
                                let v = rr.u8("ipma version")?;
                                let flags = rr.array::<3>("ipma flags")?;
                                let wide = flags[2] & 1 != 0;
                                let n = rr.u32_be("ipma entry count")?;
                                if n as usize > MAX_ITEMS {
                                    return Err(Error::limit(f, c.start, "more property associations than Silbato reads"));
                                }
                                heif.ipma_header = Some((c, cp[..4].to_vec()));
                                for _ in 0..n {
                                    let s = c.payload + rr.pos() as u64;
                                    let id = if v < 1 { u32::from(rr.u16_be("item id")?) } else { rr.u32_be("item id")? };
                                    let m = rr.u8("association count")?;
                                    let mut props = Vec::with_capacity(m as usize);
                                    for _ in 0..m {
                                        props.push(if wide { rr.u16_be("property")? & 0x7FFF } else { u16::from(rr.u8("property")? & 0x7F) });
                                    }
                                    heif.ipma.push((id, s..c.payload + rr.pos() as u64, props));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                b"idat" => heif.idat = Some(*k),
                _ => {}
            }
        }
        if !have_pitm {
            return Err(Error::malformed(f, kids.first().map_or(0, |k| k.start), "HEIF without a primary item (pitm)"));
        }
        if !heif.items.iter().any(|i| i.id == heif.primary) {
            return Err(Error::malformed(f, 0, "the primary item is not described in iinf"));
        }
        Ok(heif)
    }

    pub(super) fn aux_type(&self, mem: &Mem, id: u32) -> Option<String> {
        let (_, _, props) = self.ipma.iter().find(|(i, _, _)| *i == id)?;
        props.iter().find_map(|&p| {
            let b = self.properties.get((p as usize).checked_sub(1)?)?;
            (&b.typ == b"auxC").then(|| {
                let d = mem.bytes(b.payload_range());
                let s = d.get(4..).unwrap_or(&[]);
                String::from_utf8_lossy(&s[..memchr::memchr(0, s).unwrap_or(s.len())]).into_owned()
            })
        })
    }

    /// The primary image and what it is built from: tiles (`dimg`) and its alpha plane.
    pub(super) fn keep_set(&self, mem: &Mem, f: Format) -> Result<BTreeSet<u32>> {
        // A derived image made from itself, directly or not, cannot be shown: refuse it.
        let mut on_path = Vec::new();
        self.check_loops(self.primary, &mut on_path, f)?;
        let mut keep = BTreeSet::from([self.primary]);
        loop {
            let before = keep.len();
            for r in &self.refs {
                match &r.typ {
                    b"dimg" if keep.contains(&r.from) => keep.extend(r.to.iter().copied()),
                    b"auxl" if r.to.iter().any(|t| keep.contains(t)) => {
                        let aux = self.aux_type(mem, r.from).unwrap_or_default();
                        if aux.contains("alpha") || aux.ends_with("auxid:1") {
                            keep.insert(r.from);
                        }
                    }
                    _ => {}
                }
            }
            if keep.len() == before || keep.len() > MAX_ITEMS {
                break;
            }
        }
        Ok(keep)
    }

    pub(super) fn check_loops(&self, id: u32, path: &mut Vec<u32>, f: Format) -> Result<()> {
        if path.contains(&id) {
            return Err(Error::malformed(f, 0, "image items reference each other in a loop"));
        }
        if path.len() > MAX_DEPTH {
            return Err(Error::limit(f, 0, "derived images nested too deep"));
        }
        path.push(id);
        for r in self.refs.iter().filter(|r| &r.typ == b"dimg" && r.from == id) {
            for &t in &r.to {
                self.check_loops(t, path, f)?;
            }
        }
        path.pop();
        Ok(())
    }

    /// Bytes of an item (for reading Exif and XMP), at most `MAX_ITEM_READ`.
    pub(super) fn item_data(&self, w: &Walk, mem: &Mem, id: u32) -> Result<Option<Vec<u8>>> {
        let Some(loc) = self.locations.get(&id) else { return Ok(None) };
        let mut out = Vec::new();
        for &(off, len) in &loc.extents {
            let total = out.len() as u64;
            match loc.method {
                0 => {
                    let len = if len == 0 { w.src.len().saturating_sub(off) } else { len };
                    let len = len.min(MAX_ITEM_READ.saturating_sub(total));
                    if off.checked_add(len).is_none_or(|e| e > w.src.len()) {
                        return Err(Error::truncated(w.f, off, "an item's data lies past the end of the file"));
                    }
                    out.extend_from_slice(&w.src.read(off, len)?);
                }
                1 => {
                    let Some(idat) = self.idat else { return Ok(None) };
                    let d = mem.bytes(idat.payload_range());
                    let len = if len == 0 { (d.len() as u64).saturating_sub(off) } else { len };
                    let part =
                        d.get(off as usize..(off + len) as usize).ok_or_else(|| Error::malformed(w.f, idat.start, "item data outside idat"))?;
                    out.extend_from_slice(part);
                }
                _ => return Ok(None),
            }
        }
        Ok(Some(out))
    }

    pub(super) fn report(&self, w: &mut Walk, mem: &Mem, keep: &BTreeSet<u32>) -> Result<()> {
        let referred = |typ: &[u8; 4], id: u32| self.refs.iter().any(|r| &r.typ == typ && r.from == id);
        for item in self.items.iter().filter(|i| !keep.contains(&i.id)) {
            let id = item.id;
            match &item.typ {
                b"Exif" => {
                    if let Some(d) = self.item_data(w, mem, id)? {
                        // A 4-byte offset to the TIFF header, then (usually) "Exif\0\0" and TIFF.
                        let skip = d.get(..4).map_or(0, |b| be(b) as usize);
                        let tiff = d.get(4 + skip..).or_else(|| d.get(4..)).unwrap_or(&[]);
                        if let Err(e) = exif::scan(tiff, 0, w.f, w.cx) {
                            w.cx.warn(format!("EXIF could not be read ({e}); it is removed all the same"));
                        }
                    }
                }
                b"mime" if item.content_type.contains("rdf+xml") || item.content_type.contains("xmp") => {
                    if let Some(d) = self.item_data(w, mem, id)? {
                        xmp::scan(&d, w.cx);
                    }
                }
                _ if referred(b"thmb", id) => w.cx.add(Reveal::Thumbnail, "HEIF:ThumbnailImage", format!("item {id}")),
                _ if referred(b"auxl", id) => {
                    let aux = self.aux_type(mem, id).unwrap_or_default();
                    let what = if aux.contains("gainmap") || aux.contains("hdrgainmap") {
                        "HDR gain map"
                    } else if aux.contains("depth") || aux.ends_with("auxid:2") {
                        "depth map"
                    } else {
                        "auxiliary image"
                    };
                    w.cx.add(Reveal::HiddenImage, "HEIF:AuxiliaryImage", format!("{what} (item {id})"));
                }
                b"tmap" => w.cx.add(Reveal::HiddenImage, "HEIF:GainMap", format!("HDR gain map (item {id})")),
                b"hvc1" | b"av01" | b"grid" | b"iovl" | b"iden" | b"jpeg" | b"hvt1" | b"vvc1" | b"unci" | b"j2k1" => {
                    // Tiles of a dropped image were reported with it.
                    if !self.refs.iter().any(|r| &r.typ == b"dimg" && r.to.contains(&id) && !keep.contains(&r.from)) {
                        w.cx.add(Reveal::HiddenImage, "HEIF:OtherImage", format!("item {id} ({})", String::from_utf8_lossy(&item.typ)));
                    }
                }
                _ => w.cx.add(Reveal::UnknownData, format!("HEIF:{}", String::from_utf8_lossy(&item.typ).trim()), format!("item {id}")),
            }
        }
        for p in &self.properties {
            if &p.typ == b"udes" {
                let d = mem.bytes(p.payload_range());
                let text: String =
                    String::from_utf8_lossy(d.get(4..).unwrap_or(&[])).split('\0').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("; ");
                w.cx.add_text(Reveal::Caption, "HEIF:UserDescription", &text);
            }
        }
        Ok(())
    }

    /// Rebuild `meta` at its original size without the dropped items.
    pub(super) fn clean(&self, w: &mut Walk, mem: &Mem, meta: &BoxHdr, kids: &[BoxHdr]) -> Result<()> {
        let f = w.f;
        let keep = self.keep_set(mem, f)?;
        self.report(w, mem, &keep)?;

        // Data: kept items' extents must survive; dropped items' are zeroed.
        let mut idat_zero: Vec<Range<u64>> = Vec::new();
        for loc in self.locations.values() {
            let kept = keep.contains(&loc.id);
            for &(off, len) in &loc.extents {
                let len = if len == 0 { w.src.len().saturating_sub(off) } else { len };
                let r = off..off.saturating_add(len);
                match (loc.method, kept) {
                    (0, true) => w.kept.push(r),
                    (0, false) => w.dropped.push(r),
                    (1, false) => idat_zero.push(r),
                    _ => {}
                }
            }
        }

        let mut out: Vec<u8> = mem.bytes(meta.payload..meta.payload + 4).to_vec();
        let boxed = |typ: &[u8; 4], body: &[u8]| {
            let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
            b.extend_from_slice(typ);
            b.extend_from_slice(body);
            b
        };
        let mut hdlr_at = None;
        for k in kids {
            let whole = mem.bytes(k.start..k.end);
            match &k.typ {
                b"hdlr" => {
                    hdlr_at = Some(out.len());
                    let mut b = whole.to_vec();
                    let name_from = (k.payload - k.start) as usize + 24;
                    if b.len() > name_from {
                        b[name_from..].fill(0);
                    }
                    out.extend_from_slice(&b);
                }
                b"pitm" | b"dinf" => out.extend_from_slice(whole),
                b"idat" => {
                    let mut b = whole.to_vec();
                    let base = (k.payload - k.start) as usize;
                    for r in &idat_zero {
                        let s = base.saturating_add(r.start as usize).min(b.len());
                        let e = base.saturating_add(r.end as usize).min(b.len());
                        b[s..e].fill(0);
                    }
                    out.extend_from_slice(&b);
                }
                b"iinf" => {
                    let v = self.iinf_version.unwrap_or(0);
                    let kept: Vec<&Item> = self.items.iter().filter(|i| keep.contains(&i.id)).collect();
                    let mut body = vec![v, 0, 0, 0];
                    if v == 0 {
                        body.extend_from_slice(&(kept.len() as u16).to_be_bytes());
                    } else {
                        body.extend_from_slice(&(kept.len() as u32).to_be_bytes());
                    }
                    for i in kept {
                        body.extend_from_slice(mem.bytes(i.infe.clone()));
                    }
                    out.extend_from_slice(&boxed(b"iinf", &body));
                }
                b"iloc" => {
                    let Some((_, head, v)) = &self.iloc_head else { continue };
                    let mut locs: Vec<&Location> = self.locations.values().filter(|l| keep.contains(&l.id)).collect();
                    locs.sort_by_key(|l| l.raw.start);
                    let mut body = head[..head.len() - if *v < 2 { 2 } else { 4 }].to_vec();
                    if *v < 2 {
                        body.extend_from_slice(&(locs.len() as u16).to_be_bytes());
                    } else {
                        body.extend_from_slice(&(locs.len() as u32).to_be_bytes());
                    }
                    for l in locs {
                        body.extend_from_slice(mem.bytes(l.raw.clone()));
                    }
                    out.extend_from_slice(&boxed(b"iloc", &body));
                }
                b"iref" => {
                    let v = self.iref_version;
                    let mut body = vec![v, 0, 0, 0];
                    for r in &self.refs {
                        let to: Vec<u32> = r.to.iter().copied().filter(|t| keep.contains(t)).collect();
                        if !keep.contains(&r.from) || to.is_empty() {
                            continue;
                        }
                        let mut rb = Vec::new();
                        let id = |x: u32, rb: &mut Vec<u8>| {
                            if v == 0 {
                                rb.extend_from_slice(&(x as u16).to_be_bytes())
                            } else {
                                rb.extend_from_slice(&x.to_be_bytes())
                            }
                        };
                        id(r.from, &mut rb);
                        rb.extend_from_slice(&(to.len() as u16).to_be_bytes());
                        for t in to {
                            id(t, &mut rb);
                        }
                        body.extend_from_slice(&boxed(&r.typ, &rb));
                    }
                    out.extend_from_slice(&boxed(b"iref", &body));
                }
                b"iprp" => {
                    let mut body = Vec::new();
                    for c in w.children(mem, k.payload, k.end, 3)? {
                        match &c.typ {
                            b"ipco" => {
                                let mut b = mem.bytes(c.start..c.end).to_vec();
                                // Properties of kept items only: a dropped thumbnail's size or a
                                // depth map's type would otherwise linger, unattached.
                                let used: BTreeSet<u16> =
                                    self.ipma.iter().filter(|(id, _, _)| keep.contains(id)).flat_map(|(_, _, props)| props.iter().copied()).collect();
                                for (i, p) in self.properties.iter().enumerate() {
                                    let allowed = KEPT_PROPERTIES.contains(&&p.typ);
                                    if !allowed || !used.contains(&(i as u16 + 1)) {
                                        if !allowed && &p.typ != b"udes" {
                                            w.cx.add(Reveal::UnknownData, format!("HEIF:{}", p.name()), "item property");
                                        }
                                        let s = (p.start - c.start) as usize;
                                        let e = (p.end - c.start) as usize;
                                        // Keep the size field (the index of every later property depends on position).
                                        b[s + 4..s + 8].copy_from_slice(b"free");
                                        b[s + 8..e].fill(0);
                                    }
                                }
                                body.extend_from_slice(&b);
                            }
                            b"ipma" => {
                                let Some((_, head)) = &self.ipma_header else { continue };
                                let kept: Vec<_> = self.ipma.iter().filter(|(id, _, _)| keep.contains(id)).collect();
                                let mut b = head.clone();
                                b.extend_from_slice(&(kept.len() as u32).to_be_bytes());
                                for (_, raw, _) in kept {
                                    b.extend_from_slice(mem.bytes(raw.clone()));
                                }
                                body.extend_from_slice(&boxed(b"ipma", &b));
                            }
                            _ => {}
                        }
                    }
                    out.extend_from_slice(&boxed(b"iprp", &body));
                }
                _ => {
                    w.report_metadata_box(mem, k);
                }
            }
        }
        let old = (meta.end - meta.payload) as usize;
        if out.len() > old {
            return Err(Error::invalid_argument("the rebuilt HEIF meta box is larger than the original"));
        }
        let gap = old - out.len();
        if gap >= 8 {
            out.extend_from_slice(&boxed(b"free", &vec![0; gap - 8]));
        } else if gap > 0 {
            // Too small for a box: lengthen hdlr, whose name ends at its first NUL.
            let at = hdlr_at.ok_or_else(|| Error::malformed(f, meta.start, "HEIF meta without hdlr"))?;
            let size = u32::from_be_bytes([out[at], out[at + 1], out[at + 2], out[at + 3]]) as usize;
            out[at..at + 4].copy_from_slice(&((size + gap) as u32).to_be_bytes());
            let insert_at = at + size;
            out.splice(insert_at..insert_at, std::iter::repeat_n(0, gap));
        }
        w.patches.bytes(meta.payload, out)
    }
}

pub(super) fn parse_infe(mem: &Mem, e: &BoxHdr, f: Format) -> Result<Item> {
    let p = mem.bytes(e.payload_range());
    let mut r = crate::bytes::Reader::with_base(p, e.payload, f);
    let v = r.u8("infe version")?;
    r.skip(3, "infe flags")?;
    let id = if v >= 3 { r.u32_be("item id")? } else { u32::from(r.u16_be("item id")?) };
    r.skip(2, "protection index")?;
    let typ = if v >= 2 { r.array::<4>("item type")? } else { *b"mime" };
    let rest = r.rest();
    let mut strings = rest.split(|&b| b == 0).map(|s| String::from_utf8_lossy(s).into_owned());
    let _name = strings.next();
    let content_type = if &typ == b"mime" || v < 2 { strings.next().unwrap_or_default() } else { String::new() };
    Ok(Item { id, typ, content_type, infe: e.start..e.end })
}
