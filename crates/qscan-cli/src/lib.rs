//! The parts of `qscan` other tools reuse: replaying an event through the
//! pipeline ([`replay`]) and reading findings back from Security Hub
//! ([`readback`]). The `make demo` runner prints with the same code.

#[cfg(feature = "aws")]
pub mod readback;
#[cfg(feature = "aws")]
pub mod replay;
