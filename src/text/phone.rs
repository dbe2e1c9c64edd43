//! Phone numbers as people write them: US (`(612) 555-0199`,
//! `612-555-0199`, `+1 612 555 0199`, `1-612-555-0199`, `555-0199`), Mexican
//! (`55 1234 5678`) and any international number with a `+` and a country
//! code (E.164: at most 15 digits). Precision over recall: a bare run of
//! digits is an order number until a word like "tel" or "llama" says otherwise.
//!
//! Raid posts share organisations' hotlines. Toll-free numbers (NANP 800,
//! 833, 844, 855, 866, 877, 888) belong to organisations, not people, and are
//! not reported. A local number given as a hotline ("rapid response line:",
//! "línea de ayuda") is reported at low severity: it may be the group's public
//! line or a volunteer's own phone, and only the person posting knows which.

use std::ops::Range;

use super::fold::{self, digit_runs};

/// Whose line a phone number is, as far as the words around it say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Line {
    Personal,
    /// Given as a hotline: an organisation's line, or a volunteer's phone.
    Hotline,
}

/// The North American Numbering Plan's toll-free codes (NANPA): organisations' lines, not people's.
const TOLL_FREE: &[&str] = &["800", "833", "844", "855", "866", "877", "888"];

/// Words before a number, in the same sentence, that say it is a hotline (folded: lower case, no accents).
const HOTLINE_CUES: &[&[&str]] = &[
    &["hotline"],
    &["hotlines"],
    &["helpline"],
    &["tipline"],
    &["line"],
    &["migrawatch"],
    &["rapid", "response"],
    &["linea"],
    &["respuesta", "rapida"],
];
/// Words between a hotline cue and the number that make it someone's own phone
/// ("the hotline was busy, call me at …", "la línea no contesta, mi cel …").
const PERSONAL: &[&str] = &[
    "me",
    "my",
    "mine",
    "i",
    "i'm",
    "im",
    "own",
    "personal",
    "home",
    "mi",
    "mio",
    "yo",
    "llamame",
    "escribeme",
    "textea",
    "cel",
    "cell",
    "celular",
    "propio",
    "casa",
];
/// How far back a hotline cue is looked for, within the sentence (bytes).
const HOTLINE_WINDOW: usize = 100;

/// Words that make a bare run of ten digits a phone number, when just before it.
const CUES: &[&str] = &[
    "tel",
    "tel.",
    "tel:",
    "phone",
    "cell",
    "mobile",
    "call",
    "text",
    "whatsapp",
    "wa",
    "sms",
    "signal",
    "teléfono",
    "telefono",
    "cel",
    "cel.",
    "celular",
    "móvil",
    "movil",
    "llama",
    "llámame",
    "llamame",
    "llamar",
    "número",
    "numero",
    "whats",
    "textea",
    "contacto",
];

pub(crate) fn find(text: &str) -> Vec<(Range<usize>, Line)> {
    let b = text.as_bytes();
    digit_runs(text)
        .into_iter()
        .filter_map(|run| {
            let run = trim_run(text, run)?;
            // Not in the middle of a word, a decimal or a longer code.
            let before = text[..run.start].chars().next_back();
            let after = text[run.end..].chars().next();
            let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '/' | '@' | '#' | '$' | '€' | '%'));
            if glued(before) || glued(after) || b.get(run.end) == Some(&b'.') && b.get(run.end + 1).is_some_and(u8::is_ascii_digit) {
                return None;
            }
            if !is_phone(&text[run.clone()], cue_before(text, run.start)) || toll_free(&text[run.clone()]) {
                return None;
            }
            let line = if hotline_around(text, &run) { Line::Hotline } else { Line::Personal };
            Some((run, line))
        })
        .collect()
}

/// Whether the sentence around `run` gives the number as a hotline ("rapid
/// response line: …", "… (our group's shared line)"), and nothing between the
/// cue and the number says it is the writer's own ("the hotline is busy, call me at …").
fn hotline_around(text: &str, run: &Range<usize>) -> bool {
    let mut from = run.start.saturating_sub(HOTLINE_WINDOW);
    while from < run.start && !text.is_char_boundary(from) {
        from += 1;
    }
    // The sentence before the number: after the last full stop, question or exclamation mark, or line break.
    let mut to = (run.end + HOTLINE_WINDOW).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    // Most numbers have no cue near them: rule that out before splitting words.
    let near = text.get(from..to).unwrap_or("").to_ascii_lowercase();
    if !["line", "nea", "rapid", "pida", "migrawatch"].iter().any(|n| near.contains(n)) {
        return false;
    }
    let window = text.get(from..run.start).unwrap_or("");
    let sentence = window.rfind(['.', '!', '?', '\n']).map_or(from, |i| from + i + 1);
    let words = fold::words_before(text, run.start, run.start - sentence);
    if let Some(cue_end) = (1..=words.len()).rev().find(|&end| fold::ends_with_cue(&words[..end], HOTLINE_CUES, 0)) {
        return !words[cue_end..].iter().any(|w| PERSONAL.contains(&w.as_str()));
    }
    // The sentence after it, up to the first cue.
    let after = text.get(run.end..to).unwrap_or("");
    let after = &after[..after.find(['.', '!', '?', '\n']).unwrap_or(after.len())];
    let words = fold::words_before(after, after.len(), after.len());
    let Some(cue_end) = (1..=words.len()).find(|&end| fold::ends_with_cue(&words[..end], HOTLINE_CUES, 0)) else { return false };
    !words[..cue_end].iter().any(|w| PERSONAL.contains(&w.as_str()))
}

/// A North American toll-free number (`1-800-…`, `(844) …`, `+1 888 …`).
fn toll_free(s: &str) -> bool {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.len() {
        11 if digits.starts_with('1') => &digits[1..],
        10 if !s.starts_with('+') => &digits[..],
        _ => return false,
    };
    TOLL_FREE.contains(&&national[..3])
}

/// A run without the leading `(` or `+` that belongs to nothing and trailing separators.
fn trim_run(text: &str, run: Range<usize>) -> Option<Range<usize>> {
    let s = &text[run.clone()];
    let lead = s.len() - s.trim_start_matches([' ', '-', '.', ')']).len();
    (lead < s.len()).then(|| run.start + lead..run.end)
}

/// Whether a cue word sits among the few words before `at` ("llámame al 612…").
fn cue_before(text: &str, at: usize) -> bool {
    let window_start = text[..at].char_indices().rev().nth(24).map_or(0, |(i, _)| i);
    text[window_start..at]
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '¿' | '¡' | ':'))
        .filter(|w| !w.is_empty())
        .rev()
        .take(3)
        .any(|w| CUES.contains(&w))
}

fn is_phone(s: &str, cue: bool) -> bool {
    let plus = s.starts_with('+');
    let mut groups: Vec<usize> = Vec::new();
    let mut seps = String::new();
    let mut paren_open = false;
    let mut paren_group = None;
    let mut current = 0;
    for c in s.chars() {
        match c {
            '0'..='9' => current += 1,
            '(' => {
                if paren_open || current > 0 {
                    return false;
                }
                paren_open = true;
                paren_group = Some(groups.len());
            }
            ')' => {
                if !paren_open || current == 0 {
                    return false;
                }
                paren_open = false;
                groups.push(current);
                current = 0;
            }
            '+' if groups.is_empty() && current == 0 => {}
            ' ' | '-' | '.' => {
                if current > 0 {
                    groups.push(current);
                    current = 0;
                }
                seps.push(c);
            }
            _ => return false,
        }
    }
    if current > 0 {
        groups.push(current);
    }
    if paren_open || groups.is_empty() {
        return false;
    }
    let digits: usize = groups.iter().sum();
    let first_digit = s.chars().find(char::is_ascii_digit);
    // Dots are read as numbers (1.234.567) unless every separator is a dot in a 3-3-4 pattern.
    let only_dots = !seps.is_empty() && seps.chars().all(|c| c == '.');
    if plus {
        // +CC: 8 to 15 digits in all, written in groups or as one block.
        return (8..=15).contains(&digits) && (groups.len() >= 2 || digits >= 10) && !(only_dots && groups.len() > 4);
    }
    let us_area = |g: &[usize]| g == [3, 3, 4];
    match groups.as_slice() {
        g if us_area(g) => {
            // (612) 555-0199, 612-555-0199, 612.555.0199, 612 555 0199; area codes start with 2-9.
            matches!(first_digit, Some('2'..='9')) && (paren_group == Some(0) || !seps.is_empty())
        }
        [1, 3, 3, 4] => first_digit == Some('1'),
        [3, 4] => !only_dots && seps.contains('-') && matches!(first_digit, Some('2'..='9')),
        [2, 4, 4] => !only_dots && paren_group.is_none_or(|g| g == 0),
        [10] | [11] => cue && (digits == 10 || first_digit == Some('1')),
        [_, ..] => cue && (7..=15).contains(&digits) && !only_dots,
        [] => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phones(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|(r, _)| &text[r]).collect()
    }

    #[test]
    fn finds_us_forms() {
        for (text, want) in [
            ("Call (612) 555-0199 today", "(612) 555-0199"),
            ("612-555-0199", "612-555-0199"),
            ("612.555.0199.", "612.555.0199"),
            ("at 612 555 0199, ok", "612 555 0199"),
            ("+1 612 555 0199", "+1 612 555 0199"),
            ("+1 (612) 555-0199", "+1 (612) 555-0199"),
            ("1-612-555-0199", "1-612-555-0199"),
            ("dial 555-0199", "555-0199"),
            ("tel: 6125550199", "6125550199"),
            ("llámame al 6125550199", "6125550199"),
        ] {
            assert_eq!(phones(text), [want], "{text}");
        }
    }

    #[test]
    fn finds_international_forms() {
        for (text, want) in [
            ("WhatsApp +52 55 1234 5678", "+52 55 1234 5678"),
            ("mi cel 55 1234 5678", "55 1234 5678"),
            ("+5215512345678", "+5215512345678"),
            ("+34 612 34 56 78", "+34 612 34 56 78"),
            ("+44 20 7946 0958", "+44 20 7946 0958"),
            ("+503 2222-3333", "+503 2222-3333"),
        ] {
            assert_eq!(phones(text), [want], "{text}");
        }
    }

    #[test]
    fn leaves_other_numbers_alone() {
        for text in [
            "On 2026-11-29 at 10:30",
            "order 6125550199",
            "ZIP 55401-1234",
            "$1,234,567.89",
            "192.168.100.1",
            "10.000.000 personas",
            "SSN-like 123-45-6789",
            "version 1.2.3",
            "call 012-555-0199",
            "id123-456-7890",
            "ref #612-555-0199",
            "3.14159",
            "5 people, 12 cars, 2026",
            "+1",
            "(((((",
            "+ 1 2",
        ] {
            assert!(phones(text).is_empty(), "{text}: {:?}", phones(text));
        }
    }

    fn lines(text: &str) -> Vec<(&str, Line)> {
        find(text).into_iter().map(|(r, l)| (&text[r], l)).collect()
    }

    #[test]
    fn toll_free_numbers_are_organisations_and_not_reported() {
        for text in [
            "Report ICE activity to the MigraWatch hotline 1-844-555-0142 (toll free, 24/7).",
            "The court's case information line is 1-800-898-7180, press 2",
            "Llamen a la línea gratuita 1-833-555-0111 si ven agentes",
            "call (888) 555-0110",
            "+1 877 555 0147",
        ] {
            assert!(phones(text).is_empty(), "{text}: {:?}", phones(text));
        }
    }

    #[test]
    fn hotlines_are_told_from_personal_phones() {
        for (text, want, line) in [
            ("Rapid response hotline: (612) 555-0142. Call it", "(612) 555-0142", Line::Hotline),
            ("Hotline for ICE sightings in Hennepin County: 612-555-0190.", "612-555-0190", Line::Hotline),
            ("Text RAPID to 555-0142 to join alerts (our group's shared line, not a person).", "555-0142", Line::Hotline),
            ("Línea de respuesta rápida: 612-555-0142. Llama si ves agentes", "612-555-0142", Line::Hotline),
            ("Línea de apoyo para familias: 651-555-0188.", "651-555-0188", Line::Hotline),
            // The cue is in another sentence, or the writer says the phone is theirs.
            ("Our hotline is down. Call 612-555-0187", "612-555-0187", Line::Personal),
            ("The hotline was busy so call me at 612-555-0187", "612-555-0187", Line::Personal),
            ("La línea no contesta, mi cel es 612-555-0166", "612-555-0166", Line::Personal),
            ("Call me at 612-555-0187 if you need a ride", "612-555-0187", Line::Personal),
            ("612-555-0187, my line is always open", "612-555-0187", Line::Personal),
        ] {
            assert_eq!(lines(text), [(want, line)], "{text}");
        }
    }
}
