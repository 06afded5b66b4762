//! Paragraph fingerprinting throughput (bytes of raw paragraph per second):
//! naqi's matching key + exact hash + SimHash, beside the `simhash` crate
//! (whitespace tokens, SipHash) and gaoya's SimHash (SipHash over character
//! 4-grams, and over whitespace tokens), all on the same raw paragraphs. The
//! baselines do no normalization at all.

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use gaoya::simhash::{SimHash, SimSipHasher64};
use naqi::{Fingerprint, Normalizer, exact_hash};
use std::hint::black_box;

fn fingerprint(c: &mut Criterion) {
    let Some(inputs) = common::inputs() else {
        return;
    };
    let paragraphs = &inputs.paragraphs;
    let bytes: usize = paragraphs.iter().map(String::len).sum();
    let matching = Normalizer::matching();
    let gaoya = SimHash::<SimSipHasher64, u64, 64>::new(SimSipHasher64::new(1, 2));
    let mut group = c.benchmark_group("fingerprint");
    group.throughput(Throughput::Bytes(bytes as u64));
    let mut key = String::new();
    group.bench_function(BenchmarkId::new("naqi-key+exact+simhash", "large"), |b| {
        b.iter(|| {
            for p in paragraphs {
                key.clear();
                matching.normalize_into(p, &mut key);
                black_box((exact_hash(&key), Fingerprint::of_key(&key)));
            }
        })
    });
    group.bench_function(BenchmarkId::new("naqi-simhash-of-key", "large"), |b| {
        let keys: Vec<String> =
            paragraphs.iter().map(|p| matching.normalize(p).into_owned()).collect();
        b.iter(|| {
            for k in &keys {
                black_box(Fingerprint::of_key(k));
            }
        })
    });
    group.bench_function(BenchmarkId::new("simhash-crate-whitespace", "large"), |b| {
        b.iter(|| {
            for p in paragraphs {
                black_box(simhash::simhash(p));
            }
        })
    });
    group.bench_function(BenchmarkId::new("gaoya-char-4grams", "large"), |b| {
        b.iter(|| {
            for p in paragraphs {
                black_box(gaoya.create_signature(gaoya::text::shingle_text(p, 4)));
            }
        })
    });
    group.bench_function(BenchmarkId::new("gaoya-whitespace", "large"), |b| {
        b.iter(|| {
            for p in paragraphs {
                black_box(gaoya.create_signature(p.split_whitespace()));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, fingerprint);
criterion_main!(benches);
