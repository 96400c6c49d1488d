//! reporter: puts scan outcomes where security teams look.
//!
//! - S3 (`RESULTS_S3_BUCKET`): the outcome JSON per scan plus a latest
//!   pointer per function ([`results_store`]);
//! - Security Hub (`SECURITY_HUB_IMPORT`, default on): one ASFF finding per
//!   (function, vulnerability, package), stale ones archived
//!   ([`security_hub`], mapping in `qscan-asff`);
//! - SNS (`SNS_TOPIC_ARN`): an alert when a finding reaches the threshold or
//!   the scan failed ([`alert`], text in [`render`]).
//!
//! Each output is optional; a configured one that fails fails the
//! invocation so Lambda retries it (all writes are idempotent).

pub mod alert;
pub mod handler;
pub mod policy_filter;
pub mod render;
pub mod results_store;
pub mod security_hub;

pub use handler::{ReportSummary, Reporter, ReporterError, SetupError};
