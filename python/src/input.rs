//! Reading articles and arguments from Python values.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyList, PyString, PyTuple};

use crate::ConfigError;

/// An article read from Python: owned strings, so that the work can run
/// without the interpreter.
#[derive(Debug)]
pub(crate) struct OwnedArticle {
    text: String,
    title: Option<String>,
    source: Option<String>,
}

impl OwnedArticle {
    pub(crate) fn new(text: String, title: Option<String>, source: Option<String>) -> Self {
        OwnedArticle { text, title, source }
    }

    /// The borrowed form the library takes.
    pub(crate) fn article(&self) -> naqi::Article<'_> {
        let mut a = naqi::Article::new(&self.text);
        if let Some(t) = &self.title {
            a = a.with_title(t);
        }
        if let Some(s) = &self.source {
            a = a.with_source(s);
        }
        a
    }

    /// Reads one article: a `str` (the text), a tuple or list `(text,)`,
    /// `(text, title)` or `(text, title, source)`, or a mapping with a
    /// `"text"` key and optional `"title"` and `"source"` keys. Titles and
    /// sources are `str` or `None`.
    pub(crate) fn extract(item: &Bound<'_, PyAny>) -> PyResult<OwnedArticle> {
        if item.is_instance_of::<PyString>() {
            return Ok(OwnedArticle::new(item.extract()?, None, None));
        }
        if let Ok(d) = item.cast::<PyDict>() {
            let text = match d.get_item("text")? {
                Some(t) => t.extract()?,
                None => return Err(PyValueError::new_err("an article mapping needs a \"text\"")),
            };
            let title = optional_str(d.get_item("title")?)?;
            let source = optional_str(d.get_item("source")?)?;
            return Ok(OwnedArticle::new(text, title, source));
        }
        let parts: Vec<Bound<'_, PyAny>> = if let Ok(t) = item.cast::<PyTuple>() {
            t.iter().collect()
        } else if let Ok(l) = item.cast::<PyList>() {
            l.iter().collect()
        } else {
            return Err(PyTypeError::new_err(format!(
                "an article is a str, a (text, title, source) tuple or a dict, not {}",
                item.get_type().name()?
            )));
        };
        match parts.as_slice() {
            [text] => Ok(OwnedArticle::new(text.extract()?, None, None)),
            [text, title] => {
                Ok(OwnedArticle::new(text.extract()?, optional_str(Some(title.clone()))?, None))
            }
            [text, title, source] => Ok(OwnedArticle::new(
                text.extract()?,
                optional_str(Some(title.clone()))?,
                optional_str(Some(source.clone()))?,
            )),
            _ => Err(PyValueError::new_err(format!(
                "an article tuple has 1 to 3 items (text, title, source), not {}",
                parts.len()
            ))),
        }
    }

    /// Reads every article of an iterable.
    pub(crate) fn extract_all(items: &Bound<'_, PyAny>) -> PyResult<Vec<OwnedArticle>> {
        if items.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err("expected a list of articles, not a single str"));
        }
        items.try_iter()?.map(|item| OwnedArticle::extract(&item?)).collect()
    }
}

/// `None` (absent or `None`) or a `str`.
fn optional_str(value: Option<Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => Ok(Some(v.extract()?)),
    }
}

/// An integer keyword argument of any size: Python ints are unbounded, and
/// a value that does not fit the setting must raise `ConfigError`, not
/// `OverflowError`. Holds the value, or its decimal form when it is beyond
/// 64 bits.
#[derive(Clone, Debug)]
pub(crate) struct IntArg(Result<i64, String>);

impl From<i64> for IntArg {
    fn from(v: i64) -> IntArg {
        IntArg(Ok(v))
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for IntArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<IntArg> {
        if !obj.is_instance_of::<PyInt>() {
            return Err(PyTypeError::new_err(format!(
                "expected an int, not {}",
                obj.get_type().name()?
            )));
        }
        Ok(IntArg(obj.extract::<i64>().map_err(|_| obj.to_string())))
    }
}

impl IntArg {
    fn convert<T: TryFrom<i64>>(&self, name: &str, what: &str) -> PyResult<T> {
        let shown = match &self.0 {
            Ok(v) => match T::try_from(*v) {
                Ok(t) => return Ok(t),
                Err(_) => v.to_string(),
            },
            Err(s) => s.clone(),
        };
        Err(ConfigError::new_err(format!(
            "invalid configuration: {name} must be {what}, got {shown}"
        )))
    }

    /// A count: from 0 to `usize::MAX` (the library checks its own lower
    /// bound after).
    pub(crate) fn count(&self, name: &str) -> PyResult<usize> {
        self.convert(name, "a non-negative integer that fits in 64 bits")
    }

    /// A number of bits: from 0 to `u32::MAX` (the library checks its own
    /// upper bound after).
    pub(crate) fn bits(&self, name: &str) -> PyResult<u32> {
        self.convert(name, "a number of bits (0 to 64)")
    }
}

/// A rayon pool of `threads` threads, or `None` to use the global one.
pub(crate) fn thread_pool(threads: Option<usize>) -> PyResult<Option<rayon::ThreadPool>> {
    match threads {
        None => Ok(None),
        Some(0) => Err(PyValueError::new_err("threads must be at least 1, got 0")),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(Some)
            .map_err(|e| PyValueError::new_err(format!("cannot start {n} threads: {e}"))),
    }
}

/// Runs `f` on `pool` when there is one, else on the current rayon pool.
pub(crate) fn run_on<T: Send>(pool: Option<&rayon::ThreadPool>, f: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}
