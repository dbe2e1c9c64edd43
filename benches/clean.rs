//! `cargo bench` (or `make bench`): inspect and clean a 12 MP JPEG carrying
//! full metadata, a 6 MB PNG, a 4 MB WebP, a 10 MB PDF of 20 pages (a photo
//! with its EXIF and GPS and a line of text on each) and a batch of 200
//! phone-sized JPEGs, each beside a plain memory copy of the same bytes.
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

    let pdf = pdf_of_photos(dir.path(), 10_000_000);
    vec![
        Input { name: "jpeg_12mp", bytes: jpeg },
        Input { name: "png", bytes: png },
        Input { name: "webp", bytes: webp },
        Input { name: "pdf_20_pages", bytes: pdf },
    ]
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
