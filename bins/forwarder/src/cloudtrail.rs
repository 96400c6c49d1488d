//! The CloudTrail "AWS API Call via CloudTrail" events for Lambda, turned
//! into what the pipeline should do about them.
//!
//! Rules (see docs/events.md):
//! - a failed API call (`errorCode`) is not a deployment;
//! - identity comes from `responseElements.functionArn` when present (it
//!   carries the function's own account and region, and may be qualified),
//!   else from `requestParameters.functionName` (a name or an ARN);
//! - a configuration update rescans only when it names `layers` (an
//!   environment or memory change alters nothing a scan sees), unless the
//!   caller asks otherwise;
//! - deleting a *version* (`qualifier`) leaves the function in place.

use std::fmt;

use aws_lambda_events::event::cloudwatch_events::cloudtrail::AWSAPICall;
use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use qscan_contracts::{
    FunctionDeleted, FunctionId, FunctionIdError, PackageType, ScanRequest, Trigger,
    CONTRACT_VERSION,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A Lambda management event as EventBridge delivers it.
pub type LambdaApiCall = EventBridgeEvent<AWSAPICall<Option<RequestParameters>, ResponseElements>>;

/// The parts of `requestParameters` the pipeline reads.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestParameters {
    pub function_name: Option<String>,
    pub qualifier: Option<String>,
    /// Present only when the call set layers.
    pub layers: Option<Vec<String>>,
}

/// The parts of `responseElements` the pipeline reads.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseElements {
    pub function_arn: Option<String>,
    pub code_sha256: Option<String>,
    pub package_type: Option<PackageType>,
    #[serde(default)]
    pub layers: Vec<LayerRef>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct LayerRef {
    pub arn: String,
}

/// What to do with one event.
#[derive(Debug, Clone, PartialEq)]
pub enum Interpretation {
    Scan(ScanRequest),
    Delete(FunctionDeleted),
    Ignore(IgnoreReason),
}

/// Why an event causes nothing; logged verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IgnoreReason {
    FailedCall {
        event_name: String,
        error_code: String,
    },
    ConfigurationOnly,
    VersionDeleted {
        qualifier: String,
    },
    NotHandled {
        event_source: String,
        event_name: String,
    },
}

impl fmt::Display for IgnoreReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IgnoreReason::FailedCall {
                event_name,
                error_code,
            } => {
                write!(
                    f,
                    "{event_name} failed with {error_code}: nothing was deployed"
                )
            }
            IgnoreReason::ConfigurationOnly => {
                f.write_str("configuration-only update changes neither code nor layers")
            }
            IgnoreReason::VersionDeleted { qualifier } => write!(
                f,
                "only version {qualifier} was deleted; the function remains"
            ),
            IgnoreReason::NotHandled {
                event_source,
                event_name,
            } => {
                write!(f, "{event_source} {event_name} is not a deployment event")
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InterpretError {
    #[error("event {event_id} ({event_name}) names no function: requestParameters.functionName and responseElements.functionArn are both missing")]
    NoFunction {
        event_id: String,
        event_name: String,
    },
    #[error("event {event_id} ({event_name}): {source}")]
    BadFunction {
        event_id: String,
        event_name: String,
        #[source]
        source: FunctionIdError,
    },
}

/// Options that change how events are read (from the policy).
#[derive(Debug, Clone, Copy, Default)]
pub struct InterpretOptions {
    /// Rescan on configuration updates that do not touch layers.
    pub rescan_on_config_change: bool,
}

/// Decides what an event means for the pipeline. Pure.
pub fn interpret(
    event: &LambdaApiCall,
    options: InterpretOptions,
) -> Result<Interpretation, InterpretError> {
    let call = &event.detail;
    let name = call.event_name.as_str();
    if call.event_source != "lambda.amazonaws.com" {
        return Ok(Interpretation::Ignore(IgnoreReason::NotHandled {
            event_source: call.event_source.clone(),
            event_name: name.into(),
        }));
    }
    if let Some(code) = call.other.get("errorCode").and_then(|v| v.as_str()) {
        return Ok(Interpretation::Ignore(IgnoreReason::FailedCall {
            event_name: name.into(),
            error_code: code.into(),
        }));
    }
    let request = call.request_parameters.clone().unwrap_or_default();
    let trigger = match name {
        "CreateFunction20150331" => Trigger::Create,
        "UpdateFunctionCode20150331v2" => Trigger::UpdateCode,
        "UpdateFunctionConfiguration20150331v2" => {
            if request.layers.is_none() && !options.rescan_on_config_change {
                return Ok(Interpretation::Ignore(IgnoreReason::ConfigurationOnly));
            }
            Trigger::UpdateConfiguration
        }
        "DeleteFunction20150331" => {
            if let Some(qualifier) = request.qualifier.clone().filter(|q| !q.is_empty()) {
                return Ok(Interpretation::Ignore(IgnoreReason::VersionDeleted {
                    qualifier,
                }));
            }
            let function = function_id(event, &request, None)?;
            // `functionName` may carry the version too (`orders:3`, or a
            // qualified ARN): that deletes one version, not the function.
            if let Some(qualifier) = function.qualifier.clone() {
                return Ok(Interpretation::Ignore(IgnoreReason::VersionDeleted {
                    qualifier,
                }));
            }
            return Ok(Interpretation::Delete(FunctionDeleted {
                version: CONTRACT_VERSION,
                request_id: call.event_id.clone(),
                function,
                deleted_at: event_time(event),
            }));
        }
        _ => {
            return Ok(Interpretation::Ignore(IgnoreReason::NotHandled {
                event_source: call.event_source.clone(),
                event_name: name.into(),
            }))
        }
    };
    let response = call.response_elements.as_ref();
    let function = function_id(event, &request, response)?;
    Ok(Interpretation::Scan(ScanRequest {
        version: CONTRACT_VERSION,
        request_id: call.event_id.clone(),
        function,
        trigger,
        requested_at: event_time(event),
        code_sha256: response.and_then(|r| r.code_sha256.clone()),
        package_type: response.and_then(|r| r.package_type),
        layers: response
            .map(|r| r.layers.iter().map(|l| l.arn.clone()).collect())
            .unwrap_or_default(),
    }))
}

fn function_id(
    event: &LambdaApiCall,
    request: &RequestParameters,
    response: Option<&ResponseElements>,
) -> Result<FunctionId, InterpretError> {
    let call = &event.detail;
    let reference = response
        .and_then(|r| r.function_arn.as_deref())
        .or(request.function_name.as_deref())
        .ok_or_else(|| InterpretError::NoFunction {
            event_id: call.event_id.clone(),
            event_name: call.event_name.clone(),
        })?;
    // The envelope's account is the function owner's (the event goes to the
    // owner's bus); `recipientAccountId` says the same when present.
    let account = event
        .account
        .as_deref()
        .or_else(|| {
            call.other
                .get("recipientAccountId")
                .and_then(|v| v.as_str())
        })
        .unwrap_or_default();
    FunctionId::parse(reference, account, &call.aws_region).map_err(|source| {
        InterpretError::BadFunction {
            event_id: call.event_id.clone(),
            event_name: call.event_name.clone(),
            source,
        }
    })
}

fn event_time(event: &LambdaApiCall) -> OffsetDateTime {
    OffsetDateTime::parse(
        &event.detail.event_time,
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap_or_else(|_| OffsetDateTime::now_utc())
}
