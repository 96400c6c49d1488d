//! Splitting findings into `BatchImportFindings` calls.
//!
//! The API takes at most [`MAX_BATCH`] findings per call (and 6 MB per call,
//! 240 KB per finding). Findings built here are a few KB each (description
//! ≤ 1,024 characters, one vulnerability, two resources), so 100 of them
//! stay far below 6 MB and the count is the only limit that binds.

/// Most findings `BatchImportFindings` accepts in one call.
pub const MAX_BATCH: usize = 100;

/// `items` in order, in chunks of at most [`MAX_BATCH`]; no empty chunk
/// (so no empty call) for an empty input.
pub fn batches<T>(items: Vec<T>) -> Vec<Vec<T>> {
    batches_of(items, MAX_BATCH)
}

/// As [`batches`] with a smaller size, for retries under throttling.
/// A `size` of 0 is treated as 1; sizes over [`MAX_BATCH`] are capped.
pub fn batches_of<T>(items: Vec<T>, size: usize) -> Vec<Vec<T>> {
    let size = size.clamp(1, MAX_BATCH);
    let mut out = Vec::with_capacity(items.len().div_ceil(size));
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        out.push(items.by_ref().take(size).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(n: usize) -> Vec<usize> {
        batches((0..n).collect()).iter().map(Vec::len).collect()
    }

    #[test]
    fn splits_at_the_api_limit() {
        assert!(sizes(0).is_empty());
        assert_eq!(sizes(1), [1]);
        assert_eq!(sizes(100), [100]);
        assert_eq!(sizes(101), [100, 1]);
        assert_eq!(sizes(250), [100, 100, 50]);
    }

    #[test]
    fn keeps_order_and_every_item() {
        let flat: Vec<usize> = batches((0..250).collect()).into_iter().flatten().collect();
        assert_eq!(flat, (0..250).collect::<Vec<_>>());
    }

    #[test]
    fn custom_sizes_are_clamped_to_the_api_range() {
        let lens = |n, size| -> Vec<usize> {
            batches_of((0..n).collect::<Vec<_>>(), size)
                .iter()
                .map(Vec::len)
                .collect()
        };
        assert_eq!(lens(5, 2), [2, 2, 1]);
        assert_eq!(lens(3, 0), [1, 1, 1]);
        assert_eq!(lens(150, 1000), [100, 50]);
    }
}
