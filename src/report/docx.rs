//! The report as a Word document (docx-rs), so it drops into the årsrapport.
//! It writes the same layout blocks as every other format. Headings use
//! Word's built-in heading styles (Heading1..4), so they join the report's
//! own outline and table of contents, and an agency's own Word template
//! (`--skabelon`, like Pandoc's `--reference-doc`) restyles them.
//!
//! docx-rs cannot write everything a finished Word file needs (a repeating
//! table header, the document language, the author and title, a theme), so
//! the package it makes is repacked once with those parts set (`repack`).

use std::io::{Read, Seek, Write};
use std::path::Path;

use docx_rs::{
    AlignmentType, BorderType, Docx, FieldCharType, Footer, Hyperlink, HyperlinkType, InstrText,
    InstrToC, LineSpacing, NumPages, PageMargin, PageNum, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, Shading, Style, StyleType, Table,
    TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};
use time::OffsetDateTime;

use super::Document;
use super::layout::{self, Align, Block, Role};
use crate::Fatal;
use crate::text::escape_xml as esc;

/// A4 portrait, 2 cm margins left and right, 2,5 cm top and bottom (twips).
const PAGE: Page = Page {
    width: 11906,
    height: 16838,
    left: 1134,
    right: 1134,
    top: 1418,
    bottom: 1418,
};

/// The page the text is set on; an agency's template may bring its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub width: u32,
    pub height: u32,
    pub left: u32,
    pub right: u32,
    pub top: u32,
    pub bottom: u32,
}

impl Page {
    /// The width between the margins: what a table's columns share.
    pub fn text_width(&self) -> usize {
        self.width.saturating_sub(self.left + self.right).max(1440) as usize
    }
}

/// What the Word file is made with besides the report.
pub struct Settings<'a> {
    /// The file's created and modified date (`SOURCE_DATE_EPOCH` when set).
    pub now: OffsetDateTime,
    /// An agency's Word template whose styles (and theme, numbering and
    /// page) the report takes on.
    pub reference: Option<&'a Reference>,
}

/// The parts taken from an agency's Word template (`--skabelon`).
#[derive(Debug, Clone)]
pub struct Reference {
    /// `word/styles.xml`: always there (or the template is refused).
    styles: Vec<u8>,
    /// `word/theme/theme1.xml`: the theme fonts and colours the styles name.
    theme: Option<Vec<u8>>,
    /// `word/numbering.xml`: the lists the styles may number headings with.
    numbering: Option<Vec<u8>>,
    /// The page size and margins of the template's last section.
    page: Option<Page>,
}

/// A template larger than this is not a Word template.
const MAX_TEMPLATE: u64 = 50 * 1024 * 1024;
/// No part we take (styles, theme, numbering, document) may inflate to more
/// than this: a zip bomb stops here instead of filling the memory.
const MAX_PART: u64 = 20 * 1024 * 1024;

impl Reference {
    /// Reads the parts of `path`, refusing anything that is not a readable
    /// .docx with styles, with a Danish message that says what to do.
    pub fn read(path: &Path) -> Result<Reference, Fatal> {
        let shown = path.display();
        let file = std::fs::File::open(path)
            .map_err(|e| Fatal::io("Kan ikke læse Word-skabelonen", path, &e))?;
        let size = file
            .metadata()
            .map_err(|e| Fatal::io("Kan ikke læse Word-skabelonen", path, &e))?
            .len();
        if size > MAX_TEMPLATE {
            return Err(Fatal::new(format!(
                "Word-skabelonen {shown} er for stor ({} MB); en skabelon må højst fylde {} MB. Brug en .docx med jeres typografier og uden billeder.",
                size.div_ceil(1024 * 1024),
                MAX_TEMPLATE / (1024 * 1024)
            )));
        }
        let mut zip = zip::ZipArchive::new(file).map_err(|_| {
            Fatal::new(format!(
                "Word-skabelonen {shown} er ikke en Word-fil (.docx): den kan ikke åbnes som zip-arkiv. Gem skabelonen i Word som 'Word-dokument (*.docx)', og prøv igen."
            ))
        })?;
        let Some(styles) = part(&mut zip, "word/styles.xml", path)? else {
            return Err(Fatal::new(format!(
                "Word-skabelonen {shown} har ingen typografier (word/styles.xml mangler). Gem et dokument med jeres typografier i Word som .docx, og brug det som skabelon."
            )));
        };
        if !String::from_utf8_lossy(&styles).contains("<w:styles") {
            return Err(Fatal::new(format!(
                "Word-skabelonen {shown} har ikke Words typografier i word/styles.xml. Gem skabelonen i Word som .docx, og prøv igen."
            )));
        }
        let theme = part(&mut zip, "word/theme/theme1.xml", path)?;
        let numbering = part(&mut zip, "word/numbering.xml", path)?;
        let page = part(&mut zip, "word/document.xml", path)?
            .and_then(|d| page_of(&String::from_utf8_lossy(&d)));
        Ok(Reference {
            styles,
            theme,
            numbering,
            page,
        })
    }
}

/// One part of the template, read at most [`MAX_PART`] bytes far.
fn part<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    path: &Path,
) -> Result<Option<Vec<u8>>, Fatal> {
    let entry = match zip.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => {
            return Err(Fatal::new(format!(
                "Word-skabelonen {} er beskadiget: {name} kan ikke læses. Gem skabelonen i Word som .docx igen.",
                path.display()
            )));
        }
    };
    let mut bytes = Vec::new();
    let read = entry.take(MAX_PART + 1).read_to_end(&mut bytes);
    if read.is_err() {
        return Err(Fatal::new(format!(
            "Word-skabelonen {} er beskadiget: {name} kan ikke pakkes ud. Gem skabelonen i Word som .docx igen.",
            path.display()
        )));
    }
    if bytes.len() as u64 > MAX_PART {
        return Err(Fatal::new(format!(
            "Word-skabelonen {}: {name} fylder mere end {} MB pakket ud; det er ikke en almindelig Word-skabelon.",
            path.display(),
            MAX_PART / (1024 * 1024)
        )));
    }
    Ok(Some(bytes))
}

/// The value of attribute `name` in the element starting at `xml`'s start.
fn attr(element: &str, name: &str) -> Option<u32> {
    text_attr(element, name)?.parse().ok()
}

/// The text of attribute `name` in the element starting at `xml`'s start.
fn text_attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let end = element.find('>')?;
    let element = &element[..end];
    let at = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let value = &element[at..];
    Some(&value[..value.find('"')?])
}

/// Each style of a `styles.xml` as (id, name, its whole `<w:style>`
/// element). Word names its built-in styles in English ("heading 1") in
/// every language, while the id is the user's language's ("Overskrift1").
fn styles_of(styles: &str) -> Vec<(&str, &str, &str)> {
    let mut out = Vec::new();
    let mut rest = styles;
    while let Some(at) = rest.find("<w:style ") {
        let from = &rest[at..];
        let Some(len) = from.find("</w:style>").map(|e| e + "</w:style>".len()) else {
            break;
        };
        let element = &from[..len];
        let name = element
            .find("<w:name ")
            .and_then(|n| text_attr(&element[n..], "w:val"));
        if let (Some(id), Some(name)) = (text_attr(element, "w:styleId"), name) {
            out.push((id, name, element));
        }
        rest = &from[len..];
    }
    out
}

/// The template's id of each of our heading styles (Heading1..4), found by
/// the built-in name; `None` when the template has no such style.
fn heading_ids(styles: &str) -> [Option<String>; 4] {
    let all = styles_of(styles);
    std::array::from_fn(|i| {
        let name = format!("heading {}", i + 1);
        all.iter()
            .find(|(_, n, _)| n.eq_ignore_ascii_case(&name))
            .map(|(id, _, _)| id.to_string())
    })
}

/// Our document and styles with a template's styles: the headings take the
/// template's ids, and a heading style the template lacks is ours.
fn with_template_styles(document: &str, ours: &str, theirs: &str) -> (String, String) {
    let mut document = document.to_string();
    let mut styles = theirs.to_string();
    let own = styles_of(ours);
    for (i, id) in heading_ids(theirs).iter().enumerate() {
        let ours_id = format!("Heading{}", i + 1);
        match id {
            Some(id) if *id != ours_id => {
                document = document.replace(
                    &format!("<w:pStyle w:val=\"{ours_id}\" />"),
                    &format!("<w:pStyle w:val=\"{}\" />", esc(id)),
                );
            }
            Some(_) => {}
            None => {
                if let Some((_, _, element)) = own.iter().find(|(id, _, _)| *id == ours_id) {
                    styles = insert_before(&styles, "</w:styles>", element);
                }
            }
        }
    }
    (document, styles)
}

/// The page size and margins of a document's last section (`w:sectPr`):
/// where Word keeps the page of the whole document.
fn page_of(document: &str) -> Option<Page> {
    let section = &document[document.rfind("<w:sectPr")?..];
    let size = &section[section.find("<w:pgSz ")?..];
    let margin = &section[section.find("<w:pgMar ")?..];
    let page = Page {
        width: attr(size, "w:w")?,
        height: attr(size, "w:h")?,
        left: attr(margin, "w:left")?,
        right: attr(margin, "w:right")?,
        top: attr(margin, "w:top")?,
        bottom: attr(margin, "w:bottom")?,
    };
    // A page too small for a table is a broken template, not a page.
    (page.width >= page.left + page.right + 1440).then_some(page)
}

/// A heading stays on the page of what follows it.
fn heading(level: usize, text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text))
        .style(&format!("Heading{}", level.clamp(1, 4)))
        .keep_next(true)
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

/// The share of the text width each column gets, by the table's role (as
/// the PDF template's `widths()`): short columns for numbers and statuses,
/// room for the texts.
fn shares(t: &layout::Table) -> Vec<f64> {
    let n = t.head.len();
    let mut shares: Vec<f64> = if t.class.starts_with("goals") {
        vec![0.55, 2.0, 1.7, 1.9, 1.9, 1.5, 0.8]
    } else if t.class == "overview" {
        let mut s = vec![2.6, 0.8];
        s.resize(n, 1.1);
        s
    } else if t.class == "changes" {
        vec![1.2, 0.8, 4.0]
    } else if t.class == "trail" {
        let mut s = vec![0.6, 2.4];
        s.resize(n, 1.2);
        s
    } else {
        let mut s = vec![1.0];
        s.resize(n, 2.0);
        s
    };
    shares.resize(n, 1.0);
    shares
}

/// The columns' widths in twips, summing to exactly `width`.
pub fn grid(t: &layout::Table, width: usize) -> Vec<usize> {
    let shares = shares(t);
    let total: f64 = shares.iter().sum();
    let mut widths: Vec<usize> = shares
        .iter()
        .map(|s| (s / total * width as f64).floor() as usize)
        .collect();
    let used: usize = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += width - used;
    }
    widths
}

fn cell(text: &str, width: usize, align: Align, bold: bool) -> TableCell {
    cell_shaded(text, width, align, bold, None)
}

/// A header cell: bold on the same light shade as the PDF's header row.
fn head_cell(text: &str, width: usize, align: Align) -> TableCell {
    cell_shaded(text, width, align, true, Some("ECECF3"))
}

fn cell_shaded(
    text: &str,
    width: usize,
    align: Align,
    bold: bool,
    fill: Option<&str>,
) -> TableCell {
    // A size smaller than the text's, and no space after: tables are dense.
    let mut run = Run::new().add_text(text).size(18);
    if bold {
        run = run.bold();
    }
    let mut p = Paragraph::new()
        .add_run(run)
        .line_spacing(LineSpacing::new().after(0));
    if align == Align::Right {
        p = p.align(AlignmentType::Right);
    }
    let cell = TableCell::new()
        .add_paragraph(p)
        .width(width, WidthType::Dxa);
    match fill {
        Some(fill) => cell.shading(Shading::new().fill(fill)),
        None => cell,
    }
}

/// A table with fixed column widths that fill the text width. Its header
/// row repeats on every page (`w:tblHeader`, set in `repack`) and no row
/// splits across pages.
fn table(t: &layout::Table, page: &Page) -> Table {
    let width = page.text_width();
    let grid = grid(t, width);
    let align = |c: usize| t.align.get(c).copied().unwrap_or(Align::Left);
    let header = TableRow::new(
        t.head
            .iter()
            .enumerate()
            .map(|(c, h)| head_cell(h, grid[c], align(c)))
            .collect(),
    )
    .cant_split();
    let mut all = vec![header];
    for (i, r) in t.rows.iter().enumerate() {
        let total = t.totals && i + 1 == t.rows.len();
        all.push(
            TableRow::new(
                r.iter()
                    .enumerate()
                    .map(|(c, x)| cell(&x.text, grid.get(c).copied().unwrap_or(0), align(c), total))
                    .collect(),
            )
            .cant_split(),
        );
    }
    // Room around the text in each cell (twips: 0.7 mm above and below, 1 mm
    // at the sides); none reads cramped, more breaks long Danish words.
    Table::new(all)
        .set_grid(grid)
        .width(width, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(40, 57, 40, 57))
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

/// A Word bookmark name for a heading id: letters, digits and `_`, at most
/// 40 characters; `_Toc` hides it from Word's bookmark list.
fn bookmark(id: &str) -> String {
    let name: String = format!("_Toc_{id}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    name.chars().take(40).collect()
}

/// A table of contents field (`TOC \o "1-2" \h`) whose shown result is
/// the list of parts, linked to their headings: Word rebuilds it with page
/// numbers when the file is opened (`w:updateFields`), and any reader that
/// does not still shows the parts.
fn contents(mut doc: Docx, title: &str, entries: &[layout::Entry]) -> Docx {
    doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(title).bold().size(28)));
    let instr = InstrToC::new().heading_styles_range(1, 2).hyperlink();
    for (i, e) in entries.iter().enumerate() {
        let mut p = Paragraph::new();
        if i == 0 {
            p = p.add_run(
                Run::new()
                    .add_field_char(FieldCharType::Begin, true)
                    .add_instr_text(InstrText::TOC(instr.clone()))
                    .add_field_char(FieldCharType::Separate, false),
            );
        }
        p = p.add_hyperlink(
            Hyperlink::new(bookmark(&e.id), HyperlinkType::Anchor)
                .add_run(Run::new().add_text(&e.text)),
        );
        if i + 1 == entries.len() {
            p = p.add_run(Run::new().add_field_char(FieldCharType::End, false));
        }
        doc = doc.add_paragraph(p);
    }
    doc
}

/// The state of writing: the page (for table widths), whether the next
/// heading starts a new page, and the next bookmark's number.
struct Writer {
    page: Page,
    break_before: bool,
    bookmarks: usize,
    /// The tables' captions, in order (docx-rs cannot write them).
    captions: Vec<String>,
}

impl Writer {
    fn write(&mut self, mut doc: Docx, blocks: &[Block]) -> Docx {
        for b in blocks {
            doc = match b {
                Block::Heading { level, text, id } => {
                    let mut p = heading(*level, text);
                    if std::mem::take(&mut self.break_before) {
                        p = p.page_break_before(true);
                    }
                    if let Some(id) = id {
                        self.bookmarks += 1;
                        p = p
                            .add_bookmark_start(self.bookmarks, bookmark(id))
                            .add_bookmark_end(self.bookmarks);
                    }
                    doc.add_paragraph(p)
                }
                Block::Para { text, role } => match role {
                    Role::Status => doc.add_paragraph(
                        Paragraph::new().add_run(Run::new().add_text(text).italic()),
                    ),
                    Role::Note => doc.add_paragraph(
                        Paragraph::new().add_run(Run::new().add_text(text).size(18)),
                    ),
                    _ => doc.add_paragraph(para(text)),
                },
                Block::Labelled { label, text } => doc.add_paragraph(
                    Paragraph::new()
                        .add_run(Run::new().add_text(format!("{label} ")).bold())
                        .add_run(Run::new().add_text(text)),
                ),
                Block::Notice { text } => doc.add_paragraph(notice(text)),
                Block::Table(t) => {
                    self.captions.push(t.caption.clone());
                    doc.add_table(table(t, &self.page))
                }
                Block::Contents { heading, entries } => contents(doc, heading, entries),
                Block::PageBreak => {
                    self.break_before = true;
                    doc
                }
                Block::Group { blocks, .. } => self.write(doc, blocks),
            };
        }
        doc
    }
}

/// The whole report as .docx bytes.
pub fn docx(report: &Document, settings: &Settings) -> Result<Vec<u8>, String> {
    let page = settings.reference.and_then(|r| r.page).unwrap_or(PAGE);
    let mut doc = Docx::new()
        .page_size(page.width, page.height)
        .page_margin(
            PageMargin::new()
                .top(page.top as i32)
                .bottom(page.bottom as i32)
                .left(page.left as i32)
                .right(page.right as i32),
        )
        // Our own look; an agency's template replaces it.
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
        .default_size(20)
        .default_line_spacing(LineSpacing::new().after(120))
        // "Side 2 af 6" at the foot of each page, as in the PDF.
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(Run::new().add_text("Side "))
                    .add_page_num(PageNum::new())
                    .add_run(Run::new().add_text(" af "))
                    .add_num_pages(NumPages::new()),
            ),
        );
    for level in 1..=4 {
        doc = doc.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .based_on("Normal")
                .next("Normal")
                .line_spacing(LineSpacing::new().before(240).after(80))
                .bold()
                .size(match level {
                    1 => 32,
                    2 => 28,
                    3 => 24,
                    _ => 22,
                }),
        );
    }
    let mut writer = Writer {
        page,
        break_before: false,
        bookmarks: 0,
        captions: Vec::new(),
    };
    doc = writer.write(doc, &report.blocks());
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .map_err(|e| format!("Word-filen kunne ikke pakkes: {e}"))?;
    repack(&bytes.into_inner(), report, settings, &writer.captions)
        .map_err(|e| format!("Word-filen kunne ikke pakkes: {e}"))
}

/// The document's language, on the default run properties: spelling and
/// hyphenation in Word, and screen readers, treat the text as Danish.
const LANG: &str = r#"<w:lang w:val="da-DK" w:eastAsia="da-DK" w:bidi="ar-SA" />"#;

/// Sets the default language of `styles.xml` (ours, or an agency's) to
/// Danish. Word writes the parts with the `w:` prefix, which this relies on.
pub fn with_danish(styles: &str) -> String {
    if let Some(start) = styles.find("<w:rPrDefault>") {
        let rest = &styles[start..];
        let end = start + rest.find("</w:rPrDefault>").unwrap_or(rest.len());
        let inner = &styles[start..end];
        if let Some(lang) = inner.find("<w:lang ") {
            let from = start + lang;
            if let Some(close) = styles[from..].find("/>") {
                return format!("{}{LANG}{}", &styles[..from], &styles[from + close + 2..]);
            }
        }
        for empty in ["<w:rPr />", "<w:rPr/>"] {
            if let Some(rpr) = inner.find(empty) {
                let at = start + rpr;
                return format!(
                    "{}<w:rPr>{LANG}</w:rPr>{}",
                    &styles[..at],
                    &styles[at + empty.len()..]
                );
            }
        }
        if let Some(rpr) = inner.find("<w:rPr>") {
            let at = start + rpr + "<w:rPr>".len();
            return format!("{}{LANG}{}", &styles[..at], &styles[at..]);
        }
        let at = start + "<w:rPrDefault>".len();
        return format!("{}<w:rPr>{LANG}</w:rPr>{}", &styles[..at], &styles[at..]);
    }
    let defaults = format!("<w:rPrDefault><w:rPr>{LANG}</w:rPr></w:rPrDefault>");
    if let Some(at) = styles.find("<w:docDefaults>") {
        let at = at + "<w:docDefaults>".len();
        return format!("{}{defaults}{}", &styles[..at], &styles[at..]);
    }
    match styles
        .find("<w:styles")
        .and_then(|s| styles[s..].find('>').map(|e| s + e + 1))
    {
        Some(at) => format!(
            "{}<w:docDefaults>{defaults}</w:docDefaults>{}",
            &styles[..at],
            &styles[at..]
        ),
        None => styles.to_string(),
    }
}

/// Gives every table its caption (`w:tblCaption`, read out by screen
/// readers; `captions` in the tables' order) and marks its first row as the
/// header row, repeated on each page. Our tables always have a `w:tblPr`
/// and a `w:trPr` (every row is `cantSplit`).
fn with_table_marks(document: &str, captions: &[String]) -> String {
    let mut out = String::with_capacity(document.len() + 256);
    let mut rest = document;
    let mut captions = captions.iter();
    while let Some(at) = rest.find("<w:tbl>") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let (Some(props), Some(row)) = (after.find("</w:tblPr>"), after.find("<w:trPr>")) else {
            out.push_str(after);
            rest = "";
            break;
        };
        let row = row + "<w:trPr>".len();
        out.push_str(&after[..props]);
        if let Some(caption) = captions.next() {
            out.push_str(&format!("<w:tblCaption w:val=\"{}\" />", esc(caption)));
        }
        out.push_str(&after[props..row]);
        out.push_str("<w:tblHeader />");
        rest = &after[row..];
    }
    out.push_str(rest);
    out
}

/// W3CDTF, as core.xml wants it: "2025-01-31T09:00:00Z".
fn w3c(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The document's properties: the ministry as author, the report's title,
/// Danish, and the date it was made (docx-rs would write 1970 and
/// "unknown").
fn core_xml(report: &Document, now: OffsetDateTime) -> String {
    let when = w3c(now);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{ministry}</dc:creator>",
            "<cp:lastModifiedBy>{ministry}</cp:lastModifiedBy><dc:language>da-DK</dc:language><cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = esc(&report.title()),
        subject = if report.is_interim() {
            "Foreløbig status"
        } else {
            "Målrapportering"
        },
        ministry = esc(report.ministry()),
        when = when,
    )
}

/// Inserts `item` before the closing `end` tag of `xml`.
fn insert_before(xml: &str, end: &str, item: &str) -> String {
    match xml.rfind(end) {
        Some(at) => format!("{}{item}{}", &xml[..at], &xml[at..]),
        None => xml.to_string(),
    }
}

/// Rewrites the package docx-rs made: the parts it cannot write (see the
/// module comment) and, with a template, the agency's styles, theme and
/// numbering. Every entry gets the document's date, so the same report and
/// `SOURCE_DATE_EPOCH` give the same bytes.
fn repack(
    bytes: &[u8],
    report: &Document,
    settings: &Settings,
    captions: &[String],
) -> zip::result::ZipResult<Vec<u8>> {
    let mut input = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let now = settings.now;
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(now.year()).unwrap_or(1980).max(1980),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let reference = settings.reference;
    let theme = reference.and_then(|r| r.theme.as_ref());
    // With a template, its styles, and our document with the template's
    // style ids: both parts depend on both, so they are made together.
    let template = match reference {
        Some(r) => {
            let mut part = |name: &str| -> zip::result::ZipResult<String> {
                let mut text = String::new();
                input.by_name(name)?.read_to_string(&mut text)?;
                Ok(text)
            };
            let document = with_table_marks(&part("word/document.xml")?, captions);
            let ours = part("word/styles.xml")?;
            Some(with_template_styles(
                &document,
                &ours,
                &String::from_utf8_lossy(&r.styles),
            ))
        }
        None => None,
    };
    for i in 0..input.len() {
        let mut entry = input.by_index(i)?;
        let name = entry.name().to_string();
        if entry.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        let text = || String::from_utf8_lossy(&data).into_owned();
        let data: Vec<u8> = match name.as_str() {
            "docProps/core.xml" => core_xml(report, now).into_bytes(),
            "word/document.xml" => match &template {
                Some((document, _)) => document.clone().into_bytes(),
                None => with_table_marks(&text(), captions).into_bytes(),
            },
            "word/styles.xml" => {
                let styles = match &template {
                    Some((_, styles)) => styles.clone(),
                    None => text(),
                };
                with_danish(&styles).into_bytes()
            }
            "word/numbering.xml" => match reference.and_then(|r| r.numbering.as_ref()) {
                Some(n) => n.clone(),
                None => data,
            },
            // Word hyphenates (Danish has long words in narrow columns),
            // rebuilds the table of contents on opening, and takes the theme
            // fonts' language as Danish. In the order Word's schema has them.
            "word/settings.xml" => {
                let settings = text().replacen(
                    "<w:compat>",
                    r#"<w:autoHyphenation w:val="true" /><w:updateFields w:val="true" /><w:compat>"#,
                    1,
                );
                insert_before(
                    &settings,
                    "</w:settings>",
                    r#"<w:themeFontLang w:val="da-DK" />"#,
                )
                .into_bytes()
            }
            "[Content_Types].xml" if theme.is_some() => insert_before(
                &text(),
                "</Types>",
                r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml" />"#,
            )
            .into_bytes(),
            "word/_rels/document.xml.rels" if theme.is_some() => insert_before(
                &text(),
                "</Relationships>",
                r#"<Relationship Id="rIdMrplanTheme" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml" />"#,
            )
            .into_bytes(),
            _ => data,
        };
        out.start_file(name, options)?;
        out.write_all(&data)?;
    }
    if let Some(theme) = theme {
        out.start_file("word/theme/theme1.xml", options)?;
        out.write_all(theme)?;
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_goes_into_any_default_run_properties() {
        let ours = r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="20" /></w:rPr></w:rPrDefault></w:docDefaults></w:styles>"#;
        assert!(with_danish(ours).contains(&format!("<w:rPr>{LANG}<w:sz")));
        let empty = r#"<w:rPrDefault><w:rPr /></w:rPrDefault>"#;
        assert_eq!(
            with_danish(empty),
            format!("<w:rPrDefault><w:rPr>{LANG}</w:rPr></w:rPrDefault>")
        );
        let english = r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US" w:eastAsia="en-US"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>"#;
        let danish = with_danish(english);
        assert!(
            danish.contains(LANG) && !danish.contains("en-US"),
            "{danish}"
        );
        let bare = r#"<w:styles xmlns:w="x"><w:style/></w:styles>"#;
        assert!(with_danish(bare).starts_with(&format!(
            r#"<w:styles xmlns:w="x"><w:docDefaults><w:rPrDefault><w:rPr>{LANG}"#
        )));
    }

    #[test]
    fn headings_take_the_templates_style_ids() {
        let ours = r#"<w:styles><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1" /></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2" /></w:style></w:styles>"#;
        // Danish Word: the ids are Danish, the names English.
        let theirs = r#"<w:styles><w:style w:type="paragraph" w:styleId="Overskrift1"><w:name w:val="heading 1"/></w:style></w:styles>"#;
        let document = r#"<w:p><w:pPr><w:pStyle w:val="Heading1" /></w:pPr></w:p><w:p><w:pPr><w:pStyle w:val="Heading2" /></w:pPr></w:p>"#;
        let (document, styles) = with_template_styles(document, ours, theirs);
        assert!(document.contains(r#"<w:pStyle w:val="Overskrift1" />"#));
        // The template has no heading 2: ours comes along.
        assert!(document.contains(r#"<w:pStyle w:val="Heading2" />"#));
        assert!(styles.contains(r#"w:styleId="Heading2""#));
        assert!(!styles.contains(r#"w:styleId="Heading1""#));
    }

    #[test]
    fn the_first_row_of_each_table_is_its_header() {
        let doc = "<w:tbl><w:tblPr></w:tblPr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr></w:trPr></w:tr></w:tbl><w:tbl><w:tblPr></w:tblPr><w:tr><w:trPr></w:trPr></w:tr></w:tbl>";
        let marked = with_table_marks(doc, &["Mål & resultater".into(), "Status".into()]);
        assert_eq!(marked.matches("<w:tblHeader />").count(), 2);
        assert!(marked.starts_with(r#"<w:tbl><w:tblPr><w:tblCaption w:val="Mål &amp; resultater" /></w:tblPr><w:tr><w:trPr><w:tblHeader /><w:cantSplit />"#), "{marked}");
        assert!(marked.contains(r#"<w:tblCaption w:val="Status" />"#));
    }

    #[test]
    fn the_page_comes_from_the_last_section() {
        let doc = r#"<w:body><w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1000" w:right="1200" w:bottom="1000" w:left="1300" w:header="0"/></w:sectPr></w:body>"#;
        let page = page_of(doc).unwrap();
        assert_eq!(page.text_width(), 16838 - 2500);
        assert_eq!(page_of("<w:sectPr><w:pgSz w:w=\"x\"/></w:sectPr>"), None);
    }
}
