//! `mrplan new`: a new year's plan from the agency's latest one, or a new
//! agency. Plans are made by editing the previous plan's text, not by
//! re-serialising it, so the author's wording, order and comments survive.

use std::path::{Path, PathBuf};

use time::Date;

use crate::Fatal;
use crate::fields;
use crate::written::{Content, Plan};
use crate::yaml::{self, Node, Value};

/// One change to the previous plan's text.
enum Edit {
    /// Replace these bytes.
    Replace(std::ops::Range<usize>, String),
    /// Delete the key starting at this offset and every line indented under it.
    DeleteKey(usize),
}

/// The text of `new_year`'s plan made from `previous` (the text of the
/// `old_year` plan): status `udkast`, the same målbillede and goals, every
/// date moved by the years between, follow-up, results and signatures gone.
pub fn next_plan(previous: &str, old_year: i32, new_year: i32) -> Result<String, String> {
    let split = yaml::split(previous)
        .map_err(|_| "den forrige plans front matter kan ikke læses".to_string())?;
    let root = yaml::parse(split.yaml, split.yaml_start)
        .map_err(|e| format!("den forrige plan har en YAML-fejl: {}", e.message))?;
    let Value::Map(entries) = &root.value else {
        return Err("den forrige plans front matter er ikke felter".into());
    };
    let mut edits = Vec::new();
    let shift = new_year - old_year;
    for (key, node) in entries {
        match key.name.as_str() {
            "år" => edits.push(Edit::Replace(node.span.clone(), new_year.to_string())),
            "status" => edits.push(Edit::Replace(node.span.clone(), "udkast".into())),
            // Last year's dates, signature, assessment of the results and
            // changes during the year are not the new year's.
            "opdateret" | "påtegning" | "samlet_vurdering" | "ændringer" => {
                edits.push(Edit::DeleteKey(key.span.start))
            }
            "mål" => {
                if let Value::Seq(goals) = &node.value {
                    for goal in goals {
                        goal_edits(previous, goal, shift, &mut edits);
                    }
                }
            }
            _ => {}
        }
    }
    let mut text = previous.to_string();
    let mut ranges: Vec<(std::ops::Range<usize>, String)> = edits
        .into_iter()
        .map(|e| match e {
            Edit::Replace(r, s) => (r, s),
            Edit::DeleteKey(at) => (key_block(previous, at), String::new()),
        })
        .collect();
    // From the end, so earlier offsets stay right.
    ranges.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (range, with) in ranges {
        text.replace_range(range, &with);
    }
    let note = format!(
        "# Udkast til {new_year}, lavet med mrplan new ud fra planen for {old_year}.\n# Ret målene, succeskriterierne og baseline til det nye år, og tilføj påtegning, når planen er godkendt.\n"
    );
    text.insert_str(split.yaml_start, &note);
    Ok(text)
}

fn goal_edits(text: &str, goal: &Node, shift: i32, edits: &mut Vec<Edit>) {
    let Value::Map(fields) = &goal.value else {
        return;
    };
    for (key, node) in fields {
        match key.name.as_str() {
            "opfølgning" | "resultat" => edits.push(Edit::DeleteKey(key.span.start)),
            "frist" => shift_date(text, node, shift, edits),
            "delmål" => {
                if let Value::Seq(items) = &node.value {
                    for item in items {
                        if let Value::Map(m) = &item.value {
                            for (k, n) in m {
                                if k.name == "frist" {
                                    shift_date(text, n, shift, edits);
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn shift_date(text: &str, node: &Node, shift: i32, edits: &mut Vec<Edit>) {
    let Some(raw) = text.get(node.span.clone()) else {
        return;
    };
    let quote = raw.starts_with(['"', '\'']);
    let inner = raw.trim_matches(['"', '\'']);
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let Ok(date) = Date::parse(inner, format) else {
        return;
    };
    let year = date.year() + shift;
    // 29 February becomes 28 February in a year without it.
    let day = date
        .day()
        .min(time::util::days_in_month(date.month(), year));
    let Ok(moved) = Date::from_calendar_date(year, date.month(), day) else {
        return;
    };
    let Ok(mut new) = moved.format(format) else {
        return;
    };
    if quote {
        new = format!("\"{new}\"");
    }
    edits.push(Edit::Replace(node.span.clone(), new));
}

/// The lines of the key at `at`: its own line and every following line that
/// is blank or indented deeper (YAML's block structure).
fn key_block(text: &str, at: usize) -> std::ops::Range<usize> {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = at - start;
    let mut end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    while end < text.len() {
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        let line = &text[end..line_end];
        let depth = line.len() - line.trim_start_matches(' ').len();
        // A block list may sit at its key's own indentation.
        let item = depth == indent && line.trim_start().starts_with("- ");
        if !line.trim().is_empty() && depth <= indent && !item {
            break;
        }
        end = line_end;
    }
    start..end
}

/// The prompt the field table gives `key` (in `table`).
fn prompt(table: &fields::Table, key: &str) -> &'static str {
    table.field(key).and_then(|f| f.prompt).unwrap_or("...")
}

/// A plan skeleton for an agency without earlier plans. Its texts are the
/// field table's prompts, which `check` then points out until they are
/// replaced (MRP118).
pub fn first_plan(slug: &str, year: i32) -> String {
    let g = |key| prompt(&fields::GOAL, key);
    let mut goals = String::new();
    for nr in 1..=5 {
        goals.push_str(&format!(
            "  - nr: {nr}\n    titel: {}\n    kerneopgave: {}\n    understøtter: [P1]\n    beskrivelse: {}\n    målepunkt: {}\n    succeskriterium: {}\n    baseline: {}\n    frist: {year}-12-31\n    datakilde: {}\n    ansvarlig: {}\n",
            g("titel"),
            g("kerneopgave"),
            g("beskrivelse"),
            g("målepunkt"),
            g("succeskriterium"),
            g("baseline"),
            g("datakilde"),
            g("ansvarlig"),
        ));
    }
    format!(
        "---\n# Udkast lavet med mrplan new. Erstat teksterne med styrelsens egne; mrplan check viser, hvad der mangler.\nskema: 1\nstyrelse: {slug}\når: {year}\nstatus: udkast\nstrategisk_målbillede:\n  - id: P1\n    tekst: {}\nmål:\n{goals}opfølgning:\n  frekvens: kvartalsvis\n  proces: {}\n---\n\n{}\n",
        prompt(&fields::AIM, "tekst"),
        prompt(&fields::FOLLOW_UP, "proces"),
        fields::BODY_PROMPT,
    )
}

/// Writes `text` to `path`, refusing to overwrite.
pub fn write_new(path: &Path, text: &str) -> Result<(), Fatal> {
    if path.exists() {
        return Err(Fatal::new(format!(
            "{} findes allerede. mrplan new overskriver ikke; ret filen direkte, eller slet den først.",
            path.display()
        )));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Fatal::io("Kan ikke oprette mappen", parent, &e))?;
    }
    // create_new: never clobber a file that appeared meanwhile.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Fatal::io("Kan ikke skrive", path, &e))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| Fatal::io("Kan ikke skrive", path, &e))
}

/// The plan a new plan for `slug` in `year` is made from: the agency's
/// latest earlier plan, or its earliest later one when planning backwards.
pub fn previous_plan<'a>(content: &'a Content, slug: &str, year: i32) -> Option<&'a Plan> {
    content
        .plans
        .iter()
        .filter(|p| p.slug() == slug && p.year() != year)
        .max_by_key(|p| (p.year() < year, p.year()))
}

/// The text of a new agency file.
pub fn agency(name: &str, abbreviation: &str, url: Option<&str>) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""));
    let url = url
        .map(|u| format!("url: {}\n", quote(u)))
        .unwrap_or_default();
    format!(
        "---\nnavn: {}\nforkortelse: {}\n{url}---\n\n{}\n",
        quote(name),
        quote(abbreviation),
        fields::AGENCY_BODY_PROMPT
    )
}

/// `content/planer/<år>/<slug>.md` under `root`.
pub fn plan_path(root: &Path, year: i32, slug: &str) -> PathBuf {
    root.join("content/planer")
        .join(year.to_string())
        .join(format!("{slug}.md"))
}

/// What [`create_plan`] wrote.
pub struct Created {
    pub path: PathBuf,
    /// The plan it was made from (its name under the root), if any.
    pub from: Option<String>,
    /// The agency's slug.
    pub slug: String,
}

/// `mrplan new plan`: writes `year`'s plan for the agency `given` (its slug
/// or abbreviation), from the agency's nearest plan or as a skeleton.
pub fn create_plan(root: &Path, given: &str, year: i32) -> Result<Created, Fatal> {
    if !(1900..=2999).contains(&year) {
        return Err(Fatal::new(format!("{year} er ikke et planår.")));
    }
    let loaded = crate::load::load(root)?;
    let content = &loaded.content;
    let Some(agency) = content.agency_named(given) else {
        return Err(Fatal::new(format!(
            "Styrelsen '{given}' findes ikke. Kendte styrelser: {}. Lav en ny med: mrplan new styrelse {given} --navn \"...\"",
            content.agency_slugs()
        )));
    };
    let slug = agency.slug.clone();
    let path = plan_path(root, year, &slug);
    let (text, from) = match previous_plan(content, &slug, year) {
        Some(previous) => {
            let name = loaded.sources.name(previous.file);
            let text = next_plan(loaded.sources.text(previous.file), previous.year(), year)
                .map_err(|e| {
                    Fatal::new(format!(
                        "Kan ikke lave planen ud fra {name}: {e}. Ret den først (mrplan check)."
                    ))
                })?;
            (text, Some(name))
        }
        None => (first_plan(&slug, year), None),
    };
    write_new(&path, &text)?;
    Ok(Created { path, from, slug })
}

/// `mrplan new styrelse`: writes the agency file for `given` (its slug,
/// forgiven upper case); returns its path and slug.
pub fn create_agency(
    root: &Path,
    given: &str,
    name: &str,
    abbreviation: Option<&str>,
    url: Option<&str>,
) -> Result<(PathBuf, String), Fatal> {
    let slug = given.trim().to_ascii_lowercase();
    if !fields::is_slug(&slug) {
        return Err(Fatal::new(format!(
            "'{given}' kan ikke bruges som kortnavn. Brug små bogstaver (a-z), tal og bindestreg, fx fmi."
        )));
    }
    let settings = root.join("content/_index.md");
    if !settings.is_file() {
        return Err(Fatal::new(format!(
            "Her er ingen side: {} findes ikke.\n  tip: start en ny side med: mrplan init {}",
            settings.display(),
            root.display()
        )));
    }
    let path = root.join("content/styrelser").join(format!("{slug}.md"));
    let abbreviation = abbreviation
        .filter(|a| !a.trim().is_empty())
        .map_or_else(|| slug.to_uppercase(), str::to_string);
    write_new(&path, &agency(name, &abbreviation, url))?;
    Ok((path, slug))
}
