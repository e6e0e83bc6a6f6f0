//! `mrplan build`: the default content and fixtures built for real, with the
//! output parsed as HTML, XML, JSON and CSV.

use scraper::{Html, Selector};

use crate::{Run, TestSite, tree};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn page(site: &TestSite, rel: &str) -> Html {
    Html::parse_document(&site.read(&format!("output/{rel}")))
}

fn built(site: &TestSite, args: &[&str]) -> Run {
    let run = site.run(args);
    assert_eq!(run.code, 0, "build failed:\n{}{}", run.stdout, run.stderr);
    run
}

#[test]
fn front_page_lists_published_plans_by_year_newest_first() {
    let site = TestSite::built_default();
    let index = page(site, "index.html");
    let html = index.select(&sel("html")).next().expect("html");
    assert_eq!(html.value().attr("lang"), Some("da"));

    // The skip link is the first focusable element and leads to the main content.
    let first_link = index.select(&sel("a")).next().expect("a link");
    assert_eq!(first_link.text().collect::<String>(), "Spring til indhold");
    assert_eq!(first_link.value().attr("href"), Some("#indhold"));
    assert_eq!(index.select(&sel("main#indhold")).count(), 1);

    assert_eq!(
        crate::texts(&index, ".listing .year h2"),
        vec![
            "Mål- og resultatplaner 2026",
            "Mål- og resultatplaner 2025",
            "Mål- og resultatplaner 2024"
        ]
    );
    // 7 agencies a year, less the FRS 2026 draft.
    let per_year: Vec<usize> = index
        .select(&sel(".listing .year"))
        .map(|y| y.select(&sel("table.plans tbody tr")).count())
        .collect();
    assert_eq!(per_year, vec![6, 7, 7]);
    let names_2026 = crate::texts(&index, "#aar-2026 ~ table.plans tbody th a");
    assert!(
        !names_2026.iter().any(|n| n.contains("Regnskabsstyrelse")),
        "{names_2026:?}"
    );
    assert!(names_2026.contains(&"Hjemmeværnskommandoen".to_string()));

    // Every plan link leads to a page that was written.
    for a in index.select(&sel("table.plans a")) {
        let href = a.value().attr("href").expect("href");
        assert!(site.path(&format!("output/{href}")).is_file(), "{href}");
    }
    assert_eq!(
        crate::texts(&index, "#mission-vision"),
        vec!["Koncernfælles mission og vision"]
    );
    let footer_links = crate::texts(&index, "footer a");
    assert!(
        footer_links.contains(&"Tilgængelighedserklæring".to_string()),
        "{footer_links:?}"
    );
}

#[test]
fn plan_page_matches_its_source() {
    let site = TestSite::built_default();
    let loaded = mrplan::load::load(site.dir.path()).expect("load");
    let plan = loaded
        .content
        .plans
        .iter()
        .find(|p| p.year() == 2024 && p.slug() == "hjk")
        .expect("hjk 2024");
    let doc = page(site, "planer/2024/hjk/index.html");

    assert_eq!(
        crate::texts(&doc, "h1"),
        vec!["Mål- og resultatplan 2024 for Hjemmeværnskommandoen"]
    );
    // The page's own title (the charts' SVGs have titles of their own).
    assert_eq!(
        crate::texts(&doc, "head > title"),
        vec!["Mål- og resultatplan 2024 for Hjemmeværnskommandoen | Forsvarsministeriet"]
    );
    // The goals table: a caption, column headers with scope, one row per goal in order.
    let table = doc.select(&sel("table.goals")).next().expect("goals table");
    assert_eq!(table.select(&sel("caption")).count(), 1);
    let headers: Vec<String> = table
        .select(&sel("thead th"))
        .map(|th| {
            assert_eq!(th.value().attr("scope"), Some("col"));
            th.text().collect()
        })
        .collect();
    assert_eq!(
        headers,
        vec!["Nr.", "Mål", "Succeskriterium", "Frist", "Vægt", "Resultat"]
    );
    let rows: Vec<String> = table
        .select(&sel("tbody tr td:nth-child(2)"))
        .map(|td| td.text().collect())
        .collect();
    let titles: Vec<String> = plan.goals.iter().map(|g| g.title.clone()).collect();
    assert_eq!(rows, titles);
    let weights: Vec<String> = table
        .select(&sel("tbody td.num"))
        .map(|td| td.text().collect())
        .collect();
    let expected: Vec<String> = plan
        .goals
        .iter()
        .map(|g| format!("{} %", g.weight.as_ref().map(|w| w.value).unwrap_or(0)))
        .collect();
    assert_eq!(weights, expected);
    // Each row links to the goal's details on the same page.
    for a in table.select(&sel("tbody a")) {
        let id = a
            .value()
            .attr("href")
            .expect("href")
            .trim_start_matches('#');
        assert_eq!(
            doc.select(&sel(&format!("article#{id}"))).count(),
            1,
            "{id}"
        );
    }
    let sig = plan.signature.as_ref().expect("signature");
    assert_eq!(
        crate::texts(&doc, ".signer-name"),
        vec![
            sig.department_head.as_ref().expect("dep").value.clone(),
            sig.agency_head.as_ref().expect("dir").value.clone()
        ]
    );
    let statuses = crate::texts(&doc, "table.goals tbody .status");
    assert_eq!(statuses.len(), plan.goals.len());
    assert!(statuses.iter().any(|s| s == "Ikke opfyldt"), "{statuses:?}");
}

#[test]
fn updated_time_is_shown_in_danish_format() {
    let site = TestSite::new("minimal");
    built(&site, &["build"]);
    let doc = page(&site, "planer/2025/abc/index.html");
    assert_eq!(
        crate::texts(&doc, ".updated"),
        vec!["Sidst opdateret 15-01-2025 - kl. 09:56"]
    );
    assert_eq!(
        crate::texts(&doc, "#paategning + p"),
        vec!["København, den 16. december 2024"]
    );
}

#[test]
fn agency_page_lists_every_year() {
    let site = TestSite::built_default();
    let doc = page(site, "styrelser/fmi/index.html");
    assert_eq!(
        crate::texts(&doc, "table.plans tbody th a"),
        vec![
            "Mål- og resultatplan 2026 for Forsvarsministeriets Materiel- og Indkøbsstyrelse",
            "Mål- og resultatplan 2025 for Forsvarsministeriets Materiel- og Indkøbsstyrelse",
            "Mål- og resultatplan for Forsvarsministeriets Materiel- og Indkøbsstyrelse 2024",
        ]
    );
    // Each published plan links its PDF, which is there.
    for a in doc.select(&sel("table.plans a.pdf")) {
        let href = a.value().attr("href").expect("href");
        assert!(
            site.path("output/styrelser/fmi").join(href).is_file(),
            "{href}"
        );
    }
    assert_eq!(doc.select(&sel("table.plans a.pdf")).count(), 3);
    let agencies = page(site, "styrelser/index.html");
    assert_eq!(agencies.select(&sel(".agency-list li")).count(), 7);
}

#[test]
fn drafts_are_published_only_on_request() {
    let site = TestSite::new("default");
    let run = built(&site, &["build", "--no-pdf"]);
    assert!(!site.path("output/planer/2026/frs/index.html").exists());
    // The build says what it left out, and how to see it.
    assert!(
        run.stderr.contains(
            "1 udkast er ikke udgivet: content/planer/2026/frs.md (brug --drafts for at se det)."
        ),
        "{}",
        run.stderr
    );
    let published = tree(&site.path("output"));

    // A preview with drafts goes to output-udkast/, never output/.
    let run = built(&site, &["build", "--no-pdf", "--drafts"]);
    assert!(
        run.stderr.contains("Forhåndsvisningen med udkast ligger i"),
        "{}",
        run.stderr
    );
    assert_eq!(
        tree(&site.path("output")),
        published,
        "--drafts touched output/"
    );
    let doc = Html::parse_document(&site.read("output-udkast/planer/2026/frs/index.html"));
    assert_eq!(crate::texts(&doc, ".draft-note strong"), vec!["Udkast."]);
    // Every page of a preview says so and keeps search engines away.
    let index = Html::parse_document(&site.read("output-udkast/index.html"));
    assert_eq!(
        crate::texts(&index, ".preview-banner strong"),
        vec!["Forhåndsvisning med udkast."]
    );
    let robots = index
        .select(&sel("meta[name=robots]"))
        .next()
        .and_then(|m| m.value().attr("content"));
    assert_eq!(robots, Some("noindex, nofollow"));
    // Feeds never name a draft, not even in a preview.
    let sitemap = site.read("output-udkast/sitemap.xml");
    assert!(!sitemap.contains("planer/2026/frs/"), "{sitemap}");
    assert!(
        !site
            .read("output-udkast/atom.xml")
            .contains("planer/2026/frs/")
    );
    // The published site has no banner.
    let index = page(&site, "index.html");
    assert!(crate::texts(&index, ".preview-banner").is_empty());

    // Asking for drafts in output/ is refused, and output/ stays as it was.
    for args in [
        &["build", "--drafts", "-o", "output"][..],
        &["build", "--drafts", "-o", "./output/"][..],
    ] {
        let run = site.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("Udkast bygges aldrig til output: den mappe er den udgivne side")
                || run
                    .stderr
                    .contains("Udkast bygges aldrig til ./output/: den mappe er den udgivne side"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(tree(&site.path("output")), published);
}

#[test]
fn open_data_and_feeds_cover_every_published_goal() {
    let site = TestSite::built_default();
    let loaded = mrplan::load::load(site.dir.path()).expect("load");
    let published: Vec<_> = loaded
        .content
        .plans
        .iter()
        .filter(|p| !p.is_draft())
        .collect();
    let goals: usize = published.iter().map(|p| p.goals.len()).sum();

    let json: serde_json::Value =
        serde_json::from_str(&site.read("output/data/planer.json")).expect("json");
    let plans = json["planer"].as_array().expect("planer");
    assert_eq!(plans.len(), published.len());
    assert_eq!(
        plans
            .iter()
            .map(|p| p["mål"].as_array().map_or(0, Vec::len))
            .sum::<usize>(),
        goals
    );
    assert_eq!(plans[0]["år"], 2026);

    let csv = site.read("output/data/mål.csv");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().expect("header").split(';').collect();
    assert_eq!(header[..5], ["id", "år", "styrelse", "styrelse_navn", "nr"]);
    let rows: Vec<Vec<String>> = lines.map(split_csv).collect();
    assert_eq!(rows.len(), goals);
    assert!(
        rows.iter().all(|r| r.len() == header.len()),
        "every row has every column"
    );

    let sitemap = site.read("output/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap xml");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(locs.len(), 2 + 7 + published.len());
    assert!(locs.contains(&"https://mrplan.example.dk/planer/2024/hjk/"));

    let atom = site.read("output/atom.xml");
    let doc = roxmltree::Document::parse(&atom).expect("atom xml");
    let entries = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .count();
    assert_eq!(entries, published.len());
}

/// Splits one `;` line with `"` quoting.
pub fn split_csv(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().expect("field").push('"');
            }
            '"' => quoted = !quoted,
            ';' if !quoted => out.push(String::new()),
            c => out.last_mut().expect("field").push(c),
        }
    }
    out
}

#[test]
fn user_text_is_escaped_everywhere() {
    let site = TestSite::new("minimal");
    let plan = "content/planer/2025/abc.md";
    site.edit(
        plan,
        "titel: Digitalisering af arkivet",
        "titel: \"<script>alert('titel')</script> & co\"",
    );
    site.edit(
        plan,
        "## Indledning",
        "## Indledning\n\n<img src=x onerror=alert(1)> <b>fed</b>\n\n[klik](javascript:alert(2))",
    );
    built(&site, &["build"]);
    let raw = site.read("output/planer/2025/abc/index.html");
    let doc = Html::parse_document(&raw);
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(doc.select(&sel(".prose img, .prose b")).count(), 0);
    let rows = crate::texts(&doc, "table.goals tbody td:nth-child(2)");
    assert_eq!(rows[0], "<script>alert('titel')</script> & co");
    assert!(
        crate::texts(&doc, ".prose p")
            .iter()
            .any(|p| p.contains("<img src=x onerror=alert(1)> <b>fed</b>"))
    );
    assert!(!raw.contains("javascript:"));
}

#[test]
fn failed_build_leaves_previous_output_whole() {
    let site = TestSite::new("minimal");
    built(&site, &["build"]);
    let before = site.read("output/planer/2025/abc/index.html");
    let files_before = count_files(&site.path("output"));
    site.edit(
        "content/planer/2025/abc.md",
        "titel: Svartider",
        "titel: Svartider\n    vaegt: 1",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("MRP004"), "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("Bygningen stoppede: 1 fejl. output/ er ikke ændret.\n"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("output/planer/2025/abc/index.html"), before);
    assert_eq!(count_files(&site.path("output")), files_before);
    // No staging folders are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(site.dir.path())
        .expect("ls")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".output"))
        .collect();
    assert!(leftovers.is_empty());
}

fn count_files(dir: &std::path::Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count()
}

#[test]
fn templates_override_the_theme_file_by_file() {
    let site = TestSite::new("minimal");
    site.write("templates/agencies.html", "{% extends \"base.html\" %}{% block content %}<h1>Vores styrelser</h1>{% endblock content %}");
    built(&site, &["build"]);
    assert_eq!(
        crate::texts(&page(&site, "styrelser/index.html"), "h1"),
        vec!["Vores styrelser"]
    );
    // Other pages still come from the theme.
    assert_eq!(
        page(&site, "index.html").select(&sel(".listing")).count(),
        1
    );
}

#[test]
fn template_errors_point_at_the_template() {
    let site = TestSite::new("minimal");
    site.write("templates/agencies.html", "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ agencies | no_such_filter }}</h1>\n{% endblock content %}\n");
    let run = site.run(&["build", "--format", "short"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn unknown_theme_is_reported_at_its_setting() {
    let site = TestSite::new("minimal");
    site.edit("content/_index.md", "tema: standard", "tema: moerk");
    let run = site.run(&["build", "--format", "short"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn broken_link_in_a_body_is_reported_at_its_line() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/planer/2025/abc.md",
        "../../../styrelser/abc/index.html",
        "../../../styrelser/abd/index.html",
    );
    let run = site.run(&["build", "--format", "short"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}
