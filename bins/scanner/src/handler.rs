//! The scanner's handler: resolve, scan, hand the outcome on.

use qscan_aws::accounts::AccessError;
use qscan_aws::{AccountAccess, Dispatch, DispatchError, PolicyStore};
use qscan_contracts::{
    ContractError, FunctionDetails, PackageType, ReporterMessage, ScanFailure, ScanOutcome,
    ScanRequest, ScanStatus, Versioned, CONTRACT_VERSION,
};
use qscan_policy::{ScanAction, ScanSettings, Subject};
use qscan_qscanner::{
    platform_for_architectures, run_scan, AwsEnvCredentials, ScanConfig, Secret, Target,
};
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;
use tracing::{info, warn};

use crate::qualys_secret::{QualysSecret, SecretError};
use crate::resolve::{resolve, ResolveError, SettleWait};

/// Everything the handler needs, built once at cold start.
#[derive(Debug)]
pub struct Scanner<D> {
    pub dispatch: D,
    pub access: AccountAccess,
    pub secret: QualysSecret,
    pub scan: ScanConfig,
    pub settle: SettleWait,
    /// Skip rules (re-checked with tags) and scan settings.
    pub policy: PolicyStore,
}

/// What the invocation returns (and logs).
#[derive(Debug, Serialize)]
pub struct ScanSummary {
    pub request_id: String,
    pub function: String,
    pub status: &'static str,
    pub findings: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<ScanFailure>,
}

#[derive(Debug, thiserror::Error)]
pub enum ScannerError {
    #[error(transparent)]
    Request(#[from] ContractError),
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error("handing the outcome of {function} to the reporter failed: {source}")]
    Dispatch {
        function: String,
        #[source]
        source: DispatchError,
    },
    /// Reported to the reporter already; returned so Lambda retries.
    #[error("scan of {function} failed ({cause}), will be retried: {message}")]
    RetryableScanFailure {
        function: String,
        cause: String,
        message: String,
    },
}

impl ScannerError {
    /// Failure class for the Lambda error report.
    pub fn kind(&self) -> &'static str {
        match self {
            ScannerError::Request(_) => "MalformedRequest",
            ScannerError::Access(_) => "AccountAccess",
            ScannerError::Resolve(ResolveError::NotFound { .. }) => "FunctionNotFound",
            ScannerError::Resolve(_) => "GetFunctionFailed",
            ScannerError::Secret(_) => "QualysSecret",
            ScannerError::Dispatch { .. } => "DispatchFailed",
            ScannerError::RetryableScanFailure { .. } => "ScanFailed",
        }
    }
}

pub use qscan_aws::SetupError;

impl<D: Dispatch> Scanner<D> {
    /// Builds the scanner from the Lambda's environment (see README,
    /// "Configuration").
    pub async fn from_env(sdk: &aws_config::SdkConfig, dispatch: D) -> Result<Self, SetupError> {
        let secret_arn = qscan_aws::required_env(
            "QUALYS_SECRET_ARN",
            "the Secrets Manager secret holding qualys_pod and the Qualys token",
        )?;
        Ok(Scanner {
            dispatch,
            secret: QualysSecret::new(aws_sdk_secretsmanager::Client::new(sdk), secret_arn),
            access: AccountAccess::from_env(sdk.clone()),
            scan: ScanConfig::from_env().map_err(|e| qscan_aws::EnvError::Invalid {
                name: e.var,
                value: e.value,
                reason: e.reason.to_owned(),
            })?,
            settle: SettleWait::default(),
            policy: PolicyStore::from_env(sdk).await?,
        })
    }

    pub async fn handle(&self, payload: Value) -> Result<ScanSummary, ScannerError> {
        let request = ScanRequest::from_json_value(payload)?;
        let function = &request.function;
        let config = self
            .access
            .config_for(&function.account, &function.region)
            .await?;
        let lambda = aws_sdk_lambda::Client::new(&config);
        let details = Box::pin(resolve(&lambda, function, self.settle)).await?;
        info!(
            request_id = %request.request_id,
            function = %function,
            package_type = details.package_type.as_str(),
            image = details.resolved_image_uri.as_deref().unwrap_or("-"),
            "function resolved"
        );
        let policy = self.policy.current().await;
        let subject = Subject::from_id(&details.id)
            .with_tags(&details.tags)
            .with_package_type(details.package_type);
        if let ScanAction::Skip { rule, reason } = policy.decide(&subject).action {
            info!(request_id = %request.request_id, function = %function, rule, reason, "skipped by policy after GetFunction");
            return Ok(ScanSummary {
                request_id: request.request_id.clone(),
                function: function.arn.clone(),
                status: "skipped",
                findings: 0,
                failure: None,
            });
        }
        let qualys = self.secret.get().await?;
        let aws = subprocess_credentials(&config, &details).await?;

        let target = target_for(&details);
        let mut scan = with_policy_settings(self.scan.clone(), policy.scan());
        scan.platform = platform_for_architectures(&details.architectures).map(str::to_owned);
        let started_at = OffsetDateTime::now_utc();
        let result = Box::pin(run_scan(&scan, &target, &qualys, Some(&aws))).await;

        let outcome = match result {
            Ok(report) => ScanOutcome {
                version: CONTRACT_VERSION,
                request_id: request.request_id.clone(),
                trigger: request.trigger,
                scanner: Some(report.scanner_run(&target)),
                function: details,
                scanned_at: started_at,
                status: ScanStatus::Succeeded,
                findings: report.findings,
            },
            Err(error) => {
                warn!(request_id = %request.request_id, function = %function, cause = error.cause(), retryable = error.retryable(), error = %error, "scan failed");
                ScanOutcome {
                    version: CONTRACT_VERSION,
                    request_id: request.request_id.clone(),
                    trigger: request.trigger,
                    scanner: None,
                    function: details,
                    scanned_at: started_at,
                    status: ScanStatus::Failed(ScanFailure::from(&error)),
                    findings: Vec::new(),
                }
            }
        };
        let summary = summarise(&outcome);
        info!(request_id = %summary.request_id, function = %summary.function, status = summary.status, findings = summary.findings, "scan outcome");

        let message = ReporterMessage::ScanOutcome(Box::new(outcome));
        let payload = serde_json::to_value(&message).expect("ReporterMessage serialises");
        self.dispatch
            .to_reporter(&payload)
            .await
            .map_err(|source| ScannerError::Dispatch {
                function: function.arn.clone(),
                source,
            })?;

        match &summary.failure {
            Some(failure) if failure.retryable => Err(ScannerError::RetryableScanFailure {
                function: function.arn.clone(),
                cause: failure.cause.clone(),
                message: failure.message.clone(),
            }),
            _ => Ok(summary),
        }
    }
}

/// Scan types, mode and policy tags have one source, the policy file: it is
/// what security engineers review and change (and it only admits modes that
/// write a report).
fn with_policy_settings(mut scan: ScanConfig, settings: &ScanSettings) -> ScanConfig {
    scan.scan_types = settings.scan_types.clone();
    scan.mode = settings.mode;
    scan.policy_tags = settings.policy_tags.clone();
    scan
}

/// Image functions: the resolved `repo@sha256:…`, so the digest scanned is
/// the digest deployed. Zip functions: QScanner's `lambda` command.
fn target_for(details: &FunctionDetails) -> Target {
    match (
        details.package_type,
        &details.resolved_image_uri,
        &details.image_uri,
    ) {
        (PackageType::Image, Some(resolved), _) => Target::Image(resolved.clone()),
        (PackageType::Image, None, Some(uri)) => Target::Image(uri.clone()),
        _ => Target::Lambda {
            arn: details.id.arn.clone(),
        },
    }
}

/// The credentials QScanner pulls the image with: the function account's
/// (the assumed spoke role in hub/spoke), never inherited implicitly.
async fn subprocess_credentials(
    config: &aws_config::SdkConfig,
    details: &FunctionDetails,
) -> Result<AwsEnvCredentials, ScannerError> {
    let credentials = AccountAccess::credentials(config, &details.id.account).await?;
    Ok(AwsEnvCredentials {
        access_key_id: credentials.access_key_id().to_owned(),
        secret_access_key: Secret::new(credentials.secret_access_key()),
        session_token: credentials.session_token().map(Secret::new),
        region: details.id.region.clone(),
    })
}

fn summarise(outcome: &ScanOutcome) -> ScanSummary {
    let failure = match &outcome.status {
        ScanStatus::Succeeded => None,
        ScanStatus::Failed(failure) => Some(failure.clone()),
    };
    ScanSummary {
        request_id: outcome.request_id.clone(),
        function: outcome.function.id.arn.clone(),
        status: if failure.is_some() {
            "failed"
        } else {
            "succeeded"
        },
        findings: outcome.findings.len(),
        failure,
    }
}
