//! `mrplan init`: a new site that checks and builds at once.

use crate::TestSite;

#[test]
fn init_makes_a_site_that_builds_at_once() {
    let site = TestSite::empty();
    let run = site.run(&["init", "ny-side"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[..5],
        [
            "Lavede en ny side i ny-side:",
            "  content/_index.md           sidens indstillinger: ministerium, mission, vision og forsidens tekst",
            "  content/styrelser/eks.md    en eksempelstyrelse; lav jeres egne med: mrplan new styrelse KORTNAVN --navn \"...\"",
            "  content/planer/2026/eks.md  et udkast til styrelsens plan for 2026 med fem mål at udfylde",
            "  .gitignore                  holder den byggede side (output/, output-udkast/) uden for git",
        ]
    );
    // The draft's placeholders may be warnings, never errors.
    let checked = lines[5]
        .strip_prefix("Tjek af den nye side: ")
        .expect("the check");
    assert!(
        checked == "Ingen fejl eller advarsler." || !checked.contains("fejl"),
        "{checked}"
    );
    assert_eq!(
        lines[6..],
        [
            "Byg siden med: cd ny-side && mrplan build",
            "Se udkastet, mens du skriver, med: cd ny-side && mrplan serve --drafts",
        ]
    );

    // The settings a public site needs.
    let settings = site.read("ny-side/content/_index.md");
    for key in [
        "ministerium:",
        "mission:",
        "vision:",
        "tilgængelighedserklæring: https://",
    ] {
        assert!(settings.contains(&format!("\n{key}")), "{key}");
    }
    assert!(
        site.read("ny-side/content/planer/2026/eks.md")
            .contains("\nstatus: udkast\n")
    );
    assert_eq!(
        site.read("ny-side/.gitignore"),
        "/output/\n/output-udkast/\n"
    );

    let check = site.run(&["-C", "ny-side", "check", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(!check.stdout.contains("\"error\""), "{}", check.stdout);

    // It builds: the front page with the ministry's mission and the
    // accessibility statement; the draft is not published.
    let build = site.run(&["-C", "ny-side", "build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let index = site.read("ny-side/output/index.html");
    let doc = scraper::Html::parse_document(&index);
    assert_eq!(crate::texts(&doc, "h1"), ["Mål- og resultatstyring"]);
    assert!(
        crate::texts(&doc, "main")
            .concat()
            .contains("Ministerområdets fælles mission.")
    );
    assert!(index.contains("href=\"https://www.was.digst.dk/example-dk\""));
    assert!(
        !site
            .path("ny-side/output/planer/2026/eks/index.html")
            .exists()
    );
    // With --drafts the skeleton is a plan with five goals and a PDF.
    let drafts = site.run(&["-C", "ny-side", "build", "--drafts"]);
    assert_eq!(drafts.code, 0, "{}", drafts.stderr);
    let plan = site.read("ny-side/output-udkast/planer/2026/eks/index.html");
    assert_eq!(crate::texts_of(&plan, "h3").len(), 5);
    let pdf = std::fs::read(site.path("ny-side/output-udkast/planer/2026/eks.pdf")).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn init_in_the_current_folder_says_plain_commands() {
    let site = TestSite::empty();
    site.write("README.md", "Vores side.\n");
    let run = site.run(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("\nByg siden med: mrplan build\n"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("README.md"), "Vores side.\n");
    assert!(site.path("content/_index.md").is_file());
}

#[test]
fn init_refuses_a_folder_that_holds_a_site() {
    let site = TestSite::new("minimal");
    let before = site.read("content/_index.md");
    let run = site.run(&["init", "."]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "fejl: ./content findes allerede: her er allerede en side, og mrplan init overskriver ikke.\n  tip: vælg en ny mappe, fx: mrplan init min-side\n"
    );
    assert_eq!(site.read("content/_index.md"), before);
    assert!(!site.path(".gitignore").exists());
}

#[test]
fn new_outside_a_site_points_to_init() {
    let site = TestSite::empty();
    let run = site.run(&["new", "styrelse", "fmi", "--navn", "Test"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "fejl: Her er ingen side: ./content/_index.md findes ikke.\n  tip: start en ny side med: mrplan init .\n"
    );
    assert!(!site.path("content").exists());
    let plan = site.run(&["new", "plan", "--styrelse", "fmi", "--år", "2027"]);
    assert_eq!(plan.code, 2);
    assert!(
        plan.stderr
            .ends_with("\n  tip: start en ny side med: mrplan init\n"),
        "{}",
        plan.stderr
    );
}
