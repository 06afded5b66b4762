//! The single pass over the text that both tiers share.
//!
//! The driver walks the UTF-8 bytes once, looks each code point up in the
//! [`Table`], applies display rules 1 to 4 (presentation forms, invisible
//! controls, tatweel, white space) and hands every character the display tier
//! emits to one or two sinks: [`DisplaySink`] builds the display text (rule 5,
//! NFC, only runs when a character needs it), [`KeySink`] builds the matching
//! key. Runs of letters, digits and single spaces go sixteen bytes at a
//! time where `block.rs` finds them. Each sink stays in "borrowed" mode,
//! writing nothing, while its output equals the input; at the first
//! difference it copies the unchanged prefix once and goes on appending.

use unicode_normalization::UnicodeNormalization;

use super::table::{
    Disp, Entry, KEY_BOUNDARY, KEY_MAPPED, LETTER, MARK, Mat, NFC_CHECK, PLAIN, Table,
    code_point_2, presentation_expansion,
};

/// Receives the characters the display tier emits.
pub(crate) trait Sink {
    /// A visible character `c` with entry `e`, from `text[start..end]`;
    /// `identity` is true when `c` is exactly that input.
    fn char(&mut self, text: &str, c: char, e: Entry, start: usize, end: usize, identity: bool);
    /// One collapsed space between two visible characters.
    fn space(&mut self);
    /// A run starts at `text[start]`: characters flagged [`PLAIN`] or
    /// [`KEY_MAPPED`] and single ASCII spaces between them, which the
    /// display tier emits unchanged.
    fn run_begin(&mut self, text: &str, start: usize);
    /// In the run, the key has `c` in place of `text[at..at + len]`.
    fn run_mapped(&mut self, text: &str, at: usize, len: usize, c: char);
    /// In the run, `text[at..at + len]` ends a word of the key.
    fn run_boundary(&mut self, text: &str, at: usize, len: usize);
    /// In the run, right after a word character: a sixteen-byte block at
    /// `text[start..]` in which a two-byte letter the key folds starts at
    /// each offset whose bit is set in `mapped`.
    fn run_block(&mut self, table: &Table, text: &str, start: usize, mapped: u32);
    /// The run ends before `text[end]`; `words` words of the key began in
    /// it after its first character.
    fn run_end(&mut self, text: &str, end: usize, words: usize);
}

impl<A: Sink, B: Sink> Sink for (A, B) {
    #[inline(always)]
    fn char(&mut self, text: &str, c: char, e: Entry, start: usize, end: usize, identity: bool) {
        self.0.char(text, c, e, start, end, identity);
        self.1.char(text, c, e, start, end, identity);
    }
    #[inline(always)]
    fn space(&mut self) {
        self.0.space();
        self.1.space();
    }
    #[inline(always)]
    fn run_begin(&mut self, text: &str, start: usize) {
        self.0.run_begin(text, start);
        self.1.run_begin(text, start);
    }
    #[inline(always)]
    fn run_mapped(&mut self, text: &str, at: usize, len: usize, c: char) {
        self.0.run_mapped(text, at, len, c);
        self.1.run_mapped(text, at, len, c);
    }
    #[inline(always)]
    fn run_boundary(&mut self, text: &str, at: usize, len: usize) {
        self.0.run_boundary(text, at, len);
        self.1.run_boundary(text, at, len);
    }
    #[inline(always)]
    fn run_block(&mut self, table: &Table, text: &str, start: usize, mapped: u32) {
        self.0.run_block(table, text, start, mapped);
        self.1.run_block(table, text, start, mapped);
    }
    #[inline(always)]
    fn run_end(&mut self, text: &str, end: usize, words: usize) {
        self.0.run_end(text, end, words);
        self.1.run_end(text, end, words);
    }
}

/// Driver state: display rules 3 and 4.
struct State {
    /// A white-space run was seen since the last visible character.
    pending_space: bool,
    /// A visible character was emitted (leading white space is trimmed).
    started: bool,
    /// The last visible character was an Arabic letter, possibly followed by
    /// marks, deleted controls and deleted tatweel.
    after_letter: bool,
}

/// Runs the display tier over `text`, feeding `sink`.
#[inline(always)]
pub(crate) fn drive<S: Sink>(table: &Table, text: &str, sink: &mut S) {
    let bytes = text.as_bytes();
    let mut st = State { pending_space: false, started: false, after_letter: false };
    let mut i = 0;
    let n = bytes.len();
    // No sixteen-byte block starts before this offset.
    let mut no_block_before = 0;
    while i < n {
        let (flags, _, _) = table.fast_flags(bytes, i);
        if flags & (PLAIN | KEY_MAPPED) == 0 {
            let (c, len) = char_at(bytes, i);
            step(table, text, c, table.get(c), i, i + len, true, &mut st, sink);
            i += len;
            continue;
        }
        // A run of characters both tiers take as they are (or the key folds
        // into one other character), with single spaces between them.
        if st.pending_space {
            sink.space();
            st.pending_space = false;
        }
        sink.run_begin(text, i);
        let mut last = 0;
        let mut words = 0;
        // The key's word ended (a space or a boundary character).
        let mut word_ended = false;
        // The key's word ended at a boundary character.
        let mut after_boundary = false;
        while i < n {
            let mut at = i;
            if bytes[i] == b' ' {
                if i + 1 >= n {
                    break;
                }
                at = i + 1;
            }
            let (flags, len, cp) = table.fast_flags(bytes, at);
            if flags & (PLAIN | KEY_MAPPED | KEY_BOUNDARY) == 0 {
                break;
            }
            if at > i {
                word_ended = true;
                // Next to a boundary character the space is no separator of
                // its own in the key: it is left out.
                if after_boundary || flags & KEY_BOUNDARY != 0 {
                    sink.run_boundary(text, i, 1);
                }
            }
            if flags & KEY_BOUNDARY != 0 {
                sink.run_boundary(text, at, len);
                word_ended = true;
                after_boundary = true;
            } else {
                if word_ended {
                    words += 1;
                    word_ended = false;
                }
                after_boundary = false;
                if flags & KEY_MAPPED != 0 {
                    sink.run_mapped(text, at, len, table.mapped(cp));
                }
            }
            last = flags;
            i = at + len;
            if flags & KEY_BOUNDARY != 0 {
                continue;
            }
            // After a word character: sixteen bytes at a time while they
            // are letters, digits and single spaces. The key folds the
            // letters the block marks; each space starts a word.
            while i >= no_block_before {
                let block = match table.blocks().scan(bytes, i) {
                    Ok(block) => block,
                    Err(skip) => {
                        no_block_before = i + skip;
                        break;
                    }
                };
                sink.run_block(table, text, i, block.mapped);
                words += block.spaces as usize;
                last = LETTER;
                // A block cut short by a byte no block may hold: the next
                // one starts after that byte.
                no_block_before = i + if block.clear < 16 { block.clear } else { block.len };
                i += block.len;
            }
            // The rest of a word of plain two-byte characters (most Arabic
            // letters): nothing to do for either tier but to step over them.
            while let [b0 @ 0xC0..=0xDF, b1, ..] = bytes[i..] {
                let f = table.fast_flags_2(b0, b1);
                if f & PLAIN == 0 {
                    break;
                }
                last = f;
                i += 2;
            }
        }
        sink.run_end(text, i, words);
        st.started = true;
        st.after_letter = last & LETTER != 0;
    }
}

/// The code point of the two-byte UTF-8 sequence at `bytes[at]`.
#[inline(always)]
fn two_byte_code_point(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at..at + 2)? {
        &[b0, b1] => Some(code_point_2(b0, b1)),
        _ => None,
    }
}

/// The char at `bytes[i]` (a char boundary of a `str`) and its length.
#[inline(always)]
fn char_at(bytes: &[u8], i: usize) -> (char, usize) {
    let b = bytes[i];
    if b < 0x80 { (b as char, 1) } else { decode(bytes, i) }
}

/// Decodes the multi-byte UTF-8 sequence at `bytes[i]` (valid: it comes from
/// a `str`).
#[inline(always)]
fn decode(bytes: &[u8], i: usize) -> (char, usize) {
    let b = bytes[i] as u32;
    let cont = |k: usize| (bytes.get(i + k).copied().unwrap_or(0x80) & 0x3F) as u32;
    let (u, len) = if b < 0xE0 {
        (((b & 0x1F) << 6) | cont(1), 2)
    } else if b < 0xF0 {
        (((b & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (((b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3), 4)
    };
    (char::from_u32(u).unwrap_or('\u{FFFD}'), len)
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn step<S: Sink>(
    table: &Table,
    text: &str,
    c: char,
    e: Entry,
    start: usize,
    end: usize,
    identity: bool,
    st: &mut State,
    sink: &mut S,
) {
    match e.disp {
        Disp::Keep => emit(text, c, e, start, end, identity, st, sink),
        Disp::Delete => {}
        Disp::Space => {
            st.pending_space = st.started;
            st.after_letter = false;
        }
        Disp::Tatweel => {
            if !st.after_letter {
                emit(text, c, e, start, end, identity, st, sink);
            }
        }
        Disp::Expand => {
            for x in presentation_expansion(c).unwrap_or_default().chars() {
                let ex = table.get(x);
                step(table, text, x, ex, start, end, false, st, sink);
            }
        }
    }
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn emit<S: Sink>(
    text: &str,
    c: char,
    e: Entry,
    start: usize,
    end: usize,
    identity: bool,
    st: &mut State,
    sink: &mut S,
) {
    if st.pending_space {
        sink.space();
        st.pending_space = false;
    }
    sink.char(text, c, e, start, end, identity);
    st.started = true;
    st.after_letter = e.flags & LETTER != 0 || (st.after_letter && e.flags & MARK != 0);
}

/// Copy-on-first-change output shared by both sinks.
struct CowOut {
    /// Output so far equals `text[..upto]` (borrowed mode).
    upto: usize,
    /// `Some(base)` once owned: the output is `buf[base..]`.
    owned: Option<usize>,
    /// A separator (one space) is due before the next character.
    sep: bool,
}

impl CowOut {
    const fn new() -> CowOut {
        CowOut { upto: 0, owned: None, sep: false }
    }

    /// Appends `c` (from `text[start..end]` when `identity`), preceded by the
    /// pending separator.
    #[inline(always)]
    fn push(
        &mut self,
        buf: &mut String,
        text: &str,
        c: char,
        start: usize,
        end: usize,
        identity: bool,
    ) {
        if self.owned.is_none() {
            let gap_ok = if self.sep {
                self.upto + 1 == start && text.as_bytes()[self.upto] == b' '
            } else {
                self.upto == start
            };
            if identity && gap_ok {
                self.upto = end;
                self.sep = false;
                return;
            }
            self.own(buf, text);
        }
        if self.sep {
            buf.push(' ');
            self.sep = false;
        }
        buf.push(c);
    }

    /// Appends `text[start..end]` unchanged, preceded by the pending
    /// separator.
    #[inline(always)]
    fn push_run(&mut self, buf: &mut String, text: &str, start: usize, end: usize) {
        // Nothing to write: the separator waits for the next character.
        if start == end {
            return;
        }
        if self.owned.is_none() {
            let gap_ok = if self.sep {
                self.upto + 1 == start && text.as_bytes()[self.upto] == b' '
            } else {
                self.upto == start
            };
            if gap_ok {
                self.upto = end;
                self.sep = false;
                return;
            }
            self.own(buf, text);
        }
        if self.sep {
            buf.push(' ');
            self.sep = false;
        }
        buf.push_str(&text[start..end]);
    }

    /// Leaves borrowed mode: copies the unchanged prefix into `buf`.
    #[inline(always)]
    fn own(&mut self, buf: &mut String, text: &str) {
        if self.owned.is_none() {
            self.owned = Some(buf.len());
            buf.reserve(text.len());
            buf.push_str(&text[..self.upto]);
        }
    }

    /// `true` when the output is exactly `text`.
    fn is_identity(&self, text: &str) -> bool {
        self.owned.is_none() && self.upto == text.len()
    }

    /// Makes sure the output is in `buf[base..]` and returns `base`.
    fn into_buf(mut self, buf: &mut String, text: &str) -> usize {
        self.own(buf, text);
        self.owned.unwrap_or(buf.len())
    }
}

/// Builds the display text into a caller's buffer.
pub(crate) struct DisplaySink<'b> {
    table: &'b Table,
    buf: &'b mut String,
    /// Where the current run's unwritten part starts.
    run_from: usize,
    out: CowOut,
    prev_ccc: u8,
    needs_nfc: bool,
    nfc: bool,
}

impl<'b> DisplaySink<'b> {
    pub(crate) fn new(table: &'b Table, buf: &'b mut String) -> DisplaySink<'b> {
        DisplaySink {
            table,
            buf,
            run_from: 0,
            out: CowOut::new(),
            prev_ccc: 0,
            needs_nfc: false,
            nfc: table.rules().nfc,
        }
    }

    /// Finishes: `None` when the display text is `text` itself (nothing was
    /// written), otherwise the display text is `buf[base..]` and `Some(base)`
    /// is returned.
    pub(crate) fn finish(self, text: &str) -> Option<usize> {
        let needs_nfc = self.nfc && self.needs_nfc;
        if self.out.is_identity(text) && (!needs_nfc || unicode_normalization::is_nfc(text)) {
            return None;
        }
        let base = self.out.into_buf(self.buf, text);
        if needs_nfc {
            compose(self.table, self.buf, base);
        }
        Some(base)
    }
}

/// Puts `buf[base..]` in NFC (UAX #15), recomposing only the segments the
/// NFC quick check flags (a character whose NFC_Quick_Check is not Yes, or
/// a mark after one of higher canonical combining class). A segment starts
/// at each character of combining class 0 whose NFC_Quick_Check is Yes: no
/// composition or reordering reaches back across one (UAX #15, section 9,
/// "Detecting Normalization Forms"), so NFC of the text is NFC of each
/// segment, side by side.
fn compose(table: &Table, buf: &mut String, base: usize) {
    let text = &buf[base..];
    let mut composed: Option<String> = None;
    // The current segment starts at `segment`; `text[..copied]` is done.
    let (mut segment, mut copied, mut prev_ccc, mut flagged) = (0, 0, 0u8, false);
    let flush = |composed: &mut Option<String>, copied: &mut usize, start: usize, end: usize| {
        let out = composed.get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(&text[*copied..start]);
        out.extend(text[start..end].nfc());
        *copied = end;
    };
    for (i, c) in text.char_indices() {
        let (ccc, check) = table.nfc_properties(c);
        if ccc == 0 && !check {
            if flagged {
                flush(&mut composed, &mut copied, segment, i);
                flagged = false;
            }
            segment = i;
        }
        flagged |= check || (ccc != 0 && ccc < prev_ccc);
        prev_ccc = ccc;
    }
    if flagged {
        flush(&mut composed, &mut copied, segment, text.len());
    }
    if let Some(mut out) = composed {
        out.push_str(&text[copied..]);
        buf.truncate(base);
        buf.push_str(&out);
    }
}

impl Sink for DisplaySink<'_> {
    #[inline(always)]
    fn char(&mut self, text: &str, c: char, e: Entry, start: usize, end: usize, identity: bool) {
        if e.flags & NFC_CHECK != 0 || (e.ccc != 0 && e.ccc < self.prev_ccc) {
            self.needs_nfc = true;
        }
        self.prev_ccc = e.ccc;
        self.out.push(self.buf, text, c, start, end, identity);
    }
    #[inline(always)]
    fn space(&mut self) {
        self.out.sep = true;
        self.prev_ccc = 0;
    }
    #[inline(always)]
    fn run_begin(&mut self, text: &str, start: usize) {
        self.prev_ccc = 0;
        self.out.push_run(self.buf, text, start, start);
        self.run_from = start;
    }
    #[inline(always)]
    fn run_mapped(&mut self, _text: &str, _at: usize, _len: usize, _c: char) {}
    #[inline(always)]
    fn run_boundary(&mut self, _text: &str, _at: usize, _len: usize) {}
    #[inline(always)]
    fn run_block(&mut self, _table: &Table, _text: &str, _start: usize, _mapped: u32) {}
    #[inline(always)]
    fn run_end(&mut self, text: &str, end: usize, _words: usize) {
        self.out.push_run(self.buf, text, self.run_from, end);
    }
}

/// Builds the matching key (words separated by one space) into a caller's
/// buffer, and counts its words.
pub(crate) struct KeySink<'b> {
    table: &'b Table,
    buf: &'b mut String,
    /// Where the current run's unwritten part starts.
    run_from: usize,
    out: CowOut,
    /// A word has been emitted.
    has_word: bool,
    /// Number of words so far.
    words: usize,
    /// A character needs the reference path; the output is abandoned.
    slow: bool,
}

impl<'b> KeySink<'b> {
    pub(crate) fn new(table: &'b Table, buf: &'b mut String) -> KeySink<'b> {
        KeySink {
            table,
            buf,
            run_from: 0,
            out: CowOut::new(),
            has_word: false,
            words: 0,
            slow: false,
        }
    }

    #[inline(always)]
    fn word_char(&mut self, text: &str, out: char, start: usize, end: usize, identity: bool) {
        if !self.has_word || self.out.sep {
            self.words += 1;
            self.has_word = true;
        }
        self.out.push(self.buf, text, out, start, end, identity);
    }

    #[inline(always)]
    fn boundary(&mut self) {
        self.out.sep = self.has_word;
    }

    /// Finishes. `Err(())` when the text needs the reference path (the
    /// buffer may hold a partial key past its original length: truncate it).
    /// Otherwise `Ok((None, words))` when the key is `text` itself, or
    /// `Ok((Some(base), words))` with the key in `buf[base..]`.
    pub(crate) fn finish(self, text: &str) -> Result<(Option<usize>, usize), ()> {
        if self.slow {
            return Err(());
        }
        if self.out.is_identity(text) {
            return Ok((None, self.words));
        }
        Ok((Some(self.out.into_buf(self.buf, text)), self.words))
    }
}

impl Sink for KeySink<'_> {
    #[inline(always)]
    fn char(&mut self, text: &str, c: char, e: Entry, start: usize, end: usize, identity: bool) {
        match e.mat {
            Mat::Word => self.word_char(text, e.out, start, end, identity && e.out == c),
            Mat::Delete => {}
            Mat::Boundary => self.boundary(),
            Mat::Expand => {
                let table = self.table;
                for x in table.nfkc_expansion(&e).chars() {
                    let ex = table.get(x);
                    match ex.mat {
                        Mat::Word => self.word_char(text, ex.out, start, end, false),
                        Mat::Delete => {}
                        Mat::Boundary => self.boundary(),
                        Mat::Expand | Mat::Slow => self.slow = true,
                    }
                }
            }
            Mat::Slow => self.slow = true,
        }
    }
    #[inline(always)]
    fn space(&mut self) {
        self.boundary();
    }
    #[inline(always)]
    fn run_begin(&mut self, text: &str, start: usize) {
        if !self.has_word || self.out.sep {
            self.words += 1;
            self.has_word = true;
        }
        self.out.push_run(self.buf, text, start, start);
        self.run_from = start;
    }
    #[inline(always)]
    fn run_mapped(&mut self, text: &str, at: usize, len: usize, c: char) {
        self.out.push_run(self.buf, text, self.run_from, at);
        self.out.push(self.buf, text, c, at, at + len, false);
        self.run_from = at + len;
    }
    #[inline(always)]
    fn run_block(&mut self, table: &Table, text: &str, start: usize, mut mapped: u32) {
        while mapped != 0 {
            let at = start + mapped.trailing_zeros() as usize;
            mapped &= mapped - 1;
            let Some(cp) = two_byte_code_point(text.as_bytes(), at) else { continue };
            // Once the key is written out, and with no separator due (none
            // is after a word character), a folded letter is the unchanged
            // stretch before it and its key character.
            match text.get(self.run_from..at) {
                Some(stretch) if self.out.owned.is_some() && !self.out.sep => {
                    self.buf.push_str(stretch);
                    self.buf.push(table.mapped(cp));
                    self.run_from = at + 2;
                }
                _ => self.run_mapped(text, at, 2, table.mapped(cp)),
            }
        }
    }
    #[inline(always)]
    fn run_boundary(&mut self, text: &str, at: usize, len: usize) {
        self.out.push_run(self.buf, text, self.run_from, at);
        self.boundary();
        self.run_from = at + len;
    }
    #[inline(always)]
    fn run_end(&mut self, text: &str, end: usize, words: usize) {
        self.words += words;
        self.out.push_run(self.buf, text, self.run_from, end);
    }
}
