//! Oversized and awkward input never yields a finding Security Hub would
//! reject: every case goes through `findings_for` and `limits::validate`.

mod common;

use common::*;
use qscan_asff::findings_for;
use qscan_asff::limits::{self, escaped_len, MAX_DESCRIPTION, MAX_ID, MAX_IMAGE_NAME, MAX_TITLE};

fn only_finding(
    o: &qscan_contracts::ScanOutcome,
) -> aws_sdk_securityhub::types::AwsSecurityFinding {
    let mut findings = findings_for(o).unwrap();
    assert_eq!(findings.len(), 1);
    let f = findings.remove(0);
    limits::validate(&f).unwrap();
    f
}

#[test]
fn a_300_char_package_name_keeps_id_and_title_within_limits() {
    let mut o = outcome(image_function());
    let mut v = idna();
    v.packages.truncate(1);
    v.packages[0].name = "n".repeat(300);
    v.packages[0].path = Some(format!("/var/task/{}", "d/".repeat(200)));
    o.findings = vec![v];
    let f = only_finding(&o);
    assert!(escaped_len(f.id().unwrap()) <= MAX_ID);
    assert!(f.id().unwrap().starts_with(FUNCTION_ARN));
    let title = f.title().unwrap();
    assert!(escaped_len(title) <= MAX_TITLE);
    assert!(title.starts_with("CVE-2024-3651 in nnn") && title.ends_with('…'));
}

#[test]
fn a_600_char_package_name_falls_back_to_a_hashed_id() {
    let mut o = outcome(zip_function());
    let mut v = gnutls();
    v.cves.truncate(1);
    v.packages[0].name = "x".repeat(600);
    o.findings = vec![v];
    let id = only_finding(&o).id().unwrap().to_owned();
    assert!(
        id.starts_with(&format!("{FUNCTION_ARN}/qscanner/sha256:")),
        "{id}"
    );
    assert!(id.len() <= MAX_ID);
}

#[test]
fn a_5000_char_description_is_cut_to_1024_with_an_ellipsis() {
    let mut o = outcome(zip_function());
    let mut v = eol();
    v.description = Some("Obsolete runtime. ".repeat(280));
    o.findings = vec![v];
    let description = only_finding(&o).description().unwrap().to_owned();
    assert!(escaped_len(&description) <= MAX_DESCRIPTION);
    assert!(
        description.len() > MAX_DESCRIPTION - 30,
        "cut far too short"
    );
    assert!(description.ends_with('…'));
    // The part that says what and where survives the cut.
    assert!(description.starts_with("nodejs 16.20.2 is affected by QID-105943"));
}

#[test]
fn non_ascii_text_at_the_boundary_is_cut_on_a_char_boundary() {
    for filler in ["é", "漏洞", "🦀", "\"quoted\"\n"] {
        let mut o = outcome(zip_function());
        let mut v = gnutls();
        v.cves.truncate(1);
        v.title = filler.repeat(400);
        v.description = Some(filler.repeat(2000));
        v.packages[0].name = format!("pkg-{}", filler.repeat(200));
        o.findings = vec![v];
        let f = only_finding(&o);
        let (title, description) = (f.title().unwrap(), f.description().unwrap());
        assert!(escaped_len(title) <= MAX_TITLE, "{filler}: title");
        assert!(
            escaped_len(description) <= MAX_DESCRIPTION,
            "{filler}: description"
        );
        assert!(description.ends_with('…'), "{filler}");
    }
}

#[test]
fn an_overlong_repository_keeps_image_name_within_128() {
    let mut f = image_function();
    let repo = format!(
        "222222222222.dkr.ecr.us-east-2.amazonaws.com/{}",
        "team/service/".repeat(20)
    );
    f.image_uri = Some(format!("{repo}:v1"));
    f.resolved_image_uri = Some(format!("{repo}@{DIGEST}"));
    let mut o = outcome(f);
    o.findings = vec![eol()];
    let finding = only_finding(&o);
    let container = finding.resources()[1]
        .details()
        .unwrap()
        .container()
        .unwrap();
    assert!(escaped_len(container.image_name().unwrap()) <= MAX_IMAGE_NAME);
    assert_eq!(container.image_id(), Some(DIGEST));
}

#[test]
fn empty_qualys_text_still_gives_a_non_empty_title_and_description() {
    let mut o = outcome(zip_function());
    let mut v = eol();
    v.title = String::new();
    v.description = Some("   ".into());
    v.packages.clear();
    o.findings = vec![v];
    let f = only_finding(&o);
    assert_eq!(f.title(), Some("QID-105943 in orders-api"));
    assert!(f
        .description()
        .unwrap()
        .starts_with("QID-105943 was detected in Lambda function"));
    assert!(f.vulnerabilities()[0].vulnerable_packages().is_empty());
}
