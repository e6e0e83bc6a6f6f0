//! Diagnostics: what `check` (and every other command) reports about the content.
//!
//! Every diagnostic carries a file and a byte span; rendering is separate from
//! collecting, so the same list prints as rich text, one line each, or JSON.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{Files, SimpleFile};
use codespan_reporting::term::{self, Config, DisplayStyle};
use serde::Serialize;

use crate::yaml::Span;

pub type FileId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn da(self) -> &'static str {
        match self {
            Severity::Error => "fejl",
            Severity::Warning => "advarsel",
        }
    }
}

/// One problem, found at one place.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub file: FileId,
    pub span: Span,
    pub message: String,
    /// A short label under the caret.
    pub label: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
    /// Other places that explain the problem (e.g. the first of two duplicates).
    pub related: Vec<(Span, String)>,
}

impl Diagnostic {
    pub fn new(rule: &'static str, severity: Severity, file: FileId, span: Span) -> Self {
        Diagnostic {
            rule,
            severity,
            file,
            span,
            message: String::new(),
            label: None,
            hint: None,
            related: Vec::new(),
        }
    }
    pub fn error(rule: &'static str, file: FileId, span: Span, message: impl Into<String>) -> Self {
        Self::new(rule, Severity::Error, file, span).message(message)
    }
    pub fn warning(
        rule: &'static str,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Self::new(rule, Severity::Warning, file, span).message(message)
    }
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn related(mut self, span: Span, text: impl Into<String>) -> Self {
        self.related.push((span, text.into()));
        self
    }
}

/// Every source file that diagnostics may point into, by id. A file's text
/// can be replaced in place (`serve` reloads one edited file), so ids stay put.
#[derive(Clone, Default)]
pub struct Sources {
    files: Vec<SimpleFile<String, String>>,
}

impl Sources {
    /// Adds a file; `name` is the path shown to the user.
    pub fn add(&mut self, name: String, text: String) -> FileId {
        self.files.push(SimpleFile::new(name, text));
        self.files.len() - 1
    }
    /// Gives file `id` new text (after an edit); its name stays.
    pub fn replace(&mut self, id: FileId, text: String) {
        if let Some(f) = self.files.get_mut(id) {
            *f = SimpleFile::new(f.name().clone(), text);
        }
    }
    pub fn name(&self, id: FileId) -> String {
        self.files
            .get(id)
            .map(|f| f.name().clone())
            .unwrap_or_default()
    }
    pub fn text(&self, id: FileId) -> &str {
        self.files.get(id).map_or("", |f| f.source().as_str())
    }
    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        match self.location(id, offset) {
            Ok(loc) => (loc.line_number, loc.column_number),
            Err(_) => (1, 1),
        }
    }
    fn file(
        &self,
        id: FileId,
    ) -> Result<&SimpleFile<String, String>, codespan_reporting::files::Error> {
        self.files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }
}

impl<'a> Files<'a> for Sources {
    type FileId = FileId;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<String, codespan_reporting::files::Error> {
        Ok(self.file(id)?.name().clone())
    }
    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.file(id)?.source().as_str())
    }
    fn line_index(
        &'a self,
        id: FileId,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        self.file(id)?.line_index((), byte)
    }
    fn line_range(
        &'a self,
        id: FileId,
        line: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        self.file(id)?.line_range((), line)
    }
}

/// How diagnostics are printed (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// With the source line and a caret under the problem.
    Human,
    /// One line per problem: path:line:col: fejl[ID]: message.
    Short,
    /// One JSON object per line, for CI and editors.
    Json,
}

/// A diagnostic as one JSON line (`--format json`).
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    hint: Option<&'a str>,
}

/// Renders diagnostics in the chosen format; the result ends with a newline per item.
pub fn render(sources: &Sources, diagnostics: &[Diagnostic], format: Format) -> String {
    let mut out = String::new();
    for d in diagnostics {
        match format {
            Format::Json => {
                let (line, column) = sources.line_col(d.file, d.span.start);
                let (end_line, end_column) = sources.line_col(d.file, d.span.end);
                let json = JsonDiagnostic {
                    file: sources.name(d.file),
                    line,
                    column,
                    end_line,
                    end_column,
                    rule: d.rule,
                    severity: d.severity,
                    message: &d.message,
                    hint: d.hint.as_deref(),
                };
                out.push_str(&serde_json::to_string(&json).unwrap_or_default());
                out.push('\n');
            }
            Format::Human | Format::Short => out.push_str(&render_text(sources, d, format)),
        }
    }
    out
}

fn render_text(sources: &Sources, d: &Diagnostic, format: Format) -> String {
    let cs = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    };
    let mut primary = Label::primary(d.file, d.span.clone());
    if let Some(label) = &d.label {
        primary = primary.with_message(label);
    }
    let mut labels = vec![primary];
    for (span, text) in &d.related {
        labels.push(Label::secondary(d.file, span.clone()).with_message(text));
    }
    // The one-line form has no room for notes, so the hint joins the message.
    let message = match (&d.hint, format) {
        (Some(hint), Format::Short) => format!("{} Tip: {hint}", d.message),
        _ => d.message.clone(),
    };
    let mut cs = cs
        .with_code(d.rule)
        .with_message(message)
        .with_labels(labels);
    if let (Some(hint), Format::Human) = (&d.hint, format) {
        cs = cs.with_notes(vec![format!("tip: {hint}")]);
    }
    let config = Config {
        display_style: if format == Format::Short {
            DisplayStyle::Short
        } else {
            DisplayStyle::Rich
        },
        ..Config::default()
    };
    let text = term::emit_into_string(&config, sources, &cs).unwrap_or_else(|_| {
        format!(
            "{}: {}[{}]: {}\n",
            sources.name(d.file),
            d.severity.da(),
            d.rule,
            d.message
        )
    });
    danish_severity(&text, d.severity)
}

/// codespan prints English severity words; our users read Danish.
fn danish_severity(text: &str, severity: Severity) -> String {
    let (en, da) = match severity {
        Severity::Error => ("error[", "fejl["),
        Severity::Warning => ("warning[", "advarsel["),
    };
    text.replacen(en, da, 1)
}

/// "2 fejl og 1 advarsel" for the closing line.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let warn_word = if warnings == 1 {
        "advarsel"
    } else {
        "advarsler"
    };
    match (errors, warnings) {
        (0, 0) => "Ingen fejl eller advarsler.".to_string(),
        (e, 0) => format!("{e} fejl."),
        (0, w) => format!("{w} {warn_word}."),
        (e, w) => format!("{e} fejl og {w} {warn_word}."),
    }
}

/// Sorts diagnostics by file, then position, so output is stable.
pub fn sort(sources: &Sources, diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (sources.name(a.file), a.span.start, a.rule).cmp(&(
            sources.name(b.file),
            b.span.start,
            b.rule,
        ))
    });
}
