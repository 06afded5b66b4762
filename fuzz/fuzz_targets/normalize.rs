//! Both normalization tiers on any input: no panic, idempotent,
//! `is_normalized` agrees with the `Cow`, matching(display(x)) == matching(x).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    naqi_fuzz::check_normalize(&naqi_fuzz::text(data));
});
