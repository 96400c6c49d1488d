//! The CloudTrail "AWS API Call via CloudTrail" events for Lambda, turned
//! into what the pipeline should do about them.
//!
//! Rules (see docs/events.md):
//! - a failed API call (any `errorCode`, string or not) is not a deployment;
//! - identity comes from `responseElements.functionArn` when present (it
//!   carries the function's own account and region, and may be qualified),
//!   else from `requestParameters.functionName` (a name or an ARN), and is
//!   validated by `FunctionId`;
//! - the function's account must be the envelope's `account`: the event
//!   reaches a bus from the account it was recorded in (in hub/spoke the
//!   spoke's, unchanged), so an ARN naming another account is not this
//!   account's deployment;
//! - a configuration update rescans only when it names `layers` (an
//!   environment or memory change alters nothing a scan sees), unless the
//!   caller asks otherwise;
//! - deleting a *version* (`qualifier`) leaves the function in place;
//! - event times only order events: they are clamped to the forwarder's
//!   clock, so a delete dated in the future is dated now.

use std::fmt;

use qscan_contracts::{
    FunctionDeleted, FunctionId, FunctionIdError, ScanRequest, Trigger, CONTRACT_VERSION,
};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use crate::event::bounded;
pub use crate::event::{LambdaApiCall, RequestParameters, ResponseElements};

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
            } => write!(
                f,
                "{event_name} failed with {error_code}: nothing was deployed"
            ),
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
            } => write!(f, "{event_source} {event_name} is not a deployment event"),
        }
    }
}

/// An event no retry can make usable. Each names the JSON path at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InterpretError {
    #[error("event has no id: detail.eventID and the envelope id are both missing or empty")]
    NoEventId,
    #[error("event id {value:?} at {path} is not 1-128 of letters, digits, '-' and '_'")]
    BadEventId { path: &'static str, value: String },
    #[error("event {event_id} has no account: the envelope account is missing")]
    NoAccount { event_id: String },
    #[error("event {event_id} ({event_name}) names no function: requestParameters.functionName and responseElements.functionArn are both missing")]
    NoFunction {
        event_id: String,
        event_name: String,
    },
    #[error("event {event_id} ({event_name}) at {path}: {source}")]
    BadFunction {
        event_id: String,
        event_name: String,
        path: &'static str,
        // Boxed: the identity error carries the offending values, and an
        // unboxed one makes every `Result` of this module large.
        #[source]
        source: Box<FunctionIdError>,
    },
    #[error("event {event_id} came from account {envelope_account} but names {function}, owned by another account; only the owner's event is acted on")]
    AccountMismatch {
        event_id: String,
        envelope_account: String,
        function: String,
    },
}

impl InterpretError {
    /// The JSON path of the value at fault.
    pub fn path(&self) -> &'static str {
        match self {
            InterpretError::NoEventId => "detail.eventID",
            InterpretError::BadEventId { path, .. } | InterpretError::BadFunction { path, .. } => {
                path
            }
            InterpretError::NoAccount { .. } | InterpretError::AccountMismatch { .. } => "account",
            InterpretError::NoFunction { .. } => "detail.requestParameters.functionName",
        }
    }

    /// A short, fixed name for the metric dimension.
    pub fn kind(&self) -> &'static str {
        match self {
            InterpretError::NoEventId | InterpretError::BadEventId { .. } => "bad_event_id",
            InterpretError::NoAccount { .. } => "no_account",
            InterpretError::NoFunction { .. } => "no_function",
            InterpretError::BadFunction { .. } => "bad_function",
            InterpretError::AccountMismatch { .. } => "account_mismatch",
        }
    }
}

/// Options that change how events are read (from the policy).
#[derive(Debug, Clone, Copy, Default)]
pub struct InterpretOptions {
    /// Rescan on configuration updates that do not touch layers.
    pub rescan_on_config_change: bool,
}

/// Decides what an event means for the pipeline. Pure: `now` is the
/// forwarder's clock, the latest time an event may claim.
pub fn interpret(
    event: &LambdaApiCall,
    options: InterpretOptions,
    now: OffsetDateTime,
) -> Result<Interpretation, InterpretError> {
    let call = &event.detail;
    let name = call.event_name.as_str();
    if call.event_source != "lambda.amazonaws.com" {
        return Ok(Interpretation::Ignore(IgnoreReason::NotHandled {
            event_source: bounded(&call.event_source, 100),
            event_name: bounded(name, 100),
        }));
    }
    if let Some(code) = &call.error_code {
        return Ok(Interpretation::Ignore(IgnoreReason::FailedCall {
            event_name: bounded(name, 100),
            error_code: bounded(
                &code
                    .as_str()
                    .map_or_else(|| code.to_string(), str::to_owned),
                100,
            ),
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
        "DeleteFunction20150331" => return delete(event, &request, now),
        _ => {
            return Ok(Interpretation::Ignore(IgnoreReason::NotHandled {
                event_source: call.event_source.clone(),
                event_name: bounded(name, 100),
            }))
        }
    };
    let request_id = request_id(event)?;
    let response = call.response_elements.as_ref();
    let function = function_id(event, &request_id, &request, response)?;
    Ok(Interpretation::Scan(ScanRequest {
        version: CONTRACT_VERSION,
        request_id,
        function,
        trigger,
        requested_at: event_time(event, now),
        code_sha256: response.and_then(|r| r.code_sha256.clone()),
        package_type: response.and_then(ResponseElements::package_type),
        layers: response
            .map(ResponseElements::layer_arns)
            .unwrap_or_default(),
    }))
}

fn delete(
    event: &LambdaApiCall,
    request: &RequestParameters,
    now: OffsetDateTime,
) -> Result<Interpretation, InterpretError> {
    if let Some(qualifier) = request.qualifier.as_deref().filter(|q| !q.is_empty()) {
        return Ok(Interpretation::Ignore(IgnoreReason::VersionDeleted {
            qualifier: bounded(qualifier, 128),
        }));
    }
    let request_id = request_id(event)?;
    let function = function_id(event, &request_id, request, None)?;
    // `functionName` may carry the version too (`orders:3`, or a qualified
    // ARN): that deletes one version, not the function.
    if let Some(qualifier) = function.qualifier.clone() {
        return Ok(Interpretation::Ignore(IgnoreReason::VersionDeleted {
            qualifier,
        }));
    }
    Ok(Interpretation::Delete(FunctionDeleted {
        version: CONTRACT_VERSION,
        request_id,
        function,
        deleted_at: event_time(event, now),
    }))
}

/// `detail.eventID`, else the envelope `id`. It names S3 objects and
/// correlates logs, so it must be a plain token.
pub fn request_id(event: &LambdaApiCall) -> Result<String, InterpretError> {
    fn non_empty(id: &Option<String>) -> Option<&str> {
        id.as_deref().filter(|id| !id.is_empty())
    }
    let (path, id) = match (non_empty(&event.detail.event_id), non_empty(&event.id)) {
        (Some(id), _) => ("detail.eventID", id),
        (None, Some(id)) => ("id", id),
        (None, None) => return Err(InterpretError::NoEventId),
    };
    let plain = id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !plain {
        return Err(InterpretError::BadEventId {
            path,
            value: bounded(id, 100),
        });
    }
    Ok(id.to_owned())
}

fn function_id(
    event: &LambdaApiCall,
    event_id: &str,
    request: &RequestParameters,
    response: Option<&ResponseElements>,
) -> Result<FunctionId, InterpretError> {
    let call = &event.detail;
    let (path, reference) = match (
        response.and_then(|r| r.function_arn.as_deref()),
        &request.function_name,
    ) {
        (Some(arn), _) => ("detail.responseElements.functionArn", arn),
        (None, Some(name)) => ("detail.requestParameters.functionName", name.as_str()),
        (None, None) => {
            return Err(InterpretError::NoFunction {
                event_id: event_id.to_owned(),
                event_name: bounded(&call.event_name, 100),
            })
        }
    };
    let account = event
        .account
        .as_deref()
        .filter(|a| !a.is_empty())
        .ok_or_else(|| InterpretError::NoAccount {
            event_id: event_id.to_owned(),
        })?;
    // A plain name or partial ARN takes its region from the record.
    let (region_path, region) = match (call.aws_region.as_deref(), event.region.as_deref()) {
        (Some(region), _) => ("detail.awsRegion", region),
        (None, Some(region)) => ("region", region),
        (None, None) => ("detail.awsRegion", ""),
    };
    // Inputs longer than any valid one are cut first: the error repeats
    // the offending value, and the cut value stays invalid ('…').
    let (reference, bounded_account, region) = (
        bounded(reference, 300),
        bounded(account, 100),
        bounded(region, 100),
    );
    let function = FunctionId::parse(&reference, &bounded_account, &region).map_err(|source| {
        // Name the field the bad part came from: a plain name takes its
        // account from the envelope, anything short of a full ARN its region.
        let full_arn = reference.trim().starts_with("arn:");
        let path = match source {
            FunctionIdError::UnknownRegion { .. }
            | FunctionIdError::RegionOutsidePartition { .. }
                if !full_arn =>
            {
                region_path
            }
            FunctionIdError::BadAccount { .. } if !reference.contains(':') => "account",
            _ => path,
        };
        InterpretError::BadFunction {
            event_id: event_id.to_owned(),
            event_name: bounded(&call.event_name, 100),
            path,
            source: Box::new(source),
        }
    })?;
    if function.account != account {
        return Err(InterpretError::AccountMismatch {
            event_id: event_id.to_owned(),
            envelope_account: bounded_account,
            function: function.arn,
        });
    }
    Ok(function)
}

/// When the call happened, for ordering only: the record's `eventTime`,
/// else the envelope `time`, in UTC, and `now` unless it lies between the
/// Unix epoch and `now` (a time from the future would outrank every later
/// real event; one before year 0 in UTC cannot even be written as RFC 3339).
fn event_time(event: &LambdaApiCall, now: OffsetDateTime) -> OffsetDateTime {
    let recorded = event
        .detail
        .event_time
        .as_deref()
        .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
        .or_else(|| {
            let nanos = event.time?.timestamp_nanos_opt()?;
            OffsetDateTime::from_unix_timestamp_nanos(i128::from(nanos)).ok()
        })
        .and_then(|t| t.checked_to_offset(UtcOffset::UTC));
    match recorded {
        Some(t) if OffsetDateTime::UNIX_EPOCH <= t && t <= now => t,
        _ => now,
    }
}
