//! Where the Lambdas get the scan policy, and how it stays current.
//!
//! - `POLICY_S3_URI` (what Terraform deploys): read at cold start, where a
//!   missing or invalid object fails the cold start loudly; then re-checked
//!   at most every `POLICY_REFRESH_SECONDS` (default 60) with the ETag, so a
//!   merged policy change applies without a redeploy. An invalid new
//!   version is logged as an error and the last good policy stays in force.
//! - `POLICY_FILE`: a local file (replay, local runs), read once.
//! - neither: the built-in default policy (scan everything), logged.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use qscan_policy::Policy;
use tokio::sync::Mutex;

use crate::S3Uri;

const DEFAULT_REFRESH: Duration = Duration::from_secs(60);
const REFRESH_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum PolicyLoadError {
    #[error(transparent)]
    Uri(#[from] crate::S3UriError),
    #[error(transparent)]
    Env(#[from] crate::EnvError),
    #[error("reading the policy {uri} failed: {reason}")]
    Read { uri: String, reason: String },
    #[error("the policy {origin} is invalid:\n{diagnostics}")]
    Invalid { origin: String, diagnostics: String },
}

#[derive(Debug)]
enum Source {
    S3 {
        client: aws_sdk_s3::Client,
        uri: S3Uri,
    },
    Fixed,
}

#[derive(Debug)]
struct State {
    policy: Arc<Policy>,
    etag: Option<String>,
    checked: Instant,
}

/// The policy in force, refreshed from S3 when it changes.
#[derive(Debug)]
pub struct PolicyStore {
    source: Source,
    refresh: Duration,
    state: Mutex<State>,
}

impl PolicyStore {
    /// A store that always answers `policy` (tests, the built-in default).
    pub fn fixed(policy: Policy) -> Self {
        PolicyStore {
            source: Source::Fixed,
            refresh: Duration::MAX,
            state: Mutex::new(State {
                policy: Arc::new(policy),
                etag: None,
                checked: Instant::now(),
            }),
        }
    }

    /// Reads `POLICY_S3_URI`, `POLICY_FILE` and `POLICY_REFRESH_SECONDS`.
    pub async fn from_env(sdk: &aws_config::SdkConfig) -> Result<Self, PolicyLoadError> {
        let refresh = match crate::optional_env("POLICY_REFRESH_SECONDS") {
            None => DEFAULT_REFRESH,
            Some(v) => Duration::from_secs(v.parse().map_err(|_| crate::EnvError::Invalid {
                name: "POLICY_REFRESH_SECONDS",
                value: v.clone(),
                reason: "expected whole seconds".into(),
            })?),
        };
        if let Some(uri) = crate::optional_env("POLICY_S3_URI") {
            return Self::from_s3(aws_sdk_s3::Client::new(sdk), uri.parse()?, refresh).await;
        }
        if let Some(path) = crate::optional_env("POLICY_FILE") {
            let path = PathBuf::from(path);
            let text = std::fs::read_to_string(&path).map_err(|e| PolicyLoadError::Read {
                uri: path.display().to_string(),
                reason: e.to_string(),
            })?;
            let policy = parse(&text, &path.display().to_string())?;
            tracing::info!(policy = %path.display(), "policy loaded");
            return Ok(Self::fixed(policy));
        }
        tracing::info!(
            "no POLICY_S3_URI or POLICY_FILE: using the built-in default policy (scan everything)"
        );
        Ok(Self::fixed(Policy::default()))
    }

    /// Reads the policy object now (a missing or invalid object is an
    /// error: a Lambda must not start without its policy) and re-checks it
    /// at most every `refresh`.
    pub async fn from_s3(
        client: aws_sdk_s3::Client,
        uri: S3Uri,
        refresh: Duration,
    ) -> Result<Self, PolicyLoadError> {
        let (policy, etag) =
            fetch(&client, &uri, None)
                .await?
                .ok_or_else(|| PolicyLoadError::Read {
                    uri: uri.to_string(),
                    reason: "not modified on first read".into(),
                })?;
        tracing::info!(policy = %uri, etag = etag.as_deref().unwrap_or("-"), "policy loaded");
        Ok(PolicyStore {
            source: Source::S3 { client, uri },
            refresh,
            state: Mutex::new(State {
                policy: Arc::new(policy),
                etag,
                checked: Instant::now(),
            }),
        })
    }

    /// The policy in force now.
    pub async fn current(&self) -> Arc<Policy> {
        let mut state = self.state.lock().await;
        if let Source::S3 { client, uri } = &self.source {
            if state.checked.elapsed() >= self.refresh {
                state.checked = Instant::now();
                // A hung read must not stall an invocation that has a policy.
                let refreshed = tokio::time::timeout(
                    REFRESH_TIMEOUT,
                    fetch(client, uri, state.etag.as_deref()),
                )
                .await
                .unwrap_or_else(|_| {
                    Err(PolicyLoadError::Read {
                        uri: uri.to_string(),
                        reason: format!("no answer within {REFRESH_TIMEOUT:?}"),
                    })
                });
                match refreshed {
                    Ok(None) => {}
                    Ok(Some((policy, etag))) => {
                        tracing::info!(policy = %uri, etag = etag.as_deref().unwrap_or("-"), "policy changed; new version in force");
                        state.policy = Arc::new(policy);
                        state.etag = etag;
                    }
                    Err(error) => {
                        tracing::error!(policy = %uri, error = %error, "policy refresh failed; keeping the last good policy");
                    }
                }
            }
        }
        state.policy.clone()
    }
}

/// `Ok(None)` when the object still has `etag`.
async fn fetch(
    client: &aws_sdk_s3::Client,
    uri: &S3Uri,
    etag: Option<&str>,
) -> Result<Option<(Policy, Option<String>)>, PolicyLoadError> {
    let mut request = client.get_object().bucket(&uri.bucket).key(&uri.key);
    if let Some(etag) = etag {
        request = request.if_none_match(etag);
    }
    let out = match request.send().await {
        Ok(out) => out,
        Err(err)
            if err
                .raw_response()
                .is_some_and(|r| r.status().as_u16() == 304) =>
        {
            return Ok(None)
        }
        Err(err) => {
            return Err(PolicyLoadError::Read {
                uri: uri.to_string(),
                reason: crate::describe(&err),
            });
        }
    };
    let new_etag = out.e_tag().map(str::to_owned);
    if etag.is_some() && new_etag.as_deref() == etag {
        return Ok(None);
    }
    let bytes = out
        .body
        .collect()
        .await
        .map_err(|e| PolicyLoadError::Read {
            uri: uri.to_string(),
            reason: e.to_string(),
        })?;
    let text = String::from_utf8_lossy(&bytes.into_bytes()).into_owned();
    Ok(Some((parse(&text, &uri.to_string())?, new_etag)))
}

fn parse(text: &str, origin: &str) -> Result<Policy, PolicyLoadError> {
    let loaded = Policy::parse(text, origin).map_err(|diagnostics| PolicyLoadError::Invalid {
        origin: origin.to_owned(),
        diagnostics: diagnostics.to_string(),
    })?;
    for warning in &loaded.warnings {
        tracing::warn!(policy = origin, warning = %warning, "policy warning");
    }
    Ok(loaded.policy)
}
