//! Reading files that are not (all) in memory. A 2 GB video keeps its
//! metadata in a `moov` box that may sit at the very end; the core asks for
//! the byte ranges it needs and never for the media data.
//!
//! The protocol is a retry loop, the same natively and in JavaScript: the
//! caller hands the core a `Sparse` holding what it has loaded so far; when
//! the core reaches bytes it does not have, it answers `Step::Need(range)`;
//! the caller loads that range (`pread`, `File.slice()`), adds it, and asks
//! again. Parsing headers is cheap, so starting over costs little.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use crate::error::{Error, Result};
use crate::plan::{CleanPlan, Op};

/// Largest single read the core will ask for (a `moov` or `meta` box).
pub const MAX_READ: u64 = 256 << 20;

/// Random access to a file's bytes.
pub trait Source {
    fn len(&self) -> u64;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Exactly `len` bytes at `start`. Callers check bounds against `len()`
    /// first; reading past the end is a caller error. A partly loaded
    /// source answers `ErrorKind::NeedBytes` for bytes it does not hold.
    fn read(&self, start: u64, len: u64) -> Result<Cow<'_, [u8]>>;
}

/// A whole file in memory.
impl Source for &[u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }

    fn read(&self, start: u64, len: u64) -> Result<Cow<'_, [u8]>> {
        let end = start.checked_add(len).filter(|&e| e <= <[u8]>::len(self) as u64);
        let range = end.and_then(|e| Some(usize::try_from(start).ok()?..usize::try_from(e).ok()?));
        range.and_then(|r| self.get(r)).map(Cow::Borrowed).ok_or_else(|| Error::invalid_argument("read past the end of the file"))
    }
}

/// A file of known length of which some ranges are loaded.
#[derive(Clone, Debug, Default)]
pub struct Sparse {
    len: u64,
    /// Non-overlapping, non-adjacent loaded ranges, by start.
    chunks: BTreeMap<u64, Vec<u8>>,
}

impl Sparse {
    pub fn new(len: u64) -> Self {
        Sparse { len, chunks: BTreeMap::new() }
    }

    pub fn whole(bytes: Vec<u8>) -> Self {
        let mut s = Sparse::new(bytes.len() as u64);
        s.insert(0, bytes);
        s
    }

    /// Bytes held in memory, to show that big files are never loaded whole.
    pub fn loaded(&self) -> u64 {
        self.chunks.values().map(|c| c.len() as u64).sum()
    }

    /// Add bytes read at `start` (clipped to the file), merging with neighbours.
    pub fn insert(&mut self, start: u64, mut bytes: Vec<u8>) {
        if start >= self.len {
            return;
        }
        let max = (self.len - start) as usize;
        bytes.truncate(max);
        let mut start = start;
        let end = start + bytes.len() as u64;
        // Merge every chunk that overlaps or touches [start, end).
        let touching: Vec<u64> = self.chunks.range(..=end).filter(|(s, c)| **s + c.len() as u64 >= start).map(|(s, _)| *s).collect();
        for s in touching {
            let Some(c) = self.chunks.remove(&s) else { continue };
            let c_end = s + c.len() as u64;
            if s < start {
                // Existing bytes first, then the new tail beyond them.
                let mut merged = c;
                if end > c_end {
                    merged.extend_from_slice(&bytes[(c_end - start) as usize..]);
                }
                bytes = merged;
                start = s;
            } else if c_end > start + bytes.len() as u64 {
                let from = (start + bytes.len() as u64 - s) as usize;
                bytes.extend_from_slice(&c[from..]);
            }
        }
        self.chunks.insert(start, bytes);
    }
}

impl Source for Sparse {
    fn len(&self) -> u64 {
        self.len
    }

    fn read(&self, start: u64, len: u64) -> Result<Cow<'_, [u8]>> {
        let end = start.checked_add(len).filter(|&e| e <= self.len).ok_or_else(|| Error::invalid_argument("read past the end of the file"))?;
        if len == 0 {
            return Ok(Cow::Borrowed(&[]));
        }
        if let Some((s, c)) = self.chunks.range(..=start).next_back() {
            let c_end = s + c.len() as u64;
            if end <= c_end {
                let from = (start - s) as usize;
                return Ok(Cow::Borrowed(&c[from..from + len as usize]));
            }
        }
        if len > MAX_READ {
            // The containers check their own limits first and name their format; this is the last guard.
            return Err(Error {
                kind: crate::ErrorKind::LimitExceeded,
                format: None,
                offset: Some(start),
                detail: format!("a single read of {} MB, above the {} MB Silbato reads at once", len >> 20, MAX_READ >> 20).into(),
                needed: None,
            });
        }
        Err(Error::need(start, len))
    }
}

/// Same-length edits to a file, and where it ends: what cleaning an ISO
/// media file amounts to (box types turned to `free`, payloads and
/// timestamps zeroed, metadata samples zeroed, trailers cut). Offsets inside
/// the file never move, so no sample table needs rewriting.
#[derive(Clone, Debug, Default)]
pub struct Patches {
    edits: BTreeMap<u64, Patch>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Patch {
    Bytes(Vec<u8>),
    Zeros(u64),
}

impl Patch {
    fn len(&self) -> u64 {
        match self {
            Patch::Bytes(b) => b.len() as u64,
            Patch::Zeros(n) => *n,
        }
    }
}

impl Patches {
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    fn overlapping(&self, range: &Range<u64>) -> Vec<(u64, u64)> {
        self.edits.range(..range.end).filter(|(s, p)| **s + p.len() > range.start).map(|(s, p)| (*s, *s + p.len())).collect()
    }

    /// Replace bytes at `at`. Two byte edits may not overlap; a byte edit
    /// inside a zeroed range is pointless and refused as a planner bug.
    pub fn bytes(&mut self, at: u64, bytes: Vec<u8>) -> Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        let range = at..at + bytes.len() as u64;
        if !self.overlapping(&range).is_empty() {
            return Err(Error::invalid_argument(format!("overlapping edits at byte {at}")));
        }
        self.edits.insert(at, Patch::Bytes(bytes));
        Ok(())
    }

    /// Zero `len` bytes at `at`; zeroed ranges merge. Overlapping a byte
    /// edit is refused.
    pub fn zeros(&mut self, at: u64, len: u64) -> Result<()> {
        if len == 0 {
            return Ok(());
        }
        let mut start = at;
        let mut end = at + len;
        // Merge with touching zero ranges too.
        for (s, e) in self.overlapping(&(start.saturating_sub(1)..end + 1)) {
            match self.edits.get(&s) {
                Some(Patch::Zeros(_)) => {
                    self.edits.remove(&s);
                    start = start.min(s);
                    end = end.max(e);
                }
                Some(Patch::Bytes(_)) if s < end && e > at => {
                    return Err(Error::invalid_argument(format!("zeroing over an edit at byte {s}")));
                }
                _ => {}
            }
        }
        self.edits.insert(start, Patch::Zeros(end - start));
        Ok(())
    }

    /// Is every byte of `range` zeroed?
    pub fn zeroes(&self, range: &Range<u64>) -> bool {
        self.edits.range(..=range.start).next_back().is_some_and(|(s, p)| matches!(p, Patch::Zeros(_)) && s + p.len() >= range.end)
    }

    /// The plan: the input with these edits, ending at `output_len`.
    pub fn to_plan(&self, input_len: u64, output_len: u64) -> Result<crate::plan::CleanPlan> {
        let mut plan = crate::plan::PlanBuilder::new(input_len);
        let mut at = 0u64;
        for (&start, patch) in &self.edits {
            if start >= output_len {
                break;
            }
            plan.copy(at, start)?;
            let len = patch.len().min(output_len - start);
            match patch {
                Patch::Bytes(b) => plan.insert(&b[..len as usize]),
                Patch::Zeros(_) => plan.zeros(len),
            }
            at = start + len;
        }
        plan.copy(at, output_len.max(at))?;
        Ok(plan.finish())
    }
}

/// The output of a plan, read as a `Source` without building it: copied
/// ranges are read from the original, inserted bytes and zeros from the
/// plan. Verification reads the cleaned file this way, so a cleaned 2 GB
/// video is checked by reading its new headers, never its media data.
pub struct PlanView<'a> {
    base: &'a dyn Source,
    ops: &'a [Op],
    /// Where each operation starts in the output.
    starts: Vec<u64>,
    len: u64,
}

impl<'a> PlanView<'a> {
    pub fn new(base: &'a dyn Source, plan: &'a CleanPlan) -> Result<Self> {
        if plan.input_len() != base.len() {
            return Err(Error::invalid_argument(format!("the plan was made for an input of {} bytes, not {}", plan.input_len(), base.len())));
        }
        let mut starts = Vec::with_capacity(plan.ops().len());
        let mut at = 0u64;
        for op in plan.ops() {
            starts.push(at);
            at = at.checked_add(op_len(op)).ok_or_else(|| Error::invalid_argument("the plan's output is too long"))?;
        }
        Ok(PlanView { base, ops: plan.ops(), starts, len: at })
    }
}

fn op_len(op: &Op) -> u64 {
    match op {
        Op::Copy { start, end } => end - start,
        Op::Insert(b) => b.len() as u64,
        Op::Zeros(n) => *n,
    }
}

impl Source for PlanView<'_> {
    fn len(&self) -> u64 {
        self.len
    }

    fn read(&self, start: u64, len: u64) -> Result<Cow<'_, [u8]>> {
        let end =
            start.checked_add(len).filter(|&e| e <= self.len).ok_or_else(|| Error::invalid_argument("read past the end of the cleaned file"))?;
        if len == 0 {
            return Ok(Cow::Borrowed(&[]));
        }
        let first = self.starts.partition_point(|&s| s <= start).saturating_sub(1);
        // Within one copied range (the common case): the original's bytes as they are.
        if let (Some(Op::Copy { start: from, end: to }), Some(&at)) = (self.ops.get(first), self.starts.get(first)) {
            if end <= at + (to - from) {
                return self.base.read(from + (start - at), len);
            }
        }
        let size = usize::try_from(len).map_err(|_| Error::invalid_argument("a read larger than memory"))?;
        let mut out = Vec::with_capacity(size);
        for (op, &at) in self.ops.iter().zip(&self.starts).skip(first) {
            if at >= end {
                break;
            }
            let lo = start.max(at);
            let hi = end.min(at + op_len(op));
            match op {
                Op::Copy { start: from, .. } => out.extend_from_slice(&self.base.read(from + (lo - at), hi - lo)?),
                Op::Insert(b) => out.extend_from_slice(b.get((lo - at) as usize..(hi - at) as usize).unwrap_or(&[])),
                Op::Zeros(_) => out.resize(out.len() + (hi - lo) as usize, 0),
            }
        }
        Ok(Cow::Owned(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_merges_and_asks_for_what_it_lacks() {
        let mut s = Sparse::new(100);
        s.insert(10, vec![1; 10]);
        s.insert(30, vec![3; 10]);
        assert_eq!(s.read(12, 5).unwrap().as_ref(), &[1; 5]);
        let e = s.read(15, 10).unwrap_err();
        assert_eq!(e.needed, Some((15, 10)));
        s.insert(18, vec![2; 14]);
        assert_eq!(s.chunks.len(), 1, "{:?}", s.chunks.keys());
        // Bytes already held win where ranges overlap (they are the same file).
        let r = s.read(10, 30).unwrap();
        assert_eq!(&r[..10], &[1; 10]);
        assert_eq!(&r[10..22], &[2; 12]);
        assert_eq!(&r[22..], &[3; 8]);
        s.insert(95, vec![9; 20]);
        assert_eq!(s.loaded(), 35);
        assert!(s.read(99, 2).is_err());
    }

    #[test]
    fn patches_become_a_plan_and_a_view() {
        let input: Vec<u8> = (0..50).collect();
        let mut p = Patches::default();
        p.bytes(4, b"free".to_vec()).unwrap();
        p.zeros(10, 5).unwrap();
        p.zeros(15, 5).unwrap();
        assert!(p.bytes(12, vec![1]).is_err());
        assert!(p.bytes(5, vec![1]).is_err());
        let plan = p.to_plan(50, 40).unwrap();
        let out = plan.apply(&input).unwrap();
        assert_eq!(out.len(), 40);
        assert_eq!(&out[4..8], b"free");
        assert_eq!(&out[10..20], &[0; 10]);
        assert_eq!(&out[20..40], &input[20..40]);
        let slice = input.as_slice();
        let view = PlanView::new(&slice, &plan).unwrap();
        assert_eq!(view.len(), 40);
        assert_eq!(view.read(0, 40).unwrap().as_ref(), out.as_slice());
        // Every window, across operations and within one.
        for start in 0..40 {
            for len in 0..=(40 - start) {
                assert_eq!(view.read(start, len).unwrap().as_ref(), &out[start as usize..(start + len) as usize]);
            }
        }
        assert!(view.read(39, 2).is_err());
        // A plan for another input is refused.
        let short = &input[..49];
        assert!(PlanView::new(&short, &plan).is_err());
    }
}
