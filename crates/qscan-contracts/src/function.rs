//! A Lambda function's normalised identity.
//!
//! CloudTrail names a function either by plain name or by full ARN, and the
//! ARN may carry a version or alias qualifier (`:1`, `:$LATEST`). Everything
//! downstream keys on the *unqualified* ARN, whose account and region come
//! from the ARN itself (in hub/spoke they differ from the hub's own).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::regions::{self, is_account_id, is_function_name, is_partition, is_qualifier};

/// Identity of one Lambda function, normalised and validated: a known
/// partition, a region of that partition, a 12-digit account and a name
/// Lambda accepts. [`FunctionId::parse`] and deserialisation are the only
/// ways in from outside, and both check all of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "FunctionIdFields")]
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

/// A [`FunctionId`] as a message carries it, before validation.
#[derive(Deserialize)]
struct FunctionIdFields {
    arn: String,
    name: String,
    account: String,
    region: String,
    #[serde(default)]
    qualifier: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FunctionIdError {
    #[error("function reference is empty")]
    Empty,
    #[error("function reference {0:?} contains a control character")]
    ControlCharacter(String),
    #[error("{0:?} is not a Lambda function ARN (expected arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>])")]
    NotAFunctionArn(String),
    #[error("unknown ARN partition {partition:?} in function reference {reference:?} (known: {known})", known = regions::PARTITIONS.join(", "))]
    UnknownPartition {
        partition: String,
        reference: String,
    },
    #[error("unknown AWS region {region:?} for function reference {reference:?}")]
    UnknownRegion { region: String, reference: String },
    #[error("region {region:?} is in partition {expected:?}, not {partition:?}, in function reference {reference:?}")]
    RegionOutsidePartition {
        region: String,
        partition: String,
        expected: &'static str,
        reference: String,
    },
    #[error("account id {account:?} in function reference {reference:?} is not 12 digits")]
    BadAccount { account: String, reference: String },
    #[error("function name {name:?} in function reference {reference:?} is not a valid Lambda function name (1-64 of letters, digits, '-' and '_')")]
    BadName { name: String, reference: String },
    #[error("qualifier {qualifier:?} in function reference {reference:?} is not a Lambda version or alias (1-128 of letters, digits, '-', '_' and '$')")]
    BadQualifier {
        qualifier: String,
        reference: String,
    },
    #[error("function identity {arn:?} disagrees with its own {field} {value:?}")]
    Inconsistent {
        arn: String,
        field: &'static str,
        value: String,
    },
}

impl FunctionId {
    /// Normalises and validates a function reference as CloudTrail records it.
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
        if reference.chars().any(char::is_control) {
            return Err(FunctionIdError::ControlCharacter(reference.to_owned()));
        }
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
        let partition = regions::region(default_region)
            .map(|r| r.partition)
            .ok_or_else(|| FunctionIdError::UnknownRegion {
                region: default_region.to_owned(),
                reference: reference.to_owned(),
            })?;
        Self::build(
            reference,
            Parts {
                partition,
                region: default_region,
                account,
                name,
                qualifier,
            },
        )
    }

    fn parse_arn(arn: &str) -> Result<Self, FunctionIdError> {
        let parts: Vec<&str> = arn.split(':').collect();
        match parts.as_slice() {
            ["arn", partition, "lambda", region, account, "function", name, rest @ ..]
                if rest.len() <= 1 =>
            {
                let parts = Parts {
                    partition,
                    region,
                    account,
                    name,
                    qualifier: rest.first().copied(),
                };
                Self::build(arn, parts)
            }
            _ => Err(FunctionIdError::NotAFunctionArn(arn.to_owned())),
        }
    }

    fn build(reference: &str, p: Parts<'_>) -> Result<Self, FunctionIdError> {
        let reference = || reference.to_owned();
        if !is_partition(p.partition) {
            return Err(FunctionIdError::UnknownPartition {
                partition: p.partition.to_owned(),
                reference: reference(),
            });
        }
        let region = regions::region(p.region).ok_or_else(|| FunctionIdError::UnknownRegion {
            region: p.region.to_owned(),
            reference: reference(),
        })?;
        if region.partition != p.partition {
            return Err(FunctionIdError::RegionOutsidePartition {
                region: p.region.to_owned(),
                partition: p.partition.to_owned(),
                expected: region.partition,
                reference: reference(),
            });
        }
        if !is_account_id(p.account) {
            return Err(FunctionIdError::BadAccount {
                account: p.account.to_owned(),
                reference: reference(),
            });
        }
        if !is_function_name(p.name) {
            return Err(FunctionIdError::BadName {
                name: p.name.to_owned(),
                reference: reference(),
            });
        }
        let qualifier = p.qualifier.filter(|q| !q.is_empty());
        if let Some(q) = qualifier.filter(|q| !is_qualifier(q)) {
            return Err(FunctionIdError::BadQualifier {
                qualifier: q.to_owned(),
                reference: reference(),
            });
        }
        Ok(FunctionId {
            arn: format!(
                "arn:{}:lambda:{}:{}:function:{}",
                p.partition, p.region, p.account, p.name
            ),
            name: p.name.to_owned(),
            account: p.account.to_owned(),
            region: p.region.to_owned(),
            qualifier: qualifier.map(str::to_owned),
        })
    }

    /// The partition segment of the ARN (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn partition(&self) -> &str {
        self.arn.split(':').nth(1).unwrap_or("aws")
    }
}

/// The pieces of a reference, before validation.
struct Parts<'a> {
    partition: &'a str,
    region: &'a str,
    account: &'a str,
    name: &'a str,
    qualifier: Option<&'a str>,
}

/// A message's identity is validated like a parsed one, and its fields must
/// be the ones its ARN says: nothing downstream re-checks them.
impl TryFrom<FunctionIdFields> for FunctionId {
    type Error = FunctionIdError;

    fn try_from(fields: FunctionIdFields) -> Result<Self, Self::Error> {
        if fields.arn.chars().any(char::is_control) {
            return Err(FunctionIdError::ControlCharacter(fields.arn));
        }
        if !fields.arn.starts_with("arn:") {
            return Err(FunctionIdError::NotAFunctionArn(fields.arn));
        }
        let mut id = Self::parse_arn(&fields.arn)?;
        if id.qualifier.is_some() {
            // The ARN a message carries is the unqualified one.
            return Err(FunctionIdError::NotAFunctionArn(fields.arn));
        }
        for (field, value, expected) in [
            ("name", &fields.name, &id.name),
            ("account", &fields.account, &id.account),
            ("region", &fields.region, &id.region),
        ] {
            if value != expected {
                return Err(FunctionIdError::Inconsistent {
                    arn: fields.arn.clone(),
                    field,
                    value: value.clone(),
                });
            }
        }
        let qualifier = fields.qualifier.filter(|q| !q.is_empty());
        if let Some(q) = qualifier.as_deref().filter(|q| !is_qualifier(q)) {
            return Err(FunctionIdError::BadQualifier {
                qualifier: q.to_owned(),
                reference: fields.arn.clone(),
            });
        }
        id.qualifier = qualifier;
        Ok(id)
    }
}

/// The ARN partition a region belongs to, from the one region table.
///
/// A [`FunctionId`] only ever holds a known region, so for its region this
/// is exact; for a region missing from the table it answers `aws`.
pub fn partition_for(region: &str) -> &'static str {
    regions::region(region).map_or("aws", |r| r.partition)
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
            Err(FunctionIdError::BadAccount { .. })
        ));
        assert!(matches!(
            FunctionId::parse("has space", ACCOUNT, REGION),
            Err(FunctionIdError::BadName { .. })
        ));
        assert_eq!(
            FunctionId::parse("  ", ACCOUNT, REGION),
            Err(FunctionIdError::Empty)
        );
    }

    /// Each of these was accepted and dispatched before identities were
    /// validated (issue 7, item 6); the error names the offending part.
    #[test]
    fn hostile_references_are_refused_naming_what_is_wrong() {
        let arn = |partition: &str, region: &str, name: &str| {
            format!("arn:{partition}:lambda:{region}:{ACCOUNT}:function:{name}")
        };
        let cases: Vec<(String, &str, &str)> = vec![
            (
                arn("aws", "../../etc", "x"),
                REGION,
                "unknown AWS region \"../../etc\"",
            ),
            (arn("aws", "", "x"), REGION, "unknown AWS region \"\""),
            (
                arn("aws", REGION, "attacker.example/x#"),
                REGION,
                "function name \"attacker.example/x#\"",
            ),
            (
                arn("bogus", REGION, "x"),
                REGION,
                "unknown ARN partition \"bogus\"",
            ),
            (
                arn("aws-cn", REGION, "x"),
                REGION,
                "is in partition \"aws\", not \"aws-cn\"",
            ),
            (
                arn("aws", "cn-north-1", "x"),
                REGION,
                "is in partition \"aws-cn\", not \"aws\"",
            ),
            (
                format!("{}\n", arn("aws", REGION, "x")),
                REGION,
                "control character",
            ),
            (
                arn("aws", "eu-west-1\nINJECTED", "x"),
                REGION,
                "control character",
            ),
            (
                format!("{}:a/b", arn("aws", REGION, "x")),
                REGION,
                "qualifier \"a/b\"",
            ),
            ("orders".to_owned(), "", "unknown AWS region \"\""),
            (
                "orders".to_owned(),
                "../../etc",
                "unknown AWS region \"../../etc\"",
            ),
            (
                "../../etc".to_owned(),
                REGION,
                "function name \"../../etc\"",
            ),
        ];
        for (reference, region, expected) in cases {
            let err = FunctionId::parse(&reference, ACCOUNT, region)
                .expect_err(&reference)
                .to_string();
            assert!(err.contains(expected), "{reference:?}: {err}");
        }
    }

    #[test]
    fn every_known_region_builds_an_arn_in_its_own_partition() {
        for r in regions::REGIONS {
            let id = FunctionId::parse("x", ACCOUNT, r.name).unwrap();
            assert_eq!(id.partition(), r.partition);
            assert_eq!(partition_for(r.name), r.partition);
            assert_eq!(FunctionId::parse(&id.arn, "", "").unwrap(), id);
        }
    }

    #[test]
    fn a_deserialised_identity_is_validated_and_must_agree_with_its_arn() {
        let good = FunctionId::parse("orders:live", ACCOUNT, REGION).unwrap();
        let json = serde_json::to_value(&good).unwrap();
        assert_eq!(
            serde_json::from_value::<FunctionId>(json.clone()).unwrap(),
            good
        );

        let tampered = |field: &str, value: &str| {
            let mut v = json.clone();
            v[field] = serde_json::Value::from(value);
            serde_json::from_value::<FunctionId>(v)
                .unwrap_err()
                .to_string()
        };
        assert!(tampered("region", "us-east-1").contains("disagrees with its own region"));
        assert!(tampered("account", "222222222222").contains("own account"));
        assert!(tampered("name", "other").contains("own name"));
        assert!(tampered(
            "arn",
            "arn:aws:lambda:../../etc:111111111111:function:orders"
        )
        .contains("unknown AWS region"));
        assert!(tampered(
            "arn",
            "arn:aws:lambda:eu-west-1:111111111111:function:orders:7"
        )
        .contains("not a Lambda function ARN"));
        assert!(tampered("qualifier", "a\nb").contains("qualifier"));
    }
}
