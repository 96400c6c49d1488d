//! SNS: an alert when a scan reaches the alert threshold, or fails.
//!
//! The message is SNS "json" structured: readable text for email/SMS, the
//! machine-readable summary for SQS/Lambda/HTTPS subscribers. Message
//! attributes let subscriptions filter (e.g. `max_severity` = CRITICAL).

use std::collections::BTreeMap;

use aws_sdk_sns::types::MessageAttributeValue;
use qscan_contracts::{ScanOutcome, ScanStatus, Severity};
use serde_json::json;

use crate::render;

#[derive(Debug, thiserror::Error)]
#[error("publishing the alert for {function} to {topic} failed: {reason}")]
pub struct AlertError {
    pub function: String,
    pub topic: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct Alerts {
    pub client: aws_sdk_sns::Client,
    pub topic_arn: String,
}

/// Why an alert is (not) sent; logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertDecision {
    Send,
    BelowThreshold,
}

/// Alert on a failed scan, or when a finding reaches `threshold`.
pub fn decide(outcome: &ScanOutcome, threshold: Severity) -> AlertDecision {
    match (&outcome.status, outcome.max_severity()) {
        (ScanStatus::Failed(_), _) => AlertDecision::Send,
        (ScanStatus::Succeeded, Some(max)) if max >= threshold => AlertDecision::Send,
        _ => AlertDecision::BelowThreshold,
    }
}

impl Alerts {
    pub async fn publish(
        &self,
        outcome: &ScanOutcome,
        threshold: Severity,
        results_key: Option<&str>,
    ) -> Result<(), AlertError> {
        let text = render::alert_text(outcome, threshold, results_key);
        let summary = render::summary_json(outcome, results_key);
        let structured = json!({
            "default": text,
            "email": text,
            "sqs": summary.to_string(),
            "lambda": summary.to_string(),
            "https": summary.to_string(),
            "http": summary.to_string(),
        });
        let mut request = self
            .client
            .publish()
            .topic_arn(&self.topic_arn)
            .subject(render::subject(outcome))
            .message_structure("json")
            .message(structured.to_string());
        for (name, value) in attributes(outcome) {
            let attribute = MessageAttributeValue::builder()
                .data_type("String")
                .string_value(value)
                .build()
                .expect("data_type is set");
            request = request.message_attributes(name, attribute);
        }
        request.send().await.map(|_| ()).map_err(|e| AlertError {
            function: outcome.function.id.arn.clone(),
            topic: self.topic_arn.clone(),
            reason: qscan_aws::describe(&e),
        })
    }
}

/// Attributes for subscription filter policies.
pub fn attributes(outcome: &ScanOutcome) -> BTreeMap<&'static str, String> {
    let id = &outcome.function.id;
    let mut attributes = BTreeMap::from([
        ("account", id.account.clone()),
        ("region", id.region.clone()),
        ("function", id.name.clone()),
        ("status", render::status_word(outcome).to_owned()),
        ("findings", outcome.findings.len().to_string()),
    ]);
    if let Some(max) = outcome.max_severity() {
        attributes.insert("max_severity", max.label().to_owned());
    }
    attributes
}
