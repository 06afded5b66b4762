//! Cleaning many articles at once, in parallel with rayon.

use crate::dedup::{Article, CleanedArticle, Cleaner};

/// The longest run of consecutive articles one rayon task cleans. rayon
/// splits a parallel iterator into as many runs as it has threads, and
/// further only when a thread is idle and can steal a half; a thread then
/// works through thousands of articles while the others wait at the end
/// (on 2 threads and the 6,010 articles of saudinewsnet: 7 ms of 43 ms).
/// Runs of at most 8 articles end together, at no measurable cost on one
/// thread.
#[cfg(feature = "rayon")]
pub(crate) const PARALLEL_RUN: usize = 8;

impl Cleaner {
    /// Cleans every article of `articles`: the same result as calling
    /// [`clean`](Cleaner::clean) on each in turn, in input order, for any
    /// number of threads.
    ///
    /// With the `rayon` feature (on by default) the articles are cleaned in
    /// parallel on the current rayon thread pool: the global one, or the one
    /// whose [`install`](https://docs.rs/rayon/latest/rayon/struct.ThreadPool.html#method.install)
    /// the call runs in. naqi never configures the global pool. Without the
    /// feature they are cleaned one after the other.
    ///
    /// The output borrows from `articles` (kept paragraphs that needed no
    /// normalization are not copied).
    ///
    /// # Example
    ///
    /// ```
    /// use naqi::{Article, Cleaner};
    ///
    /// let texts = ["خبر أول عن الطقس اليوم في المدينة\nخبر أول عن الطقس اليوم في المدينة", "خبر ثان"];
    /// let articles: Vec<Article<'_>> = texts.iter().map(|t| Article::new(t)).collect();
    /// let cleaner = Cleaner::new();
    /// // A pool of two threads, used for this call only.
    /// let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    /// let cleaned = pool.install(|| cleaner.clean_batch(&articles));
    /// assert_eq!(cleaned.len(), 2);
    /// assert_eq!(cleaned[0].removals().len(), 1);
    /// assert_eq!(cleaned[1], cleaner.clean(articles[1]));
    /// ```
    pub fn clean_batch<'a>(&self, articles: &[Article<'a>]) -> Vec<CleanedArticle<'a>> {
        #[cfg(feature = "rayon")]
        {
            use rayon::prelude::*;
            articles.par_iter().with_max_len(PARALLEL_RUN).map(|a| self.clean(*a)).collect()
        }
        #[cfg(not(feature = "rayon"))]
        {
            articles.iter().map(|a| self.clean(*a)).collect()
        }
    }
}
