//! Code point classes used by the normalization rules, as `match` ranges.
//!
//! Every class here is written out from DESIGN.md ("The two normalization
//! tiers") with the code points by number. The fast tables in `table.rs` are
//! built from these predicates, and the reference implementation in
//! `reference.rs` uses them directly, so both agree by construction.

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// ARABIC TATWEEL (kashida), U+0640.
pub(crate) const TATWEEL: char = '\u{0640}';
/// ZERO WIDTH NON-JOINER, U+200C: kept by the display tier.
pub(crate) const ZWNJ: char = '\u{200C}';
/// ZERO WIDTH JOINER, U+200D: kept by the display tier.
pub(crate) const ZWJ: char = '\u{200D}';
/// ARABIC LETTER HIGH HAMZA, U+0674 (left by NFKC of U+0675..U+0678).
pub(crate) const HIGH_HAMZA: char = '\u{0674}';
/// RIAL SIGN, U+FDFC.
#[cfg(test)]
pub(crate) const RIAL_SIGN: char = '\u{FDFC}';

/// Arabic-script letters after which a tatweel run is a kashida (display
/// rule 3): U+0620..U+064A (but not tatweel U+0640 itself), U+066E..U+06D3,
/// U+06D5, U+06EE..U+06EF, U+06FA..U+06FC, U+06FF, U+0750..U+077F,
/// U+08A0..U+08C9.
pub(crate) const fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}')
}

/// Invisible controls deleted by display rule 2: SOFT HYPHEN U+00AD, ARABIC
/// LETTER MARK U+061C, ZERO WIDTH SPACE U+200B, LRM/RLM U+200E/U+200F,
/// embeddings and overrides U+202A..U+202E, WORD JOINER U+2060, isolates
/// U+2066..U+2069 and ZERO WIDTH NO-BREAK SPACE (BOM) U+FEFF. ZWNJ U+200C and
/// ZWJ U+200D are not in the class.
pub(crate) const fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{061C}'
        | '\u{200B}'
        | '\u{200E}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Arabic presentation forms expanded by display rule 1: Presentation Forms-A
/// U+FB50..U+FDFF and Presentation Forms-B U+FE70..U+FEFC.
pub(crate) const fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

/// Presentation forms of isolated marks, whose compatibility decomposition
/// starts with a SPACE that display rule 1 drops: U+FE70..U+FE7F (the even
/// code points; the odd ones decompose to tatweel + mark) and U+FC5E..U+FC63.
#[cfg(test)]
pub(crate) const fn is_isolated_mark_form(c: char) -> bool {
    matches!(c, '\u{FE70}'..='\u{FE7F}' | '\u{FC5E}'..='\u{FC63}')
}

/// Unicode White_Space (display rule 4): tab, LF, VT, FF, CR, SPACE, NEL,
/// NBSP, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
pub(crate) const fn is_white_space(c: char) -> bool {
    matches!(c,
        '\u{0009}'..='\u{000D}'
        | ' '
        | '\u{0085}'
        | '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{2028}'..='\u{2029}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}')
}

/// Arabic marks deleted by the matching tier (never replaced by a space):
/// U+0610..U+061A, U+064B..U+065F, U+0670, U+06D6..U+06ED (including the end
/// of ayah U+06DD and the symbols inside the range), U+0897..U+089F,
/// U+08CA..U+08FF (DESIGN.md lists U+08D3..U+08FF; the marks of Arabic
/// Extended-A and -B added in Unicode 14 and 16 are deleted the same way).
pub(crate) const fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0897}'..='\u{089F}'
        | '\u{08CA}'..='\u{08FF}')
}

/// Alef forms unified to ALEF U+0627 by the matching tier: آ U+0622,
/// أ U+0623, إ U+0625, ٱ U+0671, ٲ U+0672, ٳ U+0673, ٵ U+0675.
pub(crate) const fn is_alef_variant(c: char) -> bool {
    matches!(c, '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}'..='\u{0673}' | '\u{0675}')
}

/// The value of an Arabic-Indic digit U+0660..U+0669 or an Extended
/// Arabic-Indic (Persian) digit U+06F0..U+06F9.
pub(crate) const fn arabic_digit_value(c: char) -> Option<u32> {
    match c {
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// Persian and Urdu look-alikes folded by the matching tier: KEHEH U+06A9
/// → KAF U+0643; FARSI YEH U+06CC, YEH BARREE U+06D2 and U+06D3 → YEH U+064A;
/// HEH WITH YEH ABOVE U+06C0, HEH GOAL U+06C1, U+06C2, TEH MARBUTA GOAL
/// U+06C3, HEH DOACHASHMEE U+06BE and AE U+06D5 → HEH U+0647.
pub(crate) const fn fold_persian_urdu(c: char) -> Option<char> {
    match c {
        '\u{06A9}' => Some('\u{0643}'),
        '\u{06CC}' | '\u{06D2}' | '\u{06D3}' => Some('\u{064A}'),
        '\u{06BE}' | '\u{06C0}'..='\u{06C3}' | '\u{06D5}' => Some('\u{0647}'),
        _ => None,
    }
}

/// Characters that end a word in the matching key: general categories P*
/// (punctuation), S* (symbols), Z* (separators), Cc (controls) and Cf
/// (format), plus TATWEEL U+0640 that the display tier kept.
pub(crate) fn is_word_boundary(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_alphanumeric();
    }
    if c == TATWEEL {
        return true;
    }
    use unicode_properties::GeneralCategory as G;
    match c.general_category_group() {
        GeneralCategoryGroup::Punctuation
        | GeneralCategoryGroup::Symbol
        | GeneralCategoryGroup::Separator => true,
        GeneralCategoryGroup::Other => {
            matches!(c.general_category(), G::Control | G::Format)
        }
        // Enclosing marks (the keycap U+20E3, circles) draw a symbol.
        GeneralCategoryGroup::Mark => c.general_category() == G::EnclosingMark,
        _ => false,
    }
}

/// Characters that only select how their neighbour looks, deleted with the
/// joiners by the matching tier: variation selectors U+FE00..U+FE0F and
/// U+E0100..U+E01EF, COMBINING GRAPHEME JOINER U+034F, and the Mongolian
/// free variation selectors U+180B..U+180D and U+180F. Without this, an
/// emoji's U+FE0F would be a word of the key.
pub(crate) const fn is_invisible_selector(c: char) -> bool {
    matches!(c,
        '\u{FE00}'..='\u{FE0F}'
        | '\u{E0100}'..='\u{E01EF}'
        | '\u{034F}'
        | '\u{180B}'..='\u{180D}'
        | '\u{180F}')
}

/// General category Mark (Mn, Mc, Me): the characters display rule 3 lets
/// stand between a letter and a tatweel run.
pub(crate) fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}
