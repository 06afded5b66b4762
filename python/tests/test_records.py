"""The JSON Lines record format of the Spark example and its
single-process reference (``examples/spark/records.py``)."""

import json
import sys

import pytest

import naqi
from conftest import REPO

sys.path.insert(0, str(REPO / "examples" / "spark"))
import records  # noqa: E402


def parse(line, **kw):
    return records.parse_line(line, **kw)


def test_blank_and_rejected_lines():
    for line in ["", "   ", "\r", " \t\x0c"]:
        assert parse(line) == (records.BLANK, None)
    for line in [
        "not json",
        "[1, 2]",
        '"text"',
        '{"id": 1}',
        '{"text": 5}',
        '{"text": "a"} trailing',
        '{"text": "a", "x": NaN}',
        '{"text": "\\ud800"}',
        '{"te\\ud800xt": "a"}',
        '{"x\\udc00": 1, "text": "a"}',
        '{"text": "a"',
    ]:
        kind, reason = parse(line)
        assert kind == records.REJECT, line
        assert isinstance(reason, str)
    assert parse('{"text": "abc"}', max_line_bytes=10)[0] == records.REJECT
    # As in clean_corpus, only the top-level field names are read.
    assert parse('{"text": "a", "n": {"k\\ud800": 1}}')[0] == records.RECORD


def test_fields():
    kind, r = parse('{"id": 7, "text": 1, "text": "b", "title": 3, "title": "t", "source": "s", "id": "x"}\r')
    assert kind == records.RECORD
    assert r.article() == ("b", "t", "s")
    assert r.id == "x" and r.id_json() == '"x"'
    # The first string title counts; a lone surrogate in it reads as U+FFFD
    # (as in clean_corpus).
    _, r = parse('{"text": "b", "title": "a\\udc00", "title": "ok"}')
    assert r.title == "a\ufffd"
    _, r = parse('{"text": "b", "title": "\\ud83d\\ude00"}')
    assert r.title == "\U0001F600"
    _, r = parse('{"text": "b"}')
    assert r.article() == ("b", None, None) and r.id_json() == "null"
    # A byte order mark starts the first line only.
    assert parse('\ufeff{"text": "b"}', first_line=True)[0] == records.RECORD
    assert parse('\ufeff{"text": "b"}')[0] == records.REJECT


def test_render():
    line = '{"id":"a","text":"x","n":{"k":[1,2.5,null]},"removed":1,"text":"y","no_content":false,"duplicate_of":"z"}'
    _, r = parse(line)
    cleaned = naqi.clean_article(r.text, r.title)
    out = records.render(r, cleaned, mark_duplicates=True)
    assert json.loads(out) == {"id": "a", "text": "x", "n": {"k": [1, 2.5, None]}, "removed": []}
    assert list(json.loads(out)) == ["id", "text", "n", "removed"]
    # Without marking, an input duplicate_of field stays.
    assert json.loads(records.render(r, cleaned))["duplicate_of"] == "z"
    dup = records.add_duplicate_of(out, '"k"')
    assert json.loads(dup)["duplicate_of"] == "k"
    _, r = parse('{"title": "عنوان الخبر", "text": "عنوان الخبر", "x": "\\ud800"}')
    out = records.render(r, naqi.clean_article(r.text, r.title))
    out.encode("utf-8")
    d = json.loads(out)
    assert d["text"] == "" and d["no_content"] is True and d["x"] == "\ud800"
    assert d["removed"] == [{"index": 0, "duplicate_of": None, "reason": "title", "similarity": 1.0}]
    # A title with a lone surrogate still removes the headline.
    _, r = parse('{"title": "عنوان الخبر \\ud83d", "text": "عنوان الخبر"}')
    d = json.loads(records.render(r, naqi.clean_article(r.text, r.title)))
    assert d["removed"] == [{"index": 0, "duplicate_of": None, "reason": "title", "similarity": 1.0}]


@pytest.mark.parametrize("name", ["batch_promo", "batch_wire"])
def test_local_reference_runs(tmp_path, name):
    import clean_corpus_local

    src = REPO / "tests" / "data" / "cases" / f"{name}.jsonl"
    out = tmp_path / "out.jsonl"
    status = clean_corpus_local.main(
        ["--input", str(src), "--output", str(out), "--boilerplate", "--article-dedup", "mark"]
    )
    assert status == 0
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    want = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines()]
    assert [g["id"] for g in got] == [w["id"] for w in want]
    if name == "batch_wire":
        assert {g["id"]: g.get("duplicate_of") for g in got} == {
            "wire-a": None,
            "wire-b": "wire-a",
            "other": None,
        }
