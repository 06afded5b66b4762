"""The corpus stages: the batch cases, and the step-by-step API checked
against ``clean_corpus`` by running the steps as a cluster would, with
plain group-bys."""

import json
from collections import defaultdict

import pytest

import naqi
from conftest import DATA, article_of, read_jsonl

BATCHES = ["batch_promo", "batch_same_title", "batch_statement", "batch_wire"]


def corpus_cleaner(options):
    return naqi.CorpusCleaner(
        boilerplate="--boilerplate" in options,
        article_dedup="--article-dedup" in options,
    )


@pytest.mark.parametrize("name", BATCHES)
def test_batch_cases(name):
    records = read_jsonl(DATA / "cases" / f"{name}.jsonl")
    expected = json.loads((DATA / "cases" / f"{name}.expected.json").read_text(encoding="utf-8"))
    cc = corpus_cleaner(expected["options"])
    result = cc.clean_corpus([article_of(r) for r in records])
    assert len(result) == len(records)
    by_id = {r["id"]: i for i, r in enumerate(records)}
    for id_, want in expected.get("removed", {}).items():
        got = [r.index for r in result[by_id[id_]].cleaned.removals]
        assert got == want, f"{name}: paragraphs removed from {id_}"
    if "no_content" in expected:
        got = [r["id"] for r, a in zip(records, result) if a.cleaned.is_empty]
        assert got == expected["no_content"]
    if "duplicate_of" in expected:
        got = {
            r["id"]: records[a.duplicate_of]["id"]
            for r, a in zip(records, result)
            if a.duplicate_of is not None
        }
        assert got == expected["duplicate_of"]
    for id_ in expected.get("not_duplicates", []):
        assert result[by_id[id_]].duplicate_of is None
    for a in result:
        assert (a.duplicate_of is None) == (a.similarity is None)
        for r in a.cleaned.removals:
            if r.reason == "boilerplate":
                assert r.duplicate_of is None and r.similarity is None


def test_records_as_dicts_tuples_and_str():
    records = read_jsonl(DATA / "cases" / "batch_promo.jsonl")
    cc = naqi.CorpusCleaner()
    as_tuples = cc.clean_corpus([article_of(r) for r in records])
    as_dicts = cc.clean_corpus(
        [{"text": r["text"], "title": r.get("title"), "source": r.get("source")} for r in records]
    )
    for a, b in zip(as_tuples, as_dicts):
        assert a.cleaned == b.cleaned and a.duplicate_of == b.duplicate_of
    # Without sources there is no boilerplate.
    bare = cc.clean_corpus([r["text"] for r in records])
    assert all(r.reason != "boilerplate" for a in bare for r in a.cleaned.removals)


# ---------------------------------------------------------------------------
# The steps, run with plain group-bys (what the Spark job does with shuffles)


def simhash_pairs(bodies, distance):
    """Pairs (i, j), i < j, of non-empty bodies whose SimHashes are within
    ``distance`` bits: cut the 64 bits into ``distance + 1`` blocks; a pair
    that close agrees on at least one block (pigeonhole), so group by
    (block number, block value) and keep the pairs really within it."""
    blocks = distance + 1
    edges = [64 * b // blocks for b in range(blocks + 1)]
    groups = defaultdict(list)
    for i, b in bodies.items():
        for k in range(blocks):
            width = edges[k + 1] - edges[k]
            groups[(k, (b["simhash"] >> edges[k]) & ((1 << width) - 1))].append(i)
    pairs = set()
    for members in groups.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if naqi.hamming_distance(bodies[i]["simhash"], bodies[j]["simhash"]) <= distance:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def bucket_pairs(bodies):
    """Pairs from buckets of equal exact hash or equal band key: in input
    order, each member with the first ``BUCKET_PAIRS`` earlier members."""
    buckets = defaultdict(list)
    for i in sorted(bodies):
        b = bodies[i]
        buckets[("exact", b["exact_hash"])].append(i)
        for band, key in enumerate(b["band_keys"]):
            buckets[(band, key)].append(i)
    pairs = set()
    for members in buckets.values():
        for k, j in enumerate(members):
            for i in members[: min(k, naqi.BUCKET_PAIRS)]:
                pairs.add((i, j))
    return pairs


def run_steps(cc, articles):
    """``clean_corpus`` as separate steps over plain values."""
    sketches = cc.sketch_batch(articles)
    assert sketches == [cc.sketch(*a) for a in articles[:20]] + sketches[20:]
    boilerplate = [[] for _ in articles]
    if cc.boilerplate:
        # One representative per (source, body hash): the earliest.
        reps = {}
        for i, s in enumerate(sketches):
            if s["source_hash"] is not None:
                reps.setdefault((s["source_hash"], s["body_hash"]), i)
        documents = defaultdict(int)
        counts = defaultdict(int)
        for (source, _), i in reps.items():
            documents[source] += 1
            for t in {t for _, ts in sketches[i]["paragraphs"] for t in ts}:
                counts[(source, t)] += 1
        found = {
            key
            for key, n in counts.items()
            if n >= cc.boilerplate_threshold(documents[key[0]], key[1])
        }
        for i, s in enumerate(sketches):
            for index, ts in s["paragraphs"]:
                if any((s["source_hash"], t) in found for t in ts):
                    boilerplate[i].append(index)
    finished = cc.finish_batch(articles, boilerplate)
    duplicate_of = [None] * len(articles)
    pairs = set()
    if cc.article_dedup:
        bodies = {i: b for i, (_, b) in enumerate(finished) if not b["is_empty"]}
        pairs = bucket_pairs(bodies) | simhash_pairs(bodies, cc.article_simhash_distance)
        verified = []
        for i, j in sorted(pairs):
            s = cc.verify_shingles(bodies[i]["shingles"], bodies[j]["shingles"])
            if s is not None:
                verified.append((i, j, s))
        duplicate_of = naqi.greedy_duplicates(len(articles), verified)
    return [c for c, _ in finished], duplicate_of, sorted(pairs)


def all_batch_articles():
    articles = []
    for name in BATCHES:
        articles += [article_of(r) for r in read_jsonl(DATA / "cases" / f"{name}.jsonl")]
    return articles


@pytest.mark.parametrize("boilerplate", [True, False])
@pytest.mark.parametrize("article_dedup", [True, False])
def test_steps_equal_clean_corpus_on_cases(boilerplate, article_dedup):
    cc = naqi.CorpusCleaner(boilerplate=boilerplate, article_dedup=article_dedup)
    articles = all_batch_articles()
    # Twice over: every article has an exact copy later on.
    articles = articles + articles
    check_steps(cc, articles)


def test_steps_equal_clean_corpus_on_real_articles(corpus_sample):
    cc = naqi.CorpusCleaner()
    articles = [article_of(r) for r in corpus_sample] + all_batch_articles()
    check_steps(cc, articles)


def check_steps(cc, articles):
    whole = cc.clean_corpus(articles)
    cleaned, duplicate_of, pairs = run_steps(cc, articles)
    for i, (a, c, d) in enumerate(zip(whole, cleaned, duplicate_of)):
        assert a.cleaned == c, f"article {i}"
        assert (a.duplicate_of, a.similarity) == (d or (None, None)), f"article {i}"
    if cc.article_dedup:
        assert pairs == cc.candidate_pairs(articles)


def test_bucket_pairs_are_capped():
    # 100 copies of one article: one bucket; the k-th copy is paired with
    # the first min(k, BUCKET_PAIRS) ones only.
    text = "نص مقال طويل نسبيا عن موضوع واحد يتكرر في كل نسخة من النسخ المئة"
    cc = naqi.CorpusCleaner(boilerplate=False)
    pairs = cc.candidate_pairs([text] * 100)
    n = naqi.BUCKET_PAIRS
    assert n == 64
    # SimHash pairs add every pair (equal SimHashes are within any
    # distance), so all of them are candidates...
    assert len(pairs) == 100 * 99 // 2
    # ...but the buckets alone give the capped count.
    bodies = {i: cc.body(text) for i in range(100)}
    assert len(bucket_pairs(bodies)) == sum(min(k, n) for k in range(100))
    result = cc.clean_corpus([text] * 100)
    assert [a.duplicate_of for a in result] == [None] + [0] * 99


def test_body_and_sketch_values():
    cc = naqi.CorpusCleaner()
    text = "جملة أولى من خمس كلمات أو أكثر\nسطر قصير\nجملة ثالثة مختلفة تماما عن الأولى"
    body = cc.body(text)
    assert len(body["band_keys"]) == naqi.LSH_BANDS == 24
    assert body["shingles"] == sorted(set(body["shingles"]))
    assert not body["is_empty"]
    assert all(0 <= v < 2**64 for v in body["shingles"] + body["band_keys"])
    signed = cc.body(text, signed=True)
    assert signed["shingles"] == [naqi.u64_to_i64(v) for v in body["shingles"]]
    assert signed["simhash"] == naqi.u64_to_i64(body["simhash"])
    assert cc.verify_shingles(body["shingles"], body["shingles"]) == 1.0
    assert cc.verify_shingles(signed["shingles"], signed["shingles"], signed=True) == 1.0
    # Any order.
    assert cc.verify_shingles(body["shingles"][::-1], body["shingles"]) == 1.0
    assert cc.verify_shingles([], body["shingles"]) is None
    other = cc.body("نص آخر لا علاقة له بالنص الأول على الإطلاق هنا")
    assert cc.verify_shingles(body["shingles"], other["shingles"]) is None
    # Removing paragraph 0 as boilerplate changes the body.
    assert cc.body(text, boilerplate=[0]) != body
    assert cc.body(text, boilerplate=[0, 1, 2])["is_empty"]
    cleaned, fin = cc.finish(text, None, None, [1])
    assert fin == cc.body(text, boilerplate=[1]) != body
    assert [r.reason for r in cleaned.removals] == ["boilerplate"]
    assert cleaned == cc.apply_boilerplate(text, None, [1])
    sketch = cc.sketch(text, "عنوان", "site")
    assert [i for i, _ in sketch["paragraphs"]] == [0, 1, 2]
    assert sketch["source_hash"] is not None and cc.sketch(text)["source_hash"] is None
    assert cc.boilerplate_threshold(10) == 3
    assert cc.boilerplate_threshold(10, 1) == 5
    assert cc.boilerplate_threshold(1000) == 50
    assert cc.boilerplate_threshold(1000, -1) == 50


def test_greedy_duplicates():
    assert naqi.greedy_duplicates(3, [(0, 1, 0.9), (1, 2, 0.8)]) == [None, (0, 0.9), None]
    assert naqi.greedy_duplicates(2, [(1, 0, 0.9), (0, 5, 0.9)]) == [None, None]
    # The closer of two kept articles; the earlier of two equally close ones.
    assert naqi.greedy_duplicates(4, [(0, 1, 0.9), (0, 3, 0.75), (2, 3, 1.0)]) == [
        None,
        (0, 0.9),
        None,
        (2, 1.0),
    ]
    assert naqi.greedy_duplicates(3, [(1, 2, 0.8), (0, 2, 0.8)]) == [None, None, (0, 0.8)]
