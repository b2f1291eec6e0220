//! Bad inputs of issue 15, outputs: nothing deleted or overwritten that dateline did not write; result sets replaced whole (issue 15, sections 1-2).
//! Each case is one kind of input with its exact outcome; `tests/bad-inputs/README.md` lists them.

#[allow(unused_imports)]
use crate::bad_inputs::{d, gzip, write, Case, Doc, Expect, P1, P2, P3};

/// The cases of this area, appended to `bad_inputs::cases()`.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            // A temporary corpus file a killed dateline left in what is now an input folder:
            // hidden, so never read as articles (the next run into its own folder removes it).
            name: "dateline_temp_file_in_input",
            make: |dir| {
                write(
                    dir,
                    ".corpus.csv.dateline-4194303-a1B2c3.tmp",
                    format!("doc_id,date,title,body\n1,2022-03-10,Left Over,{P3}\n"),
                );
                Expect::ok(vec![])
            },
            bug: None,
        },
        Case {
            // The lock file of a dateline writing beside the inputs: hidden, never read.
            name: "dateline_lock_file_in_input",
            make: |dir| {
                write(dir, ".corpus.csv.lock", "4194303\n");
                Expect::ok(vec![])
            },
            bug: None,
        },
    ]
}
