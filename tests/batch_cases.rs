//! The batch cases of `tests/data/cases/batch_*.jsonl` (copied from the
//! project's shared cases; see tests/data/README.md), each with its expected
//! result: the paragraphs each article loses, the articles left with no
//! content and the article-level duplicates, under default thresholds.

use std::collections::BTreeMap;

use naqi::{Article, CorpusCleaner};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Record {
    id: String,
    source: Option<String>,
    title: Option<String>,
    text: String,
}

fn run(name: &str) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cases/");
    let input = std::fs::read_to_string(format!("{dir}{name}.jsonl")).unwrap();
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}{name}.expected.json")).unwrap(),
    )
    .unwrap();
    let records: Vec<Record> = input.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let options: Vec<&str> =
        expected["options"].as_array().unwrap().iter().map(|o| o.as_str().unwrap()).collect();
    let mut builder = CorpusCleaner::builder();
    builder
        .boilerplate(options.contains(&"--boilerplate"))
        .article_dedup(options.contains(&"--article-dedup"));
    let cleaner = builder.build().unwrap();
    let articles: Vec<Article<'_>> = records
        .iter()
        .map(|r| {
            let mut a = Article::new(&r.text);
            if let Some(t) = &r.title {
                a = a.with_title(t);
            }
            if let Some(s) = &r.source {
                a = a.with_source(s);
            }
            a
        })
        .collect();
    let result = cleaner.clean_corpus(&articles);
    let by_id: BTreeMap<&str, usize> =
        records.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    if let Some(removed) = expected.get("removed").and_then(Value::as_object) {
        for (id, want) in removed {
            let want: Vec<usize> =
                want.as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as usize).collect();
            let got: Vec<usize> =
                result[by_id[id.as_str()]].cleaned().removals().iter().map(|r| r.index()).collect();
            assert_eq!(got, want, "{name}: paragraphs removed from {id}");
        }
    }
    if let Some(no_content) = expected.get("no_content").and_then(Value::as_array) {
        let want: Vec<&str> = no_content.iter().map(|v| v.as_str().unwrap()).collect();
        let got: Vec<&str> = records
            .iter()
            .zip(&result)
            .filter(|(_, a)| a.cleaned().is_empty())
            .map(|(r, _)| r.id.as_str())
            .collect();
        assert_eq!(got, want, "{name}: articles with no content");
    }
    if let Some(dups) = expected.get("duplicate_of").and_then(Value::as_object) {
        let got: BTreeMap<&str, &str> = records
            .iter()
            .zip(&result)
            .filter_map(|(r, a)| {
                a.duplicate_of().map(|(j, _)| (r.id.as_str(), records[j].id.as_str()))
            })
            .collect();
        let want: BTreeMap<&str, &str> =
            dups.iter().map(|(k, v)| (k.as_str(), v.as_str().unwrap())).collect();
        assert_eq!(got, want, "{name}: duplicate articles");
    }
    if let Some(not) = expected.get("not_duplicates").and_then(Value::as_array) {
        for id in not {
            let id = id.as_str().unwrap();
            assert_eq!(
                result[by_id[id]].duplicate_of(),
                None,
                "{name}: {id} must not be a duplicate"
            );
        }
    }
}

#[test]
fn promo_line_with_changing_numbers_is_boilerplate() {
    run("batch_promo");
}

#[test]
fn statement_quoted_by_four_sources_stays_and_footer_goes() {
    run("batch_statement");
}

#[test]
fn same_title_over_two_stories_is_not_a_duplicate() {
    run("batch_same_title");
}

#[test]
fn wire_copy_under_a_new_headline_is_a_duplicate() {
    run("batch_wire");
}
