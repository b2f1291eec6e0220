//! Bad inputs of issue 15, dates and pages: nothing invented (issue 15, section 4).
//! Each case is one kind of input with its exact outcome; `tests/bad-inputs/README.md` lists them.

#[allow(unused_imports)]
use crate::bad_inputs::{d, gzip, write, Case, Doc, Expect, P1, P2, P3};

/// A Cloudflare block page as a browser saves it (scripts and styles shortened).
pub(crate) const CLOUDFLARE: &str = r#"<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<html lang="en-US"><head><title>Attention Required! | Cloudflare</title>
<meta charset="UTF-8" /><meta name="robots" content="noindex, nofollow" />
<style>#cf-wrapper{margin:0 auto}</style>
<script>(function(){window._cf_chl_opt={cvId: '3',cZone: 'kcnawatch.org'};})();</script>
</head><body><div id="cf-wrapper"><div class="cf-alert cf-alert-error cf-cookie-error" id="cookie-alert">Please enable cookies.</div>
<div id="cf-error-details" class="cf-error-details-wrapper"><div class="cf-wrapper cf-header cf-error-overview">
<h1 data-translate="block_headline">Sorry, you have been blocked</h1>
<h2 class="cf-subheadline"><span data-translate="unable_to_access">You are unable to access</span> kcnawatch.org</h2></div>
<div class="cf-section cf-wrapper"><h2 data-translate="blocked_why_headline">Why have I been blocked?</h2>
<p>This website is using a security service to protect itself from online attacks. The action you just performed triggered the security solution.</p>
<h2>What can I do to resolve this?</h2><p>You can email the site owner to let them know you were blocked.</p></div>
<div class="cf-error-footer"><p><span>Cloudflare Ray ID: <strong class="font-semibold">8a1b2c3d4e5f6789</strong></span> &bull; <span>Your IP: 203.0.113.7</span> &bull; <span>Performance &amp; security by Cloudflare</span></p></div>
</div></div></body></html>
"#;

/// Apache's own "404 Not Found" page.
pub(crate) const APACHE_404: &str = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL /news/2022-03-10-0003.html was not found on this server.</p>\n<hr>\n<address>Apache/2.4.41 (Ubuntu) Server at www.kcna.kp Port 80</address>\n</body></html>\n";

/// A page copy (capture line, source line, title, `Date:` line as given, paragraphs, then the
/// real "More From" teaser block of two teasers and "More Articles").
fn page_with(title: &str, date: &str, paras: &[&str], end: &str) -> String {
    format!(
        "February 17, 2026Feb 17, 2026\nKCNA KCNA.kp (En)\n\n{title}\n\nDate: {date} | Source: KCNA.kp (En) | Read original version at source\n\n{}{end}\n\nMore From KCNA.kp (En)\n\nTeaser One Of {title}\n\nTeaser One Of {title}\n\nPyongyang, February 17 (KCNA) -- Lead of teaser one.\n\nFebruary 17, 2026\n\nPyongyang, February 17 (KCNA) -- Lead of teaser one.\n\nTeaser Two Of {title}\n\nTeaser Two Of {title}\n\nLead of teaser two.\n\nFebruary 16, 2026\n\nLead of teaser two.\n\nMore Articles\n",
        paras.join("\n\n")
    )
}

/// A JSON array of one record dated by `date` (raw JSON).
fn json_dated(dir: &std::path::Path, name: &str, title: &str, date: &str) -> std::path::PathBuf {
    write(
        dir,
        name,
        format!("[{{\"title\": \"{title}\", \"date\": {date}, \"text\": \"{P3} {title}.\"}}]"),
    )
}

/// The cases of this area, appended to `bad_inputs::cases()`.
#[allow(clippy::too_many_lines)]
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "json_date_year_only",
            make: |dir| {
                let p = json_dated(dir, "year.json", "A Year Is Not a Day", "\"2022\"");
                Expect::ok(vec![Doc::new("A Year Is Not a Day", "").flags("no_date")]).warn(
                    format!(
                        "warning: {}: record 1: date `2022` is a year, not a day",
                        d(&p)
                    ),
                )
            },
            bug: None,
        },
        Case {
            name: "json_date_compact_number",
            make: |dir| {
                json_dated(dir, "compact.json", "Compact Date Number", "20220310");
                Expect::ok(vec![Doc::new("Compact Date Number", "2022-03-10")])
            },
            bug: None,
        },
        Case {
            name: "json_date_spreadsheet_serial",
            make: |dir| {
                let p = json_dated(dir, "serial.json", "Spreadsheet Serial Day", "44630");
                Expect::ok(vec![
                    Doc::new("Spreadsheet Serial Day", "").flags("no_date")
                ])
                .warn(format!(
                    "warning: {}: record 1: date `44630` looks like a spreadsheet day number, not read (write dates as YYYY-MM-DD)",
                    d(&p)
                ))
            },
            bug: None,
        },
        Case {
            name: "json_date_epoch_microseconds",
            make: |dir| {
                json_dated(dir, "micro.json", "Epoch Microseconds", "1646870400000000");
                Expect::ok(vec![Doc::new("Epoch Microseconds", "2022-03-10")])
            },
            bug: None,
        },
        Case {
            name: "json_date_epoch_milliseconds",
            make: |dir| {
                write(
                    dir,
                    "millis.json",
                    format!("[{{\"headline\": \"Epoch Milliseconds\", \"date\": 1646870400000, \"date_str\": \"2022-03-10\", \"story_text\": \"{P3} Milliseconds.\"}}]"),
                );
                Expect::ok(vec![Doc::new("Epoch Milliseconds", "2022-03-10")])
            },
            bug: None,
        },
        Case {
            name: "json_date_epoch_nanoseconds",
            make: |dir| {
                let p = json_dated(dir, "nano.json", "Epoch Nanoseconds", "1646870400000000000");
                Expect::ok(vec![Doc::new("Epoch Nanoseconds", "").flags("no_date")]).warn(format!(
                    "warning: {}: record 1: unreadable date `1646870400000000000`",
                    d(&p)
                ))
            },
            bug: None,
        },
        Case {
            name: "json_date_iso_with_time_zone",
            make: |dir| {
                json_dated(
                    dir,
                    "zone.json",
                    "Dated In Its Own Time Zone",
                    "\"2022-03-10T23:30:00-05:00\"",
                );
                Expect::ok(vec![Doc::new("Dated In Its Own Time Zone", "2022-03-10")])
            },
            bug: None,
        },
        Case {
            name: "json_date_before_1945",
            make: |dir| {
                let p = json_dated(dir, "old.json", "Before Liberation", "\"1900-01-01\"");
                Expect::ok(vec![Doc::new("Before Liberation", "").flags("no_date")]).warn(format!(
                    "warning: {}: record 1: date `1900-01-01` is before 1945-08-15",
                    d(&p)
                ))
            },
            bug: None,
        },
        Case {
            name: "json_date_next_year",
            make: |dir| {
                use chrono::Datelike;
                let next = format!("{}-01-01", chrono::Local::now().year() + 1);
                let p = json_dated(dir, "next.json", "Dated Next Year", &format!("\"{next}\""));
                Expect::ok(vec![Doc::new("Dated Next Year", "").flags("no_date")]).warn(format!(
                    "warning: {}: record 1: date `{next}` is in the future",
                    d(&p)
                ))
            },
            bug: None,
        },
        Case {
            name: "csv_slash_dates_ambiguous",
            make: |dir| {
                let p = write(
                    dir,
                    "slashes.csv",
                    format!("date,title,text\n03/10/2022,Day Or Month One,\"{P3} One.\"\n04/10/2022,Day Or Month Two,\"{P3} Two.\"\n13/07/2025,Day Above Twelve,\"{P3} Three.\"\n07/07/2025,Day Equals Month,\"{P3} Four.\"\n"),
                );
                Expect::ok(vec![
                    Doc::new("Day Or Month One", "").flags("no_date"),
                    Doc::new("Day Or Month Two", "").flags("no_date"),
                    Doc::new("Day Above Twelve", "2025-07-13"),
                    Doc::new("Day Equals Month", "2025-07-07"),
                ])
                .warn(format!(
                    "warning: {}: 2 ambiguous slash dates such as `03/10/2022` not read (give --date-order dmy or mdy)",
                    d(&p)
                ))
            },
            bug: None,
        },
        Case {
            name: "file_name_date_in_the_future",
            make: |dir| {
                let p = write(
                    dir,
                    "2099-01-01-note.txt",
                    format!("Note From The Future\n\n{P3} Future note."),
                );
                Expect::ok(vec![Doc::new("Note From The Future", "").flags("no_date")]).warn(
                    format!(
                        "warning: {}:1: file-name date `2099-01-01` is in the future",
                        d(&p)
                    ),
                )
            },
            bug: None,
        },
        Case {
            name: "cloudflare_block_page_as_json",
            make: |dir| {
                let p = write(dir, "2022-03-10-0003.json", CLOUDFLARE);
                Expect::skipped(vec![format!(
                    "skipped: {}: error page (Cloudflare block)",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "cloudflare_block_page_as_html",
            make: |dir| {
                let p = write(dir, "2022-03-10-0003.html", CLOUDFLARE);
                Expect::skipped(vec![format!(
                    "skipped: {}: error page (Cloudflare block)",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "apache_404_page_as_html",
            make: |dir| {
                let p = write(dir, "2022-03-10-0004.html", APACHE_404);
                Expect::skipped(vec![format!(
                    "skipped: {}: error page (HTTP 404 Not Found)",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "error_page_record_in_json",
            make: |dir| {
                let p = write(
                    dir,
                    "day.json",
                    format!("[{{\"title\": \"Real Record Beside An Error\", \"date\": \"2022-03-10\", \"text\": \"{P3} Real.\"}}, {{\"title\": \"404 Not Found\", \"date\": \"2022-03-10\", \"text\": \"Not Found\\nThe requested URL /item/0003.htm was not found on this server.\"}}]"),
                );
                let mut e = Expect::ok(vec![Doc::new("Real Record Beside An Error", "2022-03-10")]);
                e.exit = 1;
                e.warn(format!(
                    "skipped: {}: record 2: error page (HTTP 404 Not Found)",
                    d(&p)
                ))
            },
            bug: None,
        },
        Case {
            name: "article_mentioning_404_and_blocked_kept",
            make: |dir| {
                write(
                    dir,
                    "2022-03-10-0005.html",
                    "<html><head><title>404 Not Found: US Arms Inventory</title></head><body><h1>404 Not Found: US Arms Inventory</h1><p>The inspectors said that the requested documents were not found on this server of lies, and that the road to peace has been blocked. Sorry, you have been blocked, the US told the reporters, according to KCNA.</p><p>The spokesman said that 404 weapons are missing and that the nginx of the Pentagon cannot hide them from the people of the world.</p></body></html>",
                );
                Expect::ok(vec![Doc::new(
                    "404 Not Found: US Arms Inventory",
                    "2022-03-10",
                )
                .flags("date_from_filename")
                .contains("Sorry, you have been blocked")])
            },
            bug: None,
        },
        Case {
            name: "page_copy_iso_date_line",
            make: |dir| {
                write(
                    dir,
                    "iso-date.txt",
                    page_with(
                        "Page With ISO Date Line",
                        "2025-07-13",
                        &[P1, P2],
                        " -0-\n\nwww.kcna.kp (2025.07.13.)",
                    ),
                );
                Expect::ok(vec![Doc::new("Page With ISO Date Line", "2025-07-13")
                    .contains("The delegation of the DPRK")
                    .contains("warm welcome.")])
            },
            bug: None,
        },
        Case {
            name: "page_copy_month_name_date_line",
            make: |dir| {
                write(
                    dir,
                    "named-date.txt",
                    page_with(
                        "Page With Month Name Date",
                        "July 13, 2025",
                        &[P1, "Visitors praised the displays."],
                        " -0-",
                    ),
                );
                Expect::ok(vec![Doc::new("Page With Month Name Date", "2025-07-13")
                    .contains("Visitors praised the displays.")])
            },
            bug: None,
        },
        Case {
            name: "page_copy_more_from_paragraph",
            make: |dir| {
                write(
                    dir,
                    "more-from.txt",
                    page_with(
                        "Letters From The Front",
                        "13/07/2025",
                        &[P1, "More From the front line, soldiers sent letters of thanks to the leader.", "The letters were read out at the meeting."],
                        " -0-\n\nwww.kcna.kp (2025.07.13.)",
                    ),
                );
                Expect::ok(vec![Doc::new("Letters From The Front", "2025-07-13")
                    .contains("More From the front line, soldiers sent letters")
                    .contains("The letters were read out at the meeting.")])
            },
            bug: None,
        },
        Case {
            name: "page_copy_truncated",
            make: |dir| {
                write(
                    dir,
                    "cut.txt",
                    "February 17, 2026Feb 17, 2026\nKCNA KCNA.kp (En)\n\nPage Cut Off Mid Body\n\nDate: 13/07/2025 | Source: KCNA.kp (En) | Read original version at source\n\nPyongyang, July 13 (KCNA) -- The delegation of the DPRK visited the exhibition.\n\nThe head of the delegation said that the exhibition showed the creative\n",
                );
                Expect::ok(vec![Doc::new("Page Cut Off Mid Body", "2025-07-13")
                    .flags("truncated")
                    .contains("showed the creative")])
            },
            bug: None,
        },
        Case {
            name: "control_chars_in_body",
            make: |dir| {
                let p = write(
                    dir,
                    "bell.json",
                    format!("[{{\"title\": \"Control Characters Removed\", \"date\": \"2022-03-10\", \"text\": \"The bell\\u0007rang.\\u0085Next line\\u0003 here, and Pyong\\ufeffyang. {P3}\"}}]"),
                );
                Expect::ok(vec![Doc::new("Control Characters Removed", "2022-03-10")
                    .flags("control_chars")
                    .contains("The bell rang.\n\nNext line here, and Pyongyang.")])
                .warn(format!(
                    "warning: {}: record 1: 4 control characters removed (U+0003, U+0007, U+0085, U+FEFF)",
                    d(&p)
                ))
            },
            bug: None,
        },
        Case {
            name: "html_nested_120000_deep",
            make: |dir| {
                let p = write(
                    dir,
                    "deep.html",
                    format!(
                        "<html><head><title>Deep</title></head><body>{}<p>{}</p>{}</body></html>",
                        "<div>".repeat(120_000),
                        "word ".repeat(40),
                        "</div>".repeat(120_000)
                    ),
                );
                Expect::skipped(vec![format!(
                    "skipped: {}: html nested more than 1000 elements deep, not read (limit of the html reader)",
                    d(&p)
                )])
            },
            bug: None,
        },
    ]
}
