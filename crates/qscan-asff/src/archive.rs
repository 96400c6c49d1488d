//! Archiving findings whose vulnerability is gone.
//!
//! Security Hub has no "delete": a provider re-imports the same `Id` with
//! `RecordState: ARCHIVED` and a newer `UpdatedAt`. The finding is re-emitted
//! from what `GetFindings` returned, so its description, resources and
//! vulnerability stay as the console last showed them.

use std::collections::HashSet;

use aws_sdk_securityhub::types::{AwsSecurityFinding, RecordState};
use time::OffsetDateTime;

use crate::timestamp;

/// The finding `existing` (as read back from `GetFindings`) marked ARCHIVED
/// as of `now`.
///
/// `UpdatedAt` is `now`, or one second past the existing `UpdatedAt` when
/// `now` is not later (clock skew, or a rescan in the same instant):
/// Security Hub ignores an import that is not newer.
///
/// Stripped: the fields the customer owns through `BatchUpdateFindings`
/// (`Workflow`, `WorkflowState`, `Note`, `UserDefinedFields`,
/// `VerificationState`), which a provider must not overwrite, and the ones
/// Security Hub fills in itself (`ProcessedAt`, `AwsAccountName`,
/// `aws/securityhub/…` product fields), which it re-derives on import.
pub fn archive(existing: &AwsSecurityFinding, now: OffsetDateTime) -> AwsSecurityFinding {
    let mut finding = existing.clone();
    finding.updated_at = Some(timestamp::strictly_after(existing.updated_at(), now));
    finding.record_state = Some(RecordState::Archived);
    finding.workflow = None;
    finding.workflow_state = None;
    finding.note = None;
    finding.user_defined_fields = None;
    finding.verification_state = None;
    finding.processed_at = None;
    finding.aws_account_name = None;
    if let Some(fields) = finding.product_fields.as_mut() {
        fields.retain(|key, _| !key.starts_with("aws/"));
    }
    finding
}

/// Ids in `existing` but not in `current`, sorted and without duplicates:
/// the findings a fresh scan no longer reports.
pub fn stale_ids<E, C>(existing: E, current: C) -> Vec<String>
where
    E: IntoIterator,
    E::Item: AsRef<str>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let current: HashSet<String> = current
        .into_iter()
        .map(|id| id.as_ref().to_owned())
        .collect();
    let mut stale: Vec<String> = existing
        .into_iter()
        .map(|id| id.as_ref().to_owned())
        .filter(|id| !current.contains(id))
        .collect();
    stale.sort_unstable();
    stale.dedup();
    stale
}

/// The existing findings to archive after a scan that produced
/// `current_ids`: those not reported any more and not already ARCHIVED
/// (re-archiving would only bump `UpdatedAt` and spend API quota). For a
/// deleted function, pass no current Ids.
pub fn findings_to_archive<C>(
    existing: &[AwsSecurityFinding],
    current_ids: C,
) -> Vec<&AwsSecurityFinding>
where
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let stale: HashSet<String> = stale_ids(existing.iter().filter_map(|f| f.id()), current_ids)
        .into_iter()
        .collect();
    existing
        .iter()
        .filter(|f| f.id().is_some_and(|id| stale.contains(id)))
        .filter(|f| f.record_state() != Some(&RecordState::Archived))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_securityhub::types::{Note, Workflow, WorkflowStatus};
    use time::macros::datetime;

    fn existing(id: &str, updated_at: &str) -> AwsSecurityFinding {
        AwsSecurityFinding::builder()
            .id(id)
            .updated_at(updated_at)
            .record_state(RecordState::Active)
            .workflow(
                Workflow::builder()
                    .status(WorkflowStatus::Suppressed)
                    .build(),
            )
            .note(Note::builder().text("accepted risk").build())
            .user_defined_fields("owner", "team-a")
            .product_fields("qualys/QID", "12345")
            .product_fields("aws/securityhub/FindingId", "arn:…")
            .processed_at("2024-05-01T10:00:05.000Z")
            .build()
    }

    #[test]
    fn archive_sets_state_and_a_newer_updated_at_and_strips_customer_fields() {
        let old = existing("a", "2024-05-01T10:00:00.000Z");
        let archived = archive(&old, datetime!(2024-05-03 08:00:00 UTC));
        assert_eq!(archived.record_state(), Some(&RecordState::Archived));
        assert_eq!(archived.updated_at(), Some("2024-05-03T08:00:00.000Z"));
        assert!(archived.workflow().is_none() && archived.note().is_none());
        assert!(archived.user_defined_fields().is_none());
        assert!(archived.processed_at().is_none());
        let fields = archived.product_fields().unwrap();
        assert_eq!(fields.get("qualys/QID").map(String::as_str), Some("12345"));
        assert!(!fields.contains_key("aws/securityhub/FindingId"));
        assert_eq!(archived.id(), Some("a"));
    }

    #[test]
    fn archive_never_reuses_an_updated_at_that_is_not_newer() {
        let old = existing("a", "2024-05-01T10:00:00.000Z");
        let archived = archive(&old, datetime!(2024-05-01 09:59:00 UTC));
        assert_eq!(archived.updated_at(), Some("2024-05-01T10:00:01.000Z"));
    }

    #[test]
    fn stale_ids_are_existing_minus_current_sorted_and_unique() {
        let stale = stale_ids(["c", "a", "b", "a"], vec!["b".to_string()]);
        assert_eq!(stale, ["a", "c"]);
        assert!(stale_ids(["a"], ["a"]).is_empty());
        assert!(stale_ids(Vec::<String>::new(), ["a"]).is_empty());
    }

    #[test]
    fn already_archived_findings_are_not_archived_again() {
        let mut gone = existing("gone", "2024-05-01T10:00:00.000Z");
        gone.record_state = Some(RecordState::Archived);
        let all = [
            existing("kept", "2024-05-01T10:00:00.000Z"),
            existing("fixed", "2024-05-01T10:00:00.000Z"),
            gone,
        ];
        let picked: Vec<_> = findings_to_archive(&all, ["kept"])
            .into_iter()
            .filter_map(|f| f.id())
            .collect();
        assert_eq!(picked, ["fixed"]);
        let deleted: Vec<_> = findings_to_archive(&all, Vec::<String>::new())
            .into_iter()
            .filter_map(|f| f.id())
            .collect();
        assert_eq!(deleted, ["kept", "fixed"]);
    }
}
