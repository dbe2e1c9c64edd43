//! Street addresses. US forms first: a house number, a street name and a
//! street type (`1234 W Lake St`, `55 Martin Luther King Jr Blvd Apt 4B`,
//! USPS Publication 28 lists the types); then the Spanish forms used across
//! Latin America and Spain (`Calle Ocho 123`, `Av. Juárez #45`, `C/ Mayor, 12`).
//! Street names must be written as names (capitalised) unless the street
//! type is abbreviated, so that "3 big dogs way too loud" is not an address.

use std::ops::Range;

/// Street types (USPS Publication 28, the common ones) and whether each is an abbreviation.
const US_TYPES: &[(&str, bool)] = &[
    ("street", false),
    ("st", true),
    ("avenue", false),
    ("ave", true),
    ("av", true),
    ("road", false),
    ("rd", true),
    ("boulevard", false),
    ("blvd", true),
    ("drive", false),
    ("dr", true),
    ("lane", false),
    ("ln", true),
    ("way", false),
    ("court", false),
    ("ct", true),
    ("place", false),
    ("pl", true),
    ("terrace", false),
    ("ter", true),
    ("circle", false),
    ("cir", true),
    ("highway", false),
    ("hwy", true),
    ("parkway", false),
    ("pkwy", true),
    ("square", false),
    ("sq", true),
    ("trail", false),
    ("trl", true),
    ("alley", false),
    ("aly", true),
    ("plaza", false),
    ("plz", true),
    ("expressway", false),
    ("expy", true),
    ("freeway", false),
    ("fwy", true),
    ("pike", false),
    ("row", false),
    ("crossing", false),
    ("xing", true),
];

const DIRECTIONS: &[&str] = &["n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"];
const UNITS: &[&str] = &["apt", "apartment", "unit", "suite", "ste", "fl", "floor", "rm", "room", "bldg", "depto", "dpto", "int", "interior"];

const ES_TYPES: &[&str] = &[
    "calle",
    "c/",
    "avenida",
    "av",
    "avda",
    "boulevard",
    "bulevar",
    "blvd",
    "paseo",
    "carrera",
    "cra",
    "carretera",
    "camino",
    "privada",
    "callejón",
    "callejon",
    "calzada",
    "pasaje",
    "diagonal",
    "transversal",
    "cerrada",
    "andador",
    "prolongación",
    "prolongacion",
];
const ES_LINKS: &[&str] = &["de", "del", "la", "las", "los", "el", "y"];
const ES_NUMBER_MARKS: &[&str] = &["#", "no", "no.", "nº", "n°", "núm", "núm.", "num", "num.", "número", "numero"];

/// A word of the text: its byte range and its text without surrounding punctuation.
struct Word<'a> {
    range: Range<usize>,
    bare: &'a str,
    /// The word ended with a comma or a full stop (a break in a name).
    ends_clause: bool,
    /// Punctuation after the word (`.` after `Av`).
    tail: &'a str,
}

fn words(text: &str, most: usize) -> Vec<Word<'_>> {
    let mut out = Vec::with_capacity(most);
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (start, c.is_whitespace()) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                let raw = &text[s..i];
                let lead = raw.len() - raw.trim_start_matches(['(', '"', '“', '¿', '¡', '\'']).len();
                let trimmed = raw[lead..].trim_end_matches([',', '.', ';', ':', ')', '"', '”', '!', '?', '\'']);
                let bare_end = s + lead + trimmed.len();
                let tail = &text[bare_end..i];
                out.push(Word { range: s + lead..bare_end, bare: trimmed, ends_clause: tail.contains([',', ';', ':', '!', '?', '.']), tail });
                start = None;
                if out.len() == most {
                    break;
                }
            }
            _ => {}
        }
    }
    out
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn ordinal(w: &str) -> bool {
    let lower = w.to_ascii_lowercase();
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(&lower[digits.len()..], "st" | "nd" | "rd" | "th" | "a" | "o" | "ª" | "º")
}

fn house_number(w: &str) -> bool {
    let digits = w.chars().take_while(char::is_ascii_digit).count();
    let rest = &w[digits..];
    (1..=6).contains(&digits)
        && (rest.is_empty()
            || rest.len() == 1 && rest.chars().all(|c| c.is_ascii_alphabetic())
            || rest.starts_with('-') && rest[1..].chars().all(|c| c.is_ascii_digit()) && rest.len() <= 6)
}

fn name_word(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | '.' | '’'))
}

/// Most words an address spans, from its number or street type to its unit.
const MAX_WORDS: usize = 10;

pub(crate) fn find(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    // Only words that can start an address (a digit, or a letter a street type
    // starts with) are looked at closely; the rest of the text is one byte scan.
    while i < b.len() {
        let word_start = i == 0 || b[i - 1].is_ascii_whitespace() || matches!(b[i - 1], b'(' | b'"');
        if word_start && (b[i].is_ascii_digit() || starts_street_type(&b[i..])) && out.last().is_none_or(|r| r.end <= i) {
            let ahead = words(&text[i..], MAX_WORDS);
            if let Some((range, _)) = us_at(&ahead, 0).or_else(|| es_at(&ahead, 0)) {
                out.push(i + range.start..i + range.end);
                i += range.end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Whether `b` starts with a Spanish street type followed by the end of the word.
fn starts_street_type(b: &[u8]) -> bool {
    let Some(first) = b.first().map(u8::to_ascii_lowercase) else { return false };
    if !b"cabpdt".contains(&first) {
        return false;
    }
    ES_TYPES.iter().any(|t| {
        let t = t.as_bytes();
        t[0] == first && b.len() > t.len() && b[..t.len()].eq_ignore_ascii_case(t) && matches!(b[t.len()], b' ' | b'.' | b'\t' | b'\n' | b',' | 0xC2)
            || t == b"c/" && b.len() >= 2 && b[..2].eq_ignore_ascii_case(t)
    })
}

/// `1234 W Lake St Apt 4B` starting at word `i`: the range and the next word to look at.
fn us_at(words: &[Word], i: usize) -> Option<(Range<usize>, usize)> {
    let number = &words[i];
    if !house_number(number.bare) || number.ends_clause {
        return None;
    }
    let mut j = i + 1;
    let mut names = 0;
    let mut all_capitalised = true;
    while j < words.len() && j <= i + 6 {
        let w = &words[j];
        let lower = w.bare.to_lowercase();
        let lower = lower.trim_end_matches('.');
        if names > 0 || DIRECTIONS.contains(&lower) || ordinal(w.bare) {
            if let Some(&(_, abbreviated)) = US_TYPES.iter().find(|(t, _)| *t == lower) {
                if names > 0 && (all_capitalised || abbreviated) {
                    let mut end = w.range.end;
                    let mut next = j + 1;
                    if !w.ends_clause
                        || words.get(j + 1).is_some_and(|u| UNITS.contains(&u.bare.to_lowercase().trim_end_matches('.')) || u.bare.starts_with('#'))
                    {
                        // A direction after the type (`St NW`), then a unit (`Apt 4B`, `#4`).
                        if let Some(d) =
                            words.get(next).filter(|d| !w.ends_clause && DIRECTIONS.contains(&d.bare.to_lowercase().as_str()) && d.bare.len() <= 2)
                        {
                            end = d.range.end;
                            next += 1;
                        }
                        if let Some(u) = words.get(next) {
                            let unit = u.bare.to_lowercase();
                            if u.bare.starts_with('#') && u.bare.len() > 1 {
                                end = u.range.end;
                                next += 1;
                            } else if UNITS.contains(&unit.trim_end_matches('.')) {
                                if let Some(n) = words.get(next + 1).filter(|n| n.bare.chars().any(|c| c.is_ascii_digit()) && n.bare.len() <= 6) {
                                    end = n.range.end;
                                    next += 2;
                                }
                            }
                        }
                    }
                    return Some((number.range.start..end, next));
                }
            }
        }
        let is_name = name_word(w.bare) || ordinal(w.bare) || DIRECTIONS.contains(&lower);
        if !is_name {
            return None;
        }
        if !capitalised(w.bare) {
            all_capitalised = false;
        }
        names += 1;
        if w.ends_clause {
            return None;
        }
        j += 1;
    }
    None
}

/// `Calle Ocho 123`, `Av. Juárez #45`, `C/ Mayor, 12` starting at word `i`.
fn es_at(words: &[Word], i: usize) -> Option<(Range<usize>, usize)> {
    let first = &words[i];
    // Most words are not a street type: rule them out before lowercasing.
    if first.bare.len() > 14 || !first.bare.starts_with(['C', 'c', 'A', 'a', 'B', 'b', 'P', 'p', 'D', 'd', 'T', 't']) {
        return None;
    }
    let kind = first.bare.to_lowercase();
    let kind = kind.trim_end_matches('.');
    if !ES_TYPES.contains(&kind) || !(first.tail.is_empty() || first.tail == ".") {
        return None;
    }
    let mut j = i + 1;
    let mut names = 0;
    while j < words.len() && j <= i + 6 {
        let w = &words[j];
        let lower = w.bare.to_lowercase();
        if names > 0 && (ES_NUMBER_MARKS.contains(&lower.as_str()) || w.bare.starts_with('#') || house_number(w.bare)) {
            let number = if house_number(w.bare) || w.bare.strip_prefix('#').is_some_and(house_number) {
                Some(w)
            } else {
                words.get(j + 1).filter(|n| house_number(n.bare.trim_start_matches('#')))
            };
            let number = number?;
            let next = if std::ptr::eq(number, w) { j + 1 } else { j + 2 };
            return Some((first.range.start..number.range.end, next));
        }
        let is_name = (name_word(w.bare) || ordinal(w.bare) || w.bare.chars().all(|c| c.is_ascii_digit()) && names == 0)
            && (capitalised(w.bare) || ES_LINKS.contains(&lower.as_str()));
        if !is_name {
            return None;
        }
        // A comma may sit between the name and the number, nowhere else.
        if w.ends_clause
            && !words
                .get(j + 1)
                .is_some_and(|n| house_number(n.bare.trim_start_matches('#')) || ES_NUMBER_MARKS.contains(&n.bare.to_lowercase().as_str()))
        {
            return None;
        }
        names += 1;
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addresses(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_us_addresses() {
        for (text, want) in [
            ("They were at 1234 W Lake St this morning", "1234 W Lake St"),
            ("1234 West Lake Street, Minneapolis", "1234 West Lake Street"),
            ("55 Martin Luther King Jr Blvd Apt 4B.", "55 Martin Luther King Jr Blvd Apt 4B"),
            ("send it to 221B Baker St #4 please", "221B Baker St #4"),
            ("at 3400 E 26th St.", "3400 E 26th St"),
            ("i live at 12 oak st", "12 oak st"),
            ("2100 Pennsylvania Avenue NW", "2100 Pennsylvania Avenue NW"),
            ("meet at 500 Nicollet Mall Way", "500 Nicollet Mall Way"),
        ] {
            assert_eq!(addresses(text), [want], "{text}");
        }
    }

    #[test]
    fn finds_spanish_addresses() {
        for (text, want) in [
            ("Estaban en Calle Ocho 123, Miami", "Calle Ocho 123"),
            ("en la Av. Juárez #45 hoy", "Av. Juárez #45"),
            ("Calle de la Paz No. 12", "Calle de la Paz No. 12"),
            ("C/ Mayor, 12, Madrid", "C/ Mayor, 12"),
            ("Avenida Reforma 222", "Avenida Reforma 222"),
            ("Carrera 7 #45-12", "Carrera 7 #45-12"),
        ] {
            assert_eq!(addresses(text), [want], "{text}");
        }
    }

    #[test]
    fn leaves_ordinary_sentences_alone() {
        for text in [
            "I have 3 big dogs way too loud",
            "I drive 2 hours drive every day",
            "la calle estaba llena 3 veces",
            "we were 200 people on the street",
            "Page 12 of the report, Street view",
            "1234",
            "Calle",
            "Calle Mayor",
            "in 2026, Main Street was closed",
        ] {
            assert!(addresses(text).is_empty(), "{text}: {:?}", addresses(text));
        }
    }
}
