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
//!   --paragraph-dedup MODE  repeated paragraphs within an article: `all`
//!                           (default: title, exact repeats, teasers and
//!                           near-duplicates) or `exact` (title and exact
//!                           repeats of the matching key only)
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
//! empty `text`). A string `title` is passed to the cleaner as the title
//! (a lone surrogate escape in it, which is not Unicode text, is read as
//! U+FFFD there; the title is written back as it came). A lone surrogate
//! escape in the text or in a field name rejects the line.
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
//! Parsing ([`jsonl::parse_line`]) and rendering ([`jsonl::render_record`])
//! are separate steps around [`Cleaner::clean`], so that a stage which needs
//! every article's result before anything is written can sit between them.
//! Reading and writing JSON Lines live in `jsonl.rs`, which depends on
//! nothing else here: the fuzz target `jsonl` and the benches build it as
//! it is.
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

mod jsonl;

/// The allocator: mimalloc. It keeps the memory freed after each chunk for
/// the next one instead of returning it to the system: on the test corpus,
/// 6,300 page faults become 170 and a run takes 10 to 20% less time, for
/// about 40 MB more resident memory (README, "Corpus stages").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use naqi::{
    ArticleSketch, CleanedArticle, Cleaner, CorpusCleaner, CorpusDecisions, Removal, RemovalReason,
};
use rayon::prelude::*;

use jsonl::{
    Chunk, Fatal, FieldNames, IO_BUFFER_BYTES, LineReader, Output, Record, io_failure, is_stdio,
    parse_line, path_name, render_record, skip_bom,
};

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
    /// Repeated paragraphs within an article: `all` removes paragraphs
    /// equal to the title, exact repeats, teasers and near-duplicates;
    /// `exact` only the first two (equal matching keys).
    #[arg(long, value_enum, value_name = "MODE", default_value = "all")]
    paragraph_dedup: ParagraphMode,
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

/// Which repeated paragraphs `--paragraph-dedup` removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ParagraphMode {
    /// Paragraphs equal to the title, exact repeats, teasers and
    /// near-duplicates.
    All,
    /// Paragraphs equal to the title and exact repeats only.
    Exact,
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
    let all = args.paragraph_dedup == ParagraphMode::All;
    let cleaner = Cleaner::builder()
        .near_duplicates(all)
        .teasers(all)
        .build()
        .map_err(|e| Fatal(format!("the cleaner's configuration: {e}")))?;
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

/// The longest run of consecutive lines one rayon task handles: without a
/// bound, rayon cuts a chunk into one run per thread and splits further
/// only when a thread steals, so one thread can work through a long run
/// while the others wait (as `Cleaner::clean_batch` does, runs of 8).
const PARALLEL_RUN: usize = 8;

fn process_chunk(
    chunk: &Chunk,
    cleaner: &Cleaner,
    names: &FieldNames<'_>,
    plan: Option<&CorpusPlan>,
) -> Vec<Outcome> {
    chunk
        .lines
        .par_iter()
        .with_max_len(PARALLEL_RUN)
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
    let record = match parse_line(bytes, terminated, names) {
        Ok(Some(record)) => record,
        Ok(None) => return Outcome::Blank,
        Err(reason) => return Outcome::Reject(reason),
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
            .with_max_len(PARALLEL_RUN)
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
    let record = parse_line(bytes, true, names).ok()??;
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
