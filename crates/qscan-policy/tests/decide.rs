//! Behaviour of decide(), ignored() and explain() on small policies.

use std::collections::BTreeMap;

use qscan_policy::{Field, PackageType, Policy, ScanAction, Severity, Source, Subject, Verdict};
use time::macros::date;

const POLICY: &str = r#"
version = 1

[defaults]
report_min_severity = "LOW"

[[skip]]
name = "sandbox"
reason = "rebuilt nightly"
functions = ["sandbox-*"]

[[skip]]
name = "opt-out"
reason = "team opted out"
tags = { qscan = "skip" }

[[skip]]
name = "china-zips"
reason = "scanned elsewhere"
arns = ["arn:aws-cn:lambda:*"]
package_types = ["Zip"]

[[skip]]
name = "sandbox-account-ireland"
reason = "experiments"
accounts = ["222222222222"]
regions = ["eu-west-1"]

[[override]]
name = "payments"
reason = "PCI"
functions = ["payments-*"]
alert_min_severity = "MEDIUM"

[[override]]
name = "prod-images"
tags = { env = "prod*" }
package_types = ["Image"]
fail_min_severity = "HIGH"
fixable_only = true

[[ignore]]
name = "xz"
vulnerabilities = ["CVE-2024-3094", "QID-376537"]
packages = ["xz*"]
reason = "build-time only"
expires = 2026-06-30

[[ignore]]
vulnerabilities = ["CVE-2023-44487"]
functions = ["edge-*"]
tags = { exposure = "internal" }
reason = "not reachable"
"#;

fn policy() -> Policy {
    Policy::parse_at(POLICY, "test.toml", date!(2026 - 01 - 01))
        .unwrap()
        .policy
}

fn subject<'a>(name: &'a str, arn: &'a str, account: &'a str, region: &'a str) -> Subject<'a> {
    Subject {
        name,
        arn,
        account,
        region,
        tags: None,
        package_type: None,
    }
}

const ARN: &str = "arn:aws:lambda:eu-west-1:111111111111:function:orders-api";

#[test]
fn a_name_glob_skips_with_the_rule_name_and_reason() {
    let p = policy();
    let arn = "arn:aws:lambda:eu-west-1:111111111111:function:sandbox-x";
    let d = p.decide(&subject("sandbox-x", arn, "111111111111", "eu-west-1"));
    assert_eq!(
        d.action,
        ScanAction::Skip {
            rule: "sandbox",
            reason: "rebuilt nightly"
        }
    );
    assert_eq!(d.undecided, None, "a skip is final");
}

#[test]
fn account_and_region_must_both_match() {
    let p = policy();
    let arn = "arn:aws:lambda:eu-west-1:222222222222:function:f";
    let ireland = p.decide(&subject("f", arn, "222222222222", "eu-west-1"));
    assert!(matches!(
        ireland.action,
        ScanAction::Skip {
            rule: "sandbox-account-ireland",
            ..
        }
    ));
    let arn = "arn:aws:lambda:us-east-1:222222222222:function:f";
    let virginia = p.decide(&subject("f", arn, "222222222222", "us-east-1"));
    assert_eq!(virginia.action, ScanAction::Scan);
}

#[test]
fn without_tags_a_tag_rule_is_passed_over_and_named_as_undecided() {
    let p = policy();
    let s = subject("orders-api", ARN, "111111111111", "eu-west-1");
    let d = p.decide(&s);
    assert_eq!(d.action, ScanAction::Scan);
    assert_eq!(d.undecided, Some("opt-out"));

    let tags = BTreeMap::from([("qscan".to_owned(), "skip".to_owned())]);
    let d = p.decide(&s.with_tags(&tags));
    assert!(matches!(
        d.action,
        ScanAction::Skip {
            rule: "opt-out",
            ..
        }
    ));

    let tags = BTreeMap::from([("qscan".to_owned(), "yes".to_owned())]);
    let d = p.decide(&s.with_tags(&tags).with_package_type(PackageType::Zip));
    assert_eq!(
        (d.action, d.undecided),
        (ScanAction::Scan, None),
        "all known: final"
    );
}

#[test]
fn arn_globs_and_package_types_combine() {
    let p = policy();
    let arn = "arn:aws-cn:lambda:cn-north-1:333333333333:function:f";
    let no_tags = BTreeMap::new();
    let s = subject("f", arn, "333333333333", "cn-north-1").with_tags(&no_tags);
    assert_eq!(p.decide(&s).undecided, Some("china-zips"));
    let zip = p.decide(&s.with_package_type(PackageType::Zip));
    assert!(matches!(
        zip.action,
        ScanAction::Skip {
            rule: "china-zips",
            ..
        }
    ));
    let image = p.decide(&s.with_package_type(PackageType::Image));
    assert_eq!(image.action, ScanAction::Scan);
}

#[test]
fn the_first_matching_override_sets_thresholds_and_defaults_fill_the_rest() {
    let p = policy();
    let arn = "arn:aws:lambda:eu-west-1:111111111111:function:payments-api";
    let tags = BTreeMap::from([("env".to_owned(), "production".to_owned())]);
    let s = subject("payments-api", arn, "111111111111", "eu-west-1")
        .with_tags(&tags)
        .with_package_type(PackageType::Image);
    let d = p.decide(&s);
    assert_eq!(
        d.override_rule,
        Some("payments"),
        "file order: payments first"
    );
    assert_eq!(d.thresholds.alert_min, Severity::Medium);
    assert_eq!(d.thresholds.report_min, Severity::Low, "from [defaults]");
    assert_eq!(
        d.thresholds.fail_min,
        Severity::Critical,
        "built-in default"
    );
    assert!(!d.thresholds.fixable_only, "overrides never combine");

    let arn = "arn:aws:lambda:eu-west-1:111111111111:function:orders";
    let d = p.decide(
        &subject("orders", arn, "111111111111", "eu-west-1")
            .with_tags(&tags)
            .with_package_type(PackageType::Image),
    );
    assert_eq!(d.override_rule, Some("prod-images"));
    assert_eq!(
        (d.thresholds.fail_min, d.thresholds.fixable_only),
        (Severity::High, true)
    );
}

#[test]
fn explain_names_each_rule_considered_and_each_thresholds_source() {
    let p = policy();
    let arn = "arn:aws:lambda:eu-west-1:111111111111:function:payments-api";
    let e = p.explain(
        &subject("payments-api", arn, "111111111111", "eu-west-1"),
        date!(2026 - 01 - 01),
    );
    let verdicts: Vec<_> = e.skip_steps.iter().map(|s| (s.name, s.verdict)).collect();
    assert_eq!(
        verdicts,
        [
            ("sandbox", Verdict::Miss(Field::Functions)),
            ("opt-out", Verdict::Unknown(Field::Tags)),
            ("china-zips", Verdict::Miss(Field::Arns)),
            ("sandbox-account-ireland", Verdict::Miss(Field::Accounts)),
        ]
    );
    assert_eq!(
        e.override_steps.last().map(|s| (s.name, s.verdict)),
        Some(("payments", Verdict::Match))
    );
    assert!(matches!(e.sources.alert_min, Source::Override(r) if r.name() == "payments"));
    assert!(matches!(e.sources.report_min, Source::Defaults));
    assert!(matches!(e.sources.fail_min, Source::BuiltIn));
    let ignores: Vec<_> = e
        .ignores
        .iter()
        .map(|(r, active)| (r.name(), *active))
        .collect();
    assert_eq!(ignores, [("xz", true)], "ignore#2 needs edge-* functions");
}

#[test]
fn an_ignore_applies_through_its_expiry_day_and_not_after() {
    let p = policy();
    let s = subject("orders-api", ARN, "111111111111", "eu-west-1");
    let hit = p.ignored(
        &["376537", "CVE-2024-3094"],
        &s,
        "xz-utils",
        date!(2026 - 06 - 30),
    );
    assert_eq!(
        hit.map(|r| (r.name(), r.reason())),
        Some(("xz", "build-time only"))
    );
    assert!(p
        .ignored(&["QID-376537"], &s, "xz-libs", date!(2026 - 06 - 30))
        .is_some());
    assert!(
        p.ignored(&["CVE-2024-3094"], &s, "xz-utils", date!(2026 - 07 - 01))
            .is_none(),
        "expired"
    );
    assert!(
        p.ignored(&["CVE-2024-3094"], &s, "openssl", date!(2026 - 01 - 01))
            .is_none(),
        "other package"
    );
    assert!(
        p.ignored(&["CVE-2024-9999"], &s, "xz-utils", date!(2026 - 01 - 01))
            .is_none(),
        "other CVE"
    );
}

#[test]
fn an_ignore_needing_tags_applies_only_once_they_are_known_and_match() {
    let p = policy();
    let arn = "arn:aws:lambda:eu-west-1:111111111111:function:edge-api";
    let s = subject("edge-api", arn, "111111111111", "eu-west-1");
    let today = date!(2026 - 01 - 01);
    assert!(
        p.ignored(&["CVE-2023-44487"], &s, "nghttp2", today)
            .is_none(),
        "tags unknown"
    );
    let tags = BTreeMap::from([("exposure".to_owned(), "internal".to_owned())]);
    let hit = p.ignored(&["cve-2023-44487"], &s.with_tags(&tags), "nghttp2", today);
    assert_eq!(hit.map(|r| r.name()), Some("ignore#2"));
}

#[test]
fn the_default_policy_scans_everything_with_the_documented_thresholds() {
    let p = Policy::default();
    let d = p.decide(&subject("anything", ARN, "111111111111", "eu-west-1"));
    assert_eq!(
        (d.action, d.override_rule, d.undecided),
        (ScanAction::Scan, None, None)
    );
    let t = d.thresholds;
    assert_eq!(
        (t.report_min, t.alert_min, t.fail_min, t.fixable_only),
        (
            Severity::Informational,
            Severity::High,
            Severity::Critical,
            false
        )
    );
    assert_eq!(p.scan().scan_types_arg(), "pkg");
    assert_eq!(p.scan().rescan_after.as_secs(), 7 * 86_400);
    assert!(!p.scan().rescan_on_config_change);
}

#[test]
fn scan_settings_come_from_the_file() {
    let source = "version = 1\n[scan]\nrescan_after = \"36h\"\nscan_types = [\"pkg\", \"secret\"]\nmode = \"evaluate-policy\"\npolicy_tags = [\"prod\"]\nrescan_on_config_change = true\n";
    let p = Policy::parse(source, "s.toml").unwrap().policy;
    let scan = p.scan();
    assert_eq!(scan.rescan_after.as_secs(), 36 * 3600);
    assert_eq!(scan.scan_types_arg(), "pkg,secret");
    assert_eq!(scan.mode.as_str(), "evaluate-policy");
    assert_eq!(scan.policy_tags, ["prod"]);
    assert!(scan.rescan_on_config_change);
}

#[test]
fn from_file_names_the_path_when_it_cannot_read_or_parse() {
    let missing = Policy::from_file("/nonexistent/policy.toml").unwrap_err();
    assert!(
        missing.to_string().contains("/nonexistent/policy.toml"),
        "{missing}"
    );
    let dir = std::env::temp_dir().join(format!("qscan-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("p.toml");
    std::fs::write(&path, "version = 1\nbogus = 2\n").unwrap();
    let invalid = Policy::from_file(&path).unwrap_err().to_string();
    assert!(
        invalid.contains(&format!(
            "{}:2:1: error: unknown top-level key `bogus`",
            path.display()
        )),
        "{invalid}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
