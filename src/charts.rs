//! Charts as inline SVG, drawn from plain numbers and labels: the results
//! of a year per agency (stacked bars), an agency's share of goals met
//! across years, and a goal's status quarter by quarter.
//!
//! Every chart is one data struct; its SVG and its table ("Vis tallene som
//! tabel") are both drawn from it, so they cannot disagree. Each SVG has
//! `role="img"`, a `<title>` that states the message and a generated
//! one-sentence `<desc>` with the key numbers; every status has its own
//! pattern or marker shape and its word next to it, so colour is never the
//! only cue. The viewBox is narrow ([`WIDTH`]) so text stays legible when
//! a phone scales the chart to 320 px. No JavaScript.

use crate::model::{Outcome, Progress, Quarter};
use crate::text::escape_xml as esc;

/// The viewBox width: a phone 320 px wide shows the chart at about 280 px,
/// so a 13-unit font is still 11.4 px there.
pub const WIDTH: i64 = 320;
const FONT: &str = "font-family=\"Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif\"";
/// Text that is not a status: near black and a muted grey (both ≥ 4.5:1).
const INK: &str = "#1a1a1a";
const MUTED: &str = "#4a4a4a";
/// The track of a share bar (≥ 3:1 against white).
const TRACK: &str = "#767676";
/// The widest line of text, in characters, at font size 14 in [`WIDTH`].
const LINE_CHARS: usize = 38;

/// The colour of a year-end status (the theme's --green, --amber, --red;
/// each at least 3:1 against white).
pub fn outcome_color(o: Outcome) -> &'static str {
    match o {
        Outcome::Met => "#1d6b35",
        Outcome::PartlyMet => "#8a5300",
        Outcome::NotMet => "#a3241b",
    }
}

/// The colour of a quarterly status.
pub fn progress_color(p: Progress) -> &'static str {
    match p {
        Progress::OnTrack | Progress::Met => "#1d6b35",
        Progress::AtRisk => "#8a5300",
        Progress::Delayed => "#a3241b",
    }
}

/// A chart's numbers as a table: the caption, the column heads and the rows
/// (the first cell of each row heads it).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DataTable {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What every chart says about itself; [`svg`] and [`html`] draw the rest.
pub trait Chart {
    /// Unique on its page: the ids of the title, the description and the patterns start with it.
    fn id(&self) -> &str;
    /// The headline: states the message ("Styrelserne opfyldte 30 af 42 mål i 2024").
    fn title(&self) -> String;
    /// One sentence with the key numbers, for a reader who cannot see the chart.
    fn desc(&self) -> String;
    /// The drawing below the headline, and its height.
    fn body(&self) -> (String, i64);
    fn table(&self) -> DataTable;
}

/// The chart as an SVG element: the headline drawn visibly on top, and
/// `<title>`/`<desc>` naming it for assistive technology.
pub fn svg(chart: &dyn Chart) -> String {
    let id = esc(chart.id());
    let title = chart.title();
    let lines = wrap(&title, 38);
    let head_height = lines.len() as i64 * 20 + 6;
    let mut headline = String::new();
    for (i, line) in lines.iter().enumerate() {
        headline.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"15\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
            16 + i as i64 * 20,
            esc(line)
        ));
    }
    let (body, body_height) = chart.body();
    let height = head_height + body_height;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" {FONT}><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{headline}<g transform=\"translate(0 {head_height})\">{body}</g></svg>",
        esc(&title),
        esc(&chart.desc()),
    )
}

/// The chart and, folded away next to it, the same numbers as a table.
/// Search leaves it out: its labels ("1. kvartal", "På sporet") would match
/// every plan, and the text around it says the same in words.
pub fn html(chart: &dyn Chart) -> String {
    format!(
        "<figure class=\"chart\" id=\"{}\" data-pagefind-ignore>\n{}\n<details class=\"chart-data\"><summary>Vis tallene som tabel</summary>\n{}</details>\n</figure>\n",
        esc(chart.id()),
        svg(chart),
        table_html(&chart.table())
    )
}

/// The table as HTML, a card per row on a phone (`data-label`).
pub fn table_html(t: &DataTable) -> String {
    let mut out = format!(
        "<table class=\"chart-table cards\"><caption>{}</caption>\n<thead><tr>",
        esc(&t.caption)
    );
    for h in &t.head {
        out.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (c, cell) in row.iter().enumerate() {
            let label = esc(t.head.get(c).map_or("", String::as_str));
            if c == 0 {
                out.push_str(&format!("<th scope=\"row\">{}</th>", esc(cell)));
            } else {
                out.push_str(&format!("<td data-label=\"{label}\">{}</td>", esc(cell)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out
}

/// `part` of `whole` in whole percent, rounded half up; 0 of nothing.
pub fn percent(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        0
    } else {
        (part * 200 + whole) / (whole * 2)
    }
}

/// Breaks `text` into lines of at most `max` characters at spaces (a
/// longer word gets a line of its own).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    wrap_parts(&words, " ", max)
}

/// Joins `parts` with `sep` into lines of at most `max` characters, never
/// breaking inside a part.
fn wrap_parts<S: AsRef<str>>(parts: &[S], sep: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for part in parts.iter().map(AsRef::as_ref) {
        match lines.last_mut() {
            Some(line)
                if line.chars().count() + sep.chars().count() + part.chars().count() <= max =>
            {
                line.push_str(sep);
                line.push_str(part);
            }
            _ => lines.push(part.to_string()),
        }
    }
    lines
}

/// "a", "a og b", "a, b og c".
fn join_og(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} og {last}", init.join(", ")),
    }
}

// ---- The year's results per agency: stacked bars ----------------------------

/// One agency's year-end statuses.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct OutcomeRow {
    pub label: String,
    pub met: i64,
    pub partly: i64,
    pub not_met: i64,
}

impl OutcomeRow {
    pub fn total(&self) -> i64 {
        self.met + self.partly + self.not_met
    }
    /// The count of each status, in the format's order.
    pub fn counts(&self) -> [(Outcome, i64); 3] {
        [
            (Outcome::Met, self.met),
            (Outcome::PartlyMet, self.partly),
            (Outcome::NotMet, self.not_met),
        ]
    }
}

/// The ministry's results of a year: a stacked bar per agency.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct OutcomeChart {
    pub id: String,
    pub year: i32,
    pub rows: Vec<OutcomeRow>,
}

impl OutcomeChart {
    fn sum(&self, pick: impl Fn(&OutcomeRow) -> i64) -> i64 {
        self.rows.iter().map(pick).sum()
    }
    /// The agency with the largest share met (the first of equals).
    fn best(&self) -> Option<&OutcomeRow> {
        self.rows
            .iter()
            .filter(|r| r.total() > 0)
            .rev()
            .max_by_key(|r| percent(r.met, r.total()))
    }
}

/// The status word in running text: "opfyldt", "delvist opfyldt".
fn outcome_lc(o: Outcome) -> String {
    o.da().to_lowercase()
}

/// "Opfyldt" as a pattern: solid for met, stripes for partly met, dots for not met.
fn outcome_pattern(id: &str, o: Outcome) -> String {
    let color = outcome_color(o);
    let inner = match o {
        Outcome::Met => String::new(),
        Outcome::PartlyMet => {
            "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#fff\" stroke-width=\"2\" stroke-opacity=\"0.55\"/>".into()
        }
        Outcome::NotMet => {
            "<circle cx=\"3\" cy=\"3\" r=\"1.4\" fill=\"#fff\" fill-opacity=\"0.7\"/>".into()
        }
    };
    let rotate = if o == Outcome::PartlyMet {
        " patternTransform=\"rotate(45)\""
    } else {
        ""
    };
    format!(
        "<pattern id=\"{id}-{}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"{rotate}><rect width=\"6\" height=\"6\" fill=\"{color}\"/>{inner}</pattern>",
        o.key()
    )
}

/// The key above a chart: each status's pattern and word.
fn outcome_key(id: &str) -> String {
    let mut out = String::from("<g class=\"key\">");
    let mut x = 0;
    for o in Outcome::ALL {
        out.push_str(&format!(
            "<rect x=\"{x}\" y=\"2\" width=\"14\" height=\"14\" fill=\"url(#{id}-{})\"/><text x=\"{}\" y=\"14\" font-size=\"12\" fill=\"{INK}\">{}</text>",
            o.key(),
            x + 18,
            o.da()
        ));
        x += 18 + o.da().chars().count() as i64 * 6 + 14;
    }
    out.push_str("</g>");
    out
}

impl Chart for OutcomeChart {
    fn id(&self) -> &str {
        &self.id
    }

    fn title(&self) -> String {
        let who = match self.rows.as_slice() {
            [one] => one.label.clone(),
            _ => "Styrelserne".to_string(),
        };
        format!(
            "{who} opfyldte {} af {} mål i {}",
            self.sum(|r| r.met),
            self.sum(OutcomeRow::total),
            self.year
        )
    }

    fn desc(&self) -> String {
        let n = self.rows.len();
        let agencies = if n == 1 {
            "1 styrelse".to_string()
        } else {
            format!("{n} styrelser")
        };
        let mut text = format!(
            "Stablede søjler for {agencies} i {}: i alt {} mål opfyldt, {} delvist opfyldt og {} ikke opfyldt",
            self.year,
            self.sum(|r| r.met),
            self.sum(|r| r.partly),
            self.sum(|r| r.not_met)
        );
        if let Some(best) = self.best().filter(|_| n > 1) {
            text.push_str(&format!(
                "; størst andel opfyldt havde {} med {} af {}",
                best.label,
                best.met,
                best.total()
            ));
        }
        text.push('.');
        text
    }

    fn body(&self) -> (String, i64) {
        let id = esc(&self.id);
        let mut out = String::from("<defs>");
        for o in Outcome::ALL {
            out.push_str(&outcome_pattern(&id, *o));
        }
        out.push_str("</defs>");
        out.push_str(&outcome_key(&id));
        let max = self.rows.iter().map(OutcomeRow::total).max().unwrap_or(0);
        let mut y = 30;
        for row in &self.rows {
            out.push_str(&format!(
                "<g class=\"bar\" data-label=\"{}\">",
                esc(&row.label)
            ));
            for line in wrap(&row.label, LINE_CHARS) {
                y += 16;
                out.push_str(&format!(
                    "<text class=\"label\" x=\"0\" y=\"{y}\" font-size=\"14\" font-weight=\"600\" fill=\"{INK}\">{}</text>",
                    esc(&line)
                ));
            }
            y += 6;
            let mut x = 0.0;
            for (o, count) in row.counts() {
                if count == 0 {
                    continue;
                }
                let w = count as f64 / max.max(1) as f64 * WIDTH as f64;
                out.push_str(&format!(
                    "<rect data-status=\"{}\" data-count=\"{count}\" x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"22\" fill=\"url(#{id}-{})\" stroke=\"#fff\" stroke-width=\"1\"/>",
                    o.key(),
                    o.key()
                ));
                if w >= 16.0 {
                    out.push_str(&format!(
                        "<text x=\"{:.1}\" y=\"{}\" font-size=\"13\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#fff\" stroke=\"{}\" stroke-width=\"3\" paint-order=\"stroke\" aria-hidden=\"true\">{count}</text>",
                        x + w / 2.0,
                        y + 16,
                        outcome_color(o)
                    ));
                }
                x += w;
            }
            y += 22;
            let words: Vec<String> = row
                .counts()
                .iter()
                .map(|(o, k)| format!("{k} {}", outcome_lc(*o)))
                .collect();
            for line in wrap_parts(&words, " · ", 50) {
                y += 16;
                out.push_str(&format!(
                    "<text class=\"counts\" x=\"0\" y=\"{y}\" font-size=\"13\" fill=\"{MUTED}\">{}</text>",
                    esc(&line)
                ));
            }
            out.push_str("</g>");
            y += 14;
        }
        (out, y + 4)
    }

    fn table(&self) -> DataTable {
        let mut rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.label.clone(),
                    r.met.to_string(),
                    r.partly.to_string(),
                    r.not_met.to_string(),
                    r.total().to_string(),
                ]
            })
            .collect();
        if self.rows.len() > 1 {
            rows.push(vec![
                "I alt".into(),
                self.sum(|r| r.met).to_string(),
                self.sum(|r| r.partly).to_string(),
                self.sum(|r| r.not_met).to_string(),
                self.sum(OutcomeRow::total).to_string(),
            ]);
        }
        DataTable {
            caption: format!("Målopfyldelse {} pr. styrelse, antal mål", self.year),
            head: [
                "Styrelse",
                "Opfyldt",
                "Delvist opfyldt",
                "Ikke opfyldt",
                "I alt",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        }
    }
}

// ---- An agency's share of goals met, year by year --------------------------

/// One year's results of an agency.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ShareRow {
    pub year: i32,
    pub met: i64,
    pub total: i64,
}

impl ShareRow {
    pub fn percent(&self) -> i64 {
        percent(self.met, self.total)
    }
}

/// An agency's share of goals met in each year that has results, oldest first.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ShareChart {
    pub id: String,
    pub agency: String,
    pub rows: Vec<ShareRow>,
}

impl Chart for ShareChart {
    fn id(&self) -> &str {
        &self.id
    }

    fn title(&self) -> String {
        match self.rows.last() {
            Some(last) => format!(
                "{} opfyldte {} pct. af målene i {}",
                self.agency,
                last.percent(),
                last.year
            ),
            None => format!("{} har ingen resultater endnu", self.agency),
        }
    }

    fn desc(&self) -> String {
        let years: Vec<String> = self
            .rows
            .iter()
            .map(|r| {
                format!(
                    "{} {} pct. ({} af {} mål)",
                    r.year,
                    r.percent(),
                    r.met,
                    r.total
                )
            })
            .collect();
        let n = self.rows.len();
        let count = if n == 1 {
            "1 år".to_string()
        } else {
            format!("{n} år")
        };
        format!(
            "Søjler for andelen af opfyldte mål i {count} med resultater: {}.",
            join_og(&years)
        )
    }

    fn body(&self) -> (String, i64) {
        let id = esc(&self.id);
        let mut out = format!("<defs>{}</defs>", outcome_pattern(&id, Outcome::Met));
        let (left, track) = (44.0, WIDTH as f64 - 44.0 - 70.0);
        let mut y = 6;
        for r in &self.rows {
            let w = r.percent() as f64 / 100.0 * track;
            out.push_str(&format!(
                "<g class=\"bar\" data-label=\"{}\"><text class=\"label\" x=\"0\" y=\"{}\" font-size=\"13\" font-weight=\"600\" fill=\"{INK}\">{}</text><rect x=\"{left}\" y=\"{y}\" width=\"{track}\" height=\"20\" fill=\"#fff\" stroke=\"{TRACK}\"/><rect data-status=\"opfyldt\" data-count=\"{}\" x=\"{left}\" y=\"{y}\" width=\"{w:.1}\" height=\"20\" fill=\"url(#{id}-opfyldt)\"/><text class=\"value\" x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"700\" fill=\"{INK}\">{} pct.</text><text class=\"counts\" x=\"{left}\" y=\"{}\" font-size=\"12\" fill=\"{MUTED}\">{} af {} mål opfyldt</text></g>",
                r.year,
                y + 15,
                r.year,
                r.met,
                left + track + 6.0,
                y + 15,
                r.percent(),
                y + 36,
                r.met,
                r.total
            ));
            y += 50;
        }
        (out, y)
    }

    fn table(&self) -> DataTable {
        DataTable {
            caption: format!("{}s andel af opfyldte mål pr. år", self.agency),
            head: ["År", "Opfyldt", "Mål i alt", "Andel opfyldt"]
                .map(String::from)
                .to_vec(),
            rows: self
                .rows
                .iter()
                .map(|r| {
                    vec![
                        r.year.to_string(),
                        r.met.to_string(),
                        r.total.to_string(),
                        format!("{} pct.", r.percent()),
                    ]
                })
                .collect(),
        }
    }
}

// ---- A goal's status, quarter by quarter ------------------------------------

/// A goal's status at each quarterly follow-up of the year.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct QuarterChart {
    pub id: String,
    /// "Mål 1".
    pub goal: String,
    pub year: i32,
    /// Q1-Q4; `None` for a quarter not followed up.
    pub quarters: [Option<Progress>; 4],
}

/// The word under a quarter without follow-up.
pub const NO_STATUS: &str = "Ingen status";

impl QuarterChart {
    fn latest(&self) -> Option<(Quarter, Progress)> {
        Quarter::ALL
            .iter()
            .zip(self.quarters)
            .filter_map(|(q, p)| Some((*q, p?)))
            .next_back()
    }
    fn word(p: Option<Progress>) -> &'static str {
        p.map_or(NO_STATUS, Progress::da)
    }
}

/// A status's marker at (x, y): a circle on track, a check in a circle
/// when met, a triangle at risk, a square when delayed, an open dashed
/// circle without follow-up. The shape tells the status without colour.
fn marker(p: Option<Progress>, x: i64, y: i64) -> String {
    let Some(p) = p else {
        return format!(
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"10\" fill=\"#fff\" stroke=\"{TRACK}\" stroke-width=\"2\" stroke-dasharray=\"3 3\"/>"
        );
    };
    let color = progress_color(p);
    let key = p.key();
    match p {
        Progress::OnTrack => format!(
            "<circle data-status=\"{key}\" cx=\"{x}\" cy=\"{y}\" r=\"11\" fill=\"{color}\"/>"
        ),
        Progress::Met => format!(
            "<g data-status=\"{key}\"><circle cx=\"{x}\" cy=\"{y}\" r=\"11\" fill=\"{color}\"/><path d=\"M{} {y} l4 4 l7 -8\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2.5\"/></g>",
            x - 6
        ),
        Progress::AtRisk => format!(
            "<path data-status=\"{key}\" d=\"M{x} {} L{} {} L{} {} Z\" fill=\"{color}\"/>",
            y - 12,
            x + 12,
            y + 9,
            x - 12,
            y + 9
        ),
        Progress::Delayed => format!(
            "<rect data-status=\"{key}\" x=\"{}\" y=\"{}\" width=\"20\" height=\"20\" fill=\"{color}\"/>",
            x - 10,
            y - 10
        ),
    }
}

impl Chart for QuarterChart {
    fn id(&self) -> &str {
        &self.id
    }

    fn title(&self) -> String {
        match self.latest() {
            Some((q, p)) => format!("{}: {} i {}", self.goal, p.da().to_lowercase(), q.da()),
            None => format!("{}: ingen opfølgning endnu", self.goal),
        }
    }

    fn desc(&self) -> String {
        let quarters: Vec<String> = Quarter::ALL
            .iter()
            .zip(self.quarters)
            .map(|(q, p)| format!("{} {}", q.da(), Self::word(p).to_lowercase()))
            .collect();
        format!(
            "Status ved de kvartalsvise opfølgninger i {}: {}.",
            self.year,
            join_og(&quarters)
        )
    }

    fn body(&self) -> (String, i64) {
        let column = WIDTH / 4;
        let mut out = format!(
            "<line x1=\"{}\" y1=\"16\" x2=\"{}\" y2=\"16\" stroke=\"{TRACK}\" stroke-width=\"1.5\"/>",
            column / 2,
            WIDTH - column / 2
        );
        for (i, (q, p)) in Quarter::ALL.iter().zip(self.quarters).enumerate() {
            let x = column / 2 + column * i as i64;
            out.push_str(&format!(
                "<g class=\"quarter\" data-quarter=\"{}\">{}<text class=\"label\" x=\"{x}\" y=\"48\" font-size=\"13\" text-anchor=\"middle\" fill=\"{MUTED}\">{}</text><text class=\"value\" x=\"{x}\" y=\"66\" font-size=\"13\" font-weight=\"700\" text-anchor=\"middle\" fill=\"{INK}\">{}</text></g>",
                q.key(),
                marker(p, x, 16),
                q.da(),
                Self::word(p)
            ));
        }
        (out, 74)
    }

    fn table(&self) -> DataTable {
        DataTable {
            caption: format!(
                "Status for {} pr. kvartal {}",
                self.goal.to_lowercase(),
                self.year
            ),
            head: ["Kvartal", "Status"].map(String::from).to_vec(),
            rows: Quarter::ALL
                .iter()
                .zip(self.quarters)
                .map(|(q, p)| vec![q.da().to_string(), Self::word(p).to_string()])
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results() -> OutcomeChart {
        OutcomeChart {
            id: "resultater-2024".into(),
            year: 2024,
            rows: vec![
                OutcomeRow {
                    label: "Forsvarsministeriets Materiel- og Indkøbsstyrelse & co".into(),
                    met: 4,
                    partly: 1,
                    not_met: 1,
                },
                OutcomeRow {
                    label: "Hjemmeværnskommandoen".into(),
                    met: 5,
                    partly: 0,
                    not_met: 0,
                },
            ],
        }
    }

    /// The relative luminance contrast of `#rrggbb` against white.
    fn contrast_with_white(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
        1.05 / (l + 0.05)
    }

    #[test]
    fn every_status_colour_has_3_to_1_against_white() {
        let colours = Outcome::ALL
            .iter()
            .map(|o| outcome_color(*o))
            .chain(Progress::ALL.iter().map(|p| progress_color(*p)))
            .chain([TRACK, MUTED, INK]);
        for c in colours {
            assert!(
                contrast_with_white(c) >= 3.0,
                "{c}: {}",
                contrast_with_white(c)
            );
        }
    }

    #[test]
    fn stacked_bars_say_their_numbers_in_title_desc_and_table() {
        let chart = results();
        assert_eq!(chart.title(), "Styrelserne opfyldte 9 af 11 mål i 2024");
        assert_eq!(
            chart.desc(),
            "Stablede søjler for 2 styrelser i 2024: i alt 9 mål opfyldt, 1 delvist opfyldt og 1 ikke opfyldt; størst andel opfyldt havde Hjemmeværnskommandoen med 5 af 5."
        );
        let t = chart.table();
        assert_eq!(t.rows[1], ["Hjemmeværnskommandoen", "5", "0", "0", "5"]);
        assert_eq!(t.rows[2], ["I alt", "9", "1", "1", "11"]);
    }

    #[test]
    fn the_svg_is_well_formed_named_and_escaped() {
        let svg = svg(&results());
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some("resultater-2024-t resultater-2024-d")
        );
        let ids: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("pattern"))
            .filter_map(|n| n.attribute("id"))
            .collect();
        assert_eq!(
            ids,
            [
                "resultater-2024-opfyldt",
                "resultater-2024-delvist_opfyldt",
                "resultater-2024-ikke_opfyldt"
            ]
        );
        // The long name is wrapped, and its "&" escaped.
        let labels: Vec<&str> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("label"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(
            labels,
            [
                "Forsvarsministeriets Materiel- og",
                "Indkøbsstyrelse & co",
                "Hjemmeværnskommandoen"
            ]
        );
        // A zero count draws no segment.
        assert_eq!(
            doc.descendants()
                .filter(|n| n.attribute("data-count").is_some())
                .count(),
            4
        );
    }

    #[test]
    fn shares_are_rounded_percent_per_year() {
        let chart = ShareChart {
            id: "andel".into(),
            agency: "FMI".into(),
            rows: vec![
                ShareRow {
                    year: 2024,
                    met: 4,
                    total: 6,
                },
                ShareRow {
                    year: 2025,
                    met: 5,
                    total: 6,
                },
            ],
        };
        assert_eq!(chart.title(), "FMI opfyldte 83 pct. af målene i 2025");
        assert_eq!(
            chart.desc(),
            "Søjler for andelen af opfyldte mål i 2 år med resultater: 2024 67 pct. (4 af 6 mål) og 2025 83 pct. (5 af 6 mål)."
        );
        assert_eq!(chart.table().rows[0], ["2024", "4", "6", "67 pct."]);
        assert_eq!(percent(1, 2), 50);
        assert_eq!(percent(1, 8), 13);
        assert_eq!(percent(3, 0), 0);
    }

    #[test]
    fn a_quarter_strip_names_each_quarter_and_the_latest_status() {
        let chart = QuarterChart {
            id: "maal-1-kvartaler".into(),
            goal: "Mål 1".into(),
            year: 2026,
            quarters: [
                Some(Progress::OnTrack),
                Some(Progress::Delayed),
                Some(Progress::AtRisk),
                None,
            ],
        };
        assert_eq!(chart.title(), "Mål 1: risiko i 3. kvartal");
        assert_eq!(
            chart.desc(),
            "Status ved de kvartalsvise opfølgninger i 2026: 1. kvartal på sporet, 2. kvartal forsinket, 3. kvartal risiko og 4. kvartal ingen status."
        );
        let svg = svg(&chart);
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let words: Vec<&str> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("value"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(words, ["På sporet", "Forsinket", "Risiko", NO_STATUS]);
        assert_eq!(chart.table().rows[3], ["4. kvartal", NO_STATUS]);
    }

    #[test]
    fn the_table_is_escaped_and_labelled_for_cards() {
        let html = table_html(&DataTable {
            caption: "<b>".into(),
            head: vec!["Styrelse".into(), "Opfyldt".into()],
            rows: vec![vec!["A & B".into(), "3".into()]],
        });
        assert!(html.contains("<caption>&lt;b&gt;</caption>"));
        assert!(html.contains("<th scope=\"row\">A &amp; B</th><td data-label=\"Opfyldt\">3</td>"));
    }
}
