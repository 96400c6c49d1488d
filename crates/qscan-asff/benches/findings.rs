//! Reporter hot path: mapping one large scan outcome to ASFF findings
//! (Ids, titles, descriptions, limits). A 335-package image (Qualys's own
//! measurement) yields a few hundred vulnerabilities; this maps 400 QIDs ×
//! 2 CVEs × 2 packages = 1,600 findings.
//!
//! `cargo bench -p qscan-asff --bench findings`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use qscan_contracts::{
    FunctionDetails, FunctionId, Package, PackageType, ScanOutcome, ScanStatus, Severity, Trigger,
    VulnFinding,
};

fn outcome(qids: usize) -> ScanOutcome {
    let findings = (0..qids)
        .map(|i| VulnFinding {
            qid: format!("{}", 180_000 + i),
            cves: vec![
                format!("CVE-2024-{:05}", 2 * i),
                format!("CVE-2024-{:05}", 2 * i + 1),
            ],
            title: format!("Debian Security Update for package-{i} (DSA-{i}-1)"),
            severity: Severity::from_qualys((i % 5 + 1) as u8),
            qualys_severity: (i % 5 + 1) as u8,
            qds: Some(40 + (i % 60) as u32),
            cvss3_base: Some(7.5),
            cvss3_vector: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N".into()),
            category: Some("Debian".into()),
            description: Some(
                "A flaw was found that allows a remote attacker to cause a denial of service. "
                    .repeat(4),
            ),
            packages: (0..2)
                .map(|p| Package {
                    name: format!("lib-package-{i}-{p}"),
                    installed_version: "1.2.3-4+deb12u1".into(),
                    fixed_version: (i % 3 != 0).then(|| "1.2.3-4+deb12u2".into()),
                    path: (p == 1)
                        .then(|| format!("/usr/lib/python3/dist-packages/pkg{i}/METADATA")),
                    layer_sha: Some(format!("sha256:{:064x}", i)),
                })
                .collect(),
        })
        .collect();
    ScanOutcome {
        version: 1,
        request_id: "bench".into(),
        trigger: Trigger::Create,
        function: FunctionDetails {
            id: FunctionId::parse("orders-api", "123456789012", "us-east-1").expect("valid id"),
            package_type: PackageType::Image,
            runtime: None,
            code_sha256: Some("kG2n0pX6jYk0Z1mFzq8GbmXH0vRm0e0zZ6k3b1d3W9Q=".into()),
            image_uri: Some("123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1".into()),
            resolved_image_uri: Some(format!(
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api@sha256:{:064x}",
                7
            )),
            architectures: vec!["x86_64".into()],
            layers: vec![],
            function_version: Some("$LATEST".into()),
            tags: Default::default(),
        },
        scanned_at: time::OffsetDateTime::UNIX_EPOCH,
        status: ScanStatus::Succeeded,
        scanner: None,
        findings,
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("findings_for");
    for qids in [50, 400] {
        let outcome = outcome(qids);
        let produced = qscan_asff::findings_for(&outcome).expect("maps").len();
        group.throughput(Throughput::Elements(produced as u64));
        group.bench_with_input(BenchmarkId::from_parameter(produced), &outcome, |b, o| {
            b.iter(|| qscan_asff::findings_for(o).expect("maps"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
