//! What metadata reveals, independent of where it sits: EXIF/TIFF, XMP,
//! IPTC and Photoshop resources. Each reader reports findings into a
//! `Collector` and never fails the whole file: damage becomes a warning,
//! since cleaning removes these payloads whatever they hold.

pub mod ape;
pub mod audio_tags;
pub mod exif;
pub mod id3;
pub mod iptc;
pub mod quicktime;
pub mod samsung;
pub mod vorbis;
pub mod wave;
pub mod xmp;
