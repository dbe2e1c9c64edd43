//! `cargo bench --bench trackers` (part of `make bench`): host lookups in the
//! tracker table built by `scripts/build-trackers.mjs` (`build/trackers.json`).
//!
//! Goal (from the popup issue): 5 million host lookups per second natively.
//! The hosts are a realistic mix: tracker subdomains several labels deep,
//! first-party hosts and CDNs that match nothing, and look-alikes.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use silbato::trackers::TrackerTable;

const HOSTS: &[&str] = &[
    "connect.facebook.net",
    "www.google-analytics.com",
    "stats.g.doubleclick.net",
    "www.googletagmanager.com",
    "pagead2.googlesyndication.com",
    "static.ads-twitter.com",
    "bat.bing.com",
    "cdn.segment.com",
    "js.hs-scripts.com",
    "snap.licdn.com",
    "www.example-news-site.com",
    "static.example-news-site.com",
    "images.cdn.example-news-site.com",
    "fonts.gstatic.com",
    "notfacebook.net",
    "api.some-startup.io",
    "a.b.c.d.e.f.g.example.org",
    "127.0.0.1",
    "localhost",
    "xn--bcher-kva.example",
];

fn table() -> Option<TrackerTable> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/build/trackers.json");
    match std::fs::read_to_string(path) {
        Ok(json) => Some(TrackerTable::from_json(&json).expect("build/trackers.json")),
        Err(_) => {
            eprintln!("skipped: {path} is missing (run `make` first)");
            None
        }
    }
}

fn lookups(c: &mut Criterion) {
    let Some(table) = table() else { return };
    let mut group = c.benchmark_group("trackers");
    group.throughput(Throughput::Elements(HOSTS.len() as u64));
    group.bench_function("lookup 20 hosts", |b| {
        b.iter(|| {
            let mut found = 0;
            for host in HOSTS {
                found += usize::from(table.lookup(black_box(host)).is_some());
            }
            found
        })
    });
    group.finish();

    // The goal, said plainly.
    let n = 5_000_000;
    let start = Instant::now();
    let mut found = 0usize;
    for i in 0..n {
        found += usize::from(table.lookup(black_box(HOSTS[i % HOSTS.len()])).is_some());
    }
    let per_second = n as f64 / start.elapsed().as_secs_f64();
    println!(
        "trackers: {:.1} million lookups per second ({found} matches), goal 5 million: {}",
        per_second / 1e6,
        if per_second >= 5e6 { "met" } else { "NOT met" }
    );

    c.bench_function("trackers/load table", |b| {
        let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/build/trackers.json")).unwrap();
        b.iter(|| TrackerTable::from_json(black_box(&json)).unwrap().domain_count())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = lookups
}
criterion_main!(benches);
