//! Immigration case numbers, which name a person or a case to the agency a
//! raid post is about: A-numbers (an `A` and 7 to 9 digits, USCIS Policy
//! Manual Vol. 1 Part A; ICE's online detainee locator is searched by them),
//! USCIS receipt numbers (a service centre's three letters and 10 digits, on
//! Form I-797, green cards and work permits; asylum offices' `Z..` and 9 or
//! 10 digits), I-94 admission numbers (11 digits, or since 2019 nine digits, a
//! letter and a digit) and SEVIS ids (`N` and 10 digits).
//!
//! Candidates are letters-then-digits tokens and digit runs; a letter prefix
//! from the tables below is enough, a bare run needs a cue word just before it
//! ("A-number", "número A", "I-94"), since nine digits alone are anything.

use std::ops::Range;

use super::fold;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Id {
    ANumber,
    Receipt,
    Admission,
    Sevis,
}

/// Three-letter prefixes of USCIS receipt (and card) numbers: the service
/// centres under their current and older codes (Vermont EAC/VSC, California
/// WAC/CSC, Nebraska LIN/NSC, Texas SRC/TSC, National Benefits Center MSC/NBC,
/// ELIS IOE, Potomac YSC).
const RECEIPT_PREFIXES: &[&str] = &["EAC", "VSC", "WAC", "CSC", "LIN", "NSC", "SRC", "TSC", "MSC", "NBC", "IOE", "YSC"];
/// Asylum offices' receipt prefixes (Arlington, Chicago, Houston, Los Angeles,
/// Miami, Newark, New York, San Francisco), followed by 9 or 10 digits.
const ASYLUM_PREFIXES: &[&str] = &["ZAR", "ZCH", "ZHN", "ZLA", "ZMI", "ZNK", "ZNY", "ZSF"];

/// Words just before a bare run of digits that make it an A-number. Folded
/// (lower case, no accents), except that a lone capital `A` stays `A`: in
/// Spanish "número a" is "number to", in English "a number" is an article.
const A_NUMBER_CUES: &[&[&str]] = &[
    &["a-number"],
    &["a-numbers"],
    &["anumber"],
    &["a-no"],
    &["a#"],
    &["a-#"],
    &["A", "number"],
    &["A", "#"],
    &["A", "no"],
    // "alien number", "alien reg #", "Alien Registration No.": the word is only used of this number.
    &["alien"],
    &["alien#"],
    &["uscis#"],
    &["uscis", "#"],
    &["uscis", "number"],
    &["uscis", "no"],
    &["numero", "A"],
    &["numero", "a#"],
    &["numero", "de", "A"],
    &["#", "de", "A"],
    &["numero", "de", "alien"],
    &["numero", "alien"],
    &["numero", "de", "extranjero"],
    &["registro", "de", "extranjero"],
    &["registro", "de", "extranjeros"],
    &["numero", "uscis"],
    &["numero", "de", "uscis"],
    // Immigration court cases and ICE's detainee locator go by the A-number.
    &["eoir"],
    &["detainee", "locator"],
    &["localizador"],
];

/// Words just before a run of 11 digits (or 9 digits, a letter, a digit) that make it an I-94 number.
const ADMISSION_CUES: &[&[&str]] = &[
    &["i-94"],
    &["i94"],
    &["i-94#"],
    &["admission", "number"],
    &["admission", "record"],
    &["admission", "#"],
    &["numero", "de", "admision"],
    &["registro", "de", "admision"],
];

const SEVIS_CUES: &[&[&str]] = &[&["sevis"], &["sevis", "id"], &["sevis#"]];

/// How many words may sit between a cue and its number ("A-number of my brother is 207654321").
const MAX_CUE_GAP: usize = 4;
/// How far back a cue is looked for (bytes), so that the scan stays linear.
const CUE_WINDOW: usize = 80;

pub(crate) fn find(text: &str) -> Vec<(Range<usize>, Id)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] >= 0x80 || matches!(b[i - 1], b'_' | b'-' | b'/' | b'.' | b'@'));
        if !boundary || !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let found = if b[i].is_ascii_digit() { bare_at(text, i) } else { prefixed_at(text, i) };
        match found {
            Some((end, id)) => {
                out.push((i..end, id));
                i = end;
            }
            // Skip the rest of the word: nothing starts inside it.
            None => {
                i += 1;
                while i < b.len() && b[i].is_ascii_alphanumeric() {
                    i += 1;
                }
            }
        }
    }
    out
}

/// Most digit groups a number is read in (`A-123-456-789`, `EAC 24 901 23456`).
const MAX_GROUPS: usize = 4;

/// Digit groups joined by a single `-`, space or `.`: how many digits each has and where each ends.
struct Groups {
    lens: [usize; MAX_GROUPS],
    ends: [usize; MAX_GROUPS],
    count: usize,
}

/// The digit groups from `i` (at most 15 digits each).
fn groups_at(b: &[u8], mut i: usize) -> Option<Groups> {
    let mut g = Groups { lens: [0; MAX_GROUPS], ends: [0; MAX_GROUPS], count: 0 };
    while g.count < MAX_GROUPS {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start <= 15 {
            i += 1;
        }
        if i == start || i - start > 15 {
            return None;
        }
        g.lens[g.count] = i - start;
        g.ends[g.count] = i;
        g.count += 1;
        if !(i + 1 < b.len() && matches!(b[i], b'-' | b' ' | b'.') && b[i + 1].is_ascii_digit()) {
            break;
        }
        i += 1;
    }
    Some(g)
}

/// The longest run of leading groups that `fits` and ends cleanly: its group
/// lengths and end ("A# 201 555 017 3 agentes" is the A-number and a count).
fn longest<'g>(b: &[u8], g: &'g Groups, fits: impl Fn(&[usize]) -> bool) -> Option<(&'g [usize], usize)> {
    (1..=g.count).rev().find_map(|n| {
        let lens = &g.lens[..n];
        let end = g.ends[n - 1];
        (fits(lens) && ends_clean(b, end)).then_some((lens, end))
    })
}

/// Whether the number ends at `end`: not glued to a letter or to more digits ("1234567.5", "123456789-2").
fn ends_clean(b: &[u8], end: usize) -> bool {
    match b.get(end) {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() || *c >= 0x80 || *c == b'_' => false,
        Some(b'.' | b',' | b'-' | b'/') => !b.get(end + 1).is_some_and(u8::is_ascii_digit),
        _ => true,
    }
}

/// An A-number's digits as people group them: one block, or threes after a first group of one to three.
fn a_number_shape(groups: &[usize]) -> bool {
    let digits: usize = groups.iter().sum();
    (7..=9).contains(&digits) && (groups.len() == 1 || groups[0] <= 3 && groups[1..].iter().all(|&g| g == 3))
}

/// A token that starts with letters: `A123456789`, `A-123-456-789`, `A# 201-555-017`, `EAC2490123456`,
/// `WAC-24-123-45678`, `N0012345678`.
fn prefixed_at(text: &str, i: usize) -> Option<(usize, Id)> {
    let b = text.as_bytes();
    let mut j = i;
    while j < b.len() && b[j].is_ascii_alphabetic() && j - i < 4 {
        j += 1;
    }
    let letters = &text[i..j];
    match letters.len() {
        1 => {
            // After the letter: nothing, `-`, `#`, `#:`, `:` or a space, then the digits.
            let mut k = j;
            while k < b.len() && matches!(b[k], b'-' | b'#' | b':' | b' ') && k - j < 3 {
                k += 1;
            }
            let sep = &text[j..k];
            let groups = groups_at(b, k)?;
            match b[i] {
                // A lower-case `a` is a word in both languages unless a `#` or `-` glues it to the number.
                b'A' | b'a' if b[i] == b'A' || sep.starts_with(['#', '-']) => {
                    let (lens, end) = longest(b, &groups, a_number_shape)?;
                    let digits: usize = lens.iter().sum();
                    // Eight or nine digits are an A-number; seven ("A 1234567", a plan or a model) need a `#` or a cue.
                    let sure = digits >= 8 || sep.contains('#') || cue_before(text, i, A_NUMBER_CUES);
                    sure.then_some((end, Id::ANumber))
                }
                // SEVIS ids are printed `N00…`; another N and ten digits needs the word SEVIS before it.
                b'N' if sep.is_empty() && groups.lens[..groups.count] == [10] && ends_clean(b, groups.ends[0]) => {
                    (text[k..].starts_with("00") || cue_before(text, i, SEVIS_CUES)).then_some((groups.ends[0], Id::Sevis))
                }
                _ => None,
            }
        }
        3 => {
            // The code as printed (capitals) or typed in lower case, never mixed ("Lin"); most
            // three-letter words ("the", "and") are ruled out here without a copy.
            let l = letters.as_bytes();
            if !(l.iter().all(u8::is_ascii_uppercase) || l.iter().all(u8::is_ascii_lowercase)) {
                return None;
            }
            let is = |p: &&str| p.as_bytes().eq_ignore_ascii_case(l);
            let receipt = RECEIPT_PREFIXES.iter().any(is);
            let asylum = ASYLUM_PREFIXES.iter().any(is);
            if !receipt && !asylum {
                return None;
            }
            // Notices print `EAC-24-901-23456`, `EAC 24 901 23456`, `EAC*2490123456` or one block.
            let k = if b.get(j).is_some_and(|c| matches!(c, b'-' | b' ' | b'*')) { j + 1 } else { j };
            let groups = groups_at(b, k)?;
            let fits = |lens: &[usize]| {
                let digits: usize = lens.iter().sum();
                digits == 10 || asylum && digits == 9
            };
            longest(b, &groups, fits).map(|(_, end)| (end, Id::Receipt))
        }
        _ => None,
    }
}

/// A run of digits with no letter before it: an A-number or an I-94 number only after a cue.
fn bare_at(text: &str, i: usize) -> Option<(usize, Id)> {
    let b = text.as_bytes();
    let groups = groups_at(b, i)?;
    // The 2019 I-94 form: nine digits, a capital letter, a digit (`123456789A1`).
    if groups.lens[0] == 9 {
        let end = groups.ends[0];
        if b.get(end).is_some_and(u8::is_ascii_uppercase)
            && b.get(end + 1).is_some_and(u8::is_ascii_digit)
            && ends_clean(b, end + 2)
            && cue_before(text, i, ADMISSION_CUES)
        {
            return Some((end + 2, Id::Admission));
        }
    }
    if let Some((_, end)) = longest(b, &groups, |lens| lens.iter().sum::<usize>() == 11) {
        if cue_before(text, i, ADMISSION_CUES) {
            return Some((end, Id::Admission));
        }
    }
    let (_, end) = longest(b, &groups, a_number_shape)?;
    cue_before(text, i, A_NUMBER_CUES).then_some((end, Id::ANumber))
}

/// Whether one of `cues` ends within the last few words before `at`.
fn cue_before(text: &str, at: usize, cues: &[&[&str]]) -> bool {
    fold::cue_before(text, at, cues, CUE_WINDOW, MAX_CUE_GAP)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<(&str, Id)> {
        find(text).into_iter().map(|(r, id)| (&text[r], id)).collect()
    }

    #[test]
    fn finds_a_numbers_as_people_write_them() {
        for (text, want) in [
            ("Her A-number is A-123-456-789", "A-123-456-789"),
            ("A# 201-555-017", "A# 201-555-017"),
            ("A#201555017 please", "A#201555017"),
            ("locator: A098765432.", "A098765432"),
            ("A 208 765 432", "A 208 765 432"),
            ("a#: 12345678", "a#: 12345678"),
            ("su número A es 098765432", "098765432"),
            ("Su número de registro de extranjero es 201555017.", "201555017"),
            ("USCIS# 123-456-789 on the card", "123-456-789"),
            ("alien number: 212345678", "212345678"),
            ("his A number is 98765432", "98765432"),
            ("Búsquenlo en el localizador con 207654321", "207654321"),
            ("Her A-number of record is 2076543", "2076543"),
            ("EOIR case 207-654-321", "207-654-321"),
        ] {
            let got = ids(text);
            assert_eq!(got, [(want, Id::ANumber)], "{text}");
        }
    }

    #[test]
    fn finds_receipts_admission_numbers_and_sevis_ids() {
        for (text, want, id) in [
            ("Receipt EAC2490123456 —", "EAC2490123456", Id::Receipt),
            ("Case status for WAC-24-123-45678 says", "WAC-24-123-45678", Id::Receipt),
            ("mi recibo es ioe0912345678", "ioe0912345678", Id::Receipt),
            ("LIN 24 901 23456", "LIN 24 901 23456", Id::Receipt),
            ("card MSC*2190123456", "MSC*2190123456", Id::Receipt),
            ("asilo: ZLA001234567", "ZLA001234567", Id::Receipt),
            ("His I-94 number is 12345678901 and", "12345678901", Id::Admission),
            ("El I-94 de mi esposo: 123456789A1.", "123456789A1", Id::Admission),
            ("número de admisión 98765432101", "98765432101", Id::Admission),
            ("SEVIS ID N0012345678", "N0012345678", Id::Sevis),
        ] {
            assert_eq!(ids(text), [(want, id)], "{text}");
        }
    }

    #[test]
    fn leaves_other_numbers_alone() {
        for text in [
            // No cue, or a cue too far away.
            "order 123456789 shipped",
            "su número es 612555017",
            "the number a 1234567 is odd",
            "pásale el número a tu vecina: 5550199",
            "A-number? ask the lawyer. Later we called 1 2 3 4 5 6 7 8 9 people and 123456789 more of them",
            // Wrong lengths and shapes.
            "A12345",
            "A-1234567890",
            "Plan A 1234567",
            "A-123-4567-89",
            "Receipt EAC249012345",
            "ABC2490123456",
            "Lin2490123456",
            "I-94 123456789",
            "model A1234567B",
            "x-A123456789",
            "tracking 1Z999AA10123456784",
            "A 12:30",
            // Counts and years.
            "A 5 agentes, 2026",
            "Grupo A: 20 personas",
            "",
            "A",
            "A#",
            "EAC",
        ] {
            assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
        }
    }

    #[test]
    fn cut_short_anywhere_is_no_panic() {
        let text = "número A: A-123-456-789, I-94 123456789A1, EAC-24-901-23456 ñ 😀";
        for (i, _) in text.char_indices() {
            let _ = find(&text[..i]);
            let _ = find(&text[i..]);
        }
    }
}
