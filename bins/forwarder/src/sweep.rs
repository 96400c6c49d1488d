//! The sweep: every function in this account and region, in name order.
//!
//! - One function that cannot be dispatched does not stop the sweep: it is
//!   logged, listed in the summary's `failed`, and the sweep carries on.
//!   After [`MAX_CONSECUTIVE_FAILURES`] failures in a row (the scanner is
//!   gone or throttled hard) it stops instead of failing every call.
//! - Resumable: functions are handled in name order, and the summary's
//!   `resume_after` is the last name up to which every function was handled
//!   (dispatched or skipped by policy). `{"type": "sweep", "version": 1,
//!   "resume_after": NAME}` (the summary's `resume`) redoes only what is
//!   after it: the failures and whatever was not reached.
//! - The invocation fails only when a retry makes sense, which is when
//!   nothing was dispatched (the listing failed, or every dispatch failed
//!   retryably): Lambda's retry resends the same command, so after a
//!   partial success it would dispatch everything again. Otherwise it
//!   succeeds, and the failures are in the summary, one log line each, and
//!   the `SweepDispatchFailures` metric; the next sweep covers them too.

use qscan_aws::Dispatch;
use qscan_contracts::{FunctionId, Sweep, Trigger, CONTRACT_VERSION};
use qscan_policy::Policy;
use serde::Serialize;
use serde_json::{json, Value};
use tracing::{info, warn};

use crate::handler::{log, Action, Forwarder, ForwarderError, Summary};
use crate::metrics::SWEEP_DISPATCH_FAILURES;

/// Failures in a row after which a sweep stops (and can be resumed).
pub const MAX_CONSECUTIVE_FAILURES: usize = 10;

/// What a sweep covered, what failed, and how to resume it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SweepReport {
    /// Functions the listing returned (after `resume_after`, if given).
    pub listed: usize,
    pub dispatched: usize,
    pub skipped: usize,
    /// Functions not dispatched, each with the reason.
    pub failed: Vec<SweepFailure>,
    /// Every function was handled.
    pub complete: bool,
    /// Why the sweep stopped before the end of the list, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    /// Every function up to this name (in name order) was handled.
    pub resume_after: Option<String>,
    /// The command that finishes this sweep, when it is not complete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resume: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SweepFailure {
    pub function: String,
    pub error: String,
    pub retryable: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("sweep could not list functions: {0}")]
    List(String),
    #[error("sweep dispatched nothing: {} failed ({}); retrying the sweep repeats no work", failed.len(), describe(failed))]
    NothingDispatched { failed: Vec<SweepFailure> },
}

fn describe(failed: &[SweepFailure]) -> String {
    failed
        .iter()
        .map(|f| format!("{}: {}", f.function, f.error))
        .collect::<Vec<_>>()
        .join("; ")
}

/// All functions (paginated), sorted by name, and the ARNs that are not
/// valid function identities, each with the reason.
pub async fn list_functions(
    lambda: &aws_sdk_lambda::Client,
    account: &str,
    region: &str,
) -> Result<(Vec<FunctionId>, Vec<SweepFailure>), SweepError> {
    let mut pages = lambda.list_functions().into_paginator().items().send();
    let (mut functions, mut refused) = (Vec::new(), Vec::new());
    while let Some(item) = pages.next().await {
        let config = item.map_err(|e| SweepError::List(qscan_aws::describe(&e)))?;
        let Some(arn) = config.function_arn() else {
            continue;
        };
        match FunctionId::parse(arn, account, region) {
            Ok(id) => functions.push(id),
            Err(e) => refused.push(SweepFailure {
                function: arn.to_owned(),
                error: e.to_string(),
                retryable: false,
            }),
        }
    }
    functions.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((functions, refused))
}

/// The functions a sweep resumed after `resume_after` still has to handle.
pub fn remaining(functions: Vec<FunctionId>, resume_after: Option<&str>) -> Vec<FunctionId> {
    match resume_after {
        Some(after) => functions
            .into_iter()
            .filter(|f| f.name.as_str() > after)
            .collect(),
        None => functions,
    }
}

impl<D: Dispatch> Forwarder<D> {
    pub(crate) async fn sweep(
        &self,
        policy: &Policy,
        command: Sweep,
    ) -> Result<Summary, ForwarderError> {
        let (functions, refused) =
            list_functions(&self.lambda, &self.account, &self.region).await?;
        let todo = remaining(functions, command.resume_after.as_deref());
        let mut summary = Summary::default();
        let mut report = SweepReport {
            listed: todo.len(),
            resume_after: command.resume_after.clone(),
            ..SweepReport::default()
        };
        let mut in_a_row = 0;
        for function in todo {
            let name = function.name.clone();
            let request = self.new_request(function, Trigger::Sweep);
            match self.scan(policy, request).await {
                Ok(decision) => {
                    in_a_row = 0;
                    match decision.action {
                        Action::Skip => report.skipped += 1,
                        _ => report.dispatched += 1,
                    }
                    if report.failed.is_empty() {
                        report.resume_after = Some(name);
                    }
                    summary.decisions.push(log(decision));
                }
                Err(ForwarderError::Dispatch { function, source }) => {
                    warn!(function = %function, error = %source, retryable = source.is_retryable(), "sweep: dispatch failed; carrying on");
                    report.failed.push(SweepFailure {
                        function,
                        error: source.to_string(),
                        retryable: source.is_retryable(),
                    });
                    in_a_row += 1;
                    if in_a_row >= MAX_CONSECUTIVE_FAILURES {
                        report.stopped = Some(format!(
                            "{in_a_row} dispatches failed in a row; resume later"
                        ));
                        break;
                    }
                }
                Err(other) => return Err(other),
            }
        }
        if !report.failed.is_empty() {
            self.metrics.count(
                SWEEP_DISPATCH_FAILURES,
                "dispatch_failed",
                report.failed.len() as u64,
            );
        }
        let retry_repeats_nothing = report.dispatched == 0
            && !report.failed.is_empty()
            && report.failed.iter().all(|f| f.retryable);
        finish(&mut report, refused, &command);
        if retry_repeats_nothing {
            return Err(SweepError::NothingDispatched {
                failed: report.failed,
            }
            .into());
        }
        summary.sweep = Some(report);
        Ok(summary)
    }
}

/// Completes the report: the listing's refusals, whether the sweep is
/// complete, the resume command, and one summary log line.
fn finish(report: &mut SweepReport, refused: Vec<SweepFailure>, command: &Sweep) {
    let dispatch_failures = report.failed.len();
    report.complete = dispatch_failures == 0 && report.stopped.is_none();
    if report.complete {
        report.resume_after = None;
    } else {
        let mut resume = json!({"type": "sweep", "version": CONTRACT_VERSION});
        if let Some(after) = &report.resume_after {
            resume["resume_after"] = Value::from(after.clone());
        }
        report.resume = Some(resume);
    }
    for failure in &refused {
        warn!(function = %failure.function, error = %failure.error, "sweep: not a valid function identity; skipped");
    }
    report.failed.extend(refused);
    info!(
        resumed_after = command.resume_after.as_deref().unwrap_or("-"),
        listed = report.listed,
        dispatched = report.dispatched,
        skipped = report.skipped,
        failed = report.failed.len(),
        complete = report.complete,
        resume_after = report.resume_after.as_deref().unwrap_or("-"),
        "sweep finished"
    );
}
