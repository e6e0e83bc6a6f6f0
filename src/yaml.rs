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

mod events;
mod simple;

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
///
/// Three readers, quickest first, each taking what it reads exactly as the
/// next one would and leaving the rest to it: [`simple::parse`] (the plain
/// shape of mrplan's own files, line by line), [`events::parse`] (straight
/// from the YAML parser's events) and serde-saphyr (as before: anchors, tags,
/// merge keys and every syntax error). The tree, its spans and the error
/// messages are the same whichever reads a block.
pub fn parse(yaml: &str, offset: usize) -> Result<Node, SyntaxError> {
    if let Some(node) = simple::parse(yaml, offset).or_else(|| events::parse(yaml, offset)) {
        return Ok(node);
    }
    parse_serde(yaml, offset)
}

/// Parses through serde-saphyr into `Spanned<Raw>` (the reference for [`events::parse`]).
fn parse_serde(yaml: &str, offset: usize) -> Result<Node, SyntaxError> {
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

/// Checks that the quick readers give what serde-saphyr gives for `yaml`:
/// where one of them reads it, the same tree with the same spans, and no
/// tree where serde-saphyr finds an error. For the tests and the `yaml` fuzz
/// target; `Err` says which reader differs and how.
#[doc(hidden)]
pub fn compare_readers(yaml: &str) -> Result<(), String> {
    // An offset, so a span that forgot it shows.
    const AT: usize = 3;
    let reference = parse_serde(yaml, AT).map(|node| format!("{node:?}"));
    let quick = [
        ("simple", simple::parse(yaml, AT)),
        ("events", events::parse(yaml, AT)),
    ];
    for (name, node) in quick {
        let Some(node) = node else { continue };
        let node = format!("{node:?}");
        match &reference {
            Ok(expected) if *expected == node => {}
            Ok(expected) => return Err(format!("{name}: {node}\nserde: {expected}")),
            Err(e) => return Err(format!("{name}: {node}\nserde: error {}", e.detail)),
        }
    }
    Ok(())
}

/// Which reader reads `yaml` (tests: the quick ones must take mrplan's files).
#[cfg(test)]
fn reader_of(yaml: &str) -> &'static str {
    if simple::parse(yaml, 0).is_some() {
        "simple"
    } else if events::parse(yaml, 0).is_some() {
        "events"
    } else {
        "serde"
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
    let at = Located {
        byte: loc.span().byte_offset().map(|b| b as usize),
        len: loc.span().byte_len().unwrap_or(0) as usize,
        line: loc.line() as usize,
        column: loc.column() as usize,
    };
    at.span(yaml, offset)
}

/// Where the parser says a node starts: its byte offset and length when it
/// knows them, else its 1-based line and character column.
struct Located {
    byte: Option<usize>,
    len: usize,
    line: usize,
    column: usize,
}

impl Located {
    /// The node's span in the file, clamped to the YAML block.
    fn span(&self, yaml: &str, offset: usize) -> Span {
        let start = self
            .byte
            .unwrap_or_else(|| byte_of(yaml, self.line, self.column));
        let start = start.min(yaml.len());
        let end = start.saturating_add(self.len).min(yaml.len());
        offset + start..offset + end
    }
}

/// A scalar's value in the tree.
fn scalar_value(raw: Raw) -> Value {
    match raw {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Int(i) => Value::Int(i),
        // 20.0 is the whole number 20, as JSON Schema's "integer" says.
        Raw::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::Int(f as i64),
        Raw::Float(f) => Value::Float(f),
        Raw::Str(s) => Value::Str(s),
        // Not scalars; `into_node` builds these.
        Raw::Seq(_) | Raw::Map(_) => Value::Null,
    }
}

/// A scalar key as text (a key written as a number or a word); `None` for a
/// list or a group as key.
fn key_name(raw: Raw) -> Option<String> {
    Some(match raw {
        Raw::Str(s) => s,
        Raw::Int(i) => i.to_string(),
        Raw::Float(f) => f.to_string(),
        Raw::Bool(b) => b.to_string(),
        Raw::Null => String::new(),
        Raw::Seq(_) | Raw::Map(_) => return None,
    })
}

fn into_node(raw: Spanned<Raw>, yaml: &str, offset: usize) -> Node {
    let span = span_of(&raw, yaml, offset);
    let value = match raw.value {
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
        scalar => scalar_value(scalar),
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
        let name = key_name(Raw::deserialize(d)?)
            .ok_or_else(|| de::Error::custom("a key must be a single word"))?;
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

    /// YAML of every kind the readers meet: mrplan's shapes, and what the
    /// quick readers must leave to serde-saphyr (or read exactly as it does).
    const SAMPLES: &[&str] = &[
        "skema: 1\når: 2025\nstatus: godkendt\n",
        "a: 1\nb: -3\nc: 0\nd: -0\ne: 2.5\nf: -0.0\ng: 20.0\nh: 0.10\n",
        "n: 007\nh: 0x1F\no: 0o17\nb: 0b101\nu: 1_000\np: +5\ne: 1e3\nE: 2.5E-3\ni: .inf\nm: -.inf\nq: .nan\nd: .5\nz: 5.\n",
        "big: 123456789012345678901234567890\nneg: -9223372036854775808\nmax: 18446744073709551615\n",
        "x: 1e999\ny: -1e999\n",
        "t: true\nT: True\nU: TRUE\nf: false\nn: null\nN: Null\nt2: ~\ny: yes\nno: NO\noff: off\ninf: inf\nnan: NaN\n",
        "d: 2025-07-18\nt: 2025-01-18T10:16\nv: 1.2.3\nip: 10.0.0.1\nr: 1-2\ntid: 12:30\nx: 1a\nh: -abc\ns: - \n",
        "titel: \"Robust forsyning\"\nq: 'single ''quoted'''\nesc: \"tab\\there \\u00e6\"\ntom: \"\"\nsp: \"  x  \"\n",
        "navn: Æblegrød på ø\n\"nøgle med mellemrum\": værdi\nå: \"æøå ÆØÅ\"\nemoji: 🎉 fest\n",
        "l: |\n  linje 1\n  linje 2\nf: >\n  foldet\n  tekst\n\nk: |-\n  uden\nm: >+\n  med\n\n",
        "liste:\n  - a\n  - b\n  - - c\n    - d\n  -\n  - e: 1\n    f: 2\n",
        "ind:\n- a\n- b\nnæste: 1\n",
        "flow: [a, b, 1, 2.5, true, null]\ntom: []\nmap: {a: 1, b: [x, y]}\ntommap: {}\nm2: [ P1 ,P2 ]\n",
        "a:\nb:   \nc: x   \nd:\n  e:\n  f: 1\n",
        "a: tekst med # hash\nb: c#\nc: x # kommentar\n# hel linje\nd: 1\n",
        "base: &b\n  x: 1\nbrug: *b\nflet:\n  <<: *b\n  y: 2\n",
        "tag: !!str 5\nt2: !!int \"7\"\nt3: !custom x\nbin: !!binary aGVq\n",
        "? kompleks\n: værdi\n[a, b]: c\n",
        "1: en\n2.5: to\ntrue: sand\nnull: tom\n~: igen\n\"3\": tre\n1.50: x\n",
        "dup: 1\ndup: 2\n",
        "a: 1\r\nb: \"x\"\r\nc:\r\n  - d\r\n",
        "a:\t1\n",
        "\tb: 1\n",
        "a: 1\n b: 2\n",
        "a:\n  - x\n y: 2\n",
        "a: [1, 2\n",
        "a: \"ikke lukket\n",
        "a: b: c\n",
        "- a\n- b: 1\n  c: 2\n-   d\n",
        "scalar\n",
        "",
        "# kun en kommentar\n",
        "...\n",
        "a: 1\n---\nb: 2\n",
        "--- \na: 1\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: lang tekst\n  der fortsætter\nb: 1\n",
        "a: \"over\n  to linjer\"\n",
        "- - - dyb\n",
        "a: [b, [c]]\nd: [e, \"f\"]\ng: [h: i]\n",
        "a: 'x'\nb: \"x\"y\n",
        "nøgle : mellemrum før kolon\n",
        "a: \u{feff}bom\n",
        "a: \u{85}nel\nb: \u{2028}ls\n",
        "a: ctrl\u{7}\n",
        "-1: negativ nøgle\n-x: y\n",
        "a: -5\nb: - 5\nc: -\n",
        "<<: {a: 1}\n",
        "a: @x\nb: `y`\nc: %z\n",
        "a: &x 1\nb: *x\nc: *ukendt\n",
        "a:\n    b: 1\n  c: 2\n",
        "a:\n  b: 1\n\n\n  c: 2\n\nd: 3\n",
        "   \na: 1\n",
        "  a: 1\n  b: 2\n",
    ];

    #[test]
    fn quick_readers_agree_with_serde_on_samples() {
        for yaml in SAMPLES {
            compare_readers(yaml).unwrap_or_else(|e| panic!("{yaml:?}\n{e}"));
        }
    }

    /// Every front matter block under `dir` (recursively), with its file name.
    fn blocks(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                blocks(&path, out);
            } else if path.extension().is_some_and(|e| e == "md")
                && let Ok(text) = std::fs::read_to_string(&path)
                && let Ok(split) = split(&text)
            {
                out.push((path.display().to_string(), split.yaml.to_string()));
            }
        }
    }

    /// Variants of a block that trip the readers: cut short, a line left
    /// out, indented one more, CRLF, a tab, a comment, a quote taken away.
    fn variants(yaml: &str) -> Vec<String> {
        let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
        let mut out = vec![yaml.to_string(), yaml.replace('\n', "\r\n")];
        let step = (lines.len() / 20).max(1);
        for i in (0..lines.len()).step_by(step) {
            let changed = |f: &dyn Fn(&str) -> String| -> String {
                let mut v = String::new();
                for (j, l) in lines.iter().enumerate() {
                    v.push_str(&if j == i { f(l) } else { l.to_string() });
                }
                v
            };
            out.push(lines[..i].concat());
            out.push(changed(&|_| String::new()));
            out.push(changed(&|l| format!(" {l}")));
            out.push(changed(&|l| l.replacen(": ", ":\t", 1)));
            out.push(changed(&|l| l.replacen('\n', " # note\n", 1)));
            out.push(changed(&|l| l.replacen('"', "", 1)));
        }
        out
    }

    #[test]
    fn quick_readers_agree_with_serde_on_files_and_their_variants() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        blocks(&root.join("content"), &mut files);
        blocks(&root.join("tests/fixtures"), &mut files);
        assert!(files.len() >= 10, "found {} files", files.len());
        for (name, yaml) in &files {
            for v in variants(yaml) {
                compare_readers(&v).unwrap_or_else(|e| panic!("{name}: {v:?}\n{e}"));
            }
        }
    }

    /// The corpus generator's plans (the benchmark's 1,000 plans are of this
    /// kind) are read by the line reader, and read right.
    #[test]
    fn generated_plans_take_the_line_reader() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let made = std::process::Command::new("python3")
            .arg(root.join("bench/gen_corpus.py"))
            .arg("40")
            .arg(dir.path())
            .output();
        if !made.is_ok_and(|m| m.status.success()) {
            eprintln!("skipped: python3 bench/gen_corpus.py did not run");
            return;
        }
        let mut files = Vec::new();
        blocks(dir.path(), &mut files);
        assert!(files.len() > 40);
        for (name, yaml) in &files {
            compare_readers(yaml).unwrap_or_else(|e| panic!("{name}\n{e}"));
            assert_eq!(reader_of(yaml), "simple", "{name}");
        }
    }

    #[test]
    fn the_default_content_takes_a_quick_reader() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        blocks(&root.join("content"), &mut files);
        for (name, yaml) in &files {
            assert_ne!(reader_of(yaml), "serde", "{name}");
        }
    }

    #[test]
    fn syntax_errors_come_from_serde_unchanged() {
        for yaml in [
            "a:\n  b: 1\n c: 2\n",
            "a: [1, 2\n",
            "a: \"x\n",
            "a: b: c\n",
            "- a\nb: 1\n",
        ] {
            assert_eq!(reader_of(yaml), "serde");
            let here = parse(yaml, 5).expect_err("error");
            let there = parse_serde(yaml, 5).expect_err("error");
            assert_eq!((here.span, here.detail), (there.span, there.detail));
        }
    }
}
