//! End-to-end cleaning throughput (bytes of article text per second):
//! `clean_article` on the seed article and on long articles, `clean_batch`
//! on one and two threads, and the pipeline a Rust user would otherwise
//! assemble per article (the `arabic-normalize` search preset, the `simhash`
//! crate, an exact-match set and a Hamming distance <= 3 scan).

mod common;

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

criterion_group!(benches, clean);
criterion_main!(benches);
