//! Bad inputs of issue 15: archives and compressed files (section 3), R data files (section 3)
//! and hostile input that must stay bounded (section 7). Each case is one kind of input with its
//! exact outcome; `tests/bad-inputs/README.md` lists them. The archives are built here with the
//! crates dateline reads them with; the R files are XDR bytes encoded by hand ([`Xdr`]).
//! Cases that need a low limit (environment variables) are in `trust_bounds.rs`.

use std::io::Write;

#[allow(unused_imports)]
use crate::bad_inputs::{d, gzip, write, Case, Doc, Expect, P1, P2, P3};
use crate::harness::page;

/// A zip of `(name, bytes)` members, deflated; a name ending in `/` is a folder.
pub(crate) fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        if let Some(dir) = name.strip_suffix('/') {
            z.add_directory(dir, o).expect("zip folder");
        } else {
            z.start_file(*name, o).expect("zip member");
            z.write_all(bytes).expect("zip write");
        }
    }
    z.finish().expect("zip finish").into_inner()
}

/// A tar of regular `(name, bytes)` members.
pub(crate) fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut t = tar::Builder::new(Vec::new());
    for (name, bytes) in members {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        t.append_data(&mut h, name, *bytes).expect("tar member");
    }
    t.into_inner().expect("tar finish")
}

pub(crate) fn bz2(bytes: &[u8]) -> Vec<u8> {
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    e.write_all(bytes).expect("bzip2");
    e.finish().expect("bzip2")
}

pub(crate) fn xz(bytes: &[u8]) -> Vec<u8> {
    let mut e =
        lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(6)).expect("xz");
    e.write_all(bytes).expect("xz");
    e.finish().expect("xz")
}

fn article(title: &str) -> Vec<u8> {
    page(title, "13/07/2025", &[P1, P2], "2025.07.13.").into_bytes()
}

/// R serialization (XDR, version 2) written by hand.
pub(crate) struct Xdr(pub Vec<u8>);

const NA_INT: i32 = i32::MIN;
/// R types (SEXPTYPE).
const INTSXP: i32 = 13;
const REALSXP: i32 = 14;
const VECSXP: i32 = 19;
/// A data frame column: its name and what writes it.
type Col<'a> = (&'a str, &'a dyn Fn(&mut Xdr));
const OBJ: i32 = 1 << 8;
const ATTR: i32 = 1 << 9;
const TAG: i32 = 1 << 10;

impl Xdr {
    /// An `.rds` header (`X\n`, version 2) or an `.rda` one (`RDX2\nX\n`).
    pub(crate) fn new(workspace: bool) -> Xdr {
        let mut x = Xdr(if workspace {
            b"RDX2\nX\n".to_vec()
        } else {
            b"X\n".to_vec()
        });
        x.int(2).int(0x0003_0400).int(0x0002_0300);
        x
    }
    pub(crate) fn int(&mut self, i: i32) -> &mut Self {
        self.0.extend(i.to_be_bytes());
        self
    }
    pub(crate) fn real(&mut self, f: f64) -> &mut Self {
        self.0.extend(f.to_be_bytes());
        self
    }
    /// A CHARSXP (UTF-8 flag), or `NA_character_`.
    pub(crate) fn chars(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            None => self.int(9).int(-1),
            Some(s) => {
                self.int(9 | (8 << 12)).int(s.len() as i32);
                self.0.extend(s.as_bytes());
                self
            }
        }
    }
    pub(crate) fn strs(&mut self, v: &[Option<&str>]) -> &mut Self {
        self.int(16).int(v.len() as i32);
        for s in v {
            self.chars(*s);
        }
        self
    }
    /// A pairlist cell tagged with a symbol (written in full, as R does the first time).
    pub(crate) fn tag(&mut self, name: &str, attr: bool) -> &mut Self {
        self.int(2 | TAG | if attr { ATTR } else { 0 })
            .int(1)
            .chars(Some(name))
    }
    /// The end of a pairlist.
    pub(crate) fn nil(&mut self) -> &mut Self {
        self.int(254)
    }
    /// A data frame: `(name, column writer)`; each writer writes one column item.
    pub(crate) fn frame(&mut self, rows: i32, cols: &[Col]) -> &mut Self {
        self.int(VECSXP | OBJ | ATTR).int(cols.len() as i32);
        for (_, c) in cols {
            c(self);
        }
        let names: Vec<Option<&str>> = cols.iter().map(|(n, _)| Some(*n)).collect();
        self.tag("names", false).strs(&names);
        self.tag("class", false)
            .strs(&[Some("tbl_df"), Some("tbl"), Some("data.frame")]);
        self.tag("row.names", false)
            .int(13)
            .int(2)
            .int(NA_INT)
            .int(-rows)
            .nil()
    }
}

/// A character column.
pub(crate) fn chr(v: &'static [Option<&'static str>]) -> impl Fn(&mut Xdr) {
    move |x: &mut Xdr| {
        x.strs(v);
    }
}

/// A `Date` column (days since 1970-01-01; NaN is NA).
pub(crate) fn date_col(v: &'static [f64]) -> impl Fn(&mut Xdr) {
    move |x: &mut Xdr| {
        x.int(REALSXP | OBJ | ATTR).int(v.len() as i32);
        for d in v {
            x.real(*d);
        }
        x.tag("class", false).strs(&[Some("Date")]).nil();
    }
}

/// A factor column: 1-based codes (NA_INT for NA) and levels.
pub(crate) fn factor(
    codes: &'static [i32],
    levels: &'static [Option<&'static str>],
) -> impl Fn(&mut Xdr) {
    move |x: &mut Xdr| {
        x.int(INTSXP | OBJ | ATTR).int(codes.len() as i32);
        for c in codes {
            x.int(*c);
        }
        x.tag("levels", false).strs(levels);
        x.tag("class", false).strs(&[Some("factor")]).nil();
    }
}

const S1: &str = "The delegation of the DPRK visited the exhibition of light industry products.";
const S2: &str =
    "Working people across the country made great strides in the economic construction.";
const S3: &str = "A national meeting of innovators was held in the capital with great enthusiasm.";
const S4: &str = "The farmers of the province finished the rice transplanting ahead of schedule.";

/// A 3-row story table as KCNA_2011 holds: story, date (2011-12-01, 2011-12-02, NA), language
/// factor, title; row 2 has NA for story and title (an empty record).
pub(crate) fn stories(x: &mut Xdr, rds: bool) {
    // Two variants, so that the cases differ in one folder.
    let story = if rds {
        chr(&[Some(S1), None, Some(S2)])
    } else {
        chr(&[Some(S3), None, Some(S4)])
    };
    let title = if rds {
        chr(&[Some("Rds Story One"), None, Some("Rds Story Three")])
    } else {
        chr(&[Some("Rda Story One"), None, Some("Rda Story Three")])
    };
    let date = date_col(&[15309.0, 15310.0, f64::NAN]);
    let lang = factor(&[1, 1, 2], &[Some("en"), Some("es")]);
    x.frame(
        3,
        &[
            ("story", &story),
            ("date", &date),
            ("language", &lang),
            ("title", &title),
        ],
    );
}

/// The documents `stories` gives: row 1 dated, row 3 undated (its date is NA).
fn stories_docs(origin: &str, rds: bool) -> Vec<Doc> {
    let (t1, t3, s1, s3) = if rds {
        ("Rds Story One", "Rds Story Three", S1, S2)
    } else {
        ("Rda Story One", "Rda Story Three", S3, S4)
    };
    vec![
        Doc::new(t1, "2011-12-01")
            .contains(s1)
            .origin_ends(&format!("{origin}#1")),
        Doc::new(t3, "")
            .flags("no_date")
            .contains(s3)
            .origin_ends(&format!("{origin}#3")),
    ]
}

/// The cases of this area, appended to `bad_inputs::cases()`.
#[allow(clippy::too_many_lines)]
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "zip_of_page_copies",
            make: |dir| {
                let z = zip_of(&[
                    ("news/", b""),
                    ("news/one.txt", &article("Zipped Article One")),
                    ("two.json", format!("[{{\"title\": \"Zipped Json Record\", \"date\": \"2018-01-02\", \"text\": \"{P3}\"}}]").as_bytes()),
                ]);
                write(dir, "articles.zip", z);
                Expect::ok(vec![
                    Doc::new("Zipped Article One", "2025-07-13")
                        .contains(P2)
                        .origin_ends("articles.zip!/news/one.txt:4"),
                    Doc::new("Zipped Json Record", "2018-01-02")
                        .origin_ends("articles.zip!/two.json#1"),
                ])
            },
            bug: None,
        },
        Case {
            name: "tar_gz_of_page_copies",
            make: |dir| {
                let t = tar_of(&[
                    ("a/2025-07-13-one.txt", &article("Tarred Article One")),
                    ("a/two.txt", &article("Tarred Article Two")),
                ]);
                write(dir, "pages.tar.gz", gzip(&t));
                Expect::ok(vec![
                    Doc::new("Tarred Article One", "2025-07-13")
                        .origin_ends("pages.tar.gz!/a/2025-07-13-one.txt:4"),
                    Doc::new("Tarred Article Two", "2025-07-13"),
                ])
            },
            bug: None,
        },
        Case {
            name: "tar_xz_and_tar_bz2",
            make: |dir| {
                write(
                    dir,
                    "x.tar.xz",
                    xz(&tar_of(&[("x.txt", &article("Xz Tarred Article"))])),
                );
                write(
                    dir,
                    "b.tbz2",
                    bz2(&tar_of(&[("b.txt", &article("Bz2 Tarred Article"))])),
                );
                write(
                    dir,
                    "plain.tar",
                    tar_of(&[("p.txt", &article("Plain Tarred Article"))]),
                );
                Expect::ok(vec![
                    Doc::new("Xz Tarred Article", "2025-07-13").origin_ends("x.tar.xz!/x.txt:4"),
                    Doc::new("Bz2 Tarred Article", "2025-07-13").origin_ends("b.tbz2!/b.txt:4"),
                    Doc::new("Plain Tarred Article", "2025-07-13")
                        .origin_ends("plain.tar!/p.txt:4"),
                ])
            },
            bug: None,
        },
        Case {
            name: "bz2_page_copy",
            make: |dir| {
                write(dir, "one.txt.bz2", bz2(&article("Bzipped Article")));
                Expect::ok(vec![Doc::new("Bzipped Article", "2025-07-13")
                    .contains(P1.split(" -- ").nth(1).unwrap_or(P1))])
            },
            bug: None,
        },
        Case {
            name: "xz_json",
            make: |dir| {
                let json = format!("[{{\"title\": \"Xz Json Record\", \"date\": \"2018-01-02\", \"text\": \"{P3}\"}}]");
                write(dir, "records.json.xz", xz(json.as_bytes()));
                Expect::ok(vec![Doc::new("Xz Json Record", "2018-01-02")
                    .contains(P3)
                    .origin_ends("records.json.xz#1")])
            },
            bug: None,
        },
        Case {
            name: "truncated_bz2_and_xz",
            make: |dir| {
                let b = bz2(&article("Cut Bzip Article"));
                let x = xz(&article("Cut Xz Article"));
                let pb = write(dir, "cut.txt.bz2", &b[..b.len() / 2]);
                let px = write(dir, "cut.txt.xz", &x[..x.len() / 2]);
                Expect::skipped(vec![
                    format!("skipped: {}: corrupt or truncated bzip2: decompression not finished but EOF reached", d(&pb)),
                    format!("skipped: {}: corrupt or truncated xz: failed to fill whole buffer", d(&px)),
                ])
            },
            bug: None,
        },
        Case {
            name: "corrupt_zip",
            make: |dir| {
                let z = zip_of(&[("a.txt", &article("Corrupt Zip Article"))]);
                let p = write(dir, "cut.zip", &z[..z.len() - 30]);
                Expect::skipped(vec![format!(
                    "skipped: {}: corrupt or truncated zip: invalid Zip archive: Could not find EOCD",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "zip_member_bad_utf8",
            make: |dir| {
                let mut a = article("Bad Bytes Zipped");
                let at = a.len() - 40;
                a[at] = 0xff;
                let p = write(dir, "bad.zip", zip_of(&[("bad.txt", &a)]));
                Expect::ok(vec![
                    Doc::new("Bad Bytes Zipped", "2025-07-13").flags("replacement_char")
                ])
                .warn(format!(
                    "warning: {}!/bad.txt:10: invalid utf-8 replaced with U+FFFD",
                    d(&p)
                ))
            },
            bug: None,
        },
        Case {
            name: "zip_member_unsupported_method",
            make: |dir| {
                // A member marked as bzip2-compressed (method 12) in both headers; dateline
                // reads stored and deflated members only.
                let mut z = zip_of(&[
                    ("odd.txt", &article("Odd Method Member")[..]),
                    ("ok.txt", &article("Beside The Odd Member")[..]),
                ]);
                z[8] = 12;
                let cd = z
                    .windows(4)
                    .position(|w| w == b"PK\x01\x02")
                    .expect("central directory");
                z[cd + 10] = 12;
                let p = write(dir, "odd.zip", z);
                let mut e = Expect::skipped(vec![format!(
                    "skipped: {}!/odd.txt: zip member not read: compression method not supported",
                    d(&p)
                )]);
                e.docs = vec![Doc::new("Beside The Odd Member", "2025-07-13")];
                e
            },
            bug: None,
        },
        Case {
            name: "zip_inside_zip",
            make: |dir| {
                let inner = zip_of(&[("in.txt", &article("Inner Zipped Article"))]);
                let p = write(
                    dir,
                    "outer.zip",
                    zip_of(&[
                        ("inner.zip", &inner),
                        ("ok.txt", &article("Outer Zipped Article")),
                    ]),
                );
                let mut e = Expect::skipped(vec![format!(
                    "skipped: {}!/inner.zip: zip archive inside an archive, not read (extract it first)",
                    d(&p)
                )]);
                e.docs = vec![Doc::new("Outer Zipped Article", "2025-07-13")];
                e
            },
            bug: None,
        },
        Case {
            name: "archive_hidden_and_ignored_members",
            make: |dir| {
                let z = zip_of(&[
                    ("__MACOSX/", b""),
                    ("__MACOSX/._kept.txt", b"\0\x05\x16\x07 resource fork"),
                    (".git/HEAD", b"ref: refs/heads/main\n"),
                    ("docs/README.md", b"# Notes\n"),
                    ("img/chart.png", b"\x89PNG\0\0"),
                    ("kept.txt", &article("Only Kept Member")),
                ]);
                write(dir, "mixed.zip", z);
                Expect::ok(vec![Doc::new("Only Kept Member", "2025-07-13")])
            },
            bug: None,
        },
        Case {
            name: "empty_zip",
            make: |dir| {
                let p = write(dir, "none.zip", zip_of(&[]));
                Expect::skipped(vec![format!("skipped: {}: empty zip archive", d(&p))])
            },
            bug: None,
        },
        Case {
            name: "zip_slip_member_names",
            make: |dir| {
                let z = zip_of(&[("../../escaped.txt", &article("Zip Slip Article"))]);
                write(dir, "slip.zip", z);
                // Read from memory: the name is only an origin; nothing is written anywhere.
                Expect::ok(vec![Doc::new("Zip Slip Article", "2025-07-13")
                    .origin_ends("slip.zip!/../../escaped.txt:4")])
            },
            bug: None,
        },
        Case {
            name: "tar_with_symlink_member",
            make: |dir| {
                let mut t = tar::Builder::new(Vec::new());
                let mut h = tar::Header::new_gnu();
                h.set_entry_type(tar::EntryType::Symlink);
                h.set_size(0);
                t.append_link(&mut h, "link.txt", "/etc/passwd")
                    .expect("link");
                let a = article("Beside The Link");
                let mut h = tar::Header::new_gnu();
                h.set_size(a.len() as u64);
                h.set_mode(0o644);
                t.append_data(&mut h, "real.txt", a.as_slice())
                    .expect("member");
                let p = write(dir, "links.tar", t.into_inner().expect("tar"));
                let mut e = Expect::skipped(vec![format!(
                    "skipped: {}!/link.txt: not a regular file (link or device in the archive)",
                    d(&p)
                )]);
                e.docs = vec![Doc::new("Beside The Link", "2025-07-13")];
                e
            },
            bug: None,
        },
        Case {
            name: "rds_data_frame",
            make: |dir| {
                let mut x = Xdr::new(false);
                stories(&mut x, true);
                write(dir, "stories.rds", gzip(&x.0));
                Expect::ok(stories_docs("/stories.rds", true))
            },
            bug: None,
        },
        Case {
            name: "rda_data_frame_and_list",
            make: |dir| {
                let mut x = Xdr::new(true);
                x.tag("KCNA_2011", false);
                stories(&mut x, false);
                x.tag("korean_names", false);
                x.int(VECSXP | ATTR).int(2);
                x.strs(&[Some("Kim"), Some("Ri")]);
                x.strs(&[Some("Jong"), None]);
                x.tag("names", false)
                    .strs(&[Some("family_name"), Some("first_syllable")])
                    .nil();
                x.nil();
                let p = write(dir, "kcna.rda", bz2(&x.0));
                let mut e = Expect::skipped(vec![format!(
                    "skipped: {}!korean_names: not a data frame (list of 2)",
                    d(&p)
                )]);
                e.docs = stories_docs("kcna.rda!KCNA_2011", false);
                e
            },
            bug: None,
        },
        Case {
            name: "rda_version3_compact_row_names",
            make: |dir| {
                // R 3.5+: `RDX3`, the native encoding, and row names as an ALTREP 1:n.
                let mut x = Xdr(b"RDX3\nX\n".to_vec());
                x.int(3).int(0x0004_0100).int(0x0003_0500).int(5);
                x.0.extend(b"UTF-8");
                x.tag("items", false);
                x.int(VECSXP | OBJ | ATTR).int(3);
                x.strs(&[Some(S1), Some(S2)]);
                x.strs(&[Some("2018-01-02"), Some("2018-01-03")]);
                x.strs(&[Some("Item One"), Some("Item Two")]);
                x.tag("names", false)
                    .strs(&[Some("text"), Some("date"), Some("headline")]);
                x.tag("class", false).strs(&[Some("data.frame")]);
                x.tag("row.names", false).int(238);
                // Its class: an untagged pairlist (class symbol, package symbol, type 13).
                x.int(2).int(1).chars(Some("compact_intseq"));
                x.int(2).int(1).chars(Some("base"));
                x.int(2).int(13).int(1).int(13).nil();
                x.int(14).int(3).real(2.0).real(1.0).real(1.0);
                x.nil(); // the ALTREP object's attributes
                x.nil(); // end of the data frame's attributes
                x.nil(); // end of the workspace
                write(dir, "items.rda", xz(&x.0));
                Expect::ok(vec![
                    Doc::new("Item One", "2018-01-02")
                        .contains(S1)
                        .origin_ends("items.rda!items#1"),
                    Doc::new("Item Two", "2018-01-03")
                        .contains(S2)
                        .origin_ends("items.rda!items#2"),
                ])
            },
            bug: None,
        },
        Case {
            name: "truncated_rds",
            make: |dir| {
                let mut x = Xdr::new(false);
                stories(&mut x, true);
                let cut = &x.0[..x.0.len() / 2];
                let p = write(dir, "cut.rds", cut);
                Expect::skipped(vec![format!(
                    "skipped: {}: cannot read R data: truncated at byte {}; convert it with R: Rscript -e 'write.csv(readRDS(\"cut.rds\"), \"cut.csv\", row.names = FALSE)'",
                    d(&p),
                    cut.len()
                )])
            },
            bug: None,
        },
        Case {
            name: "rda_ascii_format",
            make: |dir| {
                let p = write(dir, "old.rda", gzip(b"RDA2\nA\n2\n197634\n131840\n254\n"));
                Expect::skipped(vec![format!(
                    "skipped: {}: cannot read R data: ASCII serialization is not read (only XDR binary, R's default); convert it with R: Rscript -e 'load(\"old.rda\"); for (o in ls()) write.csv(get(o), paste0(o, \".csv\"), row.names = FALSE)'",
                    d(&p)
                )])
            },
            bug: None,
        },
        Case {
            name: "rds_vector_claims_huge_length",
            make: |dir| {
                let mut x = Xdr::new(false);
                x.int(16).int(i32::MAX);
                let p = write(dir, "huge.rds", &x.0);
                Expect::skipped(vec![format!(
                    "skipped: {}: cannot read R data: a vector of 2147483647 elements in 0 bytes (truncated or corrupt); convert it with R: Rscript -e 'write.csv(readRDS(\"huge.rds\"), \"huge.csv\", row.names = FALSE)'",
                    d(&p)
                )])
            },
            bug: None,
        },
    ]
}
