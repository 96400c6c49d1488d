//! SDK configuration and environment variables, read once at cold start.

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, SdkConfig};

/// Loads the shared SDK configuration with retries suited to Lambda:
/// standard mode, five attempts, so throttling (Security Hub allows 10
/// calls/s) is absorbed before an error reaches the handler.
pub async fn load_sdk_config() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::standard().with_max_attempts(5))
        .load()
        .await
}

#[derive(Debug, thiserror::Error)]
pub enum EnvError {
    #[error("environment variable {name} is not set; {hint}")]
    Missing {
        name: &'static str,
        hint: &'static str,
    },
    #[error("environment variable {name}={value:?} is invalid: {reason}")]
    Invalid {
        name: &'static str,
        value: String,
        reason: String,
    },
}

/// A configuration problem found at cold start, in any of the three Lambdas:
/// the cold start fails with it and Lambda reports an initialisation error.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("no AWS region configured (set AWS_REGION)")]
    NoRegion,
    #[error(transparent)]
    Env(#[from] EnvError),
    #[error(transparent)]
    Access(#[from] crate::accounts::AccessError),
    #[error(transparent)]
    Policy(#[from] crate::PolicyLoadError),
}

/// A set, non-empty environment variable.
pub fn optional_env(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A variable the Lambda cannot work without; `hint` says what it is for.
pub fn required_env(name: &'static str, hint: &'static str) -> Result<String, EnvError> {
    optional_env(name).ok_or(EnvError::Missing { name, hint })
}

/// A boolean flag: `true/false/1/0/yes/no`, `default` when unset.
pub fn flag_env(name: &'static str, default: bool) -> Result<bool, EnvError> {
    match optional_env(name) {
        None => Ok(default),
        Some(v) => match v.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            _ => Err(EnvError::Invalid {
                name,
                value: v,
                reason: "expected true or false".into(),
            }),
        },
    }
}
