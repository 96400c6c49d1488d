//! The last few KiB of QScanner's stdout or stderr, secrets removed, kept
//! for error messages (which reach S3, SNS and logs).
//!
//! Order matters: bytes are scrubbed as they stream in ([`StreamScrubber`])
//! and only then cut to [`TAIL_BYTES`]. Cutting first would keep the end of a
//! secret that straddles the cut, where no scrubbing can recognise it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::task::JoinHandle;

use crate::credentials::Secret;
use crate::scrubber::StreamScrubber;

/// How much of stdout and of stderr is kept, from the end, for messages.
pub const TAIL_BYTES: usize = 8 * 1024;

/// A stream's scrubbed tail: feed with [`push`](Self::push), read with
/// [`finish`](Self::finish). Memory is bounded by [`TAIL_BYTES`] plus the
/// longest secret.
#[derive(Debug, Clone)]
pub struct ScrubbedTail {
    scrubber: StreamScrubber,
    kept: VecDeque<u8>,
}

impl ScrubbedTail {
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a Secret>) -> Self {
        ScrubbedTail {
            scrubber: StreamScrubber::new(secrets),
            kept: VecDeque::with_capacity(TAIL_BYTES),
        }
    }

    pub fn push(&mut self, chunk: &[u8]) {
        let kept = &mut self.kept;
        self.scrubber
            .push(chunk, &mut |bytes| keep_last(kept, bytes));
    }

    /// The kept text, trimmed; a char cut at the start reads as U+FFFD.
    pub fn finish(self) -> String {
        let mut kept = self.kept;
        self.scrubber
            .finish(&mut |bytes| keep_last(&mut kept, bytes));
        let (a, b) = kept.as_slices();
        String::from_utf8_lossy(&[a, b].concat()).trim().to_owned()
    }
}

fn keep_last(kept: &mut VecDeque<u8>, bytes: &[u8]) {
    kept.extend(bytes);
    let excess = kept.len().saturating_sub(TAIL_BYTES);
    kept.drain(..excess);
}

/// A [`ScrubbedTail`] filled by a background task reading a pipe, shared so
/// whatever was read survives aborting the task.
pub(crate) struct Tail {
    tail: Arc<Mutex<ScrubbedTail>>,
    task: Option<JoinHandle<()>>,
}

impl Tail {
    pub(crate) fn read(
        stream: Option<impl AsyncRead + Unpin + Send + 'static>,
        secrets: &[&Secret],
    ) -> Self {
        let tail = Arc::new(Mutex::new(ScrubbedTail::new(secrets.iter().copied())));
        let task = stream.map(|mut stream| {
            let tail = Arc::clone(&tail);
            tokio::spawn(async move {
                let mut chunk = [0u8; 4096];
                while let Ok(n @ 1..) = stream.read(&mut chunk).await {
                    tail.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(&chunk[..n]);
                }
            })
        });
        Tail { tail, task }
    }

    /// True once the reader has reached end of stream, waiting no later
    /// than `deadline`.
    pub(crate) async fn finished_by(&mut self, deadline: tokio::time::Instant) -> bool {
        let Some(task) = &mut self.task else {
            return true;
        };
        if tokio::time::timeout_at(deadline, task).await.is_err() {
            return false;
        }
        self.task = None;
        true
    }

    /// The scrubbed tail as text.
    pub(crate) fn text(self) -> String {
        if let Some(task) = self.task {
            task.abort();
        }
        let tail = self.tail.lock().unwrap_or_else(|e| e.into_inner()).clone();
        tail.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "QUALYS-tok3n-0123456789abcdef";

    /// Filler sharing no byte with the secret, the secret at `offset`.
    fn stream(total: usize, offset: usize) -> Vec<u8> {
        let mut bytes: Vec<u8> = (0..total).map(|i| b"wxyz."[i % 5]).collect();
        bytes[offset..offset + SECRET.len()].copy_from_slice(SECRET.as_bytes());
        bytes
    }

    fn tail_of(bytes: &[u8], chunk: usize) -> String {
        let secret = Secret::new(SECRET);
        let mut tail = ScrubbedTail::new([&secret]);
        for piece in bytes.chunks(chunk) {
            tail.push(piece);
        }
        tail.finish()
    }

    #[test]
    fn no_part_of_a_secret_survives_at_any_offset_around_the_cut() {
        let total = TAIL_BYTES + 3 * SECRET.len();
        // The cut falls `total - TAIL_BYTES` bytes in; try the secret at
        // every offset that puts it before, across and after the cut.
        let cut = total - TAIL_BYTES;
        for offset in cut - 2 * SECRET.len()..=cut + SECRET.len() {
            let bytes = stream(total, offset);
            for chunk in [1, SECRET.len() - 1, 4096] {
                let text = tail_of(&bytes, chunk);
                // Any 4 consecutive secret bytes would be a leak.
                for part in SECRET.as_bytes().windows(4) {
                    let part = std::str::from_utf8(part).unwrap();
                    assert!(
                        !text.contains(part),
                        "offset {offset}, chunk {chunk}: {part:?} survived"
                    );
                }
                assert!(text.len() <= TAIL_BYTES, "offset {offset}");
            }
        }
    }

    #[test]
    fn the_kept_tail_is_the_end_of_the_scrubbed_stream() {
        let secret = Secret::new("tok");
        let mut tail = ScrubbedTail::new([&secret]);
        tail.push(&vec![b'x'; 2 * TAIL_BYTES]);
        tail.push(b" to");
        tail.push(b"k end");
        let text = tail.finish();
        assert!(text.ends_with("x *** end"), "{text}");
        assert_eq!(text.len(), TAIL_BYTES);
    }
}
