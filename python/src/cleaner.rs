//! Cleaning one article or a batch: `clean_article` and `Cleaner`.

use std::sync::LazyLock;

use pyo3::prelude::*;

use crate::article::{CleanedArticle, py_float};
use crate::input::{IntArg, OwnedArticle, run_on, thread_pool};
use crate::{ConfigError, to_py_err};

/// The configuration as given, for the repr.
#[derive(Clone, Debug)]
struct Options {
    min_paragraph_words: usize,
    segment_mode: String,
    max_article_bytes: usize,
    max_paragraphs: usize,
    near_duplicates: bool,
    teasers: bool,
    near_duplicate_jaccard: (f64, f64, f64),
    near_duplicate_word_jaccard: f64,
    simhash_max_distance: (u32, u32, u32),
    teaser_min_words: usize,
}

/// Cleans articles with one configuration, validated when it is built.
///
/// ``Cleaner(*, min_paragraph_words=5, segment_mode="line",
/// max_article_bytes=64 MiB, max_paragraphs=10000, near_duplicates=True,
/// teasers=True, near_duplicate_jaccard=(0.85, 0.75, 0.72),
/// near_duplicate_word_jaccard=0.5, simhash_max_distance=(20, 20, 18),
/// teaser_min_words=16)``: the setters of the Rust ``CleanerBuilder``, as
/// keyword arguments with the same names, defaults and ranges.
/// ``segment_mode`` is ``"line"`` (every non-blank line is a paragraph) or
/// ``"block"`` (runs of non-blank lines are). An invalid value raises
/// ``naqi.ConfigError`` (a ``ValueError``) with the library's message.
///
/// A cleaner is immutable and may be shared between threads. Cleaning is a
/// pure function of the text, the title and the configuration.
#[pyclass(module = "naqi", frozen)]
pub(crate) struct Cleaner {
    inner: naqi::Cleaner,
    options: Options,
}

impl Cleaner {
    pub(crate) fn inner(&self) -> &naqi::Cleaner {
        &self.inner
    }
}

#[pymethods]
impl Cleaner {
    #[new]
    #[pyo3(signature = (
        *,
        min_paragraph_words = IntArg::from(5),
        segment_mode = "line",
        max_article_bytes = IntArg::from(64 << 20),
        max_paragraphs = IntArg::from(10_000),
        near_duplicates = true,
        teasers = true,
        near_duplicate_jaccard = (0.85, 0.75, 0.72),
        near_duplicate_word_jaccard = 0.5,
        simhash_max_distance = (IntArg::from(20), IntArg::from(20), IntArg::from(18)),
        teaser_min_words = IntArg::from(16),
    ))]
    #[pyo3(text_signature = "(*, min_paragraph_words=5, segment_mode='line', \
        max_article_bytes=67108864, max_paragraphs=10000, near_duplicates=True, teasers=True, \
        near_duplicate_jaccard=(0.85, 0.75, 0.72), near_duplicate_word_jaccard=0.5, \
        simhash_max_distance=(20, 20, 18), teaser_min_words=16)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        min_paragraph_words: IntArg,
        segment_mode: &str,
        max_article_bytes: IntArg,
        max_paragraphs: IntArg,
        near_duplicates: bool,
        teasers: bool,
        near_duplicate_jaccard: (f64, f64, f64),
        near_duplicate_word_jaccard: f64,
        simhash_max_distance: (IntArg, IntArg, IntArg),
        teaser_min_words: IntArg,
    ) -> PyResult<Cleaner> {
        let mode = match segment_mode {
            "line" => naqi::SegmentMode::Line,
            "block" => naqi::SegmentMode::Block,
            other => {
                return Err(ConfigError::new_err(format!(
                    "invalid configuration: segment_mode must be \"line\" or \"block\", got {other:?}"
                )));
            }
        };
        let options = Options {
            min_paragraph_words: min_paragraph_words.count("min_paragraph_words")?,
            segment_mode: segment_mode.to_owned(),
            max_article_bytes: max_article_bytes.count("max_article_bytes")?,
            max_paragraphs: max_paragraphs.count("max_paragraphs")?,
            near_duplicates,
            teasers,
            near_duplicate_jaccard,
            near_duplicate_word_jaccard,
            simhash_max_distance: (
                simhash_max_distance.0.bits("simhash_max_distance")?,
                simhash_max_distance.1.bits("simhash_max_distance")?,
                simhash_max_distance.2.bits("simhash_max_distance")?,
            ),
            teaser_min_words: teaser_min_words.count("teaser_min_words")?,
        };
        let o = &options;
        let inner = naqi::Cleaner::builder()
            .min_paragraph_words(o.min_paragraph_words)
            .segment_mode(mode)
            .max_article_bytes(o.max_article_bytes)
            .max_paragraphs(o.max_paragraphs)
            .near_duplicates(o.near_duplicates)
            .teasers(o.teasers)
            .near_duplicate_jaccard(
                o.near_duplicate_jaccard.0,
                o.near_duplicate_jaccard.1,
                o.near_duplicate_jaccard.2,
            )
            .near_duplicate_word_jaccard(o.near_duplicate_word_jaccard)
            .simhash_max_distance(
                o.simhash_max_distance.0,
                o.simhash_max_distance.1,
                o.simhash_max_distance.2,
            )
            .teaser_min_words(o.teaser_min_words)
            .build()
            .map_err(to_py_err)?;
        Ok(Cleaner { inner, options })
    }

    /// Cleans one article: ``clean(text, title=None) -> CleanedArticle``.
    /// Body paragraphs equal to the title (by matching key) are removed
    /// whatever their length. Never fails for any ``str`` (a ``str`` with a
    /// lone surrogate is not text and raises ``UnicodeEncodeError``).
    #[pyo3(signature = (text, title = None))]
    fn clean(&self, py: Python<'_>, text: String, title: Option<String>) -> CleanedArticle {
        let article = OwnedArticle::new(text, title, None);
        py.detach(|| CleanedArticle::from_rust(&self.inner.clean(article.article())))
    }

    /// Like ``clean``, but an article over ``max_article_bytes`` or
    /// ``max_paragraphs`` raises ``naqi.LimitError`` (a ``ValueError``)
    /// instead of being compared in part.
    #[pyo3(signature = (text, title = None))]
    fn try_clean(
        &self,
        py: Python<'_>,
        text: String,
        title: Option<String>,
    ) -> PyResult<CleanedArticle> {
        let article = OwnedArticle::new(text, title, None);
        py.detach(|| self.inner.try_clean(article.article()).map(|c| CleanedArticle::from_rust(&c)))
            .map_err(to_py_err)
    }

    /// Cleans many articles in parallel, without holding the GIL:
    /// ``clean_batch(articles, threads=None) -> list[CleanedArticle]``.
    ///
    /// Each article is a ``str`` or a ``(text, title)`` tuple (a dict with
    /// ``"text"`` and ``"title"`` works too). The result equals
    /// ``[self.clean(...) for each article]``, in input order, for any
    /// number of threads. ``threads=None`` uses the global thread pool (one
    /// thread per core); an int runs the batch on a pool of that many
    /// threads.
    #[pyo3(signature = (articles, threads = None))]
    fn clean_batch(
        &self,
        py: Python<'_>,
        articles: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<CleanedArticle>> {
        let owned = OwnedArticle::extract_all(articles)?;
        let pool = thread_pool(threads)?;
        Ok(py.detach(|| {
            let borrowed: Vec<naqi::Article<'_>> = owned.iter().map(|a| a.article()).collect();
            run_on(pool.as_ref(), || {
                self.inner.clean_batch(&borrowed).iter().map(CleanedArticle::from_rust).collect()
            })
        }))
    }

    fn __repr__(&self) -> String {
        let o = &self.options;
        let (j0, j1, j2) = o.near_duplicate_jaccard;
        format!(
            "Cleaner(min_paragraph_words={}, segment_mode='{}', max_article_bytes={}, \
             max_paragraphs={}, near_duplicates={}, teasers={}, \
             near_duplicate_jaccard=({}, {}, {}), near_duplicate_word_jaccard={}, \
             simhash_max_distance={:?}, teaser_min_words={})",
            o.min_paragraph_words,
            o.segment_mode,
            o.max_article_bytes,
            o.max_paragraphs,
            py_bool(o.near_duplicates),
            py_bool(o.teasers),
            py_float(j0),
            py_float(j1),
            py_float(j2),
            py_float(o.near_duplicate_word_jaccard),
            o.simhash_max_distance,
            o.teaser_min_words
        )
    }
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

static DEFAULT: LazyLock<naqi::Cleaner> = LazyLock::new(naqi::Cleaner::new);

/// Cleans one article with the default configuration:
/// ``clean_article(text, title=None) -> CleanedArticle``.
///
/// Same as ``Cleaner().clean(text, title)``, with a cleaner built once.
#[pyfunction]
#[pyo3(signature = (text, title = None))]
pub(crate) fn clean_article(py: Python<'_>, text: String, title: Option<String>) -> CleanedArticle {
    let article = OwnedArticle::new(text, title, None);
    py.detach(|| CleanedArticle::from_rust(&DEFAULT.clean(article.article())))
}
