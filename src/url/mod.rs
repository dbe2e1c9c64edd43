//! Share links: remove the query parameters that tie a link to the person
//! who copied it (YouTube `si`, Instagram `igsh`…) or follow whoever opens it
//! (`utm_*`, `fbclid`…), unwrap redirect links whose target is in the address,
//! and warn about per-share short links that only the platform can resolve.
//!
//! What is kept stays byte for byte as written: parameters keep their order
//! and spelling, so a link never breaks (a YouTube `v` and `t`, a search `q`).
//! The rules are data (`rules.json`), each with a reason and a public source.

mod parse;
mod rules;

use std::ops::Range;

use serde::Serialize;

use crate::reveal::Lang;
pub use rules::{Reason, Rules};

/// Redirects inside redirects are unwrapped this many times at most.
const MAX_UNWRAP: usize = 4;

/// One parameter taken out of a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RemovedParam {
    /// The name as written in the link.
    pub param: String,
    pub reason: Reason,
    /// The id of the rule in `rules.json` (which gives its source).
    pub rule: String,
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

/// Clean one link with the embedded rules.
pub fn clean_link(input: &str, lang: Lang) -> LinkReport {
    clean_with(Rules::embedded(), input, lang)
}

pub fn clean_with(rules: &Rules, input: &str, lang: Lang) -> LinkReport {
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

    for _ in 0..MAX_UNWRAP {
        let Some(parts) = parse::split(&current) else { break };
        let Some(rule) = rules.redirect_rule(&parts.host, parts.path) else { break };
        let query = parts.query.unwrap_or("");
        let target = parse::params(query)
            .filter(|p| rule.target_params().iter().any(|t| t.eq_ignore_ascii_case(p.name)))
            .find_map(|p| p.value.map(parse::percent_decode).filter(|v| parse::web_scheme(v).is_some() && parse::split(v).is_some()));
        let Some(target) = target else { break };
        for p in parse::params(query) {
            if !p.raw.is_empty() && !rule.target_params().iter().any(|t| t.eq_ignore_ascii_case(p.name)) {
                report.removed.push(RemovedParam {
                    param: parse::percent_decode(p.name),
                    reason: Reason::Tracking,
                    rule: rule.id.clone(),
                    site: Some(rule.site.clone()),
                });
            }
        }
        report.unwrapped.push(format!("{}{}", parts.host, parts.path));
        current = target;
    }

    let cleaned = if let Some(parts) = parse::split(&current) {
        if let Some(rule) = rules.opaque_rule(&parts.host, parts.path) {
            report.warnings.push(share_link_warning(&rule.site, lang));
            report.share_link = Some(rule.site.clone());
        }
        let mut kept: Vec<&str> = Vec::new();
        let mut removed_here = false;
        let mut cleaned = None;
        for p in parse::params(parts.query.unwrap_or("")) {
            let name = parse::percent_decode(p.name);
            match rules.param_rule(&parts.host, &name) {
                Some(rule) if !p.raw.is_empty() => {
                    removed_here = true;
                    report.removed.push(RemovedParam { param: name, reason: rule.reason, rule: rule.id.clone(), site: rule.site.clone() });
                }
                _ if p.raw.is_empty() => {}
                _ => kept.push(p.raw),
            }
        }
        if removed_here {
            // Rewritten queries lose their empty pairs (`a=1&&b`); untouched ones keep them.
            let mut out = String::with_capacity(current.len());
            out.push_str(parts.head);
            out.push_str(parts.path);
            if !kept.is_empty() {
                out.push('?');
                out.push_str(&kept.join("&"));
            }
            if let Some(f) = parts.fragment {
                out.push('#');
                out.push_str(f);
            }
            cleaned = Some(out);
        }
        cleaned
    } else {
        None
    };
    if let Some(out) = cleaned {
        current = out;
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

fn not_a_link(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "This does not look like a web address; it was left as it is.",
        Lang::Es => "Esto no parece una dirección web; se dejó como estaba.",
    }
}

fn share_link_warning(site: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "This {site} share link hides the post behind a code that {site} ties to the account that made the link, \
             and only {site} can turn it into the plain link. Open it, copy the address from the address bar and share that instead \
             (Silbato cleans it)."
        ),
        Lang::Es => format!(
            "Este enlace para compartir de {site} esconde la publicación tras un código que {site} asocia a la cuenta que creó el enlace, \
             y solo {site} puede convertirlo en el enlace normal. Ábrelo, copia la dirección de la barra del navegador y comparte esa \
             (Silbato la limpia)."
        ),
    }
}

/// Where web addresses are in `text`: `https://…`, `www.…`, and the sites the
/// rules name written without a scheme (`youtu.be/…`). Byte ranges, in order.
pub fn find_links(text: &str) -> Vec<Range<usize>> {
    find_links_with(Rules::embedded(), text)
}

pub fn find_links_with(rules: &Rules, text: &str) -> Vec<Range<usize>> {
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

fn link_in_token(rules: &Rules, text: &str, start: usize, end: usize) -> Option<Range<usize>> {
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
