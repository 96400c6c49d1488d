//! The hot path: decisions for one function, and whether a vulnerability
//! is ignored. Borrowed inputs, references into the policy, no allocation.

use time::Date;

use crate::matchers::{Subject, Verdict};
use crate::model::{IgnoreRule, OverrideRule, Policy, SkipRule, Thresholds};

/// What to do with a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanAction<'p> {
    Scan,
    /// Not scanned: `rule` matched; `reason` is logged.
    Skip {
        rule: &'p str,
        reason: &'p str,
    },
}

/// The policy's answer for one function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision<'p> {
    pub action: ScanAction<'p>,
    /// Thresholds in force for the function (defaults, then the first
    /// matching override).
    pub thresholds: Thresholds,
    /// The override that set `thresholds`, if any.
    pub override_rule: Option<&'p str>,
    /// When the function is scanned: the first skip or override rule that
    /// could change the decision but needs the function's tags or package
    /// type, which the subject does not know. `None` means the decision is
    /// final (always so for a skip).
    pub undecided: Option<&'p str>,
}

impl Decision<'_> {
    pub fn is_skip(&self) -> bool {
        matches!(self.action, ScanAction::Skip { .. })
    }
}

impl Policy {
    /// Decides whether `subject` is scanned and with which thresholds.
    ///
    /// Skip: the first `[[skip]]` rule in file order whose matchers all
    /// match. Thresholds: the first matching `[[override]]` in file order,
    /// with `[defaults]` for what it leaves out.
    pub fn decide(&self, subject: &Subject<'_>) -> Decision<'_> {
        let (skip, skip_undecided) = self.skip_rule_for(subject);
        let (over, over_undecided) = self.override_for(subject);
        Decision {
            action: match skip {
                Some(rule) => ScanAction::Skip {
                    rule: &rule.name,
                    reason: &rule.reason,
                },
                None => ScanAction::Scan,
            },
            thresholds: over.map_or(self.defaults, |o| o.apply(&self.defaults)),
            override_rule: over.map(|o| o.name.as_str()),
            // A skip stands whatever the unknown rules say (they are passed
            // over, never reversed), and a skipped function has no thresholds
            // to get wrong.
            undecided: match skip {
                Some(_) => None,
                None => skip_undecided.or(over_undecided),
            },
        }
    }

    /// The skip rule that matches `subject`, and the first undecidable rule
    /// before it.
    pub fn skip_rule_for(&self, subject: &Subject<'_>) -> (Option<&SkipRule>, Option<&str>) {
        self.skip_index
            .first_match(&self.skips, |r| &r.matchers, |r| &r.name, subject)
    }

    /// The override that applies to `subject`, and the first undecidable
    /// override before it.
    pub fn override_for(&self, subject: &Subject<'_>) -> (Option<&OverrideRule>, Option<&str>) {
        self.override_index
            .first_match(&self.overrides, |r| &r.matchers, |r| &r.name, subject)
    }

    /// The ignore rule, if any, that hides a vulnerability in `package` of
    /// `function` on `today`. `vuln_ids` are the ids of one finding as the
    /// report spells them (its QID and CVEs); any one named by the rule is
    /// enough. The first active matching `[[ignore]]` in file order is
    /// returned (its name and reason are for the log). Call it per package.
    ///
    /// An ignore whose matchers need tags or package type that `function`
    /// does not know does not apply.
    pub fn ignored(
        &self,
        vuln_ids: &[&str],
        function: &Subject<'_>,
        package: &str,
        today: Date,
    ) -> Option<&IgnoreRule> {
        self.ignores.iter().find(|rule| {
            rule.is_active(today)
                && rule
                    .vulnerabilities
                    .iter()
                    .any(|v| vuln_ids.iter().any(|id| v.matches(id)))
                && rule.covers_package(package)
                && rule.matchers.verdict(function) == Verdict::Match
        })
    }
}

/// First rule whose verdict is `Match`; rules whose verdict is `Unknown`
/// are passed over, and the first of them is reported. The plain walk the
/// index must agree with (tests compare them).
#[cfg(test)]
pub(crate) fn first_match<R: Named>(
    rules: &[R],
    mut verdict: impl FnMut(&R) -> Verdict,
) -> (Option<&R>, Option<&str>) {
    let mut undecided = None;
    for rule in rules {
        match verdict(rule) {
            Verdict::Match => return (Some(rule), undecided),
            Verdict::Unknown(_) => {
                undecided = undecided.or(Some(rule.rule_name()));
            }
            Verdict::Miss(_) => {}
        }
    }
    (None, undecided)
}

#[cfg(test)]
pub(crate) trait Named {
    fn rule_name(&self) -> &str;
}

#[cfg(test)]
impl Named for SkipRule {
    fn rule_name(&self) -> &str {
        &self.name
    }
}

#[cfg(test)]
impl Named for OverrideRule {
    fn rule_name(&self) -> &str {
        &self.name
    }
}
