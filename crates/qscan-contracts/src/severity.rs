//! Severity: Qualys's 1–5 scale mapped to Security Hub labels, in one place.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A finding's severity, ordered from least to most severe.
///
/// Mapping from Qualys's 1–5 scale (see docs/qscanner.md):
/// 5 CRITICAL, 4 HIGH, 3 MEDIUM, 2 LOW, 1 INFORMATIONAL.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    Informational,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Informational,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// Maps Qualys's 1–5 severity. Values outside the scale are clamped, so
    /// a report never loses a finding because of an unexpected number.
    pub fn from_qualys(level: u8) -> Self {
        match level {
            0 | 1 => Severity::Informational,
            2 => Severity::Low,
            3 => Severity::Medium,
            4 => Severity::High,
            _ => Severity::Critical,
        }
    }

    /// The Security Hub `Severity.Label` string.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Informational => "INFORMATIONAL",
            Severity::Low => "LOW",
            Severity::Medium => "MEDIUM",
            Severity::High => "HIGH",
            Severity::Critical => "CRITICAL",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown severity {0:?}: expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL")]
pub struct SeverityParseError(pub String);

impl FromStr for Severity {
    type Err = SeverityParseError;

    /// Case-insensitive; accepts `INFO` as a short form.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "INFORMATIONAL" | "INFO" => Ok(Severity::Informational),
            "LOW" => Ok(Severity::Low),
            "MEDIUM" => Ok(Severity::Medium),
            "HIGH" => Ok(Severity::High),
            "CRITICAL" => Ok(Severity::Critical),
            _ => Err(SeverityParseError(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualys_scale_maps_to_labels_and_clamps_out_of_range() {
        let labels: Vec<_> = (0..=6).map(|n| Severity::from_qualys(n).label()).collect();
        assert_eq!(
            labels,
            [
                "INFORMATIONAL",
                "INFORMATIONAL",
                "LOW",
                "MEDIUM",
                "HIGH",
                "CRITICAL",
                "CRITICAL"
            ]
        );
    }

    #[test]
    fn parses_case_insensitively_and_orders_by_gravity() {
        assert_eq!("high".parse::<Severity>().unwrap(), Severity::High);
        assert_eq!("Info".parse::<Severity>().unwrap(), Severity::Informational);
        assert!("severe".parse::<Severity>().is_err());
        assert!(Severity::Critical > Severity::High && Severity::Low > Severity::Informational);
    }
}
