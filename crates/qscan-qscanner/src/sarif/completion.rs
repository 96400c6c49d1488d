//! Whether a SARIF run is a complete, successful scan.
//!
//! SARIF 2.1.0 says a run whose `results` is absent or null produced no
//! result list (the tool failed or did not get that far); only a present
//! array, even an empty one, states what was found. A run may also say it
//! failed: an `invocations[]` entry with `executionSuccessful: false`, or a
//! `toolExecutionNotifications[]` entry at level `error`. QScanner's use of
//! `invocations` is not documented (docs/qscanner.md), so a run without any
//! is taken on its results alone; a run that has them must say it succeeded.
//!
//! A report with no runs at all is no scan either. Anything short of a
//! complete run is an error: reading it as "no findings" would archive every
//! finding of the function in Security Hub.

use serde_json::Value;

use super::fields::Props;
use super::limits::{cut_text, MAX_QUOTED};
use super::SarifError;

/// The run's explicit `results` array, once the run says it completed.
/// `at` is the run's JSON path (`runs[2]`).
pub(super) fn completed_results<'a>(run: &'a Props, at: &str) -> Result<&'a [Value], SarifError> {
    check_invocations(run, at)?;
    match run.get("results") {
        Some(Value::Array(results)) => Ok(results),
        None => Err(SarifError::incomplete(
            format!("{at} has no \"results\": the run produced no result list, which is not a clean scan"),
            false,
        )),
        Some(Value::Null) => Err(SarifError::incomplete(
            format!("{at}.results is null: the run produced no result list, which is not a clean scan"),
            false,
        )),
        Some(_) => Err(SarifError::malformed(format!("{at}.results is not an array"))),
    }
}

/// Every invocation must say it succeeded and carry no error notification.
fn check_invocations(run: &Props, at: &str) -> Result<(), SarifError> {
    let invocations = match run.get("invocations") {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(list)) => list,
        Some(_) => {
            return Err(SarifError::malformed(format!(
                "{at}.invocations is not an array"
            )))
        }
    };
    for (i, invocation) in invocations.iter().enumerate() {
        let at = format!("{at}.invocations[{i}]");
        let invocation = invocation
            .as_object()
            .ok_or_else(|| SarifError::malformed(format!("{at} is not an object")))?;
        match invocation.get("executionSuccessful") {
            Some(Value::Bool(true)) => {}
            Some(Value::Bool(false)) => {
                return Err(SarifError::incomplete(
                    format!(
                        "{at}.executionSuccessful is false: qscanner says the scan failed{}",
                        first_error(invocation)
                            .map(|m| format!(" ({m})"))
                            .unwrap_or_default()
                    ),
                    true,
                ))
            }
            None | Some(Value::Null) => {
                return Err(SarifError::incomplete(
                    format!(
                        "{at} has no executionSuccessful, so the run does not say it completed"
                    ),
                    false,
                ))
            }
            Some(_) => {
                return Err(SarifError::malformed(format!(
                    "{at}.executionSuccessful is not a boolean"
                )))
            }
        }
        if let Some((j, message)) = error_notification(invocation) {
            return Err(SarifError::incomplete(
                format!("{at}.toolExecutionNotifications[{j}] is an error: {message}"),
                true,
            ));
        }
    }
    Ok(())
}

/// The first `toolExecutionNotifications[]` entry at level `error`, with
/// its (shortened) message.
fn error_notification(invocation: &Props) -> Option<(usize, String)> {
    let list = invocation.get("toolExecutionNotifications")?.as_array()?;
    list.iter().enumerate().find_map(|(j, n)| {
        (n.get("level").and_then(Value::as_str) == Some("error")).then(|| {
            let text = n
                .get("message")
                .and_then(|m| m.get("text"))
                .and_then(Value::as_str)
                .unwrap_or("(no message)");
            (j, cut_text(text.trim(), MAX_QUOTED))
        })
    })
}

fn first_error(invocation: &Props) -> Option<String> {
    error_notification(invocation).map(|(_, message)| message)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(run: Value) -> Result<usize, SarifError> {
        completed_results(run.as_object().unwrap(), "runs[0]").map(<[Value]>::len)
    }

    #[test]
    fn an_explicit_results_array_is_complete_with_or_without_invocations() {
        assert_eq!(check(json!({"results": []})), Ok(0));
        assert_eq!(
            check(json!({"results": [{}], "invocations": [{"executionSuccessful": true}]})),
            Ok(1)
        );
        assert_eq!(
            check(
                json!({"results": [], "invocations": [{"executionSuccessful": true,
                "toolExecutionNotifications": [{"level": "warning", "message": {"text": "slow"}}]}]})
            ),
            Ok(0)
        );
    }

    #[test]
    fn missing_or_null_results_are_incomplete_and_permanent() {
        for (run, says) in [
            (json!({}), "runs[0] has no \"results\""),
            (json!({"results": null}), "runs[0].results is null"),
        ] {
            let err = check(run).unwrap_err();
            assert!(err.to_string().starts_with(says), "{err}");
            assert!(err.is_incomplete() && !err.tool_failed(), "{err:?}");
        }
    }

    #[test]
    fn a_run_that_says_it_failed_is_incomplete_and_retryable() {
        let err = check(
            json!({"results": [], "invocations": [{"executionSuccessful": true},
            {"executionSuccessful": false, "toolExecutionNotifications": [
                {"level": "error", "message": {"text": "gateway timeout"}}]}]}),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "runs[0].invocations[1].executionSuccessful is false: qscanner says the scan failed (gateway timeout)"
        );
        assert!(err.tool_failed());
        let err = check(
            json!({"results": [], "invocations": [{"executionSuccessful": true,
            "toolExecutionNotifications": [{"level": "note"}, {"level": "error"}]}]}),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "runs[0].invocations[0].toolExecutionNotifications[1] is an error: (no message)"
        );
        let err = check(json!({"results": [], "invocations": [{}]})).unwrap_err();
        assert!(err
            .to_string()
            .ends_with("has no executionSuccessful, so the run does not say it completed"));
    }

    #[test]
    fn wrong_shapes_are_malformed() {
        for (run, says) in [
            (json!({"results": {}}), "runs[0].results is not an array"),
            (
                json!({"results": [], "invocations": {}}),
                "runs[0].invocations is not an array",
            ),
            (
                json!({"results": [], "invocations": [1]}),
                "runs[0].invocations[0] is not an object",
            ),
            (
                json!({"results": [], "invocations": [{"executionSuccessful": "yes"}]}),
                "runs[0].invocations[0].executionSuccessful is not a boolean",
            ),
        ] {
            let err = check(run).unwrap_err();
            assert_eq!(err.to_string(), says);
            assert!(!err.is_incomplete());
        }
    }
}
