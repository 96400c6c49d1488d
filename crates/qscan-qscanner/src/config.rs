//! How QScanner is run: binary, scan types, timeout, directories, mode.
//!
//! The binary and the timeout are read once from the environment at cold
//! start (errors name the variable). Scan types, mode and policy tags have
//! one source, the policy's `[scan]` table: the caller sets them from it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use qscan_contracts::{ScanMode, ScanType};

/// Where the Lambda layer / image puts QScanner.
pub const DEFAULT_BIN: &str = "/opt/qscanner/qscanner";
/// Matches QScanner's own default `--scan-timeout`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
/// Name of the cache directory under the work root. It survives warm
/// invocations so the vulnerability databases and the client JWT are reused.
pub const CACHE_DIR_NAME: &str = "qscanner-cache";

/// How to run QScanner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanConfig {
    pub bin: PathBuf,
    /// `--scan-types`; default `pkg` (OS + SCA, no secrets). From the policy.
    pub scan_types: Vec<ScanType>,
    /// Passed as `--scan-timeout`; the process group is killed when it elapses.
    pub timeout: Duration,
    /// Per-scan temp dirs are created here (in Lambda, `/tmp`).
    pub work_root: PathBuf,
    /// `--cache-dir`, persistent across warm invocations.
    pub cache_dir: PathBuf,
    /// `--mode`; passed only when not QScanner's default. From the policy.
    pub mode: ScanMode,
    /// `--policy-tags`, for `evaluate-policy`. From the policy.
    pub policy_tags: Vec<String>,
    /// `--platform`, e.g. `linux/arm64`; see [`platform_for_architectures`].
    pub platform: Option<String>,
}

/// A bad configuration variable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{var}={value:?} is invalid: {reason}")]
pub struct ConfigError {
    pub var: &'static str,
    pub value: String,
    pub reason: &'static str,
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig::new(DEFAULT_BIN)
    }
}

impl ScanConfig {
    /// Defaults for everything but the binary.
    pub fn new(bin: impl Into<PathBuf>) -> Self {
        ScanConfig {
            bin: bin.into(),
            scan_types: vec![ScanType::Pkg],
            timeout: DEFAULT_TIMEOUT,
            work_root: PathBuf::new(),
            cache_dir: PathBuf::new(),
            mode: ScanMode::GetReport,
            policy_tags: Vec::new(),
            platform: None,
        }
        .with_work_root(std::env::temp_dir())
    }

    /// Moves the work root and the cache directory with it.
    pub fn with_work_root(mut self, root: impl AsRef<Path>) -> Self {
        self.work_root = root.as_ref().to_path_buf();
        self.cache_dir = self.work_root.join(CACHE_DIR_NAME);
        self
    }

    /// Reads `QSCANNER_BIN` and `SCAN_TIMEOUT` from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`ScanConfig::from_env`] over any lookup, so tests need not touch the
    /// process environment. Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        // QScanner runs from its per-scan temp dir: a relative path would
        // not be found there, so it is made absolute here.
        let bin = PathBuf::from(get("QSCANNER_BIN").unwrap_or_else(|| DEFAULT_BIN.into()));
        let bin = if bin.is_relative() {
            std::path::absolute(&bin).unwrap_or(bin)
        } else {
            bin
        };
        let mut config = ScanConfig::new(bin);
        if let Some(value) = get("SCAN_TIMEOUT") {
            config.timeout = parse_timeout(&value)?;
        }
        Ok(config)
    }

    /// True when exit codes 42 (DENY) and 43 (AUDIT) are verdicts.
    pub fn evaluates_policy(&self) -> bool {
        self.mode == ScanMode::EvaluatePolicy
    }
}

/// `--platform` for a function's `Architectures`: QScanner's default is
/// ambiguous for multi-arch images, so arm64 functions say so explicitly.
pub fn platform_for_architectures<S: AsRef<str>>(architectures: &[S]) -> Option<&'static str> {
    architectures
        .iter()
        .any(|a| a.as_ref().eq_ignore_ascii_case("arm64"))
        .then_some("linux/arm64")
}

/// Whole seconds, bare (`300`) or with QScanner's unit (`300s`, `5m`).
fn parse_timeout(value: &str) -> Result<Duration, ConfigError> {
    let bad = |reason| ConfigError {
        var: "SCAN_TIMEOUT",
        value: value.to_owned(),
        reason,
    };
    let trimmed = value.trim();
    let (digits, scale) = if let Some(d) = trimmed.strip_suffix('s') {
        (d, 1)
    } else if let Some(d) = trimmed.strip_suffix('m') {
        (d, 60)
    } else {
        (trimmed, 1)
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| bad("expected whole seconds such as 300, 300s or 5m"))?;
    match n.checked_mul(scale) {
        Some(0) => Err(bad("must be at least one second")),
        Some(secs) => Ok(Duration::from_secs(secs)),
        None => Err(bad("too large")),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<ScanConfig, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ScanConfig::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        let config = from(&[("SCAN_TIMEOUT", " ")]).unwrap();
        assert_eq!(config.bin, PathBuf::from("/opt/qscanner/qscanner"));
        assert_eq!(config.scan_types, [ScanType::Pkg]);
        assert_eq!(config.timeout, Duration::from_secs(300));
        assert_eq!(config.work_root, std::env::temp_dir());
        assert_eq!(
            config.cache_dir,
            std::env::temp_dir().join("qscanner-cache")
        );
        assert_eq!((config.mode, config.platform), (ScanMode::GetReport, None));
        assert!(config.policy_tags.is_empty());
    }

    #[test]
    fn reads_every_variable() {
        let config = from(&[
            ("QSCANNER_BIN", "/usr/local/bin/qscanner"),
            ("SCAN_TIMEOUT", "600s"),
        ])
        .unwrap();
        assert_eq!(config.bin, PathBuf::from("/usr/local/bin/qscanner"));
        assert_eq!(config.timeout, Duration::from_secs(600));
    }

    /// Scan settings have one source, the policy: the variables that used
    /// to be silently overwritten by it are not read at all (issue 7, item 13).
    #[test]
    fn scan_settings_are_not_read_from_the_environment() {
        let config = from(&[
            ("QSCANNER_SCAN_TYPES", "os,sca,secret"),
            ("QSCANNER_MODE", "evaluate-policy"),
            ("QSCANNER_POLICY_TAGS", "prod,pci"),
        ])
        .unwrap();
        assert_eq!(config, ScanConfig::new(DEFAULT_BIN));
        assert!(!config.evaluates_policy());
    }

    #[test]
    fn relative_qscanner_bin_is_made_absolute_because_qscanner_runs_elsewhere() {
        let config = from(&[("QSCANNER_BIN", "target/debug/qscanner-standin")]).unwrap();
        assert!(config.bin.is_absolute(), "{}", config.bin.display());
        assert!(config.bin.ends_with("target/debug/qscanner-standin"));
        assert_eq!(
            config.bin,
            std::env::current_dir()
                .unwrap()
                .join("target/debug/qscanner-standin")
        );
    }

    #[test]
    fn timeout_accepts_bare_seconds_and_units() {
        for (value, secs) in [("300", 300), ("45s", 45), ("5m", 300)] {
            let config = from(&[("SCAN_TIMEOUT", value)]).unwrap();
            assert_eq!(config.timeout, Duration::from_secs(secs), "{value}");
        }
    }

    #[test]
    fn bad_values_name_the_variable_and_value() {
        let cases = [
            ("SCAN_TIMEOUT", "soon"),
            ("SCAN_TIMEOUT", "0s"),
            ("SCAN_TIMEOUT", "-5"),
        ];
        for (var, value) in cases {
            let err = from(&[(var, value)]).unwrap_err();
            assert_eq!((err.var, err.value.as_str()), (var, value));
            assert!(err
                .to_string()
                .starts_with(&format!("{var}={value:?} is invalid")));
        }
    }

    #[test]
    fn arm64_functions_get_an_explicit_platform() {
        assert_eq!(platform_for_architectures(&["arm64"]), Some("linux/arm64"));
        assert_eq!(platform_for_architectures(&["x86_64"]), None);
        assert_eq!(platform_for_architectures::<&str>(&[]), None);
    }

    #[test]
    fn moving_the_work_root_moves_the_cache() {
        let config = ScanConfig::new("/bin/q").with_work_root("/scratch");
        assert_eq!(config.cache_dir, PathBuf::from("/scratch/qscanner-cache"));
    }
}
