//! Writing a whole folder atomically: fill a staging folder beside it
//! (`.<name>.partial-<pid>`), then move it into place, replacing the old folder only after the
//! new one is complete. `dateline run` uses the same steps for its output folder.
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
/// killed (the process `<pid>` is gone).
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
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = file.strip_prefix(&prefix) {
            let alive = Path::new("/proc").join(pid).exists();
            if !alive && pid.parse::<u32>().is_ok() {
                let _ = std::fs::remove_dir_all(e.path());
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
