//! ASFF timestamps: RFC 3339 in UTC with a `Z` and millisecond precision.
//!
//! Security Hub orders updates by `UpdatedAt` and ignores an import whose
//! `UpdatedAt` is not newer than the stored one, so the format must keep
//! sub-second precision (two scans in one second are distinct) and must
//! compare the same way as the instants it encodes. A fixed width of three
//! fractional digits does both; nanoseconds would add nothing but length.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Duration, OffsetDateTime, UtcOffset};

/// `2024-05-01T10:00:00.000Z`.
pub fn format(at: OffsetDateTime) -> String {
    let utc = at.to_offset(UtcOffset::UTC);
    let millis = utc.nanosecond() / 1_000_000;
    let truncated = utc.replace_nanosecond(millis * 1_000_000).unwrap_or(utc);
    truncated
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
        ))
        // Only years outside 0000–9999 fail to format; no scan has one.
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".to_owned())
}

/// Parses a timestamp as Security Hub returns it (any RFC 3339 form).
pub fn parse(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// `now`, unless that would not be strictly later than `previous` once
/// formatted; then `previous` plus one second. Security Hub silently drops
/// an update whose `UpdatedAt` is not newer, so an archive must never tie.
pub fn strictly_after(previous: Option<&str>, now: OffsetDateTime) -> String {
    let Some(previous) = previous.and_then(parse) else {
        return format(now);
    };
    // Compare at the precision we emit, or a sub-millisecond gain would
    // format to the same string.
    let candidate = parse(&format(now)).unwrap_or(now);
    if candidate > previous {
        format(now)
    } else {
        format(previous + Duration::seconds(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats_in_utc_with_milliseconds_and_z() {
        let at = datetime!(2024-05-01 12:00:00.123456789 +02:00);
        assert_eq!(format(at), "2024-05-01T10:00:00.123Z");
        assert_eq!(
            format(datetime!(2024-05-01 10:00:00 UTC)),
            "2024-05-01T10:00:00.000Z"
        );
    }

    #[test]
    fn formatted_strings_sort_like_instants() {
        let a = format(datetime!(2024-05-01 10:00:00.999 UTC));
        let b = format(datetime!(2024-05-01 10:00:01.000 UTC));
        assert!(a < b);
    }

    #[test]
    fn round_trips_through_parse() {
        let at = datetime!(2024-05-01 10:00:00.250 UTC);
        assert_eq!(parse(&format(at)), Some(at));
        assert_eq!(
            parse("2024-05-01T10:00:00Z"),
            Some(datetime!(2024-05-01 10:00:00 UTC))
        );
        assert_eq!(parse("yesterday"), None);
    }

    #[test]
    fn later_now_is_used_as_is() {
        let now = datetime!(2024-05-02 10:00:00 UTC);
        assert_eq!(
            strictly_after(Some("2024-05-01T10:00:00.000Z"), now),
            "2024-05-02T10:00:00.000Z"
        );
    }

    #[test]
    fn equal_or_earlier_now_moves_one_second_past_previous() {
        let previous = "2024-05-01T10:00:00.000Z";
        for now in [
            datetime!(2024-05-01 10:00:00 UTC),
            datetime!(2024-05-01 10:00:00.0004 UTC),
            datetime!(2024-04-01 10:00:00 UTC),
        ] {
            assert_eq!(
                strictly_after(Some(previous), now),
                "2024-05-01T10:00:01.000Z"
            );
        }
    }

    #[test]
    fn missing_or_unreadable_previous_falls_back_to_now() {
        let now = datetime!(2024-05-02 10:00:00 UTC);
        assert_eq!(strictly_after(None, now), "2024-05-02T10:00:00.000Z");
        assert_eq!(
            strictly_after(Some("garbage"), now),
            "2024-05-02T10:00:00.000Z"
        );
    }
}
