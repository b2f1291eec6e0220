//! The seed article (KCNA, 2025-07-13): title + "\n\n" + body between the dateline and "-0-",
//! copied from /work/shared/seeds/000_987519305f41c455.txt into tests/fixtures.

use crate::extractor;
use dateline_entities::EntityType;
use std::collections::BTreeMap;

const SEED: &str = include_str!("../fixtures/seed_kim_lavrov.txt");

#[test]
fn seed_article_mentions_counted_by_hand() {
    let ms = extractor().extract(SEED);
    let mut people: BTreeMap<&str, usize> = BTreeMap::new();
    let mut countries: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &ms {
        assert_eq!(&SEED[m.start..m.end], m.surface);
        match m.kind {
            EntityType::Person => *people.entry(m.name.as_str()).or_default() += 1,
            EntityType::Country => *countries.entry(m.entity_id.as_str()).or_default() += 1,
        }
    }
    // Counted by reading the article, paragraph by paragraph (P1 = "Kim Jong Un , general
    // secretary...", P12 = "Expressing firm belief..."):
    let want_people = BTreeMap::from([
        // title 1; P1 1; P3 "respected Comrade" 1; P4 "to Comrade" 1; P5 1; P7 1; P8 1; P10 1;
        // P12 1 = 9
        ("Kim Jong Un", 9),
        // P1 "Sergei Lavrov"; P3 "received Lavrov" (surname back-reference); P4 and P9
        // "Russian Foreign Minister Sergei Lavrov" = 4
        ("Sergei Lavrov", 4),
        // P4 and P5 "Vladimir Vladimirovich Putin"; P12 "President Putin" = 3
        ("Vladimir Putin", 3),
        // P2 only
        ("Andrei Rudenko", 1),
        ("Aleksandr Matsegora", 1),
    ]);
    let want_countries = BTreeMap::from([
        // P1: "Democratic People's Republic of Korea", "visited the DPRK", "of the DPRK" = 3;
        // P2 "ambassador to the DPRK" 1; P6 two "DPRK-Russia" + "between the DPRK" = 3;
        // P8 1; P9 "of the DPRK", "and the DPRK" = 2; P10 "the DPRK is ready", "between the
        // DPRK" = 2. Total 12. ("Workers' Party of Korea" is bare Korea: not counted.)
        ("PRK", 12),
        // title "Russian" 1; P1 "Russian Federation", "Russia" 2; P2 "Russian Federation",
        // "Russian ambassador" 2; P4 "Russian Foreign Minister", "Russian President" 2;
        // P6 "DPRK-Russia" x2 + "and Russia" 3; P8 1; P9 "Russian Foreign Minister", "and
        // Russia", "Russian Federation" 3; P10 "Russian leadership", "and Russia" 2; P12
        // "Russian army", "Russian Federation", "great Russia" 3. Total 19.
        ("RUS", 19),
        // P10 "Ukrainian crisis" (demonym).
        ("UKR", 1),
    ]);
    assert_eq!(people, want_people);
    assert_eq!(countries, want_countries);
    // Ids of the gazetteer people.
    let ids: std::collections::BTreeSet<&str> = ms
        .iter()
        .filter(|m| m.kind == EntityType::Person)
        .map(|m| m.entity_id.as_str())
        .collect();
    assert_eq!(
        ids.into_iter().collect::<Vec<_>>(),
        [
            "aleksandr-matsegora",
            "andrei-rudenko",
            "kim-jong-un",
            "sergei-lavrov",
            "vladimir-putin"
        ]
    );
    // Sorted and non-overlapping.
    assert!(ms.windows(2).all(|w| w[0].end <= w[1].start));
}

#[test]
fn seed_fixture_matches_shared_copy_when_present() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds/000_987519305f41c455.txt");
    let Ok(page) = std::fs::read_to_string(&p) else {
        eprintln!("skipping: ../shared/seeds not found");
        return;
    };
    let body = SEED.split_once("\n\n").unwrap().1.trim_end();
    assert!(
        page.contains(body),
        "fixture body is not in the shared page copy"
    );
}
