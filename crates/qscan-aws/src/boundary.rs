//! The Lambda boundary: every failure is logged once, with its whole cause
//! chain, and returned to the runtime so Lambda retries the asynchronous
//! invocation and finally sends it to the on-failure destination.

use std::error::Error;

use lambda_runtime::Diagnostic;

/// Logs `err` and converts it into the runtime's error report.
/// `error_type` names the failure class for metrics and DLQ triage.
pub fn failure(error_type: &str, err: &(dyn Error + 'static)) -> Diagnostic {
    let message = chain(err);
    tracing::error!(error_type, error = %message, "invocation failed; returned to Lambda for retry");
    Diagnostic {
        error_type: error_type.to_owned(),
        error_message: message,
    }
}

/// `outer: inner: innermost`, skipping causes already in the text above.
pub fn chain(err: &(dyn Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("dispatch for orders failed")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn chain_names_every_cause_once() {
        let err = Outer(std::io::Error::other("connection refused"));
        assert_eq!(
            chain(&err),
            "dispatch for orders failed: connection refused"
        );
        let diag = failure("DispatchError", &err);
        assert_eq!(diag.error_type, "DispatchError");
        assert!(diag.error_message.ends_with("connection refused"));
    }
}
