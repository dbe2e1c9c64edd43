//! The one error type of the core: which format, where in the input, what kind
//! of problem, and a sentence that says what was wrong.
//!
//! Kinds keep image-png's distinction: the input is bad (`Truncated`,
//! `Malformed`), the input is fine but not something we handle
//! (`Unsupported`), a safety limit was hit (`LimitExceeded`), or cleaning
//! could not prove its own output clean (`Unverified`).

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use crate::report::Format;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input ends before a structure it declares.
    Truncated,
    /// The input breaks the format's rules.
    Malformed,
    /// Not a format Silbato reads, or a variant of one it does not clean.
    Unsupported,
    /// A safety limit (size, count, depth) was reached.
    LimitExceeded,
    /// Cleaning produced output that still reveals something; nothing is returned.
    Unverified,
    /// The caller passed something inconsistent (for example a plan for another input).
    InvalidArgument,
    /// Reading or writing a file failed (the CLI's; the core itself does no IO).
    Io,
    /// Not an error in the file: reading a partly loaded file (`Sparse`)
    /// reached bytes the caller has not provided yet; `needed` says which.
    /// The `*_source` entry points turn it into `Step::Need`.
    NeedBytes,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Truncated => "truncated",
            ErrorKind::Malformed => "malformed",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::LimitExceeded => "limit_exceeded",
            ErrorKind::Unverified => "unverified",
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Io => "io",
            ErrorKind::NeedBytes => "need_bytes",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The format being read, when known.
    pub format: Option<Format>,
    /// Byte offset in the input where the problem was found.
    pub offset: Option<u64>,
    pub detail: Cow<'static, str>,
    /// For `NeedBytes`: the byte range to load, start and length.
    pub needed: Option<(u64, u64)>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, format: Format, offset: u64, detail: impl Into<Cow<'static, str>>) -> Self {
        Error { kind, format: Some(format), offset: Some(offset), detail: detail.into(), needed: None }
    }

    /// Ask the caller for `len` bytes at `start`.
    pub fn need(start: u64, len: u64) -> Self {
        Error {
            kind: ErrorKind::NeedBytes,
            format: None,
            offset: Some(start),
            detail: Cow::Borrowed("more of the file is needed"),
            needed: Some((start, len)),
        }
    }

    pub fn truncated(format: Format, offset: u64, what: impl Into<Cow<'static, str>>) -> Self {
        Error::new(ErrorKind::Truncated, format, offset, what)
    }

    pub fn malformed(format: Format, offset: u64, what: impl Into<Cow<'static, str>>) -> Self {
        Error::new(ErrorKind::Malformed, format, offset, what)
    }

    pub fn limit(format: Format, offset: u64, what: impl Into<Cow<'static, str>>) -> Self {
        Error::new(ErrorKind::LimitExceeded, format, offset, what)
    }

    pub fn unsupported(format: Option<Format>, detail: impl Into<Cow<'static, str>>) -> Self {
        Error { kind: ErrorKind::Unsupported, format, offset: None, detail: detail.into(), needed: None }
    }

    pub fn unverified(format: Format, detail: impl Into<Cow<'static, str>>) -> Self {
        Error { kind: ErrorKind::Unverified, format: Some(format), offset: None, detail: detail.into(), needed: None }
    }

    pub fn invalid_argument(detail: impl Into<Cow<'static, str>>) -> Self {
        Error { kind: ErrorKind::InvalidArgument, format: None, offset: None, detail: detail.into(), needed: None }
    }

    /// Re-anchor an error found inside an embedded payload (for example the
    /// EXIF block inside a JPEG segment) at its absolute position in the file.
    pub fn shifted(mut self, base: u64) -> Self {
        self.offset = self.offset.map(|o| o.saturating_add(base));
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(format) = self.format {
            write!(f, "{}: ", format.display_name())?;
        }
        let kind = match self.kind {
            ErrorKind::Truncated => "the file is cut short",
            ErrorKind::Malformed => "the file is damaged",
            ErrorKind::Unsupported => "unsupported format",
            ErrorKind::LimitExceeded => "a safety limit was reached",
            ErrorKind::Unverified => "cleaning could not be verified",
            ErrorKind::InvalidArgument => "invalid request",
            ErrorKind::Io => "the file could not be read or written",
            ErrorKind::NeedBytes => "more of the file is needed",
        };
        f.write_str(kind)?;
        if let Some(offset) = self.offset {
            write!(f, " at byte {offset}")?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
