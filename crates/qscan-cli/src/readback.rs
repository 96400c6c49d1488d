//! What a security engineer would see in the console for one function:
//! its active findings, read back from Security Hub, as a table.

use std::fmt::Write;

use aws_sdk_securityhub::types::AwsSecurityFinding;

/// This project's ACTIVE findings for `function_arn` (in the function's own
/// account, so `sdk` must hold that account's credentials).
pub async fn active_findings(
    sdk: &aws_config::SdkConfig,
    function_arn: &str,
) -> anyhow::Result<Vec<AwsSecurityFinding>> {
    // A full ARN carries its own account and region: no defaults needed.
    let function = qscan_contracts::FunctionId::parse(function_arn, "", "")?;
    let client = aws_sdk_securityhub::Client::new(sdk);
    Ok(reporter::security_hub::active_findings(&client, &function).await?)
}

/// One line per finding, most severe first.
pub fn render(findings: &[AwsSecurityFinding]) -> String {
    let mut rows: Vec<(u8, String)> = findings.iter().map(|f| (rank(f), row(f))).collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut text = format!(
        "{:<13} {:<16} {:<14} {:<36} {}\n",
        "SEVERITY", "VULNERABILITY", "PACKAGE", "INSTALLED -> FIXED", "QID"
    );
    for (_, line) in rows {
        let _ = writeln!(text, "{line}");
    }
    text
}

fn row(finding: &AwsSecurityFinding) -> String {
    let label = finding
        .severity()
        .and_then(|s| s.label())
        .map_or("?", |l| l.as_str());
    let vulnerability = finding.vulnerabilities().first();
    let id = vulnerability.and_then(|v| v.id()).unwrap_or("?");
    let package = vulnerability.and_then(|v| v.vulnerable_packages().first());
    let name = package.and_then(|p| p.name()).unwrap_or("-");
    let versions = format!(
        "{} -> {}",
        package.and_then(|p| p.version()).unwrap_or("?"),
        package
            .and_then(|p| p.fixed_in_version())
            .unwrap_or("no fix")
    );
    let qid = finding
        .product_fields()
        .and_then(|f| f.get("qualys/QID"))
        .map_or("-", String::as_str);
    format!("{label:<13} {id:<16} {name:<14} {versions:<36} {qid}")
}

fn rank(finding: &AwsSecurityFinding) -> u8 {
    match finding
        .severity()
        .and_then(|s| s.label())
        .map(|l| l.as_str())
    {
        Some("CRITICAL") => 5,
        Some("HIGH") => 4,
        Some("MEDIUM") => 3,
        Some("LOW") => 2,
        _ => 1,
    }
}
