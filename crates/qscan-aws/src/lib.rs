//! AWS plumbing shared by the three Lambdas and the CLI, in one place:
//! SDK configuration ([`config`]), cross-account access for hub/spoke
//! ([`accounts`]), asynchronous Lambda dispatch ([`dispatch`]), S3 URIs
//! ([`s3uri`]), readable SDK error text ([`errors`]) and logging setup
//! ([`logging`]).
//!
//! Every client honours `AWS_ENDPOINT_URL` (the SDK reads it), which is how
//! tests and the demo point everything at the local emulator.

pub mod accounts;
pub mod boundary;
pub mod config;
pub mod dispatch;
pub mod errors;
pub mod logging;
pub mod policy_store;
pub mod s3uri;

pub use accounts::{AccountAccess, SpokeRole};
pub use config::{flag_env, load_sdk_config, optional_env, required_env, EnvError, SetupError};
pub use dispatch::{Dispatch, DispatchError, LambdaDispatcher};
pub use errors::{describe, is_not_found, is_throttling};
pub use policy_store::{PolicyLoadError, PolicyStore};
pub use s3uri::{S3Uri, S3UriError};
