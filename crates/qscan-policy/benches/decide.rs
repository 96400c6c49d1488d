//! Decisions per second for a generated 1,000-rule policy (800 skip, 200
//! override rules of every matcher kind) over realistic function names, a
//! mix of early matches, late matches and misses (which try every rule).
//!
//! Run: `cargo bench -p qscan-policy --bench decide` (or `make policy-bench`;
//! quick: `-- --warm-up-time 1 --measurement-time 5`).
//!
//! Measured on the 2-core development machine: median 3.85 ms per 1,000
//! decisions, i.e. 3.85 µs per decision, about 260,000 decisions per
//! second (before the rule-list index, one GlobSet per rule: 274 µs, about
//! 3,650 per second).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use qscan_policy::{PackageType, Policy, Subject};

const TEAMS: [&str; 8] = [
    "orders",
    "payments",
    "billing",
    "search",
    "identity",
    "catalog",
    "shipping",
    "analytics",
];
const KINDS: [&str; 6] = ["api", "worker", "consumer", "cron", "webhook", "etl"];
const STAGES: [&str; 4] = ["dev", "staging", "prod", "sandbox"];
const REGIONS: [&str; 4] = ["eu-west-1", "us-east-1", "ap-southeast-2", "eu-central-1"];

fn account(i: usize) -> String {
    format!("{:012}", 100_000_000_000 + i * 7919)
}

/// 800 skip rules and 200 overrides, cycling through the matcher kinds.
fn generated_policy() -> String {
    let mut toml = String::from("version = 1\n");
    for i in 0..800 {
        let team = TEAMS[i % TEAMS.len()];
        let kind = KINDS[i % KINDS.len()];
        let _ = writeln!(
            toml,
            "\n[[skip]]\nname = \"skip-{i}\"\nreason = \"generated rule {i}\""
        );
        let _ = match i % 5 {
            0 => writeln!(toml, "functions = [\"{team}-{kind}-{i}-*\", \"tmp-{i}-*\"]"),
            1 => writeln!(
                toml,
                "arns = [\"arn:aws:lambda:*:{}:function:{team}-*\"]",
                account(i)
            ),
            2 => writeln!(
                toml,
                "accounts = [\"{}\"]\nregions = [\"{}\"]",
                account(i),
                REGIONS[i % REGIONS.len()]
            ),
            3 => writeln!(
                toml,
                "functions = [\"{team}-*\"]\ntags = {{ owner = \"team-{i}\" }}"
            ),
            _ => writeln!(
                toml,
                "functions = [\"*-{kind}-v{i}\"]\npackage_types = [\"Zip\"]"
            ),
        };
    }
    // The rules real policies end with: a few broad ones that match.
    let _ = writeln!(
        toml,
        "\n[[skip]]\nname = \"sandbox\"\nreason = \"sandbox stage\"\nfunctions = [\"*-sandbox\"]"
    );
    for i in 0..199 {
        let team = TEAMS[i % TEAMS.len()];
        let _ = writeln!(
            toml,
            "\n[[override]]\nname = \"override-{i}\"\nfunctions = [\"{team}-*-{i}\"]\nalert_min_severity = \"MEDIUM\""
        );
    }
    toml
}

struct Function {
    name: String,
    arn: String,
    account: String,
    region: &'static str,
    tags: BTreeMap<String, String>,
}

/// 1,000 functions named the way teams name them; about a third match a
/// rule (some early, some late), the rest try every rule and are scanned.
fn functions() -> Vec<Function> {
    (0..1000)
        .map(|i| {
            let team = TEAMS[i % TEAMS.len()];
            let kind = KINDS[(i / 3) % KINDS.len()];
            let stage = STAGES[(i / 7) % STAGES.len()];
            let name = match i % 10 {
                0 => format!("{team}-{kind}-{}-{stage}", i % 800),
                1 => format!("tmp-{}-{kind}", (i * 13) % 800),
                _ => format!("{team}-{kind}-{stage}"),
            };
            let account = account(if i % 9 == 0 { i % 800 } else { 5000 + i });
            let region = REGIONS[i % REGIONS.len()];
            let arn = format!("arn:aws:lambda:{region}:{account}:function:{name}");
            let tags = BTreeMap::from([
                ("owner".to_owned(), format!("team-{}", i % 1200)),
                ("env".to_owned(), stage.to_owned()),
            ]);
            Function {
                name,
                arn,
                account,
                region,
                tags,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let policy = Policy::parse(&generated_policy(), "generated.toml")
        .unwrap_or_else(|d| panic!("generated policy is invalid:\n{d}"))
        .policy;
    assert_eq!(
        policy.skip_rules().len() + policy.override_rules().len(),
        1000
    );
    let functions = functions();
    let subjects: Vec<Subject<'_>> = functions
        .iter()
        .map(|f| Subject {
            name: &f.name,
            arn: &f.arn,
            account: &f.account,
            region: f.region,
            tags: Some(&f.tags),
            package_type: Some(PackageType::Image),
        })
        .collect();
    let skipped = subjects
        .iter()
        .filter(|s| policy.decide(s).is_skip())
        .count();
    eprintln!(
        "{} functions, {skipped} skipped, {} scanned",
        subjects.len(),
        subjects.len() - skipped
    );

    let mut group = c.benchmark_group("decide");
    group.throughput(Throughput::Elements(subjects.len() as u64));
    group.bench_function("1000-rules-x-1000-functions", |b| {
        b.iter(|| {
            for subject in &subjects {
                black_box(policy.decide(black_box(subject)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
