"""Shared paths and readers for the naqi Python tests.

The test data are the Rust crate's own fixtures (``tests/data/`` at the
repository root), so both test suites check the same cases.
"""

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
CORPUS = REPO.parent / "shared" / "corpus"


def read_jsonl(path):
    """The JSON objects of a JSON Lines file, skipping blank lines."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def article_of(record):
    """A record as a ``(text, title, source)`` article: title and source
    only when they are strings, as ``clean_corpus`` reads them."""
    title = record.get("title")
    source = record.get("source")
    return (
        record["text"],
        title if isinstance(title, str) else None,
        source if isinstance(source, str) else None,
    )


@pytest.fixture(scope="session")
def corpus_sample():
    """A few hundred real articles of the shared corpus, or a skip when the
    corpus is not beside the repository."""
    files = sorted(CORPUS.glob("*.jsonl"))
    if not files:
        pytest.skip(f"no corpus at {CORPUS}")
    records = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f):
                if n >= 300:
                    break
                records.append(json.loads(line))
    return records
