//! The JSON Lines reader and writer of `clean_corpus`: every byte of the
//! input is read back as a line, a blank line, or an oversized reject;
//! records are the objects serde_json reads, with their fields in order;
//! each output line is JSON that reads back with the cleaned text, the
//! removals and every other field unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    naqi_fuzz::check_jsonl(data);
});
