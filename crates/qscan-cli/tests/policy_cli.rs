//! The `qscan policy` commands, run as a user runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn qscan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qscan"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("qscan runs")
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const EXPLAIN_POLICY: &str = "crates/qscan-cli/tests/fixtures/explain.toml";
const BAD: &str = "crates/qscan-policy/tests/fixtures/bad";

#[test]
fn check_accepts_the_shipped_policy_by_default() {
    let out = qscan(&["policy", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).starts_with("policy/policy.toml: ok ("),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_prints_every_expected_error_of_every_bad_fixture_and_exits_1() {
    let mut files: Vec<_> = std::fs::read_dir(repo_root().join(BAD))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert!(files.len() >= 20);
    for file in files {
        let path = format!("{BAD}/{file}");
        let out = qscan(&["policy", "check", &path, "--today", "2026-06-01"]);
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{path}:\n{text}");
        let source = std::fs::read_to_string(repo_root().join(&path)).unwrap();
        for expected in source.lines().filter_map(|l| l.strip_prefix("# expect: ")) {
            let line = format!("{path}:{expected}\n  hint: ");
            assert!(text.contains(&line), "{path}: missing {line:?} in\n{text}");
        }
        assert!(text.trim_end().ends_with("error)") || text.trim_end().ends_with("errors)"));
    }
}

#[test]
fn check_warns_about_an_expired_ignore_but_still_passes() {
    let path = "crates/qscan-policy/tests/fixtures/good/ignores.toml";
    let out = qscan(&["policy", "check", path, "--today", "2026-06-01"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains(&format!(
            "{path}:22:11: warning: ignore `old-openssl` expired on 2026-01-31"
        )),
        "{text}"
    );
    assert!(
        text.contains("ok (0 skip, 0 override, 3 ignore rules, 1 warning)"),
        "{text}"
    );
}

#[test]
fn check_can_annotate_a_github_pull_request() {
    let path = format!("{BAD}/unknown-region.toml");
    let out = qscan(&["policy", "check", &path, "--format", "github"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text.contains(&format!("::error file={path},line=7,col=12::unknown region \"eu-west1\"%0Ahint: did you mean `eu-west-1`?")),
        "{text}"
    );
}

#[test]
fn check_exits_2_when_the_file_cannot_be_read() {
    let out = qscan(&["policy", "check", "no/such/policy.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/policy.toml"));
}

#[test]
fn explain_names_the_skip_rule_and_its_reason() {
    let out = qscan(&[
        "policy",
        "explain",
        "--policy",
        EXPLAIN_POLICY,
        "--function",
        "arn:aws:lambda:eu-west-1:111111111111:function:sandbox-api",
    ]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains(&format!(
            "decision: SKIP by [[skip]] sandbox ({EXPLAIN_POLICY}:6)"
        )),
        "{text}"
    );
    assert!(text.contains("reason:  rebuilt nightly"), "{text}");
    assert!(
        text.contains("matched: functions = [\"sandbox-*\"]"),
        "{text}"
    );
}

#[test]
fn explain_a_tag_skip_needs_the_tag() {
    let base = [
        "policy",
        "explain",
        "--policy",
        EXPLAIN_POLICY,
        "--function",
        "orders",
        "--account",
        "111111111111",
        "--region",
        "eu-west-1",
    ];
    let unknown = stdout(&qscan(&base));
    assert!(unknown.contains("decision: SCAN"), "{unknown}");
    assert!(
        unknown.contains("not final: rule opt-out needs tags"),
        "{unknown}"
    );
    let mut tagged = base.to_vec();
    tagged.extend(["--tag", "qscan=skip"]);
    let text = stdout(&qscan(&tagged));
    assert!(
        text.contains("decision: SKIP by [[skip]] opt-out"),
        "{text}"
    );
}

#[test]
fn explain_shows_the_override_and_where_each_threshold_comes_from() {
    let out = qscan(&[
        "policy",
        "explain",
        "--policy",
        EXPLAIN_POLICY,
        "--today",
        "2026-01-01",
        "--function",
        "payments-api",
        "--account",
        "111111111111",
        "--region",
        "eu-west-1",
        "--no-tags",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("decision: SCAN (no [[skip]] rule matches)"),
        "{text}"
    );
    assert!(!text.contains("not final"), "tags known: {text}");
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains(" from "))
        .collect();
    assert_eq!(
        rows,
        [
            "  report_min_severity  LOW            from [defaults]",
            &format!("  alert_min_severity   MEDIUM         from [[override]] payments ({EXPLAIN_POLICY}:16)"),
            "  fail_min_severity    CRITICAL       from built-in default",
            "  fixable_only         false          from built-in default",
        ],
        "{text}"
    );
    assert!(
        text.contains("  xz (") && text.contains("CVE-2024-3094 (in force until 2026-06-30)"),
        "{text}"
    );
}

#[test]
fn explain_with_no_matching_rule_reports_the_defaults() {
    let out = qscan(&[
        "policy",
        "explain",
        "--policy",
        EXPLAIN_POLICY,
        "--function",
        "arn:aws:lambda:us-east-1:111111111111:function:orders:7",
        "--no-tags",
        "--package-type",
        "zip",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("function      arn:aws:lambda:us-east-1:111111111111:function:orders\n"),
        "{text}"
    );
    assert!(text.contains("decision: SCAN"), "{text}");
    assert!(
        text.contains("  alert_min_severity   HIGH           from built-in default"),
        "{text}"
    );
    assert!(text.contains("package type  Zip"), "{text}");
}

#[test]
fn explain_rejects_a_name_without_account_and_region_or_a_contradicting_region() {
    let out = qscan(&[
        "policy",
        "explain",
        "--policy",
        EXPLAIN_POLICY,
        "--function",
        "orders",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = qscan(&[
        "policy",
        "explain",
        "--policy",
        EXPLAIN_POLICY,
        "--region",
        "eu-west-1",
        "--function",
        "arn:aws:lambda:us-east-1:111111111111:function:orders",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("disagrees with the ARN"));
}

#[test]
fn schema_prints_the_committed_schema() {
    let out = qscan(&["policy", "schema"]);
    assert_eq!(out.status.code(), Some(0));
    let committed = std::fs::read_to_string(repo_root().join("policy/policy.schema.json")).unwrap();
    assert!(
        stdout(&out) == committed,
        "policy/policy.schema.json is stale: run `make policy-schema`"
    );
}
