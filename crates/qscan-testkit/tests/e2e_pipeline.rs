//! End to end: a CloudTrail `CreateFunction20150331` event through the
//! forwarder, scanner and reporter binaries running under the Lambda Runtime
//! API emulator, against moto. Asserts what lands in Security Hub, S3 and
//! SNS, that a replay does not duplicate, and that the Qualys token never
//! reaches argv or logs.

use std::process::Command;

use qscan_testkit::paths::venv_bin;
use qscan_testkit::{LocalPipeline, StackOptions, ACCOUNT, REGION};
use serde_json::Value;

fn create_event() -> Value {
    let path = qscan_testkit::paths::workspace_root()
        .join("bins/forwarder/tests/fixtures/events/create-image-by-name.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// (vulnerability id, package) → severity label, from the stand-in's
/// `mixed` fixture (tools/qscanner-standin/fixtures/README.md): one finding
/// per CVE per package; a QID without CVE is `QID-<qid>`.
const EXPECTED: [(&str, &str, &str); 10] = [
    ("CVE-2023-45853", "zlib1g", "CRITICAL"),
    ("CVE-2024-5535", "openssl", "HIGH"),
    ("CVE-2024-6119", "openssl", "HIGH"),
    ("CVE-2024-5535", "libssl3", "HIGH"),
    ("CVE-2024-6119", "libssl3", "HIGH"),
    ("CVE-2024-6345", "setuptools", "HIGH"),
    ("CVE-2024-28834", "libgnutls30", "MEDIUM"),
    ("CVE-2024-28835", "libgnutls30", "MEDIUM"),
    ("CVE-2024-35195", "requests", "LOW"),
    ("QID-105236", "libdb5.3", "INFORMATIONAL"),
];

#[tokio::test(flavor = "multi_thread")]
async fn create_event_lands_in_security_hub_s3_and_sns_without_duplicates_or_leaks() {
    let options = StackOptions::default();
    let pipeline = LocalPipeline::start(&options, &[]).await.unwrap();
    let function_arn = format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders-api");
    assert_eq!(pipeline.stack.function_arn, function_arn);

    let answer = pipeline.send_to_forwarder(&create_event()).await.unwrap();
    assert_eq!(
        answer.function_error, None,
        "forwarder failed: {}",
        answer.payload
    );
    assert_eq!(
        answer.payload["decisions"][0]["action"], "scan",
        "{}",
        answer.payload
    );

    // Security Hub: one finding per (function, vulnerability, package).
    let findings = pipeline.findings().await.unwrap();
    assert_eq!(
        findings.len(),
        EXPECTED.len(),
        "finding ids: {:?}",
        findings.iter().map(|f| f.id()).collect::<Vec<_>>()
    );
    for (vuln, package, label) in EXPECTED {
        let finding = findings
            .iter()
            .find(|f| {
                f.vulnerabilities().iter().any(|v| {
                    v.id() == Some(vuln)
                        && v.vulnerable_packages()
                            .iter()
                            .any(|p| p.name() == Some(package))
                })
            })
            .unwrap_or_else(|| panic!("no finding for {vuln} in {package}"));
        let severity = finding.severity().unwrap();
        assert_eq!(
            severity.label().map(|l| l.as_str()),
            Some(label),
            "{vuln} {package}"
        );
        assert!(finding
            .id()
            .unwrap()
            .starts_with(&format!("{function_arn}/qscanner/{vuln}/{package}")));
        assert_eq!(finding.resources()[0].id(), Some(function_arn.as_str()));
        assert_eq!(finding.resources()[0].r#type(), Some("AwsLambdaFunction"));
        assert_eq!(finding.aws_account_id(), Some(ACCOUNT));
        assert_eq!(finding.schema_version(), Some("2018-10-08"));
        for (field, present) in [
            ("ProductArn", finding.product_arn().is_some()),
            ("GeneratorId", finding.generator_id().is_some()),
            ("Types", !finding.types().is_empty()),
            ("CreatedAt", finding.created_at().is_some()),
            ("UpdatedAt", finding.updated_at().is_some()),
            ("Title", finding.title().is_some()),
            (
                "Description",
                finding.description().is_some_and(|d| !d.is_empty()),
            ),
        ] {
            assert!(present, "{field} missing on {vuln} {package}");
        }
    }
    let digest = pipeline.stack.image_digest.clone();
    assert!(
        findings.iter().all(|f| f
            .resources()
            .iter()
            .any(|r| r.id().is_some_and(|id| id.ends_with(&digest)))),
        "image resource carries the deployed digest {digest}"
    );

    // Botocore's own validation of BatchImportFindings parameters, on the
    // findings exactly as stored.
    let validate = Command::new(venv_bin("python").unwrap())
        .arg(
            qscan_testkit::paths::workspace_root()
                .join("crates/qscan-testkit/scripts/validate_asff.py"),
        )
        .arg(pipeline.emulator.endpoint())
        .arg(&function_arn)
        .output()
        .unwrap();
    assert!(
        validate.status.success(),
        "botocore validation failed:\n{}{}",
        String::from_utf8_lossy(&validate.stdout),
        String::from_utf8_lossy(&validate.stderr)
    );
    assert!(String::from_utf8_lossy(&validate.stdout).contains("10 findings valid"));

    // S3: the scan object and the latest pointer.
    let keys = pipeline.result_keys().await.unwrap();
    let scan_keys: Vec<_> = keys
        .iter()
        .filter(|k| k.starts_with(&format!("scans/{ACCOUNT}/{REGION}/orders-api/")))
        .collect();
    assert_eq!(scan_keys.len(), 1, "{keys:?}");
    assert!(
        keys.contains(&format!("latest/{ACCOUNT}/{REGION}/orders-api.json")),
        "{keys:?}"
    );
    let stored = pipeline.read_result(scan_keys[0]).await.unwrap();
    assert_eq!(stored["status"]["state"], "succeeded");
    assert_eq!(
        stored["findings"].as_array().unwrap().len(),
        6,
        "six QIDs in the fixture"
    );
    assert_eq!(
        stored["function"]["resolved_image_uri"]
            .as_str()
            .unwrap()
            .rsplit('@')
            .next(),
        Some(digest.as_str())
    );

    // SNS, read through the SQS subscription.
    let alerts = pipeline.alerts().await.unwrap();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let attributes = &alerts[0]["MessageAttributes"];
    assert_eq!(attributes["max_severity"]["Value"], "CRITICAL");
    assert_eq!(attributes["function"]["Value"], "orders-api");
    let summary: Value = serde_json::from_str(alerts[0]["Message"].as_str().unwrap()).unwrap();
    assert_eq!(summary["counts"]["CRITICAL"], 1);
    assert_eq!(summary["results_key"], scan_keys[0].as_str());

    // Replaying the event keeps the same finding ids and adds none.
    let first_ids: std::collections::BTreeSet<_> = findings
        .iter()
        .map(|f| f.id().unwrap().to_owned())
        .collect();
    let again = pipeline.send_to_forwarder(&create_event()).await.unwrap();
    assert_eq!(again.function_error, None, "{}", again.payload);
    let replayed = pipeline.findings().await.unwrap();
    let second_ids: std::collections::BTreeSet<_> = replayed
        .iter()
        .map(|f| f.id().unwrap().to_owned())
        .collect();
    assert_eq!(first_ids, second_ids);
    assert_eq!(replayed.len(), EXPECTED.len());

    // The token is in the secret, and nowhere else.
    let record = std::fs::read_to_string(&pipeline.qscanner_record).unwrap();
    let record: Value = serde_json::from_str(&record).unwrap();
    let argv = record["argv"].to_string();
    assert!(argv.contains("image") && argv.contains("--pod"), "{argv}");
    assert!(
        !argv.contains(&options.qualys_token),
        "token on argv: {argv}"
    );
    assert!(
        record.to_string().contains("QUALYS_ACCESS_TOKEN"),
        "token handed by environment"
    );
    for function in ["forwarder", "scanner", "reporter"] {
        let logs = pipeline.lambdas.logs(function);
        assert!(!logs.is_empty(), "{function} logged nothing");
        assert!(
            !logs.contains(&options.qualys_token),
            "token in {function} logs"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn zip_functions_are_scanned_with_the_lambda_command_and_the_functions_credentials() {
    let pipeline = LocalPipeline::start(&StackOptions::default(), &[])
        .await
        .unwrap();
    let arn = qscan_testkit::stack::create_zip_function(&pipeline.sdk, "billing-worker")
        .await
        .unwrap();
    let manual =
        serde_json::json!({"type": "manual_scan", "version": 1, "function": "billing-worker"});
    let answer = pipeline.send_to_forwarder(&manual).await.unwrap();
    assert_eq!(answer.function_error, None, "{}", answer.payload);

    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(&pipeline.qscanner_record).unwrap()).unwrap();
    let argv: Vec<&str> = record["argv"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        &argv[argv.len() - 2..],
        ["lambda", arn.as_str()],
        "{argv:?}"
    );
    let env_names = record.to_string();
    for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"] {
        assert!(
            env_names.contains(name),
            "{name} handed to QScanner explicitly: {env_names}"
        );
    }
    let stored = pipeline
        .read_result(&format!("latest/{ACCOUNT}/{REGION}/billing-worker.json"))
        .await
        .unwrap();
    assert_eq!(stored["status"]["state"], "succeeded");
    assert_eq!(stored["function"]["package_type"], "Zip");
    assert_eq!(
        stored["scanner"]["target"].as_str().unwrap(),
        format!("lambda {arn}")
    );
}
