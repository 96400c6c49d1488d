//! Why the policy decides what it decides: every rule considered, in the
//! order the engine considers them, and where each threshold comes from.
//! `qscan policy explain` prints this; it is not on the hot path.

use time::Date;

use crate::decide::Decision;
use crate::matchers::{Subject, Verdict};
use crate::model::{IgnoreRule, OverrideRule, Policy, SkipRule};

/// One rule the engine looked at, and what its matchers said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step<'p> {
    pub name: &'p str,
    pub line: usize,
    pub verdict: Verdict,
}

/// Where a threshold's value comes from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'p> {
    /// The code default (the file's `[defaults]` does not set it).
    BuiltIn,
    /// The file's `[defaults]`.
    Defaults,
    /// The override rule that applies.
    Override(&'p OverrideRule),
}

impl Source<'_> {
    /// `default`, `[defaults]` or `override <name> (line N)`.
    pub fn describe(&self) -> String {
        match self {
            Source::BuiltIn => "built-in default".to_owned(),
            Source::Defaults => "[defaults]".to_owned(),
            Source::Override(rule) => {
                format!("[[override]] {} (line {})", rule.name(), rule.line())
            }
        }
    }
}

/// Where each threshold of the decision comes from.
#[derive(Debug, Clone, Copy)]
pub struct ThresholdSources<'p> {
    pub report_min: Source<'p>,
    pub alert_min: Source<'p>,
    pub fail_min: Source<'p>,
    pub fixable_only: Source<'p>,
}

/// The decision for one function and how it was reached.
#[derive(Debug, Clone)]
pub struct Explanation<'p> {
    pub decision: Decision<'p>,
    /// Skip rules in file order up to (and including) the one that matched.
    pub skip_steps: Vec<Step<'p>>,
    pub skip_rule: Option<&'p SkipRule>,
    /// Override rules in file order up to (and including) the one that matched.
    pub override_steps: Vec<Step<'p>>,
    pub override_rule: Option<&'p OverrideRule>,
    pub sources: ThresholdSources<'p>,
    /// Ignore rules whose matchers select this function, and whether each
    /// is still in force on the day asked about.
    pub ignores: Vec<(&'p IgnoreRule, bool)>,
}

impl Policy {
    /// Explains [`Policy::decide`] for `subject`; `today` decides which
    /// ignores are in force.
    pub fn explain(&self, subject: &Subject<'_>, today: Date) -> Explanation<'_> {
        let decision = self.decide(subject);
        let (skip_rule, _) = self.skip_rule_for(subject);
        let (override_rule, _) = self.override_for(subject);
        let skip_steps = steps(
            self.skips
                .iter()
                .map(|r| (r.name.as_str(), r.line, r.matchers.verdict(subject))),
        );
        let override_steps = steps(
            self.overrides
                .iter()
                .map(|r| (r.name.as_str(), r.line, r.matchers.verdict(subject))),
        );
        let source = |set_by_rule: bool, in_file: bool| match (override_rule, set_by_rule) {
            (Some(rule), true) => Source::Override(rule),
            _ if in_file => Source::Defaults,
            _ => Source::BuiltIn,
        };
        let written = &self.defaults_as_written;
        let sources = ThresholdSources {
            report_min: source(
                override_rule.is_some_and(|o| o.report_min.is_some()),
                written.report_min.is_some(),
            ),
            alert_min: source(
                override_rule.is_some_and(|o| o.alert_min.is_some()),
                written.alert_min.is_some(),
            ),
            fail_min: source(
                override_rule.is_some_and(|o| o.fail_min.is_some()),
                written.fail_min.is_some(),
            ),
            fixable_only: source(
                override_rule.is_some_and(|o| o.fixable_only.is_some()),
                written.fixable_only.is_some(),
            ),
        };
        let ignores = self
            .ignores
            .iter()
            .filter(|rule| !matches!(rule.matchers.verdict(subject), Verdict::Miss(_)))
            .map(|rule| (rule, rule.is_active(today)))
            .collect();
        Explanation {
            decision,
            skip_steps,
            skip_rule,
            override_steps,
            override_rule,
            sources,
            ignores,
        }
    }
}

/// Steps up to and including the first match.
fn steps<'p>(verdicts: impl Iterator<Item = (&'p str, usize, Verdict)>) -> Vec<Step<'p>> {
    let mut out = Vec::new();
    for (name, line, verdict) in verdicts {
        out.push(Step {
            name,
            line,
            verdict,
        });
        if verdict == Verdict::Match {
            break;
        }
    }
    out
}
