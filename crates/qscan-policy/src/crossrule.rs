//! Layer 3, across rules: duplicate names, rules that match everything,
//! rules that can never apply because an earlier rule of the same kind
//! already matches every function they match, and expired ignores.

use std::ops::Range;

use time::Date;

use crate::diag::{line_column, Sink};
use crate::matchers::MatcherSpec;

/// What the cross-rule checks need to know about one rule.
#[derive(Debug)]
pub(crate) struct RuleInfo {
    /// `skip`, `override` or `ignore`.
    pub kind: &'static str,
    /// The name as written, with its span (ignores may have none).
    pub name: Option<(String, Range<usize>)>,
    /// The rule table's span.
    pub span: Range<usize>,
    /// `None` when the matchers had errors of their own.
    pub spec: Option<MatcherSpec>,
}

pub(crate) fn check(rules: &[RuleInfo], source: &str, sink: &mut Sink) {
    let line = |span: &Range<usize>| line_column(source, span.start).0;
    for (i, rule) in rules.iter().enumerate() {
        if let Some((name, span)) = &rule.name {
            let first = rules[..i]
                .iter()
                .find(|r| r.name.as_ref().is_some_and(|(n, _)| n == name));
            if let Some(first) = first {
                sink.error(
                    span.clone(),
                    format!("duplicate rule name `{name}`"),
                    format!(
                        "the first [[{}]] `{name}` is at line {}; names are unique across [[skip]], [[override]] and [[ignore]] so a log line names one rule",
                        first.kind,
                        line(&first.span)
                    ),
                );
            }
        }
        let Some(spec) = &rule.spec else { continue };
        let label = rule.name.as_ref().map_or("this rule", |(n, _)| n.as_str());
        if spec.is_empty() && rule.kind != "ignore" {
            let hint = match rule.kind {
                "skip" => "a skip rule without matchers would skip every function; add functions, arns, accounts, regions, tags or package_types",
                _ => "an override without matchers applies to every function; put its thresholds in [defaults] instead",
            };
            sink.error(
                rule.span.clone(),
                format!("[[{}]] `{label}` has no matchers", rule.kind),
                hint,
            );
            continue;
        }
        if rule.kind == "ignore" {
            continue;
        }
        let shadow = rules[..i].iter().find(|earlier| {
            earlier.kind == rule.kind && earlier.spec.as_ref().is_some_and(|e| covers(e, spec))
        });
        if let Some(earlier) = shadow {
            let earlier_name = earlier.name.as_ref().map_or("?", |(n, _)| n.as_str());
            sink.error(
                rule.span.clone(),
                format!(
                    "[[{}]] `{label}` can never apply: `{earlier_name}` (line {}) comes first and matches every function it matches",
                    rule.kind,
                    line(&earlier.span)
                ),
                format!("the first matching rule wins: move `{label}` above `{earlier_name}`, or narrow `{earlier_name}`"),
            );
        }
    }
}

/// Warns about an ignore whose last day has passed.
pub(crate) fn expired(name: &str, last: Date, span: Range<usize>, today: Date, sink: &mut Sink) {
    if last < today {
        sink.warning(
            span,
            format!("ignore `{name}` expired on {last}: its vulnerabilities are reported again"),
            "remove the rule, or move `expires` forward if the risk is still accepted",
        );
    }
}

/// True when every function `later` matches is also matched by `earlier`,
/// judged cheaply from the text of the matchers: each key `earlier`
/// constrains, `later` constrains to a subset of the same values (or
/// `earlier` uses a glob that matches anything).
pub(crate) fn covers(earlier: &MatcherSpec, later: &MatcherSpec) -> bool {
    globs_cover(&earlier.functions, &later.functions, &["*", "**"])
        && globs_cover(&earlier.arns, &later.arns, &["*", "**", "arn:*"])
        && values_cover(&earlier.accounts, &later.accounts)
        && values_cover(&earlier.regions, &later.regions)
        && values_cover(&earlier.package_types, &later.package_types)
        && earlier.tags.iter().all(|(key, glob)| {
            later
                .tags
                .iter()
                .any(|(k, g)| k == key && (g == glob || glob == "*" || glob == "**"))
        })
}

fn globs_cover(earlier: &[String], later: &[String], universal: &[&str]) -> bool {
    earlier.is_empty()
        || earlier.iter().any(|g| universal.contains(&g.as_str()))
        || values_cover(earlier, later)
}

fn values_cover<T: PartialEq>(earlier: &[T], later: &[T]) -> bool {
    earlier.is_empty() || (!later.is_empty() && later.iter().all(|v| earlier.contains(v)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use qscan_contracts::PackageType;

    fn spec(functions: &[&str], regions: &[&str]) -> MatcherSpec {
        MatcherSpec {
            functions: functions.iter().map(|s| s.to_string()).collect(),
            regions: regions.iter().map(|s| s.to_string()).collect(),
            ..MatcherSpec::default()
        }
    }

    #[test]
    fn a_rule_covers_narrower_rules_on_the_keys_it_constrains() {
        let wide = spec(&["test-*"], &[]);
        assert!(covers(&wide, &spec(&["test-*"], &["eu-west-1"])));
        assert!(!covers(&wide, &spec(&["test-*", "prod-*"], &[])));
        assert!(
            !covers(&spec(&["test-*"], &["eu-west-1"]), &wide),
            "narrower first is fine"
        );
        assert!(
            covers(&spec(&["*"], &[]), &spec(&[], &["eu-west-1"])),
            "a catch-all covers all"
        );
        assert!(!covers(&spec(&[], &["eu-west-1"]), &spec(&["x"], &[])));
    }

    #[test]
    fn tags_and_package_types_cover_by_subset() {
        let mut earlier = MatcherSpec {
            tags: vec![("env".into(), "*".into())],
            ..MatcherSpec::default()
        };
        let mut later = MatcherSpec {
            tags: vec![("env".into(), "dev".into()), ("team".into(), "x".into())],
            ..MatcherSpec::default()
        };
        assert!(covers(&earlier, &later));
        earlier.package_types = vec![PackageType::Zip];
        assert!(!covers(&earlier, &later), "later matches images too");
        later.package_types = vec![PackageType::Zip];
        assert!(covers(&earlier, &later));
    }
}
