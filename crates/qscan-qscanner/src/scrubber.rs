//! Removing secrets from QScanner's output as it streams, before anything
//! is cut or kept.
//!
//! Output arrives in read-sized chunks and only its last few KiB are kept.
//! Scrubbing after the cut leaks the remainder of a secret that straddles
//! the cut, and scrubbing each chunk alone misses one split across two
//! reads. So the scrubber holds back the few bytes that could still be the
//! start of a secret (at most the longest secret's length − 1), replaces
//! every complete secret with `***`, and only then hands bytes on.

use crate::credentials::Secret;

/// What a secret becomes.
pub const MASK: &[u8] = b"***";

/// A stream end that is the beginning of a secret this long or longer is
/// masked too (a process killed mid-print); shorter ones reveal too little
/// to matter and are mostly ordinary text.
pub const MIN_MASKED_PREFIX: usize = 4;

/// Scrubs a byte stream fed in arbitrary chunks. Feed with [`push`], end
/// with [`finish`]; the concatenated outputs equal the whole input with every
/// secret replaced by [`MASK`] (longest secret first where they overlap).
///
/// [`push`]: StreamScrubber::push
/// [`finish`]: StreamScrubber::finish
#[derive(Debug, Clone)]
pub struct StreamScrubber {
    /// Non-empty secret values, longest first.
    secrets: Vec<Vec<u8>>,
    /// Bytes some secret starts with: any other position is plain text.
    starts: [bool; 256],
    /// Bytes not yet handed on: a possible start of a secret.
    held: Vec<u8>,
}

impl StreamScrubber {
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a Secret>) -> Self {
        let mut secrets: Vec<Vec<u8>> = secrets
            .into_iter()
            .map(|s| s.expose().as_bytes().to_vec())
            .filter(|s| !s.is_empty())
            .collect();
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        let mut starts = [false; 256];
        for secret in &secrets {
            starts[usize::from(secret[0])] = true;
        }
        StreamScrubber {
            secrets,
            starts,
            held: Vec::new(),
        }
    }

    /// Scrubs `chunk` (after what is held back) and passes on every byte
    /// that can no longer be part of a secret.
    pub fn push(&mut self, chunk: &[u8], out: &mut impl FnMut(&[u8])) {
        if self.secrets.is_empty() {
            out(chunk);
            return;
        }
        self.held.extend_from_slice(chunk);
        let kept_from = self.scan(out, false);
        self.held.drain(..kept_from);
    }

    /// Ends the stream: passes on what was held back, masking a trailing
    /// start of a secret of at least [`MIN_MASKED_PREFIX`] bytes.
    pub fn finish(self, out: &mut impl FnMut(&[u8])) {
        self.scan(out, true);
    }

    /// Emits `held` up to the first position that may begin a secret not
    /// yet complete (none at the end of the stream); returns that position.
    fn scan(&self, out: &mut impl FnMut(&[u8]), at_end: bool) -> usize {
        let held = &self.held;
        let mut emitted = 0;
        let mut i = 0;
        while i < held.len() {
            if !self.starts[usize::from(held[i])] {
                i += 1;
                continue;
            }
            let rest = &held[i..];
            match self.partial_at(rest) {
                // A longer secret may still complete here: wait for more
                // bytes, even if a shorter one matches already.
                Some(_) if !at_end => {
                    out(&held[emitted..i]);
                    return i;
                }
                // The stream ended inside what may be a secret.
                Some(len) if len >= MIN_MASKED_PREFIX => {
                    out(&held[emitted..i]);
                    out(MASK);
                    return held.len();
                }
                // Too short to matter; still searched for whole secrets.
                _ => {}
            }
            if let Some(secret) = self.secrets.iter().find(|s| rest.starts_with(s)) {
                out(&held[emitted..i]);
                out(MASK);
                i += secret.len();
                emitted = i;
                continue;
            }
            i += 1;
        }
        out(&held[emitted..]);
        held.len()
    }

    /// `Some(rest.len())` when all of `rest` is a proper prefix of a secret.
    fn partial_at(&self, rest: &[u8]) -> Option<usize> {
        self.secrets
            .iter()
            .any(|s| s.len() > rest.len() && s.starts_with(rest))
            .then_some(rest.len())
    }
}

/// Replaces every occurrence of each secret in `text` with `***`.
///
/// Belt and braces for subprocess output we keep: QScanner should never
/// print a token, but a debug log line or a proxy error might.
pub fn scrub<'a>(text: &str, secrets: impl IntoIterator<Item = &'a Secret>) -> String {
    let mut scrubbed = Vec::with_capacity(text.len());
    let mut scrubber = StreamScrubber::new(secrets);
    let mut out = |bytes: &[u8]| scrubbed.extend_from_slice(bytes);
    scrubber.push(text.as_bytes(), &mut out);
    scrubber.finish(&mut out);
    // Secrets and the mask are whole UTF-8 strings, so no char is split.
    String::from_utf8_lossy(&scrubbed).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(secrets: &[&str], chunks: &[&[u8]]) -> String {
        let secrets: Vec<Secret> = secrets.iter().map(|s| Secret::new(*s)).collect();
        let mut scrubber = StreamScrubber::new(&secrets);
        let mut got = Vec::new();
        let mut out = |b: &[u8]| got.extend_from_slice(b);
        for chunk in chunks {
            scrubber.push(chunk, &mut out);
        }
        scrubber.finish(&mut out);
        String::from_utf8(got).unwrap()
    }

    #[test]
    fn a_secret_split_across_any_two_chunks_is_masked() {
        let text = b"token=s3cr3t-VALUE; done";
        for cut in 0..=text.len() {
            let (a, b) = text.split_at(cut);
            assert_eq!(
                run(&["s3cr3t-VALUE"], &[a, b]),
                "token=***; done",
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn a_secret_fed_one_byte_at_a_time_is_masked() {
        let text = b"aaab s3cr3t s3cr3 s3cr3t";
        let bytes: Vec<&[u8]> = text.chunks(1).collect();
        assert_eq!(run(&["s3cr3t"], &bytes), "aaab *** s3cr3 ***");
    }

    #[test]
    fn the_longest_overlapping_secret_wins() {
        assert_eq!(run(&["abc", "abcdef"], &[b"xabcdefy abcx"]), "x***y ***x");
        // Even when the shorter one is complete before the longer one is.
        assert_eq!(run(&["abc", "abcdef"], &[b"xab", b"c", b"defy"]), "x***y");
        assert_eq!(run(&["abc", "abcdef"], &[b"xabc"]), "x***");
        assert_eq!(run(&["abc", "abcdef"], &[b"xab", b"cd"]), "x***");
    }

    #[test]
    fn a_trailing_start_of_a_secret_is_masked_when_long_enough() {
        assert_eq!(run(&["LONGSECRET"], &[b"end LONGSE"]), "end ***");
        assert_eq!(run(&["LONGSECRET"], &[b"end LON"]), "end LON");
    }

    #[test]
    fn empty_secrets_change_nothing() {
        assert_eq!(run(&[""], &[b"a", b"b"]), "ab");
        assert_eq!(run(&[], &[b"plain"]), "plain");
    }

    #[test]
    fn scrub_masks_every_occurrence_in_text() {
        let secrets = [Secret::new("tok"), Secret::new("")];
        assert_eq!(scrub("tok tik tok", &secrets), "*** tik ***");
    }
}
