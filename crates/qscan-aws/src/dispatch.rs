//! Hand-off between the Lambdas: asynchronous `lambda:Invoke`.
//!
//! Asynchronous invocation gives each hop Lambda's own retries and an
//! on-failure destination (the dead-letter queue), so nothing is lost when
//! a downstream function fails. The [`Dispatch`] trait lets the CLI's
//! replay run the same handlers in-process instead.

use std::future::Future;

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::InvocationType;

/// Where the forwarder and scanner send their messages.
pub trait Dispatch: Send + Sync {
    /// Delivers `payload` to the scanner.
    fn to_scanner(
        &self,
        payload: &serde_json::Value,
    ) -> impl Future<Output = Result<(), DispatchError>> + Send;
    /// Delivers `payload` to the reporter.
    fn to_reporter(
        &self,
        payload: &serde_json::Value,
    ) -> impl Future<Output = Result<(), DispatchError>> + Send;
}

#[derive(Debug, thiserror::Error)]
pub enum DispatchError {
    #[error("no {role} function configured: set {variable}")]
    NotConfigured {
        role: &'static str,
        variable: &'static str,
    },
    #[error("asynchronous invoke of {function} failed: {reason}")]
    Invoke { function: String, reason: String },
    #[error("{function} rejected the message: {reason}")]
    Rejected { function: String, reason: String },
    #[error(
        "message for {function} is {size} bytes, over the {limit}-byte asynchronous invoke limit"
    )]
    TooLarge {
        function: String,
        size: usize,
        limit: usize,
    },
    #[error("in-process delivery to {target} failed: {reason}")]
    InProcess {
        target: &'static str,
        reason: String,
    },
}

impl DispatchError {
    /// Whether sending the same message again may succeed: a failed or
    /// refused call may (throttling, a 5xx, a function being updated), a
    /// missing setting or an oversized message never will.
    pub fn is_retryable(&self) -> bool {
        match self {
            DispatchError::Invoke { .. }
            | DispatchError::Rejected { .. }
            | DispatchError::InProcess { .. } => true,
            DispatchError::NotConfigured { .. } | DispatchError::TooLarge { .. } => false,
        }
    }
}

/// Asynchronous invoke payload limit (1 MiB since 2025; 256 KiB before).
pub const ASYNC_PAYLOAD_LIMIT: usize = 1024 * 1024;

/// Dispatches by asynchronous `lambda:Invoke` to functions named in the
/// environment (`SCANNER_FUNCTION`, `REPORTER_FUNCTION`).
#[derive(Debug, Clone)]
pub struct LambdaDispatcher {
    client: aws_sdk_lambda::Client,
    scanner: Option<String>,
    reporter: Option<String>,
}

impl LambdaDispatcher {
    /// `LAMBDA_INVOKE_ENDPOINT_URL` overrides the endpoint for invocations
    /// only: locally the functions run under a Runtime API emulator while
    /// every other call goes to the AWS emulator.
    pub fn from_env(sdk: &aws_config::SdkConfig) -> Self {
        let mut conf = aws_sdk_lambda::config::Builder::from(sdk);
        if let Some(endpoint) = crate::optional_env("LAMBDA_INVOKE_ENDPOINT_URL") {
            conf = conf.endpoint_url(endpoint);
        }
        LambdaDispatcher {
            client: aws_sdk_lambda::Client::from_conf(conf.build()),
            scanner: crate::optional_env("SCANNER_FUNCTION"),
            reporter: crate::optional_env("REPORTER_FUNCTION"),
        }
    }

    async fn invoke(
        &self,
        function: &str,
        payload: &serde_json::Value,
    ) -> Result<(), DispatchError> {
        let body = serde_json::to_vec(payload).map_err(|e| DispatchError::Invoke {
            function: function.into(),
            reason: e.to_string(),
        })?;
        if body.len() > ASYNC_PAYLOAD_LIMIT {
            return Err(DispatchError::TooLarge {
                function: function.into(),
                size: body.len(),
                limit: ASYNC_PAYLOAD_LIMIT,
            });
        }
        let out = self
            .client
            .invoke()
            .function_name(function)
            .invocation_type(InvocationType::Event)
            .payload(Blob::new(body))
            .send()
            .await
            .map_err(|e| DispatchError::Invoke {
                function: function.into(),
                reason: crate::describe(&e),
            })?;
        // An emulator without a container runtime answers 200 with a
        // FunctionError: that is not a delivery.
        if let Some(error) = out.function_error() {
            let detail = out
                .payload()
                .map(|p| String::from_utf8_lossy(p.as_ref()).into_owned())
                .unwrap_or_default();
            return Err(DispatchError::Rejected {
                function: function.into(),
                reason: format!("{error}: {detail}"),
            });
        }
        match out.status_code() {
            200..=299 => Ok(()),
            code => Err(DispatchError::Rejected {
                function: function.into(),
                reason: format!("status {code}"),
            }),
        }
    }
}

impl Dispatch for LambdaDispatcher {
    async fn to_scanner(&self, payload: &serde_json::Value) -> Result<(), DispatchError> {
        let function = self
            .scanner
            .as_deref()
            .ok_or(DispatchError::NotConfigured {
                role: "scanner",
                variable: "SCANNER_FUNCTION",
            })?;
        self.invoke(function, payload).await
    }

    async fn to_reporter(&self, payload: &serde_json::Value) -> Result<(), DispatchError> {
        let function = self
            .reporter
            .as_deref()
            .ok_or(DispatchError::NotConfigured {
                role: "reporter",
                variable: "REPORTER_FUNCTION",
            })?;
        self.invoke(function, payload).await
    }
}
