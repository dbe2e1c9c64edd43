//! The maintained lists at work: each feature of each list, brave-core's own
//! test cases, every `sharer_id` parameter of Silbato's layer with its source,
//! and links collected from each platform that must keep what their pages need.

use super::table::{Rest, Take};
use super::*;

fn clean(url: &str) -> LinkReport {
    clean_link(url, Lang::En)
}

/// (feature, input, expected output, the rule that acted: an id prefix, `unwrap`, or "" for none)
const LIST_FEATURES: &[(&str, &str, &str, &str)] = &[
    // ClearURLs: a provider's rules, as names, as a name prefix and class (`gs_[a-z]*`), as expressions.
    ("clearurls rules", "https://www.msn.com/en-us/news/a?ocid=msedgntp&cvid=abc", "https://www.msn.com/en-us/news/a", "clearurls:msn"),
    ("clearurls name prefix", "https://www.google.com/search?q=x&gs_lp=Egdn", "https://www.google.com/search?q=x", "clearurls:google"),
    ("clearurls expression", "https://www.facebook.com/groups/1/?pnref=story", "https://www.facebook.com/groups/1/", "clearurls:facebook"),
    ("clearurls expression (class)", "https://www.amazon.com/dp/B0X?pd_rd_w=abc&pf_rd_p=d", "https://www.amazon.com/dp/B0X", "clearurls:amazon"),
    ("clearurls raw rule (path segment)", "https://www.amazon.de/dp/B0X/ref=sr_1_1?keywords=x", "https://www.amazon.de/dp/B0X", "clearurls:amazon"),
    ("clearurls referral marketing", "https://www.google.com/search?q=a&referrer=x", "https://www.google.com/search?q=a", "clearurls:"),
    ("clearurls exception (prefix)", "https://mail.google.com/mail/u/0/?ved=1#inbox", "https://mail.google.com/mail/u/0/?ved=1#inbox", ""),
    (
        "clearurls exception (expression)",
        "https://www.amazon.com/gp/video/api/x?qualifier=1",
        "https://www.amazon.com/gp/video/api/x?qualifier=1",
        "",
    ),
    (
        "clearurls provider with a path (amazon search)",
        "https://www.amazon.com/s?k=shoes&crid=2M&sprefix=sh&qid=1",
        "https://www.amazon.com/s?k=shoes",
        "clearurls:amazon search",
    ),
    ("clearurls global exception", "https://github.com/owner/repo/blob/main/x?ref=v1", "https://github.com/owner/repo/blob/main/x?ref=v1", ""),
    ("clearurls global rule", "https://news.example/a?ref=rss", "https://news.example/a", "clearurls:globalRules"),
    ("clearurls fragment parameters", "https://news.example/a#utm_source=x&utm_medium=y", "https://news.example/a", "silbato:utm"),
    ("clearurls redirection (parameter)", "https://www.google.com/url?q=https://example.org/guide&sa=D", "https://example.org/guide", "unwrap"),
    ("clearurls redirection (expression)", "https://href.li/?https://example.org/a", "https://example.org/a", "unwrap"),
    ("clearurls redirection (any path)", "https://duckduckgo.com/l/?uddg=https%3A%2F%2Fexample.org%2F&rut=abc", "https://example.org/", "unwrap"),
    // Brave's clean-urls: entries per site and per path, with exclusions.
    (
        "brave clean-urls site entry",
        "https://www.facebook.com/photo/?fbid=1&set=a.2",
        "https://www.facebook.com/photo/?fbid=1",
        "brave-clean-urls:facebook.com",
    ),
    (
        "brave clean-urls path entry",
        "https://www.linkedin.com/help/linkedin/answer/1?mcid=1",
        "https://www.linkedin.com/help/linkedin/answer/1",
        "brave-clean-urls:",
    ),
    ("brave clean-urls exclusion", "https://x.com/i/redirect?url=a&cxt=abc", "https://x.com/i/redirect?url=a&cxt=abc", ""),
    (
        "brave clean-urls news site",
        "https://www.theguardian.com/world/a?CMP=share_btn_url",
        "https://www.theguardian.com/world/a",
        "clearurls:theguardian.com",
    ),
    // Brave's query filter (every site), brave-core's lists (see also its own cases below), Firefox's StripOnShare.
    ("brave query-filter", "https://news.example/a?ysclid=abc", "https://news.example/a", "brave-"),
    ("firefox global", "https://news.example/a?ymid=1", "https://news.example/a", "firefox:global"),
    // Brave's debounce list: a parameter, base64, a path expression with a scheme, a template.
    ("brave debounce parameter", "https://go.skimresources.com/?id=1&url=https%3A%2F%2Fexample.org%2F", "https://example.org/", "unwrap"),
    (
        "brave debounce base64",
        "https://lt.acemlna.com/Prod/link-tracker?redirectUrl=aHR0cHM6Ly9leGFtcGxlLm9yZy9h&sig=1",
        "https://example.org/a",
        "unwrap",
    ),
    (
        "brave debounce path and scheme",
        "https://www-example-org.cdn.ampproject.org/c/s/www.example.org/amp/a",
        "https://www.example.org/amp/a",
        "unwrap",
    ),
    ("brave debounce template", "https://y2u.be/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "unwrap"),
    // Silbato's layer: exemptions, site-scoped keeps, a value condition.
    (
        "exempt address",
        "https://urldefense.com/v3/__https://example.org/?utm_source=x__;!!abc$",
        "https://urldefense.com/v3/__https://example.org/?utm_source=x__;!!abc$",
        "",
    ),
    ("kept on one site only", "https://www.amazon.com/dp/B0X?psc=1&th=1", "https://www.amazon.com/dp/B0X?psc=1", "clearurls:amazon"),
    ("a value condition", "https://www.amazon.com/dp/B0X?ref_=cm_sw_r_cp_ud_dp_ABC", "https://www.amazon.com/dp/B0X", "silbato:amazon-share-ref"),
];

#[test]
fn every_list_feature_works() {
    let mut wrong = Vec::new();
    for (feature, input, output, rule) in LIST_FEATURES {
        let r = clean(input);
        let acted = match *rule {
            "" => r.removed.is_empty() && r.unwrapped.is_empty(),
            "unwrap" => !r.unwrapped.is_empty(),
            prefix => r.removed.iter().any(|p| p.rule.starts_with(prefix)),
        };
        if r.output != *output || !acted {
            wrong.push(format!("{feature}: {input}\n  got {} {:?} {:?}", r.output, r.removed, r.unwrapped));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

const BRAVE_CORE_TESTS: &str = include_str!("../../data/link-lists/brave-core-query_filter-tests.tsv");

#[test]
fn brave_cores_own_cases_pass_on_its_lists() {
    let table = Table::only(&["brave-core"]);
    let mut n = 0;
    for line in BRAVE_CORE_TESTS.lines().skip(1) {
        let mut cols = line.split('\t');
        let (Some(input), Some(expected), Some(note)) = (cols.next(), cols.next(), cols.next()) else { panic!("{line}") };
        let want = if expected == "unchanged" { input } else { expected };
        assert_eq!(clean_with(&table, input, Lang::En).output, want, "{note}");
        n += 1;
    }
    assert_eq!(n, 22);
}

/// Where the whole table removes more than brave-core's lists alone, and why.
const BRAVE_CORE_DIFFERENCES: &[(&str, &str, &str)] = &[
    ("https://twitter.com/?t=123", "https://twitter.com/", "silbato:x-t: X's t names the sharer"),
    ("https://unsubscribe.com/?ck_subscriber_id=123", "https://unsubscribe.com/", "silbato:convertkit: the subscriber's id names them"),
    ("https://test.com/email/?h_sid=123", "https://test.com/email/", "brave-clean-urls removes h_sid everywhere but app.hive.co"),
    ("https://test.com/email/?h_slt=123", "https://test.com/email/", "brave-clean-urls removes h_slt everywhere but app.hive.co"),
    ("https://Unsubscribe.com/?mkt_tok=123", "https://Unsubscribe.com/", "silbato:marketo: the recipient's token names them"),
    ("https://test.com/emailWebview?mkt_tok=123", "https://test.com/emailWebview", "silbato:marketo: the recipient's token names them"),
    ("https://example.com/?igshid=123", "https://example.com/", "silbato:instagram-igshid: Instagram's share id, wherever it is pasted"),
];

#[test]
fn brave_cores_cases_on_the_whole_table_differ_only_where_said() {
    for line in BRAVE_CORE_TESTS.lines().skip(1) {
        let mut cols = line.split('\t');
        let (Some(input), Some(expected)) = (cols.next(), cols.next()) else { panic!("{line}") };
        let want = match BRAVE_CORE_DIFFERENCES.iter().find(|(i, _, _)| i == &input) {
            Some((_, out, _)) => *out,
            None if expected == "unchanged" => input,
            None => expected,
        };
        assert_eq!(clean(input).output, want, "{input}");
    }
}

/// A link that carries a parameter, for the rule's hosts and path.
fn sample_link(hosts: &[&str], rest: Option<&Rest>, query: &str) -> String {
    let host = hosts.first().copied().unwrap_or("news.example").trim_start_matches('=');
    let host = match host {
        "*" => "news.example".to_string(),
        h if h.ends_with(".*") => format!("www.{}com", h.trim_end_matches('*')),
        h => h.to_string(),
    };
    let path = match rest {
        Some(Rest::Segments(s)) => s.replace('*', "x"),
        _ => "/p".to_string(),
    };
    format!("https://{host}{path}?{query}")
}

#[test]
fn every_sharer_id_parameter_is_removed_with_its_source() {
    let table = Table::embedded();
    let mut n = 0;
    for g in table.groups.iter().filter(|g| g.list == "silbato" && g.reason == Reason::SharerId) {
        assert!(g.source.starts_with("https://"), "{} has no source", g.id);
        for name in g.names() {
            let value = g.values().first().map_or("abc123".to_string(), |v| format!("{v}_abc"));
            let url = sample_link(g.at.hosts, g.at.rest.as_ref(), &format!("id=7&{name}={value}"));
            let r = clean(&url);
            assert_eq!(r.output, url.split('&').next().unwrap_or_default(), "{url}");
            let p = &r.removed[0];
            assert_eq!(
                (p.param.to_ascii_lowercase().as_str(), p.reason, p.rule.as_str(), p.source.as_str()),
                (name, Reason::SharerId, g.id, g.source)
            );
            assert!(r.names_sharer());
            n += 1;
        }
    }
    assert!(n >= 40, "{n} sharer_id parameters");
}

/// The sharer parameters the issue found left in real share links, each with the site it is on.
const SHARER_PARAMETERS: &[(&str, &str)] = &[
    ("https://www.tiktok.com/@a/video/1", "sec_user_id"),
    ("https://www.tiktok.com/@a/video/1", "share_iid"),
    ("https://www.tiktok.com/@a/video/1", "share_link_id"),
    ("https://www.tiktok.com/@a/video/1", "sp_root_share_link_id"),
    ("https://www.tiktok.com/@a/video/1", "_d"),
    ("https://www.tiktok.com/@a/video/1", "timestamp"),
    ("https://www.tiktok.com/@a/video/1", "sharer_language"),
    ("https://www.tiktok.com/@a/video/1", "web_id"),
    ("https://www.tiktok.com/@a/video/1", "sender_web_id"),
    ("https://www.tiktok.com/@a/video/1", "u_code"),
    ("https://www.tiktok.com/@a/video/1", "_t"),
    ("https://www.facebook.com/story.php", "rdid"),
    ("https://www.facebook.com/story.php", "share_url"),
    ("https://www.pinterest.com/pin/1/sent/", "sender"),
    ("https://www.pinterest.es/pin/1/sent/", "invite_code"),
    ("https://someone.substack.com/p/a", "r"),
    ("https://open.substack.com/pub/a/p/b", "r"),
    ("https://open.spotify.com/track/1", "si"),
    ("https://open.spotify.com/track/1", "pi"),
    ("https://soundcloud.com/a/b", "si"),
    ("https://www.amazon.com/dp/B0X", "tag"),
    ("https://www.amazon.co.uk/dp/B0X", "linkId"),
    ("https://www.youtube.com/watch", "si"),
    ("https://youtu.be/x", "si"),
    ("https://www.instagram.com/p/x/", "igsh"),
    ("https://www.threads.net/@a/post/x", "xmt"),
    ("https://x.com/a/status/1", "t"),
    ("https://www.reddit.com/r/a/comments/b/", "share_id"),
    ("https://www.linkedin.com/posts/a", "rcm"),
    ("https://music.apple.com/us/album/a/1", "at"),
];

#[test]
fn the_sharer_parameters_found_in_real_share_links_are_removed() {
    for (page, param) in SHARER_PARAMETERS {
        let r = clean(&format!("{page}?{param}=AbC123xyz"));
        assert_eq!(r.output, *page, "{param}");
        assert_eq!(r.removed.len(), 1, "{page} {param}");
        assert_eq!(r.removed[0].reason, Reason::SharerId, "{page} {param}");
        assert!(r.removed[0].source.starts_with("https://"), "{page} {param}");
    }
    let r = clean("https://www.amazon.com/dp/B0X/ref=cm_sw_r_cp_api_i_AbC");
    assert_eq!(
        (r.output.as_str(), r.removed[0].param.as_str(), r.removed[0].reason),
        ("https://www.amazon.com/dp/B0X", "/ref=cm_sw_r_cp_api_i_AbC", Reason::SharerId)
    );
}

/// Links collected from each platform as people copy them: what the page
/// needs (the video and its time, a playlist and its place, a search and its
/// page, a product variant, a track, a friend or gift link) must stay.
const NEEDED: &[(&str, &str)] = &[
    // YouTube
    (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI&index=4&t=43s&pp=ygUE&si=AbC",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI&index=4&t=43s",
    ),
    ("https://youtu.be/dQw4w9WgXcQ?t=43&si=x&feature=shared", "https://youtu.be/dQw4w9WgXcQ?t=43"),
    ("https://www.youtube.com/results?search_query=know+your+rights&sp=EgIQAQ%253D%253D", ""),
    ("https://www.youtube.com/watch?v=x&lc=UgzAbc", ""),
    ("https://www.youtube.com/embed/x?start=30&end=60", ""),
    ("https://www.youtube.com/playlist?list=PL123", ""),
    ("https://www.youtube.com/shorts/abc?feature=share", "https://www.youtube.com/shorts/abc"),
    // Instagram, Threads
    ("https://www.instagram.com/p/C1a2B3/?img_index=2&igsh=MTc4", "https://www.instagram.com/p/C1a2B3/?img_index=2"),
    ("https://www.instagram.com/explore/tags/protesta/", ""),
    ("https://www.threads.net/@user/post/C9x?xmt=AQGz", "https://www.threads.net/@user/post/C9x"),
    // Facebook
    ("https://www.facebook.com/watch/?v=1234&mibextid=wwXIfr", "https://www.facebook.com/watch/?v=1234"),
    ("https://www.facebook.com/groups/1/permalink/2/?comment_id=3&reply_comment_id=4", ""),
    ("https://www.facebook.com/story.php?story_fbid=pfbid0T&id=1000&rdid=x", "https://www.facebook.com/story.php?story_fbid=pfbid0T&id=1000"),
    ("https://www.facebook.com/search/top/?q=ice%20raid", ""),
    // X
    ("https://x.com/search?q=%23ICE&src=typed_query&f=live", "https://x.com/search?q=%23ICE&f=live"),
    ("https://x.com/user/status/1790?s=20&t=AbC", "https://x.com/user/status/1790"),
    // TikTok
    ("https://www.tiktok.com/search?q=protest&t=1700000000000", ""),
    ("https://www.tiktok.com/@user/video/7301?lang=es&is_from_webapp=1&sender_device=pc", "https://www.tiktok.com/@user/video/7301?lang=es"),
    // Reddit
    (
        "https://www.reddit.com/r/Minneapolis/comments/abc/title/?share_id=x&utm_medium=android_app",
        "https://www.reddit.com/r/Minneapolis/comments/abc/title/",
    ),
    ("https://www.reddit.com/r/x/comments/abc/title/def/?context=3", ""),
    ("https://www.reddit.com/r/x/search/?q=ice&restrict_sr=1&sort=new", ""),
    ("https://www.reddit.com/r/x/?after=t3_abc&count=25", ""),
    // Spotify, SoundCloud, Apple Music, Twitch
    ("https://open.spotify.com/episode/abc?si=x&t=120", "https://open.spotify.com/episode/abc?t=120"),
    ("https://open.spotify.com/playlist/abc?si=x&pi=y&pt=z", "https://open.spotify.com/playlist/abc"),
    ("https://open.spotify.com/search/protest%20songs", ""),
    ("https://soundcloud.com/a/b?in=a/sets/c&si=x&utm_source=clipboard", "https://soundcloud.com/a/b?in=a/sets/c"),
    ("https://soundcloud.com/search?q=cumbia", ""),
    ("https://music.apple.com/us/album/name/123?i=456", ""),
    ("https://www.twitch.tv/videos/123?t=1h2m3s&tt_medium=x", "https://www.twitch.tv/videos/123?t=1h2m3s"),
    // LinkedIn, Pinterest, Substack, Medium
    ("https://www.linkedin.com/jobs/search/?keywords=organizer&location=Minneapolis&start=25", ""),
    ("https://www.linkedin.com/jobs/view/123/?trackingId=x&refId=y", "https://www.linkedin.com/jobs/view/123/"),
    ("https://www.pinterest.com/search/pins/?q=protest%20signs&rs=typed", ""),
    ("https://www.pinterest.com/pin/123/sent/?invite_code=x&sender=y&sfo=1", "https://www.pinterest.com/pin/123/sent/"),
    ("https://someone.substack.com/p/post?r=abc&utm_medium=ios", "https://someone.substack.com/p/post"),
    ("https://someone.substack.com/archive?sort=new", ""),
    ("https://medium.com/@a/story-abc?sk=123&source=friends_link", "https://medium.com/@a/story-abc?sk=123"),
    // Amazon: the variant, a search with its filters and page
    ("https://www.amazon.com/dp/B08H93ZRK9?th=1&psc=1", "https://www.amazon.com/dp/B08H93ZRK9?psc=1"),
    (
        "https://www.amazon.com/s?k=protest+signs&i=arts-crafts&rh=n%3A123&page=2&crid=1&qid=2&sprefix=p&ref=sr_pg_2",
        "https://www.amazon.com/s?k=protest+signs&i=arts-crafts&rh=n%3A123&page=2",
    ),
    ("https://www.amazon.com.mx/dp/B0X/ref=cm_sw_r_apan_dp_ABC?_encoding=UTF8&psc=1", "https://www.amazon.com.mx/dp/B0X?psc=1"),
    // Google and Maps
    ("https://www.google.com/search?q=rights&start=10&tbm=nws&sca_esv=1&ei=x&ved=y", "https://www.google.com/search?q=rights&start=10&tbm=nws"),
    ("https://www.google.com/maps/search/?api=1&query=city+hall", ""),
    ("https://www.google.com/maps/dir/?api=1&origin=a&destination=b&travelmode=walking", ""),
    ("https://www.google.com/maps/place/X/@44.97,-93.26,17z?entry=ttu&g_ep=EgoyMDI0", "https://www.google.com/maps/place/X/@44.97,-93.26,17z"),
    // News: gift links stay (and are warned about), pages stay
    (
        "https://www.nytimes.com/2025/01/01/us/a.html?unlocked_article_code=1.ABC&smid=url-share",
        "https://www.nytimes.com/2025/01/01/us/a.html?unlocked_article_code=1.ABC",
    ),
    ("https://www.washingtonpost.com/a/?pwapi_token=eyJhbGci&itid=x", "https://www.washingtonpost.com/a/?pwapi_token=eyJhbGci"),
    ("https://www.wsj.com/articles/a?st=UVUNdd&reflink=desktopwebshare_permalink", "https://www.wsj.com/articles/a?st=UVUNdd"),
    ("https://www.theguardian.com/us-news/live/2025/a?page=with:block-1#block-1", ""),
    ("https://www.bbc.com/mundo/articles/abc?at_medium=RSS", "https://www.bbc.com/mundo/articles/abc"),
    ("https://www.reuters.com/world/?page=2", ""),
    ("https://example.org/news?page=3&sort=new&id=9", ""),
];

#[test]
fn nothing_a_page_needs_is_removed() {
    let mut wrong = Vec::new();
    for (input, output) in NEEDED {
        let want = if output.is_empty() { input } else { output };
        let got = clean(input).output;
        if got != *want {
            wrong.push(format!("{input}\n  got  {got}\n  want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn gift_and_friend_links_are_kept_and_warned_about() {
    for input in [
        "https://www.wsj.com/articles/a?st=UVUNdd",
        "https://www.washingtonpost.com/a/?pwapi_token=eyJhbGci",
        "https://medium.com/@a/story-abc?sk=123",
    ] {
        let r = clean(input);
        assert_eq!(r.output, input);
        assert_eq!(r.warnings.len(), 1, "{input}");
        assert!(r.warnings[0].contains("kept"), "{}", r.warnings[0]);
    }
    assert!(clean_link("https://medium.com/@a/s?sk=1", Lang::Es).warnings[0].starts_with("Se dejó «sk»"));
}

#[test]
fn short_links_name_the_platform_and_how_to_get_the_plain_link() {
    for (input, site) in [
        ("https://spotify.link/74vFi7E2yDb", "Spotify"),
        ("https://open.spotify.com/s/2czejYu", "Spotify"),
        ("https://pin.it/cTwZfG_", "Pinterest"),
        ("https://a.co/d/0abcDEF", "Amazon"),
        ("https://amzn.to/3xyz", "Amazon"),
        ("https://maps.app.goo.gl/CKMBgGas7Dj29GGK8?g_st=ic", "Google Maps"),
        ("https://share.google/bd65h6Hs98E5sSrkG", "Google"),
        ("https://on.soundcloud.com/a8QmYdMnmxnsSTEp9", "SoundCloud"),
        ("https://www.reddit.com/r/Minneapolis/s/9aRRC2rZpd", "Reddit"),
        ("https://www.reddit.com/u/someone/s/9aRRC2rZpd", "Reddit"),
        ("https://vm.tiktok.com/ZMabc123/", "TikTok"),
        ("https://www.facebook.com/share/p/1AbCdEfGh/", "Facebook"),
        ("https://www.instagram.com/share/reel/BARSSL4rTu", "Instagram"),
        ("https://link.medium.com/AbCdE", "Medium"),
        ("https://www.snapchat.com/t/AbCdE", "Snapchat"),
    ] {
        for lang in [Lang::En, Lang::Es] {
            let r = clean_link(input, lang);
            assert_eq!(r.share_link.as_deref(), Some(site), "{input}");
            assert!(r.names_sharer());
            let w = &r.warnings[0];
            assert!(w.contains(site), "{w}");
            let how = match lang {
                Lang::En => ["copy the address", "Copy link"],
                Lang::Es => ["copia la dirección", "Copiar enlace"],
            };
            assert!(how.iter().any(|h| w.contains(h)), "{w}");
        }
    }
    // Where they lead is no short link.
    for input in
        ["https://open.spotify.com/track/1", "https://www.pinterest.com/pin/1/", "https://www.amazon.com/dp/B0X", "https://maps.google.com/?q=a"]
    {
        assert!(clean(input).share_link.is_none(), "{input}");
    }
}

#[test]
fn every_silbato_rule_has_a_source_and_a_unique_id() {
    let table = Table::embedded();
    let mut ids: Vec<&str> = Vec::new();
    for g in table.groups.iter().filter(|g| g.list == "silbato") {
        assert!(g.source.starts_with("https://"), "{}", g.id);
        ids.push(g.id);
    }
    for k in table.keep {
        assert!(k.source.starts_with("https://") && !k.why.is_empty(), "{}", k.id);
        ids.push(k.id);
    }
    for s in table.short_links {
        assert!(s.source.starts_with("https://"), "{}", s.id);
        ids.push(s.id);
    }
    for r in table.redirects.iter().filter(|r| r.list == "silbato") {
        assert!(r.source.starts_with("https://"), "{}", r.id);
        ids.push(r.id);
    }
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "Silbato's rule ids are unique");
    assert!(table.groups.len() > 250 && table.redirects.len() > 100, "the lists are in the table");
}

#[test]
fn every_expression_in_the_table_compiles() {
    let table = Table::embedded();
    let mut n = 0;
    let mut check = |id: &str, r: &table::LazyRegex| {
        assert!(r.get().is_some(), "{id}: {}", r.source);
        n += 1;
    };
    for g in table.groups {
        g.regexes().for_each(|r| check(g.id, r));
        for at in std::iter::once(&g.at).chain(g.except) {
            if let Some(Rest::Regex(r)) = &at.rest {
                check(g.id, r.regex());
            }
        }
    }
    for r in table.redirects {
        if let Take::Regex(re) | Take::PathRegex(re) = &r.take {
            check(r.id, re.regex());
        }
    }
    assert!(n > 30, "{n}");
}

/// What the lists say that the table does not apply (ruffle's `known_failure`):
/// a new snapshot that adds to it fails here, so someone looks.
const UNTRANSLATED: &[&str] = &[
    "clearurls:ClearURLsTestBlock",
    "clearurls:ClearURLsTestBlock2",
    "clearurls:adsensecustomsearchads",
    "clearurls:adtech",
    "clearurls:amazon-adsystem",
    "clearurls:bf-ad",
    "clearurls:bigfishgames.com",
    "clearurls:fls-na.amazon",
    "clearurls:globalRules",
    "clearurls:googlesyndication",
    "clearurls:pantip.com",
    "clearurls:youtube_apiads",
    "clearurls:youtube_pagead",
];

#[test]
fn what_the_table_leaves_out_is_known() {
    let table = Table::embedded();
    let mut rules: Vec<&str> = table.untranslated.iter().map(|u| u.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    assert_eq!(rules, UNTRANSLATED, "{:#?}", table.untranslated);
    // Only ClearURLs' whole-address blocks, two raw rules that are not whole
    // parameters, and one exception for WebSocket addresses.
    for u in table.untranslated {
        assert!(u.why.starts_with("completeProvider") || u.why.starts_with("rawRules") || u.pattern.starts_with("^wss?:"), "{u:?}");
    }
}

#[test]
fn a_cleaned_link_is_the_original_minus_whole_parts() {
    // Whatever is kept is byte for byte as written, in order.
    for (input, _) in NEEDED {
        let out = clean(input).output;
        let mut rest = input.as_bytes();
        for b in out.bytes() {
            let at = rest.iter().position(|c| *c == b).unwrap_or_else(|| panic!("{out} is not a subsequence of {input}"));
            rest = &rest[at + 1..];
        }
    }
}
