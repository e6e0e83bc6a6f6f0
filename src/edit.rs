//! Editing a front-matter file by value, keeping everything else byte for
//! byte: the form editor sends the front matter as JSON, and this module
//! turns the difference into the smallest text edits on the original file.
//!
//! A changed value is replaced where it stands, in the quoting it had; a new
//! key goes after its neighbour in the field table's order; a removed key
//! takes its lines with it; list items that were moved, added or removed are
//! whole text blocks moved, added or removed, so comments inside them stay.
//! Whatever cannot be edited in place (a flow collection `{a: b}`, a value
//! that changes kind) is written afresh, and only that value.
//!
//! Every result is parsed again and must give exactly the requested values;
//! otherwise the edit is refused, so a file is never written with anything
//! but what the form showed.

use std::collections::HashMap;
use std::ops::Range;

use serde_json::{Map, Value as Json};

use crate::fields::{Table, Type};
use crate::yaml::{self, Node, Value};

/// Per list (a JSON pointer into the new front matter), the index each item
/// had when the file was loaded; `None` for an item added in the form.
pub type Origins = HashMap<String, Vec<Option<usize>>>;

/// A file as the form edits it: its front matter as JSON and its body.
pub struct Opened {
    pub front: Json,
    pub body: String,
}

/// Why a file cannot be edited as values (it must be fixed as text first).
#[derive(Debug, PartialEq)]
pub struct EditError(pub String);

/// A replacement of `range` in the original text.
struct Edit {
    range: Range<usize>,
    text: String,
}

/// What the parent must do with a value that cannot be edited where it stands.
struct Rewrite;

/// Reads a file's front matter as JSON, for the form.
pub fn open(text: &str) -> Result<Opened, EditError> {
    let (root, split) = parse(text)?;
    Ok(Opened {
        front: to_json(&root),
        body: split.body.to_string(),
    })
}

fn parse(text: &str) -> Result<(Node, yaml::Split<'_>), EditError> {
    let split = yaml::split(text).map_err(|_| {
        EditError(
            "Filen har ikke front matter mellem to linjer med '---', så den kan ikke åbnes i formularen. Ret den i en teksteditor (mrplan check viser hvor).".into(),
        )
    })?;
    let root = yaml::parse(split.yaml, split.yaml_start).map_err(|e| {
        EditError(format!(
            "Front matter kan ikke læses som YAML ({}), så den kan ikke åbnes i formularen. Ret den i en teksteditor (mrplan check viser hvor).",
            e.message
        ))
    })?;
    // YAML also breaks lines at a lone CR (old Mac files); the in-place
    // edits work on \n and \r\n lines only.
    if text.replace("\r\n", "").contains('\r') {
        return Err(EditError(
            "Filen har linjeskift af en gammel slags (CR alene), så den kan ikke åbnes i formularen. Gem den med almindelige linjeskift i en teksteditor.".into(),
        ));
    }
    if let Some(key) = duplicate_key(&root) {
        return Err(EditError(format!(
            "Feltet '{key}' står to gange samme sted, så formularen ved ikke, hvilken værdi der gælder. Slet det ene i en teksteditor (mrplan check viser hvor)."
        )));
    }
    Ok((root, split))
}

/// A key written twice in one mapping, anywhere in the tree.
fn duplicate_key(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Map(entries) => {
            let mut seen = std::collections::HashSet::new();
            entries
                .iter()
                .find(|(k, _)| !seen.insert(&k.name))
                .map(|(k, _)| k.name.as_str())
                .or_else(|| entries.iter().find_map(|(_, v)| duplicate_key(v)))
        }
        Value::Seq(items) => items.iter().find_map(duplicate_key),
        _ => None,
    }
}

/// A YAML value as JSON; whole floats are numbers as the decoder reads them.
pub fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map_or_else(|| Json::String(f.to_string()), Json::Number),
        Value::Str(s) => Json::String(s.clone()),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), to_json(v)))
                .collect(),
        ),
    }
}

/// The file `text` with its front matter changed to `front` and its body to
/// `body`, changing nothing else. `table` orders new keys.
pub fn rewrite(
    text: &str,
    front: &Json,
    body: &str,
    origins: &Origins,
    table: &'static Table,
) -> Result<String, EditError> {
    let (root, split) = parse(text)?;
    let ctx = Ctx {
        src: text,
        nl: if text.contains("\r\n") { "\r\n" } else { "\n" },
        origins,
    };
    let mut edits = Vec::new();
    let yaml_range = split.yaml_start..split.yaml_start + split.yaml.len();
    if ctx.node(&root, front, "", Some(table), &mut edits).is_err() {
        // The front matter is not a group of fields (empty, or a list): write it anew.
        let Json::Object(map) = front else {
            return Err(EditError(
                "Front matter skal være en gruppe af felter.".into(),
            ));
        };
        let mut fresh = String::new();
        for (key, value) in map {
            ctx.entry(&mut fresh, key, value, 0, None);
        }
        edits = vec![Edit {
            range: yaml_range,
            text: fresh,
        }];
    }
    if split.body != body {
        edits.push(Edit {
            range: split.body_start..text.len(),
            text: body.to_string(),
        });
    }
    let result = apply(text, 0..text.len(), edits).ok_or_else(|| {
        EditError(
            "Ændringen kan ikke skrives uden at ændre andet i filen. Ret den i en teksteditor."
                .into(),
        )
    })?;
    verify(&result, front, body)?;
    Ok(result)
}

/// The result must read back as exactly what was asked for.
fn verify(result: &str, front: &Json, body: &str) -> Result<(), EditError> {
    let refused = || {
        EditError(
            "Ændringen kan ikke skrives uden at ændre andet i filen. Ret den i en teksteditor."
                .into(),
        )
    };
    let (root, split) = parse(result).map_err(|_| refused())?;
    if !same(&to_json(&root), front) || split.body != body {
        return Err(refused());
    }
    Ok(())
}

/// JSON equality where 20 and 20.0 are the same number.
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Applies non-overlapping `edits` (absolute offsets) to `text[range]`;
/// `None` when two overlap or one does not fall on character boundaries
/// (a bug, but one that must refuse the save rather than panic).
fn apply(text: &str, range: Range<usize>, mut edits: Vec<Edit>) -> Option<String> {
    edits.sort_by_key(|e| e.range.start);
    let mut out = String::with_capacity(range.len());
    let mut at = range.start;
    for edit in edits {
        out.push_str(text.get(at..edit.range.start)?);
        out.push_str(&edit.text);
        at = edit.range.end;
    }
    out.push_str(text.get(at..range.end)?);
    Some(out)
}

/// One rewrite: the original text and what the form says about its lists.
struct Ctx<'a> {
    src: &'a str,
    nl: &'a str,
    origins: &'a Origins,
}

impl Ctx<'_> {
    /// Edits turning `old` into `new`, or `Err` when the parent must write
    /// this value afresh.
    fn node(
        &self,
        old: &Node,
        new: &Json,
        ptr: &str,
        table: Option<&'static Table>,
        out: &mut Vec<Edit>,
    ) -> Result<(), Rewrite> {
        if same(&to_json(old), new) {
            return Ok(());
        }
        match (&old.value, new) {
            (Value::Map(entries), Json::Object(map)) if !self.is_flow(old) => {
                self.map(entries, map, ptr, table, out)
            }
            (Value::Seq(items), Json::Array(list)) if !self.is_flow(old) && !list.is_empty() => {
                self.seq(items, list, ptr, table, out)
            }
            (Value::Seq(_), Json::Array(list))
                if self.is_flow(old) && list.iter().all(is_scalar) =>
            {
                let end = self.flow_end(old.span.start).ok_or(Rewrite)?;
                out.push(Edit {
                    range: old.span.start..end,
                    text: flow_list(list),
                });
                Ok(())
            }
            (Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_), n)
                if is_scalar(n) =>
            {
                self.scalar(old, n, out)
            }
            _ => Err(Rewrite),
        }
    }

    fn is_flow(&self, node: &Node) -> bool {
        matches!(self.src.as_bytes().get(node.span.start), Some(b'[' | b'{'))
    }

    /// A scalar replaced where it stands, in its quoting when it had one.
    fn scalar(&self, old: &Node, new: &Json, out: &mut Vec<Edit>) -> Result<(), Rewrite> {
        let written = &self.src[old.span.clone()];
        let style = match written.as_bytes().first() {
            Some(b'"') => Style::Double,
            Some(b'\'') => Style::Single,
            _ if self.block_indicator(old.span.start).is_some() => return Err(Rewrite),
            _ => Style::Plain,
        };
        out.push(Edit {
            range: old.span.clone(),
            text: scalar(new, style, false),
        });
        Ok(())
    }

    /// Where a block scalar's `|` or `>` stands, when `start` begins one's content.
    fn block_indicator(&self, start: usize) -> Option<usize> {
        let before = self.src[..start].trim_end_matches([' ', '\t', '\r', '\n']);
        let head = before.trim_end_matches(|c: char| c == '-' || c == '+' || c.is_ascii_digit());
        head.ends_with(['|', '>']).then(|| head.len() - 1)
    }

    /// The offset after the `]` or `}` closing the flow collection at `start`.
    fn flow_end(&self, start: usize) -> Option<usize> {
        let bytes = self.src.as_bytes();
        let mut depth = 0usize;
        let mut quote: Option<u8> = None;
        let mut i = start;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) if b == q => quote = None,
                Some(b'"') if b == b'\\' => i += 1,
                Some(_) => {}
                None => match b {
                    b'"' | b'\'' => quote = Some(b),
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                },
            }
            i += 1;
        }
        None
    }

    /// The byte after the last character a node's text takes.
    fn end_of(&self, node: &Node) -> usize {
        match &node.value {
            Value::Map(entries) if !self.is_flow(node) => entries
                .iter()
                .map(|(k, v)| k.span.end.max(self.end_of(v)))
                .max()
                .unwrap_or(node.span.end),
            Value::Seq(items) if !self.is_flow(node) => items
                .iter()
                .map(|i| self.end_of(i))
                .max()
                .unwrap_or(node.span.end),
            Value::Map(_) | Value::Seq(_) => {
                self.flow_end(node.span.start).unwrap_or(node.span.end)
            }
            // A block scalar's span runs into the next line's indentation.
            _ => {
                let text = &self.src[node.span.clone()];
                node.span.start + text.trim_end_matches([' ', '\t', '\r', '\n']).len()
            }
        }
    }

    fn line_start(&self, at: usize) -> usize {
        self.src[..at].rfind('\n').map_or(0, |i| i + 1)
    }

    /// The offset after the newline ending the line that holds `at - 1`.
    fn line_end(&self, at: usize) -> usize {
        // Bytes, not chars: `at - 1` may fall inside a character, '\n' never does.
        let from = at.saturating_sub(1).max(self.line_start(at));
        memchr::memchr(b'\n', &self.src.as_bytes()[from..]).map_or(self.src.len(), |i| from + i + 1)
    }

    fn column(&self, at: usize) -> usize {
        self.src[self.line_start(at)..at].chars().count()
    }

    /// A block mapping: changed values edited, removed keys' lines dropped,
    /// new keys inserted after their neighbour in the table's order.
    fn map(
        &self,
        entries: &[(yaml::Key, Node)],
        new: &Map<String, Json>,
        ptr: &str,
        table: Option<&'static Table>,
        out: &mut Vec<Edit>,
    ) -> Result<(), Rewrite> {
        let Some((first, _)) = entries.first() else {
            return Err(Rewrite);
        };
        let indent = self.column(first.span.start);
        for (key, value) in entries {
            let region = self.line_start(key.span.start)..self.line_end(self.end_of(value));
            match new.get(&key.name) {
                None => out.push(Edit {
                    range: region,
                    text: String::new(),
                }),
                Some(v) => {
                    let child = format!("{ptr}/{}", escape_pointer(&key.name));
                    let sub = table.and_then(|t| sub_table(t, &key.name));
                    let mut inner = Vec::new();
                    match self.node(value, v, &child, sub, &mut inner) {
                        Ok(()) => out.append(&mut inner),
                        Err(Rewrite) => {
                            let mut text = String::new();
                            self.entry(&mut text, &key.name, v, indent, sub);
                            out.push(Edit {
                                range: region,
                                text,
                            });
                        }
                    }
                }
            }
        }
        self.insert_new_keys(entries, new, indent, table, out);
        Ok(())
    }

    fn insert_new_keys(
        &self,
        entries: &[(yaml::Key, Node)],
        new: &Map<String, Json>,
        indent: usize,
        table: Option<&'static Table>,
        out: &mut Vec<Edit>,
    ) {
        let rank = |key: &str| {
            table
                .and_then(|t| t.fields.iter().position(|f| f.key == key))
                .unwrap_or(usize::MAX)
        };
        let mut added: Vec<(&String, &Json)> = new
            .iter()
            .filter(|(k, _)| !entries.iter().any(|(e, _)| &e.name == *k))
            .collect();
        added.sort_by_key(|(k, _)| rank(k));
        for (key, value) in added {
            // After the last existing key that the table puts before it;
            // before the first entry when there is none.
            let after = entries
                .iter()
                .rfind(|(e, _)| rank(&e.name) < rank(key) && new.contains_key(&e.name));
            let at = match after {
                Some((_, v)) => self.line_end(self.end_of(v)),
                None => self.line_start(entries[0].0.span.start),
            };
            let mut text = String::new();
            if at == self.src.len() && !self.src.ends_with('\n') {
                text.push_str(self.nl);
            }
            let sub = table.and_then(|t| sub_table(t, key));
            self.entry(&mut text, key, value, indent, sub);
            out.push(Edit {
                range: at..at,
                text,
            });
        }
    }

    /// A block sequence. Unmoved items are edited in place; when items were
    /// added, removed or moved, the list is put together again from the old
    /// items' text blocks (edited) and the new items (written afresh).
    fn seq(
        &self,
        items: &[Node],
        list: &[Json],
        ptr: &str,
        table: Option<&'static Table>,
        out: &mut Vec<Edit>,
    ) -> Result<(), Rewrite> {
        let Some(first) = items.first() else {
            return Err(Rewrite);
        };
        let identity: Vec<Option<usize>> = (0..list.len())
            .map(|i| (i < items.len()).then_some(i))
            .collect();
        let origins = self.origins.get(ptr).unwrap_or(&identity);
        if origins.len() != list.len() || origins.iter().flatten().any(|&i| i >= items.len()) {
            return Err(Rewrite);
        }
        let blocks: Vec<Range<usize>> = (0..items.len())
            .map(|i| {
                let start = self.line_start(items[i].span.start);
                let end = match items.get(i + 1) {
                    Some(next) => self.line_start(next.span.start),
                    None => self.line_end(self.end_of(&items[i])),
                };
                start..end
            })
            .collect();
        let in_place =
            origins.len() == items.len() && origins.iter().enumerate().all(|(i, o)| *o == Some(i));
        if in_place {
            for (i, (item, value)) in items.iter().zip(list).enumerate() {
                let mut inner = Vec::new();
                match self.node(item, value, &format!("{ptr}/{i}"), table, &mut inner) {
                    Ok(()) => out.append(&mut inner),
                    Err(Rewrite) => out.push(Edit {
                        range: blocks[i].clone(),
                        text: self.item(value, self.dash_column(&items[i]), table),
                    }),
                }
            }
            return Ok(());
        }
        let dash = self.dash_column(first);
        let mut text = String::new();
        for (i, (origin, value)) in origins.iter().zip(list).enumerate() {
            let block = origin.map(|o| (&items[o], blocks[o].clone()));
            let mut inner = Vec::new();
            match block {
                Some((item, range))
                    if self
                        .node(item, value, &format!("{ptr}/{i}"), table, &mut inner)
                        .is_ok() =>
                {
                    // Overlapping edits inside an item: write the item anew.
                    let Some(mut piece) = apply(self.src, range, inner) else {
                        text.push_str(&self.item(value, dash, table));
                        continue;
                    };
                    if !piece.ends_with('\n') {
                        piece.push_str(self.nl);
                    }
                    text.push_str(&piece);
                }
                _ => text.push_str(&self.item(value, dash, table)),
            }
        }
        let all = blocks[0].start..blocks[items.len() - 1].end;
        out.push(Edit { range: all, text });
        Ok(())
    }

    /// The column of the `-` before a block sequence item.
    fn dash_column(&self, item: &Node) -> usize {
        let start = self.line_start(item.span.start);
        let line = &self.src[start..item.span.start];
        line.find('-')
            .map_or(self.column(item.span.start), |i| line[..i].chars().count())
    }

    /// `key: value` (with its lines below) at `indent`, ending in a newline.
    fn entry(
        &self,
        out: &mut String,
        key: &str,
        value: &Json,
        indent: usize,
        table: Option<&'static Table>,
    ) {
        out.push_str(&" ".repeat(indent));
        out.push_str(&scalar(&Json::String(key.to_string()), Style::Plain, false));
        out.push(':');
        match value {
            Json::Object(map) if !map.is_empty() => {
                out.push_str(self.nl);
                for (k, v) in ordered(map, table) {
                    let sub = table.and_then(|t| sub_table(t, k));
                    self.entry(out, k, v, indent + 2, sub);
                }
            }
            Json::Array(list) if !list.is_empty() && !list.iter().all(is_scalar) => {
                out.push_str(self.nl);
                for v in list {
                    out.push_str(&self.item(v, indent + 2, table));
                }
            }
            Json::Array(list) => {
                out.push(' ');
                out.push_str(&flow_list(list));
                out.push_str(self.nl);
            }
            Json::Object(_) => {
                out.push_str(" {}");
                out.push_str(self.nl);
            }
            v => {
                out.push(' ');
                out.push_str(&scalar(v, Style::Plain, false));
                out.push_str(self.nl);
            }
        }
    }

    /// `- value` at `dash`, ending in a newline.
    fn item(&self, value: &Json, dash: usize, table: Option<&'static Table>) -> String {
        let mut out = " ".repeat(dash);
        out.push_str("- ");
        match value {
            Json::Object(map) if !map.is_empty() => {
                let mut body = String::new();
                for (k, v) in ordered(map, table) {
                    let sub = table.and_then(|t| sub_table(t, k));
                    self.entry(&mut body, k, v, dash + 2, sub);
                }
                // The first key goes on the dash's line.
                out.push_str(&body[dash + 2..]);
            }
            Json::Array(list) => {
                out.push_str(&flow_list(list));
                out.push_str(self.nl);
            }
            v => {
                out.push_str(&scalar(v, Style::Plain, false));
                out.push_str(self.nl);
            }
        }
        out
    }
}

/// The keys of `map` in the table's order, unknown keys last as given.
fn ordered<'m>(
    map: &'m Map<String, Json>,
    table: Option<&'static Table>,
) -> Vec<(&'m String, &'m Json)> {
    let mut entries: Vec<_> = map.iter().collect();
    if let Some(t) = table {
        entries.sort_by_key(|(k, _)| {
            t.fields
                .iter()
                .position(|f| f.key == k.as_str())
                .unwrap_or(usize::MAX)
        });
    }
    entries
}

/// The table of a field's group or list items.
fn sub_table(table: &'static Table, key: &str) -> Option<&'static Table> {
    match table.field(key)?.ty {
        Type::Object(t) | Type::List { table: t, .. } => Some(t),
        _ => None,
    }
}

fn is_scalar(v: &Json) -> bool {
    !matches!(v, Json::Array(_) | Json::Object(_))
}

/// `[a, b]` of scalars.
fn flow_list(list: &[Json]) -> String {
    let items: Vec<String> = list.iter().map(|v| scalar(v, Style::Plain, true)).collect();
    format!("[{}]", items.join(", "))
}

#[derive(Clone, Copy)]
enum Style {
    Plain,
    Single,
    Double,
}

/// A scalar as YAML text: plain when that reads back as the same string,
/// else quoted. `flow`: inside `[ ]`, where `,` and brackets end a value.
fn scalar(value: &Json, style: Style, flow: bool) -> String {
    let s = match value {
        Json::Null => return "null".into(),
        Json::Bool(b) => return b.to_string(),
        Json::Number(n) => return n.to_string(),
        Json::String(s) => s,
        other => return double_quoted(&other.to_string()),
    };
    match style {
        Style::Single if !s.contains(['\n', '\r']) && !s.chars().any(char::is_control) => {
            format!("'{}'", s.replace('\'', "''"))
        }
        Style::Plain if plain_reads_back(s, flow) => s.clone(),
        _ => double_quoted(s),
    }
}

fn plain_reads_back(s: &str, flow: bool) -> bool {
    let risky = s.is_empty()
        || s.trim() != s
        || s.chars().any(|c| c.is_control())
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        || (flow && s.contains([',', '[', ']', '{', '}']));
    if risky {
        return false;
    }
    // The parser decides what a plain word is (numbers, true, null ...).
    matches!(
        yaml::parse(&format!("k: {s}\n"), 0).map(|n| n.value),
        Ok(Value::Map(e)) if matches!(&e[0].1.value, Value::Str(v) if v == s)
    )
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `~` and `/` escaped for a JSON pointer segment (RFC 6901).
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The JSON pointer of the deepest value or key at byte `offset` of the file
/// whose front matter is `root` (for showing a diagnostic at its field).
pub fn pointer_at(text: &str, root: &Node, offset: usize) -> String {
    let ctx = Ctx {
        src: text,
        nl: "\n",
        origins: &Origins::new(),
    };
    let mut ptr = String::new();
    let mut node = root;
    'down: loop {
        match &node.value {
            Value::Map(entries) => {
                for (key, value) in entries {
                    let end = ctx.end_of(value).max(key.span.end);
                    if (key.span.start..=end).contains(&offset) {
                        ptr.push('/');
                        ptr.push_str(&escape_pointer(&key.name));
                        node = value;
                        continue 'down;
                    }
                }
                return ptr;
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    let from = ctx.line_start(item.span.start);
                    if (from..=ctx.end_of(item)).contains(&offset) {
                        ptr.push_str(&format!("/{i}"));
                        node = item;
                        continue 'down;
                    }
                }
                return ptr;
            }
            _ => return ptr,
        }
    }
}

/// The parsed front matter of `text`, for [`pointer_at`].
pub fn front_matter(text: &str) -> Option<Node> {
    let split = yaml::split(text).ok()?;
    yaml::parse(split.yaml, split.yaml_start).ok()
}

#[cfg(test)]
mod tests {

    /// Found by the fuzzer: YAML breaks lines at a lone CR, the in-place
    /// edits do not, and a list's edits overlapped (a panic). Such a file
    /// is not opened, and overlapping edits refuse rather than panic.
    #[test]
    fn lone_cr_line_breaks_are_refused_and_overlaps_never_panic() {
        let text = "---\nmål:\r  - a\r  - b\n---\nTekst\n";
        let refused = open(text).err().map(|e| e.0);
        assert!(refused.is_some_and(|m| m.contains("CR alene")));
        let edits = vec![
            Edit {
                range: 0..4,
                text: "x".into(),
            },
            Edit {
                range: 2..6,
                text: "y".into(),
            },
        ];
        assert_eq!(apply("abcdefgh", 0..8, edits), None);
        let edits = vec![Edit {
            range: 1..2,
            text: "x".into(),
        }];
        assert_eq!(apply("æbc", 0..4, edits), None, "not a character boundary");
    }
    use super::*;
    use crate::fields::PLAN;
    use serde_json::json;

    const FILE: &str = "---\n# Planen for FMI\nskema: 1\nstyrelse: fmi   # kortnavnet\når: 2026\nstatus: udkast\nmål:\n  - nr: 1\n    titel: \"Første mål\"\n    understøtter: [P1]\n    vægt: 50\n    # en kommentar i mål 1\n    opfølgning:\n      - kvartal: Q1\n        status: på_sporet\n  - nr: 2\n    titel: Andet mål\n    vægt: 50\n---\nBrødtekst.\n";

    fn edit(f: impl FnOnce(&mut Json), origins: Origins) -> String {
        let opened = open(FILE).expect("open");
        let mut front = opened.front.clone();
        f(&mut front);
        rewrite(FILE, &front, &opened.body, &origins, &PLAN).expect("rewrite")
    }

    fn changed_lines(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
        let a: Vec<&str> = a.lines().collect();
        let b: Vec<&str> = b.lines().collect();
        let gone = a
            .iter()
            .filter(|l| !b.contains(l))
            .map(|l| l.to_string())
            .collect();
        let new = b
            .iter()
            .filter(|l| !a.contains(l))
            .map(|l| l.to_string())
            .collect();
        (gone, new)
    }

    #[test]
    fn unchanged_values_give_the_same_bytes() {
        assert_eq!(edit(|_| {}, Origins::new()), FILE);
    }

    #[test]
    fn a_changed_value_changes_one_line_and_keeps_quotes_and_comments() {
        let out = edit(
            |f| f["mål"][0]["titel"] = json!("Første mål: nu med kolon"),
            Origins::new(),
        );
        let (gone, new) = changed_lines(FILE, &out);
        assert_eq!(gone, ["    titel: \"Første mål\""]);
        assert_eq!(new, ["    titel: \"Første mål: nu med kolon\""]);
        let out = edit(|f| f["styrelse"] = json!("fes"), Origins::new());
        assert!(out.contains("styrelse: fes   # kortnavnet\n"), "{out}");
        let out = edit(|f| f["mål"][1]["vægt"] = json!(40), Origins::new());
        assert_eq!(changed_lines(FILE, &out).1, ["    vægt: 40"]);
    }

    #[test]
    fn text_that_would_read_as_something_else_is_quoted() {
        let out = edit(|f| f["mål"][1]["titel"] = json!("2.10"), Origins::new());
        assert!(out.contains("    titel: \"2.10\"\n"), "{out}");
        let out = edit(|f| f["mål"][1]["titel"] = json!("ja"), Origins::new());
        assert!(out.contains("    titel: ja\n"), "{out}");
        let out = edit(|f| f["mål"][1]["titel"] = json!("true"), Origins::new());
        assert!(out.contains("    titel: \"true\"\n"), "{out}");
        let out = edit(
            |f| f["mål"][1]["titel"] = json!("linje 1\nlinje 2"),
            Origins::new(),
        );
        assert!(out.contains("    titel: \"linje 1\\nlinje 2\"\n"), "{out}");
    }

    #[test]
    fn a_new_key_goes_after_its_neighbour_in_the_table() {
        let out = edit(
            |f| f["mål"][1]["frist"] = json!("2026-12-31"),
            Origins::new(),
        );
        assert!(
            out.contains("    titel: Andet mål\n    frist: 2026-12-31\n    vægt: 50\n"),
            "{out}"
        );
        let out = edit(
            |f| {
                f["mål"][0]["delmål"] = json!([{"kvartal": "Q2", "tekst": "Halvvejs"}]);
            },
            Origins::new(),
        );
        assert!(
            out.contains("    vægt: 50\n    delmål:\n      - kvartal: Q2\n        tekst: Halvvejs\n    # en kommentar i mål 1\n    opfølgning:\n"),
            "{out}"
        );
    }

    #[test]
    fn a_removed_key_takes_its_lines() {
        let out = edit(
            |f| {
                f["mål"][0].as_object_mut().unwrap().remove("opfølgning");
            },
            Origins::new(),
        );
        let (gone, new) = changed_lines(FILE, &out);
        assert_eq!(
            gone,
            [
                "    opfølgning:",
                "      - kvartal: Q1",
                "        status: på_sporet"
            ]
        );
        assert!(new.is_empty());
    }

    #[test]
    fn moved_items_move_with_their_comments() {
        let origins = Origins::from([("/mål".to_string(), vec![Some(1), Some(0)])]);
        let out = edit(
            |f| {
                let goals = f["mål"].as_array_mut().unwrap();
                goals.swap(0, 1);
            },
            origins,
        );
        assert!(
            out.contains("mål:\n  - nr: 2\n    titel: Andet mål\n    vægt: 50\n  - nr: 1\n    titel: \"Første mål\"\n    understøtter: [P1]\n    vægt: 50\n    # en kommentar i mål 1\n"),
            "{out}"
        );
    }

    #[test]
    fn added_and_removed_items() {
        let origins = Origins::from([("/mål".to_string(), vec![Some(0), Some(1), None])]);
        let out = edit(
            |f| {
                f["mål"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"nr": 3, "titel": "Tredje", "understøtter": ["P1", "P2"]}));
            },
            origins,
        );
        assert!(out.ends_with("    vægt: 50\n  - nr: 3\n    titel: Tredje\n    understøtter: [P1, P2]\n---\nBrødtekst.\n"), "{out}");
        let origins = Origins::from([("/mål".to_string(), vec![Some(1)])]);
        let out = edit(
            |f| {
                f["mål"].as_array_mut().unwrap().remove(0);
            },
            origins,
        );
        assert!(
            out.contains("mål:\n  - nr: 2\n    titel: Andet mål\n    vægt: 50\n---"),
            "{out}"
        );
    }

    #[test]
    fn flow_lists_and_the_body() {
        let out = edit(
            |f| f["mål"][0]["understøtter"] = json!(["P1", "P3"]),
            Origins::new(),
        );
        assert_eq!(changed_lines(FILE, &out).1, ["    understøtter: [P1, P3]"]);
        let opened = open(FILE).unwrap();
        let out = rewrite(FILE, &opened.front, "Ny tekst.\n", &Origins::new(), &PLAN).unwrap();
        assert!(out.ends_with("---\nNy tekst.\n"));
    }

    #[test]
    fn pointers_name_the_value_at_an_offset() {
        let root = front_matter(FILE).unwrap();
        let at = FILE.find("vægt: 50\n    #").unwrap();
        assert_eq!(pointer_at(FILE, &root, at), "/mål/0/vægt");
        let at = FILE.find("Andet").unwrap();
        assert_eq!(pointer_at(FILE, &root, at), "/mål/1/titel");
        let at = FILE.find("på_sporet").unwrap();
        assert_eq!(pointer_at(FILE, &root, at), "/mål/0/opfølgning/0/status");
        assert_eq!(pointer_at(FILE, &root, 0), "");
    }

    #[test]
    fn files_the_form_cannot_hold_are_refused() {
        assert!(open("---\na: [\n---\n").is_err());
        assert!(open("---\na: 1\na: 2\n---\n").is_err());
        // Found by fuzzing: a key twice in a goal made overlapping edits.
        assert!(open("---\nm:\n  - a: 1\n    a: 2\n---\n").is_err());
        assert!(open("ingen front matter").is_err());
    }

    /// Every scalar of a front matter, by pointer.
    fn leaves(value: &Json, ptr: String, out: &mut Vec<String>) {
        match value {
            Json::Object(map) => {
                for (k, v) in map {
                    leaves(v, format!("{ptr}/{}", escape_pointer(k)), out);
                }
            }
            Json::Array(list) => {
                for (i, v) in list.iter().enumerate() {
                    leaves(v, format!("{ptr}/{i}"), out);
                }
            }
            _ => out.push(ptr),
        }
    }

    #[test]
    fn every_file_of_the_default_site_round_trips_and_each_value_edits_one_line() {
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut files = 0;
        let mut values = 0;
        for entry in walkdir::WalkDir::new(&content) {
            let entry = entry.expect("walk");
            let rel = entry.path().strip_prefix(&content).expect("under content");
            let table: &'static Table = match rel.iter().next().and_then(|p| p.to_str()) {
                Some("_index.md") => &crate::fields::SITE,
                Some("styrelser") => &crate::fields::AGENCY,
                Some("planer") => &PLAN,
                _ => continue,
            };
            if !entry.file_type().is_file() {
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(entry.path()).expect("read");
            let opened = open(&text).expect("open");
            let same = rewrite(&text, &opened.front, &opened.body, &Origins::new(), table);
            assert_eq!(same.as_deref(), Ok(text.as_str()), "{}", rel.display());
            let mut pointers = Vec::new();
            leaves(&opened.front, String::new(), &mut pointers);
            for ptr in pointers {
                let mut front = opened.front.clone();
                let value = front.pointer_mut(&ptr).expect("pointer");
                *value = match value.clone() {
                    Json::String(s) => Json::String(format!("{s} ændret")),
                    Json::Number(n) => json!(n.as_i64().map_or(1, |i| i + 1)),
                    Json::Bool(b) => Json::Bool(!b),
                    _ => Json::String("ny".into()),
                };
                let out = rewrite(&text, &front, &opened.body, &Origins::new(), table)
                    .unwrap_or_else(|e| panic!("{} {ptr}: {e:?}", rel.display()));
                let (a, b): (Vec<&str>, Vec<&str>) =
                    (text.lines().collect(), out.lines().collect());
                assert_eq!(a.len(), b.len(), "{} {ptr}", rel.display());
                let differing = a.iter().zip(&b).filter(|(x, y)| x != y).count();
                assert_eq!(differing, 1, "{} {ptr}\n{out}", rel.display());
                values += 1;
            }
        }
        assert!(
            files >= 29 && values > 1000,
            "{files} files, {values} values"
        );
    }
}
