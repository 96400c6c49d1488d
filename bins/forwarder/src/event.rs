//! The "AWS API Call via CloudTrail" event for Lambda, typed only as far as
//! the pipeline reads it.
//!
//! CloudTrail documents most record fields as optional (`requestID` among
//! them), and `aws_lambda_events`' `AWSAPICall` makes them required strings:
//! a real event without one would be refused. So the envelope is
//! `aws_lambda_events`' `EventBridgeEvent`, and the `detail` is this crate's
//! own small struct: `eventSource` and `eventName` are required (nothing can
//! be decided without them), everything else is optional and checked where
//! it is used (see `cloudtrail.rs`).

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use qscan_contracts::PackageType;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A Lambda management event as EventBridge delivers it.
pub type LambdaApiCall = EventBridgeEvent<ApiCallDetail>;

/// The parts of the CloudTrail record (`detail`) the pipeline reads.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiCallDetail {
    pub event_source: String,
    pub event_name: String,
    /// Orders events; clamped to the forwarder's clock.
    pub event_time: Option<String>,
    /// Falls back to the envelope `id` when missing.
    #[serde(rename = "eventID")]
    pub event_id: Option<String>,
    /// The region for a function named by plain name (else the envelope's).
    pub aws_region: Option<String>,
    /// Any value here, string or not, means the call failed.
    pub error_code: Option<Value>,
    pub request_parameters: Option<RequestParameters>,
    pub response_elements: Option<ResponseElements>,
}

/// The parts of `requestParameters` the pipeline reads.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestParameters {
    pub function_name: Option<String>,
    pub qualifier: Option<String>,
    /// Only whether the call set layers matters, not what it set.
    pub layers: Option<Value>,
}

/// The parts of `responseElements` the pipeline reads: the ARN, and hints
/// the scanner re-reads with `GetFunction` anyway.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseElements {
    pub function_arn: Option<String>,
    pub code_sha256: Option<String>,
    /// A hint: a value this build does not know is no package type.
    pub package_type: Option<String>,
    pub layers: Option<Vec<LayerRef>>,
}

impl ResponseElements {
    pub fn package_type(&self) -> Option<PackageType> {
        match self.package_type.as_deref() {
            Some("Image") => Some(PackageType::Image),
            Some("Zip") => Some(PackageType::Zip),
            _ => None,
        }
    }

    pub fn layer_arns(&self) -> Vec<String> {
        self.layers
            .iter()
            .flatten()
            .map(|layer| layer.arn.clone())
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct LayerRef {
    pub arn: String,
}

/// `text` cut to at most `max` bytes on a character boundary, marked when
/// cut: event values reach logs and errors, and an event may hold anything.
pub fn bounded(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::bounded;

    #[test]
    fn bounded_never_splits_a_character() {
        // 'é' is two bytes: every cut point in the middle of one must back off.
        let text = "é".repeat(150);
        for max in 0..text.len() {
            let cut = bounded(&text, max);
            assert!(cut.len() <= max + '…'.len_utf8(), "{max}");
            assert!(cut.ends_with('…'));
        }
        assert_eq!(bounded("short", 200), "short");
    }
}
