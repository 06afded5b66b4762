//! Real teasers from real data: the ANT records of `../shared/corpus/` carry
//! the site's RSS `abstract`. Each article is built as the abstract, a blank
//! line and the body, for every record whose abstract (one line) has at least five words
//! and whose body paragraphs are clearly distinct (no two share half of their
//! word 3-shingles, nor one 60% of the other's). Comparing keys, the abstract
//! is then the lead again (`equal`), a truncated lead (`truncated`; prefixes
//! under 16 words without an ellipsis read as headlines and are left out),
//! or the start of the body cut across a paragraph break (`cross-break`). In
//! every case the abstract (or, where it equals the lead, one of the two)
//! must go and nothing else.
//!
//! Skips, saying why, when `../shared/corpus/` is absent.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use naqi::{Cleaner, Normalizer};
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    id: String,
    text: String,
    #[serde(rename = "abstract")]
    abstract_: Option<String>,
}

fn shingles(key: &str) -> HashSet<[&str; 3]> {
    let w: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    w.windows(3).map(|s| [s[0], s[1], s[2]]).collect()
}

/// No two body paragraphs share half of their word 3-shingles (Jaccard), nor
/// does one hold 60% of the other's.
fn clearly_distinct(keys: &[String]) -> bool {
    let sets: Vec<_> = keys.iter().map(|k| shingles(k)).collect();
    for i in 0..sets.len() {
        for j in i + 1..sets.len() {
            let (a, b) = (&sets[i], &sets[j]);
            if a.is_empty() || b.is_empty() {
                continue;
            }
            let common = a.intersection(b).count() as f64;
            let union = (a.len() + b.len()) as f64 - common;
            if common / union >= 0.5
                || common / a.len() as f64 >= 0.6
                || common / b.len() as f64 >= 0.6
            {
                return false;
            }
        }
    }
    true
}

#[derive(Default, Debug)]
struct Tally {
    articles: usize,
    resolved: usize,
    removals: usize,
    bad: usize,
    lost: usize,
}

#[test]
fn rss_abstracts_are_removed_and_nothing_else() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let matching = Normalizer::matching();
    let cleaner = Cleaner::new();
    let mut tally: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    for file in ["ant_multisource.jsonl", "ant_jawharafm.jsonl"] {
        let data = match std::fs::read_to_string(dir.join(file)) {
            Ok(d) => d,
            Err(e) => {
                eprintln!(
                    "skipped: {} is not readable ({e}); it is part of the project's shared data",
                    dir.join(file).display()
                );
                return;
            }
        };
        for line in data.lines() {
            let r: Record = serde_json::from_str(line).expect("corpus record");
            let Some(abs) = r.abstract_.as_deref() else {
                continue;
            };
            if abs.trim().contains(['\n', '\r']) {
                continue;
            }
            let abs_key = matching.normalize(abs);
            let abs_words = abs_key.split(' ').filter(|w| !w.is_empty()).count();
            if abs_words < 5 {
                continue;
            }
            let body: Vec<String> = naqi::paragraphs(&r.text)
                .map(|p| matching.normalize(p.as_str()).into_owned())
                .collect();
            if body.is_empty() || !clearly_distinct(&body) {
                continue;
            }
            let ellipsis = {
                let t = abs.trim_end();
                t.ends_with("..") || t.ends_with('\u{2026}')
            };
            let joined =
                body.iter().filter(|k| !k.is_empty()).cloned().collect::<Vec<_>>().join(" ");
            let kind = if abs_key == body[0] {
                "equal"
            } else if body[0].starts_with(abs_key.as_ref()) {
                if abs_words < 16 && !ellipsis {
                    continue;
                }
                "truncated"
            } else if joined.starts_with(abs_key.as_ref()) && abs_key.len() > body[0].len() {
                "cross-break"
            } else {
                continue;
            };
            let text = format!("{abs}\n\n{}", r.text);
            let cleaned = cleaner.clean(text.as_str());
            let removed: Vec<usize> = cleaned.removals().iter().map(|x| x.index()).collect();
            let t = tally.entry(kind).or_default();
            t.articles += 1;
            t.removals += removed.len();
            let ok = match kind {
                "equal" => removed == [0] || removed == [1],
                _ => removed == [0],
            };
            t.resolved += ok as usize;
            let bad: Vec<usize> = removed
                .iter()
                .copied()
                .filter(|&i| !(i == 0 || (kind == "equal" && i == 1 && !removed.contains(&0))))
                .collect();
            t.bad += bad.len();
            t.lost += bad.len();
            if !ok {
                failures.push(format!("{} {kind}: removed {removed:?}", r.id));
            }
        }
    }
    let mut all = Tally::default();
    for (kind, t) in &tally {
        eprintln!(
            "{kind:12} articles {:5} resolved {:5} removals {:5} bad {:3} lost {:3}",
            t.articles, t.resolved, t.removals, t.bad, t.lost
        );
        all.articles += t.articles;
        all.resolved += t.resolved;
        all.removals += t.removals;
        all.bad += t.bad;
        all.lost += t.lost;
    }
    for f in failures.iter().take(30) {
        eprintln!("FAIL {f}");
    }
    let recall = all.resolved as f64 / all.articles as f64;
    let precision = 1.0 - all.bad as f64 / all.removals.max(1) as f64;
    eprintln!(
        "all: articles {} recall {recall:.4} precision {precision:.4} lost {}",
        all.articles, all.lost
    );
    assert!(all.articles > 5000, "{} articles", all.articles);
    assert_eq!(all.lost, 0);
    assert!(recall >= 0.998, "recall {recall:.4}");
    assert!(precision >= 0.9995, "precision {precision:.4}");
}
