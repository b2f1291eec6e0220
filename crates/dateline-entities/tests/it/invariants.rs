//! Properties that hold for any text.

use crate::extractor;
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Kim",
        "Jong",
        "Un",
        "Il",
        "Sung",
        "Square",
        "DPRK",
        "-",
        "Russia",
        "U.S.",
        "US",
        "us",
        " ",
        " ",
        " ",
        ", ",
        ". ",
        "President",
        "Putin",
        "Lavrov",
        "Sino-",
        "anti-",
        "Martinez",
        "Manuel",
        "ambassador",
        "'s",
        "é",
        "’",
        "Guinea",
        "Equatorial",
        "\n\n",
        "Choe",
        "Son",
        "Hui",
        "Mr.",
        "of",
        "the",
    ])
}

proptest! {
    #[test]
    fn mentions_are_sorted_disjoint_and_slice_the_text(parts in prop::collection::vec(piece(), 0..40)) {
        let text: String = parts.concat();
        let ms = extractor().extract(&text);
        for m in &ms {
            prop_assert!(m.start < m.end && m.end <= text.len());
            prop_assert_eq!(&text[m.start..m.end], m.surface.as_str());
            prop_assert!(!m.entity_id.is_empty() && !m.name.is_empty());
        }
        for w in ms.windows(2) {
            prop_assert!(w[0].end <= w[1].start);
        }
        for c in extractor().candidates(&text) {
            prop_assert_eq!(&text[c.start..c.end], c.text.as_str());
        }
    }
}

#[test]
fn extractor_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<dateline_entities::Extractor>();
}
