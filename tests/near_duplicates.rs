//! Near-duplicates: a near copy is found whatever the position of its
//! original among the paragraphs kept before it (the SimHash candidates are
//! scanned 64 at a time), and the reported similarity is the exact character
//! 4-gram Jaccard similarity, whatever the chars of the keys.

use std::collections::BTreeSet;

use naqi::{Cleaner, Normalizer, RemovalReason};

/// Letters U+0628..U+063A and U+0641..U+064A that the matching key keeps
/// as they are (no alef forms, teh marbuta or alef maksura).
const LETTERS: &[char] = &[
    'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ', 'ف',
    'ق', 'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ي',
];

/// xorshift64: the same words on every run.
struct Words(u64);

impl Words {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A word of 3 to 7 letters.
    fn word(&mut self) -> String {
        let len = 3 + (self.next() % 5) as usize;
        (0..len).map(|_| LETTERS[(self.next() % LETTERS.len() as u64) as usize]).collect()
    }
}

/// Character 4-grams of `" " + key + " "`, the near-duplicate check's
/// shingles.
fn char_4grams(key: &str) -> BTreeSet<String> {
    let chars: Vec<char> = format!(" {key} ").chars().collect();
    chars.windows(4).map(|w| w.iter().collect()).collect()
}

fn jaccard(a: &str, b: &str) -> f64 {
    let (a, b) = (char_4grams(a), char_4grams(b));
    a.intersection(&b).count() as f64 / a.union(&b).count() as f64
}

#[test]
fn near_copies_are_found_past_the_first_64_kept_paragraphs() {
    let mut words = Words(0x9E37_79B9_7F4A_7C15);
    let originals: Vec<Vec<String>> =
        (0..150).map(|_| (0..30).map(|_| words.word()).collect()).collect();
    // Near copies of paragraphs in the first, second and third groups of
    // 64, each with its tenth word replaced.
    let copied = [0, 63, 64, 100, 128, 149];
    let mut lines: Vec<String> = originals.iter().map(|p| p.join(" ")).collect();
    for &k in &copied {
        let mut copy = originals[k].clone();
        copy[10] = words.word();
        lines.push(copy.join(" "));
    }
    let text = lines.join("\n");

    let cleaned = Cleaner::default().clean(text.as_str());
    let m = Normalizer::matching();
    let found: Vec<(usize, Option<usize>, RemovalReason, Option<f64>)> = cleaned
        .removals()
        .iter()
        .map(|r| (r.index(), r.duplicate_of(), r.reason(), r.similarity()))
        .collect();
    let expected: Vec<(usize, Option<usize>, RemovalReason, Option<f64>)> = copied
        .iter()
        .enumerate()
        .map(|(n, &k)| {
            let similarity = jaccard(&m.normalize(&lines[k]), &m.normalize(&lines[150 + n]));
            (150 + n, Some(k), RemovalReason::NearDuplicate, Some(similarity))
        })
        .collect();
    assert_eq!(found, expected);
    assert_eq!(cleaned.kept().map(|p| p.index()).collect::<Vec<_>>(), (0..150).collect::<Vec<_>>());
}

/// The character 4-grams are compared exactly, also for chars above
/// U+FFFF: U+2062A and U+062A (teh) share their low 16 bits, and a
/// paragraph that differs from another only by one of them is a near copy
/// with the similarity of its grams, not an identical one.
#[test]
fn grams_of_chars_beyond_u_ffff_are_compared_exactly() {
    let mut words = Words(0x2545_F491_4F6C_DD1D);
    let body: Vec<String> = (0..30).map(|_| words.word()).collect();
    let with = |w: &str| {
        let mut p = body.clone();
        p[12] = w.to_string();
        p.join(" ")
    };
    let lines = [
        with("\u{2062A}\u{2062A}\u{2062A}"),
        (0..30).map(|_| words.word()).collect::<Vec<_>>().join(" "),
        with("\u{062A}\u{062A}\u{062A}"),
        with("\u{2062A}\u{062A}\u{2062A}"),
    ];
    let text = lines.join("\n");
    let cleaned = Cleaner::default().clean(text.as_str());
    let m = Normalizer::matching();
    let key = |k: usize| m.normalize(&lines[k]).into_owned();
    assert_eq!(key(0).chars().filter(|&c| c == '\u{2062A}').count(), 3);
    let found: Vec<(usize, Option<usize>, RemovalReason, Option<f64>)> = cleaned
        .removals()
        .iter()
        .map(|r| (r.index(), r.duplicate_of(), r.reason(), r.similarity()))
        .collect();
    let near =
        |k: usize| (k, Some(0), RemovalReason::NearDuplicate, Some(jaccard(&key(0), &key(k))));
    assert_eq!(found, [near(2), near(3)]);
    assert!(jaccard(&key(0), &key(2)) < jaccard(&key(0), &key(3)));
    assert!(jaccard(&key(0), &key(3)) < 1.0);
}
