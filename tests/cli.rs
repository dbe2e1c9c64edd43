//! The command-line tool as a user runs it: output shapes, exit statuses,
//! where cleaned copies go, and that originals are never overwritten unless
//! asked.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn silbato(args: &[&str]) -> Output {
    Command::new(common::cli()).args(args).env("LANG", "C").output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Keys of a JSON object, sorted (serde_json's map does not keep order).
fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

fn sample() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/sample.jpg"))
}

fn gazetteer_built() -> bool {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/build/gazetteer.bin")).exists()
}

#[test]
fn help_is_complete_and_documents_exit_codes() {
    let o = silbato(&["--help"]);
    assert!(o.status.success());
    let text = stdout(&o);
    for word in ["inspect", "clean", "demo", "Exit status", "--lang"] {
        assert!(text.contains(word), "--help lacks {word}:\n{text}");
    }
    let clean = stdout(&silbato(&["clean", "--help"]));
    for word in ["--out", "--in-place", "--json", "Exit status"] {
        assert!(clean.contains(word), "clean --help lacks {word}");
    }
    assert!(stdout(&silbato(&["inspect", "--help"])).contains("--json"));
    assert_eq!(silbato(&["clean", "x.jpg"]).status.code(), Some(2), "clean needs --out or --in-place");
    assert_eq!(silbato(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn inspect_json_has_the_documented_shape() {
    let o = silbato(&["inspect", "--json", sample().to_str().unwrap()]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert_eq!(text.lines().count(), 1);
    let v: Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(keys(&v), ["error", "findings", "format", "path", "warnings"]);
    assert_eq!(v["format"], "jpeg");
    assert!(v["error"].is_null());
    let findings = v["findings"].as_array().unwrap();
    for f in findings {
        // A position also carries its numbers (and, with the town table, the town).
        let expected: &[&str] = if f["tag"] == "GPSPosition" {
            &["category", "message", "position", "severity", "tag", "value"]
        } else {
            &["category", "message", "severity", "tag", "value"]
        };
        assert_eq!(keys(f), expected);
    }
    let gps = findings.iter().find(|f| f["tag"] == "GPSPosition").unwrap();
    assert_eq!(gps["category"], "location");
    assert_eq!(gps["severity"], "high");
    assert_eq!(gps["value"], "44.961800, -93.271000");
    assert!((gps["position"]["lat"].as_f64().unwrap() - 44.9618).abs() < 1e-9, "{gps}");
    assert!((gps["position"]["lon"].as_f64().unwrap() + 93.271).abs() < 1e-9, "{gps}");
    if gazetteer_built() {
        assert_eq!(gps["position"]["place"], "about 2 km from Minneapolis");
    }
    if gazetteer_built() {
        assert!(
            gps["message"].as_str().unwrap().starts_with("Taken about 2 km from Minneapolis, Minnesota (exact coordinates: "),
            "{}",
            gps["message"]
        );
    }
    for cat in ["serial", "person", "unique_id", "embedded", "timestamp", "device", "text", "software"] {
        assert!(findings.iter().any(|f| f["category"] == cat), "sample lacks {cat}");
    }
}

#[test]
fn spanish_messages() {
    let o = silbato(&["--lang", "es", "inspect", sample().to_str().unwrap()]);
    let text = stdout(&o);
    assert!(text.contains("Se tomó "), "{text}");
    let o = Command::new(common::cli()).args(["inspect", sample().to_str().unwrap()]).env("LANG", "es_MX.UTF-8").output().unwrap();
    assert!(stdout(&o).contains("número de serie"));
}

#[test]
fn unsupported_and_broken_files_are_errors_with_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("notes.jpg");
    std::fs::write(&txt, "not a photo, whatever the name says").unwrap();
    let o = silbato(&["inspect", "--json", txt.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["error"]["kind"], "unsupported");
    assert!(v["format"].is_null());

    let cut = dir.path().join("cut.jpg");
    let bytes = std::fs::read(sample()).unwrap();
    // Cut inside the headers (the EXIF segment): refused. Cut inside the image
    // data, a photo is cleaned instead (a_damaged_photo_is_cleaned_and_the_damage_said).
    std::fs::write(&cut, &bytes[..200]).unwrap();
    let o = silbato(&["inspect", "--json", cut.to_str().unwrap()]);
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["error"]["kind"], "truncated", "{v}");
}

#[test]
fn clean_writes_same_names_under_out_and_reports_failures_after_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("march");
    std::fs::create_dir_all(photos.join("day 2")).unwrap();
    std::fs::copy(sample(), photos.join("IMG_2041.jpg")).unwrap();
    std::fs::copy(sample(), photos.join("day 2").join("IMG_2042.JPG")).unwrap();
    std::fs::write(photos.join("broken.jpg"), [0xFF, 0xD8, 0xFF, 0xE1, 0x10]).unwrap();
    let single = dir.path().join("single.jpg");
    std::fs::copy(sample(), &single).unwrap();
    let out = dir.path().join("clean");

    let o = silbato(&["clean", "--out", out.to_str().unwrap(), photos.to_str().unwrap(), single.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "one file was broken");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("broken.jpg") && err.contains("cut short"), "stderr must name the file and why: {err}");
    assert!(out.join("march/IMG_2041.jpg").exists());
    assert!(out.join("march/day 2/IMG_2042.JPG").exists());
    assert!(out.join("single.jpg").exists());
    assert!(!out.join("march/broken.jpg").exists(), "a file that cannot be cleaned gets no output");
    let cleaned = std::fs::read(out.join("march/IMG_2041.jpg")).unwrap();
    assert!(silbato::inspect(&cleaned, &Default::default()).unwrap().findings.is_empty());
    assert_eq!(std::fs::read(photos.join("IMG_2041.jpg")).unwrap(), std::fs::read(sample()).unwrap(), "the original is untouched");
    assert!(stdout(&o).contains("removed"));
}

#[test]
fn clean_never_overwrites_an_original_unless_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("a.jpg");
    std::fs::copy(sample(), &photo).unwrap();
    let o = silbato(&["clean", "--out", dir.path().to_str().unwrap(), photo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("overwrite the original"));
    assert_eq!(std::fs::read(&photo).unwrap(), std::fs::read(sample()).unwrap());

    let o = silbato(&["clean", "--in-place", photo.to_str().unwrap()]);
    assert!(o.status.success());
    let now = std::fs::read(&photo).unwrap();
    assert!(now.len() < std::fs::read(sample()).unwrap().len());
    assert!(silbato::inspect(&now, &Default::default()).unwrap().findings.is_empty());
    assert!(std::fs::read_dir(dir.path()).unwrap().count() == 1, "no temporary file left behind");
}

#[test]
fn clean_json_lists_what_was_removed() {
    let dir = tempfile::tempdir().unwrap();
    let o = silbato(&["clean", "--json", "--out", dir.path().to_str().unwrap(), sample().to_str().unwrap()]);
    assert!(o.status.success());
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(keys(&v), ["error", "format", "output", "path", "removed", "warnings"]);
    assert!(v["removed"].as_array().unwrap().iter().any(|f| f["category"] == "serial"));
    assert!(v["output"].as_str().unwrap().ends_with("sample.jpg"));
}

#[test]
fn demo_inspects_and_cleans_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let o = silbato(&["demo", "--out", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    assert!(text.contains("SerialNumber") && text.contains("OwnerName") && text.contains("GPSPosition"), "{text}");
    assert!(dir.path().join("sample.jpg").exists());
}

fn silbato_with_input(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child =
        Command::new(common::cli()).args(args).env("LANG", "C").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // The command may stop before reading (a missing list): a closed pipe is no failure.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

#[test]
fn link_prints_the_clean_link_first_and_why() {
    let o = silbato(&["link", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s&si=AbC", "https://vm.tiktok.com/ZMabc/"]);
    assert!(o.status.success());
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s");
    assert_eq!(lines[1], "  removed si: names whoever shared the link (YouTube)");
    assert_eq!(lines[2], "https://vm.tiktok.com/ZMabc/");
    assert!(lines[3].starts_with("  warning: This TikTok share link"));
    assert!(stdout(&silbato(&["--lang", "es", "link", "https://youtu.be/x?si=1"])).contains("se quitó si: identifica a quien compartió el enlace"));
    assert_eq!(silbato(&["link"]).status.code(), Some(2));
}

#[test]
fn link_json_is_one_object_per_link_per_line() {
    let o = silbato_with_input(&["link", "--json", "-"], "https://youtu.be/x?si=1\n\nhttps://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2F%3Ffbclid%3D1&h=AT0\nhttps://www.reddit.com/r/a/s/AbC\n");
    assert!(o.status.success());
    let rows: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 3);
    for row in &rows {
        assert_eq!(keys(row), ["input", "output", "removed", "unwrapped", "warnings"]);
    }
    assert_eq!(rows[0]["output"], "https://youtu.be/x");
    assert_eq!(rows[0]["removed"][0]["param"], "si");
    assert_eq!(rows[0]["removed"][0]["reason"], "sharer_id");
    assert_eq!(rows[1]["output"], "https://example.org/");
    assert_eq!(rows[1]["unwrapped"][0], "l.facebook.com/l.php");
    let reasons: Vec<&str> = rows[1]["removed"].as_array().unwrap().iter().map(|r| r["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, ["tracking", "tracking"]);
    assert_eq!(rows[2]["output"], rows[2]["input"]);
    assert_eq!(rows[2]["warnings"].as_array().unwrap().len(), 1);
}

#[test]
fn text_reads_standard_input_and_says_where_each_detail_is() {
    let input = "Meet at 1234 W Lake St.\nCall 612-555-0199, or see https://youtu.be/x?si=1\n";
    let o = silbato_with_input(&["text"], input);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.starts_with("3 things to check before posting:"), "{text}");
    assert!(text.contains("address   1:9  1234 W Lake St"), "{text}");
    assert!(text.contains("phone     2:6  612-555-0199"), "{text}");
    assert!(text.contains("clean: https://youtu.be/x"), "{text}");
    assert_eq!(stdout(&silbato_with_input(&["text"], "Nothing here.")).trim(), "Nothing personal found in this text.");
}

#[test]
fn text_names_immigration_numbers_in_both_languages() {
    let o = silbato_with_input(&["text"], "Her A-number is A-123-456-789");
    let text = stdout(&o);
    assert!(text.starts_with("1 thing to check before posting:"), "{text}");
    assert!(text.contains("HIGH   case no.  1:17  A-123-456-789"), "{text}");
    assert!(text.contains("Share it privately with the person helping"), "{text}");
    let o = silbato_with_input(&["--lang", "es", "text", "--json"], "su número A es 098765432");
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{v}");
    assert_eq!((findings[0]["kind"].as_str(), findings[0]["severity"].as_str()), (Some("immigration_id"), Some("high")));
    assert_eq!(findings[0]["text"], "098765432");
    let o = silbato_with_input(&["--lang", "es", "text"], "su número A es 098765432");
    assert!(stdout(&o).contains("ALTO   núm. caso 1:16  098765432"), "{}", stdout(&o));
}

#[test]
fn text_json_and_the_never_publish_list() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("never.txt");
    std::fs::write(&list, "José Pérez\n\nCalle Ocho\n").unwrap();
    let input = "Soy jose perez, vivo cerca de la calle ocho. https://youtu.be/x?si=1";
    let o = silbato_with_input(&["text", "--json", "--never-publish", list.to_str().unwrap()], input);
    assert!(o.status.success());
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(keys(&v), ["cleaned_text", "findings"]);
    let kinds: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["never_publish", "never_publish", "sharer_link"]);
    let first = &v["findings"][0];
    assert_eq!(&input[first["start"].as_u64().unwrap() as usize..first["end"].as_u64().unwrap() as usize], "jose perez");
    assert_eq!(v["cleaned_text"], "Soy jose perez, vivo cerca de la calle ocho. https://youtu.be/x");
    let missing = silbato_with_input(&["text", "--never-publish", "/nonexistent/list"], "x");
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn inspect_reports_names_that_carry_a_date_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("IMG_20260201_153012.jpg");
    std::fs::copy(sample(), &photo).unwrap();
    let o = silbato(&["inspect", "--json", photo.to_str().unwrap()]);
    assert!(o.status.success());
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let name = v["findings"].as_array().unwrap().iter().find(|f| f["tag"] == "FileName").expect("the name is a finding");
    assert_eq!(name["category"], "timestamp");
    assert_eq!(name["value"], "2026-02-01 15:30:12");
    assert_eq!(keys(name), ["category", "message", "severity", "tag", "value"]);
    let text = stdout(&silbato(&["inspect", photo.to_str().unwrap()]));
    assert!(text.contains("FileName = 2026-02-01 15:30:12"), "{text}");
    let es = stdout(&silbato(&["--lang", "es", "inspect", photo.to_str().unwrap()]));
    assert!(es.contains("El nombre del archivo dice la fecha y la hora"), "{es}");
}

#[test]
fn clean_rename_writes_neutral_names_that_never_overwrite() {
    let help = stdout(&silbato(&["clean", "--help"]));
    assert!(help.contains("--rename") && help.contains("photo.jpg"), "{help}");
    assert!(stdout(&silbato(&["inspect", "--help"])).contains("its name included"));

    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("maria lopez");
    std::fs::create_dir_all(&photos).unwrap();
    std::fs::copy(sample(), photos.join("PXL_20260201_153012345.jpg")).unwrap();
    std::fs::copy(sample(), photos.join("maria-lopez-lake-st.jpg")).unwrap();
    let out = dir.path().join("clean");
    let run = || silbato(&["clean", "--rename", "--json", "--out", out.to_str().unwrap(), photos.to_str().unwrap()]);
    let o = run();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(keys(&lines[0]), ["error", "format", "output", "path", "removed", "warnings"]);
    let mut outputs: Vec<&str> = lines.iter().map(|l| l["output"].as_str().unwrap()).collect();
    // Directly in --out: the folder's name (a person's) is not kept either.
    // With several jobs at once, numbers follow the order files finish in.
    outputs.sort_unstable();
    assert_eq!(outputs, [out.join("photo-2.jpg").to_str().unwrap(), out.join("photo.jpg").to_str().unwrap()]);
    // What the old names revealed is among what was removed.
    let removed =
        |l: &Value, tag: &str, category: &str| l["removed"].as_array().unwrap().iter().any(|f| f["tag"] == tag && f["category"] == category);
    assert!(lines.iter().any(|l| removed(l, "FileName", "timestamp")));
    assert!(lines.iter().any(|l| removed(l, "FileName", "text")));
    for name in ["photo.jpg", "photo-2.jpg"] {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(silbato::inspect(&bytes, &Default::default()).unwrap().findings.is_empty());
    }
    // A second run into the same folder overwrites nothing.
    let o = run();
    assert!(o.status.success());
    assert!(stdout(&o).contains("photo-3.jpg") && stdout(&o).contains("photo-4.jpg"), "{}", stdout(&o));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 4);

    // --rename needs --out; without it, names are kept and the note says so.
    assert_eq!(silbato(&["clean", "--rename", "--in-place", "x.jpg"]).status.code(), Some(2));
    let kept = dir.path().join("kept");
    let o = silbato(&["clean", "--out", kept.to_str().unwrap(), photos.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(kept.join("maria lopez/PXL_20260201_153012345.jpg").exists());
    assert!(stdout(&o).contains("--rename gives cleaned copies neutral names"), "{}", stdout(&o));
}

#[test]
fn a_damaged_photo_is_cleaned_and_the_damage_said() {
    // The sample cut short inside its image data: browsers show the top of it.
    let bytes = std::fs::read(sample()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.jpg");
    std::fs::write(&cut, &bytes[..bytes.len() - bytes.len() / 4]).unwrap();
    let o = silbato(&["inspect", "--json", cut.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stdout(&o));
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["damage"]["what"], "cut_short", "{v}");
    assert_eq!(keys(&v["damage"]), ["complete", "dropped", "kept", "message", "offset", "rows", "what"]);
    let out = dir.path().join("out");
    let o = silbato(&["clean", "--json", "--out", out.to_str().unwrap(), cut.to_str().unwrap()]);
    assert!(o.status.success());
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["damage"]["what"], "cut_short", "{v}");
    let text = stdout(&silbato(&["clean", "--out", dir.path().join("out2").to_str().unwrap(), cut.to_str().unwrap()]));
    assert!(text.contains("The file is cut short"), "{text}");
}

#[test]
fn recordings_are_inspected_and_cleaned_like_photos() {
    common::require("ffmpeg");
    let dir = tempfile::tempdir().unwrap();
    let mp3 = dir.path().join("memo.mp3");
    let o = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i", "sine=sample_rate=8000", "-t", "1", "-metadata", "artist=Ana Example", "-write_id3v1", "1"])
        .arg(&mp3)
        .output()
        .unwrap();
    assert!(o.status.success());
    let o = silbato(&["inspect", "--json", mp3.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["format"], "mp3");
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["category"] == "person"), "{v}");
    let out = dir.path().join("out");
    let o = silbato(&["clean", "--out", out.to_str().unwrap(), mp3.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = silbato(&["inspect", "--json", out.join("memo.mp3").to_str().unwrap()]);
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    // The bytes reveal nothing; the name is judged apart ("memo" is also a nickname, Guillermo's).
    assert!(v["findings"].as_array().unwrap().iter().all(|f| f["tag"] == "FileName"), "{v}");
}

#[path = "words/check.rs"]
mod check;

/// `silbato` run as a Spanish speaker's shell runs it.
fn silbato_es(args: &[&str], var: &str) -> Output {
    Command::new(common::cli()).args(args).env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", "C").env(var, "es_MX.UTF-8").output().unwrap()
}

/// What the Spanish output gets wrong by docs/glossary.md (English words, "(s)", banned words);
/// option names (`--never-publish`) and paths are not words.
fn spanish_problems(text: &str) -> Vec<String> {
    // "Tag = value" is the file's own data (a tag name, a caption in any language), not Silbato's words.
    let text: String = text
        .lines()
        .filter_map(|l| match l.find(" = ") {
            None => Some(l),
            Some(at) => l[..at].rfind(" (").map(|open| &l[..open]),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let words: Vec<&str> = text.split_whitespace().filter(|w| !w.starts_with('-') && !w.contains('/') && !w.starts_with("[-")).collect();
    let prose = words.join(" ");
    check::problems(&prose, "es")
}

#[test]
fn the_help_speaks_spanish_under_a_spanish_locale() {
    for var in ["LANG", "LC_ALL"] {
        for args in [
            &["--help"][..],
            &["inspect", "--help"],
            &["clean", "--help"],
            &["link", "--help"],
            &["text", "--help"],
            &["redact", "--help"],
            &["demo", "--help"],
        ] {
            let o = silbato_es(args, var);
            assert!(o.status.success(), "{args:?}");
            let text = stdout(&o);
            assert!(text.contains("Uso:") && text.contains("Opciones"), "{args:?} {var}:\n{text}");
            let bad = spanish_problems(&text);
            assert!(bad.is_empty(), "{args:?} {var}: {bad:?}\n{text}");
        }
    }
    let text = stdout(&silbato_es(&["redact", "--help"], "LANG"));
    assert!(
        text.contains("Tapa caras") && !text.contains("cubrir") && !text.contains("Cúbr") && !text.contains("Mire"),
        "redact uses tú and tapar:\n{text}"
    );
    // English is still English, and follows the glossary too.
    assert!(stdout(&silbato(&["--help"])).contains("Usage:"));
    for args in [
        &["--help"][..],
        &["inspect", "--help"],
        &["clean", "--help"],
        &["link", "--help"],
        &["text", "--help"],
        &["redact", "--help"],
        &["demo", "--help"],
    ] {
        let text = stdout(&silbato(args));
        let bad = check::problems(&text, "en");
        assert!(bad.is_empty(), "{args:?}: {bad:?}\n{text}");
    }
}

#[test]
fn argument_errors_speak_spanish() {
    let o = silbato_es(&["clean", "--nope", "x.jpg"], "LANG");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no existe") && err.contains("--help"), "{err}");
    assert!(spanish_problems(&err).is_empty(), "{err}");
}

#[test]
fn a_damaged_file_is_said_in_spanish_with_a_next_step() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(sample()).unwrap();
    let cut = dir.path().join("cut.jpg");
    std::fs::write(&cut, &bytes[..2]).unwrap();
    let junk = dir.path().join("junk.jpg");
    std::fs::write(&junk, b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00garbage").unwrap();
    let unknown = dir.path().join("notes.txt");
    std::fs::write(&unknown, b"hola").unwrap();
    let out = dir.path().join("out");
    for f in [&cut, &junk, &unknown] {
        let o = silbato_es(&["clean", "--out", out.to_str().unwrap(), f.to_str().unwrap()], "LANG");
        assert_eq!(o.status.code(), Some(1), "{}", f.display());
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(err.contains("no se limpió"), "{err}");
        assert!(err.contains("captura de pantalla") || err.contains("pide ayuda"), "a next step: {err}");
        let bad = spanish_problems(&err);
        assert!(bad.is_empty(), "{bad:?}\n{err}");
        let o = silbato_es(&["inspect", f.to_str().unwrap()], "LC_ALL");
        let said = stdout(&o);
        assert!(spanish_problems(&said).is_empty(), "{said}");
    }
    // The demo, a post and a share link, in Spanish.
    let o = silbato_es(&["demo", "--out", out.to_str().unwrap()], "LANG");
    assert!(o.status.success());
    let said = stdout(&o);
    assert!(said.contains("Lo que se ve sigue ahí"), "{said}");
    assert!(spanish_problems(&said).is_empty(), "{:?}\n{said}", spanish_problems(&said));
    let o = Command::new(common::cli())
        .args(["text"])
        .env("LANG", "es_MX.UTF-8")
        .env_remove("LC_ALL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write as _;
            c.stdin.take().unwrap().write_all("Llámame al 612-555-0143, https://youtu.be/dQw4w9WgXcQ?si=abc123XYZ".as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    let said = stdout(&o);
    assert!(said.contains("cosas que revisar") && spanish_problems(&said).is_empty(), "{said}");
    let said = stdout(&silbato_es(&["link", "https://vm.tiktok.com/ZMabc123/"], "LANG"));
    assert!(said.contains("aviso:") && spanish_problems(&said).is_empty(), "{said}");
    // After a clean, what can be seen is said to be still there.
    let o = silbato_es(&["clean", "--out", out.to_str().unwrap(), sample().to_str().unwrap()], "LANG");
    assert!(o.status.success());
    let said = stdout(&o);
    assert!(said.contains("Lo que se ve sigue ahí"), "{said}");
}
