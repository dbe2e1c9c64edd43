//! The link table: the maintained lists and Silbato's layer, compiled by
//! `build.rs` (`compile.rs`) into Rust statics that this module includes, so
//! nothing is parsed or built when the program starts. Rules are found by the
//! link's host through sorted indexes (host names and labels to rules) and
//! parameters by name through another, so a link meets only the rules for its
//! site and for every site, never the whole table.
//!
//! Host patterns: `*` is every host; `example.com` is itself and its
//! subdomains (never `notexample.com`); `=example.com` is that host alone;
//! `google.*` is Google under any country domain (`google.es`,
//! `google.com.mx`), and `=docs.google.*` that host alone under any.

use std::sync::OnceLock;

/// Why a parameter is removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Names or ties the link to the person who shared it (or who received
    /// the e-mail it came from, and is now sharing it).
    SharerId,
    /// Follows whoever opens the link.
    Tracking,
}

/// Expressions are run on addresses and names up to this long. regex-lite takes
/// time in proportion to the input times the expression, and a pasted "link" can
/// be a megabyte: longer ones are treated as not matching (their parameters are
/// still removed by name; only a list's exception or expression is not read).
pub const MAX_REGEX_INPUT: usize = 4 * 1024;

/// A regular expression of a list, compiled the first time a link needs it.
/// ClearURLs' expressions are JavaScript ones, matched without regard to case.
#[derive(Debug)]
pub struct LazyRegex {
    pub source: &'static str,
    anchored: bool,
    compiled: OnceLock<Option<regex_lite::Regex>>,
}

impl LazyRegex {
    const fn new(source: &'static str, anchored: bool) -> LazyRegex {
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
        s.len() <= MAX_REGEX_INPUT && self.get().is_some_and(|r| r.is_match(s))
    }

    /// Group captures of `s`, if it is short enough to search and matches.
    pub(crate) fn captures<'s>(&self, s: &'s str) -> Option<regex_lite::Captures<'s>> {
        if s.len() > MAX_REGEX_INPUT {
            return None;
        }
        self.get()?.captures(s)
    }
}

/// One of the table's expressions, by its place in `generated::REGEXES`
/// (a static array: an expression compiled once is kept for every later link).
#[derive(Debug, Clone, Copy)]
pub struct Rx(u16);

impl Rx {
    pub fn regex(self) -> &'static LazyRegex {
        &generated::REGEXES[usize::from(self.0)]
    }
}

/// A condition on the address beyond its host.
#[derive(Debug)]
pub enum Rest {
    /// What follows the host (path, query, fragment) starts with this.
    Prefix(&'static str),
    /// A WebExtension match pattern's path: `*` is any run of characters; matched against path and query.
    Glob(&'static str),
    /// The whole address matches (a ClearURLs pattern kept as written).
    Regex(Rx),
    /// Leading path segments, `*` being any one segment (Silbato's layer).
    Segments(&'static str),
}

#[derive(Debug)]
pub struct At {
    pub hosts: &'static [&'static str],
    pub rest: Option<Rest>,
}

/// A name that is a prefix followed by a run of some characters (`utm_[a-z_]*`).
#[derive(Debug)]
pub struct Prefix {
    p: &'static str,
    /// The characters the rest may have; empty is any.
    class: &'static str,
    min: usize,
    max: Option<usize>,
}

/// A set of parameters removed where it applies: one ClearURLs provider, one
/// Brave or Firefox entry, brave-core's lists, one Silbato rule.
#[derive(Debug)]
pub struct Group {
    pub id: &'static str,
    /// `silbato`, `clearurls`, `brave-clean-urls`, `brave-query-filter`, `brave-core`, `firefox`.
    pub list: &'static str,
    pub site: Option<&'static str>,
    pub at: At,
    pub except: &'static [At],
    /// brave-core's conditional parameters stay when the address contains one of these.
    pub unless: &'static [&'static str],
    /// Lowercase, sorted.
    names: &'static [&'static str],
    prefixes: &'static [Prefix],
    regexes: &'static [Rx],
    /// Path segments starting with one of these (`ref=`) are removed.
    pub segments: &'static [&'static str],
    /// Only values starting with one of these (Silbato: Amazon's `ref=cm_sw_r…`).
    values: &'static [&'static str],
    pub reason: Reason,
    pub source: &'static str,
    /// A source per name, where the list gives one (brave-core's issues); sorted.
    sources: &'static [(&'static str, &'static str)],
}

/// Parameters a page needs: never removed where this applies.
#[derive(Debug)]
pub struct Keep {
    pub id: &'static str,
    pub site: Option<&'static str>,
    pub at: At,
    pub names: &'static [&'static str],
    /// Kept because the page needs it, but it ties the link to whoever shared it: warn.
    pub names_sharer: bool,
    pub why: &'static str,
    pub source: &'static str,
}

/// Addresses never changed (a signed wrapper).
#[derive(Debug)]
pub struct Exempt {
    pub id: &'static str,
    pub at: At,
    pub source: &'static str,
}

/// How a redirect's target is read.
#[derive(Debug)]
pub enum Take {
    /// The value of the first of these parameters present.
    Param(&'static [&'static str]),
    /// Group 1 of an expression matched against the whole address (ClearURLs).
    Regex(Rx),
    /// The groups of an expression matched against the path, joined or put in a template (Brave).
    PathRegex(Rx),
}

#[derive(Debug)]
pub struct Redirect {
    pub id: &'static str,
    pub list: &'static str,
    pub site: Option<&'static str>,
    pub at: At,
    pub except: &'static [At],
    pub take: Take,
    /// Brave's `regex-path-template`: `$1` is the first group.
    pub template: Option<&'static str>,
    pub base64: bool,
    /// Brave's `prepend_scheme`, for targets written without one.
    pub scheme: Option<&'static str>,
    pub source: &'static str,
}

#[derive(Debug)]
pub struct How {
    pub en: &'static str,
    pub es: &'static str,
}

/// A per-share short link: only the platform can say where it leads.
#[derive(Debug)]
pub struct ShortLink {
    pub id: &'static str,
    pub site: &'static str,
    pub at: At,
    pub how: Option<How>,
    pub source: &'static str,
}

/// What a list says that the table does not apply, and why.
#[derive(Debug)]
pub struct Untranslated {
    pub rule: &'static str,
    pub pattern: &'static str,
    pub why: &'static str,
}

/// Hosts to rules, as sorted arrays made at build time: by domain
/// (`facebook.com` for `www.facebook.com`), by the label before a country
/// domain (`google` for `google.*`), and the rules for every site.
#[derive(Debug)]
pub struct Index {
    domains: &'static [(&'static str, &'static [u16])],
    labels: &'static [(&'static str, &'static [u16])],
    everywhere: &'static [u16],
}

/// The rules for `key` in a sorted index.
fn lookup(map: &'static [(&'static str, &'static [u16])], key: &str) -> &'static [u16] {
    map.binary_search_by(|(k, _)| (*k).cmp(key)).map_or(&[], |i| map[i].1)
}

mod generated {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/link_table.rs"));
}

/// The table, or a part of it (`only`, for tests that compare one list with its own cases).
#[derive(Debug)]
pub struct Table {
    pub sites: &'static [(&'static str, &'static str)],
    pub groups: &'static [Group],
    pub keep: &'static [Keep],
    pub exempt: &'static [Exempt],
    pub redirects: &'static [Redirect],
    pub short_links: &'static [ShortLink],
    pub untranslated: &'static [Untranslated],
    /// When set, only the rules of these lists apply (and the exemptions).
    lists: Option<&'static [&'static str]>,
}

static EMBEDDED: Table = Table {
    sites: generated::SITES,
    groups: generated::GROUPS,
    keep: generated::KEEP,
    exempt: generated::EXEMPT,
    redirects: generated::REDIRECTS,
    short_links: generated::SHORT_LINKS,
    untranslated: generated::UNTRANSLATED,
    lists: None,
};

impl Table {
    /// The embedded table: statics, so there is nothing to load.
    pub fn embedded() -> &'static Table {
        &EMBEDDED
    }

    /// Only the rules of these lists (and the exemptions).
    pub fn only(lists: &'static [&'static str]) -> Table {
        let silbato = lists.contains(&"silbato");
        Table {
            keep: if silbato { EMBEDDED.keep } else { &[] },
            short_links: if silbato { EMBEDDED.short_links } else { &[] },
            lists: Some(lists),
            ..EMBEDDED
        }
    }

    fn in_lists(&self, list: &str) -> bool {
        self.lists.is_none_or(|l| l.contains(&list))
    }

    /// The parameter groups for this address's host and path, by index, in
    /// table order (Silbato's rules first). Their exceptions are checked only
    /// when one of their names is in the link (`Group::excepted`): most never are.
    pub(crate) fn groups_for(&self, u: &Addr) -> Vec<usize> {
        generated::GROUP_INDEX
            .candidates(u.host)
            .into_iter()
            .filter(|i| self.groups.get(*i).is_some_and(|g| self.in_lists(g.list) && g.at.matches(u)))
            .collect()
    }

    /// The groups (by index, in order) that remove this exact name somewhere.
    pub(crate) fn named(&self, name: &str) -> &'static [u16] {
        lookup(generated::BY_NAME, name)
    }

    pub(crate) fn keep_for(&self, u: &Addr) -> Vec<&'static Keep> {
        generated::KEEP_INDEX.candidates(u.host).into_iter().filter_map(|i| self.keep.get(i)).filter(|k| k.at.matches(u)).collect()
    }

    pub(crate) fn exempt(&self, u: &Addr) -> bool {
        generated::EXEMPT_INDEX.candidates(u.host).into_iter().filter_map(|i| self.exempt.get(i)).any(|e| e.at.matches(u))
    }

    pub(crate) fn redirects_for(&self, u: &Addr) -> Vec<&'static Redirect> {
        generated::REDIRECT_INDEX
            .candidates(u.host)
            .into_iter()
            .filter_map(|i| self.redirects.get(i))
            .filter(|r| self.in_lists(r.list) && r.at.matches(u) && !r.except.iter().any(|e| e.matches(u)))
            .collect()
    }

    pub(crate) fn short_link(&self, u: &Addr) -> Option<&'static ShortLink> {
        generated::SHORT_LINK_INDEX.candidates(u.host).into_iter().filter_map(|i| self.short_links.get(i)).find(|s| s.at.matches(u))
    }

    /// The platform's name for a host (`YouTube`), if the table knows it.
    pub fn site_of(&self, host: &str) -> Option<&'static str> {
        self.sites.iter().find(|(pattern, _)| host_matches(pattern, host)).map(|(_, name)| *name)
    }

    /// Whether `host` is a site some rule names (not counting rules for every
    /// site): text may mention such addresses without `https://`.
    pub fn names_site(&self, host: &str) -> bool {
        [&generated::GROUP_INDEX, &generated::REDIRECT_INDEX, &generated::SHORT_LINK_INDEX, &generated::KEEP_INDEX]
            .iter()
            .any(|ix| !ix.candidates_named(host).is_empty())
            || self.site_of(host).is_some()
    }
}

impl Group {
    /// Where the rule for this name comes from: its own issue, or the group's source.
    pub fn source_for(&self, name: &str) -> &'static str {
        self.sources.binary_search_by(|(n, _)| (*n).cmp(name)).map_or(self.source, |i| self.sources[i].1)
    }

    /// The exact names this group removes (lowercase).
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.names.iter().copied()
    }

    /// The values it requires, if any (Silbato's Amazon `ref=cm_sw_r…`).
    pub fn values(&self) -> &'static [&'static str] {
        self.values
    }

    /// Every regular expression of the group, for the tests.
    pub fn regexes(&self) -> impl Iterator<Item = &'static LazyRegex> {
        self.regexes.iter().map(|r| r.regex())
    }

    /// Whether the group has names that are patterns (prefixes, expressions).
    pub(crate) fn has_patterns(&self) -> bool {
        !self.prefixes.is_empty() || !self.regexes.is_empty()
    }

    /// Whether one of its patterns matches `name` (decoded) or `raw`, both lowercase.
    pub(crate) fn pattern_matches(&self, name: &str, raw: &str) -> bool {
        self.prefixes.iter().any(|p| p.matches(name) || p.matches(raw)) || self.regexes().any(|r| r.is_match(name) || raw != name && r.is_match(raw))
    }

    /// Whether `value` meets the group's condition on values, if it has one.
    pub(crate) fn value_ok(&self, value: &str) -> bool {
        self.values.is_empty() || self.values.iter().any(|v| starts_with_ignore_case(value, v))
    }

    /// Whether an exception of the group (or a brave-core condition) keeps this address as it is.
    pub(crate) fn excepted(&self, u: &Addr) -> bool {
        self.except.iter().any(|e| e.matches(u)) || !self.unless.is_empty() && self.unless.iter().any(|s| u.full().contains(s))
    }

    /// Whether this group removes a parameter called `name` (decoded) or
    /// `raw` (as written), both lowercase, with this value.
    pub(crate) fn removes(&self, name: &str, raw: &str, value: &str) -> bool {
        let named = self.names.binary_search(&name).is_ok() || self.names.binary_search(&raw).is_ok() || self.pattern_matches(name, raw);
        named && self.value_ok(value)
    }

    /// Whether this path segment starts with one the group removes (`ref=`).
    pub(crate) fn removes_segment(&self, segment: &str) -> bool {
        self.segments.iter().any(|s| starts_with_ignore_case(segment, s))
    }
}

impl Prefix {
    fn matches(&self, name: &str) -> bool {
        let Some(tail) = name.strip_prefix(self.p) else { return false };
        let n = tail.len();
        n >= self.min && self.max.is_none_or(|m| n <= m) && (self.class.is_empty() || tail.bytes().all(|b| self.class.as_bytes().contains(&b)))
    }
}

impl At {
    pub(crate) fn matches(&self, u: &Addr) -> bool {
        self.hosts.iter().any(|h| host_matches(h, u.host))
            && match &self.rest {
                None => true,
                Some(Rest::Prefix(p)) => starts_with_ignore_case(u.rest, p),
                Some(Rest::Glob(g)) => glob_matches(g.as_bytes(), u.path_query().as_bytes()),
                Some(Rest::Regex(r)) => r.regex().is_match(&u.full()),
                Some(Rest::Segments(s)) => path_matches(s, u.path),
            }
    }
}

/// An address as the rules look at it: slices of the link, nothing copied
/// but the scheme-less case of `full`.
#[derive(Clone, Debug)]
pub(crate) struct Addr<'a> {
    url: &'a str,
    scheme: bool,
    pub host: &'a str,
    /// Everything after the host and port: path, query and fragment.
    pub rest: &'a str,
    pub path: &'a str,
}

impl<'a> Addr<'a> {
    pub(crate) fn new(url: &'a str, parts: &'a super::parse::Parts<'a>) -> Addr<'a> {
        let rest = url.get(parts.head.len()..).unwrap_or("");
        Addr { url, scheme: super::parse::web_scheme(url).is_some(), host: &parts.host, rest, path: parts.path }
    }

    /// The whole address with a scheme (`https://` is assumed for addresses pasted without one).
    pub(crate) fn full(&self) -> std::borrow::Cow<'a, str> {
        if self.scheme {
            std::borrow::Cow::Borrowed(self.url)
        } else {
            std::borrow::Cow::Owned(format!("https://{}", self.url))
        }
    }

    fn path_query(&self) -> &str {
        self.rest.split('#').next().unwrap_or("")
    }
}

pub(crate) fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

impl Index {
    /// Rules whose host patterns may match `host`, in table order (to be checked in full).
    fn candidates(&self, host: &str) -> Vec<usize> {
        let mut named = self.candidates_named(host);
        if named.is_empty() {
            return self.everywhere.iter().map(|i| usize::from(*i)).collect();
        }
        named.sort_unstable();
        named.dedup();
        // Both lists are sorted: merge them.
        let mut out = Vec::with_capacity(named.len() + self.everywhere.len());
        let (mut a, mut b) = (named.iter().peekable(), self.everywhere.iter().map(|i| usize::from(*i)).peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if **x < *y => a.next().copied(),
                (Some(x), Some(y)) if **x == *y => {
                    b.next();
                    a.next().copied()
                }
                (_, Some(_)) => b.next(),
                (Some(_), None) => a.next().copied(),
                (None, None) => break,
            };
            out.extend(next);
        }
        out
    }

    fn candidates_named(&self, host: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut rest = host;
        loop {
            out.extend(lookup(self.domains, rest).iter().map(|i| usize::from(*i)));
            match rest.split_once('.') {
                Some((label, tail)) => {
                    out.extend(lookup(self.labels, label).iter().map(|i| usize::from(*i)));
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
        let ix = Index { domains: &[("facebook.com", &[0]), ("vk.com", &[3])], labels: &[("google", &[2])], everywhere: &[1] };
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
        let p = Prefix { p: "utm_", class: "_abcdefghijklmnopqrstuvwxyz", min: 0, max: None };
        assert!(p.matches("utm_source") && p.matches("utm_") && !p.matches("utm_1") && !p.matches("xutm_a"));
        let li = Prefix { p: "li", class: "abcdefghijklmnopqrstuvwxyz", min: 2, max: Some(2) };
        assert!(li.matches("lipi") && !li.matches("lip") && !li.matches("lipis"));
    }
}
