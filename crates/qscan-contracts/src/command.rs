//! The forwarder's own inputs besides CloudTrail events: a manual "scan
//! this function" request and the scheduled sweep. Tagged by `"type"`.
//!
//! ```json
//! {"type": "manual_scan", "version": 1, "function": "orders-api"}
//! {"type": "manual_scan", "version": 1, "function": "arn:aws:lambda:eu-west-1:222222222222:function:payments"}
//! {"type": "sweep", "version": 1}
//! {"type": "sweep", "version": 1, "resume_after": "orders-api"}
//! ```

use serde::{Deserialize, Serialize};

use crate::Versioned;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ForwarderCommand {
    ManualScan(ManualScan),
    Sweep(Sweep),
}

impl Versioned for ForwarderCommand {
    const KIND: &'static str = "ForwarderCommand";
    fn version(&self) -> u32 {
        match self {
            ForwarderCommand::ManualScan(m) => m.version,
            ForwarderCommand::Sweep(s) => s.version,
        }
    }
}

/// Scan one function now, whatever the policy's dedupe says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManualScan {
    pub version: u32,
    /// Name or ARN (qualifiers are dropped).
    pub function: String,
    /// For a plain name: the account (default: the forwarder's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// For a plain name: the region (default: the forwarder's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// Scan every function in the forwarder's account and region (onboarding,
/// and new CVEs against unchanged code), in function-name order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sweep {
    pub version: u32,
    /// Resume a sweep that stopped: only functions whose name sorts after
    /// this one are dispatched. A sweep's summary names the value to pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_after: Option<String>,
}
