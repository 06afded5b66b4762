#!/usr/bin/env python3
"""Cleans a JSON Lines corpus on Spark: naqi per article, then per-source
boilerplate and near-duplicate articles across the whole dataset.

    python dedup_corpus.py --input IN.jsonl --output OUT.jsonl \\
        [--master local[2]] [--boilerplate] [--article-dedup mark] \\
        [--threads-per-task N]

The output is the one the Rust ``clean_corpus`` example (and
``clean_corpus_local.py``) writes with the same options: one record per
input record, in input order (see ``records.py`` and README.md).

The per-article work runs in ``mapInArrow`` with one ``naqi.CorpusCleaner``
per partition; the corpus-wide decisions go through Spark's own shuffles,
and only hashes move between machines:

1. sketch: each line is parsed and its article sketched (source hash, body
   hash, per kept paragraph its index and boilerplate template hashes);
2. boilerplate (``--boilerplate``): per (source, body hash) the earliest
   article; per (source, template) the number of such articles having it
   (once per article); templates at or over the source's threshold are
   boilerplate, and every paragraph of the source having one is marked;
3. finish: each article is cleaned again with its boilerplate paragraphs,
   rendered as its output record, and its body computed (exact hash,
   SimHash, 24 LSH band keys, word 5-shingle hashes);
4. near-duplicates (``--article-dedup mark``): candidate pairs from buckets
   of equal exact hash or band key (each member paired with the first 64
   earlier members of its bucket) and from SimHashes within
   ``article_simhash_distance`` bits (cut into distance + 1 blocks: a pair
   that close agrees on one block; grouped by block, then checked), joined
   with both shingle sets and verified; the verified pairs (three numbers
   each) go to the driver for the greedy pass in input order;
5. output: the duplicates' kept-article ids joined in, records sorted by
   input position and streamed to the driver one partition at a time.

Input positions are the lines' byte offsets in the input file.
"""

import argparse
import os
import sys
import time

import naqi
import pyarrow as pa
from pyspark import StorageLevel
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

import records

HERE = os.path.dirname(os.path.abspath(__file__))

KIND_RECORD, KIND_BLANK, KIND_REJECT = 0, 1, 2

SKETCH_SCHEMA = pa.schema(
    [
        ("pos", pa.int64()),
        ("kind", pa.int8()),
        ("line", pa.string()),
        ("source_hash", pa.int64()),
        ("body_hash", pa.int64()),
        (
            "paragraphs",
            pa.list_(pa.struct([("index", pa.int32()), ("templates", pa.list_(pa.int64()))])),
        ),
    ]
)
SKETCH_DDL = (
    "pos long, kind byte, line string, source_hash long, body_hash long, "
    "paragraphs array<struct<index: int, templates: array<long>>>"
)

FINISH_SCHEMA = pa.schema(
    [
        ("pos", pa.int64()),
        ("out", pa.string()),
        ("id_json", pa.string()),
        ("is_empty", pa.bool_()),
        ("exact_hash", pa.int64()),
        ("simhash", pa.int64()),
        ("band_keys", pa.list_(pa.int64())),
        ("shingles", pa.list_(pa.int64())),
    ]
)
FINISH_DDL = (
    "pos long, out string, id_json string, is_empty boolean, exact_hash long, "
    "simhash long, band_keys array<long>, shingles array<long>"
)

VERIFY_SCHEMA = pa.schema([("i", pa.int64()), ("j", pa.int64()), ("similarity", pa.float64())])
VERIFY_DDL = "i long, j long, similarity double"


def corpus_cleaner(options):
    """The per-partition corpus cleaner (hashes are exchanged as signed
    int64 columns: ``signed=True`` in every call)."""
    return naqi.CorpusCleaner(
        boilerplate=options["boilerplate"], article_dedup=options["article_dedup"]
    )


def sketch_partition(options):
    """Step 1: parse each line and sketch its article."""

    def run(batches):
        cc = corpus_cleaner(options)
        for batch in batches:
            positions = batch.column("pos").to_pylist()
            lines = batch.column("line").to_pylist()
            kinds, kept_lines, parsed = [], [], []
            for pos, line in zip(positions, lines):
                kind, value = records.parse_line(
                    line, first_line=pos == 0, max_line_bytes=options["max_line_bytes"]
                )
                if kind == records.RECORD:
                    kinds.append(KIND_RECORD)
                    kept_lines.append(line)
                    parsed.append(value)
                else:
                    kinds.append(KIND_BLANK if kind == records.BLANK else KIND_REJECT)
                    kept_lines.append(None)
            sketches = iter(
                cc.sketch_batch(
                    [r.article() for r in parsed], threads=options["threads"], signed=True
                )
            )
            source_hash, body_hash, paragraphs = [], [], []
            for kind in kinds:
                if kind == KIND_RECORD:
                    s = next(sketches)
                    source_hash.append(s["source_hash"])
                    body_hash.append(s["body_hash"])
                    paragraphs.append(
                        [{"index": i, "templates": t} for i, t in s["paragraphs"]]
                    )
                else:
                    source_hash.append(None)
                    body_hash.append(None)
                    paragraphs.append(None)
            yield pa.RecordBatch.from_pydict(
                {
                    "pos": positions,
                    "kind": kinds,
                    "line": kept_lines,
                    "source_hash": source_hash,
                    "body_hash": body_hash,
                    "paragraphs": paragraphs,
                },
                schema=SKETCH_SCHEMA,
            )

    return run


def finish_partition(options):
    """Step 3: clean each record with its boilerplate paragraphs, render its
    output record and compute its body."""

    def run(batches):
        cc = corpus_cleaner(options)
        mark = options["article_dedup"]
        for batch in batches:
            positions = batch.column("pos").to_pylist()
            parsed = [
                records.parse_line(line, first_line=pos == 0, max_line_bytes=options["max_line_bytes"])[1]
                for pos, line in zip(positions, batch.column("line").to_pylist())
            ]
            boilerplate = batch.column("boilerplate").to_pylist()
            done = cc.finish_batch(
                [r.article() for r in parsed], boilerplate, threads=options["threads"], signed=True
            )
            columns = {name: [] for name in FINISH_SCHEMA.names}
            columns["pos"] = positions
            for record, (cleaned, body) in zip(parsed, done):
                columns["out"].append(records.render(record, cleaned, mark))
                columns["id_json"].append(record.id_json())
                for name in ("is_empty", "exact_hash", "simhash", "band_keys", "shingles"):
                    columns[name].append(body[name])
            yield pa.RecordBatch.from_pydict(columns, schema=FINISH_SCHEMA)

    return run


def verify_partition(options):
    """Step 4: verify candidate pairs on their shingle sets."""

    def run(batches):
        cc = corpus_cleaner(options)
        for batch in batches:
            out = {"i": [], "j": [], "similarity": []}
            for i, j, a, b in zip(
                batch.column("i").to_pylist(),
                batch.column("j").to_pylist(),
                batch.column("si").to_pylist(),
                batch.column("sj").to_pylist(),
            ):
                s = cc.verify_shingles(a, b, signed=True)
                if s is not None:
                    out["i"].append(i)
                    out["j"].append(j)
                    out["similarity"].append(s)
            yield pa.RecordBatch.from_pydict(out, schema=VERIFY_SCHEMA)

    return run


def boilerplate_marks(spark, sketched, cc):
    """Step 2: ``(pos, boilerplate)``: the sorted boilerplate paragraph
    indices of each article that has any; and the number of templates."""
    with_source = sketched.where(F.col("source_hash").isNotNull()).select(
        "pos", "source_hash", "body_hash", "paragraphs"
    )
    # Articles with the same body count once: the earliest stands for them.
    reps = with_source.groupBy("source_hash", "body_hash").agg(F.min("pos").alias("pos"))
    documents = reps.groupBy("source_hash").count().collect()
    # Templates of lines that vary (lowest hash bit set) need more articles.
    thresholds = spark.createDataFrame(
        [
            (r["source_hash"], cc.boilerplate_threshold(r["count"], 0),
             cc.boilerplate_threshold(r["count"], 1))
            for r in documents
        ],
        "source_hash long, threshold_same long, threshold_varying long",
    )
    # Each representative counts once per template.
    templates = (
        reps.join(with_source.select("pos", "paragraphs"), "pos")
        .select(
            "source_hash",
            F.explode(F.array_distinct(F.flatten(F.col("paragraphs.templates")))).alias(
                "template"
            ),
        )
        .groupBy("source_hash", "template")
        .count()
        .join(F.broadcast(thresholds), "source_hash")
        .where(
            F.col("count")
            >= F.when(F.col("template").bitwiseAND(1) == 1, F.col("threshold_varying"))
            .otherwise(F.col("threshold_same"))
        )
        .select("source_hash", "template")
    ).persist(StorageLevel.MEMORY_AND_DISK)
    marks = (
        with_source.select("pos", "source_hash", F.explode("paragraphs").alias("p"))
        .select("pos", "source_hash", F.col("p.index").alias("index"),
                F.explode("p.templates").alias("template"))
        .join(templates, ["source_hash", "template"])
        .groupBy("pos")
        .agg(F.array_sort(F.collect_set("index")).alias("boilerplate"))
    )
    return marks, templates


def candidate_pairs(bodies, distance):
    """Step 4: candidate pairs ``(i, j)``, ``i < j``, as ``clean_corpus``
    finds them."""
    buckets = bodies.select("pos", F.lit(-1).alias("band"), F.col("exact_hash").alias("key")).union(
        bodies.select("pos", F.posexplode("band_keys").alias("band", "key"))
    )
    ranked = buckets.withColumn(
        "rank", F.row_number().over(Window.partitionBy("band", "key").orderBy("pos"))
    )
    heads = ranked.where(F.col("rank") <= naqi.BUCKET_PAIRS).select(
        "band", "key", F.col("pos").alias("i"), F.col("rank").alias("head_rank")
    )
    from_buckets = (
        ranked.join(heads, ["band", "key"])
        .where(F.col("head_rank") < F.col("rank"))
        .select("i", F.col("pos").alias("j"))
    )
    # Pigeonhole: distance + 1 blocks; a pair within `distance` bits agrees
    # on at least one of them.
    blocks = distance + 1
    edges = [64 * b // blocks for b in range(blocks + 1)]
    def block(k):
        width = edges[k + 1] - edges[k]
        shifted = F.shiftrightunsigned("simhash", edges[k])
        return shifted if width == 64 else shifted.bitwiseAND(F.lit((1 << width) - 1))

    block_values = F.array(
        *[F.struct(F.lit(k).alias("block"), block(k).alias("value")) for k in range(blocks)]
    )
    keyed = bodies.select("pos", "simhash", F.explode(block_values).alias("b")).select(
        "pos", "simhash", "b.block", "b.value"
    )
    a, b = keyed.alias("a"), keyed.alias("b")
    from_simhash = (
        a.join(
            b,
            (F.col("a.block") == F.col("b.block"))
            & (F.col("a.value") == F.col("b.value"))
            & (F.col("a.pos") < F.col("b.pos")),
        )
        .where(F.expr("bit_count(a.simhash ^ b.simhash)") <= distance)
        .select(F.col("a.pos").alias("i"), F.col("b.pos").alias("j"))
    )
    return from_buckets.union(from_simhash).distinct()


def greedy(verified):
    """The greedy pass over verified ``(i, j, similarity)`` rows, positions
    being byte offsets: renumbered densely in input order first."""
    positions = sorted({r[0] for r in verified} | {r[1] for r in verified})
    rank = {p: n for n, p in enumerate(positions)}
    decisions = naqi.greedy_duplicates(
        len(positions), [(rank[i], rank[j], s) for i, j, s in verified]
    )
    return [
        (positions[n], positions[d[0]]) for n, d in enumerate(decisions) if d is not None
    ]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--input", required=True, help="JSON Lines to clean (one file)")
    p.add_argument("--output", required=True, help="cleaned JSON Lines, written by the driver")
    p.add_argument("--master", default="local[2]", help="Spark master (default: local[2])")
    p.add_argument("--boilerplate", action="store_true", help="remove per-source boilerplate")
    p.add_argument(
        "--article-dedup", choices=["mark"], help="mark near-duplicate articles (duplicate_of)"
    )
    p.add_argument(
        "--threads-per-task",
        type=int,
        default=1,
        help="naqi threads per Spark task (default: 1; Spark runs tasks in parallel)",
    )
    p.add_argument(
        "--split-mb",
        type=int,
        default=8,
        help="largest input split in MiB: one task each (default: 8)",
    )
    p.add_argument(
        "--shuffle-partitions", type=int, default=8, help="partitions after a shuffle (default: 8)"
    )
    p.add_argument("--driver-memory", default="2g", help="driver JVM heap (default: 2g)")
    p.add_argument(
        "--max-line-bytes", type=int, default=records.MAX_LINE_BYTES, help="longest accepted line"
    )
    args = p.parse_args(argv)
    started = time.monotonic()
    options = {
        "boilerplate": args.boilerplate,
        "article_dedup": args.article_dedup == "mark",
        "threads": args.threads_per_task,
        "max_line_bytes": args.max_line_bytes,
    }
    cc = corpus_cleaner(options)

    # Python workers run the interpreter that runs this script (with naqi).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(args.master)
        .appName("naqi-dedup-corpus")
        .config("spark.driver.memory", args.driver_memory)
        .config("spark.sql.shuffle.partitions", str(args.shuffle_partitions))
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "2000")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    spark.sparkContext.addPyFile(os.path.join(HERE, "records.py"))

    # Lines end at "\n" only (a "\r" before it is JSON white space); keys
    # are byte offsets, so the input order survives every shuffle.
    lines = spark.sparkContext.newAPIHadoopFile(
        args.input,
        "org.apache.hadoop.mapreduce.lib.input.TextInputFormat",
        "org.apache.hadoop.io.LongWritable",
        "org.apache.hadoop.io.Text",
        conf={
            "textinputformat.record.delimiter": "\n",
            "mapreduce.input.fileinputformat.split.maxsize": str(args.split_mb << 20),
        },
    )
    lines = spark.createDataFrame(lines, "pos long, line string")

    timings = []
    mark_time = started

    def lap(stage):
        nonlocal mark_time
        now = time.monotonic()
        timings.append(f"{stage} {now - mark_time:.1f} s")
        mark_time = now

    lap("start-up")
    sketched = lines.mapInArrow(sketch_partition(options), SKETCH_DDL).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    counts = {r["kind"]: r["count"] for r in sketched.groupBy("kind").count().collect()}
    lap("sketch")
    recs = sketched.where(F.col("kind") == KIND_RECORD)

    template_count = 0
    if options["boilerplate"]:
        marks, templates = boilerplate_marks(spark, recs, cc)
        template_count = templates.count()
        lap("boilerplate")
        to_finish = recs.select("pos", "line").join(marks, "pos", "left")
    else:
        to_finish = recs.select("pos", "line", F.lit(None).cast("array<int>").alias("boilerplate"))
    finished = to_finish.mapInArrow(finish_partition(options), FINISH_DDL).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    finished.count()
    sketched.unpersist()
    lap("finish")

    output = finished.select("pos", "out")
    verified_count = duplicate_count = 0
    if options["article_dedup"]:
        bodies = finished.where(~F.col("is_empty")).select(
            "pos", "exact_hash", "simhash", "band_keys", "shingles"
        )
        pairs = candidate_pairs(bodies, cc.article_simhash_distance)
        shingles = bodies.select("pos", "shingles")
        joined = pairs.join(
            shingles.select(F.col("pos").alias("i"), F.col("shingles").alias("si")), "i"
        ).join(shingles.select(F.col("pos").alias("j"), F.col("shingles").alias("sj")), "j")
        verified = [
            (r["i"], r["j"], r["similarity"])
            for r in joined.select("i", "j", "si", "sj")
            .mapInArrow(verify_partition(options), VERIFY_DDL)
            .collect()
        ]
        verified_count = len(verified)
        lap("pairs")
        duplicates = greedy(verified)
        duplicate_count = len(duplicates)
        lap("greedy")
        if duplicates:
            dups = spark.createDataFrame(duplicates, "j long, i long")
            dup_ids = dups.join(
                finished.select(F.col("pos").alias("i"), "id_json"), "i"
            ).select(F.col("j").alias("pos"), F.col("id_json").alias("duplicate_of"))
            output = output.join(F.broadcast(dup_ids), "pos", "left").select(
                "pos",
                F.when(
                    F.col("duplicate_of").isNotNull(),
                    F.concat(
                        F.expr("substring(out, 1, length(out) - 1)"),
                        F.lit(',"duplicate_of":'),
                        F.col("duplicate_of"),
                        F.lit("}"),
                    ),
                )
                .otherwise(F.col("out"))
                .alias("out"),
            )

    written = 0
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for row in output.orderBy("pos").select("out").toLocalIterator():
            f.write(row["out"])
            f.write("\n")
            written += 1
    os.replace(tmp, args.output)
    lap("output")
    finished.unpersist()
    spark.stop()
    print(
        f"dedup_corpus: records {counts.get(KIND_RECORD, 0)}, blank lines "
        f"{counts.get(KIND_BLANK, 0)}, rejects {counts.get(KIND_REJECT, 0)}; boilerplate "
        f"templates {template_count}; verified pairs {verified_count}, duplicate articles "
        f"{duplicate_count}; written {written}; {time.monotonic() - started:.1f} s "
        f"({', '.join(timings)})",
        file=sys.stderr,
    )
    return 1 if counts.get(KIND_REJECT, 0) else 0


if __name__ == "__main__":
    sys.exit(main())
