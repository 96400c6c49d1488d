//! The one place that knows Qualys QScanner (docs/qscanner.md).
//!
//! A scan is [`run_scan`]: it builds QScanner's documented command line
//! ([`build_args`]) and a from-scratch environment ([`build_env`]), runs the
//! binary in a per-scan temp dir under [`ScanConfig::work_root`], and turns
//! the SARIF report into [`qscan_contracts::VulnFinding`]s ([`parse_sarif`]).
//!
//! Design choices, and why:
//! - **Secrets only in the environment.** argv is world-readable through
//!   `/proc` and lands in QScanner's log; tokens travel as
//!   `QUALYS_ACCESS_TOKEN` / `QUALYS_CLIENT_*`, wrapped in [`Secret`] so they
//!   never print, and are scrubbed from QScanner's output as it streams,
//!   before the kept tail is cut ([`StreamScrubber`]).
//! - **Explicit AWS identity.** The child starts from `env_clear()` and gets
//!   the [`AwsEnvCredentials`] it is handed: in hub/spoke it must act as the
//!   spoke account, never inherit the hub Lambda's role.
//! - **One process group per scan.** QScanner may start helpers; a timeout
//!   kills the whole group and reaps the leader, so nothing outlives a scan.
//! - **Nothing left behind.** `HOME`, `TMPDIR` and `--output-dir` live in the
//!   per-scan temp dir, removed on every path; a dir left by a hard kill is
//!   removed by the next scan ([`remove_stale_scan_dirs`]). Only
//!   `--cache-dir` persists across warm invocations, so vulnerability
//!   databases are reused.
//! - **Failures are never empty results.** A non-zero exit, a missing or an
//!   unreadable report, or one that does not say the scan completed with an
//!   explicit result list, is a [`ScanError`] saying what and where, with
//!   [`ScanError::retryable`] to decide between retry and dead-letter.
//! - **Tolerant but strict parsing.** SARIF key names are not confirmed by
//!   Qualys, so known spellings are all accepted ([`sarif`]); a value that
//!   cannot be interpreted is an error, not a guess, and every kept string
//!   is bounded ([`sarif::limits`]).
//!
//! Tests that run a process use `tools/qscanner-standin`, which speaks the
//! same command line and writes the same files.

mod command;
mod config;
mod credentials;
mod error;
pub mod exit_code;
mod output_tail;
mod run;
pub mod sarif;
mod scrubber;
mod stale;

pub use command::{build_args, build_env, ChildEnv, ScanDirs, Target};
pub use config::{
    platform_for_architectures, ConfigError, ScanConfig, CACHE_DIR_NAME, DEFAULT_BIN,
    DEFAULT_TIMEOUT,
};
pub use credentials::{
    pod_gateway, AwsEnvCredentials, CredentialsError, QualysAuth, QualysCredentials,
    QualysPlatform, RegistryCredentials, Secret, PODS,
};
pub use error::ScanError;
pub use output_tail::{ScrubbedTail, TAIL_BYTES};
pub use run::{run_scan, run_scan_with_parent_env, ScanReport};
pub use sarif::{parse_sarif, read_report_dir, ParsedReport, SarifError};
pub use scrubber::{scrub, StreamScrubber};
pub use stale::{remove_stale_scan_dirs, stale_after, SCAN_DIR_PREFIX};
