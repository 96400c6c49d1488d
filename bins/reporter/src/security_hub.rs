//! Security Hub: import ASFF findings in batches of at most 100, resend the
//! entries a batch reports in `FailedFindings`, and archive what a rescan
//! no longer sees (or everything, for a deleted function).
//!
//! `GetFindings` filters are sent for AWS; the same conditions are applied
//! again here because an emulator may ignore them, and a finding of
//! another function must never be archived by mistake.

use std::time::Duration;

use aws_sdk_securityhub::types::{
    AwsSecurityFinding, AwsSecurityFindingFilters, RecordState, StringFilter,
    StringFilterComparison,
};
use qscan_asff::{batches, product_arn, GENERATOR_PREFIX};
use qscan_contracts::FunctionId;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Attempts per batch for entries Security Hub reports as failed.
const ATTEMPTS: u32 = 4;
const FIRST_BACKOFF: Duration = Duration::from_millis(400);

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("BatchImportFindings failed: {reason}")]
    Call { reason: String },
    #[error("Security Hub refused {count} finding(s) after {ATTEMPTS} attempts; first: {first_id}: {code}: {message}")]
    Refused {
        count: usize,
        first_id: String,
        code: String,
        message: String,
    },
    #[error("GetFindings for {function} failed: {reason}")]
    Read { function: String, reason: String },
}

/// Imports `findings`; every one is accepted or the call is an error.
pub async fn import(
    client: &aws_sdk_securityhub::Client,
    findings: Vec<AwsSecurityFinding>,
) -> Result<usize, HubError> {
    let total = findings.len();
    for batch in batches(findings) {
        import_batch(client, batch).await?;
    }
    Ok(total)
}

async fn import_batch(
    client: &aws_sdk_securityhub::Client,
    mut pending: Vec<AwsSecurityFinding>,
) -> Result<(), HubError> {
    let mut backoff = FIRST_BACKOFF;
    for attempt in 1..=ATTEMPTS {
        let out = client
            .batch_import_findings()
            .set_findings(Some(pending.clone()))
            .send()
            .await
            .map_err(|e| HubError::Call {
                reason: qscan_aws::describe(&e),
            })?;
        let failed = out.failed_findings();
        if failed.is_empty() {
            return Ok(());
        }
        let failed_ids: Vec<&str> = failed.iter().filter_map(|f| f.id()).collect();
        if attempt == ATTEMPTS {
            let first = &failed[0];
            return Err(HubError::Refused {
                count: failed.len(),
                first_id: first.id().unwrap_or("?").to_owned(),
                code: first.error_code().unwrap_or("?").to_owned(),
                message: first.error_message().unwrap_or("?").to_owned(),
            });
        }
        tracing::warn!(
            attempt,
            failed = failed.len(),
            first_error = failed[0].error_code().unwrap_or("?"),
            "Security Hub refused findings; resending them"
        );
        pending.retain(|f| f.id().is_some_and(|id| failed_ids.contains(&id)));
        tokio::time::sleep(backoff).await;
        backoff *= 2;
    }
    Ok(())
}

/// This project's ACTIVE findings for one function.
pub async fn active_findings(
    client: &aws_sdk_securityhub::Client,
    function: &FunctionId,
) -> Result<Vec<AwsSecurityFinding>, HubError> {
    let function_arn = function.arn.as_str();
    let product_arn = &product_arn(function.partition(), &function.region, &function.account);
    let equals = |value: &str| {
        StringFilter::builder()
            .comparison(StringFilterComparison::Equals)
            .value(value)
            .build()
    };
    let filters = AwsSecurityFindingFilters::builder()
        .resource_id(equals(function_arn))
        .product_arn(equals(product_arn))
        .record_state(equals(RecordState::Active.as_str()))
        .generator_id(
            StringFilter::builder()
                .comparison(StringFilterComparison::Prefix)
                .value(GENERATOR_PREFIX)
                .build(),
        )
        .build();
    let mut pages = client
        .get_findings()
        .filters(filters)
        .max_results(100)
        .into_paginator()
        .items()
        .send();
    let mut found = Vec::new();
    while let Some(finding) = pages.next().await {
        let finding = finding.map_err(|e| HubError::Read {
            function: function_arn.to_owned(),
            reason: qscan_aws::describe(&e),
        })?;
        if is_ours(&finding, function_arn, product_arn) {
            found.push(finding);
        }
    }
    Ok(found)
}

/// Keeps the findings last updated before `at`. An outcome (or a delete
/// notice) that arrives late must not archive what a newer scan reported:
/// Security Hub ignores the late import itself, but an archive copy carries
/// a fresh `UpdatedAt` and would win.
pub fn updated_before(
    findings: Vec<AwsSecurityFinding>,
    at: OffsetDateTime,
) -> Vec<AwsSecurityFinding> {
    findings
        .into_iter()
        .filter(|f| {
            f.updated_at()
                .and_then(|u| OffsetDateTime::parse(u, &Rfc3339).ok())
                .is_none_or(|updated| updated < at)
        })
        .collect()
}

fn is_ours(finding: &AwsSecurityFinding, function_arn: &str, product_arn: &str) -> bool {
    finding.product_arn() == Some(product_arn)
        && finding
            .generator_id()
            .is_some_and(|g| g.starts_with(GENERATOR_PREFIX))
        && !matches!(finding.record_state(), Some(RecordState::Archived))
        && finding
            .resources()
            .iter()
            .any(|r| r.id() == Some(function_arn))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(id: &str, updated_at: &str) -> AwsSecurityFinding {
        AwsSecurityFinding::builder()
            .id(id)
            .updated_at(updated_at)
            .build()
    }

    #[test]
    fn a_late_outcome_leaves_findings_of_newer_scans_alone() {
        let scan_time = time::macros::datetime!(2026-11-29 10:00:00 UTC);
        let kept = updated_before(
            vec![
                finding("older", "2026-11-29T09:59:59.000Z"),
                finding("same-time", "2026-11-29T10:00:00.000Z"),
                finding("newer", "2026-11-29T10:05:00.000Z"),
            ],
            scan_time,
        );
        let ids: Vec<_> = kept.iter().filter_map(|f| f.id()).collect();
        assert_eq!(ids, ["older"]);
    }
}
