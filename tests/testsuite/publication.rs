//! Publication-grade pages: the front page leads with the plans, links say
//! what a PDF is before it is opened, plan pages link the other years and
//! total their weights, the ministry's identity comes from the settings,
//! a signed original can be published, and every page reflows at 320 px
//! (in Chromium).

use std::path::Path;
use std::process::Command;

use scraper::{Html, Selector};

use crate::{TestSite, texts, texts_of};

fn page(site: &TestSite, rel: &str) -> Html {
    Html::parse_document(&site.read(rel))
}

fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(css).expect("selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// "Pdf, 4 sider, 62 kB" as the site writes it for the file at `rel`.
fn expected_facts(site: &TestSite, rel: &str) -> String {
    let bytes = std::fs::metadata(site.path(rel)).expect("pdf").len();
    let pages = lopdf::Document::load(site.path(rel))
        .expect("pdf parses")
        .get_pages()
        .len();
    let side = if pages == 1 { "side" } else { "sider" };
    format!("{pages} {side}, {} kB", bytes.div_ceil(1024))
}

#[test]
fn the_front_page_leads_with_the_plans_in_danish_name_order() {
    let site = TestSite::built_default();
    let doc = page(site, "output/index.html");
    let headings = texts(&doc, "main h2:not(.visually-hidden)");
    assert_eq!(
        headings[..4],
        [
            "Mål- og resultatplaner 2026",
            "Mål- og resultatplaner 2025",
            "Mål- og resultatplaner 2024",
            "Om mål- og resultatplanerne",
        ],
        "the plans come first, the explanation after"
    );
    // Every year's table lists the agencies by name, in the same order.
    let rows = texts(
        &doc,
        "#aar-2025 ~ table tbody th a, section.year table tbody th a",
    );
    let names_2025: Vec<String> = rows.iter().skip(6).take(7).cloned().collect();
    assert_eq!(
        names_2025,
        [
            "Forsvarets Efterretningstjeneste",
            "Forsvarskommandoen",
            "Forsvarsministeriets Ejendomsstyrelse",
            "Forsvarsministeriets Materiel- og Indkøbsstyrelse",
            "Forsvarsministeriets Personalestyrelse",
            "Forsvarsministeriets Regnskabsstyrelse",
            "Hjemmeværnskommandoen",
        ]
    );
    let agencies = texts(
        &page(site, "output/styrelser/index.html"),
        ".agency-list li > a",
    );
    let mut sorted = agencies.clone();
    sorted.sort();
    assert_eq!(agencies, sorted, "the agencies page sorts by name");
    let results = page(site, "output/resultater/2025/index.html");
    let listed = texts(&results, "main table tbody a");
    assert_eq!(listed[..2], names_2025[..2], "the results overview too");
}

#[test]
fn pdf_links_say_their_pages_and_size() {
    let site = TestSite::built_default();
    let doc = page(site, "output/index.html");
    let sel = Selector::parse("a.pdf").expect("selector");
    let mut seen = 0;
    for a in doc.select(&sel) {
        let href = a.value().attr("href").expect("href");
        let shown: String = a.text().take(1).collect();
        assert_eq!(
            shown,
            format!("Pdf, {}", expected_facts(site, &format!("output/{href}"))),
            "{href}"
        );
        seen += 1;
    }
    assert_eq!(seen, 20, "every published plan has a PDF link");
    let plan = page(site, "output/planer/2025/fmi/index.html");
    assert_eq!(
        texts(&plan, ".downloads"),
        [format!(
            "Hent planen som pdf (pdf, {})",
            expected_facts(site, "output/planer/2025/fmi.pdf")
        )]
    );
}

#[test]
fn plan_pages_link_the_other_years_and_total_the_weights() {
    let site = TestSite::built_default();
    let doc = page(site, "output/planer/2025/fmi/index.html");
    assert_eq!(
        attrs(&doc, ".plan-nav a", "href"),
        [
            "../../../planer/2024/fmi/index.html",
            "../../../resultater/2025/fmi/index.html",
            "../../../planer/2026/fmi/index.html",
        ]
    );
    assert_eq!(
        texts(&doc, ".plan-nav a"),
        ["← Planen for 2024", "Resultater 2025", "Planen for 2026 →"]
    );
    // The oldest year has no "before".
    let first = page(site, "output/planer/2024/fmi/index.html");
    assert_eq!(texts(&first, ".plan-nav a[rel=prev]"), Vec::<String>::new());
    // "I alt" sums the weights shown in the rows.
    let weights: i64 = texts(&doc, "table.goals tbody td.num")
        .iter()
        .map(|w| w.trim_end_matches(" %").parse::<i64>().expect("weight"))
        .sum();
    assert_eq!(weights, 100);
    assert_eq!(
        texts(&doc, "table.goals tfoot tr"),
        [format!("I alt {weights} %")]
    );
    // One name for quarters: "1. kvartal", never the file's "Q1".
    let quarters = texts(&doc, "table.quarters tbody th");
    assert!(!quarters.is_empty());
    assert!(
        quarters.iter().all(|q| q.ends_with(". kvartal")),
        "{quarters:?}"
    );
    assert!(!doc.html().contains(">Q1<"));
    // The institution under each signature.
    assert_eq!(
        texts(&doc, ".signer p"),
        [
            "Kasper Ravn Høegh",
            "Departementschef",
            "Forsvarsministeriet",
            "Generalløjtnant Torben Aagaard Melby",
            "Direktør",
            "Forsvarsministeriets Materiel- og Indkøbsstyrelse",
        ]
    );
}

#[test]
fn the_ministry_identity_comes_from_the_settings() {
    let site = TestSite::built_default();
    let doc = page(site, "output/planer/2025/fmi/index.html");
    assert_eq!(attrs(&doc, ".brand img.logo", "src"), ["../../../logo.svg"]);
    assert_eq!(attrs(&doc, ".brand img.logo", "alt"), [""]);
    assert_eq!(
        site.read("output/logo.svg"),
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("static/logo.svg"))
            .expect("logo")
    );
    assert_eq!(
        attrs(&doc, "link[rel=stylesheet]", "href"),
        ["../../../style.css", "../../../farver.css"]
    );
    let colours = site.read("output/farver.css");
    assert!(colours.contains("--navy: #0b2341;"), "{colours}");
    assert!(colours.contains("--link: #0a4f9e;"), "{colours}");
    assert_eq!(
        texts(&doc, ".site-footer address .contact-line"),
        [
            "Holmens Kanal 9, 1060 København K",
            "Telefon: 72 81 00 00",
            "E-mail: fmn@fmn.dk"
        ]
    );
    assert_eq!(
        attrs(&doc, ".site-footer address a", "href"),
        ["tel:72810000", "mailto:fmn@fmn.dk"]
    );
    assert_eq!(
        texts(&doc, ".site-footer .footer-links a")[3..],
        ["Tilgængelighedserklæring", "Privatlivspolitik"]
    );
    // The 404 page is styled from the server's root and from the disk.
    let missing = page(site, "output/404.html");
    assert_eq!(
        attrs(&missing, "link[rel=stylesheet]", "href"),
        ["/style.css", "style.css", "/farver.css"]
    );
}

#[test]
fn updated_falls_back_to_the_signing_date() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/planer/2025/abc.md",
        "opdateret: 2025-01-15T09:56\n",
        "",
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let plan = site.read("output/planer/2025/abc/index.html");
    assert_eq!(
        texts_of(&plan, ".updated"),
        ["Sidst opdateret 16. december 2024"]
    );
    assert_eq!(
        texts_of(&site.read("output/index.html"), ".updated"),
        ["Sidst opdateret 16. december 2024"]
    );
}

#[test]
fn a_signed_original_is_published_beside_the_accessible_pdf() {
    let site = TestSite::new("minimal");
    // A "scan": any real PDF does; the generated one of another build is at hand.
    let scan = TestSite::new("minimal");
    assert_eq!(scan.run(&["build"]).code, 0);
    std::fs::create_dir_all(site.path("static/underskrevet")).expect("mkdir");
    let bytes = std::fs::read(scan.path("output/planer/2025/abc.pdf")).expect("pdf");
    std::fs::write(site.path("static/underskrevet/abc-2025.pdf"), &bytes).expect("write");
    site.edit(
        "content/planer/2025/abc.md",
        "opdateret: 2025-01-15T09:56\n",
        "opdateret: 2025-01-15T09:56\nunderskrevet_pdf: underskrevet/abc-2025.pdf\n",
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        std::fs::read(site.path("output/underskrevet/abc-2025.pdf")).expect("copied"),
        bytes
    );
    let plan = page(&site, "output/planer/2025/abc/index.html");
    assert_eq!(
        attrs(&plan, ".downloads a", "href"),
        [
            "../../../underskrevet/abc-2025.pdf",
            "../../../planer/2025/abc.pdf"
        ]
    );
    let kb = (bytes.len() as u64).div_ceil(1024);
    assert_eq!(
        texts(&plan, ".downloads li"),
        [
            format!("Den underskrevne plan (pdf, {kb} kB)"),
            format!(
                "Tilgængelig udgave af planen (pdf, {})",
                expected_facts(&site, "output/planer/2025/abc.pdf")
            ),
        ]
    );
    // Listings link the original.
    let front = page(&site, "output/index.html");
    assert_eq!(
        attrs(&front, "a.pdf", "href"),
        ["underskrevet/abc-2025.pdf"]
    );
}

/// Every page of the built default site at 320, 390 and 1280 px: no
/// sideways scrolling, no table past the screen's edge, no word broken in a
/// table's header (a11y/reflow.mjs in Chromium).
#[test]
fn every_page_reflows_at_phone_widths() {
    if !crate::browser_ready() {
        return;
    }
    let site = TestSite::built_default();
    let mut pages: Vec<String> = walkdir::WalkDir::new(site.path("output"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().display().to_string())
        .collect();
    pages.sort();
    assert!(pages.len() > 40, "{}", pages.len());
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for width in ["320", "390", "1280"] {
        let out = Command::new("node")
            .arg(repo.join("a11y/reflow.mjs"))
            .arg(width)
            .args(&pages)
            .output()
            .expect("run node");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: serde_json::Value = serde_json::from_str(stdout.trim()).expect("json");
        assert_eq!(report["checked"], pages.len(), "{report}");
        assert_eq!(report["problems"], serde_json::json!([]), "at {width} px");
    }
}
