//! Paragraph spans in both segment modes: valid char-boundary ranges,
//! ascending, equal to the documented segmentation, only line breaks and
//! blank lines between them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    naqi_fuzz::check_paragraphs(&naqi_fuzz::text(data));
});
