//! Korean personal names in KCNA romanization (and the South Korean spellings KCNA quotes):
//! a family name from a closed list, then one or two given-name syllables.

/// Family names recognized by the name finder, in KCNA romanization and common
/// South Korean spellings.
pub const FAMILY_NAMES: &[&str] = &[
    "Kim", "Ri", "Pak", "Choe", "Jong", "Kang", "Jo", "Han", "Yun", "O", "Ryu", "Hong", "Ju",
    "Mun", "Jang", "Hyon", "Ryang", "Kwon", "Sin", "Paek", "Thae", "Tong", "Pyon", "Son", "Chae",
    "Cha", "Ho", "Rim", "So", "An", "Song", "Nam", "Sim", "Jon", "Yang", "No", "Ko", "Hwang", "Yu",
    "Ro", "Kye", "Ryom", "Kil", "Myong", "Jin", "Won", "Wang", "Ki", "Chon", "Pae", "Pang", "Ma",
    "Ha", "Chu", "Yom", "Ri", "Kwak", "Ku", "Sok", "Tak", "Uk", "Ok", "Um", "Choi", "Lee", "Park",
    "Moon", "Yoon", "Roh", "Chun", "Ahn", "Shin", "Jung", "Jeong", "Cho", "Yoo", "Bae", "Baek",
    "Seo", "Oh", "Hyun", "Jeon", "Lim", "Kwon", "Im", "Kung", "Ji", "Mo", "Phyo", "Chang", "Ryo",
    "Pyo", "Kal", "Tae",
];

/// True when `word` is one of [`FAMILY_NAMES`].
pub fn is_family_name(word: &str) -> bool {
    // The same list as FAMILY_NAMES, as a match (checked by a test).
    matches!(
        word,
        "Kim"
            | "Ri"
            | "Pak"
            | "Choe"
            | "Jong"
            | "Kang"
            | "Jo"
            | "Han"
            | "Yun"
            | "O"
            | "Ryu"
            | "Hong"
            | "Ju"
            | "Mun"
            | "Jang"
            | "Hyon"
            | "Ryang"
            | "Kwon"
            | "Sin"
            | "Paek"
            | "Thae"
            | "Tong"
            | "Pyon"
            | "Son"
            | "Chae"
            | "Cha"
            | "Ho"
            | "Rim"
            | "So"
            | "An"
            | "Song"
            | "Nam"
            | "Sim"
            | "Jon"
            | "Yang"
            | "No"
            | "Ko"
            | "Hwang"
            | "Yu"
            | "Ro"
            | "Kye"
            | "Ryom"
            | "Kil"
            | "Myong"
            | "Jin"
            | "Won"
            | "Wang"
            | "Ki"
            | "Chon"
            | "Pae"
            | "Pang"
            | "Ma"
            | "Ha"
            | "Chu"
            | "Yom"
            | "Kwak"
            | "Ku"
            | "Sok"
            | "Tak"
            | "Uk"
            | "Ok"
            | "Um"
            | "Choi"
            | "Lee"
            | "Park"
            | "Moon"
            | "Yoon"
            | "Roh"
            | "Chun"
            | "Ahn"
            | "Shin"
            | "Jung"
            | "Jeong"
            | "Cho"
            | "Yoo"
            | "Bae"
            | "Baek"
            | "Seo"
            | "Oh"
            | "Hyun"
            | "Jeon"
            | "Lim"
            | "Im"
            | "Kung"
            | "Ji"
            | "Mo"
            | "Phyo"
            | "Chang"
            | "Ryo"
            | "Pyo"
            | "Kal"
            | "Tae"
    )
}

const INITIALS: &[&str] = &[
    "kk", "tt", "pp", "ss", "jj", "ch", "kh", "th", "ph", "sh", "g", "k", "n", "d", "t", "r", "l",
    "m", "b", "p", "s", "j", "h",
];
const VOWELS: &[&str] = &[
    "yeo", "yae", "wae", "ae", "ya", "yo", "yu", "ye", "wa", "wo", "we", "wi", "ui", "oe", "eo",
    "eu", "oo", "ee", "a", "o", "u", "i", "e",
];
const FINALS: &[&str] = &["", "ng", "k", "n", "l", "m", "p", "t"];

/// True when `s` (any case) is one romanized Korean syllable: optional initial consonant,
/// vowel, optional final consonant ("Jong", "Hui", "Thae", "Gwang", "Ryong", "Un", "bak").
pub fn is_syllable(s: &str) -> bool {
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let mut buf = [0u8; 6];
    let lower = &mut buf[..s.len()];
    lower.copy_from_slice(s.as_bytes());
    lower.make_ascii_lowercase();
    let lower: &[u8] = lower;
    let tail_ok = |rest: &[u8]| {
        VOWELS.iter().any(|v| {
            rest.strip_prefix(v.as_bytes())
                .is_some_and(|fin| FINALS.iter().any(|f| f.as_bytes() == fin))
        })
    };
    tail_ok(lower)
        || INITIALS
            .iter()
            .any(|i| lower.strip_prefix(i.as_bytes()).is_some_and(tail_ok))
}

/// True when `word` is a given-name part: a capitalized syllable ("Son", "Hui"), or two
/// syllables joined by a hyphen as South Korean names are written ("Myung-bak", "Geun-hye").
pub fn is_given_name(word: &str) -> bool {
    let first_upper = word.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
    if !first_upper {
        return false;
    }
    match word.split_once('-') {
        Some((a, b)) => is_syllable(a) && is_syllable(b),
        None => is_syllable(word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_table() {
        for s in [
            "Jong", "Un", "Il", "Sung", "Hui", "Choe", "Thae", "Gwang", "Ryong", "Hwan", "Chol",
            "Yop", "Myung", "Geun", "hye", "Yeol", "Kyong", "Rim", "O", "U", "bak",
        ] {
            assert!(is_syllable(s), "{s} should be a syllable");
        }
        for s in [
            "Receives",
            "Inspects",
            "Pyongyang",
            "Monday",
            "Issues",
            "Foreign",
            "Square",
            "",
            "Kimilsungia",
            "Ilon",
            "Sends",
        ] {
            assert!(!is_syllable(s), "{s} should not be a syllable");
        }
    }

    #[test]
    fn given_names() {
        assert!(is_given_name("Son"));
        assert!(is_given_name("Myung-bak"));
        assert!(!is_given_name("son"));
        assert!(!is_given_name("Son-Receives"));
        assert!(is_family_name("Choe") && is_family_name("O") && !is_family_name("Putin"));
        for f in FAMILY_NAMES {
            assert!(is_family_name(f), "{f}");
        }
    }
}
