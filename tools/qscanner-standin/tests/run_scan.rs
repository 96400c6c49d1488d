//! `qscan_qscanner::run_scan` against the real stand-in process: argv and
//! environment as the child saw them, exit codes, timeouts killing the whole
//! process group, missing and broken reports, and cleanup.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{image, spoke, Bench, ARN, AWS_SECRET, DIGEST, TOKEN};
use qscan_contracts::{ScanFailure, Severity};
use qscan_qscanner::{run_scan_with_parent_env, QualysCredentials, ScanError, Target, TAIL_BYTES};
use serde_json::Value;

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

/// Alive and not a zombie.
fn is_running(pid: u64) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => false,
        Ok(stat) => !matches!(
            stat.rsplit_once(") ").and_then(|(_, s)| s.chars().next()),
            Some('Z' | 'X')
        ),
    }
}

async fn wait_until_dead(pid: u64) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while is_running(pid) {
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    true
}

#[tokio::test]
async fn successful_image_scan_returns_findings_and_cleans_up() {
    let bench = Bench::new();
    let report = bench.scan(&image(), Some(&spoke()), &[]).await.unwrap();
    assert_eq!(report.exit_code, 0);
    assert_eq!(report.policy_verdict, None);
    assert_eq!(report.qscanner_version.as_deref(), Some("4.8.0"));
    let qids: Vec<&str> = report.findings.iter().map(|f| f.qid.as_str()).collect();
    assert_eq!(
        qids,
        ["181234", "180207", "376612", "181010", "376543", "105236"]
    );
    assert_eq!(report.findings[0].severity, Severity::Critical);
    assert_eq!(
        report.sarif["runs"][0]["properties"]["imageDigest"],
        format!("sha256:{DIGEST}")
    );
    let run = report.scanner_run(&image());
    assert!(run.target.starts_with("image 123456789012.dkr.ecr"));
    assert_eq!(run.exit_code, Some(0));

    assert_eq!(bench.leftovers(), Vec::<String>::new());
    let record = bench.record();
    let scan_root = Path::new(record["home"].as_str().unwrap())
        .parent()
        .unwrap()
        .to_path_buf();
    assert_eq!(scan_root.parent().unwrap(), bench.config.work_root);
    assert!(
        !scan_root.exists(),
        "per-scan dir {} survived",
        scan_root.display()
    );
    assert_eq!(
        record["tmpdir"].as_str().unwrap(),
        scan_root.join("tmp").to_str().unwrap()
    );
    assert_eq!(
        record["output_dir"].as_str().unwrap(),
        scan_root.join("out").to_str().unwrap()
    );
    assert_eq!(record["cwd"].as_str().unwrap(), scan_root.to_str().unwrap());
    // The cache is the one thing that persists.
    assert!(bench.config.cache_dir.join("standin-scans.log").is_file());
}

#[tokio::test]
async fn child_sees_exactly_the_documented_argv_and_environment() {
    let mut bench = Bench::new();
    bench.config.platform = Some("linux/arm64".into());
    bench.scan(&image(), Some(&spoke()), &[]).await.unwrap();
    let record = bench.record();
    let argv = strings(&record["argv"]);
    let out = format!(
        "{}/out",
        Path::new(record["home"].as_str().unwrap())
            .parent()
            .unwrap()
            .display()
    );
    let target = image();
    assert_eq!(
        argv,
        [
            "--pod",
            "US2",
            "--output-dir",
            &out,
            "--cache-dir",
            bench.config.cache_dir.to_str().unwrap(),
            "--scan-types",
            "pkg",
            "--format",
            "json",
            "--report-format",
            "sarif",
            "--scan-timeout",
            "30s",
            "--platform",
            "linux/arm64",
            "image",
            target.reference(),
        ]
    );
    assert!(!argv
        .iter()
        .any(|a| a.contains(TOKEN) || a.contains(AWS_SECRET)));
    assert_eq!(
        strings(&record["env_names"]),
        [
            "AWS_ACCESS_KEY_ID",
            "AWS_DEFAULT_REGION",
            "AWS_REGION",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "HOME",
            "PATH",
            "QSCANNER_STANDIN_RECORD",
            "QUALYS_ACCESS_TOKEN",
            "TMPDIR",
        ]
    );
}

#[tokio::test]
async fn lambda_target_runs_with_spoke_credentials_and_client_credentials() {
    let bench = Bench::new();
    let qualys = QualysCredentials::from_secret_json(
        r#"{"qualys_gateway_url":"https://gateway.example","qualys_client_id":"cid","qualys_client_secret":"cs"}"#,
    )
    .unwrap();
    let target = Target::Lambda { arn: ARN.into() };
    let report = run_scan_with_parent_env(
        &bench.config,
        &target,
        &qualys,
        Some(&spoke()),
        bench.parent(&[]),
    )
    .await
    .unwrap();
    assert_eq!(report.findings.len(), 6);
    let record = bench.record();
    let argv = strings(&record["argv"]);
    assert_eq!(&argv[..2], ["--gateway-url", "https://gateway.example"]);
    assert_eq!(&argv[argv.len() - 2..], ["lambda", ARN]);
    let credentials = strings(&record["credential_env_names"]);
    assert!(
        credentials.contains(&"QUALYS_CLIENT_SECRET")
            && !credentials.contains(&"QUALYS_ACCESS_TOKEN")
    );
    assert!(
        !credentials.contains(&"AWS_PROFILE"),
        "parent AWS identity leaked: {credentials:?}"
    );

    let missing = bench.scan(&target, None, &[]).await.unwrap_err();
    assert!(
        matches!(missing, ScanError::MissingAwsCredentials { .. }),
        "{missing:?}"
    );
}

#[tokio::test]
async fn variant_and_clean_fixtures_parse_and_version_falls_back_to_scan_result() {
    let bench = Bench::new();
    let variant = bench
        .scan(
            &image(),
            None,
            &[("QSCANNER_STANDIN_FIXTURE", "variant-keys")],
        )
        .await
        .unwrap();
    assert_eq!(variant.qscanner_version.as_deref(), Some("4.8.0-standin"));
    let requests = variant.findings.iter().find(|f| f.qid == "376543").unwrap();
    assert_eq!(requests.severity, Severity::Medium);
    let clean = bench
        .scan(&image(), None, &[("QSCANNER_STANDIN_FIXTURE", "clean")])
        .await
        .unwrap();
    assert!(clean.findings.is_empty());
    assert_eq!(clean.exit_code, 0);
}

#[tokio::test]
async fn non_zero_exit_is_a_failure_naming_the_code() {
    let bench = Bench::new();
    let error = bench
        .scan(&image(), None, &[("QSCANNER_STANDIN_EXIT_CODE", "6")])
        .await
        .unwrap_err();
    let ScanError::ExitCode {
        code,
        meaning,
        stderr_tail,
    } = &error
    else {
        panic!("expected ExitCode, got {error:?}");
    };
    assert_eq!((*code, *meaning), (6, "image artifact scan failed"));
    assert!(
        stderr_tail.ends_with("exiting with steered exit code 6"),
        "{stderr_tail}"
    );
    let failure = ScanFailure::from(&error);
    assert_eq!(
        (failure.cause.as_str(), failure.retryable),
        ("exit_code", true)
    );
    assert!(failure
        .message
        .starts_with("qscanner exited with code 6 (image artifact scan failed)"));
    assert_eq!(bench.leftovers(), Vec::<String>::new());

    let invalid = bench
        .scan(&image(), None, &[("QSCANNER_STANDIN_EXIT_CODE", "2")])
        .await
        .unwrap_err();
    assert!(matches!(invalid, ScanError::ExitCode { code: 2, .. }) && !invalid.retryable());
}

#[tokio::test]
async fn policy_verdicts_complete_only_in_evaluate_policy_mode() {
    let mut bench = Bench::new();
    let deny = [("QSCANNER_STANDIN_EXIT_CODE", "42")];
    let error = bench.scan(&image(), None, &deny).await.unwrap_err();
    assert!(
        matches!(error, ScanError::ExitCode { code: 42, .. }),
        "{error:?}"
    );
    bench.config.mode = qscan_contracts::ScanMode::EvaluatePolicy;
    bench.config.policy_tags = vec!["prod".into()];
    let report = bench.scan(&image(), None, &deny).await.unwrap();
    assert_eq!(
        (report.exit_code, report.policy_verdict.as_deref()),
        (42, Some("DENY"))
    );
    assert_eq!(report.findings.len(), 6);
    let argv = bench.record()["argv"].clone();
    assert!(strings(&argv)
        .windows(2)
        .any(|w| w == ["--policy-tags", "prod"]));
}

#[tokio::test]
async fn timeout_kills_the_whole_process_group() {
    let mut bench = Bench::new();
    bench.config.timeout = Duration::from_secs(1);
    let started = Instant::now();
    let error = bench
        .scan(&image(), None, &[("QSCANNER_STANDIN_SLEEP_SECS", "60")])
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        matches!(error, ScanError::Timeout { timeout, .. } if timeout == Duration::from_secs(1))
    );
    assert!(error.retryable() && error.to_string().contains("1s scan timeout"));
    let record = bench.record();
    let standin = record["pid"].as_u64().unwrap();
    let sleeper = record["sleeper_pid"].as_u64().unwrap();
    assert!(
        wait_until_dead(sleeper).await,
        "grandchild sleeper {sleeper} survived the timeout"
    );
    assert!(
        !is_running(standin),
        "stand-in {standin} survived the timeout"
    );
    assert_eq!(bench.leftovers(), Vec::<String>::new());
}

#[tokio::test]
async fn helpers_left_holding_the_output_pipes_are_killed_after_a_grace() {
    let bench = Bench::new();
    let started = Instant::now();
    let report = bench
        .scan(&image(), None, &[("QSCANNER_STANDIN_ORPHAN_SECS", "60")])
        .await
        .unwrap();
    assert_eq!(report.findings.len(), 6);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    let orphan = bench.record()["orphan_pid"].as_u64().unwrap();
    assert!(
        wait_until_dead(orphan).await,
        "helper {orphan} outlived the scan"
    );
}

#[tokio::test]
async fn missing_and_unparseable_reports_are_errors_not_empty_results() {
    let bench = Bench::new();
    let none = bench
        .scan(&image(), None, &[("QSCANNER_STANDIN_NO_REPORT", "1")])
        .await
        .unwrap_err();
    let ScanError::NoReport { dir, .. } = &none else {
        panic!("expected NoReport, got {none:?}");
    };
    assert!(dir.ends_with("out") && dir.starts_with(&bench.config.work_root));
    assert_eq!((none.cause(), none.retryable()), ("no_report", false));

    let garbage = bench
        .scan(&image(), None, &[("QSCANNER_STANDIN_GARBAGE_REPORT", "1")])
        .await
        .unwrap_err();
    let ScanError::Unparseable { path, reason } = &garbage else {
        panic!("expected Unparseable, got {garbage:?}");
    };
    assert!(
        path.ends_with(format!("{DIGEST}-Report.sarif.json")),
        "{}",
        path.display()
    );
    assert!(reason.starts_with("not json"), "{reason}");
    assert_eq!(bench.leftovers(), Vec::<String>::new());
}

#[tokio::test]
async fn kept_output_is_bounded_and_scrubbed_of_secrets() {
    let bench = Bench::new();
    let steer = [
        ("QSCANNER_STANDIN_ECHO_SECRETS", "1"),
        ("QSCANNER_STANDIN_EXIT_CODE", "1"),
    ];
    let error = bench
        .scan(&image(), Some(&spoke()), &steer)
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("QUALYS_ACCESS_TOKEN=***"), "{message}");
    assert!(message.contains("AWS_SECRET_ACCESS_KEY=***"), "{message}");
    assert!(
        !message.contains(TOKEN) && !message.contains(AWS_SECRET),
        "{message}"
    );

    let noisy = [
        ("QSCANNER_STANDIN_NOISE_BYTES", "200000"),
        ("QSCANNER_STANDIN_EXIT_CODE", "1"),
    ];
    let error = bench.scan(&image(), None, &noisy).await.unwrap_err();
    let ScanError::ExitCode { stderr_tail, .. } = &error else {
        panic!("expected ExitCode, got {error:?}");
    };
    assert!(
        stderr_tail.len() <= TAIL_BYTES && stderr_tail.len() > TAIL_BYTES / 2,
        "{}",
        stderr_tail.len()
    );
    assert!(stderr_tail.ends_with("exiting with steered exit code 1"));
}

#[tokio::test]
async fn missing_binary_and_flag_like_targets_fail_before_running() {
    let mut bench = Bench::new();
    let refused = bench
        .scan(&Target::Image("--access-token=x".into()), None, &[])
        .await
        .unwrap_err();
    assert_eq!(
        (refused.cause(), refused.retryable()),
        ("unsupported_target", false)
    );
    bench.config.bin = bench.dir.path().join("no-such-qscanner");
    let error = bench.scan(&image(), None, &[]).await.unwrap_err();
    assert!(matches!(error, ScanError::Spawn { .. }), "{error:?}");
    assert_eq!((error.cause(), error.retryable()), ("spawn", false));
    assert!(error.to_string().contains("no-such-qscanner"));
    assert_eq!(bench.leftovers(), Vec::<String>::new());
}
