//! `s3://bucket/key` references (the policy object, result locations).

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Uri {
    pub bucket: String,
    pub key: String,
}

#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not an S3 URI of the form s3://bucket/key")]
pub struct S3UriError(String);

impl FromStr for S3Uri {
    type Err = S3UriError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let rest = s
            .strip_prefix("s3://")
            .ok_or_else(|| S3UriError(s.into()))?;
        match rest.split_once('/') {
            Some((bucket, key)) if !bucket.is_empty() && !key.is_empty() => Ok(S3Uri {
                bucket: bucket.into(),
                key: key.into(),
            }),
            _ => Err(S3UriError(s.into())),
        }
    }
}

impl fmt::Display for S3Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bucket_and_nested_key() {
        let uri: S3Uri = "s3://policies/lambda-qscanner/policy.toml".parse().unwrap();
        assert_eq!(uri.bucket, "policies");
        assert_eq!(uri.key, "lambda-qscanner/policy.toml");
        assert_eq!(uri.to_string(), "s3://policies/lambda-qscanner/policy.toml");
    }

    #[test]
    fn rejects_missing_scheme_bucket_or_key() {
        for bad in [
            "policies/policy.toml",
            "s3://",
            "s3://bucket",
            "s3://bucket/",
            "s3:///key",
        ] {
            assert!(bad.parse::<S3Uri>().is_err(), "{bad} should be rejected");
        }
    }
}
