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
//!   never print, and are scrubbed from any output kept for messages.
//! - **Explicit AWS identity.** The child starts from `env_clear()` and gets
//!   the [`AwsEnvCredentials`] it is handed: in hub/spoke it must act as the
//!   spoke account, never inherit the hub Lambda's role.
//! - **One process group per scan.** QScanner may start helpers; a timeout
//!   kills the whole group and reaps the leader, so nothing outlives a scan.
//! - **Nothing left behind.** `HOME`, `TMPDIR` and `--output-dir` live in the
//!   per-scan temp dir, removed on every path; only `--cache-dir` persists
//!   across warm invocations, so vulnerability databases are reused.
//! - **Failures are never empty results.** A non-zero exit, a missing or an
//!   unreadable report is a [`ScanError`] saying what and where, with
//!   [`ScanError::retryable`] to decide between retry and dead-letter.
//! - **Tolerant but strict parsing.** SARIF key names are not confirmed by
//!   Qualys, so known spellings are all accepted ([`sarif`]); a value that
//!   cannot be interpreted is an error, not a guess.
//!
//! Tests that run a process use `tools/qscanner-standin`, which speaks the
//! same command line and writes the same files.

mod command;
mod config;
mod credentials;
mod error;
pub mod exit_code;
mod run;
pub mod sarif;

pub use command::{build_args, build_env, ChildEnv, ScanDirs, Target};
pub use config::{
    platform_for_architectures, ConfigError, ScanConfig, CACHE_DIR_NAME, DEFAULT_BIN,
    DEFAULT_TIMEOUT,
};
pub use credentials::{
    pod_gateway, scrub, AwsEnvCredentials, CredentialsError, QualysAuth, QualysCredentials,
    QualysPlatform, RegistryCredentials, Secret, PODS,
};
pub use error::ScanError;
pub use run::{run_scan, run_scan_with_parent_env, ScanReport, TAIL_BYTES};
pub use sarif::{parse_sarif, read_report_dir, ParsedReport, SarifError};
