//! The reporter's handler: S3, Security Hub, SNS, each optional by
//! configuration. A configured output that fails is an error (Lambda
//! retries the whole message; every write is idempotent: same keys, same
//! finding `Id`s), never a log line.

use qscan_asff::{archive, findings_to_archive};
use qscan_aws::accounts::AccessError;
use qscan_aws::{AccountAccess, PolicyStore};
use qscan_contracts::{
    ContractError, FunctionDeleted, FunctionId, ReporterMessage, ScanOutcome, ScanStatus, Versioned,
};
use qscan_policy::Subject;
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;
use tracing::info;

use crate::alert::{decide, AlertDecision, AlertError, Alerts};
use crate::policy_filter;
use crate::results_store::{ResultsStore, StoreError};
use crate::security_hub::{active_findings, import, updated_before, HubError};

#[derive(Debug)]
pub struct Reporter {
    pub access: AccountAccess,
    pub store: Option<ResultsStore>,
    pub alerts: Option<Alerts>,
    pub security_hub: bool,
    /// Thresholds and ignores (`POLICY_S3_URI`, refreshed while warm).
    pub policy: PolicyStore,
}

/// What one invocation did.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct ReportSummary {
    pub function: String,
    pub results_key: Option<String>,
    pub imported: usize,
    pub archived: usize,
    pub alerted: bool,
    /// (vulnerability, package) pairs the policy kept out of Security Hub.
    pub held_back: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ReporterError {
    #[error(transparent)]
    Message(#[from] ContractError),
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("Security Hub for {function}: {source}")]
    SecurityHub {
        function: String,
        #[source]
        source: HubError,
    },
    #[error("ASFF mapping for {function}: {source}")]
    Asff {
        function: String,
        #[source]
        source: qscan_asff::AsffError,
    },
    #[error(transparent)]
    Alert(#[from] AlertError),
}

impl ReporterError {
    pub fn kind(&self) -> &'static str {
        match self {
            ReporterError::Message(_) => "MalformedMessage",
            ReporterError::Access(_) => "AccountAccess",
            ReporterError::Store(_) => "S3WriteFailed",
            ReporterError::SecurityHub { .. } => "SecurityHubFailed",
            ReporterError::Asff { .. } => "AsffMapping",
            ReporterError::Alert(_) => "SnsPublishFailed",
        }
    }
}

pub use qscan_aws::SetupError;

impl Reporter {
    /// Builds the reporter from the Lambda's environment (see README,
    /// "Configuration"). Each output is on when its variable is set.
    pub async fn from_env(sdk: &aws_config::SdkConfig) -> Result<Self, SetupError> {
        Ok(Reporter {
            store: qscan_aws::optional_env("RESULTS_S3_BUCKET").map(|bucket| ResultsStore {
                client: aws_sdk_s3::Client::new(sdk),
                bucket,
            }),
            alerts: qscan_aws::optional_env("SNS_TOPIC_ARN").map(|topic_arn| Alerts {
                client: aws_sdk_sns::Client::new(sdk),
                topic_arn,
            }),
            security_hub: qscan_aws::flag_env("SECURITY_HUB_IMPORT", true)?,
            policy: PolicyStore::from_env(sdk).await?,
            access: AccountAccess::from_env(sdk.clone()),
        })
    }

    pub async fn handle(&self, payload: Value) -> Result<ReportSummary, ReporterError> {
        match ReporterMessage::from_json_value(payload)? {
            // Boxed: the SDK futures are large and the runtime polls on the
            // main thread's stack.
            ReporterMessage::ScanOutcome(outcome) => Box::pin(self.report(&outcome)).await,
            ReporterMessage::FunctionDeleted(deleted) => Box::pin(self.forget(&deleted)).await,
        }
    }

    async fn report(&self, outcome: &ScanOutcome) -> Result<ReportSummary, ReporterError> {
        let function = &outcome.function.id;
        let mut summary = ReportSummary {
            function: function.arn.clone(),
            ..ReportSummary::default()
        };
        // S3 keeps the full report; Security Hub and SNS see what the
        // policy lets through.
        if let Some(store) = &self.store {
            let key = store.put_outcome(outcome).await?;
            info!(function = %function, bucket = %store.bucket, key = %key, "outcome stored");
            summary.results_key = Some(key);
        }
        let policy = self.policy.current().await;
        let subject = Subject::from_id(function)
            .with_tags(&outcome.function.tags)
            .with_package_type(outcome.function.package_type);
        let thresholds = policy.decide(&subject).thresholds;
        let today = OffsetDateTime::now_utc().date();
        let (visible, held_back) =
            policy_filter::visible(outcome, &policy, &subject, &thresholds, today);
        for held in &held_back {
            info!(function = %function, vulnerability = %held.vulnerability, package = %held.package, reason = %held.reason, "finding held back by policy");
        }
        summary.held_back = held_back.len();

        // The alert goes before Security Hub: an import failure (e.g.
        // Security Hub not enabled in a spoke) must not also lose the alert;
        // a retry may repeat it, which beats never sending it.
        if let Some(alerts) = &self.alerts {
            let threshold = thresholds.alert_min;
            match decide(&visible, threshold) {
                AlertDecision::Send => {
                    alerts
                        .publish(&visible, threshold, summary.results_key.as_deref())
                        .await?;
                    summary.alerted = true;
                    info!(function = %function, %threshold, max_severity = ?visible.max_severity(), status = ?visible.status, "alert published");
                }
                AlertDecision::BelowThreshold => {
                    info!(function = %function, %threshold, max_severity = ?visible.max_severity(), "no alert: nothing reaches the threshold");
                }
            }
        }
        // A failed scan saw nothing: it must not archive what an earlier
        // scan found.
        if self.security_hub && visible.status == ScanStatus::Succeeded {
            let findings =
                qscan_asff::findings_for(&visible).map_err(|source| ReporterError::Asff {
                    function: function.arn.clone(),
                    source,
                })?;
            let current: Vec<String> = findings.iter().filter_map(|f| f.id.clone()).collect();
            let client = self.hub_client(function).await?;
            summary.imported = Box::pin(import(&client, findings))
                .await
                .map_err(|source| hub_error(function, source))?;
            summary.archived =
                Box::pin(self.archive_stale(&client, function, &current, visible.scanned_at))
                    .await?;
            info!(function = %function, imported = summary.imported, archived = summary.archived, "Security Hub updated");
        }
        Ok(summary)
    }

    async fn forget(&self, deleted: &FunctionDeleted) -> Result<ReportSummary, ReporterError> {
        let function = &deleted.function;
        let mut summary = ReportSummary {
            function: function.arn.clone(),
            ..ReportSummary::default()
        };
        if self.security_hub {
            let client = self.hub_client(function).await?;
            let none: [&str; 0] = [];
            summary.archived = self
                .archive_stale(&client, function, &none, deleted.deleted_at)
                .await?;
        }
        info!(function = %function, archived = summary.archived, "function deleted: findings archived");
        Ok(summary)
    }

    /// Archives this function's active findings whose `Id` is not current.
    async fn archive_stale<S: AsRef<str>>(
        &self,
        client: &aws_sdk_securityhub::Client,
        function: &FunctionId,
        current: &[S],
        now: OffsetDateTime,
    ) -> Result<usize, ReporterError> {
        let existing = Box::pin(active_findings(client, function))
            .await
            .map_err(|source| hub_error(function, source))?;
        let existing = updated_before(existing, now);
        let current: Vec<&str> = current.iter().map(AsRef::as_ref).collect();
        let stale: Vec<_> = findings_to_archive(&existing, current)
            .into_iter()
            .map(|f| archive(f, now))
            .collect();
        import(client, stale)
            .await
            .map_err(|source| hub_error(function, source))
    }

    /// Findings are imported in the function's own account (the spoke's,
    /// through the assumed role, in hub/spoke).
    async fn hub_client(
        &self,
        function: &FunctionId,
    ) -> Result<aws_sdk_securityhub::Client, ReporterError> {
        let config = self
            .access
            .config_for(&function.account, &function.region)
            .await?;
        Ok(aws_sdk_securityhub::Client::new(&config))
    }
}

fn hub_error(function: &FunctionId, source: HubError) -> ReporterError {
    ReporterError::SecurityHub {
        function: function.arn.clone(),
        source,
    }
}
