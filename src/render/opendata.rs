//! Open data: `data/planer.json` (every published plan, fully typed) and
//! `data/mål.csv` (one row per goal, `;`-separated UTF-8 as Danish Excel expects).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde_json::{Value, json};

use super::views::{self, status_da};
use super::{RenderContext, Renderer};
use crate::diagnostics::Diagnostic;
use crate::model::{Goal, Plan, When};
use crate::output::Output;

/// Renders the open data. Keeps each plan's part from the last render, so
/// `serve` redoes only the plans an edit touched (see `RenderContext::only`).
#[derive(Default)]
pub struct OpenDataRenderer {
    cache: Mutex<HashMap<(i32, String), Arc<Part>>>,
}

pub const CSV_COLUMNS: &[&str] = &[
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
    "seneste_kvartal",
    "seneste_status",
    "resultat_status",
    "opnået",
];

fn date(d: Option<&crate::decode::Sp<time::Date>>) -> Value {
    d.map_or(Value::Null, |d| json!(d.value.to_string()))
}

fn goal_json(plan: &Plan, g: &Goal) -> Value {
    json!({
        "id": format!("{}-{}-{}", plan.year(), plan.slug(), g.nr.value),
        "nr": g.nr.value,
        "gruppe": g.group,
        "titel": g.title,
        "kerneopgave": g.core_task,
        "understøtter": g.supports.iter().map(|s| s.value.clone()).collect::<Vec<_>>(),
        "beskrivelse": g.description,
        "målepunkt": g.measure,
        "succeskriterium": g.success,
        "baseline": g.baseline,
        "frist": date(g.deadline.as_ref()),
        "datakilde": g.data_source,
        "vægt": g.weight.as_ref().map(|w| w.value),
        "ansvarlig": g.owner,
        "delmål": g.milestones.iter().map(|m| json!({
            "frist": match &m.when { Some(When::Date(d)) => json!(d.value.to_string()), _ => Value::Null },
            "kvartal": match &m.when { Some(When::Quarter(q)) => json!(q.value), _ => Value::Null },
            "tekst": m.text,
        })).collect::<Vec<_>>(),
        "opfølgning": g.follow_ups.iter().map(|f| json!({
            "kvartal": f.quarter.value, "status": f.status, "kommentar": f.comment,
        })).collect::<Vec<_>>(),
        "resultat": g.result.as_ref().map(|r| json!({
            "status": r.status.as_ref().map(|s| s.value.clone()),
            "opnået": r.achieved,
            "vurdering": r.assessment,
            "analyse": r.analysis,
        })),
    })
}

/// One CSV field, quoted when it holds `;`, `"` or a line break. A field
/// that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'`
/// in front, so a spreadsheet shows it as text and never runs it as a formula
/// (OWASP's advice on CSV injection). The JSON keeps the exact text.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// One plan's share of the open data: its JSON object and its CSV rows.
pub struct Part {
    json: String,
    csv: String,
}

fn part(ctx: &RenderContext, p: &Plan) -> Part {
    let content = ctx.content;
    let base = &content.site.base_url;
    let agency = views::agency_ref(content.agency(p.slug()), p.slug());
    let value = json!({
        "år": p.year(),
        "styrelse": p.slug(),
        "styrelse_navn": agency.name,
        "titel": views::plan_title(content, p),
        "status": if p.is_draft() { "udkast" } else { "godkendt" },
        "url": format!("{base}/{}", views::plan_url(p).trim_end_matches("index.html")),
        "pdf": ctx.pdf_url(p).map(|u| format!("{base}/{u}")),
        "opdateret": p.updated.as_ref().map(|u| crate::dates::rfc3339(u.value)),
        "strategisk_målbillede": p.aims.iter().map(|a| json!({"id": a.id.value, "tekst": a.text})).collect::<Vec<_>>(),
        "mål": p.goals.iter().map(|g| goal_json(p, g)).collect::<Vec<_>>(),
        "opfølgning": p.follow_up.as_ref().map(|f| json!({"frekvens": f.frequency, "proces": f.process})),
        "påtegning": p.signature.as_ref().map(|s| json!({
            "sted": s.place,
            "dato": date(s.date.as_ref()),
            "departementschef": s.department_head.as_ref().map(|d| d.value.clone()),
            "styrelsesdirektør": s.agency_head.as_ref().map(|d| d.value.clone()),
        })),
    });
    let mut csv = String::new();
    for g in &p.goals {
        let last = g.follow_ups.last();
        let row = [
            format!("{}-{}-{}", p.year(), p.slug(), g.nr.value),
            p.year().to_string(),
            p.slug().to_string(),
            agency.name.clone(),
            g.nr.value.clone(),
            g.group.clone().unwrap_or_default(),
            g.title.clone(),
            g.core_task.clone(),
            g.supports
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>()
                .join(","),
            g.description.clone(),
            g.measure.clone(),
            g.success.clone(),
            g.baseline.clone().unwrap_or_default(),
            g.deadline
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default(),
            g.data_source.clone(),
            g.weight
                .as_ref()
                .map(|w| w.value.to_string())
                .unwrap_or_default(),
            g.owner.clone().unwrap_or_default(),
            last.map(|f| f.quarter.value.clone()).unwrap_or_default(),
            last.map(|f| status_da(&f.status).to_string())
                .unwrap_or_default(),
            g.result
                .as_ref()
                .and_then(|r| r.status.as_ref())
                .map(|s| status_da(&s.value).to_string())
                .unwrap_or_default(),
            g.result
                .as_ref()
                .and_then(|r| r.achieved.clone())
                .unwrap_or_default(),
        ];
        let line: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        csv.push_str(&line.join(";"));
        csv.push_str("\r\n");
    }
    Part {
        json: serde_json::to_string(&value).unwrap_or_default(),
        csv,
    }
}

impl Renderer for OpenDataRenderer {
    fn name(&self) -> &'static str {
        "opendata"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Output, Vec<Diagnostic>> {
        let content = ctx.content;
        // Each plan's JSON and CSV rows, in parallel; when serving, the plans
        // an edit did not touch come from the last render.
        let mut cache = match self.cache.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        let parts: Vec<Arc<Part>> = ctx
            .plans
            .par_iter()
            .map(|p| {
                let key = (p.year(), p.slug().to_string());
                match (ctx.only, cache.get(&key)) {
                    (Some(scope), Some(part)) if !scope.has_plan(p) => Arc::clone(part),
                    _ => Arc::new(part(ctx, p)),
                }
            })
            .collect();
        cache.clear();
        for (p, part) in ctx.plans.iter().zip(&parts) {
            cache.insert((p.year(), p.slug().to_string()), Arc::clone(part));
        }
        drop(cache);

        // One plan per line: diff-friendly, and quick to write.
        let mut json = format!(
            "{{\"ministerium\":{},\"skema\":1,\"planer\":[",
            serde_json::to_string(&content.site.ministry).unwrap_or_default()
        );
        for (i, part) in parts.iter().enumerate() {
            json.push_str(if i == 0 { "\n" } else { ",\n" });
            json.push_str(&part.json);
        }
        json.push_str("\n]}\n");
        // A BOM so Excel opens the file as UTF-8.
        let mut csv = String::from("\u{feff}");
        csv.push_str(&CSV_COLUMNS.join(";"));
        csv.push_str("\r\n");
        for part in &parts {
            csv.push_str(&part.csv);
        }
        let mut out = Output::default();
        out.add("data/planer.json", json);
        out.add("data/mål.csv", csv);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn formulas_become_text_and_separators_are_quoted() {
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(csv_field("+45 1234"), "'+45 1234");
        assert_eq!(csv_field("-2 pct."), "'-2 pct.");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(csv_field("\rx"), "\"'\rx\"");
        assert_eq!(csv_field("a;b"), "\"a;b\"");
        assert_eq!(csv_field("2 = 2"), "2 = 2");
    }
}
