//! Matching the person's "never publish" list without regard to case,
//! accents or spacing: "José Pérez" is found in "JOSE  PEREZ" and in
//! "jose pérez". Text is folded once, keeping where each folded byte came
//! from so that findings point into the original text.

use std::ops::Range;

/// Most entries a list may hold, and the longest entry (in bytes); the rest is ignored.
pub const MAX_TERMS: usize = 500;
pub const MAX_TERM_LEN: usize = 200;

/// Text folded for matching, and for every folded byte the original byte it came from.
pub(crate) struct Folded {
    pub text: String,
    origin: Vec<usize>,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        for (i, c) in original.char_indices() {
            if c.is_whitespace() {
                if text.ends_with(' ') {
                    continue;
                }
                text.push(' ');
                origin.push(i);
                continue;
            }
            if c.is_ascii() {
                text.push(c.to_ascii_lowercase());
                origin.push(i);
                continue;
            }
            for f in c.to_lowercase() {
                let Some(f) = base_letter(f) else { continue };
                let before = text.len();
                text.push(f);
                origin.extend(std::iter::repeat_n(i, text.len() - before));
            }
        }
        origin.push(original.len());
        Folded { text, origin }
    }

    /// The original byte range of folded range `r`.
    pub fn original(&self, r: Range<usize>) -> Range<usize> {
        let start = self.origin.get(r.start).copied().unwrap_or(0);
        // The end is where the byte after the match came from (its start).
        let mut end = self.origin.get(r.end).copied().unwrap_or(start);
        if end <= start {
            end = self.origin.iter().skip(r.end).copied().find(|&o| o > start).unwrap_or(start);
        }
        start..end
    }
}

/// A letter without its accent (`é` → `e`, `ñ` → `n`); `None` for a lone
/// combining accent (text typed in decomposed form).
fn base_letter(c: char) -> Option<char> {
    Some(match c {
        '\u{300}'..='\u{36f}' => return None,
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        '’' | '‘' | 'ʼ' => '\'',
        c => c,
    })
}

/// One prepared entry of the never-publish list.
#[derive(Clone, Debug)]
pub struct Term {
    /// As the person wrote it (trimmed).
    pub entry: String,
    folded: String,
    /// The digits of an entry that is a phone number (`+1 (612) 555-0199`), matched by digits alone.
    digits: Option<String>,
}

impl Term {
    pub fn new(entry: &str) -> Option<Term> {
        let entry = entry.trim();
        if entry.chars().count() < 2 || entry.len() > MAX_TERM_LEN {
            return None;
        }
        let folded = Folded::new(entry).text.trim().to_string();
        let digits: String = entry.chars().filter(char::is_ascii_digit).collect();
        let phone_like = digits.len() >= 7 && entry.chars().all(|c| c.is_ascii_digit() || " +-.()/".contains(c));
        Some(Term { entry: entry.to_string(), folded, digits: phone_like.then_some(digits) })
    }

    pub fn list(entries: &[String]) -> Vec<Term> {
        entries.iter().take(MAX_TERMS).filter_map(|e| Term::new(e)).collect()
    }
}

/// Every place where an entry of `terms` appears in `original` (folded as `folded`).
pub(crate) fn find_terms(original: &str, folded: &Folded, terms: &[Term]) -> Vec<(Range<usize>, usize)> {
    let mut out = Vec::new();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    for (t, term) in terms.iter().enumerate() {
        if let Some(digits) = &term.digits {
            for run in digit_runs(original) {
                let run_digits: String = original[run.clone()].chars().filter(char::is_ascii_digit).collect();
                if run_digits.ends_with(digits.as_str()) && run_digits.len() <= digits.len() + 3 {
                    out.push((run, t));
                }
            }
            continue;
        }
        let hay = folded.text.as_str();
        let mut from = 0;
        while let Some(i) = hay[from..].find(term.folded.as_str()) {
            let s = from + i;
            let e = s + term.folded.len();
            let before = hay[..s].chars().next_back();
            let after = hay[e..].chars().next();
            if !word(before) && !word(after) {
                out.push((folded.original(s..e), t));
            }
            from = s + hay[s..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// The words of the `window` bytes before `at`, folded (lower case, no
/// accents) except a lone capital `A`, which stays `A`: "número A" names an
/// A-number, "número a" means "number to". The first word may be cut short.
pub(crate) fn words_before(text: &str, at: usize, window: usize) -> Vec<String> {
    let mut from = at.saturating_sub(window);
    while from < at && !text.is_char_boundary(from) {
        from += 1;
    }
    let Some(before) = text.get(from..at) else { return Vec::new() };
    before
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '¿' | '?' | '¡' | '!' | '"' | '“' | '”' | '«' | '»' | '='))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .map(|w| if w == "A" { w.to_string() } else { fold_word(w) })
        .collect()
}

/// A word in lower case without accents ("Número" → "numero"), as `Folded` folds text.
fn fold_word(w: &str) -> String {
    w.chars().flat_map(char::to_lowercase).filter_map(base_letter).collect()
}

/// Whether one of `cues` (folded word sequences) ends at most `max_gap`
/// words before the end of `words`.
pub(crate) fn ends_with_cue(words: &[String], cues: &[&[&str]], max_gap: usize) -> bool {
    cues.iter().any(|cue| {
        (0..=max_gap).any(|gap| {
            let Some(end) = words.len().checked_sub(gap) else { return false };
            end >= cue.len() && words[end - cue.len()..end].iter().zip(cue.iter()).all(|(w, c)| w == c)
        })
    })
}

/// Whether one of `cues` ends at most `max_gap` words before `at`, looking back at most `window` bytes.
pub(crate) fn cue_before(text: &str, at: usize, cues: &[&[&str]], window: usize, max_gap: usize) -> bool {
    ends_with_cue(&words_before(text, at, window), cues, max_gap)
}

/// Runs of digits with the separators phone numbers are written with.
pub(crate) fn digit_runs(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !(b[i].is_ascii_digit() || b[i] == b'+' || b[i] == b'(') {
            i += 1;
            continue;
        }
        let start = i;
        let mut last_digit = None;
        while i < b.len() && (b[i].is_ascii_digit() || b" +-.()".contains(&b[i])) {
            if b[i].is_ascii_digit() {
                last_digit = Some(i);
            }
            // Two spaces in a row end a number.
            if b[i] == b' ' && b.get(i + 1) == Some(&b' ') {
                break;
            }
            i += 1;
        }
        if let Some(end) = last_digit {
            out.push(start..end + 1);
        }
        i = i.max(start + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, entries: &[&str]) -> Vec<String> {
        let terms = Term::list(&entries.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let folded = Folded::new(text);
        find_terms(text, &folded, &terms).into_iter().map(|(r, _)| text[r].to_string()).collect()
    }

    #[test]
    fn matches_without_case_accents_or_spacing() {
        assert_eq!(found("Soy JOSE  PEREZ, vecino.", &["José Pérez"]), ["JOSE  PEREZ"]);
        assert_eq!(found("soy josé pérez", &["Jose Perez"]), ["josé pérez"]);
        // Decomposed accents (e + U+0301) fold the same way.
        assert_eq!(found("Jose\u{301} Pe\u{301}rez", &["josé pérez"]), ["Jose\u{301} Pe\u{301}rez"]);
        assert_eq!(found("Calle Ñandú 5", &["calle nandu"]), ["Calle Ñandú"]);
    }

    #[test]
    fn matches_whole_words_only() {
        assert_eq!(found("banana Ana ana.", &["Ana"]), ["Ana", "ana"]);
        assert!(found("Anabel", &["Ana"]).is_empty());
    }

    #[test]
    fn phone_entries_match_by_digits() {
        assert_eq!(found("call +1 (612) 555-0199 now", &["612-555-0199"]), ["+1 (612) 555-0199"]);
        assert_eq!(found("call 612.555.0199", &["(612) 555 0199"]), ["612.555.0199"]);
        assert!(found("order 96125550199123", &["612-555-0199"]).is_empty());
    }

    #[test]
    fn short_and_overlong_entries_are_ignored() {
        assert!(Term::new("a").is_none());
        assert!(Term::new("  ").is_none());
        assert!(Term::new(&"x".repeat(MAX_TERM_LEN + 1)).is_none());
        assert_eq!(Term::list(&vec!["ab".to_string(); MAX_TERMS + 10]).len(), MAX_TERMS);
    }

    #[test]
    fn expanding_letters_keep_offsets_inside_the_text() {
        // ß does not fold to two letters here, İ lowercases to two chars: offsets stay valid.
        for text in ["Straße", "İstanbul", "\u{301}", "ÅÅÅ"] {
            let f = Folded::new(text);
            for s in 0..=f.text.len() {
                for e in s..=f.text.len() {
                    let r = f.original(s..e);
                    assert!(r.start <= r.end && r.end <= text.len());
                }
            }
        }
    }
}
