//! Loading `content/`: find the files, split and parse their front matter,
//! and decode them into the model, collecting every diagnostic on the way.

use crate::diagnostics::catalogue::{
    MRP001, MRP002, MRP003, MRP021, MRP026, MRP120, MRP121, MRP122, MRP123, MRP124, Rule,
};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::Fatal;
use crate::decode::Decoder;
use crate::diagnostics::{Diagnostic, FileId, Sources};
use crate::files::{Refused, Root};
use crate::limits;
use crate::span::Sp;
use crate::written::{Agency, Body, Content, Plan, RuleSettings, SiteConfig};
use crate::yaml::{self, Node, SplitError};

/// A loaded site: the content, its source files and what decoding found.
pub struct Loaded {
    pub sources: Sources,
    pub content: Content,
    /// What decoding found (the content rules run separately).
    pub diagnostics: Vec<Diagnostic>,
    /// Every file under `content/`, so one edited file can be reloaded alone.
    files: Vec<(PathBuf, FileId, Kind)>,
    /// The site root the files were read from (`None` when loaded from memory).
    root: Option<Root>,
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
pub enum Kind {
    Site,
    Agency(String),
    Plan {
        slug: String,
        folder: String,
    },
    Unknown,
    /// A name that cannot become part of an address (MRP120): the message.
    BadName(String),
}

/// What kind of file `rel` (a path below `content/`) is, by its name alone.
pub fn classify(rel: &Path) -> Kind {
    let parts: Vec<Option<&str>> = rel.iter().map(|p| p.to_str()).collect();
    if parts.iter().any(Option::is_none) {
        return Kind::BadName(format!(
            "Navnet content/{} er ikke gyldig UTF-8, så mrplan kan ikke vide, hvilken plan eller styrelse filen er.",
            rel.to_string_lossy()
        ));
    }
    let parts: Vec<&str> = parts.into_iter().flatten().collect();
    let slug = |name: &str| match name.strip_suffix(".md") {
        Some(stem) if crate::fields::is_slug(stem) => Ok(stem.to_string()),
        Some(_) => Err(Kind::BadName(format!(
            "Filnavnet '{name}' kan ikke bruges: navnet før .md er styrelsens kortnavn i sidens adresser."
        ))),
        None => Err(Kind::Unknown),
    };
    match parts.as_slice() {
        ["_index.md"] => Kind::Site,
        ["styrelser", name] => slug(name).map_or_else(|k| k, Kind::Agency),
        ["planer", folder, name] => slug(name).map_or_else(
            |k| k,
            |slug| Kind::Plan {
                slug,
                folder: folder.to_string(),
            },
        ),
        _ => Kind::Unknown,
    }
}

/// One file under `content/`, found but not yet decoded.
pub struct SourceFile {
    /// Its path below `content/`.
    pub rel: PathBuf,
    /// Where it is on disk (for `serve`'s reload of one file).
    pub path: PathBuf,
    /// Its bytes, or why they were not read.
    pub data: Result<Vec<u8>, Refused>,
}

/// Loads the site under `root` (the folder that holds `content/`).
pub fn load(root: &Path) -> Result<Loaded, Fatal> {
    load_replacing(root, None)
}

/// Loads the site with `text` in place of the file at `path` on disk (the
/// editor checks unsaved site settings this way).
pub fn load_replacing(root: &Path, replaced: Option<(&Path, &str)>) -> Result<Loaded, Fatal> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return Err(Fatal::new(format!(
            "Mappen '{}' findes ikke. Kør mrplan fra sidens rodmappe (der hvor content/ ligger), eller angiv den med --root.\n  tip: start en ny side med: mrplan init",
            content_dir.display()
        )));
    }
    let site_root = Root::new(root)?;
    let files = site_root
        .tree(&content_dir, limits::CONTENT_FILE, |rel| {
            rel.extension().is_some_and(|e| e == "md")
        })
        .into_iter()
        .map(|e| {
            let path = content_dir.join(&e.rel);
            let data = match replaced {
                Some((p, text)) if p == path => Ok(text.as_bytes().to_vec()),
                _ => e.data,
            };
            SourceFile {
                path,
                rel: e.rel,
                data,
            }
        })
        .collect();
    let mut loaded = load_files(files)?;
    loaded.root = Some(site_root);
    Ok(loaded)
}

/// Loads a site from files already found (the fuzz targets give them from
/// memory). Only a missing `_index.md` or an unreadable file stops it;
/// every other problem is a diagnostic.
pub fn load_files(found: Vec<SourceFile>) -> Result<Loaded, Fatal> {
    let (sources, files, mut diagnostics) = read_sources(found)?;
    let unreadable: Vec<FileId> = diagnostics.iter().map(|d| d.file).collect();

    let Some(site_file) = files
        .iter()
        .find(|(_, _, k)| matches!(k, Kind::Site))
        .map(|(_, id, _)| *id)
    else {
        return Err(Fatal::new(
            "content/_index.md mangler. Den fil er sidens forside og indstillinger (titel, ministerium, base_url, ...). Se README.md.\n  tip: start en ny side med: mrplan init".into(),
        ));
    };

    let mut decoder = Decoder::new(site_file, sources.text(site_file));
    let site = (!unreadable.contains(&site_file))
        .then(|| parse_file(&mut decoder))
        .flatten()
        .and_then(|(node, body)| SiteConfig::decode(&mut decoder, &node, body))
        .unwrap_or_else(|| fallback_site(site_file));
    diagnostics.append(&mut decoder.diagnostics);

    let mut agencies = Vec::new();
    let mut agency_files = Vec::new();
    for (_, id, kind) in &files {
        match kind {
            Kind::Agency(slug) => {
                agency_files.push(slug.clone());
                if unreadable.contains(id) {
                    continue;
                }
                let (agency, mut found) = decode_agency(&sources, *id, slug);
                agencies.extend(agency);
                diagnostics.append(&mut found);
            }
            Kind::Unknown if !unreadable.contains(id) => diagnostics.push(
                Diagnostic::warning(MRP026, *id, 0..0, "mrplan bruger ikke denne fil.")
                    .hint("Planer ligger i content/planer/<år>/<styrelse>.md og styrelser i content/styrelser/<styrelse>.md."),
            ),
            _ => {}
        }
    }

    // Plans are independent: decode them in parallel.
    let decoded: Vec<(Option<Plan>, Vec<Diagnostic>)> = files
        .par_iter()
        .filter_map(|(_, id, kind)| match kind {
            Kind::Plan { slug, folder } if !unreadable.contains(id) => Some((*id, slug, folder)),
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
    duplicates(&plans, &sources, &mut diagnostics);
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
            agency_files,
        },
        diagnostics,
        files,
        root: None,
    })
}

/// Every file a [`FileId`] in [`Sources`], with its kind, and the problems
/// of reading it (not UTF-8, refused, a name that is no slug).
type Read = (Sources, Vec<(PathBuf, FileId, Kind)>, Vec<Diagnostic>);

fn read_sources(found: Vec<SourceFile>) -> Result<Read, Fatal> {
    // Every file gets its id first (cheap), so the parallel decode can share them.
    let mut sources = Sources::default();
    let mut files: Vec<(PathBuf, FileId, Kind)> = Vec::new();
    let mut diagnostics = Vec::new();
    for file in found {
        let shown = Path::new("content")
            .join(&file.rel)
            .to_string_lossy()
            .replace('\\', "/");
        let (text, problem) = match file.data {
            Ok(bytes) => text_of(bytes),
            Err(Refused::Unreadable(e)) => {
                return Err(Fatal::new(format!("Kan ikke læse {shown}: {e}")));
            }
            Err(refused) => (String::new(), Some(refused_message(&refused, &shown))),
        };
        let id = sources.add(shown, text);
        let mut kind = classify(&file.rel);
        if let Some((rule, message, hint, span)) = problem {
            diagnostics.push(Diagnostic::error(rule, id, span, message).hint(hint));
            // Unread, or not text: nothing to decode (its kind still counts).
            kind = match kind {
                Kind::Plan { .. } | Kind::Agency(_) | Kind::Site => kind,
                _ => Kind::Unknown,
            };
            files.push((file.path, id, kind));
            continue;
        }
        if let Kind::BadName(message) = &kind {
            diagnostics.push(
                Diagnostic::error(MRP120, id, 0..0, message.clone())
                    .hint("Omdøb filen eller mappen, så navnet kun har små bogstaver a-z, tal og bindestreg, fx content/styrelser/fmi.md eller content/planer/2025/fmi.md."),
            );
        }
        files.push((file.path, id, kind));
    }
    Ok((sources, files, diagnostics))
}

/// A problem that kept a file from being read: (rule, message, hint, span).
type Problem = (Rule, String, String, std::ops::Range<usize>);

/// The text of a file. Invalid UTF-8 is an error at the first bad byte
/// (MRP123); the rest is shown with replacement characters.
fn text_of(bytes: Vec<u8>) -> (String, Option<Problem>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let problem = (
                MRP123,
                "Filen er ikke gyldig UTF-8 tekst.".to_string(),
                "Gem filen som UTF-8 (i de fleste editorer: Gem som ... > Kodning: UTF-8). Tegnet her er gemt i en anden tegnkodning, fx Windows-1252.".to_string(),
                at..(at + 3).min(text.len()),
            );
            (text, Some(problem))
        }
    }
}

fn refused_message(refused: &Refused, shown: &str) -> Problem {
    match refused {
        Refused::Outside(target) => (
            MRP122,
            format!(
                "{shown} er et symbolsk link til {}, uden for sidens rodmappe. mrplan læser kun filer inde i sidens mappe.",
                target.display()
            ),
            "Kopiér filen ind i sidens mappe, eller lad linket pege på en fil inde i den.".into(),
            0..0,
        ),
        Refused::TooBig { size, limit } => (
            MRP124,
            format!(
                "Filen fylder {}; en fil under content/ må højst fylde {}.",
                crate::files::size_da(*size),
                crate::files::size_da(*limit)
            ),
            "Del planens tekst op, eller læg store bilag under static/ og link til dem.".into(),
            0..0,
        ),
        Refused::Unreadable(e) => (MRP123, e.clone(), String::new(), 0..0),
    }
}

/// Two files that give the same plan (year and agency) or the same agency:
/// an error at the second, pointing to the first (MRP121). `plans` are
/// sorted ([`sort_plans`]), so the same plan stands together, the first first.
fn duplicates(plans: &[Plan], sources: &Sources, out: &mut Vec<Diagnostic>) {
    let same = |a: &Plan, b: &Plan| a.year() == b.year() && a.slug() == b.slug();
    let mut first = 0;
    for (i, plan) in plans.iter().enumerate() {
        if !same(&plans[first], plan) {
            first = i;
        }
        if first < i {
            let first = &plans[first];
            let span = plan
                .agency
                .as_ref()
                .map_or(plan.anchor.clone(), |a| a.span.clone());
            out.push(
                Diagnostic::error(
                    MRP121,
                    plan.file,
                    span,
                    format!(
                        "Der er allerede en plan for {} {} i {}.",
                        plan.slug(),
                        plan.year(),
                        sources.name(first.file)
                    ),
                )
                .label("samme plan to gange")
                .hint("Hver styrelse har én plan pr. år: slet den ene fil, eller ret 'styrelse' eller mappen."),
            );
        }
    }
}

impl Loaded {
    /// Re-reads one edited plan or agency file and swaps it into the content.
    /// `None` when only a full reload will do: the file is new, gone, the
    /// site settings, or not a plan or agency.
    pub fn reload(&mut self, path: &Path) -> Option<Reloaded> {
        // Through the same checks as a full load; any problem: reload it all.
        let bytes = self.root.as_ref()?.read(path, limits::CONTENT_FILE).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        self.replace(path, text)
    }

    /// The file id of a loaded file at `path`.
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.files.iter().find(|(p, _, _)| p == path).map(|f| f.1)
    }

    /// Decodes `text` as the new contents of the plan or agency file at
    /// `path` (the editor checks unsaved text this way); as [`Self::reload`].
    pub fn replace(&mut self, path: &Path, text: String) -> Option<Reloaded> {
        let (_, id, kind) = self.files.iter().find(|(p, _, _)| p == path)?.clone();
        if matches!(kind, Kind::Site | Kind::Unknown | Kind::BadName(_)) {
            return None;
        }
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
            Kind::Site | Kind::Unknown | Kind::BadName(_) => None,
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
    let folder_year = folder_year(folder);
    if folder_year.is_none() {
        d.push(
            Diagnostic::error(
                MRP021,
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

/// The plan year a folder under `planer/` names, if it names one.
pub fn folder_year(folder: &str) -> Option<i32> {
    // Four digits exactly: "02025" or "+2025" would be a second 2025.
    Some(folder)
        .filter(|f| f.len() == 4 && f.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|f| f.parse::<i32>().ok())
        .filter(|y| (1900..=2999).contains(y))
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
                    MRP003,
                    "Filen er tom.",
                    "Begynd filen med en linje med '---', så felterne, og en linje med '---' igen.",
                ),
                SplitError::NoOpening => (
                    MRP002,
                    "Front matter skal begynde med en linje med '---'.",
                    "Sæt en linje med '---' øverst i filen, før felterne.",
                ),
                SplitError::NoClosing => (
                    MRP002,
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
        text: split.body.into(),
        offset: split.body_start,
    };
    limits::check_body(&body, d.file, &mut d.diagnostics);
    match yaml::parse(split.yaml, split.yaml_start) {
        Ok(node) => {
            limits::check_front_matter(&node, d.file, &mut d.diagnostics);
            Some((node, body))
        }
        Err(e) => {
            d.push(
                Diagnostic::error(
                    MRP001,
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
        logo: None,
        colors: Default::default(),
        contact: Default::default(),
        rules: RuleSettings::default(),
        names: Default::default(),
        intro: Body::default(),
        flawed: Default::default(),
    }
}
