//! The report as a Word document (docx-rs), so it drops into the årsrapport.
//! It writes the same layout blocks as every other format. Headings use
//! Word's built-in heading styles, so they join the report's own outline
//! and table of contents.

use docx_rs::{
    BorderType, Docx, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run,
    Shading, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

use super::Document;
use super::layout::{self, Block, Role};

fn heading(level: usize, text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text))
        .style(&format!("Heading{}", level.clamp(1, 4)))
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

fn table(t: &layout::Table) -> Table {
    let header = TableRow::new(
        t.head
            .iter()
            .map(|h| {
                TableCell::new()
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_text(h).bold()))
            })
            .collect(),
    )
    .cant_split();
    let mut all = vec![header];
    for r in &t.rows {
        all.push(TableRow::new(
            r.iter()
                .map(|c| TableCell::new().add_paragraph(para(&c.text)))
                .collect(),
        ));
    }
    Table::new(all).width(5000, WidthType::Pct)
}

/// A framed, shaded paragraph in bold: the interim label.
fn notice(text: &str) -> Paragraph {
    let mut borders = ParagraphBorders::with_empty();
    for position in [
        ParagraphBorderPosition::Top,
        ParagraphBorderPosition::Bottom,
        ParagraphBorderPosition::Left,
        ParagraphBorderPosition::Right,
    ] {
        borders = borders.set(
            ParagraphBorder::new(position)
                .val(BorderType::Single)
                .size(8)
                .space(4)
                .color("B45309"),
        );
    }
    let mut p = Paragraph::new().add_run(Run::new().add_text(text).bold());
    p.property = p
        .property
        .set_borders(borders)
        .shading(Shading::new().fill("FFF4E5"));
    p
}

fn write(mut doc: Docx, blocks: &[Block]) -> Docx {
    for b in blocks {
        doc = match b {
            Block::Heading { level, text, .. } => doc.add_paragraph(heading(*level, text)),
            Block::Para { text, role } => match role {
                Role::Status => {
                    doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(text).italic()))
                }
                _ => doc.add_paragraph(para(text)),
            },
            Block::Labelled { label, text } => doc.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text(format!("{label} ")).bold())
                    .add_run(Run::new().add_text(text)),
            ),
            Block::Notice { text } => doc.add_paragraph(notice(text)),
            Block::Table(t) => doc.add_table(table(t)),
            Block::Group { blocks, .. } => write(doc, blocks),
        };
    }
    doc
}

/// The whole report as .docx bytes.
pub fn docx(report: &Document) -> Result<Vec<u8>, String> {
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
    doc = write(doc, &report.blocks());
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .map_err(|e| format!("Word-filen kunne ikke pakkes: {e}"))?;
    Ok(bytes.into_inner())
}
