"""The configuration and the batch API."""

import pytest

import naqi
from conftest import DATA, read_jsonl


def test_defaults_equal_clean_article():
    text = (DATA / "golden" / "seed_article.txt").read_text(encoding="utf-8")
    assert naqi.Cleaner().clean(text) == naqi.clean_article(text)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"min_paragraph_words": 0}, "min_paragraph_words must be at least 1, got 0"),
        ({"min_paragraph_words": -1}, "min_paragraph_words"),
        ({"max_article_bytes": 0}, "max_article_bytes must be at least 1"),
        ({"max_paragraphs": 0}, "max_paragraphs must be at least 1"),
        ({"max_paragraphs": 10**30}, "max_paragraphs"),
        ({"teaser_min_words": 0}, "teaser_min_words must be at least 1"),
        ({"segment_mode": "paragraph"}, "segment_mode"),
        ({"near_duplicate_jaccard": (0.0, 0.5, 0.5)}, "must be in (0, 1], got 0"),
        ({"near_duplicate_jaccard": (0.5, 0.5, 1.5)}, "got 1.5"),
        ({"near_duplicate_jaccard": (0.5, 0.5, float("nan"))}, "got NaN"),
        ({"near_duplicate_word_jaccard": 2.0}, "got 2"),
        ({"simhash_max_distance": (24, 22, 65)}, "at most 64 bits, got 65"),
        ({"simhash_max_distance": (24, -1, 18)}, "simhash_max_distance"),
    ],
)
def test_config_errors(options, message):
    with pytest.raises(naqi.ConfigError) as e:
        naqi.Cleaner(**options)
    assert message in str(e.value)
    assert isinstance(e.value, ValueError)
    assert str(e.value).startswith("invalid configuration: ")


@pytest.mark.parametrize(
    "options",
    [
        {"boilerplate_min_documents": 1},
        {"boilerplate_min_documents": -5},
        {"boilerplate_min_share": 0.0},
        {"article_jaccard": 1.01},
        {"article_containment": -0.1},
        {"article_simhash_distance": 17},
        {"article_simhash_distance": 2**70},
    ],
)
def test_corpus_config_errors(options):
    with pytest.raises(naqi.ConfigError):
        naqi.CorpusCleaner(**options)


def test_config_is_keyword_only_and_typed():
    with pytest.raises(TypeError):
        naqi.Cleaner(5)
    with pytest.raises(TypeError):
        naqi.Cleaner(min_paragraph_words="5")
    with pytest.raises(TypeError):
        naqi.Cleaner(no_such_option=1)


def test_options_change_the_result():
    text = "خبر عاجل اليوم\nخبر عاجل اليوم\nتفاصيل الخبر"
    assert naqi.Cleaner().clean(text).removals == []
    cleaned = naqi.Cleaner(min_paragraph_words=3).clean(text)
    assert cleaned.text == "خبر عاجل اليوم\n\nتفاصيل الخبر"
    block = "سطر أول من فقرة\nسطر ثان منها\n\nفقرة أخرى"
    assert len(naqi.Cleaner(segment_mode="block").clean(block).kept) == 2
    assert len(naqi.Cleaner(segment_mode="line").clean(block).kept) == 3
    near = (
        "أعلنت وزارة الصحة اليوم عن تسجيل حالات جديدة في العاصمة الأردنية عمان\n"
        "أعلنت وزارة الصحة أمس عن تسجيل حالات جديدة في العاصمة الأردنية عمان"
    )
    assert [r.reason for r in naqi.Cleaner().clean(near).removals] == ["near-duplicate"]
    assert naqi.Cleaner(near_duplicates=False).clean(near).removals == []
    assert "min_paragraph_words=3" in repr(naqi.Cleaner(min_paragraph_words=3))


def batch_articles(corpus_sample=()):
    cases = read_jsonl(DATA / "cases" / "articles.jsonl")
    seed = (DATA / "golden" / "seed_article.txt").read_text(encoding="utf-8")
    articles = [seed, (seed, "عنوان")]
    articles += [(c["text"], c.get("title")) for c in cases]
    articles += [(r["text"], r.get("title")) for r in corpus_sample]
    return articles


@pytest.mark.parametrize("threads", [None, 1, 2, 3])
def test_clean_batch_equals_a_loop_of_clean(threads, corpus_sample):
    cleaner = naqi.Cleaner()
    articles = batch_articles(corpus_sample)
    batch = cleaner.clean_batch(articles, threads=threads)
    assert len(batch) == len(articles)
    for article, got in zip(articles, batch):
        if isinstance(article, str):
            assert got == cleaner.clean(article)
        else:
            assert got == cleaner.clean(*article)


def test_clean_batch_inputs():
    cleaner = naqi.Cleaner()
    title = "ارتفاع أسعار الذهب"
    forms = [
        [title],
        [(title,)],
        [(title, None)],
        [[title, None]],
        [{"text": title}],
        iter([title]),
    ]
    for form in forms:
        (got,) = cleaner.clean_batch(form)
        assert got.text == title
    (got,) = cleaner.clean_batch([(title, title)])
    assert got.is_empty
    assert cleaner.clean_batch([]) == []
    with pytest.raises(ValueError, match="threads"):
        cleaner.clean_batch([title], threads=0)


def test_default_cleaner_equals_clean_article():
    # Regression: the keyword defaults once differed from the Rust builder's
    # (SimHash distances 24/22/18 against 20/20/18), so a default Cleaner
    # removed a near-duplicate that clean_article kept.
    t = (
        "مقدمة\n"
        "النار على الاجتماع مع على الحكومة عقد والصحة في والطاقة المجاورة وزير الدول "
        "التعاون تعزيز الاجتماع عقد إطلاق الأسرى سبل بحضور\n"
        "النار على الاجتماع مع على الحكومة عقد والصحة والنقل والطاقة المجاورة وزير الدول "
        "التعاون والنقل والنقل الاجتماع عقد إطلاق الأسرى سبل بحضور"
    )
    assert naqi.Cleaner().clean(t) == naqi.clean_article(t)
    assert naqi.Cleaner().clean(t).removals == []
