//! Open data: `data/planer.json` (every published plan, fully typed) and
//! `data/mål.csv` (one row per goal, `;`-separated UTF-8 as Danish Excel expects).

use serde_json::{Value, json};

use super::views::{self, status_da};
use super::{RenderContext, Renderer};
use crate::diagnostics::Diagnostic;
use crate::model::{Goal, Plan, When};
use crate::output::Output;

pub struct OpenDataRenderer;

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

/// One CSV field, quoted when it holds `;`, `"` or a line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Renderer for OpenDataRenderer {
    fn name(&self) -> &'static str {
        "opendata"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Output, Vec<Diagnostic>> {
        let content = ctx.content;
        let base = &content.site.base_url;
        let plans: Vec<Value> = ctx
            .plans
            .iter()
            .map(|p| {
                let agency = views::agency_ref(content.agency(p.slug()), p.slug());
                json!({
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
                })
            })
            .collect();
        let doc = json!({
            "ministerium": content.site.ministry,
            "skema": 1,
            "planer": plans,
        });
        let mut out = Output::default();
        out.add(
            "data/planer.json",
            serde_json::to_vec_pretty(&doc).unwrap_or_default(),
        );

        // A BOM so Excel opens the file as UTF-8.
        let mut csv = String::from("\u{feff}");
        csv.push_str(&CSV_COLUMNS.join(";"));
        csv.push_str("\r\n");
        for p in &ctx.plans {
            let agency = views::agency_ref(content.agency(p.slug()), p.slug());
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
        }
        out.add("data/mål.csv", csv);
        Ok(out)
    }
}
