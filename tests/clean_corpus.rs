//! Runs the `clean_corpus` example on fixtures and on hostile inputs built
//! at test time, and checks its output, rejects, messages and exit status.
//!
//! The example binary is found and built as `tests/common/mod.rs` says.

mod common;

use std::ffi::OsStr;
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use naqi::{Article, Cleaner};
use serde::de::{self, MapAccess, Visitor};
use serde_json::value::RawValue;

// ---------------------------------------------------------------------------
// Running the example

/// The example binary, built once per test run.
fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| common::example_binary("clean_corpus"))
}

/// What one run of the example gave.
struct Run {
    status: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl fmt::Debug for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "status {}, stderr:\n{}", self.status, self.stderr)
    }
}

/// Runs the example with `args`, feeding `stdin` (empty when `None`).
fn run<S: AsRef<OsStr>>(args: &[S], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting clean_corpus");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.unwrap_or_default().to_vec();
    let feeder = std::thread::spawn(move || {
        // The example may exit before reading everything (a usage error).
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().expect("waiting for clean_corpus");
    feeder.join().expect("feeding stdin");
    Run {
        status: output.status.code().expect("clean_corpus exited normally"),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A fresh directory for one test's files.
fn temp_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("clean_corpus").join(test);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("creating the test directory");
    dir
}

/// A run on files, and the output and rejects files it wrote.
struct Cleaned {
    run: Run,
    output: Vec<u8>,
    rejects: Vec<u8>,
}

/// Writes `input` to a file in `dir` and cleans it into files, with
/// `--rejects` and the `extra` arguments.
fn clean_file(dir: &Path, input: &[u8], extra: &[&str]) -> Cleaned {
    let input_path = dir.join("in.jsonl");
    fs::write(&input_path, input).expect("writing the input");
    clean_path(dir, &input_path, extra)
}

fn clean_path(dir: &Path, input: &Path, extra: &[&str]) -> Cleaned {
    let output_path = dir.join("out.jsonl");
    let rejects_path = dir.join("rejects.jsonl");
    let mut args: Vec<&OsStr> = vec![
        "--input".as_ref(),
        input.as_os_str(),
        "--output".as_ref(),
        output_path.as_os_str(),
        "--rejects".as_ref(),
        rejects_path.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    let run = run(&args, None);
    Cleaned {
        output: fs::read(&output_path).unwrap_or_default(),
        rejects: fs::read(&rejects_path).unwrap_or_default(),
        run,
    }
}

// ---------------------------------------------------------------------------
// Reading the output

/// The fields of a JSON object in order: key and raw JSON value.
fn fields(line: &str) -> Vec<(String, String)> {
    struct Fields;
    impl<'de> Visitor<'de> for Fields {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut fields = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                let value: &RawValue = map.next_value()?;
                fields.push((key, value.get().to_owned()));
            }
            Ok(fields)
        }
    }
    let mut de = serde_json::Deserializer::from_str(line);
    let fields = de::Deserializer::deserialize_map(&mut de, Fields)
        .unwrap_or_else(|e| panic!("not a JSON object ({e}): {line}"));
    de.end().expect("nothing after the object");
    fields
}

/// The raw value of `key` in `fields`.
fn raw<'f>(fields: &'f [(String, String)], key: &str) -> Option<&'f str> {
    fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// The output lines, each checked to be one JSON object ending in `\n`.
fn output_lines(output: &[u8]) -> Vec<&str> {
    let text = std::str::from_utf8(output).expect("the output is UTF-8");
    if text.is_empty() {
        return Vec::new();
    }
    let body = text.strip_suffix('\n').expect("the output ends with a newline");
    body.split('\n')
        .inspect(|line| {
            let value: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("output line is not JSON ({e}): {line}"));
            assert!(value.is_object(), "output line is not an object: {line}");
        })
        .collect()
}

/// The decoded `text` of an output line.
fn text_of(line: &str) -> String {
    let fields = fields(line);
    let text = raw(&fields, "text").expect("a text field");
    serde_json::from_str(text).expect("the text is a string")
}

/// The `removed` array of an output line: index, duplicate_of, reason and
/// similarity of each removal.
fn removed_rows(line: &str) -> Vec<(u64, Option<u64>, String, Option<f64>)> {
    let fields = fields(line);
    let removed: serde_json::Value =
        serde_json::from_str(raw(&fields, "removed").expect("a removed field")).expect("JSON");
    removed
        .as_array()
        .expect("removed is an array")
        .iter()
        .map(|r| {
            let keys: Vec<&str> =
                r.as_object().expect("an object").keys().map(String::as_str).collect();
            assert_eq!(keys.len(), 4, "{r}");
            (
                r["index"].as_u64().expect("an index"),
                r["duplicate_of"].as_u64(),
                r["reason"].as_str().expect("a reason").to_string(),
                r["similarity"].as_f64(),
            )
        })
        .collect()
}

/// The indices of the `removed` array of an output line.
fn removed_indices(line: &str) -> Vec<u64> {
    let fields = fields(line);
    let removed: serde_json::Value =
        serde_json::from_str(raw(&fields, "removed").expect("a removed field")).expect("JSON");
    removed
        .as_array()
        .expect("removed is an array")
        .iter()
        .map(|r| r["index"].as_u64().expect("an index"))
        .collect()
}

// ---------------------------------------------------------------------------
// Records used around the hostile lines

/// A paragraph long enough (five words or more) to be removed as a repeat.
const PARAGRAPH: &str = "قررت رابطة الدوري تأجيل مباراة القمة المقررة مساء السبت.";
/// A short paragraph, never removed.
const SHORT: &str = "خبر قصير";

/// A record whose text repeats its first paragraph once.
fn good_record(id: &str) -> String {
    format!(r#"{{"id": "{id}", "text": "{PARAGRAPH}\n{PARAGRAPH}\n{SHORT}"}}"#)
}

/// Its output line, exactly.
fn good_output(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","text":"{PARAGRAPH}\n\n{SHORT}","removed":[{{"index":1,"duplicate_of":0,"reason":"exact","similarity":1.0}}]}}"#
    )
}

/// Checks that the output is exactly the good records `ids`, in order.
fn assert_good_output(output: &[u8], ids: &[&str]) {
    let lines = output_lines(output);
    let expected: Vec<String> = ids.iter().map(|id| good_output(id)).collect();
    assert_eq!(lines, expected);
}

/// Input made of `lines`, each followed by `\n`.
fn jsonl(lines: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in lines {
        out.extend_from_slice(line);
        out.push(b'\n');
    }
    out
}

/// Checks a run with one rejected line: exit status 1, the message with its
/// line number and reason, and the rejects file holding exactly `line`.
fn assert_one_reject(cleaned: &Cleaned, number: usize, reason: &str, line: &[u8]) {
    assert_eq!(cleaned.run.status, 1, "{:?}", cleaned.run);
    let message = format!("clean_corpus: line {number}: rejected: {reason}");
    let rejects: Vec<&str> =
        cleaned.run.stderr.lines().filter(|l| l.contains("rejected")).collect();
    assert_eq!(rejects.len(), 1, "{:?}", cleaned.run);
    assert_eq!(rejects[0], message);
    let mut expected = line.to_vec();
    expected.push(b'\n');
    assert_eq!(cleaned.rejects, expected);
    assert!(cleaned.run.stderr.contains("rejects 1\n"), "{:?}", cleaned.run);
}

/// Cleans good record `a`, then `bad`, then good record `b`, and checks that
/// `bad` alone is rejected with `reason`, as line 2.
fn assert_rejected_between_good_records(test: &str, bad: &[u8], reason: &str) {
    let dir = temp_dir(test);
    let (a, b) = (good_record("a"), good_record("b"));
    let cleaned = clean_file(&dir, &jsonl(&[a.as_bytes(), bad, b.as_bytes()]), &[]);
    assert_one_reject(&cleaned, 2, reason, bad);
    assert_good_output(&cleaned.output, &["a", "b"]);
}

// ---------------------------------------------------------------------------
// Fixtures

#[test]
fn case_articles_lose_the_expected_paragraphs_and_keep_their_fields() {
    let dir = temp_dir("cases");
    let input_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases/articles.jsonl");
    let input = fs::read_to_string(&input_path).expect("reading the cases");
    let cleaned = clean_path(&dir, &input_path, &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    let inputs: Vec<&str> = input.lines().collect();
    let outputs = output_lines(&cleaned.output);
    assert_eq!(outputs.len(), inputs.len());
    for (input, output) in inputs.iter().zip(&outputs) {
        let in_fields = fields(input);
        let out_fields = fields(output);
        let id = raw(&in_fields, "id").expect("an id");
        let expected: Vec<u64> =
            serde_json::from_str(raw(&in_fields, "expect_removed").expect("expect_removed"))
                .expect("expect_removed is a list of indices");
        assert_eq!(removed_indices(output), expected, "{id}");
        assert_eq!(raw(&out_fields, "id"), Some(id));
        for key in ["expect_removed", "note", "title"] {
            assert_eq!(raw(&out_fields, key), raw(&in_fields, key), "{id}: {key}");
        }
        assert_fields_pass_through(&in_fields, &out_fields);
    }
    assert!(cleaned.run.stderr.contains("records 10, blank lines skipped 0, rejects 0"));
}

/// The output has the input's fields in order with their raw values, except
/// `text` (replaced in place) and `removed`/`no_content` (added at the end).
fn assert_fields_pass_through(input: &[(String, String)], output: &[(String, String)]) {
    let kept: Vec<&(String, String)> = input
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "text" | "removed" | "no_content"))
        .collect();
    let passed: Vec<&(String, String)> = output
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "text" | "removed" | "no_content"))
        .collect();
    assert_eq!(passed, kept);
    let in_keys: Vec<&str> = input
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !matches!(*k, "removed" | "no_content"))
        .collect();
    let out_keys: Vec<&str> = output.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(out_keys[..in_keys.len()], in_keys[..]);
}

#[test]
fn seed_article_gives_the_golden_text_and_removals() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden");
    let seed = fs::read_to_string(golden.join("seed_article.txt")).expect("seed article");
    let expected =
        fs::read_to_string(golden.join("seed_article.expected.txt")).expect("expected text");
    let tsv = fs::read_to_string(golden.join("seed_article.removed.tsv")).expect("removals");
    let record = serde_json::json!({"id": "seed", "text": seed}).to_string();
    let run = run(&["--input", "-", "--output", "-"], Some(jsonl(&[record.as_bytes()]).as_slice()));
    assert_eq!(run.status, 0, "{run:?}");
    let lines = output_lines(&run.stdout);
    assert_eq!(lines.len(), 1);
    assert_eq!(text_of(lines[0]), expected.strip_suffix('\n').expect("final newline"));

    let mut rows = Vec::new();
    for row in tsv.lines().skip(1) {
        let cells: Vec<&str> = row.split('\t').collect();
        let [index, duplicate_of, reason] = cells[..] else {
            panic!("bad row {row:?}");
        };
        rows.push(serde_json::json!({
            "index": index.parse::<u64>().expect("index"),
            "duplicate_of": duplicate_of.parse::<u64>().expect("duplicate_of"),
            "reason": reason,
            "similarity": 1.0,
        }));
    }
    assert_eq!(rows.len(), 3);
    let fields = fields(lines[0]);
    let removed: serde_json::Value =
        serde_json::from_str(raw(&fields, "removed").expect("removed")).expect("JSON");
    assert_eq!(removed, serde_json::Value::Array(rows));
    assert_eq!(raw(&fields, "no_content"), None);
}

// ---------------------------------------------------------------------------
// Hostile lines, each between two good records

#[test]
fn a_line_that_is_not_json_is_rejected() {
    assert_rejected_between_good_records(
        "not_json",
        b"<p>not JSON</p>",
        "not valid JSON: expected value (column 1)",
    );
}

#[test]
fn a_json_array_is_rejected() {
    assert_rejected_between_good_records(
        "array",
        br#"[{"text": "x"}]"#,
        "not a JSON object but an array",
    );
}

#[test]
fn json_that_is_not_an_object_is_rejected() {
    assert_rejected_between_good_records("string", br#""text""#, "not a JSON object but a string");
    assert_rejected_between_good_records("null", b"null", "not a JSON object but null");
}

#[test]
fn json_followed_by_more_is_rejected() {
    assert_rejected_between_good_records(
        "trailing",
        br#"{"text": "x"} {"text": "y"}"#,
        "not valid JSON: trailing characters (column 15)",
    );
}

#[test]
fn a_record_without_text_is_rejected() {
    assert_rejected_between_good_records(
        "no_text",
        r#"{"id": "x", "body": "نص"}"#.as_bytes(),
        r#"no "text" field"#,
    );
}

#[test]
fn a_record_with_a_number_text_is_rejected() {
    assert_rejected_between_good_records(
        "text_number",
        br#"{"text": 12}"#,
        r#""text" is not a string but a number"#,
    );
}

#[test]
fn a_record_with_a_null_text_is_rejected() {
    assert_rejected_between_good_records(
        "text_null",
        br#"{"text": null}"#,
        r#""text" is not a string but null"#,
    );
}

#[test]
fn a_record_with_an_object_text_is_rejected() {
    assert_rejected_between_good_records(
        "text_object",
        r#"{"text": {"ar": "نص"}}"#.as_bytes(),
        r#""text" is not a string but an object"#,
    );
}

#[test]
fn a_line_with_invalid_utf8_is_rejected() {
    let mut bad = br#"{"id": "bad", "text": "abc"#.to_vec();
    bad.extend_from_slice(b"\xFF\xFE\"}");
    assert_rejected_between_good_records(
        "invalid_utf8",
        &bad,
        "invalid UTF-8 at byte 26 of the line",
    );
}

#[test]
fn a_lone_surrogate_in_the_text_is_rejected() {
    assert_rejected_between_good_records(
        "lone_surrogate",
        br#"{"text": "abc\ud800"}"#,
        r#""text" has a lone surrogate escape \ud800 (column 14), which is not Unicode text"#,
    );
}

#[test]
fn a_lone_low_surrogate_after_a_pair_in_the_text_is_rejected_with_its_column() {
    // A lone surrogate in another field is kept as it is; the text's is
    // the one named, after a valid pair (U+1F600).
    assert_rejected_between_good_records(
        "lone_low_surrogate",
        br#"{"note": "\ud800", "text": "\ud83d\ude00 \udc00"}"#,
        r#""text" has a lone surrogate escape \udc00 (column 42), which is not Unicode text"#,
    );
}

#[test]
fn regression_lone_surrogate_in_a_field_name_was_reported_as_a_cut_escape() {
    // serde_json says "unexpected end of hex escape" for it.
    assert_rejected_between_good_records(
        "lone_surrogate_name",
        br#"{"id": "\ud800", "te\ud800xt": "abc"}"#,
        r#"a field name has a lone surrogate escape \ud800 (column 21), which is not Unicode text"#,
    );
}

#[test]
fn the_first_lone_surrogate_of_a_field_name_is_named() {
    // A lone escape in an earlier value is kept, not named; of two lone
    // escapes in a row in the name, the first.
    assert_rejected_between_good_records(
        "lone_surrogates_name",
        br#"{"a": "\ud800", "b\ud800\udbffx": 1, "text": "abc"}"#,
        r#"a field name has a lone surrogate escape \ud800 (column 19), which is not Unicode text"#,
    );
}

#[test]
fn regression_lone_surrogate_name_on_a_line_ending_in_a_backslash_panicked() {
    assert_rejected_between_good_records(
        "lone_surrogate_backslash",
        br#"{"a\ud800": 1, "b": "\"#,
        r#"a field name has a lone surrogate escape \ud800 (column 4), which is not Unicode text"#,
    );
}

#[test]
fn regression_bare_string_with_a_lone_surrogate_was_reported_as_a_field_name() {
    assert_rejected_between_good_records(
        "lone_surrogate_string",
        br#"  "\ud800""#,
        "not a JSON object but a string",
    );
}

#[test]
fn a_cut_unicode_escape_is_reported_as_invalid_json() {
    assert_rejected_between_good_records(
        "cut_escape",
        br#"{"text": "abc\u12"}"#,
        "not valid JSON: invalid escape (column 19)",
    );
}

#[test]
fn a_truncated_last_line_is_rejected() {
    let dir = temp_dir("truncated");
    let (a, b) = (good_record("a"), good_record("b"));
    let cut = &good_record("c")[..30];
    let mut input = jsonl(&[a.as_bytes(), b.as_bytes()]);
    input.extend_from_slice(cut.as_bytes());
    let cleaned = clean_file(&dir, &input, &[]);
    assert_one_reject(
        &cleaned,
        3,
        "truncated last line (no final newline): EOF while parsing a string (column 30)",
        cut.as_bytes(),
    );
    assert_good_output(&cleaned.output, &["a", "b"]);
}

#[test]
fn a_complete_last_line_without_a_newline_is_a_record() {
    let dir = temp_dir("last_line");
    let (a, b) = (good_record("a"), good_record("b"));
    let input = format!("{a}\n{b}");
    let cleaned = clean_file(&dir, input.as_bytes(), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    assert_good_output(&cleaned.output, &["a", "b"]);
    assert!(cleaned.rejects.is_empty());
}

#[test]
fn a_50_mb_line_is_rejected_and_streamed_to_the_rejects_file() {
    let dir = temp_dir("huge_line");
    let (a, b) = (good_record("a"), good_record("b"));
    let mut huge = br#"{"id": "huge", "text": ""#.to_vec();
    huge.resize(50 << 20, b'x');
    huge.extend_from_slice(b"\"}");
    let input = jsonl(&[a.as_bytes(), &huge, b.as_bytes()]);
    let cleaned = clean_file(&dir, &input, &[]);
    let reason = format!("line of {} bytes exceeds the limit of 16777216 bytes", huge.len());
    assert_one_reject(&cleaned, 2, &reason, &huge);
    assert_good_output(&cleaned.output, &["a", "b"]);
    // Without a rejects file the line is skipped the same way.
    let input_path = dir.join("in.jsonl");
    let output_path = dir.join("out2.jsonl");
    let args = [
        OsStr::new("--input"),
        input_path.as_os_str(),
        "--output".as_ref(),
        output_path.as_os_str(),
    ];
    let run = run(&args, None);
    assert_eq!(run.status, 1, "{run:?}");
    assert!(run.stderr.contains(&format!("line 2: rejected: {reason}\n")), "{run:?}");
    assert_good_output(&fs::read(&output_path).expect("output"), &["a", "b"]);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn the_line_limit_counts_the_bytes_without_the_newline() {
    let dir = temp_dir("limit");
    let a = good_record("a");
    let limit = a.len().to_string();
    let long = format!("{a} ");
    let cleaned = clean_file(
        &dir,
        &jsonl(&[a.as_bytes(), long.as_bytes(), a.as_bytes()]),
        &["--max-line-bytes", &limit],
    );
    let reason = format!("line of {} bytes exceeds the limit of {limit} bytes", long.len());
    assert_one_reject(&cleaned, 2, &reason, long.as_bytes());
    assert_good_output(&cleaned.output, &["a", "a"]);
    // The same at the end of the input, with no final newline.
    let cleaned =
        clean_file(&dir, format!("{a}\n{long}").as_bytes(), &["--max-line-bytes", &limit]);
    assert_one_reject(&cleaned, 2, &reason, long.as_bytes());
    assert_good_output(&cleaned.output, &["a"]);
}

#[test]
fn control_characters_round_trip_as_escaped_json() {
    let dir = temp_dir("controls");
    let text = format!(
        "{PARAGRAPH}\u{0}\u{1}\u{1f}\u{7f} \"quoted\" back\\slash\n{PARAGRAPH}\u{0}\u{1}\u{1f}\u{7f} \"quoted\" back\\slash"
    );
    let record =
        serde_json::json!({"id": "ctl", "text": text, "title": "a\u{0}b\u{2028}c"}).to_string();
    // Raw U+2028 and U+2029 are valid JSON in a string; they pass through
    // untouched in fields other than the text.
    let record = record.replacen("\"id\":\"ctl\"", "\"id\":\"ctl\u{2028}\u{2029}\"", 1);
    let cleaned = clean_file(&dir, &jsonl(&[record.as_bytes()]), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    let lines = output_lines(&cleaned.output);
    assert_eq!(lines.len(), 1);
    let expected = Cleaner::new().clean(Article::new(&text).with_title("a\u{0}b\u{2028}c")).text();
    assert!(expected.contains('\u{0}'), "the display text keeps NUL: {expected:?}");
    assert_eq!(text_of(lines[0]), expected);
    assert_eq!(removed_indices(lines[0]), [1]);
    let text_raw = fields(lines[0]).into_iter().find(|(k, _)| k == "text").expect("text").1;
    assert!(text_raw.contains(r#"\u0000\u0001\u001f"#), "{text_raw}");
    assert!(text_raw.contains(r#"\"quoted\" back\\slash"#), "{text_raw}");
    assert!(!lines[0].bytes().any(|b| b < 0x20), "raw control bytes in {:?}", lines[0]);
    assert_fields_pass_through(&fields(&record), &fields(lines[0]));
}

#[test]
fn escapes_at_every_offset_within_sixteen_bytes_round_trip() {
    // The writer skips sixteen bytes at a time, then eight, then one: put
    // each character that needs an escape (and U+2026, whose lead byte is
    // U+2028's) at every offset of a window and of the tail after it.
    let dir = temp_dir("escape-offsets");
    let mut paragraphs = Vec::new();
    for special in ["\"", "\\", "\u{1}", "\u{1f}", "\u{2028}", "…", "\u{7f}"] {
        for offset in 0..40 {
            paragraphs.push(format!(
                "{}{special}{} {offset}",
                "x".repeat(offset),
                "ب".repeat(offset % 5)
            ));
        }
    }
    let text = paragraphs.join("\n");
    let record = serde_json::json!({"id": "esc", "text": text}).to_string();
    let cleaned = clean_file(&dir, &jsonl(&[record.as_bytes()]), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    let lines = output_lines(&cleaned.output);
    assert_eq!(lines.len(), 1);
    assert_eq!(text_of(lines[0]), Cleaner::new().clean(text.as_str()).text());
    assert!(!lines[0].bytes().any(|b| b < 0x20), "raw control bytes in {:?}", lines[0]);
    assert!(!lines[0].contains('\u{2028}'), "{}", lines[0]);
}

#[test]
fn every_json_escape_in_the_text_is_decoded() {
    let dir = temp_dir("json-escapes");
    // Written by hand: every escape JSON has, escapes at both ends of the
    // string; the second record adds a surrogate pair.
    let plain = r#"{"id":"e","text":"\"q\" \\ \/ a\bb\fc\td \u0627\u0644\u0639\u0631\u0628 \u00e9 x\ny\r\nz \u2028w\u005c"}"#;
    let pair = r#"{"id":"p","text":"\u0627\/\b \ud83d\ude00 \ud83d\ude00x"}"#;
    let texts = ["\"q\" \\ / a\u{8}b\u{c}c\td العرب é x\ny\r\nz \u{2028}w\\", "ا/\u{8} 😀 😀x"];
    for (record, text) in [plain, pair].iter().zip(texts) {
        let parsed: serde_json::Value = serde_json::from_str(record).expect("valid JSON");
        assert_eq!(parsed["text"], text);
    }
    let cleaned = clean_file(&dir, &jsonl(&[plain.as_bytes(), pair.as_bytes()]), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    let lines = output_lines(&cleaned.output);
    assert_eq!(lines.len(), 2);
    for (line, text) in lines.iter().zip(texts) {
        assert_eq!(text_of(line), Cleaner::new().clean(text).text());
    }
}

#[test]
fn line_separators_in_the_text_are_never_written_raw() {
    let dir = temp_dir("separators");
    let record = serde_json::json!({"text": "أ\u{2028}ب\u{2029}ج \u{85} د"}).to_string();
    let cleaned = clean_file(&dir, &jsonl(&[record.as_bytes()]), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    let lines = output_lines(&cleaned.output);
    assert_eq!(lines.len(), 1);
    assert!(!lines[0].contains('\u{2028}') && !lines[0].contains('\u{2029}'), "{}", lines[0]);
    assert_eq!(text_of(lines[0]), Cleaner::new().clean("أ\u{2028}ب\u{2029}ج \u{85} د").text());
}

#[test]
fn an_empty_file_gives_an_empty_output() {
    let dir = temp_dir("empty");
    let cleaned = clean_file(&dir, b"", &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    assert!(cleaned.output.is_empty());
    assert!(cleaned.rejects.is_empty());
    assert!(
        cleaned.run.stderr.contains("records 0, blank lines skipped 0, rejects 0"),
        "{:?}",
        cleaned.run
    );
}

#[test]
fn blank_lines_are_skipped_and_counted() {
    let dir = temp_dir("blank");
    let cleaned = clean_file(&dir, b"\n   \n\t\r\n\r\n \x0C", &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    assert!(cleaned.output.is_empty());
    assert!(cleaned.rejects.is_empty());
    assert!(
        cleaned.run.stderr.contains("records 0, blank lines skipped 5, rejects 0"),
        "{:?}",
        cleaned.run
    );
    // Between records too.
    let (a, b) = (good_record("a"), good_record("b"));
    let cleaned = clean_file(&dir, format!("\n{a}\n \n\n{b}\n\n").as_bytes(), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    assert_good_output(&cleaned.output, &["a", "b"]);
    assert!(
        cleaned.run.stderr.contains("records 2, blank lines skipped 4, rejects 0"),
        "{:?}",
        cleaned.run
    );
}

#[test]
fn crlf_line_ends_are_accepted() {
    let dir = temp_dir("crlf");
    let (a, b) = (good_record("a"), good_record("b"));
    let input = format!("{a}\r\nnot JSON\r\n{b}\r\n");
    let cleaned = clean_file(&dir, input.as_bytes(), &[]);
    // The rejected line is written as it was, `\r` included.
    assert_one_reject(&cleaned, 2, "not valid JSON: expected ident (column 2)", b"not JSON\r");
    assert_good_output(&cleaned.output, &["a", "b"]);
}

#[test]
fn a_byte_order_mark_at_the_start_is_ignored() {
    let dir = temp_dir("bom");
    let (a, b) = (good_record("a"), good_record("b"));
    let cleaned = clean_file(&dir, format!("\u{FEFF}{a}\n{b}\n").as_bytes(), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    assert_good_output(&cleaned.output, &["a", "b"]);
    // The mark is not part of the first line when that line is rejected.
    let cleaned = clean_file(&dir, format!("\u{FEFF}[1]\n{b}\n").as_bytes(), &[]);
    assert_one_reject(&cleaned, 1, "not a JSON object but an array", b"[1]");
    assert_good_output(&cleaned.output, &["b"]);
}

#[test]
fn a_byte_order_mark_on_stdin_is_ignored() {
    let a = good_record("a");
    let run = run(&["--input", "-", "--output", "-"], Some(format!("\u{FEFF}{a}\n").as_bytes()));
    assert_eq!(run.status, 0, "{run:?}");
    assert_good_output(&run.stdout, &["a"]);
}

// ---------------------------------------------------------------------------
// Records

#[test]
fn an_article_left_with_no_content_is_marked() {
    let dir = temp_dir("no_content");
    let empty = br#"{"id": "e", "text": ""}"#;
    let blank = br#"{"id": "w", "text": " \n\u200f\n"}"#;
    let title_only = format!(r#"{{"id": "t", "title": "{PARAGRAPH}", "text": "{PARAGRAPH}"}}"#);
    let cleaned = clean_file(&dir, &jsonl(&[empty, blank, title_only.as_bytes()]), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    let lines = output_lines(&cleaned.output);
    assert_eq!(
        lines,
        [
            r#"{"id":"e","text":"","removed":[],"no_content":true}"#.to_string(),
            r#"{"id":"w","text":"","removed":[],"no_content":true}"#.to_string(),
            format!(
                r#"{{"id":"t","title":"{PARAGRAPH}","text":"","removed":[{{"index":0,"duplicate_of":null,"reason":"title","similarity":1.0}}],"no_content":true}}"#
            ),
        ]
    );
    assert!(cleaned.run.stderr.contains("articles with no content 3"), "{:?}", cleaned.run);
}

#[test]
fn existing_removed_and_no_content_fields_are_replaced() {
    let dir = temp_dir("replaced");
    let record = format!(
        r#"{{"removed": [7], "id": "r", "no_content": false, "text": "{PARAGRAPH}\n{PARAGRAPH}", "removed": "again"}}"#
    );
    let cleaned = clean_file(&dir, &jsonl(&[record.as_bytes()]), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    assert_eq!(
        output_lines(&cleaned.output),
        [format!(
            r#"{{"id":"r","text":"{PARAGRAPH}","removed":[{{"index":1,"duplicate_of":0,"reason":"exact","similarity":1.0}}]}}"#
        )]
    );
}

#[test]
fn the_first_string_text_is_the_text_and_other_text_fields_go() {
    let dir = temp_dir("duplicate_text");
    let record =
        format!(r#"{{"text": 1, "id": "d", "text": "{PARAGRAPH}", "text": "ignored", "id": 2}}"#);
    let cleaned = clean_file(&dir, &jsonl(&[record.as_bytes()]), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    assert_eq!(
        output_lines(&cleaned.output),
        [format!(r#"{{"id":"d","text":"{PARAGRAPH}","id":2,"removed":[]}}"#)]
    );
}

#[test]
fn raw_values_of_other_fields_pass_through_byte_for_byte() {
    let dir = temp_dir("raw_values");
    let record = format!(
        r#"{{ "n" : 1.50e+2 , "neg": -0.0, "big": 123456789012345678901234567890, "obj": {{ "b" : [ 1 ,2 ], "a": null }}, "esc": "\u0627\"\\\/\t", "text": "{PARAGRAPH}", "t": true, "e": [] , "s": "ش"}}"#
    );
    let cleaned = clean_file(&dir, &jsonl(&[record.as_bytes()]), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    let lines = output_lines(&cleaned.output);
    assert_eq!(lines.len(), 1);
    assert_fields_pass_through(&fields(&record), &fields(lines[0]));
    assert_eq!(
        lines[0],
        format!(
            r#"{{"n":1.50e+2,"neg":-0.0,"big":123456789012345678901234567890,"obj":{{ "b" : [ 1 ,2 ], "a": null }},"esc":"\u0627\"\\\/\t","text":"{PARAGRAPH}","t":true,"e":[],"s":"ش","removed":[]}}"#
        )
    );
}

#[test]
fn the_title_field_is_passed_as_the_title() {
    let dir = temp_dir("title");
    let with_title = format!(r#"{{"title": "{PARAGRAPH}", "text": "{PARAGRAPH}\n{SHORT}"}}"#);
    let number_title = format!(r#"{{"title": 5, "text": "{PARAGRAPH}\n{SHORT}"}}"#);
    let cleaned = clean_file(&dir, &jsonl(&[with_title.as_bytes(), number_title.as_bytes()]), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    let lines = output_lines(&cleaned.output);
    assert_eq!(removed_indices(lines[0]), [0]);
    assert_eq!(text_of(lines[0]), SHORT);
    assert_eq!(removed_indices(lines[1]), Vec::<u64>::new());
}

#[test]
fn regression_title_with_a_lone_surrogate_was_ignored() {
    // The title is only compared: its lone surrogate reads as U+FFFD, a
    // word boundary of the key, and the headline repeated in the text goes.
    let dir = temp_dir("title_surrogate");
    let record = format!(r#"{{"title": "{PARAGRAPH} \ud83d", "text": "{PARAGRAPH}\n{SHORT}"}}"#);
    let cleaned = clean_file(&dir, &jsonl(&[record.as_bytes()]), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    // The title is written as it came, so the line is not one serde_json
    // reads back.
    assert_eq!(
        String::from_utf8_lossy(&cleaned.output),
        format!(
            r#"{{"title":"{PARAGRAPH} \ud83d","text":"{SHORT}","removed":[{{"index":0,"duplicate_of":null,"reason":"title","similarity":1.0}}]}}"#
        ) + "\n"
    );
}

#[test]
fn paragraph_dedup_exact_removes_only_the_title_and_exact_repeats() {
    let dir = temp_dir("paragraph_dedup");
    let long = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المنطقة الشرقية بسعة خمسمائة سرير \
                ويضم المستشفى أقساما متخصصة في أمراض القلب والأورام وجراحة الأطفال ويعمل فيه أكثر من \
                ألف موظف";
    let near = long.replacen("خمسمائة", "ستمائة", 1);
    let teaser: String = long.split(' ').take(8).collect::<Vec<_>>().join(" ") + "...";
    let text = [long, PARAGRAPH, PARAGRAPH, &near, &teaser, SHORT].join("\n");
    let record = serde_json::json!({"id": "p", "title": SHORT, "text": text}).to_string();
    let reasons = |line: &str| -> Vec<(u64, Option<u64>, String)> {
        removed_rows(line).into_iter().map(|(i, d, r, _)| (i, d, r)).collect()
    };
    let row = |i: u64, d: Option<u64>, r: &str| (i, d, r.to_string());

    let all = clean_file(&dir, record.as_bytes(), &[]);
    assert_eq!(all.run.status, 0, "{:?}", all.run);
    assert_eq!(
        reasons(output_lines(&all.output)[0]),
        [
            row(2, Some(1), "exact"),
            row(3, Some(0), "near-duplicate"),
            row(4, Some(0), "contained"),
            row(5, None, "title")
        ]
    );
    let default = all.output;
    let all = clean_file(&dir, record.as_bytes(), &["--paragraph-dedup", "all"]);
    assert_eq!(all.output, default);

    let exact = clean_file(&dir, record.as_bytes(), &["--paragraph-dedup", "exact"]);
    assert_eq!(exact.run.status, 0, "{:?}", exact.run);
    let line = output_lines(&exact.output)[0];
    assert_eq!(reasons(line), [row(2, Some(1), "exact"), row(5, None, "title")]);
    assert_eq!(text_of(line), [long, PARAGRAPH, &near, &teaser].join("\n\n"));

    let wrong = clean_file(&dir, record.as_bytes(), &["--paragraph-dedup", "near"]);
    assert_eq!(wrong.run.status, 2, "{:?}", wrong.run);
}

#[test]
fn field_names_can_be_changed() {
    let dir = temp_dir("field_names");
    let record =
        format!(r#"{{"headline": "{PARAGRAPH}", "body": "{PARAGRAPH}\n{SHORT}", "text": 3}}"#);
    let extra = [
        "--text-field",
        "body",
        "--title-field",
        "headline",
        "--id-field",
        "key",
        "--source-field",
        "site",
    ];
    let cleaned = clean_file(&dir, &jsonl(&[record.as_bytes(), br#"{"text": "x"}"#]), &extra);
    assert_one_reject(&cleaned, 2, r#"no "body" field"#, br#"{"text": "x"}"#);
    assert_eq!(
        output_lines(&cleaned.output),
        [format!(
            r#"{{"headline":"{PARAGRAPH}","body":"{SHORT}","text":3,"removed":[{{"index":0,"duplicate_of":null,"reason":"title","similarity":1.0}}]}}"#
        )]
    );
}

// ---------------------------------------------------------------------------
// Options, streams and exit statuses

#[test]
fn allow_rejects_exits_with_zero() {
    let dir = temp_dir("allow_rejects");
    let a = good_record("a");
    let cleaned = clean_file(&dir, &jsonl(&[b"[]", a.as_bytes()]), &["--allow-rejects"]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    assert!(cleaned.run.stderr.contains("line 1: rejected: not a JSON object but an array\n"));
    assert_eq!(cleaned.rejects, b"[]\n");
    assert_good_output(&cleaned.output, &["a"]);
}

#[test]
fn stdin_and_stdout_give_the_same_output_as_files() {
    let dir = temp_dir("stdio");
    let input_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases/articles.jsonl");
    let input = fs::read(&input_path).expect("reading the cases");
    let from_files = clean_path(&dir, &input_path, &[]);
    let piped = run(&["--input", "-", "--output", "-"], Some(&input));
    assert_eq!(piped.status, 0, "{piped:?}");
    assert_eq!(output_lines(&piped.stdout).len(), 10);
    assert_eq!(piped.stdout, from_files.output);
}

#[test]
fn one_and_two_threads_give_identical_output_over_many_chunks() {
    let dir = temp_dir("threads");
    let cases =
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases/articles.jsonl"))
            .expect("cases");
    let mut input = Vec::new();
    for round in 0..600 {
        input.extend_from_slice(&cases);
        if round == 450 {
            input.extend_from_slice(b"not JSON\n\n");
        }
    }
    // 6,002 lines: more than one chunk; the reject is line 4,511.
    let one = clean_file(&dir, &input, &["--threads", "1", "--allow-rejects"]);
    let two = clean_file(&dir, &input, &["--threads", "2", "--allow-rejects"]);
    for cleaned in [&one, &two] {
        assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
        assert!(
            cleaned.run.stderr.contains("line 4511: rejected: not valid JSON"),
            "{:?}",
            cleaned.run
        );
        assert!(
            cleaned.run.stderr.contains("records 6000, blank lines skipped 1, rejects 1"),
            "{:?}",
            cleaned.run
        );
        assert_eq!(cleaned.rejects, b"not JSON\n");
    }
    assert_eq!(output_lines(&one.output).len(), 6000);
    assert!(one.output == two.output, "outputs differ between 1 and 2 threads");
}

#[test]
fn a_missing_input_is_an_io_error() {
    let dir = temp_dir("missing_input");
    let missing = dir.join("missing.jsonl");
    let output = dir.join("out.jsonl");
    let run = run(
        &[OsStr::new("--input"), missing.as_os_str(), "--output".as_ref(), output.as_os_str()],
        None,
    );
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains(&format!("opening {}", missing.display())), "{run:?}");
}

#[test]
fn an_unwritable_output_is_an_io_error() {
    let dir = temp_dir("unwritable");
    let output = dir.join("no_such_dir").join("out.jsonl");
    let run = run(
        &[OsStr::new("--input"), "-".as_ref(), "--output".as_ref(), output.as_os_str()],
        Some(b"{}\n"),
    );
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains(&format!("creating {}", output.display())), "{run:?}");
}

#[test]
fn a_usage_error_exits_with_two() {
    let no_output = run(&["--input", "-"], None);
    assert_eq!(no_output.status, 2, "{no_output:?}");
    assert!(no_output.stderr.contains("--output <FILE>"), "{no_output:?}");
    let no_threads = run(&["--input", "-", "--output", "-", "--threads", "0"], None);
    assert_eq!(no_threads.status, 2, "{no_threads:?}");
    assert!(no_threads.stdout.is_empty());
}

#[test]
fn help_documents_the_exit_statuses() {
    let run = run(&["--help"], None);
    assert_eq!(run.status, 0, "{run:?}");
    let help = String::from_utf8(run.stdout).expect("UTF-8 help");
    for line in [
        "Exit status:",
        "  0  ",
        "  1  ",
        "  2  ",
        "--rejects",
        "--max-line-bytes",
        "--allow-rejects",
    ] {
        assert!(help.contains(line), "{line:?} missing from:\n{help}");
    }
}

#[test]
fn an_article_over_the_comparison_limit_is_noted() {
    let dir = temp_dir("comparison_limit");
    let text: Vec<String> = (0..10_001).map(|i| format!("سطر {i}")).collect();
    let record = serde_json::json!({"id": "long", "source": "s", "text": text.join("\n")});
    let a = good_record("a");
    let cleaned = clean_file(&dir, &jsonl(&[a.as_bytes(), record.to_string().as_bytes()]), &[]);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    let notice = "clean_corpus: line 2: id \"long\", source \"s\", 10001 paragraphs: \
                  paragraphs from 10000 on were kept without being compared\n";
    assert!(cleaned.run.stderr.contains(notice), "{:?}", cleaned.run);
    assert!(
        cleaned.run.stderr.contains("articles over the comparison limit, compared in part 1\n"),
        "{:?}",
        cleaned.run
    );
    let lines = output_lines(&cleaned.output);
    assert_eq!(lines[0], good_output("a"));
    assert_eq!(text_of(lines[1]), text.join("\n\n"));
}

/// The real corpus in `../shared/corpus/`, when it is there.
fn shared_corpus() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "jsonl"))
            .collect(),
        Err(e) => {
            eprintln!(
                "skipped: {} is not readable ({e}); it is part of the project's shared data",
                dir.display()
            );
            return None;
        }
    };
    files.sort();
    Some(files)
}

#[test]
fn every_corpus_record_is_cleaned_with_its_other_fields_untouched() {
    let Some(files) = shared_corpus() else {
        return;
    };
    let cleaner = Cleaner::new();
    for file in files {
        let dir = temp_dir("corpus");
        let input = fs::read_to_string(&file).expect("reading the corpus");
        let cleaned = clean_path(&dir, &file, &[]);
        assert_eq!(cleaned.run.status, 0, "{}: {:?}", file.display(), cleaned.run);
        let outputs = output_lines(&cleaned.output);
        let inputs: Vec<&str> = input.lines().collect();
        assert_eq!(outputs.len(), inputs.len(), "{}", file.display());
        for (input, output) in inputs.iter().zip(&outputs) {
            let in_fields = fields(input);
            let out_fields = fields(output);
            assert_fields_pass_through(&in_fields, &out_fields);
            let text: String = serde_json::from_str(raw(&in_fields, "text").expect("text"))
                .expect("a string text");
            let title: Option<String> =
                raw(&in_fields, "title").and_then(|t| serde_json::from_str(t).ok());
            let mut article = Article::new(&text);
            if let Some(title) = &title {
                article = article.with_title(title);
            }
            let expected = cleaner.clean(article);
            assert_eq!(text_of(output), expected.text());
            let rows = removed_rows(output);
            assert_eq!(rows.len(), expected.removals().len());
            for (row, removal) in rows.iter().zip(expected.removals()) {
                assert_eq!(row.0, removal.index() as u64);
                assert_eq!(row.1, removal.duplicate_of().map(|j| j as u64));
                assert_eq!(row.2, removal.reason().as_str());
                match (row.3, removal.similarity()) {
                    (Some(got), Some(want)) => assert!((got - want).abs() < 1e-12),
                    (got, want) => assert_eq!(got, want),
                }
            }
            let no_content = expected.is_empty().then_some("true");
            assert_eq!(raw(&out_fields, "no_content"), no_content);
        }
        let _ = fs::remove_dir_all(&dir);
    }
}

#[test]
fn the_input_is_never_overwritten() {
    let dir = temp_dir("overwrite");
    let input = dir.join("in.jsonl");
    let a = good_record("a");
    fs::write(&input, jsonl(&[a.as_bytes()])).expect("writing the input");
    for option in ["--output", "--rejects"] {
        let other = dir.join("other.jsonl");
        let target = if option == "--output" { &input } else { &other };
        let mut args =
            vec![OsStr::new("--input"), input.as_os_str(), "--output".as_ref(), target.as_os_str()];
        if option == "--rejects" {
            args.extend([OsStr::new("--rejects"), input.as_os_str()]);
        }
        let run = run(&args, None);
        assert_eq!(run.status, 2, "{run:?}");
        assert!(run.stderr.contains("are the same file: give each its own file"), "{run:?}");
        assert_eq!(fs::read(&input).expect("the input"), jsonl(&[a.as_bytes()]));
    }
}

// ---------------------------------------------------------------------------
// The corpus stages

/// Runs a batch case of `tests/data/cases/` with its options and checks the
/// expected removals, articles with no content and duplicates.
fn run_batch_case(name: &str, extra: &[&str]) {
    let dir = temp_dir(&format!("batch-{name}"));
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases");
    let expected: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(cases.join(format!("{name}.expected.json"))).expect("expected file"),
    )
    .expect("expected JSON");
    let mut args: Vec<&str> = expected["options"]
        .as_array()
        .expect("options")
        .iter()
        .map(|o| o.as_str().expect("option"))
        .collect();
    args.extend_from_slice(extra);
    let cleaned = clean_path(&dir, &cases.join(format!("{name}.jsonl")), &args);
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    let records: Vec<serde_json::Value> = output_lines(&cleaned.output)
        .iter()
        .map(|l| serde_json::from_str(l).expect("output JSON"))
        .collect();
    let by_id = |id: &str| {
        records.iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("{name}: no record {id}"))
    };
    if let Some(removed) = expected["removed"].as_object() {
        for (id, want) in removed {
            let got: Vec<u64> = by_id(id)["removed"]
                .as_array()
                .expect("removed")
                .iter()
                .map(|r| r["index"].as_u64().expect("index"))
                .collect();
            let want: Vec<u64> =
                want.as_array().expect("list").iter().map(|v| v.as_u64().expect("u64")).collect();
            assert_eq!(got, want, "{name}: removed from {id}");
        }
    }
    if let Some(no_content) = expected["no_content"].as_array() {
        let got: Vec<&str> = records
            .iter()
            .filter(|r| r["no_content"] == true)
            .map(|r| r["id"].as_str().expect("id"))
            .collect();
        let want: Vec<&str> = no_content.iter().map(|v| v.as_str().expect("id")).collect();
        assert_eq!(got, want, "{name}: no content");
        for r in records.iter().filter(|r| r["no_content"] == true) {
            assert_eq!(r["text"], "", "{name}: no content means an empty text");
        }
    }
    if let Some(duplicates) = expected["duplicate_of"].as_object() {
        let got: Vec<(String, String)> = records
            .iter()
            .filter_map(|r| {
                let d = r.get("duplicate_of")?;
                Some((r["id"].as_str()?.to_string(), d.as_str()?.to_string()))
            })
            .collect();
        let want: Vec<(String, String)> = duplicates
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().expect("id").to_string()))
            .collect();
        assert_eq!(got, want, "{name}: duplicate articles");
    }
    for id in expected["not_duplicates"].as_array().into_iter().flatten() {
        assert!(by_id(id.as_str().expect("id")).get("duplicate_of").is_none(), "{name}: {id}");
    }
}

#[test]
fn batch_promo_line_is_boilerplate() {
    run_batch_case("batch_promo", &[]);
}

#[test]
fn batch_statement_stays_and_footer_goes() {
    run_batch_case("batch_statement", &[]);
}

#[test]
fn batch_same_title_is_not_a_duplicate() {
    run_batch_case("batch_same_title", &[]);
}

#[test]
fn batch_wire_copy_is_a_duplicate() {
    run_batch_case("batch_wire", &[]);
}

#[test]
fn corpus_stages_give_the_same_output_for_any_thread_count() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases");
    let mut input = Vec::new();
    for name in ["batch_wire", "batch_statement", "batch_promo"] {
        input.extend(fs::read(cases.join(format!("{name}.jsonl"))).expect("case"));
    }
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let dir = temp_dir(&format!("corpus-threads-{threads}"));
        let cleaned = clean_file(
            &dir,
            &input,
            &["--boilerplate", "--article-dedup", "mark", "--threads", threads],
        );
        assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
        outputs.push(cleaned.output);
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(output_lines(&outputs[0]).len(), 3 + 34 + 7);
}

#[test]
fn article_dedup_drop_moves_duplicates_to_their_file() {
    let dir = temp_dir("dedup-drop");
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases");
    let duplicates = dir.join("duplicates.jsonl");
    let cleaned = clean_path(
        &dir,
        &cases.join("batch_wire.jsonl"),
        &["--article-dedup", "drop", "--duplicates", duplicates.to_str().expect("path")],
    );
    assert_eq!(cleaned.run.status, 0, "{:?}", cleaned.run);
    let kept: Vec<String> = output_lines(&cleaned.output)
        .iter()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON")["id"].to_string())
        .collect();
    assert_eq!(kept, ["\"wire-a\"", "\"other\""]);
    let dropped = fs::read_to_string(&duplicates).expect("duplicates file");
    let dropped: Vec<serde_json::Value> =
        dropped.lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0]["id"], "wire-b");
    assert_eq!(dropped[0]["duplicate_of"], "wire-a");
}

#[test]
fn corpus_stages_read_stdin_twice_through_a_spool() {
    let input =
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases/batch_wire.jsonl"))
            .expect("case");
    let run = run(&["--input", "-", "--output", "-", "--article-dedup", "mark"], Some(&input));
    assert_eq!(run.status, 0, "{run:?}");
    let lines = output_lines(&run.stdout);
    assert_eq!(lines.len(), 3);
    let second: serde_json::Value = serde_json::from_str(lines[1]).expect("JSON");
    assert_eq!(second["duplicate_of"], "wire-a");
}

#[test]
fn duplicates_file_needs_drop_and_drop_needs_it() {
    let dir = temp_dir("dedup-usage");
    let input = dir.join("in.jsonl");
    fs::write(&input, "{\"text\":\"x\"}\n").expect("input");
    let out = dir.join("out.jsonl");
    let dup = dir.join("dup.jsonl");
    let (i, o, d) = (input.to_str().unwrap(), out.to_str().unwrap(), dup.to_str().unwrap());
    let drop_alone = run(&["--input", i, "--output", o, "--article-dedup", "drop"], None);
    assert_eq!(drop_alone.status, 2);
    assert!(drop_alone.stderr.contains("--article-dedup drop needs --duplicates FILE"));
    let file_alone = run(&["--input", i, "--output", o, "--duplicates", d], None);
    assert_eq!(file_alone.status, 2);
    assert!(file_alone.stderr.contains("--duplicates goes with --article-dedup drop"));
}

// Regression: the check that two file arguments are not one file ran after
// the output was created, and knew no hard links: `--output X --rejects X`
// emptied X, and an output hard-linked to the input emptied the input.
#[test]
fn regression_no_file_argument_truncates_another_file() {
    let dir = temp_dir("same-file");
    let input = dir.join("in.jsonl");
    let data = "{\"id\":1,\"text\":\"نص\"}\n";
    fs::write(&input, data).expect("input");
    let existing = dir.join("existing.jsonl");
    fs::write(&existing, "IMPORTANT\n").expect("existing");
    let link = dir.join("link.jsonl");
    fs::hard_link(&input, &link).expect("hard link");
    let s = |p: &Path| p.to_str().expect("path").to_string();
    let (i, e, l) = (s(&input), s(&existing), s(&link));
    let other = s(&dir.join("other.jsonl"));
    for args in [
        vec!["--input", &i, "--output", &l],
        vec!["--input", &i, "--output", &e, "--rejects", &e],
        vec![
            "--input",
            &i,
            "--output",
            &other,
            "--rejects",
            &e,
            "--article-dedup",
            "drop",
            "--duplicates",
            &e,
        ],
    ] {
        let run = run(&args, None);
        assert_eq!(run.status, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains("are the same file"), "{args:?}: {run:?}");
    }
    assert_eq!(fs::read_to_string(&input).expect("input"), data);
    assert_eq!(fs::read_to_string(&existing).expect("existing"), "IMPORTANT\n");
}

#[test]
fn a_text_field_named_like_an_added_field_is_a_usage_error() {
    let run = run(&["--input", "-", "--output", "-", "--text-field", "removed"], Some(b"{}\n"));
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("--text-field removed"), "{run:?}");
}

// Regression: with --article-dedup mark, an input field `duplicate_of` on an
// article that is not a duplicate passed through, claiming a duplicate.
#[test]
fn regression_mark_mode_drops_a_stale_duplicate_of_field() {
    let input = b"{\"id\":\"a\",\"duplicate_of\":\"old\",\"text\":\"\xd9\x86\xd8\xb5\"}\n";
    let run = run(&["--input", "-", "--output", "-", "--article-dedup", "mark"], Some(input));
    assert_eq!(run.status, 0, "{run:?}");
    let record: serde_json::Value = serde_json::from_slice(&run.stdout).expect("one JSON record");
    assert!(record.get("duplicate_of").is_none(), "{record}");
}
