//! Audio containers: the first byte chooses MP3 (behind an ID3 header, or
//! bare frames), WAV, FLAC or Ogg; for Ogg the rest is cut into pages with
//! correct checksums, so the fuzzer spends its time in packet and comment
//! handling rather than failing checksums. Planned both in memory and
//! through the range protocol; both must agree, and a returned plan must
//! give a file that reads back clean and cleans to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use silbato::{Options, Sparse, Step};

/// RFC 3533 §6 page checksum (the core's is private).
fn crc(page: &[u8]) -> u32 {
    page.iter().fold(0u32, |c, &b| {
        let mut r = ((c >> 24) as u8 ^ b) as u32;
        r <<= 24;
        for _ in 0..8 {
            r = if r & 0x8000_0000 != 0 { (r << 1) ^ 0x04C1_1DB7 } else { r << 1 };
        }
        (c << 8) ^ r
    })
}

/// Pages from `rest`: each takes a flags byte, a segment count and that
/// many lacing values from the input, then its body.
fn ogg(rest: &[u8], opus: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0usize;
    let mut seq = 0u32;
    while at + 2 <= rest.len() && seq < 64 {
        let flags = if seq == 0 { 2 } else { rest[at] & 5 };
        let n = rest[at + 1] as usize;
        at += 2;
        let lacing: Vec<u8> = rest.get(at..at + n).map(|l| l.to_vec()).unwrap_or_default();
        at += lacing.len();
        let mut body: Vec<u8> = Vec::new();
        if seq == 0 {
            body.extend_from_slice(if opus { b"OpusHead" } else { b"\x01vorbis" });
        }
        let want: usize = lacing.iter().map(|&l| l as usize).sum::<usize>().saturating_sub(body.len());
        body.extend_from_slice(rest.get(at..(at + want).min(rest.len())).unwrap_or(&[]));
        at += want;
        let mut page = b"OggS\0".to_vec();
        page.push(flags);
        page.extend_from_slice(&0u64.to_le_bytes());
        page.extend_from_slice(&7u32.to_le_bytes());
        page.extend_from_slice(&seq.to_le_bytes());
        page.extend_from_slice(&[0; 4]);
        page.push(lacing.len() as u8);
        page.extend_from_slice(&lacing);
        page.extend_from_slice(&body);
        let c = crc(&page);
        page[22..26].copy_from_slice(&c.to_le_bytes());
        out.extend(page);
        seq += 1;
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    let input: Vec<u8> = match kind % 6 {
        0 => [&b"ID3\x04\0\0"[..], rest].concat(),
        1 => [&[0xFF, 0xFB, 0x90, 0x64][..], rest].concat(),
        2 => [&b"RIFF"[..], &((rest.len() + 4) as u32).to_le_bytes(), b"WAVE", rest].concat(),
        3 => [&b"fLaC"[..], rest].concat(),
        4 => ogg(rest, true),
        _ => ogg(rest, false),
    };
    let opts = Options::default();
    let _ = silbato::inspect(&input, &opts);
    let whole = silbato::plan_clean(&input, &opts);
    let mut sparse = Sparse::new(input.len() as u64);
    let ranged = loop {
        match silbato::plan_clean_source(&sparse, &opts) {
            Ok(Step::Need { start, len }) => sparse.insert(start, input[start as usize..(start + len) as usize].to_vec()),
            Ok(Step::Done(p)) => break Ok(p),
            Err(e) => break Err(e),
        }
    };
    match (whole, ranged) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.plan, b.plan, "plans differ between memory and ranges");
            let out = a.plan.apply(&input).expect("plan applies");
            let again = silbato::inspect(&out, &opts).expect("cleaned output reads back");
            assert!(again.findings.is_empty(), "cleaned output still reveals {:?}", again.findings);
            let twice = silbato::clean(&out, &opts).expect("cleaned output cleans again");
            assert_eq!(twice.output, out, "cleaning twice changes the file");
        }
        (Err(a), Err(b)) => assert_eq!(a.kind, b.kind),
        (a, b) => panic!("memory and ranges disagree: {:?} vs {:?}", a.map(|p| p.format), b.map(|p| p.format)),
    }
});
