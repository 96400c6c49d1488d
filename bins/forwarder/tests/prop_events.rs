//! Property tests of the event parser through `handle()`: whatever arrives,
//! the forwarder does not panic, never dispatches a request whose identity
//! does not validate or belongs to another account than the envelope's, and
//! drops malformed input with a decision naming where.
//!
//! Bounded for `make test` by proptest's default (256 cases, or
//! `PROPTEST_CASES`); `make fuzz` runs the `prop_` tests longer.

mod support;

use forwarder::sweep::SweepError;
use forwarder::{Action, ForwarderError, Summary};
use proptest::prelude::*;
use serde_json::{Map, Value};
use support::{fixture, forwarder, Recorder, FIXTURES};

/// Runs one input through a fresh forwarder: the summary, what it
/// dispatched to the scanner, and how many metric lines it wrote.
fn run(input: Value) -> (Summary, Vec<Value>, usize) {
    thread_local! {
        static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
    }
    let f = forwarder(Recorder::default());
    let summary = match RUNTIME.with(|runtime| runtime.block_on(f.handle(input))) {
        Ok(summary) => summary,
        // A sweep reaches ListFunctions, which nothing serves here; the
        // recorder never fails, so nothing else may be an error.
        Err(ForwarderError::Sweep(SweepError::List(_))) => Summary::default(),
        Err(other) => panic!("unexpected error: {other}"),
    };
    let metrics = f.metrics.recorded().len();
    let scans = f.dispatch.scans();
    let reports = f.dispatch.reports();
    (summary, scans.into_iter().chain(reports).collect(), metrics)
}

/// `xx-word-N`, checked independently of the code under test.
fn region_ok(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].parse::<u8>().is_ok_and(|n| n < 100)
        && !parts[parts.len() - 1].starts_with('+')
}

/// The identity a dispatched message carries is well formed and owned by
/// the envelope's account.
fn assert_valid_identity(message: &Value, envelope_account: Option<&str>) {
    let f = &message["function"];
    let (arn, name, account, region) = (
        f["arn"].as_str().unwrap(),
        f["name"].as_str().unwrap(),
        f["account"].as_str().unwrap(),
        f["region"].as_str().unwrap(),
    );
    let partition = if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    };
    assert_eq!(
        arn,
        format!("arn:{partition}:lambda:{region}:{account}:function:{name}")
    );
    assert!(region_ok(region), "region {region:?}");
    assert!(account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()));
    assert!(
        (1..=64).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "name {name:?}"
    );
    if let Some(envelope) = envelope_account {
        assert_eq!(account, envelope, "dispatched another account's function");
    }
    if let Some(q) = f.get("qualifier").and_then(Value::as_str) {
        assert!(!q.contains(['/', '\n', ':', '#']), "qualifier {q:?}");
    }
}

/// Every decision is sound: drops name a path and are counted; every
/// dispatched message carries a valid identity.
fn assert_sound(input: &Value, summary: &Summary, sent: &[Value], metrics: usize) {
    let envelope_account = input.get("detail-type").and(input["account"].as_str());
    for message in sent {
        assert_valid_identity(message, envelope_account);
    }
    let drops = summary
        .decisions
        .iter()
        .filter(|d| d.action == Action::Drop)
        .inspect(|d| {
            let path = d.path.as_deref().unwrap_or_default();
            assert!(!path.is_empty(), "drop without a path: {}", d.reason);
        })
        .count();
    assert_eq!(drops, metrics, "each drop is counted once");
    if drops > 0 {
        assert!(sent.is_empty(), "dropped input was dispatched");
    }
}

/// Strings that probe identity parsing: real shapes, traversal, hosts,
/// newlines, multi-byte characters, and random text.
fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("orders-api".to_owned()),
        Just("arn:aws:lambda:us-east-1:123456789012:function:orders-api".to_owned()),
        Just("arn:aws:lambda:us-east-1:123456789012:function:orders-api:$LATEST".to_owned()),
        Just("arn:aws-cn:lambda:cn-north-1:123456789012:function:x".to_owned()),
        Just("123456789012:function:orders-api".to_owned()),
        Just("../../etc".to_owned()),
        Just("attacker.example/x#".to_owned()),
        Just("us-east-1\n".to_owned()),
        Just(String::new()),
        Just("AWS API Call via CloudTrail".to_owned()),
        Just("lambda.amazonaws.com".to_owned()),
        Just("CreateFunction20150331".to_owned()),
        Just("DeleteFunction20150331".to_owned()),
        Just("manual_scan".to_owned()),
        Just("sweep".to_owned()),
        "[a-z0-9:/.#$\\-\n]{0,40}",
        "\\PC{0,30}",
        "[é😀a:]{150,250}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        tricky_string().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(field_name(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Field names the forwarder reads, so random objects reach deep code.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "detail-type",
            "detail",
            "type",
            "version",
            "account",
            "region",
            "id",
            "time",
            "eventSource",
            "eventName",
            "eventID",
            "eventTime",
            "awsRegion",
            "errorCode",
            "requestParameters",
            "responseElements",
            "functionName",
            "functionArn",
            "qualifier",
            "layers",
            "arn",
            "function",
            "resume_after",
        ])
        .prop_map(str::to_owned),
        "[a-z]{1,8}",
    ]
}

/// A path to a field inside the fixture events.
fn field_path() -> impl Strategy<Value = Vec<&'static str>> {
    prop::sample::select(vec![
        vec!["detail-type"],
        vec!["account"],
        vec!["region"],
        vec!["id"],
        vec!["time"],
        vec!["detail"],
        vec!["detail", "eventSource"],
        vec!["detail", "eventName"],
        vec!["detail", "eventID"],
        vec!["detail", "eventTime"],
        vec!["detail", "awsRegion"],
        vec!["detail", "errorCode"],
        vec!["detail", "requestID"],
        vec!["detail", "requestParameters"],
        vec!["detail", "requestParameters", "functionName"],
        vec!["detail", "requestParameters", "qualifier"],
        vec!["detail", "requestParameters", "layers"],
        vec!["detail", "responseElements"],
        vec!["detail", "responseElements", "functionArn"],
        vec!["detail", "responseElements", "packageType"],
        vec!["detail", "responseElements", "layers"],
    ])
}

/// String fields the forwarder decodes: a value of another kind (not
/// null) there must be dropped naming exactly that path.
const STRING_FIELDS: [&str; 10] = [
    "account",
    "region",
    "id",
    "detail.eventSource",
    "detail.eventName",
    "detail.eventID",
    "detail.eventTime",
    "detail.awsRegion",
    "detail.requestParameters.functionName",
    "detail.responseElements.functionArn",
];

fn set(event: &mut Value, path: &[&str], value: Option<Value>) -> bool {
    let (last, parents) = path.split_last().unwrap();
    let mut target = &mut *event;
    for key in parents {
        match target.get_mut(*key) {
            Some(next) if next.is_object() => target = next,
            _ => return false,
        }
    }
    let Some(object) = target.as_object_mut() else {
        return false;
    };
    match value {
        Some(value) => object.insert((*last).to_owned(), value),
        None => object.remove(*last),
    };
    true
}

proptest! {
    #[test]
    fn prop_any_json_is_handled_without_panic_or_invalid_dispatch(input in json_value()) {
        let (summary, sent, metrics) = run(input.clone());
        assert_sound(&input, &summary, &sent, metrics);
    }

    #[test]
    fn prop_mutated_events_never_dispatch_an_invalid_identity(
        fixture_name in prop::sample::select(FIXTURES.to_vec()),
        path in field_path(),
        value in prop::option::of(json_value()),
    ) {
        let mut event = fixture(fixture_name);
        let applied = set(&mut event, &path, value.clone());
        let (summary, sent, metrics) = run(event.clone());
        assert_sound(&event, &summary, &sent, metrics);
        // A wrong-kinded value in a string field is dropped, naming it.
        let dotted = path.join(".");
        let wrong_kind = value.as_ref().is_some_and(|v| !v.is_string() && !v.is_null());
        if applied && wrong_kind && STRING_FIELDS.contains(&dotted.as_str()) {
            let decision = &summary.decisions[0];
            prop_assert_eq!(decision.action, Action::Drop);
            prop_assert_eq!(decision.path.as_deref(), Some(dotted.as_str()), "{}", &decision.reason);
        }
    }

    #[test]
    fn prop_identity_strings_dispatch_only_valid_owned_functions(
        fixture_name in prop::sample::select(vec![
            "create-image-by-name", "update-code-by-arn", "delete", "spoke-update-code",
        ]),
        function in tricky_string(),
        region in tricky_string(),
        account in prop_oneof![Just("123456789012".to_owned()), Just("222222222222".to_owned()), tricky_string()],
    ) {
        let mut event = fixture(fixture_name);
        set(&mut event, &["detail", "responseElements", "functionArn"], Some(Value::from(function.clone())));
        set(&mut event, &["detail", "requestParameters", "functionName"], Some(Value::from(function)));
        set(&mut event, &["detail", "awsRegion"], Some(Value::from(region)));
        set(&mut event, &["account"], Some(Value::from(account)));
        let (summary, sent, metrics) = run(event.clone());
        assert_sound(&event, &summary, &sent, metrics);
        let decision = &summary.decisions[0];
        prop_assert!(
            matches!(decision.action, Action::Scan | Action::Archive | Action::Drop | Action::Ignore),
            "{:?}", decision
        );
    }
}
