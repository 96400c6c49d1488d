//! What the forwarder can be handed, told apart by shape.

use qscan_contracts::{ContractError, ForwarderCommand, Versioned};
use serde_json::Value;

use crate::cloudtrail::LambdaApiCall;

const CLOUDTRAIL_DETAIL_TYPE: &str = "AWS API Call via CloudTrail";
const SCHEDULED_DETAIL_TYPE: &str = "Scheduled Event";

#[derive(Debug)]
pub enum ForwarderInput {
    ApiCall(Box<LambdaApiCall>),
    Command(ForwarderCommand),
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("malformed CloudTrail event at {path}: {message}")]
    MalformedEvent { path: String, message: String },
    #[error("EventBridge event with detail-type {0:?} is not handled (expected \"AWS API Call via CloudTrail\" or \"Scheduled Event\")")]
    UnknownDetailType(String),
    #[error(transparent)]
    Command(#[from] ContractError),
    #[error("input is neither an EventBridge event (no \"detail-type\") nor a command (no \"type\"): {0}")]
    Unrecognised(String),
}

/// Classifies and decodes one invocation payload.
pub fn classify(payload: Value) -> Result<ForwarderInput, InputError> {
    if let Some(detail_type) = payload.get("detail-type").and_then(Value::as_str) {
        return match detail_type {
            CLOUDTRAIL_DETAIL_TYPE => {
                let event: LambdaApiCall =
                    serde_path_to_error::deserialize(payload).map_err(|e| {
                        InputError::MalformedEvent {
                            path: e.path().to_string(),
                            message: e.into_inner().to_string(),
                        }
                    })?;
                Ok(ForwarderInput::ApiCall(Box::new(event)))
            }
            // A schedule rule without a constant input still means "sweep".
            SCHEDULED_DETAIL_TYPE => Ok(ForwarderInput::Command(ForwarderCommand::Sweep(
                qscan_contracts::Sweep {
                    version: qscan_contracts::CONTRACT_VERSION,
                },
            ))),
            other => Err(InputError::UnknownDetailType(other.into())),
        };
    }
    if payload.get("type").is_some() {
        return Ok(ForwarderInput::Command(ForwarderCommand::from_json_value(
            payload,
        )?));
    }
    let mut preview = payload.to_string();
    preview.truncate(200);
    Err(InputError::Unrecognised(preview))
}
