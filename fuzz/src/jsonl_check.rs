//! Invariants of the JSON Lines reader and writer of `clean_corpus`
//! (`examples/clean_corpus/jsonl.rs`, built here as it is).

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufReader, Write};
use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex};

use naqi::Cleaner;
use serde::de::{self, MapAccess, Visitor};
use serde_json::Value;

use crate::esc;
use crate::jsonl::{
    BOM, Chunk, FieldNames, LineReader, MAY_ESCAPE, Output, next_may_escape, next_may_escape_swar,
    parse_line, push_json_string, render_record, skip_bom, unescape,
};

static CLEANER: LazyLock<Cleaner> = LazyLock::new(Cleaner::new);

const NAMES: FieldNames<'static> =
    FieldNames { text: "text", title: "title", id: "id", source: "source" };

/// A writer whose bytes can be read back after it was boxed.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

/// The input as a file: its first byte picks the line limit, its second
/// the read buffer's size (1 to 16 bytes, so that lines straddle refills);
/// the rest is the file's bytes. Checks that
///
/// - the lines read, their `\n`s and the oversized lines streamed to the
///   rejects file give back the file byte for byte (after a leading byte
///   order mark, which is dropped), numbered from 1 without a gap, none
///   longer than the limit, and `bytes_read` counts every byte;
/// - each line is blank exactly when it is ASCII whitespace; a line that is
///   not UTF-8 is rejected; a line that serde_json reads as an object with
///   a string `text` is a record, with the same fields in the same order,
///   and its text, title, id and source decoded as serde_json decodes them
///   (the first string of each name);
/// - a record's output line is one line of JSON that serde_json reads back
///   with the cleaned text, the removals, `no_content` exactly when nothing
///   is kept, every other field's value unchanged, and a `duplicate_of`
///   when one is given;
/// - the string escaper and unescaper agree with serde_json on any text.
pub fn check_jsonl(data: &[u8]) {
    let [limit, buffer, file @ ..] = data else { return };
    let max_line_bytes =
        if limit & 0x80 == 0 { 1 + usize::from(limit & 0x7F) * 4 } else { 1 << 20 };
    let body = file.strip_prefix(BOM).unwrap_or(file);
    let lines = check_reading(file, body, max_line_bytes, 1 + usize::from(buffer % 16));
    for (bytes, terminated) in &lines {
        check_line(bytes, *terminated);
    }
    check_escaping(&String::from_utf8_lossy(body));
}

/// Reads `file` as `clean_corpus` does and checks that nothing is lost or
/// invented; returns the lines that are not over the limit, with whether
/// each ended at a `\n`.
fn check_reading(
    file: &[u8],
    body: &[u8],
    max_line_bytes: usize,
    buffer: usize,
) -> Vec<(Vec<u8>, bool)> {
    let raw = skip_bom(Box::new(io::Cursor::new(file.to_vec()))).expect("reading memory");
    let input = Box::new(BufReader::with_capacity(buffer, raw));
    let mut reader = LineReader::new(input, max_line_bytes, Path::new("fuzz"));
    let rejected = Shared::default();
    let mut rejects =
        Output { writer: io::BufWriter::new(Box::new(rejected.clone())), name: "rejects".into() };
    let mut chunk = Chunk::default();
    let mut lines = Vec::new();
    let (mut at, mut number) = (0usize, 1u64);
    loop {
        reader.read_chunk(&mut chunk).expect("reading memory");
        if chunk.is_empty() {
            break;
        }
        for line in &chunk.lines {
            let bytes = chunk.bytes(line);
            assert_eq!(line.number, number, "line numbers skip");
            number += 1;
            assert!(bytes.len() <= max_line_bytes, "line {} over the limit kept", line.number);
            assert_eq!(
                body.get(at..at + bytes.len()),
                Some(bytes),
                "line {} is not the input's bytes at {at}",
                line.number
            );
            at += bytes.len();
            if line.terminated {
                assert_eq!(body.get(at), Some(&b'\n'), "line {} ends before a \\n", line.number);
                at += 1;
            } else {
                assert_eq!(at, body.len(), "unterminated line {} before the end", line.number);
            }
            lines.push((bytes.to_vec(), line.terminated));
        }
        if let Some(line) = &chunk.oversized {
            assert_eq!(line.number, number, "line numbers skip");
            number += 1;
            let head = chunk.bytes(line);
            assert_eq!(head.len(), max_line_bytes + 1, "oversized line's head");
            let len = reader.pass_oversized(head, Some(&mut rejects)).expect("writing memory");
            rejects.finish().expect("writing memory");
            let len = usize::try_from(len).unwrap();
            assert!(len > max_line_bytes, "a line of {len} bytes called oversized");
            let written = rejected.take();
            assert_eq!(written.len(), len + 1, "oversized line length");
            assert_eq!(written.last(), Some(&b'\n'), "reject without its \\n");
            assert_eq!(
                body.get(at..at + len),
                Some(&written[..len]),
                "oversized line {} is not the input's bytes",
                line.number
            );
            at += len;
            if at < body.len() {
                assert_eq!(body[at], b'\n', "oversized line ends before a \\n");
                at += 1;
            }
        }
    }
    assert_eq!(at, body.len(), "input after byte {at} never read");
    assert_eq!(reader.bytes_read(), body.len() as u64, "bytes_read");
    lines
}

/// One line: blank, rejected or parsed as serde_json reads it, and a
/// record's output read back.
fn check_line(bytes: &[u8], terminated: bool) {
    let parsed = parse_line(bytes, terminated, &NAMES);
    let blank = bytes.iter().all(u8::is_ascii_whitespace);
    assert_eq!(matches!(parsed, Ok(None)), blank, "blank line: {:?}", esc_bytes(bytes));
    let utf8 = std::str::from_utf8(bytes).is_ok();
    assert!(utf8 || blank || parsed.is_err(), "invalid UTF-8 taken: {}", esc_bytes(bytes));
    let reference = std::str::from_utf8(bytes).ok().map(reference_fields);
    let record = match parsed {
        Ok(Some(record)) => record,
        Ok(None) => return,
        Err(reason) => {
            if let Some(Ok(fields)) = &reference {
                assert!(
                    first_string(fields, "text").is_none(),
                    "rejected ({reason}) an object with a string text: {}",
                    esc_bytes(bytes)
                );
            }
            assert!(!reason.is_empty(), "a reject without a reason");
            return;
        }
    };
    for field in &record.fields {
        let raw = field.value.get();
        if let (Some(mine), Ok(theirs)) = (unescape(raw), serde_json::from_str::<String>(raw)) {
            assert_eq!(mine, theirs, "unescape of {}", esc(raw));
        }
    }
    let text_raw = record.fields[record.text_field].value.get();
    let decoded: String = serde_json::from_str(text_raw).expect("the text decodes");
    assert_eq!(record.text, decoded, "text of {}", esc_bytes(bytes));
    assert_eq!(record.fields[record.text_field].key, "text");
    let reference = match reference {
        Some(Ok(fields)) => Some(fields),
        _ => None,
    };
    if let Some(fields) = &reference {
        let keys: Vec<&str> = record.fields.iter().map(|f| f.key.as_ref()).collect();
        let want: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, want, "keys of {}", esc_bytes(bytes));
        assert_eq!(Some(record.text.as_ref()), first_string(fields, "text"), "first text");
        for (name, got) in
            [("title", &record.title), ("id", &record.id), ("source", &record.source)]
        {
            assert_eq!(got.as_deref(), first_string(fields, name), "first {name}");
        }
    }
    let cleaned = CLEANER.clean(record.article());
    for duplicate_of in [None, Some("\"kept-1\"")] {
        let mut out = String::new();
        render_record(&record, &cleaned, &NAMES, duplicate_of, duplicate_of.is_some(), &mut out);
        assert!(out.ends_with("}\n"), "output line ends with }}\\n: {}", esc(&out));
        assert_eq!(out.matches('\n').count(), 1, "one output line: {}", esc(&out));
        assert!(!out.contains(['\u{2028}', '\u{2029}']), "raw U+2028/9: {}", esc(&out));
        let Some(fields) = &reference else {
            // serde_json's own reader refuses the input (nesting deeper
            // than it reads, a lone surrogate in another field): the output
            // copies those values and cannot be read back either.
            continue;
        };
        let value: Value = match serde_json::from_str(&out) {
            Ok(value) => value,
            Err(e) => panic!("output is not JSON ({e}): {}", esc(&out)),
        };
        let object = value.as_object().expect("the output is an object");
        assert_eq!(object["text"], Value::String(cleaned.text()), "output text");
        let removed = object["removed"].as_array().expect("removed is an array");
        assert_eq!(removed.len(), cleaned.removals().len(), "removals");
        for (got, want) in removed.iter().zip(cleaned.removals()) {
            assert_eq!(got["index"], want.index(), "removal index");
            assert_eq!(got["reason"], want.reason().as_str(), "removal reason");
            match want.duplicate_of() {
                Some(j) => assert_eq!(got["duplicate_of"], j),
                None => assert!(got["duplicate_of"].is_null()),
            }
        }
        assert_eq!(object.get("no_content") == Some(&Value::Bool(true)), cleaned.is_empty());
        if duplicate_of.is_some() {
            assert_eq!(object["duplicate_of"], "kept-1", "duplicate_of written");
        }
        let added = ["text", "removed", "no_content", "duplicate_of"];
        for (key, value) in fields {
            let unique = fields.iter().filter(|(k, _)| k == key).count() == 1;
            let replaced = duplicate_of.is_some() && key == "duplicate_of";
            if unique && !added[..3].contains(&key.as_str()) && !replaced {
                assert_eq!(object.get(key), Some(value), "field {key:?} changed");
            }
        }
        for key in object.keys() {
            assert!(
                added.contains(&key.as_str()) || fields.iter().any(|(k, _)| k == key),
                "field {key:?} invented"
            );
        }
    }
}

/// The escaper: serde_json reads back exactly the text, and the escaped
/// form holds no raw control character, U+2028 or U+2029.
fn check_escaping(text: &str) {
    let mut out = String::new();
    push_json_string(&mut out, text);
    assert!(
        !out.contains(|c: char| c < ' ' || c == '\u{2028}' || c == '\u{2029}'),
        "raw control character in {}",
        esc(&out)
    );
    let back: String = serde_json::from_str(&out).expect("escaped text reads back");
    assert_eq!(back, text, "escaping round trip of {}", esc(text));
    assert_eq!(unescape(&out).as_deref(), Some(text), "unescape of the escaped text");
    // The scanner (sixteen bytes at a time on x86_64) and its eight-byte
    // form find the first byte that may start an escape, from every offset.
    let bytes = text.as_bytes();
    for at in 0..=bytes.len() {
        let want = bytes[at..].iter().position(|&b| MAY_ESCAPE[usize::from(b)]).map(|o| at + o);
        assert_eq!(next_may_escape(bytes, at), want, "scan of {} from {at}", esc(text));
        assert_eq!(
            next_may_escape_swar(bytes, at),
            want,
            "eight-byte scan of {} from {at}",
            esc(text)
        );
    }
}

fn first_string<'a>(fields: &'a [(String, Value)], name: &str) -> Option<&'a str> {
    fields.iter().filter(|(k, _)| k == name).find_map(|(_, v)| v.as_str())
}

fn esc_bytes(bytes: &[u8]) -> String {
    esc(&String::from_utf8_lossy(bytes))
}

/// serde_json's reading of a line as an object: its fields in order, or
/// an error for anything else.
fn reference_fields(line: &str) -> Result<Vec<(String, Value)>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(line);
    let fields = de::Deserializer::deserialize_map(&mut de, OrderedFields)?;
    de.end()?;
    Ok(fields)
}

struct OrderedFields;

impl<'de> Visitor<'de> for OrderedFields {
    type Value = Vec<(String, Value)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Vec::new();
        while let Some((key, value)) = map.next_entry::<Cow<'de, str>, Value>()? {
            fields.push((key.into_owned(), value));
        }
        Ok(fields)
    }
}
