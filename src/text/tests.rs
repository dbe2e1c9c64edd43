//! The text scanner as a whole: kinds, offsets, languages, the never-publish list.

use super::*;

fn scan_en(text: &str, never: &[&str]) -> Vec<TextFinding> {
    let options = TextOptions { lang: Lang::En, never_publish: Term::list(&never.iter().map(|s| s.to_string()).collect::<Vec<_>>()) };
    scan(text, &options)
}

fn kinds(text: &str, never: &[&str]) -> Vec<(Kind, String)> {
    scan_en(text, never).into_iter().map(|f| (f.kind, f.text)).collect()
}

#[test]
fn a_post_with_everything_in_it() {
    let text = "ICE at 1234 W Lake St right now (44.9483, -93.2880). Video: https://youtu.be/abc?si=XyZ \
                call me 612-555-0199 or ana@example.org — Ana Pérez";
    let got = kinds(text, &["ana perez"]);
    assert_eq!(
        got,
        vec![
            (Kind::StreetAddress, "1234 W Lake St".to_string()),
            (Kind::Coordinates, "44.9483, -93.2880".to_string()),
            (Kind::SharerLink, "https://youtu.be/abc?si=XyZ".to_string()),
            (Kind::Phone, "612-555-0199".to_string()),
            (Kind::Email, "ana@example.org".to_string()),
            (Kind::NeverPublish, "Ana Pérez".to_string()),
        ]
    );
    for f in scan_en(text, &[]) {
        assert_eq!(&text[f.start..f.end], f.text);
    }
}

#[test]
fn links_carry_their_replacement_and_severity() {
    let text = "see https://www.instagram.com/reel/C1/?igsh=MTc4 and https://news.example/a?utm_source=x and https://vm.tiktok.com/ZMabc/";
    let found = scan_en(text, &[]);
    assert_eq!(found.len(), 3);
    assert_eq!((found[0].kind, found[0].severity), (Kind::SharerLink, Severity::High));
    assert_eq!(found[0].replacement.as_deref(), Some("https://www.instagram.com/reel/C1/"));
    assert!(found[0].message.contains("igsh") && found[0].message.contains("Instagram"), "{}", found[0].message);
    assert_eq!((found[1].kind, found[1].severity), (Kind::TrackingLink, Severity::Low));
    assert_eq!(found[1].replacement.as_deref(), Some("https://news.example/a"));
    assert_eq!((found[2].kind, found[2].severity), (Kind::ShareShortLink, Severity::High));
    assert_eq!(found[2].replacement, None);
    // A clean link is no finding.
    assert!(scan_en("https://www.youtube.com/watch?v=abc&t=42s", &[]).is_empty());
}

#[test]
fn gift_links_reach_the_marker_kept_and_said() {
    // Nothing to remove, but the kept code can name the account that made the link.
    let found = scan_en("free to read: https://www.wsj.com/articles/a?st=UVUNdd", &[]);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].kind, found[0].severity, found[0].replacement.as_deref()), (Kind::SharerLink, Severity::Medium, None));
    assert!(found[0].message.contains("“st” was kept"), "{}", found[0].message);
    // Tracking removed around a friend link's code: both are said.
    let found = scan_en("https://medium.com/@a/story-abc?sk=123&utm_source=share", &[]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].replacement.as_deref(), Some("https://medium.com/@a/story-abc?sk=123"));
    assert!(found[0].message.contains("utm_source") && found[0].message.contains("“sk” was kept"), "{}", found[0].message);
}

#[test]
fn never_publish_entries_are_said_once_and_first() {
    let found = scan_en("my number is 612-555-0199", &["(612) 555 0199"]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, Kind::NeverPublish);
    assert_eq!(found[0].severity, Severity::High);
    assert_eq!(found[0].message, "“(612) 555 0199” is on your never-publish list.");
}

#[test]
fn spanish_messages() {
    let options = TextOptions { lang: Lang::Es, never_publish: Term::list(&["Colonia Roma".to_string()]) };
    let found = scan("Vivo en la colonia roma, tel: 55 1234 5678 https://youtu.be/x?si=1", &options);
    let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(messages[0], "«Colonia Roma» está en tu lista de lo que nunca publicas.");
    assert!(messages[1].starts_with("Un número de teléfono"));
    assert!(messages[2].starts_with("Este enlace lleva «si», que YouTube asocia"));
}

#[test]
fn ordinary_text_has_no_findings() {
    let text = "We marched from the park to city hall, about 2,000 of us, on 11/29/2026 at 10:30. \
                Bring water, 3 signs and 12.50 for the bus. Más info: https://example.org/march";
    assert!(scan_en(text, &[]).is_empty(), "{:?}", scan_en(text, &[]));
}

#[test]
fn offsets_stay_on_character_boundaries_in_any_text() {
    let text = "ñandú 😀 https://youtu.be/é?si=ü 😀 612-555-0199 José";
    for f in scan_en(text, &["jose"]) {
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
    }
    // Cut short anywhere: no panic.
    for (i, _) in text.char_indices() {
        let _ = scan_en(&text[..i], &["jose", "ñandú"]);
    }
}

#[test]
fn very_long_text_is_read_up_to_the_limit() {
    let text = format!("{}612-555-0199", "a ".repeat(MAX_TEXT / 2));
    assert!(scan_en(&text, &[]).is_empty());
}

#[test]
fn an_a_number_is_not_reported_as_a_phone_number() {
    // "número" is a phone cue, and nine digits after it were a phone number.
    for text in ["Detuvieron a mi tío, su número A es 098765432, ayúdennos.", "Número A: A-123-456-789.", "número A# 201 555 017"] {
        let found = kinds(text, &[]);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].0, Kind::ImmigrationId, "{text}");
    }
}

#[test]
fn immigration_ids_are_high_and_say_what_to_do_in_both_languages() {
    let text = "His A-number is A-123-456-789, receipt EAC2490123456, I-94 123456789A1.";
    let found = scan_en(text, &[]);
    assert_eq!(found.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(), ["A-123-456-789", "EAC2490123456", "123456789A1"]);
    for f in &found {
        assert_eq!((f.kind, f.severity), (Kind::ImmigrationId, Severity::High));
        assert!(f.message.contains("privately with the person helping"), "{}", f.message);
    }
    assert!(found[0].message.starts_with("An A-number."));
    let options = TextOptions { lang: Lang::Es, never_publish: Vec::new() };
    let found = scan("su número A es 098765432", &options);
    assert_eq!(found[0].kind, Kind::ImmigrationId);
    assert!(found[0].message.starts_with("Un número A.") && found[0].message.contains("en privado con quien te está ayudando"));
    assert_eq!(serde_json::to_value(Kind::ImmigrationId).ok(), Some(serde_json::json!("immigration_id")));
}

#[test]
fn a_hotline_is_low_and_a_toll_free_line_is_not_reported() {
    let found = scan_en("Rapid response hotline: (612) 555-0142. MigraWatch: 1-844-555-0142. Me: 612-555-0187", &[]);
    let got: Vec<(&str, Severity)> = found.iter().map(|f| (f.text.as_str(), f.severity)).collect();
    assert_eq!(got, [("(612) 555-0142", Severity::Low), ("612-555-0187", Severity::Medium)]);
    assert!(found[0].message.contains("public line"), "{}", found[0].message);
}

#[test]
fn hidden_emails_and_latin_american_places_in_one_post() {
    let text = "Escríbeme a rosa.m [arroba] example [punto] com. Vivo en 5a Avenida 12-34, Zona 1 (14°38'04\"N 90°30'47\"O).";
    let got = kinds(text, &[]);
    assert_eq!(
        got,
        vec![
            (Kind::Email, "rosa.m [arroba] example [punto] com".to_string()),
            (Kind::StreetAddress, "5a Avenida 12-34, Zona 1".to_string()),
            (Kind::Coordinates, "14°38'04\"N 90°30'47\"O".to_string()),
        ]
    );
}

#[test]
fn posts_made_of_the_scanners_tokens_never_panic() {
    // The pieces the scanners look for, glued at random: every finding must
    // stay on character boundaries and say the text it covers.
    const PIECES: &[&str] = &[
        "A", "a", "#", "-", " ", ":", "1", "0", "9", "123", "4567", "EAC", "ZLA", "N00", "I-94", "número", "[at]", "(arroba)", " at ", " dot ",
        "[dot]", " punto ", ".", "@", "gmail", "com", "°", "'", "\"", "O", "N", "lat ", " lon ", "longitud", "&lng=", "Calle", "5a", "Avenida",
        "Zona", "12-34", ",", "Casa", "Lake", "St", "hotline", "ñ", "😀", "\n", "(", ")", "y", "de",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let text: String = (0..len).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
        for f in scan_en(&text, &["Lake St", "123"]) {
            assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end) && f.start <= f.end, "{text:?}");
            assert_eq!(&text[f.start..f.end], f.text);
        }
    }
}
