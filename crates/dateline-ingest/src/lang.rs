//! Language identification with whatlang (ISO 639-1 codes, `und` when unsure).

use std::sync::LazyLock;

use whatlang::{Detector, Lang};

/// The languages KCNA and Rodong Sinmun publish in (plus a few neighbours): restricting the
/// detector to them makes it several times faster and avoids exotic false answers on short texts.
static DETECTOR: LazyLock<Detector> = LazyLock::new(|| {
    Detector::with_allowlist(vec![
        Lang::Eng,
        Lang::Spa,
        Lang::Fra,
        Lang::Deu,
        Lang::Rus,
        Lang::Cmn,
        Lang::Jpn,
        Lang::Kor,
        Lang::Ara,
        Lang::Por,
        Lang::Ita,
    ])
});

/// Characters looked at.
const MAX_CHARS: usize = 1000;
/// Fewer characters than this give `und`.
const MIN_CHARS: usize = 40;

/// The ISO 639-1 code of `text`'s language from its first 1000 characters; `und` when the text
/// is too short or the detector is unsure.
pub(crate) fn detect(text: &str) -> String {
    let end = text
        .char_indices()
        .nth(MAX_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let sample = &text[..end];
    if sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_CHARS {
        return "und".to_string();
    }
    if clearly_english(sample) {
        return "en".to_string();
    }
    match DETECTOR.detect(sample) {
        Some(info) if info.is_reliable() => iso639_1(info.lang()).to_string(),
        _ => "und".to_string(),
    }
}

/// A cheap stop-word vote that settles the common case (English state-media prose) without
/// running the trigram detector: many English function words and almost no Spanish or French
/// ones. Anything less clear-cut goes to whatlang.
fn clearly_english(sample: &str) -> bool {
    const EN: &[&str] = &[
        "the", "of", "and", "to", "in", "is", "for", "was", "by", "on", "are", "it", "its", "his",
        "he", "at", "as",
    ];
    const OTHER: &[&str] = &[
        "de", "la", "el", "y", "los", "las", "que", "del", "por", "con", "para", "una", "se", "le",
        "et", "les", "des", "est", "du", "und", "der", "die",
    ];
    let (mut en, mut other, mut words) = (0u32, 0u32, 0u32);
    // Bytes: ASCII letters form words; anything else (including non-ASCII) separates them.
    for w in sample
        .as_bytes()
        .split(|b| !b.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() <= 3 {
            if EN.iter().any(|e| e.as_bytes().eq_ignore_ascii_case(w)) {
                en += 1;
            } else if OTHER.iter().any(|o| o.as_bytes().eq_ignore_ascii_case(w)) {
                other += 1;
            }
        }
    }
    words >= 30 && en * 5 >= words && other * 10 <= en
}

/// whatlang's languages as ISO 639-1 codes (`und` for those without one).
fn iso639_1(l: Lang) -> &'static str {
    match l {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_english_spanish_and_short() {
        assert_eq!(
            detect("The respected Comrade Kim Jong Un met the foreign minister and had a talk with him in an atmosphere full of warm comradely trust."),
            "en"
        );
        assert_eq!(
            detect("El Presidente de la Comisión de Asuntos Estatales de la RPDC envió un mensaje de felicitación al pueblo de Nicaragua con motivo del aniversario de la revolución."),
            "es"
        );
        assert_eq!(detect("Too short."), "und");
    }
}
