//! The permuted-table index against a brute-force Hamming scan (the oracle).

use std::collections::BTreeSet;

use naqi::{Fingerprint, NearDupIndex};
use proptest::prelude::*;

/// Every (id, distance) within `k` bits, by scanning everything.
fn brute_force(entries: &[(u64, u64)], q: u64, k: u32) -> BTreeSet<(u64, u32)> {
    entries
        .iter()
        .filter_map(|&(id, fp)| {
            let d = (fp ^ q).count_ones();
            (d <= k).then_some((id, d))
        })
        .collect()
}

/// Fingerprints in clusters: random bases with a few bits flipped, so that
/// queries have neighbours at every distance.
fn clustered() -> impl Strategy<Value = Vec<u64>> {
    (
        prop::collection::vec(any::<u64>(), 1..8),
        prop::collection::vec(
            (any::<prop::sample::Index>(), prop::collection::vec(0u32..64, 0..10)),
            0..300,
        ),
    )
        .prop_map(|(bases, members)| {
            let mut out = bases.clone();
            for (base, flips) in members {
                let mut fp = bases[base.index(bases.len())];
                for bit in flips {
                    fp ^= 1 << bit;
                }
                out.push(fp);
            }
            out
        })
}

proptest! {
    // Failures are not persisted (the failing case is printed instead).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn query_equals_brute_force(fps in clustered(), k in 0u32..9, extra_blocks in 1u32..4, queries in prop::collection::vec((any::<prop::sample::Index>(), prop::collection::vec(0u32..64, 0..8)), 1..20), bulk in any::<bool>()) {
        let mut index = NearDupIndex::builder().max_distance(k).blocks(k + extra_blocks).build().unwrap();
        let entries: Vec<(u64, u64)> = fps.iter().enumerate().map(|(i, &fp)| (i as u64 * 3 + 1, fp)).collect();
        if bulk {
            index.extend(entries.iter().map(|&(id, fp)| (id, Fingerprint::from_u64(fp)))).unwrap();
        } else {
            for &(id, fp) in &entries {
                index.insert(id, Fingerprint::from_u64(fp)).unwrap();
            }
        }
        prop_assert_eq!(index.len(), entries.len());
        for (pick, flips) in queries {
            let mut q = fps[pick.index(fps.len())];
            for bit in flips {
                q ^= 1 << bit;
            }
            let got: Vec<(u64, u32)> = index.query(Fingerprint::from_u64(q)).collect();
            let got_set: BTreeSet<(u64, u32)> = got.iter().copied().collect();
            prop_assert_eq!(got.len(), got_set.len(), "an entry was reported twice");
            prop_assert_eq!(got_set, brute_force(&entries, q, k));
        }
    }
}

/// Inserting past the buffer size merges into the tables; queries see both
/// the merged and the buffered entries.
#[test]
fn many_single_inserts_then_queries() {
    let mut index = NearDupIndex::builder().build().unwrap();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut entries = Vec::new();
    for id in 0..10_000u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        entries.push((id, x));
        index.insert(id, Fingerprint::from_u64(x)).unwrap();
    }
    for &(id, fp) in entries.iter().step_by(97) {
        let q = fp ^ 0b101; // two bits away
        let got: BTreeSet<(u64, u32)> = index.query(Fingerprint::from_u64(q)).collect();
        assert!(got.contains(&(id, 2)));
        assert_eq!(got, brute_force(&entries, q, 3));
    }
    // 16 bytes per entry (fingerprint, id) and 12 per entry per table for
    // the 8,192 merged ones (the other 1,808 wait in the buffer).
    assert!(index.memory_usage() >= 10_000 * 16 + 8_192 * 10 * 12);
}

/// Regression: merges grew the tables' vectors by doubling, so after ten
/// loads of 10,000 entries the tables took up to twice the 12 bytes per
/// entry the documentation gives. Each table now holds its entries in
/// vectors of their exact size, beside a directory of at most one 4-byte
/// slot per entry (plus one).
#[test]
fn memory_after_many_merges_stays_near_twelve_bytes_per_entry_per_table() {
    let mut index = NearDupIndex::builder().build().unwrap();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for round in 0..10u64 {
        let batch: Vec<(u64, Fingerprint)> = (0..10_000u64)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (round * 10_000 + i, Fingerprint::from_u64(x))
            })
            .collect();
        index.extend(batch).unwrap();
    }
    let n = 100_000;
    assert_eq!(index.len(), n);
    assert_eq!(index.tables(), 10);
    // Per table: 12 bytes per entry and at most n + 1 directory slots of 4
    // bytes; per entry: fingerprint and id, 16 bytes in vectors that may
    // have doubled; a little for the layout.
    let bound = 10 * (12 * n + 4 * (n + 1)) + 2 * 16 * n + 4096;
    let used = index.memory_usage();
    assert!(used <= bound, "{used} bytes for {n} entries, more than {bound}");
    assert!(used >= 10 * 12 * n + 16 * n, "{used} bytes");
}

/// Entries inserted one at a time go through the buffer, then the recent
/// tables, then the main ones: queries find every entry within the distance
/// wherever it is, at every stage, and after `extend` merges everything.
#[test]
fn single_inserts_through_every_level_match_brute_force() {
    let mut index = NearDupIndex::builder().max_distance(3).build().unwrap();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut entries: Vec<(u64, u64)> = Vec::new();
    let check = |index: &NearDupIndex, entries: &[(u64, u64)], stage: &str| {
        assert_eq!(index.len(), entries.len(), "{stage}");
        for &(_, fp) in entries.iter().step_by(997) {
            for q in [fp, fp ^ 0b111, fp ^ (0b1111 << 60)] {
                let got: Vec<(u64, u32)> = index.query(Fingerprint::from_u64(q)).collect();
                let set: BTreeSet<(u64, u32)> = got.iter().copied().collect();
                assert_eq!(got.len(), set.len(), "{stage}: an entry reported twice");
                assert_eq!(set, brute_force(entries, q, 3), "{stage}: query {q:#x}");
            }
        }
    };
    for id in 0..90_000u64 {
        // Every third entry a near copy of an earlier one.
        let fp = if id % 3 == 2 {
            entries[(next() % id) as usize].1 ^ (1 << (next() % 64))
        } else {
            next()
        };
        entries.push((id, fp));
        index.insert(id, Fingerprint::from_u64(fp)).unwrap();
        if [4_095, 4_096, 40_000, 45_000, 61_000, 89_999].contains(&id) {
            check(&index, &entries, &format!("after {} inserts", id + 1));
        }
    }
    let more: Vec<(u64, u64)> = (90_000..91_000u64).map(|id| (id, next())).collect();
    index.extend(more.iter().map(|&(id, fp)| (id, Fingerprint::from_u64(fp)))).unwrap();
    entries.extend(more);
    check(&index, &entries, "after extend");
}
