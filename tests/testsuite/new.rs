//! `mrplan new` and `mrplan schema`.
use crate::TestSite;

#[test]
fn new_plan_copies_the_latest_plan_into_a_draft_for_the_new_year() {
    let site = TestSite::new("default");
    // Last year's assessment of its results is not copied.
    let path = "content/planer/2026/fmi.md";
    let text = site.read(path);
    let end = text[4..].find("\n---\n").unwrap() + 4;
    site.write(
        path,
        &format!(
            "{}\nsamlet_vurdering: Året gik godt.\nændringer:\n  - dato: 2026-05-04\n    tekst: Planen er tilpasset.{}",
            &text[..end],
            &text[end..]
        ),
    );
    let run = site.run(&["new", "plan", "--styrelse", "fmi", "--år", "2027"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // It lists the texts that still promise last year's figures.
    insta::assert_snapshot!(run.stderr);
    let text = site.read("content/planer/2027/fmi.md");
    assert!(text.contains("\når: 2027\nstatus: udkast\n"), "{text}");
    for gone in [
        "resultat:",
        "påtegning:",
        "opdateret:",
        "samlet_vurdering:",
        "ændringer:",
        "    opfølgning:",
        "kvartal: Q3\n        status:",
    ] {
        assert!(!text.contains(gone), "{gone} is left in:\n{text}");
    }
    assert!(!text.contains("2026-12-31") && text.contains("frist: 2027-12-31"));

    // It checks clean but for those texts (warnings), and in a preview
    // with drafts it has the same goals as 2026.
    let check = site.run(&["check", "--format", "short"]);
    let mine: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.contains("2027/fmi.md"))
        .collect();
    assert_eq!(mine.len(), 3, "{}", check.stdout);
    assert!(
        mine.iter().all(|l| l.contains("advarsel[MRP150]")),
        "{mine:?}"
    );
    let build = site.run(&["build", "--drafts", "--no-pdf"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let goals = |year: &str| {
        crate::texts_of(
            &site.read(&format!("output-udkast/planer/{year}/fmi/index.html")),
            "h3[id$='-titel']",
        )
    };
    assert!(!goals("2027").is_empty());
    assert_eq!(goals("2027"), goals("2026"));

    // Never overwrites.
    let again = site.run(&["new", "plan", "--styrelse", "fmi", "--år", "2027"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.ends_with(
        "fejl: ./content/planer/2027/fmi.md findes allerede. mrplan new overskriver ikke; ret filen direkte, eller slet den først.\n"
    ), "{}", again.stderr);
}

#[test]
fn new_agency_and_its_first_plan_check_clean() {
    let site = TestSite::new("default");
    let run = site.run(&[
        "new",
        "styrelse",
        "dalo",
        "--navn",
        "Danish Defence Acquisition: Test",
        "--url",
        "https://www.example.dk",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        site.read("content/styrelser/dalo.md"),
        "---\nnavn: \"Danish Defence Acquisition: Test\"\nforkortelse: \"DALO\"\nurl: \"https://www.example.dk\"\n---\n\nSkriv kort om styrelsens opgaver her.\n"
    );
    let plan = site.run(&["new", "plan", "--styrelse", "dalo", "--år", "2027"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    // A draft skeleton: every text left to write is a warning at its field.
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let mine: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.contains("dalo"))
        .collect();
    assert!(
        mine.iter().all(|l| l.contains("advarsel[MRP118]")),
        "{mine:?}"
    );
    // The målbillede, 5 goals × 8 texts, the follow-up, the plan's and the agency's body.
    assert_eq!(mine.len(), 1 + 5 * 8 + 1 + 1 + 1, "{mine:#?}");
    let build = site.run(&["build", "--drafts", "--no-pdf"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(
        crate::texts_of(&site.read("output-udkast/styrelser/dalo/index.html"), "h1"),
        ["Danish Defence Acquisition: Test (DALO)"]
    );
    assert_eq!(
        crate::texts_of(
            &site.read("output-udkast/planer/2027/dalo/index.html"),
            "h3"
        )
        .len(),
        5
    );

    // Approved as it stands, the skeleton is refused: errors at each field.
    let plan = "content/planer/2027/dalo.md";
    site.edit(plan, "status: udkast", "status: godkendt");
    site.edit(
        plan,
        "opfølgning:\n",
        "påtegning:\n  sted: København\n  dato: 2026-12-10\n  departementschef: Kasper Ravn Høegh\n  styrelsesdirektør: Anne Holm\nopfølgning:\n",
    );
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    let dalo: String = check
        .stdout
        .lines()
        .filter(|l| {
            l.contains("dalo")
                && !l.contains("MRP118]: Mål 2")
                && !l.contains("MRP118]: Mål 3")
                && !l.contains("MRP118]: Mål 4")
                && !l.contains("MRP118]: Mål 5")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    insta::assert_snapshot!(dalo);
    let build = site.run(&["build", "--no-pdf"]);
    assert_eq!(build.code, 1, "{}", build.stderr);

    let bad = site.run(&["new", "styrelse", "Ny Styrelse", "--navn", "x"]);
    assert_eq!(bad.code, 2);
    assert_eq!(
        bad.stderr,
        "fejl: 'Ny Styrelse' kan ikke bruges som kortnavn. Brug små bogstaver (a-z), tal og bindestreg, fx fmi.\n"
    );
    let unknown = site.run(&["new", "plan", "--styrelse", "xyz", "--år", "2027"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .starts_with("fejl: Styrelsen 'xyz' findes ikke. Kendte styrelser: dalo, fe, fes"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn schema_describes_every_key_the_default_plans_use() {
    let site = TestSite::new("default");
    let run = site.run(&["schema"]);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["additionalProperties"], false);
    let goal = &schema["properties"]["mål"]["items"];
    assert_eq!(
        goal["properties"]["resultat"]["properties"]["status"]["enum"],
        serde_json::json!(["opfyldt", "delvist_opfyldt", "ikke_opfyldt"])
    );
    assert_eq!(
        goal["properties"]["frist"]["description"],
        "Hvornår skal målet være nået? Eksempel: 2025-12-31"
    );
    // Every key in every default plan is in the schema, at its level.
    for entry in walkdir::WalkDir::new(site.path("content/planer")) {
        let entry = entry.expect("walk");
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read");
        for line in text.lines().skip(1).take_while(|l| *l != "---") {
            let trimmed = line.trim_start().trim_start_matches("- ");
            let Some((key, _)) = trimmed.split_once(':') else {
                continue;
            };
            if key.contains(' ') || key.starts_with('#') {
                continue;
            }
            let indent = line.len() - line.trim_start().len();
            let props = match indent {
                0 => &schema["properties"],
                _ if goal["properties"].get(key).is_some() => &goal["properties"],
                _ => continue,
            };
            assert!(
                props.get(key).is_some(),
                "{key} ({})",
                entry.path().display()
            );
        }
    }
    let side: serde_json::Value =
        serde_json::from_str(&site.run(&["schema", "side"]).stdout).expect("json");
    assert!(
        side["properties"]["tilgængelighedserklæring"]["description"]
            .as_str()
            .is_some_and(|d| d.starts_with("Adressen på sidens tilgængelighedserklæring"))
    );
}
