//! The link table: the maintained lists and Silbato's layer, compiled by
//! `build.rs` (`compile.rs`) into JSON that is embedded here and read once.
//! Rules are found by the link's host through an index (a hash map from host
//! names and labels to rules), so a link is compared with the few rules for
//! its site and the ones for every site, never with the whole table.
//!
//! Host patterns: `*` is every host; `example.com` is itself and its
//! subdomains (never `notexample.com`); `=example.com` is that host alone;
//! `google.*` is Google under any country domain (`google.es`,
//! `google.com.mx`), and `=docs.google.*` that host alone under any.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use serde::Deserialize;

/// Why a parameter is removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Names or ties the link to the person who shared it (or who received
    /// the e-mail it came from, and is now sharing it).
    SharerId,
    /// Follows whoever opens the link.
    Tracking,
}

/// A regular expression of a list, compiled the first time a link needs it.
/// ClearURLs' expressions are JavaScript ones, matched without regard to case.
#[derive(Debug)]
pub struct LazyRegex {
    pub source: String,
    anchored: bool,
    compiled: OnceLock<Option<regex_lite::Regex>>,
}

impl LazyRegex {
    fn new(source: String, anchored: bool) -> LazyRegex {
        LazyRegex { source, anchored, compiled: OnceLock::new() }
    }

    /// The compiled expression; `None` if regex-lite cannot read it (the tests
    /// check that it reads every one in the table).
    pub fn get(&self) -> Option<&regex_lite::Regex> {
        self.compiled
            .get_or_init(|| {
                let pattern = if self.anchored { format!("(?i)^(?:{})$", self.source) } else { format!("(?i){}", self.source) };
                regex_lite::Regex::new(&pattern).ok()
            })
            .as_ref()
    }

    fn is_match(&self, s: &str) -> bool {
        self.get().is_some_and(|r| r.is_match(s))
    }
}

impl<'de> Deserialize<'de> for LazyRegex {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(LazyRegex::new(String::deserialize(d)?, false))
    }
}

/// A condition on the address beyond its host.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rest {
    /// What follows the host (path, query, fragment) starts with this.
    Prefix(String),
    /// A WebExtension match pattern's path: `*` is any run of characters; matched against path and query.
    Glob(String),
    /// The whole address matches (a ClearURLs pattern kept as written).
    Regex(LazyRegex),
    /// Leading path segments, `*` being any one segment (Silbato's layer).
    Segments(String),
}

#[derive(Debug, Deserialize)]
pub struct At {
    pub hosts: Vec<String>,
    #[serde(default)]
    pub rest: Option<Rest>,
}

/// A name that is a prefix followed by a run of some characters (`utm_[a-z_]*`).
#[derive(Debug, Deserialize)]
pub struct Prefix {
    p: String,
    /// The characters the rest may have; empty is any.
    #[serde(default)]
    class: String,
    #[serde(default)]
    min: usize,
    #[serde(default)]
    max: Option<usize>,
}

/// A set of parameters removed where it applies: one ClearURLs provider, one
/// Brave or Firefox entry, one brave-core parameter, one Silbato rule.
#[derive(Debug, Deserialize)]
pub struct Group {
    pub id: String,
    /// `silbato`, `clearurls`, `brave-clean-urls`, `brave-query-filter`, `brave-core`, `firefox`.
    pub list: String,
    #[serde(default)]
    pub site: Option<String>,
    pub at: At,
    #[serde(default)]
    pub except: Vec<At>,
    /// brave-core's conditional parameters stay when the address contains one of these.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Lowercase names.
    #[serde(default)]
    names: Vec<String>,
    #[serde(skip)]
    name_set: HashSet<String>,
    #[serde(default)]
    prefixes: Vec<Prefix>,
    #[serde(default, deserialize_with = "anchored_regexes")]
    regexes: Vec<LazyRegex>,
    /// Path segments starting with one of these (`ref=`) are removed.
    #[serde(default)]
    pub segments: Vec<String>,
    /// Only values starting with one of these (Silbato: Amazon's `ref=cm_sw_r…`).
    #[serde(default)]
    values: Vec<String>,
    #[serde(default = "tracking")]
    pub reason: Reason,
    pub source: String,
    /// A source per name, where the list gives one (brave-core's issues).
    #[serde(default)]
    sources: HashMap<String, String>,
}

fn tracking() -> Reason {
    Reason::Tracking
}

fn anchored_regexes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<LazyRegex>, D::Error> {
    Ok(Vec::<String>::deserialize(d)?.into_iter().map(|s| LazyRegex::new(s, true)).collect())
}

/// Parameters a page needs: never removed where this applies.
#[derive(Debug, Deserialize)]
pub struct Keep {
    pub id: String,
    #[serde(default)]
    pub site: Option<String>,
    pub at: At,
    #[serde(default)]
    pub names: Vec<String>,
    /// Kept because the page needs it, but it ties the link to whoever shared it: warn.
    #[serde(default)]
    pub names_sharer: bool,
    pub why: String,
    pub source: String,
}

/// Addresses never changed (a signed wrapper).
#[derive(Debug, Deserialize)]
pub struct Exempt {
    pub id: String,
    pub at: At,
    pub source: String,
}

/// How a redirect's target is read.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Take {
    /// The value of the first of these parameters present.
    Param(Vec<String>),
    /// Group 1 of an expression matched against the whole address (ClearURLs).
    Regex(LazyRegex),
    /// The groups of an expression matched against the path, joined or put in a template (Brave).
    PathRegex(LazyRegex),
}

#[derive(Debug, Deserialize)]
pub struct Redirect {
    pub id: String,
    pub list: String,
    #[serde(default)]
    pub site: Option<String>,
    pub at: At,
    #[serde(default)]
    pub except: Vec<At>,
    pub take: Take,
    /// Brave's `regex-path-template`: `$1` is the first group.
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub base64: bool,
    /// Brave's `prepend_scheme`, for targets written without one.
    #[serde(default)]
    pub scheme: Option<String>,
    pub source: String,
}

#[derive(Debug, Deserialize)]
pub struct How {
    pub en: String,
    pub es: String,
}

/// A per-share short link: only the platform can say where it leads.
#[derive(Debug, Deserialize)]
pub struct ShortLink {
    pub id: String,
    pub site: String,
    pub at: At,
    #[serde(default)]
    pub how: Option<How>,
    pub source: String,
}

/// What a list says that the table does not apply, and why.
#[derive(Debug, Deserialize)]
pub struct Untranslated {
    pub rule: String,
    pub pattern: String,
    pub why: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct Table {
    pub sites: Vec<(String, String)>,
    pub groups: Vec<Group>,
    pub keep: Vec<Keep>,
    pub exempt: Vec<Exempt>,
    pub redirects: Vec<Redirect>,
    pub short_links: Vec<ShortLink>,
    pub untranslated: Vec<Untranslated>,
    #[serde(skip)]
    index: Indexes,
    /// Every exact name to the groups (by index) that remove it.
    #[serde(skip)]
    by_name: FastMap<String, Vec<usize>>,
}

/// FNV-1a: the keys are short names chosen by the lists, not by the page, and
/// SipHash's cost showed in the per-link time in wasm.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[derive(Debug, Default)]
struct Indexes {
    groups: Index,
    keep: Index,
    exempt: Index,
    redirects: Index,
    short_links: Index,
    named: Index,
}

static TABLE_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/link-table.json"));

impl Table {
    pub fn load() -> Result<Table, serde_json::Error> {
        Table::from_json(TABLE_JSON)
    }

    pub fn from_json(json: &str) -> Result<Table, serde_json::Error> {
        let mut t: Table = serde_json::from_str(json)?;
        for g in &mut t.groups {
            g.name_set = std::mem::take(&mut g.names).into_iter().collect();
        }
        t.reindex();
        Ok(t)
    }

    /// The embedded table. It is checked by the tests; were it ever unreadable,
    /// no rule would apply rather than the program stopping.
    pub fn embedded() -> &'static Table {
        static TABLE: OnceLock<Table> = OnceLock::new();
        TABLE.get_or_init(|| Table::load().unwrap_or_default())
    }

    /// Only the rules of these lists (and the exemptions): for tests that
    /// compare one list with its own test cases.
    pub fn only(lists: &[&str]) -> Table {
        let mut t = Table::load().unwrap_or_default();
        t.groups.retain(|g| lists.contains(&g.list.as_str()));
        t.redirects.retain(|r| lists.contains(&r.list.as_str()));
        if !lists.contains(&"silbato") {
            t.keep.clear();
            t.short_links.clear();
        }
        t.reindex();
        t
    }

    fn reindex(&mut self) {
        self.by_name = FastMap::default();
        for (i, g) in self.groups.iter().enumerate() {
            for n in &g.name_set {
                self.by_name.entry(n.clone()).or_default().push(i);
            }
        }
        self.index = Indexes {
            groups: Index::new(self.groups.iter().map(|g| &g.at.hosts)),
            keep: Index::new(self.keep.iter().map(|k| &k.at.hosts)),
            exempt: Index::new(self.exempt.iter().map(|e| &e.at.hosts)),
            redirects: Index::new(self.redirects.iter().map(|r| &r.at.hosts)),
            short_links: Index::new(self.short_links.iter().map(|s| &s.at.hosts)),
            named: Index::new(
                self.groups
                    .iter()
                    .map(|g| &g.at.hosts)
                    .chain(self.redirects.iter().map(|r| &r.at.hosts))
                    .chain(self.short_links.iter().map(|s| &s.at.hosts))
                    .chain(self.keep.iter().map(|k| &k.at.hosts)),
            ),
        };
    }

    /// The parameter groups for this address's host and path, in table order
    /// (Silbato's rules first). Their exceptions are checked only when one of
    /// their names is in the link (`Group::excepted`): most never are.
    pub(crate) fn groups_for(&self, u: &Addr) -> Vec<usize> {
        self.index.groups.candidates(&u.host).into_iter().filter(|i| self.groups.get(*i).is_some_and(|g| g.at.matches(u))).collect()
    }

    /// The groups (by index, in order) that remove this exact name somewhere.
    pub(crate) fn named(&self, name: &str) -> &[usize] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn keep_for<'t>(&'t self, u: &Addr) -> Vec<&'t Keep> {
        self.index.keep.candidates(&u.host).into_iter().filter_map(|i| self.keep.get(i)).filter(|k| k.at.matches(u)).collect()
    }

    pub(crate) fn exempt(&self, u: &Addr) -> bool {
        self.index.exempt.candidates(&u.host).into_iter().filter_map(|i| self.exempt.get(i)).any(|e| e.at.matches(u))
    }

    pub(crate) fn redirects_for(&self, u: &Addr) -> Vec<&Redirect> {
        self.index
            .redirects
            .candidates(&u.host)
            .into_iter()
            .filter_map(|i| self.redirects.get(i))
            .filter(|r| r.at.matches(u) && !r.except.iter().any(|e| e.matches(u)))
            .collect()
    }

    pub(crate) fn short_link(&self, u: &Addr) -> Option<&ShortLink> {
        self.index.short_links.candidates(&u.host).into_iter().filter_map(|i| self.short_links.get(i)).find(|s| s.at.matches(u))
    }

    /// The platform's name for a host (`YouTube`), if the table knows it.
    pub fn site_of(&self, host: &str) -> Option<&str> {
        self.sites.iter().find(|(pattern, _)| host_matches(pattern, host)).map(|(_, name)| name.as_str())
    }

    /// Whether `host` is a site some rule names (not counting rules for every
    /// site): text may mention such addresses without `https://`.
    pub fn names_site(&self, host: &str) -> bool {
        !self.index.named.candidates_named(host).is_empty() || self.site_of(host).is_some()
    }
}

impl Group {
    /// Where the rule for this name comes from: its own issue, or the group's source.
    pub fn source_for(&self, name: &str) -> &str {
        self.sources.get(name).unwrap_or(&self.source)
    }

    /// The exact names this group removes (lowercase).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.name_set.iter().map(String::as_str)
    }

    /// The values it requires, if any (Silbato's Amazon `ref=cm_sw_r…`).
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// Every regular expression of the group, for the tests.
    pub fn regexes(&self) -> impl Iterator<Item = &LazyRegex> {
        self.regexes.iter()
    }

    /// Whether an exception of the group (or a brave-core condition) keeps this address as it is.
    pub(crate) fn excepted(&self, u: &Addr) -> bool {
        self.except.iter().any(|e| e.matches(u)) || self.unless.iter().any(|s| u.full.contains(s.as_str()))
    }

    /// Whether the group has names that are patterns (prefixes, expressions).
    pub(crate) fn has_patterns(&self) -> bool {
        !self.prefixes.is_empty() || !self.regexes.is_empty()
    }

    /// Whether one of its patterns matches `name` (decoded) or `raw`, both lowercase.
    pub(crate) fn pattern_matches(&self, name: &str, raw: &str) -> bool {
        self.prefixes.iter().any(|p| p.matches(name) || p.matches(raw))
            || self.regexes.iter().any(|r| r.is_match(name) || raw != name && r.is_match(raw))
    }

    /// Whether `value` meets the group's condition on values, if it has one.
    pub(crate) fn value_ok(&self, value: &str) -> bool {
        self.values.is_empty() || self.values.iter().any(|v| starts_with_ignore_case(value, v))
    }

    /// Whether this group removes a parameter called `name` (decoded) or
    /// `raw` (as written), both lowercase, with this value.
    pub(crate) fn removes(&self, name: &str, raw: &str, value: &str) -> bool {
        let named = self.name_set.contains(name)
            || self.name_set.contains(raw)
            || self.prefixes.iter().any(|p| p.matches(name) || p.matches(raw))
            || self.regexes.iter().any(|r| r.is_match(name) || raw != name && r.is_match(raw));
        named && (self.values.is_empty() || self.values.iter().any(|v| starts_with_ignore_case(value, v)))
    }

    /// The segment prefix (`ref=`) this path segment starts with, if any.
    pub(crate) fn removes_segment(&self, segment: &str) -> bool {
        self.segments.iter().any(|s| starts_with_ignore_case(segment, s))
    }
}

impl Prefix {
    fn matches(&self, name: &str) -> bool {
        let Some(tail) = name.strip_prefix(self.p.as_str()) else { return false };
        let n = tail.len();
        n >= self.min && self.max.is_none_or(|m| n <= m) && (self.class.is_empty() || tail.bytes().all(|b| self.class.as_bytes().contains(&b)))
    }
}

impl At {
    pub(crate) fn matches(&self, u: &Addr) -> bool {
        self.hosts.iter().any(|h| host_matches(h, &u.host))
            && match &self.rest {
                None => true,
                Some(Rest::Prefix(p)) => starts_with_ignore_case(&u.rest, p),
                Some(Rest::Glob(g)) => glob_matches(g.as_bytes(), u.path_query().as_bytes()),
                Some(Rest::Regex(r)) => r.is_match(&u.full),
                Some(Rest::Segments(s)) => path_matches(s, &u.path),
            }
    }
}

/// An address as the rules look at it.
#[derive(Clone, Debug)]
pub(crate) struct Addr {
    /// With a scheme (`https://` is assumed for addresses pasted without one).
    pub full: String,
    pub host: String,
    /// Everything after the host and port: path, query and fragment.
    pub rest: String,
    pub path: String,
}

impl Addr {
    pub(crate) fn new(url: &str, parts: &super::parse::Parts) -> Addr {
        let full = if super::parse::web_scheme(url).is_some() { url.to_string() } else { format!("https://{url}") };
        let rest = url[parts.head.len()..].to_string();
        Addr { full, host: parts.host.clone(), rest, path: parts.path.to_string() }
    }

    fn path_query(&self) -> &str {
        self.rest.split('#').next().unwrap_or("")
    }
}

pub(crate) fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Hosts to rules: by domain (`facebook.com` for `www.facebook.com`), by the
/// label before a country domain (`google` for `google.*`), and every-site rules.
#[derive(Debug, Default)]
struct Index {
    domains: FastMap<String, Vec<usize>>,
    labels: FastMap<String, Vec<usize>>,
    everywhere: Vec<usize>,
}

impl Index {
    fn new<'a>(host_lists: impl Iterator<Item = &'a Vec<String>>) -> Index {
        let mut ix = Index::default();
        for (i, hosts) in host_lists.enumerate() {
            for h in hosts {
                let h = h.trim_start_matches('=');
                if h == "*" {
                    ix.everywhere.push(i);
                } else if let Some(base) = h.strip_suffix(".*") {
                    let label = base.rsplit('.').next().unwrap_or(base);
                    ix.labels.entry(label.to_string()).or_default().push(i);
                } else {
                    ix.domains.entry(h.to_string()).or_default().push(i);
                }
            }
        }
        ix
    }

    /// Rules whose host patterns may match `host`, in table order (to be checked in full).
    fn candidates(&self, host: &str) -> Vec<usize> {
        let mut out = self.candidates_named(host);
        out.extend_from_slice(&self.everywhere);
        out.sort_unstable();
        out.dedup();
        out
    }

    fn candidates_named(&self, host: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut rest = host;
        loop {
            if let Some(v) = self.domains.get(rest) {
                out.extend_from_slice(v);
            }
            match rest.split_once('.') {
                Some((label, tail)) => {
                    if let Some(v) = self.labels.get(label) {
                        out.extend_from_slice(v);
                    }
                    rest = tail;
                }
                None => break,
            }
        }
        out
    }
}

/// Whether `host` (lowercase) matches one host pattern (see the module's opening).
pub(crate) fn host_matches(pattern: &str, host: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let (alone, pattern) = match pattern.strip_prefix('=') {
        Some(p) => (true, p),
        None => (false, pattern),
    };
    let is = |name: &str, candidate: &str| candidate == name || !alone && candidate.strip_suffix(name).is_some_and(|rest| rest.ends_with('.'));
    match pattern.strip_suffix(".*") {
        Some(base) => without_country_domain(host).into_iter().flatten().any(|h| is(base, h)),
        None => is(pattern, host),
    }
}

/// `www.google.com.mx` without its country or generic domain: `www.google`
/// (after `.com.mx`) and `www.google.com` (after `.mx`); nothing for an IP address.
fn without_country_domain(host: &str) -> [Option<&str>; 2] {
    let tld = |l: &str| l.len() >= 2 && l.bytes().all(|b| b.is_ascii_lowercase());
    let Some((before, top)) = host.rsplit_once('.') else { return [None, None] };
    if !tld(top) {
        return [None, None];
    }
    let second = before.rsplit_once('.').and_then(|(base, second)| {
        (matches!(second, "co" | "com" | "org" | "net" | "ac" | "gov" | "gob" | "edu" | "ne" | "or") && top.len() == 2).then_some(base)
    });
    [Some(before), second]
}

/// The pattern's segments must lead the path's; `*` is one non-empty segment.
pub(crate) fn path_matches(pattern: &str, path: &str) -> bool {
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    pattern.split('/').filter(|s| !s.is_empty()).all(|want| match segments.next() {
        Some(seg) => want == "*" || seg.eq_ignore_ascii_case(want),
        None => false,
    })
}

/// A match pattern's path (`/ahoy/messages/*/click?*`): `*` is any run of
/// characters, the rest literal (ASCII case ignored); the whole input must match.
/// Greedy with one backtrack point, so linear in practice and at worst
/// input × pattern length.
fn glob_matches(pattern: &[u8], input: &[u8]) -> bool {
    let (mut p, mut i) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while i < input.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, i));
            p += 1;
        } else if p < pattern.len() && pattern[p].eq_ignore_ascii_case(&input[i]) {
            p += 1;
            i += 1;
        } else if let Some((sp, si)) = star {
            p = sp + 1;
            i = si + 1;
            star = Some((sp, si + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|b| *b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_match_their_subdomains_and_nothing_else() {
        for (pattern, host, want) in [
            ("facebook.com", "facebook.com", true),
            ("facebook.com", "www.facebook.com", true),
            ("facebook.com", "m.facebook.com", true),
            ("facebook.com", "notfacebook.com", false),
            ("facebook.com", "facebook.com.evil.net", false),
            ("facebook.com", "facebook.co", false),
            ("=vk.com", "vk.com", true),
            ("=vk.com", "m.vk.com", false),
            ("*", "anything.example", true),
            ("google.*", "www.google.com", true),
            ("google.*", "google.es", true),
            ("google.*", "www.google.co.uk", true),
            ("google.*", "www.google.com.mx", true),
            ("google.*", "google.evil.com", false),
            ("google.*", "notgoogle.com", false),
            ("google.*", "google.com.evil.net", false),
            ("google.*", "192.168.0.1", false),
            ("=docs.google.*", "docs.google.com", true),
            ("=docs.google.*", "x.docs.google.com", false),
            ("rover.ebay.*", "rover.ebay.de", true),
            ("rover.ebay.*", "www.ebay.de", false),
            ("amazon.*", "smile.amazon.co.jp", true),
        ] {
            assert_eq!(host_matches(pattern, host), want, "{pattern} vs {host}");
        }
    }

    #[test]
    fn the_index_finds_the_rules_for_a_host() {
        let hosts = [vec!["facebook.com".to_string()], vec!["*".to_string()], vec!["google.*".to_string()], vec!["=vk.com".to_string()]];
        let ix = Index::new(hosts.iter());
        assert_eq!(ix.candidates("www.facebook.com"), [0, 1]);
        assert_eq!(ix.candidates("www.google.com.mx"), [1, 2]);
        assert_eq!(ix.candidates("vk.com"), [1, 3]);
        assert_eq!(ix.candidates("example.org"), [1]);
        assert!(ix.candidates_named("localhost").is_empty());
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

    #[test]
    fn globs_match_like_webextension_paths() {
        for (pattern, input, want) in [
            ("/ahoy/messages/*/click?*", "/ahoy/messages/12/click?url=x", true),
            ("/ahoy/messages/*/click?*", "/ahoy/messages/12/open?url=x", false),
            ("/*/tracking/*", "/a/tracking/b", true),
            ("/*/tracking/*", "/tracking", false),
            ("/click-", "/click-", true),
            ("/click-", "/click-1", false),
            ("*", "", true),
            ("a*b*c", "aXbYbZc", true),
        ] {
            assert_eq!(glob_matches(pattern.as_bytes(), input.as_bytes()), want, "{pattern} vs {input}");
        }
    }

    #[test]
    fn prefixes_match_their_class_and_length() {
        let p = Prefix { p: "utm_".into(), class: "_abcdefghijklmnopqrstuvwxyz".into(), min: 0, max: None };
        assert!(p.matches("utm_source") && p.matches("utm_") && !p.matches("utm_1") && !p.matches("xutm_a"));
        let li = Prefix { p: "li".into(), class: "abcdefghijklmnopqrstuvwxyz".into(), min: 2, max: Some(2) };
        assert!(li.matches("lipi") && !li.matches("lip") && !li.matches("lipis"));
    }
}
