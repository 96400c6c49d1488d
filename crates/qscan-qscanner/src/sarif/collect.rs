//! Grouping results into one finding per QID, in linear time.
//!
//! A large image yields tens of thousands of results, and a report is read
//! inside `SCAN_TIMEOUT`: every lookup here is a hash lookup (QID → finding,
//! package and CVE membership), never a scan of what was collected so far.

use std::collections::{HashMap, HashSet};

use qscan_contracts::{Package, VulnFinding};

/// Every field of a package: two packages are one when all are equal.
type PackageKey = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn key(p: &Package) -> PackageKey {
    (
        p.name.clone(),
        p.installed_version.clone(),
        p.fixed_version.clone(),
        p.path.clone(),
        p.layer_sha.clone(),
    )
}

/// Below this many entries a linear scan is cheaper than a hash set (most
/// findings have one or two packages and CVEs); above it, sets keep
/// membership O(1) however many results repeat a QID.
const SMALL: usize = 16;

/// What a collected finding already holds, indexed once it grows.
#[derive(Debug, Default)]
struct Seen {
    packages: Option<HashSet<PackageKey>>,
    cves: Option<HashSet<String>>,
}

/// Findings in order of first appearance, one per QID.
#[derive(Debug, Default)]
pub struct Collector {
    findings: Vec<VulnFinding>,
    seen: Vec<Seen>,
    by_qid: HashMap<String, usize>,
}

impl Collector {
    /// Adds a finding, or folds it into the one with the same QID: packages
    /// and CVEs join without duplicates, the graver severity and the higher
    /// QDS win. Duplicates within `finding` itself are dropped too.
    pub fn add(&mut self, mut finding: VulnFinding) {
        let k = match self.by_qid.get(&finding.qid) {
            Some(&k) => k,
            None => {
                let k = self.findings.len();
                self.by_qid.insert(finding.qid.clone(), k);
                let packages = std::mem::take(&mut finding.packages);
                let cves = std::mem::take(&mut finding.cves);
                self.findings.push(finding);
                self.seen.push(Seen::default());
                self.join(k, packages, cves);
                return;
            }
        };
        let packages = std::mem::take(&mut finding.packages);
        let cves = std::mem::take(&mut finding.cves);
        self.join(k, packages, cves);
        let into = &mut self.findings[k];
        if finding.qualys_severity > into.qualys_severity {
            into.qualys_severity = finding.qualys_severity;
            into.severity = finding.severity;
        }
        into.qds = into.qds.max(finding.qds);
    }

    fn join(&mut self, k: usize, packages: Vec<Package>, cves: Vec<String>) {
        let (into, seen) = (&mut self.findings[k], &mut self.seen[k]);
        for package in packages {
            let new = match &mut seen.packages {
                Some(set) => set.insert(key(&package)),
                None => !into.packages.contains(&package),
            };
            if new {
                into.packages.push(package);
                if seen.packages.is_none() && into.packages.len() > SMALL {
                    seen.packages = Some(into.packages.iter().map(key).collect());
                }
            }
        }
        for cve in cves {
            let new = match &mut seen.cves {
                Some(set) => set.insert(cve.clone()),
                None => !into.cves.contains(&cve),
            };
            if new {
                into.cves.push(cve);
                if seen.cves.is_none() && into.cves.len() > SMALL {
                    seen.cves = Some(into.cves.iter().cloned().collect());
                }
            }
        }
    }

    pub fn finish(self) -> Vec<VulnFinding> {
        self.findings
    }
}

#[cfg(test)]
mod tests {
    use qscan_contracts::Severity;

    use super::*;

    fn finding(qid: &str, severity: u8, cves: &[&str], packages: &[&str]) -> VulnFinding {
        VulnFinding {
            qid: qid.into(),
            cves: cves.iter().map(|c| c.to_string()).collect(),
            title: format!("QID {qid}"),
            severity: Severity::from_qualys(severity),
            qualys_severity: severity,
            qds: Some(u32::from(severity) * 10),
            cvss3_base: None,
            cvss3_vector: None,
            category: None,
            description: None,
            packages: packages
                .iter()
                .map(|n| Package {
                    name: n.to_string(),
                    installed_version: "1".into(),
                    fixed_version: None,
                    path: None,
                    layer_sha: None,
                })
                .collect(),
        }
    }

    #[test]
    fn same_qid_folds_packages_cves_severity_and_qds_in_first_seen_order() {
        let mut c = Collector::default();
        c.add(finding("1", 2, &["CVE-1", "CVE-1"], &["a", "a", "b"]));
        c.add(finding("2", 3, &[], &["z"]));
        c.add(finding("1", 4, &["CVE-2", "CVE-1"], &["b", "c"]));
        let found = c.finish();
        assert_eq!(found.len(), 2);
        let one = &found[0];
        assert_eq!(one.cves, ["CVE-1", "CVE-2"]);
        let names: Vec<&str> = one.packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!((one.qualys_severity, one.severity), (4, Severity::High));
        assert_eq!(one.qds, Some(40));
        assert_eq!(found[1].qid, "2");
    }

    #[test]
    fn large_lists_switch_to_sets_without_losing_or_repeating_entries() {
        let names: Vec<String> = (0..3 * SMALL).map(|i| format!("p{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let cves: Vec<String> = (0..3 * SMALL).map(|i| format!("CVE-{i}")).collect();
        let cve_refs: Vec<&str> = cves.iter().map(String::as_str).collect();
        let mut c = Collector::default();
        c.add(finding("1", 2, &cve_refs[..SMALL], &refs[..SMALL]));
        c.add(finding("1", 2, &cve_refs, &refs));
        c.add(finding("1", 2, &cve_refs, &refs));
        let found = c.finish();
        let got: Vec<&str> = found[0].packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(got, refs);
        assert_eq!(found[0].cves, cves);
    }

    #[test]
    fn packages_differing_in_any_field_are_kept_apart() {
        let mut a = finding("1", 2, &[], &["p"]);
        let mut b = a.clone();
        b.packages[0].path = Some("/x".into());
        a.packages.extend(b.packages.clone());
        let mut c = Collector::default();
        c.add(a);
        c.add(b);
        assert_eq!(c.finish()[0].packages.len(), 2);
    }
}
