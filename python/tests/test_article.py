"""Cleaning one article: the seed article, the fault-report cases, the
result types and hostile input."""

import json

import pytest

import naqi
from conftest import DATA, read_jsonl


def test_seed_article_text_and_removals():
    text = (DATA / "golden" / "seed_article.txt").read_text(encoding="utf-8")
    expected = (DATA / "golden" / "seed_article.expected.txt").read_text(encoding="utf-8")
    assert expected.endswith("\n")
    cleaned = naqi.clean_article(text)
    assert cleaned.text == expected[:-1]
    rows = (DATA / "golden" / "seed_article.removed.tsv").read_text(encoding="utf-8")
    lines = rows.splitlines()
    assert lines[0].split("\t") == ["index", "duplicate_of", "reason"]
    want = []
    for line in lines[1:]:
        index, duplicate_of, reason = line.split("\t")
        want.append((int(index), int(duplicate_of) if duplicate_of else None, reason))
    got = [(r.index, r.duplicate_of, r.reason) for r in cleaned.removals]
    assert got == want


@pytest.mark.parametrize(
    "case", read_jsonl(DATA / "cases" / "articles.jsonl"), ids=lambda c: c["id"]
)
def test_fault_report_cases(case):
    cleaned = naqi.Cleaner().clean(case["text"], case.get("title"))
    assert [r.index for r in cleaned.removals] == case["expect_removed"], case["note"]


def test_result_objects_mirror_the_rust_result():
    text = "بوتين يأمر بسحب القوات الرئيسية من سوريا\n\nبوتين يأمر بسحب القوات الرئيسية من سوريا\n\nأوعز الرئيس\u200f الروسي لوزير دفاعه بسحب القوات."
    cleaned = naqi.clean_article(text)
    assert not cleaned.is_empty
    assert cleaned.paragraph_count == 3
    assert cleaned.comparison_limit is None
    (r,) = cleaned.removals
    assert (r.index, r.duplicate_of, r.reason, r.similarity) == (1, 0, "exact", 1.0)
    assert r.to_dict() == {"index": 1, "duplicate_of": 0, "reason": "exact", "similarity": 1.0}
    assert list(r.to_dict()) == ["index", "duplicate_of", "reason", "similarity"]
    raw = text.encode("utf-8")
    kept = cleaned.kept
    assert [k.index for k in kept] == [0, 2]
    for k in kept:
        start, end = k.span
        assert naqi.normalize(raw[start:end].decode("utf-8")) == k.text
        assert k.key == naqi.normalize(k.text, "matching")
        assert k.exact_hash == naqi.exact_hash(k.key)
        assert k.simhash == naqi.simhash(k.key)
        assert k.word_count == len(k.key.split())
    # The RLM of paragraph 2 is gone from the display text.
    assert "\u200f" not in kept[1].text
    assert raw[r.span[0] : r.span[1]].decode("utf-8") == kept[0].text
    assert cleaned.text == "\n\n".join(k.text for k in kept)
    assert cleaned == naqi.clean_article(text)
    assert "CleanedArticle(" in repr(cleaned) and "Removal(index=1" in repr(r)


def test_spans_are_utf8_byte_offsets():
    text = "سطر أول\nسطر ثان"
    cleaned = naqi.clean_article(text)
    assert [k.span for k in cleaned.kept] == [(0, 13), (14, 27)]
    assert len(text) == 15  # not str indices


def test_title_removal_and_empty_article():
    title = "ارتفاع أسعار الذهب"
    cleaned = naqi.clean_article(title, title=title)
    assert cleaned.is_empty and cleaned.text == ""
    (r,) = cleaned.removals
    assert (r.reason, r.duplicate_of) == ("title", None)
    assert naqi.clean_article("").is_empty
    assert naqi.clean_article(" \n\u200b\n").removals == []


def test_limits_compare_in_part_or_raise():
    cleaner = naqi.Cleaner(max_paragraphs=2)
    text = "أ\nب\nج"
    assert cleaner.clean(text).comparison_limit == 2
    with pytest.raises(naqi.LimitError, match="exceeds the limit of 2 paragraphs"):
        cleaner.try_clean(text)
    assert issubclass(naqi.LimitError, ValueError)
    assert naqi.Cleaner().try_clean(text).comparison_limit is None


HOSTILE = [
    "",
    "\x00",
    "\n" * 1000,
    "\r\n\r\r\n\u2028\u2029",
    "\ufeff\u200b\u202e",
    "ـــ",
    "\ufdfa" * 50,
    "\U0010ffff\U0001f600",
    "a" * 100_000,
    "ﻷ" * 3 + "\u0654" * 5,
    "\u0301" * 20 + "ا",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_any_str_is_valid_input(text):
    cleaned = naqi.clean_article(text, title=text)
    assert isinstance(cleaned.text, str)
    assert naqi.normalize(naqi.normalize(text)) == naqi.normalize(text)
    naqi.normalize(text, "matching")
    naqi.exact_hash(text)
    naqi.simhash(text)


SURROGATES = ["\ud800", "abc\udfff", "خبر \udc80 عاجل"]


@pytest.mark.parametrize("text", SURROGATES, ids=range(len(SURROGATES)))
def test_surrogates_raise_a_clean_value_error(text):
    # A lone surrogate is not Unicode text: it has no UTF-8 form.
    calls = [
        lambda: naqi.clean_article(text),
        lambda: naqi.clean_article("نص", title=text),
        lambda: naqi.Cleaner().clean(text),
        lambda: naqi.Cleaner().clean_batch(["نص", text]),
        lambda: naqi.Cleaner().clean_batch([("نص", text)]),
        lambda: naqi.normalize(text),
        lambda: naqi.normalize(text, "matching"),
        lambda: naqi.exact_hash(text),
        lambda: naqi.simhash(text),
        lambda: naqi.CorpusCleaner().clean_corpus([("نص", None, text)]),
        lambda: naqi.CorpusCleaner().sketch(text),
        lambda: naqi.CorpusCleaner().finish_batch([{"text": text}]),
    ]
    for call in calls:
        with pytest.raises(UnicodeEncodeError):
            call()
        assert issubclass(UnicodeEncodeError, ValueError)
    # The interpreter is fine afterwards.
    assert naqi.clean_article("نص").text == "نص"


def test_wrong_types_raise_type_error():
    with pytest.raises(TypeError):
        naqi.clean_article(b"bytes")
    with pytest.raises(TypeError):
        naqi.clean_article(None)
    with pytest.raises(TypeError):
        naqi.Cleaner().clean_batch("a single str")
    with pytest.raises(TypeError):
        naqi.Cleaner().clean_batch([1])
    with pytest.raises(ValueError):
        naqi.Cleaner().clean_batch([("a", "b", "c", "d")])
    with pytest.raises(ValueError):
        naqi.Cleaner().clean_batch([{"title": "no text"}])


def test_output_is_json_serializable():
    cleaned = naqi.clean_article("نص طويل بما يكفي ليكون فقرة\nنص طويل بما يكفي ليكون فقرة")
    json.dumps([r.to_dict() for r in cleaned.removals])


def test_module_documentation_examples():
    import doctest

    assert doctest.testmod(naqi).failed == 0
