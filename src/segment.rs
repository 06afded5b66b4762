//! Splitting an article into paragraphs with byte spans into the input.

use std::iter::FusedIterator;
use std::ops::Range;

use crate::normalize::{is_invisible_control, is_white_space};

/// How lines are grouped into paragraphs.
///
/// A line ends at `\n`, `\r\n`, a lone `\r`, LINE SEPARATOR U+2028 or
/// PARAGRAPH SEPARATOR U+2029. A line is *blank* when every character in it
/// is Unicode White_Space or an invisible control deleted by the display tier
/// (see [`Normalizer`](crate::Normalizer), rule 2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SegmentMode {
    /// Every non-blank line is a paragraph (the default: scrapers emit one
    /// paragraph per line, separated by blank lines or not).
    #[default]
    Line,
    /// A run of consecutive non-blank lines is one paragraph; blank lines
    /// separate paragraphs (for text hard-wrapped inside paragraphs).
    Block,
}

/// One paragraph of an article: a borrowed slice of the input, its byte span
/// and its index.
///
/// # Example
///
/// ```
/// use naqi::paragraphs;
///
/// let text = "عنوان الخبر\r\n\r\nنص الخبر";
/// let p: Vec<_> = paragraphs(text).collect();
/// assert_eq!(p[1].index(), 1);
/// assert_eq!(p[1].as_str(), "نص الخبر");
/// assert_eq!(&text[p[1].span()], p[1].as_str());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Paragraph<'a> {
    index: usize,
    start: usize,
    raw: &'a str,
}

impl<'a> Paragraph<'a> {
    /// The paragraph's number, from 0, in input order. This is the index
    /// every removal reports.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The half-open byte range of the paragraph in the input, on char
    /// boundaries. It covers the whole line (in [`SegmentMode::Block`], the
    /// lines and the line breaks between them), leading and trailing white
    /// space included, without the line terminator.
    pub fn span(&self) -> Range<usize> {
        self.start..self.start + self.raw.len()
    }

    /// The paragraph's raw text, `&input[self.span()]`.
    pub fn as_str(&self) -> &'a str {
        self.raw
    }
}

/// The paragraphs of `text`, one per non-blank line ([`SegmentMode::Line`]).
///
/// Spans are ascending and never overlap; only line terminators and blank
/// lines lie between them, so the spans and what lies between them
/// reassemble `text` exactly.
///
/// # Complexity
///
/// One pass over the bytes of `text`, O(n); no allocation.
///
/// # Example
///
/// ```
/// use naqi::paragraphs;
///
/// let text = "السطر الأول\n\u{200F} \u{A0}\nالسطر الثاني\u{2029}الثالث";
/// let lines: Vec<&str> = paragraphs(text).map(|p| p.as_str()).collect();
/// // The line of an RLM, a space and an NBSP is blank.
/// assert_eq!(lines, ["السطر الأول", "السطر الثاني", "الثالث"]);
/// ```
pub fn paragraphs(text: &str) -> Paragraphs<'_> {
    paragraphs_by(text, SegmentMode::Line)
}

/// The paragraphs of `text` in the given [`SegmentMode`].
///
/// # Example
///
/// ```
/// use naqi::{SegmentMode, paragraphs_by};
///
/// let text = "سطر أول\nتكملة الفقرة\n\nفقرة ثانية";
/// let blocks: Vec<&str> = paragraphs_by(text, SegmentMode::Block).map(|p| p.as_str()).collect();
/// assert_eq!(blocks, ["سطر أول\nتكملة الفقرة", "فقرة ثانية"]);
/// ```
pub fn paragraphs_by(text: &str, mode: SegmentMode) -> Paragraphs<'_> {
    Paragraphs { text, pos: 0, index: 0, mode }
}

/// Iterator over the [`Paragraph`]s of a text; see [`paragraphs`].
#[derive(Clone, Debug)]
pub struct Paragraphs<'a> {
    text: &'a str,
    pos: usize,
    index: usize,
    mode: SegmentMode,
}

impl<'a> Paragraphs<'a> {
    /// The next line at or after `self.pos`: its content range, and moves
    /// `pos` past its terminator. `None` at the end of the text.
    fn next_line(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        if start >= bytes.len() {
            return None;
        }
        let mut i = next_break_candidate(bytes, start);
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => {
                    self.pos = i + 1;
                    return Some(start..i);
                }
                b'\r' => {
                    self.pos = if bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
                    return Some(start..i);
                }
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                0xE2 if bytes.get(i + 1) == Some(&0x80)
                    && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
                {
                    self.pos = i + 3;
                    return Some(start..i);
                }
                _ => i = next_break_candidate(bytes, i + 1),
            }
        }
        self.pos = bytes.len();
        Some(start..bytes.len())
    }
}

/// The first position at or after `from` holding `\n`, `\r` or 0xE2 (the
/// first byte of U+2028 and U+2029), or `bytes.len()`.
#[inline]
fn next_break_candidate(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    memchr::memchr3(b'\n', b'\r', 0xE2, rest).map_or(bytes.len(), |k| from + k)
}

/// `true` when `line` holds only White_Space and invisible controls.
pub(crate) fn is_blank(line: &str) -> bool {
    line.chars().all(|c| is_white_space(c) || is_invisible_control(c))
}

impl<'a> Iterator for Paragraphs<'a> {
    type Item = Paragraph<'a>;

    fn next(&mut self) -> Option<Paragraph<'a>> {
        let first = loop {
            let line = self.next_line()?;
            if !is_blank(&self.text[line.clone()]) {
                break line;
            }
        };
        let mut end = first.end;
        if self.mode == SegmentMode::Block {
            loop {
                let save = self.pos;
                match self.next_line() {
                    Some(line) if !is_blank(&self.text[line.clone()]) => end = line.end,
                    _ => {
                        self.pos = save;
                        break;
                    }
                }
            }
        }
        let p =
            Paragraph { index: self.index, start: first.start, raw: &self.text[first.start..end] };
        self.index += 1;
        Some(p)
    }
}

impl FusedIterator for Paragraphs<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, input, mode, expected paragraph spans as (start, end) bytes)
    type Case = (&'static str, &'static str, SegmentMode, &'static [(usize, usize)]);
    const CASES: &[Case] = &[
        ("empty", "", SegmentMode::Line, &[]),
        ("one line", "ab", SegmentMode::Line, &[(0, 2)]),
        ("lf", "a\nb", SegmentMode::Line, &[(0, 1), (2, 3)]),
        ("crlf", "a\r\nb", SegmentMode::Line, &[(0, 1), (3, 4)]),
        ("lone cr", "a\rb", SegmentMode::Line, &[(0, 1), (2, 3)]),
        ("cr cr lf", "a\r\r\nb", SegmentMode::Line, &[(0, 1), (4, 5)]),
        ("u2028", "a\u{2028}b", SegmentMode::Line, &[(0, 1), (4, 5)]),
        ("u2029", "a\u{2029}b", SegmentMode::Line, &[(0, 1), (4, 5)]),
        ("blank lines", "\n\na\n \n\u{A0}\u{200F}\nb\n", SegmentMode::Line, &[(2, 3), (12, 13)]),
        ("trailing newline", "a\n", SegmentMode::Line, &[(0, 1)]),
        ("spaces kept in span", " a \nb", SegmentMode::Line, &[(0, 3), (4, 5)]),
        ("zwnj line is not blank", "\u{200C}", SegmentMode::Line, &[(0, 3)]),
        ("tatweel line is not blank", "\u{0640}", SegmentMode::Line, &[(0, 2)]),
        ("block", "a\nb\n\nc", SegmentMode::Block, &[(0, 3), (5, 6)]),
        ("block crlf", "a\r\nb\r\n \r\nc\r\n", SegmentMode::Block, &[(0, 4), (9, 10)]),
        ("block leading blank", "\n\na", SegmentMode::Block, &[(2, 3)]),
    ];

    #[test]
    fn segmentation_table() {
        for (name, text, mode, want) in CASES {
            let got: Vec<(usize, usize)> =
                paragraphs_by(text, *mode).map(|p| (p.span().start, p.span().end)).collect();
            assert_eq!(&got, want, "case {name}: {text:?}");
            for (i, p) in paragraphs_by(text, *mode).enumerate() {
                assert_eq!(p.index(), i, "case {name}");
                assert_eq!(&text[p.span()], p.as_str(), "case {name}");
            }
        }
    }
}
