//! Email addresses: `local@domain.tld` (RFC 5322's common form; quoted
//! local parts and IP-literal domains are left out as nobody types them).

use std::ops::Range;

pub(crate) fn find(text: &str) -> Vec<Range<usize>> {
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
}
