//! Unit tests: the fast pass against the step-by-step reference.

use super::*;

fn fast(n: &Normalizer, text: &str) -> String {
    n.normalize(text).into_owned()
}

/// A xorshift64 generator (Marsaglia, 2003) from `seed`: the same random
/// texts on every run.
fn xorshift(mut x: u64) -> impl FnMut() -> u64 {
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
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
    let mut next = xorshift(0x1234_5678_9ABC_DEF1);
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
    let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
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

/// Long random strings over the bytes the sixteen-byte blocks take and the
/// ones that stop them (letters at both ends of the two letter ranges,
/// every folded letter, digits, single and double spaces, the characters
/// next to the ranges: U+0620, U+063B, tatweel U+0640, harakat, the Arabic
/// comma, NBSP, a three-byte space), under the default rules and rule
/// sets that fold fewer or no letters: every tier, and both tiers in one
/// pass with the key's word count, equal the reference.
#[test]
fn sixteen_byte_blocks_agree_with_reference() {
    const ALPHABET: &[char] = &[
        '\u{0621}', '\u{0622}', '\u{0623}', '\u{0624}', '\u{0625}', '\u{0626}', '\u{0627}',
        '\u{0628}', '\u{0629}', '\u{062A}', '\u{0639}', '\u{063A}', '\u{0641}', '\u{0644}',
        '\u{0645}', '\u{0647}', '\u{0648}', '\u{0649}', '\u{064A}', '0', '9', ' ', ' ', ' ',
        '\u{0620}', '\u{063B}', '\u{063F}', '\u{0640}', '\u{064B}', '\u{0651}', '\u{060C}',
        '\u{00A0}', '\u{2009}', '.', '/', ':', 'A', '\u{0660}', '\u{0671}', '\u{06CC}', '\u{0653}',
        '\u{0654}', '\u{0655}', '\u{06D5}', '\u{06C1}',
    ];
    let mut builders = vec![Normalizer::builder(), Normalizer::builder()];
    builders[1].matching(true);
    let fewer: [fn(&mut NormalizerBuilder); 5] = [
        |b| {
            b.unify_alef(false);
        },
        |b| {
            b.teh_marbuta_to_heh(false).alef_maksura_to_yeh(false);
        },
        |b| {
            b.unify_alef(false).unify_hamza(false).teh_marbuta_to_heh(false);
        },
        |b| {
            b.remove_tatweel(false).collapse_whitespace(false);
        },
        |b| {
            b.fold_persian_urdu(false).remove_tashkeel(false);
        },
    ];
    for f in fewer {
        let mut b = Normalizer::builder();
        b.matching(true);
        f(&mut b);
        builders.push(b);
    }
    let tiers: Vec<Normalizer> = builders.iter().map(NormalizerBuilder::build).collect();
    let display = Normalizer::display();
    let mut next = xorshift(0x2545_F491_4F6C_DD1D);
    let mut text = String::new();
    for _ in 0..30_000 {
        text.clear();
        // Mostly letters of the blocks, some stoppers; lengths around and
        // past a few blocks.
        let stoppers = next() % 4;
        for _ in 0..next() % 90 {
            let r = next();
            let pool = if r % 16 < stoppers { ALPHABET.len() } else { 24 };
            text.push(ALPHABET[(r >> 8) as usize % pool]);
        }
        for n in &tiers {
            assert_eq!(fast(n, &text), reference(n, &text), "{text:?}, {:?}", n.table.rules());
            if !n.is_matching() {
                continue;
            }
            let (mut d, mut k) = (String::from("prefix"), String::from("prefix"));
            let (changed, words) = n.normalize_pair(&text, &mut d, &mut k);
            let shown = if changed { &d[6..] } else { text.as_str() };
            let display_rules = Rules { matching: false, ..*n.table.rules() };
            assert_eq!(shown, reference::display(&text, &display_rules), "pair display {text:?}");
            assert_eq!(&k[6..], reference(n, &text), "pair key of {text:?}");
            let expected = k[6..].split(' ').filter(|w| !w.is_empty()).count();
            assert_eq!(words, expected, "words of {text:?}");
        }
        assert_eq!(fast(&display, &text), reference(&display, &text), "{text:?}");
    }
}

/// What the classifier takes of sixteen bytes, on exact inputs: the
/// prefix ending after a letter, the folded letters' byte offsets, the
/// spaces and the bytes before the first stopper; or how far no block can
/// start.
#[test]
fn sixteen_byte_block_classification() {
    let table = Table::new(&Rules::MATCHING);
    // Taken bytes, folded-letter offsets, spaces, clear bytes; or the skip.
    type Expected = Result<(usize, &'static [u32], u32, usize), usize>;
    let cases: &[(&str, Expected)] = &[
        // The letter cut by byte 16 is left out; ة at byte 8.
        ("مكتبة المكتبى ومزيد", Ok((15, &[8], 1, 16))),
        // Sixteen bytes that end with a whole letter.
        ("كتب كتب كتب كتب كتب", Ok((16, &[], 2, 16))),
        // Digits and spaces are taken, up to the last whole letter; أ at 3.
        ("12 أبواب 345 بيت بيت", Ok((13, &[3], 1, 16))),
        // A double space stops the block before it.
        ("كتب  كتب كتب كتب كتب", Ok((6, &[], 0, 6))),
        // Tatweel, a haraka, the Arabic comma, NBSP: taken up to them.
        ("كتبـكتب كتب كتب كتب", Ok((6, &[], 0, 6))),
        ("كتبَ كتب كتب كتب كتب", Ok((6, &[], 0, 6))),
        ("كتب، كتب كتب كتب كتب", Ok((6, &[], 0, 6))),
        ("كتب\u{A0}كتب كتب كتب كتب", Ok((6, &[], 0, 6))),
        // Nothing before the first stopper ends a letter.
        ("، كتب كتب كتب كتب كتب", Err(1)),
        ("ب، كتب كتب كتب كتب كتب", Ok((2, &[], 0, 2))),
        ("1، كتب كتب كتب كتب كتب", Err(1)),
        ("12 45 78، كتب كتب كتب", Err(8)),
        ("abcdefghijklmnopq", Err(1)),
        (" كتب كتب كتب كتب كتب", Ok((14, &[], 2, 16))),
        // Fewer than seventeen bytes: no block from here to the end.
        ("كتب كتب", Err(13)),
        // Letters just outside the ranges stop it: U+0620, U+063B, U+0671.
        ("كت\u{0620}كتب كتب كتب كتب", Ok((4, &[], 0, 4))),
        ("كت\u{063B}كتب كتب كتب كتب", Ok((4, &[], 0, 4))),
        ("كت\u{0671}كتب كتب كتب كتب", Ok((4, &[], 0, 4))),
    ];
    for &(text, expected) in cases {
        let got = table.blocks().scan(text.as_bytes(), 0);
        let expected = expected.map(|(len, mapped, spaces, clear)| block::Block {
            len,
            mapped: mapped.iter().map(|&j| 1u32 << j).sum(),
            spaces,
            clear,
        });
        if cfg!(all(target_arch = "x86_64", target_feature = "sse2")) {
            assert_eq!(got, expected, "{text:?}");
        } else {
            assert_eq!(got, Err(text.len().max(1)), "{text:?}");
        }
    }
}

/// Regression: under a rule set that keeps a letter the default folds (أ,
/// ؤ, ۀ), a madda or hamza written as a combining mark after its base
/// (ا + U+0654) lost its letter in the key: the key dropped the mark before
/// rule 5 composed the pair. The key is now that of the composed letter,
/// as the reference gives it, and as for the precomposed spelling.
#[test]
fn decomposed_hamza_keeps_its_letter_in_the_key_under_every_builder() {
    let unify_alef_off = {
        let mut b = Normalizer::builder();
        b.matching(true).unify_alef(false);
        b.build()
    };
    let unify_hamza_off = {
        let mut b = Normalizer::builder();
        b.matching(true).unify_hamza(false);
        b.build()
    };
    let persian_off = {
        let mut b = Normalizer::builder();
        b.matching(true).fold_persian_urdu(false);
        b.build()
    };
    let default = Normalizer::matching();
    for (n, text, key) in [
        (&unify_alef_off, "\u{0627}\u{0654}", "\u{0623}"),
        (&unify_alef_off, "\u{0627}\u{0653}", "\u{0622}"),
        (&unify_alef_off, "\u{0627}\u{0655}", "\u{0625}"),
        (
            &unify_alef_off,
            "\u{0645}\u{0627}\u{0654}\u{0645}\u{0648}\u{0646}",
            "\u{0645}\u{0623}\u{0645}\u{0648}\u{0646}",
        ),
        (&unify_hamza_off, "\u{0648}\u{0654}", "\u{0624}"),
        (&unify_hamza_off, "\u{064A}\u{0654}", "\u{0626}"),
        (&persian_off, "\u{06D5}\u{0654}", "\u{06C0}"),
        (&persian_off, "\u{06C1}\u{0654}", "\u{06C2}"),
        (&persian_off, "\u{06D2}\u{0654}", "\u{06D3}"),
        (
            &default,
            "\u{0645}\u{0627}\u{0654}\u{0645}\u{0648}\u{0646}",
            "\u{0645}\u{0627}\u{0645}\u{0648}\u{0646}",
        ),
        (&default, "\u{0648}\u{0654}", "\u{0648}"),
    ] {
        assert_eq!(n.normalize(text), key, "{text:?}");
        assert_eq!(n.normalize_both(text).1, key, "{text:?}");
        assert_eq!(n.normalize(&Normalizer::display().normalize(text)), key, "{text:?}");
        assert_eq!(key, reference(n, text), "{text:?}");
    }
}

/// Regression: with rule 6 (NFKC) off, deleting a starter between two
/// marks (the high hamza U+0674, a joiner, U+034F, a tatweel) left them out
/// of canonical order, or left a mark after a base it composes with, and
/// normalizing the key again reordered or composed them. The key is now
/// composed to NFC after the deletions, as with NFKC on.
#[test]
fn key_without_nfkc_keeps_marks_in_canonical_order() {
    let nfkc_off = rule_set(!(1 << 5), true);
    let nfkc_and_tashkeel_off = rule_set(!(1 << 5) & !(1 << 6), true);
    let default = Normalizer::matching();
    for (n, text, key) in [
        (&nfkc_off, "\u{0300}\u{0674}\u{0327}", "\u{0327}\u{0300}"),
        (&nfkc_off, "\u{FE29}\u{034F}\u{3099}", "\u{3099}\u{FE29}"),
        (&nfkc_off, "a\u{200C}\u{0301}", "\u{00E1}"),
        (&nfkc_off, "a\u{0640}\u{0301}", "a \u{0301}"),
        (&nfkc_and_tashkeel_off, "\u{0628}\u{0650}\u{200C}\u{064E}", "\u{0628}\u{064E}\u{0650}"),
        (&nfkc_and_tashkeel_off, "\u{0628}\u{0654}\u{0640}\u{0655}", "\u{0628}\u{0655}\u{0654}"),
        (&default, "\u{0300}\u{0674}\u{0327}", "\u{0327}\u{0300}"),
        (&default, "a\u{200C}\u{0301}", "\u{00E1}"),
    ] {
        assert_eq!(n.normalize(text), key, "{text:?}");
        assert_eq!(n.normalize(key), key, "{text:?}");
        assert_eq!(n.normalize_both(text).1, key, "{text:?}");
        assert_eq!(key, reference(n, text), "{text:?}");
    }
}

/// Regression: with rule 5 (NFC) off and rule 6 (NFKC) on, a deleted mark
/// that NFKC composes with the letter before it took the one-pass path,
/// which dropped it: أ + U+0655 keyed as أ, where NFKC gives إ + U+0654
/// before rule 7 deletes the marks. Such marks now take the step-by-step
/// path.
#[test]
fn key_without_nfc_composes_a_deleted_mark_as_nfkc_does() {
    let nfc_off = rule_set(!(1 << 4), true);
    let nfc_and_unify_alef_off = rule_set(!(1 << 4) & !(1 << 7), true);
    for (n, text, key) in [
        (&nfc_and_unify_alef_off, "\u{0644}\u{0623}\u{0655}", "\u{0644}\u{0625}"),
        (&nfc_and_unify_alef_off, "\u{FEF7}\u{0655}\u{0653}", "\u{0644}\u{0625}"),
        (&nfc_and_unify_alef_off, "\u{0627}\u{0654}", "\u{0623}"),
        (&nfc_off, "\u{0644}\u{0623}\u{0655}", "\u{0644}\u{0627}"),
    ] {
        assert_eq!(n.normalize(text), key, "{text:?}");
        assert_eq!(n.normalize(key), key, "{text:?}");
        assert_eq!(key, reference(n, text), "{text:?}");
    }
}

/// Random rule sets (all 2^16 are valid) on random strings of marks in
/// every canonical combining class, the starters the tiers delete between
/// them, letters they compose with and separators: both tiers are
/// idempotent and equal the reference.
#[test]
fn every_rule_set_is_idempotent_and_agrees_with_reference() {
    const ALPHABET: &[&str] = &[
        "\u{0628}", "\u{0627}", "a", " ", "\u{00A0}", "\u{060C}", "\u{0654}", "\u{0655}",
        "\u{0653}", "\u{064E}", "\u{0650}", "\u{0651}", "\u{0670}", "\u{06D6}", "\u{0300}",
        "\u{0301}", "\u{0316}", "\u{0327}", "\u{05B0}", "\u{0E48}", "\u{0F71}", "\u{0F72}",
        "\u{3099}", "\u{FE29}", "\u{200C}", "\u{200D}", "\u{034F}", "\u{0674}", "\u{0640}",
        "\u{FE0F}", "\u{200F}", "\u{00AD}", "\u{FEFF}", "\u{FEF7}", "\u{FB50}", "\u{FDFA}",
        "\u{0622}", "\u{0649}", "\u{0629}", "\u{0624}", "\u{06CC}", "\u{0662}", "A", "\u{FB01}",
        "\u{1100}", "\u{1161}", "\u{212B}", "\u{0340}",
    ];
    let mut next = xorshift(0x6A09_E667_F3BC_C909);
    let mut text = String::new();
    for _ in 0..300 {
        let bits = next() as u16;
        for matching in [false, true] {
            let n = rule_set(bits, matching);
            for _ in 0..300 {
                text.clear();
                for _ in 0..1 + next() % 7 {
                    text.push_str(ALPHABET[(next() % ALPHABET.len() as u64) as usize]);
                }
                let once = fast(&n, &text);
                let rules = n.table.rules();
                assert_eq!(once, reference(&n, &text), "{text:?}, {rules:?}");
                assert_eq!(fast(&n, &once), once, "not idempotent: {text:?}, {rules:?}");
            }
        }
    }
}
