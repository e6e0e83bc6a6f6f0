//! `mrplan check --a11y`: the WCAG 2.1 AA audit of the built site.
//!
//! The site is built (without PDFs) into a temporary folder and every page
//! is audited in headless Chromium by `a11y/audit.mjs`, built into mrplan
//! (axe-core with its Danish messages, plus keyboard and reflow checks axe
//! cannot make; its npm packages live in a cache folder, see [`Tools`]). The
//! script's JSON becomes ordinary diagnostics, rule MRP307, pointing into the
//! built page: the same report as every other check, also as `--format json`.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::diagnostics::catalogue::{MRP307, Rule};
use crate::site::{BuildOptions, Site};
use crate::{Fatal, Stop};

/// The rule every audit finding is reported under.
pub const RULE: Rule = MRP307;

/// The audit script, built into mrplan: an installed binary needs nothing
/// from the source tree.
pub const SCRIPT: &str = include_str!("../a11y/audit.mjs");
/// The npm packages the script needs, with their exact versions.
const PACKAGE_JSON: &str = include_str!("../a11y/package.json");
const PACKAGE_LOCK: &str = include_str!("../a11y/package-lock.json");

/// A folder with `node_modules/axe-core` and `node_modules/playwright-core`
/// (for example a checkout's `a11y/` after `npm ci --prefix a11y`), used
/// instead of mrplan's cache folder.
pub const MODULES_VAR: &str = "MRPLAN_A11Y_MODULES";

/// What the audit needs on this machine.
pub struct Tools {
    pub node: PathBuf,
    pub chromium: PathBuf,
    /// The folder whose `node_modules` holds axe-core and playwright-core.
    pub modules: PathBuf,
}

/// Whether the npm packages may be fetched when they are missing.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Fetch {
    /// `--hent`: yes.
    Yes,
    /// Ask on a terminal; elsewhere say what to run.
    Ask,
}

impl Tools {
    /// Finds Node.js, Chromium and the audit's npm packages (fetching them
    /// into the cache folder with consent), or says in Danish how to get
    /// what is missing.
    pub fn find(fetch: Fetch) -> Result<Tools, Fatal> {
        let node = which("node").ok_or_else(|| {
            Fatal::new(
                "Tilgængelighedstjekket kræver Node.js, som ikke er installeret.\n  \
                 tip: installér det, på Debian og Ubuntu med: sudo apt-get install nodejs npm"
                    .into(),
            )
        })?;
        let chromium = std::env::var_os("CHROMIUM")
            .map(PathBuf::from)
            .or_else(|| which("chromium"))
            .or_else(|| which("chromium-browser"))
            .ok_or_else(|| {
                Fatal::new(
                    "Tilgængelighedstjekket kræver Chromium, som ikke er installeret.\n  \
                     tip: installér det, på Debian og Ubuntu med: sudo apt-get install chromium\n  \
                     (eller sæt CHROMIUM til stien til en Chromium eller Chrome)"
                        .into(),
                )
            })?;
        let modules = find_modules(fetch)?;
        Ok(Tools {
            node,
            chromium,
            modules,
        })
    }
}

fn has_modules(dir: &Path) -> bool {
    dir.join("node_modules/axe-core/axe.min.js").is_file()
        && dir
            .join("node_modules/playwright-core/package.json")
            .is_file()
}

/// The folder holding the npm packages: [`MODULES_VAR`] when set, else the
/// cache folder, fetched into with consent.
fn find_modules(fetch: Fetch) -> Result<PathBuf, Fatal> {
    if let Some(dir) = std::env::var_os(MODULES_VAR).map(PathBuf::from) {
        if has_modules(&dir) {
            return Ok(dir);
        }
        return Err(Fatal::new(format!(
            "{MODULES_VAR} er sat til {}, men der er ikke axe-core og playwright-core i dens node_modules/.\n  \
             tip: hent dem med: npm ci --prefix {} (med mrplans a11y/package.json og package-lock.json), eller fjern {MODULES_VAR}",
            dir.display(),
            dir.display()
        )));
    }
    let dir = cache_dir().ok_or_else(|| {
        Fatal::new(format!(
            "mrplan kan ikke finde en mappe til tilgængelighedstjekkets npm-pakker (hverken XDG_CACHE_HOME eller HOME er sat).\n  \
             tip: sæt {MODULES_VAR} til en mappe med node_modules/axe-core og node_modules/playwright-core"
        ))
    })?;
    if has_modules(&dir) {
        return Ok(dir);
    }
    let wanted = packages();
    let consent = match fetch {
        Fetch::Yes => true,
        Fetch::Ask => ask(&format!(
            "Tilgængelighedstjekket skal bruge npm-pakkerne {wanted} (ca. 20 MB).\nHent dem nu med npm til {}? [j/N] ",
            dir.display()
        )),
    };
    if !consent {
        return Err(Fatal::new(format!(
            "Tilgængelighedstjekket mangler npm-pakkerne {wanted}.\n  \
             tip: hent dem én gang (med npm, til {}) med: mrplan check --a11y --hent\n  \
             (eller sæt {MODULES_VAR} til en mappe, hvor npm ci allerede har lagt dem i node_modules/)",
            dir.display()
        )));
    }
    install(&dir)?;
    Ok(dir)
}

/// `$XDG_CACHE_HOME/mrplan/a11y-<hash>` (or under `~/.cache`): one folder
/// per set of package versions, so an upgrade of mrplan fetches anew.
pub fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    // FNV-1a: stable across Rust versions, unlike the std hasher.
    let hash = PACKAGE_LOCK
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    Some(
        base.join("mrplan")
            .join(format!("a11y-{:08x}", hash as u32)),
    )
}

/// "axe-core 4.14.1 og playwright-core 1.65.1", from the embedded package.json.
fn packages() -> String {
    let json: serde_json::Value = serde_json::from_str(PACKAGE_JSON).unwrap_or_default();
    let names: Vec<String> = json["dependencies"]
        .as_object()
        .map(|deps| {
            deps.iter()
                .map(|(name, v)| format!("{name} {}", v.as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    names.join(" og ")
}

/// Asks a yes/no question on the terminal; no terminal (CI) is a no.
fn ask(question: &str) -> bool {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return false;
    }
    let _ = write!(std::io::stderr(), "{question}");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(
        answer.trim().to_lowercase().as_str(),
        "j" | "ja" | "y" | "yes"
    )
}

/// Fetches the exact locked packages with `npm ci` into `dir`.
fn install(dir: &Path) -> Result<(), Fatal> {
    let npm = which("npm").ok_or_else(|| {
        Fatal::new(
            "Tilgængelighedstjekkets npm-pakker hentes med npm, som ikke er installeret.\n  \
             tip: installér det, på Debian og Ubuntu med: sudo apt-get install npm"
                .into(),
        )
    })?;
    std::fs::create_dir_all(dir).map_err(|e| Fatal::io("Kan ikke oprette mappen", dir, &e))?;
    for (name, text) in [
        ("package.json", PACKAGE_JSON),
        ("package-lock.json", PACKAGE_LOCK),
    ] {
        crate::output::write_atomic(&dir.join(name), text.as_bytes())?;
    }
    // npm's progress goes to stderr, so `--format json` output stays clean.
    let status = Command::new(&npm)
        .args(["ci", "--no-audit", "--no-fund", "--omit=dev", "--prefix"])
        .arg(dir)
        .stdout(std::process::Stdio::from(std::io::stderr()))
        .status()
        .map_err(|e| Fatal::io("Kan ikke starte", &npm, &e))?;
    if !status.success() || !has_modules(dir) {
        return Err(Fatal::new(format!(
            "npm kunne ikke hente tilgængelighedstjekkets pakker til {} (se npm's besked ovenfor).\n  \
             tip: tjek forbindelsen til npm-registret, og prøv igen med: mrplan check --a11y --hent",
            dir.display()
        )));
    }
    Ok(())
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// The audit script's report (see `a11y/audit.mjs`).
#[derive(Deserialize)]
pub struct Report {
    pub axe: String,
    pub pages: Vec<Page>,
}

#[derive(Deserialize)]
pub struct Page {
    pub path: String,
    #[serde(default)]
    pub violations: Vec<Violation>,
    pub error: Option<String>,
    pub first_focus: Option<Focus>,
    #[serde(default)]
    pub focus_without_outline: Vec<String>,
    #[serde(default)]
    pub overflow_320: f64,
    #[serde(default)]
    pub overflow_zoom200: Option<f64>,
}

#[derive(Deserialize)]
pub struct Violation {
    pub id: String,
    pub help: String,
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    pub nodes: Vec<Node>,
}

#[derive(Deserialize)]
pub struct Node {
    pub target: String,
    pub html: String,
    pub summary: Option<String>,
}

#[derive(Deserialize)]
pub struct Focus {
    pub text: String,
    pub href: Option<String>,
    pub target_exists: bool,
    pub outline: bool,
}

/// What the audit covered, for the summary line.
pub struct Audited {
    pub pages: usize,
    pub axe: String,
}

/// Builds the site into a temporary folder, audits every page and adds a
/// diagnostic per finding to `site.diagnostics`.
pub fn audit(site: &mut Site, tools: &Tools) -> Result<Audited, Stop> {
    let dir = tempfile::tempdir().map_err(|e| {
        Fatal::io(
            "Kan ikke lave en midlertidig mappe i",
            &std::env::temp_dir(),
            &e,
        )
    })?;
    let output = dir.path().join("site");
    site.build(&BuildOptions {
        output: output.clone(),
        drafts: false,
        strict: false,
        pdfs: false,
        search: true,
    })?;
    let mut report = site.phases.run("tilgængelighed", || run(tools, &output))?;
    // The front page first: that is where a shared fault is reported.
    report
        .pages
        .sort_by_key(|p| (p.path != "index.html", p.path.clone()));
    // A fault in a shared template shows on every page: report it once, on
    // the first page, and say how many more have it.
    let mut first: Vec<(usize, Finding, usize)> = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut pages: Vec<(&str, String)> = Vec::new();
    for page in &report.pages {
        let html = std::fs::read_to_string(output.join(&page.path)).unwrap_or_default();
        for finding in findings(page, &html) {
            let element = html.get(finding.0.clone()).unwrap_or("").to_string();
            match seen.entry((finding.1.clone(), element)) {
                Entry::Occupied(e) => first[*e.get()].2 += 1,
                Entry::Vacant(e) => {
                    e.insert(first.len());
                    first.push((pages.len(), finding, 0));
                }
            }
        }
        pages.push((&page.path, html));
    }
    let mut files = HashMap::new();
    for (page, (span, message, label, hint), others) in first {
        let (path, html) = &pages[page];
        let file = *files
            .entry(page)
            .or_insert_with(|| site.sources.add(format!("(bygget) {path}"), html.clone()));
        let message = match others {
            0 => message,
            1 => format!("{message} Også på 1 anden side."),
            n => format!("{message} Også på {n} andre sider."),
        };
        site.diagnostics.push(
            Diagnostic::error(RULE, file, span, message)
                .label(label)
                .hint(hint),
        );
    }
    Ok(Audited {
        pages: report.pages.len(),
        axe: report.axe,
    })
}

/// Runs `audit.mjs` over a built site and parses its JSON.
/// The script is written beside the built site (both in a temporary
/// folder) and finds its npm packages through [`MODULES_VAR`].
pub fn run(tools: &Tools, site: &Path) -> Result<Report, Fatal> {
    let script = site.with_file_name("audit.mjs");
    std::fs::write(&script, SCRIPT).map_err(|e| Fatal::io("Kan ikke skrive", &script, &e))?;
    let out = Command::new(&tools.node)
        .arg(&script)
        .arg(site)
        .env("CHROMIUM", &tools.chromium)
        .env(MODULES_VAR, &tools.modules)
        .output()
        .map_err(|e| Fatal::io("Kan ikke starte Node.js", &tools.node, &e))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(Fatal::new(format!(
            "Tilgængelighedstjekket stoppede uden resultat:\n{}",
            stderr.trim()
        )));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| {
        Fatal::new(format!(
            "Tilgængelighedstjekket gav et svar, mrplan ikke kan læse: {e}"
        ))
    })
}

type Finding = (std::ops::Range<usize>, String, String, String);

/// One finding per failing element; `html` is the page as built.
fn findings(page: &Page, html: &str) -> Vec<Finding> {
    let template = template_of(&page.path);
    let from = format!(
        "Siden kommer fra skabelonen {template} og base.html, som den bygger på (i themes/<tema>/templates/ eller din egen kopi i templates/)"
    );
    let mut found = Vec::new();
    if let Some(error) = &page.error {
        found.push((
            0..0,
            format!("Siden {} kunne ikke tjekkes: {error}", page.path),
            "ikke tjekket".into(),
            "Byg siden med mrplan build og åbn den i en browser for at se, hvad der er galt."
                .into(),
        ));
    }
    for v in &page.violations {
        for node in &v.nodes {
            // The first reason is enough to act on ("any of" lists alternatives).
            let reason = node
                .summary
                .as_deref()
                .and_then(|s| s.lines().nth(1))
                .map(str::trim)
                .unwrap_or("");
            found.push((
                locate(html, &node.html),
                format!("{} ({}).", v.help, v.id),
                format!("{}: {reason}", node.target),
                format!("{from}. Læs mere: {}", v.help_url),
            ));
        }
    }
    if let Some(focus) = &page.first_focus {
        let skip_ok = focus.text == "Spring til indhold" && focus.target_exists;
        if !skip_ok {
            found.push((
                locate(html, "<body"),
                format!(
                    "Det første, tabulatortasten når, er '{}', ikke et virkende link 'Spring til indhold'.",
                    focus.text
                ),
                format!("første fokus: {}", focus.href.as_deref().unwrap_or("-")),
                format!(
                    "{from}. Læg <a class=\"skip-link\" href=\"#indhold\">Spring til indhold</a> først i <body>, og giv <main> id=\"indhold\"."
                ),
            ));
        }
    }
    for element in &page.focus_without_outline {
        found.push((
            locate(html, element),
            "Et link eller en knap viser ikke, når den har fokus (WCAG 2.4.7).".into(),
            "ingen synlig fokusmarkering".into(),
            format!("{from}. Giv elementet en outline på mindst 2 px i :focus-visible i temaets style.css."),
        ));
    }
    let widths = [
        (page.overflow_320, "320 px bred skærm"),
        (page.overflow_zoom200.unwrap_or(0.0), "200 % zoom"),
    ];
    for (px, how) in widths {
        if px > 0.0 {
            found.push((
                locate(html, "<main"),
                format!("Siden skal rulles vandret ved {how}: {px:.0} px for bred (WCAG 1.4.10)."),
                "for bred".into(),
                format!("{from}. Lad lange ord og tabeller bryde om, eller læg brede tabeller i en <div class=\"table-scroll\">."),
            ));
        }
    }
    found
}

/// Where an element's markup sits in the page; the browser may serialize it
/// a little differently, so fall back to its opening tag, then the start.
fn locate(html: &str, element: &str) -> std::ops::Range<usize> {
    let open = element.split_inclusive('>').next().unwrap_or(element);
    for needle in [element, open] {
        if !needle.is_empty()
            && let Some(at) = html.find(needle)
        {
            return at..at + needle.len().min(open.len());
        }
    }
    0..0
}

/// The theme template that renders a built page.
fn template_of(path: &str) -> &'static str {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["index.html"] => "index.html",
        ["404.html"] => "404.html",
        ["styrelser", "index.html"] => "agencies.html",
        ["styrelser", ..] => "agency.html",
        ["planer", ..] => "plan.html",
        ["resultater", ..] => "results.html",
        ["status", ..] => "status.html",
        _ => "base.html",
    }
}
