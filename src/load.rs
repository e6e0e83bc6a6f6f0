//! Loading `content/`: find the files, split and parse their front matter,
//! and decode them into the model, collecting every diagnostic on the way.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::Fatal;
use crate::decode::{Decoder, Sp};
use crate::diagnostics::{Diagnostic, FileId, Sources};
use crate::model::{Agency, Body, Plan, RuleSettings, SiteConfig};
use crate::yaml::{self, Node, SplitError};

/// Everything under `content/`, decoded.
#[derive(Clone)]
pub struct Content {
    pub site: SiteConfig,
    pub agencies: Vec<Agency>,
    /// Sorted by year (newest first), then agency slug.
    pub plans: Vec<Plan>,
    /// How many plan files there are, including those that could not be read.
    pub plan_files: usize,
}

impl Content {
    pub fn agency(&self, slug: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.slug == slug)
    }

    /// The agency a user means on the command line: its slug or its
    /// abbreviation, in any case (`fmi`, `FMI`).
    pub fn agency_named(&self, given: &str) -> Option<&Agency> {
        let given = given.trim();
        self.agency(given).or_else(|| {
            self.agencies.iter().find(|a| {
                a.slug.eq_ignore_ascii_case(given)
                    || a.abbreviation.to_lowercase() == given.to_lowercase()
            })
        })
    }

    /// The agencies' slugs ("fe, fes, fko"), for messages about an unknown one.
    pub fn agency_slugs(&self) -> String {
        let slugs: Vec<&str> = self.agencies.iter().map(|a| a.slug.as_str()).collect();
        slugs.join(", ")
    }
}

/// A loaded site: the content, its source files and what decoding found.
pub struct Loaded {
    pub sources: Sources,
    pub content: Content,
    /// What decoding found (the content rules run separately).
    pub diagnostics: Vec<Diagnostic>,
    /// Every file under `content/`, so one edited file can be reloaded alone.
    files: Vec<(PathBuf, FileId, Kind)>,
}

/// What reloading one edited file changed (see [`Loaded::reload`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reloaded {
    /// A plan: its (year, agency) before and after the edit (`None` when it
    /// could not be decoded), so both the old and the new pages are redone.
    Plan {
        before: Option<(i32, String)>,
        after: Option<(i32, String)>,
    },
    Agency(String),
}

/// What kind of file a path under `content/` is.
#[derive(Clone)]
enum Kind {
    Site,
    Agency(String),
    Plan { slug: String, folder: String },
    Unknown,
}

fn classify(rel: &Path) -> Kind {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    let stem = |name: &str| name.strip_suffix(".md").map(str::to_string);
    match parts.as_slice() {
        ["_index.md"] => Kind::Site,
        ["styrelser", name] => stem(name).map_or(Kind::Unknown, Kind::Agency),
        ["planer", folder, name] => stem(name).map_or(Kind::Unknown, |slug| Kind::Plan {
            slug,
            folder: folder.to_string(),
        }),
        _ => Kind::Unknown,
    }
}

/// Loads the site under `root` (the folder that holds `content/`).
pub fn load(root: &Path) -> Result<Loaded, Fatal> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return Err(Fatal::new(format!(
            "Mappen '{}' findes ikke. Kør mrplan fra sidens rodmappe (der hvor content/ ligger), eller angiv den med --root.\n  tip: start en ny side med: mrplan init",
            content_dir.display()
        )));
    }
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(&content_dir).sort_by_file_name() {
        let entry = entry.map_err(|e| walk_error(&content_dir, e))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            paths.push(entry.into_path());
        }
    }

    // Read every file first (cheap), so each has a stable id before the parallel decode.
    let mut sources = Sources::default();
    let mut files: Vec<(PathBuf, FileId, Kind)> = Vec::new();
    for path in &paths {
        let text =
            std::fs::read_to_string(path).map_err(|e| Fatal::io("Kan ikke læse", path, &e))?;
        let rel = path.strip_prefix(&content_dir).unwrap_or(path);
        let shown = Path::new("content")
            .join(rel)
            .to_string_lossy()
            .replace('\\', "/");
        let id = sources.add(shown, text);
        files.push((path.clone(), id, classify(rel)));
    }

    let Some(site_file) = files
        .iter()
        .find(|(_, _, k)| matches!(k, Kind::Site))
        .map(|(_, id, _)| *id)
    else {
        return Err(Fatal::new(
            "content/_index.md mangler. Den fil er sidens forside og indstillinger (titel, ministerium, base_url, ...). Se README.md.\n  tip: start en ny side med: mrplan init".into(),
        ));
    };

    let mut diagnostics = Vec::new();
    let mut decoder = Decoder::new(site_file, sources.text(site_file));
    let site = parse_file(&mut decoder)
        .and_then(|(node, body)| SiteConfig::decode(&mut decoder, &node, body))
        .unwrap_or_else(|| fallback_site(site_file));
    diagnostics.append(&mut decoder.diagnostics);

    let mut agencies = Vec::new();
    for (_, id, kind) in &files {
        match kind {
            Kind::Agency(slug) => {
                let (agency, mut found) = decode_agency(&sources, *id, slug);
                agencies.extend(agency);
                diagnostics.append(&mut found);
            }
            Kind::Unknown => diagnostics.push(
                Diagnostic::warning("MRP026", *id, 0..0, "mrplan bruger ikke denne fil.")
                    .hint("Planer ligger i content/planer/<år>/<styrelse>.md og styrelser i content/styrelser/<styrelse>.md."),
            ),
            Kind::Site | Kind::Plan { .. } => {}
        }
    }

    // Plans are independent: decode them in parallel.
    let decoded: Vec<(Option<Plan>, Vec<Diagnostic>)> = files
        .par_iter()
        .filter_map(|(_, id, kind)| match kind {
            Kind::Plan { slug, folder } => Some((*id, slug, folder)),
            _ => None,
        })
        .map(|(id, slug, folder)| decode_plan(&sources, id, slug, folder))
        .collect();
    let mut plans = Vec::new();
    for (plan, mut diags) in decoded {
        plans.extend(plan);
        diagnostics.append(&mut diags);
    }
    sort_plans(&mut plans);
    let plan_files = files
        .iter()
        .filter(|(_, _, k)| matches!(k, Kind::Plan { .. }))
        .count();

    Ok(Loaded {
        sources,
        content: Content {
            site,
            agencies,
            plans,
            plan_files,
        },
        diagnostics,
        files,
    })
}

impl Loaded {
    /// Re-reads one edited plan or agency file and swaps it into the content.
    /// `None` when only a full reload will do: the file is new, gone, the
    /// site settings, or not a plan or agency.
    pub fn reload(&mut self, path: &Path) -> Option<Reloaded> {
        let (_, id, kind) = self.files.iter().find(|(p, _, _)| p == path)?.clone();
        let text = std::fs::read_to_string(path).ok()?;
        self.sources.replace(id, text);
        self.diagnostics.retain(|d| d.file != id);
        let key = |p: &Plan| (p.year(), p.slug().to_string());
        match kind {
            Kind::Plan { slug, folder } => {
                let before = self.content.plans.iter().position(|p| p.file == id);
                let before = before.map(|i| self.content.plans.remove(i));
                let (plan, mut found) = decode_plan(&self.sources, id, &slug, &folder);
                self.diagnostics.append(&mut found);
                let after = plan.as_ref().map(key);
                self.content.plans.extend(plan);
                sort_plans(&mut self.content.plans);
                Some(Reloaded::Plan {
                    before: before.as_ref().map(key),
                    after,
                })
            }
            Kind::Agency(slug) => {
                let (agency, mut found) = decode_agency(&self.sources, id, &slug);
                self.diagnostics.append(&mut found);
                let at = self.content.agencies.iter().position(|a| a.file == id);
                match (at, agency) {
                    (Some(i), Some(a)) => self.content.agencies[i] = a,
                    (Some(i), None) => {
                        self.content.agencies.remove(i);
                    }
                    (None, Some(a)) => {
                        // Keep the load order (by file name).
                        self.content.agencies.push(a);
                        self.content.agencies.sort_by_key(|a| a.file);
                    }
                    (None, None) => {}
                }
                Some(Reloaded::Agency(slug))
            }
            Kind::Site | Kind::Unknown => None,
        }
    }
}

fn decode_agency(sources: &Sources, id: FileId, slug: &str) -> (Option<Agency>, Vec<Diagnostic>) {
    let mut d = Decoder::new(id, sources.text(id));
    let agency = parse_file(&mut d)
        .and_then(|(node, body)| Agency::decode(&mut d, &node, slug.to_string(), body));
    (agency, d.diagnostics)
}

fn decode_plan(
    sources: &Sources,
    id: FileId,
    slug: &str,
    folder: &str,
) -> (Option<Plan>, Vec<Diagnostic>) {
    let mut d = Decoder::new(id, sources.text(id));
    let folder_year = folder
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2999).contains(y));
    if folder_year.is_none() {
        d.push(
            Diagnostic::error(
                "MRP021",
                id,
                0..0,
                format!("Mappen planer/{folder}/ er ikke et årstal."),
            )
            .hint("Læg planen i en mappe, der hedder planåret, fx content/planer/2025/."),
        );
    }
    let plan = parse_file(&mut d)
        .and_then(|(node, body)| Plan::decode(&mut d, &node, slug.to_string(), folder_year, body));
    (plan, d.diagnostics)
}

/// Newest year first, then by agency.
fn sort_plans(plans: &mut [Plan]) {
    plans.sort_by(|a, b| b.year().cmp(&a.year()).then_with(|| a.slug().cmp(b.slug())));
}

/// Splits and parses a file's front matter (rules MRP001-MRP003).
fn parse_file(d: &mut Decoder) -> Option<(Node, Body)> {
    let split = match yaml::split(d.text) {
        Ok(split) => split,
        Err(e) => {
            let (rule, message, hint) = match e {
                SplitError::Empty => (
                    "MRP003",
                    "Filen er tom.",
                    "Begynd filen med en linje med '---', så felterne, og en linje med '---' igen.",
                ),
                SplitError::NoOpening => (
                    "MRP002",
                    "Front matter skal begynde med en linje med '---'.",
                    "Sæt en linje med '---' øverst i filen, før felterne.",
                ),
                SplitError::NoClosing => (
                    "MRP002",
                    "Front matter skal slutte med en linje med '---'. Slutlinjen mangler.",
                    "Sæt en linje med '---' efter det sidste felt, før brødteksten.",
                ),
            };
            let end = d.text.find('\n').unwrap_or(d.text.len());
            d.push(Diagnostic::error(rule, d.file, 0..end, message).hint(hint));
            return None;
        }
    };
    let body = Body {
        text: split.body.to_string(),
        offset: split.body_start,
    };
    match yaml::parse(split.yaml, split.yaml_start) {
        Ok(node) => Some((node, body)),
        Err(e) => {
            d.push(
                Diagnostic::error(
                    "MRP001",
                    d.file,
                    e.span,
                    format!("Front matter kan ikke læses som YAML: {}.", e.message),
                )
                .label(format!("teknisk: {}", e.detail))
                .hint("Tjek indrykningen og kolonerne: felter under et mål rykkes ind med fire mellemrum, og tekst med ': ' skal stå i anførselstegn."),
            );
            None
        }
    }
}

/// Settings used when `_index.md` cannot be decoded (its errors are reported).
fn fallback_site(file: FileId) -> SiteConfig {
    SiteConfig {
        file,
        title: String::new(),
        ministry: String::new(),
        base_url: String::new(),
        lang: "da".into(),
        theme: Sp::new("standard".into(), 0..0),
        mission: String::new(),
        vision: String::new(),
        accessibility_url: None,
        rules: RuleSettings::default(),
        intro: Body::default(),
    }
}

/// A folder under `content/` that cannot be listed, with the path it is about.
fn walk_error(content_dir: &Path, e: walkdir::Error) -> Fatal {
    let path = e.path().unwrap_or(content_dir).to_path_buf();
    match e.io_error() {
        Some(io) => Fatal::io("Kan ikke læse", &path, io),
        // Only a symlink loop has no I/O error.
        None => Fatal::new(format!(
            "Kan ikke læse {}: mappen henviser (med et symbolsk link) til sig selv.",
            path.display()
        )),
    }
}
