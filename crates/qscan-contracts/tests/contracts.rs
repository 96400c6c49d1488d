//! Round-trips and version checks of the message contracts.

use qscan_contracts::{
    ContractError, ForwarderCommand, FunctionId, ReporterMessage, ScanRequest, Trigger, Versioned,
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

/// A message without `"version"` used to be taken as version 1 (issue 7,
/// item 6); every contract now requires it.
#[test]
fn a_message_without_a_version_is_refused_as_malformed() {
    let mut request = request_json(1);
    request.as_object_mut().unwrap().remove("version");
    let err = ScanRequest::from_json_value(request).unwrap_err();
    assert!(matches!(err, ContractError::Malformed { .. }), "{err}");
    assert!(err.to_string().contains("version"), "{err}");

    let unversioned = [
        json!({"type": "manual_scan", "function": "orders"}),
        json!({"type": "sweep"}),
    ];
    for command in unversioned {
        let err = ForwarderCommand::from_json_value(command.clone()).unwrap_err();
        assert!(err.to_string().contains("version"), "{command}: {err}");
    }
    let deleted = json!({
        "type": "function_deleted",
        "request_id": "r-1",
        "function": FunctionId::parse("orders", "111111111111", "us-east-1").unwrap(),
        "deleted_at": "2026-11-29T10:00:00Z"
    });
    let err = ReporterMessage::from_json_value(deleted).unwrap_err();
    assert!(err.to_string().contains("version"), "{err}");
}

#[test]
fn a_scan_request_for_a_function_in_an_unknown_region_is_refused() {
    let mut value = request_json(1);
    value["function"]["arn"] = json!("arn:aws:lambda:../../etc:111111111111:function:orders");
    value["function"]["region"] = json!("../../etc");
    let err = ScanRequest::from_json_value(value).unwrap_err().to_string();
    assert!(
        err.contains("ScanRequest") && err.contains("../../etc"),
        "{err}"
    );
}
