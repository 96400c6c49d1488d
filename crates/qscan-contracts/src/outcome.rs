//! `ReporterMessage`: scanner → reporter (`ScanOutcome`) and
//! forwarder → reporter (`FunctionDeleted`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::{FunctionId, PackageType, Severity, Trigger, Versioned};

/// Everything the reporter receives, tagged by `"type"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReporterMessage {
    ScanOutcome(Box<ScanOutcome>),
    FunctionDeleted(FunctionDeleted),
}

impl Versioned for ReporterMessage {
    const KIND: &'static str = "ReporterMessage";
    fn version(&self) -> u32 {
        match self {
            ReporterMessage::ScanOutcome(o) => o.version,
            ReporterMessage::FunctionDeleted(d) => d.version,
        }
    }
}

/// The result of one scan, successful or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanOutcome {
    pub version: u32,
    pub request_id: String,
    pub trigger: Trigger,
    pub function: FunctionDetails,
    #[serde(with = "time::serde::rfc3339")]
    pub scanned_at: OffsetDateTime,
    pub status: ScanStatus,
    /// Present whenever QScanner was started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scanner: Option<ScannerRun>,
    /// Empty for a failed scan: a failure is never an empty result.
    #[serde(default)]
    pub findings: Vec<VulnFinding>,
}

impl ScanOutcome {
    /// The most severe finding, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// Findings per severity, most severe first, zero counts included.
    pub fn severity_counts(&self) -> Vec<(Severity, usize)> {
        Severity::ALL
            .iter()
            .rev()
            .map(|s| {
                (
                    *s,
                    self.findings.iter().filter(|f| f.severity == *s).count(),
                )
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ScanStatus {
    Succeeded,
    Failed(ScanFailure),
}

/// Why a scan failed, in words an operator can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanFailure {
    /// Machine-readable cause: `timeout`, `exit_code`, `no_report`,
    /// `unparseable_report`, `incomplete_report` (valid SARIF that does not
    /// say the scan completed: no runs, no `results` array, or a run that
    /// says it failed), `spawn`, `credentials`, `unsupported_target`.
    pub cause: String,
    pub message: String,
    /// True when trying again may succeed (the scanner then returns an error
    /// so Lambda retries and finally dead-letters the request).
    pub retryable: bool,
}

/// How QScanner ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScannerRun {
    /// `image <ref>` or `lambda <arn>`: what was scanned.
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    pub duration_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qscanner_version: Option<String>,
}

/// The function as `GetFunction` described it at scan time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionDetails {
    pub id: FunctionId,
    pub package_type: PackageType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_sha256: Option<String>,
    /// As configured (tag or digest form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_uri: Option<String>,
    /// `repo@sha256:…`: the digest actually deployed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_image_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub architectures: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_version: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

impl FunctionDetails {
    /// `sha256:<hex>` of the deployed image, from the resolved URI.
    pub fn image_digest(&self) -> Option<&str> {
        let uri = self.resolved_image_uri.as_deref()?;
        uri.rfind("@sha256:").map(|at| &uri[at + 1..])
    }

    /// The repository part of the image URI (no tag, no digest).
    pub fn image_repository(&self) -> Option<&str> {
        let uri = self
            .resolved_image_uri
            .as_deref()
            .or(self.image_uri.as_deref())?;
        let uri = uri.split('@').next().unwrap_or(uri);
        let last_slash = uri.rfind('/').map_or(0, |i| i + 1);
        Some(match uri[last_slash..].rfind(':') {
            Some(colon) => &uri[..last_slash + colon],
            None => uri,
        })
    }
}

/// One vulnerability (a Qualys QID) found in one or more packages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VulnFinding {
    /// Qualys detection id.
    pub qid: String,
    /// CVEs the QID covers; may be empty.
    #[serde(default)]
    pub cves: Vec<String>,
    pub title: String,
    pub severity: Severity,
    /// Qualys's own 1–5 value, kept for `Severity.Original`.
    pub qualys_severity: u8,
    /// Qualys Detection Score, 0–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qds: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvss3_base: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvss3_vector: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub packages: Vec<Package>,
}

impl VulnFinding {
    /// True when every affected package has a fixed version.
    pub fn is_fixable(&self) -> bool {
        !self.packages.is_empty() && self.packages.iter().all(|p| p.fixed_version.is_some())
    }
}

/// A vulnerable package as QScanner reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub name: String,
    pub installed_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer_sha: Option<String>,
}

/// The function no longer exists: archive its findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionDeleted {
    pub version: u32,
    pub request_id: String,
    pub function: FunctionId,
    #[serde(with = "time::serde::rfc3339")]
    pub deleted_at: OffsetDateTime,
}
