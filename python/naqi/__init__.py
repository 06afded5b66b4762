"""naqi (نقي, "clean") cleans scraped Arabic news.

It normalizes the text to the code point, splits it into paragraphs,
fingerprints each one and removes the repeats, saying for each removal what
it repeats and why. Across a corpus it also removes per-source boilerplate
and finds near-duplicate articles.

>>> import naqi
>>> a = naqi.clean_article("خبر عاجل عن الطقس اليوم في المدينة\\n"
...                        "خبر عاجل عن الطقس اليوم في المدينة\\nالتفاصيل لاحقا")
>>> a.text
'خبر عاجل عن الطقس اليوم في المدينة\\n\\nالتفاصيل لاحقا'
>>> a.removals
[Removal(index=1, duplicate_of=0, reason='exact', similarity=1.0, span=(63, 125))]

Overview
--------
- ``clean_article(text, title=None)`` cleans one article with the default
  configuration; ``Cleaner(**options)`` is the configurable form, with
  ``clean``, ``try_clean`` and the parallel ``clean_batch``. Both return a
  ``CleanedArticle``: ``text``, ``removals`` (``Removal``), ``kept``
  (``KeptParagraph``), ``is_empty``.
- ``normalize(text, preset="display" | "matching")``.
- ``exact_hash(key)``, ``simhash(key)``, ``hamming_distance(a, b)``: the
  stable 64-bit fingerprints of a matching key.
- ``CorpusCleaner(**options)``: per-source boilerplate and near-duplicate
  articles, in one call (``clean_corpus``) or step by step with plain values
  (``sketch``, ``finish``, ``verify_shingles``, ``greedy_duplicates``) for
  a cluster.

Errors
------
Any ``str`` is valid text: cleaning never fails. A ``str`` holding a lone
surrogate (``"\\ud800"``) is not Unicode text; it raises
``UnicodeEncodeError`` (a ``ValueError``) when passed. Invalid
configuration values raise ``ConfigError`` (a ``ValueError``) with the
library's message; ``Cleaner.try_clean`` raises ``LimitError`` (a
``ValueError``) for an article over a limit.

Offsets
-------
Spans (``Removal.span``, ``KeptParagraph.span``) are ``(start, end)`` byte
offsets into the UTF-8 encoding of the input text, not ``str`` indices:
``text.encode("utf-8")[start:end].decode("utf-8")`` is the raw paragraph.

64-bit values
-------------
Hashes and fingerprints are unsigned 64-bit values, returned as Python
ints in ``[0, 2**64)``. Columnar formats (Arrow, Parquet, Spark) have no
unsigned 64-bit type: store them as signed ``int64`` with the same bits
(two's complement) using ``u64_to_i64``, and read them back with
``i64_to_u64``. The corpus step methods do this themselves with
``signed=True``, and ``verify_shingles(..., signed=True)`` reads such
values. Both conversions are exact and inverse to each other; equality,
XOR and Hamming distance are the same on either form, but order is not
(sort as unsigned).
"""

from collections.abc import Mapping, Sequence
from typing import Literal, TypedDict, Union

from ._naqi import (
    BUCKET_PAIRS,
    LSH_BANDS,
    CleanedArticle,
    Cleaner,
    ConfigError,
    CorpusArticle,
    CorpusCleaner,
    KeptParagraph,
    LimitError,
    Removal,
    clean_article,
    exact_hash,
    greedy_duplicates,
    hamming_distance,
    normalize,
    simhash,
)

__all__ = [
    "ArticleInput",
    "BUCKET_PAIRS",
    "Body",
    "LSH_BANDS",
    "CleanedArticle",
    "Cleaner",
    "ConfigError",
    "CorpusArticle",
    "CorpusCleaner",
    "KeptParagraph",
    "LimitError",
    "Reason",
    "Removal",
    "Sketch",
    "clean_article",
    "exact_hash",
    "greedy_duplicates",
    "hamming_distance",
    "i64_to_u64",
    "normalize",
    "simhash",
    "u64_to_i64",
]

#: A removal's reason (a union of one-value literals, the same type as
#: ``Literal["exact", "near-duplicate", ...]``).
Reason = Union[
    Literal["exact"],
    Literal["near-duplicate"],
    Literal["contained"],
    Literal["title"],
    Literal["boilerplate"],
]
Reason.__doc__ = "A removal's reason: exact, near-duplicate, contained, title or boilerplate."

#: An article for the batch and corpus methods: the text alone, a
#: ``(text,)``, ``(text, title)`` or ``(text, title, source)`` tuple (or
#: list), or a mapping with ``"text"`` and optional ``"title"`` and
#: ``"source"`` (titles and sources are ``str`` or ``None``).
ArticleInput = (
    str
    | tuple[str]
    | tuple[str, str | None]
    | tuple[str, str | None, str | None]
    | Sequence[str | None]
    | Mapping[str, str | None]
)


class Sketch(TypedDict):
    """What the boilerplate stage needs of one article
    (``CorpusCleaner.sketch``)."""

    #: Hash of the source name; ``None`` without a source.
    source_hash: int | None
    #: Equal for articles whose cleaned bodies are equal.
    body_hash: int
    #: ``(paragraph index, [template hashes])`` per kept paragraph.
    paragraphs: list[tuple[int, list[int]]]


class Body(TypedDict):
    """What the near-duplicate stage needs of one article
    (``CorpusCleaner.body``)."""

    #: Nothing left of the article: never a duplicate, never a candidate.
    is_empty: bool
    #: Equal for equal bodies.
    exact_hash: int
    #: SimHash of the shingle set.
    simhash: int
    #: ``LSH_BANDS`` band keys.
    band_keys: list[int]
    #: Word 5-shingle hashes, sorted as unsigned values, distinct.
    shingles: list[int]


_U64 = 1 << 64
_I64_MIN = -(1 << 63)


def u64_to_i64(value: int) -> int:
    """The signed 64-bit int with the same bits as an unsigned one.

    ``value`` must be in ``[0, 2**64)``; the result is in
    ``[-2**63, 2**63)``: values from ``2**63`` on become negative
    (``value - 2**64``). See "64-bit values" in the module documentation.
    """
    if not 0 <= value < _U64:
        raise ValueError(f"not an unsigned 64-bit value: {value}")
    return value - _U64 if value >= 1 << 63 else value


def i64_to_u64(value: int) -> int:
    """The unsigned 64-bit int with the same bits as a signed one.

    ``value`` must be in ``[-2**63, 2**63)``; negative values become
    ``value + 2**64``. The inverse of ``u64_to_i64``.
    """
    if not _I64_MIN <= value < 1 << 63:
        raise ValueError(f"not a signed 64-bit value: {value}")
    return value + _U64 if value < 0 else value
