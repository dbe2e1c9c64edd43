//! Where metadata sits: one module per container format, each behind the
//! same small trait. A new format touches one module, one `Format` arm and
//! one test folder.

use crate::error::Result;
use crate::plan::CleanPlan;
use crate::report::Format;
use crate::reveal::Collector;

pub mod gif;
pub mod isobmff;
pub mod jpeg;
pub mod png;
pub mod riff;

/// How much of a file `inspect` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// Headers only where the format allows it (a JPEG that ends at its
    /// end-of-image marker is read up to its first scan): microseconds,
    /// whatever the size. Used on hot paths and to verify cleaned output.
    Headers,
    /// Every structure, including the exact end of a JPEG's image data, so
    /// that anything appended after the image is found.
    Full,
}

pub trait Container {
    const FORMAT: Format;

    /// Does the file start the way this format starts?
    fn sniff(head: &[u8]) -> bool;

    /// Report what the file reveals into `cx`. Structural damage is an
    /// error; damage inside a metadata payload is a warning.
    fn inspect(input: &[u8], cx: &mut Collector, depth: Depth) -> Result<()>;

    /// Plan the cleaned file: keep only what is known to be safe. Also
    /// reports into `cx` everything the plan drops. Fails closed.
    fn plan_clean(input: &[u8], cx: &mut Collector) -> Result<CleanPlan>;
}
