//! What a [`Report`] says in one line: the accounting of an ingest, and why nothing was kept.
use crate::Report;

impl Report {
    /// The accounting of a run in one line: files and bytes read, and records = kept +
    /// duplicates + teasers + empty + skipped (`secs`: the time it took).
    pub fn summary(&self, secs: f64) -> String {
        let r = self;
        let skipped = r.problems.iter().filter(|p| p.skipped).count();
        let warnings = r.problems.len() - skipped;
        let repeated = if r.files_repeated > 0 {
            format!(
                " ({} {} a file already read, read once)",
                r.files_repeated,
                if r.files_repeated == 1 {
                    "path reached"
                } else {
                    "paths reached"
                }
            )
        } else {
            String::new()
        };
        format!(
            "read {} files{repeated} ({:.1} MB) in {secs:.2}s ({:.1} MB/s): {} records = {} documents kept \
             ({} title-only) + {} duplicates removed + {} teasers left out + {} empty + {} records skipped; \
             {} undated, {} not English; {skipped} skipped, {warnings} warnings",
            r.files_read,
            r.bytes_read as f64 / 1e6,
            r.bytes_read as f64 / 1e6 / secs.max(1e-9),
            r.records,
            r.kept,
            r.title_only,
            r.duplicates_removed,
            r.teasers_dropped + r.teasers_already_present,
            r.empty_records,
            r.skipped_records,
            r.undated,
            r.non_english,
        )
    }

    /// Why a run kept no document: no file read, no record in the files, or every record
    /// empty, skipped or a teaser.
    pub fn nothing_kept(&self) -> String {
        let r = self;
        let skipped_files = r
            .problems
            .iter()
            .filter(|p| p.skipped && p.line.is_none() && p.record.is_none())
            .count();
        if r.files_read == 0 {
            return format!(
                "no file could be read ({} found, {} ignored by extension, {skipped_files} skipped)",
                r.files_seen, r.files_ignored
            );
        }
        if r.records == 0 {
            return format!("the {} files read hold no records", r.files_read);
        }
        format!(
            "{} records read: {} without text or title, {} skipped, {} teasers left out",
            r.records,
            r.empty_records,
            r.skipped_records,
            r.teasers_dropped + r.teasers_already_present
        )
    }
}
