//! Input that no retry can make usable, turned into a `drop` decision.
//!
//! Retrying such input only fills the dead-letter queue and fires its alarm
//! for something nobody can redrive, so the forwarder succeeds instead and
//! says, on one log line and in the returned summary, what was wrong and
//! where (the JSON path), and counts it in the `DroppedEvents` metric by a
//! short fixed `kind`.

use qscan_contracts::{FunctionIdError, ManualScan};

use crate::cloudtrail::{InterpretError, LambdaApiCall};
use crate::event::bounded;
use crate::handler::{Action, Decision};
use crate::input::InputError;

/// What was wrong with one input, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Metric dimension: a short fixed name (`malformed_event`, …).
    pub kind: &'static str,
    /// JSON path of the value at fault (`.` for the whole input).
    pub path: String,
    /// The error, naming what was wrong.
    pub reason: String,
    pub function: Option<String>,
    pub request_id: Option<String>,
}

impl Rejection {
    pub fn input(error: &InputError) -> Self {
        Rejection {
            kind: error.kind(),
            path: error.path().to_owned(),
            reason: error.to_string(),
            function: None,
            request_id: None,
        }
    }

    pub fn interpret(error: &InterpretError, event: &LambdaApiCall) -> Self {
        let call = &event.detail;
        let function = call
            .response_elements
            .as_ref()
            .and_then(|r| r.function_arn.as_deref())
            .or_else(|| {
                call.request_parameters
                    .as_ref()
                    .and_then(|r| r.function_name.as_deref())
            })
            .map(|f| bounded(f, 200));
        let request_id = call
            .event_id
            .as_deref()
            .or(event.id.as_deref())
            .map(|id| bounded(id, 128));
        Rejection {
            kind: error.kind(),
            path: error.path().to_owned(),
            reason: error.to_string(),
            function,
            request_id,
        }
    }

    pub fn manual(error: &FunctionIdError, manual: &ManualScan) -> Self {
        let named_by_arn = manual.function.trim().starts_with("arn:");
        let path = match error {
            FunctionIdError::BadAccount { .. } if manual.account.is_some() => "account",
            FunctionIdError::UnknownRegion { .. }
            | FunctionIdError::RegionOutsidePartition { .. }
                if !named_by_arn =>
            {
                "region"
            }
            _ => "function",
        };
        Rejection {
            kind: "bad_manual_request",
            path: path.into(),
            reason: format!("manual scan request: {error}"),
            function: Some(bounded(&manual.function, 200)),
            request_id: None,
        }
    }

    pub fn into_decision(self) -> Decision {
        Decision {
            function: self.function,
            action: Action::Drop,
            reason: self.reason,
            request_id: self.request_id,
            path: Some(self.path),
        }
    }
}
