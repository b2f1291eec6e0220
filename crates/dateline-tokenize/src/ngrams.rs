//! N-grams over consecutive tokens of one sentence.

use crate::Tokens;

/// Calls `f` with the token indices of every n-gram of size `n`, in order.
///
/// An n-gram is `n` consecutive tokens (stopwords included) of the same sentence; with
/// `drop_stop_edges`, those whose first or last token is a stopword are skipped (for `n == 1`
/// this leaves exactly the tokens that unigram counts use). `n == 0` gives nothing. The
/// n-gram's term is its tokens' normal forms joined by one space ([`ngram_text`]).
///
/// ```
/// use dateline_tokenize::{ngram_text, ngrams, Pipeline, PipelineSpec};
/// let t = Pipeline::new(&PipelineSpec::default()).tokenize("Abandon the nuclear weapons. Now.");
/// let mut got = Vec::new();
/// let mut s = String::new();
/// ngrams(&t, 2, true, |ix| { ngram_text(&t, ix, &mut s); got.push(s.clone()); });
/// assert_eq!(got, ["nuclear weapons"]);
/// ```
pub fn ngrams(tokens: &Tokens, n: usize, drop_stop_edges: bool, mut f: impl FnMut(&[usize])) {
    let ts = tokens.tokens();
    if n == 0 || ts.len() < n {
        return;
    }
    let mut ix: Vec<usize> = Vec::with_capacity(n);
    for i in 0..=ts.len() - n {
        let (a, b) = (&ts[i], &ts[i + n - 1]);
        if a.sentence != b.sentence {
            continue;
        }
        if drop_stop_edges && (a.stop || b.stop) {
            continue;
        }
        ix.clear();
        ix.extend(i..i + n);
        f(&ix);
    }
}

/// Writes the term of the n-gram `ix` (normal forms joined by one space) into `out` (cleared).
pub fn ngram_text(tokens: &Tokens, ix: &[usize], out: &mut String) {
    out.clear();
    for (k, &i) in ix.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(tokens.norm(i));
    }
}
