//! Parser behaviour on small hand-written reports. The stand-in's full
//! fixtures are parsed in `tools/qscanner-standin/tests/fixtures.rs`.

use serde_json::{json, Value};

use super::*;
use qscan_contracts::{Package, Severity};

fn log(rules: Value, results: Value) -> Value {
    json!({"version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "QScanner", "version": "4.8.0", "rules": rules}},
        "results": results}]})
}

fn pkg(name: &str, installed: &str, fixed: Option<&str>) -> Package {
    Package {
        name: name.into(),
        installed_version: installed.into(),
        fixed_version: fixed.map(str::to_owned),
        path: None,
        layer_sha: None,
    }
}

fn error_of(sarif: Value) -> String {
    parse_sarif(&sarif).unwrap_err().to_string()
}

#[test]
fn results_of_one_qid_group_into_one_finding_with_deduplicated_packages() {
    let sarif = log(
        json!([{"id": "180207", "shortDescription": {"text": "Debian Security Update for openssl"},
                "fullDescription": {"text": "OpenSSL flaws."},
                "properties": {"severity": 4, "cve-ids": ["CVE-2024-5535", "CVE-2024-6119"],
                               "qds": 76, "category": "Debian"}}]),
        json!([
            {"ruleId": "180207", "level": "error", "properties": {"vulnerableSoftware": [
                {"name": "openssl", "installedVersion": "3.0.13-1~deb12u1", "fixedVersion": "3.0.14-1~deb12u2"}]}},
            {"ruleId": "180207", "properties": {"vulnerableSoftware": [
                {"name": "libssl3", "installedVersion": "3.0.13-1~deb12u1", "fixedVersion": "3.0.14-1~deb12u2"},
                {"name": "openssl", "installedVersion": "3.0.13-1~deb12u1", "fixedVersion": "3.0.14-1~deb12u2"}]}}
        ]),
    );
    let findings = parse_sarif(&sarif).unwrap();
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(f.qid, "180207");
    assert_eq!(f.cves, ["CVE-2024-5535", "CVE-2024-6119"]);
    assert_eq!(
        (f.severity, f.qualys_severity, f.qds),
        (Severity::High, 4, Some(76))
    );
    assert_eq!(f.title, "Debian Security Update for openssl");
    assert_eq!(f.description.as_deref(), Some("OpenSSL flaws."));
    assert_eq!(f.category.as_deref(), Some("Debian"));
    assert_eq!(
        f.packages,
        [
            pkg("openssl", "3.0.13-1~deb12u1", Some("3.0.14-1~deb12u2")),
            pkg("libssl3", "3.0.13-1~deb12u1", Some("3.0.14-1~deb12u2")),
        ]
    );
    assert!(f.is_fixable());
}

#[test]
fn variant_keys_qid_property_customer_severity_and_comma_cves() {
    let sarif = log(
        json!([{"id": "181010", "name": "gnutls28 update",
                "properties": {"customerSeverity": "3", "cve-ids": "CVE-2024-28834, CVE-2024-28835"}}]),
        json!([{"properties": {"QID": 181010, "vulnerableSoftware": [
            {"name": "libgnutls30", "installedVersion": "3.7.9-2+deb12u1", "fixedVersion": ""}]}}]),
    );
    let f = &parse_sarif(&sarif).unwrap()[0];
    assert_eq!(f.qid, "181010");
    assert_eq!((f.severity, f.qualys_severity), (Severity::Medium, 3));
    assert_eq!(f.cves, ["CVE-2024-28834", "CVE-2024-28835"]);
    assert_eq!(f.title, "gnutls28 update");
    assert_eq!(f.packages, [pkg("libgnutls30", "3.7.9-2+deb12u1", None)]);
    assert!(!f.is_fixable());
}

#[test]
fn level_is_the_fallback_only_without_a_severity_property() {
    let sarif = log(
        json!([{"id": "1", "properties": {}},
               {"id": "2", "defaultConfiguration": {"level": "note"}},
               {"id": "3", "properties": {"severity": 1}}]),
        json!([{"ruleId": "1", "level": "error"}, {"ruleId": "2"}, {"ruleId": "3", "level": "error"},
               {"ruleId": "4", "message": {"text": "no rule for me"}}]),
    );
    let got: Vec<(String, u8, Severity)> = parse_sarif(&sarif)
        .unwrap()
        .into_iter()
        .map(|f| (f.qid, f.qualys_severity, f.severity))
        .collect();
    let want = [
        ("1", 5, Severity::Critical),
        ("2", 2, Severity::Low),
        ("3", 1, Severity::Informational),
        ("4", 3, Severity::Medium),
    ]
    .map(|(q, n, s)| (q.to_owned(), n, s));
    assert_eq!(got, want);
}

#[test]
fn title_falls_back_from_rule_text_to_message_to_qid() {
    let sarif = log(
        json!([{"id": "7", "name": "RuleName", "shortDescription": {"text": "Short"}},
               {"id": "8", "name": "OnlyName"}]),
        json!([{"ruleId": "7"}, {"ruleId": "8"}, {"ruleId": "9", "message": {"text": "From message"}},
               {"ruleId": "10"}]),
    );
    let titles: Vec<String> = parse_sarif(&sarif)
        .unwrap()
        .into_iter()
        .map(|f| f.title)
        .collect();
    assert_eq!(titles, ["Short", "OnlyName", "From message", "QID 10"]);
}

#[test]
fn rule_index_and_cvss3_are_read() {
    let sarif = log(
        json!([{"id": "181234", "properties": {"severity": 5,
                "cvss3": {"base": "9.8", "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}}]),
        json!([{"ruleIndex": 0}]),
    );
    let f = &parse_sarif(&sarif).unwrap()[0];
    assert_eq!((f.qid.as_str(), f.cvss3_base), ("181234", Some(9.8)));
    assert_eq!(
        f.cvss3_vector.as_deref(),
        Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
    );
    assert!(f.packages.is_empty() && f.cves.is_empty());
}

#[test]
fn graver_severity_and_extra_cves_win_when_results_repeat_a_qid() {
    let sarif = log(
        json!([]),
        json!([{"ruleId": "5", "properties": {"severity": 2, "cve-ids": ["CVE-1"]}},
               {"ruleId": "5", "properties": {"severity": 4, "cve-ids": "CVE-1,CVE-2"}}]),
    );
    let f = &parse_sarif(&sarif).unwrap()[0];
    assert_eq!((f.qualys_severity, f.severity), (4, Severity::High));
    assert_eq!(f.cves, ["CVE-1", "CVE-2"]);
}

#[test]
fn only_an_explicit_empty_results_array_is_a_clean_report() {
    assert_eq!(parse_sarif(&log(json!([]), json!([]))).unwrap(), Vec::new());
    let succeeded = json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "QScanner"}},
        "invocations": [{"executionSuccessful": true}], "results": []}]});
    assert_eq!(parse_sarif(&succeeded).unwrap(), Vec::new());
}

/// Regression (issue 7, item 1): each of these used to parse as a clean
/// scan with no findings, and the reporter then archived every finding.
#[test]
fn degenerate_reports_are_incomplete_not_clean() {
    let driver = json!({"driver": {"name": "QScanner"}});
    for (sarif, says, tool_failed) in [
        (
            json!({"version": "2.1.0", "runs": []}),
            "\"runs\" is empty",
            false,
        ),
        (
            json!({"runs": [{"tool": driver}]}),
            "runs[0] has no \"results\"",
            false,
        ),
        (
            json!({"runs": [{"tool": driver, "results": null}]}),
            "runs[0].results is null",
            false,
        ),
        (
            json!({"runs": [{"tool": driver, "results": []}, {"tool": driver}]}),
            "runs[1] has no \"results\"",
            false,
        ),
        (
            json!({"runs": [{"tool": driver, "results": [],
                "invocations": [{"executionSuccessful": false}]}]}),
            "runs[0].invocations[0].executionSuccessful is false",
            true,
        ),
    ] {
        let err = parse_sarif(&sarif).unwrap_err();
        assert!(err.is_incomplete(), "{sarif}: {err:?}");
        assert_eq!(err.tool_failed(), tool_failed, "{sarif}");
        assert!(err.to_string().starts_with(says), "{sarif}: {err}");
    }
}

/// Regression (issue 7, item 12): severities outside 1-5 were clamped and
/// an empty ruleId became a finding with an empty QID.
#[test]
fn out_of_scale_severities_and_empty_rule_ids_are_errors_naming_the_result() {
    for severity in [json!(0), json!(6), json!(9), json!("7")] {
        let err = error_of(log(
            json!([{"id": "9", "properties": {"severity": severity}}]),
            json!([{"ruleId": "9"}, {"ruleId": "9"}]),
        ));
        assert_eq!(
            err,
            format!("runs[0].results[0]: qid 9 severity {severity} is not a 1-5 severity")
        );
    }
    let err = error_of(log(json!([]), json!([{"ruleId": "1"}, {"ruleId": "  "}])));
    assert_eq!(err, "runs[0].results[1]: ruleId is empty");
    let err = error_of(log(json!([]), json!([{"ruleId": ""}])));
    assert_eq!(err, "runs[0].results[0]: ruleId is empty");
}

/// Regression (issue 7, item 2): a 2 MB description travelled whole into
/// the outcome. Every kept string is now bounded where it is read.
#[test]
fn long_texts_are_cut_at_the_parser_and_marked() {
    use super::limits::*;
    let huge = "é".repeat(2_000_000);
    let sarif = log(
        json!([{"id": "1", "shortDescription": {"text": huge}, "fullDescription": {"text": format!("d{huge}")},
                "properties": {"severity": 3, "category": huge, "cvss3": {"base": 5.0, "vector": huge}}}]),
        json!([{"ruleId": "1", "properties": {"vulnerableSoftware": [
            {"name": huge, "installedVersion": huge, "fixedVersion": huge, "path": huge, "layerSHA": huge}]}}]),
    );
    let f = &parse_sarif(&sarif).unwrap()[0];
    let chars = |s: &str| s.chars().count();
    assert_eq!(chars(&f.title), MAX_TITLE);
    assert!(f.title.ends_with(CUT_MARK));
    assert_eq!(chars(f.description.as_deref().unwrap()), MAX_DESCRIPTION);
    assert_eq!(chars(f.category.as_deref().unwrap()), MAX_SHORT_TEXT);
    assert_eq!(chars(f.cvss3_vector.as_deref().unwrap()), MAX_SHORT_TEXT);
    let p = &f.packages[0];
    for field in [
        &p.name,
        &p.installed_version,
        p.fixed_version.as_ref().unwrap(),
        p.path.as_ref().unwrap(),
        p.layer_sha.as_ref().unwrap(),
    ] {
        assert_eq!(chars(field), MAX_PACKAGE_FIELD);
        assert!(field.contains(CUT_MARK));
    }
    // Ids are never cut: an over-long QID or CVE id is an error.
    let long_qid = error_of(log(json!([]), json!([{"ruleId": "9".repeat(65)}])));
    assert!(
        long_qid.starts_with("runs[0].results[0]: qid \"999"),
        "{long_qid}"
    );
    assert!(
        long_qid.ends_with("is longer than 64 characters"),
        "{long_qid}"
    );
    assert!(long_qid.len() < 200, "{long_qid}");
    let long_cve = error_of(log(
        json!([]),
        json!([{"ruleId": "9",
        "properties": {"cve-ids": [format!("CVE-{}", "1".repeat(100))]}}]),
    ));
    assert!(
        long_cve.ends_with("is longer than 64 characters"),
        "{long_cve}"
    );
}

#[test]
fn structurally_wrong_reports_are_errors_that_say_where() {
    assert_eq!(error_of(json!([])), "top level has no \"runs\" array");
    assert_eq!(error_of(json!({"runs": [3]})), "runs[0] is not an object");
    assert_eq!(
        error_of(json!({"runs": [{"results": {}}]})),
        "runs[0].results is not an array"
    );
    assert_eq!(
        error_of(json!({"runs": [{"tool": {"driver": {"rules": {}}}, "results": []}]})),
        "runs[0].tool.driver.rules is not an array"
    );
    assert_eq!(
        error_of(log(json!([]), json!([{"message": {"text": "x"}}]))),
        "runs[0].results[0]: no qid (no properties.QID, ruleId or ruleIndex)"
    );
    let bad_severity = error_of(log(
        json!([{"id": "9", "properties": {"severity": "severe"}}]),
        json!([{"ruleId": "9"}]),
    ));
    assert_eq!(
        bad_severity,
        "runs[0].results[0]: qid 9 severity \"severe\" is not a 1-5 severity"
    );
    let bad_package = error_of(log(
        json!([]),
        json!([{"ruleId": "9", "properties": {"vulnerableSoftware": [{"installedVersion": "1"}]}}]),
    ));
    assert_eq!(
        bad_package,
        "runs[0].results[0]: qid 9 vulnerableSoftware[0]: vulnerable software entry has no name"
    );
    let bad_software = error_of(log(
        json!([]),
        json!([{"ruleId": "9", "properties": {"vulnerableSoftware": {}}}]),
    ));
    assert!(bad_software.ends_with("qid 9 vulnerableSoftware is not an array"));
}

#[test]
fn tool_version_reads_driver_version() {
    assert_eq!(
        tool_version(&log(json!([]), json!([]))).as_deref(),
        Some("4.8.0")
    );
    assert_eq!(
        tool_version(&json!({"runs": [{"tool": {"driver": {}}}]})),
        None
    );
}
