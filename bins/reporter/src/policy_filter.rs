//! What of a scan reaches Security Hub and SNS, by the policy: findings
//! under the function's minimum severity, without a fix when only fixable
//! ones count, or covered by an active ignore are held back. S3 keeps the
//! full report; each suppression is logged with its reason.
//!
//! Ignores are per vulnerability id (a CVE, or the QID) and package, so a
//! QID whose CVEs are ignored only in part keeps the rest.

use qscan_contracts::{Package, ScanOutcome, VulnFinding};
use qscan_policy::{Policy, Subject, Thresholds};
use time::Date;

/// One (vulnerability, package) held back, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    pub vulnerability: String,
    pub package: String,
    pub reason: String,
}

/// The outcome as Security Hub and SNS should see it.
pub fn visible(
    outcome: &ScanOutcome,
    policy: &Policy,
    subject: &Subject<'_>,
    thresholds: &Thresholds,
    today: Date,
) -> (ScanOutcome, Vec<Suppressed>) {
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for finding in &outcome.findings {
        if finding.severity < thresholds.report_min {
            for id in ids(finding) {
                for package in &finding.packages {
                    suppressed.push(Suppressed {
                        vulnerability: id.clone(),
                        package: package.name.clone(),
                        reason: format!(
                            "{} is below the minimum reported severity {}",
                            finding.severity, thresholds.report_min
                        ),
                    });
                }
            }
            continue;
        }
        kept.extend(split(
            finding,
            |id, package| {
                if thresholds.fixable_only && package.fixed_version.is_none() {
                    return Some(
                        "no fixed version exists and the policy counts only fixable findings"
                            .to_owned(),
                    );
                }
                let qid = format!("QID-{}", finding.qid);
                policy
                    .ignored(&[id, &qid], subject, &package.name, today)
                    .map(|rule| {
                        format!(
                            "ignored by policy rule '{}': {}",
                            rule.name(),
                            rule.reason()
                        )
                    })
            },
            &mut suppressed,
        ));
    }
    let mut visible = outcome.clone();
    visible.findings = kept;
    (visible, suppressed)
}

/// The CVEs of a finding, or its QID when it has none.
fn ids(finding: &VulnFinding) -> Vec<String> {
    if finding.cves.is_empty() {
        vec![format!("QID-{}", finding.qid)]
    } else {
        finding.cves.clone()
    }
}

/// Keeps the (id, package) pairs `hold_back` does not object to, regrouped
/// into findings: one per id whose kept packages differ from the others'.
fn split(
    finding: &VulnFinding,
    hold_back: impl Fn(&str, &Package) -> Option<String>,
    suppressed: &mut Vec<Suppressed>,
) -> Vec<VulnFinding> {
    let has_cves = !finding.cves.is_empty();
    let mut per_id: Vec<(String, Vec<Package>)> = Vec::new();
    for id in ids(finding) {
        let mut packages = Vec::new();
        for package in &finding.packages {
            match hold_back(&id, package) {
                Some(reason) => suppressed.push(Suppressed {
                    vulnerability: id.clone(),
                    package: package.name.clone(),
                    reason,
                }),
                None => packages.push(package.clone()),
            }
        }
        if !packages.is_empty() || finding.packages.is_empty() {
            per_id.push((id, packages));
        }
    }
    let all_same = per_id.windows(2).all(|w| w[0].1 == w[1].1);
    let rebuild = |cves: Vec<String>, packages: Vec<Package>| VulnFinding {
        cves: if has_cves { cves } else { Vec::new() },
        packages,
        ..finding.clone()
    };
    match per_id.first() {
        None => Vec::new(),
        Some((_, packages)) if all_same => {
            let packages = packages.clone();
            vec![rebuild(
                per_id.into_iter().map(|(id, _)| id).collect(),
                packages,
            )]
        }
        Some(_) => per_id
            .into_iter()
            .map(|(id, packages)| rebuild(vec![id], packages))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qscan_contracts::{
        FunctionDetails, FunctionId, PackageType, ScanStatus, Severity, Trigger,
    };

    fn package(name: &str, fixed: Option<&str>) -> Package {
        Package {
            name: name.into(),
            installed_version: "1.0".into(),
            fixed_version: fixed.map(str::to_owned),
            path: None,
            layer_sha: None,
        }
    }

    fn finding(
        qid: &str,
        cves: &[&str],
        severity: Severity,
        packages: Vec<Package>,
    ) -> VulnFinding {
        VulnFinding {
            qid: qid.into(),
            cves: cves.iter().map(|c| c.to_string()).collect(),
            title: format!("QID {qid}"),
            severity,
            qualys_severity: 3,
            qds: None,
            cvss3_base: None,
            cvss3_vector: None,
            category: None,
            description: None,
            packages,
        }
    }

    fn outcome(findings: Vec<VulnFinding>) -> ScanOutcome {
        ScanOutcome {
            version: 1,
            request_id: "r".into(),
            trigger: Trigger::Manual,
            function: FunctionDetails {
                id: FunctionId::parse("orders-api", "123456789012", "us-east-1").unwrap(),
                package_type: PackageType::Image,
                runtime: None,
                code_sha256: None,
                image_uri: None,
                resolved_image_uri: None,
                architectures: vec![],
                layers: vec![],
                function_version: None,
                tags: Default::default(),
            },
            scanned_at: time::OffsetDateTime::UNIX_EPOCH,
            status: ScanStatus::Succeeded,
            scanner: None,
            findings,
        }
    }

    const POLICY: &str = r#"
version = 1
[defaults]
report_min_severity = "LOW"
[[ignore]]
name = "accepted-openssl"
vulnerabilities = ["CVE-2024-6119"]
packages = ["openssl"]
reason = "not reachable: no TLS server in this function"
expires = 2026-12-31
[[ignore]]
name = "old-db"
vulnerabilities = ["QID-105236"]
reason = "vendor says not exploitable"
"#;

    fn run(findings: Vec<VulnFinding>, today: Date) -> (ScanOutcome, Vec<Suppressed>) {
        let policy = Policy::parse_at(POLICY, "test.toml", today).unwrap().policy;
        let outcome = outcome(findings);
        let subject = Subject::from_id(&outcome.function.id);
        let thresholds = policy.decide(&subject).thresholds;
        visible(&outcome, &policy, &subject, &thresholds, today)
    }

    const BEFORE_EXPIRY: Date = time::macros::date!(2026 - 11 - 29);
    const AFTER_EXPIRY: Date = time::macros::date!(2027 - 01 - 02);

    #[test]
    fn below_minimum_severity_is_held_back_with_the_reason() {
        let (visible, suppressed) = run(
            vec![finding(
                "1",
                &["CVE-1"],
                Severity::Informational,
                vec![package("zlib", None)],
            )],
            BEFORE_EXPIRY,
        );
        assert!(visible.findings.is_empty());
        assert!(
            suppressed[0]
                .reason
                .contains("below the minimum reported severity LOW"),
            "{suppressed:?}"
        );
    }

    #[test]
    fn an_ignore_limited_to_one_cve_and_package_keeps_the_rest_of_the_qid() {
        let openssl_qid = finding(
            "180207",
            &["CVE-2024-5535", "CVE-2024-6119"],
            Severity::High,
            vec![
                package("openssl", Some("3.0.14")),
                package("libssl3", Some("3.0.14")),
            ],
        );
        let (visible, suppressed) = run(vec![openssl_qid], BEFORE_EXPIRY);
        let pairs: Vec<(String, String)> = visible
            .findings
            .iter()
            .flat_map(|f| {
                f.cves
                    .iter()
                    .flat_map(move |c| f.packages.iter().map(move |p| (c.clone(), p.name.clone())))
            })
            .collect();
        assert_eq!(pairs.len(), 3, "{pairs:?}");
        assert!(!pairs.contains(&("CVE-2024-6119".into(), "openssl".into())));
        assert_eq!(suppressed.len(), 1);
        assert!(suppressed[0].reason.contains("accepted-openssl"));
    }

    #[test]
    fn an_expired_ignore_no_longer_applies() {
        let qid = finding(
            "180207",
            &["CVE-2024-6119"],
            Severity::High,
            vec![package("openssl", Some("3.0.14"))],
        );
        let (visible, suppressed) = run(vec![qid], AFTER_EXPIRY);
        assert_eq!(visible.findings.len(), 1);
        assert!(suppressed.is_empty());
    }

    #[test]
    fn a_qid_without_cves_is_ignored_by_its_qid() {
        let db = finding(
            "105236",
            &[],
            Severity::Low,
            vec![package("libdb5.3", None)],
        );
        let (visible, suppressed) = run(vec![db], BEFORE_EXPIRY);
        assert!(visible.findings.is_empty());
        assert!(suppressed[0].reason.contains("old-db"));
    }
}
