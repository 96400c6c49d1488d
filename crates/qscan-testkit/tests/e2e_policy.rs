//! End to end: the policy object in S3 decides what is scanned, what
//! reaches Security Hub and what alerts, and a changed object takes effect
//! without restarting anything.

use qscan_testkit::paths::workspace_root;
use qscan_testkit::stack::put_policy;
use qscan_testkit::{LocalPipeline, StackOptions};
use serde_json::{json, Value};

/// Skip sandboxes, report LOW and up, ignore one zlib CVE until `expires`,
/// alert at `alert`.
fn policy(alert: &str, expires: &str) -> String {
    format!(
        r#"
version = 1
[defaults]
report_min_severity = "LOW"
alert_min_severity = "{alert}"

[[skip]]
name = "sandboxes"
reason = "sandboxes are rebuilt nightly from scanned images"
functions = ["sandbox-*"]

[[ignore]]
name = "zlib-no-untrusted-archives"
vulnerabilities = ["CVE-2023-45853"]
reason = "the function never inflates untrusted archives"
expires = {expires}
"#
    )
}

fn create_event(function: &str) -> Value {
    let path =
        workspace_root().join("bins/forwarder/tests/fixtures/events/create-image-by-name.json");
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace("orders-api", function);
    serde_json::from_str(&text).unwrap()
}

fn vulnerability_ids(findings: &[aws_sdk_securityhub::types::AwsSecurityFinding]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.record_state() != Some(&aws_sdk_securityhub::types::RecordState::Archived))
        .flat_map(|f| {
            f.vulnerabilities()
                .iter()
                .filter_map(|v| v.id().map(str::to_owned))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn policy_object_decides_scans_findings_and_alerts_and_changes_apply_live() {
    let options = StackOptions {
        policy: Some(policy("CRITICAL", "2099-12-31")),
        ..StackOptions::default()
    };
    let pipeline = LocalPipeline::start(&options, &[]).await.unwrap();

    // A function matching a skip glob is not scanned; the log names the rule.
    let answer = pipeline
        .send_to_forwarder(&create_event("sandbox-orders"))
        .await
        .unwrap();
    assert_eq!(
        answer.payload["decisions"][0]["action"], "skip",
        "{}",
        answer.payload
    );
    assert!(answer.payload["decisions"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("sandboxes"));
    assert!(
        pipeline.lambdas.logs("forwarder").contains("sandboxes"),
        "decision logged with its rule"
    );
    assert!(
        pipeline.result_keys().await.unwrap().is_empty(),
        "nothing scanned"
    );

    // Under the minimum severity and ignored: never in Security Hub; the
    // most severe visible finding (HIGH) is under the CRITICAL alert bar.
    let answer = pipeline
        .send_to_forwarder(&create_event("orders-api"))
        .await
        .unwrap();
    assert_eq!(
        answer.payload["decisions"][0]["action"], "scan",
        "{}",
        answer.payload
    );
    let ids = vulnerability_ids(&pipeline.findings().await.unwrap());
    assert_eq!(ids.len(), 8, "{ids:?}");
    assert!(
        !ids.iter().any(|id| id == "QID-105236"),
        "INFORMATIONAL below LOW must not be reported"
    );
    assert!(
        !ids.iter().any(|id| id == "CVE-2023-45853"),
        "ignored CVE must not be reported"
    );
    assert!(
        pipeline.alerts().await.unwrap().is_empty(),
        "no alert below the threshold"
    );
    let stored = pipeline
        .read_result("latest/123456789012/us-east-1/orders-api.json")
        .await
        .unwrap();
    assert_eq!(
        stored["findings"].as_array().unwrap().len(),
        6,
        "S3 keeps the full report"
    );

    // The merged change lands in S3: same processes, new decisions.
    // The ignore has expired, and HIGH now alerts.
    put_policy(&pipeline.sdk, &policy("HIGH", "2020-01-31"))
        .await
        .unwrap();
    let manual = json!({"type": "manual_scan", "version": 1, "function": "orders-api"});
    let answer = pipeline.send_to_forwarder(&manual).await.unwrap();
    assert_eq!(answer.function_error, None, "{}", answer.payload);
    let ids = vulnerability_ids(&pipeline.findings().await.unwrap());
    assert!(
        ids.iter().any(|id| id == "CVE-2023-45853"),
        "expired ignore applies no more: {ids:?}"
    );
    assert_eq!(ids.len(), 9);
    let alerts = pipeline.alerts().await.unwrap();
    assert_eq!(
        alerts.len(),
        1,
        "alert at the new HIGH threshold: {alerts:?}"
    );
    assert_eq!(
        alerts[0]["MessageAttributes"]["max_severity"]["Value"],
        "CRITICAL"
    );
}
