//! Pins what each fixture means once parsed by the real parser
//! (`qscan_qscanner::parse_sarif`): end-to-end tests elsewhere rely on these
//! QIDs, CVEs, severities and fixed versions (fixtures/README.md).

use qscan_contracts::{Severity, VulnFinding};
use qscanner_standin::fixtures;

const BASE_LAYER: &str = "sha256:45a67ba6525eb9ed2bf2b7f8111bdc3563f5d476d8972edaefbe27480775bb56";
const PYTHON_LAYER: &str =
    "sha256:1c8d40a759cd016bafb39c3324afed79b90f23e50485b729aea11d8cca2712e7";
const APP_LAYER: &str = "sha256:0bc8111546378f059da8322ecb8d13ea421a4d4b38589abaaf170ec5edcc78c2";

/// (name, installed, fixed)
type Pkg = (&'static str, &'static str, Option<&'static str>);

struct Expected {
    qid: &'static str,
    severity: u8,
    cves: &'static [&'static str],
    packages: &'static [Pkg],
}

const OPENSSL: [Pkg; 2] = [
    ("openssl", "3.0.13-1~deb12u1", Some("3.0.14-1~deb12u2")),
    ("libssl3", "3.0.13-1~deb12u1", Some("3.0.14-1~deb12u2")),
];
const GNUTLS: Pkg = ("libgnutls30", "3.7.9-2+deb12u1", Some("3.7.9-2+deb12u3"));
const REQUESTS: Pkg = ("requests", "2.31.0", Some("2.32.0"));
const ZLIB: Pkg = ("zlib1g", "1:1.2.13.dfsg-1", None);
const LIBDB: Pkg = ("libdb5.3", "5.3.28+dfsg2-1", None);

const MIXED: [Expected; 6] = [
    Expected {
        qid: "181234",
        severity: 5,
        cves: &["CVE-2023-45853"],
        packages: &[ZLIB],
    },
    Expected {
        qid: "180207",
        severity: 4,
        cves: &["CVE-2024-5535", "CVE-2024-6119"],
        packages: &OPENSSL,
    },
    Expected {
        qid: "376612",
        severity: 4,
        cves: &["CVE-2024-6345"],
        packages: &[("setuptools", "65.5.0", Some("70.0.0"))],
    },
    Expected {
        qid: "181010",
        severity: 3,
        cves: &["CVE-2024-28834", "CVE-2024-28835"],
        packages: &[GNUTLS],
    },
    Expected {
        qid: "376543",
        severity: 2,
        cves: &["CVE-2024-35195"],
        packages: &[REQUESTS],
    },
    Expected {
        qid: "105236",
        severity: 1,
        cves: &[],
        packages: &[LIBDB],
    },
];

const VARIANT_KEYS: [Expected; 5] = [
    Expected {
        qid: "180207",
        severity: 4,
        cves: &["CVE-2024-5535", "CVE-2024-6119"],
        packages: &[OPENSSL[0]],
    },
    Expected {
        qid: "181010",
        severity: 3,
        cves: &["CVE-2024-28834", "CVE-2024-28835"],
        packages: &[GNUTLS],
    },
    // No severity property: SARIF level "warning" decides.
    Expected {
        qid: "376543",
        severity: 3,
        cves: &["CVE-2024-35195"],
        packages: &[REQUESTS],
    },
    Expected {
        qid: "105236",
        severity: 1,
        cves: &[],
        packages: &[LIBDB],
    },
    Expected {
        qid: "181234",
        severity: 5,
        cves: &["CVE-2023-45853"],
        packages: &[ZLIB],
    },
];

fn parse(text: &str) -> Vec<VulnFinding> {
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    qscan_qscanner::parse_sarif(&value).unwrap()
}

fn assert_matches(findings: &[VulnFinding], expected: &[Expected]) {
    let qids: Vec<&str> = findings.iter().map(|f| f.qid.as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|e| e.qid).collect();
    assert_eq!(qids, want);
    for (f, e) in findings.iter().zip(expected) {
        assert_eq!(f.qualys_severity, e.severity, "qid {}", e.qid);
        assert_eq!(
            f.severity,
            Severity::from_qualys(e.severity),
            "qid {}",
            e.qid
        );
        assert_eq!(f.cves, e.cves, "qid {}", e.qid);
        let packages: Vec<(&str, &str, Option<&str>)> = f
            .packages
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.installed_version.as_str(),
                    p.fixed_version.as_deref(),
                )
            })
            .collect();
        assert_eq!(packages, e.packages, "qid {}", e.qid);
        assert!(
            !f.title.is_empty() && !f.title.starts_with("QID "),
            "qid {} title {:?}",
            e.qid,
            f.title
        );
    }
}

#[test]
fn mixed_fixture_parses_into_six_qids_covering_every_severity() {
    let findings = parse(fixtures::MIXED);
    assert_matches(&findings, &MIXED);
    let severities: std::collections::BTreeSet<u8> =
        findings.iter().map(|f| f.qualys_severity).collect();
    assert_eq!(severities.into_iter().collect::<Vec<_>>(), [1, 2, 3, 4, 5]);

    let zlib = &findings[0];
    assert_eq!(
        zlib.title,
        "Debian Security Update for zlib (CVE-2023-45853)"
    );
    assert_eq!((zlib.qds, zlib.cvss3_base), (Some(95), Some(9.8)));
    assert_eq!(
        zlib.cvss3_vector.as_deref(),
        Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
    );
    assert_eq!(zlib.category.as_deref(), Some("Debian"));
    assert_eq!(zlib.packages[0].layer_sha.as_deref(), Some(BASE_LAYER));
    assert_eq!(
        zlib.packages[0].path.as_deref(),
        Some("/var/lib/dpkg/status")
    );
    assert!(!zlib.is_fixable());

    let setuptools = &findings[2];
    assert_eq!(setuptools.category.as_deref(), Some("SCA"));
    assert_eq!(
        setuptools.packages[0].layer_sha.as_deref(),
        Some(PYTHON_LAYER)
    );
    assert_eq!(
        setuptools.packages[0].path.as_deref(),
        Some("/usr/local/lib/python3.12/site-packages/setuptools-65.5.0.dist-info/METADATA")
    );
    assert!(setuptools.is_fixable());
    assert_eq!(
        findings[4].packages[0].layer_sha.as_deref(),
        Some(APP_LAYER)
    );
}

#[test]
fn variant_keys_fixture_parses_into_the_same_kind_of_findings() {
    let findings = parse(fixtures::VARIANT_KEYS);
    assert_matches(&findings, &VARIANT_KEYS);
    let openssl = &findings[0];
    assert_eq!((openssl.qds, openssl.cvss3_base), (Some(76), Some(9.1)));
    assert_eq!(
        findings[1].title,
        "Debian Security Update for gnutls28 (DLA 3788-1)"
    );
    assert_eq!(
        findings[2].packages[0].path.as_deref(),
        Some("/app/.venv/lib/python3.12/site-packages/requests-2.31.0.dist-info/METADATA")
    );
    let value: serde_json::Value = serde_json::from_str(fixtures::VARIANT_KEYS).unwrap();
    assert_eq!(qscan_qscanner::sarif::tool_version(&value), None);
    assert!(value["runs"][0]["properties"]["imageId"].is_string());
}

#[test]
fn clean_fixture_is_a_valid_report_without_findings() {
    assert_eq!(parse(fixtures::CLEAN), Vec::new());
}

#[test]
fn degenerate_fixtures_are_incomplete_scans_not_clean_ones() {
    for (text, says, tool_failed) in [
        (fixtures::NO_RUNS, "\"runs\" is empty", false),
        (fixtures::NO_RESULTS, "runs[0] has no \"results\"", false),
        (
            fixtures::FAILED_RUN,
            "runs[0].invocations[0].executionSuccessful is false",
            true,
        ),
    ] {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let error = qscan_qscanner::parse_sarif(&value).unwrap_err();
        assert!(error.is_incomplete(), "{error:?}");
        assert_eq!(error.tool_failed(), tool_failed, "{error}");
        assert!(error.to_string().starts_with(says), "{error}");
    }
}

#[test]
fn garbage_report_is_not_json() {
    assert!(serde_json::from_str::<serde_json::Value>(fixtures::GARBAGE).is_err());
}
