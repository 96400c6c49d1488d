//! Reading a large QScanner report: `read_report_dir` on one SARIF file with
//! N distinct QIDs (one rule, one result, one package each). QScanner must
//! finish inside `SCAN_TIMEOUT`, so reading its report has to stay linear in
//! the number of findings (issue 7, item 11: 120k findings under 2 s).
//!
//! `cargo bench -p qscan-qscanner --bench read_report`

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_json::{json, Value};

fn report(findings: usize) -> Value {
    let rules: Vec<Value> = (0..findings)
        .map(|i| {
            json!({"id": format!("{}", 100_000 + i),
                "shortDescription": {"text": format!("Debian Security Update for package-{i}")},
                "fullDescription": {"text": "A flaw allows a remote attacker to cause a denial of service."},
                "properties": {"severity": i % 5 + 1, "cve-ids": [format!("CVE-2024-{i:05}")],
                    "qds": 40 + i % 60, "category": "Debian"}})
        })
        .collect();
    let results: Vec<Value> = (0..findings)
        .map(|i| {
            json!({"ruleId": format!("{}", 100_000 + i), "level": "error",
                "properties": {"vulnerableSoftware": [{"name": format!("lib-package-{i}"),
                    "installedVersion": "1.2.3-4+deb12u1", "fixedVersion": "1.2.3-4+deb12u2",
                    "layerSHA": format!("sha256:{i:064x}")}]}})
        })
        .collect();
    json!({"version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "QScanner", "version": "4.8.0", "rules": rules}},
        "results": results}]})
}

fn write_report(dir: &Path, findings: usize) {
    let text = serde_json::to_string(&report(findings)).expect("serialisable");
    std::fs::write(dir.join("ab12-Report.sarif.json"), text).expect("writable temp dir");
}

fn read_report(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_report_dir");
    group.sample_size(10);
    for findings in [10_000, 40_000, 120_000] {
        let dir = tempfile::tempdir().expect("temp dir");
        write_report(dir.path(), findings);
        group.throughput(Throughput::Elements(findings as u64));
        group.bench_with_input(BenchmarkId::from_parameter(findings), &findings, |b, &n| {
            b.iter(|| {
                let parsed = qscan_qscanner::read_report_dir(dir.path()).expect("parses");
                assert_eq!(parsed.findings.len(), n);
                parsed
            })
        });
    }
    group.finish();
}

criterion_group!(benches, read_report);
criterion_main!(benches);
