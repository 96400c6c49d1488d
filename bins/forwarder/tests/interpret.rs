//! Real CloudTrail-shaped events → what the pipeline does about them.

use forwarder::cloudtrail::{interpret, IgnoreReason, InterpretOptions, Interpretation};
use forwarder::input::{classify, ForwarderInput, InputError};
use qscan_contracts::{ForwarderCommand, PackageType, Trigger};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/events/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn interpret_fixture(name: &str, options: InterpretOptions) -> Interpretation {
    match classify(fixture(name)).unwrap() {
        ForwarderInput::ApiCall(event) => {
            interpret(&event, options, time::OffsetDateTime::now_utc()).unwrap()
        }
        other => panic!("{name} classified as {other:?}"),
    }
}

fn scan(name: &str) -> qscan_contracts::ScanRequest {
    match interpret_fixture(name, InterpretOptions::default()) {
        Interpretation::Scan(request) => request,
        other => panic!("{name}: expected a scan, got {other:?}"),
    }
}

#[test]
fn create_by_plain_name_scans_the_unqualified_arn() {
    let request = scan("create-image-by-name");
    assert_eq!(
        request.function.arn,
        "arn:aws:lambda:us-east-1:123456789012:function:orders-api"
    );
    assert_eq!(request.trigger, Trigger::Create);
    assert_eq!(request.package_type, Some(PackageType::Image));
    assert_eq!(request.request_id, "0d9a4f5e-1c2b-4e11-9a6f-5b2f0c7d8e01");
}

#[test]
fn published_create_drops_the_version_qualifier_and_keeps_layers() {
    let request = scan("create-zip-published");
    assert_eq!(
        request.function.arn,
        "arn:aws:lambda:us-east-1:123456789012:function:billing-worker"
    );
    assert_eq!(request.function.qualifier.as_deref(), Some("1"));
    assert_eq!(
        request.layers,
        ["arn:aws:lambda:us-east-1:123456789012:layer:shared-deps:4"]
    );
}

#[test]
fn update_code_named_by_arn_scans() {
    let request = scan("update-code-by-arn");
    assert_eq!(request.trigger, Trigger::UpdateCode);
    assert_eq!(request.function.name, "orders-api");
}

#[test]
fn spoke_event_keeps_the_spoke_account_and_region() {
    let request = scan("spoke-update-code");
    assert_eq!(
        request.function.arn,
        "arn:aws:lambda:eu-west-1:222222222222:function:payments"
    );
}

#[test]
fn configuration_update_that_attaches_layers_rescans() {
    let request = scan("update-config-layers");
    assert_eq!(request.trigger, Trigger::UpdateConfiguration);
    assert_eq!(
        request.layers,
        ["arn:aws:lambda:us-east-1:123456789012:layer:shared-deps:5"]
    );
}

#[test]
fn environment_only_update_is_ignored_unless_the_policy_asks() {
    assert_eq!(
        interpret_fixture("update-config-env-only", InterpretOptions::default()),
        Interpretation::Ignore(IgnoreReason::ConfigurationOnly)
    );
    let forced = InterpretOptions {
        rescan_on_config_change: true,
    };
    assert!(matches!(
        interpret_fixture("update-config-env-only", forced),
        Interpretation::Scan(_)
    ));
}

#[test]
fn failed_api_call_is_not_a_deployment() {
    match interpret_fixture("create-failed", InterpretOptions::default()) {
        Interpretation::Ignore(reason @ IgnoreReason::FailedCall { .. }) => {
            assert!(reason.to_string().contains("ResourceConflictException"));
        }
        other => panic!("expected ignore, got {other:?}"),
    }
}

#[test]
fn delete_archives_but_deleting_a_version_does_not() {
    match interpret_fixture("delete", InterpretOptions::default()) {
        Interpretation::Delete(deleted) => {
            assert_eq!(
                deleted.function.arn,
                "arn:aws:lambda:us-east-1:123456789012:function:orders-api"
            )
        }
        other => panic!("expected delete, got {other:?}"),
    }
    assert_eq!(
        interpret_fixture("delete-version", InterpretOptions::default()),
        Interpretation::Ignore(IgnoreReason::VersionDeleted {
            qualifier: "3".into()
        })
    );
}

#[test]
fn deleting_a_version_named_inside_function_name_keeps_the_findings() {
    assert_eq!(
        interpret_fixture("delete-version-in-name", InterpretOptions::default()),
        Interpretation::Ignore(IgnoreReason::VersionDeleted {
            qualifier: "3".into()
        })
    );
}

#[test]
fn publish_version_is_not_handled() {
    assert!(matches!(
        interpret_fixture("publish-version", InterpretOptions::default()),
        Interpretation::Ignore(IgnoreReason::NotHandled { .. })
    ));
}

#[test]
fn malformed_event_names_the_field_that_is_wrong() {
    let mut event = fixture("create-image-by-name");
    event["detail"]["eventName"] = Value::from(42);
    let err = classify(event).unwrap_err();
    assert!(matches!(err, InputError::MalformedEvent { .. }));
    assert!(err.to_string().contains("detail.eventName"), "{err}");
}

#[test]
fn scheduled_events_and_commands_are_recognised() {
    let scheduled =
        serde_json::json!({"detail-type": "Scheduled Event", "source": "aws.events", "detail": {}});
    assert!(matches!(
        classify(scheduled).unwrap(),
        ForwarderInput::Command(ForwarderCommand::Sweep(_))
    ));
    let manual = serde_json::json!({"type": "manual_scan", "version": 1, "function": "orders-api"});
    assert!(matches!(
        classify(manual).unwrap(),
        ForwarderInput::Command(ForwarderCommand::ManualScan(_))
    ));
    let unknown = serde_json::json!({"hello": "world"});
    assert!(matches!(
        classify(unknown).unwrap_err(),
        InputError::Unrecognised(_)
    ));
}
