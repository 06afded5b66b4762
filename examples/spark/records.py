"""The JSON Lines record format of ``clean_corpus``, in Python.

Shared by the Spark job (``dedup_corpus.py``) and the single-process
reference (``clean_corpus_local.py``), so that both read and write records
the same way:

- A line that holds a JSON object with a string ``text`` is a record. The
  text is the first ``text`` field whose value is a string; the title is
  the first ``title`` field whose value is a string, with each lone
  surrogate (not Unicode text) read as U+FFFD; the source and the id are
  the first fields of those names whose values are strings that are
  Unicode text.
- Blank lines (ASCII white space only) are skipped; every other line is a
  reject: not JSON, not an object, no string text, a text or a field name
  that is not Unicode text, NaN or Infinity literals, or a line over the
  size limit.
- The output record is the input object with its fields in order, the text
  replaced by the cleaned text, other ``text`` fields and any ``removed``,
  ``no_content`` and (when marking duplicates) ``duplicate_of`` fields left
  out, then ``removed``, ``no_content: true`` for an article with no content
  left and ``duplicate_of`` for a duplicate article.

Field values other than the text are written back by Python's ``json``
module: the same values, not always the same bytes.
"""

import json

BLANK = "blank"
REJECT = "reject"
RECORD = "record"

#: The longest accepted line, in UTF-8 bytes without its newline (the
#: Rust tool's ``--max-line-bytes`` default).
MAX_LINE_BYTES = 16 * 1024 * 1024

_ASCII_WHITE_SPACE = " \t\n\r\x0c"


class _Object(dict):
    """A decoded JSON object that also keeps its fields in order with their
    duplicates (``pairs``)."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.pairs = pairs


def _no_constants(name):
    raise ValueError(f"{name} is not JSON")


_DECODER = json.JSONDecoder(object_pairs_hook=_Object, parse_constant=_no_constants)


def is_text(s):
    """``True`` when ``s`` has a UTF-8 form (no lone surrogate)."""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Record:
    """A parsed record: its fields in order and the values naqi needs."""

    __slots__ = ("pairs", "text_field", "text", "title", "source", "id")

    def __init__(self, pairs, text_field):
        self.pairs = pairs
        self.text_field = text_field
        self.text = pairs[text_field][1]
        self.title = _first_string_lossy(pairs, "title")
        self.source = _first_string(pairs, "source")
        self.id = _first_string(pairs, "id")

    def article(self):
        """``(text, title, source)`` for naqi."""
        return (self.text, self.title, self.source)

    def id_json(self):
        """The record's id as JSON (``null`` without a string id): what a
        duplicate of it gets as ``duplicate_of``."""
        return json.dumps(self.id, ensure_ascii=False)


def _first_string(pairs, name):
    for key, value in pairs:
        if key == name and isinstance(value, str) and is_text(value):
            return value
    return None


def _first_string_lossy(pairs, name):
    """The first string field ``name``, each lone surrogate read as U+FFFD
    (the title is only compared)."""
    for key, value in pairs:
        if key == name and isinstance(value, str):
            if is_text(value):
                return value
            return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
    return None


def parse_line(line, first_line=False, max_line_bytes=MAX_LINE_BYTES):
    """``(RECORD, Record)``, ``(BLANK, None)`` or ``(REJECT, reason)`` for
    one line without its ``\\n``. ``first_line``: a byte order mark at its
    start is not part of it."""
    if first_line and line.startswith("\ufeff"):
        line = line[1:]
    if not line.strip(_ASCII_WHITE_SPACE):
        return BLANK, None
    if len(line) > max_line_bytes // 4 and len(line.encode("utf-8", "surrogatepass")) > max_line_bytes:
        return REJECT, f"longer than {max_line_bytes} bytes"
    try:
        value = _DECODER.decode(line)
    except ValueError as e:
        return REJECT, f"not JSON: {e}"
    if not isinstance(value, _Object):
        return REJECT, "not a JSON object"
    pairs = value.pairs
    for key, _ in pairs:
        if not is_text(key):
            return REJECT, "a field name has a lone surrogate"
    for n, (key, v) in enumerate(pairs):
        if key == "text" and isinstance(v, str):
            if not is_text(v):
                return REJECT, '"text" does not decode: lone surrogate'
            return RECORD, Record(pairs, n)
    if any(key == "text" for key, _ in pairs):
        return REJECT, '"text" is not a string'
    return REJECT, 'no "text" field'


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render(record, cleaned, mark_duplicates=False):
    """The output line of a record (without ``\\n``), given its
    ``naqi.CleanedArticle``; ``duplicate_of`` is added by
    ``add_duplicate_of``. Ends with ``}``."""
    dropped = {"text", "removed", "no_content"}
    if mark_duplicates:
        dropped.add("duplicate_of")
    fields = []
    for n, (key, value) in enumerate(record.pairs):
        if n == record.text_field:
            fields.append((key, cleaned.text))
        elif key not in dropped:
            fields.append((key, value))
    fields.append(("removed", [r.to_dict() for r in cleaned.removals]))
    if cleaned.is_empty:
        fields.append(("no_content", True))
    out = "{" + ",".join(_dumps(k) + ":" + _dumps(v) for k, v in fields) + "}"
    if not is_text(out):
        # A lone surrogate escape in some other field: keep it escaped.
        out = "{" + ",".join(json.dumps(k) + ":" + json.dumps(v) for k, v in fields) + "}"
    return out


def add_duplicate_of(out, id_json):
    """A rendered record with ``"duplicate_of": <id_json>`` added last."""
    return out[:-1] + ',"duplicate_of":' + id_json + "}"
