//! Normalization throughput (bytes of input per second): naqi's display and
//! matching tiers, alone and together, beside the `arabic-normalize` crate's
//! search preset on the same text.

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use naqi::Normalizer;
use std::hint::black_box;

fn normalize(c: &mut Criterion) {
    let Some(inputs) = common::inputs() else {
        return;
    };
    let display = Normalizer::display();
    let matching = Normalizer::matching();
    let search = arabic_normalize::Normalizer::search();
    let clean_large = display.normalize(&inputs.large).into_owned();
    let mut group = c.benchmark_group("normalize");
    for (name, text) in [
        ("tiny", &inputs.tiny),
        ("small", &inputs.small),
        ("large", &inputs.large),
        ("large-already-display", &clean_large),
    ] {
        // Per-paragraph calls, as the cleaner makes them.
        let lines: Vec<&str> = text.lines().collect();
        group.throughput(Throughput::Bytes(text.len() as u64));
        let mut d = String::new();
        let mut k = String::new();
        group.bench_with_input(BenchmarkId::new("naqi-display", name), &lines, |b, lines| {
            b.iter(|| {
                for l in lines {
                    d.clear();
                    display.normalize_into(l, &mut d);
                    black_box(&d);
                }
            })
        });
        group.bench_with_input(BenchmarkId::new("naqi-matching", name), &lines, |b, lines| {
            b.iter(|| {
                for l in lines {
                    k.clear();
                    matching.normalize_into(l, &mut k);
                    black_box(&k);
                }
            })
        });
        group.bench_with_input(BenchmarkId::new("naqi-both-tiers", name), &lines, |b, lines| {
            b.iter(|| {
                for l in lines {
                    d.clear();
                    k.clear();
                    display.normalize_into(l, &mut d);
                    matching.normalize_into(l, &mut k);
                    black_box((&d, &k));
                }
            })
        });
        group.bench_with_input(
            BenchmarkId::new("naqi-both-tiers-one-pass", name),
            &lines,
            |b, lines| {
                b.iter(|| {
                    for l in lines {
                        d.clear();
                        k.clear();
                        matching.normalize_both_into(l, &mut d, &mut k);
                        black_box((&d, &k));
                    }
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("arabic-normalize-search", name),
            &lines,
            |b, lines| {
                b.iter(|| {
                    for l in lines {
                        d.clear();
                        search.normalize_into(l, &mut d);
                        black_box(&d);
                    }
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, normalize);
criterion_main!(benches);
