#![no_main]
//! Any UTF-8 text: token ranges slice the text on char boundaries, positions are consecutive,
//! sentences never decrease; for the default and the stemmed pipelines with phrases.
use dateline_tokenize::{Pipeline, PipelineSpec};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let specs = [
        PipelineSpec::default(),
        PipelineSpec {
            stem: true,
            split_hyphens: true,
            keep_numbers: true,
            phrases: vec!["Kim Jong Un".into(), "United States".into()],
            ..PipelineSpec::default()
        },
    ];
    for spec in &specs {
        let toks = Pipeline::new(spec).tokenize(text);
        let mut last_sentence = 0;
        for (i, (t, norm)) in toks.iter().enumerate() {
            assert!(text.get(t.start as usize..t.end as usize).is_some());
            assert_eq!(t.position as usize, i);
            assert!(t.sentence >= last_sentence);
            assert!(!norm.is_empty());
            last_sentence = t.sentence;
        }
    }
});
