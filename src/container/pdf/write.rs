//! Writing the kept objects as a new PDF with one revision (ISO 32000-1
//! §7.5): the header, the objects numbered in the order the walk reached
//! them (the catalog is 1), one cross-reference table, and a trailer with
//! `/Size`, `/Root` and `/ID` only. lopdf serialises each object; the file
//! around them is ours, so that the `/ID` can be the hash of everything
//! before the cross-reference table (see `id_of`).

use std::collections::HashMap;
use std::io::Write as _;

use lopdf::{Object, ObjectId, StringFormat};

use super::scrub::{MAX_DEPTH, MAX_ESCAPES};
use super::{hex, id_of, F};
use crate::error::{Error, Result};

/// Write `objects` (the catalog first) as a complete file.
pub(super) fn write(version: &str, objects: Vec<(ObjectId, Object)>) -> Result<Vec<u8>> {
    let numbers: HashMap<ObjectId, u32> = objects.iter().zip(1u32..).map(|((id, _), n)| (*id, n)).collect();
    let size: usize = objects.iter().map(|(_, o)| if let Object::Stream(s) = o { s.content.len() } else { 0 }).sum();
    let mut out = Vec::with_capacity(size + objects.len() * 64 + 1024);
    // A version as a reader expects it (`1.7`, `2.0`), else the last of 1.x.
    let version =
        if version.len() <= 4 && version.contains('.') && version.chars().all(|c| c.is_ascii_digit() || c == '.') { version } else { "1.7" };
    // The comment of four bytes above 127 tells transfer programs the file is binary (§7.5.2).
    out.extend_from_slice(format!("%PDF-{version}\n").as_bytes());
    out.extend_from_slice(b"%\xE2\xE3\xCF\xD3\n");
    let io = |e: std::io::Error| Error::invalid_argument(format!("writing the PDF failed: {e}"));
    let mut offsets = Vec::with_capacity(objects.len());
    for ((_, mut object), n) in objects.into_iter().zip(1u32..) {
        renumber(&mut object, &numbers, 0)?;
        if let Object::Stream(s) = &mut object {
            s.dict.set("Length", Object::Integer(s.content.len() as i64));
        }
        offsets.push(out.len());
        writeln!(out, "{n} 0 obj").map_err(io)?;
        lopdf::Writer::write_object(&mut out, &object).map_err(io)?;
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let id = hex(&id_of(&out));
    let count = offsets.len() + 1;
    write!(out, "xref\n0 {count}\n0000000000 65535 f \n").map_err(io)?;
    for offset in offsets {
        if offset as u64 > 9_999_999_999 {
            return Err(Error::limit(F, 0, "a cleaned file too large for a cross-reference table"));
        }
        writeln!(out, "{offset:010} 00000 n ").map_err(io)?;
    }
    write!(out, "trailer\n<</Size {count}/Root 1 0 R/ID[<{id}><{id}>]>>\nstartxref\n{xref}\n%%EOF\n").map_err(io)?;
    Ok(out)
}

/// Point references at the new numbers (one that points nowhere becomes
/// null, as it reads, §7.3.10), and write literal strings with many
/// escapes as hexadecimal.
fn renumber(o: &mut Object, numbers: &HashMap<ObjectId, u32>, depth: usize) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(Error::limit(F, 0, format!("objects nested more than {MAX_DEPTH} deep")));
    }
    match o {
        Object::Reference(id) => {
            *o = match numbers.get(id) {
                Some(n) => Object::Reference((*n, 0)),
                None => Object::Null,
            }
        }
        Object::Array(a) => {
            for x in a {
                renumber(x, numbers, depth + 1)?;
            }
        }
        Object::Dictionary(d) => {
            for (_, x) in d.iter_mut() {
                renumber(x, numbers, depth + 1)?;
            }
        }
        Object::Stream(s) => {
            for (_, x) in s.dict.iter_mut() {
                renumber(x, numbers, depth + 1)?;
            }
        }
        Object::String(bytes, format @ StringFormat::Literal)
            if bytes.iter().filter(|b| matches!(b, b'(' | b')' | b'\\' | b'\r')).count() > MAX_ESCAPES =>
        {
            *format = StringFormat::Hexadecimal;
        }
        _ => {}
    }
    Ok(())
}
