//! Bad inputs of issue 15: kinds of input dateline cannot read are named, never dropped in
//! silence (section 3), and invisible characters never split a word (section 5). Each case is
//! one kind of input with its exact outcome; `tests/bad-inputs/README.md` lists them.

#[allow(unused_imports)]
use crate::bad_inputs::{d, gzip, write, Case, Doc, Expect, P1, P2, P3};
use crate::bad_inputs_bounds::zip_of;
use crate::harness::page;

/// The cases of this area, appended to `bad_inputs::cases()`.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "seven_zip_archive",
            make: |dir| {
                let p = write(
                    dir,
                    "articles.7z",
                    b"7z\xbc\xaf\x27\x1c\x00\x04rest of a 7z archive",
                );
                Expect::skipped(vec![format!(
                    "skipped: {}: 7z archive: not read (unpack it, or repack it as zip or tar)",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "xlsx_spreadsheet_not_read_as_zip",
            make: |dir| {
                // An .xlsx is a zip of XML parts: it must not become documents made of XML.
                let xml = b"<?xml version=\"1.0\"?><sst><si><t>2018-01-01</t></si><si><t>A headline in a cell</t></si></sst>";
                let p = write(
                    dir,
                    "headlines.xlsx",
                    zip_of(&[
                        ("xl/sharedStrings.xml", xml),
                        ("[Content_Types].xml", b"<Types/>"),
                    ]),
                );
                Expect::skipped(vec![format!(
                    "skipped: {}: spreadsheet or office file: not read (save it as CSV)",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "pdf_article",
            make: |dir| {
                let p = write(
                    dir,
                    "article.pdf",
                    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
                );
                Expect::skipped(vec![format!(
                    "skipped: {}: PDF: not read (extract its text first)",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "docx_article",
            make: |dir| {
                let p = write(
                    dir,
                    "article.docx",
                    zip_of(&[("word/document.xml", b"<w:document>KCNA text</w:document>")]),
                );
                Expect::skipped(vec![format!(
                    "skipped: {}: word-processor document: not read (save it as text)",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "invisible_characters_inside_words",
            make: |dir| {
                // A soft hyphen, a zero-width space and a word joiner, as scraped pages carry them.
                let body = "Pyongyang, July 13 (KCNA) -- The nu\u{ad}clear de\u{200b}terrent of the coun\u{2060}try was discussed at the meeting of the scientists.";
                write(
                    dir,
                    "2025-07-13-invisible.txt",
                    page(
                        "Invisible Characters In Words",
                        "13/07/2025",
                        &[body],
                        "2025.07.13.",
                    ),
                );
                Expect::ok(vec![Doc::new(
                    "Invisible Characters In Words",
                    "2025-07-13",
                )
                .contains("The nuclear deterrent of the country was discussed")])
            },
            bug: None,
        },
    ]
}
