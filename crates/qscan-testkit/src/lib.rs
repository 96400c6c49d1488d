//! Real parts for tests and the demo, started and stopped by the caller:
//!
//! - [`Emulator`]: moto's server from the project's virtualenv, on a free
//!   loopback port, killed on drop;
//! - [`stack`]: the resources the pipeline needs (ECR image, image
//!   function, Qualys secret, bucket, topic with an SQS subscription,
//!   Security Hub), created through the AWS SDK;
//! - [`LocalLambdas`]: `cargo lambda watch --only-lambda-apis` as the Lambda
//!   Runtime API, with the three *built* binaries attached to it exactly as
//!   Lambda runs them.
//!
//! Nothing here fakes AWS: every call goes over HTTP to the emulator.

pub mod emulator;
pub mod lambdas;
pub mod paths;
pub mod pipeline;
pub mod stack;

pub use emulator::Emulator;
pub use lambdas::LocalLambdas;
pub use pipeline::LocalPipeline;
pub use stack::{DemoStack, StackOptions};

/// Region every local resource lives in.
pub const REGION: &str = "us-east-1";
/// The emulator's default account.
pub const ACCOUNT: &str = "123456789012";
