//! Checks on the real corpora in ../shared/corpora (skipped when absent).

use crate::extractor;
use dateline_entities::EntityType;
use std::path::PathBuf;

fn corpora() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared/corpora not found");
        None
    }
}

/// On the kcna.kp 2024 snapshot: every article that names "Kim Jong Un" literally (outside
/// "Kim Jong Un's"-like organization names) has at least one kim-jong-un mention, and no
/// person mention spans a newline.
#[test]
fn stiles_2024_kim_jong_un_recall_and_sanity() {
    let Some(root) = corpora() else { return };
    let path = root.join("stiles-kcna-kp-2024/data/archive/headlines_2024-11-11.json");
    let Ok(raw) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let recs: Vec<serde_json::Value> = serde_json::from_str(&raw).unwrap();
    let ex = extractor();
    let (mut with_name, mut found) = (0, 0);
    for r in &recs {
        let text = format!(
            "{}\n\n{}",
            r["headline"].as_str().unwrap_or(""),
            r["story_text"].as_str().unwrap_or("")
        );
        let ms = ex.extract(&text);
        for m in &ms {
            if m.kind == EntityType::Person {
                assert!(!m.surface.contains('\n'), "{:?}", m.surface);
            }
        }
        if text.contains("Kim Jong Un") {
            with_name += 1;
            if ms.iter().any(|m| m.entity_id == "kim-jong-un") {
                found += 1;
            }
        }
    }
    assert!(with_name > 300, "{with_name}");
    assert_eq!(found, with_name);
}
