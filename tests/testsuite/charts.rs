//! Progress at a glance: the charts (results per agency, an agency's share
//! met across years, a goal's quarters), their tables, the status views and
//! the chart in the report PDF. Every expected number is counted here from
//! the open data's own goals (`mål[].resultat.status`, `mål[].opfølgning`),
//! not from what the charts were drawn from.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::{TestSite, texts_of};

fn open_data(site: &TestSite) -> Value {
    serde_json::from_str(&site.read("output/data/planer.json")).expect("planer.json")
}

/// A status key as the pages write it.
fn word(key: &str) -> &'static str {
    match key {
        "opfyldt" => "Opfyldt",
        "delvist_opfyldt" => "Delvist opfyldt",
        "ikke_opfyldt" => "Ikke opfyldt",
        "på_sporet" => "På sporet",
        "risiko" => "Risiko",
        "forsinket" => "Forsinket",
        other => panic!("unknown status {other}"),
    }
}

/// The plans of `year` with every goal's result, as (agency name, counts of
/// opfyldt / delvist_opfyldt / ikke_opfyldt).
fn results_of(data: &Value, year: i64) -> BTreeMap<String, [i64; 3]> {
    let mut out = BTreeMap::new();
    for plan in data["planer"].as_array().expect("planer") {
        let goals = plan["mål"].as_array().expect("mål");
        if plan["år"] != year || goals.iter().any(|g| g["resultat"].is_null()) {
            continue;
        }
        let mut counts = [0; 3];
        for g in goals {
            let i = ["opfyldt", "delvist_opfyldt", "ikke_opfyldt"]
                .iter()
                .position(|k| g["resultat"]["status"] == *k)
                .expect("a result status");
            counts[i] += 1;
        }
        out.insert(
            plan["styrelse_navn"].as_str().expect("name").to_string(),
            counts,
        );
    }
    out
}

/// The SVG of the figure `id` on a page, parsed after checking that it is
/// an image named by its own title and description.
fn chart_svg(html: &str, id: &str) -> String {
    let figure = html
        .find(&format!(
            "<figure class=\"chart\" id=\"{id}\" data-pagefind-ignore>"
        ))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let start = figure + html[figure..].find("<svg").expect("svg");
    let end = start + html[start..].find("</svg>").expect("</svg>") + "</svg>".len();
    let svg = html[start..end].to_string();
    let doc = roxmltree::Document::parse(&svg).expect("the chart is well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"), "{id}");
    let labelled: Vec<&str> = root
        .attribute("aria-labelledby")
        .expect("aria-labelledby")
        .split(' ')
        .collect();
    let by_id = |want: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(want))
            .unwrap_or_else(|| panic!("{id}: nothing has the id {want}"))
    };
    let (title, desc) = (by_id(labelled[0]), by_id(labelled[1]));
    assert!(
        title.has_tag_name("title") && desc.has_tag_name("desc"),
        "{id}"
    );
    assert!(
        !title.text().unwrap_or("").trim().is_empty(),
        "{id}: empty title"
    );
    assert!(
        desc.text().unwrap_or("").ends_with('.'),
        "{id}: desc is a sentence"
    );
    assert!(root.attribute("viewBox").is_some(), "{id}: no viewBox");
    // Never colour alone: each status drawn has its pattern or shape.
    svg
}

/// The rows of the figure's "Vis tallene som tabel" table, cells as text.
fn chart_table(html: &str, id: &str) -> Vec<Vec<String>> {
    let doc = scraper::Html::parse_document(html);
    let figure = scraper::Selector::parse(&format!("figure#{id}")).expect("selector");
    let details = scraper::Selector::parse("details > summary").expect("selector");
    let row = scraper::Selector::parse("details table tbody tr").expect("selector");
    let cell = scraper::Selector::parse("th, td").expect("selector");
    let fig = doc.select(&figure).next().expect("figure");
    assert_eq!(
        fig.select(&details)
            .next()
            .map(|s| s.text().collect::<String>()),
        Some("Vis tallene som tabel".to_string())
    );
    fig.select(&row)
        .map(|r| {
            r.select(&cell)
                .map(|c| c.text().collect::<String>().trim().to_string())
                .collect()
        })
        .collect()
}

/// Each bar of a stacked chart: its label and its count per status.
fn stacked_bars(svg: &str) -> Vec<(String, [i64; 3])> {
    let doc = roxmltree::Document::parse(svg).expect("svg");
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("bar"))
        .map(|bar| {
            let mut counts = [0; 3];
            for seg in bar.descendants().filter(|n| n.has_tag_name("rect")) {
                let i = ["opfyldt", "delvist_opfyldt", "ikke_opfyldt"]
                    .iter()
                    .position(|k| seg.attribute("data-status") == Some(k))
                    .expect("a status");
                counts[i] = seg
                    .attribute("data-count")
                    .expect("count")
                    .parse()
                    .expect("n");
                // The segment's fill is its status's pattern, not a bare colour.
                let pattern = seg.attribute("fill").expect("fill");
                assert!(pattern.starts_with("url(#"), "{pattern}");
            }
            // The direct label under the bar says every count in words.
            let words: String = bar
                .descendants()
                .filter(|n| n.attribute("class") == Some("counts"))
                .filter_map(|n| n.text())
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(
                words,
                format!(
                    "{} opfyldt · {} delvist opfyldt · {} ikke opfyldt",
                    counts[0], counts[1], counts[2]
                )
            );
            let label = bar
                .descendants()
                .filter(|n| n.attribute("class") == Some("label"))
                .filter_map(|n| n.text())
                .collect::<Vec<_>>()
                .join(" ");
            (label, counts)
        })
        .collect()
}

#[test]
fn the_results_chart_counts_each_agencys_results_in_danish_order() {
    let site = TestSite::built_default();
    let data = open_data(site);
    for year in [2024, 2025] {
        let html = site.read(&format!("output/resultater/{year}/index.html"));
        let id = format!("resultater-{year}");
        let svg = chart_svg(&html, &id);
        let bars = stacked_bars(&svg);
        let expected = results_of(&data, year);
        assert_eq!(bars.len(), expected.len(), "{year}: one bar per agency");
        for (label, counts) in &bars {
            assert_eq!(expected.get(label), Some(counts), "{year}: {label}");
        }
        let order: Vec<&String> = bars.iter().map(|(l, _)| l).collect();
        let mut sorted = order.clone();
        sorted.sort_by_cached_key(|n| mrplan::danish::sort_key(n));
        assert_eq!(order, sorted, "{year}: agencies in Danish order");
        // The headline and the description state the totals.
        let total: [i64; 3] = expected
            .values()
            .fold([0; 3], |a, c| [a[0] + c[0], a[1] + c[1], a[2] + c[2]]);
        let all: i64 = total.iter().sum();
        let doc = roxmltree::Document::parse(&svg).expect("svg");
        let text_of = |tag: &str| {
            doc.descendants()
                .find(|n| n.has_tag_name(tag))
                .and_then(|n| n.text())
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(
            text_of("title"),
            format!("Styrelserne opfyldte {} af {all} mål i {year}", total[0])
        );
        assert!(
            text_of("desc").contains(&format!(
                "i alt {} mål opfyldt, {} delvist opfyldt og {} ikke opfyldt",
                total[0], total[1], total[2]
            )),
            "{}",
            text_of("desc")
        );
        // The table alternative has the chart's numbers, and the totals.
        let table = chart_table(&html, &id);
        for ((label, counts), row) in bars.iter().zip(&table) {
            let sum: i64 = counts.iter().sum();
            let want = [
                label.clone(),
                counts[0].to_string(),
                counts[1].to_string(),
                counts[2].to_string(),
                sum.to_string(),
            ];
            assert_eq!(row, &want);
        }
        assert_eq!(
            table.last().expect("totals"),
            &[
                "I alt".to_string(),
                total[0].to_string(),
                total[1].to_string(),
                total[2].to_string(),
                all.to_string()
            ]
        );
        // The open data carries the same counts per agency and year.
        for plan in data["planer"].as_array().expect("planer") {
            if plan["år"] != year {
                continue;
            }
            let name = plan["styrelse_navn"].as_str().expect("name");
            if let Some(c) = expected.get(name) {
                let n = &plan["resultat_antal"];
                assert_eq!(
                    [&n["opfyldt"], &n["delvist_opfyldt"], &n["ikke_opfyldt"]],
                    [c[0], c[1], c[2]].map(Value::from).each_ref(),
                    "{year} {name}"
                );
            }
        }
    }
}

#[test]
fn each_agency_page_shows_its_share_met_per_year() {
    let site = TestSite::built_default();
    let data = open_data(site);
    for slug in ["fmi", "hjk", "fes"] {
        let html = site.read(&format!("output/styrelser/{slug}/index.html"));
        let id = format!("andel-{slug}");
        let svg = chart_svg(&html, &id);
        let doc = roxmltree::Document::parse(&svg).expect("svg");
        let drawn: Vec<(String, String)> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("bar"))
            .map(|bar| {
                let text = |class: &str| {
                    bar.descendants()
                        .find(|n| n.attribute("class") == Some(class))
                        .and_then(|n| n.text())
                        .unwrap_or_default()
                        .to_string()
                };
                (text("label"), text("value"))
            })
            .collect();
        // Counted here: every year whose plan has all its results.
        let mut expected = Vec::new();
        let mut rows = Vec::new();
        for plan in data["planer"].as_array().expect("planer") {
            let goals = plan["mål"].as_array().expect("mål");
            if plan["styrelse"] != slug || goals.iter().any(|g| g["resultat"].is_null()) {
                continue;
            }
            let met = goals
                .iter()
                .filter(|g| g["resultat"]["status"] == "opfyldt")
                .count();
            let pct = (met * 200 + goals.len()) / (goals.len() * 2);
            let year = plan["år"].to_string();
            expected.push((year.clone(), format!("{pct} pct.")));
            rows.push(vec![
                year,
                met.to_string(),
                goals.len().to_string(),
                format!("{pct} pct."),
            ]);
        }
        expected.sort();
        rows.sort();
        assert!(!expected.is_empty(), "{slug} has years with results");
        assert_eq!(drawn, expected, "{slug}");
        assert_eq!(chart_table(&html, &id), rows, "{slug}: table = chart");
    }
}

/// The goals of a plan in the open data, in the plan's order, each with its
/// status words by quarter; a plan in progress has a follow-up on every goal.
fn follow_ups(data: &Value, year: i64, slug: &str) -> Vec<(String, [Option<String>; 4])> {
    let plan = data["planer"]
        .as_array()
        .expect("planer")
        .iter()
        .find(|p| p["år"] == year && p["styrelse"] == slug)
        .expect("plan");
    let mut out = Vec::new();
    for g in plan["mål"].as_array().expect("mål") {
        let mut quarters: [Option<String>; 4] = Default::default();
        for f in g["opfølgning"].as_array().expect("opfølgning") {
            let q = ["Q1", "Q2", "Q3", "Q4"]
                .iter()
                .position(|q| f["kvartal"] == *q)
                .expect("quarter");
            quarters[q] = Some(word(f["status"].as_str().expect("status")).to_string());
        }
        assert!(
            quarters.iter().any(Option::is_some),
            "every goal followed up"
        );
        out.push((g["nr"].as_str().expect("nr").to_string(), quarters));
    }
    out
}

/// "Risiko 3. kvartal": the latest status and its quarter.
fn latest(quarters: &[Option<String>; 4]) -> String {
    let (i, status) = quarters
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, s)| Some((i, s.as_ref()?)))
        .expect("a follow-up");
    format!("{status} {}. kvartal", i + 1)
}

#[test]
fn a_plan_in_progress_shows_each_goals_quarters_and_latest_status() {
    let site = TestSite::built_default();
    let data = open_data(site);
    let expected = follow_ups(&data, 2026, "fmi");
    assert!(!expected.is_empty());
    let html = site.read("output/planer/2026/fmi/index.html");
    for (nr, quarters) in &expected {
        let id = format!("maal-{nr}-kvartaler");
        let svg = chart_svg(&html, &id);
        let doc = roxmltree::Document::parse(&svg).expect("svg");
        let drawn: Vec<(String, String)> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("quarter"))
            .map(|q| {
                let text = |class: &str| {
                    q.descendants()
                        .find(|n| n.attribute("class") == Some(class))
                        .and_then(|n| n.text())
                        .unwrap_or_default()
                        .to_string()
                };
                (text("label"), text("value"))
            })
            .collect();
        let want: Vec<(String, String)> = quarters
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    format!("{}. kvartal", i + 1),
                    s.clone().unwrap_or("Ingen status".into()),
                )
            })
            .collect();
        assert_eq!(drawn, want, "goal {nr}");
        let table: Vec<(String, String)> = chart_table(&html, &id)
            .into_iter()
            .map(|r| (r[0].clone(), r[1].clone()))
            .collect();
        assert_eq!(table, want, "goal {nr}: table = chart");
    }
    // The goals overview: a "Seneste status" column with word and quarter.
    let heads = texts_of(&html, "table.goals thead th");
    assert_eq!(heads.last().map(String::as_str), Some("Seneste status"));
    let cells = texts_of(&html, "table.goals tbody td[data-label=\"Seneste status\"]");
    let want: Vec<String> = expected.iter().map(|(_, q)| latest(q)).collect();
    assert_eq!(cells, want);
    // The open data names the same latest follow-up.
    let plan = data["planer"]
        .as_array()
        .expect("planer")
        .iter()
        .find(|p| p["år"] == 2026 && p["styrelse"] == "fmi")
        .expect("plan");
    let from_json: Vec<String> = plan["mål"]
        .as_array()
        .expect("mål")
        .iter()
        .map(|g| {
            let f = &g["seneste_opfølgning"];
            let q = f["kvartal"].as_str().expect("kvartal");
            format!(
                "{} {}. kvartal",
                word(f["status"].as_str().expect("s")),
                &q[1..]
            )
        })
        .collect();
    assert_eq!(from_json, want);
    // A year with results shows its results, not a latest-status column.
    let old = site.read("output/planer/2024/fmi/index.html");
    assert!(!texts_of(&old, "table.goals thead th").contains(&"Seneste status".to_string()));
}

#[test]
fn the_status_page_is_a_matrix_of_agencies_goals_and_quarters_in_words() {
    let site = TestSite::built_default();
    let data = open_data(site);
    let html = site.read("output/status/2026/index.html");
    // Only published plans: the draft (frs 2026) is in neither the open
    // data nor the matrix.
    let published: Vec<&str> = data["planer"]
        .as_array()
        .expect("planer")
        .iter()
        .filter(|p| p["år"] == 2026)
        .map(|p| p["styrelse"].as_str().expect("slug"))
        .collect();
    assert!(!published.contains(&"frs"));
    let doc = scraper::Html::parse_document(&html);
    let sections = scraper::Selector::parse("section.status-agency").expect("sel");
    let ids: Vec<String> = doc
        .select(&sections)
        .filter_map(|s| s.value().attr("aria-labelledby"))
        .map(|id| id.trim_start_matches("status-").to_string())
        .collect();
    let mut want_ids: Vec<String> = published.iter().map(|s| s.to_string()).collect();
    want_ids.sort();
    let mut got_ids = ids.clone();
    got_ids.sort();
    assert_eq!(got_ids, want_ids);
    for slug in ["fmi", "hjk"] {
        let expected = follow_ups(&data, 2026, slug);
        let row = scraper::Selector::parse(&format!(
            "section[aria-labelledby=\"status-{slug}\"] table.status-matrix tbody tr"
        ))
        .expect("sel");
        let cell = scraper::Selector::parse("td").expect("sel");
        let rows: Vec<Vec<String>> = doc
            .select(&row)
            .map(|r| {
                r.select(&cell)
                    .map(|c| {
                        c.text()
                            .collect::<String>()
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect()
            })
            .collect();
        let want: Vec<Vec<String>> = expected
            .iter()
            .map(|(_, q)| {
                let mut r: Vec<String> = q
                    .iter()
                    .map(|s| s.clone().unwrap_or("–Ikke fulgt op".into()))
                    .collect();
                r.push(latest(q));
                r
            })
            .collect();
        assert_eq!(rows, want, "{slug}");
    }
    // Linked from the front page's year and from the results page of a year with both.
    let front = site.read("output/index.html");
    assert!(front.contains("href=\"status/2026/index.html\""));
    // A reported year has no status page: its results pages give the quarters.
    let results = site.read("output/resultater/2024/index.html");
    assert!(!results.contains("status/2024"));
    assert!(!site.path("output/status/2024").exists());
}

#[test]
fn the_report_pdf_draws_the_results_chart_with_its_alt_text() {
    let site = TestSite::built_default();
    let data = open_data(site);
    let path = site.path("output/resultater/2025/maalrapportering-2025.pdf");
    let doc = lopdf::Document::load(&path).expect("pdf");
    // The alt texts of the structure tree's figures.
    let alts: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(lopdf::Object::as_name).ok() == Some(b"Figure"))
        .filter_map(|d| d.get(b"Alt").ok())
        .filter_map(|a| lopdf::decode_text_string(a).ok())
        .collect();
    // Still PDF/A-2a and PDF/UA-1 (Typst refuses to write either otherwise).
    let xml = crate::pdf::xmp(&doc);
    let xmp = roxmltree::Document::parse(&xml).expect("XMP");
    let value = |ns: &str, name: &str| {
        xmp.descendants().find_map(|n| {
            if n.tag_name().name() == name && n.tag_name().namespace() == Some(ns) {
                return n.text().map(str::to_string);
            }
            n.attributes()
                .find(|a| a.name() == name && a.namespace() == Some(ns))
                .map(|a| a.value().to_string())
        })
    };
    assert_eq!(
        value("http://www.aiim.org/pdfa/ns/id/", "part").as_deref(),
        Some("2")
    );
    assert_eq!(
        value("http://www.aiim.org/pdfua/ns/id/", "part").as_deref(),
        Some("1")
    );
    let html = site.read("output/resultater/2025/index.html");
    let desc = texts_of(&html, "figure#resultater-2025 desc");
    assert_eq!(desc.len(), 1);
    assert!(
        alts.contains(&desc[0]),
        "the PDF's figure has the website's description as alt text: {alts:?}"
    );
    // The bars' direct labels: every agency's counts in words.
    let pdftotext = || std::process::Command::new("pdftotext");
    if !crate::ready(
        "pdf-diagrammets tekst",
        &[("pdftotext", pdftotext().arg("-v").output().is_ok())],
    ) {
        return;
    }
    let out = pdftotext().arg(&path).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout);
    for (name, c) in results_of(&data, 2025) {
        let words = format!(
            "{} opfyldt · {} delvist opfyldt · {} ikke opfyldt",
            c[0], c[1], c[2]
        );
        assert!(text.contains(&words), "{name}: {words}");
    }
}
