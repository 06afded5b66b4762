//! The invariants the fuzz targets assert, one function per entry point.
//! Each panics, with the input escaped, when an invariant does not hold.
//!
//! They restate what DESIGN.md and the crate docs promise, written
//! independently of the library's code (the same checks as
//! `tests/properties.rs`).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex};

use naqi::{
    Article, Cleaner, Fingerprint, Normalizer, Paragraph, RemovalReason, SegmentMode, exact_hash,
    paragraphs_by,
};

/// The JSON Lines reader and writer of `clean_corpus`, built as it is.
#[path = "../../examples/clean_corpus/jsonl.rs"]
#[allow(dead_code)]
mod jsonl;
mod jsonl_check;

pub use jsonl_check::check_jsonl;

/// The two tiers, built once (building one computes its tables).
static DISPLAY: LazyLock<Normalizer> = LazyLock::new(Normalizer::display);
static MATCHING: LazyLock<Normalizer> = LazyLock::new(Normalizer::matching);

/// The input as text: valid UTF-8 as it is, anything else with U+FFFD for
/// the invalid bytes (so every input reaches the library).
pub fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// The input as Arabic news text: each byte picks a character, most often
/// a letter of U+0621..U+064A or a space, otherwise a digit, a folded
/// letter, tatweel, a haraka, punctuation or other white space, so long
/// runs of words (what the normalizer takes sixteen bytes at a time) and
/// their edges are reached quickly.
pub fn arabic_words(data: &[u8]) -> String {
    const COMMON: &[char] = &[
        'ا', 'ب', 'ت', 'ج', 'د', 'ر', 'س', 'ع', 'ف', 'ق', 'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ي', ' ',
        'ة', 'ى', 'أ', 'إ', 'آ', 'ؤ', 'ئ', 'ء', 'غ', 'ظ', '0', '7',
    ];
    const EDGES: &[char] = &[
        '\u{0620}', '\u{063B}', '\u{063F}', '\u{0640}', '\u{064B}', '\u{0651}', '\u{0652}',
        '\u{0660}', '\u{0670}', '\u{0671}', '\u{06CC}', '\u{060C}', '\u{061F}', '\u{00A0}',
        '\u{200C}', '\u{200F}', '\u{2009}', '\u{FEFB}', '.', ',', '"', 'A', '\n', ' ',
    ];
    data.iter()
        .map(|&b| {
            let b = b as usize;
            if b < 0xC0 { COMMON[b % COMMON.len()] } else { EDGES[b % EDGES.len()] }
        })
        .collect()
}

/// Every character outside printable ASCII as `\u{XXXX}`.
pub fn esc(s: &str) -> String {
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

/// The invisible controls display rule 2 deletes.
pub fn is_rule2_control(c: char) -> bool {
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

/// A blank line: White_Space and rule-2 controls only.
pub fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() || is_rule2_control(c))
}

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

// ---------------------------------------------------------------------------
// normalize

fn check_normalizer(n: &Normalizer, x: &str) {
    let once = n.normalize(x);
    let twice = n.normalize(&once);
    assert_eq!(*twice, *once, "not idempotent (matching: {}): input {}", n.is_matching(), esc(x));
    assert!(matches!(twice, Cow::Borrowed(_)), "normalize(normalize(x)) allocated: {}", esc(x));
    assert_eq!(
        n.is_normalized(x),
        matches!(once, Cow::Borrowed(_)),
        "is_normalized disagrees with the Cow: {}",
        esc(x)
    );
    assert_eq!(
        matches!(once, Cow::Borrowed(_)),
        *once == *x,
        "Cow::Borrowed iff unchanged: {}",
        esc(x)
    );
    let mut buf = String::from("\u{0627}");
    n.normalize_into(x, &mut buf);
    assert_eq!(buf, format!("\u{0627}{once}"), "normalize_into: {}", esc(x));
}

/// Both tiers under the rule set given by the first two bytes of `data`
/// (bit 0 rule 1, … bit 15 rule 16; every combination is valid), on the
/// rest as text: no panic, idempotent, `is_normalized` agrees with the
/// `Cow`, and (under `cargo fuzz`) outputs equal to the reference.
pub fn check_normalize_rule_set(data: &[u8]) {
    let [a, b, rest @ ..] = data else { return };
    let tiers = rule_set(u16::from_le_bytes([*a, *b]));
    let x = text(rest);
    for n in tiers.iter() {
        #[cfg(fuzzing)]
        naqi::fuzzing::check_rules_against_reference(n, &x);
        check_normalizer(n, &x);
    }
}

/// Both tiers of the rule set `bits`, built once: a table takes longer to
/// build than most inputs take to check. At most 256 rule sets are kept
/// (about 30 MB).
fn rule_set(bits: u16) -> Arc<[Normalizer; 2]> {
    static BUILT: LazyLock<Mutex<HashMap<u16, Arc<[Normalizer; 2]>>>> =
        LazyLock::new(Default::default);
    let mut built = BUILT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(tiers) = built.get(&bits) {
        return Arc::clone(tiers);
    }
    let on = |rule: u32| bits & (1 << (rule - 1)) != 0;
    let tier = |matching: bool| {
        Normalizer::builder()
            .presentation_forms(on(1))
            .remove_invisible_controls(on(2))
            .remove_tatweel(on(3))
            .collapse_whitespace(on(4))
            .nfc(on(5))
            .nfkc(on(6))
            .remove_tashkeel(on(7))
            .unify_alef(on(8))
            .alef_maksura_to_yeh(on(9))
            .teh_marbuta_to_heh(on(10))
            .unify_hamza(on(11))
            .fold_persian_urdu(on(12))
            .remove_joiners(on(13))
            .arabic_indic_digits_to_ascii(on(14))
            .lowercase(on(15))
            .split_on_punctuation(on(16))
            .matching(matching)
            .build()
    };
    let tiers = Arc::new([tier(false), tier(true)]);
    if built.len() >= 256 {
        built.clear();
    }
    built.insert(bits, Arc::clone(&tiers));
    tiers
}

/// Both tiers: no panic, idempotent, `is_normalized` agrees with the `Cow`,
/// `matching(display(x)) == matching(x)`, well-formed outputs.
pub fn check_normalize(x: &str) {
    // Under `cargo fuzz` (`--cfg fuzzing`), also the step-by-step
    // reference inside the crate: exact outputs, not only invariants.
    #[cfg(fuzzing)]
    naqi::fuzzing::check_normalize_against_reference(x);
    let (display, matching) = (&*DISPLAY, &*MATCHING);
    check_normalizer(display, x);
    check_normalizer(matching, x);

    let d = display.normalize(x);
    assert!(!d.starts_with(' ') && !d.ends_with(' ') && !d.contains("  "));
    assert!(
        d.chars().all(|c| (c == ' ' || !c.is_whitespace()) && !is_rule2_control(c)),
        "white space or control left by display: {}",
        esc(x)
    );
    assert!(unicode_normalization::is_nfc(&d), "display not NFC: {}", esc(x));
    let mut after_letter = false;
    for c in d.chars() {
        assert!(
            !(c == '\u{0640}' && after_letter),
            "kashida after a letter left by display: {}",
            esc(x)
        );
        after_letter = is_tatweel_letter(c)
            || (after_letter && unicode_normalization::char::is_combining_mark(c));
    }

    let key = matching.normalize(x);
    assert!(!key.starts_with(' ') && !key.ends_with(' ') && !key.contains("  "));
    assert!(key.chars().all(|c| c == ' ' || !c.is_whitespace()), "white space in key: {}", esc(x));
    assert_eq!(*matching.normalize(&d), *key, "matching(display(x)) != matching(x): {}", esc(x));
}

// ---------------------------------------------------------------------------
// paragraphs

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

/// The lines of `s` (content ranges), split at the documented terminators.
fn lines(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < s.len() {
        if let Some(n) = terminator_at(&s[i..]) {
            out.push(start..i);
            i += n;
            start = i;
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push(start..s.len());
    out
}

/// The documented segmentation, computed independently.
fn oracle_spans(text: &str, mode: SegmentMode) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut in_block = false;
    for line in lines(text) {
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

/// Paragraph spans in one mode: valid, ascending, equal to the documented
/// segmentation, never blank, and only line breaks and blank lines between
/// them.
pub fn check_paragraphs_mode(text: &str, mode: SegmentMode) {
    let paras: Vec<Paragraph<'_>> = paragraphs_by(text, mode).collect();
    let spans: Vec<Range<usize>> = paras.iter().map(Paragraph::span).collect();
    assert_eq!(spans, oracle_spans(text, mode), "{mode:?}: {}", esc(text));
    let mut pos = 0;
    for (i, p) in paras.iter().enumerate() {
        let s = p.span();
        assert_eq!(p.index(), i);
        assert!(pos <= s.start && s.start < s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert_eq!(&text[s.clone()], p.as_str());
        assert!(!is_blank(p.as_str()), "blank paragraph: {}", esc(text));
        let gap = &text[pos..s.start];
        assert!(is_blank(gap), "{mode:?}: text between paragraphs: {}", esc(text));
        if i > 0 {
            assert!(
                terminator_at(gap).is_some(),
                "{mode:?}: paragraphs not separated by a line break: {}",
                esc(text)
            );
        }
        pos = s.end;
    }
    let tail = &text[pos..];
    assert!(is_blank(tail), "{mode:?}: text after the last paragraph");
    assert!(
        tail.is_empty() || paras.is_empty() || terminator_at(tail).is_some(),
        "{mode:?}: last paragraph does not end at a line break: {}",
        esc(text)
    );
}

pub fn check_paragraphs(text: &str) {
    check_paragraphs_mode(text, SegmentMode::Line);
    check_paragraphs_mode(text, SegmentMode::Block);
}

// ---------------------------------------------------------------------------
// clean

fn word_count(key: &str) -> usize {
    if key.is_empty() { 0 } else { key.split(' ').count() }
}

fn char_4grams(key: &str) -> BTreeSet<String> {
    let padded: Vec<char> = format!(" {key} ").chars().collect();
    if padded.len() < 4 {
        return BTreeSet::from([padded.iter().collect()]);
    }
    padded.windows(4).map(|w| w.iter().collect()).collect()
}

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

/// The documented default near-duplicate thresholds, by length class.
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

/// A cleaner under test and the settings the checks need.
pub struct Setup {
    pub cleaner: Cleaner,
    pub min_words: usize,
    pub mode: SegmentMode,
}

/// The default configuration, `min_paragraph_words(1)`, and block mode with
/// `min_paragraph_words(2)`.
pub fn setups() -> Vec<Setup> {
    vec![
        Setup { cleaner: Cleaner::new(), min_words: 5, mode: SegmentMode::Line },
        Setup {
            cleaner: Cleaner::builder().min_paragraph_words(1).build().unwrap(),
            min_words: 1,
            mode: SegmentMode::Line,
        },
        Setup {
            cleaner: Cleaner::builder()
                .min_paragraph_words(2)
                .segment_mode(SegmentMode::Block)
                .build()
                .unwrap(),
            min_words: 2,
            mode: SegmentMode::Block,
        },
    ]
}

/// Splits the input at its first line break: the first line is the title
/// and the rest the text; without a line break, the whole input is the text
/// and there is no title.
pub fn split_title(input: &str) -> (&str, Option<&str>) {
    let mut i = 0;
    while i < input.len() {
        if let Some(n) = terminator_at(&input[i..]) {
            return (&input[i + n..], Some(&input[..i]));
        }
        i += input[i..].chars().next().map_or(1, char::len_utf8);
    }
    (input, None)
}

/// Names of `check_clean` invariants to skip, from the environment variable
/// `NAQI_FUZZ_SKIP` (comma-separated; empty by default). Only for hunting
/// other bugs while a known one is being fixed: the default checks all.
static SKIP: LazyLock<Vec<String>> = LazyLock::new(|| {
    std::env::var("NAQI_FUZZ_SKIP")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
});

/// Panics with `invariant NAME broken: …` unless `ok` or NAME is skipped.
fn invariant(name: &str, ok: bool, message: impl FnOnce() -> String) {
    if !ok && !SKIP.iter().any(|s| s == name) {
        panic!("invariant {name} broken: {}", message());
    }
}

/// Every documented invariant of `Cleaner::clean` on one article. Each
/// failure names its invariant: `order`, `kept-text`, `fingerprint`,
/// `partition`, `similarity`, `min-words`, `title`, `counterpart-kept`,
/// `exact`, `near-duplicate`, `contained-run`, `kept-repeat`, `unrelated-kept`,
/// `deterministic`, `reclean`.
pub fn check_clean(setup: &Setup, text: &str, title: Option<&str>) {
    let ctx = || {
        format!(
            "min_words {} {:?}: text {}, title {:?}",
            setup.min_words,
            setup.mode,
            esc(text),
            title.map(esc)
        )
    };
    let (display, matching) = (&*DISPLAY, &*MATCHING);
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
    invariant("partition", out.paragraph_count() == n, ctx);

    let mut is_kept = vec![false; n];
    let mut prev = None;
    for k in out.kept() {
        let i = k.index();
        invariant("order", i < n && prev < Some(i), ctx);
        if i >= n {
            return;
        }
        prev = Some(i);
        is_kept[i] = true;
        invariant("order", k.span() == paras[i].span(), ctx);
        invariant("kept-text", k.text() == display.normalize(paras[i].as_str()), ctx);
        invariant(
            "fingerprint",
            k.exact_hash() == exact_hash(&keys[i])
                && k.simhash() == Fingerprint::of_key(&keys[i])
                && k.word_count() == words[i],
            ctx,
        );
    }
    let mut prev = None;
    for r in out.removals() {
        let i = r.index();
        invariant("order", i < n && prev < Some(i), ctx);
        if i >= n {
            return;
        }
        prev = Some(i);
        invariant("partition", !is_kept[i], ctx);
        invariant("order", r.span() == paras[i].span(), ctx);
    }
    invariant("partition", out.kept().len() + out.removals().len() == n, ctx);

    let title_removed = |k: usize| !title_key.is_empty() && keys[k] == title_key;
    for r in out.removals() {
        let i = r.index();
        let sim = r.similarity().unwrap_or(-1.0);
        invariant("similarity", (0.0..=1.0).contains(&sim), ctx);
        invariant(
            "min-words",
            r.reason() == RemovalReason::Title || words[i] >= setup.min_words,
            || format!("{i} of {} words ({}): {}", words[i], r.reason(), ctx()),
        );
        if r.reason() == RemovalReason::Title {
            invariant("title", r.duplicate_of().is_none() && title_removed(i), ctx);
            continue;
        }
        let Some(j) = r.duplicate_of().filter(|&j| j < n && j != i) else {
            invariant("counterpart-kept", false, || {
                format!("{} removal of {i} points nowhere: {}", r.reason(), ctx())
            });
            continue;
        };
        invariant("counterpart-kept", is_kept[j], || {
            format!("{} removal of {i} points to removed {j}: {}", r.reason(), ctx())
        });
        match r.reason() {
            RemovalReason::Exact => {
                invariant("exact", j < i && keys[i] == keys[j] && sim == 1.0, || {
                    format!("{i} of {j}: {}", ctx())
                })
            }
            RemovalReason::NearDuplicate => {
                let class = length_class(words[i].min(words[j]));
                let mine = jaccard(&char_4grams(&keys[i]), &char_4grams(&keys[j]));
                let wj = jaccard(&word_3shingles(&keys[i]), &word_3shingles(&keys[j]));
                invariant(
                    "near-duplicate",
                    // Rule 4: the fuller one stays (more words, or of
                    // equally long ones the first), wherever they stand.
                    (words[j] > words[i] || (words[j] == words[i] && j < i))
                        && (sim - mine).abs() < 1e-9
                        && sim >= NEAR_JACCARD[class]
                        && wj >= NEAR_WORD_JACCARD,
                    || format!("{i} of {j}: {sim} {mine} {wj}: {}", ctx()),
                );
            }
            RemovalReason::Contained => {
                // The run from j as the cleaned text reads it.
                let run = (j..n)
                    .filter(|&k| is_kept[k] && !keys[k].is_empty())
                    .map(|k| keys[k].as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                invariant(
                    "contained-run",
                    !keys[i].is_empty() && run.starts_with(&keys[i]) && sim == 1.0,
                    || format!("{i} is not a prefix of the run from {j}: {}", ctx()),
                );
            }
            other => invariant("title", false, || format!("reason {other}: {}", ctx())),
        }
    }

    // No exact repeat of an earlier kept paragraph stays, nor (for articles
    // of up to 64 kept paragraphs) a verified near-duplicate of one.
    let kept_idx: Vec<usize> = (0..n).filter(|&i| is_kept[i]).collect();
    let mut first_kept: HashMap<&str, usize> = HashMap::new();
    for &j in &kept_idx {
        if words[j] < setup.min_words {
            continue;
        }
        if let Some(&i) = first_kept.get(keys[j].as_str()) {
            invariant("kept-repeat", false, || {
                format!("kept {j} is an exact repeat of kept {i}: {}", ctx())
            });
        }
        first_kept.entry(keys[j].as_str()).or_insert(j);
    }
    if kept_idx.len() <= 64 {
        for (b, &j) in kept_idx.iter().enumerate() {
            for &i in &kept_idx[..b] {
                if words[i].min(words[j]) < setup.min_words {
                    continue;
                }
                let class = length_class(words[i].min(words[j]));
                let d =
                    Fingerprint::of_key(&keys[i]).hamming_distance(Fingerprint::of_key(&keys[j]));
                if d > NEAR_SIMHASH[class] {
                    continue;
                }
                let cj = jaccard(&char_4grams(&keys[i]), &char_4grams(&keys[j]));
                let wj = jaccard(&word_3shingles(&keys[i]), &word_3shingles(&keys[j]));
                invariant(
                    "kept-repeat",
                    cj < NEAR_JACCARD[class] || wj < NEAR_WORD_JACCARD,
                    || format!("kept {j} is a near-duplicate of kept {i}: {}", ctx()),
                );
            }
        }
    }

    // A paragraph none of whose words begins a word of another paragraph,
    // and that is not the title, has no counterpart: it stays.
    for i in 0..n {
        if title_removed(i) || is_kept[i] {
            continue;
        }
        let related = (0..n).filter(|&j| j != i).any(|j| {
            keys[i]
                .split(' ')
                .filter(|w| !w.is_empty())
                .any(|w| keys[j].split(' ').any(|v| v.starts_with(w)))
        });
        invariant("unrelated-kept", related, || {
            format!("{i} removed without a counterpart: {}", ctx())
        });
    }

    // Deterministic. Cleaning the cleaned text removes no repeat (exact,
    // near-duplicate, title); it removes nothing at all except a teaser in
    // the rare articles whose teasers and repeats form a cycle that no set of
    // decisions settles (documented on `Cleaner::clean`).
    invariant("deterministic", setup.cleaner.clean(article) == out, ctx);
    let cleaned = out.text();
    let article2 = match title {
        Some(t) => Article::new(&cleaned).with_title(t),
        None => Article::new(&cleaned),
    };
    let second = setup.cleaner.clean(article2);
    invariant(
        "reclean",
        second.removals().iter().all(|r| r.reason() == RemovalReason::Contained),
        || {
            format!(
                "cleaning the cleaned text {} removed {:?}: {}",
                esc(&cleaned),
                second.removals(),
                ctx()
            )
        },
    );
}

/// The SimHash index against a brute-force Hamming scan. The input is read
/// as: one byte for the largest distance (0–15), one for the extra blocks
/// (1–8), one that says whether entries go in one by one or in bulk, then
/// 8-byte fingerprints; every fingerprint, and each with its bytes rotated,
/// is also a query. A configuration the builder refuses must be one the
/// docs say it refuses (more than 4,096 tables).
pub fn check_index(data: &[u8]) {
    let [k, extra, bulk, rest @ ..] = data else { return };
    let k = u32::from(*k % 16);
    let blocks = k + 1 + u32::from(*extra % 8);
    let mut index = match naqi::NearDupIndex::builder().max_distance(k).blocks(blocks).build() {
        Ok(index) => index,
        Err(e) => {
            let tables = binomial(u64::from(blocks), u64::from(k));
            assert!(tables > 4096, "k={k} blocks={blocks} ({tables} tables) refused: {e}");
            return;
        }
    };
    let entries: Vec<(u64, u64)> = rest
        .chunks_exact(8)
        .enumerate()
        .map(|(i, c)| (i as u64, u64::from_le_bytes(c.try_into().expect("8 bytes"))))
        .collect();
    if bulk & 1 == 1 {
        index.extend(entries.iter().map(|&(id, fp)| (id, Fingerprint::from_u64(fp)))).unwrap();
    } else {
        for &(id, fp) in &entries {
            index.insert(id, Fingerprint::from_u64(fp)).unwrap();
        }
    }
    assert_eq!(index.len(), entries.len());
    for &(_, fp) in &entries {
        for q in [fp, fp.rotate_left(8), !fp] {
            let mut got: Vec<(u64, u32)> = index.query(Fingerprint::from_u64(q)).collect();
            got.sort_unstable();
            let want: Vec<(u64, u32)> = entries
                .iter()
                .filter_map(|&(id, e)| {
                    let d = (e ^ q).count_ones();
                    (d <= k).then_some((id, d))
                })
                .collect();
            assert_eq!(got, want, "k={k} blocks={blocks} query {q:#018x}");
        }
    }
}

/// n choose r, saturating.
fn binomial(n: u64, r: u64) -> u64 {
    (0..r).fold(1u64, |acc, i| acc.saturating_mul(n - i) / (i + 1))
}
