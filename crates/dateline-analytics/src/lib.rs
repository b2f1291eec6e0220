//! dateline-analytics (under construction).
