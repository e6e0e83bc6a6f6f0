//! The year-end målrapportering, generated from the plans' `resultat` fields
//! so the plan and the annual report never disagree.
//!
//! [`Section`] is everything one agency's section says; every sentence in it
//! is derived from the front matter (see `summary`). A year that is not over
//! has no målrapportering: only, when asked, a [`interim::Interim`] status
//! from the latest quarterly follow-up, labelled as such. [`layout`] lays
//! either out once as blocks; the formats (`formats`, `docx`, and the PDF
//! through the theme's `pdf/report.typ`) only write the blocks.

pub mod docx;
pub mod formats;
pub mod interim;
pub mod layout;

use serde::Serialize;
use serde_json::{Value, json};

use crate::model::{Outcome, Plan, Quarter, Site};
use crate::views::{self, AgencyRef};

/// The reports of one year: one section per agency, and the overview.
#[derive(Serialize, Clone)]
pub struct Report {
    pub year: i32,
    pub ministry: String,
    /// "Målrapportering 2024".
    pub heading: String,
    pub sections: Vec<Section>,
    /// All agencies side by side (the department's view).
    pub overview: Vec<OverviewRow>,
}

#[derive(Serialize, Clone)]
pub struct Section {
    pub year: i32,
    pub agency: AgencyRef,
    pub heading: String,
    /// Where the goals come from: "Årets mål fremgår af ...".
    pub intro: String,
    /// "X opfyldte 6 af årets 8 mål, 1 mål blev delvist opfyldt, og ...".
    pub summary: String,
    /// The weighted shares in a sentence, when the goals carry weights.
    pub weighted_summary: Option<String>,
    /// Ledelsens samlede vurdering af årets resultater (`samlet_vurdering`).
    pub overall_assessment: Option<String>,
    pub counts: Counts,
    pub weighted: bool,
    /// Sums of the weights per status (percent), when weighted.
    pub shares: Option<Counts>,
    /// Samlet målopfyldelse in percent: see [`fulfilment`].
    pub fulfilment: Option<i64>,
    pub goals: Vec<Row>,
    pub analyses: Vec<Analysis>,
    /// Quarterly follow-up per goal; empty when the plan has none.
    pub trail: Vec<Trail>,
    /// Significant changes of the plan during the year (`ændringer`),
    /// oldest first; empty when there were none.
    pub changes: Vec<views::ChangeView>,
}

#[derive(Serialize, Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Counts {
    pub met: i64,
    pub partly: i64,
    pub not_met: i64,
    pub total: i64,
}

#[derive(Serialize, Clone)]
pub struct Row {
    pub nr: String,
    pub title: String,
    pub core_task: String,
    pub success: String,
    pub achieved: String,
    /// `opfyldt`, `delvist_opfyldt` or `ikke_opfyldt`.
    pub status: String,
    /// "Opfyldt", "Delvist opfyldt (60 pct.)", "Ikke opfyldt".
    pub status_text: String,
    /// `målopfyldelse_pct`, when the department graded the goal.
    pub grade: Option<i64>,
    pub weight: Option<i64>,
    /// A goal the department sets in every agency's plan (`tværgående`).
    pub cross_cutting: bool,
}

#[derive(Serialize, Clone)]
pub struct Analysis {
    pub nr: String,
    pub title: String,
    pub status_text: String,
    pub weight: Option<i64>,
    pub assessment: Option<String>,
    pub analysis: Option<String>,
    /// What the goal does not measure (`begrænsninger`): part of judging a miss.
    pub limitations: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct Trail {
    pub nr: String,
    pub title: String,
    /// Q1-Q4 status words ("På sporet", ...), "" for a quarter without follow-up.
    pub quarters: Vec<String>,
    /// Q1-Q4 actions agreed (`handling`), when the quarter has one.
    pub actions: Vec<Option<String>>,
}

#[derive(Serialize, Clone)]
pub struct OverviewRow {
    pub agency: AgencyRef,
    pub counts: Counts,
    /// Weighted share met, in percent, when the plan is weighted.
    pub met_share: Option<i64>,
    pub summary: String,
}

impl Report {
    /// The results as a stacked bar per agency, in the overview's order:
    /// the website's results page and the PDF draw the same chart.
    pub fn chart(&self) -> crate::charts::OutcomeChart {
        crate::charts::OutcomeChart {
            id: format!("resultater-{}", self.year),
            year: self.year,
            rows: self
                .overview
                .iter()
                .map(|o| crate::charts::OutcomeRow {
                    label: o.agency.name.clone(),
                    met: o.counts.met,
                    partly: o.counts.partly,
                    not_met: o.counts.not_met,
                })
                .collect(),
        }
    }
}

/// The formats `report --format` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
    Json,
    Csv,
    Typ,
    Pdf,
    Docx,
}

impl Format {
    /// The file name ending.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Typ => "typ",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }
    /// Written to a file by default rather than to the terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Pdf | Format::Docx)
    }
}

/// What `report` writes: the målrapportering, or an interim status.
pub enum Document {
    Results(Report),
    Interim(interim::Interim),
}

impl Document {
    /// The document's title: "Målrapportering 2024 – Forsvarskommandoen",
    /// "Foreløbig status for 2026 – Forsvarsministeriet".
    pub fn title(&self) -> String {
        match self {
            Document::Results(r) if r.sections.len() == 1 => {
                format!("{} – {}", r.heading, r.sections[0].agency.name)
            }
            Document::Results(r) => format!("{} – {}", r.heading, r.ministry),
            Document::Interim(r) if r.sections.len() == 1 => {
                format!("{} – {}", r.sections[0].heading, r.sections[0].agency.name)
            }
            Document::Interim(r) => format!("{} – {}", r.heading, r.ministry),
        }
    }
    pub fn year(&self) -> i32 {
        match self {
            Document::Results(r) => r.year,
            Document::Interim(r) => r.year,
        }
    }
    pub fn ministry(&self) -> &str {
        match self {
            Document::Results(r) => &r.ministry,
            Document::Interim(r) => &r.ministry,
        }
    }
    pub fn is_interim(&self) -> bool {
        matches!(self, Document::Interim(_))
    }
    /// How many agencies it covers.
    pub fn sections(&self) -> usize {
        match self {
            Document::Results(r) => r.sections.len(),
            Document::Interim(r) => r.sections.len(),
        }
    }
    pub fn blocks(&self) -> Vec<layout::Block> {
        match self {
            Document::Results(r) => layout::report(r),
            Document::Interim(r) => layout::interim(r),
        }
    }
    /// The data, as `--format json` writes it (docs/format.md).
    pub fn data(&self) -> Value {
        let (kind, data) = match self {
            Document::Results(r) => ("målrapportering", serde_json::to_value(r)),
            Document::Interim(r) => ("foreløbig_status", serde_json::to_value(r)),
        };
        let mut data = data.unwrap_or_default();
        data["kind"] = json!(kind);
        data
    }
    /// What the PDF template reads as `/data.json`: the data, its title and
    /// the layout blocks to set.
    pub fn pdf_data(&self) -> Value {
        let mut data = self.data();
        data["title"] = json!(self.title());
        data["interim"] = json!(self.is_interim());
        data["blocks"] = serde_json::to_value(self.blocks()).unwrap_or_default();
        if let Document::Results(r) = self
            && r.sections.len() > 1
        {
            data["chart"] = chart_data(&r.chart());
        }
        data
    }
}

/// The stacked bars as the PDF template draws them (`data.chart`): the
/// website's title and description (the figure's alt text), the key, and
/// each agency's segments with their status words; every word from here.
fn chart_data(chart: &crate::charts::OutcomeChart) -> Value {
    use crate::charts::Chart as _;
    let rows: Vec<Value> = chart
        .rows
        .iter()
        .map(|r| {
            let segments: Vec<Value> = r
                .counts()
                .iter()
                .map(|(o, count)| json!({"key": o.key(), "word": o.da(), "count": count}))
                .collect();
            let words: Vec<String> = r
                .counts()
                .iter()
                .map(|(o, count)| format!("{count} {}", o.da().to_lowercase()))
                .collect();
            json!({"label": r.label, "total": r.total(), "segments": segments, "words": words.join(" · ")})
        })
        .collect();
    json!({
        "title": chart.title(),
        "alt": chart.desc(),
        "max": chart.rows.iter().map(|r| r.total()).max().unwrap_or(0),
        "key": Outcome::ALL.iter().map(|o| json!({"key": o.key(), "word": o.da()})).collect::<Vec<_>>(),
        "rows": rows,
    })
}

/// The report of `year` over `plans` (already chosen and complete).
pub fn report(site: &Site, year: i32, plans: &[&Plan]) -> Report {
    let sections: Vec<Section> = plans.iter().map(|p| section(site, p)).collect();
    let overview = sections
        .iter()
        .map(|s| OverviewRow {
            agency: s.agency.clone(),
            counts: s.counts,
            met_share: s.shares.map(|sh| sh.met),
            summary: s.summary.clone(),
        })
        .collect();
    Report {
        year,
        ministry: site.ministry.clone(),
        heading: format!("Målrapportering {year}"),
        sections,
        overview,
    }
}

/// One agency's section. Every goal has a result (`Plan::results_complete`);
/// a goal without one would count as not met, so callers never pass one.
pub fn section(site: &Site, plan: &Plan) -> Section {
    let agency = views::agency_ref(&plan.agency);
    let threshold = site.analysis_weight;
    let mut counts = Counts::default();
    let mut shares = Counts::default();
    let mut goals = Vec::new();
    let mut analyses = Vec::new();
    for g in &plan.goals {
        let result = g.result.as_ref();
        let status = result.map_or(Outcome::NotMet, |r| r.status);
        let weight = g.weight;
        counts.total += 1;
        shares.total += weight.unwrap_or(0);
        let bucket = match status {
            Outcome::Met => (&mut counts.met, &mut shares.met),
            Outcome::PartlyMet => (&mut counts.partly, &mut shares.partly),
            Outcome::NotMet => (&mut counts.not_met, &mut shares.not_met),
        };
        *bucket.0 += 1;
        *bucket.1 += weight.unwrap_or(0);
        let analysis = result.and_then(|r| r.analysis.clone());
        // Significant goals not fully met are always analysed; so is any
        // goal whose result carries an analysis.
        let significant = weight.is_none_or(|w| w >= threshold);
        if (status != Outcome::Met && significant) || analysis.is_some() {
            analyses.push(Analysis {
                nr: g.nr.clone(),
                title: g.title.clone(),
                status_text: result.map_or(status.da().to_string(), |r| r.status_text()),
                weight,
                assessment: result.and_then(|r| r.assessment.clone()),
                analysis,
                limitations: g.limitations.clone(),
            });
        }
        goals.push(Row {
            nr: g.nr.clone(),
            title: g.title.clone(),
            core_task: g.core_task.clone(),
            success: g.success.clone(),
            achieved: result.map(|r| r.achieved.clone()).unwrap_or_default(),
            status_text: result.map_or(status.da().to_string(), |r| r.status_text()),
            status: status.key().to_string(),
            grade: result.and_then(|r| r.grade),
            weight,
            cross_cutting: g.cross_cutting,
        });
    }
    let weighted = plan.is_weighted();
    let year = plan.year;
    Section {
        year,
        heading: format!("Målrapportering {year}"),
        intro: format!(
            "Årets mål fremgår af {} for {year} mellem {}s departement og {}, der indeholder {} mål.",
            site.names.plan_def, site.ministry, agency.name, counts.total
        ),
        summary: summary(&agency.name, counts),
        weighted_summary: weighted.then(|| weighted_summary(shares, fulfilment(plan))),
        fulfilment: fulfilment(plan),
        overall_assessment: plan.overall_assessment.clone(),
        counts,
        weighted,
        shares: weighted.then_some(shares),
        goals,
        analyses,
        trail: trail(plan),
        changes: views::changes(plan),
        agency,
    }
}

/// Each goal's status at every quarterly follow-up; empty when the plan has
/// none. A quarter without follow-up is "".
pub fn trail(plan: &Plan) -> Vec<Trail> {
    plan.goals
        .iter()
        .filter(|g| !g.follow_ups.is_empty())
        .map(|g| Trail {
            nr: g.nr.clone(),
            title: g.title.clone(),
            quarters: Quarter::ALL
                .iter()
                .map(|q| {
                    g.follow_up(*q)
                        .map_or(String::new(), |f| f.status.da().to_string())
                })
                .collect(),
            actions: Quarter::ALL
                .iter()
                .map(|q| g.follow_up(*q).and_then(|f| f.action.clone()))
                .collect(),
        })
        .collect()
}

/// "X opfyldte 6 af årets 8 mål, 1 mål blev delvist opfyldt, og 1 mål blev
/// ikke opfyldt." Zero counts are left out; "og" comes before the last clause.
pub fn summary(name: &str, c: Counts) -> String {
    let n = c.total;
    if c.met == n {
        return format!("{name} opfyldte alle årets {n} mål.");
    }
    let rest: Vec<String> = [
        (c.partly, "blev delvist opfyldt"),
        (c.not_met, "blev ikke opfyldt"),
    ]
    .iter()
    .filter(|(k, _)| *k > 0)
    .map(|(k, words)| format!("{k} mål {words}"))
    .collect();
    if c.met == 0 {
        if c.not_met == n {
            return format!("{name} opfyldte ingen af årets {n} mål.");
        }
        if c.partly == n {
            return format!(
                "{name} opfyldte ingen af årets {n} mål fuldt ud; alle blev delvist opfyldt."
            );
        }
        return format!(
            "{name} opfyldte ingen af årets {n} mål fuldt ud: {}.",
            join_og(&rest)
        );
    }
    let mut clauses = vec![format!("{name} opfyldte {} af årets {n} mål", c.met)];
    clauses.extend(rest);
    format!("{}.", join_og_comma(&clauses))
}

/// "Vægtet efter målenes betydning er 70 pct. af planen opfyldt, 20 pct.
/// delvist opfyldt og 10 pct. ikke opfyldt."
/// The weighted total of graded fulfilment, Σ vægt × grad / Σ vægt,
/// rounded: only for a weighted plan whose every goal has a grade, given
/// or implied by its status (opfyldt 100, ikke opfyldt 0). A partly met
/// goal without `målopfyldelse_pct` leaves it unknown: no invented grade.
/// Without any grade given, the total is the weighted share met, which
/// the shares sentence already says: no total then.
pub fn fulfilment(plan: &Plan) -> Option<i64> {
    let graded = plan
        .goals
        .iter()
        .any(|g| g.result.as_ref().is_some_and(|r| r.grade.is_some()));
    if !plan.is_weighted() || !graded {
        return None;
    }
    let mut sum = 0;
    let mut total = 0;
    for g in &plan.goals {
        let w = g.weight?;
        sum += w * g.result.as_ref()?.grade_or_implied()?;
        total += w;
    }
    (total > 0).then(|| (sum + total / 2) / total)
}

/// The weighted shares in a sentence, and the total fulfilment after it
/// when it is known.
pub fn weighted_summary(s: Counts, fulfilment: Option<i64>) -> String {
    let shares = weighted_shares(s);
    match fulfilment {
        Some(pct) => format!("{shares} Samlet målopfyldelse: {pct} pct."),
        None => shares,
    }
}

fn weighted_shares(s: Counts) -> String {
    if s.met == s.total {
        return format!(
            "Vægtet efter målenes betydning er hele planen opfyldt ({} pct.).",
            s.total
        );
    }
    let parts: Vec<String> = [
        (s.met, "opfyldt"),
        (s.partly, "delvist opfyldt"),
        (s.not_met, "ikke opfyldt"),
    ]
    .iter()
    .filter(|(k, _)| *k > 0)
    .enumerate()
    .map(|(i, (k, word))| {
        if i == 0 {
            format!("{k} pct. af planen {word}")
        } else {
            format!("{k} pct. {word}")
        }
    })
    .collect();
    format!("Vægtet efter målenes betydning er {}.", join_og(&parts))
}

/// "a", "a og b", "a, b og c".
pub(crate) fn join_og(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} og {last}", init.join(", ")),
    }
}

/// Clauses with their own verbs take a comma before "og": "a, og b", "a, b, og c".
fn join_og_comma(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}, og {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(met: i64, partly: i64, not_met: i64) -> Counts {
        Counts {
            met,
            partly,
            not_met,
            total: met + partly + not_met,
        }
    }

    #[test]
    fn summaries_drop_zero_counts_and_put_og_last() {
        let s = |k| summary("Styrelsen", k);
        assert_eq!(
            s(c(6, 1, 1)),
            "Styrelsen opfyldte 6 af årets 8 mål, 1 mål blev delvist opfyldt, og 1 mål blev ikke opfyldt."
        );
        assert_eq!(s(c(5, 0, 0)), "Styrelsen opfyldte alle årets 5 mål.");
        assert_eq!(s(c(0, 0, 5)), "Styrelsen opfyldte ingen af årets 5 mål.");
        assert_eq!(
            s(c(0, 5, 0)),
            "Styrelsen opfyldte ingen af årets 5 mål fuldt ud; alle blev delvist opfyldt."
        );
        assert_eq!(
            s(c(0, 2, 3)),
            "Styrelsen opfyldte ingen af årets 5 mål fuldt ud: 2 mål blev delvist opfyldt og 3 mål blev ikke opfyldt."
        );
        assert_eq!(
            s(c(4, 0, 1)),
            "Styrelsen opfyldte 4 af årets 5 mål, og 1 mål blev ikke opfyldt."
        );
        assert_eq!(
            s(c(4, 2, 0)),
            "Styrelsen opfyldte 4 af årets 6 mål, og 2 mål blev delvist opfyldt."
        );
    }

    #[test]
    fn weighted_summaries() {
        assert_eq!(
            weighted_summary(c(70, 20, 10), None),
            "Vægtet efter målenes betydning er 70 pct. af planen opfyldt, 20 pct. delvist opfyldt og 10 pct. ikke opfyldt."
        );
        assert_eq!(
            weighted_summary(c(100, 0, 0), None),
            "Vægtet efter målenes betydning er hele planen opfyldt (100 pct.)."
        );
        assert_eq!(
            weighted_summary(c(0, 40, 60), None),
            "Vægtet efter målenes betydning er 40 pct. af planen delvist opfyldt og 60 pct. ikke opfyldt."
        );
    }
}
