//! Compare years: `mrplan sammenlign` and "Ændringer fra <år>" on plan
//! pages, on two years of one agency with a known set of differences.

use scraper::{Html, Selector};

use crate::{TestSite, texts};

/// The minimal site's abc 2025 plan, followed by a 2026 plan in which goal 1
/// has a new success criterion and weight, goal 3 (Sikkerhedsgennemgang) is
/// dropped, goal 5 (Medarbejdertrivsel) is renumbered to 3, goal 5 is new,
/// and goals 2 and 4 are the same (their deadlines a year on).
fn two_years() -> TestSite {
    let site = TestSite::new("minimal");
    site.write("content/planer/2026/abc.md", PLAN_2026);
    site
}

const PLAN_2026: &str = "---
skema: 1
styrelse: abc
år: 2026
status: godkendt
opdateret: 2026-01-15T09:56
strategisk_målbillede:
  - id: P1
    tekst: Arkiverne er digitale og tilgængelige.
  - id: P2
    tekst: Bygningerne er sikre og energieffektive.
mål:
  - nr: 1
    titel: Digitalisering af arkivet
    kerneopgave: Arkivdrift
    understøtter: [P1]
    beskrivelse: Styrelsen digitaliserer de ældste sagsarkiver.
    målepunkt: Andel af hyldemeter, der er digitaliseret
    succeskriterium: Mindst 70 pct. ved årets udgang
    baseline: 41 pct. i 2024
    frist: 2026-12-31
    datakilde: Arkivregistret
    vægt: 35
    ansvarlig: Arkivafdelingen
    delmål:
      - kvartal: Q2
        tekst: Udbud af scanning afsluttet
  - nr: 2
    titel: Energiforbrug
    kerneopgave: Bygningsdrift
    understøtter: [P2]
    beskrivelse: Styrelsen nedbringer energiforbruget i egne bygninger.
    målepunkt: Forbrug i kWh pr. m²
    succeskriterium: Et fald på 5 pct. i forhold til 2024
    frist: 2026-12-31
    datakilde: Energidatabasen
    vægt: 25
    ansvarlig: Bygningsafdelingen
  - nr: 3
    titel: Medarbejdertrivsel
    kerneopgave: Ledelse
    understøtter: [P1, P2]
    beskrivelse: Trivslen måles og følges op.
    målepunkt: Trivselsindeks
    succeskriterium: Mindst 75 point
    frist: 2026-11-30
    datakilde: Trivselsmålingen
    vægt: 10
    ansvarlig: HR
  - nr: 4
    titel: Svartider
    kerneopgave: Arkivdrift
    understøtter: [P1]
    beskrivelse: Forespørgsler til arkivet besvares hurtigere.
    målepunkt: Gennemsnitlig svartid i arbejdsdage
    succeskriterium: Højst 10 arbejdsdage
    frist: 2026-12-31
    datakilde: Sagssystemet
    vægt: 20
    ansvarlig: Arkivafdelingen
  - nr: 5
    titel: Selvbetjening på arkivets hjemmeside
    kerneopgave: Arkivdrift
    understøtter: [P1]
    beskrivelse: Borgerne kan bestille arkivalier selv.
    målepunkt: Andel af bestillinger, der sker digitalt
    succeskriterium: Mindst 50 pct.
    frist: 2026-12-31
    datakilde: Bestillingssystemet
    vægt: 10
    ansvarlig: Arkivafdelingen
opfølgning:
  frekvens: kvartalsvis
  proces: Kvartalsmøder mellem styrelsen og departementet.
påtegning:
  sted: København
  dato: 2025-12-15
  departementschef: Karen Lind
  styrelsesdirektør: Ole Bech
---
## Indledning

Planen beskriver styrelsens vigtigste mål for 2026.
";

fn ok(run: &crate::Run) {
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn sammenlign_prints_exactly_the_changes() {
    let site = two_years();
    let run = site.run(&["sammenlign", "2025/abc", "2026/abc"]);
    ok(&run);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("sammenlign_text", run.stdout);
    // The content files name the same plans; an abbreviation in capitals too.
    let by_path = site.run(&["sammenlign", "content/planer/2025/abc.md", "2026/ABC"]);
    ok(&by_path);
    assert_eq!(by_path.stdout, run.stdout);
}

#[test]
fn sammenlign_json_is_a_stable_document() {
    let site = two_years();
    let run = site.run(&["sammenlign", "2025/abc", "2026/abc", "--format", "json"]);
    ok(&run);
    insta::assert_snapshot!("sammenlign_json", run.stdout);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(doc["ændrede_mål"].as_array().map(Vec::len), Some(2));
    assert_eq!(doc["uændrede_mål"], 2);
}

#[test]
fn sammenlign_explains_bad_arguments_in_danish() {
    let site = two_years();
    let cases: [(&str, &[&str]); 6] = [
        ("unknown_agency", &["sammenlign", "2025/abd", "2026/abc"]),
        ("unknown_agency_far", &["sammenlign", "2025/x", "2026/abc"]),
        ("swapped_parts", &["sammenlign", "abc/2025", "2026/abc"]),
        ("malformed", &["sammenlign", "abc-2025", "2026/abc"]),
        ("missing_year", &["sammenlign", "2024/abc", "2026/abc"]),
        ("missing_argument", &["sammenlign", "2025/abc"]),
    ];
    for (name, args) in cases {
        let run = site.run(args);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{name}");
        insta::assert_snapshot!(format!("sammenlign_{name}"), run.stderr);
    }
    let json = site.run(&["sammenlign", "2025/abd", "2026/abc", "--format", "json"]);
    assert_eq!(json.code, 2);
    let error: serde_json::Value = serde_json::from_str(json.stderr.trim()).expect("json");
    assert_eq!(
        error["message"],
        "Styrelsen 'abd' findes ikke – mente du 'abc'?"
    );
}

#[test]
fn sammenlign_shows_the_checks_of_a_plan_that_does_not_check() {
    let site = two_years();
    site.edit(
        "content/planer/2026/abc.md",
        "    succeskriterium: Mindst 50 pct.\n",
        "",
    );
    let run = site.run(&["sammenlign", "2025/abc", "2026/abc"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("sammenlign_plan_with_errors", run.stderr);
}

/// The "Ændringer fra" section's lists as a reader sees them: each
/// heading ("## Nye mål"), each goal (its link), and under a changed goal
/// each of its changes ("- Vægt: før: 30 % → nu: 35 %").
fn section(doc: &Html) -> Vec<String> {
    let css = "section.year-changes :is(h3, .compared-goals > li > a, .field-changes li)";
    let sel = Selector::parse(css).expect("css");
    doc.select(&sel)
        .map(|e| {
            let text: String = e.text().collect();
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            match e.value().name() {
                "h3" => format!("## {text}"),
                "li" => format!("- {text}"),
                _ => text,
            }
        })
        .collect()
}

#[test]
fn the_plan_page_lists_the_changes_from_the_year_before() {
    let site = two_years();
    ok(&site.run(&["build", "--no-pdf"]));
    let doc = Html::parse_document(&site.read("output/planer/2026/abc/index.html"));
    assert_eq!(texts(&doc, "#aendringer-fra"), ["Ændringer fra 2025"]);
    assert_eq!(
        section(&doc),
        [
            "## Nye mål",
            "Mål 5: Selvbetjening på arkivets hjemmeside",
            "## Udgåede mål",
            "Mål 3: Sikkerhedsgennemgang",
            "## Ændrede mål",
            "Mål 1: Digitalisering af arkivet",
            "- Succeskriterium: før: Mindst 60 pct. ved årets udgang → nu: Mindst 70 pct. ved årets udgang",
            "- Vægt: før: 30 % → nu: 35 %",
            "Mål 3: Medarbejdertrivsel",
            "- Nr.: før: 5 → nu: 3",
        ]
    );
    assert_eq!(
        texts(&doc, "section.year-changes > p"),
        [
            "Sammenlignet med planen for 2025. Ændringer vises som før → nu.",
            "2 mål er uændrede."
        ]
    );
    // Before is struck out and after inserted: not told by colour alone.
    assert_eq!(
        texts(&doc, "section.year-changes del"),
        [
            "før: Mindst 60 pct. ved årets udgang",
            "før: 30 %",
            "før: 5"
        ]
    );
    assert_eq!(
        texts(&doc, "section.year-changes ins"),
        ["nu: Mindst 70 pct. ved årets udgang", "nu: 35 %", "nu: 3"]
    );
    let links = Selector::parse("section.year-changes a").expect("css");
    let hrefs: Vec<&str> = doc
        .select(&links)
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        [
            "../../../planer/2025/abc/index.html",
            "#maal-5",
            "../../../planer/2025/abc/index.html#maal-3",
            "#maal-1",
            "#maal-3",
        ]
    );
    // The first year has nothing to compare with.
    let first = Html::parse_document(&site.read("output/planer/2025/abc/index.html"));
    assert!(texts(&first, "section.year-changes").is_empty());
}

#[test]
fn an_unchanged_plan_says_so_in_one_sentence() {
    let site = TestSite::new("minimal");
    let old = site.read("content/planer/2025/abc.md");
    // The same goals a year on, without the year's results.
    let mut new = String::new();
    let mut skipping = false;
    for line in old.lines() {
        let key = line.trim_start();
        if key.starts_with("opfølgning:") && line.starts_with("    ")
            || key.starts_with("resultat:")
        {
            skipping = true;
            continue;
        }
        if skipping && line.starts_with("      ") {
            continue;
        }
        skipping = false;
        new.push_str(
            &line
                .replace("2025-", "2026-")
                .replace("år: 2025", "år: 2026")
                .replace("dato: 2024-12-16", "dato: 2025-12-15"),
        );
        new.push('\n');
    }
    site.write("content/planer/2026/abc.md", &new);
    let run = site.run(&["build", "--no-pdf"]);
    ok(&run);
    let doc = Html::parse_document(&site.read("output/planer/2026/abc/index.html"));
    assert_eq!(
        texts(&doc, "section.year-changes p"),
        [
            "Ingen ændringer: målene og det strategiske målbillede er de samme som i planen for 2025. Se planen for 2025."
        ]
    );
    assert!(section(&doc).is_empty());
}

#[test]
fn a_draft_is_compared_with_only_in_a_preview() {
    let site = two_years();
    site.edit(
        "content/planer/2025/abc.md",
        "status: godkendt",
        "status: udkast",
    );
    site.edit("content/planer/2025/abc.md", "påtegning:\n  sted: København\n  dato: 2024-12-16\n  departementschef: Karen Lind\n  styrelsesdirektør: Ole Bech\n", "");
    ok(&site.run(&["build", "--no-pdf"]));
    let public = Html::parse_document(&site.read("output/planer/2026/abc/index.html"));
    assert!(
        texts(&public, "#aendringer-fra").is_empty(),
        "never a draft on the public site"
    );
    ok(&site.run(&["build", "--no-pdf", "--drafts"]));
    let preview = Html::parse_document(&site.read("output-udkast/planer/2026/abc/index.html"));
    assert_eq!(texts(&preview, "#aendringer-fra"), ["Ændringer fra 2025"]);
}

#[test]
fn the_default_site_compares_each_year_with_the_one_before() {
    let site = TestSite::built_default();
    let plans = |year: i32| -> Vec<(String, Html)> {
        let dir = site.path(&format!("output/planer/{year}"));
        let mut found: Vec<(String, Html)> = std::fs::read_dir(&dir)
            .expect("plans")
            .flatten()
            .filter(|e| e.path().join("index.html").is_file())
            .map(|e| {
                let slug = e.file_name().to_string_lossy().into_owned();
                let html = std::fs::read_to_string(e.path().join("index.html")).expect("page");
                (slug, Html::parse_document(&html))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    };
    let newest = plans(2026);
    assert_eq!(newest.len(), 6, "the 2026 plans but the draft");
    for (slug, doc) in &newest {
        assert_eq!(
            texts(doc, "#aendringer-fra"),
            ["Ændringer fra 2025"],
            "{slug}"
        );
    }
    let oldest = plans(2024);
    assert_eq!(oldest.len(), 7);
    for (slug, doc) in &oldest {
        assert!(texts(doc, "section.year-changes").is_empty(), "{slug}");
    }
    // fmi's 2026 plan: goal 7 is new, and goal 1's success criterion and
    // weight changed (as in the issue: 85 → 87 pct., 20 → 15).
    let fmi = &newest.iter().find(|(s, _)| s == "fmi").expect("fmi").1;
    let lists = section(fmi);
    assert_eq!(
        lists[..2],
        [
            "## Nye mål",
            "Mål 7: Præcise prognoser for materielinvesteringerne"
        ]
    );
    assert!(lists.contains(&"- Succeskriterium: før: Mindst 85 pct. af milepælene nås til tiden. → nu: Mindst 87 pct. af milepælene nås til tiden.".to_string()), "{lists:#?}");
    assert!(
        lists.contains(&"- Vægt: før: 20 % → nu: 15 %".to_string()),
        "{lists:#?}"
    );
}

#[test]
fn sammenlign_has_danish_help() {
    let site = TestSite::new("minimal");
    let run = site.run(&["sammenlign", "--help"]);
    ok(&run);
    insta::assert_snapshot!("sammenlign_help", run.stdout);
}
