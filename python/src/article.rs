//! The result of cleaning one article, as Python objects holding plain
//! values (they outlive the input text).

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A removed paragraph and why it was removed.
///
/// Attributes: ``index`` (the paragraph's index in the input),
/// ``duplicate_of`` (the index of the kept paragraph it repeats; ``None``
/// for ``title`` and ``boilerplate`` removals), ``reason`` (``"exact"``,
/// ``"near-duplicate"``, ``"contained"``, ``"title"`` or
/// ``"boilerplate"``), ``similarity`` (in [0, 1]; ``None`` for
/// boilerplate) and ``span`` (``(start, end)``: UTF-8 byte offsets into the
/// input text, not ``str`` indices).
#[pyclass(module = "naqi", frozen, eq, get_all)]
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Removal {
    /// The removed paragraph's index in the input (from 0).
    index: usize,
    /// The index of the kept paragraph it repeats; ``None`` for ``title``
    /// and ``boilerplate`` removals.
    duplicate_of: Option<usize>,
    /// Why it was removed: ``"exact"``, ``"near-duplicate"``,
    /// ``"contained"``, ``"title"`` or ``"boilerplate"``.
    reason: &'static str,
    /// The measured similarity in [0, 1]: 1.0 for equal keys, the verified
    /// shingle similarity for near-duplicates; ``None`` for boilerplate.
    similarity: Option<f64>,
    /// ``(start, end)``: UTF-8 byte offsets of the removed paragraph in the
    /// input text (not ``str`` indices).
    span: (usize, usize),
}

impl Removal {
    fn from_rust(r: &naqi::Removal) -> Removal {
        Removal {
            index: r.index(),
            duplicate_of: r.duplicate_of(),
            reason: r.reason().as_str(),
            similarity: r.similarity(),
            span: (r.span().start, r.span().end),
        }
    }
}

#[pymethods]
impl Removal {
    /// The removal as ``clean_corpus`` writes it in ``removed``: a dict
    /// with ``index``, ``duplicate_of``, ``reason`` and ``similarity``, in
    /// that order.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("index", self.index)?;
        d.set_item("duplicate_of", self.duplicate_of)?;
        d.set_item("reason", self.reason)?;
        d.set_item("similarity", self.similarity)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Removal(index={}, duplicate_of={}, reason='{}', similarity={}, span={:?})",
            self.index,
            py_option(self.duplicate_of),
            self.reason,
            self.similarity.map_or("None".to_string(), py_float),
            self.span
        )
    }
}

/// A kept paragraph.
///
/// Attributes: ``text`` (display form), ``key`` (matching key), ``index``
/// (its index in the input), ``span`` (``(start, end)``: UTF-8 byte
/// offsets into the input text, not ``str`` indices; ``text.encode()
/// [start:end]`` is the raw paragraph), ``exact_hash`` and ``simhash``
/// (unsigned 64-bit ints, see ``naqi.exact_hash`` and ``naqi.simhash``) and
/// ``word_count`` (words in the key).
#[pyclass(module = "naqi", frozen, eq, get_all)]
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct KeptParagraph {
    /// The paragraph's display text.
    text: String,
    /// The paragraph's matching key (``normalize(text, "matching")``).
    key: String,
    /// The paragraph's index in the input (from 0).
    index: usize,
    /// ``(start, end)``: UTF-8 byte offsets of the raw paragraph in the
    /// input text (not ``str`` indices).
    span: (usize, usize),
    /// ``exact_hash(key)``: unsigned 64-bit.
    exact_hash: u64,
    /// ``simhash(key)``: unsigned 64-bit.
    simhash: u64,
    /// The number of words of the key.
    word_count: usize,
}

#[pymethods]
impl KeptParagraph {
    fn __repr__(&self) -> String {
        format!(
            "KeptParagraph(index={}, span={:?}, text={})",
            self.index,
            self.span,
            py_str(&self.text)
        )
    }
}

/// The result of cleaning one article.
///
/// Attributes: ``text`` (the kept paragraphs' display text joined by
/// ``"\n\n"``), ``removals`` (list of ``Removal``, in input order),
/// ``kept`` (list of ``KeptParagraph``, in input order), ``is_empty``
/// (no paragraph left), ``paragraph_count`` (kept + removed) and
/// ``comparison_limit`` (``None``, or the index from which paragraphs were
/// kept without comparison because a limit was reached).
#[pyclass(module = "naqi", frozen, eq)]
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CleanedArticle {
    text: String,
    removals: Vec<Removal>,
    kept: Vec<KeptParagraph>,
    paragraph_count: usize,
    comparison_limit: Option<usize>,
}

impl CleanedArticle {
    pub(crate) fn from_rust(c: &naqi::CleanedArticle<'_>) -> CleanedArticle {
        CleanedArticle {
            text: c.text(),
            removals: c.removals().iter().map(Removal::from_rust).collect(),
            kept: c
                .kept()
                .map(|p| KeptParagraph {
                    text: p.text().to_owned(),
                    key: p.key().to_owned(),
                    index: p.index(),
                    span: (p.span().start, p.span().end),
                    exact_hash: p.exact_hash(),
                    simhash: p.simhash().as_u64(),
                    word_count: p.word_count(),
                })
                .collect(),
            paragraph_count: c.paragraph_count(),
            comparison_limit: c.comparison_limit(),
        }
    }
}

#[pymethods]
impl CleanedArticle {
    /// The kept paragraphs' display text joined by a blank line
    /// (``"\n\n"``), with no line break at either end.
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }

    /// The removed paragraphs, in input order (a new list each time).
    #[getter]
    fn removals(&self) -> Vec<Removal> {
        self.removals.clone()
    }

    /// The kept paragraphs, in input order (a new list each time).
    #[getter]
    fn kept(&self) -> Vec<KeptParagraph> {
        self.kept.clone()
    }

    /// ``True`` when no paragraph is left.
    #[getter]
    fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// The number of paragraphs of the input (kept + removed).
    #[getter]
    fn paragraph_count(&self) -> usize {
        self.paragraph_count
    }

    /// ``None`` when the whole article was compared; else the index from
    /// which paragraphs were kept without comparison (a limit was reached).
    #[getter]
    fn comparison_limit(&self) -> Option<usize> {
        self.comparison_limit
    }

    fn __repr__(&self) -> String {
        format!(
            "CleanedArticle(text={}, removals={}, kept={} paragraphs)",
            py_str(&self.text),
            self.removals.len(),
            self.kept.len()
        )
    }
}

fn py_option(v: Option<usize>) -> String {
    v.map_or("None".to_string(), |v| v.to_string())
}

/// A float as Python writes it (`1.0`, not `1`).
pub(crate) fn py_float(v: f64) -> String {
    format!("{v:?}")
}

/// A short quoted preview of a text for a repr.
fn py_str(s: &str) -> String {
    const MAX: usize = 60;
    let mut preview: String = s.chars().take(MAX).collect();
    if s.chars().nth(MAX).is_some() {
        preview.push('…');
    }
    format!("{preview:?}")
}
