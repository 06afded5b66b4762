//! Per-code-point actions of both tiers, precomputed for the code points news
//! text is made of.
//!
//! [`Entry::compute`] derives a code point's action from the predicates in
//! `chars.rs` and a rule set; [`Table`] caches it for U+0000..U+08FF (ASCII,
//! Latin-1, Arabic, Arabic Supplement, Arabic Extended-A/B), for General
//! Punctuation U+2000..U+206F and for the Arabic presentation forms
//! U+FB50..U+FEFF, so the hot loop does one array load per character.
//! Every other code point is computed when met.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfkc_quick};

use super::Rules;
use super::block::Blocks;
use super::chars::{
    TATWEEL, is_arabic_letter, is_invisible_control, is_mark, is_presentation_form, is_white_space,
    is_word_boundary,
};
use super::presentation::{FORMS_A, FORMS_B};
use super::reference::fold_char;

/// The compatibility expansion display rule 1 gives a presentation form, or
/// `None` when `c` is not one or has no decomposition.
pub(crate) fn presentation_expansion(c: char) -> Option<&'static str> {
    let u = c as u32;
    let s = match u {
        0xFB50..=0xFDFF => FORMS_A[(u - 0xFB50) as usize],
        0xFE70..=0xFEFC => FORMS_B[(u - 0xFE70) as usize],
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// What the display tier does with a code point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Disp {
    /// Emitted unchanged.
    Keep,
    /// Deleted (an invisible control).
    Delete,
    /// White space: collapsed into one space between visible characters.
    Space,
    /// TATWEEL: deleted after a letter, kept elsewhere.
    Tatweel,
    /// A presentation form, replaced by its expansion.
    Expand,
}

/// What the matching tier does with a code point that the display tier
/// emitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mat {
    /// Part of a word, as the entry's `out` character.
    Word,
    /// Deleted without a boundary (marks, joiners).
    Delete,
    /// Ends the current word.
    Boundary,
    /// Replaced by its NFKC expansion (the table's `nfkc` entry
    /// `expansion`), whose characters are then folded one by one. Only for
    /// characters whose expansion cannot compose with its neighbours.
    Expand,
    /// Needs full NFKC or a multi-character lowercase: the whole text takes
    /// the reference path.
    Slow,
}

/// Flag: an Arabic-script letter for the tatweel rule.
pub(crate) const LETTER: u8 = 1;
/// Flag: general category Mark.
pub(crate) const MARK: u8 = 2;
/// Flag: NFC quick check is not Yes; the display output needs NFC.
pub(crate) const NFC_CHECK: u8 = 4;
/// Flag: both tiers emit the character unchanged and it is a word character
/// of the key that changes no state but the tatweel rule's (display Keep,
/// not a mark, combining class 0, NFC quick check Yes, matching Word with
/// itself as output, and not White_Space). Runs of such characters are
/// copied whole.
pub(crate) const PLAIN: u8 = 8;
/// Flag: like [`PLAIN`] for the display tier, but the key has another
/// single character in its place (a folded letter, an upper-case letter, an
/// Arabic-Indic digit): runs go on through it.
pub(crate) const KEY_MAPPED: u8 = 16;
/// Flag: like [`PLAIN`] for the display tier, but a word boundary in the
/// key (punctuation such as ، « » . and symbols): runs go on through it.
pub(crate) const KEY_BOUNDARY: u8 = 32;

/// The actions of one code point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The matching tier's output character when `mat` is [`Mat::Word`].
    pub(crate) out: char,
    pub(crate) disp: Disp,
    pub(crate) mat: Mat,
    pub(crate) flags: u8,
    /// Canonical combining class.
    pub(crate) ccc: u8,
    /// Index of the NFKC expansion when `mat` is [`Mat::Expand`].
    pub(crate) expansion: u16,
}

impl Entry {
    /// Derives the actions of `c` under `rules`.
    pub(crate) fn compute(c: char, rules: &Rules) -> Entry {
        let disp = if rules.presentation_forms
            && is_presentation_form(c)
            && presentation_expansion(c).is_some()
        {
            Disp::Expand
        } else if rules.remove_invisible_controls && is_invisible_control(c) {
            Disp::Delete
        } else if rules.remove_tatweel && c == TATWEEL {
            Disp::Tatweel
        } else if rules.collapse_whitespace && is_white_space(c) {
            Disp::Space
        } else {
            Disp::Keep
        };
        let mut flags = 0;
        if is_arabic_letter(c) {
            flags |= LETTER;
        }
        if is_mark(c) {
            flags |= MARK;
        }
        let ccc = canonical_combining_class(c);
        if rules.nfc && is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
            flags |= NFC_CHECK;
        }
        let (mut mat, out) = Self::matching_action(c, ccc, rules);
        // Rule 5 composes a character whose NFC_Quick_Check is not Yes with
        // the one before it (ا + U+0654 → أ) before the key is taken, so its
        // key is not its own: the text takes the reference path.
        // `Table::new` relaxes this for marks whose every composition keys
        // like the pair. Rule 6 composes too (أ + U+0655 → إ + U+0654), with
        // rule 5 on or off.
        let composes = flags & NFC_CHECK != 0
            || (rules.nfkc && is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes);
        if composes && matches!(mat, Mat::Word | Mat::Delete) {
            mat = Mat::Slow;
        }
        if disp == Disp::Keep && flags & (MARK | NFC_CHECK) == 0 && ccc == 0 && !is_white_space(c) {
            flags |= match mat {
                Mat::Word if out == c => PLAIN,
                Mat::Word => KEY_MAPPED,
                Mat::Boundary => KEY_BOUNDARY,
                _ => 0,
            };
        }
        Entry { out, disp, mat, flags, ccc, expansion: 0 }
    }

    fn matching_action(c: char, ccc: u8, rules: &Rules) -> (Mat, char) {
        let Some(folded) = fold_char(c, rules) else {
            return (Mat::Delete, c);
        };
        // A character NFKC would change, or one that NFKC may reorder or
        // compose with its neighbours, is left to the reference path. So is
        // a kept mark under NFC without NFKC: a deleted starter before it
        // (U+0674, a joiner, a tatweel) can leave it out of canonical order
        // or next to a base it composes with, and the key is composed again.
        if rules.nfkc && (ccc != 0 || is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes) {
            return (Mat::Slow, c);
        }
        if rules.nfc && ccc != 0 {
            return (Mat::Slow, c);
        }
        if is_white_space(folded) || (rules.split_on_punctuation && is_word_boundary(folded)) {
            return (Mat::Boundary, c);
        }
        if !rules.lowercase {
            return (Mat::Word, folded);
        }
        let mut lower = folded.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None)
                if !rules.nfkc || is_nfkc_quick(std::iter::once(l)) == IsNormalized::Yes =>
            {
                (Mat::Word, l)
            }
            _ => (Mat::Slow, c),
        }
    }
}

/// First code point after the low table.
const LOW_END: u32 = 0x0900;
/// General Punctuation, U+2000..U+206F.
const PUNCT: std::ops::Range<u32> = 0x2000..0x2070;
/// Arabic Presentation Forms-A and -B, with the variation selectors and
/// other blocks between them: U+FB50..U+FEFF.
const FORMS: std::ops::Range<u32> = 0xFB50..0xFF00;

/// The code point of the two-byte UTF-8 sequence `b0 b1` (below U+0800).
#[inline(always)]
pub(crate) fn code_point_2(b0: u8, b1: u8) -> usize {
    (((b0 & 0x1F) as usize) << 6) | (b1 & 0x3F) as usize
}

/// The Arabic block, U+0600..U+06FF.
const ARABIC: std::ops::Range<u32> = 0x0600..0x0700;

/// Gives back their own key action to the marks of the Arabic block that rule
/// 5 may compose with the character before them (U+0653..U+0655, madda and
/// hamza above and below), when every composition keys exactly as the base
/// and the mark do apart: under the default rules أ keys as ا, and ا + U+0654
/// as ا followed by nothing. Under a rule set that keeps أ, the mark stays
/// on the reference path. Every composition with such a mark has its base
/// and its result below [`LOW_END`] (checked by a test over all of
/// Unicode), so the scan of the bases below it is complete.
fn relax_composing_marks(low: &mut [Entry], rules: &Rules) {
    let key_of = |e: &Entry| match e.mat {
        Mat::Word => Some(e.out.to_string()),
        Mat::Delete => Some(String::new()),
        _ => None,
    };
    // The Arabic block: the marks whose compositions all lie below
    // LOW_END. (Latin marks also compose with Greek and Vietnamese letters
    // above it, and stay on the reference path.)
    for u in ARABIC {
        let e = low[u as usize];
        let Some(c) = char::from_u32(u) else { continue };
        if e.mat != Mat::Slow || e.flags & NFC_CHECK == 0 || e.ccc == 0 {
            continue;
        }
        let (local, out) = Entry::matching_action(c, e.ccc, rules);
        let mark_key = match local {
            Mat::Word => out.to_string(),
            Mat::Delete => String::new(),
            _ => continue,
        };
        let consistent = (0..LOW_END).all(|b| {
            let Some(base) = char::from_u32(b) else { return true };
            let Some(x) = unicode_normalization::char::compose(base, c) else { return true };
            let composed = low.get(x as usize).and_then(key_of);
            let pair = key_of(&low[b as usize]).map(|k| k + &mark_key);
            composed.is_some() && composed == pair
        });
        if consistent {
            low[u as usize].mat = local;
        }
    }
}

/// Cached entries for one rule set.
#[derive(Clone)]
pub(crate) struct Table {
    low: Box<[Entry]>,
    punct: Box<[Entry]>,
    forms: Box<[Entry]>,
    /// The flags of U+0000..U+07FF (one- and two-byte UTF-8), apart, so the
    /// run loop reads one byte per character.
    fast: Box<[u8; 0x800]>,
    /// The sixteen-byte classifier for runs of Arabic words.
    blocks: Blocks,
    /// NFKC expansions of the cached characters whose entry is
    /// [`Mat::Expand`].
    nfkc: Vec<Box<str>>,
    rules: Rules,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").finish_non_exhaustive()
    }
}

impl Table {
    pub(crate) fn new(rules: &Rules) -> Table {
        let build = |range: std::ops::Range<u32>| -> Box<[Entry]> {
            range.map(|u| Entry::compute(char::from_u32(u).unwrap_or('\u{FFFD}'), rules)).collect()
        };
        let mut low = build(0..LOW_END);
        let mut punct = build(PUNCT);
        let mut forms = build(FORMS);
        relax_composing_marks(&mut low, rules);
        let mut fast = Box::new([0u8; 0x800]);
        for (f, e) in fast.iter_mut().zip(low.iter()) {
            *f = e.flags;
        }
        // Compatibility characters whose NFKC expansion is made of starters
        // that NFKC leaves alone are expanded in the pass; the others keep
        // the reference path.
        let mut nfkc = Vec::new();
        for (start, entries) in
            [(0u32, &mut low), (PUNCT.start, &mut punct), (FORMS.start, &mut forms)]
        {
            for (k, e) in entries.iter_mut().enumerate() {
                let Some(c) = char::from_u32(start + k as u32) else { continue };
                if e.mat != Mat::Slow || e.ccc != 0 || !rules.nfkc {
                    continue;
                }
                let expansion: String = std::iter::once(c).nfkc().collect();
                let simple = expansion.chars().all(|x| {
                    canonical_combining_class(x) == 0
                        && is_nfkc_quick(std::iter::once(x)) == IsNormalized::Yes
                        && is_nfc_quick(std::iter::once(x)) == IsNormalized::Yes
                });
                if simple && !expansion.is_empty() && nfkc.len() < u16::MAX as usize {
                    e.mat = Mat::Expand;
                    e.expansion = nfkc.len() as u16;
                    nfkc.push(expansion.into_boxed_str());
                }
            }
        }
        let blocks = Blocks::new(&fast);
        Table { low, punct, forms, fast, blocks, nfkc, rules: *rules }
    }

    /// The sixteen-byte classifier for runs of Arabic words.
    #[inline(always)]
    pub(crate) fn blocks(&self) -> &Blocks {
        &self.blocks
    }

    /// The NFKC expansion of an entry whose `mat` is [`Mat::Expand`].
    #[inline(always)]
    pub(crate) fn nfkc_expansion(&self, e: &Entry) -> &str {
        self.nfkc.get(e.expansion as usize).map_or("", |s| s)
    }

    /// The flags, UTF-8 length and code point of the character at
    /// `bytes[i]` when it is one or two bytes long; `(0, 0, 0)` otherwise.
    /// `i` is a char boundary.
    #[inline(always)]
    pub(crate) fn fast_flags(&self, bytes: &[u8], i: usize) -> (u8, usize, usize) {
        let b0 = bytes[i];
        if b0 < 0x80 {
            (self.fast[b0 as usize], 1, b0 as usize)
        } else if b0 < 0xE0 {
            let b1 = bytes.get(i + 1).copied().unwrap_or(0);
            let cp = code_point_2(b0, b1);
            (self.fast[cp], 2, cp)
        } else {
            (0, 0, 0)
        }
    }

    /// The flags of the two-byte character `b0 b1` (`b0` a lead byte of a
    /// two-byte sequence).
    #[inline(always)]
    pub(crate) fn fast_flags_2(&self, b0: u8, b1: u8) -> u8 {
        self.fast[code_point_2(b0, b1)]
    }

    /// The key's character for a code point below U+0800 flagged
    /// [`KEY_MAPPED`].
    #[inline(always)]
    pub(crate) fn mapped(&self, cp: usize) -> char {
        self.low[cp].out
    }

    /// The entry of `c`.
    #[inline(always)]
    pub(crate) fn get(&self, c: char) -> Entry {
        let u = c as u32;
        if u < LOW_END {
            self.low[u as usize]
        } else if PUNCT.contains(&u) {
            self.punct[(u - PUNCT.start) as usize]
        } else if FORMS.contains(&u) {
            self.forms[(u - FORMS.start) as usize]
        } else {
            Entry::compute(c, &self.rules)
        }
    }

    /// The canonical combining class of `c` and whether its NFC_Quick_Check
    /// is other than Yes (for a table built with the NFC rule on).
    #[inline]
    pub(crate) fn nfc_properties(&self, c: char) -> (u8, bool) {
        if (c as u32) < LOW_END {
            let e = self.low[c as usize];
            (e.ccc, e.flags & NFC_CHECK != 0)
        } else {
            (canonical_combining_class(c), is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes)
        }
    }

    pub(crate) fn rules(&self) -> &Rules {
        &self.rules
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use unicode_normalization::UnicodeNormalization;

    use super::*;

    /// Renders `src/normalize/presentation.rs` from `unicode-normalization`.
    fn render_presentation_table() -> String {
        let header = include_str!("presentation.rs")
            .split("/// Expansions of Arabic Presentation Forms-A")
            .next()
            .unwrap_or_default()
            .to_string();
        let mut out = header;
        for (name, range, doc) in [
            ("FORMS_A", 0xFB50u32..=0xFDFF, "Arabic Presentation Forms-A, U+FB50..=U+FDFF"),
            ("FORMS_B", 0xFE70u32..=0xFEFC, "Arabic Presentation Forms-B, U+FE70..=U+FEFC"),
        ] {
            let len = range.clone().count();
            if name == "FORMS_B" {
                out.push('\n');
            }
            writeln!(out, "/// Expansions of {doc}, by offset.").unwrap();
            writeln!(out, "pub(crate) static {name}: [&str; {len}] = [").unwrap();
            for u in range {
                let c = char::from_u32(u).unwrap();
                let mut s: String = std::iter::once(c).nfkc().collect();
                if s == c.to_string() {
                    s.clear();
                }
                if super::super::chars::is_isolated_mark_form(c) {
                    s = s.trim_start_matches(' ').to_string();
                }
                if c == super::super::chars::RIAL_SIGN {
                    s = "\u{0631}\u{064A}\u{0627}\u{0644}".to_string();
                }
                let esc: String = s.chars().map(|c| format!("\\u{{{:04X}}}", c as u32)).collect();
                writeln!(out, "    \"{esc}\", // U+{u:04X}").unwrap();
            }
            writeln!(out, "];").unwrap();
        }
        out
    }

    #[test]
    fn presentation_table_is_current() {
        let expected = render_presentation_table();
        if std::env::var_os("NAQI_REGENERATE_TABLES").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/normalize/presentation.rs");
            std::fs::write(path, &expected).unwrap();
            return;
        }
        assert!(
            expected == include_str!("presentation.rs"),
            "src/normalize/presentation.rs is stale: run \
             NAQI_REGENERATE_TABLES=1 cargo test --lib presentation_table"
        );
    }

    /// `relax_composing_marks` scans bases below U+0900 only: every
    /// character whose canonical decomposition holds a mark of the Arabic
    /// block that may compose (NFC_Quick_Check not Yes, combining class not
    /// 0) lies below U+0900, with all of its decomposition.
    #[test]
    fn compositions_with_arabic_marks_stay_below_the_low_table() {
        use unicode_normalization::char::decompose_canonical;
        let composing = |c: char| {
            ARABIC.contains(&(c as u32))
                && canonical_combining_class(c) != 0
                && is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes
        };
        let mut found = Vec::new();
        for u in 0..=0x10FFFFu32 {
            let Some(x) = char::from_u32(u) else { continue };
            let mut parts = Vec::new();
            decompose_canonical(x, |p| parts.push(p));
            if parts.len() > 1 && parts.iter().any(|&p| composing(p)) {
                assert!(parts.iter().all(|&p| (p as u32) < LOW_END), "U+{u:04X}");
                found.push(x);
            }
        }
        assert_eq!(found, ['آ', 'أ', 'ؤ', 'إ', 'ئ', 'ۀ', 'ۂ', 'ۓ']);
    }

    #[test]
    fn cached_entries_equal_computed_entries() {
        for rules in [Rules::DISPLAY, Rules::MATCHING] {
            let table = Table::new(&rules);
            let mut expanded = Vec::new();
            let mut relaxed = Vec::new();
            for u in (0..LOW_END).chain(PUNCT).chain(FORMS) {
                let c = char::from_u32(u).unwrap();
                let (cached, computed) = (table.get(c), Entry::compute(c, &rules));
                if cached.mat == Mat::Expand {
                    // The table expands what the computed entry leaves to the
                    // reference path; everything else is the same.
                    assert_eq!(computed.mat, Mat::Slow, "U+{u:04X}");
                    assert_eq!(Entry { mat: Mat::Slow, expansion: 0, ..cached }, computed);
                    expanded.push((c, table.nfkc_expansion(&cached).to_string()));
                } else if cached.mat != computed.mat && computed.mat == Mat::Slow {
                    // A composing mark the table gave back its own action.
                    assert!(cached.flags & NFC_CHECK != 0 && cached.ccc != 0, "U+{u:04X}");
                    assert_eq!(Entry { mat: Mat::Slow, ..cached }, computed, "U+{u:04X}");
                    relaxed.push(c);
                } else {
                    assert_eq!(cached, computed, "U+{u:04X}");
                }
            }
            let find = |c: char| expanded.iter().find(|(x, _)| *x == c).map(|(_, e)| e.as_str());
            assert_eq!(find('\u{2026}'), Some("..."));
            assert_eq!(find('\u{00BD}'), Some("1\u{2044}2"));
            assert_eq!(find('\u{0675}'), Some("\u{0627}\u{0674}"));
            assert_eq!(find('\u{00A8}'), None, "diaeresis: NFKC gives a combining mark");
            assert_eq!(relaxed, ['\u{0653}', '\u{0654}', '\u{0655}']);
        }
    }
}
