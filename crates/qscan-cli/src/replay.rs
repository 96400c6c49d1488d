//! Replay a CloudTrail event file through the whole pipeline.
//!
//! Two ways, one code path for the handlers:
//! - **in-process** (default): the forwarder, scanner and reporter handlers
//!   run in this process, each hop handed over directly instead of by
//!   `lambda:Invoke`; every AWS call goes to whatever the environment names
//!   (`AWS_ENDPOINT_URL`, or real AWS), QScanner is `QSCANNER_BIN`. The
//!   configuration variables are the Lambdas' own (README, "Configuration").
//! - **deployed** (`--deployed FORWARDER`): the event is sent to the
//!   deployed forwarder with `lambda:Invoke` (`--invoke-endpoint` for a
//!   local Runtime API emulator), as the EventBridge rule would.

use std::sync::Mutex;

use aws_config::SdkConfig;
use aws_sdk_lambda::primitives::Blob;
use forwarder::Forwarder;
use qscan_aws::boundary::chain;
use qscan_aws::{Dispatch, DispatchError};
use reporter::Reporter;
use scanner::Scanner;
use serde_json::{json, Value};

/// What each hop answered, in order.
#[derive(Debug, Default)]
pub struct Trace {
    hops: Mutex<Vec<(String, Value)>>,
}

impl Trace {
    fn record(&self, hop: &str, answer: Value) {
        if let Ok(mut hops) = self.hops.lock() {
            hops.push((hop.to_owned(), answer));
        }
    }

    pub fn hops(&self) -> Vec<(String, Value)> {
        self.hops.lock().map(|h| h.clone()).unwrap_or_default()
    }
}

/// The reporter, reached directly.
#[derive(Debug)]
struct ToReporter<'a> {
    reporter: &'a Reporter,
    trace: &'a Trace,
}

impl Dispatch for ToReporter<'_> {
    async fn to_scanner(&self, _: &Value) -> Result<(), DispatchError> {
        Err(DispatchError::InProcess {
            target: "scanner",
            reason: "only the forwarder sends to the scanner".into(),
        })
    }

    async fn to_reporter(&self, payload: &Value) -> Result<(), DispatchError> {
        let summary = Box::pin(self.reporter.handle(payload.clone()))
            .await
            .map_err(|e| DispatchError::InProcess {
                target: "reporter",
                reason: chain(&e),
            })?;
        self.trace.record("reporter", json!(summary));
        Ok(())
    }
}

/// The scanner and reporter, reached directly.
#[derive(Debug)]
struct ToPipeline<'a> {
    scanner: Scanner<ToReporter<'a>>,
    to_reporter: ToReporter<'a>,
}

impl Dispatch for ToPipeline<'_> {
    async fn to_scanner(&self, payload: &Value) -> Result<(), DispatchError> {
        let summary = Box::pin(self.scanner.handle(payload.clone()))
            .await
            .map_err(|e| DispatchError::InProcess {
                target: "scanner",
                reason: chain(&e),
            })?;
        self.to_reporter.trace.record("scanner", json!(summary));
        Ok(())
    }

    async fn to_reporter(&self, payload: &Value) -> Result<(), DispatchError> {
        self.to_reporter.to_reporter(payload).await
    }
}

/// Runs `event` through the three handlers in this process.
pub async fn in_process(sdk: &SdkConfig, event: Value, trace: &Trace) -> anyhow::Result<Value> {
    let reporter = Reporter::from_env(sdk).await?;
    let to_reporter = || ToReporter {
        reporter: &reporter,
        trace,
    };
    let scanner = Scanner::from_env(sdk, to_reporter()).await?;
    let pipeline = ToPipeline {
        scanner,
        to_reporter: to_reporter(),
    };
    let forwarder = Forwarder::from_env(sdk, pipeline).await?;
    let summary = Box::pin(forwarder.handle(event))
        .await
        .map_err(|e| anyhow::anyhow!("{}", chain(&e)))?;
    let summary = json!(summary);
    trace.record("forwarder", summary.clone());
    Ok(summary)
}

/// Sends `event` to the deployed forwarder and returns its answer.
pub async fn deployed(
    sdk: &SdkConfig,
    invoke_endpoint: Option<&str>,
    forwarder: &str,
    event: &Value,
) -> anyhow::Result<Value> {
    let mut config = aws_sdk_lambda::config::Builder::from(sdk);
    if let Some(endpoint) = invoke_endpoint {
        config = config.endpoint_url(endpoint);
    }
    let out = aws_sdk_lambda::Client::from_conf(config.build())
        .invoke()
        .function_name(forwarder)
        .payload(Blob::new(serde_json::to_vec(event)?))
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("invoking {forwarder}: {}", qscan_aws::describe(&e)))?;
    let answer: Value = out
        .payload()
        .map(|p| serde_json::from_slice(p.as_ref()))
        .transpose()?
        .unwrap_or(Value::Null);
    if let Some(error) = out.function_error() {
        anyhow::bail!("{forwarder} failed ({error}): {answer}");
    }
    Ok(answer)
}
