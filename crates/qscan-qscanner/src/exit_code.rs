//! QScanner's exit codes (docs/qscanner.md), and which of them are worth a
//! retry. All knowledge of the numbers lives here.

/// What an exit code means for the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitClass {
    /// The scan finished; read the report. `verdict` is set in
    /// `evaluate-policy` mode: `ALLOW`, `DENY` or `AUDIT`.
    Completed { verdict: Option<&'static str> },
    /// The scan failed.
    Failed { retryable: bool },
}

/// A short description of an exit code, for error messages.
pub fn describe(code: i32) -> &'static str {
    match code {
        0 => "success",
        1 => "generic error",
        2 => "invalid parameter",
        3 => "logger initialisation failed",
        5 => "filesystem artifact scan failed",
        6 => "image artifact scan failed",
        7 => "archive artifact scan failed",
        8 => "storage driver artifact scan failed",
        9 => "container artifact scan failed",
        10 => "other artifact scan failed",
        11 => "metadata scanner failed",
        12 => "os scanner failed",
        13 => "sca scanner failed",
        14 => "secret scanner failed",
        15 => "operating system not found",
        16 => "malware scanner failed",
        17 => "operating system not supported",
        18..=21 => "a scanner failed",
        30 => "json result output failed",
        31..=33 => "changelist output failed",
        34 => "spdx output failed",
        35 => "cyclonedx output failed",
        36 | 37 => "sbom upload failed",
        38 | 39 => "secrets output failed",
        40 => "failed to get the vulnerability report (report not ready)",
        41 => "failed to get the policy evaluation result",
        42 => "policy evaluation deny",
        43 => "policy evaluation audit (no policy evaluated)",
        _ => "undocumented exit code",
    }
}

/// True when running the same scan again may succeed: the report was not
/// ready yet (40, 41), the image pull or artifact fetch hit the network
/// (6, 10), or QScanner failed without saying why (1). Anything naming the
/// input (2 invalid parameter, 15/17 OS not found or not supported) fails the
/// same way every time, and so, as far as we know, do the others.
pub fn is_retryable(code: i32) -> bool {
    matches!(code, 1 | 6 | 10 | 40 | 41)
}

/// Classifies an exit code. 42 and 43 are verdicts only in
/// `evaluate-policy` mode; elsewhere they are unexpected failures.
pub fn classify(code: i32, evaluate_policy: bool) -> ExitClass {
    match (code, evaluate_policy) {
        (0, false) => ExitClass::Completed { verdict: None },
        (0, true) => ExitClass::Completed {
            verdict: Some("ALLOW"),
        },
        (42, true) => ExitClass::Completed {
            verdict: Some("DENY"),
        },
        (43, true) => ExitClass::Completed {
            verdict: Some("AUDIT"),
        },
        _ => ExitClass::Failed {
            retryable: is_retryable(code),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_completes_and_policy_codes_are_verdicts_only_in_policy_mode() {
        assert_eq!(classify(0, false), ExitClass::Completed { verdict: None });
        assert_eq!(
            [0, 42, 43].map(|c| classify(c, true)),
            [
                ExitClass::Completed {
                    verdict: Some("ALLOW")
                },
                ExitClass::Completed {
                    verdict: Some("DENY")
                },
                ExitClass::Completed {
                    verdict: Some("AUDIT")
                },
            ]
        );
        assert_eq!(classify(42, false), ExitClass::Failed { retryable: false });
    }

    #[test]
    fn transient_codes_retry_and_input_errors_do_not() {
        for code in [1, 6, 10, 40, 41] {
            assert_eq!(
                classify(code, false),
                ExitClass::Failed { retryable: true },
                "{code}"
            );
        }
        for code in [2, 3, 5, 12, 15, 17, 30, 44, 255, -1] {
            assert_eq!(
                classify(code, true),
                ExitClass::Failed { retryable: false },
                "{code}"
            );
        }
    }

    #[test]
    fn descriptions_follow_the_documented_table() {
        assert_eq!(describe(2), "invalid parameter");
        assert_eq!(describe(6), "image artifact scan failed");
        assert_eq!(describe(15), "operating system not found");
        assert_eq!(describe(17), "operating system not supported");
        assert_eq!(describe(19), "a scanner failed");
        assert_eq!(describe(32), "changelist output failed");
        assert!(describe(40).contains("report not ready"));
        assert_eq!(describe(42), "policy evaluation deny");
        assert_eq!(describe(4), "undocumented exit code");
        assert_eq!(describe(99), "undocumented exit code");
    }
}
