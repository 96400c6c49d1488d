//! End to end: findings follow the function's life. A rescan that no
//! longer sees a vulnerability archives its finding; a later scan that sees
//! it again reactivates the same `Id`; deleting the function archives all.

use std::collections::BTreeSet;

use aws_sdk_securityhub::types::RecordState;
use qscan_testkit::paths::workspace_root;
use qscan_testkit::{LocalPipeline, StackOptions};
use serde_json::{json, Value};

fn fixture_event(name: &str) -> Value {
    let path = workspace_root().join(format!("bins/forwarder/tests/fixtures/events/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn use_report(target: &std::path::Path, fixture: &str) {
    let source = workspace_root().join(format!(
        "tools/qscanner-standin/fixtures/{fixture}.sarif.json"
    ));
    std::fs::copy(source, target).unwrap();
}

async fn states(pipeline: &LocalPipeline) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut active = BTreeSet::new();
    let mut archived = BTreeSet::new();
    for finding in pipeline.findings().await.unwrap() {
        let id = finding.id().unwrap().to_owned();
        match finding.record_state() {
            Some(RecordState::Archived) => archived.insert(id),
            _ => active.insert(id),
        };
    }
    (active, archived)
}

#[tokio::test(flavor = "multi_thread")]
async fn rescans_archive_what_is_gone_and_delete_archives_everything() {
    let reports = tempfile::tempdir().unwrap();
    let report = reports.path().join("current.sarif.json");
    use_report(&report, "mixed");
    let report_path = report.display().to_string();
    let pipeline = LocalPipeline::start(
        &StackOptions::default(),
        &[("QSCANNER_STANDIN_FIXTURE", &report_path)],
    )
    .await
    .unwrap();
    let manual = json!({"type": "manual_scan", "version": 1, "function": "orders-api"});

    let answer = pipeline
        .send_to_forwarder(&fixture_event("create-image-by-name"))
        .await
        .unwrap();
    assert_eq!(answer.function_error, None, "{}", answer.payload);
    let (first, archived) = states(&pipeline).await;
    assert_eq!((first.len(), archived.len()), (10, 0));

    // The image is rebuilt clean: every finding is archived, none deleted.
    use_report(&report, "clean");
    let answer = pipeline.send_to_forwarder(&manual).await.unwrap();
    assert_eq!(answer.function_error, None, "{}", answer.payload);
    let (active, archived) = states(&pipeline).await;
    assert!(
        active.is_empty(),
        "still active after a clean scan: {active:?}"
    );
    assert_eq!(archived, first);

    // The vulnerable image comes back: the same Ids are active again.
    use_report(&report, "mixed");
    pipeline.send_to_forwarder(&manual).await.unwrap();
    let (active, archived) = states(&pipeline).await;
    assert_eq!(active, first);
    assert!(archived.is_empty());

    // A delete notice older than the latest scan (delivered late, or about
    // a previous function of the same name) leaves the findings alone.
    let answer = pipeline
        .send_to_forwarder(&fixture_event("delete"))
        .await
        .unwrap();
    assert_eq!(
        answer.payload["decisions"][0]["action"], "archive",
        "{}",
        answer.payload
    );
    let (active, _) = states(&pipeline).await;
    assert_eq!(
        active, first,
        "a stale delete must not archive newer findings"
    );

    // The function is deleted now: its findings are archived.
    let mut delete = fixture_event("delete");
    let now = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    delete["detail"]["eventTime"] = Value::from(now);
    let answer = pipeline.send_to_forwarder(&delete).await.unwrap();
    assert_eq!(
        answer.payload["decisions"][0]["action"], "archive",
        "{}",
        answer.payload
    );
    let (active, archived) = states(&pipeline).await;
    assert!(active.is_empty());
    assert_eq!(archived, first);
}
