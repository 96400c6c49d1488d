//! Size limits on every string the parser keeps from a report.
//!
//! A report is untrusted input: one 2 MB description, or a thousand long
//! ones, must not make the outcome too large to send. Each text field is cut
//! here, at the parser, so every consumer (S3, SNS, Security Hub, logs) sees
//! bounded values. Limits count `char`s, cuts fall on `char` boundaries, and
//! a cut value ends with [`CUT_MARK`] so a reader sees it was cut.
//!
//! Free text (titles, descriptions) is simply cut. Values that help identify
//! a finding (package names, versions, paths, layers) also get a short hash
//! of the whole value after the mark, so two long values sharing a prefix
//! stay two values. Identifiers that must be exact (QIDs, CVE ids) are
//! never cut: one over its limit is an error.

use sha2::{Digest, Sha256};

/// Ends a cut value.
pub const CUT_MARK: char = '…';
/// Finding title (rule `shortDescription` / `name`, or the result message).
pub const MAX_TITLE: usize = 512;
/// Finding description (rule `fullDescription` / `help`).
pub const MAX_DESCRIPTION: usize = 4096;
/// Category and CVSS vector.
pub const MAX_SHORT_TEXT: usize = 256;
/// Package name, installed and fixed version, path, layer digest.
pub const MAX_PACKAGE_FIELD: usize = 512;
/// QScanner's version as the report states it.
pub const MAX_VERSION: usize = 64;
/// A QID or a CVE id: longer is not an id (and is an error, not a cut).
pub const MAX_ID: usize = 64;
/// Report values quoted in error messages.
pub const MAX_QUOTED: usize = 80;

/// Hex digits of the hash that keeps cut identifying values distinct.
const KEY_HASH_HEX: usize = 16;

/// [`cut_text`] for an owned value: no copy when it fits (the usual case).
pub fn bound_text(text: String, max: usize) -> String {
    if text.len() <= max {
        return text; // bytes >= chars
    }
    cut_text(&text, max)
}

/// [`cut_key`] for an owned value: no copy when it fits.
pub fn bound_key(text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    cut_key(&text, max)
}

/// `text` if it has at most `max` chars, else its first `max - 1` chars
/// followed by [`CUT_MARK`].
pub fn cut_text(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some(_) => {
            let end = text
                .char_indices()
                .nth(max.saturating_sub(1))
                .map_or(text.len(), |(i, _)| i);
            let mut cut = String::with_capacity(end + CUT_MARK.len_utf8());
            cut.push_str(&text[..end]);
            cut.push(CUT_MARK);
            cut
        }
    }
}

/// Like [`cut_text`], but a cut value ends with `…<16 hex>` (a SHA-256
/// prefix of the whole value), still within `max` chars.
pub fn cut_key(text: &str, max: usize) -> String {
    if text.char_indices().nth(max).is_none() {
        return text.to_owned();
    }
    let hash = hex_prefix(text.as_bytes());
    let keep = max.saturating_sub(1 + KEY_HASH_HEX);
    let end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
    format!("{}{CUT_MARK}{hash}", &text[..end])
}

/// A JSON value as it appears in a report, shortened for an error message.
pub fn quote(value: &serde_json::Value) -> String {
    cut_text(&value.to_string(), MAX_QUOTED)
}

fn hex_prefix(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest
        .iter()
        .take(KEY_HASH_HEX / 2)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_unchanged_and_long_text_is_cut_on_a_char_boundary() {
        assert_eq!(cut_text("abc", 3), "abc");
        assert_eq!(cut_text("abcd", 3), "ab…");
        // Multi-byte chars: counted as chars, never split.
        assert_eq!(cut_text("ééééé", 4), "ééé…");
        assert_eq!(cut_text("日本語テキスト", 7), "日本語テキスト");
        assert_eq!(cut_text("日本語テキスト", 6), "日本語テキ…");
        assert_eq!(cut_text("x", 0), "…");
    }

    #[test]
    fn cut_keys_keep_distinct_values_distinct_within_the_limit() {
        let a = format!("{}a", "p".repeat(600));
        let b = format!("{}b", "p".repeat(600));
        let (ca, cb) = (cut_key(&a, 100), cut_key(&b, 100));
        assert_ne!(ca, cb);
        assert_eq!(ca.chars().count(), 100);
        assert!(ca.starts_with(&"p".repeat(83)));
        assert!(ca.contains(CUT_MARK));
        assert_eq!(cut_key(&a, 100), ca, "deterministic");
        assert_eq!(cut_key("short", 100), "short");
    }

    #[test]
    fn quoted_values_are_short() {
        let long = serde_json::Value::String("x".repeat(10_000));
        assert_eq!(quote(&long).chars().count(), MAX_QUOTED);
        assert_eq!(quote(&serde_json::json!(7)), "7");
    }
}
