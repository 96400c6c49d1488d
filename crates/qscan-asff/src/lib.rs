//! Scan results → AWS Security Hub findings (ASFF), in one place. Pure: no
//! network, no clock; the reporter does the calls.
//!
//! # One finding per (function, vulnerability, package)
//!
//! QScanner reports Qualys QIDs; a QID may list several CVEs and several
//! packages. Each CVE of a QID is one *vulnerability* (a QID without CVE is
//! the vulnerability `QID-<qid>`), and each vulnerability gets one finding
//! per affected package. So a QID with 2 CVEs in 1 package gives 2
//! findings, and a QID with 1 CVE in 2 packages gives 2 findings. This is
//! how Security Hub, Inspector and Trivy show vulnerabilities: the console
//! groups by CVE (`GeneratorId` `lambda-qscanner/<CVE>`) and `Vulnerabilities`
//! holds exactly one package whose fix is one upgrade. The QID is kept in
//! `ProductFields` (`qualys/QID`).
//!
//! Qualys often lists one CVE under two QIDs (a distribution advisory and a
//! generic check). Both map to the same `Id`, so they are merged into one
//! finding: the more severe QID wins and the others are listed in
//! `qualys/RelatedQIDs`. A QID with no package still yields one finding,
//! without a package, rather than being dropped.
//!
//! # Identity and lifecycle
//!
//! [`finding_id`] is derived only from the function ARN, vulnerability id,
//! package name and package path, so a rescan updates the same findings.
//! The reporter imports [`findings_for`] in [`batches`] of [`MAX_BATCH`],
//! compares with what `GetFindings` returns (`GeneratorId` prefix
//! [`GENERATOR_PREFIX`], `ResourceId` = function ARN), and re-imports the
//! [`findings_to_archive`] through [`archive`]. Limits are enforced in
//! [`limits`].

mod archive;
mod batch;
mod finding;
mod id;
pub mod limits;
mod resources;
mod timestamp;
mod vulnerability;

pub use archive::{archive, findings_to_archive, stale_ids};
pub use batch::{batches, batches_of, MAX_BATCH};
pub use finding::{findings_for, PRODUCT_NAME, SCHEMA_VERSION, TYPE_CVE, TYPE_OTHER_VULNERABILITY};
pub use id::{finding_id, generator_id, product_arn, GENERATOR_PREFIX};
pub use resources::{CONTAINER_RESOURCE_TYPE, LAMBDA_RESOURCE_TYPE};
pub use vulnerability::vulnerability_ids;

/// Why an outcome could not be turned into findings. Each variant names the
/// function or finding at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AsffError {
    #[error("function {function_arn}: account id {account:?} is not 12 digits")]
    InvalidAccount {
        function_arn: String,
        account: String,
    },
    #[error("function {function_arn}: region is empty")]
    MissingRegion { function_arn: String },
    /// A built finding broke a Security Hub limit: a bug in this crate.
    #[error("finding {id:?}: {field} {problem}")]
    Limit {
        id: String,
        field: &'static str,
        problem: String,
    },
}
