//! The corpus stages on the whole real corpus of `../shared/corpus/`
//! (13,729 scraped Arabic news articles): the boilerplate found per source,
//! byte-identical bodies, and near-duplicate articles checked against an
//! independent exact computation of word 5-shingle similarity.
//!
//! Skips, saying why, when `../shared/corpus/` is absent.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use naqi::{Article, CorpusCleaner, Normalizer, RemovalReason};
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    id: String,
    source: String,
    title: Option<String>,
    text: String,
}

fn load() -> Option<Vec<Record>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut out = Vec::new();
    for f in ["saudinewsnet.jsonl", "ant_multisource.jsonl", "ant_jawharafm.jsonl"] {
        let p = dir.join(f);
        match std::fs::read_to_string(&p) {
            Ok(data) => {
                out.extend(data.lines().map(|l| serde_json::from_str::<Record>(l).expect("record")))
            }
            Err(e) => {
                eprintln!(
                    "skipped: {} is not readable ({e}); it is part of the project's shared data",
                    p.display()
                );
                return None;
            }
        }
    }
    Some(out)
}

/// Word 5-shingles of a key (the whole key when shorter), as strings.
fn shingles(key: &str) -> HashSet<String> {
    let w: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    if w.is_empty() {
        return HashSet::new();
    }
    if w.len() < 5 {
        return [w.join(" ")].into();
    }
    w.windows(5).map(|s| s.join(" ")).collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> (f64, f64) {
    let common = a.intersection(b).count() as f64;
    let union = (a.len() + b.len()) as f64 - common;
    (common / union.max(1.0), common / (a.len().min(b.len()).max(1)) as f64)
}

/// Lines that must be found as boilerplate (matching keys), by source.
const KNOWN: &[(&str, &str, f64)] = &[
    ("saudinewsnet:was", "انتهي", 0.95),
    ("antm:Alarabia", "جميع المقالات المنشوره تمثل راي كتابها فقط", 0.95),
    ("saudinewsnet:almadina", "للتواصل مع الكاتب ارسل رساله sms", 0.95),
    ("saudinewsnet:almadina", "635031 mobily", 0.95),
    ("saudinewsnet:almadina", "737221 zain", 0.95),
    ("saudinewsnet:almadina", "88591 stc", 0.95),
];

#[test]
fn corpus_stages_on_the_real_corpus() {
    let Some(records) = load() else { return };
    let articles: Vec<Article<'_>> = records
        .iter()
        .map(|r| {
            let a = Article::new(&r.text).with_source(&r.source);
            match &r.title {
                Some(t) => a.with_title(t),
                None => a,
            }
        })
        .collect();
    let cleaner = CorpusCleaner::new();
    let result = cleaner.clean_corpus(&articles);
    let m = Normalizer::matching();

    // Boilerplate: occurrences of the known lines, and how many went.
    let mut known: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    let mut title_footer = (0, 0);
    let mut removed_by_source: BTreeMap<&str, usize> = BTreeMap::new();
    for (r, a) in records.iter().zip(&result) {
        let boiler: HashSet<usize> = a
            .cleaned()
            .removals()
            .iter()
            .filter(|x| x.reason() == RemovalReason::Boilerplate)
            .map(|x| x.index())
            .collect();
        *removed_by_source.entry(&r.source).or_default() += boiler.len();
        for p in naqi::paragraphs(&r.text) {
            let key = m.normalize(p.as_str());
            for &(src, line, _) in KNOWN {
                if r.source == src && key == line {
                    let e = known.entry((src, line)).or_default();
                    e.0 += 1;
                    e.1 += boiler.contains(&p.index()) as usize;
                }
            }
            if r.source == "saudinewsnet:alweeam" && key.starts_with("رابط الخبر بصحيفه الويام")
            {
                title_footer.0 += 1;
                title_footer.1 += boiler.contains(&p.index()) as usize;
            }
        }
    }
    let mut lines: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for (r, a) in records.iter().zip(&result) {
        let boiler: HashSet<usize> = a
            .cleaned()
            .removals()
            .iter()
            .filter(|x| x.reason() == RemovalReason::Boilerplate)
            .map(|x| x.index())
            .collect();
        for p in naqi::paragraphs(&r.text) {
            if boiler.contains(&p.index()) {
                *lines
                    .entry((r.source.as_str(), m.normalize(p.as_str()).into_owned()))
                    .or_default() += 1;
            }
        }
    }
    for ((src, line), n) in &lines {
        if *n >= 5 {
            eprintln!("removed as boilerplate: {src} {n}x {line}");
        }
    }
    for ((src, line), (all, gone)) in &known {
        eprintln!("boilerplate {src:24} {line:48} {gone}/{all}");
    }
    eprintln!(
        "boilerplate saudinewsnet:alweeam title footer {}/{}",
        title_footer.1, title_footer.0
    );
    for (src, n) in &removed_by_source {
        eprintln!("boilerplate paragraphs removed in {src}: {n}");
    }
    for &(src, line, floor) in KNOWN {
        let (all, gone) = known[&(src, line)];
        assert!(gone as f64 >= floor * all as f64, "{src}: {line}: {gone}/{all}");
    }
    assert!(title_footer.1 as f64 >= 0.9 * title_footer.0 as f64, "title footer {title_footer:?}");

    // Near-duplicate articles, checked on the bodies the corpus stages left.
    let bodies: Vec<HashSet<String>> = result
        .iter()
        .map(|a| {
            let key: Vec<&str> =
                a.cleaned().kept().map(|p| p.key()).filter(|k| !k.is_empty()).collect();
            shingles(&key.join(" "))
        })
        .collect();
    // Precision: every marked article against the one it points to.
    let mut marked = 0;
    let mut good = 0;
    for (j, a) in result.iter().enumerate() {
        if let Some((i, _)) = a.duplicate_of() {
            assert!(!bodies[j].is_empty(), "an empty body was marked as a duplicate");
            assert!(result[i].duplicate_of().is_none(), "a pointer to a duplicate");
            assert!(i < j);
            marked += 1;
            let (jac, cont) = jaccard(&bodies[i], &bodies[j]);
            good += (jac >= 0.5 || cont >= 0.8) as usize;
            if !(jac >= 0.5 || cont >= 0.8) {
                eprintln!(
                    "weak pair {} -> {}: J {jac:.3} C {cont:.3} sizes {} {} ({:?})",
                    records[j].id,
                    records[i].id,
                    bodies[j].len(),
                    bodies[i].len(),
                    a.duplicate_of()
                );
            }
        }
    }
    // A sample of marked pairs to read, with NAQI_SHOW_PAIRS=1.
    if std::env::var_os("NAQI_SHOW_PAIRS").is_some() {
        let marked_pairs: Vec<(usize, usize)> = result
            .iter()
            .enumerate()
            .filter_map(|(j, a)| a.duplicate_of().map(|(i, _)| (i, j)))
            .collect();
        for &(i, j) in marked_pairs.iter().step_by((marked_pairs.len() / 20).max(1)).take(20) {
            let (jac, cont) = jaccard(&bodies[i], &bodies[j]);
            let head = |k: usize| {
                result[k]
                    .cleaned()
                    .text()
                    .chars()
                    .take(160)
                    .collect::<String>()
                    .replace('\n', " / ")
            };
            eprintln!(
                "PAIR {} -> {} J {jac:.2} C {cont:.2}\n  {}: {}\n  {}: {}",
                records[j].id,
                records[i].id,
                records[i].source,
                head(i),
                records[j].source,
                head(j)
            );
        }
    }
    // Recall: all pairs with Jaccard >= 0.8, found exactly through an
    // inverted index of shingles (a pair at 0.8 shares a shingle).
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, b) in bodies.iter().enumerate() {
        for s in b {
            postings.entry(s.as_str()).or_default().push(i);
        }
    }
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    for list in postings.values() {
        if list.len() > 400 {
            continue; // a shingle in hundreds of bodies is boilerplate left over, not evidence
        }
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    let cluster = |i: usize| result[i].duplicate_of().map_or(i, |(k, _)| k);
    let (mut pairs, mut together) = (0, 0);
    let mut split = Vec::new();
    for (&(a, b), _) in shared.iter() {
        let (jac, _) = jaccard(&bodies[a], &bodies[b]);
        if jac >= 0.8 {
            pairs += 1;
            if cluster(a) == cluster(b) {
                together += 1;
            } else if split.len() < 10 {
                split.push((records[a].id.as_str(), records[b].id.as_str(), jac));
                let ca = cluster(a);
                let cb = cluster(b);
                eprintln!(
                    "split {} (cluster {} J {:.3}) {} (cluster {} J {:.3})",
                    records[a].id,
                    records[ca].id,
                    jaccard(&bodies[a], &bodies[ca]).0,
                    records[b].id,
                    records[cb].id,
                    jaccard(&bodies[b], &bodies[cb]).0
                );
            }
        }
    }
    let identical_groups = {
        let mut groups: HashMap<&str, usize> = HashMap::new();
        for r in &records {
            if !r.text.trim().is_empty() {
                *groups.entry(r.text.as_str()).or_default() += 1;
            }
        }
        groups.values().filter(|&&n| n > 1).count()
    };
    let mut identical_found = 0;
    let mut identical_later = 0;
    let mut first_by_text: HashMap<&str, usize> = HashMap::new();
    for (j, r) in records.iter().enumerate() {
        if r.text.trim().is_empty() || bodies[j].is_empty() {
            continue;
        }
        match first_by_text.get(r.text.as_str()) {
            Some(&i) => {
                identical_later += 1;
                identical_found += (cluster(i) == cluster(j)) as usize;
            }
            None => {
                first_by_text.insert(&r.text, j);
            }
        }
    }
    let (cand, verified) = (result.len(), marked);
    eprintln!(
        "articles {cand}, marked duplicates {verified}, of which J>=0.5 or containment>=0.8: {good}"
    );
    eprintln!("pairs with J>=0.8: {pairs}, in one cluster: {together}");
    eprintln!(
        "byte-identical non-empty groups: {identical_groups}; later copies in their first's cluster: {identical_found}/{identical_later}"
    );
    for s in &split {
        eprintln!("  split pair {s:?}");
    }
    assert_eq!(identical_groups, 303);
    assert_eq!(identical_found, identical_later, "byte-identical copies split");
    assert!(good as f64 >= 0.995 * marked as f64);
    assert!(together as f64 >= 0.98 * pairs as f64, "{together}/{pairs}");
}
