//! scanner: a container-image Lambda around the QScanner binary.
//!
//! For each `ScanRequest`: take credentials for the function's account
//! (the spoke role in hub/spoke), `GetFunction` (waiting for a function
//! still being deployed), read the Qualys secret (cached while warm), run
//! QScanner through `qscan-qscanner` (secrets in the environment only,
//! timeout kills the process group, `/tmp` cleaned), and hand a
//! `ScanOutcome` to the reporter.
//!
//! A failed scan is still reported (the failure is visible in S3 and SNS);
//! when it may succeed on a second try (timeout, report not ready) the
//! handler then returns an error so Lambda retries and finally
//! dead-letters the request.

pub mod handler;
pub mod qualys_secret;
pub mod resolve;

pub use handler::{ScanSummary, Scanner, ScannerError, SetupError};
