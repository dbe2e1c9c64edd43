//! A bounds-checked cursor over untrusted bytes. Every read either succeeds
//! or returns a `Truncated` error carrying the absolute offset, so parsers
//! never index input directly.

use crate::error::{Error, Result};
use crate::report::Format;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endian {
    Big,
    Little,
}

impl Endian {
    pub fn u16(self, b: [u8; 2]) -> u16 {
        match self {
            Endian::Big => u16::from_be_bytes(b),
            Endian::Little => u16::from_le_bytes(b),
        }
    }
    pub fn u32(self, b: [u8; 4]) -> u32 {
        match self {
            Endian::Big => u32::from_be_bytes(b),
            Endian::Little => u32::from_le_bytes(b),
        }
    }
    pub fn put_u16(self, v: u16) -> [u8; 2] {
        match self {
            Endian::Big => v.to_be_bytes(),
            Endian::Little => v.to_le_bytes(),
        }
    }
    pub fn put_u32(self, v: u32) -> [u8; 4] {
        match self {
            Endian::Big => v.to_be_bytes(),
            Endian::Little => v.to_le_bytes(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    /// Absolute offset of `data[0]` in the file, for error messages.
    base: u64,
    format: Format,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8], format: Format) -> Self {
        Reader { data, pos: 0, base: 0, format }
    }

    pub fn with_base(data: &'a [u8], base: u64, format: Format) -> Self {
        Reader { data, pos: 0, base, format }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Absolute offset of the cursor in the file.
    pub fn offset(&self) -> u64 {
        self.base.saturating_add(self.pos as u64)
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    pub fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or(&[])
    }

    pub fn truncated(&self, what: &'static str) -> Error {
        Error::truncated(self.format, self.offset(), what)
    }

    pub fn malformed(&self, what: impl Into<std::borrow::Cow<'static, str>>) -> Error {
        Error::malformed(self.format, self.offset(), what)
    }

    pub fn seek(&mut self, pos: usize, what: &'static str) -> Result<()> {
        if pos > self.data.len() {
            return Err(Error::truncated(self.format, self.base.saturating_add(pos as u64), what));
        }
        self.pos = pos;
        Ok(())
    }

    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or_else(|| self.truncated(what))?;
        let slice = self.data.get(self.pos..end).ok_or_else(|| self.truncated(what))?;
        self.pos = end;
        Ok(slice)
    }

    pub fn skip(&mut self, n: usize, what: &'static str) -> Result<()> {
        self.take(n, what).map(|_| ())
    }

    pub fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        let s = self.take(N, what)?;
        let mut out = [0u8; N];
        out.copy_from_slice(s);
        Ok(out)
    }

    pub fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }

    pub fn u16_be(&mut self, what: &'static str) -> Result<u16> {
        Ok(u16::from_be_bytes(self.array(what)?))
    }

    pub fn u16_le(&mut self, what: &'static str) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }

    pub fn u32_be(&mut self, what: &'static str) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array(what)?))
    }

    pub fn u32_le(&mut self, what: &'static str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    pub fn peek(&self, n: usize) -> Option<&'a [u8]> {
        self.data.get(self.pos..self.pos.checked_add(n)?)
    }
}

/// `data[start..start+len]` or `None`, without any chance of panicking.
pub fn sub(data: &[u8], start: usize, len: usize) -> Option<&[u8]> {
    data.get(start..start.checked_add(len)?)
}

/// Bytes up to the first NUL (or all of them), lossily decoded and trimmed.
pub fn c_string(bytes: &[u8]) -> String {
    let end = memchr::memchr(0, bytes).unwrap_or(bytes.len());
    let s = bytes.get(..end).unwrap_or(bytes);
    String::from_utf8_lossy(s).trim().to_string()
}

/// ISO 8859-1 (PNG tEXt, IPTC without a UTF-8 marker) to a Rust string.
pub fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_past_the_end_are_truncated_errors_with_offsets() {
        let mut r = Reader::with_base(&[1, 2, 3], 100, Format::Jpeg);
        assert_eq!(r.u16_be("x").unwrap(), 0x0102);
        let err = r.u16_be("length").unwrap_err();
        assert_eq!(err.kind, crate::error::ErrorKind::Truncated);
        assert_eq!(err.offset, Some(102));
        assert!(r.take(usize::MAX, "huge").is_err());
        assert!(r.seek(4, "far").is_err());
    }

    #[test]
    fn c_string_stops_at_nul() {
        assert_eq!(c_string(b"Canon \0junk"), "Canon");
        assert_eq!(c_string(b"no nul"), "no nul");
    }
}
