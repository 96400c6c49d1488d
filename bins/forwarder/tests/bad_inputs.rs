//! The bad-input corpus (tests/fixtures/bad): each file is an input the
//! forwarder must drop, with the JSON path and the error text it must give.
//! Every one must end as one `drop` decision naming what and where, one
//! `DroppedEvents` metric, and nothing dispatched.

mod support;

use forwarder::metrics::DROPPED_EVENTS;
use forwarder::Action;
use serde_json::Value;
use support::{forwarder, Recorder};

include!(concat!(env!("OUT_DIR"), "/bad_inputs.rs"));

#[test]
fn every_bad_input_is_dropped_naming_what_and_where_and_nothing_is_dispatched() {
    assert!(
        BAD_INPUTS.len() >= 50,
        "only {} bad inputs",
        BAD_INPUTS.len()
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut wrong = Vec::new();
    for (name, text) in BAD_INPUTS {
        let case: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (path, error) = (&case["expect"]["path"], &case["expect"]["error"]);
        let f = forwarder(Recorder::default());
        let summary = match runtime.block_on(f.handle(case["input"].clone())) {
            Ok(summary) => summary,
            Err(e) => {
                wrong.push(format!(
                    "{name}: returned an error instead of dropping: {e}"
                ));
                continue;
            }
        };
        let [decision] = summary.decisions.as_slice() else {
            wrong.push(format!("{name}: {} decisions", summary.decisions.len()));
            continue;
        };
        if decision.action != Action::Drop {
            wrong.push(format!(
                "{name}: {:?}: {}",
                decision.action, decision.reason
            ));
        }
        if decision.path.as_deref() != path.as_str() {
            wrong.push(format!("{name}: path {:?}, expected {path}", decision.path));
        }
        if !decision.reason.contains(error.as_str().unwrap_or("?")) {
            wrong.push(format!(
                "{name}: reason {:?} lacks {error}",
                decision.reason
            ));
        }
        if !f.dispatch.nothing_sent() {
            wrong.push(format!("{name}: something was dispatched"));
        }
        let metrics = f.metrics.recorded();
        if metrics.len() != 1 || metrics[0][DROPPED_EVENTS] != 1 {
            wrong.push(format!("{name}: metrics {metrics:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
