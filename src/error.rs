//! The crate's one error type.
//!
//! Text never causes an error: any `&str` is valid input to every normalizing,
//! segmenting, fingerprinting and cleaning function. Errors come only from an
//! invalid configuration and from declared limits.

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// An error from building a configuration or from a declared limit.
///
/// Small (one pointer) and cheap to move; [`Error::kind`] tells which error
/// it is. `Display` gives a lowercase message without a trailing period.
///
/// # Example
///
/// ```
/// use naqi::{Cleaner, ErrorKind};
///
/// let err = Cleaner::builder().min_paragraph_words(0).build().unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::InvalidConfig { .. }));
/// assert_eq!(err.to_string(), "invalid configuration: min_paragraph_words must be at least 1, got 0");
/// ```
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct Error(Box<ErrorKind>);

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    pub(crate) fn invalid_config(message: String) -> Error {
        Error(Box::new(ErrorKind::InvalidConfig { message }))
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

/// The kinds of [`Error`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A configuration value is out of its documented range.
    #[error("invalid configuration: {message}")]
    InvalidConfig {
        /// Which setting, its allowed range and the value given.
        message: String,
    },
    /// A [`NearDupIndex`](crate::NearDupIndex) layout that cannot work.
    #[error("invalid index configuration ({blocks} blocks, max_distance {max_distance}): {reason}")]
    InvalidIndexConfig {
        /// The number of blocks asked for.
        blocks: u32,
        /// The Hamming distance asked for, in bits.
        max_distance: u32,
        /// Why the layout is invalid.
        reason: String,
    },
    /// A [`NearDupIndex`](crate::NearDupIndex) holds as many fingerprints
    /// as it can.
    #[error("index is full: it holds at most {capacity} fingerprints")]
    IndexFull {
        /// The most fingerprints an index holds.
        capacity: usize,
    },
    /// An article is longer than the configured limit.
    #[error("article of {len} bytes exceeds the limit of {limit} bytes")]
    ArticleTooLarge {
        /// The article's length in bytes.
        len: usize,
        /// The configured limit in bytes.
        limit: usize,
    },
    /// An article has more paragraphs than the configured limit.
    #[error("article of {count} paragraphs exceeds the limit of {limit} paragraphs")]
    TooManyParagraphs {
        /// The number of paragraphs the article has.
        count: usize,
        /// The configured limit.
        limit: usize,
    },
}
