//! The middle tier: `Forwarder::handle()` end to end, with a dispatcher that
//! records what it is handed. No AWS: the handler never reaches it here.

mod support;

use forwarder::metrics::DROPPED_EVENTS;
use forwarder::{Action, ForwarderError};
use serde_json::{json, Value};
use support::{fixture, forwarder, Recorder};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fn block<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

#[test]
fn create_event_dispatches_one_scan_request_for_the_unqualified_arn() {
    let f = forwarder(Recorder::default());
    let summary = block(f.handle(fixture("create-image-by-name"))).unwrap();
    assert_eq!(summary.decisions[0].action, Action::Scan);
    let scans = f.dispatch.scans();
    assert_eq!(scans.len(), 1);
    assert_eq!(
        scans[0]["function"]["arn"],
        "arn:aws:lambda:us-east-1:123456789012:function:orders-api"
    );
    assert_eq!(scans[0]["trigger"], "create");
    assert_eq!(scans[0]["version"], 1);
    assert!(f.dispatch.reports().is_empty());
    assert!(f.metrics.recorded().is_empty());
}

#[test]
fn delete_event_sends_function_deleted_to_the_reporter_only() {
    let f = forwarder(Recorder::default());
    let summary = block(f.handle(fixture("delete"))).unwrap();
    assert_eq!(summary.decisions[0].action, Action::Archive);
    assert!(f.dispatch.scans().is_empty());
    let reports = f.dispatch.reports();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["type"], "function_deleted");
}

#[test]
fn delete_dated_in_the_future_is_dated_now() {
    let mut event = fixture("delete");
    event["detail"]["eventTime"] = json!("9999-12-31T23:59:59-05:00");
    let before = OffsetDateTime::now_utc();
    let f = forwarder(Recorder::default());
    block(f.handle(event)).unwrap();
    let deleted_at = f.dispatch.reports()[0]["deleted_at"]
        .as_str()
        .map(|t| OffsetDateTime::parse(t, &Rfc3339).unwrap())
        .unwrap();
    assert!(deleted_at >= before && deleted_at <= OffsetDateTime::now_utc());
}

#[test]
fn event_time_that_is_before_year_zero_in_utc_is_dated_now_without_panicking() {
    let mut event = fixture("create-image-by-name");
    event["detail"]["eventTime"] = json!("0000-01-01T00:00:00+23:59");
    let f = forwarder(Recorder::default());
    block(f.handle(event)).unwrap();
    let requested_at = f.dispatch.scans()[0]["requested_at"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(requested_at.starts_with("20"), "{requested_at}");
}

#[test]
fn past_event_time_is_kept_in_utc_for_ordering() {
    let mut event = fixture("create-image-by-name");
    event["detail"]["eventTime"] = json!("2026-11-29T12:00:00+02:00");
    let f = forwarder(Recorder::default());
    block(f.handle(event)).unwrap();
    assert_eq!(
        f.dispatch.scans()[0]["requested_at"],
        "2026-11-29T10:00:00Z"
    );
}

#[test]
fn numeric_or_object_error_code_is_a_failed_call_not_a_deployment() {
    for code in [json!(500), json!({"code": "x"}), json!(""), json!(false)] {
        let mut event = fixture("create-image-by-name");
        event["detail"]["errorCode"] = code.clone();
        let f = forwarder(Recorder::default());
        let summary = block(f.handle(event)).unwrap();
        assert_eq!(summary.decisions[0].action, Action::Ignore, "{code}");
        assert!(
            summary.decisions[0].reason.contains("failed with"),
            "{code}"
        );
        assert!(f.dispatch.nothing_sent(), "{code}");
    }
}

#[test]
fn arn_from_another_account_than_the_envelope_is_dropped() {
    let mut event = fixture("spoke-update-code");
    event["account"] = json!("333333333333");
    let f = forwarder(Recorder::default());
    let summary = block(f.handle(event)).unwrap();
    let decision = &summary.decisions[0];
    assert_eq!(decision.action, Action::Drop);
    assert_eq!(decision.path.as_deref(), Some("account"));
    assert!(
        decision.reason.contains("came from account 333333333333"),
        "{}",
        decision.reason
    );
    assert!(
        decision.reason.contains("222222222222"),
        "{}",
        decision.reason
    );
    assert!(f.dispatch.nothing_sent());
}

#[test]
fn spoke_event_with_the_spokes_own_account_is_scanned() {
    let f = forwarder(Recorder::default());
    block(f.handle(fixture("spoke-update-code"))).unwrap();
    assert_eq!(
        f.dispatch.scans()[0]["function"]["arn"],
        "arn:aws:lambda:eu-west-1:222222222222:function:payments"
    );
}

#[test]
fn event_without_request_id_is_scanned() {
    let mut event = fixture("create-image-by-name");
    event["detail"].as_object_mut().unwrap().remove("requestID");
    let f = forwarder(Recorder::default());
    let summary = block(f.handle(event)).unwrap();
    assert_eq!(summary.decisions[0].action, Action::Scan);
    assert_eq!(f.dispatch.scans().len(), 1);
}

#[test]
fn missing_event_id_falls_back_to_the_envelope_id() {
    let mut event = fixture("create-image-by-name");
    event["detail"].as_object_mut().unwrap().remove("eventID");
    let envelope_id = event["id"].clone();
    let f = forwarder(Recorder::default());
    block(f.handle(event)).unwrap();
    assert_eq!(f.dispatch.scans()[0]["request_id"], envelope_id);
}

#[test]
fn malformed_event_is_dropped_with_its_path_and_counted() {
    let mut event = fixture("create-image-by-name");
    event["detail"]["eventName"] = json!(42);
    let f = forwarder(Recorder::default());
    let summary = block(f.handle(event)).unwrap();
    let decision = &summary.decisions[0];
    assert_eq!(decision.action, Action::Drop);
    assert_eq!(decision.path.as_deref(), Some("detail.eventName"));
    assert!(decision
        .reason
        .contains("malformed CloudTrail event at detail.eventName"));
    assert!(f.dispatch.nothing_sent());
    let metrics = f.metrics.recorded();
    assert_eq!(metrics.len(), 1);
    assert_eq!(metrics[0][DROPPED_EVENTS], 1);
    assert_eq!(metrics[0]["Reason"], "malformed_event");
}

#[test]
fn unsupported_version_and_unknown_command_are_dropped() {
    let cases: [(Value, &str, &str); 3] = [
        (
            json!({"type": "sweep", "version": 2}),
            "version",
            "unsupported_version",
        ),
        (
            json!({"type": "rescan_all", "version": 1}),
            "type",
            "unknown_command",
        ),
        (
            json!({"type": "manual_scan", "version": 1, "function": 7}),
            "function",
            "malformed_command",
        ),
    ];
    for (input, path, kind) in cases {
        let f = forwarder(Recorder::default());
        let summary = block(f.handle(input.clone())).unwrap();
        assert_eq!(summary.decisions[0].action, Action::Drop, "{input}");
        assert_eq!(summary.decisions[0].path.as_deref(), Some(path), "{input}");
        assert_eq!(f.metrics.recorded()[0]["Reason"], kind, "{input}");
        assert!(f.dispatch.nothing_sent());
    }
}

#[test]
fn manual_scan_with_a_bogus_region_is_dropped_naming_the_region() {
    let f = forwarder(Recorder::default());
    let input =
        json!({"type": "manual_scan", "version": 1, "function": "orders", "region": "../../etc"});
    let summary = block(f.handle(input)).unwrap();
    assert_eq!(summary.decisions[0].action, Action::Drop);
    assert_eq!(summary.decisions[0].path.as_deref(), Some("region"));
    assert!(summary.decisions[0].reason.contains("../../etc"));
    assert!(f.dispatch.nothing_sent());
}

#[test]
fn manual_scan_dispatches() {
    let f = forwarder(Recorder::default());
    let input = json!({"type": "manual_scan", "version": 1, "function": "orders-api"});
    block(f.handle(input)).unwrap();
    assert_eq!(f.dispatch.scans()[0]["trigger"], "manual");
}

#[test]
fn failed_dispatch_stays_an_error_so_lambda_retries() {
    let f = forwarder(Recorder::failing_for(&["orders-api"]));
    let err = block(f.handle(fixture("create-image-by-name"))).unwrap_err();
    assert!(matches!(err, ForwarderError::Dispatch { .. }));
    assert_eq!(err.kind(), "DispatchFailed");
    assert!(err.to_string().contains("function:orders-api"), "{err}");
    assert!(f.metrics.recorded().is_empty());
}

#[test]
fn huge_non_ascii_input_is_dropped_without_panicking() {
    // The old preview cut at byte 200, inside an "é" (bytes 7, 9, … start one).
    let input = json!({"xy": "é".repeat(500)});
    let f = forwarder(Recorder::default());
    let summary = block(f.handle(input)).unwrap();
    let decision = &summary.decisions[0];
    assert_eq!(decision.action, Action::Drop);
    assert_eq!(decision.path.as_deref(), Some("."));
    assert!(decision.reason.len() < 400, "{}", decision.reason.len());
}

#[test]
fn policy_skip_is_decided_before_dispatch() {
    let policy = "version = 1\n[[skip]]\nname = \"orders\"\nreason = \"owned elsewhere\"\nfunctions = [\"orders-*\"]\n";
    let f = support::forwarder_with(
        Recorder::default(),
        &support::offline_sdk("http://127.0.0.1:9"),
        Some(policy),
    );
    let summary = block(f.handle(fixture("create-image-by-name"))).unwrap();
    assert_eq!(summary.decisions[0].action, Action::Skip);
    assert!(f.dispatch.nothing_sent());
}
