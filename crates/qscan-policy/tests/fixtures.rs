//! Good and bad policy files side by side. Each bad file starts with
//! `# expect: LINE:COL: error: MESSAGE` lines naming every diagnostic it
//! must produce, no more and no fewer; each good file may name the
//! warnings it must produce with `# expect: LINE:COL: warning: MESSAGE`.

use std::fs;
use std::path::{Path, PathBuf};

use qscan_policy::{Diagnostic, Policy};
use time::macros::date;

/// Fixtures are judged on a fixed day, so expiry warnings do not drift.
const TODAY: time::Date = date!(2026 - 06 - 01);

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn expected(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .map(str::to_owned)
        .collect()
}

fn rendered(diagnostics: &[&Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}: {}",
                d.line,
                d.column,
                d.level.as_str(),
                d.message
            )
        })
        .collect()
}

#[test]
fn every_bad_fixture_reports_exactly_its_expected_errors_with_location_and_hint() {
    let files = fixtures("bad");
    assert!(files.len() >= 20, "only {} bad fixtures", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let source = fs::read_to_string(path).unwrap();
        let want = expected(&source);
        assert!(
            !want.is_empty(),
            "{} has no `# expect:` line",
            path.display()
        );
        match Policy::parse_at(&source, &path.display().to_string(), TODAY) {
            Ok(_) => failures.push(format!("{}: accepted, expected {want:?}", path.display())),
            Err(diagnostics) => {
                let got = rendered(&diagnostics.all());
                if got != want {
                    failures.push(format!(
                        "{}:\n  want {want:#?}\n  got  {got:#?}",
                        path.display()
                    ));
                }
                for d in diagnostics.all() {
                    assert!(
                        d.hint.as_deref().is_some_and(|h| !h.is_empty()),
                        "{d} has no hint"
                    );
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_good_fixture_is_accepted_with_exactly_its_expected_warnings() {
    let files = fixtures("good");
    assert!(files.len() >= 4, "only {} good fixtures", files.len());
    for path in &files {
        let source = fs::read_to_string(path).unwrap();
        let loaded = Policy::parse_at(&source, &path.display().to_string(), TODAY)
            .unwrap_or_else(|d| panic!("{} rejected:\n{d}", path.display()));
        let warnings: Vec<&Diagnostic> = loaded.warnings.iter().collect();
        assert_eq!(rendered(&warnings), expected(&source), "{}", path.display());
    }
}

#[test]
fn the_shipped_policy_is_valid_without_warnings() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policy/policy.toml");
    let source = fs::read_to_string(&path).unwrap();
    assert!(
        source.starts_with("#:schema ./policy.schema.json\n"),
        "policy.toml must point editors at its schema on the first line"
    );
    let loaded = Policy::parse_at(&source, "policy/policy.toml", TODAY)
        .unwrap_or_else(|d| panic!("the shipped policy is invalid:\n{d}"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let policy = loaded.policy;
    assert!(!policy.skip_rules().is_empty() && !policy.override_rules().is_empty());
    assert!(!policy.ignore_rules().is_empty());
}
