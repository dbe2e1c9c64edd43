//! Shared by the integration tests and `examples/make-fixtures.rs`: images
//! the project makes itself, with real metadata written into them by
//! exiftool, and the independent checks (exiftool's view of a file, pixels
//! decoded by the `image` crate).
#![allow(dead_code)]

pub mod faces;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use image::{AnimationDecoder, ImageDecoder, ImageEncoder, RgbImage, RgbaImage};
use serde_json::Value;

pub const ADOBE_RGB_ICC: &str = "/usr/share/color/icc/compatibleWithAdobeRGB1998.icc";

/// Is the tool installed (can it be started at all)?
pub fn have(tool: &str) -> bool {
    Command::new(tool).arg("-h").output().is_ok()
}

/// Fail loudly when a tool the tests rely on is missing: `make test` installs them.
pub fn require(tool: &str) {
    assert!(have(tool), "{tool} is missing; run `make setup` (scripts/setup.sh installs it)");
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// A photo-like picture: gradients and a deterministic texture, so JPEG
/// has real work to do and pixel comparisons mean something.
pub fn picture(w: u32, h: u32, seed: u32) -> RgbImage {
    let mut state = seed.wrapping_mul(2654435761).wrapping_add(1);
    RgbImage::from_fn(w, h, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let n = (state & 15) as u8;
        image::Rgb([(x * 255 / w) as u8 ^ n, (y * 255 / h) as u8, ((x + y) % 256) as u8 ^ (n >> 1)])
    })
}

pub fn encode_jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(img, img.width(), img.height(), image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

pub fn encode_png(img: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out).write_image(img, img.width(), img.height(), image::ExtendedColorType::Rgba8).unwrap();
    out
}

/// exiftool writes tags in place.
pub fn exiftool_write(path: &Path, args: &[&str]) {
    let mut cmd = Command::new("exiftool");
    cmd.args(["-q", "-q", "-overwrite_original"]).args(args).arg(path);
    run(&mut cmd);
}

/// Tags common to every fixture: location, serials, people, ids, times.
pub fn identifying_tags(icc: bool) -> Vec<String> {
    let mut t: Vec<String> = [
        "-Make=Apple",
        "-Model=iPhone 13",
        "-Software=17.1.2",
        "-SerialNumber=F2LXK9Q1",
        "-LensSerialNumber=LS-5521",
        "-OwnerName=Ana Example",
        "-Artist=Ana Example",
        "-Copyright=Ana Example",
        "-ImageUniqueID=5d41402abc4b2a76b9719d911017c592",
        "-DateTimeOriginal=2026:03:08 12:34:56",
        "-OffsetTimeOriginal=-05:00",
        "-GPSLatitude=44.9618",
        "-GPSLatitudeRef=N",
        "-GPSLongitude=93.2710",
        "-GPSLongitudeRef=W",
        "-GPSAltitude=250",
        "-XMP-dc:Creator=Ana Example",
        "-XMP-dc:Description=At the corner of Lake and 5th",
        "-XMP-photoshop:City=Minneapolis",
        "-XMP-xmpMM:DocumentID=xmp.did:0f9e8d7c",
        "-XMP-aux:SerialNumber=F2LXK9Q1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if icc {
        t.push(format!("-ICC_Profile<={ADOBE_RGB_ICC}"));
    }
    t
}

#[derive(Clone, Debug)]
pub struct Fixture {
    pub name: String,
    pub path: PathBuf,
    /// Categories our inspector must report for this file.
    pub expect: Vec<&'static str>,
    pub orientation: Option<u16>,
}

/// Writes every fixture into `dir` and returns them. Needs exiftool,
/// cwebp/img2webp (Debian `webp`) and jpegtran (`libjpeg-turbo-progs`).
pub fn make_fixtures(dir: &Path) -> Vec<Fixture> {
    std::fs::create_dir_all(dir).unwrap();
    let mut out = Vec::new();
    let base = picture(96, 64, 7);
    let thumb = dir.join("thumb.jpg");
    std::fs::write(&thumb, encode_jpeg(&picture(32, 21, 3), 80)).unwrap();
    let thumb_arg = format!("-ThumbnailImage<={}", thumb.display());
    let everything = ["location", "serial", "person", "unique_id", "device", "timestamp", "text"];

    // JPEG with everything: EXIF, GPS, XMP, IPTC, comment, thumbnail, ICC, orientation.
    let p = dir.join("jpeg-full.jpg");
    std::fs::write(&p, encode_jpeg(&base, 92)).unwrap();
    let mut args = identifying_tags(true);
    args.extend(
        [
            "-IPTC:By-line=Ana Example",
            "-IPTC:City=Minneapolis",
            "-IPTC:Caption-Abstract=Neighbours on Lake Street",
            "-Comment=taken from the bus stop",
            "-Orientation#=6",
            "-UserComment=do not share",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    args.push(thumb_arg.clone());
    exiftool_write(&p, &args.iter().map(String::as_str).collect::<Vec<_>>());
    out.push(Fixture { name: "jpeg-full".into(), path: p.clone(), expect: [&everything[..], &["embedded"]].concat(), orientation: Some(6) });

    // The same with an appended motion-photo-like MP4 and with a second JPEG after the end.
    let full = std::fs::read(&p).unwrap();
    let mut mp4 = full.clone();
    mp4.extend_from_slice(b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom\0\0\0\x08free");
    mp4.extend_from_slice(&[0x42; 300]);
    let p2 = dir.join("jpeg-motion-trailer.jpg");
    std::fs::write(&p2, mp4).unwrap();
    out.push(Fixture { name: "jpeg-motion-trailer".into(), path: p2, expect: vec!["location", "embedded"], orientation: Some(6) });
    let mut hidden = full;
    hidden.extend_from_slice(&encode_jpeg(&picture(40, 30, 9), 70));
    let p3 = dir.join("jpeg-hidden-image.jpg");
    std::fs::write(&p3, hidden).unwrap();
    out.push(Fixture { name: "jpeg-hidden-image".into(), path: p3, expect: vec!["location", "embedded"], orientation: Some(6) });

    // Progressive with restart markers (jpegtran keeps the metadata with -copy all).
    let p4 = dir.join("jpeg-progressive.jpg");
    let o = Command::new("jpegtran").args(["-copy", "all", "-progressive", "-restart", "1"]).arg(&p).output().unwrap();
    assert!(o.status.success(), "jpegtran: {}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(&p4, o.stdout).unwrap();
    out.push(Fixture { name: "jpeg-progressive".into(), path: p4, expect: vec!["location", "serial", "person"], orientation: Some(6) });

    // An ICC profile larger than one segment (split over several APP2 segments).
    let big_icc = dir.join("big.icc");
    let mut icc = std::fs::read(ADOBE_RGB_ICC).unwrap();
    icc.extend(std::iter::repeat_n(0, 150_000));
    let len = icc.len() as u32;
    icc[..4].copy_from_slice(&len.to_be_bytes());
    std::fs::write(&big_icc, icc).unwrap();
    let p5 = dir.join("jpeg-big-icc.jpg");
    std::fs::write(&p5, encode_jpeg(&picture(64, 64, 11), 85)).unwrap();
    exiftool_write(
        &p5,
        &[
            &format!("-ICC_Profile<={}", big_icc.display()),
            "-GPSLatitude=19.4326",
            "-GPSLatitudeRef=N",
            "-GPSLongitude=99.1332",
            "-GPSLongitudeRef=W",
            "-Orientation#=8",
        ],
    );
    out.push(Fixture { name: "jpeg-big-icc".into(), path: p5, expect: vec!["location"], orientation: Some(8) });

    // PNG: eXIf, tEXt, iTXt XMP, iCCP, tIME, and a trailer.
    let rgba = RgbaImage::from_fn(80, 60, |x, y| image::Rgba([x as u8 * 3, y as u8 * 4, 128, (x + y) as u8]));
    let p6 = dir.join("png-full.png");
    std::fs::write(&p6, encode_png(&rgba)).unwrap();
    let mut args = identifying_tags(true);
    args.extend(
        ["-PNG:Comment=meet at noon", "-PNG:Author=Ana Example", "-Orientation#=3", "-PNG:ModifyDate=2026:03:08 12:00:00"]
            .iter()
            .map(|s| s.to_string()),
    );
    exiftool_write(&p6, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let mut png = std::fs::read(&p6).unwrap();
    png.extend_from_slice(b"appended after IEND");
    std::fs::write(&p6, png).unwrap();
    out.push(Fixture { name: "png-full".into(), path: p6.clone(), expect: [&everything[..], &["embedded"]].concat(), orientation: Some(3) });

    // WebP: lossy (cwebp), lossless, animated (img2webp), each with EXIF, XMP and ICC.
    let frame_a = dir.join("frame-a.png");
    let frame_b = dir.join("frame-b.png");
    std::fs::write(&frame_a, encode_png(&rgba)).unwrap();
    std::fs::write(&frame_b, encode_png(&RgbaImage::from_fn(80, 60, |x, y| image::Rgba([y as u8, x as u8, 40, 255])))).unwrap();
    let webps = [("webp-lossy", vec!["cwebp", "-quiet", "-q", "80"]), ("webp-lossless", vec!["cwebp", "-quiet", "-lossless"])];
    for (name, cmd) in webps {
        let p = dir.join(format!("{name}.webp"));
        run(Command::new(cmd[0]).args(&cmd[1..]).arg(&frame_a).arg("-o").arg(&p));
        let args = identifying_tags(true);
        exiftool_write(&p, &args.iter().map(String::as_str).collect::<Vec<_>>());
        exiftool_write(&p, &["-Orientation#=6"]);
        out.push(Fixture { name: name.into(), path: p, expect: vec!["location", "serial", "person", "unique_id"], orientation: Some(6) });
    }
    let p7 = dir.join("webp-animated.webp");
    run(Command::new("img2webp").args(["-loop", "0", "-lossless"]).arg(&frame_a).args(["-d", "200", "-lossy"]).arg(&frame_b).arg("-o").arg(&p7));
    exiftool_write(
        &p7,
        &[
            "-XMP-dc:Creator=Ana Example",
            "-XMP-photoshop:City=Minneapolis",
            "-GPSLatitude=44.9",
            "-GPSLatitudeRef=N",
            "-GPSLongitude=93.2",
            "-GPSLongitudeRef=W",
        ],
    );
    out.push(Fixture { name: "webp-animated".into(), path: p7, expect: vec!["location", "person"], orientation: None });

    // GIF: animated and looping, with a comment and XMP.
    let p8 = dir.join("gif-animated.gif");
    {
        let mut bytes = Vec::new();
        {
            let mut enc = image::codecs::gif::GifEncoder::new(&mut bytes);
            enc.set_repeat(image::codecs::gif::Repeat::Infinite).unwrap();
            for seed in [1u32, 2, 3] {
                let img = RgbaImage::from_fn(40, 30, |x, y| image::Rgba([(x * 6) as u8, (y * 8) as u8, (seed * 70) as u8, 255]));
                enc.encode_frame(image::Frame::from_parts(img, 0, 0, image::Delay::from_numer_denom_ms(100, 1))).unwrap();
            }
        }
        std::fs::write(&p8, bytes).unwrap();
    }
    exiftool_write(&p8, &["-Comment=the van is parked on 5th", "-XMP-dc:Creator=Ana Example", "-XMP-xmpMM:DocumentID=xmp.did:42"]);
    out.push(Fixture { name: "gif-animated".into(), path: p8, expect: vec!["person", "unique_id", "text"], orientation: None });

    out
}

/// Videos and HEIF images the tests make: ffmpeg and heif-enc write them,
/// exiftool and ffmpeg add location, names, ids and Apple-style keys.
/// Needs Debian's ffmpeg, libheif-examples and exiftool.
pub fn make_iso_fixtures(dir: &Path) -> Vec<Fixture> {
    std::fs::create_dir_all(dir).unwrap();
    let mut out = Vec::new();
    let ff = |args: &[&str], out: &Path| {
        let mut cmd = Command::new("ffmpeg");
        cmd.args([
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=96x64:rate=10",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=8000",
            "-t",
            "1",
        ]);
        cmd.args(["-metadata", "creation_time=2026-03-08T18:34:56Z"]).args(args).arg(out);
        run(&mut cmd);
    };
    let srt = dir.join("flight.srt");
    std::fs::write(&srt, "1\n00:00:00,000 --> 00:00:01,000\nGPS(44.9618,-93.2710,256) ISO 100\n").unwrap();

    // MP4 as ffmpeg writes it (moov after mdat): loci, title and artist; then
    // exiftool adds a QuickTime ©xyz position, a make and XMP.
    let p = dir.join("mp4-tagged.mp4");
    ff(
        &[
            "-c:v",
            "libx264",
            "-c:a",
            "aac",
            "-metadata",
            "location=+44.9618-093.2710/",
            "-metadata",
            "title=Lake Street",
            "-metadata",
            "artist=Ana Example",
        ],
        &p,
    );
    exiftool_write(
        &p,
        &[
            "-UserData:GPSCoordinates=44.9618, -93.2710, 256",
            "-UserData:Make=Apple",
            "-XMP-dc:Creator=Ana Example",
            "-XMP-xmpMM:DocumentID=xmp.did:77",
        ],
    );
    out.push(Fixture { name: "mp4-tagged".into(), path: p, expect: vec!["location", "person", "timestamp"], orientation: None });

    // The same with moov first (+faststart), a subtitle track carrying GPS as drones do, and a 90° track matrix.
    let p = dir.join("mp4-faststart-subtitles.mp4");
    {
        let mut cmd = Command::new("ffmpeg");
        cmd.args(["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=96x64:rate=10", "-f", "lavfi", "-i", "sine=sample_rate=8000", "-i"]);
        cmd.arg(&srt)
            .args([
                "-t",
                "1",
                "-map",
                "0",
                "-map",
                "1",
                "-map",
                "2",
                "-c:v",
                "libx264",
                "-c:a",
                "aac",
                "-c:s",
                "mov_text",
                "-metadata:s:v",
                "rotate=90",
                "-movflags",
                "+faststart",
                "-metadata",
                "location=+44.9618-093.2710/",
            ])
            .arg(&p);
        run(&mut cmd);
    }
    exiftool_write(&p, &["-Rotation=90"]);
    out.push(Fixture { name: "mp4-faststart-subtitles".into(), path: p, expect: vec!["location", "text"], orientation: None });

    // QuickTime with Apple's metadata keys in moov/meta, as an iPhone writes them.
    let p = dir.join("mov-apple-keys.mov");
    ff(
        &[
            "-c:v",
            "libx264",
            "-c:a",
            "aac",
            "-movflags",
            "use_metadata_tags",
            "-metadata",
            "com.apple.quicktime.location.ISO6709=+44.9618-093.2710+256.000/",
            "-metadata",
            "com.apple.quicktime.make=Apple",
            "-metadata",
            "com.apple.quicktime.model=iPhone 13",
            "-metadata",
            "com.apple.quicktime.software=17.1.2",
            "-metadata",
            "com.apple.quicktime.creationdate=2026-03-08T12:34:56-0600",
            "-metadata",
            "com.apple.quicktime.content.identifier=5D2C7C1E-1F8A-4C55-9E42-6F0B1E8B7F10",
        ],
        &p,
    );
    exiftool_write(&p, &["-UserData:GPSCoordinates=44.9618, -93.2710, 256"]);
    out.push(Fixture { name: "mov-apple-keys".into(), path: p, expect: vec!["location", "unique_id", "device", "timestamp"], orientation: None });

    // 3GP with the 3GPP location (loci) and author boxes.
    let p = dir.join("3gp-loci.3gp");
    ff(
        &["-c:v", "mpeg4", "-c:a", "aac", "-ar", "8000", "-metadata", "location=+44.9618-093.2710/", "-metadata", "author=Ana Example", "-f", "3gp"],
        &p,
    );
    out.push(Fixture { name: "3gp-loci".into(), path: p, expect: vec!["location", "person"], orientation: None });

    // HEIC and AVIF from a PNG with an ICC profile and alpha (heif-enc adds a
    // thumbnail with -t), then EXIF and XMP by exiftool.
    let rgba =
        RgbaImage::from_fn(128, 96, |x, y| image::Rgba([(x * 2) as u8, (y * 2) as u8, ((x + y) % 256) as u8, if x < 100 { 255 } else { 128 }]));
    let src = dir.join("heif-src.png");
    std::fs::write(&src, encode_png(&rgba)).unwrap();
    exiftool_write(&src, &[&format!("-ICC_Profile<={ADOBE_RGB_ICC}")]);
    for (name, args) in [("heic-tagged.heic", vec!["-q", "90", "-t", "48"]), ("avif-tagged.avif", vec!["--avif", "-q", "90"])] {
        let p = dir.join(name);
        run(Command::new("heif-enc").args(&args).arg("-o").arg(&p).arg(&src));
        let tags = identifying_tags(false);
        exiftool_write(&p, &tags.iter().map(String::as_str).collect::<Vec<_>>());
        let expect = if name.starts_with("heic") {
            vec!["location", "serial", "person", "unique_id", "embedded"]
        } else {
            vec!["location", "serial", "person", "unique_id"]
        };
        out.push(Fixture { name: name.trim_end_matches(".heic").trim_end_matches(".avif").into(), path: p, expect, orientation: None });
    }
    out
}

/// Per-stream packet hashes from `ffmpeg -map 0 -c copy -f streamhash -`:
/// (stream type, hash) in stream order.
pub fn stream_hashes(path: &Path) -> Vec<(String, String)> {
    let o = Command::new("ffmpeg").args(["-v", "error", "-i"]).arg(path).args(["-map", "0", "-c", "copy", "-f", "streamhash", "-"]).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| {
            let mut parts = l.split(',');
            let _index = parts.next()?;
            Some((parts.next()?.to_string(), parts.next()?.to_string()))
        })
        .collect()
}

/// The primary image decoded by libheif (heif-convert), as RGBA pixels.
pub fn heif_pixels(path: &Path) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("out.png");
    let o = Command::new("heif-convert").arg(path).arg(&png).output().unwrap();
    assert!(o.status.success(), "heif-convert {}: {}", path.display(), String::from_utf8_lossy(&o.stderr));
    image::open(&png).unwrap().to_rgba8().into_raw()
}

pub fn rotation(path: &Path) -> Vec<String> {
    exiftool_tags(path)
        .into_iter()
        .filter(|(k, _)| k.ends_with(":Rotation") || k.ends_with(":MatrixStructure") || k.ends_with(":ImageWidth") || k.ends_with(":ImageHeight"))
        .map(|(k, v)| format!("{k}={v}"))
        .collect()
}

/// Plan through the sparse protocol, loading only what the core asks for.
pub fn plan_by_ranges(bytes: &[u8]) -> (silbato::Planned, u64) {
    let mut sparse = silbato::Sparse::new(bytes.len() as u64);
    loop {
        match silbato::plan_clean_source(&sparse, &silbato::Options::default()).unwrap() {
            silbato::Step::Done(p) => return (p, sparse.loaded()),
            silbato::Step::Need { start, len } => sparse.insert(start, bytes[start as usize..(start + len) as usize].to_vec()),
        }
    }
}

/// Clean an ISO media file and check it with independent readers; the
/// first problem found, if any.
pub fn iso_check(path: &Path, dir: &Path) -> Result<(), String> {
    let input = std::fs::read(path).unwrap();
    let opts = silbato::Options::default();
    let cleaned = silbato::clean(&input, &opts).map_err(|e| format!("clean: {e}"))?;
    let out = dir.join(format!("clean-{}", path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&out, &cleaned.output).unwrap();

    let left = leaks(&out);
    if !left.is_empty() {
        return Err(format!("exiftool still finds {left:?}"));
    }
    if exiftool_warnings(path).is_empty() && !exiftool_warnings(&out).is_empty() {
        return Err(format!("exiftool warns: {:?}", exiftool_warnings(&out)));
    }
    if icc_profile(&out) != icc_profile(path) {
        return Err("colour profile changed".into());
    }
    // Every kept track keeps its matrix and size; dropped tracks simply disappear.
    let (before, after) = (rotation(path), rotation(&out));
    if let Some(r) = after.iter().find(|r| !before.contains(r)) {
        return Err(format!("{r} is not in the original {before:?}"));
    }
    let shown = |v: &[String]| {
        v.iter().filter(|r| r.starts_with("Composite:Rotation") || r.starts_with("QuickTime:MatrixStructure")).cloned().collect::<Vec<_>>()
    };
    if shown(&after) != shown(&before) {
        return Err(format!("rotation changed: {:?} → {:?}", shown(&before), shown(&after)));
    }

    if cleaned.format.mime_type().starts_with("image/") {
        if heif_pixels(path) != heif_pixels(&out) {
            return Err("pixels changed".into());
        }
    } else {
        let before = stream_hashes(path);
        let after = stream_hashes(&out);
        let media = |v: &[(String, String)]| v.iter().filter(|(t, _)| t == "v" || t == "a").cloned().collect::<Vec<_>>();
        if media(&before).is_empty() {
            return Err("ffmpeg hashed no picture or sound stream".into());
        }
        if media(&after) != media(&before) {
            return Err(format!("a picture or sound stream changed: {:?} → {:?}", media(&before), media(&after)));
        }
        if let Some(s) = after.iter().find(|s| !before.contains(s)) {
            return Err(format!("stream {s:?} is new"));
        }
    }

    // The sparse protocol and the CLI (which streams from ranges) agree with the in-memory clean.
    let (planned, loaded) = plan_by_ranges(&input);
    if planned.plan.apply(&input).unwrap() != cleaned.output || loaded > input.len() as u64 {
        return Err("the plan made from ranges differs from the in-memory clean".into());
    }
    if let Some(cli) = option_env!("CARGO_BIN_EXE_silbato") {
        let cli_out = dir.join("cli");
        let o = Command::new(cli).args(["clean", "--out"]).arg(&cli_out).arg(path).output().unwrap();
        if !o.status.success() {
            return Err(format!("CLI: {}", String::from_utf8_lossy(&o.stderr)));
        }
        if std::fs::read(cli_out.join(path.file_name().unwrap())).unwrap() != cleaned.output {
            return Err("the CLI (streaming) wrote different bytes".into());
        }
    }
    let again = silbato::clean(&cleaned.output, &opts).map_err(|e| format!("second clean: {e}"))?;
    if again.output != cleaned.output {
        return Err("cleaning twice changed the file".into());
    }
    if !silbato::inspect(&cleaned.output, &opts).unwrap().findings.is_empty() {
        return Err("our own inspector still finds something".into());
    }
    Ok(())
}

/// exiftool's view: {"Group:Tag": value} from `exiftool -j -a -u -G1 -ee`.
pub fn exiftool_tags(path: &Path) -> BTreeMap<String, Value> {
    let out = Command::new("exiftool").args(["-j", "-a", "-u", "-G1", "-ee", "-api", "LargeFileSupport=1"]).arg(path).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let mut map = BTreeMap::new();
    if let Some(obj) = v.get(0).and_then(Value::as_object) {
        for (k, v) in obj {
            map.insert(k.clone(), v.clone());
        }
    }
    map
}

/// Groups that describe the file itself or the kept colour profile.
fn neutral_group(group: &str) -> bool {
    matches!(group, "System" | "File" | "ExifTool" | "Composite" | "JFIF" | "PNG" | "RIFF" | "GIF" | "APP14" | "Adobe") || group.starts_with("ICC")
}

fn blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.chars().all(|c| c.is_whitespace() || c == '0' || c == ':' || c == '.' || c == '-'),
        Value::Number(n) => n.as_f64() == Some(0.0),
        _ => false,
    }
}

/// Classify a tag by name as the corpus manifest does: the four categories
/// that must never survive, plus embedded images and trailers.
pub fn classify(key: &str) -> Option<&'static str> {
    let (group, tag) = key.split_once(':').unwrap_or(("", key));
    if neutral_group(group) {
        // The PNG group holds text chunks too: those do count.
        if group != "PNG"
            || matches!(
                tag,
                "ImageWidth"
                    | "ImageHeight"
                    | "BitDepth"
                    | "ColorType"
                    | "Compression"
                    | "Filter"
                    | "Interlace"
                    | "Gamma"
                    | "SRGBRendering"
                    | "PixelsPerUnitX"
                    | "PixelsPerUnitY"
                    | "PixelUnits"
                    | "ProfileName"
                    | "WhitePointX"
                    | "WhitePointY"
                    | "RedX"
                    | "RedY"
                    | "GreenX"
                    | "GreenY"
                    | "BlueX"
                    | "BlueY"
                    | "AnimationFrames"
                    | "AnimationPlays"
                    | "SignificantBits"
                    | "BackgroundColor"
                    | "Transparency"
                    | "Palette"
            )
        {
            return None;
        }
    }
    let t = tag.to_ascii_lowercase();
    if group == "GPS"
        || t.contains("gps")
        || t.contains("latitude")
        || t.contains("longitude")
        || t.contains("city")
        || t.contains("location")
        || t.contains("country")
        || t == "province-state"
        || t == "state"
        || t.contains("sublocation")
    {
        return Some("location");
    }
    if t.contains("serial") {
        return Some("serial");
    }
    if [
        "artist",
        "author",
        "by-line",
        "copyright",
        "owner",
        "rights",
        "credit",
        "contact",
        "writer",
        "photographer",
        "personinimage",
        "regionname",
        "imageeditor",
    ]
    .iter()
    .any(|w| t.contains(w))
        || (t.contains("creator") && !t.contains("tool"))
    {
        return Some("person");
    }
    if ["uniqueid", "documentid", "instanceid", "uuid", "contentidentifier", "burstid", "photoidentifier"].iter().any(|w| t.contains(w)) {
        return Some("unique_id");
    }
    if ["thumbnail", "previewimage", "mpimage", "jpgfromraw", "otherimage", "embeddedvideo", "motionphoto", "trailer", "gainmap"]
        .iter()
        .any(|w| t.contains(w))
    {
        return Some("embedded");
    }
    None
}

/// Tags exiftool still sees that must not survive cleaning.
pub fn leaks(path: &Path) -> Vec<String> {
    exiftool_tags(path).into_iter().filter(|(k, v)| !blank(v) && classify(k).is_some()).map(|(k, v)| format!("{k} = {v}")).collect()
}

/// Structural warnings exiftool gives (a damaged file says so here).
pub fn exiftool_warnings(path: &Path) -> Vec<String> {
    exiftool_tags(path).into_iter().filter(|(k, _)| k.ends_with(":Warning") || k.ends_with(":Error")).map(|(k, v)| format!("{k} = {v}")).collect()
}

/// The ICC profile's bytes as exiftool extracts them.
pub fn icc_profile(path: &Path) -> Vec<u8> {
    Command::new("exiftool").args(["-b", "-ICC_Profile"]).arg(path).output().map(|o| o.stdout).unwrap_or_default()
}

/// Orientation as exiftool reads it (numeric), if any.
pub fn orientation(path: &Path) -> Option<i64> {
    let out = Command::new("exiftool").args(["-n", "-s3", "-Orientation"]).arg(path).output().ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// Every frame's decoded pixels (RGBA8), by the `image` crate: an
/// independent decoder. Orientation is not applied; the raw raster is compared.
pub fn decode_frames(bytes: &[u8]) -> Vec<Vec<u8>> {
    let format = image::guess_format(bytes).expect("image format");
    match format {
        image::ImageFormat::Gif => {
            let d = image::codecs::gif::GifDecoder::new(Cursor::new(bytes)).unwrap();
            d.into_frames().map(|f| f.unwrap().into_buffer().into_raw()).collect()
        }
        image::ImageFormat::WebP => {
            let d = image::codecs::webp::WebPDecoder::new(Cursor::new(bytes)).unwrap();
            if d.has_animation() {
                d.into_frames().map(|f| f.unwrap().into_buffer().into_raw()).collect()
            } else {
                vec![image::DynamicImage::from_decoder(d).unwrap().to_rgba8().into_raw()]
            }
        }
        _ => {
            let mut reader = image::ImageReader::new(Cursor::new(bytes));
            reader.set_format(format);
            reader.no_limits();
            let decoder = reader.into_decoder().unwrap();
            let (w, h) = decoder.dimensions();
            let img = image::DynamicImage::from_decoder(decoder).unwrap();
            assert_eq!((img.width(), img.height()), (w, h));
            vec![img.to_rgba8().into_raw()]
        }
    }
}

/// The command-line tool built by cargo for this test run.
// Also compiled into examples/make-fixtures.rs, where cargo sets no CARGO_BIN_EXE_*: env! would not build there.
#[allow(clippy::option_env_unwrap)]
pub fn cli() -> PathBuf {
    PathBuf::from(option_env!("CARGO_BIN_EXE_silbato").expect("only integration tests run the CLI"))
}

/// Damaged photos made from `jpeg-full.jpg` (written by [`make_fixtures`]
/// first), for the JavaScript and end-to-end tests: three that browsers
/// still show and Silbato cleans (cut short inside the image data; the end
/// marker missing and a motion photo's video after it, cut short; junk where
/// the end marker should be), and one whose headers are damaged, still refused.
pub fn make_damaged_fixtures(dir: &Path) -> Vec<PathBuf> {
    let full = std::fs::read(dir.join("jpeg-full.jpg")).expect("make_fixtures first");
    let body = &full[..full.len() - 2];
    let mut video = b"\0\0\0\x1cftypisom\0\0\x02\0isomiso2mp41\0\0\x4e\x28mdat".to_vec();
    let mut state = 0x2545F491u32;
    video.extend((0..10_000).map(|_| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state as u8
    }));
    // The EXIF segment starts right after SOI (exiftool writes it first): cut inside it.
    let headers_cut = [&full[..60], &[0x12, 0x34][..], &full[60..]].concat();
    // Where the image data starts: after the first scan header.
    let mut p = 2;
    while full[p + 1] != 0xDA {
        p += 2 + u16::from_be_bytes([full[p + 2], full[p + 3]]) as usize;
    }
    let data = p + 2 + u16::from_be_bytes([full[p + 2], full[p + 3]]) as usize;
    let files: [(&str, Vec<u8>); 4] = [
        ("jpeg-cut-short.jpg", full[..data + (full.len() - data) * 2 / 3].to_vec()),
        ("jpeg-motion-cut-short.jpg", [body, &video[..]].concat()),
        ("jpeg-junk-after-image.jpg", [body, b"lat 44.9618 lon -93.2710".as_slice()].concat()),
        ("jpeg-damaged-headers.jpg", headers_cut),
    ];
    files
        .into_iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect()
}

/// RGB rows as libjpeg-turbo's djpeg decodes a JPEG: (bytes per row, pixels).
/// Chromium decodes JPEGs with libjpeg-turbo, so for a damaged file this is
/// what a browser shows (djpeg warns and fills what is missing, as browsers
/// do). None when djpeg gives no picture at all.
pub fn djpeg_rows(bytes: &[u8]) -> Option<(usize, Vec<u8>)> {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new("djpeg").arg("-ppm").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().ok()?;
    let mut stdin = child.stdin.take()?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().ok()?;
    let _ = writer.join();
    // P6\n<width> <height>\n255\n<rgb>
    let text = out.stdout;
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while text.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !text.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&text[start..i]).into_owned());
    }
    let width: usize = fields[1].parse().ok()?;
    (fields[0] == "P6").then(|| (width * 3, text[i + 1..].to_vec()))
}

/// LibreOffice headless in `dir`, with a profile of its own there (two
/// runs at once share nothing).
pub fn soffice(dir: &Path, args: &[&str]) {
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let out = Command::new("soffice").arg(&profile).args(["--headless", "--norestore"]).args(args).current_dir(dir).output().expect("soffice");
    assert!(out.status.success(), "soffice {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Office documents for the JavaScript and end-to-end tests: a DOCX that
/// LibreOffice writes from a flat ODT with an author, a title and a comment
/// by someone else (converted in a folder of its own, so that LibreOffice's
/// profile stays out of `dir`).
pub fn make_document_fixtures(dir: &Path) -> Vec<PathBuf> {
    require("soffice");
    std::fs::create_dir_all(dir).unwrap();
    let work = tempfile::tempdir().unwrap();
    let fodt = r#"<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"><office:meta><meta:initial-creator>Ana Example</meta:initial-creator><dc:creator>Ana Example</dc:creator><dc:title>Rapid response shifts</dc:title><meta:user-defined meta:name="Company">Vecinos Unidos</meta:user-defined></office:meta><office:body><office:text><text:p>Meet at noon at the corner.<office:annotation><dc:creator>Bea Example</dc:creator><dc:date>2026-03-02T09:00:00</dc:date><text:p>Is this safe?</text:p></office:annotation></text:p><text:p>Bring water and a charged phone.</text:p></office:text></office:body></office:document>"#;
    std::fs::write(work.path().join("docx-author.fodt"), fodt).unwrap();
    soffice(work.path(), &["--convert-to", "docx", "docx-author.fodt"]);
    let out = dir.join("docx-author.docx");
    std::fs::copy(work.path().join("docx-author.docx"), &out).unwrap();
    vec![out]
}

/// A PDF's text as pdftotext (poppler-utils) reads it, words separated by single spaces.
pub fn pdf_words(pdf: &Path) -> String {
    let out = Command::new("pdftotext").args(["-layout"]).arg(pdf).arg("-").output().expect("pdftotext");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---- audio -------------------------------------------------------------

/// A RIFF chunk (padded to an even size).
pub fn riff_chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = id.to_vec();
    c.extend_from_slice(&(data.len() as u32).to_le_bytes());
    c.extend_from_slice(data);
    if data.len() % 2 == 1 {
        c.push(0);
    }
    c
}

/// Append chunks to a WAV file and fix its RIFF size.
pub fn wav_append(path: &Path, chunks: &[Vec<u8>]) {
    let mut b = std::fs::read(path).unwrap();
    for c in chunks {
        b.extend_from_slice(c);
    }
    let size = (b.len() - 8) as u32;
    b[4..8].copy_from_slice(&size.to_le_bytes());
    std::fs::write(path, b).unwrap();
}

/// An APEv2 tag (header, items, footer) with text items and a cover.
pub fn ape_tag(items: &[(&str, &[u8], u32)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (key, value, flags) in items {
        body.extend_from_slice(&(value.len() as u32).to_le_bytes());
        body.extend_from_slice(&flags.to_le_bytes());
        body.extend_from_slice(key.as_bytes());
        body.push(0);
        body.extend_from_slice(value);
    }
    let size = body.len() as u32 + 32;
    let block = |flags: u32| {
        let mut b = b"APETAGEX".to_vec();
        for v in [2000, size, items.len() as u32, flags] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&[0; 8]);
        b
    };
    [block(0xA000_0000), body, block(0x8000_0000)].concat()
}

/// An ID3v2 tag of `major` (2, 3 or 4) with text frames `(id, text)`
/// (ISO-8859-1), written by hand as taggers of each version do.
pub fn id3_tag(major: u8, frames: &[(&str, &str)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (id, text) in frames {
        let mut content = vec![0u8];
        content.extend_from_slice(text.as_bytes());
        body.extend_from_slice(id.as_bytes());
        let n = content.len() as u32;
        match major {
            2 => body.extend_from_slice(&n.to_be_bytes()[1..]),
            3 => body.extend_from_slice(&n.to_be_bytes()),
            _ => body.extend_from_slice(&[(n >> 21) as u8 & 0x7F, (n >> 14) as u8 & 0x7F, (n >> 7) as u8 & 0x7F, n as u8 & 0x7F]),
        }
        if major > 2 {
            body.extend_from_slice(&[0, 0]);
        }
        body.extend(content);
    }
    body.extend_from_slice(&[0; 16]);
    let n = body.len() as u32;
    let mut t = vec![b'I', b'D', b'3', major, 0, 0, (n >> 21) as u8 & 0x7F, (n >> 14) as u8 & 0x7F, (n >> 7) as u8 & 0x7F, n as u8 & 0x7F];
    t.extend(body);
    t
}

/// Standard base64 (for METADATA_BLOCK_PICTURE fields).
pub fn base64(b: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            s.push(if i <= c.len() { A[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    s
}

/// FLAC's PICTURE structure around a JPEG (for Vorbis comments).
pub fn flac_picture_block(jpeg: &[u8]) -> Vec<u8> {
    let mut b = 3u32.to_be_bytes().to_vec();
    b.extend_from_slice(&10u32.to_be_bytes());
    b.extend_from_slice(b"image/jpeg");
    b.extend_from_slice(&0u32.to_be_bytes());
    b.extend_from_slice(&[0; 16]);
    b.extend_from_slice(&(jpeg.len() as u32).to_be_bytes());
    b.extend_from_slice(jpeg);
    b
}

/// Where a fixture keeps its audio as it was before tags that confuse
/// ffmpeg's decoder were added by hand.
pub fn reference_audio(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".reference");
    path.with_file_name(name)
}

/// Recordings the tests make: ffmpeg encodes a tone and writes tags
/// (ID3v2.3/2.4 with a cover photo, ID3v1, Vorbis comments, RIFF INFO and
/// bext, iTunes and Apple keys), exiftool adds a QuickTime position and
/// cover art as an iPhone voice memo carries them, and the rest is written
/// by hand (ID3v2.2, APE, Lyrics3, iXML, XMP and ID3 chunks in WAV, big
/// base64 pictures that make Ogg comments span pages). The cover photo has
/// a GPS position of its own. Needs Debian's ffmpeg (with libmp3lame,
/// libvorbis, libopus, libspeex) and exiftool.
pub fn make_audio_fixtures(dir: &Path) -> Vec<Fixture> {
    std::fs::create_dir_all(dir).unwrap();
    let mut out = Vec::new();
    let cover = dir.join("cover.jpg");
    std::fs::write(&cover, encode_jpeg(&picture(64, 48, 5), 85)).unwrap();
    exiftool_write(
        &cover,
        &[
            "-GPSLatitude=44.9618",
            "-GPSLatitudeRef=N",
            "-GPSLongitude=93.2710",
            "-GPSLongitudeRef=W",
            "-Artist=Ana Example",
            "-SerialNumber=F2LXK9Q1",
        ],
    );
    let cover_bytes = std::fs::read(&cover).unwrap();
    let tags: Vec<String> = [
        "title=Calle Falsa 123",
        "artist=Ana Example",
        "album=Marcha del 8",
        "comment=meet at the church at 7",
        "date=2026-03-08",
        "copyright=Ana Example",
        "publisher=Vecinos Unidos",
    ]
    .iter()
    .flat_map(|t| ["-metadata".to_string(), t.to_string()])
    .collect();
    let ff = |args: &[&str], with_cover: bool, out: &Path| {
        let mut cmd = Command::new("ffmpeg");
        cmd.args(["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"]);
        if with_cover {
            cmd.arg("-i").arg(&cover).args(["-map", "0", "-map", "1", "-c:v", "copy", "-disposition:v", "attached_pic"]);
        }
        // An output option, after every input: two seconds.
        cmd.args(["-t", "2"]);
        cmd.args(&tags).args(args).arg(out);
        run(&mut cmd);
    };
    let fixture =
        |name: &str, path: PathBuf, expect: &[&'static str]| Fixture { name: name.into(), path, expect: expect.to_vec(), orientation: None };

    // MP3: ID3v2.4 with a cover photo, and an ID3v1 tag at the end.
    let p = dir.join("mp3-id3v24.mp3");
    ff(&["-c:a", "libmp3lame", "-id3v2_version", "4", "-write_id3v1", "1"], true, &p);
    out.push(fixture("mp3-id3v24", p, &["person", "text", "embedded", "location", "timestamp"]));

    // MP3: ID3v2.3 (what Windows and most taggers write), then APE and Lyrics3 by hand before ID3v1.
    let p = dir.join("mp3-id3v23-ape-lyrics3.mp3");
    ff(&["-c:a", "libmp3lame", "-id3v2_version", "3", "-write_id3v1", "1"], false, &p);
    {
        let mut b = std::fs::read(&p).unwrap();
        // ffmpeg decodes an APE cover picture as if it were audio: the sound to compare with is the file before.
        std::fs::write(reference_audio(&p), &b).unwrap();
        let v1 = b.split_off(b.len() - 128);
        let mut cover_item = b"cover.jpg\0".to_vec();
        cover_item.extend_from_slice(&cover_bytes);
        b.extend(ape_tag(&[("Artist", b"Luis Example", 0), ("Record Location", b"Lake Street", 0), ("Cover Art (Front)", &cover_item, 2)]));
        b.extend_from_slice(b"LYRICSBEGININD0000210AUT00012Luis Example000041LYRICS200");
        b.extend(v1);
        std::fs::write(&p, b).unwrap();
    }
    out.push(fixture("mp3-id3v23-ape-lyrics3", p, &["person", "text", "embedded", "location"]));

    // MP3 with an ID3v2.2 tag, as iTunes wrote them, written by hand over a bare stream.
    let p = dir.join("mp3-id3v22.mp3");
    ff(&["-c:a", "libmp3lame", "-id3v2_version", "0", "-map_metadata", "-1"], false, &p);
    {
        let bare = std::fs::read(&p).unwrap();
        let mut b = id3_tag(2, &[("TP1", "Ana Example"), ("TT2", "Asamblea"), ("TEN", "iTunes v7")]);
        b.extend(bare);
        std::fs::write(&p, b).unwrap();
    }
    out.push(fixture("mp3-id3v22", p, &["person", "text"]));

    // M4A as an iPhone voice memo: AAC in an iTunes-style file titled after
    // the place, Voice Memos as the encoder, the position in udta (©xyz) and cover art.
    let p = dir.join("m4a-voice-memo.m4a");
    ff(&["-c:a", "aac", "-f", "ipod", "-metadata", "encoder=com.apple.VoiceMemos (iPhone Version 17.1 (Build 21B80))"], false, &p);
    exiftool_write(&p, &["-UserData:GPSCoordinates=44.9618, -93.2710, 256", &format!("-CoverArt<={}", cover.display())]);
    out.push(fixture("m4a-voice-memo", p, &["location", "person", "text", "embedded"]));

    // M4A with Apple's metadata keys (location, make, model) as newer iPhones write them.
    let p = dir.join("m4a-apple-keys.m4a");
    ff(
        &[
            "-c:a",
            "alac",
            "-f",
            "ipod",
            "-movflags",
            "use_metadata_tags",
            "-metadata",
            "com.apple.quicktime.location.ISO6709=+44.9618-093.2710+256.000/",
            "-metadata",
            "com.apple.quicktime.make=Apple",
            "-metadata",
            "com.apple.quicktime.model=iPhone 15",
        ],
        false,
        &p,
    );
    out.push(fixture("m4a-apple-keys", p, &["location", "person", "device"]));

    // WAV: RIFF INFO and Broadcast Wave bext from ffmpeg; iXML with a GPS
    // position, XMP and an ID3 chunk by hand, as field recorders and taggers add them.
    let p = dir.join("wav-bext-ixml.wav");
    ff(
        &[
            "-c:a",
            "pcm_s16le",
            "-write_bext",
            "1",
            "-metadata",
            "originator=Ana Example",
            "-metadata",
            "originator_reference=USZOM0123456789",
            "-metadata",
            "coding_history=A=PCM,F=44100,W=16,M=mono,T=Zoom H5 SN 0012345",
            "-metadata",
            "umid=0x060A2B340101010101010F0013000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
            "-metadata",
            "time_reference=1234567",
        ],
        false,
        &p,
    );
    let xmp = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:creator><rdf:Seq><rdf:li>Ana Example</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>";
    wav_append(
        &p,
        &[
            riff_chunk(b"iXML", b"<?xml version=\"1.0\"?><BWFXML><PROJECT>Vecinos</PROJECT><NOTE>interview at the clinic</NOTE><FILE_UID>ZOM0123456789ABCDEF</FILE_UID><LOCATION><LOCATION_NAME>Lake Street</LOCATION_NAME><LOCATION_GPS>44.9618, -93.2710</LOCATION_GPS></LOCATION></BWFXML>"),
            riff_chunk(b"_PMX", xmp),
            riff_chunk(b"id3 ", &id3_tag(3, &[("TPE1", "Ana Example"), ("TIT2", "Entrevista")])),
        ],
    );
    out.push(fixture("wav-bext-ixml", p, &["location", "person", "unique_id", "text", "timestamp"]));

    // FLAC with Vorbis comments and a cover photo (PICTURE block).
    let p = dir.join("flac-picture.flac");
    ff(&["-c:a", "flac"], true, &p);
    out.push(fixture("flac-picture", p, &["person", "text", "embedded", "location"]));

    // Ogg Vorbis, Opus and Speex, and FLAC in Ogg, with comments; the Opus
    // one carries a 68 KB picture (METADATA_BLOCK_PICTURE) so that its
    // comment header spans several pages, as cover art makes it.
    let mut jpeg_with_filler = cover_bytes.clone();
    let eoi = jpeg_with_filler.split_off(jpeg_with_filler.len() - 2);
    {
        // A COM segment inside the JPEG: still a valid photo, now 68 KB (its
        // base64 must fit in one command-line argument, 128 KB).
        jpeg_with_filler.extend_from_slice(&[0xFF, 0xFE, 0xFF, 0xF0]);
        jpeg_with_filler.extend((0..0xFFEE).map(|i| b'a' + (i % 26) as u8));
    }
    jpeg_with_filler.extend(eoi);
    let picture_field = format!("METADATA_BLOCK_PICTURE={}", base64(&flac_picture_block(&jpeg_with_filler)));
    for (name, args, extra_picture) in [
        ("ogg-vorbis.ogg", vec!["-c:a", "libvorbis"], false),
        ("opus-picture.opus", vec!["-c:a", "libopus"], true),
        ("ogg-speex.spx", vec!["-c:a", "libspeex", "-ar", "16000"], false),
        ("ogg-flac.oga", vec!["-c:a", "flac", "-f", "ogg"], false),
    ] {
        let p = dir.join(name);
        let mut args: Vec<&str> = args;
        if extra_picture {
            args.extend(["-metadata", picture_field.as_str()]);
        }
        ff(&args, false, &p);
        let expect: &[&str] = if extra_picture { &["person", "text", "embedded", "location"] } else { &["person", "text"] };
        out.push(fixture(name.split('.').next().unwrap_or(name), p, expect));
    }
    out
}

/// Tags exiftool still sees in a cleaned recording that are not the
/// stream's own description: any tag of a metadata group, any picture, and
/// whatever `leaks` classifies.
pub fn audio_leaks(path: &Path) -> Vec<String> {
    let structural = |key: &str, group: &str, tag: &str| match group {
        // Frame headers and the LAME encoder's notes: the audio stream itself.
        "MPEG" | "Opus" | "Speex" => true,
        // Movie and track structure, as for videos (classified by name).
        g if g == "QuickTime" || g.starts_with("Track") => classify(key).is_none() && !tag.contains("Picture") && !tag.contains("CoverArt"),
        "FLAC" => matches!(
            tag,
            "BlockSizeMin"
                | "BlockSizeMax"
                | "FrameSizeMin"
                | "FrameSizeMax"
                | "SampleRate"
                | "Channels"
                | "BitsPerSample"
                | "TotalSamples"
                | "MD5Signature"
        ),
        "RIFF" => matches!(tag, "Encoding" | "NumChannels" | "SampleRate" | "AvgBytesPerSec" | "BitsPerSample" | "NumberOfSamples"),
        "Vorbis" => matches!(tag, "VorbisVersion" | "AudioChannels" | "SampleRate" | "NominalBitrate" | "MinimumBitrate" | "MaximumBitrate"),
        _ => false,
    };
    let mut out = Vec::new();
    for (k, v) in exiftool_tags(path) {
        let Some((group, tag)) = k.split_once(':') else { continue };
        if matches!(group, "System" | "File" | "ExifTool" | "Composite") || blank(&v) || structural(&k, group, tag) {
            continue;
        }
        out.push(format!("{k} = {v}"));
    }
    out
}

/// Clean a recording and check it with independent readers; the first
/// problem found, if any. exiftool finds no tag beyond the stream's own
/// description; ffmpeg's packet hash of every audio stream is unchanged
/// and no picture stream is left; the range protocol, the CLI (streaming)
/// and the in-memory clean agree; a second clean changes nothing.
pub fn audio_check(path: &Path, dir: &Path) -> Result<(), String> {
    let input = std::fs::read(path).unwrap();
    let opts = silbato::Options::default();
    let cleaned = silbato::clean(&input, &opts).map_err(|e| format!("clean: {e}"))?;
    let out = dir.join(format!("clean-{}", path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&out, &cleaned.output).unwrap();
    let left = audio_leaks(&out);
    if !left.is_empty() {
        return Err(format!("exiftool still finds {left:?}"));
    }
    if exiftool_warnings(path).is_empty() && !exiftool_warnings(&out).is_empty() {
        return Err(format!("exiftool warns: {:?}", exiftool_warnings(&out)));
    }
    let before = stream_hashes(path);
    let after = stream_hashes(&out);
    let audio = |v: &[(String, String)]| v.iter().filter(|(t, _)| t == "a").cloned().collect::<Vec<_>>();
    if audio(&before).is_empty() {
        return Err("ffmpeg hashed no audio stream".into());
    }
    if audio(&after) != audio(&before) {
        return Err(format!("an audio stream changed: {:?} → {:?}", audio(&before), audio(&after)));
    }
    if after.len() != audio(&after).len() {
        return Err(format!("a stream other than audio is left: {after:?}"));
    }
    // Every audio sample decodes the same (ffmpeg's md5 of the decoded audio).
    let decoded =
        |p: &Path| Command::new("ffmpeg").args(["-v", "error", "-i"]).arg(p).args(["-map", "0:a", "-f", "md5", "-"]).output().unwrap().stdout;
    let reference = Some(reference_audio(path)).filter(|r| r.exists()).unwrap_or_else(|| path.to_path_buf());
    if decoded(&reference) != decoded(&out) {
        return Err("the decoded audio changed".into());
    }
    let (planned, loaded) = plan_by_ranges(&input);
    if planned.plan.apply(&input).unwrap() != cleaned.output || loaded > input.len() as u64 {
        return Err("the plan made from ranges differs from the in-memory clean".into());
    }
    if let Some(cli) = option_env!("CARGO_BIN_EXE_silbato") {
        let cli_out = dir.join("cli");
        let o = Command::new(cli).args(["clean", "--out"]).arg(&cli_out).arg(path).output().unwrap();
        if !o.status.success() {
            return Err(format!("CLI: {}", String::from_utf8_lossy(&o.stderr)));
        }
        if std::fs::read(cli_out.join(path.file_name().unwrap())).unwrap() != cleaned.output {
            return Err("the CLI (streaming) wrote different bytes".into());
        }
    }
    let again = silbato::clean(&cleaned.output, &opts).map_err(|e| format!("second clean: {e}"))?;
    if again.output != cleaned.output {
        return Err("cleaning twice changed the file".into());
    }
    if !silbato::inspect(&cleaned.output, &opts).unwrap().findings.is_empty() {
        return Err("our own inspector still finds something".into());
    }
    Ok(())
}

// ---- PDF documents (issue 17) ----

/// A PDF written object by object: `bodies[i]` is object `i + 1`, object 1
/// the catalog; `trailer` is added to the trailer dictionary.
pub fn pdf_by_hand(bodies: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = vec![];
    for (i, b) in bodies.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(b);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", bodies.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(format!("trailer\n<</Size {}/Root 1 0 R{trailer}>>\nstartxref\n{xref}\n%%EOF\n", bodies.len() + 1).as_bytes());
    out
}

/// A PDF stream object.
pub fn pdf_stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<<{dict}/Length {}>>stream\n", data.len()).into_bytes();
    s.extend(data);
    s.extend(b"\nendstream");
    s
}

/// Writes the PDF fixtures into `dir`: Ghostscript's (Info, XMP, a comment
/// with its author), one written by hand with everything a document can
/// hide (a photo with its GPS position, scripts, an attached file, hidden
/// and shown form fields, page-piece data, XMP per object), qpdf's object
/// streams and linearization of them, an exiftool update (the old author
/// stays in the file), an attachment added by qpdf, and an encrypted copy.
/// Needs gs (ghostscript), qpdf and exiftool.
pub fn make_pdf_fixtures(dir: &Path) -> Vec<Fixture> {
    std::fs::create_dir_all(dir).unwrap();
    let fixture =
        |name: &str, expect: Vec<&'static str>| Fixture { name: name.into(), path: dir.join(format!("{name}.pdf")), expect, orientation: None };
    let mut out = Vec::new();

    let ps = dir.join("pdf-gs.ps");
    std::fs::write(
        &ps,
        "[ /Title (Plan del sabado) /Author (Maria Lopez) /Subject (Reunion) /Keywords (vecinos) /Creator (Writer) /DOCINFO pdfmark\n\
         [ /Contents (Revisar esto) /Rect [50 700 70 720] /Subtype /Text /T (Maria Lopez) /ANN pdfmark\n\
         /Helvetica findfont 18 scalefont setfont\n\
         72 700 moveto (Reunion de vecinos el sabado a las 10) show 72 670 moveto (Traer agua y carteles) show showpage\n\
         72 700 moveto (Segunda pagina: rutas) show showpage\n",
    )
    .unwrap();
    let gs = fixture("pdf-gs", vec!["person", "unique_id"]);
    run(Command::new("gs").args(["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", "-o"]).arg(&gs.path).arg(&ps));
    out.push(gs.clone());

    // A photo with its position, serial and owner, placed on a page by hand.
    let photo = dir.join("pdf-photo.jpg");
    std::fs::write(&photo, encode_jpeg(&picture(64, 48, 11), 90)).unwrap();
    let tags = identifying_tags(false);
    exiftool_write(&photo, &tags.iter().map(String::as_str).collect::<Vec<_>>());
    let jpeg = std::fs::read(&photo).unwrap();
    let xmp = "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\
        <rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/' xmlns:xmpMM='http://ns.adobe.com/xap/1.0/mm/' \
        xmpMM:DocumentID='uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427'><dc:creator><rdf:Seq><rdf:li>Maria Lopez</rdf:li></rdf:Seq></dc:creator>\
        </rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>";
    let o = |s: &str| s.as_bytes().to_vec();
    let content = b"BT /F1 18 Tf 40 250 Td (Reunion de vecinos) Tj ET q 128 0 0 96 40 120 cm /Im1 Do Q";
    let shown = b"/Tx BMC BT /Helv 10 Tf 2 5 Td (Lopez) Tj ET EMC";
    let full = pdf_by_hand(
        &[
            o("<</Type/Catalog/Pages 2 0 R/Metadata 6 0 R/OpenAction 8 0 R/Names<</JavaScript<</Names[(init) 8 0 R]>>/EmbeddedFiles<</Names[(lista.txt) 9 0 R]>>>>\
               /AcroForm<</Fields[11 0 R 12 0 R]/DR<</Font<</Helv 5 0 R>>>>/DA(/Helv 10 Tf 0 g)>>/PieceInfo<</Illustrator<</Private 15 0 R>>>>>>"),
            o("<</Type/Pages/Kids[3 0 R]/Count 1>>"),
            o("<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 300]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>/XObject<</Im1 13 0 R>>>>\
               /Annots[7 0 R 12 0 R 16 0 R]/LastModified(D:20260308123456-05'00')/PieceInfo<</Illustrator<</Private 15 0 R>>>>>>"),
            pdf_stream("", content),
            o("<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"),
            pdf_stream("/Type/Metadata/Subtype/XML", xmp.as_bytes()),
            o("<</Type/Annot/Subtype/Text/Rect[250 250 270 270]/Contents(Traer agua)/T(Maria Lopez)/M(D:20260308123456-05'00')/NM(8F2E0E36-4B2C-4E0B-9B5C-0A1B2C3D4E5F)>>"),
            o("<</S/JavaScript/JS(app.alert\\('Hola'\\);)>>"),
            o("<</Type/Filespec/F(lista.txt)/UF(lista.txt)/EF<</F 10 0 R>>>>"),
            pdf_stream("/Type/EmbeddedFile", b"Lista de contactos: Maria 612-555-0199"),
            o("<</FT/Tx/T(telefono)/V(612-555-0199)>>"),
            o("<</Type/Annot/Subtype/Widget/FT/Tx/T(apellido)/V(Lopez)/DV(Garcia)/Rect[40 60 160 80]/F 4/AP<</N 14 0 R>>>>"),
            pdf_stream(
                "/Type/XObject/Subtype/Image/Width 64/Height 48/ColorSpace/DeviceRGB/BitsPerComponent 8/Filter/DCTDecode/Metadata 6 0 R",
                &jpeg,
            ),
            pdf_stream("/Type/XObject/Subtype/Form/BBox[0 0 120 20]/Resources<</Font<</Helv 5 0 R>>>>", shown),
            pdf_stream("", b"editable copy of the drawing"),
            o("<</Type/Annot/Subtype/Link/Rect[40 20 200 40]/Border[0 0 0]/A<</S/URI/URI(https://example.org/vecinos)>>>>"),
            o("<</Author(Maria Lopez)/Company(Vecinos Unidos)/Producer(Writer)/CreationDate(D:20260308123456-05'00')>>"),
        ],
        "/Info 17 0 R/ID[<00112233445566778899AABBCCDDEEFF><00112233445566778899AABBCCDDEEFF>]",
    );
    let hand = fixture("pdf-full", vec!["location", "serial", "person", "unique_id", "embedded"]);
    std::fs::write(&hand.path, full).unwrap();
    out.push(hand.clone());

    let objstm = fixture("pdf-objstm", hand.expect.clone());
    run(Command::new("qpdf").args(["--object-streams=generate"]).arg(&hand.path).arg(&objstm.path));
    out.push(objstm);

    let linear = fixture("pdf-linearized", vec!["location", "serial", "person", "unique_id", "embedded"]);
    run(Command::new("qpdf").args(["--linearize"]).arg(&hand.path).arg(&linear.path));
    out.push(linear);

    // exiftool "changes" the author by appending an update: the old one stays.
    let updated = fixture("pdf-updated", vec!["person", "unique_id", "embedded"]);
    std::fs::copy(&gs.path, &updated.path).unwrap();
    exiftool_write(&updated.path, &["-PDF:Author=Ana Example", "-XMP-dc:Creator=Ana Example"]);
    out.push(updated);

    let notes = dir.join("pdf-notes.txt");
    std::fs::write(&notes, "Lista de contactos: Maria 612-555-0199").unwrap();
    let attached = fixture("pdf-attachment", vec!["person", "unique_id", "embedded"]);
    run(Command::new("qpdf").arg(&gs.path).arg("--add-attachment").arg(&notes).args(["--mimetype=text/plain", "--"]).arg(&attached.path));
    out.push(attached);

    // Encrypted with an empty user password (anyone can open it) and an owner password.
    let locked = fixture("pdf-encrypted", vec!["unique_id", "embedded"]);
    run(Command::new("qpdf").arg(&gs.path).args(["--encrypt", "", "owner", "256", "--"]).arg(&locked.path));
    out.push(locked);
    out
}

/// Each page drawn by poppler (pdftoppm, 50 dpi) as RGB pixels.
pub fn pdf_pages(path: &Path) -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    run(Command::new("pdftoppm").args(["-r", "50", "-png"]).arg(path).arg(&prefix));
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    pages.sort();
    pages.iter().map(|p| image::open(p).unwrap().to_rgb8().into_raw()).collect()
}

/// The text poppler extracts (pdftotext, layout kept).
pub fn pdf_text(path: &Path) -> String {
    let o = Command::new("pdftotext").args(["-layout"]).arg(path).arg("-").output().unwrap();
    assert!(o.status.success(), "pdftotext {}: {}", path.display(), String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// exiftool's PDF and XMP tags that describe the document rather than its
/// shape (its version, pages, layout, language, whether it has an XFA form,
/// and the kept images' size, colour space and filter).
pub fn pdf_metadata(path: &Path) -> Vec<String> {
    let shape = |k: &str| {
        matches!(k, "PDF:PDFVersion" | "PDF:Linearized" | "PDF:PageCount" | "PDF:PageLayout" | "PDF:PageMode" | "PDF:Language" | "PDF:HasXFA")
            || k.starts_with("PDF:EmbeddedImage")
    };
    exiftool_tags(path)
        .into_iter()
        .filter(|(k, _)| (k.starts_with("PDF:") || k.starts_with("XMP")) && !shape(k))
        .map(|(k, v)| format!("{k} = {v}"))
        .collect()
}

/// Clean a PDF and check it with independent readers: exiftool finds no
/// document metadata, not even after undoing exiftool's own updates
/// (`-PDF-update:all=`, which brings back what an update hid); qpdf finds
/// the structure sound; poppler draws every page and extracts the text
/// exactly as before; the CLI writes the same bytes; cleaning twice changes
/// nothing. The first problem found, if any.
pub fn pdf_check(path: &Path, dir: &Path) -> Result<(), String> {
    let input = std::fs::read(path).unwrap();
    let opts = silbato::Options::default();
    let cleaned = silbato::clean(&input, &opts).map_err(|e| format!("clean: {e}"))?;
    let out = dir.join(format!("clean-{}", path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&out, &cleaned.output).unwrap();
    let left = leaks(&out).into_iter().chain(pdf_metadata(&out)).collect::<Vec<_>>();
    if !left.is_empty() {
        return Err(format!("exiftool still finds {left:?}"));
    }
    let reverted = dir.join(format!("reverted-{}", path.file_name().unwrap().to_string_lossy()));
    std::fs::copy(&out, &reverted).unwrap();
    let _ = Command::new("exiftool").args(["-q", "-q", "-overwrite_original", "-PDF-update:all="]).arg(&reverted).output();
    let back = leaks(&reverted).into_iter().chain(pdf_metadata(&reverted)).collect::<Vec<_>>();
    if !back.is_empty() {
        return Err(format!("exiftool -PDF-update:all= brings back {back:?}"));
    }
    let check = Command::new("qpdf").arg("--check").arg(&out).output().unwrap();
    if !check.status.success() {
        return Err(format!("qpdf --check: {}", String::from_utf8_lossy(&check.stdout)));
    }
    let (before, after) = (pdf_pages(path), pdf_pages(&out));
    if before.len() != after.len() {
        return Err(format!("{} pages became {}", before.len(), after.len()));
    }
    if let Some(page) = before.iter().zip(&after).position(|(a, b)| a != b) {
        return Err(format!("page {} draws differently", page + 1));
    }
    if pdf_text(path) != pdf_text(&out) {
        return Err("the text extracts differently".into());
    }
    if let Some(cli) = option_env!("CARGO_BIN_EXE_silbato") {
        let cli_out = dir.join("cli");
        let o = Command::new(cli).args(["clean", "--out"]).arg(&cli_out).arg(path).output().unwrap();
        if !o.status.success() {
            return Err(format!("CLI: {}", String::from_utf8_lossy(&o.stderr)));
        }
        if std::fs::read(cli_out.join(path.file_name().unwrap())).unwrap() != cleaned.output {
            return Err("the CLI wrote different bytes".into());
        }
    }
    let again = silbato::clean(&cleaned.output, &opts).map_err(|e| format!("second clean: {e}"))?;
    if again.output != cleaned.output {
        return Err("cleaning twice changed the file".into());
    }
    let report = silbato::inspect(&cleaned.output, &opts).unwrap();
    if !report.findings.is_empty() {
        return Err(format!("our own inspector still finds {:?}", report.findings.iter().map(|f| &f.tag).collect::<Vec<_>>()));
    }
    Ok(())
}
