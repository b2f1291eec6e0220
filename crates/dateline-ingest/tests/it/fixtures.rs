//! Hand-made fixtures in tests/fixtures/ingest: every format, and bad files with their exact
//! problem messages. Expected values were worked out by hand from the fixture bytes.

use std::path::{Path, PathBuf};

use dateline_core::Document;
use dateline_ingest::{ingest, Format, IngestOptions, Ingested};

use crate::{root, run};

fn dir(name: &str) -> PathBuf {
    root().join("tests/fixtures/ingest").join(name)
}

/// Problem messages with the fixture folder prefix removed.
fn messages(out: &Ingested, base: &Path) -> Vec<String> {
    let prefix = format!("{}/", base.parent().unwrap().display());
    out.report
        .problems
        .iter()
        .map(|p| p.message().replace(&prefix, ""))
        .collect()
}

fn by_title<'a>(out: &'a Ingested, title: &str) -> &'a Document {
    out.documents
        .iter()
        .find(|d| d.title.as_deref() == Some(title))
        .unwrap_or_else(|| panic!("no document titled {title:?}"))
}

#[test]
fn bad_files_are_reported_exactly() {
    let base = dir("bad");
    let out = run(std::slice::from_ref(&base));
    assert_eq!(
        messages(&out, &base),
        [
            "bad/binary.dat: binary file",
            "bad/dates.json: no text field (looked for `body`, `text`, `content`, `story`, `story_text`, `article`)",
            "bad/empty.txt: empty file",
            "bad/invalid-utf8.txt:4: invalid utf-8 replaced with U+FFFD",
            "bad/tokens.csv: no text column (looked for `body`, `text`, `content`, `story`, `story_text`, `article`)",
            "bad/truncated.json:3: invalid json: EOF while parsing a string",
            "bad/truncated.txt.gz: corrupt or truncated gzip: incomplete deflate stream",
        ]
    );
    let skipped: Vec<bool> = out.report.problems.iter().map(|p| p.skipped).collect();
    assert_eq!(skipped, [true, true, true, false, true, true, true]);
    let r = &out.report;
    assert_eq!((r.files_seen, r.files_read, r.kept), (7, 1, 1));
    // The invalid UTF-8 file is kept, lossily decoded and flagged.
    let d = &out.documents[0];
    assert_eq!(d.title.as_deref(), Some("Broken Bytes"));
    assert_eq!(
        d.body,
        "First line fine.\n\nSecond \u{fffd}\u{fffd} line bad."
    );
    assert_eq!(d.flags, ["no_date", "replacement_char"]);
}

#[test]
fn good_files_every_format() {
    let base = dir("good");
    let out = run(std::slice::from_ref(&base));
    assert_eq!(
        messages(&out, &base),
        [
            "good/list.html: html page without article text (list or index page)",
            "good/mismatch-page.txt:4: date mismatch: record says `2025-07-13`, end line says `2025-07-14`",
            "good/records.jsonl:3: invalid json: EOF while parsing an object",
            "good/records.jsonl: ambiguous slash date `06/05/2019` not read (give --date-order dmy or mdy)",
            "good/rodong.csv:4: bad row: 3 fields, expected 4",
        ]
    );
    let r = &out.report;
    // 14 files; list.html skipped. Records: jsonl 3 (one broken line), array 3, day 5,
    // rodong.json 1, csv 3 (one ragged row), tsv 1, html 1, note 1, dated 1, gz 1, mismatch 1,
    // bom 1, utf16 1 = 24.
    assert_eq!((r.files_seen, r.files_read, r.records), (14, 13, 24));
    // Skipped: the broken JSON line and the ragged CSV row, each named above.
    assert_eq!(r.skipped_records, 2);
    // Empty: the null entry. The photo record (empty story_text) and the entry without
    // content have headlines: title-only documents.
    assert_eq!(r.empty_records, 1);
    assert_eq!(r.title_only, 2);
    assert_eq!(by_title(&out, "Photo Only").body, "");
    assert_eq!(by_title(&out, "No Content").flags, ["title_only"]);
    // The two Venezuela entries differ only in whitespace and entities: one duplicate.
    assert_eq!(r.duplicates_removed, 1);
    assert_eq!(r.kept, 20);
    assert_eq!(
        r.records,
        r.kept + r.duplicates_removed + r.empty_records + r.skipped_records
    );
    // The BOM and UTF-16 files, and `06/05/2019` (day or month first?).
    assert_eq!(r.undated, 3);
    // Not English: one text in another language, and the short texts the detector cannot
    // place (`und`).
    assert_eq!(
        r.non_english,
        out.documents.iter().filter(|d| d.lang != "en").count() as u64
    );
    assert_eq!(
        out.documents
            .iter()
            .filter(|d| d.lang != "en" && d.lang != "und")
            .count(),
        1
    );

    // JSON Lines: a slash date of unknown order and epoch seconds; dateline removed.
    let d = by_title(&out, "Rice Planting Begins");
    assert_eq!(
        d.body,
        "Rice planting began on farms across the country this week."
    );
    assert_eq!(d.place.as_deref(), Some("Pyongyang"));
    assert!(d.origin.ends_with("good/records.jsonl:1"));
    assert_eq!(by_title(&out, "Bridge Opened").date, None);
    for (order, want) in [
        (dateline_ingest::DateOrder::Dmy, "2019-05-06"),
        (dateline_ingest::DateOrder::Mdy, "2019-06-05"),
    ] {
        let opts = IngestOptions {
            date_order: Some(order),
            ..IngestOptions::default()
        };
        let o = ingest(&[base.join("records.jsonl")], &opts, &|_| {});
        assert_eq!(
            by_title(&o, "Bridge Opened").date.unwrap().to_string(),
            want
        );
    }
    assert_eq!(
        by_title(&out, "Epoch Seconds").date.unwrap().to_string(),
        "2019-05-06"
    );
    // JSON array: epoch ms, source from the kcna.kp link, end mark removed; "Sept. 4, 2017".
    let d = by_title(&out, "Factory Expanded");
    assert_eq!(d.date.unwrap().to_string(), "2023-12-24");
    assert_eq!(
        d.body,
        "A factory was expanded.\n\nWorkers celebrated the event."
    );
    assert_eq!(d.source.as_deref(), Some("KCNA"));
    assert!(d.origin.ends_with("good/array.json#1"));
    assert_eq!(
        by_title(&out, "Abbreviated Month")
            .date
            .unwrap()
            .to_string(),
        "2017-09-04"
    );
    // Nested day file: date inherited, repeated headline and dateline removed, &nbsp; and
    // CR LF cleaned; the dateline (July 6) disagrees with the day (July 7).
    let d = out
        .documents
        .iter()
        .find(|d| d.origin.ends_with("day.json#1"))
        .unwrap();
    assert_eq!(d.date.unwrap().to_string(), "2008-07-07");
    assert_eq!(
        d.body,
        "Hugo Chavez Frias, President of Venezuela, on July 3 met a delegation.\n\nHe said the struggle of the Korean people is just."
    );
    assert_eq!(d.copies, 2);
    assert_eq!(d.flags, ["date_mismatch"]);
    assert!(d.origin.ends_with("good/day.json#1"));
    assert_eq!(by_title(&out, "Mision cubana").lang, "es");
    // Rodong JSON: paragraphs joined, images ignored, byline field, date from newsID.
    let d = by_title(&out, "Drills Staged");
    assert_eq!(
        d.body,
        "The units staged drills.\n\nThe drills proved the readiness of the units."
    );
    assert_eq!(d.byline.as_deref(), Some("Political News Team"));
    assert_eq!(d.date.unwrap().to_string(), "2022-10-10");
    assert_eq!(d.source.as_deref(), Some("Rodong Sinmun"));
    // CSV: embedded newline, doubled quotes, glued byline moved out.
    let d = by_title(&out, "Road Chosen by Itself");
    assert_eq!(
        d.body,
        "The U.S. cited \"anti-terrorism\".\n\nThe country advanced with self-development."
    );
    assert_eq!(d.byline.as_deref(), Some("Ri Hak Nam"));
    assert!(d.origin.ends_with("good/rodong.csv:2"));
    assert!(by_title(&out, "Japan Under Fire")
        .origin
        .ends_with("good/rodong.csv:5"));
    assert_eq!(by_title(&out, "Tab Title").body, "Tab separated body text.");
    // HTML (misnamed .json): Juche date, entities, <nobr>, byline paragraph.
    let d = by_title(&out, "March 8 International Women's Day Marked in DPRK");
    assert_eq!(d.date.unwrap().to_string(), "2022-03-10");
    assert!(d
        .body
        .contains("President Kim Il Sung and Chairman Kim Jong Il lie in state"));
    assert_eq!(d.byline.as_deref(), Some("Rodong Sinmun"));
    assert!(!d.has_flag("date_from_filename"));
    // Text: date from the file name; Date: line; gzip with the www end line as its date.
    let d = by_title(&out, "Spring Sowing");
    assert_eq!(d.date.unwrap().to_string(), "2019-05-06");
    assert_eq!(d.flags, ["date_from_filename"]);
    let d = by_title(&out, "Lavrov Visits");
    assert_eq!(d.date.unwrap().to_string(), "2025-07-13");
    assert_eq!(d.place.as_deref(), Some("Moscow"));
    assert_eq!(d.body, "Sergei Lavrov left for Pyongyang.");
    assert_eq!(d.flags, ["date_mismatch"]);
    let d = by_title(&out, "Zipped Title");
    assert_eq!(d.date.unwrap().to_string(), "2018-01-02");
    assert_eq!(d.body, "Compressed body text.");
    assert_eq!(by_title(&out, "Meeting Held").flags, ["date_mismatch"]);
    // BOM and UTF-16 decoded; no date anywhere.
    assert_eq!(by_title(&out, "BOM Title").flags, ["no_date"]);
    assert_eq!(
        by_title(&out, "UTF16 Title").body,
        "Body in UTF-16 little endian."
    );
}

#[test]
fn options_switch_steps_and_force_formats() {
    let base = dir("good");
    let opts = IngestOptions {
        clean: dateline_ingest::CleanOptions::none(),
        source: Some("Test".into()),
        ..IngestOptions::default()
    };
    let out = ingest(&[base.join("day.json")], &opts, &|_| {});
    // Without cleaning the two Venezuela copies differ: no duplicate; the dateline stays but
    // is still parsed.
    assert_eq!(out.report.duplicates_removed, 0);
    let d = out
        .documents
        .iter()
        .find(|d| d.origin.ends_with("day.json#1"))
        .unwrap();
    assert!(d
        .body
        .starts_with("Korean People's Struggle Supported by Venezuelan President \r\n&nbsp;"));
    assert_eq!(
        d.place.as_deref(),
        None,
        "dateline is not at the start without cleaning"
    );
    assert!(out
        .documents
        .iter()
        .all(|d| d.source.as_deref() == Some("Test")));
    // A JSON Lines file read as text when forced.
    let forced = IngestOptions {
        format: Some(Format::Text),
        ..IngestOptions::default()
    };
    let out = ingest(&[base.join("table.tsv")], &forced, &|_| {});
    assert_eq!(out.documents.len(), 1);
    assert_eq!(out.documents[0].title.as_deref(), Some("date title text"));
    // Custom field names: the headline taken from `date` (a number gives no title).
    let custom = IngestOptions {
        title_field: Some("date".into()),
        ..IngestOptions::default()
    };
    let out = ingest(&[base.join("records.jsonl")], &custom, &|_| {});
    let mut titles: Vec<Option<&str>> = out.documents.iter().map(|d| d.title.as_deref()).collect();
    titles.sort_unstable();
    assert_eq!(titles, [None, Some("06/05/2019"), Some("2019-05-06")]);
    let custom_csv = IngestOptions {
        text_col: Some("title".into()),
        title_col: Some("date".into()),
        ..IngestOptions::default()
    };
    let out = ingest(&[base.join("table.tsv")], &custom_csv, &|_| {});
    assert_eq!(out.documents[0].body, "Tab Title");
    assert_eq!(out.documents[0].title.as_deref(), Some("2019-02-01"));
}

#[test]
fn progress_reaches_the_total_and_order_is_stable() {
    let base = dir("good");
    let total = dateline_ingest::total_input_bytes(std::slice::from_ref(&base));
    let seen = std::sync::atomic::AtomicU64::new(0);
    let a = ingest(
        std::slice::from_ref(&base),
        &IngestOptions::default(),
        &|b| {
            seen.fetch_max(b, std::sync::atomic::Ordering::Relaxed);
        },
    );
    assert_eq!(seen.into_inner(), total);
    assert_eq!(a.report.bytes_read, total);
    let b = run(&[base]);
    let ids = |o: &Ingested| o.documents.iter().map(|d| d.doc_id).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
}
