//! PDFs: built for real and parsed with lopdf (metadata, structure, fonts,
//! text), byte-compared across builds, and broken on purpose.

use std::collections::HashMap;

use lopdf::{Document, Object};

use crate::{Run, TestSite};

fn built(site: &TestSite, args: &[&str]) -> Run {
    let run = site.run(args);
    assert_eq!(run.code, 0, "failed:\n{}{}", run.stdout, run.stderr);
    run
}

fn load(site: &TestSite, rel: &str) -> Document {
    let bytes = std::fs::read(site.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Document::load_mem(&bytes).unwrap_or_else(|e| panic!("{rel} is not a PDF: {e}"))
}

/// All text of a PDF file in content-stream order, with whitespace removed:
/// Typst places words one by one, so spaces are not reliable; order is.
/// (lopdf's own `extract_text` cannot parse Typst's ToUnicode maps, so the
/// maps are read here: `bfchar` and `bfrange` entries.)
pub fn text(site: &TestSite, rel: &str) -> String {
    page_texts(site, rel).concat()
}

/// The text of each page, as [`text`] gives it for the whole file.
pub fn page_texts(site: &TestSite, rel: &str) -> Vec<String> {
    let doc = load(site, rel);
    let mut pages = Vec::new();
    for (_, page) in doc.get_pages() {
        let mut out = String::new();
        let fonts: HashMap<Vec<u8>, HashMap<u32, String>> = doc
            .get_page_fonts(page)
            .expect("page fonts")
            .into_iter()
            .map(|(name, font)| (name, to_unicode(&doc, font)))
            .collect();
        let content = doc.get_and_decode_page_content(page).expect("page content");
        let mut font: Option<&HashMap<u32, String>> = None;
        for op in &content.operations {
            let strings: Vec<&Object> = match op.operator.as_str() {
                "Tf" => {
                    font = op
                        .operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| fonts.get(n));
                    continue;
                }
                "Tj" | "'" | "\"" => op.operands.iter().collect(),
                "TJ" => op
                    .operands
                    .iter()
                    .filter_map(|a| a.as_array().ok())
                    .flatten()
                    .collect(),
                _ => continue,
            };
            for s in strings {
                if let (Object::String(bytes, _), Some(map)) = (s, font) {
                    for pair in bytes.chunks(2) {
                        let code = pair.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b));
                        out.push_str(map.get(&code).map_or("\u{fffd}", String::as_str));
                    }
                }
            }
        }
        pages.push(squash(&out));
    }
    pages
}

/// A font's ToUnicode map: code → text.
fn to_unicode(doc: &Document, font: &lopdf::Dictionary) -> HashMap<u32, String> {
    let mut map = HashMap::new();
    let Ok(stream) = font
        .get_deref(b"ToUnicode", doc)
        .and_then(Object::as_stream)
    else {
        return map;
    };
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let cmap = String::from_utf8_lossy(&bytes);
    let hex = |h: &str| u32::from_str_radix(h.trim_matches(['<', '>']), 16).ok();
    let utf16 = |h: &str| {
        let h = h.trim_matches(['<', '>']);
        let units: Vec<u16> = (0..h.len() / 4)
            .filter_map(|i| u16::from_str_radix(&h[i * 4..i * 4 + 4], 16).ok())
            .collect();
        String::from_utf16_lossy(&units)
    };
    let mut section = "";
    for line in cmap.lines().map(str::trim) {
        if line.ends_with("beginbfchar") || line.ends_with("beginbfrange") {
            section = if line.ends_with("beginbfchar") {
                "char"
            } else {
                "range"
            };
            continue;
        }
        if line.starts_with("end") {
            section = "";
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        match (section, parts.as_slice()) {
            ("char", [code, text]) => {
                if let Some(c) = hex(code) {
                    map.insert(c, utf16(text));
                }
            }
            ("range", [lo, hi, start]) if start.starts_with('<') => {
                if let (Some(lo), Some(hi), Some(first)) = (hex(lo), hex(hi), hex(start)) {
                    for (i, code) in (lo..=hi).enumerate() {
                        let ch = char::from_u32(first + i as u32).unwrap_or('\u{fffd}');
                        map.insert(code, ch.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    map
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn info_string(doc: &Document, key: &[u8]) -> String {
    let info = doc
        .trailer
        .get_deref(b"Info", doc)
        .and_then(Object::as_dict)
        .expect("Info dictionary");
    let value = info.get_deref(key, doc).expect("Info key");
    lopdf::decode_text_string(value).expect("text string")
}

/// The catalog's XMP packet, parsed.
fn xmp(doc: &Document) -> String {
    let catalog = doc.catalog().expect("catalog");
    let stream = catalog
        .get_deref(b"Metadata", doc)
        .and_then(Object::as_stream)
        .expect("XMP metadata stream");
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    String::from_utf8(bytes).expect("XMP is UTF-8")
}

/// Text of the first XMP element or attribute with this local name in this namespace.
fn xmp_value(xml: &str, ns: &str, name: &str) -> Option<String> {
    let tree = roxmltree::Document::parse(xml).expect("XMP parses as XML");
    for node in tree.descendants() {
        if node.tag_name().name() == name && node.tag_name().namespace() == Some(ns) {
            return node.text().map(str::to_string);
        }
        if let Some(a) = node
            .attributes()
            .find(|a| a.name() == name && a.namespace() == Some(ns))
        {
            return Some(a.value().to_string());
        }
    }
    None
}

const PDFAID: &str = "http://www.aiim.org/pdfa/ns/id/";
const PDFUAID: &str = "http://www.aiim.org/pdfua/ns/id/";

#[test]
fn every_published_plan_gets_an_archivable_accessible_pdf() {
    let site = TestSite::built_default();
    let content = std::fs::read_dir(site.path("content/planer")).expect("planer");
    let mut checked = 0;
    for year in content.flatten() {
        for file in std::fs::read_dir(year.path()).expect("year").flatten() {
            let slug = file
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .to_string();
            let year = year.file_name().to_string_lossy().to_string();
            let source = std::fs::read_to_string(file.path()).unwrap();
            let rel = format!("output/planer/{year}/{slug}.pdf");
            if source.contains("status: udkast") {
                assert!(!site.path(&rel).exists(), "{rel}: a draft is not published");
                continue;
            }
            let doc = load(site, &rel);
            let pages = doc.get_pages().len();
            assert!((2..=12).contains(&pages), "{rel}: {pages} pages");

            // Title, author and language as a reader's PDF viewer shows them.
            let html = site.read(&format!("output/planer/{year}/{slug}/index.html"));
            let page = scraper::Html::parse_document(&html);
            let h1: String = page
                .select(&scraper::Selector::parse("h1").unwrap())
                .next()
                .expect("h1")
                .text()
                .collect();
            assert_eq!(info_string(&doc, b"Title"), h1.trim(), "{rel}");
            assert_eq!(info_string(&doc, b"Author"), "Forsvarsministeriet");
            let catalog = doc.catalog().unwrap();
            let lang = catalog.get_deref(b"Lang", &doc).unwrap();
            assert!(
                lopdf::decode_text_string(lang).unwrap().starts_with("da"),
                "{rel}: /Lang"
            );
            // Tagged, with a structure tree, and showing the title, not the file name.
            let mark = catalog
                .get_deref(b"MarkInfo", &doc)
                .unwrap()
                .as_dict()
                .unwrap();
            assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
            assert!(
                catalog.get(b"StructTreeRoot").is_ok(),
                "{rel}: no structure tree"
            );
            let prefs = catalog
                .get_deref(b"ViewerPreferences", &doc)
                .unwrap()
                .as_dict()
                .unwrap();
            assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());

            // PDF/A-2a and PDF/UA-1 identification in the XMP.
            let xml = xmp(&doc);
            assert_eq!(
                xmp_value(&xml, PDFAID, "part").as_deref(),
                Some("2"),
                "{rel}"
            );
            assert_eq!(xmp_value(&xml, PDFAID, "conformance").as_deref(), Some("A"));
            assert_eq!(
                xmp_value(&xml, PDFUAID, "part").as_deref(),
                Some("1"),
                "{rel}"
            );

            // Every font is embedded.
            for object in doc.objects.values() {
                if let Ok(d) = object.as_dict()
                    && d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor")
                {
                    assert!(
                        [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
                            .iter()
                            .any(|k| d.get(k).is_ok()),
                        "{rel}: a font is not embedded"
                    );
                }
            }

            // Every goal, in the plan's order, after the overview.
            let text = text(site, &rel);
            // "Mål 1.2. Titel" in the PDF, from "<span>Mål 1.2</span> Titel" on the page.
            let titles: Vec<String> = page
                .select(&scraper::Selector::parse(".goal h3").unwrap())
                .map(|e| {
                    let parts: Vec<&str> = e.text().collect();
                    squash(&format!("{}. {}", parts[0], parts[1..].concat()))
                })
                .collect();
            assert!(
                titles.len() >= 5,
                "{rel}: goals on the HTML page: {titles:?}"
            );
            let mut at = text.find("Oversigt").expect("overview");
            for t in &titles {
                let found = text[at..].find(t.as_str());
                assert!(found.is_some(), "{rel}: goal '{t}' missing or out of order");
                at += found.unwrap() + t.len();
            }
            assert!(text.contains("Påtegning"), "{rel}");
            checked += 1;
        }
    }
    assert!(checked >= 18, "only {checked} PDFs checked");
}

#[test]
fn pdfs_are_byte_identical_across_builds() {
    // The shared build, and another one of a fresh copy in another folder.
    let first = TestSite::built_default().path("output");
    let site = TestSite::new("default");
    built(&site, &["build", "-o", "b"]);
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&first) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "pdf") {
            let rel = entry.path().strip_prefix(&first).unwrap();
            let a = std::fs::read(entry.path()).unwrap();
            let b = std::fs::read(site.path("b").join(rel)).unwrap();
            assert!(a == b, "{} differs between builds", rel.display());
            compared += 1;
        }
    }
    assert!(compared >= 18);
}

#[test]
fn typst_syntax_in_plan_text_prints_literally() {
    let site = TestSite::new("minimal");
    let payloads = [
        "#panic(\"injected\")",
        "#import \"/data.json\": *",
        "$x^2$ // ingen kommentar ~ #{1+1} /* x */",
        "] ) } < > @ref \\ <tag>",
    ];
    site.edit(
        "content/planer/2025/abc.md",
        "titel: Digitalisering af arkivet",
        &format!("titel: '{}'", payloads[0]),
    );
    site.edit(
        "content/planer/2025/abc.md",
        "## Indledning",
        &format!("## {}\n\n{}\n\n`{}`", payloads[1], payloads[2], payloads[3]),
    );
    built(&site, &["build"]);
    let text = text(&site, "output/planer/2025/abc.pdf");
    for p in payloads {
        assert!(text.contains(&squash(p)), "'{p}' not printed literally");
    }
}

#[test]
fn a_single_plan_renders_for_review_with_a_draft_mark() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/planer/2025/abc.md",
        "status: godkendt",
        "status: udkast",
    );
    let run = built(
        &site,
        &["pdf", "content/planer/2025/abc.md", "-o", "udkast.pdf"],
    );
    assert!(run.stderr.contains("Skrev udkast.pdf"), "{}", run.stderr);
    let text = text(&site, "udkast.pdf");
    assert!(text.contains("UDKAST"), "no draft mark");
    assert!(text.contains(&squash("Udkast til aftale mellem departementet")));
    // Not a plan: a clear message and exit 2.
    let run = site.run(&["pdf", "content/_index.md"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("er ikke en plan"), "{}", run.stderr);
}

#[test]
fn no_pdf_builds_only_the_website() {
    let site = TestSite::new("minimal");
    built(&site, &["build", "--no-pdf"]);
    assert!(!site.path("output/planer/2025/abc.pdf").exists());
    let html = site.read("output/index.html");
    let page = scraper::Html::parse_document(&html);
    let pdf_links = page
        .select(&scraper::Selector::parse("a[href$='.pdf']").unwrap())
        .count();
    assert_eq!(pdf_links, 0);
    built(&site, &["build"]);
    let html = site.read("output/index.html");
    let page = scraper::Html::parse_document(&html);
    let hrefs: Vec<String> = page
        .select(&scraper::Selector::parse("a[href$='.pdf']").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(hrefs, vec!["planer/2025/abc.pdf"]);
}

#[test]
fn pdf_template_errors_point_at_the_template() {
    let site = TestSite::new("minimal");
    site.write(
        "templates/pdf/plan.typ",
        "#let data = json(\"/data.json\")\n#set document(title: data.plan.title)\n= #data.plan.titel\n",
    );
    let run = site.run(&["build", "--format", "short"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
    assert!(
        !site.path("output").exists(),
        "a failed build writes nothing"
    );
}

#[test]
fn an_image_without_alt_text_is_an_error_at_its_line() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/planer/2025/abc.md",
        "## Indledning",
        "## Indledning\n\n![](../../../billeder/org.png)",
    );
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn body_images_are_embedded_with_their_alt_text() {
    let site = TestSite::new("minimal");
    // A 1x1 PNG in static/, and one image whose file is missing.
    let png: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0x0D, 0x49, 0x44,
        0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0, 0x05, 0, 0x01, 0xFF, 0x89,
        0x99, 0x3D, 0x1D, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    std::fs::create_dir_all(site.path("static/billeder")).unwrap();
    std::fs::write(site.path("static/billeder/prik.png"), png).unwrap();
    site.edit(
        "content/planer/2025/abc.md",
        "## Indledning",
        "## Indledning\n\n![Et blåt punkt](../../../billeder/prik.png)\n\n![Organisationsdiagram](../../../billeder/org.png)",
    );
    // The website's link check refuses the missing file...
    let run = site.run(&["build", "--format", "short"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("MRP301"), "{}", run.stderr);
    // ...and a review PDF shows its alt text in its place.
    built(
        &site,
        &["pdf", "content/planer/2025/abc.md", "-o", "gennemsyn.pdf"],
    );
    let text = text(&site, "gennemsyn.pdf");
    assert!(
        text.contains(&squash("Billede: Organisationsdiagram")),
        "no placeholder for the missing file"
    );
    std::fs::write(site.path("static/billeder/org.png"), png).unwrap();
    built(&site, &["build"]);
    let doc = load(&site, "output/planer/2025/abc.pdf");
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image")
            })
        })
        .count();
    assert!(images >= 1, "the PNG is not in the PDF");
}

/// The structure tree as (role, depth) in reading order, roles resolved
/// through the RoleMap, and whether each table header cell has a Scope.
fn structure(doc: &Document) -> (Vec<String>, Vec<Option<String>>) {
    let root = doc
        .catalog()
        .unwrap()
        .get_deref(b"StructTreeRoot", doc)
        .expect("StructTreeRoot")
        .as_dict()
        .expect("dict");
    let role_map: HashMap<Vec<u8>, Vec<u8>> = root
        .get_deref(b"RoleMap", doc)
        .ok()
        .and_then(|m| m.as_dict().ok())
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_name().ok()?.to_vec())))
                .collect()
        })
        .unwrap_or_default();
    let mut roles = Vec::new();
    let mut th_scopes = Vec::new();
    fn walk(
        doc: &Document,
        node: &Object,
        map: &HashMap<Vec<u8>, Vec<u8>>,
        roles: &mut Vec<String>,
        scopes: &mut Vec<Option<String>>,
    ) {
        let node = match node {
            Object::Reference(r) => doc.get_object(*r).expect("object"),
            other => other,
        };
        match node {
            Object::Array(items) => {
                for item in items {
                    walk(doc, item, map, roles, scopes);
                }
            }
            Object::Dictionary(d) => {
                if let Ok(s) = d.get(b"S").and_then(Object::as_name) {
                    let role = map.get(s).map(Vec::as_slice).unwrap_or(s);
                    let role = String::from_utf8_lossy(role).to_string();
                    if role == "TH" {
                        let scope = d
                            .get_deref(b"A", doc)
                            .ok()
                            .and_then(|a| attribute(doc, a, b"Scope"));
                        scopes.push(scope);
                    }
                    roles.push(role);
                }
                if let Ok(k) = d.get(b"K") {
                    walk(doc, k, map, roles, scopes);
                }
            }
            _ => {}
        }
    }
    fn attribute(doc: &Document, a: &Object, key: &[u8]) -> Option<String> {
        match a {
            Object::Dictionary(d) => d
                .get(key)
                .ok()
                .and_then(|v| v.as_name().ok())
                .map(|n| String::from_utf8_lossy(n).to_string()),
            Object::Array(items) => items.iter().find_map(|i| {
                let i = match i {
                    Object::Reference(r) => doc.get_object(*r).ok()?,
                    o => o,
                };
                attribute(doc, i, key)
            }),
            Object::Reference(r) => attribute(doc, doc.get_object(*r).ok()?, key),
            _ => None,
        }
    }
    walk(
        doc,
        root.get(b"K").expect("K"),
        &role_map,
        &mut roles,
        &mut th_scopes,
    );
    (roles, th_scopes)
}

#[test]
fn plan_pdfs_carry_headings_and_the_goals_table_as_real_structure() {
    let site = TestSite::built_default();
    let doc = load(site, "output/planer/2025/fmi.pdf");
    let (roles, scopes) = structure(&doc);
    let count = |r: &str| roles.iter().filter(|x| *x == r).count();
    // A heading per section (the title is the document's own, in the
    // metadata) and one a level down per goal.
    assert!(count("H1") >= 4, "{roles:?}");
    let goals = std::fs::read_to_string(site.path("content/planer/2025/fmi.md"))
        .unwrap()
        .matches("\n  - nr:")
        .count();
    assert!(goals >= 5, "{goals}");
    assert!(count("H2") >= goals, "{goals} goals, headings: {roles:?}");
    // The headings come in outline order: nothing deeper than one step down.
    let levels: Vec<usize> = roles
        .iter()
        .filter_map(|r| r.strip_prefix('H')?.parse().ok())
        .collect();
    assert_eq!(levels.first(), Some(&1));
    for pair in levels.windows(2) {
        assert!(pair[1] <= pair[0] + 1, "heading jump {levels:?}");
    }
    // The goals overview is a table with a header row of TH cells, one data
    // row per goal, and header cells scoped to their column or row.
    assert!(count("Table") >= 1, "{roles:?}");
    assert!(count("THead") >= 1 || count("TH") >= 4, "{roles:?}");
    assert!(count("TR") > goals, "{roles:?}");
    assert!(count("TD") >= goals * 3, "{roles:?}");
    assert!(!scopes.is_empty());
    assert!(
        scopes
            .iter()
            .all(|s| matches!(s.as_deref(), Some("Column" | "Row" | "Both"))),
        "{scopes:?}"
    );
}

/// A second, independent reader: qpdf checks each PDF's syntax, cross-
/// reference table and streams (`.ci/run` installs it).
#[test]
fn every_pdf_passes_qpdf_check() {
    if std::process::Command::new("qpdf")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(std::env::var_os("CI").is_none(), "CI needs qpdf");
        eprintln!("springer qpdf-testen over: qpdf mangler");
        return;
    }
    let site = TestSite::built_default();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(site.path("output"))
        .into_iter()
        .flatten()
    {
        if entry.path().extension().is_some_and(|x| x == "pdf") {
            let out = std::process::Command::new("qpdf")
                .arg("--check")
                .arg(entry.path())
                .output()
                .expect("run qpdf");
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}: {}{}",
                entry.path().display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            checked += 1;
        }
    }
    assert!(checked >= 18, "{checked} PDFs");
}
