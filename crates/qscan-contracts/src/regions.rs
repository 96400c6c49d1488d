//! The AWS partitions and regions, and the shape of the other parts of a
//! Lambda function's identity: the one table and the one set of checks that
//! the contracts, the policy, the ASFF mapper and the forwarder all use.
//!
//! A built-in list, so validation needs no network and no credentials. A
//! region AWS opens after this list was written is reported as unknown until
//! it is added here (one line), which is the safer failure: a typo such as
//! `eu-west1` would otherwise silently never match, and a region such as
//! `../../etc` would reach S3 keys and log lines.

/// One AWS region and the ARN partition it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub name: &'static str,
    pub partition: &'static str,
}

const fn r(name: &'static str, partition: &'static str) -> Region {
    Region { name, partition }
}

/// Every region, commercial and otherwise, in which Lambda runs.
pub const REGIONS: &[Region] = &[
    r("us-east-1", "aws"),
    r("us-east-2", "aws"),
    r("us-west-1", "aws"),
    r("us-west-2", "aws"),
    r("af-south-1", "aws"),
    r("ap-east-1", "aws"),
    r("ap-east-2", "aws"),
    r("ap-south-1", "aws"),
    r("ap-south-2", "aws"),
    r("ap-northeast-1", "aws"),
    r("ap-northeast-2", "aws"),
    r("ap-northeast-3", "aws"),
    r("ap-southeast-1", "aws"),
    r("ap-southeast-2", "aws"),
    r("ap-southeast-3", "aws"),
    r("ap-southeast-4", "aws"),
    r("ap-southeast-5", "aws"),
    r("ap-southeast-6", "aws"),
    r("ap-southeast-7", "aws"),
    r("ca-central-1", "aws"),
    r("ca-west-1", "aws"),
    r("eu-central-1", "aws"),
    r("eu-central-2", "aws"),
    r("eu-west-1", "aws"),
    r("eu-west-2", "aws"),
    r("eu-west-3", "aws"),
    r("eu-south-1", "aws"),
    r("eu-south-2", "aws"),
    r("eu-north-1", "aws"),
    r("il-central-1", "aws"),
    r("me-south-1", "aws"),
    r("me-central-1", "aws"),
    r("mx-central-1", "aws"),
    r("sa-east-1", "aws"),
    r("cn-north-1", "aws-cn"),
    r("cn-northwest-1", "aws-cn"),
    r("us-gov-east-1", "aws-us-gov"),
    r("us-gov-west-1", "aws-us-gov"),
    r("eusc-de-east-1", "aws-eusc"),
    r("us-iso-east-1", "aws-iso"),
    r("us-iso-west-1", "aws-iso"),
    r("us-isob-east-1", "aws-iso-b"),
];

/// ARN partitions (`arn:<partition>:…`).
pub const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-eusc",
    "aws-iso",
    "aws-iso-b",
];

/// The region of that name, if AWS has one.
pub fn region(name: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.name == name)
}

/// True for an ARN partition this build knows.
pub fn is_partition(name: &str) -> bool {
    PARTITIONS.contains(&name)
}

/// True for exactly 12 ASCII digits: an AWS account id (leading zeros count).
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A character Lambda allows in a function name (`A-Z a-z 0-9 - _`).
pub fn is_function_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// True for a name Lambda accepts: 1-64 of `A-Z a-z 0-9 - _`.
pub fn is_function_name(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.chars().all(is_function_name_char)
}

/// True for a version or alias qualifier Lambda accepts: 1-128 of
/// `A-Z a-z 0-9 - _ $` (`7`, `$LATEST`, `live`).
pub fn is_qualifier(s: &str) -> bool {
    (1..=128).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'$'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_commercial_china_and_govcloud_regions_with_their_partitions() {
        assert_eq!(region("eu-west-1").unwrap().partition, "aws");
        assert_eq!(region("cn-northwest-1").unwrap().partition, "aws-cn");
        assert_eq!(region("us-gov-west-1").unwrap().partition, "aws-us-gov");
        assert!(region("eu-west1").is_none());
        assert!(region("EU-WEST-1").is_none(), "region names are lower case");
        assert!(region("").is_none());
    }

    #[test]
    fn every_region_is_in_a_known_partition_and_listed_once() {
        for (i, r) in REGIONS.iter().enumerate() {
            assert!(is_partition(r.partition), "{}", r.name);
            assert!(
                !REGIONS[..i].iter().any(|o| o.name == r.name),
                "{} listed twice",
                r.name
            );
        }
    }

    #[test]
    fn account_ids_are_exactly_twelve_ascii_digits() {
        assert!(is_account_id("111111111111"));
        assert!(is_account_id("000000000001"));
        assert!(!is_account_id("11111111111"));
        assert!(!is_account_id("11111111111a"));
        assert!(!is_account_id("1111-1111-1111"));
        assert!(!is_account_id("١١١١١١١١١١١١"));
    }

    #[test]
    fn function_names_and_qualifiers_follow_lambdas_rules() {
        assert!(is_function_name("orders-api_2"));
        assert!(is_function_name(&"a".repeat(64)));
        for bad in [
            "",
            "has space",
            "../../etc",
            "x#",
            "a.b",
            "new\nline",
            &"a".repeat(65),
        ] {
            assert!(!is_function_name(bad), "{bad:?}");
        }
        for good in ["7", "$LATEST", "live", "blue-green_2"] {
            assert!(is_qualifier(good), "{good:?}");
        }
        for bad in ["", "a/b", "x\n", "v1.2"] {
            assert!(!is_qualifier(bad), "{bad:?}");
        }
    }
}
