//! Tolerant readers for the property values QScanner's SARIF may carry.
//!
//! Key names and value shapes are not confirmed by Qualys (docs/qscanner.md),
//! so each reader accepts the spellings seen in the wild and rejects values
//! it cannot interpret, rather than guessing.

use std::collections::HashSet;

use serde_json::{Map, Value};

use qscan_contracts::Package;

use super::limits::{bound_key, cut_text, quote, MAX_ID, MAX_PACKAGE_FIELD, MAX_QUOTED};

pub(super) type Props = Map<String, Value>;

/// The first of `keys` set (non-null) in the first of `maps` that has one.
pub(super) fn lookup<'a>(
    maps: &[Option<&'a Props>],
    keys: &[&'static str],
) -> Option<(&'static str, &'a Value)> {
    maps.iter().flatten().find_map(|map| {
        keys.iter()
            .find_map(|key| map.get(*key).filter(|v| !v.is_null()).map(|v| (*key, v)))
    })
}

/// `{"text": "…"}` (SARIF message / multiformat string), if non-empty.
pub(super) fn text(value: Option<&Value>) -> Option<String> {
    let text = value?.get("text")?.as_str()?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A non-empty string or number as a string (QIDs appear as both).
pub(super) fn scalar_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A Qualys severity, 1–5: a number (`4`, `"4"`, `4.0`) or a word
/// (`"High"`). Anything outside the scale is an error, not clamped: a
/// severity we cannot place would file a finding under the wrong label.
pub(super) fn severity(value: &Value) -> Result<u8, String> {
    let parsed = match value {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                    .map(|f| f as u64)
            })
            .and_then(|n| u8::try_from(n).ok()),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<u8>()
                .ok()
                .or(match s.to_ascii_lowercase().as_str() {
                    "critical" | "urgent" => Some(5),
                    "high" | "serious" => Some(4),
                    "medium" => Some(3),
                    "low" => Some(2),
                    "informational" | "info" | "minimal" => Some(1),
                    _ => None,
                })
        }
        _ => None,
    };
    parsed
        .filter(|n| (1..=5).contains(n))
        .ok_or_else(|| format!("{} is not a 1-5 severity", quote(value)))
}

/// Severity from a SARIF `level`, used only when no severity property
/// exists. An absent level is `warning` by the SARIF spec.
pub(super) fn level_severity(level: Option<&Value>) -> Result<u8, String> {
    match level.and_then(Value::as_str).unwrap_or("warning") {
        "error" => Ok(5),
        "warning" => Ok(3),
        "note" => Ok(2),
        "none" => Ok(1),
        other => Err(format!(
            "level {:?} is not a sarif level",
            cut_text(other, MAX_QUOTED)
        )),
    }
}

/// CVE ids: an array of strings or one comma/space-separated string.
/// An id is never cut: one longer than [`MAX_ID`] is an error.
pub(super) fn cves(value: &Value) -> Result<Vec<String>, String> {
    let mut ids: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut push = |s: &str| {
        for id in s
            .split([',', ' ', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            if id.chars().count() > MAX_ID {
                return Err(format!(
                    "cve id {} is longer than {MAX_ID} characters",
                    quote(&Value::String(id.to_owned()))
                ));
            }
            if seen.insert(id.to_owned()) {
                ids.push(id.to_owned());
            }
        }
        Ok(())
    };
    match value {
        Value::String(s) => push(s)?,
        Value::Array(items) => {
            for item in items {
                push(
                    item.as_str()
                        .ok_or_else(|| format!("cve id {} is not a string", quote(item)))?,
                )?;
            }
        }
        other => {
            return Err(format!(
                "cve ids {} are neither a list nor a string",
                quote(other)
            ))
        }
    }
    Ok(ids)
}

/// A whole number in range (QDS 0–100 or similar), from a number or string.
pub(super) fn whole_number(value: &Value) -> Result<u32, String> {
    let n = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    n.filter(|n| (0.0..=f64::from(u32::MAX)).contains(n))
        .map(|n| n.round() as u32)
        .ok_or_else(|| format!("{} is not a whole number", quote(value)))
}

/// A decimal score (CVSS), from a number or string.
pub(super) fn score(value: &Value) -> Result<f64, String> {
    let n = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    n.filter(|n| (0.0..=10.0).contains(n))
        .ok_or_else(|| format!("{} is not a 0-10 score", quote(value)))
}

/// CVSS3 base score and vector: `cvss3` as a score or as an object
/// (`base`/`baseScore`, `vector`/`vectorString`), or flat keys.
pub(super) fn cvss3(maps: &[Option<&Props>]) -> Result<(Option<f64>, Option<String>), String> {
    let mut base = None;
    let mut vector = None;
    match lookup(maps, &["cvss3"]) {
        Some((_, Value::Object(obj))) => {
            base = lookup(&[Some(obj)], &["base", "baseScore"]).map(|(_, v)| v);
            vector = lookup(&[Some(obj)], &["vector", "vectorString"]).map(|(_, v)| v);
        }
        Some((_, value)) => base = Some(value),
        None => {}
    }
    let base = base.or_else(|| lookup(maps, &["cvss3Base", "cvss3-base"]).map(|(_, v)| v));
    let vector = vector.or_else(|| lookup(maps, &["cvss3Vector", "cvss3-vector"]).map(|(_, v)| v));
    let base = base
        .map(score)
        .transpose()
        .map_err(|e| format!("cvss3 {e}"))?;
    let vector = vector
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|v| !v.is_empty());
    Ok((base, vector.map(str::to_owned)))
}

/// One `vulnerableSoftware[]` entry. Only the name is required; a missing
/// installed version reads `unknown` because the contract needs a value.
/// Every field is bounded with [`bound_key`]: they identify the finding.
pub(super) fn package(value: &Value) -> Result<Package, String> {
    let obj = value.as_object().ok_or_else(|| {
        format!(
            "vulnerable software entry {} is not an object",
            quote(value)
        )
    })?;
    let field = |keys: &[&'static str]| {
        lookup(&[Some(obj)], keys)
            .and_then(|(_, v)| scalar_string(v))
            // Seen as placeholders for "no fix yet".
            .filter(|s| !["none", "n/a", "-"].contains(&s.to_ascii_lowercase().as_str()))
            .map(|s| bound_key(s, MAX_PACKAGE_FIELD))
    };
    let name = field(&["name"]).ok_or("vulnerable software entry has no name")?;
    Ok(Package {
        installed_version: field(&["installedVersion", "version"])
            .unwrap_or_else(|| "unknown".to_owned()),
        fixed_version: field(&["fixedVersion"]),
        path: field(&["path", "filePath"]),
        layer_sha: field(&["layerSHA", "layerSha"]),
        name,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn severity_accepts_numbers_numeric_strings_and_words() {
        for (value, expected) in [
            (json!(4), 4),
            (json!("5"), 5),
            (json!(3.0), 3),
            (json!("High"), 4),
            (json!(" informational "), 1),
        ] {
            assert_eq!(severity(&value), Ok(expected), "{value}");
        }
        for bad in [
            json!("severe"),
            json!(2.5),
            json!(-1),
            json!(0),
            json!(6),
            json!("0"),
            json!(300),
            json!([4]),
        ] {
            assert!(severity(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn level_fallback_maps_sarif_levels() {
        let levels = ["error", "warning", "note", "none"].map(|l| level_severity(Some(&json!(l))));
        assert_eq!(levels, [Ok(5), Ok(3), Ok(2), Ok(1)]);
        assert_eq!(level_severity(None), Ok(3));
        assert!(level_severity(Some(&json!("fatal"))).is_err());
    }

    #[test]
    fn cves_from_lists_and_comma_strings_are_trimmed_and_deduplicated() {
        assert_eq!(
            cves(&json!("CVE-2024-1, CVE-2024-2,CVE-2024-1")).unwrap(),
            ["CVE-2024-1", "CVE-2024-2"]
        );
        assert_eq!(
            cves(&json!(["CVE-2024-3", " CVE-2024-4 "])).unwrap(),
            ["CVE-2024-3", "CVE-2024-4"]
        );
        assert!(cves(&json!("")).unwrap().is_empty());
        assert!(cves(&json!([1])).is_err());
        assert!(cves(&json!(7)).is_err());
    }

    #[test]
    fn cvss3_reads_object_flat_and_string_forms() {
        let obj = json!({"cvss3": {"baseScore": "9.8", "vectorString": "CVSS:3.1/AV:N"}});
        let flat = json!({"cvss3Base": 7.5, "cvss3-vector": "CVSS:3.1/AV:L"});
        let bare = json!({"cvss3": 5.3});
        let read = |v: &Value| cvss3(&[v.as_object()]);
        assert_eq!(read(&obj), Ok((Some(9.8), Some("CVSS:3.1/AV:N".into()))));
        assert_eq!(read(&flat), Ok((Some(7.5), Some("CVSS:3.1/AV:L".into()))));
        assert_eq!(read(&bare), Ok((Some(5.3), None)));
        assert_eq!(read(&json!({})), Ok((None, None)));
        assert!(read(&json!({"cvss3": "high"})).is_err());
    }

    #[test]
    fn package_reads_alternative_keys_and_placeholder_fixes() {
        let p = package(
            &json!({"name": "requests", "version": "2.31.0", "fixedVersion": "None",
            "filePath": "/app/requests-2.31.0.dist-info/METADATA", "layerSha": "sha256:ab"}),
        )
        .unwrap();
        assert_eq!(
            p,
            Package {
                name: "requests".into(),
                installed_version: "2.31.0".into(),
                fixed_version: None,
                path: Some("/app/requests-2.31.0.dist-info/METADATA".into()),
                layer_sha: Some("sha256:ab".into()),
            }
        );
        assert_eq!(
            package(&json!({"name": "zlib1g"}))
                .unwrap()
                .installed_version,
            "unknown"
        );
        assert!(package(&json!({"installedVersion": "1"})).is_err());
        assert!(package(&json!("zlib1g")).is_err());
    }

    #[test]
    fn whole_numbers_and_lookup_order() {
        assert_eq!(whole_number(&json!("95")), Ok(95));
        assert_eq!(whole_number(&json!(71.6)), Ok(72));
        assert!(whole_number(&json!("high")).is_err());
        let rule = json!({"severity": 4});
        let result = json!({"severity": 2, "customerSeverity": 5});
        let found = lookup(
            &[rule.as_object(), result.as_object()],
            &["severity", "customerSeverity"],
        );
        assert_eq!(found, Some(("severity", &json!(4))));
        let found = lookup(&[None, result.as_object()], &["customerSeverity"]);
        assert_eq!(found, Some(("customerSeverity", &json!(5))));
    }
}
