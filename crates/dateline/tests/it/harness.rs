//! Running the real `dateline` binary and reading what it wrote.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_dateline")
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The committed sample corpus (`data/sample`).
pub fn sample_dir() -> PathBuf {
    workspace().join("data/sample")
}

/// What a run of the binary left behind.
#[derive(Debug)]
pub struct Outcome {
    /// Exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: Vec<u8>,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl Outcome {
    /// The `skipped: …` and `warning: …` lines of stderr, in order.
    pub fn problems(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("skipped: ") || l.starts_with("warning: "))
            .map(str::to_string)
            .collect()
    }
}

/// A `dateline` command with a clean environment (no colours, not a terminal).
pub fn command<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut c = Command::new(bin());
    c.args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Runs `dateline` to the end.
pub fn run<I, S>(args: I) -> Outcome
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = command(args).output().expect("the dateline binary runs");
    Outcome {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// One row of a corpus CSV, by column name.
#[derive(Debug, Clone)]
pub struct Row(pub BTreeMap<String, String>);

impl Row {
    /// A column's value ("" for a null).
    pub fn get(&self, col: &str) -> &str {
        self.0
            .get(col)
            .unwrap_or_else(|| panic!("no column `{col}`"))
    }
}

/// Reads any CSV written by dateline into rows keyed by column name.
pub fn read_csv(path: &Path) -> Vec<Row> {
    let mut rd = csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("cannot read `{}`: {e}", path.display()));
    let header: Vec<String> = rd
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    rd.records()
        .map(|r| {
            let r = r.expect("a well-formed CSV record");
            Row(header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect())
        })
        .collect()
}

/// Every regular file under `dir` (relative path → bytes), for comparing output folders.
pub fn folder_files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable folder") {
            let p = e.expect("a folder entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("under dir").to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("readable file"));
            }
        }
    }
    out
}

/// The CSV files of a folder (relative path → bytes).
pub fn folder_csvs(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    folder_files(dir)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "csv"))
        .collect()
}

/// A KCNA Watch page copy as `/work/shared/seeds` has them: capture line, source line, title,
/// `Date:` line (`date` as `DD/MM/YYYY`), body paragraphs, `-0-` and the end line.
pub fn page(title: &str, date: &str, paras: &[&str], end_line: &str) -> String {
    format!(
        "February 17, 2026Feb 17, 2026\nKCNA KCNA.kp (En)\n\n{title}\n\nDate: {date} | Source: KCNA.kp (En) | Read original version at source\n\n{} -0-\n\nwww.kcna.kp ({end_line})\n",
        paras.join("\n\n")
    )
}

/// The known good page copy put beside every bad input.
pub const GOOD_FILE: &str = "2017-09-04-nuclear-test.txt";
/// Its title.
pub const GOOD_TITLE: &str = "Kim Jong Un Inspects Work for Nuclear Weaponization";
/// The start of its cleaned body (dateline removed).
pub const GOOD_BODY_START: &str = "Kim Jong Un inspected the work for loading an H-bomb";
/// The end of its cleaned body (`-0-` and end line removed).
pub const GOOD_BODY_END: &str = "adding that the nuclear deterrent guarantees peace.";

/// Copies the good page copy into `dir`.
pub fn put_good(dir: &Path) -> PathBuf {
    let to = dir.join(GOOD_FILE);
    std::fs::copy(sample_dir().join(GOOD_FILE), &to).expect("copy the good page");
    to
}

/// Asserts that `rows` hold the good page, complete, exactly once.
pub fn assert_good_present(rows: &[Row], context: &str) {
    let good: Vec<&Row> = rows
        .iter()
        .filter(|r| r.get("title") == GOOD_TITLE)
        .collect();
    assert_eq!(good.len(), 1, "{context}: the good page once");
    let g = good[0];
    assert_eq!(g.get("date"), "2017-09-04", "{context}: good date");
    assert!(
        g.get("body").starts_with(GOOD_BODY_START),
        "{context}: good body start: {:?}",
        &g.get("body")[..80.min(g.get("body").len())]
    );
    assert!(
        g.get("body").ends_with(GOOD_BODY_END),
        "{context}: good body end"
    );
    assert_eq!(g.get("flags"), "", "{context}: good flags");
}

/// Writes `study.toml` into `dir`: the sample study (`data/dateline.toml`, every analysis on)
/// reading `input` (an absolute path) and writing `dir/out`.
pub fn write_study(dir: &Path, input: &Path) -> PathBuf {
    let text = std::fs::read_to_string(workspace().join("data/dateline.toml"))
        .expect("data/dateline.toml");
    assert!(text.contains("paths = [\"sample\"]") && text.contains("dir = \"../out/sample\""));
    let input = input.canonicalize().expect("absolute input path");
    let text = text
        .replace(
            "paths = [\"sample\"]",
            &format!("paths = [{:?}]", input.display().to_string()),
        )
        .replace("dir = \"../out/sample\"", "dir = \"out\"")
        .replace(
            "dictionary = \"dictionaries/kcna_example.yml\"",
            &format!(
                "dictionary = {:?}",
                workspace()
                    .join("data/dictionaries/kcna_example.yml")
                    .display()
                    .to_string()
            ),
        );
    let p = dir.join("study.toml");
    std::fs::write(&p, text).expect("write study.toml");
    p
}

/// Ingests the sample corpus (`data/sample`) into `dir/name` (its extension names the format)
/// and returns that path; a failed ingest fails the test with its stderr.
pub fn ingest_sample(dir: &Path, name: &str) -> PathBuf {
    let corpus = dir.join(name);
    let o = run([
        OsStr::new("ingest"),
        sample_dir().as_os_str(),
        OsStr::new("-q"),
        OsStr::new("-o"),
        corpus.as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    corpus
}
