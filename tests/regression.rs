//! One test per bug, named after what broke, with the exact input that
//! showed it. Tests replaying fuzz findings read their input from
//! `tests/data/fuzz/`.

use naqi::{Cleaner, Normalizer, RemovalReason, paragraphs};

/// The matching keys of the paragraphs of `text`.
fn keys(text: &str) -> Vec<String> {
    let m = Normalizer::matching();
    paragraphs(text).map(|p| m.normalize(p.as_str()).into_owned()).collect()
}

// Found by the property `clean_keeps_order_and_explains_every_removal`.
// Paragraph 1 is a near-duplicate of 0 (one word changed) and paragraph 2 an
// exact repeat of 1. The exact pass runs before the near-duplicate pass, so
// 2 was recorded as an exact repeat of 1, and 1 was removed afterwards:
// `duplicate_of` pointed to a paragraph that is not in the output.
#[test]
fn regression_exact_repeat_points_to_removed_near_duplicate() {
    let text = "أعلنت وزارة الصحة اليوم عن تسجيل حالات جديدة في العاصمة الأردنية عمان\n\
                أعلنت وزارة الصحة أمس عن تسجيل حالات جديدة في العاصمة الأردنية عمان\n\
                أعلنت وزارة الصحة أمس عن تسجيل حالات جديدة في العاصمة الأردنية عمان";
    let cleaned = Cleaner::new().clean(text);
    let kept: Vec<usize> = cleaned.kept().map(|k| k.index()).collect();
    assert_eq!(kept, [0]);
    let keys = keys(text);
    for r in cleaned.removals() {
        let j = r.duplicate_of().expect("a repeat points to what it repeats");
        assert!(
            kept.contains(&j),
            "removal of {} ({}) points to {}, which was removed",
            r.index(),
            r.reason(),
            j
        );
        if r.reason() == RemovalReason::Exact {
            assert_eq!(keys[r.index()], keys[j]);
        }
    }
}

// Found by the property `clean_keeps_order_and_explains_every_removal`.
// Paragraph 0 is a teaser (ends in an ellipsis) of paragraph 2 only, and 2
// is a near-duplicate of 1 (first word changed). The teaser was then pointed
// to 1, "the paragraph the covering one repeats", although its key
// "اعلنت وزاره الصحه اليوم انها" is not a prefix of the run of paragraphs
// from 1 ("قالت وزاره الصحه ..."): the removal named a counterpart that does
// not contain it.
#[test]
fn regression_teaser_points_to_paragraph_that_does_not_contain_it() {
    let text = "أعلنت وزارة الصحة اليوم إنها...\n\
                قالت وزارة الصحة اليوم إنها سجلت حالات جديدة في العاصمة والمدن الكبرى\n\
                أعلنت وزارة الصحة اليوم إنها سجلت حالات جديدة في العاصمة والمدن الكبرى";
    let cleaned = Cleaner::new().clean(text);
    let keys = keys(text);
    let kept: Vec<usize> = cleaned.kept().map(|k| k.index()).collect();
    for r in cleaned.removals() {
        if r.reason() != RemovalReason::Contained {
            continue;
        }
        let j = r.duplicate_of().expect("a teaser points to what contains it");
        assert!(kept.contains(&j), "teaser {} points to removed {}", r.index(), j);
        let run = (j..keys.len())
            .filter(|&k| k != r.index() && !keys[k].is_empty())
            .map(|k| keys[k].as_str())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            run.starts_with(&keys[r.index()]),
            "teaser {} ({:?}) is not a prefix of the run from {} ({:?})",
            r.index(),
            keys[r.index()],
            j,
            run
        );
    }
}

// Found by the property `clean_keeps_order_and_explains_every_removal`.
// Paragraph 4 is a teaser whose only covering run starts at paragraph 1, and
// 1 is itself removed as a teaser of 3, so 4 was kept. In the cleaned text
// paragraph 1 is gone and the run from 0 now covers 4: cleaning the cleaned
// text removed 4. Cleaning must be idempotent: what it keeps, it keeps.
#[test]
fn regression_cleaning_cleaned_text_removes_a_kept_teaser() {
    let text = "وزير الخارجية يصل إلى بيروت اليوم\n\
                وزير الخارجية يصل إلى بيروت اليوم...\n\
                في زيارة رسمية تستمر يومين يلتقي خلالها كبار المسؤولين\n\
                وزير الخارجية يصل إلى بيروت اليوم الثلاثاء\n\
                وزير الخارجية يصل إلى بيروت اليوم في زيارة...";
    let cleaner = Cleaner::new();
    let once = cleaner.clean(text).text();
    let twice = cleaner.clean(once.as_str());
    assert_eq!(twice.removals(), &[], "cleaned text: {once:?}");
    assert_eq!(twice.text(), once);
}
