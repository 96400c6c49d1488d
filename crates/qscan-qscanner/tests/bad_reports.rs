//! The bad-report corpus (`tests/fixtures/bad-reports/`): every malformed or
//! degenerate report QScanner could leave is a failed scan whose message
//! says what is wrong and where, never a clean result with no findings
//! (which would archive every finding of the function in Security Hub).

use std::path::{Path, PathBuf};

use qscan_contracts::ScanFailure;
use qscan_qscanner::{read_report_dir, ScanError};

/// What each corpus file must yield: cause, retryable, and the message
/// after `qscanner report <path> `.
const CORPUS: &[(&str, &str, bool, &str)] = &[
    // Degenerate: valid SARIF that is not a complete scan.
    ("runs-empty", "incomplete_report", false,
     "is not a complete scan: \"runs\" is empty: the report holds no scan run, which is not a clean scan"),
    ("run-without-results", "incomplete_report", false,
     "is not a complete scan: runs[0] has no \"results\": the run produced no result list, which is not a clean scan"),
    ("results-null", "incomplete_report", false,
     "is not a complete scan: runs[0].results is null: the run produced no result list, which is not a clean scan"),
    ("second-run-without-results", "incomplete_report", false,
     "is not a complete scan: runs[1] has no \"results\": the run produced no result list, which is not a clean scan"),
    ("invocation-without-execution-successful", "incomplete_report", false,
     "is not a complete scan: runs[0].invocations[0] has no executionSuccessful, so the run does not say it completed"),
    ("execution-unsuccessful", "incomplete_report", true,
     "is not a complete scan: runs[0].invocations[0].executionSuccessful is false: qscanner says the scan failed"),
    ("error-notification", "incomplete_report", true,
     "is not a complete scan: runs[0].invocations[0].toolExecutionNotifications[0] is an error: vulnerability report not ready"),
    // Not JSON, or not SARIF as QScanner writes it.
    ("empty-file", "unparseable_report", false,
     "is unparseable: not json: EOF while parsing a value at line 1 column 0"),
    ("truncated", "unparseable_report", false,
     "is unparseable: not json: EOF while parsing a list at line 2 column 0"),
    ("not-utf8", "unparseable_report", false,
     "is unparseable: not json: invalid unicode code point at line 1 column 53"),
    ("top-level-array", "unparseable_report", false, "is unparseable: top level has no \"runs\" array"),
    ("runs-object", "unparseable_report", false, "is unparseable: top level has no \"runs\" array"),
    ("run-not-object", "unparseable_report", false, "is unparseable: runs[0] is not an object"),
    ("results-object", "unparseable_report", false, "is unparseable: runs[0].results is not an array"),
    ("invocations-not-array", "unparseable_report", false, "is unparseable: runs[0].invocations is not an array"),
    ("rules-not-array", "unparseable_report", false, "is unparseable: runs[0].tool.driver.rules is not an array"),
    ("rule-not-object", "unparseable_report", false, "is unparseable: runs[0].tool.driver.rules[1] is not an object"),
    ("result-not-object", "unparseable_report", false, "is unparseable: runs[0].results[1]: not an object"),
    // A result we cannot turn into a finding.
    ("result-without-qid", "unparseable_report", false,
     "is unparseable: runs[0].results[0]: no qid (no properties.QID, ruleId or ruleIndex)"),
    ("empty-rule-id", "unparseable_report", false, "is unparseable: runs[0].results[1]: ruleId is empty"),
    ("rule-id-number", "unparseable_report", false, "is unparseable: runs[0].results[0]: ruleId 180207 is not a string"),
    ("qid-property-bool", "unparseable_report", false, "is unparseable: runs[0].results[0]: properties.QID true is not a qid"),
    ("qid-too-long", "unparseable_report", false,
     "is unparseable: runs[0].results[0]: qid \"11111111111111111111111111111111111111111111111111111111111111111\" is longer than 64 characters"),
    ("severity-zero", "unparseable_report", false,
     "is unparseable: runs[0].results[0]: qid 180207 severity 0 is not a 1-5 severity"),
    ("severity-six", "unparseable_report", false,
     "is unparseable: runs[0].results[0]: qid 180207 severity 6 is not a 1-5 severity"),
    ("severity-unknown-word", "unparseable_report", false,
     "is unparseable: runs[0].results[0]: qid 180207 severity \"severe\" is not a 1-5 severity"),
    ("level-unknown", "unparseable_report", false,
     "is unparseable: runs[0].results[0]: qid 180207 level \"fatal\" is not a sarif level"),
    ("cve-ids-number", "unparseable_report", false,
     "is unparseable: runs[0].results[0]: qid 180207 cve-ids: cve ids 2024 are neither a list nor a string"),
    ("cve-id-too-long", "unparseable_report", false,
     "is unparseable: runs[0].results[0]: qid 180207 cve-ids: cve id \"CVE-2024-999999999999999999999999999999999999999999999999999999999999\" is longer than 64 characters"),
    ("qds-word", "unparseable_report", false,
     "is unparseable: runs[0].results[0]: qid 180207 qds \"high\" is not a whole number"),
    ("cvss3-out-of-range", "unparseable_report", false,
     "is unparseable: runs[0].results[0]: qid 180207 cvss3 11.5 is not a 0-10 score"),
    ("vulnerable-software-not-array", "unparseable_report", false,
     "is unparseable: runs[0].results[0]: qid 180207 vulnerableSoftware is not an array"),
    ("package-without-name", "unparseable_report", false,
     "is unparseable: runs[0].results[0]: qid 180207 vulnerableSoftware[1]: vulnerable software entry has no name"),
    ("package-not-object", "unparseable_report", false,
     "is unparseable: runs[0].results[0]: qid 180207 vulnerableSoftware[0]: vulnerable software entry \"openssl 3.0.13\" is not an object"),
];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad-reports")
}

/// Reads one corpus file the way a scan does: as the only report in
/// QScanner's output directory.
fn read(name: &str) -> (PathBuf, ScanError) {
    let work = tempfile::tempdir().unwrap();
    let report = work.path().join("ab12-Report.sarif.json");
    std::fs::copy(corpus_dir().join(format!("{name}.sarif.json")), &report).unwrap();
    match read_report_dir(work.path()) {
        Ok(parsed) => panic!(
            "{name}: parsed as a clean scan with {} findings",
            parsed.findings.len()
        ),
        Err(error) => (report, error),
    }
}

#[test]
fn every_bad_report_is_a_named_failure_that_says_what_and_where() {
    for &(name, cause, retryable, says) in CORPUS {
        let (report, error) = read(name);
        assert_eq!(
            error.to_string(),
            format!("qscanner report {} {says}", report.display()),
            "{name}"
        );
        // As the outcome carries it: a failure, never findings.
        let failure = ScanFailure::from(&error);
        assert_eq!(
            (failure.cause.as_str(), failure.retryable),
            (cause, retryable),
            "{name}"
        );
    }
}

#[test]
fn the_corpus_has_at_least_twenty_reports_and_each_is_checked() {
    let mut files: Vec<String> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let mut listed: Vec<String> = CORPUS
        .iter()
        .map(|(n, ..)| format!("{n}.sarif.json"))
        .collect();
    listed.sort();
    assert_eq!(
        files, listed,
        "every corpus file has an expectation, and every expectation a file"
    );
    assert!(files.len() >= 20, "{}", files.len());
}
