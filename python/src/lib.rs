//! Python bindings of naqi: the extension module `naqi._naqi`, re-exported
//! by the Python package `naqi`.
//!
//! One module per concern: [`article`] (the result types), [`cleaner`]
//! (cleaning one article or a batch), [`text`] (normalization and
//! fingerprints), [`corpus`] (the corpus stages, whole or step by step),
//! [`input`] (reading articles and arguments from Python values).
//!
//! Strings cross the boundary as owned `String`s: a Python `str` holding a
//! lone surrogate cannot be UTF-8 and raises `UnicodeEncodeError` (a
//! `ValueError`) when it is read, before any Rust code sees it.

use pyo3::prelude::*;

mod article;
mod cleaner;
mod corpus;
mod input;
mod text;

pyo3::create_exception!(
    naqi,
    ConfigError,
    pyo3::exceptions::PyValueError,
    "An invalid configuration value: the message names the setting, its range and the value given."
);

pyo3::create_exception!(
    naqi,
    LimitError,
    pyo3::exceptions::PyValueError,
    "An article over a configured limit (`max_article_bytes` or `max_paragraphs`), from `Cleaner.try_clean`."
);

/// The exception for a naqi error: `ConfigError` for a configuration,
/// `LimitError` for a limit.
pub(crate) fn to_py_err(e: naqi::Error) -> PyErr {
    match e.kind() {
        naqi::ErrorKind::ArticleTooLarge { .. } | naqi::ErrorKind::TooManyParagraphs { .. } => {
            LimitError::new_err(e.to_string())
        }
        _ => ConfigError::new_err(e.to_string()),
    }
}

#[pymodule]
fn _naqi(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("LimitError", py.get_type::<LimitError>())?;
    m.add_class::<article::Removal>()?;
    m.add_class::<article::KeptParagraph>()?;
    m.add_class::<article::CleanedArticle>()?;
    m.add_class::<cleaner::Cleaner>()?;
    m.add_function(wrap_pyfunction!(cleaner::clean_article, m)?)?;
    m.add_function(wrap_pyfunction!(text::normalize, m)?)?;
    m.add_function(wrap_pyfunction!(text::exact_hash, m)?)?;
    m.add_function(wrap_pyfunction!(text::simhash, m)?)?;
    m.add_function(wrap_pyfunction!(text::hamming_distance, m)?)?;
    m.add_class::<corpus::CorpusCleaner>()?;
    m.add_class::<corpus::CorpusArticle>()?;
    m.add_function(wrap_pyfunction!(corpus::greedy_duplicates, m)?)?;
    m.add("LSH_BANDS", corpus::LSH_BANDS)?;
    m.add("BUCKET_PAIRS", corpus::BUCKET_PAIRS)?;
    Ok(())
}
