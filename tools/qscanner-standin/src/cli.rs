//! QScanner's documented command line, as far as the stand-in speaks it:
//! `qscanner [flags] image <ref> | lambda <arn> [flags]`, `--version`.
//!
//! Strict like the real tool: an unknown flag or a bad value is exit 2
//! (invalid parameter). Secret-bearing flags are refused outright, so tests
//! prove the wrapper never puts a credential on argv.

/// Pods the real QScanner accepts for `--pod`.
const PODS: [&str; 13] = [
    "US1", "US2", "US3", "US4", "EU1", "EU2", "EU3", "IN1", "CA1", "AE1", "UK1", "AU1", "KSA1",
];
const MODES: [&str; 4] = [
    "inventory-only",
    "scan-only",
    "get-report",
    "evaluate-policy",
];
const REPORT_FORMATS: [&str; 4] = ["table", "sarif", "json", "gitlab"];
/// Flags the real tool has but that would carry a secret on argv.
const SECRET_FLAGS: [&str; 4] = [
    "--access-token",
    "--client-secret",
    "--registry-password",
    "--registry-token",
];
const VALUE_FLAGS: [&str; 12] = [
    "--pod",
    "--gateway-url",
    "--output-dir",
    "--cache-dir",
    "--scan-types",
    "--format",
    "--report-format",
    "--scan-timeout",
    "--mode",
    "--policy-tags",
    "--platform",
    "--log-level",
];
const BOOL_FLAGS: [&str; 2] = ["--quiet", "--offline-scan"];

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invocation {
    Help,
    Version,
    Scan(Box<ScanArgs>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Image,
    Lambda,
}

/// A parsed scan command line. Paths default like the real tool's, under
/// `$HOME`, when not given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScanArgs {
    pub command: Option<Command>,
    pub target: String,
    pub pod: Option<String>,
    pub gateway_url: Option<String>,
    pub output_dir: Option<String>,
    pub cache_dir: Option<String>,
    pub scan_types: Vec<String>,
    pub formats: Vec<String>,
    pub report_formats: Vec<String>,
    pub scan_timeout: Option<String>,
    pub mode: String,
    pub policy_tags: Vec<String>,
    pub platform: Option<String>,
    pub log_level: Option<String>,
    pub quiet: bool,
    pub offline_scan: bool,
}

impl ScanArgs {
    /// True when the mode ends with a SARIF vulnerability report.
    pub fn writes_report(&self) -> bool {
        matches!(self.mode.as_str(), "get-report" | "evaluate-policy")
            && self.report_formats.iter().any(|f| f == "sarif")
    }
}

/// Exit code 2 with this message, like the real tool's invalid parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Parses argv without the program name. Flags may come before or after
/// the command, as `--flag value` or `--flag=value`.
pub fn parse(args: &[String]) -> Result<Invocation, UsageError> {
    let mut scan = ScanArgs {
        scan_types: vec!["pkg".into()],
        formats: vec!["json".into()],
        report_formats: vec!["table".into()],
        mode: "get-report".into(),
        ..ScanArgs::default()
    };
    let mut positionals: Vec<String> = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if !arg.starts_with('-') || arg == "-" {
            positionals.push(arg.clone());
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (arg.as_str(), None),
        };
        if SECRET_FLAGS.contains(&name) {
            return Err(UsageError(format!(
                "{name} is refused by the stand-in: secrets must come from the environment, never argv"
            )));
        }
        match name {
            "--help" | "-h" => return Ok(Invocation::Help),
            "--version" | "-v" => return Ok(Invocation::Version),
            _ if BOOL_FLAGS.contains(&name) => {
                let on = match inline.as_deref() {
                    None | Some("true") => true,
                    Some("false") => false,
                    Some(other) => {
                        return Err(UsageError(format!(
                            "{name} takes true or false, not {other:?}"
                        )))
                    }
                };
                match name {
                    "--quiet" => scan.quiet = on,
                    _ => scan.offline_scan = on,
                }
            }
            _ if VALUE_FLAGS.contains(&name) => {
                let value = match inline {
                    Some(value) => value,
                    None => rest
                        .next()
                        .cloned()
                        .ok_or_else(|| UsageError(format!("{name} needs a value")))?,
                };
                set(&mut scan, name, value)?;
            }
            _ => return Err(UsageError(format!("unknown flag {name}"))),
        }
    }
    match positionals.as_slice() {
        [] => Err(UsageError(
            "no command given: expected image <ref> or lambda <arn>".into(),
        )),
        [command, target] => {
            scan.command = Some(match command.as_str() {
                "image" => Command::Image,
                "lambda" => Command::Lambda,
                other => {
                    return Err(UsageError(format!(
                        "command {other:?} is not supported by the stand-in (image, lambda)"
                    )))
                }
            });
            scan.target = target.clone();
            if scan.pod.is_none() && scan.gateway_url.is_none() && scan.mode != "inventory-only" {
                return Err(UsageError("--pod or --gateway-url is required".into()));
            }
            Ok(Invocation::Scan(Box::new(scan)))
        }
        [command] => Err(UsageError(format!("{command} needs a target"))),
        [_, _, extra, ..] => Err(UsageError(format!("unexpected argument {extra:?}"))),
    }
}

/// Validates and stores one flag's value.
fn set(scan: &mut ScanArgs, name: &str, value: String) -> Result<(), UsageError> {
    let bad = |why: &str| Err(UsageError(format!("{name} {value:?}: {why}")));
    if value.trim().is_empty() {
        return bad("empty value");
    }
    match name {
        "--pod" if !PODS.contains(&value.to_ascii_uppercase().as_str()) => {
            return bad("unknown pod")
        }
        "--pod" => scan.pod = Some(value.to_ascii_uppercase()),
        "--gateway-url" if !value.starts_with("https://") => return bad("not an https url"),
        "--gateway-url" => scan.gateway_url = Some(value),
        "--output-dir" => scan.output_dir = Some(value),
        "--cache-dir" => scan.cache_dir = Some(value),
        "--scan-types" => scan.scan_types = list(&value),
        "--format" => scan.formats = list(&value),
        "--report-format" => {
            let formats = list(&value);
            if let Some(unknown) = formats
                .iter()
                .find(|f| !REPORT_FORMATS.contains(&f.as_str()))
            {
                return Err(UsageError(format!(
                    "--report-format: unknown format {unknown:?}"
                )));
            }
            scan.report_formats = formats;
        }
        "--scan-timeout" if !is_duration(&value) => return bad("not a duration such as 300s"),
        "--scan-timeout" => scan.scan_timeout = Some(value),
        "--mode" if !MODES.contains(&value.as_str()) => return bad("unknown mode"),
        "--mode" => scan.mode = value,
        "--policy-tags" => scan.policy_tags = list(&value),
        "--platform" if value.split('/').filter(|p| !p.is_empty()).count() < 2 => {
            return bad("expected os/arch such as linux/arm64")
        }
        "--platform" => scan.platform = Some(value),
        _ => scan.log_level = Some(value),
    }
    Ok(())
}

/// A Go-style duration as QScanner takes it: digits and a unit, e.g. `300s`.
fn is_duration(value: &str) -> bool {
    let digits = value.trim_end_matches(['s', 'm', 'h']);
    digits.len() < value.len() && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(args: &str) -> Result<Invocation, UsageError> {
        let args: Vec<String> = args.split_whitespace().map(str::to_owned).collect();
        parse(&args)
    }

    fn scan(args: &str) -> ScanArgs {
        match parse_str(args) {
            Ok(Invocation::Scan(scan)) => *scan,
            other => panic!("{args}: {other:?}"),
        }
    }

    #[test]
    fn flags_before_and_after_the_command_in_both_spellings() {
        let s = scan(
            "--pod us2 --output-dir=/o image repo@sha256:ab --scan-types os,sca \
             --report-format=sarif,json --scan-timeout 300s --mode evaluate-policy \
             --policy-tags=prod --platform linux/arm64 --quiet --offline-scan=true",
        );
        assert_eq!(s.command, Some(Command::Image));
        assert_eq!(s.target, "repo@sha256:ab");
        assert_eq!(s.pod.as_deref(), Some("US2"));
        assert_eq!(s.output_dir.as_deref(), Some("/o"));
        assert_eq!(s.scan_types, ["os", "sca"]);
        assert_eq!(s.report_formats, ["sarif", "json"]);
        assert_eq!(
            (s.mode.as_str(), s.policy_tags.as_slice()),
            ("evaluate-policy", &["prod".to_owned()][..])
        );
        assert_eq!(s.platform.as_deref(), Some("linux/arm64"));
        assert!(s.quiet && s.offline_scan && s.writes_report());
    }

    #[test]
    fn defaults_write_no_sarif_like_the_real_tool() {
        let s = scan("--gateway-url https://gw lambda arn:aws:lambda:eu-west-1:1:function:f");
        assert_eq!(s.command, Some(Command::Lambda));
        assert_eq!(
            (s.mode.as_str(), s.report_formats.as_slice()),
            ("get-report", &["table".to_owned()][..])
        );
        assert!(!s.writes_report());
    }

    #[test]
    fn version_and_help_need_nothing_else() {
        assert_eq!(parse_str("--version"), Ok(Invocation::Version));
        assert_eq!(parse_str("image --help"), Ok(Invocation::Help));
    }

    #[test]
    fn usage_errors_for_unknown_missing_and_secret_flags() {
        let error = |args: &str| parse_str(args).unwrap_err().0;
        assert_eq!(
            error("--pod US1 --frobnicate image r"),
            "unknown flag --frobnicate"
        );
        assert!(
            error("--pod US1 --access-token=abc image r").starts_with("--access-token is refused")
        );
        assert!(
            error("--client-secret x --pod US1 image r").starts_with("--client-secret is refused")
        );
        assert_eq!(error("image r"), "--pod or --gateway-url is required");
        assert_eq!(error("--pod US9 image r"), "--pod \"US9\": unknown pod");
        assert_eq!(
            error("--pod US1 --scan-timeout 5 image r"),
            "--scan-timeout \"5\": not a duration such as 300s"
        );
        assert_eq!(
            error("--pod US1 --mode fast image r"),
            "--mode \"fast\": unknown mode"
        );
        assert_eq!(
            error("--pod US1 --report-format pdf image r"),
            "--report-format: unknown format \"pdf\""
        );
        assert_eq!(
            error("--pod US1 rootfs /"),
            "command \"rootfs\" is not supported by the stand-in (image, lambda)"
        );
        assert_eq!(error("--pod US1 image"), "image needs a target");
        assert_eq!(error("--pod US1 image a b"), "unexpected argument \"b\"");
        assert_eq!(
            error("--pod US1 image r --output-dir"),
            "--output-dir needs a value"
        );
        assert_eq!(
            error("--pod US1"),
            "no command given: expected image <ref> or lambda <arn>"
        );
    }

    #[test]
    fn durations_need_a_unit() {
        assert!(is_duration("300s") && is_duration("5m") && is_duration("1h"));
        assert!(!is_duration("300") && !is_duration("s") && !is_duration("3x0s"));
    }
}
