//! The core's sentences in both languages, held to docs/glossary.md (the same
//! checks tests/wasm/words.test.mjs runs over the message files): every
//! `Reveal`, the position sentence with and without a town, every kind of
//! damage, what names, links and posts say. A `Reveal` added later must be
//! listed in `every_reveal` (the match there stops compiling until it is).

#[path = "words/check.rs"]
mod check;

use silbato::report::{Damage, DamageKind};
use silbato::reveal::{damage_message, position_message, Collector, Reveal};
use silbato::text::{scan, TextOptions};
use silbato::{Format, Lang, Options, Place};

const LANGS: [(Lang, &str); 2] = [(Lang::En, "en"), (Lang::Es, "es")];

/// Every `Reveal`; the exhaustive match makes a new variant a compile error here.
fn every_reveal() -> Vec<Reveal> {
    use Reveal::*;
    let all = [
        GpsPosition,
        GpsDetail,
        PlaceName,
        DeviceSerial,
        PersonName,
        Contact,
        PeopleTagged,
        UniqueId,
        DeviceModel,
        CaptureTime,
        TimeZone,
        OtherTime,
        Software,
        EditHistory,
        Thumbnail,
        HiddenImage,
        AppendedVideo,
        Trailer,
        MakerNote,
        TelemetryTrack,
        ContentCredentials,
        Caption,
        UnknownData,
        Attachment,
        TechnicalNote,
        Comment,
        TrackedChange,
        RevisionId,
        EditingStats,
        Organization,
        FilePath,
        Template,
        DocumentPreview,
        Printer,
        Signature,
        Macros,
        EarlierVersion,
        AttachedFile,
        Script,
        HiddenText,
        AppData,
        Encrypted,
    ];
    for r in all {
        match r {
            GpsPosition | GpsDetail | PlaceName | DeviceSerial | PersonName | Contact | PeopleTagged | UniqueId | DeviceModel | CaptureTime
            | TimeZone | OtherTime | Software | EditHistory | Thumbnail | HiddenImage | AppendedVideo | Trailer | MakerNote | TelemetryTrack
            | ContentCredentials | Caption | UnknownData | Attachment | TechnicalNote | Comment | TrackedChange | RevisionId | EditingStats
            | Organization | FilePath | Template | DocumentPreview | Printer | Signature | Macros | EarlierVersion | AttachedFile | Script
            | HiddenText | AppData | Encrypted => {}
        }
    }
    all.to_vec()
}

fn core_sentences() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let minneapolis = Place { name: "Minneapolis".into(), region: Some("Minnesota".into()), country: "US".into(), distance_km: 2.2 };
    let close = Place { distance_km: 0.4, ..minneapolis.clone() };
    for (lang, code) in LANGS {
        let mut c = Collector::new(Options { lang, gazetteer: None }, Format::Jpeg);
        for r in every_reveal() {
            c.add(r, "Tag", "value");
        }
        for f in c.finish().findings {
            out.push((f.message, code));
        }
        for place in [Some(&minneapolis), Some(&close), None] {
            out.push((position_message(lang, 44.9618, -93.271, place), code));
        }
        out.push((minneapolis.describe(lang), code));
        out.push((minneapolis.describe_short(lang), code));
        for what in [DamageKind::CutShort, DamageKind::Junk] {
            for complete in [true, false] {
                for kept in [None, Some(1), Some(2)] {
                    for dropped in [0, 1, 2] {
                        let d = Damage { what, offset: 1, dropped, rows: 2, kept, complete, message: String::new() };
                        out.push((damage_message(lang, &d), code));
                    }
                }
            }
        }
        for name in
            ["PXL_20240501_101112345.jpg", "IMG-20240501-WA0001.jpg", "Maria Gonzalez calle Sur 12.jpg", "Screenshot_20240501-101112_Signal.png"]
        {
            for f in silbato::names::inspect_name(name, lang) {
                out.push((f.message, code));
            }
        }
        for link in [
            "https://www.instagram.com/p/Cabc123/?igsh=MTc4MmM1YmI2Ng==",
            "https://youtu.be/dQw4w9WgXcQ?si=abcdEFGH1234",
            "https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2F%3Futm_source%3Dx&h=AT0",
            "https://vm.tiktok.com/ZMabc123/",
            "not a link",
        ] {
            let r = silbato::url::clean_link(link, lang);
            out.extend(r.warnings.into_iter().map(|w| (w, code)));
        }
        let post = "Llámame al 612-555-0143 o escribe a ana@example.org; estamos en 1234 Lake St, Minneapolis, 44.9618, -93.2710. \
                    A# 201-555-017. https://www.instagram.com/p/Cabc123/?igsh=MTc4MmM1YmI2Ng== https://example.org/?utm_source=x";
        for f in scan(post, &TextOptions { lang, never_publish: Vec::new() }) {
            out.push((f.message, code));
        }
    }
    out
}

#[test]
fn the_cores_sentences_follow_the_glossary() {
    let sentences = core_sentences();
    assert!(sentences.len() > 100, "too few sentences rendered: {}", sentences.len());
    let bad = check::all_problems(sentences.iter().map(|(s, l)| (s.clone(), *l)));
    assert!(bad.is_empty(), "{} problems:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn the_checks_catch_what_they_are_for() {
    for (text, lang) in [
        ("Silbato: 1 cosas que revisar", "es"),
        ("no se limpió: JPEG: the file is cut short at byte 2", "es"),
        ("El número de serie de la cámara o del objetivo", "es"),
        ("Datos que Silbato no reconoce; se eliminan por seguridad.", "es"),
        ("a unos 2 km de Minneapolis, Minnesota, US", "es"),
        ("1 script(s)", "en"),
        ("Reveals 1 things", "en"),
    ] {
        assert!(!check::problems(text, lang).is_empty(), "{lang}: {text}");
    }
    for (text, lang) in [("Se quitó 1 cosa de photo.jpg", "es"), ("y 1 más", "es"), ("Reveals 1 thing", "en")] {
        assert!(check::problems(text, lang).is_empty(), "{lang}: {text}: {:?}", check::problems(text, lang));
    }
}
