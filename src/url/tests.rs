//! The link table at work: Silbato's rules, every feature of each maintained
//! list (with brave-core's own test cases), every `sharer_id` parameter with
//! its source, and links collected from each platform that must keep what
//! their pages need.

use super::*;

fn clean(url: &str) -> LinkReport {
    clean_link(url, Lang::En)
}

/// (input, expected output, [(removed parameter, reason)])
type Case = (&'static str, &'static str, &'static [(&'static str, Reason)]);

use Reason::{SharerId as S, Tracking as T};

const CASES: &[Case] = &[
    // YouTube: si names the sharer; v, t, list and feature stay.
    ("https://youtu.be/dQw4w9WgXcQ?si=AbCdEf123", "https://youtu.be/dQw4w9WgXcQ", &[("si", S)]),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s&si=AbC", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", &[("si", S)]),
    ("https://youtube.com/shorts/abc?si=x&feature=share", "https://youtube.com/shorts/abc", &[("si", S), ("feature", T)]),
    ("https://music.youtube.com/watch?v=1&list=PL2&si=x", "https://music.youtube.com/watch?v=1&list=PL2", &[("si", S)]),
    ("https://www.youtube-nocookie.com/embed/x?si=y", "https://www.youtube-nocookie.com/embed/x", &[("si", S)]),
    // Instagram
    ("https://www.instagram.com/reel/C1a2B3/?igsh=MTc4MmM1YmI2Ng==", "https://www.instagram.com/reel/C1a2B3/", &[("igsh", S)]),
    ("https://www.instagram.com/p/C1a2B3/?utm_source=ig_web_copy_link&igshid=MzRlODBiNWFlZA==", "https://www.instagram.com/p/C1a2B3/", &[("utm_source", T), ("igshid", S)]),
    ("https://example.org/news?id=7&igshid=abc", "https://example.org/news?id=7", &[("igshid", S)]),
    ("https://www.instagram.com/p/x/?igsi=1", "https://www.instagram.com/p/x/", &[("igsi", S)]),
    ("https://www.instagram.com/p/x/?ig_rid=9f8e", "https://www.instagram.com/p/x/", &[("ig_rid", S)]),
    // Spotify
    ("https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC?si=1a2b3c4d", "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC", &[("si", S)]),
    // X / Twitter: t and s only there; a query q stays.
    ("https://x.com/someone/status/1790?t=AbC_dEf&s=19", "https://x.com/someone/status/1790", &[("t", S), ("s", T)]),
    ("https://twitter.com/someone/status/1?ref_src=twsrc%5Etfw&ref_url=https%3A%2F%2Fa.b", "https://twitter.com/someone/status/1", &[("ref_src", T), ("ref_url", T)]),
    ("https://mobile.twitter.com/search?q=ice%20raid&s=09", "https://mobile.twitter.com/search?q=ice%20raid", &[("s", T)]),
    // Threads
    ("https://www.threads.net/@someone/post/C9x?xmt=AQGz", "https://www.threads.net/@someone/post/C9x", &[("xmt", S)]),
    ("https://www.threads.com/@someone/post/C9x?xmt=AQGz&slof=1", "https://www.threads.com/@someone/post/C9x?slof=1", &[("xmt", S)]),
    // Facebook
    ("https://www.facebook.com/story.php?story_fbid=pfbid0T&id=1000&mibextid=Nif5oz", "https://www.facebook.com/story.php?story_fbid=pfbid0T&id=1000", &[("mibextid", T)]),
    ("https://news.example/article?fbclid=IwAR1Db", "https://news.example/article", &[("fbclid", T)]),
    // Reddit
    ("https://www.reddit.com/r/Minneapolis/comments/1641krf/title/?share_id=HXzTX3c&utm_content=1&utm_medium=ios_app&utm_name=ioscss&utm_source=share&utm_term=1",
     "https://www.reddit.com/r/Minneapolis/comments/1641krf/title/",
     &[("share_id", S), ("utm_content", T), ("utm_medium", T), ("utm_name", T), ("utm_source", T), ("utm_term", T)]),
    // LinkedIn
    ("https://www.linkedin.com/posts/someone_activity-1?rcm=ACoAAB&utm_source=share", "https://www.linkedin.com/posts/someone_activity-1", &[("rcm", S), ("utm_source", T)]),
    ("https://www.linkedin.com/in/someone?trk=public_profile&trackingId=x1", "https://www.linkedin.com/in/someone", &[("trk", T), ("trackingId", T)]),
    // TikTok
    ("https://www.tiktok.com/@someone/video/7301?_t=8hY&_r=1", "https://www.tiktok.com/@someone/video/7301", &[("_t", S), ("_r", T)]),
    ("https://www.tiktok.com/@someone/video/7301?is_from_webapp=1&sender_device=pc&sender_web_id=7299&u_code=dfk&user_id=680&share_app_id=1233&share_link_id=5e1a",
     "https://www.tiktok.com/@someone/video/7301",
     &[("is_from_webapp", T), ("sender_device", T), ("sender_web_id", S), ("u_code", S), ("user_id", S), ("share_app_id", T), ("share_link_id", S)]),
    // Snapchat
    ("https://www.snapchat.com/add/someone?sc_referrer=abc&sc_ua=xyz&share_id=1", "https://www.snapchat.com/add/someone?share_id=1", &[("sc_referrer", T), ("sc_ua", T)]),
    // Everywhere
    ("https://shop.example/item?id=5&utm_source=newsletter&UTM_Campaign=x", "https://shop.example/item?id=5", &[("utm_source", T), ("UTM_Campaign", T)]),
    ("https://shop.example/?gclid=a&dclid=b&msclkid=c", "https://shop.example/", &[("gclid", T), ("dclid", T), ("msclkid", T)]),
    ("https://blog.example/post?mc_cid=1&mc_eid=abc123", "https://blog.example/post", &[("mc_cid", T), ("mc_eid", S)]),
    ("https://blog.example/post?_hsenc=p2AN&_hsmi=2", "https://blog.example/post", &[("_hsenc", S), ("_hsmi", T)]),
    ("https://blog.example/post?mkt_tok=eyJp", "https://blog.example/post", &[("mkt_tok", S)]),
    ("https://blog.example/post?oly_enc_id=9&oly_anon_id=1", "https://blog.example/post", &[("oly_enc_id", S), ("oly_anon_id", T)]),
    ("https://blog.example/post?vero_id=u1&vero_conv=2", "https://blog.example/post", &[("vero_id", S), ("vero_conv", T)]),
    // Names only harmful on one site stay elsewhere.
    ("https://example.com/page?si=1&t=2&s=3&_t=4&rcm=5&share_id=6&trk=7", "https://example.com/page?si=1&t=2&s=3&_t=4&rcm=5&share_id=6&trk=7", &[]),
    // Nothing to do: byte for byte the same, odd spelling included.
    ("https://www.google.com/search?q=know+your+rights&hl=es", "https://www.google.com/search?q=know+your+rights&hl=es", &[]),
    ("https://example.com/a?b=1&&c#frag", "https://example.com/a?b=1&&c#frag", &[]),
    // Fragments stay; a query that empties loses its ?.
    ("https://youtu.be/x?si=1#t=30", "https://youtu.be/x#t=30", &[("si", S)]),
    // Pasted without https://
    ("youtu.be/dQw4w9WgXcQ?si=AbC", "youtu.be/dQw4w9WgXcQ", &[("si", S)]),
    ("www.instagram.com/p/x/?igsh=1", "www.instagram.com/p/x/", &[("igsh", S)]),
    // Case of the host does not matter; percent-encoded names are read.
    ("HTTPS://WWW.YOUTUBE.COM/watch?v=1&%73i=2", "HTTPS://WWW.YOUTUBE.COM/watch?v=1", &[("si", S)]),
];

#[test]
fn every_rule_removes_what_it_should_and_keeps_the_rest() {
    let mut wrong = Vec::new();
    for (input, output, removed) in CASES {
        let r = clean(input);
        let got: Vec<(&str, Reason)> = r.removed.iter().map(|p| (p.param.as_str(), p.reason)).collect();
        if r.output != *output || got != removed.to_vec() || !r.warnings.is_empty() || r.changed() != (input != output) {
            wrong.push(format!("{input}\n  got {} {got:?} {:?}", r.output, r.warnings));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_report_names_the_rule_and_its_source() {
    let r = clean("https://www.youtube.com/watch?v=1&si=x&utm_source=y");
    assert_eq!(r.removed[0].rule, "silbato:youtube-si");
    assert_eq!(r.removed[0].source, "https://github.com/brave/brave-browser/issues/34719");
    assert_eq!(r.removed[0].site.as_deref(), Some("YouTube"));
    assert_eq!(r.removed[1].rule, "silbato:utm");
    // A parameter only a maintained list removes is reported under that list.
    let r = clean("https://news.example/a?srsltid=AfmBOo&irclickid=1");
    assert_eq!((r.removed[0].rule.as_str(), r.removed[0].reason, r.removed[0].site.as_deref()), ("clearurls:globalRules", T, None));
    assert!(r.removed[1].rule.starts_with("brave-"), "{:?}", r.removed[1]);
}

/// (wrapped, expected output, unwrapped redirect)
const REDIRECTS: &[(&str, &str, &str)] = &[
    (
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fnews.example%2Fstory%3Fid%3D7%26fbclid%3DIwAR1&h=AT0xyz&__tn__=-UK-R",
        "https://news.example/story?id=7",
        "l.facebook.com/l.php",
    ),
    ("https://lm.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2F&h=AT1", "https://example.org/", "lm.facebook.com/l.php"),
    ("https://l.instagram.com/?u=https%3A%2F%2Fexample.org%2Fa%3Futm_source%3Dig&e=AT2", "https://example.org/a", "l.instagram.com/"),
    (
        "https://www.google.com/url?q=https://example.org/guide&sa=D&source=editors&ust=1700&usg=AOv",
        "https://example.org/guide",
        "www.google.com/url",
    ),
    ("https://www.google.com.mx/url?sa=t&url=https%3A%2F%2Fexample.mx%2F&ved=2ah", "https://example.mx/", "www.google.com.mx/url"),
    (
        "https://www.youtube.com/redirect?event=video_description&redir_token=QUF&q=https%3A%2F%2Fexample.org%2Fdonate&v=abc",
        "https://example.org/donate",
        "www.youtube.com/redirect",
    ),
    ("https://out.reddit.com/t3_abc?url=https%3A%2F%2Fexample.org%2F&token=AQ&app_name=web", "https://example.org/", "out.reddit.com/t3_abc"),
    ("https://steamcommunity.com/linkfilter/?url=https://example.org/x", "https://example.org/x", "steamcommunity.com/linkfilter/"),
    ("https://vk.com/away.php?to=https%3A%2F%2Fexample.org%2F&cc_key=", "https://example.org/", "vk.com/away.php"),
];

#[test]
fn redirects_are_unwrapped_and_their_targets_cleaned() {
    for (input, output, via) in REDIRECTS {
        let r = clean(input);
        assert_eq!(r.output, *output, "{input}");
        assert_eq!(r.unwrapped, vec![via.to_string()], "{input}");
        assert!(r.removed.iter().all(|p| p.param != "u" && p.param != "q" || p.rule != "facebook-l"));
    }
}

#[test]
fn redirects_inside_redirects_are_unwrapped_a_few_times_only() {
    let inner = "https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2F%3Fsi%3D1";
    let outer = format!(
        "https://www.google.com/url?q={}",
        inner.replace('%', "%25").replace(':', "%3A").replace('/', "%2F").replace('?', "%3F").replace('=', "%3D")
    );
    let r = clean(&outer);
    assert_eq!(r.output, "https://example.org/?si=1");
    assert_eq!(r.unwrapped, vec!["www.google.com/url", "l.facebook.com/l.php"]);
    // A chain longer than the limit stops unwrapping but never loops.
    let mut url = "https://example.org/".to_string();
    for _ in 0..10 {
        url = format!(
            "https://l.facebook.com/l.php?u={}",
            url.replace('%', "%25").replace(':', "%3A").replace('/', "%2F").replace('?', "%3F").replace('=', "%3D").replace('&', "%26")
        );
    }
    assert_eq!(clean(&url).unwrapped.len(), MAX_UNWRAP);
}

#[test]
fn redirects_to_something_else_than_a_web_address_stay() {
    for input in [
        "https://l.facebook.com/l.php?u=javascript%3Aalert(1)",
        "https://www.google.com/url?q=not+a+link",
        "https://www.google.com/search?q=https://example.org",
        "https://google.evil.com/url?q=https://example.org/",
    ] {
        let r = clean(input);
        assert_eq!(r.output, input);
        assert!(r.unwrapped.is_empty(), "{input}");
    }
}

#[test]
fn share_links_that_hide_the_sharer_are_warned_about() {
    for (input, site) in [
        ("https://www.reddit.com/r/Minneapolis/s/9aRRC2rZpd", "Reddit"),
        ("https://reddit.com/r/ModSupport/s/9aRRC2rZpd", "Reddit"),
        ("https://www.facebook.com/share/p/1AbCdEfGh/", "Facebook"),
        ("https://www.facebook.com/share/r/1AbC/?mibextid=wwXIfr", "Facebook"),
        ("https://www.threads.com/share/DoDJmollq/", "Threads"),
        ("https://www.instagram.com/share/reel/BARSSL4rTu", "Instagram"),
        ("https://www.tiktok.com/t/ZT8abcdEf/", "TikTok"),
        ("https://vm.tiktok.com/ZMabc123/", "TikTok"),
        ("https://vt.tiktok.com/ZSabc/", "TikTok"),
    ] {
        let r = clean(input);
        assert_eq!(r.share_link.as_deref(), Some(site), "{input}");
        assert_eq!(r.warnings.len(), 1);
        assert!(r.warnings[0].contains(site) && r.warnings[0].contains("address bar"), "{}", r.warnings[0]);
        assert!(r.names_sharer());
    }
    // What the share link leads to is a plain post: no warning.
    for input in [
        "https://www.reddit.com/r/Minneapolis/comments/1641krf/title/",
        "https://www.facebook.com/sharer/sharer.php?u=x",
        "https://www.tiktok.com/@someone/video/1",
    ] {
        assert!(clean(input).warnings.is_empty(), "{input}");
    }
    let es = clean_link("https://vm.tiktok.com/ZMabc123/", Lang::Es);
    assert!(es.warnings[0].starts_with("Este enlace para compartir de TikTok"));
}

#[test]
fn what_is_not_a_web_address_is_left_alone() {
    for input in ["", "hello", "mailto:someone@example.org", "ftp://example.com/?si=1", "javascript://x?si=1"] {
        let r = clean(input);
        assert_eq!(r.output, input);
        assert_eq!(r.warnings.len(), 1, "{input}");
    }
}

#[test]
fn the_report_reads_as_the_issue_asks() {
    let r = clean("https://youtu.be/x?si=1");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["input"], "https://youtu.be/x?si=1");
    assert_eq!(json["output"], "https://youtu.be/x");
    assert_eq!(json["removed"][0]["param"], "si");
    assert_eq!(json["removed"][0]["reason"], "sharer_id");
    assert_eq!(json["warnings"], serde_json::json!([]));
}

#[test]
fn links_are_found_in_text() {
    let text = "Mira (https://youtu.be/x?si=1), y www.example.org/a. ¿youtu.be/y?si=2? \
                Also instagram.com/p/z/?igsh=3! not.a.link nor example.com, <https://a.example/b_(c)>.\u{a0}https://x.com/a";
    let found: Vec<&str> = find_links(text).into_iter().map(|r| &text[r]).collect();
    assert_eq!(
        found,
        [
            "https://youtu.be/x?si=1",
            "www.example.org/a",
            "youtu.be/y?si=2",
            "instagram.com/p/z/?igsh=3",
            "https://a.example/b_(c)",
            "https://x.com/a"
        ]
    );
    assert!(find_links("someone@instagram.com/x e-mail 3.14 https:// https://x").is_empty());
}

#[test]
fn hostile_input_never_panics() {
    for input in
        ["https://%", "https://a.b/?%", "https://a.b/?%f", "https://[::1/?si=1", "https://ñ.com/?si=%C3", "https://a.b?&&&=&=", "ĥttps://x.y"]
    {
        let _ = clean(input);
        let _ = find_links(input);
    }
    let long = format!("https://example.com/?{}", "utm_a=1&".repeat(10_000));
    assert_eq!(clean(&long).output, "https://example.com/");
}

#[test]
fn links_longer_than_max_regex_input_skip_the_lists_expressions_only() {
    // Google's exceptions are expressions: a link past the limit is not searched with them,
    // but its parameters are still removed by name.
    let pad = "a".repeat(MAX_REGEX_INPUT);
    let long = format!("https://www.google.com/search?q={pad}&ved=1&gs_lcrp=x");
    assert_eq!(clean(&long).output, format!("https://www.google.com/search?q={pad}"));
    let huge = format!("https://www.google.com/s?tbm=map&gs_lcrp={}", "b".repeat(1 << 20));
    assert!(clean(&huge).output.len() < huge.len());
    // At the limit, the exception is read: Maps' search keeps its gs_ parameters.
    let short = "https://www.google.com/s?tbm=map&gs_lcrp=x";
    assert_eq!(clean(short).output, short);
}
