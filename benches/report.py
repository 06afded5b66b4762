#!/usr/bin/env python3
"""The performance table: criterion's results side by side, with ratios.

Run after `cargo bench` (which leaves its estimates in target/criterion/):

    cargo bench && python3 benches/report.py --pipeline

Without options it reads the criterion estimates and prints, per group and
input, each function's mean throughput and each naqi function's ratio to the
baselines measured in the same run. `--pipeline` also times, in this run,
the `clean_corpus` example on the shared corpus (one thread, JSON in and
out, best of 3) beside `../shared/eval/reference_cleaner.py --mode near`
and beside `clean_batch` on one thread. Standard library only.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRITERION = ROOT / "target" / "criterion"
SHARED = ROOT.parent / "shared"

# (group, naqi function, baseline function): the ratios the table reports.
# Any input (criterion's "value") that both functions have is compared.
RATIOS = [
    ("normalize", "naqi-both-tiers-one-pass", "arabic-normalize-search"),
    ("normalize", "naqi-both-tiers", "arabic-normalize-search"),
    ("normalize", "naqi-display", "arabic-normalize-search"),
    ("normalize", "naqi-matching", "arabic-normalize-search"),
    ("fingerprint", "naqi-key+exact+simhash", "simhash-crate-whitespace"),
    ("fingerprint", "naqi-key+exact+simhash", "gaoya-char-4grams"),
    ("fingerprint", "naqi-key+exact+simhash", "gaoya-whitespace"),
    ("segment", "naqi-line", "std-lines-trim"),
    ("clean", "naqi-clean_article", "assembled-alternative"),
    ("clean", "naqi-clean_batch-2-threads", "naqi-clean_batch-1-threads"),
    # Below 1: the share of time JSON handling adds (parse, render).
    ("clean_corpus", "naqi-jsonl-1-threads", "naqi-clean_batch-1-threads"),
    ("index", "query", "brute-force-scan"),
]


def load():
    """{(group, function, value): (mean seconds, throughput dict)}."""
    out = {}
    if not CRITERION.is_dir():
        return out
    for bench in CRITERION.glob("**/new/benchmark.json"):
        meta = json.loads(bench.read_text())
        est = json.loads((bench.parent / "estimates.json").read_text())
        seconds = est["mean"]["point_estimate"] / 1e9
        key = (meta["group_id"], meta["function_id"], meta.get("value_str") or "")
        out[key] = (seconds, meta.get("throughput") or {})
    return out


def rate(seconds, throughput):
    if "Bytes" in throughput:
        return throughput["Bytes"] / seconds / 1e6, "MB/s"
    if "Elements" in throughput:
        return throughput["Elements"] / seconds, "/s"
    return 1 / seconds, "iter/s"


def fmt_rate(value, unit):
    if unit == "/s":
        return f"{value:,.0f} /s"
    return f"{value:,.1f} {unit}"


def criterion_table(results):
    print("| group | function | input | throughput |")
    print("|---|---|---|---|")
    for (group, function, value), (seconds, tp) in sorted(results.items()):
        print(f"| {group} | {function} | {value} | {fmt_rate(*rate(seconds, tp))} |")
    print()
    print("| group | input | naqi | baseline | ratio |")
    print("|---|---|---|---|---|")
    for group, ours, theirs in RATIOS:
        values = sorted(
            v for (g, f, v) in results if g == group and f == ours and (g, theirs, v) in results
        )
        for value in values:
            a = results[(group, ours, value)][0]
            b = results[(group, theirs, value)][0]
            print(f"| {group} | {value} | {ours} | {theirs} | {b / a:.2f}x |")
    print()


def best_of(n, argv, **kw):
    best = None
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(argv, check=True, **kw)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def pipeline(results):
    corpus_files = sorted((SHARED / "corpus").glob("*.jsonl"))
    reference = SHARED / "eval" / "reference_cleaner.py"
    if not corpus_files or not reference.is_file():
        print(f"pipeline skipped: {SHARED}/corpus or {reference} is absent")
        return
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--example", "clean_corpus"],
        cwd=ROOT,
        check=True,
    )
    tool = ROOT / "target" / "release" / "examples" / "clean_corpus"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        whole = tmp / "corpus.jsonl"
        with whole.open("wb") as w:
            for f in corpus_files:
                w.write(f.read_bytes())
        size = whole.stat().st_size
        out = tmp / "out.jsonl"
        quiet = {"stderr": subprocess.DEVNULL, "stdout": subprocess.DEVNULL}

        def naqi(path, *extra):
            argv = [tool, "--threads", "1", "--input", path, "--output", out, *extra]
            return best_of(3, argv, **quiet)

        ref = best_of(
            1,
            [sys.executable, reference, "--mode", "near", "--input", whole, "--output", out],
            **quiet,
        )
        plain = naqi(whole)
        stages = naqi(whole, "--boilerplate", "--article-dedup", "mark")
        print(f"Whole corpus ({len(corpus_files)} files, {size / 1e6:.1f} MB of JSON Lines), one thread, wall time:")
        print()
        print("| program | seconds | MB/s | ratio to reference_cleaner.py --mode near |")
        print("|---|---|---|---|")
        for name, t in [
            ("reference_cleaner.py --mode near", ref),
            ("clean_corpus", plain),
            ("clean_corpus --boilerplate --article-dedup mark", stages),
        ]:
            print(f"| {name} | {t:.2f} | {size / t / 1e6:.1f} | {ref / t:.1f}x |")
        print()

        # clean_corpus against clean_batch on the same articles (with their
        # titles and sources, as clean_corpus passes them): the bench group
        # clean_corpus times clean_batch on saudinewsnet.jsonl.
        batch = results.get(("clean_corpus", "naqi-clean_batch-1-threads", "saudinewsnet"))
        in_process = results.get(("clean_corpus", "naqi-jsonl-1-threads", "saudinewsnet"))
        snn = SHARED / "corpus" / "saudinewsnet.jsonl"
        if batch and snn.is_file():
            t = naqi(snn)
            print(
                f"saudinewsnet.jsonl, one thread: clean_corpus {t:.3f} s (whole process: "
                f"start, reading, JSON in and out, writing), clean_batch {batch[0]:.3f} s "
                f"(criterion mean): clean_corpus takes {t / batch[0]:.2f}x clean_batch's time"
            )
            if in_process:
                print(
                    f"in process (parse, clean, render each line; no I/O): {in_process[0]:.3f} s, "
                    f"{in_process[0] / batch[0]:.2f}x clean_batch's time"
                )
        else:
            print("clean_corpus vs clean_batch skipped: run `cargo bench --bench clean` first")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pipeline", action="store_true", help="also time clean_corpus and the reference")
    args = ap.parse_args()
    results = load()
    if not results:
        print(f"no criterion results in {CRITERION}: run `cargo bench` first")
    else:
        criterion_table(results)
    if args.pipeline:
        pipeline(results)
    print(f"machine: {os.cpu_count()} logical CPUs; {cpu_model()}")


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "CPU model unknown"


if __name__ == "__main__":
    main()
