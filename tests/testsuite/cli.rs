//! The command line in Danish: help, argument errors, fatal errors as JSON,
//! OS errors, figures, forgiving agency names, completions and man pages.

use crate::TestSite;

/// English words clap would print if a text slipped through untranslated.
const ENGLISH: [&str; 9] = [
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Print",
    "default:",
    "possible values",
    "error:",
    "[OPTIONS]",
];

fn assert_danish(text: &str) {
    for word in ENGLISH {
        assert!(!text.contains(word), "'{word}' in:\n{text}");
    }
}

#[test]
fn help_is_danish() {
    let site = TestSite::new("minimal");
    let run = site.run(&["--help"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_danish(&run.stdout);
    insta::assert_snapshot!("help", run.stdout);
    let build = site.run(&["build", "--help"]);
    assert_eq!(build.code, 0);
    assert_danish(&build.stdout);
    insta::assert_snapshot!("build_help", build.stdout);
    // `help KOMMANDO` is the same text, also for a nested command.
    assert_eq!(site.run(&["help", "build"]).stdout, build.stdout);
    let plan = site.run(&["help", "new", "plan"]);
    assert_eq!(plan.stdout, site.run(&["new", "plan", "--help"]).stdout);
    assert!(
        plan.stdout.starts_with("Ny plan for et år"),
        "{}",
        plan.stdout
    );
    // No command: the help, as an error.
    let bare = site.run(&[]);
    assert_eq!(bare.code, 2);
    assert_eq!(bare.stderr, run.stdout);
}

#[test]
fn a_wrong_subcommand_is_explained_in_danish_with_a_suggestion() {
    let site = TestSite::new("minimal");
    let run = site.run(&["buld"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("wrong_subcommand", run.stderr);
    assert!(
        run.stderr
            .starts_with("fejl: ukendt kommando 'buld' – mente du 'build'?\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn argument_errors_are_danish() {
    let site = TestSite::new("minimal");
    let cases: &[(&[&str], &str)] = &[
        (
            &["check", "--format", "jsn"],
            "fejl: ugyldig værdi 'jsn' for '--format <FORMAT>' – mente du 'json'?\n  tip: mulige værdier: human, short, json\n\nSe mere med: mrplan check --help\n",
        ),
        (
            &["report", "--år", "tyve"],
            "fejl: ugyldig værdi 'tyve' for '--år <ÅR>': det skal være et helt tal\n\nSe mere med: mrplan report --help\n",
        ),
        (
            &["serve", "--port", "70000"],
            "fejl: ugyldig værdi '70000' for '--port <PORT>': tallet skal ligge fra 0 til 65535\n\nSe mere med: mrplan serve --help\n",
        ),
        (
            &["new", "plan", "--styrelse", "fmi"],
            "fejl: '--år <ÅR>' skal angives\n\nBrug: mrplan new plan --styrelse <STYRELSE> --år <ÅR>\n\nSe mere med: mrplan new plan --help\n",
        ),
        (
            &["check", "--strikt"],
            "fejl: ukendt tilvalg '--strikt' – mente du '--strict'?\n\nBrug: mrplan check --strict\n\nSe mere med: mrplan check --help\n",
        ),
        (
            &["--drafts", "build"],
            "fejl: ukendt tilvalg '--drafts'\n  tip: det findes under en anden kommando: mrplan build --drafts\n\nBrug: mrplan [TILVALG] <KOMMANDO>\n\nSe mere med: mrplan build --help\n",
        ),
        (
            &["check", "--hent"],
            "fejl: '--a11y' skal angives\n\nBrug: mrplan check --a11y --hent\n\nSe mere med: mrplan check --help\n",
        ),
    ];
    for (args, expected) in cases {
        let run = site.run(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stderr, *expected, "{args:?}");
    }
}

#[test]
fn format_json_makes_fatal_errors_one_json_object() {
    let site = TestSite::new("minimal");
    let one_object = |text: &str| -> serde_json::Value {
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1, "{text}");
        serde_json::from_str(lines[0]).expect("JSON")
    };
    // check prints its diagnostics on stdout, so its fatal error too.
    let run = site.run(&["--root", "findes-ikke", "check", "--format", "json"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "");
    assert_eq!(
        one_object(&run.stdout),
        serde_json::json!({
            "severity": "error",
            "message": "Mappen 'findes-ikke/content' findes ikke. Kør mrplan fra sidens rodmappe (der hvor content/ ligger), eller angiv den med --root.",
            "hint": "start en ny side med: mrplan init",
        })
    );
    // build prints them on stderr.
    let build = site.run(&["-C", "findes-ikke", "build", "--format", "json"]);
    assert_eq!(build.code, 2);
    assert_eq!(build.stdout, "");
    assert_eq!(one_object(&build.stderr)["severity"], "error");
    let report = site.run(&[
        "-C",
        "findes-ikke",
        "report",
        "--år",
        "2025",
        "--fejlformat",
        "json",
    ]);
    assert_eq!(report.code, 2);
    assert_eq!(one_object(&report.stderr)["severity"], "error");
    // An argument error too.
    let wrong = site.run(&["-C", ".", "check", "--format=json", "--strikt"]);
    assert_eq!(wrong.code, 2);
    assert_eq!(
        one_object(&wrong.stdout),
        serde_json::json!({
            "severity": "error",
            "message": "ukendt tilvalg '--strikt' – mente du '--strict'?",
            "hint": "Se mere med: mrplan check --help",
        })
    );
}

#[test]
fn os_errors_are_explained_in_danish_with_the_path() {
    let site = TestSite::new("minimal");
    let missing = site.run(&["pdf", "content/planer/2025/findes-ikke.md"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "fejl: Kan ikke finde content/planer/2025/findes-ikke.md: filen eller mappen findes ikke.\n"
    );
    // An output folder below a file.
    site.write("fil.txt", "x");
    let below = site.run(&["build", "--no-pdf", "-o", "fil.txt/site"]);
    assert_eq!(below.code, 2);
    assert!(
        below
            .stderr
            .ends_with("fil.txt: der findes allerede en fil eller mappe med det navn.\n"),
        "{}",
        below.stderr
    );
    assert!(below.stderr.contains("fil.txt"), "{}", below.stderr);
    // A plan saved in another encoding than UTF-8.
    std::fs::write(
        site.path("content/planer/2025/abc.md"),
        b"---\nnavn: \xe6\n---\n",
    )
    .expect("write");
    // It is a located error in that file (MRP123); the check goes on.
    let latin1 = site.run(&["check", "--format", "short"]);
    assert_eq!(latin1.code, 1);
    assert!(
        latin1.stdout.starts_with(
            "content/planer/2025/abc.md:2:7: fejl[MRP123]: Filen er ikke gyldig UTF-8 tekst."
        ),
        "{}",
        latin1.stdout
    );
}

#[test]
fn figures_have_a_decimal_comma() {
    let site = TestSite::new("minimal");
    let run = site.run(&["build", "--no-pdf", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // "Byggede 1 plan og 1 styrelse: 10 filer i output/ (0,04 s). ..."
    let seconds = run
        .stderr
        .split_once("output/ (")
        .and_then(|(_, rest)| rest.split_once(" s)."))
        .map(|(s, _)| s)
        .expect("the time");
    let (whole, decimals) = seconds.split_once(',').expect("a decimal comma");
    assert!(
        whole.chars().all(|c| c.is_ascii_digit()) && decimals.len() == 2,
        "{seconds}"
    );
    // -v: "  indlæs          5,4 ms"
    let phase = run
        .stderr
        .lines()
        .find(|l| l.trim_start().starts_with("indlæs"))
        .expect("the load phase");
    assert!(
        phase.ends_with(" ms") && phase.contains(',') && !phase.contains('.'),
        "{phase}"
    );
}

#[test]
fn agencies_are_found_by_abbreviation_in_any_case() {
    let site = TestSite::new("default");
    let lower = site.run(&["report", "--år", "2024", "--styrelse", "fmi"]);
    assert_eq!(lower.code, 0, "{}", lower.stderr);
    assert!(
        lower
            .stdout
            .contains("Forsvarsministeriets Materiel- og Indkøbsstyrelse")
    );
    for given in ["FMI", "Fmi", " fmi "] {
        let run = site.run(&["report", "--aar", "2024", "--styrelse", given]);
        assert_eq!(run.code, 0, "{given}: {}", run.stderr);
        assert_eq!(run.stdout, lower.stdout, "{given}");
    }
    // The docx is named by the slug, whatever was typed.
    let docx = site.run(&[
        "report",
        "--år",
        "2024",
        "--styrelse",
        "FMI",
        "--format",
        "docx",
    ]);
    assert_eq!(docx.code, 0, "{}", docx.stderr);
    assert!(site.path("maalrapportering-2024-fmi.docx").is_file());

    let plan = site.run(&["new", "plan", "--styrelse", "FMI", "--aar", "2027"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(
        site.read("content/planer/2027/fmi.md")
            .contains("\nstyrelse: fmi\n")
    );
    let agency = site.run(&["new", "styrelse", "DALO", "--navn", "Test"]);
    assert_eq!(agency.code, 0, "{}", agency.stderr);
    assert!(
        site.read("content/styrelser/dalo.md")
            .contains("forkortelse: \"DALO\"")
    );

    let unknown = site.run(&["report", "--år", "2024", "--styrelse", "XYZ"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .starts_with("fejl: Styrelsen 'XYZ' findes ikke."),
        "{}",
        unknown.stderr
    );
}

#[test]
fn completions_are_generated_from_the_cli() {
    let site = TestSite::new("minimal");
    let run = site.run(&["completions", "bash"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for word in [
        "init",
        "completions",
        "--styrelse",
        "--a11y",
        "--fejlformat",
    ] {
        assert!(run.stdout.contains(word), "{word}");
    }
    site.write("mrplan.bash", &run.stdout);
    let parsed = std::process::Command::new("bash")
        .arg("-n")
        .arg(site.path("mrplan.bash"))
        .output()
        .expect("bash");
    assert!(
        parsed.status.success(),
        "{}",
        String::from_utf8_lossy(&parsed.stderr)
    );
    for shell in ["zsh", "fish", "powershell"] {
        let run = site.run(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}");
        assert!(run.stdout.contains("styrelse"), "{shell}");
    }
}

#[test]
fn man_pages_are_danish_and_cover_every_command() {
    let site = TestSite::new("minimal");
    let run = site.run(&["man", "man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let main = site.read("man/mrplan.1");
    for heading in [
        ".SH NAVN",
        ".SH BRUG",
        ".SH BESKRIVELSE",
        ".SH \"FÆLLES TILVALG\"",
        ".SH KOMMANDOER",
    ] {
        assert!(main.contains(&format!("{heading}\n")), "{heading}:\n{main}");
    }
    for english in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        "[default",
        "Possible values",
    ] {
        assert!(!main.contains(english), "{english}");
    }
    for command in [
        "init", "check", "build", "pdf", "report", "serve", "new-plan", "schema",
    ] {
        let page = site.read(&format!("man/mrplan-{command}.1"));
        assert!(
            page.contains(".SH TILVALG") || page.contains(".SH ARGUMENTER"),
            "{command}"
        );
    }
    assert!(!site.path("man/mrplan-man.1").exists());
    assert!(!site.path("man/mrplan-help.1").exists());
}
