//! Samsung's SEF trailer (appended after a JPEG's end or in a HEIF `sefd`
//! box, ending in "SEFT"): named entries such as `Image_UTC_Data` (capture
//! time), `MCC_Data` (the mobile network's country code) and
//! `MotionPhoto_Data` (an embedded video). Reported, never kept.

use crate::reveal::{Collector, Reveal};

/// The ASCII text right after `name` in `data`, up to the first byte that
/// cannot belong to a value.
fn value_after<'a>(data: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let at = memchr::memmem::find(data, name)? + name.len();
    let rest = data.get(at..)?;
    let end = rest.iter().position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')).unwrap_or(rest.len());
    Some(&rest[..end.min(64)])
}

pub fn scan_sef(data: &[u8], cx: &mut Collector) {
    if let Some(v) = value_after(data, b"MCC_Data") {
        let code = String::from_utf8_lossy(v);
        if !code.is_empty() {
            cx.add(Reveal::PlaceName, "Samsung:MCCData", format!("{code} (the mobile network's country code)"));
        }
    }
    if let Some(v) = value_after(data, b"Image_UTC_Data") {
        if let Ok(ms) = String::from_utf8_lossy(v).parse::<i64>() {
            cx.add(Reveal::CaptureTime, "Samsung:TimeStamp", format!("{} ms since 1970 (UTC)", ms));
        }
    }
    if memchr::memmem::find(data, b"MotionPhoto_Data").is_some() || memchr::memmem::find(data, b"mpv2").is_some() {
        cx.add(Reveal::AppendedVideo, "Samsung:EmbeddedVideo", "motion photo");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Category, Format};
    use crate::reveal::Options;

    #[test]
    fn reads_country_code_and_time() {
        let data = b"\0\0\x01\n\x0e\0\0\0Image_UTC_Data1705124333853\0\0\xa1\n\x08\0\0\0MCC_Data310\0\0SEFT";
        let mut cx = Collector::new(Options::default(), Format::Heic);
        scan_sef(data, &mut cx);
        let r = cx.finish();
        assert!(r.findings.iter().any(|f| f.tag == "Samsung:MCCData" && f.category == Category::Location && f.value.starts_with("310")));
        assert!(r.findings.iter().any(|f| f.tag == "Samsung:TimeStamp"));
        for cut in 0..data.len() {
            scan_sef(&data[..cut], &mut Collector::new(Options::default(), Format::Heic));
        }
    }
}
