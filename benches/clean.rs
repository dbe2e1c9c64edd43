//! `cargo bench` (or `make bench`): inspect and clean a 12 MP JPEG carrying
//! full metadata, a 6 MB PNG, a 4 MB WebP, a 10 MB PDF of 20 pages (a photo
//! with its EXIF and GPS and a line of text on each), a DOCX and an ODT
//! holding that photo and 2,000 paragraphs with tracked changes (written by
//! LibreOffice), a 10-minute MP3 and a 3-minute WAV (tags, a cover photo,
//! Broadcast Wave) and a batch of 200 phone-sized JPEGs, each beside a plain
//! memory copy of the same bytes. Audio's goal (issue 17): cleaning at the
//! speed of copying the file.
//!
//! Goals (from the foundation issue): cleaning (plan plus writing the output
//! buffer) within 2x of the memory copy; inspecting a JPEG's headers in under
//! 50 µs. Issue 17: the 10 MB PDF cleaned in under 100 ms. Inputs are made here with the `image` crate and tagged by exiftool
//! (installed by `make setup`).

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use silbato::{Depth, Options};

struct Input {
    name: &'static str,
    bytes: Vec<u8>,
}

fn tagged(dir: &Path, name: &str, bytes: Vec<u8>) -> Vec<u8> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let thumb = dir.join("thumb.jpg");
    std::fs::write(&thumb, common::encode_jpeg(&common::picture(160, 120, 5), 80)).unwrap();
    let mut args = common::identifying_tags(true);
    if name.ends_with(".jpg") {
        args.push(format!("-ThumbnailImage<={}", thumb.display()));
        args.push("-IPTC:By-line=Ana Example".into());
    }
    args.push("-Orientation#=6".into());
    common::exiftool_write(&path, &args.iter().map(String::as_str).collect::<Vec<_>>());
    std::fs::read(&path).unwrap()
}

fn inputs() -> Vec<Input> {
    common::require("exiftool");
    let dir = tempfile::tempdir().unwrap();
    let photo = common::picture(4032, 3024, 42);
    let jpeg = tagged(dir.path(), "12mp.jpg", common::encode_jpeg(&photo, 90));

    // About 6 MB of PNG: noisy RGBA compresses poorly, like a screenshot of a photo.
    let rgba = image::RgbaImage::from_fn(1600, 1260, |x, y| {
        let n = (x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503)).rotate_left(x % 13) as u8;
        image::Rgba([n, (x / 6) as u8 ^ n, (y / 5) as u8, 255 - (n >> 2)])
    });
    let png = tagged(dir.path(), "big.png", common::encode_png(&rgba));

    // About 4 MB of lossy WebP from the 12 MP picture (quality 100).
    let src = dir.path().join("src.png");
    image::DynamicImage::ImageRgb8(photo).save(&src).unwrap();
    let webp_path = dir.path().join("big.webp");
    let ok = std::process::Command::new("cwebp").args(["-quiet", "-q", "100"]).arg(&src).arg("-o").arg(&webp_path).status().unwrap();
    assert!(ok.success());
    let webp = tagged(dir.path(), "big.webp", std::fs::read(&webp_path).unwrap());

    // Documents: the tagged photo and 2,000 paragraphs with authors' changes, as LibreOffice writes them.
    common::require("soffice");
    let photo64 = {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for c in jpeg.chunks(3) {
            let n = (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
            for i in 0..4 {
                out.push(if i <= c.len() { A[(n >> (18 - 6 * i)) as usize & 63] as char } else { '=' });
            }
        }
        out
    };
    let paragraphs: String = (0..2000)
        .map(|i| {
            format!(
                r#"<text:p>Paragraph {i}: the rota for the week, who calls whom, and where we meet.<text:change text:change-id="c{i}"/></text:p>"#
            )
        })
        .collect();
    let regions: String = (0..2000)
        .map(|i| format!(r#"<text:changed-region text:id="c{i}"><text:deletion><office:change-info><dc:creator>Ana Example</dc:creator><dc:date>2026-03-01T10:00:00</dc:date></office:change-info><text:p>old {i}</text:p></text:deletion></text:changed-region>"#))
        .collect();
    let fodt = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"><office:meta><meta:initial-creator>Ana Example</meta:initial-creator></office:meta><office:body><office:text><text:tracked-changes>{regions}</text:tracked-changes><text:p><draw:frame text:anchor-type="as-char" svg:width="8cm" svg:height="6cm"><draw:image><office:binary-data>{photo64}</office:binary-data></draw:image></draw:frame></text:p>{paragraphs}</office:text></office:body></office:document>"#
    );
    std::fs::write(dir.path().join("doc.fodt"), fodt).unwrap();
    common::soffice(dir.path(), &["--convert-to", "docx", "doc.fodt"]);
    common::soffice(dir.path(), &["--convert-to", "odt", "doc.fodt"]);
    let docx = std::fs::read(dir.path().join("doc.docx")).unwrap();
    let odt = std::fs::read(dir.path().join("doc.odt")).unwrap();

    let pdf = pdf_of_photos(dir.path(), 10_000_000);
    vec![
        Input { name: "jpeg_12mp", bytes: jpeg },
        Input { name: "png", bytes: png },
        Input { name: "webp", bytes: webp },
        Input { name: "pdf_20_pages", bytes: pdf },
        Input { name: "docx", bytes: docx },
        Input { name: "odt", bytes: odt },
        Input {
            name: "mp3_10min",
            bytes: recording(dir.path(), "long.mp3", &["-t", "600", "-c:a", "libmp3lame", "-b:a", "128k", "-write_id3v1", "1"]),
        },
        Input { name: "wav_3min", bytes: recording(dir.path(), "long.wav", &["-t", "180", "-ac", "2", "-ar", "48000", "-write_bext", "1"]) },
    ]
}

/// A tone encoded by ffmpeg with tags and, for MP3, a cover photo.
fn recording(dir: &Path, name: &str, args: &[&str]) -> Vec<u8> {
    common::require("ffmpeg");
    let cover = dir.join("cover.jpg");
    std::fs::write(&cover, common::encode_jpeg(&common::picture(600, 600, 3), 85)).unwrap();
    let path = dir.join(name);
    let mut cmd = std::process::Command::new("ffmpeg");
    cmd.args(["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=48000"]);
    if name.ends_with(".mp3") {
        cmd.arg("-i").arg(&cover).args(["-map", "0", "-map", "1", "-c:v", "copy", "-disposition:v", "attached_pic"]);
    }
    cmd.args(["-metadata", "artist=Ana Example", "-metadata", "title=Calle Falsa 123", "-metadata", "originator=Ana Example"]).args(args).arg(&path);
    assert!(cmd.status().unwrap().success());
    std::fs::read(&path).unwrap()
}

/// A PDF of at least `size` bytes: one page per photo (each a tagged JPEG
/// of its own object), with Info and a line of text per page.
fn pdf_of_photos(dir: &Path, size: usize) -> Vec<u8> {
    let photo = tagged(dir, "page.jpg", common::encode_jpeg(&common::picture(1280, 960, 9), 92));
    let pages = size.div_ceil(photo.len());
    let o = |s: String| s.into_bytes();
    // Objects: 1 catalog, 2 page tree, 3 font, 4 Info, then per page: page, content, image.
    let mut bodies = vec![
        o("<</Type/Catalog/Pages 2 0 R>>".into()),
        o(format!("<</Type/Pages/Count {pages}/Kids[{}]>>", (0..pages).map(|i| format!("{} 0 R", 5 + 3 * i)).collect::<Vec<_>>().join(" "))),
        o("<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>".into()),
        o("<</Author(Ana Example)/Producer(Writer)/CreationDate(D:20260308123456-05'00')>>".into()),
    ];
    for i in 0..pages {
        let (content, image) = (6 + 3 * i, 7 + 3 * i);
        bodies.push(o(format!(
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents {content} 0 R/Resources<</Font<</F1 3 0 R>>/XObject<</Im {image} 0 R>>>>>>"
        )));
        let text = format!("BT /F1 14 Tf 72 740 Td (Page {} of the neighbourhood report) Tj ET q 468 0 0 351 72 360 cm /Im Do Q", i + 1);
        bodies.push(common::pdf_stream("", text.as_bytes()));
        bodies.push(common::pdf_stream(
            "/Type/XObject/Subtype/Image/Width 1280/Height 960/ColorSpace/DeviceRGB/BitsPerComponent 8/Filter/DCTDecode",
            &photo,
        ));
    }
    assert_eq!(bodies.len(), 4 + 3 * pages);
    common::pdf_by_hand(&bodies, "/Info 4 0 R")
}

fn bench(c: &mut Criterion) {
    let opts = Options::default();
    let inputs = inputs();
    for input in &inputs {
        let bytes = &input.bytes;
        let mut g = c.benchmark_group(format!("{} ({:.1} MB)", input.name, bytes.len() as f64 / 1e6));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.sample_size(30).measurement_time(Duration::from_secs(4));
        g.bench_function("memory copy", |b| b.iter(|| black_box(bytes.to_vec())));
        g.bench_function("clean (plan + output + verify)", |b| b.iter(|| black_box(silbato::clean(bytes, &opts).unwrap())));
        g.bench_function("plan_clean (verified)", |b| b.iter(|| black_box(silbato::plan_clean(bytes, &opts).unwrap())));
        g.bench_function("inspect headers", |b| b.iter(|| black_box(silbato::inspect_with(bytes, &opts, Depth::Headers).unwrap())));
        g.bench_function("inspect full", |b| b.iter(|| black_box(silbato::inspect_with(bytes, &opts, Depth::Full).unwrap())));
        g.finish();
    }

    // 200 phone photos, each its own buffer so the batch does not sit in cache.
    let jpeg = &inputs[0].bytes;
    let batch: Vec<Vec<u8>> = (0..200).map(|_| jpeg.clone()).collect();
    let total: usize = batch.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group(format!("batch of 200 phone JPEGs ({:.0} MB)", total as f64 / 1e6));
    g.throughput(Throughput::Bytes(total as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function(BenchmarkId::new("memory copy", 200), |b| b.iter(|| batch.iter().map(|x| black_box(x.to_vec()).len()).sum::<usize>()));
    g.bench_function(BenchmarkId::new("clean", 200), |b| {
        b.iter(|| batch.iter().map(|x| black_box(silbato::clean(x, &opts).unwrap()).output.len()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
