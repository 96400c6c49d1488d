//! The forwarder's handler: decode, decide, dispatch, and say why.
//!
//! Input no retry can fix (malformed, unsupported version, unknown command,
//! an identity that does not validate) is *dropped*: the invocation
//! succeeds with a `drop` decision naming the reason and the JSON path, and
//! a `DroppedEvents` metric, instead of being retried into the dead-letter
//! queue. What a retry can fix (a dispatch that failed) stays an error.

use qscan_aws::{Dispatch, DispatchError, PolicyStore};
use qscan_contracts::{
    ForwarderCommand, FunctionId, ManualScan, ReporterMessage, ScanRequest, Trigger,
    CONTRACT_VERSION,
};
use qscan_policy::{Policy, ScanAction, Subject};
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;
use tracing::{info, warn};

use crate::cloudtrail::{interpret, InterpretOptions, Interpretation, LambdaApiCall};
use crate::dropped::Rejection;
use crate::event::bounded;
use crate::input::{classify, ForwarderInput};
use crate::metrics::Metrics;
use crate::sweep::{SweepError, SweepReport};

/// Everything the handler needs, built once at cold start.
#[derive(Debug)]
pub struct Forwarder<D> {
    pub dispatch: D,
    /// For the sweep (`ListFunctions`).
    pub lambda: aws_sdk_lambda::Client,
    /// This forwarder's own account and region: defaults for plain names.
    pub account: String,
    pub region: String,
    /// Skip rules and scan settings (`POLICY_S3_URI`, refreshed while warm).
    pub policy: PolicyStore,
    /// Where metric lines go (stdout in Lambda).
    pub metrics: Metrics,
}

/// One decision, returned to the caller and logged as one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub function: Option<String>,
    pub action: Action,
    pub reason: String,
    pub request_id: Option<String>,
    /// For a dropped input: the JSON path of the value at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Scan,
    Skip,
    Archive,
    Ignore,
    /// Permanently unusable input: not retried, counted in `DroppedEvents`.
    Drop,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub decisions: Vec<Decision>,
    /// For a sweep: what it covered, what failed, and how to resume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sweep: Option<SweepReport>,
}

pub use qscan_aws::SetupError;

/// Failures a retry can fix; everything else is a dropped decision.
#[derive(Debug, thiserror::Error)]
pub enum ForwarderError {
    #[error(transparent)]
    Sweep(#[from] SweepError),
    #[error("dispatch for {function} failed: {source}")]
    Dispatch {
        function: String,
        #[source]
        source: DispatchError,
    },
}

impl ForwarderError {
    /// Failure class for the Lambda error report.
    pub fn kind(&self) -> &'static str {
        match self {
            ForwarderError::Sweep(_) => "SweepFailed",
            ForwarderError::Dispatch { .. } => "DispatchFailed",
        }
    }
}

impl<D: Dispatch> Forwarder<D> {
    /// Builds the forwarder from the Lambda's environment (see README,
    /// "Configuration"): its own account (STS) and region, and the options.
    pub async fn from_env(sdk: &aws_config::SdkConfig, dispatch: D) -> Result<Self, SetupError> {
        let region = sdk
            .region()
            .map(|r| r.to_string())
            .ok_or(SetupError::NoRegion)?;
        let access = qscan_aws::AccountAccess::new(sdk.clone(), None);
        let account = access.own_account().await?.to_owned();
        Ok(Forwarder {
            dispatch,
            lambda: aws_sdk_lambda::Client::new(sdk),
            account,
            region,
            policy: PolicyStore::from_env(sdk).await?,
            metrics: Metrics::stdout(),
        })
    }

    pub async fn handle(&self, payload: Value) -> Result<Summary, ForwarderError> {
        let policy = self.policy.current().await;
        let decision = match classify(payload) {
            Err(error) => self.dropped(Rejection::input(&error)),
            Ok(ForwarderInput::ApiCall(event)) => self.api_call(&policy, &event).await?,
            Ok(ForwarderInput::Command(ForwarderCommand::ManualScan(manual))) => {
                self.manual(&policy, manual).await?
            }
            Ok(ForwarderInput::Command(ForwarderCommand::Sweep(sweep))) => {
                return self.sweep(&policy, sweep).await;
            }
        };
        Ok(Summary {
            decisions: vec![log(decision)],
            sweep: None,
        })
    }

    async fn api_call(
        &self,
        policy: &Policy,
        event: &LambdaApiCall,
    ) -> Result<Decision, ForwarderError> {
        let options = InterpretOptions {
            rescan_on_config_change: policy.scan().rescan_on_config_change,
        };
        let interpretation = match interpret(event, options, OffsetDateTime::now_utc()) {
            Ok(interpretation) => interpretation,
            Err(error) => return Ok(self.dropped(Rejection::interpret(&error, event))),
        };
        Ok(match interpretation {
            Interpretation::Scan(request) => self.scan(policy, request).await?,
            Interpretation::Delete(deleted) => {
                let function = deleted.function.arn.clone();
                let request_id = deleted.request_id.clone();
                self.send_report(&function, &ReporterMessage::FunctionDeleted(deleted))
                    .await?;
                Decision {
                    function: Some(function),
                    action: Action::Archive,
                    reason: "function deleted: its findings are archived".into(),
                    request_id: Some(request_id),
                    path: None,
                }
            }
            Interpretation::Ignore(reason) => Decision {
                function: event
                    .detail
                    .request_parameters
                    .as_ref()
                    .and_then(|r| r.function_name.as_deref())
                    .map(|name| bounded(name, 200)),
                action: Action::Ignore,
                reason: reason.to_string(),
                request_id: crate::cloudtrail::request_id(event).ok(),
                path: None,
            },
        })
    }

    async fn manual(
        &self,
        policy: &Policy,
        manual: ManualScan,
    ) -> Result<Decision, ForwarderError> {
        let account = bounded(manual.account.as_deref().unwrap_or(&self.account), 100);
        let region = bounded(manual.region.as_deref().unwrap_or(&self.region), 100);
        match FunctionId::parse(&bounded(&manual.function, 300), &account, &region) {
            Ok(function) => {
                let request = self.new_request(function, Trigger::Manual);
                self.scan(policy, request).await
            }
            Err(error) => Ok(self.dropped(Rejection::manual(&error, &manual))),
        }
    }

    /// Dispatches a scan unless a policy skip rule matches. The forwarder
    /// knows neither tags nor (for sweeps) the package type: rules that need
    /// them are decided again by the scanner after `GetFunction`.
    pub(crate) async fn scan(
        &self,
        policy: &Policy,
        request: ScanRequest,
    ) -> Result<Decision, ForwarderError> {
        let mut subject = Subject::from_id(&request.function);
        if let Some(package_type) = request.package_type {
            subject = subject.with_package_type(package_type);
        }
        if let ScanAction::Skip { rule, reason } = policy.decide(&subject).action {
            return Ok(Decision {
                function: Some(request.function.arn),
                action: Action::Skip,
                reason: format!("policy rule '{rule}': {reason}"),
                request_id: Some(request.request_id),
                path: None,
            });
        }
        let payload = serde_json::to_value(&request).expect("ScanRequest serialises");
        self.dispatch
            .to_scanner(&payload)
            .await
            .map_err(|source| ForwarderError::Dispatch {
                function: request.function.arn.clone(),
                source,
            })?;
        Ok(Decision {
            function: Some(request.function.arn),
            action: Action::Scan,
            reason: format!("{} event: scan requested", request.trigger.as_str()),
            request_id: Some(request.request_id),
            path: None,
        })
    }

    async fn send_report(
        &self,
        function: &str,
        message: &ReporterMessage,
    ) -> Result<(), ForwarderError> {
        let payload = serde_json::to_value(message).expect("ReporterMessage serialises");
        self.dispatch
            .to_reporter(&payload)
            .await
            .map_err(|source| ForwarderError::Dispatch {
                function: function.into(),
                source,
            })
    }

    /// A drop decision, counted in the `DroppedEvents` metric.
    fn dropped(&self, rejection: Rejection) -> Decision {
        self.metrics
            .count(crate::metrics::DROPPED_EVENTS, rejection.kind, 1);
        rejection.into_decision()
    }

    pub(crate) fn new_request(&self, function: FunctionId, trigger: Trigger) -> ScanRequest {
        let now = OffsetDateTime::now_utc();
        ScanRequest {
            version: CONTRACT_VERSION,
            request_id: format!(
                "{}-{}-{}",
                trigger.as_str(),
                function.name,
                now.unix_timestamp_nanos()
            ),
            function,
            trigger,
            requested_at: now,
            code_sha256: None,
            package_type: None,
            layers: Vec::new(),
        }
    }
}

/// Logs one decision as one line: what, on which function, and why.
pub(crate) fn log(decision: Decision) -> Decision {
    let function = decision.function.as_deref().unwrap_or("-");
    let request_id = decision.request_id.as_deref().unwrap_or("-");
    match &decision.path {
        Some(path) => warn!(
            decision = ?decision.action,
            function,
            request_id,
            path = %path,
            reason = %decision.reason,
            "forwarder decision"
        ),
        None => info!(
            decision = ?decision.action,
            function,
            request_id,
            reason = %decision.reason,
            "forwarder decision"
        ),
    }
    decision
}
