//! `Cleaner::clean` under three configurations, the input's first line as
//! the title when it has one: order, spans, display text, every removal
//! explained by a kept counterpart, determinism, and nothing more removed
//! when the cleaned text is cleaned again.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use naqi_fuzz::{Setup, check_clean, setups, split_title};

static SETUPS: LazyLock<Vec<Setup>> = LazyLock::new(setups);

fuzz_target!(|data: &[u8]| {
    let input = naqi_fuzz::text(data);
    let (text, title) = split_title(&input);
    for setup in SETUPS.iter() {
        check_clean(setup, text, title);
        if title.is_some() {
            check_clean(setup, &input, None);
        }
    }
});
