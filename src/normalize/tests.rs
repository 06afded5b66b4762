//! Unit tests: the fast pass against the step-by-step reference.

use super::*;

fn fast(n: &Normalizer, text: &str) -> String {
    n.normalize(text).into_owned()
}

fn reference(n: &Normalizer, text: &str) -> String {
    let rules = n.table.rules();
    if rules.matching { reference::matching(text, rules) } else { reference::display(text, rules) }
}

/// Every code point, alone and between Arabic letters, gives what the
/// reference gives, in both tiers.
#[test]
fn every_code_point_agrees_with_reference() {
    let tiers = [Normalizer::display(), Normalizer::matching()];
    let mut text = String::new();
    for u in 0..=0x10FFFFu32 {
        let Some(c) = char::from_u32(u) else { continue };
        for n in &tiers {
            for (pre, post) in [("", ""), ("بـ", "ـت"), ("a ", "\u{0301}"), ("ا", "\u{0654}ـ")]
            {
                text.clear();
                text.push_str(pre);
                text.push(c);
                text.push_str(post);
                let (f, r) = (fast(n, &text), reference(n, &text));
                assert_eq!(f, r, "U+{u:04X} in {text:?}, matching={}", n.is_matching());
            }
        }
    }
}

#[test]
fn borrowed_exactly_when_unchanged() {
    let d = Normalizer::display();
    let m = Normalizer::matching();
    for (n, text, borrowed) in [
        (&d, "مرحبا بالعالم", true),
        (&d, "", true),
        (&d, " مرحبا", false),
        (&d, "مرحبا ", false),
        (&d, "a  b", false),
        (&d, "وَلَدٌ", true),
        (&m, "مرحبا بالعالم", true),
        (&m, "مرحبا، بالعالم", false),
        (&m, "abc def", true),
        (&m, "Abc", false),
        (&m, "", true),
        (&m, "***", false),
    ] {
        let out = n.normalize(text);
        assert_eq!(matches!(out, Cow::Borrowed(_)), borrowed, "{text:?} -> {out:?}");
        assert_eq!(n.is_normalized(text), borrowed, "{text:?}");
    }
}

/// Random strings over the characters news text is made of (and some it
/// should not be): the fast pass equals the reference in both tiers.
#[test]
fn random_strings_agree_with_reference() {
    const ALPHABET: &[char] = &[
        'ا', 'ب', 'ت', 'ة', 'ى', 'أ', 'إ', 'آ', 'ؤ', 'ئ', 'ء', 'ل', 'م', 'ه', 'و', 'ي', 'ک', 'ی',
        'ە', 'ۀ', 'پ', '\u{064E}', '\u{0651}', '\u{064B}', '\u{0670}', '\u{0654}', '\u{0653}',
        '\u{06DD}', '\u{08F0}', 'ـ', ' ', ' ', ' ', '\u{00A0}', '\t', '\n', '\r', '\u{2028}',
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{200F}', '\u{202B}', '\u{FEFF}', '\u{00AD}', '،',
        '.', '…', '«', '»', '"', '-', '*', '#', '_', '١', '۲', '5', 'a', 'Z', 'é', 'e', '\u{0301}',
        'ﻻ', 'ﻷ', 'ﺑ', '\u{FE77}', '\u{FC60}', 'ﷺ', '﷼', '﷽', 'ﬁ', '½', 'İ', '🔴', '\u{0000}', 'ٵ',
        'ﹶ',
    ];
    let tiers = [Normalizer::display(), Normalizer::matching()];
    let mut x: u64 = 0x1234_5678_9ABC_DEF1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut text = String::new();
    for _ in 0..40_000 {
        text.clear();
        let len = next() % 24;
        for _ in 0..len {
            // Runs of plain letters and spaces, as in real text, most often.
            let r = next();
            let c = if r % 3 == 0 {
                ALPHABET[(r >> 8) as usize % ALPHABET.len()]
            } else {
                ['ب', 'ت', 'ل', ' ', 'm'][(r >> 8) as usize % 5]
            };
            text.push(c);
        }
        // Both tiers in one pass, as the cleaner runs them.
        let (mut display, mut key) = (String::new(), String::new());
        let (changed, words) = tiers[1].normalize_pair(&text, &mut display, &mut key);
        let shown = if changed { display.as_str() } else { text.as_str() };
        assert_eq!(shown, reference(&tiers[0], &text), "pair display of {text:?}");
        assert_eq!(key, reference(&tiers[1], &text), "pair key of {text:?}");
        assert_eq!(words, key.split(' ').filter(|w| !w.is_empty()).count(), "words of {text:?}");
        for n in &tiers {
            assert_eq!(
                fast(n, &text),
                reference(n, &text),
                "{text:?}, matching={}",
                n.is_matching()
            );
            assert_eq!(n.is_normalized(&text), fast(n, &text) == text, "{text:?}");
        }
    }
}

/// Canonical reordering and composition, which the display tier applies
/// only to the segments the NFC quick check flags: random strings of
/// starters and marks in every order (shadda before fatha, hamza above
/// after alef, Latin and Hebrew marks, a Kannada and an Oriya vowel that
/// compose with the starter before them, Hangul jamo, characters whose
/// NFC_Quick_Check is No or Maybe) equal the reference.
#[test]
fn canonical_order_and_composition_agree_with_reference() {
    const ALPHABET: &[char] = &[
        'ا', 'و', 'ي', 'ە', 'ب', 'آ', '\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}',
        '\u{064B}', '\u{0653}', '\u{0654}', '\u{0655}', '\u{0670}', 'e', 'E', 'A', '\u{0301}',
        '\u{0300}', '\u{0323}', '\u{0327}', '\u{05B8}', '\u{05BC}', '\u{0CC6}', '\u{0CC2}',
        '\u{0CD5}', '\u{0B47}', '\u{0B3E}', '\u{1100}', '\u{1161}', '\u{11A8}', '\u{AC00}',
        '\u{0340}', '\u{0344}', '\u{2126}', '\u{0958}', '\u{1E0A}', '\u{212B}', ' ', 'ـ',
    ];
    let tiers = [Normalizer::display(), Normalizer::matching()];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut text = String::new();
    for _ in 0..40_000 {
        text.clear();
        for _ in 0..next() % 16 {
            text.push(ALPHABET[(next() >> 8) as usize % ALPHABET.len()]);
        }
        for n in &tiers {
            assert_eq!(
                fast(n, &text),
                reference(n, &text),
                "{text:?}, matching={}",
                n.is_matching()
            );
        }
        let (mut display, mut key) = (String::new(), String::new());
        let (changed, _) = tiers[1].normalize_pair(&text, &mut display, &mut key);
        let shown = if changed { display.as_str() } else { text.as_str() };
        assert_eq!(shown, reference(&tiers[0], &text), "pair display of {text:?}");
    }
}
