//! The checked, compiled policy and its rules.

use std::fmt;
use std::time::Duration;

use globset::{Candidate, GlobSet};
use qscan_contracts::{ScanMode, ScanType, Severity};
use time::Date;

use crate::index::RuleIndex;
use crate::matchers::Matchers;

/// A valid policy, ready to evaluate. Build it with [`Policy::parse`],
/// [`Policy::from_file`] or [`Policy::default`].
#[derive(Debug, Clone)]
pub struct Policy {
    pub(crate) defaults: Thresholds,
    /// `[defaults]` as written: what it leaves out is a code default.
    pub(crate) defaults_as_written: PartialThresholds,
    pub(crate) scan: ScanSettings,
    pub(crate) skips: Vec<SkipRule>,
    pub(crate) overrides: Vec<OverrideRule>,
    pub(crate) ignores: Vec<IgnoreRule>,
    pub(crate) skip_index: RuleIndex,
    pub(crate) override_index: RuleIndex,
}

/// The embedded default: scan everything, report INFORMATIONAL and above,
/// alert on HIGH and above, fail CI/CD on CRITICAL, ignore nothing.
impl Default for Policy {
    fn default() -> Self {
        Policy {
            defaults: Thresholds::default(),
            defaults_as_written: PartialThresholds::default(),
            scan: ScanSettings::default(),
            skips: Vec::new(),
            overrides: Vec::new(),
            ignores: Vec::new(),
            skip_index: RuleIndex::default(),
            override_index: RuleIndex::default(),
        }
    }
}

impl Policy {
    /// How functions are scanned.
    pub fn scan(&self) -> &ScanSettings {
        &self.scan
    }

    /// The thresholds of `[defaults]` (code defaults where it is silent).
    pub fn defaults(&self) -> &Thresholds {
        &self.defaults
    }

    pub fn skip_rules(&self) -> &[SkipRule] {
        &self.skips
    }

    pub fn override_rules(&self) -> &[OverrideRule] {
        &self.overrides
    }

    pub fn ignore_rules(&self) -> &[IgnoreRule] {
        &self.ignores
    }
}

/// Severity thresholds in force for one function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// Findings below this are not sent to Security Hub.
    pub report_min: Severity,
    /// An SNS alert is sent when a finding is at or above this.
    pub alert_min: Severity,
    /// A CI/CD scan fails when a finding is at or above this.
    pub fail_min: Severity,
    /// Count only findings for which a fixed version exists.
    pub fixable_only: bool,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            report_min: Severity::Informational,
            alert_min: Severity::High,
            fail_min: Severity::Critical,
            fixable_only: false,
        }
    }
}

/// `[scan]`: how functions are scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanSettings {
    /// Rescan on a configuration-only update that changes neither code nor
    /// layers.
    pub rescan_on_config_change: bool,
    /// Rescan when the last result is older than this.
    pub rescan_after: Duration,
    /// QScanner `--scan-types`, never empty.
    pub scan_types: Vec<ScanType>,
    /// QScanner `--mode`; only modes that write a report exist.
    pub mode: ScanMode,
    /// QScanner `--policy-tags` (mode `evaluate-policy` only).
    pub policy_tags: Vec<String>,
}

impl Default for ScanSettings {
    fn default() -> Self {
        ScanSettings {
            rescan_on_config_change: false,
            rescan_after: Duration::from_secs(7 * 24 * 3600),
            scan_types: vec![ScanType::Pkg],
            mode: ScanMode::GetReport,
            policy_tags: Vec::new(),
        }
    }
}

impl ScanSettings {
    /// The `--scan-types` argument: `pkg,secret`.
    pub fn scan_types_arg(&self) -> String {
        ScanType::join(&self.scan_types)
    }
}

/// Thresholds as written: `None` where a key is left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PartialThresholds {
    pub(crate) report_min: Option<Severity>,
    pub(crate) alert_min: Option<Severity>,
    pub(crate) fail_min: Option<Severity>,
    pub(crate) fixable_only: Option<bool>,
}

impl PartialThresholds {
    pub(crate) fn apply(&self, base: &Thresholds) -> Thresholds {
        Thresholds {
            report_min: self.report_min.unwrap_or(base.report_min),
            alert_min: self.alert_min.unwrap_or(base.alert_min),
            fail_min: self.fail_min.unwrap_or(base.fail_min),
            fixable_only: self.fixable_only.unwrap_or(base.fixable_only),
        }
    }
}

/// A `[[skip]]` rule.
#[derive(Debug, Clone)]
pub struct SkipRule {
    pub(crate) name: String,
    pub(crate) reason: String,
    pub(crate) line: usize,
    pub(crate) matchers: Matchers,
}

impl SkipRule {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn reason(&self) -> &str {
        &self.reason
    }
    /// Line of the rule's `[[skip]]` header in the policy source.
    pub fn line(&self) -> usize {
        self.line
    }
    pub fn matchers(&self) -> &Matchers {
        &self.matchers
    }
}

/// An `[[override]]` rule: the thresholds it sets, `None` where it falls
/// back to `[defaults]`.
#[derive(Debug, Clone)]
pub struct OverrideRule {
    pub(crate) name: String,
    pub(crate) reason: Option<String>,
    pub(crate) line: usize,
    pub(crate) matchers: Matchers,
    pub report_min: Option<Severity>,
    pub alert_min: Option<Severity>,
    pub fail_min: Option<Severity>,
    pub fixable_only: Option<bool>,
}

impl OverrideRule {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }
    pub fn line(&self) -> usize {
        self.line
    }
    pub fn matchers(&self) -> &Matchers {
        &self.matchers
    }

    /// These overrides on top of `defaults`.
    pub fn apply(&self, defaults: &Thresholds) -> Thresholds {
        Thresholds {
            report_min: self.report_min.unwrap_or(defaults.report_min),
            alert_min: self.alert_min.unwrap_or(defaults.alert_min),
            fail_min: self.fail_min.unwrap_or(defaults.fail_min),
            fixable_only: self.fixable_only.unwrap_or(defaults.fixable_only),
        }
    }
}

/// A vulnerability id as an ignore names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VulnId {
    /// Upper case: `CVE-2024-3094`.
    Cve(String),
    /// A Qualys QID.
    Qid(u64),
}

impl VulnId {
    /// Parses `CVE-YYYY-NNNN…` (any case), `QID-123` or `123`.
    pub fn parse(id: &str) -> Option<Self> {
        let id = id.trim();
        if let Some(qid) = strip_prefix_ignore_case(id, "QID-").or(Some(id)) {
            if !qid.is_empty() && qid.bytes().all(|b| b.is_ascii_digit()) {
                return qid.parse().ok().map(VulnId::Qid);
            }
        }
        let rest = strip_prefix_ignore_case(id, "CVE-")?;
        let (year, number) = rest.split_once('-')?;
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        (year.len() == 4 && digits(year) && number.len() >= 4 && digits(number))
            .then(|| VulnId::Cve(id.to_ascii_uppercase()))
    }

    /// Whether `id`, as a report spells it, is this vulnerability. Does not
    /// allocate.
    pub fn matches(&self, id: &str) -> bool {
        let id = id.trim();
        match self {
            VulnId::Cve(cve) => cve.eq_ignore_ascii_case(id),
            VulnId::Qid(qid) => {
                let digits = strip_prefix_ignore_case(id, "QID-").unwrap_or(id);
                !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && digits.parse::<u64>().is_ok_and(|n| n == *qid)
            }
        }
    }
}

impl fmt::Display for VulnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VulnId::Cve(cve) => f.write_str(cve),
            VulnId::Qid(qid) => write!(f, "QID-{qid}"),
        }
    }
}

fn strip_prefix_ignore_case<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// An `[[ignore]]` rule.
#[derive(Debug, Clone)]
pub struct IgnoreRule {
    pub(crate) name: String,
    pub(crate) reason: String,
    pub(crate) line: usize,
    pub(crate) vulnerabilities: Vec<VulnId>,
    pub(crate) packages: Option<GlobSet>,
    pub(crate) package_globs: Vec<String>,
    pub(crate) expires: Option<Date>,
    pub(crate) matchers: Matchers,
}

impl IgnoreRule {
    /// The given name, or `ignore#N` (N counting `[[ignore]]` tables from 1).
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn reason(&self) -> &str {
        &self.reason
    }
    pub fn line(&self) -> usize {
        self.line
    }
    pub fn vulnerabilities(&self) -> &[VulnId] {
        &self.vulnerabilities
    }
    /// Package-name globs as written (empty: any package).
    pub fn packages(&self) -> &[String] {
        &self.package_globs
    }
    /// Last day the ignore applies.
    pub fn expires(&self) -> Option<Date> {
        self.expires
    }
    pub fn matchers(&self) -> &Matchers {
        &self.matchers
    }

    /// In force on `today` (the expiry day included).
    pub fn is_active(&self, today: Date) -> bool {
        self.expires.is_none_or(|last| today <= last)
    }

    pub(crate) fn covers_package(&self, package: &str) -> bool {
        self.packages
            .as_ref()
            .is_none_or(|set| set.is_match_candidate(&Candidate::from_bytes(package)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vulnerability_ids_parse_in_every_spelling_reports_use() {
        assert_eq!(
            VulnId::parse("cve-2024-3094"),
            Some(VulnId::Cve("CVE-2024-3094".into()))
        );
        assert_eq!(VulnId::parse("QID-376537"), Some(VulnId::Qid(376537)));
        assert_eq!(VulnId::parse("376537"), Some(VulnId::Qid(376537)));
        for bad in [
            "CVE-24-3094",
            "CVE-2024-12",
            "GHSA-xxxx",
            "QID-",
            "",
            "QID-12a",
        ] {
            assert_eq!(VulnId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn matching_ignores_case_and_the_qid_prefix() {
        let qid = VulnId::Qid(376537);
        assert!(qid.matches("376537") && qid.matches("qid-376537"));
        assert!(!qid.matches("3765370") && !qid.matches("CVE-2024-3094"));
        let cve = VulnId::Cve("CVE-2024-3094".into());
        assert!(cve.matches("cve-2024-3094") && !cve.matches("CVE-2024-30940"));
    }

    #[test]
    fn an_override_falls_back_to_defaults_for_what_it_leaves_out() {
        let rule = OverrideRule {
            name: "x".into(),
            reason: None,
            line: 1,
            matchers: Matchers::default(),
            report_min: None,
            alert_min: Some(Severity::Medium),
            fail_min: None,
            fixable_only: Some(true),
        };
        let t = rule.apply(&Thresholds::default());
        assert_eq!(t.report_min, Severity::Informational);
        assert_eq!(t.alert_min, Severity::Medium);
        assert_eq!(t.fail_min, Severity::Critical);
        assert!(t.fixable_only);
    }
}
