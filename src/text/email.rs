//! Email addresses: `local@domain.tld` (RFC 5322's common form; quoted
//! local parts and IP-literal domains are left out as nobody types them),
//! and addresses written to dodge scrapers, which anyone can still write to:
//! `ana.rr [at] example [dot] com`, `luis(at)example(dot)org`,
//! `rosa.m [arroba] example [punto] com`, `ana.rr at example dot com`,
//! `ana @ example.org`.
//!
//! A bracketed `[at]` or a spaced `@` is an address whenever a domain
//! follows. A bare " at " is ordinary English ("visit us at example dot
//! org"), so it needs more: a known top-level domain, and a local part that
//! looks like one (`ana.rr`, `jlopez2`), a mail provider's domain, or a word
//! like "email" or "escríbeme" just before.

use std::ops::Range;

use super::fold;

/// Longest local part (RFC 5321 §4.5.3.1.1) and domain (§4.5.3.1.2), in bytes.
const MAX_LOCAL: usize = 64;
const MAX_DOMAIN: usize = 255;
/// Most labels joined by written-out dots ("yahoo (punto) com (punto) mx").
const MAX_PARTS: usize = 8;

/// Top-level domains a bare " at " address must end with: the common generic
/// ones and those of the countries Silbato's users write from.
const KNOWN_TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "mil", "info", "biz", "io", "co", "me", "us", "app", "dev", "email", "online", "lat", "mx", "gt", "sv", "hn",
    "ni", "cr", "pa", "bz", "do", "pr", "cu", "ve", "co", "ec", "pe", "bo", "cl", "ar", "uy", "py", "br", "es", "ca", "uk", "de", "fr", "it", "ht",
];
/// Mail providers: "rosa at gmail dot com" is an address however plain the name.
const PROVIDERS: &[&str] = &[
    "gmail",
    "googlemail",
    "yahoo",
    "ymail",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "aol",
    "icloud",
    "me",
    "mac",
    "proton",
    "protonmail",
    "pm",
    "tutanota",
    "tuta",
    "gmx",
    "zoho",
    "yandex",
    "riseup",
    "disroot",
    "prodigy",
    "terra",
    "latinmail",
];
/// Words just before a bare " at " address that say it is one.
const CUES: &[&[&str]] = &[
    &["email"],
    &["e-mail"],
    &["mail"],
    &["write"],
    &["contact"],
    &["reach"],
    &["send"],
    &["correo"],
    &["contacto"],
    &["escribe"],
    &["escribeme"],
    &["escribenos"],
    &["escriban"],
    &["escribir"],
    &["manda"],
    &["mandame"],
    &["mandenme"],
    &["envia"],
    &["enviame"],
    &["envien"],
];
/// Words before " at " that are never a mailbox ("email us at example dot org" is a web site).
const NOT_LOCAL: &[&str] = &["us", "me", "him", "her", "them", "it", "you", "we", "i", "more", "here", "there", "online", "up", "out"];

pub(crate) fn find(text: &str) -> Vec<Range<usize>> {
    // Both lists are in text order: merge them, keeping the longer of two that overlap
    // ("ana@example.com[dot]mx" over "ana@example.com").
    let (mut plain, mut hidden) = (plain(text).into_iter().peekable(), hidden(text).into_iter().peekable());
    let mut out: Vec<Range<usize>> = Vec::new();
    loop {
        let r = match (plain.peek(), hidden.peek()) {
            (Some(p), Some(h)) if (h.start, std::cmp::Reverse(h.end)) < (p.start, std::cmp::Reverse(p.end)) => hidden.next(),
            (Some(_), _) => plain.next(),
            (None, _) => hidden.next(),
        };
        let Some(r) = r else { break };
        match out.last_mut() {
            Some(last) if r.start < last.end => {
                if r.end - r.start > last.end - last.start {
                    *last = r;
                }
            }
            _ => out.push(r),
        }
    }
    out
}

/// `local@domain.tld` written plainly.
fn plain(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-'".contains(&c) || c >= 0x80;
    let domain = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c >= 0x80;
    let mut out: Vec<Range<usize>> = Vec::new();
    for at in memchr::memchr_iter(b'@', b) {
        if out.last().is_some_and(|r| r.end > at) {
            continue;
        }
        let mut s = at;
        while s > 0 && local(b[s - 1]) {
            s -= 1;
        }
        // No leading dots or quotes; stay on a character boundary.
        while s < at && (matches!(b[s], b'.' | b'\'') || !text.is_char_boundary(s)) {
            s += 1;
        }
        let mut e = at + 1;
        while e < b.len() && domain(b[e]) {
            e += 1;
        }
        while e > at + 1 && (matches!(b[e - 1], b'.' | b'-') || !text.is_char_boundary(e)) {
            e -= 1;
        }
        if s == at || e <= at + 1 {
            continue;
        }
        let host = &text[at + 1..e];
        let tld = host.rsplit('.').next().unwrap_or("");
        let labels_ok = host.split('.').all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
        if host.contains('.') && labels_ok && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic) {
            out.push(s..e);
        }
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sep {
    At,
    Dot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// `[at]`, `(punto)`, `{dot}`, `<at>`, `[@]`.
    Bracketed,
    /// `at`, `arroba`, `dot`, `punto` as words.
    Word,
    /// `@` or `.` (spaced, or glued).
    Symbol,
}

/// A written-out `@` or `.` at `i`: which, where it ends, and how it was written.
fn sep_at(b: &[u8], i: usize) -> Option<(Sep, usize, Form)> {
    let close = match b.get(i)? {
        b'[' => b']',
        b'(' => b')',
        b'{' => b'}',
        b'<' => b'>',
        b'@' => return Some((Sep::At, i + 1, Form::Symbol)),
        b'.' => return Some((Sep::Dot, i + 1, Form::Symbol)),
        _ => {
            let (sep, len) = sep_word(b.get(i..)?)?;
            return (len > 1).then_some((sep, i + len, Form::Word));
        }
    };
    let mut j = i + 1;
    while b.get(j) == Some(&b' ') && j < i + 3 {
        j += 1;
    }
    let (sep, len) = sep_word(b.get(j..)?)?;
    j += len;
    while b.get(j) == Some(&b' ') && j < i + 12 {
        j += 1;
    }
    (b.get(j) == Some(&close)).then_some((sep, j + 1, Form::Bracketed))
}

/// `at`, `arroba`, `@`, `dot`, `punto` or `.` at the start of `b` (any case), as a whole word.
fn sep_word(b: &[u8]) -> Option<(Sep, usize)> {
    for (word, sep) in [("arroba", Sep::At), ("at", Sep::At), ("@", Sep::At), ("punto", Sep::Dot), ("dot", Sep::Dot), (".", Sep::Dot)] {
        let n = word.len();
        if b.len() >= n && b[..n].eq_ignore_ascii_case(word.as_bytes()) && !(n > 1 && b.get(n).is_some_and(|c| c.is_ascii_alphanumeric())) {
            return Some((sep, n));
        }
    }
    None
}

fn local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._%+-'".contains(c) || !c.is_ascii() && c.is_alphabetic()
}

fn domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.' || !c.is_ascii() && c.is_alphabetic()
}

/// Where a run of `ok` characters that ends at `end` starts (at most `most` bytes back).
fn run_back(text: &str, end: usize, most: usize, ok: fn(char) -> bool) -> usize {
    let mut start = end;
    for (i, c) in text[..end].char_indices().rev() {
        if !ok(c) || end - i > most {
            break;
        }
        start = i;
    }
    start
}

/// Where a run of `ok` characters from `start` ends (at most `most` bytes on).
fn run_forward(text: &str, start: usize, most: usize, ok: fn(char) -> bool) -> usize {
    let mut end = start;
    for (i, c) in text[start..].char_indices() {
        if !ok(c) || i + c.len_utf8() > most {
            break;
        }
        end = start + i + c.len_utf8();
    }
    end
}

fn spaces_forward(b: &[u8], mut i: usize) -> usize {
    let start = i;
    while b.get(i) == Some(&b' ') && i < start + 2 {
        i += 1;
    }
    i
}

fn spaces_back(b: &[u8], mut i: usize) -> usize {
    let end = i;
    while i > 0 && b[i - 1] == b' ' && i + 2 > end {
        i -= 1;
    }
    i
}

/// Addresses with a written-out `@` or dot.
fn hidden(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let candidate = match b[i] {
            b'[' | b'(' | b'{' | b'<' | b'@' => true,
            b'a' | b'A' => i > 0 && b[i - 1] == b' ',
            _ => false,
        };
        if candidate {
            if let Some((Sep::At, end, form)) = sep_at(b, i) {
                if let Some(r) = address_around(text, i, end, form) {
                    i = r.end;
                    out.push(r);
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// The address around a written-out `@` at `at..at_end`, if there is one.
fn address_around(text: &str, at: usize, at_end: usize, form: Form) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let spaced_before = at > 0 && b[at - 1] == b' ';
    let spaced_after = b.get(at_end) == Some(&b' ');
    // A word needs spaces on both sides; a glued `@` is the plain form unless the domain's dots are written out.
    if form == Form::Word && !(spaced_before && spaced_after) {
        return None;
    }
    let glued = form == Form::Symbol && !spaced_before && !spaced_after;

    // The local part, and before it any parts joined by written-out dots ("ana [dot] rr").
    let local_end = spaces_back(b, at);
    let mut start = run_back(text, local_end, MAX_LOCAL, local_char);
    while start < local_end && matches!(b[start], b'.' | b'\'' | b'-') {
        start += 1;
    }
    if start == local_end {
        return None;
    }
    let last_local = &text[start..local_end];
    let mut local_marked = last_local.contains(|c: char| c.is_ascii_digit() || "._+-".contains(c));
    for _ in 0..MAX_PARTS {
        let Some(before) = dot_ending_at(b, spaces_back(b, start)) else { break };
        let part_end = spaces_back(b, before);
        let part = run_back(text, part_end, MAX_LOCAL, local_char);
        if part == part_end || !b[part].is_ascii_alphanumeric() {
            break;
        }
        start = part;
        local_marked = true;
    }

    // The domain: labels joined by dots, written out or not.
    let mut parts: Vec<Range<usize>> = Vec::new();
    let mut written_dot = false;
    let mut i = spaces_forward(b, at_end);
    loop {
        let end = run_forward(text, i, MAX_DOMAIN, domain_char);
        if end == i {
            break;
        }
        parts.push(i..end);
        let next = spaces_forward(b, end);
        let sep = sep_at(b, next).filter(|(sep, e, form)| {
            let spaced = next > end && b.get(*e) == Some(&b' ');
            *sep == Sep::Dot && (*form == Form::Bracketed || spaced)
        });
        let Some((_, e, _)) = sep else { break };
        let after = spaces_forward(b, e);
        if parts.len() == MAX_PARTS || run_forward(text, after, MAX_DOMAIN, domain_char) == after {
            break;
        }
        written_dot = true;
        i = after;
    }
    let last = parts.len().checked_sub(1)?;
    // A full stop or hyphen after the address ends the sentence, not the domain.
    while parts[last].end > parts[last].start && matches!(b[parts[last].end - 1], b'.' | b'-') {
        parts[last].end -= 1;
    }
    let labels: Vec<&str> = parts.iter().flat_map(|p| text[p.clone()].split('.')).collect();
    let labels_ok = labels.iter().all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    let tld = labels.last()?.to_ascii_lowercase();
    if labels.len() < 2 || !labels_ok || tld.chars().count() < 2 || !tld.chars().all(char::is_alphabetic) {
        return None;
    }
    let end = parts[last].end;
    let known_tld = KNOWN_TLDS.contains(&tld.as_str());
    let word = &text[at..at_end];
    let sure = match form {
        Form::Symbol => !glued || written_dot,
        Form::Bracketed => true,
        Form::Word if word.eq_ignore_ascii_case("arroba") => written_dot || known_tld,
        Form::Word => {
            let provider = labels.first().is_some_and(|l| PROVIDERS.contains(&l.to_ascii_lowercase().as_str()));
            let local = last_local.to_lowercase();
            known_tld && !NOT_LOCAL.contains(&local.as_str()) && (local_marked || provider || fold::cue_before(text, start, CUES, 60, 3))
        }
    };
    sure.then_some(start..end)
}

/// Where a written-out dot that ends at `end` starts: `[dot]`, `(punto)`, or ` dot ` as a word.
fn dot_ending_at(b: &[u8], end: usize) -> Option<usize> {
    let last = *b.get(end.checked_sub(1)?)?;
    if matches!(last, b']' | b')' | b'}' | b'>') {
        let from = end.saturating_sub(12);
        let open = (from..end - 1).rev().find(|&k| matches!(b[k], b'[' | b'(' | b'{' | b'<'))?;
        return matches!(sep_at(b, open), Some((Sep::Dot, e, Form::Bracketed)) if e == end).then_some(open);
    }
    // ` dot ` or ` punto `: the word, with a space before it and after it.
    if b.get(end) != Some(&b' ') {
        return None;
    }
    ["dot", "punto"].iter().find_map(|w| {
        let s = end.checked_sub(w.len())?;
        (b[s..end].eq_ignore_ascii_case(w.as_bytes()) && s > 0 && b[s - 1] == b' ').then_some(s)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emails(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_addresses() {
        assert_eq!(emails("write to ana.perez+news@example.org."), ["ana.perez+news@example.org"]);
        assert_eq!(emails("(maria@correo.com.mx)"), ["maria@correo.com.mx"]);
        assert_eq!(emails("josé@ejemplo.es, o'brien@mail.ie"), ["josé@ejemplo.es", "o'brien@mail.ie"]);
    }

    #[test]
    fn leaves_handles_and_other_ats_alone() {
        for text in ["@someone", "meet @ 5pm", "a@b", "x@localhost", "user@host.c0m", "@@@", "a@-x.com", "a@.com", "é@", "@é"] {
            assert!(emails(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn finds_addresses_written_to_dodge_scrapers() {
        for (text, want) in [
            ("Email me at ana.rr [at] example [dot] com if you saw it", "ana.rr [at] example [dot] com"),
            ("Send videos to luis(at)example(dot)org, we'll blur faces", "luis(at)example(dot)org"),
            ("Contact the organizer: ana.rr at example dot com", "ana.rr at example dot com"),
            ("Write to rosa.m at gmail dot com for the schedule.", "rosa.m at gmail dot com"),
            ("send me the list: dani at gmail.com", "dani at gmail.com"),
            ("email me: jlopez {at} protonmail {dot} com", "jlopez {at} protonmail {dot} com"),
            ("You can reach me at ana @ example.org, I speak Mam.", "ana @ example.org"),
            ("email ana.g[at]gmail[dot]com with the videos", "ana.g[at]gmail[dot]com"),
            ("write ana@example[dot]org", "ana@example[dot]org"),
            ("mail: ANA.RR [AT] EXAMPLE [DOT] COM", "ANA.RR [AT] EXAMPLE [DOT] COM"),
            ("Escríbeme a rosa.m [arroba] example [punto] com si viste algo.", "rosa.m [arroba] example [punto] com"),
            ("Mándame los videos a luis(arroba)example(punto)org", "luis(arroba)example(punto)org"),
            ("Correo: ana punto rr arroba example punto com", "ana punto rr arroba example punto com"),
            ("Mi correo es marta_r (arroba) yahoo (punto) com (punto) mx", "marta_r (arroba) yahoo (punto) com (punto) mx"),
            ("Mi correo: dani arroba gmail.com", "dani arroba gmail.com"),
            ("Escríbenos: brigada [arroba] example [punto] org.", "brigada [arroba] example [punto] org"),
            ("ana [dot] rr [at] example [dot] com", "ana [dot] rr [at] example [dot] com"),
        ] {
            assert_eq!(emails(text), [want], "{text}");
        }
    }

    #[test]
    fn leaves_web_sites_and_ordinary_words_alone() {
        for text in [
            "Visit us at example dot org for the cards",
            "Donate to the bail fund at example dot org, every dollar counts",
            "Read more at nytimes.com and share",
            "email us at example dot org",
            "meet us (at) the park at 5",
            "ICE @ Lake St. 5pm",
            "we were at home dot dot dot",
            "agents at Target [dot] com?",
            "Dona en example punto org, todo va a las fianzas.",
            "nos vemos en la arroba del parque",
            "la arroba es un símbolo",
            "[at]",
            "(arroba)",
            "x [at] y",
            "ana [at] example [dot] c0m",
            "ana [at] -example [dot] com",
            "ana at example dot zz",
        ] {
            assert!(emails(text).is_empty(), "{text}: {:?}", emails(text));
        }
    }

    #[test]
    fn cut_short_anywhere_is_no_panic() {
        let text = "ñ ana.rr [at] exámple [dot] com · luis (arroba) x (punto) mx · rosa at gmail dot com · a@b.co 😀";
        for (i, _) in text.char_indices() {
            let _ = find(&text[..i]);
            let _ = find(&text[i..]);
        }
    }
}
