//! The SimHash index: every query returns exactly the entries within the
//! largest distance (checked against a brute-force scan), with their
//! distances, and builds fail only for the documented configurations.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    naqi_fuzz::check_index(data);
});
