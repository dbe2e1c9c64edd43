//! Damaged photos that browsers still show: a JPEG cut short, a Pixel
//! motion photo cut short, junk where a marker should be. Each is made here
//! from a JPEG with real tags (exiftool), then cut or corrupted. Cleaning
//! keeps the image data up to the damage and adds the end-of-image marker;
//! exiftool finds nothing left; the rows before the damage decode (libjpeg-
//! turbo's djpeg, the decoder Chromium uses, and the `image` crate) to the
//! same pixels as the damaged file and the original. Files whose headers are
//! damaged stay refused.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use silbato::report::DamageKind;
use silbato::{Cleaned, ErrorKind, Options};

/// A tagged photo (location, serials, names, XMP) as exiftool writes it,
/// optionally rewritten by jpegtran (`-progressive`, `-restart 1`) keeping every tag.
fn tagged_jpeg(dir: &Path, name: &str, jpegtran: &[&str]) -> Vec<u8> {
    let p = dir.join(format!("{name}.jpg"));
    std::fs::write(&p, encode_jpeg(&picture(160, 120, 5), 90)).unwrap();
    let args = identifying_tags(false);
    exiftool_write(&p, &args.iter().map(String::as_str).collect::<Vec<_>>());
    if jpegtran.is_empty() {
        return std::fs::read(&p).unwrap();
    }
    let o = Command::new("jpegtran").args(["-copy", "all"]).args(jpegtran).arg(&p).output().unwrap();
    assert!(o.status.success(), "jpegtran: {}", String::from_utf8_lossy(&o.stderr));
    o.stdout
}

/// Where the first scan's entropy-coded data starts (after its SOS header).
fn scan_data_start(jpeg: &[u8]) -> usize {
    let mut p = 2;
    loop {
        assert_eq!(jpeg[p], 0xFF);
        let marker = jpeg[p + 1];
        let len = u16::from_be_bytes([jpeg[p + 2], jpeg[p + 3]]) as usize;
        if marker == 0xDA {
            return p + 2 + len;
        }
        p += 2 + len;
    }
}

/// The start of every marker segment before the first scan (SOI excluded).
fn header_segments(jpeg: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut p = 2;
    while jpeg[p + 1] != 0xDA {
        out.push(p);
        p += 2 + u16::from_be_bytes([jpeg[p + 2], jpeg[p + 3]]) as usize;
    }
    out
}

/// RGB rows as libjpeg-turbo decodes them (Chromium's decoder).
fn djpeg(bytes: &[u8]) -> (usize, Vec<u8>) {
    djpeg_rows(bytes).expect("djpeg decodes it")
}

/// RGB rows as the `image` crate decodes them (an independent decoder).
fn image_rows(bytes: &[u8]) -> (usize, Vec<u8>) {
    let img = image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg).unwrap().to_rgb8();
    (img.width() as usize * 3, img.into_raw())
}

fn first_rows(decoded: &(usize, Vec<u8>), rows: u32) -> &[u8] {
    &decoded.1[..decoded.0 * rows as usize]
}

/// Clean `damaged` and check the repair: it is said, exiftool finds nothing
/// left, the cleaned file is sound (it cleans to itself and reads back with
/// no damage), and the rows kept decode as the damaged file's and the
/// original's do. Returns what cleaning said.
fn check_repaired(dir: &Path, name: &str, damaged: &[u8], original: &[u8], what: DamageKind) -> Cleaned {
    let opts = Options::default();
    let cleaned = silbato::clean(damaged, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    let damage = cleaned.removed.damage.clone().unwrap_or_else(|| panic!("{name}: the damage is not reported"));
    assert_eq!(damage.what, what, "{name}: {damage:?}");
    assert_eq!(damage.offset + damage.dropped, damaged.len() as u64, "{name}");
    assert!(!damage.message.is_empty());
    assert!(cleaned.output.ends_with(&[0xFF, 0xD9]), "{name}: no end-of-image marker");

    let out = dir.join(format!("{name}-clean.jpg"));
    std::fs::write(&out, &cleaned.output).unwrap();
    let left = leaks(&out);
    assert!(left.is_empty(), "{name}: exiftool still finds {left:#?}");
    let again = silbato::inspect(&cleaned.output, &opts).unwrap();
    assert!(again.findings.is_empty() && again.damage.is_none(), "{name}: {again:#?}");
    assert_eq!(silbato::clean(&cleaned.output, &opts).unwrap().output, cleaned.output, "{name}: cleaning twice changed the file");

    if let Some(kept) = damage.kept {
        let browser = djpeg(damaged);
        let repaired = djpeg(&cleaned.output);
        assert!(first_rows(&browser, kept) == first_rows(&repaired, kept), "{name}: the {kept} rows kept differ from what a browser shows");
        assert!(first_rows(&djpeg(original), kept) == first_rows(&repaired, kept), "{name}: the {kept} rows kept differ from the original's");
        assert!(
            first_rows(&image_rows(original), kept) == first_rows(&image_rows(&cleaned.output), kept),
            "{name}: the image crate decodes the kept rows differently"
        );
    } else {
        // Progressive: what is kept is lower quality everywhere; it must decode at the full size.
        assert_eq!(djpeg(&cleaned.output).1.len(), djpeg(original).1.len(), "{name}");
        image_rows(&cleaned.output);
    }
    cleaned
}

#[test]
fn a_jpeg_cut_short_keeps_the_rows_before_the_cut() {
    require("exiftool");
    require("djpeg");
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [("baseline", &[][..]), ("restarts", &["-restart", "1"][..])] {
        let original = tagged_jpeg(dir.path(), name, args);
        let start = scan_data_start(&original);
        let data = original.len() - 2 - start;
        let mut last_kept = 0;
        for tenth in 1..10 {
            let cut = start + data * tenth / 10;
            let c = check_repaired(dir.path(), &format!("{name}-cut-{tenth}"), &original[..cut], &original, DamageKind::CutShort);
            let d = c.removed.damage.unwrap();
            let kept = d.kept.unwrap();
            assert!(kept < 120 && !d.complete, "{name} {tenth}: {d:?}");
            assert!(kept >= last_kept, "{name}: more data kept fewer rows");
            last_kept = kept;
            // Everything after the cut is gone, and only whole MCUs before it are kept.
            assert!(d.offset as usize <= cut && d.dropped < 2000, "{name} {tenth}: {d:?}");
        }
        assert!(last_kept >= 96, "{name}: 90% of the data kept only {last_kept} rows");
        // The end-of-image marker alone missing: the whole picture, nothing dropped.
        let c = check_repaired(dir.path(), &format!("{name}-no-eoi"), &original[..original.len() - 2], &original, DamageKind::CutShort);
        let d = c.removed.damage.unwrap();
        assert!(d.complete && d.dropped == 0 && d.kept == Some(120), "{d:?}");
        assert!(djpeg(&c.output).1 == djpeg(&original).1);
    }
}

#[test]
fn every_prefix_of_a_damaged_jpeg_is_an_error_or_verified() {
    require("exiftool");
    let dir = tempfile::tempdir().unwrap();
    let original = tagged_jpeg(dir.path(), "prefixes", &["-restart", "1"]);
    let start = scan_data_start(&original);
    let opts = Options::default();
    for cut in 0..original.len() {
        let input = &original[..cut];
        let _ = silbato::inspect_with(input, &opts, silbato::Depth::Headers);
        match silbato::plan_clean(input, &opts) {
            Ok(planned) => {
                assert!(cut > start, "cut at {cut}, inside the headers, was cleaned");
                let out = planned.plan.apply(input).unwrap();
                let again = silbato::inspect(&out, &opts).unwrap();
                assert!(again.findings.is_empty() && again.damage.is_none(), "cut at {cut}: {again:?}");
            }
            Err(e) => {
                assert!(matches!(e.kind, ErrorKind::Truncated | ErrorKind::Malformed | ErrorKind::Unsupported), "cut at {cut}: {e}");
                // Past the first whole MCU, a cut file is cleaned.
                assert!(cut < start + 64, "cut at {cut} (scan data from {start}) refused: {e}");
            }
        }
    }
}

#[test]
fn a_progressive_jpeg_cut_short_keeps_its_finished_scans() {
    require("exiftool");
    require("djpeg");
    let dir = tempfile::tempdir().unwrap();
    let original = tagged_jpeg(dir.path(), "progressive", &["-progressive"]);
    let start = scan_data_start(&original);
    let data = original.len() - 2 - start;
    for tenth in [3, 6, 9] {
        let cut = start + data * tenth / 10;
        let c = check_repaired(dir.path(), &format!("progressive-cut-{tenth}"), &original[..cut], &original, DamageKind::CutShort);
        let d = c.removed.damage.unwrap();
        assert!(d.kept.is_none() && !d.complete, "{d:?}");
    }
    // Cut inside the first scan (the DC scan): nothing of the picture can be proven, refused.
    let e = silbato::clean(&original[..start + 10], &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    // The end-of-image marker alone missing: where the last scan's data ends
    // cannot be proven without the marker (its refinement bits depend on every
    // earlier scan), so that scan is dropped and the rest kept.
    let c = check_repaired(dir.path(), "progressive-no-eoi", &original[..original.len() - 2], &original, DamageKind::CutShort);
    assert!(!c.removed.damage.unwrap().complete);
}

#[test]
fn junk_where_a_marker_should_be_is_dropped_with_what_follows() {
    require("exiftool");
    require("djpeg");
    let dir = tempfile::tempdir().unwrap();
    let original = tagged_jpeg(dir.path(), "junk", &[]);
    let body = &original[..original.len() - 2];
    let start = scan_data_start(&original);

    // Text where the end-of-image marker should be (no 0xFF byte in it):
    // the decoder finds where the picture ends, and the text goes.
    let text = [body, b"lat 44.9618 lon -93.2710 Ana Example"].concat();
    let c = check_repaired(dir.path(), "junk-text", &text, &original, DamageKind::Junk);
    assert!(c.removed.damage.as_ref().unwrap().complete);
    assert!(!c.output.windows(11).any(|w| w == b"Ana Example"));
    assert!(djpeg(&c.output).1 == djpeg(&original).1, "the whole picture is kept");

    // A reserved marker code after the image data, then an end-of-image marker.
    let reserved = [body, &[0xFF, 0x45, 0x00, 0x06, 1, 2, 3, 4, 0xFF, 0xD9]].concat();
    let c = check_repaired(dir.path(), "junk-reserved-marker", &reserved, &original, DamageKind::Junk);
    assert!(c.removed.damage.unwrap().complete);

    // Junk in the middle of the image data: the rows before it are kept.
    let mut middle = original.clone();
    let at = start + (original.len() - start) / 2;
    middle[at..at + 4].copy_from_slice(&[0xFF, 0x02, 0x12, 0x34]);
    let c = check_repaired(dir.path(), "junk-middle", &middle, &original, DamageKind::Junk);
    let d = c.removed.damage.unwrap();
    assert!(!d.complete && d.kept.unwrap() > 0 && d.offset as usize <= at, "{d:?}");

    // Junk between two header segments: the headers are damaged, refused.
    let segs = header_segments(&original);
    let between = segs[2];
    let headers = [&original[..between], b"\x12\x34", &original[between..]].concat();
    assert_eq!(silbato::clean(&headers, &Options::default()).unwrap_err().kind, ErrorKind::Malformed);
    assert!(silbato::inspect(&headers, &Options::default()).is_err());
    // A reserved code where a header segment's marker should be: refused.
    let mut reserved_header = original.clone();
    reserved_header[segs[2] + 1] = 0x45;
    assert!(silbato::clean(&reserved_header, &Options::default()).is_err());
    // Cut inside the EXIF segment: refused.
    let e = silbato::clean(&original[..segs[0] + 40], &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
}

/// A Pixel motion photo: the photo with Google's XMP (GCamera, Container
/// directory) and the MP4 appended after it, as Pixel phones write them.
fn motion_photo(dir: &Path, video: &[u8]) -> Vec<u8> {
    let p = dir.join("PXL_20260201_153012345.MP.jpg");
    std::fs::write(&p, encode_jpeg(&picture(160, 120, 8), 90)).unwrap();
    let xmp = dir.join("pixel.xmp");
    std::fs::write(
        &xmp,
        format!(
            r#"<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 5.1.0-jc003">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about=""
        xmlns:GCamera="http://ns.google.com/photos/1.0/camera/"
        xmlns:Container="http://ns.google.com/photos/1.0/container/"
        xmlns:Item="http://ns.google.com/photos/1.0/container/item/"
      GCamera:MotionPhoto="1"
      GCamera:MotionPhotoVersion="1"
      GCamera:MotionPhotoPresentationTimestampUs="968644">
      <Container:Directory>
        <rdf:Seq>
          <rdf:li rdf:parseType="Resource">
            <Container:Item Item:Mime="image/jpeg" Item:Semantic="Primary" Item:Length="0" Item:Padding="0"/>
          </rdf:li>
          <rdf:li rdf:parseType="Resource">
            <Container:Item Item:Mime="video/mp4" Item:Semantic="MotionPhoto" Item:Length="{}" Item:Padding="0"/>
          </rdf:li>
        </rdf:Seq>
      </Container:Directory>
    </rdf:Description>
  </rdf:RDF>
</x:xmpmeta>"#,
            video.len()
        ),
    )
    .unwrap();
    exiftool_write(&p, &[&format!("-xmp<={}", xmp.display())]);
    exiftool_write(&p, &["-GPSLatitude=44.9618", "-GPSLatitudeRef=N", "-GPSLongitude=93.2710", "-GPSLongitudeRef=W", "-SerialNumber=F2LXK9Q1"]);
    [std::fs::read(&p).unwrap(), video.to_vec()].concat()
}

/// An MP4 as a motion photo carries it: `ftyp`, then `mdat` with media data
/// (pseudo-random, so 0xFF bytes occur as in compressed video), then `moov`.
fn mp4(len: usize) -> Vec<u8> {
    let mut v = b"\0\0\0\x1cftypisom\0\0\x02\0isomiso2mp41".to_vec();
    v.extend_from_slice(&((len + 8) as u32).to_be_bytes());
    v.extend_from_slice(b"mdat");
    let mut state = 0x2545F491u32;
    v.extend((0..len).map(|_| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state as u8
    }));
    v.extend_from_slice(b"\0\0\0\x6cmoov\0\0\0\x64mvhd");
    v.extend_from_slice(&[0; 100]);
    v
}

#[test]
fn a_pixel_motion_photo_cut_short_is_cleaned() {
    require("exiftool");
    require("djpeg");
    let dir = tempfile::tempdir().unwrap();
    let video = mp4(20_000);
    let whole = motion_photo(dir.path(), &video);
    let photo_len = whole.len() - video.len();
    let photo = &whole[..photo_len];
    let opts = Options::default();

    // Cut inside the video, the photo whole: the video goes, nothing is damaged in the picture.
    let cut = &whole[..photo_len + video.len() / 2];
    let c = silbato::clean(cut, &opts).unwrap();
    assert!(c.removed.damage.is_none());
    assert!(c.removed.findings.iter().any(|f| f.tag == "Trailer:MP4"), "{:#?}", c.removed.findings);
    assert!(c.removed.findings.iter().any(|f| f.tag == "XMP-GCamera:MotionPhoto"), "{:#?}", c.removed.findings);
    assert!(djpeg(&c.output).1 == djpeg(photo).1);

    // The photo's end-of-image marker missing, the video right after it and cut
    // short: the segment the walk meets in the video runs past the end. The
    // decoder finds where the picture ends; the whole picture is kept, the video goes.
    let no_eoi = [&photo[..photo.len() - 2], &video[..video.len() / 2]].concat();
    let c = check_repaired(dir.path(), "motion-no-eoi", &no_eoi, photo, DamageKind::Junk);
    assert!(c.removed.damage.as_ref().unwrap().complete);
    assert!(c.removed.findings.iter().any(|f| f.tag == "Trailer:MP4"), "{:#?}", c.removed.findings);
    assert!(djpeg(&c.output).1 == djpeg(photo).1);
    assert!(!c.output.windows(4).any(|w| w == b"ftyp"));

    // Cut inside the photo's image data: the rows before the cut are kept.
    let start = scan_data_start(photo);
    let c = check_repaired(dir.path(), "motion-cut-in-photo", &whole[..start + (photo_len - start) / 3], photo, DamageKind::CutShort);
    assert!(c.removed.findings.iter().any(|f| f.tag == "XMP-GCamera:MotionPhoto"));
}

#[test]
fn damage_is_said_in_both_languages() {
    require("exiftool");
    let dir = tempfile::tempdir().unwrap();
    let original = tagged_jpeg(dir.path(), "languages", &[]);
    let cut = &original[..original.len() * 2 / 3];
    let en = silbato::inspect(cut, &Options::default()).unwrap().damage.unwrap();
    let es = silbato::inspect(cut, &Options { lang: silbato::Lang::Es, gazetteer: None }).unwrap().damage.unwrap();
    assert!(en.message.starts_with("The file is cut short"), "{}", en.message);
    assert!(es.message.starts_with("El archivo está cortado"), "{}", es.message);
    assert!(en.message.contains(&format!("{} of the picture's 120 rows", en.kept.unwrap())), "{}", en.message);
}

/// The damaged fixtures the JavaScript and end-to-end tests use
/// (`common::make_damaged_fixtures`): three cleaned, one refused.
#[test]
fn the_shared_damaged_fixtures_behave_as_named() {
    require("exiftool");
    let dir = tempfile::tempdir().unwrap();
    make_fixtures(dir.path());
    let opts = Options::default();
    for p in make_damaged_fixtures(dir.path()) {
        let bytes = std::fs::read(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        match silbato::clean(&bytes, &opts) {
            Ok(c) => {
                assert_ne!(name, "jpeg-damaged-headers.jpg", "a file with damaged headers was cleaned");
                assert!(c.removed.damage.is_some(), "{name}");
                let out = dir.path().join(format!("clean-{name}"));
                std::fs::write(&out, &c.output).unwrap();
                assert!(leaks(&out).is_empty(), "{name}: {:?}", leaks(&out));
            }
            Err(e) => assert_eq!(name, "jpeg-damaged-headers.jpg", "{name}: {e}"),
        }
    }
}
