//! forwarder: EventBridge CloudTrail Lambda events (and the project's own
//! manual/sweep commands) → a policy decision → a `ScanRequest` to the
//! scanner, or a `FunctionDeleted` notice to the reporter.
//!
//! Every decision is logged as one structured line with its reason and
//! returned to the caller. Failures (malformed input, dispatch errors) are
//! returned as errors so Lambda retries and then dead-letters the event.

pub mod cloudtrail;
pub mod handler;
pub mod input;
pub mod sweep;

pub use handler::{Action, Decision, Forwarder, ForwarderError, SetupError, Summary};
