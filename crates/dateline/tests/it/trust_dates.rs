//! Issue 15, section 4: the options that decide dates (`--date-order`, `--date-from`) and the
//! page-copy reader forced with `--format kcna`, through the real binary.

use std::path::Path;

use crate::harness::{self, read_csv, Row};

fn ingest(input: &Path, out: &Path, extra: &[&str]) -> harness::Outcome {
    let mut args: Vec<std::ffi::OsString> = vec!["ingest".into()];
    args.extend(extra.iter().map(Into::into));
    args.extend([input.into(), "-o".into(), out.into()]);
    harness::run(args)
}

/// (title, date, flags) of every row, sorted by title.
fn rows(out: &Path) -> Vec<(String, String, String)> {
    let mut v: Vec<(String, String, String)> = read_csv(out)
        .iter()
        .map(|r: &Row| {
            (
                r.get("title").to_string(),
                r.get("date").to_string(),
                r.get("flags").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn t(title: &str, date: &str, flags: &str) -> (String, String, String) {
    (title.into(), date.into(), flags.into())
}

#[test]
fn date_order_reads_ambiguous_slash_dates() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    let csv = input.join("slashes.csv");
    std::fs::write(
        &csv,
        "date,title,text\n03/10/2022,First,Body of the first row.\n13/07/2025,Second,Body of the second row.\n07/13/2025,Third,Body of the third row.\n",
    )
    .expect("write");
    let out = tmp.path().join("out.csv");
    // Without the order: one warning for the file, the ambiguous row undated; a day above 12
    // settles the order of the others, row by row.
    let o = ingest(&input, &out, &[]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(
        o.problems(),
        vec![format!(
            "warning: {}: ambiguous slash date `03/10/2022` not read (give --date-order dmy or mdy)",
            csv.display()
        )]
    );
    assert_eq!(
        rows(&out),
        vec![
            t("First", "", "no_date"),
            t("Second", "2025-07-13", ""),
            t("Third", "2025-07-13", ""),
        ]
    );
    // With it: followed everywhere; a date that the order makes impossible is reported.
    let o = ingest(&input, &out, &["--date-order", "dmy"]);
    assert_eq!(
        o.problems(),
        vec![format!(
            "warning: {}:4: date `07/13/2025` does not exist",
            csv.display()
        )]
    );
    assert_eq!(
        rows(&out),
        vec![
            t("First", "2022-10-03", ""),
            t("Second", "2025-07-13", ""),
            t("Third", "", "no_date"),
        ]
    );
    let o = ingest(&input, &out, &["--date-order", "mdy"]);
    assert_eq!(
        o.problems(),
        vec![format!(
            "warning: {}:3: date `13/07/2025` does not exist",
            csv.display()
        )]
    );
    assert_eq!(
        rows(&out),
        vec![
            t("First", "2022-03-10", ""),
            t("Second", "", "no_date"),
            t("Third", "2025-07-13", ""),
        ]
    );
    let o = ingest(&input, &out, &["--date-order", "ymd"]);
    assert_ne!(o.code, Some(0));
    assert!(
        o.stderr
            .contains("--date-order: unknown date order `ymd` (expected dmy or mdy)"),
        "{}",
        o.stderr
    );
}

#[test]
fn page_copy_date_lines_are_day_first_unless_told() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::write(
        input.join("page.txt"),
        harness::page(
            "Talks Held In October",
            "03/10/2022",
            &["Pyongyang, October 3 (KCNA) -- Talks were held."],
            "2022.10.03.",
        ),
    )
    .expect("write");
    let out = tmp.path().join("out.csv");
    let o = ingest(&input, &out, &[]);
    assert_eq!(o.problems(), Vec::<String>::new());
    assert_eq!(
        rows(&out),
        vec![t("Talks Held In October", "2022-10-03", "")]
    );
}

/// A kcna-cojp day file whose articles carry a dateline a day before the file's date.
fn day_file(input: &Path) {
    std::fs::write(
        input.join("2017-09-06_juche.json"),
        r#"{"date": "2017-09-05", "url": "http://kcna.co.jp/item/2017/201709/news05/", "articles": [
  {"title": "Talks Held", "url": "u1", "content": "Talks Held\r\nPyongyang, September 4 (KCNA) -- Talks were held at the Mansudae Assembly Hall."},
  {"title": "No Dateline", "url": "u3", "content": "A factory was expanded in the province."}
]}"#,
    )
    .expect("write");
    std::fs::write(
        input.join("2018-01-02_juche.json"),
        r#"{"date": "2018-01-01", "articles": [
  {"title": "Year Turned", "url": "u2", "content": "Pyongyang, December 31 (KCNA) -- The year ended with a meeting of the workers."}
]}"#,
    )
    .expect("write");
}

#[test]
fn date_from_chooses_the_source_of_the_date() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    day_file(&input);
    let out = tmp.path().join("out.csv");
    type Row3<'a> = [(&'a str, &'a str, &'a str); 3];
    let cases: [(&str, Row3); 4] = [
        (
            "auto",
            [
                ("No Dateline", "2017-09-05", ""),
                ("Talks Held", "2017-09-05", "date_mismatch"),
                ("Year Turned", "2018-01-01", "date_mismatch"),
            ],
        ),
        (
            "field",
            [
                ("No Dateline", "2017-09-05", ""),
                ("Talks Held", "2017-09-05", "date_mismatch"),
                ("Year Turned", "2018-01-01", "date_mismatch"),
            ],
        ),
        (
            // The dateline's day, in the year that puts it nearest the field's date (December 31
            // of the year before); the field's date when there is no dateline.
            "dateline",
            [
                ("No Dateline", "2017-09-05", ""),
                ("Talks Held", "2017-09-04", "date_mismatch"),
                ("Year Turned", "2017-12-31", "date_mismatch"),
            ],
        ),
        (
            "filename",
            [
                ("No Dateline", "2017-09-06", "date_from_filename"),
                (
                    "Talks Held",
                    "2017-09-06",
                    "date_from_filename;date_mismatch",
                ),
                (
                    "Year Turned",
                    "2018-01-02",
                    "date_from_filename;date_mismatch",
                ),
            ],
        ),
    ];
    for (from, want) in cases {
        let o = ingest(&input, &out, &["--date-from", from]);
        assert_eq!(o.code, Some(0), "{from}: {}", o.stderr);
        assert_eq!(o.problems(), Vec::<String>::new(), "{from}");
        let want: Vec<_> = want.iter().map(|(a, b, c)| t(a, b, c)).collect();
        assert_eq!(rows(&out), want, "--date-from {from}");
    }
    let o = ingest(&input, &out, &["--date-from", "url"]);
    assert_ne!(o.code, Some(0));
    assert!(o.stderr.contains(
        "--date-from: unknown date source `url` (expected auto, field, dateline or filename)"
    ));
}

#[test]
fn date_from_field_never_takes_the_file_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::write(
        input.join("2018-03-05-talks.txt"),
        "Talks Held\n\nTalks were held in the capital.\n",
    )
    .expect("write");
    let out = tmp.path().join("out.csv");
    ingest(&input, &out, &[]);
    assert_eq!(
        rows(&out),
        vec![t("Talks Held", "2018-03-05", "date_from_filename")]
    );
    ingest(&input, &out, &["--date-from", "field"]);
    assert_eq!(rows(&out), vec![t("Talks Held", "", "no_date")]);
}

#[test]
fn forced_kcna_format_reads_any_date_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    for (name, date) in [
        ("iso.kcna", "2025-07-13"),
        ("named.kcna", "July 13, 2025"),
        ("slash.kcna", "13/07/2025"),
    ] {
        let page = harness::page(
            &format!("Page Dated {date}"),
            date,
            &[&format!(
                "Pyongyang, July 13 (KCNA) -- The page dated {date} was read."
            )],
            "2025.07.13.",
        );
        std::fs::write(
            input.join(name),
            format!("{page}\nMore From KCNA.kp (En)\n\nA Teaser {date}\n\nA Teaser {date}\n\nLead\n\nFebruary 17, 2026\n\nLead\n\nMore Articles\n"),
        )
        .expect("write");
    }
    let out = tmp.path().join("out.csv");
    let o = ingest(&input, &out, &["--format", "kcna"]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(o.problems(), Vec::<String>::new());
    let got: Vec<(String, String, String)> = read_csv(&out)
        .iter()
        .map(|r| {
            (
                r.get("title").to_string(),
                r.get("date").to_string(),
                r.get("body").to_string(),
            )
        })
        .collect();
    let mut got = got;
    got.sort();
    let want: Vec<(String, String, String)> = ["13/07/2025", "2025-07-13", "July 13, 2025"]
        .iter()
        .map(|d| {
            (
                format!("Page Dated {d}"),
                "2025-07-13".to_string(),
                format!("The page dated {d} was read."),
            )
        })
        .collect();
    assert_eq!(got, want);
}
