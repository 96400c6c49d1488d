//! Property tests of the report parser and the output scrubber (issue 7).
//!
//! Named `prop_*` so `make fuzz` finds them (see mk/fuzz.mk); `make test`
//! runs each with proptest's default 256 cases, or `PROPTEST_CASES`.
//!
//! Invariants: parsing never panics; a report parses only when every run has
//! an explicit `results` array and no invocation says it failed; every
//! finding has a QID; every kept string is within its limit; error messages
//! stay short; no secret survives the scrubber, however the output is
//! chunked and wherever the tail is cut.

use proptest::prelude::*;
use serde_json::{json, Map, Value};

use qscan_qscanner::sarif::limits::{
    cut_key, cut_text, MAX_DESCRIPTION, MAX_ID, MAX_PACKAGE_FIELD, MAX_SHORT_TEXT, MAX_TITLE,
};
use qscan_qscanner::{parse_sarif, scrub, ScrubbedTail, Secret, TAIL_BYTES};

/// Longest error message a report can cause: paths, a QID, a quoted value.
const MAX_ERROR: usize = 512;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => "\\PC{0,24}",
        2 => Just(String::new()),
        1 => (any::<char>(), 0..5_000usize).prop_map(|(c, n)| c.to_string().repeat(n)),
    ]
}

fn qid() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (100_000..100_010u32).prop_map(|n| json!(n.to_string())),
        1 => Just(json!("")),
        1 => Just(json!(" ")),
        1 => Just(json!(180_207)),
        1 => "[0-9]{60,70}".prop_map(Value::String),
    ]
}

fn severity() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0..8u8).prop_map(|n| json!(n)),
        (0..8u8).prop_map(|n| json!(n.to_string())),
        prop::sample::select(vec!["High", "critical", "severe", ""]).prop_map(|s| json!(s)),
        Just(json!(4.5)),
    ]
}

/// A field that is absent, null, or `value`.
fn maybe(value: impl Strategy<Value = Value>) -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Value::Null)),
        4 => value.prop_map(Some),
    ]
}

fn object(fields: Vec<(&'static str, Option<Value>)>) -> Value {
    let map: Map<String, Value> = fields
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_owned(), v?)))
        .collect();
    Value::Object(map)
}

fn package() -> impl Strategy<Value = Value> {
    (
        maybe(text().prop_map(Value::String)),
        text(),
        maybe(text().prop_map(Value::String)),
        text(),
    )
        .prop_map(|(name, version, fixed, path)| {
            object(vec![
                ("name", name),
                ("installedVersion", Some(json!(version))),
                ("fixedVersion", fixed),
                ("path", Some(json!(path))),
                ("layerSHA", Some(json!(format!("sha256:{path}")))),
            ])
        })
}

fn rule() -> impl Strategy<Value = Value> {
    (
        qid(),
        text(),
        text(),
        maybe(severity()),
        prop::collection::vec("CVE-[0-9]{4}-[0-9]{1,70}", 0..3),
    )
        .prop_map(|(id, short, full, severity, cves)| {
            json!({"id": id, "shortDescription": {"text": short}, "fullDescription": {"text": full},
                   "properties": object(vec![("severity", severity), ("cve-ids", Some(json!(cves))),
                                             ("category", Some(json!(short)))])})
        })
}

fn result() -> impl Strategy<Value = Value> {
    (
        maybe(qid()),
        maybe(qid()),
        maybe(severity()),
        prop::collection::vec(package(), 0..3),
        text(),
        maybe(
            prop::sample::select(vec!["error", "warning", "note", "none", "fatal"])
                .prop_map(|l| json!(l)),
        ),
    )
        .prop_map(|(rule_id, prop_qid, severity, packages, message, level)| {
            object(vec![
                ("ruleId", rule_id),
                ("level", level),
                ("message", Some(json!({"text": message}))),
                (
                    "properties",
                    Some(object(vec![
                        ("QID", prop_qid),
                        ("severity", severity),
                        ("vulnerableSoftware", Some(json!(packages))),
                    ])),
                ),
            ])
        })
}

fn invocations() -> impl Strategy<Value = Option<Value>> {
    maybe(
        prop::collection::vec(
            maybe(any::<bool>().prop_map(Value::Bool))
                .prop_map(|ok| object(vec![("executionSuccessful", ok)])),
            0..3,
        )
        .prop_map(Value::Array),
    )
}

fn run() -> impl Strategy<Value = Value> {
    let results = prop_oneof![
        1 => Just(None),
        1 => Just(Some(Value::Null)),
        1 => Just(Some(json!({}))),
        6 => prop::collection::vec(result(), 0..6).prop_map(|r| Some(Value::Array(r))),
    ];
    (prop::collection::vec(rule(), 0..4), results, invocations()).prop_map(
        |(rules, results, inv)| {
            object(vec![
                (
                    "tool",
                    Some(
                        json!({"driver": {"name": "QScanner", "version": "4.8.0", "rules": rules}}),
                    ),
                ),
                ("results", results),
                ("invocations", inv),
            ])
        },
    )
}

fn sarif() -> impl Strategy<Value = Value> {
    prop::collection::vec(run(), 0..3).prop_map(|runs| json!({"version": "2.1.0", "runs": runs}))
}

/// Any JSON, keyed often like SARIF so it gets past the first checks.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        text().prop_map(Value::String),
    ];
    let keys = prop::sample::select(vec![
        "runs",
        "results",
        "tool",
        "driver",
        "rules",
        "id",
        "ruleId",
        "ruleIndex",
        "properties",
        "QID",
        "severity",
        "customerSeverity",
        "cve-ids",
        "qds",
        "cvss3",
        "vulnerableSoftware",
        "name",
        "invocations",
        "executionSuccessful",
        "text",
        "level",
        "other",
    ]);
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

/// True when `sarif` says every run completed with an explicit results list.
fn says_complete(sarif: &Value) -> bool {
    let Some(runs) = sarif.get("runs").and_then(Value::as_array) else {
        return false;
    };
    !runs.is_empty()
        && runs.iter().all(|run| {
            run.get("results").is_some_and(Value::is_array)
                && run
                    .get("invocations")
                    .and_then(Value::as_array)
                    .is_none_or(|inv| inv.iter().all(|i| i["executionSuccessful"] == json!(true)))
        })
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Checks the parser's invariants on any input.
fn check_report(sarif: &Value) -> Result<(), TestCaseError> {
    match parse_sarif(sarif) {
        Ok(findings) => {
            prop_assert!(
                says_complete(sarif),
                "clean result from a report that does not say it completed: {sarif}"
            );
            for f in &findings {
                prop_assert!(
                    !f.qid.trim().is_empty() && chars(&f.qid) <= MAX_ID,
                    "qid {:?}",
                    f.qid
                );
                prop_assert!((1..=5).contains(&f.qualys_severity));
                prop_assert!(chars(&f.title) <= MAX_TITLE);
                prop_assert!(f
                    .description
                    .as_deref()
                    .is_none_or(|d| chars(d) <= MAX_DESCRIPTION));
                prop_assert!(f
                    .category
                    .as_deref()
                    .is_none_or(|c| chars(c) <= MAX_SHORT_TEXT));
                prop_assert!(f
                    .cvss3_vector
                    .as_deref()
                    .is_none_or(|v| chars(v) <= MAX_SHORT_TEXT));
                prop_assert!(f.cves.iter().all(|c| chars(c) <= MAX_ID));
                for p in &f.packages {
                    for field in [
                        Some(&p.name),
                        Some(&p.installed_version),
                        p.fixed_version.as_ref(),
                        p.path.as_ref(),
                        p.layer_sha.as_ref(),
                    ]
                    .into_iter()
                    .flatten()
                    {
                        prop_assert!(chars(field) <= MAX_PACKAGE_FIELD);
                    }
                }
            }
        }
        Err(error) => {
            let message = error.to_string();
            prop_assert!(
                chars(&message) <= MAX_ERROR,
                "{} chars: {message}",
                chars(&message)
            );
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn prop_sarif_shaped_reports_keep_every_invariant(sarif in sarif()) {
        check_report(&sarif)?;
    }

    #[test]
    fn prop_any_json_never_panics_the_parser(value in any_json()) {
        check_report(&value)?;
        check_report(&json!({"runs": [value]}))?;
    }

    #[test]
    fn prop_cuts_are_bounded_prefixes(s in text(), max in 0..600usize) {
        let cut = cut_text(&s, max);
        prop_assert!(chars(&cut) <= max.max(1));
        prop_assert!(cut == s || s.starts_with(cut.trim_end_matches('…')));
        let key = cut_key(&s, max.max(20));
        prop_assert!(chars(&key) <= max.max(20));
    }

    #[test]
    fn prop_no_secret_survives_the_scrubber(
        secrets in prop::collection::vec("[A-Za-z0-9/+=_-]{4,40}", 1..4),
        pieces in prop::collection::vec((0..5usize, "[ -~]{0,100}"), 0..20),
        // Short streams, and streams whose cut falls among the pieces.
        pad in prop_oneof![0..100usize, TAIL_BYTES - 1_000..TAIL_BYTES],
        chunk in prop_oneof![1..64usize, 64..5_000usize],
    ) {
        let secrets: Vec<Secret> = secrets.into_iter().map(Secret::new).collect();
        // Printable ASCII without '*' never forms a secret with the mask.
        let mut stream = "x".repeat(pad);
        for (pick, filler) in &pieces {
            stream.push_str(&filler.replace('*', "."));
            if let Some(secret) = secrets.get(*pick) {
                stream.push_str(secret.expose());
            }
        }
        let whole = scrub(&stream, &secrets);
        let mut tail = ScrubbedTail::new(&secrets);
        for piece in stream.as_bytes().chunks(chunk) {
            tail.push(piece);
        }
        let tail = tail.finish();
        for secret in &secrets {
            prop_assert!(!whole.contains(secret.expose()));
            prop_assert!(!tail.contains(secret.expose()));
        }
        // However it was chunked, the tail is the end of the scrubbed whole.
        let end = &whole.as_bytes()[whole.len().saturating_sub(TAIL_BYTES)..];
        prop_assert_eq!(tail.as_str(), std::str::from_utf8(end).unwrap().trim());
    }
}
