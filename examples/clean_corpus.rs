//! Cleans a corpus of articles stored as JSON Lines.
//!
//! ```text
//! cargo run --release --example clean_corpus -- --input IN.jsonl --output OUT.jsonl [options]
//!
//!   --input FILE            JSON Lines to clean (`-`: stdin)
//!   --output FILE           cleaned JSON Lines (`-`: stdout)
//!   --rejects FILE          rejected lines, byte for byte, one per line
//!   --threads N             worker threads (default: available parallelism)
//!   --max-line-bytes N      longest accepted line (default: 16777216)
//!   --allow-rejects         exit with status 0 even when lines were rejected
//!   --text-field NAME       (default: text)   and likewise --id-field,
//!                           --title-field and --source-field
//!   --boilerplate           remove lines that recur across the articles
//!                           of one source
//!   --article-dedup MODE    near-duplicate articles: `mark` adds
//!                           "duplicate_of", `drop` moves them to
//!   --duplicates FILE       this file
//! ```
//!
//! # Records
//!
//! Each input line that holds a JSON object with a string `text` is a
//! record, and gives exactly one output line, in input order: the input
//! object with its fields in their order and their values byte for byte,
//! `text` replaced by the cleaned text, and `removed` added, e.g.
//! `"removed":[{"index":2,"duplicate_of":1,"reason":"exact","similarity":1.0}]`,
//! where `index` and `duplicate_of` are paragraph indices of the input text.
//! An article left with no content also gets `"no_content":true` (and an
//! empty `text`). A string `title` is passed to the cleaner as the title.
//!
//! - Fields named `removed` or `no_content` in the input are replaced by the
//!   new ones, so the output never has a duplicate key.
//! - With several `text` fields, the first one whose value is a string is
//!   the text: it is replaced in place by the cleaned text and the other
//!   `text` fields are dropped. Other duplicate keys are kept as given.
//! - Keys are written as decoded JSON strings, escaped again; they come out
//!   byte for byte unless the input spelled them with escapes.
//!
//! # Other lines
//!
//! - Lines end at `\n`. Blank lines (only ASCII whitespace, `\r` included)
//!   are skipped and counted.
//! - A UTF-8 byte order mark at the start of the input is ignored: it is not
//!   part of line 1. A `\r` before the `\n` is JSON whitespace, so CRLF line
//!   ends are fine.
//! - Every other line is a reject: not UTF-8, not JSON, not an object, no
//!   string text, a last line that has no final newline and does not parse
//!   (a truncated file), or a line longer than `--max-line-bytes` (counted
//!   in bytes without its `\n`). Each reject is reported on stderr with its
//!   1-based line number and reason, one line each, and written to
//!   `--rejects` as its exact bytes (a `\r` before its `\n` included)
//!   followed by `\n`. A line over the limit is never held in memory
//!   beyond the limit: the rest of it is streamed to the rejects file, or
//!   skipped.
//!
//! Exit status: 0 when every line was a record or blank (or with
//! `--allow-rejects`), 1 when a line was rejected, 2 for a usage or I/O
//! error.
//!
//! # Processing
//!
//! The input is read in chunks of whole lines (4 MiB or 4,096 lines). The
//! records of a chunk are parsed, cleaned and rendered in parallel on a
//! local rayon pool while the chunk before is written and the chunk after
//! is read; output goes in input order. Memory stays bounded by a few
//! chunks and the line limit whatever the input size, and the output is
//! the same for any number of threads. Each line is parsed into borrowed
//! fields (a key and its raw JSON value); only the text, title, id and
//! source are decoded.
//!
//! Parsing ([`parse_record`]) and rendering ([`render_record`]) are separate
//! steps around [`Cleaner::clean`], so that a stage which needs every
//! article's result before anything is written can sit between them.
//!
//! # Corpus stages
//!
//! `--boilerplate` and `--article-dedup` need every article before they
//! decide (see `naqi::CorpusCleaner`), so the input is read twice: a first
//! pass keeps each record's sketch (hashes of its paragraphs' templates
//! and word 5-shingles, 8 bytes per word, no text) and its id; the
//! stages decide; a second pass cleans each record again, removes its
//! boilerplate paragraphs (reason `boilerplate`) and, for a near-duplicate
//! article, adds `"duplicate_of"` with the kept article's id value (its
//! 1-based input line number when it has no id), or with `drop` writes it
//! to `--duplicates` instead of the output. An article left with no content
//! gets `"no_content":true` and is never a duplicate. With `--input -` the
//! input is first copied to a temporary file. The summary lists the
//! boilerplate found per source and the duplicate clusters.

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::num::NonZeroUsize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use naqi::{
    Article, ArticleSketch, CleanedArticle, Cleaner, CorpusCleaner, CorpusDecisions, Removal,
    RemovalReason,
};
use rayon::prelude::*;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde_json::value::RawValue;

/// A chunk is closed once it holds this many bytes of input...
const CHUNK_BYTES: usize = 4 << 20;
/// ...or this many lines.
const CHUNK_LINES: usize = 4096;
/// Buffer size for reading and writing.
const IO_BUFFER_BYTES: usize = 1 << 20;
/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

const EXIT_STATUS_HELP: &str = "\
Exit status:
  0  every line was a record or a blank line (or --allow-rejects was given)
  1  at least one line was rejected: reported on stderr with its line number,
     and written to the --rejects file when given
  2  usage error, or an I/O error (input unreadable, output or rejects file
     unwritable)";

/// Cleans JSON Lines articles: one output record per input record, in order.
#[derive(Debug, Parser)]
#[command(name = "clean_corpus", after_help = EXIT_STATUS_HELP)]
struct Args {
    /// JSON Lines to clean (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    input: PathBuf,
    /// Where the cleaned JSON Lines go (`-` for stdout).
    #[arg(long, value_name = "FILE")]
    output: PathBuf,
    /// Writes every rejected line there, byte for byte, followed by `\n`.
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,
    /// Worker threads [default: available parallelism].
    #[arg(long, value_name = "N")]
    threads: Option<NonZeroUsize>,
    /// Lines longer than this many bytes (without the `\n`) are rejected.
    #[arg(long, value_name = "N", default_value = "16777216")]
    max_line_bytes: NonZeroUsize,
    /// Exits with status 0 even when lines were rejected.
    #[arg(long)]
    allow_rejects: bool,
    /// Name of the field that holds the article text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    text_field: String,
    /// Name of the field that holds the article id (named in notices).
    #[arg(long, value_name = "NAME", default_value = "id")]
    id_field: String,
    /// Name of the field that holds the article title.
    #[arg(long, value_name = "NAME", default_value = "title")]
    title_field: String,
    /// Name of the field that holds the article's source (boilerplate is
    /// searched per source; named in notices).
    #[arg(long, value_name = "NAME", default_value = "source")]
    source_field: String,
    /// Removes boilerplate: lines that recur across many articles of one
    /// source (reads the input twice).
    #[arg(long)]
    boilerplate: bool,
    /// Near-duplicate articles: `mark` adds "duplicate_of" (the kept
    /// article's id), `drop` writes them to --duplicates instead of the
    /// output (reads the input twice).
    #[arg(long, value_enum, value_name = "MODE")]
    article_dedup: Option<DedupMode>,
    /// With `--article-dedup drop`: where the duplicate articles go.
    #[arg(long, value_name = "FILE")]
    duplicates: Option<PathBuf>,
}

/// What `--article-dedup` does with a near-duplicate article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum DedupMode {
    /// Keeps it in the output, with "duplicate_of".
    Mark,
    /// Writes it to --duplicates instead of the output.
    Drop,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(summary) => {
            print_summary(&summary);
            if summary.rejects > 0 && !args.allow_rejects {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(fatal) => {
            eprintln!("clean_corpus: {fatal}");
            ExitCode::from(2)
        }
    }
}

// ---------------------------------------------------------------------------
// The run

/// An error that ends the run with status 2: a message naming what failed.
#[derive(Debug)]
struct Fatal(String);

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An I/O error with what was being done, e.g. "writing out.jsonl".
fn io_failure(doing: &str, what: impl fmt::Display, error: io::Error) -> Fatal {
    Fatal(format!("{doing} {what}: {error}"))
}

/// `true` for the path `-`, which stands for stdin or stdout.
fn is_stdio(path: &Path) -> bool {
    path == Path::new("-")
}

/// How a path is named in messages: `stdio` (`stdin` or `stdout`) for `-`.
fn path_name(path: &Path, stdio: &str) -> String {
    if is_stdio(path) { stdio.to_string() } else { path.display().to_string() }
}

/// The field names of the command line.
#[derive(Debug)]
struct FieldNames<'a> {
    text: &'a str,
    title: &'a str,
    id: &'a str,
    source: &'a str,
}

impl<'a> FieldNames<'a> {
    fn from_args(args: &'a Args) -> FieldNames<'a> {
        FieldNames {
            text: &args.text_field,
            title: &args.title_field,
            id: &args.id_field,
            source: &args.source_field,
        }
    }
}

fn run(args: &Args) -> Result<Summary, Fatal> {
    let started = Instant::now();
    let names = FieldNames::from_args(args);
    let cleaner = Cleaner::new();
    let pool = build_pool(args.threads)?;
    match (args.article_dedup, &args.duplicates) {
        (Some(DedupMode::Drop), None) => {
            return Err(Fatal("--article-dedup drop needs --duplicates FILE".into()));
        }
        (mode, Some(_)) if mode != Some(DedupMode::Drop) => {
            return Err(Fatal("--duplicates goes with --article-dedup drop".into()));
        }
        _ => {}
    }
    for added in ["removed", "no_content", "duplicate_of"] {
        if args.text_field == added {
            return Err(Fatal(format!(
                "--text-field {added}: the output adds a field of that name; rename the field"
            )));
        }
    }
    // Before any file is created: no two of the files may be one file (a
    // path, a symbolic or a hard link), or one would truncate another.
    check_distinct_files(&[
        ("--input", Some(&args.input)),
        ("--output", Some(&args.output)),
        ("--rejects", args.rejects.as_ref()),
        ("--duplicates", args.duplicates.as_ref()),
    ])?;
    let spool = if (args.boilerplate || args.article_dedup.is_some()) && is_stdio(&args.input) {
        Some(Spool::from_stdin()?)
    } else {
        None
    };
    let input_path = spool.as_ref().map_or(args.input.as_path(), |s| s.path.as_path());
    let plan = if args.boilerplate || args.article_dedup.is_some() {
        let corpus = CorpusCleaner::builder()
            .cleaner(cleaner.clone())
            .boilerplate(args.boilerplate)
            .article_dedup(args.article_dedup.is_some())
            .build()
            .map_err(|e| Fatal(e.to_string()))?;
        let (input, _) = open_input(input_path)?;
        let mut reader = LineReader::new(input, args.max_line_bytes.get(), input_path);
        let dedup = args.article_dedup.is_some();
        Some(pool.install(|| first_pass(&mut reader, corpus, &names, dedup))?)
    } else {
        None
    };
    let (input, input_len) = open_input(input_path)?;
    let mut reader = LineReader::new(input, args.max_line_bytes.get(), &args.input);
    let output = Output::create(&args.output)?;
    let duplicates = args.duplicates.as_deref().map(Output::create).transpose()?;
    let rejects = args.rejects.as_deref().map(Output::create).transpose()?;
    let mut sink = Sink {
        output,
        duplicates,
        rejects,
        examples: Default::default(),
        report: Reporter::new(input_len),
        summary: Summary::default(),
        max_line_bytes: args.max_line_bytes.get(),
    };
    pool.install(|| clean_stream(&mut reader, &mut sink, &cleaner, &names, plan.as_ref()))?;
    sink.finish()?;
    if let Some(plan) = &plan {
        sink.summary.corpus = Some(plan.report(&sink.examples));
    }
    drop(spool);
    let mut summary = sink.summary;
    summary.input_bytes = reader.bytes_read();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Cleans the whole input, chunk by chunk, on the current rayon pool. While
/// the records of one chunk are cleaned, the results of the chunk before are
/// written and the chunk after is read.
fn clean_stream(
    reader: &mut LineReader,
    sink: &mut Sink,
    cleaner: &Cleaner,
    names: &FieldNames<'_>,
    plan: Option<&CorpusPlan>,
) -> Result<(), Fatal> {
    let mut current = Chunk::default();
    let mut next = Chunk::default();
    // The chunk before `current`, cleaned but not yet written.
    let mut pending: Option<(Chunk, Vec<Outcome>)> = None;
    reader.read_chunk(&mut current)?;
    while !current.is_empty() {
        // A line over the limit goes to the rejects file after the lines
        // before it, so nothing past it is read until they are written.
        let read_ahead = current.oversized.is_none();
        let (outcomes, written) = rayon::join(
            || process_chunk(&current, cleaner, names, plan),
            || -> Result<(), Fatal> {
                if let Some((chunk, outcomes)) = &pending {
                    sink.write_chunk(chunk, outcomes)?;
                }
                if read_ahead {
                    reader.read_chunk(&mut next)?;
                }
                Ok(())
            },
        );
        written?;
        let spare = pending.take().map(|(chunk, _)| chunk).unwrap_or_default();
        if read_ahead {
            let done = std::mem::replace(&mut current, std::mem::take(&mut next));
            pending = Some((done, outcomes));
        } else {
            sink.write_chunk(&current, &outcomes)?;
            sink.pass_oversized(reader, &current)?;
            reader.read_chunk(&mut next)?;
            std::mem::swap(&mut current, &mut next);
        }
        next = spare;
        sink.report.progress(reader.bytes_read());
    }
    if let Some((chunk, outcomes)) = &pending {
        sink.write_chunk(chunk, outcomes)?;
    }
    Ok(())
}

fn build_pool(threads: Option<NonZeroUsize>) -> Result<rayon::ThreadPool, Fatal> {
    let threads =
        threads.or_else(|| std::thread::available_parallelism().ok()).map_or(1, NonZeroUsize::get);
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Fatal(format!("starting {threads} threads: {e}")))
}

/// Opens the input (`-` for stdin) without its byte order mark, with its
/// size when it is a regular file.
fn open_input(path: &Path) -> Result<(Box<dyn BufRead + Send>, Option<u64>), Fatal> {
    let (raw, len): (Box<dyn Read + Send>, Option<u64>) = if is_stdio(path) {
        (Box::new(io::stdin()), None)
    } else {
        let file = File::open(path).map_err(|e| io_failure("opening", path.display(), e))?;
        let len = file.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
        (Box::new(file), len)
    };
    let raw = skip_bom(raw).map_err(|e| io_failure("reading", path_name(path, "stdin"), e))?;
    Ok((Box::new(BufReader::with_capacity(IO_BUFFER_BYTES, raw)), len))
}
/// Fails when two of the named files (`-` is not a file) are one file:
/// the same path, a symbolic link to it, or a hard link (same device and
/// inode). Files that do not exist yet are compared by their directory's
/// canonical path and their name.
fn check_distinct_files(files: &[(&str, Option<&PathBuf>)]) -> Result<(), Fatal> {
    let named: Vec<(&str, &PathBuf, FileIdentity)> = files
        .iter()
        .filter_map(|&(flag, path)| path.map(|p| (flag, p)))
        .filter(|(_, path)| !is_stdio(path))
        .map(|(flag, path)| (flag, path, file_identity(path)))
        .collect();
    for (k, (flag_a, path_a, id_a)) in named.iter().enumerate() {
        for (flag_b, path_b, id_b) in &named[k + 1..] {
            if id_a == id_b {
                return Err(Fatal(format!(
                    "{flag_a} {} and {flag_b} {} are the same file: give each its own file",
                    path_a.display(),
                    path_b.display()
                )));
            }
        }
    }
    Ok(())
}

/// What makes two paths one file.
#[derive(Debug, PartialEq, Eq)]
enum FileIdentity {
    /// An existing file: its device and inode (Unix).
    #[cfg(unix)]
    Inode(u64, u64),
    /// A path, canonical as far as it exists.
    Path(PathBuf),
}

fn file_identity(path: &Path) -> FileIdentity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(meta) = std::fs::metadata(path) {
            return FileIdentity::Inode(meta.dev(), meta.ino());
        }
    }
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return FileIdentity::Path(canonical);
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (std::fs::canonicalize(parent), path.file_name()) {
        (Ok(dir), Some(name)) => FileIdentity::Path(dir.join(name)),
        _ => FileIdentity::Path(path.to_path_buf()),
    }
}

/// Reads up to three bytes and gives back a reader without them when they
/// are a byte order mark, or with them otherwise.
fn skip_bom(mut raw: Box<dyn Read + Send>) -> io::Result<Box<dyn Read + Send>> {
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
struct Output {
    writer: BufWriter<Box<dyn Write + Send>>,
    name: String,
}

impl Output {
    fn create(path: &Path) -> Result<Output, Fatal> {
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

    fn write(&mut self, bytes: &[u8]) -> Result<(), Fatal> {
        self.writer.write_all(bytes).map_err(|e| io_failure("writing", &self.name, e))
    }

    fn finish(&mut self) -> Result<(), Fatal> {
        self.writer.flush().map_err(|e| io_failure("writing", &self.name, e))
    }
}

/// Where the results go, in input order: the output, the rejects file,
/// the messages on stderr and the counts.
struct Sink {
    output: Output,
    /// With `--article-dedup drop`: the duplicate articles.
    duplicates: Option<Output>,
    rejects: Option<Output>,
    /// The first paragraph found for each boilerplate template.
    examples: std::collections::HashMap<usize, String>,
    report: Reporter,
    summary: Summary,
    max_line_bytes: usize,
}

impl Sink {
    /// Writes, reports and counts the outcomes of a chunk's lines.
    fn write_chunk(&mut self, chunk: &Chunk, outcomes: &[Outcome]) -> Result<(), Fatal> {
        for (line, outcome) in chunk.lines.iter().zip(outcomes) {
            match outcome {
                Outcome::Blank => {}
                Outcome::Record(record) => {
                    match (&mut self.duplicates, record.duplicate) {
                        (Some(duplicates), true) => duplicates.write(record.output.as_bytes())?,
                        _ => self.output.write(record.output.as_bytes())?,
                    }
                    for (template, text) in &record.boilerplate {
                        self.examples.entry(*template).or_insert_with(|| text.clone());
                    }
                }
                Outcome::Reject(_) => self.write_reject(chunk.bytes(line))?,
            }
            self.report.outcome(line.number, outcome);
            self.summary.add(outcome);
        }
        Ok(())
    }

    /// Writes a rejected line's bytes and a `\n` to the rejects file, if any.
    fn write_reject(&mut self, bytes: &[u8]) -> Result<(), Fatal> {
        match &mut self.rejects {
            Some(rejects) => {
                rejects.write(bytes)?;
                rejects.write(b"\n")
            }
            None => Ok(()),
        }
    }

    /// Rejects the line over the limit that ends `chunk`, if any, streaming
    /// the rest of it from `reader`.
    fn pass_oversized(&mut self, reader: &mut LineReader, chunk: &Chunk) -> Result<(), Fatal> {
        let Some(line) = &chunk.oversized else {
            return Ok(());
        };
        let len = reader.pass_oversized(chunk.bytes(line), self.rejects.as_mut())?;
        let reason =
            format!("line of {len} bytes exceeds the limit of {} bytes", self.max_line_bytes);
        self.report.reject(line.number, &reason);
        self.summary.rejects += 1;
        Ok(())
    }

    /// Flushes the output and the rejects file, and clears the progress.
    fn finish(&mut self) -> Result<(), Fatal> {
        self.output.finish()?;
        if let Some(duplicates) = &mut self.duplicates {
            duplicates.finish()?;
        }
        if let Some(rejects) = &mut self.rejects {
            rejects.finish()?;
        }
        self.report.finish();
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Reading lines in chunks

/// One line of a chunk: where its bytes are in the chunk, without the `\n`.
#[derive(Clone, Debug)]
struct LineSpan {
    /// 1-based line number in the input.
    number: u64,
    range: Range<usize>,
    /// `false` for a last line without a final newline.
    terminated: bool,
}

/// Whole lines of input, read together and processed together.
#[derive(Debug, Default)]
struct Chunk {
    data: Vec<u8>,
    lines: Vec<LineSpan>,
    /// A line over the limit that ends the chunk: the first `limit + 1`
    /// bytes are in `data`, the rest is still in the reader.
    oversized: Option<LineSpan>,
}

impl Chunk {
    fn clear(&mut self) {
        self.data.clear();
        self.lines.clear();
        self.oversized = None;
    }

    fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.oversized.is_none()
    }

    fn bytes(&self, line: &LineSpan) -> &[u8] {
        &self.data[line.range.clone()]
    }
}

/// How a line read by [`LineReader::read_line`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineEnd {
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
struct LineReader {
    input: Box<dyn BufRead + Send>,
    max_line_bytes: usize,
    next_number: u64,
    bytes_read: u64,
    name: String,
}

impl LineReader {
    fn new(input: Box<dyn BufRead + Send>, max_line_bytes: usize, path: &Path) -> LineReader {
        LineReader {
            input,
            max_line_bytes,
            next_number: 1,
            bytes_read: 0,
            name: path_name(path, "stdin"),
        }
    }

    /// Bytes consumed so far (after the byte order mark).
    fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Refills `chunk` with the next lines; it is left empty at the end of
    /// the input.
    fn read_chunk(&mut self, chunk: &mut Chunk) -> Result<(), Fatal> {
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
    fn read_line(&mut self, data: &mut Vec<u8>) -> Result<LineEnd, Fatal> {
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
    fn pass_oversized(
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

    fn fill_buf(&mut self) -> Result<&[u8], Fatal> {
        self.input.fill_buf().map_err(|e| io_failure("reading", &self.name, e))
    }

    fn consume(&mut self, n: usize) {
        self.input.consume(n);
        self.bytes_read += n as u64;
    }
}

// ---------------------------------------------------------------------------
// Processing lines

/// What became of one line.
#[derive(Debug)]
enum Outcome {
    /// A blank line: skipped.
    Blank,
    /// A record, cleaned and rendered.
    Record(CleanedRecord),
    /// A rejected line, with the reason.
    Reject(String),
}

/// A record's output line and what cleaning it did.
#[derive(Debug)]
struct CleanedRecord {
    /// The output JSON object and its `\n`.
    output: String,
    paragraphs: usize,
    removed: Vec<RemovalReason>,
    no_content: bool,
    /// Set when the article was over the cleaner's comparison limit.
    notice: Option<String>,
    /// A near-duplicate article (goes to --duplicates with `drop`).
    duplicate: bool,
    /// Its boilerplate paragraphs: (template, raw text).
    boilerplate: Vec<(usize, String)>,
}

fn process_chunk(
    chunk: &Chunk,
    cleaner: &Cleaner,
    names: &FieldNames<'_>,
    plan: Option<&CorpusPlan>,
) -> Vec<Outcome> {
    chunk
        .lines
        .par_iter()
        .map(|line| {
            let corpus = plan.and_then(|p| p.record_at(line.number).map(|k| (p, k)));
            process_line(chunk.bytes(line), line.terminated, cleaner, names, corpus)
        })
        .collect()
}

/// Parses, cleans and renders one line.
fn process_line(
    bytes: &[u8],
    terminated: bool,
    cleaner: &Cleaner,
    names: &FieldNames<'_>,
    corpus: Option<(&CorpusPlan, usize)>,
) -> Outcome {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Outcome::Blank;
    }
    let line = match simdutf8::compat::from_utf8(bytes) {
        Ok(line) => line,
        Err(e) => {
            return Outcome::Reject(format!(
                "invalid UTF-8 at byte {} of the line",
                e.valid_up_to()
            ));
        }
    };
    let record = match parse_record(line, names) {
        Ok(record) => record,
        Err(e) => return Outcome::Reject(e.describe(terminated, names.text)),
    };
    let mut cleaned = cleaner.clean(record.article());
    let mut duplicate_of = None;
    let mut boilerplate = Vec::new();
    if let Some((plan, k)) = corpus {
        let marked = plan.decisions.boilerplate(k);
        if !marked.is_empty() {
            let indices: Vec<usize> = marked.iter().map(|&(p, _)| p).collect();
            cleaned = plan.corpus.apply_boilerplate(cleaned, &indices);
            let texts: Vec<&str> = naqi::paragraphs(&record.text).map(|p| p.as_str()).collect();
            boilerplate = marked
                .iter()
                .filter_map(|&(p, t)| texts.get(p).map(|text| (t, text.trim().to_string())))
                .collect();
        }
        duplicate_of = plan.decisions.duplicate_of(k).map(|(j, _)| plan.ids[j].as_ref());
    }
    let mut output = String::with_capacity(bytes.len() + 128);
    let marks_duplicates = corpus.is_some_and(|(plan, _)| plan.marks_duplicates);
    render_record(&record, &cleaned, names, duplicate_of, marks_duplicates, &mut output);
    Outcome::Record(CleanedRecord {
        output,
        paragraphs: cleaned.paragraph_count(),
        removed: cleaned.removals().iter().map(Removal::reason).collect(),
        no_content: cleaned.is_empty(),
        notice: comparison_notice(&record, &cleaned),
        duplicate: duplicate_of.is_some(),
        boilerplate,
    })
}

/// A note for an article too long to be compared in full.
fn comparison_notice(record: &Record<'_>, cleaned: &CleanedArticle<'_>) -> Option<String> {
    let from = cleaned.comparison_limit()?;
    let mut parts = Vec::new();
    if let Some(id) = &record.id {
        parts.push(format!("id {id:?}"));
    }
    if let Some(source) = &record.source {
        parts.push(format!("source {source:?}"));
    }
    parts.push(format!(
        "{} paragraphs: paragraphs from {from} on were kept without being compared",
        cleaned.paragraph_count()
    ));
    Some(parts.join(", "))
}

// ---------------------------------------------------------------------------
// Parsing a record

/// One field of the input object: its key and its raw JSON value.
#[derive(Debug)]
struct Field<'a> {
    key: Cow<'a, str>,
    value: &'a RawValue,
}

/// A parsed input line: every field in order, borrowed from the line, and
/// the decoded values the cleaner needs.
#[derive(Debug)]
struct Record<'a> {
    fields: Vec<Field<'a>>,
    /// Which field is the text (the first text field that is a string).
    text_field: usize,
    text: Cow<'a, str>,
    title: Option<Cow<'a, str>>,
    id: Option<Cow<'a, str>>,
    source: Option<Cow<'a, str>>,
}

impl Record<'_> {
    fn article(&self) -> Article<'_> {
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
enum RecordError {
    /// Not JSON (or JSON followed by something else).
    Syntax(serde_json::Error),
    /// JSON, but not an object: what it is instead.
    NotAnObject(&'static str),
    /// An object without the text field.
    NoText,
    /// The (first) text field is not a string: what it is instead.
    TextNotString(&'static str),
    /// The text string does not decode (a lone surrogate escape).
    BadText(serde_json::Error),
}

impl RecordError {
    /// The reason reported for the line; `terminated` is `false` for a last
    /// line without a final newline, `text` is the text field's name.
    fn describe(&self, terminated: bool, text: &str) -> String {
        match self {
            RecordError::Syntax(e) if !terminated => {
                format!("truncated last line (no final newline): {}", describe_json_error(e))
            }
            RecordError::Syntax(e) => format!("not valid JSON: {}", describe_json_error(e)),
            RecordError::NotAnObject(kind) => format!("not a JSON object but {kind}"),
            RecordError::NoText => format!("no {text:?} field"),
            RecordError::TextNotString(kind) => format!("{text:?} is not a string but {kind}"),
            RecordError::BadText(e) => {
                format!("{text:?} does not decode: {}", json_error_message(e))
            }
        }
    }
}

/// serde_json's message for an error in a whole line, with the column but
/// without its "line 1" (a line of JSON Lines is line 1 of its JSON).
fn describe_json_error(e: &serde_json::Error) -> String {
    format!("{} (column {})", json_error_message(e), e.column())
}

/// serde_json's message without its position.
fn json_error_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    match message.strip_suffix(&position) {
        Some(bare) => bare.to_string(),
        None => message,
    }
}

/// Parses one line into a [`Record`]. The text is the first field named
/// `names.text` whose value is a string; the title, id and source are the
/// first fields of their names whose values are strings.
fn parse_record<'a>(line: &'a str, names: &FieldNames<'_>) -> Result<Record<'a>, RecordError> {
    let fields = parse_fields(line)?;
    let Some(text_field) = fields.iter().position(|f| f.key == names.text && is_string(f.value))
    else {
        return Err(match fields.iter().find(|f| f.key == names.text) {
            Some(f) => RecordError::TextNotString(json_kind(f.value.get())),
            None => RecordError::NoText,
        });
    };
    let text = decode_string(fields[text_field].value).map_err(RecordError::BadText)?;
    Ok(Record {
        title: first_string(&fields, names.title),
        id: first_string(&fields, names.id),
        source: first_string(&fields, names.source),
        fields,
        text_field,
        text,
    })
}

/// Splits a line into its top-level fields.
fn parse_fields(line: &str) -> Result<Vec<Field<'_>>, RecordError> {
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
fn first_string<'a>(fields: &[Field<'a>], name: &str) -> Option<Cow<'a, str>> {
    fields
        .iter()
        .filter(|f| f.key == name && is_string(f.value))
        .find_map(|f| decode_string(f.value).ok())
}

fn is_string(value: &RawValue) -> bool {
    value.get().starts_with('"')
}

/// What kind of JSON value `json` (valid JSON) holds, for messages.
fn json_kind(json: &str) -> &'static str {
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
fn decode_string(value: &RawValue) -> Result<Cow<'_, str>, serde_json::Error> {
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
fn unescape(raw: &str) -> Option<Cow<'_, str>> {
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
            b'u' => {
                let hex = inner.get(at + 2..at + 6)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                let code = u32::from_str_radix(hex, 16).ok()?;
                (char::from_u32(code)?, 6)
            }
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
struct FieldsVisitor;

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
struct CowStr;

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
fn render_record(
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
fn push_key(out: &mut String, key: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    push_json_string(out, key);
    out.push(':');
}

/// Writes the cleaned text as a JSON string: the kept paragraphs joined by
/// a blank line, as [`CleanedArticle::text`] has it, without building it.
fn push_cleaned_text(out: &mut String, cleaned: &CleanedArticle<'_>) {
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
fn push_removals(out: &mut String, cleaned: &CleanedArticle<'_>) {
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
fn push_json_number(out: &mut String, value: Option<f64>) {
    match value {
        Some(v) if v.is_finite() => out.push_str(&format!("{v:?}")),
        _ => out.push_str("null"),
    }
}

fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    push_escaped(out, s);
    out.push('"');
}

/// Appends `s` escaped for a JSON string: quotes, backslashes, every
/// control character below U+0020, and U+2028 and U+2029 (which some JSON
/// Lines readers take for line ends).
fn push_escaped(out: &mut String, s: &str) {
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
/// ([`MAY_ESCAPE`]). Eight bytes at a time: a word is skipped when none of
/// its bytes is below 0x20, a quote, a backslash or 0xE2 (the lead byte of
/// U+2028 and U+2029).
fn next_may_escape(bytes: &[u8], mut at: usize) -> Option<usize> {
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
fn escape_at(rest: &[u8]) -> Option<(&'static str, usize)> {
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
static MAY_ESCAPE: [bool; 256] = {
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
const CONTROL_ESCAPES: [&str; 32] = [
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007", "\\b",
    "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012",
    "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019", "\\u001a",
    "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
];

// ---------------------------------------------------------------------------
// Reporting

/// Messages and progress on stderr; the progress display is hidden when
/// stderr is not a terminal.
struct Reporter {
    progress: ProgressBar,
}

impl Reporter {
    fn new(input_len: Option<u64>) -> Reporter {
        let progress = if !io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else if let Some(len) = input_len {
            let bar = ProgressBar::new(len);
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} \
                 ({binary_bytes_per_sec}, {eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        } else {
            let spinner = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {binary_bytes} read ({binary_bytes_per_sec})",
            ) {
                spinner.set_style(style);
            }
            spinner.enable_steady_tick(Duration::from_millis(200));
            spinner
        };
        Reporter { progress }
    }

    /// Reports a reject or a notice about a record.
    fn outcome(&self, number: u64, outcome: &Outcome) {
        match outcome {
            Outcome::Reject(reason) => self.reject(number, reason),
            Outcome::Record(CleanedRecord { notice: Some(notice), .. }) => {
                self.message(&format!("line {number}: {notice}"))
            }
            _ => {}
        }
    }

    fn reject(&self, number: u64, reason: &str) {
        self.message(&format!("line {number}: rejected: {reason}"));
    }

    fn message(&self, message: &str) {
        self.progress.suspend(|| eprintln!("clean_corpus: {message}"));
    }

    fn progress(&self, bytes_read: u64) {
        self.progress.set_position(bytes_read);
    }

    fn finish(&self) {
        self.progress.finish_and_clear();
    }
}

/// Counts over the whole run.
#[derive(Debug, Default)]
struct Summary {
    records: u64,
    blank_lines: u64,
    rejects: u64,
    paragraphs: u64,
    /// Removed paragraphs by reason, in the order reasons were first seen
    /// after the five known ones.
    removed: ReasonCounts,
    no_content: u64,
    partly_compared: u64,
    input_bytes: u64,
    elapsed: Duration,
    /// What the corpus stages found, when they ran.
    corpus: Option<String>,
}

impl Summary {
    fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Blank => self.blank_lines += 1,
            Outcome::Reject(_) => self.rejects += 1,
            Outcome::Record(record) => {
                self.records += 1;
                self.paragraphs += record.paragraphs as u64;
                for &reason in &record.removed {
                    self.removed.add(reason);
                }
                self.no_content += u64::from(record.no_content);
                self.partly_compared += u64::from(record.notice.is_some());
            }
        }
    }
}

/// Removal counts by reason; every known reason is listed, even at zero.
#[derive(Debug)]
struct ReasonCounts(Vec<(RemovalReason, u64)>);

impl Default for ReasonCounts {
    fn default() -> ReasonCounts {
        ReasonCounts(
            [
                RemovalReason::Exact,
                RemovalReason::NearDuplicate,
                RemovalReason::Contained,
                RemovalReason::Title,
                RemovalReason::Boilerplate,
            ]
            .into_iter()
            .map(|reason| (reason, 0))
            .collect(),
        )
    }
}

impl ReasonCounts {
    fn add(&mut self, reason: RemovalReason) {
        match self.0.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, count)) => *count += 1,
            None => self.0.push((reason, 1)),
        }
    }

    fn total(&self) -> u64 {
        self.0.iter().map(|(_, count)| count).sum()
    }
}

fn print_summary(s: &Summary) {
    let by_reason: Vec<String> =
        s.removed.0.iter().map(|(reason, count)| format!("{reason} {count}")).collect();
    let seconds = s.elapsed.as_secs_f64();
    let megabytes = s.input_bytes as f64 / 1e6;
    eprintln!(
        "clean_corpus: records {}, blank lines skipped {}, rejects {}",
        s.records, s.blank_lines, s.rejects
    );
    eprintln!(
        "clean_corpus: paragraphs in {}, removed {} ({}), articles with no content {}",
        s.paragraphs,
        s.removed.total(),
        by_reason.join(", "),
        s.no_content
    );
    if s.partly_compared > 0 {
        eprintln!(
            "clean_corpus: articles over the comparison limit, compared in part {}",
            s.partly_compared
        );
    }
    if let Some(corpus) = &s.corpus {
        eprint!("{corpus}");
    }
    eprintln!(
        "clean_corpus: input {megabytes:.1} MB in {seconds:.2} s, {:.1} MB/s",
        if seconds > 0.0 { megabytes / seconds } else { 0.0 }
    );
}

// ---------------------------------------------------------------------------
// The corpus stages

/// A copy of stdin in a temporary file, removed when dropped.
struct Spool {
    path: PathBuf,
}

impl Spool {
    fn from_stdin() -> Result<Spool, Fatal> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path =
            std::env::temp_dir().join(format!("clean_corpus-{}-{nanos}.jsonl", std::process::id()));
        let spool = Spool { path };
        let mut file = File::create(&spool.path)
            .map_err(|e| io_failure("creating", spool.path.display(), e))?;
        io::copy(&mut io::stdin().lock(), &mut file)
            .map_err(|e| io_failure("spooling stdin to", spool.path.display(), e))?;
        Ok(spool)
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The corpus stages' decisions, from the first pass, for the second.
struct CorpusPlan {
    corpus: CorpusCleaner,
    decisions: CorpusDecisions,
    /// Input line number of each record, ascending.
    lines: Vec<u64>,
    /// The JSON value each record is named by in "duplicate_of": its id's
    /// raw value, or its line number.
    ids: Vec<Box<str>>,
    /// Source names by hash.
    sources: std::collections::HashMap<u64, String>,
    /// `--article-dedup` is on: "duplicate_of" is the tool's field, and an
    /// input field of that name is dropped.
    marks_duplicates: bool,
}

impl CorpusPlan {
    /// The record index of the line, if it is a record.
    fn record_at(&self, line: u64) -> Option<usize> {
        self.lines.binary_search(&line).ok()
    }

    /// The summary of what the stages found: the boilerplate per source
    /// (most frequent first, with an example line) and the duplicates.
    fn report(&self, examples: &std::collections::HashMap<usize, String>) -> String {
        let mut out = String::new();
        let mut by_source: Vec<(String, Vec<(usize, &naqi::BoilerplateTemplate)>)> = Vec::new();
        for (t, template) in self.decisions.templates().iter().enumerate() {
            // Templates that matched no paragraph first (another of the
            // same lines' templates did) are not listed.
            if !examples.contains_key(&t) {
                continue;
            }
            let name = self
                .sources
                .get(&template.source_hash())
                .cloned()
                .unwrap_or_else(|| format!("{:016x}", template.source_hash()));
            match by_source.iter_mut().find(|(s, _)| *s == name) {
                Some((_, list)) => list.push((t, template)),
                None => by_source.push((name, vec![(t, template)])),
            }
        }
        by_source.sort_by(|a, b| a.0.cmp(&b.0));
        for (source, list) in &by_source {
            out.push_str(&format!(
                "clean_corpus: boilerplate in {source} (templates: {}):\n",
                list.len()
            ));
            for (t, template) in list.iter().take(5) {
                let example = examples.get(t).map_or("", String::as_str);
                let example: String = example.chars().take(80).collect();
                out.push_str(&format!(
                    "clean_corpus:   {}/{} articles  {example}\n",
                    template.documents(),
                    template.source_documents()
                ));
            }
        }
        if !self.marks_duplicates {
            return out;
        }
        let n = self.lines.len();
        let mut cluster_sizes: std::collections::HashMap<usize, usize> = Default::default();
        for k in 0..n {
            if let Some((j, _)) = self.decisions.duplicate_of(k) {
                *cluster_sizes.entry(j).or_insert(1) += 1;
            }
        }
        let duplicates: usize = cluster_sizes.values().map(|s| s - 1).sum();
        let largest = cluster_sizes.values().copied().max().unwrap_or(0);
        let (candidates, verified) = self.decisions.pair_counts();
        out.push_str(&format!(
            "clean_corpus: duplicate articles {duplicates} in {} clusters (largest {largest}); \
             candidate pairs {candidates}, verified {verified}\n",
            cluster_sizes.len()
        ));
        out
    }
}

/// Reads the whole input once: every record's sketch and id, and the
/// decisions of the corpus stages.
fn first_pass(
    reader: &mut LineReader,
    corpus: CorpusCleaner,
    names: &FieldNames<'_>,
    dedup: bool,
) -> Result<CorpusPlan, Fatal> {
    let mut chunk = Chunk::default();
    let mut lines = Vec::new();
    let mut ids = Vec::new();
    let mut sketches: Vec<ArticleSketch> = Vec::new();
    let mut sources = std::collections::HashMap::new();
    loop {
        reader.read_chunk(&mut chunk)?;
        if chunk.is_empty() {
            break;
        }
        let sketched: Vec<Option<Sketched>> = chunk
            .lines
            .par_iter()
            .map(|line| sketch_line(chunk.bytes(line), line.number, &corpus, names))
            .collect();
        for (line, result) in chunk.lines.iter().zip(sketched) {
            if let Some((sketch, id, source)) = result {
                if let (Some(name), Some(hash)) = (source, sketch.source_hash()) {
                    sources.entry(hash).or_insert(name);
                }
                lines.push(line.number);
                ids.push(id);
                sketches.push(sketch);
            }
        }
        if chunk.oversized.is_some() {
            reader.pass_oversized(&[], None)?;
        }
    }
    let decisions = corpus.decide_owned(sketches);
    let marks_duplicates = dedup;
    Ok(CorpusPlan { corpus, decisions, lines, ids, sources, marks_duplicates })
}

/// A record's sketch, its "duplicate_of" value and its source.
type Sketched = (ArticleSketch, Box<str>, Option<String>);

/// A line's sketch, its "duplicate_of" value and its source, when it is a
/// record.
fn sketch_line(
    bytes: &[u8],
    number: u64,
    corpus: &CorpusCleaner,
    names: &FieldNames<'_>,
) -> Option<Sketched> {
    let line = std::str::from_utf8(bytes).ok()?;
    let record = parse_record(line, names).ok()?;
    let article = record.article();
    let cleaned = corpus.cleaner().clean(article);
    let sketch = corpus.sketch(&article, &cleaned);
    let id = record
        .fields
        .iter()
        .find(|f| f.key == names.id)
        .map_or_else(|| number.to_string().into_boxed_str(), |f| f.value.get().into());
    Some((sketch, id, record.source.as_ref().map(|s| s.to_string())))
}
