//! The three Lambdas running as deployed: `cargo lambda watch
//! --only-lambda-apis` serves the Lambda Runtime API and the Invoke API;
//! each built binary polls its own runtime endpoint, exactly as in Lambda.
//! Hops between functions are real `lambda:Invoke` calls to that endpoint.

use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::SdkConfig;
use aws_sdk_lambda::primitives::Blob;
use serde_json::Value;

use crate::emulator::free_port;
use crate::paths::{built_binary, venv_bin, workspace_root};

/// A whole pipeline run takes seconds; a hang fails the test instead.
const INVOKE_TIMEOUT: Duration = Duration::from_secs(120);

pub const FUNCTIONS: [&str; 3] = ["forwarder", "scanner", "reporter"];

/// Runtime API emulator plus the three function processes; stopped on drop.
#[derive(Debug)]
pub struct LocalLambdas {
    children: Vec<Child>,
    port: u16,
    logs: tempfile::TempDir,
}

/// The answer to a synchronous invoke.
#[derive(Debug)]
pub struct Invocation {
    /// `Some(errorType)` when the handler returned an error.
    pub function_error: Option<String>,
    pub payload: Value,
}

impl LocalLambdas {
    /// Starts the emulator and the functions. `env` is each function's
    /// configuration (emulator endpoint, credentials, resource names);
    /// nothing else leaks in from the caller's environment but PATH.
    pub async fn start(env: &[(String, String)]) -> anyhow::Result<Self> {
        let logs = tempfile::tempdir()?;
        let port = free_port()?;
        let mut lambdas = LocalLambdas {
            children: Vec::new(),
            port,
            logs,
        };
        let watch_log = File::create(lambdas.log_path("runtime-api"))?;
        lambdas.children.push(
            Command::new(venv_bin("cargo-lambda")?)
                .args([
                    "lambda",
                    "watch",
                    "--only-lambda-apis",
                    "-A",
                    "127.0.0.1",
                    "-P",
                ])
                .arg(port.to_string())
                .current_dir(workspace_root())
                .stdout(watch_log.try_clone()?)
                .stderr(watch_log)
                .spawn()?,
        );
        wait_for_port(port, Duration::from_secs(30)).await?;
        for name in FUNCTIONS {
            let log = File::create(lambdas.log_path(name))?;
            let mut command = Command::new(built_binary(name)?);
            command
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("AWS_LAMBDA_FUNCTION_NAME", name)
                .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048")
                .env(
                    "AWS_LAMBDA_RUNTIME_API",
                    format!("http://127.0.0.1:{port}/.rt/{name}"),
                )
                .env("LAMBDA_INVOKE_ENDPOINT_URL", lambdas.endpoint())
                .env("SCANNER_FUNCTION", "scanner")
                .env("REPORTER_FUNCTION", "reporter")
                .env("RUST_LOG", "info")
                .envs(env.iter().map(|(k, v)| (k, v)))
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log);
            lambdas.children.push(command.spawn()?);
        }
        Ok(lambdas)
    }

    /// The Invoke API endpoint (`LAMBDA_INVOKE_ENDPOINT_URL`).
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Invokes `function` synchronously through the Invoke API. No SDK
    /// retries: a failing handler is reported once, as it happened.
    pub async fn invoke(
        &self,
        sdk: &SdkConfig,
        function: &str,
        payload: &Value,
    ) -> anyhow::Result<Invocation> {
        let config = aws_sdk_lambda::config::Builder::from(sdk)
            .endpoint_url(self.endpoint())
            .retry_config(RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_timeout(INVOKE_TIMEOUT)
                    .build(),
            )
            .build();
        let client = aws_sdk_lambda::Client::from_conf(config);
        let result = client
            .invoke()
            .function_name(function)
            .payload(Blob::new(serde_json::to_vec(payload)?))
            .send()
            .await;
        match result {
            Ok(out) => Ok(Invocation {
                function_error: out.function_error().map(str::to_owned),
                payload: out
                    .payload()
                    .map(|p| serde_json::from_slice(p.as_ref()))
                    .transpose()?
                    .unwrap_or(Value::Null),
            }),
            // The emulator answers a handler error with HTTP 500 and the
            // runtime's `{errorType, errorMessage}` body.
            Err(err) => {
                let body = err
                    .raw_response()
                    .and_then(|r| r.body().bytes())
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default();
                let payload: Value = serde_json::from_str(&body).map_err(|_| {
                    anyhow::anyhow!(
                        "invoke {function} failed: {}",
                        aws_sdk_lambda::error::DisplayErrorContext(&err)
                    )
                })?;
                Ok(Invocation {
                    function_error: payload["errorType"].as_str().map(str::to_owned),
                    payload,
                })
            }
        }
    }

    /// Everything `function` logged so far.
    pub fn logs(&self, function: &str) -> String {
        std::fs::read_to_string(self.log_path(function)).unwrap_or_default()
    }

    fn log_path(&self, name: &str) -> PathBuf {
        self.logs.path().join(format!("{name}.log"))
    }
}

impl Drop for LocalLambdas {
    fn drop(&mut self) {
        // A failing test shows what each function said before the logs go.
        if std::thread::panicking() {
            for name in ["runtime-api", "forwarder", "scanner", "reporter"] {
                let logs = self.logs(name);
                let tail: Vec<&str> = logs.lines().rev().take(15).collect();
                eprintln!("--- {name} (last {} lines) ---", tail.len());
                for line in tail.into_iter().rev() {
                    eprintln!("{line}");
                }
            }
        }
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

async fn wait_for_port(port: u16, limit: Duration) -> anyhow::Result<()> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("cargo lambda watch did not listen on port {port} within {limit:?}")
}
