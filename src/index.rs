//! A permuted-table index of SimHash fingerprints for Hamming-distance
//! queries (Manku, Jain and Das Sarma, "Detecting Near-Duplicates for Web
//! Crawling", WWW 2007).

use crate::error::{Error, ErrorKind, Result};
use crate::fingerprint::Fingerprint;

/// Finds every stored fingerprint within a Hamming distance of a query.
///
/// The 64 bits are cut into `blocks` blocks. Two fingerprints at most
/// `max_distance` bits apart differ in at most `max_distance` blocks, so
/// they agree exactly on at least `blocks - max_distance` of them (the
/// pigeonhole principle). The index keeps one sorted table for each choice
/// of `blocks - max_distance` blocks, keyed by those blocks' bits put side
/// by side (the paper's permutation); a query looks its key up in every
/// table and checks the distance of each entry found. Every fingerprint
/// within `max_distance` (inclusive) is found: results equal a brute-force
/// scan.
///
/// # Complexity
///
/// Each table has a directory on the leading bits of its keys (between
/// n / 2 and n slots of 4 bytes for n entries, at most 2^24 + 1 slots), so
/// a query costs, per table (C(`blocks`, `max_distance`) tables), one
/// directory lookup and a search among the few keys that share those bits,
/// plus one XOR and popcount per entry sharing the whole key; with n random
/// fingerprints and keys of `q` bits that is about n / 2^q entries per
/// table.
///
/// Memory: per table, 12 bytes per entry and the directory (2 to 4 bytes
/// per entry); per entry, 16 bytes (fingerprint and id, in vectors that
/// grow by doubling). A merge also holds one table's entries in a temporary
/// vector of 16 bytes per entry, and the tables for recent entries (below)
/// keep their room, up to an eighth of the entries, between merges.
///
/// Entries inserted one at a time wait in a small unsorted buffer (at most
/// 4,096) that every query scans. When it fills, they are merged into a
/// second set of tables of the same layout, for recent entries, which is
/// merged into the main tables once it holds an eighth as many entries as
/// they do (a query looks in both). A merge costs time linear in the
/// entries it moves, so n inserts one at a time cost about n² / 131,072
/// moves per table, against n² / 8,192 with the main tables alone: 10^6
/// inserts take about 2.5 s on the machine of the README's figures,
/// against 17 s. One [`extend`](NearDupIndex::extend) merges everything
/// into the main tables at once (10^6 entries: about 0.7 s).
///
/// # Example
///
/// ```
/// use naqi::{Fingerprint, NearDupIndex};
///
/// let mut index = NearDupIndex::builder().max_distance(3).build()?;
/// index.insert(7, Fingerprint::from_u64(0b1011));
/// index.insert(8, Fingerprint::from_u64(u64::MAX));
/// let found: Vec<(u64, u32)> = index.query(Fingerprint::from_u64(0b0001)).collect();
/// assert_eq!(found, [(7, 2)]);
/// # Ok::<(), naqi::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct NearDupIndex {
    max_distance: u32,
    /// One key mask per table: the bits of the table's blocks.
    masks: Vec<u64>,
    /// The main tables: the entries before `main_len`.
    tables: Vec<Table>,
    /// Tables of the same layout for the entries from `main_len` to
    /// `sorted_len`, inserted since the last merge into the main tables.
    recent: Vec<Table>,
    fingerprints: Vec<u64>,
    ids: Vec<u64>,
    /// Entries before this position are in the main tables.
    main_len: usize,
    /// Entries from this position on are in no table yet (the buffer).
    sorted_len: usize,
}

/// One table: the entries sorted by the bits of some blocks.
///
/// Each entry is stored as its fingerprint with the bits moved (the paper's
/// permutation): the table's blocks side by side in the high bits (the key),
/// the other bits below them. Sorting these values sorts the keys, and a
/// permutation of bits keeps Hamming distances, so a query reads the key
/// and the distance of an entry from one array: one random read per table
/// besides the directory, where a table of keys and positions into the
/// fingerprints took three.
#[derive(Clone, Debug)]
struct Table {
    /// All 64 bits as `(lowest bit, width)` runs in their permuted order:
    /// the table's blocks, highest first (adjacent blocks joined), then the
    /// other bits, highest first.
    order: Vec<(u32, u32)>,
    /// The key's width in bits (1 to 64): the high bits of a permuted value.
    key_bits: u32,
    /// The permuted fingerprints of the entries, sorted.
    permuted: Vec<u64>,
    /// In step with `permuted`: the entries' positions in `ids`.
    positions: Vec<u32>,
    /// The key masks of the tables before this one, permuted as this
    /// table's values: an entry is reported by the first table whose key it
    /// shares with the query.
    earlier_masks: Vec<u64>,
    /// The number of leading key bits the directory indexes.
    directory_bits: u32,
    /// `directory[b]` is the first position in `permuted` whose leading
    /// `directory_bits` bits are at least `b`; `2^directory_bits + 1` slots.
    directory: Vec<u32>,
}

/// The largest directory: 2^24 slots, and one past the last (64 MiB per
/// table).
const MAX_DIRECTORY_BITS: u32 = 24;

impl Table {
    /// A table whose key is the bits of `key_runs` (`(lowest bit, width)`,
    /// highest first, not adjacent) side by side.
    fn new(key_runs: Vec<(u32, u32)>) -> Table {
        let key_bits = key_runs.iter().map(|&(_, w)| w).sum();
        let key_mask = key_runs.iter().fold(0u64, |m, &(lo, w)| m | (low_bits(w) << lo));
        // The runs of bits outside the key, highest first.
        let mut rest = Vec::new();
        let mut bit = 64;
        while bit > 0 {
            let inside = key_mask >> (bit - 1) & 1 == 1;
            let mut lo = bit - 1;
            while lo > 0 && (key_mask >> (lo - 1) & 1 == 1) == inside {
                lo -= 1;
            }
            if !inside {
                rest.push((lo, bit - lo));
            }
            bit = lo;
        }
        let mut order = key_runs;
        order.extend(rest);
        Table {
            order,
            key_bits,
            permuted: Vec::new(),
            positions: Vec::new(),
            earlier_masks: Vec::new(),
            directory_bits: 0,
            directory: vec![0, 0],
        }
    }

    /// `fp` with its bits in the table's order.
    fn permute(&self, fp: u64) -> u64 {
        self.order.iter().fold(0u64, |out, &(lo, width)| {
            out.checked_shl(width).unwrap_or(0) | ((fp >> lo) & low_bits(width))
        })
    }

    /// The table's key of a fingerprint: its blocks' bits side by side.
    #[cfg(test)]
    fn key(&self, fp: u64) -> u64 {
        self.permute(fp).checked_shr(64 - self.key_bits).unwrap_or(0)
    }

    /// The directory slot of a permuted value.
    fn slot(&self, permuted: u64) -> usize {
        permuted.checked_shr(64 - self.directory_bits).unwrap_or(0) as usize
    }

    /// Empties the table (keeping its capacity for the next entries).
    fn clear(&mut self) {
        self.permuted.clear();
        self.positions.clear();
        self.index_entries();
    }

    /// Rebuilds the directory for the current entries.
    fn index_entries(&mut self) {
        let n = self.permuted.len();
        let log2 = if n < 2 { 0 } else { usize::BITS - 1 - n.leading_zeros() };
        self.directory_bits = log2.min(self.key_bits).min(MAX_DIRECTORY_BITS);
        let slots = 1usize << self.directory_bits;
        self.directory.clear();
        self.directory.reserve_exact(slots + 1);
        self.directory.resize(slots + 1, 0);
        for &value in &self.permuted {
            let slot = self.slot(value);
            self.directory[slot + 1] += 1;
        }
        for s in 1..=slots {
            self.directory[s] += self.directory[s - 1];
        }
    }

    /// The range of `permuted` whose key equals that of `query` (a
    /// permuted value).
    fn lookup(&self, query: u64) -> std::ops::Range<usize> {
        let slot = self.slot(query);
        let (start, end) = (self.directory[slot] as usize, self.directory[slot + 1] as usize);
        // The values with the query's key: its key bits, then anything.
        let rest = low_bits(64 - self.key_bits);
        let (first, last) = (query & !rest, query | rest);
        let bucket = &self.permuted[start..end];
        let lo = bucket.partition_point(|&x| x < first);
        let hi = lo + bucket[lo..].partition_point(|&x| x <= last);
        start + lo..start + hi
    }
}

/// Adds the entries at positions `new` of `fingerprints` to each of
/// `tables`: sorts them by the table's permuted values and merges them with
/// the table's entries, in vectors of the exact size.
fn merge_into(tables: &mut [Table], fingerprints: &[u64], new: std::ops::Range<usize>) {
    for table in tables {
        let mut added: Vec<(u64, u32)> =
            new.clone().map(|p| (table.permute(fingerprints[p]), p as u32)).collect();
        added.sort_unstable();
        let old: Vec<(u64, u32)> =
            table.permuted.iter().copied().zip(table.positions.iter().copied()).collect();
        let (values, positions) = (&mut table.permuted, &mut table.positions);
        values.clear();
        positions.clear();
        values.reserve_exact(old.len() + added.len());
        positions.reserve_exact(old.len() + added.len());
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < added.len() {
            let take_old = j == added.len() || (i < old.len() && old[i] <= added[j]);
            let (v, p) = if take_old {
                i += 1;
                old[i - 1]
            } else {
                j += 1;
                added[j - 1]
            };
            values.push(v);
            positions.push(p);
        }
        table.index_entries();
    }
}

/// The `width` lowest bits set (`width` up to 64).
fn low_bits(width: u32) -> u64 {
    if width >= 64 { u64::MAX } else { (1u64 << width) - 1 }
}

/// Configuration for a [`NearDupIndex`]; [`build`](NearDupIndexBuilder::build)
/// validates it.
#[derive(Clone, Debug)]
pub struct NearDupIndexBuilder {
    max_distance: u32,
    blocks: Option<u32>,
}

/// The largest number of tables a configuration may ask for.
const MAX_TABLES: u64 = 1 << 12;
/// Entries inserted one at a time wait unsorted until there are this many.
const BUFFER: usize = 4096;
/// The recent tables are merged into the main ones when they hold at least
/// one entry for this many in the main tables.
const RECENT_SHARE: usize = 8;

impl NearDupIndexBuilder {
    /// The largest Hamming distance, in bits and inclusive, that queries
    /// find. Default: 3 (the value Manku et al. found right for 64-bit
    /// SimHash of whole web documents). Range: 0 to 63.
    pub fn max_distance(&mut self, bits: u32) -> &mut NearDupIndexBuilder {
        self.max_distance = bits;
        self
    }

    /// The number of blocks the 64 bits are cut into. More blocks give more
    /// tables (C(`blocks`, `max_distance`)) with longer keys: faster queries
    /// on large indexes, more memory. Default: `max_distance + 2` (for the
    /// default distance of 3: 5 blocks, 10 tables, keys of 25 or 26 bits).
    /// Range: more than `max_distance` (fewer blocks could not guarantee
    /// that every match shares a block), at most 64, and at most 4,096
    /// tables.
    pub fn blocks(&mut self, blocks: u32) -> &mut NearDupIndexBuilder {
        self.blocks = Some(blocks);
        self
    }

    /// Builds an empty index.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidIndexConfig`] when `max_distance` is 64 or more,
    /// when `blocks` is not more than `max_distance` or is more than 64, or
    /// when the layout needs more than 4,096 tables.
    pub fn build(&self) -> Result<NearDupIndex> {
        let k = self.max_distance;
        let blocks = self.blocks.unwrap_or(k.saturating_add(2).min(64));
        let invalid = |reason: &str| -> Error {
            ErrorKind::InvalidIndexConfig { blocks, max_distance: k, reason: reason.to_string() }
                .into()
        };
        if k >= 64 {
            return Err(invalid("max_distance must be less than 64"));
        }
        if blocks <= k {
            return Err(invalid(
                "blocks must be more than max_distance for every match to share a block",
            ));
        }
        if blocks > 64 {
            return Err(invalid("blocks must be at most 64"));
        }
        if binomial(blocks as u64, k as u64) > MAX_TABLES {
            return Err(invalid("the layout needs more than 4096 tables"));
        }
        // Block b covers bits [start(b), start(b + 1)).
        let start = |b: u32| (b as u64 * 64 / blocks as u64) as u32;
        let mut masks = Vec::new();
        let mut tables = Vec::new();
        for_each_combination(blocks, blocks - k, &mut |chosen| {
            // (lowest bit, end) of each chosen block, adjacent ones joined.
            let mut ranges: Vec<(u32, u32)> = Vec::new();
            for &b in chosen {
                match ranges.last_mut() {
                    Some(last) if last.1 == start(b) => last.1 = start(b + 1),
                    _ => ranges.push((start(b), start(b + 1))),
                }
            }
            masks.push(ranges.iter().fold(0u64, |m, &(lo, hi)| m | (low_bits(hi - lo) << lo)));
            tables.push(Table::new(ranges.iter().rev().map(|&(lo, hi)| (lo, hi - lo)).collect()));
        });
        for (t, table) in tables.iter_mut().enumerate() {
            table.earlier_masks = masks[..t].iter().map(|&m| table.permute(m)).collect();
        }
        Ok(NearDupIndex {
            max_distance: k,
            masks,
            recent: tables.clone(),
            tables,
            fingerprints: Vec::new(),
            ids: Vec::new(),
            main_len: 0,
            sorted_len: 0,
        })
    }
}

/// C(n, k), saturating.
fn binomial(n: u64, k: u64) -> u64 {
    let k = k.min(n - k.min(n));
    let mut r: u64 = 1;
    for i in 0..k {
        r = r.saturating_mul(n - i) / (i + 1);
    }
    r
}

/// Calls `f` with every `k`-subset of `0..n`, in lexicographic order.
fn for_each_combination(n: u32, k: u32, f: &mut dyn FnMut(&[u32])) {
    let mut chosen: Vec<u32> = (0..k).collect();
    loop {
        f(&chosen);
        // Advance the rightmost element that can move.
        let mut i = k as usize;
        loop {
            if i == 0 {
                return;
            }
            i -= 1;
            if chosen[i] < n - k + i as u32 {
                chosen[i] += 1;
                for j in i + 1..k as usize {
                    chosen[j] = chosen[j - 1] + 1;
                }
                break;
            }
        }
    }
}

impl NearDupIndex {
    /// A builder with the defaults (distance 3, 5 blocks).
    pub fn builder() -> NearDupIndexBuilder {
        NearDupIndexBuilder { max_distance: 3, blocks: None }
    }

    /// The distance queries find, in bits (inclusive).
    pub fn max_distance(&self) -> u32 {
        self.max_distance
    }

    /// The number of tables.
    pub fn tables(&self) -> usize {
        self.masks.len()
    }

    /// The number of fingerprints stored.
    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    /// `true` when nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }

    /// Stores `fingerprint` under the caller's `id` (ids need not be
    /// unique or ordered; queries return them as given).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::IndexFull`] when the index already holds 2^32 - 1
    /// fingerprints.
    pub fn insert(&mut self, id: u64, fingerprint: Fingerprint) -> Result<()> {
        if self.fingerprints.len() >= u32::MAX as usize {
            return Err(ErrorKind::IndexFull { capacity: u32::MAX as usize }.into());
        }
        self.fingerprints.push(fingerprint.as_u64());
        self.ids.push(id);
        if self.fingerprints.len() - self.sorted_len >= BUFFER {
            self.merge(false);
        }
        Ok(())
    }

    /// Stores many `(id, fingerprint)` pairs at once: one sort per table.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::IndexFull`] when the index would hold 2^32 or more
    /// fingerprints; nothing is stored then.
    pub fn extend<I: IntoIterator<Item = (u64, Fingerprint)>>(&mut self, entries: I) -> Result<()> {
        let before = self.fingerprints.len();
        for (id, fp) in entries {
            if self.fingerprints.len() >= u32::MAX as usize {
                self.fingerprints.truncate(before);
                self.ids.truncate(before);
                return Err(ErrorKind::IndexFull { capacity: u32::MAX as usize }.into());
            }
            self.fingerprints.push(fp.as_u64());
            self.ids.push(id);
        }
        self.merge(true);
        Ok(())
    }

    /// Moves the buffered entries into tables: into the recent tables, or,
    /// with `all` or once the recent entries are an eighth of the main
    /// ones, every entry since the last such merge into the main tables.
    /// Inserting n entries one at a time so costs about n² / 131,072 moves
    /// per table, rather than n² / 8,192 (see the type's documentation).
    fn merge(&mut self, all: bool) {
        let len = self.fingerprints.len();
        if len == self.sorted_len {
            return;
        }
        if all || len - self.main_len >= (self.main_len / RECENT_SHARE).max(BUFFER) {
            merge_into(&mut self.tables, &self.fingerprints, self.main_len..len);
            for table in &mut self.recent {
                table.clear();
            }
            self.main_len = len;
        } else {
            merge_into(&mut self.recent, &self.fingerprints, self.sorted_len..len);
        }
        self.sorted_len = len;
    }

    /// Every stored `(id, distance)` whose fingerprint is at most
    /// [`max_distance`](NearDupIndex::max_distance) bits from
    /// `fingerprint` (inclusive), each stored entry once, in no particular
    /// order.
    pub fn query(&self, fingerprint: Fingerprint) -> impl Iterator<Item = (u64, u32)> + '_ {
        let q = fingerprint.as_u64();
        let k = self.max_distance;
        let recent = if self.sorted_len > self.main_len { &self.recent[..] } else { &[] };
        let tabled = self.tables.iter().chain(recent).flat_map(move |table| {
            let pq = table.permute(q);
            table.lookup(pq).filter_map(move |i| {
                let diff = table.permuted[i] ^ pq;
                let d = diff.count_ones();
                // Report an entry from the first table whose key it shares.
                let first = table.earlier_masks.iter().all(|&m| diff & m != 0);
                (d <= k && first).then(|| (self.ids[table.positions[i] as usize], d))
            })
        });
        let buffered = (self.sorted_len..self.fingerprints.len()).filter_map(move |p| {
            let d = (self.fingerprints[p] ^ q).count_ones();
            (d <= k).then(|| (self.ids[p], d))
        });
        tabled.chain(buffered)
    }

    /// The heap memory the index uses, in bytes (capacity, not length).
    pub fn memory_usage(&self) -> usize {
        let tables: usize = self
            .tables
            .iter()
            .chain(&self.recent)
            .map(|t| {
                t.permuted.capacity() * 8
                    + t.positions.capacity() * 4
                    + t.directory.capacity() * 4
                    + t.order.capacity() * 8
                    + t.earlier_masks.capacity() * 8
            })
            .sum();
        tables
            + self.fingerprints.capacity() * 8
            + self.ids.capacity() * 8
            + self.masks.capacity() * 8
            + (self.tables.capacity() + self.recent.capacity()) * std::mem::size_of::<Table>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomials_and_combinations() {
        assert_eq!(binomial(5, 2), 10);
        assert_eq!(binomial(6, 3), 20);
        assert_eq!(binomial(64, 0), 1);
        let mut seen = Vec::new();
        for_each_combination(4, 2, &mut |c| seen.push(c.to_vec()));
        assert_eq!(seen, [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
    }

    #[test]
    fn masks_cover_all_bits_once_per_block() {
        let index = NearDupIndex::builder().max_distance(3).blocks(5).build().unwrap();
        assert_eq!(index.tables(), 10);
        for &m in &index.masks {
            assert!((25..=26).contains(&m.count_ones()), "{m:064b}");
        }
    }

    #[test]
    fn table_keys_put_the_blocks_side_by_side() {
        // Four blocks of 16 bits, distance 1: tables of three blocks each.
        let index = NearDupIndex::builder().max_distance(1).blocks(4).build().unwrap();
        let fp = 0xAAAA_BBBB_CCCC_DDDD_u64;
        let keys: Vec<(u64, u32)> = index.tables.iter().map(|t| (t.key(fp), t.key_bits)).collect();
        assert_eq!(
            keys,
            [
                (0xBBBB_CCCC_DDDD, 48),
                (0xAAAA_CCCC_DDDD, 48),
                (0xAAAA_BBBB_DDDD, 48),
                (0xAAAA_BBBB_CCCC, 48),
            ]
        );
        // One block of all 64 bits (distance 0): the key is the fingerprint.
        let exact = NearDupIndex::builder().max_distance(0).blocks(1).build().unwrap();
        assert_eq!(exact.tables[0].key(fp), fp);
    }

    #[test]
    fn permutations_move_each_bit_once_and_lead_with_the_key() {
        for (k, blocks) in [(3, 5), (1, 4), (0, 1), (2, 7), (5, 6), (8, 10), (1, 64)] {
            let index = NearDupIndex::builder().max_distance(k).blocks(blocks).build().unwrap();
            for (t, table) in index.tables.iter().enumerate() {
                // Each bit goes to one bit, and no two to the same one.
                let images: Vec<u64> = (0..64).map(|b| table.permute(1 << b)).collect();
                assert!(images.iter().all(|m| m.count_ones() == 1), "k={k} blocks={blocks}");
                assert_eq!(images.iter().fold(0, |a, m| a | m), u64::MAX, "k={k} b={blocks}");
                // The key's bits come first.
                let key_mask = index.masks[t];
                let high = !low_bits(64 - table.key_bits);
                assert_eq!(table.permute(key_mask), high, "k={k} blocks={blocks} table {t}");
                assert_eq!(
                    table.earlier_masks,
                    index.masks[..t].iter().map(|&m| table.permute(m)).collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn directories_point_at_the_first_key_of_each_slot() {
        let mut index = NearDupIndex::builder().build().unwrap();
        let fps: Vec<u64> = (0..1000u64).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15)).collect();
        index
            .extend(fps.iter().enumerate().map(|(i, &f)| (i as u64, Fingerprint::from_u64(f))))
            .unwrap();
        for table in &index.tables {
            assert_eq!(table.directory_bits, 9, "about one slot per entry");
            assert_eq!(table.directory.len(), 513);
            for (slot, w) in table.directory.windows(2).enumerate() {
                for &value in &table.permuted[w[0] as usize..w[1] as usize] {
                    assert_eq!(table.slot(value), slot);
                }
            }
            assert_eq!(*table.directory.last().unwrap() as usize, fps.len());
        }
    }

    #[test]
    fn invalid_layouts_are_errors() {
        for (k, b) in [(3, 3), (3, 2), (64, 65), (2, 65), (20, 40)] {
            let err = NearDupIndex::builder().max_distance(k).blocks(b).build().unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::InvalidIndexConfig { .. }), "k={k} b={b}");
        }
    }
}
