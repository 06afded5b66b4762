//! naqi (نقي, "clean") cleans scraped Arabic news: it normalizes the text to
//! the code point, splits it into paragraphs, fingerprints each one and
//! removes the repeats, saying for each removal what it repeats and why.
//!
//! ```
//! let raw = "بوتين يأمر بسحب القوات الرئيسية من سوريا\n\
//!            بوتين يأمر بسحب القوات الرئيسية من سوريا\n\
//!            أوعز الرئيس الروسي فلاديمير بوتين لوزير دفاعه\u{200F} بسحب القوات.";
//! let cleaned = naqi::clean_article(raw);
//! assert_eq!(
//!     cleaned.text(),
//!     "بوتين يأمر بسحب القوات الرئيسية من سوريا\n\n\
//!      أوعز الرئيس الروسي فلاديمير بوتين لوزير دفاعه بسحب القوات."
//! );
//! for r in cleaned.removals() {
//!     // paragraph 1 repeats paragraph 0: exact
//!     println!("paragraph {} repeats {:?}: {}", r.index(), r.duplicate_of(), r.reason());
//! }
//! ```
//!
//! # Overview
//!
//! - [`clean_article`] cleans one text with the default configuration;
//!   [`Cleaner`] is the configurable form, built once and used many times
//!   (with a title through [`Article`]). Both return a [`CleanedArticle`]:
//!   the kept paragraphs in display form with their spans and fingerprints,
//!   and the [`Removal`]s.
//! - [`Normalizer`] is the normalizer on its own, in two tiers:
//!   [`Normalizer::display`] (meaning-preserving cleanup, the text users get
//!   back) and [`Normalizer::matching`] (aggressive folding into a comparison
//!   key). The [`normalize`](mod@normalize) module documents every rule with
//!   its code points.
//! - [`paragraphs`] splits a text into [`Paragraph`]s with byte spans into
//!   the input.
//! - [`exact_hash`] and [`Fingerprint`] (a 64-bit SimHash) are the stable
//!   fingerprints of a matching key.
//! - [`CorpusCleaner`] runs the corpus stages over many articles: per-source
//!   boilerplate and near-duplicate articles, with [`NearDupIndex`], a
//!   permuted-table index for Hamming-distance queries.
//!
//! # Data flow
//!
//! ```text
//! raw text ─ segment ─► paragraphs (byte spans into the input)
//!          ─ normalize (one pass, both tiers) ─► display text + matching key
//!          ─ fingerprint ─► exact hash and SimHash of the key
//!          ─ dedup ─► kept paragraphs + removals (title, exact repeat,
//!                     teaser, near-duplicate)
//! many articles ─ clean_batch (rayon) ─ CorpusCleaner ─► boilerplate per
//!                source, near-duplicate articles
//! ```
//!
//! # Errors and panics
//!
//! Any `&str` is valid input: normalizing, segmenting, fingerprinting and
//! cleaning never fail and never panic. The only fallible operations are
//! building a configuration ([`CleanerBuilder::build`] and the other
//! builders), the limit-checked [`Cleaner::try_clean`] and
//! [`NearDupIndex::insert`] past its capacity; their errors are [`Error`], whose
//! [`kind`](Error::kind) says which.
//!
//! # Determinism and stability
//!
//! Cleaning is a pure function of the input and the configuration.
//! Fingerprints are computed from explicit bytes with XXH3 and a fixed seed,
//! so they are equal across runs, platforms and releases; a release that
//! changes them says so in its changelog as a breaking change.
//!
//! # Crate features
//!
//! - `rayon` (default): parallel batch cleaning on rayon's thread pool.

pub mod normalize;

mod batch;
mod corpus;
mod dedup;
mod error;
mod fingerprint;
mod index;
mod segment;

pub use corpus::{
    ArticleBody, ArticleSketch, BoilerplateTemplate, CorpusArticle, CorpusCleaner,
    CorpusCleanerBuilder, CorpusDecisions, greedy_duplicates,
};
pub use dedup::{
    Article, CleanedArticle, Cleaner, CleanerBuilder, KeptParagraph, Removal, RemovalReason,
    clean_article,
};
pub use error::{Error, ErrorKind, Result};
pub use fingerprint::{EXACT_SEED, Fingerprint, SIMHASH_SEED, exact_hash};
pub use index::{NearDupIndex, NearDupIndexBuilder};
pub use normalize::{Normalizer, NormalizerBuilder};
pub use segment::{Paragraph, Paragraphs, SegmentMode, paragraphs, paragraphs_by};

/// Checks for the fuzz targets, built only under `--cfg fuzzing` (which
/// `cargo fuzz` sets): not part of the API.
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing {
    /// Panics, with the input escaped, when either tier or both tiers in
    /// one pass differ from the step-by-step reference implementation of
    /// the rules (the sixteen-byte blocks and the table-driven pass on one
    /// side, the rules applied literally on the other).
    pub fn check_normalize_against_reference(text: &str) {
        crate::normalize::check_against_reference(text);
    }

    /// Panics when `normalizer`, built with any rules, differs from the
    /// step-by-step reference of its rules on `text`, or is not idempotent.
    pub fn check_rules_against_reference(normalizer: &crate::Normalizer, text: &str) {
        crate::normalize::check_rules_against_reference(normalizer, text);
    }
}
