//! The watch loop's state: the loaded content, the theme, and what still
//! needs rendering. An edited plan or agency is reloaded alone and only the
//! pages it affects are rendered ([`Scope`]), and so are the pages of an
//! edited page template; anything else (the site settings, a new or deleted
//! file, base.html) reloads everything.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use super::pdfs::{Job, Worker};
use super::{Changes, ServeOptions, Served, overlay_html};
use crate::Fatal;
use crate::dates;
use crate::diagnostics::{self, Diagnostic, Format, Severity};
use crate::load::{self, Loaded, Reloaded};
use crate::model::Published;
use crate::output::Output;
use crate::publish::{Drafts, publish};
use crate::render::theme::Theme;
use crate::render::{
    self, FeedRenderer, HtmlRenderer, OpenDataRenderer, RenderContext, Renderer, Scope, links,
};
use crate::rules::{self, Purpose};
use crate::site::Phases;
use crate::urls;
use time::OffsetDateTime;

pub struct Session {
    root: PathBuf,
    /// Where the site is written too; `None` with drafts (memory only).
    output: Option<PathBuf>,
    drafts: bool,
    pdfs: bool,
    quiet: bool,
    loaded: Option<Loaded>,
    theme: Option<(Theme, HtmlRenderer)>,
    /// Theme problems from the last (re)load.
    theme_errors: Vec<Diagnostic>,
    /// What edits since the last good render affect; `None`: everything.
    pending: Option<Scope>,
    served: Arc<Served>,
    worker: Option<Worker>,
    /// Each rebuild's phases, printed with `--verbose`.
    phases: Phases,
    /// Keeps each plan's open data between rebuilds.
    open_data: OpenDataRenderer,
}

impl Session {
    pub fn new(options: &ServeOptions, served: Arc<Served>, worker: Option<Worker>) -> Session {
        Session {
            root: options.root.clone(),
            output: options.output.clone(),
            drafts: options.drafts,
            pdfs: options.pdfs,
            quiet: options.quiet,
            loaded: None,
            theme: None,
            theme_errors: Vec::new(),
            pending: None,
            served,
            worker,
            phases: Phases {
                verbose: options.verbose,
                ..Phases::default()
            },
            open_data: OpenDataRenderer::default(),
        }
    }

    /// Loads everything again and renders the whole site. The first time,
    /// what the output folder already holds is served until then.
    pub fn rebuild_all(&mut self) -> String {
        if self.loaded.is_none() {
            self.adopt_output();
        }
        self.pending = None;
        match load::load(&self.root) {
            Ok(loaded) => {
                self.loaded = Some(loaded);
                self.reload_theme();
                self.render()
            }
            Err(fatal) => {
                self.loaded = None;
                self.show_fatal(&fatal)
            }
        }
    }

    /// Loads the theme and compiles its templates again; their problems
    /// are kept to show with the content's.
    fn reload_theme(&mut self) {
        self.theme_errors.clear();
        self.theme = None;
        let Some(loaded) = self.loaded.as_mut() else {
            return;
        };
        match HtmlRenderer::load(&self.root, &loaded.content, &mut loaded.sources) {
            Ok(loaded) => self.theme = Some(loaded),
            Err(ds) => self.theme_errors = ds,
        }
    }

    /// Reacts to changed files: reloads what it can alone, else everything.
    pub fn update(&mut self, paths: &[PathBuf]) -> String {
        let content = self.root.join("content");
        let mut full = self.loaded.is_none();
        let mut scope = self.pending.clone();
        let mut reload_theme = false;
        for path in paths {
            if full {
                break;
            }
            let is_page = path.starts_with(&content) && path.extension().is_some_and(|e| e == "md");
            if !is_page {
                if let Some(pages) = self.template_scope(path) {
                    // One page template: only the pages it renders.
                    if let Some(scope) = scope.as_mut() {
                        scope.plans.extend(pages.plans);
                        scope.agencies.extend(pages.agencies);
                        scope.years.extend(pages.years);
                    }
                    reload_theme = true;
                    continue;
                }
                // A new folder under content/ may hold new plans; other files
                // there are not read. Shared templates and static files: reload.
                full = !path.starts_with(&content) || path.is_dir();
                continue;
            }
            let Some(loaded) = self.loaded.as_mut() else {
                full = true;
                break;
            };
            match loaded.reload(path) {
                Some(change) => {
                    if let Some(scope) = scope.as_mut() {
                        affect(scope, &change, loaded);
                    }
                }
                None => full = true,
            }
        }
        if full {
            return self.rebuild_all();
        }
        if reload_theme {
            self.reload_theme();
        }
        self.pending = scope;
        self.render()
    }

    /// The pages an edited page template renders, when `path` is one of
    /// the theme's own templates (or its override in templates/) that no
    /// other template extends; `None` for anything else.
    fn template_scope(&self, path: &std::path::Path) -> Option<Scope> {
        let loaded = self.loaded.as_ref()?;
        let theme = &loaded.content.site.theme.value;
        let folder = path.parent()?;
        let ours = folder == self.root.join("templates")
            || folder == self.root.join("themes").join(theme).join("templates");
        if !ours || !path.is_file() {
            return None;
        }
        let plans = || {
            loaded
                .content
                .plans
                .iter()
                .map(|p| (p.year(), p.slug().to_string()))
                .collect()
        };
        let mut scope = Scope::default();
        match path.file_name()?.to_str()? {
            // Always rendered: the listing, the agencies list and the 404.
            "index.html" | "agencies.html" | "404.html" => {}
            "agency.html" => {
                scope.agencies = loaded
                    .content
                    .agencies
                    .iter()
                    .map(|a| a.slug.clone())
                    .collect()
            }
            // A plan in a scope owns its results page too, and the results
            // pages are rendered per year: so both take the plans and years.
            "plan.html" | "results.html" => {
                scope.plans = plans();
                scope.years = loaded.content.plans.iter().map(|p| p.year()).collect();
            }
            // base.html and any other: shared, so everything.
            _ => return None,
        }
        Some(scope)
    }

    /// Checks the content and renders what is pending; on errors shows them
    /// over the last good pages instead.
    fn render(&mut self) -> String {
        // One moment for the whole render: the check, the pages, the PDFs.
        let now = dates::now();
        let mut found = match self.check(now.date()) {
            Ok(found) => found,
            Err(shown) => return shown,
        };
        let (published, output, pdf_paths) = match self.render_pages(now) {
            Ok(rendered) => rendered,
            Err(Failed::Errors(errors)) => {
                found.extend(errors);
                return self.show_errors(found);
            }
            Err(Failed::Fatal(fatal)) => return self.show_fatal(&fatal),
        };
        let scope = self.pending.clone();
        let gone = |path: &str| gone(&output, self.pdfs, scope.as_ref(), path);
        let broken = self.phases.run("links", || {
            self.served.with_files(|files| {
                links::check_with(&output, |path| {
                    if let Some(b) = output.files.get(path) {
                        return Some(b.as_slice());
                    }
                    // The PDFs and the search index are made after the
                    // reload; links to them are right already.
                    if pdf_paths.contains(path)
                        || (cfg!(feature = "search") && path.starts_with(urls::SEARCH_BUNDLE))
                    {
                        return Some(&[]);
                    }
                    files
                        .get(path)
                        .filter(|_| !gone(path))
                        .map(|b| b.as_slice())
                })
            })
        });
        if !broken.is_empty() {
            if let Some(loaded) = self.loaded.as_mut() {
                for link in broken {
                    let page = output.files.get(&link.page).cloned();
                    found.push(crate::site::broken_link(
                        &loaded.content,
                        &mut loaded.sources,
                        page.as_deref(),
                        link,
                    ));
                }
            }
            return self.show_errors(found);
        }
        let removed: Vec<String> = self
            .served
            .with_files(|files| files.keys().filter(|p| gone(p)).cloned().collect());
        let written = output.files.len();
        let changed = match self.serve_changes(output, removed) {
            Ok(changed) => changed,
            Err(fatal) => return self.show_fatal(&fatal),
        };
        #[cfg(feature = "search")]
        if let Err(fatal) = self.reindex() {
            return self.show_fatal(&fatal);
        }
        self.send_pdfs(published, now);
        self.pending = Some(Scope::default());
        self.say_rendered(&found, written, changed)
    }

    /// Indexes the served pages for search, after the reload (Pagefind
    /// takes seconds on a big site; an edit shows at once, its search a
    /// moment later). Replaces the whole bundle: its files are named by
    /// their content, so the old ones are removed.
    #[cfg(feature = "search")]
    fn reindex(&mut self) -> Result<usize, Fatal> {
        let served = &self.served;
        let index = self.phases.run("søgning", || {
            served.with_files(|files| {
                // In the build's order (by path), so the index is the same
                // as a clean build's.
                let mut pages: Vec<(&str, &[u8])> = files
                    .iter()
                    .map(|(p, b)| (p.as_str(), b.as_slice()))
                    .collect();
                pages.sort_unstable_by_key(|(p, _)| *p);
                render::search::index(pages.into_iter())
            })
        })?;
        let stale: Vec<String> = served.with_files(|files| {
            files
                .keys()
                .filter(|p| p.starts_with(urls::SEARCH_BUNDLE) && !index.contains(p))
                .cloned()
                .collect()
        });
        let changes: Changes = stale
            .into_iter()
            .map(|p| (p, None))
            .chain(index.files.into_iter().map(|(p, b)| (p, Some(b))))
            .collect();
        served.apply(self.output.as_deref(), changes)
    }

    /// The content's diagnostics with the rules' and the theme's; when any
    /// is an error, they are shown over the pages instead (`Err`).
    fn check(&mut self, today: time::Date) -> Result<Vec<Diagnostic>, String> {
        let Some(loaded) = self.loaded.as_ref() else {
            return Err("indholdet kunne ikke indlæses".into());
        };
        let mut found = loaded.diagnostics.clone();
        let content = &loaded.content;
        found.extend(
            self.phases
                .run("tjek", || rules::check(content, today, Purpose::Publish)),
        );
        found.extend(self.theme_errors.iter().cloned());
        diagnostics::sort(&loaded.sources, &mut found);
        if found.iter().any(|d| d.severity == Severity::Error) || self.theme.is_none() {
            return Err(self.show_errors(found));
        }
        Ok(found)
    }

    /// Publishes the checked content and renders what is pending (the PDFs
    /// come after, from the worker: they never delay a reload). Also says
    /// which PDFs the site has, so links to them check out already.
    fn render_pages(&mut self, now: OffsetDateTime) -> Result<Rendered, Failed> {
        let (Some(loaded), Some((theme, html))) = (self.loaded.as_ref(), self.theme.as_ref())
        else {
            return Err(Failed::Errors(Vec::new()));
        };
        let drafts = Drafts::included(self.drafts);
        let published = self
            .phases
            .run("udgiv", || {
                publish(&loaded.content, &loaded.sources, drafts)
            })
            .map_err(Failed::Fatal)?;
        let facts = self.served.pdf_facts();
        let ctx = RenderContext {
            pdfs: self.pdfs,
            only: self.pending.as_ref(),
            made: Some(&facts),
            ..RenderContext::new(&published, theme, &loaded.sources, now)
        };
        let renderers: [&dyn Renderer; 3] = [html, &FeedRenderer, &self.open_data];
        let output = render::run(&ctx, &renderers, &mut self.phases).map_err(Failed::Errors)?;
        let pdf_paths = if self.pdfs {
            pdf_paths(&ctx)
        } else {
            BTreeSet::new()
        };
        Ok((published, output, pdf_paths))
    }

    /// Serves the new files and removes the `removed` ones: the pages first
    /// and the reload at once, the rest (the open data is megabytes on a big
    /// site) after. Returns how many files changed.
    fn serve_changes(&mut self, output: Output, removed: Vec<String>) -> Result<usize, Fatal> {
        self.served
            .rendered
            .store(output.files.len(), std::sync::atomic::Ordering::SeqCst);
        let (pages, rest): (Changes, Changes) = removed
            .into_iter()
            .map(|p| (p, None))
            .chain(output.files.into_iter().map(|(p, b)| (p, Some(b))))
            .partition(|(p, b)| b.is_none() || p.ends_with(".html"));
        let out_dir = self.output.as_deref();
        let served = &self.served;
        let changed = self.phases.run("skriv", || served.apply(out_dir, pages))?;
        self.served.set_overlay(&self.served.overlay, None);
        // Pending before the reload is announced, so a client that sees the
        // new generation also sees the PDFs are not done yet.
        if self.worker.is_some() {
            self.served
                .pdf_pending
                .store(true, std::sync::atomic::Ordering::SeqCst);
        }
        self.served.reload();
        Ok(changed + self.served.apply(out_dir, rest)?)
    }

    /// Hands the published site to the PDF worker, with what is pending.
    fn send_pdfs(&self, published: Published, now: OffsetDateTime) {
        let (Some(worker), Some(loaded), Some((theme, _))) =
            (&self.worker, self.loaded.as_ref(), self.theme.as_ref())
        else {
            return;
        };
        worker.send(Job {
            published,
            sources: loaded.sources.clone(),
            site_file: loaded.content.site.file,
            theme: theme.clone(),
            now,
            scope: self.pending.clone(),
        });
    }

    /// Prints the warnings; returns the line the watch loop shows.
    fn say_rendered(&self, found: &[Diagnostic], written: usize, changed: usize) -> String {
        if !found.is_empty()
            && !self.quiet
            && let Some(loaded) = self.loaded.as_ref()
        {
            crate::err_raw!(
                "{}",
                diagnostics::render(&loaded.sources, found, Format::Short)
            );
        }
        let warnings = if found.is_empty() {
            String::new()
        } else {
            format!(", {}", diagnostics::summary(found))
        };
        format!("{written} filer lavet, {changed} ændret{warnings}")
    }

    /// Serves the output folder's files (a previous build) until the first
    /// render replaces them, so errors at start still show real pages.
    fn adopt_output(&self) {
        let Some(output) = self.output.as_deref() else {
            return;
        };
        let mut changes: Changes = Vec::new();
        for entry in walkdir::WalkDir::new(output)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            let Ok(rel) = entry.path().strip_prefix(output) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if let Ok(bytes) = std::fs::read(entry.path()) {
                changes.push((rel, Some(bytes)));
            }
        }
        let _ = self.served.apply(Some(output), changes);
    }

    fn show_errors(&mut self, found: Vec<Diagnostic>) -> String {
        let Some(loaded) = self.loaded.as_ref() else {
            return String::new();
        };
        let errors: Vec<Diagnostic> = found
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let text = diagnostics::render(&loaded.sources, &errors, Format::Human);
        crate::err_raw!("{text}");
        let title = format!(
            "{} – siden vises, som den var",
            diagnostics::summary(&errors)
        );
        self.served
            .set_overlay(&self.served.overlay, Some(overlay_html(&title, &text)));
        self.served.reload();
        diagnostics::summary(&errors)
    }

    fn show_fatal(&mut self, fatal: &Fatal) -> String {
        crate::err!("fejl: {fatal}");
        self.served.set_overlay(
            &self.served.overlay,
            Some(overlay_html("Siden kan ikke indlæses", &fatal.0)),
        );
        self.served.reload();
        fatal.0.clone()
    }
}

/// Adds what a reloaded file affects to `scope`: a plan's page, results
/// pages and agency (before and after the edit); an agency's every plan.
fn affect(scope: &mut Scope, change: &Reloaded, loaded: &Loaded) {
    match change {
        Reloaded::Plan { before, after } => {
            for (year, slug) in [before, after].into_iter().flatten() {
                scope.plans.insert((*year, slug.clone()));
                scope.agencies.insert(slug.clone());
                scope.years.insert(*year);
                // The agency's other plans link this one (prev/next) and
                // compare with it ("Ændringer fra <år>"); a plan's scope
                // takes its year, which renders its results page. Their
                // PDFs do not depend on it: the PDF worker skips them.
                for plan in loaded.content.plans.iter().filter(|p| p.slug() == slug) {
                    scope.plans.insert((plan.year(), slug.clone()));
                    scope.years.insert(plan.year());
                }
            }
        }
        Reloaded::Agency(slug) => {
            scope.agencies.insert(slug.clone());
            for plan in loaded.content.plans.iter().filter(|p| p.slug() == slug) {
                scope.plans.insert((plan.year(), slug.clone()));
                scope.years.insert(plan.year());
            }
        }
    }
}

/// What a render made: the published site (for the PDF worker), the files,
/// and the paths of the PDFs the site will have.
type Rendered = (Published, Output, BTreeSet<String>);

/// Why a render stopped: its errors, or a fatal problem.
enum Failed {
    Errors(Vec<Diagnostic>),
    Fatal(Fatal),
}

/// Whether a served file is gone after a render: the render owned it (it is
/// in the `scope`) but did not write it; PDFs are the worker's to remove.
fn gone(output: &Output, pdfs: bool, scope: Option<&Scope>, path: &str) -> bool {
    !output.contains(path)
        && (!pdfs || !path.ends_with(".pdf"))
        && !path.starts_with(crate::urls::SEARCH_BUNDLE)
        && scope.is_none_or(|s| s.owns(path))
}

/// Every PDF a build of `ctx` writes (they are made in the background, but
/// links to them are right already).
fn pdf_paths(ctx: &RenderContext) -> BTreeSet<String> {
    let mut paths: BTreeSet<String> = ctx
        .plans()
        .iter()
        .map(|p| crate::urls::plan_pdf(p.year, &p.agency.slug))
        .collect();
    for (year, plans) in crate::render::html::results_by_year(ctx) {
        // The whole målrapportering of the year (`pdf::documents`).
        paths.insert(crate::urls::results_all(year, "pdf"));
        for p in plans {
            paths.insert(crate::urls::results_pdf(year, &p.agency.slug));
        }
    }
    paths
}
