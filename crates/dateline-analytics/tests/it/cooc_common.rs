//! Shared by the co-occurrence integration tests and the `cooc` bench: locating
//! `../shared/corpora` and reading the kcna.co.jp daily JSON files into documents.
#![allow(dead_code)]

use std::path::PathBuf;

use dateline_core::{DocId, Document, Kind};

/// `../shared/corpora/kcna-cojp-daily-1997-2018/cache/juche`, or `None` (with a message) when
/// the shared corpora are absent.
pub fn kcna_cojp_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/kcna-cojp-daily-1997-2018/cache/juche");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: ../shared/corpora not found");
        None
    }
}

/// The articles of every day file whose name (`YYYY-MM-DD_juche.json`) passes `keep`, in file
/// name order. Spanish articles (more ` de ` than ` the `, a rough test good enough here) get
/// `lang = "es"`.
pub fn read_kcna_cojp(keep: impl Fn(&str) -> bool) -> Option<Vec<Document>> {
    let dir = kcna_cojp_dir()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with("_juche.json") && keep(n))
        })
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for path in files {
        let bytes = std::fs::read(&path).expect("readable day file");
        let day: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
        let date = day["date"].as_str().and_then(|d| d.parse().ok());
        let Some(articles) = day["articles"].as_array() else {
            continue;
        };
        for (i, a) in articles.iter().enumerate() {
            let (Some(title), Some(body)) = (a["title"].as_str(), a["content"].as_str()) else {
                continue;
            };
            if body.trim().is_empty() {
                continue;
            }
            let url = a["url"].as_str().unwrap_or_default();
            docs.push(Document {
                doc_id: DocId::of_text(title, body),
                date,
                title: Some(title.to_string()),
                body: body.to_string(),
                source: Some("KCNA".into()),
                url: Some(url.to_string()),
                lang: if body.matches(" de ").count() > body.matches(" the ").count() {
                    "es"
                } else {
                    "en"
                }
                .into(),
                kind: Kind::Article,
                n_chars: body.chars().count() as u64,
                origin: format!("{}#{i}", path.display()),
                copies: 1,
                ..Document::default()
            });
        }
    }
    Some(docs)
}
