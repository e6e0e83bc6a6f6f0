//! Decoding the spanned YAML tree into typed values, collecting every
//! structural problem (rules MRP004-MRP011) instead of stopping at the first.

use time::Date;

use crate::dates;
use crate::diagnostics::{Diagnostic, FileId};
use crate::yaml::{Key, Node, Span, Value};

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Span) -> Self {
        Sp { value, span }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A mapping being decoded, with the words used to name it in messages.
pub struct Obj<'n> {
    entries: &'n [(Key, Node)],
    /// Who owns the fields, as the start of a sentence: "Planen", "Mål 3".
    pub who: String,
    /// Where a missing field is reported: the start of the mapping.
    pub anchor: Span,
    /// Fields that are absent but were written with a misspelled key
    /// (`vaegt` for `vægt`). MRP004 reports them; presence rules stay quiet.
    pub misspelled: Vec<String>,
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

    /// Checks that `node` is a mapping whose keys are all in `fields` and appear once.
    pub fn object<'n>(
        &mut self,
        node: &'n Node,
        fields: &[&str],
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
        let mut misspelled = Vec::new();
        for (i, (key, _)) in entries.iter().enumerate() {
            if let Some((first, _)) = entries[..i].iter().find(|(k, _)| k.name == key.name) {
                self.push(
                    Diagnostic::error(
                        "MRP008",
                        self.file,
                        key.span.clone(),
                        format!("Feltet '{}' står to gange.", key.name),
                    )
                    .label("her igen")
                    .related(first.span.clone(), "første gang")
                    .hint("Slet det ene, så feltet kun står én gang."),
                );
            } else if !fields.contains(&key.name.as_str()) {
                let suggestion = suggest(&key.name, fields);
                if let Some(s) = &suggestion
                    && !entries.iter().any(|(k, _)| k.name == *s)
                {
                    misspelled.push(s.clone());
                }
                let hint = match suggestion {
                    Some(s) => format!("Mente du '{s}'?"),
                    None => format!("Tilladte felter her: {}.", fields.join(", ")),
                };
                self.push(
                    Diagnostic::error(
                        "MRP004",
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
            who: who.to_string(),
            anchor,
            misspelled,
        })
    }

    /// Reports a required field that is not there, under `rule` (MRP005,
    /// or a more specific rule such as MRP206 for results).
    pub fn missing(&mut self, rule: &'static str, obj: &Obj, key: &str) {
        if obj.misspelled.iter().any(|m| m == key) {
            return; // already reported as a misspelled key (MRP004)
        }
        let (help, example) = field_help(key);
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
                "MRP006",
                self.file,
                node.span.clone(),
                format!("'{key}' skal være {expected}, ikke {got}."),
            )
            .label(format!("skal være {expected}"))
            .hint(format!("Skriv fx {key}: {example}")),
        );
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

    /// A scalar as text, the way [`Decoder::string`] reads it: a string as
    /// decoded (`"P\u0031"` is P1), a number as written (`2.10` stays 2.10).
    pub fn scalar(&self, node: &Node) -> String {
        match &node.value {
            Value::Str(s) => s.trim().to_string(),
            _ => self.raw(node),
        }
    }

    /// A field that must be there. `None` when it is missing or null (reported).
    fn required<'n>(&mut self, obj: &Obj<'n>, key: &str) -> Option<&'n Node> {
        match obj.get(key) {
            Some(node) if !matches!(node.value, Value::Null) => Some(node),
            Some(node) => {
                self.blank(obj, key, node.span.clone(), obj.key_span(key));
                None
            }
            None => {
                self.missing("MRP005", obj, key);
                None
            }
        }
    }

    fn blank(&mut self, obj: &Obj, key: &str, span: Span, key_span: Option<Span>) {
        let (help, example) = field_help(key);
        let span = if span.is_empty() {
            key_span.unwrap_or(span)
        } else {
            span
        };
        self.push(
            Diagnostic::error(
                "MRP011",
                self.file,
                span,
                format!("{} har et tomt '{key}' ({help}).", obj.who),
            )
            .label("tomt felt")
            .hint(format!("Skriv fx {key}: {example}")),
        );
    }

    /// A text field. Numbers are accepted as text ("nr: 3" in a text field is fine).
    pub fn string(&mut self, obj: &Obj, key: &str, required: bool) -> Option<Sp<String>> {
        let node = if required {
            self.required(obj, key)?
        } else {
            match obj.get(key) {
                None => return None,
                Some(n) if matches!(n.value, Value::Null) => return None,
                Some(n) => n,
            }
        };
        let text = match &node.value {
            Value::Str(s) => s.trim().to_string(),
            Value::Int(_) | Value::Float(_) => self.raw(node),
            _ => {
                let (_, example) = field_help(key);
                self.type_error(node, key, "en tekst", example);
                return None;
            }
        };
        if text.is_empty() {
            self.blank(obj, key, node.span.clone(), obj.key_span(key));
            return None;
        }
        Some(Sp::new(text, node.span.clone()))
    }

    /// An integer field.
    pub fn int(&mut self, obj: &Obj, key: &str, required: bool) -> Option<Sp<i64>> {
        let node = if required {
            self.required(obj, key)?
        } else {
            optional(obj, key)?
        };
        match &node.value {
            Value::Int(i) => Some(Sp::new(*i, node.span.clone())),
            _ => {
                let (_, example) = field_help(key);
                self.type_error(node, key, "et helt tal", example);
                None
            }
        }
    }

    /// A date written as YYYY-MM-DD.
    pub fn date(&mut self, obj: &Obj, key: &str, required: bool) -> Option<Sp<Date>> {
        let node = if required {
            self.required(obj, key)?
        } else {
            optional(obj, key)?
        };
        let raw = self.raw(node);
        match dates::parse_date(&raw) {
            Some(d) => Some(Sp::new(d, node.span.clone())),
            None => {
                self.push(
                    Diagnostic::error(
                        "MRP009",
                        self.file,
                        node.span.clone(),
                        format!("'{key}' skal være en dato på formen ÅÅÅÅ-MM-DD, ikke '{raw}'."),
                    )
                    .label("ikke en gyldig dato")
                    .hint(format!("Skriv fx {key}: 2025-12-31")),
                );
                None
            }
        }
    }

    /// A date, optionally with a time of day (`2025-01-15T09:56`).
    pub fn datetime(&mut self, obj: &Obj, key: &str) -> Option<Sp<time::PrimitiveDateTime>> {
        let node = optional(obj, key)?;
        let raw = self.raw(node);
        match dates::parse_datetime(&raw) {
            Some(d) => Some(Sp::new(d, node.span.clone())),
            None => {
                self.push(
                    Diagnostic::error(
                        "MRP009",
                        self.file,
                        node.span.clone(),
                        format!("'{key}' skal være en dato eller et tidspunkt, ikke '{raw}'."),
                    )
                    .label("ikke et gyldigt tidspunkt")
                    .hint(format!(
                        "Skriv fx {key}: 2025-01-15T09:56 (eller kun datoen 2025-01-15)"
                    )),
                );
                None
            }
        }
    }

    /// One of a fixed set of words.
    pub fn word(
        &mut self,
        obj: &Obj,
        key: &str,
        allowed: &[&str],
        required: bool,
    ) -> Option<Sp<String>> {
        let value = self.string(obj, key, required)?;
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
                "MRP007",
                self.file,
                value.span.clone(),
                format!("'{key}' kan være {list}, ikke '{}'.", value.value),
            )
            .label("ukendt værdi")
            .hint(hint),
        );
        None
    }

    /// A list field; `None` when missing (reported if required) or not a list.
    pub fn list<'n>(
        &mut self,
        obj: &Obj<'n>,
        key: &str,
        required: bool,
    ) -> Option<(&'n [Node], Span)> {
        let node = if required {
            self.required(obj, key)?
        } else {
            optional(obj, key)?
        };
        match &node.value {
            Value::Seq(items) => Some((items, obj.key_span(key).unwrap_or(node.span.clone()))),
            _ => {
                let (_, example) = field_help(key);
                self.type_error(node, key, "en liste", example);
                None
            }
        }
    }

    /// A list of short texts, written `[P1, P2]` or as `- P1` lines.
    pub fn string_list(
        &mut self,
        obj: &Obj,
        key: &str,
        required: bool,
    ) -> Option<Sp<Vec<Sp<String>>>> {
        let node = if required {
            self.required(obj, key)?
        } else {
            optional(obj, key)?
        };
        let items = match &node.value {
            Value::Seq(items) => items.as_slice(),
            // A single id is accepted as a list of one.
            Value::Str(_) | Value::Int(_) => std::slice::from_ref(node),
            _ => {
                let (_, example) = field_help(key);
                self.type_error(node, key, "en liste", example);
                return None;
            }
        };
        let mut out = Vec::new();
        for item in items {
            match &item.value {
                Value::Str(_) | Value::Int(_) | Value::Float(_) => {
                    out.push(Sp::new(self.scalar(item), item.span.clone()));
                }
                _ => self.type_error(item, key, "en liste af id'er", "[P1, P2]"),
            }
        }
        let span = obj.key_span(key).unwrap_or(node.span.clone());
        Some(Sp::new(out, span))
    }
}

fn optional<'n>(obj: &Obj<'n>, key: &str) -> Option<&'n Node> {
    obj.get(key).filter(|n| !matches!(n.value, Value::Null))
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

/// What a field is for, and an example value: the "how to fix it" of messages.
pub fn field_help(key: &str) -> (&'static str, &'static str) {
    match key {
        "skema" => ("formatets version", "1"),
        "styrelse" => (
            "styrelsens kortnavn, som filen i content/styrelser/ hedder",
            "fmi",
        ),
        "år" => ("planåret", "2025"),
        "status" => ("udkast eller godkendt", "godkendt"),
        "titel" => ("en kort titel", "Kortere sagsbehandlingstider"),
        "strategisk_målbillede" => ("de flerårige strategiske mål", "[{id: P1, tekst: ...}]"),
        "mål" => ("årets mål", "en liste af mål med nr, titel, ..."),
        "opfølgning" => (
            "hvordan og hvor ofte målene følges op",
            "{frekvens: kvartalsvis, proces: ...}",
        ),
        "påtegning" => (
            "sted, dato og de to underskrivere",
            "{sted: København, dato: 2024-12-16, ...}",
        ),
        "id" => ("et kort id, som målene kan henvise til", "P1"),
        "tekst" => ("teksten", "Beskriv målet med én sætning."),
        "nr" => ("målets nummer", "1"),
        "gruppe" => ("overskriften, målet grupperes under", "Kernefaglige mål"),
        "kerneopgave" => ("hvilken kerneopgave målet hører til", "Materielanskaffelse"),
        "understøtter" => ("hvilke dele af målbilledet målet understøtter", "[P1]"),
        "beskrivelse" => ("hvad skal opnås?", "Styrelsen nedbringer ..."),
        "målepunkt" => (
            "hvad måles der på?",
            "Andel af sager afsluttet inden for 30 dage",
        ),
        "succeskriterium" => ("hvornår er målet nået?", "Mindst 90 pct. ved årets udgang"),
        "baseline" => ("udgangspunktet", "82 pct. i 2024"),
        "frist" => ("hvornår skal målet være nået?", "2025-12-31"),
        "datakilde" => (
            "hvilke data bruges til opfølgningen?",
            "Styrelsens sagssystem",
        ),
        "vægt" => ("målets vægt i procent", "15"),
        "ansvarlig" => ("hvem i styrelsen står for målet?", "Økonomiafdelingen"),
        "delmål" => ("milepæle i løbet af året", "[{kvartal: Q2, tekst: ...}]"),
        "kvartal" => ("kvartalet", "Q2"),
        "kommentar" => ("en kort status", "Arbejdet følger planen."),
        "resultat" => ("årets resultat", "{status: opfyldt, opnået: ...}"),
        "opnået" => ("hvad blev faktisk nået?", "93 pct. af sagerne"),
        "vurdering" => ("styrelsens vurdering af resultatet", "Målet er opfyldt."),
        "analyse" => (
            "hvorfor gik det sådan, og hvad påvirkede resultatet?",
            "...",
        ),
        "frekvens" => ("hvor ofte der følges op", "kvartalsvis"),
        "proces" => (
            "hvordan der følges op",
            "Kvartalsmøder mellem styrelse og departement",
        ),
        "sted" => ("hvor planen er underskrevet", "København"),
        "dato" => ("hvornår planen er underskrevet", "2024-12-16"),
        "departementschef" => ("departementschefens navn", "Kasper Ravn Høegh"),
        "styrelsesdirektør" => ("styrelsesdirektørens navn", "Anne Holm"),
        "ministerium" => ("ministeriets navn", "Forsvarsministeriet"),
        "base_url" => ("sidens offentlige adresse", "https://www.example.dk"),
        "sprog" => ("sidens sprog", "da"),
        "tema" => ("temaets mappe under themes/", "standard"),
        "mission" => ("ministeriets koncernfælles mission", "..."),
        "vision" => ("ministeriets koncernfælles vision", "..."),
        "tilgængelighedserklæring" => (
            "adressen på sidens tilgængelighedserklæring",
            "https://www.was.digst.dk/...",
        ),
        "navn" => (
            "styrelsens fulde navn",
            "Forsvarsministeriets Materiel- og Indkøbsstyrelse",
        ),
        "forkortelse" => ("styrelsens forkortelse", "FMI"),
        "url" => ("styrelsens hjemmeside", "https://www.fmi.dk"),
        "opdateret" => ("hvornår planen sidst er opdateret", "2025-01-15T09:56"),
        "regler" => ("indstillinger for reglerne", "{min_mål: 5, max_mål: 10}"),
        "min_mål" | "max_mål" | "analyse_vægt" => ("et helt tal", "10"),
        _ => ("se formatbeskrivelsen i README.md", "..."),
    }
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
