//! mrplan: checks and publishes Danish state *mål- og resultatplaner*.
//!
//! The build runs as named phases (see [`site::Site`]): load the content,
//! check it against the rules, render every output, check the links, and
//! swap the result into place.

pub mod a11y;
pub mod charts;
pub mod cli;
pub mod compare;
pub mod danish;
pub mod dates;
pub mod decode;
pub mod diagnostics;
pub mod edit;
pub mod fields;
pub mod files;
pub mod init;
pub mod limits;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pdf;
pub mod phases;
pub mod progress;
pub mod publish;
pub mod render;
pub mod report;
pub mod rules;
pub mod scaffold;
pub mod schema;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod span;
pub mod text;
pub mod urls;
pub mod views;
pub mod written;
pub mod yaml;

use std::fmt;

// Printing that never panics: a closed pipe (`mrplan check | head`) or a
// closed terminal is ignored rather than taking the program down.

/// `println!` that ignores a closed stdout.
#[macro_export]
macro_rules! out {
    ($($t:tt)*) => {{ use std::io::Write as _; let _ = writeln!(std::io::stdout(), $($t)*); }};
}
/// `print!` that ignores a closed stdout.
#[macro_export]
macro_rules! out_raw {
    ($($t:tt)*) => {{ use std::io::Write as _; let _ = write!(std::io::stdout(), $($t)*); }};
}
/// `eprintln!` that ignores a closed stderr.
#[macro_export]
macro_rules! err {
    ($($t:tt)*) => {{ use std::io::Write as _; let _ = writeln!(std::io::stderr(), $($t)*); }};
}
/// `eprint!` that ignores a closed stderr.
#[macro_export]
macro_rules! err_raw {
    ($($t:tt)*) => {{ use std::io::Write as _; let _ = write!(std::io::stderr(), $($t)*); }};
}

/// An error that stops a command before or outside the content checks:
/// a missing folder, an unreadable file, a failed write. Exit code 2.
#[derive(Debug)]
pub struct Fatal(pub String);

impl Fatal {
    pub fn new(message: String) -> Self {
        Fatal(message)
    }

    /// A failed file operation, in Danish with the path: `doing` is the
    /// start of the sentence ("Kan ikke læse"), as in "Kan ikke læse
    /// content/_index.md: filen eller mappen findes ikke."
    pub fn io(doing: &str, path: &std::path::Path, e: &std::io::Error) -> Self {
        Fatal(format!(
            "{doing} {}: {}.",
            path.display(),
            danish::os_error(e)
        ))
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Fatal {}

/// Why a step of a command stopped: a [`Fatal`] problem, or the findings
/// of the checks (errors in the content, the theme or a PDF), which are in
/// the run's diagnostics and printed with its warnings either way.
#[derive(Debug)]
pub enum Stop {
    Fatal(Fatal),
    Findings,
}

impl From<Fatal> for Stop {
    fn from(fatal: Fatal) -> Self {
        Stop::Fatal(fatal)
    }
}
