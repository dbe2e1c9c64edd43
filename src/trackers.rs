//! Which company stands behind a host a page contacted.
//!
//! The table is data loaded at run time (`TrackerTable::from_json`), derived
//! by `scripts/build-trackers.mjs` from the Ghostery Tracker Database, whose
//! licence (CC BY-NC-SA 4.0) differs from ours: it is never compiled in.
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
/// Largest table accepted (bytes of JSON).
pub const MAX_TABLE: usize = 16 << 20;

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
    }
}
