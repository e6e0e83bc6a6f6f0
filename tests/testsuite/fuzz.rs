//! A short run of the fuzz targets (`fuzz/run.sh`, about a minute) when a
//! nightly toolchain is here; without one the test says so and passes. The
//! long runs are made by hand (README, "Fuzzing"); every crash they find
//! becomes a test in `hardening.rs` or `check.rs`.

use std::path::Path;
use std::process::Command;

/// Seconds each of the six targets runs.
const SECONDS: &str = "10";

#[test]
fn fuzz_targets_run_a_minute_without_a_crash() {
    let nightly = Command::new("cargo")
        .args(["+nightly", "--version"])
        .env_remove("RUSTUP_TOOLCHAIN")
        .output()
        .is_ok_and(|o| o.status.success());
    if !nightly {
        eprintln!(
            "springer fuzz-røgtesten over: der er ingen nightly-værktøjskæde (rustup toolchain install nightly)"
        );
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The outer cargo's settings are not the fuzz build's.
    let out = Command::new("bash")
        .arg(repo.join("fuzz/run.sh"))
        .arg(SECONDS)
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("RUSTC")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTDOC")
        .output()
        .expect("run fuzz/run.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}");
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let total: u64 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("i alt: "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("a total");
    assert!(total > 1_000, "only {total} executions: {stdout}");
    for target in ["check", "markdown", "site", "report", "text"] {
        assert!(
            stdout.contains(&format!("{target}: ")),
            "{target} did not run: {stdout}"
        );
    }
}
