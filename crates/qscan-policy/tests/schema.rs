//! The committed JSON Schema must be what the types generate, so editors
//! validate the policy exactly as `qscan policy check` does.

use std::path::Path;

#[test]
fn committed_schema_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policy/policy.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = qscan_policy::json_schema();
    assert!(
        committed == generated,
        "policy/policy.schema.json is stale; regenerate it with\n\n    \
         cargo run -q -p qscan-cli -- policy schema > policy/policy.schema.json\n\n\
         (or `make policy-schema`) and commit the result"
    );
}

#[test]
fn schema_closes_every_table_and_constrains_values() {
    let schema: serde_json::Value = serde_json::from_str(&qscan_policy::json_schema()).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(schema["required"], serde_json::json!(["version"]));
    for def in [
        "SkipRule",
        "OverrideRule",
        "IgnoreRule",
        "Thresholds",
        "Scan",
    ] {
        assert_eq!(schema["$defs"][def]["additionalProperties"], false, "{def}");
    }
    let skip = &schema["$defs"]["SkipRule"];
    assert_eq!(skip["required"], serde_json::json!(["name", "reason"]));
    assert_eq!(
        skip["properties"]["accounts"]["items"]["pattern"],
        "^[0-9]{12}$"
    );
    let severities = &schema["$defs"]["Thresholds"]["properties"]["alert_min_severity"]["enum"];
    assert_eq!(
        severities,
        &serde_json::json!(["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"])
    );
    let regions = skip["properties"]["regions"]["items"]["enum"]
        .as_array()
        .unwrap();
    assert!(
        regions.iter().any(|r| r == "us-gov-west-1") && regions.iter().any(|r| r == "cn-north-1")
    );
}
