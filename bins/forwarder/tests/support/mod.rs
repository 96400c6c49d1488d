//! Test seams for the forwarder's handler: a dispatcher that records what
//! it is handed (the `Dispatch` trait is the seam, not AWS), a forwarder
//! built without any AWS call, and the fixture events.

#![allow(dead_code)]

use std::sync::Mutex;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use forwarder::metrics::Metrics;
use forwarder::Forwarder;
use qscan_aws::{Dispatch, DispatchError, PolicyStore};
use qscan_policy::Policy;
use serde_json::Value;

pub const ACCOUNT: &str = "123456789012";
pub const REGION: &str = "us-east-1";

/// Records every message; fails for functions whose ARN ends in one of
/// `fail_names` (`:function:<name>`), or for all when `fail_all`.
#[derive(Debug, Default)]
pub struct Recorder {
    pub scanner: Mutex<Vec<Value>>,
    pub reporter: Mutex<Vec<Value>>,
    pub fail_names: Vec<String>,
    pub fail_all: bool,
}

impl Recorder {
    pub fn failing_for(names: &[&str]) -> Self {
        Recorder {
            fail_names: names.iter().map(|n| n.to_string()).collect(),
            ..Recorder::default()
        }
    }

    pub fn scans(&self) -> Vec<Value> {
        self.scanner.lock().unwrap().clone()
    }

    pub fn reports(&self) -> Vec<Value> {
        self.reporter.lock().unwrap().clone()
    }

    pub fn nothing_sent(&self) -> bool {
        self.scans().is_empty() && self.reports().is_empty()
    }

    fn deliver(&self, to: &Mutex<Vec<Value>>, payload: &Value) -> Result<(), DispatchError> {
        let arn = payload["function"]["arn"].as_str().unwrap_or_default();
        let fails = self.fail_all
            || self
                .fail_names
                .iter()
                .any(|name| arn.ends_with(&format!(":function:{name}")));
        if fails {
            return Err(DispatchError::Invoke {
                function: "scanner".into(),
                reason: "TooManyRequestsException: Rate exceeded".into(),
            });
        }
        to.lock().unwrap().push(payload.clone());
        Ok(())
    }
}

impl Dispatch for Recorder {
    async fn to_scanner(&self, payload: &Value) -> Result<(), DispatchError> {
        self.deliver(&self.scanner, payload)
    }

    async fn to_reporter(&self, payload: &Value) -> Result<(), DispatchError> {
        self.deliver(&self.reporter, payload)
    }
}

/// SDK settings that make no call by themselves (credentials and endpoint
/// given): enough for handlers that never reach AWS.
pub fn offline_sdk(endpoint: &str) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .endpoint_url(endpoint)
        // One attempt: a test that reaches an endpoint nobody serves fails fast.
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(
                aws_credential_types::Credentials::new("testing", "testing", None, None, "tests"),
            ),
        )
        .build()
}

/// A forwarder with the default policy (scan everything) or `policy`.
pub fn forwarder_with(
    dispatch: Recorder,
    sdk: &SdkConfig,
    policy: Option<&str>,
) -> Forwarder<Recorder> {
    let policy = match policy {
        Some(text) => Policy::parse(text, "test policy").unwrap().policy,
        None => Policy::default(),
    };
    Forwarder {
        dispatch,
        lambda: aws_sdk_lambda::Client::new(sdk),
        account: ACCOUNT.into(),
        region: REGION.into(),
        policy: PolicyStore::fixed(policy),
        metrics: Metrics::recording(),
    }
}

pub fn forwarder(dispatch: Recorder) -> Forwarder<Recorder> {
    // Nothing listens there: a handler that reached AWS would fail. Built
    // once: property tests make hundreds of forwarders.
    static OFFLINE: std::sync::OnceLock<SdkConfig> = std::sync::OnceLock::new();
    forwarder_with(
        dispatch,
        OFFLINE.get_or_init(|| offline_sdk("http://127.0.0.1:9")),
        None,
    )
}

pub fn fixture(name: &str) -> Value {
    let text = match name {
        "create-image-by-name" => include_str!("../fixtures/events/create-image-by-name.json"),
        "create-zip-published" => include_str!("../fixtures/events/create-zip-published.json"),
        "create-failed" => include_str!("../fixtures/events/create-failed.json"),
        "delete" => include_str!("../fixtures/events/delete.json"),
        "delete-version" => include_str!("../fixtures/events/delete-version.json"),
        "delete-version-in-name" => include_str!("../fixtures/events/delete-version-in-name.json"),
        "publish-version" => include_str!("../fixtures/events/publish-version.json"),
        "spoke-update-code" => include_str!("../fixtures/events/spoke-update-code.json"),
        "update-code-by-arn" => include_str!("../fixtures/events/update-code-by-arn.json"),
        "update-config-env-only" => include_str!("../fixtures/events/update-config-env-only.json"),
        "update-config-layers" => include_str!("../fixtures/events/update-config-layers.json"),
        other => panic!("no fixture {other}"),
    };
    serde_json::from_str(text).unwrap()
}

/// Every well-formed fixture event.
pub const FIXTURES: [&str; 11] = [
    "create-image-by-name",
    "create-zip-published",
    "create-failed",
    "delete",
    "delete-version",
    "delete-version-in-name",
    "publish-version",
    "spoke-update-code",
    "update-code-by-arn",
    "update-config-env-only",
    "update-config-layers",
];
