//! The quickest path of [`super::parse`]: front matter in the plain shape
//! mrplan's own files have (block groups and lists indented with spaces, one
//! value per line: plain words and numbers, `"..."` without escapes, `[a, b]`)
//! read line by line, without a YAML parser.
//!
//! After the serde path was gone, the YAML parser itself (granit-parser) was
//! most of the load phase. This reader takes only what it reads exactly as
//! the parser does: the same tree, the same span for every node (a group or
//! a list where its first key or `-` stands, as a zero-length span; a value
//! where its text stands, quotes included; an empty value at its key's `:`).
//! Anything else returns `None` and goes to [`super::events`]: comments,
//! tabs, CR, control characters, anchors, tags, single quotes, escapes,
//! block scalars (`|`, `>`), values over several lines, `{...}`, `?` keys,
//! document markers, lists at their key's own indentation, and every error.
//! `tests::same_as_serde` and the `yaml` fuzz target compare the paths.

use std::borrow::Cow;

use granit_parser::ScalarStyle;

use super::events::{MAX_DEPTH, MAX_NODES, scalar};
use super::{Key, Node, Raw, Value, key_name, scalar_value};

/// The tree of a YAML block in the plain shape, or `None`.
pub(super) fn parse(yaml: &str, offset: usize) -> Option<Node> {
    if !yaml.chars().all(plain_char) {
        return None;
    }
    let mut reader = Reader {
        yaml,
        offset,
        lines: lines(yaml)?,
        at: 0,
        nodes: 0,
    };
    let first = reader.lines.first()?;
    if first.indent != 0 {
        return None;
    }
    let root = reader.block(0, 0)?;
    (reader.at == reader.lines.len()).then_some(root)
}

/// Characters the parser takes as they are: no tab or CR (they change how a
/// line is read), no control characters, no byte order mark or line
/// separators (errors, or line breaks in YAML 1.1).
fn plain_char(c: char) -> bool {
    (c >= ' ' || c == '\n')
        && !('\u{7f}'..='\u{9f}').contains(&c)
        && !matches!(
            c,
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}'
        )
}

/// A line that is not blank: where it starts, its indentation and where its
/// text ends (before the line break).
struct Line {
    start: usize,
    indent: usize,
    end: usize,
}

/// The block's lines, blank ones left out; `None` for a comment line or a
/// document marker.
fn lines(yaml: &str) -> Option<Vec<Line>> {
    let mut out = Vec::new();
    let mut start = 0;
    for text in yaml.split('\n') {
        let indent = text.len() - text.trim_start_matches(' ').len();
        let content = &text[indent..];
        if content.starts_with('#') || (indent == 0 && content.starts_with("...")) {
            return None;
        }
        if !content.is_empty() {
            out.push(Line {
                start,
                indent,
                end: start + text.len(),
            });
        }
        start += text.len() + 1;
    }
    Some(out)
}

struct Reader<'a> {
    yaml: &'a str,
    offset: usize,
    lines: Vec<Line>,
    /// The next line to read.
    at: usize,
    nodes: usize,
}

impl<'a> Reader<'a> {
    /// Byte offset of column `col` on line `i`.
    fn pos(&self, i: usize, col: usize) -> usize {
        self.lines[i].start + col
    }

    /// The text of line `i` from column `col`.
    fn text(&self, i: usize, col: usize) -> &'a str {
        let line = &self.lines[i];
        &self.yaml[line.start + col..line.end]
    }

    fn span(&self, start: usize, end: usize) -> crate::span::Span {
        self.offset + start..self.offset + end
    }

    /// Counts a node; `None` when there are more or deeper ones than this path takes.
    fn count(&mut self, depth: usize) -> Option<()> {
        self.nodes += 1;
        (depth <= MAX_DEPTH && self.nodes <= MAX_NODES).then_some(())
    }

    /// A group or a list starting at column `col` of the next line.
    fn block(&mut self, col: usize, depth: usize) -> Option<Node> {
        let text = self.text(self.at, col);
        if text == "-" || text.starts_with("- ") {
            self.sequence(col, depth)
        } else if key_end(text).is_some() {
            self.mapping(col, depth)
        } else {
            None
        }
    }

    /// A block list: `- ` at column `col` of the next line and the lines
    /// below it at the same indentation.
    fn sequence(&mut self, col: usize, depth: usize) -> Option<Node> {
        self.count(depth)?;
        let first = self.at;
        if self.lines[first].indent != col {
            return None; // `- - x`
        }
        let mut items = Vec::new();
        loop {
            let rest = self.text(self.at, col + 1);
            let item = rest.trim_start_matches(' ');
            if item.is_empty() || item == "-" || item.starts_with("- ") {
                return None; // the item on the next line, or a list in a list
            }
            let item_col = col + 1 + (rest.len() - item.len());
            if key_end(item).is_some() {
                items.push(self.mapping(item_col, depth + 1)?);
            } else {
                items.push(self.inline(self.at, item_col, depth + 1)?);
                self.at += 1;
                self.no_more_lines(col)?;
            }
            let Some(next) = self.lines.get(self.at) else {
                break;
            };
            if next.indent < col {
                break;
            }
            let text = self.text(self.at, col);
            if next.indent > col || !(text == "-" || text.starts_with("- ")) {
                return None;
            }
        }
        let at = self.pos(first, col);
        Some(Node {
            span: self.span(at, at),
            value: Value::Seq(items),
        })
    }

    /// A block group: `key:` at column `col` of the next line, and the keys
    /// below it at the same indentation.
    fn mapping(&mut self, col: usize, depth: usize) -> Option<Node> {
        self.count(depth)?;
        let first = self.at;
        let mut entries = Vec::new();
        loop {
            let text = self.text(self.at, col);
            let colon = key_end(text)?;
            let key = self.key(self.at, col, &text[..colon])?;
            let value = self.value(col, col + colon, depth + 1)?;
            entries.push((key, value));
            let Some(next) = self.lines.get(self.at) else {
                break;
            };
            if next.indent < col {
                break;
            }
            if next.indent > col {
                return None;
            }
        }
        let at = self.pos(first, col);
        Some(Node {
            span: self.span(at, at),
            value: Value::Map(entries),
        })
    }

    fn key(&mut self, i: usize, col: usize, text: &str) -> Option<Key> {
        self.nodes += 1;
        let name = match scalar(Cow::Borrowed(text), ScalarStyle::Plain)? {
            // Merge keys and empty keys are special to serde-saphyr.
            Raw::Str(s) if s == "<<" => return None,
            Raw::Null => return None,
            raw => key_name(raw)?,
        };
        let at = self.pos(i, col);
        Some(Key {
            span: self.span(at, at + text.len()),
            name,
        })
    }

    /// The value after the `:` at column `colon` of the next line, whose
    /// key stands at column `col`.
    fn value(&mut self, col: usize, colon: usize, depth: usize) -> Option<Node> {
        let i = self.at;
        let rest = self.text(i, colon + 1);
        let value = rest.trim_start_matches(' ');
        if !value.is_empty() {
            if !rest.starts_with(' ') {
                return None;
            }
            let node = self.inline(i, colon + 1 + rest.len() - value.len(), depth)?;
            self.at += 1;
            self.no_more_lines(col)?;
            return Some(node);
        }
        self.at += 1;
        match self.lines.get(self.at) {
            Some(next) if next.indent > col => self.block(next.indent, depth),
            // A list at the key's own indentation: the parser places it oddly.
            Some(next) if next.indent == col && self.text(self.at, col).starts_with('-') => None,
            // Empty: the parser gives `~` at the colon.
            _ => {
                self.count(depth)?;
                let at = self.pos(i, colon);
                Some(Node {
                    span: self.span(at, at),
                    value: Value::Null,
                })
            }
        }
    }

    /// After a value on one line, a line indented deeper than its key (at
    /// `col`) would carry the value on: left to the parser.
    fn no_more_lines(&self, col: usize) -> Option<()> {
        match self.lines.get(self.at) {
            Some(next) if next.indent > col => None,
            _ => Some(()),
        }
    }

    /// A value that stands on one line, from column `col` of line `i`.
    fn inline(&mut self, i: usize, col: usize, depth: usize) -> Option<Node> {
        self.count(depth)?;
        let text = self.text(i, col);
        let at = self.pos(i, col);
        let (len, value) = if let Some(quoted) = text.strip_prefix('"') {
            let close = quoted.find(['"', '\\'])?;
            if !quoted[close..].starts_with('"') || !only_spaces(&quoted[close + 1..]) {
                return None;
            }
            let inner = &quoted[..close];
            (close + 2, Value::Str(inner.to_string()))
        } else if text.starts_with('[') {
            return self.flow(i, col, depth);
        } else {
            let plain = text.trim_end_matches(' ');
            if !plain_value(plain) {
                return None;
            }
            let raw = scalar(Cow::Borrowed(plain), ScalarStyle::Plain)?;
            (plain.len(), scalar_value(raw))
        };
        Some(Node {
            span: self.span(at, at + len),
            value,
        })
    }

    /// `[a, b]` on one line, of plain words and numbers.
    fn flow(&mut self, i: usize, col: usize, depth: usize) -> Option<Node> {
        let text = self.text(i, col);
        let close = text.find(']')?;
        if !only_spaces(&text[close + 1..]) {
            return None;
        }
        let at = self.pos(i, col);
        let inside = &text[1..close];
        let mut items = Vec::new();
        if !only_spaces(inside) {
            let mut start = 1;
            for part in inside.split(',') {
                let word = part.trim_matches(' ');
                let lead = part.len() - part.trim_start_matches(' ').len();
                if !plain_value(word) || word.contains(['[', '{', '}', ':', '#', '"', '\'']) {
                    return None;
                }
                self.count(depth + 1)?;
                let raw = scalar(Cow::Borrowed(word), ScalarStyle::Plain)?;
                let begin = at + start + lead;
                items.push(Node {
                    span: self.span(begin, begin + word.len()),
                    value: scalar_value(raw),
                });
                start += part.len() + 1;
            }
        }
        Some(Node {
            span: self.span(at, at + 1),
            value: Value::Seq(items),
        })
    }
}

fn only_spaces(s: &str) -> bool {
    s.bytes().all(|b| b == b' ')
}

/// Where a plain key ends (its `:`), if `text` starts with `key: ` or is `key:`.
fn key_end(text: &str) -> Option<usize> {
    let colon = text
        .find(": ")
        .or_else(|| text.ends_with(':').then(|| text.len() - 1))?;
    let key = &text[..colon];
    let simple = plain_value(key)
        && key.len() <= 200
        && !key.ends_with(' ')
        && !key.contains(['[', ']', '{', '}', ',', ':']);
    simple.then_some(colon)
}

/// A plain scalar the parser reads as its text: not empty, no indicator
/// first, no `: ` or ` #` inside, no `:` last.
fn plain_value(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let indicator = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    let signed_number = first == '-' && s[1..].starts_with(|c: char| c.is_ascii_digit());
    (!indicator || signed_number) && !s.contains(": ") && !s.contains(" #") && !s.ends_with(':')
}
