//! Layer 4, semantics: each value on its own (severity names, account ids,
//! region names, dates, durations, vulnerability ids, rule names).
//!
//! Every check reports into the sink at the value's own span and returns
//! the typed value when it is valid, so one pass finds every bad value.

use std::time::Duration;

use qscan_contracts::regions::{self, REGIONS};
use qscan_contracts::{is_account_id, PackageType, ScanMode, ScanType, Severity};
use time::{macros::format_description, Date};
use toml::Spanned;

use crate::diag::Sink;
use crate::model::VulnId;
use crate::raw::{Str, MODES, NAME_PATTERN, PACKAGE_TYPES, SCAN_TYPES, SEVERITIES};
use crate::suggest;

pub(crate) fn severity(value: &Str, key: &str, sink: &mut Sink) -> Option<Severity> {
    let text = value.get_ref();
    if SEVERITIES.contains(&text.as_str()) {
        return text.parse().ok();
    }
    sink.error(
        value.span(),
        format!("unknown severity {text:?} for `{key}`"),
        suggest::hint(text, SEVERITIES),
    );
    None
}

pub(crate) fn account(value: &Str, sink: &mut Sink) -> Option<String> {
    let text = value.get_ref();
    if is_account_id(text) {
        return Some(text.clone());
    }
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    let hint = if digits == text.len() {
        format!("an AWS account id is exactly 12 digits; this has {digits} (leading zeros count)")
    } else {
        "an AWS account id is exactly 12 digits, without dashes, e.g. \"123456789012\"".to_owned()
    };
    sink.error(value.span(), format!("invalid account id {text:?}"), hint);
    None
}

pub(crate) fn region(value: &Str, sink: &mut Sink) -> Option<String> {
    let text = value.get_ref();
    if regions::region(text).is_some() {
        return Some(text.clone());
    }
    let hint = match suggest::closest(text, REGIONS.iter().map(|r| r.name)) {
        Some(close) => format!("did you mean `{close}`?"),
        None => {
            "use an AWS region name such as \"eu-west-1\"; globs are not allowed here".to_owned()
        }
    };
    sink.error(value.span(), format!("unknown region {text:?}"), hint);
    None
}

pub(crate) fn package_type(value: &Str, sink: &mut Sink) -> Option<PackageType> {
    match value.get_ref().as_str() {
        "Image" => Some(PackageType::Image),
        "Zip" => Some(PackageType::Zip),
        other => {
            sink.error(
                value.span(),
                format!("unknown package type {other:?}"),
                suggest::hint(other, PACKAGE_TYPES),
            );
            None
        }
    }
}

/// `expires`: a TOML date (`2026-12-31`) or a string `"2026-12-31"`.
pub(crate) fn date(value: &Spanned<toml::Value>, sink: &mut Sink) -> Option<Date> {
    let hint = "write the last day the rule applies as YYYY-MM-DD, e.g. `expires = 2026-12-31`";
    let text = match value.get_ref() {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
        toml::Value::Datetime(dt) => {
            sink.error(
                value.span(),
                format!("`expires` must be a date without a time, found {dt}"),
                hint,
            );
            return None;
        }
        other => {
            sink.error(
                value.span(),
                format!("`expires` must be a date, found {}", other.type_str()),
                hint,
            );
            return None;
        }
    };
    match Date::parse(&text, format_description!("[year]-[month]-[day]")) {
        Ok(date) => Some(date),
        Err(e) => {
            sink.error(value.span(), format!("invalid date {text:?}: {e}"), hint);
            None
        }
    }
}

/// `rescan_after`: a positive whole number and one unit, `m`, `h`, `d` or `w`.
pub(crate) fn duration(value: &Str, sink: &mut Sink) -> Option<Duration> {
    let text = value.get_ref().trim();
    let unit_seconds = match text.chars().last() {
        Some('m') => 60,
        Some('h') => 3600,
        Some('d') => 86_400,
        Some('w') => 7 * 86_400,
        _ => 0,
    };
    let number = text.get(..text.len().saturating_sub(1)).unwrap_or("");
    let count = number
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| number.parse::<u64>().ok())
        .flatten()
        .filter(|n| *n > 0);
    match (unit_seconds, count) {
        (seconds, Some(n)) if seconds > 0 => Some(Duration::from_secs(n.saturating_mul(seconds))),
        _ => {
            sink.error(
                value.span(),
                format!("invalid duration {text:?} for `rescan_after`"),
                "write a positive number and a unit: m (minutes), h (hours), d (days) or w (weeks), e.g. \"7d\"",
            );
            None
        }
    }
}

pub(crate) fn vulnerability(value: &Str, sink: &mut Sink) -> Option<VulnId> {
    let parsed = VulnId::parse(value.get_ref());
    if parsed.is_none() {
        sink.error(
            value.span(),
            format!("invalid vulnerability id {:?}", value.get_ref()),
            "name a CVE (\"CVE-2024-3094\") or a Qualys QID (\"376537\" or \"QID-376537\")",
        );
    }
    parsed
}

pub(crate) fn scan_type(value: &Str, sink: &mut Sink) -> Option<ScanType> {
    let parsed = ScanType::parse(value.get_ref());
    if parsed.is_none() {
        sink.error(
            value.span(),
            format!("unknown scan type {:?}", value.get_ref()),
            suggest::hint(value.get_ref(), SCAN_TYPES),
        );
    }
    parsed
}

/// Only modes that end with a vulnerability report: with the others every
/// scan would fail for want of one.
pub(crate) fn mode(value: &Str, sink: &mut Sink) -> Option<ScanMode> {
    let text = value.get_ref();
    let parsed = ScanMode::parse(text);
    if parsed.is_some() {
        return parsed;
    }
    if ScanMode::WITHOUT_REPORT.contains(&text.as_str()) {
        sink.error(
            value.span(),
            format!(
                "QScanner mode {text:?} writes no vulnerability report, so every scan would fail"
            ),
            format!("use one of: {}", MODES.join(", ")),
        );
    } else {
        sink.error(
            value.span(),
            format!("unknown QScanner mode {text:?}"),
            suggest::hint(text, MODES),
        );
    }
    None
}

/// `policy_tags` end up on QScanner's command line: plain names only.
pub(crate) fn policy_tag(value: &Str, sink: &mut Sink) -> Option<String> {
    let text = value.get_ref();
    let ok = !text.is_empty()
        && !text.starts_with('-')
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:/".contains(&b));
    if ok {
        return Some(text.clone());
    }
    sink.error(
        value.span(),
        format!("invalid policy tag {text:?}"),
        "use letters, digits and - _ . : /, not starting with -",
    );
    None
}

/// Rule names: they appear in logs and metrics, so keep them plain.
pub(crate) fn name(value: &Str, sink: &mut Sink) -> Option<String> {
    let text = value.get_ref();
    let mut bytes = text.bytes();
    let ok = text.len() <= 64
        && bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if ok {
        return Some(text.clone());
    }
    sink.error(
        value.span(),
        format!("invalid rule name {text:?}"),
        format!("use 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit ({NAME_PATTERN})"),
    );
    None
}

pub(crate) fn reason(value: &Str, sink: &mut Sink) -> Option<String> {
    let text = value.get_ref().trim();
    if text.is_empty() {
        sink.error(
            value.span(),
            "`reason` is empty",
            "say why in a few words: it is logged every time the rule applies",
        );
        return None;
    }
    Some(text.to_owned())
}

/// A list key that is present must not be empty: an empty list would match
/// nothing, which is never what was meant.
pub(crate) fn non_empty<T>(list: &Spanned<Vec<T>>, key: &str, sink: &mut Sink) -> bool {
    if list.get_ref().is_empty() {
        sink.error(
            list.span(),
            format!("`{key}` is an empty list, so this rule can never match"),
            format!("remove `{key}` to match any value, or list at least one"),
        );
        return false;
    }
    true
}
