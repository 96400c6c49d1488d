//! Which credentials to use for a function's account.
//!
//! Single-account and per-account layouts use the Lambda's own role. In the
//! hub/spoke layout a function may live in a member account: the hub assumes
//! `arn:<partition>:iam::<account>:role/<SPOKE_ROLE_NAME>` with the
//! configured ExternalId, and those credentials are used for every call
//! about that function *and* handed explicitly to the QScanner subprocess
//! (peers' scanners leaked the hub's own credentials into the subprocess).

use std::collections::HashMap;

use aws_config::sts::AssumeRoleProvider;
use aws_config::{Region, SdkConfig};
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use tokio::sync::{Mutex, OnceCell};

/// The role the hub assumes in member accounts.
#[derive(Debug, Clone)]
pub struct SpokeRole {
    pub name: String,
    pub external_id: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error("cannot determine this Lambda's own account: {0}")]
    OwnAccount(String),
    #[error("function is in account {account} but this deployment has no spoke role (set SPOKE_ROLE_NAME for hub/spoke)")]
    NoSpokeRole { account: String },
    #[error("no credentials available for account {account}: {reason}")]
    Credentials { account: String, reason: String },
}

/// Hands out SDK configurations per (account, region), cached while warm.
#[derive(Debug)]
pub struct AccountAccess {
    base: SdkConfig,
    spoke: Option<SpokeRole>,
    own_account: OnceCell<String>,
    cache: Mutex<HashMap<(String, String), SdkConfig>>,
}

impl AccountAccess {
    pub fn new(base: SdkConfig, spoke: Option<SpokeRole>) -> Self {
        AccountAccess {
            base,
            spoke,
            own_account: OnceCell::new(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Reads `SPOKE_ROLE_NAME` and `SPOKE_EXTERNAL_ID`.
    pub fn from_env(base: SdkConfig) -> Self {
        let spoke = crate::optional_env("SPOKE_ROLE_NAME").map(|name| SpokeRole {
            name,
            external_id: crate::optional_env("SPOKE_EXTERNAL_ID"),
        });
        Self::new(base, spoke)
    }

    pub fn base(&self) -> &SdkConfig {
        &self.base
    }

    /// This Lambda's own account, asked of STS once.
    pub async fn own_account(&self) -> Result<&str, AccessError> {
        self.own_account
            .get_or_try_init(|| async {
                let out = aws_sdk_sts::Client::new(&self.base)
                    .get_caller_identity()
                    .send()
                    .await
                    .map_err(|e| AccessError::OwnAccount(crate::describe(&e)))?;
                out.account.ok_or_else(|| {
                    AccessError::OwnAccount("GetCallerIdentity returned no account".into())
                })
            })
            .await
            .map(String::as_str)
    }

    /// SDK configuration for calls about a function in `account`/`region`.
    pub async fn config_for(&self, account: &str, region: &str) -> Result<SdkConfig, AccessError> {
        let key = (account.to_owned(), region.to_owned());
        if let Some(config) = self.cache.lock().await.get(&key) {
            return Ok(config.clone());
        }
        let region = Region::new(region.to_owned());
        let config = if account == self.own_account().await? {
            self.base.to_builder().region(region).build()
        } else {
            let spoke = self
                .spoke
                .as_ref()
                .ok_or_else(|| AccessError::NoSpokeRole {
                    account: account.to_owned(),
                })?;
            let partition = qscan_contracts::partition_for(region.as_ref());
            let role_arn = format!("arn:{partition}:iam::{account}:role/{}", spoke.name);
            let mut provider = AssumeRoleProvider::builder(role_arn)
                .session_name("lambda-qscanner")
                .configure(&self.base)
                .region(region.clone());
            if let Some(external_id) = &spoke.external_id {
                provider = provider.external_id(external_id.clone());
            }
            let provider = provider.build().await;
            self.base
                .to_builder()
                .region(region)
                .credentials_provider(SharedCredentialsProvider::new(provider))
                .build()
        };
        self.cache.lock().await.insert(key, config.clone());
        Ok(config)
    }

    /// Resolved credentials of `config`, for a subprocess's environment.
    pub async fn credentials(
        config: &SdkConfig,
        account: &str,
    ) -> Result<Credentials, AccessError> {
        let provider = config
            .credentials_provider()
            .ok_or_else(|| AccessError::Credentials {
                account: account.to_owned(),
                reason: "no credentials provider configured".into(),
            })?;
        provider
            .provide_credentials()
            .await
            .map_err(|e| AccessError::Credentials {
                account: account.to_owned(),
                reason: aws_sdk_lambda::error::DisplayErrorContext(e).to_string(),
            })
    }
}
