//! Table tests (real sentences from ../shared/corpora unless noted), seed counts, proptests.

use proptest::prelude::*;

use super::*;

fn spec(name: &str) -> PipelineSpec {
    let d = PipelineSpec::default();
    match name {
        "default" => d,
        "stemmed" => PipelineSpec::stemmed(),
        "numbers" => PipelineSpec {
            keep_numbers: true,
            ..d
        },
        "split" => PipelineSpec {
            split_hyphens: true,
            ..d
        },
        "keep_possessive" => PipelineSpec {
            keep_possessive: true,
            ..d
        },
        "keep_case" => PipelineSpec {
            lowercase: false,
            ..d
        },
        other => panic!("no spec {other}"),
    }
}

/// The one assert helper: every token as `(norm, start, end)`, in order.
fn assert_tokens(name: &str, p: &Pipeline, text: &str, want: &[(&str, u32, u32)]) {
    let t = p.tokenize(text);
    let got: Vec<(&str, u32, u32)> = t.iter().map(|(t, n)| (n, t.start, t.end)).collect();
    assert_eq!(got, want, "case {name}: {text:?}");
    for (i, tok) in t.tokens().iter().enumerate() {
        assert_eq!(tok.position as usize, i);
    }
}

/// `(case, spec, text, [(norm, start, end)])`; offsets computed independently (Python `find`).
/// One case: name, spec, text, expected `(norm, start, end)`.
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, u32, u32)],
);

const TABLE: &[Case] = &[
        (
            "un_dateline",
            "default",
            "Pyongyang, October 8 (KCNA) -- It is a primary task before the U.N. to combat all forms of terrorism",
            &[("pyongyang", 0, 9), ("october", 11, 18), ("kcna", 22, 26), ("it", 31, 33), ("is", 34, 36), ("a", 37, 38), ("primary", 39, 46), ("task", 47, 51), ("before", 52, 58), ("the", 59, 62), ("UN", 63, 67), ("to", 68, 70), ("combat", 71, 77), ("all", 78, 81), ("forms", 82, 87), ("of", 88, 90), ("terrorism", 91, 100)],
        ),
        (
            "ordinals_dropped",
            "default",
            "the 6th committee of the 57th U.N. General Assembly on October 2.",
            &[("the", 0, 3), ("committee", 8, 17), ("of", 18, 20), ("the", 21, 24), ("UN", 30, 34), ("general", 35, 42), ("assembly", 43, 51), ("on", 52, 54), ("october", 55, 62)],
        ),
        (
            "ordinals_kept",
            "numbers",
            "the 6th committee of the 57th U.N. General Assembly on October 2.",
            &[("the", 0, 3), ("6th", 4, 7), ("committee", 8, 17), ("of", 18, 20), ("the", 21, 24), ("57th", 25, 29), ("UN", 30, 34), ("general", 35, 42), ("assembly", 43, 51), ("on", 52, 54), ("october", 55, 62), ("2", 63, 64)],
        ),
        (
            "anti_us",
            "default",
            "the DPRK's eternal victory in the anti-U.S. confrontation.",
            &[("the", 0, 3), ("dprk", 4, 10), ("eternal", 11, 18), ("victory", 19, 26), ("in", 27, 29), ("the", 30, 33), ("anti-US", 34, 43), ("confrontation", 44, 57)],
        ),
        (
            "anti_us_split",
            "split",
            "the DPRK's eternal victory in the anti-U.S. confrontation.",
            &[("the", 0, 3), ("dprk", 4, 10), ("eternal", 11, 18), ("victory", 19, 26), ("in", 27, 29), ("the", 30, 33), ("anti", 34, 38), ("US", 39, 43), ("confrontation", 44, 57)],
        ),
        (
            "sino_dprk",
            "default",
            "the development of the traditional Sino-DPRK friendship",
            &[("the", 0, 3), ("development", 4, 15), ("of", 16, 18), ("the", 19, 22), ("traditional", 23, 34), ("sino-dprk", 35, 44), ("friendship", 45, 55)],
        ),
        (
            "kimilsungism",
            "default",
            "the Study of Kimilsungism-Kimjongilism on Jan. 14 posted",
            &[("the", 0, 3), ("study", 4, 9), ("of", 10, 12), ("kimilsungism-kimjongilism", 13, 38), ("on", 39, 41), ("jan", 42, 46), ("posted", 50, 56)],
        ),
        (
            "day_campaigns",
            "default",
            "in the 70-day and 200-day campaigns last year",
            &[("in", 0, 2), ("the", 3, 6), ("70-day", 7, 13), ("and", 14, 17), ("200-day", 18, 25), ("campaigns", 26, 35), ("last", 36, 40), ("year", 41, 45)],
        ),
        (
            "day_campaigns_split",
            "split",
            "in the 70-day and 200-day campaigns last year",
            &[("in", 0, 2), ("the", 3, 6), ("day", 10, 13), ("and", 14, 17), ("day", 22, 25), ("campaigns", 26, 35), ("last", 36, 40), ("year", 41, 45)],
        ),
        (
            "juche_year",
            "numbers",
            "ending in Juche 111 (2022) to put the DPRK",
            &[("ending", 0, 6), ("in", 7, 9), ("juche", 10, 15), ("111", 16, 19), ("2022", 21, 25), ("to", 27, 29), ("put", 30, 33), ("the", 34, 37), ("dprk", 38, 42)],
        ),
        (
            "mr_possessive",
            "default",
            "of Mr. Schroeder's Cabinet of Germany",
            &[("of", 0, 2), ("mr", 3, 6), ("schroeder", 7, 18), ("cabinet", 19, 26), ("of", 27, 29), ("germany", 30, 37)],
        ),
        (
            "keep_possessive",
            "keep_possessive",
            "of Mr. Schroeder's Cabinet and the country\u{2019}s reunification",
            &[("of", 0, 2), ("mr", 3, 6), ("schroeder's", 7, 18), ("cabinet", 19, 26), ("and", 27, 30), ("the", 31, 34), ("country's", 35, 46), ("reunification", 47, 60)],
        ),
        (
            "curly_possessive",
            "default",
            "the country\u{2019}s reunification and the Party\u{2019}s reliable transmission belt",
            &[("the", 0, 3), ("country", 4, 15), ("reunification", 16, 29), ("and", 30, 33), ("the", 34, 37), ("party", 38, 47), ("reliable", 48, 56), ("transmission", 57, 69), ("belt", 70, 74)],
        ),
        (
            "s_korea",
            "default",
            "Minju Joson Denounces S. Korea for Tightening Military Nexus with U.S. and Japan",
            &[("minju", 0, 5), ("joson", 6, 11), ("denounces", 12, 21), ("s", 22, 24), ("korea", 25, 30), ("for", 31, 34), ("tightening", 35, 45), ("military", 46, 54), ("nexus", 55, 60), ("with", 61, 65), ("US", 66, 70), ("and", 71, 74), ("japan", 75, 80)],
        ),
        (
            "all_caps",
            "default",
            "SECRETARY KIM JONG IL \r\nRECEIVED GIFTS",
            &[("secretary", 0, 9), ("kim", 10, 13), ("jong", 14, 18), ("il", 19, 21), ("received", 24, 32), ("gifts", 33, 38)],
        ),
        (
            "un_and_kim_jong_un",
            "default",
            "Kim Jong Un sent a letter to the UN Secretary-General. The U.N. and KIM JONG UN.",
            &[("kim", 0, 3), ("jong", 4, 8), ("un", 9, 11), ("sent", 12, 16), ("a", 17, 18), ("letter", 19, 25), ("to", 26, 28), ("the", 29, 32), ("UN", 33, 35), ("secretary-general", 36, 53), ("the", 55, 58), ("UN", 59, 63), ("and", 64, 67), ("kim", 68, 71), ("jong", 72, 76), ("un", 77, 79)],
        ),
        (
            "un_fao_and_us_md",
            "default",
            "the UN FAO said it and the US MD system, Mt. Paektu and Mt Kumgang",
            &[("the", 0, 3), ("UN", 4, 6), ("fao", 7, 10), ("said", 11, 15), ("it", 16, 18), ("and", 19, 22), ("the", 23, 26), ("US", 27, 29), ("md", 30, 32), ("system", 33, 39), ("mt", 41, 44), ("paektu", 45, 51), ("and", 52, 55), ("mt", 56, 58), ("kumgang", 59, 66)],
        ),
        (
            "invisible_characters",
            "default",
            "nu\u{ad}clear nu\u{200b}clear de\u{2060}terrent",
            &[("nuclear", 0, 9), ("nuclear", 10, 20), ("deterrent", 21, 33)],
        ),
        (
            "us_pronoun_caps",
            "default",
            "LET US ACHIEVE GENUINE DEMOCRACY",
            &[("let", 0, 3), ("us", 4, 6), ("achieve", 7, 14), ("genuine", 15, 22), ("democracy", 23, 32)],
        ),
        (
            "us_country",
            "default",
            "DPRK FM Spokesman Refutes US Accusation",
            &[("dprk", 0, 4), ("fm", 5, 7), ("spokesman", 8, 17), ("refutes", 18, 25), ("US", 26, 28), ("accusation", 29, 39)],
        ),
        (
            "us_keep_case",
            "keep_case",
            "Refutes US Accusation and calls on us",
            &[("Refutes", 0, 7), ("US", 8, 10), ("Accusation", 11, 21), ("and", 22, 25), ("calls", 26, 31), ("on", 32, 34), ("us", 35, 37)],
        ),
        (
            "us_pronoun_lower",
            "default",
            "calls on us and the US",
            &[("calls", 0, 5), ("on", 6, 8), ("us", 9, 11), ("and", 12, 15), ("the", 16, 19), ("US", 20, 22)],
        ),
        (
            "dprk_us_compound",
            "default",
            "the anti-US struggle and DPRK-US talks",
            &[("the", 0, 3), ("anti-US", 4, 11), ("struggle", 12, 20), ("and", 21, 24), ("dprk-US", 25, 32), ("talks", 33, 38)],
        ),
        (
            "thousands",
            "numbers",
            "Cambodian king donates 20,000 US $ associated",
            &[("cambodian", 0, 9), ("king", 10, 14), ("donates", 15, 22), ("20,000", 23, 29), ("US", 30, 32), ("associated", 35, 45)],
        ),
        (
            "no_number",
            "default",
            "Pyongyang Music School No. 1 of Kim Won Gyun Conservatory",
            &[("pyongyang", 0, 9), ("music", 10, 15), ("school", 16, 22), ("no", 23, 26), ("of", 29, 31), ("kim", 32, 35), ("won", 36, 39), ("gyun", 40, 44), ("conservatory", 45, 57)],
        ),
        (
            "dprk_periods",
            "default",
            "the D.P.R.K. government and the U.S-led bloc",
            &[("the", 0, 3), ("dprk", 4, 12), ("government", 13, 23), ("and", 24, 27), ("the", 28, 31), ("US-led", 32, 39), ("bloc", 40, 44)],
        ),
        (
            "ideographic_space",
            "default",
            "\t\u{3000}Segun el decreto\u{3000}correspondiente",
            &[("segun", 4, 9), ("el", 10, 12), ("decreto", 13, 20), ("correspondiente", 23, 38)],
        ),
        (
            "dashes_quotes",
            "default",
            "\u{201c}Long live the DPRK!\u{201d} \u{2014} they shouted \u{2013} Juche\u{2019}s banner -- 1997\u{2013}2018",
            &[("long", 3, 7), ("live", 8, 12), ("the", 13, 16), ("dprk", 17, 21), ("they", 30, 34), ("shouted", 35, 42), ("juche", 47, 56), ("banner", 57, 63)],
        ),
        (
            "stemmed",
            "stemmed",
            "the Korean People's Army cheered the victories of socialism",
            &[("the", 0, 3), ("korean", 4, 10), ("peopl", 11, 19), ("armi", 20, 24), ("cheer", 25, 32), ("the", 33, 36), ("victori", 37, 46), ("of", 47, 49), ("social", 50, 59)],
        ),
];

#[test]
fn token_table() {
    for (name, s, text, want) in TABLE {
        assert_tokens(name, &Pipeline::new(&spec(s)), text, want);
    }
}

#[test]
fn stop_flags_and_min_len() {
    let p = Pipeline::new(&PipelineSpec::default());
    let t = p.tokenize("The talk was held in an atmosphere full of warm comradely trust.");
    let stops: Vec<(&str, bool)> = t.iter().map(|(t, n)| (n, t.stop)).collect();
    assert_eq!(
        stops,
        [
            ("the", true),
            ("talk", false),
            ("was", true),
            ("held", false),
            ("in", true),
            ("an", true),
            ("atmosphere", false),
            ("full", false),
            ("of", true),
            ("warm", false),
            ("comradely", false),
            ("trust", false),
        ]
    );
    let p = Pipeline::new(&PipelineSpec {
        min_len: 4,
        stopwords: Stopwords::None,
        ..PipelineSpec::default()
    });
    let t = p.tokenize("The talk was held");
    let stops: Vec<bool> = t.tokens().iter().map(|t| t.stop).collect();
    assert_eq!(stops, [true, false, true, false]);
    assert!(p.spec().stopwords == Stopwords::None);
    let p = Pipeline::new(&PipelineSpec::default());
    assert!(p.is_stopword("The"));
    assert!(p.is_stopword("don\u{2019}t"));
    assert!(!p.is_stopword("us"));
    assert!(!p.is_stopword("juche"));
}

#[test]
fn user_stopwords() {
    let p = Pipeline::new(&PipelineSpec {
        stopwords: Stopwords::List {
            path: "mine.txt".into(),
            words: vec!["juche".into(), "korea".into()],
        },
        ..PipelineSpec::default()
    });
    let t = p.tokenize("the Juche idea of Korea");
    let stops: Vec<bool> = t.tokens().iter().map(|t| t.stop).collect();
    assert_eq!(stops, [false, true, false, false, true]);
}

#[test]
fn sentences_numbered() {
    let p = Pipeline::new(&PipelineSpec::default());
    // Real: seed article (KCNA.kp 13/07/2025), title, separator, dateline, two sentences.
    let text = "Respected Comrade Kim Jong Un Meets Russian Foreign Minister\n\nPyongyang, July 13 (KCNA) -- Kim Jong Un met Sergei Lavrov. Present there were Mr. Rudenko and the U.S. envoy.";
    let t = p.tokenize(text);
    let s: Vec<(&str, u32)> = t.iter().map(|(t, n)| (n, t.sentence)).collect();
    assert_eq!(
        s,
        [
            ("respected", 0),
            ("comrade", 0),
            ("kim", 0),
            ("jong", 0),
            ("un", 0),
            ("meets", 0),
            ("russian", 0),
            ("foreign", 0),
            ("minister", 0),
            ("pyongyang", 1),
            ("july", 1),
            ("kcna", 1),
            ("kim", 2),
            ("jong", 2),
            ("un", 2),
            ("met", 2),
            ("sergei", 2),
            ("lavrov", 2),
            ("present", 3),
            ("there", 3),
            ("were", 3),
            ("mr", 3),
            ("rudenko", 3),
            ("and", 3),
            ("the", 3),
            ("US", 3),
            ("envoy", 3),
        ]
    );
    assert_eq!(sentence_spans(text).len(), 4);
}

#[test]
fn phrases_longest_first_and_within_sentences() {
    let p = Pipeline::new(&PipelineSpec {
        phrases: vec![
            "Kim Jong".into(),
            "kim jong un".into(),
            "Workers' Party of Korea".into(),
            "single".into(),
        ],
        ..PipelineSpec::default()
    });
    let text = "Kim Jong Un, general secretary of the Workers\u{2019} Party of Korea, met KIM JONG Il. Kim Jong\n\nUn spoke.";
    let t = p.tokenize(text);
    let got: Vec<(&str, u32, u32, bool, u32)> = t
        .iter()
        .map(|(t, n)| (n, t.start, t.end, t.stop, t.position))
        .collect();
    assert_eq!(
        got,
        [
            ("kim jong un", 0, 11, false, 0),
            ("general", 13, 20, false, 1),
            ("secretary", 21, 30, false, 2),
            ("of", 31, 33, true, 3),
            ("the", 34, 37, true, 4),
            // The curly apostrophe takes 3 bytes.
            ("workers party of korea", 38, 63, false, 5),
            ("met", 65, 68, false, 6),
            ("kim jong", 69, 77, false, 7),
            ("il", 78, 80, false, 8),
            // "Kim Jong" ends a paragraph: "un" is in the next sentence, so only "kim jong".
            ("kim jong", 82, 90, false, 9),
            ("un", 92, 94, false, 10),
            ("spoke", 95, 100, false, 11),
        ]
    );
    assert_eq!(&text[38..63], "Workers\u{2019} Party of Korea");
}

#[test]
fn phrases_with_stemming_and_keep_case() {
    let p = Pipeline::new(&PipelineSpec {
        phrases: vec!["nuclear weapons".into()],
        ..PipelineSpec::stemmed()
    });
    let t = p.tokenize("Nuclear weapons and nuclear weapon tests");
    let got: Vec<&str> = t.iter().map(|(_, n)| n).collect();
    assert_eq!(got, ["nuclear weapon", "and", "nuclear weapon", "test"]);
    let p = Pipeline::new(&PipelineSpec {
        lowercase: false,
        phrases: vec!["kim jong un".into()],
        ..PipelineSpec::default()
    });
    let t = p.tokenize("Marshal Kim Jong Un");
    let got: Vec<&str> = t.iter().map(|(_, n)| n).collect();
    assert_eq!(got, ["Marshal", "Kim Jong Un"]);
}

#[test]
fn ngram_table() {
    let p = Pipeline::new(&PipelineSpec::default());
    // Real: seed article, two sentences.
    let t = p.tokenize("Kim Jong Un listened to the result. The talk was held.");
    let collect = |n: usize, drop: bool| {
        let mut out = Vec::new();
        let mut s = String::new();
        ngrams(&t, n, drop, |ix| {
            ngram_text(&t, ix, &mut s);
            out.push(s.clone());
        });
        out
    };
    assert_eq!(
        collect(2, false),
        [
            "kim jong",
            "jong un",
            "un listened",
            "listened to",
            "to the",
            "the result",
            "the talk",
            "talk was",
            "was held"
        ]
    );
    assert_eq!(collect(2, true), ["kim jong", "jong un", "un listened"]);
    assert_eq!(
        collect(3, true),
        ["kim jong un", "jong un listened", "talk was held"]
    );
    assert_eq!(
        collect(4, true),
        ["kim jong un listened", "listened to the result"]
    );
    assert_eq!(
        collect(1, true),
        ["kim", "jong", "un", "listened", "result", "talk", "held"]
    );
    // 7 tokens in the first sentence give 3 five-grams, 4 in the second give none.
    assert_eq!(collect(5, false).len(), 3);
    assert!(collect(0, false).is_empty());
    assert!(collect(9, false).is_empty());
}

#[test]
fn spec_names_and_serde() {
    assert_eq!(
        PipelineSpec::from_name("default").unwrap(),
        PipelineSpec::default()
    );
    let s = PipelineSpec::from_name("stemmed").unwrap();
    assert!(s.stem);
    assert_eq!(s.name, "stemmed");
    assert_eq!(
        PipelineSpec::from_name("fancy").unwrap_err().to_string(),
        "unknown pipeline `fancy` (expected `default`, `stemmed` or `plain`)"
    );
    let json = serde_json::to_string(&PipelineSpec::default()).unwrap();
    assert_eq!(
        json,
        r#"{"name":"default","lowercase":true,"stopwords":{"type":"english"},"stem":false,"min_len":1,"keep_numbers":false,"keep_possessive":false,"split_hyphens":false,"phrases":[]}"#
    );
    let back: PipelineSpec = serde_json::from_str(r#"{"name":"custom","stem":true}"#).unwrap();
    assert_eq!(
        back,
        PipelineSpec {
            name: "custom".into(),
            stem: true,
            ..PipelineSpec::default()
        }
    );
}

#[test]
fn reused_buffer_gives_same_tokens() {
    let p = Pipeline::new(&PipelineSpec::stemmed());
    let mut buf = Tokens::default();
    p.tokenize_into(
        "A long first document about the victories of the people.",
        &mut buf,
    );
    p.tokenize_into("Short victories.", &mut buf);
    let fresh = p.tokenize("Short victories.");
    assert_eq!(buf.tokens(), fresh.tokens());
    assert_eq!(
        buf.iter().map(|(_, n)| n).collect::<Vec<_>>(),
        ["short", "victori"]
    );
}

fn shared() -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("corpora").is_dir() || p.join("seeds").is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared/corpora not found");
        None
    }
}

/// The seed article's body, from the line after "Date:" to "-0-".
fn seed_body() -> Option<String> {
    let path = shared()?.join("seeds/000_987519305f41c455.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return None;
    };
    let after = text.split_once("\nDate:")?.1.split_once('\n')?.1;
    Some(after.split_once("-0-")?.0.to_string())
}

#[test]
fn seed_article_counts() {
    let Some(body) = seed_body() else { return };
    let count = |t: &Tokens, w: &str| t.iter().filter(|(t, n)| !t.stop && *n == w).count();
    // Counted with `grep -o -i -w WORD`: russia 8, russian 10, dprk 11, "kim jong un" 8; grep's
    // -w also matches inside the 2 occurrences of "DPRK-Russia", which are one token by default.
    let p = Pipeline::new(&PipelineSpec::default());
    let t = p.tokenize(&body);
    assert_eq!(count(&t, "russia"), 6);
    assert_eq!(count(&t, "russian"), 10);
    assert_eq!(count(&t, "dprk"), 9);
    assert_eq!(count(&t, "dprk-russia"), 2);
    assert_eq!(count(&t, "kim"), 8);
    let p = Pipeline::new(&PipelineSpec {
        split_hyphens: true,
        ..PipelineSpec::default()
    });
    let t = p.tokenize(&body);
    assert_eq!(count(&t, "russia"), 8);
    assert_eq!(count(&t, "dprk"), 11);
    let p = Pipeline::new(&PipelineSpec {
        phrases: vec!["Kim Jong Un".into()],
        ..PipelineSpec::default()
    });
    let t = p.tokenize(&body);
    assert_eq!(count(&t, "kim jong un"), 8);
    assert_eq!(count(&t, "kim"), 0);
    assert_eq!(count(&t, "jong"), 0);
    for (tok, norm) in t.iter() {
        if norm == "kim jong un" {
            assert_eq!(&body[tok.start as usize..tok.end as usize], "Kim Jong Un");
        }
    }
}

fn check_invariants(p: &Pipeline, text: &str) {
    let t = p.tokenize(text);
    let mut last_sentence = 0;
    for (i, (tok, norm)) in t.iter().enumerate() {
        assert!(text.get(tok.start as usize..tok.end as usize).is_some());
        assert!(tok.start < tok.end);
        assert_eq!(tok.position as usize, i);
        assert!(tok.sentence >= last_sentence);
        assert!(!norm.is_empty());
        last_sentence = tok.sentence;
        if i > 0 {
            assert!(tok.start >= t.tokens()[i - 1].end);
        }
    }
    // n-gram counts follow from positions and sentences.
    for n in 1..=5 {
        let mut got = 0;
        ngrams(&t, n, false, |ix| {
            assert_eq!(ix.len(), n);
            got += 1;
        });
        let want = (0..t.len())
            .filter(|&i| {
                i + n <= t.len() && t.tokens()[i].sentence == t.tokens()[i + n - 1].sentence
            })
            .count();
        assert_eq!(got, want);
        let mut kept = 0;
        ngrams(&t, n, true, |_| kept += 1);
        let want = (0..t.len())
            .filter(|&i| {
                i + n <= t.len()
                    && t.tokens()[i].sentence == t.tokens()[i + n - 1].sentence
                    && !t.tokens()[i].stop
                    && !t.tokens()[i + n - 1].stop
            })
            .count();
        assert_eq!(kept, want);
    }
}

/// The one-pass ASCII path gives exactly what the general path gives.
fn check_fast_path(text: &str) {
    for spec in [
        PipelineSpec::default(),
        PipelineSpec::stemmed(),
        PipelineSpec {
            keep_possessive: true,
            min_len: 3,
            ..PipelineSpec::default()
        },
    ] {
        let fast = Pipeline::new(&spec);
        let mut slow = fast.clone();
        slow.fast_path = false;
        let (a, b) = (fast.tokenize(text), slow.tokenize(text));
        assert_eq!(a.tokens(), b.tokens(), "{text:?}");
        assert!(
            a.iter().map(|(_, n)| n).eq(b.iter().map(|(_, n)| n)),
            "{text:?}"
        );
    }
}

#[test]
fn fast_path_equals_general_path_on_seed() {
    let Some(body) = seed_body() else { return };
    check_fast_path(&body);
    check_fast_path("US PEOPLE'S People's ABCDEFGHIJKLMNOPQ Abcdefghijklmnop a.b U.S the THE x");
}

fn pipelines() -> Vec<Pipeline> {
    let mut v: Vec<Pipeline> = ["default", "stemmed", "numbers", "split", "keep_case"]
        .iter()
        .map(|s| Pipeline::new(&spec(s)))
        .collect();
    v.push(Pipeline::new(&PipelineSpec {
        phrases: vec!["kim jong un".into(), "u.s. imperialists".into()],
        ..PipelineSpec::default()
    }));
    v
}

proptest! {
    #[test]
    fn invariants_arbitrary(text in "\\PC{0,200}") {
        for p in pipelines() {
            check_invariants(&p, &text);
        }
    }

    #[test]
    fn invariants_state_media(words in prop::collection::vec(prop::sample::select(vec![
        "Kim", "Jong", "Un", "U.S.", "U.S", "US", "D.P.R.K.", "DPRK-Russia", "anti-U.S.", "Mr.",
        "S.", "Korea", "People's", "People\u{2019}s", "1,000", "10th", "2024", "Juche", "113",
        "(KCNA)", "--", "\u{2014}", "\u{2013}", ".", ",", "!", "?", "\n\n", "\n", "\u{3000}",
        "\u{201c}", "\u{201d}", "'", "-", "the", "of", "LET", "ACHIEVE", "No.", "Jan.", "200-day",
    ]), 0..60), seps in prop::collection::vec(prop::sample::select(vec!["", " ", "  ", "\t"]), 60)) {
        let mut text = String::new();
        for (i, w) in words.iter().enumerate() {
            text.push_str(w);
            text.push_str(seps[i]);
        }
        for p in pipelines() {
            check_invariants(&p, &text);
        }
    }

    #[test]
    fn fast_path_equals_general_path(text in "[ -~\\n]{0,100}") {
        check_fast_path(&text);
    }

    #[test]
    fn ascii_fast_path_equals_uax29(text in "[ -~\\t\\n\\r]{0,120}") {
        assert_eq!(mine(&text), uax(&text));
    }

    #[test]
    fn mixed_path_equals_uax29(text in "\\PC{0,120}") {
        assert_eq!(mine(&text), uax(&text));
    }

    #[test]
    fn mixed_path_equals_uax29_any(text in "(.|\\s){0,80}") {
        assert_eq!(mine(&text), uax(&text));
    }
}

fn uax(text: &str) -> Vec<(u32, u32)> {
    use unicode_segmentation::UnicodeSegmentation;
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(s, w)| (s as u32, (s + w.len()) as u32))
        .collect()
}

fn mine(text: &str) -> Vec<(u32, u32)> {
    let mut v = Vec::new();
    word_ranges(text, &mut v);
    v
}
