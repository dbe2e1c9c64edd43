//! The edit plan: how to build the cleaned file from the original, as a list
//! of byte ranges of the input to copy and new bytes to insert.
//!
//! Invariants, checked by `CleanPlan::new`: copied ranges lie inside the input,
//! are non-empty, and appear in increasing order without overlapping, so any
//! caller can produce the output in one forward pass over the input (a
//! streamed write natively, `Blob` parts of `File.slice()` in a browser).
//! Adjacent copies and adjacent inserts are merged.

use serde::Serialize;

use crate::error::{Error, Result};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Copy `input[start..end]`.
    Copy { start: u64, end: u64 },
    /// Write these bytes (a `Uint8Array` in JavaScript).
    Insert(#[serde(serialize_with = "as_bytes")] Vec<u8>),
    /// Write this many zero bytes (neutralised metadata in large files,
    /// without holding the zeros in memory).
    Zeros(u64),
}

/// Bytes as bytes (a `Uint8Array` in JavaScript), not as a list of numbers.
pub(crate) fn as_bytes<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bytes(bytes)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CleanPlan {
    input_len: u64,
    ops: Vec<Op>,
}

impl CleanPlan {
    pub fn ops(&self) -> &[Op] {
        &self.ops
    }

    pub fn input_len(&self) -> u64 {
        self.input_len
    }

    pub fn output_len(&self) -> u64 {
        self.ops
            .iter()
            .map(|op| match op {
                Op::Copy { start, end } => end - start,
                Op::Insert(b) => b.len() as u64,
                Op::Zeros(n) => *n,
            })
            .sum()
    }

    /// True when the plan reproduces its input byte for byte.
    pub fn is_identity(&self) -> bool {
        match self.ops.as_slice() {
            [] => self.input_len == 0,
            [Op::Copy { start: 0, end }] => *end == self.input_len,
            _ => false,
        }
    }

    /// Build the output in memory.
    pub fn apply(&self, input: &[u8]) -> Result<Vec<u8>> {
        if input.len() as u64 != self.input_len {
            return Err(Error::invalid_argument(format!("the plan was made for an input of {} bytes, not {}", self.input_len, input.len())));
        }
        let len = usize::try_from(self.output_len()).map_err(|_| Error::invalid_argument("the output does not fit in memory"))?;
        let mut out = Vec::with_capacity(len);
        for op in &self.ops {
            match op {
                Op::Copy { start, end } => {
                    // Ranges were validated against input_len in `PlanBuilder::finish`.
                    let range = (*start as usize)..(*end as usize);
                    let part = input.get(range).ok_or_else(|| Error::invalid_argument("copy range outside the input"))?;
                    out.extend_from_slice(part);
                }
                Op::Insert(bytes) => out.extend_from_slice(bytes),
                Op::Zeros(n) => out.resize(out.len() + *n as usize, 0),
            }
        }
        Ok(out)
    }
}

/// Collects operations in output order and checks the invariants.
#[derive(Debug)]
pub struct PlanBuilder {
    input_len: u64,
    ops: Vec<Op>,
    /// End of the last copied range, to enforce increasing order.
    cursor: u64,
}

impl PlanBuilder {
    pub fn new(input_len: u64) -> Self {
        PlanBuilder { input_len, ops: Vec::new(), cursor: 0 }
    }

    pub fn copy(&mut self, start: u64, end: u64) -> Result<()> {
        if start > end || end > self.input_len {
            return Err(Error::invalid_argument(format!("copy {start}..{end} is outside an input of {} bytes", self.input_len)));
        }
        if start < self.cursor {
            return Err(Error::invalid_argument(format!("copy {start}..{end} goes backwards (already at {})", self.cursor)));
        }
        if start == end {
            return Ok(());
        }
        self.cursor = end;
        if let Some(Op::Copy { end: last_end, .. }) = self.ops.last_mut() {
            if *last_end == start {
                *last_end = end;
                return Ok(());
            }
        }
        self.ops.push(Op::Copy { start, end });
        Ok(())
    }

    pub fn copy_range(&mut self, range: std::ops::Range<usize>) -> Result<()> {
        self.copy(range.start as u64, range.end as u64)
    }

    pub fn insert(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        if let Some(Op::Insert(last)) = self.ops.last_mut() {
            last.extend_from_slice(bytes);
            return;
        }
        self.ops.push(Op::Insert(bytes.to_vec()));
    }

    pub fn zeros(&mut self, len: u64) {
        if len == 0 {
            return;
        }
        if let Some(Op::Zeros(n)) = self.ops.last_mut() {
            *n += len;
            return;
        }
        self.ops.push(Op::Zeros(len));
    }

    pub fn finish(self) -> CleanPlan {
        CleanPlan { input_len: self.input_len, ops: self.ops }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_adjacent_operations_and_applies() {
        let input = b"0123456789";
        let mut b = PlanBuilder::new(10);
        b.insert(b"<");
        b.insert(b"<");
        b.copy(0, 3).unwrap();
        b.copy(3, 5).unwrap();
        b.copy(7, 10).unwrap();
        let plan = b.finish();
        assert_eq!(plan.ops().len(), 3);
        assert_eq!(plan.apply(input).unwrap(), b"<<01234789");
        assert_eq!(plan.output_len(), 10);
        assert!(!plan.is_identity());
    }

    #[test]
    fn rejects_ranges_outside_or_backwards() {
        let mut b = PlanBuilder::new(10);
        assert!(b.copy(5, 11).is_err());
        assert!(b.copy(6, 5).is_err());
        b.copy(4, 6).unwrap();
        assert!(b.copy(5, 7).is_err());
    }

    #[test]
    fn apply_checks_the_input_length() {
        let mut b = PlanBuilder::new(3);
        b.copy(0, 3).unwrap();
        let plan = b.finish();
        assert!(plan.is_identity());
        assert!(plan.apply(b"ab").is_err());
    }
}
