//! Finding a goal: the build writes Pagefind's Danish index and the search
//! page links it; the goal index and its filter pages list exactly the
//! goals of each agency, kerneopgave and status (computed here from the
//! content); and in Chromium, over HTTP with a strict CSP, a search for
//! "rekruttering" finds the goals that say "rekrutteringen".

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use scraper::{Html, Selector};

use crate::serve::Server;
use crate::{TestSite, browser_ready, texts};

/// Goal texts that say "rekrutteringen" (the default content never does),
/// in plans that otherwise never say "rekruttering": only stemming (or a
/// prefix) can find them.
const STEMMED: &[(&str, &str, &str)] = &[
    (
        "content/planer/2025/frs.md",
        "Flere e-fakturaer skal konteres og bogføres automatisk.",
        "Flere e-fakturaer skal konteres og bogføres automatisk. Rekrutteringen af bogholdere skal følge med.",
    ),
    (
        "content/planer/2025/hjk.md",
        "Nye medlemmer skal hurtigt igennem grunduddannelsen, så de kan indgå i enhederne.",
        "Nye medlemmer skal hurtigt igennem grunduddannelsen, så de kan indgå i enhederne. Rekrutteringen sker lokalt.",
    ),
];

/// The default content with the goal texts above, built once without PDFs
/// (the search needs none) and shared by the tests here.
fn site() -> &'static TestSite {
    static SITE: OnceLock<TestSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::new("default");
        for (file, from, to) in STEMMED {
            site.edit(file, from, to);
        }
        let run = site.run(&["build", "--no-pdf"]);
        assert_eq!(run.code, 0, "build failed:\n{}{}", run.stdout, run.stderr);
        site
    })
}

fn page(site: &TestSite, rel: &str) -> Html {
    Html::parse_document(&site.read(rel))
}

fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(css).expect("selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// A link on the page at `from` (output-relative), as a path in output/.
fn resolve(from: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or(href);
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[test]
fn the_build_writes_the_danish_index_and_the_search_page_links_it() {
    let site = site();
    let out = site.path("output");
    for file in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-component-ui.js",
        "pagefind/pagefind-component-ui.css",
        "pagefind/wasm.da.pagefind",
        "pagefind/pagefind-entry.json",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    // The index is Danish, and covers the plan and results pages.
    let entry: serde_json::Value =
        serde_json::from_str(&site.read("output/pagefind/pagefind-entry.json")).expect("json");
    let languages = entry["languages"].as_object().expect("languages");
    assert_eq!(languages.keys().collect::<Vec<_>>(), ["da"]);
    assert_eq!(entry["languages"]["da"]["wasm"], "da");
    let plans = walkdir::WalkDir::new(out.join("planer"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .count();
    let results = walkdir::WalkDir::new(out.join("resultater"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .count();
    assert!(plans > 0 && results > 0);
    assert_eq!(
        entry["languages"]["da"]["page_count"],
        plans + results,
        "every plan and results page, and no other page, is indexed"
    );
    for (dir, ext) in [("index", "pf_index"), ("fragment", "pf_fragment")] {
        let n = std::fs::read_dir(out.join("pagefind").join(dir))
            .expect(dir)
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == ext))
            .count();
        assert!(n > 0, "no {ext} files");
    }

    // The search page loads Pagefind's Component UI from the bundle, and
    // every script and style it names is there.
    let doc = page(site, "output/soeg/index.html");
    let scripts = attrs(&doc, "script[src]", "src");
    assert!(
        scripts.contains(&"../pagefind/pagefind-component-ui.js".to_string()),
        "{scripts:?}"
    );
    let styles = attrs(&doc, "link[rel=stylesheet]", "href");
    assert!(styles.contains(&"../pagefind/pagefind-component-ui.css".to_string()));
    for href in scripts.iter().chain(&styles) {
        assert!(
            out.join(resolve("soeg/index.html", href)).is_file(),
            "{href} missing"
        );
    }
    assert_eq!(
        attrs(&doc, "pagefind-config", "bundle-path"),
        ["../pagefind/"]
    );
    assert_eq!(attrs(&doc, "pagefind-config", "lang"), ["da"]);
    assert_eq!(attrs(&doc, "pagefind-input", "placeholder").len(), 1);
    // The Danish notice for file:// (shown by soeg.js), and the static
    // fallback without JavaScript.
    let notice = texts(&doc, "#soeg-virker-ikke [data-reason=file]").join(" ");
    assert!(notice.contains("file://"), "{notice}");
    assert!(notice.contains("webserver"), "{notice}");
    assert!(
        attrs(&doc, "noscript a, .search-fallback a", "href")
            .iter()
            .all(|h| h == "../maal/index.html")
    );

    // Every page's menu links the search page; the index marks content,
    // so menus and footers are never indexed.
    let front = page(site, "output/index.html");
    assert!(attrs(&front, "nav .menu a", "href").contains(&"soeg/index.html".to_string()));
    let plan = site.read("output/planer/2025/fmi/index.html");
    assert_eq!(plan.matches("data-pagefind-body").count(), 1);
    let plan = Html::parse_document(&plan);
    assert_eq!(
        texts(&plan, "[data-pagefind-body] h1[data-pagefind-meta=title]").len(),
        1
    );
    assert_eq!(
        texts(
            &plan,
            "[data-pagefind-body] footer, [data-pagefind-body] .site-header"
        )
        .len(),
        0
    );
}

/// One goal as the content says it: where it is and what it is filtered by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Goal {
    year: i64,
    agency: String,
    nr: String,
    core_task: String,
    /// The Danish status word, from the result or the latest follow-up.
    status: Option<String>,
    text: String,
}

impl Goal {
    fn link(&self) -> String {
        format!(
            "planer/{}/{}/index.html#maal-{}",
            self.year,
            self.agency,
            self.nr.replace('.', "-")
        )
    }
}

/// Every approved plan's goals, read from the front matter of content/.
fn goals_of(site: &TestSite) -> Vec<Goal> {
    let word = |key: &str| {
        match key {
            "opfyldt" => "Opfyldt",
            "delvist_opfyldt" => "Delvist opfyldt",
            "ikke_opfyldt" => "Ikke opfyldt",
            "på_sporet" => "På sporet",
            "risiko" => "Risiko",
            "forsinket" => "Forsinket",
            other => panic!("unknown status {other}"),
        }
        .to_string()
    };
    let mut goals = Vec::new();
    for entry in walkdir::WalkDir::new(site.path("content/planer"))
        .into_iter()
        .flatten()
    {
        if entry.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read");
        let yaml = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---"))
            .map(|(y, _)| y)
            .expect("front matter");
        let plan: serde_json::Value = serde_saphyr::from_str(yaml).expect("yaml");
        if plan["status"] != "godkendt" {
            continue;
        }
        for g in plan["mål"].as_array().expect("mål") {
            let status = g["resultat"]["status"]
                .as_str()
                .or_else(|| {
                    g["opfølgning"].as_array().and_then(|f| {
                        f.iter()
                            .max_by_key(|f| f["kvartal"].as_str().map(str::to_string))
                            .and_then(|f| f["status"].as_str())
                    })
                })
                .map(word);
            let nr = match &g["nr"] {
                serde_json::Value::String(s) => s.clone(),
                n => n.to_string(),
            };
            goals.push(Goal {
                year: plan["år"].as_i64().expect("år"),
                agency: plan["styrelse"].as_str().expect("styrelse").to_string(),
                nr,
                core_task: g["kerneopgave"].as_str().expect("kerneopgave").to_string(),
                status,
                text: g.to_string(),
            });
        }
    }
    goals
}

/// The goals a page of the goal index lists, as links into the plans.
fn listed(site: &TestSite, rel: &str) -> BTreeSet<String> {
    let doc = page(site, &format!("output/{rel}"));
    attrs(&doc, "table.goal-index tbody th a", "href")
        .iter()
        .map(|h| {
            let (_, fragment) = h.split_once('#').expect("fragment");
            format!("{}#{fragment}", resolve(rel, h))
        })
        .collect()
}

/// The filter links of the goal index: facet → (label → page).
fn filter_links(site: &TestSite) -> BTreeMap<String, BTreeMap<String, String>> {
    let doc = page(site, "output/maal/index.html");
    let sel = Selector::parse(".goal-filters .filter-links a").expect("selector");
    let mut found: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for a in doc.select(&sel) {
        let href = a.value().attr("href").expect("href");
        let rel = resolve("maal/index.html", href);
        let facet = rel.split('/').nth(1).expect("facet").to_string();
        // The label without its count: "Drift og vedligehold (5 mål)".
        let label: String = a.text().next().expect("label").trim().to_string();
        found.entry(facet).or_default().insert(label, rel);
    }
    found
}

#[test]
fn the_static_filter_pages_list_exactly_the_goals_with_that_value() {
    let site = site();
    let goals = goals_of(site);
    assert!(goals.len() > 50, "{} goals", goals.len());
    let all: BTreeSet<String> = goals.iter().map(Goal::link).collect();
    assert_eq!(listed(site, "maal/index.html"), all);

    let links = filter_links(site);
    // Agencies by slug (the page's address), the others by their label.
    let agencies: BTreeSet<&str> = goals.iter().map(|g| g.agency.as_str()).collect();
    let agency_pages: BTreeSet<String> = links["styrelse"].values().cloned().collect();
    let expected: BTreeSet<String> = agencies
        .iter()
        .map(|a| format!("maal/styrelse/{a}/index.html"))
        .collect();
    assert_eq!(agency_pages, expected);
    for agency in agencies {
        let want: BTreeSet<String> = goals
            .iter()
            .filter(|g| g.agency == agency)
            .map(Goal::link)
            .collect();
        assert_eq!(
            listed(site, &format!("maal/styrelse/{agency}/index.html")),
            want,
            "{agency}"
        );
    }
    for (facet, value) in [
        (
            "kerneopgave",
            (|g: &Goal| Some(g.core_task.clone())) as fn(&Goal) -> Option<String>,
        ),
        ("status", |g: &Goal| g.status.clone()),
    ] {
        let values: BTreeSet<String> = goals.iter().filter_map(value).collect();
        assert_eq!(
            links[facet].keys().cloned().collect::<BTreeSet<_>>(),
            values,
            "{facet}"
        );
        for v in &values {
            let want: BTreeSet<String> = goals
                .iter()
                .filter(|g| value(g).as_ref() == Some(v))
                .map(Goal::link)
                .collect();
            assert_eq!(listed(site, &links[facet][v]), want, "{facet} {v}");
        }
    }

    // The current filter is marked, and the table turns into cards on a
    // phone (every cell labelled).
    let rel = &links["status"]["Opfyldt"];
    let doc = page(site, &format!("output/{rel}"));
    assert_eq!(
        texts(&doc, "a[aria-current=page]").len(),
        2,
        "the breadcrumb and the filter"
    );
    assert_eq!(
        attrs(&doc, ".goal-filters a[aria-current=page]", "href"),
        ["../../../maal/status/opfyldt/index.html"]
    );
    assert_eq!(
        attrs(&doc, "table.goal-index", "class"),
        ["goals goal-index cards"]
    );
    // A filter page lists the statuses, and sends the reader to the
    // overview for the agencies and kerneopgaver: every page listing every
    // agency grew as the square of the site.
    for rel in [
        rel,
        &links["styrelse"]
            .values()
            .next()
            .expect("an agency")
            .clone(),
    ] {
        let doc = page(site, &format!("output/{rel}"));
        assert!(texts(&doc, ".goal-filters a[href*='/styrelse/']").is_empty());
        assert_eq!(
            attrs(&doc, ".goal-filters .filter-more a", "href"),
            [
                "../../../maal/index.html#filter-styrelse",
                "../../../maal/index.html#filter-kerneopgave"
            ],
            "{rel}"
        );
        assert_eq!(
            texts(&doc, ".goal-filters .filter-more a"),
            ["Vælg styrelse blandt alle", "Vælg kerneopgave blandt alle"]
        );
        assert_eq!(
            texts(&doc, ".goal-filters a[href*='/status/']").len(),
            links["status"].len()
        );
    }
    let labels = attrs(&doc, "table.goal-index tbody td", "data-label");
    assert!(
        labels
            .iter()
            .all(|l| ["Styrelse", "År", "Kerneopgave", "Status"].contains(&l.as_str()))
    );
    assert_eq!(
        labels.len(),
        4 * texts(&doc, "table.goal-index tbody tr").len()
    );
}

#[test]
fn the_filter_values_are_in_danish_order() {
    let site = site();
    let links = filter_links(site);
    let doc = page(site, "output/maal/index.html");
    for facet in links.keys() {
        let sel =
            Selector::parse(&format!(".goal-filters a[href*='/{facet}/']")).expect("selector");
        let shown: Vec<String> = doc
            .select(&sel)
            .map(|a| a.text().next().unwrap_or("").trim().to_string())
            .collect();
        let mut sorted = shown.clone();
        sorted.sort_by_key(|s| danish_key(s));
        assert_eq!(shown, sorted, "{facet}");
    }
    // "Økonomistyring" comes after "Værnepligt", as in a Danish dictionary.
    let tasks: Vec<&String> = links["kerneopgave"].keys().collect();
    let shown = texts(&doc, ".goal-filters a[href*='/kerneopgave/']");
    let pos = |t: &str| shown.iter().position(|s| s.starts_with(t)).expect(t);
    assert!(tasks.len() > 2);
    assert!(pos("Værnepligt") < pos("Økonomistyring"));
}

/// Danish alphabetical order as a reader expects it: æ, ø, å last (aa as å).
fn danish_key(s: &str) -> Vec<u32> {
    s.to_lowercase()
        .replace("aa", "å")
        .chars()
        .map(|c| match c {
            'æ' => 1000,
            'ø' => 1001,
            'å' => 1002,
            c => c as u32,
        })
        .collect()
}

#[test]
fn searching_in_chromium_finds_the_inflected_forms() {
    if !browser_ready() {
        return;
    }
    let site = site();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shots = std::env::var_os("MRPLAN_SCREENSHOTS");
    let mut cmd = Command::new("node");
    cmd.arg(repo.join("a11y/search.mjs"))
        .arg(site.path("output"))
        .arg("rekruttering")
        .args(["--also", "rekrutteringen"]);
    if let Some(dir) = &shots {
        cmd.arg("--screenshots").arg(dir);
    }
    let out = cmd.output().expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(report["error"].is_null(), "{}", report["error"]);

    // The goals whose text says "rekrutteringen" are found, each on its
    // plan's page (the goal as a sub-result).
    let found: BTreeSet<String> = report["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["href"]
                .as_str()
                .expect("href")
                .trim_start_matches('/')
                .to_string()
        })
        .collect();
    let goals = goals_of(site);
    let stemmed: Vec<&Goal> = goals
        .iter()
        .filter(|g| g.text.to_lowercase().contains("rekrutteringen"))
        .collect();
    assert!(stemmed.len() >= STEMMED.len());
    for g in &stemmed {
        let page = format!("planer/{}/{}/index.html", g.year, g.agency);
        assert!(found.contains(&page), "{page} not among {found:?}");
    }
    // Where the plan says it nowhere else, the goal itself is the hit: a
    // sub-result that leads to the goal's heading.
    for (file, _, _) in STEMMED {
        let g = stemmed
            .iter()
            .find(|g| file.ends_with(&format!("{}/{}.md", g.year, g.agency)))
            .expect("edited goal");
        let heading = format!(
            "planer/{}/{}/index.html#maal-{}-titel",
            g.year, g.agency, g.nr
        );
        assert!(found.contains(&heading), "{heading} not among {found:?}");
    }
    assert!(
        report["summary"]
            .as_str()
            .is_some_and(|s| s.contains("rekruttering"))
    );

    // Stemming, not just a prefix: "rekrutteringen" also finds the plans
    // that only ever say "rekruttering".
    let also: BTreeSet<String> = report["also"]
        .as_array()
        .expect("also")
        .iter()
        .map(|r| {
            r.as_str()
                .expect("href")
                .trim_start_matches('/')
                .to_string()
        })
        .collect();
    let mut plain: BTreeSet<String> = BTreeSet::new();
    for g in &goals {
        let text = g.text.to_lowercase();
        let bare = text
            .match_indices("rekruttering")
            .any(|(i, w)| !text[i + w.len()..].starts_with(|c: char| c.is_alphabetic()));
        if bare {
            plain.insert(format!("planer/{}/{}/index.html", g.year, g.agency));
        }
    }
    assert!(!plain.is_empty());
    for page in &plain {
        assert!(also.contains(page), "{page} not among {also:?}");
    }
    assert_eq!(report["notice_visible"], false);

    // Keyboard and a strict CSP: the box is reached by Tab and has a Danish
    // name; nothing was blocked, and the index came from pagefind/.
    assert!(
        report["tabs_to_search_box"]
            .as_u64()
            .is_some_and(|n| n < 10)
    );
    assert!(
        report["search_box_label"]
            .as_str()
            .is_some_and(|l| l.starts_with("Søg")),
        "{}",
        report["search_box_label"]
    );
    assert_eq!(report["csp_violations"], serde_json::json!([]));
    let requests: Vec<&str> = report["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .filter_map(|r| r.as_str())
        .collect();
    assert!(
        requests.contains(&"/pagefind/wasm.da.pagefind"),
        "{requests:?}"
    );
    assert_eq!(report["overflow_320"], 0);

    // axe (WCAG 2.1 AA) with the results shown.
    assert!(report["axe_results_shown"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(report["axe_violations"], serde_json::json!([]));

    // From the disk the page says why search cannot work, in Danish, and
    // links the goal index instead.
    let file = &report["file"];
    assert_eq!(file["notice_visible"], true);
    assert_eq!(file["search_hidden"], true);
    assert!(
        file["text"][0]
            .as_str()
            .is_some_and(|t| t.contains("file://")),
        "{file}"
    );
    assert_eq!(file["fallback"], "../maal/index.html");
}

/// The text of every page in a served Pagefind bundle, by page URL: the
/// fragments are gzipped JSON behind a `pagefind_dcd` marker.
fn served_fragments(server: &Server, site: &TestSite) -> BTreeMap<String, String> {
    use std::io::Read;
    let entry: serde_json::Value =
        serde_json::from_slice(&server.get("/pagefind/pagefind-entry.json").body).expect("entry");
    let hash = entry["languages"]["da"]["hash"].as_str().expect("hash");
    let meta = server.get(&format!("/pagefind/pagefind.{hash}.pf_meta"));
    assert_eq!(meta.status, 200, "the index named by the entry is served");
    let mut fragments = BTreeMap::new();
    for name in bundle_files(site)
        .iter()
        .filter(|n| n.starts_with("fragment/"))
    {
        let gz = server.get(&format!("/pagefind/{name}")).body;
        let mut text = String::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_string(&mut text)
            .expect("gzip");
        let json: serde_json::Value =
            serde_json::from_str(text.trim_start_matches("pagefind_dcd")).expect("fragment json");
        fragments.insert(
            json["url"].as_str().expect("url").to_string(),
            json["content"].as_str().expect("content").to_string(),
        );
    }
    fragments
}

/// Waits until serve has written a bundle other than `old` (and it holds
/// still), as the index is rebuilt after the reload.
fn wait_for_new_bundle(site: &TestSite, old: &BTreeSet<String>) {
    let start = std::time::Instant::now();
    loop {
        let now = bundle_files(site);
        if &now != old {
            std::thread::sleep(std::time::Duration::from_millis(300));
            if bundle_files(site) == now {
                return;
            }
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "the search index was not rebuilt"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The files of the served site's bundle, from its output folder (serve
/// writes every change there too).
fn bundle_files(site: &TestSite) -> BTreeSet<String> {
    let dir = site.path("output/pagefind");
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&dir).expect("prefix");
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect()
}

#[test]
fn serve_serves_the_search_and_reindexes_an_edit() {
    let site = &TestSite::new("default");
    let server = Server::start(site, &["--no-pdf"]);
    for (path, mime) in [
        ("/soeg/", "text/html; charset=utf-8"),
        ("/maal/", "text/html; charset=utf-8"),
        ("/pagefind/pagefind.js", "text/javascript; charset=utf-8"),
        (
            "/pagefind/pagefind-component-ui.js",
            "text/javascript; charset=utf-8",
        ),
        (
            "/pagefind/pagefind-worker.js",
            "text/javascript; charset=utf-8",
        ),
        (
            "/pagefind/pagefind-component-ui.css",
            "text/css; charset=utf-8",
        ),
        ("/pagefind/pagefind-entry.json", "application/json"),
        ("/pagefind/wasm.da.pagefind", "application/octet-stream"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.headers["content-type"], mime, "{path}");
    }
    let before = served_fragments(&server, site);
    let pages = before.len();
    assert!(pages > 30, "{pages} pages indexed");
    assert!(!before.values().any(|t| t.contains("Kvantespring")));

    // An edit of one plan renders only its pages, yet the index still
    // covers every page, and has the new text.
    let old_files = bundle_files(site);
    server.edit(
        site,
        "content/planer/2025/fmi.md",
        "Tiden fra et behov er godkendt",
        "Kvantespring, tiden fra et behov er godkendt",
    );
    // The index follows just after the reload (the page itself comes first).
    wait_for_new_bundle(site, &old_files);
    let after = served_fragments(&server, site);
    assert_eq!(after.len(), pages);
    assert!(after["/planer/2025/fmi/index.html"].contains("Kvantespring"));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    // The old index's files are gone from the served site (and the disk).
    let new_files = bundle_files(site);
    let stale: Vec<&String> = old_files.difference(&new_files).collect();
    assert!(!stale.is_empty(), "the edit changed some index files");
    for name in stale {
        assert_eq!(
            server.get(&format!("/pagefind/{name}")).status,
            404,
            "{name}"
        );
    }
}

/// `build --no-search` (as the Hugo benchmark builds) writes no index; the
/// search page says search is off and points to the goal index, and every
/// link of the site still resolves (the build's own link check).
#[test]
fn build_without_search_writes_no_index_and_says_so() {
    let site = TestSite::new("minimal");
    let built = site.run(&["build", "--no-pdf", "--no-search"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(!site.path("output/pagefind").exists());
    let doc = page(&site, "output/soeg/index.html");
    assert_eq!(
        texts(&doc, "#soeg-ikke-bygget h2"),
        ["Søgningen er slået fra"]
    );
    assert!(
        attrs(&doc, "script[src]", "src")
            .iter()
            .all(|s| !s.contains("pagefind") && !s.ends_with("soeg.js"))
    );
    assert!(
        attrs(&doc, "link[rel=stylesheet]", "href")
            .iter()
            .all(|h| !h.contains("pagefind"))
    );
    assert!(texts(&doc, "pagefind-input").is_empty());
    // The goal index is there all the same.
    assert!(site.path("output/maal/index.html").exists());

    let with = site.run(&["build", "--no-pdf"]);
    assert_eq!(with.code, 0, "{}", with.stderr);
    assert!(site.path("output/pagefind/pagefind.js").exists());
    let doc = page(&site, "output/soeg/index.html");
    assert!(texts(&doc, "#soeg-ikke-bygget").is_empty());
}
