//! QScanner's SARIF 2.1.0 vulnerability report → [`VulnFinding`]s.
//!
//! Rules (`runs[].tool.driver.rules[]`) describe a QID; results
//! (`runs[].results[]`) say where it was found. Results are grouped by QID
//! into one finding with all its packages ([`collect`]). Key spellings vary
//! (see docs/qscanner.md and [`fields`]); every kept string is bounded
//! ([`limits`]). Only runs that completed with an explicit `results` array
//! count ([`completion`]): a report we cannot interpret, or one that does not
//! say the scan completed, is an error, never an empty result.

mod collect;
mod completion;
mod fields;
mod files;
pub mod limits;
mod result;

use serde_json::Value;

use qscan_contracts::VulnFinding;

pub(crate) use collect::Collector;
pub use files::{find_reports, read_report_dir, ParsedReport};
use result::{finding, Rules};

/// Why a report yields no findings we can trust; the message says where
/// (a JSON path such as `runs[0].results[3]`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SarifError {
    /// Not SARIF as QScanner writes it.
    #[error("{0}")]
    Malformed(String),
    /// Well-formed, but not a complete scan: no runs, a run without an
    /// explicit `results` array, or a run that says it failed
    /// (`tool_failed`, which a new attempt may fix).
    #[error("{reason}")]
    Incomplete { reason: String, tool_failed: bool },
}

impl SarifError {
    pub(crate) fn malformed(reason: impl Into<String>) -> Self {
        SarifError::Malformed(reason.into())
    }

    pub(crate) fn incomplete(reason: impl Into<String>, tool_failed: bool) -> Self {
        SarifError::Incomplete {
            reason: reason.into(),
            tool_failed,
        }
    }

    pub fn is_incomplete(&self) -> bool {
        matches!(self, SarifError::Incomplete { .. })
    }

    /// True when the report itself says QScanner's run failed.
    pub fn tool_failed(&self) -> bool {
        matches!(
            self,
            SarifError::Incomplete {
                tool_failed: true,
                ..
            }
        )
    }
}

/// Findings of every run, one per QID, in order of first appearance.
/// A complete report without results yields no findings.
pub fn parse_sarif(sarif: &Value) -> Result<Vec<VulnFinding>, SarifError> {
    let mut collector = Collector::default();
    collect_log(sarif, &mut collector)?;
    Ok(collector.finish())
}

/// Adds the findings of one SARIF log to `collector`.
pub(crate) fn collect_log(sarif: &Value, collector: &mut Collector) -> Result<(), SarifError> {
    let runs = sarif
        .get("runs")
        .and_then(Value::as_array)
        .ok_or_else(|| SarifError::malformed("top level has no \"runs\" array"))?;
    if runs.is_empty() {
        return Err(SarifError::incomplete(
            "\"runs\" is empty: the report holds no scan run, which is not a clean scan",
            false,
        ));
    }
    for (r, run) in runs.iter().enumerate() {
        let at = format!("runs[{r}]");
        let run = run
            .as_object()
            .ok_or_else(|| SarifError::malformed(format!("{at} is not an object")))?;
        let results = completion::completed_results(run, &at)?;
        let rules = Rules::of(run).map_err(|e| SarifError::malformed(format!("{at}{e}")))?;
        for (i, result) in results.iter().enumerate() {
            let at = |e: String| SarifError::malformed(format!("{at}.results[{i}]: {e}"));
            let result = result
                .as_object()
                .ok_or_else(|| at("not an object".into()))?;
            collector.add(finding(result, &rules).map_err(at)?);
        }
    }
    Ok(())
}

/// QScanner's version as the report states it (`tool.driver.version`),
/// bounded like every other string.
pub fn tool_version(sarif: &Value) -> Option<String> {
    sarif.get("runs")?.as_array()?.iter().find_map(|run| {
        let driver = run.get("tool")?.get("driver")?;
        ["version", "semanticVersion"].iter().find_map(|key| {
            driver
                .get(*key)?
                .as_str()
                .map(|v| limits::cut_text(v.trim(), limits::MAX_VERSION))
        })
    })
}

#[cfg(test)]
mod tests;
