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
