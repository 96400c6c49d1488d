//! Assembles one `AwsSecurityFinding` per unit of a successful scan.

use std::collections::HashMap;

use aws_sdk_securityhub::types::{
    AwsSecurityFinding, FindingProviderFields, FindingProviderSeverity, RecordState, Resource,
    Severity as AsffSeverity, SeverityLabel,
};
use qscan_contracts::{is_account_id, ScanOutcome, ScanStatus};

use crate::id::{generator_id, product_arn};
use crate::limits::{fit, validate, MAX_DESCRIPTION, MAX_PRODUCT_FIELD_VALUE, MAX_TITLE};
use crate::vulnerability::{expand, nvd_url, remediation, vulnerability, Unit};
use crate::{resources, timestamp, AsffError};

/// ASFF version every finding declares.
pub const SCHEMA_VERSION: &str = "2018-10-08";
/// `Types` of a CVE.
pub const TYPE_CVE: &str = "Software and Configuration Checks/Vulnerabilities/CVE";
/// `Types` of a vulnerability known only by its QID (or a non-CVE id such as
/// GHSA): the documented category without the `CVE` classifier, so console
/// filters on `.../Vulnerabilities/CVE` stay exact.
pub const TYPE_OTHER_VULNERABILITY: &str = "Software and Configuration Checks/Vulnerabilities";
/// `ProductName` shown in the console for a custom integration.
pub const PRODUCT_NAME: &str = "lambda-qscanner";

/// The findings for one scan outcome, one per (function, vulnerability,
/// package), in report order. A failed scan yields none: a failure is not
/// evidence that earlier findings are gone.
pub fn findings_for(outcome: &ScanOutcome) -> Result<Vec<AwsSecurityFinding>, AsffError> {
    if let ScanStatus::Failed(_) = outcome.status {
        return Ok(Vec::new());
    }
    let shared = Shared::new(outcome)?;
    let units = expand(&outcome.function.id.arn, &outcome.findings);
    units
        .iter()
        .map(|unit| {
            let finding = shared.finding(unit);
            validate(&finding)?;
            Ok(finding)
        })
        .collect()
}

/// What every finding of one outcome has in common, computed once.
struct Shared<'a> {
    outcome: &'a ScanOutcome,
    product_arn: String,
    scanned_at: String,
    resources: Vec<Resource>,
}

impl<'a> Shared<'a> {
    fn new(outcome: &'a ScanOutcome) -> Result<Self, AsffError> {
        let id = &outcome.function.id;
        if !is_account_id(&id.account) {
            return Err(AsffError::InvalidAccount {
                function_arn: id.arn.clone(),
                account: id.account.clone(),
            });
        }
        if id.region.is_empty() {
            return Err(AsffError::MissingRegion {
                function_arn: id.arn.clone(),
            });
        }
        Ok(Shared {
            outcome,
            product_arn: product_arn(id.partition(), &id.region, &id.account),
            scanned_at: timestamp::format(outcome.scanned_at),
            resources: resources::resources(&outcome.function),
        })
    }

    fn finding(&self, unit: &Unit<'_>) -> AwsSecurityFinding {
        let vuln = unit.vuln;
        let label = SeverityLabel::from(vuln.severity.label());
        let original = vuln.qualys_severity.to_string();
        let types = vec![if unit.is_cve {
            TYPE_CVE
        } else {
            TYPE_OTHER_VULNERABILITY
        }
        .to_owned()];
        AwsSecurityFinding::builder()
            .schema_version(SCHEMA_VERSION)
            .id(&unit.id)
            .product_arn(&self.product_arn)
            .product_name(PRODUCT_NAME)
            .generator_id(generator_id(&unit.vuln_id))
            .aws_account_id(&self.outcome.function.id.account)
            .set_types(Some(types.clone()))
            .created_at(&self.scanned_at)
            .updated_at(&self.scanned_at)
            .first_observed_at(&self.scanned_at)
            .last_observed_at(&self.scanned_at)
            .severity(
                AsffSeverity::builder()
                    .label(label.clone())
                    .original(&original)
                    .build(),
            )
            .finding_provider_fields(
                FindingProviderFields::builder()
                    .severity(
                        FindingProviderSeverity::builder()
                            .label(label)
                            .original(original)
                            .build(),
                    )
                    .set_types(Some(types))
                    .build(),
            )
            .title(self.title(unit))
            .description(self.description(unit))
            .remediation(remediation(unit))
            .set_source_url(nvd_url(unit))
            .set_product_fields(Some(self.product_fields(unit)))
            .set_resources(Some(self.resources.clone()))
            .vulnerabilities(vulnerability(unit))
            .record_state(RecordState::Active)
            .build()
    }

    /// `CVE-2024-12243 in libgnutls30 3.7.9-2+deb12u3 (my-function)`.
    fn title(&self, unit: &Unit<'_>) -> String {
        let function = &self.outcome.function.id.name;
        let mut title = match unit.package {
            Some(p) => format!(
                "{} in {} {} ({function})",
                unit.vuln_id, p.name, p.installed_version
            ),
            None => format!("{} in {function}", unit.vuln_id),
        };
        // A bare QID says nothing to a reader; the Qualys title does.
        if !unit.is_cve && !unit.vuln.title.trim().is_empty() {
            title.push_str(": ");
            title.push_str(unit.vuln.title.trim());
        }
        fit(&title, MAX_TITLE)
    }

    /// What is vulnerable, where, and whether a fix exists; then Qualys's
    /// own text. Never empty: the first sentence is always there.
    fn description(&self, unit: &Unit<'_>) -> String {
        let f = &self.outcome.function;
        let vuln = unit.vuln;
        let mut text = match unit.package {
            Some(p) => format!(
                "{} {} is affected by {}",
                p.name, p.installed_version, unit.vuln_id
            ),
            None => format!("{} was detected", unit.vuln_id),
        };
        let qualys_title = vuln.title.trim();
        if unit.is_cve && !qualys_title.is_empty() {
            text.push_str(&format!(" ({qualys_title})"));
        }
        text.push_str(&format!(" in Lambda function {} ({})", f.id.name, f.id.arn));
        if let Some(digest) = f.image_digest() {
            text.push_str(&format!(", image {digest}"));
        }
        if let Some(path) = unit.package.and_then(|p| p.path.as_deref()) {
            text.push_str(&format!(", at {path}"));
        }
        text.push_str(&format!(
            ". Qualys QID {}, severity {} of 5",
            vuln.qid, vuln.qualys_severity
        ));
        if let Some(qds) = vuln.qds {
            text.push_str(&format!(", QDS {qds}"));
        }
        match unit.package.map(|p| p.fixed_version.as_deref()) {
            Some(Some(fixed)) => text.push_str(&format!(". Fixed in {fixed}.")),
            Some(None) => text.push_str(". No fixed version is available yet."),
            None => text.push('.'),
        }
        if let Some(extra) = vuln
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            text.push(' ');
            text.push_str(extra);
        }
        fit(&text, MAX_DESCRIPTION)
    }

    /// Qualys and pipeline context that ASFF has no field for. Keys are
    /// namespaced (`qualys/…`, `lambda-qscanner/…`); `aws/…` is Security Hub's.
    fn product_fields(&self, unit: &Unit<'_>) -> HashMap<String, String> {
        let vuln = unit.vuln;
        let outcome = self.outcome;
        let mut fields: Vec<(&str, Option<String>)> = vec![
            ("qualys/QID", Some(vuln.qid.clone())),
            ("qualys/QDS", vuln.qds.map(|q| q.to_string())),
            ("qualys/Category", vuln.category.clone()),
            ("qualys/Title", Some(vuln.title.clone())),
            ("qualys/Severity", Some(vuln.qualys_severity.to_string())),
            (
                "lambda-qscanner/RequestId",
                Some(outcome.request_id.clone()),
            ),
            (
                "lambda-qscanner/Trigger",
                Some(outcome.trigger.as_str().to_owned()),
            ),
            ("lambda-qscanner/ScannedAt", Some(self.scanned_at.clone())),
            (
                "lambda-qscanner/FunctionVersion",
                outcome.function.function_version.clone(),
            ),
        ];
        if let Some(run) = &outcome.scanner {
            fields.push(("lambda-qscanner/ScanTarget", Some(run.target.clone())));
            fields.push((
                "lambda-qscanner/QScannerVersion",
                run.qscanner_version.clone(),
            ));
        }
        if !unit.related_qids.is_empty() {
            fields.push(("qualys/RelatedQIDs", Some(unit.related_qids.join(","))));
        }
        fields
            .into_iter()
            .filter_map(|(k, v)| {
                let v = v.filter(|v| !v.trim().is_empty())?;
                Some((k.to_owned(), fit(&v, MAX_PRODUCT_FIELD_VALUE)))
            })
            .collect()
    }
}
