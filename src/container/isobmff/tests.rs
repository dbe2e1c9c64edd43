//! Hand-built boxes: movies and HEIF files with metadata, cut and broken.

use std::borrow::Cow;

use super::*;
use crate::report::Category;
use crate::reveal::Options;
use crate::source::PlanView;

pub fn boxed(t: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut b = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
    b.extend_from_slice(t);
    b.extend_from_slice(payload);
    b
}

fn full(v: u8, body: &[u8]) -> Vec<u8> {
    [&[v, 0, 0, 0][..], body].concat()
}

/// A small movie: ftyp, mdat with a video sample and a GPMF sample, moov
/// at the end with a video track, a GPMF track and udta with ©xyz.
pub fn movie() -> Vec<u8> {
    let ftyp = boxed(b"ftyp", b"isom\0\0\x02\0isomiso2mp41");
    let video = vec![0x11u8; 40];
    let gpmf = {
        let mut g = b"DEVC\0\x01\0\x10CASN\x63\x01\0\x08C3221324".to_vec();
        g.resize(24, 0);
        g
    };
    let mdat_payload = [video.clone(), gpmf.clone()].concat();
    let mdat = boxed(b"mdat", &mdat_payload);
    let mdat_data = (ftyp.len() + 8) as u32;
    let track = |handler: &[u8; 4], entry: &[u8; 4], size: u32, off: u32, times: u32| {
        let tkhd = boxed(b"tkhd", &full(0, &[&times.to_be_bytes()[..], &times.to_be_bytes(), &[0; 72]].concat()));
        let mdhd = boxed(b"mdhd", &full(0, &[&times.to_be_bytes()[..], &times.to_be_bytes(), &[0; 12]].concat()));
        let hdlr = boxed(b"hdlr", &full(0, &[&[0u8; 4][..], handler, &[0; 12], b"Core Media\0"].concat()));
        let mut entry_body = vec![0u8; 78];
        entry_body[42] = 6;
        entry_body[43..49].copy_from_slice(b"Encodr");
        let stsd = boxed(b"stsd", &full(0, &[&1u32.to_be_bytes()[..], &boxed(entry, &entry_body)].concat()));
        let stsz = boxed(b"stsz", &full(0, &[&0u32.to_be_bytes()[..], &1u32.to_be_bytes(), &size.to_be_bytes()].concat()));
        let stsc = boxed(b"stsc", &full(0, &[&1u32.to_be_bytes()[..], &1u32.to_be_bytes(), &1u32.to_be_bytes(), &1u32.to_be_bytes()].concat()));
        let stco = boxed(b"stco", &full(0, &[&1u32.to_be_bytes()[..], &off.to_be_bytes()].concat()));
        let stbl = boxed(b"stbl", &[stsd, stsz, stsc, stco].concat());
        let minf = boxed(b"minf", &stbl);
        let mdia = boxed(b"mdia", &[mdhd, hdlr, minf].concat());
        boxed(b"trak", &[tkhd, mdia].concat())
    };
    let when = 3_855_000_000u32; // 2026
    let mvhd = boxed(b"mvhd", &full(0, &[&when.to_be_bytes()[..], &when.to_be_bytes(), &[0; 92]].concat()));
    let mut xyz = vec![0, 18, 0x15, 0xC7];
    xyz.extend_from_slice(b"+44.9618-093.2710/");
    let udta = boxed(b"udta", &boxed(b"\xA9xyz", &xyz));
    let moov = boxed(
        b"moov",
        &[
            mvhd,
            track(b"vide", b"avc1", video.len() as u32, mdat_data, when),
            track(b"meta", b"gpmd", gpmf.len() as u32, mdat_data + video.len() as u32, when),
            udta,
        ]
        .concat(),
    );
    [ftyp, mdat, moov].concat()
}

fn clean(input: &[u8]) -> (Vec<u8>, crate::report::Report) {
    let mut cx = Collector::new(Options::default(), Format::Mp4);
    let a = analyze(&input, Format::Mp4, &mut cx).unwrap();
    let plan = a.patches.to_plan(input.len() as u64, a.output_len).unwrap();
    let out = plan.apply(input).unwrap();
    let view = PlanView::new(&input, &plan).unwrap();
    assert_eq!(view.read(0, a.output_len).unwrap().as_ref(), out.as_slice());
    (out, cx.finish())
}

#[test]
fn movie_metadata_is_neutralised_in_place() {
    let input = movie();
    let (out, removed) = clean(&input);
    assert_eq!(out.len(), input.len(), "no byte moves");
    for (tag, cat) in [
        ("UserData:GPSCoordinates", Category::Location),
        ("Track:GoProMetadata", Category::Location),
        ("GoPro:CameraSerialNumber", Category::Serial),
        ("CreateDate", Category::Timestamp),
        ("CompressorName", Category::Software),
    ] {
        assert!(removed.findings.iter().any(|f| f.tag == tag && f.category == cat), "{tag}: {removed:#?}");
    }
    assert!(!out.windows(8).any(|w| w == b"C3221324"), "the GPMF sample in mdat is zeroed");
    assert!(out.windows(40).any(|w| w == [0x11; 40]), "the video sample is untouched");
    assert!(!out.windows(10).any(|w| w == b"Core Media"));
    let mut cx = Collector::new(Options::default(), Format::Mp4);
    analyze(&out.as_slice(), Format::Mp4, &mut cx).unwrap();
    assert!(cx.finish().findings.is_empty());
    assert_eq!(clean(&out).0, out, "cleaning twice changes nothing");
}

#[test]
fn every_prefix_is_an_error_or_a_clean_result() {
    let input = movie();
    for cut in 0..input.len() {
        let mut cx = Collector::new(Options::default(), Format::Mp4);
        let _ = analyze(&&input[..cut], Format::Mp4, &mut cx);
    }
}

#[test]
fn hostile_boxes_are_typed_errors() {
    let f = Format::Mp4;
    let ftyp = boxed(b"ftyp", b"isom\0\0\0\0");
    let run = |tail: &[u8]| {
        let input = [ftyp.as_slice(), tail].concat();
        let mut cx = Collector::new(Options::default(), f);
        analyze(&input.as_slice(), f, &mut cx).map(|_| ())
    };
    // Size past the end.
    assert_eq!(run(&[0, 0, 1, 0, b'm', b'o', b'o', b'v']).unwrap_err().kind, ErrorKind::Truncated);
    // Size smaller than the header.
    assert_eq!(run(&[0, 0, 0, 4, b'm', b'o', b'o', b'v']).unwrap_err().kind, ErrorKind::Malformed);
    // 64-bit size past the end.
    assert_eq!(run(&[0, 0, 0, 1, b'm', b'd', b'a', b't', 0xFF, 0, 0, 0, 0, 0, 0, 0]).unwrap_err().kind, ErrorKind::Truncated);
    // Size 0: to the end of the file.
    assert!(run(&[0, 0, 0, 0, b'm', b'd', b'a', b't', 1, 2, 3]).is_ok());
    // 100 nested boxes.
    let mut nested = boxed(b"free", &[]);
    for _ in 0..100 {
        nested = boxed(b"trak", &nested);
    }
    let deep = boxed(b"moov", &nested);
    let e = run(&deep);
    assert!(e.is_ok() || matches!(e.unwrap_err().kind, ErrorKind::LimitExceeded | ErrorKind::Malformed));
    let deep_meta = {
        let mut inner = boxed(b"free", &[]);
        for _ in 0..100 {
            inner = boxed(b"iprp", &inner);
        }
        inner
    };
    let _ = run(&boxed(b"meta", &full(0, &[boxed(b"hdlr", &full(0, b"\0\0\0\0pict\0\0\0\0\0\0\0\0\0\0\0\0\0")), deep_meta].concat())));
}

/// A source that records every read and refuses reads inside a range.
struct Spy<'a> {
    data: &'a [u8],
    forbidden: Range<u64>,
    reads: std::cell::RefCell<Vec<(u64, u64)>>,
}

impl Source for Spy<'_> {
    fn len(&self) -> u64 {
        self.data.len() as u64
    }
    fn read(&self, start: u64, len: u64) -> Result<Cow<'_, [u8]>> {
        self.reads.borrow_mut().push((start, len));
        assert!(start + len <= self.forbidden.start || start >= self.forbidden.end, "read {start}+{len} touches media data");
        Ok(Cow::Borrowed(&self.data[start as usize..(start + len) as usize]))
    }
}

#[test]
fn never_reads_the_media_data() {
    // A movie whose video sample is 4 MB: only headers, moov and the telemetry sample are read.
    let small = movie();
    let mut cx = Collector::new(Options::default(), Format::Mp4);
    let a = analyze(&small.as_slice(), Format::Mp4, &mut cx).unwrap();
    assert!(!a.patches.is_empty());
    let mdat_payload = small.windows(4).position(|w| w == b"mdat").unwrap() as u64 + 4;
    let video = mdat_payload..mdat_payload + 40;
    let spy = Spy { data: &small, forbidden: video.clone(), reads: Default::default() };
    let mut cx = Collector::new(Options::default(), Format::Mp4);
    analyze(&spy, Format::Mp4, &mut cx).unwrap();
    let read: u64 = spy.reads.borrow().iter().map(|(_, l)| l).sum();
    assert!(read < small.len() as u64, "{read} of {}", small.len());
}

fn heif(items: &[(u16, &[u8; 4])], locations: &[(u16, u32, u32)], refs: &[(&[u8; 4], u16, &[u16])]) -> Vec<u8> {
    let ftyp = boxed(b"ftyp", b"heic\0\0\0\0mif1heic");
    let hdlr = boxed(b"hdlr", &full(0, b"\0\0\0\0pict\0\0\0\0\0\0\0\0\0\0\0\0\0"));
    let pitm = boxed(b"pitm", &full(0, &1u16.to_be_bytes()));
    let infes: Vec<u8> = items.iter().flat_map(|(id, t)| boxed(b"infe", &full(2, &[&id.to_be_bytes()[..], &[0, 0], *t, b"\0"].concat()))).collect();
    let iinf = boxed(b"iinf", &full(0, &[&(items.len() as u16).to_be_bytes()[..], &infes].concat()));
    let mut iloc_body = vec![0x44, 0x00];
    iloc_body.extend_from_slice(&(locations.len() as u16).to_be_bytes());
    for (id, off, len) in locations {
        iloc_body.extend_from_slice(&id.to_be_bytes());
        iloc_body.extend_from_slice(&[0, 0]); // data reference index
        iloc_body.extend_from_slice(&1u16.to_be_bytes());
        iloc_body.extend_from_slice(&off.to_be_bytes());
        iloc_body.extend_from_slice(&len.to_be_bytes());
    }
    let iloc = boxed(b"iloc", &full(0, &iloc_body));
    let refs: Vec<u8> = refs
        .iter()
        .flat_map(|(t, from, to)| {
            let mut b = from.to_be_bytes().to_vec();
            b.extend_from_slice(&(to.len() as u16).to_be_bytes());
            for x in *to {
                b.extend_from_slice(&x.to_be_bytes());
            }
            boxed(t, &b)
        })
        .collect();
    let iref = boxed(b"iref", &full(0, &refs));
    let meta = boxed(b"meta", &full(0, &[hdlr, pitm, iinf, iloc, iref].concat()));
    let mdat = boxed(b"mdat", &[0x55u8; 64]);
    [ftyp, meta, mdat].concat()
}

fn run_heif(input: &[u8]) -> Result<(Vec<u8>, crate::report::Report)> {
    let mut cx = Collector::new(Options::default(), Format::Heic);
    let a = analyze(&input, Format::Heic, &mut cx)?;
    let out = a.patches.to_plan(input.len() as u64, a.output_len)?.apply(input)?;
    Ok((out, cx.finish()))
}

#[test]
fn heif_items_are_removed_and_their_data_zeroed() {
    let probe = heif(&[(1, b"hvc1"), (2, b"Exif"), (3, b"hvc1")], &[(1, 0, 10), (2, 0, 10), (3, 0, 10)], &[(b"cdsc", 2, &[1]), (b"thmb", 3, &[1])]);
    let mdat = probe.len() as u32 - 64;
    let mut exif = vec![0, 0, 0, 6];
    exif.extend_from_slice(b"Exif\0\0");
    let input = {
        let mut v = heif(
            &[(1, b"hvc1"), (2, b"Exif"), (3, b"hvc1")],
            &[(1, mdat, 10), (2, mdat + 10, 40), (3, mdat + 50, 10)],
            &[(b"cdsc", 2, &[1]), (b"thmb", 3, &[1])],
        );
        v[mdat as usize + 10..mdat as usize + 20].copy_from_slice(&exif);
        v
    };
    let (out, removed) = run_heif(&input).unwrap();
    assert_eq!(out.len(), input.len());
    assert!(removed.findings.iter().any(|f| f.tag == "HEIF:ThumbnailImage"), "{removed:#?}");
    let m = mdat as usize;
    assert_eq!(&out[m..m + 10], &[0x55; 10], "the primary image's data is kept");
    assert!(out[m + 10..m + 64].iter().all(|&b| b == 0), "everything else in mdat is zeroed");
    let (again, _) = run_heif(&out).unwrap();
    assert_eq!(again, out);
    let mut cx = Collector::new(Options::default(), Format::Heic);
    analyze(&out.as_slice(), Format::Heic, &mut cx).unwrap();
    assert!(cx.finish().findings.is_empty());
}

#[test]
fn overlapping_extents_and_reference_loops_are_refused() {
    let probe = heif(&[(1, b"hvc1"), (2, b"Exif")], &[(1, 0, 10), (2, 0, 10)], &[]);
    let mdat = probe.len() as u32 - 64;
    let overlap = heif(&[(1, b"hvc1"), (2, b"Exif")], &[(1, mdat, 20), (2, mdat + 10, 20)], &[(b"cdsc", 2, &[1])]);
    assert_eq!(run_heif(&overlap).unwrap_err().kind, ErrorKind::Malformed);
    let looped = heif(&[(1, b"grid"), (2, b"grid")], &[(1, mdat, 8), (2, mdat + 8, 8)], &[(b"dimg", 1, &[2]), (b"dimg", 2, &[1])]);
    assert_eq!(run_heif(&looped).unwrap_err().kind, ErrorKind::Malformed);
    let no_primary = heif(&[(2, b"hvc1")], &[(2, mdat, 8)], &[]);
    assert_eq!(run_heif(&no_primary).unwrap_err().kind, ErrorKind::Malformed);
    for cut in 0..overlap.len() {
        let _ = run_heif(&overlap[..cut]);
    }
}

#[test]
fn mac_times_read_as_dates() {
    assert_eq!(mac_time(2_082_844_800), "1970-01-01 00:00:00 UTC");
    assert_eq!(mac_time(3_855_000_000), "2026-02-27 01:20:00 UTC");
}

/// An Apple voice memo as Voice Memos writes it: `M4A ` brand, one sound
/// track whose `udta` holds the transcript (`tsrp`), and `moov/udta/meta/ilst`
/// with the title (named after the place), the app as encoder, cover art.
fn voice_memo(sample_entry: &[u8; 4]) -> Vec<u8> {
    let ftyp = boxed(b"ftyp", b"M4A \0\0\0\0M4A isommp42");
    let sound = vec![0x21u8; 30];
    let mdat = boxed(b"mdat", &sound);
    let off = (ftyp.len() + 8) as u32;
    let tkhd = boxed(b"tkhd", &full(0, &[0u8; 84]));
    let mdhd = boxed(b"mdhd", &full(0, &[0u8; 20]));
    let hdlr = boxed(b"hdlr", &full(0, &[&[0u8; 4][..], b"soun", &[0; 12], b"\0"].concat()));
    let stsd = boxed(b"stsd", &full(0, &[&1u32.to_be_bytes()[..], &boxed(sample_entry, &[0u8; 28])].concat()));
    let stsz = boxed(b"stsz", &full(0, &[&0u32.to_be_bytes()[..], &1u32.to_be_bytes(), &(sound.len() as u32).to_be_bytes()].concat()));
    let stsc = boxed(b"stsc", &full(0, &[&1u32.to_be_bytes()[..], &1u32.to_be_bytes(), &1u32.to_be_bytes(), &1u32.to_be_bytes()].concat()));
    let stco = boxed(b"stco", &full(0, &[&1u32.to_be_bytes()[..], &off.to_be_bytes()].concat()));
    let minf = boxed(b"minf", &boxed(b"stbl", &[stsd, stsz, stsc, stco].concat()));
    let mdia = boxed(b"mdia", &[mdhd, hdlr, minf].concat());
    let tsrp = boxed(b"udta", &boxed(b"tsrp", b"{\"attributedString\":[\"meet at the church at seven\"]}"));
    let trak = boxed(b"trak", &[tkhd, mdia, tsrp].concat());
    let item = |t: &[u8; 4], typ: u32, v: &[u8]| boxed(t, &boxed(b"data", &[&typ.to_be_bytes()[..], &[0; 4], v].concat()));
    let ilst = boxed(
        b"ilst",
        &[
            item(b"\xA9nam", 1, b"Calle Falsa 123"),
            item(b"\xA9too", 1, b"com.apple.VoiceMemos (iPhone Version 17.1)"),
            item(b"covr", 13, &crate::container::jpeg::tests::sample()),
        ]
        .concat(),
    );
    let meta = boxed(b"meta", &full(0, &[boxed(b"hdlr", &full(0, &[&[0u8; 4][..], b"mdir", &[0; 13]].concat())), ilst].concat()));
    let udta = boxed(b"udta", &meta);
    let mvhd = boxed(b"mvhd", &full(0, &[0u8; 100]));
    let moov = boxed(b"moov", &[mvhd, trak, udta].concat());
    [ftyp, mdat, moov].concat()
}

#[test]
fn voice_memo_transcript_title_and_cover_are_removed() {
    let input = voice_memo(b"mp4a");
    assert_eq!(crate::sniff(&input), Some(Format::M4a));
    assert_eq!(Format::M4a.mime_type(), "audio/mp4");
    let c = crate::clean(&input, &Options::default()).unwrap();
    let has = |tag: &str, cat: Category| c.removed.findings.iter().any(|f| f.tag == tag && f.category == cat);
    assert!(has("UserData:tsrp", Category::Text), "{:#?}", c.removed.findings);
    assert!(has("ItemList:©nam", Category::Text));
    assert!(has("ItemList:©too", Category::Software));
    assert!(has("ItemList:CoverArt", Category::Embedded));
    // The cover photo's own GPS position.
    assert!(c.removed.findings.iter().any(|f| f.category == Category::Location), "{:#?}", c.removed.findings);
    assert!(!c.output.windows(5).any(|w| w == b"church"[..5].as_ref()));
    assert_eq!(crate::clean(&c.output, &Options::default()).unwrap().output, c.output);
}

#[test]
fn fairplay_protected_audio_is_refused() {
    let e = crate::clean(&voice_memo(b"drms"), &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert!(e.to_string().contains("buyer"), "{e}");
}
