//! Every report as one list of layout blocks (headings, paragraphs, tables),
//! laid out once here and written by each format: Markdown, HTML, Word and
//! the PDF template (which reads the blocks from its data). A format adds no
//! words of its own, so the formats cannot tell different stories.

use serde::Serialize;

use super::interim::{Interim, InterimSection};
use super::{Analysis, Report, Section};

#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Block {
    Heading {
        level: usize,
        text: String,
        id: Option<String>,
    },
    Para {
        text: String,
        role: Role,
    },
    /// A label in bold, then the text: "**Vurdering.** Målet er ...".
    Labelled {
        label: String,
        text: String,
    },
    /// A framed notice the reader must not miss (an interim status).
    Notice {
        text: String,
    },
    Table(Table),
    /// A list of the document's parts with links to their headings (the
    /// all-agency document). Word writes a real table of contents field.
    Contents {
        heading: String,
        entries: Vec<Entry>,
    },
    /// The next part starts on a new page (each agency in the all-agency
    /// document). Markdown and HTML have no pages and skip it.
    PageBreak,
    /// Blocks that belong together (HTML: `<section>` or `<article>`).
    Group {
        kind: GroupKind,
        id: Option<String>,
        blocks: Vec<Block>,
    },
}

/// What a paragraph is for: formats style each differently.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Plain,
    /// The summary sentence of a section.
    Summary,
    /// "Opfyldt: 4 · Delvist opfyldt: 1 · ...".
    Counts,
    /// The status line under an analysed goal's heading (in italics).
    Status,
    /// A note under a table: what "–" in it means.
    Note,
}

/// One line of a [`Block::Contents`]: a heading's text and id.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Entry {
    pub text: String,
    pub id: String,
}

/// How a column's cells are aligned: numbers to the right, so their digits line up.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    Left,
    Right,
}

#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// One agency's part of a report.
    Section,
    /// One goal's analysis.
    Analysis,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Table {
    /// The table's role: `goals results`, `overview`, `trail`, `status`.
    pub class: String,
    pub caption: String,
    pub head: Vec<String>,
    /// One per column.
    pub align: Vec<Align>,
    /// The first cell of each row heads it.
    pub rows: Vec<Vec<Cell>>,
    /// The last row is the sums of the rows above ("I alt"): set apart in
    /// bold (HTML: in `<tfoot>`).
    pub totals: bool,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    /// A status to colour the cell by (`result-opfyldt`, `status-risiko`).
    pub class: Option<String>,
    /// A link, relative to the page (the overview links each agency).
    pub href: Option<String>,
}

impl Cell {
    fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            class: None,
            href: None,
        }
    }
}

pub const COLUMNS: [&str; 7] = [
    "Nr.",
    "Mål",
    "Kerneopgave",
    "Succeskriterium",
    "Opnået resultat",
    "Målopfyldelse",
    "Vægt",
];
pub const INTERIM_COLUMNS: [&str; 7] = [
    "Nr.",
    "Mål",
    "Kerneopgave",
    "Succeskriterium",
    "Kommentar",
    "Status",
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
pub const INTERIM_OVERVIEW_COLUMNS: [&str; 7] = [
    "Styrelse",
    "Mål",
    "Opgjort pr.",
    "Opfyldt",
    "På sporet",
    "Risiko",
    "Forsinket",
];
/// Introduces the actions agreed for quarters at risk or delayed.
const AGREED_ACTIONS: &str = "Aftalte handlinger ved opfølgningerne:";

pub const TRAIL_COLUMNS: [&str; 6] = [
    "Nr.",
    "Mål",
    "1. kvartal",
    "2. kvartal",
    "3. kvartal",
    "4. kvartal",
];
pub const PART_1: &str = "Målrapporteringens 1. del – skematisk oversigt";
pub const PART_2: &str = "Målrapporteringens 2. del – uddybende analyser og vurderinger";
pub const STATUS_PART: &str = "Målenes status";
pub const TRAIL: &str = "Kvartalsvis opfølgning";
pub const CHANGES: &str = "Væsentlige ændringer i årets løb";
pub const CHANGES_COLUMNS: [&str; 3] = ["Dato", "Mål", "Ændring"];
/// The Mål cell of a change that concerns the whole plan.
pub const WHOLE_PLAN: &str = "Hele planen";
pub const OVERVIEW: &str = "Oversigt";
pub const NO_ANALYSES: &str = "Ingen mål kræver en uddybende analyse.";
pub const ASSESSMENT: &str = "Ledelsens samlede vurdering";
pub const CONTENTS: &str = "Indhold";
/// The first cell of a totals row.
pub const TOTAL: &str = "I alt";
/// A figure that does not apply; a note under the table says why.
pub const NONE: &str = "–";
pub const NOTE_UNWEIGHTED: &str =
    "– i kolonnen Vægtet opfyldt: styrelsens plan har ikke vægtede mål.";
pub const NOTE_SHARES: &str =
    "– i rækken I alt: de vægtede andele er styrelsernes egne og kan ikke lægges sammen.";

/// "20 pct." or "" for an unweighted goal.
pub fn weight_text(w: Option<i64>) -> String {
    w.map(|w| format!("{w} pct.")).unwrap_or_default()
}

fn heading(level: usize, text: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
        id: None,
    }
}

fn para(text: impl Into<String>, role: Role) -> Block {
    Block::Para {
        text: text.into(),
        role,
    }
}

/// A table; `numbers` are the columns aligned right.
fn table(
    class: &str,
    caption: String,
    head: &[&str],
    numbers: &[usize],
    rows: Vec<Vec<Cell>>,
) -> Table {
    Table {
        class: class.to_string(),
        caption,
        head: head.iter().map(|h| h.to_string()).collect(),
        align: (0..head.len())
            .map(|c| {
                if numbers.contains(&c) {
                    Align::Right
                } else {
                    Align::Left
                }
            })
            .collect(),
        rows,
        totals: false,
    }
}

impl Table {
    /// Adds the totals row ("I alt" and the sums).
    fn with_totals(mut self, cells: Vec<String>) -> Table {
        self.rows.push(cells.into_iter().map(Cell::new).collect());
        self.totals = true;
        self
    }
}

/// An unweighted plan's tables have no (empty) Vægt column.
fn without_weight(mut t: Table, weighted: bool) -> Table {
    if !weighted && t.head.last().is_some_and(|h| h == "Vægt") {
        t.head.pop();
        t.align.pop();
        for row in &mut t.rows {
            row.pop();
        }
    }
    t
}

fn plain_rows(rows: Vec<Vec<String>>) -> Vec<Vec<Cell>> {
    rows.into_iter()
        .map(|r| r.into_iter().map(Cell::new).collect())
        .collect()
}

// ---- The målrapportering ----------------------------------------------------

/// The ministry's overview's heading, which the contents list links.
fn overview_heading() -> Block {
    Block::Heading {
        level: 2,
        text: OVERVIEW.into(),
        id: Some(OVERVIEW_ID.into()),
    }
}

/// The whole report: with several agencies, the ministry's overview first.
pub fn report(report: &Report) -> Vec<Block> {
    let mut blocks = Vec::new();
    let several = report.sections.len() > 1;
    let top = if several {
        blocks.push(heading(
            1,
            format!("{} – {}", report.heading, report.ministry),
        ));
        blocks.push(contents(report.sections.iter().map(|s| {
            (section_heading(&s.heading, &s.agency.name), section_id(s))
        })));
        blocks.push(overview_heading());
        blocks.extend(overview(report, |_| None));
        2
    } else {
        1
    };
    for s in &report.sections {
        if several {
            blocks.push(Block::PageBreak);
        }
        blocks.push(section(s, top, true));
    }
    blocks
}

/// The id of the overview's heading in the all-agency document.
pub const OVERVIEW_ID: &str = "oversigt";

/// "Målrapportering 2024 – Forsvarskommandoen".
fn section_heading(heading: &str, agency: &str) -> String {
    format!("{heading} – {agency}")
}

fn section_id(s: &Section) -> String {
    format!("resultater-{}-{}", s.year, s.agency.slug)
}

/// The contents of the all-agency document: the overview, then each agency.
fn contents(sections: impl Iterator<Item = (String, String)>) -> Block {
    let mut entries = vec![Entry {
        text: OVERVIEW.into(),
        id: OVERVIEW_ID.into(),
    }];
    entries.extend(sections.map(|(text, id)| Entry { text, id }));
    Block::Contents {
        heading: CONTENTS.into(),
        entries,
    }
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
                if g.cross_cutting {
                    format!("{} (tværgående mål)", g.title)
                } else {
                    g.title.clone()
                },
                g.core_task.clone(),
                g.success.clone(),
                g.achieved.clone(),
                g.status_text.clone(),
                weight_text(g.weight),
            ]
        })
        .collect()
}

/// The totals row of a weighted goals table: the weights' sum.
pub fn goal_totals(weights: i64) -> Vec<String> {
    let mut row = vec![String::new(); COLUMNS.len()];
    row[0] = TOTAL.into();
    row[COLUMNS.len() - 1] = weight_text(Some(weights));
    row
}

/// A status or comment with the action agreed after it, as every format
/// prints it: "Risiko. Handling: Styrelsen …".
pub fn with_action(text: &str, action: Option<&str>) -> String {
    match action {
        Some(a) if text.ends_with(['.', '?', '!']) => format!("{text} Handling: {a}"),
        Some(a) => format!("{text}. Handling: {a}"),
        None => text.to_string(),
    }
}

/// The quarterly trail, in [`TRAIL_COLUMNS`] order.
pub fn trail_rows(trail: &[super::Trail]) -> Vec<Vec<String>> {
    trail
        .iter()
        .map(|t| {
            let mut r = vec![t.nr.clone(), t.title.clone()];
            r.extend(t.quarters.iter().cloned());
            r
        })
        .collect()
}

/// The ministry overview, in [`OVERVIEW_COLUMNS`] order; an unweighted
/// plan's weighted share is "–".
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
                o.met_share.map_or(NONE.into(), |w| weight_text(Some(w))),
            ]
        })
        .collect()
}

/// The overview's totals row: the goals of all agencies counted together.
/// Weighted shares are each plan's own, so they are not summed ("–").
pub fn overview_totals(report: &Report) -> Vec<String> {
    let sum = |f: fn(&super::Counts) -> i64| -> String {
        report
            .overview
            .iter()
            .map(|o| f(&o.counts))
            .sum::<i64>()
            .to_string()
    };
    vec![
        TOTAL.into(),
        sum(|c| c.total),
        sum(|c| c.met),
        sum(|c| c.partly),
        sum(|c| c.not_met),
        NONE.into(),
    ]
}

/// The overview table with its totals row, and the note that says what
/// its "–" mean; `link` gives each agency's page, if any.
pub fn overview(report: &Report, link: impl Fn(&str) -> Option<String>) -> Vec<Block> {
    let mut rows = plain_rows(overview_rows(report));
    for (row, o) in rows.iter_mut().zip(&report.overview) {
        row[0].href = link(&o.agency.slug);
    }
    let mut t = table(
        "overview",
        "Målopfyldelse pr. styrelse".into(),
        &OVERVIEW_COLUMNS,
        &[1, 2, 3, 4, 5],
        rows,
    )
    .with_totals(overview_totals(report));
    let weighted = report
        .overview
        .iter()
        .filter(|o| o.met_share.is_some())
        .count();
    // No plan weighted: no column of dashes, and nothing to explain.
    if weighted == 0 {
        t.head.pop();
        t.align.pop();
        for row in &mut t.rows {
            row.pop();
        }
        return vec![Block::Table(t)];
    }
    let mut notes = Vec::new();
    if weighted < report.overview.len() {
        notes.push(NOTE_UNWEIGHTED);
    }
    notes.push(NOTE_SHARES);
    vec![Block::Table(t), para(notes.join(" "), Role::Note)]
}

/// The guidance asks the report to show significant changes of the plan
/// during the year: a table of them, or nothing when there were none.
fn changes_table(changes: &[crate::views::ChangeView]) -> Vec<Block> {
    if changes.is_empty() {
        return Vec::new();
    }
    let rows = changes
        .iter()
        .map(|c| {
            let goal = c
                .goal
                .as_ref()
                .map_or(WHOLE_PLAN.to_string(), |nr| format!("Mål {nr}"));
            vec![c.date.clone(), goal, c.text.clone()]
        })
        .collect();
    vec![
        heading(0, CHANGES), // level set by the caller
        Block::Table(table(
            "changes",
            "Ændringer af planen i årets løb".into(),
            &CHANGES_COLUMNS,
            &[],
            plain_rows(rows),
        )),
    ]
}

fn trail_table(trail: &[super::Trail]) -> Vec<Block> {
    if trail.is_empty() {
        return Vec::new();
    }
    vec![
        Block::Heading {
            level: 0, // set by the caller
            text: TRAIL.into(),
            id: None,
        },
        Block::Table(table(
            "trail",
            "Status ved hver kvartalsvise opfølgning".into(),
            &TRAIL_COLUMNS,
            &[],
            plain_rows(trail_rows(trail)),
        )),
    ]
    .into_iter()
    .chain(agreed_actions(trail))
    .collect()
}

/// The actions agreed at the follow-ups (`handling`), under the table
/// rather than in its narrow quarter cells: "Mål 2, 3. kvartal (Risiko)."
fn agreed_actions(trail: &[super::Trail]) -> Vec<Block> {
    let mut blocks = Vec::new();
    for t in trail {
        for ((quarter, status), action) in
            TRAIL_COLUMNS[2..].iter().zip(&t.quarters).zip(&t.actions)
        {
            if let Some(action) = action {
                blocks.push(Block::Labelled {
                    label: format!("Mål {}, {quarter} ({status}).", t.nr),
                    text: action.clone(),
                });
            }
        }
    }
    if !blocks.is_empty() {
        blocks.insert(0, para(AGREED_ACTIONS, Role::Plain));
    }
    blocks
}

/// Gives a heading made with level 0 its real level.
fn at_level(mut blocks: Vec<Block>, level: usize) -> Vec<Block> {
    for b in &mut blocks {
        if let Block::Heading { level: l @ 0, .. } = b {
            *l = level;
        }
    }
    blocks
}

/// One agency's section. Its heading is level `top`; a page that prints
/// the heading itself passes `with_heading: false`.
pub fn section(s: &Section, top: usize, with_heading: bool) -> Block {
    let id = section_id(s);
    let mut blocks = Vec::new();
    if with_heading {
        blocks.push(Block::Heading {
            level: top,
            text: section_heading(&s.heading, &s.agency.name),
            id: Some(id.clone()),
        });
    }
    blocks.push(para(&s.intro, Role::Plain));
    blocks.push(para(summary_text(s), Role::Summary));
    // The management's own word on the year comes before the figures, as
    // in an årsrapport.
    if let Some(text) = &s.overall_assessment {
        blocks.push(heading(top + 1, ASSESSMENT));
        blocks.push(para(text, Role::Plain));
    }
    blocks.push(heading(top + 1, PART_1));
    let mut rows = plain_rows(goal_rows(s));
    let status_column = COLUMNS.len() - 2;
    for (row, g) in rows.iter_mut().zip(&s.goals) {
        row[status_column].class = Some(format!("result-{}", g.status));
    }
    let weight_column = COLUMNS.len() - 1;
    let goals = table(
        "goals results",
        format!("Årets {} mål og deres opfyldelse", s.counts.total),
        &COLUMNS,
        &[weight_column],
        rows,
    );
    // Only the weights add up to something (100 pct.); an unweighted plan's
    // table has no Vægt column and so no totals row.
    let goals = match s.shares {
        Some(shares) if s.weighted => goals.with_totals(goal_totals(shares.total)),
        _ => goals,
    };
    blocks.push(Block::Table(without_weight(goals, s.weighted)));
    blocks.push(para(counts_line(s), Role::Counts));
    blocks.push(heading(top + 1, PART_2));
    if s.analyses.is_empty() {
        blocks.push(para(NO_ANALYSES, Role::Plain));
    }
    for a in &s.analyses {
        let mut inner = vec![
            heading(top + 2, format!("Mål {}: {}", a.nr, a.title)),
            para(analysis_status(a), Role::Status),
        ];
        if let Some(v) = &a.assessment {
            inner.push(Block::Labelled {
                label: "Vurdering.".into(),
                text: v.clone(),
            });
        }
        if let Some(v) = &a.analysis {
            inner.push(Block::Labelled {
                label: "Analyse.".into(),
                text: v.clone(),
            });
        }
        if let Some(v) = &a.limitations {
            inner.push(Block::Labelled {
                label: "Begrænsninger.".into(),
                text: v.clone(),
            });
        }
        blocks.push(Block::Group {
            kind: GroupKind::Analysis,
            id: None,
            blocks: inner,
        });
    }
    blocks.extend(at_level(changes_table(&s.changes), top + 1));
    blocks.extend(at_level(trail_table(&s.trail), top + 1));
    Block::Group {
        kind: GroupKind::Section,
        id: Some(format!("{id}-afsnit")),
        blocks,
    }
}

// ---- The foreløbig status -----------------------------------------------------

/// The whole interim status: with several agencies, an overview first.
pub fn interim(report: &Interim) -> Vec<Block> {
    let mut blocks = Vec::new();
    let several = report.sections.len() > 1;
    let top = if several {
        blocks.push(heading(
            1,
            format!("{} – {}", report.heading, report.ministry),
        ));
        blocks.push(Block::Notice {
            text: "Foreløbig status – ikke årets målrapportering. Tallene er styrelsernes egen status ved den seneste kvartalsvise opfølgning og kan ændre sig, før året er gået.".into(),
        });
        blocks.push(contents(report.sections.iter().map(|s| {
            (section_heading(&s.heading, &s.agency.name), interim_id(s))
        })));
        blocks.push(overview_heading());
        let rows = report
            .overview
            .iter()
            .map(|o| {
                let c = o.counts;
                vec![
                    o.agency.name.clone(),
                    c.total.to_string(),
                    o.quarter_text.clone(),
                    c.met.to_string(),
                    c.on_track.to_string(),
                    c.at_risk.to_string(),
                    c.delayed.to_string(),
                ]
            })
            .collect();
        let sum = |f: fn(&super::interim::StatusCounts) -> i64| -> String {
            report
                .overview
                .iter()
                .map(|o| f(&o.counts))
                .sum::<i64>()
                .to_string()
        };
        let totals = vec![
            TOTAL.into(),
            sum(|c| c.total),
            String::new(),
            sum(|c| c.met),
            sum(|c| c.on_track),
            sum(|c| c.at_risk),
            sum(|c| c.delayed),
        ];
        blocks.push(Block::Table(
            table(
                "overview",
                "Målenes status pr. styrelse ved den seneste opfølgning".into(),
                &INTERIM_OVERVIEW_COLUMNS,
                &[1, 3, 4, 5, 6],
                plain_rows(rows),
            )
            .with_totals(totals),
        ));
        2
    } else {
        1
    };
    for s in &report.sections {
        if several {
            blocks.push(Block::PageBreak);
        }
        blocks.push(interim_section(s, top));
    }
    blocks
}

fn interim_id(s: &InterimSection) -> String {
    format!("status-{}-{}", s.year, s.agency.slug)
}

/// "Opfyldt: 1 · På sporet: 4 · Risiko: 1 · Forsinket: 1".
pub fn status_counts_line(s: &InterimSection) -> String {
    let c = s.counts;
    format!(
        "Opfyldt: {} · På sporet: {} · Risiko: {} · Forsinket: {}",
        c.met, c.on_track, c.at_risk, c.delayed
    )
}

/// The cells of the status table, in [`INTERIM_COLUMNS`] order.
pub fn interim_rows(s: &InterimSection) -> Vec<Vec<String>> {
    s.goals
        .iter()
        .map(|g| {
            vec![
                g.nr.clone(),
                g.title.clone(),
                g.core_task.clone(),
                g.success.clone(),
                with_action(&g.comment, g.action.as_deref()),
                g.status_text.clone(),
                weight_text(g.weight),
            ]
        })
        .collect()
}

fn interim_section(s: &InterimSection, top: usize) -> Block {
    let id = interim_id(s);
    let mut blocks = vec![
        Block::Heading {
            level: top,
            text: section_heading(&s.heading, &s.agency.name),
            id: Some(id.clone()),
        },
        Block::Notice {
            text: s.notice.clone(),
        },
        para(&s.intro, Role::Plain),
        para(&s.summary, Role::Summary),
        heading(top + 1, STATUS_PART),
    ];
    let mut rows = plain_rows(interim_rows(s));
    let status_column = INTERIM_COLUMNS.len() - 2;
    for (row, g) in rows.iter_mut().zip(&s.goals) {
        row[status_column].class = Some(format!("status-{}", g.status));
    }
    blocks.push(Block::Table(without_weight(
        table(
            "goals status",
            format!(
                "Årets {} mål og deres status ved opfølgningen for {}",
                s.counts.total, s.quarter_text
            ),
            &INTERIM_COLUMNS,
            &[INTERIM_COLUMNS.len() - 1],
            rows,
        ),
        s.weighted,
    )));
    blocks.push(para(status_counts_line(s), Role::Counts));
    blocks.extend(at_level(trail_table(&s.trail), top + 1));
    Block::Group {
        kind: GroupKind::Section,
        id: Some(format!("{id}-afsnit")),
        blocks,
    }
}
