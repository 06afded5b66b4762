#!/usr/bin/env python3
"""Compares two cleaned JSON Lines files record by record, as parsed JSON.

    python compare.py OUT_A OUT_B [--show N]

Record n of one file is compared with record n of the other (blank lines
are skipped); key order and number formatting do not matter, values do.
Prints each difference (the record's number and id, and for each field
that differs both values, shortened), then a summary. Exit status: 0 when
the files hold the same records, 1 when they differ, 2 when a file cannot
be read or a line is not JSON.
"""

import argparse
import json
import sys


def read(path):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except ValueError as e:
                    raise SystemExit(f"compare: {path}:{number}: not JSON: {e}") from None


def short(value, limit=160):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("a", help="first output file")
    p.add_argument("b", help="second output file")
    p.add_argument("--show", type=int, default=20, help="differences to print (default: 20)")
    args = p.parse_args(argv)
    try:
        a_records = list(read(args.a))
        b_records = list(read(args.b))
    except OSError as e:
        print(f"compare: {e}", file=sys.stderr)
        return 2
    differing = 0
    fields = {}
    for n, (a, b) in enumerate(zip(a_records, b_records), 1):
        if a == b:
            continue
        differing += 1
        keys = sorted(set(a) | set(b)) if isinstance(a, dict) and isinstance(b, dict) else [None]
        changed = [k for k in keys if k is None or a.get(k, "<absent>") != b.get(k, "<absent>")]
        for k in changed:
            fields[k] = fields.get(k, 0) + 1
        if differing <= args.show:
            rid = a.get("id") if isinstance(a, dict) else None
            print(f"record {n} (id {rid!r}):")
            for k in changed:
                if k is None:
                    print(f"  A: {short(a)}\n  B: {short(b)}")
                else:
                    print(f"  {k}:\n    A: {short(a.get(k, '<absent>'))}\n    B: {short(b.get(k, '<absent>'))}")
    print(
        f"compare: {len(a_records)} records in {args.a}, {len(b_records)} in {args.b}; "
        f"{differing} of the first {min(len(a_records), len(b_records))} differ"
        + (f" (fields: {fields})" if fields else "")
    )
    if len(a_records) != len(b_records):
        print("compare: the files hold different numbers of records")
        return 1
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
