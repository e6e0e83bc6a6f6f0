//! Decoding the spanned YAML tree into typed values, collecting every
//! structural problem (rules MRP004-MRP011) instead of stopping at the first.

use crate::diagnostics::catalogue::{
    MRP004, MRP005, MRP006, MRP007, MRP008, MRP009, MRP010, MRP011, MRP106, MRP122, MRP127, MRP128,
    MRP130, MRP131, MRP137, Rule,
};
use std::cell::RefCell;

use time::Date;

use crate::dates;
use crate::diagnostics::{Diagnostic, FileId};
use crate::fields::{Field, Table, Type};
use crate::span::{Sp, Span};
use crate::yaml::{Key, Node, Value};

/// Keys that were written but could not be used: misspelled (`vaegt` for
/// `vægt`), of the wrong type, blank or not an allowed word. Each already has
/// its diagnostic, so rules about a missing field stay quiet about them.
#[derive(Clone, Debug, Default)]
pub struct Flawed(Vec<String>);

impl Flawed {
    pub fn contains(&self, key: &str) -> bool {
        self.0.iter().any(|k| k == key)
    }
}

/// Where each key's value was written in a mapping, so rules about a text
/// can point at it (the texts themselves are plain strings in the model).
#[derive(Clone, Debug, Default)]
pub struct Spans(Vec<(String, Span)>);

impl Spans {
    pub fn get(&self, key: &str) -> Option<Span> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, s)| s.clone())
    }
}

/// A mapping being decoded, with the words used to name it in messages.
pub struct Obj<'n> {
    entries: &'n [(Key, Node)],
    /// Its keys, types and help texts.
    pub table: &'static Table,
    /// Who owns the fields, as the start of a sentence: "Planen", "Mål 3".
    pub who: String,
    /// Where a missing field is reported: the start of the mapping.
    pub anchor: Span,
    flawed: RefCell<Flawed>,
}

impl<'n> Obj<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k.span.clone())
    }
    /// Marks `key` as written but unusable (its diagnostic is out).
    pub fn flaw(&self, key: &str) {
        self.flawed.borrow_mut().0.push(key.to_string());
    }
    pub fn is_flawed(&self, key: &str) -> bool {
        self.flawed.borrow().contains(key)
    }
    /// Where every value of the mapping stands.
    pub fn spans(&self) -> Spans {
        Spans(
            self.entries
                .iter()
                .map(|(k, v)| (k.name.clone(), v.span.clone()))
                .collect(),
        )
    }
    /// The flawed keys, for the decoded value to keep.
    pub fn flawed(&self) -> Flawed {
        self.flawed.borrow().clone()
    }
    fn field(&self, key: &str) -> Option<&'static Field> {
        let field = self.table.field(key);
        debug_assert!(
            field.is_some(),
            "'{key}' is not in the table of {}",
            self.table.name
        );
        field
    }
    /// The help text and example of `key`.
    fn help(&self, key: &str) -> (&'static str, &'static str) {
        self.field(key)
            .map_or(("se formatbeskrivelsen i docs/format.md", "..."), |f| {
                (f.help, f.example)
            })
    }
    fn required(&self, key: &str) -> bool {
        self.field(key).is_some_and(|f| f.required)
    }
}

/// Decodes one file, collecting diagnostics as it goes.
pub struct Decoder<'a> {
    pub file: FileId,
    /// The whole file, to read a scalar as it was written.
    pub text: &'a str,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Decoder<'a> {
    pub fn new(file: FileId, text: &'a str) -> Self {
        Decoder {
            file,
            text,
            diagnostics: Vec::new(),
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Checks that `node` is a mapping whose keys are all in `table` and
    /// appear once. `who` names it at the start of a sentence ("Mål 3"),
    /// `what` inside one ("mål 3").
    pub fn object<'n>(
        &mut self,
        node: &'n Node,
        table: &'static Table,
        who: &str,
        what: &str,
    ) -> Option<Obj<'n>> {
        let Value::Map(entries) = &node.value else {
            self.type_error(
                node,
                what,
                "en gruppe af felter",
                "felt: værdi på hver sin linje",
            );
            return None;
        };
        let fields = table.keys();
        let mut flawed = Vec::new();
        for (i, (key, _)) in entries.iter().enumerate() {
            if let Some((first, _)) = entries[..i].iter().find(|(k, _)| k.name == key.name) {
                self.push(
                    Diagnostic::error(
                        MRP008,
                        self.file,
                        key.span.clone(),
                        format!("Feltet '{}' står to gange.", key.name),
                    )
                    .label("her igen")
                    .related(first.span.clone(), "første gang")
                    .hint("Slet det ene, så feltet kun står én gang."),
                );
            } else if !fields.contains(&key.name.as_str()) {
                let suggestion = suggest(&key.name, &fields);
                if let Some(s) = &suggestion
                    && !entries.iter().any(|(k, _)| k.name == *s)
                {
                    flawed.push(s.clone());
                }
                let hint = match suggestion {
                    Some(s) => format!("Mente du '{s}'?"),
                    None => format!("Tilladte felter her: {}.", fields.join(", ")),
                };
                self.push(
                    Diagnostic::error(
                        MRP004,
                        self.file,
                        key.span.clone(),
                        format!("Ukendt felt '{}' i {}.", key.name, what),
                    )
                    .label("ukendt felt")
                    .hint(hint),
                );
            }
        }
        let anchor = entries
            .first()
            .map_or(node.span.clone(), |(k, _)| k.span.clone());
        Some(Obj {
            entries,
            table,
            who: who.to_string(),
            anchor,
            flawed: RefCell::new(Flawed(flawed)),
        })
    }

    /// Reports a required field that is not there, under `rule` (MRP005,
    /// or a more specific rule such as MRP206 for results).
    pub fn missing(&mut self, rule: Rule, obj: &Obj, key: &str) {
        if obj.is_flawed(key) {
            return; // already reported (a misspelled key, a wrong value)
        }
        let (help, example) = obj.help(key);
        self.push(
            Diagnostic::error(
                rule,
                self.file,
                obj.anchor.clone(),
                format!("{} mangler feltet '{key}' ({help}).", obj.who),
            )
            .label(format!("'{key}' mangler her"))
            .hint(format!("Tilføj fx: {key}: {example}")),
        );
    }

    fn type_error(&mut self, node: &Node, key: &str, expected: &str, example: &str) {
        let got = match &node.value {
            Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                format!("'{}'", self.raw(node))
            }
            other => other.kind_da().to_string(),
        };
        self.push(
            Diagnostic::error(
                MRP006,
                self.file,
                node.span.clone(),
                format!("'{key}' skal være {expected}, ikke {got}."),
            )
            .label(format!("skal være {expected}"))
            .hint(format!("Skriv fx {key}: {example}")),
        );
    }

    /// A field's value of the wrong kind: reported, and the key marked.
    fn wrong_type(&mut self, obj: &Obj, key: &str, node: &Node, expected: &str) {
        let (_, example) = obj.help(key);
        self.type_error(node, key, expected, example);
        obj.flaw(key);
    }

    /// The scalar exactly as written in the file (e.g. `2.10`, not 2.1).
    pub fn raw(&self, node: &Node) -> String {
        let written = self.text.get(node.span.clone()).unwrap_or("").trim();
        let written = written.trim_matches(|c| c == '"' || c == '\'');
        if !written.is_empty() {
            return written.to_string();
        }
        match &node.value {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => String::new(),
        }
    }

    /// The value of `key`, or `None` when it is absent or null. A required
    /// field that is absent (MRP005) or null (MRP011) is reported.
    fn value<'n>(&mut self, obj: &Obj<'n>, key: &str) -> Option<&'n Node> {
        match obj.get(key) {
            Some(node) if !matches!(node.value, Value::Null) => Some(node),
            Some(node) if obj.required(key) => {
                self.blank(obj, key, node.span.clone(), obj.key_span(key));
                None
            }
            None if obj.required(key) => {
                self.missing(MRP005, obj, key);
                None
            }
            _ => None,
        }
    }

    fn blank(&mut self, obj: &Obj, key: &str, span: Span, key_span: Option<Span>) {
        let (help, example) = obj.help(key);
        let span = if span.is_empty() {
            key_span.unwrap_or(span)
        } else {
            span
        };
        self.push(
            Diagnostic::error(
                MRP011,
                self.file,
                span,
                format!("{} har et tomt '{key}' ({help}).", obj.who),
            )
            .label("tomt felt")
            .hint(format!("Skriv fx {key}: {example}")),
        );
        obj.flaw(key);
    }

    /// A text field. Numbers are accepted as text ("nr: 3" in a text field is fine).
    pub fn string(&mut self, obj: &Obj, key: &str) -> Option<Sp<String>> {
        let node = self.value(obj, key)?;
        let text = match &node.value {
            Value::Str(s) => s.trim().to_string(),
            Value::Int(_) | Value::Float(_) => self.raw(node),
            _ => {
                self.wrong_type(obj, key, node, "en tekst");
                return None;
            }
        };
        if text.is_empty() {
            self.blank(obj, key, node.span.clone(), obj.key_span(key));
            return None;
        }
        Some(Sp::new(text, node.span.clone()))
    }

    /// A text field's value, or "" when it is missing (reported if required).
    pub fn text(&mut self, obj: &Obj, key: &str) -> String {
        self.string(obj, key).map(|s| s.value).unwrap_or_default()
    }

    /// An optional text field's value.
    pub fn opt_text(&mut self, obj: &Obj, key: &str) -> Option<String> {
        self.string(obj, key).map(|s| s.value)
    }

    /// A whole number, within the range its table gives (the schema version
    /// must be exactly its number: MRP010).
    pub fn int(&mut self, obj: &Obj, key: &str) -> Option<Sp<i64>> {
        let node = self.value(obj, key)?;
        let Value::Int(i) = node.value else {
            self.wrong_type(obj, key, node, "et helt tal");
            return None;
        };
        let span = node.span.clone();
        match obj.field(key).map(|f| f.ty) {
            Some(Type::Int { min, max, rule }) if !(min..=max).contains(&i) => {
                self.out_of_range(obj, key, i, span, (min, max, rule));
                None
            }
            Some(Type::Version(v)) if i != v => {
                self.push(
                    Diagnostic::error(
                        MRP010,
                        self.file,
                        span,
                        format!("Skemaversion {i} kendes ikke. Denne version af mrplan læser '{key}: {v}'."),
                    )
                    .label("ukendt version")
                    .hint(format!("Skriv {key}: {v}")),
                );
                obj.flaw(key);
                None
            }
            _ => Some(Sp::new(i, span)),
        }
    }

    fn out_of_range(
        &mut self,
        obj: &Obj,
        key: &str,
        value: i64,
        span: Span,
        range: (i64, i64, Rule),
    ) {
        let (min, max, rule) = range;
        let (help, example) = obj.help(key);
        // The rule says why the bound is there.
        let (message, hint) = match rule {
            MRP106 => (
                format!(
                    "{} har vægt {value}; en vægt skal være et helt tal fra {min} til {max}.",
                    obj.who
                ),
                "Vægten er målets andel af planen i procent.".to_string(),
            ),
            MRP127 => (
                format!("'{key}' kan højst være {max}: mrplan udgiver højst {max} mål i én plan."),
                format!(
                    "Skriv fx {key}: {example} (vejledningen anbefaler 5-10 mål, højst {max})."
                ),
            ),
            _ => (
                format!(
                    "'{key}' skal være et helt tal fra {min} til {max}, ikke {value} ({help})."
                ),
                format!("Skriv fx {key}: {example}"),
            ),
        };
        let label = if rule == MRP127 {
            "for mange".to_string()
        } else {
            format!("ikke mellem {min} og {max}")
        };
        self.push(
            Diagnostic::error(rule, self.file, span, message)
                .label(label)
                .hint(hint),
        );
        obj.flaw(key);
    }

    /// `true` or `false`; anything else (`ja`, `"true"`) is MRP006.
    pub fn boolean(&mut self, obj: &Obj, key: &str) -> Option<Sp<bool>> {
        let node = self.value(obj, key)?;
        let Value::Bool(b) = node.value else {
            self.wrong_type(obj, key, node, "true eller false");
            return None;
        };
        Some(Sp::new(b, node.span.clone()))
    }

    /// A date written as YYYY-MM-DD.
    pub fn date(&mut self, obj: &Obj, key: &str) -> Option<Sp<Date>> {
        let example = obj.help(key).1;
        self.parsed(obj, key, dates::parse_date, |key, raw| {
            (
                format!("'{key}' skal være en dato på formen ÅÅÅÅ-MM-DD, ikke '{raw}'."),
                "ikke en gyldig dato",
                format!("Skriv fx {key}: {example}"),
            )
        })
    }

    /// A date, optionally with a time of day (`2025-01-15T09:56`).
    pub fn datetime(&mut self, obj: &Obj, key: &str) -> Option<Sp<time::PrimitiveDateTime>> {
        self.parsed(obj, key, dates::parse_datetime, |key, raw| {
            (
                format!("'{key}' skal være en dato eller et tidspunkt, ikke '{raw}'."),
                "ikke et gyldigt tidspunkt",
                format!("Skriv fx {key}: 2025-01-15T09:56 (eller kun datoen 2025-01-15)"),
            )
        })
    }

    /// A text value read by `parse`; otherwise MRP009 with the words `say`
    /// gives for (key, the value as written): message, label and hint.
    fn parsed<T>(
        &mut self,
        obj: &Obj,
        key: &str,
        parse: impl Fn(&str) -> Option<T>,
        say: impl Fn(&str, &str) -> (String, &'static str, String),
    ) -> Option<Sp<T>> {
        let node = self.value(obj, key)?;
        if let Value::Str(s) = &node.value
            && let Some(v) = parse(s)
        {
            return Some(Sp::new(v, node.span.clone()));
        }
        let (message, label, hint) = say(key, &self.raw(node));
        self.push(
            Diagnostic::error(MRP009, self.file, node.span.clone(), message)
                .label(label)
                .hint(hint),
        );
        obj.flaw(key);
        None
    }

    /// One of the words its table allows.
    pub fn word(&mut self, obj: &Obj, key: &str) -> Option<Sp<String>> {
        let allowed: &[&str] = match obj.field(key).map(|f| f.ty) {
            Some(Type::Word(words)) => words,
            _ => &[],
        };
        let value = self.string(obj, key)?;
        if allowed.contains(&value.value.as_str()) {
            return Some(value);
        }
        let list = allowed.join(" | ");
        let hint = match suggest(&value.value, allowed) {
            Some(s) => format!("Mente du '{s}'?"),
            None => format!("Vælg en af: {list}."),
        };
        self.push(
            Diagnostic::error(
                MRP007,
                self.file,
                value.span.clone(),
                format!("'{key}' kan være {list}, ikke '{}'.", value.value),
            )
            .label("ukendt værdi")
            .hint(hint),
        );
        obj.flaw(key);
        None
    }

    /// A web address ([`crate::fields::is_web_address`]); anything else is
    /// MRP128 at the value.
    pub fn url(&mut self, obj: &Obj, key: &str) -> Option<Sp<String>> {
        let url = self.string(obj, key)?;
        if crate::fields::is_web_address(&url.value) {
            return Some(url);
        }
        let (_, example) = obj.help(key);
        self.push(
            Diagnostic::error(
                MRP128,
                self.file,
                url.span.clone(),
                format!(
                    "'{key}' skal være en webadresse, der begynder med https:// eller http://, ikke '{}'.",
                    url.value
                ),
            )
            .label("ikke en webadresse")
            .hint(format!("Skriv fx {key}: {example}")),
        );
        obj.flaw(key);
        None
    }

    /// A colour, `#rrggbb` ([`crate::fields::is_color`]); MRP130 otherwise.
    pub fn color(&mut self, obj: &Obj, key: &str) -> Option<Sp<String>> {
        let color = self.string(obj, key)?;
        if crate::fields::is_color(&color.value) {
            return Some(color);
        }
        let (_, example) = obj.help(key);
        self.push(
            Diagnostic::error(
                MRP130,
                self.file,
                color.span.clone(),
                format!(
                    "'{key}' skal være en farve skrevet som #rrggbb, ikke '{}'.",
                    color.value
                ),
            )
            .label("ikke en farve")
            .hint(format!(
                "Skriv farven med # og seks hex-cifre i anførselstegn, fx {key}: \"{example}\""
            )),
        );
        obj.flaw(key);
        None
    }

    /// A file in `static/`, named by its path there, with one of the
    /// endings its field allows ([`crate::fields::is_static_path`]); MRP131
    /// otherwise. Whether the file is there is checked with the theme.
    pub fn static_file(&mut self, obj: &Obj, key: &str) -> Option<Sp<String>> {
        let types: &[&str] = match obj.field(key).map(|f| f.ty) {
            Some(Type::StaticFile(types)) => types,
            _ => &[],
        };
        let path = self.string(obj, key)?;
        let bare = path.value.strip_prefix("static/").unwrap_or(&path.value);
        if crate::fields::is_static_path(bare, types) {
            return Some(Sp::new(bare.to_string(), path.span));
        }
        let (_, example) = obj.help(key);
        let endings = types
            .iter()
            .map(|t| format!(".{t}"))
            .collect::<Vec<_>>()
            .join(" eller ");
        self.push(
            Diagnostic::error(
                MRP131,
                self.file,
                path.span.clone(),
                format!("'{key}' skal være stien til en {endings}-fil i static/, ikke '{}'.", path.value),
            )
            .label("ikke en fil i static/")
            .hint(format!("Læg filen i mappen static/, og skriv dens sti derfra med a-z, tal, -, _ og . (uden / foran og uden ..), fx {key}: {example}")),
        );
        obj.flaw(key);
        None
    }

    /// A plain folder name ([`crate::fields::is_plain_name`]): `tema: ../x`
    /// or `/etc` would read a folder outside the site. MRP122 otherwise.
    pub fn name(&mut self, obj: &Obj, key: &str) -> Option<Sp<String>> {
        let name = self.string(obj, key)?;
        if crate::fields::is_plain_name(&name.value) {
            return Some(name);
        }
        self.push(
            Diagnostic::error(
                MRP122,
                self.file,
                name.span.clone(),
                format!("'{key}' skal være navnet på en mappe i themes/, ikke en sti: '{}'.", name.value),
            )
            .label("ikke et temanavn")
            .hint("Et tema ligger i themes/<navn>/ inde i sidens mappe; skriv kun navnet (bogstaver, tal, - og _), fx tema: standard"),
        );
        obj.flaw(key);
        None
    }

    /// A scalar as text, the way [`Decoder::string`] reads it: a string as
    /// decoded (`"P\u0031"` is P1), a number as written (`2.10` stays 2.10).
    pub fn scalar(&self, node: &Node) -> String {
        match &node.value {
            Value::Str(s) => s.trim().to_string(),
            _ => self.raw(node),
        }
    }

    /// A goal number: a whole number from 1, or a text such as "2.3".
    pub fn nr(&mut self, obj: &Obj, key: &str) -> Option<Sp<String>> {
        let node = self.value(obj, key)?;
        match &node.value {
            Value::Int(i) if *i >= 1 => Some(Sp::new(i.to_string(), node.span.clone())),
            // As written: 2.10 is goal "2.10", not 2.1.
            Value::Float(_) => Some(Sp::new(self.raw(node), node.span.clone())),
            Value::Str(s) if !s.trim().is_empty() => {
                Some(Sp::new(s.trim().to_string(), node.span.clone()))
            }
            _ => {
                self.push(
                    Diagnostic::error(
                        MRP006,
                        self.file,
                        node.span.clone(),
                        format!(
                            "'{key}' skal være et tal fra 1 eller en tekst som \"2.3\", ikke '{}'.",
                            self.raw(node)
                        ),
                    )
                    .label("ugyldigt nummer")
                    .hint(format!("Skriv fx {key}: 3 eller {key}: \"2.3\"")),
                );
                obj.flaw(key);
                None
            }
        }
    }

    /// A decimal number ([`Type::Decimal`]): a YAML number, or a text with
    /// a Danish decimal comma ([`crate::fields::parse_decimal_da`]); MRP137
    /// at the value otherwise.
    pub fn decimal(&mut self, obj: &Obj, key: &str) -> Option<Sp<f64>> {
        let node = self.value(obj, key)?;
        let number = match &node.value {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            Value::Str(s) => crate::fields::parse_decimal_da(s),
            _ => None,
        };
        if let Some(n) = number.filter(|n| n.is_finite()) {
            return Some(Sp::new(n, node.span.clone()));
        }
        let (help, example) = obj.help(key);
        self.push(
            Diagnostic::error(
                MRP137,
                self.file,
                node.span.clone(),
                format!("'{key}' skal være et tal ({help}), ikke '{}'.", self.raw(node)),
            )
            .label("ikke et tal")
            .hint(format!(
                "Skriv tallet med punktum uden anførselstegn, fx {key}: {example}, eller med komma i anførselstegn, fx {key}: \"1.234,5\""
            )),
        );
        obj.flaw(key);
        None
    }

    /// A list field; `None` when missing (reported if required) or not a list.
    pub fn list<'n>(&mut self, obj: &Obj<'n>, key: &str) -> Option<(&'n [Node], Span)> {
        let node = self.value(obj, key)?;
        let min = match obj.field(key).map(|f| f.ty) {
            Some(Type::List { min, .. }) => min,
            _ => 0,
        };
        match &node.value {
            Value::Seq(items) if items.len() < min => {
                self.blank(obj, key, node.span.clone(), obj.key_span(key));
                None
            }
            Value::Seq(items) => Some((items, obj.key_span(key).unwrap_or(node.span.clone()))),
            _ => {
                self.wrong_type(obj, key, node, "en liste");
                None
            }
        }
    }

    /// A group-of-fields field, decoded against its table; `None` when
    /// absent, null or not a mapping (reported).
    pub fn group<'n>(&mut self, obj: &Obj<'n>, key: &str, who: &str) -> Option<Obj<'n>> {
        let node = self.value(obj, key)?;
        let Some(Type::Object(table)) = obj.field(key).map(|f| f.ty) else {
            return None;
        };
        if !matches!(node.value, Value::Map(_)) {
            self.wrong_type(obj, key, node, "en gruppe af felter");
            return None;
        }
        self.object(node, table, who, table.name)
    }

    /// A list of short texts, written `[P1, P2]` or as `- P1` lines.
    pub fn string_list(&mut self, obj: &Obj, key: &str) -> Option<Sp<Vec<Sp<String>>>> {
        let node = self.value(obj, key)?;
        let items = match &node.value {
            Value::Seq(items) => items.as_slice(),
            // A single id is accepted as a list of one.
            Value::Str(_) | Value::Int(_) => std::slice::from_ref(node),
            _ => {
                self.wrong_type(obj, key, node, "en liste");
                return None;
            }
        };
        if items.is_empty() && obj.required(key) {
            self.blank(obj, key, node.span.clone(), obj.key_span(key));
            return None;
        }
        let mut out = Vec::new();
        for item in items {
            match &item.value {
                // The decoded text: "P\u0031" is P1.
                Value::Str(s) => out.push(Sp::new(s.trim().to_string(), item.span.clone())),
                Value::Int(_) | Value::Float(_) => {
                    out.push(Sp::new(self.raw(item), item.span.clone()));
                }
                _ => {
                    self.type_error(item, key, "en liste af id'er", "[P1, P2]");
                    obj.flaw(key);
                }
            }
        }
        let span = obj.key_span(key).unwrap_or(node.span.clone());
        Some(Sp::new(out, span))
    }
}

/// The closest allowed word, if it is close enough to be a likely typo.
pub fn suggest(word: &str, candidates: &[&str]) -> Option<String> {
    let w = fold(word);
    candidates
        .iter()
        .map(|c| (strsim::levenshtein(&w, &fold(c)), *c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

/// Lower-cases and spells æ, ø, å the way a keyboard without them does.
fn fold(s: &str) -> String {
    s.to_lowercase()
        .replace('æ', "ae")
        .replace('ø', "oe")
        .replace('å', "aa")
        .replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_danish_letters_typed_without_them() {
        assert_eq!(
            suggest("vaegt", &["vægt", "titel"]).as_deref(),
            Some("vægt")
        );
        assert_eq!(
            suggest("maalepunkt", &["målepunkt", "frist"]).as_deref(),
            Some("målepunkt")
        );
        assert_eq!(
            suggest("godkent", &["udkast", "godkendt"]).as_deref(),
            Some("godkendt")
        );
        assert_eq!(suggest("helt_andet", &["vægt", "titel"]), None);
    }
}
