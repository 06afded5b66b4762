//! Cleans one article and prints the result.
//!
//! ```text
//! cargo run --release --example clean_article [FILE]
//! ```
//!
//! With no argument it cleans the seed article embedded from
//! `examples/data/seed_article.txt`; with a path it cleans that file (UTF-8).
//! The cleaned text and a final newline go to stdout; one line per removal
//! goes to stderr, tab-separated, without a header: index, duplicate_of
//! (empty when none), reason, similarity (empty when none).

use std::io::Write;
use std::process::ExitCode;

const SEED_ARTICLE: &str = include_str!("data/seed_article.txt");

const USAGE: &str = "usage: clean_article [FILE]

Cleans FILE (default: the embedded seed article): the cleaned text and a
final newline to stdout, one line per removal to stderr (index,
duplicate_of, reason, similarity; tab-separated). Exit status: 0, or 2 when
FILE cannot be read or is not UTF-8.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let owned;
    let text = match args.as_slice() {
        [] => SEED_ARTICLE,
        [path] if path != "-h" && path != "--help" => match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => {
                    owned = s;
                    &owned
                }
                Err(e) => {
                    eprintln!(
                        "clean_article: {path}: not valid UTF-8 (first bad byte at offset {})",
                        e.utf8_error().valid_up_to()
                    );
                    return ExitCode::from(2);
                }
            },
            Err(e) => {
                eprintln!("clean_article: {path}: {e}");
                return ExitCode::from(2);
            }
        },
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let cleaned = naqi::clean_article(text);
    let mut out = cleaned.text();
    out.push('\n');
    let mut removals = String::new();
    for r in cleaned.removals() {
        let dup = r.duplicate_of().map(|d| d.to_string()).unwrap_or_default();
        // The shortest form that reads back exactly, as clean_corpus writes it.
        let sim = r.similarity().map(|s| format!("{s:?}")).unwrap_or_default();
        removals.push_str(&format!("{}\t{dup}\t{}\t{sim}\n", r.index(), r.reason()));
    }
    if std::io::stdout().write_all(out.as_bytes()).is_err()
        || std::io::stderr().write_all(removals.as_bytes()).is_err()
    {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
