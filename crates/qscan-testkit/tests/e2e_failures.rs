//! End to end: a QScanner that fails, hangs or writes no report yields a
//! failed outcome naming the cause (in S3 and on SNS), nothing in Security
//! Hub, an error to Lambda when a retry may help, and no leaked token.

use qscan_testkit::{LocalPipeline, StackOptions, ACCOUNT, REGION};
use serde_json::{json, Value};

fn scan_request() -> Value {
    json!({
        "version": 1,
        "request_id": "manual-failure-test",
        "function": {
            "arn": format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders-api"),
            "name": "orders-api",
            "account": ACCOUNT,
            "region": REGION
        },
        "trigger": "manual",
        "requested_at": "2026-11-29T10:00:00Z"
    })
}

struct Failure {
    invocation_error: Option<String>,
    stored: Value,
    alert: Value,
    pipeline: LocalPipeline,
}

async fn run_failing_scan(env: &[(&str, &str)]) -> Failure {
    let pipeline = LocalPipeline::start(&StackOptions::default(), env)
        .await
        .unwrap();
    let answer = pipeline
        .lambdas
        .invoke(&pipeline.sdk, "scanner", &scan_request())
        .await
        .unwrap();
    assert!(
        pipeline.findings().await.unwrap().is_empty(),
        "a failed scan must not create findings"
    );
    let keys = pipeline.result_keys().await.unwrap();
    let scan_key = keys
        .iter()
        .find(|k| k.starts_with("scans/"))
        .expect("failed outcome stored in S3");
    let stored = pipeline.read_result(scan_key).await.unwrap();
    let alerts = pipeline.alerts().await.unwrap();
    assert_eq!(alerts.len(), 1, "one alert for the failure: {alerts:?}");
    Failure {
        invocation_error: answer.function_error,
        stored,
        alert: alerts[0].clone(),
        pipeline,
    }
}

fn assert_failed(failure: &Failure, cause: &str, retryable: bool, message_part: &str) {
    let status = &failure.stored["status"];
    assert_eq!(status["state"], "failed", "{status}");
    assert_eq!(status["cause"], cause, "{status}");
    assert_eq!(status["retryable"], retryable, "{status}");
    assert!(
        status["message"].as_str().unwrap().contains(message_part),
        "{status}"
    );
    assert!(failure.stored["findings"].as_array().unwrap().is_empty());
    assert_eq!(
        failure.alert["MessageAttributes"]["status"]["Value"],
        "failed"
    );
    assert!(failure.alert["Subject"].as_str().unwrap().contains(cause));
    let expected_error = retryable.then(|| "ScanFailed".to_owned());
    assert_eq!(
        failure.invocation_error, expected_error,
        "Lambda retries only what may succeed"
    );
}

fn assert_token_absent(failure: &Failure) {
    let token = StackOptions::default().qualys_token;
    assert!(
        !failure.stored.to_string().contains(&token),
        "token in the S3 outcome"
    );
    assert!(
        !failure.alert.to_string().contains(&token),
        "token in the SNS alert"
    );
    let logs = failure.pipeline.lambdas.logs("scanner");
    assert!(!logs.contains(&token), "token in scanner logs");
}

#[tokio::test(flavor = "multi_thread")]
async fn non_zero_exit_is_a_retryable_failure_naming_the_exit_code() {
    // Exit 6: "scan artifact failed (image)"; the stand-in also echoes the
    // credentials it got to stderr, which must be scrubbed from the message.
    let failure = run_failing_scan(&[
        ("QSCANNER_STANDIN_EXIT_CODE", "6"),
        ("QSCANNER_STANDIN_NO_REPORT", "1"),
        ("QSCANNER_STANDIN_ECHO_SECRETS", "1"),
    ])
    .await;
    assert_failed(&failure, "exit_code", true, "6");
    assert_token_absent(&failure);
}

#[tokio::test(flavor = "multi_thread")]
async fn hanging_qscanner_is_killed_at_the_timeout() {
    let failure = run_failing_scan(&[
        ("SCAN_TIMEOUT", "2"),
        ("QSCANNER_STANDIN_SLEEP_SECS", "120"),
    ])
    .await;
    assert_failed(&failure, "timeout", true, "2s");
    assert_token_absent(&failure);
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_report_is_a_permanent_failure_not_an_empty_result() {
    let failure = run_failing_scan(&[("QSCANNER_STANDIN_NO_REPORT", "1")]).await;
    assert_failed(&failure, "no_report", false, "report");
    assert_token_absent(&failure);
}

#[tokio::test(flavor = "multi_thread")]
async fn unparseable_report_is_a_failure_naming_the_file() {
    let failure = run_failing_scan(&[("QSCANNER_STANDIN_GARBAGE_REPORT", "1")]).await;
    assert_failed(&failure, "unparseable_report", false, "Report.sarif.json");
}
