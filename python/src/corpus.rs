//! The corpus stages: `CorpusCleaner`, whole (`clean_corpus`) or step by
//! step with plain values (sketches and bodies as dicts of ints and lists)
//! for programs that spread the work over many machines.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::article::{CleanedArticle, py_float};
use crate::cleaner::Cleaner;
use crate::input::{IntArg, OwnedArticle, run_on, thread_pool};
use crate::to_py_err;

/// The longest run of consecutive articles one rayon task handles, as in
/// `naqi::Cleaner::clean_batch`: without a bound, one thread can work
/// through a long run while the others wait.
const PARALLEL_RUN: usize = 8;

/// The number of LSH band keys of an article body (24 bands of 4 MinHash
/// rows). Mirrors the library's private constant; a test checks it against
/// `ArticleBody::band_keys`.
pub(crate) const LSH_BANDS: usize = 24;

/// In a bucket of articles sharing a band key or an exact body hash, each
/// article is paired with the first this-many earlier members only. Mirrors
/// the library's private constant, documented on
/// `CorpusCleaner::candidate_pairs`; a test checks it.
pub(crate) const BUCKET_PAIRS: usize = 64;

/// One article after the corpus stages.
///
/// Attributes: ``cleaned`` (the ``CleanedArticle`` after per-article
/// cleaning and boilerplate removal; boilerplate paragraphs are among its
/// removals), ``duplicate_of`` (the input position of the earlier kept
/// article this one repeats, or ``None``) and ``similarity`` (the Jaccard
/// similarity of their word 5-shingle sets, or ``None``).
#[pyclass(module = "naqi", frozen)]
pub(crate) struct CorpusArticle {
    cleaned: Py<CleanedArticle>,
    /// The input position of the earlier kept article this one repeats,
    /// or ``None``.
    #[pyo3(get)]
    duplicate_of: Option<usize>,
    /// The Jaccard similarity of the two articles' word 5-shingle sets,
    /// or ``None``.
    #[pyo3(get)]
    similarity: Option<f64>,
}

#[pymethods]
impl CorpusArticle {
    /// The article after per-article cleaning and boilerplate removal.
    #[getter]
    fn cleaned(&self, py: Python<'_>) -> Py<CleanedArticle> {
        self.cleaned.clone_ref(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "CorpusArticle(cleaned={}, duplicate_of={}, similarity={})",
            self.cleaned.bind(py).repr()?,
            self.duplicate_of.map_or("None".to_string(), |d| d.to_string()),
            self.similarity.map_or("None".to_string(), py_float)
        ))
    }
}

/// Hashes of one article, as the boilerplate stage needs them.
struct SketchData {
    source_hash: Option<u64>,
    body_hash: u64,
    paragraphs: Vec<(usize, Vec<u64>)>,
}

impl SketchData {
    fn new(s: &naqi::ArticleSketch) -> SketchData {
        SketchData {
            source_hash: s.source_hash(),
            body_hash: s.body_hash(),
            paragraphs: s.paragraph_templates().map(|(i, t)| (i, t.to_vec())).collect(),
        }
    }

    fn to_dict<'py>(&self, py: Python<'py>, signed: bool) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("source_hash", self.source_hash.map(|h| int(h, signed)))?;
        d.set_item("body_hash", int(self.body_hash, signed))?;
        let paragraphs = PyList::empty(py);
        for (index, templates) in &self.paragraphs {
            paragraphs.append((*index, ints(py, templates, signed)?))?;
        }
        d.set_item("paragraphs", paragraphs)?;
        Ok(d)
    }
}

/// A body as the near-duplicate stage sees it.
fn body_dict<'py>(
    py: Python<'py>,
    b: &naqi::ArticleBody,
    signed: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("is_empty", b.is_empty())?;
    d.set_item("exact_hash", int(b.exact_hash(), signed))?;
    d.set_item("simhash", int(b.simhash().as_u64(), signed))?;
    d.set_item("band_keys", ints(py, b.band_keys(), signed)?)?;
    d.set_item("shingles", ints(py, b.shingles(), signed)?)?;
    Ok(d)
}

/// A 64-bit value as an unsigned int, or as the signed int with the same
/// bits (two's complement).
enum Int {
    Unsigned(u64),
    Signed(i64),
}

fn int(v: u64, signed: bool) -> Int {
    if signed { Int::Signed(v as i64) } else { Int::Unsigned(v) }
}

impl<'py> IntoPyObject<'py> for Int {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self {
            Int::Unsigned(v) => v.into_pyobject(py)?.into_any(),
            Int::Signed(v) => v.into_pyobject(py)?.into_any(),
        })
    }
}

fn ints<'py>(py: Python<'py>, values: &[u64], signed: bool) -> PyResult<Bound<'py, PyList>> {
    if signed { PyList::new(py, values.iter().map(|&v| v as i64)) } else { PyList::new(py, values) }
}

/// Reads a list of 64-bit ints, unsigned or (with `signed`) two's
/// complement.
fn read_u64s(values: &Bound<'_, PyAny>, signed: bool) -> PyResult<Vec<u64>> {
    if signed {
        Ok(values.extract::<Vec<i64>>()?.into_iter().map(|v| v as u64).collect())
    } else {
        values.extract()
    }
}

/// Sorted and distinct, as the shingle comparison needs.
fn sorted_set(mut v: Vec<u64>) -> Vec<u64> {
    if !v.is_sorted_by(|a, b| a < b) {
        v.sort_unstable();
        v.dedup();
    }
    v
}

/// Runs the corpus stages over many articles: per-source boilerplate and
/// near-duplicate articles.
///
/// ``CorpusCleaner(*, cleaner=None, boilerplate=True,
/// boilerplate_min_documents=3, boilerplate_min_documents_varying=5,
/// boilerplate_min_share=0.05, article_dedup=True, article_jaccard=0.7,
/// article_containment=0.85,
/// article_simhash_distance=3)``: the setters of the Rust
/// ``CorpusCleanerBuilder``; ``cleaner`` is the per-article ``Cleaner``
/// (default: ``Cleaner()``). Invalid values raise ``naqi.ConfigError``.
///
/// Articles are ``(text, title, source)`` tuples (title and source may be
/// ``None`` or left out), dicts with ``"text"`` and optional ``"title"`` and
/// ``"source"``, or plain ``str`` texts. Boilerplate is searched among the
/// articles of one source; articles without a source are not searched.
///
/// ``clean_corpus`` runs everything in one process. The other methods are
/// the same computation in steps that exchange plain values only (64-bit
/// hashes as ints: unsigned by default, two's complement ``int64`` with
/// ``signed=True`` for Arrow and Spark columns), so that a cluster can run
/// them with its own shuffles and get the same result:
///
/// 1. ``sketch`` each article: its source hash, body hash and, per kept
///    paragraph, its index and boilerplate template hashes;
/// 2. per source, count each template once per article, counting articles
///    with the same body hash once (the earliest); a template found in at
///    least ``boilerplate_threshold(distinct bodies)`` of them is
///    boilerplate, and so is every paragraph of the source that has it;
/// 3. ``finish`` each article with its boilerplate paragraph indices: its
///    final ``CleanedArticle`` and its ``body`` (exact hash, SimHash, the
///    ``LSH_BANDS`` band keys, the sorted word 5-shingle hashes);
/// 4. candidate pairs (earlier, later) among non-empty bodies: equal
///    ``exact_hash`` or a shared band key (in each such bucket, in input
///    order, an article is paired with the first ``BUCKET_PAIRS`` earlier
///    members only), and SimHashes within ``article_simhash_distance``
///    bits (all such pairs); ``candidate_pairs`` gives the same set;
/// 5. ``verify_shingles`` each pair; ``greedy_duplicates`` over the
///    verified pairs gives each article's ``duplicate_of``.
#[pyclass(module = "naqi", frozen)]
pub(crate) struct CorpusCleaner {
    inner: naqi::CorpusCleaner,
    /// `boilerplate`, `article_dedup`, `article_simhash_distance`.
    flags: (bool, bool, u32),
    repr: String,
}

impl CorpusCleaner {
    fn cleaned_and_sketch<'a>(
        &self,
        a: &naqi::Article<'a>,
    ) -> (naqi::CleanedArticle<'a>, naqi::ArticleSketch) {
        let cleaned = self.inner.cleaner().clean(*a);
        let sketch = self.inner.sketch(a, &cleaned);
        (cleaned, sketch)
    }

    /// The final cleaned article and its body, given its boilerplate.
    fn finish_one(
        &self,
        a: &naqi::Article<'_>,
        boilerplate: &[usize],
    ) -> (CleanedArticle, naqi::ArticleBody) {
        let (cleaned, sketch) = self.cleaned_and_sketch(a);
        let body = self.inner.body(&sketch, boilerplate);
        let cleaned = self.inner.apply_boilerplate(cleaned, boilerplate);
        (CleanedArticle::from_rust(&cleaned), body)
    }
}

#[pymethods]
impl CorpusCleaner {
    #[new]
    #[pyo3(signature = (
        *,
        cleaner = None,
        boilerplate = true,
        boilerplate_min_documents = IntArg::from(3),
        boilerplate_min_documents_varying = IntArg::from(5),
        boilerplate_min_share = 0.05,
        article_dedup = true,
        article_jaccard = 0.7,
        article_containment = 0.85,
        article_simhash_distance = IntArg::from(3),
    ))]
    #[pyo3(text_signature = "(*, cleaner=None, boilerplate=True, \
        boilerplate_min_documents=3, boilerplate_min_documents_varying=5, \
        boilerplate_min_share=0.05, article_dedup=True, article_jaccard=0.7, \
        article_containment=0.85, article_simhash_distance=3)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        cleaner: Option<PyRef<'_, Cleaner>>,
        boilerplate: bool,
        boilerplate_min_documents: IntArg,
        boilerplate_min_documents_varying: IntArg,
        boilerplate_min_share: f64,
        article_dedup: bool,
        article_jaccard: f64,
        article_containment: f64,
        article_simhash_distance: IntArg,
    ) -> PyResult<CorpusCleaner> {
        let min_documents = boilerplate_min_documents.count("boilerplate_min_documents")?;
        let min_varying =
            boilerplate_min_documents_varying.count("boilerplate_min_documents_varying")?;
        let distance = article_simhash_distance.bits("article_simhash_distance")?;
        let mut b = naqi::CorpusCleaner::builder();
        if let Some(c) = &cleaner {
            b.cleaner(c.inner().clone());
        }
        let inner = b
            .boilerplate(boilerplate)
            .boilerplate_min_documents(min_documents)
            .boilerplate_min_documents_varying(min_varying)
            .boilerplate_min_share(boilerplate_min_share)
            .article_dedup(article_dedup)
            .article_jaccard(article_jaccard)
            .article_containment(article_containment)
            .article_simhash_distance(distance)
            .build()
            .map_err(to_py_err)?;
        let py_bool = |b: bool| if b { "True" } else { "False" };
        let repr = format!(
            "CorpusCleaner(cleaner={}, boilerplate={}, boilerplate_min_documents={}, \
             boilerplate_min_documents_varying={}, boilerplate_min_share={}, \
             article_dedup={}, article_jaccard={}, \
             article_containment={}, article_simhash_distance={})",
            if cleaner.is_some() { "Cleaner(...)" } else { "None" },
            py_bool(boilerplate),
            min_documents,
            min_varying,
            py_float(boilerplate_min_share),
            py_bool(article_dedup),
            py_float(article_jaccard),
            py_float(article_containment),
            distance
        );
        Ok(CorpusCleaner { inner, flags: (boilerplate, article_dedup, distance), repr })
    }

    /// Whether boilerplate is removed.
    #[getter]
    fn boilerplate(&self) -> bool {
        self.flags.0
    }

    /// Whether near-duplicate articles are found.
    #[getter]
    fn article_dedup(&self) -> bool {
        self.flags.1
    }

    /// The SimHash distance, in bits, within which bodies are candidate
    /// pairs.
    #[getter]
    fn article_simhash_distance(&self) -> u32 {
        self.flags.2
    }

    /// Cleans the articles and runs the corpus stages in this process:
    /// ``clean_corpus(articles, threads=None) -> list[CorpusArticle]``, in
    /// input order, the same for any number of threads. Runs without the
    /// GIL; ``threads`` as in ``Cleaner.clean_batch``.
    #[pyo3(signature = (articles, threads = None))]
    fn clean_corpus(
        &self,
        py: Python<'_>,
        articles: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<CorpusArticle>> {
        let owned = OwnedArticle::extract_all(articles)?;
        let pool = thread_pool(threads)?;
        let results: Vec<(CleanedArticle, Option<(usize, f64)>)> = py.detach(|| {
            let borrowed: Vec<naqi::Article<'_>> = owned.iter().map(|a| a.article()).collect();
            run_on(pool.as_ref(), || {
                self.inner
                    .clean_corpus(&borrowed)
                    .iter()
                    .map(|a| (CleanedArticle::from_rust(a.cleaned()), a.duplicate_of()))
                    .collect()
            })
        });
        results
            .into_iter()
            .map(|(cleaned, dup)| {
                Ok(CorpusArticle {
                    cleaned: Py::new(py, cleaned)?,
                    duplicate_of: dup.map(|d| d.0),
                    similarity: dup.map(|d| d.1),
                })
            })
            .collect()
    }

    /// Step 1, one article: ``sketch(text, title=None, source=None, *,
    /// signed=False) -> dict`` with ``source_hash`` (``None`` without a
    /// source), ``body_hash`` (equal for equal cleaned bodies) and
    /// ``paragraphs``: a list of ``(index, [template hashes])``, one per
    /// kept paragraph. Cleans the article inside the call.
    #[pyo3(signature = (text, title = None, source = None, *, signed = false))]
    fn sketch<'py>(
        &self,
        py: Python<'py>,
        text: String,
        title: Option<String>,
        source: Option<String>,
        signed: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let owned = OwnedArticle::new(text, title, source);
        let data = py.detach(|| SketchData::new(&self.cleaned_and_sketch(&owned.article()).1));
        data.to_dict(py, signed)
    }

    /// Step 1 over many articles, in parallel without the GIL:
    /// ``sketch_batch(articles, threads=None, *, signed=False) ->
    /// list[dict]``, equal to a loop of ``sketch``.
    #[pyo3(signature = (articles, threads = None, *, signed = false))]
    fn sketch_batch<'py>(
        &self,
        py: Python<'py>,
        articles: &Bound<'py, PyAny>,
        threads: Option<usize>,
        signed: bool,
    ) -> PyResult<Vec<Bound<'py, PyDict>>> {
        use rayon::prelude::*;
        let owned = OwnedArticle::extract_all(articles)?;
        let pool = thread_pool(threads)?;
        let data: Vec<SketchData> = py.detach(|| {
            run_on(pool.as_ref(), || {
                owned
                    .par_iter()
                    .with_max_len(PARALLEL_RUN)
                    .map(|a| SketchData::new(&self.cleaned_and_sketch(&a.article()).1))
                    .collect()
            })
        });
        data.iter().map(|d| d.to_dict(py, signed)).collect()
    }

    /// The number of distinct articles (distinct body hashes) of a source
    /// in which a template must be found to be boilerplate:
    /// ``boilerplate_threshold(source_documents, template=0) -> int``, the
    /// larger of ``boilerplate_min_documents`` (or, for a template of lines
    /// that vary, whose hash has its lowest bit set,
    /// ``boilerplate_min_documents_varying``) and ``boilerplate_min_share``
    /// of them, rounded up. ``template`` may be signed (int64).
    #[pyo3(signature = (source_documents, template = 0))]
    fn boilerplate_threshold(&self, source_documents: usize, template: i128) -> usize {
        self.inner.boilerplate_threshold(source_documents, (template & 1) as u64)
    }

    /// The body of an article without its boilerplate paragraphs (by
    /// index): ``body(text, title=None, source=None, boilerplate=None, *,
    /// signed=False) -> dict`` with ``is_empty``, ``exact_hash``,
    /// ``simhash``, ``band_keys`` (``LSH_BANDS`` ints) and ``shingles``
    /// (the word 5-shingle hashes, sorted as unsigned ints and distinct).
    #[pyo3(signature = (text, title = None, source = None, boilerplate = None, *, signed = false))]
    fn body<'py>(
        &self,
        py: Python<'py>,
        text: String,
        title: Option<String>,
        source: Option<String>,
        boilerplate: Option<Vec<usize>>,
        signed: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let owned = OwnedArticle::new(text, title, source);
        let boilerplate = boilerplate.unwrap_or_default();
        let body = py.detach(|| {
            let (_, sketch) = self.cleaned_and_sketch(&owned.article());
            self.inner.body(&sketch, &boilerplate)
        });
        body_dict(py, &body, signed)
    }

    /// The article's final result after boilerplate removal:
    /// ``apply_boilerplate(text, title=None, boilerplate=None) ->
    /// CleanedArticle``, the paragraphs with these indices moved to the
    /// removals with reason ``"boilerplate"`` (other indices are ignored).
    #[pyo3(signature = (text, title = None, boilerplate = None))]
    fn apply_boilerplate(
        &self,
        py: Python<'_>,
        text: String,
        title: Option<String>,
        boilerplate: Option<Vec<usize>>,
    ) -> CleanedArticle {
        let boilerplate = boilerplate.unwrap_or_default();
        let owned = OwnedArticle::new(text, title, None);
        py.detach(|| {
            let cleaned = self.inner.cleaner().clean(owned.article());
            CleanedArticle::from_rust(&self.inner.apply_boilerplate(cleaned, &boilerplate))
        })
    }

    /// Step 3, one article: ``finish(text, title=None, source=None,
    /// boilerplate=None, *, signed=False) -> (CleanedArticle, dict)``, the
    /// results of ``apply_boilerplate`` and ``body`` from one cleaning.
    #[pyo3(signature = (text, title = None, source = None, boilerplate = None, *, signed = false))]
    fn finish<'py>(
        &self,
        py: Python<'py>,
        text: String,
        title: Option<String>,
        source: Option<String>,
        boilerplate: Option<Vec<usize>>,
        signed: bool,
    ) -> PyResult<(CleanedArticle, Bound<'py, PyDict>)> {
        let owned = OwnedArticle::new(text, title, source);
        let boilerplate = boilerplate.unwrap_or_default();
        let (cleaned, body) = py.detach(|| self.finish_one(&owned.article(), &boilerplate));
        Ok((cleaned, body_dict(py, &body, signed)?))
    }

    /// Step 3 over many articles, in parallel without the GIL:
    /// ``finish_batch(articles, boilerplate=None, threads=None, *,
    /// signed=False) -> list[(CleanedArticle, dict)]``; ``boilerplate``
    /// is one list of paragraph indices per article (``None``: none).
    #[pyo3(signature = (articles, boilerplate = None, threads = None, *, signed = false))]
    fn finish_batch<'py>(
        &self,
        py: Python<'py>,
        articles: &Bound<'py, PyAny>,
        boilerplate: Option<Vec<Option<Vec<usize>>>>,
        threads: Option<usize>,
        signed: bool,
    ) -> PyResult<Vec<(CleanedArticle, Bound<'py, PyDict>)>> {
        use rayon::prelude::*;
        let owned = OwnedArticle::extract_all(articles)?;
        let boilerplate = boilerplate.unwrap_or_else(|| vec![None; owned.len()]);
        if boilerplate.len() != owned.len() {
            return Err(PyValueError::new_err(format!(
                "boilerplate has {} lists for {} articles",
                boilerplate.len(),
                owned.len()
            )));
        }
        let pool = thread_pool(threads)?;
        let done: Vec<(CleanedArticle, naqi::ArticleBody)> = py.detach(|| {
            run_on(pool.as_ref(), || {
                owned
                    .par_iter()
                    .zip(boilerplate.par_iter())
                    .with_max_len(PARALLEL_RUN)
                    .map(|(a, b)| self.finish_one(&a.article(), b.as_deref().unwrap_or(&[])))
                    .collect()
            })
        });
        done.into_iter().map(|(c, b)| Ok((c, body_dict(py, &b, signed)?))).collect()
    }

    /// Step 5, one candidate pair: ``verify_shingles(earlier, later, *,
    /// signed=False) -> float | None``, the Jaccard similarity of the two
    /// shingle sets when the later body repeats the earlier one (Jaccard at
    /// least ``article_jaccard``, or at least ``article_containment`` of
    /// the later one's shingles in the earlier one), else ``None``. The
    /// lists are bodies' ``shingles``; any order is accepted.
    #[pyo3(signature = (earlier, later, *, signed = false))]
    fn verify_shingles(
        &self,
        earlier: &Bound<'_, PyAny>,
        later: &Bound<'_, PyAny>,
        signed: bool,
    ) -> PyResult<Option<f64>> {
        let a = sorted_set(read_u64s(earlier, signed)?);
        let b = sorted_set(read_u64s(later, signed)?);
        Ok(self.inner.verify_shingles(&a, &b))
    }

    /// The candidate pairs ``(earlier, later)`` (input positions, sorted)
    /// that ``clean_corpus`` verifies for these articles, after boilerplate
    /// removal as configured: ``candidate_pairs(articles, threads=None) ->
    /// list[tuple[int, int]]``. A reference for programs that build the
    /// pairs themselves (see the class documentation, step 4).
    #[pyo3(signature = (articles, threads = None))]
    fn candidate_pairs(
        &self,
        py: Python<'_>,
        articles: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<(usize, usize)>> {
        use rayon::prelude::*;
        let owned = OwnedArticle::extract_all(articles)?;
        let pool = thread_pool(threads)?;
        Ok(py.detach(|| {
            run_on(pool.as_ref(), || {
                let sketches: Vec<naqi::ArticleSketch> = owned
                    .par_iter()
                    .with_max_len(PARALLEL_RUN)
                    .map(|a| self.cleaned_and_sketch(&a.article()).1)
                    .collect();
                let decisions = self.inner.decide(&sketches);
                let bodies: Vec<naqi::ArticleBody> = sketches
                    .par_iter()
                    .with_max_len(PARALLEL_RUN)
                    .enumerate()
                    .map(|(i, s)| {
                        let bp: Vec<usize> =
                            decisions.boilerplate(i).iter().map(|&(p, _)| p).collect();
                        self.inner.body(s, &bp)
                    })
                    .collect();
                self.inner.candidate_pairs(&bodies)
            })
        }))
    }

    fn __repr__(&self) -> &str {
        &self.repr
    }
}

/// The greedy near-duplicate decisions: ``greedy_duplicates(n, pairs) ->
/// list[tuple[int, float] | None]``. ``pairs`` are the verified
/// ``(earlier, later, similarity)`` among ``n`` articles, in any order; in
/// input order, each article points to the kept article it is most similar
/// to among those it is verified against, the earliest of equals
/// (``(position, similarity)``), or is kept (``None``).
/// Pairs with ``earlier >= later`` or out of range are ignored.
#[pyfunction]
pub(crate) fn greedy_duplicates(
    py: Python<'_>,
    n: usize,
    pairs: Vec<(usize, usize, f64)>,
) -> Vec<Option<(usize, f64)>> {
    py.detach(|| naqi::greedy_duplicates(n, pairs))
}
