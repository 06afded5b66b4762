//! Both normalization tiers on any input: no panic, idempotent,
//! `is_normalized` agrees with the `Cow`, matching(display(x)) == matching(x),
//! and (under `cargo fuzz`) outputs equal to the step-by-step reference.
//! Each input is tried as UTF-8 and as Arabic words (`arabic_words`), and
//! under the rule set its first two bytes give (`check_normalize_rule_set`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    naqi_fuzz::check_normalize(&naqi_fuzz::text(data));
    naqi_fuzz::check_normalize(&naqi_fuzz::arabic_words(data));
    naqi_fuzz::check_normalize_rule_set(data);
});
