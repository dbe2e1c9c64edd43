//! The labelled faces of dlib's set (build/faces-dataset, fetched by `make
//! test`), for the face tests of photos and videos.

use std::path::Path;

use silbato::faces::Region;

/// The faces labelled in one of the set's XML files, photo by photo:
/// `<image file='…'><box top='…' left='…' width='…' height='…'/>…</image>`
pub fn labels(xml: &str) -> Vec<(String, Vec<Region>)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!("{name}='"))? + name.len() + 2;
        Some(tag[start..start + tag[start..].find('\'')?].to_string())
    };
    let mut out: Vec<(String, Vec<Region>)> = Vec::new();
    for tag in xml.split('<').skip(1) {
        if tag.starts_with("image ") {
            out.push((attr(tag, "file").expect("file"), Vec::new()));
        } else if tag.starts_with("box ") {
            let n = |k| attr(tag, k).and_then(|v| v.parse::<i64>().ok()).expect(k).max(0) as u32;
            out.last_mut().expect("a box inside an image").1.push(Region { x: n("left"), y: n("top"), width: n("width"), height: n("height") });
        }
    }
    out
}

/// The labelled photos scaled by `k` and laid side by side, row after row,
/// on a grey canvas of `width` x `height` (as many as fit), with their
/// faces' boxes: faces as a photo or a frame of a crowd shows them.
pub fn mosaic(dir: &Path, k: f64, width: u32, height: u32) -> (image::GrayImage, Vec<Region>) {
    let mut canvas = image::GrayImage::from_pixel(width, height, image::Luma([128]));
    let (mut x, mut y, mut row) = (0u32, 0u32, 0u32);
    let mut truth = Vec::new();
    for xml in ["training.xml", "testing.xml"] {
        for (file, boxes) in labels(&std::fs::read_to_string(dir.join(xml)).unwrap()) {
            let photo = image::load_from_memory(&std::fs::read(dir.join(&file)).unwrap()).unwrap().to_luma8();
            let (w, h) = ((f64::from(photo.width()) * k) as u32, (f64::from(photo.height()) * k) as u32);
            if x + w > canvas.width() {
                (x, y, row) = (0, y + row, 0);
            }
            if y + h > canvas.height() {
                continue;
            }
            image::imageops::replace(
                &mut canvas,
                &image::imageops::resize(&photo, w, h, image::imageops::FilterType::Triangle),
                i64::from(x),
                i64::from(y),
            );
            let at = |v: u32| (f64::from(v) * k) as u32;
            truth.extend(boxes.iter().map(|b| Region { x: x + at(b.x), y: y + at(b.y), width: at(b.width), height: at(b.height) }));
            (x, row) = (x + w, row.max(h));
        }
    }
    (canvas, truth)
}
