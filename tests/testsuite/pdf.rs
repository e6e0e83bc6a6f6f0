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

pub fn load(site: &TestSite, rel: &str) -> Document {
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
    pieces(site, rel)
        .iter()
        .map(|page| squash(&page.iter().map(|p| p.text.as_str()).collect::<String>()))
        .collect()
}

/// A run of text as a page's content stream shows it: where it starts
/// (PDF points, y up) and whether it is page furniture (header, footer,
/// background: tagged as an artifact).
struct Piece {
    x: f64,
    y: f64,
    artifact: bool,
    text: String,
}

/// One printed line of a page's text: its baseline (PDF points from the
/// bottom) and its words, single-spaced (a non-breaking space stays one).
#[derive(Debug)]
pub struct Line {
    pub y: f64,
    pub text: String,
}

/// The lines of each page's body, top to bottom, without the header,
/// footer or draft mark: runs on one baseline, left to right.
pub fn page_lines(site: &TestSite, rel: &str) -> Vec<Vec<Line>> {
    pieces(site, rel)
        .into_iter()
        .map(|page| {
            let mut runs: Vec<Piece> = page.into_iter().filter(|p| !p.artifact).collect();
            runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
            let mut lines: Vec<(f64, Vec<Piece>)> = Vec::new();
            for run in runs {
                match lines.last_mut() {
                    // Within a point: one baseline (superscripts aside).
                    Some((y, line)) if (*y - run.y).abs() < 1.0 => line.push(run),
                    _ => lines.push((run.y, vec![run])),
                }
            }
            lines
                .into_iter()
                .map(|(y, mut runs)| {
                    runs.sort_by(|a, b| a.x.total_cmp(&b.x));
                    let joined: Vec<String> = runs.into_iter().map(|r| r.text).collect();
                    let text = joined
                        .join(" ")
                        .split([' ', '\t', '\n'])
                        .filter(|w| !w.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ");
                    Line { y, text }
                })
                .filter(|l| !l.text.is_empty())
                .collect()
        })
        .collect()
}

/// Every page's runs of text with their positions. Typst sets each run with
/// `q <matrix> cm BT … Tm … TJ ET Q`, so the position is the current
/// transformation applied to the text matrix's origin.
fn pieces(site: &TestSite, rel: &str) -> Vec<Vec<Piece>> {
    let doc = load(site, rel);
    let mut pages = Vec::new();
    for (_, page) in doc.get_pages() {
        let fonts: HashMap<Vec<u8>, HashMap<u32, String>> = doc
            .get_page_fonts(page)
            .expect("page fonts")
            .into_iter()
            .map(|(name, font)| (name, to_unicode(&doc, font)))
            .collect();
        let content = doc.get_and_decode_page_content(page).expect("page content");
        let mut font: Option<&HashMap<u32, String>> = None;
        let mut ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut saved = Vec::new();
        let mut tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        // Marked content: true where an artifact encloses it.
        let mut marks: Vec<bool> = Vec::new();
        let mut out = Vec::new();
        let numbers = |operands: &[Object]| -> Option<[f64; 6]> {
            let v: Vec<f64> = operands
                .iter()
                .filter_map(|o| o.as_float().ok().map(f64::from))
                .collect();
            v.try_into().ok()
        };
        for op in &content.operations {
            let strings: Vec<&Object> = match op.operator.as_str() {
                "q" => {
                    saved.push(ctm);
                    continue;
                }
                "Q" => {
                    ctm = saved.pop().unwrap_or(ctm);
                    continue;
                }
                "cm" => {
                    if let Some(m) = numbers(&op.operands) {
                        ctm = multiply(m, ctm);
                    }
                    continue;
                }
                "BT" => {
                    tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
                    continue;
                }
                "Tm" => {
                    if let Some(m) = numbers(&op.operands) {
                        tm = m;
                    }
                    continue;
                }
                "BDC" | "BMC" => {
                    let artifact = op
                        .operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .is_some_and(|n| n == b"Artifact");
                    marks.push(artifact || marks.last().copied().unwrap_or(false));
                    continue;
                }
                "EMC" => {
                    marks.pop();
                    continue;
                }
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
            let mut text = String::new();
            for s in strings {
                if let (Object::String(bytes, _), Some(map)) = (s, font) {
                    for pair in bytes.chunks(2) {
                        let code = pair.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b));
                        text.push_str(map.get(&code).map_or("\u{fffd}", String::as_str));
                    }
                }
            }
            let at = multiply(tm, ctm);
            out.push(Piece {
                x: at[4],
                y: at[5],
                artifact: marks.last().copied().unwrap_or(false),
                text,
            });
        }
        pages.push(out);
    }
    pages
}

/// The PDF matrix product `m × n` (`m` applied first).
fn multiply(m: [f64; 6], n: [f64; 6]) -> [f64; 6] {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
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
pub fn xmp(doc: &Document) -> String {
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

// ---- Typography: pages, lines and signatures ------------------------------

/// Sentences for goal texts: one-letter words, units after numbers and
/// paragraph signs, at ever other places in a line.
const SENTENCES: [&str; 11] = [
    "Arbejdet sker i tæt samarbejde med departementet og de andre styrelser.",
    "Mindst 85 pct. af sagerne skal være afsluttet i 2025.",
    "Projektet koster 12 mio. kr. og finansieres efter § 4 i aftalen.",
    "Der afsættes 3 mia. kr. over fire år, og 40 % går til drift.",
    "Styrelsen vurderer løbende, om målet kan nås i tide.",
    "Opgaven er en del af en større indsats på området, jf. litra a i bilaget.",
    "Resultatet indgår i årsrapporten, jf. § 7 i bekendtgørelsen.",
    "Alle beløb er opgjort i mio. kr. og i løbende priser.",
    "Planen for de næste år godkendes senest den 31. december 2025 af direktionen.",
    "Reglerne i § 12, § 14 og § 31 gælder fortsat.",
    "Tallene er i mio. kr., de store rammer i mia. kr. og andelene i pct.",
];

/// A goal's description of `n` sentences, starting at sentence `from`.
/// Each sentence opens with a word of its own, so that the words fall at
/// ever new places in the lines (the same sentences in the same order
/// soon break into the same lines).
fn sentences(from: usize, n: usize) -> String {
    const OPENERS: [&str; 6] = [
        "",
        "Også: ",
        "Desuden: ",
        "Samtidig: ",
        "Endvidere: ",
        "Kort: ",
    ];
    (0..n)
        .map(|i| {
            let opener = OPENERS[(from * 7 + i * i * 3 + i) % OPENERS.len()];
            format!("{opener}{}", SENTENCES[(from + i) % SENTENCES.len()])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fixture plan with ten goals of the given description lengths (in
/// sentences), weighted 10 each, with results; a draft without påtegning
/// when `draft`.
fn plan_with_goals(lengths: &[usize], draft: bool) -> String {
    let goals: String = lengths
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let nr = i + 1;
            format!(
                "  - nr: {nr}
    titel: Indsats nummer {nr}
    kerneopgave: Arkivdrift
    understøtter: [P1]
    beskrivelse: '{}'
    målepunkt: Andel af sager, der er afsluttet
    succeskriterium: Mindst 85 pct. ved årets udgang
    baseline: 70 pct. i 2024
    frist: 2025-12-31
    datakilde: Sagssystemet
    vægt: {}
    ansvarlig: Arkivafdelingen
    resultat:
      status: opfyldt
      opnået: 86 pct.
      vurdering: Målet er opfyldt.
",
                sentences(nr, *n),
                100 / lengths.len()
            )
        })
        .collect();
    let (status, signature) = if draft {
        ("udkast", "")
    } else {
        (
            "godkendt",
            "påtegning:
  sted: København
  dato: 2024-12-16
  departementschef: Karen Lind
  styrelsesdirektør: Ole Bech
",
        )
    };
    format!(
        "---
skema: 1
styrelse: abc
år: 2025
status: {status}
opdateret: 2025-01-15T09:56
strategisk_målbillede:
  - id: P1
    tekst: Arkiverne er digitale og tilgængelige.
mål:
{goals}opfølgning:
  frekvens: kvartalsvis
  proces: Kvartalsmøder mellem styrelsen og departementet.
{signature}---
## Indledning

Planen beskriver styrelsens vigtigste mål for 2025.
"
    )
}

/// Each line of a PDF with its page number (from 0), in reading order.
fn numbered_lines(site: &TestSite, rel: &str) -> Vec<(usize, Line)> {
    page_lines(site, rel)
        .into_iter()
        .enumerate()
        .flat_map(|(page, lines)| lines.into_iter().map(move |l| (page, l)))
        .collect()
}

/// Ten goals whose lengths put page breaks all over them; the tenth is
/// longer than a page.
const LENGTHS: [usize; 10] = [3, 14, 6, 21, 9, 17, 4, 25, 11, 140];

#[test]
fn a_goal_that_fits_on_a_page_is_never_split_and_a_longer_one_breaks_cleanly() {
    let site = TestSite::new("minimal");
    site.write(
        "content/planer/2025/abc.md",
        &plan_with_goals(&LENGTHS, false),
    );
    built(&site, &["build"]);
    let rel = "output/planer/2025/abc.pdf";
    let pages = page_lines(&site, rel);
    let lines = numbered_lines(&site, rel);
    assert!(
        pages.len() >= 6,
        "{} pages: too short to test breaks",
        pages.len()
    );
    for (nr, _) in LENGTHS.iter().enumerate().map(|(i, n)| (i + 1, n)) {
        let title = format!("Mål {nr}. Indsats nummer {nr}");
        let start = lines
            .iter()
            .position(|(_, l)| l.text == title)
            .unwrap_or_else(|| panic!("no heading '{title}'"));
        let page = lines[start].0;
        // The goal's rows, up to the next goal's heading.
        let rows: Vec<&(usize, Line)> = lines[start + 1..]
            .iter()
            .take_while(|(_, l)| !l.text.starts_with("Mål ") && !l.text.starts_with("Opfølgning"))
            .collect();
        let on_page = |label: &str| {
            rows.iter()
                .find(|(_, l)| l.text.starts_with(label))
                .map(|(p, _)| *p)
                .unwrap_or_else(|| panic!("goal {nr}: no '{label}' row"))
        };
        // The heading never ends a page: its facts and first row follow it.
        assert_eq!(
            on_page("Kerneopgave:"),
            page,
            "goal {nr}: facts left behind"
        );
        assert_eq!(on_page("Beskrivelse"), page, "goal {nr}: heading alone");
        if nr < 10 {
            for label in ["Succeskriterium", "Understøtter"] {
                assert_eq!(on_page(label), page, "goal {nr} is split before '{label}'");
            }
        } else {
            // Longer than a page: it runs on, and every line stays on the page.
            let last = rows.last().map_or(page, |(p, _)| *p);
            assert!(last > page, "goal 10 should need two pages");
        }
    }
    // No line below the bottom margin (2.4 cm) or above the top (2.7 cm).
    for (page, line) in &lines {
        assert!(
            line.y > 2.3 / 2.54 * 72.0 && line.y < 841.9 - 2.6 / 2.54 * 72.0,
            "page {}: '{}' at y {} runs off the text area",
            page + 1,
            line.text,
            line.y
        );
    }
    // No goal heading as the last line of any page.
    for (i, page) in pages.iter().enumerate() {
        if let Some(last) = page.last() {
            assert!(
                !last.text.starts_with("Mål "),
                "page {} ends with '{}'",
                i + 1,
                last.text
            );
        }
    }
}

#[test]
fn numbers_units_one_letter_words_and_paragraph_signs_never_part_at_a_line_end() {
    let site = TestSite::new("minimal");
    site.write(
        "content/planer/2025/abc.md",
        &plan_with_goals(&[40, 41, 42, 43, 44, 45, 46, 47, 48, 49], false),
    );
    built(&site, &["build"]);
    let lines = numbered_lines(&site, "output/planer/2025/abc.pdf");
    let texts: Vec<&str> = lines.iter().map(|(_, l)| l.text.as_str()).collect();
    // (A non-breaking space prints as the space glyph, so the text cannot
    // show it; where lines end shows whether it is there.)
    let all = texts.join(" ");
    for construction in [
        "85 pct.",
        "12 mio. kr.",
        "§ 4",
        "i aftalen",
        "40 %",
        "litra a i",
    ] {
        assert!(all.contains(construction), "no '{construction}' in the PDF");
    }
    let mut wrapped = 0;
    for pair in texts.windows(2) {
        let (line, next) = (pair[0], pair[1]);
        let last = line.rsplit(' ').next().unwrap_or("");
        let first = next.split(' ').next().unwrap_or("");
        assert!(
            last.chars().count() != 1 || !last.chars().all(char::is_alphabetic),
            "a line ends in the one-letter word '{last}': '{line}'"
        );
        assert!(
            !["mio.", "mia.", "§"].contains(&last),
            "a line ends in '{last}': '{line}'"
        );
        assert!(
            !["pct.", "kr.", "mio.", "mia.", "%", "december"].contains(&first),
            "a line starts with '{first}': '{next}'"
        );
        if line.contains("sagerne") || line.contains("departementet") {
            wrapped += 1;
        }
    }
    // Enough wrapped lines of these sentences that a missing tie would show.
    assert!(wrapped > 50, "only {wrapped} lines of goal text");
}

#[test]
fn signatures_name_role_and_institution_and_a_draft_has_lines_to_sign() {
    let site = TestSite::new("minimal");
    site.write(
        "content/planer/2025/abc.md",
        &plan_with_goals(&[2; 5], false),
    );
    built(&site, &["build"]);
    let lines = numbered_lines(&site, "output/planer/2025/abc.pdf");
    let at = |text: &str| {
        lines
            .iter()
            .position(|(_, l)| l.text.contains(text))
            .unwrap_or_else(|| panic!("no '{text}' in the PDF"))
    };
    // Role above institution, under each signature.
    let roles = at("Departementschef");
    assert_eq!(lines[roles].1.text, "Departementschef Direktør");
    assert_eq!(
        lines[roles + 1].1.text,
        "Testministeriet Arkiv- og Bygningsstyrelsen"
    );
    assert_eq!(lines[roles - 1].1.text, "Karen Lind Ole Bech");
    assert!(
        lines[at("København, den")]
            .1
            .text
            .contains("16. december 2024")
    );

    // A draft without påtegning: a place-and-date line and two empty
    // signature lines, each with its role and institution.
    site.write(
        "content/planer/2025/abc.md",
        &plan_with_goals(&[2; 5], true),
    );
    built(
        &site,
        &["pdf", "content/planer/2025/abc.md", "-o", "udkast.pdf"],
    );
    let lines = numbered_lines(&site, "udkast.pdf");
    let texts: Vec<&str> = lines.iter().map(|(_, l)| l.text.as_str()).collect();
    let heading = texts
        .iter()
        .position(|t| *t == "Påtegning")
        .expect("a draft has a påtegning section");
    assert_eq!(
        &texts[heading + 1..],
        [
            "Sted og dato",
            "Departementschef Direktør",
            "Testministeriet Arkiv- og Bygningsstyrelsen",
        ],
        "a draft's påtegning: no names, lines to sign"
    );
}
