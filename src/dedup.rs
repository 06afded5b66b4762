//! Cleaning one article: segment, normalize, fingerprint, remove repeats.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use crate::error::{Error, ErrorKind, Result};
use crate::fingerprint::exact_hash;
use crate::normalize::Normalizer;
use crate::segment::{SegmentMode, paragraphs_by};

/// An article to clean: its text and, when the scraper has one, its title.
///
/// `From<&str>` makes a bare text an article without a title, so
/// [`Cleaner::clean`] takes either.
///
/// # Example
///
/// ```
/// use naqi::{Article, Cleaner};
///
/// let text = "ارتفاع أسعار الذهب\n\nسجلت أسعار الذهب ارتفاعا ملحوظا اليوم.";
/// let cleaned = Cleaner::new().clean(Article::new(text).with_title("ارتفاع أسعار الذهب"));
/// // The headline repeated as the first body line goes, whatever its length.
/// assert_eq!(cleaned.text(), "سجلت أسعار الذهب ارتفاعا ملحوظا اليوم.");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Article<'a> {
    text: &'a str,
    title: Option<&'a str>,
}

impl<'a> Article<'a> {
    /// An article without a title.
    pub fn new(text: &'a str) -> Article<'a> {
        Article { text, title: None }
    }

    /// Sets the title: body paragraphs equal to it (by matching key) are
    /// removed with [`RemovalReason::Title`]. A title whose key is empty
    /// (only punctuation, say) is ignored.
    pub fn with_title(mut self, title: &'a str) -> Article<'a> {
        self.title = Some(title);
        self
    }

    /// The article's text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The article's title, if any.
    pub fn title(&self) -> Option<&'a str> {
        self.title
    }
}

impl<'a> From<&'a str> for Article<'a> {
    fn from(text: &'a str) -> Article<'a> {
        Article::new(text)
    }
}

impl<'a> From<&'a String> for Article<'a> {
    fn from(text: &'a String) -> Article<'a> {
        Article::new(text)
    }
}

/// Why a paragraph was removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RemovalReason {
    /// Its matching key equals the key of an earlier kept paragraph.
    Exact,
    /// It is a near-duplicate of a kept paragraph (verified shingle
    /// similarity).
    NearDuplicate,
    /// It is a truncated copy (a teaser) of text that follows it.
    Contained,
    /// Its matching key equals the article's title.
    Title,
    /// It recurs across many articles of its source.
    Boilerplate,
}

impl RemovalReason {
    /// The reason's name as `clean_corpus` writes it: `exact`,
    /// `near-duplicate`, `contained`, `title` or `boilerplate`.
    pub fn as_str(self) -> &'static str {
        match self {
            RemovalReason::Exact => "exact",
            RemovalReason::NearDuplicate => "near-duplicate",
            RemovalReason::Contained => "contained",
            RemovalReason::Title => "title",
            RemovalReason::Boilerplate => "boilerplate",
        }
    }
}

impl fmt::Display for RemovalReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A removed paragraph and the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Removal {
    index: usize,
    span: Range<usize>,
    duplicate_of: Option<usize>,
    reason: RemovalReason,
    similarity: Option<f64>,
}

impl Removal {
    /// The removed paragraph's index (see [`Paragraph::index`](crate::Paragraph::index)).
    pub fn index(&self) -> usize {
        self.index
    }

    /// The removed paragraph's byte span in the input.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The index of the kept paragraph this one repeats; `None` for title
    /// and boilerplate removals.
    pub fn duplicate_of(&self) -> Option<usize> {
        self.duplicate_of
    }

    /// Why it was removed.
    pub fn reason(&self) -> RemovalReason {
        self.reason
    }

    /// The measured similarity in \[0, 1\]: 1 for equal keys, the verified
    /// shingle similarity for near-duplicates and teasers; `None` where no
    /// pair was compared (boilerplate).
    pub fn similarity(&self) -> Option<f64> {
        self.similarity
    }
}

/// A kept paragraph: its display text, where it came from, and its
/// fingerprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeptParagraph<'c> {
    text: &'c str,
    index: usize,
    start: usize,
    end: usize,
    exact_hash: u64,
    words: usize,
}

impl<'c> KeptParagraph<'c> {
    /// The display-tier text of the paragraph.
    pub fn text(&self) -> &'c str {
        self.text
    }

    /// The paragraph's index in the input.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The paragraph's byte span in the input (raw, before normalization).
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The exact fingerprint of the paragraph's matching key
    /// ([`exact_hash`](crate::exact_hash)).
    pub fn exact_hash(&self) -> u64 {
        self.exact_hash
    }

    /// The number of words in the paragraph's matching key.
    pub fn word_count(&self) -> usize {
        self.words
    }
}

/// Where a kept paragraph's display text lives.
#[derive(Clone, Debug, PartialEq, Eq)]
enum TextAt {
    /// The raw paragraph was already in display form: this range of the input.
    Input(Range<usize>),
    /// This range of the article's arena.
    Arena(Range<usize>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Kept {
    index: usize,
    span: Range<usize>,
    text: TextAt,
    exact_hash: u64,
    words: usize,
}

/// The result of cleaning one article.
///
/// Borrows the input text: kept paragraphs whose raw text was already in
/// display form are not copied.
///
/// # Example
///
/// ```
/// use naqi::{RemovalReason, clean_article};
///
/// let text = "بوتين يأمر بسحب القوات الرئيسية من سوريا\n\n\
///             بوتين يأمر بسحب القوات الرئيسية من سوريا\n\n\
///             أوعز الرئيس الروسي لوزير دفاعه بسحب القوات.";
/// let cleaned = clean_article(text);
/// assert_eq!(cleaned.kept().count(), 2);
/// let r = &cleaned.removals()[0];
/// assert_eq!((r.index(), r.duplicate_of(), r.reason()), (1, Some(0), RemovalReason::Exact));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CleanedArticle<'a> {
    input: &'a str,
    arena: String,
    kept: Vec<Kept>,
    removals: Vec<Removal>,
    paragraph_count: usize,
    comparison_limit: Option<usize>,
}

impl<'a> CleanedArticle<'a> {
    /// The kept paragraphs, in input order.
    pub fn kept(&self) -> impl ExactSizeIterator<Item = KeptParagraph<'_>> + '_ {
        self.kept.iter().map(|k| KeptParagraph {
            text: match &k.text {
                TextAt::Input(r) => &self.input[r.clone()],
                TextAt::Arena(r) => &self.arena[r.clone()],
            },
            index: k.index,
            start: k.span.start,
            end: k.span.end,
            exact_hash: k.exact_hash,
            words: k.words,
        })
    }

    /// The removed paragraphs, in input order.
    pub fn removals(&self) -> &[Removal] {
        &self.removals
    }

    /// The number of paragraphs the input had (kept + removed).
    pub fn paragraph_count(&self) -> usize {
        self.paragraph_count
    }

    /// `true` when no paragraph is left: the input had no content, or all of
    /// it was removed as title or boilerplate.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// `Some(i)` when a limit ([`CleanerBuilder::max_paragraphs`] or
    /// [`CleanerBuilder::max_article_bytes`]) was reached: paragraphs from
    /// index `i` on were kept (in display form) without being compared with
    /// anything. `None` when the whole article was compared.
    pub fn comparison_limit(&self) -> Option<usize> {
        self.comparison_limit
    }

    /// The kept paragraphs' display text joined by a blank line (`"\n\n"`),
    /// with no line break at either end.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }

    /// Appends [`text`](CleanedArticle::text) to `out`.
    pub fn write_text(&self, out: &mut String) {
        for (i, p) in self.kept().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            out.push_str(p.text());
        }
    }
}

/// Cleans articles with one configuration: built once, then
/// [`clean`](Cleaner::clean) as often as needed, from any number of threads.
///
/// Cleaning is a pure function of the article and the configuration: no
/// state carries from one call to the next.
///
/// # Example
///
/// ```
/// use naqi::Cleaner;
///
/// let cleaner = Cleaner::builder().min_paragraph_words(3).build()?;
/// let cleaned = cleaner.clean("خبر عاجل اليوم\nخبر عاجل اليوم\nتفاصيل الخبر");
/// assert_eq!(cleaned.text(), "خبر عاجل اليوم\n\nتفاصيل الخبر");
/// # Ok::<(), naqi::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Cleaner {
    matching: Normalizer,
    config: Config,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Config {
    min_paragraph_words: usize,
    segment_mode: SegmentMode,
    max_article_bytes: usize,
    max_paragraphs: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            min_paragraph_words: 5,
            segment_mode: SegmentMode::Line,
            max_article_bytes: 64 << 20,
            max_paragraphs: 10_000,
        }
    }
}

/// Configuration for a [`Cleaner`]; see each setter for its default and
/// range. [`build`](CleanerBuilder::build) validates the values.
///
/// # Example
///
/// ```
/// use naqi::{Cleaner, SegmentMode};
///
/// let cleaner = Cleaner::builder()
///     .segment_mode(SegmentMode::Block)
///     .max_paragraphs(2_000)
///     .build()?;
/// # let _ = cleaner;
/// # Ok::<(), naqi::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct CleanerBuilder {
    config: Config,
}

impl CleanerBuilder {
    /// Paragraphs whose matching key has fewer words than this are never
    /// removed within an article (poem refrains, metre lines, separators
    /// such as `***`, a kicker like `اقتصاد`), except when equal to the
    /// title. Default: 5. Range: at least 1.
    pub fn min_paragraph_words(&mut self, words: usize) -> &mut CleanerBuilder {
        self.config.min_paragraph_words = words;
        self
    }

    /// How lines are grouped into paragraphs. Default: [`SegmentMode::Line`].
    pub fn segment_mode(&mut self, mode: SegmentMode) -> &mut CleanerBuilder {
        self.config.segment_mode = mode;
        self
    }

    /// The largest article, in bytes of UTF-8, that is compared in full.
    /// [`Cleaner::try_clean`] rejects a longer article with
    /// [`ErrorKind::ArticleTooLarge`]; [`Cleaner::clean`] compares the
    /// paragraphs that end within the limit and keeps the rest unchanged
    /// (see [`CleanedArticle::comparison_limit`]). Default: 64 MiB.
    /// Range: at least 1.
    pub fn max_article_bytes(&mut self, bytes: usize) -> &mut CleanerBuilder {
        self.config.max_article_bytes = bytes;
        self
    }

    /// The largest number of paragraphs compared in one article, which
    /// bounds the time and memory of the comparison. [`Cleaner::try_clean`]
    /// rejects an article with more with [`ErrorKind::TooManyParagraphs`];
    /// [`Cleaner::clean`] compares the first `count` and keeps the rest
    /// unchanged. Default: 10,000. Range: at least 1.
    pub fn max_paragraphs(&mut self, count: usize) -> &mut CleanerBuilder {
        self.config.max_paragraphs = count;
        self
    }

    /// Validates the configuration and builds the cleaner.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidConfig`] when a value is out of its range (each
    /// setter gives it), naming the setting and the value.
    pub fn build(&self) -> Result<Cleaner> {
        let c = &self.config;
        for (name, value) in [
            ("min_paragraph_words", c.min_paragraph_words),
            ("max_article_bytes", c.max_article_bytes),
            ("max_paragraphs", c.max_paragraphs),
        ] {
            if value == 0 {
                return Err(Error::invalid_config(format!(
                    "{name} must be at least 1, got 0"
                )));
            }
        }
        Ok(Cleaner {
            matching: Normalizer::matching(),
            config: *c,
        })
    }
}

static DEFAULT_CLEANER: LazyLock<Cleaner> = LazyLock::new(Cleaner::new);

/// Cleans `text` with the default configuration: the display text of every
/// paragraph that is not a repeat, and every removal with its reason.
///
/// Uses a [`Cleaner`] built once, on first use; build your own with
/// [`Cleaner::builder`] to change the configuration or to pass a title.
///
/// Never fails and never panics, whatever the text.
///
/// # Example
///
/// ```
/// let raw = "عنوان الخبر الذي تكرر مرتين\nعنوان الخبر الذي تكرر مرتين\n\nنص الخبر.";
/// let cleaned = naqi::clean_article(raw);
/// assert_eq!(cleaned.text(), "عنوان الخبر الذي تكرر مرتين\n\nنص الخبر.");
/// ```
pub fn clean_article(text: &str) -> CleanedArticle<'_> {
    DEFAULT_CLEANER.clean(text)
}

/// A paragraph while the article is being cleaned.
struct Work {
    index: usize,
    span: Range<usize>,
    /// Display text: `None` when it is the raw text, else its range in the
    /// arena.
    display: Option<Range<usize>>,
    key: Range<usize>,
    words: usize,
    exact_hash: u64,
}

impl Cleaner {
    /// A cleaner with the default configuration (the one
    /// [`clean_article`] uses).
    pub fn new() -> Cleaner {
        Cleaner {
            matching: Normalizer::matching(),
            config: Config::default(),
        }
    }

    /// A builder starting from the default configuration.
    pub fn builder() -> CleanerBuilder {
        CleanerBuilder::default()
    }

    /// Cleans one article.
    ///
    /// Paragraphs are the non-blank lines (or blocks; see
    /// [`CleanerBuilder::segment_mode`]). In input order, a paragraph is
    /// removed when its matching key equals the title's (reason `title`,
    /// whatever its length), or, if it has at least
    /// [`min_paragraph_words`](CleanerBuilder::min_paragraph_words) words,
    /// when its key equals an earlier kept paragraph's (reason `exact`).
    /// Every other paragraph is kept, in display form. The first occurrence
    /// of a repeat is the one kept.
    ///
    /// # Complexity
    ///
    /// One normalization pass over the text and one hash lookup per
    /// paragraph: O(n) in bytes.
    pub fn clean<'a>(&self, article: impl Into<Article<'a>>) -> CleanedArticle<'a> {
        let article = article.into();
        let text = article.text;
        let cfg = &self.config;
        let mut arena = String::new();
        let mut keys = String::new();
        let mut work: Vec<Work> = Vec::new();
        let mut comparison_limit = None;
        for p in paragraphs_by(text, cfg.segment_mode) {
            if comparison_limit.is_none()
                && (p.index() >= cfg.max_paragraphs || p.span().end > cfg.max_article_bytes)
            {
                comparison_limit = Some(p.index());
            }
            let raw = p.as_str();
            let display_start = arena.len();
            let key_start = keys.len();
            let (changed, words) = self.matching.normalize_pair(raw, &mut arena, &mut keys);
            let key = key_start..keys.len();
            work.push(Work {
                index: p.index(),
                span: p.span(),
                display: changed.then(|| display_start..arena.len()),
                exact_hash: exact_hash(&keys[key.clone()]),
                key,
                words,
            });
        }
        let title_key = article
            .title
            .map(|t| self.matching.normalize(t))
            .unwrap_or_default();
        let compared = comparison_limit.unwrap_or(work.len());

        let mut kept = Vec::with_capacity(work.len());
        let mut removals = Vec::new();
        // Exact hash -> index into `work` of the first kept paragraph with it.
        let mut first_by_hash: HashMap<u64, usize> = HashMap::with_capacity(compared);
        for (i, w) in work.iter().enumerate() {
            let key = &keys[w.key.clone()];
            let removal = if i >= compared {
                None
            } else if !title_key.is_empty() && key == title_key {
                Some((None, RemovalReason::Title, 1.0))
            } else if w.words >= cfg.min_paragraph_words {
                match first_by_hash.get(&w.exact_hash) {
                    Some(&j) if &keys[work[j].key.clone()] == key => {
                        Some((Some(work[j].index), RemovalReason::Exact, 1.0))
                    }
                    _ => None,
                }
            } else {
                None
            };
            match removal {
                Some((duplicate_of, reason, similarity)) => removals.push(Removal {
                    index: w.index,
                    span: w.span.clone(),
                    duplicate_of,
                    reason,
                    similarity: Some(similarity),
                }),
                None => {
                    first_by_hash.entry(w.exact_hash).or_insert(i);
                    kept.push(Kept {
                        index: w.index,
                        span: w.span.clone(),
                        text: match &w.display {
                            None => TextAt::Input(w.span.clone()),
                            Some(r) => TextAt::Arena(r.clone()),
                        },
                        exact_hash: w.exact_hash,
                        words: w.words,
                    });
                }
            }
        }
        CleanedArticle {
            input: text,
            arena,
            kept,
            removals,
            paragraph_count: work.len(),
            comparison_limit,
        }
    }

    /// Cleans one article, or fails when it is over a limit.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ArticleTooLarge`] when the text is longer than
    /// [`max_article_bytes`](CleanerBuilder::max_article_bytes);
    /// [`ErrorKind::TooManyParagraphs`] when it has more paragraphs than
    /// [`max_paragraphs`](CleanerBuilder::max_paragraphs).
    ///
    /// # Example
    ///
    /// ```
    /// use naqi::{Cleaner, ErrorKind};
    ///
    /// let cleaner = Cleaner::builder().max_paragraphs(2).build()?;
    /// let err = cleaner.try_clean("أ\nب\nج").unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::TooManyParagraphs { count: 3, limit: 2 }));
    /// # Ok::<(), naqi::Error>(())
    /// ```
    pub fn try_clean<'a>(&self, article: impl Into<Article<'a>>) -> Result<CleanedArticle<'a>> {
        let article = article.into();
        let cfg = &self.config;
        if article.text.len() > cfg.max_article_bytes {
            return Err(ErrorKind::ArticleTooLarge {
                len: article.text.len(),
                limit: cfg.max_article_bytes,
            }
            .into());
        }
        let count = paragraphs_by(article.text, cfg.segment_mode)
            .take(cfg.max_paragraphs.saturating_add(1))
            .count();
        if count > cfg.max_paragraphs {
            return Err(ErrorKind::TooManyParagraphs {
                count,
                limit: cfg.max_paragraphs,
            }
            .into());
        }
        Ok(self.clean(article))
    }
}

impl Default for Cleaner {
    fn default() -> Cleaner {
        Cleaner::new()
    }
}
