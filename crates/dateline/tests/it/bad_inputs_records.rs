//! Bad inputs of issue 15, records: every record accounted for (issue 15, section 3).
//! Each case is one kind of input with its exact outcome; `tests/bad-inputs/README.md` lists them.
//! [`accounting_errors`] checks the record accounting of every case of the suite.

use std::path::Path;

#[allow(unused_imports)]
use crate::bad_inputs::{d, gzip, write, Case, Doc, Expect, P1, P2, P3};
use crate::harness::{page, read_csv, Row};

/// What does not add up in the run that wrote `dir/out.csv` (its manifest counts, corpus
/// rows `rows`, report rows `report` and `out.duplicates.csv`): records = kept + duplicates +
/// teasers left out + empty + skipped; kept = rows; one duplicates row per duplicate, naming a
/// kept document; no more skipped records than skipped problems with a line or record.
pub fn accounting_errors(dir: &Path, rows: &[Row], report: &[Row]) -> Vec<String> {
    let mut errs = Vec::new();
    let manifest: serde_json::Value = match std::fs::read(dir.join("out.manifest.json")) {
        Ok(b) => serde_json::from_slice(&b).expect("the manifest is JSON"),
        Err(e) => return vec![format!("no manifest: {e}")],
    };
    let r = &manifest["extra"]["report"];
    let n = |k: &str| {
        r[k].as_u64()
            .unwrap_or_else(|| panic!("manifest report lacks `{k}`"))
    };
    let sum = n("kept")
        + n("duplicates_removed")
        + n("teasers_dropped")
        + n("teasers_already_present")
        + n("empty_records")
        + n("skipped_records");
    if n("records") != sum {
        errs.push(format!(
            "accounting: {} records, parts add to {sum}: {r}",
            n("records")
        ));
    }
    if n("kept") != rows.len() as u64 {
        errs.push(format!(
            "accounting: kept {} but {} rows",
            n("kept"),
            rows.len()
        ));
    }
    let dups = read_csv(&dir.join("out.duplicates.csv"));
    if dups.len() as u64 != n("duplicates_removed") {
        errs.push(format!(
            "accounting: {} duplicates rows for {} duplicates removed",
            dups.len(),
            n("duplicates_removed")
        ));
    }
    for dup in &dups {
        if !rows.iter().any(|r| r.get("doc_id") == dup.get("doc_id")) {
            errs.push(format!("duplicate of an unknown document: {:?}", dup.0));
        }
    }
    let named = report
        .iter()
        .filter(|p| {
            p.get("skipped") == "true" && (!p.get("line").is_empty() || !p.get("record").is_empty())
        })
        .count() as u64;
    if n("skipped_records") > named {
        errs.push(format!(
            "accounting: {} records skipped but {named} named",
            n("skipped_records")
        ));
    }
    errs
}

/// The cases of this area, appended to `bad_inputs::cases()`.
#[allow(clippy::too_many_lines)]
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "csv_unterminated_quote_swallows_rows",
            make: |dir| {
                let p = write(
                    dir,
                    "open-quote.csv",
                    "date,title,body\n\
                     2018-02-01,Row Before The Quote,Body of the row before the quote.\n\
                     2018-02-02,Row Opening A Quote,\"Body that opens a quote and never closes it.\n\
                     2018-02-03,Row Swallowed One,Body of the first swallowed row.\n\
                     2018-02-04,Row Swallowed Two,\"Body of the second swallowed row, quoted.\"\n\
                     2018-02-05,Row After The Quote,Body of the row after the quote.\n",
                );
                Expect {
                    exit: 1,
                    docs: vec![
                        Doc::new("Row Before The Quote", "2018-02-01"),
                        Doc::new("Row Swallowed One", "2018-02-03")
                            .contains("Body of the first swallowed row."),
                        Doc::new("Row Swallowed Two", "2018-02-04")
                            .contains("Body of the second swallowed row, quoted."),
                        Doc::new("Row After The Quote", "2018-02-05"),
                    ],
                    problems: vec![format!(
                        "skipped: {}:3: unterminated quote: line 3 skipped",
                        d(&p)
                    )],
                    good_copies: 1,
                }
            },
            bug: None,
        },
        Case {
            name: "csv_unterminated_quote_in_last_row",
            make: |dir| {
                let p = write(
                    dir,
                    "open-last.csv",
                    "date,title,body\n\
                     2018-03-01,Row Before The Open Last Row,Body of the row before.\n\
                     2018-03-02,Last Row Opens A Quote,\"Body of the last row, which opens a quote.\n\
                     \n\
                     Its second paragraph, and the end of the file.\n",
                );
                Expect {
                    exit: 1,
                    docs: vec![Doc::new("Row Before The Open Last Row", "2018-03-01")],
                    problems: vec![format!(
                        "skipped: {}:3: unterminated quote: lines 3-5 skipped",
                        d(&p)
                    )],
                    good_copies: 1,
                }
            },
            bug: None,
        },
        Case {
            name: "csv_header_unterminated_quote",
            make: |dir| {
                let p = write(
                    dir,
                    "open-header.csv",
                    "\"date,title,body\n2018-03-05,Never Read,Body never read.\n",
                );
                Expect::skipped(vec![format!(
                    "skipped: {}:1: bad header: unterminated quote opened on line 1",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "csv_quote_inside_unquoted_field",
            make: |dir| {
                write(
                    dir,
                    "inner-quote.csv",
                    "date,title,body\n\
                     2018-04-01,He Said \"No\" Twice,Body with a \"quote opened in the middle of an unquoted field.\n\
                     2018-04-02,Row After The Inner Quote,Body of the row after the inner quote.\n",
                );
                Expect::ok(vec![
                    Doc::new("He Said \"No\" Twice", "2018-04-01")
                        .contains("Body with a \"quote opened in the middle of an unquoted field."),
                    Doc::new("Row After The Inner Quote", "2018-04-02"),
                ])
            },
            bug: None,
        },
        Case {
            name: "csv_headlines_with_empty_bodies",
            make: |dir| {
                write(
                    dir,
                    "headlines.csv",
                    "date,title,body\n\
                     2014-09-20,Headline Only One,\n\
                     2014-09-21,Headline Only Two,\n\
                     2014-09-22,\"Headline Only Three, Quoted\",\"\"\n",
                );
                Expect::ok(vec![
                    Doc::new("Headline Only One", "2014-09-20").flags("title_only"),
                    Doc::new("Headline Only Two", "2014-09-21").flags("title_only"),
                    Doc::new("Headline Only Three, Quoted", "2014-09-22").flags("title_only"),
                ])
            },
            bug: None,
        },
        Case {
            name: "headline_on_three_dates",
            make: |dir| {
                write(
                    dir,
                    "three-dates.csv",
                    "date,title,body\n\
                     2010-05-01,Headline On Three Dates,\n\
                     2010-05-08,Headline On Three Dates,\n\
                     2011-05-01,Headline On Three Dates,\n",
                );
                let h = |date| Doc::new("Headline On Three Dates", date).flags("title_only");
                Expect::ok(vec![h("2010-05-01"), h("2010-05-08"), h("2011-05-01")])
            },
            bug: None,
        },
        Case {
            name: "headline_twice_on_one_date",
            make: |dir| {
                write(
                    dir,
                    "same-date.csv",
                    "date,title,body\n\
                     2010-07-01,Headline Twice On One Date,\n\
                     2010-07-01,Headline Twice On One Date,\n",
                );
                let mut doc = Doc::new("Headline Twice On One Date", "2010-07-01")
                    .flags("title_only")
                    .origin_ends("same-date.csv:2");
                doc.copies = 2;
                Expect::ok(vec![doc])
            },
            bug: None,
        },
        Case {
            name: "story_carried_next_day",
            make: |dir| {
                // The later copy first in the file: the document takes the earliest date and
                // its origin.
                write(
                    dir,
                    "next-day.csv",
                    "date,title,body\n\
                     2010-08-02,Story Carried On Two Days,Body of a story carried on two days in a row.\n\
                     2010-08-01,Story Carried On Two Days,Body of a story carried on two days in a row.\n",
                );
                let mut doc = Doc::new("Story Carried On Two Days", "2010-08-01")
                    .origin_ends("next-day.csv:3");
                doc.copies = 2;
                Expect::ok(vec![doc])
            },
            bug: None,
        },
        Case {
            name: "story_reprinted_a_year_later",
            make: |dir| {
                let story = "Body of a story reprinted a year later, word for word.";
                write(
                    dir,
                    "reprint.json",
                    format!("[{{\"title\": \"Story Reprinted A Year Later\", \"date\": \"2015-03-01\", \"text\": \"{story}\"}}, {{\"title\": \"Story Reprinted A Year Later\", \"date\": \"2016-03-01\", \"text\": \"{story}\"}}]"),
                );
                Expect::ok(vec![
                    Doc::new("Story Reprinted A Year Later", "2015-03-01")
                        .origin_ends("reprint.json#1"),
                    Doc::new("Story Reprinted A Year Later", "2016-03-01")
                        .origin_ends("reprint.json#2"),
                ])
            },
            bug: None,
        },
        Case {
            name: "symlink_to_a_file_in_the_folder",
            make: |dir| {
                let target = write(
                    dir,
                    "2025-07-13-linked.txt",
                    page(
                        "Linked Article Read Once",
                        "13/07/2025",
                        &[P1, P2],
                        "2025.07.13.",
                    ),
                );
                std::os::unix::fs::symlink(&target, dir.join("0-link-to-linked.txt"))
                    .expect("symlink");
                // Read once, at its first path in sorted order (the link): one copy, no message.
                Expect::ok(vec![Doc::new("Linked Article Read Once", "2025-07-13")
                    .origin_ends("0-link-to-linked.txt:4")])
            },
            bug: None,
        },
        Case {
            name: "r_write_csv_na_bodies_and_dates",
            make: |dir| {
                // What R's write.csv writes: row names in an unnamed first column, NA unquoted.
                write(
                    dir,
                    "r-stories.csv",
                    "\"\",\"date\",\"title\",\"body\"\n\
                     \"1\",\"2011-01-01\",\"Headline With NA Body\",NA\n\
                     \"2\",NA,\"Story With NA Date\",\"Body of a story whose date is NA in R.\"\n",
                );
                Expect::ok(vec![
                    Doc::new("Headline With NA Body", "2011-01-01").flags("title_only"),
                    Doc::new("Story With NA Date", "")
                        .flags("no_date")
                        .contains("Body of a story whose date is NA in R."),
                ])
            },
            bug: None,
        },
        Case {
            name: "r_write_csv_na_titles",
            make: |dir| {
                write(
                    dir,
                    "r-untitled.csv",
                    "\"\",\"date\",\"title\",\"body\"\n\
                     \"1\",\"2011-02-01\",NA,\"Body of a story without a title, written by R.\"\n\
                     \"2\",\"2011-02-02\",NA,NA\n",
                );
                // The second row has neither title nor body: an empty record, counted.
                Expect::ok(vec![Doc::new("", "2011-02-01")
                    .contains("Body of a story without a title, written by R.")])
            },
            bug: None,
        },
        Case {
            name: "json_record_with_title_and_no_body",
            make: |dir| {
                write(
                    dir,
                    "headline.json",
                    "[{\"title\": \"Json Headline Without Body\", \"date\": \"2019-01-05\"}, {\"title\": \"Json Headline With Empty Text\", \"date\": \"2019-01-06\", \"text\": \"  \"}]",
                );
                Expect::ok(vec![
                    Doc::new("Json Headline Without Body", "2019-01-05").flags("title_only"),
                    Doc::new("Json Headline With Empty Text", "2019-01-06").flags("title_only"),
                ])
            },
            bug: None,
        },
        Case {
            name: "jsonl_headline_line_and_index_line",
            make: |dir| {
                let p = write(
                    dir,
                    "mixed.jsonl",
                    "{\"headline\": \"Jsonl Headline Only\", \"date\": \"2019-02-01\"}\n{\"date\": \"2019-02-02\", \"url\": \"http://x/2019-02-02\"}\n",
                );
                Expect {
                    exit: 1,
                    docs: vec![Doc::new("Jsonl Headline Only", "2019-02-01").flags("title_only")],
                    problems: vec![format!(
                        "skipped: {}:2: no text field (looked for `body`, `text`, `content`, `story`, `story_text`, `article`)",
                        d(&p)
                    )],
                    good_copies: 1,
                }
            },
            bug: None,
        },
    ]
}
