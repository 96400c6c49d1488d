//! Layers 1 and 2: TOML syntax, then structure (known keys, value types).
//!
//! The document is parsed once into toml's spanned tree; every section and
//! every rule table is then deserialized on its own, so a mistake in one
//! rule does not hide the mistakes in the others. Unknown keys are found
//! by walking the tree before serde sees it, so all of them are reported
//! (serde would stop at the first) with a "did you mean" hint.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

use crate::diag::Sink;
use crate::raw::{
    RawDefaults, RawMatchers, RawPolicy, Rule, DEFAULTS_KEYS, IGNORE_KEYS, MATCHER_KEYS,
    OVERRIDE_KEYS, SCAN_KEYS, SKIP_KEYS, TOP_KEYS,
};
use crate::suggest;

type Value<'i> = Spanned<DeValue<'i>>;

/// Parses `source` into its raw shape. Returns `None` when the TOML itself
/// is malformed (the later layers would only report noise then).
pub(crate) fn parse(source: &str, sink: &mut Sink) -> Option<RawPolicy> {
    let (document, syntax_errors) = DeTable::parse_recoverable(source);
    if !syntax_errors.is_empty() {
        for error in syntax_errors {
            let span = error.span().unwrap_or(0..0);
            sink.error(
                span,
                format!("invalid TOML: {}", first_line(error.message())),
                "fix the TOML syntax (https://toml.io); strings need double quotes",
            );
        }
        return None;
    }
    let document_span = document.span();
    let mut raw = RawPolicy::default();
    for (key, value) in document.into_inner() {
        match key.get_ref().as_ref() {
            "version" => raw.version = typed(value, sink),
            "defaults" => raw.defaults = section(value, "[defaults]", &[DEFAULTS_KEYS], sink),
            "scan" => raw.scan = section(value, "[scan]", &[SCAN_KEYS], sink),
            "skip" => raw.skip = rules(value, "skip", SKIP_KEYS, sink),
            "override" => raw.overrides = rules(value, "override", OVERRIDE_KEYS, sink),
            "ignore" => raw.ignore = rules(value, "ignore", IGNORE_KEYS, sink),
            other => sink.error(
                key.span(),
                format!("unknown top-level key `{other}`"),
                suggest::hint(other, TOP_KEYS),
            ),
        }
    }
    if raw.version.is_none() {
        sink.error(
            document_span.start..document_span.start,
            "missing `version`",
            "start the file with `version = 1`",
        );
    }
    Some(raw)
}

/// Every `[[name]]` table of an array of tables.
fn rules<H: DeserializeOwned>(
    value: Value<'_>,
    name: &str,
    own_keys: &[&str],
    sink: &mut Sink,
) -> Vec<Rule<H>> {
    let span = value.span();
    let DeValue::Array(items) = value.into_inner() else {
        sink.error(
            span,
            format!("`{name}` must be an array of tables"),
            format!("write each rule as its own `[[{name}]]` table"),
        );
        return Vec::new();
    };
    let header = format!("[[{name}]]");
    let mut rules = Vec::new();
    for item in items {
        let span = item.span();
        let thresholds_allowed = name == "override";
        let groups: &[&[&str]] = if thresholds_allowed {
            &[own_keys, MATCHER_KEYS, DEFAULTS_KEYS]
        } else {
            &[own_keys, MATCHER_KEYS]
        };
        let Some((mut parts, had_unknown_keys)) = split(item, &header, groups, sink) else {
            continue;
        };
        let thresholds = if thresholds_allowed {
            deserialize::<RawDefaults>(parts.pop().expect("three groups"), &header, sink)
        } else {
            Some(RawDefaults::default())
        };
        let matchers = deserialize::<RawMatchers>(parts.pop().expect("two groups"), &header, sink);
        let head = deserialize::<H>(parts.pop().expect("one group"), &header, sink);
        if let (Some(head), Some(matchers), Some(thresholds)) = (head, matchers, thresholds) {
            rules.push(Rule {
                span,
                head,
                matchers,
                thresholds,
                had_unknown_keys,
            });
        }
    }
    rules
}

/// A single table (`[defaults]`, `[scan]`).
fn section<T: DeserializeOwned>(
    value: Value<'_>,
    header: &str,
    groups: &[&[&str]],
    sink: &mut Sink,
) -> Option<Spanned<T>> {
    let span = value.span();
    let (mut parts, _) = split(value, header, groups, sink)?;
    let value = deserialize::<T>(parts.pop()?, header, sink)?;
    Some(Spanned::new(span, value))
}

/// Checks that `value` is a table whose keys are all in one of `groups`,
/// reporting every other key, and splits it into one table per group.
/// Also says whether there were unknown keys.
fn split<'i>(
    value: Value<'i>,
    header: &str,
    groups: &[&[&str]],
    sink: &mut Sink,
) -> Option<(Vec<Value<'i>>, bool)> {
    let span = value.span();
    let DeValue::Table(table) = value.into_inner() else {
        sink.error(
            span,
            format!("{header} must be a table"),
            format!("write it as a `{header}` header followed by `key = value` lines"),
        );
        return None;
    };
    let known: Vec<&str> = groups.iter().flat_map(|g| g.iter().copied()).collect();
    let mut parts: Vec<DeTable<'i>> = groups.iter().map(|_| DeTable::new()).collect();
    let mut unknown = false;
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        match groups.iter().position(|g| g.contains(&name)) {
            Some(group) => {
                parts[group].insert(key, value);
            }
            None => {
                unknown = true;
                sink.error(
                    key.span(),
                    format!("unknown key `{name}` in {header}"),
                    suggest::hint(name, &known),
                );
            }
        }
    }
    let parts = parts
        .into_iter()
        .map(|table| Spanned::new(span.clone(), DeValue::Table(table)))
        .collect();
    Some((parts, unknown))
}

fn typed<T: DeserializeOwned>(value: Value<'_>, sink: &mut Sink) -> Option<Spanned<T>> {
    let span = value.span();
    deserialize::<T>(value, "version", sink).map(|v| Spanned::new(span, v))
}

/// Deserializes one value, reporting serde's error at its span.
fn deserialize<T: DeserializeOwned>(value: Value<'_>, header: &str, sink: &mut Sink) -> Option<T> {
    let span = value.span();
    let table = match value.get_ref() {
        DeValue::Table(table) => Some(table.clone()),
        _ => None,
    };
    match T::deserialize(ValueDeserializer::from(value)) {
        Ok(v) => Some(v),
        Err(error) => {
            let at = error.span().unwrap_or(span.clone());
            let message = first_line(error.message());
            match table.as_ref().and_then(|t| key_at(t, &at)) {
                Some(key) => sink.error(
                    at,
                    format!(
                        "`{key}` has the wrong type: {}",
                        message
                            .trim_start_matches("invalid type: ")
                            .replace("a sequence", "a list")
                    ),
                    type_hint(key),
                ),
                None => {
                    let (message, hint) = missing(header, message);
                    sink.error(at, message, hint);
                }
            }
            None
        }
    }
}

/// The key whose value covers `at`.
fn key_at<'t>(table: &'t DeTable<'_>, at: &Range<usize>) -> Option<&'t str> {
    table
        .iter()
        .find(|(_, v)| v.span().start <= at.start && at.end <= v.span().end)
        .map(|(k, _)| k.get_ref().as_ref())
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

/// How a key is written, for type errors.
fn type_hint(key: &str) -> String {
    let example = match key {
        "functions" => r#"functions = ["orders-*", "billing-api"]"#,
        "arns" => r#"arns = ["arn:aws:lambda:*:123456789012:function:*"]"#,
        "accounts" => r#"accounts = ["123456789012"]"#,
        "regions" => r#"regions = ["eu-west-1"]"#,
        "tags" => r#"tags = { env = "dev*" }"#,
        "package_types" => r#"package_types = ["Image"]"#,
        "packages" => r#"packages = ["openssl*"]"#,
        "vulnerabilities" => r#"vulnerabilities = ["CVE-2024-3094", "QID-376537"]"#,
        "expires" => "expires = 2026-12-31",
        "name" => r#"name = "sandbox-functions""#,
        "reason" => r#"reason = "why this rule exists""#,
        "report_min_severity" | "alert_min_severity" | "fail_min_severity" => {
            return format!(
                r#"write `{key} = "HIGH"` (one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL)"#
            )
        }
        "fixable_only" | "rescan_on_config_change" => {
            return format!("write `{key} = true` or `{key} = false`")
        }
        "rescan_after" => r#"rescan_after = "7d""#,
        "scan_types" => r#"scan_types = ["pkg", "secret"]"#,
        "mode" => r#"mode = "get-report""#,
        "policy_tags" => r#"policy_tags = ["prod"]"#,
        "version" => "version = 1",
        _ => return "see policy/policy.schema.json for the expected type".to_owned(),
    };
    format!("write it like `{example}`")
}

/// Message and hint for an error not tied to one key (a missing field).
fn missing(header: &str, message: &str) -> (String, String) {
    match message
        .strip_prefix("missing field `")
        .and_then(|m| m.strip_suffix('`'))
    {
        Some(field) => {
            let hint = match field {
                "reason" => "every [[skip]] and [[ignore]] needs `reason = \"…\"`: it is logged whenever the rule applies".to_owned(),
                "name" => "name the rule: `name = \"…\"` (unique; it appears in logs)".to_owned(),
                "vulnerabilities" => "list what to ignore: `vulnerabilities = [\"CVE-2024-3094\"]`".to_owned(),
                other => format!("add `{other} = …`"),
            };
            (format!("{header} is missing `{field}`"), hint)
        }
        None => (
            format!("{header}: {message}"),
            "see policy/policy.schema.json for the expected shape".to_owned(),
        ),
    }
}
