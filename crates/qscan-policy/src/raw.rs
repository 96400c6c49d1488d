//! The file format exactly as written: serde types with spans, and the JSON
//! Schema generated from them.
//!
//! These types are the single source of truth for the shape of
//! `policy/policy.toml`: the parser deserializes into them and
//! `qscan policy schema` prints the schema schemars derives from them (doc
//! comments become the descriptions editors show). Values that need
//! semantic checks (severities, dates, account ids, globs…) stay strings
//! with their span here; `compile` checks them and reports every problem
//! with its line and column.

use std::collections::BTreeMap;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;
use toml::Spanned;

use qscan_contracts::regions::REGIONS;
use qscan_contracts::{ScanMode, ScanType};

/// A string with its byte span in the policy source.
pub(crate) type Str = Spanned<String>;

/// A parsed policy file before semantic checks: every section with its
/// span. Built by `parse` section by section (so one bad rule does not hide
/// the errors of the others); `PolicySchema` is the same shape for schemars.
#[derive(Debug, Default)]
pub(crate) struct RawPolicy {
    pub version: Option<Spanned<i64>>,
    pub defaults: Option<Spanned<RawDefaults>>,
    pub scan: Option<Spanned<RawScan>>,
    pub skip: Vec<Rule<RawSkip>>,
    pub overrides: Vec<Rule<RawOverride>>,
    pub ignore: Vec<Rule<RawIgnore>>,
}

/// One `[[skip]]`, `[[override]]` or `[[ignore]]` table: its own keys, the
/// shared matchers and, for overrides, the thresholds.
#[derive(Debug)]
pub(crate) struct Rule<H> {
    /// Span of the table (its `[[…]]` header).
    pub span: std::ops::Range<usize>,
    pub head: H,
    pub matchers: RawMatchers,
    pub thresholds: RawDefaults,
    /// The table had unknown keys (already reported): checks that a
    /// misspelt key would trip ("no matchers") are not repeated.
    pub had_unknown_keys: bool,
}

/// lambda-qscanner policy: what is scanned, reported, alerted on and ignored.
///
/// Rules of each kind are evaluated in file order; the first matching
/// `[[skip]]` rule skips the function, the first matching `[[override]]`
/// replaces the thresholds it sets, and an `[[ignore]]` hides the
/// vulnerabilities it names until it expires.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "lambda-qscanner policy")]
#[allow(dead_code)] // only schemars reads these fields
pub(crate) struct PolicySchema {
    /// Format version of this file. Only `1` exists.
    #[schemars(schema_with = "version_schema")]
    pub version: i64,
    /// Thresholds that apply when no `[[override]]` sets them.
    pub defaults: Option<RawDefaults>,
    /// How functions are scanned.
    pub scan: Option<RawScan>,
    /// Functions not to scan. The first matching rule in file order wins.
    #[serde(default)]
    pub skip: Vec<SkipSchema>,
    /// Per-function thresholds. The first matching rule in file order
    /// applies; the thresholds it leaves out come from `[defaults]`.
    #[serde(default, rename = "override")]
    pub overrides: Vec<OverrideSchema>,
    /// Vulnerabilities accepted for a while, with the reason why.
    #[serde(default)]
    pub ignore: Vec<IgnoreSchema>,
}

/// Do not scan the functions this rule matches.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // only schemars reads these fields
#[schemars(rename = "SkipRule")]
pub(crate) struct SkipSchema {
    #[serde(flatten)]
    head: RawSkip,
    #[serde(flatten)]
    matchers: RawMatchers,
}

/// Different thresholds for the functions this rule matches.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // only schemars reads these fields
#[schemars(rename = "OverrideRule")]
pub(crate) struct OverrideSchema {
    #[serde(flatten)]
    head: RawOverride,
    #[serde(flatten)]
    matchers: RawMatchers,
    #[serde(flatten)]
    thresholds: RawDefaults,
}

/// Accept named vulnerabilities (not reported, not alerted on) until
/// `expires`.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // only schemars reads these fields
#[schemars(rename = "IgnoreRule")]
pub(crate) struct IgnoreSchema {
    #[serde(flatten)]
    head: RawIgnore,
    #[serde(flatten)]
    matchers: RawMatchers,
}

/// Severity thresholds.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Thresholds")]
pub(crate) struct RawDefaults {
    /// Findings below this severity are not sent to Security Hub
    /// (default INFORMATIONAL: everything).
    #[serde(default)]
    #[schemars(schema_with = "severity_schema")]
    pub report_min_severity: Option<Str>,
    /// An SNS alert is published when a scan has a finding at or above this
    /// severity (default HIGH).
    #[serde(default)]
    #[schemars(schema_with = "severity_schema")]
    pub alert_min_severity: Option<Str>,
    /// A CI/CD scan (`qscan scan`) fails when a finding is at or above this
    /// severity (default CRITICAL).
    #[serde(default)]
    #[schemars(schema_with = "severity_schema")]
    pub fail_min_severity: Option<Str>,
    /// Count only findings for which a fixed version exists (default false).
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub fixable_only: Option<Spanned<bool>>,
}

/// Scan behaviour.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Scan")]
pub(crate) struct RawScan {
    /// Rescan on a configuration-only update that changes neither code nor
    /// layers (default false: such updates are not scanned).
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub rescan_on_config_change: Option<Spanned<bool>>,
    /// Rescan a function whose last result is older than this: a number
    /// and a unit, `m` minutes, `h` hours, `d` days or `w` weeks (default "7d").
    #[serde(default)]
    #[schemars(schema_with = "duration_schema")]
    pub rescan_after: Option<Str>,
    /// QScanner `--scan-types` (default ["pkg"]). `pkg` is `os` + `sca`.
    #[serde(default)]
    #[schemars(schema_with = "scan_types_schema")]
    pub scan_types: Option<Spanned<Vec<Str>>>,
    /// QScanner `--mode` (default "get-report").
    #[serde(default)]
    #[schemars(schema_with = "mode_schema")]
    pub mode: Option<Str>,
    /// QScanner `--policy-tags`, only with mode "evaluate-policy".
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub policy_tags: Option<Spanned<Vec<Str>>>,
}

/// Matchers shared by every rule kind. A rule matches a function when every
/// matcher it gives matches (any one value within a matcher is enough);
/// a matcher left out matches everything.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Matchers")]
pub(crate) struct RawMatchers {
    /// Globs on the function name (`*`, `?`, `[a-z]`, `{a,b}`).
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub functions: Option<Spanned<Vec<Str>>>,
    /// Globs on the unqualified function ARN
    /// (`arn:aws:lambda:<region>:<account>:function:<name>`).
    #[serde(default)]
    #[schemars(schema_with = "arns_schema")]
    pub arns: Option<Spanned<Vec<Str>>>,
    /// 12-digit AWS account ids.
    #[serde(default)]
    #[schemars(schema_with = "accounts_schema")]
    pub accounts: Option<Spanned<Vec<Str>>>,
    /// AWS region names.
    #[serde(default)]
    #[schemars(schema_with = "regions_schema")]
    pub regions: Option<Spanned<Vec<Str>>>,
    /// Tag key → glob on the tag's value. Every listed tag must be present
    /// and match. Only known once the scanner has called GetFunction.
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub tags: Option<Spanned<BTreeMap<Str, Str>>>,
    /// "Image" or "Zip". Only known once the scanner has called GetFunction.
    #[serde(default)]
    #[schemars(schema_with = "package_types_schema")]
    pub package_types: Option<Spanned<Vec<Str>>>,
}

/// The keys of a `[[skip]]` rule besides its matchers.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSkip {
    /// Unique rule name, shown in logs and by `qscan policy explain`.
    #[schemars(schema_with = "name_schema")]
    pub name: Str,
    /// Why these functions are not scanned; logged with every skip.
    #[schemars(schema_with = "reason_schema")]
    pub reason: Str,
}

/// The keys of an `[[override]]` rule besides its matchers and thresholds.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOverride {
    /// Unique rule name, shown by `qscan policy explain`.
    #[schemars(schema_with = "name_schema")]
    pub name: Str,
    /// Why these functions get different thresholds.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub reason: Option<Str>,
}

/// The keys of an `[[ignore]]` rule besides its matchers.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIgnore {
    /// Optional unique rule name (default `ignore#N`, N counting from 1).
    #[serde(default)]
    #[schemars(schema_with = "optional_name_schema")]
    pub name: Option<Str>,
    /// CVE ids (`CVE-2024-3094`) or Qualys QIDs (`376537` or `QID-376537`).
    #[schemars(schema_with = "vulnerabilities_schema")]
    pub vulnerabilities: Spanned<Vec<Str>>,
    /// Globs on the vulnerable package name (default: any package).
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub packages: Option<Spanned<Vec<Str>>>,
    /// Why the risk is accepted; logged whenever the ignore applies.
    #[schemars(schema_with = "reason_schema")]
    pub reason: Str,
    /// Last day (UTC) the ignore applies, `YYYY-MM-DD`; from the next day
    /// on the vulnerabilities are reported again.
    #[serde(default)]
    #[schemars(schema_with = "date_schema")]
    pub expires: Option<Spanned<toml::Value>>,
}

/// Keys each table accepts, for the unknown-key check that runs before
/// serde (so every unknown key is reported, not only the first). A test
/// keeps these lists equal to the schema's properties.
pub(crate) const TOP_KEYS: &[&str] = &["version", "defaults", "scan", "skip", "override", "ignore"];
pub(crate) const DEFAULTS_KEYS: &[&str] = &[
    "report_min_severity",
    "alert_min_severity",
    "fail_min_severity",
    "fixable_only",
];
pub(crate) const SCAN_KEYS: &[&str] = &[
    "rescan_on_config_change",
    "rescan_after",
    "scan_types",
    "mode",
    "policy_tags",
];
pub(crate) const MATCHER_KEYS: &[&str] = &[
    "functions",
    "arns",
    "accounts",
    "regions",
    "tags",
    "package_types",
];
pub(crate) const SKIP_KEYS: &[&str] = &["name", "reason"];
pub(crate) const OVERRIDE_KEYS: &[&str] = &["name", "reason"];
pub(crate) const IGNORE_KEYS: &[&str] =
    &["name", "vulnerabilities", "packages", "reason", "expires"];

pub(crate) const SEVERITIES: &[&str] = &["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"];
pub(crate) const SCAN_TYPES: &[&str] = &ScanType::NAMES;
pub(crate) const MODES: &[&str] = &ScanMode::NAMES;
pub(crate) const PACKAGE_TYPES: &[&str] = &["Image", "Zip"];

/// The pattern a rule name must match.
pub(crate) const NAME_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";

fn version_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "integer", "const": 1 })
}

fn severity_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "enum": SEVERITIES })
}

fn duration_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": "^[1-9][0-9]*[mhdw]$", "examples": ["7d", "24h"] })
}

fn scan_types_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "array",
        "items": { "type": "string", "enum": SCAN_TYPES },
        "minItems": 1,
        "uniqueItems": true
    })
}

fn mode_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "enum": MODES })
}

fn arns_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "array", "items": { "type": "string", "pattern": "^arn:" } })
}

fn accounts_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "array", "items": { "type": "string", "pattern": "^[0-9]{12}$" } })
}

fn regions_schema(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = REGIONS.iter().map(|r| r.name).collect();
    json_schema!({ "type": "array", "items": { "type": "string", "enum": names } })
}

fn package_types_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "array", "items": { "type": "string", "enum": PACKAGE_TYPES } })
}

fn name_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": NAME_PATTERN })
}

fn optional_name_schema(_: &mut SchemaGenerator) -> Schema {
    name_schema(&mut SchemaGenerator::default())
}

fn reason_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "minLength": 1 })
}

fn vulnerabilities_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "array",
        "minItems": 1,
        "items": { "type": "string", "pattern": "^(CVE-[0-9]{4}-[0-9]{4,}|(QID-)?[0-9]+)$" }
    })
}

fn date_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "format": "date" })
}

/// The JSON Schema of the policy file, pretty-printed, with a trailing
/// newline (what `qscan policy schema` prints and
/// `policy/policy.schema.json` holds).
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(PolicySchema).to_value();
    drop_null_types(&mut schema);
    // Key order must not depend on whether some other crate in the build
    // turned on serde_json's `preserve_order`: the committed file is sorted.
    schema.sort_all_objects();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}

/// TOML has no null: `Option<T>` means "key may be left out", which
/// `required` already says, so `"null"` is dropped from every `type`.
fn drop_null_types(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".to_owned(), only);
                }
            }
            if let Some(Value::Array(options)) = map.get_mut("anyOf") {
                options.retain(|o| o.get("type").is_none_or(|t| t != "null"));
                if options.len() == 1 {
                    if let Value::Object(only) = options.remove(0) {
                        map.remove("anyOf");
                        map.extend(only);
                    }
                }
            }
            if map.get("default") == Some(&Value::Null) {
                map.remove("default");
            }
            map.values_mut().for_each(drop_null_types);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null_types),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn properties(schema: &serde_json::Value, def: &str) -> Vec<String> {
        let node = if def.is_empty() {
            schema
        } else {
            &schema["$defs"][def]
        };
        let mut keys: Vec<String> = node["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    fn sorted(groups: &[&[&str]]) -> Vec<String> {
        let mut keys: Vec<String> = groups
            .iter()
            .flat_map(|g| g.iter().map(|k| k.to_string()))
            .collect();
        keys.sort();
        keys
    }

    /// The parser's key lists (used to report every unknown key) and the
    /// schema (derived from the types) must never drift apart.
    #[test]
    fn key_lists_match_the_schema() {
        let schema: serde_json::Value = serde_json::from_str(&json_schema()).unwrap();
        assert_eq!(properties(&schema, ""), sorted(&[TOP_KEYS]));
        assert_eq!(properties(&schema, "Thresholds"), sorted(&[DEFAULTS_KEYS]));
        assert_eq!(properties(&schema, "Scan"), sorted(&[SCAN_KEYS]));
        assert_eq!(
            properties(&schema, "SkipRule"),
            sorted(&[SKIP_KEYS, MATCHER_KEYS])
        );
        assert_eq!(
            properties(&schema, "OverrideRule"),
            sorted(&[OVERRIDE_KEYS, MATCHER_KEYS, DEFAULTS_KEYS])
        );
        assert_eq!(
            properties(&schema, "IgnoreRule"),
            sorted(&[IGNORE_KEYS, MATCHER_KEYS])
        );
    }
}
