//! What the forwarder can be handed, told apart by shape, decoded with the
//! JSON path of whatever is wrong.

use qscan_contracts::{ForwarderCommand, ManualScan, Sweep, Versioned, CONTRACT_VERSION};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::event::{bounded, LambdaApiCall};

const CLOUDTRAIL_DETAIL_TYPE: &str = "AWS API Call via CloudTrail";
const SCHEDULED_DETAIL_TYPE: &str = "Scheduled Event";
/// Longest input excerpt or parser message an error repeats.
const EXCERPT: usize = 200;

#[derive(Debug)]
pub enum ForwarderInput {
    ApiCall(Box<LambdaApiCall>),
    Command(ForwarderCommand),
}

/// An input no retry can make usable. Each names the JSON path at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("malformed CloudTrail event at {path}: {message}")]
    MalformedEvent { path: String, message: String },
    #[error("EventBridge event with detail-type {0:?} is not handled (expected \"AWS API Call via CloudTrail\" or \"Scheduled Event\")")]
    UnknownDetailType(String),
    #[error("malformed command at {path}: {message}")]
    MalformedCommand { path: String, message: String },
    #[error("command type {0} is not handled (expected \"manual_scan\" or \"sweep\")")]
    UnknownCommand(String),
    #[error("ForwarderCommand has contract version {found}; this build understands version {CONTRACT_VERSION}")]
    UnsupportedVersion { found: u32 },
    #[error("input is neither an EventBridge event (no \"detail-type\") nor a command (no \"type\"): {0}")]
    Unrecognised(String),
}

impl InputError {
    /// The JSON path of the value at fault (`.` for the whole input).
    pub fn path(&self) -> &str {
        match self {
            InputError::MalformedEvent { path, .. } | InputError::MalformedCommand { path, .. } => {
                path
            }
            InputError::UnknownDetailType(_) => "detail-type",
            InputError::UnknownCommand(_) => "type",
            InputError::UnsupportedVersion { .. } => "version",
            InputError::Unrecognised(_) => ".",
        }
    }

    /// A short, fixed name for the metric dimension.
    pub fn kind(&self) -> &'static str {
        match self {
            InputError::MalformedEvent { .. } => "malformed_event",
            InputError::UnknownDetailType(_) => "unknown_detail_type",
            InputError::MalformedCommand { .. } => "malformed_command",
            InputError::UnknownCommand(_) => "unknown_command",
            InputError::UnsupportedVersion { .. } => "unsupported_version",
            InputError::Unrecognised(_) => "unrecognised_input",
        }
    }
}

/// Classifies and decodes one invocation payload.
pub fn classify(payload: Value) -> Result<ForwarderInput, InputError> {
    if let Some(detail_type) = payload.get("detail-type") {
        let Some(detail_type) = detail_type.as_str() else {
            return Err(InputError::MalformedEvent {
                path: "detail-type".into(),
                message: format!("expected a string, found {}", excerpt(detail_type)),
            });
        };
        return match detail_type {
            CLOUDTRAIL_DETAIL_TYPE => {
                let event: LambdaApiCall = decode(payload)
                    .map_err(|(path, message)| InputError::MalformedEvent { path, message })?;
                Ok(ForwarderInput::ApiCall(Box::new(event)))
            }
            // A schedule rule without a constant input still means "sweep".
            SCHEDULED_DETAIL_TYPE => Ok(ForwarderInput::Command(ForwarderCommand::Sweep(Sweep {
                version: CONTRACT_VERSION,
                resume_after: None,
            }))),
            other => Err(InputError::UnknownDetailType(bounded(other, EXCERPT))),
        };
    }
    match payload {
        Value::Object(mut fields) if fields.contains_key("type") => {
            let kind = fields.remove("type").unwrap_or_default();
            command(&kind, fields).map(ForwarderInput::Command)
        }
        other => Err(InputError::Unrecognised(excerpt(&other))),
    }
}

/// Decodes a command by its `type`, so a wrong field is named by its path
/// (an internally tagged enum would hide it).
fn command(kind: &Value, fields: Map<String, Value>) -> Result<ForwarderCommand, InputError> {
    let body = Value::Object(fields);
    let malformed = |(path, message)| InputError::MalformedCommand { path, message };
    let command = match kind.as_str() {
        Some("manual_scan") => {
            ForwarderCommand::ManualScan(decode::<ManualScan>(body).map_err(malformed)?)
        }
        Some("sweep") => ForwarderCommand::Sweep(decode::<Sweep>(body).map_err(malformed)?),
        _ => return Err(InputError::UnknownCommand(excerpt(kind))),
    };
    match command.version() {
        CONTRACT_VERSION => Ok(command),
        found => Err(InputError::UnsupportedVersion { found }),
    }
}

/// serde with the path of the first value that does not fit.
fn decode<T: DeserializeOwned>(value: Value) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        (path, bounded(&e.into_inner().to_string(), EXCERPT))
    })
}

fn excerpt(value: &Value) -> String {
    bounded(&value.to_string(), EXCERPT)
}
