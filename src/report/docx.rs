//! The report as a Word document (docx-rs), so it drops into the årsrapport.
//! Headings use Word's built-in heading styles, so they join the report's
//! own outline and table of contents.

use docx_rs::{Docx, Paragraph, Run, Style, StyleType, Table, TableCell, TableRow, WidthType};

use super::formats::{self, PART_1, PART_2, TRAIL};
use super::{Report, Section};

fn heading(level: usize, text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text))
        .style(&format!("Heading{level}"))
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

fn labelled(label: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(format!("{label} ")).bold())
        .add_run(Run::new().add_text(text))
}

fn table(head: &[&str], rows: &[Vec<String>]) -> Table {
    let header = TableRow::new(
        head.iter()
            .map(|h| {
                TableCell::new()
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_text(*h).bold()))
            })
            .collect(),
    )
    .cant_split();
    let mut all = vec![header];
    for r in rows {
        all.push(TableRow::new(
            r.iter()
                .map(|c| TableCell::new().add_paragraph(para(c)))
                .collect(),
        ));
    }
    Table::new(all).width(5000, WidthType::Pct)
}

fn section(mut doc: Docx, s: &Section, top: usize) -> Docx {
    doc = doc
        .add_paragraph(heading(top, &format!("{} – {}", s.heading, s.agency.name)))
        .add_paragraph(para(&s.intro))
        .add_paragraph(para(&formats::summary_text(s)))
        .add_paragraph(heading(top + 1, PART_1))
        .add_table(table(&formats::COLUMNS, &formats::goal_rows(s)))
        .add_paragraph(para(&formats::counts_line(s)))
        .add_paragraph(heading(top + 1, PART_2));
    if s.analyses.is_empty() {
        doc = doc.add_paragraph(para(formats::NO_ANALYSES));
    }
    for a in &s.analyses {
        doc = doc
            .add_paragraph(heading(top + 2, &format!("Mål {}: {}", a.nr, a.title)))
            .add_paragraph(
                Paragraph::new().add_run(Run::new().add_text(formats::analysis_status(a)).italic()),
            );
        if let Some(v) = &a.assessment {
            doc = doc.add_paragraph(labelled("Vurdering.", v));
        }
        if let Some(v) = &a.analysis {
            doc = doc.add_paragraph(labelled("Analyse.", v));
        }
    }
    if !s.trail.is_empty() {
        doc = doc
            .add_paragraph(heading(top + 1, TRAIL))
            .add_table(table(&formats::TRAIL_COLUMNS, &formats::trail_rows(s)));
    }
    doc
}

/// The whole report as .docx bytes.
pub fn docx(report: &Report) -> Result<Vec<u8>, String> {
    let mut doc = Docx::new();
    for level in 1..=4 {
        doc = doc.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("Heading {level}"))
                .bold()
                .size(match level {
                    1 => 32,
                    2 => 28,
                    3 => 24,
                    _ => 22,
                }),
        );
    }
    let top = if report.sections.len() > 1 {
        doc = doc
            .add_paragraph(heading(
                1,
                &format!("{} – {}", report.heading, report.ministry),
            ))
            .add_table(table(
                &formats::OVERVIEW_COLUMNS,
                &formats::overview_rows(report),
            ));
        2
    } else {
        1
    };
    for s in &report.sections {
        doc = section(doc, s, top);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .map_err(|e| format!("Word-filen kunne ikke pakkes: {e}"))?;
    Ok(bytes.into_inner())
}
