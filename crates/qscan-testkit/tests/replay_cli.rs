//! `qscan replay EVENT`: the three handlers in one process against whatever
//! `AWS_ENDPOINT_URL` names (here the emulator), QScanner from
//! `QSCANNER_BIN`. Exit 0 with the findings printed; exit 1 when the scan
//! failed.

use std::process::{Command, Output};

use qscan_testkit::paths::{built_binary, workspace_root};
use qscan_testkit::{DemoStack, Emulator, StackOptions};

fn replay(emulator: &Emulator, stack: &DemoStack, extra: &[(&str, &str)]) -> Output {
    Command::new(built_binary("qscan").unwrap())
        .arg("replay")
        .arg(
            workspace_root().join("bins/forwarder/tests/fixtures/events/create-image-by-name.json"),
        )
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(emulator.lambda_env())
        .env("QUALYS_SECRET_ARN", &stack.secret_arn)
        .env("RESULTS_S3_BUCKET", &stack.bucket)
        .env("SNS_TOPIC_ARN", &stack.topic_arn)
        // Relative on purpose: it must work from any working directory.
        .env("QSCANNER_BIN", "target/debug/qscanner-standin")
        .current_dir(workspace_root())
        .envs(extra.iter().copied())
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn replay_runs_the_pipeline_in_process_and_fails_when_the_scan_fails() {
    let emulator = Emulator::start().await.unwrap();
    let sdk = emulator.sdk_config().await;
    let stack = DemoStack::create(&sdk, &StackOptions::default())
        .await
        .unwrap();

    let ok = replay(&emulator, &stack, &[]);
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        stdout.contains("decision: scan arn:aws:lambda:us-east-1:123456789012:function:orders-api"),
        "{stdout}"
    );
    assert!(
        stdout.contains("10 active findings in Security Hub"),
        "{stdout}"
    );
    assert!(stdout.contains("CVE-2023-45853"), "{stdout}");

    let failed = replay(&emulator, &stack, &[("QSCANNER_STANDIN_NO_REPORT", "1")]);
    assert_eq!(
        failed.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&failed.stdout)
    );
    assert!(String::from_utf8_lossy(&failed.stderr).contains("a scan failed"));
}
