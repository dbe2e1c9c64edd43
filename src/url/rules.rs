//! The rule table (`rules.json`, embedded at build time) and how its host,
//! parameter and path patterns match. The table is data so that a rule can be
//! read, sourced and reviewed without reading code.

use std::sync::OnceLock;

use serde::Deserialize;

/// Why a parameter is removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Names or ties the link to the person who copied it (or who received
    /// the email it came from, and is now sharing it).
    SharerId,
    /// Follows whoever opens the link.
    Tracking,
}

#[derive(Debug, Deserialize)]
pub struct ParamRule {
    pub id: String,
    pub site: Option<String>,
    hosts: Vec<String>,
    params: Vec<String>,
    pub reason: Reason,
    pub source: String,
}

#[derive(Debug, Deserialize)]
pub struct RedirectRule {
    pub id: String,
    pub site: String,
    hosts: Vec<String>,
    path: String,
    target: Vec<String>,
    pub source: String,
}

#[derive(Debug, Deserialize)]
pub struct OpaqueRule {
    pub id: String,
    pub site: String,
    hosts: Vec<String>,
    path: String,
    pub source: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct Rules {
    pub params: Vec<ParamRule>,
    pub redirects: Vec<RedirectRule>,
    pub opaque: Vec<OpaqueRule>,
}

static RULES_JSON: &str = include_str!("rules.json");

impl Rules {
    pub fn load() -> Result<Rules, serde_json::Error> {
        serde_json::from_str(RULES_JSON)
    }

    /// The embedded table. It is checked by the tests; were it ever unreadable,
    /// no rule would apply rather than the program stopping.
    pub fn embedded() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| Rules::load().unwrap_or_default())
    }

    /// The rule that removes parameter `name` on `host`, if any.
    pub fn param_rule(&self, host: &str, name: &str) -> Option<&ParamRule> {
        self.params.iter().find(|r| r.params.iter().any(|p| param_matches(p, name)) && any_host(&r.hosts, host))
    }

    pub fn redirect_rule(&self, host: &str, path: &str) -> Option<&RedirectRule> {
        self.redirects.iter().find(|r| any_host(&r.hosts, host) && path_matches(&r.path, path))
    }

    pub fn opaque_rule(&self, host: &str, path: &str) -> Option<&OpaqueRule> {
        self.opaque.iter().find(|r| any_host(&r.hosts, host) && path_matches(&r.path, path))
    }

    /// Whether `host` is a site some rule names (not counting rules for every site):
    /// text may mention such addresses without `https://`.
    pub fn names_site(&self, host: &str) -> bool {
        let named = |hosts: &[String]| hosts.iter().any(|h| h != "*" && host_matches(h, host));
        self.params.iter().any(|r| named(&r.hosts)) || self.redirects.iter().any(|r| named(&r.hosts)) || self.opaque.iter().any(|r| named(&r.hosts))
    }
}

impl RedirectRule {
    pub fn target_params(&self) -> &[String] {
        &self.target
    }
}

fn any_host(patterns: &[String], host: &str) -> bool {
    patterns.iter().any(|p| host_matches(p, host))
}

/// `*` is every host; `example.com` is itself and its subdomains (never
/// `notexample.com`); `google.*` is Google under any country domain.
pub(crate) fn host_matches(pattern: &str, host: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    if let Some(label) = pattern.strip_suffix(".*") {
        return country_domain_of(label, host);
    }
    host == pattern || host.strip_suffix(pattern).is_some_and(|rest| rest.ends_with('.'))
}

/// `google.com`, `www.google.es`, `google.co.uk`, `google.com.mx`; not `google.evil.com`.
fn country_domain_of(label: &str, host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let Some(i) = labels.iter().rposition(|l| *l == label) else {
        return false;
    };
    let suffix = &labels[i + 1..];
    let tld = |l: &str| l.len() >= 2 && l.bytes().all(|b| b.is_ascii_lowercase());
    match suffix {
        [one] => tld(one),
        [second, top] => matches!(*second, "co" | "com" | "org" | "net" | "ac" | "gov" | "gob" | "edu" | "ne" | "or") && top.len() == 2 && tld(top),
        _ => false,
    }
}

/// Parameter names match without regard to ASCII case; `utm_*` is a prefix.
fn param_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.len() > prefix.len() && name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes()),
        None => name.eq_ignore_ascii_case(pattern),
    }
}

/// The pattern's segments must lead the path's; `*` is one non-empty segment.
fn path_matches(pattern: &str, path: &str) -> bool {
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    pattern.split('/').filter(|s| !s.is_empty()).all(|want| match segments.next() {
        Some(seg) => want == "*" || seg.eq_ignore_ascii_case(want),
        None => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_loads_and_every_rule_has_a_source() {
        let rules = Rules::load().expect("rules.json parses");
        assert!(rules.params.len() >= 25 && rules.redirects.len() >= 5 && rules.opaque.len() >= 5);
        for s in rules.params.iter().map(|r| &r.source).chain(rules.redirects.iter().map(|r| &r.source)).chain(rules.opaque.iter().map(|r| &r.source))
        {
            assert!(s.starts_with("https://"), "{s}");
        }
        let mut ids: Vec<&str> = rules
            .params
            .iter()
            .map(|r| r.id.as_str())
            .chain(rules.redirects.iter().map(|r| r.id.as_str()))
            .chain(rules.opaque.iter().map(|r| r.id.as_str()))
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "rule ids are unique");
    }

    #[test]
    fn hosts_match_their_subdomains_and_nothing_else() {
        for (pattern, host, want) in [
            ("facebook.com", "facebook.com", true),
            ("facebook.com", "www.facebook.com", true),
            ("facebook.com", "m.facebook.com", true),
            ("facebook.com", "notfacebook.com", false),
            ("facebook.com", "facebook.com.evil.net", false),
            ("facebook.com", "facebook.co", false),
            ("*", "anything.example", true),
            ("google.*", "www.google.com", true),
            ("google.*", "google.es", true),
            ("google.*", "www.google.co.uk", true),
            ("google.*", "www.google.com.mx", true),
            ("google.*", "google.evil.com", false),
            ("google.*", "notgoogle.com", false),
            ("google.*", "google.com.evil.net", false),
            ("google.*", "192.168.0.1", false),
        ] {
            assert_eq!(host_matches(pattern, host), want, "{pattern} vs {host}");
        }
    }

    #[test]
    fn parameters_match_by_name_and_prefix() {
        assert!(param_matches("si", "SI"));
        assert!(!param_matches("si", "sid"));
        assert!(param_matches("utm_*", "utm_source"));
        assert!(param_matches("utm_*", "UTM_Medium"));
        assert!(!param_matches("utm_*", "utm_"));
        assert!(!param_matches("utm_*", "xutm_source"));
    }

    #[test]
    fn paths_match_leading_segments() {
        assert!(path_matches("/r/*/s/*", "/r/Minneapolis/s/AbC123"));
        assert!(path_matches("/r/*/s/*", "/r/Minneapolis/s/AbC123/"));
        assert!(!path_matches("/r/*/s/*", "/r/Minneapolis/comments/abc/"));
        assert!(!path_matches("/r/*/s/*", "/r/Minneapolis/s/"));
        assert!(path_matches("/share/*", "/share/p/1AbC/"));
        assert!(!path_matches("/share/*", "/sharer.php"));
        assert!(path_matches("/", "/anything"));
        assert!(path_matches("/", ""));
        assert!(path_matches("/*", "/ZMabc/"));
        assert!(!path_matches("/*", "/"));
        assert!(path_matches("/linkfilter", "/linkfilter/"));
    }
}
