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
        let distance = edit_distance(&word, &candidate.to_ascii_lowercase());
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

/// Levenshtein distance over bytes (the inputs are ASCII identifiers).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn suggests_close_words_only() {
        let keys = ["functions", "arns", "accounts"];
        assert_eq!(closest("function", keys), Some("functions"));
        assert_eq!(closest("acounts", keys), Some("accounts"));
        assert_eq!(closest("zzzzzz", keys), None);
        assert_eq!(hint("high", &["LOW", "HIGH"]), "did you mean `HIGH`?");
        assert_eq!(hint("x", &["LOW", "HIGH"]), "expected one of: LOW, HIGH");
    }
}
