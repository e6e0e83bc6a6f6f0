//! The build as named, timed phases (after Zola's `Site`):
//! load → check → theme → render → links + write (together) → swap.

use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use crate::dates;
use crate::diagnostics::catalogue::MRP301;
use crate::diagnostics::{self, Diagnostic, Severity, Sources};
use crate::load;
use crate::output::Output;
#[cfg(feature = "pdf")]
use crate::pdf::{PdfRenderer, PdfStage};
pub use crate::phases::Phases;
use crate::publish::{Drafts, publish, publish_plans};
use crate::render::theme::Theme;
use crate::render::{
    self, FeedRenderer, HtmlRenderer, OpenDataRenderer, RenderContext, Renderer, links,
};
use crate::report::Document;
#[cfg(feature = "pdf")]
use crate::report::docx;
use crate::rules::{self, Purpose};
use crate::written::Content;
use crate::{Fatal, Stop};

/// The folder `build` publishes to (under the site's root).
pub const PUBLISHED_DIR: &str = "output";
/// Where `build --drafts` writes its preview by default: never `output/`.
pub const PREVIEW_DIR: &str = "output-udkast";

/// Where a build writes: `output/`, or with drafts a preview folder that is
/// never `output/`, so uploading `output/` can never publish an unapproved
/// plan. `requested` is `-o DIR`.
pub fn output_dir(root: &Path, requested: Option<PathBuf>, drafts: bool) -> Result<PathBuf, Fatal> {
    let default = if drafts { PREVIEW_DIR } else { PUBLISHED_DIR };
    let dir = requested.unwrap_or_else(|| root.join(default));
    if drafts && same_place(&dir, &root.join(PUBLISHED_DIR)) {
        return Err(Fatal::new(format!(
            "Udkast bygges aldrig til {}: den mappe er den udgivne side, og den må kun indeholde godkendte planer. Byg forhåndsvisningen et andet sted, fx uden -o (den kommer i {PREVIEW_DIR}/).",
            dir.display()
        )));
    }
    Ok(dir)
}

/// Where `build` keeps typeset PDFs between builds: `requested` is
/// `--cache-dir DIR`, else `$MRPLAN_CACHE_DIR`, else the user's cache folder;
/// `None` with `--no-cache` (or with no home folder to put it in). Never
/// inside the output folder, which every build replaces (and which is
/// uploaded). The default is outside the site on purpose: see
/// `pdf::cache` on why a cache in the repository cannot be trusted.
pub fn cache_dir(
    requested: Option<PathBuf>,
    no_cache: bool,
    output: &Path,
) -> Result<Option<PathBuf>, Fatal> {
    if no_cache {
        return Ok(None);
    }
    let Some(dir) = requested.or_else(crate::pdf::cache::default_dir) else {
        return Ok(None);
    };
    if absolute(&dir).starts_with(absolute(output)) {
        return Err(Fatal::new(format!(
            "Pdf-cachen kan ikke ligge i {}: den er inde i {}, som hver bygning erstatter. Vælg en mappe uden for den med --cache-dir eller {}, eller byg med --no-cache.",
            dir.display(),
            output.display(),
            crate::pdf::cache::ENV,
        )));
    }
    Ok(Some(dir))
}

/// Whether two paths name the same folder (which need not exist yet).
fn same_place(a: &Path, b: &Path) -> bool {
    absolute(a) == absolute(b)
}

/// `p` as an absolute path, with what exists of it resolved (symlinks, ..).
fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or(p.to_path_buf())
    };
    // Resolve what exists (symlinks, ..); keep the rest as written.
    let mut existing = p.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut full = std::fs::canonicalize(existing).unwrap_or(existing.to_path_buf());
    full.extend(rest.iter().rev());
    full
}

pub struct Site {
    pub root: PathBuf,
    pub sources: Sources,
    pub content: Content,
    pub diagnostics: Vec<Diagnostic>,
    pub phases: Phases,
    /// How long work is shown (a bar on a terminal).
    pub progress: crate::progress::Progress,
    /// The moment of this run (`SOURCE_DATE_EPOCH` when set), read once:
    /// it decides which years are over and dates every output.
    pub now: OffsetDateTime,
    /// The persistent PDF cache's folder for `build` ([`cache_dir`]);
    /// `None`: every PDF is typeset and none is kept.
    pub pdf_cache: Option<PathBuf>,
}

pub struct BuildOptions {
    pub output: PathBuf,
    pub drafts: bool,
    pub strict: bool,
    /// Typeset a PDF of every published plan (off with `--no-pdf`).
    pub pdfs: bool,
    /// Build the search index (off with `--no-search`).
    pub search: bool,
}

/// What a successful build wrote.
pub struct Built {
    pub plans: usize,
    pub agencies: usize,
    pub files: usize,
    /// The drafts it left out (their files), when built without `--drafts`.
    pub drafts_left_out: Vec<String>,
}

impl Site {
    /// Loads and decodes `content/` under `root`.
    pub fn load(root: &Path, verbose: bool) -> Result<Site, Fatal> {
        let mut phases = Phases {
            verbose,
            ..Phases::default()
        };
        let loaded = phases.run("indlæs", || load::load(root))?;
        Ok(Site::from_loaded(root, loaded, phases))
    }

    /// A site from content already loaded (the editor's unsaved text).
    pub fn from_loaded(root: &Path, loaded: load::Loaded, phases: Phases) -> Site {
        Site {
            root: root.to_path_buf(),
            sources: loaded.sources,
            content: loaded.content,
            diagnostics: loaded.diagnostics,
            phases,
            progress: crate::progress::Progress::default(),
            now: dates::now(),
            pdf_cache: None,
        }
    }

    /// Runs the content rules and sorts everything found so far.
    pub fn check(&mut self, purpose: Purpose) {
        let today = self.now.date();
        let found = self
            .phases
            .run("tjek", || rules::check(&self.content, today, purpose));
        self.diagnostics.extend(found);
        diagnostics::sort(&self.sources, &mut self.diagnostics);
    }

    /// Loads the theme and compiles its templates, as `build` will, so that
    /// `check` reports their problems too (a link out of the site in
    /// `static/`, an unknown theme, a template that does not compile).
    pub fn check_theme(&mut self) {
        let loaded = self.phases.run("tema", || {
            HtmlRenderer::load(&self.root, &self.content, &mut self.sources)
        });
        if let Err(found) = loaded {
            self.diagnostics.extend(found);
            diagnostics::sort(&self.sources, &mut self.diagnostics);
        }
    }

    /// True when the diagnostics should stop a build (or fail `check`).
    pub fn failed(&self, strict: bool) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error || strict)
    }

    /// Renders every output and swaps it into `options.output`. Returns `None`
    /// when diagnostics stopped the build; `output/` is then left untouched.
    pub fn build(&mut self, options: &BuildOptions) -> Result<Built, Stop> {
        if self.failed(options.strict) {
            return Err(Stop::Findings);
        }
        let loaded = self.phases.run("tema", || {
            HtmlRenderer::load(&self.root, &self.content, &mut self.sources)
        });
        let (theme, html) = match loaded {
            Ok(t) => t,
            Err(ds) => {
                self.diagnostics.extend(ds);
                return Err(Stop::Findings);
            }
        };
        #[cfg(feature = "pdf")]
        let cache = match options.pdfs {
            true => open_cache(self, &theme),
            false => None,
        };
        let drafts = Drafts::included(options.drafts);
        let (content, sources) = (&self.content, &self.sources);
        let published = self
            .phases
            .run("udgiv", || publish(content, sources, drafts))?;
        let ctx = RenderContext {
            pdfs: options.pdfs && cfg!(feature = "pdf"),
            search: options.search && cfg!(feature = "search"),
            ..RenderContext::new(&published, &theme, &self.sources, self.now)
        };
        let open_data = OpenDataRenderer::default();
        // The PDFs first, so the pages can say each one's size and page count.
        #[cfg_attr(not(feature = "pdf"), allow(unused_mut))]
        let mut first: Vec<&dyn Renderer> = Vec::new();
        #[cfg(feature = "pdf")]
        let pdfs = PdfStage {
            progress: self.progress,
            cache,
            docs: Default::default(),
        };
        #[cfg(feature = "pdf")]
        if ctx.pdfs {
            first.push(&pdfs);
        }
        let made = render::run(&ctx, &first, &mut self.phases);
        #[cfg(feature = "pdf")]
        if ctx.pdfs {
            self.after_pdfs(&pdfs);
        }
        let pages = made.and_then(|made| {
            let facts = render::pdf_facts(&made);
            let ctx = RenderContext {
                made: Some(&facts),
                ..ctx
            };
            let renderers: [&dyn Renderer; 3] = [&html, &FeedRenderer, &open_data];
            let mut pages = render::run(&ctx, &renderers, &mut self.phases)?;
            pages.extend(made);
            Ok(pages)
        });
        // The search index reads the pages just rendered, in memory.
        #[cfg(feature = "search")]
        let pages = match pages {
            Ok(mut pages) if ctx.search => {
                let html = pages.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()));
                let index = self.phases.run("søgning", || render::search::index(html))?;
                pages.extend(index);
                Ok(pages)
            }
            other => other,
        };
        let output = match pages {
            Ok(output) => output,
            Err(errors) => {
                self.diagnostics.extend(errors);
                return Err(Stop::Findings);
            }
        };
        // Check the links while the files are written to the staging folder;
        // the staging folder only replaces the output when both succeeded.
        let (broken, staged) = self.phases.run("links+skriv", || {
            rayon::join(|| links::check(&output), || output.stage(&options.output))
        });
        let staged = staged?;
        if !broken.is_empty() {
            staged.discard();
            for link in broken {
                let page = output.files.get(&link.page).map(Vec::as_slice);
                let d = broken_link(&self.content, &mut self.sources, page, link);
                self.diagnostics.push(d);
            }
            return Err(Stop::Findings);
        }
        self.phases.run("skift", || staged.commit())?;
        let drafts_left_out = self
            .content
            .plans
            .iter()
            .filter(|p| !options.drafts && p.is_draft())
            .map(|p| self.sources.name(p.file))
            .collect();
        Ok(Built {
            plans: published.plans.len(),
            agencies: self.content.agencies.len(),
            files: output.files.len(),
            drafts_left_out,
        })
    }

    #[cfg(feature = "pdf")]
    /// Says what the cache did (`-v`) and what went wrong with it, and
    /// removes entries unused for a month.
    fn after_pdfs(&self, pdfs: &PdfStage) {
        if self.phases.verbose {
            crate::err!("  pdf: {}", pdfs.summary());
        }
        if let Some(cache) = &pdfs.cache {
            for warning in cache.warnings() {
                crate::err!("advarsel: {warning}");
            }
            cache.prune();
        }
    }

    #[cfg(feature = "pdf")]
    /// The site's theme; its problems join the diagnostics (`None` then).
    fn load_theme(&mut self) -> Option<Theme> {
        match Theme::load(&self.root, &self.content.site, &mut self.sources) {
            Ok(t) => Some(t),
            Err(ds) => {
                self.diagnostics.extend(ds);
                None
            }
        }
    }

    #[cfg(feature = "pdf")]
    /// Typesets the plan in `file` for review, drafts included. Only that
    /// plan's own problems (and the site settings') stop it; `None` then.
    pub fn plan_pdf(&mut self, file: &Path) -> Result<Vec<u8>, Stop> {
        let wanted =
            std::fs::canonicalize(file).map_err(|e| Fatal::io("Kan ikke finde", file, &e))?;
        let found = self.content.plans.iter().position(|p| {
            std::fs::canonicalize(self.root.join(self.sources.name(p.file)))
                .is_ok_and(|c| c == wanted)
        });
        let Some(index) = found else {
            return Err(Stop::Fatal(Fatal::new(format!(
                "{} er ikke en plan. Planer ligger i content/planer/<år>/<styrelse>.md under sidens rodmappe ({}).",
                file.display(),
                self.root.display()
            ))));
        };
        let plan_file = self.content.plans[index].file;
        let site_file = self.content.site.file;
        self.diagnostics
            .retain(|d| d.file == plan_file || d.file == site_file);
        if self
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            return Err(Stop::Findings);
        }
        let Some(theme) = self.load_theme() else {
            return Err(Stop::Findings);
        };
        let published = publish_plans(
            &self.content,
            &self.sources,
            std::iter::once(&self.content.plans[index]),
        )?;
        let plan = &published.plans[0];
        let ctx = RenderContext::new(&published, &theme, &self.sources, self.now);
        let result = self.phases.run("pdf", || {
            let renderer =
                PdfRenderer::new(&theme, &self.sources, site_file, ctx.now, crate::pdf::MAIN)?;
            let site = crate::pdf::site_data(&published.site);
            renderer.plan_pdf(&ctx, &site, plan)
        });
        match result {
            Ok(bytes) => Ok(bytes),
            Err(ds) => {
                self.diagnostics.extend(ds);
                Err(Stop::Findings)
            }
        }
    }

    /// The målrapportering of `year` (for one agency or all), or with
    /// `interim` its foreløbig status. Only problems in those plans (and the
    /// site settings) stop it: `None` then. Checks must have run with
    /// `Purpose::Report` (or `Interim`), so what is missing is an error.
    pub fn report(
        &mut self,
        year: i32,
        agency: Option<&str>,
        interim: bool,
    ) -> Result<Document, Stop> {
        if let Some(slug) = agency
            && self.content.agency(slug).is_none()
        {
            return Err(Stop::Fatal(Fatal::new(format!(
                "Styrelsen '{slug}' findes ikke. Kendte styrelser: {}.",
                self.content.agency_slugs()
            ))));
        }
        let mut plans: Vec<&crate::written::Plan> = self
            .content
            .plans
            .iter()
            .filter(|p| p.year() == year && !p.is_draft())
            .filter(|p| agency.is_none_or(|a| p.slug() == a))
            .collect();
        plans.sort_by_key(|p| p.slug().to_string());
        if plans.is_empty() {
            let whose = agency.map(|a| format!(" for {a}")).unwrap_or_default();
            return Err(Stop::Fatal(Fatal::new(format!(
                "Der er ingen godkendt plan for {year}{whose} i content/planer/{year}/."
            ))));
        }
        let files: Vec<crate::diagnostics::FileId> = plans.iter().map(|p| p.file).collect();
        let site_file = self.content.site.file;
        self.diagnostics
            .retain(|d| files.contains(&d.file) || d.file == site_file);
        if self
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            return Err(Stop::Findings);
        }
        let published = publish_plans(&self.content, &self.sources, plans.into_iter())?;
        let mut plans: Vec<&crate::model::Plan> = published.plans.iter().collect();
        // By the agency's name, as every page of the site lists them.
        plans.sort_by_cached_key(|p| crate::danish::sort_key(&p.agency.name));
        let site = &published.site;
        Ok(if interim {
            let year_over = plans.iter().all(|p| p.year_over(self.now.date()));
            Document::Interim(crate::report::interim::interim(
                site, year, &plans, year_over,
            ))
        } else {
            Document::Results(crate::report::report(site, year, &plans))
        })
    }

    #[cfg(feature = "pdf")]
    /// The report in `format`; Typst source and PDF from the theme's
    /// `pdf/report.typ`; Word with an agency's template (`reference`), if any.
    pub fn report_output(
        &mut self,
        report: &Document,
        format: crate::report::Format,
        reference: Option<&docx::Reference>,
    ) -> Result<Vec<u8>, Stop> {
        use crate::report::{Format, formats};
        match format {
            Format::Md => return Ok(formats::markdown(report).into_bytes()),
            Format::Html => return Ok(formats::html_document(report).into_bytes()),
            Format::Json => return Ok(formats::json(report).into_bytes()),
            Format::Csv => return Ok(formats::csv(report).into_bytes()),
            Format::Docx => {
                let settings = docx::Settings {
                    now: self.now,
                    reference,
                };
                return Ok(docx::docx(report, &settings).map_err(Fatal::new)?);
            }
            Format::Typ | Format::Pdf => {}
        }
        let Some(theme) = self.load_theme() else {
            return Err(Stop::Findings);
        };
        let site_file = self.content.site.file;
        if format == Format::Typ {
            let Some((_, id)) = theme.pdf.iter().find(|(n, _)| n == crate::pdf::REPORT) else {
                return Err(Fatal::new("Temaet har ingen pdf/report.typ.".into()).into());
            };
            let text = crate::report::formats::typst(self.sources.text(*id), report);
            return Ok(text.into_bytes());
        }
        let kind = if report.is_interim() {
            "status"
        } else {
            "resultater"
        };
        let result = PdfRenderer::new(
            &theme,
            &self.sources,
            site_file,
            self.now,
            crate::pdf::REPORT,
        )
        .and_then(|r| {
            r.compile(
                &report.pdf_data(),
                format!("mrplan/{kind}/{}", report.year()),
                site_file,
                &report.title(),
            )
            .map(|(bytes, _)| bytes)
        });
        match result {
            Ok(bytes) => Ok(bytes),
            Err(ds) => {
                self.diagnostics.extend(ds);
                Err(Stop::Findings)
            }
        }
    }

    /// Writes the exact Typst input of every PDF a build makes (the theme's
    /// `.typ` files, `data.json` and `MAIN`) to one folder each under `dir`,
    /// so the `typst` CLI can compile the same thing (bench/pdf.sh).
    pub fn typst_sources(&mut self, dir: &Path) -> Result<usize, Fatal> {
        let theme = Theme::load(&self.root, &self.content.site, &mut self.sources)
            .map_err(|_| Fatal::new("Temaet kan ikke indlæses; kør mrplan check.".into()))?;
        let published = publish(&self.content, &self.sources, Drafts::Leave)?;
        let ctx = RenderContext::new(&published, &theme, &self.sources, self.now);
        let docs = crate::pdf::documents(&ctx);
        let mut out = Output::default();
        // Each folder: the theme's .typ files, data.json, and MAIN naming the
        // file to compile (plan.typ, or report.typ for a results section).
        for doc in &docs {
            let folder = doc.path.trim_end_matches(".pdf").replace('/', "-");
            for (name, id) in &theme.pdf {
                out.add(format!("{folder}/{name}"), self.sources.text(*id));
            }
            out.add(format!("{folder}/data.json"), doc.data.to_string());
            out.add(format!("{folder}/MAIN"), doc.main);
        }
        out.stage(dir)?.commit()?;
        Ok(docs.len())
    }
}

#[cfg(feature = "pdf")]
/// The PDF cache for `site`'s build, keyed on this build's world; `None`
/// with `--no-cache`.
fn open_cache(site: &mut Site, theme: &Theme) -> Option<crate::pdf::cache::Cache> {
    use crate::pdf::cache::{Cache, fingerprint};
    let dir = site.pdf_cache.as_ref()?;
    if absolute(dir).starts_with(absolute(&site.root)) {
        crate::err!(
            "advarsel: Pdf-cachen {} ligger i sidens mappe. Alle, der kan ændre siden, kan så lægge pdf'er i den, som bygningen udgiver. Brug en mappe uden for siden (standarden er brugerens egen cache-mappe).",
            dir.display()
        );
    }
    let (sources, now) = (&site.sources, site.now);
    let world = site
        .phases
        .run("pdf-nøgle", || fingerprint(theme, sources, now));
    Some(Cache::open(dir, world))
}

/// Points a broken link at the Markdown that wrote it when we can, else at
/// the built page (`page`, its bytes), added to `sources` for the excerpt.
pub fn broken_link(
    content: &Content,
    sources: &mut Sources,
    page: Option<&[u8]>,
    link: links::BrokenLink,
) -> Diagnostic {
    let message = format!(
        "Linket '{}' på {} peger på en side, der ikke findes.",
        link.href, link.page
    );
    let hint = "Ret linket. Links mellem sider er relative, fx ../../../styrelser/fmi/index.html fra en plan.";
    let bodies = content
        .plans
        .iter()
        .map(|p| (&p.body, p.file))
        .chain(content.agencies.iter().map(|a| (&a.about, a.file)))
        .chain(std::iter::once((&content.site.intro, content.site.file)));
    for (body, file) in bodies {
        let start = body.offset;
        let text = sources.text(file);
        let body_text = text.get(start..).unwrap_or("");
        if let Some(i) = body_text.find(&format!("]({}", link.href)) {
            let span = start + i + 2..start + i + 2 + link.href.len();
            return Diagnostic::error(MRP301, file, span, message)
                .label("linket virker ikke")
                .hint(hint);
        }
    }
    let html = page
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let id = sources.add(format!("(bygget) {}", link.page), html);
    Diagnostic::error(
        MRP301,
        id,
        link.offset..link.offset + link.href.len(),
        message,
    )
    .label("linket virker ikke")
    .hint("Linket kommer fra en skabelon: ret den i templates/ eller themes/.")
}
