//! Where a track's samples lie in the file, from its sample table
//! (ISO/IEC 14496-12 §8.7: `stsz`/`stz2`, `stsc`, `stco`/`co64`), so that
//! bytes no kept track references can be zeroed.

use std::ops::Range;

use super::boxes::{header, BoxHdr, Mem};
use super::MAX_SAMPLES;
use crate::error::{Error, Result};
use crate::report::Format;

/// Byte ranges of a track's chunks, from `stsz`/`stz2`, `stsc` and `stco`/`co64`.
pub(super) fn sample_chunks(mem: &Mem, stbl: &BoxHdr, f: Format) -> Result<Vec<Range<u64>>> {
    let mut sizes: Option<(u32, Vec<u32>, u64)> = None; // (constant size, sizes, count)
    let mut stsc: Vec<(u32, u32)> = Vec::new();
    let mut offsets: Vec<u64> = Vec::new();
    let mut pos = stbl.payload;
    let bad = |at: u64, what: &'static str| Error::malformed(f, at, what);
    while pos < stbl.end {
        let h = header(mem, pos, stbl.end, f)?;
        pos = h.end;
        let p = mem.bytes(h.payload_range());
        let u32_at = |o: usize| p.get(o..o + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
        match &h.typ {
            b"stsz" => {
                let size = u32_at(4).ok_or_else(|| bad(h.start, "stsz too short"))?;
                let count = u32_at(8).ok_or_else(|| bad(h.start, "stsz too short"))?;
                if u64::from(count) > MAX_SAMPLES {
                    return Err(Error::limit(f, h.start, "more samples than Silbato indexes"));
                }
                let list = if size == 0 {
                    if p.len() < 12 + count as usize * 4 {
                        return Err(bad(h.start, "stsz lists fewer sizes than it counts"));
                    }
                    (0..count as usize).filter_map(|i| u32_at(12 + i * 4)).collect()
                } else {
                    Vec::new()
                };
                sizes = Some((size, list, u64::from(count)));
            }
            b"stz2" => {
                let field = *p.get(7).ok_or_else(|| bad(h.start, "stz2 too short"))?;
                let count = u32_at(8).ok_or_else(|| bad(h.start, "stz2 too short"))? as usize;
                if count as u64 > MAX_SAMPLES {
                    return Err(Error::limit(f, h.start, "more samples than Silbato indexes"));
                }
                let data = p.get(12..).unwrap_or(&[]);
                let list: Vec<u32> = match field {
                    4 => (0..count).filter_map(|i| data.get(i / 2).map(|b| u32::from(if i % 2 == 0 { b >> 4 } else { b & 15 }))).collect(),
                    8 => data.iter().take(count).map(|&b| u32::from(b)).collect(),
                    16 => data.chunks_exact(2).take(count).map(|c| u32::from(u16::from_be_bytes([c[0], c[1]]))).collect(),
                    _ => return Err(bad(h.start, "stz2 field size is not 4, 8 or 16")),
                };
                if list.len() != count {
                    return Err(bad(h.start, "stz2 lists fewer sizes than it counts"));
                }
                sizes = Some((0, list, count as u64));
            }
            b"stsc" => {
                let n = u32_at(4).ok_or_else(|| bad(h.start, "stsc too short"))? as usize;
                if p.len() < 8 + n.saturating_mul(12) {
                    return Err(bad(h.start, "stsc lists fewer entries than it counts"));
                }
                stsc = (0..n).filter_map(|i| Some((u32_at(8 + i * 12)?, u32_at(12 + i * 12)?))).collect();
            }
            b"stco" | b"co64" => {
                let n = u32_at(4).ok_or_else(|| bad(h.start, "chunk offsets too short"))? as usize;
                let w = if &h.typ == b"co64" { 8 } else { 4 };
                if p.len() < 8 + n.saturating_mul(w) {
                    return Err(bad(h.start, "chunk offset table lists fewer entries than it counts"));
                }
                offsets = (0..n).map(|i| p[8 + i * w..8 + (i + 1) * w].iter().fold(0u64, |a, &b| (a << 8) | u64::from(b))).collect();
            }
            _ => {}
        }
    }
    let Some((constant, list, count)) = sizes else { return Ok(Vec::new()) };
    let mut ranges = Vec::with_capacity(offsets.len());
    let mut sample = 0u64;
    // stsc runs are in increasing first_chunk order: walk them alongside the chunks.
    let mut run = 0usize;
    for (ci, &off) in offsets.iter().enumerate() {
        let chunk = ci as u64 + 1;
        while stsc.get(run + 1).is_some_and(|(first, _)| u64::from(*first) <= chunk) {
            run += 1;
        }
        let spc = stsc.get(run).filter(|(first, _)| u64::from(*first) <= chunk).map(|(_, n)| u64::from(*n)).unwrap_or(0);
        let mut bytes = 0u64;
        for _ in 0..spc {
            if sample >= count {
                break;
            }
            bytes += if constant != 0 { u64::from(constant) } else { u64::from(list.get(sample as usize).copied().unwrap_or(0)) };
            sample += 1;
        }
        if bytes > 0 {
            ranges.push(off..off.saturating_add(bytes));
        }
    }
    Ok(ranges)
}
