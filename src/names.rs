//! What a file's name says besides its bytes, and the neutral name a cleaned
//! copy gets. Phones and apps write the date and time into names, to the
//! second (`IMG_20260201_153012.jpg`, `PXL_20260201_153012345.jpg`,
//! `WhatsApp Image 2026-02-01 at 15.30.12.jpeg`, `Screenshot_20260201-153012_Signal.jpg`),
//! which is what a query of where phones were at a given time needs; people
//! name files after a person or a street (`maria-lopez-lake-st.jpg`).
//!
//! Dates are found by their shape (a valid calendar date, with a valid time
//! next to it), not by a list of apps, so names from apps not listed here are
//! read too. Names of people and streets are found only from lists of common
//! given names, surnames and street words, never from "any word", because a
//! marker that cries wolf at `sunset.jpg` gets ignored. No IO.

use crate::report::{Category, Finding, Format, Media, Severity};
use crate::reveal::Lang;

/// Longest name read, in bytes (file systems allow 255; the rest is ignored).
pub const MAX_NAME: usize = 1024;

/// The name a cleaned copy gets: `photo.jpg`, `photo-2.jpg`, `video.mp4`…
/// The first of a run (index 1, or 0) has the bare name.
pub fn neutral_name(format: Format, index: u32) -> String {
    let info = format.info();
    let stem = info.media.neutral_stem();
    let ext = info.extensions.first().copied().unwrap_or("bin");
    if index <= 1 {
        format!("{stem}.{ext}")
    } else {
        format!("{stem}-{index}.{ext}")
    }
}

impl Media {
    /// The word a neutral name starts with.
    pub fn neutral_stem(self) -> &'static str {
        match self {
            Media::Photo => "photo",
            Media::Video => "video",
            Media::Audio => "recording",
            Media::Document => "document",
        }
    }
}

/// What `name` reveals: when it was made (and by which app, when the name
/// says), and words that look like a person's name or a street.
pub fn inspect_name(name: &str, lang: Lang) -> Vec<Finding> {
    let mut end = name.len().min(MAX_NAME);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let name = &name[..end];
    // The last path component, without its extension.
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match base.rsplit_once('.') {
        Some((s, ext)) if !s.is_empty() && (1..=5).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric()) => s,
        _ => base,
    };
    let toks = tokens(stem);
    let mut out = Vec::new();
    let when = find_time(&toks);
    if let Some(w) = &when {
        let app = app_of(stem, &toks, w);
        out.push(time_finding(w, app.as_deref(), lang));
    }
    let skip = when.as_ref().map_or(0..0, |w| w.span.clone());
    let (people, places) = find_names(&toks, skip);
    if !people.is_empty() {
        out.push(words_finding(&people, false, lang));
    }
    if !places.is_empty() {
        out.push(words_finding(&places, true, lang));
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(String),
    Word(String),
    Sep(char),
}

/// Digit runs, letter runs (split where a lower-case letter meets an upper-case
/// one: `MariaLopez`) and separators; all whitespace is one space.
fn tokens(stem: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut prev: Option<char> = None;
    for c in stem.chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        match out.last_mut() {
            Some(Tok::Num(s)) if c.is_ascii_digit() => s.push(c),
            Some(Tok::Word(s)) if c.is_alphabetic() && !(c.is_uppercase() && prev.is_some_and(|p| p.is_lowercase())) => s.push(c),
            _ if c.is_ascii_digit() => out.push(Tok::Num(c.to_string())),
            _ if c.is_alphabetic() => out.push(Tok::Word(c.to_string())),
            _ => out.push(Tok::Sep(c)),
        }
        prev = Some(c);
    }
    out
}

/// A date (and time) found in a name, and the tokens it spans.
#[derive(Clone, Debug, PartialEq)]
struct When {
    date: String,
    time: Option<String>,
    span: std::ops::Range<usize>,
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        _ => 31,
    }
}

fn date(y: u32, m: u32, d: u32) -> Option<String> {
    ((1990..=2099).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in(y, m)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn time(h: u32, m: u32, s: u32) -> Option<String> {
    (h < 24 && m < 60 && s < 60).then(|| format!("{h:02}:{m:02}:{s:02}"))
}

fn num(s: &str, range: std::ops::Range<usize>) -> u32 {
    s.get(range).and_then(|d| d.parse().ok()).unwrap_or(u32::MAX)
}

fn word_is(t: Option<&Tok>, words: &[&str]) -> bool {
    matches!(t, Some(Tok::Word(w)) if words.iter().any(|x| w.eq_ignore_ascii_case(x)))
}

fn sep_in(t: Option<&Tok>, seps: &str) -> Option<char> {
    match t {
        Some(Tok::Sep(c)) if seps.contains(*c) => Some(*c),
        _ => None,
    }
}

fn num_len(t: Option<&Tok>, lens: std::ops::RangeInclusive<usize>) -> Option<&str> {
    match t {
        Some(Tok::Num(s)) if lens.contains(&s.len()) => Some(s),
        _ => None,
    }
}

/// Part of a hexadecimal hash or UUID (`5d41402a…`): digits there are not dates.
fn in_hash(stem_toks: &[Tok], i: usize) -> bool {
    let alnum = |t: &Tok| matches!(t, Tok::Num(_) | Tok::Word(_));
    let (mut a, mut b) = (i, i);
    while a > 0 && stem_toks.get(a - 1).is_some_and(alnum) {
        a -= 1;
    }
    while stem_toks.get(b + 1).is_some_and(alnum) {
        b += 1;
    }
    let run: String = stem_toks[a..=b]
        .iter()
        .map(|t| match t {
            Tok::Num(s) | Tok::Word(s) => s.as_str(),
            Tok::Sep(_) => "",
        })
        .collect();
    run.len() >= 12 && run.chars().all(|c| c.is_ascii_hexdigit()) && run.chars().any(|c| c.is_ascii_alphabetic())
}

/// A time after a date at token `i`: `153012`, `153012345`, `15.30.12`,
/// `15-30-12`, `3.30.12 PM`, `10.15.32 a. m.`, with the words in between
/// that apps write (`at`, `a las`, `a la(s)`). Returns the time and the end.
fn time_at(toks: &[Tok], mut i: usize) -> Option<(String, usize)> {
    // Separators and the joining words of macOS and WhatsApp, in English and Spanish.
    let mut steps = 0;
    while steps < 8 {
        match toks.get(i) {
            Some(Tok::Sep(c)) if " _-T.()".contains(*c) => i += 1,
            Some(Tok::Word(w)) if ["at", "a", "las", "la", "s", "um", "T"].iter().any(|x| w.eq_ignore_ascii_case(x)) => i += 1,
            _ => break,
        }
        steps += 1;
    }
    if let Some(s) = num_len(toks.get(i), 6..=9) {
        // HHMMSS, with milliseconds after it (Pixel, Motorola).
        if s.len() == 6 || s.len() == 9 {
            return time(num(s, 0..2), num(s, 2..4), num(s, 4..6)).map(|t| (t, i + 1));
        }
        return None;
    }
    let h = num_len(toks.get(i), 1..=2)?;
    let sep = sep_in(toks.get(i + 1), ".:-_")?;
    let m = num_len(toks.get(i + 2), 2..=2)?;
    if sep_in(toks.get(i + 3), ".:-_") != Some(sep) {
        return None;
    }
    let s = num_len(toks.get(i + 4), 2..=2)?;
    let (mut h, m, s) = (num(h, 0..h.len()), num(m, 0..2), num(s, 0..2));
    let mut end = i + 5;
    // 12-hour clocks: "PM", "p. m.", "p.m." (macOS writes a narrow space before them).
    let mut j = end;
    while sep_in(toks.get(j), " .").is_some() && j < end + 2 {
        j += 1;
    }
    let m_at = (j + 2..=j + 3).find(|&k| word_is(toks.get(k), &["m"]));
    let ampm = match (toks.get(j), m_at) {
        (Some(Tok::Word(w)), _) if w.eq_ignore_ascii_case("am") || w.eq_ignore_ascii_case("pm") => Some((w.eq_ignore_ascii_case("pm"), j + 1)),
        (Some(Tok::Word(w)), Some(k)) if w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("p") => Some((w.eq_ignore_ascii_case("p"), k + 1)),
        _ => None,
    };
    if let Some((pm, after)) = ampm {
        if !(1..=12).contains(&h) {
            return None;
        }
        h = match (pm, h) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
        end = after;
    }
    time(h, m, s).map(|t| (t, end))
}

/// The first date in the name, with the time next to it when there is one.
fn find_time(toks: &[Tok]) -> Option<When> {
    for (i, t) in toks.iter().enumerate() {
        let Tok::Num(n) = t else { continue };
        if in_hash(toks, i) {
            continue;
        }
        // The date, the time when it is in the same run, and the token after them.
        let found: Option<(String, Option<String>, usize)> = match n.len() {
            // YYYYMMDD, then a time token (IMG_20260201_153012, 20260201_153012, IMG-20260201-WA0007).
            8 => date(num(n, 0..4), num(n, 4..6), num(n, 6..8)).map(|d| (d, None, i + 1)),
            // YYYYMMDDHHMMSS[mmm] in one run (OPPO's IMG20260201153012, DJI).
            14 | 17 => date(num(n, 0..4), num(n, 4..6), num(n, 6..8))
                .zip(time(num(n, 8..10), num(n, 10..12), num(n, 12..14)))
                .map(|(d, t)| (d, Some(t), i + 1)),
            // YYYY-MM-DD (signal-2026-02-01-153012, WhatsApp Image 2026-02-01 at 15.30.12).
            4 => {
                let s1 = sep_in(toks.get(i + 1), "-_.");
                match (s1, num_len(toks.get(i + 2), 1..=2), num_len(toks.get(i + 4), 1..=2)) {
                    (Some(s), Some(m), Some(d)) if sep_in(toks.get(i + 3), "-_.") == Some(s) => {
                        date(num(n, 0..4), num(m, 0..m.len()), num(d, 0..d.len())).map(|d| (d, None, i + 5))
                    }
                    _ => None,
                }
            }
            // DD-MM-YYYY or MM-DD-YYYY (iOS screen recordings: 02-01-2026 15-30-12).
            1 | 2 => {
                let s1 = sep_in(toks.get(i + 1), "-_.");
                match (s1, num_len(toks.get(i + 2), 1..=2), num_len(toks.get(i + 4), 4..=4)) {
                    (Some(s), Some(b), Some(y)) if sep_in(toks.get(i + 3), "-_.") == Some(s) => {
                        let (a, b, y) = (num(n, 0..n.len()), num(b, 0..b.len()), num(y, 0..4));
                        // The order is known when one of the two cannot be a month.
                        match (date(y, a, b), date(y, b, a)) {
                            (Some(d), None) | (None, Some(d)) => Some((d, None, i + 5)),
                            (Some(d1), Some(d2)) if d1 == d2 => Some((d1, None, i + 5)),
                            (Some(d1), Some(d2)) => Some((format!("{d1} or {d2}"), None, i + 5)),
                            (None, None) => None,
                        }
                    }
                    _ => None,
                }
            }
            // Milliseconds since 1970 (Facebook's FB_IMG_1706801412345, many web downloads).
            13 => n.parse::<u64>().ok().and_then(|ms| epoch(ms / 1000)).map(|(d, t)| (d, Some(t), i + 1)),
            // Seconds since 1970, only where the app is known to write them (iOS RPReplay_Final1706801412).
            10 if word_is(i.checked_sub(1).and_then(|j| toks.get(j)), &["Final"]) => {
                n.parse::<u64>().ok().and_then(epoch).map(|(d, t)| (d, Some(t), i + 1))
            }
            _ => None,
        };
        let Some((d, t, next)) = found else { continue };
        if t.is_some() {
            return Some(When { date: d, time: t, span: i..next });
        }
        return Some(match time_at(toks, next) {
            Some((t, end)) => When { date: d, time: Some(t), span: i..end },
            None => When { date: d, time: None, span: i..next },
        });
    }
    None
}

/// A date and time (UTC) from seconds since 1970, between 2010 and 2040.
fn epoch(secs: u64) -> Option<(String, String)> {
    const FROM: u64 = 1_262_304_000; // 2010-01-01
    const TO: u64 = 2_208_988_800; // 2040-01-01
    if !(FROM..TO).contains(&secs) {
        return None;
    }
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some((format!("{y:04}-{m:02}-{d:02}"), format!("{:02}:{:02}:{:02} UTC", rest / 3600, rest % 3600 / 60, rest % 60)))
}

/// Android package names screenshots end with (MIUI: `Screenshot_…_com.whatsapp`).
const PACKAGES: &[(&str, &str)] = &[
    ("com.whatsapp", "WhatsApp"),
    ("org.thoughtcrime.securesms", "Signal"),
    ("org.telegram.messenger", "Telegram"),
    ("com.instagram.android", "Instagram"),
    ("com.facebook.katana", "Facebook"),
    ("com.facebook.orca", "Messenger"),
    ("com.twitter.android", "X"),
    ("com.android.chrome", "Chrome"),
    ("com.google.android.apps.maps", "Google Maps"),
    ("com.zhiliaoapp.musically", "TikTok"),
    ("com.snapchat.android", "Snapchat"),
];

/// Which app wrote the name, when its pattern says so.
fn app_of(stem: &str, toks: &[Tok], when: &When) -> Option<String> {
    let lower = stem.to_lowercase();
    let words: Vec<&str> = toks
        .iter()
        .filter_map(|t| match t {
            Tok::Word(w) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    let has = |w: &str| words.iter().any(|x| x.eq_ignore_ascii_case(w));
    let first = words.first().map(|w| w.to_ascii_lowercase()).unwrap_or_default();
    // What follows the date and time: a screenshot's app (`_Signal`, `_com.whatsapp`).
    let after: String = toks
        .get(when.span.end..)
        .unwrap_or(&[])
        .iter()
        .map(|t| match t {
            Tok::Word(w) | Tok::Num(w) => w.clone(),
            Tok::Sep(c) => c.to_string(),
        })
        .collect::<String>()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    let screen = has("screenshot") || has("captura") || (has("screen") && (has("shot") || has("recording"))) || has("rpreplay");
    if lower.contains("whatsapp") || toks.iter().any(|t| matches!(t, Tok::Word(w) if w == "WA")) {
        return Some("WhatsApp".into());
    }
    if first == "signal" {
        return Some("Signal".into());
    }
    if has("telegram") || (matches!(first.as_str(), "photo" | "video" | "file") && when.time.is_some() && when.span.start <= 2) {
        return Some("Telegram".into());
    }
    if screen && !after.is_empty() && after.chars().next().is_some_and(|c| c.is_alphabetic()) {
        let after_lower = after.to_ascii_lowercase();
        if let Some((_, app)) = PACKAGES.iter().find(|(p, _)| after_lower.starts_with(p)) {
            return Some((*app).into());
        }
        if !matches!(after_lower.as_str(), "edited" | "copy" | "copia") {
            return Some(after.chars().take(40).collect());
        }
    }
    match first.as_str() {
        "pxl" => Some("Pixel camera".into()),
        "win" => Some("Windows Camera".into()),
        "dji" => Some("DJI drone".into()),
        "fb" if has("img") => Some("Facebook".into()),
        "snapchat" => Some("Snapchat".into()),
        "rpreplay" | "screenrecording" => Some("iPhone screen recording".into()),
        _ => None,
    }
}

fn time_finding(w: &When, app: Option<&str>, lang: Lang) -> Finding {
    let value = match (&w.time, app) {
        (Some(t), Some(a)) => format!("{} {t} ({a})", w.date),
        (Some(t), None) => format!("{} {t}", w.date),
        (None, Some(a)) => format!("{} ({a})", w.date),
        (None, None) => w.date.clone(),
    };
    let app_en = app.map(|a| format!(", and the app ({a})")).unwrap_or_default();
    let app_es = app.map(|a| format!(", y la aplicación ({a})")).unwrap_or_default();
    let when = value.split(" (").next().unwrap_or(&value).to_string();
    let message = match (&w.time, lang) {
        (Some(_), Lang::En) => format!(
            "The file name gives the date and time it was made, to the second ({when}){app_en}, which can match it to where a phone was at that moment. Silbato gives the cleaned copy a neutral name."
        ),
        (Some(_), Lang::Es) => format!(
            "El nombre del archivo dice la fecha y la hora en que se hizo, al segundo ({when}){app_es}, lo que permite relacionarlo con dónde estaba un teléfono en ese momento. Silbato le pone un nombre neutro a la copia limpia."
        ),
        (None, Lang::En) => format!("The file name gives the date it was made ({when}){app_en}. Silbato gives the cleaned copy a neutral name."),
        (None, Lang::Es) => format!("El nombre del archivo dice la fecha en que se hizo ({when}){app_es}. Silbato le pone un nombre neutro a la copia limpia."),
    };
    let severity = if w.time.is_some() { Severity::Medium } else { Severity::Low };
    Finding { category: Category::Timestamp, tag: "FileName".into(), value, severity, message, position: None }
}

fn words_finding(words: &[String], place: bool, lang: Lang) -> Finding {
    let value = words.join(" ");
    let message = match (place, lang) {
        (false, Lang::En) => format!("The file name looks like it holds a person's name ({value}). Silbato gives the cleaned copy a neutral name."),
        (false, Lang::Es) => {
            format!("El nombre del archivo parece incluir el nombre de una persona ({value}). Silbato le pone un nombre neutro a la copia limpia.")
        }
        (true, Lang::En) => {
            format!("The file name looks like it holds a street or a place ({value}). Silbato gives the cleaned copy a neutral name.")
        }
        (true, Lang::Es) => {
            format!("El nombre del archivo parece incluir una calle o un lugar ({value}). Silbato le pone un nombre neutro a la copia limpia.")
        }
    };
    Finding { category: Category::Text, tag: "FileName".into(), value, severity: Severity::Medium, message, position: None }
}

/// A word folded for the lists: lower case, without accents.
fn fold(w: &str) -> String {
    crate::text::fold_word(w)
}

/// Words naming people and streets, outside the date's tokens. A given name
/// or surname that is also a common word (`rose`, `may`, `flores`, `green`)
/// counts only next to another name; a street word only next to the street's
/// own name or number, on the side each language puts it (`lake st`, `calle 8`).
fn find_names(toks: &[Tok], skip: std::ops::Range<usize>) -> (Vec<String>, Vec<String>) {
    // The words and numbers of the name, in order, with the date left out.
    let mut words: Vec<(String, String, bool)> = Vec::new();
    for (i, t) in toks.iter().enumerate().filter(|(i, _)| !skip.contains(i)) {
        match t {
            // An ordinal is a number (`5th`, `1st`): `5th ave`, not `th ave`.
            Tok::Word(w) if ["st", "nd", "rd", "th"].contains(&fold(w).as_str()) && i > 0 && matches!(toks.get(i - 1), Some(Tok::Num(_))) => {
                if let Some(last) = words.last_mut().filter(|l| l.2) {
                    last.0.push_str(w);
                    continue;
                }
                words.push((w.clone(), fold(w), false));
            }
            Tok::Word(w) => words.push((w.clone(), fold(w), false)),
            Tok::Num(n) => words.push((n.clone(), n.clone(), true)),
            Tok::Sep(_) => {}
        }
    }
    let is_name = |f: &str| GIVEN.binary_search(&f).is_ok() || SURNAMES.binary_search(&f).is_ok();
    let is_maybe_name = |f: &str| AMBIGUOUS_NAMES.binary_search(&f).is_ok();
    let generic = |f: &str| GENERIC.binary_search(&f).is_ok() || f.len() < 2;
    let mut people = Vec::new();
    let mut places = Vec::new();
    // Streets first: a street named after a person (`esquina juarez`) is a place.
    let mut used = vec![false; words.len()];
    for (k, (orig, f, _)) in words.iter().enumerate() {
        // The street's own name: a number or a word that is not generic.
        let named = |w: Option<&(String, String, bool)>| w.is_some_and(|(_, f, n)| *n || !generic(f));
        let prev = k.checked_sub(1).and_then(|j| words.get(j));
        if STREET_AFTER.binary_search(&f.as_str()).is_ok() && named(prev) {
            if !used[k - 1] {
                places.push(words[k - 1].0.clone());
            }
            places.push(orig.clone());
            used[k - 1] = true;
            used[k] = true;
            continue;
        }
        // Spanish puts the street word first, often with "de" after it (`plaza de mayo`).
        let filler = |w: &(String, String, bool)| ["de", "del", "la", "las", "los", "el"].contains(&w.1.as_str());
        let fill = words[k + 1..].iter().take_while(|w| filler(w)).count();
        if STREET_BEFORE.binary_search(&f.as_str()).is_ok() && named(words.get(k + 1 + fill)) {
            for (j, (o, _, _)) in words.iter().enumerate().skip(k).take(fill + 2) {
                if !used[j] {
                    places.push(o.clone());
                    used[j] = true;
                }
            }
        }
    }
    for (k, (orig, f, number)) in words.iter().enumerate() {
        if *number || used[k] {
            continue;
        }
        let near = |j: Option<usize>| j.and_then(|j| words.get(j)).is_some_and(|(_, f, n)| !n && is_name(f));
        if is_name(f) || (is_maybe_name(f) && (near(k.checked_sub(1)) || near(Some(k + 1)))) {
            people.push(orig.clone());
        }
    }
    people.dedup();
    places.dedup();
    (people, places)
}

/// Street types written after the name (`Lake St`, `Main Street`, `5th Ave`), lower case, sorted.
#[rustfmt::skip]
const STREET_AFTER: &[&str] = &[
    "alley", "ave", "avenue", "blvd", "boulevard", "ct", "dr", "hwy", "lane", "ln", "pkwy", "pl", "plaza", "rd", "road", "st", "street", "ter",
];

/// Street and neighbourhood words written before the name (`Calle 8`, `Av Reforma`, `Colonia Roma`), sorted.
#[rustfmt::skip]
const STREET_BEFORE: &[&str] = &[
    "av", "avda", "avenida", "barrio", "bulevar", "calle", "calzada", "carrera", "col", "colonia", "esquina", "fraccionamiento", "pasaje",
    "paseo", "plaza",
];

/// Words cameras, phones and apps put in names, and filler words: never a
/// street's own name. Lower case, sorted.
#[rustfmt::skip]
const GENERIC: &[&str] = &[
    "and", "animation", "archivo", "at", "aud", "audio", "best", "burst", "cam", "camera", "captura", "chrome", "collage", "compressed", "copia",
    "copy", "cover", "crop", "cropped", "dcim", "de", "del", "descarga", "doc", "document", "documento", "download", "dsc", "dscf", "dscn",
    "edit", "editado", "edited", "el", "en", "export", "facebook", "fb", "file", "final", "foto", "fotos", "frame", "from", "gopr", "hdr",
    "image", "imagen", "img", "in", "instagram", "la", "large", "las", "live", "los", "ls", "media", "meme", "mmexport", "motion", "mov", "movie",
    "mp", "mvimg", "my", "new", "night", "nueva", "nuevo", "of", "on", "original", "pano", "pantalla", "photo", "photos", "pic", "picture",
    "portrait", "pro", "ptt", "pxl", "received", "recording", "reel", "resized", "rpreplay", "scan", "screen", "screenshot", "selfie", "shot",
    "signal", "small", "snapchat", "sticker", "story", "telegram", "the", "thumb", "untitled", "v", "vid", "video", "wa", "wallpaper", "whatsapp",
    "with", "y",
];

/// Common given names in the United States and Latin America that are not
/// also common words, folded (lower case, no accents), sorted.
#[rustfmt::skip]
const GIVEN: &[&str] = &[
    "abigail", "adriana", "agustin", "aiden", "alan", "alberto", "alejandra", "alejandro", "alexander", "alexis", "alfredo", "alicia", "alondra",
    "alvaro", "amanda", "ana", "andrea", "andres", "andrew", "angela", "angelica", "anthony", "antonio", "ariana", "armando", "arturo", "ashley",
    "beatriz", "benjamin", "brandon", "brayan", "brenda", "camila", "carla", "carlos", "carolina", "catalina", "cecilia", "christopher", "chuy",
    "claudia", "cristian", "cristina", "daniel", "daniela", "david", "diana", "diego", "eduardo", "elena", "elizabeth", "emilio", "emily", "emma",
    "enrique", "erick", "ernesto", "esteban", "eva", "fabian", "federico", "felipe", "fernanda", "fernando", "francisco", "gabriel", "gabriela",
    "gerardo", "gonzalo", "guadalupe", "guillermo", "gustavo", "hector", "hugo", "ignacio", "isabel", "isabella", "ivan", "jacqueline", "jaime",
    "javier", "jennifer", "jessica", "joaquin", "jonathan", "jorge", "jose", "josefina", "joseph", "joshua", "juan", "juana", "julia", "julian",
    "karen", "karla", "kevin", "lalo", "laura", "leonardo", "leticia", "lorena", "lucia", "luis", "luisa", "lupe", "manuel", "marcos", "maria",
    "mariana", "mario", "marisol", "marta", "martha", "mateo", "matthew", "mauricio", "melissa", "memo", "michael", "miguel", "monica", "natalia",
    "nicolas", "oscar", "pablo", "paco", "patricia", "paula", "pedro", "pepe", "rafael", "ramon", "raul", "ricardo", "roberto", "rodrigo",
    "ruben", "salvador", "samuel", "sandra", "santiago", "sara", "sarah", "sebastian", "sergio", "silvia", "sofia", "sonia", "stephanie",
    "susana", "teresa", "valentina", "valeria", "veronica", "victor", "ximena", "yolanda",
];

/// Common surnames (Hispanic and US) that are not also common words, folded, sorted.
#[rustfmt::skip]
const SURNAMES: &[&str] = &[
    "acosta", "aguilar", "alvarez", "anderson", "castaneda", "castillo", "chavez", "contreras", "dominguez", "espinoza", "estrada", "fernandez",
    "figueroa", "garcia", "gomez", "gonzalez", "gutierrez", "guzman", "hernandez", "herrera", "jimenez", "johnson", "juarez", "lopez", "martinez",
    "medina", "mejia", "mendez", "mendoza", "miller", "morales", "munoz", "navarro", "nguyen", "nunez", "ortega", "ortiz", "perez", "ramirez",
    "rodriguez", "ruiz", "salazar", "sanchez", "sandoval", "smith", "soto", "suarez", "thompson", "valdez", "vasquez", "vazquez", "velasquez",
    "williams", "wilson",
];

/// Names that are also common words (`rose`, `may`, `luz`, `flores`, `green`): a
/// person only next to another name. Folded, sorted.
#[rustfmt::skip]
const AMBIGUOUS_NAMES: &[&str] = &[
    "alexa", "angel", "april", "brown", "campos", "cesar", "christian", "cortes", "cruz", "dolores", "flores", "gloria", "grace", "green", "hope",
    "jack", "joy", "king", "lee", "leon", "luna", "luz", "marco", "margarita", "mark", "may", "mercedes", "moreno", "norma", "paz", "ramos",
    "reyes", "rios", "romero", "rosa", "rosario", "rose", "santos", "tomas", "torres", "vega", "white", "will",
];

#[cfg(test)]
mod tests;
