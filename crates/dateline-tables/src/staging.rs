//! Writing a whole folder atomically: fill a staging folder beside it
//! (`.<name>.partial-<pid>`), then move it into place, replacing the old folder only after the
//! new one is complete. `dateline run` uses the same steps for its output folder.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::TablesError;

/// `dir/../.<name>.<suffix>`: a hidden sibling of `dir`.
pub fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    dir.with_file_name(format!(".{name}.{suffix}"))
}

/// The staging folder of `dir` for this process.
pub fn staging_path(dir: &Path) -> PathBuf {
    sibling(dir, &format!("partial-{}", std::process::id()))
}

/// Removes staging folders (`.<name>.partial-<pid>`) of `dir` left by processes that were
/// killed (the process `<pid>` is gone), and puts back (or removes) the earlier folder such a
/// process had moved aside (`.<name>.old-<pid>`).
pub fn remove_stale_staging(dir: &Path) {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        Some(_) => Path::new("."),
        None => return,
    };
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.partial-");
    let old_prefix = format!(".{name}.old-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let dead = |pid: &str| pid.parse::<u32>().is_ok_and(|p| !crate::process_alive(p));
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = file.strip_prefix(&prefix) {
            if dead(pid) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        } else if let Some(pid) = file.strip_prefix(&old_prefix) {
            // An earlier result moved aside by a process killed before it moved the new one
            // in: put back when the folder is missing, else (the new one is in place) removed.
            if dead(pid) {
                if dir.exists() {
                    let _ = std::fs::remove_dir_all(e.path());
                } else {
                    let _ = std::fs::rename(e.path(), dir);
                }
            }
        }
    }
}

/// Creates a fresh, empty staging folder for `dir` (after removing stale ones) and returns it.
pub fn begin(dir: &Path) -> Result<PathBuf, TablesError> {
    remove_stale_staging(dir);
    let staging = staging_path(dir);
    if staging.exists() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    std::fs::create_dir_all(&staging).map_err(|source| TablesError::Io {
        action: "create",
        path: staging.clone(),
        source,
    })?;
    crate::writer::remove_dir_on_interrupt(&staging);
    Ok(staging)
}

/// Moves the finished `staging` folder to `dir`. An existing `dir` is first moved aside
/// (`.<name>.old-<pid>`) and removed only once the new folder is in place.
pub fn replace_dir(staging: &Path, dir: &Path) -> Result<(), TablesError> {
    if let Some(parent) = dir.parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|source| TablesError::Io {
                action: "create",
                path: parent.to_path_buf(),
                source,
            })?;
        }
    }
    let rename = |from: &Path| {
        std::fs::rename(from, dir).map_err(|source| TablesError::Io {
            action: "rename",
            path: dir.to_path_buf(),
            source,
        })
    };
    if dir.exists() {
        let old = sibling(dir, &format!("old-{}", std::process::id()));
        if old.exists() {
            let _ = std::fs::remove_dir_all(&old);
        }
        std::fs::rename(dir, &old).map_err(|source| TablesError::Io {
            action: "rename",
            path: dir.to_path_buf(),
            source,
        })?;
        if let Err(e) = rename(staging) {
            let _ = std::fs::rename(&old, dir); // put the earlier folder back
            return Err(e);
        }
        let _ = std::fs::remove_dir_all(&old);
    } else {
        rename(staging)?;
    }
    Ok(())
}

/// The files of the earlier dateline result set in `dir`, as its `manifest.json` lists them
/// (its outputs, its other files, the manifest itself); `None` when `dir` holds no manifest
/// written by dateline. Only plain names that pass [`crate::check_name`] count: a manifest
/// never makes dateline touch a file outside `dir`.
pub fn files_listed(dir: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    if v.get("tool").and_then(|t| t.as_str()) != Some("dateline") {
        return None;
    }
    let mut names = BTreeSet::new();
    names.insert("manifest.json".to_string());
    let listed = |key: &str| {
        v.get(key)
            .and_then(|o| o.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|e| e.get("path").and_then(|p| p.as_str()).map(str::to_string))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    for p in listed("outputs") {
        names.insert(p);
    }
    if v.get("files").is_some() {
        names.extend(listed("files"));
    } else {
        // Written before manifests listed every file: the fixed names `dateline run` used.
        for n in ["summary.md", "trends.svg", "entities.svg"] {
            names.insert(n.to_string());
        }
    }
    names.retain(|n| crate::check_name(n).is_ok());
    Some(names)
}

/// Moves the files of the finished `staging` folder into `dir`. A missing `dir`, or one that
/// holds nothing but files of the earlier set `owned`, is replaced as a whole
/// ([`replace_dir`]). Otherwise (the folder holds files dateline did not write) the new files
/// are moved in one by one, `manifest` last: files of `owned` are replaced (and those the new
/// set lacks removed), other files stay as they are, and a new file whose name is taken by one
/// of them is refused before anything is moved.
pub fn merge_into(
    staging: &Path,
    dir: &Path,
    owned: &BTreeSet<String>,
    manifest: &str,
) -> Result<(), TablesError> {
    let io = |action, path: &Path, source| TablesError::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    let names = |d: &Path| -> Result<BTreeSet<String>, TablesError> {
        let mut out = BTreeSet::new();
        for e in std::fs::read_dir(d).map_err(|e| io("read", d, e))? {
            let e = e.map_err(|e| io("read", d, e))?;
            out.insert(e.file_name().to_string_lossy().into_owned());
        }
        Ok(out)
    };
    if !dir.exists() {
        return replace_dir(staging, dir);
    }
    let present = names(dir)?;
    if present.iter().all(|n| owned.contains(n)) {
        return replace_dir(staging, dir);
    }
    let new = names(staging)?;
    for n in &new {
        let target = crate::join_name(dir, n)?;
        if present.contains(n) && !owned.contains(n) {
            return Err(TablesError::Refused {
                path: target,
                reason: "a file of that name is in the output folder and dateline did not write it (move it, or choose another folder)".into(),
            });
        }
        if target.is_dir() {
            return Err(TablesError::Refused {
                path: target,
                reason: "it is a folder".into(),
            });
        }
    }
    let mv = |n: &str| -> Result<(), TablesError> {
        let to = dir.join(n);
        std::fs::rename(staging.join(n), &to).map_err(|e| io("rename", &to, e))
    };
    for n in new.iter().filter(|n| n.as_str() != manifest) {
        mv(n)?;
    }
    for n in owned
        .iter()
        .filter(|n| !new.contains(*n) && present.contains(*n))
    {
        let p = dir.join(n);
        if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_file()) {
            let _ = std::fs::remove_file(&p);
        }
    }
    if new.contains(manifest) {
        mv(manifest)?;
    }
    let _ = std::fs::remove_dir(staging);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ls(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn merge_keeps_foreign_files_and_replaces_listed_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(
            out.join("manifest.json"),
            r#"{"tool": "dateline", "outputs": [{"path": "a.csv"}, {"path": "gone.csv"}, {"path": "../escape.csv"}], "files": [{"path": "summary.md"}]}"#,
        )
        .unwrap();
        for f in ["a.csv", "gone.csv", "summary.md", "notes.ipynb"] {
            std::fs::write(out.join(f), "old").unwrap();
        }
        std::fs::write(tmp.path().join("escape.csv"), "outside").unwrap();
        let owned = files_listed(&out).unwrap();
        assert_eq!(
            owned.iter().map(String::as_str).collect::<Vec<_>>(),
            ["a.csv", "gone.csv", "manifest.json", "summary.md"]
        );
        let staging = tmp.path().join(".out.partial-1");
        std::fs::create_dir(&staging).unwrap();
        for f in ["a.csv", "b.csv", "summary.md"] {
            std::fs::write(staging.join(f), "new").unwrap();
        }
        std::fs::write(
            staging.join("manifest.json"),
            r#"{"tool": "dateline", "outputs": [{"path": "a.csv"}, {"path": "b.csv"}], "files": [{"path": "summary.md"}]}"#,
        )
        .unwrap();
        merge_into(&staging, &out, &owned, "manifest.json").unwrap();
        assert_eq!(
            ls(&out),
            [
                "a.csv",
                "b.csv",
                "manifest.json",
                "notes.ipynb",
                "summary.md"
            ]
        );
        assert_eq!(
            std::fs::read_to_string(out.join("notes.ipynb")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_to_string(out.join("a.csv")).unwrap(), "new");
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("escape.csv")).unwrap(),
            "outside"
        );
        assert!(!staging.exists());

        // A new file whose name a foreign file has: refused before anything moves.
        let staging = tmp.path().join(".out.partial-2");
        std::fs::create_dir(&staging).unwrap();
        for f in ["a.csv", "notes.ipynb", "manifest.json"] {
            std::fs::write(staging.join(f), "newer").unwrap();
        }
        let owned = files_listed(&out).unwrap_or_default();
        let e = merge_into(&staging, &out, &owned, "manifest.json").unwrap_err();
        assert!(e.to_string().contains("notes.ipynb"), "{e}");
        assert_eq!(std::fs::read_to_string(out.join("a.csv")).unwrap(), "new");
        assert_eq!(
            std::fs::read_to_string(out.join("notes.ipynb")).unwrap(),
            "old"
        );
    }

    #[test]
    fn stale_old_folder_is_put_back_when_the_output_is_missing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let mut c = std::process::Command::new("true").spawn().unwrap();
        let dead = c.id();
        c.wait().unwrap();
        let old = tmp.path().join(format!(".out.old-{dead}"));
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("manifest.json"), "{}").unwrap();
        remove_stale_staging(&out);
        assert_eq!(ls(tmp.path()), ["out"]);
        assert_eq!(ls(&out), ["manifest.json"]);
        // With the output in place, a stale one is removed.
        std::fs::create_dir(&old).unwrap();
        remove_stale_staging(&out);
        assert_eq!(ls(tmp.path()), ["out"]);
    }
}
