//! Which company stands behind a host a page contacted.
//!
//! The table is data loaded at run time (`TrackerTable::from_json`), derived
//! by `scripts/build-trackers.mjs` from the Ghostery Tracker Database, whose
//! licence (CC BY-NC-SA 4.0) differs from ours: it is never compiled in.
//! The extension ships it in a compact binary form written here
//! (`to_bytes`, layout below), which `js/tracker-table.js` reads in place
//! without parsing: the popup matches hosts with it as soon as it opens.
//!
//! A lookup walks the host up its labels: `connect.facebook.net`, then
//! `facebook.net`, then `net`; the first listed domain wins. Matching is by
//! whole labels, so `notfacebook.net` is not `facebook.net`. IP addresses and
//! hosts that are not ASCII (callers pass punycode, as URLs do) never match.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Most domains a table may list (the Ghostery table has about 5,100).
pub const MAX_DOMAINS: usize = 200_000;
/// Most trackers, companies or categories a table may list.
pub const MAX_ENTRIES: usize = 100_000;
/// Longest host name looked up (DNS allows 253 characters).
pub const MAX_HOST: usize = 253;
/// Largest table accepted (bytes of JSON or of the binary form).
pub const MAX_TABLE: usize = 16 << 20;

/// The binary form's first bytes (the last two are its version).
///
/// Layout, every number a little-endian u32; a string is two of them, its
/// offset and length in the string pool (offset `u32::MAX` and length 0 for
/// none); the file ends where the pool ends:
///
/// | bytes | what |
/// |---|---|
/// | 8 | `SLBTRK01` |
/// | 20 | counts of categories, companies, trackers, domains; pool length |
/// | 8 | source |
/// | 16 per category | key, name |
/// | 16 per company | name, country |
/// | 16 per tracker | name, category index, company index (`u32::MAX`: none) |
/// | 12 per domain | domain (lower-case ASCII), tracker index; sorted by bytes, no repeats |
/// | pool | UTF-8 text |
pub const BINARY_MAGIC: &[u8; 8] = b"SLBTRK01";
const NONE: u32 = u32::MAX;
const HEADER: usize = 8 + 5 * 4 + 8;

#[derive(Debug, Deserialize)]
struct RawTable {
    source: String,
    categories: Vec<Category>,
    companies: Vec<Company>,
    trackers: Vec<RawTracker>,
    domains: HashMap<String, u32>,
}

#[derive(Debug, Deserialize)]
struct RawTracker {
    name: String,
    category: u32,
    company: Option<u32>,
}

/// A kind of tracker, for example `advertising` ("Advertising").
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Category {
    pub key: String,
    pub name: String,
}

/// The company behind one or more trackers.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Company {
    pub name: String,
    pub country: Option<String>,
    pub privacy_policy: Option<String>,
}

#[derive(Clone, Debug)]
struct Tracker {
    name: String,
    category: usize,
    company: Option<usize>,
}

/// The tracker table, ready for lookups.
#[derive(Debug)]
pub struct TrackerTable {
    source: String,
    categories: Vec<Category>,
    companies: Vec<Company>,
    trackers: Vec<Tracker>,
    domains: HashMap<Box<str>, u32>,
}

/// What a host is: the listed domain it fell under, and who is behind it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TrackerMatch<'a> {
    /// The listed domain that matched (`facebook.net` for `connect.facebook.net`).
    pub domain: &'a str,
    /// The tracker's own name (`Facebook Connect`).
    pub tracker: &'a str,
    /// The category key (`advertising`, `site_analytics`, `social_media`, …).
    pub category: &'a str,
    pub category_name: &'a str,
    /// The company, when the table knows it.
    pub company: Option<&'a str>,
    pub country: Option<&'a str>,
}

fn invalid(detail: String) -> Error {
    Error::invalid_argument(detail)
}

impl TrackerTable {
    /// Read a table written by `scripts/build-trackers.mjs`. Every index is
    /// checked, so a damaged table is an error, never a wrong answer later.
    pub fn from_json(json: &str) -> Result<TrackerTable> {
        Self::from_json_bytes(json.as_bytes())
    }

    /// [`Self::from_json`] from the file's bytes (UTF-8), as read from disk
    /// or fetched by the extension.
    pub fn from_json_bytes(json: &[u8]) -> Result<TrackerTable> {
        if json.len() > MAX_TABLE {
            return Err(invalid(format!("a tracker table of {} bytes (at most {MAX_TABLE})", json.len())));
        }
        let raw: RawTable = serde_json::from_slice(json).map_err(|e| invalid(format!("the tracker table is not valid: {e}")))?;
        if raw.domains.len() > MAX_DOMAINS
            || raw.trackers.len() > MAX_ENTRIES
            || raw.companies.len() > MAX_ENTRIES
            || raw.categories.len() > MAX_ENTRIES
        {
            return Err(invalid("the tracker table is larger than Silbato accepts".into()));
        }
        let mut trackers = Vec::with_capacity(raw.trackers.len());
        for (i, t) in raw.trackers.into_iter().enumerate() {
            let category = t.category as usize;
            let company = t.company.map(|c| c as usize);
            if category >= raw.categories.len() || company.is_some_and(|c| c >= raw.companies.len()) {
                return Err(invalid(format!("tracker {i} of the table points outside it")));
            }
            trackers.push(Tracker { name: t.name, category, company });
        }
        let mut domains = HashMap::with_capacity(raw.domains.len());
        for (domain, tracker) in raw.domains {
            if tracker as usize >= trackers.len() {
                return Err(invalid(format!("the domain {domain} of the table points outside it")));
            }
            domains.insert(domain.to_ascii_lowercase().into_boxed_str(), tracker);
        }
        Ok(TrackerTable { source: raw.source, categories: raw.categories, companies: raw.companies, trackers, domains })
    }

    /// The binary form (layout at [`BINARY_MAGIC`]). Domains are sorted, so a
    /// reader finds one by binary search with no index built.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut pool = Vec::new();
        let mut str_ref = |out: &mut Vec<u8>, text: Option<&str>| {
            let (offset, length) = match text {
                Some(t) => {
                    let at = pool.len();
                    pool.extend_from_slice(t.as_bytes());
                    (u32::try_from(at).unwrap_or(NONE), u32::try_from(t.len()).unwrap_or(0))
                }
                None => (NONE, 0),
            };
            out.extend_from_slice(&offset.to_le_bytes());
            out.extend_from_slice(&length.to_le_bytes());
        };
        let index = |i: usize| u32::try_from(i).unwrap_or(NONE).to_le_bytes();
        let mut body = Vec::new();
        str_ref(&mut body, Some(&self.source));
        for c in &self.categories {
            str_ref(&mut body, Some(&c.key));
            str_ref(&mut body, Some(&c.name));
        }
        for c in &self.companies {
            str_ref(&mut body, Some(&c.name));
            str_ref(&mut body, c.country.as_deref());
        }
        for t in &self.trackers {
            str_ref(&mut body, Some(&t.name));
            body.extend_from_slice(&index(t.category));
            body.extend_from_slice(&t.company.map_or(NONE.to_le_bytes(), index));
        }
        let mut domains: Vec<(&str, u32)> = self.domains.iter().map(|(d, &t)| (&**d, t)).collect();
        domains.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        for (domain, tracker) in domains {
            str_ref(&mut body, Some(domain));
            body.extend_from_slice(&tracker.to_le_bytes());
        }
        let mut out = Vec::with_capacity(HEADER + body.len() + pool.len());
        out.extend_from_slice(BINARY_MAGIC);
        for n in [self.categories.len(), self.companies.len(), self.trackers.len(), self.domains.len(), pool.len()] {
            out.extend_from_slice(&index(n));
        }
        out.extend_from_slice(&body);
        out.extend_from_slice(&pool);
        out
    }

    /// Read the binary form. Every offset, index and string is checked, and
    /// domains must be sorted lower-case ASCII: a damaged table is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<TrackerTable> {
        let bad = |what: &str| invalid(format!("the binary tracker table is not valid: {what}"));
        if bytes.len() > MAX_TABLE {
            return Err(invalid(format!("a tracker table of {} bytes (at most {MAX_TABLE})", bytes.len())));
        }
        if bytes.len() < HEADER || bytes.get(..8) != Some(&BINARY_MAGIC[..]) {
            return Err(bad("it does not start as one"));
        }
        let u32_at = |at: usize| -> Result<u32> {
            let b = bytes.get(at..at.checked_add(4).ok_or_else(|| bad("an offset overflows"))?).ok_or_else(|| bad("it is cut short"))?;
            Ok(u32::from_le_bytes(<[u8; 4]>::try_from(b).map_err(|_| bad("it is cut short"))?))
        };
        let count = |i: usize| -> Result<usize> { Ok(u32_at(8 + 4 * i)? as usize) };
        let (n_cat, n_comp, n_trk, n_dom, pool_len) = (count(0)?, count(1)?, count(2)?, count(3)?, count(4)?);
        if n_dom > MAX_DOMAINS || n_trk > MAX_ENTRIES || n_comp > MAX_ENTRIES || n_cat > MAX_ENTRIES {
            return Err(invalid("the tracker table is larger than Silbato accepts".to_string()));
        }
        // Every size below is bounded by the limits above, so none overflows.
        let records = 16 * n_cat + 16 * n_comp + 16 * n_trk + 12 * n_dom;
        let pool_at = HEADER + records;
        if pool_at.checked_add(pool_len) != Some(bytes.len()) {
            return Err(bad("its sizes do not add up to its length"));
        }
        let pool = bytes.get(pool_at..).ok_or_else(|| bad("it is cut short"))?;
        let text = |at: usize| -> Result<Option<&str>> {
            let (offset, length) = (u32_at(at)?, u32_at(at + 4)? as usize);
            if offset == NONE {
                return if length == 0 { Ok(None) } else { Err(bad("a missing string has a length")) };
            }
            let offset = offset as usize;
            let slice = offset.checked_add(length).and_then(|end| pool.get(offset..end)).ok_or_else(|| bad("a string lies outside the pool"))?;
            std::str::from_utf8(slice).map(Some).map_err(|_| bad("a string is not UTF-8"))
        };
        let required = |at: usize| -> Result<String> { text(at)?.map(str::to_string).ok_or_else(|| bad("a required string is missing")) };
        let source = required(28)?;
        let mut at = HEADER;
        let mut categories = Vec::with_capacity(n_cat);
        for _ in 0..n_cat {
            categories.push(Category { key: required(at)?, name: required(at + 8)? });
            at += 16;
        }
        let mut companies = Vec::with_capacity(n_comp);
        for _ in 0..n_comp {
            companies.push(Company { name: required(at)?, country: text(at + 8)?.map(str::to_string), privacy_policy: None });
            at += 16;
        }
        let mut trackers = Vec::with_capacity(n_trk);
        for i in 0..n_trk {
            let name = required(at)?;
            let category = u32_at(at + 8)? as usize;
            let company = match u32_at(at + 12)? {
                NONE => None,
                c => Some(c as usize),
            };
            if category >= n_cat || company.is_some_and(|c| c >= n_comp) {
                return Err(invalid(format!("tracker {i} of the table points outside it")));
            }
            trackers.push(Tracker { name, category, company });
            at += 16;
        }
        let mut domains = HashMap::with_capacity(n_dom);
        let mut previous: Option<&str> = None;
        for _ in 0..n_dom {
            let domain = text(at)?.ok_or_else(|| bad("a domain is missing"))?;
            let tracker = u32_at(at + 8)?;
            if domain.is_empty() || domain.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
                return Err(bad("a domain is not lower-case ASCII"));
            }
            if previous.is_some_and(|p| p.as_bytes() >= domain.as_bytes()) {
                return Err(bad("the domains are not sorted"));
            }
            if tracker as usize >= n_trk {
                return Err(invalid(format!("the domain {domain} of the table points outside it")));
            }
            domains.insert(domain.into(), tracker);
            previous = Some(domain);
            at += 12;
        }
        Ok(TrackerTable { source, categories, companies, trackers, domains })
    }

    /// Read either form: the binary one (by its first bytes) or JSON.
    pub fn from_any_bytes(bytes: &[u8]) -> Result<TrackerTable> {
        if bytes.starts_with(BINARY_MAGIC) {
            Self::from_bytes(bytes)
        } else {
            Self::from_json_bytes(bytes)
        }
    }

    /// Where the table comes from (`@ghostery/trackerdb 1.0.945`).
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn domain_count(&self) -> usize {
        self.domains.len()
    }

    /// The tracker behind `host`, if any. `host` is a URL's host name: no
    /// scheme, port or path; upper case and a final dot are accepted.
    pub fn lookup(&self, host: &str) -> Option<TrackerMatch<'_>> {
        let host = host.strip_suffix('.').unwrap_or(host);
        if host.is_empty() || host.len() > MAX_HOST || !host.is_ascii() || is_ip(host) {
            return None;
        }
        let mut lower = [0u8; MAX_HOST];
        let lower = &mut lower[..host.len()];
        lower.copy_from_slice(host.as_bytes());
        lower.make_ascii_lowercase();
        let lower = std::str::from_utf8(lower).ok()?;
        let mut rest = lower;
        loop {
            if let Some((key, &index)) = self.domains.get_key_value(rest) {
                return self.describe(key, index as usize);
            }
            rest = &rest[rest.find('.')? + 1..];
        }
    }

    fn describe<'a>(&'a self, domain: &'a str, index: usize) -> Option<TrackerMatch<'a>> {
        let tracker = self.trackers.get(index)?;
        let category = self.categories.get(tracker.category)?;
        let company = tracker.company.and_then(|c| self.companies.get(c));
        Some(TrackerMatch {
            domain,
            tracker: &tracker.name,
            category: &category.key,
            category_name: &category.name,
            company: company.map(|c| c.name.as_str()),
            country: company.and_then(|c| c.country.as_deref()),
        })
    }
}

/// A dotted IPv4 address or an IPv6 address (with or without brackets).
fn is_ip(host: &str) -> bool {
    host.contains(':') || host.parse::<std::net::Ipv4Addr>().is_ok()
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // tables of expected answers
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    const TABLE: &str = r#"{
      "source": "test",
      "categories": [{"key": "advertising", "name": "Advertising"},
                     {"key": "site_analytics", "name": "Site Analytics"},
                     {"key": "hosting", "name": "Hosting"}],
      "companies": [{"name": "Meta", "country": "US", "privacy_policy": null},
                    {"name": "Google", "country": "US", "privacy_policy": null}],
      "trackers": [{"name": "Facebook", "category": 0, "company": 0},
                   {"name": "Google Analytics", "category": 1, "company": 1},
                   {"name": "Facebook CDN", "category": 2, "company": 0},
                   {"name": "Nobody's", "category": 2, "company": null},
                   {"name": "Ünicode", "category": 2, "company": null}],
      "domains": {"facebook.net": 0, "facebook.com": 0, "google-analytics.com": 1,
                  "fbcdn.net": 2, "cdn.example.org": 3, "xn--bcher-kva.example": 4}
    }"#;

    fn table() -> TrackerTable {
        TrackerTable::from_json(TABLE).unwrap()
    }

    #[test]
    fn matching_table() {
        let t = table();
        // (host, expected listed domain, expected company)
        let cases: &[(&str, Option<(&str, Option<&str>)>)] = &[
            ("facebook.net", Some(("facebook.net", Some("Meta")))),
            ("connect.facebook.net", Some(("facebook.net", Some("Meta")))),
            ("a.b.c.connect.facebook.net", Some(("facebook.net", Some("Meta")))),
            ("CONNECT.Facebook.NET", Some(("facebook.net", Some("Meta")))),
            ("connect.facebook.net.", Some(("facebook.net", Some("Meta")))),
            ("www.google-analytics.com", Some(("google-analytics.com", Some("Google")))),
            ("scontent.xx.fbcdn.net", Some(("fbcdn.net", Some("Meta")))),
            ("cdn.example.org", Some(("cdn.example.org", None))),
            // Look-alikes: only whole labels match.
            ("notfacebook.net", None),
            ("facebook.net.evil.example", None),
            ("facebooknet", None),
            ("facebook.network", None),
            ("example.org", None),
            ("other.example.org", None),
            // A listed domain's parent is not listed.
            ("net", None),
            // IP addresses never match, even when they end like a domain.
            ("127.0.0.1", None),
            ("::1", None),
            ("[2001:db8::1]", None),
            // Punycode: the ASCII form matches its listed ASCII form; a
            // Unicode host (not what URLs carry) and a look-alike do not.
            ("www.xn--bcher-kva.example", Some(("xn--bcher-kva.example", None))),
            ("www.bücher.example", None),
            ("xn--facebok-y0a.net", None),
            ("", None),
            (".", None),
            ("..", None),
        ];
        for (host, want) in cases {
            let got = t.lookup(host).map(|m| (m.domain, m.company));
            assert_eq!(got, *want, "{host}");
        }
    }

    #[test]
    fn a_match_says_what_and_who() {
        let t = table();
        let m = t.lookup("www.google-analytics.com").unwrap();
        assert_eq!(m.tracker, "Google Analytics");
        assert_eq!(m.category, "site_analytics");
        assert_eq!(m.category_name, "Site Analytics");
        assert_eq!(m.country, Some("US"));
    }

    #[test]
    fn overlong_hosts_do_not_match_or_panic() {
        let t = table();
        let long = format!("{}.facebook.net", "a".repeat(300));
        assert_eq!(t.lookup(&long), None);
        let many = format!("{}facebook.net", "a.".repeat(120));
        assert!(many.len() <= MAX_HOST);
        assert!(t.lookup(&many).is_some());
    }

    #[test]
    fn damaged_tables_are_refused() {
        for bad in [
            "",
            "{}",
            r#"{"source":"x","categories":[],"companies":[],"trackers":[{"name":"a","category":0,"company":null}],"domains":{}}"#,
            r#"{"source":"x","categories":[{"key":"a","name":"A"}],"companies":[],"trackers":[{"name":"a","category":0,"company":3}],"domains":{}}"#,
            r#"{"source":"x","categories":[{"key":"a","name":"A"}],"companies":[],"trackers":[{"name":"a","category":0,"company":null}],"domains":{"x.com":1}}"#,
        ] {
            let e = TrackerTable::from_json(bad).unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidArgument, "{bad}");
        }
    }

    #[test]
    fn the_binary_form_answers_as_the_json_does() {
        let t = table();
        let bytes = t.to_bytes();
        assert!(bytes.starts_with(BINARY_MAGIC));
        let b = TrackerTable::from_bytes(&bytes).unwrap();
        assert_eq!(b.source(), "test");
        assert_eq!(b.domain_count(), t.domain_count());
        for host in [
            "connect.facebook.net",
            "www.google-analytics.com",
            "scontent.xx.fbcdn.net",
            "cdn.example.org",
            "www.xn--bcher-kva.example",
            "notfacebook.net",
            "127.0.0.1",
            "",
        ] {
            assert_eq!(b.lookup(host), t.lookup(host), "{host}");
        }
        // Written again, the same bytes: the form is deterministic.
        assert_eq!(b.to_bytes(), bytes);
        assert_eq!(TrackerTable::from_any_bytes(&bytes).unwrap().domain_count(), t.domain_count());
        assert_eq!(TrackerTable::from_any_bytes(TABLE.as_bytes()).unwrap().domain_count(), t.domain_count());
    }

    #[test]
    fn a_binary_table_cut_short_anywhere_is_refused() {
        let bytes = table().to_bytes();
        for end in 0..bytes.len() {
            let e = TrackerTable::from_bytes(&bytes[..end]).unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidArgument, "cut at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(TrackerTable::from_bytes(&longer).is_err());
    }

    #[test]
    fn a_damaged_binary_table_is_refused_never_misread() {
        let bytes = table().to_bytes();
        let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
        let put = |b: &mut Vec<u8>, at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
        let (n_cat, n_comp, n_trk) = (u32_at(&bytes, 8) as usize, u32_at(&bytes, 12) as usize, u32_at(&bytes, 16) as usize);
        let trackers_at = HEADER + 16 * (n_cat + n_comp);
        let domains_at = trackers_at + 16 * n_trk;
        let cases: Vec<(&str, Box<dyn Fn(&mut Vec<u8>)>)> = vec![
            ("magic", Box::new(|b| b[0] = b'X')),
            ("a count too large", Box::new(move |b| put(b, 20, u32::MAX))),
            ("a tracker's category", Box::new(move |b| put(b, trackers_at + 8, 99))),
            ("a tracker's company", Box::new(move |b| put(b, trackers_at + 12, 99))),
            ("a domain's tracker", Box::new(move |b| put(b, domains_at + 8, 99))),
            ("a string outside the pool", Box::new(move |b| put(b, domains_at, 1 << 30))),
            ("a string's length", Box::new(move |b| put(b, domains_at + 4, 1 << 30))),
            ("a missing string with a length", Box::new(move |b| put(b, 28, u32::MAX))),
            (
                "domains out of order",
                Box::new(move |b| {
                    // Swap the first two domain records.
                    let first: Vec<u8> = b[domains_at..domains_at + 12].to_vec();
                    let second: Vec<u8> = b[domains_at + 12..domains_at + 24].to_vec();
                    b[domains_at..domains_at + 12].copy_from_slice(&second);
                    b[domains_at + 12..domains_at + 24].copy_from_slice(&first);
                }),
            ),
        ];
        for (what, damage) in cases {
            let mut b = bytes.clone();
            damage(&mut b);
            let e = TrackerTable::from_bytes(&b).unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidArgument, "{what}");
        }
        // Upper case in a domain: the pool's first domain letter raised.
        let mut b = bytes.clone();
        let (offset, _) = (u32_at(&b, domains_at) as usize, ());
        let pool_at = b.len() - u32_at(&b, 24) as usize;
        b[pool_at + offset] = b[pool_at + offset].to_ascii_uppercase();
        assert!(TrackerTable::from_bytes(&b).is_err(), "upper case");
    }

    /// The real table, when `make` has built it.
    #[test]
    fn the_built_table_knows_the_big_names() {
        let Ok(json) = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/build/trackers.json")) else {
            eprintln!("skipped: build/trackers.json not built");
            return;
        };
        let t = TrackerTable::from_json(&json).unwrap();
        assert!(t.domain_count() > 5000, "{} domains", t.domain_count());
        assert_eq!(t.lookup("connect.facebook.net").unwrap().company, Some("Meta"));
        assert_eq!(t.lookup("www.google-analytics.com").unwrap().company, Some("Google"));
        assert_eq!(t.lookup("stats.g.doubleclick.net").unwrap().company, Some("Google"));
        assert_eq!(t.lookup("notfacebook.net"), None);
        let b = TrackerTable::from_bytes(&t.to_bytes()).unwrap();
        assert_eq!(b.domain_count(), t.domain_count());
        for host in ["connect.facebook.net", "www.google-analytics.com", "stats.g.doubleclick.net", "static.hotjar.com", "www.clarity.ms"] {
            assert_eq!(b.lookup(host), t.lookup(host), "{host}");
        }
    }
}
