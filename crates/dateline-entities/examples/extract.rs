//! Prints the mentions and candidates of a text file (one document): `cargo run --example extract -- FILE`.
use dateline_entities::{Extractor, ExtractorOptions, Gazetteer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: extract FILE")?;
    let text = std::fs::read_to_string(path)?;
    let ex = Extractor::new(&Gazetteer::builtin(), &ExtractorOptions::default());
    for m in ex.extract(&text) {
        println!(
            "{}\t{}\t{}\t{}\t{:?}",
            m.start,
            m.kind.as_str(),
            m.entity_id,
            m.name,
            m.surface
        );
    }
    for c in ex.candidates(&text) {
        println!("{}\tcandidate\t{:?}", c.start, c.text);
    }
    Ok(())
}
