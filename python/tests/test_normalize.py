"""Normalization vectors and fingerprints."""

import re

import pytest

import naqi
from conftest import DATA

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape(field):
    """Decodes the table's escapes: ``\\uXXXX`` and ``\\UXXXXXXXX``."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), field)


def tier_rows():
    lines = (DATA / "tiers.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["name", "input", "display", "matching", "source"]
    rows = []
    for line in lines[1:]:
        if not line:
            continue
        name, raw, display, matching, _source = line.split("\t")
        rows.append((name, unescape(raw), unescape(display), unescape(matching)))
    return rows


ROWS = tier_rows()


def test_the_table_is_all_there():
    assert len(ROWS) >= 100


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_tiers(row):
    _name, raw, display, matching = row
    assert naqi.normalize(raw) == display
    assert naqi.normalize(raw, preset="display") == display
    assert naqi.normalize(raw, "matching") == matching
    # Display is idempotent; matching of display equals matching.
    assert naqi.normalize(display) == display
    assert naqi.normalize(display, "matching") == matching


def test_unknown_preset():
    with pytest.raises(ValueError, match="preset"):
        naqi.normalize("نص", "nfkc")


def test_golden_fingerprints():
    lines = (DATA / "fingerprints.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["text", "key", "exact", "simhash"]
    for line in lines[1:]:
        text, key, exact, sim = line.split("\t")
        assert naqi.normalize(text, "matching") == key
        assert naqi.exact_hash(key) == int(exact, 16)
        assert naqi.simhash(key) == int(sim, 16)
    assert naqi.exact_hash("") == 0x11FB5615CA9B2438
    assert naqi.simhash("") == 0


def test_hamming_distance():
    assert naqi.hamming_distance(0, 2**64 - 1) == 64
    assert naqi.hamming_distance(0b1011, 0b0001) == 2
    assert naqi.hamming_distance(1 << 63, 1) == 2
    with pytest.raises(OverflowError):
        naqi.hamming_distance(-1, 0)
    with pytest.raises(OverflowError):
        naqi.hamming_distance(2**64, 0)


@pytest.mark.parametrize("value", [0, 1, 2**63 - 1, 2**63, 2**64 - 1, 0x11FB5615CA9B2438])
def test_signed_conversion_round_trips(value):
    signed = naqi.u64_to_i64(value)
    assert -(2**63) <= signed < 2**63
    assert naqi.i64_to_u64(signed) == value
    assert signed == value if value < 2**63 else signed == value - 2**64


def test_signed_conversion_range():
    with pytest.raises(ValueError):
        naqi.u64_to_i64(-1)
    with pytest.raises(ValueError):
        naqi.u64_to_i64(2**64)
    with pytest.raises(ValueError):
        naqi.i64_to_u64(2**63)
