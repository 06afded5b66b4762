//! One test per bug, named after what broke, with the exact input that
//! showed it. Tests replaying fuzz findings read their input from
//! `tests/data/fuzz/`.

use naqi::{Cleaner, Normalizer, RemovalReason, SegmentMode, paragraphs, paragraphs_by};

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
        // The run from j as the cleaned text reads it.
        let run = (j..keys.len())
            .filter(|&k| kept.contains(&k) && !keys[k].is_empty())
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

/// Cleans `text` and checks that every exact, near-duplicate and contained
/// removal points to a kept paragraph that is its counterpart: an equal key
/// for an exact repeat; for a contained one, the kept paragraphs from it on
/// (the run as the cleaned text reads it) begin with the teaser's key.
fn assert_removals_point_to_kept_counterparts(cleaner: &Cleaner, mode: SegmentMode, text: &str) {
    let m = Normalizer::matching();
    let keys: Vec<String> =
        paragraphs_by(text, mode).map(|p| m.normalize(p.as_str()).into_owned()).collect();
    let cleaned = cleaner.clean(text);
    let kept: Vec<usize> = cleaned.kept().map(|k| k.index()).collect();
    for r in cleaned.removals() {
        let i = r.index();
        let Some(j) = r.duplicate_of() else {
            continue;
        };
        assert!(
            kept.contains(&j),
            "{} removal of {i} points to {j}, which was removed: {text:?}",
            r.reason()
        );
        match r.reason() {
            RemovalReason::Exact => assert_eq!(keys[i], keys[j], "exact {i} of {j}"),
            RemovalReason::Contained => {
                // The run from j as the cleaned text reads it.
                let run = (j..keys.len())
                    .filter(|&k| kept.contains(&k) && !keys[k].is_empty())
                    .map(|k| keys[k].as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                assert!(
                    run.starts_with(&keys[i]),
                    "teaser {i} ({:?}) is not a prefix of the run from {j} ({run:?})",
                    keys[i]
                );
            }
            _ => {}
        }
    }
}

// Found by fuzzing clean_article (invariant `counterpart-kept`), default
// configuration, no title. Paragraph 1 is a near-duplicate of 0 and 2 has
// the same key as 1 (U+FFFD and the bytes around it end a word): 2 was
// reported as an exact repeat of 1, which the near-duplicate pass then
// removed. Same fault as
// `regression_exact_repeat_points_to_removed_near_duplicate`.
#[test]
fn regression_fuzz_exact_repeat_points_to_removed_near_duplicate() {
    let data = include_bytes!("data/fuzz/clean_article-exact-points-to-removed-near-duplicate");
    let text = String::from_utf8_lossy(data);
    assert_removals_point_to_kept_counterparts(&Cleaner::new(), SegmentMode::Line, &text);
}

// Found by fuzzing clean_article (invariant `contained-run`), block mode
// with `min_paragraph_words(2)`, no title. Block 1 (key "سجلت ا") is a
// teaser of block 2, which is a near-duplicate of block 0; the teaser was
// pointed to block 0, whose text does not begin with it. Same fault as
// `regression_teaser_points_to_paragraph_that_does_not_contain_it`.
#[test]
fn regression_fuzz_block_teaser_points_to_paragraph_that_does_not_contain_it() {
    let data = include_bytes!("data/fuzz/clean_article-block-teaser-points-to-noncovering");
    let text = String::from_utf8_lossy(data);
    let cleaner =
        Cleaner::builder().min_paragraph_words(2).segment_mode(SegmentMode::Block).build().unwrap();
    assert_removals_point_to_kept_counterparts(&cleaner, SegmentMode::Block, &text);
}

// Found by fuzzing clean_article (invariant `reclean`),
// `min_paragraph_words(1)`, no title. The paragraphs are "ا", "ف", "ا",
// "س", "ف\u{FFFD}س.." (key "ف س", ending in an ellipsis). Paragraph 2 goes
// as an exact repeat of 0, but the teaser check still reads it inside the
// run from 1 ("ف ا س …"), so 4 is kept. In the cleaned text the run from
// "ف" reads "ف س …" and covers it: cleaning the cleaned text removed 4.
#[test]
fn regression_fuzz_exact_repeat_inside_run_hides_teaser() {
    let data = include_bytes!("data/fuzz/clean_article-exact-repeat-inside-run-hides-teaser");
    let text = String::from_utf8_lossy(data);
    let cleaner = Cleaner::builder().min_paragraph_words(1).build().unwrap();
    let once = cleaner.clean(&*text).text();
    let twice = cleaner.clean(once.as_str());
    assert_eq!(twice.removals(), &[], "cleaned text: {once:?}");
}

// Found by the property `clean_keeps_order_and_explains_every_removal`
// (after the fixed-point rewrite of the within-article decisions).
// Paragraph 2 has the same key as paragraph 0 and was kept, although rule 3
// removes an exact repeat of an earlier kept paragraph: 0 ends in an
// ellipsis and is a prefix of 4, and 4 is a teaser of the run from 2
// ("… اليوم" + "في زيارة …"). Cleaning the cleaned text then removed 2 as an
// exact repeat of 0.
//
// This article has no decisions that are a fixed point. If 0 stays, 2 goes
// as its exact repeat, no kept run covers 4 any more, so 4 stays, and 0 is
// a teaser of 4. If 0 goes, only 4 can explain it, so 4 stays; 2 cannot go
// (it repeats no kept paragraph, and a short line at the top is no teaser),
// and then 4 is a teaser of the run from 2. The cleaner ends such a cycle
// keeping no repeat, with every removal explained; cleaning the cleaned
// text may then remove a teaser, never a repeat.
#[test]
fn regression_exact_repeat_kept_when_a_teaser_points_to_it() {
    let text = "وزير الخارجية يصل إلى بيروت اليوم...\n\
                وقالت مصادر دبلوماسية إن الزيارة تهدف إلى بحث الملفات العالقة بين البلدين\n\
                وزير الخارجية يصل إلى بيروت اليوم\n\
                في زيارة رسمية تستمر يومين يلتقي خلالها كبار المسؤولين\n\
                وزير الخارجية يصل إلى بيروت اليوم في زيارة...";
    let cleaner = Cleaner::new();
    let cleaned = cleaner.clean(text);
    let keys = keys(text);
    let kept: Vec<usize> = cleaned.kept().map(|k| k.index()).collect();
    for (b, &j) in kept.iter().enumerate() {
        for &i in &kept[..b] {
            assert_ne!(keys[i], keys[j], "kept {j} is an exact repeat of kept {i}");
        }
    }
    assert_removals_point_to_kept_counterparts(&cleaner, SegmentMode::Line, text);
    let once = cleaned.text();
    let twice = cleaner.clean(once.as_str());
    for r in twice.removals() {
        assert_eq!(r.reason(), RemovalReason::Contained, "cleaned text: {once:?}");
    }
}

// Found by the property `clean_keeps_order_and_explains_every_removal`
// (after the fixed-point rewrite of the within-article decisions).
// Paragraph 0 (20 words) is a proper prefix of paragraph 2, so a teaser even
// at the top of the article; paragraph 1 ("وقال …" and five more words) is
// a near-duplicate of 0. 1 went as a near-duplicate of 0, and 0 stayed
// beside the paragraph it truncates: cleaning the cleaned text then removed
// 0 as contained in 2.
#[test]
fn regression_teaser_kept_when_a_near_duplicate_points_to_it() {
    let text = "قال وزير الخارجية اللبناني في مؤتمر صحفي عقده اليوم في بيروت إن الحكومة \
                ستعمل على معالجة الأزمة الاقتصادية الراهنة\n\
                وقال وزير الخارجية اللبناني في مؤتمر صحفي عقده اليوم في بيروت إن الحكومة \
                ستعمل على معالجة الأزمة الاقتصادية الراهنة من خلال خطة إصلاح شاملة\n\
                قال وزير الخارجية اللبناني في مؤتمر صحفي عقده اليوم في بيروت إن الحكومة \
                ستعمل على معالجة الأزمة الاقتصادية الراهنة من خلال خطة إصلاح شاملة تمتد \
                على ثلاث سنوات";
    let cleaner = Cleaner::new();
    let once = cleaner.clean(text).text();
    let twice = cleaner.clean(once.as_str());
    assert_eq!(twice.removals(), &[], "cleaned text: {once:?}");
}

// Found by trying the cleaner on new inputs. A line whose last word is the
// start of a word of a later paragraph was removed as its teaser, with no
// ellipsis and in the middle of the article: "… إلى 15" against "… إلى 150
// شخصا …" lost the figure 15, and "… ملف الأمن" against "… ملف الأمنيين
// …" a word. A cut inside a word now needs an ellipsis or a long copy.
#[test]
fn regression_prefix_of_a_longer_word_is_not_a_teaser() {
    let lead = "أعلنت السلطات المحلية في المدينة حالة الطوارئ بعد انفجار وقع في مصنع \
                للمواد الكيميائية صباح اليوم وأدى إلى إصابة عدد من العمال";
    for (short, long) in [
        (
            "وارتفع عدد المصابين في المدينة إلى 15",
            "وارتفع عدد المصابين في المدينة إلى 150 شخصا في الحي المجاور بحسب آخر حصيلة رسمية.",
        ),
        (
            "وقال الوزير إن الاجتماع سيبحث ملف الأمن",
            "وقال الوزير إن الاجتماع سيبحث ملف الأمنيين المعتقلين في السجون منذ العام الماضي.",
        ),
    ] {
        let text = format!("{lead}\n{short}\nوتواصل فرق الإنقاذ عملها في الموقع.\n{long}");
        let cleaned = Cleaner::new().clean(text.as_str());
        assert_eq!(cleaned.removals(), &[], "{short}");
        // With an ellipsis it is a teaser.
        let text = format!("{lead}\n{short}...\nوتواصل فرق الإنقاذ عملها في الموقع.\n{long}");
        let cleaned = Cleaner::new().clean(text.as_str());
        let removed: Vec<(usize, Option<usize>, RemovalReason)> =
            cleaned.removals().iter().map(|r| (r.index(), r.duplicate_of(), r.reason())).collect();
        assert_eq!(removed, [(1, Some(3), RemovalReason::Contained)], "{short}...");
    }
}

// Found by fuzzing clean_article (invariant `reclean`, then strict: cleaning
// the cleaned text removes nothing), default configuration, no title, after
// the near-duplicate rewrite. The lines are K.. / ن / K / في زي\u{FFFD} /
// K في زي.. with K = "وزير الخارجية يصل إلى بيروت اليوم" (valid UTF-8 with
// "عاجل" and "في زيارة" for the short lines behaves the same): the cycle of
// `regression_exact_repeat_kept_when_a_teaser_points_to_it` with short
// lines. 2 goes as an exact repeat of 0; 0 stays although it is a teaser of
// 4; cleaning the cleaned text removes 0. No decision settles it under the
// documented rules: if 0 stays, it is a teaser of 4, so 4 must go, which
// only the run "K" + "في زي" from 2 explains, and 2 stays only if 0 goes;
// if 0 goes, nothing explains it (it equals 2 alone, and 4 then goes). The
// crate documents this case: re-cleaning may remove a teaser, never a
// repeat, and every removal points to a kept counterpart.
#[test]
fn regression_fuzz_teaser_and_exact_repeat_cycle() {
    let data = include_bytes!("data/fuzz/clean_article-teaser-and-exact-repeat-cycle");
    let text = String::from_utf8_lossy(data);
    let cleaner = Cleaner::new();
    assert_removals_point_to_kept_counterparts(&cleaner, SegmentMode::Line, &text);
    let once = cleaner.clean(&*text).text();
    let twice = cleaner.clean(once.as_str());
    for r in twice.removals() {
        assert_eq!(r.reason(), RemovalReason::Contained, "cleaned text: {once:?}");
    }
    assert_removals_point_to_kept_counterparts(&cleaner, SegmentMode::Line, &once);
}
