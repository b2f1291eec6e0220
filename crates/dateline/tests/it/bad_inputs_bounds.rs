//! Bad inputs of issue 15, hostile input stays bounded (issue 15, section 7).
//! Each case is one kind of input with its exact outcome; `tests/bad-inputs/README.md` lists them.

#[allow(unused_imports)]
use crate::bad_inputs::{d, gzip, write, Case, Doc, Expect, P1, P2, P3};

/// The cases of this area, appended to `bad_inputs::cases()`.
pub fn cases() -> Vec<Case> {
    vec![]
}
