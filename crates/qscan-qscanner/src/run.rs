//! Running QScanner once: a fresh temp dir, a child in its own process
//! group, a hard timeout that kills the whole group, bounded output capture,
//! then the report.

use std::ffi::OsString;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;
use serde_json::Value;
use tokio::process::Command;

use qscan_contracts::{ScannerRun, VulnFinding};

use crate::command::{build_args, build_env, ChildEnv, ScanDirs, Target};
use crate::config::ScanConfig;
use crate::credentials::{AwsEnvCredentials, QualysCredentials, Secret};
use crate::error::ScanError;
use crate::exit_code::{classify, describe, ExitClass};
use crate::output_tail::Tail;
use crate::sarif::read_report_dir;
use crate::stale::{remove_stale_scan_dirs, stale_after};
/// How long output pipes may stay open after the child exits before the
/// stragglers holding them are killed.
const DRAIN_GRACE: Duration = Duration::from_secs(2);

/// A completed scan.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanReport {
    pub findings: Vec<VulnFinding>,
    pub exit_code: i32,
    pub duration: Duration,
    pub qscanner_version: Option<String>,
    /// `ALLOW`, `DENY` or `AUDIT` in `evaluate-policy` mode.
    pub policy_verdict: Option<String>,
    /// The SARIF report as QScanner wrote it, for archiving in S3.
    pub sarif: Value,
}

impl ScanReport {
    /// How QScanner ran, for `ScanOutcome.scanner`.
    pub fn scanner_run(&self, target: &Target) -> ScannerRun {
        ScannerRun {
            target: target.to_string(),
            exit_code: Some(self.exit_code),
            duration_ms: u64::try_from(self.duration.as_millis()).unwrap_or(u64::MAX),
            qscanner_version: self.qscanner_version.clone(),
        }
    }
}

/// Scans `target` with the process environment as the parent environment.
///
/// `aws` are the credentials QScanner acts with (the spoke's, in hub/spoke);
/// a `lambda` target requires them.
pub async fn run_scan(
    config: &ScanConfig,
    target: &Target,
    qualys: &QualysCredentials,
    aws: Option<&AwsEnvCredentials>,
) -> Result<ScanReport, ScanError> {
    let parent = std::env::vars_os().collect();
    run_scan_with_parent_env(config, target, qualys, aws, parent).await
}

/// [`run_scan`] with an explicit parent environment, from which only PATH,
/// `QSCANNER_*` and `AWS_ENDPOINT_URL` are taken (see [`build_env`]).
pub async fn run_scan_with_parent_env(
    config: &ScanConfig,
    target: &Target,
    qualys: &QualysCredentials,
    aws: Option<&AwsEnvCredentials>,
    parent_env: Vec<(OsString, OsString)>,
) -> Result<ScanReport, ScanError> {
    if let Some(reason) = target.problem() {
        return Err(ScanError::InvalidTarget {
            target: target.to_string(),
            reason,
        });
    }
    if let (Target::Lambda { arn }, None) = (target, aws) {
        return Err(ScanError::MissingAwsCredentials { arn: arn.clone() });
    }
    let workspace = Workspace::create(config)?;
    let args = build_args(config, target, qualys, &workspace.dirs.output);
    let env = build_env(&workspace.dirs, qualys, aws, parent_env);
    let mut secrets = qualys.secrets();
    secrets.extend(aws.map(AwsEnvCredentials::secrets).unwrap_or_default());

    tracing::debug!(%target, ?args, ?env, "starting qscanner");
    let started = Instant::now();
    let result = execute(config, &args, &env, &workspace.dirs, &secrets).await;
    let result = match result {
        Ok(run) => conclude(config, &workspace.dirs.output, run, started.elapsed()).await,
        Err(error) => Err(error),
    };
    workspace.close();
    match &result {
        Ok(report) => tracing::info!(
            %target,
            exit_code = report.exit_code,
            duration_ms = report.duration.as_millis() as u64,
            findings = report.findings.len(),
            verdict = report.policy_verdict.as_deref(),
            "qscanner finished"
        ),
        Err(error) => tracing::warn!(%target, cause = error.cause(), %error, "qscanner failed"),
    }
    result
}

/// The per-scan temp dir; removed when dropped, on every path.
struct Workspace {
    dir: tempfile::TempDir,
    dirs: ScanDirs,
}

impl Workspace {
    fn create(config: &ScanConfig) -> Result<Self, ScanError> {
        fn work_dir(path: &Path) -> impl FnOnce(std::io::Error) -> ScanError + '_ {
            move |source| ScanError::WorkDir {
                path: path.to_path_buf(),
                source,
            }
        }
        for path in [&config.work_root, &config.cache_dir] {
            std::fs::create_dir_all(path).map_err(work_dir(path))?;
        }
        let dir = tempfile::Builder::new()
            .prefix(crate::stale::SCAN_DIR_PREFIX)
            .tempdir_in(&config.work_root)
            .map_err(work_dir(&config.work_root))?;
        // A warm environment keeps /tmp: clear what killed scans left.
        remove_stale_scan_dirs(&config.work_root, dir.path(), stale_after(config.timeout));
        let dirs = ScanDirs::under(dir.path());
        for path in [&dirs.home, &dirs.tmp, &dirs.output] {
            std::fs::create_dir(path).map_err(work_dir(path))?;
        }
        Ok(Workspace { dir, dirs })
    }

    fn close(self) {
        let path = self.dir.path().to_path_buf();
        if let Err(error) = self.dir.close() {
            tracing::warn!(path = %path.display(), %error, "could not remove the scan directory");
        }
    }
}

/// How the child ended, with the scrubbed tails of its output.
struct Run {
    ended: Ended,
    stdout: String,
    stderr: String,
}

enum Ended {
    Exited(ExitStatus),
    TimedOut,
}

impl Run {
    /// stderr, or stdout when QScanner said nothing on stderr.
    fn tail(&self) -> String {
        if self.stderr.trim().is_empty() {
            self.stdout.clone()
        } else {
            self.stderr.clone()
        }
    }
}

async fn execute(
    config: &ScanConfig,
    args: &[OsString],
    env: &ChildEnv,
    dirs: &ScanDirs,
    secrets: &[&Secret],
) -> Result<Run, ScanError> {
    let spawn_error = |source| ScanError::Spawn {
        bin: config.bin.clone(),
        source,
    };
    let mut child = Command::new(&config.bin)
        .args(args)
        .env_clear()
        .envs(env.iter())
        .current_dir(&dirs.root)
        // Its own group, so a timeout also kills whatever QScanner started.
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(spawn_error)?;
    let pgid = child
        .id()
        .and_then(|id| i32::try_from(id).ok())
        .map(Pid::from_raw);
    let mut guard = GroupGuard(pgid);
    let mut tails = [
        Tail::read(child.stdout.take(), secrets),
        Tail::read(child.stderr.take(), secrets),
    ];

    let ended = match tokio::time::timeout(config.timeout, child.wait()).await {
        Ok(status) => Ended::Exited(status.map_err(spawn_error)?),
        Err(_elapsed) => {
            guard.kill();
            // Reap the leader; the killed descendants go to init.
            let _ = child.wait().await;
            Ended::TimedOut
        }
    };
    // Once reaped, the leader's pid may be reused: never signal it blindly.
    guard.disarm();
    if !drain(&mut tails, DRAIN_GRACE).await {
        // A straggler still holds our pipes, so the group still exists.
        if let Some(pgid) = pgid {
            let _ = killpg(pgid, Signal::SIGKILL);
        }
        drain(&mut tails, DRAIN_GRACE).await;
    }
    let [stdout, stderr] = tails;
    Ok(Run {
        ended,
        stdout: stdout.text(),
        stderr: stderr.text(),
    })
}

/// Turns how the child ended into a report or an error.
async fn conclude(
    config: &ScanConfig,
    output: &Path,
    run: Run,
    duration: Duration,
) -> Result<ScanReport, ScanError> {
    tracing::debug!(stdout = %run.stdout, stderr = %run.stderr, "qscanner output (tails)");
    let status = match run.ended {
        Ended::TimedOut => {
            return Err(ScanError::Timeout {
                timeout: config.timeout,
                stderr_tail: run.tail(),
            })
        }
        Ended::Exited(status) => status,
    };
    let Some(code) = status.code() else {
        return Err(ScanError::Signal {
            signal: status.signal().unwrap_or_default(),
            stderr_tail: run.tail(),
        });
    };
    let verdict = match classify(code, config.evaluates_policy()) {
        ExitClass::Completed { verdict } => verdict,
        ExitClass::Failed { .. } => {
            return Err(ScanError::ExitCode {
                code,
                meaning: describe(code),
                stderr_tail: run.tail(),
            })
        }
    };
    let dir = output.to_path_buf();
    let parsed = tokio::task::spawn_blocking(move || read_report_dir(&dir))
        .await
        .map_err(|e| ScanError::Unparseable {
            path: output.to_path_buf(),
            reason: format!("the report reader failed: {e}"),
        })?
        .map_err(|error| match error {
            ScanError::NoReport { dir, .. } => ScanError::NoReport {
                dir,
                stderr_tail: run.tail(),
            },
            other => other,
        })?;
    Ok(ScanReport {
        findings: parsed.findings,
        exit_code: code,
        duration,
        qscanner_version: parsed.qscanner_version,
        policy_verdict: verdict.map(str::to_owned),
        sarif: parsed.sarif,
    })
}

/// Kills the child's process group unless disarmed: covers the timeout and
/// a scan future dropped mid-flight (kill_on_drop alone spares grandchildren).
struct GroupGuard(Option<Pid>);

impl GroupGuard {
    fn kill(&self) {
        if let Some(pgid) = self.0 {
            let _ = killpg(pgid, Signal::SIGKILL);
        }
    }

    fn disarm(&mut self) {
        self.0 = None;
    }
}

impl Drop for GroupGuard {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Waits up to `grace` for every reader to finish; true if all did.
async fn drain(tails: &mut [Tail], grace: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + grace;
    let mut all = true;
    for tail in tails {
        all &= tail.finished_by(deadline).await;
    }
    all
}
