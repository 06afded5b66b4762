//! Reading and writing JSON Lines: lines in bounded chunks, records parsed
//! into borrowed fields, cleaned records rendered with their other fields
//! byte for byte. Self-contained, so that the fuzz target `jsonl`
//! (`fuzz/src/jsonl_check.rs`) and the bench group `clean_corpus`
//! (`benches/clean.rs`) build this file as it is.

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::ops::Range;
use std::path::Path;

use naqi::{Article, CleanedArticle};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde_json::value::RawValue;

/// A chunk is closed once it holds this many bytes of input...
pub(crate) const CHUNK_BYTES: usize = 4 << 20;
/// ...or this many lines.
pub(crate) const CHUNK_LINES: usize = 4096;
/// Buffer size for reading and writing.
pub(crate) const IO_BUFFER_BYTES: usize = 1 << 20;
/// The UTF-8 byte order mark.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// An error that ends the run with status 2: a message naming what failed.
#[derive(Debug)]
pub(crate) struct Fatal(pub(crate) String);

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An I/O error with what was being done, e.g. "writing out.jsonl".
pub(crate) fn io_failure(doing: &str, what: impl fmt::Display, error: io::Error) -> Fatal {
    Fatal(format!("{doing} {what}: {error}"))
}

/// `true` for the path `-`, which stands for stdin or stdout.
pub(crate) fn is_stdio(path: &Path) -> bool {
    path == Path::new("-")
}

/// How a path is named in messages: `stdio` (`stdin` or `stdout`) for `-`.
pub(crate) fn path_name(path: &Path, stdio: &str) -> String {
    if is_stdio(path) { stdio.to_string() } else { path.display().to_string() }
}

/// The field names of the command line.
#[derive(Debug)]
pub(crate) struct FieldNames<'a> {
    pub(crate) text: &'a str,
    pub(crate) title: &'a str,
    pub(crate) id: &'a str,
    pub(crate) source: &'a str,
}

/// Reads up to three bytes and gives back a reader without them when they
/// are a byte order mark, or with them otherwise.
pub(crate) fn skip_bom(mut raw: Box<dyn Read + Send>) -> io::Result<Box<dyn Read + Send>> {
    let mut head = [0u8; 3];
    let mut filled = 0;
    while filled < head.len() {
        match raw.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    if head[..filled] == *BOM {
        Ok(raw)
    } else {
        Ok(Box::new(io::Cursor::new(head[..filled].to_vec()).chain(raw)))
    }
}

/// A buffered output file (or stdout) with its name for error messages.
pub(crate) struct Output {
    pub(crate) writer: BufWriter<Box<dyn Write + Send>>,
    pub(crate) name: String,
}

impl Output {
    pub(crate) fn create(path: &Path) -> Result<Output, Fatal> {
        let sink: Box<dyn Write + Send> = if is_stdio(path) {
            Box::new(io::stdout())
        } else {
            Box::new(File::create(path).map_err(|e| io_failure("creating", path.display(), e))?)
        };
        Ok(Output {
            writer: BufWriter::with_capacity(IO_BUFFER_BYTES, sink),
            name: path_name(path, "stdout"),
        })
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<(), Fatal> {
        self.writer.write_all(bytes).map_err(|e| io_failure("writing", &self.name, e))
    }

    pub(crate) fn finish(&mut self) -> Result<(), Fatal> {
        self.writer.flush().map_err(|e| io_failure("writing", &self.name, e))
    }
}

// ---------------------------------------------------------------------------
// Reading lines in chunks

/// One line of a chunk: where its bytes are in the chunk, without the `\n`.
#[derive(Clone, Debug)]
pub(crate) struct LineSpan {
    /// 1-based line number in the input.
    pub(crate) number: u64,
    pub(crate) range: Range<usize>,
    /// `false` for a last line without a final newline.
    pub(crate) terminated: bool,
}

/// Whole lines of input, read together and processed together.
#[derive(Debug, Default)]
pub(crate) struct Chunk {
    pub(crate) data: Vec<u8>,
    pub(crate) lines: Vec<LineSpan>,
    /// A line over the limit that ends the chunk: the first `limit + 1`
    /// bytes are in `data`, the rest is still in the reader.
    pub(crate) oversized: Option<LineSpan>,
}

impl Chunk {
    pub(crate) fn clear(&mut self) {
        self.data.clear();
        self.lines.clear();
        self.oversized = None;
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.oversized.is_none()
    }

    pub(crate) fn bytes(&self, line: &LineSpan) -> &[u8] {
        &self.data[line.range.clone()]
    }
}

/// How a line read by [`LineReader::read_line`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineEnd {
    /// No line: the input is exhausted.
    Eof,
    /// At a `\n`.
    Newline,
    /// At the end of the input, without a `\n`.
    Unterminated,
    /// Over the limit: the line's first `limit + 1` bytes were read.
    Oversized,
}

/// Reads lines with a bound on the bytes held for any one line.
pub(crate) struct LineReader {
    pub(crate) input: Box<dyn BufRead + Send>,
    pub(crate) max_line_bytes: usize,
    pub(crate) next_number: u64,
    pub(crate) bytes_read: u64,
    pub(crate) name: String,
}

impl LineReader {
    pub(crate) fn new(
        input: Box<dyn BufRead + Send>,
        max_line_bytes: usize,
        path: &Path,
    ) -> LineReader {
        LineReader {
            input,
            max_line_bytes,
            next_number: 1,
            bytes_read: 0,
            name: path_name(path, "stdin"),
        }
    }

    /// Bytes consumed so far (after the byte order mark).
    pub(crate) fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Refills `chunk` with the next lines; it is left empty at the end of
    /// the input.
    pub(crate) fn read_chunk(&mut self, chunk: &mut Chunk) -> Result<(), Fatal> {
        chunk.clear();
        while chunk.data.len() < CHUNK_BYTES && chunk.lines.len() < CHUNK_LINES {
            let start = chunk.data.len();
            let end = self.read_line(&mut chunk.data)?;
            let line = LineSpan {
                number: self.next_number,
                range: start..chunk.data.len(),
                terminated: end == LineEnd::Newline,
            };
            match end {
                LineEnd::Eof => break,
                LineEnd::Newline | LineEnd::Unterminated => chunk.lines.push(line),
                LineEnd::Oversized => {
                    chunk.oversized = Some(line);
                    self.next_number += 1;
                    break;
                }
            }
            self.next_number += 1;
        }
        Ok(())
    }

    /// Appends the next line to `data`, without its `\n`, but never more
    /// than `max_line_bytes + 1` bytes of it.
    pub(crate) fn read_line(&mut self, data: &mut Vec<u8>) -> Result<LineEnd, Fatal> {
        let start = data.len();
        loop {
            let room = self.max_line_bytes.saturating_add(1) - (data.len() - start);
            let buf = self.fill_buf()?;
            if buf.is_empty() {
                return Ok(if data.len() == start { LineEnd::Eof } else { LineEnd::Unterminated });
            }
            match memchr::memchr(b'\n', buf) {
                Some(pos) if pos < room => {
                    data.extend_from_slice(&buf[..pos]);
                    self.consume(pos + 1);
                    return Ok(LineEnd::Newline);
                }
                _ => {
                    let take = buf.len().min(room);
                    data.extend_from_slice(&buf[..take]);
                    self.consume(take);
                    if data.len() - start > self.max_line_bytes {
                        return Ok(LineEnd::Oversized);
                    }
                }
            }
        }
    }

    /// Finishes a line over the limit whose first bytes are `head`: writes
    /// it to `rejects` (if any) as it streams by, with a final `\n`, and
    /// returns its length in bytes (without the `\n`).
    pub(crate) fn pass_oversized(
        &mut self,
        head: &[u8],
        mut rejects: Option<&mut Output>,
    ) -> Result<u64, Fatal> {
        if let Some(rejects) = rejects.as_deref_mut() {
            rejects.write(head)?;
        }
        let mut len = head.len() as u64;
        loop {
            let buf = self.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            let (piece, ends_line) = match memchr::memchr(b'\n', buf) {
                Some(pos) => (&buf[..pos], true),
                None => (buf, false),
            };
            if let Some(rejects) = rejects.as_deref_mut() {
                rejects.write(piece)?;
            }
            let piece_len = piece.len();
            len += piece_len as u64;
            self.consume(piece_len + usize::from(ends_line));
            if ends_line {
                break;
            }
        }
        if let Some(rejects) = rejects {
            rejects.write(b"\n")?;
        }
        Ok(len)
    }

    pub(crate) fn fill_buf(&mut self) -> Result<&[u8], Fatal> {
        self.input.fill_buf().map_err(|e| io_failure("reading", &self.name, e))
    }

    pub(crate) fn consume(&mut self, n: usize) {
        self.input.consume(n);
        self.bytes_read += n as u64;
    }
}

// ---------------------------------------------------------------------------
// Parsing a record

/// One field of the input object: its key and its raw JSON value.
#[derive(Debug)]
pub(crate) struct Field<'a> {
    pub(crate) key: Cow<'a, str>,
    pub(crate) value: &'a RawValue,
}

/// A parsed input line: every field in order, borrowed from the line, and
/// the decoded values the cleaner needs.
#[derive(Debug)]
pub(crate) struct Record<'a> {
    pub(crate) fields: Vec<Field<'a>>,
    /// Which field is the text (the first text field that is a string).
    pub(crate) text_field: usize,
    pub(crate) text: Cow<'a, str>,
    pub(crate) title: Option<Cow<'a, str>>,
    pub(crate) id: Option<Cow<'a, str>>,
    pub(crate) source: Option<Cow<'a, str>>,
}

impl Record<'_> {
    pub(crate) fn article(&self) -> Article<'_> {
        let mut article = Article::new(&self.text);
        if let Some(title) = &self.title {
            article = article.with_title(title);
        }
        if let Some(source) = &self.source {
            article = article.with_source(source);
        }
        article
    }
}

/// Why a non-blank line is not a record.
#[derive(Debug)]
pub(crate) enum RecordError {
    /// Not JSON (or JSON followed by something else).
    Syntax(serde_json::Error),
    /// JSON, but not an object: what it is instead.
    NotAnObject(&'static str),
    /// An object without the text field.
    NoText,
    /// The (first) text field is not a string: what it is instead.
    TextNotString(&'static str),
    /// The text string does not decode (a lone surrogate escape); `at` is
    /// the byte offset of the string in the line.
    BadText { error: serde_json::Error, at: usize },
}

impl RecordError {
    /// The reason reported for `line`; `terminated` is `false` for a last
    /// line without a final newline, `text` is the text field's name.
    pub(crate) fn describe(&self, line: &str, terminated: bool, text: &str) -> String {
        match self {
            // Of an object, serde_json decodes the field names only (of a
            // bare string, the string, to say what it is); its message for a
            // lone surrogate ("unexpected end of hex escape") reads like a
            // cut escape.
            RecordError::Syntax(e)
                if is_surrogate_error(e) && !line.trim_start().starts_with('{') =>
            {
                format!("not a JSON object but {}", json_kind(line))
            }
            RecordError::Syntax(e) if is_surrogate_error(e) => {
                // The first lone escape of the string serde_json stopped in.
                let stopped = e.column().saturating_sub(1);
                let start = string_start(line, stopped).unwrap_or(stopped);
                match lone_surrogates(line).into_iter().find(|&at| at >= start && at < stopped) {
                    Some(at) => format!(
                        "a field name has a lone surrogate escape {} (column {}), which is not \
                         Unicode text",
                        &line[at..at + 6],
                        at + 1
                    ),
                    None => format!("not valid JSON: {}", describe_json_error(e)),
                }
            }
            RecordError::Syntax(e) if !terminated => {
                format!("truncated last line (no final newline): {}", describe_json_error(e))
            }
            RecordError::Syntax(e) => format!("not valid JSON: {}", describe_json_error(e)),
            RecordError::NotAnObject(kind) => format!("not a JSON object but {kind}"),
            RecordError::NoText => format!("no {text:?} field"),
            RecordError::TextNotString(kind) => format!("{text:?} is not a string but {kind}"),
            RecordError::BadText { error, at } => {
                let raw = line.get(*at..).unwrap_or_default();
                match lone_surrogates(raw).first() {
                    Some(&offset) if is_surrogate_error(error) => format!(
                        "{text:?} has a lone surrogate escape {} (column {}), which is not \
                         Unicode text",
                        &raw[offset..offset + 6],
                        at + offset + 1
                    ),
                    _ => format!("{text:?} does not decode: {}", json_error_message(error)),
                }
            }
        }
    }
}

/// `true` for serde_json's errors on a surrogate escape without its pair.
fn is_surrogate_error(e: &serde_json::Error) -> bool {
    matches!(
        json_error_message(e).as_str(),
        "unexpected end of hex escape" | "lone leading surrogate in hex escape"
    )
}

/// The byte offset in `json` of the opening quote of the JSON string still
/// open before byte `at`, if any (escapes included).
fn string_start(json: &str, at: usize) -> Option<usize> {
    let mut start = None;
    let mut bytes = json.bytes().enumerate().take(at);
    while let Some((i, b)) = bytes.next() {
        match (b, start) {
            (b'"', None) => start = Some(i),
            (b'"', Some(_)) => start = None,
            (b'\\', Some(_)) => {
                bytes.next();
            }
            _ => {}
        }
    }
    start
}

/// The code unit of the `\uXXXX` escape at `bytes[at]`, if one is there
/// (four hex digits, either case).
fn unicode_escape(bytes: &[u8], at: usize) -> Option<u32> {
    let escape = bytes.get(at..at + 6)?;
    if escape[..2] != *b"\\u" || !escape[2..].iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let hex = std::str::from_utf8(&escape[2..]).ok()?;
    u32::from_str_radix(hex, 16).ok()
}

/// The byte offsets in `json` of the `\uXXXX` escapes of surrogates
/// (U+D800..U+DFFF) that are not a high surrogate directly followed by the
/// escape of a low one: escapes that decode to no Unicode scalar value.
fn lone_surrogates(json: &str) -> Vec<usize> {
    let bytes = json.as_bytes();
    let code = |at: usize| unicode_escape(bytes, at);
    let mut found = Vec::new();
    let mut from = 0;
    // `from` passes the end after a backslash that ends the line.
    while let Some(offset) = bytes.get(from..).and_then(|rest| memchr::memchr(b'\\', rest)) {
        let at = from + offset;
        from = match code(at) {
            Some(0xD800..=0xDBFF) if matches!(code(at + 6), Some(0xDC00..=0xDFFF)) => at + 12,
            Some(0xD800..=0xDFFF) => {
                found.push(at);
                at + 6
            }
            Some(_) => at + 6,
            // Any other escape is two bytes long.
            None => at + 2,
        };
    }
    found
}

/// serde_json's message for an error in a whole line, with the column but
/// without its "line 1" (a line of JSON Lines is line 1 of its JSON).
pub(crate) fn describe_json_error(e: &serde_json::Error) -> String {
    format!("{} (column {})", json_error_message(e), e.column())
}

/// serde_json's message without its position.
pub(crate) fn json_error_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    match message.strip_suffix(&position) {
        Some(bare) => bare.to_string(),
        None => message,
    }
}

/// Parses one line of input (without its `\n`): `Ok(None)` for a blank
/// line (only ASCII whitespace), the record, or the reason the line is
/// rejected; `terminated` is `false` for a last line without a final
/// newline.
pub(crate) fn parse_line<'a>(
    bytes: &'a [u8],
    terminated: bool,
    names: &FieldNames<'_>,
) -> Result<Option<Record<'a>>, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let line = simdutf8::compat::from_utf8(bytes)
        .map_err(|e| format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()))?;
    match parse_record(line, names) {
        Ok(record) => Ok(Some(record)),
        Err(e) => Err(e.describe(line, terminated, names.text)),
    }
}

/// Parses one line into a [`Record`]. The text is the first field named
/// `names.text` whose value is a string; the title, id and source are the
/// first fields of their names whose values are strings.
pub(crate) fn parse_record<'a>(
    line: &'a str,
    names: &FieldNames<'_>,
) -> Result<Record<'a>, RecordError> {
    let fields = parse_fields(line)?;
    let Some(text_field) = fields.iter().position(|f| f.key == names.text && is_string(f.value))
    else {
        return Err(match fields.iter().find(|f| f.key == names.text) {
            Some(f) => RecordError::TextNotString(json_kind(f.value.get())),
            None => RecordError::NoText,
        });
    };
    let raw_text = fields[text_field].value;
    let text = decode_string(raw_text).map_err(|error| RecordError::BadText {
        error,
        // The raw value is a slice of the line.
        at: (raw_text.get().as_ptr() as usize).saturating_sub(line.as_ptr() as usize),
    })?;
    Ok(Record {
        title: first_string_lossy(&fields, names.title),
        id: first_string(&fields, names.id),
        source: first_string(&fields, names.source),
        fields,
        text_field,
        text,
    })
}

/// Splits a line into its top-level fields.
pub(crate) fn parse_fields(line: &str) -> Result<Vec<Field<'_>>, RecordError> {
    let mut de = serde_json::Deserializer::from_str(line);
    let fields = match de::Deserializer::deserialize_map(&mut de, FieldsVisitor) {
        Ok(fields) => fields,
        Err(e) if e.is_data() => return Err(RecordError::NotAnObject(json_kind(line))),
        Err(e) => return Err(RecordError::Syntax(e)),
    };
    de.end().map_err(RecordError::Syntax)?;
    Ok(fields)
}

/// The first field named `name` whose value is a string that decodes.
pub(crate) fn first_string<'a>(fields: &[Field<'a>], name: &str) -> Option<Cow<'a, str>> {
    fields
        .iter()
        .filter(|f| f.key == name && is_string(f.value))
        .find_map(|f| decode_string(f.value).ok())
}

/// The first field named `name` whose value is a string, decoded with each
/// lone surrogate escape read as U+FFFD REPLACEMENT CHARACTER: for the
/// title, which is only compared, so that one bad escape does not lose
/// the rest of it.
pub(crate) fn first_string_lossy<'a>(fields: &[Field<'a>], name: &str) -> Option<Cow<'a, str>> {
    let value = fields.iter().find(|f| f.key == name && is_string(f.value))?.value;
    match decode_string(value) {
        Ok(decoded) => Some(decoded),
        Err(_) => {
            let mut raw = value.get().to_string();
            for at in lone_surrogates(value.get()) {
                raw.replace_range(at..at + 6, "\\ufffd");
            }
            serde_json::from_str(&raw).ok().map(Cow::Owned)
        }
    }
}

pub(crate) fn is_string(value: &RawValue) -> bool {
    value.get().starts_with('"')
}

/// What kind of JSON value `json` (valid JSON) holds, for messages.
pub(crate) fn json_kind(json: &str) -> &'static str {
    match json.trim_start().bytes().next() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// Decodes a raw JSON string, borrowing it when it has no escapes.
pub(crate) fn decode_string(value: &RawValue) -> Result<Cow<'_, str>, serde_json::Error> {
    if let Some(decoded) = unescape(value.get()) {
        return Ok(decoded);
    }
    let mut de = serde_json::Deserializer::from_str(value.get());
    CowStr.deserialize(&mut de)
}

/// Decodes `raw`, a JSON string that serde_json has checked (quoted, no raw
/// control characters, well-formed escapes), jumping from backslash to
/// backslash. `None` for anything it leaves to serde_json: a `\u` escape of
/// a surrogate, so that a lone one gets serde_json's error.
pub(crate) fn unescape(raw: &str) -> Option<Cow<'_, str>> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let bytes = inner.as_bytes();
    let Some(first) = memchr::memchr(b'\\', bytes) else {
        return Some(Cow::Borrowed(inner));
    };
    let mut out = String::with_capacity(inner.len());
    let (mut copied, mut at) = (0, first);
    loop {
        // `at` is at a backslash: ASCII, so a char boundary.
        out.push_str(&inner[copied..at]);
        let (c, len) = match *bytes.get(at + 1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => (char::from_u32(unicode_escape(bytes, at)?)?, 6),
            _ => return None,
        };
        out.push(c);
        copied = at + len;
        match memchr::memchr(b'\\', &bytes[copied..]) {
            Some(offset) => at = copied + offset,
            None => break,
        }
    }
    out.push_str(&inner[copied..]);
    Some(Cow::Owned(out))
}

/// Deserializes a top-level object into its fields, in order.
pub(crate) struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Vec<Field<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(16));
        while let Some(key) = map.next_key_seed(CowStr)? {
            let value = map.next_value()?;
            fields.push(Field { key, value });
        }
        Ok(fields)
    }
}

/// Deserializes a string, borrowed from the input when it has no escapes.
pub(crate) struct CowStr;

impl<'de> DeserializeSeed<'de> for CowStr {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for CowStr {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s))
    }
}

// ---------------------------------------------------------------------------
// Rendering a record

/// Writes the output line of a record: its fields in order with their raw
/// values, the text replaced by the cleaned text, every other text field
/// and any `removed` or `no_content` field left out, then `removed` and, for
/// an article with no content, `no_content`; then `\n`.
pub(crate) fn render_record(
    record: &Record<'_>,
    cleaned: &CleanedArticle<'_>,
    names: &FieldNames<'_>,
    duplicate_of: Option<&str>,
    marks_duplicates: bool,
    out: &mut String,
) {
    out.push('{');
    for (i, field) in record.fields.iter().enumerate() {
        if i == record.text_field {
            push_key(out, &field.key);
            push_cleaned_text(out, cleaned);
        } else if field.key != names.text
            && field.key != "removed"
            && field.key != "no_content"
            && !(marks_duplicates && field.key == "duplicate_of")
        {
            push_key(out, &field.key);
            out.push_str(field.value.get());
        }
    }
    push_key(out, "removed");
    push_removals(out, cleaned);
    if cleaned.is_empty() {
        push_key(out, "no_content");
        out.push_str("true");
    }
    if let Some(id) = duplicate_of {
        push_key(out, "duplicate_of");
        out.push_str(id);
    }
    out.push_str("}\n");
}

/// Writes `"key":`, preceded by a comma unless it is the object's first.
pub(crate) fn push_key(out: &mut String, key: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    push_json_string(out, key);
    out.push(':');
}

/// Writes the cleaned text as a JSON string: the kept paragraphs joined by
/// a blank line, as [`CleanedArticle::text`] has it, without building it.
pub(crate) fn push_cleaned_text(out: &mut String, cleaned: &CleanedArticle<'_>) {
    out.push('"');
    for (i, paragraph) in cleaned.kept().enumerate() {
        if i > 0 {
            out.push_str("\\n\\n");
        }
        push_escaped(out, paragraph.text());
    }
    out.push('"');
}

/// Writes the `removed` array.
pub(crate) fn push_removals(out: &mut String, cleaned: &CleanedArticle<'_>) {
    out.push('[');
    for (i, removal) in cleaned.removals().iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"index\":");
        out.push_str(&removal.index().to_string());
        out.push_str(",\"duplicate_of\":");
        match removal.duplicate_of() {
            Some(j) => out.push_str(&j.to_string()),
            None => out.push_str("null"),
        }
        out.push_str(",\"reason\":");
        push_json_string(out, removal.reason().as_str());
        out.push_str(",\"similarity\":");
        push_json_number(out, removal.similarity());
        out.push('}');
    }
    out.push(']');
}

/// Writes a number in the shortest form that reads back the same, or
/// `null` for none (or for a value JSON cannot hold).
pub(crate) fn push_json_number(out: &mut String, value: Option<f64>) {
    match value {
        Some(v) if v.is_finite() => out.push_str(&format!("{v:?}")),
        _ => out.push_str("null"),
    }
}

pub(crate) fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    push_escaped(out, s);
    out.push('"');
}

/// Appends `s` escaped for a JSON string: quotes, backslashes, every
/// control character below U+0020, and U+2028 and U+2029 (which some JSON
/// Lines readers take for line ends).
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = next_may_escape(bytes, at) {
        at = found;
        match escape_at(&bytes[at..]) {
            Some((escape, len)) => {
                // `copied` and `at` are at ASCII bytes or lead bytes: char
                // boundaries.
                out.push_str(&s[copied..at]);
                out.push_str(escape);
                at += len;
                copied = at;
            }
            None => at += 1,
        }
    }
    out.push_str(&s[copied..]);
}

/// The position of the first byte from `at` on that may start an escape
/// ([`MAY_ESCAPE`]). Sixteen bytes at a time with SSE2 on x86_64, eight
/// elsewhere: a block is skipped when none of its bytes is below 0x20, a
/// quote, a backslash or 0xE2 (the lead byte of U+2028 and U+2029).
pub(crate) fn next_may_escape(bytes: &[u8], at: usize) -> Option<usize> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    let at = {
        use safe_arch::{
            bitor_m128i as or, cmp_eq_mask_i8_m128i as eq, m128i, min_u8_m128i, move_mask_i8_m128i,
            set_splat_i8_m128i as splat,
        };
        let mut at = at;
        while let Some(block) = bytes.get(at..at + 16).and_then(|b| <&[u8; 16]>::try_from(b).ok()) {
            let v = m128i::from(*block);
            // Below 0x20 exactly where min(v, 0x1F) == v (unsigned).
            let control = eq(min_u8_m128i(v, splat(0x1F)), v);
            let special = or(
                or(eq(v, splat(b'"' as i8)), eq(v, splat(b'\\' as i8))),
                eq(v, splat(0xE2u8 as i8)),
            );
            let found = move_mask_i8_m128i(or(control, special));
            if found != 0 {
                return Some(at + found.trailing_zeros() as usize);
            }
            at += 16;
        }
        at
    };
    next_may_escape_swar(bytes, at)
}

/// [`next_may_escape`] eight bytes at a time.
pub(crate) fn next_may_escape_swar(bytes: &[u8], mut at: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit set in each byte of `v` that is zero (and possibly in bytes
    // above a zero byte, which does not matter here: the word holds one).
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let v = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let found = zero(v ^ (ONES * u64::from(b'"')))
            | zero(v ^ (ONES * u64::from(b'\\')))
            | zero(v ^ (ONES * 0xE2))
            | (v.wrapping_sub(ONES * 0x20) & !v & HIGH);
        if found != 0 {
            break;
        }
        at += 8;
    }
    bytes[at..].iter().position(|&b| MAY_ESCAPE[usize::from(b)]).map(|offset| at + offset)
}

/// The JSON escape of the character that starts `rest`, with its length in
/// bytes, or `None` when it is written as it is.
pub(crate) fn escape_at(rest: &[u8]) -> Option<(&'static str, usize)> {
    match rest {
        [b'"', ..] => Some(("\\\"", 1)),
        [b'\\', ..] => Some(("\\\\", 1)),
        [b @ 0x00..=0x1F, ..] => Some((CONTROL_ESCAPES[usize::from(*b)], 1)),
        // U+2028 and U+2029 in UTF-8.
        [0xE2, 0x80, 0xA8, ..] => Some(("\\u2028", 3)),
        [0xE2, 0x80, 0xA9, ..] => Some(("\\u2029", 3)),
        _ => None,
    }
}

/// Bytes that can start a character [`escape_at`] escapes.
pub(crate) static MAY_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table[0xE2] = true;
    table
};

/// The JSON escapes of U+0000 to U+001F.
pub(crate) const CONTROL_ESCAPES: [&str; 32] = [
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007", "\\b",
    "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012",
    "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019", "\\u001a",
    "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
];
