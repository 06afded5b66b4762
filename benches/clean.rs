//! End-to-end cleaning throughput (bytes of article text per second):
//! `clean_article` on the seed article and on long articles, `clean_batch`
//! on one and two threads, and the pipeline a Rust user would otherwise
//! assemble per article (the `arabic-normalize` search preset, the `simhash`
//! crate, an exact-match set and a Hamming distance <= 3 scan); and
//! `clean_corpus`'s work on each JSON line (parse, clean, render) beside
//! `clean_batch` on the same articles, both on one thread.

mod common;
/// The JSON Lines reader and writer of the `clean_corpus` example.
#[path = "../examples/clean_corpus/jsonl.rs"]
#[allow(dead_code)]
mod jsonl;

use std::collections::HashSet;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use naqi::{Article, Cleaner};
use std::hint::black_box;

const SEED: &str = include_str!("../tests/data/golden/seed_article.txt");

/// The assembled alternative: normalize each line, drop exact repeats and
/// lines within 3 bits of a kept line's SimHash.
fn assembled(search: &arabic_normalize::Normalizer, text: &str) -> usize {
    let mut seen = HashSet::new();
    let mut kept: Vec<u64> = Vec::new();
    let mut removed = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let norm = search.normalize(line);
        if !seen.insert(norm.clone().into_owned()) {
            removed += 1;
            continue;
        }
        let h = simhash::simhash(&norm);
        if kept.iter().any(|&k| (k ^ h).count_ones() <= 3) {
            removed += 1;
        } else {
            kept.push(h);
        }
    }
    removed
}

fn clean(c: &mut Criterion) {
    let cleaner = Cleaner::new();
    let mut group = c.benchmark_group("clean");
    group.throughput(Throughput::Bytes(SEED.len() as u64));
    group.bench_function(BenchmarkId::new("naqi-clean_article", "seed"), |b| {
        b.iter(|| {
            let cleaned = naqi::clean_article(black_box(SEED));
            assert_eq!(cleaned.removals().len(), 3);
            cleaned.kept().len()
        })
    });
    let Some(inputs) = common::inputs() else {
        return;
    };
    let search = arabic_normalize::Normalizer::search();

    // Every article of `large`, one at a time.
    let bytes: usize = inputs.articles.iter().map(String::len).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(BenchmarkId::new("naqi-clean_article", "large"), |b| {
        b.iter(|| {
            inputs.articles.iter().map(|a| cleaner.clean(a.as_str()).kept().len()).sum::<usize>()
        })
    });
    group.bench_function(BenchmarkId::new("assembled-alternative", "large"), |b| {
        b.iter(|| inputs.articles.iter().map(|a| assembled(&search, a)).sum::<usize>())
    });

    // The same on the first 500 KB of each other source of the corpus:
    // other sites, other scraping accidents.
    for (name, file) in
        [("ant_multisource", "ant_multisource.jsonl"), ("ant_jawharafm", "ant_jawharafm.jsonl")]
    {
        let Some(articles) = common::first_articles_of(file) else { continue };
        let bytes: usize = articles.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(BenchmarkId::new("naqi-clean_article", name), |b| {
            b.iter(|| {
                articles.iter().map(|a| cleaner.clean(a.as_str()).kept().len()).sum::<usize>()
            })
        });
        group.bench_function(BenchmarkId::new("assembled-alternative", name), |b| {
            b.iter(|| articles.iter().map(|a| assembled(&search, a)).sum::<usize>())
        });
    }

    // One long article: the paragraphs of `large` (about 1,000), every
    // tenth one repeated at the end with a word (و) added.
    let mut long: Vec<String> = inputs.paragraphs.clone();
    for p in inputs.paragraphs.iter().step_by(10) {
        long.push(p.replacen(' ', " و ", 1));
    }
    let long = long.join("\n");
    group.throughput(Throughput::Bytes(long.len() as u64));
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("naqi-clean_article", "one-long-article"), |b| {
        b.iter(|| cleaner.clean(long.as_str()).removals().len())
    });

    // The whole file (about 20 MB, 6,010 articles), in parallel.
    let articles: Vec<Article<'_>> = inputs.all_articles.iter().map(|a| Article::new(a)).collect();
    let bytes: usize = inputs.all_articles.iter().map(String::len).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    let sequential: Vec<usize> =
        articles.iter().map(|a| cleaner.clean(*a).removals().len()).collect();
    for threads in [1, 2] {
        let pool =
            rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
        group.bench_function(
            BenchmarkId::new(format!("naqi-clean_batch-{threads}-threads"), "saudinewsnet"),
            |b| {
                b.iter(|| {
                    let out = pool.install(|| cleaner.clean_batch(&articles));
                    assert_eq!(out.len(), sequential.len());
                    out.len()
                })
            },
        );
    }
    group.finish();
}

/// `clean_corpus`'s work without its I/O: each line of saudinewsnet.jsonl
/// parsed into borrowed fields, cleaned with its title and source, and
/// rendered as an output line, beside `clean_batch` on the same articles
/// (decoded beforehand). Throughput is bytes of JSON Lines for both, so the
/// ratio of the two is the cost of the JSON handling.
fn clean_corpus(c: &mut Criterion) {
    let path = common::corpus_path();
    let Ok(data) = std::fs::read(&path) else {
        eprintln!("clean_corpus bench skipped: {} is not readable", path.display());
        return;
    };
    let names = jsonl::FieldNames { text: "text", title: "title", id: "id", source: "source" };
    let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    let records: Vec<jsonl::Record<'_>> = lines
        .iter()
        .map(|l| jsonl::parse_line(l, true, &names).expect("corpus line").expect("a record"))
        .collect();
    let articles: Vec<Article<'_>> = records.iter().map(jsonl::Record::article).collect();
    let cleaner = Cleaner::new();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("thread pool");
    let mut group = c.benchmark_group("clean_corpus");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("naqi-clean_batch-1-threads", "saudinewsnet"), |b| {
        b.iter(|| pool.install(|| cleaner.clean_batch(&articles)).len())
    });
    group.bench_function(BenchmarkId::new("naqi-jsonl-1-threads", "saudinewsnet"), |b| {
        b.iter(|| {
            lines
                .iter()
                .map(|line| {
                    let record = jsonl::parse_line(line, true, &names).ok().flatten()?;
                    let cleaned = cleaner.clean(record.article());
                    let mut out = String::with_capacity(line.len() + 128);
                    jsonl::render_record(&record, &cleaned, &names, None, false, &mut out);
                    Some(black_box(out).len())
                })
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, clean, clean_corpus);
criterion_main!(benches);
