//! A run as named, timed phases (after Zola's `Site`): `build` and `serve`
//! time the same stages, and `--verbose` prints each one.

use std::io::Write;
use std::time::{Duration, Instant};

/// Times each phase; prints them with `--verbose`.
#[derive(Default)]
pub struct Phases {
    pub verbose: bool,
    pub timings: Vec<(&'static str, Duration)>,
}

impl Phases {
    pub fn run<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = f();
        self.record(name, start.elapsed());
        result
    }

    /// Records a phase timed elsewhere (phases that ran side by side).
    pub fn record(&mut self, name: &'static str, took: Duration) {
        if self.verbose {
            // Ignore a closed stderr rather than panic.
            let ms = crate::danish::decimal(took.as_secs_f64() * 1000.0, 1);
            let _ = writeln!(std::io::stderr(), "  {name:<10} {ms:>8} ms");
        }
        self.timings.push((name, took));
    }
}
