"""Type stubs of naqi: cleaning scraped Arabic news.

Hashes and fingerprints are unsigned 64-bit ints unless a method is called
with ``signed=True`` (two's complement int64, for Arrow and Spark columns;
see ``u64_to_i64`` and ``i64_to_u64``). Spans are UTF-8 byte offsets.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, TypeAlias, TypedDict, final

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

Reason: TypeAlias = Literal["exact", "near-duplicate", "contained", "title", "boilerplate"]

#: An article for the batch and corpus methods: the text alone, a
#: ``(text,)``, ``(text, title)`` or ``(text, title, source)`` tuple (or
#: list), or a mapping with ``"text"`` and optional ``"title"`` and
#: ``"source"``.
ArticleInput: TypeAlias = (
    str
    | tuple[str]
    | tuple[str, str | None]
    | tuple[str, str | None, str | None]
    | Sequence[str | None]
    | Mapping[str, str | None]
)

#: In a bucket of bodies sharing a band key or an exact hash, each body is
#: paired with the first this-many earlier members only (64).
BUCKET_PAIRS: int
#: The number of LSH band keys of a body (24).
LSH_BANDS: int

class ConfigError(ValueError):
    """An invalid configuration value; the message names the setting, its
    range and the value given."""

class LimitError(ValueError):
    """An article over ``max_article_bytes`` or ``max_paragraphs``, from
    ``Cleaner.try_clean``."""

@final
class Removal:
    """A removed paragraph and why it was removed."""

    @property
    def index(self) -> int:
        """The removed paragraph's index in the input (from 0)."""
    @property
    def duplicate_of(self) -> int | None:
        """The index of the kept paragraph it repeats; ``None`` for
        ``title`` and ``boilerplate`` removals."""
    @property
    def reason(self) -> Reason:
        """Why it was removed."""
    @property
    def similarity(self) -> float | None:
        """The measured similarity in [0, 1]; ``None`` for boilerplate."""
    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)``: UTF-8 byte offsets into the input text."""
    def to_dict(self) -> dict[str, int | str | float | None]:
        """``{"index", "duplicate_of", "reason", "similarity"}``, as
        ``clean_corpus`` writes a removal."""
    def __eq__(self, value: object, /) -> bool: ...

@final
class KeptParagraph:
    """A kept paragraph."""

    @property
    def text(self) -> str:
        """Its display text."""
    @property
    def key(self) -> str:
        """Its matching key."""
    @property
    def index(self) -> int:
        """Its index in the input (from 0)."""
    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)``: UTF-8 byte offsets of the raw paragraph in the
        input text (not ``str`` indices)."""
    @property
    def exact_hash(self) -> int:
        """``exact_hash(key)``, unsigned 64-bit."""
    @property
    def simhash(self) -> int:
        """``simhash(key)``, unsigned 64-bit."""
    @property
    def word_count(self) -> int:
        """The number of words of its key."""
    def __eq__(self, value: object, /) -> bool: ...

@final
class CleanedArticle:
    """The result of cleaning one article."""

    @property
    def text(self) -> str:
        """The kept paragraphs' display text joined by ``"\\n\\n"``."""
    @property
    def removals(self) -> list[Removal]:
        """The removed paragraphs, in input order."""
    @property
    def kept(self) -> list[KeptParagraph]:
        """The kept paragraphs, in input order."""
    @property
    def is_empty(self) -> bool:
        """``True`` when no paragraph is left."""
    @property
    def paragraph_count(self) -> int:
        """The number of paragraphs of the input (kept + removed)."""
    @property
    def comparison_limit(self) -> int | None:
        """``None``, or the index from which paragraphs were kept without
        comparison because a limit was reached."""
    def __eq__(self, value: object, /) -> bool: ...

@final
class Cleaner:
    """Cleans articles with one configuration, validated when built.

    The keyword arguments are the Rust ``CleanerBuilder``'s setters, with
    their defaults and ranges; invalid values raise ``ConfigError``.
    """

    def __new__(
        cls,
        *,
        min_paragraph_words: int = 5,
        segment_mode: Literal["line", "block"] = "line",
        max_article_bytes: int = 67108864,
        max_paragraphs: int = 10000,
        near_duplicates: bool = True,
        teasers: bool = True,
        near_duplicate_jaccard: tuple[float, float, float] = (0.85, 0.75, 0.72),
        near_duplicate_word_jaccard: float = 0.5,
        simhash_max_distance: tuple[int, int, int] = (20, 20, 18),
        teaser_min_words: int = 16,
    ) -> Cleaner: ...
    def clean(self, text: str, title: str | None = None) -> CleanedArticle:
        """Cleans one article."""
    def try_clean(self, text: str, title: str | None = None) -> CleanedArticle:
        """Cleans one article; raises ``LimitError`` over a limit."""
    def clean_batch(
        self, articles: Iterable[ArticleInput], threads: int | None = None
    ) -> list[CleanedArticle]:
        """Cleans many articles in parallel without the GIL; equal to a
        loop of ``clean``, in input order."""

def clean_article(text: str, title: str | None = None) -> CleanedArticle:
    """Cleans one article with the default configuration."""

def normalize(text: str, preset: Literal["display", "matching"] = "display") -> str:
    """The display form or the matching key of a text; ``ValueError`` for
    another preset."""

def exact_hash(key: str) -> int:
    """The exact fingerprint of a matching key (XXH3-64, fixed seed)."""

def simhash(key: str) -> int:
    """The 64-bit SimHash of a matching key."""

def hamming_distance(a: int, b: int) -> int:
    """The number of bits in which two unsigned 64-bit values differ."""

def greedy_duplicates(
    n: int, pairs: Iterable[tuple[int, int, float]]
) -> list[tuple[int, float] | None]:
    """Greedy near-duplicate decisions over verified ``(earlier, later,
    similarity)`` pairs among ``n`` articles."""

def u64_to_i64(value: int) -> int:
    """The signed 64-bit int with the same bits as an unsigned one."""

def i64_to_u64(value: int) -> int:
    """The unsigned 64-bit int with the same bits as a signed one."""

class Sketch(TypedDict):
    """What the boilerplate stage needs of one article."""

    source_hash: int | None
    body_hash: int
    #: ``(paragraph index, [template hashes])`` per kept paragraph.
    paragraphs: list[tuple[int, list[int]]]

class Body(TypedDict):
    """What the near-duplicate stage needs of one article."""

    is_empty: bool
    exact_hash: int
    simhash: int
    #: ``LSH_BANDS`` band keys.
    band_keys: list[int]
    #: Word 5-shingle hashes, sorted as unsigned values, distinct.
    shingles: list[int]

@final
class CorpusArticle:
    """One article after the corpus stages."""

    @property
    def cleaned(self) -> CleanedArticle:
        """The article after cleaning and boilerplate removal."""
    @property
    def duplicate_of(self) -> int | None:
        """The input position of the earlier kept article it repeats."""
    @property
    def similarity(self) -> float | None:
        """The Jaccard similarity of the two articles' shingle sets."""

@final
class CorpusCleaner:
    """Per-source boilerplate and near-duplicate articles, whole or step
    by step (see the class docstring at run time)."""

    def __new__(
        cls,
        *,
        cleaner: Cleaner | None = None,
        boilerplate: bool = True,
        boilerplate_min_documents: int = 3,
        boilerplate_min_documents_varying: int = 5,
        boilerplate_min_share: float = 0.05,
        article_dedup: bool = True,
        article_jaccard: float = 0.7,
        article_containment: float = 0.85,
        article_simhash_distance: int = 3,
    ) -> CorpusCleaner: ...
    @property
    def boilerplate(self) -> bool: ...
    @property
    def article_dedup(self) -> bool: ...
    @property
    def article_simhash_distance(self) -> int: ...
    def clean_corpus(
        self, articles: Iterable[ArticleInput], threads: int | None = None
    ) -> list[CorpusArticle]:
        """Both corpus stages in this process, in input order."""
    def sketch(
        self,
        text: str,
        title: str | None = None,
        source: str | None = None,
        *,
        signed: bool = False,
    ) -> Sketch:
        """Step 1: the hashes the boilerplate stage needs."""
    def sketch_batch(
        self,
        articles: Iterable[ArticleInput],
        threads: int | None = None,
        *,
        signed: bool = False,
    ) -> list[Sketch]:
        """Step 1 over many articles, in parallel."""
    def boilerplate_threshold(self, source_documents: int, template: int = 0) -> int:
        """Distinct articles of a source a template must be found in (more
        for a template of lines that vary: lowest bit of its hash set)."""
    def body(
        self,
        text: str,
        title: str | None = None,
        source: str | None = None,
        boilerplate: Sequence[int] | None = None,
        *,
        signed: bool = False,
    ) -> Body:
        """The body without the given boilerplate paragraphs."""
    def apply_boilerplate(
        self, text: str, title: str | None = None, boilerplate: Sequence[int] | None = None
    ) -> CleanedArticle:
        """The cleaned article with these paragraphs removed as
        boilerplate."""
    def finish(
        self,
        text: str,
        title: str | None = None,
        source: str | None = None,
        boilerplate: Sequence[int] | None = None,
        *,
        signed: bool = False,
    ) -> tuple[CleanedArticle, Body]:
        """Step 3: ``apply_boilerplate`` and ``body`` from one cleaning."""
    def finish_batch(
        self,
        articles: Iterable[ArticleInput],
        boilerplate: Sequence[Sequence[int] | None] | None = None,
        threads: int | None = None,
        *,
        signed: bool = False,
    ) -> list[tuple[CleanedArticle, Body]]:
        """Step 3 over many articles, in parallel."""
    def verify_shingles(
        self, earlier: Iterable[int], later: Iterable[int], *, signed: bool = False
    ) -> float | None:
        """The Jaccard similarity when ``later`` repeats ``earlier``, else
        ``None``."""
    def candidate_pairs(
        self, articles: Iterable[ArticleInput], threads: int | None = None
    ) -> list[tuple[int, int]]:
        """The candidate pairs ``clean_corpus`` verifies, sorted."""
