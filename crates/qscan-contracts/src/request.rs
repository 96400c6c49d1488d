//! `ScanRequest`: forwarder → scanner.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::{FunctionId, PackageType, Versioned};

/// Ask the scanner to scan one function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanRequest {
    pub version: u32,
    /// Correlates every log line and output of this scan. The CloudTrail
    /// event id for events; a fresh id for sweeps and manual requests.
    pub request_id: String,
    pub function: FunctionId,
    pub trigger: Trigger,
    #[serde(with = "time::serde::rfc3339")]
    pub requested_at: OffsetDateTime,
    /// Hints from the triggering event. The scanner re-reads the truth with
    /// `GetFunction`; these only help logs and dedupe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_type: Option<PackageType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<String>,
}

impl Versioned for ScanRequest {
    const KIND: &'static str = "ScanRequest";
    fn version(&self) -> u32 {
        self.version
    }
}

/// What caused a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// `CreateFunction20150331`
    Create,
    /// `UpdateFunctionCode20150331v2`
    UpdateCode,
    /// `UpdateFunctionConfiguration20150331v2` that changed layers.
    UpdateConfiguration,
    /// The scheduled sweep (stale results, onboarding).
    Sweep,
    /// A person or pipeline asked for it.
    Manual,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Create => "create",
            Trigger::UpdateCode => "update_code",
            Trigger::UpdateConfiguration => "update_configuration",
            Trigger::Sweep => "sweep",
            Trigger::Manual => "manual",
        }
    }
}
