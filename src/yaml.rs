//! Front matter: splitting it from the Markdown body and parsing it into a tree
//! where every node knows its byte span in the file.
//!
//! We parse into a generic tree (not straight into typed structs) so that the
//! decoder can report *every* unknown key, missing field and wrong type in one
//! pass; serde's derive stops at the first problem.

use crate::span::Span;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A front-matter block split from its file.
pub struct Split<'a> {
    /// The YAML text between the two `---` lines.
    pub yaml: &'a str,
    /// Byte offset of `yaml` in the file.
    pub yaml_start: usize,
    /// The Markdown body after the closing `---`.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_start: usize,
}

/// Why a file has no usable front matter.
#[derive(Debug)]
pub enum SplitError {
    Empty,
    NoOpening,
    NoClosing,
}

/// Splits `---\n<yaml>\n---\n<body>`. A UTF-8 BOM and CRLF line ends are accepted.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    if rest.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let first_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_end].trim_end() != "---" {
        return Err(SplitError::NoOpening);
    }
    let yaml_start = start + first_end;
    let mut pos = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_start = pos + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                yaml_start,
                body: &text[body_start..],
                body_start,
            });
        }
        pos += line.len();
    }
    Err(SplitError::NoClosing)
}

/// A YAML node with its span (absolute byte offsets in the file).
#[derive(Debug, Clone)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key and where it stands.
#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

impl Value {
    /// How a value's kind is named in messages ("en tekst", "en liste" ...).
    pub fn kind_da(&self) -> &'static str {
        match self {
            Value::Null => "tom",
            Value::Bool(_) => "en sand/falsk-værdi",
            Value::Int(_) => "et heltal",
            Value::Float(_) => "et decimaltal",
            Value::Str(_) => "en tekst",
            Value::Seq(_) => "en liste",
            Value::Map(_) => "en gruppe af felter",
        }
    }
}

/// A YAML syntax error, located in the file.
#[derive(Debug)]
pub struct SyntaxError {
    /// What went wrong, in Danish.
    pub message: String,
    /// The parser's own (English) words, for whoever supports the user.
    pub detail: String,
    pub span: Span,
}

/// Explains the parser's common messages in Danish; the original is kept as detail.
fn explain_da(detail: &str) -> &'static str {
    let d = detail.to_lowercase();
    if d.contains("mapping values are not allowed") || d.contains("placement of ':'") {
        "et kolon står et sted, hvor det ikke må stå"
    } else if d.contains("tab") || d.contains("cannot start any token") {
        "linjen indeholder et tegn, der ikke må stå der (ofte et tabulatortegn; brug mellemrum)"
    } else if d.contains("expected ',' or ']'")
        || d.contains("expected ',' or '}'")
        || d.contains("flow")
    {
        "en liste i [ ] eller en gruppe i { } er ikke lukket rigtigt"
    } else if d.contains("quoted scalar") || d.contains("quote") {
        "et anførselstegn er ikke lukket"
    } else if d.contains("alias") || d.contains("anchor") {
        "en henvisning med * peger på et anker (&), der ikke findes"
    } else if d.contains("budget") || d.contains("depth") || d.contains("limit") {
        "front matter er for stor eller for dybt indlejret"
    } else if d.contains("expected key") || d.contains("indent") || d.contains("block") {
        "indrykningen passer ikke med linjerne over"
    } else {
        "YAML-syntaksen er ikke gyldig her"
    }
}

/// Parses the YAML of a front-matter block. `offset` is where the block starts in the file.
pub fn parse(yaml: &str, offset: usize) -> Result<Node, SyntaxError> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
    };
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(yaml, options) {
        Ok(root) => Ok(into_node(root, yaml, offset)),
        Err(err) => {
            let at = err
                .location()
                .map(|loc| byte_of(yaml, loc.line() as usize, loc.column() as usize))
                .unwrap_or(0);
            let detail = err.without_snippet().to_string();
            // The crate prefixes its own "line X column Y:"; we print our own location.
            let detail = strip_location_prefix(&detail).to_string();
            Err(SyntaxError {
                message: explain_da(&detail).to_string(),
                detail,
                span: offset + at..offset + at,
            })
        }
    }
}

/// Drops the parser's own "line X column Y" (relative to the YAML block, not
/// the file); we print the file position ourselves.
fn strip_location_prefix(message: &str) -> &str {
    let mut m = message.trim();
    m = m.strip_prefix("error: ").unwrap_or(m);
    if let Some(rest) = m.strip_prefix("line ")
        && let Some(idx) = rest.find(": ")
        && rest[..idx].contains("column")
    {
        m = &rest[idx + 2..];
    }
    match m.rfind(" at line ") {
        Some(i) if m[i..].contains("column") => &m[..i],
        _ => m,
    }
}

/// Byte offset of a 1-based line and 1-based character column.
fn byte_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(l.len(), |(b, _)| b);
            return offset + col;
        }
        offset += l.len();
    }
    text.len()
}

/// The raw deserialized tree, before spans are made absolute.
enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<RawKey>, Spanned<Raw>)>),
}

/// Keys may be written as numbers or words; we keep them as text.
struct RawKey(String);

fn span_of<T>(s: &Spanned<T>, yaml: &str, offset: usize) -> Span {
    let loc = &s.referenced;
    let start = loc
        .span()
        .byte_offset()
        .map(|b| b as usize)
        .unwrap_or_else(|| byte_of(yaml, loc.line() as usize, loc.column() as usize));
    let len = loc.span().byte_len().unwrap_or(0) as usize;
    let start = start.min(yaml.len());
    let end = (start + len).min(yaml.len());
    offset + start..offset + end
}

fn into_node(raw: Spanned<Raw>, yaml: &str, offset: usize) -> Node {
    let span = span_of(&raw, yaml, offset);
    let value = match raw.value {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Int(i) => Value::Int(i),
        // 20.0 is the whole number 20, as JSON Schema's "integer" says.
        Raw::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::Int(f as i64),
        Raw::Float(f) => Value::Float(f),
        Raw::Str(s) => Value::Str(s),
        Raw::Seq(items) => Value::Seq(
            items
                .into_iter()
                .map(|i| into_node(i, yaml, offset))
                .collect(),
        ),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = Key {
                        span: span_of(&k, yaml, offset),
                        name: k.value.0,
                    };
                    (key, into_node(v, yaml, offset))
                })
                .collect(),
        ),
    };
    Node { span, value }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Raw, E> {
        Ok(Raw::Float(v as f64))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Raw, E> {
        Ok(Raw::Float(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Raw, E> {
        Ok(Raw::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<RawKey>>()? {
            let value = map.next_value::<Spanned<Raw>>()?;
            entries.push((key, value));
        }
        Ok(Raw::Map(entries))
    }
}

impl<'de> Deserialize<'de> for RawKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Raw::deserialize(d)?;
        let name = match raw {
            Raw::Str(s) => s,
            Raw::Int(i) => i.to_string(),
            Raw::Float(f) => f.to_string(),
            Raw::Bool(b) => b.to_string(),
            Raw::Null => String::new(),
            Raw::Seq(_) | Raw::Map(_) => {
                return Err(de::Error::custom("a key must be a single word"));
            }
        };
        Ok(RawKey(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(src: &str, span: &Span) -> String {
        src[span.clone()].to_string()
    }

    #[test]
    fn spans_point_at_values_and_keys() {
        let src = "---\når: 2025\nmål:\n  - nr: \"2.10\"\n    vægt: 15\n---\nbody\n";
        let split = split(src).expect("split");
        let root = parse(split.yaml, split.yaml_start).expect("parse");
        let Value::Map(entries) = &root.value else {
            panic!("map")
        };
        assert_eq!(entries[0].0.name, "år");
        assert_eq!(text(src, &entries[0].0.span), "år");
        assert_eq!(text(src, &entries[0].1.span), "2025");
        let Value::Seq(goals) = &entries[1].1.value else {
            panic!("seq")
        };
        let Value::Map(goal) = &goals[0].value else {
            panic!("goal")
        };
        assert!(matches!(&goal[0].1.value, Value::Str(s) if s == "2.10"));
        assert_eq!(text(src, &goal[1].0.span), "vægt");
        assert_eq!(text(src, &goal[1].1.span), "15");
        assert_eq!(split.body, "body\n");
    }

    #[test]
    fn syntax_errors_are_located() {
        let src = "---\ntitel: a\n  b: [\n---\n";
        let split = split(src).expect("split");
        let err = parse(split.yaml, split.yaml_start).expect_err("error");
        assert!(err.span.start >= split.yaml_start);
        assert!(!err.message.is_empty());
    }

    #[test]
    fn norway_stays_a_string() {
        let root = parse("land: NO\n", 0).expect("parse");
        let Value::Map(entries) = &root.value else {
            panic!("map")
        };
        assert!(matches!(&entries[0].1.value, Value::Str(s) if s == "NO"));
    }
}
