//! Why a scan failed, whether to retry it, and how the failure travels in a
//! `ScanOutcome` ([`qscan_contracts::ScanFailure`]).

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use qscan_contracts::ScanFailure;

use crate::exit_code;

/// A scan that produced no trustworthy report. A failure is never turned
/// into an empty list of findings.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("the scan target {target:?} is refused: {reason}")]
    InvalidTarget {
        target: String,
        reason: &'static str,
    },
    #[error("lambda target {arn} needs aws credentials for qscanner, and none were given")]
    MissingAwsCredentials { arn: String },
    #[error("could not prepare the scan directory {path}: {source}")]
    WorkDir {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("could not start qscanner at {bin}: {source}")]
    Spawn {
        bin: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("qscanner did not finish within the {}s scan timeout and was killed with its process group; last output: {}", timeout.as_secs(), or_none(stderr_tail))]
    Timeout {
        timeout: Duration,
        stderr_tail: String,
    },
    #[error(
        "qscanner exited with code {code} ({meaning}); last output: {}",
        or_none(stderr_tail)
    )]
    ExitCode {
        code: i32,
        meaning: &'static str,
        stderr_tail: String,
    },
    #[error(
        "qscanner was killed by signal {signal}; last output: {}",
        or_none(stderr_tail)
    )]
    Signal { signal: i32, stderr_tail: String },
    #[error("qscanner wrote no *-Report.sarif.json or *_Report.sarif.json in {}; last output: {}", dir.display(), or_none(stderr_tail))]
    NoReport { dir: PathBuf, stderr_tail: String },
    #[error("qscanner report {} is unparseable: {reason}", path.display())]
    Unparseable { path: PathBuf, reason: String },
    /// Valid SARIF that does not say the scan completed: no runs, a run
    /// without an explicit `results` array, or a run that says it failed.
    #[error("qscanner report {} is not a complete scan: {reason}", path.display())]
    IncompleteReport {
        path: PathBuf,
        reason: String,
        /// The report says QScanner's run failed (retryable).
        tool_failed: bool,
    },
}

fn or_none(tail: &str) -> &str {
    if tail.trim().is_empty() {
        "(none)"
    } else {
        tail
    }
}

impl ScanError {
    /// Machine-readable cause, as `ScanFailure.cause` documents it.
    pub fn cause(&self) -> &'static str {
        match self {
            ScanError::InvalidTarget { .. } => "unsupported_target",
            ScanError::MissingAwsCredentials { .. } => "credentials",
            ScanError::WorkDir { .. } | ScanError::Spawn { .. } => "spawn",
            ScanError::Timeout { .. } => "timeout",
            ScanError::ExitCode { .. } | ScanError::Signal { .. } => "exit_code",
            ScanError::NoReport { .. } => "no_report",
            ScanError::Unparseable { .. } => "unparseable_report",
            ScanError::IncompleteReport { .. } => "incomplete_report",
        }
    }

    /// True when the same scan may succeed if tried again.
    ///
    /// A missing report after a clean exit, or a report we cannot read, will
    /// look the same next time: those are permanent, and so is a report
    /// without a result list. A kill by signal (OOM, sandbox) depends on the
    /// moment, and so, like exit code 1, does a run the report itself says
    /// failed: those are retried.
    pub fn retryable(&self) -> bool {
        match self {
            ScanError::Timeout { .. } | ScanError::Signal { .. } => true,
            ScanError::IncompleteReport { tool_failed, .. } => *tool_failed,
            ScanError::ExitCode { code, .. } => exit_code::is_retryable(*code),
            ScanError::WorkDir { source, .. } | ScanError::Spawn { source, .. } => {
                is_transient(source)
            }
            ScanError::InvalidTarget { .. }
            | ScanError::MissingAwsCredentials { .. }
            | ScanError::NoReport { .. }
            | ScanError::Unparseable { .. } => false,
        }
    }
}

/// Resource exhaustion and interruptions pass; a missing or non-executable
/// binary (ENOENT, EACCES, ENOEXEC) does not.
fn is_transient(error: &io::Error) -> bool {
    use nix::errno::Errno;
    let Some(raw) = error.raw_os_error() else {
        return matches!(
            error.kind(),
            io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock
        );
    };
    matches!(
        Errno::from_raw(raw),
        Errno::EAGAIN
            | Errno::ENOMEM
            | Errno::EMFILE
            | Errno::ENFILE
            | Errno::ETXTBSY
            | Errno::EINTR
            | Errno::ENOSPC
    )
}

impl From<&ScanError> for ScanFailure {
    fn from(error: &ScanError) -> Self {
        ScanFailure {
            cause: error.cause().to_owned(),
            message: error.to_string(),
            retryable: error.retryable(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io(raw: i32) -> io::Error {
        io::Error::from_raw_os_error(raw)
    }

    #[test]
    fn causes_and_retryability_follow_the_contract() {
        let cases: Vec<(ScanError, &str, bool)> = vec![
            (
                ScanError::Timeout {
                    timeout: Duration::from_secs(300),
                    stderr_tail: String::new(),
                },
                "timeout",
                true,
            ),
            (
                ScanError::ExitCode {
                    code: 40,
                    meaning: exit_code::describe(40),
                    stderr_tail: "x".into(),
                },
                "exit_code",
                true,
            ),
            (
                ScanError::ExitCode {
                    code: 2,
                    meaning: exit_code::describe(2),
                    stderr_tail: "x".into(),
                },
                "exit_code",
                false,
            ),
            (
                ScanError::NoReport {
                    dir: "/tmp/out".into(),
                    stderr_tail: String::new(),
                },
                "no_report",
                false,
            ),
            (
                ScanError::Unparseable {
                    path: "/tmp/out/a-Report.sarif.json".into(),
                    reason: "r".into(),
                },
                "unparseable_report",
                false,
            ),
            (
                ScanError::IncompleteReport {
                    path: "/tmp/out/a-Report.sarif.json".into(),
                    reason: "runs[0] has no \"results\"".into(),
                    tool_failed: false,
                },
                "incomplete_report",
                false,
            ),
            (
                ScanError::IncompleteReport {
                    path: "/tmp/out/a-Report.sarif.json".into(),
                    reason: "runs[0].invocations[0].executionSuccessful is false".into(),
                    tool_failed: true,
                },
                "incomplete_report",
                true,
            ),
            (
                ScanError::Spawn {
                    bin: "/opt/q".into(),
                    source: io(nix::libc::ENOENT),
                },
                "spawn",
                false,
            ),
            (
                ScanError::Spawn {
                    bin: "/opt/q".into(),
                    source: io(nix::libc::EAGAIN),
                },
                "spawn",
                true,
            ),
            (
                ScanError::MissingAwsCredentials {
                    arn: "arn:x".into(),
                },
                "credentials",
                false,
            ),
        ];
        for (error, cause, retryable) in cases {
            assert_eq!(
                (error.cause(), error.retryable()),
                (cause, retryable),
                "{error}"
            );
            let failure = ScanFailure::from(&error);
            assert_eq!(
                (failure.cause.as_str(), failure.retryable, failure.message),
                (cause, retryable, error.to_string())
            );
        }
    }

    #[test]
    fn messages_name_what_and_where() {
        let exit = ScanError::ExitCode {
            code: 6,
            meaning: exit_code::describe(6),
            stderr_tail: "pull access denied".into(),
        };
        assert_eq!(
            exit.to_string(),
            "qscanner exited with code 6 (image artifact scan failed); last output: pull access denied"
        );
        let timeout = ScanError::Timeout {
            timeout: Duration::from_secs(300),
            stderr_tail: " ".into(),
        };
        assert!(timeout.to_string().contains("300s scan timeout"));
        assert!(timeout.to_string().ends_with("last output: (none)"));
        let unparseable = ScanError::Unparseable {
            path: "/tmp/s/out/ab-Report.sarif.json".into(),
            reason: "top level has no \"runs\" array".into(),
        };
        assert!(unparseable
            .to_string()
            .contains("/tmp/s/out/ab-Report.sarif.json is unparseable: top level"));
    }
}
