//! A realistic scan outcome: an image function in a spoke account whose
//! report has a two-CVE QID, a CVE in two copies of one package, and a QID
//! without CVE or fix. Built in code so every test can tweak it.

#![allow(dead_code)] // each test binary uses a different subset

use qscan_contracts::{
    FunctionDetails, FunctionId, Package, PackageType, ScanOutcome, ScanStatus, ScannerRun,
    Severity, Trigger, VulnFinding, CONTRACT_VERSION,
};
use time::macros::datetime;

pub const ACCOUNT: &str = "222222222222";
pub const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-2:222222222222:function:orders-api";
pub const REPO: &str = "222222222222.dkr.ecr.us-east-2.amazonaws.com/orders-api";
pub const DIGEST: &str = "sha256:3f1c9a1e8d2b4c6a7e0f5d9b8a7c6e5f4d3c2b1a09f8e7d6c5b4a39281706f5e";

pub fn image_function() -> FunctionDetails {
    FunctionDetails {
        id: FunctionId::parse(&format!("{FUNCTION_ARN}:7"), "111111111111", "eu-west-1").unwrap(),
        package_type: PackageType::Image,
        runtime: None,
        code_sha256: Some(
            "3f1c9a1e8d2b4c6a7e0f5d9b8a7c6e5f4d3c2b1a09f8e7d6c5b4a39281706f5e".into(),
        ),
        image_uri: Some(format!("{REPO}:2024-05-01")),
        resolved_image_uri: Some(format!("{REPO}@{DIGEST}")),
        architectures: vec!["x86_64".into()],
        layers: Vec::new(),
        function_version: Some("7".into()),
        tags: [("team".to_string(), "payments".to_string())].into(),
    }
}

pub fn zip_function() -> FunctionDetails {
    FunctionDetails {
        package_type: PackageType::Zip,
        runtime: Some("python3.12".into()),
        code_sha256: Some("q2nQKJ0b5nq0i0kZgk6bYp5Y9u0wHq3ZQwZQm3Qq0Ck=".into()),
        image_uri: None,
        resolved_image_uri: None,
        layers: vec!["arn:aws:lambda:us-east-2:222222222222:layer:python-deps:12".into()],
        ..image_function()
    }
}

fn package(name: &str, version: &str, fixed: Option<&str>, path: Option<&str>) -> Package {
    Package {
        name: name.into(),
        installed_version: version.into(),
        fixed_version: fixed.map(Into::into),
        path: path.map(Into::into),
        layer_sha: Some(
            "sha256:9b2e4c6d8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c".into(),
        ),
    }
}

/// QID 178432: gnutls, 2 CVEs, 1 package, fixed.
pub fn gnutls() -> VulnFinding {
    VulnFinding {
        qid: "178432".into(),
        cves: vec!["CVE-2024-12243".into(), "CVE-2024-28834".into()],
        title: "Debian Security Update for gnutls28 (DSA 5863-1)".into(),
        severity: Severity::Medium,
        qualys_severity: 3,
        qds: Some(55),
        cvss3_base: Some(5.3),
        cvss3_vector: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L".into()),
        category: Some("Debian".into()),
        description: Some(
            "GnuTLS is vulnerable to a denial of service when parsing DER input.".into(),
        ),
        packages: vec![package(
            "libgnutls30",
            "3.7.9-2+deb12u3",
            Some("3.7.9-2+deb12u4"),
            None,
        )],
    }
}

/// QID 376157: idna, 1 CVE, 2 copies of the package (function and layer).
pub fn idna() -> VulnFinding {
    VulnFinding {
        qid: "376157".into(),
        cves: vec!["CVE-2024-3651".into()],
        title: "Python idna Denial of Service Vulnerability".into(),
        severity: Severity::High,
        qualys_severity: 4,
        qds: Some(70),
        cvss3_base: Some(7.5),
        cvss3_vector: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H".into()),
        category: Some("Local".into()),
        description: None,
        packages: vec![
            package(
                "idna",
                "3.6",
                Some("3.7"),
                Some("/var/task/idna-3.6.dist-info/METADATA"),
            ),
            package(
                "idna",
                "3.4",
                Some("3.7"),
                Some("/opt/python/lib/python3.12/site-packages/idna-3.4.dist-info/METADATA"),
            ),
        ],
    }
}

/// QID 105943: end-of-life software, no CVE, no fix.
pub fn eol() -> VulnFinding {
    VulnFinding {
        qid: "105943".into(),
        cves: Vec::new(),
        title: "EOL/Obsolete Software: Node.js 16 Detected".into(),
        severity: Severity::Critical,
        qualys_severity: 5,
        qds: None,
        cvss3_base: None,
        cvss3_vector: None,
        category: None,
        description: None,
        packages: vec![package(
            "nodejs",
            "16.20.2",
            None,
            Some("/usr/local/bin/node"),
        )],
    }
}

pub fn outcome(function: FunctionDetails) -> ScanOutcome {
    ScanOutcome {
        version: CONTRACT_VERSION,
        request_id: "5f8e2b1c-0d3a-4e6f-9a7b-1c2d3e4f5a6b".into(),
        trigger: Trigger::UpdateCode,
        function,
        scanned_at: datetime!(2024-05-01 10:00:00.250 UTC),
        status: ScanStatus::Succeeded,
        scanner: Some(ScannerRun {
            target: format!("image {REPO}@{DIGEST}"),
            exit_code: Some(0),
            duration_ms: 41_000,
            qscanner_version: Some("4.6.0".into()),
        }),
        findings: vec![gnutls(), idna(), eol()],
    }
}
