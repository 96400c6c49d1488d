//! QScanner's SARIF 2.1.0 vulnerability report → [`VulnFinding`]s.
//!
//! Rules (`runs[].tool.driver.rules[]`) describe a QID; results
//! (`runs[].results[]`) say where it was found. Results are grouped by QID
//! into one finding with all its packages. Key spellings vary (see
//! docs/qscanner.md and [`fields`]); a report we cannot interpret is an
//! error, never an empty result.

mod fields;
mod files;

use std::collections::HashMap;

use serde_json::Value;

use qscan_contracts::{Severity, VulnFinding};

use fields::{lookup, Props};
pub use files::{find_reports, read_report_dir, ParsedReport};

/// The report is not SARIF as QScanner writes it; the message says where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SarifError(pub String);

/// Findings of every run, one per QID, in order of first appearance.
/// A valid report without results yields no findings.
pub fn parse_sarif(sarif: &Value) -> Result<Vec<VulnFinding>, SarifError> {
    let runs = sarif
        .get("runs")
        .and_then(Value::as_array)
        .ok_or_else(|| SarifError("top level has no \"runs\" array".into()))?;
    let mut findings: Vec<VulnFinding> = Vec::new();
    let mut by_qid: HashMap<String, usize> = HashMap::new();
    for (r, run) in runs.iter().enumerate() {
        let at = |what: String| SarifError(format!("runs[{r}]{what}"));
        let run = run
            .as_object()
            .ok_or_else(|| at(" is not an object".into()))?;
        let rules = Rules::of(run).map_err(at)?;
        let results = match run.get("results") {
            None | Some(Value::Null) => continue,
            Some(Value::Array(results)) => results,
            Some(_) => return Err(at(".results is not an array".into())),
        };
        for (i, result) in results.iter().enumerate() {
            let at = |e: String| at(format!(".results[{i}]: {e}"));
            let result = result
                .as_object()
                .ok_or_else(|| at("not an object".into()))?;
            let finding = finding(result, &rules).map_err(at)?;
            match by_qid.get(&finding.qid) {
                Some(&k) => merge(&mut findings[k], finding),
                None => {
                    by_qid.insert(finding.qid.clone(), findings.len());
                    findings.push(finding);
                }
            }
        }
    }
    Ok(findings)
}

/// QScanner's version as the report states it (`tool.driver.version`).
pub fn tool_version(sarif: &Value) -> Option<String> {
    sarif.get("runs")?.as_array()?.iter().find_map(|run| {
        let driver = run.get("tool")?.get("driver")?;
        ["version", "semanticVersion"]
            .iter()
            .find_map(|key| driver.get(*key)?.as_str().map(str::to_owned))
    })
}

/// A run's rules, by position and by id.
struct Rules<'a> {
    list: Vec<&'a Props>,
    by_id: HashMap<&'a str, &'a Props>,
}

impl<'a> Rules<'a> {
    fn of(run: &'a Props) -> Result<Self, String> {
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

/// One result as a finding with its own packages.
fn finding(result: &Props, rules: &Rules) -> Result<VulnFinding, String> {
    let result_props = props(result);
    let rule_id = result.get("ruleId").and_then(Value::as_str);
    let rule_index = result
        .get("ruleIndex")
        .and_then(Value::as_u64)
        .and_then(|i| rules.list.get(usize::try_from(i).ok()?).copied());
    let qid = match lookup(&[result_props], &["QID", "qid"]) {
        Some((key, value)) => Some(
            fields::scalar_string(value)
                .ok_or_else(|| format!("properties.{key} {value} is not a qid"))?,
        ),
        None => rule_id
            .map(str::to_owned)
            .or_else(|| rule_index?.get("id")?.as_str().map(str::to_owned)),
    }
    .ok_or("no qid (no properties.QID, ruleId or ruleIndex)")?;
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
    let category = lookup(&maps, &["category"]).and_then(|(_, v)| fields::scalar_string(v));

    let short = rule.and_then(|r| fields::text(r.get("shortDescription")));
    let name = rule
        .and_then(|r| r.get("name"))
        .and_then(Value::as_str)
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
        .filter(|d| *d != title);

    let packages = match lookup(&[result_props], &["vulnerableSoftware"]) {
        None => Vec::new(),
        Some((_, Value::Array(list))) => {
            let mut packages = Vec::with_capacity(list.len());
            for entry in list {
                let package = fields::package(entry).map_err(|e| format!("qid {qid} {e}"))?;
                if !packages.contains(&package) {
                    packages.push(package);
                }
            }
            packages
        }
        Some((_, _)) => return Err(format!("qid {qid} vulnerableSoftware is not an array")),
    };

    Ok(VulnFinding {
        severity: Severity::from_qualys(qualys_severity),
        qid,
        cves,
        title,
        qualys_severity,
        qds,
        cvss3_base,
        cvss3_vector,
        category,
        description,
        packages,
    })
}

/// Folds another result of the same QID into the finding: its packages and
/// CVEs join (without duplicates); the graver severity wins.
fn merge(into: &mut VulnFinding, other: VulnFinding) {
    for package in other.packages {
        if !into.packages.contains(&package) {
            into.packages.push(package);
        }
    }
    for cve in other.cves {
        if !into.cves.contains(&cve) {
            into.cves.push(cve);
        }
    }
    if other.qualys_severity > into.qualys_severity {
        into.qualys_severity = other.qualys_severity;
        into.severity = other.severity;
    }
    into.qds = into.qds.max(other.qds);
}

#[cfg(test)]
mod tests;
