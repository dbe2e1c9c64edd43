//! Personal details in what a person is about to post: phone numbers,
//! email addresses (also written as `ana [at] example [dot] com`), street
//! addresses, exact coordinates, immigration case numbers, the person's own
//! "never publish" list, and links that name whoever shared them. Each
//! finding says what it is, where it is (byte offsets into the text) and,
//! for links, the clean replacement.
//!
//! Every scanner is a single forward pass over the text, so checking what a
//! person types can run on each pause in typing.

mod address;
mod coords;
mod email;
mod fold;
mod immigration;
mod phone;

use std::ops::Range;

use serde::Serialize;

use crate::report::Severity;
use crate::reveal::Lang;
use crate::url::{self, LinkReport, Reason, RemovedParam};
pub use fold::{Term, MAX_TERMS, MAX_TERM_LEN};

/// Longest text checked (bytes); the rest is not read. A post is far shorter.
pub const MAX_TEXT: usize = 1 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A link carrying a parameter that names whoever shared it.
    SharerLink,
    /// A per-share short link that hides the sharer behind an opaque code.
    ShareShortLink,
    /// A link carrying only tracking parameters, or a redirect.
    TrackingLink,
    NeverPublish,
    Phone,
    Email,
    StreetAddress,
    Coordinates,
    /// An A-number, a USCIS receipt or card number, an I-94 admission number or a SEVIS id.
    ImmigrationId,
}

/// One thing found in the text. The wire format of `silbato text --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextFinding {
    pub kind: Kind,
    /// Byte offsets into the text (UTF-8); the wasm layer gives UTF-16 offsets.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub severity: Severity,
    pub message: String,
    /// What to put in its place (a cleaned link).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<RemovedParam>,
}

impl TextFinding {
    /// A finding over `text[range]`, with nothing to put in its place.
    fn new(kind: Kind, text: &str, range: Range<usize>, severity: Severity, message: String) -> TextFinding {
        TextFinding {
            kind,
            start: range.start,
            end: range.end,
            text: text[range].to_string(),
            severity,
            message,
            replacement: None,
            removed: Vec::new(),
        }
    }
}

/// What to look for besides the built-in kinds.
#[derive(Clone, Debug, Default)]
pub struct TextOptions {
    pub lang: Lang,
    /// The person's never-publish list, prepared with [`Term::list`].
    pub never_publish: Vec<Term>,
}

/// Everything `text` would reveal, in text order.
pub fn scan(text: &str, options: &TextOptions) -> Vec<TextFinding> {
    let mut end = text.len().min(MAX_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let lang = options.lang;
    let mut out = Vec::new();
    let finding = |kind, range: Range<usize>, severity, message: String| TextFinding::new(kind, text, range, severity, message);

    let links = url::find_links(text);
    for range in &links {
        let report = url::clean_link(&text[range.clone()], lang);
        if let Some(f) = link_finding(text, range.clone(), report, lang) {
            out.push(f);
        }
    }
    let in_link = |r: &Range<usize>| links.iter().any(|l| l.start <= r.start && r.end <= l.end);

    if !options.never_publish.is_empty() {
        let folded = fold::Folded::new(text);
        for (range, t) in fold::find_terms(text, &folded, &options.never_publish) {
            let entry = &options.never_publish[t].entry;
            out.push(finding(Kind::NeverPublish, range, Severity::High, msg_never_publish(entry, lang)));
        }
    }
    // An immigration number is said as that, never also as a phone number or an address.
    let ids = immigration::find(text);
    let in_id = |r: &Range<usize>| ids.iter().any(|(i, _)| i.start < r.end && r.start < i.end);
    for (range, id) in &ids {
        out.push(finding(Kind::ImmigrationId, range.clone(), Severity::High, msg_immigration(*id, lang).to_string()));
    }
    for (range, line) in phone::find(text).into_iter().filter(|(r, _)| !in_link(r) && !in_id(r)) {
        let (severity, message) = match line {
            phone::Line::Personal => (Severity::Medium, msg(Kind::Phone, lang)),
            phone::Line::Hotline => (Severity::Low, msg_hotline(lang)),
        };
        out.push(finding(Kind::Phone, range, severity, message.to_string()));
    }
    for range in email::find(text) {
        out.push(finding(Kind::Email, range, Severity::Medium, msg(Kind::Email, lang).to_string()));
    }
    for range in address::find(text).into_iter().filter(|r| !in_link(r) && !in_id(r)) {
        out.push(finding(Kind::StreetAddress, range, Severity::Medium, msg(Kind::StreetAddress, lang).to_string()));
    }
    // Coordinates inside a map link are reported too: the link points at the place.
    for range in coords::find(text).into_iter().filter(|r| !in_id(r)) {
        out.push(finding(Kind::Coordinates, range, Severity::Medium, msg(Kind::Coordinates, lang).to_string()));
    }
    // A never-publish entry found as a phone or address is said once, as the entry.
    let listed: Vec<Range<usize>> = out.iter().filter(|f| f.kind == Kind::NeverPublish).map(|f| f.start..f.end).collect();
    out.retain(|f| {
        f.kind == Kind::NeverPublish
            || !matches!(f.kind, Kind::Phone | Kind::Email | Kind::StreetAddress | Kind::ImmigrationId)
            || !listed.iter().any(|l| l.start <= f.start && f.end <= l.end)
    });
    out.sort_by_key(|f| (f.start, f.severity, f.end));
    out
}

/// A word as the never-publish list compares it: lower case, no accents.
pub(crate) fn fold_word(word: &str) -> String {
    fold::Folded::new(word).text
}

/// `text` with every link that has a replacement replaced by it.
pub fn clean_links(text: &str, findings: &[TextFinding]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in findings {
        if let Some(r) = &f.replacement {
            if f.start >= at && f.end <= text.len() && text.is_char_boundary(f.start) && text.is_char_boundary(f.end) {
                out.push_str(&text[at..f.start]);
                out.push_str(r);
                at = f.end;
            }
        }
    }
    out.push_str(&text[at..]);
    out
}

fn link_finding(text: &str, range: Range<usize>, report: LinkReport, lang: Lang) -> Option<TextFinding> {
    let (kind, severity, mut message) = if let Some(site) = &report.share_link {
        (Kind::ShareShortLink, Severity::High, report.warnings.first().cloned().unwrap_or_else(|| site.clone()))
    } else if !report.changed() {
        // A gift or friend link keeps the code the page needs, and that code
        // can name the account that made the link: said, never removed.
        let warning = report.warnings.first()?.clone();
        (Kind::SharerLink, Severity::Medium, warning)
    } else if report.names_sharer() {
        (Kind::SharerLink, Severity::High, msg_sharer(&report, lang))
    } else {
        (Kind::TrackingLink, Severity::Low, msg_tracking(&report, lang))
    };
    // What cleaning had to keep is said after what it removes.
    if report.changed() && report.share_link.is_none() {
        for w in &report.warnings {
            message.push(' ');
            message.push_str(w);
        }
    }
    let replacement = report.changed().then(|| report.output.clone());
    Some(TextFinding { replacement, removed: report.removed, ..TextFinding::new(kind, text, range, severity, message) })
}

fn names(removed: &[RemovedParam], reason: Option<Reason>) -> String {
    let mut list: Vec<&str> = removed.iter().filter(|r| reason.is_none_or(|w| r.reason == w)).map(|r| r.param.as_str()).collect();
    list.dedup();
    list.join(", ")
}

fn msg_sharer(report: &LinkReport, lang: Lang) -> String {
    let params = names(&report.removed, Some(Reason::SharerId));
    let site = report.removed.iter().find(|r| r.reason == Reason::SharerId).and_then(|r| r.site.clone());
    match (site, lang) {
        (Some(site), Lang::En) => format!("This link carries “{params}”, which {site} ties to the account that shared it. Cleaning removes only that; the link opens the same page."),
        (Some(site), Lang::Es) => format!("Este enlace lleva «{params}», que {site} asocia a la cuenta que lo compartió. Limpiarlo quita solo eso; el enlace abre la misma página."),
        (None, Lang::En) => format!("This link carries “{params}”, which identifies the person an email was sent to. Cleaning removes only that; the link opens the same page."),
        (None, Lang::Es) => format!("Este enlace lleva «{params}», que identifica a la persona a quien se envió un correo. Limpiarlo quita solo eso; el enlace abre la misma página."),
    }
}

fn msg_tracking(report: &LinkReport, lang: Lang) -> String {
    let params = names(&report.removed, None);
    match (report.unwrapped.first(), lang) {
        (Some(via), Lang::En) => format!("This link goes through a redirect ({via}) that records who clicked. Cleaning links straight to the page."),
        (Some(via), Lang::Es) => {
            format!("Este enlace pasa por una redirección ({via}) que registra quién hace clic. Limpiarlo enlaza directo a la página.")
        }
        (None, Lang::En) => {
            format!("This link carries tracking (“{params}”) that follows whoever opens it. Cleaning removes it; the link opens the same page.")
        }
        (None, Lang::Es) => {
            format!("Este enlace lleva rastreo («{params}») que sigue a quien lo abre. Limpiarlo lo quita; el enlace abre la misma página.")
        }
    }
}

fn msg_never_publish(entry: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("“{entry}” is on your never-publish list."),
        Lang::Es => format!("«{entry}» está en tu lista de lo que nunca publicas."),
    }
}

fn msg_immigration(id: immigration::Id, lang: Lang) -> &'static str {
    use immigration::Id;
    match (id, lang) {
        (Id::ANumber, Lang::En) => {
            "An A-number. It names one person to immigration authorities: ICE finds people by it. \
             Share it privately with the person helping (a lawyer, a family member), not in a public post."
        }
        (Id::ANumber, Lang::Es) => {
            "Un número A. Identifica a una persona ante las autoridades de inmigración: ICE busca a la gente por ese número. \
             Compártelo en privado con quien te está ayudando (un abogado, un familiar), no en una publicación."
        }
        (Id::Receipt, Lang::En) => {
            "A USCIS receipt or card number. It leads to one person's immigration case. \
             Share it privately with the person helping, not in a public post."
        }
        (Id::Receipt, Lang::Es) => {
            "Un número de recibo o de tarjeta de USCIS. Lleva al caso migratorio de una persona. \
             Compártelo en privado con quien te está ayudando, no en una publicación."
        }
        (Id::Admission, Lang::En) => {
            "An I-94 admission number. It identifies one person's entry to the country. \
             Share it privately with the person helping, not in a public post."
        }
        (Id::Admission, Lang::Es) => {
            "Un número de admisión I-94. Identifica la entrada de una persona al país. \
             Compártelo en privado con quien te está ayudando, no en una publicación."
        }
        (Id::Sevis, Lang::En) => {
            "A SEVIS id. It identifies one student to immigration authorities. \
             Share it privately with the person helping, not in a public post."
        }
        (Id::Sevis, Lang::Es) => {
            "Un número SEVIS. Identifica a un estudiante ante las autoridades de inmigración. \
             Compártelo en privado con quien te está ayudando, no en una publicación."
        }
    }
}

fn msg_hotline(lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            "A phone number given as a hotline. If it is an organisation's public line, sharing it is fine; \
             if it is a volunteer's own phone, it leads straight to them."
        }
        Lang::Es => {
            "Un número dado como línea de ayuda. Si es la línea pública de una organización, está bien compartirlo; \
             si es el teléfono de alguien que ayuda, lleva directo a esa persona."
        }
    }
}

fn msg(kind: Kind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (Kind::Phone, Lang::En) => "A phone number. If it is yours, or belongs to someone who did not agree, it leads straight to a person.",
        (Kind::Phone, Lang::Es) => "Un número de teléfono. Si es tuyo, o de alguien que no dio permiso, lleva directo a una persona.",
        (Kind::Email, Lang::En) => "An email address. It can be matched to an account and a name.",
        (Kind::Email, Lang::Es) => "Una dirección de correo. Se puede relacionar con una cuenta y un nombre.",
        (Kind::StreetAddress, Lang::En) => "A street address. If someone lives or works there, it says where to find them.",
        (Kind::StreetAddress, Lang::Es) => "Una dirección. Si alguien vive o trabaja ahí, dice dónde encontrarle.",
        (Kind::Coordinates, Lang::En) => "Exact coordinates. They point to a spot within a few metres.",
        (Kind::Coordinates, Lang::Es) => "Coordenadas exactas. Señalan un punto con pocos metros de margen.",
        (_, Lang::En) => "Something personal.",
        (_, Lang::Es) => "Algo personal.",
    }
}

#[cfg(test)]
mod tests;
