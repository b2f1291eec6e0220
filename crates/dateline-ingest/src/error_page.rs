//! Error and block pages saved in place of an article (a Cloudflare "Sorry, you have been
//! blocked" page, an Apache or nginx "404 Not Found"): recognised here, for every reader (HTML,
//! JSON, CSV, text, page copy), and skipped with the reason `error page (…)`.
//!
//! The patterns are specific so that an article that mentions "404" or "blocked" is never
//! dropped: the text must be short (an error page is a few hundred words at most), and it must
//! carry both a heading marker (the page's title or first line) and a marker of the page's body
//! (Cloudflare's "Ray ID", a web server's "requested URL … not found on this server").

use std::sync::LazyLock;

use regex::Regex;

/// Longer visible texts are never error pages.
const MAX_VISIBLE_CHARS: usize = 3_000;
/// Larger raw inputs are never examined (an error page is a few kilobytes).
pub(crate) const MAX_RAW_BYTES: usize = 512 * 1024;

static SCRIPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<script\b.*?</script\s*>").expect("valid regex"));
static STYLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<style\b.*?</style\s*>").expect("valid regex"));
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<[^<>]{0,2000}>").expect("valid regex"));
/// `404 Not Found`, `Error 503 Service Unavailable`, `403 - Forbidden` as the whole first line
/// (the page title), possibly followed by ` | site name`.
static STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:error\s*|http\s*(?:error\s*)?)?([45]\d\d)\s*[-:.]?\s*(bad request|unauthori[sz]ed|forbidden|not found|method not allowed|gone|too many requests|internal server error|bad gateway|service (?:temporarily )?unavailable|gateway time-?out)[ \t]*(?:[|\u{2013}\u{2014}-][ \t]*[^\n]{0,60})?(?:\n|$)",
    )
    .expect("valid regex")
});
/// What a web server's own error page says in its body.
static SERVER_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)requested url .{0,200}(?:was not found|not found on this server)|not found on this server|you don't have permission to access|server encountered an internal error|apache/\d|\bnginx\b|microsoft-iis|server at \S+ port \d+|the server is temporarily unable|\bcloudflare\b|ray id",
    )
    .expect("valid regex")
});

/// The visible text of `raw` (HTML or plain): scripts, styles and tags removed, spaces
/// collapsed. `None` when it is too long to be an error page.
fn visible(raw: &str) -> Option<String> {
    if raw.len() > MAX_RAW_BYTES {
        return None;
    }
    if !raw.contains('<') && raw.chars().count() > MAX_VISIBLE_CHARS {
        // Plain text: nothing to remove, already too long.
        return None;
    }
    let mut t = std::borrow::Cow::Borrowed(raw);
    if t.contains('<') {
        t = std::borrow::Cow::Owned(SCRIPT.replace_all(&t, " ").into_owned());
        t = std::borrow::Cow::Owned(STYLE.replace_all(&t, " ").into_owned());
        t = std::borrow::Cow::Owned(TAG.replace_all(&t, "\n").into_owned());
    }
    let t = t.replace("&nbsp;", " ").replace("&amp;", "&");
    let lines: Vec<String> = t
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    let v = lines.join("\n");
    (v.chars().count() <= MAX_VISIBLE_CHARS).then_some(v)
}

/// The kind of error page `raw` is (`Cloudflare block`, `HTTP 404 Not Found`), if it is one.
/// `raw` is a whole input (an HTML page, a text file) or a record's title and body joined by a
/// line break.
pub(crate) fn detect(raw: &str) -> Option<String> {
    let v = visible(raw)?;
    let low = v.to_lowercase();
    // Every Cloudflare error and challenge page names its "Ray ID".
    let cloudflare = low.contains("ray id");
    if cloudflare
        && (low.contains("sorry, you have been blocked")
            || low.contains("attention required!")
            || low.contains("access denied | ")
            || low.contains("error 1020"))
    {
        return Some("Cloudflare block".into());
    }
    if cloudflare
        && (low.contains("just a moment...")
            || low.contains("checking your browser before accessing")
            || low.contains("checking if the site connection is secure")
            || low.contains("verify you are human"))
    {
        return Some("Cloudflare challenge".into());
    }
    if low.starts_with("access denied")
        && low.contains("you don't have permission to access")
        && low.contains("reference #")
    {
        return Some("Akamai access denied".into());
    }
    if let Some(c) = STATUS.captures(&v) {
        if SERVER_BODY.is_match(&v) {
            let phrase = title_case(&c[2]);
            return Some(format!("HTTP {} {phrase}", &c[1]));
        }
    }
    None
}

/// `not found` → `Not Found`.
fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or(String::new(), |f| {
                f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const CLOUDFLARE: &str = r#"<!DOCTYPE html><html lang="en-US"><head><title>Attention Required! | Cloudflare</title><meta charset="UTF-8" /><style>body{margin:0}</style><script>window._cf_chl_opt={cvId: '2'};</script></head><body><div id="cf-wrapper"><div id="cf-error-details"><h1 data-translate="block_headline">Sorry, you have been blocked</h1><h2>You are unable to access kcnawatch.org</h2><p>This website is using a security service to protect itself from online attacks.</p><p>Cloudflare Ray ID: <strong>7a1b2c3d4e5f6789</strong> &bull; Your IP: 203.0.113.7 &bull; Performance &amp; security by Cloudflare</p></div></div></body></html>"#;
    pub(crate) const APACHE_404: &str = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL /news/2022-03-10-0003.html was not found on this server.</p>\n<hr>\n<address>Apache/2.4.41 (Ubuntu) Server at www.kcna.kp Port 80</address>\n</body></html>\n";

    #[test]
    fn error_pages() {
        assert_eq!(detect(CLOUDFLARE).as_deref(), Some("Cloudflare block"));
        assert_eq!(detect(APACHE_404).as_deref(), Some("HTTP 404 Not Found"));
        assert_eq!(
            detect("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.18.0</center></body></html>").as_deref(),
            Some("HTTP 502 Bad Gateway")
        );
        assert_eq!(
            detect("<html><head><title>Just a moment...</title></head><body>Checking if the site connection is secure. Ray ID: 1</body></html>").as_deref(),
            Some("Cloudflare challenge")
        );
        assert_eq!(
            detect("Access Denied\nYou don't have permission to access \"http://x/\" on this server.\nReference #18.1").as_deref(),
            Some("Akamai access denied")
        );
        // A JSON record's title and body.
        assert_eq!(
            detect("404 Not Found\nThe requested URL was not found on this server.").as_deref(),
            Some("HTTP 404 Not Found")
        );
    }

    #[test]
    fn articles_that_mention_errors_are_not_error_pages() {
        for text in [
            "404 Not Found\nThe requested documents were not found by the inspectors, the spokesman said.",
            "Sorry, you have been blocked\nThe US imperialists have blocked the road to peace, the statement said.",
            "Pyongyang, March 10 (KCNA) -- Cloudflare and other US firms were blocked, a Ray of hope. Sorry, you have been blocked, said the US.",
            "Error 404: an essay on the US failure to find weapons.",
            "404 Not Found: US Arms Inventory\nThe requested documents were not found on this server of lies, said the nginx of the Pentagon.",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
        // A long article starting like a status page is never one.
        let long = format!(
            "404 Not Found on This Server, US Says\n{}",
            "The nginx servers of the puppet regime were not found on this server. ".repeat(60)
        );
        assert_eq!(detect(&long), None);
    }
}
