//! `mrplan new` and `mrplan schema`.
use crate::TestSite;

#[test]
fn new_plan_copies_the_latest_plan_into_a_draft_for_the_new_year() {
    let site = TestSite::new("default");
    let run = site.run(&["new", "plan", "--styrelse", "fmi", "--år", "2027"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "Bygger på content/planer/2026/fmi.md.\nSkrev ./content/planer/2027/fmi.md (status: udkast). Se den med: mrplan serve --drafts\n"
    );
    let text = site.read("content/planer/2027/fmi.md");
    assert!(text.contains("\når: 2027\nstatus: udkast\n"), "{text}");
    for gone in [
        "resultat:",
        "påtegning:",
        "opdateret:",
        "    opfølgning:",
        "kvartal: Q3\n        status:",
    ] {
        assert!(!text.contains(gone), "{gone} is left in:\n{text}");
    }
    assert!(!text.contains("2026-12-31") && text.contains("frist: 2027-12-31"));

    // It checks clean, and as a published draft it has the same goals as 2026.
    let check = site.run(&["check", "--format", "short"]);
    assert!(!check.stdout.contains("2027/fmi.md"), "{}", check.stdout);
    let build = site.run(&["build", "--drafts", "--no-pdf"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let goals = |year: &str| {
        crate::texts_of(
            &site.read(&format!("output/planer/{year}/fmi/index.html")),
            "h3",
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
    let check = site.run(&["check", "--format", "short"]);
    let mine: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.contains("dalo"))
        .collect();
    assert!(mine.iter().all(|l| !l.contains("fejl[")), "{mine:?}");
    let build = site.run(&["build", "--drafts", "--no-pdf"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(
        crate::texts_of(&site.read("output/styrelser/dalo/index.html"), "h1"),
        ["Danish Defence Acquisition: Test (DALO)"]
    );
    assert_eq!(
        crate::texts_of(&site.read("output/planer/2027/dalo/index.html"), "h3").len(),
        5
    );

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

/// The schema's list of required goal keys is written out by hand; the
/// checker decides the same thing in its decoder. Each key the schema calls
/// required must be a missing-key error (MRP005) in `check`, and an optional
/// one must not.
#[test]
fn schema_required_goal_keys_are_the_checkers() {
    let site = TestSite::new("minimal");
    let schema: serde_json::Value =
        serde_json::from_str(&site.run(&["schema"]).stdout).expect("json");
    let required: Vec<String> = schema["properties"]["mål"]["items"]["required"]
        .as_array()
        .expect("required")
        .iter()
        .map(|k| k.as_str().expect("key").to_string())
        .collect();
    assert!(required.len() >= 9, "{required:?}");
    let plan = "content/planer/2025/abc.md";
    let original = site.read(plan);
    // Goal 3 of the fixture has every required key on one line each.
    let at = original.find("  - nr: 3\n").expect("goal 3");
    let missing_key_error = |key: &str| {
        let goal = &original[at..];
        let edited = if key == "nr" {
            goal.replacen("  - nr: 3\n    ", "  - ", 1)
        } else {
            let line = goal
                .lines()
                .find(|l| l.starts_with(&format!("    {key}:")))
                .unwrap_or_else(|| panic!("goal 3 has no {key}"));
            goal.replacen(&format!("{line}\n"), "", 1)
        };
        site.write(plan, &format!("{}{edited}", &original[..at]));
        let run = site.run(&["check", "--format", "json"]);
        run.stdout.lines().any(|l| {
            let d: serde_json::Value = serde_json::from_str(l).expect("json line");
            d["rule"] == "MRP005"
        })
    };
    for key in &required {
        assert!(
            missing_key_error(key),
            "schema requires {key}, check does not"
        );
    }
    // Goal 3 has no baseline, which the schema leaves optional: no MRP005.
    assert!(!required.contains(&"baseline".to_string()));
    assert!(
        !original[at..]
            .split("\n  - ")
            .next()
            .unwrap_or("")
            .contains("baseline:")
    );
    site.write(plan, &original);
    let run = site.run(&["check", "--format", "json"]);
    assert!(!run.stdout.contains("\"MRP005\""), "{}", run.stdout);
}
