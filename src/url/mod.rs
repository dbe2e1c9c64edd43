//! Share links: remove the query parameters that tie a link to the person
//! who copied it (YouTube `si`, Instagram `igsh`…) or follow whoever opens it
//! (`utm_*`, `fbclid`…), unwrap redirect links whose target is in the address,
//! and warn about per-share short links that only the platform can resolve.
//!
//! The rules come from the lists that link cleaners maintain (ClearURLs,
//! Brave's clean-urls, query-filter and debounce lists, brave-core's query
//! filter, Firefox's StripOnShare; `data/link-lists/`), compiled with
//! Silbato's own layer (`silbato.json`: which parameters name the sharer and
//! why, what a page needs, per-share short links) by `build.rs`; see `table.rs`.
//! What is kept stays byte for byte as written: a cleaned link is the
//! original minus whole parameters (and Amazon's `/ref=…` path segments), so
//! a link never breaks (a YouTube `v` and `t`, a search `q`).

mod parse;
mod table;

use std::ops::Range;

use serde::Serialize;

use crate::reveal::Lang;
use table::{Addr, Group, Keep, Redirect, Take};
pub use table::{Reason, Table, MAX_REGEX_INPUT};

/// Redirects inside redirects are unwrapped this many times at most.
const MAX_UNWRAP: usize = 4;

/// One parameter taken out of a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RemovedParam {
    /// The name as written in the link (for a path segment, the segment: `/ref=cm_sw_r_…`).
    pub param: String,
    pub reason: Reason,
    /// The rule that removed it: `silbato:youtube-si`, `clearurls:amazon`,
    /// `brave-clean-urls:facebook.com`, `brave-query-filter:*`, `brave-core:query_filter`, `firefox:global`…
    pub rule: String,
    /// Where the rule comes from (an issue, a list), so a person can see why.
    pub source: String,
    /// The site the rule is about (`YouTube`), if it is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
}

/// What cleaning one link did. The wire format of `silbato link --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LinkReport {
    pub input: String,
    pub output: String,
    pub removed: Vec<RemovedParam>,
    /// Redirect addresses that were unwrapped (`l.facebook.com/l.php`), outermost first.
    pub unwrapped: Vec<String>,
    pub warnings: Vec<String>,
    /// The site of a per-share short link that cannot be cleaned offline.
    #[serde(skip)]
    pub share_link: Option<String>,
}

impl LinkReport {
    pub fn changed(&self) -> bool {
        self.output != self.input
    }

    /// Whether the link, as given, would tie a post to the person sharing it.
    pub fn names_sharer(&self) -> bool {
        self.share_link.is_some() || self.removed.iter().any(|r| r.reason == Reason::SharerId)
    }
}

/// Clean one link with the embedded table.
pub fn clean_link(input: &str, lang: Lang) -> LinkReport {
    clean_with(Table::embedded(), input, lang)
}

pub fn clean_with(table: &Table, input: &str, lang: Lang) -> LinkReport {
    let mut report = LinkReport {
        input: input.to_string(),
        output: input.to_string(),
        removed: Vec::new(),
        unwrapped: Vec::new(),
        warnings: Vec::new(),
        share_link: None,
    };
    let mut current = input.trim().to_string();
    if parse::split(&current).is_none_or(|p| p.host.is_empty() || !p.host.contains('.') && parse::web_scheme(&current).is_none()) {
        report.warnings.push(not_a_link(lang).to_string());
        return report;
    }

    // Whether the current address is exempt, found while unwrapping (most links need no unwrapping).
    let mut exempt = None;
    for _ in 0..MAX_UNWRAP {
        let Some(parts) = parse::split(&current) else { break };
        let addr = Addr::new(&current, &parts);
        if table.exempt(&addr) {
            exempt = Some(true);
            break;
        }
        exempt = Some(false);
        let Some((rule, target)) = table.redirects_for(&addr).into_iter().find_map(|r| unwrap_target(r, &parts, &addr).map(|t| (r, t))) else {
            break;
        };
        if let Take::Param(names) = &rule.take {
            for p in parse::params(parts.query.unwrap_or("")) {
                if !p.raw.is_empty() && !names.iter().any(|t| t.eq_ignore_ascii_case(p.name)) {
                    report.removed.push(RemovedParam {
                        param: parse::percent_decode(p.name),
                        reason: Reason::Tracking,
                        rule: rule.id.to_string(),
                        source: rule.source.to_string(),
                        site: rule.site.or_else(|| table.site_of(&parts.host)).map(str::to_string),
                    });
                }
            }
        }
        report.unwrapped.push(format!("{}{}", parts.host, parts.path));
        current = target;
        exempt = None;
    }

    if let Some(parts) = parse::split(&current) {
        let addr = Addr::new(&current, &parts);
        if let Some(short) = table.short_link(&addr) {
            report.warnings.push(share_link_warning(short.site, short.how.as_ref(), lang));
            report.share_link = Some(short.site.to_string());
        }
        // Parameters, parameters in the fragment, or `name=value` path segments (Amazon's `/ref=…`).
        let fragment_pairs = parts.fragment.is_some_and(|f| f.contains('=') && !f.contains('/'));
        let something = parts.query.is_some() || fragment_pairs || parts.path.contains('=');
        if something && !exempt.unwrap_or_else(|| table.exempt(&addr)) {
            let groups = table.groups_for(&addr);
            let excepted = groups.iter().map(|_| std::cell::Cell::new(None)).collect();
            let patterned = (0..groups.len()).filter(|p| table.groups.get(groups[*p]).is_some_and(Group::has_patterns)).collect();
            let keep = table.keep_for(&addr);
            let judge = Judge { table, groups, patterned, excepted, keep, addr: &addr, host: &parts.host, site: std::cell::OnceCell::new() };
            let mut kept_sharer: Vec<(String, String)> = Vec::new();
            let path = judge.clean_path(parts.path, &mut report.removed);
            let query = parts.query.map(|q| judge.clean_pairs(q, &mut report.removed, &mut kept_sharer));
            // A fragment written as parameters (`#utm_source=…`) is cleaned the same way; a route (`#/a?b`) is not.
            let fragment =
                parts.fragment.map(|f| if fragment_pairs { judge.clean_pairs(f, &mut report.removed, &mut kept_sharer) } else { Pairs::Same });
            for (param, site) in kept_sharer {
                report.warnings.push(kept_sharer_warning(&param, &site, lang));
            }
            if path.is_some() || matches!(query, Some(Pairs::Changed(_))) || matches!(fragment, Some(Pairs::Changed(_))) {
                // Rewritten queries lose their empty pairs (`a=1&&b`); untouched ones keep them.
                let mut out = String::with_capacity(current.len());
                out.push_str(parts.head);
                out.push_str(path.as_deref().unwrap_or(parts.path));
                for (sep, pairs, original) in [('?', query, parts.query), ('#', fragment, parts.fragment)] {
                    match (pairs, original) {
                        (Some(Pairs::Changed(kept)), _) if kept.is_empty() => {}
                        (Some(Pairs::Changed(kept)), _) => {
                            out.push(sep);
                            out.push_str(&kept);
                        }
                        (_, Some(orig)) => {
                            out.push(sep);
                            out.push_str(orig);
                        }
                        (_, None) => {}
                    }
                }
                current = out;
            }
        }
    }
    if report.changed_from(&current) {
        report.output = current;
    }
    report
}

impl LinkReport {
    /// Whether `cleaned` differs from the input other than by surrounding spaces.
    fn changed_from(&self, cleaned: &str) -> bool {
        cleaned != self.input.trim()
    }
}

/// A query or fragment after cleaning: untouched, or the pairs kept joined with `&`.
enum Pairs {
    Same,
    Changed(String),
}

/// The rules that apply to one address, and what they say about each part.
struct Judge<'t> {
    table: &'t Table,
    /// The groups for this host and path, by index in the table (ascending).
    groups: Vec<usize>,
    /// Positions in `groups` of those whose names are patterns.
    patterned: Vec<usize>,
    /// Whether each group's exceptions keep this address, once asked.
    excepted: Vec<std::cell::Cell<Option<bool>>>,
    keep: Vec<&'t Keep>,
    addr: &'t Addr<'t>,
    host: &'t str,
    /// The platform's name for the host, looked up once.
    site: std::cell::OnceCell<Option<&'static str>>,
}

impl<'t> Judge<'t> {
    /// The rule that removes `name=value`, unless a page needs it.
    fn verdict(&self, name: &str, value: &str) -> Verdict<'t> {
        let decoded = parse::percent_decode(name).to_ascii_lowercase();
        let raw = name.to_ascii_lowercase();
        if let Some(k) = self.keep.iter().find(|k| k.names.contains(&decoded.as_str())) {
            return Verdict::Keep(k);
        }
        // The first group in table order that removes it: exact names through the
        // table's name index, then the few groups whose names are patterns.
        let ok = |pos: usize| self.group(pos).is_some_and(|g| g.value_ok(value)) && self.applies(pos);
        let mut best: Option<usize> = None;
        let also = if raw != decoded { self.table.named(&raw) } else { &[] };
        for i in self.table.named(&decoded).iter().chain(also) {
            if let Ok(pos) = self.groups.binary_search(&usize::from(*i)) {
                if best.is_none_or(|b| pos < b) && ok(pos) {
                    best = Some(pos);
                }
            }
        }
        for &pos in &self.patterned {
            if best.is_some_and(|b| b < pos) {
                break;
            }
            if self.group(pos).is_some_and(|g| g.pattern_matches(&decoded, &raw)) && ok(pos) {
                best = Some(pos);
                break;
            }
        }
        match best.and_then(|pos| self.group(pos)) {
            Some(g) => Verdict::Remove(g),
            None => Verdict::Pass,
        }
    }

    fn site(&self) -> Option<&'static str> {
        *self.site.get_or_init(|| self.table.site_of(self.host))
    }

    fn group(&self, pos: usize) -> Option<&'t Group> {
        self.groups.get(pos).and_then(|i| self.table.groups.get(*i))
    }

    /// Whether the group at `pos` applies here: its exceptions are read once, when first needed.
    fn applies(&self, pos: usize) -> bool {
        let (Some(g), Some(cell)) = (self.group(pos), self.excepted.get(pos)) else { return false };
        let excepted = cell.get().unwrap_or_else(|| {
            let e = g.excepted(self.addr);
            cell.set(Some(e));
            e
        });
        !excepted
    }

    fn removed(&self, param: String, g: &Group) -> RemovedParam {
        let site = g.site.or_else(|| if g.at.hosts.contains(&"*") { None } else { self.site() });
        let source = g.source_for(&param.to_ascii_lowercase()).to_string();
        RemovedParam { param, reason: g.reason, rule: g.id.to_string(), source, site: site.map(str::to_string) }
    }

    fn clean_pairs(&self, pairs: &str, removed: &mut Vec<RemovedParam>, kept_sharer: &mut Vec<(String, String)>) -> Pairs {
        let mut kept: Vec<&str> = Vec::new();
        let mut changed = false;
        for p in parse::params(pairs) {
            if p.raw.is_empty() {
                continue;
            }
            match self.verdict(p.name, p.value.unwrap_or("")) {
                Verdict::Remove(g) => {
                    changed = true;
                    removed.push(self.removed(parse::percent_decode(p.name), g));
                }
                Verdict::Keep(k) => {
                    if k.names_sharer && p.value.is_some_and(|v| !v.is_empty()) {
                        let site = k.site.or_else(|| self.site()).unwrap_or_default().to_string();
                        kept_sharer.push((parse::percent_decode(p.name), site));
                    }
                    kept.push(p.raw);
                }
                Verdict::Pass => kept.push(p.raw),
            }
        }
        if changed {
            Pairs::Changed(kept.join("&"))
        } else {
            Pairs::Same
        }
    }

    /// The path without the segments a rule removes (Amazon's `/ref=…`), or `None` if none is.
    fn clean_path(&self, path: &str, removed: &mut Vec<RemovedParam>) -> Option<String> {
        if !(0..self.groups.len()).any(|p| self.group(p).is_some_and(|g| !g.segments.is_empty())) {
            return None;
        }
        let mut out = String::with_capacity(path.len());
        let mut changed = false;
        for (i, segment) in path.split('/').enumerate() {
            let rule = (0..self.groups.len())
                .find(|p| self.group(*p).is_some_and(|g| g.removes_segment(segment)) && self.applies(*p))
                .and_then(|p| self.group(p));
            match rule {
                Some(g) if i > 0 => {
                    changed = true;
                    // Silbato's layer says whether this segment names the sharer (`ref=cm_sw_r…`).
                    let (name, value) = segment.split_once('=').unwrap_or((segment, ""));
                    let lower = name.to_ascii_lowercase();
                    let why = (0..self.groups.len())
                        .filter_map(|p| self.group(p))
                        .find(|s| s.list == "silbato" && s.removes(&lower, &lower, value))
                        .unwrap_or(g);
                    removed.push(self.removed(format!("/{segment}"), why));
                }
                _ => {
                    if i > 0 {
                        out.push('/');
                    }
                    out.push_str(segment);
                }
            }
        }
        changed.then_some(out)
    }
}

enum Verdict<'t> {
    Keep(&'t Keep),
    Remove(&'t Group),
    Pass,
}

/// The address a redirect leads to, if it is a web address.
fn unwrap_target(rule: &Redirect, parts: &parse::Parts, addr: &Addr<'_>) -> Option<String> {
    let raw: String = match &rule.take {
        Take::Param(names) => {
            let query = parts.query.unwrap_or("");
            // The first of the names present, in the rule's order of preference.
            names.iter().find_map(|n| parse::params(query).find(|p| p.name.eq_ignore_ascii_case(n)).and_then(|p| p.value))?.to_string()
        }
        Take::Regex(re) => re.regex().captures(&addr.full())?.get(1)?.as_str().to_string(),
        Take::PathRegex(re) => {
            let caps = re.regex().captures(addr.path)?;
            let groups: Vec<&str> = caps.iter().skip(1).map(|g| g.map_or("", |m| m.as_str())).collect();
            match &rule.template {
                Some(t) => groups.iter().enumerate().fold(t.to_string(), |acc, (i, g)| acc.replace(&format!("${}", i + 1), g)),
                None => groups.concat(),
            }
        }
    };
    let mut target = if rule.base64 { base64_decode(&raw)? } else { raw };
    // A target is often encoded more than once (`https%253A%252F%252F…`).
    for _ in 0..3 {
        if parse::web_scheme(&target).is_some() || !target.contains('%') {
            break;
        }
        target = parse::percent_decode(&target);
    }
    if parse::web_scheme(&target).is_none() {
        if let Some(scheme) = &rule.scheme {
            target = format!("{scheme}://{target}");
        }
    }
    (parse::web_scheme(&target).is_some() && parse::split(&target).is_some_and(|p| p.host.contains('.'))).then_some(target)
}

/// Standard or URL-safe base64, padded or not (Brave's `base64,redirect`).
fn base64_decode(s: &str) -> Option<String> {
    let s = parse::percent_decode(s);
    let mut bits: u32 = 0;
    let mut n = 0;
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(v);
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8(out).ok()
}

fn not_a_link(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "This does not look like a web address; it was left as it is.",
        Lang::Es => "Esto no parece una dirección web; se dejó como estaba.",
    }
}

fn share_link_warning(site: &str, how: Option<&table::How>, lang: Lang) -> String {
    let how = how.map(|h| match lang {
        Lang::En => h.en,
        Lang::Es => h.es,
    });
    match (lang, how) {
        (Lang::En, Some(how)) => format!(
            "This {site} share link hides the post behind a code that {site} ties to the account that made the link, \
             and only {site} can turn it into the plain link. {how}"
        ),
        (Lang::Es, Some(how)) => format!(
            "Este enlace para compartir de {site} esconde la publicación tras un código que {site} asocia a la cuenta que creó el enlace, \
             y solo {site} puede convertirlo en el enlace normal. {how}"
        ),
        (Lang::En, None) => format!(
            "This {site} share link hides the post behind a code that {site} ties to the account that made the link, \
             and only {site} can turn it into the plain link. Open it, copy the address from the address bar and share that instead \
             (Silbato cleans it)."
        ),
        (Lang::Es, None) => format!(
            "Este enlace para compartir de {site} esconde la publicación tras un código que {site} asocia a la cuenta que creó el enlace, \
             y solo {site} puede convertirlo en el enlace normal. Ábrelo, copia la dirección de la barra del navegador y comparte esa \
             (Silbato la limpia)."
        ),
    }
}

fn kept_sharer_warning(param: &str, site: &str, lang: Lang) -> String {
    let site = if site.is_empty() { "the site" } else { site };
    match lang {
        Lang::En => format!(
            "“{param}” was kept: without it the page does not open as it was shared (a gift or friend link), \
             but {site} can tie it to the account that made the link."
        ),
        Lang::Es => {
            let site = if site == "the site" { "el sitio" } else { site };
            format!(
                "Se dejó «{param}»: sin eso la página no se abre como se compartió (un enlace de regalo o de amigo), \
                 pero {site} puede asociarlo a la cuenta que creó el enlace."
            )
        }
    }
}

/// Where web addresses are in `text`: `https://…`, `www.…`, and the sites the
/// rules name written without a scheme (`youtu.be/…`). Byte ranges, in order.
pub fn find_links(text: &str) -> Vec<Range<usize>> {
    find_links_with(Table::embedded(), text)
}

pub fn find_links_with(rules: &Table, text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let (stop, width) = stop_at(text, i);
        if stop {
            i += width;
            continue;
        }
        let start = i;
        let mut has_dot = false;
        while i < b.len() {
            let (stop, width) = stop_at(text, i);
            if stop {
                break;
            }
            has_dot |= b[i] == b'.';
            i += width;
        }
        // A token without a dot is no address: most words end here.
        if has_dot {
            if let Some(range) = link_in_token(rules, text, start, i) {
                out.push(range);
            }
        }
    }
    out
}

/// Whether a token ends at byte `i` (white space, or a character that never
/// sits in a pasted address), and the width of the character there.
fn stop_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b.is_ascii_whitespace() || matches!(b, b'<' | b'>' | b'"' | b'`'), 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (c.is_whitespace(), c.len_utf8())
}

fn link_in_token(rules: &Table, text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let token = &text[start..end];
    // Leading punctuation: (https://…, ¿youtu.be/…, [www.…
    let lead = token.find(|c: char| !matches!(c, '(' | '[' | '{' | '\'' | '¿' | '¡' | '«' | '“' | '‘' | '*' | '_')).unwrap_or(token.len());
    let body = &token[lead..];
    let scheme = parse::web_scheme(body);
    let www = body.len() > 4 && body.as_bytes()[..4].eq_ignore_ascii_case(b"www.");
    if scheme.is_none() && !www {
        // A named site written bare: it must have a path or query after the host.
        let host_end = body.find(['/', '?'])?;
        let host = body[..host_end].to_ascii_lowercase();
        if !host.contains('.') || host.contains('@') || !rules.names_site(&host) {
            return None;
        }
    }
    let mut body_end = body.len();
    // Trailing punctuation belongs to the sentence, except a ) that closes a ( inside.
    while let Some(c) = body[..body_end].chars().next_back() {
        let strip = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | ']' | '}' | '»' | '”' | '’' | '…' | '*' | '_' => true,
            ')' => body[..body_end].matches('(').count() < body[..body_end].matches(')').count(),
            _ => false,
        };
        if !strip {
            break;
        }
        body_end -= c.len_utf8();
    }
    let url = &body[..body_end];
    let host_start = scheme.unwrap_or(0);
    if url.len() <= host_start + 3 || parse::split(url).is_none_or(|p| !p.host.contains('.')) {
        return None;
    }
    let s = start + lead;
    Some(s..s + body_end)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod list_tests;
