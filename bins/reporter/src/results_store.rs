//! S3: one object per scan under a predictable key, plus a "latest"
//! pointer per function that tools can read without listing.
//!
//! ```text
//! scans/<account>/<region>/<function>/<scan time>-<request id>.json
//! latest/<account>/<region>/<function>.json
//! ```

use aws_sdk_s3::primitives::ByteStream;
use qscan_contracts::{FunctionId, ScanOutcome};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::OffsetDateTime;

const KEY_TIME: &[BorrowedFormatItem<'_>] =
    format_description!("[year]-[month]-[day]T[hour][minute][second]Z");

#[derive(Debug, thiserror::Error)]
#[error("writing s3://{bucket}/{key} failed: {reason}")]
pub struct StoreError {
    pub bucket: String,
    pub key: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct ResultsStore {
    pub client: aws_sdk_s3::Client,
    pub bucket: String,
}

/// The key of one scan's object: colons are left out of the time so the
/// key is safe in every tool, and keys sort chronologically.
pub fn scan_key(function: &FunctionId, scanned_at: OffsetDateTime, request_id: &str) -> String {
    let time = scanned_at
        .to_offset(time::UtcOffset::UTC)
        .format(KEY_TIME)
        .expect("formatting a UTC time cannot fail");
    let request: String = request_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "{}/{time}-{request}.json",
        function_prefix("scans", function)
    )
}

/// The key of a function's latest outcome.
pub fn latest_key(function: &FunctionId) -> String {
    format!("{}.json", function_prefix("latest", function))
}

fn function_prefix(root: &str, function: &FunctionId) -> String {
    format!(
        "{root}/{}/{}/{}",
        function.account, function.region, function.name
    )
}

impl ResultsStore {
    /// Writes the scan object, then the latest pointer. Returns the scan key.
    pub async fn put_outcome(&self, outcome: &ScanOutcome) -> Result<String, StoreError> {
        let body = serde_json::to_vec_pretty(outcome).expect("ScanOutcome serialises");
        let key = scan_key(
            &outcome.function.id,
            outcome.scanned_at,
            &outcome.request_id,
        );
        self.put(&key, body.clone()).await?;
        self.put(&latest_key(&outcome.function.id), body).await?;
        Ok(key)
    }

    async fn put(&self, key: &str, body: Vec<u8>) -> Result<(), StoreError> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type("application/json")
            .body(ByteStream::from(body))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| StoreError {
                bucket: self.bucket.clone(),
                key: key.to_owned(),
                reason: qscan_aws::describe(&e),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_predictable_per_account_region_function_and_time() {
        let function = FunctionId::parse("orders-api", "123456789012", "us-east-1").unwrap();
        let at = time::macros::datetime!(2026-11-29 10:00:05.25 UTC);
        assert_eq!(
            scan_key(&function, at, "0d9a4f5e/x"),
            "scans/123456789012/us-east-1/orders-api/2026-11-29T100005Z-0d9a4f5e_x.json"
        );
        assert_eq!(
            latest_key(&function),
            "latest/123456789012/us-east-1/orders-api.json"
        );
    }
}
