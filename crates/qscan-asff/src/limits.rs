//! Security Hub's documented field limits, enforced in one place.
//!
//! Every string that goes into a finding with a length limit passes through
//! [`fit`], and [`validate`] checks a finished finding against the same
//! numbers, so the builder cannot emit something `BatchImportFindings` would
//! reject one entry at a time.
//!
//! Lengths are counted *after JSON escaping*, as the API reference says for
//! `Description`: a `"` or a newline costs two characters on the wire, a raw
//! control character six (`\u0001`). Non-ASCII text counts one per `char`
//! (the SDK's JSON writer does not escape it).

use aws_sdk_securityhub::types::AwsSecurityFinding;
use qscan_contracts::is_account_id;

use crate::AsffError;

/// `Id` and `GeneratorId`.
pub const MAX_ID: usize = 512;
/// `Title`.
pub const MAX_TITLE: usize = 256;
/// `Description` (and at least 1).
pub const MAX_DESCRIPTION: usize = 1024;
/// `Resources[].Details.Container.ImageName`.
pub const MAX_IMAGE_NAME: usize = 128;
/// `ProductFields`: pairs, key length, value length.
pub const MAX_PRODUCT_FIELDS: usize = 50;
pub const MAX_PRODUCT_FIELD_KEY: usize = 128;
pub const MAX_PRODUCT_FIELD_VALUE: usize = 2048;

const ELLIPSIS: char = '…';

/// Length of `s` once JSON-escaped (without the surrounding quotes).
pub fn escaped_len(s: &str) -> usize {
    s.chars().map(escaped_char_len).sum()
}

fn escaped_char_len(c: char) -> usize {
    match c {
        '"' | '\\' | '\n' | '\r' | '\t' | '\u{08}' | '\u{0C}' => 2,
        c if (c as u32) < 0x20 => 6,
        _ => 1,
    }
}

/// `s` unchanged if it fits in `max` escaped characters, else cut on a
/// `char` boundary and ended with `…` so a reader sees it was cut.
pub fn fit(s: &str, max: usize) -> String {
    if escaped_len(s) <= max {
        return s.to_owned();
    }
    // The ellipsis itself costs one character.
    let budget = max.saturating_sub(1);
    let mut used = 0;
    let mut out = String::with_capacity(budget + ELLIPSIS.len_utf8());
    for c in s.chars() {
        let cost = escaped_char_len(c);
        if used + cost > budget {
            break;
        }
        used += cost;
        out.push(c);
    }
    // Trailing whitespace before the ellipsis reads as a rendering glitch.
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push(ELLIPSIS);
    out
}

/// Checks a built finding against the limits above and the required fields.
///
/// [`crate::findings_for`] runs it on everything it returns, so a violation
/// is a bug here, surfaced as an error instead of a rejected import.
pub fn validate(finding: &AwsSecurityFinding) -> Result<(), AsffError> {
    let id = finding.id().unwrap_or_default().to_owned();
    let bad = |field: &'static str, problem: String| AsffError::Limit {
        id: id.clone(),
        field,
        problem,
    };
    let required = [
        ("SchemaVersion", finding.schema_version()),
        ("Id", finding.id()),
        ("ProductArn", finding.product_arn()),
        ("GeneratorId", finding.generator_id()),
        ("AwsAccountId", finding.aws_account_id()),
        ("CreatedAt", finding.created_at()),
        ("UpdatedAt", finding.updated_at()),
        ("Title", finding.title()),
        ("Description", finding.description()),
    ];
    for (field, value) in required {
        if value.is_none_or(str::is_empty) {
            return Err(bad(field, "is missing or empty".into()));
        }
    }
    if finding.types().is_empty() {
        return Err(bad("Types", "is empty".into()));
    }
    if finding.severity().and_then(|s| s.label()).is_none() {
        return Err(bad("Severity.Label", "is missing".into()));
    }
    if finding.resources().is_empty() {
        return Err(bad("Resources", "is empty".into()));
    }
    let lengths = [
        ("Id", finding.id(), MAX_ID),
        ("GeneratorId", finding.generator_id(), MAX_ID),
        ("Title", finding.title(), MAX_TITLE),
        ("Description", finding.description(), MAX_DESCRIPTION),
    ];
    for (field, value, max) in lengths {
        let len = escaped_len(value.unwrap_or_default());
        if len > max {
            return Err(bad(field, format!("is {len} characters, limit {max}")));
        }
    }
    let account = finding.aws_account_id().unwrap_or_default();
    if !is_account_id(account) {
        return Err(bad("AwsAccountId", format!("{account:?} is not 12 digits")));
    }
    for resource in finding.resources() {
        let name = resource
            .details()
            .and_then(|d| d.container())
            .and_then(|c| c.image_name());
        if let Some(name) = name.filter(|n| escaped_len(n) > MAX_IMAGE_NAME) {
            return Err(bad(
                "Container.ImageName",
                format!("{name:?} exceeds {MAX_IMAGE_NAME} characters"),
            ));
        }
    }
    if let Some(fields) = finding.product_fields() {
        if fields.len() > MAX_PRODUCT_FIELDS {
            return Err(bad("ProductFields", format!("has {} pairs", fields.len())));
        }
        let oversized = fields.iter().find(|(k, v)| {
            escaped_len(k) > MAX_PRODUCT_FIELD_KEY || escaped_len(v) > MAX_PRODUCT_FIELD_VALUE
        });
        if let Some((key, _)) = oversized {
            return Err(bad("ProductFields", format!("entry {key:?} is too long")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_returned_unchanged() {
        assert_eq!(fit("libgnutls30", 256), "libgnutls30");
        assert_eq!(fit("", 10), "");
    }

    #[test]
    fn long_text_is_cut_to_the_limit_with_an_ellipsis() {
        let cut = fit(&"a".repeat(5000), MAX_DESCRIPTION);
        assert_eq!(escaped_len(&cut), MAX_DESCRIPTION);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn multibyte_text_at_the_boundary_is_cut_on_a_char_boundary() {
        // 'é' is 2 bytes and '🦀' 4: a byte-based cut would split them.
        for filler in ["é", "🦀", "日本"] {
            let text = filler.repeat(600);
            let cut = fit(&text, MAX_TITLE);
            assert!(escaped_len(&cut) <= MAX_TITLE, "{filler}");
            assert!(cut.chars().count() >= MAX_TITLE - 2, "{filler}");
            assert!(cut.ends_with('…'));
        }
    }

    #[test]
    fn escaping_counts_towards_the_limit() {
        let quoted = "\"".repeat(600);
        let cut = fit(&quoted, MAX_DESCRIPTION);
        assert!(escaped_len(&cut) <= MAX_DESCRIPTION);
        // Each quote costs two on the wire, so about half survive.
        assert_eq!(cut.chars().filter(|c| *c == '"').count(), 511);
        assert_eq!(escaped_len("a\u{01}b"), 8);
    }

    #[test]
    fn trailing_whitespace_is_not_left_before_the_ellipsis() {
        let text = format!("{} {}", "a".repeat(9), "b".repeat(20));
        assert_eq!(fit(&text, 11), "aaaaaaaaa…");
    }

    #[test]
    fn validate_rejects_a_finding_without_required_fields() {
        let err = validate(&AwsSecurityFinding::builder().build()).unwrap_err();
        assert!(err.to_string().contains("SchemaVersion"), "{err}");
    }
}
