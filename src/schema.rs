//! `mrplan schema`: JSON Schemas (draft-07, what editors' YAML support reads)
//! of the front matter. Built from the checker's own field lists, enum
//! values and Danish field help, so the schema and `check` cannot drift
//! apart (a test compares them).

use serde_json::{Map, Value, json};

use crate::decode::field_help;
use crate::model::{
    AGENCY_FIELDS, AIM_FIELDS, FOLLOW_UP_FIELDS, FREQUENCIES, GOAL_FIELDS, MILESTONE_FIELDS,
    PLAN_FIELDS, QUARTER_FIELDS, QUARTER_STATUSES, QUARTERS, RESULT_FIELDS, RESULT_STATUSES,
    RULE_FIELDS, SIGNATURE_FIELDS, SITE_FIELDS,
};

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

const DATE: &str = r"^\d{4}-\d{2}-\d{2}$";
const DATE_TIME: &str = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$";

/// A field's description: what it is for, and an example.
fn describe(key: &str, mut schema: Value) -> Value {
    let (what, example) = field_help(key);
    let what = capitalise(what);
    let stop = if what.ends_with('?') { "" } else { "." };
    let text = if example == "..." {
        format!("{what}{stop}")
    } else {
        format!("{what}{stop} Eksempel: {example}")
    };
    if let Value::Object(o) = &mut schema {
        o.insert("description".into(), Value::String(text));
    }
    schema
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn text() -> Value {
    json!({"type": "string", "minLength": 1})
}

fn one_of(values: &[&str]) -> Value {
    json!({"type": "string", "enum": values})
}

/// An object whose properties are exactly `fields`; `kind` gives each
/// field's schema. Unknown keys are errors, as in `check`.
fn object(fields: &[&str], required: &[&str], kind: impl Fn(&str) -> Value) -> Value {
    let mut properties = Map::new();
    for field in fields {
        properties.insert((*field).to_string(), describe(field, kind(field)));
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn milestone() -> Value {
    object(MILESTONE_FIELDS, &["tekst"], |f| match f {
        "frist" => json!({"type": "string", "pattern": DATE}),
        "kvartal" => one_of(&QUARTERS),
        _ => text(),
    })
}

fn goal() -> Value {
    object(
        GOAL_FIELDS,
        &[
            "nr",
            "titel",
            "kerneopgave",
            "understøtter",
            "beskrivelse",
            "målepunkt",
            "succeskriterium",
            "frist",
            "datakilde",
        ],
        |f| match f {
            "nr" => json!({"type": ["integer", "string"], "minimum": 1}),
            "understøtter" => json!({"type": "array", "items": text(), "minItems": 1}),
            "frist" => json!({"type": "string", "pattern": DATE}),
            "vægt" => json!({"type": "number", "minimum": 0, "maximum": 100}),
            "delmål" => json!({"type": "array", "items": milestone()}),
            "opfølgning" => json!({"type": "array", "items": object(
                QUARTER_FIELDS,
                &["kvartal", "status"],
                |f| match f {
                    "kvartal" => one_of(&QUARTERS),
                    "status" => one_of(&QUARTER_STATUSES),
                    _ => text(),
                },
            )}),
            "resultat" => object(RESULT_FIELDS, &["status", "opnået"], |f| match f {
                "status" => one_of(&RESULT_STATUSES),
                _ => text(),
            }),
            _ => text(),
        },
    )
}

/// The schema of one kind of front matter.
pub fn schema(kind: Kind) -> Value {
    let (title, body) = match kind {
        Kind::Plan => (
            "Mål- og resultatplan (content/planer/<år>/<styrelse>.md)",
            object(
                PLAN_FIELDS,
                &[
                    "skema",
                    "styrelse",
                    "år",
                    "status",
                    "strategisk_målbillede",
                    "mål",
                    "opfølgning",
                ],
                |f| match f {
                    "skema" => json!({"const": 1}),
                    "år" => json!({"type": "integer", "minimum": 1900, "maximum": 2999}),
                    "status" => one_of(&["udkast", "godkendt"]),
                    "opdateret" => json!({"type": "string", "pattern": DATE_TIME}),
                    "strategisk_målbillede" => json!({
                        "type": "array",
                        "minItems": 1,
                        "items": object(AIM_FIELDS, AIM_FIELDS, |_| text()),
                    }),
                    "mål" => json!({"type": "array", "minItems": 1, "items": goal()}),
                    "opfølgning" => object(FOLLOW_UP_FIELDS, FOLLOW_UP_FIELDS, |f| match f {
                        "frekvens" => one_of(&FREQUENCIES),
                        _ => text(),
                    }),
                    "påtegning" => object(SIGNATURE_FIELDS, &[], |f| match f {
                        "dato" => json!({"type": "string", "pattern": DATE}),
                        _ => text(),
                    }),
                    _ => text(),
                },
            ),
        ),
        Kind::Styrelse => (
            "Styrelse (content/styrelser/<styrelse>.md)",
            object(AGENCY_FIELDS, &["navn", "forkortelse"], |f| match f {
                "url" => json!({"type": "string", "pattern": "^https?://"}),
                _ => text(),
            }),
        ),
        Kind::Side => (
            "Sidens indstillinger (content/_index.md)",
            object(
                SITE_FIELDS,
                &["titel", "ministerium", "base_url", "mission", "vision"],
                |f| match f {
                    "base_url" | "tilgængelighedserklæring" => {
                        json!({"type": "string", "pattern": "^https?://"})
                    }
                    "sprog" => json!({"const": "da"}),
                    "regler" => object(
                        RULE_FIELDS,
                        &[],
                        |_| json!({"type": "integer", "minimum": 0}),
                    ),
                    _ => text(),
                },
            ),
        ),
    };
    let mut schema = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": title,
    });
    if let (Value::Object(s), Value::Object(b)) = (&mut schema, body) {
        s.extend(b);
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(v: &Value) -> Vec<&str> {
        let mut k: Vec<&str> = v["properties"]
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        k.sort_unstable();
        k
    }

    fn sorted(fields: &[&'static str]) -> Vec<&'static str> {
        let mut f = fields.to_vec();
        f.sort_unstable();
        f
    }

    #[test]
    fn schema_fields_are_the_checkers_fields() {
        let plan = schema(Kind::Plan);
        assert_eq!(keys(&plan), sorted(PLAN_FIELDS));
        let goal = &plan["properties"]["mål"]["items"];
        assert_eq!(keys(goal), sorted(GOAL_FIELDS));
        assert_eq!(keys(&goal["properties"]["resultat"]), sorted(RESULT_FIELDS));
        assert_eq!(keys(&schema(Kind::Styrelse)), sorted(AGENCY_FIELDS));
        assert_eq!(keys(&schema(Kind::Side)), sorted(SITE_FIELDS));
        assert_eq!(
            goal["properties"]["vægt"]["description"],
            "Målets vægt i procent. Eksempel: 15"
        );
        assert_eq!(plan["additionalProperties"], false);
    }
}
