//! Arabic text normalization in two tiers: display and matching.
//!
//! # The display tier
//!
//! What [`clean_article`](crate::clean_article) returns: every step keeps the
//! meaning of the text. The rules apply in this order; the result is in NFC
//! and normalizing it again changes nothing.
//!
//! | # | rule | code points | before → after |
//! |---|---|---|---|
//! | 1 | presentation forms → compatibility decomposition, keeping the hamza; isolated marks lose NFKC's leading space; ﷼ → ريال with U+064A | U+FB50..U+FDFF, U+FE70..U+FEFC | `ﻷ` → `لأ`, `ﺑﺎﺗﺠﺎﻩ` → `باتجاه` |
//! | 2 | invisible controls deleted (ZWNJ U+200C and ZWJ U+200D stay) | U+00AD, U+061C, U+200B, U+200E, U+200F, U+202A..U+202E, U+2060, U+2066..U+2069, U+FEFF | `مر\u{200B}حبا` → `مرحبا` |
//! | 3 | tatweel (kashida) deleted when it follows an Arabic letter, possibly with marks between; elsewhere it is a dash and stays | U+0640 after U+0620..U+064A, U+066E..U+06D3, U+06D5, U+06EE..U+06EF, U+06FA..U+06FC, U+06FF, U+0750..U+077F, U+08A0..U+08C9 | `الحمــــد` → `الحمد`, `الزهراني ـ سعودي` unchanged |
//! | 4 | white space (Unicode White_Space: NBSP, U+202F, U+2000..U+200A, tab, CR, LF, …) → one space; runs collapse; both ends trimmed | | `قال\u{A0}\u{A0}الوزير ` → `قال الوزير` |
//! | 5 | Unicode NFC, only when a character needs it | | `ا` + U+0654 → `أ` |
//!
//! Harakat, ى/ي, ة/ه, hamza seats, digits and punctuation stay as written.
//!
//! # The matching tier
//!
//! The comparison key, never shown to users: the display form, then
//!
//! | # | rule | code points | before → after |
//! |---|---|---|---|
//! | 6 | NFKC for the compatibility characters the display tier leaves | | `ﬁle` → `file` |
//! | 7 | tashkeel deleted, never replaced by a space | U+0610..U+061A, U+064B..U+065F, U+0670, U+06D6..U+06ED, U+0897..U+089F, U+08CA..U+08FF | `عمّان` → `عمان` |
//! | 8 | alef forms unified | آ أ إ ٱ ٲ ٳ ٵ → ا U+0627 | `أحمد` → `احمد` |
//! | 9 | alef maksura → yeh (never → alef: إلى and إلا stay apart) | ى U+0649 → ي U+064A | `على` → `علي` |
//! | 10 | teh marbuta → heh | ة U+0629 → ه U+0647 | `مدرسة` → `مدرسه` |
//! | 11 | hamza carriers; high hamza deleted | ؤ U+0624 → و, ئ U+0626 → ي, U+0674 → nothing | `مسؤول` → `مسوول` |
//! | 12 | Persian and Urdu look-alikes | ک U+06A9 → ك; ی U+06CC, ے U+06D2, ۓ U+06D3 → ي; ۀ U+06C0, ہ U+06C1, ۂ U+06C2, ۃ U+06C3, ھ U+06BE, ە U+06D5 → ه | `الوکالة` → `الوكاله` |
//! | 13 | ZWNJ, ZWJ and variation selectors deleted | U+200C, U+200D, U+FE00..U+FE0F, U+E0100..U+E01EF, U+034F, U+180B..U+180D, U+180F | `می\u{200C}خواهم` → `میخواهم` |
//! | 14 | Arabic-Indic and Extended Arabic-Indic digits → ASCII | U+0660..U+0669, U+06F0..U+06F9 | `٢٠١٧` → `2017` |
//! | 15 | letters to lower case | | `Apple` → `apple` |
//! | 16 | punctuation, symbols, separators, controls, format characters, enclosing marks (general categories P*, S*, Z*, Cc, Cf, Me) and remaining tatweel → word boundary | | `«المهمات» و"القوات"` → `المهمات و القوات` |
//!
//! The key is its words separated by one ASCII space. It is context-free: a
//! letter always folds the same way. Persian-only letters (پ چ ژ گ) have no
//! Arabic equivalent and stay.
//!
//! # Implementation
//!
//! One pass over the UTF-8 bytes with per-code-point actions looked up in a
//! table built when the [`Normalizer`] is built; NFC runs only when a
//! character needs it. Inside runs of Arabic letters, digits and single
//! spaces, the pass takes sixteen bytes at a time, classified with SSE2 on
//! x86_64. Text outside what the table decides locally (non-Arabic combining
//! sequences, compatibility characters other than the presentation forms)
//! takes a step-by-step path that follows the rules above literally; tests
//! check that both paths agree on every code point.

mod block;
mod chars;
mod pass;
#[rustfmt::skip]
mod presentation;
mod reference;
mod table;

use std::borrow::Cow;

pub(crate) use chars::{is_invisible_control, is_white_space};

use pass::{DisplaySink, KeySink, drive};
use table::Table;

/// Which rules are on. Private: users set them through [`NormalizerBuilder`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rules {
    pub(crate) presentation_forms: bool,
    pub(crate) remove_invisible_controls: bool,
    pub(crate) remove_tatweel: bool,
    pub(crate) collapse_whitespace: bool,
    pub(crate) nfc: bool,
    /// Produce the matching key (rules 6..16) rather than the display text.
    pub(crate) matching: bool,
    pub(crate) nfkc: bool,
    pub(crate) remove_tashkeel: bool,
    pub(crate) unify_alef: bool,
    pub(crate) alef_maksura_to_yeh: bool,
    pub(crate) teh_marbuta_to_heh: bool,
    pub(crate) unify_hamza: bool,
    pub(crate) fold_persian_urdu: bool,
    pub(crate) remove_joiners: bool,
    pub(crate) arabic_indic_digits_to_ascii: bool,
    pub(crate) lowercase: bool,
    pub(crate) split_on_punctuation: bool,
}

impl Rules {
    pub(crate) const DISPLAY: Rules = Rules {
        presentation_forms: true,
        remove_invisible_controls: true,
        remove_tatweel: true,
        collapse_whitespace: true,
        nfc: true,
        matching: false,
        nfkc: true,
        remove_tashkeel: true,
        unify_alef: true,
        alef_maksura_to_yeh: true,
        teh_marbuta_to_heh: true,
        unify_hamza: true,
        fold_persian_urdu: true,
        remove_joiners: true,
        arabic_indic_digits_to_ascii: true,
        lowercase: true,
        split_on_punctuation: true,
    };
    pub(crate) const MATCHING: Rules = Rules { matching: true, ..Rules::DISPLAY };
}

/// A configured Arabic normalizer: the display tier, or the matching tier
/// that produces comparison keys.
///
/// Build it once ([`Normalizer::display`], [`Normalizer::matching`] or
/// [`Normalizer::builder`]) and call [`normalize`](Normalizer::normalize) as
/// often as needed; it is `Send + Sync` and cheap to share. The rules and
/// their order are in the [module documentation](self).
///
/// Any `&str` is valid input: normalizing never fails and never panics.
///
/// # Example
///
/// ```
/// use naqi::Normalizer;
///
/// // A scraped line: kashida (U+0640), an RLM (U+200F) and an NBSP (U+00A0).
/// let raw = "الحمــــد\u{200F}\u{A0}لله";
/// assert_eq!(Normalizer::display().normalize(raw), "الحمد لله");
///
/// // The matching key folds what display keeps: hamza seats, ة, ى, digits.
/// let key = Normalizer::matching().normalize("أعلنت الوزارة، في ٢٠١٧، إلى");
/// assert_eq!(key, "اعلنت الوزاره في 2017 الي");
/// ```
#[derive(Clone, Debug)]
pub struct Normalizer {
    table: Table,
}

impl Normalizer {
    /// The display tier: rules 1 to 5, each meaning-preserving. This is the
    /// text [`CleanedArticle::text`](crate::CleanedArticle::text) returns.
    ///
    /// # Example
    ///
    /// ```
    /// use naqi::Normalizer;
    ///
    /// // Lam-alef ligature U+FEF7 keeps its hamza; harakat stay.
    /// assert_eq!(Normalizer::display().normalize("\u{FEF7}مَن"), "لأمَن");
    /// ```
    pub fn display() -> Normalizer {
        Normalizer::from_rules(Rules::DISPLAY)
    }

    /// The matching tier: the display tier, then rules 6 to 16. The result
    /// is the comparison key: words separated by one ASCII space, with no
    /// space at either end (empty when the text has no words).
    ///
    /// # Example
    ///
    /// ```
    /// use naqi::Normalizer;
    ///
    /// let m = Normalizer::matching();
    /// // A vocalized copy and a Persian-keyboard copy get the same key.
    /// assert_eq!(m.normalize("الوَكالةُ"), m.normalize("الوکالة"));
    /// assert_eq!(m.normalize("***"), "");
    /// ```
    pub fn matching() -> Normalizer {
        Normalizer::from_rules(Rules::MATCHING)
    }

    /// A builder starting from the display tier's rules (all display rules
    /// on, matching off); see [`NormalizerBuilder`].
    pub fn builder() -> NormalizerBuilder {
        NormalizerBuilder { rules: Rules::DISPLAY }
    }

    pub(crate) fn from_rules(rules: Rules) -> Normalizer {
        Normalizer { table: Table::new(&rules) }
    }

    /// `true` for a matching-tier normalizer (its output is a key).
    pub fn is_matching(&self) -> bool {
        self.table.rules().matching
    }

    /// Normalizes `text`.
    ///
    /// Returns [`Cow::Borrowed`] exactly when the result equals `text` (no
    /// allocation), otherwise a new string, allocated once. The output is at
    /// most a few times the input's length in bytes (presentation-form
    /// ligatures such as U+FDFA expand to whole phrases).
    ///
    /// # Example
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use naqi::Normalizer;
    ///
    /// let display = Normalizer::display();
    /// assert!(matches!(display.normalize("نص نظيف"), Cow::Borrowed(_)));
    /// assert!(matches!(display.normalize("نص  نظيف"), Cow::Owned(_)));
    /// ```
    pub fn normalize<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut buf = String::new();
        match self.normalize_to(text, &mut buf) {
            None => Cow::Borrowed(text),
            Some(_) => Cow::Owned(buf),
        }
    }

    /// Appends the normalized `text` to `dest`, reusing its capacity: the
    /// variant for loops over many texts.
    ///
    /// # Example
    ///
    /// ```
    /// use naqi::Normalizer;
    ///
    /// let m = Normalizer::matching();
    /// let mut key = String::new();
    /// for line in ["السلام عليكم", "السلام  عليكم!"] {
    ///     key.clear();
    ///     m.normalize_into(line, &mut key);
    ///     assert_eq!(key, "السلام عليكم");
    /// }
    /// ```
    pub fn normalize_into(&self, text: &str, dest: &mut String) {
        if self.normalize_to(text, dest).is_none() {
            dest.push_str(text);
        }
    }

    /// `true` when normalizing `text` would return it unchanged (that is,
    /// when [`normalize`](Normalizer::normalize) returns [`Cow::Borrowed`]).
    ///
    /// # Example
    ///
    /// ```
    /// use naqi::Normalizer;
    ///
    /// assert!(Normalizer::display().is_normalized("مرحبا بالعالم"));
    /// assert!(!Normalizer::display().is_normalized("مرحبا\u{200F}"));
    /// ```
    pub fn is_normalized(&self, text: &str) -> bool {
        let mut buf = String::new();
        self.normalize_to(text, &mut buf).is_none()
    }

    /// Both tiers in one pass over the text: the display text and the
    /// matching key, as [`Normalizer::display`] and [`Normalizer::matching`]
    /// give them under this normalizer's rules (its display rules, and its
    /// matching rules whether or not it was built as the matching tier).
    /// Each is borrowed when it equals `text`. One pass costs less than
    /// the two calls: this is what the cleaner runs on every paragraph.
    ///
    /// # Example
    ///
    /// ```
    /// use naqi::Normalizer;
    ///
    /// let (display, key) = Normalizer::matching().normalize_both("أعلنت الوزارة\u{A0}اليوم");
    /// assert_eq!(display, "أعلنت الوزارة اليوم");
    /// assert_eq!(key, "اعلنت الوزاره اليوم");
    /// ```
    pub fn normalize_both<'a>(&self, text: &'a str) -> (Cow<'a, str>, Cow<'a, str>) {
        let (mut display, mut key) = (String::new(), String::new());
        let (changed, _) = self.normalize_pair(text, &mut display, &mut key);
        let display = if changed { Cow::Owned(display) } else { Cow::Borrowed(text) };
        let key = if key == text { Cow::Borrowed(text) } else { Cow::Owned(key) };
        (display, key)
    }

    /// [`normalize_both`](Normalizer::normalize_both), appending the display
    /// text to `display` and the key to `key`, reusing their capacity.
    pub fn normalize_both_into(&self, text: &str, display: &mut String, key: &mut String) {
        if !self.normalize_pair(text, display, key).0 {
            display.push_str(text);
        }
    }

    /// Both tiers in one pass (for a matching normalizer): the display text
    /// of `text` is appended to `display` unless it equals `text` (then
    /// `display_changed` is false and nothing is appended), and the key is
    /// always appended to `key`. Returns `(display_changed, key_words)`.
    pub(crate) fn normalize_pair(
        &self,
        text: &str,
        display: &mut String,
        key: &mut String,
    ) -> (bool, usize) {
        let key_base = key.len();
        let mut sinks = (DisplaySink::new(&self.table, display), KeySink::new(&self.table, key));
        drive(&self.table, text, &mut sinks);
        let (d, k) = sinks;
        let display_base = d.finish(text);
        match k.finish(text) {
            Ok((None, words)) => {
                key.push_str(text);
                (display_base.is_some(), words)
            }
            Ok((Some(_), words)) => (display_base.is_some(), words),
            Err(()) => {
                key.truncate(key_base);
                let shown = match display_base {
                    Some(base) => &display[base..],
                    None => text,
                };
                let k = reference::matching_from_display(shown, self.table.rules());
                let words = if k.is_empty() { 0 } else { k.split(' ').count() };
                key.push_str(&k);
                (display_base.is_some(), words)
            }
        }
    }

    /// Normalizes into `buf`: `None` when the result is `text` itself
    /// (nothing appended), else `Some(base)` with the result in `buf[base..]`.
    fn normalize_to(&self, text: &str, buf: &mut String) -> Option<usize> {
        if !self.table.rules().matching {
            let mut sink = DisplaySink::new(&self.table, buf);
            drive(&self.table, text, &mut sink);
            return sink.finish(text);
        }
        let base = buf.len();
        let mut sink = KeySink::new(&self.table, buf);
        drive(&self.table, text, &mut sink);
        match sink.finish(text) {
            Ok((at, _words)) => at,
            Err(()) => {
                buf.truncate(base);
                let key =
                    reference::matching_from_display(&self.display_of(text), self.table.rules());
                if key == text {
                    return None;
                }
                buf.push_str(&key);
                Some(base)
            }
        }
    }

    /// The display text under this normalizer's display rules.
    /// (The display sink reads only the display half of the table.)
    pub(crate) fn display_of<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut buf = String::new();
        let mut sink = DisplaySink::new(&self.table, &mut buf);
        drive(&self.table, text, &mut sink);
        match sink.finish(text) {
            None => Cow::Borrowed(text),
            Some(_) => Cow::Owned(buf),
        }
    }
}

/// Panics when the fast pass differs from [`reference`] on `text`: both
/// tiers, and both in one pass with the key's word count.
#[cfg(fuzzing)]
pub(crate) fn check_against_reference(text: &str) {
    use std::sync::LazyLock;
    static TIERS: LazyLock<[Normalizer; 2]> =
        LazyLock::new(|| [Normalizer::display(), Normalizer::matching()]);
    let [display, matching] = &*TIERS;
    let expected_display = reference::display(text, display.table.rules());
    let expected_key = reference::matching(text, matching.table.rules());
    assert_eq!(display.normalize(text), expected_display, "display of {text:?}");
    assert_eq!(matching.normalize(text), expected_key, "key of {text:?}");
    let (mut d, mut k) = (String::from("x"), String::from("x"));
    let (changed, words) = matching.normalize_pair(text, &mut d, &mut k);
    let shown = if changed { &d[1..] } else { text };
    assert_eq!(shown, expected_display, "one-pass display of {text:?}");
    assert_eq!(&k[1..], expected_key, "one-pass key of {text:?}");
    let expected_words = expected_key.split(' ').filter(|w| !w.is_empty()).count();
    assert_eq!(words, expected_words, "key words of {text:?}");
}

/// The normalizer with each of the 16 rules on where its bit of `bits` is
/// set (bit 0 rule 1, … bit 15 rule 16), for tests over every rule set.
#[cfg(test)]
pub(crate) fn rule_set(bits: u16, matching: bool) -> Normalizer {
    let on = |rule: u32| bits & (1 << (rule - 1)) != 0;
    Normalizer::builder()
        .presentation_forms(on(1))
        .remove_invisible_controls(on(2))
        .remove_tatweel(on(3))
        .collapse_whitespace(on(4))
        .nfc(on(5))
        .nfkc(on(6))
        .remove_tashkeel(on(7))
        .unify_alef(on(8))
        .alef_maksura_to_yeh(on(9))
        .teh_marbuta_to_heh(on(10))
        .unify_hamza(on(11))
        .fold_persian_urdu(on(12))
        .remove_joiners(on(13))
        .arabic_indic_digits_to_ascii(on(14))
        .lowercase(on(15))
        .split_on_punctuation(on(16))
        .matching(matching)
        .build()
}

/// Panics when `n` differs from the step-by-step reference of its rules on
/// `text`, or is not idempotent.
#[cfg(fuzzing)]
pub(crate) fn check_rules_against_reference(n: &Normalizer, text: &str) {
    let rules = n.table.rules();
    let expected = if rules.matching {
        reference::matching(text, rules)
    } else {
        reference::display(text, rules)
    };
    let once = n.normalize(text);
    assert_eq!(once, expected, "{text:?} under {rules:?}");
    assert_eq!(n.normalize(&once), once, "not idempotent: {text:?} under {rules:?}");
}

/// Turns each normalization rule on or off. Start from
/// [`Normalizer::builder`] (the display rules) and call
/// [`matching`](NormalizerBuilder::matching) for a key.
///
/// Every setter takes `yes: bool`, returns the builder for chaining and
/// documents its default. [`build`](NormalizerBuilder::build) cannot fail:
/// every combination of rules is valid.
///
/// # Example
///
/// ```
/// use naqi::Normalizer;
///
/// // A search key that keeps the hamza seats.
/// let n = Normalizer::builder().matching(true).unify_alef(false).build();
/// assert_eq!(n.normalize("أحمد إلى"), "أحمد إلي");
/// ```
#[derive(Clone, Debug)]
pub struct NormalizerBuilder {
    rules: Rules,
}

macro_rules! setter {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        pub fn $name(&mut self, yes: bool) -> &mut NormalizerBuilder {
            self.rules.$name = yes;
            self
        }
    };
}

impl NormalizerBuilder {
    setter!(
        /// Rule 1: expand Arabic presentation forms (U+FB50..U+FDFF,
        /// U+FE70..U+FEFC). Default: on.
        presentation_forms
    );
    setter!(
        /// Rule 2: delete invisible controls (bidi marks, ZWSP, BOM, soft
        /// hyphen, …). Default: on.
        #[doc(alias = "remove_bidi_controls")]
        remove_invisible_controls
    );
    setter!(
        /// Rule 3: delete tatweel (kashida, U+0640) after a letter.
        /// Default: on.
        #[doc(alias = "kashida")]
        remove_tatweel
    );
    setter!(
        /// Rule 4: collapse white space to single spaces and trim.
        /// Default: on.
        collapse_whitespace
    );
    setter!(
        /// Rule 5: compose to NFC. Default: on.
        nfc
    );
    setter!(
        /// Produce the matching key (rules 6 to 16 on top of the display
        /// rules) instead of the display text. Default: off.
        matching
    );
    setter!(
        /// Rule 6: NFKC (matching only). Default: on. With it off and rule
        /// 5 on, the key is put in NFC again after the deletions of rules 7
        /// to 13 (a deleted U+0674 or joiner can leave two marks out of
        /// canonical order), so it stays a fixed point.
        nfkc
    );
    setter!(
        /// Rule 7: delete tashkeel (harakat, shadda, superscript alef,
        /// Quranic marks; matching only). Default: on.
        #[doc(alias = "diacritics")]
        #[doc(alias = "tashkil")]
        #[doc(alias = "remove_harakat")]
        remove_tashkeel
    );
    setter!(
        /// Rule 8: آ أ إ ٱ ٲ ٳ ٵ → ا (matching only). Default: on.
        unify_alef
    );
    setter!(
        /// Rule 9: ى → ي (matching only). Default: on.
        alef_maksura_to_yeh
    );
    setter!(
        /// Rule 10: ة → ه (matching only). Default: on.
        teh_marbuta_to_heh
    );
    setter!(
        /// Rule 11: ؤ → و, ئ → ي, high hamza U+0674 deleted (matching
        /// only). Default: on.
        unify_hamza
    );
    setter!(
        /// Rule 12: Persian and Urdu look-alikes → Arabic letters (matching
        /// only). Default: on.
        fold_persian_urdu
    );
    setter!(
        /// Rule 13: delete ZWNJ U+200C, ZWJ U+200D, the variation selectors
        /// (U+FE00..U+FE0F, U+E0100..U+E01EF, U+180B..U+180D, U+180F) and
        /// CGJ U+034F (matching only). Default: on.
        remove_joiners
    );
    setter!(
        /// Rule 14: Arabic-Indic and Persian digits → ASCII (matching only).
        /// Default: on.
        arabic_indic_digits_to_ascii
    );
    setter!(
        /// Rule 15: lower case (matching only). Default: on.
        lowercase
    );
    setter!(
        /// Rule 16: punctuation, symbols, controls and format characters end
        /// a word (matching only; white space always does). Default: on.
        split_on_punctuation
    );

    /// Builds the normalizer (its code point tables, a few kilobytes).
    pub fn build(&self) -> Normalizer {
        Normalizer::from_rules(self.rules)
    }
}

#[cfg(test)]
mod tests;
