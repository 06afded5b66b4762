//! Paragraph segmentation throughput (bytes per second).

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use naqi::{SegmentMode, paragraphs_by};
use std::hint::black_box;

fn segment(c: &mut Criterion) {
    let Some(inputs) = common::inputs() else {
        return;
    };
    let expected = paragraphs_by(&inputs.large, SegmentMode::Line).count();
    let mut group = c.benchmark_group("segment");
    for (name, text) in [("small", &inputs.small), ("large", &inputs.large)] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        for mode in [SegmentMode::Line, SegmentMode::Block] {
            group.bench_with_input(
                BenchmarkId::new(format!("naqi-{mode:?}").to_lowercase(), name),
                text,
                |b, t| b.iter(|| black_box(paragraphs_by(t, mode).count())),
            );
        }
        // Baseline: std's `lines` with a trim, which knows no U+2028/U+2029,
        // lone CR or invisible-only lines.
        group.bench_with_input(BenchmarkId::new("std-lines-trim", name), text, |b, t| {
            b.iter(|| black_box(t.lines().filter(|l| !l.trim().is_empty()).count()))
        });
    }
    assert_eq!(paragraphs_by(&inputs.large, SegmentMode::Line).count(), expected);
    group.finish();
}

criterion_group!(benches, segment);
criterion_main!(benches);
