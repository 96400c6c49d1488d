//! Message contracts between the three Lambdas, in one place.
//!
//! Every message carries `"version": 1`, and it is required: a receiver
//! rejects a message without it as malformed and any other version with
//! [`ContractError::UnsupportedVersion`] instead of guessing, so a
//! half-rolled-out deploy fails loudly into the dead-letter queue.
//!
//! Function identities are validated here, once, for every crate: see
//! [`FunctionId`] and the [`regions`] table.
//!
//! ```text
//! forwarder --ScanRequest-------------> scanner
//! forwarder --ReporterMessage::FunctionDeleted--> reporter
//! scanner   --ReporterMessage::ScanOutcome-----> reporter
//! ```
//!
//! The shapes are documented for operators in the README ("Message contracts").

mod command;
mod function;
mod outcome;
pub mod regions;
mod request;
mod scan_settings;
mod severity;

pub use command::{ForwarderCommand, ManualScan, Sweep};
pub use function::{partition_for, FunctionId, FunctionIdError, PackageType};
pub use outcome::{
    FunctionDeleted, FunctionDetails, Package, ReporterMessage, ScanFailure, ScanOutcome,
    ScanStatus, ScannerRun, VulnFinding,
};
pub use regions::{is_account_id, is_function_name, Region};
pub use request::{ScanRequest, Trigger};
pub use scan_settings::{ScanMode, ScanType};
pub use severity::{Severity, SeverityParseError};

/// The only contract version this build speaks.
pub const CONTRACT_VERSION: u32 = 1;

/// Errors decoding a message from another Lambda.
#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    #[error("message is not valid {kind} JSON: {source}")]
    Malformed {
        kind: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error(
        "{kind} has contract version {found}; this build understands version {CONTRACT_VERSION}"
    )]
    UnsupportedVersion { kind: &'static str, found: u32 },
}

/// Decodes a message and checks its version.
pub trait Versioned: serde::de::DeserializeOwned {
    const KIND: &'static str;
    fn version(&self) -> u32;

    fn from_json_value(value: serde_json::Value) -> Result<Self, ContractError> {
        let message: Self =
            serde_json::from_value(value).map_err(|source| ContractError::Malformed {
                kind: Self::KIND,
                source,
            })?;
        match message.version() {
            CONTRACT_VERSION => Ok(message),
            found => Err(ContractError::UnsupportedVersion {
                kind: Self::KIND,
                found,
            }),
        }
    }
}
