//! The corpus stages: boilerplate per source and near-duplicate articles.
//!
//! Both need every article before they decide, so they work in three steps
//! that a program can run over data too large to hold as text:
//!
//! 1. [`CorpusCleaner::sketch`] turns one cleaned article into an
//!    [`ArticleSketch`]: hashes only (boilerplate templates and exact hashes
//!    of its paragraphs, the word 5-shingles of its body), no text.
//! 2. [`CorpusCleaner::decide`] reads all sketches and decides which
//!    paragraphs are boilerplate and which articles repeat an earlier one.
//! 3. [`CorpusCleaner::apply`] turns a cleaned article and the decisions into
//!    the article's final result.
//!
//! [`CorpusCleaner::clean_corpus`] does the three steps over articles held
//! in memory.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

use crate::dedup::{Article, CleanedArticle, Cleaner};
use crate::error::{Error, Result};
use crate::fingerprint::{Fingerprint, SimHashAccumulator};
use crate::index::NearDupIndex;

/// Seed of the word 5-shingle hashes of article bodies.
const SHINGLE_SEED: u64 = 0x6E61_7169_0000_0003;
/// Seed of the boilerplate template hashes.
const TEMPLATE_SEED: u64 = 0x6E61_7169_0000_0004;
/// MinHash: `BANDS` bands of `ROWS` rows.
const BANDS: usize = 24;
const ROWS: usize = 4;
const MINHASHES: usize = BANDS * ROWS;
/// Largest number of words of a line whose start or end may be a name slot.
const SLOT_LINE_WORDS: usize = 12;
/// In a bucket of articles that share an LSH band or an exact body, each
/// member is paired with at most this many earlier members.
const BUCKET_PAIRS: usize = 64;

/// Configuration of the corpus stages. See each setter for the default.
#[derive(Clone, Copy, Debug, PartialEq)]
struct CorpusConfig {
    boilerplate: bool,
    boilerplate_min_documents: usize,
    boilerplate_min_documents_varying: usize,
    boilerplate_min_share: f64,
    article_dedup: bool,
    article_jaccard: f64,
    article_containment: f64,
    article_simhash_distance: u32,
}

impl Default for CorpusConfig {
    fn default() -> CorpusConfig {
        CorpusConfig {
            boilerplate: true,
            boilerplate_min_documents: 3,
            boilerplate_min_documents_varying: 5,
            boilerplate_min_share: 0.05,
            article_dedup: true,
            article_jaccard: 0.7,
            article_containment: 0.85,
            article_simhash_distance: 3,
        }
    }
}

/// Runs the corpus stages over many articles: per-source boilerplate removal
/// and near-duplicate articles. Built once with [`CorpusCleaner::builder`].
///
/// # Boilerplate
///
/// Within the articles of one source, each kept paragraph is reduced to
/// templates: its matching key with every run of digits masked and month
/// and weekday names masked; the same with the article's own title masked
/// where the key contains it; and, for lines of at most 12 words, the same
/// with the first or last one or two words masked as a name slot (bylines,
/// datelines), when at least two words remain. A template found in at least
/// [`boilerplate_min_documents`](CorpusCleanerBuilder::boilerplate_min_documents)
/// articles of the source (3; for a template in which something was masked,
/// [`boilerplate_min_documents_varying`](CorpusCleanerBuilder::boilerplate_min_documents_varying),
/// 5) and in at least
/// [`boilerplate_min_share`](CorpusCleanerBuilder::boilerplate_min_share) of
/// them is boilerplate, and so is every paragraph of the source that has it.
/// An article counts once however often it repeats a line, and articles with
/// the same body count once. Paragraphs repeated across different sources
/// are not evidence: each source is counted on its own. Articles without a
/// source are not searched for boilerplate.
///
/// # Near-duplicate articles
///
/// An article's body is what is left of it after both cleaning stages,
/// its title ignored. Bodies are compared by their word 5-shingles (runs of
/// five words inside a paragraph's matching key; a paragraph of fewer words
/// is one shingle). Candidate pairs come from equal bodies, from a
/// [`NearDupIndex`] over 64-bit SimHashes of the shingle sets, and from
/// MinHash signatures (96 values, 24 bands of 4 rows) with LSH banding;
/// every candidate pair is then verified exactly on the shingle sets: the
/// later article `b` repeats the earlier `a` when their Jaccard similarity is
/// at least [`article_jaccard`](CorpusCleanerBuilder::article_jaccard) or
/// when at least
/// [`article_containment`](CorpusCleanerBuilder::article_containment) of
/// `b`'s shingles are in `a`. Then, in input order, each article points to
/// the kept article it is most similar to among those it is verified-similar
/// to, or is kept (Manku, Jain and Das Sarma's greedy rule: every pointer is
/// a verified pair; see [`greedy_duplicates`](crate::greedy_duplicates)).
/// Empty bodies are never duplicates.
///
/// # Example
///
/// ```
/// use naqi::{Article, CorpusCleaner};
///
/// let footer = "جميع الحقوق محفوظة لموقع المثال";
/// let texts: Vec<String> = (0..4)
///     .map(|i| format!("خبر رقم {i} عن موضوع مختلف تماما في كل مرة {}\n{footer}", "كلمة ".repeat(i)))
///     .collect();
/// let articles: Vec<Article<'_>> = texts.iter().map(|t| Article::new(t).with_source("site")).collect();
/// let result = CorpusCleaner::new().clean_corpus(&articles);
/// for a in &result {
///     // The footer repeated by every article of the source is boilerplate.
///     assert_eq!(a.cleaned().removals().len(), 1);
///     assert_eq!(a.cleaned().removals()[0].reason(), naqi::RemovalReason::Boilerplate);
/// }
/// ```
#[derive(Clone, Debug)]
pub struct CorpusCleaner {
    cleaner: Cleaner,
    config: CorpusConfig,
    minhash: Box<[(u64, u64); MINHASHES]>,
}

/// Configuration for a [`CorpusCleaner`].
#[derive(Clone, Debug)]
pub struct CorpusCleanerBuilder {
    cleaner: Cleaner,
    config: CorpusConfig,
}

impl CorpusCleanerBuilder {
    /// The per-article cleaner to run first. Default: [`Cleaner::new`].
    pub fn cleaner(&mut self, cleaner: Cleaner) -> &mut CorpusCleanerBuilder {
        self.cleaner = cleaner;
        self
    }

    /// Whether boilerplate is removed. Default: on.
    pub fn boilerplate(&mut self, yes: bool) -> &mut CorpusCleanerBuilder {
        self.config.boilerplate = yes;
        self
    }

    /// A template is boilerplate only when found in at least this many
    /// articles of its source (inclusive). Default: 3. Range: at least 2.
    pub fn boilerplate_min_documents(&mut self, documents: usize) -> &mut CorpusCleanerBuilder {
        self.config.boilerplate_min_documents = documents;
        self
    }

    /// A template of lines that vary (digits, dates, the title or a name
    /// slot masked) is boilerplate only when found in at least this many
    /// articles of its source (inclusive): three updates of one story whose
    /// figures change are content, not a template. Default: 5. Range: at
    /// least `boilerplate_min_documents`.
    pub fn boilerplate_min_documents_varying(
        &mut self,
        documents: usize,
    ) -> &mut CorpusCleanerBuilder {
        self.config.boilerplate_min_documents_varying = documents;
        self
    }

    /// A template is boilerplate only when found in at least this share of
    /// its source's articles (inclusive). Default: 0.05, so a block
    /// repeated in a tenth of a site's articles is caught with room to
    /// spare. Range: (0, 1].
    pub fn boilerplate_min_share(&mut self, share: f64) -> &mut CorpusCleanerBuilder {
        self.config.boilerplate_min_share = share;
        self
    }

    /// Whether near-duplicate articles are found. Default: on.
    pub fn article_dedup(&mut self, yes: bool) -> &mut CorpusCleanerBuilder {
        self.config.article_dedup = yes;
        self
    }

    /// The Jaccard similarity of word 5-shingle sets (inclusive) from which
    /// a later article repeats an earlier one. Default: 0.7. Range: (0, 1].
    /// Below it, a later article that adds a fifth of new text to an earlier
    /// one (an update) would go with `--article-dedup drop`.
    pub fn article_jaccard(&mut self, min: f64) -> &mut CorpusCleanerBuilder {
        self.config.article_jaccard = min;
        self
    }

    /// The share of a later article's word 5-shingles found in an earlier
    /// one (inclusive) from which it repeats it, whatever it adds (a
    /// dateline, a footer). Default: 0.85. Range: (0, 1].
    pub fn article_containment(&mut self, min: f64) -> &mut CorpusCleanerBuilder {
        self.config.article_containment = min;
        self
    }

    /// The SimHash distance, in bits, of the candidate pairs the
    /// [`NearDupIndex`] contributes (MinHash banding contributes the rest).
    /// Default: 3. Range: 0 to 16.
    pub fn article_simhash_distance(&mut self, bits: u32) -> &mut CorpusCleanerBuilder {
        self.config.article_simhash_distance = bits;
        self
    }

    /// Validates the configuration and builds the corpus cleaner.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidConfig`](crate::ErrorKind::InvalidConfig) when a
    /// value is out of its range.
    pub fn build(&self) -> Result<CorpusCleaner> {
        let c = &self.config;
        if c.boilerplate_min_documents < 2 {
            return Err(Error::invalid_config(format!(
                "boilerplate_min_documents must be at least 2, got {}",
                c.boilerplate_min_documents
            )));
        }
        if c.boilerplate_min_documents_varying < c.boilerplate_min_documents {
            return Err(Error::invalid_config(format!(
                "boilerplate_min_documents_varying must be at least boilerplate_min_documents ({}), got {}",
                c.boilerplate_min_documents, c.boilerplate_min_documents_varying
            )));
        }
        for (name, v) in [
            ("boilerplate_min_share", c.boilerplate_min_share),
            ("article_jaccard", c.article_jaccard),
            ("article_containment", c.article_containment),
        ] {
            if !(v > 0.0 && v <= 1.0) {
                return Err(Error::invalid_config(format!("{name} must be in (0, 1], got {v}")));
            }
        }
        if c.article_simhash_distance > 16 {
            return Err(Error::invalid_config(format!(
                "article_simhash_distance must be at most 16 bits, got {}",
                c.article_simhash_distance
            )));
        }
        Ok(CorpusCleaner { cleaner: self.cleaner.clone(), config: *c, minhash: minhash_params() })
    }
}

/// The MinHash functions `h_i(x) = a_i * x + b_i` (wrapping, `a_i` odd),
/// with constants from SplitMix64 seeded with 0x6E61_7169 ("naqi").
fn minhash_params() -> Box<[(u64, u64); MINHASHES]> {
    let mut state: u64 = 0x6E61_7169;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut p = Box::new([(0u64, 0u64); MINHASHES]);
    for slot in p.iter_mut() {
        *slot = (next() | 1, next());
    }
    p
}

/// What the corpus stages need to know of one article: hashes only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleSketch {
    /// Hash of the source; `None` without a source.
    source: Option<u64>,
    /// Exact hash of the cleaned body (its kept keys, in order).
    body_hash: u64,
    paragraphs: Vec<ParagraphSketch>,
    /// Boilerplate template hashes of all paragraphs, by range.
    templates: Vec<u64>,
    /// Word 5-shingle hashes of all paragraphs, by range.
    shingles: Vec<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct ParagraphSketch {
    index: usize,
    exact_hash: u64,
    templates: std::ops::Range<u32>,
    shingles: std::ops::Range<u32>,
}

impl ArticleSketch {
    /// XXH3-64 of the article's source name, `None` without a source.
    pub fn source_hash(&self) -> Option<u64> {
        self.source
    }

    /// XXH3-64 of the exact hashes of its kept paragraphs, in order: equal
    /// for articles whose cleaned bodies are equal. Boilerplate evidence
    /// counts such articles once.
    pub fn body_hash(&self) -> u64 {
        self.body_hash
    }

    /// Its kept paragraphs: (index, boilerplate template hashes).
    pub fn paragraph_templates(&self) -> impl Iterator<Item = (usize, &[u64])> + '_ {
        self.paragraphs.iter().map(|p| {
            (p.index, &self.templates[p.templates.start as usize..p.templates.end as usize])
        })
    }

    /// The heap memory the sketch uses, in bytes.
    pub fn memory_usage(&self) -> usize {
        self.paragraphs.capacity() * std::mem::size_of::<ParagraphSketch>()
            + (self.templates.capacity() + self.shingles.capacity()) * 8
    }
}

/// A boilerplate template found in one source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoilerplateTemplate {
    source: u64,
    hash: u64,
    documents: usize,
    source_documents: usize,
}

impl BoilerplateTemplate {
    /// The number of distinct articles of the source that have it.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// The number of distinct articles of the source.
    pub fn source_documents(&self) -> usize {
        self.source_documents
    }

    /// The hash of the source name (XXH3-64 of its UTF-8 bytes).
    pub fn source_hash(&self) -> u64 {
        self.source
    }
}

/// The corpus stages' decisions for a set of sketches, by input position.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CorpusDecisions {
    /// Per article: (paragraph index, template index) of each boilerplate
    /// paragraph.
    boilerplate: Vec<Vec<(usize, usize)>>,
    templates: Vec<BoilerplateTemplate>,
    duplicate_of: Vec<Option<(usize, f64)>>,
    empty: Vec<bool>,
    fingerprints: Vec<Option<Fingerprint>>,
    candidate_pairs: usize,
    verified_pairs: usize,
}

impl CorpusDecisions {
    /// The paragraphs of article `i` that are boilerplate: (paragraph index,
    /// index into [`templates`](CorpusDecisions::templates)).
    pub fn boilerplate(&self, i: usize) -> &[(usize, usize)] {
        self.boilerplate.get(i).map_or(&[], Vec::as_slice)
    }

    /// The boilerplate templates found, by source and then by number of
    /// articles, most first.
    pub fn templates(&self) -> &[BoilerplateTemplate] {
        &self.templates
    }

    /// `Some((j, similarity))` when article `i` repeats the earlier kept
    /// article `j`; the similarity is the Jaccard similarity of their
    /// shingle sets.
    pub fn duplicate_of(&self, i: usize) -> Option<(usize, f64)> {
        self.duplicate_of.get(i).copied().flatten()
    }

    /// `true` when article `i` has no content left after both stages.
    pub fn is_empty(&self, i: usize) -> bool {
        self.empty.get(i).copied().unwrap_or(true)
    }

    /// The SimHash of article `i`'s body (its word 5-shingle set), `None`
    /// for an empty body.
    pub fn fingerprint(&self, i: usize) -> Option<Fingerprint> {
        self.fingerprints.get(i).copied().flatten()
    }

    /// Candidate article pairs examined, and those verified similar.
    pub fn pair_counts(&self) -> (usize, usize) {
        (self.candidate_pairs, self.verified_pairs)
    }
}

/// One article after the corpus stages.
#[derive(Clone, Debug, PartialEq)]
pub struct CorpusArticle<'a> {
    cleaned: CleanedArticle<'a>,
    duplicate_of: Option<(usize, f64)>,
}

impl<'a> CorpusArticle<'a> {
    /// The article after per-article cleaning and boilerplate removal
    /// (boilerplate paragraphs are among its removals).
    pub fn cleaned(&self) -> &CleanedArticle<'a> {
        &self.cleaned
    }

    /// Takes the cleaned article.
    pub fn into_cleaned(self) -> CleanedArticle<'a> {
        self.cleaned
    }

    /// `Some((j, similarity))` when this article repeats the earlier kept
    /// article at input position `j`.
    pub fn duplicate_of(&self) -> Option<(usize, f64)> {
        self.duplicate_of
    }
}

impl Default for CorpusCleaner {
    fn default() -> CorpusCleaner {
        CorpusCleaner::new()
    }
}

impl CorpusCleaner {
    /// A corpus cleaner with the default configuration.
    pub fn new() -> CorpusCleaner {
        CorpusCleaner {
            cleaner: Cleaner::new(),
            config: CorpusConfig::default(),
            minhash: minhash_params(),
        }
    }

    /// A builder starting from the defaults.
    pub fn builder() -> CorpusCleanerBuilder {
        CorpusCleanerBuilder { cleaner: Cleaner::new(), config: CorpusConfig::default() }
    }

    /// The per-article cleaner.
    pub fn cleaner(&self) -> &Cleaner {
        &self.cleaner
    }

    /// Cleans the articles (in parallel, see [`Cleaner::clean_batch`]) and
    /// runs the corpus stages. The result is in input order and does not
    /// depend on the number of threads.
    pub fn clean_corpus<'a>(&self, articles: &[Article<'a>]) -> Vec<CorpusArticle<'a>> {
        let cleaned = self.cleaner.clean_batch(articles);
        let sketches = map_in_parallel(articles.len(), |i| self.sketch(&articles[i], &cleaned[i]));
        let decisions = self.decide_owned(sketches);
        cleaned
            .into_iter()
            .enumerate()
            .map(|(i, c)| CorpusArticle {
                cleaned: self.apply(c, &decisions, i),
                duplicate_of: decisions.duplicate_of(i),
            })
            .collect()
    }

    /// Step 1: the sketch of one cleaned article (`cleaned` must be
    /// `self.cleaner().clean(article)`).
    pub fn sketch(&self, article: &Article<'_>, cleaned: &CleanedArticle<'_>) -> ArticleSketch {
        let title_key: Cow<'_, str> =
            article.title().map(|t| self.cleaner.matching_key(t)).unwrap_or_default();
        let mut sketch = ArticleSketch {
            source: article.source().map(|s| xxh3_64(s.as_bytes())),
            ..ArticleSketch::default()
        };
        let mut body = Vec::with_capacity(cleaned.kept().len() * 8);
        for p in cleaned.kept() {
            let t0 = sketch.templates.len() as u32;
            templates(p.key(), &title_key, &mut sketch.templates);
            let s0 = sketch.shingles.len() as u32;
            word_5shingles(p.key(), &mut sketch.shingles);
            sketch.paragraphs.push(ParagraphSketch {
                index: p.index(),
                exact_hash: p.exact_hash(),
                templates: t0..sketch.templates.len() as u32,
                shingles: s0..sketch.shingles.len() as u32,
            });
            body.extend_from_slice(&p.exact_hash().to_le_bytes());
        }
        sketch.body_hash = xxh3_64(&body);
        // Sketches are kept for the whole corpus: no spare capacity.
        sketch.paragraphs.shrink_to_fit();
        sketch.templates.shrink_to_fit();
        sketch.shingles.shrink_to_fit();
        sketch
    }

    /// Step 2: the decisions for all sketches, in input order.
    ///
    /// Memory: the sketches, and beside them each article's body (its
    /// shingle hashes again, sorted; [`decide_owned`](CorpusCleaner::decide_owned)
    /// avoids the second copy).
    pub fn decide(&self, sketches: &[ArticleSketch]) -> CorpusDecisions {
        let (boilerplate, templates) = self.boilerplate_of(sketches);
        // Bodies after boilerplate removal.
        let bodies: Vec<ArticleBody> = map_in_parallel(sketches.len(), |i| {
            let removed: Vec<usize> = boilerplate[i].iter().map(|&(p, _)| p).collect();
            self.body(&sketches[i], &removed)
        });
        self.decide_bodies(boilerplate, templates, bodies)
    }

    /// [`decide`](CorpusCleaner::decide), turning each sketch into its body
    /// in place: the shingle hashes are held once, the peak memory about
    /// that of the sketches. The decisions are the same.
    pub fn decide_owned(&self, sketches: Vec<ArticleSketch>) -> CorpusDecisions {
        let (boilerplate, templates) = self.boilerplate_of(&sketches);
        let bodies = into_map_in_parallel(sketches, |i, sketch| {
            let removed: Vec<usize> = boilerplate[i].iter().map(|&(p, _)| p).collect();
            self.body_from(sketch, &removed)
        });
        self.decide_bodies(boilerplate, templates, bodies)
    }

    /// The boilerplate paragraphs of each article and the templates found
    /// (nothing without the boilerplate stage).
    #[allow(clippy::type_complexity)]
    fn boilerplate_of(
        &self,
        sketches: &[ArticleSketch],
    ) -> (Vec<Vec<(usize, usize)>>, Vec<BoilerplateTemplate>) {
        if self.config.boilerplate {
            self.find_boilerplate(sketches)
        } else {
            (vec![Vec::new(); sketches.len()], Vec::new())
        }
    }

    /// The decisions, given the boilerplate and the bodies after it.
    fn decide_bodies(
        &self,
        boilerplate: Vec<Vec<(usize, usize)>>,
        templates: Vec<BoilerplateTemplate>,
        bodies: Vec<ArticleBody>,
    ) -> CorpusDecisions {
        let empty: Vec<bool> = bodies.iter().map(|b| b.shingles.is_empty()).collect();
        let fingerprints =
            bodies.iter().map(|b| (!b.shingles.is_empty()).then_some(b.simhash)).collect();
        let (duplicate_of, candidate_pairs, verified_pairs) = if self.config.article_dedup {
            self.find_duplicates(&bodies)
        } else {
            (vec![None; bodies.len()], 0, 0)
        };
        CorpusDecisions {
            boilerplate,
            templates,
            duplicate_of,
            empty,
            fingerprints,
            candidate_pairs,
            verified_pairs,
        }
    }

    /// Step 3: article `i`'s final result: its boilerplate paragraphs moved
    /// to its removals (reason `boilerplate`, no `duplicate_of`).
    pub fn apply<'a>(
        &self,
        cleaned: CleanedArticle<'a>,
        decisions: &CorpusDecisions,
        i: usize,
    ) -> CleanedArticle<'a> {
        let indices: Vec<usize> = decisions.boilerplate(i).iter().map(|&(p, _)| p).collect();
        self.apply_boilerplate(cleaned, &indices)
    }

    /// Moves the kept paragraphs with these indices to the removals (reason
    /// `boilerplate`, no `duplicate_of`, no similarity); other indices are
    /// ignored.
    pub fn apply_boilerplate<'a>(
        &self,
        mut cleaned: CleanedArticle<'a>,
        paragraphs: &[usize],
    ) -> CleanedArticle<'a> {
        cleaned.remove_as_boilerplate(paragraphs);
        cleaned
    }

    fn find_boilerplate(
        &self,
        sketches: &[ArticleSketch],
    ) -> (Vec<Vec<(usize, usize)>>, Vec<BoilerplateTemplate>) {
        // Articles by source, in input order.
        let mut by_source: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, s) in sketches.iter().enumerate() {
            if let Some(src) = s.source {
                by_source.entry(src).or_default().push(i);
            }
        }
        let mut sources: Vec<(u64, Vec<usize>)> = by_source.into_iter().collect();
        sources.sort_unstable_by_key(|(src, members)| (members[0], *src));
        let per_source = map_in_parallel(sources.len(), |s| {
            let (src, members) = &sources[s];
            self.source_boilerplate(*src, members, sketches)
        });
        let mut boilerplate = vec![Vec::new(); sketches.len()];
        let mut templates = Vec::new();
        for (found, marks) in per_source {
            let base = templates.len();
            templates.extend(found);
            for (article, paragraph, t) in marks {
                boilerplate[article].push((paragraph, base + t));
            }
        }
        (boilerplate, templates)
    }

    /// The number of articles of a source (counting equal bodies once) in
    /// which `template` must be found to be boilerplate: the larger of
    /// [`boilerplate_min_documents`](CorpusCleanerBuilder::boilerplate_min_documents)
    /// (or, for a template of lines that vary, see
    /// [`template_varies`](CorpusCleaner::template_varies),
    /// [`boilerplate_min_documents_varying`](CorpusCleanerBuilder::boilerplate_min_documents_varying))
    /// and [`boilerplate_min_share`](CorpusCleanerBuilder::boilerplate_min_share)
    /// of `source_documents`, rounded up.
    pub fn boilerplate_threshold(&self, source_documents: usize, template: u64) -> usize {
        let by_share =
            (self.config.boilerplate_min_share * source_documents as f64).ceil() as usize;
        let min = if Self::template_varies(template) {
            self.config.boilerplate_min_documents_varying
        } else {
            self.config.boilerplate_min_documents
        };
        min.max(by_share)
    }

    /// `true` for the hash of a template in which something was masked (its
    /// lowest bit): lines that vary in a number, a date, the title or a
    /// name slot.
    pub fn template_varies(template: u64) -> bool {
        template & 1 == 1
    }

    /// Boilerplate of one source: its templates, and (article, paragraph
    /// index, template) for each boilerplate paragraph.
    fn source_boilerplate(
        &self,
        src: u64,
        members: &[usize],
        sketches: &[ArticleSketch],
    ) -> (Vec<BoilerplateTemplate>, Vec<(usize, usize, usize)>) {
        let mut seen_bodies = HashSet::new();
        let mut counts: HashMap<u64, usize> = HashMap::new();
        let mut distinct = 0;
        let mut article_templates = HashSet::new();
        for &i in members {
            let s = &sketches[i];
            if !seen_bodies.insert(s.body_hash) {
                continue;
            }
            distinct += 1;
            article_templates.clear();
            article_templates.extend(s.templates.iter().copied());
            for &t in &article_templates {
                *counts.entry(t).or_default() += 1;
            }
        }
        let mut found: Vec<(u64, usize)> = counts
            .into_iter()
            .filter(|&(t, n)| n >= self.boilerplate_threshold(distinct, t))
            .collect();
        found.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let position: HashMap<u64, usize> =
            found.iter().enumerate().map(|(k, &(t, _))| (t, k)).collect();
        let mut marks = Vec::new();
        for &i in members {
            let s = &sketches[i];
            for p in &s.paragraphs {
                let ts = &s.templates[p.templates.start as usize..p.templates.end as usize];
                if let Some(k) = ts.iter().filter_map(|t| position.get(t)).min() {
                    marks.push((i, p.index, *k));
                }
            }
        }
        let templates = found
            .into_iter()
            .map(|(hash, documents)| BoilerplateTemplate {
                source: src,
                hash,
                documents,
                source_documents: distinct,
            })
            .collect();
        (templates, marks)
    }

    /// The body of a sketched article without the paragraphs (by index)
    /// found to be boilerplate.
    pub fn body(&self, sketch: &ArticleSketch, boilerplate: &[usize]) -> ArticleBody {
        let mut shingles = Vec::new();
        for p in &sketch.paragraphs {
            if !boilerplate.contains(&p.index) {
                shingles.extend_from_slice(
                    &sketch.shingles[p.shingles.start as usize..p.shingles.end as usize],
                );
            }
        }
        self.body_of(shingles, body_exact_hashes(sketch, boilerplate))
    }

    /// [`body`](CorpusCleaner::body), reusing the sketch's memory.
    fn body_from(&self, mut sketch: ArticleSketch, boilerplate: &[usize]) -> ArticleBody {
        let hashes = body_exact_hashes(&sketch, boilerplate);
        // Keep the shingles of the paragraphs that stay, moved to the front.
        let mut len = 0;
        for p in &sketch.paragraphs {
            if !boilerplate.contains(&p.index) {
                let range = p.shingles.start as usize..p.shingles.end as usize;
                let n = range.len();
                sketch.shingles.copy_within(range, len);
                len += n;
            }
        }
        sketch.shingles.truncate(len);
        self.body_of(std::mem::take(&mut sketch.shingles), hashes)
    }

    /// A body from the shingle hashes of its paragraphs (any order, with
    /// repeats) and the bytes of their exact hashes.
    fn body_of(&self, mut shingles: Vec<u64>, hashes: Vec<u8>) -> ArticleBody {
        shingles.sort_unstable();
        shingles.dedup();
        shingles.shrink_to_fit();
        let mut acc = SimHashAccumulator::new();
        let mut minhash = [u64::MAX; MINHASHES];
        for &x in &shingles {
            acc.add(x);
            for (m, &(a, b)) in minhash.iter_mut().zip(self.minhash.iter()) {
                *m = (*m).min(a.wrapping_mul(x).wrapping_add(b));
            }
        }
        ArticleBody {
            exact: xxh3_64(&hashes),
            simhash: Fingerprint::from_u64(acc.finish()),
            bands: std::array::from_fn(|b| {
                xxh3_64_with_seed(&bytes_of(&minhash[b * ROWS..(b + 1) * ROWS]), b as u64)
            }),
            shingles,
        }
    }

    /// The greedy pass: (duplicate_of per article, candidate pairs, verified
    /// pairs).
    /// The candidate pairs `(earlier, later)` the near-duplicate stage
    /// verifies, sorted: among non-empty bodies, pairs with equal
    /// [`exact_hash`](ArticleBody::exact_hash) or a shared
    /// [`band_keys`](ArticleBody::band_keys) entry (in each such bucket, an
    /// article is paired with the first 64 earlier members only, which bounds
    /// the work on a bucket of thousands of equal articles), and pairs whose
    /// SimHashes are within
    /// [`article_simhash_distance`](CorpusCleanerBuilder::article_simhash_distance)
    /// bits (all of them, found with a [`NearDupIndex`]).
    pub fn candidate_pairs(&self, bodies: &[ArticleBody]) -> Vec<(usize, usize)> {
        self.candidates(bodies)
            .into_iter()
            .enumerate()
            .flat_map(|(j, earlier)| earlier.into_iter().map(move |i| (i, j)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// For each article, its candidate earlier articles, sorted.
    fn candidates(&self, bodies: &[ArticleBody]) -> Vec<Vec<usize>> {
        let n = bodies.len();
        let mut candidates: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
        for (j, b) in bodies.iter().enumerate() {
            if b.is_empty() {
                continue;
            }
            buckets.entry((usize::MAX, b.exact)).or_default().push(j);
            for (band, &key) in b.bands.iter().enumerate() {
                buckets.entry((band, key)).or_default().push(j);
            }
        }
        for members in buckets.into_values().filter(|m| m.len() > 1) {
            for (k, &j) in members.iter().enumerate().skip(1) {
                candidates[j].extend(members[..k].iter().take(BUCKET_PAIRS));
            }
        }
        // Bodies are at most `u32::MAX` (checked by `extend`); past that the
        // SimHash candidates are left out and the MinHash ones remain.
        if let Ok(mut index) =
            NearDupIndex::builder().max_distance(self.config.article_simhash_distance).build()
        {
            let entries = bodies
                .iter()
                .enumerate()
                .filter(|(_, b)| !b.is_empty())
                .map(|(j, b)| (j as u64, b.simhash));
            if index.extend(entries).is_ok() {
                let near = map_in_parallel(n, |j| {
                    if bodies[j].is_empty() {
                        return Vec::new();
                    }
                    index
                        .query(bodies[j].simhash)
                        .map(|(i, _)| i as usize)
                        .filter(|&i| i < j)
                        .collect()
                });
                for (c, more) in candidates.iter_mut().zip(near) {
                    c.extend(more);
                }
            }
        }
        for c in &mut candidates {
            c.sort_unstable();
            c.dedup();
        }
        candidates
    }

    fn find_duplicates(&self, bodies: &[ArticleBody]) -> (Vec<Option<(usize, f64)>>, usize, usize) {
        let n = bodies.len();
        let candidates = self.candidates(bodies);
        let candidate_pairs = candidates.iter().map(Vec::len).sum();
        // Verify every candidate pair (in parallel), then decide in order.
        let verified: Vec<Vec<(usize, f64)>> = map_in_parallel(n, |j| {
            candidates[j]
                .iter()
                .filter_map(|&i| self.verify(&bodies[i], &bodies[j]).map(|s| (i, s)))
                .collect()
        });
        let verified_pairs = verified.iter().map(Vec::len).sum();
        let pairs =
            verified.iter().enumerate().flat_map(|(j, v)| v.iter().map(move |&(i, s)| (i, j, s)));
        (greedy_duplicates(n, pairs), candidate_pairs, verified_pairs)
    }

    /// `Some(jaccard)` when the `later` body repeats the `earlier` one:
    /// their word 5-shingle Jaccard similarity is at least
    /// [`article_jaccard`](CorpusCleanerBuilder::article_jaccard), or at
    /// least [`article_containment`](CorpusCleanerBuilder::article_containment)
    /// of `later`'s shingles are in `earlier`. Empty bodies never match.
    pub fn verify(&self, earlier: &ArticleBody, later: &ArticleBody) -> Option<f64> {
        self.verify_shingles(&earlier.shingles, &later.shingles)
    }

    /// [`verify`](CorpusCleaner::verify) on the shingle sets alone
    /// ([`ArticleBody::shingles`]: sorted, distinct), for programs that move
    /// bodies between machines.
    pub fn verify_shingles(&self, earlier: &[u64], later: &[u64]) -> Option<f64> {
        if earlier.is_empty() || later.is_empty() {
            return None;
        }
        let common = sorted_intersection_len(earlier, later);
        let union = earlier.len() + later.len() - common;
        let jaccard = common as f64 / union.max(1) as f64;
        let containment = common as f64 / later.len().max(1) as f64;
        (jaccard >= self.config.article_jaccard || containment >= self.config.article_containment)
            .then_some(jaccard)
    }
}

/// An article's body after both cleaning stages, as the near-duplicate
/// stage sees it: hashes only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleBody {
    exact: u64,
    simhash: Fingerprint,
    bands: [u64; BANDS],
    /// Sorted, distinct word 5-shingle hashes.
    shingles: Vec<u64>,
}

impl ArticleBody {
    /// `true` when nothing is left of the article.
    pub fn is_empty(&self) -> bool {
        self.shingles.is_empty()
    }

    /// XXH3-64 of the exact hashes of its paragraphs, in order: equal for
    /// equal bodies.
    pub fn exact_hash(&self) -> u64 {
        self.exact
    }

    /// The SimHash of its word 5-shingle set (each shingle hash a feature
    /// of weight 1).
    pub fn simhash(&self) -> Fingerprint {
        self.simhash
    }

    /// The 24 LSH band keys of its MinHash signature: band `b` is XXH3-64,
    /// seed `b`, over the little-endian bytes of MinHash values `4b..4b+4`.
    /// Bodies sharing a band key are candidate pairs.
    pub fn band_keys(&self) -> &[u64] {
        &self.bands
    }

    /// Its word 5-shingle hashes, sorted and distinct.
    pub fn shingles(&self) -> &[u64] {
        &self.shingles
    }
}

/// Greedy near-duplicate decisions (Manku, Jain and Das Sarma): given the
/// verified pairs `(earlier, later, similarity)` among `n` articles, in input
/// order each article points to the kept article it is most similar to
/// among those it is verified against (the earliest of equals), or is kept.
/// Every pointer is a verified pair and points to a kept article. Pairs may
/// come in any order; pairs with `earlier >= later` or an index out of range
/// are ignored; a pair given twice counts once, with its higher similarity.
///
/// # Example
///
/// ```
/// // 1 repeats 0, 2 repeats 1 (but not 0): 2 is kept, since 1 is not.
/// let d = naqi::greedy_duplicates(3, [(0, 1, 0.9), (1, 2, 0.8)]);
/// assert_eq!(d, [None, Some((0, 0.9)), None]);
/// // 3 repeats both kept articles 0 and 2: it points to the closer one.
/// let d = naqi::greedy_duplicates(4, [(0, 1, 0.9), (0, 3, 0.75), (2, 3, 1.0)]);
/// assert_eq!(d, [None, Some((0, 0.9)), None, Some((2, 1.0))]);
/// ```
pub fn greedy_duplicates(
    n: usize,
    verified: impl IntoIterator<Item = (usize, usize, f64)>,
) -> Vec<Option<(usize, f64)>> {
    let mut earlier: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (i, j, s) in verified {
        if i < j && j < n {
            earlier[j].push((i, s));
        }
    }
    let mut duplicate_of: Vec<Option<(usize, f64)>> = vec![None; n];
    for j in 0..n {
        earlier[j].sort_by_key(|a| a.0);
        let mut best: Option<(usize, f64)> = None;
        for &(i, s) in &earlier[j] {
            if duplicate_of[i].is_none() && best.is_none_or(|(_, b)| s > b) {
                best = Some((i, s));
            }
        }
        duplicate_of[j] = best;
    }
    duplicate_of
}

/// The bytes of the exact hashes of a sketch's paragraphs that are not
/// boilerplate, in order.
fn body_exact_hashes(sketch: &ArticleSketch, boilerplate: &[usize]) -> Vec<u8> {
    sketch
        .paragraphs
        .iter()
        .filter(|p| !boilerplate.contains(&p.index))
        .flat_map(|p| p.exact_hash.to_le_bytes())
        .collect()
}

fn bytes_of(values: &[u64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The number of values two sorted, duplicate-free slices share.
fn sorted_intersection_len(a: &[u64], b: &[u64]) -> usize {
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

/// `f(i, items[i])` for every item, consuming them, in input order, in
/// parallel with the `rayon` feature.
fn into_map_in_parallel<S: Send, T: Send>(
    items: Vec<S>,
    f: impl Fn(usize, S) -> T + Sync + Send,
) -> Vec<T> {
    #[cfg(feature = "rayon")]
    {
        use rayon::prelude::*;
        let run = crate::batch::PARALLEL_RUN;
        items.into_par_iter().with_max_len(run).enumerate().map(|(i, s)| f(i, s)).collect()
    }
    #[cfg(not(feature = "rayon"))]
    {
        items.into_iter().enumerate().map(|(i, s)| f(i, s)).collect()
    }
}

/// `f(0..n)` in input order, in parallel with the `rayon` feature.
fn map_in_parallel<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    #[cfg(feature = "rayon")]
    {
        use rayon::prelude::*;
        (0..n).into_par_iter().with_max_len(crate::batch::PARALLEL_RUN).map(f).collect()
    }
    #[cfg(not(feature = "rayon"))]
    {
        (0..n).map(f).collect()
    }
}

/// Appends the hashes of the word 5-shingles of `key` (words separated by
/// one space): each run of five consecutive words, or the whole key when it
/// has fewer than five words and is not empty.
fn word_5shingles(key: &str, out: &mut Vec<u64>) {
    if key.is_empty() {
        return;
    }
    let starts: Vec<usize> =
        std::iter::once(0).chain(key.match_indices(' ').map(|(i, _)| i + 1)).collect();
    if starts.len() < 5 {
        out.push(xxh3_64_with_seed(key.as_bytes(), SHINGLE_SEED));
        return;
    }
    for w in 0..=starts.len() - 5 {
        let end = starts.get(w + 5).map_or(key.len(), |&e| e - 1);
        out.push(xxh3_64_with_seed(&key.as_bytes()[starts[w]..end], SHINGLE_SEED));
    }
}

/// Month and weekday names, as matching keys: Gregorian (Egyptian and
/// Gulf spellings), Levantine and Hijri months, and the days of the week.
const DATE_WORDS: &[&str] = &[
    "يناير",
    "فبراير",
    "مارس",
    "ابريل",
    "مايو",
    "يونيو",
    "يونيه",
    "يوليو",
    "يوليه",
    "اغسطس",
    "سبتمبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون",
    "شباط",
    "اذار",
    "نيسان",
    "ايار",
    "حزيران",
    "تموز",
    "ايلول",
    "تشرين",
    "محرم",
    "ربيع",
    "جمادي",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "القعده",
    "الحجه",
    "السبت",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
];

/// Appends the template hashes of a paragraph key (see [`CorpusCleaner`]).
fn templates(key: &str, title_key: &str, out: &mut Vec<u64>) {
    if key.is_empty() {
        return;
    }
    let mut words: Vec<Cow<'_, str>> = Vec::new();
    let masked = mask_words(key, &mut words);
    push_template(&words, masked, out);
    // The article's own title, masked where the line contains it.
    if title_key.split(' ').count() >= 2 {
        if let Some(at) = find_words(key, title_key) {
            let mut framed: Vec<Cow<'_, str>> = Vec::new();
            mask_words(&key[..at], &mut framed);
            framed.push(Cow::Borrowed("\u{1}title"));
            mask_words(&key[at + title_key.len()..], &mut framed);
            push_template(&framed, true, out);
        }
    }
    // Name slots at either end of a short line.
    let n = words.len();
    if (3..=SLOT_LINE_WORDS).contains(&n) {
        for slot in 1..=2 {
            if n - slot >= 2 {
                let mut head = vec![Cow::Borrowed("\u{1}slot")];
                head.extend(words[slot..].iter().cloned());
                push_template(&head, true, out);
                let mut tail: Vec<Cow<'_, str>> = words[..n - slot].to_vec();
                tail.push(Cow::Borrowed("\u{1}slot"));
                push_template(&tail, true, out);
            }
        }
    }
}

/// The byte offset of `needle` in `key` as whole words, if any.
fn find_words(key: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(pos) = key[from..].find(needle) {
        let at = from + pos;
        let end = at + needle.len();
        let starts = at == 0 || key.as_bytes()[at - 1] == b' ';
        let ends = end == key.len() || key.as_bytes()[end] == b' ';
        if starts && ends {
            return Some(at);
        }
        from = at + 1;
        while !key.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// Splits a key (or part of one) into words with digit runs and date words
/// masked.
fn mask_words<'k>(key: &'k str, out: &mut Vec<Cow<'k, str>>) -> bool {
    let mut masked = false;
    for w in key.split(' ').filter(|w| !w.is_empty()) {
        if DATE_WORDS.contains(&w) {
            out.push(Cow::Borrowed("\u{1}date"));
            masked = true;
        } else if w.bytes().any(|b| b.is_ascii_digit()) {
            masked = true;
            let mut masked = String::with_capacity(w.len());
            let mut in_digits = false;
            for c in w.chars() {
                if c.is_ascii_digit() {
                    if !in_digits {
                        masked.push('0');
                    }
                    in_digits = true;
                } else {
                    masked.push(c);
                    in_digits = false;
                }
            }
            out.push(Cow::Owned(masked));
        } else {
            out.push(Cow::Borrowed(w));
        }
    }
    masked
}

/// Appends the hash of a template: XXH3-64 of its words joined by spaces,
/// with the lowest bit set when something in it was masked (a template of
/// lines that vary).
fn push_template(words: &[Cow<'_, str>], varying: bool, out: &mut Vec<u64>) {
    let mut bytes = Vec::new();
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            bytes.push(b' ');
        }
        bytes.extend_from_slice(w.as_bytes());
    }
    out.push((xxh3_64_with_seed(&bytes, TEMPLATE_SEED) & !1) | u64::from(varying));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tpl(key: &str, title: &str) -> Vec<u64> {
        let mut v = Vec::new();
        templates(key, title, &mut v);
        v
    }

    #[test]
    fn digits_and_dates_are_masked() {
        assert_eq!(tpl("الحلقه 12", "")[0], tpl("الحلقه 9", "")[0]);
        assert_ne!(tpl("الحلقه 12", "")[0], tpl("الموسم 12", "")[0]);
        assert_eq!(
            tpl("الرياض 26 شوال 1436 ه الموافق 11 اغسطس 2015 م واس", "")[0],
            tpl("الرياض 25 رمضان 1436 ه الموافق 10 يوليو 2015 م واس", "")[0]
        );
    }

    #[test]
    fn title_frames_and_name_slots() {
        let a = tpl("رابط الخبر بصحيفه الويام ارتفاع اسعار الذهب", "ارتفاع اسعار الذهب");
        let b = tpl("رابط الخبر بصحيفه الويام حادث مروري في جده", "حادث مروري في جده");
        assert!(a.iter().any(|t| b.contains(t)));
        let c = tpl("عمر ابراهيم عين اليوم", "");
        let d = tpl("لجين الاحمدي عين اليوم", "");
        assert!(c.iter().any(|t| d.contains(t)));
        // A long line gets no slot templates.
        let long = "قال المتحدث الرسمي باسم الوزارة إن الاجتماع سيعقد في العاصمة الأسبوع المقبل لبحث الملفات";
        assert_eq!(tpl(long, "").len(), 1);
    }

    #[test]
    fn word_shingles() {
        let mut v = Vec::new();
        word_5shingles("a b c d e f", &mut v);
        assert_eq!(
            v,
            [
                xxh3_64_with_seed(b"a b c d e", SHINGLE_SEED),
                xxh3_64_with_seed(b"b c d e f", SHINGLE_SEED)
            ]
        );
        v.clear();
        word_5shingles("a b", &mut v);
        assert_eq!(v, [xxh3_64_with_seed(b"a b", SHINGLE_SEED)]);
        v.clear();
        word_5shingles("", &mut v);
        assert!(v.is_empty());
    }
}
