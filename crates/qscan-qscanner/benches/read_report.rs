//! Reading a large QScanner report: `read_report_dir` on one SARIF file with
//! N distinct QIDs (one rule, one result, one package each). QScanner must
//! finish inside `SCAN_TIMEOUT`, so reading its report has to stay linear in
//! the number of findings (issue 7, item 11: 120k findings under 2 s).
//!
//! Two groups: `read_report_dir` is wall-clock time (criterion's default),
//! `read_report_dir_cpu` the CPU time of the benchmark thread, which stays
//! meaningful on a shared, loaded machine.
//!
//! `cargo bench -p qscan-qscanner --bench read_report`

use std::path::Path;
use std::time::Duration;

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

/// CPU time (user + system) this thread has used, from
/// `/proc/thread-self/stat` in clock ticks (USER_HZ, 100 on Linux).
fn thread_cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("linux /proc");
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields of the whole line.
    let after_name = &stat[stat.rfind(')').expect("stat format") + 2..];
    let fields: Vec<u64> = after_name
        .split(' ')
        .skip(11)
        .take(2)
        .map(|f| f.parse().expect("tick count"))
        .collect();
    Duration::from_millis((fields[0] + fields[1]) * 10)
}

fn read_report_cpu(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_report_dir_cpu");
    group.sample_size(10);
    let findings = 120_000;
    let dir = tempfile::tempdir().expect("temp dir");
    write_report(dir.path(), findings);
    group.throughput(Throughput::Elements(findings as u64));
    group.bench_function(BenchmarkId::from_parameter(findings), |b| {
        b.iter_custom(|iterations| {
            let start = thread_cpu_time();
            for _ in 0..iterations {
                let parsed = qscan_qscanner::read_report_dir(dir.path()).expect("parses");
                assert_eq!(parsed.findings.len(), findings);
            }
            thread_cpu_time() - start
        })
    });
    group.finish();
}

criterion_group!(benches, read_report, read_report_cpu);
criterion_main!(benches);
