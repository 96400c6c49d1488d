//! Parser behaviour on small hand-written reports. The stand-in's full
//! fixtures are parsed in `tools/qscanner-standin/tests/fixtures.rs`.

use serde_json::{json, Value};

use super::*;
use qscan_contracts::Package;

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
    parse_sarif(&sarif).unwrap_err().0
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
fn valid_reports_without_results_have_no_findings() {
    for sarif in [
        log(json!([]), json!([])),
        json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "QScanner"}}}]}),
        json!({"version": "2.1.0", "runs": []}),
    ] {
        assert_eq!(parse_sarif(&sarif).unwrap(), Vec::new(), "{sarif}");
    }
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
        error_of(json!({"runs": [{"tool": {"driver": {"rules": {}}}}]})),
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
    assert!(
        bad_package.ends_with("qid 9 vulnerable software entry has no name"),
        "{bad_package}"
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
