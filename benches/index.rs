//! The permuted-table SimHash index: build time and query throughput
//! (queries per second) at 10^5 and 10^6 fingerprints, beside a brute-force
//! Hamming scan over the same fingerprints.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use naqi::{Fingerprint, NearDupIndex};
use std::hint::black_box;

/// Deterministic fingerprints: xorshift64*, with every fifth one a near copy
/// (up to 3 bits flipped) of an earlier one, so that queries have matches.
fn fingerprints(n: usize) -> Vec<u64> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let r = next();
        if i % 5 == 4 {
            let base = out[(r % i as u64) as usize];
            out.push(base ^ (1 << (r >> 58)) ^ (1 << ((r >> 52) & 63)));
        } else {
            out.push(r);
        }
    }
    out
}

fn index(c: &mut Criterion) {
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    for n in [100_000usize, 1_000_000] {
        let fps = fingerprints(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("build", n), &fps, |b, fps| {
            b.iter(|| {
                let mut index = NearDupIndex::builder().build().expect("default layout");
                index
                    .extend(
                        fps.iter().enumerate().map(|(i, &f)| (i as u64, Fingerprint::from_u64(f))),
                    )
                    .expect("capacity");
                index.len()
            })
        });
        let mut index = NearDupIndex::builder().build().expect("default layout");
        index
            .extend(fps.iter().enumerate().map(|(i, &f)| (i as u64, Fingerprint::from_u64(f))))
            .expect("capacity");
        eprintln!(
            "index of {n} fingerprints: {} tables, {} bytes",
            index.tables(),
            index.memory_usage()
        );
        let queries: Vec<u64> = fps.iter().step_by(n / 1000).map(|f| f ^ 0b100).collect();
        let found: usize =
            queries.iter().map(|&q| index.query(Fingerprint::from_u64(q)).count()).sum();
        let brute = |q: u64| fps.iter().filter(|&&f| (f ^ q).count_ones() <= 3).count();
        assert_eq!(found, queries.iter().map(|&q| brute(q)).sum::<usize>());
        group.throughput(Throughput::Elements(queries.len() as u64));
        group.bench_with_input(BenchmarkId::new("query", n), &queries, |b, qs| {
            b.iter(|| {
                qs.iter().map(|&q| index.query(Fingerprint::from_u64(q)).count()).sum::<usize>()
            })
        });
        group.bench_with_input(BenchmarkId::new("brute-force-scan", n), &queries, |b, qs| {
            b.iter(|| qs.iter().map(|&q| brute(black_box(q))).sum::<usize>())
        });
    }
    group.finish();
}

criterion_group!(benches, index);
criterion_main!(benches);
