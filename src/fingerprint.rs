//! Paragraph fingerprints: the exact hash and the SimHash of a matching key.
//!
//! Fingerprints are meant to be stored: they are computed from explicit UTF-8
//! bytes with a named hash and a fixed seed, never with `std::hash`, so they
//! are the same on every platform, build and release. Golden values in
//! `tests/data/fingerprints.tsv` pin them; a change to them is a breaking
//! change, flagged in CHANGELOG.md.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// The seed of [`exact_hash`]: the ASCII bytes of `naqi` followed by 1, as a
/// big-endian `u64`.
pub const EXACT_SEED: u64 = 0x6E61_7169_0000_0001;

/// The exact fingerprint of a matching key: XXH3-64 with seed
/// [`EXACT_SEED`] over the key's UTF-8 bytes (its words joined by one ASCII
/// space, as [`Normalizer::matching`](crate::Normalizer::matching) returns
/// it).
///
/// Two paragraphs are exact duplicates when their keys are equal; equal keys
/// give equal hashes on every platform.
///
/// # Example
///
/// ```
/// use naqi::{Normalizer, exact_hash};
///
/// let m = Normalizer::matching();
/// let a = exact_hash(&m.normalize("أعلنت الوزارة"));
/// let b = exact_hash(&m.normalize("اعلنت  الوزارة!"));
/// assert_eq!(a, b);
/// assert_eq!(exact_hash(""), 0x11FB_5615_CA9B_2438);
/// ```
pub fn exact_hash(key: &str) -> u64 {
    xxh3_64_with_seed(key.as_bytes(), EXACT_SEED)
}

/// The seed of the SimHash feature hash: the ASCII bytes of `naqi` followed
/// by 2, as a big-endian `u64`.
pub const SIMHASH_SEED: u64 = 0x6E61_7169_0000_0002;

/// A 64-bit SimHash fingerprint (Charikar, STOC 2002) of a matching key.
///
/// # Algorithm
///
/// 1. The features are the words of the key (the key's words are
///    separated by one ASCII space, see
///    [`Normalizer::matching`](crate::Normalizer::matching)); each
///    occurrence counts once.
/// 2. Each feature is hashed with XXH3-64, seed [`SIMHASH_SEED`], over its
///    UTF-8 bytes.
/// 3. Bit *b* of the fingerprint is 1 when more than half of the features'
///    hashes have bit *b* set (`2 * count_b > features`); ties give 0.
///
/// The empty key has the fingerprint 0. Near-duplicate keys have
/// fingerprints a small [Hamming distance](Fingerprint::hamming_distance)
/// apart. On the labelled development articles, word features and
/// character 4-gram features separate near copies from other paragraphs of
/// the same article equally well (near copies at most 10 to 12 bits apart,
/// other paragraphs rarely closer than 16), and words cost one hash per word
/// instead of one per character. Where a clitic (و، ب، ل، ال) glued to a
/// word changes the word feature, the cleaner's verification step compares
/// character 4-grams, which keep most of the word.
///
/// # Example
///
/// ```
/// use naqi::{Fingerprint, Normalizer};
///
/// let m = Normalizer::matching();
/// let a = Fingerprint::of_key(&m.normalize(
///     "وقال المتحدث باسم الوزارة إن الاجتماع سيعقد الأسبوع المقبل في العاصمة لبحث الملفات العالقة"));
/// let b = Fingerprint::of_key(&m.normalize(
///     "وقال المتحدث باسم الوزارة إن الاجتماع سيعقد الشهر المقبل في العاصمة لبحث الملفات العالقة"));
/// assert!(a.hamming_distance(b) < 16);
/// assert_eq!(Fingerprint::of_key(""), Fingerprint::from_u64(0));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(u64);

impl Fingerprint {
    /// The SimHash of a matching key (see the algorithm above).
    pub fn of_key(key: &str) -> Fingerprint {
        let mut acc = SimHashAccumulator::new();
        let bytes = key.as_bytes();
        let mut start = 0;
        let mut word = |end: usize, start: &mut usize| {
            if end > *start {
                acc.add(xxh3_64_with_seed(&bytes[*start..end], SIMHASH_SEED));
            }
            *start = end + 1;
        };
        for_each_space(bytes, |i| word(i, &mut start));
        word(bytes.len(), &mut start);
        Fingerprint(acc.finish())
    }

    /// A fingerprint from its stored value.
    pub const fn from_u64(value: u64) -> Fingerprint {
        Fingerprint(value)
    }

    /// The 64 bits, for storage.
    pub const fn as_u64(self) -> u64 {
        self.0
    }

    /// The number of bits (0 to 64) in which the two fingerprints differ.
    pub const fn hamming_distance(self, other: Fingerprint) -> u32 {
        (self.0 ^ other.0).count_ones()
    }
}

/// A character 4-gram packed into an integer, one to one: its chars' code
/// points side by side, the first one highest. Equal grams give equal
/// values and different grams different ones, so sets of grams compare
/// exactly, with no hash.
pub(crate) trait PackedGram: Copy + Ord {
    /// The gram of one space.
    const SPACE: Self;
    /// The gram with `c` appended, its first char dropped when it had four.
    fn push(self, c: char) -> Self;
    /// Marks the 3-char gram of a one-char key apart from every 4-gram.
    fn short(self) -> Self;
}

/// Any chars: 21 bits each in bits 0..84; bit 84 marks the 3-char gram.
impl PackedGram for u128 {
    const SPACE: u128 = b' ' as u128;
    #[inline]
    fn push(self, c: char) -> u128 {
        ((self << 21) | u128::from(u32::from(c))) & ((1 << 84) - 1)
    }
    #[inline]
    fn short(self) -> u128 {
        self | 1 << 84
    }
}

/// Keys whose chars are all in U+0001..=U+FFFF only (the caller makes
/// sure): 16 bits each. A 4-gram's first char is not U+0000, so its top
/// 16 bits are never 0, while a 3-char gram's are.
impl PackedGram for u64 {
    const SPACE: u64 = b' ' as u64;
    #[inline]
    fn push(self, c: char) -> u64 {
        (self << 16) | u64::from(u32::from(c))
    }
    #[inline]
    fn short(self) -> u64 {
        self
    }
}

/// Calls `f` with each character 4-gram of `" " + key + " "`, packed
/// (see [`PackedGram`]), in order, without building that string; when the
/// padded string has fewer than 4 chars (a key of one char), once with the
/// whole of it, marked short. Nothing for an empty key.
pub(crate) fn for_each_char_4gram<G: PackedGram>(key: &str, mut f: impl FnMut(G)) {
    let mut window = G::SPACE;
    let mut chars = 0usize;
    for c in key.chars() {
        window = window.push(c);
        chars += 1;
        if chars >= 3 {
            f(window);
        }
    }
    let last = window.push(' ');
    match chars {
        0 => {}
        1 => f(last.short()),
        _ => f(last),
    }
}

/// `true` when every char of `text` is in U+0001..=U+FFFF, so that its
/// character 4-grams pack into a `u64`: no NUL byte and no lead byte of a
/// four-byte UTF-8 sequence (0xF0..=0xF4), that is no byte `b` with
/// `b - 1` (wrapping) at 0xEF or above. A maximum over all bytes, which
/// the compiler vectorizes.
pub(crate) fn grams_fit_u64(text: &str) -> bool {
    text.bytes().fold(0u8, |max, b| max.max(b.wrapping_sub(1))) < 0xEF
}

/// Calls `f` with the offset of each ASCII space in `bytes`, in order.
/// Sixteen bytes at a time with SSE2 on x86_64 (one compare and a bit mask
/// per sixteen bytes; the last sixteen bytes, or the whole of a shorter
/// input padded with zeros, make the last window), eight at a time
/// elsewhere. For keys, whose words are a few bytes long, this beats a
/// `memchr` call per word.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
pub(crate) fn for_each_space(bytes: &[u8], mut f: impl FnMut(usize)) {
    use safe_arch::{cmp_eq_mask_i8_m128i, m128i, move_mask_i8_m128i, set_splat_i8_m128i};
    let spaces_in = |window: &[u8; 16]| {
        let eq = cmp_eq_mask_i8_m128i(m128i::from(*window), set_splat_i8_m128i(b' ' as i8));
        move_mask_i8_m128i(eq) as u32
    };
    let mut report = |base: usize, mut mask: u32| {
        while mask != 0 {
            f(base + mask.trailing_zeros() as usize);
            mask &= mask - 1;
        }
    };
    let len = bytes.len();
    if len < 16 {
        let mut padded = [0u8; 16];
        padded[..len].copy_from_slice(bytes);
        report(0, spaces_in(&padded));
        return;
    }
    let mut at = 0;
    while let Some(window) = bytes.get(at..at + 16).and_then(|w| <&[u8; 16]>::try_from(w).ok()) {
        report(at, spaces_in(window));
        at += 16;
    }
    if at < len {
        // The last 16 bytes, without the ones reported already.
        let last = len - 16;
        if let Ok(window) = <&[u8; 16]>::try_from(&bytes[last..]) {
            report(last, spaces_in(window) >> (at - last) << (at - last));
        }
    }
}

/// See the x86_64 definition.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
pub(crate) fn for_each_space(bytes: &[u8], f: impl FnMut(usize)) {
    for_each_space_swar(bytes, f)
}

/// [`for_each_space`] eight bytes at a time, for targets without SSE2: a
/// byte of `x ^ 0x20..` is zero exactly where `x` has a space, and
/// `!(((y & 0x7F..) + 0x7F..) | y)` sets the high bit of exactly the zero
/// bytes of `y`.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
#[inline]
fn for_each_space_swar(bytes: &[u8], mut f: impl FnMut(usize)) {
    let mut chunk = 0;
    while chunk + 8 <= bytes.len() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(&bytes[chunk..chunk + 8]);
        let y = u64::from_le_bytes(eight) ^ 0x2020_2020_2020_2020;
        let low = 0x7F7F_7F7F_7F7F_7F7F;
        let mut spaces = !(((y & low) + low) | y) & 0x8080_8080_8080_8080;
        while spaces != 0 {
            f(chunk + (spaces.trailing_zeros() / 8) as usize);
            spaces &= spaces - 1;
        }
        chunk += 8;
    }
    for (i, &b) in bytes.iter().enumerate().skip(chunk) {
        if b == b' ' {
            f(i);
        }
    }
}

/// The first word of a key (words separated by one ASCII space).
#[inline]
pub(crate) fn first_word(key: &str) -> &str {
    let end = key.bytes().position(|b| b == b' ').unwrap_or(key.len());
    key.get(..end).unwrap_or(key)
}

/// Counts, for each of the 64 bit positions, how many feature hashes have
/// the bit set, and gives the SimHash: bit *b* set when `2 * count_b >
/// features`. On x86_64, [`Sse2Accumulator`]; elsewhere [`SwarAccumulator`].
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
pub(crate) type SimHashAccumulator = Sse2Accumulator;
/// See the x86_64 definition.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
pub(crate) type SimHashAccumulator = SwarAccumulator;

/// The 64 counters as 64 byte-wide counters in four SSE2 registers, flushed
/// to 32-bit counters every 255 features. A feature costs about 20 vector
/// instructions: its hash is widened so that byte *i* of register *g* holds
/// the hash byte with bit `16g + i`, masked with that bit, compared (0 or
/// 0xFF) and subtracted, which adds 1 where the bit is set.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[derive(Clone, Copy)]
pub(crate) struct Sse2Accumulator {
    lanes: [safe_arch::m128i; 4],
    pending: u32,
    counts: [u32; 64],
    total: u32,
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
impl Sse2Accumulator {
    /// Byte *i* holds bit `i % 8`.
    const BITS: [u8; 16] = [1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128];

    pub(crate) fn new() -> Sse2Accumulator {
        Sse2Accumulator {
            lanes: [safe_arch::zeroed_m128i(); 4],
            pending: 0,
            counts: [0; 64],
            total: 0,
        }
    }

    #[inline]
    pub(crate) fn add(&mut self, hash: u64) {
        use safe_arch::{
            bitand_m128i, cmp_eq_mask_i8_m128i, m128i, set_i64_m128i_s, sub_i8_m128i,
            unpack_high_i16_m128i, unpack_high_i32_m128i, unpack_low_i8_m128i,
            unpack_low_i16_m128i, unpack_low_i32_m128i,
        };
        let h = set_i64_m128i_s(hash as i64);
        // Bytes h0 h0 h1 h1 .. h7 h7, then each byte four times, then eight.
        let twice = unpack_low_i8_m128i(h, h);
        let (low, high) = (unpack_low_i16_m128i(twice, twice), unpack_high_i16_m128i(twice, twice));
        let spread = [
            unpack_low_i32_m128i(low, low),
            unpack_high_i32_m128i(low, low),
            unpack_low_i32_m128i(high, high),
            unpack_high_i32_m128i(high, high),
        ];
        let bits = m128i::from(Self::BITS);
        for (lane, s) in self.lanes.iter_mut().zip(spread) {
            *lane = sub_i8_m128i(*lane, cmp_eq_mask_i8_m128i(bitand_m128i(s, bits), bits));
        }
        self.pending += 1;
        self.total += 1;
        if self.pending == 255 {
            self.flush();
        }
    }

    fn flush(&mut self) {
        for (g, lane) in self.lanes.iter_mut().enumerate() {
            let bytes: [u8; 16] = (*lane).into();
            for (i, &b) in bytes.iter().enumerate() {
                self.counts[16 * g + i] += u32::from(b);
            }
            *lane = safe_arch::zeroed_m128i();
        }
        self.pending = 0;
    }

    pub(crate) fn finish(mut self) -> u64 {
        use safe_arch::{
            cmp_eq_mask_i8_m128i, move_mask_i8_m128i, set_splat_i8_m128i, sub_saturating_u8_m128i,
            zeroed_m128i,
        };
        if self.total < 255 {
            // No flush happened: each byte is a whole count, and the bit
            // is set when the count exceeds total / 2, that is when the
            // count minus total / 2, saturated at 0, is not 0.
            let half = set_splat_i8_m128i((self.total / 2) as u8 as i8);
            let mut out = 0u64;
            for (g, &lane) in self.lanes.iter().enumerate() {
                let at_most_half =
                    cmp_eq_mask_i8_m128i(sub_saturating_u8_m128i(lane, half), zeroed_m128i());
                let above = !(move_mask_i8_m128i(at_most_half) as u32) & 0xFFFF;
                out |= u64::from(above) << (16 * g);
            }
            return out;
        }
        self.flush();
        majority(&self.counts, self.total)
    }
}

/// The SimHash bits of whole counts: bit *b* set when `2 * counts[b] >
/// total`.
fn majority(counts: &[u32; 64], total: u32) -> u64 {
    let mut out = 0u64;
    for (b, &c) in counts.iter().enumerate() {
        if 2 * u64::from(c) > u64::from(total) {
            out |= 1 << b;
        }
    }
    out
}

/// The 64 counters in plain `u64` arithmetic, for targets without SSE2.
/// Eight bits at a time are spread into the eight bytes of a `u64` and
/// added as eight byte-wide counters at once, flushed to 32-bit counters
/// every 255 features, so a feature costs 8 table lookups and adds instead
/// of 64 branches.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
pub(crate) struct SwarAccumulator {
    lanes: [u64; 8],
    pending: u32,
    counts: [u32; 64],
    total: u32,
}

/// `SPREAD[byte]` has bit `k` of `byte` at bit `8k`: one counter byte per bit.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
static SPREAD: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut k = 0;
        while k < 8 {
            table[byte] |= ((byte as u64 >> k) & 1) << (8 * k);
            k += 1;
        }
        byte += 1;
    }
    table
};

#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
#[inline]
fn spread(byte: u64) -> u64 {
    SPREAD[(byte & 0xFF) as usize]
}

#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
impl SwarAccumulator {
    pub(crate) const fn new() -> SwarAccumulator {
        SwarAccumulator { lanes: [0; 8], pending: 0, counts: [0; 64], total: 0 }
    }

    #[inline]
    pub(crate) fn add(&mut self, hash: u64) {
        for (w, lane) in self.lanes.iter_mut().enumerate() {
            *lane += spread((hash >> (8 * w)) & 0xFF);
        }
        self.pending += 1;
        self.total += 1;
        if self.pending == 255 {
            self.flush();
        }
    }

    fn flush(&mut self) {
        for (w, lane) in self.lanes.iter_mut().enumerate() {
            for k in 0..8 {
                self.counts[8 * w + k] += ((*lane >> (8 * k)) & 0xFF) as u32;
            }
            *lane = 0;
        }
        self.pending = 0;
    }

    pub(crate) fn finish(mut self) -> u64 {
        if self.total < 255 {
            // No flush happened: each byte of `lanes[w]` is a whole count.
            // Bit b is set when count_b > total / 2; with count_b <= total,
            // adding 127 - total / 2 to every byte cannot carry, and sets a
            // byte's high bit exactly when its count is above total / 2.
            let add = (127 - (self.total / 2) as u64) * 0x0101_0101_0101_0101;
            let mut out = 0u64;
            for (w, &lane) in self.lanes.iter().enumerate() {
                let high = (lane + add) & 0x8080_8080_8080_8080;
                // Gathers the 8 high bits into one byte, byte k's bit at k.
                let bits = (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
                out |= bits << (8 * w);
            }
            return out;
        }
        self.flush();
        majority(&self.counts, self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The algorithm as documented, written plainly.
    fn naive(key: &str) -> u64 {
        let features: Vec<String> =
            key.split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
        let mut counts = [0u32; 64];
        for f in &features {
            let h = xxh3_64_with_seed(f.as_bytes(), SIMHASH_SEED);
            for (b, c) in counts.iter_mut().enumerate() {
                *c += ((h >> b) & 1) as u32;
            }
        }
        let mut out = 0;
        for (b, &c) in counts.iter().enumerate() {
            if 2 * c as usize > features.len() {
                out |= 1u64 << b;
            }
        }
        out
    }

    #[test]
    fn spread_places_bit_k_at_bit_8k() {
        for byte in 0..=255u64 {
            let mut want = 0u64;
            for k in 0..8 {
                want |= ((byte >> k) & 1) << (8 * k);
            }
            assert_eq!(spread(byte), want, "byte {byte:#04x}");
        }
    }

    /// The majority bits of `hashes`, counted one bit at a time.
    fn naive_majority(hashes: &[u64]) -> u64 {
        let mut out = 0;
        for b in 0..64 {
            let count = hashes.iter().filter(|&&h| (h >> b) & 1 == 1).count();
            if 2 * count > hashes.len() {
                out |= 1u64 << b;
            }
        }
        out
    }

    /// Both accumulators against bit-by-bit counting, at every length
    /// around the 255-feature flush, with random hashes, all-ones hashes
    /// (every count at its maximum) and half-and-half ties.
    #[test]
    fn accumulators_count_like_the_definition() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let lengths =
            [0, 1, 2, 3, 4, 17, 127, 128, 253, 254, 255, 256, 257, 509, 510, 511, 765, 1000];
        for &n in &lengths {
            let random: Vec<u64> = (0..n).map(|_| next()).collect();
            let ones = vec![u64::MAX; n];
            let ties: Vec<u64> = (0..n).map(|i| if i % 2 == 0 { u64::MAX } else { 0 }).collect();
            let sparse: Vec<u64> = (0..n).map(|_| next() & next() & next()).collect();
            for hashes in [&random, &ones, &ties, &sparse] {
                let want = naive_majority(hashes);
                let mut swar = SwarAccumulator::new();
                let mut acc = SimHashAccumulator::new();
                for &h in hashes.iter() {
                    swar.add(h);
                    acc.add(h);
                }
                assert_eq!(swar.finish(), want, "SWAR, {n} features");
                assert_eq!(acc.finish(), want, "accumulator, {n} features");
            }
        }
    }

    /// Every offset of a space, for every length from 0 to 70 bytes
    /// (inside and across the sixteen-byte windows and the overlapping
    /// last one), with Arabic letters, spaces and other ASCII.
    #[test]
    fn spaces_found_at_every_offset() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let alphabet: [&[u8]; 5] = [b" ", "\u{628}".as_bytes(), b"a", b"  ", "\u{FEFB}".as_bytes()];
        for len in 0..=70 {
            for _ in 0..40 {
                let mut bytes = Vec::new();
                while bytes.len() < len {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    bytes.extend_from_slice(alphabet[(state % 5) as usize]);
                }
                let want: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == b' ').collect();
                let (mut got, mut swar) = (Vec::new(), Vec::new());
                for_each_space(&bytes, |i| got.push(i));
                for_each_space_swar(&bytes, |i| swar.push(i));
                assert_eq!(got, want, "{bytes:?}");
                assert_eq!(swar, want, "SWAR, {bytes:?}");
            }
        }
    }

    #[test]
    fn simhash_equals_naive_definition() {
        let long = "كلمة ".repeat(300);
        for key in
            ["", "a", "ab", "abc", "abcd", "ب", "بت", "السلام عليكم", "a b c d e f", long.trim_end()]
        {
            assert_eq!(Fingerprint::of_key(key).as_u64(), naive(key), "{key:?}");
        }
    }

    /// `grams` packed as documented, from their chars, with
    /// `bits` bits per char and `tag` for a 3-char gram.
    fn packed_by_definition(grams: &[&str], bits: u32, tag: u128) -> Vec<u128> {
        grams
            .iter()
            .map(|g| {
                let short = if g.chars().count() == 3 { tag } else { 0 };
                g.chars().fold(0u128, |w, c| (w << bits) | u128::from(u32::from(c))) | short
            })
            .collect()
    }

    #[test]
    fn char_4grams_of_short_and_long_keys() {
        let cases: [(&str, &[&str]); 7] = [
            ("", &[]),
            ("a", &[" a "]),
            ("ab", &[" ab "]),
            ("abc", &[" abc", "abc "]),
            ("بيت", &[" بيت", "بيت "]),
            ("ab cd", &[" ab ", "ab c", "b cd", " cd "]),
            (
                "\u{FFFF}\u{1}\u{FFFF}€",
                &[" \u{FFFF}\u{1}\u{FFFF}", "\u{FFFF}\u{1}\u{FFFF}€", "\u{1}\u{FFFF}€ "],
            ),
        ];
        for (key, grams) in cases {
            assert!(grams_fit_u64(key));
            let (mut wide, mut narrow) = (Vec::new(), Vec::new());
            for_each_char_4gram(key, |g: u128| wide.push(g));
            for_each_char_4gram(key, |g: u64| narrow.push(u128::from(g)));
            assert_eq!(wide, packed_by_definition(grams, 21, 1 << 84), "{key:?}");
            assert_eq!(narrow, packed_by_definition(grams, 16, 0), "{key:?}");
        }
        // Beyond U+FFFF and with U+0000, only the wide packing is one to
        // one: a one-char key's gram differs from the 4-gram of a key that
        // starts with U+0000.
        for key in ["\u{10FFFF}\u{0}\u{10000}", "\u{0}a", "a\u{0}", "\u{1F600}"] {
            assert!(!grams_fit_u64(key), "{key:?}");
        }
        let wide = |key: &str| {
            let mut v = Vec::new();
            for_each_char_4gram(key, |g: u128| v.push(g));
            v
        };
        assert_eq!(
            wide("\u{10FFFF}\u{0}\u{10000}"),
            packed_by_definition(
                &[" \u{10FFFF}\u{0}\u{10000}", "\u{10FFFF}\u{0}\u{10000} "],
                21,
                1 << 84
            )
        );
        assert_ne!(wide("a"), wide("\u{0}a"));
        assert_eq!(wide("a"), [(1 << 84) | (0x20 << 42) | (0x61 << 21) | 0x20]);
    }
}
