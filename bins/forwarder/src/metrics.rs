//! CloudWatch metrics as Embedded Metric Format (EMF) lines.
//!
//! Lambda sends every stdout line to CloudWatch Logs, which turns a JSON
//! line with an `_aws` block into metric data: no `PutMetricData` call, no
//! extra permission, no latency. One counter per line is all the forwarder
//! needs, so this is a few lines of `serde_json` rather than a metrics
//! facade with a global recorder to flush.
//!
//! The names are constants so a dashboard or alarm can reference them.

use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use time::OffsetDateTime;

/// CloudWatch namespace of every lambda-qscanner metric.
pub const NAMESPACE: &str = "lambda-qscanner";
/// Inputs the forwarder dropped as permanently unusable (dimension `Reason`).
pub const DROPPED_EVENTS: &str = "DroppedEvents";
/// Functions a sweep could not dispatch (left for a resumed or the next sweep).
pub const SWEEP_DISPATCH_FAILURES: &str = "SweepDispatchFailures";
/// The `Service` dimension value for this Lambda.
pub const SERVICE: &str = "forwarder";

/// One EMF document counting `count` of `metric`, by `Service` and by
/// `Service` + `Reason`.
pub fn count_line(metric: &str, reason: &str, count: u64, at: OffsetDateTime) -> String {
    let millis = at.unix_timestamp_nanos() / 1_000_000;
    json!({
        "_aws": {
            "Timestamp": millis,
            "CloudWatchMetrics": [{
                "Namespace": NAMESPACE,
                "Dimensions": [["Service"], ["Service", "Reason"]],
                "Metrics": [{"Name": metric, "Unit": "Count"}],
            }],
        },
        "Service": SERVICE,
        "Reason": reason,
        metric: count,
    })
    .to_string()
}

/// Where metric lines go: stdout in Lambda, a buffer in tests.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    recorded: Option<Arc<Mutex<Vec<Value>>>>,
}

impl Metrics {
    /// Lines to stdout, as CloudWatch Logs expects them.
    pub fn stdout() -> Self {
        Metrics { recorded: None }
    }

    /// Lines kept in memory; read them back with [`Metrics::recorded`].
    pub fn recording() -> Self {
        Metrics {
            recorded: Some(Arc::default()),
        }
    }

    pub fn count(&self, metric: &str, reason: &str, count: u64) {
        let line = count_line(metric, reason, count, OffsetDateTime::now_utc());
        match &self.recorded {
            None => println!("{line}"),
            Some(lines) => {
                if let (Ok(mut lines), Ok(value)) = (lines.lock(), serde_json::from_str(&line)) {
                    lines.push(value);
                }
            }
        }
    }

    /// The lines emitted so far (empty for [`Metrics::stdout`]).
    pub fn recorded(&self) -> Vec<Value> {
        self.recorded
            .as_ref()
            .and_then(|lines| lines.lock().ok().map(|l| l.clone()))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_line_is_an_emf_document_cloudwatch_accepts() {
        let at = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let line: Value =
            serde_json::from_str(&count_line(DROPPED_EVENTS, "malformed_event", 1, at)).unwrap();
        let directive = &line["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(line["_aws"]["Timestamp"], 1_700_000_000_000_i64);
        assert_eq!(directive["Namespace"], NAMESPACE);
        assert_eq!(directive["Metrics"][0]["Name"], DROPPED_EVENTS);
        assert_eq!(directive["Metrics"][0]["Unit"], "Count");
        // Every dimension named in a set must be a top-level member.
        for set in directive["Dimensions"].as_array().unwrap() {
            for dimension in set.as_array().unwrap() {
                assert!(line[dimension.as_str().unwrap()].is_string(), "{dimension}");
            }
        }
        assert_eq!(line[DROPPED_EVENTS], 1);
        assert_eq!(line["Reason"], "malformed_event");
    }

    #[test]
    fn recording_keeps_what_stdout_would_print() {
        let metrics = Metrics::recording();
        metrics.count(DROPPED_EVENTS, "unknown_command", 1);
        let lines = metrics.recorded();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["Reason"], "unknown_command");
    }
}
