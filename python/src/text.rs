//! Normalization and fingerprints.

use std::sync::LazyLock;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

static DISPLAY: LazyLock<naqi::Normalizer> = LazyLock::new(naqi::Normalizer::display);
static MATCHING: LazyLock<naqi::Normalizer> = LazyLock::new(naqi::Normalizer::matching);

/// Normalizes a text: ``normalize(text, preset="display") -> str``.
///
/// ``"display"``: the meaning-preserving cleanup that ``clean_article``
/// returns (presentation forms decomposed, invisible controls and
/// stretching tatweel deleted, white space collapsed and trimmed, NFC).
/// ``"matching"``: the comparison key (the display form folded: marks
/// deleted, alef, yeh, teh marbuta, hamza seats and digits unified, lower
/// case, punctuation as word boundaries), words separated by one space.
/// Any other preset raises ``ValueError``.
#[pyfunction]
#[pyo3(signature = (text, preset = "display"))]
pub(crate) fn normalize(py: Python<'_>, text: String, preset: &str) -> PyResult<String> {
    let normalizer: &naqi::Normalizer = match preset {
        "display" => &DISPLAY,
        "matching" => &MATCHING,
        other => {
            return Err(PyValueError::new_err(format!(
                "preset must be \"display\" or \"matching\", got {other:?}"
            )));
        }
    };
    Ok(py.detach(|| normalizer.normalize(&text).into_owned()))
}

/// The exact fingerprint of a matching key: ``exact_hash(key) -> int``,
/// XXH3-64 with naqi's fixed seed over the key's UTF-8 bytes, an unsigned
/// 64-bit int. Stable across platforms and releases. Pass a key
/// (``normalize(text, "matching")``) to get a paragraph's fingerprint.
#[pyfunction]
pub(crate) fn exact_hash(key: &str) -> u64 {
    naqi::exact_hash(key)
}

/// The SimHash of a matching key: ``simhash(key) -> int``, 64 bits over
/// the character 4-grams of ``" " + key + " "`` (``Fingerprint::of_key``),
/// an unsigned 64-bit int; 0 for the empty key.
#[pyfunction]
pub(crate) fn simhash(key: &str) -> u64 {
    naqi::Fingerprint::of_key(key).as_u64()
}

/// The number of bits (0 to 64) in which two 64-bit fingerprints differ:
/// ``hamming_distance(a, b) -> int``. Both are unsigned 64-bit ints
/// (``i64_to_u64`` converts a signed column value).
#[pyfunction]
pub(crate) fn hamming_distance(a: u64, b: u64) -> u32 {
    naqi::Fingerprint::from_u64(a).hamming_distance(naqi::Fingerprint::from_u64(b))
}
