//! How tests steer the stand-in: `QSCANNER_STANDIN_*` environment variables.
//! The wrapper passes every `QSCANNER_*` variable through to QScanner, so a
//! test sets them in the parent environment it hands to the scan.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Every steering variable, all optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Steering {
    /// `QSCANNER_STANDIN_FIXTURE`: fixture name or file path (default `mixed`).
    pub fixture: String,
    /// `QSCANNER_STANDIN_EXIT_CODE`: exit with this code after writing
    /// outputs, or before writing anything when `no_report` is also set.
    pub exit_code: Option<i32>,
    /// `QSCANNER_STANDIN_NO_REPORT=1`: write no SARIF report.
    pub no_report: bool,
    /// `QSCANNER_STANDIN_SLEEP_SECS`: sleep first, with a `sleep` grandchild
    /// in the same process group (timeout tests check it gets killed). The
    /// grandchild does not hold our output pipes, so only a group kill ends it.
    pub sleep_secs: Option<u64>,
    /// `QSCANNER_STANDIN_ORPHAN_SECS`: leave a `sleep` behind that holds our
    /// stdout/stderr after we exit, as a careless helper process would.
    pub orphan_secs: Option<u64>,
    /// `QSCANNER_STANDIN_GARBAGE_REPORT=1`: write an unparseable SARIF file.
    pub garbage_report: bool,
    /// `QSCANNER_STANDIN_RECORD`: a file (outside the scan's temp dir) to
    /// which the stand-in writes, before sleeping, a JSON record of its argv,
    /// environment variable names (never values), directories and the
    /// sleeper's pid.
    pub record: Option<PathBuf>,
    /// `QSCANNER_STANDIN_ECHO_SECRETS=1`: print the credential values it got
    /// to stderr, to prove the wrapper scrubs them from what it keeps.
    pub echo_secrets: bool,
    /// `QSCANNER_STANDIN_NOISE_BYTES`: print exactly this many bytes to
    /// stderr (after any echoed secrets), to prove the wrapper keeps only a
    /// bounded tail, and to place a secret anywhere around its cut.
    pub noise_bytes: usize,
}

fn flag(env: &BTreeMap<String, String>, name: &str) -> bool {
    env.get(name)
        .is_some_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes"))
}

fn number<T: std::str::FromStr>(
    env: &BTreeMap<String, String>,
    name: &str,
) -> Result<Option<T>, String> {
    match env.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => value
            .parse()
            .map(Some)
            .map_err(|_| format!("{name}={value:?} is not a number")),
    }
}

impl Steering {
    pub fn from_env(env: &BTreeMap<String, String>) -> Result<Self, String> {
        Ok(Steering {
            fixture: env
                .get("QSCANNER_STANDIN_FIXTURE")
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| "mixed".to_owned()),
            exit_code: number(env, "QSCANNER_STANDIN_EXIT_CODE")?,
            no_report: flag(env, "QSCANNER_STANDIN_NO_REPORT"),
            sleep_secs: number(env, "QSCANNER_STANDIN_SLEEP_SECS")?,
            orphan_secs: number(env, "QSCANNER_STANDIN_ORPHAN_SECS")?,
            garbage_report: flag(env, "QSCANNER_STANDIN_GARBAGE_REPORT"),
            record: env
                .get("QSCANNER_STANDIN_RECORD")
                .filter(|v| !v.trim().is_empty())
                .map(PathBuf::from),
            echo_secrets: flag(env, "QSCANNER_STANDIN_ECHO_SECRETS"),
            noise_bytes: number(env, "QSCANNER_STANDIN_NOISE_BYTES")?.unwrap_or(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn nothing_set_means_the_mixed_fixture_and_a_clean_exit() {
        let s = Steering::from_env(&env(&[])).unwrap();
        assert_eq!(s.fixture, "mixed");
        assert_eq!(
            (s.exit_code, s.sleep_secs, s.orphan_secs),
            (None, None, None)
        );
        assert_eq!(s.record, None);
        assert!(!s.no_report && !s.garbage_report && !s.echo_secrets);
        assert_eq!(s.noise_bytes, 0);
    }

    #[test]
    fn every_variable_is_read() {
        let s = Steering::from_env(&env(&[
            ("QSCANNER_STANDIN_FIXTURE", "clean"),
            ("QSCANNER_STANDIN_EXIT_CODE", "6"),
            ("QSCANNER_STANDIN_NO_REPORT", "1"),
            ("QSCANNER_STANDIN_SLEEP_SECS", "30"),
            ("QSCANNER_STANDIN_ORPHAN_SECS", "40"),
            ("QSCANNER_STANDIN_GARBAGE_REPORT", "true"),
            ("QSCANNER_STANDIN_RECORD", "/tmp/r.json"),
            ("QSCANNER_STANDIN_ECHO_SECRETS", "yes"),
            ("QSCANNER_STANDIN_NOISE_BYTES", "100000"),
        ]))
        .unwrap();
        assert_eq!(s.fixture, "clean");
        assert_eq!(
            (s.exit_code, s.sleep_secs, s.orphan_secs),
            (Some(6), Some(30), Some(40))
        );
        assert!(s.no_report && s.garbage_report && s.echo_secrets);
        assert_eq!(s.record, Some(PathBuf::from("/tmp/r.json")));
        assert_eq!(s.noise_bytes, 100_000);
        assert!(
            !Steering::from_env(&env(&[("QSCANNER_STANDIN_NO_REPORT", "0")]))
                .unwrap()
                .no_report
        );
    }

    #[test]
    fn bad_numbers_name_the_variable() {
        let err = Steering::from_env(&env(&[("QSCANNER_STANDIN_EXIT_CODE", "six")])).unwrap_err();
        assert_eq!(err, "QSCANNER_STANDIN_EXIT_CODE=\"six\" is not a number");
    }
}
