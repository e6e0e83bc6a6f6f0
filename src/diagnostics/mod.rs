//! Diagnostics: what `check` (and every other command) reports about the content.
//!
//! Every diagnostic carries a file and a byte span; rendering is separate from
//! collecting, so the same list prints as rich text, one line each, or JSON.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{Files, SimpleFile};
use codespan_reporting::term::{self, Config, DisplayStyle};
use serde::Serialize;

use crate::span::Span;

pub mod catalogue;

pub use catalogue::{CATALOGUE, Rule};

pub type FileId = usize;

/// A finding of `rule` with the rule's severity from the catalogue, in the
/// manner of Typst's `error!`: the message is a format string, and a label
/// and a hint may follow after `;`.
///
/// `diag!(MRP302, file, span, "Planerne for {year} ..."; label: "anden departementschef", hint: "Tjek stavningen.")`
#[macro_export]
macro_rules! diag {
    ($rule:expr, $file:expr, $span:expr, $fmt:literal $(, $arg:expr)* $(; $($key:ident: $value:expr),+ $(,)?)?) => {
        $crate::diagnostics::Diagnostic::new($rule, $file, $span)
            .message(format!($fmt $(, $arg)*))
            $($(.$key($value))+)?
    };
}

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
    /// A finding of `rule`, with the rule's severity from the catalogue.
    pub fn new(rule: Rule, file: FileId, span: Span) -> Self {
        Self::with_severity(rule, rule.severity, file, span)
    }
    /// A finding of a rule whose severity depends on the plan
    /// ([`catalogue::VARYING`]); every other rule keeps its catalogue severity.
    pub fn with_severity(rule: Rule, severity: Severity, file: FileId, span: Span) -> Self {
        debug_assert!(
            severity == rule.severity || rule.varies(),
            "{} is a {} in the catalogue",
            rule.id,
            rule.severity.da()
        );
        Diagnostic {
            rule: rule.id,
            severity,
            file,
            span,
            message: String::new(),
            label: None,
            hint: None,
            related: Vec::new(),
        }
    }
    /// A finding of a rule that is an error (in the catalogue, or here).
    pub fn error(rule: Rule, file: FileId, span: Span, message: impl Into<String>) -> Self {
        Self::with_severity(rule, Severity::Error, file, span).message(message)
    }
    /// A finding of a rule that is a warning (in the catalogue, or here).
    pub fn warning(rule: Rule, file: FileId, span: Span, message: impl Into<String>) -> Self {
        Self::with_severity(rule, Severity::Warning, file, span).message(message)
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
                let (message, hint) = (shorten(&d.message), d.hint.as_deref().map(shorten));
                let json = JsonDiagnostic {
                    file: sources.name(d.file),
                    line,
                    column,
                    end_line,
                    end_column,
                    rule: d.rule,
                    severity: d.severity,
                    message: &message,
                    hint: hint.as_deref(),
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
    // On a very long line (a 1 MB line is possible), show a cut of it
    // around the problem instead of the whole line.
    let excerpt = Excerpt::new(sources, d);
    let span = |s: &Span| match &excerpt {
        Some(e) => e.map(s.clone()),
        None => s.clone(),
    };
    let mut primary = Label::primary(d.file, span(&d.span));
    if let Some(label) = &d.label {
        primary = primary.with_message(shorten(label));
    }
    let mut labels = vec![primary];
    for (s, text) in &d.related {
        labels.push(Label::secondary(d.file, span(s)).with_message(shorten(text)));
    }
    // The one-line form has no room for notes, so the hint joins the message.
    let message = match (&d.hint, format) {
        (Some(hint), Format::Short) => format!("{} Tip: {}", shorten(&d.message), shorten(hint)),
        _ => shorten(&d.message),
    };
    let mut cs = cs
        .with_code(d.rule)
        .with_message(message)
        .with_labels(labels);
    if let (Some(hint), Format::Human) = (&d.hint, format) {
        cs = cs.with_notes(vec![format!("tip: {}", shorten(hint))]);
    }
    let config = Config {
        display_style: if format == Format::Short {
            DisplayStyle::Short
        } else {
            DisplayStyle::Rich
        },
        ..Config::default()
    };
    let emitted = match &excerpt {
        Some(e) => term::emit_into_string(&config, e, &cs),
        None => term::emit_into_string(&config, sources, &cs),
    };
    let text = emitted.unwrap_or_else(|_| {
        format!(
            "{}: {}[{}]: {}\n",
            sources.name(d.file),
            d.severity.da(),
            d.rule,
            shorten(&d.message)
        )
    });
    danish_severity(&text, d.severity)
}

/// Lines longer than this (in bytes) are cut around the problem.
const LONG_LINE: usize = 240;
/// Characters shown on each side of the problem in a cut line.
const CONTEXT: usize = 60;
/// The longest run without spaces a message shows whole, and the longest message.
const LONG_WORD: usize = 200;
const LONG_MESSAGE: usize = 1000;

/// A message with absurd parts cut: a word over [`LONG_WORD`] characters
/// (a 20,000-character key, say) keeps its start and end around "…", and
/// the whole stays under [`LONG_MESSAGE`] characters.
pub fn shorten(text: &str) -> String {
    if text.len() <= LONG_WORD {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len().min(LONG_MESSAGE + 8));
    for (i, piece) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let chars = piece.chars().count();
        if chars > LONG_WORD {
            out.extend(piece.chars().take(LONG_WORD / 2));
            out.push('…');
            out.extend(piece.chars().skip(chars - LONG_WORD / 4));
        } else {
            out.push_str(piece);
        }
        if out.chars().count() > LONG_MESSAGE {
            let cut: String = out.chars().take(LONG_MESSAGE).collect();
            return cut + "…";
        }
    }
    out
}

/// The lines of one diagnostic, with over-long lines cut around its spans,
/// as a file for codespan: lines keep their numbers (the lines before are
/// left empty) and locations keep their real columns.
struct Excerpt {
    name: String,
    text: String,
    starts: Vec<usize>,
    /// For each line of `text`: characters of the real line left out before
    /// what is shown, and whether a "…" stands for them.
    cut: Vec<(usize, bool)>,
    /// The lines shown: (real start, real kept range, start in `text`, prefix bytes).
    shown: Vec<(usize, std::ops::Range<usize>, usize, usize)>,
}

impl Excerpt {
    fn new(sources: &Sources, d: &Diagnostic) -> Option<Excerpt> {
        let source = sources.text(d.file);
        let spans: Vec<&Span> = std::iter::once(&d.span)
            .chain(d.related.iter().map(|(s, _)| s))
            .collect();
        let points: Vec<usize> = spans
            .iter()
            .flat_map(|s| [s.start, s.end])
            .map(|p| floor_char(source, p.min(source.len())))
            .collect();
        let line_of = |p: usize| source[..p].matches('\n').count();
        let first = points.iter().map(|p| line_of(*p)).min()?;
        let last = points.iter().map(|p| line_of(*p)).max()?;
        let line_start = |i: usize| -> usize {
            if i == 0 {
                0
            } else {
                source
                    .match_indices('\n')
                    .nth(i - 1)
                    .map_or(source.len(), |(b, _)| b + 1)
            }
        };
        let start_first = line_start(first);
        let lines: Vec<&str> = source[start_first..]
            .split('\n')
            .take(last - first + 1)
            .collect();
        if lines.iter().all(|l| l.len() <= LONG_LINE) {
            return None;
        }
        let mut text = "\n".repeat(first);
        let mut cut = vec![(0, false); first];
        let mut shown = Vec::new();
        let mut real = start_first;
        for line in lines {
            let end = real + line.len();
            let inside: Vec<usize> = points
                .iter()
                .copied()
                .filter(|p| (real..=end).contains(p))
                .collect();
            let (keep, prefix) = if line.len() <= LONG_LINE {
                (real..end, false)
            } else {
                let lo = inside.iter().min().copied().unwrap_or(real);
                let hi = inside.iter().max().copied().unwrap_or(real);
                let from = back_chars(source, lo, CONTEXT).max(real);
                let to = forward_chars(source, hi, CONTEXT)
                    .min(forward_chars(source, from, 3 * CONTEXT))
                    .min(end);
                (from..to, from > real)
            };
            let at = text.len();
            let before = source[real..keep.start].chars().count();
            if prefix {
                text.push('…');
            }
            text.push_str(&source[keep.clone()]);
            if keep.end < end {
                text.push('…');
            }
            text.push('\n');
            cut.push((before, prefix));
            shown.push((real, keep, at, if prefix { '…'.len_utf8() } else { 0 }));
            real = end + 1;
        }
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Some(Excerpt {
            name: sources.name(d.file),
            text,
            starts,
            cut,
            shown,
        })
    }

    /// A span of the real file in this excerpt's text (clamped to what is shown).
    fn map(&self, span: Span) -> Span {
        let one = |p: usize| {
            let Some((_, keep, at, prefix)) =
                self.shown.iter().rev().find(|(real, _, _, _)| *real <= p)
            else {
                return 0;
            };
            at + prefix + p.clamp(keep.start, keep.end) - keep.start
        };
        let start = one(span.start);
        start..one(span.end).max(start)
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The offset `n` characters before `i` (or 0).
fn back_chars(s: &str, i: usize, n: usize) -> usize {
    s[..i]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(b, _)| b)
}

/// The offset `n` characters after `i` (or the end).
fn forward_chars(s: &str, i: usize, n: usize) -> usize {
    s[i..].char_indices().nth(n).map_or(s.len(), |(b, _)| i + b)
}

impl<'a> Files<'a> for Excerpt {
    type FileId = FileId;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, _: FileId) -> Result<String, codespan_reporting::files::Error> {
        Ok(self.name.clone())
    }
    fn source(&'a self, _: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }
    fn line_index(
        &'a self,
        _: FileId,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self
            .starts
            .partition_point(|s| *s <= byte)
            .saturating_sub(1))
    }
    fn line_range(
        &'a self,
        _: FileId,
        line: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        let start =
            *self
                .starts
                .get(line)
                .ok_or(codespan_reporting::files::Error::LineTooLarge {
                    given: line,
                    max: self.starts.len() - 1,
                })?;
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        Ok(start..end)
    }
    /// The column in the real line, not in the cut one.
    fn column_number(
        &'a self,
        id: FileId,
        line: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let range = self.line_range(id, line)?;
        let shown = self.text[range.start..byte.min(range.end).max(range.start)]
            .chars()
            .count();
        let (before, prefix) = self.cut.get(line).copied().unwrap_or((0, false));
        Ok(shown - usize::from(prefix && shown > 0) + before + 1)
    }
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
