//! Paragraph fingerprints: the exact hash of a matching key.
//!
//! Fingerprints are meant to be stored: they are computed from explicit UTF-8
//! bytes with a named hash and a fixed seed, never with `std::hash`, so they
//! are the same on every platform, build and release. Golden values in
//! `tests/data/fingerprints.tsv` pin them; a change to them is a breaking
//! change, flagged in CHANGELOG.md.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// The seed of [`exact_hash`]: the ASCII bytes of `naqi` followed by 1, as a
/// big-endian `u64`.
pub const EXACT_SEED: u64 = 0x6E61_7169_0000_0001;

/// The exact fingerprint of a matching key: XXH3-64 with seed
/// [`EXACT_SEED`] over the key's UTF-8 bytes (its words joined by one ASCII
/// space, as [`Normalizer::matching`](crate::Normalizer::matching) returns
/// it).
///
/// Two paragraphs are exact duplicates when their keys are equal; equal keys
/// give equal hashes on every platform.
///
/// # Example
///
/// ```
/// use naqi::{Normalizer, exact_hash};
///
/// let m = Normalizer::matching();
/// let a = exact_hash(&m.normalize("أعلنت الوزارة"));
/// let b = exact_hash(&m.normalize("اعلنت  الوزارة!"));
/// assert_eq!(a, b);
/// assert_eq!(exact_hash(""), 0x8C9D_5D6F_7D14_A3E3);
/// ```
pub fn exact_hash(key: &str) -> u64 {
    xxh3_64_with_seed(key.as_bytes(), EXACT_SEED)
}
