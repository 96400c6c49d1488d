//! The reports the stand-in writes, embedded so the binary works from any
//! directory. What each contains is listed in `fixtures/README.md` and pinned
//! by `tests/fixtures.rs`.

use std::path::Path;

/// Primary key spellings; six QIDs covering severities 1–5.
pub const MIXED: &str = include_str!("../fixtures/mixed.sarif.json");
/// The same kind of content in the alternative key spellings.
pub const VARIANT_KEYS: &str = include_str!("../fixtures/variant-keys.sarif.json");
/// A valid report without results.
pub const CLEAN: &str = include_str!("../fixtures/clean.sarif.json");
/// Degenerate: valid SARIF with no runs (not a clean scan).
pub const NO_RUNS: &str = include_str!("../fixtures/no-runs.sarif.json");
/// Degenerate: a run without a `results` array (not a clean scan).
pub const NO_RESULTS: &str = include_str!("../fixtures/no-results.sarif.json");
/// Degenerate: a run whose invocation says it failed (`results: []`).
pub const FAILED_RUN: &str = include_str!("../fixtures/failed-run.sarif.json");
/// `<id>-ScanResult.json`, filled in per scan.
pub const SCAN_RESULT_TEMPLATE: &str = include_str!("../fixtures/scan-result.template.json");
/// What `QSCANNER_STANDIN_GARBAGE_REPORT=1` writes: truncated JSON.
pub const GARBAGE: &str = "{\"version\": \"2.1.0\", \"runs\": [{\"results\": [";

/// Fixture names `QSCANNER_STANDIN_FIXTURE` accepts, default first.
pub const NAMES: [&str; 6] = [
    "mixed",
    "variant-keys",
    "clean",
    "no-runs",
    "no-results",
    "failed-run",
];

/// An embedded fixture by name.
pub fn named(name: &str) -> Option<&'static str> {
    match name {
        "mixed" => Some(MIXED),
        "variant-keys" => Some(VARIANT_KEYS),
        "clean" => Some(CLEAN),
        "no-runs" => Some(NO_RUNS),
        "no-results" => Some(NO_RESULTS),
        "failed-run" => Some(FAILED_RUN),
        _ => None,
    }
}

/// A fixture by name, or a file when the value looks like a path.
pub fn load(name_or_path: &str) -> Result<String, String> {
    if let Some(text) = named(name_or_path) {
        return Ok(text.to_owned());
    }
    if name_or_path.contains('/') || name_or_path.ends_with(".json") {
        return std::fs::read_to_string(Path::new(name_or_path))
            .map_err(|e| format!("cannot read fixture file {name_or_path}: {e}"));
    }
    Err(format!(
        "unknown fixture {name_or_path:?}: use one of {} or a file path",
        NAMES.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_fixture_is_valid_json_and_sarif_2_1_0() {
        for name in NAMES {
            let value: serde_json::Value = serde_json::from_str(named(name).unwrap()).unwrap();
            assert_eq!(value["version"], "2.1.0", "{name}");
            assert!(value["runs"].is_array(), "{name}");
        }
        let template: serde_json::Value = serde_json::from_str(SCAN_RESULT_TEMPLATE).unwrap();
        assert!(template["ScansPerformed"].is_array());
        assert!(serde_json::from_str::<serde_json::Value>(GARBAGE).is_err());
    }

    #[test]
    fn load_reads_names_and_paths_and_rejects_the_rest() {
        assert_eq!(load("clean").unwrap(), CLEAN);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recorded.sarif.json");
        std::fs::write(&path, "{}").unwrap();
        assert_eq!(load(path.to_str().unwrap()).unwrap(), "{}");
        assert!(load("nope")
            .unwrap_err()
            .contains("mixed, variant-keys, clean, no-runs, no-results, failed-run"));
        assert!(load("/absent/x.json")
            .unwrap_err()
            .starts_with("cannot read fixture file /absent/x.json"));
    }
}
