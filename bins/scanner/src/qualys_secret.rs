//! The Qualys credentials from Secrets Manager, cached while the Lambda is
//! warm (one `GetSecretValue` per container, refreshed after a TTL so a
//! rotated token is picked up without a redeploy).

use std::time::{Duration, Instant};

use qscan_qscanner::{CredentialsError, QualysCredentials};
use tokio::sync::Mutex;

/// How long a fetched secret is trusted.
pub const SECRET_TTL: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("GetSecretValue for {arn} failed: {reason}")]
    Fetch { arn: String, reason: String },
    #[error("secret {arn} has no SecretString")]
    NotString { arn: String },
    #[error("secret {arn}: {source}")]
    Invalid {
        arn: String,
        #[source]
        source: CredentialsError,
    },
}

#[derive(Debug)]
pub struct QualysSecret {
    client: aws_sdk_secretsmanager::Client,
    arn: String,
    cached: Mutex<Option<(Instant, QualysCredentials)>>,
}

impl QualysSecret {
    pub fn new(client: aws_sdk_secretsmanager::Client, arn: String) -> Self {
        QualysSecret {
            client,
            arn,
            cached: Mutex::new(None),
        }
    }

    /// The credentials, from the cache when fresh.
    pub async fn get(&self) -> Result<QualysCredentials, SecretError> {
        let mut cached = self.cached.lock().await;
        if let Some((at, credentials)) = cached.as_ref() {
            if at.elapsed() < SECRET_TTL {
                return Ok(credentials.clone());
            }
        }
        let out = self
            .client
            .get_secret_value()
            .secret_id(&self.arn)
            .send()
            .await
            .map_err(|e| SecretError::Fetch {
                arn: self.arn.clone(),
                reason: qscan_aws::describe(&e),
            })?;
        let text = out.secret_string().ok_or_else(|| SecretError::NotString {
            arn: self.arn.clone(),
        })?;
        let credentials =
            QualysCredentials::from_secret_json(text).map_err(|source| SecretError::Invalid {
                arn: self.arn.clone(),
                source,
            })?;
        *cached = Some((Instant::now(), credentials.clone()));
        Ok(credentials)
    }
}
