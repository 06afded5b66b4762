//! Runs the `clean_article` example as the README says: on the embedded seed
//! article its stdout is `tests/data/golden/seed_article.expected.txt` and
//! its removals on stderr are those of `seed_article.removed.tsv`; on a file
//! it cleans that file.

mod common;

use std::process::Command;

/// (stdout, stderr, exit status) of the example with `args`.
fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(common::example_binary("clean_article"))
        .args(args)
        .output()
        .expect("running clean_article");
    (
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
        out.status.code().expect("exit status"),
    )
}

#[test]
fn seed_article_gives_the_golden_text_and_removals() {
    let (stdout, stderr, status) = run(&[]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(stdout, include_str!("data/golden/seed_article.expected.txt"));
    // The golden table has a header and three columns; the example prints
    // no header and adds the similarity.
    let golden: Vec<String> = include_str!("data/golden/seed_article.removed.tsv")
        .lines()
        .skip(1)
        .map(|l| format!("{l}\t1.0"))
        .collect();
    let printed: Vec<&str> = stderr.lines().collect();
    assert_eq!(printed, golden);
}

#[test]
fn a_file_is_cleaned_and_a_missing_one_is_an_error() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("clean_article");
    std::fs::create_dir_all(&dir).expect("test directory");
    let path = dir.join("article.txt");
    let para = "وقال المتحدث باسم الوزارة إن الاجتماع سيعقد الأسبوع المقبل في العاصمة";
    std::fs::write(&path, format!("عنوان\r\n{para}\r\n\r\n{para}\u{200F}\n")).expect("article");
    let (stdout, stderr, status) = run(&[path.to_str().expect("path")]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(stdout, format!("عنوان\n\n{para}\n"));
    assert_eq!(stderr, "2\t1\texact\t1.0\n");

    let (_, stderr, status) = run(&[dir.join("missing.txt").to_str().expect("path")]);
    assert_eq!(status, 2);
    assert!(stderr.starts_with("clean_article: "), "{stderr}");
}
