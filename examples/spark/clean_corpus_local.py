#!/usr/bin/env python3
"""The corpus stages in one process, as the reference for the Spark job.

    python clean_corpus_local.py --input IN.jsonl --output OUT.jsonl \\
        [--boilerplate] [--article-dedup mark] [--threads N]

Reads every record (see ``records.py``), runs
``naqi.CorpusCleaner.clean_corpus`` over all of them at once and writes one
output record per input record, in input order: the output the Rust
``clean_corpus`` example writes with the same options. Needs every article
in memory; ``dedup_corpus.py`` is the same computation spread over a Spark
cluster.
"""

import argparse
import sys
import time

import naqi
import records


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--input", required=True, help="JSON Lines to clean")
    p.add_argument("--output", required=True, help="cleaned JSON Lines")
    p.add_argument("--boilerplate", action="store_true", help="remove per-source boilerplate")
    p.add_argument(
        "--article-dedup", choices=["mark"], help="mark near-duplicate articles (duplicate_of)"
    )
    p.add_argument("--threads", type=int, default=None, help="threads (default: one per core)")
    args = p.parse_args(argv)
    started = time.monotonic()
    mark = args.article_dedup == "mark"

    parsed = []
    blank = rejects = 0
    with open(args.input, "rb") as f:
        for number, raw in enumerate(f, 1):
            raw = raw[:-1] if raw.endswith(b"\n") else raw
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                kind, value = records.REJECT, "not UTF-8"
            else:
                kind, value = records.parse_line(line, first_line=number == 1)
            if kind == records.RECORD:
                parsed.append(value)
            elif kind == records.BLANK:
                blank += 1
            else:
                rejects += 1
                print(f"line {number}: rejected: {value}", file=sys.stderr)

    cc = naqi.CorpusCleaner(boilerplate=args.boilerplate, article_dedup=mark)
    result = cc.clean_corpus([r.article() for r in parsed], threads=args.threads)
    duplicates = 0
    with open(args.output, "w", encoding="utf-8", newline="\n") as out:
        for record, article in zip(parsed, result):
            line = records.render(record, article.cleaned, mark)
            if mark and article.duplicate_of is not None:
                line = records.add_duplicate_of(line, parsed[article.duplicate_of].id_json())
                duplicates += 1
            out.write(line + "\n")
    print(
        f"clean_corpus_local: records {len(parsed)}, blank lines {blank}, rejects {rejects}, "
        f"duplicate articles {duplicates}, {time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )
    return 1 if rejects else 0


if __name__ == "__main__":
    sys.exit(main())
