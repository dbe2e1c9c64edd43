//! Phone numbers as people write them: US (`(612) 555-0199`,
//! `612-555-0199`, `+1 612 555 0199`, `1-800-555-0199`, `555-0199`), Mexican
//! (`55 1234 5678`) and any international number with a `+` and a country
//! code (E.164: at most 15 digits). Precision over recall: a bare run of
//! digits is an order number until a word like "tel" or "llama" says otherwise.

use std::ops::Range;

use super::fold::digit_runs;

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

pub(crate) fn find(text: &str) -> Vec<Range<usize>> {
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
            is_phone(&text[run.clone()], cue_before(text, run.start)).then_some(run)
        })
        .collect()
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
        find(text).into_iter().map(|r| &text[r]).collect()
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
            ("1-800-555-0199", "1-800-555-0199"),
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
}
