//! The policy object in S3 (against the emulator): a missing or invalid
//! object fails a cold start loudly; a later invalid version keeps the last
//! good policy; a valid change is picked up.

use std::time::Duration;

use qscan_aws::{PolicyLoadError, PolicyStore, S3Uri};
use qscan_policy::{ScanAction, Subject};
use qscan_testkit::Emulator;

const SKIP_SANDBOXES: &str = "version = 1\n[[skip]]\nname = \"sandboxes\"\nreason = \"rebuilt nightly\"\nfunctions = [\"sandbox-*\"]\n";
const BROKEN: &str = "version = 1\n[[skip]]\nname = \"sandboxes\"\nreason = \"rebuilt nightly\"\nfunctoins = [\"sandbox-*\"]\n";

async fn put(client: &aws_sdk_s3::Client, body: &str) {
    client
        .put_object()
        .bucket("config")
        .key("policy.toml")
        .body(body.as_bytes().to_vec().into())
        .send()
        .await
        .unwrap();
}

fn skips_sandbox(policy: &qscan_policy::Policy) -> bool {
    let id = qscan_contracts::FunctionId::parse("sandbox-1", "123456789012", "us-east-1").unwrap();
    matches!(
        policy.decide(&Subject::from_id(&id)).action,
        ScanAction::Skip {
            rule: "sandboxes",
            ..
        }
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn cold_start_fails_loudly_then_refresh_keeps_the_last_good_policy() {
    let emulator = Emulator::start().await.unwrap();
    let sdk = emulator.sdk_config().await;
    let s3 = aws_sdk_s3::Client::new(&sdk);
    s3.create_bucket().bucket("config").send().await.unwrap();
    let uri: S3Uri = "s3://config/policy.toml".parse().unwrap();

    let missing = PolicyStore::from_s3(s3.clone(), uri.clone(), Duration::ZERO)
        .await
        .unwrap_err();
    assert!(matches!(missing, PolicyLoadError::Read { .. }), "{missing}");
    assert!(
        missing.to_string().contains("s3://config/policy.toml"),
        "{missing}"
    );

    put(&s3, BROKEN).await;
    let invalid = PolicyStore::from_s3(s3.clone(), uri.clone(), Duration::ZERO)
        .await
        .unwrap_err();
    assert!(
        invalid.to_string().contains("s3://config/policy.toml:5:1"),
        "{invalid}"
    );

    put(&s3, SKIP_SANDBOXES).await;
    let store = PolicyStore::from_s3(s3.clone(), uri, Duration::ZERO)
        .await
        .unwrap();
    assert!(skips_sandbox(&*store.current().await));

    put(&s3, BROKEN).await;
    assert!(
        skips_sandbox(&*store.current().await),
        "an invalid update keeps the last good policy"
    );

    put(&s3, "version = 1\n").await;
    assert!(
        !skips_sandbox(&*store.current().await),
        "a valid update is picked up"
    );
}
