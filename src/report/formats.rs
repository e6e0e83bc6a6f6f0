//! The report's layout blocks ([`layout`]) as Markdown (to paste into the
//! årsrapport) and HTML (the website and `--format html`); the data as CSV
//! and JSON; and the theme's Typst template with the data embedded.

use super::layout::{self, Align, Block, GroupKind, Role, Table};
use super::{Document, Report};
use crate::text::escape_xml as esc;

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

fn md_table(out: &mut String, t: &Table) {
    out.push_str(&format!("| {} |\n", t.head.join(" | ")));
    let rule: String = t
        .align
        .iter()
        .map(|a| match a {
            Align::Left => "---|",
            Align::Right => "---:|",
        })
        .collect();
    out.push_str(&format!("|{rule}\n"));
    for (i, r) in t.rows.iter().enumerate() {
        // Markdown tables have no footer: the totals row is set in bold.
        let total = t.totals && i + 1 == t.rows.len();
        let cells: Vec<String> = r
            .iter()
            .map(|c| match md_cell(&c.text) {
                text if total && !text.is_empty() => format!("**{text}**"),
                text => text,
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

/// `shift` lowers every heading: one agency's section goes under a chapter
/// of the årsrapport (##), a ministry-wide report is a document (#).
fn md_blocks(out: &mut String, blocks: &[Block], shift: usize) {
    for b in blocks {
        match b {
            Block::Heading { level, text, .. } => out.push_str(&format!(
                "{} {}\n\n",
                "#".repeat(*level + shift),
                md_text(text)
            )),
            Block::Para { text, role } => match role {
                Role::Status => out.push_str(&format!("*{}*\n\n", md_text(text))),
                _ => out.push_str(&format!("{}\n\n", md_text(text))),
            },
            // Markdown headings have no ids the reader's tool would agree
            // on, so the contents is a plain list of the parts.
            Block::Contents { heading, entries } => {
                out.push_str(&format!("**{}**\n\n", md_text(heading)));
                for e in entries {
                    out.push_str(&format!("- {}\n", md_text(&e.text)));
                }
                out.push('\n');
            }
            Block::PageBreak => {}
            Block::Labelled { label, text } => {
                out.push_str(&format!("**{}** {}\n\n", md_text(label), md_text(text)))
            }
            Block::Notice { text } => out.push_str(&format!("> **{}**\n\n", md_text(text))),
            Block::Table(t) => md_table(out, t),
            Block::Group { blocks, .. } => md_blocks(out, blocks, shift),
        }
    }
}

pub fn markdown(doc: &Document) -> String {
    let mut out = String::new();
    let shift = usize::from(doc.sections() == 1);
    md_blocks(&mut out, &doc.blocks(), shift);
    out
}

// ---- CSV and JSON -----------------------------------------------------------

pub const CSV_COLUMNS: [&str; 11] = [
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
    // Last, so earlier readers' columns keep their places.
    "målopfyldelse_pct",
];
/// A foreløbig status names what it is in its first column, on every row.
pub const INTERIM_CSV_COLUMNS: [&str; 11] = [
    "opgørelse",
    "år",
    "styrelse",
    "styrelse_navn",
    "nr",
    "mål",
    "kerneopgave",
    "succeskriterium",
    "kommentar",
    "status",
    "vægt",
];

fn csv_row(out: &mut String, row: &[String]) {
    out.push_str(&crate::text::csv_row(row));
}

/// One goal per row; `;`-separated UTF-8 with a BOM, as Danish Excel expects.
pub fn csv(doc: &Document) -> String {
    let mut out = String::from("\u{feff}");
    match doc {
        Document::Results(r) => {
            csv_row(&mut out, &CSV_COLUMNS.map(String::from));
            for s in &r.sections {
                for g in &s.goals {
                    csv_row(
                        &mut out,
                        &[
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
                            g.grade.map(|p| p.to_string()).unwrap_or_default(),
                        ],
                    );
                }
            }
        }
        Document::Interim(r) => {
            csv_row(&mut out, &INTERIM_CSV_COLUMNS.map(String::from));
            for s in &r.sections {
                for g in &s.goals {
                    csv_row(
                        &mut out,
                        &[
                            s.heading.clone(),
                            s.year.to_string(),
                            s.agency.slug.clone(),
                            s.agency.name.clone(),
                            g.nr.clone(),
                            g.title.clone(),
                            g.core_task.clone(),
                            g.success.clone(),
                            g.comment.clone(),
                            g.status_text.clone(),
                            g.weight.map(|w| w.to_string()).unwrap_or_default(),
                        ],
                    );
                }
            }
        }
    }
    out
}

/// The report as JSON; the shape is documented in docs/format.md.
pub fn json(doc: &Document) -> String {
    serde_json::to_string_pretty(&doc.data()).unwrap_or_default() + "\n"
}

// ---- HTML -----------------------------------------------------------------

fn html_table(t: &Table) -> String {
    let mut out = format!(
        // "cards": on a phone each row is a card, each cell labelled with
        // its column's header (data-label), so no column hides off-screen.
        "<div class=\"table-scroll\"><table class=\"{} cards\">\n<caption>{}</caption>\n<thead><tr>",
        esc(&t.class),
        esc(&t.caption)
    );
    for (c, h) in t.head.iter().enumerate() {
        if t.align.get(c) == Some(&Align::Right) {
            out.push_str(&format!("<th scope=\"col\" class=\"num\">{}</th>", esc(h)));
        } else {
            out.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
        }
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let (body, foot) = match t.rows.split_last() {
        Some((last, body)) if t.totals => (body, Some(last)),
        _ => (&t.rows[..], None),
    };
    for row in body {
        html_row(&mut out, t, row);
    }
    out.push_str("</tbody>\n");
    if let Some(row) = foot {
        out.push_str("<tfoot>\n");
        html_row(&mut out, t, row);
        out.push_str("</tfoot>\n");
    }
    out.push_str("</table></div>\n");
    out
}

/// One row; the first cell heads it, numbers carry class `num`.
fn html_row(out: &mut String, t: &Table, row: &[layout::Cell]) {
    out.push_str("<tr>");
    for (c, cell) in row.iter().enumerate() {
        let text = match &cell.href {
            Some(href) => format!("<a href=\"{}\">{}</a>", esc(href), esc(&cell.text)),
            None => esc(&cell.text),
        };
        let label = esc(t.head.get(c).map_or("", String::as_str));
        let tag = if c == 0 {
            format!("th scope=\"row\" data-label=\"{label}\"")
        } else {
            format!("td data-label=\"{label}\"")
        };
        let end = if c == 0 { "th" } else { "td" };
        let num = (t.align.get(c) == Some(&Align::Right)).then_some("num");
        let classes: Vec<&str> = cell.class.as_deref().into_iter().chain(num).collect();
        if classes.is_empty() {
            out.push_str(&format!("<{tag}>{text}</{end}>"));
        } else {
            out.push_str(&format!(
                "<{tag} class=\"{}\">{text}</{end}>",
                esc(&classes.join(" "))
            ));
        }
    }
    out.push_str("</tr>\n");
}

/// Blocks as HTML; headings keep the levels the layout gave them.
pub fn html(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading { level, text, id } => {
                let id = id
                    .as_ref()
                    .map(|i| format!(" id=\"{}\"", esc(i)))
                    .unwrap_or_default();
                out.push_str(&format!("<h{level}{id}>{}</h{level}>\n", esc(text)));
            }
            Block::Para { text, role } => {
                let class = match role {
                    Role::Plain => "",
                    Role::Summary => " class=\"summary\"",
                    Role::Counts => " class=\"counts\"",
                    Role::Status => " class=\"status\"",
                    Role::Note => " class=\"note\"",
                };
                out.push_str(&format!("<p{class}>{}</p>\n", esc(text)));
            }
            Block::Labelled { label, text } => out.push_str(&format!(
                "<p><strong>{}</strong> {}</p>\n",
                esc(label),
                esc(text)
            )),
            Block::Notice { text } => out.push_str(&format!(
                "<div class=\"notice\" role=\"note\"><p>{}</p></div>\n",
                esc(text)
            )),
            Block::Table(t) => out.push_str(&html_table(t)),
            Block::Contents { heading, entries } => {
                out.push_str(&format!(
                    "<nav class=\"contents\" aria-labelledby=\"indholdsfortegnelse\">\n<h2 id=\"indholdsfortegnelse\">{}</h2>\n<ul>\n",
                    esc(heading)
                ));
                for e in entries {
                    out.push_str(&format!(
                        "<li><a href=\"#{}\">{}</a></li>\n",
                        esc(&e.id),
                        esc(&e.text)
                    ));
                }
                out.push_str("</ul>\n</nav>\n");
            }
            Block::PageBreak => {}
            Block::Group { kind, id, blocks } => {
                let (tag, class) = match kind {
                    GroupKind::Section => ("section", "report"),
                    GroupKind::Analysis => ("article", "analysis"),
                };
                let id = id
                    .as_ref()
                    .map(|i| format!(" id=\"{}\"", esc(i)))
                    .unwrap_or_default();
                out.push_str(&format!("<{tag} class=\"{class}\"{id}>\n"));
                out.push_str(&html(blocks));
                out.push_str(&format!("</{tag}>\n"));
            }
        }
    }
    out
}

/// One agency's results section as HTML (a website results page).
pub fn html_section(s: &super::Section, top: usize, with_heading: bool) -> String {
    html(&[layout::section(s, top, with_heading)])
}

/// The ministry-wide overview table as HTML; `link` gives each agency's page.
pub fn html_overview(report: &Report, link: impl Fn(&str) -> Option<String>) -> String {
    html(&layout::overview(report, link))
}

/// A standalone HTML document (for `report --format html`).
pub fn html_document(doc: &Document) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n<main>\n{}</main>\n</body>\n</html>\n",
        esc(&doc.title()),
        html(&doc.blocks())
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

/// The theme's report template with the report's data embedded as JSON, so
/// the file compiles on its own (`typst compile report.typ`).
pub fn typst(template: &str, doc: &Document) -> String {
    let data = format!(
        "#let data = json(bytes({}))",
        typst_string(&serde_json::to_string(&doc.pdf_data()).unwrap_or_default())
    );
    template.replacen("#let data = json(\"/data.json\")", &data, 1)
}
