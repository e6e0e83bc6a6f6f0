//! Accessibility: the WCAG 2.1 AA audit (axe-core in Debian's Chromium) of
//! every page the default content builds, and `check --a11y` on a theme
//! that breaks it. The assertions read the audit's JSON, never a log line.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::{TestSite, browser_ready};

fn audit(site: &TestSite) -> serde_json::Value {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("node")
        .arg(repo.join("a11y/audit.mjs"))
        .arg(site.path("output"))
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the audit prints JSON")
}

#[test]
fn every_page_of_the_default_site_passes_wcag_21_aa() {
    if !browser_ready() {
        return;
    }
    let site = TestSite::built_default();
    let report = audit(site);
    assert_eq!(report["standard"], "WCAG 2.1 AA");

    // Every HTML page was audited, and every page type is among them.
    let built: BTreeSet<String> = walkdir::WalkDir::new(site.path("output"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(site.path("output")).expect("prefix");
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    let pages = report["pages"].as_array().expect("pages");
    let audited: BTreeSet<String> = pages
        .iter()
        .map(|p| p["path"].as_str().expect("path").to_string())
        .collect();
    assert_eq!(audited, built);
    for page_type in [
        "index.html",
        "404.html",
        "styrelser/index.html",
        "styrelser/fmi/index.html",
        "planer/2025/fmi/index.html",
        "resultater/2025/index.html",
        "resultater/2025/fmi/index.html",
        "status/2026/index.html",
        "soeg/index.html",
        "maal/index.html",
        "maal/status/opfyldt/index.html",
    ] {
        assert!(audited.contains(page_type), "{page_type} not audited");
    }

    for page in pages {
        let path = &page["path"];
        assert!(page["error"].is_null(), "{path}: {}", page["error"]);
        assert_eq!(
            page["violations"],
            serde_json::json!([]),
            "{path}: axe found violations"
        );
        // The first Tab lands on a working, visibly focused skip link.
        let focus = &page["first_focus"];
        assert_eq!(focus["text"], "Spring til indhold", "{path}");
        assert_eq!(focus["href"], "#indhold", "{path}");
        assert_eq!(focus["target_exists"], true, "{path}");
        assert_eq!(focus["visible"], true, "{path}");
        assert_eq!(focus["outline"], true, "{path}");
        assert_eq!(
            page["focus_without_outline"],
            serde_json::json!([]),
            "{path}"
        );
        // Usable at 320 px and at 200 % zoom: nothing scrolls sideways.
        assert_eq!(page["overflow_320"], 0, "{path} at 320 px");
        assert_eq!(page["overflow_zoom200"], 0, "{path} at 200 %");
    }
}

/// The theme's base.html with three faults a reviewer would miss: no skip
/// link, a logo without alt text, and grey text on white.
fn broken_base() -> String {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base =
        std::fs::read_to_string(repo.join("themes/standard/templates/base.html")).expect("base");
    let skip = "<a class=\"skip-link\" href=\"#indhold\">Spring til indhold</a>\n";
    assert!(base.contains(skip));
    base.replace(skip, "")
        .replace(
            "<div class=\"wrap header-row\">",
            "<div class=\"wrap header-row\">\n    <img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" width=\"40\" height=\"40\">",
        )
        .replace(
            "<p class=\"footer-title\">",
            "<p style=\"color:#bbbbbb;background:#ffffff\">Sidst gennemgået af webredaktionen</p>\n    <p class=\"footer-title\">",
        )
}

#[test]
fn check_a11y_reports_each_fault_at_its_element_in_danish() {
    if !browser_ready() {
        return;
    }
    let site = TestSite::new("minimal");
    site.write("templates/base.html", &broken_base());
    let run = site.run(&["check", "--a11y", "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let found: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(found.iter().all(|d| d["rule"] == "MRP307"), "{found:?}");
    // The sixteen pages (with the search page and the goal index with its
    // filter pages; the reported year has no status page) share the three faults of
    // base.html: each is reported once, on the front page.
    assert_eq!(found.len(), 3, "{found:?}");
    let on_front: Vec<&serde_json::Value> = found
        .iter()
        .filter(|d| d["file"] == "(bygget) index.html")
        .collect();
    let messages: BTreeSet<&str> = on_front
        .iter()
        .map(|d| d["message"].as_str().expect("message"))
        .collect();
    assert_eq!(
        messages,
        BTreeSet::from([
            "Billeder skal have en alternativ tekst (image-alt). Også på 15 andre sider.",
            "Det første, tabulatortasten når, er 'Testministeriet', ikke et virkende link 'Spring til indhold'. Også på 15 andre sider.",
            "Elementer skal have tilstrækkelig farvekontrast (color-contrast). Også på 15 andre sider.",
        ])
    );
    assert_eq!(on_front.len(), 3, "{on_front:?}");
    // The image finding points at the <img> in the built page, with a hint
    // naming the template to fix.
    let image = on_front
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("image-alt"))
        })
        .expect("image-alt");
    let html = run_build_page(&site);
    let line = html
        .lines()
        .position(|l| l.contains("<img src="))
        .expect("img line")
        + 1;
    assert_eq!(image["line"], line, "{image}");
    assert!(
        image["hint"]
            .as_str()
            .is_some_and(|h| h.starts_with("Siden kommer fra skabelonen index.html")),
        "{image}"
    );

    // The human form, exactly: file:line:col, the rule, the excerpt, the hint.
    let human = site.run(&["check", "--a11y"]);
    assert_eq!(human.code, 1);
    assert!(
        human
            .stdout
            .contains(&format!("(bygget) index.html:{line}:5"))
    );
    insta::assert_snapshot!(human.stdout);
}

/// The front page as `build` writes it.
fn run_build_page(site: &TestSite) -> String {
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.read("output/index.html")
}

#[test]
fn check_a11y_says_how_to_install_what_is_missing() {
    let site = TestSite::new("minimal");
    let empty = tempfile::tempdir().expect("temp");
    let cache = tempfile::tempdir().expect("temp");
    let run = |path: &Path| {
        Command::new(env!("CARGO_BIN_EXE_mrplan"))
            .args(["check", "--a11y"])
            .current_dir(site.path(""))
            .env("PATH", path)
            .env("XDG_CACHE_HOME", cache.path())
            .env_remove("MRPLAN_A11Y_MODULES")
            .env_remove("CHROMIUM")
            .output()
            .expect("run")
    };
    let out = run(empty.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "fejl: Tilgængelighedstjekket kræver Node.js, som ikke er installeret.\n  \
         tip: installér det, på Debian og Ubuntu med: sudo apt-get install nodejs npm\n"
    );
    // With Node.js but no Chromium on the path.
    let Some(node) = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|d| d.join("node"))
        .find(|p| p.is_file())
    else {
        return;
    };
    #[cfg(unix)]
    std::os::unix::fs::symlink(&node, empty.path().join("node")).expect("link");
    let out = run(empty.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "fejl: Tilgængelighedstjekket kræver Chromium, som ikke er installeret.\n  \
         tip: installér det, på Debian og Ubuntu med: sudo apt-get install chromium\n  \
         (eller sæt CHROMIUM til stien til en Chromium eller Chrome)\n"
    );
    // With both, but not the npm packages: not in the cache folder and not
    // in a11y/ beside the site (a site's own files never run as code).
    if !Path::new("/usr/bin/chromium").exists() {
        return;
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink("/usr/bin/chromium", empty.path().join("chromium")).expect("link");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::copy_dir(&repo.join("a11y"), &site.path("a11y"));
    let out = run(empty.path());
    assert_eq!(out.status.code(), Some(2));
    let folder = std::fs::read_dir(cache.path().join("mrplan"))
        .ok()
        .and_then(|mut d| d.next())
        .map(|e| e.expect("entry").path());
    assert_eq!(folder, None, "nothing is fetched without consent");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let dir = mrplan_cache_dir(cache.path(), &stderr);
    assert_eq!(
        stderr,
        format!(
            "fejl: Tilgængelighedstjekket mangler npm-pakkerne axe-core 4.14.1 og playwright-core 1.65.1.\n  \
             tip: hent dem én gang (med npm, til {dir}) med: mrplan check --a11y --hent\n  \
             (eller sæt MRPLAN_A11Y_MODULES til en mappe, hvor npm ci allerede har lagt dem i node_modules/)\n"
        )
    );
    // A variable that names a folder without them.
    let wrong = Command::new(env!("CARGO_BIN_EXE_mrplan"))
        .args(["check", "--a11y"])
        .current_dir(site.path(""))
        .env("PATH", empty.path())
        .env("MRPLAN_A11Y_MODULES", cache.path())
        .output()
        .expect("run");
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).starts_with(&format!(
            "fejl: MRPLAN_A11Y_MODULES er sat til {}, men der er ikke axe-core og playwright-core i dens node_modules/.",
            cache.path().display()
        )),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
}

/// The cache folder the message names: `<cache>/mrplan/a11y-<8 hex digits>`.
fn mrplan_cache_dir(cache: &Path, message: &str) -> String {
    let prefix = format!("{}/mrplan/a11y-", cache.display());
    let at = message.find(&prefix).expect("the cache folder");
    let hash: String = message[at + prefix.len()..].chars().take(8).collect();
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
    format!("{prefix}{hash}")
}
