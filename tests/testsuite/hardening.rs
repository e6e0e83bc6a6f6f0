//! Hostile input: files from outside the site, unsafe addresses, formula
//! cells, absurd sizes, names that are not what they seem, and leftovers of
//! killed builds. Each with the exact message `check` or `build` gives.

use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::Path;

use crate::TestSite;
use crate::check::shown;

const PLAN: &str = "content/planer/2025/abc.md";

fn check(site: &TestSite) -> String {
    shown(&site.run(&["check", "--format", "short"]))
}

/// A folder outside the site with a secret in it.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("passwd"), "root:x:0:0:hemmelig").expect("write");
    std::fs::create_dir_all(dir.path().join("static")).expect("mkdir");
    std::fs::write(dir.path().join("static/hemmelig.txt"), "hemmelig").expect("write");
    dir
}

/// The output with the temp folder's name replaced, for stable snapshots.
fn anonymous(text: &str, dir: &Path) -> String {
    let real = std::fs::canonicalize(dir).expect("canonical");
    text.replace(&real.display().to_string(), "<udenfor>")
}

/// No file of the built site holds the secret.
fn published_nothing_secret(site: &TestSite) {
    for entry in walkdir::WalkDir::new(site.path("output"))
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).expect("read");
            assert!(
                !String::from_utf8_lossy(&bytes).contains("hemmelig"),
                "{} holds the secret",
                entry.path().display()
            );
        }
    }
}

#[test]
fn a_static_folder_linked_out_of_the_site_is_refused() {
    let out = outside();
    let site = TestSite::new("minimal");
    symlink(out.path(), site.path("static")).expect("link");
    let run = site.run(&["check", "--format", "short"]);
    insta::assert_snapshot!(anonymous(&shown(&run), out.path()));
    let built = site.run(&["build", "--no-pdf", "--format", "short"]);
    assert_eq!(built.code, 1);
    assert!(!site.path("output").exists());

    // A single file linked out, and one linked inside the site (followed).
    std::fs::remove_file(site.path("static")).expect("rm");
    std::fs::create_dir_all(site.path("static/billeder")).expect("mkdir");
    std::fs::write(site.path("static/billeder/org.txt"), "org").expect("write");
    symlink(out.path().join("passwd"), site.path("static/passwd.txt")).expect("link");
    symlink(site.path("static/billeder"), site.path("static/også")).expect("link");
    let run = site.run(&["build", "--no-pdf", "--format", "short"]);
    insta::assert_snapshot!(
        "a_static_file_linked_out_of_the_site_is_refused",
        anonymous(&shown(&run), out.path())
    );
    std::fs::remove_file(site.path("static/passwd.txt")).expect("rm");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(site.read("output/også/org.txt"), "org");
    published_nothing_secret(&site);
}

#[test]
fn a_theme_linked_out_of_the_site_or_given_as_a_path_is_refused() {
    let out = outside();
    let site = TestSite::new("minimal");
    std::fs::create_dir_all(site.path("themes")).expect("mkdir");
    symlink(out.path(), site.path("themes/ude")).expect("link");
    site.edit("content/_index.md", "tema: standard", "tema: ude");
    let run = site.run(&["check", "--format", "short"]);
    insta::assert_snapshot!(anonymous(&shown(&run), out.path()));

    for path in [format!("{}", out.path().display()), "../../x".to_string()] {
        let text = site.read("content/_index.md");
        let line = text.lines().find(|l| l.starts_with("tema:")).expect("tema");
        site.edit("content/_index.md", line, &format!("tema: {path}"));
        let run = site.run(&["build", "--format", "short"]);
        assert_eq!(run.code, 1);
        let shown = anonymous(&run.stderr, out.path());
        assert!(
            shown.starts_with(&format!("content/_index.md:6:7: fejl[MRP122]: 'tema' skal være navnet på en mappe i themes/, ikke en sti: '{}'.", anonymous(&path, out.path()))),
            "{shown}"
        );
        assert!(!site.path("output").exists());
    }
}

#[test]
fn plans_linked_inside_the_site_are_followed_and_out_of_it_refused() {
    let out = outside();
    std::fs::write(out.path().join("plan.md"), "---\nskema: 1\n---\n").expect("write");
    let site = TestSite::new("minimal");
    std::fs::create_dir_all(site.path("kilder")).expect("mkdir");
    std::fs::rename(site.path(PLAN), site.path("kilder/abc.md")).expect("mv");
    symlink(site.path("kilder/abc.md"), site.path(PLAN)).expect("link");
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path("output/planer/2025/abc/index.html").is_file());

    symlink(
        out.path().join("plan.md"),
        site.path("content/planer/2025/abd.md"),
    )
    .expect("link");
    insta::assert_snapshot!(anonymous(&check(&site), out.path()));
}

#[test]
fn only_web_addresses_pass_for_links_in_front_matter() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/_index.md",
        "tilgængelighedserklæring: https://www.was.digst.dk/test-example-dk",
        "tilgængelighedserklæring: javascript:alert(document.cookie)",
    );
    site.edit(
        "content/_index.md",
        "base_url: https://test.example.dk",
        "base_url: \"data:text/html,<script>alert(1)</script>\"",
    );
    site.edit(
        "content/styrelser/abc.md",
        "url: https://abs.example.dk",
        "url: \" JaVaScRiPt:alert(1)\"",
    );
    insta::assert_snapshot!(check(&site));
}

#[test]
fn formula_cells_are_neutralised_in_the_csv_and_kept_in_the_json() {
    let site = TestSite::new("minimal");
    let formula = "=HYPERLINK(\"https://angriber.example\";\"Klik\")";
    site.edit(
        PLAN,
        "titel: Digitalisering af arkivet",
        &format!("titel: '{formula}'"),
    );
    site.edit(
        PLAN,
        "succeskriterium: Mindst 60 pct. ved årets udgang",
        "succeskriterium: \"+45 1234 5678\"",
    );
    site.edit(PLAN, "baseline: 41 pct. i 2024", "baseline: \"-2 pct.\"");
    site.edit(
        PLAN,
        "datakilde: Arkivregistret",
        "datakilde: \"@SUM(A1:A9)\"",
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = site.read("output/data/mål.csv");
    let header = crate::build::split_csv(
        csv.lines()
            .next()
            .expect("header")
            .trim_start_matches('\u{feff}'),
    );
    let row = crate::build::split_csv(csv.lines().nth(1).expect("row"));
    let cell = |name: &str| {
        let i = header.iter().position(|h| h == name).expect("column");
        row[i].clone()
    };
    assert_eq!(cell("titel"), format!("'{formula}"));
    assert_eq!(cell("succeskriterium"), "'+45 1234 5678");
    assert_eq!(cell("baseline"), "'-2 pct.");
    assert_eq!(cell("datakilde"), "'@SUM(A1:A9)");
    // The raw line: the quote is inside the CSV quoting, before the '='.
    assert!(csv.contains("\"'=HYPERLINK(\"\"https://angriber.example\"\";\"\"Klik\"\")\""));
    let json: serde_json::Value =
        serde_json::from_str(&site.read("output/data/planer.json")).expect("json");
    let goal = &json["planer"][0]["mål"][0];
    assert_eq!(goal["titel"], formula);
    assert_eq!(goal["baseline"], "-2 pct.");

    let report = site.run(&["report", "--år", "2025", "--format", "csv"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert!(
        report
            .stdout
            .contains(&format!("\"'{}\"", formula.replace('"', "\"\""))),
        "{}",
        report.stdout
    );
    assert!(!report.stdout.contains(";=HYPERLINK"));
}

/// A list `depth` levels deep.
fn nested_list(depth: usize) -> String {
    (0..depth)
        .map(|i| format!("{}- niveau {}\n", "  ".repeat(i), i + 1))
        .collect()
}

#[test]
fn a_list_26_levels_deep_and_a_word_of_20000_characters_fail_check() {
    let site = TestSite::new("minimal");
    let text = site.read(PLAN);
    site.write(PLAN, &format!("{text}\n{}", nested_list(26)));
    insta::assert_snapshot!("a_list_26_levels_deep_fails_check", check(&site));
    let run = site.run(&["check"]);
    // The human form shows the line where the 11th level starts.
    assert!(
        run.stdout.contains("- niveau 11\n") && !run.stdout.contains("niveau 12"),
        "{}",
        run.stdout
    );

    let word = "a".repeat(20_000);
    site.write(PLAN, &format!("{text}\nEt ord: {word} slut.\n"));
    insta::assert_snapshot!("a_word_of_20000_characters_fails_check", check(&site));
    // The excerpt is cut around the word: no 20,000-character line is printed.
    let run = site.run(&["check"]);
    assert!(
        run.stdout.lines().all(|l| l.chars().count() < 400),
        "{}",
        run.stdout.len()
    );
}

#[test]
fn a_plan_of_50_mb_is_refused_without_being_read() {
    let site = TestSite::new("minimal");
    let text = site.read(PLAN);
    let mut big = text.clone().into_bytes();
    big.resize(50 * 1024 * 1024, b'a');
    std::fs::write(site.path(PLAN), big).expect("write");
    insta::assert_snapshot!(check(&site));
}

#[test]
fn plans_at_the_limits_build_with_their_pdfs() {
    let site = TestSite::new("minimal");
    let text = site.read(PLAN);
    let quotes: String = (1..=10)
        .map(|i| format!("{} citat {i}\n", ">".repeat(i)))
        .collect();
    let emphasis = "*a **b *c **d *e **f *g **h *i **j** i* h** g* f** e* d** c* b** a*";
    let word = "ø".repeat(100);
    let table = "| a | b |\n|---|---|\n| x | y |\n";
    let mixed = format!("- liste\n  > citat\n  > - liste\n  >   > citat\n  >   > {table}");
    site.write(
        PLAN,
        &format!(
            "{text}\n{}\n{quotes}\n{emphasis}\n\nEt ord: {word} her.\n\n{mixed}\n",
            nested_list(10)
        ),
    );
    let checked = site.run(&["check", "--format", "short"]);
    assert_eq!(checked.code, 0, "{}", checked.stdout);
    let built = site.run(&["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(site.path("output/planer/2025/abc.pdf").is_file());
}

#[test]
fn too_many_goals_and_too_high_max_goals() {
    let site = TestSite::new("minimal");
    let text = site.read(PLAN);
    let start = text.find("  - nr: 4").expect("goal 4");
    let end = text[start..]
        .find("\n  - nr:")
        .map_or(text.len(), |i| start + i + 1);
    let goal = &text[start..end];
    let extra: String = (5..=52)
        .map(|n| {
            goal.replace("  - nr: 4", &format!("  - nr: {n}"))
                .replace("    vægt: 10\n", "")
        })
        .collect();
    site.write(PLAN, &text.replacen(goal, &format!("{goal}{extra}"), 1));
    site.edit(
        "content/_index.md",
        "tilgængelighedserklæring:",
        "regler:\n  max_mål: 1000\ntilgængelighedserklæring:",
    );
    let out = check(&site);
    let ours: Vec<&str> = out.lines().filter(|l| l.contains("MRP127")).collect();
    insta::assert_snapshot!(ours.join("\n"));
}

#[test]
fn a_folder_with_a_name_that_is_not_utf8_does_not_shadow_the_real_plan() {
    let site = TestSite::new("minimal");
    let bad = std::ffi::OsStr::from_bytes(b"\xff");
    let shadow = site.path("content/planer").join(bad).join("2025");
    std::fs::create_dir_all(&shadow).expect("mkdir");
    let fake = site
        .read(PLAN)
        .replace("Digitalisering af arkivet", "Falsk plan");
    std::fs::write(shadow.join("abc.md"), &fake).expect("write");
    let agency = site.path("content/styrelser").join(bad);
    std::fs::create_dir_all(&agency).expect("mkdir");
    std::fs::write(agency.join("abc.md"), site.read("content/styrelser/abc.md")).expect("write");
    insta::assert_snapshot!(check(&site));
    // The error stops the build; the real plan was never replaced.
    assert_eq!(site.run(&["build", "--no-pdf"]).code, 1);
    std::fs::remove_dir_all(site.path("content/planer").join(bad)).expect("rm");
    std::fs::remove_dir_all(&agency).expect("rm");
    assert_eq!(site.run(&["build", "--no-pdf"]).code, 0);
    let page = site.read("output/planer/2025/abc/index.html");
    assert!(page.contains("Digitalisering af arkivet") && !page.contains("Falsk plan"));
}

#[test]
fn file_names_that_are_not_slugs_and_invalid_utf8_are_located_errors() {
    let site = TestSite::new("minimal");
    let agency = site.read("content/styrelser/abc.md");
    site.write("content/styrelser/a\"b<c.md", &agency);
    site.write("content/styrelser/FMI.md", &agency);
    let mut broken = site.read(PLAN).into_bytes();
    let at = broken
        .windows(6)
        .position(|w| w == "Arkivd".as_bytes())
        .expect("Arkivdrift");
    // "Arkivdrift" with a Windows-1252 'æ' (0xE6) written into it.
    broken[at + 5] = 0xe6;
    std::fs::write(site.path(PLAN), broken).expect("write");
    // Another plan with its own problem: still checked.
    let other = site
        .read("content/styrelser/abc.md")
        .replace("ABS", "XYZ")
        .replace("Arkiv- og Bygningsstyrelsen", "Xyz");
    site.write("content/styrelser/xyz.md", &other);
    site.write(
        "content/planer/2025/xyz.md",
        "---\nskema: 1\nstyrelse: xyz\n---\n",
    );
    insta::assert_snapshot!(check(&site));
}

#[test]
fn two_files_for_the_same_plan_are_an_error() {
    let site = TestSite::new("minimal");
    site.write("content/planer/2025/kopi.md", &site.read(PLAN));
    let out = check(&site);
    let ours: Vec<&str> = out.lines().filter(|l| l.contains("MRP121")).collect();
    assert_eq!(
        ours,
        [
            "content/planer/2025/kopi.md:3:11: fejl[MRP121]: Der er allerede en plan for abc 2025 i content/planer/2025/abc.md. Tip: Hver styrelse har én plan pr. år: slet den ene fil, eller ret 'styrelse' eller mappen."
        ]
    );
    // A year folder written another way is not a second 2025.
    site.write("content/planer/02025/abc.md", &site.read(PLAN));
    assert!(check(&site).contains(
        "content/planer/02025/abc.md:1:1: fejl[MRP021]: Mappen planer/02025/ er ikke et årstal."
    ));
}

#[test]
fn escapes_in_understøtter_and_nr_are_compared_as_decoded_values() {
    let site = TestSite::new("minimal");
    site.edit(
        PLAN,
        "understøtter: [P1]\n    beskrivelse: Styrelsen digitaliserer",
        "understøtter: [\"P\\u0031\"]\n    beskrivelse: Styrelsen digitaliserer",
    );
    site.edit(PLAN, "  - nr: 2\n", "  - nr: \"\\x32\"\n");
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 0, "{}", shown(&run));
    // nr: "\x32" is goal 2; a second goal 2 is a duplicate.
    site.edit(PLAN, "  - nr: 3\n", "  - nr: 2\n");
    let out = check(&site);
    assert!(out.contains("fejl[MRP022]"), "{out}");
    // A float keeps its written form: 2.10 is not 2.1.
    let site = TestSite::new("minimal");
    site.edit(PLAN, "  - nr: 1\n", "  - nr: 2.10\n");
    site.edit(PLAN, "  - nr: 2\n", "  - nr: 2.1\n");
    assert_eq!(site.run(&["build", "--no-pdf"]).code, 0);
    let json: serde_json::Value =
        serde_json::from_str(&site.read("output/data/planer.json")).expect("json");
    assert_eq!(json["planer"][0]["mål"][0]["nr"], "2.10");
    assert_eq!(json["planer"][0]["mål"][1]["nr"], "2.1");
}

#[test]
fn staging_folders_of_a_killed_build_are_removed_by_the_next() {
    let site = TestSite::new("minimal");
    // Folders as a build killed with -9 leaves them, named by a process that
    // is gone (a child that has exited) and by one that runs (this test).
    let mut child = std::process::Command::new("true").spawn().expect("spawn");
    let dead = child.id();
    child.wait().expect("wait");
    let live = std::process::id();
    for name in [
        format!(".output.ny-{dead}"),
        format!(".output.gammel-{dead}"),
        format!(".output.ny-{live}"),
    ] {
        std::fs::create_dir_all(site.path(&name).join("planer")).expect("mkdir");
        std::fs::write(site.path(&name).join("index.html"), "gammel").expect("write");
    }
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut left: Vec<String> = std::fs::read_dir(site.dir.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    left.sort();
    assert_eq!(left, [format!(".output.ny-{live}")]);
}

#[test]
fn an_empty_agency_file_gives_one_error() {
    let site = TestSite::new("minimal");
    site.write("content/styrelser/abc.md", "");
    insta::assert_snapshot!(check(&site));
}

#[test]
fn a_very_long_line_prints_as_a_short_excerpt_at_the_right_column() {
    let site = TestSite::new("minimal");
    // One line of 200,000 characters (under the file limit), with a word
    // that is too long at its end.
    let line = format!("{}{}", "x ".repeat(100_000), "a".repeat(150));
    let text = site.read(PLAN);
    site.write(PLAN, &format!("{text}\n{line}\n"));
    let run = site.run(&["check"]);
    assert!(
        run.stdout.len() < 2_000,
        "{} bytes printed",
        run.stdout.len()
    );
    insta::assert_snapshot!(run.stdout);
}
