//! Shared by the tests that run `qscan_qscanner::run_scan` against the
//! real stand-in process: a work root per test, credentials, a target.
#![allow(dead_code)] // each test binary uses its own part of it

use std::ffi::OsString;
use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use qscan_qscanner::{
    run_scan_with_parent_env, AwsEnvCredentials, QualysCredentials, ScanConfig, ScanError,
    ScanReport, Secret, Target,
};
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_qscanner-standin");
pub const TOKEN: &str = "qualys-token-5d1c";
pub const AWS_SECRET: &str = "spoke-secret-key-77";
pub const DIGEST: &str = "bc669544845542470042912a0f61b90499ffc2320b45ea66b0be50439c5aab19";
pub const ARN: &str = "arn:aws:lambda:eu-west-1:222222222222:function:billing";

/// One test's directories: the work root the scanner owns, and a record
/// file outside it that survives the scan.
pub struct Bench {
    pub dir: tempfile::TempDir,
    pub config: ScanConfig,
}

impl Bench {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut config = ScanConfig::new(BIN).with_work_root(dir.path().join("work"));
        config.timeout = Duration::from_secs(30);
        Bench { dir, config }
    }

    pub fn record_path(&self) -> PathBuf {
        self.dir.path().join("record.json")
    }

    /// The parent environment: PATH (the stand-in runs `sleep`), noise
    /// that must not reach the child, and the steering variables.
    pub fn parent(&self, steer: &[(&str, &str)]) -> Vec<(OsString, OsString)> {
        let mut env: Vec<(OsString, OsString)> = vec![
            ("PATH".into(), std::env::var_os("PATH").unwrap_or_default()),
            ("AWS_ACCESS_KEY_ID".into(), "AKIAHUBPARENT".into()),
            ("AWS_PROFILE".into(), "hub".into()),
            ("QSCANNER_BIN".into(), "/opt/qscanner/qscanner".into()),
            ("QSCANNER_STANDIN_RECORD".into(), self.record_path().into()),
        ];
        env.extend(steer.iter().map(|(k, v)| (k.into(), v.into())));
        env
    }

    pub async fn scan(
        &self,
        target: &Target,
        aws: Option<&AwsEnvCredentials>,
        steer: &[(&str, &str)],
    ) -> Result<ScanReport, ScanError> {
        run_scan_with_parent_env(&self.config, target, &qualys(), aws, self.parent(steer)).await
    }

    pub fn record(&self) -> Value {
        serde_json::from_str(&fs::read_to_string(self.record_path()).unwrap()).unwrap()
    }

    /// Per-scan directories left in the work root (the cache stays).
    pub fn leftovers(&self) -> Vec<String> {
        fs::read_dir(&self.config.work_root)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name != "qscanner-cache")
            .collect()
    }
}

pub fn qualys() -> QualysCredentials {
    QualysCredentials::from_secret_json(&format!(
        r#"{{"qualys_pod":"US2","qualys_access_token":"{TOKEN}"}}"#
    ))
    .unwrap()
}

pub fn spoke() -> AwsEnvCredentials {
    AwsEnvCredentials {
        access_key_id: "AKIASPOKE".into(),
        secret_access_key: Secret::new(AWS_SECRET),
        session_token: Some(Secret::new("spoke-session")),
        region: "eu-west-1".into(),
    }
}

pub fn image() -> Target {
    Target::Image(format!(
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api@sha256:{DIGEST}"
    ))
}
