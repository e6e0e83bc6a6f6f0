//! `mrplan schema`: JSON Schemas (draft-07, what editors' YAML support reads)
//! of the front matter, generated from the field table (`fields`) that the
//! checker decodes with. What the schema accepts, `check` accepts, and the
//! reverse; `tests/testsuite/schema.rs` proves it field by field.

use serde_json::{Map, Value, json};

use crate::fields::{self, Field, Table, Type};

/// Which front matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// A plan: content/planer/<år>/<styrelse>.md.
    Plan,
    /// An agency: content/styrelser/<styrelse>.md.
    Styrelse,
    /// The site settings: content/_index.md.
    Side,
}

/// The rules whose problems the schema expresses too: what it refuses,
/// `check` reports under one of these, and the reverse.
pub const EXPRESSED_RULES: &[&str] = &[
    "MRP001", "MRP002", "MRP003", "MRP004", "MRP005", "MRP006", "MRP007", "MRP008", "MRP009",
    "MRP010", "MRP011", "MRP106", "MRP109", "MRP115", "MRP116", "MRP122", "MRP127", "MRP128",
    // MRP130's contrast part is not the schema's; its #rrggbb part is.
    "MRP130", "MRP131", "MRP137", "MRP206",
];

/// A calendar date, ÅÅÅÅ-MM-DD, that exists (no 30 February; 29 February
/// only in leap years), as `dates::parse_date` reads it.
const DATE: &str = concat!(
    r"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])",
    r"|\d{4}-(0[13-9]|1[0-2])-(29|30)",
    r"|\d{4}-(0[13578]|1[02])-31",
    r"|(\d{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29)"
);
/// A time of day, tt:mm or tt:mm:ss.
const TIME: &str = r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?";

/// Text must hold something besides spaces (blank is MRP011).
const NOT_BLANK: &str = r"\S";

/// The JSON type names a field's value may have; `null` too when the field
/// is optional, since `felt:` with no value counts as not written.
fn types(names: &[&str], field: &Field) -> Value {
    let mut t: Vec<&str> = names.to_vec();
    if !field.required {
        t.push("null");
    }
    json!(t)
}

/// The schema of one field's value.
fn value(field: &Field) -> Value {
    match field.ty {
        Type::Text => json!({"type": types(&["string", "number"], field), "pattern": NOT_BLANK}),
        Type::Int { min, max, .. } => {
            json!({"type": types(&["integer"], field), "minimum": min, "maximum": max})
        }
        Type::Version(v) => json!({"const": v}),
        Type::Date => {
            json!({"type": types(&["string"], field), "pattern": format!(r"^\s*{DATE}\s*$")})
        }
        Type::DateTime => json!({
            "type": types(&["string"], field),
            "pattern": format!(r"^\s*{DATE}([T ]{TIME})?\s*$"),
        }),
        Type::Word(words) => {
            let mut allowed: Vec<Value> = words.iter().map(|w| json!(w)).collect();
            if !field.required {
                allowed.push(Value::Null);
            }
            json!({"enum": allowed})
        }
        // As fields::is_web_address: a host first, then no space, control
        // character, quote, angle bracket, backslash or backtick.
        Type::Url => json!({
            "type": types(&["string"], field),
            "pattern": r#"^\s*[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9\[][^\s"<>\\`\u0000-\u001f\u007f-\u009f]*\s*$"#,
        }),
        Type::Name => {
            json!({"type": types(&["string"], field), "pattern": r"^\s*[A-Za-z0-9_-]+\s*$"})
        }
        Type::Color => {
            json!({"type": types(&["string"], field), "pattern": r"^\s*#[0-9A-Fa-f]{6}\s*$"})
        }
        Type::StaticFile(endings) => static_file(endings, field),
        Type::Nr => any_of_or_null(
            vec![
                json!({"type": "integer", "minimum": 1}),
                json!({"type": "string", "pattern": NOT_BLANK}),
                json!({"type": "number", "not": {"type": "integer"}}),
            ],
            field,
        ),
        // As fields::parse_decimal_da for text: a Danish decimal comma and
        // thousands points in groups of three.
        Type::Decimal => any_of_or_null(
            vec![
                json!({"type": "number"}),
                json!({"type": "string", "pattern": r"^\s*-?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?\s*$"}),
            ],
            field,
        ),
        Type::Bool => json!({"type": types(&["boolean"], field)}),
        Type::Ids => json!({"anyOf": [
            {"type": ["string", "integer"]},
            {"type": "array", "items": {"type": ["string", "number"]}, "minItems": 1},
        ]}),
        Type::Object(table) => {
            let mut o = object(table);
            o["type"] = types(&["object"], field);
            o
        }
        Type::List { table, min } => json!({
            "type": types(&["array"], field),
            "items": object(table),
            "minItems": min,
        }),
    }
}

/// One of `any`; an optional field (`ændringer[].mål`) may also be empty.
fn any_of_or_null(mut any: Vec<Value>, field: &Field) -> Value {
    if !field.required {
        any.push(json!({"type": "null"}));
    }
    json!({ "anyOf": any })
}

/// As fields::is_static_path: parts of a-z, 0-9, '-', '_' and '.', not
/// starting with '.', and one of the field's endings in any case.
fn static_file(endings: &[&str], field: &Field) -> Value {
    let endings: Vec<String> = endings
        .iter()
        .map(|e| {
            e.chars()
                .map(|c| format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase()))
                .collect()
        })
        .collect();
    let part = r"[A-Za-z0-9_-][A-Za-z0-9_.-]*";
    json!({
        "type": types(&["string"], field),
        "pattern": format!(r"^\s*(static/)?({part}/)*{part}\.({})\s*$", endings.join("|")),
    })
}

/// "Hvad måles der på? Eksempel: Andel af sager ..."
fn describe(field: &Field) -> String {
    let mut c = field.help.chars();
    let what: String = c
        .next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default();
    let stop = if what.ends_with('?') { "" } else { "." };
    format!("{what}{stop} Eksempel: {}", field.example)
}

/// A mapping whose keys are exactly the table's; unknown keys are errors,
/// as in `check` (MRP004).
fn object(table: &Table) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in table.fields {
        let mut v = value(field);
        v["description"] = json!(describe(field));
        properties.insert(field.key.to_string(), v);
        // The plan's `opfølgning` is required by MRP116, the rest by MRP005.
        if field.required {
            required.push(field.key);
        }
    }
    let mut o = json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    });
    constrain(table, &mut o);
    o
}

/// The rules between fields that a schema can still say.
fn constrain(table: &Table, o: &mut Value) {
    if std::ptr::eq(table, &fields::MILESTONE) {
        // MRP115: a delmål has either 'frist' or 'kvartal'.
        o["oneOf"] = json!([
            {"required": ["frist"], "properties": {"frist": {"type": "string"}}},
            {"required": ["kvartal"], "properties": {"kvartal": {"type": "string"}}},
        ]);
    }
    if std::ptr::eq(table, &fields::PLAN) {
        // MRP109: an approved plan carries the whole påtegning, but for
        // the signers' titles, which have defaults.
        let signers: Vec<&str> = fields::SIGNATURE
            .keys()
            .into_iter()
            .filter(|k| !k.ends_with("_titel"))
            .collect();
        let present: Map<String, Value> = signers
            .iter()
            .map(|k| (k.to_string(), json!({"not": {"type": "null"}})))
            .collect();
        o["if"] = json!({"properties": {"status": {"const": "godkendt"}}, "required": ["status"]});
        o["then"] = json!({
            "required": ["påtegning"],
            "properties": {"påtegning": {"type": "object", "required": signers, "properties": present}},
        });
    }
}

/// The schema of one kind of front matter.
pub fn schema(kind: Kind) -> Value {
    let (title, table) = match kind {
        Kind::Plan => (
            "Mål- og resultatplan (content/planer/<år>/<styrelse>.md)",
            &fields::PLAN,
        ),
        Kind::Styrelse => (
            "Styrelse (content/styrelser/<styrelse>.md)",
            &fields::AGENCY,
        ),
        Kind::Side => ("Sidens indstillinger (content/_index.md)", &fields::SITE),
    };
    let mut schema = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": title,
    });
    if let (Value::Object(s), Value::Object(b)) = (&mut schema, object(table)) {
        s.extend(b);
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_each_field_from_the_table() {
        let plan = schema(Kind::Plan);
        let goal = &plan["properties"]["mål"]["items"];
        assert_eq!(
            goal["properties"]["vægt"]["description"],
            "Målets vægt i procent (1-100). Eksempel: 15"
        );
        assert_eq!(goal["properties"]["vægt"]["minimum"], 1);
        assert_eq!(plan["additionalProperties"], false);
    }
}
