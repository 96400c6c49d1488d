//! Removing scan directories a killed scanner left behind.
//!
//! Every scan's temp dir is removed when the scan ends, but a hard kill (the
//! Lambda timeout, OOM) skips that, and a warm environment keeps its `/tmp`:
//! a few leftover image layers fill the 512 MB–10 GB of ephemeral storage
//! and every later scan fails. So each scan first removes stale siblings.
//!
//! Only what is certainly ours and certainly dead goes: a directory (never a
//! symlink, never followed) named `qscan-…`, owned by the same user as the
//! scan's own new directory, untouched for longer than [`stale_after`]. A
//! scan never runs longer than its timeout, so older is not in use.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Prefix of every per-scan temp dir.
pub const SCAN_DIR_PREFIX: &str = "qscan-";
/// Added to the scan timeout: killing, draining and reading the report
/// take a little longer than QScanner's own run.
pub const STALE_GRACE: Duration = Duration::from_secs(10 * 60);

/// Age after which another scan's directory cannot be in use.
pub fn stale_after(timeout: Duration) -> Duration {
    timeout.saturating_add(STALE_GRACE)
}

/// Removes the stale scan directories in `root` next to `own` (the current
/// scan's directory, which is kept). Returns what was removed; one that
/// cannot be removed is logged and left (the scan itself can still run).
pub fn remove_stale_scan_dirs(root: &Path, own: &Path, older_than: Duration) -> Vec<PathBuf> {
    let Ok(own_meta) = fs::symlink_metadata(own) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(root) else {
        return Vec::new();
    };
    let now = SystemTime::now();
    let mut removed = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path == own || !is_scan_dir_name(&entry.file_name()) {
            continue;
        }
        // symlink_metadata: a link named qscan-… is not ours to follow.
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        let age = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok());
        let stale = meta.file_type().is_dir()
            && meta.uid() == own_meta.uid()
            && age.is_some_and(|age| age > older_than);
        if !stale {
            continue;
        }
        // remove_dir_all removes symlinks inside, never their targets.
        match fs::remove_dir_all(&path) {
            Ok(()) => {
                tracing::info!(path = %path.display(), age_s = age.map(|a| a.as_secs()), reason = "left by a killed scan", "removed stale scan directory");
                removed.push(path);
            }
            Err(error) => {
                tracing::warn!(path = %path.display(), %error, "could not remove stale scan directory")
            }
        }
    }
    removed
}

fn is_scan_dir_name(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.len() > SCAN_DIR_PREFIX.len() && n.starts_with(SCAN_DIR_PREFIX))
}

#[cfg(test)]
mod tests {
    use std::fs::File;

    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);

    fn age(path: &Path, by: Duration) {
        let when = SystemTime::now() - by;
        File::open(path).unwrap().set_modified(when).unwrap();
    }

    fn dir_with_file(path: &Path) {
        fs::create_dir_all(path.join("out")).unwrap();
        fs::write(path.join("out/layer.tar"), b"x").unwrap();
    }

    #[test]
    fn only_old_scan_dirs_are_removed() {
        let root = tempfile::tempdir().unwrap();
        let own = root.path().join("qscan-own123");
        fs::create_dir(&own).unwrap();
        let old = root.path().join("qscan-old456");
        let fresh = root.path().join("qscan-new789");
        let foreign = root.path().join("other-old");
        let cache = root.path().join("qscanner-cache");
        for dir in [&old, &fresh, &foreign, &cache] {
            dir_with_file(dir);
        }
        for dir in [&old, &foreign, &cache] {
            age(dir, 2 * HOUR);
        }
        age(&own, 2 * HOUR);
        let removed = remove_stale_scan_dirs(root.path(), &own, HOUR);
        assert_eq!(removed, std::slice::from_ref(&old));
        assert!(!old.exists());
        for kept in [&own, &fresh, &foreign, &cache] {
            assert!(kept.exists(), "{} was removed", kept.display());
        }
    }

    #[test]
    fn symlinks_are_neither_removed_nor_followed() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        dir_with_file(outside.path());
        let own = root.path().join("qscan-own");
        fs::create_dir(&own).unwrap();
        // A stale-looking link to a directory elsewhere, and a stale scan
        // dir holding a link to it.
        let link = root.path().join("qscan-link");
        std::os::unix::fs::symlink(outside.path(), &link).unwrap();
        let old = root.path().join("qscan-old");
        fs::create_dir(&old).unwrap();
        std::os::unix::fs::symlink(outside.path(), old.join("escape")).unwrap();
        age(&old, 2 * HOUR);
        age(outside.path(), 2 * HOUR);

        let removed = remove_stale_scan_dirs(root.path(), &own, HOUR);
        assert_eq!(removed, [old]);
        assert!(fs::symlink_metadata(&link).is_ok(), "the link itself stays");
        assert!(outside.path().join("out/layer.tar").exists());
    }

    #[test]
    fn stale_means_older_than_the_timeout_plus_grace() {
        assert_eq!(
            stale_after(Duration::from_secs(300)),
            Duration::from_secs(900)
        );
        assert_eq!(stale_after(Duration::MAX), Duration::MAX);
    }

    #[test]
    fn a_missing_root_removes_nothing() {
        let root = tempfile::tempdir().unwrap();
        let absent = root.path().join("absent");
        assert!(remove_stale_scan_dirs(&absent, &absent.join("qscan-x"), HOUR).is_empty());
    }
}
