//! `findings_for` on a realistic outcome: counts, identity, required fields,
//! resources, severity and remediation as a Security Hub reviewer sees them.

mod common;

use std::collections::HashSet;

use aws_sdk_securityhub::types::{
    AwsSecurityFinding, Partition, RecordState, SeverityLabel, VulnerabilityFixAvailable,
};
use common::*;
use qscan_asff::{
    finding_id, findings_for, limits, vulnerability_ids, AsffError, CONTAINER_RESOURCE_TYPE,
    LAMBDA_RESOURCE_TYPE, TYPE_CVE, TYPE_OTHER_VULNERABILITY,
};
use qscan_contracts::{ScanFailure, ScanStatus, Severity};
use time::macros::datetime;

fn by_title<'a>(findings: &'a [AwsSecurityFinding], prefix: &str) -> &'a AwsSecurityFinding {
    findings
        .iter()
        .find(|f| f.title().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no finding titled {prefix}…"))
}

#[test]
fn one_finding_per_cve_and_package() {
    let findings = findings_for(&outcome(image_function())).unwrap();
    // gnutls: 2 CVEs × 1 package; idna: 1 CVE × 2 packages; EOL: QID × 1.
    assert_eq!(findings.len(), 5);
    let vuln_ids: Vec<_> = findings
        .iter()
        .map(|f| f.vulnerabilities()[0].id().unwrap())
        .collect();
    assert_eq!(
        vuln_ids,
        [
            "CVE-2024-12243",
            "CVE-2024-28834",
            "CVE-2024-3651",
            "CVE-2024-3651",
            "QID-105943"
        ]
    );
    for f in &findings {
        assert_eq!(f.vulnerabilities().len(), 1);
        assert_eq!(f.vulnerabilities()[0].vulnerable_packages().len(), 1);
    }
}

#[test]
fn ids_are_stable_across_rescans_with_new_time_severity_and_version() {
    let first = outcome(image_function());
    let mut rescan = outcome(image_function());
    rescan.scanned_at = datetime!(2024-06-15 08:30:00 UTC);
    rescan.request_id = "another-request".into();
    rescan.function.function_version = Some("8".into());
    rescan.findings[1].severity = Severity::Critical;
    rescan.findings[1].qualys_severity = 5;
    rescan.findings.reverse();

    let ids = |o| -> HashSet<String> {
        findings_for(o)
            .unwrap()
            .iter()
            .map(|f| f.id().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&first), ids(&rescan));
    let updated: Vec<_> = findings_for(&rescan).unwrap();
    assert!(updated
        .iter()
        .all(|f| f.updated_at() == Some("2024-06-15T08:30:00.000Z")));
}

#[test]
fn ids_are_unique_within_an_outcome_and_match_the_public_helper() {
    let o = outcome(image_function());
    let findings = findings_for(&o).unwrap();
    let ids: HashSet<_> = findings.iter().map(|f| f.id().unwrap()).collect();
    assert_eq!(ids.len(), findings.len());

    // The reporter can compute the same set without building findings.
    let mut expected = HashSet::new();
    for v in &o.findings {
        for (vuln_id, _) in vulnerability_ids(v) {
            for p in &v.packages {
                expected.insert(finding_id(
                    FUNCTION_ARN,
                    &vuln_id,
                    &p.name,
                    p.path.as_deref(),
                ));
            }
        }
    }
    assert_eq!(ids, expected.iter().map(String::as_str).collect());
    assert!(ids.contains(format!("{FUNCTION_ARN}/qscanner/CVE-2024-12243/libgnutls30").as_str()));
}

#[test]
fn every_finding_has_the_required_fields_in_the_functions_account() {
    for f in findings_for(&outcome(image_function())).unwrap() {
        limits::validate(&f).unwrap();
        assert_eq!(f.schema_version(), Some("2018-10-08"));
        assert_eq!(f.aws_account_id(), Some(ACCOUNT));
        assert_eq!(
            f.product_arn(),
            Some("arn:aws:securityhub:us-east-2:222222222222:product/222222222222/default")
        );
        assert!(f.generator_id().unwrap().starts_with("lambda-qscanner/"));
        assert_eq!(f.created_at(), Some("2024-05-01T10:00:00.250Z"));
        assert_eq!(f.updated_at(), f.created_at());
        assert_eq!(f.first_observed_at(), f.created_at());
        assert_eq!(f.last_observed_at(), f.created_at());
        assert_eq!(f.record_state(), Some(&RecordState::Active));
        assert!(f.workflow().is_none() && f.workflow_state().is_none());
        assert!(!f.description().unwrap().is_empty());
        let provider = f.finding_provider_fields().unwrap();
        assert_eq!(provider.types(), f.types());
        assert_eq!(
            provider.severity().unwrap().label(),
            f.severity().unwrap().label()
        );
    }
}

#[test]
fn cve_findings_read_like_the_console_expects() {
    let findings = findings_for(&outcome(image_function())).unwrap();
    let f = by_title(&findings, "CVE-2024-12243");
    assert_eq!(
        f.title(),
        Some("CVE-2024-12243 in libgnutls30 3.7.9-2+deb12u3 (orders-api)")
    );
    assert_eq!(f.generator_id(), Some("lambda-qscanner/CVE-2024-12243"));
    assert_eq!(f.types(), [TYPE_CVE]);
    let nvd = "https://nvd.nist.gov/vuln/detail/CVE-2024-12243";
    assert_eq!(f.source_url(), Some(nvd));
    let description = f.description().unwrap();
    for needle in [
        "libgnutls30 3.7.9-2+deb12u3",
        "orders-api",
        DIGEST,
        "Fixed in 3.7.9-2+deb12u4",
    ] {
        assert!(
            description.contains(needle),
            "{needle} missing from {description}"
        );
    }

    let v = &f.vulnerabilities()[0];
    assert_eq!(v.reference_urls(), [nvd]);
    assert_eq!(v.related_vulnerabilities(), ["CVE-2024-28834"]);
    assert_eq!(v.fix_available(), Some(&VulnerabilityFixAvailable::Yes));
    assert_eq!(v.vendor().unwrap().name(), Some("Qualys"));
    assert_eq!(v.vendor().unwrap().vendor_severity(), Some("3"));
    let cvss = &v.cvss()[0];
    assert_eq!(
        (cvss.version(), cvss.base_score()),
        (Some("3.1"), Some(5.3))
    );
    let p = &v.vulnerable_packages()[0];
    assert_eq!(p.fixed_in_version(), Some("3.7.9-2+deb12u4"));
    assert_eq!(
        p.remediation(),
        Some("Upgrade libgnutls30 to 3.7.9-2+deb12u4")
    );
    assert!(p.source_layer_hash().unwrap().starts_with("sha256:"));

    let fields = f.product_fields().unwrap();
    assert_eq!(fields["qualys/QID"], "178432");
    assert_eq!(fields["qualys/QDS"], "55");
    assert_eq!(fields["qualys/Category"], "Debian");
    assert_eq!(
        fields["lambda-qscanner/RequestId"],
        "5f8e2b1c-0d3a-4e6f-9a7b-1c2d3e4f5a6b"
    );
    assert_eq!(fields["lambda-qscanner/QScannerVersion"], "4.6.0");
}

#[test]
fn severity_label_follows_the_mapping_and_original_keeps_qualys() {
    let findings = findings_for(&outcome(image_function())).unwrap();
    let severity = |prefix| {
        let s = by_title(&findings, prefix).severity().unwrap();
        (
            s.label().cloned().unwrap(),
            s.original().unwrap().to_owned(),
        )
    };
    assert_eq!(
        severity("CVE-2024-12243"),
        (SeverityLabel::Medium, "3".into())
    );
    assert_eq!(severity("CVE-2024-3651"), (SeverityLabel::High, "4".into()));
    assert_eq!(
        severity("QID-105943"),
        (SeverityLabel::Critical, "5".into())
    );
}

#[test]
fn remediation_names_the_fixed_version_or_says_there_is_none() {
    let findings = findings_for(&outcome(image_function())).unwrap();
    let text = |prefix| {
        let r = by_title(&findings, prefix).remediation().unwrap();
        r.recommendation().unwrap().text().unwrap().to_owned()
    };
    assert_eq!(text("CVE-2024-3651"), "Upgrade idna to 3.7");
    let none = text("QID-105943");
    assert!(
        none.starts_with("No fixed version of nodejs is available"),
        "{none}"
    );

    let eol = by_title(&findings, "QID-105943");
    assert_eq!(eol.types(), [TYPE_OTHER_VULNERABILITY]);
    assert_eq!(eol.source_url(), None);
    assert!(eol.title().unwrap().contains("EOL/Obsolete Software"));
    let v = &eol.vulnerabilities()[0];
    assert_eq!(v.fix_available(), Some(&VulnerabilityFixAvailable::No));
    assert!(v.cvss().is_empty() && v.reference_urls().is_empty());
    assert!(eol
        .description()
        .unwrap()
        .contains("No fixed version is available yet"));
}

#[test]
fn image_function_has_lambda_and_container_resources() {
    let findings = findings_for(&outcome(image_function())).unwrap();
    let r = findings[0].resources();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].r#type(), Some(LAMBDA_RESOURCE_TYPE));
    assert_eq!(r[0].id(), Some(FUNCTION_ARN));
    assert_eq!(r[0].region(), Some("us-east-2"));
    assert_eq!(r[0].partition(), Some(&Partition::Aws));
    let lambda = r[0].details().unwrap().aws_lambda_function().unwrap();
    assert_eq!(lambda.function_name(), Some("orders-api"));
    assert_eq!(lambda.package_type(), Some("Image"));
    assert_eq!(lambda.version(), Some("7"));
    assert_eq!(r[1].r#type(), Some(CONTAINER_RESOURCE_TYPE));
    assert_eq!(r[1].id(), Some(format!("{REPO}@{DIGEST}").as_str()));
    let container = r[1].details().unwrap().container().unwrap();
    assert_eq!(
        (container.image_id(), container.image_name()),
        (Some(DIGEST), Some(REPO))
    );
}

#[test]
fn zip_function_has_only_the_lambda_resource() {
    let findings = findings_for(&outcome(zip_function())).unwrap();
    assert_eq!(findings.len(), 5);
    for f in &findings {
        assert_eq!(f.resources().len(), 1);
        let lambda = f.resources()[0]
            .details()
            .unwrap()
            .aws_lambda_function()
            .unwrap();
        assert_eq!(lambda.runtime(), Some("python3.12"));
        assert_eq!(lambda.package_type(), Some("Zip"));
        assert_eq!(lambda.layers().len(), 1);
        assert!(!f.description().unwrap().contains("image sha256:"));
    }
}

#[test]
fn failed_scan_yields_no_findings() {
    let mut o = outcome(image_function());
    o.status = ScanStatus::Failed(ScanFailure {
        cause: "timeout".into(),
        message: "QScanner did not finish in 600 s".into(),
        retryable: true,
    });
    assert!(findings_for(&o).unwrap().is_empty());
}

#[test]
fn clean_scan_yields_no_findings() {
    let mut o = outcome(image_function());
    o.findings.clear();
    assert!(findings_for(&o).unwrap().is_empty());
}

#[test]
fn outcome_with_a_malformed_account_is_refused_with_the_function_named() {
    let mut o = outcome(image_function());
    o.function.id.account = "2222".into();
    let err = findings_for(&o).unwrap_err();
    assert!(matches!(err, AsffError::InvalidAccount { ref account, .. } if account == "2222"));
    assert!(err.to_string().contains("orders-api"), "{err}");
}
