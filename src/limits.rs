//! mrplan's limits: how big a file, a body and a plan may be, so that what
//! passes `check` also builds, and no single file can take a build past
//! about 1 GB of memory. Each limit is measured (README, "Grænser") and
//! enforced by `check` with a located error (MRP124-MRP127, MRP129).

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diagnostics::catalogue::{MRP125, MRP126, MRP127, MRP129};
use crate::diagnostics::{Diagnostic, FileId};
use crate::markdown;
use crate::model::Body;
use crate::span::Span;
use crate::yaml::{Node, Value};

/// A file under `content/`: 25 times the largest plan in the default content.
pub const CONTENT_FILE: u64 = 256 * 1024;
/// A template (Tera or Typst).
pub const TEMPLATE_FILE: u64 = 1024 * 1024;
/// A file in `static/` (images, PDFs, style sheets).
pub const STATIC_FILE: u64 = 100 * 1024 * 1024;
/// A font file.
pub const FONT_FILE: u64 = 50 * 1024 * 1024;
/// Goals in one plan (and the highest `regler.max_mål`).
pub const GOALS: usize = 50;
/// Markdown elements inside each other (a list in a list is two levels).
pub const NESTING: usize = 10;
/// Markdown elements in one body (paragraphs, list items, table cells, ...).
pub const ELEMENTS: usize = 5_000;
/// Characters in one word (a run without spaces): longer cannot be set on a
/// line, and Typst fails on a word over ~16,000 characters (PDF/A strings).
pub const WORD: usize = 100;

/// Checks a Markdown body: nesting, number of elements and word length.
pub fn check_body(body: &Body, file: FileId, out: &mut Vec<Diagnostic>) {
    let at = |r: std::ops::Range<usize>| body.offset + r.start..body.offset + r.end;
    // An element's first line: a whole nested list would fill the screen.
    let first_line = |r: std::ops::Range<usize>| {
        let end = body.text[r.clone()]
            .find('\n')
            .map_or(r.end, |i| r.start + i);
        at(r.start..end)
    };
    let mut depth = 0usize;
    // Tags open now, and whether each counts as a level.
    let mut open: Vec<bool> = Vec::new();
    let mut elements = 0usize;
    let mut too_deep = false;
    let mut too_many = false;
    let mut long_words: Vec<std::ops::Range<usize>> = Vec::new();
    let mut word = Word::default();
    for (event, range) in Parser::new_ext(&body.text, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let inline = is_inline(&tag);
                let level = counts_as_level(&tag);
                open.push(level);
                depth += usize::from(level);
                elements += 1;
                if depth > NESTING && !too_deep {
                    too_deep = true;
                    out.push(nested_too_deep(file, first_line(range.clone())));
                }
                if elements > ELEMENTS && !too_many {
                    too_many = true;
                    out.push(too_many_elements(file, first_line(range.clone())));
                }
                if inline {
                    continue;
                }
            }
            Event::End(end) => {
                if open.pop() == Some(true) {
                    depth -= 1;
                }
                if matches!(
                    end,
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link
                ) {
                    continue;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                // A word may be split over several text events (`a_b`, or
                // emphasis inside it), so the run carries on across them.
                // A text event is its source text unless escapes or entities
                // changed it; then its words are placed at its start.
                let exact = body
                    .text
                    .get(range.clone())
                    .is_some_and(|s| s == t.as_ref());
                for (i, c) in t.char_indices() {
                    let pos = if exact { range.start + i } else { range.start };
                    word.step(c, pos, range.end, &mut long_words);
                }
                continue;
            }
            _ => {}
        }
        // Anything but text (a break, a new block) ends the word.
        word.end(&mut long_words);
    }
    word.end(&mut long_words);
    push_long_words(
        &long_words.into_iter().map(at).collect::<Vec<_>>(),
        file,
        out,
    );
}

/// Tags inside a line of text: a word goes on through them (`ab*c*d`).
fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }
    )
}

/// The word being read, across text events.
#[derive(Default)]
struct Word {
    start: usize,
    end: usize,
    chars: usize,
}

impl Word {
    /// One character at source offset `pos` (in a text event ending at `end`).
    fn step(&mut self, c: char, pos: usize, end: usize, found: &mut Vec<std::ops::Range<usize>>) {
        if c.is_whitespace() {
            self.end(found);
            return;
        }
        if self.chars == 0 {
            self.start = pos;
        }
        self.chars += 1;
        self.end = (pos + c.len_utf8()).min(end).max(self.start);
    }

    fn end(&mut self, found: &mut Vec<std::ops::Range<usize>>) {
        if self.chars > WORD {
            found.push(self.start..self.end);
        }
        self.chars = 0;
    }
}

/// Tags that make a level of nesting. A list item, paragraph or table row
/// sits inside its list or table and adds none of its own.
fn counts_as_level(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Item | Tag::Paragraph | Tag::TableHead | Tag::TableRow | Tag::TableCell
    )
}

/// Runs of non-space characters longer than [`WORD`], as (byte offset, run).
fn long_runs(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut chars = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_whitespace() {
            if let Some(s) = start.take()
                && chars > WORD
            {
                out.push((s, &text[s..i]));
            }
            chars = 0;
        } else {
            if start.is_none() {
                start = Some(i);
            }
            chars += 1;
        }
    }
    out
}

/// Checks every text in a front matter tree for words longer than [`WORD`].
pub fn check_front_matter(node: &Node, file: FileId, out: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    collect_long_words(node, &mut found);
    push_long_words(&found, file, out);
}

fn collect_long_words(node: &Node, found: &mut Vec<std::ops::Range<usize>>) {
    match &node.value {
        Value::Str(s) if !long_runs(s).is_empty() => found.push(node.span.clone()),
        Value::Seq(items) => items.iter().for_each(|n| collect_long_words(n, found)),
        Value::Map(entries) => {
            for (key, value) in entries {
                if !long_runs(&key.name).is_empty() {
                    found.push(key.span.clone());
                }
                collect_long_words(value, found);
            }
        }
        _ => {}
    }
}

/// One error for the first over-long word of a file, counting the others.
fn push_long_words(spans: &[std::ops::Range<usize>], file: FileId, out: &mut Vec<Diagnostic>) {
    let Some(first) = spans.first() else { return };
    let others = match spans.len() - 1 {
        0 => String::new(),
        1 => " (og 1 til i samme fil)".to_string(),
        n => format!(" (og {n} til i samme fil)"),
    };
    out.push(
        Diagnostic::error(
            MRP126,
            file,
            first.clone(),
            format!("Et ord er længere end {WORD} tegn{others}."),
        )
        .label("for langt ord")
        .hint(format!(
            "Et ord (tegn uden mellemrum) kan højst være {WORD} tegn, ellers kan det ikke stå på en linje. Skriv en lang adresse som et link: [tekst](adresse)."
        )),
    );
}

/// MRP125 at the first element past [`NESTING`] levels.
fn nested_too_deep(file: FileId, span: Span) -> Diagnostic {
    Diagnostic::error(
        MRP125,
        file,
        span,
        format!("Teksten har mere end {NESTING} niveauer inden i hinanden (lister i lister, citater i citater, fremhævning)."),
    )
    .label(format!("niveau {}", NESTING + 1))
    .hint(format!("Gør strukturen fladere: højst {NESTING} niveauer. Pdf'en kan ikke sætte dybere indlejring."))
}

/// MRP129 at the first element past [`ELEMENTS`].
fn too_many_elements(file: FileId, span: Span) -> Diagnostic {
    Diagnostic::error(
        MRP129,
        file,
        span,
        format!("Teksten har mere end {} elementer (afsnit, listepunkter, tabelceller, fremhævninger, links).", da_number(ELEMENTS)),
    )
    .label(format!("element nr. {}", da_number(ELEMENTS + 1)))
    .hint("Del teksten op, eller læg store tabeller og lister i et bilag under static/ og link til det.")
}

/// Checks the number of goals in a plan (`goals`, written at `span`).
pub fn check_goals(goals: usize, file: FileId, span: Span, out: &mut Vec<Diagnostic>) {
    if goals > GOALS {
        out.push(
            Diagnostic::error(
                MRP127,
                file,
                span,
                format!("Planen har {goals} mål; mrplan udgiver højst {GOALS} mål i én plan."),
            )
            .label("for mange mål")
            .hint("Vejledningen anbefaler 5-10 mål. Saml beslægtede mål, eller flyt dem til en anden plan."),
        );
    }
}

/// "5.000": thousands with a dot, as Danish writes them.
pub fn da_number(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        check_body(
            &Body {
                text: text.into(),
                offset: 10,
            },
            0,
            &mut out,
        );
        out
    }

    #[test]
    fn nesting_counts_lists_and_quotes_not_items() {
        let list = |n: usize| -> String {
            (0..n)
                .map(|i| format!("{}- n{i}\n", "  ".repeat(i)))
                .collect()
        };
        assert!(body(&list(NESTING)).is_empty());
        let deep = body(&list(NESTING + 1));
        assert_eq!(deep.len(), 1);
        assert_eq!(deep[0].rule, "MRP125");
        let quotes: String = (1..=NESTING + 1)
            .map(|i| format!("{} q\n", ">".repeat(i)))
            .collect();
        assert_eq!(body(&quotes)[0].rule, "MRP125");
    }

    #[test]
    fn long_words_are_found_at_their_place() {
        let word = "x".repeat(WORD + 1);
        let text = format!("Et ord: {word} slut.");
        let found = body(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span, 10 + 8..10 + 8 + WORD + 1);
        assert!(body(&format!("Et ord: {} slut.", "x".repeat(WORD))).is_empty());
        // Counted in characters, not bytes.
        assert!(body(&"æ".repeat(WORD)).is_empty());
    }

    #[test]
    fn too_many_elements() {
        let text = "- a\n".repeat(ELEMENTS);
        let found = body(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "MRP129");
        assert_eq!(da_number(5000), "5.000");
        assert_eq!(da_number(1234567), "1.234.567");
    }
}
