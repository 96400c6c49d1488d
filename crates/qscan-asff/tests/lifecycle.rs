//! What the reporter does with findings after building them: find the stale
//! ones, archive them, and send everything in API-sized batches.

mod common;

use aws_sdk_securityhub::types::{AwsSecurityFinding, RecordState, Workflow, WorkflowStatus};
use common::*;
use qscan_asff::{
    archive, batches, findings_for, findings_to_archive, limits, stale_ids, MAX_BATCH,
};
use time::macros::datetime;

/// A finding as `GetFindings` returns it after a customer suppressed it.
fn as_read_back(f: &AwsSecurityFinding) -> AwsSecurityFinding {
    let mut f = f.clone();
    f.workflow = Some(
        Workflow::builder()
            .status(WorkflowStatus::Suppressed)
            .build(),
    );
    f.product_fields
        .get_or_insert_with(Default::default)
        .insert(
            "aws/securityhub/FindingId".into(),
            "arn:aws:securityhub:…".into(),
        );
    f
}

#[test]
fn fixed_vulnerabilities_are_archived_and_the_rest_left_alone() {
    let before = findings_for(&outcome(image_function())).unwrap();
    let mut rescan = outcome(image_function());
    rescan.scanned_at = datetime!(2024-05-08 10:00:00 UTC);
    rescan.findings.remove(0); // gnutls upgraded: both of its CVEs are gone
    let current: Vec<String> = findings_for(&rescan)
        .unwrap()
        .iter()
        .map(|f| f.id().unwrap().to_owned())
        .collect();
    let existing: Vec<_> = before.iter().map(as_read_back).collect();

    let stale = stale_ids(existing.iter().filter_map(|f| f.id()), &current);
    assert_eq!(stale.len(), 2);
    assert!(stale.iter().all(|id| id.contains("/libgnutls30")));

    let to_archive = findings_to_archive(&existing, &current);
    assert_eq!(to_archive.len(), 2);
    for old in to_archive {
        let archived = archive(old, rescan.scanned_at);
        assert_eq!(archived.id(), old.id());
        assert_eq!(archived.record_state(), Some(&RecordState::Archived));
        assert_eq!(archived.updated_at(), Some("2024-05-08T10:00:00.000Z"));
        assert!(archived.updated_at() > old.updated_at());
        assert!(
            archived.workflow().is_none(),
            "customer's workflow must not be sent"
        );
        assert!(!archived
            .product_fields()
            .unwrap()
            .contains_key("aws/securityhub/FindingId"));
        // Everything else is as the console last showed it.
        assert_eq!(archived.title(), old.title());
        assert_eq!(archived.resources(), old.resources());
        limits::validate(&archived).unwrap();
    }
}

#[test]
fn archiving_with_a_clock_behind_the_finding_still_moves_updated_at_forward() {
    let old = as_read_back(&findings_for(&outcome(zip_function())).unwrap()[0]);
    let archived = archive(&old, datetime!(2024-05-01 09:00:00 UTC));
    assert_eq!(old.updated_at(), Some("2024-05-01T10:00:00.250Z"));
    assert_eq!(archived.updated_at(), Some("2024-05-01T10:00:01.250Z"));
}

#[test]
fn a_deleted_function_archives_all_its_active_findings() {
    let existing = findings_for(&outcome(image_function())).unwrap();
    assert_eq!(
        findings_to_archive(&existing, Vec::<String>::new()).len(),
        existing.len()
    );
}

#[test]
fn many_findings_go_out_in_batches_of_at_most_100() {
    let mut o = outcome(zip_function());
    let template = gnutls();
    o.findings = (0..250)
        .map(|n| {
            let mut v = template.clone();
            v.cves = vec![format!("CVE-2024-{}", 10_000 + n)];
            v
        })
        .collect();
    let findings = findings_for(&o).unwrap();
    assert_eq!(findings.len(), 250);
    let sizes: Vec<usize> = batches(findings).iter().map(Vec::len).collect();
    assert_eq!(sizes, [MAX_BATCH, MAX_BATCH, 50]);
}
