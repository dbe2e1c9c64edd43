//! Recordings made by the tests (ffmpeg, exiftool, and by hand for ID3v2.2,
//! APE, Lyrics3, iXML and XMP chunks), cleaned by Silbato, checked by
//! independent readers: exiftool finds no tag beyond the stream's own
//! description, ffmpeg's packet hashes and decoded audio are unchanged, no
//! cover picture is left; the range protocol and the CLI (which streams
//! from ranges) write the same bytes as the in-memory clean.

mod common;

use common::*;
use silbato::report::Media;
use silbato::{Format, Options};

fn fixtures(dir: &std::path::Path) -> Vec<Fixture> {
    for tool in ["exiftool", "ffmpeg"] {
        require(tool);
    }
    make_audio_fixtures(dir)
}

#[test]
fn recordings_made_with_ffmpeg_exiftool_and_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = fixtures(dir.path());
    let mut formats = Vec::new();
    for f in &fixtures {
        let input = std::fs::read(&f.path).unwrap();
        let report = silbato::inspect(&input, &Options::default()).unwrap_or_else(|e| panic!("{}: {e}", f.name));
        formats.push(report.format.unwrap());
        for want in &f.expect {
            assert!(
                report.findings.iter().any(|x| x.category.as_str() == *want),
                "{}: inspect did not report {want}: {:#?}",
                f.name,
                report.findings
            );
        }
        // exiftool does not read Speex comments; our inspector's findings above stand for it.
        assert!(!audio_leaks(&f.path).is_empty() || f.name == "ogg-speex", "{}: fixture carries nothing", f.name);
        if let Err(problem) = audio_check(&f.path, dir.path()) {
            panic!("{}: {problem}", f.name);
        }
    }
    for want in [Format::Mp3, Format::M4a, Format::Wav, Format::Flac, Format::Ogg, Format::Opus] {
        assert!(formats.contains(&want), "no {want:?} fixture");
        assert_eq!(want.info().media, Media::Audio);
    }
}

#[test]
fn truncated_recordings_are_errors_or_clean_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    for f in fixtures(dir.path()) {
        let input = std::fs::read(&f.path).unwrap();
        let step = (input.len() / 700).max(1);
        for cut in (0..input.len()).step_by(step) {
            let _ = silbato::inspect(&input[..cut], &Options::default());
            if let Ok(c) = silbato::clean(&input[..cut], &Options::default()) {
                assert!(silbato::inspect(&c.output, &Options::default()).unwrap().findings.is_empty(), "{} cut {cut}", f.name);
            }
        }
    }
}

#[test]
fn a_long_recording_is_planned_from_its_ends() {
    // Ten minutes of MP3 with tags at both ends: the plan reads a few
    // windows, never the frames between.
    require("ffmpeg");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("long.mp3");
    let o = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=44100", "-t", "600", "-c:a", "libmp3lame", "-b:a", "64k"])
        .args(["-metadata", "artist=Ana Example", "-write_id3v1", "1"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(o.status.success());
    let input = std::fs::read(&p).unwrap();
    let (planned, loaded) = plan_by_ranges(&input);
    assert!(planned.removed.findings.iter().any(|f| f.tag == "ID3v1:Artist"));
    assert!(loaded < 400_000, "read {loaded} of {} bytes", input.len());
}
