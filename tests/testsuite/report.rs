//! `mrplan report` and the published results pages: every format parsed back
//! and compared with the plans' front matter (read through the open data,
//! `data/planer.json`, which is written by a different renderer).

use std::io::Read;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Deserialize;
use serde_json::Value;

use crate::build::split_csv;
use crate::pdf::{squash, text as pdf_text};
use crate::{Run, TestSite};

fn ok(site: &TestSite, args: &[&str]) -> Run {
    let run = site.run(args);
    assert_eq!(run.code, 0, "failed:\n{}{}", run.stdout, run.stderr);
    run
}

/// One plan as the open data (`data/planer.json`, written by another
/// renderer than the report) has it.
fn open_data_plan(site: &TestSite, year: i64, slug: &str) -> Value {
    ok(site, &["build", "--no-pdf", "-o", "opendata"]);
    let data: Value =
        serde_json::from_str(&site.read("opendata/data/planer.json")).expect("planer.json");
    data["planer"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["år"] == year && p["styrelse"] == slug)
        .expect("plan in open data")
        .clone()
}

/// The rows the overview table must have, from the open data:
/// [nr, mål, kerneopgave, succeskriterium, opnået, målopfyldelse, vægt].
fn expected_rows(site: &TestSite, year: i64, slug: &str) -> Vec<Vec<String>> {
    let plan = open_data_plan(site, year, slug);
    plan["mål"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let status = match g["resultat"]["status"].as_str().unwrap() {
                "opfyldt" => "Opfyldt",
                "delvist_opfyldt" => "Delvist opfyldt",
                "ikke_opfyldt" => "Ikke opfyldt",
                other => panic!("status {other}"),
            };
            vec![
                g["nr"].as_str().map_or(g["nr"].to_string(), str::to_string),
                g["titel"].as_str().unwrap().to_string(),
                g["kerneopgave"].as_str().unwrap().to_string(),
                g["succeskriterium"].as_str().unwrap().to_string(),
                g["resultat"]["opnået"].as_str().unwrap().to_string(),
                status.to_string(),
                g["vægt"]
                    .as_i64()
                    .map(|w| format!("{w} pct."))
                    .unwrap_or_default(),
            ]
        })
        .collect()
}

/// Every table in a Markdown text, as rows of cell texts (header row first).
fn markdown_tables(md: &str) -> Vec<Vec<Vec<String>>> {
    let mut tables = Vec::new();
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                tables.last_mut().unwrap().push(Vec::new())
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let c = cell.take().unwrap();
                tables.last_mut().unwrap().last_mut().unwrap().push(c);
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    tables
}

const HEADER: [&str; 7] = [
    "Nr.",
    "Mål",
    "Kerneopgave",
    "Succeskriterium",
    "Opnået resultat",
    "Målopfyldelse",
    "Vægt",
];

#[test]
fn markdown_gives_the_overview_table_of_every_goal() {
    let site = TestSite::new("default");
    let want = expected_rows(&site, 2024, "hjk");
    let run = ok(&site, &["report", "--år", "2024", "--styrelse", "hjk"]);
    let tables = markdown_tables(&run.stdout);
    let overview = &tables[0];
    assert_eq!(overview[0], HEADER);
    let (totals, rows) = overview[1..].split_last().unwrap();
    assert_eq!(rows, &want[..]);
    // The weights add up in a totals row (in bold: Markdown has no footer).
    assert_eq!(totals, &weight_totals(&want));
    assert!(
        run.stdout
            .contains("| **I alt** |  |  |  |  |  | **100 pct.** |")
    );
    // Numbers are right-aligned: the Vægt column's rule is `---:`.
    assert!(run.stdout.contains("|---|---|---|---|---|---|---:|\n"));
    // The headings and the generated sentences.
    assert!(
        run.stdout
            .starts_with("## Målrapportering 2024 – Hjemmeværnskommandoen\n")
    );
    assert!(run.stdout.contains("Hjemmeværnskommandoen opfyldte 5 af årets 7 mål, 1 mål blev delvist opfyldt, og 1 mål blev ikke opfyldt. Vægtet efter målenes betydning er 70 pct. af planen opfyldt, 15 pct. delvist opfyldt og 15 pct. ikke opfyldt."));
    // The quarterly trail has a row per goal with Q1-Q4.
    let trail = &tables[1];
    assert_eq!(
        trail[0],
        [
            "Nr.",
            "Mål",
            "1. kvartal",
            "2. kvartal",
            "3. kvartal",
            "4. kvartal"
        ]
    );
    assert_eq!(trail.len(), 8);
}

/// The documented JSON shape (docs/format.md); unknown keys fail the test.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JReport {
    kind: String,
    year: i32,
    ministry: String,
    heading: String,
    sections: Vec<JSection>,
    overview: Vec<JOverview>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JSection {
    year: i32,
    agency: JAgency,
    heading: String,
    intro: String,
    summary: String,
    weighted_summary: Option<String>,
    overall_assessment: Option<String>,
    counts: JCounts,
    weighted: bool,
    shares: Option<JCounts>,
    fulfilment: Option<i64>,
    goals: Vec<JRow>,
    analyses: Vec<JAnalysis>,
    trail: Vec<JTrail>,
    changes: Vec<JChange>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JChange {
    date: String,
    goal: Option<String>,
    goal_anchor: Option<String>,
    text: String,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JAgency {
    slug: String,
    name: String,
    abbreviation: String,
    website: Option<String>,
    url: String,
}
#[derive(Deserialize, Clone, Copy, PartialEq, Debug)]
#[serde(deny_unknown_fields)]
struct JCounts {
    met: i64,
    partly: i64,
    not_met: i64,
    total: i64,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JRow {
    nr: String,
    title: String,
    core_task: String,
    success: String,
    achieved: String,
    status: String,
    status_text: String,
    grade: Option<i64>,
    weight: Option<i64>,
    cross_cutting: bool,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JAnalysis {
    nr: String,
    title: String,
    status_text: String,
    weight: Option<i64>,
    assessment: Option<String>,
    analysis: Option<String>,
    limitations: Option<String>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JTrail {
    nr: String,
    title: String,
    quarters: Vec<String>,
    actions: Vec<Option<String>>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JOverview {
    agency: JAgency,
    counts: JCounts,
    met_share: Option<i64>,
    summary: String,
}

fn json_report(site: &TestSite, args: &[&str]) -> JReport {
    let mut all = vec!["report", "--format", "json"];
    all.extend(args);
    let run = ok(site, &all);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout))
}

#[test]
fn json_has_its_documented_shape_for_every_agency() {
    let site = TestSite::new("default");
    let r = json_report(&site, &["--år", "2024"]);
    assert_eq!(r.sections.len(), 7);
    assert_eq!(r.overview.len(), 7);
    for s in &r.sections {
        let c = s.counts;
        assert_eq!(c.met + c.partly + c.not_met, c.total);
        assert_eq!(c.total as usize, s.goals.len());
        if s.weighted {
            let shares = s.shares.expect("weighted plans have shares");
            assert_eq!(shares.total, 100);
            assert_eq!(shares.met + shares.partly + shares.not_met, 100);
        }
        for q in &s.trail {
            assert_eq!(q.quarters.len(), 4);
        }
    }
}

/// `mrplan report --år YEAR --styrelse SLUG --format FORMAT [-o OUT]`, which
/// must succeed.
fn report(site: &TestSite, year: i32, slug: &str, format: &str, out: Option<&str>) -> Run {
    let year = year.to_string();
    let mut args = vec![
        "report",
        "--år",
        &year,
        "--styrelse",
        slug,
        "--format",
        format,
    ];
    args.extend(out.map(|o| ["-o", o]).into_iter().flatten());
    ok(site, &args)
}

#[test]
fn csv_reads_back_one_goal_per_row() {
    let site = TestSite::new("default");
    let want = expected_rows(&site, 2024, "fmi");
    report(&site, 2024, "fmi", "csv", Some("r.csv"));
    let text = site.read("r.csv");
    let text = text.strip_prefix('\u{feff}').expect("BOM for Excel");
    let rows: Vec<Vec<String>> = text.lines().map(split_csv).collect();
    assert_eq!(
        rows[0],
        [
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
            "målopfyldelse_pct"
        ]
    );
    assert_eq!(rows.len(), want.len() + 1);
    for (row, w) in rows[1..].iter().zip(&want) {
        assert_eq!(row[0], "2024");
        assert_eq!(row[1], "fmi");
        assert_eq!(&row[3..9], &w[..6]);
        assert_eq!(format!("{} pct.", row[9]), w[6]);
    }
}

fn html_rows(html: &str, table: &str) -> Vec<Vec<String>> {
    let doc = scraper::Html::parse_document(html);
    let t = scraper::Selector::parse(table).unwrap();
    let tr = scraper::Selector::parse("tr").unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    let table = doc.select(&t).next().expect("table");
    table
        .select(&tr)
        .map(|r| {
            r.select(&cell)
                .map(|c| c.text().collect::<String>().trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn html_report_and_published_results_pages() {
    let site = TestSite::new("default");
    let want = expected_rows(&site, 2024, "fes");
    let run = report(&site, 2024, "fes", "html", None);
    let rows = html_rows(&run.stdout, "table.results");
    // FES's plan is not weighted: no (empty) Vægt column.
    let want: Vec<Vec<String>> = want.into_iter().map(|r| r[..6].to_vec()).collect();
    assert_eq!(rows[0], HEADER[..6]);
    assert_eq!(&rows[1..], &want[..]);

    // `build` publishes the same section, linked from the listing and the agency page.
    ok(&site, &["build"]);
    let page = site.read("output/resultater/2024/fes/index.html");
    assert_eq!(&html_rows(&page, "table.results")[1..], &want[..]);
    let index = scraper::Html::parse_document(&site.read("output/index.html"));
    let links: Vec<String> = index
        .select(&scraper::Selector::parse("a").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(links.contains(&"resultater/2024/index.html".to_string()));
    assert!(links.contains(&"resultater/2024/fes/index.html".to_string()));
    assert!(
        !links.iter().any(|l| l.starts_with("resultater/2026")),
        "2026 has no results yet"
    );
    let agency = site.read("output/styrelser/fes/index.html");
    assert!(agency.contains("href=\"../../resultater/2024/fes/index.html\""));
    // The ministry overview lists every agency with its counts.
    let overview = html_rows(
        &site.read("output/resultater/2024/index.html"),
        "table.overview",
    );
    // A header, seven agencies and the totals.
    assert_eq!(overview.len(), 9);
    // And each section has its PDF.
    assert!(site.path("output/resultater/2024/fes.pdf").is_file());
}

#[test]
fn pdf_and_typst_report_carry_every_goal() {
    let site = TestSite::new("default");
    let want = expected_rows(&site, 2024, "fko");
    report(&site, 2024, "fko", "pdf", Some("r.pdf"));
    let text = pdf_text(&site, "r.pdf");
    let mut at = text
        .find(&squash("1. del – skematisk oversigt"))
        .expect("part 1");
    for row in &want {
        let found = text[at..].find(&squash(&row[5]));
        assert!(found.is_some(), "status of goal {} missing", row[0]);
        at += found.unwrap();
    }
    assert!(text.contains(&squash("Målrapportering 2024 – Forsvarskommandoen")));

    // The .typ file embeds exactly the JSON report as a string literal.
    report(&site, 2024, "fko", "typ", Some("r.typ"));
    let typ = site.read("r.typ");
    let line = typ
        .lines()
        .find(|l| l.starts_with("#let data = json(bytes(\""))
        .expect("data line");
    let literal = line
        .strip_prefix("#let data = json(bytes(")
        .and_then(|l| l.strip_suffix("))"))
        .unwrap();
    let json: String = serde_json::from_str(literal).expect("a Typst string is a JSON string here");
    let embedded: Value = serde_json::from_str(&json).unwrap();
    let direct: Value =
        serde_json::from_str(&report(&site, 2024, "fko", "json", None).stdout).unwrap();
    // The template gets the data `--format json` writes, plus the layout
    // blocks it sets and the title.
    let mut embedded = embedded;
    let map = embedded.as_object_mut().unwrap();
    assert_eq!(
        map.remove("title").unwrap(),
        "Målrapportering 2024 – Forsvarskommandoen"
    );
    assert_eq!(map.remove("interim").unwrap(), false);
    let blocks = map.remove("blocks").unwrap();
    assert_eq!(blocks[0]["t"], "group");
    assert_eq!(embedded, direct);
}

#[test]
fn docx_opens_with_the_table_cells() {
    let site = TestSite::new("default");
    let want = expected_rows(&site, 2024, "hjk");
    let run = report(&site, 2024, "hjk", "docx", None);
    assert!(
        run.stderr.contains("maalrapportering-2024-hjk.docx"),
        "{}",
        run.stderr
    );
    let file = std::fs::File::open(site.path("maalrapportering-2024-hjk.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("docx is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("document.xml parses");
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let (_, rows) = docx_parts(&site, "maalrapportering-2024-hjk.docx");
    assert_eq!(rows[0], HEADER);
    let (totals, rows) = rows[1..].split_last().unwrap();
    assert_eq!(rows, &want[..]);
    assert_eq!(totals, &weight_totals(&want));
    let headings: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((w, "pStyle")))
        .filter_map(|n| n.attribute((w, "val")))
        .collect();
    assert!(headings.contains(&"Heading1"));
}

/// A plan's text without its `samlet_vurdering` (one line in the default plans).
fn without_assessment(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("samlet_vurdering:"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The totals row of a weighted goals table: "I alt" and the weights' sum.
fn weight_totals(want: &[Vec<String>]) -> Vec<String> {
    let sum: i64 = want
        .iter()
        .map(|r| r[6].trim_end_matches(" pct.").parse::<i64>().unwrap())
        .sum();
    let mut row = vec![String::new(); 7];
    row[0] = "I alt".into();
    row[6] = format!("{sum} pct.");
    row
}

/// Rewrites the minimal plan's result statuses (goals 1-5), gives every goal
/// that is not met an analysis, and drops the weights when asked.
fn with_statuses(site: &TestSite, statuses: [&str; 5], weighted: bool) {
    let path = "content/planer/2025/abc.md";
    let mut out = String::new();
    let mut goal = 0;
    for line in site.read(path).lines() {
        if line.starts_with("  - nr: ") {
            goal += 1;
        }
        if line.starts_with("      analyse: ") || (!weighted && line.starts_with("    vægt: ")) {
            continue;
        }
        if line.starts_with("      status: ") {
            let status = statuses[goal - 1];
            out.push_str(&format!("      status: {status}\n"));
            if status != "opfyldt" {
                out.push_str(&format!("      analyse: Analyse af mål {goal}.\n"));
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    site.write(path, &out);
}

#[test]
fn every_sentence_derives_from_the_results() {
    let cases = [
        (
            ["opfyldt"; 5],
            true,
            "Arkiv- og Bygningsstyrelsen opfyldte alle årets 5 mål.",
            Some("Vægtet efter målenes betydning er hele planen opfyldt (100 pct.)."),
        ),
        (
            ["ikke_opfyldt"; 5],
            true,
            "Arkiv- og Bygningsstyrelsen opfyldte ingen af årets 5 mål.",
            Some("Vægtet efter målenes betydning er 100 pct. af planen ikke opfyldt."),
        ),
        (
            [
                "opfyldt",
                "delvist_opfyldt",
                "opfyldt",
                "ikke_opfyldt",
                "opfyldt",
            ],
            true,
            "Arkiv- og Bygningsstyrelsen opfyldte 3 af årets 5 mål, 1 mål blev delvist opfyldt, og 1 mål blev ikke opfyldt.",
            Some(
                "Vægtet efter målenes betydning er 55 pct. af planen opfyldt, 25 pct. delvist opfyldt og 20 pct. ikke opfyldt.",
            ),
        ),
        (
            [
                "delvist_opfyldt",
                "delvist_opfyldt",
                "ikke_opfyldt",
                "ikke_opfyldt",
                "ikke_opfyldt",
            ],
            false,
            "Arkiv- og Bygningsstyrelsen opfyldte ingen af årets 5 mål fuldt ud: 2 mål blev delvist opfyldt og 3 mål blev ikke opfyldt.",
            None,
        ),
        (
            ["opfyldt", "opfyldt", "opfyldt", "opfyldt", "ikke_opfyldt"],
            false,
            "Arkiv- og Bygningsstyrelsen opfyldte 4 af årets 5 mål, og 1 mål blev ikke opfyldt.",
            None,
        ),
    ];
    for (statuses, weighted, summary, weighted_summary) in cases {
        let site = TestSite::new("minimal");
        with_statuses(&site, statuses, weighted);
        let r = json_report(&site, &["--år", "2025"]);
        let s = &r.sections[0];
        assert_eq!(s.summary, summary, "{statuses:?}");
        assert_eq!(
            s.weighted_summary.as_deref(),
            weighted_summary,
            "{statuses:?}"
        );
        assert_eq!(s.weighted, weighted);
        let count = |st: &str| statuses.iter().filter(|x| **x == st).count() as i64;
        assert_eq!(
            s.counts,
            JCounts {
                met: count("opfyldt"),
                partly: count("delvist_opfyldt"),
                not_met: count("ikke_opfyldt"),
                total: 5
            }
        );
        // Analysed: exactly the goals not fully met, with their own texts.
        let analysed: Vec<String> = s.analyses.iter().map(|a| a.nr.clone()).collect();
        let expected: Vec<String> = (1..=5)
            .filter(|i| statuses[i - 1] != "opfyldt")
            .map(|i| i.to_string())
            .collect();
        assert_eq!(analysed, expected, "{statuses:?}");
        for a in &s.analyses {
            assert_eq!(
                a.analysis.as_deref(),
                Some(format!("Analyse af mål {}.", a.nr).as_str())
            );
        }
    }
}

#[test]
fn incomplete_results_refuse_the_report_with_their_lines() {
    let site = TestSite::new("minimal");
    // Goal 3 without resultat, and goal 4 unmet without analyse.
    let text = site.read("content/planer/2025/abc.md");
    let mut out = String::new();
    let mut goal = 0;
    let mut skip = false;
    for line in text.lines() {
        if line.starts_with("  - nr: ") {
            goal += 1;
        }
        if goal == 3 && line == "    resultat:" {
            skip = true;
            continue;
        }
        if skip && line.starts_with("      ") {
            continue;
        }
        skip = false;
        if goal == 4 && line.starts_with("      analyse: ") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    site.write("content/planer/2025/abc.md", &out);
    let run = site.run(&["report", "--år", "2025", "--fejlformat", "short"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
    // For `check` and `build` a missing result is only a warning.
    let run = site.run(&["check", "--format", "short"]);
    assert!(
        run.stdout.contains("abc.md:52:5: advarsel[MRP204]"),
        "{}",
        run.stdout
    );
}

/// The status table an interim report must show for one plan, from the
/// open data: [nr, mål, kerneopgave, succeskriterium, kommentar, status, vægt]
/// at the plan's latest quarterly follow-up.
fn expected_status_rows(site: &TestSite, year: i64, slug: &str, quarter: &str) -> Vec<Vec<String>> {
    let plan = open_data_plan(site, year, slug);
    plan["mål"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let f = g["opfølgning"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["kvartal"] == quarter)
                .expect("follow-up for the quarter");
            let status = match f["status"].as_str().unwrap() {
                "på_sporet" => "På sporet",
                "risiko" => "Risiko",
                "forsinket" => "Forsinket",
                "opfyldt" => "Opfyldt",
                other => panic!("status {other}"),
            };
            vec![
                g["nr"].as_str().map_or(g["nr"].to_string(), str::to_string),
                g["titel"].as_str().unwrap().to_string(),
                g["kerneopgave"].as_str().unwrap().to_string(),
                g["succeskriterium"].as_str().unwrap().to_string(),
                // The action agreed follows the comment (`handling`).
                match (f["kommentar"].as_str().unwrap(), f["handling"].as_str()) {
                    (c, Some(a)) if c.ends_with(['.', '?', '!']) => format!("{c} Handling: {a}"),
                    (c, Some(a)) => format!("{c}. Handling: {a}"),
                    (c, None) => c.to_string(),
                },
                status.to_string(),
                g["vægt"]
                    .as_i64()
                    .map(|w| format!("{w} pct."))
                    .unwrap_or_default(),
            ]
        })
        .collect()
}

const STATUS_HEADER: [&str; 7] = [
    "Nr.",
    "Mål",
    "Kerneopgave",
    "Succeskriterium",
    "Kommentar",
    "Status",
    "Vægt",
];
const INTERIM_HEADING: &str =
    "Foreløbig status pr. 3. kvartal 2026 – Forsvarsministeriets Materiel- og Indkøbsstyrelse";
const INTERIM_LABEL: &str = "Foreløbig status – ikke årets målrapportering.";

#[test]
fn a_year_that_is_not_over_gets_no_report() {
    let site = TestSite::new("default");
    // "Today" is November 2026: the year's goals have no results yet.
    let run = site.run(&[
        "report",
        "--år",
        "2026",
        "--styrelse",
        "fmi",
        "--fejlformat",
        "short",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "", "nothing is written");
    insta::assert_snapshot!(run.stderr);
    // The same for every agency, and in every format: no file appears.
    for format in ["md", "pdf", "docx", "csv", "json"] {
        let out = format!("2026.{format}");
        let run = site.run(&["report", "--år", "2026", "--format", format, "-o", &out]);
        assert_eq!(run.code, 1, "{format}");
        assert!(!site.path(&out).exists(), "{format}");
    }
    // And no results page or PDF on the site until the year is over.
    ok(&site, &["build"]);
    assert!(!site.path("output/resultater/2026").exists());
}

#[test]
fn an_interim_status_is_labelled_in_every_format() {
    let site = TestSite::new("default");
    let want = expected_status_rows(&site, 2026, "fmi", "Q3");
    fn args(format: &str) -> Vec<&str> {
        vec![
            "report",
            "--år",
            "2026",
            "--styrelse",
            "fmi",
            "--foreløbig",
            "--format",
            format,
        ]
    }

    let md = ok(&site, &args("md")).stdout;
    assert!(
        md.starts_with(&format!("## {INTERIM_HEADING}\n\n> **{INTERIM_LABEL}")),
        "{md}"
    );
    let tables = markdown_tables(&md);
    assert_eq!(tables[0][0], STATUS_HEADER);
    assert_eq!(&tables[0][1..], &want[..]);
    assert!(md.contains(
        "Ved opfølgningen for 3. kvartal 2026 var 4 af årets 7 mål på sporet og 3 i risiko."
    ));
    assert!(
        !md.contains("opfyldte"),
        "an interim status claims no results"
    );

    let html = ok(&site, &args("html")).stdout;
    let doc = scraper::Html::parse_document(&html);
    assert_eq!(crate::texts(&doc, "h1"), vec![INTERIM_HEADING]);
    assert!(crate::texts(&doc, ".notice")[0].starts_with(INTERIM_LABEL));
    assert_eq!(crate::texts(&doc, "title")[0], INTERIM_HEADING);
    let rows = html_rows(&html, "table.status");
    assert_eq!(rows[0], STATUS_HEADER);
    assert_eq!(&rows[1..], &want[..]);

    // The PDF says what it is on every page.
    ok(
        &site,
        &[
            "report",
            "--år",
            "2026",
            "--foreløbig",
            "--format",
            "pdf",
            "-o",
            "status.pdf",
        ],
    );
    let pages = crate::pdf::page_texts(&site, "status.pdf");
    assert!(pages.len() > 1);
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.starts_with(&squash("Foreløbig status – ikke årets målrapportering")),
            "page {}: {page}",
            i + 1
        );
    }
    ok(&site, &[&args("pdf")[..], &["-o", "fmi.pdf"]].concat());
    let text = crate::pdf::text(&site, "fmi.pdf");
    assert!(text.contains(&squash(INTERIM_HEADING)), "{text}");
    // Narrow cells hyphenate: compare without hyphens.
    let loose = |s: &str| squash(s).replace(['-', '\u{ad}', '‐'], "");
    for row in &want {
        assert!(
            loose(&text).contains(&loose(&row[4])),
            "comment of goal {}",
            row[0]
        );
    }

    // The Word file.
    ok(&site, &args("docx"));
    let (paragraphs, rows) = docx_parts(&site, "foreloebig-status-2026-fmi.docx");
    assert_eq!(paragraphs[0], INTERIM_HEADING);
    assert!(
        paragraphs[1].starts_with(INTERIM_LABEL),
        "{}",
        paragraphs[1]
    );
    assert_eq!(rows[0], STATUS_HEADER);
    assert_eq!(&rows[1..], &want[..]);

    // CSV rows name what they are; JSON says its kind.
    let csv = ok(&site, &args("csv")).stdout;
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert!(lines.next().unwrap().starts_with("opgørelse;år;styrelse"));
    let rows: Vec<Vec<String>> = lines.map(split_csv).collect();
    assert_eq!(rows.len(), want.len());
    assert!(
        rows.iter()
            .all(|r| r[0] == "Foreløbig status pr. 3. kvartal 2026")
    );
    let json: Value = serde_json::from_str(&ok(&site, &args("json")).stdout).unwrap();
    assert_eq!(json["kind"], "foreløbig_status");
    assert_eq!(json["sections"][0]["quarter"], "Q3");
    assert_eq!(json["sections"][0]["counts"]["total"], 7);
}

#[test]
fn an_interim_status_needs_every_goal_at_the_latest_quarter() {
    let site = TestSite::new("default");
    let plan = "content/planer/2026/fmi.md";
    site.edit(
        plan,
        "      - kvartal: Q3\n        status: på_sporet\n        kommentar: 93,9 pct. i kvartalet.\n",
        "",
    );
    let run = site.run(&[
        "report",
        "--år",
        "2026",
        "--styrelse",
        "fmi",
        "--foreløbig",
        "--fejlformat",
        "short",
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn results_pages_wait_for_the_year_to_end() {
    // The fixture's 2025 plan has a result for every goal.
    let site = TestSite::new("minimal");
    // 1 December 2025: the results are written, but the year is not over.
    let december = "1764547200";
    let run = site.run_at(december, &["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.path("output/resultater").exists());
    assert!(!site.read("output/index.html").contains("resultater/"));
    let run = site.run_at(
        december,
        &["report", "--år", "2025", "--fejlformat", "short"],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("fejl[MRP209]"), "{}", run.stderr);
    // In January the year is over: the results are published.
    let run = site.run_at("1767312000", &["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path("output/resultater/2025/abc/index.html").is_file());
    assert!(
        site.read("output/index.html")
            .contains("resultater/2025/index.html")
    );
}

/// A docx file's paragraphs (their text) and its first table (rows of cell texts).
pub fn docx_parts(site: &TestSite, rel: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let file = std::fs::File::open(site.path(rel)).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("docx is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("document.xml parses");
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let text = |n: roxmltree::Node| -> String {
        n.descendants()
            .filter(|t| t.has_tag_name((w, "t")))
            .filter_map(|t| t.text())
            .collect()
    };
    let paragraphs = doc
        .descendants()
        .filter(|n| n.has_tag_name((w, "p")))
        .map(text)
        .collect();
    let table = doc
        .descendants()
        .find(|n| n.has_tag_name((w, "tbl")))
        .expect("a table");
    let rows = table
        .children()
        .filter(|n| n.has_tag_name((w, "tr")))
        .map(|tr| {
            tr.children()
                .filter(|n| n.has_tag_name((w, "tc")))
                .map(text)
                .collect()
        })
        .collect();
    (paragraphs, rows)
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// One part of a docx file, as text.
fn docx_part(site: &TestSite, rel: &str, part: &str) -> String {
    let file = std::fs::File::open(site.path(rel)).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("docx is a zip");
    let mut xml = String::new();
    zip.by_name(part)
        .unwrap_or_else(|_| panic!("{part} in {rel}"))
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

fn w_attr(n: roxmltree::Node, name: &str) -> Option<usize> {
    n.attribute((W, name)).and_then(|v| v.parse().ok())
}

fn w_child<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    n.children().find(|c| c.has_tag_name((W, name)))
}

#[test]
fn docx_tables_fill_the_text_width_and_keep_their_header_rows() {
    let site = TestSite::new("default");
    for slug in ["fes", "fmi"] {
        let file = format!("{slug}.docx");
        report(&site, 2024, slug, "docx", Some(&file));
        let xml = docx_part(&site, &file, "word/document.xml");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let section = doc
            .descendants()
            .rfind(|n| n.has_tag_name((W, "sectPr")))
            .expect("sectPr");
        let size = w_child(section, "pgSz").expect("pgSz");
        let margin = w_child(section, "pgMar").expect("pgMar");
        let text_width = w_attr(size, "w").unwrap()
            - w_attr(margin, "left").unwrap()
            - w_attr(margin, "right").unwrap();
        let tables: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name((W, "tbl")))
            .collect();
        assert!(tables.len() >= 2, "{slug}: goals and trail tables");
        for table in tables {
            let grid: Vec<usize> = w_child(table, "tblGrid")
                .expect("tblGrid")
                .children()
                .filter(|n| n.has_tag_name((W, "gridCol")))
                .map(|c| w_attr(c, "w").expect("gridCol width"))
                .collect();
            assert_eq!(grid.iter().sum::<usize>(), text_width, "{slug}: {grid:?}");
            // Each table has its caption for screen readers.
            let caption = w_child(table, "tblPr")
                .and_then(|p| w_child(p, "tblCaption"))
                .and_then(|c| c.attribute((W, "val")));
            assert!(caption.is_some_and(|c| !c.is_empty()), "{slug}: no caption");
            assert!(
                grid.iter().all(|w| *w >= 400),
                "{slug}: a column too narrow: {grid:?}"
            );
            let rows: Vec<_> = table
                .children()
                .filter(|n| n.has_tag_name((W, "tr")))
                .collect();
            for (i, row) in rows.iter().enumerate() {
                let props = w_child(*row, "trPr").expect("trPr");
                assert!(w_child(props, "cantSplit").is_some(), "row {i} may split");
                assert_eq!(
                    w_child(props, "tblHeader").is_some(),
                    i == 0,
                    "{slug}: only the first row repeats (row {i})"
                );
                let cells = row.children().filter(|n| n.has_tag_name((W, "tc"))).count();
                assert_eq!(cells, grid.len());
            }
        }
    }
    assert!(
        docx_part(&site, "fes.docx", "word/document.xml")
            .contains(r#"<w:tblCaption w:val="Årets 8 mål og deres opfyldelse" />"#)
    );
    // FES's plan is not weighted: no (empty) Vægt column and no totals.
    let (_, rows) = docx_parts(&site, "fes.docx");
    assert_eq!(rows[0], HEADER[..6]);
    assert!(rows.iter().all(|r| r.len() == 6 && r[0] != "I alt"));
    // FMI's is: its weights sum to 100 in a totals row, right-aligned.
    let (_, rows) = docx_parts(&site, "fmi.docx");
    assert_eq!(rows.last().unwrap()[0], "I alt");
    assert_eq!(rows.last().unwrap()[6], "100 pct.");
    let xml = docx_part(&site, "fmi.docx", "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let table = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "tbl")))
        .unwrap();
    let last = table
        .children()
        .rfind(|n| n.has_tag_name((W, "tr")))
        .unwrap();
    let weight = last
        .children()
        .rfind(|n| n.has_tag_name((W, "tc")))
        .unwrap();
    let jc = weight
        .descendants()
        .find(|n| n.has_tag_name((W, "jc")))
        .and_then(|n| n.attribute((W, "val")));
    assert_eq!(jc, Some("right"));
}

#[test]
fn docx_is_danish_with_the_ministry_as_author_and_the_date_it_was_made() {
    let site = TestSite::new("default");
    // 1. marts 2025.
    let args = [
        "report",
        "--år",
        "2024",
        "--styrelse",
        "fmi",
        "--format",
        "docx",
        "-o",
        "r.docx",
    ];
    let run = site.run_at("1740787200", &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let styles = docx_part(&site, "r.docx", "word/styles.xml");
    let doc = roxmltree::Document::parse(&styles).unwrap();
    let lang = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "rPrDefault")))
        .and_then(|n| n.descendants().find(|c| c.has_tag_name((W, "lang"))))
        .and_then(|n| n.attribute((W, "val")));
    assert_eq!(lang, Some("da-DK"));
    let core = docx_part(&site, "r.docx", "docProps/core.xml");
    let doc = roxmltree::Document::parse(&core).unwrap();
    let text = |ns: &str, name: &str| -> String {
        doc.descendants()
            .find(|n| n.has_tag_name((ns, name)))
            .and_then(|n| n.text())
            .unwrap_or_else(|| panic!("{name} in core.xml"))
            .to_string()
    };
    let dc = "http://purl.org/dc/elements/1.1/";
    let terms = "http://purl.org/dc/terms/";
    assert_eq!(text(dc, "creator"), "Forsvarsministeriet");
    assert_eq!(
        text(dc, "title"),
        "Målrapportering 2024 – Forsvarsministeriets Materiel- og Indkøbsstyrelse"
    );
    assert_eq!(text(terms, "created"), "2025-03-01T00:00:00Z");
    // Page numbers at the foot, in Danish.
    let footer = docx_part(&site, "r.docx", "word/footer1.xml");
    assert!(footer.contains("Side ") && footer.contains(">PAGE<") && footer.contains(">NUMPAGES<"));
    assert_eq!(text(terms, "modified"), "2025-03-01T00:00:00Z");
    // The same report twice is the same file.
    let first = std::fs::read(site.path("r.docx")).unwrap();
    site.run_at("1740787200", &args);
    assert_eq!(first, std::fs::read(site.path("r.docx")).unwrap());

    // Without SOURCE_DATE_EPOCH: today, never docx-rs's 1970.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mrplan"))
        .args(args)
        .current_dir(site.path(""))
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(out.status.success());
    let core = docx_part(&site, "r.docx", "docProps/core.xml");
    let year: i32 = core
        .split("<dcterms:created xsi:type=\"dcterms:W3CDTF\">")
        .nth(1)
        .and_then(|t| t.get(..4))
        .and_then(|y| y.parse().ok())
        .expect("created year");
    assert!(year >= 2026, "created {year}");
}

/// A Word template: a report's own docx with its styles replaced by
/// `styles` and a theme added.
fn template(site: &TestSite, from: &str, to: &str, styles: Option<&str>) {
    let file = std::fs::File::open(site.path(from)).unwrap();
    let mut input = zip::ZipArchive::new(file).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(site.path(to)).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..input.len() {
        let mut entry = input.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "word/styles.xml" {
            match styles {
                Some(s) => data = s.as_bytes().to_vec(),
                None => continue,
            }
        }
        use std::io::Write;
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    use std::io::Write;
    out.start_file("word/theme/theme1.xml", options).unwrap();
    out.write_all(b"<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"Styrelsens tema\"/>")
        .unwrap();
    out.finish().unwrap();
}

const AGENCY_STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/><w:lang w:val="en-US"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:rPr><w:color w:val="AB0000"/><w:sz w:val="40"/></w:rPr></w:style></w:styles>"#;

#[test]
fn a_word_template_brings_the_agencys_styles() {
    let site = TestSite::new("default");
    report(&site, 2024, "fmi", "docx", Some("plain.docx"));
    template(&site, "plain.docx", "skabelon.docx", Some(AGENCY_STYLES));
    ok(
        &site,
        &[
            "report",
            "--år",
            "2024",
            "--styrelse",
            "fmi",
            "--format",
            "docx",
            "-o",
            "r.docx",
            "--skabelon",
            "skabelon.docx",
        ],
    );
    let styles = docx_part(&site, "r.docx", "word/styles.xml");
    assert!(styles.contains(r#"<w:color w:val="AB0000"/>"#), "{styles}");
    assert!(styles.contains("Georgia"));
    // Still Danish: the template's English default gives way.
    assert!(styles.contains(r#"<w:lang w:val="da-DK""#) && !styles.contains("en-US"));
    // The theme comes along, with its relationship and content type.
    assert!(docx_part(&site, "r.docx", "word/theme/theme1.xml").contains("Styrelsens tema"));
    assert!(
        docx_part(&site, "r.docx", "word/_rels/document.xml.rels").contains("theme/theme1.xml")
    );
    assert!(docx_part(&site, "r.docx", "[Content_Types].xml").contains("/word/theme/theme1.xml"));
    // The report itself is unchanged: its headings use the template's ids.
    let (paragraphs, rows) = docx_parts(&site, "r.docx");
    assert_eq!(rows[0], HEADER);
    assert!(
        paragraphs
            .iter()
            .any(|p| p.starts_with("Målrapportering 2024"))
    );
    assert!(
        docx_part(&site, "r.docx", "word/document.xml")
            .contains(r#"<w:pStyle w:val="Heading1" />"#)
    );

    // A template made in Danish Word: the heading styles' ids are Danish
    // (their names stay "heading 1"), and the headings follow them. A
    // heading style the template lacks (heading 2 here) is ours.
    template(
        &site,
        "plain.docx",
        "dansk.docx",
        Some(&AGENCY_STYLES.replace("w:styleId=\"Heading1\"", "w:styleId=\"Overskrift1\"")),
    );
    ok(
        &site,
        &[
            "report",
            "--år",
            "2024",
            "--format",
            "docx",
            "-o",
            "dansk-ud.docx",
            "--skabelon",
            "dansk.docx",
        ],
    );
    let document = docx_part(&site, "dansk-ud.docx", "word/document.xml");
    assert!(document.contains(r#"<w:pStyle w:val="Overskrift1" />"#));
    assert!(!document.contains(r#"<w:pStyle w:val="Heading1" />"#));
    assert!(document.contains(r#"<w:pStyle w:val="Heading2" />"#));
    let styles = docx_part(&site, "dansk-ud.docx", "word/styles.xml");
    assert!(
        styles.contains(r#"w:styleId="Heading2""#) && !styles.contains(r#"w:styleId="Heading1""#)
    );
}

#[test]
fn a_word_template_that_is_not_one_is_refused_in_danish() {
    let site = TestSite::new("default");
    report(&site, 2024, "fmi", "docx", Some("plain.docx"));
    template(&site, "plain.docx", "uden.docx", None);
    site.write("tekst.docx", "Dette er ikke en Word-fil.\n");
    let cases = [
        (
            "findes-ikke.docx",
            "fejl: Kan ikke læse Word-skabelonen findes-ikke.docx: filen eller mappen findes ikke.\n",
        ),
        (
            "tekst.docx",
            "fejl: Word-skabelonen tekst.docx er ikke en Word-fil (.docx): den kan ikke åbnes som zip-arkiv. Gem skabelonen i Word som 'Word-dokument (*.docx)', og prøv igen.\n",
        ),
        (
            "uden.docx",
            "fejl: Word-skabelonen uden.docx har ingen typografier (word/styles.xml mangler). Gem et dokument med jeres typografier i Word som .docx, og brug det som skabelon.\n",
        ),
    ];
    for (file, message) in cases {
        let run = site.run(&[
            "report",
            "--år",
            "2024",
            "--styrelse",
            "fmi",
            "--format",
            "docx",
            "-o",
            "r.docx",
            "--skabelon",
            file,
        ]);
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        assert_eq!(run.stderr, message);
        assert!(!site.path("r.docx").exists());
    }
    let run = site.run(&[
        "report",
        "--år",
        "2024",
        "--styrelse",
        "fmi",
        "--skabelon",
        "plain.docx",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "fejl: --skabelon bruges kun til Word-filen: tilføj --format docx, eller fjern --skabelon.\n"
    );
}

#[test]
fn the_overview_sums_the_agencies_and_says_what_a_dash_means() {
    let site = TestSite::new("default");
    let r = json_report(&site, &["--år", "2024"]);
    let sum = |f: fn(&JCounts) -> i64| r.overview.iter().map(|o| f(&o.counts)).sum::<i64>();
    let totals: Vec<String> = vec![
        "I alt".into(),
        sum(|c| c.total).to_string(),
        sum(|c| c.met).to_string(),
        sum(|c| c.partly).to_string(),
        sum(|c| c.not_met).to_string(),
        "–".into(),
    ];
    let note = "– i kolonnen Vægtet opfyldt: styrelsens plan har ikke vægtede mål. – i rækken I alt: de vægtede andele er styrelsernes egne og kan ikke lægges sammen.";
    let unweighted = r.overview.iter().filter(|o| o.met_share.is_none()).count();
    assert!(unweighted > 0);

    // Markdown: the overview is the first table.
    let md = ok(&site, &["report", "--år", "2024"]).stdout;
    let overview = &markdown_tables(&md)[0];
    assert_eq!(overview.last().unwrap(), &totals);
    assert_eq!(
        overview.iter().filter(|r| r[5] == "–").count(),
        unweighted + 1
    );
    assert!(md.contains(note));
    assert!(md.contains("|---|---:|---:|---:|---:|---:|\n"));

    // HTML: the totals in <tfoot>, numbers with class num.
    let html = ok(&site, &["report", "--år", "2024", "--format", "html"]).stdout;
    let rows = html_rows(&html, "table.overview");
    assert_eq!(rows.last().unwrap(), &totals);
    let doc = scraper::Html::parse_document(&html);
    let foot =
        scraper::Selector::parse("table.overview tfoot tr th, table.overview tfoot tr td").unwrap();
    let foot: Vec<String> = doc.select(&foot).map(|c| c.text().collect()).collect();
    assert_eq!(foot, totals);
    let num = scraper::Selector::parse("table.overview tbody td.num").unwrap();
    assert_eq!(doc.select(&num).count(), 5 * r.overview.len());
    assert!(html.contains(&format!("<p class=\"note\">{note}</p>")));

    // Word: the overview is the first table there too.
    ok(
        &site,
        &[
            "report",
            "--år",
            "2024",
            "--format",
            "docx",
            "-o",
            "alle.docx",
        ],
    );
    let (paragraphs, rows) = docx_parts(&site, "alle.docx");
    assert_eq!(rows.last().unwrap(), &totals);
    assert!(paragraphs.iter().any(|p| p == note));

    // The foreløbig status sums its status counts the same way.
    let interim = ["report", "--år", "2026", "--foreløbig"];
    let json: Value =
        serde_json::from_str(&ok(&site, &[&interim[..], &["--format", "json"]].concat()).stdout)
            .unwrap();
    let sum = |key: &str| -> String {
        json["overview"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["counts"][key].as_i64().unwrap())
            .sum::<i64>()
            .to_string()
    };
    let md = ok(&site, &interim).stdout;
    assert_eq!(
        markdown_tables(&md)[0].last().unwrap(),
        &[
            "I alt".to_string(),
            sum("total"),
            String::new(),
            sum("met"),
            sum("on_track"),
            sum("at_risk"),
            sum("delayed"),
        ]
    );
}

#[test]
fn the_management_assessment_opens_the_agencys_report_in_every_format() {
    let site = TestSite::new("default");
    let path = "content/planer/2024/fes.md";
    let text = without_assessment(&site.read(path));
    let end = text[4..].find("\n---\n").unwrap() + 4;
    let assessment =
        "Styrelsen vurderer årets resultater som tilfredsstillende & i tråd med planen.";
    site.write(
        path,
        &format!(
            "{}\nsamlet_vurdering: {assessment}{}",
            &text[..end],
            &text[end..]
        ),
    );
    let heading = "Ledelsens samlede vurdering";
    let args = |format: &str| -> Vec<String> {
        [
            "report",
            "--år",
            "2024",
            "--styrelse",
            "fes",
            "--format",
            format,
        ]
        .map(String::from)
        .to_vec()
    };
    let run_args = |format: &str| -> Run {
        let a = args(format);
        ok(&site, &a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    // Markdown: after the summary, before part 1.
    let md = run_args("md").stdout;
    let at = md
        .find(&format!("### {heading}\n\n{assessment}\n"))
        .expect("md");
    assert!(at < md.find("1. del").unwrap());
    // HTML.
    let html = run_args("html").stdout;
    assert!(html.contains(&format!("<h2>{heading}</h2>\n<p>Styrelsen vurderer årets resultater som tilfredsstillende &amp; i tråd med planen.</p>")));
    // JSON.
    let json: Value = serde_json::from_str(&run_args("json").stdout).unwrap();
    assert_eq!(json["sections"][0]["overall_assessment"], assessment);
    // The PDF template's blocks, and the PDF.
    let typ = run_args("typ").stdout;
    assert!(typ.contains(heading) && typ.contains("i tråd med planen"));
    ok(
        &site,
        &[
            &args("pdf").iter().map(String::as_str).collect::<Vec<_>>()[..],
            &["-o", "r.pdf"],
        ]
        .concat(),
    );
    let pdf = pdf_text(&site, "r.pdf");
    assert!(pdf.contains(&squash(heading)) && pdf.contains(&squash("i tråd med planen")));
    // Word.
    ok(
        &site,
        &[
            &args("docx").iter().map(String::as_str).collect::<Vec<_>>()[..],
            &["-o", "r.docx"],
        ]
        .concat(),
    );
    let (paragraphs, _) = docx_parts(&site, "r.docx");
    let h = paragraphs
        .iter()
        .position(|p| p == heading)
        .expect("docx heading");
    assert_eq!(paragraphs[h + 1], assessment);
    // With it, no warning; a plan without it has no such part, and the
    // report warns (MRP211) but is written.
    assert!(!run_args("md").stderr.contains("MRP211"));
    let fps = "content/planer/2024/fps.md";
    site.write(fps, &without_assessment(&site.read(fps)));
    let run = ok(&site, &["report", "--år", "2024", "--styrelse", "fps"]);
    assert!(!run.stdout.contains(heading));
    assert!(
        run.stderr.contains(
            "advarsel[MRP211]: Målrapporteringen for 2024 har ingen samlet vurdering fra ledelsen."
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/planer/2024/fps.md:2:1"));
    // `check` and `build` do not ask for it: a plan is published long
    // before its year is over.
    let check = site.run(&["check"]);
    assert!(!check.stdout.contains("MRP211") && !check.stderr.contains("MRP211"));
    // The open data has it as written.
    assert_eq!(
        open_data_plan(&site, 2024, "fes")["samlet_vurdering"],
        assessment
    );
    assert!(open_data_plan(&site, 2024, "fps")["samlet_vurdering"].is_null());
}

#[test]
fn the_whole_report_has_contents_and_a_page_per_agency() {
    let site = TestSite::new("default");
    ok(
        &site,
        &[
            "report",
            "--år",
            "2024",
            "--format",
            "docx",
            "-o",
            "alle.docx",
        ],
    );
    let xml = docx_part(&site, "alle.docx", "word/document.xml");
    assert!(xml.contains(r#"<w:instrText>TOC \o &quot;1-2&quot; \h</w:instrText>"#));
    let settings = docx_part(&site, "alle.docx", "word/settings.xml");
    assert!(settings.contains(r#"<w:updateFields w:val="true" />"#));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    // Each agency's heading starts a page, and the contents links it.
    let breaks: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "pageBreakBefore")))
        .map(|n| {
            n.ancestors()
                .find(|p| p.has_tag_name((W, "p")))
                .unwrap()
                .descendants()
                .filter(|t| t.has_tag_name((W, "t")))
                .filter_map(|t| t.text())
                .collect()
        })
        .collect();
    let r = json_report(&site, &["--år", "2024"]);
    let want: Vec<String> = r
        .sections
        .iter()
        .map(|s| format!("Målrapportering 2024 – {}", s.agency.name))
        .collect();
    assert_eq!(breaks, want);
    for s in &r.sections {
        let mark = format!("_Toc_resultater_2024_{}", s.agency.slug);
        assert!(xml.contains(&format!("w:anchor=\"{mark}\"")), "{mark}");
        assert!(xml.contains(&format!("w:name=\"{mark}\"")), "{mark}");
    }
    // HTML links the same parts; Markdown lists them.
    let html = ok(&site, &["report", "--år", "2024", "--format", "html"]).stdout;
    for s in &r.sections {
        assert!(html.contains(&format!(
            "<li><a href=\"#resultater-2024-{}\">Målrapportering 2024 – {}</a></li>",
            s.agency.slug, s.agency.name
        )));
    }
    let md = ok(&site, &["report", "--år", "2024"]).stdout;
    assert!(md.contains(&format!("**Indhold**\n\n- Oversigt\n- {}\n", want[0])));
    // The PDF template gets a page break before each agency.
    let typ = ok(&site, &["report", "--år", "2024", "--format", "typ"]).stdout;
    assert_eq!(
        typ.matches("\\\"t\\\":\\\"page_break\\\"").count(),
        want.len()
    );
}

#[test]
fn the_year_page_links_the_whole_report_as_pdf_and_word() {
    let site = TestSite::built_default();
    let page = site.read("output/resultater/2025/index.html");
    let doc = scraper::Html::parse_document(&page);
    let a = scraper::Selector::parse("a").unwrap();
    let links: Vec<(String, String)> = doc
        .select(&a)
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap_or("").to_string(),
            )
        })
        .collect();
    let find = |text: &str| -> String {
        links
            .iter()
            .find(|(t, _)| t == text)
            .unwrap_or_else(|| panic!("no link '{text}': {links:?}"))
            .1
            .clone()
    };
    assert_eq!(
        find("Hele målrapporteringen 2025 som pdf"),
        "../../resultater/2025/maalrapportering-2025.pdf"
    );
    assert_eq!(
        find("Hele målrapporteringen 2025 som Word-fil"),
        "../../resultater/2025/maalrapportering-2025.docx"
    );
    let pdf = pdf_text(site, "output/resultater/2025/maalrapportering-2025.pdf");
    assert!(pdf.contains(&squash("Målrapportering 2025 – Forsvarsministeriet")));
    let (paragraphs, rows) = docx_parts(site, "output/resultater/2025/maalrapportering-2025.docx");
    assert!(
        paragraphs
            .iter()
            .any(|p| p == "Målrapportering 2025 – Forsvarsministeriet")
    );
    assert_eq!(rows[0][0], "Styrelse");
    // Each year's is the file `report` writes, byte for byte, though the
    // build made them one after the other in the same process.
    let dir = tempfile::tempdir().unwrap();
    for year in ["2024", "2025"] {
        let alone = dir.path().join(format!("{year}.docx"));
        let alone_arg = alone.to_str().unwrap();
        ok(
            site,
            &["report", "--år", year, "--format", "docx", "-o", alone_arg],
        );
        let built = format!("output/resultater/{year}/maalrapportering-{year}.docx");
        assert!(
            std::fs::read(&alone).unwrap() == std::fs::read(site.path(&built)).unwrap(),
            "{built} differs from report's"
        );
    }
}

#[test]
fn the_whole_report_on_the_site_leaves_out_drafts_and_pdfs_when_asked() {
    let site = TestSite::new("default");
    let path = "content/planer/2024/fes.md";
    site.write(
        path,
        &site
            .read(path)
            .replacen("status: godkendt", "status: udkast", 1),
    );
    // --no-pdf, the quick look at the pages, makes neither the PDF nor the
    // Word file of the whole year, and links neither.
    ok(&site, &["build", "--no-pdf", "--drafts"]);
    let page = site.read("output-udkast/resultater/2024/index.html");
    assert!(
        !page.contains("som Word-fil"),
        "--no-pdf: no Word file to link"
    );
    assert!(!page.contains("som pdf"), "--no-pdf: no PDF to link");
    for ext in ["pdf", "docx"] {
        let path = format!("output-udkast/resultater/2024/maalrapportering-2024.{ext}");
        assert!(!site.path(&path).exists(), "{path}");
    }
    ok(&site, &["build", "--drafts"]);
    let page = site.read("output-udkast/resultater/2024/index.html");
    assert!(page.contains("Hele målrapporteringen 2024 som Word-fil"));
    let (paragraphs, _) = docx_parts(
        &site,
        "output-udkast/resultater/2024/maalrapportering-2024.docx",
    );
    assert!(
        paragraphs
            .iter()
            .any(|p| p.contains("Forsvarsministeriets Materiel- og Indkøbsstyrelse"))
    );
    assert!(
        !paragraphs.iter().any(|p| p.contains("Ejendomsstyrelse")),
        "the draft is not in the whole report"
    );
}

#[test]
fn an_overview_without_weights_has_no_column_of_dashes() {
    let site = TestSite::new("default");
    for slug in ["fe", "fes", "fko", "fmi", "fps", "frs", "hjk"] {
        let path = format!("content/planer/2024/{slug}.md");
        let text: String = site
            .read(&path)
            .lines()
            .filter(|l| !l.starts_with("    vægt: "))
            .map(|l| format!("{l}\n"))
            .collect();
        site.write(&path, &text);
    }
    let md = ok(&site, &["report", "--år", "2024"]).stdout;
    let overview = &markdown_tables(&md)[0];
    assert_eq!(
        overview[0],
        [
            "Styrelse",
            "Mål",
            "Opfyldt",
            "Delvist opfyldt",
            "Ikke opfyldt"
        ]
    );
    assert_eq!(overview.last().unwrap()[0], "I alt");
    assert!(!md.contains("Vægtet") && !md.contains("– i "), "{md}");
    ok(
        &site,
        &[
            "report",
            "--år",
            "2024",
            "--format",
            "docx",
            "-o",
            "alle.docx",
        ],
    );
    let (_, rows) = docx_parts(&site, "alle.docx");
    assert!(
        rows.iter()
            .all(|r| r.len() == 5 && !r.contains(&"–".to_string()))
    );
}
