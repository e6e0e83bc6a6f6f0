//! Open data: `data/planer.json` (every published plan, fully typed) and
//! `data/mål.csv` (one row per goal, `;`-separated UTF-8 as Danish Excel expects).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde_json::{Value, json};

use super::{RenderContext, Renderer};
use crate::diagnostics::Diagnostic;
use crate::fields::{self, Type};
use crate::model::{Goal, Outcome, Plan, When};
use crate::output::Output;
use crate::urls;

/// Renders the open data. Keeps each plan's part from the last render, so
/// `serve` redoes only the plans an edit touched (see `RenderContext::only`).
#[derive(Default)]
pub struct OpenDataRenderer {
    cache: Mutex<HashMap<(i32, String), Arc<Part>>>,
}

/// The first columns of `data/mål.csv`: the goal and its plan.
const PLAN_COLUMNS: &[&str] = &["id", "år", "styrelse", "styrelse_navn"];
/// The last: where the goal stands.
const STATUS_COLUMNS: &[&str] = &[
    "seneste_kvartal",
    "seneste_status",
    "resultat_status",
    "opnået",
];

/// The columns of `data/mål.csv`: the plan's, then every field of a goal
/// that is one value (not a group or a list), named and ordered as in the
/// field table, then the goal's status.
pub fn csv_columns() -> Vec<&'static str> {
    let goal = fields::GOAL
        .fields
        .iter()
        .filter(|f| !matches!(f.ty, Type::Object(_) | Type::List { .. }))
        .map(|f| f.key);
    PLAN_COLUMNS
        .iter()
        .copied()
        .chain(goal)
        .chain(STATUS_COLUMNS.iter().copied())
        .collect()
}

/// A goal's cell in the column of its field `key`; `None` for a key with
/// no cell (a test keeps every column of [`csv_columns`] covered).
fn goal_cell(g: &Goal, key: &str) -> Option<String> {
    Some(match key {
        "nr" => g.nr.clone(),
        "gruppe" => g.group.clone().unwrap_or_default(),
        "titel" => g.title.clone(),
        "kerneopgave" => g.core_task.clone(),
        "understøtter" => g.supports.join(","),
        "beskrivelse" => g.description.clone(),
        "målepunkt" => g.measure.clone(),
        "succeskriterium" => g.success.clone(),
        "baseline" => g.baseline.clone().unwrap_or_default(),
        "frist" => g.deadline.to_string(),
        "datakilde" => g.data_source.clone(),
        "vægt" => g.weight.map(|w| w.to_string()).unwrap_or_default(),
        "ansvarlig" => g.owner.clone().unwrap_or_default(),
        "begrænsninger" => g.limitations.clone().unwrap_or_default(),
        "tværgående" => if g.cross_cutting { "ja" } else { "nej" }.to_string(),
        _ => return None,
    })
}

fn goal_json(plan: &Plan, g: &Goal) -> Value {
    json!({
        "id": format!("{}-{}-{}", plan.year, plan.agency.slug, g.nr),
        "nr": g.nr,
        "gruppe": g.group,
        "titel": g.title,
        "kerneopgave": g.core_task,
        "understøtter": g.supports,
        "beskrivelse": g.description,
        "målepunkt": g.measure,
        "succeskriterium": g.success,
        "baseline": g.baseline,
        "frist": g.deadline.to_string(),
        "datakilde": g.data_source,
        "vægt": g.weight,
        "ansvarlig": g.owner,
        "begrænsninger": g.limitations,
        "tværgående": g.cross_cutting,
        "delmål": g.milestones.iter().map(|m| json!({
            "frist": match m.when { When::Date(d) => json!(d.to_string()), When::Quarter(_) => Value::Null },
            "kvartal": match m.when { When::Quarter(q) => json!(q), When::Date(_) => Value::Null },
            "tekst": m.text,
        })).collect::<Vec<_>>(),
        // The latest quarter followed up, as the pages' "Seneste status" shows it.
        "seneste_opfølgning": g.follow_ups.iter().max_by_key(|f| f.quarter).map(|f| json!({
            "kvartal": f.quarter, "status": f.status,
        })),
        "opfølgning": g.follow_ups.iter().map(|f| json!({
            "kvartal": f.quarter, "status": f.status, "kommentar": f.comment,
            "handling": f.action,
        })).collect::<Vec<_>>(),
        "resultat": g.result.as_ref().map(|r| json!({
            "status": r.status,
            "opnået": r.achieved,
            "vurdering": r.assessment,
            "analyse": r.analysis,
            "målopfyldelse_pct": r.grade,
        })),
    })
}

/// How many goals were met, partly met and not met: the numbers the results
/// charts draw, once the plan has its results page (else null).
fn result_counts(ctx: &RenderContext, p: &Plan) -> Value {
    if !p.has_results(ctx.now.date()) {
        return Value::Null;
    }
    let count = |o: Outcome| {
        p.goals
            .iter()
            .filter(|g| g.result.as_ref().is_some_and(|r| r.status == o))
            .count()
    };
    json!({
        "opfyldt": count(Outcome::Met),
        "delvist_opfyldt": count(Outcome::PartlyMet),
        "ikke_opfyldt": count(Outcome::NotMet),
        "i_alt": p.goals.len(),
    })
}

/// One plan's share of the open data: its JSON object and its CSV rows.
pub struct Part {
    json: String,
    csv: String,
}

fn part(ctx: &RenderContext, p: &Plan) -> Part {
    let base = &ctx.site().base_url;
    let value = json!({
        "år": p.year,
        "styrelse": p.agency.slug,
        "styrelse_navn": p.agency.name,
        "titel": p.title,
        "status": p.status,
        "url": urls::public(base, &urls::plan(p.year, &p.agency.slug)),
        "pdf": ctx.pdf_url(p).map(|u| format!("{base}/{u}")),
        "opdateret": p.updated.map(crate::dates::rfc3339),
        "strategisk_målbillede": p.aims.iter().map(|a| json!({"id": a.id, "tekst": a.text})).collect::<Vec<_>>(),
        "mål": p.goals.iter().map(|g| goal_json(p, g)).collect::<Vec<_>>(),
        "opfølgning": json!({"frekvens": p.follow_up.frequency, "proces": p.follow_up.process}),
        "påtegning": p.signature.as_ref().map(|s| json!({
            "sted": s.place,
            "dato": s.date.to_string(),
            "departementschef": s.department_head,
            "styrelsesdirektør": s.agency_head,
            "departementschef_titel": p.signer_titles.department_head,
            "styrelsesdirektør_titel": p.signer_titles.agency_head,
        })),
        "samlet_vurdering": p.overall_assessment,
        "resultat_antal": result_counts(ctx, p),
        "ændringer": p.changes.iter().map(|c| json!({
            "dato": c.date.to_string(), "mål": c.goal, "tekst": c.text,
        })).collect::<Vec<_>>(),
        // Amounts as numbers (mio. kr.), for a spreadsheet to add up.
        "hovedkonti": p.appropriations.iter().map(|a| json!({
            "paragraf": a.section, "navn": a.name, "mio_kr": a.million_kr,
        })).collect::<Vec<_>>(),
    });
    let columns = csv_columns();
    let csv = p.goals.iter().map(|g| csv_row(p, g, &columns)).collect();
    Part {
        json: serde_json::to_string(&value).unwrap_or_default(),
        csv,
    }
}

/// A goal's row in `data/mål.csv`, in [`csv_columns`]' order.
fn csv_row(p: &Plan, g: &Goal, columns: &[&str]) -> String {
    let last = g.follow_ups.last();
    let result = g.result.as_ref();
    let goal_columns = &columns[PLAN_COLUMNS.len()..columns.len() - STATUS_COLUMNS.len()];
    let row: Vec<String> = [
        format!("{}-{}-{}", p.year, p.agency.slug, g.nr),
        p.year.to_string(),
        p.agency.slug.clone(),
        p.agency.name.clone(),
    ]
    .into_iter()
    .chain(
        goal_columns
            .iter()
            .map(|key| goal_cell(g, key).unwrap_or_default()),
    )
    .chain([
        last.map(|f| f.quarter.key().to_string())
            .unwrap_or_default(),
        last.map(|f| f.status.da().to_string()).unwrap_or_default(),
        result
            .map(|r| r.status.da().to_string())
            .unwrap_or_default(),
        result.map(|r| r.achieved.clone()).unwrap_or_default(),
    ])
    .collect();
    crate::text::csv_row(&row)
}

impl Renderer for OpenDataRenderer {
    fn name(&self) -> &'static str {
        "opendata"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Output, Vec<Diagnostic>> {
        // Each plan's JSON and CSV rows, in parallel; when serving, the plans
        // an edit did not touch come from the last render.
        let mut cache = match self.cache.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        let parts: Vec<Arc<Part>> = ctx
            .plans()
            .par_iter()
            .map(|p| {
                let key = (p.year, p.agency.slug.clone());
                match (ctx.only, cache.get(&key)) {
                    (Some(scope), Some(part)) if !scope.has_plan(p) => Arc::clone(part),
                    _ => Arc::new(part(ctx, p)),
                }
            })
            .collect();
        cache.clear();
        for (p, part) in ctx.plans().iter().zip(&parts) {
            cache.insert((p.year, p.agency.slug.clone()), Arc::clone(part));
        }
        drop(cache);

        // One plan per line: diff-friendly, and quick to write.
        let mut json = format!(
            "{{\"ministerium\":{},\"skema\":1,\"planer\":[",
            serde_json::to_string(&ctx.site().ministry).unwrap_or_default()
        );
        for (i, part) in parts.iter().enumerate() {
            json.push_str(if i == 0 { "\n" } else { ",\n" });
            json.push_str(&part.json);
        }
        json.push_str("\n]}\n");
        // A BOM so Excel opens the file as UTF-8.
        let mut csv = String::from("\u{feff}");
        csv.push_str(&csv_columns().join(";"));
        csv.push_str("\r\n");
        for part in &parts {
            csv.push_str(&part.csv);
        }
        let mut out = Output::default();
        out.add(urls::OPEN_DATA_JSON, json);
        out.add(urls::OPEN_DATA_CSV, csv);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_goal_column_comes_from_the_field_table_and_has_a_cell() {
        let columns = csv_columns();
        assert_eq!(
            columns,
            [
                "id",
                "år",
                "styrelse",
                "styrelse_navn",
                "nr",
                "gruppe",
                "titel",
                "kerneopgave",
                "understøtter",
                "beskrivelse",
                "målepunkt",
                "succeskriterium",
                "baseline",
                "frist",
                "datakilde",
                "vægt",
                "ansvarlig",
                "begrænsninger",
                "tværgående",
                "seneste_kvartal",
                "seneste_status",
                "resultat_status",
                "opnået",
            ]
        );
        let goal = Goal {
            nr: "1".into(),
            group: None,
            title: String::new(),
            core_task: String::new(),
            supports: Vec::new(),
            description: String::new(),
            measure: String::new(),
            success: String::new(),
            baseline: None,
            deadline: time::macros::date!(2025 - 12 - 31),
            data_source: String::new(),
            weight: None,
            owner: None,
            limitations: None,
            cross_cutting: false,
            milestones: Vec::new(),
            follow_ups: Vec::new(),
            result: None,
        };
        let goal_columns = &columns[PLAN_COLUMNS.len()..columns.len() - STATUS_COLUMNS.len()];
        for key in goal_columns {
            assert!(
                goal_cell(&goal, key).is_some(),
                "no cell for the goal field '{key}'"
            );
        }
    }
}
