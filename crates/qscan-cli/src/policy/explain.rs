//! `qscan policy explain --function NAME_OR_ARN …`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;
use qscan_contracts::{FunctionId, PackageType};
use qscan_policy::{Explanation, Policy, ScanAction, Source, Step, Subject, Verdict};

use super::{emit, parse_date, read, today, DEFAULT_POLICY};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Function name or (unqualified or qualified) function ARN.
    #[arg(long, value_name = "NAME_OR_ARN")]
    pub function: String,
    /// Account id (needed with a plain name; must agree with an ARN).
    #[arg(long)]
    pub account: Option<String>,
    /// Region (needed with a plain name; must agree with an ARN).
    #[arg(long)]
    pub region: Option<String>,
    /// A tag of the function, KEY=VALUE; repeat for several. Without any,
    /// tags are unknown (as in the forwarder) unless --no-tags is given.
    #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = parse_tag)]
    pub tags: Vec<(String, String)>,
    /// The function has no tags at all (tags known, as in the scanner).
    #[arg(long, conflicts_with = "tags")]
    pub no_tags: bool,
    /// Package type, when known.
    #[arg(long, value_name = "Image|Zip", value_parser = parse_package_type)]
    pub package_type: Option<PackageType>,
    /// Policy file.
    #[arg(long, default_value = DEFAULT_POLICY)]
    pub policy: PathBuf,
    /// Judge ignore expiry against this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_parser = parse_date)]
    pub today: Option<time::Date>,
}

pub fn run(args: &ExplainArgs) -> Result<ExitCode> {
    let id = function_id(args)?;
    let source = read(&args.policy)?;
    let origin = args.policy.display().to_string();
    let policy = match Policy::parse(&source, &origin) {
        Ok(loaded) => loaded.policy,
        Err(diagnostics) => {
            emit(&format!(
                "{diagnostics}\n{origin}: invalid; run `qscan policy check {origin}`\n"
            ));
            return Ok(ExitCode::FAILURE);
        }
    };
    let tags: BTreeMap<String, String> = args.tags.iter().cloned().collect();
    let mut subject = Subject::from_id(&id);
    if !tags.is_empty() || args.no_tags {
        subject = subject.with_tags(&tags);
    }
    if let Some(p) = args.package_type {
        subject = subject.with_package_type(p);
    }
    let explanation = policy.explain(&subject, args.today.unwrap_or_else(today));
    emit(&render(&subject, &explanation, &origin));
    Ok(ExitCode::SUCCESS)
}

fn function_id(args: &ExplainArgs) -> Result<FunctionId> {
    let reference = args.function.trim();
    if reference.starts_with("arn:") {
        let id = FunctionId::parse(reference, "", "")?;
        for (flag, given, actual) in [
            ("--account", &args.account, &id.account),
            ("--region", &args.region, &id.region),
        ] {
            if given.as_ref().is_some_and(|g| g != actual) {
                bail!(
                    "{flag} {:?} disagrees with the ARN, which says {actual:?}",
                    given.as_deref().unwrap_or_default()
                );
            }
        }
        return Ok(id);
    }
    let (Some(account), Some(region)) = (&args.account, &args.region) else {
        bail!("a plain function name needs --account and --region (or pass the full function ARN)");
    };
    Ok(FunctionId::parse(reference, account, region)?)
}

fn render(subject: &Subject<'_>, e: &Explanation<'_>, origin: &str) -> String {
    let mut out = String::new();
    let unknown = "unknown (rules that need it are passed over)";
    let tags = match subject.tags {
        None => unknown.to_owned(),
        Some(t) if t.is_empty() => "none".to_owned(),
        Some(t) => t
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let package = subject.package_type.map_or(unknown, |p| p.as_str());
    let _ = writeln!(out, "function      {}", subject.arn);
    let _ = writeln!(out, "account       {}", subject.account);
    let _ = writeln!(out, "region        {}", subject.region);
    let _ = writeln!(out, "tags          {tags}");
    let _ = writeln!(out, "package type  {package}");
    let _ = writeln!(out);
    match (e.decision.action, e.skip_rule) {
        (ScanAction::Skip { rule, reason }, Some(r)) => {
            let _ = writeln!(
                out,
                "decision: SKIP by [[skip]] {rule} ({origin}:{})",
                r.line()
            );
            let _ = writeln!(out, "  reason:  {reason}");
            let _ = writeln!(out, "  matched: {}", r.matchers().spec());
        }
        _ => {
            let _ = writeln!(out, "decision: SCAN (no [[skip]] rule matches)");
        }
    }
    if let Some(rule) = e.decision.undecided {
        let _ = writeln!(
            out,
            "  not final: rule {rule} needs tags or package type; the scanner decides again after GetFunction"
        );
    }
    let _ = writeln!(out);
    steps(&mut out, "skip rules (first match wins)", &e.skip_steps);
    steps(
        &mut out,
        "override rules (first match wins)",
        &e.override_steps,
    );
    let t = &e.decision.thresholds;
    let _ = writeln!(out, "thresholds:");
    for (key, value, source) in [
        (
            "report_min_severity",
            t.report_min.label().to_owned(),
            e.sources.report_min,
        ),
        (
            "alert_min_severity",
            t.alert_min.label().to_owned(),
            e.sources.alert_min,
        ),
        (
            "fail_min_severity",
            t.fail_min.label().to_owned(),
            e.sources.fail_min,
        ),
        (
            "fixable_only",
            t.fixable_only.to_string(),
            e.sources.fixable_only,
        ),
    ] {
        let from = match source {
            Source::Override(rule) => {
                format!("[[override]] {} ({origin}:{})", rule.name(), rule.line())
            }
            other => other.describe(),
        };
        let _ = writeln!(out, "  {key:<20} {value:<14} from {from}");
    }
    if let Some(rule) = e.override_rule.and_then(|r| r.reason()) {
        let _ = writeln!(out, "  override reason: {rule}");
    }
    let _ = writeln!(out);
    if e.ignores.is_empty() {
        let _ = writeln!(out, "ignores: none apply to this function");
    } else {
        let _ = writeln!(out, "ignores for this function:");
        for (rule, active) in &e.ignores {
            let ids: Vec<String> = rule
                .vulnerabilities()
                .iter()
                .map(ToString::to_string)
                .collect();
            let state = match (active, rule.expires()) {
                (true, Some(last)) => format!("in force until {last}"),
                (true, None) => "in force".to_owned(),
                (false, Some(last)) => format!("EXPIRED on {last}"),
                (false, None) => "not in force".to_owned(),
            };
            let _ = writeln!(
                out,
                "  {} ({origin}:{}): {} ({state})",
                rule.name(),
                rule.line(),
                ids.join(", ")
            );
        }
    }
    out
}

fn steps(out: &mut String, title: &str, steps: &[Step<'_>]) {
    if steps.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title}:");
    for step in steps {
        let verdict = match step.verdict {
            Verdict::Match => "MATCH".to_owned(),
            Verdict::Miss(field) => format!("no match ({field})"),
            Verdict::Unknown(field) => format!("undecided ({field} unknown)"),
        };
        let _ = writeln!(out, "  line {:<4} {:<32} {verdict}", step.line, step.name);
    }
    let _ = writeln!(out);
}

fn parse_tag(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!("{s:?} is not KEY=VALUE")),
    }
}

fn parse_package_type(s: &str) -> Result<PackageType, String> {
    match s.to_ascii_lowercase().as_str() {
        "image" => Ok(PackageType::Image),
        "zip" => Ok(PackageType::Zip),
        _ => Err(format!("{s:?} is not Image or Zip")),
    }
}
