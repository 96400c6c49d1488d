//! "Did you mean …?" for unknown keys, regions, severities and the like.

/// The candidate closest to `word` by edit distance (ASCII case ignored),
/// if it is close enough to be a plausible typo: at most a third of the
/// longer word's length, and never more than 3 edits.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = strsim::levenshtein(&word, &candidate.to_ascii_lowercase());
        let limit = (word.len().max(candidate.len()) / 3).clamp(1, 3);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// A hint naming the closest candidate, or listing them all when none is
/// close.
pub(crate) fn hint(word: &str, candidates: &[&str]) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("expected one of: {}", candidates.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let keys = ["functions", "arns", "accounts"];
        assert_eq!(closest("function", keys), Some("functions"));
        assert_eq!(closest("acounts", keys), Some("accounts"));
        assert_eq!(closest("zzzzzz", keys), None);
        assert_eq!(hint("high", &["LOW", "HIGH"]), "did you mean `HIGH`?");
        assert_eq!(hint("x", &["LOW", "HIGH"]), "expected one of: LOW, HIGH");
    }

    #[test]
    fn suggests_the_region_a_typo_meant() {
        let regions = || qscan_contracts::regions::REGIONS.iter().map(|r| r.name);
        assert_eq!(closest("eu-west1", regions()), Some("eu-west-1"));
        assert_eq!(closest("us-est-1", regions()), Some("us-east-1"));
        assert_eq!(closest("mars-north-9000", regions()), None);
    }
}
