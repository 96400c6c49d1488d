//! Finding identity: `Id`, `GeneratorId`, `ProductArn`.
//!
//! Security Hub updates a finding in place when the same `Id` comes back
//! with a newer `UpdatedAt`; a new `Id` is a new finding. So the `Id` is
//! derived only from what makes a finding *the same problem*: the
//! unqualified function ARN, the vulnerability id, the package name and,
//! when known, the package path. Never the scan time, the function version
//! or the severity: a rescan, a redeploy of the same code or a re-scored
//! CVE must update the existing finding, not add a duplicate.
//!
//! ```text
//! <function-arn>/qscanner/<vuln-id>/<package-name>[#<path-hash>]
//! arn:aws:lambda:eu-west-1:111111111111:function:orders/qscanner/CVE-2024-12243/libgnutls30
//! arn:aws:lambda:eu-west-1:111111111111:function:orders/qscanner/CVE-2024-3651/idna#0d9dd20d708a7137
//! ```
//!
//! (the second for path `/var/task/lib/python3.12/site-packages/idna-3.6.dist-info/METADATA`;
//! the hash is the first 16 hex digits of the path's SHA-256).
//!
//! The path is hashed rather than spelled out because paths are long and
//! two copies of one package at different paths are different findings.
//! Should the readable form exceed [`MAX_ID`], the whole key is hashed
//! instead (`<function-arn>/qscanner/sha256:<hex>`), which always fits.

use sha2::{Digest, Sha256};

use crate::limits::{escaped_len, MAX_ID};

/// Every `GeneratorId` this crate emits starts with this, so the reporter
/// can select our findings with a `GeneratorId` PREFIX filter.
pub const GENERATOR_PREFIX: &str = "lambda-qscanner/";

/// Separates the function ARN from the rest of the `Id`.
const ID_INFIX: &str = "/qscanner/";

/// Hex digits of the path hash: 64 bits is plenty to tell apart the paths
/// of one package name within one function.
const PATH_HASH_HEX: usize = 16;

/// The deterministic `Id` of the finding for one (function, vulnerability,
/// package) key.
///
/// `function_arn` must be the unqualified ARN; `package_name` may be empty
/// for a vulnerability reported without a package. Reporters use this to
/// compute the set of current Ids; [`crate::findings_for`] uses it too.
pub fn finding_id(
    function_arn: &str,
    vuln_id: &str,
    package_name: &str,
    package_path: Option<&str>,
) -> String {
    let package_path = package_path.map(str::trim).filter(|p| !p.is_empty());
    let mut readable = format!("{function_arn}{ID_INFIX}{vuln_id}");
    if !package_name.is_empty() {
        readable.push('/');
        readable.push_str(package_name);
    }
    if let Some(path) = package_path {
        readable.push('#');
        readable.push_str(&sha256_hex(path.as_bytes())[..PATH_HASH_HEX]);
    }
    if escaped_len(&readable) <= MAX_ID {
        return readable;
    }
    // NUL never occurs in these parts, so the joined key is unambiguous.
    let key = [
        function_arn,
        vuln_id,
        package_name,
        package_path.unwrap_or(""),
    ]
    .join("\0");
    let hashed = format!(
        "{function_arn}{ID_INFIX}sha256:{}",
        sha256_hex(key.as_bytes())
    );
    if escaped_len(&hashed) <= MAX_ID {
        hashed
    } else {
        // Only an ARN far beyond Lambda's own limits gets here.
        format!("{GENERATOR_PREFIX}sha256:{}", sha256_hex(key.as_bytes()))
    }
}

/// `GeneratorId` per vulnerability (`lambda-qscanner/CVE-2024-12243`), so the
/// console groups findings of one CVE across functions.
pub fn generator_id(vuln_id: &str) -> String {
    let readable = format!("{GENERATOR_PREFIX}{vuln_id}");
    if escaped_len(&readable) <= MAX_ID {
        readable
    } else {
        format!(
            "{GENERATOR_PREFIX}sha256:{}",
            sha256_hex(vuln_id.as_bytes())
        )
    }
}

/// `ProductArn` of the account's default (private) integration in the
/// function's own account and region: `BatchImportFindings` only accepts
/// findings for the calling account, so hub/spoke imports go through the
/// spoke role and name the spoke's product.
pub fn product_arn(partition: &str, region: &str, account: &str) -> String {
    format!("arn:{partition}:securityhub:{region}:{account}:product/{account}/default")
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:lambda:eu-west-1:111111111111:function:orders";

    #[test]
    fn readable_id_without_path() {
        assert_eq!(
            finding_id(ARN, "CVE-2024-12243", "libgnutls30", None),
            format!("{ARN}/qscanner/CVE-2024-12243/libgnutls30")
        );
    }

    #[test]
    fn path_adds_a_short_stable_hash() {
        let a = finding_id(ARN, "CVE-1", "idna", Some("/var/task/idna/METADATA"));
        let b = finding_id(ARN, "CVE-1", "idna", Some("/opt/python/idna/METADATA"));
        assert_ne!(a, b);
        let (prefix, hash) = a.rsplit_once('#').unwrap();
        assert_eq!(prefix, format!("{ARN}/qscanner/CVE-1/idna"));
        assert_eq!(hash.len(), PATH_HASH_HEX);
        assert_eq!(
            a,
            finding_id(ARN, "CVE-1", "idna", Some("/var/task/idna/METADATA"))
        );
    }

    #[test]
    fn path_hash_is_the_documented_sha256_prefix() {
        let path = "/var/task/lib/python3.12/site-packages/idna-3.6.dist-info/METADATA";
        assert_eq!(
            finding_id(ARN, "CVE-2024-3651", "idna", Some(path)),
            format!("{ARN}/qscanner/CVE-2024-3651/idna#0d9dd20d708a7137")
        );
    }

    #[test]
    fn empty_path_is_the_same_as_no_path() {
        assert_eq!(
            finding_id(ARN, "CVE-1", "idna", Some("  ")),
            finding_id(ARN, "CVE-1", "idna", None)
        );
    }

    #[test]
    fn package_less_vulnerability_has_no_package_segment() {
        assert_eq!(
            finding_id(ARN, "QID-105943", "", None),
            format!("{ARN}/qscanner/QID-105943")
        );
    }

    #[test]
    fn overlong_key_falls_back_to_a_hash_that_fits_and_stays_distinct() {
        let name = "p".repeat(600);
        let a = finding_id(ARN, "CVE-1", &name, None);
        let b = finding_id(ARN, "CVE-2", &name, None);
        assert!(a.len() <= MAX_ID && b.len() <= MAX_ID);
        assert!(a.starts_with(&format!("{ARN}/qscanner/sha256:")));
        assert_ne!(a, b);
        assert_eq!(a, finding_id(ARN, "CVE-1", &name, None));
    }

    #[test]
    fn absurd_arn_still_yields_an_id_within_the_limit() {
        let arn = format!(
            "arn:aws:lambda:eu-west-1:111111111111:function:{}",
            "f".repeat(600)
        );
        assert!(finding_id(&arn, "CVE-1", "x", None).len() <= MAX_ID);
    }

    #[test]
    fn generator_id_is_per_vulnerability_and_bounded() {
        assert_eq!(
            generator_id("CVE-2024-12243"),
            "lambda-qscanner/CVE-2024-12243"
        );
        assert_ne!(generator_id("CVE-1"), generator_id("CVE-2"));
        assert!(generator_id(&"x".repeat(1000)).len() <= MAX_ID);
    }

    #[test]
    fn product_arn_names_the_default_product_of_the_account() {
        assert_eq!(
            product_arn("aws-cn", "cn-north-1", "222222222222"),
            "arn:aws-cn:securityhub:cn-north-1:222222222222:product/222222222222/default"
        );
    }
}
