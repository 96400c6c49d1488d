//! forwarder: EventBridge CloudTrail Lambda events (and the project's own
//! manual/sweep commands) → a policy decision → a `ScanRequest` to the
//! scanner, or a `FunctionDeleted` notice to the reporter.
//!
//! Every decision is logged as one structured line with its reason and
//! returned to the caller. Input no retry can fix is dropped with its reason
//! and JSON path (and counted in the `DroppedEvents` metric); failures a
//! retry can fix (dispatch) are returned as errors so Lambda retries and
//! then dead-letters the event.

pub mod cloudtrail;
pub mod dropped;
pub mod event;
pub mod handler;
pub mod input;
pub mod metrics;
pub mod sweep;

pub use handler::{Action, Decision, Forwarder, ForwarderError, SetupError, Summary};
