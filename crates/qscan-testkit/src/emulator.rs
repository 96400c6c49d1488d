//! moto's server as a child process on a free loopback port.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;

use crate::paths::venv_bin;

/// A running emulator; stopped when dropped if this process started it.
#[derive(Debug)]
pub struct Emulator {
    child: Option<Child>,
    endpoint: String,
}

impl Emulator {
    /// Starts `moto_server` and waits until `/moto-api/` answers.
    /// Lambda image functions are checked against the emulated ECR so
    /// `CodeSha256` is the image digest, as on AWS.
    pub async fn start() -> anyhow::Result<Self> {
        let port = free_port()?;
        let child = Command::new(venv_bin("moto_server")?)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env("MOTO_LAMBDA_STUB_ECR", "false")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let emulator = Emulator {
            child: Some(child),
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        emulator.wait_ready(Duration::from_secs(30)).await?;
        Ok(emulator)
    }

    /// An emulator someone else started (e.g. `terraform/scripts/emulator.sh up`).
    pub async fn attach(endpoint: &str) -> anyhow::Result<Self> {
        let emulator = Emulator {
            child: None,
            endpoint: endpoint.trim_end_matches('/').to_owned(),
        };
        emulator.wait_ready(Duration::from_secs(5)).await?;
        Ok(emulator)
    }

    pub fn endpoint(&self) -> String {
        self.endpoint.clone()
    }

    /// Test credentials and region, every service at the emulator.
    pub async fn sdk_config(&self) -> SdkConfig {
        aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(crate::REGION))
            .credentials_provider(Credentials::new(
                "testing", "testing", None, None, "emulator",
            ))
            .endpoint_url(self.endpoint())
            .load()
            .await
    }

    /// Environment a Lambda binary needs to talk to this emulator.
    pub fn lambda_env(&self) -> Vec<(String, String)> {
        vec![
            ("AWS_ENDPOINT_URL".into(), self.endpoint()),
            ("AWS_REGION".into(), crate::REGION.into()),
            ("AWS_ACCESS_KEY_ID".into(), "testing".into()),
            ("AWS_SECRET_ACCESS_KEY".into(), "testing".into()),
        ]
    }

    async fn wait_ready(&self, limit: Duration) -> anyhow::Result<()> {
        let started = Instant::now();
        let url = format!("{}/moto-api/", self.endpoint());
        while started.elapsed() < limit {
            if http_get_ok(&url).await {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        anyhow::bail!("moto_server did not answer on {url} within {limit:?}")
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A port the OS says is free right now.
pub fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Minimal readiness probe over a raw TCP connection (no HTTP client
/// dependency just for this).
async fn http_get_ok(url: &str) -> bool {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let Ok(mut stream) = tokio::net::TcpStream::connect(host).await else {
        return false;
    };
    let request = format!("GET /{path} HTTP/1.0\r\nHost: {host}\r\n\r\n");
    if stream.write_all(request.as_bytes()).await.is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).await.is_ok()
        && head.starts_with(b"HTTP/1.")
        && &head[9..12] == b"200"
}
