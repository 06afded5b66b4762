#!/usr/bin/env bash
# CI of the Python bindings, run from anywhere (it works from the repository
# root):
#
# 1. builds and installs `python/` into a fresh virtual environment
#    (`pip install ./python pytest`, maturin as the build backend);
# 2. runs the pytest suite in `python/tests/`;
# 3. when Java and PySpark are available (PySpark, PyArrow and pandas are
#    installed from PyPI into the same environment), runs the Spark example
#    in local mode and compares its output, as parsed JSON, with the
#    single-process reference `examples/spark/clean_corpus_local.py`: on the
#    test cases, and on the shared corpus when `../shared/corpus/` is there;
#    the Rust `clean_corpus` example's output is compared too. Otherwise it
#    says why the Spark check is skipped.
#
# Environment: PYTHON (default python3), NAQI_SKIP_SPARK=1 to skip step 3.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

export PIP_DISABLE_PIP_VERSION_CHECK=1
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=${PYTHON:-python3}

echo "== python: venv and pip install ./python pytest"
"$python" -m venv "$work/venv"
bin=$work/venv/bin
"$bin/pip" install --quiet ./python pytest

echo "== python: pytest"
"$bin/pytest" python/tests

echo "== python: spark"
spark_skip=""
if [ "${NAQI_SKIP_SPARK:-}" = 1 ]; then
    spark_skip="NAQI_SKIP_SPARK=1"
elif ! command -v java > /dev/null 2>&1; then
    spark_skip="no java on PATH (PySpark needs Java 17 or later)"
elif ! "$bin/pip" install --quiet pyspark pyarrow "pandas<3" > "$work/pip-spark.log" 2>&1; then
    spark_skip="pyspark could not be installed from PyPI: $(tail -n 1 "$work/pip-spark.log")"
fi
if [ -n "$spark_skip" ]; then
    echo "spark check skipped: $spark_skip"
    exit 0
fi

spark=$root/examples/spark
options=(--boilerplate --article-dedup mark)

seconds_since() {
    awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}

# Runs the single-process reference and the Spark job on $1 and compares
# their outputs; with the Rust example's corpus stages, its output too.
check() {
    local input=$1 name=$2 start
    start=$EPOCHREALTIME
    "$bin/python" "$spark/clean_corpus_local.py" --input "$input" \
        --output "$work/$name.local.jsonl" "${options[@]}" 2> "$work/$name.local.log" || true
    tail -n 1 "$work/$name.local.log"
    echo "reference: $(seconds_since "$start") s"
    start=$EPOCHREALTIME
    "$bin/python" "$spark/dedup_corpus.py" --input "$input" \
        --output "$work/$name.spark.jsonl" "${options[@]}" 2> "$work/$name.spark.log" || true
    if ! grep '^dedup_corpus:' "$work/$name.spark.log"; then
        tail -n 40 "$work/$name.spark.log"
        echo "spark job failed on $name"
        return 1
    fi
    echo "spark: $(seconds_since "$start") s"
    "$bin/python" "$spark/compare.py" "$work/$name.local.jsonl" "$work/$name.spark.jsonl"
    "$rust_tool" --input "$input" --output "$work/$name.rust.jsonl" "${options[@]}" \
        --allow-rejects 2> "$work/$name.rust.log"
    "$bin/python" "$spark/compare.py" "$work/$name.rust.jsonl" "$work/$name.spark.jsonl"
}

cargo build --quiet --release --example clean_corpus
rust_tool=$root/target/release/examples/clean_corpus

# The test cases, with a blank line and lines that are not records.
cases=$work/cases.jsonl
{
    cat tests/data/cases/batch_*.jsonl
    printf '\nnot json\n{"text": 5}\n[1]\n'
    sed 's/"id": "/"id": "again-/' tests/data/cases/batch_wire.jsonl
} > "$cases"
check "$cases" cases

if compgen -G "../shared/corpus/*.jsonl" > /dev/null; then
    cat ../shared/corpus/*.jsonl > "$work/corpus.jsonl"
    check "$work/corpus.jsonl" corpus
else
    echo "no ../shared/corpus: the Spark check ran on the test cases only"
fi
echo "spark check passed"
