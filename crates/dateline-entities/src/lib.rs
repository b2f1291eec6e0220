//! dateline-entities (under construction).
