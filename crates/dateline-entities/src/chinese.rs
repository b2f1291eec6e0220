//! Chinese personal names in Hanyu Pinyin as KCNA prints them, family name first: a family name
//! from a closed list, then the given name written as one word of one or two pinyin syllables
//! ("Zhang Weihua", "Zhao Leji", "Wang Yi").

/// Common Chinese family names (single-syllable, pinyin without tones).
pub const FAMILY_NAMES: &[&str] = &[
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
    "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han",
    "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang",
    "Yu", "Du", "Ye", "Cheng", "Wei", "Su", "Lu", "Ding", "Ren", "Shen", "Yao", "Cui", "Zhong",
    "Tan", "Fan", "Jin", "Shi", "Liao", "Jia", "Xia", "Fu", "Fang", "Bai", "Zou", "Meng", "Xiong",
    "Qin", "Qiu", "Hou", "Yin", "Xue", "Yan", "Duan", "Lei", "Long", "Tao", "Mao", "Hao", "Gu",
    "Gong", "Shao", "Wan", "Qian", "Lai", "Hong", "Kong", "Qi", "Xi", "Kang", "Geng", "Lou", "Mu",
    "Niu", "Ni", "Ou", "Qu", "Rao", "Sha", "Shang", "Tong", "Wen", "Zhan", "Zhuang", "Zuo",
];

/// True when `word` is one of [`FAMILY_NAMES`].
pub fn is_family_name(word: &str) -> bool {
    FAMILY_NAMES.contains(&word)
}

const INITIALS: &[&str] = &[
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
    "z", "c", "s", "y", "w",
];

/// Finals after each kind of initial (a simplified but strict table: "jang", "chon", "ryong"
/// are no pinyin syllables).
fn final_ok(initial: &str, fin: &str) -> bool {
    const PLAIN: &[&str] = &[
        "a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "u", "ua", "uo",
        "uai", "ui", "uan", "un", "uang",
    ];
    const I_FINALS: &[&str] = &[
        "i", "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong",
    ];
    match initial {
        // j, q, x: only i-finals and u (= ü) finals
        "j" | "q" | "x" => I_FINALS.contains(&fin) || matches!(fin, "u" | "ue" | "uan" | "un"),
        "b" | "p" | "m" | "f" | "d" | "t" | "n" | "l" => {
            (PLAIN.contains(&fin) || I_FINALS.contains(&fin) || fin == "ue")
                && !(initial == "f" && I_FINALS.contains(&fin))
        }
        "y" => matches!(
            fin,
            "a" | "e"
                | "ao"
                | "ou"
                | "an"
                | "in"
                | "ang"
                | "ing"
                | "ong"
                | "u"
                | "ue"
                | "uan"
                | "un"
                | "i"
        ),
        "w" => matches!(
            fin,
            "a" | "o" | "ai" | "ei" | "an" | "en" | "ang" | "eng" | "u"
        ),
        // g k h zh ch sh r z c s: plain finals, and the "i" of zhi, chi, shi, ri, zi, ci, si
        _ => PLAIN.contains(&fin) || (fin == "i" && !matches!(initial, "g" | "k" | "h")),
    }
}

/// One pinyin syllable, lower case ("wei", "hua", "zhuang"; also "er" and the bare finals).
pub fn is_syllable(s: &str) -> bool {
    if matches!(
        s,
        "a" | "o" | "e" | "ai" | "ei" | "ao" | "ou" | "an" | "en" | "ang" | "eng" | "er"
    ) {
        return true;
    }
    INITIALS.iter().any(|i| {
        s.strip_prefix(i)
            .is_some_and(|fin| !fin.is_empty() && final_ok(i, fin))
    })
}

/// The number of pinyin syllables `lower` splits into (the split with the fewest syllables),
/// `None` when it is no run of syllables.
fn syllables(lower: &str) -> Option<usize> {
    let n = lower.len();
    // best[i]: fewest syllables covering lower[..i]
    let mut best: Vec<Option<usize>> = vec![None; n + 1];
    best[0] = Some(0);
    for end in 1..=n {
        for start in end.saturating_sub(6)..end {
            if let Some(b) = best[start] {
                if is_syllable(&lower[start..end]) {
                    best[end] = Some(best[end].map_or(b + 1, |x: usize| x.min(b + 1)));
                }
            }
        }
    }
    best[n]
}

/// The number of syllables of a given name written as one capitalized word of one or two
/// pinyin syllables ("Weihua" → 2, "Yi" → 1), `None` otherwise ("Jinhua-" or "Ryong" → None).
pub fn given_name_syllables(word: &str) -> Option<usize> {
    let mut chars = word.chars();
    let first = chars.next()?;
    if !first.is_ascii_uppercase() || !chars.all(|c| c.is_ascii_lowercase()) || word.len() > 12 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    syllables(&lower).filter(|&n| (1..=2).contains(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_and_given_names() {
        for s in [
            "wei", "hua", "zhuang", "jin", "ping", "le", "ji", "yi", "er", "qiong", "shi",
        ] {
            assert!(is_syllable(s), "{s}");
        }
        for s in ["jang", "chon", "ryong", "kim", "gi", "fia", "sung", "hi"] {
            assert!(!is_syllable(s), "{s}");
        }
        let cases = [
            ("Weihua", Some(2)),
            ("Leji", Some(2)),
            ("Jinping", Some(2)),
            ("Dongming", Some(2)),
            ("Huiyan", Some(2)),
            ("Yi", Some(1)),
            ("Zhongxian", Some(2)),
            ("Ryong", None),
            ("Sung", None),
            ("Matsegora", None),
            ("Weihuaming", None),
            ("weihua", None),
            ("WEIHUA", None),
        ];
        for (w, n) in cases {
            assert_eq!(given_name_syllables(w), n, "{w}");
        }
        assert!(is_family_name("Zhang") && is_family_name("Zhao") && !is_family_name("Kim"));
    }
}
