//! Unit tests: the fast pass against the step-by-step reference.

use super::*;

fn fast(n: &Normalizer, text: &str) -> String {
    n.normalize(text).into_owned()
}

fn reference(n: &Normalizer, text: &str) -> String {
    let rules = n.table.rules();
    if rules.matching {
        reference::matching(text, rules)
    } else {
        reference::display(text, rules)
    }
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
            for (pre, post) in [
                ("", ""),
                ("بـ", "ـت"),
                ("a ", "\u{0301}"),
                ("ا", "\u{0654}ـ"),
            ] {
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
        assert_eq!(
            matches!(out, Cow::Borrowed(_)),
            borrowed,
            "{text:?} -> {out:?}"
        );
        assert_eq!(n.is_normalized(text), borrowed, "{text:?}");
    }
}
