//! Where a damaged JPEG's image data really ends: frame and scan headers
//! (ITU-T T.81 B.2.2, B.2.3), Huffman tables (B.2.4.2, C) and the decoding of
//! sequential Huffman scans (F.2.2) far enough to count whole MCUs, without
//! computing a pixel. Used only when a file is cut short or has junk where a
//! marker should be: every byte kept from a damaged scan is then one the
//! decoder consumed for an MCU that decoded without error.

use crate::error::{Error, Result};
use crate::report::Format;

const F: Format = Format::Jpeg;

/// A frame component (T.81 B.2.2): sampling factors.
#[derive(Clone, Copy, Debug)]
pub(super) struct Component {
    id: u8,
    h: u8,
    v: u8,
}

/// The frame header (SOFn) as far as counting MCUs needs it.
#[derive(Clone, Debug)]
pub(super) struct Frame {
    pub marker: u8,
    precision: u8,
    pub height: u16,
    width: u16,
    components: Vec<Component>,
}

impl Frame {
    /// T.81 B.2.2. Refuses what no MCU count can be based on (no lines
    /// declared: DNL; a sampling factor outside 1..=4).
    pub fn parse(marker: u8, payload: &[u8], at: u64) -> Result<Frame> {
        let bad = |what: &'static str| Error::malformed(F, at, what);
        let (&precision, rest) = payload.split_first().ok_or_else(|| bad("frame header too short"))?;
        let [y0, y1, x0, x1, n, comps @ ..] = rest else { return Err(bad("frame header too short")) };
        let (height, width) = (u16::from_be_bytes([*y0, *y1]), u16::from_be_bytes([*x0, *x1]));
        if height == 0 || width == 0 || *n == 0 || comps.len() < 3 * *n as usize {
            return Err(bad("frame header without lines, columns or components"));
        }
        let mut components = Vec::with_capacity(*n as usize);
        for c in comps.chunks_exact(3).take(*n as usize) {
            let (h, v) = (c[1] >> 4, c[1] & 15);
            if !(1..=4).contains(&h) || !(1..=4).contains(&v) {
                return Err(bad("sampling factor outside 1 to 4"));
            }
            components.push(Component { id: c[0], h, v });
        }
        Ok(Frame { marker, precision, height, width, components })
    }

    /// Sequential DCT with Huffman coding: baseline and extended (SOF0, SOF1),
    /// what phones and cameras write.
    pub fn is_sequential_huffman(&self) -> bool {
        matches!(self.marker, 0xC0 | 0xC1)
    }

    pub fn component_count(&self) -> usize {
        self.components.len()
    }

    fn max_h(&self) -> u32 {
        self.components.iter().map(|c| c.h as u32).max().unwrap_or(1)
    }

    fn max_v(&self) -> u32 {
        self.components.iter().map(|c| c.v as u32).max().unwrap_or(1)
    }
}

/// A scan header (SOS, T.81 B.2.3): which components, which tables, which
/// coefficients at which precision.
#[derive(Clone, Debug)]
pub(super) struct Scan {
    /// Index into the frame's components, DC table, AC table.
    components: Vec<(usize, usize, usize)>,
    pub ss: u8,
    pub se: u8,
    pub al: u8,
}

impl Scan {
    pub fn parse(payload: &[u8], frame: &Frame, at: u64) -> Result<Scan> {
        let bad = |what: &'static str| Error::malformed(F, at, what);
        let (&n, rest) = payload.split_first().ok_or_else(|| bad("scan header too short"))?;
        let n = n as usize;
        if n == 0 || n > 4 || rest.len() < 2 * n + 3 {
            return Err(bad("scan header too short"));
        }
        let mut components = Vec::with_capacity(n);
        for c in rest[..2 * n].chunks_exact(2) {
            let index = frame.components.iter().position(|fc| fc.id == c[0]).ok_or_else(|| bad("scan names a component the frame lacks"))?;
            let (td, ta) = ((c[1] >> 4) as usize, (c[1] & 15) as usize);
            if td > 3 || ta > 3 {
                return Err(bad("Huffman table slot above 3"));
            }
            components.push((index, td, ta));
        }
        let tail = &rest[2 * n..];
        Ok(Scan { components, ss: tail[0], se: tail[1], al: tail[2] & 15 })
    }

    /// The frame components this scan codes.
    pub fn component_indexes(&self) -> impl Iterator<Item = usize> + '_ {
        self.components.iter().map(|c| c.0)
    }

    /// Coefficients `ss..=se` brought to full precision (`al` = 0) by this
    /// scan, as a mask of the 64 zig-zag positions.
    pub fn final_coefficients(&self) -> u64 {
        if self.al != 0 || self.ss > self.se || self.se > 63 {
            return 0;
        }
        let width = (self.se - self.ss) as u32 + 1;
        let bits = if width == 64 { u64::MAX } else { (1u64 << width) - 1 };
        bits << self.ss
    }
}

/// One Huffman table, in the form of T.81 F.2.2.3 (MINCODE, MAXCODE, VALPTR).
#[derive(Clone, Debug)]
struct Huffman {
    min_code: [i32; 17],
    max_code: [i32; 17],
    val_ptr: [usize; 17],
    values: Vec<u8>,
}

impl Huffman {
    /// From BITS and HUFFVAL (T.81 C.2, Figures C.1 to C.3 and F.15).
    fn new(counts: &[u8; 16], values: &[u8]) -> Option<Huffman> {
        let mut h = Huffman { min_code: [0; 17], max_code: [-1; 17], val_ptr: [0; 17], values: values.to_vec() };
        let mut code: i32 = 0;
        let mut k = 0usize;
        for len in 1..=16 {
            let n = counts[len - 1] as usize;
            if n > 0 {
                h.val_ptr[len] = k;
                h.min_code[len] = code;
                code += n as i32;
                k += n;
                h.max_code[len] = code - 1;
                // More codes than this length can hold: not a prefix code.
                if code > (1 << len) {
                    return None;
                }
            }
            code <<= 1;
        }
        (k == values.len()).then_some(h)
    }
}

/// The tables in force at a scan: Huffman tables by class and slot, and the
/// restart interval (DRI).
#[derive(Clone, Debug, Default)]
pub(super) struct Tables {
    dc: [Option<Huffman>; 4],
    ac: [Option<Huffman>; 4],
    pub restart_interval: u16,
}

impl Tables {
    /// Define the tables of one DHT segment (T.81 B.2.4.2).
    pub fn define_huffman(&mut self, payload: &[u8], at: u64) -> Result<()> {
        let bad = || Error::malformed(F, at, "Huffman table");
        let mut rest = payload;
        while let [tc_th, more @ ..] = rest {
            let counts: [u8; 16] = more.get(..16).and_then(|c| c.try_into().ok()).ok_or_else(bad)?;
            let n: usize = counts.iter().map(|&c| c as usize).sum();
            let values = more.get(16..16 + n).ok_or_else(bad)?;
            let table = Huffman::new(&counts, values).ok_or_else(bad)?;
            let slot = (tc_th & 15) as usize;
            match (tc_th >> 4, slot) {
                (0, 0..=3) => self.dc[slot] = Some(table),
                (1, 0..=3) => self.ac[slot] = Some(table),
                _ => return Err(bad()),
            }
            rest = &more[16 + n..];
        }
        Ok(())
    }

    /// DRI (T.81 B.2.4.4).
    pub fn define_restart_interval(&mut self, payload: &[u8]) {
        if let [a, b, ..] = payload {
            self.restart_interval = u16::from_be_bytes([*a, *b]);
        }
    }
}

/// What decoding a damaged sequential scan found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Decoded {
    /// The byte after the last one holding a bit of the last whole MCU.
    pub end: usize,
    pub mcus: u64,
    pub total: u64,
    /// Picture rows decoded in full, when the scan codes every component.
    pub rows: Option<u32>,
    /// Decoding stopped because the data ended, not at a code that is not valid.
    pub ran_out: bool,
}

/// Reads the bits of entropy-coded data (T.81 F.2.2.5): a 0xFF byte is
/// followed by a stuffed 0x00; any other marker ends the data.
struct Bits<'a> {
    input: &'a [u8],
    pos: usize,
    end: usize,
    byte: u32,
    left: u32,
    /// The data ended (the end, or a marker) when a bit was asked for.
    ran_out: bool,
}

impl Bits<'_> {
    fn bit(&mut self) -> Option<u32> {
        if self.left == 0 {
            let Some(&b) = self.input.get(self.pos).filter(|_| self.pos < self.end) else {
                self.ran_out = true;
                return None;
            };
            if b == 0xFF {
                // Only a stuffed zero continues the data; a marker (or the end) stops it.
                if self.pos + 1 >= self.end || self.input.get(self.pos + 1) != Some(&0) {
                    self.ran_out = true;
                    return None;
                }
                self.pos += 2;
            } else {
                self.pos += 1;
            }
            self.byte = b as u32;
            self.left = 8;
        }
        self.left -= 1;
        Some((self.byte >> self.left) & 1)
    }

    fn skip(&mut self, n: u8) -> Option<()> {
        for _ in 0..n {
            self.bit()?;
        }
        Some(())
    }

    /// T.81 F.2.2.3, DECODE.
    fn decode(&mut self, table: &Huffman) -> Option<u8> {
        let mut code = self.bit()? as i32;
        for len in 1..=16 {
            if code <= table.max_code[len] {
                let i = table.val_ptr[len] + (code - table.min_code[len]) as usize;
                return table.values.get(i).copied();
            }
            code = (code << 1) | self.bit()? as i32;
        }
        None
    }

    /// At a restart interval's end (T.81 F.1.2.3): the bits left in the
    /// byte are padding, and an RSTn marker must follow.
    fn restart(&mut self) -> bool {
        self.left = 0;
        if self.pos + 2 > self.end {
            self.ran_out = true;
            return false;
        }
        let ok = self.pos + 2 <= self.end
            && self.input.get(self.pos) == Some(&0xFF)
            && self.input.get(self.pos + 1).is_some_and(|m| (0xD0..=0xD7).contains(m));
        if ok {
            self.pos += 2;
        }
        ok
    }
}

/// One 8x8 block of a sequential scan (T.81 F.2.2.1, F.2.2.2): its DC
/// difference and AC run/size codes, with the spec's ranges checked so that
/// bytes that are not image data stop the count early.
fn block(bits: &mut Bits, dc: &Huffman, ac: &Huffman, precision: u8) -> Option<()> {
    let (max_dc, max_ac) = if precision > 8 { (15, 14) } else { (11, 10) };
    let t = bits.decode(dc)?;
    if t > max_dc {
        return None;
    }
    bits.skip(t)?;
    let mut k = 1;
    while k < 64 {
        let rs = bits.decode(ac)?;
        let (run, size) = (rs >> 4, rs & 15);
        if size == 0 {
            if run != 15 {
                break; // EOB
            }
            k += 16; // ZRL
            continue;
        }
        k += run as usize;
        if k > 63 || size > max_ac {
            return None;
        }
        bits.skip(size)?;
        k += 1;
    }
    (k <= 64).then_some(())
}

/// Count the whole MCUs of a sequential Huffman scan whose data starts at
/// `start` and is cut (or ends in junk) at `end`. Stops at the first code
/// that is not valid, at a missing restart marker, or when `end` is reached.
pub(super) fn decode_sequential(input: &[u8], start: usize, end: usize, frame: &Frame, tables: &Tables, scan: &Scan) -> Result<Decoded> {
    let unsupported = |what: &'static str| Error::unsupported(Some(F), what);
    let mut units: Vec<(&Huffman, &Huffman, u32)> = Vec::new();
    for &(index, td, ta) in &scan.components {
        let (Some(dc), Some(ac)) = (tables.dc[td].as_ref(), tables.ac[ta].as_ref()) else {
            return Err(unsupported("a scan uses a Huffman table that was never defined"));
        };
        let c = frame.components.get(index).ok_or_else(|| unsupported("scan component"))?;
        // Interleaved scans code h x v blocks of each component per MCU; a
        // scan of one component codes one block per MCU (T.81 A.2).
        let blocks = if scan.components.len() > 1 { c.h as u32 * c.v as u32 } else { 1 };
        units.push((dc, ac, blocks));
    }
    let (hmax, vmax) = (frame.max_h(), frame.max_v());
    let (x, y) = (frame.width as u32, frame.height as u32);
    let (per_row, rows_of_mcus, mcu_lines) = match scan.components.as_slice() {
        [(index, _, _)] => {
            let c = frame.components.get(*index).ok_or_else(|| unsupported("scan component"))?;
            let (cx, cy) = ((x * c.h as u32).div_ceil(hmax), (y * c.v as u32).div_ceil(vmax));
            (cx.div_ceil(8), cy.div_ceil(8), 8 * vmax / c.v as u32)
        }
        _ => (x.div_ceil(8 * hmax), y.div_ceil(8 * vmax), 8 * vmax),
    };
    let total = per_row as u64 * rows_of_mcus as u64;
    let ri = tables.restart_interval as u64;
    let mut bits = Bits { input, pos: start, end: end.min(input.len()), byte: 0, left: 0, ran_out: false };
    let mut done = 0u64;
    let mut last_end = start;
    'mcus: while done < total {
        if ri > 0 && done > 0 && done.is_multiple_of(ri) && !bits.restart() {
            break;
        }
        for &(dc, ac, blocks) in &units {
            for _ in 0..blocks {
                if block(&mut bits, dc, ac, frame.precision).is_none() {
                    break 'mcus;
                }
            }
        }
        done += 1;
        last_end = bits.pos;
    }
    let covers_all = scan.components.len() == frame.components.len();
    let rows = covers_all.then(|| ((done / per_row.max(1) as u64) as u32).saturating_mul(mcu_lines).min(y));
    Ok(Decoded { end: last_end, mcus: done, total, rows, ran_out: bits.ran_out || done == total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huffman_tables_that_are_not_prefix_codes_are_refused() {
        // Three codes of length 1 cannot exist.
        let mut counts = [0u8; 16];
        counts[0] = 3;
        assert!(Huffman::new(&counts, &[1, 2, 3]).is_none());
        counts[0] = 2;
        assert!(Huffman::new(&counts, &[1, 2]).is_some());
        assert!(Huffman::new(&counts, &[1]).is_none(), "fewer values than codes");
    }

    #[test]
    fn hostile_headers_are_typed_errors() {
        assert!(Frame::parse(0xC0, &[], 0).is_err());
        assert!(Frame::parse(0xC0, &[8, 0, 0, 0, 8, 1, 1, 0x11, 0], 0).is_err(), "no lines");
        assert!(Frame::parse(0xC0, &[8, 0, 8, 0, 8, 1, 1, 0x51, 0], 0).is_err(), "sampling 5");
        assert!(Frame::parse(0xC0, &[8, 0, 8, 0, 8, 2, 1, 0x11, 0], 0).is_err(), "components missing");
        let frame = Frame::parse(0xC0, &[8, 0, 8, 0, 8, 1, 1, 0x11, 0], 0).unwrap();
        assert!(Scan::parse(&[1, 2, 0, 0, 63, 0], &frame, 0).is_err(), "unknown component");
        assert!(Scan::parse(&[1, 1, 0], &frame, 0).is_err());
        let mut t = Tables::default();
        assert!(t.define_huffman(&[0x00, 1], 0).is_err());
        assert!(t.define_huffman(&[0x20; 17], 0).is_err());
    }

    #[test]
    fn coefficient_masks() {
        let frame = Frame::parse(0xC2, &[8, 0, 8, 0, 8, 1, 1, 0x11, 0], 0).unwrap();
        let s = |ss, se, al| Scan::parse(&[1, 1, 0, ss, se, al], &frame, 0).unwrap().final_coefficients();
        assert_eq!(s(0, 63, 0), u64::MAX);
        assert_eq!(s(0, 0, 0), 1);
        assert_eq!(s(1, 5, 0), 0b111110);
        assert_eq!(s(1, 63, 1), 0, "not yet at full precision");
    }
}
