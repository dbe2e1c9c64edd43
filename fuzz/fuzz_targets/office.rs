//! Office documents: ZIP packages whose entries the fuzzer writes. The first
//! byte chooses raw bytes after a local-header signature (the ZIP reader) or
//! a sound ZIP built here around pieces of the input split at 0xFF, under the
//! names of an OOXML or an ODF package (the XML rules). A returned plan must
//! give a file that reads back clean and cleans to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use silbato::Options;

const OOXML: &[&str] = &[
    "[Content_Types].xml",
    "_rels/.rels",
    "word/_rels/document.xml.rels",
    "word/document.xml",
    "word/settings.xml",
    "word/comments.xml",
    "docProps/core.xml",
    "word/media/image1.jpeg",
];
const ODF: &[&str] = &["mimetype", "content.xml", "styles.xml", "meta.xml", "settings.xml", "META-INF/manifest.xml", "Pictures/a.png"];

fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 { (c >> 1) ^ 0xEDB8_8320 } else { c >> 1 };
        }
    }
    !c
}

/// A stored ZIP of `entries`, as APPNOTE describes it.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let (mut out, mut cd) = (Vec::new(), Vec::new());
    for (name, data) in entries {
        let offset = out.len() as u32;
        let mut h = vec![10, 0, 0, 0, 0, 0, 0, 0, 0x21, 0];
        h.extend_from_slice(&crc32(data).to_le_bytes());
        h.extend_from_slice(&(data.len() as u32).to_le_bytes());
        h.extend_from_slice(&(data.len() as u32).to_le_bytes());
        h.extend_from_slice(&(name.len() as u16).to_le_bytes());
        h.extend_from_slice(&[0, 0]);
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&h);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        cd.extend_from_slice(b"PK\x01\x02\x14\x00");
        cd.extend_from_slice(&h);
        cd.extend_from_slice(&[0; 10]);
        cd.extend_from_slice(&offset.to_le_bytes());
        cd.extend_from_slice(name.as_bytes());
    }
    let at = out.len() as u32;
    out.extend_from_slice(&cd);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(cd.len() as u32).to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let input = if mode & 1 == 0 {
        let mut v = b"PK\x03\x04".to_vec();
        v.extend_from_slice(rest);
        v
    } else {
        let names = if mode & 2 == 0 { OOXML } else { ODF };
        let entries: Vec<(&str, &[u8])> = names.iter().copied().zip(rest.split(|b| *b == 0xFF)).collect();
        zip(&entries)
    };
    let opts = Options::default();
    let _ = silbato::inspect(&input, &opts);
    if let Ok(planned) = silbato::plan_clean(&input, &opts) {
        let out = planned.plan.apply(&input).expect("plan applies");
        let again = silbato::inspect(&out, &opts).expect("cleaned output reads back");
        assert!(again.findings.is_empty(), "cleaned output still reveals {:?}", again.findings);
        let twice = silbato::clean(&out, &opts).expect("cleaned output cleans again");
        assert_eq!(twice.output, out, "cleaning twice changed the file");
    }
});
