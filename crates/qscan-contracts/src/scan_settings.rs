//! The vocabulary of QScanner's scan settings: which scan types and which
//! mode. One enum each, used by the policy (which decides them), the QScanner
//! crate (which puts them on the command line) and anyone who lists them.

use std::fmt;

/// A QScanner `--scan-types` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScanType {
    /// Operating-system and software-composition packages (`os` + `sca`).
    Pkg,
    Os,
    Sca,
    Secret,
}

impl ScanType {
    /// Every scan type, in the order the docs list them.
    pub const ALL: [ScanType; 4] = [ScanType::Pkg, ScanType::Os, ScanType::Sca, ScanType::Secret];
    /// Their names, as QScanner and the policy spell them.
    pub const NAMES: [&'static str; 4] = ["pkg", "os", "sca", "secret"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The `--scan-types` argument: `pkg,secret`.
    pub fn join(types: &[ScanType]) -> String {
        let names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
        names.join(",")
    }
}

impl fmt::Display for ScanType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A QScanner `--mode` that ends with a vulnerability report. QScanner also
/// has `scan-only` and `inventory-only`, which write none, so every scan
/// would fail with `no_report`: they are not representable here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ScanMode {
    /// QScanner's default.
    #[default]
    GetReport,
    /// Exit codes 42 (DENY) and 43 (AUDIT) are verdicts, not failures.
    EvaluatePolicy,
}

impl ScanMode {
    pub const ALL: [ScanMode; 2] = [ScanMode::GetReport, ScanMode::EvaluatePolicy];
    pub const NAMES: [&'static str; 2] = ["get-report", "evaluate-policy"];
    /// QScanner modes that write no vulnerability report.
    pub const WITHOUT_REPORT: [&'static str; 2] = ["scan-only", "inventory-only"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

impl fmt::Display for ScanMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_line_up_with_the_variants() {
        for t in ScanType::ALL {
            assert_eq!(ScanType::parse(t.as_str()), Some(t));
        }
        for m in ScanMode::ALL {
            assert_eq!(ScanMode::parse(m.as_str()), Some(m));
        }
        assert_eq!(
            ScanType::join(&[ScanType::Pkg, ScanType::Secret]),
            "pkg,secret"
        );
        assert_eq!(ScanMode::default(), ScanMode::GetReport);
    }

    #[test]
    fn modes_without_a_report_are_not_modes_here() {
        for name in ScanMode::WITHOUT_REPORT {
            assert_eq!(ScanMode::parse(name), None, "{name}");
        }
        assert_eq!(ScanType::parse("malware"), None);
    }
}
