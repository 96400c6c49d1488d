//! The stand-in binary on its own: command line, environment checks, and the
//! files it writes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_qscanner-standin");
const TOKEN: &str = "standin-test-token-9f8e";
const DIGEST: &str = "bc669544845542470042912a0f61b90499ffc2320b45ea66b0be50439c5aab19";

struct Sandbox {
    _dir: tempfile::TempDir,
    home: PathBuf,
    out: PathBuf,
    cache: PathBuf,
}

impl Sandbox {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        fs::create_dir(&home).unwrap();
        Sandbox {
            out: dir.path().join("out"),
            cache: dir.path().join("cache"),
            home,
            _dir: dir,
        }
    }

    /// Runs the stand-in with a clean environment: HOME, PATH, a token, and `env`.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(BIN)
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("QUALYS_ACCESS_TOKEN", TOKEN)
            .envs(env.iter().copied())
            .output()
            .unwrap()
    }

    /// The documented image command line with our directories.
    fn image_args(&self, target: &str) -> Vec<String> {
        [
            "--pod",
            "US2",
            "--output-dir",
            self.out.to_str().unwrap(),
            "--cache-dir",
            self.cache.to_str().unwrap(),
            "--scan-types",
            "pkg",
            "--format",
            "json",
            "--report-format",
            "sarif",
            "--scan-timeout",
            "300s",
            "image",
            target,
        ]
        .map(str::to_owned)
        .to_vec()
    }

    fn scan(&self, target: &str, env: &[(&str, &str)]) -> Output {
        let args = self.image_args(target);
        self.run(&args.iter().map(String::as_str).collect::<Vec<_>>(), env)
    }

    fn out_files(&self) -> Vec<String> {
        let Ok(entries) = fs::read_dir(&self.out) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn digest_ref() -> String {
    format!("123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api@sha256:{DIGEST}")
}

#[test]
fn version_and_help_name_it_a_stand_in() {
    let sandbox = Sandbox::new();
    let version = sandbox.run(&["--version"], &[]);
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        "qscanner version 4.8.0-standin\n"
    );
    let help = sandbox.run(&["--help"], &[]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("STAND-IN for Qualys QScanner"));
}

#[test]
fn invalid_parameters_exit_2_like_the_real_tool() {
    let sandbox = Sandbox::new();
    for (args, message) in [
        (
            &["--pod", "US2", "--bogus", "image", "r"][..],
            "unknown flag --bogus",
        ),
        (&["image", "r"][..], "--pod or --gateway-url is required"),
        (
            &["--pod", "US2", "--access-token", TOKEN, "image", "r"][..],
            "--access-token is refused",
        ),
    ] {
        let output = sandbox.run(args, &[]);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains(TOKEN));
    }
}

#[test]
fn refuses_to_run_without_credentials_or_a_region_for_lambda() {
    let sandbox = Sandbox::new();
    let args = sandbox.image_args("r");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let no_token = sandbox.run(&args, &[("QUALYS_ACCESS_TOKEN", "")]);
    assert_eq!(no_token.status.code(), Some(1));
    assert!(stderr(&no_token).contains("no qualys credentials"));
    let half_pair = sandbox.run(
        &args,
        &[("QUALYS_ACCESS_TOKEN", ""), ("QUALYS_CLIENT_ID", "id")],
    );
    assert_eq!(half_pair.status.code(), Some(1));
    let pair = sandbox.run(
        &args,
        &[
            ("QUALYS_ACCESS_TOKEN", ""),
            ("QUALYS_CLIENT_ID", "id"),
            ("QUALYS_CLIENT_SECRET", "s"),
        ],
    );
    assert_eq!(pair.status.code(), Some(0), "{}", stderr(&pair));

    let arn = "arn:aws:lambda:eu-west-1:222222222222:function:billing";
    let lambda = [
        "--pod",
        "US2",
        "--output-dir",
        sandbox.out.to_str().unwrap(),
        "lambda",
        arn,
    ];
    let no_region = sandbox.run(&lambda, &[]);
    assert_eq!(no_region.status.code(), Some(1));
    assert!(stderr(&no_region).contains("AWS_REGION is required"));
    assert_eq!(
        sandbox
            .run(&lambda, &[("AWS_REGION", "eu-west-1")])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn writes_reports_named_by_digest_and_a_log_without_values() {
    let sandbox = Sandbox::new();
    let output = sandbox.scan(&digest_ref(), &[("AWS_SECRET_ACCESS_KEY", "aws-secret-1")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        sandbox.out_files(),
        [
            format!("{DIGEST}-Report.sarif.json"),
            format!("{DIGEST}-ScanResult.json"),
            "qscanner.log".into()
        ]
    );
    let report =
        fs::read_to_string(sandbox.out.join(format!("{DIGEST}-Report.sarif.json"))).unwrap();
    assert_eq!(report, qscanner_standin::fixtures::MIXED);

    let inventory: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(sandbox.out.join(format!("{DIGEST}-ScanResult.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(inventory["QScannerVersion"], "4.8.0-standin");
    assert_eq!(inventory["Metadata"]["Target"], digest_ref());
    assert_eq!(inventory["ScansPerformed"][0]["ScanType"], "pkg");

    let log = fs::read_to_string(sandbox.out.join("qscanner.log")).unwrap();
    assert!(log.contains("a stand-in for Qualys QScanner"));
    assert!(
        log.contains(r#"argv: ["--pod","US2","--output-dir""#),
        "{log}"
    );
    assert!(
        log.contains("env: AWS_SECRET_ACCESS_KEY,QUALYS_ACCESS_TOKEN\n"),
        "{log}"
    );
    assert!(!log.contains(TOKEN) && !log.contains("aws-secret-1"));

    // HOME and the cache were written; the cache log grows across scans.
    assert!(sandbox.home.join(".qscanner-standin").is_file());
    sandbox.scan("app:latest", &[]);
    let cache_log = fs::read_to_string(sandbox.cache.join("standin-scans.log")).unwrap();
    assert_eq!(cache_log.lines().count(), 2);
    assert!(cache_log.contains(&qscanner_standin::target_id("app:latest")));
}

#[test]
fn steering_selects_fixture_garbage_or_no_report() {
    let sandbox = Sandbox::new();
    let report = sandbox.out.join(format!("{DIGEST}-Report.sarif.json"));
    sandbox.scan(&digest_ref(), &[("QSCANNER_STANDIN_FIXTURE", "clean")]);
    assert_eq!(
        fs::read_to_string(&report).unwrap(),
        qscanner_standin::fixtures::CLEAN
    );
    sandbox.scan(&digest_ref(), &[("QSCANNER_STANDIN_GARBAGE_REPORT", "1")]);
    assert_eq!(
        fs::read_to_string(&report).unwrap(),
        qscanner_standin::fixtures::GARBAGE
    );
    fs::remove_dir_all(&sandbox.out).unwrap();
    let output = sandbox.scan(&digest_ref(), &[("QSCANNER_STANDIN_NO_REPORT", "1")]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        sandbox.out_files(),
        [format!("{DIGEST}-ScanResult.json"), "qscanner.log".into()]
    );
    let unknown = sandbox.scan(&digest_ref(), &[("QSCANNER_STANDIN_FIXTURE", "nope")]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("unknown fixture \"nope\""));
}

#[test]
fn steered_exit_code_comes_after_outputs_unless_no_report() {
    let sandbox = Sandbox::new();
    let after = sandbox.scan(&digest_ref(), &[("QSCANNER_STANDIN_EXIT_CODE", "40")]);
    assert_eq!(after.status.code(), Some(40));
    assert_eq!(sandbox.out_files().len(), 3);
    assert!(stderr(&after).ends_with("exiting with steered exit code 40\n"));

    let other = Sandbox::new();
    let before = other.scan(
        &digest_ref(),
        &[
            ("QSCANNER_STANDIN_EXIT_CODE", "6"),
            ("QSCANNER_STANDIN_NO_REPORT", "1"),
        ],
    );
    assert_eq!(before.status.code(), Some(6));
    assert!(
        !other.out.exists(),
        "outputs written before a steered early exit"
    );
}

#[test]
fn modes_and_report_formats_without_sarif_write_no_report() {
    let sandbox = Sandbox::new();
    let out = sandbox.out.to_str().unwrap();
    for extra in [["--mode", "inventory-only"], ["--report-format", "table"]] {
        let mut args = vec!["--pod", "US1", "--output-dir", out, "image", "app:1"];
        args.extend(extra);
        let output = sandbox.run(&args, &[]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(
            !sandbox
                .out_files()
                .iter()
                .any(|f| f.ends_with("Report.sarif.json")),
            "{extra:?}"
        );
    }
}

#[test]
fn default_directories_live_under_home() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(
        &["--pod", "US1", "--report-format", "sarif", "image", "app:1"],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let id = qscanner_standin::target_id("app:1");
    let data: &Path = &sandbox.home.join("qualys/qscanner/data");
    assert!(data.join(format!("{id}-Report.sarif.json")).is_file());
    assert!(sandbox
        .home
        .join(".cache/qualys/qscanner/standin-scans.log")
        .is_file());
}
