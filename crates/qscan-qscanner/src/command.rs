//! QScanner's command line and environment, built as pure functions so
//! tests can assert exactly what the subprocess receives.
//!
//! Secrets travel only in the environment: argv is visible to every process
//! on the host (`/proc/<pid>/cmdline`) and ends up in QScanner's own log.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::{Path, PathBuf};

use qscan_contracts::{ScanMode, ScanType};

use crate::config::ScanConfig;
use crate::credentials::{AwsEnvCredentials, QualysAuth, QualysCredentials, QualysPlatform};

/// PATH for the child when the parent has none.
const FALLBACK_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// What QScanner scans.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// `image <ref>`; prefer `repo@sha256:…` so the digest scanned is the
    /// digest deployed.
    Image(String),
    /// `lambda <arn>`, for zip functions.
    Lambda { arn: String },
}

impl Target {
    /// QScanner's command for this target.
    pub fn command(&self) -> &'static str {
        match self {
            Target::Image(_) => "image",
            Target::Lambda { .. } => "lambda",
        }
    }

    /// The image reference or function ARN.
    pub fn reference(&self) -> &str {
        match self {
            Target::Image(reference) => reference,
            Target::Lambda { arn } => arn,
        }
    }

    /// Why this target cannot be put on argv, if it cannot: a value starting
    /// with `-` would be read as a flag.
    pub fn problem(&self) -> Option<&'static str> {
        let reference = self.reference();
        if reference.trim().is_empty() {
            Some("the reference is empty")
        } else if reference.starts_with('-') {
            Some("the reference starts with '-' and would be read as a flag")
        } else if reference.chars().any(char::is_whitespace) {
            Some("the reference contains whitespace")
        } else if matches!(self, Target::Lambda { .. }) && !reference.starts_with("arn:") {
            Some("a lambda target must be a function ARN")
        } else {
            None
        }
    }
}

impl fmt::Display for Target {
    /// `image <ref>` / `lambda <arn>`, as `ScannerRun.target` records it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.command(), self.reference())
    }
}

/// The per-scan directory layout. Everything QScanner writes, except the
/// cache, lives under `root` and goes when the scan ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanDirs {
    pub root: PathBuf,
    /// `HOME`: QScanner needs it set and writable.
    pub home: PathBuf,
    /// `TMPDIR`.
    pub tmp: PathBuf,
    /// `--output-dir`.
    pub output: PathBuf,
}

impl ScanDirs {
    pub fn under(root: impl AsRef<Path>) -> Self {
        let root = root.as_ref().to_path_buf();
        ScanDirs {
            home: root.join("home"),
            tmp: root.join("tmp"),
            output: root.join("out"),
            root,
        }
    }
}

/// QScanner's argv (without the program name), in the documented order:
/// platform, directories, scan options, then `<command> <target>`.
pub fn build_args(
    config: &ScanConfig,
    target: &Target,
    qualys: &QualysCredentials,
    output_dir: &Path,
) -> Vec<OsString> {
    let mut args: Vec<OsString> = Vec::with_capacity(24);
    let mut flag = |name: &str, value: &OsStr| {
        args.push(name.into());
        args.push(value.to_owned());
    };
    match &qualys.platform {
        QualysPlatform::Pod(pod) => flag("--pod", pod.as_ref()),
        QualysPlatform::GatewayUrl(url) => flag("--gateway-url", url.as_ref()),
    }
    flag("--output-dir", output_dir.as_os_str());
    flag("--cache-dir", config.cache_dir.as_os_str());
    flag("--scan-types", ScanType::join(&config.scan_types).as_ref());
    flag("--format", "json".as_ref());
    flag("--report-format", "sarif".as_ref());
    let secs = config.timeout.as_secs().max(1);
    flag("--scan-timeout", format!("{secs}s").as_ref());
    if config.mode != ScanMode::GetReport {
        flag("--mode", config.mode.as_str().as_ref());
    }
    if !config.policy_tags.is_empty() {
        flag("--policy-tags", config.policy_tags.join(",").as_ref());
    }
    if let Some(platform) = &config.platform {
        flag("--platform", platform.as_ref());
    }
    args.push(target.command().into());
    args.push(target.reference().into());
    args
}

/// The child's complete environment. `Debug` lists names only: values hold
/// secrets.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ChildEnv(BTreeMap<OsString, OsString>);

impl ChildEnv {
    pub fn get(&self, name: &str) -> Option<&OsStr> {
        self.0.get(OsStr::new(name)).map(OsString::as_os_str)
    }

    pub fn names(&self) -> impl Iterator<Item = &OsStr> {
        self.0.keys().map(OsString::as_os_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&OsStr, &OsStr)> {
        self.0.iter().map(|(k, v)| (k.as_os_str(), v.as_os_str()))
    }

    fn set(&mut self, name: &str, value: impl Into<OsString>) {
        self.0.insert(name.into(), value.into());
    }
}

impl fmt::Debug for ChildEnv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// Whether a parent variable reaches the child unchanged: QScanner's own
/// `QSCANNER_*` options (not `QSCANNER_BIN`, which is ours) and the AWS
/// endpoint override used with a local emulator.
fn passes_through(name: &OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    (name.starts_with("QSCANNER_") && name != "QSCANNER_BIN") || name == "AWS_ENDPOINT_URL"
}

/// Builds the child's environment from scratch (the child starts from
/// `env_clear()`): nothing of the parent's AWS identity leaks in, so in
/// hub/spoke QScanner acts as the spoke.
pub fn build_env(
    dirs: &ScanDirs,
    qualys: &QualysCredentials,
    aws: Option<&AwsEnvCredentials>,
    parent: impl IntoIterator<Item = (OsString, OsString)>,
) -> ChildEnv {
    let mut env = ChildEnv::default();
    let mut path = None;
    for (name, value) in parent {
        if name == "PATH" {
            path = Some(value);
        } else if passes_through(&name) {
            env.0.insert(name, value);
        }
    }
    env.set("PATH", path.unwrap_or_else(|| FALLBACK_PATH.into()));
    env.set("HOME", &dirs.home);
    env.set("TMPDIR", &dirs.tmp);
    match &qualys.auth {
        QualysAuth::AccessToken(token) => env.set("QUALYS_ACCESS_TOKEN", token.expose()),
        QualysAuth::ClientCredentials {
            client_id,
            client_secret,
        } => {
            env.set("QUALYS_CLIENT_ID", client_id.expose());
            env.set("QUALYS_CLIENT_SECRET", client_secret.expose());
        }
    }
    // Set after the pass-through so the secret wins over a stray parent value.
    if let Some(registry) = &qualys.registry {
        env.set("QSCANNER_REGISTRY_USERNAME", &registry.username);
        env.set("QSCANNER_REGISTRY_PASSWORD", registry.password.expose());
    }
    if let Some(aws) = aws {
        env.set("AWS_ACCESS_KEY_ID", &aws.access_key_id);
        env.set("AWS_SECRET_ACCESS_KEY", aws.secret_access_key.expose());
        if let Some(token) = &aws.session_token {
            env.set("AWS_SESSION_TOKEN", token.expose());
        }
        env.set("AWS_REGION", &aws.region);
        env.set("AWS_DEFAULT_REGION", &aws.region);
    }
    env
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::credentials::{RegistryCredentials, Secret};

    const TOKEN: &str = "token-value-123";

    fn qualys_token() -> QualysCredentials {
        QualysCredentials {
            platform: QualysPlatform::Pod("US2".into()),
            auth: QualysAuth::AccessToken(Secret::new(TOKEN)),
            registry: None,
        }
    }

    fn aws() -> AwsEnvCredentials {
        AwsEnvCredentials {
            access_key_id: "AKIASPOKE".into(),
            secret_access_key: Secret::new("spoke-secret"),
            session_token: Some(Secret::new("spoke-session")),
            region: "eu-west-1".into(),
        }
    }

    fn strings(args: &[OsString]) -> Vec<&str> {
        args.iter().map(|a| a.to_str().unwrap()).collect()
    }

    fn names(env: &ChildEnv) -> Vec<&str> {
        env.names().map(|n| n.to_str().unwrap()).collect()
    }

    #[test]
    fn image_argv_is_exactly_the_documented_command_line() {
        let config = ScanConfig::new("/opt/qscanner/qscanner").with_work_root("/tmp");
        let target = Target::Image("1111.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:ab12".into());
        let args = build_args(&config, &target, &qualys_token(), Path::new("/tmp/s1/out"));
        assert_eq!(
            strings(&args),
            [
                "--pod",
                "US2",
                "--output-dir",
                "/tmp/s1/out",
                "--cache-dir",
                "/tmp/qscanner-cache",
                "--scan-types",
                "pkg",
                "--format",
                "json",
                "--report-format",
                "sarif",
                "--scan-timeout",
                "300s",
                "image",
                "1111.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:ab12",
            ]
        );
    }

    #[test]
    fn optional_flags_and_gateway_appear_before_the_lambda_command() {
        let mut config = ScanConfig::new("/q").with_work_root("/w");
        config.timeout = Duration::from_millis(1500);
        config.scan_types = vec![ScanType::Os, ScanType::Sca];
        config.mode = ScanMode::EvaluatePolicy;
        config.policy_tags = vec!["prod".into(), "pci".into()];
        config.platform = Some("linux/arm64".into());
        let qualys = QualysCredentials {
            platform: QualysPlatform::GatewayUrl("https://gw.example".into()),
            ..qualys_token()
        };
        let arn = "arn:aws:lambda:eu-west-1:222222222222:function:billing";
        let target = Target::Lambda { arn: arn.into() };
        let args = build_args(&config, &target, &qualys, Path::new("/w/s/out"));
        assert_eq!(
            strings(&args),
            [
                "--gateway-url",
                "https://gw.example",
                "--output-dir",
                "/w/s/out",
                "--cache-dir",
                "/w/qscanner-cache",
                "--scan-types",
                "os,sca",
                "--format",
                "json",
                "--report-format",
                "sarif",
                "--scan-timeout",
                "1s",
                "--mode",
                "evaluate-policy",
                "--policy-tags",
                "prod,pci",
                "--platform",
                "linux/arm64",
                "lambda",
                arn,
            ]
        );
    }

    #[test]
    fn secrets_never_reach_argv() {
        let qualys = QualysCredentials {
            auth: QualysAuth::ClientCredentials {
                client_id: Secret::new("cid-1"),
                client_secret: Secret::new("csecret-1"),
            },
            registry: Some(RegistryCredentials {
                username: "ci".into(),
                password: Secret::new("rpass-1"),
            }),
            ..qualys_token()
        };
        for q in [qualys_token(), qualys] {
            let args = build_args(
                &ScanConfig::default(),
                &Target::Image("r@sha256:1".into()),
                &q,
                Path::new("/o"),
            );
            let joined = strings(&args).join(" ");
            for secret in q.secrets() {
                assert!(!joined.contains(secret.expose()), "{joined}");
            }
            assert!(!joined.contains("--access-token") && !joined.contains("--client-secret"));
        }
    }

    #[test]
    fn env_holds_exactly_the_expected_names() {
        let dirs = ScanDirs::under("/tmp/qscan-x");
        let parent = [
            ("PATH", "/usr/bin"),
            ("HOME", "/root"),
            ("AWS_ACCESS_KEY_ID", "AKIAHUB"),
            ("AWS_SECRET_ACCESS_KEY", "hub-secret"),
            ("AWS_LAMBDA_FUNCTION_NAME", "scanner"),
            ("AWS_ENDPOINT_URL", "http://localhost:4566"),
            ("QSCANNER_BIN", "/opt/q"),
            ("QSCANNER_STANDIN_FIXTURE", "clean"),
            ("QSCANNER_REGISTRY_PASSWORD", "parent-pass"),
            ("RUST_LOG", "debug"),
        ]
        .map(|(k, v)| (OsString::from(k), OsString::from(v)));
        let qualys = QualysCredentials {
            registry: Some(RegistryCredentials {
                username: "ci".into(),
                password: Secret::new("secret-pass"),
            }),
            ..qualys_token()
        };
        let env = build_env(&dirs, &qualys, Some(&aws()), parent);
        assert_eq!(
            names(&env),
            [
                "AWS_ACCESS_KEY_ID",
                "AWS_DEFAULT_REGION",
                "AWS_ENDPOINT_URL",
                "AWS_REGION",
                "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN",
                "HOME",
                "PATH",
                "QSCANNER_REGISTRY_PASSWORD",
                "QSCANNER_REGISTRY_USERNAME",
                "QSCANNER_STANDIN_FIXTURE",
                "QUALYS_ACCESS_TOKEN",
                "TMPDIR",
            ]
        );
        let get = |name| env.get(name).unwrap().to_str().unwrap();
        // The spoke's credentials, never the hub's.
        assert_eq!(get("AWS_ACCESS_KEY_ID"), "AKIASPOKE");
        assert_eq!(get("AWS_SECRET_ACCESS_KEY"), "spoke-secret");
        assert_eq!(get("QSCANNER_REGISTRY_PASSWORD"), "secret-pass");
        assert_eq!(get("QUALYS_ACCESS_TOKEN"), TOKEN);
        assert_eq!(
            (get("HOME"), get("TMPDIR")),
            ("/tmp/qscan-x/home", "/tmp/qscan-x/tmp")
        );
        assert_eq!(
            (get("PATH"), get("AWS_DEFAULT_REGION")),
            ("/usr/bin", "eu-west-1")
        );
        assert!(!format!("{env:?}").contains(TOKEN));
    }

    #[test]
    fn env_without_aws_or_parent_path_uses_client_credentials_and_fallback_path() {
        let qualys = QualysCredentials {
            auth: QualysAuth::ClientCredentials {
                client_id: Secret::new("cid"),
                client_secret: Secret::new("cs"),
            },
            ..qualys_token()
        };
        let env = build_env(&ScanDirs::under("/s"), &qualys, None, Vec::new());
        assert_eq!(
            names(&env),
            [
                "HOME",
                "PATH",
                "QUALYS_CLIENT_ID",
                "QUALYS_CLIENT_SECRET",
                "TMPDIR"
            ]
        );
        assert_eq!(env.get("PATH").unwrap(), FALLBACK_PATH);
    }

    #[test]
    fn targets_that_would_read_as_flags_are_refused() {
        assert_eq!(Target::Image("repo@sha256:ab".into()).problem(), None);
        assert!(Target::Image("--access-token=x".into()).problem().is_some());
        assert!(Target::Image(" ".into()).problem().is_some());
        assert!(Target::Image("a b".into()).problem().is_some());
        assert!(Target::Lambda {
            arn: "billing".into()
        }
        .problem()
        .is_some());
        let arn = "arn:aws:lambda:eu-west-1:222222222222:function:billing";
        let target = Target::Lambda { arn: arn.into() };
        assert_eq!(target.problem(), None);
        assert_eq!(target.to_string(), format!("lambda {arn}"));
    }
}
