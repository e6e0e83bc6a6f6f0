//! Issue 20, part a: the signers' titles under the signatures, goals the
//! department sets in every agency's plan (`tværgående`, compared on the
//! year's results page, MRP212 when a plan lacks one), and what a goal
//! does not measure (`begrænsninger`).

use scraper::Html;

use crate::pdf::{page_texts, squash};
use crate::{Run, TestSite, texts};

const PLAN: &str = "content/planer/2025/abc.md";

fn built(site: &TestSite, args: &[&str]) -> Run {
    let run = site.run(args);
    assert_eq!(run.code, 0, "failed:\n{}{}", run.stdout, run.stderr);
    run
}

fn page(site: &TestSite, rel: &str) -> Html {
    Html::parse_document(&site.read(rel))
}

/// The whole PDF's text, whitespace removed (as `pdf::text` gives it).
fn pdf_text(site: &TestSite, rel: &str) -> String {
    page_texts(site, rel).concat()
}

#[test]
fn signers_titles_stand_under_the_signatures_in_the_page_and_the_pdf() {
    let site = TestSite::new("minimal");
    site.edit(
        PLAN,
        "  styrelsesdirektør: Ole Bech\n",
        "  styrelsesdirektør: Ole Bech\n  styrelsesdirektør_titel: Generalløjtnant, direktør\n  departementschef_titel: Departementschef for Testministeriet\n",
    );
    built(&site, &["build"]);
    let doc = page(&site, "output/planer/2025/abc/index.html");
    assert_eq!(
        texts(&doc, ".signer p"),
        [
            "Karen Lind",
            "Departementschef for Testministeriet",
            "Testministeriet",
            "Ole Bech",
            "Generalløjtnant, direktør",
            "Arkiv- og Bygningsstyrelsen",
        ]
    );
    let text = pdf_text(&site, "output/planer/2025/abc.pdf");
    assert!(
        text.contains(&squash(
            "Påtegning København, den 16. december 2024 Karen Lind Departementschef for Testministeriet Testministeriet Ole Bech Generalløjtnant, direktør Arkiv- og Bygningsstyrelsen"
        )),
        "{text}"
    );
}

#[test]
fn without_titles_the_signers_are_departementschef_and_direktør() {
    let site = TestSite::new("minimal");
    built(&site, &["build"]);
    let doc = page(&site, "output/planer/2025/abc/index.html");
    assert_eq!(
        texts(&doc, ".signer-role"),
        [
            "Departementschef",
            "Testministeriet",
            "Direktør",
            "Arkiv- og Bygningsstyrelsen",
        ]
    );
    let text = pdf_text(&site, "output/planer/2025/abc.pdf");
    assert!(
        text.contains(&squash(
            "Karen Lind Departementschef Testministeriet Ole Bech Direktør Arkiv- og Bygningsstyrelsen"
        )),
        "{text}"
    );
    assert!(!text.contains("Styrelsesdirektør"), "{text}");
}

#[test]
fn a_drafts_empty_signature_lines_carry_the_titles() {
    let site = TestSite::new("minimal");
    site.edit(PLAN, "status: godkendt", "status: udkast");
    site.edit(
        PLAN,
        "påtegning:\n  sted: København\n  dato: 2024-12-16\n  departementschef: Karen Lind\n  styrelsesdirektør: Ole Bech\n",
        "påtegning:\n  styrelsesdirektør_titel: Chef for Hjemmeværnet\n",
    );
    built(&site, &["pdf", PLAN, "-o", "udkast.pdf"]);
    let text = pdf_text(&site, "udkast.pdf");
    let signing = text.find(&squash("Sted og dato")).expect("lines to sign");
    // Each empty line: its title, then its institution.
    let expected = squash(
        "Sted og dato Departementschef Testministeriet Chef for Hjemmeværnet Arkiv- og Bygningsstyrelsen Udkast",
    );
    assert!(
        text[signing..].starts_with(&expected),
        "{}",
        &text[signing..]
    );
}

/// A second and a third agency with a plan each for 2025 (copies of abc's):
/// abc and def mark "Energiforbrug" as cross-cutting (def in other case and
/// with spaces), ghi's plan calls the goal something else.
fn three_agencies() -> TestSite {
    let site = TestSite::new("minimal");
    let mark = |title: &str| {
        format!(
            "    titel: {title}\n    kerneopgave: Bygningsdrift\n    understøtter: [P2]\n    beskrivelse: Styrelsen nedbringer energiforbruget i egne bygninger.\n    målepunkt: Forbrug i kWh pr. m²\n    succeskriterium: Et fald på 5 pct. i forhold til 2024\n    frist: 2025-12-31\n    datakilde: Energidatabasen\n    vægt: 25\n    ansvarlig: Bygningsafdelingen\n    tværgående: true\n"
        )
    };
    let energy = mark("Energiforbrug");
    let energy = energy.replace("    tværgående: true\n", "");
    let plan = site.read(PLAN);
    assert!(plan.contains(&energy));
    for (slug, name, abbreviation, title, tværgående) in [
        ("abc", "", "", "Energiforbrug", true),
        (
            "def",
            "Digitaliseringsstyrelsen",
            "DIS",
            " ENERGIforbrug ",
            true,
        ),
        ("ghi", "Grøn Styrelse", "GS", "Lavere energiforbrug", false),
    ] {
        let mut written = mark(&format!("\"{title}\""));
        if !tværgående {
            written = written.replace("    tværgående: true\n", "");
        }
        let text = plan
            .replace(&energy, &written)
            .replace("styrelse: abc", &format!("styrelse: {slug}"))
            .replace("styrelser/abc/", &format!("styrelser/{slug}/"));
        site.write(&format!("content/planer/2025/{slug}.md"), &text);
        if !name.is_empty() {
            site.write(
                &format!("content/styrelser/{slug}.md"),
                &format!("---\nnavn: {name}\nforkortelse: {abbreviation}\n---\nStyrelsen.\n"),
            );
        }
    }
    // def met the goal.
    site.edit(
        "content/planer/2025/def.md",
        "      status: delvist_opfyldt\n      opnået: Et fald på 3 pct.",
        "      status: opfyldt\n      opnået: Et fald på 6 pct.",
    );
    site
}

#[test]
fn mrp212_a_plan_lacking_a_cross_cutting_goal_is_warned_at_its_goals() {
    let site = three_agencies();
    let run = site.run(&["check", "--format", "short"]);
    insta::assert_snapshot!(
        "mrp212_cross_cutting_goal_missing",
        format!("exit: {}\n{}{}", run.code, run.stdout, run.stderr)
    );
    // Named as in ghi's plan, the goal is there: no warning.
    site.edit(
        "content/planer/2025/ghi.md",
        "titel: \"Lavere energiforbrug\"",
        "titel: \"energiforbrug\"",
    );
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("MRP212"), "{}", run.stdout);
}

#[test]
fn the_results_overview_sets_the_cross_cutting_goals_side_by_side() {
    let site = three_agencies();
    built(&site, &["build", "--no-pdf"]);
    let doc = page(&site, "output/resultater/2025/index.html");
    let table = "table.cross-cutting-goals";
    assert_eq!(
        texts(&doc, "#tvaergaaende"),
        ["Tværgående mål"],
        "a heading for the comparison"
    );
    assert_eq!(
        texts(&doc, &format!("{table} thead th")),
        ["Mål", "ABS", "DIS", "GS"]
    );
    // One row per goal title, written as its first plan writes it.
    assert_eq!(
        texts(&doc, &format!("{table} tbody tr > *")),
        [
            "Energiforbrug",
            "Delvist opfyldt",
            "Opfyldt",
            "–Ikke i planen"
        ]
    );
    // Cards on a phone: every cell is labelled with its column.
    let labels: Vec<String> = doc
        .select(&scraper::Selector::parse(&format!("{table} tbody [data-label]")).expect("css"))
        .filter_map(|e| e.value().attr("data-label").map(str::to_string))
        .collect();
    assert_eq!(labels, ["Mål", "ABS", "DIS", "GS"]);
    assert_eq!(
        texts(&doc, &format!("{table} tbody .status")),
        ["Delvist opfyldt", "Opfyldt"]
    );
    // The plan page marks the goal.
    let plan = page(&site, "output/planer/2025/abc/index.html");
    assert_eq!(
        texts(&plan, ".goal .cross-cutting .badge"),
        ["Tværgående mål"]
    );
    assert_eq!(
        texts(&plan, "#maal-2 .cross-cutting"),
        ["Tværgående mål Departementet sætter målet i alle styrelsers planer."]
    );
    // A year without cross-cutting goals has no such table.
    let lone = TestSite::new("minimal");
    built(&lone, &["build", "--no-pdf"]);
    let doc = page(&lone, "output/resultater/2025/index.html");
    assert!(texts(&doc, table).is_empty());
    assert!(texts(&doc, "#tvaergaaende").is_empty());
}

#[test]
fn a_cross_cutting_goal_is_marked_in_the_pdf() {
    let site = TestSite::new("minimal");
    site.edit(
        PLAN,
        "    ansvarlig: Bygningsafdelingen\n",
        "    ansvarlig: Bygningsafdelingen\n    tværgående: true\n",
    );
    built(&site, &["build"]);
    let text = pdf_text(&site, "output/planer/2025/abc.pdf");
    assert!(
        text.contains(&squash(
            "Mål 2. Energiforbrug Kerneopgave: Bygningsdrift · Frist: 31. december 2025 · Vægt: 25 % · Tværgående mål"
        )),
        "{text}"
    );
    assert_eq!(text.matches("Tværgående").count(), 1, "{text}");
}

#[test]
fn tværgående_is_true_or_false() {
    let site = TestSite::new("minimal");
    site.edit(
        PLAN,
        "    ansvarlig: Bygningsafdelingen\n",
        "    ansvarlig: Bygningsafdelingen\n    tværgående: ja\n",
    );
    let run = site.run(&["check", "--format", "short"]);
    insta::assert_snapshot!(
        "tvaergaaende_is_true_or_false",
        format!("exit: {}\n{}{}", run.code, run.stdout, run.stderr)
    );
}

#[test]
fn begrænsninger_are_on_the_page_in_the_pdf_and_in_the_open_data() {
    let site = TestSite::new("minimal");
    let limits = "Målet siger intet om, hvor meget de digitale arkiver bruges.";
    site.edit(
        PLAN,
        "    ansvarlig: Arkivafdelingen\n    delmål:",
        &format!("    ansvarlig: Arkivafdelingen\n    begrænsninger: {limits}\n    delmål:"),
    );
    built(&site, &["build"]);
    let doc = page(&site, "output/planer/2025/abc/index.html");
    assert_eq!(
        texts(&doc, "#maal-1 .facts dt"),
        [
            "Kerneopgave",
            "Understøtter",
            "Beskrivelse",
            "Målepunkt",
            "Begrænsninger",
            "Succeskriterium",
            "Baseline",
            "Frist",
            "Datakilde",
            "Vægt",
            "Ansvarlig",
        ]
    );
    assert_eq!(
        texts(&doc, "#maal-1 .facts dt:nth-of-type(5) + dd"),
        [limits]
    );
    // Only where it is written.
    assert!(
        texts(&doc, "#maal-2 .facts dt")
            .iter()
            .all(|t| t != "Begrænsninger")
    );

    let text = pdf_text(&site, "output/planer/2025/abc.pdf");
    assert!(
        text.contains(&squash(&format!(
            "Succeskriterium Mindst 60 pct. ved årets udgang Begrænsninger {limits} Baseline"
        ))),
        "{text}"
    );
    assert_eq!(text.matches("Begrænsninger").count(), 1, "{text}");

    let csv = site.read("output/data/mål.csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines
        .next()
        .expect("header")
        .trim_start_matches('\u{feff}')
        .split(';')
        .collect();
    let at = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(';').collect()).collect();
    assert_eq!(rows[0][at("begrænsninger")], limits);
    assert_eq!(rows[1][at("begrænsninger")], "");
    assert_eq!(rows[0][at("tværgående")], "nej");

    let json: serde_json::Value =
        serde_json::from_str(&site.read("output/data/planer.json")).expect("json");
    let goals = &json["planer"][0]["mål"];
    assert_eq!(goals[0]["begrænsninger"], limits);
    assert_eq!(goals[1]["begrænsninger"], serde_json::Value::Null);
    assert_eq!(goals[0]["tværgående"], false);
    // The signers' titles, with the defaults.
    assert_eq!(
        json["planer"][0]["påtegning"]["styrelsesdirektør_titel"],
        "Direktør"
    );
}

/// The målrapportering marks a cross-cutting goal in its overview and
/// gives an analysed goal's limits beside its analysis, in every format
/// built from the shared layout (Markdown here, the Word file too).
#[test]
fn the_report_marks_cross_cutting_goals_and_gives_an_analysed_goals_limits() {
    let site = TestSite::new("minimal");
    site.edit(
        PLAN,
        "    ansvarlig: Bygningsafdelingen\n",
        "    ansvarlig: Bygningsafdelingen\n    tværgående: true\n    begrænsninger: Målet måler ikke forbruget i lejede bygninger.\n",
    );
    let run = built(
        &site,
        &[
            "report",
            "--år",
            "2025",
            "--styrelse",
            "abc",
            "--format",
            "md",
            "-o",
            "r.md",
        ],
    );
    assert!(run.stderr.contains("r.md"), "{}", run.stderr);
    let md = site.read("r.md");
    let row = md
        .lines()
        .find(|l| l.starts_with("| 2 |"))
        .unwrap_or_else(|| panic!("no row for goal 2:\n{md}"));
    assert!(
        row.starts_with("| 2 | Energiforbrug (tværgående mål) |"),
        "{row}"
    );
    assert_eq!(md.matches("(tværgående mål)").count(), 1, "{md}");
    assert!(
        md.contains("**Begrænsninger.** Målet måler ikke forbruget i lejede bygninger."),
        "{md}"
    );
}
