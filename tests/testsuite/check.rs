//! `mrplan check`: one broken fixture per rule, with the exact diagnostics
//! snapshotted, plus the guarantees around them (all errors in one run,
//! JSON lines, exit codes, no panics on garbage).

use crate::{Run, TestSite};

const PLAN: &str = "content/planer/2025/abc.md";

/// Exit code and output, as snapshotted.
pub fn shown(run: &Run) -> String {
    format!("exit: {}\n{}{}", run.code, run.stdout, run.stderr)
}

/// Applies edits to the minimal fixture and runs `check --format short`.
pub fn broken(edits: &[(&str, &str, &str)]) -> String {
    let site = TestSite::new("minimal");
    for (file, from, to) in edits {
        site.edit(file, from, to);
    }
    shown(&site.run(&["check", "--format", "short"]))
}

macro_rules! rule_case {
    ($name:ident, $edits:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), broken($edits));
        }
    };
}

#[test]
fn minimal_fixture_is_clean() {
    let site = TestSite::new("minimal");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", shown(&run));
    assert_eq!(
        run.stdout,
        "Tjekkede 1 plan og 1 styrelse: Ingen fejl eller advarsler.\n"
    );
}

#[test]
fn default_content_is_clean() {
    let site = TestSite::new("default");
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 0, "{}", shown(&run));
    assert!(
        run.stdout.ends_with("Ingen fejl eller advarsler.\n"),
        "{}",
        run.stdout
    );
}

const SITE: &str = "content/_index.md";
const ACCESSIBILITY: &str = "tilgængelighedserklæring: https://www.was.digst.dk/test-example-dk";

rule_case!(
    mrp130_colours_written_wrong_or_too_light,
    &[(
        SITE,
        ACCESSIBILITY,
        "tilgængelighedserklæring: https://www.was.digst.dk/test-example-dk\nfarver:\n  primær: \"#ffd700\"\n  link: blå"
    )]
);
rule_case!(
    mrp131_static_file_outside_static,
    &[
        (
            SITE,
            ACCESSIBILITY,
            "tilgængelighedserklæring: https://www.was.digst.dk/test-example-dk\nlogo: ../../etc/logo.svg"
        ),
        (
            PLAN,
            "opdateret: 2025-01-15T09:56",
            "opdateret: 2025-01-15T09:56\nunderskrevet_pdf: /home/plan.docx"
        ),
    ]
);
rule_case!(
    mrp132_contact_numbers_and_email,
    &[(
        SITE,
        ACCESSIBILITY,
        "tilgængelighedserklæring: https://www.was.digst.dk/test-example-dk\nkontakt:\n  email: kontakt.test.dk\n  cvr: 1234 567\n  ean: \"5798000201200\""
    )]
);

/// MRP308: a named file that is missing, or is not what its name says.
#[test]
fn mrp308_named_files_missing_or_of_the_wrong_kind() {
    let site = TestSite::new("minimal");
    site.edit(SITE, ACCESSIBILITY, "tilgængelighedserklæring: https://www.was.digst.dk/test-example-dk\nlogo: billeder/logo.png");
    site.edit(
        PLAN,
        "opdateret: 2025-01-15T09:56",
        "opdateret: 2025-01-15T09:56\nunderskrevet_pdf: planer/abc-2025.pdf",
    );
    site.write(
        "static/planer/abc-2025.pdf",
        "Dette er en Word-fil, der er omdøbt.",
    );
    let run = site.run(&["check", "--format", "short"]);
    insta::assert_snapshot!(
        "mrp308_named_files_missing_or_of_the_wrong_kind",
        shown(&run)
    );
    // build refuses the same, and leaves no output.
    let build = site.run(&["build", "--no-pdf"]);
    assert_eq!(build.code, 1, "{}", shown(&build));
    assert!(build.stderr.contains("MRP308"), "{}", build.stderr);
    assert!(!site.path("output").exists());
}

/// MRP308: a signed original where the build writes its own PDF would be
/// overwritten, and the site would call the generated file the signed one.
#[test]
fn mrp308_a_signed_original_at_a_generated_pdfs_path() {
    let site = TestSite::new("minimal");
    site.edit(
        PLAN,
        "opdateret: 2025-01-15T09:56",
        "opdateret: 2025-01-15T09:56\nunderskrevet_pdf: planer/2025/abc.pdf",
    );
    site.write("static/planer/2025/abc.pdf", "%PDF-1.4 underskrevet");
    let run = site.run(&["check", "--format", "short"]);
    insta::assert_snapshot!(
        "mrp308_a_signed_original_at_a_generated_pdfs_path",
        shown(&run)
    );
}

rule_case!(
    mrp001_yaml_syntax,
    &[(
        PLAN,
        "titel: Digitalisering af arkivet",
        "titel: [Digitalisering af arkivet"
    )]
);
rule_case!(
    mrp002_front_matter_not_closed,
    &[(PLAN, "---\n## Indledning", "## Indledning")]
);
rule_case!(
    mrp004_unknown_key_with_suggestion,
    &[(PLAN, "vægt: 30", "vaegt: 30")]
);
rule_case!(
    mrp005_missing_field,
    &[(PLAN, "    målepunkt: Forbrug i kWh pr. m²\n", "")]
);
rule_case!(
    mrp006_wrong_type,
    &[(PLAN, "år: 2025", "år: tyvefemogtyve")]
);
rule_case!(
    mrp007_unknown_word,
    &[(PLAN, "status: godkendt", "status: godkent")]
);
rule_case!(
    mrp008_duplicate_key,
    &[(
        PLAN,
        "    titel: Energiforbrug\n",
        "    titel: Energiforbrug\n    titel: Energi\n"
    )]
);
rule_case!(
    mrp009_bad_date,
    &[(PLAN, "frist: 2025-10-31", "frist: 31-10-2025")]
);
rule_case!(mrp010_unknown_schema, &[(PLAN, "skema: 1", "skema: 2")]);
rule_case!(
    mrp011_blank_text,
    &[(PLAN, "titel: Svartider", "titel: \"  \"")]
);
rule_case!(
    mrp021_year_differs_from_folder,
    &[(PLAN, "år: 2025", "år: 2024")]
);
rule_case!(
    mrp022_duplicate_goal_number,
    &[(PLAN, "  - nr: 3", "  - nr: 2")]
);
rule_case!(
    mrp023_duplicate_aim_id,
    &[(PLAN, "  - id: P2", "  - id: P1")]
);
rule_case!(
    mrp024_unknown_aim_reference,
    &[(PLAN, "understøtter: [P1, P2]", "understøtter: [P1, P3]")]
);
rule_case!(
    mrp101_too_few_goals,
    &[(
        "content/_index.md",
        "tilgængelighedserklæring:",
        "regler:\n  min_mål: 6\ntilgængelighedserklæring:"
    )]
);
rule_case!(
    mrp103_deadline_outside_year,
    &[(PLAN, "frist: 2025-10-31", "frist: 2026-01-31")]
);
rule_case!(mrp104_weights_all_or_none, &[(PLAN, "    vægt: 10\n", "")]);
rule_case!(mrp105_weights_sum, &[(PLAN, "vægt: 30", "vægt: 35")]);
rule_case!(mrp106_weight_range, &[(PLAN, "vægt: 10", "vægt: 0")]);
rule_case!(
    mrp107_aim_not_supported,
    &[(
        PLAN,
        "\nmål:\n",
        "\n  - id: P3\n    tekst: Et punkt uden mål.\nmål:\n"
    )]
);
rule_case!(mrp108_no_owner, &[(PLAN, "    ansvarlig: HR\n", "")]);
rule_case!(
    mrp109_approved_without_signature,
    &[(PLAN, "  departementschef: Karen Lind\n", "")]
);
rule_case!(
    mrp110_unusual_signing_date,
    &[(PLAN, "dato: 2024-12-16", "dato: 2024-03-01")]
);
rule_case!(
    mrp111_same_signer,
    &[(
        PLAN,
        "styrelsesdirektør: Ole Bech",
        "styrelsesdirektør: Karen Lind"
    )]
);
rule_case!(
    mrp114_milestone_after_deadline,
    &[(PLAN, "      - kvartal: Q2\n", "      - frist: 2026-02-01\n")]
);
rule_case!(
    mrp115_milestone_both_date_and_quarter,
    &[(
        PLAN,
        "      - kvartal: Q2\n",
        "      - kvartal: Q2\n        frist: 2025-06-30\n"
    )]
);
rule_case!(
    mrp116_no_follow_up,
    &[(
        PLAN,
        "opfølgning:\n  frekvens: kvartalsvis\n  proces: Kvartalsmøder mellem styrelsen og departementet.\n",
        ""
    )]
);
rule_case!(
    mrp201_duplicate_quarter,
    &[(
        PLAN,
        "        kommentar: Udbuddet er sendt ud.\n",
        "        kommentar: Udbuddet er sendt ud.\n      - kvartal: Q1\n        status: risiko\n        kommentar: Igen.\n"
    )]
);
rule_case!(
    mrp203_missing_analysis,
    &[(
        PLAN,
        "      analyse: Sygdom og et nyt sagssystem forsinkede behandlingen.\n",
        ""
    )]
);
rule_case!(
    mrp204_no_result_after_year_end,
    &[(
        PLAN,
        "    resultat:\n      status: opfyldt\n      opnået: 77 point\n      vurdering: Målet er opfyldt.\n",
        ""
    )]
);
rule_case!(
    mrp206_result_without_achieved,
    &[(PLAN, "      opnået: 40 af 40 bygninger\n", "")]
);
rule_case!(
    mrp207_quarter_contradicts_result,
    &[
        (PLAN, "        status: på_sporet", "        status: opfyldt"),
        (
            PLAN,
            "status: opfyldt\n      opnået: 63 pct.",
            "status: delvist_opfyldt\n      opnået: 63 pct.\n      analyse: Leverandøren blev forsinket."
        )
    ]
);
rule_case!(
    mrp208_result_without_assessment,
    &[(
        PLAN,
        "      opnået: 77 point\n      vurdering: Målet er opfyldt.\n",
        "      opnået: 77 point\n"
    )]
);
rule_case!(
    mrp304_no_accessibility_statement,
    &[(
        "content/_index.md",
        "tilgængelighedserklæring: https://www.was.digst.dk/test-example-dk\n",
        ""
    )]
);

#[test]
fn mrp003_empty_file() {
    let site = TestSite::new("minimal");
    site.write(PLAN, "\n");
    insta::assert_snapshot!(shown(&site.run(&["check", "--format", "short"])));
}

#[test]
fn mrp020_and_mrp025_unknown_agency() {
    let site = TestSite::new("minimal");
    let text = site.read(PLAN).replace("styrelse: abc", "styrelse: abd");
    site.write(PLAN, &text);
    insta::assert_snapshot!(shown(&site.run(&["check", "--format", "short"])));
}

#[test]
fn mrp026_unknown_file() {
    let site = TestSite::new("minimal");
    site.write("content/noter.md", "---\ntitel: x\n---\n");
    insta::assert_snapshot!(shown(&site.run(&["check", "--format", "short"])));
}

#[test]
fn mrp202_and_mrp205_before_the_year_is_over() {
    let site = TestSite::new("minimal");
    site.edit(PLAN, "        kommentar: Udbuddet er sendt ud.\n", "        kommentar: Udbuddet er sendt ud.\n      - kvartal: Q2\n        status: risiko\n        kommentar: For tidligt.\n");
    // 1 May 2025: Q1 has ended, Q2 and the year have not.
    insta::assert_snapshot!(shown(
        &site.run_at("1746100800", &["check", "--format", "short"])
    ));
}

#[test]
fn mrp302_different_department_heads() {
    let site = TestSite::new("minimal");
    site.write(
        "content/styrelser/xyz.md",
        "---\nnavn: Xyz-styrelsen\nforkortelse: XYZ\n---\n",
    );
    let other = site
        .read(PLAN)
        .replace("styrelse: abc", "styrelse: xyz")
        .replace("Karen Lind", "Karen Lindt");
    site.write("content/planer/2025/xyz.md", &other);
    insta::assert_snapshot!(shown(&site.run(&["check", "--format", "short"])));
}

#[test]
fn human_format_shows_the_line_with_a_caret_and_a_hint() {
    let site = TestSite::new("minimal");
    site.edit(
        PLAN,
        "    ansvarlig: Bygningsafdelingen\n",
        "    ansvarlig: Bygningsafdelingen\n    målepunkt_2: x\n",
    );
    site.edit(
        PLAN,
        "understøtter: [P2]\n    beskrivelse: Alle",
        "understøtter: [P4]\n    beskrivelse: Alle",
    );
    insta::assert_snapshot!(shown(&site.run(&["check"])));
}

#[test]
fn every_problem_in_every_file_in_one_run() {
    let site = TestSite::new("minimal");
    site.edit(PLAN, "vægt: 30", "vaegt: 30");
    site.edit(PLAN, "status: godkendt", "status: godkent");
    site.edit(PLAN, "frist: 2025-10-31", "frist: 2026-10-31");
    site.edit("content/styrelser/abc.md", "forkortelse: ABS\n", "");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let rules: Vec<(&str, &str, u64)> = lines
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or(""),
                d["rule"].as_str().unwrap_or(""),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        rules,
        vec![
            ("content/planer/2025/abc.md", "MRP007", 5),
            // The misspelled 'vaegt' is one problem: no MRP104 "goal has no weight" besides.
            ("content/planer/2025/abc.md", "MRP004", 23),
            ("content/planer/2025/abc.md", "MRP103", 59),
            ("content/styrelser/abc.md", "MRP005", 2),
        ]
    );
    let first = &lines[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["column"], 9);
    assert_eq!(
        first["message"],
        "'status' kan være udkast | godkendt, ikke 'godkent'."
    );
    assert_eq!(first["hint"], "Mente du 'godkendt'?");
}

#[test]
fn strict_makes_warnings_fail() {
    let site = TestSite::new("minimal");
    site.edit(PLAN, "    ansvarlig: HR\n", "");
    assert_eq!(site.run(&["check"]).code, 0);
    assert_eq!(site.run(&["check", "--strict"]).code, 1);
}

#[test]
fn missing_content_folder_is_a_usage_error() {
    let site = TestSite::new("minimal");
    let run = site.run(&["--root", "findes-ikke", "check"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "fejl: Mappen 'findes-ikke/content' findes ikke. Kør mrplan fra sidens rodmappe (der hvor content/ ligger), eller angiv den med --root.\n  tip: start en ny side med: mrplan init\n"
    );
}

#[test]
fn garbage_never_panics() {
    let cases: &[&[u8]] = &[
        b"\x00\x01\x02\xff\xfe",
        b"---\n---\n",
        b"---\n: :\n  - ]\n---\n",
        b"---\nmal: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n---\n",
        b"---\n\tskema: 1\n---\n",
        b"---\nskema: 1\nmal: &a [*a]\n---\n",
        b"---\n- bare\n- en liste\n---\n",
        b"---\nmal:\n  - 1\n  - [x]\n  - nr: {a: b}\n---\n",
    ];
    for (i, bytes) in cases.iter().enumerate() {
        let site = TestSite::new("minimal");
        std::fs::write(site.path(PLAN), bytes).expect("write");
        let run = site.run(&["check"]);
        assert!(
            run.code == 1 || run.code == 2,
            "case {i}: exit {} {}",
            run.code,
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "case {i}: {}", run.stderr);
    }
}

#[test]
fn readme_lists_every_rule_as_mrplan_regler_does() {
    let site = TestSite::new("minimal");
    let run = site.run(&["regler"]);
    assert_eq!(run.code, 0);
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let table: Vec<String> = readme
        .lines()
        .filter(|l| l.starts_with("| MRP"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let listed: Vec<String> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        table, listed,
        "update the README table from `mrplan regler`"
    );
}

#[test]
fn mrp025_file_name_differs_from_agency() {
    let site = TestSite::new("minimal");
    let text = site.read(PLAN);
    std::fs::remove_file(site.path(PLAN)).expect("rm");
    site.write("content/planer/2025/abs.md", &text);
    insta::assert_snapshot!(shown(&site.run(&["check", "--format", "short"])));
}

#[test]
fn mrp021_folder_is_not_a_year() {
    let site = TestSite::new("minimal");
    let text = site.read(PLAN);
    std::fs::remove_file(site.path(PLAN)).expect("rm");
    site.write("content/planer/udkast/abc.md", &text);
    insta::assert_snapshot!(shown(&site.run(&["check", "--format", "short"])));
}

#[test]
fn a_closed_pipe_ends_output_without_a_panic() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let site = TestSite::new("minimal");
    // Thousands of unknown keys: far more output than a pipe buffer holds.
    let keys: String = (0..3000).map(|i| format!("ukendt_{i}: x\n")).collect();
    site.edit(PLAN, "skema: 1\n", &format!("skema: 1\n{keys}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_mrplan"))
        .arg("check")
        .current_dir(site.dir.path())
        .env("SOURCE_DATE_EPOCH", crate::EPOCH)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("read");
    // The reading end is now closed, as with `mrplan check | head -1`.
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(1));
}

// One mistake, one message: a value of the wrong kind is said once, and
// the rules about a missing field stay quiet about it.
rule_case!(
    one_message_for_a_weight_that_is_not_a_whole_number,
    &[(PLAN, "    vægt: 25\n", "    vægt: 20.5\n")]
);
rule_case!(
    one_message_for_a_weight_out_of_range,
    &[(PLAN, "    vægt: 25\n", "    vægt: 0\n")]
);
rule_case!(
    one_message_for_a_signing_date_written_wrong,
    &[(PLAN, "  dato: 2024-12-16\n", "  dato: 16-12-2024\n")]
);
rule_case!(
    one_message_for_a_signature_that_is_not_a_group,
    &[(
        PLAN,
        "påtegning:\n  sted: København\n  dato: 2024-12-16\n  departementschef: Karen Lind\n  styrelsesdirektør: Ole Bech\n",
        "påtegning: Karen Lind og Ole Bech\n"
    )]
);
rule_case!(
    mrp118_skeleton_text_in_an_approved_plan,
    &[
        (PLAN, "    titel: Svartider\n", "    titel: Målets titel\n"),
        (
            PLAN,
            "    målepunkt: Trivselsindeks\n",
            "    målepunkt: Hvad måles der på?\n"
        )
    ]
);
rule_case!(
    mrp119_two_goals_with_one_title,
    &[(PLAN, "    titel: Svartider\n", "    titel: Energiforbrug\n")]
);
rule_case!(
    mrp207_delayed_then_met,
    &[(
        PLAN,
        "      - kvartal: Q1\n        status: på_sporet\n        kommentar: Udbuddet er sendt ud.\n",
        "      - kvartal: Q4\n        status: forsinket\n        kommentar: Udbuddet er forsinket.\n"
    )]
);

#[test]
fn mrp150_text_carried_over_from_last_years_plan() {
    let site = TestSite::new("minimal");
    // Next year's plan, made by copying this year's and changing the dates only.
    let text = site.read(PLAN);
    let next = text
        .replace("år: 2025", "år: 2026")
        .replace("status: godkendt", "status: udkast")
        .replace("2025-", "2026-")
        .replace(
            "succeskriterium: Et fald på 5 pct. i forhold til 2024",
            "succeskriterium: Et fald på 5 pct. i forhold til 2025",
        );
    site.write("content/planer/2026/abc.md", &next);
    // ...and in 2025 the same goal said 2025 in its criterion: carried over.
    site.edit(
        PLAN,
        "succeskriterium: Et fald på 5 pct. i forhold til 2024",
        "succeskriterium: Et fald på 5 pct. i forhold til 2025",
    );
    let run = site.run(&["check", "--format", "short"]);
    let mine: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("MRP150"))
        .collect();
    insta::assert_snapshot!(mine.join("\n"));
}

#[test]
fn a_site_needs_no_sprog_or_tema() {
    let site = TestSite::new("minimal");
    site.edit("content/_index.md", "sprog: da\n", "");
    site.edit("content/_index.md", "tema: standard\n", "");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", shown(&run));
}
