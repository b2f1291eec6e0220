//! Concordance (KWIC) lines.
