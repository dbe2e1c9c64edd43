//! Exact coordinates: decimal pairs (`44.9778, -93.2650`, `44.9778° N,
//! 93.2650° W`, a map link's `@44.9778,-93.265`), labelled pairs (`lat
//! 44.9483 lon -93.2468`, `latitud 14.6349, longitud -90.5069`, `&lng=`) and
//! degrees, minutes and seconds (`44°58'40"N 93°15'54"W`), with Spanish's `O`
//! (*oeste*) for west (`14°38'04"N 90°30'47"O`). Three decimals place a point
//! within about 100 m; fewer is a neighbourhood and is not reported.

use std::ops::Range;

pub(crate) fn find(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let starts_number = b[i].is_ascii_digit() || matches!(b[i], b'-' | b'+' | b'N' | b'S' | b'n' | b's') && i + 1 < b.len();
        let boundary = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.' || b[i - 1] == b'_');
        if starts_number && boundary {
            if let Some(end) = pair_at(text, i) {
                out.push(i..end);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// One coordinate: its value in degrees, whether it was written precisely, and where it ends.
struct Coord {
    value: f64,
    precise: bool,
    /// N, S, E or W (or O, oeste) if written.
    hemisphere: Option<u8>,
    marked: bool,
    end: usize,
}

fn pair_at(text: &str, start: usize) -> Option<usize> {
    let first = coord_at(text, start, b"NSns")?;
    let mut i = first.end;
    let b = text.as_bytes();
    // Separator: a comma, semicolon or slash, spaces or a line break, then the longitude's label if the
    // pair is labelled ("lat 44.9483 lon -93.2468", "Latitude: 44.9, Longitude: -93.2", "&lng=").
    let sep_start = i;
    i = spaces(b, i);
    if i < b.len() && matches!(b[i], b',' | b';' | b'/' | b'&') {
        i = spaces(b, i + 1);
    }
    let labelled = match longitude_label(b, i) {
        Some(end) => {
            i = spaces(b, end);
            true
        }
        None if b.get(i.wrapping_sub(1)) == Some(&b'&') => return None,
        None => false,
    };
    if i == sep_start || i >= b.len() {
        return None;
    }
    let second = coord_at(text, i, b"EWewO")?;
    let after = text[second.end..].chars().next();
    if after.is_some_and(|c| c.is_alphanumeric())
        || text[second.end..].starts_with('.') && text[second.end + 1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let lat = first.value * if matches!(first.hemisphere, Some(b'S' | b's')) { -1.0 } else { 1.0 };
    let lon = second.value * if matches!(second.hemisphere, Some(b'W' | b'w' | b'O' | b'o')) { -1.0 } else { 1.0 };
    let sure = first.precise && second.precise || (first.marked || second.marked || labelled) && (first.precise || second.precise);
    (sure && lat.abs() <= 90.0 && lon.abs() <= 180.0 && !(lat == 0.0 && lon == 0.0)).then_some(second.end)
}

/// Spaces, tabs and a line break at most: what may sit between two coordinates.
fn spaces(b: &[u8], mut i: usize) -> usize {
    let start = i;
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') && i - start < 8 {
        i += 1;
    }
    i
}

/// Where a longitude's label at `i` ends (`lon`, `lng`, `long.`, `Longitude:`, `longitud`, `lng=`), with its `:` or `=`.
fn longitude_label(b: &[u8], i: usize) -> Option<usize> {
    let rest = b.get(i..)?;
    let label = ["longitude", "longitud", "long", "lng", "lon"]
        .iter()
        .find(|l| rest.len() > l.len() && rest[..l.len()].eq_ignore_ascii_case(l.as_bytes()) && !rest[l.len()].is_ascii_alphabetic())?;
    let mut j = i + label.len();
    if b.get(j) == Some(&b'.') {
        j += 1;
    }
    while b.get(j) == Some(&b' ') && j < i + label.len() + 3 {
        j += 1;
    }
    if matches!(b.get(j), Some(b':' | b'=')) {
        j += 1;
    }
    Some(j)
}

fn coord_at(text: &str, start: usize, hemispheres: &[u8]) -> Option<Coord> {
    let b = text.as_bytes();
    let mut i = start;
    let mut hemisphere = None;
    if i < b.len() && hemispheres.contains(&b[i]) {
        hemisphere = Some(b[i]);
        i += 1;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
    }
    let negative = i < b.len() && b[i] == b'-';
    if i < b.len() && matches!(b[i], b'-' | b'+') {
        i += 1;
    }
    let (degrees, decimals, mut i) = number(b, i)?;
    if degrees > 180.0 {
        return None;
    }
    let mut value = degrees;
    let mut precise = decimals >= 3;
    let mut marked = false;
    if text[i..].starts_with('°') || text[i..].starts_with('º') {
        i += 2;
        marked = true;
        // Minutes and seconds: 44°58'40.1", also spaced: 14° 38' 4" N
        let save = i;
        if let Some((minutes, minute_decimals, j)) = number(b, space(b, i)).filter(|(m, _, _)| *m < 60.0) {
            if let Some(k) = ["'", "′", "’"].iter().find_map(|m| text[j..].starts_with(m).then(|| j + m.len())) {
                value += minutes / 60.0;
                i = k;
                // A minute is about 1.8 km; a decimal of one or seconds make it exact.
                precise = minute_decimals >= 1;
                if let Some((seconds, _, j)) = number(b, space(b, i)).filter(|(s, _, _)| *s < 60.0) {
                    if let Some(k) = ["\"", "″", "''", "”"].iter().find_map(|m| text[j..].starts_with(m).then(|| j + m.len())) {
                        value += seconds / 3600.0;
                        i = k;
                        precise = true;
                    }
                }
            } else {
                i = save;
            }
        }
    }
    if hemisphere.is_none() {
        let j = space(b, i);
        // After a degree sign a whole word may say it (`14.63° Norte`), and a lower-case `o` is oeste, not "or".
        let letters: &[u8] = if marked { b"NSEWOnsewo" } else { b"NSEWOnsew" };
        if j < b.len() && letters.contains(&b[j]) && !b.get(j + 1).is_some_and(u8::is_ascii_alphanumeric) {
            hemisphere = Some(b[j]);
            marked = true;
            i = j + 1;
        } else if marked {
            for (word, h) in
                [("norte", b'N'), ("north", b'N'), ("sur", b'S'), ("south", b'S'), ("este", b'E'), ("east", b'E'), ("oeste", b'O'), ("west", b'W')]
            {
                let end = j + word.len();
                if b.get(j..end).is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes())) && !b.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                    hemisphere = Some(h);
                    i = end;
                    break;
                }
            }
        }
    } else {
        marked = true;
    }
    if negative && hemisphere.is_some() {
        return None;
    }
    Some(Coord { value: if negative { -value } else { value }, precise, hemisphere, marked, end: i })
}

/// One space at `i`, if there is one.
fn space(b: &[u8], i: usize) -> usize {
    if b.get(i) == Some(&b' ') {
        i + 1
    } else {
        i
    }
}

/// A decimal number at `i`: its value, how many decimals, and where it ends.
fn number(b: &[u8], mut i: usize) -> Option<(f64, usize, usize)> {
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() && i - start < 4 {
        i += 1;
    }
    if i == start || i - start > 3 {
        return None;
    }
    let mut decimals = 0;
    if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            decimals += 1;
        }
    }
    if decimals > 12 {
        return None;
    }
    let s = std::str::from_utf8(&b[start..i]).ok()?;
    Some((s.parse().ok()?, decimals, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coords(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_decimal_pairs() {
        for (text, want) in [
            ("meet at 44.9778, -93.2650 now", "44.9778, -93.2650"),
            ("44.9778,-93.2650", "44.9778,-93.2650"),
            ("(44.97781 -93.26502)", "44.97781 -93.26502"),
            ("44.9778° N, 93.2650° W", "44.9778° N, 93.2650° W"),
            ("N 44.9778, W 93.2650", "N 44.9778, W 93.2650"),
            ("https://maps.example/@44.9778,-93.2650,17z", "44.9778,-93.2650"),
            ("-33.8688, 151.2093", "-33.8688, 151.2093"),
        ] {
            assert_eq!(coords(text), [want], "{text}");
        }
    }

    #[test]
    fn finds_degrees_minutes_seconds() {
        assert_eq!(coords(r#"at 44°58'40"N 93°15'54"W."#), [r#"44°58'40"N 93°15'54"W"#]);
        assert_eq!(coords("44°58′40.2″N, 93°15′54″W"), ["44°58′40.2″N, 93°15′54″W"]);
    }

    #[test]
    fn leaves_other_numbers_alone() {
        for text in [
            "44.9, -93.2",
            "prices 12.50, 13.75",
            "version 1.2.3, 4.5.6",
            "1.2345, 2.3456.7",
            "200.1234, 10.5678",
            "44.9778, -193.2650",
            "95.1234, 93.2650",
            "0.000, 0.000",
            "ratio 3.14159 2.71828x",
            "12:30, 44.5",
            "",
            "-",
            "N",
            "°°°",
        ] {
            assert!(coords(text).is_empty(), "{text}: {:?}", coords(text));
        }
    }

    #[test]
    fn finds_oeste_and_labelled_pairs() {
        for (text, want) in [
            (r#"Coordenadas: 14°38'04"N 90°30'47"O, ahí está el retén."#, r#"14°38'04"N 90°30'47"O"#),
            (r#"15° 30' 15" N, 88° 01' 30" O"#, r#"15° 30' 15" N, 88° 01' 30" O"#),
            ("Estoy en 14.6349 N, 90.5069 O con la camioneta.", "14.6349 N, 90.5069 O"),
            ("14.6349° Norte, 90.5069° Oeste", "14.6349° Norte, 90.5069° Oeste"),
            ("N 14.6349, O 90.5069", "N 14.6349, O 90.5069"),
            ("lat 44.9483 lon -93.2468, 5 vans", "44.9483 lon -93.2468"),
            ("Latitude: 44.94831, Longitude: -93.24682 (my backyard)", "44.94831, Longitude: -93.24682"),
            ("Ubicación: latitud 14.6349, longitud -90.5069", "14.6349, longitud -90.5069"),
            ("GPS lat: 44.9537, long: -93.0900 — the apartment", "44.9537, long: -93.0900"),
            ("lat=44.97715&lng=-93.26503 is where", "44.97715&lng=-93.26503"),
            ("Lat: 44.9483\nLng: -93.2468", "44.9483\nLng: -93.2468"),
        ] {
            assert_eq!(coords(text), [want], "{text}");
        }
        assert!(coords("14.6349 N, 190.5069 O").is_empty());
    }

    #[test]
    fn leaves_spanish_or_and_unlabelled_numbers_alone() {
        for text in [
            "cuesta 12.500 o 13.750 pesos",
            "lat 44.9 lon -93.2",
            "longitud 12.5 km, latitud 3",
            "44.9483&-93.2468",
            "44.9483&x=-93.2468",
            "12.5 O 13.5",
            "lon",
            "lat 44.9483 longitudinal -93.2468",
        ] {
            assert!(coords(text).is_empty(), "{text}: {:?}", coords(text));
        }
    }

    #[test]
    fn cut_short_anywhere_is_no_panic() {
        let text = r#"14° 38' 04.5" N, 90° 30' 47" O · lat=44.97715&lng=-93.26503 · 14.6349° Norte 😀"#;
        for (i, _) in text.char_indices() {
            let _ = find(&text[..i]);
            let _ = find(&text[i..]);
        }
    }
}
