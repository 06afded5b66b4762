//! Sixteen bytes at a time through the middle of a run of Arabic words.
//!
//! Most of a news paragraph is Arabic letters of the basic block, single
//! spaces and digits: bytes the display tier keeps as they are and the key
//! copies, apart from a few letters it folds (alef forms, teh marbuta, alef
//! maksura, hamza carriers). [`Blocks::scan`] classifies sixteen bytes with
//! SSE2 compares and returns how many of them the run loop may take at once
//! (a prefix ending after a letter), which of them start a folded letter,
//! and how many spaces (new words of the key) they hold. The scalar loop
//! handles everything else, one character at a time.
//!
//! The ranges are checked against the table when it is built: a rule set
//! under which a letter of U+0621..U+063A or U+0641..U+064A, or an ASCII
//! digit, is anything but a plain or folded word character gets no blocks.
//! Targets other than x86_64 get none either and run the scalar loop.
//!
//! # SSE2 without `unsafe`
//!
//! The SSE2 operations come from the `safe_arch` crate, whose functions are
//! compiled only where the target has the feature (SSE2 is the x86_64
//! baseline), so this crate keeps `unsafe_code = "forbid"`. SSE2 is needed
//! for speed: both tiers in one pass run at 1.4× the scalar loop with it,
//! while the same classification in safe eight-byte words (SWAR) made the
//! pass 0.9× the scalar loop (`cargo bench --bench normalize`, the large
//! input). The tests compare the pass with the step-by-step reference on
//! block-heavy random text, and the `normalize` fuzz target does the same
//! on fuzzed input mapped to Arabic words.

use super::table::{KEY_BOUNDARY, KEY_MAPPED, PLAIN, code_point_2};

/// At most this many ranges of folded letters are compared per block.
const MAX_MAPPED: usize = 4;

/// Letters U+0621..U+063A: lead byte 0xD8, continuation bytes 0xA1..=0xBA.
const D8_LETTERS: (u8, u8) = (0xA1, 0xBA);
/// Letters U+0641..U+064A: lead byte 0xD9, continuation bytes 0x81..=0x8A.
const D9_LETTERS: (u8, u8) = (0x81, 0x8A);

/// The block classifier of one table.
#[derive(Clone, Debug)]
pub(crate) struct Blocks {
    /// Whether the table's rules allow blocks at all.
    enabled: bool,
    /// Ranges of folded letters: lead byte, first continuation byte, and
    /// number of continuation bytes after the first.
    mapped: [(u8, u8, u8); MAX_MAPPED],
    /// Number of ranges in `mapped`.
    mapped_len: usize,
}

/// What [`Blocks::scan`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Block {
    /// Bytes to take, 2..=16; the last is the end of a letter.
    pub(crate) len: usize,
    /// Bit `j` set: a folded letter starts at byte `j`.
    pub(crate) mapped: u32,
    /// Spaces in the block, each between two word characters.
    pub(crate) spaces: u32,
    /// Bytes before the first one no block may hold (16 when all may):
    /// when fewer than 16, no block starts between the end of this one and
    /// that byte.
    pub(crate) clear: usize,
}

impl Blocks {
    /// The classifier for a table whose one- and two-byte flags are `fast`.
    pub(crate) fn new(fast: &[u8; 0x800]) -> Blocks {
        let mut blocks = Blocks { enabled: false, mapped: [(0, 0, 0); MAX_MAPPED], mapped_len: 0 };
        let word = |cp: usize| {
            let f = fast[cp];
            f & KEY_BOUNDARY == 0 && f & (PLAIN | KEY_MAPPED) != 0
        };
        let letters = [(0xD8u8, D8_LETTERS), (0xD9u8, D9_LETTERS)];
        let mut ok = (b'0'..=b'9').all(|b| fast[b as usize] & PLAIN != 0);
        for (lead, (lo, hi)) in letters {
            let mut run: Option<(u8, u8)> = None;
            for cont in lo..=hi {
                let cp = code_point_2(lead, cont);
                ok &= word(cp);
                let mapped = fast[cp] & KEY_MAPPED != 0;
                match (run, mapped) {
                    (None, true) => run = Some((cont, cont)),
                    (Some((first, _)), true) => run = Some((first, cont)),
                    (Some((first, last)), false) => {
                        ok &= blocks.push(lead, first, last);
                        run = None;
                    }
                    (None, false) => {}
                }
            }
            if let Some((first, last)) = run {
                ok &= blocks.push(lead, first, last);
            }
        }
        blocks.enabled = ok && cfg!(all(target_arch = "x86_64", target_feature = "sse2"));
        blocks
    }

    fn push(&mut self, lead: u8, first: u8, last: u8) -> bool {
        if self.mapped_len == MAX_MAPPED {
            return false;
        }
        self.mapped[self.mapped_len] = (lead, first, last - first);
        self.mapped_len += 1;
        true
    }

    /// Classifies `bytes[i..i + 16]` (`bytes[i + 16]` must exist too: it
    /// tells whether a space at byte 15 is followed by another). `i` is a
    /// char boundary right after a word character of a run. `Err(skip)`
    /// when no block starts at `i`, nor anywhere before `i + skip` (at
    /// least 1): no letter ends before the first byte a block may not hold,
    /// fewer than 17 bytes are left, or blocks are off.
    #[inline(always)]
    pub(crate) fn scan(&self, bytes: &[u8], i: usize) -> Result<Block, usize> {
        let rest = bytes.len().saturating_sub(i).max(1);
        if !self.enabled {
            return Err(rest);
        }
        match bytes.get(i..i + 17).and_then(|w| <&[u8; 17]>::try_from(w).ok()) {
            Some(window) => self.classify(window),
            None => Err(rest),
        }
    }

    /// [`scan`](Blocks::scan) on a window of 17 bytes, with SSE2.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[inline(always)]
    fn classify(&self, w: &[u8; 17]) -> Result<Block, usize> {
        use safe_arch::{
            bitand_m128i as and, bitandnot_m128i as andnot, bitor_m128i as or,
            cmp_eq_mask_i8_m128i as eq, m128i, move_mask_i8_m128i as movemask, set_i64_m128i,
            set_splat_i8_m128i, sub_i8_m128i, sub_saturating_u8_m128i, zeroed_m128i,
        };
        let word = |k: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&w[k..k + 8]);
            i64::from_le_bytes(b)
        };
        let this = set_i64_m128i(word(8), word(0));
        let next = set_i64_m128i(word(9), word(1));
        let splat = |b: u8| set_splat_i8_m128i(b as i8);
        // `v` within `lo..=lo + width`, unsigned.
        let in_range = |v: m128i, lo: u8, width: u8| {
            eq(sub_saturating_u8_m128i(sub_i8_m128i(v, splat(lo)), splat(width)), zeroed_m128i())
        };
        let lead_d8 = eq(this, splat(0xD8));
        let lead_d9 = eq(this, splat(0xD9));
        let space = eq(this, splat(b' '));
        let space_next = eq(next, splat(b' '));
        let cont = eq(and(this, splat(0xC0)), splat(0x80));
        let digit = in_range(this, b'0', 9);
        let letter_d8 = and(lead_d8, in_range(next, D8_LETTERS.0, D8_LETTERS.1 - D8_LETTERS.0));
        let letter_d9 = and(lead_d9, in_range(next, D9_LETTERS.0, D9_LETTERS.1 - D9_LETTERS.0));
        let good = or(or(letter_d8, letter_d9), or(or(cont, digit), andnot(space_next, space)));
        let good = movemask(good) as u32;
        // The prefix of good bytes, cut after its last continuation byte.
        let prefix = (!good).trailing_zeros().min(16);
        let conts = movemask(cont) as u32 & ((1u32 << prefix) - 1);
        if conts == 0 {
            // A later start holds the same stopper and no letter end
            // before it either.
            return Err(if prefix < 16 { prefix.max(1) as usize } else { 1 });
        }
        let len = 32 - conts.leading_zeros();
        let keep = (1u32 << len) - 1;
        let mut mapped = zeroed_m128i();
        for &(lead, lo, width) in &self.mapped[..self.mapped_len] {
            let m = and(eq(this, splat(lead)), in_range(next, lo, width));
            mapped = or(mapped, m);
        }
        let mapped = movemask(mapped) as u32 & keep;
        let spaces = (movemask(space) as u32 & keep).count_ones();
        Ok(Block { len: len as usize, mapped, spaces, clear: prefix as usize })
    }

    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    #[inline(always)]
    fn classify(&self, _w: &[u8; 17]) -> Result<Block, usize> {
        Err(17)
    }
}
