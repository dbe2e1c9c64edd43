//! Faces: find them in a photo and cover them so they cannot be recovered.
//!
//! This is the one place where Silbato changes pixels, and only when the
//! person asks: the photo is decoded, turned upright (its orientation
//! applied, so boxes land on the faces people see), each region is covered
//! at full resolution, and the result is encoded again (JPEG at quality 92,
//! PNG losslessly) with the colour profile kept and nothing else: no EXIF,
//! no thumbnail, no preview. The new file then goes through [`crate::clean`]
//! and its verification like any other.
//!
//! - [`detect`]: the SeetaFace frontal detector (crate `rustface`, its model
//!   handed in as bytes so it is loaded only when a photo is checked), the
//!   search in passes, and BlazeFace's boxes added ([`blaze`], run by the
//!   small ONNX interpreter in [`onnx`]).
//! - [`cover`]: solid fill (the default) or coarse pixelation with noise.
//!   Never a light blur: see docs/threat-model.md.

pub mod blaze;
pub mod cover;
pub mod detect;
pub mod onnx;
pub mod track;

use serde::{Deserialize, Serialize};

pub use cover::{redact, Cover, Redacted};
pub use detect::{plan_blazeface, plan_passes, Detector, Faces, Finder, Pass, Search};

/// A rectangle in the upright photo's pixels (orientation applied).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl Region {
    /// This region clipped to a `width` x `height` image; `None` when nothing is left.
    pub fn clipped(self, width: u32, height: u32) -> Option<Region> {
        let x1 = self.x.saturating_add(self.width).min(width);
        let y1 = self.y.saturating_add(self.height).min(height);
        (self.x < x1 && self.y < y1).then(|| Region { x: self.x, y: self.y, width: x1 - self.x, height: y1 - self.y })
    }
}

impl Region {
    /// This region grown outwards to a grid of `cell` pixels (JPEG's 8x8
    /// blocks), within a `width` x `height` image. Covering whole blocks
    /// means the encoder sees nothing of the original in any block it
    /// writes, so every covered pixel decodes to exactly the cover.
    pub fn snapped(self, cell: u32, width: u32, height: u32) -> Region {
        let cell = cell.max(1);
        let x0 = self.x / cell * cell;
        let y0 = self.y / cell * cell;
        let x1 = self.x.saturating_add(self.width).div_ceil(cell).saturating_mul(cell).min(width);
        let y1 = self.y.saturating_add(self.height).div_ceil(cell).saturating_mul(cell).min(height);
        Region { x: x0, y: y0, width: x1.saturating_sub(x0), height: y1.saturating_sub(y0) }
    }
}

/// A face the detector found: its tight box and how sure it is.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FaceBox {
    pub region: Region,
    /// The detector's score (SeetaFace: above 2.0 is a face; higher is surer).
    pub score: f64,
}

impl FaceBox {
    /// The region to cover: the detector's box is tight around eyes, nose
    /// and mouth, so it is widened to take in the ears and raised to take in
    /// the hair and forehead, then clipped to the photo.
    pub fn covering(&self, width: u32, height: u32) -> Option<Region> {
        let r = self.region;
        let (w, h) = (r.width as f64, r.height as f64);
        let x0 = (r.x as f64 - 0.3 * w).max(0.0);
        let y0 = (r.y as f64 - 0.5 * h).max(0.0);
        let x1 = r.x as f64 + 1.3 * w;
        let y1 = r.y as f64 + 1.25 * h;
        Region { x: x0 as u32, y: y0 as u32, width: (x1 - x0).ceil() as u32, height: (y1 - y0).ceil() as u32 }.clipped(width, height)
    }
}

/// Largest photo decoded for faces: 100 megapixels, and at most 1 GiB of
/// decoder allocations (a 12 MP photo needs 36 MB as RGB).
const MAX_PIXELS: u64 = 100_000_000;
const MAX_SIDE: u32 = 30_000;
const MAX_ALLOC: u64 = 1 << 30;

/// A photo decoded and turned upright, with what re-encoding must keep.
pub(crate) struct Upright {
    pub format: crate::Format,
    pub image: image::DynamicImage,
    /// The embedded ICC colour profile, kept so colours look the same.
    pub icc: Option<Vec<u8>>,
}

/// Decode `input` (JPEG, PNG or WebP) with limits, and apply its orientation.
pub(crate) fn decode_upright(input: &[u8]) -> crate::Result<Upright> {
    use crate::{Error, Format};
    use image::{ImageDecoder, ImageReader};
    let format = crate::identify(input)?;
    let image_format = match format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::WebP => image::ImageFormat::WebP,
        other => return Err(Error::unsupported(Some(other), "faces can be found and covered in JPEG, PNG and WebP photos only")),
    };
    let damaged = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => Error::limit(format, 0, "the photo is too large to look for faces in"),
        image::ImageError::Unsupported(u) => {
            Error::unsupported(Some(format), format!("this kind of {} cannot be decoded ({u})", format.display_name()))
        }
        other => Error::malformed(format, 0, format!("the picture cannot be decoded ({other})")),
    };
    let mut reader = ImageReader::with_format(std::io::Cursor::new(input), image_format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Error::limit(format, 0, format!("a photo of {w}x{h} pixels is too large to look for faces in")));
    }
    let icc = decoder.icc_profile().ok().flatten().filter(|p| !p.is_empty());
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = image::DynamicImage::from_decoder(decoder).map_err(damaged)?;
    image.apply_orientation(orientation);
    Ok(Upright { format, image, icc })
}

/// A photo decoded grey and turned upright, for finding faces. Grey is
/// BT.601 luma, as OpenCV makes it for SeetaFace's own examples and as JPEG
/// stores it: JPEGs are decoded straight to that channel (no colour to
/// decode, upsample or convert: three times quicker), other formats through
/// [`decode_upright`].
pub(crate) fn decode_gray_upright(input: &[u8]) -> crate::Result<image::GrayImage> {
    use crate::{Error, Format};
    use zune_core::{bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions};
    if crate::identify(input)? != Format::Jpeg {
        let rgb = decode_upright(input)?.image.into_rgb8();
        let luma = rgb.pixels().map(|p| ((299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]) + 500) / 1000) as u8).collect();
        return image::GrayImage::from_raw(rgb.width(), rgb.height(), luma)
            .ok_or_else(|| Error::invalid_argument("a grey picture of the wrong size"));
    }
    let damaged = |e: zune_jpeg::errors::DecodeErrors| Error::malformed(Format::Jpeg, 0, format!("the picture cannot be decoded ({e})"));
    let options = DecoderOptions::default().set_strict_mode(false).set_max_width(MAX_SIDE as usize).set_max_height(MAX_SIDE as usize);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(input), options);
    decoder.decode_headers().map_err(damaged)?;
    let (w, h) = decoder.dimensions().ok_or_else(|| Error::malformed(Format::Jpeg, 0, "the picture has no size"))?;
    if (w as u64) * (h as u64) > MAX_PIXELS {
        return Err(Error::limit(Format::Jpeg, 0, format!("a photo of {w}x{h} pixels is too large to look for faces in")));
    }
    let orientation =
        decoder.exif().and_then(|e| image::metadata::Orientation::from_exif_chunk(e)).unwrap_or(image::metadata::Orientation::NoTransforms);
    decoder.set_options(decoder.options().jpeg_set_out_colorspace(ColorSpace::Luma));
    let pixels = decoder.decode().map_err(damaged)?;
    let gray = image::GrayImage::from_raw(w as u32, h as u32, pixels)
        .ok_or_else(|| Error::malformed(Format::Jpeg, 0, "the picture decodes to the wrong size"))?;
    let mut image = image::DynamicImage::ImageLuma8(gray);
    image.apply_orientation(orientation);
    Ok(image.into_luma8())
}

/// `region` of `image` resampled to `w` x `h` (never larger): averaged over
/// whole blocks first when it shrinks by 2 or more (quick, and it keeps the
/// detail a face needs), then resampled with a triangle filter. Both
/// detectors search copies made this way (grey for SeetaFace, colour for
/// BlazeFace).
pub(crate) fn shrink<P: image::Pixel<Subpixel = u8> + 'static>(
    image: &image::ImageBuffer<P, Vec<u8>>,
    region: Region,
    w: u32,
    h: u32,
) -> image::ImageBuffer<P, Vec<u8>> {
    let k = (region.width / w).min(region.height / h).max(1);
    let blocks = if k >= 2 {
        box_average(image, region, k)
    } else {
        image::imageops::crop_imm(image, region.x, region.y, region.width, region.height).to_image()
    };
    if blocks.dimensions() == (w, h) {
        return blocks;
    }
    image::imageops::resize(&blocks, w, h, image::imageops::FilterType::Triangle)
}

/// Each `k` x `k` block of `region` of `image` averaged into one pixel,
/// channel by channel (the rest dropped).
fn box_average<P: image::Pixel<Subpixel = u8>>(image: &image::ImageBuffer<P, Vec<u8>>, region: Region, k: u32) -> image::ImageBuffer<P, Vec<u8>> {
    let ch = usize::from(P::CHANNEL_COUNT);
    let (w, h) = (region.width / k, region.height / k);
    let stride = image.width() as usize * ch;
    let src = &image.as_raw()[region.y as usize * stride + region.x as usize * ch..];
    let (k, w) = (k as usize, w as usize);
    let mut out = vec![0u8; w * ch * h as usize];
    let mut sums = vec![0u32; w * ch];
    let area = (k * k) as u32;
    for (oy, row_out) in out.chunks_exact_mut(w * ch).enumerate() {
        sums.iter_mut().for_each(|s| *s = 0);
        for row in src[oy * k * stride..].chunks(stride).take(k) {
            for (sum, block) in sums.chunks_exact_mut(ch).zip(row[..w * k * ch].chunks_exact(k * ch)) {
                for pixel in block.chunks_exact(ch) {
                    sum.iter_mut().zip(pixel).for_each(|(s, &p)| *s += u32::from(p));
                }
            }
        }
        for (o, s) in row_out.iter_mut().zip(&sums) {
            *o = ((s + area / 2) / area) as u8;
        }
    }
    // Sized above: from_raw cannot fail here; an empty picture is the harmless answer if it ever did.
    image::ImageBuffer::from_raw(w as u32, h, out).unwrap_or_default()
}
