//! Layer 4: from the raw file to a compiled [`Policy`], checking every value
//! (see `checks` and `globs`) and collecting what the cross-rule layer needs.

use std::ops::Range;

use qscan_contracts::ScanMode;
use time::Date;
use toml::Spanned;

use crate::checks;
use crate::crossrule::{self, RuleInfo};
use crate::diag::{line_column, Sink};
use crate::globs;
use crate::index::RuleIndex;
use crate::matchers::{MatcherSpec, Matchers};
use crate::model::{
    IgnoreRule, OverrideRule, PartialThresholds, Policy, ScanSettings, SkipRule, Thresholds,
};
use crate::raw::{RawDefaults, RawMatchers, RawPolicy, RawScan, Rule, Str};

/// The only format version this build reads.
pub const POLICY_VERSION: i64 = 1;

/// Checks every value of `raw`; returns the policy when nothing was wrong
/// (warnings allowed).
pub(crate) fn compile(
    raw: RawPolicy,
    source: &str,
    today: Date,
    sink: &mut Sink,
) -> Option<Policy> {
    if let Some(version) = &raw.version {
        if *version.get_ref() != POLICY_VERSION {
            sink.error(
                version.span(),
                format!("unsupported policy version {}", version.get_ref()),
                format!("this build reads `version = {POLICY_VERSION}`"),
            );
        }
    }
    let line = |span: &Range<usize>| line_column(source, span.start).0;
    let defaults = match &raw.defaults {
        Some(d) => thresholds(d.get_ref(), sink),
        None => PartialThresholds::default(),
    };
    let defaults_as_written = defaults;
    let defaults = defaults_as_written.apply(&Thresholds::default());
    let scan = match &raw.scan {
        Some(s) => scan(s.get_ref(), sink),
        None => ScanSettings::default(),
    };

    let mut infos = Vec::new();
    let mut skips = Vec::new();
    for rule in &raw.skip {
        let name = checks::name(&rule.head.name, sink);
        let reason = checks::reason(&rule.head.reason, sink);
        let matchers = matchers(&rule.matchers, sink);
        infos.push(info("skip", Some(&rule.head.name), rule, &matchers));
        if let (Some(name), Some(reason), Some(matchers)) = (name, reason, matchers) {
            let line = line(&rule.span);
            skips.push(SkipRule {
                name,
                reason,
                line,
                matchers,
            });
        }
    }
    let mut overrides = Vec::new();
    for rule in &raw.overrides {
        let name = checks::name(&rule.head.name, sink);
        let reason = rule.head.reason.as_ref().map(|r| checks::reason(r, sink));
        let matchers = matchers(&rule.matchers, sink);
        let set = thresholds(&rule.thresholds, sink);
        let written = &rule.thresholds;
        let none_written = written.report_min_severity.is_none()
            && written.alert_min_severity.is_none()
            && written.fail_min_severity.is_none()
            && written.fixable_only.is_none();
        if none_written && !rule.had_unknown_keys {
            sink.error(
                rule.span.clone(),
                format!("override `{}` sets no threshold", rule.head.name.get_ref()),
                "set at least one of report_min_severity, alert_min_severity, fail_min_severity, fixable_only",
            );
        }
        infos.push(info("override", Some(&rule.head.name), rule, &matchers));
        if let (Some(name), Some(matchers), false) = (name, matchers, matches!(reason, Some(None)))
        {
            overrides.push(OverrideRule {
                name,
                reason: reason.flatten(),
                line: line(&rule.span),
                matchers,
                report_min: set.report_min,
                alert_min: set.alert_min,
                fail_min: set.fail_min,
                fixable_only: set.fixable_only,
            });
        }
    }
    let mut ignores = Vec::new();
    for (i, rule) in raw.ignore.iter().enumerate() {
        let head = &rule.head;
        let name = match &head.name {
            Some(n) => checks::name(n, sink),
            None => Some(format!("ignore#{}", i + 1)),
        };
        let reason = checks::reason(&head.reason, sink);
        let vulnerabilities: Option<Vec<_>> =
            checks::non_empty(&head.vulnerabilities, "vulnerabilities", sink)
                .then(|| {
                    all(head.vulnerabilities.get_ref(), |v| {
                        checks::vulnerability(v, sink)
                    })
                })
                .flatten();
        let packages = match &head.packages {
            Some(list) => checks::non_empty(list, "packages", sink)
                .then(|| all(list.get_ref(), |g| globs::compile(g, "packages", sink)))
                .flatten()
                .map(|g| (globs::set(g), strings(list))),
            None => Some((None, Vec::new())),
        };
        // None: invalid; Some(None): no expiry.
        let expires = match &head.expires {
            None => Some(None),
            Some(e) => checks::date(e, sink).map(Some),
        };
        let matchers = matchers(&rule.matchers, sink);
        infos.push(info("ignore", head.name.as_ref(), rule, &matchers));
        if let (Some(name), Some(Some(last)), Some(written)) = (&name, expires, &head.expires) {
            crossrule::expired(name, last, written.span(), today, sink);
        }
        if let (
            Some(name),
            Some(reason),
            Some(vulnerabilities),
            Some((packages, package_globs)),
            Some(expires),
            Some(matchers),
        ) = (name, reason, vulnerabilities, packages, expires, matchers)
        {
            ignores.push(IgnoreRule {
                name,
                reason,
                line: line(&rule.span),
                vulnerabilities,
                packages,
                package_globs,
                expires,
                matchers,
            });
        }
    }
    crossrule::check(&infos, source, sink);
    if sink.has_errors() {
        return None;
    }
    Some(Policy {
        defaults,
        defaults_as_written,
        scan,
        skip_index: RuleIndex::build(skips.iter().map(|r| &r.matchers)),
        override_index: RuleIndex::build(overrides.iter().map(|r| &r.matchers)),
        skips,
        overrides,
        ignores,
    })
}

fn thresholds(raw: &RawDefaults, sink: &mut Sink) -> PartialThresholds {
    let severity = |value: &Option<Str>, key: &str, sink: &mut Sink| {
        value.as_ref().and_then(|v| checks::severity(v, key, sink))
    };
    PartialThresholds {
        report_min: severity(&raw.report_min_severity, "report_min_severity", sink),
        alert_min: severity(&raw.alert_min_severity, "alert_min_severity", sink),
        fail_min: severity(&raw.fail_min_severity, "fail_min_severity", sink),
        fixable_only: raw.fixable_only.as_ref().map(|b| *b.get_ref()),
    }
}

fn scan(raw: &RawScan, sink: &mut Sink) -> ScanSettings {
    let mut settings = ScanSettings::default();
    if let Some(b) = &raw.rescan_on_config_change {
        settings.rescan_on_config_change = *b.get_ref();
    }
    if let Some(d) = raw
        .rescan_after
        .as_ref()
        .and_then(|d| checks::duration(d, sink))
    {
        settings.rescan_after = d;
    }
    if let Some(list) = &raw.scan_types {
        if checks::non_empty(list, "scan_types", sink) {
            let mut types = Vec::new();
            for value in list.get_ref() {
                match checks::scan_type(value, sink) {
                    Some(t) if types.contains(&t) => sink.error(
                        value.span(),
                        format!("scan type {:?} is listed twice", t.as_str()),
                        "list each scan type once",
                    ),
                    Some(t) => types.push(t),
                    None => {}
                }
            }
            if !types.is_empty() {
                settings.scan_types = types;
            }
        }
    }
    if let Some(mode) = raw.mode.as_ref().and_then(|m| checks::mode(m, sink)) {
        settings.mode = mode;
    }
    if let Some(tags) = &raw.policy_tags {
        settings.policy_tags = tags
            .get_ref()
            .iter()
            .filter_map(|t| checks::policy_tag(t, sink))
            .collect();
        if !tags.get_ref().is_empty() && settings.mode != ScanMode::EvaluatePolicy {
            sink.error(
                tags.span(),
                format!(
                    "`policy_tags` only apply in mode \"evaluate-policy\", not {:?}",
                    settings.mode.as_str()
                ),
                "set `mode = \"evaluate-policy\"` or remove `policy_tags`",
            );
        }
    }
    settings
}

/// Checks and compiles one rule's matchers; `None` if any value is bad.
fn matchers(raw: &RawMatchers, sink: &mut Sink) -> Option<Matchers> {
    let mut ok = true;
    let mut list = |value: &Option<Spanned<Vec<Str>>>, key: &str, sink: &mut Sink| -> Vec<Str> {
        match value {
            Some(list) if checks::non_empty(list, key, sink) => list.get_ref().clone(),
            Some(_) => {
                ok = false;
                Vec::new()
            }
            None => Vec::new(),
        }
    };
    let functions = list(&raw.functions, "functions", sink);
    let arns = list(&raw.arns, "arns", sink);
    let accounts = list(&raw.accounts, "accounts", sink);
    let regions = list(&raw.regions, "regions", sink);
    let package_types = list(&raw.package_types, "package_types", sink);
    let function_globs = all(&functions, |g| globs::function(g, sink));
    let arn_globs = all(&arns, |g| globs::arn(g, sink));
    let accounts = all(&accounts, |a| checks::account(a, sink));
    let regions = all(&regions, |r| checks::region(r, sink));
    let package_types = all(&package_types, |p| checks::package_type(p, sink));
    let mut tags = Some(Vec::new());
    if let Some(table) = &raw.tags {
        if table.get_ref().is_empty() {
            sink.error(
                table.span(),
                "`tags` is an empty table",
                "remove `tags`, or give `key = \"value glob\"` pairs",
            );
            tags = None;
        }
        for (key, value) in table.get_ref() {
            if key.get_ref().is_empty() || key.get_ref().len() > 128 {
                sink.error(
                    key.span(),
                    format!("invalid tag key {:?}", key.get_ref()),
                    "tag keys are 1-128 characters",
                );
                tags = None;
            }
            match globs::compile(value, "tags", sink) {
                Some(glob) => {
                    if let Some(t) = tags.as_mut() {
                        t.push((key.get_ref().clone(), glob));
                    }
                }
                None => tags = None,
            }
        }
    }
    let (
        Some(function_globs),
        Some(arn_globs),
        Some(accounts),
        Some(regions),
        Some(package_types),
        Some(tags),
        true,
    ) = (
        function_globs,
        arn_globs,
        accounts,
        regions,
        package_types,
        tags,
        ok,
    )
    else {
        return None;
    };
    let spec = MatcherSpec {
        functions: functions.iter().map(|s| s.get_ref().clone()).collect(),
        arns: arns.iter().map(|s| s.get_ref().clone()).collect(),
        accounts,
        regions,
        tags: tags
            .iter()
            .map(|(k, g)| (k.clone(), g.glob().to_string()))
            .collect(),
        package_types,
    };
    Some(Matchers {
        functions: globs::set(function_globs.clone()),
        arns: globs::set(arn_globs.clone()),
        function_globs,
        arn_globs,
        tags: tags
            .into_iter()
            .map(|(k, g)| (k, g.compile_matcher()))
            .collect(),
        spec,
    })
}

/// Runs `check` on every item (so every bad one is reported); `None` if any failed.
fn all<T, U>(items: &[T], mut check: impl FnMut(&T) -> Option<U>) -> Option<Vec<U>> {
    let results: Vec<Option<U>> = items.iter().map(&mut check).collect();
    results.into_iter().collect()
}

fn strings(list: &Spanned<Vec<Str>>) -> Vec<String> {
    list.get_ref().iter().map(|s| s.get_ref().clone()).collect()
}

fn info<H>(
    kind: &'static str,
    name: Option<&Str>,
    rule: &Rule<H>,
    matchers: &Option<Matchers>,
) -> RuleInfo {
    RuleInfo {
        kind,
        name: name.map(|n| (n.get_ref().clone(), n.span())),
        span: rule.span.clone(),
        // A rule with a misspelt key is incomplete: judging its matchers
        // would only repeat the unknown-key error in other words.
        spec: matchers
            .as_ref()
            .filter(|_| !rule.had_unknown_keys)
            .map(|m| m.spec.clone()),
    }
}
