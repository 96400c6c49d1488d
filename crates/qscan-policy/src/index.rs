//! One `GlobSet` over all the name globs (and one over all the ARN globs)
//! of a rule list, so a decision runs two automata instead of one small
//! set per rule: with 1,000 rules that is the difference between
//! hundreds of microseconds and a few.
//!
//! First match in file order is kept exactly: the sets say which rules'
//! glob matchers match; rules are then walked in order, skipping those
//! whose globs failed and running only the cheap remaining checks
//! (accounts, regions, package type, tags) on the others. Scratch buffers
//! are per thread and reused, so a decision allocates nothing once warm.

use std::cell::RefCell;

use globset::{Candidate, GlobSet, GlobSetBuilder};

use crate::matchers::{Matchers, Subject, Verdict};

/// Which rules of a list have glob matchers, and one set per field.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleIndex {
    functions: GlobSet,
    function_rule: Vec<usize>,
    arns: GlobSet,
    arn_rule: Vec<usize>,
    /// Per rule: (has function globs, has ARN globs).
    needs: Vec<(bool, bool)>,
}

#[derive(Default)]
struct Scratch {
    hits: Vec<usize>,
    function_ok: Vec<u64>,
    arn_ok: Vec<u64>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl RuleIndex {
    /// Indexes `rules` (in file order). The globs compiled alone already,
    /// so they compile together.
    pub(crate) fn build<'m>(rules: impl Iterator<Item = &'m Matchers>) -> Self {
        let mut functions = GlobSetBuilder::new();
        let mut arns = GlobSetBuilder::new();
        let mut index = RuleIndex::default();
        for (i, matchers) in rules.enumerate() {
            for glob in &matchers.function_globs {
                functions.add(glob.clone());
                index.function_rule.push(i);
            }
            for glob in &matchers.arn_globs {
                arns.add(glob.clone());
                index.arn_rule.push(i);
            }
            index.needs.push((
                !matchers.function_globs.is_empty(),
                !matchers.arn_globs.is_empty(),
            ));
        }
        index.functions = functions
            .build()
            .expect("globs that compiled alone compile together");
        index.arns = arns
            .build()
            .expect("globs that compiled alone compile together");
        index
    }

    /// The first rule (in file order) whose matchers all match, and the
    /// first rule before it that could not decide. Same answer as walking
    /// the rules with [`Matchers::verdict`].
    pub(crate) fn first_match<'r, R>(
        &self,
        rules: &'r [R],
        matchers: impl Fn(&R) -> &Matchers,
        name: impl Fn(&R) -> &str,
        subject: &Subject<'_>,
    ) -> (Option<&'r R>, Option<&'r str>) {
        debug_assert_eq!(rules.len(), self.needs.len());
        SCRATCH.with(|scratch| {
            let mut guard = scratch.try_borrow_mut();
            let mut fresh = Scratch::default();
            let scratch = guard.as_deref_mut().unwrap_or(&mut fresh);
            let words = rules.len().div_ceil(64);
            mark(
                &self.functions,
                &self.function_rule,
                subject.name,
                words,
                &mut scratch.hits,
                &mut scratch.function_ok,
            );
            mark(
                &self.arns,
                &self.arn_rule,
                subject.arn,
                words,
                &mut scratch.hits,
                &mut scratch.arn_ok,
            );
            let mut undecided = None;
            for (i, rule) in rules.iter().enumerate() {
                let (needs_function, needs_arn) = self.needs[i];
                if (needs_function && !bit(&scratch.function_ok, i))
                    || (needs_arn && !bit(&scratch.arn_ok, i))
                {
                    continue;
                }
                match matchers(rule).verdict_after_globs(subject) {
                    Verdict::Match => return (Some(rule), undecided),
                    Verdict::Unknown(_) => undecided = undecided.or(Some(name(rule))),
                    Verdict::Miss(_) => {}
                }
            }
            (None, undecided)
        })
    }
}

/// Sets bit `rule` in `ok` for every rule with a glob in `set` matching `text`.
fn mark(
    set: &GlobSet,
    owner: &[usize],
    text: &str,
    words: usize,
    hits: &mut Vec<usize>,
    ok: &mut Vec<u64>,
) {
    ok.clear();
    ok.resize(words, 0);
    if set.is_empty() {
        return;
    }
    set.matches_candidate_into(&Candidate::from_bytes(text), hits);
    for &glob in hits.iter() {
        let rule = owner[glob];
        ok[rule / 64] |= 1 << (rule % 64);
    }
}

fn bit(words: &[u64], i: usize) -> bool {
    words[i / 64] & (1 << (i % 64)) != 0
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::fmt::Write as _;

    use qscan_contracts::PackageType;

    use crate::decide::first_match;
    use crate::{Policy, Subject};

    /// Rules of every matcher kind, several globs per rule, overlapping.
    fn policy() -> Policy {
        let mut toml = String::from("version = 1\n");
        for i in 0..150 {
            let _ = writeln!(toml, "[[skip]]\nname = \"s{i}\"\nreason = \"r\"");
            // Each rule also has one value of its own, so none is shadowed.
            let _ = match i % 6 {
                0 => writeln!(
                    toml,
                    "functions = [\"f{}-*\", \"*-x{}\", \"u{i}\"]",
                    i % 7,
                    i % 5
                ),
                1 => writeln!(
                    toml,
                    "arns = [\"arn:aws:lambda:*:00000000000{}:function:*\", \"arn:*:u{i}\"]",
                    i % 10
                ),
                2 => writeln!(
                    toml,
                    "functions = [\"f{}-*\", \"u{i}\"]\narns = [\"arn:*:eu-west-1:*\"]",
                    i % 9
                ),
                3 => writeln!(
                    toml,
                    "functions = [\"*-x{}\", \"u{i}\"]\ntags = {{ t = \"{}\" }}",
                    i % 11,
                    i % 3
                ),
                4 => writeln!(
                    toml,
                    "accounts = [\"00000000000{}\", \"{:012}\"]\npackage_types = [\"Zip\"]",
                    i % 10,
                    1000 + i
                ),
                _ => writeln!(toml, "regions = [\"us-east-1\"]\nfunctions = [\"f{i}-*\"]"),
            };
        }
        for i in 0..40 {
            let _ = writeln!(
                toml,
                "[[override]]\nname = \"o{i}\"\nfunctions = [\"f{}-*\", \"u{i}\"]\ntags = {{ t = \"{}\" }}\nfixable_only = true",
                i % 13,
                i % 2
            );
        }
        match Policy::parse(&toml, "generated") {
            Ok(loaded) => loaded.policy,
            // Shadowed rules are errors; the generator avoids them.
            Err(d) => panic!("{d}"),
        }
    }

    #[test]
    fn the_index_finds_the_same_first_match_as_walking_every_rule() {
        let policy = policy();
        let tag_sets: Vec<BTreeMap<String, String>> = (0..3)
            .map(|v| BTreeMap::from([("t".to_owned(), v.to_string())]))
            .collect();
        let (mut compared, mut matched, mut undecided) = (0, 0, 0);
        for n in 0..40 {
            for suffix in ["", "-x3", "-x7"] {
                let name = format!("f{}-svc{suffix}", n % 14);
                for account in ["000000000001", "000000000004", "000000000009"] {
                    for region in ["eu-west-1", "us-east-1"] {
                        let arn = format!("arn:aws:lambda:{region}:{account}:function:{name}");
                        let base = Subject {
                            name: &name,
                            arn: &arn,
                            account,
                            region,
                            tags: None,
                            package_type: None,
                        };
                        let variants = [
                            base,
                            base.with_tags(&tag_sets[n % 3])
                                .with_package_type(PackageType::Zip),
                            base.with_package_type(PackageType::Image),
                        ];
                        for subject in variants {
                            let naive =
                                first_match(&policy.skips, |r| r.matchers.verdict(&subject));
                            let fast = policy.skip_rule_for(&subject);
                            matched += usize::from(naive.0.is_some());
                            undecided += usize::from(naive.1.is_some());
                            assert_eq!(
                                (naive.0.map(|r| &r.name), naive.1),
                                (fast.0.map(|r| &r.name), fast.1),
                                "{subject:?}"
                            );
                            let naive =
                                first_match(&policy.overrides, |r| r.matchers.verdict(&subject));
                            let fast = policy.override_for(&subject);
                            assert_eq!(
                                (naive.0.map(|r| &r.name), naive.1),
                                (fast.0.map(|r| &r.name), fast.1),
                                "{subject:?}"
                            );
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert!(compared > 1000);
        assert!(
            matched > 100 && compared - matched > 100,
            "{matched} of {compared} matched"
        );
        assert!(undecided > 100, "{undecided} undecided");
    }
}
