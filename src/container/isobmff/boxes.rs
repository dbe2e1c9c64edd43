//! Box headers and boxes held in memory (ISO/IEC 14496-12 §4.2): the
//! reading every other part of this module stands on.

use std::borrow::Cow;
use std::ops::Range;

use crate::error::{Error, Result};
use crate::report::Format;
use crate::source::Source;

#[derive(Clone, Copy, Debug)]
pub(super) struct BoxHdr {
    pub(super) typ: [u8; 4],
    pub(super) start: u64,
    pub(super) payload: u64,
    pub(super) end: u64,
    pub(super) uuid: Option<[u8; 16]>,
}

impl BoxHdr {
    pub(super) fn payload_range(&self) -> Range<u64> {
        self.payload..self.end
    }
    pub(super) fn name(&self) -> String {
        self.typ
            .iter()
            .map(|&b| {
                if b == 0xA9 {
                    '©'
                } else if b.is_ascii_graphic() || b == b' ' {
                    b as char
                } else {
                    '?'
                }
            })
            .collect()
    }
}

/// A box header at `pos` inside a parent ending at `limit` (ISO/IEC 14496-12 §4.2):
/// size 1 means a 64-bit size follows, size 0 means "to the end of the parent".
pub(super) fn header(src: &dyn Source, pos: u64, limit: u64, f: Format) -> Result<BoxHdr> {
    if limit.saturating_sub(pos) < 8 {
        return Err(Error::truncated(f, pos, "box header"));
    }
    let h = src.read(pos, 8)?;
    let size32 = u32::from_be_bytes([h[0], h[1], h[2], h[3]]);
    let typ = [h[4], h[5], h[6], h[7]];
    let (mut header_len, size) = match size32 {
        0 => (8u64, limit - pos),
        1 => {
            if limit - pos < 16 {
                return Err(Error::truncated(f, pos, "64-bit box size"));
            }
            let l = src.read(pos + 8, 8)?;
            (16, u64::from_be_bytes([l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7]]))
        }
        n => (8, u64::from(n)),
    };
    let name = || typ.iter().map(|&b| if b.is_ascii_graphic() { b as char } else { '?' }).collect::<String>();
    if size < header_len {
        return Err(Error::malformed(f, pos, format!("box '{}' declares a size of {size} bytes, smaller than its header", name())));
    }
    let end = pos.checked_add(size).ok_or_else(|| Error::malformed(f, pos, "box size overflows"))?;
    if end > limit {
        return Err(Error::truncated(f, pos, format!("box '{}' of {size} bytes runs past the end of its container", name())));
    }
    let mut uuid = None;
    if &typ == b"uuid" {
        if end - pos < header_len + 16 {
            return Err(Error::malformed(f, pos, "uuid box shorter than its user type"));
        }
        let u = src.read(pos + header_len, 16)?;
        let mut a = [0u8; 16];
        a.copy_from_slice(&u);
        uuid = Some(a);
        header_len += 16;
    }
    Ok(BoxHdr { typ, start: pos, payload: pos + header_len, end, uuid })
}

/// A box loaded in memory (`moov`, `meta`), read at absolute file offsets.
pub(super) struct Mem<'a> {
    pub(super) data: &'a [u8],
    pub(super) base: u64,
}

impl Source for Mem<'_> {
    fn len(&self) -> u64 {
        self.base + self.data.len() as u64
    }
    fn read(&self, start: u64, len: u64) -> Result<Cow<'_, [u8]>> {
        let from = start.checked_sub(self.base).and_then(|s| usize::try_from(s).ok());
        let got = from.and_then(|s| self.data.get(s..s.checked_add(len as usize)?));
        got.map(Cow::Borrowed).ok_or_else(|| Error::invalid_argument("read outside a loaded box"))
    }
}

impl Mem<'_> {
    pub(super) fn bytes(&self, r: Range<u64>) -> &[u8] {
        let s = (r.start - self.base) as usize;
        let e = (r.end - self.base) as usize;
        self.data.get(s..e).unwrap_or(&[])
    }
}

pub(super) fn is_full_box_meta(payload: &[u8]) -> bool {
    // ISO `meta` is a FullBox; QuickTime's `meta` is not. A QuickTime meta's
    // first child header puts a box type (`hdlr`, `keys`) at bytes 4..8.
    !matches!(payload.get(4..8), Some(b"hdlr" | b"keys" | b"ilst" | b"free"))
}
