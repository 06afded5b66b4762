//! Golden fingerprints: `tests/data/fingerprints.tsv` pins, for each text,
//! its matching key, its exact hash and its SimHash. Stored fingerprints must
//! stay comparable across releases: a change to any value here is a breaking
//! change and goes in CHANGELOG.md as one.

use naqi::{Fingerprint, Normalizer, exact_hash};

#[test]
fn golden_fingerprints() {
    let m = Normalizer::matching();
    let data = include_str!("data/fingerprints.tsv");
    let mut rows = 0;
    for line in data.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "{line:?}");
        let key = m.normalize(f[0]);
        assert_eq!(key, f[1], "key of {:?}", f[0]);
        assert_eq!(format!("{:016x}", exact_hash(&key)), f[2], "exact hash of {:?}", f[1]);
        assert_eq!(
            format!("{:016x}", Fingerprint::of_key(&key).as_u64()),
            f[3],
            "SimHash of {:?}",
            f[1]
        );
        rows += 1;
    }
    assert_eq!(rows, 8);
}

#[test]
fn hamming_distance_is_symmetric_and_counts_bits() {
    for (a, b, d) in [(0u64, 0u64, 0u32), (0, u64::MAX, 64), (0b1011, 0b0001, 2), (1 << 63, 1, 2)] {
        let (fa, fb) = (Fingerprint::from_u64(a), Fingerprint::from_u64(b));
        assert_eq!(fa.hamming_distance(fb), d);
        assert_eq!(fb.hamming_distance(fa), d);
        assert_eq!(fa.as_u64(), a);
    }
}

/// What one edit costs, by the documented example: the two sentences of
/// `Fingerprint`'s doc differ in one word.
#[test]
fn one_changed_word_moves_few_bits() {
    let m = Normalizer::matching();
    let a = Fingerprint::of_key(&m.normalize(
        "وقال المتحدث باسم الوزارة إن الاجتماع سيعقد الأسبوع المقبل في العاصمة لبحث الملفات العالقة",
    ));
    let b = Fingerprint::of_key(&m.normalize(
        "وقال المتحدث باسم الوزارة إن الاجتماع سيعقد الشهر المقبل في العاصمة لبحث الملفات العالقة",
    ));
    assert_eq!(a.hamming_distance(b), 6);
}
