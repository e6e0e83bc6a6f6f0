//! The report as Markdown (to paste into the årsrapport), CSV, JSON, an HTML
//! fragment (for the website and `--format html`) and Typst source.
//! Each lays out the same [`Report`]; none adds words of its own beyond
//! fixed headings and column names.

use super::{Analysis, Report, Section};
use crate::render::{csv_field, escape_xml as esc};

pub const COLUMNS: [&str; 7] = [
    "Nr.",
    "Mål",
    "Kerneopgave",
    "Succeskriterium",
    "Opnået resultat",
    "Målopfyldelse",
    "Vægt",
];
pub const OVERVIEW_COLUMNS: [&str; 6] = [
    "Styrelse",
    "Mål",
    "Opfyldt",
    "Delvist opfyldt",
    "Ikke opfyldt",
    "Vægtet opfyldt",
];
pub const TRAIL_COLUMNS: [&str; 6] = ["Nr.", "Mål", "1. kvt.", "2. kvt.", "3. kvt.", "4. kvt."];
pub const PART_1: &str = "Målrapporteringens 1. del – skematisk oversigt";
pub const PART_2: &str = "Målrapporteringens 2. del – uddybende analyser og vurderinger";
pub const TRAIL: &str = "Kvartalsvis opfølgning";
pub const NO_ANALYSES: &str = "Ingen mål kræver en uddybende analyse.";

/// "20 pct." or "" for an unweighted goal.
pub fn weight_text(w: Option<i64>) -> String {
    w.map(|w| format!("{w} pct.")).unwrap_or_default()
}

/// "Opfyldt: 4 · Delvist opfyldt: 1 · Ikke opfyldt: 1".
pub fn counts_line(s: &Section) -> String {
    format!(
        "Opfyldt: {} · Delvist opfyldt: {} · Ikke opfyldt: {}",
        s.counts.met, s.counts.partly, s.counts.not_met
    )
}

/// "Delvist opfyldt, vægt 15 pct." under an analysed goal's heading.
pub fn analysis_status(a: &Analysis) -> String {
    match a.weight {
        Some(w) => format!("{}, vægt {w} pct.", a.status_text),
        None => a.status_text.clone(),
    }
}

/// The summary sentence and, when weighted, the weighted one after it.
pub fn summary_text(s: &Section) -> String {
    match &s.weighted_summary {
        Some(w) => format!("{} {w}", s.summary),
        None => s.summary.clone(),
    }
}

/// The cells of part 1, one row per goal, in [`COLUMNS`] order.
pub fn goal_rows(s: &Section) -> Vec<Vec<String>> {
    s.goals
        .iter()
        .map(|g| {
            vec![
                g.nr.clone(),
                g.title.clone(),
                g.core_task.clone(),
                g.success.clone(),
                g.achieved.clone(),
                g.status_text.clone(),
                weight_text(g.weight),
            ]
        })
        .collect()
}

/// The quarterly trail, in [`TRAIL_COLUMNS`] order.
pub fn trail_rows(s: &Section) -> Vec<Vec<String>> {
    s.trail
        .iter()
        .map(|t| {
            let mut r = vec![t.nr.clone(), t.title.clone()];
            r.extend(t.quarters.iter().cloned());
            r
        })
        .collect()
}

/// The ministry overview, in [`OVERVIEW_COLUMNS`] order.
pub fn overview_rows(report: &Report) -> Vec<Vec<String>> {
    report
        .overview
        .iter()
        .map(|o| {
            vec![
                o.agency.name.clone(),
                o.counts.total.to_string(),
                o.counts.met.to_string(),
                o.counts.partly.to_string(),
                o.counts.not_met.to_string(),
                weight_text(o.met_share),
            ]
        })
        .collect()
}

// ---- Markdown -------------------------------------------------------------

/// A table cell: one line, pipes escaped, Markdown punctuation kept literal.
fn md_cell(s: &str) -> String {
    md_text(&s.split_whitespace().collect::<Vec<_>>().join(" ")).replace('|', "\\|")
}

/// Text that must not turn into Markdown formatting.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn md_table(out: &mut String, head: &[&str], rows: &[Vec<String>]) {
    out.push_str(&format!("| {} |\n", head.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| md_cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    if report.sections.len() > 1 {
        out.push_str(&format!(
            "# {} – {}\n\n",
            report.heading,
            md_text(&report.ministry)
        ));
        overview_md(&mut out, report);
    }
    for s in &report.sections {
        out.push_str(&format!(
            "## {} – {}\n\n",
            s.heading,
            md_text(&s.agency.name)
        ));
        out.push_str(&md_text(&s.intro));
        out.push_str("\n\n");
        out.push_str(&md_text(&summary_text(s)));
        out.push_str("\n\n");
        out.push_str(&format!("### {PART_1}\n\n"));
        md_table(&mut out, &COLUMNS, &goal_rows(s));
        out.push_str(&counts_line(s));
        out.push_str("\n\n");
        out.push_str(&format!("### {PART_2}\n\n"));
        if s.analyses.is_empty() {
            out.push_str(&format!("{NO_ANALYSES}\n\n"));
        }
        for a in &s.analyses {
            out.push_str(&format!(
                "#### Mål {}: {}\n\n*{}*\n\n",
                md_text(&a.nr),
                md_text(&a.title),
                analysis_status(a)
            ));
            if let Some(v) = &a.assessment {
                out.push_str(&format!("**Vurdering.** {}\n\n", md_text(v)));
            }
            if let Some(v) = &a.analysis {
                out.push_str(&format!("**Analyse.** {}\n\n", md_text(v)));
            }
        }
        if !s.trail.is_empty() {
            out.push_str(&format!("### {TRAIL}\n\n"));
            md_table(&mut out, &TRAIL_COLUMNS, &trail_rows(s));
        }
    }
    out
}

fn overview_md(out: &mut String, report: &Report) {
    out.push_str("## Oversigt\n\n");
    md_table(out, &OVERVIEW_COLUMNS, &overview_rows(report));
}

// ---- CSV and JSON -----------------------------------------------------------

pub const CSV_COLUMNS: [&str; 10] = [
    "år",
    "styrelse",
    "styrelse_navn",
    "nr",
    "mål",
    "kerneopgave",
    "succeskriterium",
    "opnået",
    "målopfyldelse",
    "vægt",
];

/// One goal per row; `;`-separated UTF-8 with a BOM, as Danish Excel expects.
pub fn csv(report: &Report) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&CSV_COLUMNS.join(";"));
    out.push_str("\r\n");
    for s in &report.sections {
        for g in &s.goals {
            let row = [
                s.year.to_string(),
                s.agency.slug.clone(),
                s.agency.name.clone(),
                g.nr.clone(),
                g.title.clone(),
                g.core_task.clone(),
                g.success.clone(),
                g.achieved.clone(),
                g.status_text.clone(),
                g.weight.map(|w| w.to_string()).unwrap_or_default(),
            ];
            let cells: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
            out.push_str(&cells.join(";"));
            out.push_str("\r\n");
        }
    }
    out
}

/// The report as JSON; the shape is documented in docs/format.md.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}

// ---- HTML -----------------------------------------------------------------

/// A table whose first column heads its rows. `first` is the first cell's
/// HTML (already escaped, e.g. a link); `class_of(row, column)` may give a
/// cell a class.
fn html_table(
    class: &str,
    caption: &str,
    head: &[&str],
    rows: &[Vec<String>],
    first: impl Fn(usize, &str) -> String,
    class_of: impl Fn(usize, usize) -> Option<String>,
) -> String {
    let mut out = format!(
        "<div class=\"table-scroll\"><table class=\"{class}\">\n<caption>{}</caption>\n<thead><tr>",
        esc(caption)
    );
    for h in head {
        out.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (r, row) in rows.iter().enumerate() {
        out.push_str("<tr>");
        for (c, cell) in row.iter().enumerate() {
            if c == 0 {
                out.push_str(&format!("<th scope=\"row\">{}</th>", first(r, cell)));
                continue;
            }
            match class_of(r, c) {
                Some(class) => {
                    out.push_str(&format!("<td class=\"{}\">{}</td>", esc(&class), esc(cell)))
                }
                None => out.push_str(&format!("<td>{}</td>", esc(cell))),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
    out
}

/// One agency's section as HTML. Its own heading is `h{top}`; a page that
/// prints the heading itself passes `with_heading: false`.
pub fn html_section(s: &Section, top: usize, with_heading: bool) -> String {
    let (h, h1, h2) = (top, top + 1, top + 2);
    let id = format!("resultater-{}-{}", s.year, s.agency.slug);
    let heading = if with_heading {
        format!(
            "<h{h} id=\"{id}\">{} – {}</h{h}>\n",
            esc(&s.heading),
            esc(&s.agency.name)
        )
    } else {
        String::new()
    };
    let mut out = format!(
        "<section class=\"report\" id=\"{id}-afsnit\">\n{heading}<p>{}</p>\n<p class=\"summary\">{}</p>\n<h{h1}>{}</h{h1}>\n",
        esc(&s.intro),
        esc(&summary_text(s)),
        esc(PART_1)
    );
    // The status cell is coloured by its status.
    let status_column = COLUMNS.len() - 2;
    out.push_str(&html_table(
        "goals results",
        &format!("Årets {} mål og deres opfyldelse", s.counts.total),
        &COLUMNS,
        &goal_rows(s),
        |_, cell| esc(cell),
        |r, c| (c == status_column).then(|| format!("result-{}", s.goals[r].status)),
    ));
    out.push_str(&format!(
        "<p class=\"counts\">{}</p>\n<h{h1}>{}</h{h1}>\n",
        esc(&counts_line(s)),
        esc(PART_2)
    ));
    if s.analyses.is_empty() {
        out.push_str(&format!("<p>{NO_ANALYSES}</p>\n"));
    }
    for a in &s.analyses {
        out.push_str(&format!(
            "<article class=\"analysis\">\n<h{h2}>Mål {}: {}</h{h2}>\n<p class=\"status\">{}</p>\n",
            esc(&a.nr),
            esc(&a.title),
            esc(&analysis_status(a))
        ));
        if let Some(v) = &a.assessment {
            out.push_str(&format!("<p><strong>Vurdering.</strong> {}</p>\n", esc(v)));
        }
        if let Some(v) = &a.analysis {
            out.push_str(&format!("<p><strong>Analyse.</strong> {}</p>\n", esc(v)));
        }
        out.push_str("</article>\n");
    }
    if !s.trail.is_empty() {
        out.push_str(&format!("<h{h1}>{TRAIL}</h{h1}>\n"));
        out.push_str(&html_table(
            "trail",
            "Status ved hver kvartalsvise opfølgning",
            &TRAIL_COLUMNS,
            &trail_rows(s),
            |_, cell| esc(cell),
            |_, _| None,
        ));
    }
    out.push_str("</section>\n");
    out
}

/// The ministry-wide overview table as HTML; `link` gives each agency's page.
pub fn html_overview(report: &Report, link: impl Fn(&str) -> Option<String>) -> String {
    html_table(
        "overview",
        "Målopfyldelse pr. styrelse",
        &OVERVIEW_COLUMNS,
        &overview_rows(report),
        |r, name| match link(&report.overview[r].agency.slug) {
            Some(href) => format!("<a href=\"{}\">{}</a>", esc(&href), esc(name)),
            None => esc(name),
        },
        |_, _| None,
    )
}

/// A standalone HTML document (for `report --format html`).
pub fn html_document(report: &Report) -> String {
    let mut body = String::new();
    if report.sections.len() > 1 {
        body.push_str(&format!(
            "<h1>{} – {}</h1>\n",
            esc(&report.heading),
            esc(&report.ministry)
        ));
        body.push_str(&html_overview(report, |_| None));
    }
    let top = if report.sections.len() > 1 { 2 } else { 1 };
    for s in &report.sections {
        body.push_str(&html_section(s, top, true));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} – {}</title>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        esc(&report.heading),
        esc(&report.ministry)
    )
}

// ---- Typst ------------------------------------------------------------------

/// A Typst string literal: the data stays data when the file is compiled.
fn typst_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The theme's report template with the report embedded as JSON, so the file
/// compiles on its own (`typst compile report.typ`).
pub fn typst(template: &str, report: &Report) -> String {
    let data = format!(
        "#let data = json(bytes({}))",
        typst_string(&serde_json::to_string(report).unwrap_or_default())
    );
    template.replacen("#let data = json(\"/data.json\")", &data, 1)
}
