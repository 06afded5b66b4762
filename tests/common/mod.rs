//! Shared by the tests that run the example programs.
//!
//! An example's binary is the one `cargo test` builds next to the tests,
//! `<target>/<profile>/examples/NAME`. [`example_binary`] first runs
//! `cargo build --example NAME` with the same profile: a no-op after a
//! plain `cargo test`, and the build itself when the run was filtered to
//! one test (`cargo test --test clean_corpus` does not build examples).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The path of example `name`'s binary, built (or brought up to date) with
/// the profile this test was built with.
pub(crate) fn example_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("path of the test binary");
    let profile_dir =
        exe.parent().and_then(Path::parent).expect("the test binary is in <target>/<profile>/deps");
    let path = profile_dir.join("examples").join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    // `<target>/debug` holds the `test` profile's build, `<target>/release`
    // the `release` one's.
    let profile = match profile_dir.file_name().and_then(OsStr::to_str) {
        Some("debug") | None => "test",
        Some(other) => other,
    };
    let status = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--example", name, "--profile", profile])
        .status()
        .expect("running cargo build");
    assert!(status.success(), "cargo build --example {name} --profile {profile} failed");
    assert!(path.exists(), "{} is missing after cargo build", path.display());
    path
}
