//! Limits: `max_paragraphs` and `max_article_bytes` bound the comparison;
//! `try_clean` refuses an article over them, `clean` compares the part within
//! them and keeps the rest.

use naqi::{Cleaner, ErrorKind};

const LINE: &str = "أعلنت الوزارة اليوم عن خطة جديدة لتطوير الخدمات في المدينة";

#[test]
fn clean_compares_up_to_max_paragraphs_and_keeps_the_rest() {
    let cleaner = Cleaner::builder().max_paragraphs(3).build().unwrap();
    let text = [LINE; 6].join("\n");
    let cleaned = cleaner.clean(text.as_str());
    // Paragraphs 1 and 2 repeat 0 and are compared; 3, 4, 5 are past the
    // limit and kept as they are.
    let removed: Vec<usize> = cleaned.removals().iter().map(|r| r.index()).collect();
    assert_eq!(removed, [1, 2]);
    let kept: Vec<usize> = cleaned.kept().map(|p| p.index()).collect();
    assert_eq!(kept, [0, 3, 4, 5]);
    assert_eq!(cleaned.comparison_limit(), Some(3));
    assert_eq!(cleaned.paragraph_count(), 6);
}

#[test]
fn clean_compares_up_to_max_article_bytes() {
    let text = [LINE; 4].join("\n");
    // The first two lines end within the limit; the third crosses it.
    let limit = 2 * LINE.len() + 1 + 5;
    let cleaner = Cleaner::builder().max_article_bytes(limit).build().unwrap();
    let cleaned = cleaner.clean(text.as_str());
    assert_eq!(cleaned.removals().iter().map(|r| r.index()).collect::<Vec<_>>(), [1]);
    assert_eq!(cleaned.comparison_limit(), Some(2));
}

#[test]
fn try_clean_refuses_articles_over_the_limits() {
    let text = [LINE; 4].join("\n");
    let by_paragraphs = Cleaner::builder().max_paragraphs(3).build().unwrap();
    let err = by_paragraphs.try_clean(text.as_str()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TooManyParagraphs { count: 4, limit: 3 }), "{err}");
    assert_eq!(err.to_string(), "article of 4 paragraphs exceeds the limit of 3 paragraphs");

    let by_bytes = Cleaner::builder().max_article_bytes(100).build().unwrap();
    let err = by_bytes.try_clean(text.as_str()).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::ArticleTooLarge { len, limit: 100 } if *len == text.len())
    );
    assert_eq!(
        err.to_string(),
        format!("article of {} bytes exceeds the limit of 100 bytes", text.len())
    );

    // Within the limits, try_clean equals clean.
    let roomy = Cleaner::builder().max_paragraphs(4).max_article_bytes(text.len()).build().unwrap();
    assert_eq!(roomy.try_clean(text.as_str()).unwrap(), roomy.clean(text.as_str()));
}

#[test]
fn invalid_configurations_are_errors() {
    type Setter = fn(&mut naqi::CleanerBuilder);
    let cases: [(Setter, &str); 6] = [
        (
            |b| {
                b.min_paragraph_words(0);
            },
            "invalid configuration: min_paragraph_words must be at least 1, got 0",
        ),
        (
            |b| {
                b.max_paragraphs(0);
            },
            "invalid configuration: max_paragraphs must be at least 1, got 0",
        ),
        (
            |b| {
                b.max_article_bytes(0);
            },
            "invalid configuration: max_article_bytes must be at least 1, got 0",
        ),
        (
            |b| {
                b.near_duplicate_jaccard(0.0, 0.5, 0.5);
            },
            "invalid configuration: near_duplicate_jaccard and near_duplicate_word_jaccard values must be in (0, 1], got 0",
        ),
        (
            |b| {
                b.near_duplicate_word_jaccard(f64::NAN);
            },
            "invalid configuration: near_duplicate_jaccard and near_duplicate_word_jaccard values must be in (0, 1], got NaN",
        ),
        (
            |b| {
                b.simhash_max_distance(10, 65, 10);
            },
            "invalid configuration: simhash_max_distance values must be at most 64 bits, got 65",
        ),
    ];
    for (set, message) in cases {
        let mut builder = Cleaner::builder();
        set(&mut builder);
        let err = builder.build().unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidConfig { .. }));
        assert_eq!(err.to_string(), message);
    }
}
