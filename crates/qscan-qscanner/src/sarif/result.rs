//! One SARIF result (with its rule) → one [`VulnFinding`].
//!
//! Every kept string passes through [`limits`](super::limits); a value that
//! cannot be interpreted is an error naming the key, never a guess.

use std::collections::HashMap;

use serde_json::Value;

use qscan_contracts::{Severity, VulnFinding};

use super::fields::{self, lookup, Props};
use super::limits::{bound_text, quote, MAX_DESCRIPTION, MAX_ID, MAX_SHORT_TEXT, MAX_TITLE};

/// A run's rules, by position and by id.
pub(super) struct Rules<'a> {
    list: Vec<&'a Props>,
    by_id: HashMap<&'a str, &'a Props>,
}

impl<'a> Rules<'a> {
    pub(super) fn of(run: &'a Props) -> Result<Self, String> {
        let mut rules = Rules {
            list: Vec::new(),
            by_id: HashMap::new(),
        };
        let found = run
            .get("tool")
            .and_then(|t| t.get("driver"))
            .and_then(|d| d.get("rules"));
        let list = match found {
            None | Some(Value::Null) => return Ok(rules),
            Some(Value::Array(list)) => list,
            Some(_) => return Err(".tool.driver.rules is not an array".into()),
        };
        for (i, rule) in list.iter().enumerate() {
            let rule = rule
                .as_object()
                .ok_or_else(|| format!(".tool.driver.rules[{i}] is not an object"))?;
            if let Some(id) = rule.get("id").and_then(Value::as_str) {
                rules.by_id.insert(id, rule);
            }
            rules.list.push(rule);
        }
        Ok(rules)
    }
}

fn props(object: &Props) -> Option<&Props> {
    object.get("properties").and_then(Value::as_object)
}

/// The QID: `properties.QID`, else `ruleId`, else the rule at `ruleIndex`.
/// An empty or over-long id is an error, never a finding without a QID.
fn qid(result: &Props, rule_at_index: Option<&Props>) -> Result<String, String> {
    let rule_id = match result.get("ruleId") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) if id.trim().is_empty() => return Err("ruleId is empty".into()),
        Some(Value::String(id)) => Some(id.trim()),
        Some(other) => return Err(format!("ruleId {} is not a string", quote(other))),
    };
    let qid = match lookup(&[props(result)], &["QID", "qid"]) {
        Some((key, value)) => fields::scalar_string(value)
            .ok_or_else(|| format!("properties.{key} {} is not a qid", quote(value)))?,
        None => rule_id
            .map(str::to_owned)
            .or_else(|| rule_at_index?.get("id")?.as_str().map(str::to_owned))
            .ok_or("no qid (no properties.QID, ruleId or ruleIndex)")?,
    };
    if qid.trim().is_empty() {
        return Err("qid is empty".into());
    }
    if qid.chars().count() > MAX_ID {
        return Err(format!(
            "qid {} is longer than {MAX_ID} characters",
            quote(&Value::String(qid))
        ));
    }
    Ok(qid)
}

/// One result as a finding with its own packages.
pub(super) fn finding(result: &Props, rules: &Rules) -> Result<VulnFinding, String> {
    let result_props = props(result);
    let rule_index = result
        .get("ruleIndex")
        .and_then(Value::as_u64)
        .and_then(|i| rules.list.get(usize::try_from(i).ok()?).copied());
    let qid = qid(result, rule_index)?;
    let rule_id = result.get("ruleId").and_then(Value::as_str);
    let rule = rules
        .by_id
        .get(qid.as_str())
        .or_else(|| rules.by_id.get(rule_id?))
        .copied()
        .or(rule_index);
    let maps = [rule.and_then(props), result_props];

    let qualys_severity = match lookup(&maps, &["severity", "customerSeverity"]) {
        Some((key, value)) => {
            fields::severity(value).map_err(|e| format!("qid {qid} {key} {e}"))?
        }
        None => {
            let default_level = rule
                .and_then(|r| r.get("defaultConfiguration"))
                .and_then(|c| c.get("level"));
            fields::level_severity(result.get("level").or(default_level))
                .map_err(|e| format!("qid {qid} {e}"))?
        }
    };
    let cves = match lookup(&maps, &["cve-ids", "cveIds"]) {
        Some((key, value)) => fields::cves(value).map_err(|e| format!("qid {qid} {key}: {e}"))?,
        None => Vec::new(),
    };
    let qds = lookup(&maps, &["qds", "QDS"])
        .map(|(key, value)| fields::whole_number(value).map_err(|e| format!("qid {qid} {key} {e}")))
        .transpose()?;
    let (cvss3_base, cvss3_vector) = fields::cvss3(&maps).map_err(|e| format!("qid {qid} {e}"))?;
    let category = lookup(&maps, &["category"])
        .and_then(|(_, v)| fields::scalar_string(v))
        .map(|c| bound_text(c, MAX_SHORT_TEXT));

    let short = rule.and_then(|r| fields::text(r.get("shortDescription")));
    let name = rule
        .and_then(|r| r.get("name"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    let message = fields::text(result.get("message"));
    let title = short
        .or(name)
        .or(message)
        .unwrap_or_else(|| format!("QID {qid}"));
    let description = rule
        .and_then(|r| {
            fields::text(r.get("fullDescription")).or_else(|| fields::text(r.get("help")))
        })
        .filter(|d| *d != title)
        .map(|d| bound_text(d, MAX_DESCRIPTION));

    // Duplicates are dropped when findings are collected.
    let packages = match lookup(&[result_props], &["vulnerableSoftware"]) {
        None => Vec::new(),
        Some((_, Value::Array(list))) => list
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                fields::package(entry)
                    .map_err(|e| format!("qid {qid} vulnerableSoftware[{i}]: {e}"))
            })
            .collect::<Result<_, _>>()?,
        Some((_, _)) => return Err(format!("qid {qid} vulnerableSoftware is not an array")),
    };

    Ok(VulnFinding {
        severity: Severity::from_qualys(qualys_severity),
        title: bound_text(title, MAX_TITLE),
        qid,
        cves,
        qualys_severity,
        qds,
        cvss3_base,
        cvss3_vector: cvss3_vector.map(|v| bound_text(v, MAX_SHORT_TEXT)),
        category,
        description,
        packages,
    })
}
