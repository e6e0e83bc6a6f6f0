//! The fast path of [`super::parse`]: the [`Node`] tree built straight from
//! granit-parser's events, the parser serde-saphyr itself reads with.
//!
//! Going through serde (`Spanned<Raw>`) cost most of the load phase: every
//! node passed a serde `Spanned` wrapper, a key recorder and an event replay.
//! Here each event becomes its node directly. The result must be exactly what
//! the serde path gives, spans included, so this path only takes what it can
//! read the same way for certain and returns `None` for everything else
//! (anchors, aliases, tags, merge keys, numbers in unusual spellings, sizes
//! near serde-saphyr's budget, and every parse error): `parse` then goes
//! through serde-saphyr, which gives the tree or the error message as before.
//! `tests::same_as_serde` and the `yaml` fuzz target compare the two.

use std::borrow::Cow;

use granit_parser::{Event, Parser, ScalarStyle, Span as ParserSpan, StrInput};

use super::{Key, Located, Node, Raw, Value, key_name, scalar_value};

/// Deeper than this is left to serde-saphyr, whose budget stops at 64 levels.
pub(super) const MAX_DEPTH: usize = 48;
/// More nodes than this are left to serde-saphyr (its budget: 250,000 nodes,
/// 1,000,000 events). A plan has a few hundred.
pub(super) const MAX_NODES: usize = 100_000;

/// The tree of a YAML block, or `None` when serde-saphyr must read it.
pub(super) fn parse(yaml: &str, offset: usize) -> Option<Node> {
    let mut reader = Reader {
        parser: Parser::with_options(StrInput::new(yaml), parser_options()),
        yaml,
        offset,
        nodes: 0,
    };
    reader.document()
}

/// The parser's options exactly as serde-saphyr sets them from its default
/// budget (`Budget::parser_options` and `Options::parser_options` in
/// serde-saphyr 2.1), so that both paths accept and reject the same input.
fn parser_options() -> granit_parser::Options {
    let budget = serde_saphyr::Budget::default();
    let mut options = granit_parser::Options::default();
    options.simple_key_max_lookahead = budget.simple_key_max_lookahead;
    options.flow_nesting_limit = budget.flow_nesting_limit;
    options.block_nesting_limit = options
        .block_nesting_limit
        .max(budget.max_depth.saturating_add(1));
    // serde-saphyr's default feature "comments" is on, and so is this option.
    options.emit_comments = true;
    options.max_buffered_comment_events = budget.max_buffered_comment_events;
    options.strict_indentation = false;
    options
}

struct Reader<'a> {
    parser: Parser<'a, StrInput<'a>>,
    yaml: &'a str,
    offset: usize,
    nodes: usize,
}

impl<'a> Reader<'a> {
    /// The next event that is not a comment; `None` on a parse error or at the end.
    fn next(&mut self) -> Option<(Event<'a>, ParserSpan)> {
        loop {
            match self.parser.next()?.ok()? {
                (Event::Comment(..), _) => continue,
                event => return Some(event),
            }
        }
    }

    /// One document and nothing after it. An empty block (serde-saphyr makes
    /// up a null for it) and a second document (an error there) go to serde.
    fn document(&mut self) -> Option<Node> {
        let Some((Event::StreamStart, _)) = self.next() else {
            return None;
        };
        let Some((Event::DocumentStart(..), _)) = self.next() else {
            return None;
        };
        let first = self.next()?;
        let root = self.node(first, 0)?;
        let Some((Event::DocumentEnd, _)) = self.next() else {
            return None;
        };
        let Some((Event::StreamEnd, _)) = self.next() else {
            return None;
        };
        self.parser.next().is_none().then_some(root)
    }

    /// The node that `first` begins.
    fn node(&mut self, (event, span): (Event<'a>, ParserSpan), depth: usize) -> Option<Node> {
        self.nodes += 1;
        if depth > MAX_DEPTH || self.nodes > MAX_NODES {
            return None;
        }
        let span = self.span(&span);
        let value = match event {
            // Anchor 0 and no tag: a plain node.
            Event::Scalar(text, style, 0, None) => scalar_value(scalar(text, style)?),
            Event::SequenceStart(_, 0, None) => Value::Seq(self.items(depth)?),
            Event::MappingStart(_, 0, None) => Value::Map(self.entries(depth)?),
            _ => return None,
        };
        Some(Node { span, value })
    }

    fn items(&mut self, depth: usize) -> Option<Vec<Node>> {
        let mut items = Vec::new();
        loop {
            match self.next()? {
                (Event::SequenceEnd, _) => return Some(items),
                event => items.push(self.node(event, depth + 1)?),
            }
        }
    }

    fn entries(&mut self, depth: usize) -> Option<Vec<(Key, Node)>> {
        let mut entries = Vec::new();
        loop {
            let (text, style, span) = match self.next()? {
                (Event::MappingEnd, _) => return Some(entries),
                (Event::Scalar(text, style, 0, None), span) => (text, style, span),
                _ => return None,
            };
            self.nodes += 1;
            // `<<` merges another group in (serde-saphyr's merge keys); an
            // empty key is a special case there.
            let name = match scalar(text, style)? {
                Raw::Str(s) if s == "<<" => return None,
                Raw::Null => return None,
                raw => key_name(raw)?,
            };
            let key = Key {
                name,
                span: self.span(&span),
            };
            let value = self.next()?;
            entries.push((key, self.node(value, depth + 1)?));
        }
    }

    /// An event's span in the file, as serde-saphyr's `Location` gives it.
    fn span(&self, span: &ParserSpan) -> crate::span::Span {
        let bytes = match (span.start.byte_offset(), span.end.byte_offset()) {
            (Some(start), Some(end)) if start <= u32::MAX as usize => {
                let len = end.saturating_sub(start);
                (len <= u32::MAX as usize).then_some((start, len))
            }
            _ => None,
        };
        let at = Located {
            byte: bytes.map(|(start, _)| start),
            len: bytes.map_or(0, |(_, len)| len),
            line: span.start.line(),
            column: span.start.col() + 1,
        };
        at.span(self.yaml, self.offset)
    }
}

/// An untagged scalar's value as serde-saphyr resolves it for an untyped
/// visitor (YAML 1.2 core schema, strict booleans), or `None` for a spelling
/// this path does not resolve (serde-saphyr then reads the block).
pub(super) fn scalar(text: Cow<'_, str>, style: ScalarStyle) -> Option<Raw> {
    if style != ScalarStyle::Plain {
        return Some(Raw::Str(text.into_owned()));
    }
    if matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL") {
        return Some(Raw::Null);
    }
    let t = text.trim_matches([' ', '\t', '\r', '\n']);
    match t {
        "true" | "True" | "TRUE" => return Some(Raw::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Raw::Bool(false)),
        _ => {}
    }
    if let Some(number) = plain_number(t) {
        return Some(number);
    }
    is_text(t).then(|| Raw::Str(text.into_owned()))
}

/// A whole number (`15`, `-3`, `0`) or a decimal number (`2.5`) in its
/// simplest spelling; other number spellings (`+1`, `1e3`, `0x1F`, `1_000`,
/// `007`, `.5`) are left to serde-saphyr.
fn plain_number(t: &str) -> Option<Raw> {
    let digits = t.strip_prefix('-').unwrap_or(t);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || (whole.len() > 1 && whole.starts_with('0')) {
        return None;
    }
    match fraction {
        // At most 18 digits: it fits an i64 either way.
        None if whole.len() <= 18 => t.parse().ok().map(Raw::Int),
        Some(f) if all_digits(f) && t.len() <= 40 => t
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Raw::Float),
        _ => None,
    }
}

/// Whether a plain scalar (neither null, a boolean nor a plain number) is
/// certainly text to serde-saphyr: no integer spelling (sign, digits, `_`,
/// `0x`/`0o`/`0b` with hex digits) and no float spelling (what Rust's `f64`
/// parser takes: digits, `.`, `e`, signs first or after `e`, and `inf` or
/// `nan`, which are text as they are not finite) can match it.
fn is_text(t: &str) -> bool {
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    let Some(&first) = unsigned.as_bytes().first() else {
        return false;
    };
    if !first.is_ascii_digit() && first != b'.' {
        // Not a digit after the sign: no number, and `inf`/`nan`/`.inf` are
        // left out above (`.` goes to serde-saphyr).
        return true;
    }
    if !first.is_ascii_digit() {
        return false;
    }
    // From here on the text starts with a digit (after an optional sign).
    let number_char = |c: char| c.is_ascii_hexdigit() || "_.+-xXoObBeE".contains(c);
    if !t.chars().all(number_char) {
        return true;
    }
    // A date (2025-07-18): a sign after the first character that does not
    // follow an exponent's `e` is in no integer and no float.
    let bytes = t.as_bytes();
    (1..bytes.len())
        .any(|i| matches!(bytes[i], b'-' | b'+') && !matches!(bytes[i - 1], b'e' | b'E'))
}
