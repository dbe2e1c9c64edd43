//! `cargo bench --bench links` (part of `make bench`): cleaning share links
//! with the table compiled from the maintained lists, and loading that table.
//!
//! Goal (link-lists issue): cleaning a link stays in the microseconds. The
//! table is compiled into statics by build.rs, so there is nothing to load
//! (scripts/bench-text.mjs times the wasm module's first link).
//! The links are what people copy from the platforms they post from.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use silbato::reveal::Lang;
use silbato::url::clean_link;

const LINKS: &[&str] = &[
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI&index=4&t=43s&pp=ygUE&si=AbC",
    "https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGhIjK",
    "https://www.instagram.com/reel/C1a2B3c4D5e/?igsh=MTc4MmM1YmI2Ng==",
    "https://www.threads.net/@user/post/C9x?xmt=AQGz",
    "https://www.facebook.com/story.php?story_fbid=pfbid0T&id=1000&rdid=AbC&share_url=https%3A%2F%2Fwww.facebook.com%2Fshare%2Fp%2F1AbC%2F",
    "https://x.com/someone/status/1790000000000000000?t=AbC_dEf&s=19",
    "https://www.tiktok.com/@user/video/7276913150560128289?_d=secCgYIASAH&u_code=d9kid8&share_item_id=7276&timestamp=1699103942&share_app_id=1233&sec_user_id=MS4wL&share_iid=7299&utm_source=copy",
    "https://www.reddit.com/r/Minneapolis/comments/1641krf/title/?share_id=HXzTX3c&utm_content=1&utm_medium=ios_app&utm_name=ioscss&utm_source=share&utm_term=1",
    "https://www.reddit.com/r/Minneapolis/s/9aRRC2rZpd",
    "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC?si=1a2b3c4d&pi=jKU5",
    "https://soundcloud.com/a/b?si=65df91f0&utm_source=clipboard&utm_medium=text&utm_campaign=social_sharing",
    "https://www.linkedin.com/posts/someone_activity-1?rcm=ACoAAB&utm_source=share&utm_medium=member_android",
    "https://www.pinterest.com/pin/332703491213209642/sent/?sfo=1&sender=731835145606177283&invite_code=6cb1d669",
    "https://open.substack.com/pub/someone/p/a-post?r=67xro&utm_campaign=post&utm_medium=web&showWelcomeOnShare=true",
    "https://medium.com/@a/story-abc?source=social.tw&sk=123",
    "https://www.amazon.com/Some-Product/dp/B0ABCDEF12/ref=cm_sw_r_cp_api_i_XYZ?th=1&psc=1&tag=someone-20&linkId=abc123",
    "https://www.google.com/search?q=know+your+rights&gs_lcrp=EgZ&oq=know&sourceid=chrome&ie=UTF-8",
    "https://www.google.com/maps/place/Somewhere/@44.97,-93.26,17z?entry=ttu&g_ep=EgoyMDI0",
    "https://www.nytimes.com/2025/01/01/us/a.html?smid=nytcore-ios-share&sgrp=c-cb",
    "https://l.facebook.com/l.php?u=https%3A%2F%2Fnews.example%2Fstory%3Fid%3D7%26fbclid%3DIwAR1&h=AT0xyz",
    "https://example.org/derechos?utm_source=newsletter",
    "https://example.org/a/plain/page",
];

/// The links of scripts/bench-text.mjs's sample post (js/sample-post.mjs).
const POST_LINKS: &[&str] = &[
    "https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGhIjK",
    "https://x.com/someone/status/1790000000000000000?t=AbC_dEf&s=19",
    "https://www.instagram.com/reel/C1a2B3c4D5e/?igsh=MTc4MmM1YmI2Ng==",
    "https://example.org/derechos?utm_source=newsletter",
    "https://www.reddit.com/r/Minneapolis/s/9aRRC2rZpd",
];

fn links(c: &mut Criterion) {
    let _ = clean_link(LINKS[0], Lang::En); // the table loads once, outside the timing
    let mut group = c.benchmark_group("links");
    group.throughput(Throughput::Elements(LINKS.len() as u64));
    group.bench_function("clean_link, 22 share links", |b| {
        b.iter(|| {
            for l in LINKS {
                black_box(clean_link(black_box(l), Lang::En));
            }
        })
    });
    group.throughput(Throughput::Elements(POST_LINKS.len() as u64));
    group.bench_function("clean_link, a post's 5 links", |b| {
        b.iter(|| {
            for l in POST_LINKS {
                black_box(clean_link(black_box(l), Lang::En));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, links);
criterion_main!(benches);
