//! dateline-ingest (under construction).
