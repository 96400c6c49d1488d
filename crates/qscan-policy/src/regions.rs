//! The AWS regions and partitions a policy may name.
//!
//! A built-in list, so `policy check` needs no network and no credentials.
//! A region AWS opens after this list was written is reported as unknown
//! until it is added here (one line), which is the safer failure: a typo
//! such as `eu-west1` would otherwise silently never match.

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

/// The closest known region name, for "did you mean" hints.
pub(crate) fn closest_region(name: &str) -> Option<&'static str> {
    crate::suggest::closest(name, REGIONS.iter().map(|r| r.name))
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
    }

    #[test]
    fn every_region_is_in_a_known_partition_and_listed_once() {
        for (i, r) in REGIONS.iter().enumerate() {
            assert!(PARTITIONS.contains(&r.partition), "{}", r.name);
            assert!(
                !REGIONS[..i].iter().any(|o| o.name == r.name),
                "{} listed twice",
                r.name
            );
        }
    }

    #[test]
    fn suggests_the_region_a_typo_meant() {
        assert_eq!(closest_region("eu-west1"), Some("eu-west-1"));
        assert_eq!(closest_region("us-est-1"), Some("us-east-1"));
        assert_eq!(closest_region("mars-north-9000"), None);
    }
}
