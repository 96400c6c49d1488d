//! The forwarder's handler: decode, decide, dispatch, and say why.

use qscan_aws::{Dispatch, DispatchError, PolicyStore};
use qscan_contracts::{
    ForwarderCommand, FunctionId, ReporterMessage, ScanRequest, Trigger, CONTRACT_VERSION,
};
use qscan_policy::{Policy, ScanAction, Subject};
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;
use tracing::info;

use crate::cloudtrail::{interpret, InterpretError, InterpretOptions, Interpretation};
use crate::input::{classify, ForwarderInput, InputError};
use crate::sweep::{list_functions, SweepError};

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
}

/// One decision, returned to the caller and logged as one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub function: Option<String>,
    pub action: Action,
    pub reason: String,
    pub request_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Scan,
    Skip,
    Archive,
    Ignore,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub decisions: Vec<Decision>,
}

pub use qscan_aws::SetupError;

#[derive(Debug, thiserror::Error)]
pub enum ForwarderError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Interpret(#[from] InterpretError),
    #[error("manual scan request: {0}")]
    BadManualRequest(#[from] qscan_contracts::FunctionIdError),
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
            ForwarderError::Input(_) | ForwarderError::Interpret(_) => "MalformedEvent",
            ForwarderError::BadManualRequest(_) => "BadRequest",
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
        })
    }

    pub async fn handle(&self, payload: Value) -> Result<Summary, ForwarderError> {
        let mut summary = Summary::default();
        let policy = self.policy.current().await;
        match classify(payload)? {
            ForwarderInput::ApiCall(event) => {
                let options = InterpretOptions {
                    rescan_on_config_change: policy.scan().rescan_on_config_change,
                };
                let decision = match interpret(&event, options)? {
                    Interpretation::Scan(request) => self.scan(&policy, request).await?,
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
                        }
                    }
                    Interpretation::Ignore(reason) => Decision {
                        function: event
                            .detail
                            .request_parameters
                            .as_ref()
                            .and_then(|r| r.function_name.clone()),
                        action: Action::Ignore,
                        reason: reason.to_string(),
                        request_id: Some(event.detail.event_id.clone()),
                    },
                };
                summary.decisions.push(log(decision));
            }
            ForwarderInput::Command(ForwarderCommand::ManualScan(manual)) => {
                let account = manual.account.as_deref().unwrap_or(&self.account);
                let region = manual.region.as_deref().unwrap_or(&self.region);
                let function = FunctionId::parse(&manual.function, account, region)?;
                let request = self.new_request(function, Trigger::Manual);
                summary
                    .decisions
                    .push(log(self.scan(&policy, request).await?));
            }
            ForwarderInput::Command(ForwarderCommand::Sweep(_)) => {
                for function in list_functions(&self.lambda, &self.account, &self.region).await? {
                    let request = self.new_request(function, Trigger::Sweep);
                    summary
                        .decisions
                        .push(log(self.scan(&policy, request).await?));
                }
            }
        }
        Ok(summary)
    }

    /// Dispatches a scan unless a policy skip rule matches. The forwarder
    /// knows neither tags nor (for sweeps) the package type: rules that need
    /// them are decided again by the scanner after `GetFunction`.
    async fn scan(
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

    fn new_request(&self, function: FunctionId, trigger: Trigger) -> ScanRequest {
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

fn log(decision: Decision) -> Decision {
    info!(
        decision = ?decision.action,
        function = decision.function.as_deref().unwrap_or("-"),
        request_id = decision.request_id.as_deref().unwrap_or("-"),
        reason = %decision.reason,
        "forwarder decision"
    );
    decision
}
