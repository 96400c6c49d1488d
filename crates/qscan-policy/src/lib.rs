//! Policy as code: `policy/policy.toml` decides which Lambda functions are
//! scanned, which findings are reported to Security Hub, which alert on
//! SNS, which fail a CI/CD scan, and which vulnerabilities are accepted for
//! a while. Pure: no AWS, no I/O except [`Policy::from_file`].
//!
//! # The file
//!
//! ```toml
//! #:schema ./policy.schema.json
//! version = 1                           # mandatory; only 1 exists
//!
//! [defaults]                            # every key optional
//! report_min_severity = "LOW"           # to Security Hub at or above (default INFORMATIONAL)
//! alert_min_severity = "HIGH"           # SNS alert at or above (default HIGH)
//! fail_min_severity = "CRITICAL"        # CI/CD scan fails at or above (default CRITICAL)
//! fixable_only = false                  # count only findings with a fixed version
//!
//! [scan]                                # every key optional
//! rescan_on_config_change = false       # rescan configuration-only updates (default false)
//! rescan_after = "7d"                   # m, h, d or w (default 7d)
//! scan_types = ["pkg", "secret"]        # QScanner --scan-types (default ["pkg"])
//! mode = "get-report"                   # QScanner --mode (default get-report)
//! policy_tags = []                      # QScanner --policy-tags, mode evaluate-policy only
//!
//! [[skip]]                              # not scanned
//! name = "sandbox"                      # unique across all rules
//! reason = "rebuilt nightly"            # mandatory, logged
//! functions = ["sandbox-*"]             # matchers, see below
//!
//! [[override]]                          # other thresholds for some functions
//! name = "payments"
//! reason = "PCI scope"                  # optional
//! functions = ["payments-*"]
//! alert_min_severity = "MEDIUM"         # any of the [defaults] keys
//!
//! [[ignore]]                            # accepted vulnerabilities
//! name = "xz-false-positive"            # optional, default ignore#N
//! vulnerabilities = ["CVE-2024-3094", "QID-376537"]
//! packages = ["xz*"]                    # optional globs on the package name
//! reason = "build-time only"            # mandatory, logged
//! expires = 2026-12-31                  # optional last day (inclusive)
//! functions = ["legacy-*"]              # optional matchers
//! ```
//!
//! Matchers, the same for every rule kind: `functions` (globs on the name),
//! `arns` (globs on the unqualified ARN), `accounts` (12-digit ids),
//! `regions` (names), `tags` (`{ key = "value glob" }`), `package_types`
//! (`"Image"`, `"Zip"`). A rule matches when every matcher it gives matches,
//! and a matcher matches when any one of its values does. Globs support
//! `*`, `?`, `[a-z]`, `[!x]` and `{a,b}`; `*` also matches `:`.
//!
//! # Precedence
//!
//! - **Skip**: the first `[[skip]]` in file order whose matchers match.
//! - **Thresholds**: `[defaults]` (code defaults for what it leaves out),
//!   replaced key by key by the first matching `[[override]]` in file order.
//!   Overrides never combine.
//! - **Ignore**: a finding is hidden when any active `[[ignore]]` names one
//!   of its ids and matches the function and package; the first in file
//!   order is the one logged. An ignore applies up to and including its
//!   `expires` day, and `policy check` warns once it has passed.
//! - A rule that can never apply because an earlier rule of the same kind
//!   matches everything it matches is an error, so file order is visible.
//!
//! Tags and package type are not in the CloudTrail event: with a
//! [`Subject`] that lacks them, a rule needing them is passed over and
//! named in [`Decision::undecided`]; the scanner decides again after
//! `GetFunction`. A skip decided without them is still a skip with them.
//!
//! # Validation
//!
//! [`Policy::parse`] checks in layers and reports **every** problem at
//! once, each with line:column and a hint: TOML syntax; structure (unknown
//! keys, value types, missing `name`/`reason`); cross-rule (duplicate
//! names, rules without matchers, rules shadowed by an earlier rule);
//! semantics (severity names, 12-digit accounts, known regions, dates,
//! durations, CVE/QID ids, globs that can never match a function name or
//! ARN). Warnings (an expired ignore) do not reject the policy.
//!
//! # Use
//!
//! ```
//! use qscan_policy::{Policy, ScanAction, Subject};
//!
//! let source = r#"
//! version = 1
//! [[skip]]
//! name = "sandbox"
//! reason = "rebuilt nightly"
//! functions = ["sandbox-*"]
//! "#;
//! let policy = Policy::parse(source, "policy.toml").unwrap().policy;
//! let subject = Subject {
//!     name: "sandbox-api",
//!     arn: "arn:aws:lambda:eu-west-1:123456789012:function:sandbox-api",
//!     account: "123456789012",
//!     region: "eu-west-1",
//!     tags: None,
//!     package_type: None,
//! };
//! let decision = policy.decide(&subject);
//! assert_eq!(decision.action, ScanAction::Skip { rule: "sandbox", reason: "rebuilt nightly" });
//! ```

mod checks;
mod compile;
mod crossrule;
mod decide;
mod diag;
mod explain;
mod globs;
mod index;
mod matchers;
mod model;
mod parse;
mod raw;
mod suggest;

use std::path::{Path, PathBuf};

use time::{Date, OffsetDateTime};

pub use compile::POLICY_VERSION;
pub use decide::{Decision, ScanAction};
pub use diag::{line_column, Diagnostic, Diagnostics, Level};
pub use explain::{Explanation, Source, Step, ThresholdSources};
pub use matchers::{Field, MatcherSpec, Matchers, Subject, Verdict};
pub use model::{IgnoreRule, OverrideRule, Policy, ScanSettings, SkipRule, Thresholds, VulnId};
pub use qscan_contracts::{PackageType, ScanMode, ScanType, Severity};
pub use raw::json_schema;

/// A policy that passed validation, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub policy: Policy,
    pub warnings: Vec<Diagnostic>,
}

/// Why [`Policy::from_file`] failed.
#[derive(Debug, thiserror::Error)]
pub enum PolicyFileError {
    #[error("cannot read policy file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("policy file {path} is invalid:\n{diagnostics}")]
    Invalid {
        path: PathBuf,
        diagnostics: Diagnostics,
    },
}

impl Policy {
    /// Parses and validates a policy. `origin` names it in diagnostics (a
    /// path or an S3 URI). Expiry warnings are judged against today (UTC).
    pub fn parse(source: &str, origin: &str) -> Result<Loaded, Diagnostics> {
        Self::parse_at(source, origin, OffsetDateTime::now_utc().date())
    }

    /// [`Policy::parse`] with an explicit "today", for reproducible checks.
    pub fn parse_at(source: &str, origin: &str, today: Date) -> Result<Loaded, Diagnostics> {
        let mut sink = diag::Sink::default();
        let policy = parse::parse(source, &mut sink)
            .and_then(|raw| compile::compile(raw, source, today, &mut sink));
        let (errors, warnings) = sink.finish(source, origin);
        match policy {
            Some(policy) if errors.is_empty() => Ok(Loaded { policy, warnings }),
            _ => Err(Diagnostics {
                origin: origin.to_owned(),
                errors,
                warnings,
            }),
        }
    }

    /// Reads and parses a local policy file (for local runs and the CLI;
    /// the Lambdas load theirs from S3 and call [`Policy::parse`]).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Loaded, PolicyFileError> {
        let path = path.as_ref();
        let source = std::fs::read_to_string(path).map_err(|source| PolicyFileError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&source, &path.display().to_string()).map_err(|diagnostics| {
            PolicyFileError::Invalid {
                path: path.to_owned(),
                diagnostics,
            }
        })
    }
}
