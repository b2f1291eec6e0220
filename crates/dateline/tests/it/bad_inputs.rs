//! Issue 9: a generated suite of bad or awkward inputs, each run through the real binary
//! (`dateline ingest <folder with the bad input and one good page copy> -o out.csv`) with its
//! exact outcome: documents kept, messages on stderr, exit status, and the good page complete.
//!
//! Every input is written here at test time (nothing big or binary is committed). The list of
//! kinds and outcomes is `tests/bad-inputs/README.md`; a test checks that it names every case.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::harness::{self, assert_good_present, page, put_good, read_csv, Row};

/// A document the bad input should give.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The title column ("" for none).
    pub title: String,
    /// The date column ("" for none).
    pub date: String,
    /// The flags column.
    pub flags: String,
    /// Texts the body must contain.
    pub contains: Vec<String>,
    /// The `copies` column.
    pub copies: u64,
    /// The end of the `origin` column, when checked.
    pub origin_ends: Option<String>,
}

impl Doc {
    pub(crate) fn new(title: &str, date: &str) -> Self {
        Doc {
            title: title.into(),
            date: date.into(),
            flags: String::new(),
            contains: Vec::new(),
            copies: 1,
            origin_ends: None,
        }
    }
    pub(crate) fn flags(mut self, f: &str) -> Self {
        self.flags = f.into();
        self
    }
    pub(crate) fn origin_ends(mut self, s: &str) -> Self {
        self.origin_ends = Some(s.into());
        self
    }
    pub(crate) fn contains(mut self, s: &str) -> Self {
        self.contains.push(s.into());
        self
    }
}

/// The outcome a researcher should get.
#[derive(Debug, Clone)]
pub struct Expect {
    /// Exit status.
    pub exit: i32,
    /// Documents from the bad input (the good page is checked apart).
    pub docs: Vec<Doc>,
    /// Exact `skipped: …` / `warning: …` lines, in order.
    pub problems: Vec<String>,
    /// Copies of the good page (2 when the bad input duplicates it).
    pub good_copies: u64,
}

impl Expect {
    pub(crate) fn ok(docs: Vec<Doc>) -> Self {
        Expect {
            exit: 0,
            docs,
            problems: Vec::new(),
            good_copies: 1,
        }
    }
    pub(crate) fn skipped(problems: Vec<String>) -> Self {
        Expect {
            exit: 1,
            docs: Vec::new(),
            problems,
            good_copies: 1,
        }
    }
    pub(crate) fn warn(mut self, w: String) -> Self {
        self.problems.push(w);
        self
    }
}

/// One kind of bad input.
pub struct Case {
    /// Short name (listed in `tests/bad-inputs/README.md`).
    pub name: &'static str,
    /// Writes the input into the folder and returns the expected outcome.
    pub make: fn(&Path) -> Expect,
    /// `Some(what)` when the binary does not (yet) give the expected outcome: such a case is
    /// left out of the tests below (none is at present; `no_known_bugs` keeps it so).
    pub bug: Option<&'static str>,
}

pub(crate) fn d(p: &Path) -> String {
    p.display().to_string()
}

pub(crate) fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write a bad input");
    p
}

pub(crate) const P1: &str = "Pyongyang, July 13 (KCNA) -- The delegation of the DPRK visited the exhibition and looked round the products made by workers of the province.";
/// A paragraph without a dateline (for records dated by a field).
pub(crate) const P3: &str =
    "Working people across the country are making great strides in the economic construction.";
pub(crate) const P2: &str = "The head of the delegation said that the exhibition showed the creative power of the people and expressed thanks for the warm welcome.";

pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).expect("gzip in memory");
    gz.finish().expect("gzip in memory")
}

pub(crate) fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

/// Every kind of bad input, with what a researcher should get.
#[allow(clippy::too_many_lines)]
pub fn cases() -> Vec<Case> {
    let mut all = original_cases();
    // Issue 15 (trust): one file per area, so that the areas grow apart.
    all.extend(crate::bad_inputs_outputs::cases());
    all.extend(crate::bad_inputs_records::cases());
    all.extend(crate::bad_inputs_dates::cases());
    all.extend(crate::bad_inputs_counts::cases());
    all.extend(crate::bad_inputs_bounds::cases());
    all
}

fn original_cases() -> Vec<Case> {
    vec![
        Case {
            name: "zero_byte_file",
            make: |dir| {
                let p = write(dir, "empty.txt", b"");
                Expect::skipped(vec![format!("skipped: {}: empty file", d(&p))])
            },
            bug: None,
        },
        Case {
            name: "whitespace_only_file",
            make: |dir| {
                let p = write(dir, "blank.txt", b"  \n\n\t \r\n\n");
                Expect::skipped(vec![format!("skipped: {}: empty file", d(&p))])
            },
            bug: None,
        },
        Case {
            name: "binary_named_txt",
            make: |dir| {
                let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
                let p = write(dir, "photo.txt", bytes);
                Expect::skipped(vec![format!("skipped: {}: binary file", d(&p))])
            },
            bug: None,
        },
        Case {
            name: "invalid_utf8_mid_article",
            make: |dir| {
                let text = page(
                    "Exhibition Visited",
                    "13/07/2025",
                    &[P1, "The workers\u{1} said", P2],
                    "2025.07.13.",
                );
                let bytes = text.replace('\u{1}', "\u{7f}").into_bytes();
                // The byte 0xFF in the middle of line 10 (the second paragraph).
                let bytes: Vec<u8> = bytes
                    .into_iter()
                    .map(|b| if b == 0x7f { 0xff } else { b })
                    .collect();
                let p = write(dir, "2025-07-13-exhibition.txt", bytes);
                Expect::ok(vec![Doc::new("Exhibition Visited", "2025-07-13")
                    .flags("replacement_char")
                    .contains("The workers\u{fffd} said")
                    .contains(P2)])
                .warn(format!(
                    "warning: {}:10: invalid utf-8 replaced with U+FFFD",
                    d(&p)
                ))
            },
            bug: None,
        },
        Case {
            name: "utf16le_with_bom",
            make: |dir| {
                let text = page(
                    "Talks Held in UTF-16",
                    "13/07/2025",
                    &[P1, P2],
                    "2025.07.13.",
                );
                write(dir, "utf16le.txt", utf16(&text, false));
                Expect::ok(vec![
                    Doc::new("Talks Held in UTF-16", "2025-07-13").contains(P2)
                ])
            },
            bug: None,
        },
        Case {
            name: "utf16be_with_bom",
            make: |dir| {
                let text = page(
                    "Talks Held in UTF-16BE",
                    "13/07/2025",
                    &[P1, P2],
                    "2025.07.13.",
                );
                write(dir, "utf16be.txt", utf16(&text, true));
                Expect::ok(vec![
                    Doc::new("Talks Held in UTF-16BE", "2025-07-13").contains(P2)
                ])
            },
            bug: None,
        },
        Case {
            name: "utf8_with_bom",
            make: |dir| {
                let text = page(
                    "Talks Held With a BOM",
                    "13/07/2025",
                    &[P1, P2],
                    "2025.07.13.",
                );
                let mut bytes = vec![0xef, 0xbb, 0xbf];
                bytes.extend(text.as_bytes());
                write(dir, "bom.txt", bytes);
                Expect::ok(vec![
                    Doc::new("Talks Held With a BOM", "2025-07-13").contains(P2)
                ])
            },
            bug: None,
        },
        Case {
            name: "windows_1252_text",
            make: |dir| {
                // Curly apostrophe 0x92 and en dash 0x96 on line 10.
                let text = page(
                    "Korea Marks Anniversary",
                    "13/07/2025",
                    &[P1, "Korea\u{1}s people \u{2} united.", P2],
                    "2025.07.13.",
                );
                let bytes: Vec<u8> = text
                    .into_bytes()
                    .into_iter()
                    .map(|b| match b {
                        1 => 0x92,
                        2 => 0x96,
                        b => b,
                    })
                    .collect();
                let p = write(dir, "cp1252.txt", bytes);
                Expect::ok(vec![Doc::new("Korea Marks Anniversary", "2025-07-13")
                    .flags("replacement_char")
                    .contains("Korea\u{fffd}s people \u{fffd} united.")])
                .warn(format!(
                    "warning: {}:10: invalid utf-8 replaced with U+FFFD",
                    d(&p)
                ))
            },
            bug: None,
        },
        Case {
            name: "truncated_json",
            make: |dir| {
                let p = write(dir, "cut.json", "[{\"title\": \"Cut Article\", \"date\": \"2018-01-02\", \"text\": \"The text stops her");
                Expect::skipped(vec![format!(
                    "skipped: {}:1: invalid json: EOF while parsing a string",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "json_array_cut_mid_record",
            make: |dir| {
                let p = write(
                    dir,
                    "array-cut.json",
                    format!("[\n{{\"title\": \"Whole Record\", \"date\": \"2018-01-02\", \"text\": \"{P2}\"}},\n{{\"title\": \"Cut Record\", \"date\": \"2018-01-03\", \"te"),
                );
                Expect::skipped(vec![format!(
                    "skipped: {}:3: invalid json: EOF while parsing a string",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "jsonl_one_broken_line",
            make: |dir| {
                let p = write(
                    dir,
                    "lines.jsonl",
                    format!(
                        "{{\"title\": \"Line One\", \"date\": \"2018-01-02\", \"text\": \"{P3}\"}}\n{{\"title\": \"Line Two\", \"date\": \n{{\"title\": \"Line Three\", \"date\": \"2018-01-04\", \"text\": \"{P2}\"}}\n"
                    ),
                );
                Expect {
                    exit: 1,
                    docs: vec![
                        Doc::new("Line One", "2018-01-02"),
                        Doc::new("Line Three", "2018-01-04").contains(P2),
                    ],
                    problems: vec![format!(
                        "skipped: {}:2: invalid json: EOF while parsing a value",
                        d(&p)
                    )],
                    good_copies: 1,
                }
            },
            bug: None,
        },
        Case {
            name: "csv_ragged_rows",
            make: |dir| {
                let p = write(
                    dir,
                    "ragged.csv",
                    format!("date,title,text\n2018-01-02,Row One,\"{P3}\"\n2018-01-03,Row Two Without Text\n2018-01-04,Row Three,\"{P2}\",extra\n2018-01-05,Row Four,Short body of row four.\n"),
                );
                Expect {
                    exit: 1,
                    docs: vec![
                        Doc::new("Row One", "2018-01-02"),
                        Doc::new("Row Four", "2018-01-05").contains("Short body of row four."),
                    ],
                    problems: vec![
                        format!("skipped: {}:3: bad row: 2 fields, expected 3", d(&p)),
                        format!("skipped: {}:4: bad row: 4 fields, expected 3", d(&p)),
                    ],
                    good_copies: 1,
                }
            },
            bug: None,
        },
        Case {
            name: "csv_embedded_newlines",
            make: |dir| {
                write(
                    dir,
                    "multiline.csv",
                    "date,title,text\n2018-01-02,\"Quoted, Title\",\"Para one.\n\nPara two, with a comma and \"\"quotes\"\".\"\n2018-01-03,Next Row,Body of the next row.\n",
                );
                Expect::ok(vec![
                    Doc::new("Quoted, Title", "2018-01-02")
                        .contains("Para one.\n\nPara two, with a comma and \"quotes\"."),
                    Doc::new("Next Row", "2018-01-03"),
                ])
            },
            bug: None,
        },
        Case {
            name: "csv_missing_text_column",
            make: |dir| {
                let p = write(
                    dir,
                    "summary.csv",
                    "date,title,summary\n2018-01-02,A,Short summary\n",
                );
                // Issue 15: a table with a title column and no text column is a headline
                // table: one title-only document per row, said once (`--text-col summary`
                // reads the summaries instead).
                Expect::ok(vec![Doc::new("A", "2018-01-02").flags("title_only")]).warn(format!(
                    "warning: {}: no text column (looked for `body`, `text`, `content`, `story`, `story_text`, `article`): read as headlines, one title-only document per row",
                    d(&p)
                ))
            },
            bug: None,
        },
        Case {
            name: "csv_missing_header",
            make: |dir| {
                let p = write(
                    dir,
                    "noheader.csv",
                    format!(
                        "2018-01-02,Headerless One,\"{P1}\"\n2018-01-03,Headerless Two,\"{P2}\"\n"
                    ),
                );
                Expect::skipped(vec![format!(
                    "skipped: {}: no text column (looked for `body`, `text`, `content`, `story`, `story_text`, `article`)",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "tsv_content_named_csv",
            make: |dir| {
                let p = write(dir, "tabs.csv", "date\ttitle\ttext\n2018-01-02\tA\tBody\n");
                Expect::skipped(vec![format!(
                    "skipped: {}: no text column (looked for `body`, `text`, `content`, `story`, `story_text`, `article`)",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "date_does_not_exist",
            make: |dir| {
                let p = write(
                    dir,
                    "feb30.txt",
                    page(
                        "Leap Day Meeting Held",
                        "30/02/2024",
                        &[P1, P2],
                        "2024.02.30.",
                    ),
                );
                Expect::ok(vec![Doc::new("Leap Day Meeting Held", "").flags("no_date")]).warn(
                    format!("warning: {}:6: date `30/02/2024` does not exist", d(&p)),
                )
            },
            bug: None,
        },
        Case {
            name: "date_does_not_exist_json",
            make: |dir| {
                let p = write(dir, "feb30.json", format!("[{{\"title\": \"Impossible Date in JSON\", \"date\": \"2024-02-30\", \"text\": \"{P2}\"}}]"));
                Expect::ok(vec![
                    Doc::new("Impossible Date in JSON", "").flags("no_date")
                ])
                .warn(format!(
                    "warning: {}: record 1: date `2024-02-30` does not exist",
                    d(&p)
                ))
            },
            bug: None,
        },
        Case {
            name: "date_in_the_future",
            make: |dir| {
                let p = write(
                    dir,
                    "future.txt",
                    page(
                        "Future Meeting Held",
                        "13/07/2099",
                        &[P1, P2],
                        "2099.07.13.",
                    ),
                );
                // Issue 15: a date outside the plausible window is refused (the `Date:` line
                // and the end line alike), not kept with a warning.
                Expect::ok(vec![Doc::new("Future Meeting Held", "").flags("no_date")])
                    .warn(format!(
                        "warning: {}:6: date `13/07/2099` is in the future",
                        d(&p)
                    ))
                    .warn(format!(
                        "warning: {}:4: end-line date `2099-07-13` is in the future",
                        d(&p)
                    ))
            },
            bug: None,
        },
        Case {
            name: "two_digit_year",
            make: |dir| {
                let p = write(
                    dir,
                    "short-year.csv",
                    format!("date,title,text\n13/07/25,Two Digit Year,\"{P2}\"\n"),
                );
                Expect::ok(vec![Doc::new("Two Digit Year", "").flags("no_date")])
                    .warn(format!("warning: {}:2: unreadable date `13/07/25`", d(&p)))
            },
            bug: None,
        },
        Case {
            name: "date_line_disagrees_with_end_line",
            make: |dir| {
                let p = write(
                    dir,
                    "mismatch.txt",
                    page(
                        "Mismatched Dates Article",
                        "13/07/2025",
                        &[P1, P2],
                        "2025.07.14.",
                    ),
                );
                Expect::ok(vec![Doc::new("Mismatched Dates Article", "2025-07-13").flags("date_mismatch")]).warn(format!(
                    "warning: {}:4: date mismatch: record says `2025-07-13`, end line says `2025-07-14`",
                    d(&p)
                ))
            },
            bug: None,
        },
        Case {
            name: "page_without_body",
            make: |dir| {
                let p = write(
                    dir,
                    "nobody.txt",
                    "February 17, 2026Feb 17, 2026\nKCNA KCNA.kp (En)\n\nHeadline Without Article\n\nDate: 13/07/2025 | Source: KCNA.kp (En) | Read original version at source\n\n",
                );
                Expect::skipped(vec![format!("skipped: {}: no article text found", d(&p))])
            },
            bug: None,
        },
        Case {
            name: "page_with_two_end_marks",
            make: |dir| {
                write(
                    dir,
                    "two-marks.txt",
                    page(
                        "Two Articles Glued Together",
                        "13/07/2025",
                        &[&format!("{P1} -0-"), P2],
                        "2025.07.13.",
                    ),
                );
                Expect::ok(vec![Doc::new("Two Articles Glued Together", "2025-07-13")
                    .contains(&format!(
                        "{}\n\n{P2}",
                        P1.trim_start_matches("Pyongyang, July 13 (KCNA) -- ")
                    ))])
            },
            bug: None,
        },
        Case {
            name: "page_with_only_teasers",
            make: |dir| {
                write(
                    dir,
                    "teasers-only.txt",
                    "February 17, 2026Feb 17, 2026\nKCNA KCNA.kp (En)\n\nMore From KCNA.kp (En)\n\nFigure Skating Demonstration Held\n\nFigure Skating Demonstration Held\n\nPyongyang, February 17 (KCNA) -- A figure skating demonstration was given at the Ice Rink.\n\nFebruary 17, 2026\n\nPyongyang, February 17 (KCNA) -- A figure skating demonstration was given at the Ice Rink.\n\nMore Articles\n",
                );
                Expect::ok(Vec::new())
            },
            bug: None,
        },
        Case {
            name: "crlf_line_ends",
            make: |dir| {
                let text = page(
                    "Windows Line Ends Article",
                    "13/07/2025",
                    &[P1, P2],
                    "2025.07.13.",
                )
                .replace('\n', "\r\n");
                write(dir, "crlf.txt", text);
                Expect::ok(vec![
                    Doc::new("Windows Line Ends Article", "2025-07-13").contains(P2)
                ])
            },
            bug: None,
        },
        Case {
            name: "exact_duplicate_of_good_page",
            make: |dir| {
                std::fs::copy(
                    harness::sample_dir().join(harness::GOOD_FILE),
                    dir.join("copy-of-good.txt"),
                )
                .expect("copy");
                let mut e = Expect::ok(Vec::new());
                e.good_copies = 2;
                e
            },
            bug: None,
        },
        Case {
            name: "symlink_loop",
            make: |dir| {
                let sub = dir.join("loop");
                std::fs::create_dir(&sub).expect("mkdir");
                std::os::unix::fs::symlink(".", sub.join("self")).expect("symlink");
                Expect::skipped(vec![format!(
                    "skipped: {}: symlink loop to `{}`",
                    d(&sub.join("self")),
                    d(&sub)
                )])
            },
            bug: None,
        },
        Case {
            name: "dangling_symlink",
            make: |dir| {
                let p = dir.join("gone.txt");
                std::os::unix::fs::symlink(dir.join("does-not-exist.txt"), &p).expect("symlink");
                Expect::skipped(vec![format!(
                    "skipped: {}: cannot read: No such file or directory (os error 2)",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "unreadable_for_permissions",
            make: |dir| {
                use std::os::unix::fs::PermissionsExt;
                let p = write(
                    dir,
                    "locked.txt",
                    page(
                        "Locked File Article",
                        "13/07/2025",
                        &[P1, P2],
                        "2025.07.13.",
                    ),
                );
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000))
                    .expect("chmod 000");
                // As root (CI containers) permissions do not stop reads: then the file is read.
                if std::fs::read(&p).is_ok() {
                    Expect::ok(vec![Doc::new("Locked File Article", "2025-07-13")])
                } else {
                    Expect::skipped(vec![format!(
                        "skipped: {}: cannot read: Permission denied (os error 13)",
                        d(&p)
                    )])
                }
            },
            bug: None,
        },
        Case {
            name: "non_utf8_file_name",
            make: |dir| {
                use std::os::unix::ffi::OsStrExt;
                let name = std::ffi::OsStr::from_bytes(b"bad-\xff\xfe-name.txt");
                std::fs::write(
                    dir.join(name),
                    page(
                        "Odd File Name Article",
                        "13/07/2025",
                        &[P1, P2],
                        "2025.07.13.",
                    ),
                )
                .expect("write");
                Expect::ok(vec![Doc::new("Odd File Name Article", "2025-07-13")
                    .origin_ends("/bad-\u{fffd}\u{fffd}-name.txt:4")])
            },
            bug: None,
        },
        Case {
            name: "truncated_gzip",
            make: |dir| {
                let gz = gzip(
                    page("Gzipped Article", "13/07/2025", &[P1, P2], "2025.07.13.").as_bytes(),
                );
                let p = write(dir, "cut.txt.gz", &gz[..gz.len() / 2]);
                Expect::skipped(vec![format!(
                    "skipped: {}: corrupt or truncated gzip: incomplete deflate stream",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "gzip_of_nothing",
            make: |dir| {
                let p = write(dir, "nothing.json.gz", gzip(b""));
                Expect::skipped(vec![format!("skipped: {}: empty file", d(&p))])
            },
            bug: None,
        },
        Case {
            name: "good_gzip",
            make: |dir| {
                write(
                    dir,
                    "whole.txt.gz",
                    gzip(
                        page(
                            "Whole Gzipped Article",
                            "13/07/2025",
                            &[P1, P2],
                            "2025.07.13.",
                        )
                        .as_bytes(),
                    ),
                );
                Expect::ok(vec![
                    Doc::new("Whole Gzipped Article", "2025-07-13").contains(P2)
                ])
            },
            bug: None,
        },
        Case {
            name: "html_list_page",
            make: |dir| {
                let p = write(dir, "index.html", "<html><head><title>Index</title></head><body><ul><li><a href=\"a.html\">Headline</a></li></ul></body></html>");
                Expect::skipped(vec![format!(
                    "skipped: {}: html page without article text (list or index page)",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "json_without_text_field",
            make: |dir| {
                let p = write(
                    dir,
                    "dates.json",
                    "[{\"date\": \"2018-01-02\", \"url\": \"http://x\"}]",
                );
                Expect::skipped(vec![format!(
                    "skipped: {}: no text field (looked for `body`, `text`, `content`, `story`, `story_text`, `article`)",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "json_null_and_empty_records",
            make: |dir| {
                write(
                    dir,
                    "holes.json",
                    format!("[{{\"title\": \"Record With Text\", \"date\": \"2018-01-02\", \"text\": \"{P2}\"}}, null, {{\"title\": \"Empty Record\", \"text\": \"\"}}]"),
                );
                // Issue 15: a record with a title and no text is a title-only document.
                Expect::ok(vec![
                    Doc::new("Record With Text", "2018-01-02"),
                    Doc::new("Empty Record", "").flags("no_date;title_only"),
                ])
            },
            bug: None,
        },
        Case {
            name: "ignored_extensions_and_hidden_files",
            make: |dir| {
                write(dir, "README.md", "# Notes\n\nNot an article.\n");
                write(dir, "chart.png", [0x89, b'P', b'N', b'G', 0, 0]);
                write(
                    dir,
                    ".hidden.txt",
                    page("Hidden Article", "13/07/2025", &[P1, P2], "2025.07.13."),
                );
                Expect::ok(Vec::new())
            },
            bug: None,
        },
        Case {
            name: "folder_named_like_a_file",
            make: |dir| {
                let sub = dir.join("articles.txt");
                std::fs::create_dir(&sub).expect("mkdir");
                write(
                    &sub,
                    "inner.txt",
                    page(
                        "Article Inside Folder",
                        "13/07/2025",
                        &[P1, P2],
                        "2025.07.13.",
                    ),
                );
                Expect::ok(vec![Doc::new("Article Inside Folder", "2025-07-13")])
            },
            bug: None,
        },
        Case {
            name: "nul_byte_after_8k",
            make: |dir| {
                let long = "The delegation looked round the exhibition. ".repeat(250);
                let text = page(
                    "Late NUL Article",
                    "13/07/2025",
                    &[P1, &long, "Tail\u{0}text here.", P2],
                    "2025.07.13.",
                );
                let p = write(dir, "late-nul.txt", text);
                Expect::skipped(vec![format!("skipped: {}: binary file", d(&p))])
            },
            bug: None,
        },
        Case {
            name: "fifo_named_txt",
            make: |dir| {
                let p = dir.join("pipe.txt");
                let ok = std::process::Command::new("mkfifo")
                    .arg(&p)
                    .status()
                    .is_ok_and(|s| s.success());
                assert!(ok, "mkfifo failed");
                Expect::skipped(vec![format!("skipped: {}: not a regular file", d(&p))])
            },
            bug: None,
        },
    ]
}

/// Runs one case; `Err` describes every difference from the expected outcome.
fn check(case: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    put_good(&input);
    let expect = (case.make)(&input);
    check_run(case.name, tmp.path(), &input, &expect, false)
}

/// Runs `dateline ingest <input> -o <tmp>/out.csv` and compares with `expect` (messages in
/// order, or as sorted lists with `any_order`).
fn check_run(
    name: &str,
    tmp: &Path,
    input: &Path,
    expect: &Expect,
    any_order: bool,
) -> Result<(), String> {
    let out = tmp.join("out.csv");
    let mut child = harness::command([
        "ingest".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .spawn()
    .expect("spawn dateline");
    // A hung ingest (e.g. on a FIFO) is a failure, not a hung test suite.
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            child.wait().ok();
            // Unblock a FIFO reader, should one be left.
            return Err(format!(
                "{name}: `dateline ingest` did not finish within 60 s"
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("output");
    let outcome = harness::Outcome {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    let mut errs = Vec::new();
    if outcome.code != Some(expect.exit) {
        errs.push(format!("exit {:?}, expected {}", outcome.code, expect.exit));
    }
    let (mut got_problems, mut want_problems) = (outcome.problems(), expect.problems.clone());
    if any_order {
        got_problems.sort();
        want_problems.sort();
    }
    if got_problems != want_problems {
        errs.push(format!(
            "messages {:#?}, expected {:#?}",
            got_problems, want_problems
        ));
    }
    if outcome.stderr.contains("error:") || outcome.stderr.contains("panicked") {
        errs.push(format!("stderr: {}", outcome.stderr));
    }
    if !out.exists() {
        errs.push("no out.csv written".into());
        return Err(format!("{name}: {}", errs.join("; ")));
    }
    let rows = read_csv(&out);
    if let Err(e) = std::panic::catch_unwind(|| assert_good_present(&rows, name)) {
        errs.push(format!("GOOD PAGE DAMAGED: {e:?}"));
    }
    if let Some(g) = rows.iter().find(|r| r.get("title") == harness::GOOD_TITLE) {
        if g.get("copies") != expect.good_copies.to_string() {
            errs.push(format!(
                "good copies {}, expected {}",
                g.get("copies"),
                expect.good_copies
            ));
        }
    }
    let others: Vec<&Row> = rows
        .iter()
        .filter(|r| r.get("title") != harness::GOOD_TITLE)
        .collect();
    if others.len() != expect.docs.len() {
        errs.push(format!(
            "{} documents besides the good page ({:?}), expected {}",
            others.len(),
            others.iter().map(|r| r.get("title")).collect::<Vec<_>>(),
            expect.docs.len()
        ));
    }
    for want in &expect.docs {
        // By title and date (a headline on several dates is several documents), else title.
        let Some(row) = others
            .iter()
            .find(|r| r.get("title") == want.title && r.get("date") == want.date)
            .or_else(|| others.iter().find(|r| r.get("title") == want.title))
        else {
            errs.push(format!("no document titled {:?}", want.title));
            continue;
        };
        if row.get("date") != want.date {
            errs.push(format!(
                "{:?}: date {:?}, expected {:?}",
                want.title,
                row.get("date"),
                want.date
            ));
        }
        if row.get("flags") != want.flags {
            errs.push(format!(
                "{:?}: flags {:?}, expected {:?}",
                want.title,
                row.get("flags"),
                want.flags
            ));
        }
        if row.get("copies") != want.copies.to_string() {
            errs.push(format!("{:?}: copies {}", want.title, row.get("copies")));
        }
        if let Some(o) = &want.origin_ends {
            if !row.get("origin").ends_with(o.as_str()) {
                errs.push(format!(
                    "{:?}: origin {:?}, expected to end with {o:?}",
                    want.title,
                    row.get("origin")
                ));
            }
        }
        for c in &want.contains {
            if !row.get("body").contains(c.as_str()) {
                errs.push(format!(
                    "{:?}: body lacks {c:?}: {:?}",
                    want.title,
                    row.get("body")
                ));
            }
        }
    }
    // The report table lists exactly the problems printed.
    let report = read_csv(&tmp.join("out.report.csv"));
    if report.len() != expect.problems.len() {
        errs.push(format!(
            "{} report rows, expected {}",
            report.len(),
            expect.problems.len()
        ));
    }
    // Every record accounted for (issue 15): records = kept + duplicates + teasers left out +
    // empty + skipped; one duplicates row per duplicate; each skipped record named.
    errs.extend(crate::bad_inputs_records::accounting_errors(
        tmp, &rows, &report,
    ));
    if errs.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}: {}", errs.join("\n  ")))
    }
}

#[test]
fn every_bad_input_gives_its_expected_outcome() {
    let failures: Vec<String> = cases()
        .iter()
        .filter(|c| c.bug.is_none())
        .filter_map(|c| check(c).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every case (but the known bugs) in one folder, each in its own subfolder, beside the good
/// page: one bad input never changes what is read from the others.
#[test]
fn all_bad_inputs_in_one_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    put_good(&input);
    let mut all = Expect::ok(Vec::new());
    for c in cases().iter().filter(|c| c.bug.is_none()) {
        let sub = input.join(c.name);
        std::fs::create_dir(&sub).expect("mkdir");
        let e = (c.make)(&sub);
        all.exit = all.exit.max(e.exit);
        all.docs.extend(e.docs);
        all.problems.extend(e.problems);
        all.good_copies += e.good_copies - 1;
    }
    assert!(all.problems.len() >= 15, "{:?}", all.problems);
    if let Err(e) = check_run("all in one folder", tmp.path(), &input, &all, true) {
        panic!("{e}");
    }
}

/// `--lenient` changes only the exit status; `--quiet` leaves out warnings, never skips.
#[test]
fn lenient_and_quiet() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    put_good(&input);
    let cut = write(&input, "cut.json", "[{\"text\": \"a");
    let odd = write(
        &input,
        "odd.txt",
        b"Odd Bytes Article\n\nSome text \xff here.\n",
    );
    let skipped = format!(
        "skipped: {}:1: invalid json: EOF while parsing a string",
        d(&cut)
    );
    let warning = format!("warning: {}:3: invalid utf-8 replaced with U+FFFD", d(&odd));
    let hint = "hint: 1 input was skipped (see above); --lenient exits 0 anyway";
    let out = tmp.path().join("out.csv");
    let go = |extra: &[&str]| {
        let mut args: Vec<std::ffi::OsString> = vec!["ingest".into()];
        args.extend(extra.iter().map(Into::into));
        args.extend([input.clone().into(), "-o".into(), out.clone().into()]);
        harness::run(args)
    };
    let o = go(&[]);
    assert_eq!(o.code, Some(1));
    assert_eq!(o.problems(), vec![skipped.clone(), warning.clone()]);
    assert_eq!(o.stderr.lines().last(), Some(hint));
    let o = go(&["--lenient"]);
    assert_eq!(o.code, Some(0));
    assert_eq!(o.problems(), vec![skipped.clone(), warning.clone()]);
    assert!(!o.stderr.contains("hint:"));
    let o = go(&["--quiet"]);
    assert_eq!(o.code, Some(1));
    assert_eq!(o.stderr, format!("{skipped}\n{hint}\n"));
    let rows = read_csv(&out);
    assert_eq!(rows.len(), 2);
    assert_good_present(&rows, "lenient");
    let report = read_csv(&tmp.path().join("out.report.csv"));
    assert_eq!(report.len(), 2);
    assert_eq!(report[0].get("path"), d(&cut));
    assert_eq!(report[0].get("line"), "1");
    assert_eq!(report[0].get("skipped"), "true");
    assert_eq!(
        report[1].get("reason"),
        "invalid utf-8 replaced with U+FFFD"
    );
    assert_eq!(report[1].get("skipped"), "false");
}

/// Every case runs in the default suite: a case marked as a known bug would be left out silently.
#[test]
fn no_known_bugs() {
    let bugs: Vec<&str> = cases()
        .iter()
        .filter(|c| c.bug.is_some())
        .map(|c| c.name)
        .collect();
    assert_eq!(bugs, Vec::<&str>::new());
}

#[test]
fn readme_lists_every_case() {
    let readme = std::fs::read_to_string(harness::workspace().join("tests/bad-inputs/README.md"))
        .expect("tests/bad-inputs/README.md");
    let cases = cases();
    assert!(cases.len() >= 30, "{} kinds", cases.len());
    for c in &cases {
        assert!(
            readme.contains(&format!("`{}`", c.name)),
            "README lacks `{}`",
            c.name
        );
    }
}
