//! Covering regions of a photo so that what was there cannot be recovered.
//!
//! - [`Cover::Fill`] (the default): every pixel of the region becomes one
//!   solid colour. Nothing of the original is left to recover.
//! - [`Cover::Pixelate`]: the region becomes blocks of about a sixth of its
//!   width (at least 16 pixels), each one colour: the block's average moved
//!   by random noise, so even the averages cannot be matched.
//!
//! A light Gaussian blur or fine pixelation is never offered: both keep
//! enough of the face to be reversed or matched (docs/threat-model.md).

use image::{DynamicImage, GenericImage, GenericImageView, Rgba};
use serde::Serialize;

use super::{decode_upright, Region};
use crate::{Error, Format, Options, Result};

/// How a region is covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cover {
    /// One solid colour (black).
    Fill,
    /// Coarse blocks, each its average plus noise from `seed` (give it a
    /// fresh random number each time).
    Pixelate { seed: u64 },
}

/// The covered photo: a new file, cleaned and verified like any other.
#[derive(Clone, Debug, Serialize)]
pub struct Redacted {
    pub format: Format,
    #[serde(skip)]
    pub output: Vec<u8>,
    /// Upright size of the photo (orientation applied).
    pub width: u32,
    pub height: u32,
    /// The regions covered, clipped to the photo.
    pub covered: Vec<Region>,
}

/// JPEG quality of the re-encoded photo: high, so the rest of the photo
/// looks the same.
pub const JPEG_QUALITY: u8 = 92;
/// At most this many regions per photo.
pub const MAX_REGIONS: usize = 4096;

/// Cover `regions` (upright pixels) of the photo `input` and encode it again:
/// JPEG stays JPEG; PNG and WebP become PNG (lossless). The colour profile is
/// kept; metadata, thumbnails and previews are not. Fails closed: the new
/// file is cleaned and verified with [`crate::clean`] before it is returned.
/// With no region inside the photo nothing is encoded again: the answer is
/// the photo cleaned losslessly, as `clean` gives it.
pub fn redact(input: &[u8], regions: &[Region], cover: Cover) -> Result<Redacted> {
    if regions.len() > MAX_REGIONS {
        return Err(Error::invalid_argument(format!("{} regions to cover (at most {MAX_REGIONS})", regions.len())));
    }
    let upright = decode_upright(input)?;
    let mut image = upright.image;
    let (width, height) = image.dimensions();
    // JPEG is written in 8x8 blocks (no chroma subsampling): regions and
    // pixelation blocks are whole blocks, so no block mixes cover and photo.
    let cell = if upright.format == Format::Jpeg { JPEG_BLOCK } else { 1 };
    let covered: Vec<Region> = regions.iter().filter_map(|r| r.clipped(width, height)).map(|r| r.snapped(cell, width, height)).collect();
    if covered.is_empty() {
        // Nothing to cover: no new encoding, the photo is only cleaned (losslessly).
        let cleaned = crate::clean(input, &Options::default())?;
        return Ok(Redacted { format: cleaned.format, output: cleaned.output, width, height, covered });
    }
    let mut noise = Noise::new(match cover {
        Cover::Pixelate { seed } => seed,
        Cover::Fill => 0,
    });
    for r in &covered {
        match cover {
            Cover::Fill => fill(&mut image, *r),
            Cover::Pixelate { .. } => pixelate(&mut image, *r, block_size(*r, cell), &mut noise),
        }
    }
    let (format, encoded) = encode(upright.format, &image, upright.icc.as_deref())?;
    let cleaned = crate::clean(&encoded, &Options::default())?;
    Ok(Redacted { format, output: cleaned.output, width, height, covered })
}

fn fill(image: &mut DynamicImage, r: Region) {
    let black = Rgba([0, 0, 0, 255]);
    for y in r.y..r.y + r.height {
        for x in r.x..r.x + r.width {
            image.put_pixel(x, y, black);
        }
    }
}

/// A video encoder's macroblock: covered regions of a frame are whole
/// macroblocks, so no block the encoder predicts and quantises mixes the
/// cover with the face.
pub const VIDEO_BLOCK: u32 = 16;

/// Cover `region` of one decoded video frame with black: the frame is
/// planar 4:2:0 (8-bit luma, `width` x `height`, then the two chroma
/// planes, each `width/2` x `height/2` rounded up), as decoders give it.
/// The region is grown to whole macroblocks ([`VIDEO_BLOCK`]) and clipped
/// to the frame. Fails on a frame of the wrong length rather than cover a
/// wrong place. Returns the region covered.
pub fn fill_yuv420(frame: &mut [u8], width: u32, height: u32, region: Region) -> Result<Option<Region>> {
    let (w, h) = (width as usize, height as usize);
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    if frame.len() != w * h + 2 * cw * ch {
        return Err(Error::invalid_argument(format!("a {width}x{height} 4:2:0 frame of {} bytes", frame.len())));
    }
    let Some(r) = region.clipped(width, height).map(|r| r.snapped(VIDEO_BLOCK, width, height)) else { return Ok(None) };
    let (x0, y0, x1, y1) = (r.x as usize, r.y as usize, (r.x + r.width) as usize, (r.y + r.height) as usize);
    let (luma, chroma) = frame.split_at_mut(w * h);
    for row in luma.chunks_exact_mut(w).skip(y0).take(y1 - y0) {
        if let Some(span) = row.get_mut(x0..x1) {
            span.fill(16);
        }
    }
    for plane in chroma.chunks_exact_mut(cw * ch) {
        for row in plane.chunks_exact_mut(cw).skip(y0 / 2).take(y1.div_ceil(2) - y0 / 2) {
            if let Some(span) = row.get_mut(x0 / 2..x1.div_ceil(2)) {
                span.fill(128);
            }
        }
    }
    Ok(Some(r))
}

/// The JPEG encoder's block: 8x8 pixels, chroma not subsampled.
pub const JPEG_BLOCK: u32 = 8;

/// Side of a pixelation block for a region: about six blocks across, never
/// under 16 pixels, a multiple of `cell`.
pub fn block_size(r: Region, cell: u32) -> u32 {
    (r.width.max(r.height) / 6).max(16).next_multiple_of(cell.max(1))
}

fn pixelate(image: &mut DynamicImage, r: Region, side: u32, noise: &mut Noise) {
    let mut by = r.y;
    while by < r.y + r.height {
        let bh = side.min(r.y + r.height - by);
        let mut bx = r.x;
        while bx < r.x + r.width {
            let bw = side.min(r.x + r.width - bx);
            let mut sum = [0u64; 4];
            for y in by..by + bh {
                for x in bx..bx + bw {
                    let p = image.get_pixel(x, y).0;
                    for c in 0..4 {
                        sum[c] += u64::from(p[c]);
                    }
                }
            }
            let n = u64::from(bw) * u64::from(bh);
            let mut value = [0u8; 4];
            for c in 0..3 {
                let mean = (sum[c] / n) as i32;
                value[c] = (mean + noise.next_offset()).clamp(0, 255) as u8;
            }
            value[3] = 255;
            for y in by..by + bh {
                for x in bx..bx + bw {
                    image.put_pixel(x, y, Rgba(value));
                }
            }
            bx += bw;
        }
        by += bh;
    }
}

/// Noise added to each block's average: up to ±[`NOISE`] per channel.
pub const NOISE: i32 = 40;

/// splitmix64: small, fast, and enough to hide block averages (it is not
/// used for anything secret).
struct Noise(u64);

impl Noise {
    fn new(seed: u64) -> Noise {
        Noise(seed)
    }

    fn next_offset(&mut self) -> i32 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z % (2 * NOISE as u64 + 1)) as i32 - NOISE
    }
}

fn encode(format: Format, image: &DynamicImage, icc: Option<&[u8]>) -> Result<(Format, Vec<u8>)> {
    use image::ImageEncoder;
    let failed = |f: Format, e: image::ImageError| Error::unverified(f, format!("the covered photo could not be encoded ({e})"));
    let mut out = Vec::new();
    match format {
        Format::Jpeg => {
            let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            if let Some(icc) = icc {
                // A profile the encoder refuses (too large) is not worth failing for.
                let _ = encoder.set_icc_profile(icc.to_vec());
            }
            let pixels =
                if image.color().has_color() { DynamicImage::ImageRgb8(image.to_rgb8()) } else { DynamicImage::ImageLuma8(image.to_luma8()) };
            encoder.write_image(pixels.as_bytes(), pixels.width(), pixels.height(), pixels.color().into()).map_err(|e| failed(format, e))?;
            Ok((Format::Jpeg, out))
        }
        _ => {
            let mut encoder = image::codecs::png::PngEncoder::new(&mut out);
            if let Some(icc) = icc {
                let _ = encoder.set_icc_profile(icc.to_vec());
            }
            let pixels = match image {
                DynamicImage::ImageLuma8(_) | DynamicImage::ImageLumaA8(_) | DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => {
                    image.clone()
                }
                DynamicImage::ImageLuma16(_) | DynamicImage::ImageLumaA16(_) | DynamicImage::ImageRgb16(_) | DynamicImage::ImageRgba16(_) => {
                    image.clone()
                }
                _ if image.color().has_alpha() => DynamicImage::ImageRgba8(image.to_rgba8()),
                _ => DynamicImage::ImageRgb8(image.to_rgb8()),
            };
            encoder.write_image(pixels.as_bytes(), pixels.width(), pixels.height(), pixels.color().into()).map_err(|e| failed(Format::Png, e))?;
            Ok((Format::Png, out))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(format: image::ImageFormat) -> Vec<u8> {
        let img = image::RgbImage::from_fn(200, 150, |x, y| image::Rgb([(x % 256) as u8, (y * 2 % 256) as u8, ((x + y) % 256) as u8]));
        let mut out = std::io::Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img).write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    fn decode(bytes: &[u8]) -> image::RgbImage {
        image::load_from_memory(bytes).unwrap().to_rgb8()
    }

    const R: Region = Region { x: 40, y: 30, width: 70, height: 60 };

    #[test]
    fn solid_fill_leaves_one_colour_in_the_region_and_keeps_the_format() {
        for format in [image::ImageFormat::Png, image::ImageFormat::Jpeg] {
            let done = redact(&photo(format), &[R], Cover::Fill).unwrap();
            let out = decode(&done.output);
            assert_eq!(out.dimensions(), (200, 150));
            // Every covered pixel decodes to one value: PNG is lossless, and
            // in JPEG the region was grown to whole 8x8 blocks.
            let r = done.covered[0];
            let expected = if format == image::ImageFormat::Png { R } else { Region { x: 40, y: 24, width: 72, height: 72 } };
            assert_eq!(r, expected);
            let first = out.get_pixel(r.x, r.y).0;
            assert!(first.iter().all(|&c| c <= 2), "{first:?} is black");
            for y in r.y..r.y + r.height {
                for x in r.x..r.x + r.width {
                    assert_eq!(out.get_pixel(x, y).0, first, "{format:?} {x},{y}");
                }
            }
        }
        assert_eq!(redact(&photo(image::ImageFormat::Png), &[R], Cover::Fill).unwrap().format, Format::Png);
    }

    #[test]
    fn pixelation_makes_each_block_one_value_with_noise() {
        for format in [image::ImageFormat::Png, image::ImageFormat::Jpeg] {
            pixelation_check(format);
        }
    }

    fn pixelation_check(format: image::ImageFormat) {
        let input = photo(format);
        let original = decode(&input);
        let done = redact(&input, &[R], Cover::Pixelate { seed: 7 }).unwrap();
        let out = decode(&done.output);
        let cell = if format == image::ImageFormat::Jpeg { JPEG_BLOCK } else { 1 };
        let r = done.covered[0];
        let side = block_size(r, cell);
        let mut moved = 0;
        let mut blocks = 0;
        for by in (r.y..r.y + r.height).step_by(side as usize) {
            for bx in (r.x..r.x + r.width).step_by(side as usize) {
                let (bw, bh) = (side.min(r.x + r.width - bx), side.min(r.y + r.height - by));
                let first = out.get_pixel(bx, by).0;
                let mut sum = [0u32; 3];
                for y in by..by + bh {
                    for x in bx..bx + bw {
                        assert_eq!(out.get_pixel(x, y).0, first, "block at {bx},{by}");
                        for (s, &p) in sum.iter_mut().zip(&original.get_pixel(x, y).0) {
                            *s += u32::from(p);
                        }
                    }
                }
                let mean: Vec<i32> = sum.iter().map(|s| (*s / (bw * bh)) as i32).collect();
                for c in 0..3 {
                    // JPEG adds a few levels of its own to the noise.
                    assert!((i32::from(first[c]) - mean[c]).abs() <= NOISE + 4, "noise is bounded");
                }
                moved += usize::from((0..3).any(|c| i32::from(first[c]) != mean[c]));
                blocks += 1;
            }
        }
        assert!(moved * 10 >= blocks * 8, "noise moved {moved} of {blocks} blocks");
        // Outside the region nothing changed (PNG is lossless).
        if format == image::ImageFormat::Png {
            assert_eq!(out.get_pixel(5, 5), original.get_pixel(5, 5));
            assert_eq!(out.get_pixel(199, 149), original.get_pixel(199, 149));
        }
    }

    #[test]
    fn nothing_to_cover_means_no_new_encoding() {
        let input = photo(image::ImageFormat::Jpeg);
        let done = redact(&input, &[Region { x: 500, y: 0, width: 5, height: 5 }], Cover::Fill).unwrap();
        assert!(done.covered.is_empty());
        assert_eq!(done.output, crate::clean(&input, &Options::default()).unwrap().output);
    }

    #[test]
    fn regions_outside_the_photo_are_clipped_and_odd_input_is_refused() {
        let done = redact(
            &photo(image::ImageFormat::Png),
            &[Region { x: 190, y: 140, width: 500, height: 500 }, Region { x: 900, y: 0, width: 5, height: 5 }],
            Cover::Fill,
        )
        .unwrap();
        assert_eq!(done.covered, vec![Region { x: 190, y: 140, width: 10, height: 10 }]);
        let err = redact(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", &[], Cover::Fill).unwrap_err();
        assert_eq!(err.kind, crate::ErrorKind::Unsupported);
        let mut cut = photo(image::ImageFormat::Jpeg);
        cut.truncate(300);
        assert!(redact(&cut, &[R], Cover::Fill).is_err());
    }

    #[test]
    fn a_video_frame_is_covered_in_whole_macroblocks_in_every_plane() {
        let (w, h) = (50u32, 35u32);
        let (cw, ch) = (25usize, 18usize);
        let mut frame = vec![200u8; 50 * 35 + 2 * cw * ch];
        let r = fill_yuv420(&mut frame, w, h, Region { x: 20, y: 20, width: 5, height: 40 }).expect("covers");
        assert_eq!(r, Some(Region { x: 16, y: 16, width: 16, height: 19 }));
        let luma = |x: usize, y: usize| frame[y * 50 + x];
        assert_eq!(luma(16, 16), 16);
        assert_eq!(luma(31, 34), 16);
        assert_eq!(luma(32, 34), 200);
        assert_eq!(luma(15, 20), 200);
        let u = |x: usize, y: usize| frame[50 * 35 + y * cw + x];
        let v = |x: usize, y: usize| frame[50 * 35 + cw * ch + y * cw + x];
        assert_eq!((u(8, 8), v(15, 17)), (128, 128));
        assert_eq!((u(16, 8), v(7, 17)), (200, 200));
        assert!(fill_yuv420(&mut frame, w, h, Region { x: 60, y: 0, width: 5, height: 5 }).expect("outside").is_none());
        assert!(fill_yuv420(&mut frame[1..], w, h, Region { x: 0, y: 0, width: 5, height: 5 }).is_err());
    }
}
