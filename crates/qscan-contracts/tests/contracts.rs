//! Round-trips and version checks of the message contracts.

use qscan_contracts::{
    ContractError, FunctionId, ReporterMessage, ScanRequest, Trigger, Versioned,
};
use serde_json::json;

fn request_json(version: u32) -> serde_json::Value {
    json!({
        "version": version,
        "request_id": "e1b0c7a4-1111-2222-3333-444455556666",
        "function": {
            "arn": "arn:aws:lambda:us-east-1:111111111111:function:orders",
            "name": "orders",
            "account": "111111111111",
            "region": "us-east-1"
        },
        "trigger": "create",
        "requested_at": "2026-11-29T10:00:00Z",
        "package_type": "Image"
    })
}

#[test]
fn scan_request_round_trips() {
    let request = ScanRequest::from_json_value(request_json(1)).unwrap();
    assert_eq!(request.trigger, Trigger::Create);
    let again = ScanRequest::from_json_value(serde_json::to_value(&request).unwrap()).unwrap();
    assert_eq!(request, again);
}

#[test]
fn unknown_version_is_refused_with_the_version_named() {
    let err = ScanRequest::from_json_value(request_json(2)).unwrap_err();
    assert!(matches!(
        err,
        ContractError::UnsupportedVersion { found: 2, .. }
    ));
    assert!(err.to_string().contains("version 2"), "{err}");
}

#[test]
fn malformed_message_names_the_kind_and_the_field() {
    let mut value = request_json(1);
    value["trigger"] = json!("reboot");
    let err = ScanRequest::from_json_value(value).unwrap_err().to_string();
    assert!(
        err.contains("ScanRequest") && err.contains("reboot"),
        "{err}"
    );
}

#[test]
fn reporter_message_is_tagged_by_type() {
    let deleted = json!({
        "type": "function_deleted",
        "version": 1,
        "request_id": "r-1",
        "function": FunctionId::parse("orders", "111111111111", "us-east-1").unwrap(),
        "deleted_at": "2026-11-29T10:00:00Z"
    });
    let message = ReporterMessage::from_json_value(deleted).unwrap();
    assert!(matches!(message, ReporterMessage::FunctionDeleted(_)));
}
