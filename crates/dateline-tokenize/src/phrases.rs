//! Multi-word expressions ("kim jong un") that become one token.

use rustc_hash::FxHashMap;

use crate::{Pipeline, Token};

/// Phrases by their first word's lower-cased normal form, longest first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Phrases {
    by_first: FxHashMap<Box<str>, Vec<Vec<Box<str>>>>,
}

impl Phrases {
    /// Normalizes each phrase with `pipeline` (which has no phrases yet); phrases of fewer than
    /// two tokens are ignored.
    pub(crate) fn build(pipeline: &Pipeline, phrases: &[String]) -> Phrases {
        let mut by_first: FxHashMap<Box<str>, Vec<Vec<Box<str>>>> = FxHashMap::default();
        for p in phrases {
            let t = pipeline.tokenize(p);
            if t.len() < 2 {
                continue;
            }
            let words: Vec<Box<str>> = (0..t.len())
                .map(|i| t.norm(i).to_lowercase().into())
                .collect();
            let list = by_first.entry(words[0].clone()).or_default();
            if !list.contains(&words) {
                list.push(words);
            }
        }
        for list in by_first.values_mut() {
            list.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        }
        Phrases { by_first }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// Replaces every match (longest first, left to right, within one sentence) by one token.
    pub(crate) fn apply(
        &self,
        lowercase: bool,
        arena: &mut String,
        tokens: &mut Vec<Token>,
        out: &mut Vec<Token>,
        buf: &mut String,
    ) {
        out.clear();
        let n = tokens.len();
        let norm = |arena: &str, t: &Token| -> String {
            arena[t.norm_start as usize..t.norm_end as usize].to_lowercase()
        };
        let mut i = 0;
        while i < n {
            let t = tokens[i];
            let mut matched = 0;
            {
                let first = &arena[t.norm_start as usize..t.norm_end as usize];
                let owned;
                // Acronyms keep their capitals in lower-cased text (`UN`): phrases ignore case.
                let key = if lowercase && !first.bytes().any(|b| b.is_ascii_uppercase()) {
                    first
                } else {
                    owned = first.to_lowercase();
                    owned.as_str()
                };
                if let Some(cands) = self.by_first.get(key) {
                    for c in cands {
                        let m = c.len();
                        if i + m > n || tokens[i + m - 1].sentence != t.sentence {
                            continue;
                        }
                        let same = (1..m).all(|j| {
                            let u = &tokens[i + j];
                            let w = &arena[u.norm_start as usize..u.norm_end as usize];
                            if lowercase {
                                w.eq_ignore_ascii_case(&c[j])
                            } else {
                                norm(arena, u) == *c[j]
                            }
                        });
                        if same {
                            matched = m;
                            break;
                        }
                    }
                }
            }
            if matched > 1 {
                buf.clear();
                for (j, u) in tokens[i..i + matched].iter().enumerate() {
                    if j > 0 {
                        buf.push(' ');
                    }
                    buf.push_str(&arena[u.norm_start as usize..u.norm_end as usize]);
                }
                let ns = arena.len() as u32;
                arena.push_str(buf);
                out.push(Token {
                    start: t.start,
                    end: tokens[i + matched - 1].end,
                    sentence: t.sentence,
                    position: out.len() as u32,
                    stop: false,
                    norm_start: ns,
                    norm_end: arena.len() as u32,
                });
                i += matched;
            } else {
                out.push(Token {
                    position: out.len() as u32,
                    ..t
                });
                i += 1;
            }
        }
        std::mem::swap(tokens, out);
    }
}
