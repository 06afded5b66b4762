//! The normalization rules written as literally as DESIGN.md states them: one
//! step after the other, each over the whole text.
//!
//! This is the definition the fast single pass (`pass.rs`) is tested against,
//! and the path it falls back to for the rare text it does not handle itself
//! (non-Arabic combining sequences and compatibility characters that need full
//! NFKC).

use unicode_normalization::UnicodeNormalization;

use super::Rules;
use super::chars::{
    HIGH_HAMZA, TATWEEL, ZWJ, ZWNJ, arabic_digit_value, fold_persian_urdu, is_alef_variant,
    is_arabic_mark, is_invisible_selector, is_white_space, is_word_boundary,
};

/// The display tier, rules 1 to 5 in order.
#[cfg(any(test, fuzzing))]
pub(crate) fn display(text: &str, rules: &Rules) -> String {
    use super::chars::{
        TATWEEL, is_arabic_letter, is_invisible_control, is_mark, is_presentation_form,
    };
    use super::table::presentation_expansion;

    // 1. Presentation forms -> their compatibility decomposition.
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match presentation_expansion(c) {
            Some(exp) if rules.presentation_forms && is_presentation_form(c) => s.push_str(exp),
            _ => s.push(c),
        }
    }
    // 2. Invisible controls deleted.
    if rules.remove_invisible_controls {
        s.retain(|c| !is_invisible_control(c));
    }
    // 3. Tatweel deleted where it stretches a letter.
    if rules.remove_tatweel {
        let mut out = String::with_capacity(s.len());
        let mut after_letter = false;
        for c in s.chars() {
            if c == TATWEEL {
                if !after_letter {
                    out.push(c);
                }
                continue;
            }
            out.push(c);
            after_letter = is_arabic_letter(c) || (after_letter && is_mark(c));
        }
        s = out;
    }
    // 4. White space runs -> one space, trimmed.
    if rules.collapse_whitespace {
        let mut out = String::with_capacity(s.len());
        for word in s.split(is_white_space).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        s = out;
    }
    // 5. NFC.
    if rules.nfc && !unicode_normalization::is_nfc(&s) {
        s = s.nfc().collect();
    }
    s
}

/// The matching tier applied to a display-tier output, repeated until it no
/// longer changes (a deletion can bring together two characters that NFKC
/// composes), so that the key is a fixed point.
pub(crate) fn matching_from_display(display: &str, rules: &Rules) -> String {
    let mut key = matching_step(display, rules);
    for _ in 0..8 {
        let next = matching_step(&key, rules);
        if next == key {
            break;
        }
        key = next;
    }
    key
}

/// The matching tier from raw text.
#[cfg(any(test, fuzzing))]
pub(crate) fn matching(text: &str, rules: &Rules) -> String {
    matching_from_display(&display(text, rules), rules)
}

/// Folds one character of an NFKC text as the matching tier does; `None`
/// deletes it.
pub(crate) fn fold_char(c: char, rules: &Rules) -> Option<char> {
    if rules.remove_tashkeel && is_arabic_mark(c) {
        return None;
    }
    if rules.remove_joiners && (c == ZWNJ || c == ZWJ || is_invisible_selector(c)) {
        return None;
    }
    // Without rule 16 a tatweel left in a key would be deleted by the
    // display tier of a second pass (a joiner deleted above can bring it
    // next to a letter): it goes now, so the key is a fixed point.
    if !rules.split_on_punctuation && c == TATWEEL {
        return None;
    }
    if rules.unify_hamza && c == HIGH_HAMZA {
        return None;
    }
    let mut c = c;
    if rules.unify_alef && is_alef_variant(c) {
        c = '\u{0627}';
    }
    if rules.alef_maksura_to_yeh && c == '\u{0649}' {
        c = '\u{064A}';
    }
    if rules.teh_marbuta_to_heh && c == '\u{0629}' {
        c = '\u{0647}';
    }
    if rules.unify_hamza {
        c = match c {
            '\u{0624}' => '\u{0648}',
            '\u{0626}' => '\u{064A}',
            _ => c,
        };
    }
    if rules.fold_persian_urdu {
        if let Some(f) = fold_persian_urdu(c) {
            c = f;
        }
    }
    if rules.arabic_indic_digits_to_ascii {
        if let Some(v) = arabic_digit_value(c) {
            c = char::from_digit(v, 10).unwrap_or(c);
        }
    }
    Some(c)
}

fn matching_step(text: &str, rules: &Rules) -> String {
    // Without rule 6, rule 5 still holds for the key: a deletion (U+0674,
    // a joiner) can bring two marks together out of canonical order, and
    // the next step puts them back.
    let normalized: String;
    let text = if rules.nfkc {
        normalized = text.nfkc().collect();
        &normalized
    } else if rules.nfc && !unicode_normalization::is_nfc(text) {
        normalized = text.nfc().collect();
        &normalized
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
    let mut sep = false;
    for c in text.chars() {
        let Some(c) = fold_char(c, rules) else {
            continue;
        };
        if is_white_space(c) || (rules.split_on_punctuation && is_word_boundary(c)) {
            sep = !out.is_empty();
            continue;
        }
        if sep {
            out.push(' ');
            sep = false;
        }
        if rules.lowercase {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
