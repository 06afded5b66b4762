//! Duplicate detection on the labelled development articles of
//! `../shared/eval/` (2,000 articles built from real news with injected
//! repeats, normalization noise, near copies, teasers and hard negatives),
//! scored exactly as `eval/score.py` scores `clean_corpus` output.
//!
//! Skips, saying why, when `../shared/eval/` is absent (a user's clone).

use std::collections::HashMap;
use std::path::Path;

use naqi::{Article, Cleaner};
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    id: String,
    text: String,
    title: Option<String>,
}

#[derive(Deserialize)]
struct Labels {
    id: String,
    groups: Vec<i64>,
    roles: Vec<String>,
    kinds: Vec<String>,
}

#[derive(Debug, Default)]
struct Score {
    groups: usize,
    resolved: usize,
    removals: usize,
    bad_removals: usize,
    lost: usize,
    by_kind: HashMap<String, (usize, usize)>,
    failures: Vec<String>,
}

impl Score {
    fn recall(&self) -> f64 {
        if self.groups == 0 { 1.0 } else { self.resolved as f64 / self.groups as f64 }
    }
    fn precision(&self) -> f64 {
        if self.removals == 0 { 1.0 } else { 1.0 - self.bad_removals as f64 / self.removals as f64 }
    }

    /// `score.py`'s rules for one article.
    fn add(&mut self, id: &str, labels: &Labels, removed: &[usize]) {
        let removed: std::collections::HashSet<usize> = removed.iter().copied().collect();
        self.removals += removed.len();
        let mut members: HashMap<i64, Vec<usize>> = HashMap::new();
        let mut order = Vec::new();
        for (i, g) in labels.groups.iter().enumerate() {
            if !members.contains_key(g) {
                order.push(*g);
            }
            members.entry(*g).or_default().push(i);
        }
        for g in order {
            let idxs = &members[&g];
            let surv: Vec<usize> = idxs.iter().copied().filter(|i| !removed.contains(i)).collect();
            if idxs.len() == 1 {
                let k = &labels.kinds[idxs[0]];
                let ok = !removed.contains(&idxs[0]);
                if !k.is_empty() {
                    let e = self.by_kind.entry(k.clone()).or_default();
                    e.0 += ok as usize;
                    e.1 += 1;
                }
                if !ok {
                    self.bad_removals += 1;
                    self.lost += 1;
                    self.failures.push(format!("{id}: removed original paragraph {}", idxs[0]));
                }
                continue;
            }
            self.groups += 1;
            let teaser = idxs.iter().any(|&i| labels.roles[i] == "teaser");
            let mut ok = surv.len() == 1;
            if teaser && ok {
                ok = labels.roles[surv[0]] != "teaser";
            }
            if surv.is_empty() {
                self.lost += 1;
                self.bad_removals += 1;
                self.failures.push(format!("{id}: whole group removed {idxs:?}"));
            } else if teaser && surv.len() == 1 && labels.roles[surv[0]] == "teaser" {
                self.lost += 1;
                self.bad_removals += 1;
                self.failures.push(format!("{id}: kept teaser, removed full paragraph {idxs:?}"));
            } else if !ok {
                self.failures.push(format!("{id}: duplicate kept {idxs:?}"));
            }
            self.resolved += ok as usize;
            for &i in idxs {
                let k = &labels.kinds[i];
                if !k.is_empty() {
                    let e = self.by_kind.entry(k.clone()).or_default();
                    e.0 += ok as usize;
                    e.1 += 1;
                }
            }
        }
    }
}

fn shared(path: &str) -> Option<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared").join(path);
    match std::fs::read_to_string(&p) {
        Ok(s) => Some(s),
        Err(e) => {
            eprintln!(
                "skipped: {} is not readable ({e}); it is part of the project's shared data",
                p.display()
            );
            None
        }
    }
}

#[test]
fn dev_set_recall_precision_and_nothing_lost() {
    let (Some(articles), Some(labels)) =
        (shared("eval/articles_dev.jsonl"), shared("eval/labels_dev.jsonl"))
    else {
        return;
    };
    let labels: HashMap<String, Labels> = labels
        .lines()
        .map(|l| serde_json::from_str::<Labels>(l).expect("label line"))
        .map(|l| (l.id.clone(), l))
        .collect();
    let cleaner = Cleaner::new();
    let mut score = Score::default();
    let mut n = 0;
    for line in articles.lines() {
        let r: Record = serde_json::from_str(line).expect("article line");
        let mut article = Article::new(&r.text);
        if let Some(t) = &r.title {
            article = article.with_title(t);
        }
        let cleaned = cleaner.clean(article);
        let removed: Vec<usize> = cleaned.removals().iter().map(|x| x.index()).collect();
        score.add(&r.id, &labels[&r.id], &removed);
        n += 1;
    }
    assert_eq!(n, 2000);
    let mut kinds: Vec<_> = score.by_kind.iter().collect();
    kinds.sort();
    for (k, (ok, all)) in kinds {
        eprintln!("  {k:24} {ok}/{all}");
    }
    for f in score.failures.iter().take(40) {
        eprintln!("FAIL {f}");
    }
    eprintln!(
        "groups {} resolved {} removals {} bad {} | recall {:.4} precision {:.4} lost {}",
        score.groups,
        score.resolved,
        score.removals,
        score.bad_removals,
        score.recall(),
        score.precision(),
        score.lost
    );
    assert_eq!(score.lost, 0, "content lost");
    assert!(score.recall() >= 0.998, "recall {:.4}", score.recall());
    assert!(score.precision() >= 0.9995, "precision {:.4}", score.precision());
}
