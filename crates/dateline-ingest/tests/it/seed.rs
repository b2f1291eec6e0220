//! The project's seed page (data/seed), field by field.

use dateline_core::Kind;
use dateline_ingest::{ingest, IngestOptions};

use crate::{root, run};

fn seed() -> std::path::PathBuf {
    root().join("data/seed/kcna-watch-2025-07-13-kim-jong-un-meets-lavrov.txt")
}

#[test]
fn seed_page_is_one_clean_article() {
    let out = run(&[seed()]);
    assert_eq!(out.documents.len(), 1);
    let d = &out.documents[0];
    assert_eq!(d.date.unwrap().to_string(), "2025-07-13");
    assert_eq!(
        d.title.as_deref(),
        Some("Respected Comrade Kim Jong Un Meets Russian Foreign Minister")
    );
    assert_eq!(d.place.as_deref(), Some("Pyongyang"));
    assert_eq!(d.source.as_deref(), Some("KCNA"));
    assert!(d.body.starts_with("Kim Jong Un , general secretary"));
    assert!(d.body.ends_with("in store for the great Russia."));
    assert!(!d.body.contains("-0-"));
    assert!(!d.body.contains("www.kcna.kp"));
    assert!(!d.body.contains("More From"));
    assert_eq!(d.lang, "en");
    assert_eq!(d.kind, Kind::Article);
    assert_eq!(d.byline, None);
    assert!(d.flags.is_empty(), "{:?}", d.flags);
    assert_eq!(d.copies, 1);
    assert!(d
        .origin
        .ends_with("kcna-watch-2025-07-13-kim-jong-un-meets-lavrov.txt:4"));
    // 12 paragraphs in the page, joined by blank lines.
    assert_eq!(d.body.split("\n\n").count(), 12);
    assert_eq!(d.n_chars, d.body.chars().count() as u64);
    assert_eq!(
        d.doc_id,
        dateline_core::DocId::of_text(d.title.as_deref().unwrap(), &d.body)
    );
    let r = &out.report;
    assert_eq!(
        (r.files_seen, r.files_read, r.records, r.kept),
        (1, 1, 18, 1)
    );
    // 17 "More From" teasers on the page, dropped by default.
    assert_eq!(r.teasers_dropped, 17);
    assert!(r.problems.is_empty());
}

#[test]
fn seed_teasers_kept_on_request() {
    let opts = IngestOptions {
        teasers: true,
        ..IngestOptions::default()
    };
    let out = ingest(&[seed()], &opts, &|_| {});
    let teasers: Vec<_> = out
        .documents
        .iter()
        .filter(|d| d.kind == Kind::Teaser)
        .collect();
    // 17 teasers; "Press Review" appears twice with different leads and dates, so all 17 stay.
    assert_eq!(teasers.len(), 17);
    let skating = teasers
        .iter()
        .find(|d| d.title.as_deref() == Some("Figure Skating Demonstration Held"))
        .unwrap();
    assert_eq!(skating.date.unwrap().to_string(), "2026-02-17");
    assert_eq!(skating.place.as_deref(), Some("Pyongyang"));
    assert_eq!(
        skating.body,
        "A figure skating demonstration was given at the Ice Rink on Monday to mark the February holiday."
    );
    let kim = teasers
        .iter()
        .find(|d| d.title.as_deref() == Some("Chairman Kim Jong Il's Life for People"))
        .unwrap();
    assert_eq!(kim.date.unwrap().to_string(), "2026-02-16");
    // Sorted by date: the article (2025) first, then the teasers of 2026-02-16, then 2026-02-17.
    assert_eq!(out.documents[0].kind, Kind::Article);
    let dates: Vec<_> = out.documents.iter().map(|d| d.date.unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(out.report.teasers_dropped, 0);
}
