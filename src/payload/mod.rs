//! What metadata reveals, independent of where it sits: EXIF/TIFF, XMP,
//! IPTC and Photoshop resources. Each reader reports findings into a
//! `Collector` and never fails the whole file: damage becomes a warning,
//! since cleaning removes these payloads whatever they hold.

pub mod exif;
pub mod iptc;
pub mod quicktime;
pub mod samsung;
pub mod xmp;
