//! Issue 20 (b): a plan's changes during the year (`ændringer`), agencies
//! that change name (`tidligere_navne`) and the appropriations table
//! (`hovedkonti`): on the plan's page and PDF, in the report, in the open
//! data, and the exact diagnostics of their rules (MRP134-MRP137).

use std::io::Read;

use scraper::{Html, Selector};

use crate::check::{broken, shown};
use crate::pdf::squash;
use crate::{Run, TestSite, texts_of};

const PLAN: &str = "content/planer/2025/abc.md";
const AGENCY: &str = "content/styrelser/abc.md";
/// The end of the minimal plan's front matter: new keys go before it.
const SIGNED: &str = "  styrelsesdirektør: Ole Bech\n";

/// The default FMI 2025 plan's one change.
const CHANGE_DATE: &str = "24. juni 2025";
const CHANGE_TEXT: &str = "På kvartalsmødet i juni aftalte departementet og styrelsen at tilføje et delmål om at rekruttere fire udbudsjurister inden 30. september, fordi antallet af udbud er steget med en tredjedel. Succeskriteriet på højst 170 dage er uændret.";

fn ok(site: &TestSite, args: &[&str]) -> Run {
    let run = site.run(args);
    assert_eq!(run.code, 0, "{}", shown(&run));
    run
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).expect("selector"))
        .collect()
}

fn text(e: &scraper::ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// ---- ændringer -------------------------------------------------------------

#[test]
fn a_changed_plan_says_revised_and_lists_its_changes_on_its_page_and_in_its_pdf() {
    let site = TestSite::built_default();
    let doc = Html::parse_document(&site.read("output/planer/2025/fmi/index.html"));
    let revised: Vec<String> = select(&doc, "header .revised").iter().map(text).collect();
    assert_eq!(revised, [format!("Revideret {CHANGE_DATE}")]);
    let items: Vec<String> = select(&doc, "#aendringer ~ ul.changes li, section ul.changes li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(items, [format!("{CHANGE_DATE} (mål 2): {CHANGE_TEXT}")]);
    // The goal is a link to its own part of the page.
    let links: Vec<&str> = select(&doc, "ul.changes li a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["#maal-2"]);
    assert_eq!(select(&doc, "article.goal#maal-2").len(), 1);

    // A plan without changes says nothing of them.
    let other = Html::parse_document(&site.read("output/planer/2025/fe/index.html"));
    assert!(select(&other, ".revised, #aendringer").is_empty());

    let pdf = crate::pdf::text(site, "output/planer/2025/fmi.pdf");
    for want in [
        format!("Revideret {CHANGE_DATE}"),
        "Ændringer i årets løb".to_string(),
        format!("{CHANGE_DATE} (mål 2): {CHANGE_TEXT}"),
    ] {
        assert!(pdf.contains(&squash(&want)), "{want} not in the PDF");
    }
    assert!(!crate::pdf::text(site, "output/planer/2025/fe.pdf").contains("Revideret"));
}

/// The paragraphs and each table's rows (cells' text) of a Word file.
fn docx(site: &TestSite, rel: &str) -> (Vec<String>, Vec<Vec<Vec<String>>>) {
    let file = std::fs::File::open(site.path(rel)).expect("docx");
    let mut zip = zip::ZipArchive::new(file).expect("docx is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("read");
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
    let tables = doc
        .descendants()
        .filter(|n| n.has_tag_name((w, "tbl")))
        .map(|t| {
            t.children()
                .filter(|r| r.has_tag_name((w, "tr")))
                .map(|r| {
                    r.children()
                        .filter(|c| c.has_tag_name((w, "tc")))
                        .map(text)
                        .collect()
                })
                .collect()
        })
        .collect();
    (paragraphs, tables)
}

#[test]
fn the_report_has_the_changes_during_the_year_in_every_format() {
    let site = TestSite::new("default");
    let report = |format: &str| {
        let out = format!("fmi-2025.{format}");
        ok(
            &site,
            &[
                "report",
                "--år",
                "2025",
                "--styrelse",
                "fmi",
                "--format",
                format,
                "-o",
                &out,
            ],
        );
        out
    };
    let row = ["24. juni 2025", "Mål 2", CHANGE_TEXT].map(String::from);

    // Markdown: the heading, then a table with the change.
    let md = site.read(&report("md"));
    let lines: Vec<&str> = md.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start_matches('#').trim() == "Væsentlige ændringer i årets løb")
        .expect("the changes heading");
    assert!(lines[at].starts_with("##"), "{}", lines[at]);
    let rows: Vec<Vec<String>> = lines[at + 1..]
        .iter()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect();
    assert_eq!(rows[0], ["Dato", "Mål", "Ændring"]);
    assert_eq!(rows[2..], [row.to_vec()]);
    // After part 2 (the analyses), as the guidance reads.
    let part2 = lines
        .iter()
        .position(|l| l.contains("Målrapporteringens 2. del"))
        .expect("part 2");
    assert!(part2 < at);

    // Word: the heading and a table with the same row.
    let (paragraphs, tables) = docx(&site, &report("docx"));
    assert!(
        paragraphs
            .iter()
            .any(|p| p == "Væsentlige ændringer i årets løb"),
        "{paragraphs:?}"
    );
    let changes = tables
        .iter()
        .find(|t| t.first().is_some_and(|h| h == &["Dato", "Mål", "Ændring"]))
        .expect("the changes table");
    assert_eq!(changes[1..], [row.to_vec()]);

    // JSON: the section's changes, as docs/format.md gives them.
    let json: serde_json::Value = serde_json::from_str(&site.read(&report("json"))).expect("json");
    let changes = &json["sections"][0]["changes"];
    assert_eq!(
        changes,
        &serde_json::json!([{
            "date": "24. juni 2025", "goal": "2", "goal_anchor": "maal-2", "text": CHANGE_TEXT,
        }])
    );

    // A plan without changes has no such part.
    ok(
        &site,
        &[
            "report",
            "--år",
            "2025",
            "--styrelse",
            "fe",
            "--format",
            "md",
            "-o",
            "fe.md",
        ],
    );
    assert!(!site.read("fe.md").contains("Væsentlige ændringer"));
}

#[test]
fn the_report_pdf_has_the_changes() {
    let site = TestSite::new("default");
    ok(
        &site,
        &[
            "report",
            "--år",
            "2025",
            "--styrelse",
            "fmi",
            "--format",
            "pdf",
            "-o",
            "r.pdf",
        ],
    );
    let pdf = crate::pdf::text(&site, "r.pdf");
    for want in [
        "Væsentlige ændringer i årets løb",
        "24. juni 2025",
        "Mål 2",
        CHANGE_TEXT,
    ] {
        assert!(pdf.contains(&squash(want)), "{want} not in the PDF");
    }
}

// ---- tidligere_navne ------------------------------------------------------------

const FKO: &str = "content/styrelser/fko.md";
const OLD: &str = "Værnsfælles Forsvarskommando";
const NEW: &str = "Forsvarskommandoen";

#[test]
fn an_old_plan_carries_the_name_the_agency_had_at_the_end_of_its_year() {
    let site = TestSite::new("default");
    // As if the rename were at the end of 2024: the 2024 plan has the old
    // name, the 2025 plan the new one.
    site.edit(FKO, "til: 2018-12-31", "til: 2024-12-31");
    ok(&site, &["build"]);
    let page = |year: i32| {
        Html::parse_document(&site.read(&format!("output/planer/{year}/fko/index.html")))
    };
    let old = page(2024);
    // The plan's own title is the author's; every other mention is the name.
    assert!(
        select(&old, ".signer-role")
            .iter()
            .map(text)
            .any(|t| t == OLD),
        "the påtegning names the agency as it was named"
    );
    assert_eq!(
        select(&old, ".kicker a")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        [OLD]
    );
    let new = page(2025);
    assert_eq!(
        select(&new, ".kicker a")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        [NEW]
    );
    let pdf = crate::pdf::text(&site, "output/planer/2024/fko.pdf");
    assert!(pdf.contains(&squash(&format!(
        "Aftalt mellem departementet og {OLD} for 2024."
    ))));
    assert!(!crate::pdf::text(&site, "output/planer/2025/fko.pdf").contains(&squash(OLD)));

    // The open data name each plan as it was named.
    let json: serde_json::Value =
        serde_json::from_str(&site.read("output/data/planer.json")).expect("json");
    let name = |year: i64| {
        json["planer"]
            .as_array()
            .expect("planer")
            .iter()
            .find(|p| p["år"] == year && p["styrelse"] == "fko")
            .map(|p| p["styrelse_navn"].clone())
    };
    assert_eq!(name(2024), Some(serde_json::json!(OLD)));
    assert_eq!(name(2025), Some(serde_json::json!(NEW)));

    // The agency's own page has its name today and the history.
    let agency = Html::parse_document(&site.read("output/styrelser/fko/index.html"));
    assert_eq!(
        texts_of(&site.read("output/styrelser/fko/index.html"), "h1"),
        [format!("{NEW} (FKO)")]
    );
    assert_eq!(
        select(&agency, "#tidligere-navne + ul li")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        [format!("{OLD} (VFK), til 31. december 2024")]
    );
}

#[test]
fn a_name_used_until_during_the_year_is_not_the_years_name() {
    let site = TestSite::new("default");
    site.edit(FKO, "til: 2018-12-31", "til: 2024-12-30");
    ok(&site, &["build", "--no-pdf"]);
    assert_eq!(
        texts_of(&site.read("output/planer/2024/fko/index.html"), ".kicker a"),
        [NEW]
    );
}

// ---- hovedkonti ------------------------------------------------------------------

#[test]
fn the_appropriations_are_a_table_with_a_total_on_the_page_in_the_pdf_and_in_the_open_data() {
    let site = TestSite::built_default();
    let doc = Html::parse_document(&site.read("output/planer/2024/fps/index.html"));
    let rows: Vec<Vec<String>> = select(&doc, "table.appropriations tr")
        .iter()
        .map(|tr| select_in(tr, "th, td"))
        .collect();
    assert_eq!(
        rows,
        [
            vec!["Hovedkonto", "Navn", "Mio. kr."],
            vec![
                "§ 12.13.01",
                "Forsvarsministeriets Personalestyrelse",
                "1.045,3"
            ],
            vec!["§ 12.13.02", "Veterancentret", "108,6"],
            vec!["§ 12.13.03", "Erstatninger til tidligere udsendte", "41,2"],
            vec!["I alt", "1.195,1"],
        ]
    );
    // The amounts stand to the right; the total in the table's foot.
    let amounts = select(&doc, "table.appropriations td.num");
    assert_eq!(amounts.len(), 4);
    assert_eq!(
        select(&doc, "table.appropriations tfoot td.num")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        ["1.195,1"]
    );
    // Before the introduction.
    let html = site.read("output/planer/2024/fps/index.html");
    assert!(html.find("id=\"hovedkonti\"") < html.find("class=\"prose\""));

    let pdf = crate::pdf::text(site, "output/planer/2024/fps.pdf");
    for want in [
        "Bevillinger på finansloven",
        "HovedkontoNavnMio. kr.",
        "§ 12.13.01Forsvarsministeriets Personalestyrelse1.045,3",
        "I alt1.195,1",
    ] {
        assert!(pdf.contains(&squash(want)), "{want} not in the PDF");
    }
    assert!(!crate::pdf::text(site, "output/planer/2025/fps.pdf").contains(&squash("Mio. kr.")));

    let json: serde_json::Value =
        serde_json::from_str(&site.read("output/data/planer.json")).expect("json");
    let fps = json["planer"]
        .as_array()
        .expect("planer")
        .iter()
        .find(|p| p["år"] == 2024 && p["styrelse"] == "fps")
        .expect("fps 2024");
    assert_eq!(fps["hovedkonti"][0]["paragraf"], "§ 12.13.01");
    assert_eq!(fps["hovedkonti"][0]["mio_kr"], 1045.3);
    assert_eq!(fps["hovedkonti"][2]["mio_kr"], 41.2);
    let fmi = json["planer"]
        .as_array()
        .expect("planer")
        .iter()
        .find(|p| p["år"] == 2025 && p["styrelse"] == "fmi")
        .expect("fmi 2025");
    assert_eq!(fmi["ændringer"][0]["dato"], "2025-06-24");
    assert_eq!(fmi["ændringer"][0]["mål"], "2");
}

fn select_in(e: &scraper::ElementRef, css: &str) -> Vec<String> {
    e.select(&Selector::parse(css).expect("selector"))
        .map(|c| text(&c))
        .collect()
}

// ---- The rules ------------------------------------------------------------------

/// MRP134: a change dated outside the plan year; one in the year is fine.
#[test]
fn mrp134_a_change_outside_the_plan_year() {
    insta::assert_snapshot!(broken(&[(
        PLAN,
        SIGNED,
        "  styrelsesdirektør: Ole Bech\nændringer:\n  - dato: 2024-12-20\n    tekst: Målene er justeret før årets start.\n  - dato: 2025-05-02\n    tekst: Mål om energi er tilpasset.\n",
    )]));
}

/// MRP135: a change naming a goal the plan does not have.
#[test]
fn mrp135_a_change_naming_no_goal_of_the_plan() {
    insta::assert_snapshot!(broken(&[(
        PLAN,
        SIGNED,
        "  styrelsesdirektør: Ole Bech\nændringer:\n  - dato: 2025-05-02\n    mål: 9\n    tekst: Succeskriteriet er ændret.\n  - dato: 2025-06-02\n    mål: 2\n    tekst: Fristen er flyttet.\n",
    )]));
}

/// MRP136: former names out of order, and two on the same day.
#[test]
fn mrp136_former_names_out_of_order() {
    insta::assert_snapshot!(broken(&[(
        AGENCY,
        "url: https://abs.example.dk\n",
        "url: https://abs.example.dk\ntidligere_navne:\n  - navn: Bygningsstyrelsen\n    forkortelse: BYS\n    til: 2020-06-30\n  - navn: Arkivstyrelsen\n    forkortelse: AS\n    til: 2015-12-31\n  - navn: Arkivvæsenet\n    forkortelse: AV\n    til: 2015-12-31\n",
    )]));
}

/// MRP137: an amount that is not a number; a Danish "1.234,5" is one.
#[test]
fn mrp137_an_amount_that_is_not_a_number() {
    insta::assert_snapshot!(broken(&[(
        PLAN,
        SIGNED,
        "  styrelsesdirektør: Ole Bech\nhovedkonti:\n  - paragraf: § 12.14.01\n    navn: Arkiverne\n    mio_kr: mange\n  - paragraf: § 12.14.02\n    navn: Bygningerne\n    mio_kr: \"1234.5\"\n  - paragraf: § 12.14.03\n    navn: Anlæg\n    mio_kr: \"1.234,5\"\n",
    )]));
}

/// The new lists are decoded like every other: a change without its text
/// and an unknown key are the usual structural errors.
#[test]
fn changes_and_accounts_have_their_fields_checked() {
    insta::assert_snapshot!(broken(&[(
        PLAN,
        SIGNED,
        "  styrelsesdirektør: Ole Bech\nændringer:\n  - dato: 2025-05-02\n    maal: 2\nhovedkonti:\n  - paragraf: § 12.14.01\n    mio_kr: 12\n",
    )]));
}

#[test]
fn the_default_content_shows_each_new_field() {
    let site = TestSite::new("default");
    let plan = site.read("content/planer/2025/fmi.md");
    assert!(plan.contains("\nændringer:\n"));
    assert!(
        site.read("content/planer/2024/fps.md")
            .contains("\nhovedkonti:\n")
    );
    assert!(site.read(FKO).contains("\ntidligere_navne:\n"));
}
