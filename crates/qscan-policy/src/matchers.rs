//! Compiled matchers: does a rule apply to a function?
//!
//! Globs are compiled once, into one `GlobSet` per rule field, when the
//! policy is loaded. Matching borrows everything and allocates nothing.

use std::collections::BTreeMap;
use std::fmt;

use globset::{Candidate, Glob, GlobMatcher, GlobSet};
use qscan_contracts::PackageType;

/// The function a decision is about. Everything is borrowed, so building
/// one costs nothing.
///
/// `tags` and `package_type` are `None` where they are not known yet (the
/// forwarder sees only the CloudTrail event). A rule that needs them then
/// cannot decide: it is treated as not matching and named in
/// [`Decision::undecided`](crate::Decision::undecided), and the scanner
/// decides again after `GetFunction`. A skip at the forwarder is therefore
/// always a skip with full knowledge too; a scan may still become a skip.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// Function name (no qualifier).
    pub name: &'a str,
    /// Unqualified function ARN.
    pub arn: &'a str,
    pub account: &'a str,
    pub region: &'a str,
    pub tags: Option<&'a BTreeMap<String, String>>,
    pub package_type: Option<PackageType>,
}

impl<'a> Subject<'a> {
    /// A subject from a normalised function identity, without tags or
    /// package type.
    pub fn from_id(id: &'a qscan_contracts::FunctionId) -> Self {
        Subject {
            name: &id.name,
            arn: &id.arn,
            account: &id.account,
            region: &id.region,
            tags: None,
            package_type: None,
        }
    }

    pub fn with_tags(mut self, tags: &'a BTreeMap<String, String>) -> Self {
        self.tags = Some(tags);
        self
    }

    pub fn with_package_type(mut self, package_type: PackageType) -> Self {
        self.package_type = Some(package_type);
        self
    }
}

/// One matcher key of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Functions,
    Arns,
    Accounts,
    Regions,
    Tags,
    PackageTypes,
}

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::Functions => "functions",
            Field::Arns => "arns",
            Field::Accounts => "accounts",
            Field::Regions => "regions",
            Field::Tags => "tags",
            Field::PackageTypes => "package_types",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Whether a rule's matchers apply to a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Match,
    /// This matcher rejected the subject.
    Miss(Field),
    /// This matcher needs what the subject does not know yet (tags or
    /// package type), and no other matcher rejected it.
    Unknown(Field),
}

/// The matchers of a rule as written, for explanations and cross-rule checks.
/// An empty list means the key was left out (matches everything).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatcherSpec {
    pub functions: Vec<String>,
    pub arns: Vec<String>,
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
    pub tags: Vec<(String, String)>,
    pub package_types: Vec<PackageType>,
}

impl MatcherSpec {
    /// True when no key constrains anything.
    pub fn is_empty(&self) -> bool {
        self.functions.is_empty()
            && self.arns.is_empty()
            && self.accounts.is_empty()
            && self.regions.is_empty()
            && self.tags.is_empty()
            && self.package_types.is_empty()
    }
}

impl fmt::Display for MatcherSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        let mut list = |key: &str, values: &[String]| {
            if !values.is_empty() {
                parts.push(format!("{key} = {values:?}"));
            }
        };
        list("functions", &self.functions);
        list("arns", &self.arns);
        list("accounts", &self.accounts);
        list("regions", &self.regions);
        if !self.tags.is_empty() {
            let tags: Vec<String> = self
                .tags
                .iter()
                .map(|(k, v)| format!("{k} = {v:?}"))
                .collect();
            parts.push(format!("tags = {{ {} }}", tags.join(", ")));
        }
        if !self.package_types.is_empty() {
            let types: Vec<&str> = self.package_types.iter().map(|p| p.as_str()).collect();
            parts.push(format!("package_types = {types:?}"));
        }
        if parts.is_empty() {
            f.write_str("(every function)")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// A rule's matchers, compiled.
#[derive(Debug, Clone, Default)]
pub struct Matchers {
    pub(crate) functions: Option<GlobSet>,
    pub(crate) arns: Option<GlobSet>,
    pub(crate) tags: Vec<(String, GlobMatcher)>,
    pub(crate) spec: MatcherSpec,
    /// The globs behind `functions` and `arns`, for the rule-list index.
    pub(crate) function_globs: Vec<Glob>,
    pub(crate) arn_globs: Vec<Glob>,
}

impl Matchers {
    /// The matchers as written.
    pub fn spec(&self) -> &MatcherSpec {
        &self.spec
    }

    /// Cheapest checks first: exact comparisons, then globs, then what the
    /// subject may not know.
    pub fn verdict(&self, subject: &Subject<'_>) -> Verdict {
        self.check(subject, true)
    }

    /// [`Matchers::verdict`] when the name and ARN globs are known to match
    /// (the rule-list index checked them).
    pub(crate) fn verdict_after_globs(&self, subject: &Subject<'_>) -> Verdict {
        self.check(subject, false)
    }

    fn check(&self, subject: &Subject<'_>, globs: bool) -> Verdict {
        let spec = &self.spec;
        if !spec.accounts.is_empty() && !spec.accounts.iter().any(|a| a == subject.account) {
            return Verdict::Miss(Field::Accounts);
        }
        if !spec.regions.is_empty() && !spec.regions.iter().any(|r| r == subject.region) {
            return Verdict::Miss(Field::Regions);
        }
        if let Some(set) = self.functions.as_ref().filter(|_| globs) {
            if !set.is_match_candidate(&Candidate::from_bytes(subject.name)) {
                return Verdict::Miss(Field::Functions);
            }
        }
        if let Some(set) = self.arns.as_ref().filter(|_| globs) {
            if !set.is_match_candidate(&Candidate::from_bytes(subject.arn)) {
                return Verdict::Miss(Field::Arns);
            }
        }
        let mut unknown = None;
        if !spec.package_types.is_empty() {
            match subject.package_type {
                Some(p) if !spec.package_types.contains(&p) => {
                    return Verdict::Miss(Field::PackageTypes)
                }
                Some(_) => {}
                None => unknown = Some(Field::PackageTypes),
            }
        }
        if !self.tags.is_empty() {
            match subject.tags {
                Some(tags) => {
                    let all = self.tags.iter().all(|(key, glob)| {
                        tags.get(key).is_some_and(|value| {
                            glob.is_match_candidate(&Candidate::from_bytes(value))
                        })
                    });
                    if !all {
                        return Verdict::Miss(Field::Tags);
                    }
                }
                None => unknown = unknown.or(Some(Field::Tags)),
            }
        }
        match unknown {
            Some(field) => Verdict::Unknown(field),
            None => Verdict::Match,
        }
    }
}
