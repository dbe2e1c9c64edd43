//! Compiles the link table at build time (run by `build.rs`, never part of the
//! library): the maintained lists in `data/link-lists/` (ClearURLs, Brave's
//! clean-urls, query-filter and debounce lists, brave-core's query filter,
//! Firefox's StripOnShare) and Silbato's own layer (`src/url/silbato.json`)
//! become one JSON table that `src/url/table.rs` reads.
//!
//! ClearURLs writes its rules as JavaScript regular expressions. Where one is
//! a host with an optional path prefix, or a finite set of parameter names, or
//! a name prefix followed by a run of one character class, it is translated
//! into those sets here (parsed with regex-syntax, never guessed from the
//! text); the few others are kept as regular expressions and run with
//! regex-lite only when a link's host needs them. Two deliberate differences
//! from the JavaScript: a host pattern matches whole host names (ClearURLs'
//! unanchored `facebook\.com` also matches `facebook.com.evil.net`), and an
//! unescaped `.` between host labels (`twitter.com`) is read as the dot it
//! was meant to be.

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{json, Map, Value};

/// At most this many names or hosts are expanded from one pattern; a larger
/// language stays a regular expression.
const MAX_EXPANSION: usize = 64;

/// The lists, in the order their rules are tried: Silbato's own first (its
/// `sharer_id` classification names the rule), then the maintained lists.
pub struct Inputs<'a> {
    pub silbato: &'a str,
    pub clearurls: &'a str,
    pub brave_clean_urls: &'a str,
    pub brave_query_filter: &'a str,
    pub brave_debounce: &'a str,
    pub brave_core: &'a str,
    pub firefox: &'a str,
}

pub fn compile(inputs: &Inputs) -> Result<Value, String> {
    let mut t = Table::default();
    silbato(&mut t, &parse(inputs.silbato, "src/url/silbato.json")?)?;
    clearurls(&mut t, &parse(inputs.clearurls, "clearurls-data.min.json")?)?;
    brave_params(&mut t, "brave-clean-urls", &parse(inputs.brave_clean_urls, "brave-clean-urls.json")?)?;
    brave_params(&mut t, "brave-query-filter", &parse(inputs.brave_query_filter, "brave-query-filter.json")?)?;
    brave_core(&mut t, &parse(inputs.brave_core, "brave-core-query_filter-lists.json")?)?;
    firefox(&mut t, &parse(inputs.firefox, "firefox-StripOnShare.json")?)?;
    brave_debounce(&mut t, &parse(inputs.brave_debounce, "brave-debounce.json")?)?;
    let mut table = json!({
        "sites": t.sites,
        "groups": t.groups,
        "keep": t.keep,
        "exempt": t.exempt,
        "redirects": t.redirects,
        "short_links": t.short_links,
        "untranslated": t.untranslated,
    });
    // Fields left at their defaults are dropped: the table is embedded in the wasm module.
    for key in ["groups", "keep", "exempt", "redirects", "short_links"] {
        for rule in table[key].as_array_mut().into_iter().flatten() {
            if let Some(m) = rule.as_object_mut() {
                m.retain(|k, v| !(v.is_null() || v == &json!([]) || v == &json!({}) || v == &json!(false) || k == "reason" && v == "tracking"));
            }
        }
    }
    Ok(table)
}

#[derive(Default)]
struct Table {
    sites: Vec<Value>,
    groups: Vec<Value>,
    keep: Vec<Value>,
    exempt: Vec<Value>,
    redirects: Vec<Value>,
    short_links: Vec<Value>,
    /// What a list says that the table does not apply, and why (the tests list it).
    untranslated: Vec<Value>,
}

fn parse(text: &str, name: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("{name}: {e}"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn opt_str(v: &Value, key: &str) -> Value {
    v.get(key).and_then(Value::as_str).map_or(Value::Null, |s| Value::String(s.to_string()))
}

/// Where a rule applies: host patterns (`*`, `example.com` with its
/// subdomains, `=example.com` alone, `google.*` under any country domain)
/// and an optional condition on the rest of the address.
fn at(hosts: Vec<String>, rest: Value) -> Value {
    let mut m = Map::new();
    m.insert("hosts".into(), json!(hosts));
    if !rest.is_null() {
        m.insert("rest".into(), rest);
    }
    Value::Object(m)
}

// ---------------------------------------------------------------- Silbato

fn silbato(t: &mut Table, v: &Value) -> Result<(), String> {
    t.sites = v["sites"].as_array().cloned().unwrap_or_default();
    let where_of = |r: &Value| {
        let path = str_of(r, "path");
        let rest = if path.is_empty() { Value::Null } else { json!({ "segments": path }) };
        at(strings(&r["hosts"]), rest)
    };
    for r in v["params"].as_array().into_iter().flatten() {
        let (names, prefixes) = split_wildcards(&strings(&r["params"]));
        t.groups.push(json!({
            "id": format!("silbato:{}", str_of(r, "id")), "list": "silbato", "site": opt_str(r, "site"),
            "at": where_of(r), "names": names, "prefixes": prefixes,
            "values": strings(&r["values"]), "reason": str_of(r, "reason"), "source": str_of(r, "source"),
        }));
    }
    for r in v["keep"].as_array().into_iter().flatten() {
        t.keep.push(json!({
            "id": format!("silbato:{}", str_of(r, "id")), "site": opt_str(r, "site"), "at": where_of(r),
            "names": strings(&r["params"]).iter().map(|p| p.to_ascii_lowercase()).collect::<Vec<_>>(),
            "names_sharer": r["names_sharer"].as_bool().unwrap_or(false), "why": str_of(r, "why"), "source": str_of(r, "source"),
        }));
    }
    for r in v["exempt"].as_array().into_iter().flatten() {
        t.exempt.push(json!({ "id": format!("silbato:{}", str_of(r, "id")), "at": where_of(r), "source": str_of(r, "source") }));
    }
    for r in v["redirects"].as_array().into_iter().flatten() {
        t.redirects.push(json!({
            "id": format!("silbato:{}", str_of(r, "id")), "list": "silbato", "site": opt_str(r, "site"), "at": where_of(r),
            "take": { "param": strings(&r["target"]) }, "source": str_of(r, "source"),
        }));
    }
    for r in v["short_links"].as_array().into_iter().flatten() {
        t.short_links.push(json!({
            "id": format!("silbato:{}", str_of(r, "id")), "site": str_of(r, "site"), "at": where_of(r),
            "how": r.get("how").cloned().unwrap_or(Value::Null), "source": str_of(r, "source"),
        }));
    }
    Ok(())
}

/// `utm_*` in Silbato's layer is a prefix; other names are exact.
fn split_wildcards(params: &[String]) -> (Vec<String>, Vec<Value>) {
    let mut names = Vec::new();
    let mut prefixes = Vec::new();
    for p in params {
        match p.strip_suffix('*') {
            Some(prefix) => prefixes.push(json!({ "p": prefix.to_ascii_lowercase(), "min": 1 })),
            None => names.push(p.to_ascii_lowercase()),
        }
    }
    (names, prefixes)
}

// ---------------------------------------------------------------- ClearURLs

const CLEARURLS_SOURCE: &str = "https://github.com/ClearURLs/Rules";

fn clearurls(t: &mut Table, v: &Value) -> Result<(), String> {
    let providers = v["providers"].as_object().ok_or("clearurls: no providers")?;
    for (name, p) in providers {
        let id = format!("clearurls:{name}");
        let pattern = str_of(p, "urlPattern");
        let scope = match url_pattern(pattern) {
            Ok(w) => w,
            Err(why) => {
                t.untranslated.push(json!({ "rule": id, "pattern": pattern, "why": why }));
                continue;
            }
        };
        let mut except = Vec::new();
        for e in strings(&p["exceptions"]) {
            match url_pattern(&e) {
                Ok(w) => except.push(w),
                // An exception we cannot read (a WebSocket address) cannot match a web link.
                Err(why) => t.untranslated.push(json!({ "rule": id, "pattern": e, "why": why })),
            }
        }
        if p["completeProvider"].as_bool() == Some(true) {
            // ClearURLs blocks these addresses (ad servers) outright; a link cleaner cannot
            // block a link, and the tracker table names such hosts.
            t.untranslated.push(json!({ "rule": id, "pattern": pattern, "why": "completeProvider: blocks the address, nothing to clean" }));
        }
        let mut rules = strings(&p["rules"]);
        // ClearURLs removes referral-marketing parameters unless the person allows them.
        rules.extend(strings(&p["referralMarketing"]));
        let mut names = Vec::new();
        let mut prefixes = Vec::new();
        let mut regexes = Vec::new();
        for r in &rules {
            match param_pattern(r) {
                Some((n, p)) => {
                    names.extend(n);
                    prefixes.extend(p);
                }
                None => regexes.push(r.clone()),
            }
        }
        names.sort();
        names.dedup();
        let mut segments = Vec::new();
        for raw in strings(&p["rawRules"]) {
            match path_segment_rule(&raw) {
                Some(s) => segments.push(s),
                None => t.untranslated.push(json!({ "rule": id, "pattern": raw, "why": "rawRules other than whole path segments are not applied" })),
            }
        }
        if !names.is_empty() || !prefixes.is_empty() || !regexes.is_empty() || !segments.is_empty() {
            t.groups.push(json!({
                "id": id, "list": "clearurls", "site": Value::Null, "at": scope, "except": except,
                "names": names, "prefixes": prefixes, "regexes": regexes, "segments": segments,
                "reason": "tracking", "source": CLEARURLS_SOURCE,
            }));
        }
        for r in strings(&p["redirections"]) {
            let (at_r, take) = redirection(&r, &scope);
            t.redirects.push(json!({
                "id": id, "list": "clearurls", "site": Value::Null, "at": at_r, "except": except, "take": take, "source": CLEARURLS_SOURCE,
            }));
        }
    }
    Ok(())
}

/// One token of a flattened pattern: literals are split into bytes.
#[derive(Clone, Debug)]
enum Tok<'h> {
    Byte(u8),
    Other(&'h Hir),
}

fn tokens(h: &Hir) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    flatten(h, &mut out);
    out
}

fn flatten<'h>(h: &'h Hir, out: &mut Vec<Tok<'h>>) {
    match h.kind() {
        HirKind::Concat(subs) => subs.iter().for_each(|s| flatten(s, out)),
        HirKind::Literal(l) => out.extend(l.0.iter().map(|b| Tok::Byte(*b))),
        HirKind::Empty => {}
        _ => out.push(Tok::Other(h)),
    }
}

fn parse_regex(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern).map_err(|e| e.to_string())
}

/// The bytes a class matches (ASCII only; `None` if it reaches beyond).
fn class_bytes(c: &Class) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match c {
        Class::Bytes(b) => {
            for r in b.ranges() {
                out.extend(r.start()..=r.end());
            }
        }
        Class::Unicode(u) => {
            for r in u.ranges() {
                let (s, e) = (r.start() as u32, r.end() as u32);
                if e > 0x7f {
                    return None;
                }
                out.extend((s as u8)..=(e as u8));
            }
        }
    }
    (out.iter().all(|b| *b < 0x80)).then_some(out)
}

/// Every string `h` matches, if they are few (at most `limit`).
fn expand(h: &Hir, limit: usize) -> Option<Vec<Vec<u8>>> {
    match h.kind() {
        HirKind::Empty => Some(vec![Vec::new()]),
        HirKind::Literal(l) => Some(vec![l.0.to_vec()]),
        HirKind::Class(c) => {
            let bytes = class_bytes(c)?;
            (bytes.len() <= limit).then(|| bytes.into_iter().map(|b| vec![b]).collect())
        }
        HirKind::Capture(c) => expand(&c.sub, limit),
        HirKind::Repetition(r) => {
            let max = r.max?;
            let one = expand(&r.sub, limit)?;
            let mut out: Vec<Vec<u8>> = Vec::new();
            let mut level = vec![Vec::new()];
            for n in 0..=max {
                if n >= r.min {
                    out.extend(level.iter().cloned());
                }
                if n < max {
                    level = product(&level, &one, limit)?;
                }
                if out.len() > limit {
                    return None;
                }
            }
            Some(out)
        }
        HirKind::Concat(subs) => {
            let mut acc = vec![Vec::new()];
            for s in subs {
                acc = product(&acc, &expand(s, limit)?, limit)?;
            }
            Some(acc)
        }
        HirKind::Alternation(subs) => {
            let mut out = Vec::new();
            for s in subs {
                out.extend(expand(s, limit)?);
                if out.len() > limit {
                    return None;
                }
            }
            Some(out)
        }
        HirKind::Look(_) => None,
    }
}

fn product(a: &[Vec<u8>], b: &[Vec<u8>], limit: usize) -> Option<Vec<Vec<u8>>> {
    if a.len().saturating_mul(b.len()) > limit {
        return None;
    }
    Some(a.iter().flat_map(|x| b.iter().map(move |y| [x.as_slice(), y.as_slice()].concat())).collect())
}

fn is_any(h: &Hir) -> bool {
    matches!(h.kind(), HirKind::Class(c) if class_bytes(c).is_none_or(|b| b.len() >= 127))
}

/// `.*`, `.*?`, `.+?`: any run of characters.
fn is_any_run(t: &Tok) -> bool {
    matches!(t, Tok::Other(h) if matches!(h.kind(), HirKind::Repetition(r) if r.max.is_none() && r.min <= 1 && is_any(&r.sub)))
}

/// `(?:\.[a-z]{2,}){1,}`: a country or generic top-level domain.
fn is_any_tld(h: &Hir) -> bool {
    let HirKind::Repetition(r) = h.kind() else { return false };
    if r.min != 1 || r.max.is_some() {
        return false;
    }
    let HirKind::Concat(subs) = r.sub.kind() else { return false };
    matches!(subs.as_slice(), [dot, label]
        if matches!(dot.kind(), HirKind::Literal(l) if &*l.0 == b".")
        && matches!(label.kind(), HirKind::Repetition(l) if l.min == 2 && l.max.is_none()))
}

fn host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'.'
}

/// A ClearURLs address pattern (`urlPattern`, an exception or redirection) as
/// hosts and a condition on the rest; the whole pattern is kept as a regular
/// expression when the rest is more than a literal prefix.
fn url_pattern(pattern: &str) -> Result<Value, String> {
    let split = match split_host(pattern) {
        Ok(split) => split,
        // `git(lab)?\.[^/]*`: no host to index by, so the pattern is tried on every address.
        Err(_) if pattern.starts_with("^https?:") || pattern.starts_with("https?:") => {
            return Ok(at(vec!["*".into()], json!({ "regex": pattern })));
        }
        Err(e) => return Err(e),
    };
    let toks = split.hir.as_ref().map(tokens).unwrap_or_default();
    let rest = &toks[split.rest_from.min(toks.len())..];
    let literal_len = rest.iter().take_while(|t| matches!(t, Tok::Byte(_))).count();
    let rest_value = if rest.is_empty() {
        Value::Null
    } else if rest[literal_len..].iter().all(is_any_run) {
        let p = literal(&rest[..literal_len]);
        if p.is_empty() {
            Value::Null
        } else {
            json!({ "prefix": p })
        }
    } else {
        json!({ "regex": pattern })
    };
    Ok(at(split.hosts, rest_value))
}

fn literal(toks: &[Tok]) -> String {
    let bytes: Vec<u8> = toks.iter().filter_map(|t| if let Tok::Byte(b) = t { Some(*b) } else { None }).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A pattern cut at the end of its host: the hosts, the parsed pattern after
/// the scheme, and the index of its first token after the host.
struct Split {
    hosts: Vec<String>,
    hir: Option<Hir>,
    rest_from: usize,
}

fn split_host(pattern: &str) -> Result<Split, String> {
    let Some(after_scheme) = ["^https?:\\/\\/", "^https?://", "https?:\\/\\/", "https?://"].iter().find_map(|p| pattern.strip_prefix(p)) else {
        if pattern == ".*" {
            return Ok(Split { hosts: vec!["*".into()], hir: None, rest_from: 0 });
        }
        if pattern.starts_with(".*") {
            return Ok(Split { hosts: vec!["*".into()], hir: Some(parse_regex(pattern)?), rest_from: 0 });
        }
        return Err("not an http(s) address pattern".into());
    };
    if let Some(body) = after_scheme.strip_prefix("[^/]+") {
        return Ok(Split { hosts: vec!["*".into()], hir: Some(parse_regex(body)?), rest_from: 0 });
    }
    let (subdomains, body) =
        match ["(?:[a-z0-9-]+\\.)*?", "([a-z0-9-.]*\\.)", "([a-z0-9-\\.])*", ".*?"].iter().find_map(|p| after_scheme.strip_prefix(p)) {
            Some(body) => (true, body),
            None => (false, after_scheme),
        };
    let hir = parse_regex(body)?;
    let toks = tokens(&hir);
    // `(?:yandex(?:\.[a-z]{2,}){1,}|ya\.ru)`: one group of whole hosts.
    if let Some(Tok::Other(h)) = toks.first() {
        if let HirKind::Alternation(branches) = h.kind() {
            let mut hosts = Vec::new();
            for b in branches {
                let bt = tokens(b);
                let (names, used) = host_names(&bt, subdomains)?;
                if used != bt.len() {
                    return Err("a host alternative is more than a host".into());
                }
                hosts.extend(names);
            }
            return Ok(Split { hosts, hir: Some(hir), rest_from: 1 });
        }
    }
    let (hosts, i) = host_names(&toks, subdomains)?;
    Ok(Split { hosts, hir: Some(hir), rest_from: i })
}

/// The hosts that the leading tokens spell, and how many tokens they take.
fn host_names(toks: &[Tok], subdomains: bool) -> Result<(Vec<String>, usize), String> {
    // The host runs up to the first byte that cannot be in one.
    let mut i = 0;
    let mut any_tld = false;
    while i < toks.len() {
        match &toks[i] {
            Tok::Byte(b) if host_byte(*b) => {}
            // `twitter.com`: an unescaped dot between labels means a dot.
            Tok::Other(h) if is_any(h) && i + 1 < toks.len() && matches!(toks[i + 1], Tok::Byte(b) if b.is_ascii_alphanumeric()) => {}
            Tok::Other(h) if is_any_tld(h) => {
                any_tld = true;
                i += 1;
                break;
            }
            Tok::Other(h) if expand(h, MAX_EXPANSION).is_some_and(|e| e.iter().all(|s| s.iter().all(|b| host_byte(*b)))) => {}
            _ => break,
        }
        i += 1;
    }
    let mut names: Vec<Vec<u8>> = vec![Vec::new()];
    for t in &toks[..if any_tld { i - 1 } else { i }] {
        let part = match t {
            Tok::Byte(b) => vec![vec![*b]],
            Tok::Other(h) if is_any(h) => vec![b".".to_vec()],
            Tok::Other(h) => expand(h, MAX_EXPANSION).ok_or("host too varied")?,
        };
        names = product(&names, &part, MAX_EXPANSION).ok_or("too many hosts")?;
    }
    let mut hosts = Vec::new();
    for n in names {
        let name = String::from_utf8_lossy(&n).to_ascii_lowercase();
        if name.is_empty() || name.starts_with('.') || name.ends_with('.') {
            return Err("no host".into());
        }
        let name = if any_tld { format!("{name}.*") } else { name };
        hosts.push(if subdomains { name } else { format!("={name}") });
    }
    Ok((hosts, i))
}

/// A ClearURLs redirection: where it applies and how the target is taken.
/// The common form `…/path.*?(?:url|q)=([^&]+)` becomes a prefix and the
/// parameter names; anything else keeps the regular expression (group 1).
fn redirection(pattern: &str, provider: &Value) -> (Value, Value) {
    let fallback = || (provider.clone(), json!({ "regex": pattern }));
    let Ok(split) = split_host(pattern) else { return fallback() };
    let Some(hir) = split.hir.as_ref() else { return fallback() };
    // `.*url=(…)` names no host: it applies where the provider does.
    let hosts = if split.hosts == ["*"] { strings(&provider["hosts"]) } else { split.hosts.clone() };
    let all = tokens(hir);
    let toks = &all[split.rest_from.min(all.len())..];
    let Some(cap) = toks.iter().position(|t| matches!(t, Tok::Other(h) if matches!(h.kind(), HirKind::Capture(_)))) else {
        return fallback();
    };
    if cap + 1 != toks.len() || !plain_value_capture(&toks[cap]) {
        return fallback();
    }
    let before = &toks[..cap];
    if !matches!(before.last(), Some(Tok::Byte(b'='))) {
        return fallback();
    }
    let mut j = before.len() - 1;
    while j > 0 && matches!(before[j - 1], Tok::Byte(b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        j -= 1;
    }
    let name = literal(&before[j..before.len() - 1]);
    let names: Vec<String> = if !name.is_empty() {
        vec![name]
    } else if j > 0 {
        let Tok::Other(h) = &before[j - 1] else { return fallback() };
        let Some(e) = expand(h, MAX_EXPANSION) else { return fallback() };
        j -= 1;
        e.iter().map(|s| String::from_utf8_lossy(s).into_owned()).collect()
    } else {
        return fallback();
    };
    let mut head = &before[..j];
    // `?name=`, `.*?name=`, `&?name=`: the parameter is found wherever it is in the query.
    while let Some((last, rest)) = head.split_last() {
        let optional = matches!(last, Tok::Other(h) if matches!(h.kind(), HirKind::Repetition(r) if r.min == 0 && r.max == Some(1)));
        if matches!(last, Tok::Byte(b'?') | Tok::Byte(b'&')) || is_any_run(last) || optional {
            head = rest;
        } else {
            break;
        }
    }
    if !head.iter().all(|t| matches!(t, Tok::Byte(_))) {
        return fallback();
    }
    let prefix = literal(head);
    let rest = if prefix.is_empty() || prefix == "/" { Value::Null } else { json!({ "prefix": prefix }) };
    (at(hosts, rest), json!({ "param": names }))
}

/// `([^&]*)`, `([^&]+)`, `(https?[^&]+)`, `(https?%3A%2F%2F[^&]*)`: one whole parameter value.
fn plain_value_capture(t: &Tok) -> bool {
    let Tok::Other(h) = t else { return false };
    let HirKind::Capture(c) = h.kind() else { return false };
    let toks = tokens(&c.sub);
    let Some((last, head)) = toks.split_last() else { return false };
    let not_amp = matches!(last, Tok::Other(h) if matches!(h.kind(), HirKind::Repetition(r) if r.max.is_none() && r.min <= 1
        && matches!(r.sub.kind(), HirKind::Class(c) if class_bytes(c).is_none_or(|b| !b.contains(&b'&') && b.len() > 100))));
    let head_ok = head.iter().all(|t| matches!(t, Tok::Byte(_)) || matches!(t, Tok::Other(h) if expand(h, 4).is_some()));
    not_amp && head_ok
}

/// `\/ref=[^/?]*`: remove path segments that start with `ref=`.
fn path_segment_rule(raw: &str) -> Option<String> {
    let hir = parse_regex(raw).ok()?;
    let toks = tokens(&hir);
    let (last, head) = toks.split_last()?;
    let run = matches!(last, Tok::Other(h) if matches!(h.kind(), HirKind::Repetition(r) if r.min == 0 && r.max.is_none()
        && matches!(r.sub.kind(), HirKind::Class(c) if class_bytes(c).is_none_or(|b| !b.contains(&b'/') && !b.contains(&b'?')))));
    let bytes: Vec<u8> = head.iter().map(|t| if let Tok::Byte(b) = t { Some(*b) } else { None }).collect::<Option<_>>()?;
    let name = bytes.strip_prefix(b"/")?;
    (run && name.ends_with(b"=") && name.len() > 1).then(|| String::from_utf8_lossy(name).to_ascii_lowercase())
}

/// A ClearURLs parameter rule (a regular expression for the whole name,
/// case-insensitive) as exact names and prefixes, or `None` to keep it a regex.
fn param_pattern(rule: &str) -> Option<(Vec<String>, Vec<Value>)> {
    let hir = parse_regex(rule).ok()?;
    let mut names = Vec::new();
    let mut prefixes = Vec::new();
    for alt in alternatives(&hir)? {
        let toks = tokens(&alt);
        // `vn(?:_[a-z]*)+` is `vn_` then any run of `[a-z_]`.
        if let Some((Tok::Other(h), head)) = toks.split_last() {
            if let (true, Some((first, mut class))) = (head.iter().all(|t| matches!(t, Tok::Byte(_))), group_run(h)) {
                let p = format!("{}{}", literal(head), first as char).to_ascii_lowercase();
                class.push(first);
                class.sort();
                class.dedup();
                prefixes.push(json!({ "p": p, "class": String::from_utf8_lossy(&class).to_ascii_lowercase(), "min": 0 }));
                continue;
            }
        }
        match toks.split_last() {
            Some((Tok::Other(h), head)) if head.iter().all(|t| matches!(t, Tok::Byte(_))) && class_run(h).is_some() => {
                let (class, min, max) = class_run(h)?;
                let p: Vec<u8> = head.iter().filter_map(|t| if let Tok::Byte(b) = t { Some(b.to_ascii_lowercase()) } else { None }).collect();
                let mut class: Vec<u8> = class.iter().map(u8::to_ascii_lowercase).collect();
                class.sort();
                class.dedup();
                prefixes.push(json!({ "p": String::from_utf8_lossy(&p), "class": String::from_utf8_lossy(&class), "min": min, "max": max }));
            }
            _ => names.extend(expand(&alt, MAX_EXPANSION)?.into_iter().map(|n| String::from_utf8_lossy(&n).to_ascii_lowercase())),
        }
    }
    Some((names, prefixes))
}

/// `(?:_[a-z]*)+`: one character then a run of a class, repeated; it is that
/// character followed by any run of it and the class.
fn group_run(h: &Hir) -> Option<(u8, Vec<u8>)> {
    let HirKind::Repetition(r) = h.kind() else { return None };
    let (1, None, HirKind::Concat(subs)) = (r.min, r.max, r.sub.kind()) else { return None };
    let [first, run] = subs.as_slice() else { return None };
    let HirKind::Literal(l) = first.kind() else { return None };
    let [first] = *l.0 else { return None };
    let HirKind::Repetition(rr) = run.kind() else { return None };
    let HirKind::Class(c) = rr.sub.kind() else { return None };
    (rr.min == 0 && rr.max.is_none()).then(|| class_bytes(c).map(|b| (first, b))).flatten()
}

/// `[a-z_]*`, `[0-9]{3}`, `.?`: one class repeated, as (bytes, min, max).
fn class_run(h: &Hir) -> Option<(Vec<u8>, u32, Option<u32>)> {
    // `otracker.`: one character of a large class.
    if let HirKind::Class(c) = h.kind() {
        // An empty class is any character.
        let bytes = class_bytes(c).filter(|b| b.len() < 127).unwrap_or_default();
        return (bytes.is_empty() || bytes.len() > MAX_EXPANSION).then_some((bytes, 1, Some(1)));
    }
    let HirKind::Repetition(r) = h.kind() else { return None };
    let HirKind::Class(c) = r.sub.kind() else { return None };
    let bytes = class_bytes(c).filter(|b| b.len() < 127).unwrap_or_default();
    // Expanding small bounded runs is exact too; a run is kept only when that is too large.
    if r.max.is_some() && expand(h, MAX_EXPANSION).is_some() {
        return None;
    }
    Some((bytes, r.min, r.max))
}

/// The pattern as a few alternatives with at most one trailing class run
/// each: `(?:%3F)?utm(?:_[a-z_]*)?` is four of them. `None` if there would be many.
fn alternatives(h: &Hir) -> Option<Vec<Hir>> {
    match h.kind() {
        HirKind::Alternation(subs) => {
            let mut out = Vec::new();
            for s in subs {
                out.extend(alternatives(s)?);
            }
            (out.len() <= MAX_EXPANSION).then_some(out)
        }
        HirKind::Capture(c) => alternatives(&c.sub),
        // `p[fd]_rd_`: a class of a few characters is a few alternatives.
        HirKind::Class(c) if class_bytes(c).is_some_and(|b| b.len() <= 8) => {
            Some(class_bytes(c)?.into_iter().map(|b| Hir::literal(vec![b])).collect())
        }
        HirKind::Repetition(r) if r.min == 0 && r.max == Some(1) => {
            let mut out = vec![Hir::empty()];
            out.extend(alternatives(&r.sub)?);
            Some(out)
        }
        HirKind::Concat(subs) => {
            let mut acc = vec![Hir::empty()];
            for s in subs {
                let parts = alternatives(s)?;
                if acc.len() * parts.len() > MAX_EXPANSION {
                    return None;
                }
                acc = acc.iter().flat_map(|a| parts.iter().map(move |p| Hir::concat(vec![a.clone(), p.clone()]))).collect();
            }
            Some(acc)
        }
        _ => Some(vec![h.clone()]),
    }
}

// ---------------------------------------------------------------- Brave

/// `*://*.example.com/path*` (a WebExtension match pattern) as hosts and a path condition.
fn match_pattern(p: &str) -> Option<(String, Value)> {
    let rest = p.split_once("://")?.1;
    let slash = rest.find('/')?;
    let (host, path) = rest.split_at(slash);
    let host = if host == "*" {
        "*".to_string()
    } else if let Some(domain) = host.strip_prefix("*.") {
        domain.to_ascii_lowercase()
    } else {
        format!("={}", host.to_ascii_lowercase())
    };
    let cond = if path == "/*" {
        Value::Null
    } else if let Some(prefix) = path.strip_suffix('*').filter(|p| !p.contains('*')) {
        json!({ "prefix": prefix })
    } else {
        json!({ "glob": path })
    };
    Some((host, cond))
}

/// Match patterns grouped by their path condition, as `at` values.
fn match_patterns(patterns: &[String]) -> Vec<Value> {
    let mut by_cond: Vec<(Value, Vec<String>)> = Vec::new();
    for p in patterns {
        let Some((host, cond)) = match_pattern(p) else { continue };
        match by_cond.iter_mut().find(|(c, _)| *c == cond) {
            Some((_, hosts)) => hosts.push(host),
            None => by_cond.push((cond, vec![host])),
        }
    }
    by_cond.into_iter().map(|(cond, hosts)| at(hosts, cond)).collect()
}

fn brave_id(list: &str, include: &[String], used: &mut Vec<String>) -> String {
    let first = include.first().and_then(|p| match_pattern(p)).map(|(h, _)| h.trim_start_matches('=').to_string()).unwrap_or_default();
    let mut id = format!("{list}:{first}");
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{list}:{first}#{n}");
        n += 1;
    }
    used.push(id.clone());
    id
}

const BRAVE_SOURCE: &str = "https://github.com/brave/adblock-lists/tree/master/brave-lists";

fn brave_params(t: &mut Table, list: &str, v: &Value) -> Result<(), String> {
    let mut used = Vec::new();
    for e in v.as_array().ok_or(format!("{list}: not a list"))? {
        let include = strings(&e["include"]);
        let id = brave_id(list, &include, &mut used);
        let except = match_patterns(&strings(&e["exclude"]));
        let names: Vec<String> = strings(&e["params"]).iter().map(|p| p.to_ascii_lowercase()).collect();
        for scope in match_patterns(&include) {
            t.groups.push(json!({
                "id": id, "list": list, "site": Value::Null, "at": scope, "except": except, "names": names,
                "reason": "tracking", "source": format!("{BRAVE_SOURCE}/{list}.json").replace("brave-clean-urls", "clean-urls").replace("brave-query-filter", "query-filter"),
            }));
        }
    }
    Ok(())
}

fn brave_debounce(t: &mut Table, v: &Value) -> Result<(), String> {
    let mut used = Vec::new();
    for e in v.as_array().ok_or("brave-debounce: not a list")? {
        let include = strings(&e["include"]);
        let id = brave_id("brave-debounce", &include, &mut used);
        let except = match_patterns(&strings(&e["exclude"]));
        let action = str_of(e, "action");
        let param = str_of(e, "param");
        let take = match action {
            "redirect" | "base64,redirect" => json!({ "param": [param] }),
            "regex-path" => json!({ "path_regex": param }),
            "regex-path-template" => json!({ "path_regex": param }),
            other => {
                t.untranslated.push(json!({ "rule": id, "pattern": other, "why": "unknown debounce action" }));
                continue;
            }
        };
        for scope in match_patterns(&include) {
            t.redirects.push(json!({
                "id": id, "list": "brave-debounce", "site": Value::Null, "at": scope, "except": except, "take": take,
                "base64": action.starts_with("base64"), "scheme": opt_str(e, "prepend_scheme"), "template": opt_str(e, "redirect_url_template"),
                "source": format!("{BRAVE_SOURCE}/debounce.json"),
            }));
        }
    }
    Ok(())
}

fn brave_core(t: &mut Table, v: &Value) -> Result<(), String> {
    // One group for the parameters removed everywhere, each with its own issue.
    let simple: Vec<&Value> = v["simple"].as_array().into_iter().flatten().collect();
    let sources: Map<String, Value> = simple.iter().map(|p| (str_of(p, "param").to_ascii_lowercase(), json!(str_of(p, "issue")))).collect();
    t.groups.push(json!({
        "id": "brave-core:query_filter", "list": "brave-core", "site": Value::Null, "at": at(vec!["*".into()], Value::Null),
        "names": sources.keys().collect::<Vec<_>>(), "sources": sources, "reason": "tracking",
        "source": "https://github.com/brave/brave-core/blob/master/components/query_filter/utils.cc",
    }));
    for p in v["conditional_remove_unless_url_matches"].as_array().into_iter().flatten() {
        let regex = str_of(p, "regex");
        let hir = parse_regex(regex)?;
        // brave-core keeps the parameter when the address matches (case-sensitively) anywhere.
        let unless: Vec<String> = expand(&hir, MAX_EXPANSION)
            .ok_or(format!("brave-core: {regex} is not a finite set"))?
            .iter()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect();
        t.groups.push(json!({
            "id": "brave-core:query_filter_conditional", "list": "brave-core", "site": Value::Null, "at": at(vec!["*".into()], Value::Null),
            "unless": unless, "names": [str_of(p, "param").to_ascii_lowercase()], "reason": "tracking", "source": str_of(p, "issue"),
        }));
    }
    for p in v["scoped"].as_array().into_iter().flatten() {
        t.groups.push(json!({
            "id": "brave-core:query_filter_scoped", "list": "brave-core", "site": Value::Null, "at": at(strings(&p["domains"]), Value::Null),
            "names": [str_of(p, "param").to_ascii_lowercase()], "reason": "tracking", "source": str_of(p, "issue"),
        }));
    }
    for h in v["exempted_hostnames"].as_array().into_iter().flatten() {
        t.exempt.push(json!({ "id": "brave-core:exempted_hostnames", "at": at(vec![str_of(h, "host").to_string()], Value::Null), "source": str_of(h, "issue") }));
    }
    Ok(())
}

// ---------------------------------------------------------------- Firefox

fn firefox(t: &mut Table, v: &Value) -> Result<(), String> {
    for (key, e) in v.as_object().ok_or("firefox: not an object")? {
        let sites: Vec<String> = strings(&e["topLevelSites"]).into_iter().map(|s| if s == "*" { s } else { format!("={s}") }).collect();
        t.groups.push(json!({
            "id": format!("firefox:{key}"), "list": "firefox", "site": Value::Null, "at": at(sites, Value::Null),
            "names": strings(&e["queryParams"]).iter().map(|p| p.to_ascii_lowercase()).collect::<Vec<_>>(), "reason": "tracking",
            "source": "https://searchfox.org/mozilla-central/source/toolkit/components/antitracking/data/StripOnShare.json",
        }));
    }
    Ok(())
}

// ---------------------------------------------------------------- Rust

/// The compiled table as Rust statics (`src/url/table.rs` includes it): no
/// parsing when the program starts, and the indexes are sorted arrays.
pub fn emit_rust(table: &Value) -> String {
    // Expressions compile lazily, so they live in one static array and rules name them by index.
    let mut rx: Vec<(String, bool)> = Vec::new();
    let mut o = String::from("// Generated by build.rs from data/link-lists/ and src/url/silbato.json (src/url/compile.rs).\n");
    let sites: Vec<String> = arr(&table["sites"]).iter().map(|p| format!("({}, {})", lit(p[0].as_str()), lit(p[1].as_str()))).collect();
    o += &format!("pub static SITES: &[(&str, &str)] = &[{}];\n", sites.join(", "));
    let groups = arr(&table["groups"]);
    o += "pub static GROUPS: &[Group] = &[\n";
    for g in &groups {
        let mut names = strings(&g["names"]);
        names.sort();
        names.dedup();
        let mut sources: Vec<(String, String)> =
            g["sources"].as_object().map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect()).unwrap_or_default();
        sources.sort();
        let prefixes: Vec<String> = arr(&g["prefixes"])
            .iter()
            .map(|p| {
                let max = p["max"].as_u64().map_or("None".to_string(), |m| format!("Some({m})"));
                format!(
                    "Prefix {{ p: {}, class: {}, min: {}, max: {max} }}",
                    lit(p["p"].as_str()),
                    lit(p["class"].as_str()),
                    p["min"].as_u64().unwrap_or(0)
                )
            })
            .collect();
        o += &format!(
            "Group {{ id: {}, list: {}, site: {}, at: {}, except: &[{}], unless: {}, names: {}, prefixes: &[{}], regexes: &[{}], segments: {}, values: {}, reason: {}, source: {}, sources: &[{}] }},\n",
            lit(g["id"].as_str()),
            lit(g["list"].as_str()),
            opt(&g["site"]),
            at_rust(&g["at"], &mut rx),
            arr(&g["except"]).iter().map(|a| at_rust(a, &mut rx)).collect::<Vec<_>>().join(", "),
            strs(&g["unless"]),
            slice(&names),
            prefixes.join(", "),
            strings(&g["regexes"]).iter().map(|r| rx_ref(&mut rx, r, true)).collect::<Vec<_>>().join(", "),
            strs(&g["segments"]),
            strs(&g["values"]),
            if g["reason"] == "sharer_id" { "Reason::SharerId" } else { "Reason::Tracking" },
            lit(g["source"].as_str()),
            sources.iter().map(|(k, v)| format!("({}, {})", lit(Some(k)), lit(Some(v)))).collect::<Vec<_>>().join(", "),
        );
    }
    o += "];\n";
    let keep = arr(&table["keep"]);
    o += "pub static KEEP: &[Keep] = &[\n";
    for k in &keep {
        o += &format!(
            "Keep {{ id: {}, site: {}, at: {}, names: {}, names_sharer: {}, why: {}, source: {} }},\n",
            lit(k["id"].as_str()),
            opt(&k["site"]),
            at_rust(&k["at"], &mut rx),
            strs(&k["names"]),
            k["names_sharer"].as_bool().unwrap_or(false),
            lit(k["why"].as_str()),
            lit(k["source"].as_str())
        );
    }
    o += "];\n";
    let exempt = arr(&table["exempt"]);
    o += "pub static EXEMPT: &[Exempt] = &[\n";
    for e in &exempt {
        o += &format!("Exempt {{ id: {}, at: {}, source: {} }},\n", lit(e["id"].as_str()), at_rust(&e["at"], &mut rx), lit(e["source"].as_str()));
    }
    o += "];\n";
    let redirects = arr(&table["redirects"]);
    o += "pub static REDIRECTS: &[Redirect] = &[\n";
    for r in &redirects {
        let take = &r["take"];
        let take = if let Some(p) = take.get("param") {
            format!("Take::Param({})", strs(p))
        } else if let Some(p) = take.get("regex") {
            format!("Take::Regex({})", rx_ref(&mut rx, p.as_str().unwrap_or(""), false))
        } else {
            format!("Take::PathRegex({})", rx_ref(&mut rx, take["path_regex"].as_str().unwrap_or(""), false))
        };
        o += &format!(
            "Redirect {{ id: {}, list: {}, site: {}, at: {}, except: &[{}], take: {take}, template: {}, base64: {}, scheme: {}, source: {} }},\n",
            lit(r["id"].as_str()),
            lit(r["list"].as_str()),
            opt(&r["site"]),
            at_rust(&r["at"], &mut rx),
            arr(&r["except"]).iter().map(|a| at_rust(a, &mut rx)).collect::<Vec<_>>().join(", "),
            opt(&r["template"]),
            r["base64"].as_bool().unwrap_or(false),
            opt(&r["scheme"]),
            lit(r["source"].as_str())
        );
    }
    o += "];\n";
    let short = arr(&table["short_links"]);
    o += "pub static SHORT_LINKS: &[ShortLink] = &[\n";
    for s in &short {
        let how = if s["how"].is_object() {
            format!("Some(How {{ en: {}, es: {} }})", lit(s["how"]["en"].as_str()), lit(s["how"]["es"].as_str()))
        } else {
            "None".into()
        };
        o += &format!(
            "ShortLink {{ id: {}, site: {}, at: {}, how: {how}, source: {} }},\n",
            lit(s["id"].as_str()),
            lit(s["site"].as_str()),
            at_rust(&s["at"], &mut rx),
            lit(s["source"].as_str())
        );
    }
    o += "];\n";
    o += "pub static UNTRANSLATED: &[Untranslated] = &[\n";
    for u in arr(&table["untranslated"]) {
        o += &format!(
            "Untranslated {{ rule: {}, pattern: {}, why: {} }},\n",
            lit(u["rule"].as_str()),
            lit(u["pattern"].as_str()),
            lit(u["why"].as_str())
        );
    }
    o += "];\n";
    // The indexes.
    let hosts = |rules: &[Value]| rules.iter().map(|r| strings(&r["at"]["hosts"])).collect::<Vec<_>>();
    for (name, lists) in [
        ("GROUP_INDEX", hosts(&groups)),
        ("KEEP_INDEX", hosts(&keep)),
        ("EXEMPT_INDEX", hosts(&exempt)),
        ("REDIRECT_INDEX", hosts(&redirects)),
        ("SHORT_LINK_INDEX", hosts(&short)),
    ] {
        o += &format!("pub static {name}: Index = {};\n", index_rust(&lists));
    }
    let mut by_name: std::collections::BTreeMap<String, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        for n in strings(&g["names"]) {
            let v = by_name.entry(n).or_default();
            if v.last() != Some(&i) {
                v.push(i);
            }
        }
    }
    let entries: Vec<String> = by_name.iter().map(|(n, v)| format!("({}, &{v:?})", lit(Some(n)))).collect();
    o += &format!("pub static BY_NAME: &[(&str, &[u16])] = &[{}];\n", entries.join(", "));
    let regexes: Vec<String> = rx.iter().map(|(r, anchored)| format!("LazyRegex::new({}, {anchored})", lit(Some(r)))).collect();
    o += &format!("pub static REGEXES: [LazyRegex; {}] = [{}];\n", regexes.len(), regexes.join(", "));
    o
}

fn rx_ref(rx: &mut Vec<(String, bool)>, pattern: &str, anchored: bool) -> String {
    rx.push((pattern.to_string(), anchored));
    format!("Rx({})", rx.len() - 1)
}

fn arr(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

fn lit(s: Option<&str>) -> String {
    format!("{:?}", s.unwrap_or(""))
}

fn opt(v: &Value) -> String {
    v.as_str().map_or("None".to_string(), |s| format!("Some({s:?})"))
}

fn slice(items: &[String]) -> String {
    format!("&[{}]", items.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", "))
}

fn strs(v: &Value) -> String {
    slice(&strings(v))
}

fn at_rust(a: &Value, rx: &mut Vec<(String, bool)>) -> String {
    let rest = match a.get("rest") {
        Some(r) if r.get("prefix").is_some() => format!("Some(Rest::Prefix({}))", lit(r["prefix"].as_str())),
        Some(r) if r.get("glob").is_some() => format!("Some(Rest::Glob({}))", lit(r["glob"].as_str())),
        Some(r) if r.get("regex").is_some() => format!("Some(Rest::Regex({}))", rx_ref(rx, r["regex"].as_str().unwrap_or(""), false)),
        Some(r) if r.get("segments").is_some() => format!("Some(Rest::Segments({}))", lit(r["segments"].as_str())),
        _ => "None".to_string(),
    };
    format!("At {{ hosts: {}, rest: {rest} }}", strs(&a["hosts"]))
}

/// Hosts to rules, as sorted arrays: by domain (`facebook.com`), by the label
/// before a country domain (`google` for `google.*`), and rules for every site.
fn index_rust(lists: &[Vec<String>]) -> String {
    let mut domains: std::collections::BTreeMap<String, Vec<usize>> = std::collections::BTreeMap::new();
    let mut labels: std::collections::BTreeMap<String, Vec<usize>> = std::collections::BTreeMap::new();
    let mut everywhere = Vec::new();
    for (i, hosts) in lists.iter().enumerate() {
        for h in hosts {
            let h = h.trim_start_matches('=');
            let (map, key) = if h == "*" {
                if everywhere.last() != Some(&i) {
                    everywhere.push(i);
                }
                continue;
            } else if let Some(base) = h.strip_suffix(".*") {
                (&mut labels, base.rsplit('.').next().unwrap_or(base).to_string())
            } else {
                (&mut domains, h.to_string())
            };
            let v = map.entry(key).or_default();
            if v.last() != Some(&i) {
                v.push(i);
            }
        }
    }
    let map = |m: &std::collections::BTreeMap<String, Vec<usize>>| m.iter().map(|(k, v)| format!("({k:?}, &{v:?})")).collect::<Vec<_>>().join(", ");
    format!("Index {{ domains: &[{}], labels: &[{}], everywhere: &{everywhere:?} }}", map(&domains), map(&labels))
}
