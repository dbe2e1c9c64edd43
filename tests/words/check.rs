//! The word checks of docs/glossary.md for Rust tests (the same rules as
//! tests/words/check.mjs): no "(s)", no count of 1 before a plural, no English
//! in Spanish, no banned synonym. Included by `#[path]` where needed.
#![allow(dead_code)]

use std::fs;
use std::path::Path;

fn read(rel: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn list(rel: &str) -> Vec<String> {
    read(rel).lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
}

/// (preferred word, banned words) rows of the glossary's table for `lang`.
pub fn glossary(lang: &str) -> Vec<(String, Vec<String>)> {
    let text = read("docs/glossary.md");
    let heading = if lang == "es" { "## Español" } else { "## English" };
    let start = text.find(heading).expect("glossary section") + heading.len();
    let rest = &text[start..];
    let section = rest.find("\n## ").map_or(rest, |end| &rest[..end]);
    section
        .lines()
        .filter(|l| l.starts_with('|'))
        .skip(2)
        .map(|row| {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let word = cells.get(2).copied().unwrap_or("").to_string();
            let banned = cells.get(3).copied().unwrap_or("").split(',').map(str::trim).filter(|w| !w.is_empty()).map(str::to_string).collect();
            (word, banned)
        })
        .collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Byte ranges where `phrase` occurs in `text` as whole words, ignoring case.
fn find_word(text: &str, phrase: &str) -> Vec<(usize, usize)> {
    let lower = text.to_lowercase();
    let p = phrase.to_lowercase();
    if lower.len() != text.len() || p.is_empty() {
        // Case folding changed lengths (rare letters): fall back to exact matching.
        return text.match_indices(phrase).map(|(i, m)| (i, i + m.len())).collect();
    }
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&p) {
        let (s, e) = (from + i, from + i + p.len());
        let before = lower[..s].chars().next_back().is_none_or(|c| !is_word_char(c) && c != '-');
        let after = lower[e..].chars().next().is_none_or(|c| !is_word_char(c));
        if before && after {
            out.push((s, e));
        }
        from = s + lower[s..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

fn blank_out(text: &str, phrase: &str) -> String {
    let mut s = text.to_string();
    for (a, b) in find_word(text, phrase).into_iter().rev() {
        s.replace_range(a..b, &" ".repeat(b - a));
    }
    s
}

const SINGULAR_S_ES: &[&str] =
    &["más", "antes", "después", "además", "menos", "apenas", "mes", "tres", "lunes", "es", "país", "análisis", "gps", "dos", "seis", "km"];
const SINGULAR_S_EN: &[&str] = &["is", "was", "has", "does", "this", "its", "us", "as", "gps", "plus", "less", "km"];

/// What is wrong with `text` in `lang` ("en" | "es"); empty when it passes.
pub fn problems(text: &str, lang: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut s = text.to_string();
    for p in list("tests/words/allowed.txt") {
        s = s.replace(&p, " ");
    }
    // File names and addresses are not words of either language.
    s = s
        .split(' ')
        .map(|w| {
            let l = w.to_lowercase();
            let file = [".jpg", ".jpeg", ".png", ".webp", ".heic", ".mp4", ".mov", ".zip", ".org", ".com"].iter().any(|e| l.contains(e));
            if file || l.starts_with("http") {
                ""
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    for bracket in ["(s)", "(es)", "(as)", "(os)", "(n)", "(a)"] {
        for (i, _) in s.match_indices(bracket) {
            if s[..i].chars().next_back().is_some_and(char::is_alphabetic) {
                found.push(format!("a plural in brackets: {bracket}"));
            }
        }
    }
    let words: Vec<&str> = s.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == ',' || c == '\'')).filter(|w| !w.is_empty()).collect();
    for pair in words.windows(2) {
        let next = pair[1].trim_end_matches(['.', ',']).to_lowercase();
        let singular = if lang == "es" { SINGULAR_S_ES } else { SINGULAR_S_EN };
        if pair[0] == "1" && next.len() > 2 && next.ends_with('s') && next.chars().all(char::is_alphabetic) && !singular.contains(&next.as_str()) {
            found.push(format!("\"1 {next}\": a count of 1 before a plural"));
        }
    }
    if lang == "es" {
        let english = list("tests/words/english-words.txt");
        for w in s.split(|c: char| !(c.is_alphabetic() || c == '\'')).filter(|w| !w.is_empty()) {
            if english.iter().any(|e| e.eq_ignore_ascii_case(w)) {
                found.push(format!("English word \"{w}\" in Spanish"));
            }
        }
    }
    for (word, banned) in glossary(lang) {
        let plain = if word.is_empty() { s.clone() } else { blank_out(&s, &word) };
        for b in banned {
            if !find_word(&plain, &b).is_empty() {
                found.push(format!("\"{b}\" is banned by docs/glossary.md (say \"{word}\")"));
            }
        }
    }
    found
}

/// Every problem of every string, as one message to fail with.
pub fn all_problems<'a>(strings: impl IntoIterator<Item = (String, &'a str)>) -> Vec<String> {
    let mut out = Vec::new();
    for (text, lang) in strings {
        for p in problems(&text, lang) {
            out.push(format!("{lang}: {p}\n    {text}"));
        }
    }
    out.sort();
    out.dedup();
    out
}
