//! Cleaning one article: segment, normalize, fingerprint, remove repeats.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::LazyLock;

use crate::error::{Error, ErrorKind, Result};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::fingerprint::{
    Fingerprint, SIMHASH_SEED, exact_hash, first_word, for_each_char_4gram, for_each_space,
    grams_fit_u64,
};
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
    source: Option<&'a str>,
}

impl<'a> Article<'a> {
    /// An article without a title.
    pub fn new(text: &'a str) -> Article<'a> {
        Article { text, title: None, source: None }
    }

    /// Sets the title: body paragraphs equal to it (by matching key) are
    /// removed with [`RemovalReason::Title`]. A title whose key is empty
    /// (only punctuation, say) is ignored.
    pub fn with_title(mut self, title: &'a str) -> Article<'a> {
        self.title = Some(title);
        self
    }

    /// Sets the source (the site or feed the article comes from). Cleaning
    /// one article ignores it; the corpus stages
    /// ([`CorpusCleaner`](crate::CorpusCleaner)) look for boilerplate among
    /// the articles of one source.
    pub fn with_source(mut self, source: &'a str) -> Article<'a> {
        self.source = Some(source);
        self
    }

    /// The article's source, if any.
    pub fn source(&self) -> Option<&'a str> {
        self.source
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
    key: &'c str,
    index: usize,
    start: usize,
    end: usize,
    exact_hash: u64,
    simhash: Fingerprint,
    words: usize,
}

impl<'c> KeptParagraph<'c> {
    /// The display-tier text of the paragraph.
    pub fn text(&self) -> &'c str {
        self.text
    }

    /// The paragraph's matching key (see
    /// [`Normalizer::matching`](crate::Normalizer::matching)).
    pub fn key(&self) -> &'c str {
        self.key
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

    /// The SimHash of the paragraph's matching key
    /// ([`Fingerprint::of_key`]).
    pub fn simhash(&self) -> Fingerprint {
        self.simhash
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
    /// This range of the result's buffer.
    Buffer(Range<usize>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Kept {
    index: usize,
    span: Range<usize>,
    text: TextAt,
    key: Range<usize>,
    exact_hash: u64,
    simhash: Fingerprint,
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
    /// The kept paragraphs' keys and the display texts that differ from
    /// the input, back to back.
    buffer: String,
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
                TextAt::Buffer(r) => &self.buffer[r.clone()],
            },
            key: &self.buffer[k.key.clone()],
            index: k.index,
            start: k.span.start,
            end: k.span.end,
            exact_hash: k.exact_hash,
            simhash: k.simhash,
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

    /// Moves the kept paragraphs with these indices to the removals, with
    /// reason `boilerplate`, keeping both lists in input order.
    pub(crate) fn remove_as_boilerplate(&mut self, indices: &[usize]) {
        if indices.is_empty() {
            return;
        }
        let mut kept = Vec::with_capacity(self.kept.len());
        for k in self.kept.drain(..) {
            if indices.contains(&k.index) {
                self.removals.push(Removal {
                    index: k.index,
                    span: k.span,
                    duplicate_of: None,
                    reason: RemovalReason::Boilerplate,
                    similarity: None,
                });
            } else {
                kept.push(k);
            }
        }
        self.kept = kept;
        self.removals.sort_by_key(|r| r.index);
    }

    /// Appends [`text`](CleanedArticle::text) to `out`.
    pub fn write_text(&self, out: &mut String) {
        out.reserve(self.kept().map(|p| p.text().len() + 2).sum());
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
/// state carries from one call to the next. Each thread that cleans keeps
/// its working buffers (display texts, keys and per-paragraph records) for
/// the next article, so that a call allocates little more than its result:
/// about twice the longest text the thread has cleaned, at most about 3 MB
/// per thread once an article over 1 MB has passed.
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
    near_duplicates: bool,
    teasers: bool,
    /// Minimum verified Jaccard similarity, by length class.
    near_duplicate_jaccard: [f64; 3],
    /// Minimum verified Jaccard similarity of the word 3-shingle sets.
    near_duplicate_word_jaccard: f64,
    /// Maximum SimHash Hamming distance of a candidate pair, by length class.
    simhash_max_distance: [u32; 3],
    teaser_min_words: usize,
}

/// Length classes of a pair, by the word count of its shorter paragraph:
/// short (fewer than 12 words), medium (12 to 23), long (24 or more).
fn length_class(words: usize) -> usize {
    match words {
        0..12 => 0,
        12..24 => 1,
        _ => 2,
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            min_paragraph_words: 5,
            segment_mode: SegmentMode::Line,
            max_article_bytes: 64 << 20,
            max_paragraphs: 10_000,
            near_duplicates: true,
            teasers: true,
            near_duplicate_jaccard: [0.85, 0.75, 0.72],
            near_duplicate_word_jaccard: 0.5,
            simhash_max_distance: [20, 20, 18],
            teaser_min_words: 16,
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

    /// Whether near-duplicate paragraphs are removed (reason
    /// `near-duplicate`). Default: on.
    pub fn near_duplicates(&mut self, yes: bool) -> &mut CleanerBuilder {
        self.config.near_duplicates = yes;
        self
    }

    /// Whether teasers, truncated copies of the text that follows them, are
    /// removed (reason `contained`). Default: on.
    pub fn teasers(&mut self, yes: bool) -> &mut CleanerBuilder {
        self.config.teasers = yes;
        self
    }

    /// The minimum Jaccard similarity (inclusive) of the character 4-gram
    /// sets of two paragraphs' matching keys for the later one to be removed
    /// as a near-duplicate, for pairs whose shorter paragraph has fewer than
    /// 12 words (`short`), 12 to 23 words (`medium`) and 24 or more
    /// (`long`). Default: 0.85, 0.75, 0.72. Range: each in (0, 1].
    ///
    /// On the labelled development articles, near copies (about one word in
    /// 20 edited) score at least 0.83, and distinct paragraphs of the same
    /// article at most 0.64 (0.70 for short lines that wrap another line).
    pub fn near_duplicate_jaccard(
        &mut self,
        short: f64,
        medium: f64,
        long: f64,
    ) -> &mut CleanerBuilder {
        self.config.near_duplicate_jaccard = [short, medium, long];
        self
    }

    /// The minimum Jaccard similarity (inclusive) of the word 3-shingle sets
    /// of two paragraphs' matching keys, required on top of
    /// [`near_duplicate_jaccard`](CleanerBuilder::near_duplicate_jaccard):
    /// a paragraph that says the same thing in another order shares many
    /// characters but few runs of words, and is not a copy. Default: 0.5.
    /// Range: (0, 1].
    pub fn near_duplicate_word_jaccard(&mut self, min: f64) -> &mut CleanerBuilder {
        self.config.near_duplicate_word_jaccard = min;
        self
    }

    /// The largest SimHash Hamming distance (inclusive, in bits) at which a
    /// pair of paragraphs is verified at all, by the same length classes as
    /// [`near_duplicate_jaccard`](CleanerBuilder::near_duplicate_jaccard).
    /// A wider filter costs more verifications and never removes more than
    /// the verification allows. Default: 20, 20, 18 bits. Range: each at
    /// most 64.
    pub fn simhash_max_distance(
        &mut self,
        short: u32,
        medium: u32,
        long: u32,
    ) -> &mut CleanerBuilder {
        self.config.simhash_max_distance = [short, medium, long];
        self
    }

    /// A truncated copy standing at the top of the article (before its
    /// first paragraph of this many words) is a teaser only when it ends
    /// in an ellipsis or has at least this many words; shorter prefixes
    /// there are headlines that the lead happens to begin with, and stay.
    /// Default: 16. Range: at least 1.
    pub fn teaser_min_words(&mut self, words: usize) -> &mut CleanerBuilder {
        self.config.teaser_min_words = words;
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
        let invalid = |message: String| Err(Error::invalid_config(message));
        for (name, value) in [
            ("min_paragraph_words", c.min_paragraph_words),
            ("max_article_bytes", c.max_article_bytes),
            ("max_paragraphs", c.max_paragraphs),
            ("teaser_min_words", c.teaser_min_words),
        ] {
            if value == 0 {
                return invalid(format!("{name} must be at least 1, got 0"));
            }
        }
        for j in c.near_duplicate_jaccard.into_iter().chain([c.near_duplicate_word_jaccard]) {
            if !(j > 0.0 && j <= 1.0) {
                return invalid(format!(
                    "near_duplicate_jaccard and near_duplicate_word_jaccard values must be in (0, 1], got {j}"
                ));
            }
        }
        for d in c.simhash_max_distance {
            if d > 64 {
                return invalid(format!(
                    "simhash_max_distance values must be at most 64 bits, got {d}"
                ));
            }
        }
        Ok(Cleaner { matching: Normalizer::matching(), config: *c })
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

/// Working buffers of [`Cleaner::clean`], one set per thread, reused from
/// one article to the next so that cleaning allocates only its result.
#[derive(Default)]
struct Scratch {
    /// Display texts that differ from the input.
    arena: String,
    /// Matching keys.
    keys: String,
    /// One entry per paragraph.
    work: Vec<Work>,
}

impl Scratch {
    /// Capacity kept between articles: after an article that needed more,
    /// the buffers shrink back to this many bytes (or entries).
    const KEEP: usize = 1 << 20;

    fn trim(&mut self) {
        self.arena.shrink_to(Self::KEEP);
        self.keys.shrink_to(Self::KEEP);
        self.work.shrink_to(Self::KEEP / std::mem::size_of::<Work>());
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
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
    simhash: Fingerprint,
    /// The display text ends in an ellipsis (`...`, `..` or U+2026).
    ellipsis: bool,
}

/// The decision on one paragraph.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fate {
    Keep,
    /// Removed; `duplicate_of` is an index into the work list.
    Remove {
        duplicate_of: Option<usize>,
        reason: RemovalReason,
        similarity: f64,
    },
}

/// `true` when a display text ends in an ellipsis: `..`, `...` (any number
/// of full stops from two) or HORIZONTAL ELLIPSIS U+2026, possibly followed
/// by closing quotes or brackets.
fn ends_in_ellipsis(display: &str) -> bool {
    let t = display.trim_end_matches(['"', '\'', '»', '”', '’', ')', ']', ' ']);
    t.ends_with('\u{2026}') || t.ends_with("..")
}

impl Cleaner {
    /// A cleaner with the default configuration (the one
    /// [`clean_article`] uses).
    pub fn new() -> Cleaner {
        Cleaner { matching: Normalizer::matching(), config: Config::default() }
    }

    /// The matching key of a text (a title, say) under this cleaner's
    /// normalization.
    pub(crate) fn matching_key<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        self.matching.normalize(text)
    }

    /// A builder starting from the default configuration.
    pub fn builder() -> CleanerBuilder {
        CleanerBuilder::default()
    }

    /// Cleans one article.
    ///
    /// Paragraphs are the non-blank lines (or blocks; see
    /// [`CleanerBuilder::segment_mode`]). Every paragraph is normalized
    /// (display text and matching key) and fingerprinted, then:
    ///
    /// 1. a paragraph whose key equals the title's goes (`title`), whatever
    ///    its length;
    /// 2. a paragraph whose key equals an earlier kept paragraph's goes
    ///    (`exact`): the first occurrence stays;
    /// 3. a *teaser* goes (`contained`): a paragraph whose key is a proper
    ///    prefix (the last word may be cut) of the keys of the kept
    ///    paragraphs read in order from another one, as the cleaned text
    ///    shows them; at the top of the article (before its first paragraph
    ///    of [`teaser_min_words`](CleanerBuilder::teaser_min_words) words)
    ///    only when it ends in an ellipsis or is that long itself, since a
    ///    headline often opens the lead. When two paragraphs cover each
    ///    other (an RSS abstract running into the second paragraph, and the
    ///    lead), the longer goes;
    /// 4. of two verified near-duplicates the fuller one stays and the other
    ///    goes (`near-duplicate`): more words, or of equally long ones the
    ///    first. Verified means: SimHash distance within
    ///    [`simhash_max_distance`](CleanerBuilder::simhash_max_distance),
    ///    word 3-shingle Jaccard at least
    ///    [`near_duplicate_word_jaccard`](CleanerBuilder::near_duplicate_word_jaccard)
    ///    and character 4-gram Jaccard at least
    ///    [`near_duplicate_jaccard`](CleanerBuilder::near_duplicate_jaccard).
    ///
    /// Rules 2 to 4 never remove a paragraph of fewer than
    /// [`min_paragraph_words`](CleanerBuilder::min_paragraph_words) words.
    /// Every removal but the title's points to a *kept* paragraph that is
    /// its counterpart, and no kept paragraph repeats another (exactly or as
    /// a near-duplicate) or the title, so cleaning the cleaned text removes
    /// no repeat. One bound: a paragraph is verified against at most 64
    /// candidates within the SimHash distance (see Complexity), tried
    /// fuller first, so a near copy stays when 64 other such candidates,
    /// none of them a near copy, come before its counterpart. It removes nothing at all, except in rare articles where
    /// teasers and repeats explain one another in a cycle that no set of
    /// decisions settles: then a kept paragraph may still be a teaser of
    /// kept ones. Every other paragraph is kept, in display form and in
    /// input order.
    ///
    /// # Complexity
    ///
    /// One normalization and fingerprinting pass over the text, O(n) in
    /// bytes; then, for paragraphs of at least `min_paragraph_words` words,
    /// one 64-bit XOR and popcount per pair of kept paragraphs (at most
    /// `max_paragraphs`² / 2) and a shingle-set comparison, linear in the
    /// two paragraphs' lengths, for each pair within the SimHash distance,
    /// at most 64 per paragraph (10,000 shuffles of one 30-word sentence,
    /// 2.7 MB, clean in about a third of a second).
    /// Teaser candidates are found by the first word of each key. Settling
    /// the decisions repeats while a removal changes what explains another:
    /// once in practice, at most a number of rounds linear in the number of
    /// paragraphs.
    pub fn clean<'a>(&self, article: impl Into<Article<'a>>) -> CleanedArticle<'a> {
        let article = article.into();
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                let cleaned = self.clean_with(article, &mut scratch);
                scratch.trim();
                cleaned
            }
            // Only reachable if cleaning ever re-entered itself on one
            // thread; a fresh scratch keeps it correct.
            Err(_) => self.clean_with(article, &mut Scratch::default()),
        })
    }

    /// [`clean`](Cleaner::clean) with the working buffers of `scratch`.
    fn clean_with<'a>(&self, article: Article<'a>, scratch: &mut Scratch) -> CleanedArticle<'a> {
        let text = article.text;
        let cfg = &self.config;
        let Scratch { arena, keys, work } = scratch;
        arena.clear();
        keys.clear();
        work.clear();
        // The display text and the keys are about as long as the text.
        arena.reserve(text.len());
        keys.reserve(text.len());
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
            let (changed, words) = self.matching.normalize_pair(raw, arena, keys);
            let key = &keys[key_start..];
            let display = if changed { &arena[display_start..] } else { raw };
            work.push(Work {
                index: p.index(),
                span: p.span(),
                ellipsis: ends_in_ellipsis(display),
                display: changed.then_some(display_start..arena.len()),
                exact_hash: exact_hash(key),
                simhash: Fingerprint::of_key(key),
                key: key_start..keys.len(),
                words,
            });
        }
        let title_key = article.title.map(|t| self.matching.normalize(t)).unwrap_or_default();
        let compared = comparison_limit.unwrap_or(work.len());
        let fates = Decider::new(cfg, &work[..compared], keys).decide(&title_key);
        let fate = |i: usize| fates.get(i).copied().unwrap_or(Fate::Keep);

        // The result holds the kept paragraphs' keys and changed display
        // texts in one buffer of the exact size.
        let size: usize = (0..work.len())
            .filter(|&i| fate(i) == Fate::Keep)
            .map(|i| work[i].key.len() + work[i].display.as_ref().map_or(0, |r| r.len()))
            .sum();
        let mut buffer = String::with_capacity(size);
        let mut copy = |from: &str, range: &Range<usize>| {
            let start = buffer.len();
            buffer.push_str(&from[range.clone()]);
            start..buffer.len()
        };
        let mut kept = Vec::with_capacity(work.len());
        let mut removals = Vec::new();
        for (i, w) in work.iter().enumerate() {
            match fate(i) {
                Fate::Remove { duplicate_of, reason, similarity } => removals.push(Removal {
                    index: w.index,
                    span: w.span.clone(),
                    duplicate_of: duplicate_of.map(|j| work[j].index),
                    reason,
                    similarity: Some(similarity),
                }),
                Fate::Keep => kept.push(Kept {
                    index: w.index,
                    span: w.span.clone(),
                    text: match &w.display {
                        None => TextAt::Input(w.span.clone()),
                        Some(r) => TextAt::Buffer(copy(arena, r)),
                    },
                    key: copy(keys, &w.key),
                    exact_hash: w.exact_hash,
                    simhash: w.simhash,
                    words: w.words,
                }),
            }
        }
        CleanedArticle {
            input: text,
            buffer,
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
        // Counting allocates nothing: the article is in memory already.
        let count = paragraphs_by(article.text, cfg.segment_mode).count();
        if count > cfg.max_paragraphs {
            return Err(ErrorKind::TooManyParagraphs { count, limit: cfg.max_paragraphs }.into());
        }
        Ok(self.clean(article))
    }
}

impl Default for Cleaner {
    fn default() -> Cleaner {
        Cleaner::new()
    }
}

/// The within-article decisions, over the compared paragraphs.
struct Decider<'w> {
    cfg: &'w Config,
    work: &'w [Work],
    keys: &'w str,
    fates: Vec<Fate>,
    /// Paragraphs that stay again after a removal was undone, and so have
    /// not been compared as kept paragraphs yet.
    fresh: Vec<bool>,
    /// (first word of the key, paragraph), sorted: the candidates for
    /// covering a teaser share its first word.
    by_first_word: Vec<(&'w str, usize)>,
    /// For each paragraph, the range of `by_first_word` with its first
    /// word (empty for an empty key).
    first_word_group: Vec<Range<usize>>,
    /// Character 4-gram sets of the keys, computed on first use.
    char_grams: CharGrams,
    /// Word 3-shingle sets of the keys, computed on first use.
    word_shingles: ShingleSets<u64>,
}

impl<'w> Decider<'w> {
    fn new(cfg: &'w Config, work: &'w [Work], keys: &'w str) -> Decider<'w> {
        let mut by_first_word: Vec<(&str, usize)> = work
            .iter()
            .enumerate()
            .map(|(i, w)| (first_word(&keys[w.key.clone()]), i))
            .filter(|(w, _)| !w.is_empty())
            .collect();
        by_first_word.sort_unstable();
        let mut first_word_group = vec![0..0; work.len()];
        let mut start = 0;
        for group in by_first_word.chunk_by(|a, b| a.0 == b.0) {
            let range = start..start + group.len();
            for &(_, i) in group {
                first_word_group[i] = range.clone();
            }
            start = range.end;
        }
        Decider {
            cfg,
            work,
            keys,
            fates: vec![Fate::Keep; work.len()],
            fresh: vec![false; work.len()],
            by_first_word,
            first_word_group,
            char_grams: CharGrams::new(work.len()),
            word_shingles: ShingleSets::new(work.len()),
        }
    }

    fn key(&self, i: usize) -> &'w str {
        &self.keys[self.work[i].key.clone()]
    }

    fn removable(&self, i: usize) -> bool {
        self.work[i].words >= self.cfg.min_paragraph_words && self.fates[i] == Fate::Keep
    }

    fn decide(mut self, title_key: &str) -> Vec<Fate> {
        self.titles(title_key);
        self.exact_repeats();
        let teasers = if self.cfg.teasers { self.teasers() } else { Vec::new() };
        if self.cfg.near_duplicates {
            self.near_repeats();
        }
        self.point_teasers(teasers);
        self.settle();
        self.fates
    }

    /// Rule 1: paragraphs equal to the title.
    fn titles(&mut self, title_key: &str) {
        if title_key.is_empty() {
            return;
        }
        for i in 0..self.work.len() {
            if self.key(i) == title_key {
                self.fates[i] = Fate::Remove {
                    duplicate_of: None,
                    reason: RemovalReason::Title,
                    similarity: 1.0,
                };
            }
        }
    }

    /// Rule 2: teasers. Marks them removed (their target is chosen once the
    /// other rules have decided which paragraphs stay) and returns, for each,
    /// the paragraphs whose runs cover it.
    fn teasers(&mut self) -> Vec<(usize, Vec<usize>)> {
        let n = self.work.len();
        let mut long_seen = false;
        let mut found = Vec::new();
        for a in 0..n {
            let at_top = !long_seen;
            long_seen |= self.work[a].words >= self.cfg.teaser_min_words;
            if !self.removable(a) {
                continue;
            }
            let w = &self.work[a];
            if at_top && !w.ellipsis && w.words < self.cfg.teaser_min_words {
                continue;
            }
            let covering: Vec<usize> =
                self.same_first_word(a).filter(|&b| b != a && self.kept_run_covers(a, b)).collect();
            if !covering.is_empty() {
                found.push((a, covering));
            }
        }
        // Two paragraphs can cover each other: an RSS abstract that runs on
        // into the second paragraph covers the lead, and the lead is a prefix
        // of the abstract. The longer one is the truncated copy of the run:
        // deciding the longest first, a paragraph goes when something that
        // covers it is still there.
        found.sort_by_key(|(a, _)| (std::cmp::Reverse(self.work[*a].words), *a));
        let mut teasers = Vec::with_capacity(found.len());
        for (a, covering) in found {
            if covering.iter().any(|&b| self.fates[b] == Fate::Keep) {
                self.fates[a] = Fate::Remove {
                    duplicate_of: None,
                    reason: RemovalReason::Contained,
                    similarity: 1.0,
                };
                teasers.push((a, covering));
            }
        }
        teasers
    }

    /// `true` when the key of `a` is a proper prefix of the keys of the
    /// paragraphs from `b` on, skipping `a` and those `skip` says, joined by
    /// spaces (its last word may stop inside a word when `a` ends in an
    /// ellipsis or has `teaser_min_words` words), and every paragraph
    /// the prefix reaches into satisfies `require`. `b` itself may not be
    /// skipped.
    fn covers_with(
        &self,
        a: usize,
        b: usize,
        skip: impl Fn(usize) -> bool,
        require: impl Fn(usize) -> bool,
    ) -> bool {
        let mut rest = self.key(a);
        let mut first = true;
        for k in b..self.work.len() {
            if k == a || skip(k) {
                if first {
                    return false;
                }
                continue;
            }
            let kk = self.key(k);
            if kk.is_empty() {
                continue;
            }
            if !require(k) {
                return false;
            }
            if rest.len() < kk.len() {
                // Cut inside a word only when it is plainly cut short (an
                // ellipsis, or a long copy): `... إلى 15` is no teaser of
                // `... إلى 150 شخصا`.
                let w = &self.work[a];
                let may_cut = w.ellipsis || w.words >= self.cfg.teaser_min_words;
                return kk.starts_with(rest) && (may_cut || kk.as_bytes()[rest.len()] == b' ');
            }
            if rest.len() == kk.len() {
                // Equal to `b` alone is an exact repeat, not a teaser.
                return !first && rest == kk;
            }
            match rest.strip_prefix(kk).and_then(|r| r.strip_prefix(' ')) {
                Some(r) => rest = r,
                None => return false,
            }
            first = false;
        }
        false
    }

    /// Rule 3, in input order: a paragraph whose key equals an earlier
    /// *kept* paragraph's goes.
    fn exact_repeats(&mut self) {
        let mut first_by_hash: HashMap<u64, usize, BuildHasherDefault<HashIsKey>> =
            HashMap::with_capacity_and_hasher(self.work.len(), BuildHasherDefault::default());
        for j in 0..self.work.len() {
            if self.fates[j] != Fate::Keep {
                continue;
            }
            if self.removable(j) {
                if let Some(&i) = first_by_hash.get(&self.work[j].exact_hash) {
                    if self.key(i) == self.key(j) {
                        self.fates[j] = exact(i);
                        continue;
                    }
                }
            }
            first_by_hash.entry(self.work[j].exact_hash).or_insert(j);
        }
    }

    /// Rule 4: of verified near-duplicates the fuller paragraph stays (more
    /// words; of equally long ones, the first), so a copy with a word
    /// dropped or cut short goes wherever it stands, as a teaser does.
    /// Paragraphs are decided fullest first, each against the kept ones
    /// decided before it: one fixed order, so no decision undoes another.
    fn near_repeats(&mut self) {
        let mut order: Vec<usize> = (0..self.work.len()).filter(|&j| self.removable(j)).collect();
        order.sort_by_key(|&j| self.precedence(j));
        let mut kept: Vec<usize> = Vec::with_capacity(order.len());
        let mut kept_fingerprints: Vec<u64> = Vec::with_capacity(order.len());
        for j in order {
            match self.first_near(j, &kept, &kept_fingerprints) {
                Some((i, similarity)) => self.fates[j] = near_duplicate(i, similarity),
                None => {
                    kept.push(j);
                    kept_fingerprints.push(self.work[j].simhash.as_u64());
                }
            }
        }
    }

    /// The order near-duplicates are decided in: more words first, then
    /// input order.
    fn precedence(&self, j: usize) -> (std::cmp::Reverse<usize>, usize) {
        (std::cmp::Reverse(self.work[j].words), j)
    }

    /// The first of `candidates` that `j` is a verified near-duplicate of,
    /// with their 4-gram Jaccard similarity. Only the first
    /// [`MAX_VERIFIED`] candidates within the SimHash distance are verified,
    /// which bounds the work when thousands of paragraphs share their words
    /// but not their order. `fingerprints[k]` is the SimHash of
    /// `candidates[k]`, side by side so that the scan reads one array.
    fn first_near(
        &mut self,
        j: usize,
        candidates: &[usize],
        fingerprints: &[u64],
    ) -> Option<(usize, f64)> {
        let fingerprint = self.work[j].simhash.as_u64();
        let loosest = self.cfg.simhash_max_distance.iter().copied().max().unwrap_or(0);
        let mut verified = 0;
        // Candidates within the loosest distance, 64 at a time: a loop
        // without branches over the fingerprints, then the few close ones.
        for (c, chunk) in fingerprints.chunks(64).enumerate() {
            let mut close = 0u64;
            for (k, &h) in chunk.iter().enumerate() {
                close |= u64::from((h ^ fingerprint).count_ones() <= loosest) << k;
            }
            while close != 0 {
                let i = candidates[64 * c + close.trailing_zeros() as usize];
                close &= close - 1;
                let class = length_class(self.work[i].words.min(self.work[j].words));
                let distance = self.work[i].simhash.hamming_distance(self.work[j].simhash);
                if distance > self.cfg.simhash_max_distance[class] {
                    continue;
                }
                if verified == MAX_VERIFIED {
                    return None;
                }
                verified += 1;
                if let Some(similarity) = self.verified_near(i, j, class) {
                    return Some((i, similarity));
                }
            }
        }
        None
    }

    /// The 4-gram Jaccard similarity of `i` and `j`, whose SimHashes are
    /// close, when they are verified near-duplicates.
    fn verified_near(&mut self, i: usize, j: usize, class: usize) -> Option<f64> {
        let (ki, kj) = (self.key(i), self.key(j));
        // Word 3-shingles first: the smaller sets reject most pairs.
        if self.word_shingles.jaccard(i, ki, j, kj) < self.cfg.near_duplicate_word_jaccard {
            return None;
        }
        let similarity = self.char_grams.jaccard(self.keys, (i, ki), (j, kj));
        (similarity >= self.cfg.near_duplicate_jaccard[class]).then_some(similarity)
    }

    /// Points each teaser to the first paragraph covering it, among those
    /// that stay, through the paragraphs that stay; a teaser that no kept
    /// run covers any more stays.
    fn point_teasers(&mut self, teasers: Vec<(usize, Vec<usize>)>) {
        for (a, covering) in teasers {
            let target = covering
                .iter()
                .copied()
                .find(|&b| self.fates[b] == Fate::Keep && self.kept_run_covers(a, b))
                .or_else(|| self.covering_kept(a));
            self.fates[a] = match target {
                Some(b) => contained(b),
                None => {
                    self.fresh[a] = true;
                    Fate::Keep
                }
            };
        }
    }

    /// The first kept paragraph whose run through the kept paragraphs
    /// covers `a`.
    fn covering_kept(&self, a: usize) -> Option<usize> {
        self.same_first_word(a)
            .find(|&b| b != a && self.fates[b] == Fate::Keep && self.kept_run_covers(a, b))
    }

    /// The paragraphs whose key starts with the same word as `a`'s, in input
    /// order.
    fn same_first_word(&self, a: usize) -> impl Iterator<Item = usize> + '_ {
        self.by_first_word[self.first_word_group[a].clone()].iter().map(|&(_, b)| b)
    }

    /// Like `run_covers`, through the paragraphs that stay (but `a`): the
    /// run as it reads in the cleaned text.
    fn kept_run_covers(&self, a: usize, b: usize) -> bool {
        self.covers_with(a, b, |k| self.fates[k] != Fate::Keep, |_| true)
    }

    /// What explains removing kept paragraph `p` now, if anything: an exact
    /// repeat of an earlier kept paragraph, a near-duplicate of a fuller
    /// kept one (with `new_pairs`, only pairs where one of the two stays
    /// again since they were last compared), or, with `teasers`, a run of
    /// kept paragraphs that covers it (when it may be a teaser where it
    /// stands).
    fn explain(&mut self, p: usize, new_pairs: bool, teasers: bool) -> Option<Fate> {
        let compare = |d: &Self, i: usize| {
            d.fates[i] == Fate::Keep && (!new_pairs || d.fresh[i] || d.fresh[p])
        };
        if let Some(i) = (0..p).find(|&i| {
            compare(self, i)
                && self.work[i].exact_hash == self.work[p].exact_hash
                && self.key(i) == self.key(p)
        }) {
            return Some(exact(i));
        }
        if self.cfg.near_duplicates {
            let mut before: Vec<usize> = (0..self.work.len())
                .filter(|&i| {
                    i != p
                        && self.precedence(i) < self.precedence(p)
                        && compare(self, i)
                        && self.work[i].words >= self.cfg.min_paragraph_words
                })
                .collect();
            before.sort_by_key(|&i| self.precedence(i));
            let fingerprints: Vec<u64> =
                before.iter().map(|&i| self.work[i].simhash.as_u64()).collect();
            if let Some((i, similarity)) = self.first_near(p, &before, &fingerprints) {
                return Some(near_duplicate(i, similarity));
            }
        }
        if teasers { self.explain_teaser(p) } else { None }
    }

    /// A run of kept paragraphs that covers kept paragraph `p`, when `p` may
    /// be a teaser where it stands.
    fn explain_teaser(&self, p: usize) -> Option<Fate> {
        if !self.cfg.teasers {
            return None;
        }
        let w = &self.work[p];
        let min = self.cfg.teaser_min_words;
        let eligible = w.ellipsis
            || w.words >= min
            || (0..p).any(|i| self.fates[i] == Fate::Keep && self.work[i].words >= min);
        if eligible { self.covering_kept(p).map(contained) } else { None }
    }

    /// Makes the decisions a fixed point: every removal points to a kept
    /// paragraph that is its counterpart, and no kept paragraph repeats or is
    /// covered by the kept ones, so cleaning the cleaned text removes
    /// nothing. Removing a paragraph can take away what explained another
    /// removal, and restoring one can explain a new one, so this repeats
    /// until nothing changes.
    ///
    /// Some articles have no such fixed point: `X...`, `Y`, `X`, `Z`,
    /// `X Z...` (with `X` equal to the third line) can only be explained in
    /// a cycle. Should the decisions come back to an earlier state, new
    /// teaser removals stop (exact and near repeats still go), which always
    /// ends: then a kept paragraph may be a prefix of kept ones, and
    /// cleaning the cleaned text may remove it as a teaser.
    fn settle(&mut self) {
        let n = self.work.len();
        let mut seen = HashSet::new();
        let mut teasers = true;
        for _ in 0..=4 * n + 4 {
            let mut changed = self.validate();
            // New pairs exist only when some paragraph is fresh; without
            // them only teasers are left to find.
            let new_pairs = self.fresh.contains(&true);
            for p in 0..n {
                if self.removable(p) {
                    let fate = if new_pairs {
                        self.explain(p, true, teasers)
                    } else if teasers {
                        self.explain_teaser(p)
                    } else {
                        None
                    };
                    if let Some(fate) = fate {
                        self.fates[p] = fate;
                        changed = true;
                    }
                }
            }
            self.fresh.iter_mut().for_each(|f| *f = false);
            teasers &= seen.insert(self.fates_digest());
            if !changed {
                return;
            }
        }
        // Past the bound, only what explains the removals made so far:
        // restoring never takes away an exact or near repeat's counterpart,
        // so this ends within n passes.
        for _ in 0..=n {
            if !self.validate() {
                return;
            }
        }
    }

    /// A digest of all decisions, to notice a cycle.
    fn fates_digest(&self) -> u64 {
        let mut bytes = Vec::with_capacity(self.fates.len() * 9);
        for f in &self.fates {
            match f {
                Fate::Keep => bytes.push(0),
                Fate::Remove { duplicate_of, reason, .. } => {
                    bytes.push(1 + *reason as u8);
                    bytes.extend_from_slice(
                        &(duplicate_of.map_or(u64::MAX, |d| d as u64)).to_le_bytes(),
                    );
                }
            }
        }
        xxh3_64_with_seed(&bytes, 0)
    }

    /// Re-points or restores every removal whose counterpart does not stay
    /// or no longer explains it. Returns whether anything changed.
    fn validate(&mut self) -> bool {
        let mut changed = false;
        for p in 0..self.work.len() {
            let Fate::Remove { duplicate_of: Some(t), reason, .. } = self.fates[p] else {
                continue;
            };
            let valid = self.fates[t] == Fate::Keep
                && (reason != RemovalReason::Contained || self.kept_run_covers(p, t));
            if valid {
                continue;
            }
            changed = true;
            // Any explanation will do.
            self.fates[p] = Fate::Keep;
            match self.explain(p, false, true) {
                Some(fate) => self.fates[p] = fate,
                None => self.fresh[p] = true,
            }
        }
        changed
    }
}

/// A `Hasher` for maps keyed by values that are already XXH3 hashes: the
/// key is its own hash.
#[derive(Default)]
struct HashIsKey(u64);

impl Hasher for HashIsKey {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// An exact repeat's removal.
fn exact(i: usize) -> Fate {
    Fate::Remove { duplicate_of: Some(i), reason: RemovalReason::Exact, similarity: 1.0 }
}

/// A near-duplicate's removal.
fn near_duplicate(i: usize, similarity: f64) -> Fate {
    Fate::Remove { duplicate_of: Some(i), reason: RemovalReason::NearDuplicate, similarity }
}

/// The most candidates within the SimHash distance a paragraph is verified
/// against.
const MAX_VERIFIED: usize = 64;

/// A teaser's removal, pointing to the paragraph whose run covers it.
fn contained(b: usize) -> Fate {
    Fate::Remove { duplicate_of: Some(b), reason: RemovalReason::Contained, similarity: 1.0 }
}

/// The number of values two sorted, duplicate-free slices share.
fn sorted_intersection_len<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The shingles the near-duplicate check compares, each kind with the
/// value a set holds for one shingle.
trait Shingle: Copy + Ord {
    /// Calls `f` with the value of each shingle of `key`.
    fn for_each(key: &str, f: impl FnMut(Self));
}

/// Character 4-grams of `" " + key + " "`, packed one to one into a
/// `u128` (see [`PackedGram`](crate::fingerprint::PackedGram)): their sets
/// compare exactly.
impl Shingle for u128 {
    fn for_each(key: &str, f: impl FnMut(u128)) {
        for_each_char_4gram(key, f);
    }
}

/// The character 4-gram sets of an article: packed into `u64` when every
/// key's chars are in U+0001..=U+FFFF (Arabic text always is), which sorts
/// faster, else into `u128`. The keys are checked when the first pair is
/// compared, as most articles compare none.
struct CharGrams {
    fits_u64: Option<bool>,
    narrow: ShingleSets<PackedU64>,
    wide: ShingleSets<u128>,
}

impl CharGrams {
    fn new(paragraphs: usize) -> CharGrams {
        CharGrams {
            fits_u64: None,
            narrow: ShingleSets::new(paragraphs),
            wide: ShingleSets::new(paragraphs),
        }
    }

    /// The Jaccard similarity of the sets of paragraphs `i` and `j`, whose
    /// keys are `key_i` and `key_j`, among the article's `keys`.
    fn jaccard(&mut self, keys: &str, (i, key_i): (usize, &str), (j, key_j): (usize, &str)) -> f64 {
        if *self.fits_u64.get_or_insert_with(|| grams_fit_u64(keys)) {
            self.narrow.jaccard(i, key_i, j, key_j)
        } else {
            self.wide.jaccard(i, key_i, j, key_j)
        }
    }
}

/// A character 4-gram packed into a `u64` (keys of chars in
/// U+0001..=U+FFFF only).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct PackedU64(u64);

impl Shingle for PackedU64 {
    fn for_each(key: &str, mut f: impl FnMut(PackedU64)) {
        for_each_char_4gram(key, |g: u64| f(PackedU64(g)));
    }
}

/// Runs of three consecutive words (the whole key when it has fewer), as
/// their XXH3-64 hashes.
impl Shingle for u64 {
    fn for_each(key: &str, mut f: impl FnMut(u64)) {
        for_each_word_3shingle(key, |s| f(xxh3_64_with_seed(s, SIMHASH_SEED)));
    }
}

/// Sorted, duplicate-free shingle sets of the paragraphs of one article,
/// built on first use and kept in one buffer.
struct ShingleSets<T> {
    paragraphs: usize,
    /// Empty until the first set is built, then one entry per paragraph.
    ranges: Vec<Option<Range<usize>>>,
    values: Vec<T>,
}

impl<T: Shingle> ShingleSets<T> {
    fn new(paragraphs: usize) -> ShingleSets<T> {
        ShingleSets { paragraphs, ranges: Vec::new(), values: Vec::new() }
    }

    /// The set of paragraph `i`, whose key is `key`.
    fn set(&mut self, i: usize, key: &str) -> Range<usize> {
        if self.ranges.is_empty() {
            self.ranges = vec![None; self.paragraphs];
        }
        if let Some(r) = &self.ranges[i] {
            return r.clone();
        }
        let start = self.values.len();
        let values = &mut self.values;
        T::for_each(key, |v| values.push(v));
        values[start..].sort_unstable();
        let mut end = start;
        for k in start..values.len() {
            if k == start || values[k] != values[end - 1] {
                values[end] = values[k];
                end += 1;
            }
        }
        values.truncate(end);
        self.ranges[i] = Some(start..end);
        start..end
    }

    /// Jaccard similarity of the sets of paragraphs `i` and `j`.
    fn jaccard(&mut self, i: usize, key_i: &str, j: usize, key_j: &str) -> f64 {
        let a = self.set(i, key_i);
        let b = self.set(j, key_j);
        let (a, b) = (&self.values[a], &self.values[b]);
        let common = sorted_intersection_len(a, b);
        let union = a.len() + b.len() - common;
        if union == 0 { 1.0 } else { common as f64 / union as f64 }
    }
}

/// Calls `f` with each run of three consecutive words of `key` (words
/// separated by one space), or once with the whole key when it has fewer
/// than three words and is not empty.
fn for_each_word_3shingle(key: &str, mut f: impl FnMut(&[u8])) {
    if key.is_empty() {
        return;
    }
    let bytes = key.as_bytes();
    // Start offsets of the last three words seen.
    let mut starts = [0usize; 3];
    let mut words = 1;
    for_each_space(bytes, |i| {
        if words >= 3 {
            f(&bytes[starts[(words - 3) % 3]..i]);
        }
        starts[words % 3] = i + 1;
        words += 1;
    });
    if words >= 3 {
        f(&bytes[starts[(words - 3) % 3]..]);
    } else {
        f(bytes);
    }
}
