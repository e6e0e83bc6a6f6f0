//! Progress of long work (the PDFs of a big site): a bar on a terminal,
//! a plain line every tenth when not (CI logs), nothing with `--quiet`.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

/// Short work is not worth a bar: below this many items nothing is shown.
const WORTH_SHOWING: usize = 50;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Progress {
    #[default]
    Hidden,
    Bar,
    Lines,
}

impl Progress {
    /// A bar when stderr is a terminal (and not CI), lines otherwise.
    pub fn new(quiet: bool) -> Progress {
        if quiet {
            Progress::Hidden
        } else if std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() {
            Progress::Bar
        } else {
            Progress::Lines
        }
    }

    /// Starts showing `total` items of `what` ("pdf'er").
    pub fn start(self, what: &'static str, total: usize) -> Task {
        let mode = if total < WORTH_SHOWING {
            Progress::Hidden
        } else {
            self
        };
        let bar = (mode == Progress::Bar).then(|| {
            let bar = ProgressBar::new(total as u64);
            let style =
                ProgressStyle::with_template("{msg:8} [{bar:30}] {pos}/{len} ({eta} tilbage)")
                    .map(|s| s.progress_chars("=> "));
            if let Ok(style) = style {
                bar.set_style(style);
            }
            bar.set_message(what);
            bar
        });
        Task {
            mode,
            what,
            total,
            shown: AtomicUsize::new(0),
            bar,
        }
    }
}

/// One piece of long work in progress.
pub struct Task {
    mode: Progress,
    what: &'static str,
    total: usize,
    /// The last tenth printed (lines mode).
    shown: AtomicUsize,
    bar: Option<ProgressBar>,
}

impl Task {
    /// `done` items are finished.
    pub fn set(&self, done: usize) {
        match self.mode {
            Progress::Hidden => {}
            Progress::Bar => {
                if let Some(bar) = &self.bar {
                    bar.set_position(done as u64);
                }
            }
            Progress::Lines => {
                let tenth = done * 10 / self.total.max(1);
                if tenth > self.shown.swap(tenth, Ordering::Relaxed) {
                    let _ = writeln!(
                        std::io::stderr(),
                        "  {}: {done}/{} ({}%)",
                        self.what,
                        self.total,
                        tenth * 10
                    );
                }
            }
        }
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
