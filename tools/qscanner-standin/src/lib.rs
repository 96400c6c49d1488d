//! `qscanner-standin`: a **stand-in** for Qualys QScanner, for tests and
//! demos. It scans nothing.
//!
//! It speaks QScanner's documented command line (docs/qscanner.md), checks
//! its environment the way the real tool needs it (Qualys credentials,
//! `AWS_REGION` for `lambda`, a writable `HOME`), and writes the files the
//! real tool writes into `--output-dir`: `<id>-ScanResult.json`,
//! `<id>-Report.sarif.json` copied from an embedded fixture, and
//! `qscanner.log`. It is stricter than the real tool where strictness proves
//! something about the wrapper: it refuses credentials on argv.
//!
//! Tests steer it through `QSCANNER_STANDIN_*` variables ([`steering`]) to
//! exit with a given code, write no or a broken report, or hang with a
//! grandchild process.

pub mod cli;
pub mod fixtures;
mod scan;
pub mod steering;

use std::collections::BTreeMap;

pub use scan::target_id;

/// What `--version` reports, and `QScannerVersion` in `ScanResult.json`.
pub const VERSION: &str = "4.8.0-standin";

/// `--help`.
pub const HELP: &str = "\
qscanner-standin: a STAND-IN for Qualys QScanner, for tests and demos.
It does not scan anything: it checks its command line and environment like
QScanner and writes fixture reports.

usage: qscanner-standin [flags] image <ref> | lambda <arn> [flags]
       qscanner-standin --version

flags: --pod POD | --gateway-url URL, --output-dir DIR, --cache-dir DIR,
       --scan-types LIST, --format LIST, --report-format LIST,
       --scan-timeout 300s, --mode MODE, --policy-tags LIST,
       --platform OS/ARCH, --log-level LEVEL, --quiet, --offline-scan
credentials (environment only): QUALYS_ACCESS_TOKEN, or QUALYS_CLIENT_ID and
       QUALYS_CLIENT_SECRET; AWS_REGION for lambda targets
steering (environment): QSCANNER_STANDIN_FIXTURE=mixed|variant-keys|clean|
       no-runs|no-results|failed-run|PATH,
       QSCANNER_STANDIN_EXIT_CODE=N, QSCANNER_STANDIN_NO_REPORT=1,
       QSCANNER_STANDIN_SLEEP_SECS=N, QSCANNER_STANDIN_ORPHAN_SECS=N,
       QSCANNER_STANDIN_GARBAGE_REPORT=1,
       QSCANNER_STANDIN_RECORD=FILE, QSCANNER_STANDIN_ECHO_SECRETS=1,
       QSCANNER_STANDIN_NOISE_BYTES=N
";

/// Runs the stand-in on `argv` (without the program name) and a snapshot
/// of the environment; returns the exit code.
pub fn run(argv: &[String], env: &BTreeMap<String, String>) -> i32 {
    match cli::parse(argv) {
        Err(cli::UsageError(message)) => {
            eprintln!("qscanner-standin: invalid parameter: {message}");
            2
        }
        Ok(cli::Invocation::Help) => {
            print!("{HELP}");
            0
        }
        Ok(cli::Invocation::Version) => {
            println!("qscanner version {VERSION}");
            0
        }
        Ok(cli::Invocation::Scan(args)) => scan::run(&args, argv, env),
    }
}
