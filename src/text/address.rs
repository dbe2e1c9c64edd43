//! Street addresses. US forms first: a house number, a street name and a
//! street type (`1234 W Lake St`, `55 Martin Luther King Jr Blvd Apt 4B`,
//! USPS Publication 28 lists the types); then the Spanish forms used across
//! Latin America and Spain (`Calle Ocho 123`, `Av. Juárez #45`, `C/ Mayor, 12`),
//! and Central America's numbered streets (`5a Avenida 12-34, Zona 1` in
//! Guatemala, `25 Avenida Norte #1234` and `Pasaje 3, Casa #12` in El Salvador).
//! Street names must be written as names (capitalised) unless the street
//! type is abbreviated, so that "3 big dogs way too loud" is not an address.
//!
//! A street named without a house number is where something happened, not
//! where someone lives, and is never reported; nor is a number that is a count
//! ("12 agents Lake St"), a year ("In 2020 Lake Street burned"), a route
//! ("Route 5 to Lake St", "Carretera Federal 57"), a corner ("Calle 8 y
//! Avenida 5") or a district ("la 4a Avenida de la Zona 1").

use std::ops::Range;

/// Street types (USPS Publication 28, the common ones) and whether each is an abbreviation.
const US_TYPES: &[(&str, bool)] = &[
    ("street", false),
    ("st", true),
    ("avenue", false),
    ("ave", true),
    ("av", true),
    ("road", false),
    ("rd", true),
    ("boulevard", false),
    ("blvd", true),
    ("drive", false),
    ("dr", true),
    ("lane", false),
    ("ln", true),
    ("way", false),
    ("court", false),
    ("ct", true),
    ("place", false),
    ("pl", true),
    ("terrace", false),
    ("ter", true),
    ("circle", false),
    ("cir", true),
    ("highway", false),
    ("hwy", true),
    ("parkway", false),
    ("pkwy", true),
    ("square", false),
    ("sq", true),
    ("trail", false),
    ("trl", true),
    ("alley", false),
    ("aly", true),
    ("plaza", false),
    ("plz", true),
    ("expressway", false),
    ("expy", true),
    ("freeway", false),
    ("fwy", true),
    ("pike", false),
    ("row", false),
    ("crossing", false),
    ("xing", true),
    ("mall", false),
    ("loop", false),
    ("cove", false),
    ("cv", true),
    ("crescent", false),
    ("cres", true),
    ("turnpike", false),
    ("tpke", true),
    ("causeway", false),
    ("cswy", true),
];

const DIRECTIONS: &[&str] = &["n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"];
const UNITS: &[&str] = &["apt", "apartment", "unit", "suite", "ste", "fl", "floor", "rm", "room", "bldg", "depto", "dpto", "int", "interior"];

const ES_TYPES: &[&str] = &[
    "calle",
    "c/",
    "avenida",
    "av",
    "avda",
    "boulevard",
    "bulevar",
    "blvd",
    "paseo",
    "carrera",
    "cra",
    "carretera",
    "camino",
    "privada",
    "callejón",
    "callejon",
    "calzada",
    "pasaje",
    "diagonal",
    "transversal",
    "cerrada",
    "andador",
    "prolongación",
    "prolongacion",
    "autopista",
];
/// Street types whose number is a route, not a house ("Carretera Federal 57"): a house on one is written with a mark (`#`, `No.`).
const ES_ROUTE_TYPES: &[&str] = &["carretera", "autopista"];
/// The street types of Central America's numbered grids (`5a Avenida`, `12 Calle`, `Diagonal 6`).
const CA_TYPES: &[&str] = &["calle", "avenida", "av", "avda", "ave", "diagonal", "calzada", "pasaje", "boulevard", "bulevar", "blvd"];
/// Directions after a numbered street in El Salvador and Guatemala (`25 Avenida Norte`, `1a Calle Poniente`).
const CA_DIRECTIONS: &[&str] = &["norte", "sur", "oriente", "poniente", "este", "oeste", "nte", "pte", "ote"];
const ES_LINKS: &[&str] = &["de", "del", "la", "las", "los", "el", "y"];
const ES_NUMBER_MARKS: &[&str] = &["#", "no", "no.", "nº", "n°", "núm", "núm.", "num", "num.", "número", "numero", "casa", "lote"];

/// Words that are never part of a street's name: what raid posts count ("12
/// agents Lake St", "3 trucks parked on 5th Ave"), times ("7 pm Lake St"), and
/// the small words between a count and a street ("30 cops on lake st").
const NOT_NAMES: &[&str] = &[
    "at", "on", "in", "near", "by", "to", "from", "with", "and", "or", "off", "into", "onto", "toward", "towards", "past", "along", "across",
    "between", "behind", "outside", "inside", "around", "for", "via", "of", "then", "down", "up", "heading", "parked", "going", "driving", "went",
    "were", "was", "are", "is", "we", "they", "them", "us", "our", "you", "i", "he", "she", "it", "their", "my", "your", "en", "por", "cerca",
    "hacia", "frente", "sobre", "con", "y",
];
/// What a number before or after a street name counts, in English and Spanish ("Avenida Central 7 patrullas").
const COUNTED: &[&str] = &[
    "agents",
    "agent",
    "officers",
    "officer",
    "cops",
    "cop",
    "police",
    "feds",
    "ice",
    "cbp",
    "dhs",
    "hsi",
    "ero",
    "fbi",
    "migra",
    "troopers",
    "soldiers",
    "guards",
    "vans",
    "trucks",
    "truck",
    "cars",
    "car",
    "suvs",
    "suv",
    "vehicles",
    "vehicle",
    "buses",
    "helicopters",
    "patrols",
    "units",
    "people",
    "persons",
    "men",
    "women",
    "kids",
    "children",
    "families",
    "neighbors",
    "neighbours",
    "workers",
    "protesters",
    "volunteers",
    "arrests",
    "raids",
    "minutes",
    "mins",
    "min",
    "hours",
    "hrs",
    "hr",
    "am",
    "pm",
    "a.m",
    "p.m",
    "blocks",
    "miles",
    "days",
    "weeks",
    "years",
    "agentes",
    "patrullas",
    "camionetas",
    "trocas",
    "personas",
    "carros",
    "autos",
    "vehículos",
    "vehiculos",
    "oficiales",
    "policías",
    "policias",
    "militares",
    "soldados",
    "hombres",
    "mujeres",
    "niños",
    "ninos",
    "familias",
    "vecinos",
    "trabajadores",
    "detenidos",
    "unidades",
    "veces",
    "minutos",
    "horas",
    "hs",
    "cuadras",
    "días",
    "dias",
    "años",
    "anos",
];
/// Words before a number that make it a year ("In 2020 Lake Street burned"), when it looks like one.
const YEAR_WORDS: &[&str] = &[
    "in", "since", "by", "until", "till", "before", "after", "during", "from", "of", "year", "en", "desde", "hasta", "del", "año", "antes",
    "después", "despues", "durante", "para",
];
/// Words before a number that make it a route, a line or a count ("Route 5 to Lake St", "about 30 Lake St").
const ROUTE_WORDS: &[&str] = &[
    "route",
    "rte",
    "rt",
    "highway",
    "hwy",
    "interstate",
    "i",
    "us",
    "sr",
    "cr",
    "county",
    "state",
    "exit",
    "bus",
    "line",
    "gate",
    "platform",
    "door",
    "room",
    "unit",
    "flight",
    "train",
    "section",
    "ruta",
    "carretera",
    "autopista",
    "línea",
    "linea",
    "salida",
    "camión",
    "camion",
    "km",
    "kilómetro",
    "kilometro",
    "mile",
    "milla",
    "about",
    "around",
    "approximately",
    "approx",
    "nearly",
    "almost",
    "over",
    "some",
    "least",
    "unos",
    "unas",
    "casi",
    "aproximadamente",
    "más",
    "mas",
    "las",
    "los",
];
/// Lower-case words a capitalised street name may hold ("3107 de la Bloomington Ave").
const PARTICLES: &[&str] = &["de", "del", "la", "las", "los", "el", "van", "von", "der", "den", "du", "da", "di", "le"];

/// A word of the text: its byte range and its text without surrounding punctuation.
struct Word<'a> {
    range: Range<usize>,
    bare: &'a str,
    /// The word ended with a comma or a full stop (a break in a name).
    ends_clause: bool,
    /// Punctuation after the word (`.` after `Av`).
    tail: &'a str,
}

fn words(text: &str, most: usize) -> Vec<Word<'_>> {
    let mut out = Vec::with_capacity(most);
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (start, c.is_whitespace()) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                let raw = &text[s..i];
                let lead = raw.len() - raw.trim_start_matches(['(', '"', '“', '¿', '¡', '\'']).len();
                let trimmed = raw[lead..].trim_end_matches([',', '.', ';', ':', ')', '"', '”', '!', '?', '\'']);
                let bare_end = s + lead + trimmed.len();
                let tail = &text[bare_end..i];
                out.push(Word { range: s + lead..bare_end, bare: trimmed, ends_clause: tail.contains([',', ';', ':', '!', '?', '.']), tail });
                start = None;
                if out.len() == most {
                    break;
                }
            }
            _ => {}
        }
    }
    out
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn ordinal(w: &str) -> bool {
    let lower = w.to_ascii_lowercase();
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(&lower[digits.len()..], "st" | "nd" | "rd" | "th" | "a" | "o" | "ª" | "º")
}

fn house_number(w: &str) -> bool {
    let digits = w.chars().take_while(char::is_ascii_digit).count();
    let rest = &w[digits..];
    (1..=6).contains(&digits)
        && (rest.is_empty()
            || rest.len() == 1 && rest.chars().all(|c| c.is_ascii_alphabetic())
            || rest.starts_with('-') && rest[1..].chars().all(|c| c.is_ascii_digit()) && rest.len() <= 6)
}

fn name_word(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | '.' | '’'))
}

/// A number that reads as a year (1900 to 2099).
fn year(w: &str) -> bool {
    w.len() == 4 && w.parse::<u16>().is_ok_and(|y| (1900..=2099).contains(&y))
}

fn lower_bare(w: &Word) -> String {
    w.bare.to_lowercase().trim_end_matches('.').to_string()
}

fn counted(w: &Word) -> bool {
    COUNTED.contains(&lower_bare(w).as_str())
}

/// A numbered street of Central America: `5a`, `6a.`, `1ra`, `12`, `25`.
fn street_ordinal(w: &str) -> bool {
    let digits = w.chars().take_while(char::is_ascii_digit).count();
    let suffix = w[digits..].to_lowercase();
    (1..=2).contains(&digits)
        && ["", "a", "o", "ª", "º", "ra", "da", "ta", "va", "na", "ma", "era", "ro", "do", "to", "vo", "no", "mo"].contains(&suffix.as_str())
}

/// Guatemala's `12-34` (cross street and house), or any house number, after an optional `#`.
fn ca_number(w: &str) -> bool {
    house_number(w.trim_start_matches('#'))
}

/// `, Zona 1` after a Guatemalan address: its end and the next word to look at.
fn zone_after(words: &[Word], n: usize) -> Option<(usize, usize)> {
    let zone = words.get(n + 1)?;
    let number = words.get(n + 2)?;
    let lower = lower_bare(zone);
    let is_zone = (lower == "zona" || lower == "z") && !zone.tail.contains(',');
    let digits = !number.bare.is_empty() && number.bare.len() <= 2 && number.bare.chars().all(|c| c.is_ascii_digit());
    (is_zone && digits).then_some((number.range.end, n + 3))
}

/// Most words an address spans, from its number or street type to its unit.
const MAX_WORDS: usize = 10;

pub(crate) fn find(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    // Only words that can start an address (a digit, or a letter a street type
    // starts with) are looked at closely; the rest of the text is one byte scan.
    while i < b.len() {
        let word_start = i == 0 || b[i - 1].is_ascii_whitespace() || matches!(b[i - 1], b'(' | b'"');
        if word_start && (b[i].is_ascii_digit() || starts_street_type(&b[i..])) && out.last().is_none_or(|r| r.end <= i) {
            let ahead = words(&text[i..], MAX_WORDS);
            let found = if b[i].is_ascii_digit() { us_at(&ahead, 0, &word_before(text, i)).or_else(|| ca_at(&ahead, 0)) } else { es_at(&ahead, 0) };
            if let Some((range, _)) = found {
                out.push(i + range.start..i + range.end);
                i += range.end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The word before `at`, lower case and without punctuation ("route" before "5 to Lake St").
fn word_before(text: &str, at: usize) -> String {
    let before = text[..at].trim_end();
    let start = before.char_indices().rev().take(20).take_while(|(_, c)| !c.is_whitespace()).last().map_or(before.len(), |(i, _)| i);
    before[start..].trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

/// Whether `b` starts with a Spanish street type followed by the end of the word.
fn starts_street_type(b: &[u8]) -> bool {
    let Some(first) = b.first().map(u8::to_ascii_lowercase) else { return false };
    if !b"cabpdt".contains(&first) {
        return false;
    }
    ES_TYPES.iter().any(|t| {
        let t = t.as_bytes();
        t[0] == first && b.len() > t.len() && b[..t.len()].eq_ignore_ascii_case(t) && matches!(b[t.len()], b' ' | b'.' | b'\t' | b'\n' | b',' | 0xC2)
            || t == b"c/" && b.len() >= 2 && b[..2].eq_ignore_ascii_case(t)
    })
}

/// `1234 W Lake St Apt 4B` starting at word `i`, `before` being the word
/// before it: the range and the next word to look at.
fn us_at(words: &[Word], i: usize, before: &str) -> Option<(Range<usize>, usize)> {
    let number = &words[i];
    if !house_number(number.bare) || number.ends_clause {
        return None;
    }
    if ROUTE_WORDS.contains(&before) || year(number.bare) && YEAR_WORDS.contains(&before) {
        return None;
    }
    let mut j = i + 1;
    let mut names = 0;
    let mut all_capitalised = true;
    let mut some_capitalised = false;
    // "11 de la plaza" has particles and a type but no name.
    let mut named = false;
    while j < words.len() && j <= i + 6 {
        let w = &words[j];
        let lower = w.bare.to_lowercase();
        let lower = lower.trim_end_matches('.');
        if names > 0 || DIRECTIONS.contains(&lower) || ordinal(w.bare) {
            if let Some(&(_, abbreviated)) = US_TYPES.iter().find(|(t, _)| *t == lower) {
                if named && (all_capitalised || abbreviated) {
                    // A type may be part of the name: `Nicollet Mall Way`.
                    let us_type = |t: &Word| US_TYPES.iter().any(|(u, _)| *u == lower_bare(t)) && capitalised(t.bare);
                    let (j, w) = match words.get(j + 1) {
                        Some(t) if !w.ends_clause && capitalised(w.bare) && us_type(t) => (j + 1, t),
                        _ => (j, w),
                    };
                    let mut end = w.range.end;
                    let mut next = j + 1;
                    if !w.ends_clause
                        || words.get(j + 1).is_some_and(|u| UNITS.contains(&u.bare.to_lowercase().trim_end_matches('.')) || u.bare.starts_with('#'))
                    {
                        // A direction after the type (`St NW`), then a unit (`Apt 4B`, `#4`).
                        if let Some(d) =
                            words.get(next).filter(|d| !w.ends_clause && DIRECTIONS.contains(&d.bare.to_lowercase().as_str()) && d.bare.len() <= 2)
                        {
                            end = d.range.end;
                            next += 1;
                        }
                        if let Some(u) = words.get(next) {
                            let unit = u.bare.to_lowercase();
                            if u.bare.starts_with('#') && u.bare.len() > 1 {
                                end = u.range.end;
                                next += 1;
                            } else if UNITS.contains(&unit.trim_end_matches('.')) {
                                if let Some(n) = words.get(next + 1).filter(|n| n.bare.chars().any(|c| c.is_ascii_digit()) && n.bare.len() <= 6) {
                                    end = n.range.end;
                                    next += 2;
                                }
                            }
                        }
                    }
                    return Some((number.range.start..end, next));
                }
            }
        }
        let is_name = name_word(w.bare) || ordinal(w.bare) || DIRECTIONS.contains(&lower);
        if !is_name || NOT_NAMES.contains(&lower) || COUNTED.contains(&lower) {
            return None;
        }
        // Directions, ordinals and particles are written either way; the name itself is all
        // capitalised or all in lower case ("12 oak st"), never both ("12 agents Lake St").
        if !(DIRECTIONS.contains(&lower) || ordinal(w.bare) || PARTICLES.contains(&lower)) {
            if capitalised(w.bare) {
                some_capitalised = true;
            } else {
                all_capitalised = false;
            }
            if some_capitalised && !all_capitalised {
                return None;
            }
        }
        named |= !PARTICLES.contains(&lower);
        names += 1;
        if w.ends_clause {
            return None;
        }
        j += 1;
    }
    None
}

/// `Calle Ocho 123`, `Av. Juárez #45`, `C/ Mayor, 12`, `Avenida Reforma 8-60, Zona 9`,
/// `Pasaje 3, Casa #12` starting at word `i`.
fn es_at(words: &[Word], i: usize) -> Option<(Range<usize>, usize)> {
    let first = &words[i];
    // Most words are not a street type: rule them out before lowercasing.
    if first.bare.len() > 14 || !first.bare.starts_with(['C', 'c', 'A', 'a', 'B', 'b', 'P', 'p', 'D', 'd', 'T', 't']) {
        return None;
    }
    let kind = first.bare.to_lowercase();
    let kind = kind.trim_end_matches('.');
    if !ES_TYPES.contains(&kind) || !(first.tail.is_empty() || first.tail == ".") {
        return None;
    }
    let route = ES_ROUTE_TYPES.contains(&kind);
    let mut j = i + 1;
    let mut names = 0;
    // A capitalised word or a number among the names: "Avenida y 12" names nothing.
    let mut named = false;
    while j < words.len() && j <= i + 6 {
        let w = &words[j];
        let lower = w.bare.to_lowercase();
        let marked = ES_NUMBER_MARKS.contains(&lower.as_str()) || w.bare.starts_with('#');
        if names > 0 && (marked || !route && house_number(w.bare)) {
            if !named {
                return None;
            }
            let n = if !route && house_number(w.bare) || w.bare.strip_prefix('#').is_some_and(house_number) {
                j
            } else {
                words.get(j + 1).filter(|n| house_number(n.bare.trim_start_matches('#'))).map(|_| j + 1)?
            };
            // A count or a time after the number ("Avenida Central 7 patrullas"), a street type (a corner:
            // "Avenida Central y la 14 Calle"), or a year after a comma ("En la Avenida Central, 2020 fue…")
            // make it no house number.
            if words.get(n + 1).is_some_and(|a| counted(a) || ES_TYPES.contains(&lower_bare(a).as_str()))
                || words[n - 1].ends_clause && year(words[n].bare)
            {
                return None;
            }
            let (end, next) = zone_after(words, n).unwrap_or((words[n].range.end, n + 1));
            return Some((first.range.start..end, next));
        }
        let is_name = (name_word(w.bare) || ordinal(w.bare) || w.bare.chars().all(|c| c.is_ascii_digit()) && names == 0)
            && (capitalised(w.bare) || ES_LINKS.contains(&lower.as_str()));
        if !is_name {
            return None;
        }
        // Another street type or a zone among the names: a corner ("Calle 8 y Avenida 5") or a district
        // ("Avenida de la Zona 1"), not a house.
        if names > 0 && (ES_TYPES.contains(&lower.trim_end_matches('.')) || lower == "zona") {
            return None;
        }
        named |= !ES_LINKS.contains(&lower.as_str());
        // A comma may sit between the name and the number, nowhere else.
        if w.ends_clause
            && !words
                .get(j + 1)
                .is_some_and(|n| house_number(n.bare.trim_start_matches('#')) || ES_NUMBER_MARKS.contains(&n.bare.to_lowercase().as_str()))
        {
            return None;
        }
        names += 1;
        j += 1;
    }
    None
}

/// `5a Avenida 12-34, Zona 1`, `6a. Calle 5-67 Zona 10`, `25 Avenida Norte #1234`,
/// `1a Calle Poniente #3715` starting at word `i`: a numbered street, a house.
fn ca_at(words: &[Word], i: usize) -> Option<(Range<usize>, usize)> {
    let first = &words[i];
    if !street_ordinal(first.bare) || !(first.tail.is_empty() || first.tail == ".") {
        return None;
    }
    let kind = words.get(i + 1)?;
    if !CA_TYPES.contains(&lower_bare(kind).as_str()) || !capitalised(kind.bare) && !first.bare.ends_with(char::is_alphabetic) {
        return None;
    }
    let mut j = i + 2;
    let mut previous = kind;
    while let Some(d) = words.get(j).filter(|d| j < i + 4 && !previous.ends_clause && CA_DIRECTIONS.contains(&lower_bare(d).as_str())) {
        previous = d;
        j += 1;
    }
    // Only a comma, or the full stop of an abbreviation ("4a Av. 15-70"), may sit before the number.
    if previous.ends_clause && !previous.tail.starts_with(',') && !(previous.tail == "." && previous.bare.len() <= 4) {
        return None;
    }
    let w = words.get(j)?;
    let n = if ES_NUMBER_MARKS.contains(&w.bare.to_lowercase().as_str()) && !w.bare.starts_with('#') {
        words.get(j + 1).filter(|n| ca_number(n.bare)).map(|_| j + 1)?
    } else if ca_number(w.bare) {
        j
    } else {
        return None;
    };
    if words.get(n + 1).is_some_and(|a| counted(a) || ES_TYPES.contains(&lower_bare(a).as_str())) {
        return None;
    }
    let (end, next) = zone_after(words, n).unwrap_or((words[n].range.end, n + 1));
    Some((first.range.start..end, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addresses(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_us_addresses() {
        for (text, want) in [
            ("They were at 1234 W Lake St this morning", "1234 W Lake St"),
            ("1234 West Lake Street, Minneapolis", "1234 West Lake Street"),
            ("55 Martin Luther King Jr Blvd Apt 4B.", "55 Martin Luther King Jr Blvd Apt 4B"),
            ("send it to 221B Baker St #4 please", "221B Baker St #4"),
            ("at 3400 E 26th St.", "3400 E 26th St"),
            ("i live at 12 oak st", "12 oak st"),
            ("2100 Pennsylvania Avenue NW", "2100 Pennsylvania Avenue NW"),
            ("meet at 500 Nicollet Mall Way", "500 Nicollet Mall Way"),
        ] {
            assert_eq!(addresses(text), [want], "{text}");
        }
    }

    #[test]
    fn finds_spanish_addresses() {
        for (text, want) in [
            ("Estaban en Calle Ocho 123, Miami", "Calle Ocho 123"),
            ("en la Av. Juárez #45 hoy", "Av. Juárez #45"),
            ("Calle de la Paz No. 12", "Calle de la Paz No. 12"),
            ("C/ Mayor, 12, Madrid", "C/ Mayor, 12"),
            ("Avenida Reforma 222", "Avenida Reforma 222"),
            ("Carrera 7 #45-12", "Carrera 7 #45-12"),
        ] {
            assert_eq!(addresses(text), [want], "{text}");
        }
    }

    #[test]
    fn leaves_ordinary_sentences_alone() {
        for text in [
            "I have 3 big dogs way too loud",
            "I drive 2 hours drive every day",
            "la calle estaba llena 3 veces",
            "we were 200 people on the street",
            "Page 12 of the report, Street view",
            "1234",
            "Calle",
            "Calle Mayor",
            "in 2026, Main Street was closed",
        ] {
            assert!(addresses(text).is_empty(), "{text}: {:?}", addresses(text));
        }
    }

    #[test]
    fn finds_central_american_addresses() {
        for (text, want) in [
            ("Están tocando en 5a Avenida 12-34, Zona 1, la casa verde.", "5a Avenida 12-34, Zona 1"),
            ("Mi mamá vive en la 6a. Calle 5-67 Zona 10, vengan", "6a. Calle 5-67 Zona 10"),
            ("Vivimos en 12 Calle 1-25, Zona 10, edificio azul.", "12 Calle 1-25, Zona 10"),
            ("Vivo en 4a Av. 15-70 Zona 10, apartamento 5.", "4a Av. 15-70 Zona 10"),
            ("Dirección: 25 Avenida Norte #1234, San Salvador.", "25 Avenida Norte #1234"),
            ("La casa de mi prima: 1a Calle Poniente #3715, Colonia Flor Blanca.", "1a Calle Poniente #3715"),
            ("en la 3ra Avenida Sur Oriente No. 5 hay agentes", "3ra Avenida Sur Oriente No. 5"),
            ("7a Avenida 3-45, Z. 2", "7a Avenida 3-45, Z. 2"),
            ("Avenida Reforma 8-60, Zona 9: ahí trabaja", "Avenida Reforma 8-60, Zona 9"),
            ("Colonia Escalón, Pasaje 3, Casa #12: ahí", "Pasaje 3, Casa #12"),
            ("Residencial Los Álamos, Pasaje 4, Casa 15.", "Pasaje 4, Casa 15"),
            ("Están en Calle Arce #1234, frente a la farmacia.", "Calle Arce #1234"),
            ("Av. Masferrer Norte #123, San Salvador", "Av. Masferrer Norte #123"),
            ("Están afuera de Calle 5 de Mayo #214, Colonia Centro.", "Calle 5 de Mayo #214"),
            // A house on a highway is written with a mark.
            ("Carretera Nacional #500, Monterrey", "Carretera Nacional #500"),
        ] {
            assert_eq!(addresses(text), [want], "{text}");
        }
    }

    #[test]
    fn finds_us_addresses_among_counts_and_small_words() {
        for (text, want) in [
            ("12 agents at 2700 Lake St, the laundromat", "2700 Lake St"),
            ("Agarraron a mi papá en el 3107 de la Bloomington Ave S, su", "3107 de la Bloomington Ave S"),
            ("they r at 1519 e franklin ave right now", "1519 e franklin ave"),
            ("They're outside 1200 Nicollet Mall Apt 1402 right now", "1200 Nicollet Mall Apt 1402"),
            ("he lives on 3127 17th Ave S, the gray duplex", "3127 17th Ave S"),
            ("since 9am at 2020 Lake Street", "2020 Lake Street"),
        ] {
            assert_eq!(addresses(text), [want], "{text}");
        }
    }

    #[test]
    fn a_count_before_a_street_is_not_a_house_number() {
        for text in [
            "12 agents Lake St, 2 vans, heading west.",
            "about 30 cops on lake st and 28th ave rn",
            "3 trucks parked on 5th Ave near the school",
            "Migra in 2 cars at 7 pm Lake St, watch out",
            "5 ICE agents Lake Street and Cedar",
            "Section 8 housing office on 3rd St was visited",
            "Marcha del 1 de mayo: salimos a las 11 de la plaza",
            "En la Avenida Central 7 patrullas y 2 camionetas, eviten pasar.",
            "la Calle Ocho 3 agentes",
        ] {
            assert!(addresses(text).is_empty(), "{text}: {:?}", addresses(text));
        }
    }

    #[test]
    fn a_year_before_a_street_is_not_a_house_number() {
        for text in [
            "In 2020 Lake Street burned.",
            "From 2018 Lake Street has been a sanctuary corridor.",
            "Since 2019 Lake St has had raids",
            "En la Avenida Central, 2020 fue el peor año de redadas",
            "desde 2019 Calle Ocho",
        ] {
            assert!(addresses(text).is_empty(), "{text}: {:?}", addresses(text));
        }
    }

    #[test]
    fn a_route_number_is_not_a_house_number() {
        for text in [
            "Route 5 to Lake St is blocked",
            "Take Route 62 to Portland Ave and park",
            "Highway 61 and Lake St: 8 vehicles",
            "Agents on Hwy 55 and Hiawatha Ave",
            "La Carretera Federal 57 está cerrada a la altura del km 120",
            "Hay retén en la Carretera 57 km 12",
            "Ruta 5 hacia la Calle Ocho cerrada",
            "El camión de la línea 21 Calle Real",
        ] {
            assert!(addresses(text).is_empty(), "{text}: {:?}", addresses(text));
        }
    }

    #[test]
    fn a_corner_or_a_district_is_not_an_address() {
        for text in [
            "en la 5a Avenida y 12 Calle, Zona 1.",
            "Unos 200 vecinos en la Calle 8 y Avenida 5 gritando",
            "Cuidado en la 4a Avenida de la Zona 1, pasan patrullas",
            "Avisen: en la 12 Calle de la Zona 1 están pidiendo papeles",
            "Ya van 3 redadas en la Avenida Central y la 14 Calle.",
            "El operativo empezó en la 5a Avenida Sur a las 5 de la mañana",
            "Operativo en la Zona 18, más de 30 agentes",
            "5a Avenida, Zona 1",
            "la 5a Avenida 3 patrullas",
            "Avenida y 12",
        ] {
            assert!(addresses(text).is_empty(), "{text}: {:?}", addresses(text));
        }
    }

    #[test]
    fn cut_short_anywhere_is_no_panic() {
        let text = "5a Avenida 12-34, Zona 1 · 3107 de la Bloomington Ave S Apt 4 · Pasaje 3, Casa #12 ñ";
        for (i, _) in text.char_indices() {
            let _ = find(&text[..i]);
            let _ = find(&text[i..]);
        }
    }
}
