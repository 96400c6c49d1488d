//! The sweep against the emulator's Lambda (`ListFunctions` over HTTP), with
//! a recording dispatcher that fails for chosen functions: the sweep carries
//! on past them, names them, and resumes without dispatching the rest again.

mod support;

use forwarder::metrics::SWEEP_DISPATCH_FAILURES;
use forwarder::sweep::MAX_CONSECUTIVE_FAILURES;
use forwarder::{ForwarderError, Summary};
use qscan_testkit::stack::create_zip_function;
use qscan_testkit::Emulator;
use serde_json::{json, Value};
use support::{forwarder_with, Recorder};

/// Function names as they would sort, created in another order.
const NAMES: [&str; 6] = ["fn-c", "fn-a", "fn-f", "fn-b", "fn-e", "fn-d"];

async fn emulator_with_functions(names: &[&str]) -> (Emulator, aws_config::SdkConfig) {
    let emulator = Emulator::start().await.unwrap();
    let sdk = emulator.sdk_config().await;
    // The role create_zip_function names must exist for Lambda to take it.
    aws_sdk_iam::Client::new(&sdk)
        .create_role()
        .role_name("orders-api-role")
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await
        .unwrap();
    for name in names {
        create_zip_function(&sdk, name).await.unwrap();
    }
    (emulator, sdk)
}

fn dispatched(recorder: &Recorder) -> Vec<String> {
    recorder
        .scans()
        .iter()
        .map(|m| m["function"]["name"].as_str().unwrap().to_owned())
        .collect()
}

fn report(summary: &Summary) -> Value {
    serde_json::to_value(summary.sweep.as_ref().expect("a sweep report")).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn sweep_carries_on_past_a_failed_dispatch_and_resumes_from_the_first_failure() {
    let (_emulator, sdk) = emulator_with_functions(&NAMES).await;

    let f = forwarder_with(Recorder::failing_for(&["fn-c"]), &sdk, None);
    let summary = f
        .handle(json!({"type": "sweep", "version": 1}))
        .await
        .expect("a partly failed sweep succeeds: a retry would redo what worked");
    assert_eq!(
        dispatched(&f.dispatch),
        ["fn-a", "fn-b", "fn-d", "fn-e", "fn-f"]
    );
    let report = report(&summary);
    assert_eq!(report["listed"], 6);
    assert_eq!(report["dispatched"], 5);
    assert_eq!(report["complete"], false);
    assert_eq!(report["failed"][0]["retryable"], true);
    assert!(report["failed"][0]["function"]
        .as_str()
        .unwrap()
        .ends_with(":function:fn-c"));
    assert!(report["failed"][0]["error"]
        .as_str()
        .unwrap()
        .contains("TooManyRequestsException"));
    // Everything up to fn-b was handled; resuming redoes fn-c onwards only.
    assert_eq!(report["resume_after"], "fn-b");
    assert_eq!(
        report["resume"],
        json!({"type": "sweep", "version": 1, "resume_after": "fn-b"})
    );
    let metrics = f.metrics.recorded();
    assert_eq!(metrics.len(), 1);
    assert_eq!(metrics[0][SWEEP_DISPATCH_FAILURES], 1);

    let resumed = forwarder_with(Recorder::default(), &sdk, None);
    let summary = resumed.handle(report["resume"].clone()).await.unwrap();
    assert_eq!(
        dispatched(&resumed.dispatch),
        ["fn-c", "fn-d", "fn-e", "fn-f"]
    );
    let report = self::report(&summary);
    assert_eq!(report["complete"], true);
    assert_eq!(report["resume_after"], Value::Null);
    assert!(report.get("resume").is_none());
    assert!(resumed.metrics.recorded().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn sweep_where_every_dispatch_failed_is_an_error_naming_them_for_a_retry() {
    let (_emulator, sdk) = emulator_with_functions(&NAMES[..3]).await;
    let f = forwarder_with(
        Recorder {
            fail_all: true,
            ..Recorder::default()
        },
        &sdk,
        None,
    );
    let err = f
        .handle(json!({"type": "sweep", "version": 1}))
        .await
        .unwrap_err();
    assert!(matches!(err, ForwarderError::Sweep(_)), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("sweep dispatched nothing: 3 failed"),
        "{text}"
    );
    for name in ["fn-a", "fn-c", "fn-f"] {
        assert!(text.contains(&format!(":function:{name}: ")), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sweep_stops_after_too_many_failures_in_a_row_and_says_where_to_resume() {
    let names: Vec<String> = (0..MAX_CONSECUTIVE_FAILURES + 3)
        .map(|i| format!("g-{i:02}"))
        .collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let (_emulator, sdk) = emulator_with_functions(&name_refs).await;
    // The first one works, then everything fails.
    let failing: Vec<&str> = name_refs[1..].to_vec();
    let f = forwarder_with(Recorder::failing_for(&failing), &sdk, None);
    let summary = f
        .handle(json!({"type": "sweep", "version": 1}))
        .await
        .unwrap();
    let report = report(&summary);
    assert_eq!(report["dispatched"], 1);
    assert_eq!(
        report["failed"].as_array().unwrap().len(),
        MAX_CONSECUTIVE_FAILURES
    );
    assert!(report["stopped"]
        .as_str()
        .unwrap()
        .contains("failed in a row"));
    assert_eq!(report["resume_after"], "g-00");
}

#[tokio::test(flavor = "multi_thread")]
async fn sweep_listing_failure_is_an_error_before_anything_is_dispatched() {
    // Nothing listens on the endpoint: ListFunctions fails.
    let f = forwarder_with(
        Recorder::default(),
        &support::offline_sdk("http://127.0.0.1:9"),
        None,
    );
    let err = f
        .handle(json!({"type": "sweep", "version": 1}))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("sweep could not list functions"),
        "{err}"
    );
    assert!(f.dispatch.nothing_sent());
}
