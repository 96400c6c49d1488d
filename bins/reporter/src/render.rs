//! Human-readable text for alerts, and the JSON summary beside it.

use std::fmt::Write;

use qscan_contracts::{ScanOutcome, ScanStatus, Severity};
use serde_json::{json, Value};

/// SNS subjects: at most 100 printable ASCII characters, one line.
const SUBJECT_LIMIT: usize = 100;
/// Findings listed in the text before "… and N more".
const LISTED: usize = 10;

pub fn status_word(outcome: &ScanOutcome) -> &'static str {
    match outcome.status {
        ScanStatus::Succeeded => "succeeded",
        ScanStatus::Failed(_) => "failed",
    }
}

pub fn subject(outcome: &ScanOutcome) -> String {
    let name = &outcome.function.id.name;
    let subject = match (&outcome.status, outcome.max_severity()) {
        (ScanStatus::Failed(failure), _) => {
            format!("Lambda scan failed ({}): {name}", failure.cause)
        }
        (_, Some(max)) => format!("{max} vulnerabilities in Lambda {name}"),
        (_, None) => format!("Lambda {name}: no vulnerabilities"),
    };
    subject
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .take(SUBJECT_LIMIT)
        .collect()
}

pub fn alert_text(outcome: &ScanOutcome, threshold: Severity, results_key: Option<&str>) -> String {
    let id = &outcome.function.id;
    let mut text = String::new();
    let _ = writeln!(text, "Function: {}", id.arn);
    if let Some(image) = &outcome.function.resolved_image_uri {
        let _ = writeln!(text, "Image:    {image}");
    }
    let _ = writeln!(
        text,
        "Trigger:  {} (request {})",
        outcome.trigger.as_str(),
        outcome.request_id
    );
    if let ScanStatus::Failed(failure) = &outcome.status {
        let _ = writeln!(
            text,
            "\nThe scan FAILED ({}): {}",
            failure.cause, failure.message
        );
        let _ = writeln!(
            text,
            "Retried automatically: {}",
            if failure.retryable { "yes" } else { "no" }
        );
    } else {
        let counts: Vec<String> = outcome
            .severity_counts()
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{n} {s}"))
            .collect();
        let _ = writeln!(
            text,
            "\n{} vulnerabilities ({}); alert threshold {threshold}.",
            outcome.findings.len(),
            if counts.is_empty() {
                "none".to_owned()
            } else {
                counts.join(", ")
            }
        );
        let mut findings: Vec<_> = outcome.findings.iter().collect();
        findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.qid.cmp(&b.qid)));
        for finding in findings.iter().take(LISTED) {
            let ids = if finding.cves.is_empty() {
                format!("QID {}", finding.qid)
            } else {
                finding.cves.join(", ")
            };
            let packages: Vec<String> = finding
                .packages
                .iter()
                .map(|p| match &p.fixed_version {
                    Some(fixed) => format!("{} {} (fixed in {fixed})", p.name, p.installed_version),
                    None => format!("{} {} (no fix yet)", p.name, p.installed_version),
                })
                .collect();
            let _ = writeln!(
                text,
                "- [{}] {ids}: {}",
                finding.severity,
                packages.join("; ")
            );
        }
        if findings.len() > LISTED {
            let _ = writeln!(text, "- ... and {} more", findings.len() - LISTED);
        }
    }
    if let Some(key) = results_key {
        let _ = writeln!(text, "\nFull report: {key}");
    }
    text
}

pub fn summary_json(outcome: &ScanOutcome, results_key: Option<&str>) -> Value {
    let counts: serde_json::Map<String, Value> = outcome
        .severity_counts()
        .into_iter()
        .map(|(s, n)| (s.label().to_owned(), json!(n)))
        .collect();
    json!({
        "version": qscan_contracts::CONTRACT_VERSION,
        "function": outcome.function.id.arn,
        "account": outcome.function.id.account,
        "region": outcome.function.id.region,
        "request_id": outcome.request_id,
        "status": status_word(outcome),
        "failure": match &outcome.status { ScanStatus::Failed(f) => json!(f), _ => Value::Null },
        "max_severity": outcome.max_severity(),
        "counts": counts,
        "results_key": results_key,
    })
}
