//! `lambda:GetFunction` → [`FunctionDetails`], waiting (bounded) for a
//! function that is still being created or updated: CloudTrail events
//! arrive while it is `Pending` / `InProgress`, before the image digest is
//! resolved.

use std::time::{Duration, Instant};

use aws_sdk_lambda::operation::get_function::GetFunctionOutput;
use aws_sdk_lambda::types::{LastUpdateStatus, State};
use qscan_contracts::{FunctionDetails, FunctionId, PackageType};

#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("function {arn} does not exist (deleted before it could be scanned?)")]
    NotFound { arn: String },
    #[error("GetFunction for {arn} failed: {reason}")]
    Api {
        arn: String,
        reason: String,
        throttled: bool,
    },
    #[error("GetFunction for {arn} returned no configuration")]
    Incomplete { arn: String },
}

/// How long to wait for a function to settle, and how often to look.
#[derive(Debug, Clone, Copy)]
pub struct SettleWait {
    pub max: Duration,
    pub interval: Duration,
}

impl Default for SettleWait {
    fn default() -> Self {
        SettleWait {
            max: Duration::from_secs(60),
            interval: Duration::from_secs(3),
        }
    }
}

/// Reads the function as deployed. A function still settling after
/// `wait.max` is scanned as it is, with a warning: its code is already in
/// place; only the state flag lags.
pub async fn resolve(
    lambda: &aws_sdk_lambda::Client,
    function: &FunctionId,
    wait: SettleWait,
) -> Result<FunctionDetails, ResolveError> {
    let started = Instant::now();
    loop {
        let out = get_function(lambda, function).await?;
        let settling = is_settling(&out);
        if !settling || started.elapsed() >= wait.max {
            if settling {
                tracing::warn!(function = %function, waited_s = wait.max.as_secs(), "function still settling; scanning it as it is");
            }
            return details(function, out);
        }
        tracing::info!(function = %function, "function is still being deployed; waiting");
        tokio::time::sleep(wait.interval).await;
    }
}

async fn get_function(
    lambda: &aws_sdk_lambda::Client,
    function: &FunctionId,
) -> Result<GetFunctionOutput, ResolveError> {
    lambda
        .get_function()
        .function_name(&function.arn)
        .send()
        .await
        .map_err(|e| {
            if qscan_aws::is_not_found(&e) {
                ResolveError::NotFound {
                    arn: function.arn.clone(),
                }
            } else {
                ResolveError::Api {
                    arn: function.arn.clone(),
                    reason: qscan_aws::describe(&e),
                    throttled: qscan_aws::is_throttling(&e),
                }
            }
        })
}

fn is_settling(out: &GetFunctionOutput) -> bool {
    let Some(config) = out.configuration() else {
        return false;
    };
    matches!(config.state(), Some(State::Pending))
        || matches!(
            config.last_update_status(),
            Some(LastUpdateStatus::InProgress)
        )
}

fn details(function: &FunctionId, out: GetFunctionOutput) -> Result<FunctionDetails, ResolveError> {
    let config = out
        .configuration()
        .ok_or_else(|| ResolveError::Incomplete {
            arn: function.arn.clone(),
        })?;
    let package_type = match config.package_type() {
        Some(aws_sdk_lambda::types::PackageType::Image) => PackageType::Image,
        _ => PackageType::Zip,
    };
    let code = out.code();
    Ok(FunctionDetails {
        id: FunctionId {
            qualifier: None,
            ..function.clone()
        },
        package_type,
        runtime: config.runtime().map(|r| r.as_str().to_owned()),
        code_sha256: config.code_sha256().map(str::to_owned),
        image_uri: code.and_then(|c| c.image_uri()).map(str::to_owned),
        resolved_image_uri: code.and_then(|c| c.resolved_image_uri()).map(str::to_owned),
        architectures: config
            .architectures()
            .iter()
            .map(|a| a.as_str().to_owned())
            .collect(),
        layers: config
            .layers()
            .iter()
            .filter_map(|l| l.arn().map(str::to_owned))
            .collect(),
        function_version: config.version().map(str::to_owned),
        tags: out
            .tags()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
    })
}
