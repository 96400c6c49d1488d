//! A Lambda function's normalised identity.
//!
//! CloudTrail names a function either by plain name or by full ARN, and the
//! ARN may carry a version or alias qualifier (`:1`, `:$LATEST`). Everything
//! downstream keys on the *unqualified* ARN, whose account and region come
//! from the ARN itself (in hub/spoke they differ from the hub's own).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Identity of one Lambda function, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FunctionId {
    /// `arn:<partition>:lambda:<region>:<account>:function:<name>` (no qualifier).
    pub arn: String,
    pub name: String,
    pub account: String,
    pub region: String,
    /// Version or alias the event named, if any (`1`, `$LATEST`, `live`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FunctionIdError {
    #[error("function reference is empty")]
    Empty,
    #[error("{0:?} is not a Lambda function ARN (expected arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>])")]
    NotAFunctionArn(String),
    #[error("account id {0:?} in function reference is not 12 digits")]
    BadAccount(String),
    #[error("function name {0:?} is not a valid Lambda function name (1-64 of letters, digits, '-' and '_')")]
    BadName(String),
    #[error("region {0:?} is not an AWS region name (like eu-west-1)")]
    BadRegion(String),
    #[error("partition {partition:?} does not hold region {region:?} (expected {expected:?})")]
    PartitionMismatch {
        partition: String,
        region: String,
        expected: &'static str,
    },
    #[error("qualifier {0:?} is neither $LATEST nor a version or alias (1-128 of letters, digits, '-' and '_')")]
    BadQualifier(String),
}

impl FunctionId {
    /// Normalises a function reference as CloudTrail records it.
    ///
    /// `reference` is a name, a partial ARN (`123456789012:function:name`) or
    /// a full ARN, optionally qualified. For plain names the account and
    /// region come from the event envelope (`default_account`,
    /// `default_region`) and the partition from the region.
    pub fn parse(
        reference: &str,
        default_account: &str,
        default_region: &str,
    ) -> Result<Self, FunctionIdError> {
        let reference = reference.trim();
        if reference.is_empty() {
            return Err(FunctionIdError::Empty);
        }
        if reference.starts_with("arn:") {
            return Self::parse_arn(reference);
        }
        let parts: Vec<&str> = reference.split(':').collect();
        let (account, name, qualifier) = match parts.as_slice() {
            [name] => (default_account, *name, None),
            [name, qualifier] => (default_account, *name, Some(*qualifier)),
            [account, "function", name] => (*account, *name, None),
            [account, "function", name, qualifier] => (*account, *name, Some(*qualifier)),
            _ => return Err(FunctionIdError::NotAFunctionArn(reference.to_owned())),
        };
        Self::build(
            partition_for(default_region),
            default_region,
            account,
            name,
            qualifier,
        )
    }

    fn parse_arn(arn: &str) -> Result<Self, FunctionIdError> {
        let bad = || FunctionIdError::NotAFunctionArn(arn.to_owned());
        let parts: Vec<&str> = arn.split(':').collect();
        match parts.as_slice() {
            ["arn", partition, "lambda", region, account, "function", name, rest @ ..]
                if rest.len() <= 1 && !region.is_empty() =>
            {
                Self::build(partition, region, account, name, rest.first().copied())
            }
            _ => Err(bad()),
        }
    }

    fn build(
        partition: &str,
        region: &str,
        account: &str,
        name: &str,
        qualifier: Option<&str>,
    ) -> Result<Self, FunctionIdError> {
        // Shape only: the known-region table arrives with the contracts
        // identity work; until then a syntactic region and the partition
        // that region implies keep paths, hosts and newlines out of ARNs.
        if !region_shaped(region) {
            return Err(FunctionIdError::BadRegion(region.to_owned()));
        }
        let expected = partition_for(region);
        if partition != expected {
            return Err(FunctionIdError::PartitionMismatch {
                partition: partition.to_owned(),
                region: region.to_owned(),
                expected,
            });
        }
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FunctionIdError::BadAccount(account.to_owned()));
        }
        let name_ok = (1..=64).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !name_ok {
            return Err(FunctionIdError::BadName(name.to_owned()));
        }
        let qualifier = qualifier.filter(|q| !q.is_empty());
        if let Some(q) = qualifier {
            let ok = q == "$LATEST"
                || ((1..=128).contains(&q.len())
                    && q.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            if !ok {
                return Err(FunctionIdError::BadQualifier(q.to_owned()));
            }
        }
        Ok(FunctionId {
            arn: format!("arn:{partition}:lambda:{region}:{account}:function:{name}"),
            name: name.to_owned(),
            account: account.to_owned(),
            region: region.to_owned(),
            qualifier: qualifier.map(str::to_owned),
        })
    }

    /// The partition segment of the ARN (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn partition(&self) -> &str {
        self.arn.split(':').nth(1).unwrap_or("aws")
    }
}

/// `xx-name-N` (`eu-west-1`, `us-gov-east-1`): lower-case words and a number.
fn region_shaped(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    match parts.as_slice() {
        [first, middle @ .., number] if !middle.is_empty() => {
            first.len() == 2
                && first.bytes().all(|b| b.is_ascii_lowercase())
                && middle
                    .iter()
                    .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
                && (1..=2).contains(&number.len())
                && number.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// The ARN partition a region belongs to.
pub fn partition_for(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

impl fmt::Display for FunctionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.arn)
    }
}

/// How a function is packaged (`GetFunction` `PackageType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum PackageType {
    Image,
    Zip,
}

impl PackageType {
    pub fn as_str(self) -> &'static str {
        match self {
            PackageType::Image => "Image",
            PackageType::Zip => "Zip",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "111111111111";
    const REGION: &str = "eu-west-1";

    #[test]
    fn plain_name_takes_account_and_region_from_the_envelope() {
        let id = FunctionId::parse("orders-api", ACCOUNT, REGION).unwrap();
        assert_eq!(
            id.arn,
            "arn:aws:lambda:eu-west-1:111111111111:function:orders-api"
        );
        assert_eq!(id.qualifier, None);
    }

    #[test]
    fn full_arn_keeps_its_own_account_and_region_and_drops_the_qualifier() {
        let id = FunctionId::parse(
            "arn:aws:lambda:us-east-2:222222222222:function:billing:7",
            ACCOUNT,
            REGION,
        )
        .unwrap();
        assert_eq!(
            id.arn,
            "arn:aws:lambda:us-east-2:222222222222:function:billing"
        );
        assert_eq!(
            (id.account.as_str(), id.region.as_str()),
            ("222222222222", "us-east-2")
        );
        assert_eq!(id.qualifier.as_deref(), Some("7"));
    }

    #[test]
    fn latest_qualifier_and_partial_arn_are_understood() {
        let id = FunctionId::parse("orders:$LATEST", ACCOUNT, REGION).unwrap();
        assert_eq!(id.qualifier.as_deref(), Some("$LATEST"));
        let id = FunctionId::parse("333333333333:function:x", ACCOUNT, "cn-north-1").unwrap();
        assert_eq!(
            id.arn,
            "arn:aws-cn:lambda:cn-north-1:333333333333:function:x"
        );
    }

    #[test]
    fn rejects_non_function_arns_bad_accounts_and_bad_names() {
        assert!(matches!(
            FunctionId::parse("arn:aws:s3:::bucket", ACCOUNT, REGION),
            Err(FunctionIdError::NotAFunctionArn(_))
        ));
        assert!(matches!(
            FunctionId::parse("orders", "12345", REGION),
            Err(FunctionIdError::BadAccount(_))
        ));
        assert!(matches!(
            FunctionId::parse("has space", ACCOUNT, REGION),
            Err(FunctionIdError::BadName(_))
        ));
        assert_eq!(
            FunctionId::parse("  ", ACCOUNT, REGION),
            Err(FunctionIdError::Empty)
        );
    }

    #[test]
    fn rejects_bogus_partitions_regions_and_qualifiers() {
        let arn = |partition: &str, region: &str| {
            format!("arn:{partition}:lambda:{region}:222222222222:function:f")
        };
        for region in [
            "../../etc",
            "attacker.example/x#",
            "",
            "us-east-1\n",
            "US-EAST-1",
            "east-1",
        ] {
            assert!(
                matches!(
                    FunctionId::parse(&arn("aws", region), ACCOUNT, REGION),
                    Err(FunctionIdError::BadRegion(_)) | Err(FunctionIdError::NotAFunctionArn(_))
                ),
                "{region:?} accepted"
            );
        }
        assert!(matches!(
            FunctionId::parse("orders", ACCOUNT, "../../etc"),
            Err(FunctionIdError::BadRegion(_))
        ));
        for (partition, region) in [
            ("evil", "us-east-1"),
            ("aws", "cn-north-1"),
            ("aws-cn", "eu-west-1"),
        ] {
            assert!(
                matches!(
                    FunctionId::parse(&arn(partition, region), ACCOUNT, REGION),
                    Err(FunctionIdError::PartitionMismatch { .. })
                ),
                "{partition}/{region} accepted"
            );
        }
        assert!(matches!(
            FunctionId::parse("orders:v1/../x", ACCOUNT, REGION),
            Err(FunctionIdError::BadQualifier(_))
        ));
        assert!(FunctionId::parse(&arn("aws-us-gov", "us-gov-west-1"), ACCOUNT, REGION).is_ok());
    }
}
