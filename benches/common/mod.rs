//! Bench inputs: real scraped Arabic news from the project's shared corpus
//! (`../shared/corpus/saudinewsnet.jsonl`, SaudiNewsNet, CC BY-NC-SA 4.0;
//! test material only, read at run time and never copied into the
//! repository), and for `clean_article` also the first articles of the two
//! ANT files of the same directory. See benches/README.md for how each input
//! is chosen.

#![allow(dead_code)]

use std::path::Path;

/// The inputs every bench uses.
pub(crate) struct Inputs {
    /// The first paragraph (line) of 40 to 100 bytes.
    pub(crate) tiny: String,
    /// The first paragraph of 900 to 1,300 bytes.
    pub(crate) small: String,
    /// The first articles, in file order, joined by a blank line, until the
    /// text reaches 500 KB.
    pub(crate) large: String,
    /// The articles of `large`, one string each.
    pub(crate) articles: Vec<String>,
    /// The non-blank lines of `large`.
    pub(crate) paragraphs: Vec<String>,
    /// Every article text of the file (about 20 MB), for batch benches.
    pub(crate) all_articles: Vec<String>,
}

pub(crate) fn corpus_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/saudinewsnet.jsonl")
}

/// The first articles of another file of the shared corpus, in file order,
/// until their text reaches 500 KB (as `large` is taken from
/// `saudinewsnet.jsonl`), or `None` (with the reason printed) when the file
/// is absent.
pub(crate) fn first_articles_of(file: &str) -> Option<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus").join(file);
    let data = match std::fs::read_to_string(&path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("input skipped: {} is not readable ({e})", path.display());
            return None;
        }
    };
    Some(first_500_kb(data.lines().map(text_of)))
}

/// The `text` field of a corpus line.
fn text_of(line: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(line).expect("corpus line");
    v["text"].as_str().unwrap_or_default().to_string()
}

/// The first texts, in order, until they reach 500 KB (counting a blank
/// line between two).
fn first_500_kb(texts: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut size = 0;
    texts
        .into_iter()
        .take_while(|t| {
            let more = size < 500_000;
            size += t.len() + 2;
            more
        })
        .collect()
}

/// The inputs, or `None` (with the reason printed) when the corpus is absent.
pub(crate) fn inputs() -> Option<Inputs> {
    let path = corpus_path();
    let data = match std::fs::read_to_string(&path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!(
                "benches skipped: {} is not readable ({e}); it is part of the project's shared data",
                path.display()
            );
            return None;
        }
    };
    let all_articles: Vec<String> = data.lines().map(text_of).collect();
    let lines = || all_articles.iter().flat_map(|a| a.lines()).map(str::trim);
    let tiny = lines().find(|l| (40..=100).contains(&l.len()))?.to_string();
    let small = lines().find(|l| (900..=1300).contains(&l.len()))?.to_string();
    let articles = first_500_kb(all_articles.iter().cloned());
    let large = articles.join("\n\n");
    let paragraphs = large.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
    Some(Inputs { tiny, small, large, articles, paragraphs, all_articles })
}
