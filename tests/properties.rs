//! Property tests (proptest) over inputs shaped like scraped Arabic news:
//! Arabic and Persian letters, harakat and Quranic marks, tatweel,
//! presentation forms, bidi and zero-width controls, every kind of space and
//! line break, Arabic-Indic digits, Arabic and Latin punctuation, Latin
//! letters with combining accents, any char now and then, and articles built
//! from a small pool of paragraphs so that repeats, near repeats (a word
//! changed or dropped, other spacing and punctuation) and truncated copies
//! actually occur.
//!
//! Case counts: `PROPTEST_CASES`, when set, gives every property exactly
//! that many cases (proptest applies it over the configuration below).
//! Unset, the article properties run 1,024 cases and the cheaper text
//! properties 4,096; the whole file then takes about 8 s on two cores.
//!
//! A failing property is a bug in the library: minimize the input and add a
//! regression test to `tests/regression.rs`; never weaken the property.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::LazyLock;

use naqi::{
    Article, CleanedArticle, Cleaner, CleanerBuilder, Error, ErrorKind, Fingerprint, KeptParagraph,
    Normalizer, NormalizerBuilder, Paragraph, Paragraphs, Removal, RemovalReason, SegmentMode,
    clean_article, exact_hash, paragraphs, paragraphs_by,
};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::Union;
use proptest::test_runner::TestCaseError;

// ---------------------------------------------------------------------------
// Configuration

/// `cases` cases unless `PROPTEST_CASES` is set. Failures are not persisted
/// to files: a failing input goes into `tests/regression.rs` by hand.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------
// Helpers

/// Every character outside printable ASCII as `\u{XXXX}`.
fn esc(s: &str) -> String {
    s.chars()
        .map(|c| {
            if (' '..='~').contains(&c) && c != '\\' {
                c.to_string()
            } else {
                format!("\\u{{{:04X}}}", c as u32)
            }
        })
        .collect()
}

/// The invisible controls that display rule 2 deletes (DESIGN.md).
fn is_rule2_control(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// A blank line: only White_Space (`char::is_whitespace` is exactly that
/// property) and rule-2 controls.
fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() || is_rule2_control(c))
}

/// Arabic-script letters after which tatweel is a kashida (display rule 3).
fn is_tatweel_letter(c: char) -> bool {
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

/// Arabic marks the matching tier deletes (DESIGN.md lists U+08D3..U+08FF
/// for the last range; checking that subset is what the design promises).
fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08FF}')
}

/// The number of words of a matching key.
fn word_count(key: &str) -> usize {
    if key.is_empty() { 0 } else { key.split(' ').count() }
}

/// A line terminator at the start of `s`: its length in bytes.
fn terminator_at(s: &str) -> Option<usize> {
    if s.starts_with("\r\n") {
        Some(2)
    } else if s.starts_with('\n') || s.starts_with('\r') {
        Some(1)
    } else if s.starts_with('\u{2028}') || s.starts_with('\u{2029}') {
        Some(3)
    } else {
        None
    }
}

/// The lines of `s` as (content range, terminator range), terminators as in
/// DESIGN.md ("Paragraphs"). The last line has an empty terminator; an
/// input ending in a terminator ends with an empty last line.
fn lines(s: &str) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < s.len() {
        if let Some(n) = terminator_at(&s[i..]) {
            out.push((start..i, i..i + n));
            i += n;
            start = i;
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push((start..s.len(), s.len()..s.len()));
    out
}

/// The paragraph spans DESIGN.md describes, computed independently: one per
/// non-blank line, or (block mode) one per run of non-blank lines.
fn oracle_spans(text: &str, mode: SegmentMode) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut in_block = false;
    for (line, _) in lines(text) {
        if is_blank(&text[line.clone()]) {
            in_block = false;
            continue;
        }
        match (mode, in_block, out.last_mut()) {
            (SegmentMode::Block, true, Some(last)) => last.end = line.end,
            _ => out.push(line),
        }
        in_block = true;
    }
    out
}

/// Character 4-grams of `" " + key + " "` (the whole string when shorter).
fn char_4grams(key: &str) -> BTreeSet<String> {
    let padded: Vec<char> = format!(" {key} ").chars().collect();
    if padded.len() < 4 {
        return BTreeSet::from([padded.iter().collect()]);
    }
    padded.windows(4).map(|w| w.iter().collect()).collect()
}

/// Runs of three words of a key (the whole key when it has fewer).
fn word_3shingles(key: &str) -> BTreeSet<String> {
    let words: Vec<&str> = key.split(' ').collect();
    if words.len() < 3 {
        return BTreeSet::from([key.to_owned()]);
    }
    words.windows(3).map(|w| w.join(" ")).collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let common = a.intersection(b).count();
    let union = a.len() + b.len() - common;
    if union == 0 { 1.0 } else { common as f64 / union as f64 }
}

// ---------------------------------------------------------------------------
// Generators

fn chars_of(list: &'static [char]) -> BoxedStrategy<String> {
    select(list).prop_map(String::from).boxed()
}

fn range(lo: char, hi: char) -> BoxedStrategy<String> {
    proptest::char::range(lo, hi).prop_map(String::from).boxed()
}

fn strs(list: &'static [&'static str]) -> BoxedStrategy<String> {
    select(list).prop_map(String::from).boxed()
}

const PERSIAN_URDU: &[char] =
    &['ک', 'ی', 'ے', 'ۓ', 'ۀ', 'ہ', 'ۂ', 'ۃ', 'ھ', 'ە', 'پ', 'چ', 'ژ', 'گ'];
const CONTROLS: &[char] = &[
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}',
    '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{FEFF}', '\u{061C}',
    '\u{00AD}', '\u{2060}',
];
const SPACES: &[char] = &[
    ' ', ' ', ' ', '\u{A0}', '\u{202F}', '\u{2000}', '\u{2003}', '\u{2009}', '\u{200A}', '\t',
    '\u{205F}', '\u{3000}', '\u{0B}', '\u{0C}', '\u{85}', '\u{1680}',
];
const NEWLINES: &[&str] = &["\n", "\n", "\r\n", "\r", "\u{2028}", "\u{2029}"];
const PUNCTUATION: &[&str] = &[
    "،", "؛", "؟", "«", "»", "\"", ".", "...", "..", "\u{2026}", "!", ":", "-", "(", ")", "/", "٪",
    "*", "***", "'", "”", "“", "–", "—",
];
const LATIN: &[&str] = &[
    "e\u{301}",
    "E\u{301}",
    "a\u{323}\u{302}",
    "a\u{302}\u{323}",
    "n\u{303}",
    "A\u{30A}",
    "\u{212B}",
    "\u{FB01}",
    "\u{FF21}\u{FF42}",
    "\u{01C4}",
    "\u{0130}",
    "Stra\u{DF}e",
    "\u{1E9E}",
    "\u{2126}",
    "x\u{0308}\u{0301}",
];
/// Combining sequences that NFC composes in Arabic, some with a control in
/// between.
const COMPOSING: &[&str] = &[
    "\u{0627}\u{0654}",
    "\u{0627}\u{0655}",
    "\u{0627}\u{0653}",
    "\u{0648}\u{0654}",
    "\u{064A}\u{0654}",
    "\u{06D5}\u{0654}",
    "\u{06C1}\u{0654}",
    "\u{06D2}\u{0654}",
    "\u{0627}\u{200F}\u{0654}",
    "\u{0627}\u{0640}\u{0654}",
    "\u{0627}\u{0651}\u{0654}",
    "\u{0627}\u{FEFF}\u{0655}",
    "\u{0674}",
    "\u{0675}",
    "\u{0676}",
    "\u{0677}",
    "\u{0678}",
];

/// One piece of text of the kinds scraped news contains.
fn atom() -> BoxedStrategy<String> {
    Union::new_weighted(vec![
        (20, range('\u{0621}', '\u{064A}')),
        (5, range('\u{0671}', '\u{06D3}')),
        (4, chars_of(PERSIAN_URDU)),
        (4, range('\u{064B}', '\u{065F}')),
        (1, range('\u{0670}', '\u{0670}')),
        (1, range('\u{0610}', '\u{061A}')),
        (1, range('\u{06D6}', '\u{06ED}')),
        (1, range('\u{08D3}', '\u{08FF}')),
        (6, Just("\u{0640}".to_owned()).boxed()),
        (2, Just("\u{0640}\u{0640}\u{0640}".to_owned()).boxed()),
        (3, range('\u{FB50}', '\u{FDFF}')),
        (3, range('\u{FE70}', '\u{FEFC}')),
        (5, chars_of(CONTROLS)),
        (8, chars_of(SPACES)),
        (4, strs(NEWLINES)),
        (2, range('\u{0660}', '\u{0669}')),
        (1, range('\u{06F0}', '\u{06F9}')),
        (1, range('0', '9')),
        (4, strs(PUNCTUATION)),
        (2, strs(LATIN)),
        (2, range('a', 'z')),
        (3, strs(COMPOSING)),
        (2, any::<char>().prop_map(String::from).boxed()),
    ])
    .boxed()
}

/// A text of up to `max` atoms.
fn text(max: usize) -> BoxedStrategy<String> {
    proptest::collection::vec(atom(), 0..=max).prop_map(|v| v.concat()).boxed()
}

const VOCAB: &[&str] = &[
    "قال",
    "الرئيس",
    "الوزير",
    "الحكومة",
    "اليوم",
    "في",
    "من",
    "إلى",
    "على",
    "أن",
    "وزارة",
    "الخارجية",
    "المتحدث",
    "باسم",
    "الأمم",
    "المتحدة",
    "مجلس",
    "الأمن",
    "العاصمة",
    "الرياض",
    "القاهرة",
    "بيروت",
    "دمشق",
    "سوريا",
    "مصر",
    "السعودية",
    "الاقتصاد",
    "أسعار",
    "النفط",
    "الذهب",
    "ارتفاع",
    "انخفاض",
    "مسؤول",
    "مؤتمر",
    "صحفي",
    "الأسبوع",
    "المقبل",
    "الماضي",
    "عام",
    "٢٠١٧",
    "15",
    "آذار/مارس",
    "الشرطة",
    "الجيش",
    "القوات",
    "الروسية",
    "بوتين",
    "الكرملين",
    "الاجتماع",
    "لبحث",
    "الملفات",
    "العالقة",
    "وأضاف",
    "وأكد",
    "مستشفى",
    "الجرحى",
    "هجوم",
    "انفجار",
    "مدينة",
    "جامعة",
    "طلاب",
    "مدرسة",
    "مباراة",
    "الفريق",
    "هدف",
    "کتاب",
    "الحمــــد",
    "عمّان",
    "«المهمات»",
    "\"القوات\"",
    "ﻷ",
    "الوَكالةُ",
    "إلا",
    "مسئول",
];

/// An Arabic word: from the vocabulary, or random letters, now and then
/// with a mark, a tatweel or a control inside.
fn word() -> BoxedStrategy<String> {
    let letters = proptest::collection::vec(
        Union::new_weighted(vec![
            (10, range('\u{0621}', '\u{063A}')),
            (10, range('\u{0641}', '\u{064A}')),
            (1, chars_of(PERSIAN_URDU)),
        ]),
        2..8,
    )
    .prop_map(|v| v.concat());
    let decorated = (
        select(VOCAB),
        Union::new_weighted(vec![
            (3, range('\u{064B}', '\u{0652}')),
            (2, Just("\u{0640}".to_owned()).boxed()),
            (2, chars_of(CONTROLS)),
            (1, range('\u{FE70}', '\u{FEFC}')),
        ]),
        0usize..8,
    )
        .prop_map(|(w, d, at)| {
            let cut =
                w.char_indices().map(|(i, _)| i).nth(at.min(w.chars().count())).unwrap_or(w.len());
            format!("{}{d}{}", &w[..cut], &w[cut..])
        });
    Union::new_weighted(vec![
        (12, select(VOCAB).prop_map(String::from).boxed()),
        (4, letters.boxed()),
        (2, decorated.boxed()),
        (1, range('\u{0660}', '\u{0669}')),
        (1, strs(LATIN)),
    ])
    .boxed()
}

/// A pool paragraph: 1 to 35 words.
fn pool_paragraph() -> BoxedStrategy<Vec<String>> {
    proptest::collection::vec(word(), 1..36).boxed()
}

/// Separators between words within a line.
const WORD_SEPARATORS: &[&str] = &[
    " ",
    " ",
    " ",
    " ",
    " ",
    " ",
    "  ",
    "\u{A0}",
    "، ",
    " \u{200F}",
    "\t",
    " - ",
    "\u{202F}",
    " .",
    "\u{200B} ",
];

/// Separators between lines.
const LINE_SEPARATORS: &[&str] = &[
    "\n",
    "\n",
    "\n\n",
    "\r\n",
    "\r\n\r\n",
    "\r",
    "\u{2028}",
    "\u{2029}",
    "\n \u{200F}\n",
    "\n\u{A0}\t\n",
    "\n\u{FEFF}\n",
];

/// Renders words as one line; `style` picks the separators (cycled).
fn render(words: &[String], style: &[u8]) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            let s = style.get(i % style.len().max(1)).copied().unwrap_or(0);
            // Mostly plain spaces, so that exact repeats are common.
            let sep =
                if s < 160 { " " } else { WORD_SEPARATORS[s as usize % WORD_SEPARATORS.len()] };
            out.push_str(sep);
        }
        out.push_str(w);
    }
    out
}

/// How one line of a generated article is made from the pool.
#[derive(Clone, Debug)]
enum LineSpec {
    /// A pool paragraph as it is (a repeat when picked twice).
    Pool { p: usize, style: Vec<u8> },
    /// A pool paragraph with one word replaced.
    Changed { p: usize, at: usize, word: String },
    /// A pool paragraph with one word left out.
    Dropped { p: usize, at: usize },
    /// The first words of a pool paragraph, the last one maybe cut inside,
    /// maybe followed by an ellipsis.
    Cut { p: usize, keep: usize, cut_chars: usize, ellipsis: usize },
    /// A pool paragraph and the first words of the next one (an abstract cut
    /// across a paragraph break).
    Across { p: usize, extra: usize, ellipsis: usize },
    /// A pool paragraph with atoms of noise inserted.
    Decorated { p: usize, noise: Vec<(usize, String)> },
    /// A line of anything.
    Noise(String),
}

fn line_spec() -> BoxedStrategy<LineSpec> {
    let p = 0usize..64;
    Union::new_weighted(vec![
        (
            10,
            (p.clone(), proptest::collection::vec(any::<u8>(), 1..4))
                .prop_map(|(p, style)| LineSpec::Pool { p, style })
                .boxed(),
        ),
        (
            3,
            (p.clone(), 0usize..64, word())
                .prop_map(|(p, at, word)| LineSpec::Changed { p, at, word })
                .boxed(),
        ),
        (2, (p.clone(), 0usize..64).prop_map(|(p, at)| LineSpec::Dropped { p, at }).boxed()),
        (
            4,
            (p.clone(), 1usize..40, 0usize..4, 0usize..6)
                .prop_map(|(p, keep, cut_chars, ellipsis)| LineSpec::Cut {
                    p,
                    keep,
                    cut_chars,
                    ellipsis,
                })
                .boxed(),
        ),
        (
            2,
            (p.clone(), 1usize..20, 0usize..6)
                .prop_map(|(p, extra, ellipsis)| LineSpec::Across { p, extra, ellipsis })
                .boxed(),
        ),
        (
            2,
            (p, proptest::collection::vec((0usize..400, atom()), 1..5))
                .prop_map(|(p, noise)| LineSpec::Decorated { p, noise })
                .boxed(),
        ),
        (1, text(12).prop_map(LineSpec::Noise).boxed()),
    ])
    .boxed()
}

const ELLIPSES: &[&str] = &["", "", "...", " ...", "\u{2026}", "..»"];

fn build_line(pool: &[Vec<String>], spec: &LineSpec) -> String {
    let get = |p: usize| &pool[p % pool.len()];
    match spec {
        LineSpec::Pool { p, style } => render(get(*p), style),
        LineSpec::Changed { p, at, word } => {
            let mut w = get(*p).clone();
            let at = at % w.len();
            w[at] = word.clone();
            render(&w, &[0])
        }
        LineSpec::Dropped { p, at } => {
            let mut w = get(*p).clone();
            if w.len() > 1 {
                w.remove(at % w.len());
            }
            render(&w, &[0])
        }
        LineSpec::Cut { p, keep, cut_chars, ellipsis } => {
            let w = get(*p);
            let keep = (*keep).min(w.len());
            let mut line = render(&w[..keep], &[0]);
            if *cut_chars > 0 && keep > 0 {
                let last = &w[keep - 1];
                let n = last.chars().count();
                if *cut_chars < n {
                    let drop_from =
                        last.char_indices().nth(n - cut_chars).map_or(last.len(), |(i, _)| i);
                    line.truncate(line.len() - (last.len() - drop_from));
                }
            }
            line.push_str(ELLIPSES[ellipsis % ELLIPSES.len()]);
            line
        }
        LineSpec::Across { p, extra, ellipsis } => {
            let mut w = get(*p).clone();
            let next = get(p + 1);
            w.extend(next.iter().take(*extra).cloned());
            let mut line = render(&w, &[0]);
            line.push_str(ELLIPSES[ellipsis % ELLIPSES.len()]);
            line
        }
        LineSpec::Decorated { p, noise } => {
            let mut line = render(get(*p), &[0]);
            for (at, atom) in noise {
                let boundaries: Vec<usize> =
                    line.char_indices().map(|(i, _)| i).chain([line.len()]).collect();
                let i = boundaries[at % boundaries.len()];
                line.insert_str(i, atom);
            }
            line
        }
        LineSpec::Noise(s) => s.clone(),
    }
}

/// A generated article: its text and maybe a title.
#[derive(Clone, Debug)]
struct GenArticle {
    text: String,
    title: Option<String>,
}

fn article() -> BoxedStrategy<GenArticle> {
    let title = prop_oneof![
        3 => Just(None),
        2 => line_spec().prop_map(Some),
        1 => text(8).prop_map(|t| Some(LineSpec::Noise(t))),
    ];
    (
        proptest::collection::vec(pool_paragraph(), 1..6),
        proptest::collection::vec(line_spec(), 0..14),
        proptest::collection::vec(select(LINE_SEPARATORS), 14),
        title,
        select(&["", "", " ", "\u{FEFF}", "\n", "\u{200F}"][..]),
        select(&["", "", "\n", "\r\n", " ", "\n\n"][..]),
    )
        .prop_map(|(pool, specs, seps, title, lead, trail)| {
            let mut text = String::from(lead);
            for (i, spec) in specs.iter().enumerate() {
                if i > 0 {
                    text.push_str(seps[i]);
                }
                text.push_str(&build_line(&pool, spec));
            }
            text.push_str(trail);
            GenArticle { text, title: title.map(|t| build_line(&pool, &t)) }
        })
        .boxed()
}

/// Letters that no matching rule folds, so words built from them keep
/// their identity in the key.
const PLAIN_LETTERS: &[char] = &[
    'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ', 'ف',
    'ق', 'ك', 'ل', 'م', 'ن',
];

/// The presentation forms (U+FE70..U+FEFC) whose compatibility
/// decomposition is one plain letter.
fn plain_presentation_forms() -> Vec<(char, char)> {
    use unicode_normalization::UnicodeNormalization;
    ('\u{FE70}'..='\u{FEFC}')
        .filter_map(|c| {
            let d: Vec<char> = std::iter::once(c).nfkc().collect();
            match d[..] {
                [l] if PLAIN_LETTERS.contains(&l) => Some((l, c)),
                _ => None,
            }
        })
        .collect()
}

/// Noise that neither tier turns into a word boundary, inserted after a
/// letter: harakat, tatweel, invisible controls, ZWNJ.
const IN_WORD_NOISE: &[&str] = &[
    "\u{064E}",
    "\u{0650}",
    "\u{0651}",
    "\u{0652}",
    "\u{064B}",
    "\u{0640}",
    "\u{0640}\u{0640}",
    "\u{0651}\u{0640}",
    "\u{200F}",
    "\u{200B}",
    "\u{200C}",
    "\u{00AD}",
    "\u{FEFF}",
];

const DISTINCT_SEPARATORS: &[&str] =
    &[" ", " ", " ", "، ", "  ", "\u{A0}", " «", "» ", "\t", ". ", " - ", "\u{202F}"];

/// A generated word: (letter index, roll, noise) per letter after the tag,
/// and the separator before it.
type DistinctWord = (Vec<(usize, u8, &'static str)>, &'static str);

/// Articles whose paragraphs are pairwise unrelated: every word of paragraph
/// `i` starts with a two-letter tag of its own, so no key equals, begins,
/// shares a word or a shingle with another paragraph's key or the title's.
/// Raw lines carry marks, tatweel, controls, presentation forms and
/// punctuation, which change the display text but not the words.
fn distinct_article() -> BoxedStrategy<(String, Option<String>, usize)> {
    let forms = plain_presentation_forms();
    let letters = proptest::collection::vec(
        (0usize..PLAIN_LETTERS.len(), 0u8..=255, select(IN_WORD_NOISE)),
        1..7,
    );
    let paragraph = proptest::collection::vec((letters, select(DISTINCT_SEPARATORS)), 1..31);
    (
        proptest::collection::vec(paragraph.clone(), 1..10),
        proptest::option::of(paragraph),
        proptest::collection::vec(select(LINE_SEPARATORS), 10),
    )
        .prop_map(move |(paras, title, seps)| {
            let n = paras.len();
            let render_para = |tag: usize, words: &[DistinctWord]| {
                let t = [
                    PLAIN_LETTERS[tag % PLAIN_LETTERS.len()],
                    PLAIN_LETTERS[(tag / PLAIN_LETTERS.len() + 7) % PLAIN_LETTERS.len()],
                ];
                let mut out = String::new();
                for (k, (letters, sep)) in words.iter().enumerate() {
                    if k > 0 {
                        out.push_str(sep);
                    }
                    out.extend(t);
                    for &(l, roll, noise) in letters {
                        let letter = PLAIN_LETTERS[l];
                        // A quarter of the letters as presentation forms,
                        // an eighth followed by in-word noise.
                        let shown = if roll < 64 {
                            forms
                                .iter()
                                .filter(|(p, _)| *p == letter)
                                .nth(roll as usize % 4)
                                .map_or(letter, |(_, f)| *f)
                        } else {
                            letter
                        };
                        out.push(shown);
                        if roll >= 224 {
                            out.push_str(noise);
                        }
                    }
                }
                out
            };
            let mut text = String::new();
            for (i, p) in paras.iter().enumerate() {
                if i > 0 {
                    text.push_str(seps[i]);
                }
                text.push_str(&render_para(i, p));
            }
            let title = title.map(|t| render_para(n, &t));
            (text, title, n)
        })
        .boxed()
}

// ---------------------------------------------------------------------------
// Checks

/// Checks a display-tier output.
fn check_display_output(input: &str, out: &str) -> Result<(), TestCaseError> {
    let ctx = || format!("input {}\noutput {}", esc(input), esc(out));
    prop_assert!(!out.starts_with(' ') && !out.ends_with(' '), "{}", ctx());
    prop_assert!(!out.contains("  "), "two spaces: {}", ctx());
    for c in out.chars() {
        prop_assert!(
            !c.is_whitespace() || c == ' ',
            "white space U+{:04X} left: {}",
            c as u32,
            ctx()
        );
        prop_assert!(!is_rule2_control(c), "control U+{:04X} left: {}", c as u32, ctx());
    }
    prop_assert!(unicode_normalization::is_nfc(out), "not NFC: {}", ctx());
    // Rule 3: no tatweel right after a letter (marks between allowed).
    let mut after_letter = false;
    for c in out.chars() {
        if c == '\u{0640}' {
            prop_assert!(!after_letter, "kashida left after a letter: {}", ctx());
        }
        after_letter = is_tatweel_letter(c)
            || (after_letter && unicode_normalization::char::is_combining_mark(c));
    }
    Ok(())
}

/// Checks a matching-tier output (a key).
fn check_matching_output(input: &str, key: &str) -> Result<(), TestCaseError> {
    use unicode_properties::UnicodeGeneralCategory;
    use unicode_properties::{GeneralCategory as G, GeneralCategoryGroup as GG};
    let ctx = || format!("input {}\nkey {}", esc(input), esc(key));
    prop_assert!(!key.starts_with(' ') && !key.ends_with(' '), "{}", ctx());
    prop_assert!(!key.contains("  "), "two spaces: {}", ctx());
    for c in key.chars() {
        if c == ' ' {
            continue;
        }
        let boundary =
            matches!(c.general_category_group(), GG::Punctuation | GG::Symbol | GG::Separator)
                || matches!(c.general_category(), G::Control | G::Format);
        prop_assert!(
            !boundary && !c.is_whitespace(),
            "word-boundary char U+{:04X} in key: {}",
            c as u32,
            ctx()
        );
        prop_assert!(!is_arabic_mark(c), "mark U+{:04X} in key: {}", c as u32, ctx());
        prop_assert!(
            !matches!(
                c,
                '\u{0640}'
                    | '\u{200C}'
                    | '\u{200D}'
                    | '\u{0674}'
                    | 'آ'
                    | 'أ'
                    | 'إ'
                    | 'ٱ'
                    | 'ٲ'
                    | 'ٳ'
                    | 'ٵ'
                    | 'ى'
                    | 'ة'
                    | 'ؤ'
                    | 'ئ'
                    | 'ک'
                    | 'ی'
                    | 'ے'
                    | 'ۓ'
                    | 'ۀ'
                    | 'ہ'
                    | 'ۂ'
                    | 'ھ'
                    | 'ە'
                    | 'ۃ'
                    | '\u{0660}'..='\u{0669}'
                    | '\u{06F0}'..='\u{06F9}'
            ),
            "unfolded U+{:04X} in key: {}",
            c as u32,
            ctx()
        );
    }
    Ok(())
}

/// The normalizer properties for one normalizer and one input.
fn check_normalizer(n: &Normalizer, x: &str) -> Result<(), TestCaseError> {
    let once = n.normalize(x);
    let twice = n.normalize(&once);
    prop_assert_eq!(
        &*twice,
        &*once,
        "not idempotent (matching: {}): input {}, once {}, twice {}",
        n.is_matching(),
        esc(x),
        esc(&once),
        esc(&twice)
    );
    // The normalized text is normalized, and says so.
    prop_assert!(n.is_normalized(&once), "is_normalized(normalize(x)) is false: {}", esc(x));
    prop_assert!(matches!(twice, Cow::Borrowed(_)));
    prop_assert_eq!(
        n.is_normalized(x),
        matches!(once, Cow::Borrowed(_)),
        "is_normalized disagrees with the Cow: {}",
        esc(x)
    );
    prop_assert_eq!(
        matches!(once, Cow::Borrowed(_)),
        *once == *x,
        "Cow::Borrowed iff unchanged: input {}, output {}",
        esc(x),
        esc(&once)
    );
    if let Cow::Borrowed(b) = &once {
        prop_assert!(std::ptr::eq(*b, x), "borrowed output is not the input");
    }
    // normalize_into appends exactly the output to a non-empty buffer.
    for prefix in ["x", "قبل ", "\u{0640}", "\u{0627}", " "] {
        let mut buf = String::from(prefix);
        n.normalize_into(x, &mut buf);
        prop_assert_eq!(
            buf,
            format!("{prefix}{once}"),
            "normalize_into after {}: input {}",
            esc(prefix),
            esc(x)
        );
    }
    Ok(())
}

fn check_spans(text: &str, mode: SegmentMode) -> Result<(), TestCaseError> {
    let ctx = || format!("{mode:?}: {}", esc(text));
    let paras: Vec<Paragraph<'_>> = paragraphs_by(text, mode).collect();
    let spans: Vec<_> = paras.iter().map(Paragraph::span).collect();
    prop_assert_eq!(&spans, &oracle_spans(text, mode), "{}", ctx());
    let mut pos = 0;
    for (i, p) in paras.iter().enumerate() {
        let s = p.span();
        prop_assert_eq!(p.index(), i, "{}", ctx());
        prop_assert!(pos <= s.start && s.start < s.end && s.end <= text.len());
        prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        prop_assert_eq!(&text[s.clone()], p.as_str(), "{}", ctx());
        prop_assert!(!is_blank(p.as_str()), "blank paragraph {}: {}", i, ctx());
        // Inside a paragraph: one non-blank line, or (block) non-blank lines.
        let inner = lines(p.as_str());
        match mode {
            SegmentMode::Line => prop_assert_eq!(inner.len(), 1, "{}", ctx()),
            _ => {
                for (l, _) in &inner {
                    prop_assert!(!is_blank(&p.as_str()[l.clone()]), "{}", ctx());
                }
            }
        }
        check_gap(&text[pos..s.start], i == 0, false, mode).map_err(|e| {
            TestCaseError::fail(format!("{e}; gap before paragraph {i}: {}", ctx()))
        })?;
        pos = s.end;
    }
    check_gap(&text[pos..], paras.is_empty(), true, mode)
        .map_err(|e| TestCaseError::fail(format!("{e}; gap at the end: {}", ctx())))?;
    // Spans and gaps reassemble the input.
    let mut rebuilt = String::new();
    let mut at = 0;
    for s in &spans {
        rebuilt.push_str(&text[at..s.start]);
        rebuilt.push_str(&text[s.clone()]);
        at = s.end;
    }
    rebuilt.push_str(&text[at..]);
    prop_assert_eq!(rebuilt, text);
    Ok(())
}

/// A gap between paragraphs: after a paragraph (unless `first`) it starts
/// with a line terminator; then only blank lines; before a paragraph (unless
/// `last`) it ends with a terminator. In block mode, two paragraphs are
/// separated by at least one blank line.
fn check_gap(gap: &str, first: bool, last: bool, mode: SegmentMode) -> Result<(), String> {
    let mut rest = gap;
    if !first {
        match terminator_at(rest) {
            Some(n) => rest = &rest[n..],
            None if gap.is_empty() && last => return Ok(()),
            None => return Err(format!("gap {} does not start with a line break", esc(gap))),
        }
    }
    let ls = lines(rest);
    for (l, _) in &ls {
        if !is_blank(&rest[l.clone()]) {
            return Err(format!("non-blank text in gap {}", esc(gap)));
        }
    }
    if !last && !ls.last().is_some_and(|(l, _)| l.is_empty()) {
        return Err(format!("gap {} does not end with a line break", esc(gap)));
    }
    if mode == SegmentMode::Block && !first && !last && ls.len() < 2 {
        return Err(format!("blocks not separated by a blank line: {}", esc(gap)));
    }
    Ok(())
}

/// The near-duplicate thresholds documented as defaults in
/// `CleanerBuilder`: char 4-gram Jaccard and SimHash distance by length
/// class (shorter paragraph < 12 words, 12..24, 24+), word 3-shingle Jaccard.
const NEAR_JACCARD: [f64; 3] = [0.85, 0.75, 0.72];
const NEAR_WORD_JACCARD: f64 = 0.5;
const NEAR_SIMHASH: [u32; 3] = [20, 20, 18];

fn length_class(words: usize) -> usize {
    match words {
        0..12 => 0,
        12..24 => 1,
        _ => 2,
    }
}

/// One cleaner configuration under test.
struct Setup {
    name: &'static str,
    cleaner: Cleaner,
    min_words: usize,
    mode: SegmentMode,
}

/// The configurations, built once.
static SETUPS: LazyLock<Vec<Setup>> = LazyLock::new(setups);

fn setups() -> Vec<Setup> {
    let build = |f: &dyn Fn(&mut CleanerBuilder) -> &mut CleanerBuilder| {
        let mut b = Cleaner::builder();
        f(&mut b);
        b.build().expect("valid configuration")
    };
    vec![
        Setup { name: "default", cleaner: Cleaner::new(), min_words: 5, mode: SegmentMode::Line },
        Setup {
            name: "min_paragraph_words(1)",
            cleaner: build(&|b| b.min_paragraph_words(1)),
            min_words: 1,
            mode: SegmentMode::Line,
        },
        Setup {
            name: "min_paragraph_words(2), block",
            cleaner: build(&|b| b.min_paragraph_words(2).segment_mode(SegmentMode::Block)),
            min_words: 2,
            mode: SegmentMode::Block,
        },
    ]
}

/// Every documented invariant of `Cleaner::clean` on one article.
fn check_clean(setup: &Setup, text: &str, title: Option<&str>) -> Result<(), TestCaseError> {
    let ctx = || {
        format!("[{}] text {}\ntitle {}", setup.name, esc(text), title.map_or("None".into(), esc))
    };
    let display = Normalizer::display();
    let matching = Normalizer::matching();
    let paras: Vec<Paragraph<'_>> = paragraphs_by(text, setup.mode).collect();
    let n = paras.len();
    let keys: Vec<String> =
        paras.iter().map(|p| matching.normalize(p.as_str()).into_owned()).collect();
    let words: Vec<usize> = keys.iter().map(|k| word_count(k)).collect();
    let title_key = title.map_or(String::new(), |t| matching.normalize(t).into_owned());

    let article = match title {
        Some(t) => Article::new(text).with_title(t),
        None => Article::new(text),
    };
    let out = setup.cleaner.clean(article);
    prop_assert_eq!(out.paragraph_count(), n, "{}", ctx());
    prop_assert_eq!(out.comparison_limit(), None, "{}", ctx());

    // Kept paragraphs: input order, display text of the raw paragraph,
    // fingerprints of its key.
    let kept: Vec<KeptParagraph<'_>> = out.kept().collect();
    prop_assert_eq!(out.is_empty(), kept.is_empty());
    let mut is_kept = vec![false; n];
    let mut prev = None;
    for k in &kept {
        let i = k.index();
        prop_assert!(i < n, "kept index {} of {}: {}", i, n, ctx());
        prop_assert!(prev < Some(i), "kept out of order: {}", ctx());
        prev = Some(i);
        is_kept[i] = true;
        prop_assert_eq!(k.span(), paras[i].span(), "{}", ctx());
        prop_assert_eq!(
            k.text(),
            &*display.normalize(paras[i].as_str()),
            "kept {} text: {}",
            i,
            ctx()
        );
        prop_assert_eq!(k.exact_hash(), exact_hash(&keys[i]), "{}", ctx());
        prop_assert_eq!(k.simhash(), Fingerprint::of_key(&keys[i]), "{}", ctx());
        prop_assert_eq!(k.word_count(), words[i], "{}", ctx());
    }
    let joined = kept.iter().map(|k| k.text()).collect::<Vec<_>>().join("\n\n");
    prop_assert_eq!(out.text(), joined, "{}", ctx());

    // Removals: input order, disjoint from the kept ones, all accounted for.
    let mut prev = None;
    for r in out.removals() {
        let i = r.index();
        prop_assert!(i < n, "removal index {} of {}: {}", i, n, ctx());
        prop_assert!(prev < Some(i), "removals out of order: {}", ctx());
        prev = Some(i);
        prop_assert!(!is_kept[i], "paragraph {} kept and removed: {}", i, ctx());
        prop_assert_eq!(r.span(), paras[i].span(), "{}", ctx());
    }
    prop_assert_eq!(kept.len() + out.removals().len(), n, "{}", ctx());

    for r in out.removals() {
        check_removal(r, &keys, &words, &is_kept, &title_key, setup, &ctx)?;
    }

    // No exact or verified near repeat of an earlier kept paragraph stays
    // (rules 3 and 4), unless it is shorter than `min_paragraph_words`.
    let kept_idx: Vec<usize> = kept.iter().map(|k| k.index()).collect();
    for (b, &j) in kept_idx.iter().enumerate() {
        if words[j] < setup.min_words {
            continue;
        }
        for &i in &kept_idx[..b] {
            prop_assert!(
                keys[i] != keys[j],
                "kept {} is an exact repeat of kept {}: {}",
                j,
                i,
                ctx()
            );
            if words[i] < setup.min_words {
                continue;
            }
            let class = length_class(words[i].min(words[j]));
            let d = Fingerprint::of_key(&keys[i]).hamming_distance(Fingerprint::of_key(&keys[j]));
            if d > NEAR_SIMHASH[class] {
                continue;
            }
            let cj = jaccard(&char_4grams(&keys[i]), &char_4grams(&keys[j]));
            let wj = jaccard(&word_3shingles(&keys[i]), &word_3shingles(&keys[j]));
            prop_assert!(
                cj < NEAR_JACCARD[class] || wj < NEAR_WORD_JACCARD,
                "kept {} is a near-duplicate of kept {} (4-gram {}, word {}): {}",
                j,
                i,
                cj,
                wj,
                ctx()
            );
        }
    }

    // Independent check: a paragraph none of whose words begins (or
    // equals) a word of another paragraph, and whose key is not the title's,
    // has no exact, near-duplicate or containing counterpart: it stays.
    for i in 0..n {
        if keys[i] == title_key && !title_key.is_empty() {
            continue;
        }
        let related = (0..n).filter(|&j| j != i).any(|j| {
            keys[i]
                .split(' ')
                .filter(|w| !w.is_empty())
                .any(|w| keys[j].split(' ').any(|v| v.starts_with(w)))
        });
        prop_assert!(
            related || is_kept[i],
            "paragraph {} (key {}) has no counterpart but was removed: {}",
            i,
            esc(&keys[i]),
            ctx()
        );
    }

    // Deterministic, and the same as a fresh cleaner of the same
    // configuration (no state between calls).
    let again = setup.cleaner.clean(article);
    prop_assert_eq!(&again, &out, "second call differs: {}", ctx());
    if setup.name == "default" && title.is_none() {
        prop_assert_eq!(&clean_article(text), &out, "{}", ctx());
    }

    // Cleaning the cleaned text removes no repeat: the kept paragraphs hold
    // no exact or near repeat of one another, nor the title. It may remove a
    // teaser in the rare articles whose teasers and repeats explain one
    // another in a cycle, which no set of decisions settles (`X...`, `Y`,
    // `X`, `Z`, `X Z...`: see `Decider::settle`); otherwise it removes
    // nothing.
    let cleaned = out.text();
    let article2 = match title {
        Some(t) => Article::new(&cleaned).with_title(t),
        None => Article::new(&cleaned),
    };
    let second = setup.cleaner.clean(article2);
    for r in second.removals() {
        prop_assert_eq!(
            r.reason(),
            RemovalReason::Contained,
            "cleaning the cleaned text {} removed a repeat: {}",
            esc(&cleaned),
            ctx()
        );
    }
    if second.removals().is_empty() {
        let texts2: Vec<&str> = second.kept().map(|k| k.text()).collect();
        let texts1: Vec<&str> = kept.iter().map(|k| k.text()).collect();
        prop_assert_eq!(texts2, texts1, "{}", ctx());
    }
    Ok(())
}

fn check_removal(
    r: &Removal,
    keys: &[String],
    words: &[usize],
    is_kept: &[bool],
    title_key: &str,
    setup: &Setup,
    ctx: &dyn Fn() -> String,
) -> Result<(), TestCaseError> {
    let i = r.index();
    let sim = r.similarity();
    prop_assert!(
        sim.is_some_and(|s| (0.0..=1.0).contains(&s)),
        "similarity {:?} of {}: {}",
        sim,
        i,
        ctx()
    );
    if r.reason() != RemovalReason::Title {
        prop_assert!(
            words[i] >= setup.min_words,
            "paragraph {} of {} words removed ({}): {}",
            i,
            words[i],
            r.reason(),
            ctx()
        );
    }
    let counterpart = |r: &Removal| -> Result<usize, TestCaseError> {
        match r.duplicate_of() {
            Some(j) if j < keys.len() && is_kept[j] && j != i => Ok(j),
            other => Err(TestCaseError::fail(format!(
                "{} removal of {} points to {:?}, not a kept paragraph: {}",
                r.reason(),
                i,
                other,
                ctx()
            ))),
        }
    };
    match r.reason() {
        RemovalReason::Exact => {
            let j = counterpart(r)?;
            prop_assert!(j < i, "exact repeat {} of a later {}: {}", i, j, ctx());
            prop_assert_eq!(&keys[i], &keys[j], "exact {} of {}: {}", i, j, ctx());
            prop_assert_eq!(sim, Some(1.0));
        }
        RemovalReason::NearDuplicate => {
            let j = counterpart(r)?;
            // Rule 4: of two near-duplicates the fuller one stays (more
            // words, or of equally long ones the first), wherever they stand.
            prop_assert!(
                words[j] > words[i] || (words[j] == words[i] && j < i),
                "near repeat {} ({} words) kept {} ({} words) is not the fuller: {}",
                i,
                words[i],
                j,
                words[j],
                ctx()
            );
            let class = length_class(words[i].min(words[j]));
            let s = sim.unwrap_or(-1.0);
            let mine = jaccard(&char_4grams(&keys[i]), &char_4grams(&keys[j]));
            prop_assert!(
                (s - mine).abs() < 1e-9,
                "near {} of {}: reported {} but the 4-gram Jaccard is {}: {}",
                i,
                j,
                s,
                mine,
                ctx()
            );
            prop_assert!(
                s >= NEAR_JACCARD[class],
                "near {} of {}: {} < {}: {}",
                i,
                j,
                s,
                NEAR_JACCARD[class],
                ctx()
            );
            let wj = jaccard(&word_3shingles(&keys[i]), &word_3shingles(&keys[j]));
            prop_assert!(
                wj >= NEAR_WORD_JACCARD,
                "near {} of {}: word Jaccard {}: {}",
                i,
                j,
                wj,
                ctx()
            );
            let d = Fingerprint::of_key(&keys[i]).hamming_distance(Fingerprint::of_key(&keys[j]));
            prop_assert!(d <= NEAR_SIMHASH[class], "near {} of {}: distance {}", i, j, d);
        }
        RemovalReason::Contained => {
            let j = counterpart(r)?;
            prop_assert_eq!(sim, Some(1.0));
            // The run from j as the cleaned text reads it: the keys of the
            // kept paragraphs j, … (without empty keys) joined by spaces.
            let run: Vec<&str> = (j..keys.len())
                .filter(|&k| is_kept[k] && !keys[k].is_empty())
                .map(|k| keys[k].as_str())
                .collect();
            let run = run.join(" ");
            prop_assert!(
                !keys[i].is_empty() && run.starts_with(&keys[i]),
                "contained {} (key {}) is not a prefix of the run from {} ({}): {}",
                i,
                esc(&keys[i]),
                j,
                esc(&run),
                ctx()
            );
        }
        RemovalReason::Title => {
            prop_assert_eq!(r.duplicate_of(), None, "{}", ctx());
            prop_assert!(!title_key.is_empty(), "title removal without a title");
            prop_assert_eq!(&keys[i], title_key, "{}", ctx());
            prop_assert_eq!(sim, Some(1.0));
        }
        other => {
            prop_assert!(false, "reason {} within one article: {}", other, ctx());
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config(4096))]

    /// Both tiers: idempotent, `is_normalized` agrees with the `Cow`,
    /// `Borrowed` exactly when unchanged, `normalize_into` appends exactly
    /// the output.
    #[test]
    fn normalizers_are_idempotent_and_consistent(x in text(48)) {
        check_normalizer(&Normalizer::display(), &x)?;
        check_normalizer(&Normalizer::matching(), &x)?;
    }

    /// The same on any string at all (not only the news-shaped ones).
    #[test]
    fn normalizers_on_any_string(x in any::<String>()) {
        check_normalizer(&Normalizer::display(), &x)?;
        check_normalizer(&Normalizer::matching(), &x)?;
    }

    /// The matching key of the display text is the matching key of the
    /// text; the display output is trimmed, single-spaced, free of rule-2
    /// controls and kashida, and in NFC; the key is words separated by one
    /// space with nothing left to fold.
    #[test]
    fn tiers_agree_and_outputs_are_well_formed(x in text(48)) {
        let display = Normalizer::display();
        let matching = Normalizer::matching();
        let d = display.normalize(&x);
        check_display_output(&x, &d)?;
        let key = matching.normalize(&x);
        check_matching_output(&x, &key)?;
        prop_assert_eq!(
            &*matching.normalize(&d), &*key,
            "matching(display(x)) != matching(x): input {}, display {}",
            esc(&x), esc(&d)
        );
    }

    /// Paragraph spans in both modes against the documented segmentation.
    #[test]
    fn paragraph_spans_reassemble_the_input(x in text(64)) {
        check_spans(&x, SegmentMode::Line)?;
        check_spans(&x, SegmentMode::Block)?;
        let default: Vec<_> = paragraphs(&x).collect();
        let line: Vec<_> = paragraphs_by(&x, SegmentMode::Line).collect();
        prop_assert_eq!(default, line);
    }
}

proptest! {
    #![proptest_config(config(1024))]

    /// Paragraph spans on generated articles (many line breaks, blank lines
    /// made of spaces and controls).
    #[test]
    fn paragraph_spans_on_articles(a in article()) {
        check_spans(&a.text, SegmentMode::Line)?;
        check_spans(&a.text, SegmentMode::Block)?;
    }

    /// Every documented invariant of `Cleaner::clean`, on articles with
    /// repeats, near repeats and truncated copies, with and without a title,
    /// under three configurations.
    #[test]
    fn clean_keeps_order_and_explains_every_removal(a in article()) {
        for setup in SETUPS.iter() {
            check_clean(setup, &a.text, a.title.as_deref())?;
        }
    }

    /// Each thread reuses its working buffers from one article to the next:
    /// cleaning an article right after another gives what a fresh thread
    /// gives.
    #[test]
    fn results_do_not_depend_on_the_article_cleaned_before(a in article(), b in article()) {
        let cleaner = Cleaner::new();
        let fresh = std::thread::scope(|s| {
            s.spawn(|| cleaner.clean(b.text.as_str())).join().expect("no panic")
        });
        prop_assert_eq!(&cleaner.clean(b.text.as_str()), &fresh);
        let _ = cleaner.clean(a.text.as_str());
        prop_assert_eq!(&cleaner.clean(b.text.as_str()), &fresh);
    }

    /// Articles of pairwise unrelated paragraphs (and an unrelated title):
    /// nothing is removed, whatever the noise in the raw lines.
    #[test]
    fn unrelated_paragraphs_are_never_removed((text, title, n) in distinct_article()) {
        for setup in SETUPS.iter() {
            let mut article = Article::new(&text);
            if let Some(t) = &title {
                article = article.with_title(t);
            }
            let out: CleanedArticle<'_> = setup.cleaner.clean(article);
            prop_assert_eq!(
                out.removals(), &[] as &[Removal],
                "[{}] text {}\ntitle {:?}", setup.name, esc(&text), title.as_deref().map(esc)
            );
            if setup.mode == SegmentMode::Line {
                prop_assert_eq!(out.kept().count(), n);
            }
            check_clean(setup, &text, title.as_deref())?;
        }
    }
}

/// After an article longer than the 1 MB the working buffers shrink back
/// to, the next articles come out as on a fresh thread.
#[test]
fn results_after_a_long_article_match_a_fresh_thread() {
    let cleaner = Cleaner::new();
    let short =
        "خبر عاجل عن الطقس في المدينة اليوم\nخبر عاجل عن الطقس في المدينة اليوم\nتفاصيل الخبر";
    let fresh = std::thread::scope(|s| s.spawn(|| cleaner.clean(short)).join().expect("no panic"));
    let paragraph = "أعلنت الوزارة اليوم عن خطة جديدة لتطوير التعليم في المدارس الحكومية ";
    let long: String =
        (0..12_000).map(|i| format!("{paragraph}{i}\n")).collect::<Vec<_>>().concat();
    assert!(long.len() > 1 << 20);
    let cleaned = cleaner.clean(long.as_str());
    assert_eq!(cleaned.paragraph_count(), 12_000);
    assert_eq!(cleaner.clean(short), fresh);
    assert_eq!(fresh.removals().len(), 1);
}

// ---------------------------------------------------------------------------
// Thread safety

fn assert_send_sync<T: Send + Sync>() {}
fn assert_unwind_safe<T: UnwindSafe + RefUnwindSafe>() {}

#[test]
fn public_types_are_send_sync_and_unwind_safe() {
    assert_send_sync::<Normalizer>();
    assert_send_sync::<NormalizerBuilder>();
    assert_send_sync::<Cleaner>();
    assert_send_sync::<CleanerBuilder>();
    assert_send_sync::<CleanedArticle<'static>>();
    assert_send_sync::<KeptParagraph<'static>>();
    assert_send_sync::<Article<'static>>();
    assert_send_sync::<Fingerprint>();
    assert_send_sync::<Error>();
    assert_send_sync::<ErrorKind>();
    assert_send_sync::<Removal>();
    assert_send_sync::<RemovalReason>();
    assert_send_sync::<Paragraph<'static>>();
    assert_send_sync::<Paragraphs<'static>>();
    assert_send_sync::<SegmentMode>();

    assert_unwind_safe::<Normalizer>();
    assert_unwind_safe::<Cleaner>();
    assert_unwind_safe::<CleanedArticle<'static>>();
    assert_unwind_safe::<KeptParagraph<'static>>();
    assert_unwind_safe::<Fingerprint>();
    assert_unwind_safe::<Error>();
    assert_unwind_safe::<Removal>();
    assert_unwind_safe::<Paragraph<'static>>();
    assert_unwind_safe::<Paragraphs<'static>>();
}
