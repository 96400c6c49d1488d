//! Finding and reading QScanner's report files in its output directory.
//!
//! Names are prefixed by the image id (`<sha256-hex>-Report.sarif.json`);
//! some Qualys docs write `_` instead of `-`, so both are accepted.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use qscan_contracts::VulnFinding;

use super::{Collector, SarifError};
use crate::error::ScanError;

const REPORT_SUFFIXES: [&str; 2] = ["-Report.sarif.json", "_Report.sarif.json"];
const SCAN_RESULT_SUFFIXES: [&str; 2] = ["-ScanResult.json", "_ScanResult.json"];

/// Everything taken from one scan's output directory.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedReport {
    pub findings: Vec<VulnFinding>,
    pub qscanner_version: Option<String>,
    /// The report as written; with several report files, one SARIF log
    /// holding all their runs.
    pub sarif: Value,
    pub report_paths: Vec<PathBuf>,
}

/// Files in `dir` whose names end with one of `suffixes`, sorted.
fn files_ending(dir: &Path, suffixes: &[&str]) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| suffixes.iter().any(|s| n.ends_with(s)))
        })
        .collect();
    found.sort();
    found
}

/// The SARIF reports in `dir` (none if it does not exist).
pub fn find_reports(dir: &Path) -> Vec<PathBuf> {
    files_ending(dir, &REPORT_SUFFIXES)
}

/// Reads and parses every SARIF report in `dir`.
///
/// No report is [`ScanError::NoReport`] (with an empty output tail, which
/// the caller may fill in); an unreadable, non-JSON or structurally wrong one
/// is [`ScanError::Unparseable`], and one that does not say the scan
/// completed is [`ScanError::IncompleteReport`], both naming the file.
/// Time is linear in the number of results, across all files.
pub fn read_report_dir(dir: &Path) -> Result<ParsedReport, ScanError> {
    let paths = find_reports(dir);
    if paths.is_empty() {
        return Err(ScanError::NoReport {
            dir: dir.to_path_buf(),
            stderr_tail: String::new(),
        });
    }
    // Several files can only come from one target: QIDs fold across them.
    let mut collector = Collector::default();
    let mut logs = Vec::with_capacity(paths.len());
    for path in &paths {
        let unparseable = |reason: String| ScanError::Unparseable {
            path: path.clone(),
            reason,
        };
        let bytes = fs::read(path).map_err(|e| unparseable(format!("cannot read: {e}")))?;
        // from_slice checks UTF-8 itself and says where it is broken.
        let sarif: Value =
            serde_json::from_slice(&bytes).map_err(|e| unparseable(format!("not json: {e}")))?;
        drop(bytes);
        super::collect_log(&sarif, &mut collector).map_err(|error| match error {
            SarifError::Malformed(reason) => unparseable(reason),
            SarifError::Incomplete {
                reason,
                tool_failed,
            } => ScanError::IncompleteReport {
                path: path.clone(),
                reason,
                tool_failed,
            },
        })?;
        logs.push(sarif);
    }
    let findings = collector.finish();
    let qscanner_version = logs
        .iter()
        .find_map(super::tool_version)
        .or_else(|| scan_result_version(dir));
    Ok(ParsedReport {
        findings,
        qscanner_version,
        sarif: combine(logs),
        report_paths: paths,
    })
}

/// `QScannerVersion` from `<id>-ScanResult.json`, when the SARIF lacks one.
fn scan_result_version(dir: &Path) -> Option<String> {
    files_ending(dir, &SCAN_RESULT_SUFFIXES)
        .iter()
        .find_map(|path| {
            let value: Value = serde_json::from_str(&fs::read_to_string(path).ok()?).ok()?;
            value.get("QScannerVersion")?.as_str().map(str::to_owned)
        })
}

/// One SARIF log: the single report unchanged, or all runs under the first
/// report's `version` and `$schema`.
fn combine(mut logs: Vec<Value>) -> Value {
    if logs.len() == 1 {
        return logs.remove(0);
    }
    let mut combined = serde_json::Map::new();
    for key in ["version", "$schema"] {
        if let Some(value) = logs[0].get(key) {
            combined.insert(key.to_owned(), value.clone());
        }
    }
    let runs: Vec<Value> = logs
        .iter_mut()
        .filter_map(|log| log.get_mut("runs").map(Value::take))
        .flat_map(|runs| match runs {
            Value::Array(runs) => runs,
            _ => Vec::new(),
        })
        .collect();
    combined.insert("runs".to_owned(), Value::Array(runs));
    Value::Object(combined)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        fs::write(dir.join(name), text).unwrap();
    }

    fn report(qid: &str, package: &str, version: Option<&str>) -> String {
        json!({"version": "2.1.0", "runs": [{
            "tool": {"driver": {"name": "QScanner", "version": version,
                "rules": [{"id": qid, "properties": {"severity": 4}}]}},
            "results": [{"ruleId": qid, "properties": {"vulnerableSoftware": [
                {"name": package, "installedVersion": "1.0"}]}}]}]})
        .to_string()
    }

    #[test]
    fn missing_or_empty_directory_is_no_report() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "abc-ScanResult.json", "{}");
        write(dir.path(), "Report.sarif.json.tmp", "{}");
        for path in [dir.path().to_path_buf(), dir.path().join("absent")] {
            match read_report_dir(&path) {
                Err(ScanError::NoReport { dir, .. }) => assert_eq!(dir, path),
                other => panic!("expected NoReport, got {other:?}"),
            }
        }
    }

    #[test]
    fn unparseable_reports_name_the_file_and_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "ab12-Report.sarif.json", "{ not json");
        let err = read_report_dir(dir.path()).unwrap_err();
        let ScanError::Unparseable { path, reason } = &err else {
            panic!("expected Unparseable, got {err:?}");
        };
        assert_eq!(path, &dir.path().join("ab12-Report.sarif.json"));
        assert!(reason.starts_with("not json"), "{reason}");

        write(
            dir.path(),
            "ab12-Report.sarif.json",
            r#"{"version":"2.1.0","runs":{}}"#,
        );
        let err = read_report_dir(dir.path()).unwrap_err();
        assert!(
            err.to_string().ends_with("top level has no \"runs\" array"),
            "{err}"
        );
    }

    #[test]
    fn underscore_names_are_found_and_version_falls_back_to_scan_result() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "ab12_Report.sarif.json",
            &report("1001", "zlib1g", None),
        );
        write(
            dir.path(),
            "ab12_ScanResult.json",
            r#"{"QScannerVersion":"4.8.0"}"#,
        );
        let parsed = read_report_dir(dir.path()).unwrap();
        assert_eq!(parsed.qscanner_version.as_deref(), Some("4.8.0"));
        assert_eq!(
            parsed.report_paths,
            [dir.path().join("ab12_Report.sarif.json")]
        );
        assert_eq!(parsed.findings[0].qid, "1001");
        assert_eq!(parsed.sarif["runs"][0]["results"][0]["ruleId"], "1001");
    }

    #[test]
    fn several_reports_merge_findings_and_runs() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "aa-Report.sarif.json",
            &report("1001", "zlib1g", Some("4.8.1")),
        );
        write(
            dir.path(),
            "bb-Report.sarif.json",
            &report("1001", "libssl3", None),
        );
        let parsed = read_report_dir(dir.path()).unwrap();
        assert_eq!(parsed.findings.len(), 1);
        let names: Vec<&str> = parsed.findings[0]
            .packages
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["zlib1g", "libssl3"]);
        assert_eq!(parsed.sarif["runs"].as_array().unwrap().len(), 2);
        assert_eq!(parsed.sarif["version"], "2.1.0");
        assert_eq!(parsed.qscanner_version.as_deref(), Some("4.8.1"));
    }
}
