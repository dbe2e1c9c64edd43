//! A web address cut into the parts link cleaning needs, as slices of the
//! original so that whatever is kept stays byte for byte as it was
//! (RFC 3986 §3: scheme "://" authority path ["?" query] ["#" fragment]).
//! Addresses without a scheme (`youtu.be/abc?si=…`, as people paste them)
//! start at the authority.

/// Parts of an address; `head` runs from the start to the end of the authority.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Parts<'a> {
    pub head: &'a str,
    /// Lowercase, without user info, port or a final dot; empty if absent.
    pub host: String,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

/// Whether `s` starts with `http://` or `https://` (any case); the length of that prefix.
pub(crate) fn web_scheme(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    for prefix in ["https://", "http://"] {
        if b.len() >= prefix.len() && b[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes()) {
            return Some(prefix.len());
        }
    }
    None
}

/// Cut `url` into parts, or `None` if it is not a web address (another scheme, no host).
pub(crate) fn split(url: &str) -> Option<Parts<'_>> {
    let start = match web_scheme(url) {
        Some(n) => n,
        None if url.contains("://") => return None,
        None => 0,
    };
    let rest = &url[start..];
    let auth_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..auth_len];
    let head = &url[..start + auth_len];
    if start == 0 && authority.contains('@') {
        // `someone@example.org`, `mailto:…`: an email address, not a web address.
        return None;
    }
    let host = host_of(authority)?;
    let after = &url[start + auth_len..];
    let (before_fragment, fragment) = match after.find('#') {
        Some(i) => (&after[..i], Some(&after[i + 1..])),
        None => (after, None),
    };
    let (path, query) = match before_fragment.find('?') {
        Some(i) => (&before_fragment[..i], Some(&before_fragment[i + 1..])),
        None => (before_fragment, None),
    };
    Some(Parts { head, host, path, query, fragment })
}

fn host_of(authority: &str) -> Option<String> {
    let after_user = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if after_user.starts_with('[') {
        // An IPv6 literal: no rule names one, but keep it whole.
        &after_user[..after_user.find(']').map_or(after_user.len(), |i| i + 1)]
    } else {
        after_user.split(':').next().unwrap_or("")
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    let valid = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'[' | b']' | b':'))
        || !host.is_ascii() && !host.contains(char::is_whitespace);
    valid.then(|| host.to_ascii_lowercase())
}

/// One `name=value` pair of a query, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Param<'a> {
    pub raw: &'a str,
    pub name: &'a str,
    pub value: Option<&'a str>,
}

pub(crate) fn params(query: &str) -> impl Iterator<Item = Param<'_>> {
    query.split('&').map(|raw| match raw.split_once('=') {
        Some((name, value)) => Param { raw, name, value: Some(value) },
        None => Param { raw, name: raw, value: None },
    })
}

/// Percent-decoding (`%2F` → `/`); `+` stays, as in a path. Bad escapes stay as written.
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_full_address() {
        let p = split("https://User@WWW.YouTube.com.:443/watch?v=x&si=y#t=1").unwrap();
        assert_eq!(p.head, "https://User@WWW.YouTube.com.:443");
        assert_eq!(p.host, "www.youtube.com");
        assert_eq!(p.path, "/watch");
        assert_eq!(p.query, Some("v=x&si=y"));
        assert_eq!(p.fragment, Some("t=1"));
    }

    #[test]
    fn splits_an_address_without_scheme() {
        let p = split("youtu.be/abc?si=1").unwrap();
        assert_eq!((p.head, p.host.as_str(), p.path, p.query), ("youtu.be", "youtu.be", "/abc", Some("si=1")));
        let p = split("example.com").unwrap();
        assert_eq!((p.path, p.query, p.fragment), ("", None, None));
        // A fragment before any query: the ? belongs to the fragment.
        let p = split("https://m.example.com/#/watch?v=1").unwrap();
        assert_eq!((p.path, p.query, p.fragment), ("/", None, Some("/watch?v=1")));
    }

    #[test]
    fn refuses_what_is_not_a_web_address() {
        assert_eq!(split("ftp://example.com/a"), None);
        assert_eq!(split("javascript://x"), None);
        assert_eq!(split("https:///path"), None);
        assert_eq!(split(""), None);
        assert_eq!(split("https://exa mple.com/"), None);
    }

    #[test]
    fn decodes_percent_escapes_and_keeps_bad_ones() {
        assert_eq!(percent_decode("https%3A%2F%2Fexample.com%2Fa%3Fb%3D1"), "https://example.com/a?b=1");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("a+b"), "a+b");
        assert_eq!(percent_decode("%C3%B1"), "ñ");
    }

    #[test]
    fn lists_parameters_as_written() {
        let all: Vec<_> = params("a=1&b&&c=x=y").collect();
        assert_eq!(all[0], Param { raw: "a=1", name: "a", value: Some("1") });
        assert_eq!(all[1], Param { raw: "b", name: "b", value: None });
        assert_eq!(all[2].raw, "");
        assert_eq!(all[3], Param { raw: "c=x=y", name: "c", value: Some("x=y") });
    }
}
