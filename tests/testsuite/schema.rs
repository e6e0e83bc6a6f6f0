//! `mrplan schema` and `check` agree in both directions: for every field of
//! every kind of file, each valid and each invalid value (from the field's
//! type in the field table) is accepted by the JSON Schema exactly when
//! `check` reports none of the problems a schema can express.

use serde_json::{Value, json};

use mrplan::fields::{self, Field, Table, Type};
use mrplan::schema::{EXPRESSED_RULES, Kind, schema};

/// A plan that uses every field, valid for both schema and check.
fn full_plan() -> Value {
    json!({
        "skema": 1,
        "styrelse": "abc",
        "år": 2025,
        "status": "godkendt",
        "titel": "Mål- og resultatplan 2025",
        "opdateret": "2025-01-15T09:56",
        "strategisk_målbillede": [{"id": "P1", "tekst": "Arkiverne er digitale."}],
        "mål": [{
            "nr": 1,
            "gruppe": "Kernefaglige mål",
            "titel": "Digitalisering af arkivet",
            "kerneopgave": "Arkivdrift",
            "understøtter": ["P1"],
            "beskrivelse": "Styrelsen digitaliserer de ældste arkiver.",
            "målepunkt": "Andel af hyldemeter, der er digitaliseret",
            "succeskriterium": "Mindst 60 pct.",
            "baseline": "41 pct.",
            "frist": "2025-12-31",
            "datakilde": "Arkivregistret",
            "vægt": 100,
            "ansvarlig": "Arkivafdelingen",
            "begrænsninger": "Målet siger intet om, hvor meget arkiverne bruges.",
            "tværgående": true,
            "delmål": [
                {"frist": "2025-06-30", "tekst": "Udbuddet er afsluttet."},
                {"kvartal": "Q3", "tekst": "Scanningen er i gang."},
            ],
            "opfølgning": [{"kvartal": "Q1", "status": "på_sporet", "kommentar": "Som planlagt.", "handling": "Ingen."}],
            "resultat": {
                "status": "opfyldt",
                "opnået": "62 pct.",
                "målopfyldelse_pct": 100,
                "vurdering": "Målet er opfyldt.",
                "analyse": "Scanningen gik hurtigere end ventet.",
            },
        }],
        "opfølgning": {"frekvens": "kvartalsvis", "proces": "Kvartalsmøder."},
        "påtegning": {
            "sted": "København",
            "dato": "2024-12-16",
            "departementschef": "Kasper Ravn Høegh",
            "styrelsesdirektør": "Anne Holm",
            "departementschef_titel": "Departementschef",
            "styrelsesdirektør_titel": "Generalløjtnant, direktør",
        },
        "underskrevet_pdf": "planer/abc-2025.pdf",
        "ændringer": [
            {"dato": "2025-06-15", "mål": 1, "tekst": "Succeskriteriet er justeret."},
            {"dato": "2025-09-01", "tekst": "Planen er tilpasset den nye aftale."},
        ],
        "hovedkonti": [
            {"paragraf": "§ 12.14.01", "navn": "Arkiv- og Bygningsstyrelsen", "mio_kr": 1234.5},
            {"paragraf": "§ 12.14.02", "navn": "Anlæg", "mio_kr": "87,3"},
        ],
    })
}

fn full_site() -> Value {
    json!({
        "titel": "Mål- og resultatstyring",
        "ministerium": "Testministeriet",
        "base_url": "https://test.example.dk",
        "sprog": "da",
        "tema": "standard",
        "mission": "Vi arbejder for et trygt Danmark.",
        "vision": "Et ministerområde, der leverer.",
        "tilgængelighedserklæring": "https://www.was.digst.dk/test",
        "logo": "billeder/logo.svg",
        "farver": {"primær": "#0b2341", "link": "#0a4f9e"},
        "kontakt": {
            "adresse": "Holmens Kanal 9, 1060 København K",
            "telefon": "72 81 00 00",
            "email": "kontakt@test.dk",
            "cvr": "12345678",
            "ean": "5798000201200",
            "privatlivspolitik": "https://test.example.dk/privatliv",
        },
        "regler": {"min_mål": 1, "max_mål": 10, "analyse_vægt": 10},
        "dokumentnavn": "Resultatplan",
        "rapportnavn": "årsberetning",
    })
}

fn full_agency() -> Value {
    json!({
        "navn": "Arkiv- og Bygningsstyrelsen",
        "forkortelse": "ABS",
        "url": "https://abs.example.dk",
        "tidligere_navne": [
            {"navn": "Arkivstyrelsen", "forkortelse": "AS", "til": "2015-12-31"},
            {"navn": "Arkiv- og Ejendomsstyrelsen", "forkortelse": "AES", "til": "2020-06-30"},
        ],
    })
}

/// Values a field of this type may take, and values it may not.
fn samples(field: &Field) -> (Vec<Value>, Vec<Value>) {
    match field.ty {
        Type::Text => (
            vec![json!("Noget tekst"), json!(42), json!(4.5)],
            vec![json!(""), json!("   "), json!(true), json!([]), json!({})],
        ),
        Type::Int { min, max, .. } => (
            vec![json!(min), json!(max), json!(min as f64)],
            vec![
                json!(min - 1),
                json!(max + 1),
                json!(2.5),
                json!("10"),
                json!(true),
                json!([]),
            ],
        ),
        Type::Bool => (
            vec![json!(true), json!(false)],
            vec![json!("true"), json!("ja"), json!(1), json!([]), json!({})],
        ),
        Type::Version(v) => (vec![json!(v)], vec![json!(v + 1), json!("1"), json!(1.5)]),
        Type::Date => (
            vec![json!("2025-06-30"), json!("2024-02-29")],
            vec![
                json!("2025-02-29"),
                json!("2025-13-01"),
                json!("2025-04-31"),
                json!("30-06-2025"),
                json!("2025-6-30"),
                json!("+025-06-30"),
                json!("2025-06-30T10:00"),
                json!(20250630),
                json!(true),
            ],
        ),
        Type::DateTime => (
            vec![
                json!("2025-01-15"),
                json!("2025-01-15T09:56"),
                json!("2025-01-15 09:56:30"),
            ],
            vec![
                json!("2025-01-15T24:00"),
                json!("2025-01-15T9:56"),
                json!("2025-02-30T10:00"),
                json!("i går"),
                json!(5),
            ],
        ),
        Type::Word(words) => {
            let mut invalid = vec![json!("ukendt"), json!(1), json!(true)];
            invalid.push(json!(words[0].to_uppercase()));
            (words.iter().map(|w| json!(w)).collect(), invalid)
        }
        Type::Url => (
            vec![
                json!("https://www.example.dk"),
                json!("http://x.dk/sti?a=1"),
                json!("HTTPS://X.DK"),
            ],
            vec![
                json!("javascript:alert(1)"),
                json!("JavaScript:alert(1)"),
                json!("www.example.dk"),
                json!("https://"),
                json!("https:///x"),
                json!("ftp://x.dk"),
                json!("data:text/html,x"),
                json!("https://x.dk/a b"),
                json!("https://x.dk/\"onmouseover=\"x"),
                json!("https://x.dk/<script>"),
                json!("https://-x.dk"),
                json!("https://x.dk/\u{7}"),
                json!(5),
            ],
        ),
        Type::Name => (
            vec![json!("standard"), json!("mit-tema_2")],
            vec![
                json!("../x"),
                json!("/etc"),
                json!("a b"),
                json!("tema/ny"),
                json!(""),
            ],
        ),
        // Dark enough for the contrast rule (MRP130), which is not the schema's.
        Type::Color => (
            vec![json!("#0b2341"), json!("#1D6B35")],
            vec![
                json!("0b2341"),
                json!("#abc"),
                json!("#gggggg"),
                json!("blå"),
                json!("#0b23411"),
                json!(5),
            ],
        ),
        Type::StaticFile(endings) => {
            let e = endings[0];
            (
                vec![
                    json!(format!("fil.{e}")),
                    json!(format!("billeder/fil-1.{}", e.to_uppercase())),
                    json!(format!("static/a/b_c.d.{e}")),
                ],
                vec![
                    json!(format!("../x.{e}")),
                    json!(format!("/etc/x.{e}")),
                    json!(format!("a//x.{e}")),
                    json!(format!(".skjult.{e}")),
                    json!(format!("a/./x.{e}")),
                    json!(format!("a b.{e}")),
                    json!("fil.exe"),
                    json!(format!("x.{e}/")),
                    json!(5),
                ],
            )
        }
        Type::Nr => (
            vec![json!(1), json!(7), json!("2.3"), json!(2.5)],
            vec![
                json!(0),
                json!(-1),
                json!(""),
                json!("  "),
                json!(true),
                json!([]),
            ],
        ),
        Type::Decimal => (
            vec![
                json!(1234.5),
                json!(12),
                json!(-3.25),
                json!("1.234,5"),
                json!("87,3"),
                json!(" 12 "),
                json!("1.234.567"),
            ],
            vec![
                json!("mange"),
                json!(""),
                json!("1234.5"),
                json!("1.23,4"),
                json!("12,"),
                json!("1,2,3"),
                json!(true),
                json!([]),
            ],
        ),
        Type::Ids => (
            vec![json!(["P1"]), json!("P1")],
            vec![
                json!([]),
                json!({}),
                json!(true),
                json!([[1]]),
                json!([true]),
            ],
        ),
        Type::Object(_) => (vec![], vec![json!("tekst"), json!([]), json!(5)]),
        Type::List { min, .. } => {
            let empty = if min == 0 { vec![json!([])] } else { vec![] };
            let mut invalid = vec![json!("tekst"), json!({}), json!(5)];
            if min > 0 {
                invalid.push(json!([]));
            }
            (empty, invalid)
        }
    }
}

/// One change to a document: set (or remove, with `None`) the value at `path`.
struct Mutation {
    path: Vec<PathStep>,
    value: Option<Value>,
}

#[derive(Clone)]
enum PathStep {
    Key(&'static str),
    Index(usize),
}

fn describe(path: &[PathStep]) -> String {
    path.iter()
        .map(|s| match s {
            PathStep::Key(k) => format!(".{k}"),
            PathStep::Index(i) => format!("[{i}]"),
        })
        .collect()
}

fn apply(doc: &Value, m: &Mutation) -> Value {
    let mut doc = doc.clone();
    let (last, parents) = m.path.split_last().expect("path");
    let mut at = &mut doc;
    for step in parents {
        at = match step {
            PathStep::Key(k) => &mut at[*k],
            PathStep::Index(i) => &mut at[*i],
        };
    }
    let PathStep::Key(key) = last else {
        panic!("a path ends at a key")
    };
    let map = at.as_object_mut().expect("object");
    match &m.value {
        Some(v) => {
            map.insert(key.to_string(), v.clone());
        }
        None => {
            map.remove(*key);
        }
    }
    doc
}

/// Every mutation of every field under `table`, at `path` in `doc`.
fn mutations(table: &'static Table, doc: &Value, path: &[PathStep], out: &mut Vec<Mutation>) {
    let at = |k: &'static str| {
        let mut p = path.to_vec();
        p.push(PathStep::Key(k));
        p
    };
    out.push(Mutation {
        path: at("ukendt_felt"),
        value: Some(json!("x")),
    });
    for field in table.fields {
        let (valid, invalid) = samples(field);
        for v in valid.into_iter().chain(invalid) {
            out.push(Mutation {
                path: at(field.key),
                value: Some(v),
            });
        }
        out.push(Mutation {
            path: at(field.key),
            value: None,
        });
        out.push(Mutation {
            path: at(field.key),
            value: Some(Value::Null),
        });
        let mut inner = path.to_vec();
        inner.push(PathStep::Key(field.key));
        let here = inner.iter().fold(doc, |v, s| match s {
            PathStep::Key(k) => &v[*k],
            PathStep::Index(i) => &v[*i],
        });
        match field.ty {
            Type::Object(t) if here.is_object() => mutations(t, doc, &inner, out),
            Type::List { table: t, .. } => {
                for (i, item) in here.as_array().into_iter().flatten().enumerate() {
                    if item.is_object() {
                        let mut p = inner.clone();
                        p.push(PathStep::Index(i));
                        mutations(t, doc, &p, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A site with `doc` as the front matter of the file `file`.
fn write_site(dir: &std::path::Path, file: &str, doc: &Value) {
    let files = [
        ("content/_index.md", full_site()),
        ("content/styrelser/abc.md", full_agency()),
        ("content/planer/2025/abc.md", full_plan()),
    ];
    for (name, base) in files {
        let value = if name == file { doc } else { &base };
        let text = format!(
            "---\n{}\n---\nTekst.\n",
            serde_json::to_string_pretty(value).expect("json")
        );
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

/// The rules a schema expresses that `check` reports for `file` (ids).
fn structural_problems(dir: &std::path::Path, file: &str) -> Vec<String> {
    let loaded = mrplan::load::load(dir).expect("load");
    let today = time::macros::date!(2026 - 11 - 23);
    let mut found = loaded.diagnostics.clone();
    found.extend(mrplan::rules::check(
        &loaded.content,
        today,
        mrplan::rules::Purpose::Publish,
    ));
    found
        .iter()
        .filter(|d| loaded.sources.name(d.file) == file && EXPRESSED_RULES.contains(&d.rule))
        .map(|d| format!("{} {}", d.rule, d.message))
        .collect()
}

fn agree(kind: Kind, file: &str, table: &'static Table, base: Value) -> usize {
    let validator = jsonschema::draft7::new(&schema(kind)).expect("the schema compiles");
    let dir = tempfile::tempdir().expect("temp dir");
    write_site(dir.path(), file, &base);
    assert!(
        validator.is_valid(&base),
        "the base {file} fails its schema"
    );
    assert_eq!(
        structural_problems(dir.path(), file),
        Vec::<String>::new(),
        "the base {file} fails check"
    );
    let mut all = Vec::new();
    mutations(table, &base, &[], &mut all);
    let mut disagreements = Vec::new();
    for m in &all {
        let doc = apply(&base, m);
        write_site(dir.path(), file, &doc);
        let schema_ok = validator.is_valid(&doc);
        let problems = structural_problems(dir.path(), file);
        if schema_ok != problems.is_empty() {
            let value = m
                .value
                .as_ref()
                .map_or("(fjernet)".to_string(), Value::to_string);
            disagreements.push(format!(
                "{}{} = {value}: schema {}, check {:?}",
                file,
                describe(&m.path),
                if schema_ok { "accepts" } else { "refuses" },
                problems
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    all.len()
}

#[test]
fn schema_and_check_agree_on_every_plan_field() {
    let n = agree(
        Kind::Plan,
        "content/planer/2025/abc.md",
        &fields::PLAN,
        full_plan(),
    );
    // Every field of the plan, its goals, delmål, follow-up, result and signature.
    assert!(n > 400, "only {n} mutations");
}

#[test]
fn schema_and_check_agree_on_every_site_and_agency_field() {
    let n = agree(Kind::Side, "content/_index.md", &fields::SITE, full_site());
    assert!(n > 60, "only {n} mutations");
    let n = agree(
        Kind::Styrelse,
        "content/styrelser/abc.md",
        &fields::AGENCY,
        full_agency(),
    );
    assert!(n > 20, "only {n} mutations");
}

#[test]
fn every_table_field_is_in_the_schema() {
    fn keys(v: &Value) -> Vec<String> {
        let mut k: Vec<String> = v["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    }
    fn table_keys(t: &Table) -> Vec<String> {
        let mut k: Vec<String> = t.keys().iter().map(|s| s.to_string()).collect();
        k.sort();
        k
    }
    let plan = schema(Kind::Plan);
    assert_eq!(keys(&plan), table_keys(&fields::PLAN));
    let goal = &plan["properties"]["mål"]["items"];
    assert_eq!(keys(goal), table_keys(&fields::GOAL));
    assert_eq!(
        keys(&goal["properties"]["resultat"]),
        table_keys(&fields::RESULT)
    );
    assert_eq!(keys(&schema(Kind::Side)), table_keys(&fields::SITE));
    assert_eq!(keys(&schema(Kind::Styrelse)), table_keys(&fields::AGENCY));
}

#[test]
fn the_format_docs_show_the_field_table() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md"))
        .expect("docs");
    let start = docs.find("<!-- felter:start -->\n").expect("start marker")
        + "<!-- felter:start -->\n".len();
    let end = docs.find("<!-- felter:slut -->").expect("end marker");
    // MRPLAN_BLESS=1 cargo test writes the tables after a change to the field table.
    if std::env::var_os("MRPLAN_BLESS").is_some() {
        let text = format!(
            "{}{}{}",
            &docs[..start],
            mrplan::fields::docs_tables(),
            &docs[end..]
        );
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md"), text)
            .expect("write docs");
        return;
    }
    assert_eq!(
        &docs[start..end],
        mrplan::fields::docs_tables(),
        "docs/format.md is out of step with src/fields.rs"
    );
}
